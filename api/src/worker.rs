//! The worker: claims jobs from the database queue and runs them, `worker_slots` at a time.
//! It runs inside `crosstalk serve` (unless `--no-worker`) and as `crosstalk worker`, any number
//! of them on machines sharing the database and the store.
//!
//! Transcode jobs download the upload's parts to a temp file, run the transcoder in a blocking
//! thread, upload the outputs under deterministic keys and publish the ready video and the job's
//! completion in one transaction, only if this worker still holds the job's lease. A rejected
//! input marks the video rejected (no retry); an internal failure is retried with backoff.

use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::Context as _;
use crosstalk_core::entities::{job, post, upload, video};
use crosstalk_core::jobs::{self, Failed};
use crosstalk_core::notify::{self, Notifier};
use crosstalk_core::posts::{self, Ready};
use crosstalk_core::{ids, uploads};
use crosstalk_transcoder::{Limits, TranscodeError};
use sea_orm::{ConnectionTrait as _, DbBackend, EntityTrait as _};
use tokio::sync::{watch, Semaphore};

use crate::retry::Retry;
use crate::state::AppState;

mod cleanup;
mod own;

#[derive(Clone)]
pub struct Worker {
    state: AppState,
    /// This process's lease owner name.
    owner: String,
    /// How often to look for work when nothing wakes us.
    poll: Duration,
}

enum Done {
    Ready,
    Rejected(&'static str),
    /// Someone else owns the job now (our lease expired); nothing published.
    LostLease,
}

impl Worker {
    pub fn new(state: AppState) -> Self {
        let host = std::env::var("HOSTNAME").unwrap_or_else(|_| "worker".into());
        let poll = if state.db.get_database_backend() == DbBackend::Postgres {
            Duration::from_secs(5)
        } else {
            Duration::from_millis(500)
        };
        Worker { owner: format!("{host}-{}-{}", std::process::id(), ids::new_id("w")), state, poll }
    }

    /// Runs jobs until `shutdown` turns true; then waits up to `grace` for running jobs and
    /// gives back the ones still running so another worker takes them at once.
    pub async fn run(self, mut shutdown: watch::Receiver<bool>, grace: Duration) {
        let slots = Arc::new(Semaphore::new(self.state.worker_slots));
        if self.state.db.get_database_backend() == DbBackend::Postgres {
            self.listen_for_notifications();
        }
        let notifier = tokio::spawn(self.clone().notify_loop(shutdown.clone()));
        let mut last_cleanup = Instant::now() - Duration::from_secs(3600);
        let running: Arc<std::sync::Mutex<Vec<String>>> = Arc::default();
        tracing::info!(owner = %self.owner, slots = self.state.worker_slots, "worker started");
        loop {
            if *shutdown.borrow() {
                break;
            }
            if last_cleanup.elapsed() > Duration::from_secs(300) {
                last_cleanup = Instant::now();
                if let Err(e) = self.cleanup().await {
                    tracing::warn!(error = format!("{e:#}"), "clean-up failed");
                }
            }
            let Ok(permit) = slots.clone().acquire_owned().await else { break };
            match jobs::claim(&self.state.db, &self.owner, self.state.job_lease).await {
                Ok(Some(j)) => {
                    let me = self.clone();
                    let running = running.clone();
                    if let Ok(mut r) = running.lock() {
                        r.push(j.id.clone());
                    }
                    tokio::spawn(async move {
                        let id = j.id.clone();
                        me.execute(j).await;
                        if let Ok(mut r) = running.lock() {
                            r.retain(|x| x != &id);
                        }
                        drop(permit);
                    });
                }
                Ok(None) => {
                    drop(permit);
                    tokio::select! {
                        _ = jobs::local_wakeup().notified() => {}
                        _ = tokio::time::sleep(self.poll) => {}
                        _ = shutdown.changed() => {}
                    }
                }
                Err(e) => {
                    drop(permit);
                    tracing::warn!(error = format!("{e:#}"), "claiming a job failed");
                    tokio::time::sleep(Duration::from_secs(1)).await;
                }
            }
        }
        tracing::info!("worker stopping; waiting for running jobs");
        let all = self.state.worker_slots as u32;
        if tokio::time::timeout(grace, slots.acquire_many(all)).await.is_err() {
            let left: Vec<String> = running.lock().map(|r| r.clone()).unwrap_or_default();
            for id in left {
                tracing::info!(job_id = %id, "giving back a running job");
                let what = format!("giving back job {id}");
                if let Err(e) = Retry::QUICK.run(&what, || jobs::release(&self.state.db, &id, &self.owner)).await {
                    tracing::error!(
                        job_id = %id, error = format!("{e:#}"),
                        "giving back a job failed; another worker takes it when its lease expires"
                    );
                }
            }
        }
        if tokio::time::timeout(grace, notifier).await.is_err() {
            tracing::warn!("notifications still sending at shutdown; their deliveries end up `unknown`");
        }
    }

    /// The notifier built from this worker's settings.
    pub fn notifier(&self) -> anyhow::Result<Notifier> {
        Notifier::new(
            self.state.db.clone(),
            self.state.mailer.clone(),
            self.state.key.clone(),
            notify::Settings {
                public_url: self.state.public_url.clone(),
                lease: self.state.job_lease,
                backoff: self.state.delivery_backoff,
                allow_private_webhooks: self.state.webhook_allow_private,
                webhook_proxy: self.state.webhook_proxy.clone(),
                owner: self.owner.clone(),
            },
        )
    }

    /// Writes due digests and nudges to the outbox (every minute in the loop; tests call it).
    pub async fn schedule_notifications(&self) -> anyhow::Result<(usize, usize)> {
        let digests = notify::schedule_digests(&self.state.db, self.state.digest_interval).await?;
        let nudges = notify::schedule_nudges(&self.state.db).await?;
        Ok((digests, nudges))
    }

    /// Fans out the outbox and sends every due mail and webhook once; for tests and one-shot use.
    pub async fn run_notifications(&self) -> anyhow::Result<notify::Pass> {
        Ok(self.notifier()?.run_once().await?)
    }

    async fn notify_loop(self, mut shutdown: watch::Receiver<bool>) {
        let notifier = match self.notifier() {
            Ok(n) => n,
            Err(e) => {
                tracing::error!(error = format!("{e:#}"), "notifications cannot start");
                return;
            }
        };
        tracing::info!(mail = %self.state.mailer.describe(), "notifications started");
        let mut last_schedule = Instant::now() - Duration::from_secs(3600);
        loop {
            if *shutdown.borrow() {
                break;
            }
            if last_schedule.elapsed() >= Duration::from_secs(60) {
                last_schedule = Instant::now();
                if let Err(e) = self.schedule_notifications().await {
                    tracing::warn!(error = format!("{e:#}"), "scheduling digests and nudges failed");
                }
            }
            let stop = shutdown.clone();
            match notifier.run_pass(move || *stop.borrow()).await {
                Ok(p) if p != notify::Pass::default() => tracing::debug!(?p, "notifications pass"),
                Ok(_) => {}
                Err(e) => tracing::warn!(error = format!("{e:#}"), "notifications pass failed"),
            }
            tokio::select! {
                _ = jobs::local_wakeup().notified() => {}
                _ = tokio::time::sleep(self.poll) => {}
                _ = shutdown.changed() => {}
            }
        }
    }

    fn listen_for_notifications(&self) {
        let pool = self.state.db.get_postgres_connection_pool().clone();
        tokio::spawn(async move {
            loop {
                match sqlx::postgres::PgListener::connect_with(&pool).await {
                    Ok(mut l) => {
                        if l.listen(jobs::NOTIFY_CHANNEL).await.is_ok() {
                            while l.recv().await.is_ok() {
                                jobs::wake();
                            }
                        }
                    }
                    Err(e) => tracing::warn!(error = %e, "LISTEN failed; polling meanwhile"),
                }
                tokio::time::sleep(Duration::from_secs(2)).await;
            }
        });
    }

    /// Runs due jobs one after another until none is left; returns how many ran. For tests and
    /// one-shot use: no sleeping, no background task.
    pub async fn run_pending(&self) -> anyhow::Result<usize> {
        let mut n = 0;
        while let Some(j) = jobs::claim(&self.state.db, &self.owner, self.state.job_lease).await? {
            self.execute(j).await;
            n += 1;
        }
        Ok(n)
    }

    async fn execute(&self, j: job::Model) {
        let started = Instant::now();
        let (stop_tx, stop_rx) = watch::channel(false);
        let hb = self.heartbeat(j.id.clone(), stop_rx);
        let result = match j.kind.as_str() {
            jobs::KIND_TRANSCODE => self.transcode(&j).await,
            crosstalk_core::export::jobs::KIND_COURSE_EXPORT => self.course_export(&j).await,
            crosstalk_core::erasure::KIND_ERASURE => self.erasure(&j).await,
            other => Err(anyhow::anyhow!("unknown job kind {other}")),
        };
        let _ = stop_tx.send(true);
        let _ = hb.await;
        let outcome = match &result {
            Ok(Done::Ready) => "ready",
            Ok(Done::Rejected(_)) => "rejected",
            Ok(Done::LostLease) => "lost_lease",
            Err(_) => "error",
        };
        self.state
            .metrics
            .job_seconds
            .with_label_values(&[j.kind.as_str(), outcome])
            .observe(started.elapsed().as_secs_f64());
        match result {
            Ok(Done::Rejected(reason)) => tracing::info!(job_id = %j.id, reason, "input rejected"),
            Ok(Done::LostLease) => tracing::warn!(job_id = %j.id, "lease lost; another worker owns this job"),
            Ok(Done::Ready) => tracing::info!(job_id = %j.id, seconds = started.elapsed().as_secs_f64(), "job done"),
            Err(e) => {
                let msg = format!("{e:#}");
                tracing::error!(job_id = %j.id, kind = %j.kind, attempt = j.attempts, error = %msg, "job failed");
                let db = &self.state.db;
                // A dependency that is down or full is waited out: the job is retried after the
                // backoff without spending an attempt, so it finishes once the dependency is back.
                let fault = crosstalk_core::fault::Fault::of(&e);
                let failed = Retry::PATIENT
                    .run(&format!("recording the failure of job {}", j.id), || async {
                        match fault {
                            Some(_) => jobs::defer(db, &j, &self.owner, &msg, self.state.job_backoff).await,
                            None => jobs::fail(db, &j, &self.owner, &msg, self.state.job_backoff).await,
                        }
                    })
                    .await;
                if j.kind == crosstalk_core::export::jobs::KIND_COURSE_EXPORT {
                    if let Ok(f) = &failed {
                        self.export_failed(&j, f, &e).await;
                    }
                    return;
                }
                match failed {
                    Ok(Failed::Dead) => {
                        let Some(v) = video_id(&j) else { return };
                        let what = format!("marking video {v} of dead job {} failed", j.id);
                        if let Err(e) = Retry::PATIENT.run(&what, || posts::mark_failed(db, &v)).await {
                            // The job is dead, so nothing runs it again: the clean-up's sweep of
                            // dead jobs' videos marks it failed on its next pass instead.
                            tracing::error!(
                                job_id = %j.id, video_id = %v, error = format!("{e:#}"),
                                "marking the video failed did not succeed; the clean-up will"
                            );
                        }
                    }
                    Ok(_) => {}
                    // The job keeps this worker's lease until it expires; then it is claimed again.
                    Err(e) => tracing::error!(
                        job_id = %j.id, error = format!("{e:#}"),
                        "recording a job failure did not succeed; the job runs again when its lease expires"
                    ),
                }
            }
        }
    }

    fn heartbeat(&self, job_id: String, mut stop: watch::Receiver<bool>) -> tokio::task::JoinHandle<()> {
        let db = self.state.db.clone();
        let owner = self.owner.clone();
        let lease = self.state.job_lease;
        tokio::spawn(async move {
            loop {
                tokio::select! {
                    _ = tokio::time::sleep(lease / 3) => {
                        match jobs::heartbeat(&db, &job_id, &owner, lease).await {
                            Ok(true) => {}
                            Ok(false) => { tracing::warn!(job_id, "lease lost"); return; }
                            Err(e) => tracing::warn!(job_id, error = format!("{e:#}"), "heartbeat failed"),
                        }
                    }
                    _ = stop.changed() => return,
                }
            }
        })
    }

    async fn transcode(&self, j: &job::Model) -> anyhow::Result<Done> {
        let db = &self.state.db;
        let video_id = video_id(j).context("transcode job without video_id")?;
        let v = video::Entity::find_by_id(&video_id).one(db).await?.context("video of the job is gone")?;
        if v.status == "ready" || v.status == "rejected" {
            // Published by an earlier run whose completion we are repeating.
            return Ok(if jobs::complete(db, &j.id, &self.owner).await? { Done::Ready } else { Done::LostLease });
        }
        let p = post::Entity::find_by_id(&v.post_id).one(db).await?.context("post of the video is gone")?;
        let prompt = posts::prompt_of(db, &p).await?;
        let up = upload::Entity::find_by_id(&v.upload_id).one(db).await?.context("upload of the video is gone")?;
        posts::set_processing(db, &video_id).await?;

        let work =
            tempfile::Builder::new().prefix("job-").tempdir_in(&self.state.tmp_dir).context("creating job dir")?;
        let source = work.path().join("source");
        let mut f = tokio::fs::File::create(&source).await.context("creating source file")?;
        let mut total = 0u64;
        for part in uploads::parts(db, &up.id).await? {
            total += self
                .state
                .storage
                .append_to(&part.key, &mut f)
                .await
                .with_context(|| format!("fetching {}", part.key))?;
        }
        drop(f);
        anyhow::ensure!(total == u64::try_from(up.length).unwrap_or(0), "source has {total} of {} bytes", up.length);

        let mut limits = Limits::for_prompt(f64::from(prompt.min_seconds), f64::from(prompt.max_seconds));
        limits.max_bytes = self.state.upload_limits.max_size;
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        limits.threads = (cores / self.state.worker_slots).max(1);

        let (tx, mut rx) = watch::channel(0f32);
        let out_dir = work.path().join("out");
        let src = source.clone();
        let out = out_dir.clone();
        let started = Instant::now();
        let blocking = tokio::task::spawn_blocking(move || {
            let r = crosstalk_transcoder::process(&src, &out, &limits, &|f| {
                let _ = tx.send(f);
            });
            crosstalk_transcoder::give_back_freed_memory();
            r
        });
        let progress_db = db.clone();
        let vid = video_id.clone();
        let progress = tokio::spawn(async move {
            let mut last = -1;
            while rx.changed().await.is_ok() {
                let pct = (*rx.borrow() * 100.0).round() as i32;
                if pct != last {
                    last = pct;
                    // Not retried: the next change of progress, half a second on, writes again.
                    if let Err(e) = posts::set_progress(&progress_db, &vid, pct.min(99)).await {
                        tracing::warn!(video_id = %vid, progress = pct, error = format!("{e:#}"), "recording progress failed");
                    }
                }
                tokio::time::sleep(Duration::from_millis(500)).await;
            }
        });
        let result = blocking.await.context("transcoder thread panicked")?;
        progress.abort();
        match result {
            Ok(outcome) => {
                let md = &outcome.metadata;
                if md.duration_ms > 0 {
                    self.state
                        .metrics
                        .transcode_ratio
                        .observe(started.elapsed().as_secs_f64() / (md.duration_ms as f64 / 1000.0));
                }
                for (file, ct) in posts::OUTPUT_FILES {
                    let path = out_dir.join(file);
                    self.state
                        .storage
                        .put_file(&posts::output_key(&video_id, file), &path, ct)
                        .await
                        .with_context(|| format!("storing {file}"))?;
                }
                let ready = Ready {
                    duration_ms: i64::try_from(md.duration_ms).unwrap_or(i64::MAX),
                    width: i32::try_from(md.width).unwrap_or(0),
                    height: i32::try_from(md.height).unwrap_or(0),
                    has_audio: md.has_audio,
                    output_bytes: i64::try_from(md.output_bytes).unwrap_or(0),
                    meta: serde_json::to_string(md).unwrap_or_default(),
                };
                Ok(if posts::publish_ready(db, &video_id, &j.id, &self.owner, ready).await? {
                    Done::Ready
                } else {
                    Done::LostLease
                })
            }
            Err(TranscodeError::Rejected(r)) => {
                let reason = r.reason.as_str();
                let rejected =
                    posts::Rejected { reason, min_seconds: prompt.min_seconds, max_seconds: prompt.max_seconds };
                Ok(if posts::publish_rejected(db, &video_id, &j.id, &self.owner, rejected).await? {
                    Done::Rejected(reason)
                } else {
                    Done::LostLease
                })
            }
            Err(TranscodeError::Internal(e)) => Err(e),
        }
    }
}

fn video_id(j: &job::Model) -> Option<String> {
    serde_json::from_str::<serde_json::Value>(&j.payload).ok()?.get("video_id")?.as_str().map(str::to_owned)
}
