//! Muting and unmuting a learner of one's cohorts from the console (forms with CSRF, 303 back).
//! A learner outside the facilitator's cohorts is 404, like every console action.

use actix_web::{web, HttpResponse};
use crosstalk_core::entities::{cohort_member, member};
use crosstalk_core::moderation;
use sea_orm::{ColumnTrait as _, EntityTrait as _, QueryFilter as _};

use super::decide::back_to;
use super::{facilitator, Console};
use crate::page::{see_other, Fail};
use crate::session::Ctx;

#[derive(serde::Deserialize, Default)]
pub struct MuteForm {
    pub csrf: Option<String>,
    pub reason: Option<String>,
    pub back: Option<String>,
}

/// The learner `member_id` of one of the facilitator's cohorts, or 404.
async fn learner(ctx: &Ctx, con: &Console<'_>, member_id: &str) -> Result<member::Model, Fail> {
    let e = |e: sea_orm::DbErr| Fail::from(crosstalk_core::Error::from(e));
    let ids: Vec<String> = con.cohorts.iter().map(|c| c.id.clone()).collect();
    let link = cohort_member::Entity::find()
        .filter(cohort_member::Column::MemberId.eq(member_id))
        .filter(cohort_member::Column::CohortId.is_in(ids))
        .one(&ctx.state.db)
        .await
        .map_err(e)?;
    let m = match link {
        Some(_) => member::Entity::find_by_id(member_id).one(&ctx.state.db).await.map_err(e)?,
        None => None,
    };
    m.filter(|m| m.course_id == con.course.id && m.role == "learner").ok_or(Fail::NotFound)
}

async fn apply(ctx: &Ctx, course_id: &str, member_id: &str, f: MuteForm, mute: bool) -> Result<HttpResponse, Fail> {
    let con = facilitator(ctx, course_id).await?;
    ctx.check_csrf(f.csrf.as_deref())?;
    let target = learner(ctx, &con, member_id).await?;
    let by = &con.session.principal;
    if mute {
        moderation::mute(&ctx.state.db, by, &con.course, &target, f.reason.as_deref().unwrap_or_default()).await?;
    } else {
        moderation::unmute(&ctx.state.db, by, &con.course, &target, f.reason.as_deref()).await?;
    }
    let back = back_to(f.back.as_deref(), format!("{}/queue", con.base()));
    let sep = if back.contains('?') { '&' } else { '?' };
    let notice = if mute { "muted" } else { "unmuted" };
    Ok(see_other(&ctx.state, &format!("{back}{sep}notice={notice}")))
}

/// `POST /console/courses/{course_id}/members/{member_id}/mute` (form: csrf, reason, back).
pub async fn mute(ctx: Ctx, path: web::Path<(String, String)>, body: web::Bytes) -> HttpResponse {
    let r = apply(&ctx, &path.0, &path.1, crate::pages::form(&body), true).await;
    ctx.page_or_fail(r)
}

/// `POST /console/courses/{course_id}/members/{member_id}/unmute` (form: csrf, reason, back).
pub async fn unmute(ctx: Ctx, path: web::Path<(String, String)>, body: web::Bytes) -> HttpResponse {
    let r = apply(&ctx, &path.0, &path.1, crate::pages::form(&body), false).await;
    ctx.page_or_fail(r)
}
