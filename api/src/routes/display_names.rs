//! `GET/PUT /v1/courses/{course_id}/display-names`: whether a course's learners may appear to
//! each other under a pseudonym they choose (team). Learners choose it on their pages; listings
//! a learner reads (`GET /v1/prompts/{prompt_id}/posts`, `GET /v1/posts/{post_id}`) then name
//! other learners by it, while facilitators and the team keep seeing roster names.

use actix_web::{web, HttpResponse};
use crosstalk_core::access;
use crosstalk_core::pseudonyms::{self, Setting};

use crate::error::{ApiResult, Problem};
use crate::extract::Caller;
use crate::state::AppState;

/// The course's display-name setting (default: roster names for everyone).
#[utoipa::path(get, operation_id = "getDisplayNames", path = "/v1/courses/{course_id}/display-names", tag = "courses", params(("course_id" = String, Path)),
    security(("bearer" = [])),
    responses((status = 200, body = Setting), (status = "4XX", body = Problem, content_type = "application/problem+json", description = "problem+json")))]
pub async fn get(state: web::Data<AppState>, Caller(p): Caller, path: web::Path<String>) -> ApiResult<HttpResponse> {
    let c = access::own_course(&state.db, &p, &path).await?;
    Ok(HttpResponse::Ok().json(pseudonyms::setting(&state.db, &c.id).await?))
}

/// Lets the course's learners choose a pseudonym other learners see (`learner_pseudonyms`).
/// Turning it off shows roster names again; chosen pseudonyms are kept for when it is back on.
#[utoipa::path(put, operation_id = "setDisplayNames", path = "/v1/courses/{course_id}/display-names", tag = "courses", params(("course_id" = String, Path)),
    request_body = Setting, security(("bearer" = [])),
    responses((status = 200, body = Setting), (status = "4XX", body = Problem, content_type = "application/problem+json", description = "problem+json")))]
pub async fn put(
    state: web::Data<AppState>,
    Caller(p): Caller,
    path: web::Path<String>,
    body: web::Json<Setting>,
) -> ApiResult<HttpResponse> {
    let c = access::own_course(&state.db, &p, &path).await?;
    Ok(HttpResponse::Ok().json(pseudonyms::set_setting(&state.db, &c, body.into_inner()).await?))
}
