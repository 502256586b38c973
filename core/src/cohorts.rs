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

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct GenerateCohorts {
    /// Learners per cohort (default 10; cohort sizes differ by at most 1).
    pub size: Option<usize>,
    /// Seed for the deterministic shuffle (default 0).
    pub seed: Option<u64>,
    /// Replace existing cohorts; refused once any post belongs to a cohort.
    #[serde(default)]
    pub replace: bool,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct GeneratedCohorts {
    pub cohorts: Vec<CohortWithMembers>,
    /// Per cohort: distinct countries.
    pub countries_per_cohort: Vec<usize>,
    /// Per cohort: the languages all its learners share.
    pub shared_languages: Vec<Vec<String>>,
}

fn person(m: &member::Model) -> crate::cohort_gen::Person {
    crate::cohort_gen::Person {
        key: m.id.clone(),
        country: m.country.clone(),
        languages: crate::members::split_languages(&m.languages),
    }
}

/// Splits the course's learners into diverse cohorts and spreads the facilitators over them.
pub async fn generate(db: &DatabaseConnection, course_id: &str, input: GenerateCohorts) -> Result<GeneratedCohorts> {
    use crate::entities::post;
    let size = input.size.unwrap_or(10);
    let existing = cohort::Entity::find().filter(cohort::Column::CourseId.eq(course_id)).all(db).await?;
    if !existing.is_empty() {
        if !input.replace {
            return Err(Error::conflict(
                "cohorts_exist",
                "the course has cohorts; pass \"replace\": true to regenerate",
            ));
        }
        let used = post::Entity::find()
            .filter(post::Column::CourseId.eq(course_id))
            .filter(post::Column::CohortId.is_not_null())
            .count(db)
            .await?;
        if used > 0 {
            return Err(Error::conflict(
                "cohorts_in_use",
                "posts already belong to these cohorts; they cannot be regenerated",
            ));
        }
    }
    let all = member::Entity::find()
        .filter(member::Column::CourseId.eq(course_id))
        .order_by_asc(member::Column::Id)
        .all(db)
        .await?;
    let (learners, facilitators): (Vec<member::Model>, Vec<member::Model>) =
        all.into_iter().partition(|m| m.role == "learner");
    if learners.is_empty() {
        return Err(Error::invalid("no_learners", "the roster has no learners yet"));
    }
    let people: Vec<_> = learners.iter().map(person).collect();
    let groups = crate::cohort_gen::generate(&people, size, input.seed.unwrap_or(0))
        .map_err(|e| Error::invalid("validation_failed", e.to_string()))?;
    let facs: Vec<_> = facilitators.iter().map(person).collect();
    let group_people: Vec<Vec<&crate::cohort_gen::Person>> =
        groups.iter().map(|g| g.iter().map(|&i| &people[i]).collect()).collect();
    let fac_of = crate::cohort_gen::assign_facilitators(&group_people, &facs);

    let txn = db.begin().await?;
    if !existing.is_empty() {
        cohort_member::Entity::delete_many().filter(cohort_member::Column::CourseId.eq(course_id)).exec(&txn).await?;
        cohort::Entity::delete_many().filter(cohort::Column::CourseId.eq(course_id)).exec(&txn).await?;
    }
    let now = Utc::now();
    let mut out = Vec::new();
    for (n, g) in groups.iter().enumerate() {
        let c = cohort::ActiveModel {
            id: Set(new_id("coh")),
            course_id: Set(course_id.to_owned()),
            name: Set(format!("Cohort {}", n + 1)),
            created_at: Set(now),
        }
        .insert(&txn)
        .await?;
        let mut ms: Vec<&member::Model> = g.iter().map(|&i| &learners[i]).collect();
        ms.extend(fac_of.get(n).into_iter().flatten().map(|&i| &facilitators[i]));
        cohort_member::Entity::insert_many(ms.iter().map(|m| cohort_member::ActiveModel {
            cohort_id: Set(c.id.clone()),
            member_id: Set(m.id.clone()),
            course_id: Set(course_id.to_owned()),
        }))
        .exec(&txn)
        .await?;
        let members: Vec<Member> = ms.into_iter().cloned().map(Member::from).collect();
        out.push(CohortWithMembers {
            cohort: Cohort {
                id: c.id,
                course_id: c.course_id,
                name: c.name,
                member_count: members.len() as u64,
                created_at: c.created_at,
            },
            members,
        });
    }
    txn.commit().await?;
    let countries_per_cohort = group_people
        .iter()
        .map(|g| g.iter().filter_map(|p| p.country.clone()).collect::<std::collections::BTreeSet<_>>().len())
        .collect();
    let shared_languages = group_people.iter().map(|g| crate::cohort_gen::shared_languages(g)).collect();
    Ok(GeneratedCohorts { cohorts: out, countries_per_cohort, shared_languages })
}

/// Puts learners who joined after cohorts were made where they add most diversity.
pub async fn place_late_joiners(db: &DatabaseConnection, course_id: &str, member_ids: &[String]) -> Result<usize> {
    if member_ids.is_empty() {
        return Ok(0);
    }
    let cohorts = cohort::Entity::find()
        .filter(cohort::Column::CourseId.eq(course_id))
        .order_by_asc(cohort::Column::Id)
        .all(db)
        .await?;
    if cohorts.is_empty() {
        return Ok(0);
    }
    let links = cohort_member::Entity::find().filter(cohort_member::Column::CourseId.eq(course_id)).all(db).await?;
    let members: std::collections::HashMap<String, member::Model> = member::Entity::find()
        .filter(member::Column::CourseId.eq(course_id))
        .all(db)
        .await?
        .into_iter()
        .map(|m| (m.id.clone(), m))
        .collect();
    let mut groups: Vec<Vec<crate::cohort_gen::Person>> = cohorts
        .iter()
        .map(|c| {
            links
                .iter()
                .filter(|l| l.cohort_id == c.id)
                .filter_map(|l| members.get(&l.member_id))
                .filter(|m| m.role == "learner")
                .map(person)
                .collect()
        })
        .collect();
    let mut placed = 0;
    for id in member_ids {
        let Some(m) = members.get(id).filter(|m| m.role == "learner") else { continue };
        if links.iter().any(|l| &l.member_id == id) {
            continue;
        }
        let p = person(m);
        let refs: Vec<Vec<&crate::cohort_gen::Person>> = groups.iter().map(|g| g.iter().collect()).collect();
        let Some(i) = crate::cohort_gen::place_late_joiner(&refs, &p) else { continue };
        cohort_member::ActiveModel {
            cohort_id: Set(cohorts[i].id.clone()),
            member_id: Set(m.id.clone()),
            course_id: Set(course_id.to_owned()),
        }
        .insert(db)
        .await?;
        groups[i].push(p);
        placed += 1;
    }
    Ok(placed)
}
