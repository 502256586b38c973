//! The learner pages as browsers see them: a learner answers through the recorder's endpoints
//! (tus with the session cookie), a cohort-mate sees and replies, another cohort never sees the
//! thread; flag and delete forms; security headers on every page; languages and right-to-left.

mod common;

use common::{fixture, TestApp};
use reqwest::Method;
use serde_json::{json, Value};

fn browser() -> reqwest::Client {
    reqwest::Client::builder().cookie_store(true).redirect(reqwest::redirect::Policy::none()).build().unwrap()
}

/// A signed-in browser and the CSRF token of its session.
struct Learner {
    b: reqwest::Client,
    csrf: String,
}

struct Course {
    course_id: String,
    prompt_id: String,
}

/// Cohort A (a1, a2) and cohort B (b1); `locale` for a1.
async fn setup(app: &TestApp, key: &str) -> Course {
    let s = app.seed_course(key).await;
    let r = app
        .call(Method::PUT, &format!("/v1/courses/{}/members", s.course_id), Some(key), Some(json!({"members": [
            {"external_id": "a1", "role": "learner", "display_name": "Amina", "country": "MA", "languages": ["ar"], "locale": "en"},
            {"external_id": "a2", "role": "learner", "display_name": "Lukas", "country": "DE", "languages": ["de"], "locale": "fr"},
            {"external_id": "b1", "role": "learner", "display_name": "Sofia", "country": "ES", "languages": ["es"]}
        ]})))
        .await;
    assert_eq!(r.status, 200);
    for (name, members) in [("A", json!(["a1", "a2"])), ("B", json!(["b1"]))] {
        let c = app.post(&format!("/v1/courses/{}/cohorts", s.course_id), key, json!({"name": name})).await;
        let id = c.body["id"].as_str().unwrap();
        let r = app
            .call(Method::PUT, &format!("/v1/cohorts/{id}/members"), Some(key), Some(json!({"external_ids": members})))
            .await;
        assert_eq!(r.status, 200);
    }
    Course { course_id: s.course_id, prompt_id: s.prompt_id }
}

async fn sign_in(app: &TestApp, key: &str, c: &Course, ext: &str) -> Learner {
    let r = app
        .call(Method::POST, &format!("/v1/courses/{}/members/{ext}/sign-in-links", c.course_id), Some(key), None)
        .await;
    let url = r.body["url"].as_str().unwrap();
    let b = browser();
    let r = b.get(format!("{}{}", app.base, &url[url.find("/signin/").unwrap()..])).send().await.unwrap();
    assert_eq!(r.status(), 303);
    let html = get(app, &b, &format!("/courses/{}", c.course_id)).await.1;
    let at = html.find("name=\"csrf\" value=\"").unwrap() + 19;
    Learner { csrf: html[at..].split('"').next().unwrap().to_owned(), b }
}

async fn get(app: &TestApp, b: &reqwest::Client, path: &str) -> (u16, String, reqwest::header::HeaderMap) {
    let r = b.get(format!("{}{path}", app.base)).send().await.unwrap();
    let status = r.status().as_u16();
    let headers = r.headers().clone();
    (status, r.text().await.unwrap(), headers)
}

/// What the recorder module does: tus upload with the cookie and X-CSRF-Token, then create.
async fn record(app: &TestApp, l: &Learner, create_path: &str, clip: &str) -> Value {
    let data = fixture(clip);
    let r =
        l.b.post(format!("{}/v1/uploads", app.base))
            .header("X-CSRF-Token", &l.csrf)
            .header("Tus-Resumable", "1.0.0")
            .header("Upload-Length", data.len().to_string())
            .send()
            .await
            .unwrap();
    assert_eq!(r.status(), 201);
    let location = r.headers()["location"].to_str().unwrap().to_owned();
    let upload_id = location.rsplit('/').next().unwrap().to_owned();
    let r =
        l.b.patch(&location)
            .header("X-CSRF-Token", &l.csrf)
            .header("Tus-Resumable", "1.0.0")
            .header("Upload-Offset", "0")
            .header("Content-Type", "application/offset+octet-stream")
            .body(data)
            .send()
            .await
            .unwrap();
    assert_eq!(r.status(), 204);
    let r =
        l.b.post(format!("{}{create_path}", app.base))
            .header("X-CSRF-Token", &l.csrf)
            .json(&json!({"upload_id": upload_id, "text": "hello"}))
            .send()
            .await
            .unwrap();
    assert_eq!(r.status(), 201);
    r.json().await.unwrap()
}

async fn status(app: &TestApp, l: &Learner, created: &Value) -> Value {
    let (code, body, _) = get(app, &l.b, created["status_url"].as_str().unwrap()).await;
    assert_eq!(code, 200, "{body}");
    serde_json::from_str(&body).unwrap()
}

#[tokio::test]
async fn learners_answer_and_reply_and_another_cohort_never_sees_the_thread() {
    let app = TestApp::spawn().await;
    let key = app.team("Own").await;
    let c = setup(&app, &key).await;
    let (a1, a2, b1) =
        (sign_in(&app, &key, &c, "a1").await, sign_in(&app, &key, &c, "a2").await, sign_in(&app, &key, &c, "b1").await);
    let prompt = format!("/prompts/{}", c.prompt_id);

    let (code, html, _) = get(&app, &a1.b, &format!("/courses/{}", c.course_id)).await;
    assert_eq!(code, 200);
    assert!(html.contains("Introduce yourself") && html.contains("Not answered yet"), "{html}");
    let (_, html, _) = get(&app, &a1.b, &prompt).await;
    assert!(html.contains("id=\"recorder\"") && html.contains(&format!("data-create-url=\"{prompt}/posts\"")));
    assert!(html.contains("data-min-seconds=\"1\" data-max-seconds=\"120\""), "{html}");

    // a1 answers; the status goes from queued to ready.
    let created = record(&app, &a1, &format!("{prompt}/posts"), "compliant_720p.mp4").await;
    let post_id = created["id"].as_str().unwrap().to_owned();
    assert_eq!(created["thread_url"], format!("/threads/{post_id}"));
    assert_eq!(status(&app, &a1, &created).await["status"], "queued");
    app.run_pending_jobs().await;
    let st = status(&app, &a1, &created).await;
    assert_eq!((st["status"].as_str(), st["post_state"].as_str()), (Some("ready"), Some("visible")), "{st}");
    assert!(st["playback_url"].as_str().unwrap().contains("/media/"), "{st}");

    // a1's prompt page: their answer, no recorder; the course page says answered.
    let (_, html, _) = get(&app, &a1.b, &prompt).await;
    assert!(html.contains("Your answer") && !html.contains("id=\"recorder\""), "{html}");
    assert!(get(&app, &a1.b, &format!("/courses/{}", c.course_id)).await.1.contains("Answered"));

    // a2 (same cohort, French locale) sees the thread, new, and plays the video inline.
    let (_, html, _) = get(&app, &a2.b, &prompt).await;
    assert!(html.contains("lang=\"fr\""), "a2's locale is French");
    assert!(html.contains(&format!("href=\"/threads/{post_id}\"")) && html.contains("Amina"), "{html}");
    assert!(html.contains("class=\"badge new\""), "{html}");
    let (code, html, _) = get(&app, &a2.b, &format!("/threads/{post_id}")).await;
    assert_eq!(code, 200);
    // Inline on phones, poster first, and sized so the page does not jump when it loads.
    assert!(
        html.contains("<video controls playsinline preload=\"none\" width=\"1280\" height=\"720\" poster=\""),
        "{html}"
    );
    assert!(html.contains(&format!("/posts/{post_id}/flag")), "others' posts can be reported");
    assert!(!html.contains(&format!("/posts/{post_id}/delete")), "only the author deletes");

    // a2 replies with a video; a1 then sees it in the thread.
    let reply = record(&app, &a2, &format!("/posts/{post_id}/replies"), "compliant_720p.mp4").await;
    let reply_id = reply["id"].as_str().unwrap().to_owned();
    assert_eq!(reply["thread_url"], format!("/threads/{post_id}#post-{reply_id}"));
    app.run_pending_jobs().await;
    let (_, html, _) = get(&app, &a1.b, &format!("/threads/{post_id}")).await;
    assert!(html.contains(&format!("id=\"post-{reply_id}\"")) && html.contains("Lukas"), "{html}");
    assert_eq!(html.matches("<video ").count(), 2, "{html}");
    // A reply's own address leads to its thread.
    let (code, _, headers) = get(&app, &a1.b, &format!("/threads/{reply_id}")).await;
    assert_eq!(
        (code, headers["location"].to_str().unwrap()),
        (303, format!("/threads/{post_id}#post-{reply_id}").as_str())
    );

    // b1, in another cohort: the thread does not exist for them, nor its status.
    let (code, html, _) = get(&app, &b1.b, &format!("/threads/{post_id}")).await;
    assert_eq!(code, 404);
    assert!(html.contains("Page not found") && !html.contains("Amina"), "{html}");
    assert_eq!(get(&app, &b1.b, &format!("/posts/{post_id}/status")).await.0, 404);
    let (_, html, _) = get(&app, &b1.b, &prompt).await;
    assert!(!html.contains(&post_id) && html.contains("Nobody has answered yet"), "{html}");
    // The fallback form sent without JavaScript gets a page that says what is missing.
    let r = a2.b.post(format!("{}/posts/{post_id}/replies", app.base)).form(&[("text", "hi")]).send().await.unwrap();
    assert_eq!(r.status(), 415);
    assert!(r.text().await.unwrap().contains("JavaScript"));
    let r =
        b1.b.post(format!("{}/posts/{post_id}/replies", app.base))
            .header("X-CSRF-Token", &b1.csrf)
            .json(&json!({"upload_id": "upl_x"}))
            .send()
            .await
            .unwrap();
    assert_eq!(r.status(), 404);

    // a2 reports a1's post with a reason; a1 deletes their own post.
    let thread = format!("/threads/{post_id}");
    let r =
        a2.b.post(format!("{}/posts/{post_id}/flag", app.base))
            .form(&[("csrf", a2.csrf.as_str()), ("reason", "off_topic"), ("note", ""), ("back", thread.as_str())])
            .send()
            .await
            .unwrap();
    assert_eq!(r.status(), 303);
    let back = r.headers()["location"].to_str().unwrap().to_owned();
    assert_eq!(back, format!("{thread}?notice=flagged"));
    assert!(get(&app, &a2.b, &back).await.1.contains("role=\"status\""));
    let r =
        a2.b.post(format!("{}/posts/{post_id}/flag", app.base))
            .form(&[("csrf", a2.csrf.as_str()), ("reason", "spam")])
            .send()
            .await
            .unwrap();
    assert_eq!(r.status(), 409, "one open report per member and post");
    let r = a2.b.post(format!("{}/posts/{post_id}/flag", app.base)).form(&[("reason", "spam")]).send().await.unwrap();
    assert_eq!(r.status(), 403, "no CSRF token");
    let r =
        a1.b.post(format!("{}/posts/{post_id}/delete", app.base))
            .form(&[("csrf", a1.csrf.as_str())])
            .send()
            .await
            .unwrap();
    assert_eq!(r.status(), 303);
    let (_, html, _) = get(&app, &a1.b, &format!("/me/posts?course={}", c.course_id)).await;
    assert!(html.contains("Deleted post"), "{html}");
    let (_, html, _) = get(&app, &a2.b, &thread).await;
    assert!(
        html.contains("Publication supprimée") && html.contains(&format!("id=\"post-{reply_id}\"")),
        "a tombstone keeps the reply: {html}"
    );
}

#[tokio::test]
async fn a_refused_recording_says_why_in_plain_words_in_the_learners_language() {
    let app = TestApp::spawn().await;
    let key = app.team("Own").await;
    let c = setup(&app, &key).await;
    let a2 = sign_in(&app, &key, &c, "a2").await;
    let created = record(&app, &a2, &format!("/prompts/{}/posts", c.prompt_id), "bad_too_short.mp4").await;
    app.run_pending_jobs().await;
    let st = status(&app, &a2, &created).await;
    assert_eq!((st["status"].as_str(), st["reason"].as_str()), (Some("rejected"), Some("too_short")), "{st}");
    assert!(st["reason_text"].as_str().unwrap().contains("plus courte"), "French plain words: {st}");
    // The API's reason_text comes from the same catalog, in the member's locale.
    let token = app.token(&key, &c.course_id, "a2").await;
    let api = app.get(&format!("/v1/posts/{}", created["id"].as_str().unwrap()), &token).await;
    assert_eq!(api.body["video"]["reason_text"], st["reason_text"], "{:?}", api.body);
    let (_, html, _) = get(&app, &a2.b, &format!("/me/posts?course={}", c.course_id)).await;
    assert!(html.contains("plus courte"), "{html}");
    // A refused answer does not count: the recorder is back.
    let (_, html, _) = get(&app, &a2.b, &format!("/prompts/{}", c.prompt_id)).await;
    assert!(html.contains("id=\"recorder\""), "{html}");
}

#[tokio::test]
async fn every_page_carries_the_security_headers_and_languages_apply() {
    let app = TestApp::spawn_with(|c| c.frame_ancestors = "'self' https://lms.example.org".into()).await;
    let key = app.team("Own").await;
    let c = setup(&app, &key).await;
    let a1 = sign_in(&app, &key, &c, "a1").await;
    let pages = [
        format!("/courses/{}", c.course_id),
        format!("/prompts/{}", c.prompt_id),
        format!("/me/posts?course={}", c.course_id),
        "/threads/pst_00000000000000000000000000000000".to_owned(),
        "/signin/unknown".to_owned(),
        "/courses/crs_00000000000000000000000000000000".to_owned(),
    ];
    for p in &pages {
        let (code, html, h) = get(&app, &a1.b, p).await;
        assert!(html.starts_with("<!doctype html>"), "{p}: {code}");
        let csp = h["content-security-policy"].to_str().unwrap();
        for d in [
            "default-src 'self'",
            "script-src 'self'",
            "style-src 'self'",
            "base-uri 'none'",
            "form-action 'self'",
            "frame-ancestors 'self' https://lms.example.org",
        ] {
            assert!(csp.contains(d), "{p}: {csp}");
        }
        assert!(!csp.contains("unsafe-inline"), "{p}: {csp}");
        assert_eq!(h["x-content-type-options"], "nosniff", "{p}");
        assert!(h.contains_key("referrer-policy"), "{p}");
        assert!(!html.contains("<script>") && !html.contains(" style=\""), "{p}: no inline script or style");
    }
    // Assets: hashed names, immutable for a year; unknown names are 404.
    let (_, html, _) = get(&app, &a1.b, &pages[0]).await;
    let css = html.split("href=\"/assets/").nth(1).unwrap().split('"').next().unwrap().to_owned();
    assert!(css.starts_with("app.") && css.ends_with(".css") && css.len() > 10, "{css}");
    let (code, body, h) = get(&app, &a1.b, &format!("/assets/{css}")).await;
    assert_eq!(code, 200);
    assert!(body.contains("inline-size"));
    assert_eq!(h["cache-control"], "public, max-age=31536000, immutable");
    assert!(h["content-type"].to_str().unwrap().starts_with("text/css"));
    assert_eq!(get(&app, &a1.b, "/assets/app.css").await.0, 404);

    // Arabic, chosen on the page: right to left, Arabic words; the choice is remembered.
    let (_, html, _) = get(&app, &a1.b, &format!("{}?lang=ar", pages[0])).await;
    assert!(html.contains("<html lang=\"ar\" dir=\"rtl\">"), "{html}");
    assert!(!html.contains("Not answered yet"), "{html}");
    let (_, html, _) = get(&app, &a1.b, &pages[1]).await;
    assert!(html.contains("<html lang=\"ar\" dir=\"rtl\">"), "remembered: {html}");
    // Without a session the browser's Accept-Language decides.
    let r = browser()
        .get(format!("{}/signin/unknown", app.base))
        .header("Accept-Language", "de-DE,de;q=0.9,en;q=0.5")
        .send()
        .await
        .unwrap();
    assert!(r.text().await.unwrap().contains("<html lang=\"de\" dir=\"ltr\">"));
}

#[tokio::test]
async fn the_prompt_page_pages_through_its_threads() {
    use crosstalk_core::entities::post;
    use sea_orm::{ActiveModelTrait as _, EntityTrait as _, Set};
    let app = TestApp::spawn().await;
    let key = app.team("Own").await;
    let c = setup(&app, &key).await;
    let (a1, a2) = (sign_in(&app, &key, &c, "a1").await, sign_in(&app, &key, &c, "a2").await);
    let created = record(&app, &a1, &format!("/prompts/{}/posts", c.prompt_id), "compliant_720p.mp4").await;
    app.run_pending_jobs().await;
    // 21 more threads in the cohort, sharing the first one's video (the listing does not care).
    let first = post::Entity::find_by_id(created["id"].as_str().unwrap()).one(&app.state.db).await.unwrap().unwrap();
    for i in 1..=21 {
        let mut am: post::ActiveModel = first.clone().into();
        am.id = Set(crosstalk_core::ids::new_id("pst"));
        am.last_activity_at = Set(first.last_activity_at + chrono::Duration::seconds(i));
        am.insert(&app.state.db).await.unwrap();
    }
    let prompt = format!("/prompts/{}", c.prompt_id);
    let (_, html, _) = get(&app, &a2.b, &prompt).await;
    assert_eq!(html.matches("class=\"thread-card\"").count(), 20, "{html}");
    assert!(!html.contains(&format!("href=\"/threads/{}\"", first.id)), "the oldest activity comes last");
    let next = html.split("rel=\"next\"").next().unwrap().rsplit("href=\"").next().unwrap().split('"').next().unwrap();
    assert!(next.starts_with(&format!("{prompt}?cursor=")), "{next}");
    let (_, html, _) = get(&app, &a2.b, &next.replace("&amp;", "&")).await;
    assert_eq!(html.matches("class=\"thread-card\"").count(), 2, "{html}");
    assert!(html.contains(&format!("href=\"/threads/{}\"", first.id)) && !html.contains("rel=\"next\""));
    assert!(html.contains(&format!("<a href=\"{prompt}\">")), "a way back to the newest: {html}");
}
