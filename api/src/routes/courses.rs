//! Courses of the calling team.

use actix_web::{web, HttpResponse};
use crosstalk_core::access;
use crosstalk_core::courses::{self, Course, CoursePatch, NewCourse};
use crosstalk_core::pagination::{Page, PageParams};

use crate::error::{ApiResult, Problem};
use crate::extract::Caller;
use crate::state::AppState;

#[utoipa::path(post, operation_id = "createCourse", path = "/v1/courses", tag = "courses", request_body = NewCourse,
    params(("Idempotency-Key" = Option<String>, Header, description = "Replays the first response for a retried request")),
    security(("bearer" = [])),
    responses((status = 201, body = Course), (status = "4XX", body = Problem, content_type = "application/problem+json", description = "problem+json")))]
pub async fn create(
    state: web::Data<AppState>,
    Caller(p): Caller,
    body: web::Json<NewCourse>,
) -> ApiResult<HttpResponse> {
    let team = access::team_only(&p)?;
    Ok(HttpResponse::Created().json(courses::create(&state.db, team, body.into_inner()).await?))
}

#[utoipa::path(get, operation_id = "listCourses", path = "/v1/courses", tag = "courses", params(PageParams), security(("bearer" = [])),
    responses((status = 200, body = Page<Course>), (status = "4XX", body = Problem, content_type = "application/problem+json", description = "problem+json")))]
pub async fn list(state: web::Data<AppState>, Caller(p): Caller, q: web::Query<PageParams>) -> ApiResult<HttpResponse> {
    let team = access::team_only(&p)?;
    Ok(HttpResponse::Ok().json(courses::list(&state.db, team, &q).await?))
}

#[utoipa::path(get, operation_id = "getCourse", path = "/v1/courses/{course_id}", tag = "courses", params(("course_id" = String, Path)), security(("bearer" = [])),
    responses((status = 200, body = Course), (status = "4XX", body = Problem, content_type = "application/problem+json", description = "problem+json")))]
pub async fn get(state: web::Data<AppState>, Caller(p): Caller, path: web::Path<String>) -> ApiResult<HttpResponse> {
    let team = access::team_only(&p)?;
    let c = access::team_course(&state.db, team, &path).await?;
    Ok(HttpResponse::Ok().json(Course::from(c)))
}

#[utoipa::path(patch, operation_id = "updateCourse", path = "/v1/courses/{course_id}", tag = "courses", params(("course_id" = String, Path)), request_body = CoursePatch,
    security(("bearer" = [])),
    responses((status = 200, body = Course), (status = "4XX", body = Problem, content_type = "application/problem+json", description = "problem+json")))]
pub async fn update(
    state: web::Data<AppState>,
    Caller(p): Caller,
    path: web::Path<String>,
    body: web::Json<CoursePatch>,
) -> ApiResult<HttpResponse> {
    let team = access::team_only(&p)?;
    let c = access::team_course(&state.db, team, &path).await?;
    Ok(HttpResponse::Ok().json(courses::update(&state.db, c, body.into_inner()).await?))
}
