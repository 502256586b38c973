// The moderation queue by keyboard: j/k next/previous item, 1-8 pick a reason (fills the
// statement of reasons, still editable), a approve, h hide, r remove, ? help. A decision is
// the item's own form sent with fetch and X-CSRF-Token; on success the item leaves the list and
// the next one takes the focus, without a reload. Without this module the forms still work.
const list = document.getElementById("queue");
if (list) {
  const statements = JSON.parse(list.dataset.statements || "{}");
  const status = document.getElementById("queue-status");
  const help = document.getElementById("keys-help");
  const items = () => Array.from(list.querySelectorAll(".queue-item"));
  let current = -1;

  const focusItem = (i) => {
    const all = items();
    if (all.length === 0) return;
    current = Math.max(0, Math.min(i, all.length - 1));
    all.forEach((el, n) => el.classList.toggle("current", n === current));
    all[current].focus();
    all[current].scrollIntoView({ block: "nearest" });
  };

  const say = (text) => {
    status.hidden = false;
    status.textContent = text;
  };

  // The picker fills an empty or untouched statement; a written one is kept.
  list.addEventListener("change", (e) => {
    const picker = e.target.closest(".reason-picker");
    if (!picker) return;
    const text = picker.form.querySelector("textarea[name=statement]");
    if (!text.value || text.dataset.auto === "1") {
      text.value = statements[picker.value] || "";
      text.dataset.auto = "1";
    }
  });
  list.addEventListener("input", (e) => {
    if (e.target.name === "statement") e.target.dataset.auto = "0";
  });

  const decide = async (form, action) => {
    const button = form.querySelector(`button[value="${action}"]`);
    if (!button) return;
    const body = new URLSearchParams(new FormData(form));
    body.set("action", action);
    const itemStatus = form.querySelector(".item-status");
    let r;
    try {
      // Not form.action: the buttons are named "action", which shadows the property.
      r = await fetch(form.getAttribute("action"), {
        method: "POST",
        headers: { "X-CSRF-Token": form.elements.csrf.value, Accept: "application/json" },
        body,
        credentials: "same-origin",
      });
    } catch {
      itemStatus.textContent = list.dataset.failed || "";
      return;
    }
    const json = await r.json().catch(() => ({}));
    const article = form.closest(".queue-item");
    if (r.ok) {
      const li = article.closest("li");
      const at = items().indexOf(article);
      li.remove();
      say(json.notice || "");
      if (items().length === 0) {
        const p = document.createElement("p");
        p.id = "queue-empty";
        p.textContent = list.dataset.empty || "";
        list.after(p);
        status.focus?.();
      } else {
        focusItem(at);
      }
    } else {
      // e.g. 409 already_decided: who decided first, in the page's language.
      itemStatus.textContent = json.detail || json.title || list.dataset.failed || "";
      article.classList.add("refused");
    }
  };

  list.addEventListener("submit", (e) => {
    const form = e.target;
    const action = e.submitter && e.submitter.value;
    if (!action || !form.classList.contains("decision")) return;
    e.preventDefault();
    decide(form, action);
  });

  document.addEventListener("keydown", (e) => {
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    const t = e.target;
    if (t.closest && t.closest("textarea, input, select:not(.reason-picker), dialog[open]")) return;
    if (e.key === "?") {
      e.preventDefault();
      if (help.open) help.close();
      else help.showModal();
      return;
    }
    const all = items();
    if (all.length === 0) return;
    if (current < 0 || !all[current]) current = Math.max(0, all.indexOf(document.activeElement.closest?.(".queue-item")));
    const form = all[current] && all[current].querySelector("form.decision");
    switch (e.key) {
      case "j":
        e.preventDefault();
        focusItem(current + (document.activeElement === all[current] ? 1 : 0));
        break;
      case "k":
        e.preventDefault();
        focusItem(current - 1);
        break;
      case "a":
      case "h":
      case "r": {
        e.preventDefault();
        const action = { a: "approve", h: "hide", r: "remove" }[e.key];
        if (form) decide(form, action);
        break;
      }
      default:
        if (/^[1-8]$/.test(e.key) && form) {
          e.preventDefault();
          const picker = form.querySelector(".reason-picker");
          picker.selectedIndex = Number(e.key) - 1;
          picker.dispatchEvent(new Event("change", { bubbles: true }));
        }
    }
  });
}
