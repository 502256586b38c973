//! What a new user meets first: a prompt needs only a title, and a body sent in the wrong
//! shape is answered in plain words that say what to send.

mod common;

use chrono::{DateTime, Duration, Utc};
use common::*;
use reqwest::Method;
use serde_json::json;

#[tokio::test]
async fn a_prompt_with_only_a_title_opens_now_and_stays_open() {
    let app = TestApp::spawn().await;
    let key = app.team("T").await;
    let s = app.seed_course(&key).await;
    let path = format!("/v1/modules/{}/prompts", s.module_id);
    let before = Utc::now();
    let r = app.post(&path, &key, json!({"title": "What do you eat at a festival?"})).await;
    assert_eq!(r.status, 201, "{:?}", r.body);
    assert_eq!(r.body["state"], "open");
    assert_eq!(r.body["closes_at"], "9999-12-31T23:59:59Z");
    let opens_at: DateTime<Utc> = r.body["opens_at"].as_str().unwrap().parse().unwrap();
    assert!(opens_at >= before - Duration::seconds(1) && opens_at <= Utc::now(), "{opens_at}");

    // A learner sees it open too.
    let id = r.body["id"].as_str().unwrap();
    let token = app.token(&key, &s.course_id, "learner-1").await;
    let seen = app.get(&format!("/v1/prompts/{id}"), &token).await;
    assert_eq!((seen.status.as_u16(), seen.body["state"].as_str()), (200, Some("open")));

    // Only a start: upcoming, then open for good. Only an end: it must be in the future.
    let later = Utc::now() + Duration::days(2);
    let r = app.post(&path, &key, json!({"title": "Next week", "opens_at": later})).await;
    assert_eq!((r.status.as_u16(), r.body["state"].as_str()), (201, Some("upcoming")));
    assert_eq!(r.body["closes_at"], "9999-12-31T23:59:59Z");
    let r = app.post(&path, &key, json!({"title": "Too late", "closes_at": Utc::now() - Duration::hours(1)})).await;
    assert_eq!((r.status.as_u16(), r.code()), (422, "validation_failed"));
    assert!(r.body["detail"].as_str().unwrap().contains("closes_at"), "{:?}", r.body);

    // A deadline can be set later.
    let soon = Utc::now() + Duration::days(7);
    let r = app.call(Method::PATCH, &format!("/v1/prompts/{id}"), Some(&key), Some(json!({"closes_at": soon}))).await;
    assert_eq!(r.status, 200, "{:?}", r.body);
    assert_ne!(r.body["closes_at"], "9999-12-31T23:59:59Z");
}

#[tokio::test]
async fn a_roster_sent_as_a_bare_array_is_told_the_shape_to_send() {
    let app = TestApp::spawn().await;
    let key = app.team("T").await;
    let s = app.seed_course(&key).await;
    let path = format!("/v1/courses/{}/members", s.course_id);
    let before = app.get(&path, &key).await.body["items"].as_array().unwrap().len();
    let bare = json!([{"external_id": "learner-9", "role": "learner", "display_name": "Noor"}]);
    let r = app.call(Method::PUT, &path, Some(&key), Some(bare)).await;
    assert_eq!((r.status.as_u16(), r.code()), (422, "invalid_body"));
    assert!(is_problem(&r));
    let detail = r.body["detail"].as_str().unwrap();
    assert!(detail.starts_with(r#"the body must be an object {"members": [...]}, not a bare array"#), "{detail}");
    assert!(!detail.contains("invalid type"), "{detail}");
    assert_eq!(app.get(&path, &key).await.body["items"].as_array().unwrap().len(), before);

    let wrapped = json!({"members": [{"external_id": "learner-9", "role": "learner", "display_name": "Noor"}]});
    let r = app.call(Method::PUT, &path, Some(&key), Some(wrapped)).await;
    assert_eq!(r.status, 200, "{:?}", r.body);
}

#[tokio::test]
async fn body_errors_name_the_field_and_what_was_expected() {
    let app = TestApp::spawn().await;
    let key = app.team("T").await;
    let cases = [
        (json!({}), "the field `title` is required"),
        (json!({"title": 5}), "expected a string, found the number `5`"),
        (json!({"title": "x", "colour": "red"}), "the field `colour` is not allowed here (expected one of"),
        (json!({"title": "x", "starts_at": "yesterday"}), "expected an RFC 3339 time such as 2026-11-29T09:00:00Z"),
        (json!(["x"]), "expected an object, found an array"),
    ];
    for (body, expected) in cases {
        let r = app.post("/v1/courses", &key, body.clone()).await;
        assert_eq!((r.status.as_u16(), r.code()), (422, "invalid_body"), "{body}");
        let detail = r.body["detail"].as_str().unwrap();
        assert!(detail.starts_with(expected), "{body} -> {detail}");
        assert!(detail.contains("(line 1, column "), "{detail}");
    }
}
