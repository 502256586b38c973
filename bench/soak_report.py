"""The report of bench/soak.py: error rates, latency percentiles, RSS series, CPU, the drain of
the job queue and the nothing-lost checks (read from PostgreSQL with psql)."""
import subprocess
import time

# 4xx answers that a member's race explains (the post was hidden, removed or decided meanwhile,
# or flagged twice): counted apart, not as errors. 429 (a rate limit) is shown apart too.
EXPECTED_4XX = {
    "flag_create": {404, 409, 422},
    "decision": {404, 409, 422},
    "reply_create": {404, 409, 422},
    "post_get": {404},
}


def classify(ep, st):
    if isinstance(st, int) and 200 <= st < 300:
        return "ok"
    if st == 429:
        return "limited"
    if isinstance(st, int) and st in EXPECTED_4XX.get(ep, ()):
        return "expected"
    return "error"


def pct(xs, q):
    xs = sorted(xs)
    return xs[max(0, min(len(xs) - 1, int(round(q * len(xs) + 0.5)) - 1))] if xs else float("nan")


def psql(env, sql):
    r = subprocess.run(["psql", "-X", "-At", "-F", "\t", env["DBURL"], "-c", sql], capture_output=True, text=True)
    if r.returncode != 0:
        return [["psql error: " + r.stderr.strip()[:200]]]
    return [line.split("\t") for line in r.stdout.splitlines() if line]


def inside(t, windows, grace):
    return any(a <= t <= b + grace for _, a, b, *_ in windows)


def rates(log, windows, grace, want_inside):
    n = err = 0
    by = {}
    for ep, st, t, _ in log:
        if bool(windows) and inside(t, windows, grace) != want_inside:
            continue
        n += 1
        if classify(ep, st) == "error":
            err += 1
            by[(ep, st)] = by.get((ep, st), 0) + 1
    return n, err, by


def report(env, log, series, windows, ledger, cpu0, cpu1, traffic_end, pre_posts):
    grace = float(env.get("OUTAGE_GRACE", "10"))
    print(f"\n== traffic: {len(log)} requests in {traffic_end:.0f} s ({len(log) / traffic_end:.1f} req/s), "
          f"{env.get('MEMBERS', '50')} members")
    print(f"{'endpoint':<15} {'n':>6} {'2xx':>6} {'exp4xx':>6} {'429':>5} {'errors':>6}  "
          f"{'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'max ms':>8}  statuses")
    for ep in sorted({e for e, *_ in log}):
        rows = [r for r in log if r[0] == ep]
        cls = [classify(ep, st) for _, st, _, _ in rows]
        lat = [ms for _, st, _, ms in rows if isinstance(st, int)]
        sts = {}
        for _, st, _, _ in rows:
            sts[st] = sts.get(st, 0) + 1
        print(f"{ep:<15} {len(rows):>6} {cls.count('ok'):>6} {cls.count('expected'):>6} {cls.count('limited'):>5} "
              f"{cls.count('error'):>6}  {pct(lat, .5):>8.1f} {pct(lat, .95):>8.1f} {pct(lat, .99):>8.1f} "
              f"{max(lat or [0]):>8.1f}  {dict(sorted(sts.items(), key=str))}")
    if windows:
        for name, a, b, rc, err in windows:
            print(f"outage: {name} from t={a:.1f} s to t={b:.1f} s (command rc {rc}{', ' + err if err else ''})")
        print(f"(inside = from an outage's start to {grace:.0f} s after its end)")
    for label, want in (("outside outages", False), ("inside outages", True)) if windows else (("all", False),):
        n, err, by = rates(log, windows, grace, want)
        print(f"error rate {label}: {err}/{n} = {100.0 * err / max(n, 1):.3f} %"
              + (f"; by endpoint/status: {dict(sorted(by.items(), key=str))}" if by else ""))
    if windows or env.get("SHOW_ERROR_TIMES") == "1":
        errs = [(round(t, 1), ep, st) for ep, st, t, _ in log if classify(ep, st) == "error"]
        if errs:
            print(f"error times (first 15 of {len(errs)}): {errs[:15]}")

    print("\n== RSS (MB, every 5 s)")
    warm = float(env.get("WARMUP_S", "60"))
    for name in ("serve", "worker"):
        vals = [(t, s[name]) for t, s in series if s.get(name) is not None]
        print(f"{name}: " + " ".join(f"{v:.0f}" for _, v in vals))
        after = [v for t, v in vals if t >= warm]
        if len(after) >= 4:
            k = max(2, len(after) // 6)
            first, last = sum(after[:k]) / k, sum(after[-k:]) / k
            print(f"  {name}: first {vals[0][1]:.0f} MB, max {max(v for _, v in vals):.0f} MB; after {warm:.0f} s warm-up: "
                  f"mean of first {k} samples {first:.1f} MB -> last {k} samples {last:.1f} MB "
                  f"(growth {last - first:+.1f} MB, {100 * (last - first) / first:+.1f} %)")
    print("CPU seconds used during the traffic: " + ", ".join(
        f"{n} {cpu1[n] - cpu0[n]:.1f} s ({100 * (cpu1[n] - cpu0[n]) / traffic_end:.0f} % of one core)"
        for n in cpu0 if cpu0[n] is not None and cpu1[n] is not None))

    drain = float(env.get("DRAIN_S", "300"))
    t = time.monotonic()
    while time.monotonic() - t < drain:
        left = psql(env, "SELECT (SELECT count(*) FROM jobs WHERE state NOT IN ('done','dead')) + "
                         "(SELECT count(*) FROM videos WHERE status NOT IN ('ready','rejected','failed'))")
        if left and left[0][0] == "0":
            break
        time.sleep(2)
    print(f"\n== after the traffic: drained in {time.monotonic() - t:.0f} s (limit {drain:.0f} s)")
    for title, sql in (
        ("jobs by kind/state", "SELECT kind, state, count(*) FROM jobs GROUP BY 1, 2 ORDER BY 1, 2"),
        ("deliveries by channel/state", "SELECT channel, state, count(*) FROM deliveries GROUP BY 1, 2 ORDER BY 1, 2"),
        ("videos by status", "SELECT status, count(*) FROM videos GROUP BY 1 ORDER BY 1"),
        ("posts by state", "SELECT state, count(*) FROM posts GROUP BY 1 ORDER BY 1"),
        ("uploads by state", "SELECT state, count(*) FROM uploads GROUP BY 1 ORDER BY 1"),
    ):
        print(f"{title}: " + ", ".join("/".join(r[:-1]) + f"={r[-1]}" for r in psql(env, sql)))
    dead = psql(env, "SELECT kind, left(coalesce(last_error, ''), 160) FROM jobs WHERE state <> 'done' LIMIT 5")
    if dead:
        print(f"jobs not done (first 5): {dead}")

    acked = {u: v for u, v in ledger.items() if v["acked"]}
    with_post = {u: v["post"] for u, v in acked.items() if v["post"]}
    db_videos = {r[0]: r[1:] for r in psql(env, "SELECT v.upload_id, v.post_id, v.status, p.state FROM videos v "
                                                  "JOIN posts p ON p.video_id = v.id")}
    missing = [u for u, p in with_post.items() if u not in db_videos or db_videos[u][0] != p]
    not_ready = [(u, db_videos[u][1]) for u in with_post if u in db_videos and db_videos[u][1] != "ready"]
    dups = psql(env, "SELECT upload_id, count(*) FROM videos GROUP BY 1 HAVING count(*) > 1")
    known = set(with_post.values())
    unknown = [r for r in psql(env, "SELECT id FROM posts") if r[0] not in known and r[0] not in pre_posts]
    no_post = {u: v["last"] for u, v in acked.items() if not v["post"]}
    raced = {u: st for u, st in no_post.items() if isinstance(st, int) and 400 <= st < 500}
    no_post = {u: st for u, st in no_post.items() if u not in raced}
    print("\n== nothing lost?")
    print(f"uploads started {len(ledger)}, acknowledged (final PATCH 204) {len(acked)}, "
          f"posted (201) {len(with_post)}; not acknowledged: {len(ledger) - len(acked)} "
          f"(last status: {sorted({str(v['last']) for v in ledger.values() if not v['acked']})}); "
          f"acknowledged but refused with a 4xx when posted (a reply to a post hidden meanwhile): {len(raced)} "
          f"{sorted(set(map(str, raced.values())))}")
    checks = [
        ("every posted upload has its post and video in the database", not missing, f"{len(missing)} missing: {missing[:5]}"),
        ("every posted video is ready", not not_ready, f"{len(not_ready)} not ready: {not_ready[:5]}"),
        ("no acknowledged upload left unposted by a 5xx/connection error (retried for 90 s)", not no_post,
         f"{len(no_post)} without a post, last status {sorted(set(map(str, no_post.values())))}"),
        ("no upload became two posts", not dups, f"{dups[:5]}"),
        ("no post the client did not get a 201 for", not unknown, f"{len(unknown)} unknown posts: {unknown[:5]}"),
        ("every job finished (done)", not dead, f"{dead}"),
    ]
    for name, ok, detail in checks:
        print(f"  {'PASS' if ok else 'FAIL'}  {name}" + ("" if ok else f": {detail}"))
