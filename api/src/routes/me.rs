//! `GET /v1/me`: the member behind the token, their course and cohorts.

use actix_web::{web, HttpResponse};
use crosstalk_core::cohorts::{self, CohortRef};
use crosstalk_core::courses::Course;
use crosstalk_core::entities::course;
use crosstalk_core::members::Member;
use crosstalk_core::{access, Error};
use sea_orm::EntityTrait as _;
use serde::Serialize;

use crate::error::{ApiResult, Problem};
use crate::extract::Caller;
use crate::state::AppState;

#[derive(Serialize, utoipa::ToSchema)]
pub struct Me {
    pub member: Member,
    pub course: Course,
    pub cohorts: Vec<CohortRef>,
}

#[utoipa::path(get, operation_id = "getMe", path = "/v1/me", tag = "members", security(("bearer" = [])),
    responses((status = 200, body = Me), (status = "4XX", body = Problem, content_type = "application/problem+json", description = "problem+json")))]
pub async fn me(state: web::Data<AppState>, Caller(p): Caller) -> ApiResult<HttpResponse> {
    let m = access::member_only(&p)?;
    let c = course::Entity::find_by_id(m.course_id.clone()).one(&state.db).await?.ok_or(Error::NotFound("course"))?;
    let cohorts = cohorts::of_member(&state.db, &m.id).await?;
    Ok(HttpResponse::Ok().json(Me { member: m.clone().into(), course: c.into(), cohorts }))
}
