//! LTI 1.3 platform registrations of a team; each answer carries the tool URLs to paste into
//! the platform (login, launch, deep linking, JWKS).

use actix_web::{web, HttpResponse};
use crosstalk_core::access;
use crosstalk_core::lti::egress::Egress;
use crosstalk_core::lti::nrps::{self, RosterSync};
use crosstalk_core::lti::registrations::{self, NewRegistration, Registration};
use serde::Serialize;
use utoipa::ToSchema;

use crate::error::{ApiResult, Problem};
use crate::extract::Caller;
use crate::state::AppState;

#[derive(Serialize, ToSchema)]
pub struct RegistrationList {
    pub items: Vec<Registration>,
}

/// Registers a platform (issuer + client_id) for this team's launches.
#[utoipa::path(post, operation_id = "createLtiRegistration", path = "/v1/lti/registrations", tag = "lti", request_body = NewRegistration,
    security(("bearer" = [])),
    responses((status = 201, body = Registration), (status = "4XX", body = Problem, content_type = "application/problem+json", description = "problem+json")))]
pub async fn create(
    state: web::Data<AppState>,
    Caller(p): Caller,
    body: web::Json<NewRegistration>,
) -> ApiResult<HttpResponse> {
    let team = access::team_only(&p)?;
    let r = registrations::create(&state.db, Egress::new(state.webhook_allow_private), team, body.into_inner()).await?;
    Ok(HttpResponse::Created().json(Registration::of(r, &state.public_url)))
}

/// The team's registered platforms.
#[utoipa::path(get, operation_id = "listLtiRegistrations", path = "/v1/lti/registrations", tag = "lti", security(("bearer" = [])),
    responses((status = 200, body = RegistrationList), (status = "4XX", body = Problem, content_type = "application/problem+json", description = "problem+json")))]
pub async fn list(state: web::Data<AppState>, Caller(p): Caller) -> ApiResult<HttpResponse> {
    let team = access::team_only(&p)?;
    let items = registrations::list(&state.db, team).await?;
    let items = items.into_iter().map(|r| Registration::of(r, &state.public_url)).collect();
    Ok(HttpResponse::Ok().json(RegistrationList { items }))
}

/// Removes a registration: its launches are refused from now on; courses and members stay.
#[utoipa::path(delete, operation_id = "deleteLtiRegistration", path = "/v1/lti/registrations/{registration_id}", tag = "lti",
    params(("registration_id" = String, Path)), security(("bearer" = [])),
    responses((status = 204), (status = "4XX", body = Problem, content_type = "application/problem+json", description = "problem+json")))]
pub async fn delete(state: web::Data<AppState>, Caller(p): Caller, path: web::Path<String>) -> ApiResult<HttpResponse> {
    let team = access::team_only(&p)?;
    registrations::delete(&state.db, team, &path).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Fetches the course's roster from its LTI platform (Names and Roles): new members are added,
/// members the platform no longer lists are marked inactive (never deleted).
#[utoipa::path(post, operation_id = "syncLtiRoster", path = "/v1/courses/{course_id}/lti/roster-sync", tag = "lti",
    params(("course_id" = String, Path)), security(("bearer" = [])),
    responses((status = 200, body = RosterSync), (status = "4XX", body = Problem, content_type = "application/problem+json", description = "problem+json")))]
pub async fn roster_sync(
    state: web::Data<AppState>,
    Caller(p): Caller,
    path: web::Path<String>,
) -> ApiResult<HttpResponse> {
    let team = access::team_only(&p)?;
    let c = access::team_course(&state.db, team, &path).await?;
    Ok(HttpResponse::Ok()
        .json(nrps::sync(&state.db, &state.key, Egress::new(state.webhook_allow_private), &c.id).await?))
}
