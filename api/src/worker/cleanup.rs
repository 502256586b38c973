//! The worker's periodic clean-up: expired uploads, deleted posts' videos, old notifications
//! and idempotent responses, rate counters of ended windows, stale spool files, and videos left behind by dead jobs.

use std::time::Duration;

use crosstalk_core::notify;
use crosstalk_core::{posts, uploads};

use super::Worker;

impl Worker {
    /// Removes expired and terminated uploads (their part objects, then their rows) and the
    /// video objects of deleted posts. Returns how many uploads and videos it cleaned.
    pub async fn cleanup(&self) -> anyhow::Result<usize> {
        let mut n = 0;
        for u in uploads::garbage(&self.state.db, 500).await? {
            self.state.storage.delete_prefix(&format!("uploads/{}/", u.id)).await?;
            uploads::purge(&self.state.db, &u.id).await?;
            n += 1;
        }
        // Objects of posts their authors deleted.
        for v in posts::deleted_videos(&self.state.db, 500).await? {
            self.state.storage.delete_prefix(&format!("videos/{}/", v.id)).await?;
            // Its original too: retention only ever deletes the originals of ready videos.
            self.state.storage.delete_prefix(&format!("uploads/{}/", v.upload_id)).await?;
            uploads::purge(&self.state.db, &v.upload_id).await?;
            posts::mark_purged(&self.state.db, &v.id).await?;
            n += 1;
        }
        // Videos of dead jobs still shown as queued or processing.
        n += usize::try_from(posts::fail_videos_of_dead_jobs(&self.state.db, 500).await?).unwrap_or(usize::MAX);
        // Course exports of dead jobs still shown as queued or running.
        let exports = crosstalk_core::export::jobs::fail_exports_of_dead_jobs(&self.state.db, 500).await?;
        n += usize::try_from(exports).unwrap_or(usize::MAX);
        // LTI logins that can no longer complete.
        n += usize::try_from(crosstalk_core::lti::login::prune(&self.state.db).await?).unwrap_or(usize::MAX);
        // Originals and ended courses past their retention; expired course exports.
        n += self.retention(chrono::Utc::now()).await?;
        // Notifications older than the delivery log keeps.
        n += usize::try_from(notify::prune(&self.state.db).await?).unwrap_or(usize::MAX);
        // Ended page sessions and long-expired sign-in links.
        let pruned = crosstalk_core::sessions::prune(&self.state.db, chrono::Utc::now()).await?;
        n += usize::try_from(pruned).unwrap_or(usize::MAX);
        // Rate-limit and upload-volume counters of ended windows.
        n += usize::try_from(crosstalk_core::limits::prune(&self.state.db, chrono::Utc::now()).await?)
            .unwrap_or(usize::MAX);
        // Stored idempotent responses past their retention, of callers that did not come back.
        n += usize::try_from(crosstalk_core::idempotency::prune(&self.state.db).await?).unwrap_or(usize::MAX);
        // Spool files of PATCHes cut off by a crash are older than any running request.
        if let Ok(mut dir) = tokio::fs::read_dir(&self.state.tmp_dir).await {
            while let Ok(Some(e)) = dir.next_entry().await {
                let old = e.metadata().await.ok().and_then(|m| m.modified().ok()).and_then(|t| t.elapsed().ok());
                if old.is_some_and(|age| age > Duration::from_secs(24 * 3600)) {
                    let p = e.path();
                    let _ =
                        if p.is_dir() { tokio::fs::remove_dir_all(&p).await } else { tokio::fs::remove_file(&p).await };
                }
            }
        }
        Ok(n)
    }
}
