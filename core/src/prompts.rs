//! Prompts: the question of a module that learners answer with a video, and its rules.

use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait as _, ColumnTrait as _, DatabaseConnection, EntityTrait as _, QueryFilter as _, QueryOrder as _,
    QuerySelect as _, Set,
};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::entities::{module, prompt};
use crate::error::{Error, Result};
use crate::ids::new_id;
use crate::pagination::{Page, PageParams};
use crate::validate;

/// Longest answer a prompt may ask for, in seconds.
pub const MAX_SECONDS_LIMIT: i32 = 600;

/// `closes_at` of a prompt created without one: it stays open (the last second of year
/// 9999, which every database and RFC 3339 client handles). A team closes it later by
/// setting `closes_at`; mails leave the closing date out.
pub const OPEN_ENDED: DateTime<Utc> = match DateTime::from_timestamp(253_402_300_799, 0) {
    Some(t) => t,
    None => DateTime::<Utc>::MAX_UTC,
};

/// How posts of a prompt become visible.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Moderation {
    /// Visible as soon as the video is ready.
    Post,
    /// Pending until a facilitator approves.
    Pre,
    /// A learner's first post, and posts of learners with an earlier removal, are pending.
    Hybrid,
}

impl Moderation {
    pub fn as_str(self) -> &'static str {
        match self {
            Moderation::Post => "post",
            Moderation::Pre => "pre",
            Moderation::Hybrid => "hybrid",
        }
    }
    fn parse(s: &str) -> Self {
        match s {
            "pre" => Moderation::Pre,
            "hybrid" => Moderation::Hybrid,
            _ => Moderation::Post,
        }
    }
}

/// Whether learners can answer now.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum PromptState {
    Upcoming,
    Open,
    Closed,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewPrompt {
    pub title: String,
    #[serde(default)]
    pub body: String,
    /// When learners may start answering; omitted: now.
    pub opens_at: Option<DateTime<Utc>>,
    /// Must be after `opens_at`; omitted: the prompt stays open (`9999-12-31T23:59:59Z`).
    pub closes_at: Option<DateTime<Utc>>,
    /// Shortest accepted answer in seconds (default 1); 1 <= min_seconds <= max_seconds.
    pub min_seconds: Option<i32>,
    /// Longest accepted answer in seconds (default 600, at most 600).
    pub max_seconds: Option<i32>,
    /// Default `post`.
    pub moderation: Option<Moderation>,
    /// How deep video replies may nest, 0..=5 (default 2).
    pub max_reply_depth: Option<i32>,
    /// Learners who have not answered this many days after `opens_at` get one email nudge
    /// (0..=60, default 3; 0: never).
    pub nudge_after_days: Option<i32>,
    /// The nudge's text, at most 2000 characters; `{name}` and `{prompt}` are filled in.
    /// Empty (the default): a standard text in the learner's language.
    #[serde(default)]
    pub nudge_message: String,
    /// How many peers' posts a learner replies to, besides answering, to complete the prompt
    /// (0..=20, default 1). Completion sends a score to the LTI platform's gradebook.
    pub required_replies: Option<i32>,
}

#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PromptPatch {
    pub title: Option<String>,
    pub body: Option<String>,
    pub opens_at: Option<DateTime<Utc>>,
    pub closes_at: Option<DateTime<Utc>>,
    pub min_seconds: Option<i32>,
    pub max_seconds: Option<i32>,
    pub moderation: Option<Moderation>,
    pub max_reply_depth: Option<i32>,
    pub nudge_after_days: Option<i32>,
    pub nudge_message: Option<String>,
    pub required_replies: Option<i32>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Prompt {
    pub id: String,
    pub module_id: String,
    pub course_id: String,
    pub title: String,
    pub body: String,
    pub opens_at: DateTime<Utc>,
    pub closes_at: DateTime<Utc>,
    pub min_seconds: i32,
    pub max_seconds: i32,
    pub moderation: Moderation,
    pub max_reply_depth: i32,
    pub nudge_after_days: i32,
    pub nudge_message: String,
    /// Peers a learner replies to, besides answering, to complete the prompt.
    pub required_replies: i32,
    pub state: PromptState,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl Prompt {
    pub fn from_model(m: prompt::Model, now: DateTime<Utc>) -> Self {
        let state = if now < m.opens_at {
            PromptState::Upcoming
        } else if now < m.closes_at {
            PromptState::Open
        } else {
            PromptState::Closed
        };
        Prompt {
            id: m.id,
            module_id: m.module_id,
            course_id: m.course_id,
            title: m.title,
            body: m.body,
            opens_at: m.opens_at,
            closes_at: m.closes_at,
            min_seconds: m.min_seconds,
            max_seconds: m.max_seconds,
            moderation: Moderation::parse(&m.moderation),
            max_reply_depth: m.max_reply_depth,
            nudge_after_days: m.nudge_after_days,
            nudge_message: m.nudge_message,
            required_replies: m.required_replies,
            state,
            created_at: m.created_at,
            updated_at: m.updated_at,
        }
    }
}

/// The rules every prompt keeps, checked on the values after a create or patch.
fn check(opens: DateTime<Utc>, closes: DateTime<Utc>, min: i32, max: i32, depth: i32, nudge: i32) -> Result<()> {
    if !(0..=60).contains(&nudge) {
        return Err(Error::invalid("validation_failed", "nudge_after_days must be between 0 and 60"));
    }
    if closes <= opens {
        return Err(Error::invalid("validation_failed", "closes_at must be after opens_at"));
    }
    if !(1 <= min && min <= max && max <= MAX_SECONDS_LIMIT) {
        return Err(Error::invalid(
            "validation_failed",
            format!("seconds must satisfy 1 <= min_seconds <= max_seconds <= {MAX_SECONDS_LIMIT}"),
        ));
    }
    if !(0..=5).contains(&depth) {
        return Err(Error::invalid("validation_failed", "max_reply_depth must be between 0 and 5"));
    }
    Ok(())
}

/// `required_replies` within 0..=MAX_REQUIRED_REPLIES.
fn check_replies(n: i32) -> Result<i32> {
    if !(0..=MAX_REQUIRED_REPLIES).contains(&n) {
        return Err(Error::invalid(
            "validation_failed",
            format!("required_replies must be between 0 and {MAX_REQUIRED_REPLIES}"),
        ));
    }
    Ok(n)
}

/// The most peers a prompt may ask a learner to reply to.
pub const MAX_REQUIRED_REPLIES: i32 = 20;

pub async fn create(db: &DatabaseConnection, module: &module::Model, input: NewPrompt) -> Result<Prompt> {
    let min = input.min_seconds.unwrap_or(1);
    let max = input.max_seconds.unwrap_or(MAX_SECONDS_LIMIT);
    let depth = input.max_reply_depth.unwrap_or(2);
    let nudge = input.nudge_after_days.unwrap_or(3);
    let now = Utc::now();
    let opens_at = input.opens_at.unwrap_or(now);
    let closes_at = input.closes_at.unwrap_or(OPEN_ENDED);
    check(opens_at, closes_at, min, max, depth, nudge)?;
    let required_replies = check_replies(input.required_replies.unwrap_or(1))?;
    let row = prompt::ActiveModel {
        id: Set(new_id("prm")),
        module_id: Set(module.id.clone()),
        course_id: Set(module.course_id.clone()),
        title: Set(validate::text("title", &input.title, 300, true)?),
        body: Set(validate::text("body", &input.body, 20_000, false)?),
        opens_at: Set(opens_at),
        closes_at: Set(closes_at),
        min_seconds: Set(min),
        max_seconds: Set(max),
        moderation: Set(input.moderation.unwrap_or(Moderation::Post).as_str().to_owned()),
        max_reply_depth: Set(depth),
        nudge_after_days: Set(nudge),
        nudge_message: Set(validate::text("nudge_message", &input.nudge_message, 2000, false)?),
        required_replies: Set(required_replies),
        created_at: Set(now),
        updated_at: Set(now),
    }
    .insert(db)
    .await?;
    Ok(Prompt::from_model(row, now))
}

pub async fn update(db: &DatabaseConnection, existing: prompt::Model, patch: PromptPatch) -> Result<Prompt> {
    check(
        patch.opens_at.unwrap_or(existing.opens_at),
        patch.closes_at.unwrap_or(existing.closes_at),
        patch.min_seconds.unwrap_or(existing.min_seconds),
        patch.max_seconds.unwrap_or(existing.max_seconds),
        patch.max_reply_depth.unwrap_or(existing.max_reply_depth),
        patch.nudge_after_days.unwrap_or(existing.nudge_after_days),
    )?;
    let mut am: prompt::ActiveModel = existing.into();
    if let Some(t) = patch.title {
        am.title = Set(validate::text("title", &t, 300, true)?);
    }
    if let Some(b) = patch.body {
        am.body = Set(validate::text("body", &b, 20_000, false)?);
    }
    if let Some(v) = patch.opens_at {
        am.opens_at = Set(v);
    }
    if let Some(v) = patch.closes_at {
        am.closes_at = Set(v);
    }
    if let Some(v) = patch.min_seconds {
        am.min_seconds = Set(v);
    }
    if let Some(v) = patch.max_seconds {
        am.max_seconds = Set(v);
    }
    if let Some(v) = patch.moderation {
        am.moderation = Set(v.as_str().to_owned());
    }
    if let Some(v) = patch.max_reply_depth {
        am.max_reply_depth = Set(v);
    }
    if let Some(v) = patch.nudge_after_days {
        am.nudge_after_days = Set(v);
    }
    if let Some(v) = patch.nudge_message {
        am.nudge_message = Set(validate::text("nudge_message", &v, 2000, false)?);
    }
    if let Some(v) = patch.required_replies {
        am.required_replies = Set(check_replies(v)?);
    }
    let now = Utc::now();
    am.updated_at = Set(now);
    Ok(Prompt::from_model(am.update(db).await?, now))
}

pub async fn list(db: &DatabaseConnection, module_id: &str, page: &PageParams) -> Result<Page<Prompt>> {
    let limit = page.limit()?;
    let mut q = prompt::Entity::find().filter(prompt::Column::ModuleId.eq(module_id));
    if let Some(after) = page.after::<String>()? {
        q = q.filter(prompt::Column::Id.gt(after));
    }
    let rows = q.order_by_asc(prompt::Column::Id).limit(limit + 1).all(db).await?;
    let now = Utc::now();
    Ok(Page::from_rows(rows, limit, |r| r.id.clone(), |m| Prompt::from_model(m, now)))
}

pub async fn find(db: &DatabaseConnection, id: &str) -> Result<prompt::Model> {
    if !crate::ids::is_valid("prm", id) {
        return Err(Error::NotFound("prompt"));
    }
    prompt::Entity::find_by_id(id).one(db).await?.ok_or(Error::NotFound("prompt"))
}
