//! Prompts of a module; members read the prompts of their course.

use actix_web::{web, HttpResponse};
use chrono::Utc;
use crosstalk_core::access;
use crosstalk_core::pagination::{Page, PageParams};
use crosstalk_core::prompts::{self, NewPrompt, Prompt, PromptPatch};

use crate::error::{ApiResult, Problem};
use crate::extract::Caller;
use crate::state::AppState;

#[utoipa::path(post, operation_id = "createPrompt", path = "/v1/modules/{module_id}/prompts", tag = "structure", request_body = NewPrompt,
    params(("module_id" = String, Path), ("Idempotency-Key" = Option<String>, Header, description = "Replays the first response for a retried request")),
    security(("bearer" = [])),
    responses((status = 201, body = Prompt), (status = "4XX", body = Problem, content_type = "application/problem+json", description = "problem+json")))]
pub async fn create(
    state: web::Data<AppState>,
    Caller(p): Caller,
    path: web::Path<String>,
    body: web::Json<NewPrompt>,
) -> ApiResult<HttpResponse> {
    let team = access::team_only(&p)?;
    let (m, _) = access::team_module(&state.db, team, &path).await?;
    Ok(HttpResponse::Created().json(prompts::create(&state.db, &m, body.into_inner()).await?))
}

#[utoipa::path(get, operation_id = "listPrompts", path = "/v1/modules/{module_id}/prompts", tag = "structure", params(("module_id" = String, Path), PageParams),
    security(("bearer" = [])),
    responses((status = 200, body = Page<Prompt>), (status = "4XX", body = Problem, content_type = "application/problem+json", description = "problem+json")))]
pub async fn list(
    state: web::Data<AppState>,
    Caller(p): Caller,
    path: web::Path<String>,
    q: web::Query<PageParams>,
) -> ApiResult<HttpResponse> {
    let team = access::team_only(&p)?;
    let (m, _) = access::team_module(&state.db, team, &path).await?;
    Ok(HttpResponse::Ok().json(prompts::list(&state.db, &m.id, &q).await?))
}

/// Members of the prompt's course and the owning team.
#[utoipa::path(get, operation_id = "getPrompt", path = "/v1/prompts/{prompt_id}", tag = "structure", params(("prompt_id" = String, Path)),
    security(("bearer" = [])),
    responses((status = 200, body = Prompt), (status = "4XX", body = Problem, content_type = "application/problem+json", description = "problem+json")))]
pub async fn get(state: web::Data<AppState>, Caller(p): Caller, path: web::Path<String>) -> ApiResult<HttpResponse> {
    let pr = access::readable_prompt(&state.db, &p, &path).await?;
    Ok(HttpResponse::Ok().json(Prompt::from_model(pr, Utc::now())))
}

#[utoipa::path(patch, operation_id = "updatePrompt", path = "/v1/prompts/{prompt_id}", tag = "structure", params(("prompt_id" = String, Path)), request_body = PromptPatch,
    security(("bearer" = [])),
    responses((status = 200, body = Prompt), (status = "4XX", body = Problem, content_type = "application/problem+json", description = "problem+json")))]
pub async fn update(
    state: web::Data<AppState>,
    Caller(p): Caller,
    path: web::Path<String>,
    body: web::Json<PromptPatch>,
) -> ApiResult<HttpResponse> {
    access::team_only(&p)?;
    let pr = access::readable_prompt(&state.db, &p, &path).await?;
    Ok(HttpResponse::Ok().json(prompts::update(&state.db, pr, body.into_inner()).await?))
}
