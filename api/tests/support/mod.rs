//! Shared by the tests of learners' own data (captions, exports, erasure): a course with two
//! cohorts, posting and captioning helpers.
#![allow(dead_code, reason = "each test binary uses a different subset")]

use std::collections::BTreeMap;

use reqwest::Method;
use serde_json::json;

use crate::common::{fixture, Resp, TestApp};

pub const VTT: &str = "WEBVTT\n\n00:00.000 --> 00:01.500\n<v Amina>Hello <i>everyone</i></v>\n\n00:01.500 --> 00:03.000\nI study in Rabat.\n";

pub struct Course {
    pub key: String,
    pub course_id: String,
    pub prompt_id: String,
    pub tokens: BTreeMap<&'static str, String>,
}

/// Cohort A (a1, a2, facilitator fa) and cohort B (b1, facilitator fb).
pub async fn setup(app: &TestApp) -> Course {
    let key = app.team("Own").await;
    let s = app.seed_course(&key).await;
    let r = app
        .call(Method::PUT, &format!("/v1/courses/{}/members", s.course_id), Some(&key), Some(json!({"members": [
            {"external_id": "a1", "role": "learner", "display_name": "Amina Benali", "email": "amina.benali@example.org", "country": "MA", "languages": ["ar"]},
            {"external_id": "a2", "role": "learner", "display_name": "Lukas", "country": "DE", "languages": ["de"]},
            {"external_id": "b1", "role": "learner", "display_name": "Sofia", "country": "ES", "languages": ["es"]},
            {"external_id": "fa", "role": "facilitator", "display_name": "Marta", "country": "PL", "languages": ["en"]},
            {"external_id": "fb", "role": "facilitator", "display_name": "Youssef", "country": "MA", "languages": ["en"]}
        ]})))
        .await;
    assert_eq!(r.status, 200);
    for (name, members) in [("A", json!(["a1", "a2", "fa"])), ("B", json!(["b1", "fb"]))] {
        let c = app.post(&format!("/v1/courses/{}/cohorts", s.course_id), &key, json!({"name": name})).await;
        let id = c.body["id"].as_str().unwrap();
        let r = app
            .call(Method::PUT, &format!("/v1/cohorts/{id}/members"), Some(&key), Some(json!({"external_ids": members})))
            .await;
        assert_eq!(r.status, 200);
    }
    let mut tokens = BTreeMap::new();
    for ext in ["a1", "a2", "b1", "fa", "fb"] {
        tokens.insert(ext, app.token(&key, &s.course_id, ext).await);
    }
    Course { key, course_id: s.course_id, prompt_id: s.prompt_id, tokens }
}

pub async fn put_vtt(app: &TestApp, token: &str, post: &str, lang: &str, body: impl Into<Vec<u8>>) -> Resp {
    app.send(
        app.http
            .put(format!("{}/v1/posts/{post}/captions/{lang}", app.base))
            .bearer_auth(token)
            .header("Content-Type", "text/vtt")
            .body(body.into()),
    )
    .await
}

/// Posts a response (or a reply to `parent`) as `who` and processes its video; returns the post id.
pub async fn post_video(app: &TestApp, c: &Course, who: &str, parent: Option<&str>, text: &str) -> String {
    let t = &c.tokens[who];
    let up = app.upload(t, &fixture("compliant_720p.mp4"), 1 << 20).await;
    let path = match parent {
        Some(p) => format!("/v1/posts/{p}/replies"),
        None => format!("/v1/prompts/{}/posts", c.prompt_id),
    };
    let r = app.post(&path, t, json!({"upload_id": up, "text": text})).await;
    assert_eq!(r.status, 201, "{:?}", r.body);
    app.run_pending_jobs().await;
    r.body["id"].as_str().unwrap().to_owned()
}

/// The bytes of a stored object.
pub async fn object(app: &TestApp, key: &str) -> Vec<u8> {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("o");
    let mut f = tokio::fs::File::create(&path).await.unwrap();
    app.state.storage.append_to(key, &mut f).await.unwrap();
    drop(f);
    std::fs::read(path).unwrap()
}
