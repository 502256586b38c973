//! Deep Linking 2.0 pages: the prompt picker an instructor's `LtiDeepLinkingRequest` lands on,
//! and `POST /lti/deep-link`, which answers the platform with a form posting the signed
//! `LtiDeepLinkingResponse` in its `JWT` field (sent by a small asset script, or the button).

use actix_web::http::{header, StatusCode};
use actix_web::{web, HttpResponse};
use askama::Template;
use crosstalk_core::entities::{member, prompt};
use crosstalk_core::lti::deep_linking::{self, Request};
use crosstalk_core::lti::keys;
use crosstalk_core::sessions;
use sea_orm::{ColumnTrait as _, EntityTrait as _, QueryFilter as _, QueryOrder as _};

use crate::page::{csp, render, Chrome, Fail};
use crate::session::Ctx;
use crate::{assets, WebState};

#[derive(Template)]
#[template(path = "lti_deep_link.html")]
struct PickerPage {
    c: Chrome,
    csrf: String,
    request: String,
    prompts: Vec<(String, String)>,
}

#[derive(Template)]
#[template(path = "lti_deep_link_return.html")]
struct ReturnPage {
    c: Chrome,
    return_url: String,
    jwt: String,
    script: String,
}

async fn prompts_of(state: &WebState, course_id: &str) -> Result<Vec<prompt::Model>, Fail> {
    prompt::Entity::find()
        .filter(prompt::Column::CourseId.eq(course_id))
        .order_by_asc(prompt::Column::OpensAt)
        .order_by_asc(prompt::Column::Id)
        .all(&state.db)
        .await
        .map_err(|e| Fail::Unexpected(e.into()))
}

/// The picker, for the session `secret` just started for the instructor.
pub async fn picker(ctx: &Ctx, req: &Request, course_id: &str, secret: &str) -> Result<HttpResponse, Fail> {
    let prompts = prompts_of(&ctx.state, course_id).await?.into_iter().map(|p| (p.id, p.title)).collect();
    let t = PickerPage {
        c: Chrome::bare(ctx.lang, ctx.tr().t("lti-deep-link-title")),
        csrf: sessions::csrf_token(&ctx.state.key, secret),
        request: req.seal(&ctx.state.key),
        prompts,
    };
    Ok(render(ctx, StatusCode::OK, &t))
}

#[derive(serde::Deserialize, Default)]
struct PickForm {
    csrf: Option<String>,
    request: Option<String>,
    prompt_id: Option<String>,
}

/// `POST /lti/deep-link` (CSRF): the chosen prompt goes back to the platform. Without a session
/// (the browser dropped the cookie in the platform's frame) the sealed request stands for it: it
/// was made by the tool for this instructor's launch, expires within the hour and cannot be forged.
pub async fn pick(ctx: Ctx, body: web::Bytes) -> HttpResponse {
    let r = answer(&ctx, &body).await;
    ctx.page_or_fail(r)
}

async fn answer(ctx: &Ctx, body: &[u8]) -> Result<HttpResponse, Fail> {
    let form: PickForm = serde_urlencoded::from_bytes(body).unwrap_or_default();
    let sealed = form.request.as_deref().unwrap_or_default();
    let (m, req) = match &ctx.session {
        Some(_) => {
            let m = ctx.check_csrf(form.csrf.as_deref())?.member().clone();
            let req = Request::open(&ctx.state.key, sealed, &m.id);
            (m, req)
        }
        None => {
            let Some(req) = Request::open_any(&ctx.state.key, sealed) else { return Err(Fail::SignedOut) };
            let m = member::Entity::find_by_id(&req.member_id)
                .one(&ctx.state.db)
                .await
                .map_err(|e| Fail::Unexpected(e.into()))?
                .ok_or(Fail::SignedOut)?;
            (m, Some(req))
        }
    };
    if m.role != "facilitator" {
        return Ok(super::refusal::page(ctx, StatusCode::FORBIDDEN, "lti-deep-link-staff-only", "not_staff", None));
    }
    let Some(req) = req else {
        return Ok(super::refusal::page(ctx, StatusCode::BAD_REQUEST, "lti-launch-refused", "deep_link_expired", None));
    };
    let prompts = prompts_of(&ctx.state, &m.course_id).await?;
    let Some(p) = prompts.iter().find(|p| Some(&p.id) == form.prompt_id.as_ref()) else { return Err(Fail::NotFound) };
    let key = keys::current(&ctx.state.db, &ctx.state.key).await.map_err(Fail::Unexpected)?;
    let jwt = deep_linking::response(&key, &req, &ctx.state.public_url, &p.id, &p.title);
    let t = ReturnPage {
        c: Chrome::bare(ctx.lang, ctx.tr().t("lti-deep-link-return")),
        return_url: req.return_url.clone(),
        jwt,
        script: assets::url("lti-return.js"),
    };
    let mut res = render(ctx, StatusCode::OK, &t);
    // This one form posts to the platform: its origin joins `form-action`.
    if let Ok(u) = url::Url::parse(&req.return_url) {
        let origin = u.origin().ascii_serialization();
        let policy = csp(&ctx.state).replace("form-action 'self'", &format!("form-action 'self' {origin}"));
        if let Ok(v) = header::HeaderValue::from_str(&policy) {
            res.headers_mut().insert(header::CONTENT_SECURITY_POLICY, v);
        }
    }
    Ok(res)
}
