//! The delivery log: listing a webhook's deliveries, redelivering one, pruning old ones, and counts.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait as _, ColumnTrait as _, ConnectionTrait as _, DatabaseConnection, EntityTrait as _,
    QueryFilter as _, QueryOrder as _, QuerySelect as _, Set, Statement,
};
use serde::Serialize;
use utoipa::ToSchema;

use super::fanout::new_delivery;
use super::sql;
use crate::entities::{delivery, event, webhook};
use crate::error::{Error, Result};
use crate::pagination::{Page, PageParams};

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

/// The deliveries of a webhook (found by [`crate::access::team_webhook`]), newest first.
pub async fn list_deliveries(db: &DatabaseConnection, w: &webhook::Model, page: &PageParams) -> Result<Page<Delivery>> {
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
pub async fn redeliver(db: &DatabaseConnection, w: &webhook::Model, delivery_id: &str) -> Result<Delivery> {
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
