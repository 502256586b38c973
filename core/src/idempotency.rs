//! `Idempotency-Key` on creating POSTs: the first response is stored and replayed to retries.

use chrono::{Duration, Utc};
use sea_orm::{
    sea_query::OnConflict, ActiveModelTrait as _, ColumnTrait as _, DatabaseConnection, EntityTrait as _,
    QueryFilter as _, Set,
};

use crate::entities::idempotency_key as ik;
use crate::error::{Error, Result};

/// How long a stored response is replayed.
pub const RETENTION_HOURS: i64 = 24;

pub enum Begin {
    /// First time: run the request, then [`complete`] or [`abandon`].
    Fresh,
    /// Seen before with the same request: send this stored response again.
    Replay { status: u16, content_type: Option<String>, body: String },
}

/// Claims `key` for this caller, or finds the stored outcome of an earlier identical request.
pub async fn begin(db: &DatabaseConnection, principal: &str, key: &str, request_hash: &str) -> Result<Begin> {
    if key.is_empty() || key.len() > 255 || !key.bytes().all(|b| b.is_ascii_graphic()) {
        return Err(Error::invalid(
            "invalid_idempotency_key",
            "Idempotency-Key must be 1 to 255 visible ASCII characters",
        ));
    }
    // Forget expired keys of this caller so a key may be reused after the retention window.
    ik::Entity::delete_many()
        .filter(ik::Column::Principal.eq(principal))
        .filter(ik::Column::CreatedAt.lt(Utc::now() - Duration::hours(RETENTION_HOURS)))
        .exec(db)
        .await?;
    let inserted = ik::Entity::insert(ik::ActiveModel {
        principal: Set(principal.to_owned()),
        key: Set(key.to_owned()),
        request_hash: Set(request_hash.to_owned()),
        status: Set(None),
        content_type: Set(None),
        body: Set(None),
        created_at: Set(Utc::now()),
    })
    .on_conflict(OnConflict::columns([ik::Column::Principal, ik::Column::Key]).do_nothing().to_owned())
    .do_nothing()
    .exec(db)
    .await?;
    if matches!(inserted, sea_orm::TryInsertResult::Inserted(_)) {
        return Ok(Begin::Fresh);
    }
    let row = ik::Entity::find_by_id((principal.to_owned(), key.to_owned())).one(db).await?.ok_or_else(|| {
        Error::conflict("idempotency_in_progress", "a request with this Idempotency-Key is in progress")
    })?;
    if row.request_hash != request_hash {
        return Err(Error::invalid("idempotency_key_reused", "this Idempotency-Key was used for a different request"));
    }
    match (row.status, row.body) {
        (Some(status), Some(body)) => {
            Ok(Begin::Replay { status: u16::try_from(status).unwrap_or(200), content_type: row.content_type, body })
        }
        _ => Err(Error::conflict("idempotency_in_progress", "a request with this Idempotency-Key is in progress")),
    }
}

pub async fn complete(
    db: &DatabaseConnection,
    principal: &str,
    key: &str,
    status: u16,
    content_type: Option<String>,
    body: String,
) -> Result<()> {
    if let Some(row) = ik::Entity::find_by_id((principal.to_owned(), key.to_owned())).one(db).await? {
        let mut am: ik::ActiveModel = row.into();
        am.status = Set(Some(i32::from(status)));
        am.content_type = Set(content_type);
        am.body = Set(Some(body));
        am.update(db).await?;
    }
    Ok(())
}

/// Releases the key after a server error so the client's retry runs again.
pub async fn abandon(db: &DatabaseConnection, principal: &str, key: &str) -> Result<()> {
    ik::Entity::delete_by_id((principal.to_owned(), key.to_owned())).exec(db).await?;
    Ok(())
}
