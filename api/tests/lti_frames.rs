//! LTI launches inside a platform's iframe whose browser blocks the tool's cookies (Safari's
//! default, Chromium with third-party cookies off): the state travels through the platform's
//! storage (`lti_storage_target`, `lti.put_data`/`lti.get_data`), and the session reaches the
//! learner through a new tab. The browser here is a client without a cookie jar that sends
//! `Sec-Fetch-Dest: iframe` as a framed page does; the messaging itself runs in Chromium in
//! tests/browser/lti.mjs.

mod common;
mod lti_platform;

use common::TestApp;
use lti_platform::{browser, sets_session, Platform, ISSUER, LEARNER};

/// A browser in a frame that keeps no cookies.
fn framed() -> reqwest::Client {
    let mut h = reqwest::header::HeaderMap::new();
    h.insert("sec-fetch-dest", "iframe".parse().unwrap());
    reqwest::Client::builder().default_headers(h).redirect(reqwest::redirect::Policy::none()).build().unwrap()
}

/// The value of `attr="..."` after `marker` in `html`, entities decoded.
fn attr(html: &str, marker: &str, attr: &str) -> String {
    let from = html.find(marker).unwrap_or_else(|| panic!("{marker} in {html}"));
    let key = format!("{attr}=\"");
    let start = html[from..].find(&key).unwrap() + from + key.len();
    html[start..].split('"').next().unwrap().replace("&#38;", "&").replace("&amp;", "&").replace("&#61;", "=")
}

/// A login naming the platform's storage frame; returns the tool's page.
async fn storage_login(app: &TestApp, client: &reqwest::Client, hint: &str) -> String {
    let target = format!("{}/lti/launch", app.state.public_url);
    let res = client
        .get(format!("{}/lti/login", app.base))
        .query(&[
            ("iss", ISSUER),
            ("login_hint", hint),
            ("target_link_uri", &target),
            ("client_id", lti_platform::CLIENT_ID),
            ("lti_storage_target", "_parent"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    res.text().await.unwrap()
}

fn query(url: &str) -> std::collections::HashMap<String, String> {
    url::Url::parse(url).unwrap().query_pairs().into_owned().collect()
}

async fn post(app: &TestApp, client: &reqwest::Client, fields: &[(&str, &str)]) -> reqwest::Response {
    client.post(format!("{}/lti/launch", app.base)).form(fields).send().await.unwrap()
}

#[tokio::test]
async fn the_state_travels_through_the_platforms_storage_when_cookies_are_blocked() {
    let app = lti_platform::app().await;
    let key = app.team("Own").await;
    let platform = Platform::start(&app, &key).await;
    let frame = framed();

    // The login page keeps the state in the platform's storage, then goes to the platform.
    let html = storage_login(&app, &frame, "amina").await;
    assert_eq!(attr(&html, "id=\"lti-storage\"", "data-mode"), "put");
    assert_eq!(attr(&html, "id=\"lti-storage\"", "data-target"), "_parent");
    assert_eq!(
        attr(&html, "id=\"lti-storage\"", "data-origin"),
        platform.base,
        "messages go to the platform's origin only"
    );
    let next = attr(&html, "id=\"lti-next\"", "href");
    assert!(next.starts_with(&format!("{}/auth?", platform.base)), "{next}");
    let auth = query(&next);
    let state = auth["state"].clone();
    assert_eq!(attr(&html, "id=\"lti-storage\"", "data-key"), format!("crosstalk_state_{state}"));
    assert_eq!(attr(&html, "id=\"lti-storage\"", "data-value"), state);

    // The launch arrives without the cookie: a page that reads the state back; nothing consumed.
    let token = platform.sign(&platform.claims(&auth["nonce"], "amina", &[LEARNER]));
    let res = post(&app, &frame, &[("id_token", &token), ("state", &state)]).await;
    assert_eq!(res.status(), 200);
    assert!(!sets_session(&res));
    let html = res.text().await.unwrap();
    assert_eq!(attr(&html, "id=\"lti-storage\"", "data-mode"), "get");
    assert_eq!(attr(&html, "id=\"lti-storage\"", "data-key"), format!("crosstalk_state_{state}"));
    assert!(html.contains("name=\"lti_storage_state\""));

    // Another value from "the storage" is refused, an empty one (no answer) gets the new-tab page.
    let res = post(&app, &frame, &[("id_token", &token), ("state", &state), ("lti_storage_state", "forged")]).await;
    assert_eq!(res.status(), 401);
    assert!(!sets_session(&res));
    assert!(res.text().await.unwrap().contains("state_mismatch"));
    let res = post(&app, &frame, &[("id_token", &token), ("state", &state), ("lti_storage_state", "")]).await;
    assert_eq!(res.status(), 401);
    assert!(res.text().await.unwrap().contains("state_cookie_missing"));

    // The state read from the storage completes the launch, once.
    let res = post(&app, &frame, &[("id_token", &token), ("state", &state), ("lti_storage_state", &state)]).await;
    assert_eq!(res.status(), 303, "{}", res.text().await.unwrap());
    let location = res.headers()["location"].to_str().unwrap().to_owned();
    assert!(location.starts_with("/lti/continue?"), "a framed launch lands through /lti/continue: {location}");
    let again = post(&app, &frame, &[("id_token", &token), ("state", &state), ("lti_storage_state", &state)]).await;
    assert!(again.status().is_client_error());
    assert!(!sets_session(&again));

    // Still without cookies in the frame: a page offering a new tab; the tab lands signed in.
    let res = frame.get(format!("{}{location}", app.base)).send().await.unwrap();
    assert_eq!(res.status(), 200);
    let html = res.text().await.unwrap();
    assert!(html.contains("session_cookie_blocked"));
    let href = attr(&html, "class=\"button\"", "href");
    assert!(href.starts_with("/signin/"), "{href}");
    assert!(html.contains("target=\"_blank\""));
    let tab = browser();
    let res = tab.get(format!("{}{href}", app.base)).send().await.unwrap();
    assert_eq!(res.status(), 303);
    assert!(sets_session(&res));
    let landing = res.headers()["location"].to_str().unwrap().to_owned();
    assert!(landing.starts_with("/courses/crs_"), "{landing}");
    let page = tab.get(format!("{}{landing}", app.base)).send().await.unwrap();
    assert_eq!(page.status(), 200);
    assert!(page.text().await.unwrap().contains("Intercultural Communication"));
    // The link is single use.
    let res = browser().get(format!("{}{href}", app.base)).send().await.unwrap();
    assert_eq!(res.status(), 410);
}

#[tokio::test]
async fn storage_stands_in_for_the_cookie_only_when_the_login_offered_it() {
    let app = lti_platform::app().await;
    let key = app.team("Own").await;
    let platform = Platform::start(&app, &key).await;
    // A login without `lti_storage_target` (a redirect, the state in a cookie this client drops).
    let frame = framed();
    let auth = platform.login(&app, &frame, "amina").await;
    let token = platform.sign(&platform.claims(&auth.nonce, "amina", &[LEARNER]));
    let res =
        post(&app, &frame, &[("id_token", &token), ("state", &auth.state), ("lti_storage_state", &auth.state)]).await;
    assert_eq!(res.status(), 401);
    assert!(!sets_session(&res));
    assert!(res.text().await.unwrap().contains("state_cookie_missing"));
}

#[tokio::test]
async fn a_framed_launch_whose_cookies_work_goes_straight_to_its_page() {
    let app = lti_platform::app().await;
    let key = app.team("Own").await;
    let platform = Platform::start(&app, &key).await;
    let mut h = reqwest::header::HeaderMap::new();
    h.insert("sec-fetch-dest", "iframe".parse().unwrap());
    let frame = reqwest::Client::builder()
        .cookie_store(true)
        .default_headers(h)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let res = platform.launch(&app, &frame, "amina", &[LEARNER]).await;
    assert_eq!(res.status(), 303);
    assert!(sets_session(&res));
    let location = res.headers()["location"].to_str().unwrap().to_owned();
    assert!(location.starts_with("/lti/continue?"), "{location}");
    let link = query(&format!("http://x{location}"))["t"].clone();
    let res = frame.get(format!("{}{location}", app.base)).send().await.unwrap();
    assert_eq!(res.status(), 303);
    let landing = res.headers()["location"].to_str().unwrap().to_owned();
    assert!(landing.starts_with("/courses/crs_"), "{landing}");
    // The link the frame did not need is used up.
    let res = browser().get(format!("{}/signin/{link}", app.base)).send().await.unwrap();
    assert_eq!(res.status(), 410);
    // A forged `to` leads nowhere else.
    let res = frame.get(format!("{}/lti/continue?to=//evil.example&t={link}", app.base)).send().await.unwrap();
    assert_eq!(res.status(), 404);
}
