//! Names and Roles against the test platform: an instructor's launch brings in the platform's
//! 12-member roster (three pages), a later sync marks members who left inactive without
//! deleting them, and the token request carries a client assertion the tool's JWKS verifies.

mod common;
mod lti_platform;

use base64::Engine as _;
use common::TestApp;
use lti_platform::{browser, Platform, INSTRUCTOR, LEARNER};
use reqwest::Method;
use serde_json::{json, Value};

const NRPS: &str = "https://purl.imsglobal.org/spec/lti-nrps/claim/namesroleservice";

fn person(i: usize) -> Value {
    let role = if i == 1 { INSTRUCTOR } else { LEARNER };
    json!({"user_id": format!("u{i:02}"), "status": "Active", "name": format!("Person {i}"),
           "email": format!("u{i:02}@example.org"), "roles": [role]})
}

async fn members(app: &TestApp, key: &str, course_id: &str) -> Vec<Value> {
    let r = app.get(&format!("/v1/courses/{course_id}/members?limit=100"), key).await;
    assert_eq!(r.status, 200, "{:?}", r.body);
    r.body["items"].as_array().unwrap().clone()
}

#[tokio::test]
async fn the_roster_follows_the_platform_and_leavers_become_inactive() {
    let app = lti_platform::app().await;
    let key = app.team("Own").await;
    let platform = Platform::start(&app, &key).await;
    *platform.roster.lock().unwrap() = (1..=12).map(person).collect();

    let b = browser();
    let auth = platform.login(&app, &b, "u01").await;
    let mut c = platform.claims(&auth.nonce, "u01", &[INSTRUCTOR]);
    c[NRPS] = json!({"context_memberships_url": format!("{}/memberships", platform.base), "service_versions": ["2.0"]});
    let res = platform.post_launch(&app, &b, &auth.state, &platform.sign(&c)).await;
    assert_eq!(res.status(), 303);
    let course_id = res.headers()["location"].to_str().unwrap().trim_start_matches("/courses/").to_owned();

    // The instructor's launch syncs in the background, without holding the launch up.
    let mut listed = members(&app, &key, &course_id).await;
    for _ in 0..100 {
        if listed.len() == 12 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        listed = members(&app, &key, &course_id).await;
    }
    assert_eq!(listed.len(), 12, "the instructor's launch brought the roster in");
    let r = app.call(Method::POST, &format!("/v1/courses/{course_id}/lti/roster-sync"), Some(&key), None).await;
    assert_eq!(r.status, 200, "{:?}", r.body);
    assert_eq!((r.body["created"].as_u64(), r.body["updated"].as_u64()), (Some(0), Some(12)));
    assert_eq!(listed.len(), 12, "all three pages were read");
    let role = |ext: &str| listed.iter().find(|m| m["external_id"] == ext).map(|m| m["role"].clone()).unwrap();
    assert_eq!(role("u01"), "facilitator");
    assert_eq!(role("u12"), "learner");

    // The token request was a client-credentials grant with an assertion signed by the tool.
    let assertion = platform.assertions.lock().unwrap().last().cloned().expect("a client assertion");
    let claims: Value = serde_json::from_slice(
        &base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(assertion.split('.').nth(1).unwrap()).unwrap(),
    )
    .unwrap();
    assert_eq!(
        (claims["iss"].as_str(), claims["sub"].as_str()),
        (Some(lti_platform::CLIENT_ID), Some(lti_platform::CLIENT_ID))
    );
    assert_eq!(claims["aud"], format!("{}/token", platform.base));
    let header: Value = serde_json::from_slice(
        &base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(assertion.split('.').next().unwrap()).unwrap(),
    )
    .unwrap();
    let jwks: Value = app.http.get(format!("{}/lti/jwks", app.base)).send().await.unwrap().json().await.unwrap();
    assert!(jwks["keys"].as_array().unwrap().iter().any(|k| k["kid"] == header["kid"]), "signed by a published key");

    // Two people leave (one dropped from the list, one listed as Inactive).
    {
        let mut roster = platform.roster.lock().unwrap();
        roster.retain(|m| m["user_id"] != "u11");
        roster.iter_mut().find(|m| m["user_id"] == "u12").unwrap()["status"] = json!("Inactive");
    }
    let r = app.call(Method::POST, &format!("/v1/courses/{course_id}/lti/roster-sync"), Some(&key), None).await;
    assert_eq!(r.status, 200, "{:?}", r.body);
    assert_eq!(r.body["inactive"], 2);
    assert_eq!(r.body["created"], 0);
    assert_eq!(members(&app, &key, &course_id).await.len(), 12, "nobody is deleted");
    let m11 = listed.iter().find(|m| m["external_id"] == "u11").unwrap()["id"].as_str().unwrap().to_owned();
    assert!(crosstalk_core::lti::inactive::is_inactive(&app.state.db, &m11).await.unwrap());
    let m02 = listed.iter().find(|m| m["external_id"] == "u02").unwrap()["id"].as_str().unwrap().to_owned();
    assert!(!crosstalk_core::lti::inactive::is_inactive(&app.state.db, &m02).await.unwrap());

    // Another team cannot sync this course; a course without a platform says so.
    let other = app.team("Other").await;
    let r = app.call(Method::POST, &format!("/v1/courses/{course_id}/lti/roster-sync"), Some(&other), None).await;
    assert_eq!(r.status, 404);
    let s = app.seed_course(&key).await;
    let r = app.call(Method::POST, &format!("/v1/courses/{}/lti/roster-sync", s.course_id), Some(&key), None).await;
    assert_eq!((r.status.as_u16(), r.code()), (422, "no_roster_service"));
}
