// Who sees what, and the pages themselves: a learner of another cohort never sees a thread;
// axe finds no serious or critical violation on any page, in English and Arabic; Record, Stop
// and Send work with the keyboard alone.

import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { api, assertAccessible, createPrompt, env, launch, setLocale, signIn, signInLink } from '../lib/app.mjs';
import { cameraOn, openCamera, previewShown, recorder, sendAndWatch } from '../lib/recorder.mjs';

let promptId;
let threadPath;

// One answer (a picked file: quicker than recording) to look at from the other pages.
before(async () => {
  promptId = await createPrompt({ title: `Pages ${Date.now() % 100000}`, min: 10 });
  const b = await launch({ camera: false });
  try {
    const page = await b.context.newPage();
    await signIn(page, 'jan-pl');
    await page.goto(`/prompts/${promptId}`);
    const s = JSON.parse(await recorder(page).getAttribute('data-l10n'));
    await recorder(page).getByLabel(s.pick_file).setInputFiles(path.join(env.media, 'long_12s.mp4'));
    await previewShown(page);
    await sendAndWatch(page, s);
    threadPath = await recorder(page).locator('.recorder-result a').getAttribute('href');
  } finally {
    await b.close();
  }
});

test('a learner of another cohort never sees the thread', { timeout: 60000 }, async () => {
  const b = await launch({ camera: false });
  try {
    const page = await b.context.newPage();
    await signIn(page, 'omar-eg'); // Cohort Olive; the answer is Cohort Cedar's
    const res = await page.goto(threadPath);
    assert.equal(res.status(), 404);
    assert.match(res.headers()['content-type'], /^text\/html/, 'a page, not JSON');
    await page.getByRole('heading').first().waitFor();
    await page.goto(`/prompts/${promptId}`);
    assert.equal(await page.locator(`a[href="${threadPath}"]`).count(), 0, 'not listed on the prompt page');
    const mine = await page.goto(`/posts/${threadPath.split('/').pop()}/status`);
    assert.equal(mine.status(), 404, 'nor its status');
  } finally {
    await b.close();
  }
});

for (const lang of ['en', 'ar']) {
  test(`no serious or critical axe violation on any page (${lang})`, { timeout: 120000 }, async () => {
    const who = lang === 'en' ? 'giulia-it' : 'leila-lb';
    await setLocale([who], lang);
    const b = await launch();
    try {
      const page = await b.context.newPage();
      // Links that cannot start a session: unknown, then used.
      const used = await signInLink(who);
      await page.goto(used);
      const coursePath = new URL(page.url()).pathname;
      const again = await page.goto(used);
      assert.equal(again.status(), 410, 'a used link says so');
      await assertAccessible(page, `used sign-in link (${lang})`);

      await signIn(page, who);
      assert.equal(new URL(page.url()).pathname, coursePath);
      await assertAccessible(page, `course page (${lang})`);
      await page.goto(`/prompts/${promptId}`);
      await assertAccessible(page, `prompt page (${lang})`);
      const s = JSON.parse(await recorder(page).getAttribute('data-l10n'));
      await openCamera(page, s);
      await assertAccessible(page, `prompt page, camera open (${lang})`);
      await page.goto(threadPath);
      await assertAccessible(page, `thread page (${lang})`);
      await page.goto(`/me/posts?course=${env.courseId}`);
      await assertAccessible(page, `my posts (${lang})`);
      const missing = await page.goto('/threads/pst_00000000000000000000000000000000');
      assert.equal(missing.status(), 404);
      await assertAccessible(page, `not found page (${lang})`);
      const unknown = await page.goto('/signin/not-a-real-link');
      assert.equal(unknown.status(), 404);
      await assertAccessible(page, `unknown sign-in link (${lang})`);
      await page.goto(coursePath);
      await page.locator('form[action="/signout"] button').click();
      await page.waitForURL((u) => u.pathname !== coursePath);
      await assertAccessible(page, `signed out (${lang})`);
    } finally {
      await b.close();
    }
  });
}

test('with two cameras the learner switches camera before recording', { timeout: 60000 }, async () => {
  const b = await launch({ cameras: 2 });
  try {
    const page = await b.context.newPage();
    await signIn(page, 'elena-gr');
    await page.goto(`/prompts/${promptId}`);
    const s = JSON.parse(await recorder(page).getAttribute('data-l10n'));
    await openCamera(page, s);
    const camera = () => page.evaluate(() => document.querySelector('#recorder video.recorder-live').srcObject
      .getVideoTracks()[0].label);
    const first = await camera();
    const status = recorder(page).getByRole('status');
    assert.equal((await status.textContent()).trim(), s.camera_front);
    await recorder(page).getByRole('button', { name: s.switch_camera, exact: true }).click();
    await page.waitForFunction((label) => {
      const v = document.querySelector('#recorder video.recorder-live');
      return v.srcObject && v.srcObject.active && v.srcObject.getVideoTracks()[0].label !== label;
    }, first);
    assert.equal((await status.textContent()).trim(), s.camera_back);
    assert.notEqual(await camera(), first, 'the other camera is on');
    await recorder(page).getByRole('button', { name: s.record, exact: true }).waitFor();
  } finally {
    await b.close();
  }
});

test('the prompt and thread pages do not jump as the recorder and the video load', { timeout: 60000 }, async () => {
  const b = await launch();
  try {
    const page = await b.context.newPage();
    await page.addInitScript(() => {
      window.ctShift = 0;
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) {
          window.ctShift += e.value;
          window.ctShifted = (window.ctShifted || []).concat(e.sources.map((x) => (x.node
            ? `${x.node.nodeName}.${x.node.className || ''} ${Math.round(x.previousRect.y)}->${Math.round(x.currentRect.y)}`
            : '?')));
        }
      }).observe({ type: 'layout-shift', buffered: true });
    });
    await signIn(page, 'anna-se');
    // The thread page's <video> carries the picture's width and height, so its box is the
    // right size before the poster or the metadata arrive (issue 11): it may not jump either.
    for (const [url, limit] of [[`/prompts/${promptId}`, 0.05], [threadPath, 0.05]]) {
      await page.goto(url);
      await recorder(page).locator('.recorder-ui').waitFor();
      await page.waitForTimeout(1000);
      const shift = await page.evaluate(() => window.ctShift);
      console.log(`# layout shift ${url}: ${shift.toFixed(3)}`);
      const moved = await page.evaluate(() => (window.ctShifted || []).join(', '));
      assert.ok(shift < limit, `${url}: layout shift ${shift.toFixed(3)} (the page jumped as the recorder started: ${moved})`);
    }
  } finally {
    await b.close();
  }
});

test('Record, Stop and Send work with the keyboard alone', { timeout: 120000 }, async () => {
  const b = await launch();
  try {
    const page = await b.context.newPage();
    await signIn(page, 'sofia-es');
    await page.goto(`/prompts/${promptId}`);
    const s = JSON.parse(await recorder(page).getAttribute('data-l10n'));
    const focused = () => page.evaluate(() => document.activeElement && document.activeElement.textContent.trim());
    // Tab from the top of the page to the recorder's first control.
    let found = false;
    for (let i = 0; i < 60 && !found; i += 1) {
      await page.keyboard.press('Tab');
      found = (await focused()) === (s.open_camera || s.record);
    }
    assert.ok(found, 'Tab reaches the camera button');
    await page.keyboard.press('Enter');
    await cameraOn(page);
    await page.waitForFunction((name) => document.activeElement.textContent.trim() === name, s.record);
    await page.keyboard.press('Space');
    await page.waitForFunction((name) => document.activeElement.textContent.trim() === name, s.stop);
    await page.waitForTimeout(11000);
    await page.keyboard.press('Enter');
    await page.waitForFunction((name) => document.activeElement.textContent.trim() === name, s.send, { timeout: 15000 });
    await page.keyboard.press('Enter');
    await recorder(page).locator('.recorder-result video').waitFor({ state: 'attached', timeout: 90000 });
    const r = await api('GET', `/v1/prompts/${promptId}/posts?limit=50`);
    assert.equal(r.status, 200);
    assert.ok(r.body.items.length >= 2, 'the keyboard-made answer was posted');
  } finally {
    await b.close();
  }
});
