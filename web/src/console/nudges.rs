//! Nudges for a prompt: who in the facilitator's cohorts has not answered, when each was last
//! nudged, and forms to nudge one learner or all of them now with an editable message.

use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};
use askama::Template;
use crosstalk_core::entities::prompt;
use crosstalk_core::{notify, participation};
use sea_orm::EntityTrait as _;

use super::{facilitator, some, Console};
use crate::page::{render, see_other, Chrome, Fail};
use crate::session::Ctx;

pub struct Row {
    pub member_id: String,
    pub name: String,
    pub cohort: String,
    pub nudged: Option<String>,
}

#[derive(Template)]
#[template(path = "console/nudges.html")]
pub struct NudgesPage {
    pub c: Chrome,
    pub base: String,
    pub action: String,
    pub prompt_title: String,
    pub message: String,
    pub rows: Vec<Row>,
}

#[derive(serde::Deserialize, Default)]
pub struct NudgeForm {
    pub csrf: Option<String>,
    pub message: Option<String>,
    /// One learner; absent: everyone who has not answered.
    pub member_id: Option<String>,
}

async fn prompt_of(ctx: &Ctx, con: &Console<'_>, prompt_id: &str) -> Result<prompt::Model, Fail> {
    let p = prompt::Entity::find_by_id(prompt_id).one(&ctx.state.db).await.map_err(crosstalk_core::Error::from)?;
    p.filter(|p| p.course_id == con.course.id).ok_or(Fail::NotFound)
}

async fn build(ctx: &Ctx, course_id: &str, prompt_id: &str) -> Result<HttpResponse, Fail> {
    let con = facilitator(ctx, course_id).await?;
    let p = prompt_of(ctx, &con, prompt_id).await?;
    let scope = participation::Scope { prompt_id: Some(&p.id), lonely_limit: Some(0), cohorts: None };
    let report = participation::report_in(&ctx.state.db, &con.viewer, &con.course, scope).await?;
    let mut rows: Vec<Row> = Vec::new();
    for c in report.cohorts {
        for pp in c.prompts.into_iter().filter(|x| x.prompt_id == p.id) {
            rows.extend(pp.not_posted.into_iter().map(|l| Row {
                member_id: l.member_id,
                name: l.display_name,
                cohort: c.name.clone(),
                nudged: None,
            }));
        }
    }
    let ids = rows.iter().map(|r| r.member_id.clone()).collect();
    let last = notify::last_nudges(&ctx.state.db, &p.id, ids).await?;
    for r in &mut rows {
        r.nudged =
            last.iter().find(|(m, _)| *m == r.member_id).map(|(_, t)| t.format("%Y-%m-%d %H:%M UTC").to_string());
    }
    let base = con.base();
    let action = format!("{base}/prompts/{}/nudges", p.id);
    let c = Chrome::new(ctx, ctx.tr().t("console-nudges-title"), &action);
    let t = NudgesPage { c, base, action, prompt_title: p.title, message: p.nudge_message, rows };
    Ok(render(ctx, StatusCode::OK, &t))
}

async fn send(ctx: &Ctx, course_id: &str, prompt_id: &str, f: NudgeForm) -> Result<HttpResponse, Fail> {
    let con = facilitator(ctx, course_id).await?;
    ctx.check_csrf(f.csrf.as_deref())?;
    let p = prompt_of(ctx, &con, prompt_id).await?;
    let only = some(&f.member_id);
    notify::nudge_now(&ctx.state.db, &con.session.principal, &p.id, only, f.message.as_deref()).await?;
    Ok(see_other(&ctx.state, &format!("{}/prompts/{}/nudges?notice=nudged", con.base(), p.id)))
}

/// `GET /console/courses/{course_id}/prompts/{prompt_id}/nudges`.
pub async fn page(ctx: Ctx, path: web::Path<(String, String)>) -> HttpResponse {
    let r = build(&ctx, &path.0, &path.1).await;
    ctx.page_or_fail(r)
}

/// `POST /console/courses/{course_id}/prompts/{prompt_id}/nudges` (form: csrf, message, member_id).
pub async fn nudge(ctx: Ctx, path: web::Path<(String, String)>, body: web::Bytes) -> HttpResponse {
    let r = send(&ctx, &path.0, &path.1, crate::pages::form(&body)).await;
    ctx.page_or_fail(r)
}
