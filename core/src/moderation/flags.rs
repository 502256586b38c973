//! Members flagging posts; enough open flags hide a post until a facilitator reviews it.

use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait as _, ColumnTrait as _, DatabaseConnection, EntityTrait as _, PaginatorTrait as _,
    QueryFilter as _, Set, SqlErr, TransactionTrait as _,
};
use serde::Serialize;
use utoipa::ToSchema;

use super::{audit, course_of, is_muted, lock_post, FlagReason, NewFlag, FLAG_THRESHOLD};
use crate::auth::Principal;
use crate::entities::flag;
use crate::entities::post::{self, PostState};
use crate::error::{Error, Result};
use crate::ids::new_id;
use crate::visibility::{Sight, Viewer};
use crate::{outbox, threads, validate};

#[derive(Debug, Serialize, ToSchema)]
pub struct FlagView {
    pub id: String,
    pub post_id: String,
    pub reason: FlagReason,
    pub created_at: DateTime<Utc>,
    /// Whether this flag was the one that hid the post pending review.
    pub post_hidden: bool,
}

/// A member flags a post they can see. One open flag per member and post; the post is hidden
/// once [`FLAG_THRESHOLD`] members have open flags on it.
pub async fn flag(db: &DatabaseConnection, by: &Principal, post_id: &str, f: NewFlag) -> Result<FlagView> {
    let m = crate::access::member_only(by)?;
    let viewer = Viewer::of(by);
    let p = crate::posts::find(db, post_id).await?;
    let course = course_of(db, &p).await?;
    if viewer.sight(&course, &p) != Sight::Full {
        return Err(Error::NotFound("post"));
    }
    if p.author_id == m.id {
        return Err(Error::invalid("own_post", "you cannot flag your own post; delete it instead"));
    }
    let not_flaggable = || Error::invalid("not_flaggable", "only published posts can be flagged");
    if p.state != PostState::Visible {
        return Err(not_flaggable());
    }
    if is_muted(db, &m.course_id, &m.id).await? {
        return Err(Error::forbidden("muted", "a facilitator has muted you in this course"));
    }
    let note = f.note.as_deref().map(|n| validate::text("note", n, 1000, false)).transpose()?;
    let txn = db.begin().await?;
    // Read again under the lock: a facilitator may have hidden or removed it meanwhile.
    let p = lock_post(&txn, post_id).await?;
    if p.state != PostState::Visible {
        return Err(not_flaggable());
    }
    let now = Utc::now();
    let row = flag::ActiveModel {
        id: Set(new_id("flg")),
        post_id: Set(p.id.clone()),
        course_id: Set(p.course_id.clone()),
        cohort_id: Set(p.cohort_id.clone()),
        reporter_id: Set(m.id.clone()),
        reason: Set(f.reason.as_str().into()),
        note: Set(note.clone()),
        status: Set("open".into()),
        open_key: Set(Some(format!("{}:{}", p.id, m.id))),
        created_at: Set(now),
        resolved_at: Set(None),
    }
    .insert(&txn)
    .await
    .map_err(|e| match e.sql_err() {
        Some(SqlErr::UniqueConstraintViolation(_)) => {
            Error::conflict("already_flagged", "you already flagged this post; a facilitator will review it")
        }
        _ => e.into(),
    })?;
    let open = flag::Entity::find()
        .filter(flag::Column::PostId.eq(&p.id))
        .filter(flag::Column::Status.eq("open"))
        .count(&txn)
        .await?;
    let open = i32::try_from(open).unwrap_or(i32::MAX);
    let hide = open >= FLAG_THRESHOLD;
    let mut am: post::ActiveModel = p.clone().into();
    am.open_flags = Set(open);
    am.queued_at = Set(p.queued_at.or(Some(now)));
    if hide {
        am.state = Set(PostState::Hidden);
        am.moderation_reason =
            Set(Some("Hidden automatically after several reports, until a facilitator reviews it.".into()));
    }
    let updated = am.update(&txn).await?;
    if hide {
        threads::on_unpublished(&txn, &updated).await?;
    }
    audit(
        &txn,
        &p.course_id,
        p.cohort_id.clone(),
        by,
        "flag",
        Some(p.id.clone()),
        Some(p.author_id.clone()),
        f.reason.as_str(),
        note.clone(),
    )
    .await?;
    outbox::emit(
        &txn,
        outbox::NewEvent {
            team_id: &course.team_id,
            course_id: Some(&course.id),
            kind: outbox::FLAG_CREATED,
            subject_id: Some(&p.id),
            data: serde_json::json!({
                "flag_id": row.id,
                "post_id": p.id,
                "course_id": p.course_id,
                "prompt_id": p.prompt_id,
                "cohort_id": p.cohort_id,
                "reason": f.reason.as_str(),
                "note": note,
                "reporter": { "id": m.id, "external_id": m.external_id },
                "open_flags": open,
                "post_hidden": hide,
                "created_at": now,
            }),
        },
    )
    .await?;
    txn.commit().await?;
    crate::jobs::wake();
    Ok(FlagView { id: row.id, post_id: p.id, reason: f.reason, created_at: now, post_hidden: hide })
}
