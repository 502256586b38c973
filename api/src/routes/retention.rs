//! `GET/PUT /v1/courses/{course_id}/retention`: how long a course keeps originals and, after it
//! ends, anything at all (team).

use actix_web::{web, HttpResponse};
use crosstalk_core::access;
use crosstalk_core::retention::{self, Policy};

use crate::error::{ApiResult, Problem};
use crate::extract::Caller;
use crate::state::AppState;

/// The course's retention settings (defaults: originals 30 days, no purge).
#[utoipa::path(get, operation_id = "getRetention", path = "/v1/courses/{course_id}/retention", tag = "courses", params(("course_id" = String, Path)),
    security(("bearer" = [])),
    responses((status = 200, body = Policy), (status = "4XX", body = Problem, content_type = "application/problem+json", description = "problem+json")))]
pub async fn get(state: web::Data<AppState>, Caller(p): Caller, path: web::Path<String>) -> ApiResult<HttpResponse> {
    let c = access::own_course(&state.db, &p, &path).await?;
    Ok(HttpResponse::Ok().json(retention::get(&state.db, &c.id).await?))
}

/// Sets the course's retention: originals deleted `originals_days` after their video is ready;
/// everything purged `purge_after_days` after the course's `ends_at` (null: never).
#[utoipa::path(put, operation_id = "setRetention", path = "/v1/courses/{course_id}/retention", tag = "courses", params(("course_id" = String, Path)),
    request_body = Policy, security(("bearer" = [])),
    responses((status = 200, body = Policy), (status = "4XX", body = Problem, content_type = "application/problem+json", description = "problem+json")))]
pub async fn put(
    state: web::Data<AppState>,
    Caller(p): Caller,
    path: web::Path<String>,
    body: web::Json<Policy>,
) -> ApiResult<HttpResponse> {
    let c = access::own_course(&state.db, &p, &path).await?;
    Ok(HttpResponse::Ok().json(retention::set(&state.db, &c, body.into_inner()).await?))
}
