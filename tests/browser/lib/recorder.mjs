// Driving the recorder as a learner does: by role and accessible name, in the page's language.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { recorderStrings } from './app.mjs';

export function recorder(page) {
  return page.locator('#recorder');
}

/** Opens the camera, records `seconds` (running `whileRecording(mount, strings)` meanwhile),
 * stops; returns the recorder's strings. */
export async function recordVideo(page, seconds, whileRecording) {
  const s = await recorderStrings(page);
  const mount = recorder(page);
  await openCamera(page, s);
  await mount.getByRole('button', { name: s.record, exact: true }).click();
  await mount.getByRole('button', { name: s.stop, exact: true }).waitFor({ state: 'visible' });
  const started = Date.now();
  if (whileRecording) await whileRecording(mount, s);
  await page.waitForTimeout(Math.max(0, seconds * 1000 - (Date.now() - started)));
  await mount.getByRole('button', { name: s.stop, exact: true }).click();
  await previewShown(page);
  const preview = mount.locator('video.recorder-preview');
  await keepRecording(preview);
  return s;
}

/** The last recording (or picked file) the recorder announced: type, seconds, size, and its bytes
 * when asked (read in the page: its CSP, connect-src 'self', forbids fetching the blob: URL). */
export async function lastRecording(page, { bytes = false } = {}) {
  const r = await page.evaluate(async (withBytes) => {
    const rec = window.ctLastRecording;
    const out = { type: rec.blob.type, seconds: rec.seconds, size: rec.blob.size, base64: null };
    if (withBytes) {
      out.base64 = await new Promise((resolve) => {
        const reader = new FileReader();
        // data:video/mp4;codecs=avc1,opus;base64,... (the type itself may hold a comma)
        reader.onload = () => resolve(String(reader.result).split(';base64,')[1]);
        reader.readAsDataURL(rec.blob);
      });
    }
    return out;
  }, bytes);
  return { ...r, bytes: r.base64 ? Buffer.from(r.base64, 'base64') : null };
}

/** Saves the recorded blob under CT_RECORDINGS_DIR, so learner.sh can tell which take the fast path. */
async function keepRecording(preview) {
  const dir = process.env.CT_RECORDINGS_DIR;
  if (!dir) return;
  const { type, bytes } = await lastRecording(preview.page(), { bytes: true });
  const ext = type.startsWith('video/mp4') ? 'mp4' : 'webm';
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, `${Date.now()}-${type.replace(/[^a-z0-9.]+/gi, '_')}.${ext}`), bytes);
}

/** Waits until the recorder shows the camera's live picture. */
export async function cameraOn(page) {
  await page.waitForFunction(() => {
    const v = document.querySelector('#recorder video.recorder-live');
    return v && v.srcObject && v.srcObject.active && v.readyState >= 2;
  }, null, { timeout: 15000 });
}

/** Waits until the recorder shows the preview of what was recorded or picked. */
export async function previewShown(page) {
  await recorder(page).locator('video.recorder-preview[src^="blob:"]').waitFor({ state: 'visible', timeout: 15000 });
}

/** The first Record opens the camera; the learner then sees themself and a second Record. */
export async function openCamera(page, s) {
  const mount = recorder(page);
  const live = mount.locator('video.recorder-live');
  assert.equal(await live.isVisible(), false, 'no empty video box before the camera is on');
  await mount.getByRole('button', { name: s.open_camera || s.record, exact: true }).click();
  await cameraOn(page);
  assert.equal(await live.isVisible(), true, 'the learner sees themself');
  await mount.getByRole('button', { name: s.record, exact: true }).waitFor({ state: 'visible' });
}

/** Presses Send and waits for the ready video; returns the ms from Send to the video playing. */
export async function sendAndWatch(page, s, { timeout = 90000 } = {}) {
  const mount = recorder(page);
  await page.evaluate(() => { window.ctNoReload = true; });
  const t0 = Date.now();
  await mount.getByRole('button', { name: s.send, exact: true }).click();
  const video = mount.locator('.recorder-result video');
  await video.waitFor({ state: 'attached', timeout });
  await video.evaluate((v) => { v.muted = true; return v.play(); });
  await page.waitForFunction((v) => v.currentTime > 0.2 && !v.error, await video.elementHandle(), { timeout: 20000 });
  const ms = Date.now() - t0;
  assert.equal(await page.evaluate(() => window.ctNoReload), true, 'the page did not reload on its own');
  await assertStatus(page, s.ready);
  return ms;
}

export async function assertStatus(page, text) {
  await recorder(page).getByRole('status').filter({ hasText: text }).waitFor({ timeout: 10000 });
}
