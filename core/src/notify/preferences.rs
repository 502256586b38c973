//! Members' mail preferences: which kinds of mail ([`Category`]) each member gets.

use chrono::Utc;
use sea_orm::{ConnectionTrait, DatabaseConnection, EntityTrait as _, Set};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::entities::notification_pref;
use crate::error::Result;
use crate::outbox;

/// Which emails a member gets. Everything is on until the member turns it off.
#[derive(Debug, Clone, Serialize, ToSchema, PartialEq, Eq)]
pub struct Preferences {
    /// Someone replied to your video.
    pub replies: bool,
    /// Your video is ready, or was refused and why.
    pub video_status: bool,
    /// A facilitator's decision on your post, with its statement of reasons.
    pub moderation: bool,
    /// Facilitators: the digest of what waits in the moderation queue.
    pub digest: bool,
    /// Learners: a reminder when you have not answered a prompt yet.
    pub nudges: bool,
}

impl Default for Preferences {
    fn default() -> Self {
        Preferences { replies: true, video_status: true, moderation: true, digest: true, nudges: true }
    }
}

impl From<notification_pref::Model> for Preferences {
    fn from(m: notification_pref::Model) -> Self {
        Preferences {
            replies: m.replies,
            video_status: m.video_status,
            moderation: m.moderation,
            digest: m.digest,
            nudges: m.nudges,
        }
    }
}

impl Preferences {
    pub(super) fn wants(&self, category: Category) -> bool {
        match category {
            Category::Replies => self.replies,
            Category::VideoStatus => self.video_status,
            Category::Moderation => self.moderation,
            Category::Digest => self.digest,
            Category::Nudges => self.nudges,
        }
    }
}

/// `PATCH /v1/me/notifications`: the fields given change, the others stay.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PreferencesPatch {
    pub replies: Option<bool>,
    pub video_status: Option<bool>,
    pub moderation: Option<bool>,
    pub digest: Option<bool>,
    pub nudges: Option<bool>,
}

/// The kinds of mail a member can turn off, each with its own unsubscribe link.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Category {
    Replies,
    VideoStatus,
    Moderation,
    Digest,
    Nudges,
}

impl Category {
    pub fn as_str(self) -> &'static str {
        match self {
            Category::Replies => "replies",
            Category::VideoStatus => "video_status",
            Category::Moderation => "moderation",
            Category::Digest => "digest",
            Category::Nudges => "nudges",
        }
    }
    pub(super) fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "replies" => Category::Replies,
            "video_status" => Category::VideoStatus,
            "moderation" => Category::Moderation,
            "digest" => Category::Digest,
            "nudges" => Category::Nudges,
            _ => return None,
        })
    }
    /// The mail category of an event kind; `None`: not mailed.
    pub(super) fn of_event(kind: &str) -> Option<Self> {
        Some(match kind {
            outbox::REPLY_PUBLISHED => Category::Replies,
            outbox::VIDEO_READY | outbox::VIDEO_REJECTED => Category::VideoStatus,
            outbox::MODERATION_DECIDED => Category::Moderation,
            outbox::DIGEST => Category::Digest,
            outbox::NUDGE => Category::Nudges,
            _ => return None,
        })
    }
}

pub async fn preferences(db: &impl ConnectionTrait, member_id: &str) -> Result<Preferences> {
    Ok(notification_pref::Entity::find_by_id(member_id).one(db).await?.map(Preferences::from).unwrap_or_default())
}

pub async fn update_preferences(
    db: &DatabaseConnection,
    member_id: &str,
    patch: PreferencesPatch,
) -> Result<Preferences> {
    use sea_orm::sea_query::OnConflict;
    let mut p = preferences(db, member_id).await?;
    let mut changed = Vec::new();
    for (value, field, col) in [
        (patch.replies, &mut p.replies, notification_pref::Column::Replies),
        (patch.video_status, &mut p.video_status, notification_pref::Column::VideoStatus),
        (patch.moderation, &mut p.moderation, notification_pref::Column::Moderation),
        (patch.digest, &mut p.digest, notification_pref::Column::Digest),
        (patch.nudges, &mut p.nudges, notification_pref::Column::Nudges),
    ] {
        if let Some(v) = value {
            *field = v;
            changed.push(col);
        }
    }
    if changed.is_empty() {
        return Ok(p);
    }
    changed.push(notification_pref::Column::UpdatedAt);
    // One statement: only the fields given change, even when two updates race.
    notification_pref::Entity::insert(notification_pref::ActiveModel {
        member_id: Set(member_id.to_owned()),
        replies: Set(p.replies),
        video_status: Set(p.video_status),
        moderation: Set(p.moderation),
        digest: Set(p.digest),
        nudges: Set(p.nudges),
        updated_at: Set(Utc::now()),
    })
    .on_conflict(OnConflict::column(notification_pref::Column::MemberId).update_columns(changed).to_owned())
    .exec(db)
    .await?;
    preferences(db, member_id).await
}
