//! Nothing lost when connections drop, instances alternate, workers die, or workers race.

mod common;

use std::time::{Duration, Instant};

use common::{fixture, TestApp};
use crosstalk_core::entities::{job, video};
use sea_orm::{ColumnTrait as _, EntityTrait as _, QueryFilter as _};
use serde_json::json;
use tokio::io::AsyncWriteExt as _;

async fn post_and_process(app: &TestApp, token: &str, prompt_id: &str, upload_id: &str) -> serde_json::Value {
    let r = app.post(&format!("/v1/prompts/{prompt_id}/posts"), token, json!({"upload_id": upload_id})).await;
    assert_eq!(r.status, 201, "{:?}", r.body);
    app.run_pending_jobs().await;
    app.get(&format!("/v1/posts/{}", r.body["id"].as_str().unwrap()), token).await.body
}

#[tokio::test]
async fn a_real_tus_client_resumes_after_an_interruption() {
    let app = TestApp::spawn().await;
    let key = app.team("T").await;
    let s = app.seed_course(&key).await;
    let amina = app.token(&key, &s.course_id, "learner-1").await;
    let file = format!("{}/../fixtures/media/iphone_hevc_rot90.mov", env!("CARGO_MANIFEST_DIR"));
    // Async, so the test's runtime keeps serving the database pool while the client runs.
    let out = tokio::process::Command::new("python3")
        .arg(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/tus_client.py"))
        .args([format!("{}/v1/uploads", app.base), amina.clone(), file, "50000".into()])
        .output()
        .await
        .expect("python3 runs");
    assert!(out.status.success(), "tuspy failed: {}", String::from_utf8_lossy(&out.stderr));
    let url = String::from_utf8(out.stdout).unwrap().trim().to_owned();
    let upload_id = url.rsplit('/').next().unwrap();
    let body = post_and_process(&app, &amina, &s.prompt_id, upload_id).await;
    assert_eq!(body["video"]["status"], "ready", "{body}");
}

#[tokio::test]
async fn patches_alternate_between_two_api_instances() {
    let a = TestApp::spawn().await;
    let b = a.sibling().await;
    let key = a.team("T").await;
    let s = a.seed_course(&key).await;
    let amina = a.token(&key, &s.course_id, "learner-1").await;
    let clip = fixture("safari_fragmented.mp4");
    let path = a.tus_create(&amina, clip.len()).await;
    let chunks: Vec<&[u8]> = clip.chunks(40_000).collect();
    let mut offset = 0;
    for (i, c) in chunks.iter().enumerate() {
        let app = if i % 2 == 0 { &a } else { &b };
        let r = app.tus_patch(&amina, &path, offset, c, None).await;
        assert_eq!(r.status, 204, "chunk {i} on instance {}: {:?}", i % 2, r.body);
        offset += c.len();
        let other = if i % 2 == 0 { &b } else { &a };
        assert_eq!(other.tus_offset(&amina, &path).await.1, Some(offset as u64));
    }
    let body = post_and_process(&b, &amina, &s.prompt_id, path.rsplit('/').next().unwrap()).await;
    assert_eq!(body["video"]["status"], "ready", "{body}");
}

/// Starts a PATCH by hand and leaves it half-sent: the connection stays open until dropped.
async fn half_patch(app: &TestApp, token: &str, path: &str, declared: usize, sent: &[u8]) -> tokio::net::TcpStream {
    let addr = app.base.trim_start_matches("http://");
    let mut s = tokio::net::TcpStream::connect(addr).await.unwrap();
    let head = format!(
        "PATCH {path} HTTP/1.1\r\nHost: {addr}\r\nAuthorization: Bearer {token}\r\nTus-Resumable: 1.0.0\r\n\
         Upload-Offset: 0\r\nContent-Type: application/offset+octet-stream\r\nContent-Length: {declared}\r\n\r\n"
    );
    s.write_all(head.as_bytes()).await.unwrap();
    s.write_all(sent).await.unwrap();
    s.flush().await.unwrap();
    s
}

#[tokio::test]
async fn a_dropped_patch_keeps_what_it_delivered_and_a_concurrent_patch_is_refused() {
    let app = TestApp::spawn().await;
    let key = app.team("T").await;
    let s = app.seed_course(&key).await;
    let amina = app.token(&key, &s.course_id, "learner-1").await;
    let clip = fixture("compliant_720p.mp4");
    let path = app.tus_create(&amina, clip.len()).await;

    let conn = half_patch(&app, &amina, &path, clip.len(), &clip[..100_000]).await;
    // Wait until the first PATCH holds the upload's lock...
    let upload_id = path.rsplit('/').next().unwrap().to_owned();
    let deadline = Instant::now() + Duration::from_secs(5);
    while crosstalk_core::entities::upload::Entity::find_by_id(&upload_id)
        .one(&app.state.db)
        .await
        .unwrap()
        .unwrap()
        .lock_token
        .is_none()
    {
        assert!(Instant::now() < deadline, "the first PATCH never took the lock");
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    // ...then a second PATCH at the same offset is refused, not interleaved.
    let r = app.tus_patch(&amina, &path, 0, &clip[..10], None).await;
    assert_eq!((r.status.as_u16(), r.code()), (423, "upload_locked"), "{:?}", r.body);
    drop(conn); // the phone loses its connection

    let deadline = Instant::now() + Duration::from_secs(5);
    let offset = loop {
        let (status, off) = app.tus_offset(&amina, &path).await;
        assert_eq!(status, 200);
        if off == Some(100_000) {
            break 100_000;
        }
        assert!(Instant::now() < deadline, "offset stayed at {off:?}");
        tokio::time::sleep(Duration::from_millis(20)).await;
    };
    let r = app.tus_patch(&amina, &path, offset, &clip[offset..], None).await;
    assert_eq!(r.status, 204, "{:?}", r.body);
    let body = post_and_process(&app, &amina, &s.prompt_id, path.rsplit('/').next().unwrap()).await;
    assert_eq!(body["video"]["status"], "ready", "{body}");
    assert_eq!(body["video"]["duration_ms"].as_i64().map(|d| d > 1000), Some(true));
}

#[tokio::test]
async fn two_workers_racing_for_twenty_jobs_do_each_once() {
    let app = TestApp::spawn().await;
    let key = app.team("T").await;
    let s = app.seed_course(&key).await;
    let amina = app.token(&key, &s.course_id, "learner-1").await;
    let clip = fixture("compliant_720p.mp4");
    for _ in 0..20 {
        let up = app.upload(&amina, &clip, 1 << 20).await;
        let r = app.post(&format!("/v1/prompts/{}/posts", s.prompt_id), &amina, json!({"upload_id": up})).await;
        assert_eq!(r.status, 201);
    }
    // Two workers with their own connection pools, as two processes would have.
    let w1 = crosstalk_api::worker::Worker::new(crosstalk_api::startup::prepare(&app.config).await.unwrap());
    let w2 = crosstalk_api::worker::Worker::new(crosstalk_api::startup::prepare(&app.config).await.unwrap());
    let (a, b) = tokio::join!(w1.run_pending(), w2.run_pending());
    assert_eq!(a.unwrap() + b.unwrap(), 20);
    let jobs = job::Entity::find().all(&app.state.db).await.unwrap();
    assert_eq!(jobs.len(), 20);
    assert!(jobs.iter().all(|j| j.state == "done" && j.attempts == 1), "{jobs:?}");
    let ready = video::Entity::find().filter(video::Column::Status.eq("ready")).all(&app.state.db).await.unwrap();
    assert_eq!(ready.len(), 20);
    for v in &ready {
        let keys = app.state.storage.list(&format!("videos/{}/", v.id)).await.unwrap();
        assert_eq!(keys.len(), 4, "{keys:?}");
    }
}

/// A 12 s 1080p clip that takes the full transcode path, long enough to kill a worker mid-job.
async fn long_clip(dir: &std::path::Path) -> std::path::PathBuf {
    let out = dir.join("long.mp4");
    let status = tokio::process::Command::new("ffmpeg")
        .args(["-v", "error", "-y", "-f", "lavfi", "-i", "testsrc2=size=1920x1080:rate=30:duration=12"])
        .args(["-f", "lavfi", "-i", "sine=frequency=440:duration=12", "-c:v", "libx264", "-preset", "ultrafast"])
        .args(["-pix_fmt", "yuv444p", "-c:a", "aac", "-shortest"])
        .arg(&out)
        .status()
        .await
        .expect("ffmpeg CLI (test fixture generator) runs");
    assert!(status.success());
    out
}

/// A learner's post of [`long_clip`], queued: (app, learner token, post id).
async fn long_post() -> (TestApp, String, String) {
    let app = TestApp::spawn().await;
    let key = app.team("T").await;
    let s = app.seed_course(&key).await;
    let amina = app.token(&key, &s.course_id, "learner-1").await;
    let clip = std::fs::read(long_clip(&app.config.data_dir).await).unwrap();
    let up = app.upload(&amina, &clip, 4 << 20).await;
    let r = app.post(&format!("/v1/prompts/{}/posts", s.prompt_id), &amina, json!({"upload_id": up})).await;
    let post_id = r.body["id"].as_str().unwrap().to_owned();
    (app, amina, post_id)
}

/// `crosstalk worker` as a separate process on the app's database and store.
fn spawn_worker(app: &TestApp, env: &[(&str, &str)]) -> tokio::process::Child {
    use secrecy::ExposeSecret as _;
    tokio::process::Command::new(env!("CARGO_BIN_EXE_crosstalk"))
        .args(["worker", "--data-dir"])
        .arg(&app.config.data_dir)
        .env("CROSSTALK_DATABASE_URL", app.config.database_url.as_ref().unwrap().expose_secret())
        .envs(env.iter().copied())
        .env("RUST_LOG", "warn")
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap()
}

async fn wait_until_processing(app: &TestApp, token: &str, post_id: &str) {
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let p = app.get(&format!("/v1/posts/{post_id}"), token).await;
        if p.body["video"]["status"] == "processing" && p.body["video"]["progress"].as_i64().unwrap_or(0) > 0 {
            return;
        }
        assert!(Instant::now() < deadline, "worker never started: {:?}", p.body);
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

#[tokio::test]
async fn a_worker_killed_mid_transcode_is_replaced_and_the_video_is_ready_once() {
    let (app, amina, post_id) = long_post().await;
    let mut child = spawn_worker(&app, &[("CROSSTALK_JOB_LEASE_SECONDS", "3")]);
    wait_until_processing(&app, &amina, &post_id).await;
    child.kill().await.unwrap(); // SIGKILL: no chance to give the job back

    // Another worker claims the job once the dead worker's lease runs out.
    let deadline = Instant::now() + Duration::from_secs(20);
    while app.run_pending_jobs().await == 0 {
        assert!(Instant::now() < deadline, "the job was never claimed again");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    let p = app.get(&format!("/v1/posts/{post_id}"), &amina).await;
    assert_eq!(p.body["video"]["status"], "ready", "{:?}", p.body);
    let jobs = job::Entity::find().all(&app.state.db).await.unwrap();
    assert_eq!(jobs.len(), 1);
    assert_eq!((jobs[0].state.as_str(), jobs[0].attempts), ("done", 2));
    let vid = p.body["video"]["id"].as_str().unwrap();
    let mut keys = app.state.storage.list(&format!("videos/{vid}/")).await.unwrap();
    keys.sort();
    let expected: Vec<String> =
        ["poster.jpg", "poster.webp", "thumb.jpg", "video.mp4"].iter().map(|f| format!("videos/{vid}/{f}")).collect();
    assert_eq!(keys, expected, "exactly one set of outputs");
    // Nothing more to do, and running again changes nothing.
    assert_eq!(app.run_pending_jobs().await, 0);
}

#[tokio::test]
async fn many_concurrent_uploads_all_commit() {
    // Regression: on SQLite, part commits that read before writing failed with "database is locked".
    let app = TestApp::spawn().await;
    let key = app.team("T").await;
    let s = app.seed_course(&key).await;
    let mut tokens = Vec::new();
    for who in ["learner-1", "learner-2", "fac-1"] {
        tokens.push(app.token(&key, &s.course_id, who).await);
    }
    let clip = fixture("compliant_720p.mp4");
    let mut paths = Vec::new();
    for i in 0..15 {
        let t = tokens[i % 3].clone();
        paths.push((t.clone(), app.tus_create(&t, clip.len()).await));
    }
    let half = clip.len() / 2;
    let uploads = paths.iter().map(|(t, p)| {
        let (app, clip) = (&app, &clip);
        async move {
            let a = app.tus_patch(t, p, 0, &clip[..half], None).await.status.as_u16();
            let b = app.tus_patch(t, p, half, &clip[half..], None).await.status.as_u16();
            (a, b)
        }
    });
    let results = futures_util::future::join_all(uploads).await;
    assert!(results.iter().all(|r| *r == (204, 204)), "{results:?}");
    for (t, p) in &paths {
        assert_eq!(app.tus_offset(t, p).await.1, Some(clip.len() as u64));
    }
}

#[tokio::test]
async fn sigterm_lets_a_worker_finish_its_job_before_exiting() {
    let (app, amina, post_id) = long_post().await;
    let mut child = spawn_worker(&app, &[]);
    wait_until_processing(&app, &amina, &post_id).await;
    let pid = child.id().unwrap().to_string();
    assert!(tokio::process::Command::new("kill").args(["-TERM", &pid]).status().await.unwrap().success());
    let status = tokio::time::timeout(Duration::from_secs(60), child.wait()).await.expect("worker exits").unwrap();
    assert!(status.success(), "{status:?}");
    let p = app.get(&format!("/v1/posts/{post_id}"), &amina).await;
    assert_eq!(p.body["video"]["status"], "ready", "the running job was finished, not dropped: {:?}", p.body);
}
