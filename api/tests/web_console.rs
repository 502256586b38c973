//! The facilitator console as browsers use it: the overview and the queue of one's cohorts,
//! decisions by form and by fetch, two facilitators deciding one post, and 404 for everyone
//! else on every console page and action of cohorts that are not theirs.

mod common;

use std::collections::BTreeMap;

use common::{fixture, TestApp};
use reqwest::Method;
use serde_json::json;

fn browser() -> reqwest::Client {
    reqwest::Client::builder().cookie_store(true).redirect(reqwest::redirect::Policy::none()).build().unwrap()
}

struct Who {
    b: reqwest::Client,
    csrf: String,
}

struct Course {
    key: String,
    course_id: String,
    prompt_id: String,
    cohorts: BTreeMap<&'static str, String>,
}

/// Cohort A: learners a1, a2, facilitators fa (Marta) and fa2 (Nadia); cohort B: learner b1,
/// facilitator fb; `fac-1` (seeded) facilitates no cohort. The prompt is pre-moderated.
async fn setup(app: &TestApp) -> Course {
    let key = app.team("Own").await;
    let s = app.seed_course(&key).await;
    let r = app
        .call(
            Method::PUT,
            &format!("/v1/courses/{}/members", s.course_id),
            Some(&key),
            Some(json!({"members": [
                {"external_id": "a1", "role": "learner", "display_name": "Amina", "email": "amina@example.org"},
                {"external_id": "a2", "role": "learner", "display_name": "Lukas", "email": "lukas@example.org"},
                {"external_id": "b1", "role": "learner", "display_name": "Sofia", "email": "sofia@example.org"},
                {"external_id": "fa", "role": "facilitator", "display_name": "Marta"},
                {"external_id": "fa2", "role": "facilitator", "display_name": "Nadia"},
                {"external_id": "fb", "role": "facilitator", "display_name": "Youssef"}
            ]})),
        )
        .await;
    assert_eq!(r.status, 200, "{:?}", r.body);
    let mut cohorts = BTreeMap::new();
    for (name, members) in [("A", json!(["a1", "a2", "fa", "fa2"])), ("B", json!(["b1", "fb"]))] {
        let c = app.post(&format!("/v1/courses/{}/cohorts", s.course_id), &key, json!({"name": name})).await;
        let id = c.body["id"].as_str().unwrap().to_owned();
        let r = app
            .call(Method::PUT, &format!("/v1/cohorts/{id}/members"), Some(&key), Some(json!({"external_ids": members})))
            .await;
        assert_eq!(r.status, 200);
        cohorts.insert(name, id);
    }
    let r = app
        .call(Method::PATCH, &format!("/v1/prompts/{}", s.prompt_id), Some(&key), Some(json!({"moderation": "pre"})))
        .await;
    assert_eq!(r.status, 200);
    Course { key, course_id: s.course_id, prompt_id: s.prompt_id, cohorts }
}

async fn sign_in(app: &TestApp, c: &Course, ext: &str) -> Who {
    let r = app
        .call(Method::POST, &format!("/v1/courses/{}/members/{ext}/sign-in-links", c.course_id), Some(&c.key), None)
        .await;
    assert_eq!(r.status, 201, "{:?}", r.body);
    let url = r.body["url"].as_str().unwrap();
    let b = browser();
    let r = b.get(format!("{}{}", app.base, &url[url.find("/signin/").unwrap()..])).send().await.unwrap();
    assert_eq!(r.status(), 303);
    let html = get(app, &b, &format!("/courses/{}", c.course_id)).await.1;
    let at = html.find("name=\"csrf\" value=\"").unwrap() + 19;
    Who { csrf: html[at..].split('"').next().unwrap().to_owned(), b }
}

async fn get(app: &TestApp, b: &reqwest::Client, path: &str) -> (u16, String) {
    let r = b.get(format!("{}{path}", app.base)).send().await.unwrap();
    (r.status().as_u16(), r.text().await.unwrap())
}

/// A form POST as a browser without JS sends it.
async fn form(app: &TestApp, w: &Who, path: &str, fields: &[(&str, &str)]) -> (u16, String) {
    let mut all: Vec<(&str, &str)> = vec![("csrf", &w.csrf)];
    all.extend_from_slice(fields);
    let r = w.b.post(format!("{}{path}", app.base)).form(&all).send().await.unwrap();
    (r.status().as_u16(), r.text().await.unwrap())
}

/// The same form as `console.js` sends it: the CSRF token in the header, JSON back.
async fn fetch(app: &TestApp, w: &Who, path: &str, fields: &[(&str, &str)]) -> (u16, serde_json::Value) {
    let r =
        w.b.post(format!("{}{path}", app.base))
            .header("X-CSRF-Token", &w.csrf)
            .header("Accept", "application/json")
            .form(fields)
            .send()
            .await
            .unwrap();
    (r.status().as_u16(), r.json().await.unwrap())
}

/// `who` answers the prompt (through the API) and the video is processed; returns the post id.
async fn answer(app: &TestApp, c: &Course, who: &str) -> String {
    let t = app.token(&c.key, &c.course_id, who).await;
    let up = app.upload(&t, &fixture("compliant_720p.mp4"), 1 << 20).await;
    let r = app
        .post(
            &format!("/v1/prompts/{}/posts", c.prompt_id),
            &t,
            json!({"upload_id": up, "text": format!("hello from {who}")}),
        )
        .await;
    assert_eq!(r.status, 201, "{:?}", r.body);
    app.run_pending_jobs().await;
    r.body["id"].as_str().unwrap().to_owned()
}

#[tokio::test]
async fn a_facilitator_works_the_queue_and_the_learners_see_the_result() {
    let app = TestApp::spawn().await;
    let c = setup(&app).await;
    let post = answer(&app, &c, "a1").await;
    let fa = sign_in(&app, &c, "fa").await;
    let a2 = sign_in(&app, &c, "a2").await;
    let base = format!("/console/courses/{}", c.course_id);

    // The overview: Amina answered, Lukas has not; one post waits.
    let (code, html) = get(&app, &fa.b, &base).await;
    assert_eq!(code, 200, "{html}");
    assert!(html.contains("1 post waiting in the queue"), "{html}");
    let row = &html[html.find("class=\"console-prompt\"").unwrap()..];
    let row = &row[..row.find("</tr>").unwrap()];
    assert!(row.contains("class=\"answered\">1: Amina<"), "{row}");
    assert!(row.contains("class=\"not-answered\">1: Lukas <a href="), "{row}");
    assert!(html.contains(&format!("href=\"{base}\"")), "the navigation links the console: {html}");

    // The queue: the pending answer, playable inline, with a reason picker and the decisions.
    let (code, html) = get(&app, &fa.b, &format!("{base}/queue")).await;
    assert_eq!(code, 200, "{html}");
    assert!(html.contains(&format!("id=\"item-{post}\"")), "{html}");
    assert!(html.contains("playsinline preload=\"none\" poster=\""), "{html}");
    assert!(html.contains("value=\"approve\"") && html.contains("value=\"remove\""), "{html}");
    assert!(html.contains("/assets/console."), "the keyboard module is loaded: {html}");
    assert!(html.contains("Waiting for approval"), "{html}");
    // Filters: another prompt's or a reason's queue does not list it.
    let (_, html) = get(&app, &fa.b, &format!("{base}/queue?reason=spam")).await;
    assert!(!html.contains(&format!("id=\"item-{post}\"")), "{html}");
    let (_, html) = get(&app, &fa.b, &format!("{base}/queue?cohort_id={}", c.cohorts["A"])).await;
    assert!(html.contains(&format!("id=\"item-{post}\"")), "{html}");

    // Before: Lukas does not see the pending answer.
    assert_eq!(get(&app, &a2.b, &format!("/threads/{post}")).await.0, 404);
    // The facilitator browses the thread and the prompt with the pending answer, marked as such.
    let (code, html) = get(&app, &fa.b, &format!("/threads/{post}")).await;
    assert_eq!(code, 200, "{html}");
    assert!(html.contains("hello from a1") && html.contains("Waiting for a facilitator"), "{html}");
    let (_, html) = get(&app, &fa.b, &format!("/prompts/{}", c.prompt_id)).await;
    assert!(html.contains(&format!("/threads/{post}")), "{html}");
    // Approved by a plain form: 303 back to the queue, which is now empty.
    let (code, _) = form(
        &app,
        &fa,
        &format!("{base}/posts/{post}/decision"),
        &[("action", "approve"), ("reason_code", "other"), ("statement", ""), ("back", &format!("{base}/queue"))],
    )
    .await;
    assert_eq!(code, 303);
    let (_, html) = get(&app, &fa.b, &format!("{base}/queue?notice=decided")).await;
    assert!(html.contains("Decision saved.") && html.contains("Nothing waits for a decision."), "{html}");
    let (code, html) = get(&app, &a2.b, &format!("/threads/{post}")).await;
    assert_eq!(code, 200, "{html}");
    assert!(html.contains("hello from a1"), "{html}");
    // The statement picked by the reason (empty statement) reached the author.
    let a1 = sign_in(&app, &c, "a1").await;
    let (_, html) = get(&app, &a1.b, &format!("/me/posts?course={}", c.course_id)).await;
    assert!(html.contains("A facilitator reviewed your post."), "{html}");

    // Mute Amina with a reason; the audit log lists it and the approval, filtered and as CSV.
    let amina = answer(&app, &c, "a1").await;
    let (_, html) = get(&app, &fa.b, &format!("{base}/queue")).await;
    let at = html.find("/members/").unwrap() + 9;
    let a1_id = html[at..].split('/').next().unwrap().to_owned();
    let (code, _) = form(&app, &fa, &format!("{base}/members/{a1_id}/mute"), &[("reason", "=Shouting at peers")]).await;
    assert_eq!(code, 303);
    let (_, html) = get(&app, &fa.b, &format!("{base}/queue")).await;
    assert!(html.contains(&format!("id=\"item-{amina}\"")) && html.contains(">Muted<"), "{html}");
    // The author's history, read for the whole page at once, counts the mute.
    assert!(html.contains("Author’s history: 0 removed posts, 1 mutes"), "{html}");
    let (code, html) = get(&app, &fa.b, &format!("{base}/audit")).await;
    assert_eq!(code, 200, "{html}");
    assert!(html.contains("=Shouting at peers") && html.contains(">approve<"), "{html}");
    let (_, html) = get(&app, &fa.b, &format!("{base}/audit?action=approve")).await;
    assert!(!html.contains("Shouting") && html.contains(">approve<"), "{html}");
    let r = fa.b.get(format!("{}{base}/audit?action=mute&format=csv", app.base)).send().await.unwrap();
    assert!(r.headers()["content-type"].to_str().unwrap().starts_with("text/csv"));
    let csv = r.text().await.unwrap();
    assert!(csv.starts_with("when_utc,action,actor,subject,cohort,post_id,reason,note\r\n"), "{csv}");
    assert!(csv.contains("\"mute\",\"Marta\",\"Amina\",\"A\",\"\",\"'=Shouting at peers\""), "formula-safe: {csv}");
    assert!(!csv.contains("approve"), "{csv}");
    let (code, _) =
        form(&app, &fa, &format!("{base}/members/{a1_id}/unmute"), &[("reason", "Apologised to the cohort")]).await;
    assert_eq!(code, 303);
    assert!(!get(&app, &fa.b, &format!("{base}/queue")).await.1.contains(">Muted<"));
    let (_, html) = get(&app, &fa.b, &format!("{base}/audit?action=unmute")).await;
    assert!(html.contains("Apologised to the cohort") && !html.contains("Shouting"), "{html}");
}

#[tokio::test]
async fn two_facilitators_deciding_one_post_apply_it_once_and_the_second_hears_who() {
    let app = TestApp::spawn().await;
    let c = setup(&app).await;
    let post = answer(&app, &c, "a1").await;
    let (fa, fa2) = (sign_in(&app, &c, "fa").await, sign_in(&app, &c, "fa2").await);
    let path = format!("/console/courses/{}/posts/{post}/decision", c.course_id);
    let approve = [("action", "approve"), ("reason_code", "other"), ("statement", "Fine."), ("seen", "pending")];
    let remove = [("action", "remove"), ("reason_code", "spam"), ("statement", ""), ("seen", "pending")];
    let ((s1, b1), (s2, b2)) = tokio::join!(fetch(&app, &fa, &path, &approve), fetch(&app, &fa2, &path, &remove));
    let mut codes = [s1, s2];
    codes.sort_unstable();
    assert_eq!(codes, [200, 409], "{b1} {b2}");
    let (winner, loser) = if s1 == 200 { ("Marta", &b2) } else { ("Nadia", &b1) };
    assert_eq!(loser["code"], "already_decided", "{loser}");
    let detail = loser["detail"].as_str().unwrap();
    assert!(detail.contains(winner) && detail.contains("not applied"), "{detail}");

    // One decision in the audit log.
    let log = app.get(&format!("/v1/courses/{}/audit", c.course_id), &c.key).await;
    let decisions = log.body["items"].as_array().unwrap().iter().filter(|e| e["post_id"] == post.as_str()).count();
    assert_eq!(decisions, 1, "{:?}", log.body);

    // The same later by a plain form: a 409 page naming who decided.
    let (code, html) =
        form(&app, &fa, &path, &[("action", "hide"), ("reason_code", "other"), ("seen", "pending")]).await;
    assert_eq!(code, 409, "{html}");
    assert!(html.contains(winner), "{html}");
}

/// A console route: method, path and form fields.
type Route<'a> = (&'static str, String, Vec<(&'static str, &'a str)>);

#[tokio::test]
async fn everyone_but_the_cohorts_facilitators_gets_404_on_every_console_route() {
    let app = TestApp::spawn().await;
    let c = setup(&app).await;
    let post = answer(&app, &c, "a1").await;
    let base = format!("/console/courses/{}", c.course_id);
    let a = &c.cohorts["A"];
    let nudges = format!("{base}/prompts/{}/nudges", c.prompt_id);
    // Lukas's member id, as the cohort's facilitator's page shows it.
    let fa = sign_in(&app, &c, "fa").await;
    let html = get(&app, &fa.b, &nudges).await.1;
    let at = html.find("name=\"member_id\" value=\"").unwrap() + 24;
    let lukas = html[at..].split('"').next().unwrap().to_owned();
    let html = get(&app, &fa.b, &format!("{base}/queue")).await.1;
    let at = html.find("/members/").unwrap() + 9;
    let amina = html[at..].split('/').next().unwrap().to_owned();
    // (method, path, fields): the console routes as they apply to cohort A.
    let routes: Vec<Route<'_>> = vec![
        ("GET", format!("{base}/queue?cohort_id={a}"), vec![]),
        ("POST", format!("{base}/posts/{post}/decision"), vec![("action", "approve"), ("reason_code", "other")]),
        ("POST", nudges.clone(), vec![("member_id", lukas.as_str())]),
        ("POST", format!("{base}/members/{amina}/mute"), vec![("reason", "no")]),
        ("POST", format!("{base}/members/{amina}/unmute"), vec![]),
        ("GET", format!("{base}/audit?cohort_id={a}"), vec![]),
    ];
    let course_wide = [base.clone(), format!("{base}/queue"), nudges.clone(), format!("{base}/audit")];
    for who in ["a1", "fb", "fac-1"] {
        let w = sign_in(&app, &c, who).await;
        for (method, path, fields) in &routes {
            let (code, body) = match *method {
                "GET" => get(&app, &w.b, path).await,
                _ => form(&app, &w, path, fields).await,
            };
            assert_eq!(code, 404, "{who} {method} {path}: {body}");
        }
        for path in &course_wide {
            let (code, body) = get(&app, &w.b, path).await;
            if who == "a1" {
                assert_eq!(code, 404, "{who} {path}: {body}");
            } else {
                // Their own console, without cohort A's learners or posts.
                assert_eq!(code, 200, "{who} {path}: {body}");
                assert!(!body.contains("Amina") && !body.contains(&post), "{who} {path}: {body}");
            }
        }
    }
    // Another course's facilitator: 404 on this course's console.
    let other = app.seed_course(&c.key).await;
    let r = app
        .call(Method::POST, &format!("/v1/courses/{}/members/fac-1/sign-in-links", other.course_id), Some(&c.key), None)
        .await;
    let url = r.body["url"].as_str().unwrap();
    let b = browser();
    b.get(format!("{}{}", app.base, &url[url.find("/signin/").unwrap()..])).send().await.unwrap();
    assert_eq!(get(&app, &b, &base).await.0, 404);

    // The cohort's facilitator gets them all, and the post is still pending until then.
    for (method, path, fields) in &routes {
        let (code, body) = match *method {
            "GET" => get(&app, &fa.b, path).await,
            _ => form(&app, &fa, path, fields).await,
        };
        assert!(code == 200 || code == 303, "fa {method} {path}: {code} {body}");
    }
}

/// The mails written to DATA/mail so far: (recipients line, whole message).
fn mails(app: &TestApp) -> Vec<(String, String)> {
    let Ok(dir) = std::fs::read_dir(app.config.data_dir.join("mail")) else { return Vec::new() };
    dir.filter_map(|e| std::fs::read(e.ok()?.path()).ok())
        .map(|raw| {
            let text = String::from_utf8_lossy(&raw).into_owned();
            let to = text.lines().find(|l| l.to_ascii_lowercase().starts_with("to:")).unwrap_or_default().to_owned();
            (to, text)
        })
        .collect()
}

#[tokio::test]
async fn a_nudge_reaches_only_the_learners_who_have_not_answered_once_a_day() {
    let app = TestApp::spawn().await;
    let c = setup(&app).await;
    answer(&app, &c, "a1").await;
    app.run_notifications().await;
    let before = mails(&app).len();
    let fa = sign_in(&app, &c, "fa").await;
    let page = format!("/console/courses/{}/prompts/{}/nudges", c.course_id, c.prompt_id);

    // Lukas has not answered; Amina has (pending counts); Sofia is another cohort's.
    let (code, html) = get(&app, &fa.b, &page).await;
    assert_eq!(code, 200, "{html}");
    assert!(html.contains("Nudge Lukas") && !html.contains("Amina") && !html.contains("Sofia"), "{html}");
    assert!(html.contains("Not nudged"), "{html}");

    let message = [("message", "Hi {name}, we miss your introduction!")];
    let (code, body) = form(&app, &fa, &page, &message).await;
    assert_eq!(code, 303, "{body}");
    app.run_notifications().await;
    let all = mails(&app);
    let new: Vec<&(String, String)> = all.iter().skip(before).collect();
    let to_lukas = all.iter().filter(|(to, _)| to.contains("lukas@example.org")).count();
    assert_eq!(to_lukas, 1, "{new:?}");
    assert!(all
        .iter()
        .any(|(to, m)| to.contains("lukas@example.org") && m.contains("Hi Lukas, we miss your introduction!")));
    assert!(!all.iter().any(|(to, _)| to.contains("sofia@example.org")), "another cohort is not nudged");
    assert!(!all.iter().any(|(to, m)| to.contains("amina@example.org") && m.contains("miss your")), "Amina answered");

    // The page says when; a second nudge the same day sends nothing, for all or for one.
    let (_, html) = get(&app, &fa.b, &page).await;
    assert!(html.contains("Nudged 20"), "{html}");
    let at = html.find("name=\"member_id\" value=\"").unwrap() + 24;
    let lukas = html[at..].split('"').next().unwrap().to_owned();
    assert_eq!(form(&app, &fa, &page, &message).await.0, 303);
    assert_eq!(form(&app, &fa, &page, &[("member_id", lukas.as_str())]).await.0, 303);
    app.run_notifications().await;
    assert_eq!(mails(&app).iter().filter(|(to, _)| to.contains("lukas@example.org")).count(), 1);

    // Another cohort's facilitator cannot nudge Lukas, nor see this page's learners.
    let fb = sign_in(&app, &c, "fb").await;
    assert_eq!(form(&app, &fb, &page, &[("member_id", lukas.as_str())]).await.0, 404);
    let (code, html) = get(&app, &fb.b, &page).await;
    assert!(code == 200 && !html.contains("Lukas"), "{html}");
}

#[tokio::test]
async fn a_facilitator_of_many_cohorts_reads_the_overview_five_cohorts_a_page() {
    let app = TestApp::spawn().await;
    let c = setup(&app).await;
    // fa facilitates cohort A and 11 more (C01..C11): 12 cohorts, three pages.
    for i in 1..=11 {
        let r = app
            .post(&format!("/v1/courses/{}/cohorts", c.course_id), &c.key, json!({"name": format!("C{i:02}")}))
            .await;
        let id = r.body["id"].as_str().unwrap().to_owned();
        let r = app
            .call(
                Method::PUT,
                &format!("/v1/cohorts/{id}/members"),
                Some(&c.key),
                Some(json!({"external_ids": ["fa"]})),
            )
            .await;
        assert_eq!(r.status, 200, "{:?}", r.body);
    }
    let fa = sign_in(&app, &c, "fa").await;
    let base = format!("/console/courses/{}", c.course_id);
    let sections = |html: &str| html.matches("<section class=\"cohort\"").count();
    let (status, first) = get(&app, &fa.b, &base).await;
    assert_eq!(status, 200);
    assert_eq!(sections(&first), 5);
    assert!(first.contains("Cohorts 1–5 of 12"), "{first}");
    // By name: A, C01..C04 on the first page; C05..C09 on the second; C10, C11 on the third.
    assert!(first.contains("Amina") && first.contains(">C04<") && !first.contains(">C05<"));
    let link = |page: u32, label: &str| format!("href=\"{base}?page={page}\">{label}</a>");
    assert!(first.contains(&link(2, "C05 – C09")), "the pager names the cohorts of each page");
    assert!(first.contains(&link(3, "C10 – C11")));
    let (status, last) = get(&app, &fa.b, &format!("{base}?page=3")).await;
    assert_eq!(status, 200);
    assert_eq!(sections(&last), 2);
    assert!(last.contains(">C10<") && last.contains(">C11<") && !last.contains("Amina"));
    assert!(last.contains("aria-current=\"page\">C10 – C11"));
    // Past the end or nonsense: the nearest page, never an error.
    assert_eq!(sections(&get(&app, &fa.b, &format!("{base}?page=9")).await.1), 2);
    assert_eq!(sections(&get(&app, &fa.b, &format!("{base}?page=x")).await.1), 5);
    // fb (cohort B only) has one page and no pager.
    let fb = sign_in(&app, &c, "fb").await;
    let (_, only) = get(&app, &fb.b, &base).await;
    assert_eq!(sections(&only), 1);
    assert!(!only.contains("class=\"pager\""));
}
