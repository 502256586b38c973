//! Rate limits on creations (issue 15): 429 problem+json `rate_limited` with `Retry-After`,
//! counted in `/metrics`, per member and per team, and shared by every instance on one database.

mod common;

use common::{is_problem, Resp, TestApp};
use reqwest::Method;
use serde_json::json;

fn retry_after(r: &Resp) -> u64 {
    r.headers
        .get("retry-after")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse().ok())
        .unwrap_or_else(|| panic!("429 without a numeric Retry-After: {:?} {:?}", r.headers, r.body))
}

fn assert_limited(r: &Resp, window: u64) {
    assert_eq!(r.status, 429, "{:?}", r.body);
    assert!(is_problem(r), "{:?}", r.body);
    assert_eq!(r.code(), "rate_limited");
    let secs = retry_after(r);
    assert!((1..=window).contains(&secs), "Retry-After {secs} outside 1..={window}");
}

/// The value of one sample of `/metrics`, 0 when absent.
async fn metric(app: &TestApp, line_start: &str) -> u64 {
    let text = app.http.get(format!("{}/metrics", app.base)).send().await.unwrap().text().await.unwrap();
    text.lines()
        .find(|l| l.starts_with(line_start))
        .and_then(|l| l.rsplit(' ').next())
        .and_then(|v| v.parse().ok())
        .unwrap_or(0)
}

async fn tus_create(app: &TestApp, token: &str, length: u64) -> Resp {
    app.send(
        app.http
            .post(format!("{}/v1/uploads", app.base))
            .bearer_auth(token)
            .header("Tus-Resumable", "1.0.0")
            .header("Upload-Length", length.to_string()),
    )
    .await
}

#[tokio::test]
async fn two_instances_on_one_database_together_allow_the_limit_once() {
    let a = TestApp::spawn_with(|c| {
        c.rate_limit_uploads = 4;
        c.uploads_open_per_member = 100;
    })
    .await;
    let b = a.sibling().await;
    let key = a.team("Limits").await;
    let s = a.seed_course(&key).await;
    let token = a.token(&key, &s.course_id, "learner-1").await;

    // Twelve creations at once, half on each instance: exactly the limit get through.
    let calls = (0..12).map(|i| {
        let app = if i % 2 == 0 { &a } else { &b };
        tus_create(app, &token, 10)
    });
    let results = futures_util::future::join_all(calls).await;
    let created = results.iter().filter(|r| r.status == 201).count();
    assert_eq!(created, 4, "{:?}", results.iter().map(|r| (r.status, r.code().to_owned())).collect::<Vec<_>>());
    for r in results.iter().filter(|r| r.status != 201) {
        assert_limited(r, 3600);
    }
    // And one more on either instance is refused as well.
    assert_limited(&tus_create(&a, &token, 10).await, 3600);
    assert_limited(&tus_create(&b, &token, 10).await, 3600);

    // Every refusal is counted, on the instance that refused it.
    let sample = "crosstalk_rate_limited_total{action=\"upload\",scope=\"member\"}";
    assert_eq!(metric(&a, sample).await + metric(&b, sample).await, 12 - 4 + 2);

    // Another member of the same course has their own allowance.
    let other = a.token(&key, &s.course_id, "learner-2").await;
    assert_eq!(tus_create(&b, &other, 10).await.status, 201);
}

#[tokio::test]
async fn sign_in_links_are_limited_per_member_and_per_team() {
    let app = TestApp::spawn_with(|c| {
        c.rate_limit_sign_in_links = 2;
        c.rate_limit_team = 3;
    })
    .await;
    let key = app.team("Links").await;
    let s = app.seed_course(&key).await;
    let link = |ext: &'static str| {
        let path = format!("/v1/courses/{}/members/{ext}/sign-in-links", s.course_id);
        let key = key.clone();
        let app = &app;
        async move { app.call(Method::POST, &path, Some(&key), None).await }
    };
    assert_eq!(link("learner-1").await.status, 201);
    assert_eq!(link("learner-1").await.status, 201);
    let per_member = link("learner-1").await;
    assert_limited(&per_member, 3600);
    assert!(per_member.body["detail"].as_str().unwrap().contains("this member"), "{:?}", per_member.body);
    // The refused one was not counted: the team has used 2 of its 3.
    assert_eq!(link("learner-2").await.status, 201);
    let per_team = link("fac-1").await;
    assert_limited(&per_team, 3600);
    assert!(per_team.body["detail"].as_str().unwrap().contains("team"), "{:?}", per_team.body);
    assert_eq!(metric(&app, "crosstalk_rate_limited_total{action=\"sign_in_link\",scope=\"member\"}").await, 1);
    assert_eq!(metric(&app, "crosstalk_rate_limited_total{action=\"sign_in_link\",scope=\"team\"}").await, 1);
}

#[tokio::test]
async fn posts_replies_and_flags_are_limited_and_allowed_again_after_the_window() {
    let app = TestApp::spawn_with(|c| {
        c.rate_limit_window_seconds = 2;
        c.rate_limit_posts = 1;
        c.rate_limit_replies = 1;
        c.rate_limit_flags = 1;
    })
    .await;
    let key = app.team("Posts").await;
    let s = app.seed_course(&key).await;
    let token = app.token(&key, &s.course_id, "learner-1").await;
    let posts = format!("/v1/prompts/{}/posts", s.prompt_id);

    let first = app.upload(&token, b"not really a video", 64).await;
    let r = app.post(&posts, &token, json!({"upload_id": first})).await;
    assert_eq!(r.status, 201, "{:?}", r.body);
    let post_id = r.body["id"].as_str().unwrap().to_owned();
    let second = app.upload(&token, b"another one", 64).await;
    let r = app.post(&posts, &token, json!({"upload_id": second})).await;
    assert_limited(&r, 2);

    // Attempts count: a reply and a flag refused by the domain still use the allowance.
    let reply = format!("/v1/posts/{post_id}/replies");
    let flags = format!("/v1/posts/{post_id}/flags");
    assert_ne!(app.post(&reply, &token, json!({"upload_id": second})).await.status, 429);
    assert_limited(&app.post(&reply, &token, json!({"upload_id": second})).await, 2);
    assert_ne!(app.post(&flags, &token, json!({"reason": "spam"})).await.status, 429);
    let limited = app.post(&flags, &token, json!({"reason": "spam"})).await;
    assert_limited(&limited, 2);

    // Retry-After is when the window ends: after it, posting works again.
    tokio::time::sleep(std::time::Duration::from_secs(retry_after(&limited))).await;
    let r = app.post(&posts, &token, json!({"upload_id": second})).await;
    assert_ne!(r.status, 429, "{:?}", r.body);
    assert_eq!(metric(&app, "crosstalk_rate_limited_total{action=\"post\",scope=\"member\"}").await, 1);
    assert_eq!(metric(&app, "crosstalk_rate_limited_total{action=\"reply\",scope=\"member\"}").await, 1);
    assert_eq!(metric(&app, "crosstalk_rate_limited_total{action=\"flag\",scope=\"member\"}").await, 1);
}

#[tokio::test]
async fn the_clean_up_deletes_counters_of_ended_windows() {
    use crosstalk_core::entities::rate_counter;
    use sea_orm::{EntityTrait as _, PaginatorTrait as _};
    let app = TestApp::spawn_with(|c| c.rate_limit_window_seconds = 1).await;
    let key = app.team("Clean").await;
    let s = app.seed_course(&key).await;
    let token = app.token(&key, &s.course_id, "learner-1").await;
    assert_eq!(tus_create(&app, &token, 10).await.status, 201);
    assert!(rate_counter::Entity::find().count(&app.state.db).await.unwrap() >= 2);
    tokio::time::sleep(std::time::Duration::from_millis(1100)).await;
    crosstalk_api::worker::Worker::new(app.state.clone()).cleanup().await.unwrap();
    // The daily upload volume's counter (a day long) stays; the rate counters are gone.
    let left: Vec<String> =
        rate_counter::Entity::find().all(&app.state.db).await.unwrap().into_iter().map(|r| r.scope).collect();
    assert!(left.iter().all(|s| s.starts_with("upload_bytes:")), "{left:?}");
}

/// A learner's page session: the cookie jar and the CSRF token of its forms.
async fn page_session(app: &TestApp, key: &str, course_id: &str, ext: &str) -> (reqwest::Client, String) {
    let r =
        app.call(Method::POST, &format!("/v1/courses/{course_id}/members/{ext}/sign-in-links"), Some(key), None).await;
    assert_eq!(r.status, 201, "{:?}", r.body);
    let url = r.body["url"].as_str().unwrap();
    let b = reqwest::Client::builder().cookie_store(true).redirect(reqwest::redirect::Policy::none()).build().unwrap();
    let r = b.get(format!("{}{}", app.base, &url[url.find("/signin/").unwrap()..])).send().await.unwrap();
    assert_eq!(r.status(), 303);
    let html = b.get(format!("{}/courses/{course_id}", app.base)).send().await.unwrap().text().await.unwrap();
    let at = html.find("name=\"csrf\" value=\"").unwrap() + 19;
    let csrf = html[at..].split('"').next().unwrap().to_owned();
    (b, csrf)
}

#[tokio::test]
async fn the_pages_take_the_same_limits_as_the_api() {
    let app = TestApp::spawn_with(|c| {
        c.rate_limit_window_seconds = 3600;
        c.rate_limit_posts = 1;
        c.rate_limit_flags = 2;
    })
    .await;
    let key = app.team("Pages").await;
    let s = app.seed_course(&key).await;
    let posts = format!("/v1/prompts/{}/posts", s.prompt_id);
    let amina = app.token(&key, &s.course_id, "learner-1").await;
    let mut ids = Vec::new();
    for _ in 0..2 {
        let up = app.upload(&amina, &common::fixture("compliant_720p.mp4"), 1 << 20).await;
        let r = app.post(&posts, &amina, json!({"upload_id": up})).await;
        if ids.is_empty() {
            assert_eq!(r.status, 201, "{:?}", r.body);
            ids.push(r.body["id"].as_str().unwrap().to_owned());
        } else {
            assert_limited(&r, 3600);
        }
    }
    app.run_pending_jobs().await;

    // Lukas reports Amina's answer on the page (1 of 2), then once by the API (2 of 2): the page's
    // next report is refused with a page in his words, 429 and Retry-After.
    let (lukas, csrf) = page_session(&app, &key, &s.course_id, "learner-2").await;
    let flag = |reason: &'static str| {
        lukas
            .post(format!("{}/posts/{}/flag", app.base, ids[0]))
            .form(&[("csrf", csrf.as_str()), ("reason", reason)])
            .send()
    };
    assert_eq!(flag("spam").await.unwrap().status(), 303);
    let lukas_token = app.token(&key, &s.course_id, "learner-2").await;
    let r = app.post(&format!("/v1/posts/{}/flags", ids[0]), &lukas_token, json!({"reason": "offensive"})).await;
    assert_ne!(r.status, 429, "the API's flag is the second of two: {:?}", r.body);
    let refused = flag("off_topic").await.unwrap();
    assert_eq!(refused.status(), 429);
    let secs: u64 = refused.headers()["retry-after"].to_str().unwrap().parse().unwrap();
    assert!((1..=3600).contains(&secs));
    let html = refused.text().await.unwrap();
    assert!(html.contains("You have done this many times in a short while"), "{html}");

    // The recorder's post (JSON, CSRF header) counts against the post limit too.
    let up = app.upload(&lukas_token, &common::fixture("compliant_720p.mp4"), 1 << 20).await;
    let send = || {
        lukas
            .post(format!("{}/prompts/{}/posts", app.base, s.prompt_id))
            .header("X-CSRF-Token", csrf.as_str())
            .json(&json!({"upload_id": up}))
            .send()
    };
    assert_eq!(send().await.unwrap().status(), 201);
    let again = send().await.unwrap();
    assert_eq!(again.status(), 429);
    assert!(again.headers().contains_key("retry-after"));
    let problem: serde_json::Value = again.json().await.unwrap();
    assert_eq!(problem["code"], "rate_limited");
    assert_eq!(metric(&app, "crosstalk_rate_limited_total{action=\"flag\",scope=\"member\"}").await, 1);
}
