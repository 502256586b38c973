//! The facilitator cockpit: per cohort and prompt, who has not posted, who has not replied,
//! responses still waiting for a reply, and each learner's last activity.
//!
//! Aggregated in SQL (bench/exchange_listing.sh: a facilitator of 50 busy cohorts has ~47,000
//! posts behind the page): the learners of the cohorts with their cohort links, their posts
//! counted per (author, prompt, cohort, depth) on `ix_posts_participation`, and the responses
//! without replies read from the partial `ix_posts_lonely`, so no post row is loaded.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Alias, Expr, Query};
use sea_orm::{
    ColumnTrait as _, ConnectionTrait as _, DatabaseConnection, EntityTrait as _, JoinType, QueryFilter as _,
    QueryOrder as _, QuerySelect as _,
};
use serde::Serialize;
use utoipa::ToSchema;

use crate::entities::post::PostState;
use crate::entities::{cohort, cohort_member, course, member, post, prompt};
use crate::error::{Error, Result};
use crate::visibility::Viewer;

#[derive(Debug, Serialize, ToSchema)]
pub struct LearnerRef {
    pub member_id: String,
    pub external_id: String,
    pub display_name: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct PromptParticipation {
    pub prompt_id: String,
    pub title: String,
    pub not_posted: Vec<LearnerRef>,
    pub not_replied: Vec<LearnerRef>,
    /// Published responses nobody has replied to yet.
    pub responses_without_replies: Vec<String>,
    /// How many there are (`responses_without_replies` may list only the first of them, see
    /// [`Scope::lonely_limit`]).
    #[serde(skip)]
    pub responses_without_replies_total: u64,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct LearnerActivity {
    pub member_id: String,
    pub display_name: String,
    pub posts: u32,
    pub replies: u32,
    pub last_activity_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CohortParticipation {
    pub cohort_id: String,
    pub name: String,
    pub prompts: Vec<PromptParticipation>,
    pub learners: Vec<LearnerActivity>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Participation {
    pub course_id: String,
    pub cohorts: Vec<CohortParticipation>,
}

/// What a report covers.
#[derive(Debug, Clone, Copy, Default)]
pub struct Scope<'a> {
    /// One prompt only (its row, and learners' activity counted in it); `None`: every prompt.
    pub prompt_id: Option<&'a str>,
    /// List at most this many responses without replies per cohort and prompt (the total is
    /// always counted); `None`: all of them.
    pub lonely_limit: Option<u64>,
    /// Only these of the viewer's cohorts (a page of them); `None`: all of the viewer's.
    pub cohorts: Option<&'a [String]>,
}

/// States whose posts count as participation.
const COUNTED: [PostState; 3] = [PostState::Visible, PostState::Pending, PostState::Hidden];

/// The predicate of the partial index `ix_posts_lonely`, as literal SQL so the planner can match it.
const LONELY: &str = "depth = 0 AND state = 'visible' AND reply_count = 0";

/// The whole report: every prompt, every response without replies listed.
pub async fn report(db: &DatabaseConnection, viewer: &Viewer, course: &course::Model) -> Result<Participation> {
    report_in(db, viewer, course, Scope::default()).await
}

pub async fn report_in(
    db: &DatabaseConnection,
    viewer: &Viewer,
    course: &course::Model,
    scope: Scope<'_>,
) -> Result<Participation> {
    // `None`: every cohort of the course (the team).
    let only: Option<&Vec<String>> = match viewer {
        Viewer::Facilitator { cohorts, .. } => Some(cohorts),
        Viewer::Team { .. } => None,
        Viewer::Learner { .. } => {
            return Err(Error::forbidden("facilitator_only", "participation is for facilitators"))
        }
    };
    let mut q = cohort::Entity::find().filter(cohort::Column::CourseId.eq(&course.id));
    if let Some(ids) = only {
        q = q.filter(cohort::Column::Id.is_in(ids.clone()));
    }
    if let Some(ids) = scope.cohorts {
        q = q.filter(cohort::Column::Id.is_in(ids.iter().cloned()));
    }
    let cohorts = q.order_by_asc(cohort::Column::Name).all(db).await?;
    // Restricted to some cohorts (a facilitator's, a page of them): read only theirs.
    let restricted = only.is_some() || scope.cohorts.is_some();
    let mut q = prompt::Entity::find().filter(prompt::Column::CourseId.eq(&course.id));
    if let Some(p) = scope.prompt_id {
        q = q.filter(prompt::Column::Id.eq(p));
    }
    let prompts = q.order_by_asc(prompt::Column::OpensAt).all(db).await?;
    let cohort_ids: Vec<String> = cohorts.iter().map(|c| c.id.clone()).collect();
    if cohorts.is_empty() {
        return Ok(Participation { course_id: course.id.clone(), cohorts: Vec::new() });
    }

    let learners = learners_of(db, course, restricted.then_some(cohort_ids.as_slice())).await?;
    let activity = activity(db, course, restricted.then_some(&learners), scope.prompt_id).await?;
    let mut lonely = lonely(db, course, restricted.then_some(cohort_ids.as_slice()), scope).await?;

    // (author, prompt, cohort) -> (answered, replied); author -> (posts, replies, last activity)
    let mut did: HashMap<(&str, &str, Option<&str>), (bool, bool)> = HashMap::new();
    let mut totals: HashMap<&str, (u32, u32, Option<DateTime<Utc>>)> = HashMap::new();
    for a in &activity {
        let e = did.entry((a.author_id.as_str(), a.prompt_id.as_str(), a.cohort_id.as_deref())).or_default();
        let t = totals.entry(a.author_id.as_str()).or_default();
        let n = u32::try_from(a.n).unwrap_or(u32::MAX);
        if a.depth == 0 {
            e.0 = true;
            t.0 += n;
        } else {
            e.1 = true;
            t.1 += n;
        }
        t.2 = t.2.max(a.last);
    }
    let r = |m: &member::Model| LearnerRef {
        member_id: m.id.clone(),
        external_id: m.external_id.clone(),
        display_name: m.display_name.clone(),
    };
    let mut out = Vec::with_capacity(cohorts.len());
    for c in cohorts {
        let mut members: Vec<&member::Model> =
            learners.iter().filter(|(_, cid)| *cid == c.id).map(|(m, _)| m).collect();
        members.sort_by(|a, b| a.display_name.cmp(&b.display_name));
        let per_prompt = prompts
            .iter()
            .map(|pr| {
                let done = |m: &member::Model| {
                    did.get(&(m.id.as_str(), pr.id.as_str(), Some(c.id.as_str()))).copied().unwrap_or_default()
                };
                let (ids, total) = lonely.remove(&(c.id.clone(), pr.id.clone())).unwrap_or_default();
                PromptParticipation {
                    prompt_id: pr.id.clone(),
                    title: pr.title.clone(),
                    not_posted: members.iter().filter(|m| !done(m).0).map(|m| r(m)).collect(),
                    not_replied: members.iter().filter(|m| !done(m).1).map(|m| r(m)).collect(),
                    responses_without_replies: ids,
                    responses_without_replies_total: total,
                }
            })
            .collect();
        let per_learner = members
            .iter()
            .map(|m| {
                let (posts, replies, last) = totals.get(m.id.as_str()).copied().unwrap_or_default();
                LearnerActivity {
                    member_id: m.id.clone(),
                    display_name: m.display_name.clone(),
                    posts,
                    replies,
                    last_activity_at: last,
                }
            })
            .collect();
        out.push(CohortParticipation { cohort_id: c.id, name: c.name, prompts: per_prompt, learners: per_learner });
    }
    Ok(Participation { course_id: course.id.clone(), cohorts: out })
}

/// The learners of the cohorts (`None`: of the course's cohorts), each with its cohort id.
async fn learners_of(
    db: &DatabaseConnection,
    course: &course::Model,
    cohorts: Option<&[String]>,
) -> Result<Vec<(member::Model, String)>> {
    let q = member::Entity::find()
        .join(
            JoinType::InnerJoin,
            member::Entity::belongs_to(cohort_member::Entity)
                .from(member::Column::Id)
                .to(cohort_member::Column::MemberId)
                .into(),
        )
        .select_also(cohort_member::Entity)
        .filter(member::Column::Role.eq("learner"));
    // Given cohorts (already of this course), their ids alone find the rows on the primary key
    // (cohort_id, member_id); with the course too, PostgreSQL scanned all of cohort_members.
    let q = match cohorts {
        Some(ids) => q.filter(cohort_member::Column::CohortId.is_in(ids.iter().cloned())),
        None => q.filter(cohort_member::Column::CourseId.eq(&course.id)),
    };
    Ok(q.all(db).await?.into_iter().filter_map(|(m, l)| l.map(|l| (m, l.cohort_id))).collect())
}

/// author, prompt, cohort, depth, posts, newest post's time
type ActivityRow = (String, String, Option<String>, i32, i64, Option<DateTime<Utc>>);

struct Activity {
    author_id: String,
    prompt_id: String,
    cohort_id: Option<String>,
    depth: i32,
    n: i64,
    last: Option<DateTime<Utc>>,
}

/// Counted posts per (author, prompt, cohort, depth) of the learners (`None`: of the whole
/// course), with the newest one's time: an index-only aggregate on `ix_posts_participation`.
async fn activity(
    db: &DatabaseConnection,
    course: &course::Model,
    learners: Option<&Vec<(member::Model, String)>>,
    prompt_id: Option<&str>,
) -> Result<Vec<Activity>> {
    let mut q = post::Entity::find()
        .select_only()
        .column(post::Column::AuthorId)
        .column(post::Column::PromptId)
        .column(post::Column::CohortId)
        .column(post::Column::Depth)
        // COUNT(*), not COUNT(id): `id` is not in the index, and the scan must stay index-only
        .column_as(Expr::cust("COUNT(*)"), "n")
        .column_as(Expr::col(post::Column::CreatedAt).max(), "last")
        .filter(post::Column::State.is_in(COUNTED));
    match learners {
        Some(ls) if ls.is_empty() => return Ok(Vec::new()),
        Some(ls) => {
            let mut ids: Vec<&str> = ls.iter().map(|(m, _)| m.id.as_str()).collect();
            ids.sort_unstable();
            ids.dedup();
            q = q.filter(post::Column::AuthorId.is_in(ids));
        }
        None => q = q.filter(post::Column::CourseId.eq(&course.id)),
    }
    if let Some(p) = prompt_id {
        q = q.filter(post::Column::PromptId.eq(p));
    }
    let rows: Vec<ActivityRow> = q
        .group_by(post::Column::AuthorId)
        .group_by(post::Column::PromptId)
        .group_by(post::Column::CohortId)
        .group_by(post::Column::Depth)
        .into_tuple()
        .all(db)
        .await?;
    Ok(rows
        .into_iter()
        .map(|(author_id, prompt_id, cohort_id, depth, n, last)| Activity {
            author_id,
            prompt_id,
            cohort_id,
            depth,
            n,
            last,
        })
        .collect())
}

/// Per (cohort, prompt): the ids of published responses without replies, oldest first (at most
/// `scope.lonely_limit`), and how many there are. One ordered read of `ix_posts_lonely`.
async fn lonely(
    db: &DatabaseConnection,
    course: &course::Model,
    cohorts: Option<&[String]>,
    scope: Scope<'_>,
) -> Result<HashMap<(String, String), (Vec<String>, u64)>> {
    let mut ranked = Query::select()
        .column(post::Column::CohortId)
        .column(post::Column::PromptId)
        .column(post::Column::Id)
        .expr_as(
            Expr::cust("ROW_NUMBER() OVER (PARTITION BY cohort_id, prompt_id ORDER BY created_at, id)"),
            Alias::new("rn"),
        )
        .expr_as(Expr::cust("COUNT(*) OVER (PARTITION BY cohort_id, prompt_id)"), Alias::new("total"))
        .from(post::Entity)
        .and_where(Expr::cust(LONELY))
        .to_owned();
    match cohorts {
        Some(ids) => ranked.and_where(post::Column::CohortId.is_in(ids.iter().cloned())),
        None => ranked.and_where(post::Column::CourseId.eq(&course.id)).and_where(post::Column::CohortId.is_not_null()),
    };
    if let Some(p) = scope.prompt_id {
        ranked.and_where(post::Column::PromptId.eq(p));
    }
    let col = |c: &str| Expr::col(Alias::new(c));
    let mut q = Query::select()
        .columns([Alias::new("cohort_id"), Alias::new("prompt_id"), Alias::new("id"), Alias::new("total")])
        .from_subquery(ranked, Alias::new("l"))
        .order_by(Alias::new("rn"), sea_orm::Order::Asc)
        .to_owned();
    if let Some(n) = scope.lonely_limit {
        q.and_where(col("rn").lte(i64::try_from(n).unwrap_or(i64::MAX)));
    }
    let rows = db.query_all(db.get_database_backend().build(&q)).await?;
    let mut out: HashMap<(String, String), (Vec<String>, u64)> = HashMap::new();
    for row in rows {
        let cohort: String = row.try_get("", "cohort_id")?;
        let prompt: String = row.try_get("", "prompt_id")?;
        let id: String = row.try_get("", "id")?;
        let total: i64 = row.try_get("", "total")?;
        let e = out.entry((cohort, prompt)).or_default();
        e.0.push(id);
        e.1 = u64::try_from(total).unwrap_or_default();
    }
    Ok(out)
}
