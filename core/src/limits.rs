//! Abuse limits shared by every instance through the database: fixed-window counters
//! (`rate_counters`) and the storage a course holds.
//!
//! A counter is taken with one atomic upsert that adds only while the sum stays within the limit
//! (`INSERT ... ON CONFLICT DO UPDATE SET count = count + n WHERE count + n <= limit RETURNING count`,
//! the same statement on SQLite and PostgreSQL), so N API instances together allow the limit once,
//! and a refused attempt consumes nothing. Several counters taken together (a member's and their
//! team's) are one transaction: a refusal by one leaves the others as they were.

use chrono::{DateTime, Duration, TimeZone as _, Utc};
use sea_orm::sea_query::{Alias, Expr, ExprTrait as _, Func, OnConflict, Query};
use sea_orm::{
    ColumnTrait as _, ConnectionTrait, DatabaseConnection, EntityTrait as _, QueryFilter as _, QuerySelect as _,
    TransactionTrait as _,
};

use crate::entities::post::PostState;
use crate::entities::{post, rate_counter, upload, video};
use crate::error::Result;

/// One counter to take: `amount` more in `scope`'s current window of `window_secs`, at most `limit`.
#[derive(Debug, Clone)]
pub struct Take {
    pub scope: String,
    pub amount: i64,
    pub limit: i64,
    pub window_secs: i64,
}

/// The first counter that refused, and how long until its window ends.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refused {
    pub scope: String,
    pub limit: i64,
    pub window_secs: i64,
    /// Whole seconds until the window ends (at least 1).
    pub retry_after: u64,
}

/// The start of the fixed window holding `now`.
pub fn window_start(now: DateTime<Utc>, window_secs: i64) -> i64 {
    let t = now.timestamp();
    t - t.rem_euclid(window_secs.max(1))
}

/// Takes every counter, or none of them. `Ok(Err(refused))` names the first that is full.
pub async fn take_all(
    db: &DatabaseConnection,
    takes: &[Take],
    now: DateTime<Utc>,
) -> Result<std::result::Result<(), Refused>> {
    let txn = db.begin().await?;
    for t in takes {
        if let Err(refused) = take(&txn, t, now).await? {
            txn.rollback().await?;
            return Ok(Err(refused));
        }
    }
    txn.commit().await?;
    Ok(Ok(()))
}

async fn take(conn: &impl ConnectionTrait, t: &Take, now: DateTime<Utc>) -> Result<std::result::Result<i64, Refused>> {
    use rate_counter::Column as C;
    let start = window_start(now, t.window_secs);
    let end = start + t.window_secs.max(1);
    let refused = || Refused {
        scope: t.scope.clone(),
        limit: t.limit,
        window_secs: t.window_secs,
        retry_after: u64::try_from(end - now.timestamp()).unwrap_or(1).max(1),
    };
    if t.amount > t.limit {
        return Ok(Err(refused()));
    }
    let expires = Utc.timestamp_opt(end, 0).single().unwrap_or(now);
    let excluded = Alias::new("excluded");
    let insert = Query::insert()
        .into_table(rate_counter::Entity)
        .columns([C::Scope, C::WindowStart, C::Count, C::ExpiresAt])
        .values([t.scope.clone().into(), start.into(), t.amount.into(), expires.into()])
        .map_err(|e| anyhow::anyhow!("building counter upsert: {e}"))?
        .on_conflict(
            OnConflict::columns([C::Scope, C::WindowStart])
                .value(C::Count, Expr::col((rate_counter::Entity, C::Count)).add(Expr::col((excluded, C::Count))))
                .action_and_where(Expr::col((rate_counter::Entity, C::Count)).add(t.amount).lte(t.limit))
                .to_owned(),
        )
        .returning_col(C::Count)
        .to_owned();
    let row = conn.query_one(conn.get_database_backend().build(&insert)).await?;
    match row {
        Some(r) => Ok(Ok(r.try_get::<i64>("", "count")?)),
        None => Ok(Err(refused())),
    }
}

/// Deletes counters whose window ended before `now` (the worker's clean-up).
pub async fn prune(db: &DatabaseConnection, now: DateTime<Utc>) -> Result<u64> {
    let r = rate_counter::Entity::delete_many().filter(rate_counter::Column::ExpiresAt.lt(now)).exec(db).await?;
    Ok(r.rows_affected)
}

/// Bytes a course holds or has reserved: the declared length of its unfinished uploads and of its
/// kept originals, plus its normalized videos; a deleted post's original and video no longer count
/// (the clean-up deletes them).
pub async fn course_storage_bytes(db: &DatabaseConnection, course_id: &str, now: DateTime<Utc>) -> Result<i64> {
    let deleted_uploads = Query::select()
        .column((video::Entity, video::Column::UploadId))
        .from(video::Entity)
        .inner_join(
            post::Entity,
            Expr::col((post::Entity, post::Column::Id)).equals((video::Entity, video::Column::PostId)),
        )
        .and_where(Expr::col((post::Entity, post::Column::State)).eq(PostState::Deleted.as_str()))
        .to_owned();
    let uploads: Option<i64> = upload::Entity::find()
        .select_only()
        .expr_as(Func::cast_as(Func::sum(Expr::col(upload::Column::Length)), Alias::new("BIGINT")), "total")
        .filter(upload::Column::CourseId.eq(course_id))
        .filter(
            upload::Column::State
                .eq("complete")
                .or(upload::Column::State.eq("open").and(upload::Column::ExpiresAt.gt(now))),
        )
        .filter(upload::Column::Id.not_in_subquery(deleted_uploads))
        .into_tuple()
        .one(db)
        .await?
        .flatten();
    let live_posts = Query::select()
        .column(post::Column::Id)
        .from(post::Entity)
        .and_where(Expr::col(post::Column::CourseId).eq(course_id))
        .and_where(Expr::col(post::Column::State).ne(PostState::Deleted.as_str()))
        .to_owned();
    let videos: Option<i64> = video::Entity::find()
        .select_only()
        .expr_as(Func::cast_as(Func::sum(Expr::col(video::Column::OutputBytes)), Alias::new("BIGINT")), "total")
        .filter(video::Column::CourseId.eq(course_id))
        .filter(video::Column::Status.eq("ready"))
        .filter(video::Column::PostId.in_subquery(live_posts))
        .into_tuple()
        .one(db)
        .await?
        .flatten();
    Ok(uploads.unwrap_or(0) + videos.unwrap_or(0))
}

/// How long a window of `secs` lasts, for messages.
pub fn describe_window(secs: i64) -> String {
    let d = Duration::seconds(secs);
    if secs % 86_400 == 0 {
        format!("{} day(s)", d.num_days())
    } else if secs % 3600 == 0 {
        format!("{} hour(s)", d.num_hours())
    } else if secs % 60 == 0 {
        format!("{} minute(s)", d.num_minutes())
    } else {
        format!("{secs} second(s)")
    }
}
