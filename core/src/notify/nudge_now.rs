//! A facilitator's nudge, now: one learner, or every learner of their cohorts who has not
//! answered a prompt, with the prompt's nudge message or an edited one. The same `nudge` event
//! as the scheduled nudges, so the mail goes out through the same delivery pipeline; a learner
//! is nudged at most once a day per prompt (scheduled or not), checked in the statement that
//! records the nudge so two facilitators clicking at once send one.

use chrono::{Duration, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait as _, ColumnTrait as _, ConnectionTrait as _, DatabaseConnection, EntityTrait as _,
    FromQueryResult, QueryFilter as _, Set, SqlErr, Statement, TransactionTrait as _,
};

use super::preferences::preferences;
use super::sql;
use crate::auth::Principal;
use crate::entities::post::PostState;
use crate::entities::{course, nudge, prompt};
use crate::error::{Error, Result};
use crate::ids::new_id;
use crate::outbox::{self, NewEvent};
use crate::visibility::Viewer;

#[derive(Debug, FromQueryResult)]
struct Target {
    id: String,
}

/// Learners of `cohorts` with an email address who have not answered `prompt_id`.
async fn not_answered(db: &DatabaseConnection, p: &prompt::Model, cohorts: &[String]) -> Result<Vec<String>> {
    if cohorts.is_empty() {
        return Ok(Vec::new());
    }
    let backend = db.get_database_backend();
    let marks = vec!["?"; cohorts.len()].join(", ");
    let refused = PostState::sql_list(&[PostState::Deleted, PostState::Rejected]);
    let q = sql(
        backend,
        &format!(
            "SELECT DISTINCT m.id FROM members m JOIN cohort_members cm ON cm.member_id = m.id \
             WHERE m.course_id = ? AND m.role = 'learner' AND m.email IS NOT NULL AND cm.cohort_id IN ({marks}) \
             AND NOT EXISTS (SELECT 1 FROM posts x WHERE x.author_id = m.id AND x.prompt_id = ? AND x.depth = 0 \
               AND x.state NOT IN ({refused})) ORDER BY m.id"
        ),
    );
    let mut values: Vec<sea_orm::Value> = vec![p.course_id.clone().into()];
    values.extend(cohorts.iter().map(|c| c.clone().into()));
    values.push(p.id.clone().into());
    let rows = Target::find_by_statement(Statement::from_sql_and_values(backend, q, values)).all(db).await?;
    Ok(rows.into_iter().map(|t| t.id).collect())
}

/// Records the nudge unless one was sent in the last day; `false` when it was.
async fn record(txn: &impl sea_orm::ConnectionTrait, prompt_id: &str, member_id: &str, event_id: &str) -> Result<bool> {
    let now = Utc::now();
    let refreshed = nudge::Entity::update_many()
        .col_expr(nudge::Column::CreatedAt, Expr::value(now))
        .col_expr(nudge::Column::EventId, Expr::value(event_id))
        .filter(nudge::Column::PromptId.eq(prompt_id))
        .filter(nudge::Column::MemberId.eq(member_id))
        .filter(nudge::Column::CreatedAt.lt(now - Duration::days(1)))
        .exec(txn)
        .await?;
    if refreshed.rows_affected > 0 {
        return Ok(true);
    }
    let inserted = nudge::ActiveModel {
        prompt_id: Set(prompt_id.to_owned()),
        member_id: Set(member_id.to_owned()),
        event_id: Set(event_id.to_owned()),
        created_at: Set(now),
    }
    .insert(txn)
    .await;
    match inserted {
        Ok(_) => Ok(true),
        Err(e) if matches!(e.sql_err(), Some(SqlErr::UniqueConstraintViolation(_))) => Ok(false),
        Err(e) => Err(e.into()),
    }
}

/// Nudges `only` (a learner's member id) or every learner of the facilitator's cohorts who has
/// not answered the prompt; `message` replaces the prompt's nudge message (`{name}` and
/// `{prompt}` are filled in). Returns the learners nudged now. A learner outside the caller's
/// cohorts is `not_found`.
pub async fn nudge_now(
    db: &DatabaseConnection,
    by: &Principal,
    prompt_id: &str,
    only: Option<&str>,
    message: Option<&str>,
) -> Result<Vec<String>> {
    let Viewer::Facilitator { member, cohorts } = Viewer::of(by) else {
        return Err(Error::forbidden("facilitator_only", "nudges are sent by facilitators"));
    };
    let p = prompt::Entity::find_by_id(prompt_id).one(db).await?.ok_or(Error::NotFound("prompt"))?;
    if p.course_id != member.course_id {
        return Err(Error::NotFound("prompt"));
    }
    let c = course::Entity::find_by_id(&p.course_id).one(db).await?.ok_or(Error::NotFound("course"))?;
    let message = match message.map(str::trim) {
        Some(m) if !m.is_empty() => Some(crate::validate::text("message", m, 2000, true)?),
        _ => None,
    };
    let mut targets = not_answered(db, &p, &cohorts).await?;
    if let Some(one) = only {
        let in_cohorts = crate::entities::cohort_member::Entity::find()
            .filter(crate::entities::cohort_member::Column::MemberId.eq(one))
            .filter(crate::entities::cohort_member::Column::CohortId.is_in(cohorts.clone()))
            .one(db)
            .await?;
        if in_cohorts.is_none() {
            return Err(Error::NotFound("member"));
        }
        targets.retain(|t| t == one);
    }
    let mut sent = Vec::new();
    for t in targets {
        if !preferences(db, &t).await?.nudges {
            continue;
        }
        let txn = db.begin().await?;
        let event_id = new_id("evt");
        if !record(&txn, &p.id, &t, &event_id).await? {
            continue;
        }
        let mut data = serde_json::json!({ "member_id": t, "prompt_id": p.id, "by": member.id });
        if let Some(m) = &message {
            data["message"] = m.clone().into();
        }
        outbox::emit(
            &txn,
            NewEvent {
                team_id: &c.team_id,
                course_id: Some(&c.id),
                kind: outbox::NUDGE,
                subject_id: Some(&p.id),
                data,
            },
        )
        .await?;
        txn.commit().await?;
        sent.push(t);
    }
    if !sent.is_empty() {
        crate::jobs::wake();
    }
    Ok(sent)
}

/// When each learner of `member_ids` was last nudged for the prompt.
pub async fn last_nudges(
    db: &DatabaseConnection,
    prompt_id: &str,
    member_ids: Vec<String>,
) -> Result<Vec<(String, chrono::DateTime<Utc>)>> {
    Ok(nudge::Entity::find()
        .filter(nudge::Column::PromptId.eq(prompt_id))
        .filter(nudge::Column::MemberId.is_in(member_ids))
        .all(db)
        .await?
        .into_iter()
        .map(|n| (n.member_id, n.created_at))
        .collect())
}
