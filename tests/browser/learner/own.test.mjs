// Learners' own data (issue 14) in a phone-sized Chromium: a captioned answer plays with its
// subtitles (the VTT uploaded through the API, served by signed URL, loaded as a <track> whose
// cues become active), the thread page lists the caption languages; "Download my videos" gives
// a zip; "Delete my account in this course" asks first, then signs out and says what goes; the
// page for choosing the name others see. axe finds no serious or critical violation on any of them.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { api, assertAccessible, createPrompt, env, launch, postVideos, signIn, watchErrors } from '../lib/app.mjs';
import { previewShown, recorder, sendAndWatch } from '../lib/recorder.mjs';

const VTT = 'WEBVTT\n\n00:00.000 --> 00:05.000\nHello from Sara in Tripoli.\n\n00:05.000 --> 00:11.000\nThis is my grandmother\'s teapot.\n';
let threadPath;
let postId;

// Sara (Cohort Cedar) answers with a picked file; the team uploads English captions for it.
before(async () => {
  const promptId = await createPrompt({ title: `Captions ${Date.now() % 100000}`, min: 10 });
  const b = await launch({ camera: false });
  try {
    const page = await b.context.newPage();
    await signIn(page, 'sara-ly');
    await page.goto(`/prompts/${promptId}`);
    const s = JSON.parse(await recorder(page).getAttribute('data-l10n'));
    await recorder(page).getByLabel(s.pick_file).setInputFiles(path.join(env.media, 'long_12s.mp4'));
    await previewShown(page);
    await sendAndWatch(page, s);
    threadPath = await recorder(page).locator('.recorder-result a').getAttribute('href');
    postId = threadPath.split('/').pop();
  } finally {
    await b.close();
  }
  const res = await fetch(`${env.base}/v1/posts/${postId}/captions/en`, {
    method: 'PUT', body: VTT, headers: { authorization: `Bearer ${env.apiKey}`, 'content-type': 'text/vtt' },
  });
  assert.equal(res.status, 200, await res.text());
});

after(async () => {
  await api('PUT', `/v1/courses/${env.courseId}/display-names`, { learner_pseudonyms: false });
});

test('a cohort-mate plays the answer with its subtitles', { timeout: 90000 }, async () => {
  const b = await launch({ camera: false });
  try {
    const page = await b.context.newPage();
    const errors = watchErrors(page);
    await signIn(page, 'hana-sy');
    // English whatever locale another test file gave Hana (?lang= is the visitor's explicit choice).
    await page.goto(`${threadPath}?lang=en`);
    const video = postVideos(page).first();
    // The box has the picture's shape before anything loads (no layout shift).
    const box = await video.evaluate((v) => ({ w: v.clientWidth, h: v.clientHeight, aw: v.width, ah: v.height, rs: v.readyState }));
    assert.equal(box.rs, 0, 'nothing loaded yet (preload=none)');
    assert.ok(Math.abs(box.h - (box.w * box.ah) / box.aw) <= 2, `box ${JSON.stringify(box)}`);
    // The page lists the languages; the track is there for the browser's caption menu.
    await page.getByText('Captions:').waitFor();
    // (The footer's language menu has an "English" link too: count the caption links only.)
    assert.equal(await page.locator('p.captions').getByRole('link', { name: 'English', exact: true }).count(), 1);
    const track = video.locator('track');
    assert.equal(await track.getAttribute('kind'), 'subtitles');
    assert.equal(await track.getAttribute('srclang'), 'en');
    assert.match(await track.getAttribute('src'), /\/media\/.+\/captions\/en\.vtt\?exp=\d+&sig=/);
    await assertAccessible(page, 'thread page with captions');

    const cues = await video.evaluate(async (v) => {
      const t = v.textTracks[0];
      t.mode = 'showing';
      const start = Date.now();
      while ((!t.cues || t.cues.length === 0) && Date.now() - start < 15000) {
        await new Promise((r) => setTimeout(r, 100));
      }
      return t.cues ? Array.from(t.cues).map((c) => [c.startTime, c.endTime, c.text]) : null;
    });
    assert.deepEqual(cues, [[0, 5, 'Hello from Sara in Tripoli.'], [5, 11, "This is my grandmother's teapot."]]);

    // Seek into the second cue: it becomes the active one.
    const active = await video.evaluate(async (v) => {
      v.muted = true;
      if (v.readyState < 1) {
        v.preload = 'auto';
        v.load();
        await new Promise((r) => v.addEventListener('loadedmetadata', r, { once: true }));
      }
      v.currentTime = 6.5;
      await new Promise((r) => v.addEventListener('seeked', r, { once: true }));
      const t = v.textTracks[0];
      const start = Date.now();
      while (t.activeCues.length === 0 && Date.now() - start < 5000) {
        await new Promise((r) => setTimeout(r, 50));
      }
      return { time: v.currentTime, cues: Array.from(t.activeCues).map((c) => c.text) };
    });
    assert.deepEqual(active.cues, ["This is my grandmother's teapot."], JSON.stringify(active));
    assert.deepEqual(errors, [], 'no CSP refusal or page error');
  } finally {
    await b.close();
  }
});

test('a learner downloads their videos, then deletes their account after confirming', { timeout: 90000 }, async () => {
  const b = await launch({ camera: false });
  try {
    const page = await b.context.newPage();
    const errors = watchErrors(page);
    await signIn(page, 'ahmed-ps');
    await page.getByRole('link', { name: 'My posts', exact: true }).click();
    await page.getByRole('heading', { level: 2, name: 'Your data' }).waitFor();
    await assertAccessible(page, 'my posts with my data');

    const download = page.waitForEvent('download');
    await page.getByRole('link', { name: 'Download my videos', exact: true }).click();
    const file = await (await download).path();
    const fs = await import('node:fs');
    const bytes = fs.readFileSync(file);
    assert.equal(bytes.subarray(0, 4).toString('latin1'), 'PK\u0003\u0004', 'a zip');
    assert.ok(bytes.includes(Buffer.from('index.json')), 'with its index');

    await page.getByRole('link', { name: 'Delete my account in this course', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Delete your account in this course' }).waitFor();
    await assertAccessible(page, 'erasure confirmation');
    // Not ticked: the page says what is missing and links to the box.
    await page.getByRole('button', { name: 'Delete my account', exact: true }).click();
    const summary = page.getByRole('alert');
    await summary.getByRole('link', { name: /Tick the box/ }).waitFor();
    assert.match(await page.title(), /^Error: /);
    await assertAccessible(page, 'erasure confirmation with its error');
    await summary.getByRole('link', { name: /Tick the box/ }).click();
    await page.getByRole('checkbox', { name: /will be deleted for good/ }).check();
    await page.getByRole('button', { name: 'Delete my account', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Your account is being deleted' }).waitFor();
    await page.getByText('You have been signed out.').waitFor();
    await assertAccessible(page, 'erasure started');
    const res = await page.goto(`/courses/${env.courseId}`);
    assert.equal(res.status(), 401, 'signed out');
    assert.deepEqual(errors, []);
  } finally {
    await b.close();
  }
});

test('a learner chooses the name other learners see', { timeout: 60000 }, async () => {
  const r = await api('PUT', `/v1/courses/${env.courseId}/display-names`, { learner_pseudonyms: true });
  assert.equal(r.status, 200, r.text);
  const b = await launch({ camera: false });
  try {
    const page = await b.context.newPage();
    await signIn(page, 'sara-ly');
    await page.goto(`/me/posts?course=${env.courseId}&lang=en`);
    await page.getByRole('link', { name: 'Choose the name other learners see', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'The name other learners see' }).waitFor();
    await assertAccessible(page, 'name page');
    await page.getByLabel('Your name for other learners').fill('Desert Rose');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByRole('status').filter({ hasText: 'Your name was saved.' }).waitFor();
  } finally {
    await b.close();
  }
  // A cohort-mate sees it on the thread; the facilitator sees the roster name.
  for (const [who, expect, not] of [['hana-sy', 'Desert Rose', 'Sara'], ['fac-marta', 'Sara', 'Desert Rose']]) {
    const v = await launch({ camera: false });
    try {
      const page = await v.context.newPage();
      await signIn(page, who);
      await page.goto(threadPath);
      const h1 = await page.getByRole('heading', { level: 1 }).textContent();
      assert.ok(h1.includes(expect) && !h1.includes(not), `${who} sees "${h1}"`);
    } finally {
      await v.close();
    }
  }
});
