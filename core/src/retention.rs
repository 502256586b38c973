//! Retention: a course keeps nothing longer than it needs. Original uploads are deleted
//! `originals_days` after their video is ready (default 30; the normalized video is what plays),
//! and `purge_after_days` after the course ends (default: never) every member of the course is
//! erased (see [`crate::erasure`]): all media and personal data go. The worker's housekeeping
//! calls [`sweep`] with the time; tests pass a moved clock.

use std::collections::HashMap;

use chrono::{DateTime, Duration, Utc};
use sea_orm::sea_query::Query;
use sea_orm::{ColumnTrait as _, DatabaseConnection, EntityTrait as _, QueryFilter as _, QuerySelect as _, Set};
use serde::{Deserialize, Serialize};

use crate::entities::{course, course_retention, member, upload, video};
use crate::error::{Error, Result};
use crate::storage::Storage;

pub const DEFAULT_ORIGINALS_DAYS: i32 = 30;

/// A course's retention settings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Policy {
    /// Days after a video is ready when its original upload is deleted (1..=3650, default 30).
    pub originals_days: i32,
    /// Days after the course's `ends_at` when all its media and personal data are purged
    /// (0..=3650; null: never, the default).
    pub purge_after_days: Option<i32>,
}

impl Default for Policy {
    fn default() -> Self {
        Policy { originals_days: DEFAULT_ORIGINALS_DAYS, purge_after_days: None }
    }
}

pub async fn get(db: &DatabaseConnection, course_id: &str) -> Result<Policy> {
    Ok(course_retention::Entity::find_by_id(course_id)
        .one(db)
        .await?
        .map(|r| Policy { originals_days: r.originals_days, purge_after_days: r.purge_after_days })
        .unwrap_or_default())
}

pub async fn set(db: &DatabaseConnection, c: &course::Model, p: Policy) -> Result<Policy> {
    if !(1..=3650).contains(&p.originals_days) || p.purge_after_days.is_some_and(|d| !(0..=3650).contains(&d)) {
        return Err(Error::invalid(
            "validation_failed",
            "originals_days must be 1..=3650 and purge_after_days 0..=3650 or null",
        ));
    }
    use sea_orm::sea_query::OnConflict;
    course_retention::Entity::insert(course_retention::ActiveModel {
        course_id: Set(c.id.clone()),
        originals_days: Set(p.originals_days),
        purge_after_days: Set(p.purge_after_days),
        purged_at: Set(None),
        updated_at: Set(Utc::now()),
    })
    .on_conflict(
        OnConflict::column(course_retention::Column::CourseId)
            .update_columns([
                course_retention::Column::OriginalsDays,
                course_retention::Column::PurgeAfterDays,
                course_retention::Column::UpdatedAt,
            ])
            .to_owned(),
    )
    .exec(db)
    .await?;
    Ok(p)
}

/// What one sweep did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Swept {
    pub originals_deleted: u64,
    /// Courses whose purge started (their members' erasures are queued as jobs).
    pub courses_purged: u64,
}

/// Deletes what the courses' policies no longer allow to keep at `now` (up to 500 originals a pass).
#[tracing::instrument(skip_all, err)]
pub async fn sweep(db: &DatabaseConnection, storage: &Storage, now: DateTime<Utc>) -> Result<Swept> {
    let mut out = Swept::default();
    let policies: HashMap<String, course_retention::Model> =
        course_retention::Entity::find().all(db).await?.into_iter().map(|r| (r.course_id.clone(), r)).collect();
    let days = |course_id: &str| policies.get(course_id).map_or(DEFAULT_ORIGINALS_DAYS, |r| r.originals_days);

    // Originals: ready videos whose upload is still stored, older than their course allows.
    let min_days = policies.values().map(|r| r.originals_days).chain([DEFAULT_ORIGINALS_DAYS]).min().unwrap_or(1);
    let candidates = video::Entity::find()
        .filter(video::Column::Status.eq("ready"))
        .filter(video::Column::ReadyAt.lt(now - Duration::days(i64::from(min_days))))
        .filter(
            video::Column::UploadId
                .in_subquery(Query::select().column(upload::Column::Id).from(upload::Entity).to_owned()),
        )
        .limit(500)
        .all(db)
        .await?;
    for v in candidates {
        let due = v.ready_at.is_some_and(|r| r + Duration::days(i64::from(days(&v.course_id))) <= now);
        if due {
            storage.delete_prefix(&format!("uploads/{}/", v.upload_id)).await?;
            crate::uploads::purge(db, &v.upload_id).await?;
            out.originals_deleted += 1;
        }
    }

    // Whole courses, some days after they ended.
    for r in policies.values().filter(|r| r.purged_at.is_none()) {
        let Some(after) = r.purge_after_days else { continue };
        let Some(c) = course::Entity::find_by_id(&r.course_id).one(db).await? else { continue };
        if c.ends_at.is_none_or(|end| end + Duration::days(i64::from(after)) > now) {
            continue;
        }
        let externals: Vec<String> = member::Entity::find()
            .select_only()
            .column(member::Column::ExternalId)
            .filter(member::Column::CourseId.eq(&c.id))
            .into_tuple()
            .all(db)
            .await?;
        for ext in externals {
            crate::erasure::request(db, &c, &ext).await?;
        }
        course_retention::Entity::update_many()
            .col_expr(course_retention::Column::PurgedAt, Some(now).into())
            .filter(course_retention::Column::CourseId.eq(&c.id))
            .exec(db)
            .await?;
        out.courses_purged += 1;
    }
    Ok(out)
}
