//! Sign-in links and sessions as a browser meets them: a link works once, refusals get a clear
//! page, the session cookie's flags, CSRF on every cookie-authenticated write, signing out.

mod common;

use common::{is_problem, TestApp};
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

/// A browser: its own cookie jar, redirects not followed (the test looks at each answer).
fn browser() -> reqwest::Client {
    reqwest::Client::builder().cookie_store(true).redirect(reqwest::redirect::Policy::none()).build().unwrap()
}

/// The path of a sign-in link URL (the public URL may name another host than the test's).
fn path_of(url: &str) -> String {
    let i = url.find("/signin/").expect("a sign-in URL");
    url[i..].to_owned()
}

async fn link(app: &TestApp, key: &str, course_id: &str, ext: &str, body: Option<Value>) -> common::Resp {
    app.call(Method::POST, &format!("/v1/courses/{course_id}/members/{ext}/sign-in-links"), Some(key), body).await
}

async fn text(r: reqwest::Response) -> (StatusCode, reqwest::header::HeaderMap, String) {
    let status = r.status();
    let headers = r.headers().clone();
    (status, headers, r.text().await.unwrap())
}

#[tokio::test]
async fn a_sign_in_link_works_once_and_refusals_get_a_clear_page() {
    let app = TestApp::spawn().await;
    let key = app.team("Own").await;
    let other = app.team("Other").await;
    let s = app.seed_course(&key).await;

    // Minting: team only, its own courses only, bounded lifetime.
    let r = link(&app, &key, &s.course_id, "learner-1", None).await;
    assert_eq!(r.status, 201, "{:?}", r.body);
    let url = r.body["url"].as_str().unwrap().to_owned();
    assert!(url.starts_with(&format!("{}/signin/", app.state.public_url)), "{url}");
    let expires: chrono::DateTime<chrono::Utc> = r.body["expires_at"].as_str().unwrap().parse().unwrap();
    let days = (expires - chrono::Utc::now()).num_hours() as f64 / 24.0;
    assert!((6.9..=7.0).contains(&days), "default lifetime is 7 days, got {days}");
    let r = link(&app, &other, &s.course_id, "learner-1", None).await;
    assert_eq!(r.status, 404);
    assert!(is_problem(&r));
    let learner_token = app.token(&key, &s.course_id, "learner-1").await;
    assert_eq!(link(&app, &learner_token, &s.course_id, "learner-1", None).await.status, 403);
    let r = link(&app, &key, &s.course_id, "learner-1", Some(json!({"ttl_seconds": 5}))).await;
    assert_eq!((r.status.as_u16(), r.code()), (422, "validation_failed"));
    assert_eq!(link(&app, &key, &s.course_id, "nobody", None).await.status, 404);
    // Only the hash is stored.
    let stored: Vec<crosstalk_core::entities::sign_in_link::Model> = {
        use sea_orm::EntityTrait as _;
        crosstalk_core::entities::sign_in_link::Entity::find().all(&app.state.db).await.unwrap()
    };
    let token = url.rsplit('/').next().unwrap();
    assert!(stored.iter().all(|l| l.token_hash != token && !l.token_hash.contains(token)));

    // First open: a session cookie and the course page.
    let b = browser();
    let (status, headers, _) = text(b.get(format!("{}{}", app.base, path_of(&url))).send().await.unwrap()).await;
    assert_eq!(status, 303);
    assert_eq!(headers["location"], format!("/courses/{}", s.course_id).as_str());
    let cookie = headers["set-cookie"].to_str().unwrap().to_owned();
    assert!(cookie.starts_with("ct_session="), "{cookie}");
    assert!(cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax") && cookie.contains("Path=/"), "{cookie}");
    assert!(!cookie.contains("Secure"), "plain http public URL: no Secure flag ({cookie})");
    let (status, _, html) = text(b.get(format!("{}/courses/{}", app.base, s.course_id)).send().await.unwrap()).await;
    assert_eq!(status, 200);
    assert!(html.contains("Introduce yourself"), "{html}");
    // The site's root leads a signed-in member to their course, anyone else to how to get in.
    let (status, headers, _) = text(b.get(format!("{}/", app.base)).send().await.unwrap()).await;
    assert_eq!(
        (status.as_u16(), headers["location"].to_str().unwrap()),
        (303, format!("/courses/{}", s.course_id).as_str())
    );
    let (status, _, html) = text(browser().get(format!("{}/", app.base)).send().await.unwrap()).await;
    assert_eq!(status, 200);
    assert!(html.contains("open the sign-in link"), "{html}");

    // Second open, from another browser: "already used", and no session.
    let b2 = browser();
    let (status, headers, html) = text(b2.get(format!("{}{}", app.base, path_of(&url))).send().await.unwrap()).await;
    assert_eq!(status, 410);
    assert!(headers.get("set-cookie").is_none());
    assert!(html.contains("This link was already used"), "{html}");
    let (status, _, html) = text(b2.get(format!("{}/courses/{}", app.base, s.course_id)).send().await.unwrap()).await;
    assert_eq!(status, 401);
    assert!(html.contains("Please sign in"), "{html}");

    // An expired link.
    let r = link(&app, &key, &s.course_id, "learner-2", Some(json!({"ttl_seconds": 60}))).await;
    let expired = r.body["url"].as_str().unwrap().to_owned();
    {
        use sea_orm::{ConnectionTrait as _, Statement};
        let db = &app.state.db;
        let sql = "UPDATE sign_in_links SET expires_at = created_at WHERE used_at IS NULL";
        db.execute(Statement::from_string(db.get_database_backend(), sql)).await.unwrap();
    }
    let (status, _, html) = text(b2.get(format!("{}{}", app.base, path_of(&expired))).send().await.unwrap()).await;
    assert_eq!(status, 410);
    assert!(html.contains("This link has expired"), "{html}");

    // An unknown link.
    let (status, _, html) = text(b2.get(format!("{}/signin/not-a-real-token", app.base)).send().await.unwrap()).await;
    assert_eq!(status, 404);
    assert!(html.contains("This link does not work"), "{html}");
}

#[tokio::test]
async fn two_concurrent_opens_of_one_link_start_one_session() {
    let app = TestApp::spawn().await;
    let key = app.team("Own").await;
    let s = app.seed_course(&key).await;
    for _ in 0..5 {
        let url = link(&app, &key, &s.course_id, "learner-1", None).await.body["url"].as_str().unwrap().to_owned();
        let opens = (0..4).map(|_| {
            let u = format!("{}{}", app.base, path_of(&url));
            async move { browser().get(u).send().await.unwrap().status().as_u16() }
        });
        let mut statuses = futures_util::future::join_all(opens).await;
        statuses.sort_unstable();
        assert_eq!(statuses, [303, 410, 410, 410]);
    }
}

#[tokio::test]
async fn the_session_cookie_is_secure_when_the_public_url_is_https() {
    let app = TestApp::spawn_with(|c| c.public_url = Some("https://crosstalk.example".into())).await;
    let key = app.team("Own").await;
    let s = app.seed_course(&key).await;
    let url = link(&app, &key, &s.course_id, "learner-1", None).await.body["url"].as_str().unwrap().to_owned();
    assert!(url.starts_with("https://crosstalk.example/signin/"), "{url}");
    let r = browser().get(format!("{}{}", app.base, path_of(&url))).send().await.unwrap();
    assert_eq!(r.status(), 303);
    let cookie = r.headers()["set-cookie"].to_str().unwrap();
    assert!(cookie.contains("; Secure") && cookie.contains("HttpOnly"), "{cookie}");
}

/// The page's CSRF token, from the sign-out form every signed-in page carries.
fn csrf_of(html: &str) -> String {
    let at = html.find("name=\"csrf\" value=\"").expect("a CSRF field") + 19;
    html[at..].split('"').next().unwrap().to_owned()
}

#[tokio::test]
async fn cookie_writes_need_the_csrf_token_and_signing_out_ends_the_session() {
    let app = TestApp::spawn().await;
    let key = app.team("Own").await;
    let s = app.seed_course(&key).await;
    let url = link(&app, &key, &s.course_id, "learner-1", None).await.body["url"].as_str().unwrap().to_owned();
    let b = browser();
    let r = b.get(format!("{}{}", app.base, path_of(&url))).send().await.unwrap();
    let session_cookie = r.headers()["set-cookie"].to_str().unwrap().split(';').next().unwrap().to_owned();
    let page = format!("{}/prompts/{}", app.base, s.prompt_id);
    let (_, _, html) = text(b.get(&page).send().await.unwrap()).await;
    let csrf = csrf_of(&html);
    assert!(html.contains(&format!("data-csrf=\"{csrf}\"")), "the recorder mount carries the token");

    // tus with the cookie: refused without the token, accepted with it.
    let tus = |token: Option<&str>| {
        let mut r =
            b.post(format!("{}/v1/uploads", app.base)).header("Tus-Resumable", "1.0.0").header("Upload-Length", "100");
        if let Some(t) = token {
            r = r.header("X-CSRF-Token", t);
        }
        r.send()
    };
    let r = tus(None).await.unwrap();
    assert_eq!(r.status(), 403);
    assert_eq!(r.json::<Value>().await.unwrap()["code"], "csrf_failed");
    assert_eq!(tus(Some("forged")).await.unwrap().status(), 403);
    assert_eq!(tus(Some(&csrf)).await.unwrap().status(), 201);
    // Without any credential tus still asks for one (Bearer keeps working elsewhere).
    let r = reqwest::Client::new()
        .post(format!("{}/v1/uploads", app.base))
        .header("Tus-Resumable", "1.0.0")
        .header("Upload-Length", "100")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 401);

    // The recorder's create endpoint: JSON problem in the page's language.
    let create = format!("{}/prompts/{}/posts", app.base, s.prompt_id);
    let r = b.post(&create).json(&json!({"upload_id": "upl_x"})).send().await.unwrap();
    assert_eq!(r.status(), 403);
    assert!(r.headers()["content-type"].to_str().unwrap().starts_with("application/problem+json"));
    let body: Value = r.json().await.unwrap();
    assert_eq!(body["code"], "csrf_failed");
    assert!(body["detail"].as_str().unwrap().contains("refused"), "{body}");
    let r = b.post(&create).header("X-CSRF-Token", &csrf).json(&json!({"upload_id": "upl_x"})).send().await.unwrap();
    assert_eq!(r.status(), 422, "past the CSRF check, the domain answers");
    assert_eq!(r.json::<Value>().await.unwrap()["code"], "unknown_upload");
    // Idempotency-Key works with the session too (the first answer is replayed).
    let keyed = || {
        b.post(&create)
            .header("X-CSRF-Token", &csrf)
            .header("Idempotency-Key", "rec-1")
            .json(&json!({"upload_id": "upl_y"}))
            .send()
    };
    let (first, second) = (keyed().await.unwrap(), keyed().await.unwrap());
    assert_eq!((first.status().as_u16(), second.status().as_u16()), (422, 422));
    assert_eq!(second.headers().get("idempotent-replayed").map(|v| v.to_str().unwrap()), Some("true"));

    // Sign out: refused without the token, then done with it.
    let r = b.post(format!("{}/signout", app.base)).form(&[("csrf", "nope")]).send().await.unwrap();
    assert_eq!(r.status(), 403);
    assert!(r.text().await.unwrap().contains("This form has expired"));
    assert_eq!(b.get(&page).send().await.unwrap().status(), 200, "still signed in");
    let r = b.post(format!("{}/signout", app.base)).form(&[("csrf", csrf.as_str())]).send().await.unwrap();
    assert_eq!(r.status(), 200);
    assert!(r.headers()["set-cookie"].to_str().unwrap().starts_with("ct_session=;"));
    assert!(r.text().await.unwrap().contains("You are signed out"));
    assert_eq!(b.get(&page).send().await.unwrap().status(), 401);
    // The session is gone on the server too, not just from this browser.
    let r = reqwest::Client::new().get(&page).header("Cookie", &session_cookie).send().await.unwrap();
    assert_eq!(r.status(), 401);
}

#[tokio::test]
async fn the_demo_prints_a_working_sign_in_link_for_every_member() {
    let app = TestApp::spawn().await;
    let seed =
        crosstalk_core::demo::seed(&app.state.db, &app.state.key, crosstalk_api::cli::DEMO_COURSE).await.unwrap();
    let links =
        crosstalk_core::demo::sign_in_links(&app.state.db, &app.state.public_url, &seed.course_id).await.unwrap();
    assert_eq!(links.len(), 22, "one per demo member");
    assert_eq!(links[0].role, "facilitator");
    assert!(links.iter().all(|l| l.role == "facilitator" || l.cohort.is_some()), "learners are in cohorts");
    for l in links.iter().take(3) {
        let r = browser().get(format!("{}{}", app.base, path_of(&l.url))).send().await.unwrap();
        assert_eq!(r.status(), 303, "{}", l.display_name);
        assert_eq!(r.headers()["location"], format!("/courses/{}", seed.course_id).as_str());
    }
}
