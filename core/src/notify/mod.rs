//! Notifications: members' email and teams' webhooks, fed by the outbox ([`crate::outbox`]).
//!
//! The worker runs [`Notifier::run_once`] in a loop:
//! 1. **Fan-out.** Each new event becomes deliveries, one per recipient, in one transaction
//!    that also marks the event fanned out (so two workers never fan out the same event). A
//!    delivery's `dedupe_key` is unique: one delivery per event and recipient (and per reply
//!    and recipient for reply mails, per prompt and learner for nudges).
//! 2. **Sending.** A due delivery is claimed (`pending` -> `sending`, with a lease) and sent.
//!    Success: `sent`. A failure that proves nothing was delivered (SMTP down or 4xx, webhook
//!    non-2xx, timeout before an answer) goes back to `pending` with exponential backoff, for
//!    24 hours, then `failed`. A permanent SMTP refusal is `failed` at once.
//! 3. **At most once.** A delivery found `sending` after its lease expired belonged to a
//!    worker that died mid-send: it may or may not have reached the recipient, so it is marked
//!    `unknown` and never sent again automatically (a team can redeliver a webhook by hand).
//!
//! Digests (facilitators, every `digest_interval`) and nudges (learners who have not answered
//! a prompt `nudge_after_days` after it opened, once per learner and prompt) are scheduled by
//! [`schedule_digests`] and [`schedule_nudges`], which write outbox events like any change.
//!
//! One file per concern: `preferences`, `unsubscribe` links, `webhooks` with their `ssrf` guard
//! and `signature`s, the `deliveries` log, `fanout`, the `sender` loop with `send_mail` and
//! `send_webhook`, `digest`s and `nudge`s. Callers use the re-exports below.

use std::time::Duration;

use sea_orm::DbBackend;

mod deliveries;
mod digest;
mod fanout;
mod nudge;
mod nudge_now;
mod preferences;
mod send_lti_score;
mod send_mail;
mod send_webhook;
mod sender;
mod signature;
mod ssrf;
mod unsubscribe;
mod webhooks;

pub use deliveries::{counts, list_deliveries, prune, redeliver, Delivery, KEEP_DAYS};
pub use digest::schedule_digests;
pub use fanout::fan_out;
pub use nudge::schedule_nudges;
pub use nudge_now::{last_nudges, nudge_now};
pub use preferences::{preferences, update_preferences, Category, Preferences, PreferencesPatch};
pub use send_webhook::WebhookProxy;
pub use sender::{Notifier, Pass, Settings};
pub use signature::{signature_header, verify_signature};
/// The SSRF guard, shared with the LTI tool's calls to platforms.
pub(crate) use ssrf::{check_webhook_url, is_private};
pub use unsubscribe::{check_unsubscribe, unsubscribe, unsubscribe_token, Unsubscribe};
pub use webhooks::{create_webhook, delete_webhook, list_webhooks, CreatedWebhook, NewWebhook, Webhook};

const B64: base64::engine::GeneralPurpose = base64::engine::general_purpose::URL_SAFE_NO_PAD;
/// Deliveries are retried for this long after their event, then `failed`.
pub const RETRY_WINDOW_HOURS: i64 = 24;
const WEBHOOK_TIMEOUT: Duration = Duration::from_secs(10);
/// Deliveries a worker sends at the same time.
pub const SEND_CONCURRENCY: usize = 4;

/// `s` with `?` placeholders, numbered `$1, $2...` for PostgreSQL.
fn sql(backend: DbBackend, s: &str) -> String {
    if backend != DbBackend::Postgres {
        return s.to_owned();
    }
    let mut out = String::with_capacity(s.len() + 8);
    let mut n = 0;
    for c in s.chars() {
        if c == '?' {
            n += 1;
            out.push('$');
            out.push_str(&n.to_string());
        } else {
            out.push(c);
        }
    }
    out
}

/// The string at `path` in a JSON event payload.
fn str_field<'a>(v: &'a serde_json::Value, path: &[&str]) -> Option<&'a str> {
    let mut cur = v;
    for p in path {
        cur = cur.get(p)?;
    }
    cur.as_str()
}
