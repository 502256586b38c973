//! Modules: the ordered units of a course, each holding prompts.

use chrono::{DateTime, Utc};
use sea_orm::{
    sea_query::{Condition, Expr},
    ActiveModelTrait as _, ColumnTrait as _, DatabaseConnection, EntityTrait as _, QueryFilter as _, QueryOrder as _,
    QuerySelect as _, Set,
};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::entities::module;
use crate::error::{Error, Result};
use crate::ids::new_id;
use crate::pagination::{Page, PageParams};
use crate::validate;

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewModule {
    pub title: String,
    #[serde(default)]
    pub description: String,
    /// Order within the course, 0..=10000 (default: after the last module).
    pub position: Option<i32>,
}

#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ModulePatch {
    pub title: Option<String>,
    pub description: Option<String>,
    pub position: Option<i32>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Module {
    pub id: String,
    pub course_id: String,
    pub position: i32,
    pub title: String,
    pub description: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl From<module::Model> for Module {
    fn from(m: module::Model) -> Self {
        Module {
            id: m.id,
            course_id: m.course_id,
            position: m.position,
            title: m.title,
            description: m.description,
            created_at: m.created_at,
            updated_at: m.updated_at,
        }
    }
}

fn position(p: i32) -> Result<i32> {
    if (0..=10_000).contains(&p) {
        Ok(p)
    } else {
        Err(Error::invalid("validation_failed", "position must be between 0 and 10000"))
    }
}

pub async fn create(db: &DatabaseConnection, course_id: &str, input: NewModule) -> Result<Module> {
    let pos = match input.position {
        Some(p) => position(p)?,
        None => {
            let last: Option<i32> = module::Entity::find()
                .select_only()
                .column_as(Expr::col(module::Column::Position).max(), "max")
                .filter(module::Column::CourseId.eq(course_id))
                .into_tuple::<Option<i32>>()
                .one(db)
                .await?
                .flatten();
            position(last.map_or(0, |p| p + 1))?
        }
    };
    let now = Utc::now();
    let row = module::ActiveModel {
        id: Set(new_id("mod")),
        course_id: Set(course_id.to_owned()),
        position: Set(pos),
        title: Set(validate::text("title", &input.title, 300, true)?),
        description: Set(validate::text("description", &input.description, 10_000, false)?),
        created_at: Set(now),
        updated_at: Set(now),
    }
    .insert(db)
    .await?;
    Ok(row.into())
}

pub async fn update(db: &DatabaseConnection, existing: module::Model, patch: ModulePatch) -> Result<Module> {
    let mut am: module::ActiveModel = existing.into();
    if let Some(t) = patch.title {
        am.title = Set(validate::text("title", &t, 300, true)?);
    }
    if let Some(d) = patch.description {
        am.description = Set(validate::text("description", &d, 10_000, false)?);
    }
    if let Some(p) = patch.position {
        am.position = Set(position(p)?);
    }
    am.updated_at = Set(Utc::now());
    Ok(am.update(db).await?.into())
}

/// Modules in course order (position, then creation).
pub async fn list(db: &DatabaseConnection, course_id: &str, page: &PageParams) -> Result<Page<Module>> {
    let limit = page.limit()?;
    let mut q = module::Entity::find().filter(module::Column::CourseId.eq(course_id));
    if let Some((pos, id)) = page.after::<(i32, String)>()? {
        q = q.filter(
            Condition::any()
                .add(module::Column::Position.gt(pos))
                .add(Condition::all().add(module::Column::Position.eq(pos)).add(module::Column::Id.gt(id))),
        );
    }
    let rows =
        q.order_by_asc(module::Column::Position).order_by_asc(module::Column::Id).limit(limit + 1).all(db).await?;
    Ok(Page::from_rows(rows, limit, |r| (r.position, r.id.clone()), Module::from))
}
