//! The moderation queue: pending and flagged posts a viewer moderates, oldest first.

use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Alias, Expr, Query};
use sea_orm::{
    ColumnTrait as _, Condition, ConnectionTrait as _, DatabaseConnection, DbBackend, EntityTrait as _,
    QueryFilter as _, QueryOrder as _, QuerySelect as _, Value,
};
use serde::Deserialize;

use super::FlagReason;
use crate::entities::post::{self, PostState};
use crate::entities::{course, flag};
use crate::error::{Error, Result};
use crate::pagination::{encode_cursor, PageParams};
use crate::visibility::Viewer;

#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct QueueFilter {
    pub cohort_id: Option<String>,
    pub prompt_id: Option<String>,
    /// Only posts with an open flag for this reason.
    pub reason: Option<FlagReason>,
    pub cursor: Option<String>,
    pub limit: Option<u64>,
}

/// One waiting post: pending approval, or flagged.
pub struct QueueItem {
    pub post: crate::posts::Loaded,
    pub age_seconds: i64,
    /// Open flags by reason.
    pub reasons: Vec<(String, i64)>,
}

/// Pending and flagged posts the viewer moderates, oldest first. `db` is best the listing pool
/// ([`crate::db::connect_listings`]).
pub async fn queue(
    db: &DatabaseConnection,
    viewer: &Viewer,
    course: &course::Model,
    f: &QueueFilter,
) -> Result<(Vec<QueueItem>, Option<String>)> {
    let page = PageParams { cursor: f.cursor.clone(), limit: f.limit };
    let limit = page.limit()?;
    let mut q = post::Entity::find()
        .filter(post::Column::CourseId.eq(&course.id))
        .filter(post::Column::QueuedAt.is_not_null())
        .filter(post::Column::State.is_in(PostState::QUEUEABLE));
    match viewer {
        Viewer::Facilitator { cohorts, .. } => {
            q = q.filter(
                Condition::any()
                    .add(post::Column::CohortId.is_null())
                    .add(post::Column::CohortId.is_in(cohorts.clone())),
            );
        }
        Viewer::Team { .. } => {}
        Viewer::Learner { .. } => return Err(Error::forbidden("facilitator_only", "the queue is for facilitators")),
    }
    if let Some(c) = &f.cohort_id {
        q = q.filter(post::Column::CohortId.eq(c));
    }
    if let Some(pid) = &f.prompt_id {
        q = q.filter(post::Column::PromptId.eq(pid));
    }
    if let Some(r) = f.reason {
        // Probed per post while walking the queue in order (LIMIT/OFFSET keep PostgreSQL from
        // turning it into a join that reads every open flag of the reason, then sorts their
        // posts: 12-24 ms of CPU on the bench, against ~2.5 ms for ~350 index probes).
        let rf = Alias::new("rf");
        let probe = Query::select()
            .expr(Expr::val(1))
            .from_as(flag::Entity, rf.clone())
            .and_where(Expr::col((rf.clone(), flag::Column::PostId)).equals((post::Entity, post::Column::Id)))
            .and_where(Expr::col((rf.clone(), flag::Column::Status)).eq("open"))
            .and_where(Expr::col((rf, flag::Column::Reason)).eq(r.as_str()))
            .limit(1)
            .offset(0)
            .to_owned();
        q = q.filter(Expr::exists(probe));
    }
    let after = page.after::<(DateTime<Utc>, String)>()?;
    if let Some((at, id)) = after.clone() {
        q = q.filter(
            Condition::any()
                .add(post::Column::QueuedAt.gt(at))
                .add(Condition::all().add(post::Column::QueuedAt.eq(at)).add(post::Column::Id.gt(id))),
        );
    }
    if let Viewer::Facilitator { cohorts, .. } = viewer {
        let unfiltered = f.cohort_id.is_none() && f.prompt_id.is_none();
        if unfiltered && db.get_database_backend() == DbBackend::Postgres {
            q = q.filter(facilitator_queue_page(&course.id, cohorts, after, f.reason, limit + 1));
        }
    }
    let mut rows = crate::listing::all_with_media_and_open_flags(
        db,
        q.order_by_asc(post::Column::QueuedAt).order_by_asc(post::Column::Id).limit(limit + 1),
    )
    .await?;
    let more = rows.len() as u64 > limit;
    rows.truncate(limit as usize);
    let next = if more {
        rows.last().and_then(|((r, _, _), _)| r.queued_at.map(|at| encode_cursor(&(at, r.id.clone()))))
    } else {
        None
    };
    let now = Utc::now();
    // A post whose video or author row is missing is left out of the page, as before.
    let items = rows
        .into_iter()
        .filter_map(|(row, reasons)| crate::posts::loaded(row).map(|l| (l, reasons)))
        .map(|(l, reasons)| QueueItem {
            age_seconds: l.post.queued_at.map_or(0, |at| (now - at).num_seconds()),
            reasons: count_reasons(reasons),
            post: l,
        })
        .collect();
    Ok((items, next))
}

/// `["spam", "abuse", "spam"]` -> `[("abuse", 1), ("spam", 2)]`.
fn count_reasons(mut reasons: Vec<String>) -> Vec<(String, i64)> {
    reasons.sort_unstable();
    let mut out: Vec<(String, i64)> = Vec::new();
    for r in reasons {
        match out.last_mut() {
            Some((last, n)) if *last == r => *n += 1,
            _ => out.push((r, 1)),
        }
    }
    out
}

/// The first `n` posts of a facilitator's queue on PostgreSQL, as a condition on `posts.id`:
/// the oldest `n` waiting posts of each of their cohorts (each an index range on
/// `ix_posts_queue_cohort`) and of the course-wide ones, merged. The same rows as the queue's
/// own conditions, which stay on the query; without this the planner walks the whole course's
/// queue in order (`ix_posts_queue`) and discards the other cohorts' posts, which grows with the
/// course rather than with the facilitator's share.
fn facilitator_queue_page(
    course_id: &str,
    cohorts: &[String],
    after: Option<(DateTime<Utc>, String)>,
    reason: Option<FlagReason>,
    n: u64,
) -> sea_orm::sea_query::SimpleExpr {
    let mut cohorts: Vec<&str> = cohorts.iter().map(String::as_str).filter(|c| !c.contains(',')).collect();
    cohorts.sort_unstable();
    cohorts.dedup();
    let epoch = DateTime::<Utc>::from_timestamp(-62_135_596_800, 0).unwrap_or_default();
    let (at, id) = after.unwrap_or_else(|| (epoch, String::new()));
    let probe = if reason.is_some() { format!(" AND {}", reason_probe("posts.id", "$5")) } else { String::new() };
    let unprobed = format!(
        "course_id = $1 AND queued_at IS NOT NULL AND state IN ({}) AND (queued_at, id) > ($2, $3)",
        PostState::sql_list(&PostState::QUEUEABLE)
    );
    let waiting = format!("{unprobed}{probe}");
    // The cohorts' share: each cohort's queue in order; with a reason, the posts its open flags
    // of that reason name (`ix_flags_open_cohort_reason`), which are few, then sorted.
    let cohorts_part = if reason.is_some() {
        format!(
            "(SELECT id, queued_at FROM posts WHERE id IN (SELECT post_id FROM flags \
             WHERE cohort_id = ANY(string_to_array($4, ',')) AND status = 'open' AND reason = $5) \
             AND {unprobed} ORDER BY queued_at, id LIMIT {n})"
        )
    } else {
        format!(
            "(SELECT q.id, q.queued_at FROM unnest(string_to_array($4, ',')) AS c(cid) CROSS JOIN LATERAL \
             (SELECT id, queued_at FROM posts WHERE cohort_id = c.cid AND {waiting} ORDER BY queued_at, id LIMIT {n}) q)"
        )
    };
    let sql = format!(
        "\"posts\".\"id\" IN (SELECT id FROM (\
         (SELECT id, queued_at FROM posts WHERE cohort_id IS NULL AND {waiting} ORDER BY queued_at, id LIMIT {n}) \
         UNION ALL {cohorts_part} \
         ORDER BY queued_at, id LIMIT {n}) page)"
    );
    let mut values = vec![Value::from(course_id), Value::from(at), Value::from(id), Value::from(cohorts.join(","))];
    if let Some(r) = reason {
        values.push(Value::from(r.as_str()));
    }
    sea_orm::sea_query::Expr::cust_with_values(sql, values)
}

/// "The post `post` has an open flag for the reason bound at `param`", as a correlated probe of
/// `ix_flags_post` per post: `LIMIT 1 OFFSET 0` keeps PostgreSQL from pulling it up into a
/// semi-join (an EXISTS with an OFFSET is never flattened), so a queue walked in order stops
/// after its page instead of first reading every open flag of the reason.
fn reason_probe(post: &str, param: &str) -> String {
    format!(
        "EXISTS (SELECT 1 FROM flags rf WHERE rf.post_id = {post} AND rf.status = 'open' AND rf.reason = {param} \
         LIMIT 1 OFFSET 0)"
    )
}

#[cfg(test)]
mod tests {
    #[test]
    fn reasons_are_counted_once_each_in_name_order() {
        let r = |v: &[&str]| super::count_reasons(v.iter().map(|s| s.to_string()).collect());
        assert_eq!(r(&["spam", "abuse", "spam"]), vec![("abuse".to_owned(), 1), ("spam".to_owned(), 2)]);
        assert!(r(&[]).is_empty());
    }
}
