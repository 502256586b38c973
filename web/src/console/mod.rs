//! The facilitator console: pages of the same app as the learner pages (same session, catalog,
//! assets and CSP) under `/console/courses/{course_id}/...`. Every page and action first resolves
//! the signed-in facilitator of that course ([`facilitator`]); anyone else, and any cohort that is
//! not theirs, gets 404, as the API answers for things a caller may not see.

use actix_web::web;
use crosstalk_core::entities::{cohort, course};
use crosstalk_core::visibility::Viewer;
use sea_orm::{ColumnTrait as _, EntityTrait as _, QueryFilter as _, QueryOrder as _};

use crate::page::Fail;
use crate::session::{Ctx, Session};

pub mod audit;
pub mod decide;
pub mod mutes;
pub mod nudges;
pub mod overview;
pub mod queue;

/// Mounts the console's pages and actions.
pub fn configure(cfg: &mut web::ServiceConfig) {
    use web::{get, post, resource};
    cfg.service(resource("/console/courses/{course_id}").route(get().to(overview::page)))
        .service(resource("/console/courses/{course_id}/queue").route(get().to(queue::page)))
        .service(resource("/console/courses/{course_id}/posts/{post_id}/decision").route(post().to(decide::decide)))
        .service(
            resource("/console/courses/{course_id}/prompts/{prompt_id}/nudges")
                .route(get().to(nudges::page))
                .route(post().to(nudges::nudge)),
        )
        .service(resource("/console/courses/{course_id}/members/{member_id}/mute").route(post().to(mutes::mute)))
        .service(resource("/console/courses/{course_id}/members/{member_id}/unmute").route(post().to(mutes::unmute)))
        .service(resource("/console/courses/{course_id}/audit").route(get().to(audit::page)));
}

/// The signed-in facilitator of `course_id`, what they see of it and its cohorts they facilitate
/// (by name). 404 for a learner, another course's member, or no session's course.
pub struct Console<'a> {
    pub session: &'a Session,
    pub viewer: Viewer,
    pub course: course::Model,
    pub cohorts: Vec<cohort::Model>,
}

impl Console<'_> {
    /// 404 unless `cohort_id` is one of the facilitator's cohorts.
    pub fn cohort(&self, cohort_id: &str) -> Result<&cohort::Model, Fail> {
        self.cohorts.iter().find(|c| c.id == cohort_id).ok_or(Fail::NotFound)
    }

    pub fn base(&self) -> String {
        format!("/console/courses/{}", self.course.id)
    }
}

pub async fn facilitator<'a>(ctx: &'a Ctx, course_id: &str) -> Result<Console<'a>, Fail> {
    let session = ctx.signed_in()?;
    let m = session.member();
    if m.role != "facilitator" || m.course_id != course_id {
        return Err(Fail::NotFound);
    }
    let db = &ctx.state.db;
    let course = course::Entity::find_by_id(course_id).one(db).await.map_err(crosstalk_core::Error::from)?;
    let course = course.ok_or(Fail::NotFound)?;
    let viewer = Viewer::of(&session.principal);
    let mine: Vec<String> = match &viewer {
        Viewer::Facilitator { cohorts, .. } => cohorts.clone(),
        _ => return Err(Fail::NotFound),
    };
    let cohorts = cohort::Entity::find()
        .filter(cohort::Column::CourseId.eq(course_id))
        .filter(cohort::Column::Id.is_in(mine))
        .order_by_asc(cohort::Column::Name)
        .all(db)
        .await
        .map_err(crosstalk_core::Error::from)?;
    Ok(Console { session, viewer, course, cohorts })
}

/// An optional query value: absent or empty is `None`.
pub fn some(v: &Option<String>) -> Option<&str> {
    v.as_deref().filter(|s| !s.is_empty())
}
