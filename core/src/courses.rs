//! Courses: one MOOC run of a team, with an `external_ref` unique per team.

use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait as _, ColumnTrait as _, DatabaseConnection, EntityTrait as _, QueryFilter as _, QueryOrder as _,
    QuerySelect as _, Set, SqlErr,
};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::entities::course;
use crate::error::{Error, Result};
use crate::ids::new_id;
use crate::pagination::{Page, PageParams};
use crate::validate;

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewCourse {
    /// The team's own identifier for this run (e.g. the MOOC platform's course id); unique per team.
    pub external_ref: Option<String>,
    pub title: String,
    #[serde(default)]
    pub description: String,
    /// Main language of the course, a BCP 47 tag (default `en`).
    pub language: Option<String>,
    pub starts_at: Option<DateTime<Utc>>,
    pub ends_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CoursePatch {
    pub external_ref: Option<String>,
    pub title: Option<String>,
    pub description: Option<String>,
    pub language: Option<String>,
    pub starts_at: Option<DateTime<Utc>>,
    pub ends_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Course {
    pub id: String,
    pub external_ref: Option<String>,
    pub title: String,
    pub description: String,
    pub language: String,
    pub starts_at: Option<DateTime<Utc>>,
    pub ends_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl From<course::Model> for Course {
    fn from(m: course::Model) -> Self {
        Course {
            id: m.id,
            external_ref: m.external_ref,
            title: m.title,
            description: m.description,
            language: m.language,
            starts_at: m.starts_at,
            ends_at: m.ends_at,
            created_at: m.created_at,
            updated_at: m.updated_at,
        }
    }
}

fn check_dates(starts: Option<DateTime<Utc>>, ends: Option<DateTime<Utc>>) -> Result<()> {
    if let (Some(s), Some(e)) = (starts, ends) {
        if e <= s {
            return Err(Error::invalid("validation_failed", "ends_at must be after starts_at"));
        }
    }
    Ok(())
}

fn unique_ref(e: sea_orm::DbErr) -> Error {
    if matches!(e.sql_err(), Some(SqlErr::UniqueConstraintViolation(_))) {
        Error::conflict("external_ref_taken", "another course of this team has this external_ref")
    } else {
        e.into()
    }
}

pub async fn create(db: &DatabaseConnection, team_id: &str, input: NewCourse) -> Result<Course> {
    let external_ref = input.external_ref.as_deref().map(|r| validate::external_id("external_ref", r)).transpose()?;
    let language = validate::language_tag("language", input.language.as_deref().unwrap_or("en"))?;
    check_dates(input.starts_at, input.ends_at)?;
    let now = Utc::now();
    let row = course::ActiveModel {
        id: Set(new_id("crs")),
        team_id: Set(team_id.to_owned()),
        external_ref: Set(external_ref),
        title: Set(validate::text("title", &input.title, 300, true)?),
        description: Set(validate::text("description", &input.description, 10_000, false)?),
        language: Set(language),
        starts_at: Set(input.starts_at),
        ends_at: Set(input.ends_at),
        created_at: Set(now),
        updated_at: Set(now),
    }
    .insert(db)
    .await
    .map_err(unique_ref)?;
    Ok(row.into())
}

pub async fn update(db: &DatabaseConnection, existing: course::Model, patch: CoursePatch) -> Result<Course> {
    check_dates(patch.starts_at.or(existing.starts_at), patch.ends_at.or(existing.ends_at))?;
    let mut am: course::ActiveModel = existing.into();
    if let Some(r) = patch.external_ref {
        am.external_ref = Set(Some(validate::external_id("external_ref", &r)?));
    }
    if let Some(t) = patch.title {
        am.title = Set(validate::text("title", &t, 300, true)?);
    }
    if let Some(d) = patch.description {
        am.description = Set(validate::text("description", &d, 10_000, false)?);
    }
    if let Some(l) = patch.language {
        am.language = Set(validate::language_tag("language", &l)?);
    }
    if let Some(s) = patch.starts_at {
        am.starts_at = Set(Some(s));
    }
    if let Some(e) = patch.ends_at {
        am.ends_at = Set(Some(e));
    }
    am.updated_at = Set(Utc::now());
    Ok(am.update(db).await.map_err(unique_ref)?.into())
}

pub async fn list(db: &DatabaseConnection, team_id: &str, page: &PageParams) -> Result<Page<Course>> {
    let limit = page.limit()?;
    let mut q = course::Entity::find().filter(course::Column::TeamId.eq(team_id));
    if let Some(after) = page.after::<String>()? {
        q = q.filter(course::Column::Id.gt(after));
    }
    let rows = q.order_by_asc(course::Column::Id).limit(limit + 1).all(db).await?;
    Ok(Page::from_rows(rows, limit, |r| r.id.clone(), Course::from))
}
