//! Moderation: approval modes, flags, facilitator decisions with statements of reasons, mutes,
//! and the append-only audit log of all of them.
//!
//! Transitions (anything else is refused with `invalid_transition`):
//! - `approve`: pending -> visible, or hidden -> visible (clears open flags)
//! - `hide`:    visible | pending -> hidden
//! - `remove`:  visible | pending | hidden -> removed
//! - `restore`: hidden | removed -> visible (clears open flags)
//!
//! Posts still processing, rejected by the transcoder, or deleted by their author cannot be moderated.

//!
//! Every transition locks the post's row inside its transaction before reading its state (see
//! [`lock_post`]), so a flag and a decision that arrive together are applied one after the
//! other, each to the state the other left: no decision is lost.

use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait as _, ColumnTrait as _, ConnectionTrait, DatabaseConnection, EntityTrait as _, QueryFilter as _,
    Set,
};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::auth::Principal;
use crate::entities::post::PostState;
use crate::entities::{audit_entry, course, flag, member, mute, post, prompt};
use crate::error::{Error, Result};
use crate::ids::new_id;

mod audit_log;
mod decide;
mod flags;
mod mutes;
mod queue;
mod queue_context;

pub use audit_log::{audit_log, own_posts, AuditView};
pub use decide::{decide, decide_seen, delete_own};
pub use flags::{flag, FlagView};
pub use mutes::{mute, unmute};
pub use queue::{queue, QueueFilter, QueueItem};
pub use queue_context::{queue_context, ItemContext, ThreadContext};

/// Distinct open flags that hide a post until a facilitator reviews it.
pub const FLAG_THRESHOLD: i32 = 3;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum FlagReason {
    Offensive,
    Harassment,
    Hate,
    Spam,
    OffTopic,
    Privacy,
    SelfHarm,
    Other,
}

impl FlagReason {
    pub fn as_str(self) -> &'static str {
        match self {
            FlagReason::Offensive => "offensive",
            FlagReason::Harassment => "harassment",
            FlagReason::Hate => "hate",
            FlagReason::Spam => "spam",
            FlagReason::OffTopic => "off_topic",
            FlagReason::Privacy => "privacy",
            FlagReason::SelfHarm => "self_harm",
            FlagReason::Other => "other",
        }
    }
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewFlag {
    pub reason: FlagReason,
    /// Optional context for the facilitator (at most 1000 characters).
    pub note: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    Approve,
    Hide,
    Remove,
    Restore,
}

impl Action {
    pub fn as_str(self) -> &'static str {
        match self {
            Action::Approve => "approve",
            Action::Hide => "hide",
            Action::Remove => "remove",
            Action::Restore => "restore",
        }
    }
    /// The state after the action, or `None` when it does not apply to `from`.
    pub fn apply(self, from: PostState) -> Option<PostState> {
        use PostState::*;
        match (self, from) {
            (Action::Approve, Pending | Hidden) => Some(Visible),
            (Action::Hide, Visible | Pending) => Some(Hidden),
            (Action::Remove, Visible | Pending | Hidden) => Some(Removed),
            (Action::Restore, Hidden | Removed) => Some(Visible),
            _ => None,
        }
    }
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Decision {
    pub action: Action,
    /// The statement of reasons, shown to the author (required, at most 2000 characters).
    pub reason: String,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MuteRequest {
    /// Why, shown in the audit log (required).
    pub reason: String,
}

/// Whether a post that just became ready must wait for approval, per its prompt's mode.
pub async fn needs_approval(conn: &impl ConnectionTrait, p: &post::Model) -> Result<bool> {
    let Some(pr) = prompt::Entity::find_by_id(&p.prompt_id).one(conn).await? else { return Ok(false) };
    let author = member::Entity::find_by_id(&p.author_id).one(conn).await?;
    if author.is_some_and(|a| a.role == "facilitator") {
        return Ok(false);
    }
    Ok(match pr.moderation.as_str() {
        "pre" => true,
        "hybrid" => {
            let earlier = post::Entity::find()
                .filter(post::Column::CourseId.eq(&p.course_id))
                .filter(post::Column::AuthorId.eq(&p.author_id))
                .filter(post::Column::Id.ne(&p.id))
                .filter(post::Column::State.is_in([
                    PostState::Visible,
                    PostState::Hidden,
                    PostState::Removed,
                    PostState::Pending,
                    PostState::Deleted,
                ]))
                .all(conn)
                .await?;
            earlier.is_empty() || earlier.iter().any(|e| e.state == PostState::Removed)
        }
        _ => false,
    })
}

pub async fn is_muted(db: &DatabaseConnection, course_id: &str, member_id: &str) -> Result<bool> {
    Ok(mute::Entity::find_by_id((course_id.to_owned(), member_id.to_owned())).one(db).await?.is_some())
}

fn actor(p: &Principal) -> (&'static str, String) {
    match p {
        Principal::Team { team_id, .. } => ("team", team_id.clone()),
        Principal::Member { member, .. } => ("member", member.id.clone()),
    }
}

#[allow(clippy::too_many_arguments, reason = "one audit row has this many columns")]
async fn audit(
    conn: &impl ConnectionTrait,
    course_id: &str,
    cohort_id: Option<String>,
    by: &Principal,
    action: &str,
    post_id: Option<String>,
    subject: Option<String>,
    reason: &str,
    note: Option<String>,
) -> Result<()> {
    let (kind, id) = actor(by);
    audit_entry::ActiveModel {
        id: Set(new_id("aud")),
        course_id: Set(course_id.to_owned()),
        cohort_id: Set(cohort_id),
        actor_kind: Set(kind.into()),
        actor_id: Set(id),
        action: Set(action.into()),
        post_id: Set(post_id),
        subject_member_id: Set(subject),
        reason: Set(reason.to_owned()),
        note: Set(note),
        created_at: Set(Utc::now()),
    }
    .insert(conn)
    .await?;
    Ok(())
}

async fn course_of(db: &impl ConnectionTrait, p: &post::Model) -> Result<course::Model> {
    course::Entity::find_by_id(&p.course_id).one(db).await?.ok_or(Error::NotFound("post"))
}

fn actor_json(by: &Principal) -> serde_json::Value {
    match by {
        Principal::Team { team_id, .. } => serde_json::json!({ "kind": "team", "id": team_id }),
        Principal::Member { member: m, .. } => {
            serde_json::json!({ "kind": m.role, "id": m.id, "external_id": m.external_id })
        }
    }
}

/// Locks the post's row for the rest of the transaction and reads it as it is now: on
/// PostgreSQL a row lock, on SQLite the database's write lock (taken by the first write, so the
/// read that follows cannot go stale). A concurrent transition waits, then sees this one's result.
async fn lock_post(conn: &impl ConnectionTrait, post_id: &str) -> Result<post::Model> {
    post::Entity::update_many()
        .col_expr(post::Column::UpdatedAt, Expr::col(post::Column::UpdatedAt).into())
        .filter(post::Column::Id.eq(post_id))
        .exec(conn)
        .await?;
    post::Entity::find_by_id(post_id).one(conn).await?.ok_or(Error::NotFound("post"))
}

/// The latest decision on a post, for "already decided by ..." answers.
async fn last_decision(conn: &impl ConnectionTrait, post_id: &str) -> Result<Option<audit_entry::Model>> {
    use sea_orm::QueryOrder as _;
    Ok(audit_entry::Entity::find()
        .filter(audit_entry::Column::PostId.eq(post_id))
        .filter(audit_entry::Column::Action.is_in(["approve", "hide", "remove", "restore"]))
        .order_by_desc(audit_entry::Column::CreatedAt)
        .order_by_desc(audit_entry::Column::Id)
        .one(conn)
        .await?)
}

async fn resolve_flags(conn: &impl ConnectionTrait, post_id: &str, now: DateTime<Utc>) -> Result<()> {
    flag::Entity::update_many()
        .col_expr(flag::Column::Status, "resolved".into())
        .col_expr(flag::Column::OpenKey, Option::<String>::None.into())
        .col_expr(flag::Column::ResolvedAt, Some(now).into())
        .filter(flag::Column::PostId.eq(post_id))
        .filter(flag::Column::Status.eq("open"))
        .exec(conn)
        .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::Action::*;

    use crate::entities::post::PostState::*;

    #[test]
    fn transitions() {
        let table = [
            (Approve, Pending, Some(Visible)),
            (Approve, Hidden, Some(Visible)),
            (Approve, Visible, None),
            (Approve, Removed, None),
            (Hide, Visible, Some(Hidden)),
            (Hide, Pending, Some(Hidden)),
            (Hide, Hidden, None),
            (Remove, Visible, Some(Removed)),
            (Remove, Hidden, Some(Removed)),
            (Remove, Removed, None),
            (Restore, Removed, Some(Visible)),
            (Restore, Hidden, Some(Visible)),
            (Restore, Visible, None),
            (Restore, Pending, None),
        ];
        for (a, from, to) in table {
            assert_eq!(a.apply(from), to, "{a:?} from {from}");
        }
        for s in [Processing, Rejected, Deleted] {
            for a in [Approve, Hide, Remove, Restore] {
                assert_eq!(a.apply(s), None, "{a:?} from {s}");
            }
        }
    }
}
