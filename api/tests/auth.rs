//! Who may call what: the authorization table over every operation in openapi.yaml, tokens and keys.

mod common;

use std::collections::BTreeSet;

use chrono::{Duration, Utc};
use common::{is_problem, TestApp};
use crosstalk_core::auth::{mint_token, TokenClaims};
use reqwest::Method;
use serde_json::{json, Value};

/// Expected status for: no token, another team's key, learner, facilitator, own team's key.
type Row = (&'static str, &'static str, [u16; 5], fn(&Ids) -> Option<Value>);

struct Ids {
    course: String,
    module: String,
    prompt: String,
    cohort: String,
    upload: String,
    post: String,
    job: String,
    webhook: String,
    delivery: String,
}

fn none(_: &Ids) -> Option<Value> {
    None
}

const OPEN: [u16; 5] = [200, 200, 200, 200, 200];

fn table() -> Vec<Row> {
    vec![
        ("GET", "/healthz", OPEN, none),
        ("GET", "/readyz", OPEN, none),
        ("GET", "/metrics", OPEN, none),
        ("GET", "/openapi.yaml", OPEN, none),
        ("GET", "/v1/me", [401, 403, 200, 200, 403], none),
        ("POST", "/v1/courses", [401, 201, 403, 403, 201], |_| Some(json!({"title": "New course"}))),
        ("GET", "/v1/courses", [401, 200, 403, 403, 200], none),
        ("GET", "/v1/courses/{course_id}", [401, 404, 403, 403, 200], none),
        ("PATCH", "/v1/courses/{course_id}", [401, 404, 403, 403, 200], |_| Some(json!({"title": "Renamed"}))),
        ("POST", "/v1/courses/{course_id}/modules", [401, 404, 403, 403, 201], |_| Some(json!({"title": "Week 2"}))),
        ("GET", "/v1/courses/{course_id}/modules", [401, 404, 403, 403, 200], none),
        ("PATCH", "/v1/modules/{module_id}", [401, 404, 403, 403, 200], |_| Some(json!({"title": "Week one"}))),
        ("POST", "/v1/modules/{module_id}/prompts", [401, 404, 403, 403, 201], |_| {
            Some(json!({"title": "Q2", "opens_at": Utc::now(), "closes_at": Utc::now() + Duration::days(3)}))
        }),
        ("GET", "/v1/modules/{module_id}/prompts", [401, 404, 403, 403, 200], none),
        ("GET", "/v1/prompts/{prompt_id}", [401, 404, 200, 200, 200], none),
        ("PATCH", "/v1/prompts/{prompt_id}", [401, 404, 403, 403, 200], |_| Some(json!({"body": "Updated"}))),
        ("PUT", "/v1/courses/{course_id}/members", [401, 404, 403, 403, 200], |_| {
            Some(json!({"members": [{"external_id": "learner-9", "role": "learner", "display_name": "Nine"}]}))
        }),
        ("GET", "/v1/courses/{course_id}/members", [401, 404, 403, 403, 200], none),
        ("POST", "/v1/courses/{course_id}/members/{external_id}/tokens", [401, 404, 403, 403, 201], none),
        ("POST", "/v1/courses/{course_id}/members/{external_id}/sign-in-links", [401, 404, 403, 403, 201], none),
        ("POST", "/v1/courses/{course_id}/cohorts", [401, 404, 403, 403, 201], |_| Some(json!({"name": "Cohort B"}))),
        ("GET", "/v1/courses/{course_id}/cohorts", [401, 404, 403, 403, 200], none),
        // The table already made cohort "A": regenerating needs `replace`, which this call omits.
        ("POST", "/v1/courses/{course_id}/cohorts/generate", [401, 404, 403, 403, 409], |_| Some(json!({"size": 2}))),
        ("PUT", "/v1/cohorts/{cohort_id}/members", [401, 404, 403, 403, 200], |_| {
            Some(json!({"external_ids": ["learner-1", "fac-1"]}))
        }),
        // tus: OPTIONS is open (capability discovery); the rest needs a member token and a
        // Tus-Resumable header, which this table does not send: members get 412 past auth.
        ("OPTIONS", "/v1/uploads", [204, 204, 204, 204, 204], none),
        ("POST", "/v1/uploads", [401, 403, 412, 412, 403], none),
        ("HEAD", "/v1/uploads/{upload_id}", [401, 403, 412, 412, 403], none),
        ("PATCH", "/v1/uploads/{upload_id}", [401, 403, 412, 412, 403], none),
        ("DELETE", "/v1/uploads/{upload_id}", [401, 403, 412, 412, 403], none),
        ("POST", "/v1/prompts/{prompt_id}/posts", [401, 403, 422, 422, 403], |_| {
            Some(json!({"upload_id": "upl_00000000000000000000000000000000"}))
        }),
        ("GET", "/v1/posts/{post_id}", [401, 404, 404, 200, 200], none),
        ("GET", "/v1/prompts/{prompt_id}/posts", [401, 404, 200, 200, 200], none),
        ("POST", "/v1/posts/{post_id}/replies", [401, 403, 404, 422, 403], |_| {
            Some(json!({"upload_id": "upl_00000000000000000000000000000000"}))
        }),
        ("POST", "/v1/posts/{post_id}/flags", [401, 403, 404, 422, 403], |_| Some(json!({"reason": "spam"}))),
        ("POST", "/v1/posts/{post_id}/moderation", [401, 404, 404, 409, 409], |_| {
            Some(json!({"action": "approve", "reason": "ok"}))
        }),
        ("DELETE", "/v1/posts/{post_id}", [401, 404, 404, 403, 403], none),
        ("GET", "/v1/me/posts", [401, 403, 200, 200, 403], none),
        ("GET", "/v1/courses/{course_id}/moderation/queue", [401, 404, 403, 200, 200], none),
        ("GET", "/v1/courses/{course_id}/audit", [401, 404, 403, 200, 200], none),
        ("GET", "/v1/courses/{course_id}/participation", [401, 404, 403, 200, 200], none),
        ("PUT", "/v1/courses/{course_id}/members/{external_id}/mute", [401, 404, 403, 204, 204], |_| {
            Some(json!({"reason": "test"}))
        }),
        ("DELETE", "/v1/courses/{course_id}/members/{external_id}/mute", [401, 404, 403, 204, 204], none),
        ("GET", "/v1/me/notifications", [401, 403, 200, 200, 403], none),
        ("PATCH", "/v1/me/notifications", [401, 403, 200, 200, 403], |_| Some(json!({"replies": true}))),
        // Unsubscribe links carry their own signed token; bearer credentials change nothing.
        ("GET", "/v1/unsubscribe", [404, 404, 404, 404, 404], none),
        ("POST", "/v1/unsubscribe", [404, 404, 404, 404, 404], none),
        ("POST", "/v1/webhooks", [401, 201, 403, 403, 201], |_| {
            Some(json!({"url": "https://example.org/hooks", "events": ["post.created"]}))
        }),
        ("GET", "/v1/webhooks", [401, 200, 403, 403, 200], none),
        ("GET", "/v1/webhooks/{webhook_id}/deliveries", [401, 404, 403, 403, 200], none),
        // Its first delivery is still pending.
        ("POST", "/v1/webhooks/{webhook_id}/deliveries/{delivery_id}/redeliver", [401, 404, 403, 403, 409], none),
        ("DELETE", "/v1/webhooks/{webhook_id}", [401, 404, 403, 403, 204], none),
        ("GET", "/v1/admin/jobs", [401, 200, 403, 403, 200], none),
        ("POST", "/v1/admin/jobs/{job_id}/retry", [401, 404, 403, 403, 409], none),
        ("GET", "/media/{key}", [403, 403, 403, 403, 403], none),
        // The post is still processing: no learner sees it; an empty body is not WebVTT.
        ("PUT", "/v1/posts/{post_id}/captions/{lang}", [401, 404, 404, 422, 422], none),
        ("DELETE", "/v1/posts/{post_id}/captions/{lang}", [401, 404, 404, 404, 404], none),
        ("GET", "/v1/me/export", [401, 403, 200, 200, 403], none),
        ("POST", "/v1/courses/{course_id}/exports", [401, 404, 403, 403, 202], none),
        ("GET", "/v1/courses/{course_id}/exports/{export_id}", [401, 404, 403, 403, 404], none),
        ("GET", "/v1/courses/{course_id}/erasures/{erasure_id}", [401, 404, 403, 403, 404], none),
        ("GET", "/v1/courses/{course_id}/retention", [401, 404, 403, 403, 200], none),
        ("PUT", "/v1/courses/{course_id}/retention", [401, 404, 403, 403, 200], |_| {
            Some(json!({"originals_days": 30, "purge_after_days": null}))
        }),
        ("GET", "/v1/courses/{course_id}/display-names", [401, 404, 403, 403, 200], none),
        ("PUT", "/v1/courses/{course_id}/display-names", [401, 404, 403, 403, 200], |_| {
            Some(json!({"learner_pseudonyms": false}))
        }),
        // A platform (issuer + client_id) belongs to one team: the other team registered it first.
        ("POST", "/v1/lti/registrations", [401, 201, 403, 403, 409], |_| {
            Some(json!({
                "issuer": "https://lms.example.org", "client_id": "tool-1", "deployment_ids": ["1"],
                "auth_login_url": "https://lms.example.org/auth", "auth_token_url": "https://lms.example.org/token",
                "jwks_url": "https://lms.example.org/jwks"
            }))
        }),
        ("GET", "/v1/lti/registrations", [401, 200, 403, 403, 200], none),
        ("DELETE", "/v1/lti/registrations/{registration_id}", [401, 404, 403, 403, 404], none),
        // The course was not launched from a platform: there is no roster service to ask.
        ("POST", "/v1/courses/{course_id}/lti/roster-sync", [401, 404, 403, 403, 422], none),
        // Last: it erases learner-1 (as a job, not run here).
        ("DELETE", "/v1/courses/{course_id}/members/{external_id}", [401, 404, 403, 403, 202], none),
    ]
}

fn spec_operations() -> BTreeSet<(String, String)> {
    let spec: serde_yaml::Value = serde_yaml::from_str(
        &std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../openapi.yaml")).unwrap(),
    )
    .unwrap();
    let mut ops = BTreeSet::new();
    for (path, item) in spec["paths"].as_mapping().unwrap() {
        for (method, _) in item.as_mapping().unwrap() {
            let m = method.as_str().unwrap().to_uppercase();
            if ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"].contains(&m.as_str()) {
                ops.insert((m, path.as_str().unwrap().to_owned()));
            }
        }
    }
    ops
}

#[tokio::test]
async fn authorization_table_covers_every_operation() {
    let table = table();
    let in_table: BTreeSet<_> = table.iter().map(|(m, p, _, _)| ((*m).to_owned(), (*p).to_owned())).collect();
    assert_eq!(in_table, spec_operations(), "the table must list exactly the operations of openapi.yaml");

    let app = TestApp::spawn().await;
    let own = app.team("Own").await;
    let other = app.team("Other").await;
    let s = app.seed_course(&own).await;
    // The other team has a course of its own, so it is a real, active tenant.
    app.seed_course(&other).await;
    let cohort = app.post(&format!("/v1/courses/{}/cohorts", s.course_id), &own, json!({"name": "A"})).await;
    let ids = Ids {
        course: s.course_id.clone(),
        module: s.module_id.clone(),
        prompt: s.prompt_id.clone(),
        cohort: cohort.body["id"].as_str().unwrap().to_owned(),
        upload: String::new(),
        post: String::new(),
        job: String::new(),
        webhook: String::new(),
        delivery: String::new(),
    };
    let hook =
        app.post("/v1/webhooks", &own, json!({"url": "https://example.org/in", "events": ["post.created"]})).await;
    assert_eq!(hook.status, 201, "{:?}", hook.body);
    // A post by a learner who is not one of the callers, still processing: only the team sees it.
    let other_learner = app.token(&own, &s.course_id, "learner-2").await;
    let upload = app.upload(&other_learner, &common::fixture("compliant_720p.mp4"), 1 << 20).await;
    let post =
        app.post(&format!("/v1/prompts/{}/posts", s.prompt_id), &other_learner, json!({"upload_id": upload})).await;
    let job: String = {
        use sea_orm::EntityTrait as _;
        crosstalk_core::entities::job::Entity::find().one(&app.state.db).await.unwrap().unwrap().id
    };
    crosstalk_core::notify::fan_out(&app.state.db, 100).await.unwrap();
    let webhook = hook.body["id"].as_str().unwrap().to_owned();
    let delivery = app.get(&format!("/v1/webhooks/{webhook}/deliveries"), &own).await.body["items"][0]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let ids = Ids {
        webhook,
        delivery,
        upload: app.tus_create(&other_learner, 10).await.rsplit('/').next().unwrap().to_owned(),
        post: post.body["id"].as_str().unwrap().to_owned(),
        job,
        ..ids
    };
    let learner = app.token(&own, &s.course_id, "learner-1").await;
    let facilitator = app.token(&own, &s.course_id, "fac-1").await;
    let callers: [Option<&str>; 5] = [None, Some(&other), Some(&learner), Some(&facilitator), Some(&own)];
    let names = ["no token", "other team", "learner", "facilitator", "own team"];

    let mut failures = Vec::new();
    for (method, path, expected, body) in &table {
        let url = path
            .replace("{course_id}", &ids.course)
            .replace("{module_id}", &ids.module)
            .replace("{prompt_id}", &ids.prompt)
            .replace("{cohort_id}", &ids.cohort)
            .replace("{upload_id}", &ids.upload)
            .replace("{post_id}", &ids.post)
            .replace("{job_id}", &ids.job)
            .replace("{webhook_id}", &ids.webhook)
            .replace("{delivery_id}", &ids.delivery)
            .replace("/v1/unsubscribe", "/v1/unsubscribe?token=mem_x.replies.AAAA")
            .replace("{key}", "videos/vid_x/video.mp4")
            .replace("{lang}", "en")
            .replace("{registration_id}", "ltr_0000000000000000000000")
            .replace("{external_id}", "learner-1");
        for (i, caller) in callers.iter().enumerate() {
            let r = app.call(Method::from_bytes(method.as_bytes()).unwrap(), &url, *caller, body(&ids)).await;
            if r.status.as_u16() != expected[i] {
                failures.push(format!(
                    "{method} {path} as {}: got {} want {} ({:?})",
                    names[i], r.status, expected[i], r.body
                ));
            }
            if r.status.is_client_error() && !is_problem(&r) && *method != "HEAD" {
                failures.push(format!("{method} {path} as {}: error is not problem+json", names[i]));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[tokio::test]
async fn members_see_only_their_own_course() {
    let app = TestApp::spawn().await;
    let key = app.team("Own").await;
    let a = app.seed_course(&key).await;
    let b = app.seed_course(&key).await;
    let learner_a = app.token(&key, &a.course_id, "learner-1").await;
    assert_eq!(app.get(&format!("/v1/prompts/{}", a.prompt_id), &learner_a).await.status, 200);
    let r = app.get(&format!("/v1/prompts/{}", b.prompt_id), &learner_a).await;
    assert_eq!((r.status.as_u16(), r.code()), (404, "not_found"));
    // A token names one course: the same external id in course B is another member.
    let me = app.get("/v1/me", &learner_a).await;
    assert_eq!(me.body["course"]["id"], a.course_id.as_str());
    // Other team's key cannot mint tokens for this course or see its cohorts.
    let other = app.team("Other").await;
    let r = app
        .call(Method::POST, &format!("/v1/courses/{}/members/learner-1/tokens", a.course_id), Some(&other), None)
        .await;
    assert_eq!(r.status, 404);
}

#[tokio::test]
async fn expired_tampered_and_revoked_credentials_get_401() {
    let app = TestApp::spawn().await;
    let key = app.team("Own").await;
    let s = app.seed_course(&key).await;
    let prompt = format!("/v1/prompts/{}", s.prompt_id);

    let minted = app
        .call(
            Method::POST,
            &format!("/v1/courses/{}/members/learner-1/tokens", s.course_id),
            Some(&key),
            Some(json!({"ttl_seconds": 120})),
        )
        .await;
    assert_eq!(minted.status, 201);
    let token = minted.body["token"].as_str().unwrap().to_owned();
    let expires: chrono::DateTime<Utc> = minted.body["expires_at"].as_str().unwrap().parse().unwrap();
    assert!((expires - Utc::now()).num_seconds() <= 120 && (expires - Utc::now()).num_seconds() > 100);
    assert_eq!(minted.body["role"], "learner");
    assert_eq!(app.get(&prompt, &token).await.status, 200);

    // Default 1 h; more than 24 h refused.
    let default =
        app.call(Method::POST, &format!("/v1/courses/{}/members/fac-1/tokens", s.course_id), Some(&key), None).await;
    let exp: chrono::DateTime<Utc> = default.body["expires_at"].as_str().unwrap().parse().unwrap();
    assert!(((exp - Utc::now()).num_seconds() - 3600).abs() < 10);
    assert_eq!(default.body["role"], "facilitator");
    let too_long = app
        .call(
            Method::POST,
            &format!("/v1/courses/{}/members/fac-1/tokens", s.course_id),
            Some(&key),
            Some(json!({"ttl_seconds": 86_401})),
        )
        .await;
    assert_eq!(too_long.status, 422);
    let unknown =
        app.call(Method::POST, &format!("/v1/courses/{}/members/nobody/tokens", s.course_id), Some(&key), None).await;
    assert_eq!(unknown.status, 404);

    // Tampered: flip a character of the payload, or of the signature.
    let (payload, sig) = token.rsplit_once('.').unwrap();
    let mut chars: Vec<char> = payload.chars().collect();
    let i = chars.len() / 2;
    chars[i] = if chars[i] == 'A' { 'B' } else { 'A' };
    let tampered_payload: String = chars.into_iter().collect();
    for bad in [
        format!("{tampered_payload}.{sig}"),
        format!("{payload}.{}", sig.replace(&sig[..4], "AAAA")),
        "ctm1.e30.x".into(),
        "Bearer".into(),
    ] {
        let r = app.get(&prompt, &bad).await;
        assert_eq!((r.status.as_u16(), r.code()), (401, "invalid_token"), "{bad}");
        assert_eq!(r.headers.get("www-authenticate").unwrap(), "Bearer");
    }

    // Expired: a correctly signed token whose time is up.
    let claims = TokenClaims {
        sub: minted.body["member_id"].as_str().unwrap().into(),
        course: s.course_id.clone(),
        team: "whatever".into(),
        ext: "learner-1".into(),
        role: "learner".into(),
        exp: (Utc::now() - Duration::seconds(1)).timestamp(),
    };
    let expired = mint_token(&app.state.key, &claims);
    assert_eq!(app.get(&prompt, &expired).await.status, 401);
    let still_valid =
        mint_token(&app.state.key, &TokenClaims { exp: (Utc::now() + Duration::minutes(5)).timestamp(), ..claims });
    assert_eq!(app.get(&prompt, &still_valid).await.status, 200);

    // Revoked API key.
    let r = app.call(Method::GET, "/v1/courses", None, None).await;
    assert_eq!((r.status.as_u16(), r.code()), (401, "missing_credentials"));
    let team = crosstalk_core::teams::find_team(&app.state.db, "Own").await.unwrap();
    let (k2, second) = crosstalk_core::teams::create_key(&app.state.db, &team.id, "second").await.unwrap();
    assert_eq!(app.get("/v1/courses", &second).await.status, 200);
    crosstalk_core::teams::revoke_key(&app.state.db, &k2.id).await.unwrap();
    let r = app.get("/v1/courses", &second).await;
    assert_eq!((r.status.as_u16(), r.code()), (401, "invalid_api_key"));
    assert_eq!(app.get("/v1/courses", &key).await.status, 200, "the other key keeps working");
    assert_eq!(app.get("/v1/courses", "ctk_madeup").await.status, 401);
}
