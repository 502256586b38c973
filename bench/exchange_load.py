#!/usr/bin/env python3
"""Helpers for bench/exchange_listing.sh.

  exchange_load.py series OUT.json NAME:TOKEN:PATH ...
      (env N=500 WARMUP=50 DBURL SERVERS="label=BASE@PID ...": ours first, then the baseline)
      For each series and server: WARMUP then N sequential keep-alive GETs (http.client); TOKEN
      is a bearer token or a page's `ct_session=...` cookie. Per request:
      the server-side time from the response's `Server-Timing: app;dur=<ms>` header (request
      reaching the app -> response ready, measured by the API's outermost middleware) and the
      client-side round trip (request written -> body read, on loopback). Prints p50/p95/p99
      of both; also the route's crosstalk_http_request_duration_seconds histogram diffed from
      /metrics around the series (bucket bounds only, kept as a cross-check); CPU per request
      of the server process and of the database's PostgreSQL backends (/proc utime+stime).
  exchange_load.py once BASE NAME:TOKEN:PATH ...   one GET each (statement capture)
  exchange_load.py plans LOGFILE OFFSET DBURL OUT.txt
      Statements the API ran (log_min_duration_statement = 0, from byte OFFSET of the
      PostgreSQL log), parameters substituted; each distinct SELECT is run under
      EXPLAIN (ANALYZE, BUFFERS) (not with EXPLAIN=0: statement counts only); prints one
      summary line per statement.
"""
import http.client
import json
import re
import subprocess
import sys
import time
import urllib.parse

METRIC = "crosstalk_http_request_duration_seconds"


def conn_for(base):
    u = urllib.parse.urlparse(base)
    return http.client.HTTPConnection(u.hostname, u.port, timeout=30)


SERVER_TIMING = re.compile(r"(?:^|,)\s*app\s*;(?:[^,]*;)?\s*dur=([\d.]+)")


def get(c, path, token):
    # a page's session cookie (`ct_session=...`) or an API bearer token
    auth = {"Cookie": token} if token.startswith("ct_session=") else {"Authorization": "Bearer " + token}
    c.request("GET", path, headers=auth)
    r = c.getresponse()
    body = r.read()
    return r.status, body, r.getheader("Server-Timing")


def server_ms(header):
    """The `app` duration of a Server-Timing header, in ms (None when absent)."""
    m = SERVER_TIMING.search(header or "")
    return float(m.group(1)) if m else None


def metrics(base):
    c = conn_for(base)
    c.request("GET", "/metrics")
    text = c.getresponse().read().decode()
    c.close()
    out = {}  # route -> {le: count}
    for line in text.splitlines():
        m = re.match(METRIC + r'_bucket\{(.*)\} (\S+)$', line)
        if not m:
            continue
        labels = dict(re.findall(r'(\w+)="([^"]*)"', m.group(1)))
        if labels.get("method") != "GET":
            continue
        out.setdefault(labels["route"], {})[labels["le"]] = float(m.group(2))
    return out


def route_of(path):
    p = path.split("?")[0]
    if p.startswith("/v1/prompts/"):
        return "/v1/prompts/{prompt_id}/posts"
    if "/moderation/queue" in p:
        return "/v1/courses/{course_id}/moderation/queue"
    if p.startswith("/console/courses/"):
        return "/console/courses/{course_id}" + ("/queue" if p.endswith("/queue") else "")
    return p


def count_items(body):
    """Items of a page: `items` of a JSON page, queue items or cohorts of an HTML console page."""
    if body[:1] == b"{":
        return len(json.loads(body).get("items", []))
    text = body.decode("utf-8", "replace")
    return len(re.findall(r'<(?:article|li)[^>]*class="[^"]*queue-item', text)) or text.count('<section class="cohort"')


def hist_quantile(buckets, q):
    """Upper bound of the bucket holding quantile q (Prometheus-style, no interpolation)."""
    items = sorted(((float("inf") if le == "+Inf" else float(le), n) for le, n in buckets.items()))
    total = items[-1][1]
    if total <= 0:
        return None
    for le, n in items:
        if n >= q * total:
            return le
    return float("inf")


def pct(xs, q):
    xs = sorted(xs)
    k = max(0, min(len(xs) - 1, int(round(q * len(xs) + 0.5)) - 1))
    return xs[k]


def proc_cpu_ms(pid):
    """utime + stime of a process, in ms (None if gone)."""
    import os
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) * 1000.0 / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError):
        return None


def cpu_snapshot(pid):
    """CPU time so far of the API process `pid` and of the PostgreSQL backends connected to the
    bench database (env DBURL): load-independent cost per request."""
    import os
    dburl = os.environ.get("DBURL")
    if not pid or not dburl:
        return None
    r = subprocess.run(["psql", "-X", "-At", dburl, "-c",
                        "SELECT pid FROM pg_stat_activity WHERE datname = current_database() "
                        "AND pid <> pg_backend_pid()"], capture_output=True, text=True)
    pg = {}
    for line in r.stdout.split():
        v = proc_cpu_ms(line)
        if v is not None:
            pg[line] = v
    return {"api": proc_cpu_ms(pid) or 0.0, "pg": pg}


def parse_series(args):
    out = []
    for a in args:
        name, token, path = a.split(":", 2)
        out.append((name, token, path))
    return out


def servers():
    """env SERVERS="label=http://127.0.0.1:port@pid ...": the builds to compare, first = ours."""
    import os
    out = []
    for item in os.environ["SERVERS"].split():
        label, rest = item.split("=", 1)
        base, pid = rest.rsplit("@", 1)
        out.append((label, base, pid))
    return out


def run_one(name, base, pid, token, path, n, warm):
    c = conn_for(base)
    for _ in range(warm):
        st, body, _ = get(c, path, token)
        if st != 200:
            sys.exit(f"{name}: HTTP {st} {body[:300]!r}")
    items = count_items(body)
    size = len(body)
    before = metrics(base).get(route_of(path), {})
    load = open("/proc/loadavg").read().split()[0]
    cpu0 = cpu_snapshot(pid)
    lat, srv_lat = [], []
    for _ in range(n):
        t = time.perf_counter()
        st, body, timing = get(c, path, token)
        lat.append((time.perf_counter() - t) * 1000)
        if st != 200:
            sys.exit(f"{name}: HTTP {st} {body[:300]!r}")
        ms = server_ms(timing)
        if ms is None:
            sys.exit(f"{name}: no `Server-Timing: app;dur=` header in the response ({timing!r})")
        srv_lat.append(ms)
    cpu1 = cpu_snapshot(pid)
    after = metrics(base).get(route_of(path), {})
    c.close()
    diff = {le: after.get(le, 0) - before.get(le, 0) for le in after}
    srv = {q: hist_quantile(diff, q) for q in (0.5, 0.95, 0.99)}
    r = {
        "name": name, "path": path, "n": n, "items": items, "bytes": size, "load": float(load),
        "p50": pct(lat, 0.50), "p95": pct(lat, 0.95), "p99": pct(lat, 0.99), "max": max(lat),
        "srv_p50": pct(srv_lat, 0.50), "srv_p95": pct(srv_lat, 0.95), "srv_p99": pct(srv_lat, 0.99),
        "srv_max": max(srv_lat),
        "srv_p50_le": srv[0.5], "srv_p95_le": srv[0.95], "srv_p99_le": srv[0.99],
        "srv_buckets": diff,
    }
    if cpu0 and cpu1:
        r["cpu_api_ms"] = (cpu1["api"] - cpu0["api"]) / n
        r["cpu_pg_ms"] = sum(v - cpu0["pg"].get(k, 0) for k, v in cpu1["pg"].items()) / n
    return r


def cmd_series(out_path, specs):
    """Each series on every server of SERVERS, back to back (the order alternates series by
    series, so neither build always runs first)."""
    import os
    n = int(os.environ.get("N", "500"))
    warm = int(os.environ.get("WARMUP", "50"))
    results = []
    srvs = servers()
    for i, (name, token, path) in enumerate(parse_series(specs)):
        order = srvs if i % 2 == 0 else list(reversed(srvs))
        for label, base, pid in order:
            r = run_one(name, base, pid, token, path, n, warm)
            r["build"] = label
            results.append(r)
            cpu = (f"; CPU/req api {r['cpu_api_ms']:.2f} + pg {r['cpu_pg_ms']:.2f} ms"
                   if "cpu_api_ms" in r else "")
            print(f"  {name} [{label}]: {n} req, {r['items']} items, {r['bytes']} B; server p50 "
                  f"{r['srv_p50']:.3f} p95 {r['srv_p95']:.3f} p99 {r['srv_p99']:.3f} ms; client p50 "
                  f"{r['p50']:.2f} p95 {r['p95']:.2f} ms{cpu}; load {r['load']}", file=sys.stderr)
    with open(out_path, "w") as f:
        json.dump(results, f, indent=1)


def fmt_le(v):
    if v is None:
        return "-"
    if v == float("inf"):
        return "+Inf"
    return f"{v * 1000:g} ms"


def cmd_once(base, specs):
    for name, token, path in parse_series(specs):
        c = conn_for(base)
        st, body, _ = get(c, path, token)
        c.close()
        if st != 200:
            sys.exit(f"{name}: HTTP {st} {body[:300]!r}")


LOG_RE = re.compile(r"^\S+ \S+ UTC \[\d+\] (?:\S+@\S+ )?LOG:  duration: ([\d.]+) ms  (?:execute [^:]*|statement): (.*)$")


def parse_log(text):
    """(duration_ms, sql) of each statement, parameters substituted."""
    lines = text.splitlines()
    out = []
    i = 0
    while i < len(lines):
        m = LOG_RE.match(lines[i])
        if not m:
            i += 1
            continue
        dur, sql = float(m.group(1)), m.group(2)
        i += 1
        while i < len(lines) and lines[i].startswith(("\t", " ")) and not LOG_RE.match(lines[i]):
            sql += "\n" + lines[i].strip()
            i += 1
        params = {}
        if i < len(lines) and "DETAIL:  parameters:" in lines[i]:
            detail = lines[i].split("DETAIL:  parameters:", 1)[1]
            for k, v in re.findall(r"\$(\d+) = ('(?:[^']|'')*'|NULL)", detail):
                params[int(k)] = v
            i += 1
        for k in sorted(params, reverse=True):
            sql = re.sub(r"\$%d(?!\d)" % k, params[k], sql)
        out.append((dur, sql))
    return out


def summarize(plan):
    nodes = re.findall(r"((?:Parallel )?(?:Index Only Scan|Index Scan|Bitmap Index Scan|Seq Scan|Bitmap Heap Scan)"
                       r"(?: Backward)?(?: using \S+)? on \S+|Bitmap Index Scan on \S+)", plan)
    t = re.search(r"Execution Time: ([\d.]+) ms", plan)
    return ", ".join(dict.fromkeys(nodes)), (float(t.group(1)) if t else None)


def cmd_plans(logfile, offset, dburl, out_path):
    with open(logfile, "rb") as f:
        f.seek(int(offset))
        text = f.read().decode("utf-8", "replace")
    stmts = parse_log(text)
    seen = {}
    series, per = None, {}
    for dur, sql in stmts:
        m = re.match(r"SELECT 'bench-marker (\S+)'", sql)
        if m:
            series = m.group(1)
            per[series] = [0, 0.0, {}]
            continue
        if series:
            per[series][0] += 1
            per[series][1] += dur
            t = re.search(r'(?:FROM|INTO) "(\w+)"', sql)
            t = t.group(1) if t else sql.split()[0]
            per[series][2][t] = per[series][2].get(t, 0) + 1
        if not sql.lstrip().upper().startswith("SELECT"):
            continue
        # one EXPLAIN per statement shape; statements on posts once per series (their plans
        # depend on the caller's cohorts)
        key = (series if 'FROM "posts"' in sql else None, re.sub(r"'[^']*'", "?", sql))
        if key not in seen:
            seen[key] = (dur, sql, series)
    print("  statements per request (round trips to PostgreSQL), sum of their logged durations:")
    for name, (n, total, tables) in per.items():
        print(f"    {name}: {n} statements, {total:.2f} ms in PostgreSQL; "
              + ", ".join(f"{t} x{c}" for t, c in tables.items()))
    import os
    if os.environ.get("EXPLAIN", "1") == "0":
        return
    with open(out_path, "w") as out:
        for n, (dur, sql, series) in enumerate(seen.values(), 1):
            r = subprocess.run(["psql", "-X", "-q", "-At", dburl, "-c", "EXPLAIN (ANALYZE, BUFFERS) " + sql],
                               capture_output=True, text=True)
            plan = r.stdout + r.stderr
            scans, exe = summarize(plan)
            tables = re.findall(r'FROM "(\w+)"', sql)
            out.write(f"-- [{n}] {series}: logged {dur:.3f} ms\n{sql}\n\n{plan}\n")
            short = sql if len(sql) < 160 else sql[:157] + "..."
            print(f"  [{n}] {series} {'/'.join(dict.fromkeys(tables))}: logged {dur:.3f} ms, EXPLAIN ANALYZE "
                  f"{exe if exe is not None else '?'} ms; {scans or 'no scan node'}")
            print(f"      {short}")


def main():
    cmd = sys.argv[1]
    if cmd == "series":
        cmd_series(sys.argv[2], sys.argv[3:])
    elif cmd == "once":
        cmd_once(sys.argv[2], sys.argv[3:])
    elif cmd == "plans":
        cmd_plans(*sys.argv[2:6])
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main()
