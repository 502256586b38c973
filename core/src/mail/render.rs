//! The texts of Crosstalk's emails, in the member's language, as plain text and HTML.
//!
//! Every template is first reduced to a [`Content`] (subject, paragraphs, an optional quote,
//! a list, one call to action, why the mail was sent) from the Fluent catalog (`i18n/{lang}/mail.ftl`
//! in `crosstalk-i18n`); two askama templates (`core/templates/mail/`) then lay it out as plain
//! text and as HTML, the HTML one escaping everything, member-written text included.

use askama::Template as _;
use chrono::{DateTime, Utc};
use crosstalk_i18n::Lang;

mod content;
mod digest;
mod layout;
mod learner;
mod rejection;

use content::{Content, Messages};
pub use rejection::seconds_field;

/// What a message is about. Every string is plain text; the HTML part escapes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Template {
    /// Someone replied to the recipient's video.
    Reply { replier_name: String, prompt_title: String, reply_text: String, post_url: String },
    /// The recipient's video was processed; `pending_approval` when a facilitator must approve it first.
    VideoReady { prompt_title: String, post_url: String, pending_approval: bool },
    /// The recipient's video could not be used. `reason` is the transcoder's stable code:
    /// not_a_video, unsupported_container, no_video_stream, too_short, too_long, too_large,
    /// too_small, corrupt, timeout, internal_error; anything else gets a generic sentence.
    /// `min_seconds` / `max_seconds`: the prompt's limits the video was checked against, named
    /// in the too_short / too_long sentence (absent in events written before they were recorded).
    VideoRejected {
        prompt_title: String,
        reason: String,
        upload_url: String,
        min_seconds: Option<u32>,
        max_seconds: Option<u32>,
    },
    /// A facilitator decided on the recipient's video. `action`: approve | hide | remove | restore;
    /// `statement`: the facilitator's statement of reasons, shown verbatim.
    ModerationDecided { prompt_title: String, action: String, statement: String, post_url: String },
    /// A facilitator's digest of what waits in the moderation queue.
    Digest {
        course_title: String,
        pending: i64,
        flagged: i64,
        oldest_age_hours: i64,
        cohorts: Vec<DigestCohort>,
        queue_url: String,
    },
    /// A reminder to a learner who has not answered a prompt yet. `message` is the prompt's
    /// nudge template with its placeholders filled; empty gives a default sentence.
    Nudge { prompt_title: String, message: String, closes_at: DateTime<Utc>, prompt_url: String },
}

/// One cohort's line in a [`Template::Digest`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DigestCohort {
    pub name: String,
    pub pending: i64,
    pub flagged: i64,
}

/// A message ready to be sent: subject, plain-text part and HTML part, in `lang`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rendered {
    pub subject: String,
    pub text: String,
    pub html: String,
    /// The language the message was written in (`en`, `fr`, `de`, `es`, `it`, `ar`), for
    /// `Content-Language`.
    pub lang: &'static str,
}

/// The language to write to a member in, from their locale: `fr`, `fr-CA` and `fr_FR.UTF-8`
/// give `fr`, likewise for every language of the catalog; anything else (or nothing) gives `en`.
pub fn lang(locale: &str) -> &'static str {
    Lang::parse(locale).unwrap_or_default().code()
}

/// Writes template `t` for `recipient_name` in the language of `locale`. With an
/// `unsubscribe_url`, both parts end with a one-click unsubscribe link.
pub fn render(locale: &str, recipient_name: &str, t: &Template, unsubscribe_url: Option<&str>) -> Rendered {
    let (rendered, problems) = render_checked(locale, recipient_name, t, unsubscribe_url);
    for problem in problems {
        tracing::warn!(problem, "mail rendered with a message catalog problem");
    }
    rendered
}

/// [`render`], and every problem met on the way (a message missing from the catalog, a variable
/// it needs and was not given, a template that failed): the mail is still written, in English or
/// with the message's key where the catalog failed it.
pub(crate) fn render_checked(
    locale: &str,
    recipient_name: &str,
    t: &Template,
    unsubscribe_url: Option<&str>,
) -> (Rendered, Vec<String>) {
    let lang = Lang::parse(locale).unwrap_or_default();
    let m = Messages::new(lang);
    let content = match t {
        Template::Reply { replier_name, prompt_title, reply_text, post_url } => {
            learner::reply(&m, replier_name, prompt_title, reply_text, post_url)
        }
        Template::VideoReady { prompt_title, post_url, pending_approval } => {
            learner::video_ready(&m, prompt_title, post_url, *pending_approval)
        }
        Template::VideoRejected { prompt_title, reason, upload_url, min_seconds, max_seconds } => {
            rejection::video_rejected(&m, prompt_title, reason, upload_url, (*min_seconds, *max_seconds))
        }
        Template::ModerationDecided { prompt_title, action, statement, post_url } => {
            learner::moderation_decided(&m, prompt_title, action, statement, post_url)
        }
        Template::Digest { course_title, pending, flagged, oldest_age_hours, cohorts, queue_url } => {
            digest::digest(&m, course_title, (*pending, *flagged), *oldest_age_hours, cohorts, queue_url)
        }
        Template::Nudge { prompt_title, message, closes_at, prompt_url } => {
            learner::nudge(&m, prompt_title, message, *closes_at, prompt_url)
        }
    };
    let parts = layout::Parts::new(&m, recipient_name, &content, unsubscribe_url);
    let mut text = m.ok(parts.text().render(), "the text part");
    text.push('\n');
    let html = m.ok(parts.html().render(), "the HTML part");
    let rendered = Rendered { subject: content.subject, text, html, lang: lang.code() };
    (rendered, m.into_problems())
}

/// Escapes text for HTML element content and double-quoted attribute values (the API's
/// unsubscribe page uses it; the mails are escaped by their askama template).
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for ch in s.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(ch),
        }
    }
    out
}
