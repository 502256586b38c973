//! Who arrives where after a valid launch: the platform's context becomes a course of the
//! registration's team (created on its first launch), the user a member (`external_id` = `sub`,
//! name, email, locale from the claims, role from the LTI roles), late learners are placed in
//! cohorts, and the resource link leads to its prompt or to the course page.

use chrono::Utc;
use sea_orm::{
    ActiveModelTrait as _, ColumnTrait as _, DatabaseConnection, EntityTrait as _, QueryFilter as _, Set, SqlErr,
};

use super::claims::Claims;
use super::entities::{context, registration, resource_link};
use super::launch::Launch;
use crate::auth::hash_key;
use crate::courses::{self, NewCourse};
use crate::entities::{member, prompt};
use crate::error::Result;
use crate::ids::new_id;
use crate::members::{self, MemberInput, RosterUpsert};
use crate::validate;

/// Where a launched member lands.
pub struct Arrival {
    pub member: member::Model,
    /// The prompt a deep-linked resource link opens.
    pub prompt_id: Option<String>,
}

impl Arrival {
    pub fn landing(&self) -> String {
        match &self.prompt_id {
            Some(p) => format!("/prompts/{p}"),
            None => format!("/courses/{}", self.member.course_id),
        }
    }
}

/// The course of a platform context, created on the context's first launch.
pub async fn course_of(db: &DatabaseConnection, reg: &registration::Model, c: &Claims) -> Result<String> {
    let find = || {
        context::Entity::find()
            .filter(context::Column::RegistrationId.eq(&reg.id))
            .filter(context::Column::ContextId.eq(&c.context_id))
            .one(db)
    };
    if let Some(ctx) = find().await? {
        if c.nrps_url.is_some() && ctx.nrps_url != c.nrps_url {
            let mut am: context::ActiveModel = ctx.clone().into();
            am.nrps_url = Set(c.nrps_url.clone());
            am.update(db).await?;
        }
        return Ok(ctx.course_id);
    }
    let title: String = c.context_title.clone().unwrap_or_else(|| c.context_id.clone()).chars().take(300).collect();
    let course = courses::create(
        db,
        &reg.team_id,
        NewCourse {
            external_ref: None,
            title,
            description: String::new(),
            language: None,
            starts_at: None,
            ends_at: None,
        },
    )
    .await?;
    let row = context::ActiveModel {
        id: Set(new_id("ltc")),
        registration_id: Set(reg.id.clone()),
        context_id: Set(c.context_id.clone()),
        course_id: Set(course.id.clone()),
        nrps_url: Set(c.nrps_url.clone()),
        created_at: Set(Utc::now()),
    };
    match row.insert(db).await {
        Ok(r) => Ok(r.course_id),
        // Two first launches at once: the other one's course wins, this one's is removed.
        Err(e) if matches!(e.sql_err(), Some(SqlErr::UniqueConstraintViolation(_))) => {
            crate::entities::course::Entity::delete_by_id(&course.id).exec(db).await?;
            Ok(find().await?.map(|c| c.course_id).unwrap_or(course.id))
        }
        Err(e) => Err(e.into()),
    }
}

/// The member's `external_id`: `sub` itself when it is a valid id (the usual case), else a
/// stable digest of it.
pub fn external_id_of(sub: &str) -> String {
    validate::external_id("sub", sub).unwrap_or_else(|_| format!("lti-{}", &hash_key(sub)[..40]))
}

/// Keeps the platform's `sub` of a member whose `external_id` had to be a digest of it (see
/// [`external_id_of`]), so scores can name the user as the platform knows them.
pub async fn remember_sub(db: &DatabaseConnection, m: &member::Model, sub: &str) -> Result<()> {
    if m.external_id == sub {
        return Ok(());
    }
    use sea_orm::sea_query::OnConflict;
    super::entities::subject::Entity::insert(super::entities::subject::ActiveModel {
        member_id: Set(m.id.clone()),
        course_id: Set(m.course_id.clone()),
        sub: Set(sub.chars().take(255).collect()),
    })
    .on_conflict(
        OnConflict::column(super::entities::subject::Column::MemberId)
            .update_column(super::entities::subject::Column::Sub)
            .to_owned(),
    )
    .exec(db)
    .await?;
    Ok(())
}

/// The user id the platform knows a member by: the kept `sub`, else the `external_id`.
pub async fn platform_user_id(db: &DatabaseConnection, m: &member::Model) -> Result<String> {
    Ok(super::entities::subject::Entity::find_by_id(&m.id)
        .one(db)
        .await?
        .map_or_else(|| m.external_id.clone(), |s| s.sub))
}

/// Creates or refreshes the member a launch names.
pub async fn member_of(db: &DatabaseConnection, course_id: &str, c: &Claims) -> Result<member::Model> {
    let m = upsert_member(db, course_id, c).await?;
    remember_sub(db, &m, &c.sub).await?;
    Ok(m)
}

async fn upsert_member(db: &DatabaseConnection, course_id: &str, c: &Claims) -> Result<member::Model> {
    let external_id = external_id_of(&c.sub);
    let role = c.role();
    let name: String = c.name.clone().unwrap_or_else(|| external_id.clone()).chars().take(200).collect();
    let email = c.email.as_deref().and_then(|e| validate::email(e).ok());
    let locale = c.locale.as_deref().and_then(|l| validate::language_tag("locale", l).ok());
    let existing = member::Entity::find()
        .filter(member::Column::CourseId.eq(course_id))
        .filter(member::Column::ExternalId.eq(&external_id))
        .one(db)
        .await?;
    if let Some(m) = existing {
        // Country and languages come from the team's roster; a launch does not know them.
        let mut am: member::ActiveModel = m.into();
        am.role = Set(role.as_str().to_owned());
        am.display_name = Set(name);
        if email.is_some() {
            am.email = Set(email);
        }
        if let Some(l) = locale {
            am.locale = Set(l);
        }
        am.updated_at = Set(Utc::now());
        return Ok(am.update(db).await?);
    }
    // The roster path places a late learner in a cohort.
    let input = MemberInput {
        external_id: external_id.clone(),
        role,
        display_name: name,
        email,
        country: None,
        languages: vec![],
        locale,
    };
    members::upsert_roster(db, course_id, RosterUpsert { members: vec![input] }).await?;
    members::by_external_id(db, course_id, &external_id).await
}

/// Records the resource link and returns the prompt it opens, if it names one of this course.
async fn resource_link_of(
    db: &DatabaseConnection,
    reg: &registration::Model,
    course_id: &str,
    c: &Claims,
) -> Result<Option<String>> {
    let prompt_id = match &c.prompt_id {
        Some(p) => {
            prompt::Entity::find_by_id(p).filter(prompt::Column::CourseId.eq(course_id)).one(db).await?.map(|p| p.id)
        }
        None => None,
    };
    let Some(link_id) = &c.resource_link_id else { return Ok(prompt_id) };
    let existing = resource_link::Entity::find()
        .filter(resource_link::Column::RegistrationId.eq(&reg.id))
        .filter(resource_link::Column::ResourceLinkId.eq(link_id))
        .one(db)
        .await?;
    match existing {
        Some(r) if r.prompt_id == prompt_id && r.lineitem_url == c.lineitem_url => {}
        Some(r) => {
            let mut am: resource_link::ActiveModel = r.into();
            am.prompt_id = Set(prompt_id.clone());
            am.lineitem_url = Set(c.lineitem_url.clone());
            am.update(db).await?;
        }
        None => {
            let row = resource_link::ActiveModel {
                id: Set(new_id("ltl")),
                registration_id: Set(reg.id.clone()),
                resource_link_id: Set(link_id.clone()),
                course_id: Set(course_id.to_owned()),
                prompt_id: Set(prompt_id.clone()),
                lineitem_url: Set(c.lineitem_url.clone()),
                created_at: Set(Utc::now()),
            };
            // A concurrent first launch of the same link recorded it already: same content.
            if let Err(e) = row.insert(db).await {
                if !matches!(e.sql_err(), Some(SqlErr::UniqueConstraintViolation(_))) {
                    return Err(e.into());
                }
            }
        }
    }
    Ok(prompt_id)
}

/// Course, member and landing of a validated launch.
#[tracing::instrument(skip_all, fields(registration = %l.registration.id), err)]
pub async fn arrive(db: &DatabaseConnection, l: &Launch) -> Result<Arrival> {
    let course_id = course_of(db, &l.registration, &l.claims).await?;
    let member = member_of(db, &course_id, &l.claims).await?;
    let prompt_id = resource_link_of(db, &l.registration, &course_id, &l.claims).await?;
    Ok(Arrival { member, prompt_id })
}
