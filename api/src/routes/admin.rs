//! Dead and stuck jobs of the team's courses, and retrying them.

use actix_web::{web, HttpResponse};
use crosstalk_core::access;
use crosstalk_core::jobs::{self, JobFilter, JobView};
use crosstalk_core::pagination::Page;

use crate::error::{ApiResult, Problem};
use crate::extract::Caller;
use crate::state::AppState;

#[utoipa::path(get, operation_id = "listJobs", path = "/v1/admin/jobs", tag = "admin", params(JobFilter), security(("bearer" = [])),
    responses((status = 200, body = Page<JobView>), (status = "4XX", body = Problem, content_type = "application/problem+json", description = "problem+json")))]
pub async fn list(state: web::Data<AppState>, Caller(p): Caller, q: web::Query<JobFilter>) -> ApiResult<HttpResponse> {
    let team = access::team_only(&p)?;
    Ok(HttpResponse::Ok().json(jobs::list(&state.db, team, &q).await?))
}

/// Puts a dead job back in the queue with fresh attempts (its video goes back to `queued`).
#[utoipa::path(post, operation_id = "retryJob", path = "/v1/admin/jobs/{job_id}/retry", tag = "admin", params(("job_id" = String, Path)),
    security(("bearer" = [])),
    responses((status = 200, body = JobView), (status = "4XX", body = Problem, content_type = "application/problem+json", description = "problem+json")))]
pub async fn retry(state: web::Data<AppState>, Caller(p): Caller, path: web::Path<String>) -> ApiResult<HttpResponse> {
    let team = access::team_only(&p)?;
    let j = jobs::retry(&state.db, team, &path).await?;
    if let Some(video_id) = j.payload.get("video_id").and_then(|v| v.as_str()) {
        crosstalk_core::posts::requeue(&state.db, video_id).await?;
    }
    Ok(HttpResponse::Ok().json(j))
}
