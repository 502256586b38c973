//! The durable job queue. Jobs live in the database; a claim is a lease that the worker renews
//! by heartbeat, and an expired lease is claimed again. PostgreSQL claims with
//! `FOR UPDATE SKIP LOCKED` and wakes workers with `NOTIFY crosstalk_jobs`; SQLite claims with one
//! atomic `UPDATE ... RETURNING`. Failures back off exponentially and end `dead` after
//! `max_attempts`; a team can list dead jobs and retry them.

use std::sync::OnceLock;
use std::time::Duration;

use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait as _, ColumnTrait as _, ConnectionTrait, DatabaseConnection, DbBackend, EntityTrait as _,
    QueryFilter as _, QueryOrder as _, QuerySelect as _, Set, Statement,
};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use sea_orm::sea_query::Expr;

use crate::entities::job;
use crate::error::{Error, Result};
use crate::ids::new_id;
use crate::pagination::{Page, PageParams};

pub const KIND_TRANSCODE: &str = "transcode";
pub const NOTIFY_CHANNEL: &str = "crosstalk_jobs";
pub const DEFAULT_MAX_ATTEMPTS: i32 = 5;

/// Wakes workers of this process at once (other processes: NOTIFY on PostgreSQL, polling on SQLite).
pub fn local_wakeup() -> &'static tokio::sync::Notify {
    static N: OnceLock<tokio::sync::Notify> = OnceLock::new();
    N.get_or_init(tokio::sync::Notify::new)
}

/// Inserts a job; call inside the transaction of the change that needs it, then [`wake`] after commit.
pub async fn enqueue(
    conn: &impl ConnectionTrait,
    kind: &str,
    payload: &serde_json::Value,
    team_id: Option<&str>,
) -> Result<job::Model> {
    let now = Utc::now();
    let row = job::ActiveModel {
        id: Set(new_id("job")),
        kind: Set(kind.to_owned()),
        payload: Set(payload.to_string()),
        team_id: Set(team_id.map(str::to_owned)),
        state: Set("queued".into()),
        attempts: Set(0),
        max_attempts: Set(DEFAULT_MAX_ATTEMPTS),
        run_at: Set(now),
        lease_owner: Set(None),
        lease_until: Set(None),
        last_error: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
        finished_at: Set(None),
    }
    .insert(conn)
    .await?;
    notify_workers(conn, kind).await?;
    Ok(row)
}

/// Wakes the workers of every process on PostgreSQL (`NOTIFY`, delivered when the surrounding
/// transaction commits); SQLite workers poll.
pub async fn notify_workers(conn: &impl ConnectionTrait, what: &str) -> Result<()> {
    if conn.get_database_backend() == DbBackend::Postgres {
        conn.execute(Statement::from_sql_and_values(
            DbBackend::Postgres,
            "SELECT pg_notify($1, $2)",
            [NOTIFY_CHANNEL.into(), what.into()],
        ))
        .await?;
    }
    Ok(())
}

/// Tells this process's workers that work is waiting.
pub fn wake() {
    local_wakeup().notify_waiters();
    local_wakeup().notify_one();
}

/// Claims the next due job (or one whose lease expired) for `owner`, for `lease`.
/// A job past its attempts is marked dead instead of being handed out.
pub async fn claim(db: &DatabaseConnection, owner: &str, lease: Duration) -> Result<Option<job::Model>> {
    loop {
        let now = Utc::now();
        let until = now + chrono::Duration::from_std(lease).unwrap_or(chrono::Duration::seconds(60));
        let backend = db.get_database_backend();
        let sql = match backend {
            DbBackend::Postgres => {
                "UPDATE jobs SET state = 'running', lease_owner = $1, lease_until = $2, attempts = attempts + 1, updated_at = $3 \
                 WHERE id = (SELECT id FROM jobs WHERE (state = 'queued' AND run_at <= $3) OR (state = 'running' AND lease_until < $3) \
                 ORDER BY run_at LIMIT 1 FOR UPDATE SKIP LOCKED) RETURNING *"
            }
            _ => {
                "UPDATE jobs SET state = 'running', lease_owner = ?, lease_until = ?, attempts = attempts + 1, updated_at = ? \
                 WHERE id = (SELECT id FROM jobs WHERE (state = 'queued' AND run_at <= ?) OR (state = 'running' AND lease_until < ?) \
                 ORDER BY run_at LIMIT 1) RETURNING *"
            }
        };
        let values: Vec<sea_orm::Value> = match backend {
            DbBackend::Postgres => vec![owner.into(), until.into(), now.into()],
            _ => vec![owner.into(), until.into(), now.into(), now.into(), now.into()],
        };
        let Some(j) =
            job::Entity::find().from_raw_sql(Statement::from_sql_and_values(backend, sql, values)).one(db).await?
        else {
            return Ok(None);
        };
        if j.attempts > j.max_attempts {
            tracing::warn!(job_id = %j.id, kind = %j.kind, "job exhausted its attempts (its workers kept dying); dead");
            mark_dead(db, &j.id, "exhausted attempts: every worker running it stopped before finishing").await?;
            continue;
        }
        return Ok(Some(j));
    }
}

async fn mark_dead(db: &impl ConnectionTrait, id: &str, error: &str) -> Result<()> {
    job::Entity::update_many()
        .col_expr(job::Column::State, "dead".into())
        .col_expr(job::Column::LastError, Some(error.to_owned()).into())
        .col_expr(job::Column::LeaseOwner, Option::<String>::None.into())
        .col_expr(job::Column::LeaseUntil, Option::<DateTime<Utc>>::None.into())
        .col_expr(job::Column::UpdatedAt, Utc::now().into())
        .col_expr(job::Column::FinishedAt, Some(Utc::now()).into())
        .filter(job::Column::Id.eq(id))
        .exec(db)
        .await?;
    Ok(())
}

/// Extends the lease; `false` when the lease was lost (another worker took the job).
pub async fn heartbeat(db: &DatabaseConnection, id: &str, owner: &str, lease: Duration) -> Result<bool> {
    let until = Utc::now() + chrono::Duration::from_std(lease).unwrap_or(chrono::Duration::seconds(60));
    let r = job::Entity::update_many()
        .col_expr(job::Column::LeaseUntil, Some(until).into())
        .filter(job::Column::Id.eq(id))
        .filter(job::Column::LeaseOwner.eq(owner))
        .filter(job::Column::State.eq("running"))
        .exec(db)
        .await?;
    Ok(r.rows_affected == 1)
}

/// Marks the job done if `owner` still holds it; run it in the transaction that publishes the
/// job's result, so a worker that lost its lease publishes nothing.
pub async fn complete(conn: &impl ConnectionTrait, id: &str, owner: &str) -> Result<bool> {
    let now = Utc::now();
    let r = job::Entity::update_many()
        .col_expr(job::Column::State, "done".into())
        .col_expr(job::Column::LeaseOwner, Option::<String>::None.into())
        .col_expr(job::Column::LeaseUntil, Option::<DateTime<Utc>>::None.into())
        .col_expr(job::Column::UpdatedAt, now.into())
        .col_expr(job::Column::FinishedAt, Some(now).into())
        .filter(job::Column::Id.eq(id))
        .filter(job::Column::LeaseOwner.eq(owner))
        .filter(job::Column::State.eq("running"))
        .exec(conn)
        .await?;
    Ok(r.rows_affected == 1)
}

/// What happened to a failed job.
#[derive(Debug, PartialEq, Eq)]
pub enum Failed {
    RetryAt(DateTime<Utc>),
    Dead,
    /// The lease was lost; someone else owns the job now.
    NotOwner,
}

/// Backoff before attempt `n + 1`: `base * 2^(n-1)`, at most one hour.
pub fn backoff(base: Duration, attempts: i32) -> Duration {
    let exp = u32::try_from(attempts.saturating_sub(1).clamp(0, 16)).unwrap_or(0);
    base.saturating_mul(2u32.saturating_pow(exp)).min(Duration::from_secs(3600))
}

pub async fn fail(db: &DatabaseConnection, j: &job::Model, owner: &str, error: &str, base: Duration) -> Result<Failed> {
    let now = Utc::now();
    let dead = j.attempts >= j.max_attempts;
    let run_at = now + chrono::Duration::from_std(backoff(base, j.attempts)).unwrap_or(chrono::Duration::hours(1));
    let r = job::Entity::update_many()
        .col_expr(job::Column::State, if dead { "dead" } else { "queued" }.into())
        .col_expr(job::Column::RunAt, run_at.into())
        .col_expr(job::Column::LastError, Some(error.chars().take(2000).collect::<String>()).into())
        .col_expr(job::Column::LeaseOwner, Option::<String>::None.into())
        .col_expr(job::Column::LeaseUntil, Option::<DateTime<Utc>>::None.into())
        .col_expr(job::Column::UpdatedAt, now.into())
        .col_expr(job::Column::FinishedAt, if dead { Some(now) } else { None }.into())
        .filter(job::Column::Id.eq(&j.id))
        .filter(job::Column::LeaseOwner.eq(owner))
        .exec(db)
        .await?;
    Ok(match (r.rows_affected, dead) {
        (0, _) => Failed::NotOwner,
        (_, true) => Failed::Dead,
        _ => Failed::RetryAt(run_at),
    })
}

/// A job that failed because a dependency was down or full (see [`crate::fault`]): queued again
/// after `wait` without counting the attempt, so an outage longer than the attempts' backoff
/// never kills a job; the job's video stays as it was (queued or processing) meanwhile.
pub async fn defer(
    db: &DatabaseConnection,
    j: &job::Model,
    owner: &str,
    error: &str,
    wait: Duration,
) -> Result<Failed> {
    let now = Utc::now();
    let run_at = now + chrono::Duration::from_std(wait).unwrap_or(chrono::Duration::minutes(1));
    let r = job::Entity::update_many()
        .col_expr(job::Column::State, "queued".into())
        .col_expr(job::Column::Attempts, sea_orm::sea_query::Expr::col(job::Column::Attempts).sub(1))
        .col_expr(job::Column::RunAt, run_at.into())
        .col_expr(job::Column::LastError, Some(error.chars().take(2000).collect::<String>()).into())
        .col_expr(job::Column::LeaseOwner, Option::<String>::None.into())
        .col_expr(job::Column::LeaseUntil, Option::<DateTime<Utc>>::None.into())
        .col_expr(job::Column::UpdatedAt, now.into())
        .filter(job::Column::Id.eq(&j.id))
        .filter(job::Column::LeaseOwner.eq(owner))
        .exec(db)
        .await?;
    Ok(if r.rows_affected == 0 { Failed::NotOwner } else { Failed::RetryAt(run_at) })
}

/// Gives a job back without counting the attempt (graceful shutdown).
pub async fn release(db: &DatabaseConnection, id: &str, owner: &str) -> Result<()> {
    job::Entity::update_many()
        .col_expr(job::Column::State, "queued".into())
        .col_expr(job::Column::Attempts, sea_orm::sea_query::Expr::col(job::Column::Attempts).sub(1))
        .col_expr(job::Column::LeaseOwner, Option::<String>::None.into())
        .col_expr(job::Column::LeaseUntil, Option::<DateTime<Utc>>::None.into())
        .col_expr(job::Column::RunAt, Utc::now().into())
        .filter(job::Column::Id.eq(id))
        .filter(job::Column::LeaseOwner.eq(owner))
        .exec(db)
        .await?;
    Ok(())
}

/// A job as the admin API shows it.
#[derive(Debug, Serialize, ToSchema)]
pub struct JobView {
    pub id: String,
    pub kind: String,
    pub state: String,
    pub attempts: i32,
    pub max_attempts: i32,
    pub run_at: DateTime<Utc>,
    pub last_error: Option<String>,
    /// What the job works on, e.g. `{"video_id": "vid_..."}`.
    pub payload: serde_json::Value,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl From<job::Model> for JobView {
    fn from(j: job::Model) -> Self {
        JobView {
            payload: serde_json::from_str(&j.payload).unwrap_or(serde_json::Value::Null),
            id: j.id,
            kind: j.kind,
            state: j.state,
            attempts: j.attempts,
            max_attempts: j.max_attempts,
            run_at: j.run_at,
            last_error: j.last_error,
            created_at: j.created_at,
            updated_at: j.updated_at,
        }
    }
}

#[derive(Debug, Clone, Copy, Deserialize, ToSchema, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum JobState {
    Queued,
    Running,
    Done,
    Dead,
}

impl JobState {
    pub fn as_str(self) -> &'static str {
        match self {
            JobState::Queued => "queued",
            JobState::Running => "running",
            JobState::Done => "done",
            JobState::Dead => "dead",
        }
    }
}

#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct JobFilter {
    /// Only jobs in this state (default `dead`).
    pub state: Option<JobState>,
    pub cursor: Option<String>,
    pub limit: Option<u64>,
}

pub async fn list(db: &DatabaseConnection, team_id: &str, f: &JobFilter) -> Result<Page<JobView>> {
    let page = PageParams { cursor: f.cursor.clone(), limit: f.limit };
    let limit = page.limit()?;
    let mut q = job::Entity::find()
        .filter(job::Column::TeamId.eq(team_id))
        .filter(job::Column::State.eq(f.state.unwrap_or(JobState::Dead).as_str()));
    if let Some(after) = page.after::<String>()? {
        q = q.filter(job::Column::Id.gt(after));
    }
    let rows = q.order_by_asc(job::Column::Id).limit(limit + 1).all(db).await?;
    Ok(Page::from_rows(rows, limit, |r| r.id.clone(), JobView::from))
}

/// Puts a dead job of the team back in the queue with fresh attempts. One conditional update:
/// a job that a concurrent retry already requeued is not requeued twice (`job_not_dead`).
pub async fn retry(db: &DatabaseConnection, team_id: &str, id: &str) -> Result<JobView> {
    crate::access::team_job(db, team_id, id).await?;
    let now = Utc::now();
    let done = job::Entity::update_many()
        .col_expr(job::Column::State, Expr::value("queued"))
        .col_expr(job::Column::Attempts, Expr::value(0))
        .col_expr(job::Column::RunAt, Expr::value(now))
        .col_expr(job::Column::FinishedAt, Expr::value(Option::<DateTime<Utc>>::None))
        .col_expr(job::Column::UpdatedAt, Expr::value(now))
        .filter(job::Column::Id.eq(id))
        .filter(job::Column::State.eq("dead"))
        .exec(db)
        .await?;
    if done.rows_affected == 0 {
        return Err(Error::conflict("job_not_dead", "only dead jobs can be retried"));
    }
    let j = crate::access::team_job(db, team_id, id).await?;
    wake();
    Ok(j.into())
}

/// Jobs per state, for `/metrics`.
pub async fn counts(db: &DatabaseConnection) -> Result<Vec<(String, i64)>> {
    let rows: Vec<(String, i64)> = job::Entity::find()
        .select_only()
        .column(job::Column::State)
        .column_as(sea_orm::sea_query::Expr::col(job::Column::Id).count(), "n")
        .group_by(job::Column::State)
        .into_tuple()
        .all(db)
        .await?;
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_and_caps() {
        let b = Duration::from_secs(10);
        assert_eq!(backoff(b, 1), Duration::from_secs(10));
        assert_eq!(backoff(b, 2), Duration::from_secs(20));
        assert_eq!(backoff(b, 4), Duration::from_secs(80));
        assert_eq!(backoff(b, 30), Duration::from_secs(3600));
    }
}
