// LTI platform storage (1EdTech "Client Side postMessages"): when the browser blocks the tool's
// cookies inside the platform's frame, the login keeps its state in the platform's storage
// (`lti.put_data`, then on to the platform) and the launch reads it back (`lti.get_data`, then the
// launch form is posted again with it). Without an answer within 3 s the page goes on without it:
// the login still carries its cookie, the launch then offers a new tab.
(() => {
  const el = document.getElementById("lti-storage");
  if (!el) return;
  const d = el.dataset;
  const get = d.mode === "get";
  const form = document.getElementById("lti-launch");
  const next = document.getElementById("lti-next");
  let done = false;
  const finish = (value) => {
    if (done) return;
    done = true;
    if (get) {
      form.elements.lti_storage_state.value = value || "";
      form.submit();
    } else {
      window.location.replace(next.href);
    }
  };
  let frame = null;
  try {
    if (window.parent !== window) {
      frame = d.target === "_parent" ? window.parent : window.parent.frames[d.target];
    }
  } catch (_) {
    frame = null;
  }
  if (!frame) {
    finish("");
    return;
  }
  const id = (crypto.randomUUID && crypto.randomUUID()) || String(Math.random()).slice(2);
  window.addEventListener("message", (e) => {
    const m = e.data;
    if (e.origin !== d.origin || !m || typeof m !== "object" || m.message_id !== id) return;
    if (m.subject === (get ? "lti.get_data.response" : "lti.put_data.response")) {
      finish(m.error ? "" : m.value);
    }
  });
  const message = get
    ? { subject: "lti.get_data", message_id: id, key: d.key }
    : { subject: "lti.put_data", message_id: id, key: d.key, value: d.value };
  try {
    frame.postMessage(message, d.origin);
  } catch (_) {
    finish("");
    return;
  }
  setTimeout(() => finish(""), 3000);
})();
