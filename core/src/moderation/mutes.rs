//! Muting and unmuting learners of a course, with the audit trail.

use chrono::Utc;
use sea_orm::{DatabaseConnection, EntityTrait as _, Set, TransactionTrait as _};

use super::audit;
use crate::auth::Principal;
use crate::entities::{course, member, mute};
use crate::error::{Error, Result};
use crate::validate;
use crate::visibility::Viewer;

pub async fn mute(
    db: &DatabaseConnection,
    by: &Principal,
    course: &course::Model,
    target: &member::Model,
    reason: &str,
) -> Result<()> {
    let target_cohort = moderated_cohort(db, by, course, target, "mute").await?;
    if target.role != "learner" {
        return Err(Error::invalid("not_a_learner", "only learners can be muted"));
    }
    let reason = validate::text("reason", reason, 2000, true)?;
    let txn = db.begin().await?;
    let (_, by_id) = super::actor(by);
    let inserted = mute::Entity::insert(mute::ActiveModel {
        course_id: Set(course.id.clone()),
        member_id: Set(target.id.clone()),
        reason: Set(reason.clone()),
        muted_by: Set(by_id),
        created_at: Set(Utc::now()),
    })
    .on_conflict(
        sea_orm::sea_query::OnConflict::columns([mute::Column::CourseId, mute::Column::MemberId])
            .do_nothing()
            .to_owned(),
    )
    .do_nothing()
    .exec(&txn)
    .await?;
    if matches!(inserted, sea_orm::TryInsertResult::Inserted(_)) {
        audit(&txn, &course.id, target_cohort, by, "mute", None, Some(target.id.clone()), &reason, None).await?;
    }
    txn.commit().await?;
    Ok(())
}

pub async fn unmute(
    db: &DatabaseConnection,
    by: &Principal,
    course: &course::Model,
    target: &member::Model,
    reason: Option<&str>,
) -> Result<()> {
    let target_cohort = moderated_cohort(db, by, course, target, "unmute").await?;
    // The audit log says why a learner may speak again; without a reason it says "unmuted".
    let reason = match reason.map(str::trim).filter(|r| !r.is_empty()) {
        Some(r) => validate::text("reason", r, 2000, true)?,
        None => "unmuted".to_owned(),
    };
    let txn = db.begin().await?;
    let r = mute::Entity::delete_by_id((course.id.clone(), target.id.clone())).exec(&txn).await?;
    if r.rows_affected > 0 {
        audit(&txn, &course.id, target_cohort, by, "unmute", None, Some(target.id.clone()), &reason, None).await?;
    }
    txn.commit().await?;
    Ok(())
}

/// The target's cohort, when `by` moderates it (its facilitators, the course team); else 403.
async fn moderated_cohort(
    db: &DatabaseConnection,
    by: &Principal,
    course: &course::Model,
    target: &member::Model,
    verb: &str,
) -> Result<Option<String>> {
    let cohort = crate::cohorts::of_member(db, &target.id).await?.into_iter().next().map(|c| c.id);
    if !Viewer::of(by).moderates(course, cohort.as_deref()) {
        return Err(Error::forbidden(
            "facilitator_only",
            format!("only the learner's facilitators and the course team can {verb}"),
        ));
    }
    Ok(cohort)
}
