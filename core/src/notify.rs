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

use std::collections::{BTreeMap, HashMap, HashSet};
use std::net::IpAddr;
use std::time::Duration;

use base64::Engine as _;
use chrono::{DateTime, Utc};
use hmac::{Hmac, Mac as _};
use rand::RngCore as _;
use sea_orm::{
    ActiveModelTrait as _, ColumnTrait as _, ConnectionTrait, DatabaseConnection, DbBackend, EntityTrait as _,
    FromQueryResult, PaginatorTrait as _, QueryFilter as _, QueryOrder as _, QuerySelect as _, Set, SqlErr, Statement,
    TransactionTrait as _,
};
use serde::{Deserialize, Serialize};
use sha2::Sha256;
use utoipa::ToSchema;

use crate::auth::SigningKey;
use crate::entities::{
    cohort, cohort_member, course, delivery, digest, event, member, notification_pref, nudge, post, prompt, webhook,
};
use crate::error::{Error, Result};
use crate::ids::new_id;
use crate::mail::{self, DigestCohort, Mailer, Outgoing, SendError, Template};
use crate::outbox::{self, NewEvent};
use crate::pagination::{Page, PageParams};

const B64: base64::engine::GeneralPurpose = base64::engine::general_purpose::URL_SAFE_NO_PAD;
/// Deliveries are retried for this long after their event, then `failed`.
pub const RETRY_WINDOW_HOURS: i64 = 24;
const WEBHOOK_TIMEOUT: Duration = Duration::from_secs(10);
/// Deliveries a worker sends at the same time.
pub const SEND_CONCURRENCY: usize = 4;

// ---------------------------------------------------------------------------------------------
// Preferences and unsubscribe

/// Which emails a member gets. Everything is on until the member turns it off.
#[derive(Debug, Clone, Serialize, ToSchema, PartialEq, Eq)]
pub struct Preferences {
    /// Someone replied to your video.
    pub replies: bool,
    /// Your video is ready, or was refused and why.
    pub video_status: bool,
    /// A facilitator's decision on your post, with its statement of reasons.
    pub moderation: bool,
    /// Facilitators: the digest of what waits in the moderation queue.
    pub digest: bool,
    /// Learners: a reminder when you have not answered a prompt yet.
    pub nudges: bool,
}

impl Default for Preferences {
    fn default() -> Self {
        Preferences { replies: true, video_status: true, moderation: true, digest: true, nudges: true }
    }
}

impl From<notification_pref::Model> for Preferences {
    fn from(m: notification_pref::Model) -> Self {
        Preferences {
            replies: m.replies,
            video_status: m.video_status,
            moderation: m.moderation,
            digest: m.digest,
            nudges: m.nudges,
        }
    }
}

impl Preferences {
    fn wants(&self, category: Category) -> bool {
        match category {
            Category::Replies => self.replies,
            Category::VideoStatus => self.video_status,
            Category::Moderation => self.moderation,
            Category::Digest => self.digest,
            Category::Nudges => self.nudges,
        }
    }
}

/// `PATCH /v1/me/notifications`: the fields given change, the others stay.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PreferencesPatch {
    pub replies: Option<bool>,
    pub video_status: Option<bool>,
    pub moderation: Option<bool>,
    pub digest: Option<bool>,
    pub nudges: Option<bool>,
}

/// The kinds of mail a member can turn off, each with its own unsubscribe link.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Category {
    Replies,
    VideoStatus,
    Moderation,
    Digest,
    Nudges,
}

impl Category {
    pub fn as_str(self) -> &'static str {
        match self {
            Category::Replies => "replies",
            Category::VideoStatus => "video_status",
            Category::Moderation => "moderation",
            Category::Digest => "digest",
            Category::Nudges => "nudges",
        }
    }
    fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "replies" => Category::Replies,
            "video_status" => Category::VideoStatus,
            "moderation" => Category::Moderation,
            "digest" => Category::Digest,
            "nudges" => Category::Nudges,
            _ => return None,
        })
    }
    /// The mail category of an event kind; `None`: not mailed.
    fn of_event(kind: &str) -> Option<Self> {
        Some(match kind {
            outbox::REPLY_PUBLISHED => Category::Replies,
            outbox::VIDEO_READY | outbox::VIDEO_REJECTED => Category::VideoStatus,
            outbox::MODERATION_DECIDED => Category::Moderation,
            outbox::DIGEST => Category::Digest,
            outbox::NUDGE => Category::Nudges,
            _ => return None,
        })
    }
}

pub async fn preferences(db: &impl ConnectionTrait, member_id: &str) -> Result<Preferences> {
    Ok(notification_pref::Entity::find_by_id(member_id).one(db).await?.map(Preferences::from).unwrap_or_default())
}

pub async fn update_preferences(
    db: &DatabaseConnection,
    member_id: &str,
    patch: PreferencesPatch,
) -> Result<Preferences> {
    use sea_orm::sea_query::OnConflict;
    let mut p = preferences(db, member_id).await?;
    let mut changed = Vec::new();
    for (value, field, col) in [
        (patch.replies, &mut p.replies, notification_pref::Column::Replies),
        (patch.video_status, &mut p.video_status, notification_pref::Column::VideoStatus),
        (patch.moderation, &mut p.moderation, notification_pref::Column::Moderation),
        (patch.digest, &mut p.digest, notification_pref::Column::Digest),
        (patch.nudges, &mut p.nudges, notification_pref::Column::Nudges),
    ] {
        if let Some(v) = value {
            *field = v;
            changed.push(col);
        }
    }
    if changed.is_empty() {
        return Ok(p);
    }
    changed.push(notification_pref::Column::UpdatedAt);
    // One statement: only the fields given change, even when two updates race.
    notification_pref::Entity::insert(notification_pref::ActiveModel {
        member_id: Set(member_id.to_owned()),
        replies: Set(p.replies),
        video_status: Set(p.video_status),
        moderation: Set(p.moderation),
        digest: Set(p.digest),
        nudges: Set(p.nudges),
        updated_at: Set(Utc::now()),
    })
    .on_conflict(OnConflict::column(notification_pref::Column::MemberId).update_columns(changed).to_owned())
    .exec(db)
    .await?;
    preferences(db, member_id).await
}

/// The token of a signed unsubscribe link: which member, which category, and an HMAC of both.
pub fn unsubscribe_token(key: &SigningKey, member_id: &str, category: Category) -> String {
    let body = format!("{member_id}.{}", category.as_str());
    let sig = key.sign(format!("unsubscribe.{body}").as_bytes());
    format!("{body}.{}", B64.encode(&sig[..16]))
}

fn verify_unsubscribe(key: &SigningKey, token: &str) -> Option<(String, Category)> {
    let mut parts = token.splitn(3, '.');
    let (member_id, cat, sig) = (parts.next()?, parts.next()?, parts.next()?);
    let category = Category::parse(cat)?;
    let sig = B64.decode(sig).ok()?;
    let expected = key.sign(format!("unsubscribe.{member_id}.{cat}").as_bytes());
    (sig.len() == 16 && subtle::ConstantTimeEq::ct_eq(&sig[..], &expected[..16]).into())
        .then(|| (member_id.to_owned(), category))
}

/// What an unsubscribe link is about, for its confirmation page.
pub struct Unsubscribe {
    pub member: member::Model,
    pub category: Category,
}

/// Checks a link's token; `Err(NotFound)` when tampered or the member is gone.
pub async fn check_unsubscribe(db: &DatabaseConnection, key: &SigningKey, token: &str) -> Result<Unsubscribe> {
    let (member_id, category) = verify_unsubscribe(key, token).ok_or(Error::NotFound("unsubscribe link"))?;
    let member = member::Entity::find_by_id(member_id).one(db).await?.ok_or(Error::NotFound("unsubscribe link"))?;
    Ok(Unsubscribe { member, category })
}

/// Turns the link's category off (one click, RFC 8058). Repeating it changes nothing.
pub async fn unsubscribe(db: &DatabaseConnection, key: &SigningKey, token: &str) -> Result<Unsubscribe> {
    let u = check_unsubscribe(db, key, token).await?;
    let mut patch = PreferencesPatch::default();
    let off = Some(false);
    match u.category {
        Category::Replies => patch.replies = off,
        Category::VideoStatus => patch.video_status = off,
        Category::Moderation => patch.moderation = off,
        Category::Digest => patch.digest = off,
        Category::Nudges => patch.nudges = off,
    }
    update_preferences(db, &u.member.id, patch).await?;
    Ok(u)
}

// ---------------------------------------------------------------------------------------------
// Webhooks

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewWebhook {
    /// `https://` (or `http://`) URL that receives `POST`s of signed JSON events.
    pub url: String,
    /// Event types: `video.ready`, `video.rejected`, `post.created`, `flag.created`, `moderation.decided`.
    pub events: Vec<String>,
    /// Only events of this course of the team; absent: every course of the team.
    pub course_id: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Webhook {
    pub id: String,
    pub url: String,
    pub events: Vec<String>,
    pub course_id: Option<String>,
    pub active: bool,
    pub created_at: DateTime<Utc>,
}

impl From<webhook::Model> for Webhook {
    fn from(w: webhook::Model) -> Self {
        Webhook {
            id: w.id,
            url: w.url,
            events: w.events.split(',').filter(|s| !s.is_empty()).map(str::to_owned).collect(),
            course_id: w.course_id,
            active: w.active,
            created_at: w.created_at,
        }
    }
}

/// A new webhook and its signing secret, shown only in this response.
#[derive(Debug, Serialize, ToSchema)]
pub struct CreatedWebhook {
    #[serde(flatten)]
    pub webhook: Webhook,
    /// Verify `Crosstalk-Signature` with this (`whsec_...`). It is not shown again.
    pub secret: String,
}

fn check_webhook_url(raw: &str, allow_private: bool) -> Result<url::Url> {
    let bad = |m: &str| Error::invalid("invalid_webhook_url", m.to_owned());
    if raw.len() > 2048 {
        return Err(bad("url must be at most 2048 characters"));
    }
    let u = url::Url::parse(raw).map_err(|_| bad("url must be an absolute http(s) URL"))?;
    if !matches!(u.scheme(), "http" | "https") || u.host_str().is_none_or(str::is_empty) {
        return Err(bad("url must be an absolute http(s) URL"));
    }
    if !u.username().is_empty() || u.password().is_some() {
        return Err(bad("url must not carry credentials; verify the signature instead"));
    }
    if !allow_private {
        let private = match u.host() {
            Some(url::Host::Ipv4(ip)) => is_private(IpAddr::V4(ip)),
            Some(url::Host::Ipv6(ip)) => is_private(IpAddr::V6(ip)),
            Some(url::Host::Domain(d)) => d.eq_ignore_ascii_case("localhost") || d.ends_with(".localhost"),
            None => true,
        };
        if private {
            return Err(bad("url must point to a public address"));
        }
    }
    Ok(u)
}

fn is_private(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => {
            v4.is_loopback()
                || v4.is_private()
                || v4.is_link_local()
                || v4.is_unspecified()
                || v4.is_broadcast()
                || v4.octets()[0] == 100 && (64..128).contains(&v4.octets()[1])
        }
        IpAddr::V6(v6) => {
            v6.is_loopback()
                || v6.is_unspecified()
                || (v6.segments()[0] & 0xfe00) == 0xfc00
                || (v6.segments()[0] & 0xffc0) == 0xfe80
                || v6.to_ipv4_mapped().is_some_and(|v4| is_private(IpAddr::V4(v4)))
        }
    }
}

pub async fn create_webhook(
    db: &DatabaseConnection,
    signing: &SigningKey,
    team_id: &str,
    input: NewWebhook,
    allow_private: bool,
) -> Result<CreatedWebhook> {
    let url = check_webhook_url(input.url.trim(), allow_private)?;
    if input.events.is_empty() {
        return Err(Error::invalid("invalid_events", "events must name at least one event type"));
    }
    let mut events: Vec<String> = Vec::new();
    for e in &input.events {
        if !outbox::WEBHOOK_EVENTS.contains(&e.as_str()) {
            return Err(Error::invalid(
                "invalid_events",
                format!("unknown event type {e:?}; use {}", outbox::WEBHOOK_EVENTS.join(", ")),
            ));
        }
        if !events.contains(e) {
            events.push(e.clone());
        }
    }
    if let Some(c) = &input.course_id {
        crate::access::team_course(db, team_id, c).await?;
    }
    let count = webhook::Entity::find().filter(webhook::Column::TeamId.eq(team_id)).count(db).await?;
    if count >= 20 {
        return Err(Error::conflict("too_many_webhooks", "a team may have at most 20 webhooks; delete one first"));
    }
    let mut raw = [0u8; 32];
    rand::thread_rng().fill_bytes(&mut raw);
    let secret = format!("whsec_{}", B64.encode(raw));
    let now = Utc::now();
    let id = new_id("whk");
    let w = webhook::ActiveModel {
        secret: Set(crate::webhook_secret::seal(signing, &id, &secret)),
        id: Set(id),
        team_id: Set(team_id.to_owned()),
        course_id: Set(input.course_id),
        url: Set(url.to_string()),
        events: Set(events.join(",")),
        active: Set(true),
        created_at: Set(now),
        updated_at: Set(now),
    }
    .insert(db)
    .await?;
    Ok(CreatedWebhook { webhook: w.into(), secret })
}

pub async fn list_webhooks(db: &DatabaseConnection, team_id: &str, page: &PageParams) -> Result<Page<Webhook>> {
    let limit = page.limit()?;
    let mut q = webhook::Entity::find().filter(webhook::Column::TeamId.eq(team_id));
    if let Some(after) = page.after::<String>()? {
        q = q.filter(webhook::Column::Id.gt(after));
    }
    let rows = q.order_by_asc(webhook::Column::Id).limit(limit + 1).all(db).await?;
    Ok(Page::from_rows(rows, limit, |r| r.id.clone(), Webhook::from))
}

pub async fn team_webhook(db: &impl ConnectionTrait, team_id: &str, id: &str) -> Result<webhook::Model> {
    if !crate::ids::is_valid("whk", id) {
        return Err(Error::NotFound("webhook"));
    }
    webhook::Entity::find_by_id(id).one(db).await?.filter(|w| w.team_id == team_id).ok_or(Error::NotFound("webhook"))
}

/// Deletes a webhook; deliveries not yet sent to it are dropped (`skipped`).
pub async fn delete_webhook(db: &DatabaseConnection, team_id: &str, id: &str) -> Result<()> {
    let w = team_webhook(db, team_id, id).await?;
    let txn = db.begin().await?;
    delivery::Entity::update_many()
        .col_expr(delivery::Column::State, "skipped".into())
        .col_expr(delivery::Column::LastError, Some("the webhook was deleted".to_owned()).into())
        .col_expr(delivery::Column::UpdatedAt, Utc::now().into())
        .filter(delivery::Column::WebhookId.eq(&w.id))
        .filter(delivery::Column::State.eq("pending"))
        .exec(&txn)
        .await?;
    webhook::Entity::delete_by_id(w.id).exec(&txn).await?;
    txn.commit().await?;
    Ok(())
}

/// One attempt history line of the delivery log.
#[derive(Debug, Serialize, ToSchema)]
pub struct Delivery {
    pub id: String,
    pub event_id: String,
    /// `video.ready`, `video.rejected`, `post.created`, `flag.created` or `moderation.decided`.
    pub event_type: String,
    /// `pending` (waiting for its next attempt), `sending`, `sent`, `failed` (gave up after 24 h),
    /// `unknown` (a worker stopped mid-send; not resent automatically), `skipped`.
    pub state: String,
    pub attempts: i32,
    /// HTTP status of the last attempt, if the receiver answered.
    pub response_status: Option<i32>,
    pub last_error: Option<String>,
    pub next_attempt_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    pub sent_at: Option<DateTime<Utc>>,
}

fn delivery_view(d: delivery::Model, kind: String) -> Delivery {
    Delivery {
        next_attempt_at: (d.state == "pending").then_some(d.next_attempt_at),
        id: d.id,
        event_id: d.event_id,
        event_type: kind,
        state: d.state,
        attempts: d.attempts,
        response_status: d.response_status,
        last_error: d.last_error,
        created_at: d.created_at,
        sent_at: d.sent_at,
    }
}

async fn with_kinds(db: &DatabaseConnection, rows: Vec<delivery::Model>) -> Result<Vec<(delivery::Model, String)>> {
    let ids: Vec<String> = rows.iter().map(|d| d.event_id.clone()).collect();
    let kinds: HashMap<String, String> = event::Entity::find()
        .select_only()
        .column(event::Column::Id)
        .column(event::Column::Kind)
        .filter(event::Column::Id.is_in(ids))
        .into_tuple::<(String, String)>()
        .all(db)
        .await?
        .into_iter()
        .collect();
    Ok(rows
        .into_iter()
        .map(|d| {
            let k = kinds.get(&d.event_id).cloned().unwrap_or_default();
            (d, k)
        })
        .collect())
}

/// The webhook's deliveries, newest first.
pub async fn list_deliveries(
    db: &DatabaseConnection,
    team_id: &str,
    webhook_id: &str,
    page: &PageParams,
) -> Result<Page<Delivery>> {
    let w = team_webhook(db, team_id, webhook_id).await?;
    let limit = page.limit()?;
    let mut q = delivery::Entity::find().filter(delivery::Column::WebhookId.eq(&w.id));
    if let Some(before) = page.after::<String>()? {
        q = q.filter(delivery::Column::Id.lt(before));
    }
    let rows = q.order_by_desc(delivery::Column::Id).limit(limit + 1).all(db).await?;
    let rows = with_kinds(db, rows).await?;
    Ok(Page::from_rows(rows, limit, |(d, _)| d.id.clone(), |(d, k)| delivery_view(d, k)))
}

/// Sends an event to the webhook again, as a new delivery (whatever became of the first).
pub async fn redeliver(
    db: &DatabaseConnection,
    team_id: &str,
    webhook_id: &str,
    delivery_id: &str,
) -> Result<Delivery> {
    let w = team_webhook(db, team_id, webhook_id).await?;
    if !crate::ids::is_valid("dlv", delivery_id) {
        return Err(Error::NotFound("delivery"));
    }
    let d = delivery::Entity::find_by_id(delivery_id)
        .one(db)
        .await?
        .filter(|d| d.webhook_id.as_deref() == Some(w.id.as_str()))
        .ok_or(Error::NotFound("delivery"))?;
    if matches!(d.state.as_str(), "pending" | "sending") {
        return Err(Error::conflict("delivery_in_progress", "this delivery is still being attempted"));
    }
    let mut row = new_delivery(&d.event_id, &d.team_id, "webhook", None, Some(w.id.clone()), String::new());
    let id = row.id.clone().unwrap();
    row.dedupe_key = Set(format!("{}:redeliver:{id}", d.dedupe_key.chars().take(120).collect::<String>()));
    let row = row.insert(db).await?;
    crate::jobs::wake();
    let kind = event::Entity::find_by_id(&d.event_id).one(db).await?.map(|e| e.kind).unwrap_or_default();
    Ok(delivery_view(row, kind))
}

/// `Crosstalk-Signature` for `body` sent at unix time `t`: `t=T,v1=hex(HMAC-SHA256(secret, "T.body"))`.
pub fn signature_header(secret: &str, t: i64, body: &[u8]) -> String {
    format!("t={t},v1={}", hex::encode(hmac_sha256(secret.as_bytes(), t, body)))
}

fn hmac_sha256(secret: &[u8], t: i64, body: &[u8]) -> Vec<u8> {
    let mut mac = Hmac::<Sha256>::new_from_slice(secret).unwrap_or_else(|_| unreachable!("HMAC takes any key"));
    mac.update(t.to_string().as_bytes());
    mac.update(b".");
    mac.update(body);
    mac.finalize().into_bytes().to_vec()
}

/// Verifies a `Crosstalk-Signature` header the way a receiver should: the HMAC of `t.body`
/// must match one `v1` value (compared in constant time), and `t` must be within `tolerance`
/// of `now` (replay protection).
pub fn verify_signature(secret: &str, header: &str, body: &[u8], now: i64, tolerance_secs: i64) -> bool {
    let mut t = None;
    let mut sigs = Vec::new();
    for part in header.split(',') {
        match part.trim().split_once('=') {
            Some(("t", v)) => t = v.parse::<i64>().ok(),
            Some(("v1", v)) => sigs.extend(hex::decode(v).ok()),
            _ => {}
        }
    }
    let Some(t) = t else { return false };
    if (now - t).abs() > tolerance_secs {
        return false;
    }
    let expected = hmac_sha256(secret.as_bytes(), t, body);
    sigs.iter().any(|s| bool::from(subtle::ConstantTimeEq::ct_eq(&s[..], &expected[..])))
}

// ---------------------------------------------------------------------------------------------
// Fan-out

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

fn str_field<'a>(v: &'a serde_json::Value, path: &[&str]) -> Option<&'a str> {
    let mut cur = v;
    for p in path {
        cur = cur.get(p)?;
    }
    cur.as_str()
}

/// The member a mail event goes to.
fn mail_recipient(e: &event::Model, data: &serde_json::Value) -> Option<String> {
    let field: &[&str] = match e.kind.as_str() {
        outbox::VIDEO_READY | outbox::VIDEO_REJECTED => &["author", "id"],
        outbox::REPLY_PUBLISHED => &["parent_author_id"],
        outbox::MODERATION_DECIDED => &["author_id"],
        outbox::NUDGE | outbox::DIGEST => &["member_id"],
        _ => return None,
    };
    str_field(data, field).map(str::to_owned)
}

fn new_delivery(
    event_id: &str,
    team_id: &str,
    channel: &str,
    member_id: Option<String>,
    webhook_id: Option<String>,
    key: String,
) -> delivery::ActiveModel {
    let now = Utc::now();
    delivery::ActiveModel {
        id: Set(new_id("dlv")),
        event_id: Set(event_id.to_owned()),
        team_id: Set(team_id.to_owned()),
        channel: Set(channel.into()),
        member_id: Set(member_id),
        webhook_id: Set(webhook_id),
        dedupe_key: Set(key),
        state: Set("pending".into()),
        attempts: Set(0),
        next_attempt_at: Set(now),
        lease_owner: Set(None),
        lease_until: Set(None),
        last_error: Set(None),
        response_status: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
        sent_at: Set(None),
    }
}

/// Turns up to `limit` new events into deliveries; returns how many events it fanned out.
pub async fn fan_out(db: &DatabaseConnection, limit: u64) -> Result<usize> {
    let events = event::Entity::find()
        .filter(event::Column::FannedOutAt.is_null())
        .order_by_asc(event::Column::CreatedAt)
        .limit(limit)
        .all(db)
        .await?;
    let mut done = 0;
    for e in events {
        let txn = db.begin().await?;
        // Claim the event first (a write, so SQLite takes its lock now; PostgreSQL row lock):
        // a second worker's claim finds it fanned out and skips it.
        let claimed = event::Entity::update_many()
            .col_expr(event::Column::FannedOutAt, Some(Utc::now()).into())
            .filter(event::Column::Id.eq(&e.id))
            .filter(event::Column::FannedOutAt.is_null())
            .exec(&txn)
            .await?;
        if claimed.rows_affected != 1 {
            continue;
        }
        let data: serde_json::Value = serde_json::from_str(&e.payload).unwrap_or(serde_json::Value::Null);
        let mut rows = Vec::new();
        if let Some(member_id) = mail_recipient(&e, &data) {
            let category = Category::of_event(&e.kind);
            let m = member::Entity::find_by_id(&member_id).one(&txn).await?;
            let has_mail = m.as_ref().is_some_and(|m| m.email.as_deref().is_some_and(|a| !a.trim().is_empty()));
            let wants = match category {
                Some(c) => preferences(&txn, &member_id).await?.wants(c),
                None => false,
            };
            if has_mail && wants {
                let key = match e.kind.as_str() {
                    outbox::REPLY_PUBLISHED => {
                        format!("reply:{}:email:{member_id}", e.subject_id.as_deref().unwrap_or(""))
                    }
                    _ => format!("{}:email:{member_id}", e.id),
                };
                rows.push(new_delivery(&e.id, &e.team_id, "email", Some(member_id), None, key));
            }
        }
        if outbox::WEBHOOK_EVENTS.contains(&e.kind.as_str()) {
            let hooks = webhook::Entity::find()
                .filter(webhook::Column::TeamId.eq(&e.team_id))
                .filter(webhook::Column::Active.eq(true))
                .all(&txn)
                .await?;
            for w in hooks {
                let course_ok = w.course_id.is_none() || w.course_id == e.course_id;
                if course_ok && w.events.split(',').any(|k| k == e.kind) {
                    let key = format!("{}:webhook:{}", e.id, w.id);
                    rows.push(new_delivery(&e.id, &e.team_id, "webhook", None, Some(w.id), key));
                }
            }
        }
        for r in rows {
            let key = r.dedupe_key.clone().unwrap();
            let exists = delivery::Entity::find().filter(delivery::Column::DedupeKey.eq(&key)).one(&txn).await?;
            if exists.is_none() {
                r.insert(&txn).await?;
            }
        }
        txn.commit().await?;
        done += 1;
    }
    Ok(done)
}

// ---------------------------------------------------------------------------------------------
// Sending

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
    /// Lease owner name of this process.
    pub owner: String,
}

/// Everything a worker needs to send notifications.
#[derive(Clone)]
pub struct Notifier {
    db: DatabaseConnection,
    mailer: Mailer,
    key: SigningKey,
    public_url: String,
    lease: Duration,
    backoff: Duration,
    allow_private_webhooks: bool,
    owner: String,
    http: reqwest::Client,
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

enum Outcome {
    Sent(Option<i32>),
    Retry(String, Option<i32>),
    Failed(String, Option<i32>),
    Skipped(String),
}

impl Notifier {
    pub fn new(db: DatabaseConnection, mailer: Mailer, key: SigningKey, s: Settings) -> anyhow::Result<Self> {
        let Settings { public_url, lease, backoff, allow_private_webhooks, owner } = s;
        let http = reqwest::Client::builder()
            .timeout(WEBHOOK_TIMEOUT)
            .redirect(reqwest::redirect::Policy::none())
            .user_agent("Crosstalk-Webhooks/1")
            .build()?;
        Ok(Notifier { db, mailer, key, public_url, lease, backoff, allow_private_webhooks, owner, http })
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
            other => Ok(Outcome::Failed(format!("unknown channel {other}"), None)),
        }
    }

    fn link(&self, path: &str) -> String {
        format!("{}{path}", self.public_url)
    }

    async fn send_mail(&self, d: &delivery::Model, e: &event::Model) -> anyhow::Result<Outcome> {
        let Some(m) = member::Entity::find_by_id(d.member_id.as_deref().unwrap_or("")).one(&self.db).await? else {
            return Ok(Outcome::Skipped("the member no longer exists".into()));
        };
        let Some(to) = m.email.clone().filter(|a| !a.trim().is_empty()) else {
            return Ok(Outcome::Skipped("the member has no email address".into()));
        };
        let Some(category) = Category::of_event(&e.kind) else {
            return Ok(Outcome::Skipped("not a mail event".into()));
        };
        if !preferences(&self.db, &m.id).await?.wants(category) {
            return Ok(Outcome::Skipped(format!("the member turned off {} mail", category.as_str())));
        }
        let data: serde_json::Value = serde_json::from_str(&e.payload)?;
        let Some(template) = self.template(e, &data, &m).await? else {
            return Ok(Outcome::Skipped("what the mail was about is gone".into()));
        };
        let unsubscribe =
            self.link(&format!("/v1/unsubscribe?token={}", unsubscribe_token(&self.key, &m.id, category)));
        let rendered = mail::render(&m.locale, &m.display_name, &template, Some(&unsubscribe));
        let out = Outgoing {
            to_email: to,
            to_name: m.display_name.clone(),
            rendered,
            message_id: d.id.clone(),
            unsubscribe_url: Some(unsubscribe),
            headers: vec![("X-Crosstalk-Event".into(), e.kind.clone()), ("X-Crosstalk-Event-Id".into(), e.id.clone())],
        };
        Ok(match self.mailer.send(&out).await {
            Ok(()) => Outcome::Sent(None),
            Err(SendError::Transient(msg)) => Outcome::Retry(msg, None),
            Err(SendError::Permanent(msg)) => Outcome::Failed(msg, None),
        })
    }

    async fn template(
        &self,
        e: &event::Model,
        data: &serde_json::Value,
        m: &member::Model,
    ) -> anyhow::Result<Option<Template>> {
        let prompt_title = async |id: Option<&str>| -> anyhow::Result<String> {
            Ok(match id {
                Some(id) => prompt::Entity::find_by_id(id).one(&self.db).await?.map(|p| p.title).unwrap_or_default(),
                None => String::new(),
            })
        };
        let post_id = str_field(data, &["post_id"]).unwrap_or_default();
        let prompt_id = str_field(data, &["prompt_id"]);
        Ok(Some(match e.kind.as_str() {
            outbox::REPLY_PUBLISHED => {
                let Some(reply) = post::Entity::find_by_id(post_id).one(&self.db).await? else { return Ok(None) };
                if reply.state != "visible" {
                    return Ok(None);
                }
                let replier = member::Entity::find_by_id(&reply.author_id).one(&self.db).await?;
                Template::Reply {
                    replier_name: replier.map(|r| r.display_name).unwrap_or_default(),
                    prompt_title: prompt_title(prompt_id).await?,
                    reply_text: reply.text,
                    post_url: self.link(&format!("/v1/posts/{}", reply.parent_id.as_deref().unwrap_or(post_id))),
                }
            }
            outbox::VIDEO_READY => Template::VideoReady {
                prompt_title: prompt_title(prompt_id).await?,
                post_url: self.link(&format!("/v1/posts/{post_id}")),
                pending_approval: str_field(data, &["post_state"]) == Some("pending"),
            },
            outbox::VIDEO_REJECTED => Template::VideoRejected {
                prompt_title: prompt_title(prompt_id).await?,
                reason: str_field(data, &["reason"]).unwrap_or("internal_error").to_owned(),
                upload_url: self.link(&format!("/v1/prompts/{}", prompt_id.unwrap_or_default())),
                min_seconds: mail::seconds_field(data, "min_seconds"),
                max_seconds: mail::seconds_field(data, "max_seconds"),
            },
            outbox::MODERATION_DECIDED => Template::ModerationDecided {
                prompt_title: prompt_title(prompt_id).await?,
                action: str_field(data, &["action"]).unwrap_or_default().to_owned(),
                statement: str_field(data, &["reason"]).unwrap_or_default().to_owned(),
                post_url: self.link(&format!("/v1/posts/{post_id}")),
            },
            outbox::NUDGE => {
                let Some(p) = prompt::Entity::find_by_id(prompt_id.unwrap_or_default()).one(&self.db).await? else {
                    return Ok(None);
                };
                let message = p.nudge_message.replace("{name}", &m.display_name).replace("{prompt}", &p.title);
                Template::Nudge {
                    prompt_title: p.title,
                    message,
                    closes_at: p.closes_at,
                    prompt_url: self.link(&format!("/v1/prompts/{}", p.id)),
                }
            }
            outbox::DIGEST => {
                let d: DigestData = serde_json::from_value(data.clone())?;
                Template::Digest {
                    course_title: d.course_title,
                    pending: d.pending,
                    flagged: d.flagged,
                    oldest_age_hours: d.oldest_queued_at.map_or(0, |t| (Utc::now() - t).num_hours().max(0)),
                    cohorts: d
                        .cohorts
                        .into_iter()
                        .map(|c| DigestCohort { name: c.name, pending: c.pending, flagged: c.flagged })
                        .collect(),
                    queue_url: self.link(&format!("/v1/courses/{}/moderation/queue", d.course_id)),
                }
            }
            _ => return Ok(None),
        }))
    }

    async fn send_webhook(&self, d: &delivery::Model, e: &event::Model) -> anyhow::Result<Outcome> {
        let Some(w) = webhook::Entity::find_by_id(d.webhook_id.as_deref().unwrap_or("")).one(&self.db).await? else {
            return Ok(Outcome::Skipped("the webhook was deleted".into()));
        };
        if !w.active {
            return Ok(Outcome::Skipped("the webhook is disabled".into()));
        }
        let url = match check_webhook_url(&w.url, self.allow_private_webhooks) {
            Ok(u) => u,
            Err(err) => return Ok(Outcome::Failed(err.to_string(), None)),
        };
        // Resolve once, refuse private addresses (unless allowed), and connect to what we checked.
        let host = url.host_str().unwrap_or_default().trim_matches(['[', ']']).to_owned();
        let port = url.port_or_known_default().unwrap_or(443);
        let addrs: Vec<std::net::SocketAddr> = match tokio::net::lookup_host((host.as_str(), port)).await {
            Ok(a) => a.collect(),
            Err(err) => return Ok(Outcome::Retry(format!("cannot resolve {host}: {err}"), None)),
        };
        if !self.allow_private_webhooks && addrs.iter().any(|a| is_private(a.ip())) {
            return Ok(Outcome::Failed(format!("{host} resolves to a private address"), None));
        }
        let Some(addr) = addrs.first().copied() else {
            return Ok(Outcome::Retry(format!("{host} has no address"), None));
        };
        let body = serde_json::to_vec(&serde_json::json!({
            "id": e.id,
            "type": e.kind,
            "created_at": e.created_at,
            "data": serde_json::from_str::<serde_json::Value>(&e.payload)?,
        }))?;
        let t = Utc::now().timestamp();
        let client = if url.host().is_some_and(|h| matches!(h, url::Host::Domain(_))) {
            reqwest::Client::builder()
                .timeout(WEBHOOK_TIMEOUT)
                .redirect(reqwest::redirect::Policy::none())
                .user_agent("Crosstalk-Webhooks/1")
                .resolve(&host, addr)
                .build()?
        } else {
            self.http.clone()
        };
        let secret = crate::webhook_secret::open(&self.key, &w.id, &w.secret)?;
        let res = client
            .post(url)
            .header("Content-Type", "application/json")
            .header("Crosstalk-Signature", signature_header(&secret, t, &body))
            .header("Crosstalk-Event", &e.kind)
            .header("Crosstalk-Event-Id", &e.id)
            .header("Crosstalk-Delivery", &d.id)
            .body(body)
            .send()
            .await;
        Ok(match res {
            Ok(r) if r.status().is_success() => Outcome::Sent(Some(i32::from(r.status().as_u16()))),
            Ok(r) => {
                Outcome::Retry(format!("the receiver answered {}", r.status()), Some(i32::from(r.status().as_u16())))
            }
            Err(err) => Outcome::Retry(format!("request failed: {}", err_chain(&err)), None),
        })
    }
}

fn err_chain(e: &dyn std::error::Error) -> String {
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

/// How long finished deliveries (and their events) are kept for the delivery log.
pub const KEEP_DAYS: i64 = 30;

/// Deletes finished deliveries older than [`KEEP_DAYS`], and the fanned-out events left without
/// deliveries. Returns how many rows went.
pub async fn prune(db: &DatabaseConnection) -> Result<u64> {
    let cutoff = Utc::now() - chrono::Duration::days(KEEP_DAYS);
    let d = delivery::Entity::delete_many()
        .filter(delivery::Column::State.is_in(["sent", "failed", "unknown", "skipped"]))
        .filter(delivery::Column::CreatedAt.lt(cutoff))
        .exec(db)
        .await?
        .rows_affected;
    let backend = db.get_database_backend();
    let e = db
        .execute(Statement::from_sql_and_values(
            backend,
            sql(
                backend,
                "DELETE FROM events WHERE fanned_out_at IS NOT NULL AND created_at < ? \
                 AND NOT EXISTS (SELECT 1 FROM deliveries d WHERE d.event_id = events.id)",
            ),
            [cutoff.into()],
        ))
        .await?
        .rows_affected();
    Ok(d + e)
}

/// Deliveries per channel and state, for `/metrics`.
pub async fn counts(db: &DatabaseConnection) -> Result<Vec<(String, String, i64)>> {
    Ok(delivery::Entity::find()
        .select_only()
        .column(delivery::Column::Channel)
        .column(delivery::Column::State)
        .column_as(sea_orm::sea_query::Expr::col(delivery::Column::Id).count(), "n")
        .group_by(delivery::Column::Channel)
        .group_by(delivery::Column::State)
        .into_tuple()
        .all(db)
        .await?)
}

// ---------------------------------------------------------------------------------------------
// Digests and nudges

#[derive(Debug, Serialize, Deserialize)]
struct DigestData {
    member_id: String,
    course_id: String,
    course_title: String,
    pending: i64,
    flagged: i64,
    oldest_queued_at: Option<DateTime<Utc>>,
    cohorts: Vec<DigestCohortData>,
}

#[derive(Debug, Serialize, Deserialize)]
struct DigestCohortData {
    id: Option<String>,
    name: String,
    pending: i64,
    flagged: i64,
}

/// Writes a digest event for every facilitator (with an email address and digests on) whose
/// cohorts have posts waiting in the queue and whose last digest is older than `interval`.
/// Safe to run from many workers at once: the `digests` row is the claim.
pub async fn schedule_digests(db: &DatabaseConnection, interval: Duration) -> Result<usize> {
    let now = Utc::now();
    let threshold = now - chrono::Duration::from_std(interval).unwrap_or(chrono::Duration::days(1));
    // Only courses where something waits: an idle course costs one index-only read a minute.
    let waiting: Vec<String> = post::Entity::find()
        .select_only()
        .column(post::Column::CourseId)
        .filter(post::Column::QueuedAt.is_not_null())
        .distinct()
        .into_tuple()
        .all(db)
        .await?;
    if waiting.is_empty() {
        return Ok(0);
    }
    let facs = member::Entity::find()
        .filter(member::Column::CourseId.is_in(waiting))
        .filter(member::Column::Role.eq("facilitator"))
        .filter(member::Column::Email.is_not_null())
        .all(db)
        .await?;
    let recent: HashSet<String> = digest::Entity::find()
        .filter(digest::Column::LastSentAt.gt(threshold))
        .select_only()
        .column(digest::Column::MemberId)
        .into_tuple::<String>()
        .all(db)
        .await?
        .into_iter()
        .collect();
    let mut n = 0;
    for f in facs.into_iter().filter(|f| !recent.contains(&f.id)) {
        if !preferences(db, &f.id).await?.digest {
            continue;
        }
        let Some(data) = digest_data(db, &f).await? else { continue };
        let Some(c) = course::Entity::find_by_id(&f.course_id).one(db).await? else { continue };
        let txn = db.begin().await?;
        let claimed = digest::Entity::update_many()
            .col_expr(digest::Column::LastSentAt, now.into())
            .filter(digest::Column::MemberId.eq(&f.id))
            .filter(digest::Column::LastSentAt.lte(threshold))
            .exec(&txn)
            .await?
            .rows_affected
            == 1;
        let claimed = claimed || {
            let exists = digest::Entity::find_by_id(&f.id).one(&txn).await?.is_some();
            !exists
                && match (digest::ActiveModel { member_id: Set(f.id.clone()), last_sent_at: Set(now) })
                    .insert(&txn)
                    .await
                {
                    Ok(_) => true,
                    Err(e) if matches!(e.sql_err(), Some(SqlErr::UniqueConstraintViolation(_))) => false,
                    Err(e) => return Err(e.into()),
                }
        };
        if !claimed {
            continue;
        }
        outbox::emit(
            &txn,
            NewEvent {
                team_id: &c.team_id,
                course_id: Some(&c.id),
                kind: outbox::DIGEST,
                subject_id: Some(&f.id),
                data: &data,
            },
        )
        .await?;
        txn.commit().await?;
        n += 1;
    }
    if n > 0 {
        crate::jobs::wake();
    }
    Ok(n)
}

#[derive(Debug, FromQueryResult)]
struct QueueRow {
    cohort_id: Option<String>,
    state: String,
    n: i64,
    oldest: Option<DateTime<Utc>>,
}

/// What waits for a facilitator: posts in the queue of their cohorts (of the whole course when
/// they lead no cohort). `None` when nothing waits.
async fn digest_data(db: &DatabaseConnection, f: &member::Model) -> Result<Option<DigestData>> {
    let cohort_ids: Vec<String> = cohort_member::Entity::find()
        .select_only()
        .column(cohort_member::Column::CohortId)
        .filter(cohort_member::Column::MemberId.eq(&f.id))
        .into_tuple()
        .all(db)
        .await?;
    let mut q = post::Entity::find()
        .select_only()
        .column(post::Column::CohortId)
        .column(post::Column::State)
        .column_as(sea_orm::sea_query::Expr::col(post::Column::Id).count(), "n")
        .column_as(sea_orm::sea_query::Expr::col(post::Column::QueuedAt).min(), "oldest")
        .filter(post::Column::CourseId.eq(&f.course_id))
        .filter(post::Column::QueuedAt.is_not_null())
        .filter(post::Column::State.is_in(["pending", "hidden", "visible"]))
        .group_by(post::Column::CohortId)
        .group_by(post::Column::State);
    if !cohort_ids.is_empty() {
        q = q.filter(post::Column::CohortId.is_in(cohort_ids.clone()));
    }
    let rows: Vec<QueueRow> = q.into_model::<QueueRow>().all(db).await?;
    if rows.is_empty() {
        return Ok(None);
    }
    let names: HashMap<String, String> = cohort::Entity::find()
        .filter(cohort::Column::CourseId.eq(&f.course_id))
        .all(db)
        .await?
        .into_iter()
        .map(|c| (c.id, c.name))
        .collect();
    let mut per: BTreeMap<Option<String>, (i64, i64)> = BTreeMap::new();
    let (mut pending, mut flagged, mut oldest) = (0, 0, None::<DateTime<Utc>>);
    for r in rows {
        let e = per.entry(r.cohort_id.clone()).or_default();
        if r.state == "pending" {
            e.0 += r.n;
            pending += r.n;
        } else {
            e.1 += r.n;
            flagged += r.n;
        }
        oldest = match (oldest, r.oldest) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
    }
    let course_title = course::Entity::find_by_id(&f.course_id).one(db).await?.map(|c| c.title).unwrap_or_default();
    Ok(Some(DigestData {
        member_id: f.id.clone(),
        course_id: f.course_id.clone(),
        course_title,
        pending,
        flagged,
        oldest_queued_at: oldest,
        cohorts: per
            .into_iter()
            .map(|(id, (p, fl))| DigestCohortData {
                name: id.as_ref().and_then(|i| names.get(i).cloned()).unwrap_or_else(|| "—".into()),
                id,
                pending: p,
                flagged: fl,
            })
            .collect(),
    }))
}

#[derive(Debug, FromQueryResult)]
struct NudgeTarget {
    id: String,
}

/// Writes a nudge event for every learner (with an email address) who has not answered an
/// open prompt `nudge_after_days` after it opened, at most once per learner and prompt.
pub async fn schedule_nudges(db: &DatabaseConnection) -> Result<usize> {
    let now = Utc::now();
    let prompts = prompt::Entity::find()
        .filter(prompt::Column::NudgeAfterDays.gt(0))
        .filter(prompt::Column::OpensAt.lte(now))
        .filter(prompt::Column::ClosesAt.gt(now))
        .all(db)
        .await?;
    let backend = db.get_database_backend();
    let mut n = 0;
    for p in prompts {
        if p.opens_at + chrono::Duration::days(i64::from(p.nudge_after_days)) > now {
            continue;
        }
        let Some(c) = course::Entity::find_by_id(&p.course_id).one(db).await? else { continue };
        let q = sql(
            backend,
            "SELECT m.id FROM members m WHERE m.course_id = ? AND m.role = 'learner' AND m.email IS NOT NULL \
             AND NOT EXISTS (SELECT 1 FROM posts x WHERE x.author_id = m.id AND x.prompt_id = ? AND x.depth = 0 \
               AND x.state NOT IN ('deleted', 'rejected')) \
             AND NOT EXISTS (SELECT 1 FROM nudges g WHERE g.prompt_id = ? AND g.member_id = m.id) \
             ORDER BY m.id LIMIT 500",
        );
        let targets = NudgeTarget::find_by_statement(Statement::from_sql_and_values(
            backend,
            q,
            [c.id.clone().into(), p.id.clone().into(), p.id.clone().into()],
        ))
        .all(db)
        .await?;
        for t in targets {
            if !preferences(db, &t.id).await?.nudges {
                continue;
            }
            let txn = db.begin().await?;
            let event_id = new_id("evt");
            let inserted = nudge::ActiveModel {
                prompt_id: Set(p.id.clone()),
                member_id: Set(t.id.clone()),
                event_id: Set(event_id),
                created_at: Set(now),
            }
            .insert(&txn)
            .await;
            match inserted {
                Ok(_) => {}
                Err(e) if matches!(e.sql_err(), Some(SqlErr::UniqueConstraintViolation(_))) => continue,
                Err(e) => return Err(e.into()),
            }
            outbox::emit(
                &txn,
                NewEvent {
                    team_id: &c.team_id,
                    course_id: Some(&c.id),
                    kind: outbox::NUDGE,
                    subject_id: Some(&p.id),
                    data: serde_json::json!({ "member_id": t.id, "prompt_id": p.id }),
                },
            )
            .await?;
            txn.commit().await?;
            n += 1;
        }
    }
    if n > 0 {
        crate::jobs::wake();
    }
    Ok(n)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signatures_verify_and_tampering_fails() {
        let body = br#"{"id":"evt_1","type":"video.ready"}"#;
        let h = signature_header("whsec_x", 1_700_000_000, body);
        assert!(verify_signature("whsec_x", &h, body, 1_700_000_010, 300));
        assert!(!verify_signature("whsec_x", &h, br#"{"id":"evt_2","type":"video.ready"}"#, 1_700_000_010, 300));
        assert!(!verify_signature("whsec_y", &h, body, 1_700_000_010, 300));
        assert!(!verify_signature("whsec_x", &h, body, 1_700_001_000, 300), "stale timestamps are refused");
        assert!(!verify_signature("whsec_x", "v1=00", body, 1_700_000_010, 300));
    }

    #[test]
    fn unsubscribe_tokens_are_signed() {
        let key = SigningKey::from_bytes(b"k");
        let t = unsubscribe_token(&key, "mem_1", Category::Replies);
        assert_eq!(verify_unsubscribe(&key, &t), Some(("mem_1".into(), Category::Replies)));
        assert_eq!(verify_unsubscribe(&key, &t.replace("replies", "digest")), None);
        assert_eq!(verify_unsubscribe(&key, &t.replace("mem_1", "mem_2")), None);
        assert_eq!(verify_unsubscribe(&SigningKey::from_bytes(b"other"), &t), None);
    }

    #[test]
    fn webhook_urls() {
        assert!(check_webhook_url("https://example.org/hook", false).is_ok());
        assert!(check_webhook_url("ftp://example.org/hook", false).is_err());
        assert!(check_webhook_url("http://127.0.0.1:9/hook", false).is_err());
        assert!(check_webhook_url("http://10.1.2.3/hook", false).is_err());
        assert!(check_webhook_url("http://[::1]/hook", false).is_err());
        assert!(check_webhook_url("http://localhost/hook", false).is_err());
        assert!(check_webhook_url("http://127.0.0.1:9/hook", true).is_ok());
        assert!(check_webhook_url("https://u:p@example.org/hook", true).is_err());
    }
}
