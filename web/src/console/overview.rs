//! The console overview: per cohort and prompt, who answered, who replied, who has done nothing
//! yet, responses nobody replied to, each learner's last activity, and what waits in the queue.

use std::collections::HashMap;

use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};
use askama::Template;
use crosstalk_core::entities::post::{self, PostState};
use crosstalk_core::participation;
use sea_orm::{ColumnTrait as _, Condition, EntityTrait as _, QueryFilter as _, QuerySelect as _};

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
    pub cohorts: Vec<CohortBlock>,
}

/// How many responses nobody replied to the overview links per cohort and prompt (oldest first;
/// the count is complete). A busy cohort can have hundreds.
pub const LONELY_LINKS: u64 = 5;

/// Waiting posts per cohort (`None`: course-wide posts) the facilitator moderates.
pub async fn queue_counts(ctx: &Ctx, con: &Console<'_>) -> Result<HashMap<Option<String>, i64>, Fail> {
    let ids: Vec<String> = con.cohorts.iter().map(|c| c.id.clone()).collect();
    let rows: Vec<(Option<String>, i64)> = post::Entity::find()
        .select_only()
        .column(post::Column::CohortId)
        .column_as(sea_orm::sea_query::Expr::col(post::Column::Id).count(), "n")
        .filter(post::Column::CourseId.eq(&con.course.id))
        .filter(post::Column::QueuedAt.is_not_null())
        .filter(post::Column::State.is_in(PostState::QUEUEABLE))
        .filter(Condition::any().add(post::Column::CohortId.is_null()).add(post::Column::CohortId.is_in(ids)))
        .group_by(post::Column::CohortId)
        .into_tuple()
        .all(&ctx.state.db)
        .await
        .map_err(crosstalk_core::Error::from)?;
    Ok(rows.into_iter().collect())
}

async fn build(ctx: &Ctx, course_id: &str) -> Result<HttpResponse, Fail> {
    let con = facilitator(ctx, course_id).await?;
    let scope = participation::Scope { prompt_id: None, lonely_limit: Some(LONELY_LINKS) };
    let report = participation::report_in(&ctx.state.db, &con.viewer, &con.course, scope).await?;
    let counts = queue_counts(ctx, &con).await?;
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
    let queued = counts.values().sum();
    let base = con.base();
    let c = Chrome::new(ctx, ctx.tr().t("console-overview-title"), &base);
    let t = OverviewPage { c, base, course_title: con.course.title.clone(), queued, cohorts };
    Ok(render(ctx, StatusCode::OK, &t))
}

/// `GET /console/courses/{course_id}`.
pub async fn page(ctx: Ctx, path: web::Path<String>) -> HttpResponse {
    let r = build(&ctx, &path).await;
    ctx.page_or_fail(r)
}
