//! The course-structure API as a course team and its members use it.

mod common;

use chrono::{Duration, Utc};
use common::{is_problem, TestApp};
use reqwest::Method;
use serde_json::json;

#[tokio::test]
async fn team_builds_a_course_and_a_member_reads_the_prompt() {
    let app = TestApp::spawn().await;
    let key = app.team("Virtual Exchange Team").await;
    let s = app.seed_course(&key).await;

    let course = app.get(&format!("/v1/courses/{}", s.course_id), &key).await;
    assert_eq!(course.status, 200);
    assert_eq!(course.body["title"], "Intercultural dialogue");

    let modules = app.get(&format!("/v1/courses/{}/modules", s.course_id), &key).await;
    assert_eq!(modules.body["items"][0]["title"], "Week 1");
    assert_eq!(modules.body["items"][0]["position"], 0);

    let roster = app.get(&format!("/v1/courses/{}/members?role=learner", s.course_id), &key).await;
    assert_eq!(roster.body["items"].as_array().unwrap().len(), 2);
    assert_eq!(roster.body["items"][0]["languages"], json!(["ar", "fr"]));

    let token = app.token(&key, &s.course_id, "learner-1").await;
    let prompt = app.get(&format!("/v1/prompts/{}", s.prompt_id), &token).await;
    assert_eq!(prompt.status, 200, "{:?}", prompt.body);
    assert_eq!(prompt.body["title"], "Introduce yourself");
    assert_eq!(prompt.body["state"], "open");
    assert_eq!(prompt.body["moderation"], "post");
    assert_eq!(prompt.body["max_reply_depth"], 2);

    let me = app.get("/v1/me", &token).await;
    assert_eq!(me.status, 200);
    assert_eq!(me.body["member"]["external_id"], "learner-1");
    assert_eq!(me.body["member"]["role"], "learner");
    assert_eq!(me.body["course"]["id"], s.course_id.as_str());
}

#[tokio::test]
async fn prompt_rules_are_enforced_on_create_and_patch() {
    let app = TestApp::spawn().await;
    let key = app.team("T").await;
    let s = app.seed_course(&key).await;
    let now = Utc::now();
    let path = format!("/v1/modules/{}/prompts", s.module_id);
    let base = json!({"title": "Q", "opens_at": now, "closes_at": now + Duration::days(1)});
    let cases = [
        (json!({"closes_at": now - Duration::days(1)}), "closes_at"),
        (json!({"closes_at": now}), "closes_at"),
        (json!({"min_seconds": 0}), "min_seconds"),
        (json!({"min_seconds": 30, "max_seconds": 20}), "min_seconds"),
        (json!({"max_seconds": 601}), "600"),
        (json!({"max_reply_depth": 9}), "max_reply_depth"),
        (json!({"title": "   "}), "title"),
    ];
    for (patch, needle) in cases {
        let mut body = base.clone();
        body.as_object_mut().unwrap().extend(patch.as_object().unwrap().clone());
        let r = app.post(&path, &key, body.clone()).await;
        assert_eq!(r.status, 422, "{body} -> {:?}", r.body);
        assert!(is_problem(&r));
        assert_eq!(r.code(), "validation_failed");
        assert!(r.body["detail"].as_str().unwrap().contains(needle), "{:?}", r.body);
    }
    let bad_mode = app
        .post(
            &path,
            &key,
            json!({"title": "Q", "opens_at": now, "closes_at": now + Duration::days(1), "moderation": "sometimes"}),
        )
        .await;
    assert_eq!(bad_mode.status, 422);
    assert_eq!(bad_mode.code(), "invalid_body");

    let ok = app.post(&path, &key, json!({"title": "Q", "opens_at": now, "closes_at": now + Duration::days(1), "moderation": "pre", "min_seconds": 10, "max_seconds": 600})).await;
    assert_eq!(ok.status, 201, "{:?}", ok.body);
    let id = ok.body["id"].as_str().unwrap();
    // A patch is checked against the values it leaves behind.
    let r = app.call(Method::PATCH, &format!("/v1/prompts/{id}"), Some(&key), Some(json!({"max_seconds": 5}))).await;
    assert_eq!(r.status, 422);
    let r = app
        .call(
            Method::PATCH,
            &format!("/v1/prompts/{id}"),
            Some(&key),
            Some(json!({"opens_at": now + Duration::days(2)})),
        )
        .await;
    assert_eq!(r.status, 422);
    let r = app
        .call(
            Method::PATCH,
            &format!("/v1/prompts/{id}"),
            Some(&key),
            Some(json!({"max_seconds": 60, "moderation": "hybrid"})),
        )
        .await;
    assert_eq!(r.status, 200);
    assert_eq!(r.body["max_seconds"], 60);
    assert_eq!(r.body["moderation"], "hybrid");
    let got = app.get(&format!("/v1/prompts/{id}"), &key).await;
    assert_eq!(got.body["max_seconds"], 60);
}

#[tokio::test]
async fn bad_requests_get_problem_json_never_500() {
    let app = TestApp::spawn().await;
    let key = app.team("T").await;
    let s = app.seed_course(&key).await;
    let url = format!("{}/v1/courses", app.base);

    let r = app
        .send(app.http.post(&url).bearer_auth(&key).header("content-type", "application/json").body("{\"title\": "))
        .await;
    assert_eq!((r.status.as_u16(), r.code()), (400, "malformed_json"));
    let r = app.post("/v1/courses", &key, json!({"title": "x", "colour": "red"})).await;
    assert_eq!((r.status.as_u16(), r.code()), (422, "invalid_body"));
    assert!(r.body["detail"].as_str().unwrap().contains("colour"));
    let r = app.post("/v1/courses", &key, json!({"title": 5})).await;
    assert_eq!((r.status.as_u16(), r.code()), (422, "invalid_body"));
    let r = app.send(app.http.post(&url).bearer_auth(&key).body("{\"title\":\"x\"}")).await;
    assert_eq!((r.status.as_u16(), r.code()), (415, "unsupported_media_type"));
    let big = "x".repeat(300 * 1024);
    let r = app.post("/v1/courses", &key, json!({"title": big})).await;
    assert_eq!((r.status.as_u16(), r.code()), (413, "payload_too_large"));
    let r = app.post("/v1/courses", &key, json!({"title": "x".repeat(301)})).await;
    assert_eq!((r.status.as_u16(), r.code()), (422, "validation_failed"));
    let r = app.post("/v1/courses", &key, json!({"title": "x", "starts_at": "yesterday"})).await;
    assert_eq!(r.status, 422);
    let r = app
        .post(
            "/v1/courses",
            &key,
            json!({"title": "x", "starts_at": "2026-02-01T00:00:00Z", "ends_at": "2026-01-01T00:00:00Z"}),
        )
        .await;
    assert_eq!(r.status, 422);

    for path in
        ["/v1/courses/nope", "/v1/courses/%00%ff", "/v1/courses/crs_'%20OR%201=1--", "/v1/prompts/..%2F..%2Fetc"]
    {
        let r = app.get(path, &key).await;
        assert_eq!(r.status, 404, "{path}");
        assert!(is_problem(&r));
    }
    let r = app.get("/v1/courses?limit=abc", &key).await;
    assert_eq!((r.status.as_u16(), r.code()), (400, "invalid_query"));
    let r = app.get("/v1/courses?limit=0", &key).await;
    assert_eq!((r.status.as_u16(), r.code()), (422, "invalid_limit"));
    let r = app.get("/v1/courses?cursor=not-a-cursor", &key).await;
    assert_eq!((r.status.as_u16(), r.code()), (422, "invalid_cursor"));
    let r = app.call(Method::DELETE, "/v1/courses", Some(&key), None).await;
    assert_eq!((r.status.as_u16(), r.code()), (405, "method_not_allowed"));
    let r = app.get("/v2/anything", &key).await;
    assert_eq!((r.status.as_u16(), r.code()), (404, "not_found"));

    // Roster: duplicates, bad country, bad email are refused as a whole; nothing half-written.
    let members = format!("/v1/courses/{}/members", s.course_id);
    let before = app.get(&members, &key).await.body["items"].as_array().unwrap().len();
    for bad in [
        json!({"members": [{"external_id": "a", "role": "learner", "display_name": "A"}, {"external_id": "a", "role": "learner", "display_name": "B"}]}),
        json!({"members": [{"external_id": "b", "role": "learner", "display_name": "B"}, {"external_id": "c", "role": "learner", "display_name": "C", "country": "Germany"}]}),
        json!({"members": [{"external_id": "d", "role": "learner", "display_name": "D", "email": "not-an-email"}]}),
        json!({"members": [{"external_id": "e", "role": "admin", "display_name": "E"}]}),
        json!({"members": []}),
    ] {
        let r = app.call(Method::PUT, &members, Some(&key), Some(bad.clone())).await;
        assert_eq!(r.status, 422, "{bad} -> {:?}", r.body);
        assert!(is_problem(&r));
    }
    let after = app.get(&members, &key).await.body["items"].as_array().unwrap().len();
    assert_eq!(before, after);

    // No internal text leaks from any of the above.
    let r = app.post("/v1/courses", &key, json!({"title": "x", "external_ref": "dup"})).await;
    assert_eq!(r.status, 201);
    let r = app.post("/v1/courses", &key, json!({"title": "y", "external_ref": "dup"})).await;
    assert_eq!((r.status.as_u16(), r.code()), (409, "external_ref_taken"));
    let detail = r.body["detail"].as_str().unwrap().to_lowercase();
    assert!(!detail.contains("constraint") && !detail.contains("sql"), "{detail}");
}

#[tokio::test]
async fn roster_upsert_updates_by_external_id() {
    let app = TestApp::spawn().await;
    let key = app.team("T").await;
    let s = app.seed_course(&key).await;
    let path = format!("/v1/courses/{}/members", s.course_id);
    let r = app
        .call(Method::PUT, &path, Some(&key), Some(json!({"members": [
            {"external_id": "learner-1", "role": "learner", "display_name": "Amina E.", "country": "ma", "languages": ["AR"], "locale": "fr"},
            {"external_id": "learner-3", "role": "learner", "display_name": "Sofía", "country": "ES", "languages": ["es"]}
        ]})))
        .await;
    assert_eq!(r.status, 200);
    assert_eq!(r.body, json!({"created": 1, "updated": 1, "placed_in_cohorts": 0}));
    let token = app.token(&key, &s.course_id, "learner-1").await;
    let me = app.get("/v1/me", &token).await;
    assert_eq!(me.body["member"]["display_name"], "Amina E.");
    assert_eq!(me.body["member"]["country"], "MA");
    assert_eq!(me.body["member"]["languages"], json!(["ar"]));
    assert_eq!(me.body["member"]["locale"], "fr");
    let all = app.get(&path, &key).await;
    assert_eq!(all.body["items"].as_array().unwrap().len(), 4);
}

#[tokio::test]
async fn lists_are_cursor_paginated_without_gaps_or_repeats() {
    let app = TestApp::spawn().await;
    let key = app.team("T").await;
    for i in 0..7 {
        assert_eq!(app.post("/v1/courses", &key, json!({"title": format!("Course {i}")})).await.status, 201);
    }
    let mut seen = Vec::new();
    let mut cursor: Option<String> = None;
    let mut pages = 0;
    loop {
        let path = match &cursor {
            Some(c) => format!("/v1/courses?limit=3&cursor={c}"),
            None => "/v1/courses?limit=3".to_owned(),
        };
        let r = app.get(&path, &key).await;
        assert_eq!(r.status, 200);
        pages += 1;
        for c in r.body["items"].as_array().unwrap() {
            seen.push(c["title"].as_str().unwrap().to_owned());
        }
        match r.body["next_cursor"].as_str() {
            Some(c) => cursor = Some(c.to_owned()),
            None => break,
        }
    }
    assert_eq!(pages, 3);
    let expected: Vec<String> = (0..7).map(|i| format!("Course {i}")).collect();
    assert_eq!(seen, expected);

    // Modules come in position order whatever the creation order.
    let c = app.post("/v1/courses", &key, json!({"title": "Ordered"})).await.body["id"].as_str().unwrap().to_owned();
    for (t, p) in [("third", 2), ("first", 0), ("second", 1)] {
        app.post(&format!("/v1/courses/{c}/modules"), &key, json!({"title": t, "position": p})).await;
    }
    let p1 = app.get(&format!("/v1/courses/{c}/modules?limit=2"), &key).await;
    let next = p1.body["next_cursor"].as_str().unwrap();
    let p2 = app.get(&format!("/v1/courses/{c}/modules?limit=2&cursor={next}"), &key).await;
    let titles: Vec<_> = p1.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .chain(p2.body["items"].as_array().unwrap())
        .map(|m| m["title"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(titles, ["first", "second", "third"]);
}

#[tokio::test]
async fn idempotency_key_replays_the_first_response() {
    let app = TestApp::spawn().await;
    let key = app.team("T").await;
    let url = format!("{}/v1/courses", app.base);
    let send = |body: serde_json::Value, k: &'static str| {
        app.send(app.http.post(&url).bearer_auth(&key).header("Idempotency-Key", k).json(&body))
    };
    let a = send(json!({"title": "Once"}), "retry-1").await;
    let b = send(json!({"title": "Once"}), "retry-1").await;
    assert_eq!(a.status, 201);
    assert_eq!(b.status, 201);
    assert_eq!(a.body["id"], b.body["id"]);
    assert_eq!(b.headers.get("idempotent-replayed").unwrap(), "true");
    let reused = send(json!({"title": "Other"}), "retry-1").await;
    assert_eq!((reused.status.as_u16(), reused.code()), (422, "idempotency_key_reused"));
    // A failed request may be retried with its key and a corrected body? No: same key, other body.
    let list = app.get("/v1/courses", &key).await;
    assert_eq!(list.body["items"].as_array().unwrap().len(), 1);
    // Without the header, two POSTs create two courses.
    app.post("/v1/courses", &key, json!({"title": "Once"})).await;
    let list = app.get("/v1/courses", &key).await;
    assert_eq!(list.body["items"].as_array().unwrap().len(), 2);
    // Keys are per caller: another team's identical key is independent.
    let other = app.team("Other").await;
    let c = app
        .send(
            app.http
                .post(&url)
                .bearer_auth(&other)
                .header("Idempotency-Key", "retry-1")
                .json(&json!({"title": "Once"})),
        )
        .await;
    assert_eq!(c.status, 201);
    assert_ne!(c.body["id"], a.body["id"]);
}

#[tokio::test]
async fn health_readiness_and_metrics() {
    let app = TestApp::spawn().await;
    let key = app.team("T").await;
    assert_eq!(app.call(Method::GET, "/healthz", None, None).await.status, 200);
    let ready = app.call(Method::GET, "/readyz", None, None).await;
    assert_eq!(ready.status, 200);
    assert_eq!((ready.body["database"].as_str(), ready.body["store"].as_str()), (Some("ok"), Some("ok")));
    let s = app.seed_course(&key).await;
    let ok = app.get(&format!("/v1/courses/{}", s.course_id), &key).await;
    let missing = app.get("/v1/courses/missing", &key).await;
    // Server-Timing: app;dur=<ms, 3 decimals> on answers and errors alike
    for r in [&ok, &missing] {
        let st = r.headers.get("server-timing").and_then(|v| v.to_str().ok()).unwrap_or_default();
        let ms = st.strip_prefix("app;dur=").unwrap_or_else(|| panic!("Server-Timing {st:?}"));
        assert_eq!(ms.split_once('.').map(|(_, f)| f.len()), Some(3), "{st}");
        assert!(ms.parse::<f64>().is_ok_and(|v| v >= 0.0), "{st}");
    }
    let m = app.call(Method::GET, "/metrics", None, None).await;
    let text = m.body.as_str().unwrap();
    assert!(
        text.contains(r#"crosstalk_http_requests_total{method="GET",route="/v1/courses/{course_id}",status="200"} 1"#),
        "{text}"
    );
    assert!(
        text.contains(r#"crosstalk_http_requests_total{method="GET",route="/v1/courses/{course_id}",status="404"} 1"#)
    );
    assert!(text.contains("crosstalk_http_request_duration_seconds_bucket"));
}
