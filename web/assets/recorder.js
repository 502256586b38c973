// The recorder: enhances the server-rendered <section id="recorder"> mount into camera ->
// record -> preview -> send (tus upload) -> processing -> ready, keeping the file picker as the
// fallback. No framework; every word comes from data-l10n (the key name when one is missing).
// Classes it sets for app.css: recorder-ui, recorder-camera > recorder-live (+ --mirror for the
// front camera), recorder-timer (+ --short under the minimum), recorder-review > recorder-preview,
// recorder-text, recorder-actions, recorder-status, recorder-message, recorder-progress,
// recorder-result. Visibility is only ever the `hidden` attribute on those (the CSP forbids
// style attributes).

// H.264 in MP4 first: the server copies it (fast path) when it fits the media profile. Chromium
// builds without an AAC encoder (Debian's) offer H.264 with Opus: the video is still copied and
// only the audio re-encoded. Bare 'video/mp4' is Safari's H.264/AAC (and VP9 in such Chromiums).
const MIME_TYPES = [
  'video/mp4;codecs=avc1.42E01E,mp4a.40.2', 'video/mp4;codecs=avc1.42E01E,opus', 'video/mp4',
  'video/webm;codecs=vp8,opus', 'video/webm;codecs=vp9,opus', 'video/webm',
];
const RETRY_DELAYS = [0, 1000, 3000, 5000, 10000, 20000, 30000, 60000];
const CHUNK_BYTES = 4 * 1024 * 1024;

function enhance(root) {
  const d = root.dataset;
  const l10n = parseJson(d.l10n);
  const minS = Number(d.minSeconds) || 1;
  const maxS = Number(d.maxSeconds) || 600;
  const t = (key) => (l10n[key] || key).replace('{min}', String(minS)).replace('{max}', String(maxS));
  const fallback = root.querySelector('form');
  const fileInput = root.querySelector('input[type=file]');
  const textInput = root.querySelector('textarea');

  const el = (tag, attrs = {}, text) => {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
    if (text !== undefined) e.textContent = text;
    return e;
  };
  const button = (label, onClick) => {
    const e = el('button', { type: 'button' }, label);
    e.addEventListener('click', onClick);
    return e;
  };
  // The interface, built once; each state shows a part of it (show()).
  const ui = {
    live: el('div', { class: 'recorder-camera' }),
    timer: el('p', { class: 'recorder-timer', role: 'timer', 'aria-label': t('time_elapsed') }),
    preview: el('div', { class: 'recorder-review' }),
    message: el('p', { class: 'recorder-message', tabindex: '-1' }),
    progress: el('div', { class: 'recorder-progress' }),
    result: el('div', { class: 'recorder-result' }),
    status: el('p', { class: 'recorder-status', role: 'status', tabindex: '-1' }),
  };
  // Each video sits in a <div> that is hidden instead (a stylesheet's video{display:block} would
  // override the hidden attribute on the video itself).
  const live = el('video', { class: 'recorder-live', playsinline: '', muted: '', autoplay: '' });
  const preview = el('video', { class: 'recorder-preview', playsinline: '', controls: '' });
  live.muted = true;
  ui.live.append(live);
  ui.preview.append(preview);
  const bar = el('progress', { id: 'recorder-progress', max: '100', value: '0' });
  ui.progress.append(el('label', { for: 'recorder-progress' }, t('progress')), bar);
  const b = {
    open: button(l10n.open_camera || t('record'), () => { b.open.dataset.started = '1'; openCamera(); }),
    record: button(t('record'), () => startRecording()),
    switchCam: button(t('switch_camera'), () => switchCamera()),
    stop: button(t('stop'), () => stopRecording()),
    selfView: button(t('hide_self_view'), () => toggleSelfView()),
    retake: button(t('retake'), () => retake()),
    send: button(t('send'), () => send()),
    cancel: button(t('cancel'), () => cancelUpload()),
    retry: button(t('retry'), () => retryAction && retryAction()),
    again: button(t('record_again'), () => retake()),
  };
  const actions = el('div', { class: 'recorder-actions' });
  actions.append(...Object.values(b));
  const box = el('div', { class: 'recorder-ui' });
  box.append(ui.status, ui.live, ui.timer, ui.preview, ui.message, ui.progress, actions, ui.result);
  root.insertBefore(box, fallback);
  // The form stays where it is (the page does not jump): its file picker and optional words serve
  // recordings too, and its submit button becomes Send, disabled until there is something to send.
  const submit = fallback.querySelector('[type=submit]');
  if (submit) submit.replaceWith(b.send);

  let stream = null;
  let facing = 'user';
  let recorder = null;
  let recording = null; // { blob, seconds, type, name, lastModified, picked? }
  let upload = null;
  let startedAt = 0;
  let stoppedAt = 0;
  let stopReason = '';
  let tick = 0;
  let pollTimer = 0;
  let retryAction = null;
  let wakeLock = null;

  function show(parts, focus) {
    for (const [name, e] of Object.entries({ ...b, ...ui })) {
      if (name !== 'status') e.hidden = !parts.includes(name);
    }
    if (parts.includes('file') && submit) b.send.hidden = false;
    if (!recording) b.send.disabled = true;
    if (!stream) ui.live.hidden = true;
    fallback.hidden = !parts.includes('file');
    const target = focus && (b[focus] || ui[focus]);
    if (target) target.focus();
  }
  const say = (key) => { ui.status.textContent = t(key); };
  const note = (text) => { ui.message.textContent = text; };
  const awake = async (on) => {
    try {
      if (on && !wakeLock && navigator.wakeLock) wakeLock = await navigator.wakeLock.request('screen');
      if (!on && wakeLock) { await wakeLock.release(); wakeLock = null; }
    } catch { wakeLock = null; }
  };

  // Camera: opened on demand, front or back, at most 1280x720 and 30 fps. Phones name their
  // cameras' facing; other devices (and several cameras on a laptop) are switched by device id.
  let deviceId = null;
  let cameras = [];
  async function getStream() {
    const which = deviceId ? { deviceId: { exact: deviceId } } : { facingMode: facing };
    const video = { ...which, width: { ideal: 1280, max: 1280 }, height: { ideal: 720, max: 1280 },
      frameRate: { ideal: 30, max: 30 } };
    const audio = { echoCancellation: true, noiseSuppression: true };
    try {
      return await navigator.mediaDevices.getUserMedia({ video, audio });
    } catch (e) {
      if (e.name !== 'OverconstrainedError') throw e;
      return navigator.mediaDevices.getUserMedia({ video: which, audio });
    }
  }
  function stopStream() {
    if (stream) stream.getTracks().forEach((tr) => tr.stop());
    stream = null;
    live.srcObject = null;
  }
  async function openCamera() {
    if (!navigator.mediaDevices || !window.MediaRecorder) return noCamera('not_supported');
    stopStream();
    say('starting_camera');
    try {
      stream = await getStream();
    } catch (e) {
      return noCamera(e.name === 'NotAllowedError' || e.name === 'SecurityError' ? 'permission_denied' : 'no_camera');
    }
    const settings = stream.getVideoTracks()[0].getSettings();
    if (settings.facingMode === 'user' || settings.facingMode === 'environment') facing = settings.facingMode;
    deviceId = settings.deviceId || deviceId;
    live.srcObject = stream;
    live.classList.toggle('recorder-live--mirror', facing === 'user');
    try {
      cameras = (await navigator.mediaDevices.enumerateDevices()).filter((x) => x.kind === 'videoinput');
    } catch { cameras = []; }
    say(facing === 'user' ? 'camera_front' : 'camera_back');
    return show(cameras.length > 1 ? ['live', 'record', 'switchCam', 'file'] : ['live', 'record', 'file'], 'record');
  }
  async function switchCamera() {
    const track = stream && stream.getVideoTracks()[0];
    const facingKnown = track && track.getSettings().facingMode;
    facing = facing === 'user' ? 'environment' : 'user';
    if (facingKnown) {
      deviceId = null; // a phone: front <-> back, whichever lens it picks
    } else {
      const i = cameras.findIndex((c) => c.deviceId === deviceId);
      const next = cameras[(i + 1) % cameras.length];
      deviceId = next && next.deviceId ? next.deviceId : null;
    }
    await openCamera();
    if (!b.switchCam.hidden) b.switchCam.focus();
  }
  function noCamera(key) {
    stopStream();
    say(key);
    show(['file'], 'status');
    if (fileInput) fileInput.focus();
  }

  // Recording, with a live timer against the prompt's minimum and maximum.
  function startRecording() {
    const type = MIME_TYPES.find((m) => MediaRecorder.isTypeSupported(m)) || '';
    const chunks = [];
    recorder = new MediaRecorder(stream, { mimeType: type, videoBitsPerSecond: 2000000, audioBitsPerSecond: 128000 });
    recorder.addEventListener('dataavailable', (e) => { if (e.data.size) chunks.push(e.data); });
    recorder.addEventListener('stop', () => {
      const mime = recorder.mimeType || type || 'video/webm';
      const now = Date.now();
      recording = { blob: new Blob(chunks, { type: mime }), seconds: (stoppedAt - startedAt) / 1000, type: mime,
        name: `recording-${now}.${mime.startsWith('video/mp4') ? 'mp4' : 'webm'}`, lastModified: now };
      stopStream();
      awake(false);
      review();
    });
    startedAt = performance.now();
    recorder.start(1000);
    awake(true);
    tick = setInterval(updateTimer, 250);
    updateTimer();
    say('recording');
    b.selfView.textContent = t('hide_self_view');
    show(['live', 'timer', 'stop', 'selfView'], 'stop');
  }
  function updateTimer() {
    const s = (performance.now() - startedAt) / 1000;
    ui.timer.textContent = `${clock(s)} / ${clock(maxS)}`;
    ui.timer.classList.toggle('recorder-timer--short', s < minS);
    if (s >= maxS) stopRecording('max_reached');
  }
  function stopRecording(why) {
    clearInterval(tick);
    stoppedAt = performance.now();
    if (recorder && recorder.state !== 'inactive') recorder.stop();
    stopReason = typeof why === 'string' ? why : '';
  }
  function toggleSelfView() {
    const hide = !ui.live.hidden;
    ui.live.hidden = hide;
    b.selfView.textContent = t(hide ? 'show_self_view' : 'hide_self_view');
    say(hide ? 'self_view_hidden' : 'recording');
  }
  function review() {
    preview.src = URL.createObjectURL(recording.blob);
    const { blob, seconds, type } = recording;
    root.dispatchEvent(new CustomEvent('recorder:recorded', { detail: { blob, seconds, type }, bubbles: true }));
    const tooShort = recording.seconds !== null && recording.seconds < minS - 0.05;
    const tooLong = recording.seconds !== null && recording.seconds > maxS + 1;
    b.send.disabled = tooShort || tooLong;
    say(tooShort ? 'too_short' : (tooLong && 'too_long') || stopReason || 'preview');
    stopReason = '';
    show(['preview', 'file', 'retake', 'send'], b.send.disabled ? 'status' : 'send');
  }
  function retake() {
    clearTimeout(pollTimer);
    if (preview.src) URL.revokeObjectURL(preview.src);
    preview.removeAttribute('src');
    recording = null;
    b.send.disabled = false;
    ui.result.replaceChildren();
    if (fileInput) fileInput.value = '';
    openCamera();
  }

  // A file from the picker goes the same way as a recording.
  if (fileInput) {
    fileInput.addEventListener('change', () => {
      const file = fileInput.files && fileInput.files[0];
      if (!file) return;
      stopStream();
      recording = { blob: file, seconds: null, type: file.type, name: file.name, picked: true };
      // Its length, when the browser can read it, says early whether it is too short or long.
      const probe = el('video', { preload: 'metadata', muted: '' });
      let done = false;
      const go = () => {
        if (done) return;
        done = true;
        if (Number.isFinite(probe.duration)) recording.seconds = probe.duration;
        URL.revokeObjectURL(probe.src);
        review();
      };
      probe.addEventListener('loadedmetadata', go);
      probe.addEventListener('error', go);
      setTimeout(go, 3000);
      probe.src = URL.createObjectURL(file);
    });
    fallback.addEventListener('submit', (e) => e.preventDefault());
  }

  // Sending: the tus upload (resumable, also across reloads), then the post, then its status.
  async function send() {
    if (!recording) return;
    recording.text = textInput ? textInput.value.trim() : '';
    if (!recording.picked) await store.put(d.createUrl, recording);
    startUpload(recording);
  }
  const asFile = (rec) => (rec.blob instanceof File ? rec.blob
    : new File([rec.blob], rec.name, { type: rec.type, lastModified: rec.lastModified }));
  const fingerprint = (f) => ['crosstalk', d.createUrl, f.name, f.type, f.size, f.lastModified].join('|');
  function startUpload(rec) {
    const file = asFile(rec);
    bar.value = 0;
    say('uploading');
    show(['progress', 'cancel'], 'status');
    awake(true);
    upload = new window.tus.Upload(file, {
      endpoint: d.uploadUrl,
      chunkSize: CHUNK_BYTES,
      retryDelays: RETRY_DELAYS,
      headers: { 'X-CSRF-Token': d.csrf },
      metadata: { filename: rec.name, filetype: rec.type || 'application/octet-stream' },
      // The fingerprint stays until the post exists: a reload between the last byte and the post
      // finds the finished upload (HEAD: complete) instead of sending the bytes again.
      storeFingerprintForResuming: true,
      removeFingerprintOnSuccess: false,
      fingerprint: (f) => Promise.resolve(fingerprint(f)),
      onProgress: (sent, total) => { bar.value = total ? Math.floor((sent / total) * 100) : 0; },
      onError: () => uploadFailed(rec),
      onSuccess: () => uploaded(rec, upload.url),
    });
    upload.findPreviousUploads().then((previous) => {
      if (previous.length) upload.resumeFromPreviousUpload(previous[0]);
      upload.start();
    }, () => upload.start());
  }
  function uploadFailed(rec) {
    say(navigator.onLine ? 'error' : 'offline');
    retryAction = () => startUpload(rec);
    show(['progress', 'retry', 'cancel'], navigator.onLine ? 'retry' : 'status');
  }
  window.addEventListener('online', () => {
    if (b.retry.hidden || !retryAction) return;
    say('online');
    retryAction();
  });
  function cancelUpload() {
    if (upload) upload.abort(true).catch(() => {});
    upload = null;
    awake(false);
    store.remove(d.createUrl);
    review();
  }
  function forgetUploads(rec) {
    const urls = window.tus.defaultOptions && window.tus.defaultOptions.urlStorage;
    if (!urls || !rec || !rec.blob) return;
    urls.findUploadsByFingerprint(fingerprint(asFile(rec)))
      .then((all) => all.forEach((p) => urls.removeUpload(p.urlStorageKey)), () => {});
  }
  async function uploaded(rec, uploadUrl) {
    // From here on a reload creates the post without sending the bytes again.
    if (!rec.picked) await store.put(d.createUrl, { ...rec, uploadUrl });
    createPost(uploadUrl, rec.text, rec);
  }
  async function createPost(uploadUrl, text, rec) {
    const uploadId = new URL(uploadUrl, location.href).pathname.split('/').filter(Boolean).pop();
    say('processing');
    bar.value = 0;
    show(['progress'], 'status');
    let res = null;
    try {
      res = await fetch(d.createUrl, {
        method: 'POST', credentials: 'same-origin',
        // A retry after a lost answer gets the first answer again, not a second post.
        headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': d.csrf, 'Idempotency-Key': uploadId },
        body: JSON.stringify(text ? { upload_id: uploadId, text } : { upload_id: uploadId }),
      });
    } catch { /* offline: offer to try again */ }
    if (!res || !res.ok) {
      const problem = res ? await res.json().catch(() => ({})) : {};
      say(navigator.onLine ? 'error' : 'offline');
      note(problem.detail || '');
      retryAction = () => createPost(uploadUrl, text, rec);
      return show(problem.detail ? ['message', 'retry'] : ['retry'], 'retry');
    }
    retryAction = null;
    const post = await res.json();
    await store.remove(d.createUrl);
    forgetUploads(rec);
    say('sent');
    return poll(post, 1000);
  }
  async function poll(post, delay) {
    let s = null;
    try {
      const res = await fetch(post.status_url, { credentials: 'same-origin', headers: { Accept: 'application/json' } });
      if (res.ok) s = await res.json();
    } catch { /* offline: try again later */ }
    if (s && s.status === 'ready') return ready(post, s);
    if (s && (s.status === 'rejected' || s.status === 'failed')) return rejected(s);
    if (s) {
      say('processing');
      bar.value = Math.max(0, Math.min(100, Math.round(Number(s.progress) || 0)));
    }
    pollTimer = setTimeout(() => poll(post, Math.min(delay * 1.25, 5000)), delay);
    return undefined;
  }
  function ready(post, s) {
    if (preview.src) URL.revokeObjectURL(preview.src);
    recording = null;
    awake(false);
    const video = el('video', { controls: '', playsinline: '', preload: 'metadata', src: s.playback_url });
    if (s.poster_url) video.setAttribute('poster', s.poster_url);
    const parts = [video];
    if (s.state_text) parts.push(el('p', {}, s.state_text));
    parts.push(el('a', { href: s.thread_url || post.thread_url }, t('view_post')));
    ui.result.replaceChildren(...parts);
    say('ready');
    show(['result'], 'status');
    root.dispatchEvent(new CustomEvent('recorder:ready', { detail: post, bubbles: true }));
  }
  function rejected(s) {
    recording = null;
    awake(false);
    say(s.status === 'failed' ? 'failed' : 'rejected');
    note(s.reason_text || '');
    show(['message', 'again'], 'message');
  }

  // Start: a recording that a reload interrupted goes on; otherwise offer the camera.
  // IndexedDB can answer after the learner has already picked a file: then leave things be.
  show(['open', 'file']);
  store.get(d.createUrl).then((pending) => {
    if (recording || stream || b.open.dataset.started) return undefined;
    if (pending && pending.uploadUrl) return createPost(pending.uploadUrl, pending.text, pending);
    if (pending && pending.blob) {
      recording = pending;
      say('resuming');
      return startUpload(pending);
    }
    return undefined;
  });
}

// A recording waiting for its upload, kept in IndexedDB (by create URL) so a reload loses nothing.
const store = {
  open() {
    return new Promise((resolve, reject) => {
      if (!window.indexedDB) return reject(new Error('no IndexedDB'));
      const req = indexedDB.open('crosstalk-recorder', 1);
      req.onupgradeneeded = () => req.result.createObjectStore('pending');
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
      return undefined;
    });
  },
  async run(mode, fn) {
    try {
      const db = await this.open();
      return await new Promise((resolve, reject) => {
        const tx = db.transaction('pending', mode);
        const req = fn(tx.objectStore('pending'));
        tx.oncomplete = () => { db.close(); resolve(req.result); };
        tx.onerror = () => { db.close(); reject(tx.error); };
        tx.onabort = tx.onerror;
      });
    } catch {
      return undefined; // private mode or no quota: uploads still work, without reload safety
    }
  },
  get(key) { return this.run('readonly', (s) => s.get(key)); },
  put(key, rec) {
    const { blob, seconds, type, name, lastModified, text, uploadUrl } = rec;
    return this.run('readwrite', (s) => s.put({ blob, seconds, type, name, lastModified, text, uploadUrl }, key));
  },
  remove(key) { return this.run('readwrite', (s) => s.delete(key)); },
};

function parseJson(text) {
  try { return JSON.parse(text || '{}'); } catch { return {}; }
}
function clock(seconds) {
  const s = Math.max(0, Math.floor(seconds));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

const mount = document.getElementById('recorder');
if (mount && mount.querySelector('form') && window.tus && window.tus.isSupported) enhance(mount);
