//! Tenancy: what a principal may reach. Other tenants' objects are "not found", never "forbidden".

use sea_orm::{DatabaseConnection, EntityTrait, JoinType, QuerySelect as _, RelationDef};

use crate::auth::Principal;
use crate::entities::{course, module, prompt};

use crate::error::{Error, Result};
use crate::ids::is_valid;

/// The team id of a team principal; members get 403 on team endpoints.
pub fn team_only(p: &Principal) -> Result<&str> {
    match p {
        Principal::Team { team_id, .. } => Ok(team_id),
        Principal::Member { .. } => Err(Error::forbidden("team_only", "this endpoint is for course teams (API key)")),
    }
}

/// The member of a member principal; team keys get 403 on member endpoints.
pub fn member_only(p: &Principal) -> Result<&crate::entities::member::Model> {
    match p {
        Principal::Member { member, .. } => Ok(member),
        Principal::Team { .. } => {
            Err(Error::forbidden("member_only", "this endpoint is for course members (member token)"))
        }
    }
}

pub async fn team_course(db: &DatabaseConnection, team_id: &str, course_id: &str) -> Result<course::Model> {
    if !is_valid("crs", course_id) {
        return Err(Error::NotFound("course"));
    }
    course::Entity::find_by_id(course_id)
        .one(db)
        .await?
        .filter(|c| c.team_id == team_id)
        .ok_or(Error::NotFound("course"))
}

/// The course, when the caller is its team or one of its members; anything else is not found.
pub async fn caller_course(db: &DatabaseConnection, p: &Principal, course_id: &str) -> Result<course::Model> {
    match p {
        Principal::Team { team_id, .. } => team_course(db, team_id, course_id).await,
        Principal::Member { member, .. } if member.course_id == course_id => {
            course::Entity::find_by_id(course_id).one(db).await?.ok_or(Error::NotFound("course"))
        }
        Principal::Member { .. } => Err(Error::NotFound("course")),
    }
}

pub async fn team_module(
    db: &DatabaseConnection,
    team_id: &str,
    module_id: &str,
) -> Result<(module::Model, course::Model)> {
    if !is_valid("mod", module_id) {
        return Err(Error::NotFound("module"));
    }
    let m = module::Entity::find_by_id(module_id).one(db).await?.ok_or(Error::NotFound("module"))?;
    let c = team_course(db, team_id, &m.course_id).await.map_err(|_| Error::NotFound("module"))?;
    Ok((m, c))
}

/// A prompt the principal may read: the team owning its course, or a member of that course.
pub async fn readable_prompt(db: &DatabaseConnection, p: &Principal, prompt_id: &str) -> Result<prompt::Model> {
    Ok(readable_prompt_and_course(db, p, prompt_id).await?.0)
}

/// [`readable_prompt`] with its course, read together in one query.
pub async fn readable_prompt_and_course(
    db: &DatabaseConnection,
    p: &Principal,
    prompt_id: &str,
) -> Result<(prompt::Model, course::Model)> {
    if !is_valid("prm", prompt_id) {
        return Err(Error::NotFound("prompt"));
    }
    let (pr, course) = prompt::Entity::find_by_id(prompt_id)
        .join(JoinType::LeftJoin, prompt_course())
        .select_also(course::Entity)
        .one(db)
        .await?
        .ok_or(Error::NotFound("prompt"))?;
    match course {
        Some(c) if may_read_course(p, &c) => Ok((pr, c)),
        _ => Err(Error::NotFound("prompt")),
    }
}

/// `prompts LEFT JOIN courses` on the prompt's course.
pub fn prompt_course() -> RelationDef {
    prompt::Entity::belongs_to(course::Entity).from(prompt::Column::CourseId).to(course::Column::Id).into()
}

/// Whether the principal reaches `course`: its team, or one of its members.
pub fn may_read_course(p: &Principal, course: &course::Model) -> bool {
    match p {
        Principal::Team { team_id, .. } => &course.team_id == team_id,
        Principal::Member { member, .. } => member.course_id == course.id,
    }
}

/// The team's webhook by id; another team's webhook, or none, is not found.
pub async fn team_webhook(
    db: &impl sea_orm::ConnectionTrait,
    team_id: &str,
    webhook_id: &str,
) -> Result<crate::entities::webhook::Model> {
    use sea_orm::EntityTrait as _;
    if !is_valid("whk", webhook_id) {
        return Err(Error::NotFound("webhook"));
    }
    crate::entities::webhook::Entity::find_by_id(webhook_id)
        .one(db)
        .await?
        .filter(|w| w.team_id == team_id)
        .ok_or(Error::NotFound("webhook"))
}
