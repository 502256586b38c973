//! The disk fills: the local store's data directory is given a small free-space budget (the
//! storage layer's test hook turns a write past it into a real ENOSPC from the write path). A
//! PATCH that does not fit gets 507 `insufficient_storage` with Retry-After, every acknowledged
//! byte stays, the service keeps answering, and the upload completes once space is freed.

mod common;

use common::{fixture, is_problem, TestApp};
use crosstalk_core::fault::disk;
use reqwest::Method;
use serde_json::json;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_upload_that_does_not_fit_gets_507_and_completes_after_space_is_freed() {
    let app = TestApp::spawn().await;
    let key = app.team("T").await;
    let s = app.seed_course(&key).await;
    let amina = app.token(&key, &s.course_id, "learner-1").await;
    let clip = fixture("compliant_720p.mp4");
    let path = app.tus_create(&amina, clip.len()).await;
    let root = app.config.data_dir.clone();

    disk::set_free(&root, Some(100_000));
    assert_eq!(app.tus_patch(&amina, &path, 0, &clip[..80_000], None).await.status, 204);
    // 20,000 bytes left: the next 80,000 do not fit.
    let r = app.tus_patch(&amina, &path, 80_000, &clip[80_000..160_000], None).await;
    assert_eq!(r.status, 507, "{:?}", r.body);
    assert!(is_problem(&r), "{} {:?}", r.content_type, r.body);
    assert_eq!(r.code(), "insufficient_storage");
    assert!(r.headers.contains_key("retry-after"));
    // The acknowledged bytes stay, the lock is released, and the service keeps answering.
    assert_eq!(app.tus_offset(&amina, &path).await, (200, Some(80_000)));
    assert_eq!(app.get(&format!("/v1/courses/{}", s.course_id), &key).await.status, 200);
    assert_eq!(app.call(Method::GET, "/readyz", None, None).await.status, 200);
    // Still full: the same again, nothing half-written counted.
    let r = app.tus_patch(&amina, &path, 80_000, &clip[80_000..], None).await;
    assert_eq!((r.status.as_u16(), r.code()), (507, "insufficient_storage"));
    assert_eq!(app.tus_offset(&amina, &path).await, (200, Some(80_000)));

    disk::set_free(&root, None);
    let r = app.tus_patch(&amina, &path, 80_000, &clip[80_000..], None).await;
    assert_eq!(r.status, 204, "{:?}", r.body);
    let upload_id = path.rsplit('/').next().unwrap();
    let r = app.post(&format!("/v1/prompts/{}/posts", s.prompt_id), &amina, json!({"upload_id": upload_id})).await;
    assert_eq!(r.status, 201, "{:?}", r.body);
    assert_eq!(app.run_pending_jobs().await, 1);
    let p = app.get(&format!("/v1/posts/{}", r.body["id"].as_str().unwrap()), &amina).await;
    assert_eq!(p.body["video"]["status"], "ready", "{:?}", p.body);
}
