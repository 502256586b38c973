//! Queue digests: a facilitator's periodic mail of what waits in their cohorts' moderation queue.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::time::Duration;

use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait as _, ColumnTrait as _, DatabaseConnection, EntityTrait as _, FromQueryResult, QueryFilter as _,
    QuerySelect as _, Set, SqlErr, TransactionTrait as _,
};
use serde::{Deserialize, Serialize};

use super::preferences::preferences;
use crate::entities::{cohort, cohort_member, course, digest, member, post};
use crate::error::Result;
use crate::outbox::{self, NewEvent};

#[derive(Debug, Serialize, Deserialize)]
pub(super) struct DigestData {
    pub(super) member_id: String,
    pub(super) course_id: String,
    pub(super) course_title: String,
    pub(super) pending: i64,
    pub(super) flagged: i64,
    pub(super) oldest_queued_at: Option<DateTime<Utc>>,
    pub(super) cohorts: Vec<DigestCohortData>,
}

#[derive(Debug, Serialize, Deserialize)]
pub(super) struct DigestCohortData {
    pub(super) id: Option<String>,
    pub(super) name: String,
    pub(super) pending: i64,
    pub(super) flagged: i64,
}

/// Writes a digest event for every facilitator (with an email address and digests on) whose
/// cohorts have posts waiting in the queue and whose last digest is older than `interval`.
/// Safe to run from many workers at once: the `digests` row is the claim.
pub async fn schedule_digests(db: &DatabaseConnection, interval: Duration) -> Result<usize> {
    let now = Utc::now();
    let threshold = now - chrono::Duration::from_std(interval).unwrap_or(chrono::Duration::days(1));
    // Only courses where something waits: an idle course costs one index-only read a minute.
    let waiting: Vec<String> = post::Entity::find()
        .select_only()
        .column(post::Column::CourseId)
        .filter(post::Column::QueuedAt.is_not_null())
        .distinct()
        .into_tuple()
        .all(db)
        .await?;
    if waiting.is_empty() {
        return Ok(0);
    }
    let facs = member::Entity::find()
        .filter(member::Column::CourseId.is_in(waiting))
        .filter(member::Column::Role.eq("facilitator"))
        .filter(member::Column::Email.is_not_null())
        .all(db)
        .await?;
    let recent: HashSet<String> = digest::Entity::find()
        .filter(digest::Column::LastSentAt.gt(threshold))
        .select_only()
        .column(digest::Column::MemberId)
        .into_tuple::<String>()
        .all(db)
        .await?
        .into_iter()
        .collect();
    let mut n = 0;
    for f in facs.into_iter().filter(|f| !recent.contains(&f.id)) {
        if !preferences(db, &f.id).await?.digest {
            continue;
        }
        let Some(data) = digest_data(db, &f).await? else { continue };
        let Some(c) = course::Entity::find_by_id(&f.course_id).one(db).await? else { continue };
        let txn = db.begin().await?;
        let claimed = digest::Entity::update_many()
            .col_expr(digest::Column::LastSentAt, now.into())
            .filter(digest::Column::MemberId.eq(&f.id))
            .filter(digest::Column::LastSentAt.lte(threshold))
            .exec(&txn)
            .await?
            .rows_affected
            == 1;
        let claimed = claimed || {
            let exists = digest::Entity::find_by_id(&f.id).one(&txn).await?.is_some();
            !exists
                && match (digest::ActiveModel { member_id: Set(f.id.clone()), last_sent_at: Set(now) })
                    .insert(&txn)
                    .await
                {
                    Ok(_) => true,
                    Err(e) if matches!(e.sql_err(), Some(SqlErr::UniqueConstraintViolation(_))) => false,
                    Err(e) => return Err(e.into()),
                }
        };
        if !claimed {
            continue;
        }
        outbox::emit(
            &txn,
            NewEvent {
                team_id: &c.team_id,
                course_id: Some(&c.id),
                kind: outbox::DIGEST,
                subject_id: Some(&f.id),
                data: &data,
            },
        )
        .await?;
        txn.commit().await?;
        n += 1;
    }
    if n > 0 {
        crate::jobs::wake();
    }
    Ok(n)
}

#[derive(Debug, FromQueryResult)]
struct QueueRow {
    cohort_id: Option<String>,
    state: String,
    n: i64,
    oldest: Option<DateTime<Utc>>,
}

/// What waits for a facilitator: posts in the queue of their cohorts (of the whole course when
/// they lead no cohort). `None` when nothing waits.
async fn digest_data(db: &DatabaseConnection, f: &member::Model) -> Result<Option<DigestData>> {
    let cohort_ids: Vec<String> = cohort_member::Entity::find()
        .select_only()
        .column(cohort_member::Column::CohortId)
        .filter(cohort_member::Column::MemberId.eq(&f.id))
        .into_tuple()
        .all(db)
        .await?;
    let mut q = post::Entity::find()
        .select_only()
        .column(post::Column::CohortId)
        .column(post::Column::State)
        .column_as(sea_orm::sea_query::Expr::col(post::Column::Id).count(), "n")
        .column_as(sea_orm::sea_query::Expr::col(post::Column::QueuedAt).min(), "oldest")
        .filter(post::Column::CourseId.eq(&f.course_id))
        .filter(post::Column::QueuedAt.is_not_null())
        .filter(post::Column::State.is_in(post::PostState::QUEUEABLE))
        .group_by(post::Column::CohortId)
        .group_by(post::Column::State);
    if !cohort_ids.is_empty() {
        q = q.filter(post::Column::CohortId.is_in(cohort_ids.clone()));
    }
    let rows: Vec<QueueRow> = q.into_model::<QueueRow>().all(db).await?;
    if rows.is_empty() {
        return Ok(None);
    }
    let names: HashMap<String, String> = cohort::Entity::find()
        .filter(cohort::Column::CourseId.eq(&f.course_id))
        .all(db)
        .await?
        .into_iter()
        .map(|c| (c.id, c.name))
        .collect();
    let mut per: BTreeMap<Option<String>, (i64, i64)> = BTreeMap::new();
    let (mut pending, mut flagged, mut oldest) = (0, 0, None::<DateTime<Utc>>);
    for r in rows {
        let e = per.entry(r.cohort_id.clone()).or_default();
        if r.state == post::PostState::Pending.as_str() {
            e.0 += r.n;
            pending += r.n;
        } else {
            e.1 += r.n;
            flagged += r.n;
        }
        oldest = match (oldest, r.oldest) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
    }
    let course_title = course::Entity::find_by_id(&f.course_id).one(db).await?.map(|c| c.title).unwrap_or_default();
    Ok(Some(DigestData {
        member_id: f.id.clone(),
        course_id: f.course_id.clone(),
        course_title,
        pending,
        flagged,
        oldest_queued_at: oldest,
        cohorts: per
            .into_iter()
            .map(|(id, (p, fl))| DigestCohortData {
                name: id.as_ref().and_then(|i| names.get(i).cloned()).unwrap_or_else(|| "—".into()),
                id,
                pending: p,
                flagged: fl,
            })
            .collect(),
    }))
}
