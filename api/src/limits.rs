//! Abuse limits of the API: per member and per team rate limits on creating uploads, posts,
//! replies, flags and sign-in links (429 `rate_limited`), the daily upload volume per member
//! (413 `daily_upload_volume_exceeded`) and the storage quota per course (413
//! `course_storage_quota_exceeded`). Counters live in the database (`crosstalk_core::limits`),
//! so every instance sharing it enforces one limit, not one each.

use actix_web::http::StatusCode;
use chrono::Utc;
use crosstalk_core::auth::Principal;
use crosstalk_core::entities::member;
use crosstalk_core::limits::{self, describe_window, Take};

use crate::config::Config;
use crate::error::{ApiError, ApiResult};
use crate::state::AppState;

/// What a rate limit counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    Upload,
    Post,
    Reply,
    Flag,
    SignInLink,
}

impl Action {
    pub fn as_str(self) -> &'static str {
        match self {
            Action::Upload => "upload",
            Action::Post => "post",
            Action::Reply => "reply",
            Action::Flag => "flag",
            Action::SignInLink => "sign_in_link",
        }
    }

    fn plural(self) -> &'static str {
        match self {
            Action::Upload => "uploads",
            Action::Post => "posts",
            Action::Reply => "replies",
            Action::Flag => "flags",
            Action::SignInLink => "sign-in links",
        }
    }
}

/// The configured limits; 0 turns one off.
#[derive(Debug, Clone)]
pub struct Limits {
    pub window_secs: i64,
    pub uploads: u64,
    pub posts: u64,
    pub replies: u64,
    pub flags: u64,
    pub sign_in_links: u64,
    pub team: u64,
    pub upload_daily_bytes: u64,
    pub course_storage_bytes: u64,
}

/// The daily upload volume's window: a UTC day.
const DAY: i64 = 86_400;

impl Limits {
    pub fn from_config(c: &Config) -> Self {
        Limits {
            window_secs: i64::try_from(c.rate_limit_window_seconds).unwrap_or(i64::MAX).max(1),
            uploads: c.rate_limit_uploads,
            posts: c.rate_limit_posts,
            replies: c.rate_limit_replies,
            flags: c.rate_limit_flags,
            sign_in_links: c.rate_limit_sign_in_links,
            team: c.rate_limit_team,
            upload_daily_bytes: c.upload_daily_bytes,
            course_storage_bytes: c.course_storage_bytes,
        }
    }

    fn per_member(&self, a: Action) -> u64 {
        match a {
            Action::Upload => self.uploads,
            Action::Post => self.posts,
            Action::Reply => self.replies,
            Action::Flag => self.flags,
            Action::SignInLink => self.sign_in_links,
        }
    }
}

fn as_limit(n: u64) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

/// Counts one `action` by the caller against their own limit and their team's, or refuses with
/// 429 `rate_limited` and `Retry-After` (nothing is counted then).
pub async fn rate(state: &AppState, action: Action, caller: &Principal) -> ApiResult<()> {
    let team_id = match caller {
        Principal::Team { team_id, .. } | Principal::Member { team_id, .. } => team_id,
    };
    take_rate(state, action, team_id, &caller.scope()).await
}

/// Counts one sign-in link minted by `team_id` for the member `member_id`.
pub async fn rate_sign_in_link(state: &AppState, team_id: &str, member_id: &str) -> ApiResult<()> {
    take_rate(state, Action::SignInLink, team_id, &format!("member:{member_id}")).await
}

async fn take_rate(state: &AppState, action: Action, team_id: &str, subject: &str) -> ApiResult<()> {
    let l = &state.limits;
    let mut takes = Vec::with_capacity(2);
    if l.per_member(action) > 0 {
        takes.push(Take {
            scope: format!("{}:{subject}", action.as_str()),
            amount: 1,
            limit: as_limit(l.per_member(action)),
            window_secs: l.window_secs,
        });
    }
    if l.team > 0 {
        takes.push(Take {
            scope: format!("{}:all-of-team:{team_id}", action.as_str()),
            amount: 1,
            limit: as_limit(l.team),
            window_secs: l.window_secs,
        });
    }
    if takes.is_empty() {
        return Ok(());
    }
    let Err(refused) = limits::take_all(&state.db, &takes, Utc::now()).await? else { return Ok(()) };
    let whose = if refused.scope.contains(":all-of-team:") { "team" } else { "member" };
    state.metrics.rate_limited.with_label_values(&[action.as_str(), whose]).inc();
    let subject = match (whose, action) {
        ("team", _) => "this team and its members together",
        (_, Action::SignInLink) => "this member",
        _ => "you",
    };
    Err(ApiError::Limited {
        status: StatusCode::TOO_MANY_REQUESTS,
        code: "rate_limited",
        detail: format!(
            "{subject} may create at most {} {} per {}; try again in {} s",
            refused.limit,
            action.plural(),
            describe_window(refused.window_secs),
            refused.retry_after
        ),
        retry_after: Some(refused.retry_after),
    })
}

/// Refuses an upload of `length` bytes that would take the member's course over its storage quota
/// (413 `course_storage_quota_exceeded`, no `Retry-After`: space comes back when something is deleted).
pub async fn course_storage(state: &AppState, m: &member::Model, length: u64) -> ApiResult<()> {
    let quota = state.limits.course_storage_bytes;
    if quota == 0 {
        return Ok(());
    }
    let used = u64::try_from(limits::course_storage_bytes(&state.db, &m.course_id, Utc::now()).await?).unwrap_or(0);
    if used.saturating_add(length) <= quota {
        return Ok(());
    }
    state.metrics.quota_exceeded.with_label_values(&["course_storage"]).inc();
    Err(ApiError::Limited {
        status: StatusCode::PAYLOAD_TOO_LARGE,
        code: "course_storage_quota_exceeded",
        detail: format!(
            "this course holds {used} of its {quota} bytes; an upload of {length} bytes does not fit \
             (ask the course team to free space)"
        ),
        retry_after: None,
    })
}

/// Counts `length` bytes against the member's daily upload volume (UTC days), or refuses with 413
/// `daily_upload_volume_exceeded` and `Retry-After` until the next day (nothing is counted then).
pub async fn daily_volume(state: &AppState, m: &member::Model, length: u64) -> ApiResult<()> {
    let limit = state.limits.upload_daily_bytes;
    if limit == 0 || length == 0 {
        return Ok(());
    }
    let take = Take {
        scope: format!("upload_bytes:member:{}", m.id),
        amount: as_limit(length),
        limit: as_limit(limit),
        window_secs: DAY,
    };
    let Err(refused) = limits::take_all(&state.db, &[take], Utc::now()).await? else { return Ok(()) };
    state.metrics.quota_exceeded.with_label_values(&["daily_upload_volume"]).inc();
    Err(ApiError::Limited {
        status: StatusCode::PAYLOAD_TOO_LARGE,
        code: "daily_upload_volume_exceeded",
        detail: format!(
            "uploads of at most {limit} bytes a day; this one ({length} bytes) does not fit today, \
             try again in {} s",
            refused.retry_after
        ),
        retry_after: Some(refused.retry_after),
    })
}
