//! A job that died without its video being marked failed (the write failed on its last attempt,
//! or every worker running it died) does not leave the video "processing" forever: the worker's
//! clean-up marks it failed.

mod common;

use common::{fixture, TestApp};
use crosstalk_core::entities::{job, video};
use sea_orm::{ColumnTrait as _, EntityTrait as _, QueryFilter as _};
use serde_json::json;

#[tokio::test]
async fn the_clean_up_fails_the_video_of_a_dead_job() {
    let app = TestApp::spawn().await;
    let key = app.team("Own").await;
    let s = app.seed_course(&key).await;
    let t = app.token(&key, &s.course_id, "learner-1").await;
    let mut posts = Vec::new();
    for _ in 0..2 {
        let up = app.upload(&t, &fixture("compliant_720p.mp4"), 1 << 20).await;
        let r = app.post(&format!("/v1/prompts/{}/posts", s.prompt_id), &t, json!({"upload_id": up})).await;
        assert_eq!(r.status, 201, "{:?}", r.body);
        posts.push(r.body["id"].as_str().unwrap().to_owned());
    }
    // Every job dead, as after a worker that could not record its last failure; the first
    // video shown processing, the second still queued.
    let db = &app.state.db;
    job::Entity::update_many()
        .col_expr(job::Column::State, "dead".into())
        .col_expr(job::Column::UpdatedAt, chrono::Utc::now().into())
        .exec(db)
        .await
        .unwrap();
    video::Entity::update_many()
        .col_expr(video::Column::Status, "processing".into())
        .filter(video::Column::PostId.eq(&posts[0]))
        .exec(db)
        .await
        .unwrap();
    let status = |p: &str| {
        let p = p.to_owned();
        let app = &app;
        let t = &t;
        async move { app.get(&format!("/v1/posts/{p}"), t).await.body["video"]["status"].as_str().unwrap().to_owned() }
    };
    assert_eq!(status(&posts[0]).await, "processing");
    assert_eq!(status(&posts[1]).await, "queued");

    crosstalk_api::worker::Worker::new(app.state.clone()).cleanup().await.unwrap();

    for p in &posts {
        let v = app.get(&format!("/v1/posts/{p}"), &t).await.body["video"].clone();
        assert_eq!((v["status"].as_str(), v["reason"].as_str()), (Some("failed"), Some("internal_error")), "{v}");
    }
    assert_eq!(app.run_pending_jobs().await, 0, "dead jobs stay dead");
}
