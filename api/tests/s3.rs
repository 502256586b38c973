//! The same journey on S3 (an in-process s3s server that checks signatures): tus parts and
//! outputs live in the bucket, playback is a presigned GET that phones can seek in.

mod common;

use common::{fixture, TestApp};
use crosstalk_api::config::Config;
use serde_json::json;

async fn spawn_on_s3(s3: &crosstalk_testkit::S3Server) -> TestApp {
    let dir = tempfile::tempdir().unwrap();
    let mut config = Config::for_data_dir(dir.path());
    config.database_url = Some(crosstalk_core::testing::fresh_database_url(dir.path()).await.unwrap().into());
    config.storage_url = Some(s3.storage_url());
    TestApp::spawn_in(dir, config).await
}

#[tokio::test]
async fn upload_resume_process_and_play_back_from_s3() {
    let s3 = crosstalk_testkit::start_s3().await.unwrap();
    let app = spawn_on_s3(&s3).await;
    let b = app.sibling().await;
    let key = app.team("T").await;
    let s = app.seed_course(&key).await;
    let amina = app.token(&key, &s.course_id, "learner-1").await;
    let clip = fixture("mediarecorder_vp8_opus.webm");

    let path = app.tus_create(&amina, clip.len()).await;
    assert_eq!(app.tus_patch(&amina, &path, 0, &clip[..50_000], None).await.status, 204);
    // Resume on the other instance from the offset it reports.
    let (_, off) = b.tus_offset(&amina, &path).await;
    let off = usize::try_from(off.unwrap()).unwrap();
    assert_eq!(off, 50_000);
    assert_eq!(b.tus_patch(&amina, &path, off, &clip[off..], None).await.status, 204);
    let upload_id = path.rsplit('/').next().unwrap();
    assert_eq!(
        app.state.storage.list(&format!("uploads/{upload_id}/")).await.unwrap().len(),
        2,
        "one object per PATCH"
    );

    let r = app.post(&format!("/v1/prompts/{}/posts", s.prompt_id), &amina, json!({"upload_id": upload_id})).await;
    assert_eq!(r.status, 201, "{:?}", r.body);
    assert_eq!(app.run_pending_jobs().await, 1);
    let p = app.get(&format!("/v1/posts/{}", r.body["id"].as_str().unwrap()), &amina).await;
    let v = &p.body["video"];
    assert_eq!(v["status"], "ready", "{v}");
    let url = v["playback_url"].as_str().unwrap();
    assert!(url.starts_with(&s3.endpoint) && url.contains("X-Amz-Signature"), "presigned: {url}");

    let part = app.http.get(url).header("Range", "bytes=0-99").send().await.unwrap();
    assert_eq!(part.status(), 206);
    let bytes = part.bytes().await.unwrap();
    assert_eq!(bytes.len(), 100);
    assert_eq!(&bytes[4..8], b"ftyp");
    // Unsigned access to the same object is refused by the store.
    let unsigned = url.split('?').next().unwrap();
    assert_eq!(app.http.get(unsigned).send().await.unwrap().status(), 403);
    let ready = app.call(reqwest::Method::GET, "/readyz", None, None).await;
    assert_eq!(ready.status, 200, "{:?}", ready.body);
}
