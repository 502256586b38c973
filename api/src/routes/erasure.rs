//! Erasure of a member (team): `DELETE /v1/courses/{course_id}/members/{external_id}` starts a
//! job that deletes their media and personal data; its report is at `.../erasures/{erasure_id}`.

use actix_web::http::header;
use actix_web::{web, HttpResponse};
use crosstalk_core::access;
use crosstalk_core::erasure::{self, ErasureView};

use crate::error::{ApiResult, Problem};
use crate::extract::Caller;
use crate::state::AppState;

/// Erases a member: every video, original upload, poster, caption and course export of theirs
/// leaves the store; their posts become tombstones; name, email, country and languages are
/// replaced by a pseudonym in the database files; mail to them is cancelled. Idempotent: erasing
/// again returns the same erasure.
#[utoipa::path(delete, operation_id = "eraseMember", path = "/v1/courses/{course_id}/members/{external_id}", tag = "roster",
    params(("course_id" = String, Path), ("external_id" = String, Path)), security(("bearer" = [])),
    responses((status = 202, body = ErasureView), (status = "4XX", body = Problem, content_type = "application/problem+json", description = "problem+json")))]
pub async fn erase(
    state: web::Data<AppState>,
    Caller(p): Caller,
    path: web::Path<(String, String)>,
) -> ApiResult<HttpResponse> {
    let (course_id, external_id) = path.into_inner();
    let c = access::own_course(&state.db, &p, &course_id).await?;
    let e = erasure::request(&state.db, &c, &external_id).await?;
    Ok(HttpResponse::Accepted()
        .insert_header((header::LOCATION, format!("{}/v1/courses/{}/erasures/{}", state.public_url, c.id, e.id)))
        .json(ErasureView::from(e)))
}

/// An erasure and its report: what was deleted, and when it finished.
#[utoipa::path(get, operation_id = "getErasure", path = "/v1/courses/{course_id}/erasures/{erasure_id}", tag = "roster",
    params(("course_id" = String, Path), ("erasure_id" = String, Path)), security(("bearer" = [])),
    responses((status = 200, body = ErasureView), (status = "4XX", body = Problem, content_type = "application/problem+json", description = "problem+json")))]
pub async fn get(
    state: web::Data<AppState>,
    Caller(p): Caller,
    path: web::Path<(String, String)>,
) -> ApiResult<HttpResponse> {
    let (course_id, erasure_id) = path.into_inner();
    let c = access::own_course(&state.db, &p, &course_id).await?;
    Ok(HttpResponse::Ok().json(ErasureView::from(erasure::find(&state.db, &c, &erasure_id).await?)))
}
