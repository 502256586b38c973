//! Erasure of a member: a durable job deletes every object of theirs from the store (videos,
//! posters, captions, original uploads, and the course's exports, which hold their videos), turns
//! their posts into tombstones (threads stay readable), replaces their name, email, country and
//! languages by a pseudonym, cancels mail to them and deletes its .eml files, then makes the
//! database forget the old bytes (SQLite: secure_delete is on for every connection, then a WAL
//! checkpoint and VACUUM; PostgreSQL: VACUUM of the tables touched). The audit log keeps its
//! decisions under the member's opaque id, which now names the pseudonym.
//!
//! Every step is idempotent, and the report is saved after each, so a job cut off anywhere
//! finishes when it runs again; erasing an erased member returns the same erasure.

use std::path::Path;

use chrono::Utc;
use sea_orm::{
    ActiveModelTrait as _, ColumnTrait as _, ConnectionTrait as _, DatabaseConnection, DbBackend, EntityTrait as _,
    QueryFilter as _, QuerySelect as _, Set, TransactionTrait as _,
};
use serde::{Deserialize, Serialize};
use sha2::Digest as _;

use crate::entities::post::PostState;
use crate::entities::{caption, course, delivery, erasure, event, member, post, upload, video};
use crate::error::{Error, Result};
use crate::ids::new_id;
use crate::storage::Storage;

pub const KIND_ERASURE: &str = "erasure";

/// What an erasure deleted; saved after each step.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Report {
    /// Objects deleted from the store (videos, posters, thumbnails, captions, upload parts).
    pub objects_deleted: u64,
    pub videos_deleted: u64,
    pub uploads_deleted: u64,
    pub captions_deleted: u64,
    /// Course export zips deleted (they held the member's videos).
    pub exports_deleted: u64,
    /// Posts now tombstones.
    pub posts_tombstoned: u64,
    pub deliveries_cancelled: u64,
    pub mail_files_deleted: u64,
    /// Name, email, country and languages replaced.
    pub personal_data_scrubbed: bool,
    /// The database files no longer hold the old values (checkpoint and VACUUM done).
    pub database_compacted: bool,
}

/// An erasure as the team sees it.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ErasureView {
    pub id: String,
    pub course_id: String,
    pub member_id: String,
    pub pseudonym: String,
    /// `queued`, `running`, `done`.
    pub state: String,
    pub report: Report,
    pub created_at: chrono::DateTime<Utc>,
    pub finished_at: Option<chrono::DateTime<Utc>>,
}

impl From<erasure::Model> for ErasureView {
    fn from(e: erasure::Model) -> Self {
        ErasureView {
            report: serde_json::from_str(&e.report).unwrap_or_default(),
            id: e.id,
            course_id: e.course_id,
            member_id: e.member_id,
            pseudonym: e.pseudonym,
            state: e.state,
            created_at: e.created_at,
            finished_at: e.finished_at,
        }
    }
}

/// `Erased member 1a2b`: stable for a member, derived from their opaque id only.
pub fn pseudonym(member_id: &str) -> String {
    let h = sha2::Sha256::digest(member_id.as_bytes());
    format!("Erased member {}", hex::encode(&h[..2]))
}

/// Starts the erasure of a member of `c` (or returns the one already started).
pub async fn request(db: &DatabaseConnection, c: &course::Model, external_id: &str) -> Result<erasure::Model> {
    let m = member::Entity::find()
        .filter(member::Column::CourseId.eq(&c.id))
        .filter(member::Column::ExternalId.eq(external_id))
        .one(db)
        .await?
        .ok_or(Error::NotFound("member"))?;
    if let Some(e) = erasure::Entity::find().filter(erasure::Column::MemberId.eq(&m.id)).one(db).await? {
        return Ok(e);
    }
    let txn = db.begin().await?;
    let row = erasure::ActiveModel {
        id: Set(new_id("era")),
        course_id: Set(c.id.clone()),
        team_id: Set(c.team_id.clone()),
        member_id: Set(m.id.clone()),
        pseudonym: Set(pseudonym(&m.id)),
        state: Set("queued".into()),
        report: Set(serde_json::to_string(&Report::default()).map_err(anyhow::Error::from)?),
        created_at: Set(Utc::now()),
        finished_at: Set(None),
    }
    .insert(&txn)
    .await?;
    crate::jobs::enqueue(&txn, KIND_ERASURE, &serde_json::json!({ "erasure_id": row.id }), Some(&c.team_id)).await?;
    txn.commit().await?;
    crate::jobs::wake();
    Ok(row)
}

/// An erasure of the course (already checked to be the caller's).
pub async fn find(db: &DatabaseConnection, c: &course::Model, id: &str) -> Result<erasure::Model> {
    if !crate::ids::is_valid("era", id) {
        return Err(Error::NotFound("erasure"));
    }
    erasure::Entity::find_by_id(id).one(db).await?.filter(|e| e.course_id == c.id).ok_or(Error::NotFound("erasure"))
}

/// Where things are: the database, the store, and the .eml directory when mail goes to files.
pub struct Places<'a> {
    pub db: &'a DatabaseConnection,
    pub storage: &'a Storage,
    pub mail_dir: Option<&'a Path>,
}

/// The steps of an erasure, in order; [`run_steps`] can stop after any of them (tests of resumption).
pub const STEPS: usize = 6;

/// Runs the erasure job to the end.
pub async fn run(at: &Places<'_>, erasure_id: &str) -> anyhow::Result<Report> {
    run_steps(at, erasure_id, STEPS).await
}

/// Runs the first `n` steps of the erasure (all of them for the job), saving the report after each.
#[tracing::instrument(skip_all, fields(erasure_id = %erasure_id), err)]
pub async fn run_steps(at: &Places<'_>, erasure_id: &str, n: usize) -> anyhow::Result<Report> {
    let db = at.db;
    let e = erasure::Entity::find_by_id(erasure_id).one(db).await?.ok_or(Error::NotFound("erasure"))?;
    let mut report: Report = serde_json::from_str(&e.report).unwrap_or_default();
    erasure::Entity::update_many()
        .col_expr(erasure::Column::State, "running".into())
        .filter(erasure::Column::Id.eq(erasure_id))
        .filter(erasure::Column::State.ne("done"))
        .exec(db)
        .await?;
    let mid = e.member_id.as_str();
    let posts: Vec<(String, String)> = post::Entity::find()
        .select_only()
        .column(post::Column::Id)
        .column(post::Column::VideoId)
        .filter(post::Column::AuthorId.eq(mid))
        .into_tuple()
        .all(db)
        .await?;
    let post_ids: Vec<String> = posts.iter().map(|(p, _)| p.clone()).collect();
    for step in 0..n.min(STEPS) {
        match step {
            0 => {
                // Media: every object under each of their videos' prefixes (outputs and captions).
                for (_, vid) in &posts {
                    let gone = at.storage.delete_prefix(&format!("videos/{vid}/")).await?;
                    report.objects_deleted += gone;
                    let changed = video::Entity::update_many()
                        .col_expr(video::Column::Status, "purged".into())
                        .col_expr(video::Column::CaptionLangs, "".into())
                        .col_expr(video::Column::Meta, Option::<String>::None.into())
                        .filter(video::Column::Id.eq(vid))
                        .filter(video::Column::Status.ne("purged"))
                        .exec(db)
                        .await?;
                    report.videos_deleted += changed.rows_affected;
                }
                for chunk in post_ids.chunks(500) {
                    let r = caption::Entity::delete_many()
                        .filter(caption::Column::PostId.is_in(chunk.to_vec()))
                        .exec(db)
                        .await?;
                    report.captions_deleted += r.rows_affected;
                }
            }
            1 => {
                // Original uploads: their parts, then the rows.
                let ups = upload::Entity::find().filter(upload::Column::MemberId.eq(mid)).all(db).await?;
                for u in ups {
                    report.objects_deleted += at.storage.delete_prefix(&format!("uploads/{}/", u.id)).await?;
                    crate::uploads::purge(db, &u.id).await?;
                    report.uploads_deleted += 1;
                }
            }
            2 => {
                report.exports_deleted +=
                    crate::export::jobs::delete_course_exports(db, at.storage, &e.course_id).await?;
            }
            3 => {
                // Tombstones, and the events that carried their texts.
                for chunk in post_ids.chunks(500) {
                    let r = post::Entity::update_many()
                        .col_expr(post::Column::State, PostState::Deleted.as_str().into())
                        .col_expr(post::Column::Text, "".into())
                        .col_expr(post::Column::QueuedAt, Option::<chrono::DateTime<Utc>>::None.into())
                        .filter(post::Column::Id.is_in(chunk.to_vec()))
                        .filter(post::Column::State.ne(PostState::Deleted).or(post::Column::Text.ne("")))
                        .exec(db)
                        .await?;
                    report.posts_tombstoned += r.rows_affected;
                    event::Entity::update_many()
                        .col_expr(event::Column::Payload, serde_json::json!({ "erased": true }).to_string().into())
                        .filter(event::Column::SubjectId.is_in(chunk.to_vec()))
                        .exec(db)
                        .await?;
                }
            }
            4 => {
                // Mail to them: pending deliveries cancelled, written .eml files deleted.
                let r = delivery::Entity::update_many()
                    .col_expr(delivery::Column::State, "failed".into())
                    .col_expr(delivery::Column::LastError, Some("recipient erased".to_owned()).into())
                    .filter(delivery::Column::MemberId.eq(mid))
                    .filter(delivery::Column::State.is_in(["pending", "sending"]))
                    .exec(db)
                    .await?;
                report.deliveries_cancelled += r.rows_affected;
                if let Some(dir) = at.mail_dir {
                    let ids: Vec<String> = delivery::Entity::find()
                        .select_only()
                        .column(delivery::Column::Id)
                        .filter(delivery::Column::MemberId.eq(mid))
                        .filter(delivery::Column::Channel.eq("email"))
                        .into_tuple()
                        .all(db)
                        .await?;
                    for id in ids {
                        if id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_') {
                            match tokio::fs::remove_file(dir.join(format!("{id}.eml"))).await {
                                Ok(()) => report.mail_files_deleted += 1,
                                Err(err) if err.kind() == std::io::ErrorKind::NotFound => {}
                                Err(err) => return Err(anyhow::Error::new(err).context("deleting a mail file")),
                            }
                        }
                    }
                }
            }
            _ => {
                member::Entity::update_many()
                    .col_expr(member::Column::DisplayName, e.pseudonym.clone().into())
                    .col_expr(member::Column::Email, Option::<String>::None.into())
                    .col_expr(member::Column::Country, Option::<String>::None.into())
                    .col_expr(member::Column::Languages, "".into())
                    .col_expr(member::Column::UpdatedAt, Utc::now().into())
                    .filter(member::Column::Id.eq(mid))
                    .exec(db)
                    .await?;
                crate::entities::pseudonym::Entity::delete_by_id(mid).exec(db).await?;
                report.personal_data_scrubbed = true;
                save(db, erasure_id, &report, false).await?;
                compact(db).await?;
                report.database_compacted = true;
            }
        }
        save(db, erasure_id, &report, step + 1 == STEPS).await?;
    }
    Ok(report)
}

async fn save(db: &DatabaseConnection, id: &str, report: &Report, done: bool) -> anyhow::Result<()> {
    let mut q = erasure::Entity::update_many()
        .col_expr(erasure::Column::Report, serde_json::to_string(report)?.into())
        .filter(erasure::Column::Id.eq(id));
    if done {
        q = q
            .col_expr(erasure::Column::State, "done".into())
            .col_expr(erasure::Column::FinishedAt, Some(Utc::now()).into());
    }
    q.exec(db).await?;
    Ok(())
}

/// Makes the database files forget deleted and overwritten values. SQLite: every connection has
/// `secure_delete` on (freed pages are zeroed), the WAL is checkpointed and truncated, and
/// VACUUM rewrites the file. PostgreSQL: VACUUM of the tables an erasure touches (dead row
/// versions become free space; `pg_dump` never shows them).
pub async fn compact(db: &DatabaseConnection) -> anyhow::Result<()> {
    match db.get_database_backend() {
        DbBackend::Sqlite => {
            db.execute_unprepared("PRAGMA wal_checkpoint(TRUNCATE)").await?;
            db.execute_unprepared("VACUUM").await?;
            db.execute_unprepared("PRAGMA wal_checkpoint(TRUNCATE)").await?;
        }
        _ => {
            db.execute_unprepared("VACUUM members, pseudonyms, posts, events, deliveries, captions, videos, uploads")
                .await?;
        }
    }
    Ok(())
}
