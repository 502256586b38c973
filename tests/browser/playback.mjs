// Headless-Chromium playback check of `crosstalk transcode` output (issue 3's "plays upright
// in Chromium").
//
// Usage: node playback.mjs OUT_DIR FIXTURES_DIR
//   OUT_DIR holds one sub-directory per good fixture (named after the fixture file), each with
//   video.mp4, poster.jpg, poster.webp, thumb.jpg and result.json (the --json output), as
//   written by run.sh. FIXTURES_DIR is only listed, to make sure every good fixture has an
//   expectation below.
//
// For every clip it serves OUT_DIR on 127.0.0.1 (a tiny static server with Range support, as a
// real CDN would), opens a page in headless Chromium and asserts:
//   - the video loads and plays muted: readyState >= 2, no media error, and currentTime passes
//     0.5 s (or `ended` fires);
//   - videoWidth/videoHeight equal the JSON metadata, the orientation (and, where
//     fixtures/media/README.md states them, the exact dimensions) are as expected;
//   - audio was decoded when the JSON says has_audio (webkitAudioDecodedByteCount > 0);
//   - the picture is upright: a frame drawn to a canvas has the red band (drawn on the top
//     eighth of every *stored* source frame by fixtures/media/make.sh) on the expected side
//     and on no other side;
//   - poster.jpg, poster.webp and thumb.jpg decode in the browser, have the video's
//     orientation and aspect ratio, and the band on the same side.
// Exits 1 with one line per failure.

import { chromium } from 'playwright-core';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';

// Expectations, from fixtures/media/README.md and make.sh.
//   band: side of the *displayed* picture where the red band must be. make.sh draws it on the
//         top eighth of every stored frame (drawbox h=ih/8); null: no band in the source.
//   bar:  side where testsrc2's red colour bar must be. testsrc2 (the source of most clips)
//         draws six full-height colour bars, red first, so the stored frame has a red bar on
//         its left sixth. Band and bar are on adjacent sides, so together they fix the
//         orientation completely (a mirrored or wrongly rotated picture fails); null: the
//         source is not testsrc2 (smptehdbars) or the bar is hidden (long_12s: no band, tiny).
//   The display matrix turns the stored top/left to: rot90 (iPhone, -90 matrix = 90 degrees
//   clockwise) -> right/top; rot180 -> bottom/right.
//   dims: exact output size where the README states it. audio: false where there is none.
const EXPECT = {
  'iphone_hevc_rot90.mov': { orient: 'portrait', band: 'right', bar: 'top', dims: [360, 640] },
  'hdr_hlg_hevc10.mov': { orient: 'landscape', band: 'top', bar: 'left' },
  'hdr_pq_hevc10.mp4': { orient: 'landscape', band: 'top', bar: 'left', audio: false },
  'h264_rot180.mp4': { orient: 'landscape', band: 'bottom', bar: 'right', dims: [640, 360] },
  'compliant_720p.mp4': { orient: 'landscape', band: 'top', bar: 'left', dims: [1280, 720] },
  'compliant_720p_quiet_audio.mp4': { orient: 'landscape', band: 'top', bar: 'left', dims: [1280, 720] },
  'compliant_720p_10s.mp4': { orient: 'landscape', band: 'top', bar: 'left', dims: [1280, 720] },
  'compliant_720p_late_audio.mp4': { orient: 'landscape', band: 'top', bar: 'left', dims: [1280, 720] },
  'speechlike_quiet.mp4': { orient: 'landscape', band: 'top', bar: 'left' },
  'mediarecorder_vp8_opus.webm': { orient: 'landscape', band: 'top', bar: 'left' },
  'safari_fragmented.mp4': { orient: 'landscape', band: 'top', bar: 'left' },
  'vfr.mp4': { orient: 'landscape', band: 'top', bar: 'left' },
  'no_audio.mkv': { orient: 'landscape', band: 'top', bar: 'left', dims: [854, 480], audio: false },
  'odd_portrait_mono44k.mp4': { orient: 'portrait', band: 'top', bar: 'left', dims: [478, 852] },
  'fps60_1080p.mp4': { orient: 'landscape', band: 'top', bar: null, dims: [1280, 720] },
  'long_12s.mp4': { orient: 'landscape', band: null, bar: null, audio: false },
};
const NOT_CLIPS = new Set(['README.md', 'make.sh', 'mp4edit.py']);

const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
  '--autoplay-policy=no-user-gesture-required',
];
const PLAY_TIMEOUT_MS = 20000;

const [outDir, fixturesDir] = process.argv.slice(2);
if (!outDir || !fixturesDir) {
  console.error('usage: node playback.mjs OUT_DIR FIXTURES_DIR');
  process.exit(64);
}

const failures = [];
const fail = (clip, msg) => failures.push(`${clip}: ${msg}`);

// Every good fixture must have an expectation, so a new clip is not silently skipped.
const goodFixtures = fs.readdirSync(fixturesDir)
  .filter((f) => !f.startsWith('bad_') && !NOT_CLIPS.has(f) && !f.startsWith('.'))
  .sort();
for (const f of goodFixtures) {
  if (!EXPECT[f]) fail(f, 'good fixture with no expectation in tests/browser/playback.mjs');
}
for (const f of Object.keys(EXPECT)) {
  if (!goodFixtures.includes(f)) fail(f, 'expected fixture missing from fixtures/media');
}

// --- tiny static server (GET/HEAD, Range) -----------------------------------------------------
const TYPES = { '.mp4': 'video/mp4', '.jpg': 'image/jpeg', '.webp': 'image/webp',
  '.html': 'text/html; charset=utf-8', '.json': 'application/json' };
const PAGE = '<!doctype html><meta charset="utf-8"><title>crosstalk playback</title><body></body>';
const server = http.createServer((req, res) => {
  const url = new URL(req.url, 'http://x');
  if (url.pathname === '/' || url.pathname === '/index.html') {
    res.writeHead(200, { 'content-type': TYPES['.html'] });
    return res.end(PAGE);
  }
  const file = path.join(outDir, path.normalize(decodeURIComponent(url.pathname)).replace(/^(\.\.[/\\])+/, ''));
  if (!file.startsWith(path.resolve(outDir) + path.sep)) { res.writeHead(403); return res.end(); }
  fs.stat(file, (err, st) => {
    if (err || !st.isFile()) { res.writeHead(404); return res.end(); }
    const headers = { 'content-type': TYPES[path.extname(file)] || 'application/octet-stream',
      'accept-ranges': 'bytes', 'cache-control': 'no-store' };
    let start = 0; let end = st.size - 1; let status = 200;
    const m = /^bytes=(\d*)-(\d*)$/.exec(req.headers.range || '');
    if (m && (m[1] || m[2])) {
      if (m[1]) { start = +m[1]; if (m[2]) end = Math.min(+m[2], end); } else { start = Math.max(0, st.size - +m[2]); }
      if (start > end) {
        res.writeHead(416, { 'content-range': `bytes */${st.size}` });
        return res.end();
      }
      status = 206;
      headers['content-range'] = `bytes ${start}-${end}/${st.size}`;
    }
    headers['content-length'] = end - start + 1;
    res.writeHead(status, headers);
    if (req.method === 'HEAD') return res.end();
    fs.createReadStream(file, { start, end }).pipe(res);
  });
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const base = `http://127.0.0.1:${server.address().port}`;

// --- in-page helpers ---------------------------------------------------------------------------
// Runs in the page: fraction of red pixels along each edge, over the middle 80 % of the edge,
// sampled 1/16 of the way in (the middle of the band), 1/12 in (the middle of testsrc2's red
// bar) and 1/4 in (past both). Tolerant of codec/tone-mapping colour shifts.
function bandScanSource() {
  return `
  window.__bandScan = (source, w, h) => {
    const c = document.createElement('canvas');
    c.width = w; c.height = h;
    const g = c.getContext('2d', { willReadFrequently: true });
    g.drawImage(source, 0, 0, w, h);
    const px = g.getImageData(0, 0, w, h).data;
    const red = (x, y) => {
      const i = (Math.min(h - 1, Math.max(0, Math.round(y))) * w + Math.min(w - 1, Math.max(0, Math.round(x)))) * 4;
      const r = px[i], gg = px[i + 1], b = px[i + 2];
      return r >= 130 && r - gg >= 70 && r - b >= 70;
    };
    const N = 64;
    const frac = (f) => { let n = 0; for (let k = 0; k < N; k++) if (f(0.1 + 0.8 * k / (N - 1))) n++; return n / N; };
    const scan = (d) => ({
      top: frac((t) => red(t * (w - 1), d * h)),
      bottom: frac((t) => red(t * (w - 1), (1 - d) * h - 1)),
      left: frac((t) => red(d * w, t * (h - 1))),
      right: frac((t) => red((1 - d) * w - 1, t * (h - 1))),
    });
    return { inBand: scan(1 / 16), inBar: scan(1 / 12), pastBand: scan(1 / 4) };
  };`;
}

// Judges an edge scan against { band, bar }: the band's side red (>= 90 %) but not a quarter of
// the way in, the bar's side red (>= 80 %), every other side not red (< 50 %). A clip with no
// band (long_12s: 128x72 testsrc2 at crf 40, whose edges are too noisy) is only reported.
// Returns [ok, text].
const SIDES = ['top', 'bottom', 'left', 'right'];
function judgeBand(scan, { band, bar }) {
  const fmt = (o) => SIDES.map((s) => `${s[0]}${Math.round(o[s] * 100)}`).join(' ');
  const desc = `edge red% ${fmt(scan.inBand)}`;
  if (!band) return [true, `upright not checkable (no band in the source); ${desc}`];
  const problems = [];
  if (band && scan.inBand[band] < 0.9) problems.push(`band not on the ${band}`);
  if (band && scan.pastBand[band] >= 0.5) problems.push(`red reaches 1/4 in from the ${band}`);
  if (bar && scan.inBar[bar] < 0.8) problems.push(`red bar not on the ${bar}`);
  for (const s of SIDES) {
    if (s !== band && s !== bar && scan.inBand[s] >= 0.5) problems.push(`red on the ${s}`);
  }
  const want = `band ${band}${bar ? `, bar ${bar}` : ''}`;
  const text = problems.length ? `UPRIGHT CHECK FAILED: want ${want}: ${problems.join(', ')}` : `upright (${want})`;
  return [problems.length === 0, `${text}; ${desc}`];
}

// --- run -----------------------------------------------------------------------------------------
const t0 = Date.now();
const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'crosstalk-chromium-'));
let context;
const lines = [];
try {
  context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS, timeout: 60000,
  });
  const version = context.browser()?.version() ?? '(unknown)';
  const probe = await context.newPage();
  await probe.goto(`${base}/`);
  const support = await probe.evaluate(() => {
    const v = document.createElement('video');
    const t = 'video/mp4; codecs="avc1.640028, mp4a.40.2"';
    return { canPlayType: v.canPlayType(t), mse: window.MediaSource ? MediaSource.isTypeSupported(t) : false,
      ua: navigator.userAgent };
  });
  await probe.close();
  console.log(`chromium: ${CHROMIUM} (${support.ua.match(/Chrome\/[\d.]+/)?.[0] ?? version})`);
  console.log(`H.264 High + AAC-LC (avc1.640028, mp4a.40.2): canPlayType=${JSON.stringify(support.canPlayType)} MediaSource=${support.mse}`);
  if (support.canPlayType === '' && !support.mse) {
    console.log('WARNING: this Chromium reports no H.264/AAC support: playback checks below will fail; poster checks still run');
  }

  for (const clip of Object.keys(EXPECT).filter((c) => goodFixtures.includes(c))) {
    const exp = EXPECT[clip];
    const dir = path.join(outDir, clip);
    const resultPath = path.join(dir, 'result.json');
    if (!fs.existsSync(resultPath)) { fail(clip, 'no transcode result (see run.sh output)'); continue; }
    const meta = JSON.parse(fs.readFileSync(resultPath, 'utf8'));
    if (meta.status !== 'ready') { fail(clip, `transcode status ${meta.status} (${meta.reason})`); continue; }
    const mw = meta.metadata.width; const mh = meta.metadata.height;
    const clipFail = (m) => fail(clip, m);

    const page = await context.newPage();
    const consoleErrors = [];
    page.on('pageerror', (e) => consoleErrors.push(String(e)));
    await page.goto(`${base}/`);
    await page.addScriptTag({ content: bandScanSource() });
    const src = `/${encodeURIComponent(clip)}/video.mp4`;
    const v = await page.evaluate(async ({ src, timeoutMs }) => {
      const video = document.createElement('video');
      video.muted = true; video.autoplay = true; video.playsInline = true; video.preload = 'auto';
      document.body.appendChild(video);
      const out = { ended: false, error: null, playErr: null };
      video.addEventListener('ended', () => { out.ended = true; });
      const started = performance.now();
      video.src = src;
      const p = video.play(); if (p) p.catch((e) => { out.playErr = String(e); });
      await new Promise((resolve) => {
        const tick = () => {
          if (video.error || out.ended || video.currentTime > 0.5 || performance.now() - started > timeoutMs) return resolve();
          setTimeout(tick, 50);
        };
        tick();
      });
      video.pause();
      if (video.error) out.error = `MediaError ${video.error.code}: ${video.error.message}`;
      out.readyState = video.readyState;
      out.currentTime = video.currentTime;
      out.duration = video.duration;
      out.videoWidth = video.videoWidth; out.videoHeight = video.videoHeight;
      out.audioBytes = video.webkitAudioDecodedByteCount;
      out.videoBytes = video.webkitVideoDecodedByteCount;
      out.loadMs = Math.round(performance.now() - started);
      if (!out.error && video.readyState >= 2 && video.videoWidth > 0) {
        out.scan = window.__bandScan(video, video.videoWidth, video.videoHeight);
      }
      return out;
    }, { src, timeoutMs: PLAY_TIMEOUT_MS });

    const played = !v.error && v.readyState >= 2 && (v.currentTime > 0.5 || v.ended);
    if (v.error) clipFail(v.error);
    if (v.playErr) clipFail(`play() rejected: ${v.playErr}`);
    if (v.readyState < 2) clipFail(`readyState ${v.readyState} < 2`);
    if (!played) clipFail(`did not play: currentTime ${v.currentTime.toFixed(2)} s, ended ${v.ended} after ${v.loadMs} ms`);
    if (v.videoWidth !== mw || v.videoHeight !== mh) clipFail(`browser ${v.videoWidth}x${v.videoHeight} != JSON ${mw}x${mh}`);
    const orient = v.videoHeight > v.videoWidth ? 'portrait' : 'landscape';
    if (orient !== exp.orient) clipFail(`${orient}, expected ${exp.orient}`);
    if (exp.dims && (v.videoWidth !== exp.dims[0] || v.videoHeight !== exp.dims[1])) {
      clipFail(`${v.videoWidth}x${v.videoHeight}, README says ${exp.dims[0]}x${exp.dims[1]}`);
    }
    const wantAudio = exp.audio ?? true;
    if (meta.metadata.has_audio !== wantAudio) clipFail(`JSON has_audio ${meta.metadata.has_audio}, expected ${wantAudio}`);
    if (meta.metadata.has_audio && played && !(v.audioBytes > 0)) clipFail('has_audio but Chromium decoded no audio bytes');
    if (!meta.metadata.has_audio && v.audioBytes > 0) clipFail(`no audio expected but Chromium decoded ${v.audioBytes} audio bytes`);
    // Not a failure: the browser's duration is the longest track's (late audio ends later).
    const durNote = Number.isFinite(v.duration) && Math.abs(v.duration * 1000 - meta.metadata.duration_ms) > 150
      ? ` NOTE: browser duration ${v.duration.toFixed(3)} s, JSON duration_ms ${meta.metadata.duration_ms};` : '';
    let bandText = 'not checked (no frame)';
    if (v.scan) {
      const [ok, text] = judgeBand(v.scan, exp);
      bandText = text;
      if (!ok) clipFail(`video frame: ${text}`);
    } else {
      clipFail('no frame could be drawn to a canvas');
    }

    // Posters and thumbnail, decoded by the browser like an <img poster> would be.
    const imgs = [];
    for (const name of ['poster.jpg', 'poster.webp', 'thumb.jpg']) {
      const r = await page.evaluate(async (url) => {
        const img = new Image();
        img.src = url;
        try { await img.decode(); } catch (e) { return { error: String(e) }; }
        return { w: img.naturalWidth, h: img.naturalHeight,
          scan: window.__bandScan(img, img.naturalWidth, img.naturalHeight) };
      }, `/${encodeURIComponent(clip)}/${name}`);
      if (r.error) { clipFail(`${name} does not decode: ${r.error}`); imgs.push(`${name} FAIL`); continue; }
      const problems = [];
      if (name.startsWith('poster') && (r.w !== mw || r.h !== mh)) problems.push(`${r.w}x${r.h} != video ${mw}x${mh}`);
      if (name === 'thumb.jpg') {
        if (r.w !== 320) problems.push(`width ${r.w} != 320`);
        if (Math.abs(r.h - (320 * mh) / mw) > 1.5) problems.push(`${r.w}x${r.h} not the video's aspect ratio`);
      }
      const [ok, text] = judgeBand(r.scan, exp);
      if (!ok) problems.push(text);
      if (problems.length) clipFail(`${name}: ${problems.join('; ')}`);
      imgs.push(`${name} ${r.w}x${r.h} ${problems.length ? 'FAIL' : 'ok'}`);
    }
    if (consoleErrors.length) clipFail(`page errors: ${consoleErrors.join(' | ')}`);
    await page.close();

    const clipOk = !failures.some((f) => f.startsWith(`${clip}: `));
    lines.push(`${clipOk ? 'PASS' : 'FAIL'} ${clip}: ${v.videoWidth}x${v.videoHeight} ${orient}`
      + ` (json ${mw}x${mh}, ${meta.metadata.path}, audio ${meta.metadata.has_audio ? `yes, ${v.audioBytes} B decoded` : 'none'});`
      + ` played ${played ? 'yes' : 'NO'} (t=${v.currentTime.toFixed(2)} s${v.ended ? ', ended' : ''}, readyState ${v.readyState}, ${v.loadMs} ms);`
      + ` ${bandText};${durNote} ${imgs.join(', ')}`);
    console.log(lines[lines.length - 1]);
  }
} catch (e) {
  failures.push(`harness: ${e.stack || e}`);
} finally {
  if (context) await context.close().catch(() => {});
  server.close();
  fs.rmSync(userDataDir, { recursive: true, force: true });
}

const secs = ((Date.now() - t0) / 1000).toFixed(1);
if (failures.length) {
  console.error(`\nFAILED (${failures.length}):`);
  for (const f of failures) console.error(`  ${f}`);
}
const nPass = lines.filter((l) => l.startsWith('PASS')).length;
const nFail = Math.max(Object.keys(EXPECT).length - nPass, failures.length ? 1 : 0);
console.log(`${secs} s in Chromium`);
console.log(`browser: ${nPass} passed, ${nFail} failed`);
process.exit(failures.length ? 1 : 0);
