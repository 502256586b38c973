//! Modules of a course.

use actix_web::{web, HttpResponse};
use crosstalk_core::access;
use crosstalk_core::course_modules::{self, Module, ModulePatch, NewModule};
use crosstalk_core::pagination::{Page, PageParams};

use crate::error::{ApiResult, Problem};
use crate::extract::Caller;
use crate::state::AppState;

#[utoipa::path(post, operation_id = "createModule", path = "/v1/courses/{course_id}/modules", tag = "structure", request_body = NewModule,
    params(("course_id" = String, Path), ("Idempotency-Key" = Option<String>, Header, description = "Replays the first response for a retried request")),
    security(("bearer" = [])),
    responses((status = 201, body = Module), (status = "4XX", body = Problem, content_type = "application/problem+json", description = "problem+json")))]
pub async fn create(
    state: web::Data<AppState>,
    Caller(p): Caller,
    path: web::Path<String>,
    body: web::Json<NewModule>,
) -> ApiResult<HttpResponse> {
    let c = access::own_course(&state.db, &p, &path).await?;
    Ok(HttpResponse::Created().json(course_modules::create(&state.db, &c.id, body.into_inner()).await?))
}

#[utoipa::path(get, operation_id = "listModules", path = "/v1/courses/{course_id}/modules", tag = "structure", params(("course_id" = String, Path), PageParams),
    security(("bearer" = [])),
    responses((status = 200, body = Page<Module>), (status = "4XX", body = Problem, content_type = "application/problem+json", description = "problem+json")))]
pub async fn list(
    state: web::Data<AppState>,
    Caller(p): Caller,
    path: web::Path<String>,
    q: web::Query<PageParams>,
) -> ApiResult<HttpResponse> {
    let c = access::own_course(&state.db, &p, &path).await?;
    Ok(HttpResponse::Ok().json(course_modules::list(&state.db, &c.id, &q).await?))
}

#[utoipa::path(patch, operation_id = "updateModule", path = "/v1/modules/{module_id}", tag = "structure", params(("module_id" = String, Path)), request_body = ModulePatch,
    security(("bearer" = [])),
    responses((status = 200, body = Module), (status = "4XX", body = Problem, content_type = "application/problem+json", description = "problem+json")))]
pub async fn update(
    state: web::Data<AppState>,
    Caller(p): Caller,
    path: web::Path<String>,
    body: web::Json<ModulePatch>,
) -> ApiResult<HttpResponse> {
    let team = access::team_only(&p)?;
    let (m, _) = access::team_module(&state.db, team, &path).await?;
    Ok(HttpResponse::Ok().json(course_modules::update(&state.db, m, body.into_inner()).await?))
}
