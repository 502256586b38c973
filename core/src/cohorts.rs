//! Cohorts: the small groups inside a course whose members see each other's threads.

use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait as _, ColumnTrait as _, DatabaseConnection, EntityTrait as _, PaginatorTrait as _,
    QueryFilter as _, QueryOrder as _, QuerySelect as _, Set, TransactionTrait as _,
};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::entities::{cohort, cohort_member, member};
use crate::error::{Error, Result};
use crate::ids::new_id;
use crate::members::Member;
use crate::pagination::{Page, PageParams};
use crate::validate;

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewCohort {
    pub name: String,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CohortMembersPut {
    /// The complete membership: external ids of learners and facilitators of the course.
    /// A learner belongs to one cohort at a time and is moved out of any other.
    pub external_ids: Vec<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Cohort {
    pub id: String,
    pub course_id: String,
    pub name: String,
    pub member_count: u64,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CohortWithMembers {
    #[serde(flatten)]
    pub cohort: Cohort,
    pub members: Vec<Member>,
}

/// A cohort as members see it in `GET /v1/me`.
#[derive(Debug, Serialize, ToSchema)]
pub struct CohortRef {
    pub id: String,
    pub name: String,
}

pub async fn create(db: &DatabaseConnection, course_id: &str, input: NewCohort) -> Result<Cohort> {
    let row = cohort::ActiveModel {
        id: Set(new_id("coh")),
        course_id: Set(course_id.to_owned()),
        name: Set(validate::text("name", &input.name, 200, true)?),
        created_at: Set(Utc::now()),
    }
    .insert(db)
    .await?;
    Ok(Cohort { id: row.id, course_id: row.course_id, name: row.name, member_count: 0, created_at: row.created_at })
}

async fn count(db: &impl sea_orm::ConnectionTrait, cohort_id: &str) -> Result<u64> {
    Ok(cohort_member::Entity::find().filter(cohort_member::Column::CohortId.eq(cohort_id)).count(db).await?)
}

pub async fn list(db: &DatabaseConnection, course_id: &str, page: &PageParams) -> Result<Page<Cohort>> {
    let limit = page.limit()?;
    let mut q = cohort::Entity::find().filter(cohort::Column::CourseId.eq(course_id));
    if let Some(after) = page.after::<String>()? {
        q = q.filter(cohort::Column::Id.gt(after));
    }
    let rows = q.order_by_asc(cohort::Column::Id).limit(limit + 1).all(db).await?;
    let page = Page::from_rows(rows, limit, |r| r.id.clone(), |r| r);
    let mut items = Vec::with_capacity(page.items.len());
    for r in page.items {
        let member_count = count(db, &r.id).await?;
        items.push(Cohort { id: r.id, course_id: r.course_id, name: r.name, member_count, created_at: r.created_at });
    }
    Ok(Page { items, next_cursor: page.next_cursor })
}

pub async fn find(db: &DatabaseConnection, id: &str) -> Result<cohort::Model> {
    if !crate::ids::is_valid("coh", id) {
        return Err(Error::NotFound("cohort"));
    }
    cohort::Entity::find_by_id(id).one(db).await?.ok_or(Error::NotFound("cohort"))
}

/// Replaces the cohort's membership in one transaction.
pub async fn set_members(
    db: &DatabaseConnection,
    c: cohort::Model,
    input: CohortMembersPut,
) -> Result<CohortWithMembers> {
    if input.external_ids.len() > 1000 {
        return Err(Error::invalid("validation_failed", "at most 1000 members per cohort"));
    }
    let mut wanted = input.external_ids.clone();
    wanted.sort();
    wanted.dedup();
    let members = if wanted.is_empty() {
        Vec::new()
    } else {
        member::Entity::find()
            .filter(member::Column::CourseId.eq(&c.course_id))
            .filter(member::Column::ExternalId.is_in(wanted.clone()))
            .all(db)
            .await?
    };
    if members.len() != wanted.len() {
        let found: std::collections::HashSet<_> = members.iter().map(|m| m.external_id.as_str()).collect();
        let missing: Vec<_> = wanted.iter().filter(|w| !found.contains(w.as_str())).take(10).cloned().collect();
        return Err(Error::invalid("unknown_member", format!("not on the course roster: {}", missing.join(", "))));
    }
    let txn = db.begin().await?;
    cohort_member::Entity::delete_many().filter(cohort_member::Column::CohortId.eq(&c.id)).exec(&txn).await?;
    let learners: Vec<String> = members.iter().filter(|m| m.role == "learner").map(|m| m.id.clone()).collect();
    if !learners.is_empty() {
        cohort_member::Entity::delete_many()
            .filter(cohort_member::Column::CourseId.eq(&c.course_id))
            .filter(cohort_member::Column::MemberId.is_in(learners))
            .exec(&txn)
            .await?;
    }
    for chunk in members.chunks(200) {
        cohort_member::Entity::insert_many(chunk.iter().map(|m| cohort_member::ActiveModel {
            cohort_id: Set(c.id.clone()),
            member_id: Set(m.id.clone()),
            course_id: Set(c.course_id.clone()),
        }))
        .exec(&txn)
        .await?;
    }
    txn.commit().await?;
    let mut members: Vec<Member> = members.into_iter().map(Member::from).collect();
    members.sort_by(|a, b| a.display_name.cmp(&b.display_name));
    Ok(CohortWithMembers {
        cohort: Cohort {
            id: c.id,
            course_id: c.course_id,
            name: c.name,
            member_count: members.len() as u64,
            created_at: c.created_at,
        },
        members,
    })
}

/// The cohorts a member belongs to.
pub async fn of_member(db: &DatabaseConnection, member_id: &str) -> Result<Vec<CohortRef>> {
    let ids: Vec<String> = cohort_member::Entity::find()
        .filter(cohort_member::Column::MemberId.eq(member_id))
        .all(db)
        .await?
        .into_iter()
        .map(|r| r.cohort_id)
        .collect();
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    Ok(cohort::Entity::find()
        .filter(cohort::Column::Id.is_in(ids))
        .order_by_asc(cohort::Column::Name)
        .all(db)
        .await?
        .into_iter()
        .map(|c| CohortRef { id: c.id, name: c.name })
        .collect())
}
