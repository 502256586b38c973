//! Nudges: a reminder to each learner who has not answered an open prompt, once per prompt.

use chrono::Utc;
use sea_orm::{
    ActiveModelTrait as _, ColumnTrait as _, ConnectionTrait as _, DatabaseConnection, EntityTrait as _,
    FromQueryResult, QueryFilter as _, Set, SqlErr, Statement, TransactionTrait as _,
};

use super::preferences::preferences;
use super::sql;
use crate::entities::post::PostState;
use crate::entities::{course, nudge, prompt};
use crate::error::Result;
use crate::ids::new_id;
use crate::outbox::{self, NewEvent};

#[derive(Debug, FromQueryResult)]
struct NudgeTarget {
    id: String,
}

/// Writes a nudge event for every learner (with an email address) who has not answered an
/// open prompt `nudge_after_days` after it opened, at most once per learner and prompt.
pub async fn schedule_nudges(db: &DatabaseConnection) -> Result<usize> {
    let now = Utc::now();
    let prompts = prompt::Entity::find()
        .filter(prompt::Column::NudgeAfterDays.gt(0))
        .filter(prompt::Column::OpensAt.lte(now))
        .filter(prompt::Column::ClosesAt.gt(now))
        .all(db)
        .await?;
    let backend = db.get_database_backend();
    let mut n = 0;
    for p in prompts {
        if p.opens_at + chrono::Duration::days(i64::from(p.nudge_after_days)) > now {
            continue;
        }
        let Some(c) = course::Entity::find_by_id(&p.course_id).one(db).await? else { continue };
        // A deleted or refused answer does not count as answering.
        let not_answered = PostState::sql_list(&[PostState::Deleted, PostState::Rejected]);
        let q = sql(
            backend,
            &format!(
                "SELECT m.id FROM members m WHERE m.course_id = ? AND m.role = 'learner' AND m.email IS NOT NULL \
                 AND NOT EXISTS (SELECT 1 FROM posts x WHERE x.author_id = m.id AND x.prompt_id = ? AND x.depth = 0 \
                   AND x.state NOT IN ({not_answered})) \
                 AND NOT EXISTS (SELECT 1 FROM nudges g WHERE g.prompt_id = ? AND g.member_id = m.id) \
                 ORDER BY m.id LIMIT 500"
            ),
        );
        let targets = NudgeTarget::find_by_statement(Statement::from_sql_and_values(
            backend,
            q,
            [c.id.clone().into(), p.id.clone().into(), p.id.clone().into()],
        ))
        .all(db)
        .await?;
        for t in targets {
            if !preferences(db, &t.id).await?.nudges {
                continue;
            }
            let txn = db.begin().await?;
            let event_id = new_id("evt");
            let inserted = nudge::ActiveModel {
                prompt_id: Set(p.id.clone()),
                member_id: Set(t.id.clone()),
                event_id: Set(event_id),
                created_at: Set(now),
            }
            .insert(&txn)
            .await;
            match inserted {
                Ok(_) => {}
                Err(e) if matches!(e.sql_err(), Some(SqlErr::UniqueConstraintViolation(_))) => continue,
                Err(e) => return Err(e.into()),
            }
            outbox::emit(
                &txn,
                NewEvent {
                    team_id: &c.team_id,
                    course_id: Some(&c.id),
                    kind: outbox::NUDGE,
                    subject_id: Some(&p.id),
                    data: serde_json::json!({ "member_id": t.id, "prompt_id": p.id }),
                },
            )
            .await?;
            txn.commit().await?;
            n += 1;
        }
    }
    if n > 0 {
        crate::jobs::wake();
    }
    Ok(n)
}
