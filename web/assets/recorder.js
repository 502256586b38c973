// The recorder: enhances the server-rendered <section id="recorder"> mount into camera ->
// record -> preview -> send (tus upload) -> processing -> ready, with the file picker as the
// fallback. No framework; every string comes from data-l10n (the key name when missing).
// Classes it sets for app.css: recorder-live, recorder-live--mirror, recorder-preview,
// recorder-timer, recorder-actions, recorder-status, recorder-message, recorder-progress,
// recorder-result. Visibility is only ever the `hidden` attribute (the CSP forbids style="").

// H.264 in MP4 first: the server copies it (fast path) when it fits the media profile. Chromium
// builds without an AAC encoder (Debian's) offer H.264 with Opus: the video is still copied and
// only the audio re-encoded. Bare 'video/mp4' is Safari's H.264/AAC (and VP9 in such Chromiums).
const MIME_TYPES = [
  'video/mp4;codecs=avc1.42E01E,mp4a.40.2', 'video/mp4;codecs=avc1.42E01E,opus', 'video/mp4',
  'video/webm;codecs=vp8,opus', 'video/webm;codecs=vp9,opus', 'video/webm',
];
const RETRY_DELAYS = [0, 1000, 3000, 5000, 10000, 20000, 30000];
const CHUNK_BYTES = 4 * 1024 * 1024;
const DB_NAME = 'crosstalk-recorder';

function enhance(root) {
  const d = root.dataset;
  const l10n = parseJson(d.l10n);
  const minS = Number(d.minSeconds) || 1;
  const maxS = Number(d.maxSeconds) || 600;
  const t = (key) => (l10n[key] || key).replace('{min}', String(minS)).replace('{max}', String(maxS));
  const fallback = root.querySelector('form');
  const fileInput = root.querySelector('input[type=file]');

  // The enhanced interface, built once; each state shows a subset.
  const ui = {};
  const el = (tag, attrs = {}, text) => {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
    if (text !== undefined) e.textContent = text;
    return e;
  };
  const button = (key, onClick) => {
    const b = el('button', { type: 'button', 'data-action': key }, t(key));
    b.addEventListener('click', onClick);
    return b;
  };
  const box = el('div', { class: 'recorder-ui' });
  ui.status = el('p', { class: 'recorder-status', role: 'status', 'aria-live': 'polite', tabindex: '-1' });
  ui.live = el('video', { class: 'recorder-live', playsinline: '', muted: '', autoplay: '' });
  ui.live.muted = true;
  ui.timer = el('p', { class: 'recorder-timer', hidden: '' });
  ui.preview = el('video', { class: 'recorder-preview', playsinline: '', controls: '', hidden: '' });
  ui.message = el('p', { class: 'recorder-message', hidden: '', tabindex: '-1' });
  const progressId = 'recorder-progress';
  ui.progressLabel = el('label', { for: progressId, hidden: '' }, t('uploading'));
  ui.progress = el('progress', { id: progressId, class: 'recorder-progress', max: '100', value: '0', hidden: '' });
  ui.result = el('div', { class: 'recorder-result', hidden: '' });
  const actions = el('div', { class: 'recorder-actions' });
  const b = {
    open: button('open_camera', () => openCamera()),
    record: button('record', () => startRecording()),
    switchCam: button('switch_camera', () => switchCamera()),
    stop: button('stop', () => stopRecording()),
    selfView: button('hide_self_view', () => toggleSelfView()),
    retake: button('retake', () => retake()),
    send: button('send', () => send()),
    retry: button('retry', () => retryAction && retryAction()),
    again: button('record_again', () => retake()),
  };
  actions.append(...Object.values(b));
  box.append(ui.live, ui.timer, ui.preview, ui.message, ui.progressLabel, ui.progress, actions, ui.result, ui.status);
  root.insertBefore(box, fallback || null);

  let stream = null;
  let facing = 'user';
  let recorder = null;
  let recording = null; // { blob, seconds, name, type }
  let upload = null;
  let startedAt = 0;
  let stoppedAt = 0;
  let retryAction = null;
  let tick = 0;
  let pollTimer = 0;

  function show(visible, focus) {
    for (const [name, btn] of Object.entries(b)) btn.hidden = !visible.includes(name);
    ui.live.hidden = !(visible.includes('live') && stream);
    ui.timer.hidden = !visible.includes('timer');
    ui.preview.hidden = !visible.includes('preview');
    ui.progress.hidden = ui.progressLabel.hidden = !visible.includes('progress');
    ui.result.hidden = !visible.includes('result');
    if (fallback) fallback.hidden = !visible.includes('file');
    if (!visible.includes('message')) ui.message.hidden = true;
    const target = focus && (b[focus] || ui[focus]);
    if (target) target.focus();
  }
  const say = (key) => { ui.status.textContent = t(key); };
  const note = (text) => { ui.message.textContent = text; ui.message.hidden = false; };

  // Camera
  async function cameraCount() {
    try {
      const devices = await navigator.mediaDevices.enumerateDevices();
      return devices.filter((x) => x.kind === 'videoinput').length;
    } catch { return 0; }
  }
  async function getStream() {
    const video = { facingMode: facing, width: { ideal: 1280, max: 1280 }, height: { ideal: 720, max: 1280 },
      frameRate: { ideal: 30, max: 30 } };
    const audio = { echoCancellation: true, noiseSuppression: true };
    try {
      return await navigator.mediaDevices.getUserMedia({ video, audio });
    } catch (e) {
      if (e.name !== 'OverconstrainedError') throw e;
      return navigator.mediaDevices.getUserMedia({ video: { facingMode: facing }, audio });
    }
  }
  function stopStream() {
    if (stream) stream.getTracks().forEach((tr) => tr.stop());
    stream = null;
    ui.live.srcObject = null;
  }
  async function openCamera() {
    if (!navigator.mediaDevices || !window.MediaRecorder) return noCamera();
    stopStream();
    try {
      stream = await getStream();
    } catch {
      return noCamera();
    }
    ui.live.srcObject = stream;
    ui.live.classList.toggle('recorder-live--mirror', facing === 'user');
    const several = (await cameraCount()) > 1;
    say('camera_ready');
    show(several ? ['live', 'record', 'switchCam', 'file'] : ['live', 'record', 'file'], 'record');
  }
  async function switchCamera() {
    facing = facing === 'user' ? 'environment' : 'user';
    await openCamera();
    b.switchCam.focus();
  }
  function noCamera() {
    stopStream();
    note(t('no_camera'));
    show(['message', 'file'], 'message');
    if (fileInput) fileInput.focus();
  }

  // Recording
  function startRecording() {
    const type = MIME_TYPES.find((m) => MediaRecorder.isTypeSupported(m)) || '';
    const chunks = [];
    recorder = new MediaRecorder(stream, { mimeType: type, videoBitsPerSecond: 2000000, audioBitsPerSecond: 128000 });
    recorder.addEventListener('dataavailable', (e) => { if (e.data.size) chunks.push(e.data); });
    recorder.addEventListener('stop', () => {
      const seconds = (stoppedAt - startedAt) / 1000;
      const mime = recorder.mimeType || type || 'video/webm';
      const ext = mime.startsWith('video/mp4') ? 'mp4' : 'webm';
      const blob = new Blob(chunks, { type: mime });
      const now = Date.now();
      recording = { blob, seconds, type: mime, name: `recording-${now}.${ext}`, lastModified: now };
      stopStream();
      review();
    });
    startedAt = performance.now();
    recorder.start(1000);
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
    if (s >= maxS) stopRecording();
  }
  function stopRecording() {
    clearInterval(tick);
    stoppedAt = performance.now();
    if (recorder && recorder.state !== 'inactive') recorder.stop();
  }
  function toggleSelfView() {
    const hide = !ui.live.hidden;
    ui.live.hidden = hide;
    b.selfView.textContent = t(hide ? 'show_self_view' : 'hide_self_view');
  }
  function review() {
    ui.preview.src = URL.createObjectURL(recording.blob);
    const tooShort = recording.seconds !== null && recording.seconds < minS;
    b.send.disabled = tooShort;
    if (tooShort) note(t('too_short'));
    say(tooShort ? 'too_short' : 'review');
    show(['preview', 'retake', 'send', 'message'], tooShort ? 'message' : 'send');
  }
  function retake() {
    clearTimeout(pollTimer);
    if (ui.preview.src) URL.revokeObjectURL(ui.preview.src);
    ui.preview.removeAttribute('src');
    recording = null;
    b.send.disabled = false;
    ui.result.replaceChildren();
    if (fileInput) fileInput.value = '';
    openCamera();
  }

  // A file chosen with the picker goes the same way as a recording.
  if (fallback && fileInput) {
    const pick = (e) => {
      e.preventDefault();
      const file = fileInput.files && fileInput.files[0];
      if (!file) return;
      stopStream();
      recording = { blob: file, seconds: null, type: file.type, name: file.name, picked: true };
      const probe = el('video', { preload: 'metadata' });
      probe.addEventListener('loadedmetadata', () => {
        if (Number.isFinite(probe.duration)) recording.seconds = probe.duration;
        review();
      });
      probe.addEventListener('error', () => review());
      probe.src = URL.createObjectURL(file);
    };
    fileInput.addEventListener('change', pick);
    fallback.addEventListener('submit', pick);
  }

  // Upload (tus), then the post, then its status.
  async function send() {
    if (!recording) return;
    if (!recording.picked) await store.put(d.createUrl, recording);
    startUpload(recording);
  }
  function startUpload(rec) {
    const file = rec.blob instanceof File ? rec.blob
      : new File([rec.blob], rec.name, { type: rec.type, lastModified: rec.lastModified });
    ui.progress.value = 0;
    say('uploading');
    show(['progress'], 'status');
    upload = new window.tus.Upload(file, {
      endpoint: d.uploadUrl,
      chunkSize: Number(d.chunkBytes) || CHUNK_BYTES,
      retryDelays: RETRY_DELAYS,
      headers: { 'X-CSRF-Token': d.csrf },
      metadata: { filename: rec.name, filetype: rec.type || 'application/octet-stream' },
      storeFingerprintForResuming: true,
      removeFingerprintOnSuccess: true,
      fingerprint: (f) => Promise.resolve(['crosstalk', d.createUrl, f.name, f.type, f.size, f.lastModified].join('|')),
      onProgress: (sent, total) => { ui.progress.value = total ? Math.floor((sent / total) * 100) : 0; },
      onError: () => uploadFailed(),
      onSuccess: () => uploaded(rec, upload.url),
    });
    upload.findPreviousUploads().then((previous) => {
      if (previous.length) upload.resumeFromPreviousUpload(previous[0]);
      upload.start();
    }, () => upload.start());
  }
  function uploadFailed() {
    const key = navigator.onLine ? 'upload_failed' : 'offline';
    say(key);
    note(t(key));
    retryAction = () => startUpload(recording);
    show(['progress', 'message', 'retry'], 'retry');
  }
  window.addEventListener('online', () => { if (!b.retry.hidden && retryAction) retryAction(); });
  async function uploaded(rec, uploadUrl) {
    // A reload from here on creates the post without sending the bytes again.
    if (!rec.picked) await store.put(d.createUrl, { ...rec, uploadUrl });
    createPost(uploadUrl);
  }

  async function createPost(uploadUrl) {
    const uploadId = new URL(uploadUrl, location.href).pathname.split('/').filter(Boolean).pop();
    say('processing');
    show(['progress'], 'status');
    ui.progress.value = 100;
    let res;
    try {
      res = await fetch(d.createUrl, {
        method: 'POST', credentials: 'same-origin',
        headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': d.csrf, 'Idempotency-Key': uploadId },
        body: JSON.stringify({ upload_id: uploadId }),
      });
    } catch {
      res = null;
    }
    if (!res || !res.ok) {
      const problem = res ? await res.json().catch(() => ({})) : {};
      note(problem.detail || t(navigator.onLine ? 'upload_failed' : 'offline'));
      say('upload_failed');
      retryAction = () => createPost(uploadUrl);
      return show(['message', 'retry'], 'retry');
    }
    retryAction = null;
    const post = await res.json();
    await store.remove(d.createUrl);
    poll(post, 1000);
  }
  async function poll(post, delay) {
    let s = null;
    try {
      const res = await fetch(post.status_url, { credentials: 'same-origin', headers: { Accept: 'application/json' } });
      if (res.ok) s = await res.json();
    } catch { /* offline: try again later */ }
    if (s && s.status === 'ready') return ready(post, s);
    if (s && (s.status === 'rejected' || s.status === 'failed')) return rejected(s);
    if (s && typeof s.progress === 'number') ui.progress.value = Math.round(s.progress * 100);
    pollTimer = setTimeout(() => poll(post, Math.min(delay * 1.5, 10000)), delay);
  }
  function ready(post, s) {
    if (ui.preview.src) URL.revokeObjectURL(ui.preview.src);
    recording = null;
    const video = el('video', { controls: '', playsinline: '', preload: 'metadata', src: s.playback_url });
    if (s.poster_url) video.setAttribute('poster', s.poster_url);
    const kids = [video];
    if (post.thread_url) kids.push(el('a', { href: post.thread_url }, t('open_thread')));
    ui.result.replaceChildren(...kids);
    say('ready');
    show(['result'], 'status');
    video.focus();
    root.dispatchEvent(new CustomEvent('recorder:ready', { detail: post, bubbles: true }));
  }
  function rejected(s) {
    recording = null;
    note(s.reason_text || t('rejected'));
    say('rejected');
    show(['message', 'again'], 'message');
  }

  // Start: resume a recording a reload interrupted, or offer the camera.
  store.get(d.createUrl).then((pending) => {
    if (pending && pending.uploadUrl) {
      createPost(pending.uploadUrl);
    } else if (pending && pending.blob) {
      recording = pending;
      say('resuming');
      startUpload(pending);
    } else {
      show(['open', 'file']);
    }
  });
}

// A recording waiting for its upload, kept in IndexedDB so a reload does not lose it.
const store = {
  open() {
    return new Promise((resolve, reject) => {
      if (!window.indexedDB) return reject(new Error('no IndexedDB'));
      const req = indexedDB.open(DB_NAME, 1);
      req.onupgradeneeded = () => req.result.createObjectStore('pending');
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
  },
  async run(mode, fn) {
    try {
      const db = await this.open();
      return await new Promise((resolve, reject) => {
        const tx = db.transaction('pending', mode);
        const req = fn(tx.objectStore('pending'));
        tx.oncomplete = () => { db.close(); resolve(req.result); };
        tx.onerror = tx.onabort = () => { db.close(); reject(tx.error); };
      });
    } catch {
      return undefined; // private mode or quota: the upload still works, only without reload safety
    }
  },
  get(key) { return this.run('readonly', (s) => s.get(key)); },
  put(key, rec) {
    const { blob, seconds, type, name, lastModified, uploadUrl } = rec;
    return this.run('readwrite', (s) => s.put({ blob, seconds, type, name, lastModified, uploadUrl }, key));
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
if (mount && window.tus && window.tus.isSupported) enhance(mount);
