//! The course home: modules and their prompts, open or closed, answered or not yet.

use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};
use askama::Template;
use chrono::Utc;
use crosstalk_core::entities::course;
use crosstalk_core::learner;
use sea_orm::EntityTrait as _;

use crate::page::{render, Chrome, Fail};
use crate::session::Ctx;

pub struct PromptRow {
    pub id: String,
    pub title: String,
    /// `upcoming`, `open` or `closed`.
    pub window: &'static str,
    pub window_text: String,
    pub open: bool,
    pub answered: bool,
}

pub struct ModuleRow {
    pub title: String,
    pub description: String,
    pub prompts: Vec<PromptRow>,
}

#[derive(Template)]
#[template(path = "course.html")]
pub struct CoursePage {
    pub c: Chrome,
    pub course_title: String,
    pub name: String,
    pub modules: Vec<ModuleRow>,
}

/// `YYYY-MM-DD` of a time, as the pages show dates.
pub fn day(t: chrono::DateTime<Utc>) -> String {
    t.format("%Y-%m-%d").to_string()
}

/// The window of a prompt: its state and the sentence that says it.
pub fn window(tr: crate::i18n::Tr, p: &crosstalk_core::entities::prompt::Model) -> (&'static str, String) {
    let now = Utc::now();
    if now < p.opens_at {
        ("upcoming", tr.t1("prompt-opens-on", "date", day(p.opens_at)))
    } else if now < p.closes_at {
        ("open", tr.t1("prompt-open-until", "date", day(p.closes_at)))
    } else {
        ("closed", tr.t1("prompt-closed-on", "date", day(p.closes_at)))
    }
}

async fn build(ctx: &Ctx, course_id: &str) -> Result<HttpResponse, Fail> {
    let s = ctx.signed_in()?;
    let m = s.member();
    if m.course_id != course_id {
        return Err(Fail::NotFound);
    }
    let db = &ctx.state.db;
    let course = course::Entity::find_by_id(course_id).one(db).await.map_err(crosstalk_core::Error::from)?;
    let course = course.ok_or(Fail::NotFound)?;
    let tr = ctx.tr();
    let modules = learner::outline(db, m)
        .await?
        .into_iter()
        .map(|o| ModuleRow {
            title: o.module.title,
            description: o.module.description,
            prompts: o
                .prompts
                .into_iter()
                .map(|(p, answered)| {
                    let (window, window_text) = window(tr, &p);
                    PromptRow { id: p.id, title: p.title, open: window == "open", window, window_text, answered }
                })
                .collect(),
        })
        .collect();
    let c = Chrome::new(ctx, course.title.clone(), &format!("/courses/{course_id}"));
    let t = CoursePage { c, course_title: course.title, name: m.display_name.clone(), modules };
    Ok(render(ctx, StatusCode::OK, &t))
}

/// `GET /courses/{course_id}`.
pub async fn home(ctx: Ctx, path: web::Path<String>) -> HttpResponse {
    let r = build(&ctx, &path).await;
    ctx.page_or_fail(r)
}
