//! The name other learners see: in a course that uses pseudonyms, a learner chooses one (or goes
//! back to their roster name). Facilitators and the course team always see the roster name.

use actix_web::http::StatusCode;
use actix_web::HttpResponse;
use askama::Template;
use crosstalk_core::pseudonyms;

use crate::page::{render, see_other, Chrome, Fail};
use crate::session::Ctx;

#[derive(Template)]
#[template(path = "name.html")]
pub struct NamePage {
    pub c: Chrome,
    pub roster_name: String,
    pub current: Option<String>,
    /// What was typed, when it was refused.
    pub value: String,
    /// The refusal in words.
    pub error: Option<String>,
    pub max_chars: usize,
}

#[derive(serde::Deserialize, Default)]
pub struct NameForm {
    pub csrf: Option<String>,
    pub name: Option<String>,
    /// `remove`: back to the roster name.
    pub action: Option<String>,
}

async fn show(ctx: &Ctx, value: Option<String>, error: Option<String>) -> Result<HttpResponse, Fail> {
    let s = ctx.signed_in()?;
    let m = s.member();
    if m.role != "learner" || !pseudonyms::setting(&ctx.state.db, &m.course_id).await?.learner_pseudonyms {
        return Err(Fail::NotFound);
    }
    let current = pseudonyms::of_member(&ctx.state.db, &m.id).await?;
    let tr = ctx.tr();
    let title = if error.is_some() { tr.t("name-title-error") } else { tr.t("name-title") };
    let status = if error.is_some() { StatusCode::UNPROCESSABLE_ENTITY } else { StatusCode::OK };
    let t = NamePage {
        c: Chrome::new(ctx, title, "/me/name"),
        roster_name: m.display_name.clone(),
        value: value.or_else(|| current.clone()).unwrap_or_default(),
        current,
        error,
        max_chars: pseudonyms::MAX_CHARS,
    };
    Ok(render(ctx, status, &t))
}

/// `GET /me/name`.
pub async fn page(ctx: Ctx) -> HttpResponse {
    let r = show(&ctx, None, None).await;
    ctx.page_or_fail(r)
}

async fn do_save(ctx: &Ctx, f: NameForm) -> Result<HttpResponse, Fail> {
    let s = ctx.check_csrf(f.csrf.as_deref())?;
    let name = if f.action.as_deref() == Some("remove") { None } else { f.name.clone() };
    match pseudonyms::choose(&ctx.state.db, s.member(), name.as_deref()).await {
        Ok(_) => Ok(see_other(&ctx.state, "/me/name?notice=name-saved")),
        Err(e) if matches!(e.code(), "invalid_pseudonym" | "pseudonym_taken") => {
            let words = ctx.tr().t(&format!("error-{}", e.code()));
            show(ctx, f.name, Some(words)).await
        }
        Err(e) => Err(e.into()),
    }
}

/// `POST /me/name` (form: csrf, name, action).
pub async fn save(ctx: Ctx, body: actix_web::web::Bytes) -> HttpResponse {
    let r = do_save(&ctx, super::form(&body)).await;
    ctx.page_or_fail(r)
}
