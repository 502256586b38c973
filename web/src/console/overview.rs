//! The console overview: per cohort and prompt, who answered, who replied, who has done nothing
//! yet, responses nobody replied to, each learner's last activity, and what waits in the queue.

use std::collections::HashMap;

use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};
use askama::Template;
use crosstalk_core::entities::post::{self, PostState};
use crosstalk_core::participation;
use sea_orm::{ColumnTrait as _, EntityTrait as _, PaginatorTrait as _, QueryFilter as _, QuerySelect as _};

use super::{facilitator, Console};
use crate::page::{render, Chrome, Fail};
use crate::session::Ctx;

pub struct PromptRow {
    pub id: String,
    pub title: String,
    pub answered: Vec<String>,
    pub not_answered: Vec<String>,
    pub not_replied: Vec<String>,
    /// Published responses nobody replied to: the oldest [`LONELY_LINKS`] of them, and how many.
    pub lonely: Vec<String>,
    pub lonely_total: u64,
}

pub struct LearnerRow {
    pub name: String,
    pub posts: u32,
    pub replies: u32,
    pub last: Option<String>,
    /// Neither an answer nor a reply anywhere.
    pub idle: bool,
}

pub struct CohortBlock {
    pub id: String,
    pub name: String,
    pub queued: i64,
    pub prompts: Vec<PromptRow>,
    pub learners: Vec<LearnerRow>,
}

#[derive(Template)]
#[template(path = "console/overview.html")]
pub struct OverviewPage {
    pub c: Chrome,
    pub base: String,
    pub course_title: String,
    pub queued: i64,
    /// More than [`QUEUE_TOTAL_CAP`] wait: `queued` is the cap.
    pub queued_many: bool,
    pub cohorts: Vec<CohortBlock>,
    pub pages: Pages,
}

/// Which page of the facilitator's cohorts (by name) this is, for the pager.
pub struct Pages {
    pub page: usize,
    pub count: usize,
    /// 1-based positions of the first and last cohort shown, and how many there are.
    pub from: usize,
    pub to: usize,
    pub total: usize,
    /// Every page with the names of its first and last cohort (the pager's links).
    pub all: Vec<(usize, String)>,
    /// "Cohorts 11–20 of 50", in the member's language.
    pub shown: String,
}

/// The overview's total of waiting posts counts up to this many ("more than 500 waiting"): a
/// facilitator of 50 busy cohorts can have thousands, and counting them all was a third of the
/// page's time. Each cohort's own count, on its page, is exact.
pub const QUEUE_TOTAL_CAP: u64 = 500;

/// Cohorts per overview page: each is two tables (its prompts, its learners), so five make a page
/// a person reads on a tablet; a facilitator of 50 cohorts gets 10 pages. (Ten a page took 22 ms
/// at p95 for the bench's busiest cohorts, against a 20 ms target.)
pub const COHORTS_PER_PAGE: usize = 5;

#[derive(serde::Deserialize, Default)]
pub struct OverviewQuery {
    page: Option<String>,
}

/// How many responses nobody replied to the overview links per cohort and prompt (oldest first;
/// the count is complete). A busy cohort can have hundreds.
pub const LONELY_LINKS: u64 = 5;

/// The course's waiting posts. Callers add the cohorts: `cohort_id IN (...)` and
/// `cohort_id IS NULL` separately, as an `OR` of the two kept PostgreSQL from using the cohort
/// in `ix_posts_queue_cohort` and it read the whole course's queue.
fn waiting(con: &Console<'_>) -> sea_orm::Select<post::Entity> {
    post::Entity::find()
        .filter(post::Column::CourseId.eq(&con.course.id))
        .filter(post::Column::QueuedAt.is_not_null())
        .filter(post::Column::State.is_in(PostState::QUEUEABLE))
}

/// How many posts of all the facilitator's cohorts wait, counted up to [`QUEUE_TOTAL_CAP`] + 1.
async fn queue_total(ctx: &Ctx, con: &Console<'_>) -> Result<(i64, bool), Fail> {
    let ids: Vec<String> = con.cohorts.iter().map(|c| c.id.clone()).collect();
    let first: Vec<String> = waiting(con)
        .filter(post::Column::CohortId.is_in(ids))
        .select_only()
        .column(post::Column::Id)
        .limit(QUEUE_TOTAL_CAP + 1)
        .into_tuple()
        .all(&ctx.state.db)
        .await
        .map_err(crosstalk_core::Error::from)?;
    let n = first.len() as u64;
    Ok((i64::try_from(n.min(QUEUE_TOTAL_CAP)).unwrap_or(i64::MAX), n > QUEUE_TOTAL_CAP))
}

/// Waiting posts per cohort of `ids`, and the course-wide ones under `None`.
async fn queue_counts_of(ctx: &Ctx, con: &Console<'_>, ids: Vec<String>) -> Result<HashMap<Option<String>, i64>, Fail> {
    let db = &ctx.state.db;
    let rows: Vec<(Option<String>, i64)> = waiting(con)
        .filter(post::Column::CohortId.is_in(ids))
        .select_only()
        .column(post::Column::CohortId)
        .column_as(sea_orm::sea_query::Expr::col(post::Column::Id).count(), "n")
        .group_by(post::Column::CohortId)
        .into_tuple()
        .all(db)
        .await
        .map_err(crosstalk_core::Error::from)?;
    let course_wide =
        waiting(con).filter(post::Column::CohortId.is_null()).count(db).await.map_err(crosstalk_core::Error::from)?;
    let mut counts: HashMap<Option<String>, i64> = rows.into_iter().collect();
    counts.insert(None, i64::try_from(course_wide).unwrap_or(i64::MAX));
    Ok(counts)
}

fn pages(ctx: &Ctx, con: &Console<'_>, page: usize) -> Pages {
    let total = con.cohorts.len();
    let count = total.div_ceil(COHORTS_PER_PAGE).max(1);
    let page = page.clamp(1, count);
    let from = (page - 1) * COHORTS_PER_PAGE;
    let to = (from + COHORTS_PER_PAGE).min(total);
    let all = con
        .cohorts
        .chunks(COHORTS_PER_PAGE)
        .enumerate()
        .map(|(i, chunk)| {
            let (first, last) = (&chunk[0].name, &chunk[chunk.len() - 1].name);
            (i + 1, if first == last { first.clone() } else { format!("{first} – {last}") })
        })
        .collect();
    let first = if total == 0 { 0 } else { from + 1 };
    let shown = ctx.tr().t3("console-cohorts-shown", ("from", first), ("to", to), ("total", total));
    Pages { page, count, from: first, to, total, all, shown }
}

async fn build(ctx: &Ctx, course_id: &str, page: usize) -> Result<HttpResponse, Fail> {
    let con = facilitator(ctx, course_id).await?;
    let pages = pages(ctx, &con, page);
    let shown: Vec<String> =
        con.cohorts.iter().skip(pages.from.saturating_sub(1)).take(COHORTS_PER_PAGE).map(|c| c.id.clone()).collect();
    let scope = participation::Scope { prompt_id: None, lonely_limit: Some(LONELY_LINKS), cohorts: Some(&shown) };
    let report = participation::report_in(&ctx.state.db, &con.viewer, &con.course, scope).await?;
    // The page's cohorts one by one; the queue's total over all of them (and course-wide posts).
    let counts = queue_counts_of(ctx, &con, shown.clone()).await?;
    let (queued, queued_many) = if pages.count == 1 {
        (counts.values().sum(), false)
    } else {
        let (n, many) = queue_total(ctx, &con).await?;
        (n + counts.get(&None).copied().unwrap_or(0), many)
    };
    let names = |v: &[participation::LearnerRef]| v.iter().map(|l| l.display_name.clone()).collect::<Vec<_>>();
    let cohorts = report
        .cohorts
        .into_iter()
        .map(|c| {
            let everyone: Vec<String> = c.learners.iter().map(|l| l.display_name.clone()).collect();
            CohortBlock {
                queued: counts.get(&Some(c.cohort_id.clone())).copied().unwrap_or(0),
                prompts: c
                    .prompts
                    .into_iter()
                    .map(|p| {
                        let not_answered = names(&p.not_posted);
                        PromptRow {
                            answered: everyone.iter().filter(|n| !not_answered.contains(n)).cloned().collect(),
                            not_answered,
                            not_replied: names(&p.not_replied),
                            lonely: p.responses_without_replies,
                            lonely_total: p.responses_without_replies_total,
                            id: p.prompt_id,
                            title: p.title,
                        }
                    })
                    .collect(),
                learners: c
                    .learners
                    .into_iter()
                    .map(|l| LearnerRow {
                        idle: l.posts == 0 && l.replies == 0,
                        last: l.last_activity_at.map(|t| t.format("%Y-%m-%d %H:%M").to_string()),
                        name: l.display_name,
                        posts: l.posts,
                        replies: l.replies,
                    })
                    .collect(),
                id: c.cohort_id,
                name: c.name,
            }
        })
        .collect();
    let base = con.base();
    let c = Chrome::new(ctx, ctx.tr().t("console-overview-title"), &base);
    let t = OverviewPage { c, base, course_title: con.course.title.clone(), queued, queued_many, cohorts, pages };
    Ok(render(ctx, StatusCode::OK, &t))
}

/// `GET /console/courses/{course_id}[?page=N]`: the facilitator's cohorts, [`COHORTS_PER_PAGE`]
/// at a time (a page past the end shows the last one).
pub async fn page(ctx: Ctx, path: web::Path<String>, q: web::Query<OverviewQuery>) -> HttpResponse {
    let page = q.page.as_deref().and_then(|p| p.parse::<usize>().ok()).unwrap_or(1);
    let r = build(&ctx, &path, page).await;
    ctx.page_or_fail(r)
}
