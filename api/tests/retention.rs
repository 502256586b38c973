//! Retention with the clock moved: originals go N days after their video is ready, a course's media
//! and personal data N days after it ends; nothing else goes.

mod common;
mod support;

use chrono::{Duration, Utc};
use common::TestApp;
use crosstalk_api::worker::Worker;
use crosstalk_core::entities::video;
use reqwest::Method;
use sea_orm::EntityTrait as _;
use serde_json::json;
use support::{post_video, setup};

/// (video id, upload id) of a post.
async fn ids(app: &TestApp, key: &str, post: &str) -> (String, String) {
    let p = app.get(&format!("/v1/posts/{post}"), key).await;
    let vid = p.body["video"]["id"].as_str().unwrap().to_owned();
    let v = video::Entity::find_by_id(&vid).one(&app.state.db).await.unwrap().unwrap();
    (vid, v.upload_id)
}

async fn has(app: &TestApp, prefix: &str) -> bool {
    !app.state.storage.list(prefix).await.unwrap().is_empty()
}

#[tokio::test]
async fn originals_and_ended_courses_disappear_on_schedule_and_nothing_else() {
    let app = TestApp::spawn().await;
    let c = setup(&app).await;
    let mine = ids(&app, &c.key, &post_video(&app, &c, "a1", None, "hello").await).await;
    // Another course of the same team, on the defaults.
    let other = app.seed_course(&c.key).await;
    let t = app.token(&c.key, &other.course_id, "learner-1").await;
    let up = app.upload(&t, &common::fixture("compliant_720p.mp4"), 1 << 20).await;
    let r = app.post(&format!("/v1/prompts/{}/posts", other.prompt_id), &t, json!({"upload_id": up})).await;
    assert_eq!(r.status, 201);
    app.run_pending_jobs().await;
    let theirs = ids(&app, &c.key, r.body["id"].as_str().unwrap()).await;

    let path = format!("/v1/courses/{}/retention", c.course_id);
    assert_eq!(app.get(&path, &c.key).await.body, json!({"originals_days": 30, "purge_after_days": null}));
    let r =
        app.call(Method::PUT, &path, Some(&c.key), Some(json!({"originals_days": 10, "purge_after_days": 5}))).await;
    assert_eq!(r.status, 200, "{:?}", r.body);
    let bad =
        app.call(Method::PUT, &path, Some(&c.key), Some(json!({"originals_days": 0, "purge_after_days": null}))).await;
    assert_eq!(bad.code(), "validation_failed");
    let r = app
        .call(
            Method::PATCH,
            &format!("/v1/courses/{}", c.course_id),
            Some(&c.key),
            Some(json!({"ends_at": Utc::now() + Duration::days(20)})),
        )
        .await;
    assert_eq!(r.status, 200, "{:?}", r.body);

    let w = Worker::new(app.state.clone());
    let now = Utc::now();
    w.retention(now + Duration::days(9)).await.unwrap();
    assert!(has(&app, &format!("uploads/{}/", mine.1)).await, "kept before 10 days");
    w.retention(now + Duration::days(11)).await.unwrap();
    assert!(!has(&app, &format!("uploads/{}/", mine.1)).await, "original gone after 10 days");
    assert!(has(&app, &format!("videos/{}/video.mp4", mine.0)).await, "the video that plays stays");
    assert!(has(&app, &format!("uploads/{}/", theirs.1)).await, "the other course keeps 30 days");
    let p = app.get(&format!("/v1/prompts/{}/posts", c.prompt_id), &c.tokens["a2"]).await;
    assert!(p.body["items"][0]["video"]["playback_url"].is_string(), "still plays: {:?}", p.body);

    // The course ended at +20 days; purged 5 days later, and only it.
    w.retention(now + Duration::days(24)).await.unwrap();
    assert_eq!(app.run_pending_jobs().await, 0);
    assert!(has(&app, &format!("videos/{}/", mine.0)).await);
    w.retention(now + Duration::days(26)).await.unwrap();
    assert!(app.run_pending_jobs().await >= 5, "one erasure per member");
    assert!(!has(&app, &format!("videos/{}/", mine.0)).await, "course media purged");
    let roster = app.get(&format!("/v1/courses/{}/members", c.course_id), &c.key).await;
    assert!(
        roster.body["items"]
            .as_array()
            .unwrap()
            .iter()
            .all(|m| m["email"].is_null() && m["display_name"].as_str().unwrap().starts_with("Erased member")),
        "{:?}",
        roster.body
    );
    assert!(has(&app, &format!("videos/{}/", theirs.0)).await, "the other course is untouched");
    assert!(has(&app, &format!("uploads/{}/", theirs.1)).await);
    w.retention(now + Duration::days(31)).await.unwrap();
    assert!(!has(&app, &format!("uploads/{}/", theirs.1)).await, "and loses its original after 30 days");

    let metrics = app.call(Method::GET, "/metrics", None, None).await;
    let text = metrics.body.as_str().unwrap().to_owned();
    assert!(text.contains("crosstalk_retention_deleted_total{kind=\"original\"} 2"), "{text}");
    assert!(text.contains("crosstalk_retention_deleted_total{kind=\"course\"} 1"), "{text}");
}
