// The main path (issue 11's "done when"): from a sign-in link alone, on a phone-sized Chromium,
// a learner records a 12 s answer and sees it become playable without reloading; a cohort-mate
// replies with a video, which the first learner then plays. In English and in Arabic.
// The Send -> playing time of the 12 s recording is printed (reported, not asserted).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assertPlays, createPrompt, launch, postVideos, setLocale, signIn, watchErrors } from '../lib/app.mjs';
import { recordVideo, recorder, sendAndWatch } from '../lib/recorder.mjs';

const LANGS = [
  { lang: 'en', dir: 'ltr', first: 'giulia-it', mate: 'mateus-pt' },
  { lang: 'ar', dir: 'rtl', first: 'sara-ly', mate: 'hana-sy' },
];

for (const { lang, dir, first, mate } of LANGS) {
  test(`two learners of a cohort exchange a video answer and a video reply (${lang})`, { timeout: 240000 }, async () => {
    await setLocale([first, mate], lang);
    const title = `An everyday object (${lang} ${Date.now() % 100000})`;
    const promptId = await createPrompt({ title, min: 10, max: 120 });

    // The first learner: sign-in link -> course page -> the prompt -> record 12 s -> send.
    const a = await launch();
    const b = await launch();
    try {
      const pageA = await a.context.newPage();
      const errorsA = watchErrors(pageA);
      await signIn(pageA, first);
      assert.equal(await pageA.locator('html').getAttribute('lang'), lang);
      assert.equal(await pageA.locator('html').getAttribute('dir'), dir);
      await pageA.getByRole('link', { name: title }).click();
      assert.equal(new URL(pageA.url()).pathname, `/prompts/${promptId}`);
      const s = await recordVideo(pageA, 12);
      const ms = await sendAndWatch(pageA, s);
      console.log(`# send_to_playing_ms=${ms} (${lang}, 12 s recording, loopback)`);
      const threadUrl = await recorder(pageA).locator('.recorder-result a').getAttribute('href');
      assert.match(threadUrl, /^\/threads\//, 'the ready answer links to its thread');
      assert.deepEqual(errorsA, [], 'no CSP violation or script error');

      // A cohort-mate finds the answer on the prompt page and replies with a video.
      const pageB = await b.context.newPage();
      const errorsB = watchErrors(pageB);
      await signIn(pageB, mate);
      await pageB.goto(`/prompts/${promptId}`);
      await pageB.locator(`a[href="${threadUrl}"]`).first().click();
      assert.equal(new URL(pageB.url()).pathname, threadUrl);
      const root = postVideos(pageB).first();
      assert.equal(await root.getAttribute('playsinline'), '', 'videos play inline on phones');
      await assertPlays(root, 'the answer on the thread page');
      const sb = await recordVideo(pageB, 11);
      await sendAndWatch(pageB, sb);
      assert.deepEqual(errorsB, [], 'no CSP violation or script error');

      // The first learner opens the thread again and plays the reply.
      await pageA.goto(threadUrl);
      const videos = postVideos(pageA);
      await assert.doesNotReject(videos.nth(1).waitFor({ state: 'attached', timeout: 10000 }), 'the reply is on the thread');
      await assertPlays(videos.nth(1), 'the reply');
    } finally {
      await a.close();
      await b.close();
    }
  });
}
