//! Assignment and Grade Services against the test platform: a learner who has answered the
//! deep-linked prompt and replied to as many peers as it asks gets a completed, fully graded
//! score on the resource link's line item, not before; a platform answering 503 gets it again.

mod common;
mod lti_platform;

use common::{fixture, TestApp};
use lti_platform::{browser, Platform, INSTRUCTOR, LEARNER, LTI};
use serde_json::{json, Value};

const AGS: &str = "https://purl.imsglobal.org/spec/lti-ags/claim/endpoint";

/// A resource link launch of `sub` that carries the prompt and the line item; returns where it lands.
async fn launch(app: &TestApp, platform: &Platform, sub: &str, roles: &[&str], prompt_id: Option<&str>) -> String {
    let b = browser();
    let auth = platform.login(app, &b, sub).await;
    let mut c = platform.claims(&auth.nonce, sub, roles);
    if let Some(p) = prompt_id {
        c[format!("{LTI}custom")] = json!({"prompt_id": p});
    }
    c[AGS] = json!({
        "scope": ["https://purl.imsglobal.org/spec/lti-ags/scope/lineitem",
                  "https://purl.imsglobal.org/spec/lti-ags/scope/score"],
        "lineitems": format!("{}/lineitems", platform.base),
        "lineitem": format!("{}/lineitems/1/lineitem", platform.base),
    });
    let res = platform.post_launch(app, &b, &auth.state, &platform.sign(&c)).await;
    assert_eq!(res.status(), 303, "{}", res.text().await.unwrap());
    res.headers()["location"].to_str().unwrap().to_owned()
}

async fn post(app: &TestApp, token: &str, path: &str) -> String {
    let up = app.upload(token, &fixture("compliant_720p.mp4"), 1 << 20).await;
    let r = app.post(path, token, json!({"upload_id": up})).await;
    assert_eq!(r.status, 201, "{:?}", r.body);
    app.run_pending_jobs().await;
    r.body["id"].as_str().unwrap().to_owned()
}

fn scores(platform: &Platform) -> Vec<Value> {
    platform.scores.lock().unwrap().clone()
}

/// An app whose deliveries retry at once, a registered platform and the course of an
/// instructor's launch.
struct Setup {
    app: TestApp,
    key: String,
    platform: Platform,
    course_id: String,
}

async fn setup() -> Setup {
    let app = TestApp::spawn_with(|c| {
        c.webhook_allow_private = true;
        c.delivery_backoff_seconds = 0;
    })
    .await;
    let key = app.team("Own").await;
    let platform = Platform::start(&app, &key).await;
    let course_id =
        launch(&app, &platform, "marta", &[INSTRUCTOR], None).await.trim_start_matches("/courses/").to_owned();
    Setup { app, key, platform, course_id }
}

/// A prompt of the course, open since an hour, with `extra` fields; the team's answer.
async fn prompt(s: &Setup, extra: Value) -> common::Resp {
    let m = s.app.post(&format!("/v1/courses/{}/modules", s.course_id), &s.key, json!({"title": "Week 1"})).await;
    let mut body = json!({"title": "Greetings", "opens_at": chrono::Utc::now() - chrono::Duration::hours(1)});
    body.as_object_mut().unwrap().extend(extra.as_object().cloned().unwrap_or_default());
    s.app.post(&format!("/v1/modules/{}/prompts", m.body["id"].as_str().unwrap()), &s.key, body).await
}

#[tokio::test]
async fn a_learner_who_answered_and_replied_gets_a_score_in_the_gradebook() {
    let s = setup().await;
    let p = prompt(&s, json!({"required_replies": 2})).await;
    let Setup { app, key, platform, course_id } = s;
    assert_eq!(p.status, 201, "{:?}", p.body);
    assert_eq!(p.body["required_replies"], 2);
    let prompt_id = p.body["id"].as_str().unwrap().to_owned();
    for sub in ["amina", "lukas", "sofia"] {
        assert_eq!(launch(&app, &platform, sub, &[LEARNER], Some(&prompt_id)).await, format!("/prompts/{prompt_id}"));
    }
    let token = |sub: &'static str| {
        let (app, key, course_id) = (&app, &key, &course_id);
        async move { app.token(key, course_id, sub).await }
    };
    let (amina, lukas, sofia) = (token("amina").await, token("lukas").await, token("sofia").await);
    let answers = format!("/v1/prompts/{prompt_id}/posts");

    let lukas_post = post(&app, &lukas, &answers).await;
    let sofia_post = post(&app, &sofia, &answers).await;
    let amina_post = post(&app, &amina, &answers).await;
    app.run_notifications().await;
    assert!(scores(&platform).is_empty(), "answering alone does not complete the prompt");

    // Replying twice to the same peer, or to oneself, is still one peer.
    post(&app, &amina, &format!("/v1/posts/{lukas_post}/replies")).await;
    post(&app, &amina, &format!("/v1/posts/{lukas_post}/replies")).await;
    post(&app, &amina, &format!("/v1/posts/{amina_post}/replies")).await;
    app.run_notifications().await;
    assert!(scores(&platform).is_empty(), "one peer of two: no score yet");

    // The platform is down when the second reply completes the prompt: the score waits and is retried.
    platform.score_outages.lock().unwrap().0 = 1;
    post(&app, &amina, &format!("/v1/posts/{sofia_post}/replies")).await;
    let first = app.run_notifications().await;
    assert_eq!(first.retried, 1, "{first:?}");
    assert_eq!(platform.score_outages.lock().unwrap().1, 1, "the platform was asked once and answered 503");
    assert!(scores(&platform).is_empty());
    let second = app.run_notifications().await;
    assert_eq!(second.sent, 1, "{second:?}");

    let got = scores(&platform);
    assert_eq!(got.len(), 1, "{got:?}");
    let s = &got[0];
    assert_eq!(s["userId"], "amina");
    assert_eq!((s["scoreGiven"].as_f64(), s["scoreMaximum"].as_f64()), (Some(3.0), Some(3.0)));
    assert_eq!(s["activityProgress"], "Completed");
    assert_eq!(s["gradingProgress"], "FullyGraded");
    assert!(chrono::DateTime::parse_from_rfc3339(s["timestamp"].as_str().unwrap()).is_ok());
    let scopes = platform.scopes.lock().unwrap().clone();
    assert!(scopes.iter().any(|s| s == "https://purl.imsglobal.org/spec/lti-ags/scope/score"), "{scopes:?}");

    // Once per learner: a further reply sends nothing; the others have not replied.
    post(&app, &amina, &format!("/v1/posts/{sofia_post}/replies")).await;
    app.run_notifications().await;
    assert_eq!(scores(&platform).len(), 1);

    // Lowering the bar completes Lukas with the reply he posts next.
    let r = app
        .call(
            reqwest::Method::PATCH,
            &format!("/v1/prompts/{prompt_id}"),
            Some(&key),
            Some(json!({"required_replies": 1})),
        )
        .await;
    assert_eq!((r.status.as_u16(), r.body["required_replies"].as_i64()), (200, Some(1)));
    post(&app, &lukas, &format!("/v1/posts/{amina_post}/replies")).await;
    app.run_notifications().await;
    let got = scores(&platform);
    assert_eq!(got.len(), 2, "{got:?}");
    assert_eq!((got[1]["userId"].as_str(), got[1]["scoreMaximum"].as_f64()), (Some("lukas"), Some(2.0)));

    let r = app
        .call(
            reqwest::Method::PATCH,
            &format!("/v1/prompts/{prompt_id}"),
            Some(&key),
            Some(json!({"required_replies": 21})),
        )
        .await;
    assert_eq!((r.status.as_u16(), r.code()), (422, "validation_failed"));
}

#[tokio::test]
async fn a_sub_that_cannot_be_an_external_id_is_named_as_the_platform_knows_it() {
    let s = setup().await;
    let p = prompt(&s, json!({})).await;
    let Setup { app, key, platform, course_id } = s;
    let prompt_id = p.body["id"].as_str().unwrap().to_owned();
    // A platform whose user ids are paths: the member's external id is a digest of it.
    let odd = "https://idp.example.org/users/42";
    launch(&app, &platform, odd, &[LEARNER], Some(&prompt_id)).await;
    launch(&app, &platform, "lukas", &[LEARNER], Some(&prompt_id)).await;
    let members = app.get(&format!("/v1/courses/{course_id}/members"), &key).await;
    let ext = members.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["external_id"].as_str().unwrap().to_owned())
        .find(|e| e.starts_with("lti-"))
        .expect("the path-like sub became a digest");
    let (odd_token, lukas) = (app.token(&key, &course_id, &ext).await, app.token(&key, &course_id, "lukas").await);
    let answers = format!("/v1/prompts/{prompt_id}/posts");
    let lukas_post = post(&app, &lukas, &answers).await;
    post(&app, &odd_token, &answers).await;
    post(&app, &odd_token, &format!("/v1/posts/{lukas_post}/replies")).await;
    app.run_notifications().await;
    let got = scores(&platform);
    assert_eq!(got.len(), 1, "{got:?}");
    assert_eq!(got[0]["userId"], odd, "the score names the user by the platform's own id");
}
