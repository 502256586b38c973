// Development harness for web/assets/recorder.js without the server's pages: serves a page with
// the recorder mount (as the contract describes it) and forwards the recorder's requests to a
// real `crosstalk serve`, turning the page's cookie + CSRF calls into the API's Bearer calls.
//
// Usage: node harness.mjs --api http://127.0.0.1:8080 --token ctm1... --prompt prm_... [--port 8090]
//        [--min 10] [--max 120] [--csp]
// Then open http://127.0.0.1:PORT/ (a secure context, so the camera works).

import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const assets = path.resolve(here, '../../web/assets');
const CSRF = 'harness-csrf-token';

// As web/i18n/en/main.ftl has them (rec-*), with {min} and {max} as the server fills them.
export const L10N_EN = {
  record: "Record",
  stop: "Stop",
  retake: "Retake",
  send: "Send",
  cancel: "Cancel",
  preview: "Preview",
  switch_camera: "Switch camera",
  camera_front: "Front camera",
  camera_back: "Back camera",
  hide_self_view: "Hide self-view",
  show_self_view: "Show self-view",
  self_view_hidden: "Self-view hidden. You are still being recorded.",
  recording: "Recording",
  time_elapsed: "Time recorded",
  time_limit: "Limit: {max} seconds",
  starting_camera: "Starting the camera…",
  uploading: "Uploading…",
  upload_paused: "Upload paused. It will continue when you are back online.",
  resuming: "Resuming your upload…",
  processing: "Processing…",
  ready: "Your video is ready",
  view_post: "See your post",
  rejected: "Your video was not accepted",
  failed: "Something went wrong on our side",
  retry: "Try again",
  record_again: "Record again",
  pick_file: "Choose a video file",
  or_pick_file: "Or choose a video file",
  no_camera: "No camera is available. You can choose a video file instead.",
  permission_denied: "The camera is blocked. Allow it in your browser settings, or choose a video file.",
  not_supported: "This browser cannot record video. You can choose a video file instead.",
  offline: "You are offline. Your upload will continue when you are back online.",
  online: "You are back online.",
  too_short: "Record at least {min} seconds.",
  too_long: "This video is longer than {max} seconds.",
  max_reached: "You reached the {max} second limit. Recording stopped.",
  error: "Something went wrong. Please try again.",
  text_label: "A few words with your video (optional)",
  sent: "Sent",
  progress: "Progress",
};

export function page({ promptId, min, max }) {
  const l10n = JSON.stringify(L10N_EN).replace(/'/g, '&#39;');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Recorder harness</title>
<script src="/assets/vendor/tus.min.js"></script>
<script type="module" src="/assets/recorder.js"></script></head>
<body><main><h1>Introduce yourself</h1>
<section id="recorder" class="recorder" data-upload-url="/v1/uploads" data-create-url="/prompts/${promptId}/posts"
  data-csrf="${CSRF}" data-min-seconds="${min}" data-max-seconds="${max}" data-l10n='${l10n}'>
<h2>Your answer</h2>
<form method="post" action="/prompts/${promptId}/posts" enctype="multipart/form-data">
<label for="file">Choose a video file</label>
<input id="file" name="file" type="file" accept="video/*" capture="user">
<label for="text">A few words with your video (optional)</label>
<textarea id="text" name="text" rows="2" maxlength="2000"></textarea>
<button type="submit">Send</button></form></section></main></body></html>`;
}

export function startHarness({ api, token, promptId, port = 0, min = 10, max = 120, csp = true }) {
  const apiUrl = new URL(api);
  const forward = (req, res, method, apiPath, body, map) => {
    const headers = { ...req.headers, host: apiUrl.host, authorization: `Bearer ${token}` };
    delete headers.cookie;
    delete headers['x-csrf-token'];
    delete headers.origin;
    if (body !== undefined) headers['content-length'] = String(Buffer.byteLength(body));
    const out = http.request({ host: apiUrl.hostname, port: apiUrl.port, method, path: apiPath, headers }, (r) => {
      if (map) {
        let data = '';
        r.on('data', (c) => { data += c; });
        r.on('end', () => map(r, data));
        return;
      }
      const h = { ...r.headers };
      if (h.location) h.location = `http://${req.headers.host}${new URL(h.location, apiUrl).pathname}`;
      res.writeHead(r.statusCode, h);
      r.pipe(res);
    });
    out.on('error', () => { if (!res.headersSent) res.writeHead(502); res.end(); });
    if (body !== undefined) out.end(body); else req.pipe(out);
    req.on('close', () => { if (!req.complete) out.destroy(); }); // a cut upload is cut upstream too
  };
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, 'http://x');
    const send = (status, type, body) => { res.writeHead(status, { 'content-type': type }); res.end(body); };
    if (url.pathname === '/') {
      const headers = { 'content-type': 'text/html; charset=utf-8' };
      if (csp) {
        headers['content-security-policy'] = "default-src 'self'; script-src 'self'; style-src 'self'; "
          + `img-src 'self' data: blob: ${apiUrl.origin}; media-src 'self' blob: ${apiUrl.origin}; connect-src 'self'`;
      }
      res.writeHead(200, headers);
      return res.end(page({ promptId, min, max }));
    }
    if (url.pathname.startsWith('/assets/')) {
      const file = path.join(assets, path.normalize(url.pathname.slice('/assets/'.length)));
      if (!file.startsWith(assets) || !fs.existsSync(file)) return send(404, 'text/plain', 'not found');
      return send(200, 'text/javascript', fs.readFileSync(file));
    }
    if (url.pathname.startsWith('/v1/uploads')) {
      if (req.method !== 'OPTIONS' && req.headers['x-csrf-token'] !== CSRF) {
        return send(403, 'application/problem+json', JSON.stringify({ code: 'csrf', title: 'CSRF token missing' }));
      }
      return forward(req, res, req.method, url.pathname + url.search);
    }
    let m = url.pathname.match(/^\/prompts\/([^/]+)\/posts$/) || url.pathname.match(/^\/posts\/([^/]+)\/replies$/);
    if (m && req.method === 'POST') {
      if (req.headers['x-csrf-token'] !== CSRF) return send(403, 'application/problem+json', '{"code":"csrf"}');
      let body = '';
      req.on('data', (c) => { body += c; });
      req.on('end', () => forward(req, res, 'POST', `/v1${url.pathname}`, body, (r, data) => {
        if (r.statusCode !== 201) return send(r.statusCode, r.headers['content-type'] || 'text/plain', data);
        const post = JSON.parse(data);
        send(201, 'application/json', JSON.stringify({
          id: post.id, status_url: `/posts/${post.id}/status`, thread_url: `/threads/${post.id}` }));
      }));
      return undefined;
    }
    m = url.pathname.match(/^\/posts\/([^/]+)\/status$/);
    if (m && req.method === 'GET') {
      return forward(req, res, 'GET', `/v1/posts/${m[1]}`, undefined, (r, data) => {
        if (r.statusCode !== 200) return send(r.statusCode, 'application/json', data);
        const v = JSON.parse(data).video || {};
        send(200, 'application/json', JSON.stringify({ status: v.status, progress: v.progress, reason: v.reason,
          reason_text: v.reason_text, playback_url: v.playback_url, poster_url: v.poster_url }));
      });
    }
    return send(404, 'text/plain', 'not found');
  });
  return new Promise((resolve) => server.listen(port, '127.0.0.1', () => resolve(server)));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const arg = (name, dflt) => {
    const i = process.argv.indexOf(`--${name}`);
    return i > 0 ? process.argv[i + 1] : dflt;
  };
  const server = await startHarness({ api: arg('api', 'http://127.0.0.1:8080'), token: arg('token'),
    promptId: arg('prompt'), port: Number(arg('port', 8090)), min: Number(arg('min', 10)),
    max: Number(arg('max', 120)), csp: !process.argv.includes('--no-csp') });
  console.log(`harness on http://127.0.0.1:${server.address().port}/`);
}
