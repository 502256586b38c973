//! Learners' own data on the pages (issue 14): captions play on the thread page through signed
//! URLs; "Download my videos" gives the same zip as the API; "Delete my account in this course"
//! asks for confirmation, starts the erasure and signs the learner out; in a course that uses
//! pseudonyms a cohort-mate sees the chosen name and a facilitator the roster name.
#![expect(deprecated, reason = "async_zip's in-memory reader is the simple way to read a whole zip in a test")]

mod common;
mod support;

use std::collections::BTreeMap;

use async_zip::base::read::mem::ZipFileReader;
use common::TestApp;
use reqwest::Method;
use serde_json::json;
use support::{object, post_video, put_vtt, setup, Course, VTT};

struct Browser {
    b: reqwest::Client,
    csrf: String,
}

async fn sign_in(app: &TestApp, c: &Course, ext: &str) -> Browser {
    let r = app
        .call(Method::POST, &format!("/v1/courses/{}/members/{ext}/sign-in-links", c.course_id), Some(&c.key), None)
        .await;
    let url = r.body["url"].as_str().unwrap();
    let b = reqwest::Client::builder().cookie_store(true).redirect(reqwest::redirect::Policy::none()).build().unwrap();
    let r = b.get(format!("{}{}", app.base, &url[url.find("/signin/").unwrap()..])).send().await.unwrap();
    assert_eq!(r.status(), 303);
    let html = page(app, &b, &format!("/courses/{}", c.course_id)).await.1;
    let at = html.find("name=\"csrf\" value=\"").unwrap() + 19;
    Browser { csrf: html[at..].split('"').next().unwrap().to_owned(), b }
}

async fn page(app: &TestApp, b: &reqwest::Client, path: &str) -> (u16, String, reqwest::header::HeaderMap) {
    let r = b.get(format!("{}{path}", app.base)).send().await.unwrap();
    let status = r.status().as_u16();
    let headers = r.headers().clone();
    (status, r.text().await.unwrap(), headers)
}

async fn unzip(bytes: Vec<u8>) -> BTreeMap<String, Vec<u8>> {
    let zip = ZipFileReader::new(bytes).await.expect("a valid zip");
    let mut out = BTreeMap::new();
    for i in 0..zip.file().entries().len() {
        let name = zip.file().entries()[i].filename().as_str().unwrap().to_owned();
        let mut r = zip.reader_with_entry(i).await.unwrap();
        let mut data = Vec::new();
        r.read_to_end_checked(&mut data).await.unwrap();
        out.insert(name, data);
    }
    out
}

/// The `src` of every `<track>` of a page, with its language.
fn tracks(html: &str) -> Vec<(String, String)> {
    html.split("<track ")
        .skip(1)
        .map(|t| {
            let attr = |name: &str| {
                let at = t.find(&format!("{name}=\"")).unwrap() + name.len() + 2;
                t[at..].split('"').next().unwrap().replace("&amp;", "&").replace("&#38;", "&")
            };
            assert!(t.starts_with("kind=\"subtitles\""), "{t}");
            (attr("src"), attr("srclang"))
        })
        .collect()
}

#[tokio::test]
async fn captions_play_on_the_thread_page_through_signed_urls() {
    let app = TestApp::spawn().await;
    let c = setup(&app).await;
    let post = post_video(&app, &c, "a1", None, "hello").await;
    assert_eq!(put_vtt(&app, &c.tokens["a1"], &post, "en", VTT).await.status, 200);
    assert_eq!(put_vtt(&app, &c.tokens["fa"], &post, "pt-BR", VTT).await.status, 200);

    let a2 = sign_in(&app, &c, "a2").await;
    let (code, html, headers) = page(&app, &a2.b, &format!("/threads/{post}")).await;
    assert_eq!(code, 200);
    // The picture's size is known before the video loads: no layout shift.
    assert!(html.contains("width=\"1280\" height=\"720\""), "{html}");
    let tr = tracks(&html);
    assert_eq!(tr.iter().map(|(_, l)| l.as_str()).collect::<Vec<_>>(), ["en", "pt-br"], "{html}");
    // The page lists the languages too (with links to the files), in words.
    assert!(html.contains("Captions:") && html.contains(">English</a>") && html.contains(">PT-BR</a>"), "{html}");
    let csp = headers["content-security-policy"].to_str().unwrap();
    for (src, _) in &tr {
        assert!(src.contains("/media/") && src.contains("sig="), "a signed URL: {src}");
        let origin: String = src.split('/').take(3).collect::<Vec<_>>().join("/");
        assert!(csp.contains(&format!("media-src 'self' blob: {origin}")), "{csp} allows {origin}");
        let r = a2.b.get(src).send().await.unwrap();
        assert_eq!(r.status(), 200, "{src}");
        assert_eq!(r.text().await.unwrap(), VTT);
    }
    // A signature is bound to its file: another language's path with this signature is refused.
    let forged = tr[0].0.replace("/en.vtt", "/fr.vtt");
    assert_eq!(a2.b.get(&forged).send().await.unwrap().status(), 403);
    // Another cohort does not get the page, so never the URLs.
    let b1 = sign_in(&app, &c, "b1").await;
    let (code, html, _) = page(&app, &b1.b, &format!("/threads/{post}")).await;
    assert_eq!(code, 404);
    assert!(!html.contains("<track"));
}

#[tokio::test]
async fn a_learner_downloads_their_videos_then_deletes_their_account_in_the_course() {
    let app = TestApp::spawn().await;
    let c = setup(&app).await;
    let answer = post_video(&app, &c, "a1", None, "Amina answers").await;
    let reply = post_video(&app, &c, "a2", Some(&answer), "Lukas replies").await;
    let a1 = sign_in(&app, &c, "a1").await;

    let (_, html, _) = page(&app, &a1.b, &format!("/me/posts?course={}", c.course_id)).await;
    assert!(html.contains("href=\"/me/export\"") && html.contains("Download my videos"), "{html}");
    assert!(html.contains("href=\"/me/erase\"") && html.contains("Delete my account in this course"), "{html}");

    // The page's download is the API's zip: the same files, the video byte for byte.
    let r = a1.b.get(format!("{}/me/export", app.base)).send().await.unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(r.headers()["content-type"], "application/zip");
    assert!(r.headers()["content-disposition"].to_str().unwrap().starts_with("attachment"));
    let from_page = unzip(r.bytes().await.unwrap().to_vec()).await;
    let r = app.http.get(format!("{}/v1/me/export", app.base)).bearer_auth(&c.tokens["a1"]).send().await.unwrap();
    let from_api = unzip(r.bytes().await.unwrap().to_vec()).await;
    assert_eq!(from_page.keys().collect::<Vec<_>>(), from_api.keys().collect::<Vec<_>>());
    let vid =
        app.get(&format!("/v1/posts/{answer}"), &c.tokens["a1"]).await.body["video"]["id"].as_str().unwrap().to_owned();
    assert_eq!(from_page[&format!("posts/{answer}/video.mp4")], object(&app, &format!("videos/{vid}/video.mp4")).await);
    let index = String::from_utf8(from_page["index.json"].clone()).unwrap();
    assert!(index.contains("Lukas replies") && index.contains("Amina answers"), "{index}");
    // Signed out, no zip.
    let anon = reqwest::Client::new();
    assert_eq!(anon.get(format!("{}/me/export", app.base)).send().await.unwrap().status(), 401);

    // The confirmation page says what goes and what stays.
    let (code, html, _) = page(&app, &a1.b, "/me/erase").await;
    assert_eq!(code, 200);
    assert!(html.contains("What will be deleted") && html.contains("What stays"), "{html}");
    assert!(html.contains("This deletes what you shared in Intercultural dialogue"), "{html}");
    assert!(html.contains("type=\"checkbox\" id=\"confirm\" name=\"confirm\" value=\"yes\""), "{html}");
    // Without the box ticked: the page again, with an error summary linking to the box.
    let r = a1.b.post(format!("{}/me/erase", app.base)).form(&[("csrf", a1.csrf.as_str())]).send().await.unwrap();
    assert_eq!(r.status(), 422);
    let html = r.text().await.unwrap();
    assert!(html.contains("class=\"error-summary\"") && html.contains("href=\"#confirm\""), "{html}");
    assert!(html.contains("aria-invalid=\"true\""), "{html}");
    // Without the CSRF token: refused, nothing started.
    let r = a1.b.post(format!("{}/me/erase", app.base)).form(&[("confirm", "yes")]).send().await.unwrap();
    assert_eq!(r.status(), 403);
    assert_eq!(app.run_pending_jobs().await, 0, "no erasure job");

    let r =
        a1.b.post(format!("{}/me/erase", app.base))
            .form(&[("csrf", a1.csrf.as_str()), ("confirm", "yes")])
            .send()
            .await
            .unwrap();
    assert_eq!(r.status(), 202);
    let cookie = r.headers()["set-cookie"].to_str().unwrap().to_owned();
    assert!(cookie.starts_with("ct_session=;") && cookie.contains("Max-Age=0"), "{cookie}");
    let html = r.text().await.unwrap();
    assert!(html.contains("Your account is being deleted") && html.contains("You have been signed out"), "{html}");
    assert!(html.contains("Every video you recorded or uploaded"), "{html}");
    // Signed out everywhere: the session no longer works, even with its old cookie.
    assert_eq!(page(&app, &a1.b, &format!("/courses/{}", c.course_id)).await.0, 401);

    // The same erasure as the team's: it runs as a job and the team sees it done.
    assert!(app.run_pending_jobs().await >= 1);
    let r = app.call(Method::DELETE, &format!("/v1/courses/{}/members/a1", c.course_id), Some(&c.key), None).await;
    assert_eq!((r.status.as_u16(), r.body["state"].as_str()), (202, Some("done")), "{:?}", r.body);
    assert!(r.body["report"]["videos_deleted"].as_u64() >= Some(1), "{:?}", r.body);
    assert!(object_missing(&app, &format!("videos/{vid}/video.mp4")).await);
    // The thread stays readable for Lukas: a tombstone keeps his reply.
    let a2 = sign_in(&app, &c, "a2").await;
    let (code, html, _) = page(&app, &a2.b, &format!("/threads/{answer}")).await;
    assert_eq!(code, 200);
    assert!(html.contains("Deleted post") && html.contains(&format!("id=\"post-{reply}\"")), "{html}");
    assert!(!html.contains("Amina"), "{html}");
}

async fn object_missing(app: &TestApp, key: &str) -> bool {
    app.state.storage.head(key).await.unwrap().is_none()
}

#[tokio::test]
async fn learners_see_a_chosen_pseudonym_and_facilitators_the_roster_name() {
    let app = TestApp::spawn().await;
    let c = setup(&app).await;
    let a1 = sign_in(&app, &c, "a1").await;
    // Off by default: no page for it.
    assert_eq!(page(&app, &a1.b, "/me/name").await.0, 404);
    let path = format!("/v1/courses/{}/display-names", c.course_id);
    assert_eq!(app.get(&path, &c.key).await.body, json!({"learner_pseudonyms": false}));
    let r = app.call(Method::PUT, &path, Some(&c.key), Some(json!({"learner_pseudonyms": true}))).await;
    assert_eq!((r.status.as_u16(), &r.body), (200, &json!({"learner_pseudonyms": true})));
    let r = app.call(Method::PUT, &path, Some(&c.key), Some(json!({"pseudonyms": true}))).await;
    assert_eq!((r.status.as_u16(), r.code()), (422, "invalid_body"), "unknown fields are refused: {:?}", r.body);

    let (code, html, _) = page(&app, &a1.b, &format!("/me/posts?course={}", c.course_id)).await;
    assert_eq!(code, 200);
    assert!(html.contains("href=\"/me/name\""), "{html}");
    let (code, html, _) = page(&app, &a1.b, "/me/name").await;
    assert_eq!(code, 200);
    assert!(html.contains("Amina Benali") && html.contains("<label for=\"name\">"), "{html}");
    let r =
        a1.b.post(format!("{}/me/name", app.base))
            .form(&[("csrf", a1.csrf.as_str()), ("name", "  Blue   Heron ")])
            .send()
            .await
            .unwrap();
    assert_eq!(r.status(), 303);
    assert_eq!(r.headers()["location"], "/me/name?notice=name-saved");
    let (_, html, _) = page(&app, &a1.b, "/me/name?notice=name-saved").await;
    assert!(html.contains("Your name was saved.") && html.contains("value=\"Blue Heron\""), "{html}");

    // Another learner cannot take it (whatever the case), nor pass for someone on the roster.
    let a2 = sign_in(&app, &c, "a2").await;
    let long = "x".repeat(41);
    for (taken, words) in [
        ("blue heron", "already uses that name"),
        ("Amina Benali", "already uses that name"),
        (long.as_str(), "1 to 40 characters"),
    ] {
        let r =
            a2.b.post(format!("{}/me/name", app.base))
                .form(&[("csrf", a2.csrf.as_str()), ("name", taken)])
                .send()
                .await
                .unwrap();
        assert_eq!(r.status(), 422, "{taken}");
        let html = r.text().await.unwrap();
        assert!(html.contains(words) && html.contains("href=\"#name\"") && html.contains("aria-invalid"), "{html}");
    }
    // A facilitator has no such page.
    let fa = sign_in(&app, &c, "fa").await;
    assert_eq!(page(&app, &fa.b, "/me/name").await.0, 404);

    let post = post_video(&app, &c, "a1", None, "hello").await;
    // A cohort-mate: the pseudonym on the pages and in the API listings.
    let (_, html, _) = page(&app, &a2.b, &format!("/threads/{post}")).await;
    assert!(html.contains("Blue Heron") && !html.contains("Amina"), "{html}");
    let (_, html, _) = page(&app, &a2.b, &format!("/prompts/{}", c.prompt_id)).await;
    assert!(html.contains("Blue Heron") && !html.contains("Amina"), "{html}");
    let listed = app.get(&format!("/v1/prompts/{}/posts", c.prompt_id), &c.tokens["a2"]).await;
    assert_eq!(listed.body["items"][0]["author"]["display_name"], "Blue Heron", "{:?}", listed.body);
    let one = app.get(&format!("/v1/posts/{post}"), &c.tokens["a2"]).await;
    assert_eq!(one.body["author"]["display_name"], "Blue Heron");
    // The facilitator and the team: the roster name.
    let (_, html, _) = page(&app, &fa.b, &format!("/threads/{post}")).await;
    assert!(html.contains("Amina Benali") && !html.contains("Blue Heron"), "{html}");
    for who in [&c.tokens["fa"], &c.key] {
        let listed = app.get(&format!("/v1/prompts/{}/posts", c.prompt_id), who).await;
        assert_eq!(listed.body["items"][0]["author"]["display_name"], "Amina Benali");
        assert_eq!(app.get(&format!("/v1/posts/{post}"), who).await.body["author"]["display_name"], "Amina Benali");
    }

    // Turned off: roster names again for everyone.
    app.call(Method::PUT, &path, Some(&c.key), Some(json!({"learner_pseudonyms": false}))).await;
    let one = app.get(&format!("/v1/posts/{post}"), &c.tokens["a2"]).await;
    assert_eq!(one.body["author"]["display_name"], "Amina Benali");
    assert_eq!(page(&app, &a1.b, "/me/name").await.0, 404);
}
