// The facilitator console in Chromium (issue 12): a facilitator signs in from a link, finds a
// learner's pre-moderated answer in the queue, plays it, approves it with a reason by keyboard
// alone (j, a reason digit, a), and the queue moves on without a reload; a cohort-mate then sees
// the answer. axe finds no serious or critical violation on the console pages. A reply that a
// cohort-mate reports is hidden by the facilitator with a statement of reasons, and its author
// reads that statement on "my posts".
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

test('a reported reply is hidden with a statement of reasons that its author reads on my posts', { timeout: 180000 }, async () => {
  const replyPrompt = await createPrompt({ title: `Reported reply ${Date.now() % 100000}`, min: 10, moderation: 'post' });
  const claire = await launch({ camera: false });
  const sofia = await launch({ camera: false });
  const fac = await launch({ camera: false });
  try {
    // Claire answers; Sofia replies with a picked file.
    const pc = await claire.context.newPage();
    await signIn(pc, 'claire-fr');
    await pc.goto(`/prompts/${replyPrompt}`);
    const sc = JSON.parse(await recorder(pc).getAttribute('data-l10n'));
    await recorder(pc).getByLabel(sc.pick_file).setInputFiles(path.join(env.media, 'long_12s.mp4'));
    await previewShown(pc);
    await sendAndWatch(pc, sc);
    const threadUrl = await recorder(pc).locator('.recorder-result a').getAttribute('href');

    const ps = await sofia.context.newPage();
    await signIn(ps, 'sofia-es');
    await ps.goto(threadUrl);
    const ss = JSON.parse(await recorder(ps).getAttribute('data-l10n'));
    await recorder(ps).getByLabel(ss.pick_file).setInputFiles(path.join(env.media, 'long_12s.mp4'));
    await previewShown(ps);
    await sendAndWatch(ps, ss);

    // Claire reports the reply (the only post on her thread she may report).
    await pc.goto(threadUrl);
    const flag = pc.locator('details.flag');
    assert.equal(await flag.count(), 1, 'one reportable post: the reply');
    const replyId = (await flag.locator('form').getAttribute('action')).split('/')[2];
    await flag.locator('summary').click();
    // Claire reads French: find the controls by their names in the form, not their labels.
    await flag.locator('select[name=reason]').selectOption('spam');
    await flag.locator('button[type=submit]').click();
    await pc.waitForLoadState();

    // Marta hides it from the queue, with the spam statement edited before sending.
    const pf = await fac.context.newPage();
    await signIn(pf, 'fac-marta');
    await pf.goto(`/console/courses/${env.courseId}/queue?reason=spam`);
    const item = pf.locator(`#item-${replyId}`);
    await item.waitFor();
    await item.getByLabel('Reason', { exact: true }).selectOption('spam');
    const statement = item.locator('textarea[name=statement]');
    assert.notEqual(await statement.inputValue(), '', 'the reason fills the statement');
    const words = 'Your reply advertised a product; please keep replies about the prompt.';
    await statement.fill(words);
    await item.getByRole('button', { name: 'Hide', exact: true }).click();
    await item.waitFor({ state: 'detached' });

    // The cohort no longer sees the reply; Sofia reads why on "my posts".
    await pc.goto(threadUrl);
    assert.equal(await pc.locator(`#post-${replyId}`).count(), 0, 'hidden from the cohort');
    await ps.locator('a[href^="/me/posts"]').first().click();
    await ps.waitForURL(/\/me\/posts/);
    const mine = ps.locator('.statement').filter({ hasText: words });
    await mine.waitFor();
    await assertAccessible(ps, 'my posts with a statement of reasons');
  } finally {
    await claire.close();
    await sofia.close();
    await fac.close();
  }
});
