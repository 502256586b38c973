//! A decision on a queued post: approve, hide, remove or restore, with the statement of reasons
//! the author sees. A plain form POST comes back (303) to the queue; `console.js` sends the same
//! form with `X-CSRF-Token` and gets JSON, so the queue moves on without a reload. When another
//! facilitator decided first, core's `already_decided` message (who, what, when) is shown inside
//! a sentence of the page's language, and nothing is applied.

use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use crosstalk_core::entities::post::PostState;
use crosstalk_core::moderation::{self, Action, Decision};
use crosstalk_core::Error;

use super::facilitator;
use super::queue::statement;
use crate::page::{render, secured, see_other, Chrome, Fail, MessagePage};
use crate::session::{Ctx, CSRF_HEADER};

#[derive(serde::Deserialize, Default)]
pub struct DecisionForm {
    pub csrf: Option<String>,
    pub action: Option<String>,
    /// The reason picked (flag taxonomy or `other`); fills an empty statement.
    pub reason_code: Option<String>,
    pub statement: Option<String>,
    pub back: Option<String>,
    /// The post's state when the page showed it: a refusal on a post that changed since then is
    /// reported as someone else's decision.
    pub seen: Option<String>,
}

fn action(s: Option<&str>) -> Result<Action, Fail> {
    serde_json::from_value(serde_json::Value::String(s.unwrap_or_default().to_owned()))
        .map_err(|_| Fail::Domain(Error::invalid("invalid_action", "pick approve, hide, remove or restore")))
}

/// A local queue path to come back to, never another site.
pub fn back_to(back: Option<&str>, fallback: String) -> String {
    match back {
        Some(b) if b.starts_with("/console/") && !b.contains("//") && !b.contains('\\') && b.len() < 500 => {
            b.to_owned()
        }
        _ => fallback,
    }
}

/// What went wrong, in words of the page's language; `already_decided` keeps core's account.
fn refusal(ctx: &Ctx, f: &Fail) -> Option<String> {
    match f {
        Fail::Domain(Error::Conflict { code: "already_decided", detail }) => {
            Some(ctx.tr().t1("console-already-decided", "detail", detail.to_string()))
        }
        _ => None,
    }
}

async fn apply(
    ctx: &Ctx,
    course_id: &str,
    post_id: &str,
    f: &DecisionForm,
    header: Option<&str>,
) -> Result<String, Fail> {
    let con = facilitator(ctx, course_id).await?;
    ctx.check_csrf(header.or(f.csrf.as_deref()))?;
    let found = crosstalk_core::posts::find(&ctx.state.db, post_id).await?;
    if found.course_id != con.course.id {
        return Err(Fail::NotFound);
    }
    let action = action(f.action.as_deref())?;
    let reason_code = f.reason_code.as_deref().filter(|r| super::queue::REASONS.contains(r)).unwrap_or("other");
    let text = match f.statement.as_deref().map(str::trim) {
        Some(s) if !s.is_empty() => s.to_owned(),
        _ => statement(ctx.tr(), reason_code),
    };
    let seen: Option<PostState> = f.seen.as_deref().and_then(|s| serde_json::from_value(s.into()).ok());
    let d = Decision { action, reason: text };
    let p = moderation::decide_seen(&ctx.state.db, &con.session.principal, post_id, d, seen).await?;
    Ok(p.state.as_str().to_owned())
}

/// `POST /console/courses/{course_id}/posts/{post_id}/decision`
/// (form: csrf, action, reason_code, statement, back).
pub async fn decide(ctx: Ctx, path: web::Path<(String, String)>, req: HttpRequest, body: web::Bytes) -> HttpResponse {
    let (course_id, post_id) = path.into_inner();
    let f: DecisionForm = crate::pages::form(&body);
    let header = req.headers().get(CSRF_HEADER).and_then(|v| v.to_str().ok());
    let r = apply(&ctx, &course_id, &post_id, &f, header).await;
    let fallback = format!("/console/courses/{course_id}/queue");
    match (r, header.is_some()) {
        (Ok(state), true) => secured(StatusCode::OK, &ctx.state).json(serde_json::json!({
            "id": post_id, "state": state, "notice": ctx.tr().t("console-notice-decided"),
        })),
        (Ok(_), false) => {
            let back = back_to(f.back.as_deref(), fallback);
            let sep = if back.contains('?') { '&' } else { '?' };
            see_other(&ctx.state, &format!("{back}{sep}notice=decided"))
        }
        (Err(fail), json) => match refusal(&ctx, &fail) {
            Some(text) if json => secured(StatusCode::CONFLICT, &ctx.state)
                .content_type("application/problem+json")
                .json(serde_json::json!({
                    "type": "about:blank", "status": 409, "code": "already_decided",
                    "title": ctx.tr().t("console-already-decided-title"), "detail": text,
                })),
            Some(text) => {
                let heading = ctx.tr().t("console-already-decided-title");
                let c = Chrome::new(&ctx, heading.clone(), &fallback);
                let t = MessagePage { c, heading, text, course_link: None };
                render(&ctx, StatusCode::CONFLICT, &t)
            }
            None if json => fail.problem(ctx.lang, &ctx.state),
            None => fail.page(ctx.lang, &ctx.state),
        },
    }
}
