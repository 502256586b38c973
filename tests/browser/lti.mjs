// LTI 1.3 in Chromium, inside a platform's iframe (issue 13): the platform is PyPI's
// lti1p3platform behind a small server (lib/lti_platform.py) on http://localhost, the tool on
// http://127.0.0.1, so the tool's cookies in the platform's frame are third-party and Chromium
// drops them (as Safari does with every third-party cookie). Everything must work anyway: the
// login's state travels through the platform's storage (lti.put_data / lti.get_data), an
// instructor deep-links a prompt from inside the frame, and a learner's launch of that link
// offers a new tab that lands on the prompt signed in; the roster is synced from the platform's
// Names and Roles service and the learner's score reaches its gradebook after an answer and a reply.
// Run: tests/browser/lti.sh

import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { api, assertAccessible, env, launch, watchErrors } from './lib/app.mjs';

const platform = process.env.CT_LTI_PLATFORM; // the browser's view: http://localhost:PORT
const platformApi = process.env.CT_LTI_PLATFORM_API; // the tool's view: http://127.0.0.1:PORT
const clientId = process.env.CT_LTI_CLIENT_ID;
const deployment = process.env.CT_LTI_DEPLOYMENT;
assert.ok(platform && platformApi && clientId && deployment, 'run through tests/browser/lti.sh');

const tag = Date.now() % 100000;

// One renderer process for the platform's page and the tool's frame. With site isolation the
// frame moves between processes at each hop of the launch (localhost -> 127.0.0.1 -> localhost
// -> 127.0.0.1), and in about 1 run in 4 on PostgreSQL Playwright kept the frame at the
// platform's /auth URL while the tool's server had answered every hop (its log showed the
// launch and /lti/continue). Cookies and postMessage, what these tests are about, do not depend
// on the process model.
const browserArgs = ['--disable-site-isolation-trials', '--disable-features=IsolateOrigins,site-per-process'];

before(async () => {
  const r = await api('POST', '/v1/lti/registrations', {
    issuer: platform, client_id: clientId, deployment_ids: [deployment],
    auth_login_url: `${platform}/auth`, auth_token_url: `${platformApi}/token`, jwks_url: `${platformApi}/jwks`,
  });
  assert.equal(r.status, 201, r.text);
});

/** CT_SHOTS=dir keeps screenshots of the pages as a person sees them. */
async function shot(page, name) {
  if (process.env.CT_SHOTS) await page.screenshot({ path: `${process.env.CT_SHOTS}/${name}.png` });
}

async function platformState() {
  const r = await fetch(`${platformApi}/state`);
  return r.json();
}

/** The tool's frame on the platform's course page. */
function toolFrame(page) {
  return page.frameLocator('iframe[name="tool"]');
}

async function storageLog(page) {
  return page.evaluate(() => window.ltiStorageLog);
}

/** Opens the platform's course page for a user and waits for the tool's frame to show `text`. */
async function openCourse(b, query, text) {
  const page = await b.context.newPage();
  await page.goto(`${platform}/course?${new URLSearchParams(query)}`);
  try {
    await toolFrame(page).getByText(text).first().waitFor({ timeout: 20000 });
  } catch (e) {
    const f = page.frame({ name: 'tool' });
    const shown = f ? `${f.url()}\n${await f.locator('body').innerText().catch(() => '?')}` : 'no frame';
    throw new Error(`the tool's frame never showed "${text}"; it shows: ${shown}; storage: ${JSON.stringify(await storageLog(page))}`);
  }
  return page;
}

let courseId;
let promptId;
const promptTitle = `Objects that travel ${tag}`;

test('an instructor launches in the frame without cookies: the state goes through the platform storage', { timeout: 120000 }, async () => {
  const b = await launch({ camera: false, args: browserArgs });
  try {
    const page = await openCourse(b, { user: `teacher-${tag}`, name: 'Tess Teacher', role: 'instructor' }, 'Continue in a new tab');
    const errors = watchErrors(page);
    const log = await storageLog(page);
    const put = log.find((m) => m.subject === 'lti.put_data');
    const get = log.find((m) => m.subject === 'lti.get_data');
    assert.ok(put && get, `the tool kept and read its state in the platform storage: ${JSON.stringify(log)}`);
    assert.equal(put.key, get.key, 'the same key');
    assert.match(put.key, /^crosstalk_state_/);
    await assertAccessible(page, 'platform page with the tool asking for a new tab');
    await shot(page, 'lti-1-frame-new-tab');
    // The new tab is first-party: it lands on the course, signed in as the instructor.
    const [tab] = await Promise.all([
      page.waitForEvent('popup'),
      toolFrame(page).getByRole('link', { name: 'Open in a new tab' }).click(),
    ]);
    await tab.waitForURL(/\/courses\/crs_/);
    courseId = new URL(tab.url()).pathname.split('/').pop();
    await tab.getByRole('heading', { level: 1, name: 'Virtual Exchange in the browser' }).waitFor();
    await shot(tab, 'lti-2-tab-course');
    assert.ok(await tab.getByRole('link', { name: 'Console', exact: true }).isVisible(), 'an instructor is a facilitator');
    assert.deepEqual(errors, []);
  } finally {
    await b.close();
  }
  // The course team adds a prompt to the course the launch created.
  const m = await api('POST', `/v1/courses/${courseId}/modules`, { title: `Week 1 ${tag}` });
  assert.equal(m.status, 201, m.text);
  const now = Date.now();
  const p = await api('POST', `/v1/modules/${m.body.id}/prompts`, {
    title: promptTitle, body: 'Show an object that came from far away.',
    opens_at: new Date(now - 3600e3).toISOString(), closes_at: new Date(now + 7 * 86400e3).toISOString(),
    min_seconds: 5, max_seconds: 120,
  });
  assert.equal(p.status, 201, p.text);
  promptId = p.body.id;
});

test('the instructor deep-links the prompt from inside the frame and a learner lands on it in a new tab', { timeout: 120000 }, async () => {
  assert.ok(promptId, 'the first test made the prompt');
  const b = await launch({ camera: false, args: browserArgs });
  try {
    // Deep linking: the picker shows in the frame; the choice goes back to the platform signed.
    const page = await openCourse(b, { user: `teacher-${tag}`, name: 'Tess Teacher', role: 'instructor', deep: '1' },
      'Choose a prompt to add to your course');
    const frame = toolFrame(page);
    await shot(page, 'lti-3-frame-picker');
    await frame.getByLabel(promptTitle).check();
    await frame.getByRole('button', { name: 'Add to the course' }).click();
    await frame.getByText('Added to the course').waitFor({ timeout: 20000 });
    const state = await platformState();
    assert.deepEqual(state.errors, []);
    const links = Object.entries(state.links);
    assert.equal(links.length, 1, JSON.stringify(state));
    const [linkId, link] = links[0];
    assert.equal(link.custom.prompt_id, promptId, 'the resource link opens the chosen prompt');
    assert.equal(link.title, promptTitle);

    // A learner launches the new link inside the frame, then continues in a new tab.
    const learner = await openCourse(b, { user: `learner-${tag}`, name: 'Lea Learner', role: 'learner', link: linkId },
      'Continue in a new tab');
    const [tab] = await Promise.all([
      learner.waitForEvent('popup'),
      toolFrame(learner).getByRole('link', { name: 'Open in a new tab' }).click(),
    ]);
    await tab.waitForURL(new RegExp(`/prompts/${promptId}$`));
    await tab.getByRole('heading', { level: 1, name: promptTitle }).waitFor();
    // Signed in as the learner: the recorder to answer is there.
    await tab.locator('#recorder').waitFor();
    await shot(tab, 'lti-4-tab-prompt');
    const members = await api('GET', `/v1/courses/${courseId}/members`);
    const lea = members.body.items.find((m) => m.external_id === `learner-${tag}`);
    assert.equal(lea.role, 'learner');
    assert.equal(lea.display_name, 'Lea Learner');
  } finally {
    await b.close();
  }
});

/** A member's API token (the team mints it, as an LMS integration would). */
async function memberToken(ext) {
  const r = await api('POST', `/v1/courses/${courseId}/members/${ext}/tokens`, {});
  assert.equal(r.status, 201, r.text);
  return r.body.token;
}

/** A tus upload of a fixture in one PATCH; returns the upload id. */
async function upload(token, file) {
  const data = fs.readFileSync(path.join(env.media, file));
  const auth = { authorization: `Bearer ${token}`, 'tus-resumable': '1.0.0' };
  const c = await fetch(`${env.base}/v1/uploads`, { method: 'POST', headers: { ...auth, 'upload-length': String(data.length) } });
  assert.equal(c.status, 201, await c.text());
  const at = new URL(c.headers.get('location'), env.base);
  const p = await fetch(at, {
    method: 'PATCH', body: data,
    headers: { ...auth, 'upload-offset': '0', 'content-type': 'application/offset+octet-stream' },
  });
  assert.equal(p.status, 204, await p.text());
  return at.pathname.split('/').pop();
}

async function post(token, pathname, uploadId) {
  const r = await api('POST', pathname, { upload_id: uploadId }, { key: token });
  assert.equal(r.status, 201, r.text);
  return r.body.id;
}

test('the roster comes from Names and Roles, and an answer and a reply send the score to the gradebook', { timeout: 180000 }, async () => {
  assert.ok(courseId && promptId, 'the first tests made the course and its deep-linked prompt');
  // Names and Roles: the context's 12 members (the two who launched and ten more), 5 a page.
  const sync = await api('POST', `/v1/courses/${courseId}/lti/roster-sync`, {});
  assert.equal(sync.status, 200, sync.text);
  // The instructor's launch already synced in the background; now all 12 are known either way.
  assert.equal(sync.body.created + sync.body.updated, 12, JSON.stringify(sync.body));
  assert.equal(sync.body.inactive, 0);
  const members = await api('GET', `/v1/courses/${courseId}/members`);
  const fromRoster = members.body.items.filter((m) => m.external_id.startsWith('roster-'));
  assert.equal(fromRoster.length, 10);
  assert.ok(fromRoster.every((m) => m.role === 'learner' && m.display_name.startsWith('Roster Learner')));

  // Lea (launched through the deep-linked link) answers and replies to a peer's answer.
  const peer = await memberToken('roster-01');
  const peerAnswer = await post(peer, `/v1/prompts/${promptId}/posts`, await upload(peer, 'long_12s.mp4'));
  const lea = await memberToken(`learner-${tag}`);
  await post(lea, `/v1/prompts/${promptId}/posts`, await upload(lea, 'long_12s.mp4'));
  await post(lea, `/v1/posts/${peerAnswer}/replies`, await upload(lea, 'long_12s.mp4'));

  // The worker publishes the videos; the outbox posts Lea's score to the link's line item.
  let score;
  for (let i = 0; i < 170 && !score; i++) {
    const s = await platformState();
    score = s.scores.find((x) => x.userId === `learner-${tag}`);
    if (!score) await new Promise((r) => setTimeout(r, 1000));
  }
  assert.ok(score, `no score reached the platform: ${JSON.stringify(await platformState())}`);
  assert.equal(score.scoreGiven, 2);
  assert.equal(score.scoreMaximum, 2);
  assert.equal(score.activityProgress, 'Completed');
  assert.equal(score.gradingProgress, 'FullyGraded');
  const state = await platformState();
  assert.ok(!state.scores.some((x) => x.userId === 'roster-01'), 'the peer has not replied: no score');
  assert.deepEqual(state.errors, []);
});
