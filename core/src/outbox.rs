//! The transactional outbox. A change that others must hear about writes its event with
//! [`emit`] in the same transaction as the change itself, so an event exists exactly when its
//! change committed. The worker then fans each event out into deliveries (one per recipient:
//! a member's mailbox, a team webhook) and sends them; see [`crate::notify`].

use chrono::Utc;
use sea_orm::{ActiveModelTrait as _, ConnectionTrait, DbBackend, Set, Statement};
use serde::Serialize;

use crate::entities::event;
use crate::error::Result;
use crate::ids::new_id;

/// A member's video finished processing.
pub const VIDEO_READY: &str = "video.ready";
/// A member's upload was refused (bad input), with its reason code.
pub const VIDEO_REJECTED: &str = "video.rejected";
/// A response or reply was submitted.
pub const POST_CREATED: &str = "post.created";
/// A member flagged a post.
pub const FLAG_CREATED: &str = "flag.created";
/// A facilitator or the team approved, hid, removed or restored a post.
pub const MODERATION_DECIDED: &str = "moderation.decided";
/// A reply became visible to the author of the post it answers (internal: email only).
pub const REPLY_PUBLISHED: &str = "reply.published";
/// A learner has not answered a prompt some days after it opened (internal: email only).
pub const NUDGE: &str = "nudge";
/// A facilitator's digest of the moderation queue is due (internal: email only).
pub const DIGEST: &str = "digest";

/// The event types a team webhook can subscribe to.
pub const WEBHOOK_EVENTS: [&str; 5] = [VIDEO_READY, VIDEO_REJECTED, POST_CREATED, FLAG_CREATED, MODERATION_DECIDED];

/// Where an event belongs and what it is about.
pub struct NewEvent<'a, T: Serialize> {
    pub team_id: &'a str,
    pub course_id: Option<&'a str>,
    pub kind: &'static str,
    /// The post, prompt or member the event is about.
    pub subject_id: Option<&'a str>,
    /// The event's `data`, as webhooks receive it.
    pub data: T,
}

/// Writes an event; call it inside the transaction of the change, then [`crate::jobs::wake`]
/// after the commit. On PostgreSQL it also notifies the workers of other processes.
pub async fn emit<T: Serialize>(conn: &impl ConnectionTrait, e: NewEvent<'_, T>) -> Result<String> {
    let id = new_id("evt");
    event::ActiveModel {
        id: Set(id.clone()),
        team_id: Set(e.team_id.to_owned()),
        course_id: Set(e.course_id.map(str::to_owned)),
        kind: Set(e.kind.to_owned()),
        subject_id: Set(e.subject_id.map(str::to_owned)),
        payload: Set(serde_json::to_string(&e.data).map_err(anyhow::Error::from)?),
        created_at: Set(Utc::now()),
        fanned_out_at: Set(None),
    }
    .insert(conn)
    .await?;
    if conn.get_database_backend() == DbBackend::Postgres {
        conn.execute(Statement::from_sql_and_values(
            DbBackend::Postgres,
            "SELECT pg_notify($1, $2)",
            [crate::jobs::NOTIFY_CHANNEL.into(), "event".into()],
        ))
        .await?;
    }
    Ok(id)
}
