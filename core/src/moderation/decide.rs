//! Facilitators' and teams' decisions on a post, and authors deleting their own posts.

use chrono::Utc;
use sea_orm::{ActiveModelTrait as _, DatabaseConnection, EntityTrait as _, Set, TransactionTrait as _};

use super::{actor_json, audit, course_of, last_decision, lock_post, resolve_flags, Decision};
use crate::auth::Principal;
use crate::entities::post::{self, PostState};
use crate::entities::{audit_entry, member};
use crate::error::{Error, Result};
use crate::visibility::{Sight, Viewer};
use crate::{outbox, threads, validate};

/// A facilitator's or team's decision on a post.
///
/// The post is locked and read again inside the transaction: when another decision or a flag
/// changed it since the caller's read, the action applies to the new state or is refused with
/// `already_decided`, naming who decided; it is never applied over the other one.
pub async fn decide(db: &DatabaseConnection, by: &Principal, post_id: &str, d: Decision) -> Result<post::Model> {
    decide_seen(db, by, post_id, d, None).await
}

/// [`decide`] for a caller who showed the post in state `shown` (the console's queue): when the
/// post is in another state once locked, someone decided since, and the answer is
/// `already_decided` naming who, even when the action would still apply to the new state.
pub async fn decide_seen(
    db: &DatabaseConnection,
    by: &Principal,
    post_id: &str,
    d: Decision,
    shown: Option<PostState>,
) -> Result<post::Model> {
    let viewer = Viewer::of(by);
    let seen = crate::posts::find(db, post_id).await?;
    let course = course_of(db, &seen).await?;
    if viewer.sight(&course, &seen) == Sight::None {
        return Err(Error::NotFound("post"));
    }
    if !viewer.moderates(&course, seen.cohort_id.as_deref()) {
        return Err(Error::forbidden(
            "facilitator_only",
            "only the cohort's facilitators and the course team moderate",
        ));
    }
    let reason = validate::text("reason", &d.reason, 2000, true)?;
    let txn = db.begin().await?;
    let p = lock_post(&txn, post_id).await?;
    if shown.is_some_and(|s| s != p.state) {
        return Err(already_decided(&txn, &p).await?);
    }
    let Some(to) = d.action.apply(p.state) else {
        let err = if d.action.apply(seen.state).is_some() && seen.state != p.state {
            already_decided(&txn, &p).await?
        } else {
            Error::conflict("invalid_transition", format!("cannot {} a post that is {}", d.action.as_str(), p.state))
        };
        return Err(err);
    };
    let now = Utc::now();
    let was_visible = p.state == PostState::Visible;
    let mut am: post::ActiveModel = p.clone().into();
    am.state = Set(to);
    am.moderation_reason = Set(Some(reason.clone()));
    am.moderated_at = Set(Some(now));
    am.updated_at = Set(now);
    match to {
        PostState::Visible => {
            am.open_flags = Set(0);
            am.queued_at = Set(None);
        }
        PostState::Removed => am.queued_at = Set(None),
        // A hidden post stays in the queue until approved, restored or removed.
        PostState::Hidden => am.queued_at = Set(p.queued_at.or(Some(now))),
        _ => {}
    }
    let updated = am.update(&txn).await?;
    if matches!(to, PostState::Visible | PostState::Removed) {
        resolve_flags(&txn, &p.id, now).await?;
    }
    if to == PostState::Visible && !was_visible {
        threads::on_published(&txn, &updated, now).await?;
        crate::posts::emit_reply_published(&txn, &updated).await?;
    } else if was_visible {
        threads::on_unpublished(&txn, &updated).await?;
    }
    audit(
        &txn,
        &p.course_id,
        p.cohort_id.clone(),
        by,
        d.action.as_str(),
        Some(p.id.clone()),
        Some(p.author_id.clone()),
        &reason,
        None,
    )
    .await?;
    outbox::emit(
        &txn,
        outbox::NewEvent {
            team_id: &course.team_id,
            course_id: Some(&course.id),
            kind: outbox::MODERATION_DECIDED,
            subject_id: Some(&p.id),
            data: serde_json::json!({
                "post_id": p.id,
                "course_id": p.course_id,
                "prompt_id": p.prompt_id,
                "cohort_id": p.cohort_id,
                "author_id": p.author_id,
                "action": d.action.as_str(),
                "from_state": p.state,
                "state": to,
                "reason": reason,
                "decided_by": actor_json(by),
                "decided_at": now,
            }),
        },
    )
    .await?;
    txn.commit().await?;
    crate::jobs::wake();
    Ok(updated)
}

/// `already_decided`: the post changed between the caller's read and their decision.
async fn already_decided(conn: &impl sea_orm::ConnectionTrait, p: &post::Model) -> Result<Error> {
    let last = last_decision(conn, &p.id).await?;
    let who = match &last {
        Some(a) if a.actor_kind == "member" => member::Entity::find_by_id(&a.actor_id)
            .one(conn)
            .await?
            .map_or_else(|| "a facilitator".to_owned(), |m| m.display_name),
        Some(_) => "the course team".to_owned(),
        None => "someone else".to_owned(),
    };
    let what = last.as_ref().map_or("changed", |a: &audit_entry::Model| past_tense(&a.action));
    let when = last.map(|a| format!(" at {}", a.created_at.format("%Y-%m-%d %H:%M UTC"))).unwrap_or_default();
    Ok(Error::conflict(
        "already_decided",
        format!("already {what} by {who}{when}; the post is now {}, nothing was applied", p.state),
    ))
}

fn past_tense(action: &str) -> &'static str {
    match action {
        "approve" => "approved",
        "hide" => "hidden",
        "remove" => "removed",
        "restore" => "restored",
        _ => "changed",
    }
}

/// The author deletes their post: a tombstone keeps the thread readable; the video objects go
/// with the next clean-up.
pub async fn delete_own(db: &DatabaseConnection, by: &Principal, post_id: &str) -> Result<post::Model> {
    let viewer = Viewer::of(by);
    let seen = crate::posts::find(db, post_id).await?;
    let course = course_of(db, &seen).await?;
    if viewer.sight(&course, &seen) == Sight::None {
        return Err(Error::NotFound("post"));
    }
    let is_author = viewer.member().is_some_and(|m| m.id == seen.author_id);
    if !is_author {
        return Err(Error::forbidden(
            "author_only",
            "only the author deletes a post; facilitators use POST /v1/posts/{post_id}/moderation",
        ));
    }
    let txn = db.begin().await?;
    let p = lock_post(&txn, post_id).await?;
    if p.state == PostState::Deleted {
        return Ok(p);
    }
    let now = Utc::now();
    let was_visible = p.state == PostState::Visible;
    let mut am: post::ActiveModel = p.clone().into();
    am.state = Set(PostState::Deleted);
    am.text = Set(String::new());
    am.queued_at = Set(None);
    am.updated_at = Set(now);
    let updated = am.update(&txn).await?;
    resolve_flags(&txn, &p.id, now).await?;
    if was_visible {
        threads::on_unpublished(&txn, &updated).await?;
    }
    txn.commit().await?;
    Ok(updated)
}
