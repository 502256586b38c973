// The recorder's other paths: a picked file, an upload cut off mid-way and resumed after a
// reload, a recording under the prompt's minimum, a file the server refuses.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { api, assertPlays, createPrompt, env, launch, signIn, watchErrors } from '../lib/app.mjs';
import { assertStatus, cameraOn, lastRecording, previewShown, recordVideo, recorder, sendAndWatch } from '../lib/recorder.mjs';

/** Bytes the server says it received over tus (Prometheus counter). */
async function uploadedBytes() {
  const text = await (await fetch(`${env.base}/metrics`)).text();
  const m = text.match(/^crosstalk_upload_bytes_total (\d+)/m);
  return m ? Number(m[1]) : 0;
}

/** Every tus request the page makes: method, Upload-Offset, body size. */
function watchTus(page) {
  const seen = [];
  page.on('request', (r) => {
    if (!new URL(r.url()).pathname.startsWith('/v1/uploads')) return;
    const h = r.headers();
    seen.push({ method: r.method(), offset: h['upload-offset'] === undefined ? null : Number(h['upload-offset']),
      csrf: h['x-csrf-token'] || null });
  });
  return seen;
}

test('a picked file is uploaded and becomes playable', { timeout: 120000 }, async () => {
  const promptId = await createPrompt({ title: `File upload ${Date.now() % 100000}`, min: 10 });
  const b = await launch({ camera: false });
  try {
    const page = await b.context.newPage();
    const errors = watchErrors(page);
    const tus = watchTus(page);
    await signIn(page, 'elena-gr');
    await page.goto(`/prompts/${promptId}`);
    const s = JSON.parse(await recorder(page).getAttribute('data-l10n'));
    await recorder(page).getByLabel(s.pick_file).setInputFiles(path.join(env.media, 'long_12s.mp4'));
    await previewShown(page);
    await sendAndWatch(page, s);
    assert.ok(tus.some((r) => r.method === 'POST'), 'the file went over tus');
    assert.ok(tus.filter((r) => r.method !== 'OPTIONS').every((r) => r.csrf), 'every tus request carries X-CSRF-Token');
    assert.deepEqual(errors, []);
  } finally {
    await b.close();
  }
});

/** The proxy between the browser and the server (lib/proxy.mjs): a slow uplink, a cut link. */
const proxy = {
  uplink: (bytesPerSecond) => fetch(`${process.env.CT_PROXY_CONTROL}/uplink?bytes_per_second=${bytesPerSecond}`, { method: 'POST' }),
  forwarded: async () => (await (await fetch(`${process.env.CT_PROXY_CONTROL}/stats`)).json()).forwarded,
  cut: () => fetch(`${process.env.CT_PROXY_CONTROL}/cut`, { method: 'POST' }),
};

async function until(what, check, timeoutMs = 20000) {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > end) assert.fail(`timed out waiting for ${what}`);
    await new Promise((r) => { setTimeout(r, 100); });
  }
}

test('an upload cut off mid-way resumes after a reload without sending the bytes again', { timeout: 180000 }, async () => {
  const promptId = await createPrompt({ title: `Dropped connection ${Date.now() % 100000}`, min: 10 });
  const b = await launch();
  try {
    const page = await b.context.newPage();
    const tus = watchTus(page);
    await signIn(page, 'anna-se');
    await page.goto(`/prompts/${promptId}`);
    const s = await recordVideo(page, 12);
    const { size } = await lastRecording(page);
    const before = await uploadedBytes();

    // Offline when pressing Send: the learner is told, and nothing is lost.
    await b.context.setOffline(true);
    await recorder(page).getByRole('button', { name: s.send, exact: true }).click();
    await assertStatus(page, s.offline);

    // Back online on a slow uplink (about 8 s for the recording); the upload goes on by itself.
    // Once a third has reached the server the link dies, the phone is offline, the learner reloads.
    await proxy.uplink(Math.max(32768, Math.round(size / 8)));
    await b.context.setOffline(false);
    await until('a third of the recording on its way', async () => (await proxy.forwarded()) > size / 3);
    await b.context.setOffline(true);
    await proxy.cut();
    const cut = tus.length;
    const kept = await until('the server to keep what arrived', async () => {
      const n = (await uploadedBytes()) - before;
      return n > 0 ? n : 0;
    });
    assert.ok(kept < size, `the upload was cut mid-way (${kept} of ${size} bytes arrived)`);
    await page.reload().catch(() => {}); // offline: the browser's error page
    await page.goto('about:blank').catch(() => {}); // and the old page is surely gone
    await proxy.uplink(0);
    await b.context.setOffline(false);
    await page.goto(`/prompts/${promptId}`);

    // The recording comes back from IndexedDB and the upload resumes where the server stopped
    // (a PATCH refused with 423 while the server still holds the cut request's lock is retried).
    await recorder(page).locator('.recorder-result video').waitFor({ state: 'attached', timeout: 90000 });
    await assertPlays(recorder(page).locator('.recorder-result video'), 'the resumed upload');
    // (The old page may have sent its resuming PATCH before it was left, when the phone's offline
    // state reached it after the cut: either way the bytes go once, to the same upload.)
    const after = tus.slice(cut);
    assert.ok(!after.some((r) => r.method === 'POST'), `no new upload after the cut: ${JSON.stringify(after)}`);
    // The resumed upload PATCHes from the server's offset, which is at least `kept`: bytes of the
    // cut request already past the proxy keep reaching the server after `kept` is read (seen: kept
    // 580,784, the server at 1,350,832 when the new page asked; or every byte, HEAD only, no PATCH).
    // Never from 0 and never a byte twice, which the total below checks.
    const patches = after.filter((r) => r.method === 'PATCH');
    if (patches.length === 0) console.log(`# resumed upload: the server already had it all (kept ${kept} read early)`);
    else assert.ok(patches.some((r) => r.offset >= kept && r.offset < size),
      `a PATCH resumed at the server's offset (at least ${kept}): ${JSON.stringify(after)}`);
    const total = (await uploadedBytes()) - before;
    assert.equal(total, size, `the server received each byte once (${total} for a ${size}-byte recording)`);
  } finally {
    await proxy.uplink(0);
    await b.close();
  }
});

test('when the answer to the post is lost, Try again does not post twice', { timeout: 120000 }, async () => {
  const promptId = await createPrompt({ title: `Lost answer ${Date.now() % 100000}`, min: 10 });
  const b = await launch({ camera: false });
  try {
    const page = await b.context.newPage();
    await signIn(page, 'giulia-it');
    await page.goto(`/prompts/${promptId}`);
    const mount = recorder(page);
    const s = JSON.parse(await mount.getAttribute('data-l10n'));
    // The server gets the first POST and creates the post; its answer never reaches the phone.
    let lost = 0;
    await page.route(`**/prompts/${promptId}/posts`, async (route) => {
      if (lost > 0) return route.continue();
      lost += 1;
      await route.fetch();
      return route.abort('connectionreset');
    });
    await mount.getByLabel(s.pick_file).setInputFiles(path.join(env.media, 'long_12s.mp4'));
    await previewShown(page);
    await mount.getByRole('button', { name: s.send, exact: true }).click();
    await mount.getByRole('button', { name: s.retry, exact: true }).click();
    await mount.locator('.recorder-result video').waitFor({ state: 'attached', timeout: 60000 });
    const posts = await api('GET', `/v1/prompts/${promptId}/posts?limit=50`);
    assert.equal(posts.body.items.length, 1, 'one post, not two');
  } finally {
    await b.close();
  }
});

test('a recording shorter than the prompt asks is refused in plain words, and nothing is sent', { timeout: 90000 }, async () => {
  const promptId = await createPrompt({ title: `Too short ${Date.now() % 100000}`, min: 10 });
  const b = await launch();
  try {
    const page = await b.context.newPage();
    const tus = watchTus(page);
    await signIn(page, 'claire-fr');
    await page.goto(`/prompts/${promptId}`);
    // While recording, the learner hides the self-view (and is told recording goes on), then shows it.
    const s = await recordVideo(page, 3, async (mount, strings) => {
      const live = mount.locator('video.recorder-live');
      const timer = mount.getByRole('timer');
      assert.match(await timer.textContent(), /^0:0\d \/ 2:00$/, 'a running timer against the 2 minute limit');
      await mount.getByRole('button', { name: strings.hide_self_view, exact: true }).click();
      assert.equal(await live.isVisible(), false, 'the self-view is hidden');
      assert.equal((await mount.getByRole('status').textContent()).trim(), strings.self_view_hidden);
      await mount.getByRole('button', { name: strings.show_self_view, exact: true }).click();
      assert.equal(await live.isVisible(), true, 'the self-view is back');
    });
    const mount = recorder(page);
    assert.equal((await mount.getByRole('status').textContent()).trim(), s.too_short.replace('{min}', '10'),
      'the reason is shown in plain words');
    assert.equal(await mount.getByRole('button', { name: s.send, exact: true }).isDisabled(), true, 'Send is disabled');
    assert.equal(tus.length, 0, 'nothing was uploaded');
    await mount.getByRole('button', { name: s.retake, exact: true }).click();
    await cameraOn(page);
  } finally {
    await b.close();
  }
});

test('a file the server refuses shows the reason in plain words and offers to record again', { timeout: 120000 }, async () => {
  const promptId = await createPrompt({ title: `Not a video ${Date.now() % 100000}`, min: 1 });
  const b = await launch();
  try {
    const page = await b.context.newPage();
    await signIn(page, 'mateus-pt');
    await page.goto(`/prompts/${promptId}`);
    const mount = recorder(page);
    const s = JSON.parse(await mount.getAttribute('data-l10n'));
    await mount.getByLabel(s.pick_file).setInputFiles(path.join(env.media, 'bad_random.mp4'));
    await mount.getByRole('button', { name: s.send, exact: true }).click();
    const again = mount.getByRole('button', { name: s.record_again, exact: true });
    await again.waitFor({ timeout: 60000 });
    const reason = await mount.locator('.recorder-message').textContent();
    assert.match(reason, /\S{4,}/, 'a reason is shown');
    assert.doesNotMatch(reason, /not_a_video|_/, 'in plain words, not a code');
    await again.click();
    await cameraOn(page);
  } finally {
    await b.close();
  }
});
