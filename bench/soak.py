#!/usr/bin/env python3
"""Traffic driver of bench/soak.sh (stdlib only).

  soak.py setup   -> prints JSON {course, prompt, members: [{ext, role, token}]} (50 members)
  soak.py run     -> DURATION s of mixed traffic from every member, RSS/CPU sampling, the optional
                     outages, then the drain and the nothing-lost checks; report on stdout.

Everything comes from the environment that soak.sh sets (BASE, TEAM_KEY, COURSE, PROMPT, ...).
"""
import http.client
import json
import os
import random
import subprocess
import sys
import threading
import time
import urllib.parse
import uuid

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from soak_report import psql, report  # noqa: E402

ENV = os.environ
BASE = urllib.parse.urlparse(ENV.get("BASE", "http://127.0.0.1:8080"))
T0 = time.monotonic()
LOG = []  # (endpoint, status or "conn", t_rel_s, latency_ms)
LOG_LOCK = threading.Lock()
STOP = threading.Event()
STALE = [0]  # requests sent again after a kept-alive connection turned out closed


class Client:
    """One keep-alive connection per simulated member; reconnects after an error."""

    def __init__(self, token):
        self.token, self.c, self.mid = token, None, None  # mid: the member's id, from its first post
        self.pool = []

    def req(self, ep, method, path, body=None, headers=None, timeout=30):
        h = {"Authorization": "Bearer " + self.token, **(headers or {})}
        if isinstance(body, (dict, list)):
            body, h["Content-Type"] = json.dumps(body).encode(), "application/json"
        t = time.monotonic()
        for attempt in (0, 1):
            reused = self.c is not None
            try:
                if self.c is None:
                    self.c = http.client.HTTPConnection(BASE.hostname, BASE.port, timeout=timeout)
                self.c.request(method, path, body=body, headers=h)
                r = self.c.getresponse()
                data = r.read()
                st, hdr = r.status, dict((k.lower(), v) for k, v in r.getheaders())
                if hdr.get("connection", "").lower() == "close":
                    self.close()
                break
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError) as e:
                # The server closed an idle keep-alive connection as the request went out (actix's
                # keep-alive is 5 s, the think time up to THINK_MAX s): an HTTP client sends it again
                # on a new connection. Counted in STALE, never retried on a fresh connection.
                self.close()
                st, data, hdr = "conn", str(e).encode(), {}
                if not reused or attempt:
                    break
                with LOG_LOCK:
                    STALE[0] += 1
            except (OSError, http.client.HTTPException) as e:
                self.close()
                st, data, hdr = "conn", str(e).encode(), {}
                break
        if ep:
            with LOG_LOCK:
                LOG.append((ep, st, t - T0, (time.monotonic() - t) * 1000))
        return st, data, hdr

    def close(self):
        if self.c is not None:
            self.c.close()
        self.c = None


def team_req(method, path, body=None):
    st, data, _ = Client(ENV["TEAM_KEY"]).req(None, method, path, body)
    if not (isinstance(st, int) and 200 <= st < 300):
        sys.exit(f"setup: {method} {path} -> {st} {data[:300]!r}")
    return json.loads(data) if data else None


def setup():
    course, prompt = ENV["COURSE"], ENV["PROMPT"]
    demo = json.load(open(ENV["DEMO_JSON"]))
    team_req("PATCH", f"/v1/prompts/{prompt}", {"min_seconds": 1})  # the short fixtures qualify
    extra = int(ENV.get("MEMBERS", "50")) - len(demo["members"])
    new = [f"soak-{i:02d}" for i in range(extra)]
    team_req("PUT", f"/v1/courses/{course}/members", {"members": [
        {"external_id": e, "role": "learner", "display_name": f"Soak Learner {e[5:]}",
         "email": f"{e}@soak.example.org", "country": "FR", "languages": ["en"]} for e in new]})
    cohorts = {c["name"]: c["id"] for c in team_req("GET", f"/v1/courses/{course}/cohorts?limit=100")["items"]}
    for i, c in enumerate(demo["cohorts"]):
        ids = c["learners"] + [c["facilitator"]] + new[i::len(demo["cohorts"])]
        team_req("PUT", f"/v1/cohorts/{cohorts[c['name']]}/members", {"external_ids": ids})
    members = []
    for m in demo["members"] + [{"external_id": e, "role": "learner"} for e in new]:
        tok = team_req("POST", f"/v1/courses/{course}/members/{m['external_id']}/tokens", {})["token"]
        members.append({"ext": m["external_id"], "role": m["role"], "token": tok})
    print(json.dumps({"course": course, "prompt": prompt, "members": members}))


# --- shared state of the run -------------------------------------------------------------
LEDGER = {}  # upload_id -> {"acked": bool, "post": post_id|None, "last": status}
LEDGER_LOCK = threading.Lock()
CLIPS = ENV.get("CLIPS", "").split()


def remember(cl, items):
    """The visible posts of the member's own listing (a learner sees only its cohort's threads),
    for its replies, reads and flags."""
    cl.pool = [(p["id"], p["author"]["id"], p["depth"]) for t in items for p in [t] + t.get("replies", [])
               if p.get("state") == "visible"]


def pick(cl, max_depth=None):
    cands = [p for p in cl.pool if p[1] != cl.mid and (max_depth is None or p[2] < max_depth)]
    return random.choice(cands) if cands else None


def retrying(fn, budget_s=90):
    """Calls fn() until it returns a 2xx/4xx status, backing off 1, 2, 4, 5, 5 ... s (a client's
    retry on 5xx and connection errors, bounded in time)."""
    end = time.monotonic() + budget_s
    delay = 1
    while True:
        st, data, hdr = fn()
        if isinstance(st, int) and st < 500:
            return st, data, hdr
        if time.monotonic() + delay > end:
            return st, data, hdr
        time.sleep(delay)
        delay = min(delay * 2, 5)


def upload(cl):
    clip = random.choice(CLIPS)
    size = os.path.getsize(clip)
    tus = {"Tus-Resumable": "1.0.0"}
    st, data, hdr = retrying(lambda: cl.req("upload_create", "POST", "/v1/uploads", headers={**tus, "Upload-Length": str(size)}))
    if st != 201:
        return None
    loc = urllib.parse.urlparse(hdr["location"]).path
    uid = loc.rsplit("/", 1)[1]
    with LEDGER_LOCK:
        LEDGER[uid] = {"acked": False, "post": None, "last": None}
    body = open(clip, "rb").read()
    offset, end, delay = 0, time.monotonic() + 120, 1
    while True:
        st, data, hdr = cl.req("upload_patch", "PATCH", loc, body=body[offset:], headers={
            **tus, "Content-Type": "application/offset+octet-stream", "Upload-Offset": str(offset)})
        if st == 204 and int(hdr.get("upload-offset", -1)) == size:
            break
        if isinstance(st, int) and 400 <= st < 500 and st not in (409, 423):
            LEDGER[uid]["last"] = st
            return None
        if time.monotonic() > end:
            LEDGER[uid]["last"] = st
            return None
        time.sleep(delay)
        delay = min(delay * 2, 5)
        st, data, hdr = cl.req("upload_head", "HEAD", loc, headers=tus)  # resume where the server is
        if st == 200:
            offset = int(hdr.get("upload-offset", 0))
            if offset == size:
                break
    LEDGER[uid]["acked"] = True
    return uid


def publish(cl, me, prompt, reply_to):
    uid = upload(cl)
    if uid is None:
        return
    key = str(uuid.uuid4())
    body = {"upload_id": uid, "text": f"soak {me}"}
    if reply_to:
        ep, path = "reply_create", f"/v1/posts/{reply_to}/replies"
    else:
        ep, path = "post_create", f"/v1/prompts/{prompt}/posts"
    st, data, _ = retrying(lambda: cl.req(ep, "POST", path, body=body, headers={"Idempotency-Key": key}))
    LEDGER[uid]["last"] = st
    if st == 201:
        post = json.loads(data)
        LEDGER[uid]["post"], cl.mid = post["id"], post["author"]["id"]


REASONS = ["offensive", "spam", "off_topic", "privacy", "other"]
UPLOAD = float(ENV.get("UPLOAD_PCT", "1.2")) / 100  # share of a learner's actions that upload a clip


def learner(m, prompt, deadline):
    cl, me = Client(m["token"]), m["ext"]
    while time.monotonic() < deadline and not STOP.is_set():
        r = random.random()
        if r < 0.40:
            st, data, _ = cl.req("threads_list", "GET", f"/v1/prompts/{prompt}/posts?limit=20")
            if st == 200:
                remember(cl, json.loads(data)["items"])
        elif r < 0.55:
            p = pick(cl)
            if p:
                cl.req("post_get", "GET", f"/v1/posts/{p[0]}")
        elif r < 0.65:
            cl.req("my_posts", "GET", "/v1/me/posts?limit=20")
        elif r < 0.65 + UPLOAD * 0.6:
            publish(cl, me, prompt, None)
        elif r < 0.65 + UPLOAD:
            p = pick(cl, max_depth=2)
            if p:
                publish(cl, me, prompt, p[0])
        elif r < 0.68 + UPLOAD:
            p = pick(cl)
            if p:
                cl.req("flag_create", "POST", f"/v1/posts/{p[0]}/flags",
                       body={"reason": random.choice(REASONS), "note": "soak"},
                       headers={"Idempotency-Key": str(uuid.uuid4())})
        else:
            cl.req("prompt_get", "GET", f"/v1/prompts/{prompt}")
        time.sleep(random.uniform(0.5, float(ENV.get("THINK_MAX", "4"))))
    cl.close()


def facilitator(m, course, prompt, deadline):
    cl = Client(m["token"])
    while time.monotonic() < deadline and not STOP.is_set():
        r = random.random()
        if r < 0.5:
            st, data, _ = cl.req("queue_list", "GET", f"/v1/courses/{course}/moderation/queue?limit=20")
            if st == 200:
                items = json.loads(data)["items"]
                if items and random.random() < 0.7:
                    it = random.choice(items)
                    action = random.choices(["approve", "hide", "remove"], [7, 2, 1])[0]
                    cl.req("decision", "POST", f"/v1/posts/{it['post']['id']}/moderation",
                           body={"action": action, "reason": f"soak: {action}"})
        else:
            st, data, _ = cl.req("threads_list", "GET", f"/v1/prompts/{prompt}/posts?limit=20")
            if st == 200:
                remember(cl, json.loads(data)["items"])
        time.sleep(random.uniform(0.5, float(ENV.get("THINK_MAX", "4"))))
    cl.close()


# --- processes: RSS, CPU, outages --------------------------------------------------------
def rss_mb(pid):
    try:
        for line in open(f"/proc/{pid}/status"):
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        return None


def cpu_s(pid):
    try:
        f = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
        return (int(f[11]) + int(f[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError):
        return None


def sampler(pids, series):
    while not STOP.is_set():
        series.append((time.monotonic() - T0, {n: rss_mb(p) for n, p in pids.items()}))
        STOP.wait(5)


def outages(duration, windows):
    """One PostgreSQL restart at 35 % of the run, one 20 s S3 outage at 60 %."""
    def at(frac):
        STOP.wait(max(0, T0 + frac * duration - time.monotonic()))
        return not STOP.is_set()

    if at(0.35):
        t = time.monotonic() - T0
        r = subprocess.run(["pg_ctlcluster", *ENV["PG_CLUSTER"].split(), "restart"], capture_output=True, text=True)
        windows.append(("postgres restart", t, time.monotonic() - T0, r.returncode, r.stderr.strip()[:200]))
    if at(0.60):
        t = time.monotonic() - T0
        subprocess.run(["bash", "-c", ENV["S3_STOP"]], check=False)
        STOP.wait(20)
        r = subprocess.run(["bash", "-c", ENV["S3_START"]], capture_output=True, text=True)
        windows.append(("s3 down 20 s", t, time.monotonic() - T0, r.returncode, r.stderr.strip()[:200]))


def run():
    cfg = json.load(open(ENV["SETUP_JSON"]))
    duration = float(ENV.get("DURATION", "600"))
    pids = {"serve": int(ENV["SERVE_PID"]), "worker": int(ENV["WORKER_PID"])}
    pre_posts = {r[0] for r in psql(ENV, "SELECT id FROM posts")}
    cpu0 = {n: cpu_s(p) for n, p in pids.items()}
    series, windows = [], []
    deadline = T0 + duration
    threads = [threading.Thread(target=sampler, args=(pids, series), daemon=True)]
    for m in cfg["members"]:
        if m["role"] == "facilitator":
            threads.append(threading.Thread(target=facilitator, args=(m, cfg["course"], cfg["prompt"], deadline)))
        else:
            threads.append(threading.Thread(target=learner, args=(m, cfg["prompt"], deadline)))
    if ENV.get("OUTAGES") == "1":
        threads.append(threading.Thread(target=outages, args=(duration, windows), daemon=True))
    for t in threads:
        t.start()
        time.sleep(0.02)
    for t in threads[1:]:
        if t.daemon:
            continue
        t.join()
    traffic_end = time.monotonic() - T0
    cpu1 = {n: cpu_s(p) for n, p in pids.items()}
    STOP.set()
    print(f"stale keep-alive connections (request sent again on a new connection): {STALE[0]}")
    report(ENV, LOG, series, windows, LEDGER, cpu0, cpu1, traffic_end, pre_posts)


if __name__ == "__main__":
    {"setup": setup, "run": run}[sys.argv[1]]()
