//! The `deliveries` table: one event to one recipient (a member's mailbox or a team webhook).

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "deliveries")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: String,
    pub event_id: String,
    pub team_id: String,
    /// `email`, `webhook` or `lti_score` (a score for an LMS gradebook, [`crate::lti::ags`]).
    pub channel: String,
    pub member_id: Option<String>,
    pub webhook_id: Option<String>,
    pub dedupe_key: String,
    /// `pending`, `sending`, `sent`, `failed`, `unknown` (a worker died mid-send; never resent automatically).
    pub state: String,
    pub attempts: i32,
    pub next_attempt_at: DateTimeUtc,
    pub lease_owner: Option<String>,
    pub lease_until: Option<DateTimeUtc>,
    pub last_error: Option<String>,
    pub response_status: Option<i32>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub sent_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
