//! Fan-out: each new outbox event becomes deliveries, one per recipient, in one transaction.

use chrono::Utc;
use sea_orm::{
    ActiveModelTrait as _, ColumnTrait as _, DatabaseConnection, EntityTrait as _, QueryFilter as _, QueryOrder as _,
    QuerySelect as _, Set, TransactionTrait as _,
};

use super::preferences::{preferences, Category};
use super::str_field;
use crate::entities::{delivery, event, member, webhook};
use crate::error::Result;
use crate::ids::new_id;
use crate::outbox;

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

pub(super) fn new_delivery(
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
        if e.kind == outbox::VIDEO_READY {
            // The post may have completed its author's prompt: a score for the LMS gradebook.
            for (link_id, member_id) in crate::lti::ags::due(&txn, e.subject_id.as_deref().unwrap_or("")).await? {
                let key = crate::lti::ags::dedupe_key(&link_id, &member_id);
                rows.push(new_delivery(&e.id, &e.team_id, crate::lti::ags::CHANNEL, Some(member_id), None, key));
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
