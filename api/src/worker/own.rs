//! The worker's jobs for learners' own data: course exports (and, beside them, erasures and
//! retention), kept apart from transcoding.

use anyhow::Context as _;
use crosstalk_core::entities::job;
use crosstalk_core::export;
use crosstalk_core::jobs;

use super::{Done, Worker};
use crate::retry::Retry;

/// A string field of a job's payload.
pub(super) fn payload_str(j: &job::Model, field: &str) -> Option<String> {
    serde_json::from_str::<serde_json::Value>(&j.payload).ok()?.get(field)?.as_str().map(str::to_owned)
}

impl Worker {
    pub(super) async fn course_export(&self, j: &job::Model) -> anyhow::Result<Done> {
        let id = payload_str(j, "export_id").context("course export job without export_id")?;
        export::jobs::run(&self.state.db, &self.state.storage, &self.state.tmp_dir, &id).await?;
        Ok(if jobs::complete(&self.state.db, &j.id, &self.owner).await? { Done::Ready } else { Done::LostLease })
    }

    /// A failed attempt of a course export: back to `queued` while attempts remain, `failed` with
    /// its reason after the last one (never left `running`). A write that fails is retried; if it
    /// still fails, the clean-up's sweep of dead export jobs ends the export instead.
    pub(super) async fn export_failed(&self, j: &job::Model, failed: &jobs::Failed, err: &anyhow::Error) {
        let Some(id) = payload_str(j, "export_id") else { return };
        let db = &self.state.db;
        let r = match failed {
            jobs::Failed::Dead => {
                let reason = export::jobs::failure_reason(err);
                Retry::PATIENT.run(&format!("marking export {id} failed"), || export::jobs::fail(db, &id, reason)).await
            }
            jobs::Failed::RetryAt(_) => {
                Retry::PATIENT.run(&format!("requeueing export {id}"), || export::jobs::requeue(db, &id)).await
            }
            jobs::Failed::NotOwner => return,
        };
        if let Err(e) = r {
            tracing::error!(export_id = %id, error = format!("{e:#}"), "recording the export's failure did not succeed");
        }
    }
}

impl Worker {
    pub(super) async fn erasure(&self, j: &job::Model) -> anyhow::Result<Done> {
        let id = payload_str(j, "erasure_id").context("erasure job without erasure_id")?;
        let places = crosstalk_core::erasure::Places {
            db: &self.state.db,
            storage: &self.state.storage,
            mail_dir: self.state.mailer.files_dir(),
        };
        crosstalk_core::erasure::run(&places, &id).await?;
        Ok(if jobs::complete(&self.state.db, &j.id, &self.owner).await? { Done::Ready } else { Done::LostLease })
    }
}

impl Worker {
    /// Retention at `now` (see `crosstalk_core::retention`) and expired course exports; counted
    /// in `/metrics`. Returns how many things it deleted or started purging.
    pub async fn retention(&self, now: chrono::DateTime<chrono::Utc>) -> anyhow::Result<usize> {
        let swept = crosstalk_core::retention::sweep(&self.state.db, &self.state.storage, now).await?;
        let m = &self.state.metrics.retention_deleted;
        m.with_label_values(&["original"]).inc_by(swept.originals_deleted);
        m.with_label_values(&["course"]).inc_by(swept.courses_purged);
        let expired = export::jobs::expire(&self.state.db, &self.state.storage, now).await?;
        let n = swept.originals_deleted + swept.courses_purged + expired;
        Ok(usize::try_from(n).unwrap_or(usize::MAX))
    }
}
