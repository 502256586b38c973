//! `Idempotency-Key` on creating POSTs: the first response is stored and replayed to retries.
//! Stored bodies are sealed ([`crate::sealed`]): a response may carry a secret shown once (a
//! webhook's secret, a member token), and no secret is kept in plain text.

use chrono::{Duration, Utc};
use sea_orm::{
    sea_query::OnConflict, ActiveModelTrait as _, ColumnTrait as _, Condition, DatabaseConnection, EntityTrait as _,
    QueryFilter as _, Set,
};

use crate::auth::SigningKey;
use crate::entities::idempotency_key as ik;
use crate::error::{Error, Result};
use crate::sealed::{self, Purpose, SealingKey};

/// How long a stored response is replayed.
pub const RETENTION_HOURS: i64 = 24;

/// How long a claim without a response holds its key: far longer than any request runs, so a
/// retry is refused while the first request may still finish, and runs again once it cannot.
pub const CLAIM_MINUTES: i64 = 15;

pub enum Begin {
    /// First time: run the request, then [`complete`] or [`abandon`].
    Fresh,
    /// Seen before with the same request: send this stored response again.
    Replay { status: u16, content_type: Option<String>, body: String },
}

/// Claims `key` for this caller, or finds the stored outcome of an earlier identical request.
pub async fn begin(
    db: &DatabaseConnection,
    signing: &SigningKey,
    principal: &str,
    key: &str,
    request_hash: &str,
) -> Result<Begin> {
    if key.is_empty() || key.len() > 255 || !key.bytes().all(|b| b.is_ascii_graphic()) {
        return Err(Error::invalid(
            "invalid_idempotency_key",
            "Idempotency-Key must be 1 to 255 visible ASCII characters",
        ));
    }
    // Forget expired keys of this caller so a key may be reused after the retention window, and
    // a claim of this key that never completed (its instance died, or releasing it failed).
    let now = Utc::now();
    let stale_claim = Condition::all()
        .add(ik::Column::Key.eq(key))
        .add(ik::Column::Status.is_null())
        .add(ik::Column::CreatedAt.lt(now - Duration::minutes(CLAIM_MINUTES)));
    ik::Entity::delete_many()
        .filter(ik::Column::Principal.eq(principal))
        .filter(Condition::any().add(ik::Column::CreatedAt.lt(now - Duration::hours(RETENTION_HOURS))).add(stale_claim))
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
        (Some(status), Some(stored)) => {
            let body = if sealed::is_sealed(&stored) {
                let plain = SealingKey::new(signing, Purpose::IdempotentResponse)
                    .open(&stored, &context(principal, key))
                    .map_err(|_| {
                        tracing::warn!(principal, "a stored idempotent response cannot be opened; was the signing secret changed?");
                        Error::conflict(
                            "idempotent_response_unavailable",
                            "the response to this Idempotency-Key can no longer be replayed; send the request with a new key",
                        )
                    })?;
                String::from_utf8_lossy(&plain).into_owned()
            } else {
                // Stored by an older version between its last start and ours; sealed at the next start.
                stored
            };
            Ok(Begin::Replay { status: u16::try_from(status).unwrap_or(200), content_type: row.content_type, body })
        }
        _ => Err(Error::conflict("idempotency_in_progress", "a request with this Idempotency-Key is in progress")),
    }
}

pub async fn complete(
    db: &DatabaseConnection,
    signing: &SigningKey,
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
        let sealed =
            SealingKey::new(signing, Purpose::IdempotentResponse).seal(body.as_bytes(), &context(principal, key));
        am.body = Set(Some(sealed));
        am.update(db).await?;
    }
    Ok(())
}

/// Releases the key after a server error so the client's retry runs again.
pub async fn abandon(db: &DatabaseConnection, principal: &str, key: &str) -> Result<()> {
    ik::Entity::delete_by_id((principal.to_owned(), key.to_owned())).exec(db).await?;
    Ok(())
}

/// What a sealed body is bound to: its row.
fn context(principal: &str, key: &str) -> Vec<u8> {
    format!("{principal}\n{key}").into_bytes()
}

/// Deletes every stored response older than [`RETENTION_HOURS`] (the worker's clean-up), so a
/// caller that never comes back does not leave its responses behind.
pub async fn prune(db: &DatabaseConnection) -> Result<u64> {
    let r = ik::Entity::delete_many()
        .filter(ik::Column::CreatedAt.lt(Utc::now() - Duration::hours(RETENTION_HOURS)))
        .exec(db)
        .await?;
    Ok(r.rows_affected)
}

/// Seals the bodies an older version stored in plain text (run at start). Returns how many.
pub async fn seal_plain_bodies(db: &DatabaseConnection, signing: &SigningKey) -> Result<usize> {
    let k = SealingKey::new(signing, Purpose::IdempotentResponse);
    let rows = ik::Entity::find()
        .filter(ik::Column::Body.is_not_null())
        .filter(ik::Column::Body.not_like(format!("{}%", sealed::PREFIX)))
        .all(db)
        .await?;
    let mut n = 0;
    for row in rows {
        let Some(plain) = row.body else { continue };
        let sealed = k.seal(plain.as_bytes(), &context(&row.principal, &row.key));
        // Conditional on the plain body: another instance starting at once seals it only once.
        let r = ik::Entity::update_many()
            .col_expr(ik::Column::Body, Some(sealed).into())
            .filter(ik::Column::Principal.eq(&row.principal))
            .filter(ik::Column::Key.eq(&row.key))
            .filter(ik::Column::Body.eq(plain))
            .exec(db)
            .await?;
        n += usize::try_from(r.rows_affected).unwrap_or(0);
    }
    Ok(n)
}

#[cfg(test)]
mod tests {
    use super::*;
    use sea_orm::IntoActiveModel as _;

    async fn db(dir: &std::path::Path) -> DatabaseConnection {
        let db = crate::db::connect(&crate::testing::fresh_database_url(dir).await.unwrap(), 2).await.unwrap();
        crate::db::migrate(&db).await.unwrap();
        db
    }

    #[tokio::test]
    async fn a_claim_that_never_completes_goes_stale_and_the_key_runs_again() {
        let dir = tempfile::tempdir().unwrap();
        let db = db(dir.path()).await;
        let k = SigningKey::from_bytes(&[7; 32]);
        assert!(matches!(begin(&db, &k, "team:t", "k1", "h").await, Ok(Begin::Fresh)));
        let busy = begin(&db, &k, "team:t", "k1", "h").await.err().unwrap();
        assert_eq!(busy.code(), "idempotency_in_progress");
        // Still refused just short of the stale age, run again after it.
        let age = |minutes: i64| {
            let db = db.clone();
            async move {
                let row =
                    ik::Entity::find_by_id(("team:t".to_owned(), "k1".to_owned())).one(&db).await.unwrap().unwrap();
                let mut am = row.into_active_model();
                am.created_at = Set(Utc::now() - Duration::minutes(minutes));
                am.update(&db).await.unwrap();
            }
        };
        age(CLAIM_MINUTES - 1).await;
        assert!(begin(&db, &k, "team:t", "k1", "h").await.is_err());
        age(CLAIM_MINUTES + 1).await;
        assert!(matches!(begin(&db, &k, "team:t", "k1", "h").await, Ok(Begin::Fresh)));
        // A completed key is replayed, however old (within the retention), and never re-run.
        complete(&db, &k, "team:t", "k1", 201, None, "{\"id\":1}".into()).await.unwrap();
        age(CLAIM_MINUTES + 1).await;
        assert!(matches!(begin(&db, &k, "team:t", "k1", "h").await, Ok(Begin::Replay { status: 201, .. })));
        // Under another signing secret the sealed response cannot be replayed: a clear 409.
        let other = SigningKey::from_bytes(&[8; 32]);
        let e = begin(&db, &other, "team:t", "k1", "h").await.err().unwrap();
        assert_eq!(e.code(), "idempotent_response_unavailable");
    }
}
