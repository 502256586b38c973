//! A learner's own data: "Download my videos" (the same zip as `GET /v1/me/export`, on the session
//! cookie) and "Delete my account in this course" (a confirmation page, then the same erasure job
//! the team's `DELETE /v1/courses/{course_id}/members/{external_id}` starts; the learner is signed
//! out everywhere and told what will be deleted).

use actix_web::http::{header, StatusCode};
use actix_web::HttpResponse;
use askama::Template;
use crosstalk_core::entities::course;
use crosstalk_core::{erasure, sessions};
use sea_orm::EntityTrait as _;

use crate::page::{render, Chrome, Fail};
use crate::session::{self as sess, Ctx};

#[derive(Template)]
#[template(path = "erase_confirm.html")]
pub struct ConfirmPage {
    pub c: Chrome,
    pub course_title: String,
    /// The confirmation was not ticked: the error summary shows.
    pub missing_confirmation: bool,
}

#[derive(Template)]
#[template(path = "erase_started.html")]
pub struct StartedPage {
    pub c: Chrome,
    pub course_title: String,
}

#[derive(serde::Deserialize, Default)]
pub struct EraseForm {
    pub csrf: Option<String>,
    pub confirm: Option<String>,
}

async fn course_of(ctx: &Ctx, course_id: &str) -> Result<course::Model, Fail> {
    let c = course::Entity::find_by_id(course_id).one(&ctx.state.db).await.map_err(crosstalk_core::Error::from)?;
    c.ok_or(Fail::NotFound)
}

/// `GET /me/export`: the zip of everything I posted, streamed.
pub async fn export(ctx: Ctx) -> HttpResponse {
    let r = async {
        let s = ctx.signed_in()?;
        let mut res = ctx.state.export.member_zip(s.member().clone()).await.map_err(Fail::Unexpected)?;
        res.headers_mut().insert(header::REFERRER_POLICY, header::HeaderValue::from_static("same-origin"));
        Ok(res)
    }
    .await;
    ctx.page_or_fail(r)
}

async fn confirm(ctx: &Ctx, missing: bool) -> Result<HttpResponse, Fail> {
    let s = ctx.signed_in()?;
    let c = course_of(ctx, &s.member().course_id).await?;
    let tr = ctx.tr();
    let title = if missing { tr.t("erase-title-error") } else { tr.t("erase-title") };
    let t =
        ConfirmPage { c: Chrome::new(ctx, title, "/me/erase"), course_title: c.title, missing_confirmation: missing };
    let status = if missing { StatusCode::UNPROCESSABLE_ENTITY } else { StatusCode::OK };
    Ok(render(ctx, status, &t))
}

/// `GET /me/erase`: what deleting my account in this course does, and the form that does it.
pub async fn confirm_erase(ctx: Ctx) -> HttpResponse {
    let r = confirm(&ctx, false).await;
    ctx.page_or_fail(r)
}

async fn do_erase(ctx: &Ctx, f: EraseForm) -> Result<HttpResponse, Fail> {
    let s = ctx.check_csrf(f.csrf.as_deref())?;
    if f.confirm.as_deref() != Some("yes") {
        return confirm(ctx, true).await;
    }
    let m = s.member().clone();
    let c = course_of(ctx, &m.course_id).await?;
    let e = erasure::request(&ctx.state.db, &c, &m.external_id).await?;
    tracing::info!(erasure_id = %e.id, member_id = %m.id, "a learner asked to be erased");
    sessions::end_member(&ctx.state.db, &m.id).await?;
    let tr = ctx.tr();
    let t = StartedPage { c: Chrome::bare(ctx.lang, tr.t("erase-started-title")), course_title: c.title };
    let mut res = render(ctx, StatusCode::ACCEPTED, &t);
    let _ = res.add_cookie(&sess::removal(&ctx.state));
    Ok(res)
}

/// `POST /me/erase` (form: csrf, confirm=yes): starts the erasure and signs me out.
pub async fn erase(ctx: Ctx, body: actix_web::web::Bytes) -> HttpResponse {
    let r = do_erase(&ctx, super::form(&body)).await;
    ctx.page_or_fail(r)
}
