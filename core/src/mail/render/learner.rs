//! A learner's mails about their own videos: a reply, ready, a facilitator's decision, a nudge.

use chrono::{DateTime, Datelike as _, Timelike as _, Utc};

use super::{Content, Messages};

pub(super) fn reply(m: &Messages, replier: &str, prompt: &str, reply_text: &str, url: &str) -> Content {
    let who = [("replier", replier.into())];
    let mut c =
        Content::new(m.get("mail-reply-subject", &who), (m.t("mail-reply-action"), url), m.t("mail-why-learner"));
    c.paragraphs.push(m.get("mail-reply-line", &[("replier", replier.into()), ("prompt", prompt.into())]));
    c.quote(m.get("mail-reply-lead", &who), reply_text);
    c
}

pub(super) fn video_ready(m: &Messages, prompt: &str, url: &str, pending_approval: bool) -> Content {
    let mut c = Content::new(m.t("mail-ready-subject"), (m.t("mail-ready-action"), url), m.t("mail-why-learner"));
    let line = if pending_approval { "mail-ready-line-pending" } else { "mail-ready-line" };
    c.paragraphs.push(m.get(line, &[("prompt", prompt.into())]));
    c
}

pub(super) fn moderation_decided(m: &Messages, prompt: &str, action: &str, statement: &str, url: &str) -> Content {
    // The catalog selects on the action; anything else than the four gets the "reviewed" sentence.
    let action_key = if matches!(action, "approve" | "hide" | "remove" | "restore") { action } else { "other" };
    let args = [("action", action_key.into()), ("prompt", prompt.into())];
    let mut c =
        Content::new(m.get("mail-decided-subject", &args), (m.t("mail-decided-action"), url), m.t("mail-why-learner"));
    c.paragraphs.push(m.get("mail-decided-line", &args));
    c.quote(m.t("mail-decided-lead"), statement);
    if matches!(action, "hide" | "remove") {
        c.after.push(m.t("mail-decided-appeal"));
    }
    c
}

pub(super) fn nudge(m: &Messages, prompt: &str, message: &str, closes_at: DateTime<Utc>, url: &str) -> Content {
    let p = [("prompt", prompt.into())];
    let mut c = Content::new(m.get("mail-nudge-subject", &p), (m.t("mail-nudge-action"), url), m.t("mail-why-learner"));
    let message = message.trim();
    c.paragraphs.push(if message.is_empty() { m.get("mail-nudge-default", &p) } else { message.to_owned() });
    // An open-ended prompt has no closing date worth announcing.
    if closes_at < crate::prompts::OPEN_ENDED {
        let time = format!("{:02}:{:02}", closes_at.hour(), closes_at.minute());
        c.paragraphs.push(m.get(
            "mail-nudge-closes",
            &[
                ("month", closes_at.month().into()),
                ("day", closes_at.day().into()),
                ("year", closes_at.year().to_string().into()),
                ("time", time.into()),
            ],
        ));
    }
    c
}
