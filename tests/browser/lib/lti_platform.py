"""An LTI 1.3 platform for the browser tests, built on PyPI's `lti1p3platform` (the platform side
of LTI 1.3: registration, OIDC login, signed launches, Deep Linking responses).

It serves, on its own origin (http://localhost:PORT, a different site from the tool on
http://127.0.0.1, so the browser treats the tool's cookies in its frame as third-party and drops
them, as Safari does by default):

  GET  /course?user=ID&name=N&role=learner|instructor[&link=L][&deep=1]
       the course page: the tool in an <iframe>, started by the platform's third-party login
       (with `lti_storage_target=_parent`), and the platform storage of the LTI "Client Side
       postMessages" spec answering `lti.put_data` / `lti.get_data` from the tool's origin only.
       `link=L` launches resource link L (its custom parameters from a deep linking response);
       `deep=1` sends an `LtiDeepLinkingRequest` instead.
  GET  /auth         the OIDC authorization endpoint: a signed id_token auto-posted to the tool
  POST /deep-return  the Deep Linking return URL: the tool's signed response, verified with the
                     tool's JWKS by the library; its ltiResourceLink items become links
  GET  /jwks         the platform's public keys
  POST /token        OAuth2 client credentials: the tool's signed client assertion is verified
                     with the tool's JWKS by the library, which signs the access token
  GET  /memberships  Names and Roles: the context's roster (12 members), 5 a page, Link rel=next
  POST /lineitems/1/lineitem/scores   Assignment and Grade Services: the scores the tool posts
  GET  /state        JSON: links made by deep linking, scores received, errors
  (services are announced in the launches at http://127.0.0.1:PORT, the address the tool calls)

Usage: python3 lti_platform.py PORT TOOL_BASE_URL   (prints "ready" when listening)
"""

import html
import json
import sys
import threading
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from lti1p3platform.ltiplatform import LTI1P3PlatformConfAbstract
from lti1p3platform.message_launch import LTIAdvantageMessageLaunchAbstract
from lti1p3platform.oidc_login import OIDCLoginAbstract
from lti1p3platform.registration import Registration
from lti1p3platform.request import Request

PORT = int(sys.argv[1])
TOOL = sys.argv[2].rstrip("/")
BASE = f"http://localhost:{PORT}"
# Where the tool's server calls the platform's services (its SSRF guard allows loopback here).
SERVICES = f"http://127.0.0.1:{PORT}"
NRPS_SCOPE = "https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly"
SCORE_SCOPE = "https://purl.imsglobal.org/spec/lti-ags/scope/score"
CLIENT_ID = "crosstalk-browser-client"
DEPLOYMENT = "browser-deployment-1"
CONTEXT = {"id": "context-browser-1", "title": "Virtual Exchange in the browser", "label": "VX1"}
LEARNER = "http://purl.imsglobal.org/vocab/lis/v2/membership#Learner"
INSTRUCTOR = "http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor"

_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
PRIVATE_PEM = _key.private_bytes(
    serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
).decode()
PUBLIC_PEM = _key.public_key().public_bytes(
    serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
).decode()

# What the platform knows: users by login hint, links made by deep linking, errors seen.
USERS = {}
LINKS = {}
SCORES = []
ERRORS = []
LOCK = threading.Lock()
# The context's roster as Names and Roles serves it: the users who launched, and ten others.
ROSTER = [
    {"user_id": f"roster-{i:02d}", "name": f"Roster Learner {i:02d}", "email": f"roster-{i:02d}@example.org",
     "status": "Active", "roles": [LEARNER]}
    for i in range(1, 11)
]


def registration():
    return (
        Registration()
        .set_iss(BASE)
        .set_client_id(CLIENT_ID)
        .set_deployment_id(DEPLOYMENT)
        .set_oidc_login_url(f"{TOOL}/lti/login")
        .set_launch_url(f"{TOOL}/lti/launch")
        .set_deeplink_launch_url(f"{TOOL}/lti/launch")
        .set_tool_key_set_url(f"{TOOL}/lti/jwks")
        .set_platform_public_key(PUBLIC_PEM)
        .set_platform_private_key(PRIVATE_PEM)
    )


class Conf(LTI1P3PlatformConfAbstract):
    def init_platform_config(self, **kwargs):
        pass

    def get_registration_by_params(self, **kwargs):
        return registration()


class Req(Request):
    def build_metadata(self, request):
        return request


class Login(OIDCLoginAbstract):
    def set_lti_message_hint(self, **kwargs):
        self._lti_message_hint = kwargs["hint"]

    def get_redirect(self, url):
        return url


class Launch(LTIAdvantageMessageLaunchAbstract):
    def render_launch_form(self, launch_data, **kwargs):
        fields = "".join(
            f'<input type="hidden" name="{k}" value="{html.escape(v)}">'
            for k, v in (("id_token", launch_data["id_token"]), ("state", launch_data["state"]))
        )
        return (
            "<!doctype html><title>Launching</title>"
            f'<form id="f" method="post" action="{html.escape(launch_data["launch_url"])}">{fields}</form>'
            "<script>document.getElementById('f').submit()</script>"
        )


def course_page(q):
    user, role = q["user"], q.get("role", "learner")
    hint = f"{user}|{q.get('link', '')}|{q.get('deep', '')}"
    with LOCK:
        USERS[user] = {"name": q.get("name", user), "role": role}
        if not any(m["user_id"] == user for m in ROSTER):
            ROSTER.append({"user_id": user, "name": q.get("name", user), "email": f"{user}@example.org",
                           "status": "Active", "roles": [INSTRUCTOR if role == "instructor" else LEARNER]})
    login = Login(Req({"get_data": {}, "form_data": {}}), Conf())
    login.set_lti_message_hint(hint=hint)
    preflight = login.prepare_preflight_url(hint) + "&lti_storage_target=_parent"
    tool_origin = urllib.parse.urlsplit(TOOL)
    tool_origin = f"{tool_origin.scheme}://{tool_origin.netloc}"
    # The platform storage: the tool's frame keeps and reads values here (origin-checked).
    script = """
window.ltiStorageLog = [];
const store = new Map();
window.addEventListener('message', (e) => {
  const m = e.data;
  if (e.origin !== TOOL_ORIGIN || !m || typeof m !== 'object') return;
  window.ltiStorageLog.push({ subject: m.subject, key: m.key });
  if (m.subject === 'lti.put_data') {
    store.set(m.key, m.value);
    e.source.postMessage({ subject: 'lti.put_data.response', message_id: m.message_id, key: m.key, value: m.value }, e.origin);
  } else if (m.subject === 'lti.get_data') {
    const reply = { subject: 'lti.get_data.response', message_id: m.message_id, key: m.key };
    if (store.has(m.key)) reply.value = store.get(m.key);
    else reply.error = { code: 'key_not_found', message: 'no such key' };
    e.source.postMessage(reply, e.origin);
  }
});
""".replace("TOOL_ORIGIN", json.dumps(tool_origin))
    return (
        '<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>Course: '
        f'{html.escape(CONTEXT["title"])}</title></head><body><h1>{html.escape(CONTEXT["title"])}</h1>'
        f"<script>{script}</script>"
        f'<iframe name="tool" title="Crosstalk" src="{html.escape(preflight)}" '
        'style="width:100%;height:600px;border:1px solid #888"></iframe></body></html>'
    )


def auth(q):
    user, link, deep = q["login_hint"].split("|")
    who = USERS[user]
    launch = Launch(Req({"get_data": q, "form_data": {}}), Conf())
    roles = [INSTRUCTOR] if who["role"] == "instructor" else [LEARNER]
    launch.set_user_data(user, roles, full_name=who["name"], email_address=f"{user}@example.org")
    launch.set_launch_context_claim(
        CONTEXT["id"], context_title=CONTEXT["title"], context_label=CONTEXT["label"]
    )
    launch.set_launch_presentation_claim(document_target="iframe")
    launch.set_nrps(f"{SERVICES}/memberships")
    launch.set_ags(f"{SERVICES}/lineitems", lineitem_url=f"{SERVICES}/lineitems/1/lineitem")
    if deep:
        launch.set_dl(f"{BASE}/deep-return", title="Add a Crosstalk prompt", accept_types={"ltiResourceLink"})
    else:
        launch.set_resource_link_claim(link or "plain-link", title="Crosstalk")
        with LOCK:
            custom = LINKS.get(link, {}).get("custom")
        if custom:
            launch.set_custom_parameters_claim(custom)
    return launch.lti_launch()


def deep_return(form):
    conf = Conf()
    conf.get_registration()
    try:
        items = conf.validate_deeplinking_resp({"JWT": form["JWT"]})
    except Exception as e:  # noqa: BLE001 - reported to the test through /state
        with LOCK:
            ERRORS.append(repr(e))
        return "<!doctype html><title>Refused</title><p>refused</p>"
    with LOCK:
        for item in items:
            link_id = f"link-{len(LINKS) + 1}"
            LINKS[link_id] = {"title": item.get("title"), "url": item.get("url"), "custom": item.get("custom")}
    return "<!doctype html><title>Added</title><p id=added>Added to the course</p>"


def bearer_ok(headers, scope):
    """Whether the request carries an access token this platform issued with `scope`."""
    auth = headers.get("Authorization", "")
    if not auth.startswith("Bearer "):
        return False
    conf = Conf()
    conf.get_registration()
    try:
        return conf.validate_token(auth[len("Bearer "):], allowed_scopes=[scope])
    except Exception as e:  # noqa: BLE001 - a refused token is reported to the test
        with LOCK:
            ERRORS.append(f"token: {e!r}")
        return False


def memberships(q):
    page = int(q.get("page", "0"))
    with LOCK:
        members = list(ROSTER)
    body = {"id": f"{SERVICES}/memberships", "context": CONTEXT, "members": members[page * 5:(page + 1) * 5]}
    link = f'<{SERVICES}/memberships?page={page + 1}>; rel="next"' if len(members) > (page + 1) * 5 else None
    return json.dumps(body), link


class Handler(BaseHTTPRequestHandler):
    def log_message(self, fmt, *args):
        sys.stderr.write("platform: " + fmt % args + "\n")

    def send(self, body, ctype="text/html; charset=utf-8", status=200):
        b = body.encode()
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(b)))
        self.end_headers()
        self.wfile.write(b)

    def do_GET(self):
        u = urllib.parse.urlsplit(self.path)
        q = dict(urllib.parse.parse_qsl(u.query))
        try:
            if u.path == "/course":
                return self.send(course_page(q))
            if u.path == "/auth":
                return self.send(auth(q))
            if u.path == "/jwks":
                conf = Conf()
                conf.get_registration()
                return self.send(json.dumps(conf.get_jwks()), "application/json")
            if u.path == "/state":
                with LOCK:
                    return self.send(json.dumps({"links": LINKS, "scores": SCORES, "errors": ERRORS}), "application/json")
            if u.path == "/memberships":
                if not bearer_ok(self.headers, NRPS_SCOPE):
                    return self.send("unauthorized", status=401)
                body, link = memberships(q)
                b = body.encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/vnd.ims.lti-nrps.v2.membershipcontainer+json")
                if link:
                    self.send_header("Link", link)
                self.send_header("Content-Length", str(len(b)))
                self.end_headers()
                self.wfile.write(b)
                return None
        except Exception as e:  # noqa: BLE001 - a test server: say what broke
            with LOCK:
                ERRORS.append(repr(e))
            return self.send(f"platform error: {html.escape(repr(e))}", status=500)
        self.send("not found", status=404)

    def do_POST(self):
        u = urllib.parse.urlsplit(self.path)
        n = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(n).decode()
        if u.path == "/lineitems/1/lineitem/scores":
            if not bearer_ok(self.headers, SCORE_SCOPE):
                return self.send("unauthorized", status=401)
            with LOCK:
                SCORES.append(json.loads(raw))
            return self.send("", "text/plain")
        form = dict(urllib.parse.parse_qsl(raw))
        if u.path == "/deep-return":
            return self.send(deep_return(form))
        if u.path == "/token":
            conf = Conf()
            conf.get_registration()
            try:
                return self.send(json.dumps(conf.get_access_token(form)), "application/json")
            except Exception as e:  # noqa: BLE001 - a refused assertion is a 400 and reported
                with LOCK:
                    ERRORS.append(f"token request: {e!r}")
                return self.send(json.dumps({"error": "invalid_client"}), "application/json", status=400)
        self.send("not found", status=404)


if __name__ == "__main__":
    server = ThreadingHTTPServer(("127.0.0.1", PORT), Handler)
    print(json.dumps({"ready": True, "issuer": BASE, "client_id": CLIENT_ID, "deployment_id": DEPLOYMENT}), flush=True)
    server.serve_forever()
