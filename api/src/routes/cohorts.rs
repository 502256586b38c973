//! Cohorts made by hand (generated cohorts come with the exchange issue).

use actix_web::{web, HttpResponse};
use crosstalk_core::cohorts::{
    self, Cohort, CohortMembersPut, CohortWithMembers, GenerateCohorts, GeneratedCohorts, NewCohort,
};
use crosstalk_core::pagination::{Page, PageParams};
use crosstalk_core::{access, Error};

use crate::error::{ApiResult, Problem};
use crate::extract::Caller;
use crate::state::AppState;

#[utoipa::path(post, operation_id = "createCohort", path = "/v1/courses/{course_id}/cohorts", tag = "cohorts", request_body = NewCohort,
    params(("course_id" = String, Path), ("Idempotency-Key" = Option<String>, Header, description = "Replays the first response for a retried request")),
    security(("bearer" = [])),
    responses((status = 201, body = Cohort), (status = "4XX", body = Problem, content_type = "application/problem+json", description = "problem+json")))]
pub async fn create(
    state: web::Data<AppState>,
    Caller(p): Caller,
    path: web::Path<String>,
    body: web::Json<NewCohort>,
) -> ApiResult<HttpResponse> {
    let c = access::own_course(&state.db, &p, &path).await?;
    Ok(HttpResponse::Created().json(cohorts::create(&state.db, &c.id, body.into_inner()).await?))
}

#[utoipa::path(get, operation_id = "listCohorts", path = "/v1/courses/{course_id}/cohorts", tag = "cohorts", params(("course_id" = String, Path), PageParams),
    security(("bearer" = [])),
    responses((status = 200, body = Page<Cohort>), (status = "4XX", body = Problem, content_type = "application/problem+json", description = "problem+json")))]
pub async fn list(
    state: web::Data<AppState>,
    Caller(p): Caller,
    path: web::Path<String>,
    q: web::Query<PageParams>,
) -> ApiResult<HttpResponse> {
    let c = access::own_course(&state.db, &p, &path).await?;
    Ok(HttpResponse::Ok().json(cohorts::list(&state.db, &c.id, &q).await?))
}

/// Replaces the cohort's members; a learner listed here leaves any other cohort of the course.
#[utoipa::path(put, operation_id = "setCohortMembers", path = "/v1/cohorts/{cohort_id}/members", tag = "cohorts", request_body = CohortMembersPut,
    params(("cohort_id" = String, Path)), security(("bearer" = [])),
    responses((status = 200, body = CohortWithMembers), (status = "4XX", body = Problem, content_type = "application/problem+json", description = "problem+json")))]
pub async fn set_members(
    state: web::Data<AppState>,
    Caller(p): Caller,
    path: web::Path<String>,
    body: web::Json<CohortMembersPut>,
) -> ApiResult<HttpResponse> {
    let team = access::team_only(&p)?;
    let cohort = cohorts::find(&state.db, &path).await?;
    access::team_course(&state.db, team, &cohort.course_id).await.map_err(|_| Error::NotFound("cohort"))?;
    Ok(HttpResponse::Ok().json(cohorts::set_members(&state.db, cohort, body.into_inner()).await?))
}

/// Splits the learners into cohorts of about `size`, spreading countries and keeping a shared
/// language in each; facilitators are spread over the cohorts. Later learners join the cohort
/// where they add most diversity.
#[utoipa::path(post, operation_id = "generateCohorts", path = "/v1/courses/{course_id}/cohorts/generate", tag = "cohorts", request_body = GenerateCohorts,
    params(("course_id" = String, Path), ("Idempotency-Key" = Option<String>, Header, description = "Replays the first response for a retried request")),
    security(("bearer" = [])),
    responses((status = 201, body = GeneratedCohorts), (status = "4XX", body = Problem, content_type = "application/problem+json", description = "409 cohorts_exist / cohorts_in_use")))]
pub async fn generate(
    state: web::Data<AppState>,
    Caller(p): Caller,
    path: web::Path<String>,
    body: web::Json<GenerateCohorts>,
) -> ApiResult<HttpResponse> {
    let c = access::own_course(&state.db, &p, &path).await?;
    Ok(HttpResponse::Created().json(cohorts::generate(&state.db, &c.id, body.into_inner()).await?))
}
