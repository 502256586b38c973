//! Seeds the demo team and course from `fixtures/demo/course.json` (idempotent: running it
//! again updates the same course and mints a fresh key).

use anyhow::Context as _;
use chrono::{Duration, Utc};
use sea_orm::{ColumnTrait as _, DatabaseConnection, EntityTrait as _, QueryFilter as _};
use serde::Deserialize;

use crate::auth::SigningKey;
use crate::cohorts::{self, CohortMembersPut, NewCohort};
use crate::course_modules::{self, NewModule};
use crate::courses::{self, NewCourse};
use crate::entities::{cohort, course, module, prompt, team};
use crate::members::{self, MemberInput, RosterUpsert, TokenRequest};
use crate::prompts::{self, Moderation, NewPrompt};
use crate::teams;

#[derive(Deserialize)]
struct DemoFile {
    team_name: String,
    course: NewCourse,
    modules: Vec<DemoModule>,
    members: Vec<MemberInput>,
    cohorts: Vec<DemoCohort>,
}

#[derive(Deserialize)]
struct DemoModule {
    title: String,
    description: String,
    prompt: DemoPrompt,
}

#[derive(Deserialize)]
struct DemoPrompt {
    title: String,
    body: String,
    opens_in_days: i64,
    closes_in_days: i64,
    min_seconds: i32,
    max_seconds: i32,
    moderation: Moderation,
    max_reply_depth: i32,
}

#[derive(Deserialize)]
struct DemoCohort {
    name: String,
    facilitator: String,
    learners: Vec<String>,
}

/// What `crosstalk demo` prints.
#[derive(Debug)]
pub struct DemoSeed {
    pub team_id: String,
    pub api_key: String,
    pub course_id: String,
    pub prompt_ids: Vec<String>,
    /// (external id, role, token), a few learners and the facilitators.
    pub tokens: Vec<(String, String, String)>,
}

pub async fn seed(db: &DatabaseConnection, key: &SigningKey, json: &str) -> anyhow::Result<DemoSeed> {
    let file: DemoFile = serde_json::from_str(json).context("parsing the demo course file")?;
    let existing_team = team::Entity::find().filter(team::Column::Name.eq(&file.team_name)).one(db).await?;
    let (team_id, api_key) = match existing_team {
        Some(t) => {
            let (_, secret) = teams::create_key(db, &t.id, "demo").await?;
            (t.id, secret)
        }
        None => {
            let created = teams::create_team(db, &file.team_name).await?;
            (created.team.id, created.secret)
        }
    };
    let ext = file.course.external_ref.clone().unwrap_or_default();
    let course = match course::Entity::find()
        .filter(course::Column::TeamId.eq(&team_id))
        .filter(course::Column::ExternalRef.eq(&ext))
        .one(db)
        .await?
    {
        Some(c) => c,
        None => {
            let c = courses::create(db, &team_id, file.course).await?;
            course::Entity::find_by_id(c.id).one(db).await?.context("demo course vanished")?
        }
    };
    let mut prompt_ids = Vec::new();
    let now = Utc::now();
    for (i, m) in file.modules.into_iter().enumerate() {
        let existing = module::Entity::find()
            .filter(module::Column::CourseId.eq(&course.id))
            .filter(module::Column::Title.eq(&m.title))
            .one(db)
            .await?;
        let module = match existing {
            Some(m) => m,
            None => {
                let new = NewModule { title: m.title, description: m.description, position: Some(i as i32) };
                let created = course_modules::create(db, &course.id, new).await?;
                module::Entity::find_by_id(created.id).one(db).await?.context("demo module vanished")?
            }
        };
        let p = prompt::Entity::find().filter(prompt::Column::ModuleId.eq(&module.id)).one(db).await?;
        let id = match p {
            Some(p) => p.id,
            None => {
                let new = NewPrompt {
                    title: m.prompt.title,
                    body: m.prompt.body,
                    opens_at: Some(now + Duration::days(m.prompt.opens_in_days)),
                    closes_at: Some(now + Duration::days(m.prompt.closes_in_days)),
                    min_seconds: Some(m.prompt.min_seconds),
                    max_seconds: Some(m.prompt.max_seconds),
                    moderation: Some(m.prompt.moderation),
                    max_reply_depth: Some(m.prompt.max_reply_depth),
                    nudge_after_days: None,
                    nudge_message: String::new(),
                    required_replies: None,
                };
                prompts::create(db, &module, new).await?.id
            }
        };
        prompt_ids.push(id);
    }
    members::upsert_roster(db, &course.id, RosterUpsert { members: file.members }).await?;
    for c in file.cohorts {
        let existing = cohort::Entity::find()
            .filter(cohort::Column::CourseId.eq(&course.id))
            .filter(cohort::Column::Name.eq(&c.name))
            .one(db)
            .await?;
        let row = match existing {
            Some(r) => r,
            None => {
                let created = cohorts::create(db, &course.id, NewCohort { name: c.name }).await?;
                cohorts::find(db, &created.id).await?
            }
        };
        let mut ids = c.learners;
        ids.push(c.facilitator);
        cohorts::set_members(db, row, CohortMembersPut { external_ids: ids }).await?;
    }
    let mut tokens = Vec::new();
    for ext in ["amina-ma", "lukas-de", "sofia-es", "fac-marta", "fac-youssef"] {
        let m = members::by_external_id(db, &course.id, ext).await?;
        let t = members::mint(key, &course, &m, &TokenRequest { ttl_seconds: Some(24 * 3600) })?;
        tokens.push((ext.to_owned(), m.role.clone(), t.token));
    }
    Ok(DemoSeed { team_id, api_key, course_id: course.id, prompt_ids, tokens })
}

/// A demo member's sign-in link, as `crosstalk demo` prints it.
#[derive(Debug)]
pub struct DemoLink {
    pub display_name: String,
    pub external_id: String,
    pub role: String,
    pub cohort: Option<String>,
    pub url: String,
}

/// A fresh sign-in link (7 days, single use) for every member of the demo course, by name.
pub async fn sign_in_links(
    db: &DatabaseConnection,
    public_url: &str,
    course_id: &str,
) -> anyhow::Result<Vec<DemoLink>> {
    let members = crate::entities::member::Entity::find()
        .filter(crate::entities::member::Column::CourseId.eq(course_id))
        .all(db)
        .await?;
    let mut out = Vec::with_capacity(members.len());
    for m in members {
        let cohort = cohorts::of_member(db, &m.id).await?.into_iter().next().map(|c| c.name);
        let link = crate::sessions::mint_link(db, public_url, &m, &crate::sessions::LinkRequest::default()).await?;
        out.push(DemoLink {
            display_name: m.display_name,
            external_id: m.external_id,
            role: m.role,
            cohort,
            url: link.url,
        });
    }
    // Facilitators first, then learners by cohort and name: easy to pick two cohort-mates.
    out.sort_by(|a, b| {
        let key = |l: &DemoLink| (l.role != "facilitator", l.cohort.clone(), l.display_name.clone());
        key(a).cmp(&key(b))
    });
    Ok(out)
}
