//! Sending: a worker's pass claims due deliveries, sends them, and records each outcome.

use std::time::Duration;

use chrono::{DateTime, Utc};
use sea_orm::{
    ColumnTrait as _, ConnectionTrait as _, DatabaseConnection, DbBackend, EntityTrait as _, QueryFilter as _,
    Statement,
};

use super::fanout::fan_out;
use super::send_webhook::{client_builder, WebhookProxy};
use super::{sql, RETRY_WINDOW_HOURS, SEND_CONCURRENCY};
use crate::auth::SigningKey;
use crate::entities::{delivery, event};
use crate::error::Result;
use crate::mail::Mailer;

/// How a worker sends notifications.
#[derive(Clone, Debug)]
pub struct Settings {
    /// Base of links in mails (`CROSSTALK_PUBLIC_URL`).
    pub public_url: String,
    /// Lease of a claimed delivery; a delivery still `sending` after it is `unknown`.
    pub lease: Duration,
    /// First retry delay (doubles each attempt, at most one hour).
    pub backoff: Duration,
    /// Whether webhooks may target loopback and private addresses.
    pub allow_private_webhooks: bool,
    /// The proxy webhooks go through (`CROSSTALK_WEBHOOK_PROXY`); none: they connect directly,
    /// whatever `HTTP(S)_PROXY` says.
    pub webhook_proxy: Option<WebhookProxy>,
    /// Lease owner name of this process.
    pub owner: String,
}

/// Everything a worker needs to send notifications.
#[derive(Clone)]
pub struct Notifier {
    pub(super) db: DatabaseConnection,
    pub(super) mailer: Mailer,
    pub(super) key: SigningKey,
    pub(super) public_url: String,
    pub(super) lease: Duration,
    pub(super) backoff: Duration,
    pub(super) allow_private_webhooks: bool,
    pub(super) webhook_proxy: Option<WebhookProxy>,
    pub(super) owner: String,
    pub(super) http: reqwest::Client,
}

/// What one pass of [`Notifier::run_once`] did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Pass {
    pub fanned_out: usize,
    pub sent: usize,
    pub retried: usize,
    pub failed: usize,
    pub lost: u64,
}

pub(super) enum Outcome {
    Sent(Option<i32>),
    Retry(String, Option<i32>),
    Failed(String, Option<i32>),
    Skipped(String),
}

impl Notifier {
    pub fn new(db: DatabaseConnection, mailer: Mailer, key: SigningKey, s: Settings) -> anyhow::Result<Self> {
        let Settings { public_url, lease, backoff, allow_private_webhooks, webhook_proxy, owner } = s;
        let http = client_builder(webhook_proxy.as_ref()).build()?;
        Ok(Notifier { db, mailer, key, public_url, lease, backoff, allow_private_webhooks, webhook_proxy, owner, http })
    }

    /// Fans out new events, marks deliveries whose worker died `unknown`, and sends every
    /// delivery due at the start of the pass (each at most once per pass).
    pub async fn run_once(&self) -> Result<Pass> {
        self.run_pass(|| false).await
    }

    /// [`Self::run_once`], stopping between deliveries once `stop()` is true.
    pub async fn run_pass(&self, stop: impl Fn() -> bool) -> Result<Pass> {
        let mut pass = Pass { lost: sweep_lost(&self.db).await?, ..Pass::default() };
        loop {
            let n = fan_out(&self.db, 200).await?;
            pass.fanned_out += n;
            if n < 200 {
                break;
            }
        }
        let started = Utc::now();
        while !stop() {
            // Up to SEND_CONCURRENCY at once, so one slow receiver does not hold up the rest.
            let mut batch = Vec::new();
            while batch.len() < SEND_CONCURRENCY {
                match claim(&self.db, &self.owner, self.lease, started).await? {
                    Some(d) => batch.push(d),
                    None => break,
                }
            }
            if batch.is_empty() {
                break;
            }
            let outcomes = futures_util::future::join_all(batch.iter().map(|d| self.deliver(d))).await;
            for (d, o) in batch.iter().zip(outcomes) {
                let o = o.unwrap_or_else(|e| {
                    tracing::warn!(delivery_id = %d.id, error = format!("{e:#}"), "delivery failed");
                    Outcome::Retry(format!("{e}"), None)
                });
                match self.finish(d, o).await? {
                    Some("sent") => pass.sent += 1,
                    Some("pending") => pass.retried += 1,
                    Some("failed") => pass.failed += 1,
                    _ => {}
                }
            }
        }
        Ok(pass)
    }

    async fn finish(&self, d: &delivery::Model, o: Outcome) -> Result<Option<&'static str>> {
        let now = Utc::now();
        let (mut state, mut error, status) = match o {
            Outcome::Sent(s) => ("sent", None, s),
            Outcome::Skipped(why) => ("skipped", Some(why), None),
            Outcome::Failed(e, s) => ("failed", Some(e), s),
            Outcome::Retry(e, s) => ("pending", Some(e), s),
        };
        let mut next = None;
        if state == "pending" {
            let at = now
                + chrono::Duration::from_std(crate::jobs::backoff(self.backoff, d.attempts))
                    .unwrap_or(chrono::Duration::hours(1));
            if at > d.created_at + chrono::Duration::hours(RETRY_WINDOW_HOURS) {
                state = "failed";
                error = error.map(|e| format!("gave up after {RETRY_WINDOW_HOURS} h: {e}"));
            } else {
                next = Some(at);
            }
        }
        let mut q = delivery::Entity::update_many()
            .col_expr(delivery::Column::State, state.into())
            .col_expr(delivery::Column::LastError, error.map(|e| e.chars().take(1000).collect::<String>()).into())
            .col_expr(delivery::Column::ResponseStatus, status.into())
            .col_expr(delivery::Column::SentAt, (state == "sent").then_some(now).into())
            .col_expr(delivery::Column::LeaseOwner, Option::<String>::None.into())
            .col_expr(delivery::Column::LeaseUntil, Option::<DateTime<Utc>>::None.into())
            .col_expr(delivery::Column::UpdatedAt, now.into());
        if let Some(at) = next {
            q = q.col_expr(delivery::Column::NextAttemptAt, at.into());
        }
        let r = q
            .filter(delivery::Column::Id.eq(&d.id))
            .filter(delivery::Column::LeaseOwner.eq(&self.owner))
            .filter(delivery::Column::State.eq("sending"))
            .exec(&self.db)
            .await?;
        if r.rows_affected != 1 {
            tracing::warn!(delivery_id = %d.id, "a delivery's lease expired while it was being sent");
        }
        Ok((r.rows_affected == 1).then_some(state))
    }

    async fn deliver(&self, d: &delivery::Model) -> anyhow::Result<Outcome> {
        let Some(e) = event::Entity::find_by_id(&d.event_id).one(&self.db).await? else {
            return Ok(Outcome::Skipped("the event no longer exists".into()));
        };
        match d.channel.as_str() {
            "email" => self.send_mail(d, &e).await,
            "webhook" => self.send_webhook(d, &e).await,
            crate::lti::ags::CHANNEL => self.send_lti_score(d).await,
            other => Ok(Outcome::Failed(format!("unknown channel {other}"), None)),
        }
    }

    pub(super) fn link(&self, path: &str) -> String {
        format!("{}{path}", self.public_url)
    }
}

pub(super) fn err_chain(e: &dyn std::error::Error) -> String {
    let mut s = e.to_string();
    let mut cur = e.source();
    while let Some(c) = cur {
        s.push_str(": ");
        s.push_str(&c.to_string());
        cur = c.source();
    }
    s
}

/// Claims one delivery due at `due_by` for `owner`.
async fn claim(
    db: &DatabaseConnection,
    owner: &str,
    lease: Duration,
    due_by: DateTime<Utc>,
) -> Result<Option<delivery::Model>> {
    let now = Utc::now();
    let until = now + chrono::Duration::from_std(lease).unwrap_or(chrono::Duration::seconds(60));
    let backend = db.get_database_backend();
    let lock = if backend == DbBackend::Postgres { " FOR UPDATE SKIP LOCKED" } else { "" };
    let q = sql(
        backend,
        &format!(
            "UPDATE deliveries SET state = 'sending', lease_owner = ?, lease_until = ?, attempts = attempts + 1, \
             updated_at = ? WHERE id = (SELECT id FROM deliveries WHERE state = 'pending' AND next_attempt_at <= ? \
             ORDER BY next_attempt_at LIMIT 1{lock}) RETURNING *"
        ),
    );
    Ok(delivery::Entity::find()
        .from_raw_sql(Statement::from_sql_and_values(
            backend,
            q,
            [owner.into(), until.into(), now.into(), due_by.into()],
        ))
        .one(db)
        .await?)
}

/// Deliveries still `sending` after their lease: their worker died mid-send. Whether the mail
/// or request got through is unknown, so they are not sent again (at most once).
async fn sweep_lost(db: &DatabaseConnection) -> Result<u64> {
    let now = Utc::now();
    let r = delivery::Entity::update_many()
        .col_expr(delivery::Column::State, "unknown".into())
        .col_expr(
            delivery::Column::LastError,
            Some("the worker stopped while sending; not sent again automatically".to_owned()).into(),
        )
        .col_expr(delivery::Column::LeaseOwner, Option::<String>::None.into())
        .col_expr(delivery::Column::UpdatedAt, now.into())
        .filter(delivery::Column::State.eq("sending"))
        .filter(delivery::Column::LeaseUntil.lt(now))
        .exec(db)
        .await?;
    if r.rows_affected > 0 {
        tracing::warn!(n = r.rows_affected, "deliveries left mid-send by a stopped worker are marked unknown");
    }
    Ok(r.rows_affected)
}
