// The facilitator console in Chromium (issue 12): a facilitator signs in from a link, finds a
// learner's pre-moderated answer in the queue, plays it, approves it with a reason by keyboard
// alone (j, a reason digit, a), and the queue moves on without a reload; a cohort-mate then sees
// the answer. axe finds no serious or critical violation on the console pages.
// Run: tests/browser/learner.sh tests/browser/console.mjs   (add --pg for PostgreSQL)

import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { assertAccessible, assertPlays, createPrompt, env, launch, signIn, watchErrors } from './lib/app.mjs';
import { previewShown, recorder, sendAndWatch } from './lib/recorder.mjs';

let promptId;
let postId;

// Claire (Cohort Cedar, facilitated by Marta) answers a pre-moderated prompt with a picked file.
before(async () => {
  promptId = await createPrompt({ title: `Console ${Date.now() % 100000}`, min: 10, moderation: 'pre' });
  const b = await launch({ camera: false });
  try {
    const page = await b.context.newPage();
    await signIn(page, 'claire-fr');
    await page.goto(`/prompts/${promptId}`);
    const s = JSON.parse(await recorder(page).getAttribute('data-l10n'));
    await recorder(page).getByLabel(s.pick_file).setInputFiles(path.join(env.media, 'long_12s.mp4'));
    await previewShown(page);
    await sendAndWatch(page, s);
    const thread = await recorder(page).locator('.recorder-result a').getAttribute('href');
    postId = thread.split('/').pop();
  } finally {
    await b.close();
  }
});

test('a facilitator approves the pending answer by keyboard and the cohort sees it', { timeout: 120000 }, async () => {
  // Before: a cohort-mate does not see the pending answer.
  const learner = await launch({ camera: false });
  const fac = await launch({ camera: false });
  try {
    const lp = await learner.context.newPage();
    await signIn(lp, 'sofia-es');
    assert.equal((await lp.goto(`/threads/${postId}`)).status(), 404, 'pending: not shown to the cohort');

    const page = await fac.context.newPage();
    const errors = watchErrors(page);
    await signIn(page, 'fac-marta');
    await page.getByRole('link', { name: 'Console', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Facilitator console' }).waitFor();
    await assertAccessible(page, 'console overview');
    await page.getByRole('link', { name: 'Moderation queue', exact: true }).first().click();
    await page.waitForURL(/\/queue/);
    await assertAccessible(page, 'console queue');

    const item = page.locator(`#item-${postId}`);
    await item.waitFor();
    const video = item.locator('video');
    assert.equal(await video.getAttribute('preload'), 'none');
    assert.ok(await video.getAttribute('poster'), 'a poster');
    await assertPlays(video, 'the queued answer');
    await video.evaluate((v) => v.pause());
    await page.evaluate(() => { window.ctNoReload = true; document.activeElement.blur(); });

    // ? opens the help; Escape closes it.
    await page.keyboard.press('?');
    await page.getByRole('dialog', { name: 'Keyboard shortcuts' }).waitFor();
    await assertAccessible(page, 'console queue with the help open');
    await page.keyboard.press('Escape');

    // j to the item (the first one is this answer on a fresh demo), 3 = Hate, then 8 = other.
    await page.keyboard.press('j');
    assert.equal(await page.evaluate(() => document.activeElement.id), `item-${postId}`);
    await page.keyboard.press('3');
    const statement = item.locator('textarea[name=statement]');
    assert.match(await statement.inputValue(), /hateful/, 'the reason fills the statement');
    await page.keyboard.press('8');
    assert.equal(await statement.inputValue(), 'A facilitator reviewed your post.');
    await page.keyboard.press('a');
    await item.waitFor({ state: 'detached' });
    await page.getByRole('status').filter({ hasText: 'Decision saved.' }).waitFor();
    assert.equal(await page.evaluate(() => window.ctNoReload), true, 'no reload');
    assert.deepEqual(errors, []);

    // The cohort-mate now sees it and can play it.
    const res = await lp.goto(`/threads/${postId}`);
    assert.equal(res.status(), 200);
    await assertPlays(lp.locator('video').first(), 'the approved answer');

    // The nudge page is accessible too.
    await page.goto(`/console/courses/${env.courseId}/prompts/${promptId}/nudges`);
    await assertAccessible(page, 'console nudges');
  } finally {
    await learner.close();
    await fac.close();
  }
});
