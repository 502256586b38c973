//! Teams' webhooks: creating, listing and deleting them (the team's webhook by id is a tenant
//! lookup: [`crate::access::team_webhook`]).

use base64::Engine as _;
use chrono::{DateTime, Utc};
use rand::RngCore as _;
use sea_orm::{
    ActiveModelTrait as _, ColumnTrait as _, DatabaseConnection, EntityTrait as _, PaginatorTrait as _,
    QueryFilter as _, QueryOrder as _, QuerySelect as _, Set, TransactionTrait as _,
};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::ssrf::check_webhook_url;
use super::B64;
use crate::entities::{delivery, webhook};
use crate::error::{Error, Result};
use crate::ids::new_id;
use crate::outbox;
use crate::pagination::{Page, PageParams};

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

pub async fn create_webhook(
    db: &DatabaseConnection,
    signing: &crate::auth::SigningKey,
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

/// Deletes a webhook (found by [`crate::access::team_webhook`]); deliveries not yet sent to it
/// are dropped (`skipped`).
pub async fn delete_webhook(db: &DatabaseConnection, w: webhook::Model) -> Result<()> {
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
