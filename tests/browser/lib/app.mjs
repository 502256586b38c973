// What every learner-page test needs: the running server (started by learner.sh, found through
// the environment), the team API (sign-in links, prompts, roster), and a phone-sized Chromium
// with a fake camera and microphone.

import { chromium } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const env = {
  base: process.env.CT_BASE_URL,
  apiKey: process.env.CT_API_KEY,
  courseId: process.env.CT_COURSE_ID,
  camera: process.env.CT_FAKE_CAMERA,
  mic: process.env.CT_FAKE_MIC,
  media: process.env.CT_FIXTURES || path.resolve(path.dirname(new URL(import.meta.url).pathname), '../../../fixtures/media'),
  chromium: process.env.CHROMIUM || '/usr/bin/chromium',
};
for (const [k, v] of Object.entries(env)) {
  if (!v) throw new Error(`missing ${k}: run the tests through tests/browser/learner.sh`);
}

// --- team API -------------------------------------------------------------------------------
export async function api(method, pathname, body, { key = env.apiKey } = {}) {
  const res = await fetch(env.base + pathname, {
    method,
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  let json = null;
  try { json = text ? JSON.parse(text) : null; } catch { /* not JSON */ }
  return { status: res.status, body: json, text, headers: res.headers };
}

export async function signInLink(externalId) {
  const r = await api('POST', `/v1/courses/${env.courseId}/members/${externalId}/sign-in-links`, {});
  assert.equal(r.status, 201, `sign-in link for ${externalId}: ${r.status} ${r.text}`);
  return r.body.url;
}

let moduleId = null;
/** A fresh prompt in the demo course (its own module), open now, post-moderated by default. */
export async function createPrompt({ title = 'Introduce yourself', min = 10, max = 120, moderation = 'post' } = {}) {
  if (!moduleId) {
    const m = await api('POST', `/v1/courses/${env.courseId}/modules`, { title: `Browser tests ${Date.now()}` });
    assert.equal(m.status, 201, m.text);
    moduleId = m.body.id;
  }
  const now = Date.now();
  const r = await api('POST', `/v1/modules/${moduleId}/prompts`, {
    title, body: 'Show one object from your everyday life and say why it matters to you.',
    opens_at: new Date(now - 3600e3).toISOString(), closes_at: new Date(now + 7 * 86400e3).toISOString(),
    min_seconds: min, max_seconds: max, moderation, max_reply_depth: 2,
  });
  assert.equal(r.status, 201, r.text);
  return r.body.id;
}

/** Sets members' locale (the roster upsert keeps every other member as it is). */
export async function setLocale(externalIds, locale) {
  const roster = await api('GET', `/v1/courses/${env.courseId}/members?limit=200`);
  assert.equal(roster.status, 200, roster.text);
  const members = roster.body.items.filter((m) => externalIds.includes(m.external_id)).map((m) => ({
    external_id: m.external_id, role: m.role, display_name: m.display_name, email: m.email,
    country: m.country, languages: m.languages, locale,
  }));
  const r = await api('PUT', `/v1/courses/${env.courseId}/members`, { members });
  assert.ok(r.status < 300, r.text);
}

// --- browser --------------------------------------------------------------------------------
const FLAGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
  '--use-fake-ui-for-media-stream', '--autoplay-policy=no-user-gesture-required',
];

/**
 * A browser with its own fresh profile and the fake camera and microphone made by learner.sh;
 * `camera: false`: none; `cameras: 2`: Chromium's two built-in fake cameras instead (a front and
 * a back camera, as far as the recorder can tell).
 */
export async function launch({ camera = true, cameras = 1, args: extra = [] } = {}) {
  const args = [...FLAGS, ...extra];
  if (camera && cameras > 1) {
    args.push(`--use-fake-device-for-media-stream=device-count=${cameras}`);
  } else if (camera) {
    args.push('--use-fake-device-for-media-stream', `--use-file-for-fake-video-capture=${env.camera}`,
      `--use-file-for-fake-audio-capture=${env.mic}`);
  }
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'ct-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: env.chromium, args, ignoreDefaultArgs: ['--mute-audio'],
    baseURL: env.base, viewport: { width: 360, height: 740 }, hasTouch: true, isMobile: true, deviceScaleFactor: 2,
    locale: 'en-GB', permissions: camera ? ['camera', 'microphone'] : [],
  });
  // Working on the assets: CT_ASSETS_DIR=web/assets serves /assets/NAME.HASH.EXT from that folder
  // (NAME.EXT) instead of the copy built into the binary, so a change needs no rebuild. Not in CI.
  if (process.env.CT_ASSETS_DIR) {
    await context.route(/\/assets\/.+\.[0-9a-f]{10}\.[a-z]+$/, (route) => {
      const name = new URL(route.request().url()).pathname.slice('/assets/'.length).replace(/\.[0-9a-f]{10}(\.[a-z]+)$/, '$1');
      const file = path.join(process.env.CT_ASSETS_DIR, name);
      if (!fs.existsSync(file)) return route.continue();
      const type = file.endsWith('.css') ? 'text/css' : 'text/javascript';
      return route.fulfill({ body: fs.readFileSync(file), contentType: type });
    });
  }
  // Every page keeps the recorder's last recording at hand for the tests (see lib/recorder.mjs).
  await context.addInitScript(() => {
    document.addEventListener('recorder:recorded', (e) => { window.ctLastRecording = e.detail; });
  });
  const close = async () => {
    await context.close().catch(() => {});
    fs.rmSync(profile, { recursive: true, force: true });
  };
  return { context, close };
}

/** Opens a fresh sign-in link for the member; lands on the course page. */
export async function signIn(page, externalId) {
  const url = await signInLink(externalId);
  const res = await page.goto(url);
  assert.ok(res.ok(), `sign-in page ${res.status()}`);
  assert.match(new URL(page.url()).pathname, /^\/courses\//, 'a sign-in link lands on the course page');
}

/** The recorder's strings, as the server put them in data-l10n (so tests work in every language). */
export async function recorderStrings(page) {
  const raw = await page.locator('#recorder').getAttribute('data-l10n');
  return JSON.parse(raw);
}

/** No serious or critical axe violation on the page as it is now. */
export async function assertAccessible(page, label) {
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  const text = bad.map((v) => `${v.id} (${v.impact}): ${v.help}\n    ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join('\n    ')}`);
  assert.equal(bad.length, 0, `${label}: axe found\n  ${text.join('\n  ')}`);
}

/** Collects CSP violations and page errors, so a test can assert there were none. */
export function watchErrors(page) {
  const errors = [];
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error' && /Content Security Policy|Refused to/.test(m.text())) errors.push(m.text());
  });
  return errors;
}

/** The videos of a page outside the recorder (answers and replies). */
export function postVideos(page) {
  return page.locator('video:not(#recorder video)');
}

/** Waits until the <video> plays: frames decoded and currentTime moving. */
export async function assertPlays(video, label = 'video') {
  await video.evaluate((v) => { v.muted = true; return v.play(); });
  await video.page().waitForFunction((v) => v.currentTime > 0.5 && v.readyState >= 2 && !v.error,
    await video.elementHandle(), { timeout: 20000 }).catch(async () => {
    const state = await video.evaluate((v) => ({ t: v.currentTime, rs: v.readyState, err: v.error && v.error.code, src: v.currentSrc }));
    assert.fail(`${label} does not play: ${JSON.stringify(state)}`);
  });
}
