//! Tenancy: what a principal may reach. Other tenants' objects are "not found", never "forbidden".
//!
//! Every lookup of an object by id on behalf of a caller lives here, so that a handler calls
//! exactly one of these and nothing else decides tenancy.

use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Expr, IntoCondition as _, Query, SimpleExpr};
use sea_orm::{
    ConnectionTrait as _, DatabaseConnection, EntityTrait, FromQueryResult as _, JoinType, QuerySelect as _,
    QueryTrait as _, RelationDef,
};

use crate::auth::Principal;
use crate::entities::{course, course_pseudonyms, job, module, prompt, seen_mark};

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

/// A course of the calling team, for team-only resources nested under a course (members,
/// cohorts, modules): members get 403 `team_only`, other teams 404.
pub async fn own_course(db: &DatabaseConnection, p: &Principal, course_id: &str) -> Result<course::Model> {
    team_course(db, team_only(p)?, course_id).await
}

/// A member of a course of the calling team, by the team's own id for them (`external_id`).
pub async fn own_member(
    db: &DatabaseConnection,
    p: &Principal,
    course_id: &str,
    external_id: &str,
) -> Result<(course::Model, crate::entities::member::Model)> {
    let c = own_course(db, p, course_id).await?;
    let m = crate::members::by_external_id(db, &c.id, external_id).await?;
    Ok((c, m))
}

/// A job of the team (dead-job administration); other teams' jobs are not found.
pub async fn team_job(db: &DatabaseConnection, team_id: &str, job_id: &str) -> Result<job::Model> {
    if !is_valid("job", job_id) {
        return Err(Error::NotFound("job"));
    }
    job::Entity::find_by_id(job_id)
        .one(db)
        .await?
        .filter(|j| j.team_id.as_deref() == Some(team_id))
        .ok_or(Error::NotFound("job"))
}

/// A prompt the principal may read, with its course and when the member last listed it
/// (`None` for teams and first visits), in one query: what a thread listing starts from.
///
/// Also reads whether the course shows learners pseudonyms, so a listing needs no query of its own
/// for it: `(prompt, course, seen_at, pseudonyms)`.
pub async fn listed_prompt(
    db: &DatabaseConnection,
    p: &Principal,
    prompt_id: &str,
) -> Result<(prompt::Model, course::Model, Option<DateTime<Utc>>, bool)> {
    if !is_valid("prm", prompt_id) {
        return Err(Error::NotFound("prompt"));
    }
    // Teams have no seen mark: the join matches nothing.
    let member_id = match p {
        Principal::Member { member, .. } => Some(member.id.clone()),
        Principal::Team { .. } => None,
    };
    let seen = prompt::Entity::belongs_to(seen_mark::Entity)
        .from(prompt::Column::Id)
        .to(seen_mark::Column::PromptId)
        .on_condition(move |_, right| match &member_id {
            Some(m) => Expr::col((right, seen_mark::Column::MemberId)).eq(m.clone()).into_condition(),
            None => Expr::val(1).eq(0).into_condition(),
        });
    let pseudonyms = Query::select()
        .expr(Expr::col((course_pseudonyms::Entity, course_pseudonyms::Column::Enabled)))
        .from(course_pseudonyms::Entity)
        .and_where(
            Expr::col((course_pseudonyms::Entity, course_pseudonyms::Column::CourseId))
                .equals((prompt::Entity, prompt::Column::CourseId)),
        )
        .to_owned();
    let stmt = prompt::Entity::find_by_id(prompt_id)
        .join(JoinType::LeftJoin, prompt_course())
        .join(JoinType::LeftJoin, seen.into())
        .select_also(course::Entity)
        .select_also(seen_mark::Entity)
        .expr_as(SimpleExpr::SubQuery(None, Box::new(pseudonyms.into_sub_query_statement())), "pseudonyms_on")
        .limit(1)
        .build(db.get_database_backend());
    let row = db.query_one(stmt).await?.ok_or(Error::NotFound("prompt"))?;
    let pr = prompt::Model::from_query_result(&row, "A_")?;
    let course = course::Model::from_query_result_optional(&row, "B_")?;
    let seen = seen_mark::Model::from_query_result_optional(&row, "C_")?;
    let on = row.try_get::<Option<bool>>("", "pseudonyms_on")?.unwrap_or(false);
    match course {
        Some(course) if may_read_course(p, &course) => Ok((pr, course, seen.map(|s| s.seen_at), on)),
        _ => Err(Error::NotFound("prompt")),
    }
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
