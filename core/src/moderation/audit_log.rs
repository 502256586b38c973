//! The audit log of a course as its facilitators and team see it, and a member's own posts.

use chrono::{DateTime, Utc};
use sea_orm::{
    ColumnTrait as _, Condition, DatabaseConnection, EntityTrait as _, QueryFilter as _, QueryOrder as _,
    QuerySelect as _,
};
use serde::Serialize;
use utoipa::ToSchema;

use crate::entities::{audit_entry, course, member, post};
use crate::error::{Error, Result};
use crate::pagination::{encode_cursor, Page, PageParams};
use crate::visibility::Viewer;

#[derive(Debug, Serialize, ToSchema)]
pub struct AuditView {
    pub id: String,
    /// `flag`, `approve`, `hide`, `remove`, `restore`, `mute`, `unmute`.
    pub action: String,
    /// `team` or `member`.
    pub actor_kind: String,
    pub actor_id: String,
    pub post_id: Option<String>,
    pub subject_member_id: Option<String>,
    pub cohort_id: Option<String>,
    /// The statement of reasons (for flags: the flag reason).
    pub reason: String,
    pub note: Option<String>,
    pub created_at: DateTime<Utc>,
}

pub async fn audit_log(
    db: &DatabaseConnection,
    viewer: &Viewer,
    course: &course::Model,
    page: &PageParams,
) -> Result<Page<AuditView>> {
    let limit = page.limit()?;
    let mut q = audit_entry::Entity::find().filter(audit_entry::Column::CourseId.eq(&course.id));
    match viewer {
        Viewer::Facilitator { cohorts, .. } => {
            q = q.filter(
                Condition::any()
                    .add(audit_entry::Column::CohortId.is_null())
                    .add(audit_entry::Column::CohortId.is_in(cohorts.clone())),
            );
        }
        Viewer::Team { .. } => {}
        Viewer::Learner { .. } => {
            return Err(Error::forbidden("facilitator_only", "the audit log is for facilitators"))
        }
    }
    if let Some(after) = page.after::<String>()? {
        q = q.filter(audit_entry::Column::Id.gt(after));
    }
    let rows = q.order_by_asc(audit_entry::Column::Id).limit(limit + 1).all(db).await?;
    Ok(Page::from_rows(
        rows,
        limit,
        |r| r.id.clone(),
        |a| AuditView {
            id: a.id,
            action: a.action,
            actor_kind: a.actor_kind,
            actor_id: a.actor_id,
            post_id: a.post_id,
            subject_member_id: a.subject_member_id,
            cohort_id: a.cohort_id,
            reason: a.reason,
            note: a.note,
            created_at: a.created_at,
        },
    ))
}

/// A learner's own posts, newest first, with states and statements of reasons.
pub async fn own_posts(
    db: &DatabaseConnection,
    m: &member::Model,
    page: &PageParams,
) -> Result<(Vec<post::Model>, Option<String>)> {
    let limit = page.limit()?;
    let mut q = post::Entity::find().filter(post::Column::AuthorId.eq(&m.id));
    if let Some(after) = page.after::<String>()? {
        q = q.filter(post::Column::Id.lt(after));
    }
    let mut rows = q.order_by_desc(post::Column::Id).limit(limit + 1).all(db).await?;
    let more = rows.len() as u64 > limit;
    rows.truncate(limit as usize);
    let next = if more { rows.last().map(|r| encode_cursor(&r.id)) } else { None };
    Ok((rows, next))
}
