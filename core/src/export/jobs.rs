//! Course exports as durable jobs: a team asks, the worker writes the course's zip to a temp file
//! (memory flat, see [`super::zip`]) and then to the store at `exports/{course_id}/{export_id}.zip`,
//! with progress on the export row. The zip is offered by signed URL until it expires.

use std::path::Path;

use anyhow::Context as _;
use chrono::{Duration, Utc};
use sea_orm::{
    ActiveModelTrait as _, ColumnTrait as _, DatabaseConnection, EntityTrait as _, QueryFilter as _, Set,
    TransactionTrait as _,
};
use serde::Serialize;

use crate::entities::{course, export};
use crate::error::{Error, Result};
use crate::ids::new_id;
use crate::storage::Storage;

pub const KIND_COURSE_EXPORT: &str = "course_export";
/// How long a course export stays in the store.
pub const KEEP_DAYS: i64 = 7;

/// An export as a team sees it (the URL is added by the caller, who knows how to sign).
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ExportView {
    pub id: String,
    pub course_id: String,
    /// `queued`, `running`, `ready`, `failed`, `expired`.
    pub state: String,
    /// 0..=100.
    pub progress: i32,
    pub bytes: Option<i64>,
    pub created_at: chrono::DateTime<Utc>,
    pub finished_at: Option<chrono::DateTime<Utc>>,
    pub expires_at: Option<chrono::DateTime<Utc>>,
    /// Why a `failed` export failed: `store_failed` (the store refused to read or keep a file),
    /// `internal_error` (anything else; the cause is in the server's log).
    pub reason: Option<String>,
}

impl From<export::Model> for ExportView {
    fn from(e: export::Model) -> Self {
        ExportView {
            id: e.id,
            course_id: e.course_id,
            state: e.state,
            progress: e.progress,
            bytes: e.bytes,
            created_at: e.created_at,
            finished_at: e.finished_at,
            expires_at: e.expires_at,
            reason: e.failure_reason,
        }
    }
}

/// Records a course export and enqueues its job, in one transaction.
pub async fn request(db: &DatabaseConnection, c: &course::Model) -> Result<export::Model> {
    let txn = db.begin().await?;
    let row = export::ActiveModel {
        id: Set(new_id("exp")),
        course_id: Set(c.id.clone()),
        team_id: Set(c.team_id.clone()),
        state: Set("queued".into()),
        progress: Set(0),
        key: Set(None),
        bytes: Set(None),
        created_at: Set(Utc::now()),
        finished_at: Set(None),
        expires_at: Set(None),
        failure_reason: Set(None),
    }
    .insert(&txn)
    .await?;
    crate::jobs::enqueue(&txn, KIND_COURSE_EXPORT, &serde_json::json!({ "export_id": row.id }), Some(&c.team_id))
        .await?;
    txn.commit().await?;
    crate::jobs::wake();
    Ok(row)
}

/// An export of the course (already checked to be the caller's).
pub async fn find(db: &DatabaseConnection, c: &course::Model, export_id: &str) -> Result<export::Model> {
    if !crate::ids::is_valid("exp", export_id) {
        return Err(Error::NotFound("export"));
    }
    export::Entity::find_by_id(export_id)
        .one(db)
        .await?
        .filter(|e| e.course_id == c.id)
        .ok_or(Error::NotFound("export"))
}

/// The object key of an export's zip.
pub fn key(course_id: &str, export_id: &str) -> String {
    format!("exports/{course_id}/{export_id}.zip")
}

/// Runs the export job: idempotent (the zip goes to a deterministic key; a ready export is left as is).
#[tracing::instrument(skip_all, fields(export_id = %export_id), err)]
pub async fn run(db: &DatabaseConnection, storage: &Storage, tmp_dir: &Path, export_id: &str) -> anyhow::Result<()> {
    let e = export::Entity::find_by_id(export_id).one(db).await?.context("export row is gone")?;
    if e.state == "ready" || e.state == "expired" {
        return Ok(());
    }
    let c = course::Entity::find_by_id(&e.course_id).one(db).await?.context("course of the export is gone")?;
    set(db, export_id, "running", 0).await?;
    export::Entity::update_many()
        .col_expr(export::Column::FailureReason, Option::<String>::None.into())
        .filter(export::Column::Id.eq(export_id))
        .exec(db)
        .await?;
    let manifest = super::course_manifest(db, &c).await?;
    tokio::fs::create_dir_all(tmp_dir).await?;
    let path = tmp_dir.join(format!("{export_id}.zip"));
    let file = tokio::fs::File::create(&path).await.context("creating the export file")?;
    let (tx, mut rx) = tokio::sync::watch::channel(0i32);
    let progress_db = db.clone();
    let id = export_id.to_owned();
    let reporter = tokio::spawn(async move {
        while rx.changed().await.is_ok() {
            let pct = *rx.borrow();
            let _ = set(&progress_db, &id, "running", pct).await;
            tokio::time::sleep(std::time::Duration::from_millis(500)).await;
        }
    });
    let mut file = tokio::io::BufWriter::new(file);
    let written = super::zip::write(storage, tmp_dir, &manifest.entries, &mut file, |done, total| {
        let pct = i32::try_from(done * 99 / total.max(1)).unwrap_or(99);
        let _ = tx.send(pct);
    })
    .await;
    drop(tx);
    let _ = reporter.await;
    if let Err(err) = written {
        let _ = tokio::fs::remove_file(&path).await;
        return Err(err);
    }
    tokio::io::AsyncWriteExt::flush(&mut file).await?;
    drop(file);
    let size = tokio::fs::metadata(&path).await?.len();
    let key = key(&c.id, export_id);
    let stored = storage.put_file(&key, &path, "application/zip").await;
    let _ = tokio::fs::remove_file(&path).await;
    stored.context(StoreFailed).context("storing the export")?;
    let now = Utc::now();
    export::Entity::update_many()
        .col_expr(export::Column::State, "ready".into())
        .col_expr(export::Column::Progress, 100.into())
        .col_expr(export::Column::Key, Some(key).into())
        .col_expr(export::Column::Bytes, Some(i64::try_from(size).unwrap_or(i64::MAX)).into())
        .col_expr(export::Column::FinishedAt, Some(now).into())
        .col_expr(export::Column::ExpiresAt, Some(now + Duration::days(KEEP_DAYS)).into())
        .filter(export::Column::Id.eq(export_id))
        .exec(db)
        .await?;
    Ok(())
}

/// Marks the cause of a failure that happened while the store read or wrote a file.
#[derive(Debug)]
pub struct StoreFailed;

impl std::fmt::Display for StoreFailed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("the store failed")
    }
}

/// The stable reason code of an export job's error.
pub fn failure_reason(err: &anyhow::Error) -> &'static str {
    // Each context layer is one link of the chain, shown as its context.
    let marker = StoreFailed.to_string();
    if err.downcast_ref::<StoreFailed>().is_some() || err.chain().any(|c| c.to_string() == marker) {
        "store_failed"
    } else {
        "internal_error"
    }
}

/// After a failed attempt that will be retried: the export waits in the queue again (it is not
/// running), its progress reset.
pub async fn requeue(db: &DatabaseConnection, export_id: &str) -> Result<()> {
    set(db, export_id, "queued", 0).await
}

/// After the last attempt: the export ends `failed` with `reason` (see [`failure_reason`]).
pub async fn fail(db: &DatabaseConnection, export_id: &str, reason: &str) -> Result<()> {
    export::Entity::update_many()
        .col_expr(export::Column::State, "failed".into())
        .col_expr(export::Column::FailureReason, Some(reason.to_owned()).into())
        .col_expr(export::Column::FinishedAt, Some(Utc::now()).into())
        .filter(export::Column::Id.eq(export_id))
        .filter(export::Column::State.is_in(["queued", "running"]))
        .exec(db)
        .await?;
    Ok(())
}

/// Exports whose job died without the worker recording it (every worker running it stopped, so
/// `jobs::claim` marked it dead): they end `failed` (`internal_error`). The clean-up calls it.
pub async fn fail_exports_of_dead_jobs(db: &DatabaseConnection, limit: u64) -> Result<u64> {
    use crate::entities::job;
    use sea_orm::{QueryOrder as _, QuerySelect as _};
    let dead = job::Entity::find()
        .filter(job::Column::State.eq("dead"))
        .filter(job::Column::Kind.eq(KIND_COURSE_EXPORT))
        .filter(job::Column::UpdatedAt.gt(Utc::now() - Duration::days(7)))
        .order_by_desc(job::Column::UpdatedAt)
        .limit(limit)
        .all(db)
        .await?;
    let mut n = 0;
    for j in dead {
        let id = serde_json::from_str::<serde_json::Value>(&j.payload)
            .ok()
            .and_then(|p| p.get("export_id").and_then(|v| v.as_str()).map(str::to_owned));
        if let Some(id) = id {
            let before = export::Entity::find_by_id(&id).one(db).await?;
            if before.is_some_and(|e| e.state == "queued" || e.state == "running") {
                fail(db, &id, "internal_error").await?;
                n += 1;
            }
        }
    }
    Ok(n)
}

async fn set(db: &DatabaseConnection, id: &str, state: &str, progress: i32) -> Result<()> {
    export::Entity::update_many()
        .col_expr(export::Column::State, state.into())
        .col_expr(export::Column::Progress, progress.into())
        .filter(export::Column::Id.eq(id))
        .filter(export::Column::State.is_in(["queued", "running"]))
        .exec(db)
        .await?;
    Ok(())
}

/// Deletes the zips of exports past their expiry (the worker's housekeeping); returns how many.
pub async fn expire(db: &DatabaseConnection, storage: &Storage, now: chrono::DateTime<Utc>) -> Result<u64> {
    let due = export::Entity::find()
        .filter(export::Column::State.eq("ready"))
        .filter(export::Column::ExpiresAt.lt(now))
        .all(db)
        .await?;
    for e in &due {
        if let Some(k) = &e.key {
            storage.delete(k).await?;
        }
        export::Entity::update_many()
            .col_expr(export::Column::State, "expired".into())
            .filter(export::Column::Id.eq(&e.id))
            .exec(db)
            .await?;
    }
    Ok(due.len() as u64)
}

/// Deletes every export zip of a course (an erasure: they hold the erased member's videos).
pub async fn delete_course_exports(db: &DatabaseConnection, storage: &Storage, course_id: &str) -> Result<u64> {
    let n = storage.delete_prefix(&format!("exports/{course_id}/")).await?;
    export::Entity::update_many()
        .col_expr(export::Column::State, "expired".into())
        .filter(export::Column::CourseId.eq(course_id))
        .filter(export::Column::State.eq("ready"))
        .exec(db)
        .await?;
    Ok(n)
}
