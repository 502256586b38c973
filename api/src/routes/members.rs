//! The roster of a course and member tokens.

use actix_web::{web, HttpResponse};
use crosstalk_core::access;
use crosstalk_core::members::{self, Member, MemberFilter, MemberToken, RosterResult, RosterUpsert, TokenRequest};
use crosstalk_core::pagination::Page;
use crosstalk_core::sessions::{self, LinkRequest, SignInLink};

use crate::error::{ApiResult, Problem};
use crate::extract::{optional_json, Caller};
use crate::state::AppState;

/// Creates or updates members by `external_id`, all or nothing; members not listed are kept.
#[utoipa::path(put, operation_id = "upsertRoster", path = "/v1/courses/{course_id}/members", tag = "roster", request_body = RosterUpsert,
    params(("course_id" = String, Path)), security(("bearer" = [])),
    responses((status = 200, body = RosterResult), (status = "4XX", body = Problem, content_type = "application/problem+json", description = "problem+json")))]
pub async fn upsert(
    state: web::Data<AppState>,
    Caller(p): Caller,
    path: web::Path<String>,
    body: web::Json<RosterUpsert>,
) -> ApiResult<HttpResponse> {
    let c = access::own_course(&state.db, &p, &path).await?;
    Ok(HttpResponse::Ok().json(members::upsert_roster(&state.db, &c.id, body.into_inner()).await?))
}

#[utoipa::path(get, operation_id = "listMembers", path = "/v1/courses/{course_id}/members", tag = "roster", params(("course_id" = String, Path), MemberFilter),
    security(("bearer" = [])),
    responses((status = 200, body = Page<Member>), (status = "4XX", body = Problem, content_type = "application/problem+json", description = "problem+json")))]
pub async fn list(
    state: web::Data<AppState>,
    Caller(p): Caller,
    path: web::Path<String>,
    q: web::Query<MemberFilter>,
) -> ApiResult<HttpResponse> {
    let c = access::own_course(&state.db, &p, &path).await?;
    Ok(HttpResponse::Ok().json(members::list(&state.db, &c.id, &q).await?))
}

/// Mints a short-lived token the team hands to its user's browser or app.
#[utoipa::path(post, operation_id = "mintMemberToken", path = "/v1/courses/{course_id}/members/{external_id}/tokens", tag = "roster",
    request_body(content = Option<TokenRequest>, description = "Optional; an empty body mints a 1 h token"),
    params(("course_id" = String, Path), ("external_id" = String, Path),
        ("Idempotency-Key" = Option<String>, Header, description = "Replays the first response for a retried request")),
    security(("bearer" = [])),
    responses((status = 201, body = MemberToken), (status = "4XX", body = Problem, content_type = "application/problem+json", description = "problem+json")))]
pub async fn mint_token(
    state: web::Data<AppState>,
    Caller(p): Caller,
    path: web::Path<(String, String)>,
    body: web::Bytes,
) -> ApiResult<HttpResponse> {
    let (course_id, external_id) = path.into_inner();
    let (c, m) = access::own_member(&state.db, &p, &course_id, &external_id).await?;
    let req: TokenRequest = optional_json(&body)?;
    Ok(HttpResponse::Created().json(members::mint(&state.key, &c, &m, &req)?))
}

/// Mints a single-use sign-in link: opening it in a browser starts a session on the learner pages.
#[utoipa::path(post, operation_id = "mintSignInLink", path = "/v1/courses/{course_id}/members/{external_id}/sign-in-links", tag = "roster",
    request_body(content = Option<LinkRequest>, description = "Optional; an empty body mints a link valid 7 days"),
    params(("course_id" = String, Path), ("external_id" = String, Path),
        ("Idempotency-Key" = Option<String>, Header, description = "Replays the first response for a retried request")),
    security(("bearer" = [])),
    responses((status = 201, body = SignInLink), (status = "4XX", body = Problem, content_type = "application/problem+json", description = "problem+json")))]
pub async fn mint_sign_in_link(
    state: web::Data<AppState>,
    Caller(p): Caller,
    path: web::Path<(String, String)>,
    body: web::Bytes,
) -> ApiResult<HttpResponse> {
    let (course_id, external_id) = path.into_inner();
    let (c, m) = access::own_member(&state.db, &p, &course_id, &external_id).await?;
    let req: LinkRequest = optional_json(&body)?;
    crate::limits::rate_sign_in_link(&state, &c.team_id, &m.id).await?;
    Ok(HttpResponse::Created().json(sessions::mint_link(&state.db, &state.public_url, &m, &req).await?))
}
