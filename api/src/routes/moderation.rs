//! Flags, facilitator decisions, the moderation queue, mutes, the audit log and participation.

use actix_web::{web, HttpResponse};
use chrono::{DateTime, Utc};
use crosstalk_core::members;
use crosstalk_core::moderation::{self, AuditView, Decision, FlagView, MuteRequest, NewFlag, QueueFilter};
use crosstalk_core::pagination::{Page, PageParams};
use crosstalk_core::participation::{self, Participation};
use crosstalk_core::visibility::{Sight, Viewer};
use serde::{Deserialize, Serialize};
use utoipa::IntoParams;

use crate::error::{ApiResult, Problem};
use crate::extract::Caller;
use crate::routes::posts::{view, Lens, PostView};
use crate::state::AppState;

#[utoipa::path(post, operation_id = "flagPost", path = "/v1/posts/{post_id}/flags", tag = "moderation", request_body = NewFlag,
    params(("post_id" = String, Path), ("Idempotency-Key" = Option<String>, Header, description = "Replays the first response for a retried request")),
    security(("bearer" = [])),
    responses((status = 201, body = FlagView), (status = "4XX", body = Problem, content_type = "application/problem+json", description = "problem+json")))]
pub async fn flag(
    state: web::Data<AppState>,
    Caller(p): Caller,
    path: web::Path<String>,
    body: web::Json<NewFlag>,
) -> ApiResult<HttpResponse> {
    crosstalk_core::access::member_only(&p)?;
    crate::limits::rate(&state, crate::limits::Action::Flag, &p).await?;
    Ok(HttpResponse::Created().json(moderation::flag(&state.db, &p, &path, body.into_inner()).await?))
}

/// A decision with its statement of reasons: approve, hide, remove or restore.
#[utoipa::path(post, operation_id = "moderatePost", path = "/v1/posts/{post_id}/moderation", tag = "moderation", request_body = Decision,
    params(("post_id" = String, Path)), security(("bearer" = [])),
    responses((status = 200, body = PostView), (status = "4XX", body = Problem, content_type = "application/problem+json", description = "409 invalid_transition; 403 facilitator_only")))]
pub async fn decide(
    state: web::Data<AppState>,
    Caller(p): Caller,
    path: web::Path<String>,
    body: web::Json<Decision>,
) -> ApiResult<HttpResponse> {
    let updated = moderation::decide(&state.db, &p, &path, body.into_inner()).await?;
    let viewer = Viewer::of(&p);
    let loaded = crosstalk_core::posts::load(&state.db, updated).await?;
    Ok(HttpResponse::Ok().json(view(&state, loaded, Lens { viewer: &viewer, sight: Sight::Full }).await?))
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct ReasonCount {
    pub reason: String,
    pub count: i64,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct QueueEntry {
    pub post: PostView,
    /// Seconds since the post started waiting.
    pub age_seconds: i64,
    pub queued_at: Option<DateTime<Utc>>,
    /// Open flags by reason.
    pub reasons: Vec<ReasonCount>,
    pub flag_count: i64,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct QueuePage {
    pub items: Vec<QueueEntry>,
    pub next_cursor: Option<String>,
}

/// Pending and flagged posts of the caller's cohorts (team: all), oldest first.
#[utoipa::path(get, operation_id = "getModerationQueue", path = "/v1/courses/{course_id}/moderation/queue", tag = "moderation",
    params(("course_id" = String, Path), QueueFilter), security(("bearer" = [])),
    responses((status = 200, body = QueuePage), (status = "4XX", body = Problem, content_type = "application/problem+json", description = "problem+json")))]
pub async fn queue(
    state: web::Data<AppState>,
    Caller(p): Caller,
    path: web::Path<String>,
    q: web::Query<QueueFilter>,
) -> ApiResult<HttpResponse> {
    let course = crosstalk_core::access::caller_course(&state.listing_db, &p, &path).await?;
    let viewer = Viewer::of(&p);
    let (items, next_cursor) = moderation::queue(&state.listing_db, &viewer, &course, &q).await?;
    let mut out = Vec::with_capacity(items.len());
    for it in items {
        let queued_at = it.post.post.queued_at;
        let flag_count = it.reasons.iter().map(|(_, n)| n).sum();
        out.push(QueueEntry {
            post: view(&state, it.post, Lens { viewer: &viewer, sight: Sight::Full }).await?,
            age_seconds: it.age_seconds,
            queued_at,
            reasons: it.reasons.into_iter().map(|(reason, count)| ReasonCount { reason, count }).collect(),
            flag_count,
        });
    }
    Ok(HttpResponse::Ok().json(QueuePage { items: out, next_cursor }))
}

/// Every decision, flag and mute, oldest first; append-only.
#[utoipa::path(get, operation_id = "listAuditLog", path = "/v1/courses/{course_id}/audit", tag = "moderation", params(("course_id" = String, Path), PageParams),
    security(("bearer" = [])),
    responses((status = 200, body = Page<AuditView>), (status = "4XX", body = Problem, content_type = "application/problem+json", description = "problem+json")))]
pub async fn audit(
    state: web::Data<AppState>,
    Caller(p): Caller,
    path: web::Path<String>,
    q: web::Query<PageParams>,
) -> ApiResult<HttpResponse> {
    let course = crosstalk_core::access::caller_course(&state.db, &p, &path).await?;
    let viewer = Viewer::of(&p);
    Ok(HttpResponse::Ok().json(moderation::audit_log(&state.db, &viewer, &course, &q).await?))
}

#[utoipa::path(get, operation_id = "getParticipation", path = "/v1/courses/{course_id}/participation", tag = "moderation", params(("course_id" = String, Path)),
    security(("bearer" = [])),
    responses((status = 200, body = Participation), (status = "4XX", body = Problem, content_type = "application/problem+json", description = "problem+json")))]
pub async fn participation(
    state: web::Data<AppState>,
    Caller(p): Caller,
    path: web::Path<String>,
) -> ApiResult<HttpResponse> {
    let course = crosstalk_core::access::caller_course(&state.db, &p, &path).await?;
    let viewer = Viewer::of(&p);
    Ok(HttpResponse::Ok().json(participation::report(&state.db, &viewer, &course).await?))
}

/// Mutes a learner in the course: they can no longer post, reply or flag.
#[utoipa::path(put, operation_id = "muteMember", path = "/v1/courses/{course_id}/members/{external_id}/mute", tag = "moderation", request_body = MuteRequest,
    params(("course_id" = String, Path), ("external_id" = String, Path)), security(("bearer" = [])),
    responses((status = 204, description = "Muted"), (status = "4XX", body = Problem, content_type = "application/problem+json", description = "problem+json")))]
pub async fn mute(
    state: web::Data<AppState>,
    Caller(p): Caller,
    path: web::Path<(String, String)>,
    body: web::Json<MuteRequest>,
) -> ApiResult<HttpResponse> {
    let (course_id, ext) = path.into_inner();
    let course = crosstalk_core::access::caller_course(&state.db, &p, &course_id).await?;
    let target = members::by_external_id(&state.db, &course.id, &ext).await?;
    moderation::mute(&state.db, &p, &course, &target, &body.reason).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// `?reason=`: why the learner may post again, kept in the audit log (default "unmuted").
#[derive(Debug, Deserialize, IntoParams)]
pub struct UnmuteQuery {
    pub reason: Option<String>,
}

#[utoipa::path(delete, operation_id = "unmuteMember", path = "/v1/courses/{course_id}/members/{external_id}/mute", tag = "moderation",
    params(("course_id" = String, Path), ("external_id" = String, Path), UnmuteQuery), security(("bearer" = [])),
    responses((status = 204, description = "Unmuted"), (status = "4XX", body = Problem, content_type = "application/problem+json", description = "problem+json")))]
pub async fn unmute(
    state: web::Data<AppState>,
    Caller(p): Caller,
    path: web::Path<(String, String)>,
    query: web::Query<UnmuteQuery>,
) -> ApiResult<HttpResponse> {
    let (course_id, ext) = path.into_inner();
    let course = crosstalk_core::access::caller_course(&state.db, &p, &course_id).await?;
    let target = members::by_external_id(&state.db, &course.id, &ext).await?;
    moderation::unmute(&state.db, &p, &course, &target, query.reason.as_deref()).await?;
    Ok(HttpResponse::NoContent().finish())
}
