//! The object store fails for real: the in-process S3 server is stopped in the middle of an
//! upload, of a job's output and of playback, then restarted on the same port. Uploads answer
//! 503 with Retry-After and keep every acknowledged byte, the job waits the outage out and
//! publishes, `/readyz` names the store, and everything completes once the store is back.

mod common;

use std::time::{Duration, Instant};

use common::{fixture, is_problem, Resp, TestApp};
use crosstalk_api::config::Config;
use crosstalk_core::entities::{job, video};
use reqwest::Method;
use sea_orm::EntityTrait as _;
use serde_json::json;

async fn spawn_on_s3(s3: &crosstalk_testkit::S3Server) -> TestApp {
    let dir = tempfile::tempdir().unwrap();
    let mut config = Config::for_data_dir(dir.path());
    config.database_url = Some(crosstalk_core::testing::fresh_database_url(dir.path()).await.unwrap().into());
    config.storage_url = Some(s3.storage_url());
    config.job_backoff_seconds = 1;
    TestApp::spawn_in(dir, config).await
}

fn assert_unavailable(r: &Resp, code: &str) {
    assert_eq!(r.status, 503, "{:?}", r.body);
    assert!(is_problem(r), "problem+json: {} {:?}", r.content_type, r.body);
    assert_eq!(r.code(), code);
    let retry: u64 = r.headers.get("retry-after").and_then(|v| v.to_str().ok()?.parse().ok()).expect("Retry-After");
    assert!((1..=120).contains(&retry), "Retry-After {retry}");
}

async fn readiness(app: &TestApp) -> Resp {
    app.call(Method::GET, "/readyz", None, None).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_upload_survives_a_store_outage_and_playback_answers_503() {
    let mut s3 = crosstalk_testkit::start_s3().await.unwrap();
    let app = spawn_on_s3(&s3).await;
    let key = app.team("T").await;
    let s = app.seed_course(&key).await;
    let amina = app.token(&key, &s.course_id, "learner-1").await;
    let clip = fixture("mediarecorder_vp8_opus.webm");
    let path = app.tus_create(&amina, clip.len()).await;
    assert_eq!(app.tus_patch(&amina, &path, 0, &clip[..50_000], None).await.status, 204);

    s3.stop();
    let ready = readiness(&app).await;
    assert_eq!(ready.status, 503, "{:?}", ready.body);
    assert_eq!((ready.body["database"].as_str(), ready.body["store"].as_str()), (Some("ok"), Some("unreachable")));
    let started = Instant::now();
    let r = app.tus_patch(&amina, &path, 50_000, &clip[50_000..100_000], None).await;
    let took = started.elapsed();
    assert_unavailable(&r, "store_unavailable");
    eprintln!("PATCH during the store outage answered 503 in {took:?}");
    assert!(took < Duration::from_secs(10), "answered in {took:?}");
    // Every acknowledged byte is still there, and the lock was released for the retry.
    assert_eq!(app.tus_offset(&amina, &path).await, (200, Some(50_000)));

    s3.restart().await.unwrap();
    let ready = readiness(&app).await;
    assert_eq!((ready.status.as_u16(), ready.body["status"].as_str()), (200, Some("ok")), "{:?}", ready.body);
    let r = app.tus_patch(&amina, &path, 50_000, &clip[50_000..], None).await;
    assert_eq!(r.status, 204, "{:?}", r.body);
    let upload_id = path.rsplit('/').next().unwrap();
    let r = app.post(&format!("/v1/prompts/{}/posts", s.prompt_id), &amina, json!({"upload_id": upload_id})).await;
    assert_eq!(r.status, 201, "{:?}", r.body);
    let post_id = r.body["id"].as_str().unwrap().to_owned();
    assert_eq!(app.run_pending_jobs().await, 1);
    let p = app.get(&format!("/v1/posts/{post_id}"), &amina).await;
    assert_eq!(p.body["video"]["status"], "ready", "{:?}", p.body);
    // The published video is the whole clip, resumed across the outage.
    let url = p.body["video"]["playback_url"].as_str().unwrap().to_owned();
    let head = app.http.get(&url).header("Range", "bytes=0-15").send().await.unwrap();
    assert_eq!(head.status(), 206);
    assert_eq!(&head.bytes().await.unwrap()[4..8], b"ftyp");

    // Playback during an outage: the post still answers; what needs the store answers 503.
    s3.stop();
    let p = app.get(&format!("/v1/posts/{post_id}"), &amina).await;
    assert_eq!(p.status, 200, "{:?}", p.body);
    let put = app
        .send(
            app.http
                .put(format!("{}/v1/posts/{post_id}/captions/en", app.base))
                .bearer_auth(&amina)
                .header("Content-Type", "text/vtt")
                .body("WEBVTT\n\n00:00.000 --> 00:01.000\nHello\n"),
        )
        .await;
    assert_unavailable(&put, "store_unavailable");
    s3.restart().await.unwrap();
    let put = app
        .send(
            app.http
                .put(format!("{}/v1/posts/{post_id}/captions/en", app.base))
                .bearer_auth(&amina)
                .header("Content-Type", "text/vtt")
                .body("WEBVTT\n\n00:00.000 --> 00:01.000\nHello\n"),
        )
        .await;
    assert!(put.status.is_success(), "{:?}", put.body);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_job_whose_output_upload_fails_waits_for_the_store_and_publishes() {
    let mut s3 = crosstalk_testkit::start_s3().await.unwrap();
    let app = spawn_on_s3(&s3).await;
    let key = app.team("T").await;
    let s = app.seed_course(&key).await;
    let amina = app.token(&key, &s.course_id, "learner-1").await;
    // A full transcode (HEVC, rotated): seconds of work between fetching the source and storing
    // the outputs, in which the store goes down.
    let clip = fixture("iphone_hevc_rot90.mov");
    let upload_id = app.upload(&amina, &clip, 1 << 20).await;
    let r = app.post(&format!("/v1/prompts/{}/posts", s.prompt_id), &amina, json!({"upload_id": upload_id})).await;
    assert_eq!(r.status, 201, "{:?}", r.body);
    let post_id = r.body["id"].as_str().unwrap().to_owned();

    let worker = crosstalk_api::worker::Worker::new(app.state.clone());
    let run = tokio::spawn(async move { worker.run_pending().await });
    // Wait until the job holds the whole source, then take the store down.
    let tmp = app.config.data_dir.join("tmp");
    let deadline = Instant::now() + Duration::from_secs(30);
    while !source_fetched(&tmp, clip.len() as u64) {
        assert!(Instant::now() < deadline, "the job never fetched its source");
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    s3.stop();
    assert_eq!(run.await.unwrap().unwrap(), 1);

    let jobs = job::Entity::find().all(&app.state.db).await.unwrap();
    assert_eq!(jobs.len(), 1);
    let j = &jobs[0];
    assert_eq!(j.state, "queued", "deferred, not dead: {j:?}");
    assert_eq!(j.attempts, 0, "an outage spends no attempt: {j:?}");
    assert!(j.last_error.as_deref().unwrap_or("").contains("storing"), "{:?}", j.last_error);
    let v = app.get(&format!("/v1/posts/{post_id}"), &amina).await.body["video"].clone();
    assert_ne!(v["status"], "failed", "{v}");
    // While the store is down the job keeps backing off and is never failed.
    for _ in 0..2 {
        tokio::time::sleep(Duration::from_millis(1100)).await;
        app.run_pending_jobs().await;
    }
    let j = job::Entity::find_by_id(&j.id).one(&app.state.db).await.unwrap().unwrap();
    assert_eq!((j.state.as_str(), j.attempts), ("queued", 0), "{j:?}");

    s3.restart().await.unwrap();
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        app.run_pending_jobs().await;
        let v = app.get(&format!("/v1/posts/{post_id}"), &amina).await.body["video"].clone();
        if v["status"] == "ready" {
            break;
        }
        assert_ne!(v["status"], "failed", "{v}");
        assert!(Instant::now() < deadline, "not ready after the store came back: {v}");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    let videos = video::Entity::find().all(&app.state.db).await.unwrap();
    assert_eq!(videos.len(), 1, "one video, not two");
    let j = job::Entity::find_by_id(&j.id).one(&app.state.db).await.unwrap().unwrap();
    assert_eq!(j.state, "done", "{j:?}");
}

/// Whether a running job's `source` file under `tmp` holds all `len` bytes.
fn source_fetched(tmp: &std::path::Path, len: u64) -> bool {
    let Ok(dirs) = std::fs::read_dir(tmp) else { return false };
    dirs.flatten().any(|d| std::fs::metadata(d.path().join("source")).is_ok_and(|m| m.len() == len))
}
