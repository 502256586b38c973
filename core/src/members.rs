//! The course roster (learners and facilitators) and member tokens.

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Duration, Utc};
use sea_orm::{
    ActiveModelTrait as _, ColumnTrait as _, DatabaseConnection, EntityTrait as _, QueryFilter as _, QueryOrder as _,
    QuerySelect as _, Set, TransactionTrait as _,
};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::auth::{mint_token, SigningKey, TokenClaims, DEFAULT_TOKEN_TTL_SECS, MAX_TOKEN_TTL_SECS};
use crate::entities::{course, member};
use crate::error::{Error, Result};
use crate::ids::new_id;
use crate::pagination::{Page, PageParams};
use crate::validate;

/// Most members one roster call may carry.
pub const MAX_ROSTER_BATCH: usize = 5000;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Learner,
    Facilitator,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Learner => "learner",
            Role::Facilitator => "facilitator",
        }
    }
    pub fn parse(s: &str) -> Self {
        if s == "facilitator" {
            Role::Facilitator
        } else {
            Role::Learner
        }
    }
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MemberInput {
    /// The team's id for this person (e.g. the MOOC platform's user id); unique in the course.
    pub external_id: String,
    pub role: Role,
    pub display_name: String,
    pub email: Option<String>,
    /// ISO 3166-1 alpha-2 code.
    pub country: Option<String>,
    /// Languages the member can exchange in, as language tags.
    #[serde(default)]
    pub languages: Vec<String>,
    /// UI and email locale (default `en`).
    pub locale: Option<String>,
}

#[derive(Debug, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RosterUpsert {
    /// Members to create or update, matched on `external_id`; members not listed are kept.
    pub members: Vec<MemberInput>,
}

/// The body is an object; a bare array of members (an easy mistake) is answered with what
/// to send instead of serde's "invalid type: map, expected a sequence", which reads
/// backwards to a person.
impl<'de> Deserialize<'de> for RosterUpsert {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> std::result::Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(deny_unknown_fields)]
        struct Object {
            members: Vec<MemberInput>,
        }
        struct Body;
        impl<'de> serde::de::Visitor<'de> for Body {
            type Value = RosterUpsert;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(r#"an object {"members": [...]}"#)
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(self, _: A) -> std::result::Result<Self::Value, A::Error> {
                Err(serde::de::Error::custom(
                    r#"the body must be an object {"members": [...]}, not a bare array of members"#,
                ))
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(self, map: A) -> std::result::Result<Self::Value, A::Error> {
                let Object { members } = Object::deserialize(serde::de::value::MapAccessDeserializer::new(map))?;
                Ok(RosterUpsert { members })
            }
        }
        deserializer.deserialize_any(Body)
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct RosterResult {
    pub created: u64,
    pub updated: u64,
    /// New learners placed into existing cohorts (where they add most diversity).
    pub placed_in_cohorts: u64,
    #[serde(skip)]
    pub created_ids: Vec<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Member {
    pub id: String,
    pub course_id: String,
    pub external_id: String,
    pub role: Role,
    pub display_name: String,
    pub email: Option<String>,
    pub country: Option<String>,
    pub languages: Vec<String>,
    pub locale: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl From<member::Model> for Member {
    fn from(m: member::Model) -> Self {
        Member {
            id: m.id,
            course_id: m.course_id,
            external_id: m.external_id,
            role: Role::parse(&m.role),
            display_name: m.display_name,
            email: m.email,
            country: m.country,
            languages: split_languages(&m.languages),
            locale: m.locale,
            created_at: m.created_at,
            updated_at: m.updated_at,
        }
    }
}

pub fn split_languages(s: &str) -> Vec<String> {
    s.split(',').filter(|l| !l.is_empty()).map(str::to_owned).collect()
}

#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TokenRequest {
    /// Lifetime in seconds, 60..=86400 (default 3600).
    pub ttl_seconds: Option<i64>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct MemberToken {
    /// Send as `Authorization: Bearer <token>`.
    pub token: String,
    pub expires_at: DateTime<Utc>,
    pub member_id: String,
    pub course_id: String,
    pub external_id: String,
    pub role: Role,
}

struct Clean {
    external_id: String,
    role: &'static str,
    display_name: String,
    email: Option<String>,
    country: Option<String>,
    languages: String,
    locale: String,
}

fn clean(i: &MemberInput, n: usize) -> Result<Clean> {
    let at = |e: Error| match e {
        Error::Invalid { code, detail } => Error::invalid(code, format!("members[{n}]: {detail}")),
        e => e,
    };
    let languages = i
        .languages
        .iter()
        .map(|l| validate::language_tag("languages", l).map(|l| l.to_ascii_lowercase()))
        .collect::<Result<Vec<_>>>()
        .map_err(at)?;
    if languages.len() > 10 {
        return Err(at(Error::invalid("validation_failed", "at most 10 languages")));
    }
    Ok(Clean {
        external_id: validate::external_id("external_id", &i.external_id).map_err(at)?,
        role: i.role.as_str(),
        display_name: validate::text("display_name", &i.display_name, 200, true).map_err(at)?,
        email: i.email.as_deref().map(validate::email).transpose().map_err(at)?,
        country: i.country.as_deref().map(validate::country).transpose().map_err(at)?,
        languages: languages.join(","),
        locale: validate::language_tag("locale", i.locale.as_deref().unwrap_or("en")).map_err(at)?,
    })
}

/// Creates or updates every listed member in one transaction: all or nothing.
pub async fn upsert_roster(db: &DatabaseConnection, course_id: &str, input: RosterUpsert) -> Result<RosterResult> {
    if input.members.is_empty() {
        return Err(Error::invalid("validation_failed", "members must not be empty"));
    }
    if input.members.len() > MAX_ROSTER_BATCH {
        return Err(Error::invalid("roster_too_large", format!("at most {MAX_ROSTER_BATCH} members per call")));
    }
    let rows = input.members.into_iter().enumerate().map(|(n, m)| clean(&m, n)).collect::<Result<Vec<_>>>()?;
    let mut seen = HashSet::new();
    for r in &rows {
        if !seen.insert(r.external_id.as_str()) {
            return Err(Error::invalid(
                "duplicate_external_id",
                format!("external_id {} is listed twice", r.external_id),
            ));
        }
    }
    // Read first, then write in a transaction that starts with its first write (SQLite cannot
    // upgrade a read transaction once another writer has committed).
    let mut existing: HashMap<String, member::Model> = HashMap::new();
    for chunk in rows.chunks(500) {
        let ids: Vec<&str> = chunk.iter().map(|r| r.external_id.as_str()).collect();
        for m in member::Entity::find()
            .filter(member::Column::CourseId.eq(course_id))
            .filter(member::Column::ExternalId.is_in(ids))
            .all(db)
            .await?
        {
            existing.insert(m.external_id.clone(), m);
        }
    }
    let now = Utc::now();
    let txn = db.begin().await?;
    let (mut created, mut updated) = (0, 0);
    let mut created_ids = Vec::new();
    let mut inserts = Vec::new();
    for r in rows {
        match existing.remove(&r.external_id) {
            Some(m) => {
                let mut am: member::ActiveModel = m.into();
                am.role = Set(r.role.to_owned());
                am.display_name = Set(r.display_name);
                am.email = Set(r.email);
                am.country = Set(r.country);
                am.languages = Set(r.languages);
                am.locale = Set(r.locale);
                am.updated_at = Set(now);
                am.update(&txn).await?;
                updated += 1;
            }
            None => {
                let id = new_id("mem");
                created_ids.push(id.clone());
                inserts.push(member::ActiveModel {
                    id: Set(id),
                    course_id: Set(course_id.to_owned()),
                    external_id: Set(r.external_id),
                    role: Set(r.role.to_owned()),
                    display_name: Set(r.display_name),
                    email: Set(r.email),
                    country: Set(r.country),
                    languages: Set(r.languages),
                    locale: Set(r.locale),
                    created_at: Set(now),
                    updated_at: Set(now),
                });
                created += 1;
            }
        }
    }
    // Bounded batches keep each statement under SQLite's bind-parameter limit.
    let mut inserts = inserts.into_iter().peekable();
    while inserts.peek().is_some() {
        let batch: Vec<_> = inserts.by_ref().take(200).collect();
        member::Entity::insert_many(batch).exec(&txn).await.map_err(|e| match e.sql_err() {
            Some(sea_orm::SqlErr::UniqueConstraintViolation(_)) => {
                Error::conflict("roster_conflict", "another roster update added the same members; retry")
            }
            _ => e.into(),
        })?;
    }
    txn.commit().await?;
    let placed = crate::cohorts::place_late_joiners(db, course_id, &created_ids).await? as u64;
    Ok(RosterResult { created, updated, placed_in_cohorts: placed, created_ids })
}

#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct MemberFilter {
    pub cursor: Option<String>,
    pub limit: Option<u64>,
    /// Only members with this role.
    pub role: Option<Role>,
}

pub async fn list(db: &DatabaseConnection, course_id: &str, f: &MemberFilter) -> Result<Page<Member>> {
    let page = PageParams { cursor: f.cursor.clone(), limit: f.limit };
    let limit = page.limit()?;
    let mut q = member::Entity::find().filter(member::Column::CourseId.eq(course_id));
    if let Some(role) = f.role {
        q = q.filter(member::Column::Role.eq(role.as_str()));
    }
    if let Some(after) = page.after::<String>()? {
        q = q.filter(member::Column::Id.gt(after));
    }
    let rows = q.order_by_asc(member::Column::Id).limit(limit + 1).all(db).await?;
    Ok(Page::from_rows(rows, limit, |r| r.id.clone(), Member::from))
}

pub async fn by_external_id(db: &DatabaseConnection, course_id: &str, external_id: &str) -> Result<member::Model> {
    if validate::external_id("external_id", external_id).is_err() {
        return Err(Error::NotFound("member"));
    }
    member::Entity::find()
        .filter(member::Column::CourseId.eq(course_id))
        .filter(member::Column::ExternalId.eq(external_id))
        .one(db)
        .await?
        .ok_or(Error::NotFound("member"))
}

pub fn mint(key: &SigningKey, course: &course::Model, m: &member::Model, req: &TokenRequest) -> Result<MemberToken> {
    let ttl = req.ttl_seconds.unwrap_or(DEFAULT_TOKEN_TTL_SECS);
    if !(60..=MAX_TOKEN_TTL_SECS).contains(&ttl) {
        return Err(Error::invalid(
            "validation_failed",
            format!("ttl_seconds must be between 60 and {MAX_TOKEN_TTL_SECS}"),
        ));
    }
    let expires_at = Utc::now() + Duration::seconds(ttl);
    let claims = TokenClaims {
        sub: m.id.clone(),
        course: course.id.clone(),
        team: course.team_id.clone(),
        ext: m.external_id.clone(),
        role: m.role.clone(),
        exp: expires_at.timestamp(),
    };
    Ok(MemberToken {
        token: mint_token(key, &claims),
        expires_at,
        member_id: m.id.clone(),
        course_id: course.id.clone(),
        external_id: m.external_id.clone(),
        role: Role::parse(&m.role),
    })
}
