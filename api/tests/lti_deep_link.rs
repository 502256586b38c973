//! Deep Linking 2.0 round trip against the test platform: an instructor picks a prompt, the
//! platform receives a signed `LtiDeepLinkingResponse` verifiable with the tool's JWKS, and a
//! learner launching the created link lands on that prompt.

mod common;
mod lti_platform;

use base64::Engine as _;
use common::TestApp;
use lti_platform::{browser, sets_session, Platform, INSTRUCTOR, LEARNER, LTI};
use rsa::signature::Verifier as _;
use serde_json::{json, Value};

const B64: base64::engine::GeneralPurpose = base64::engine::general_purpose::URL_SAFE_NO_PAD;
const DL: &str = "https://purl.imsglobal.org/spec/lti-dl/claim/";

fn field(html: &str, name: &str) -> String {
    let at = html.find(&format!("name=\"{name}\" value=\"")).unwrap_or_else(|| panic!("no field {name}: {html}"));
    let rest = &html[at + name.len() + 15..];
    rest.split('"').next().unwrap().to_owned()
}

/// Verifies an RS256 JWT with the tool's published JWKS and returns its claims.
async fn verify_with_tool_jwks(app: &TestApp, jwt: &str) -> Value {
    let jwks: Value = app.http.get(format!("{}/lti/jwks", app.base)).send().await.unwrap().json().await.unwrap();
    let parts: Vec<&str> = jwt.split('.').collect();
    let header: Value = serde_json::from_slice(&B64.decode(parts[0]).unwrap()).unwrap();
    assert_eq!(header["alg"], "RS256");
    let jwk = jwks["keys"].as_array().unwrap().iter().find(|k| k["kid"] == header["kid"]).expect("kid in the JWKS");
    let n = rsa::BigUint::from_bytes_be(&B64.decode(jwk["n"].as_str().unwrap()).unwrap());
    let e = rsa::BigUint::from_bytes_be(&B64.decode(jwk["e"].as_str().unwrap()).unwrap());
    let key = rsa::pkcs1v15::VerifyingKey::<sha2::Sha256>::new(rsa::RsaPublicKey::new(n, e).unwrap());
    let sig = rsa::pkcs1v15::Signature::try_from(B64.decode(parts[2]).unwrap().as_slice()).unwrap();
    key.verify(format!("{}.{}", parts[0], parts[1]).as_bytes(), &sig).expect("signature verifies");
    serde_json::from_slice(&B64.decode(parts[1]).unwrap()).unwrap()
}

#[tokio::test]
async fn an_instructor_deep_links_a_prompt_and_learners_land_on_it() {
    let app = lti_platform::app().await;
    let key = app.team("Own").await;
    let platform = Platform::start(&app, &key).await;

    let marta = browser();
    let res = platform.launch(&app, &marta, "marta", &[INSTRUCTOR]).await;
    assert_eq!(res.status(), 303);
    let course_id = res.headers()["location"].to_str().unwrap().trim_start_matches("/courses/").to_owned();
    let m = app.post(&format!("/v1/courses/{course_id}/modules"), &key, json!({"title": "Week 1"})).await;
    let module_id = m.body["id"].as_str().unwrap();
    let now = chrono::Utc::now();
    let p = app
        .post(
            &format!("/v1/modules/{module_id}/prompts"),
            &key,
            json!({"title": "Greetings around the world", "opens_at": now - chrono::Duration::hours(1),
                   "closes_at": now + chrono::Duration::days(7)}),
        )
        .await;
    assert_eq!(p.status, 201, "{:?}", p.body);
    let prompt_id = p.body["id"].as_str().unwrap().to_owned();

    let deep_link = |nonce: &str, sub: &str, roles: &[&str]| {
        let mut c = platform.claims(nonce, sub, roles);
        c[format!("{LTI}message_type")] = json!("LtiDeepLinkingRequest");
        c.as_object_mut().unwrap().remove(&format!("{LTI}resource_link"));
        c[format!("{DL}deep_linking_settings")] = json!({
            "deep_link_return_url": format!("{}/deep-link-return", platform.base),
            "accept_types": ["ltiResourceLink"], "accept_presentation_document_targets": ["iframe", "window"],
            "data": "opaque-platform-data"});
        c
    };
    let auth = platform.login(&app, &marta, "marta").await;
    let res = platform
        .post_launch(&app, &marta, &auth.state, &platform.sign(&deep_link(&auth.nonce, "marta", &[INSTRUCTOR])))
        .await;
    assert_eq!(res.status(), 200);
    assert!(sets_session(&res));
    let html = res.text().await.unwrap();
    assert!(html.contains("Greetings around the world"), "{html}");
    assert!(html.contains(&format!("value=\"{prompt_id}\"")));
    let (csrf, request) = (field(&html, "csrf"), field(&html, "request"));

    // Without the session's CSRF token nothing is signed.
    let res = marta
        .post(format!("{}/lti/deep-link", app.base))
        .form(&[("csrf", "forged"), ("request", request.as_str()), ("prompt_id", prompt_id.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 403);
    let res = marta
        .post(format!("{}/lti/deep-link", app.base))
        .form(&[("csrf", csrf.as_str()), ("request", request.as_str()), ("prompt_id", prompt_id.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let csp = res.headers()["content-security-policy"].to_str().unwrap().to_owned();
    assert!(csp.contains(&format!("form-action 'self' {}", platform.base)), "{csp}");
    let html = res.text().await.unwrap();
    assert!(html.contains(&format!("action=\"{}/deep-link-return\"", platform.base)), "{html}");
    assert!(!html.contains("<script>"), "no inline script");
    let claims = verify_with_tool_jwks(&app, &field(&html, "JWT")).await;
    assert_eq!(claims[format!("{LTI}message_type")], "LtiDeepLinkingResponse");
    assert_eq!(claims[format!("{LTI}version")], "1.3.0");
    assert_eq!(claims[format!("{LTI}deployment_id")], lti_platform::DEPLOYMENT);
    assert_eq!(
        (claims["iss"].as_str(), claims["aud"].as_str()),
        (Some(lti_platform::CLIENT_ID), Some(lti_platform::ISSUER))
    );
    assert_eq!(claims[format!("{DL}data")], "opaque-platform-data");
    let item = &claims[format!("{DL}content_items")][0];
    assert_eq!(item["type"], "ltiResourceLink");
    assert_eq!(item["custom"]["prompt_id"], prompt_id.as_str());
    assert_eq!(item["url"], format!("{}/lti/launch", app.state.public_url));

    // The platform now launches learners into the link with the custom parameter.
    let amina = browser();
    let auth = platform.login(&app, &amina, "amina").await;
    let mut c = platform.claims(&auth.nonce, "amina", &[LEARNER]);
    c[format!("{LTI}custom")] = json!({"prompt_id": prompt_id});
    let res = platform.post_launch(&app, &amina, &auth.state, &platform.sign(&c)).await;
    assert_eq!(res.status(), 303);
    let landing = res.headers()["location"].to_str().unwrap().to_owned();
    assert_eq!(landing, format!("/prompts/{prompt_id}"));
    let page = amina.get(format!("{}{landing}", app.base)).send().await.unwrap();
    assert_eq!(page.status(), 200);
    assert!(page.text().await.unwrap().contains("Greetings around the world"));

    // A learner's deep linking request is refused, without a session.
    let b = browser();
    let auth = platform.login(&app, &b, "lukas").await;
    let res =
        platform.post_launch(&app, &b, &auth.state, &platform.sign(&deep_link(&auth.nonce, "lukas", &[LEARNER]))).await;
    assert_eq!(res.status(), 403);
    assert!(!sets_session(&res));
}
