//! tus uploads: state in the database, bytes in the object store as one part per PATCH, so any
//! API instance can take any PATCH. A PATCH holds a short, renewed lock on its upload so two
//! PATCHes never interleave; a crashed instance's lock simply expires.

use chrono::{DateTime, Duration, Utc};
use sea_orm::{
    ActiveModelTrait as _, ColumnTrait as _, DatabaseConnection, EntityTrait as _, PaginatorTrait as _,
    QueryFilter as _, QueryOrder as _, Set, TransactionTrait as _,
};

use crate::entities::{member, upload, upload_part};
use crate::error::{Error, Result};
use crate::ids::new_id;

/// How long a PATCH's lock lasts without renewal.
pub const LOCK_SECS: i64 = 30;

/// Limits of the tus endpoint.
#[derive(Debug, Clone)]
pub struct UploadLimits {
    pub max_size: u64,
    pub max_open_per_member: u64,
    pub expires_after: Duration,
}

impl Default for UploadLimits {
    fn default() -> Self {
        UploadLimits { max_size: 2 << 30, max_open_per_member: 5, expires_after: Duration::hours(24) }
    }
}

pub struct NewUpload {
    pub length: u64,
    pub metadata: Option<String>,
    pub filename: Option<String>,
    pub filetype: Option<String>,
}

pub async fn create(
    db: &DatabaseConnection,
    m: &member::Model,
    input: NewUpload,
    limits: &UploadLimits,
) -> Result<upload::Model> {
    if input.length > limits.max_size {
        return Err(Error::invalid(
            "upload_too_large",
            format!("Upload-Length is over the limit of {} bytes", limits.max_size),
        ));
    }
    let now = Utc::now();
    let open = upload::Entity::find()
        .filter(upload::Column::MemberId.eq(&m.id))
        .filter(upload::Column::State.eq("open"))
        .filter(upload::Column::ExpiresAt.gt(now))
        .count(db)
        .await?;
    if open >= limits.max_open_per_member {
        return Err(Error::TooMany {
            code: "upload_quota_exceeded",
            detail: format!(
                "at most {} unfinished uploads at a time; finish or delete one",
                limits.max_open_per_member
            )
            .into(),
        });
    }
    let length =
        i64::try_from(input.length).map_err(|_| Error::invalid("upload_too_large", "Upload-Length is too large"))?;
    let row = upload::ActiveModel {
        id: Set(new_id("upl")),
        member_id: Set(m.id.clone()),
        course_id: Set(m.course_id.clone()),
        length: Set(length),
        offset: Set(0),
        filename: Set(input.filename.map(|f| f.chars().take(255).collect())),
        filetype: Set(input.filetype.map(|f| f.chars().take(255).collect())),
        metadata: Set(input.metadata),
        state: Set(if length == 0 { "complete" } else { "open" }.into()),
        parts: Set(0),
        lock_token: Set(None),
        locked_until: Set(None),
        expires_at: Set(now + limits.expires_after),
        created_at: Set(now),
        updated_at: Set(now),
    }
    .insert(db)
    .await?;
    Ok(row)
}

/// The member's own upload; anyone else's, an unknown id or a terminated one is not found,
/// an expired one is gone.
pub async fn get_own(db: &DatabaseConnection, member_id: &str, id: &str) -> Result<upload::Model> {
    if !crate::ids::is_valid("upl", id) {
        return Err(Error::NotFound("upload"));
    }
    let u = upload::Entity::find_by_id(id)
        .one(db)
        .await?
        .filter(|u| u.member_id == member_id && u.state != "terminated")
        .ok_or(Error::NotFound("upload"))?;
    if u.state == "open" && u.expires_at <= Utc::now() {
        return Err(Error::Gone { code: "upload_expired", detail: "this upload expired; start a new one".into() });
    }
    Ok(u)
}

/// Takes the PATCH lock if the client's offset is right. Returns the lock token.
pub async fn lock(db: &DatabaseConnection, u: &upload::Model, client_offset: i64) -> Result<String> {
    if u.state == "complete" || u.offset != client_offset {
        return Err(Error::conflict(
            "offset_mismatch",
            format!("Upload-Offset {client_offset} does not match the upload's offset {}", u.offset),
        ));
    }
    let token = new_id("lck");
    let now = Utc::now();
    let r = upload::Entity::update_many()
        .col_expr(upload::Column::LockToken, Some(token.clone()).into())
        .col_expr(upload::Column::LockedUntil, Some(now + Duration::seconds(LOCK_SECS)).into())
        .filter(upload::Column::Id.eq(&u.id))
        .filter(upload::Column::State.eq("open"))
        .filter(upload::Column::Offset.eq(client_offset))
        .filter(upload::Column::LockedUntil.is_null().or(upload::Column::LockedUntil.lt(now)))
        .exec(db)
        .await?;
    if r.rows_affected == 1 {
        return Ok(token);
    }
    Err(Error::Locked {
        code: "upload_locked",
        detail: "another request is writing to this upload; retry shortly".into(),
    })
}

pub async fn renew_lock(db: &DatabaseConnection, id: &str, token: &str) -> Result<bool> {
    let r = upload::Entity::update_many()
        .col_expr(upload::Column::LockedUntil, Some(Utc::now() + Duration::seconds(LOCK_SECS)).into())
        .filter(upload::Column::Id.eq(id))
        .filter(upload::Column::LockToken.eq(token))
        .exec(db)
        .await?;
    Ok(r.rows_affected == 1)
}

pub async fn unlock(db: &DatabaseConnection, id: &str, token: &str) -> Result<()> {
    upload::Entity::update_many()
        .col_expr(upload::Column::LockToken, Option::<String>::None.into())
        .col_expr(upload::Column::LockedUntil, Option::<DateTime<Utc>>::None.into())
        .filter(upload::Column::Id.eq(id))
        .filter(upload::Column::LockToken.eq(token))
        .exec(db)
        .await?;
    Ok(())
}

/// The object key of the part starting at `offset`.
pub fn part_key(upload_id: &str, offset: i64) -> String {
    format!("uploads/{upload_id}/{offset:020}")
}

/// Records a stored part and advances the offset, releasing the lock, in one transaction.
/// Fails (and records nothing) if the lock was lost meanwhile.
///
/// The transaction starts with its write: on SQLite a transaction that reads first and writes
/// later fails with "database is locked" when another writer committed in between.
pub async fn commit_part(db: &DatabaseConnection, u: &upload::Model, token: &str, size: i64) -> Result<upload::Model> {
    use sea_orm::sea_query::Expr;
    let txn = db.begin().await?;
    let now = Utc::now();
    let r = upload::Entity::update_many()
        .col_expr(upload::Column::Offset, Expr::col(upload::Column::Offset).add(size))
        .col_expr(upload::Column::Parts, Expr::col(upload::Column::Parts).add(1))
        .col_expr(upload::Column::LockToken, Option::<String>::None.into())
        .col_expr(upload::Column::LockedUntil, Option::<DateTime<Utc>>::None.into())
        .col_expr(upload::Column::UpdatedAt, now.into())
        .filter(upload::Column::Id.eq(&u.id))
        .filter(upload::Column::LockToken.eq(token))
        .filter(upload::Column::State.eq("open"))
        .exec(&txn)
        .await?;
    if r.rows_affected != 1 {
        return Err(Error::Locked {
            code: "upload_locked",
            detail: "the upload's lock was lost; retry from HEAD".into(),
        });
    }
    upload::Entity::update_many()
        .col_expr(upload::Column::State, "complete".into())
        .filter(upload::Column::Id.eq(&u.id))
        .filter(Expr::col(upload::Column::Offset).eq(Expr::col(upload::Column::Length)))
        .exec(&txn)
        .await?;
    let row = upload::Entity::find_by_id(&u.id).one(&txn).await?.ok_or(Error::NotFound("upload"))?;
    upload_part::ActiveModel {
        upload_id: Set(u.id.clone()),
        offset: Set(row.offset - size),
        size: Set(size),
        key: Set(part_key(&u.id, row.offset - size)),
        created_at: Set(now),
    }
    .insert(&txn)
    .await?;
    txn.commit().await?;
    Ok(row)
}

/// Termination: the upload is gone for the client at once; its bytes go with the clean-up.
pub async fn terminate(db: &DatabaseConnection, u: upload::Model) -> Result<()> {
    let mut am: upload::ActiveModel = u.into();
    am.state = Set("terminated".into());
    am.updated_at = Set(Utc::now());
    am.update(db).await?;
    Ok(())
}

pub async fn parts(db: &impl sea_orm::ConnectionTrait, upload_id: &str) -> Result<Vec<upload_part::Model>> {
    Ok(upload_part::Entity::find()
        .filter(upload_part::Column::UploadId.eq(upload_id))
        .order_by_asc(upload_part::Column::Offset)
        .all(db)
        .await?)
}

/// Uploads to clean up: terminated ones, and open ones past their expiry.
pub async fn garbage(db: &DatabaseConnection, limit: u64) -> Result<Vec<upload::Model>> {
    use sea_orm::QuerySelect as _;
    let now = Utc::now();
    Ok(upload::Entity::find()
        .filter(
            upload::Column::State
                .eq("terminated")
                .or(upload::Column::State.eq("open").and(upload::Column::ExpiresAt.lt(now))),
        )
        .limit(limit)
        .all(db)
        .await?)
}

/// Forgets an upload whose objects were deleted.
pub async fn purge(db: &DatabaseConnection, id: &str) -> Result<()> {
    let txn = db.begin().await?;
    upload_part::Entity::delete_many().filter(upload_part::Column::UploadId.eq(id)).exec(&txn).await?;
    upload::Entity::delete_by_id(id).exec(&txn).await?;
    txn.commit().await?;
    Ok(())
}
