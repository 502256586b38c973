//! Plain HTML form actions on a post (CSRF-checked): flag it with a reason, delete my own.
//! Both come back (303) to the page they were sent from.

use actix_web::{web, HttpResponse};
use crosstalk_core::moderation::{self, FlagReason, NewFlag};
use crosstalk_core::Error;

use crate::page::{see_other, Fail};
use crate::session::Ctx;

#[derive(serde::Deserialize, Default)]
pub struct FlagForm {
    pub csrf: Option<String>,
    pub reason: Option<String>,
    pub note: Option<String>,
    pub back: Option<String>,
}

#[derive(serde::Deserialize, Default)]
pub struct DeleteForm {
    pub csrf: Option<String>,
    pub back: Option<String>,
}

/// A local path to come back to, never another site (`//host`, `/\host`).
fn back_to(back: Option<&str>, fallback: String) -> String {
    match back {
        Some(b) if b.starts_with('/') && !b.starts_with("//") && !b.starts_with("/\\") && b.len() < 500 => b.to_owned(),
        _ => fallback,
    }
}

fn reason(s: Option<&str>) -> Result<FlagReason, Fail> {
    serde_json::from_value(serde_json::Value::String(s.unwrap_or_default().to_owned()))
        .map_err(|_| Fail::Domain(Error::invalid("invalid_reason", "pick a reason")))
}

async fn do_flag(ctx: &Ctx, post_id: &str, f: FlagForm) -> Result<HttpResponse, Fail> {
    let s = ctx.check_csrf(f.csrf.as_deref())?;
    let note = f.note.filter(|n| !n.trim().is_empty());
    let flag = NewFlag { reason: reason(f.reason.as_deref())?, note };
    ctx.rate("flag", s).await?;
    moderation::flag(&ctx.state.db, &s.principal, post_id, flag).await?;
    let back = back_to(f.back.as_deref(), format!("/threads/{post_id}"));
    Ok(see_other(&ctx.state, &with_notice(&back, "flagged")))
}

async fn do_delete(ctx: &Ctx, post_id: &str, f: DeleteForm) -> Result<HttpResponse, Fail> {
    let s = ctx.check_csrf(f.csrf.as_deref())?;
    moderation::delete_own(&ctx.state.db, &s.principal, post_id).await?;
    let fallback = format!("/me/posts?course={}", s.member().course_id);
    Ok(see_other(&ctx.state, &with_notice(&back_to(f.back.as_deref(), fallback), "deleted")))
}

/// Adds `notice=` so the page says what happened.
fn with_notice(path: &str, notice: &str) -> String {
    let (path, frag) = path.split_once('#').map_or((path, None), |(p, f)| (p, Some(f)));
    let sep = if path.contains('?') { '&' } else { '?' };
    match frag {
        Some(f) => format!("{path}{sep}notice={notice}#{f}"),
        None => format!("{path}{sep}notice={notice}"),
    }
}

/// `POST /posts/{post_id}/flag` (form: csrf, reason, note, back).
pub async fn flag(ctx: Ctx, path: web::Path<String>, body: web::Bytes) -> HttpResponse {
    let r = do_flag(&ctx, &path, super::form(&body)).await;
    ctx.page_or_fail(r)
}

/// `POST /posts/{post_id}/delete` (form: csrf, back).
pub async fn delete(ctx: Ctx, path: web::Path<String>, body: web::Bytes) -> HttpResponse {
    let r = do_delete(&ctx, &path, super::form(&body)).await;
    ctx.page_or_fail(r)
}

#[cfg(test)]
mod tests {
    #[test]
    fn comes_back_only_to_local_paths() {
        let f = || "/fallback".to_owned();
        assert_eq!(super::back_to(Some("/threads/x"), f()), "/threads/x");
        assert_eq!(super::back_to(Some("//evil.example"), f()), "/fallback");
        assert_eq!(super::back_to(Some("https://evil.example"), f()), "/fallback");
        assert_eq!(super::back_to(Some("/\\evil.example"), f()), "/fallback");
        assert_eq!(super::with_notice("/a?x=1#p", "flagged"), "/a?x=1&notice=flagged#p");
    }
}
