//! LTI 1.3 end to end against a test platform: registering it, the tool's JWKS, learner and
//! instructor launches landing signed in, and every forged launch the certification suite
//! sends refused with a 4xx page naming the reason, and no session.

mod common;
mod lti_platform;

use common::TestApp;
use lti_platform::{browser, jws, sets_session, Platform, INSTRUCTOR, LEARNER, LTI};
use reqwest::Method;
use serde_json::{json, Value};

#[tokio::test]
async fn a_team_registers_a_platform_and_gets_the_tool_urls() {
    let app = TestApp::spawn().await;
    let key = app.team("Own").await;
    let other = app.team("Other").await;
    let body = json!({"issuer": "https://moodle.example.org", "client_id": "abc", "deployment_ids": ["1"],
        "auth_login_url": "https://moodle.example.org/mod/lti/auth.php",
        "auth_token_url": "https://moodle.example.org/mod/lti/token.php",
        "jwks_url": "https://moodle.example.org/mod/lti/certs.php"});
    let r = app.post("/v1/lti/registrations", &key, body.clone()).await;
    assert_eq!(r.status, 201, "{:?}", r.body);
    let base = &app.state.public_url;
    assert_eq!(r.body["tool"]["login_url"], format!("{base}/lti/login"));
    assert_eq!(r.body["tool"]["launch_url"], format!("{base}/lti/launch"));
    assert_eq!(r.body["tool"]["deep_linking_url"], format!("{base}/lti/launch"));
    assert_eq!(r.body["tool"]["jwks_url"], format!("{base}/lti/jwks"));
    assert_eq!(r.body["deployment_ids"], json!(["1"]));
    let id = r.body["id"].as_str().unwrap().to_owned();

    assert_eq!(app.post("/v1/lti/registrations", &key, body.clone()).await.code(), "registration_exists");
    let mut bad = body.clone();
    bad["jwks_url"] = json!("http://moodle.example.org/certs");
    let r = app.post("/v1/lti/registrations", &key, bad).await;
    assert_eq!((r.status.as_u16(), r.code()), (422, "validation_failed"));
    // The SSRF guard of webhooks: no loopback, private or metadata addresses (outside the
    // development switch `webhook_allow_private`, off here).
    for private in [
        "http://127.0.0.1:8080/jwks",
        "https://10.1.2.3/jwks",
        "https://169.254.169.254/jwks",
        "https://localhost/jwks",
    ] {
        let mut bad = body.clone();
        bad["jwks_url"] = json!(private);
        let r = app.post("/v1/lti/registrations", &key, bad).await;
        assert_eq!((r.status.as_u16(), r.code()), (422, "validation_failed"), "{private}");
    }
    let mut bad = body.clone();
    bad["deployment_ids"] = json!([]);
    assert_eq!(app.post("/v1/lti/registrations", &key, bad).await.status, 422);

    let listed = app.get("/v1/lti/registrations", &key).await;
    assert_eq!(listed.body["items"].as_array().unwrap().len(), 1);
    assert_eq!(app.get("/v1/lti/registrations", &other).await.body["items"], json!([]));
    let s = app.seed_course(&key).await;
    let learner = app.token(&key, &s.course_id, "learner-1").await;
    assert_eq!(app.get("/v1/lti/registrations", &learner).await.status, 403);

    let path = format!("/v1/lti/registrations/{id}");
    assert_eq!(app.call(Method::DELETE, &path, Some(&other), None).await.status, 404);
    assert_eq!(app.call(Method::DELETE, &path, Some(&key), None).await.status, 204);
    assert_eq!(app.get("/v1/lti/registrations", &key).await.body["items"], json!([]));
}

#[tokio::test]
async fn the_tool_publishes_its_keys_sealed_in_the_database_and_rotates_them() {
    let app = TestApp::spawn().await;
    let r = app.http.get(format!("{}/lti/jwks", app.base)).send().await.unwrap();
    assert_eq!(r.status(), 200);
    let jwks: Value = r.json().await.unwrap();
    let keys = jwks["keys"].as_array().unwrap();
    assert_eq!(keys.len(), 1);
    assert_eq!((keys[0]["kty"].as_str(), keys[0]["alg"].as_str()), (Some("RSA"), Some("RS256")));
    assert!(keys[0].get("d").is_none(), "no private part in the JWKS");
    let first = keys[0]["kid"].as_str().unwrap().to_owned();

    use sea_orm::EntityTrait as _;
    let rows = crosstalk_core::lti::entities::tool_key::Entity::find().all(&app.state.db).await.unwrap();
    assert_eq!(rows.len(), 1);
    // PKCS#8 DER of an RSA key starts with 0x30 0x82, "MII" in base64: not what is stored.
    assert!(!rows[0].private_sealed.starts_with("MII"), "the private key is sealed");

    let db = &app.state.db;
    let second = crosstalk_core::lti::keys::rotate(db, &app.state.key).await.unwrap();
    let kids = |v: Value| {
        v["keys"].as_array().unwrap().iter().map(|k| k["kid"].as_str().unwrap().to_owned()).collect::<Vec<_>>()
    };
    let now = kids(app.http.get(format!("{}/lti/jwks", app.base)).send().await.unwrap().json().await.unwrap());
    assert!(now.contains(&first) && now.contains(&second), "{now:?}");
    let third = crosstalk_core::lti::keys::rotate(db, &app.state.key).await.unwrap();
    let now = kids(app.http.get(format!("{}/lti/jwks", app.base)).send().await.unwrap().json().await.unwrap());
    assert_eq!(now.len(), 2, "{now:?}");
    assert!(now.contains(&second) && now.contains(&third) && !now.contains(&first));
    assert_eq!(crosstalk_core::lti::keys::current(db, &app.state.key).await.unwrap().kid, third);
}

#[tokio::test]
async fn learners_and_instructors_launch_into_their_course_signed_in() {
    let app = lti_platform::app().await;
    let key = app.team("Own").await;
    let platform = Platform::start(&app, &key).await;

    let amina = browser();
    let auth = platform.login(&app, &amina, "amina").await;
    assert_eq!(auth.params["redirect_uri"], format!("{}/lti/launch", app.state.public_url));
    assert_eq!(auth.params["client_id"], lti_platform::CLIENT_ID);
    assert_eq!(auth.params["response_mode"], "form_post");
    assert_eq!((auth.params["scope"].as_str(), auth.params["prompt"].as_str()), ("openid", "none"));
    let token = platform.sign(&platform.claims(&auth.nonce, "amina", &[LEARNER]));
    let res = platform.post_launch(&app, &amina, &auth.state, &token).await;
    assert_eq!(res.status(), 303, "{}", res.text().await.unwrap());
    assert!(sets_session(&res));
    let landing = res.headers()["location"].to_str().unwrap().to_owned();
    assert!(landing.starts_with("/courses/crs_"), "{landing}");
    let course_id = landing.trim_start_matches("/courses/").to_owned();
    let page = amina.get(format!("{}{landing}", app.base)).send().await.unwrap();
    assert_eq!(page.status(), 200);
    let html = page.text().await.unwrap();
    assert!(html.contains("Intercultural Communication"), "the course is titled from the context");
    assert!(html.contains("lang=\"fr\""), "the member's locale comes from the launch");

    // The same launch again is refused: the state was used.
    let again = platform.post_launch(&app, &browser(), &auth.state, &token).await;
    assert!(again.status().is_client_error());
    assert!(!sets_session(&again));

    let marta = browser();
    let res = platform.launch(&app, &marta, "marta", &[INSTRUCTOR]).await;
    assert_eq!(res.status(), 303);
    assert_eq!(res.headers()["location"].to_str().unwrap(), landing, "same context, same course");

    let members = app.get(&format!("/v1/courses/{course_id}/members"), &key).await;
    assert_eq!(members.status, 200, "{:?}", members.body);
    let by_ext = |ext: &str| {
        members.body["items"].as_array().unwrap().iter().find(|m| m["external_id"] == ext).cloned().unwrap()
    };
    assert_eq!(by_ext("amina")["role"], "learner");
    assert_eq!(by_ext("amina")["display_name"], "Person amina");
    assert_eq!(by_ext("amina")["email"], "amina@example.org");
    assert_eq!(by_ext("marta")["role"], "facilitator");
    let courses = app.get("/v1/courses", &key).await;
    assert_eq!(courses.body["items"].as_array().unwrap().len(), 1, "one course per context");
}

/// One forgery: what to change in the header, the claims or the key, and the reason expected.
struct Forgery {
    reason: &'static str,
    forge: fn(&Platform, &mut Value, &mut Value) -> Option<rsa::RsaPrivateKey>,
}

fn remove(c: &mut Value, name: &str) {
    c.as_object_mut().unwrap().remove(name);
}

#[tokio::test]
async fn every_forged_launch_is_refused_with_a_reason_and_no_session() {
    let app = lti_platform::app().await;
    let key = app.team("Own").await;
    let platform = Platform::start(&app, &key).await;
    let now = chrono::Utc::now().timestamp();
    let forgeries: Vec<Forgery> = vec![
        Forgery {
            reason: "kid_missing",
            forge: |_, h, _| {
                remove(h, "kid");
                None
            },
        },
        Forgery {
            reason: "kid_unknown",
            forge: |_, h, _| {
                h["kid"] = json!("not-a-platform-key");
                None
            },
        },
        Forgery { reason: "bad_signature", forge: |_, _, _| Some(lti_platform::rsa_key()) },
        Forgery {
            reason: "algorithm_refused",
            forge: |_, h, _| {
                h["alg"] = json!("none");
                None
            },
        },
        Forgery {
            reason: "algorithm_refused",
            forge: |_, h, _| {
                h["alg"] = json!("HS256");
                None
            },
        },
        Forgery {
            reason: "wrong_issuer",
            forge: |_, _, c| {
                c["iss"] = json!("https://evil.example.org");
                None
            },
        },
        Forgery {
            reason: "wrong_audience",
            forge: |_, _, c| {
                c["aud"] = json!("another-client");
                None
            },
        },
        Forgery {
            reason: "wrong_audience",
            forge: |_, _, c| {
                c["aud"] = json!(["another-client", lti_platform::CLIENT_ID]);
                None
            },
        },
        Forgery {
            reason: "unknown_deployment",
            forge: |_, _, c| {
                c[format!("{LTI}deployment_id")] = json!("deployment-9");
                None
            },
        },
        Forgery {
            reason: "token_expired",
            forge: |_, _, c| {
                c["exp"] = json!(chrono::Utc::now().timestamp() - 3600);
                None
            },
        },
        Forgery {
            reason: "issued_in_future",
            forge: |_, _, c| {
                c["iat"] = json!(chrono::Utc::now().timestamp() + 3600);
                None
            },
        },
        Forgery {
            reason: "missing_sub",
            forge: |_, _, c| {
                remove(c, "sub");
                None
            },
        },
        Forgery {
            reason: "missing_roles",
            forge: |_, _, c| {
                remove(c, &format!("{LTI}roles"));
                None
            },
        },
        Forgery {
            reason: "unknown_message_type",
            forge: |_, _, c| {
                remove(c, &format!("{LTI}message_type"));
                None
            },
        },
        Forgery {
            reason: "unknown_message_type",
            forge: |_, _, c| {
                c[format!("{LTI}message_type")] = json!("LtiStartProctoring");
                None
            },
        },
        Forgery {
            reason: "wrong_version",
            forge: |_, _, c| {
                remove(c, &format!("{LTI}version"));
                None
            },
        },
        Forgery {
            reason: "wrong_version",
            forge: |_, _, c| {
                c[format!("{LTI}version")] = json!("1.1");
                None
            },
        },
        Forgery {
            reason: "missing_resource_link",
            forge: |_, _, c| {
                remove(c, &format!("{LTI}resource_link"));
                None
            },
        },
        Forgery {
            reason: "nonce_mismatch",
            forge: |_, _, c| {
                c["nonce"] = json!("a-nonce-the-tool-never-made");
                None
            },
        },
    ];
    let _ = now;
    for f in &forgeries {
        let b = browser();
        let auth = platform.login(&app, &b, "mallory").await;
        let (mut h, mut c) = (platform.header(), platform.claims(&auth.nonce, "mallory", &[LEARNER]));
        let other_key = (f.forge)(&platform, &mut h, &mut c);
        let token = jws(&h, &c, other_key.as_ref().unwrap_or(&platform.key));
        let res = platform.post_launch(&app, &b, &auth.state, &token).await;
        let status = res.status();
        let session = sets_session(&res);
        let html = res.text().await.unwrap();
        assert!(status.is_client_error(), "{}: {status}", f.reason);
        assert!(!session, "{}: no session", f.reason);
        assert!(html.contains(f.reason), "{}: the page names the reason: {html}", f.reason);
    }

    // A nonce replayed from an earlier, successful launch into a new login.
    let b = browser();
    let first = platform.login(&app, &b, "mallory").await;
    let res = platform
        .post_launch(&app, &b, &first.state, &platform.sign(&platform.claims(&first.nonce, "mallory", &[LEARNER])))
        .await;
    assert_eq!(res.status(), 303);
    let second = platform.login(&app, &b, "mallory").await;
    let replay = platform.sign(&platform.claims(&first.nonce, "mallory", &[LEARNER]));
    let res = platform.post_launch(&app, &b, &second.state, &replay).await;
    assert_eq!(res.status(), 401);
    assert!(!sets_session(&res));
    assert!(res.text().await.unwrap().contains("nonce_mismatch"));

    // Wrong state: the browser's cookie belongs to a later login than the state posted.
    let b = browser();
    let a1 = platform.login(&app, &b, "mallory").await;
    let _a2 = platform.login(&app, &b, "mallory").await;
    let res = platform
        .post_launch(&app, &b, &a1.state, &platform.sign(&platform.claims(&a1.nonce, "mallory", &[LEARNER])))
        .await;
    assert_eq!(res.status(), 401);
    assert!(!sets_session(&res));
    assert!(res.text().await.unwrap().contains("state_mismatch"));
    // An unknown state.
    let res =
        platform.post_launch(&app, &b, "made-up", &platform.sign(&platform.claims(&a1.nonce, "m", &[LEARNER]))).await;
    assert!(res.status().is_client_error());
    assert!(res.text().await.unwrap().contains("state_unknown"));
}

#[tokio::test]
async fn a_browser_blocking_the_state_cookie_gets_a_new_tab_link_and_no_session() {
    let app = lti_platform::app().await;
    let key = app.team("Own").await;
    let platform = Platform::start(&app, &key).await;
    // A browser without cookies in the platform's frame (Safari's default).
    let framed = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap();
    let auth = platform.login(&app, &framed, "amina").await;
    let token = platform.sign(&platform.claims(&auth.nonce, "amina", &[LEARNER]));
    let res = platform.post_launch(&app, &framed, &auth.state, &token).await;
    assert_eq!(res.status(), 401);
    assert!(!sets_session(&res));
    let html = res.text().await.unwrap();
    assert!(html.contains("state_cookie_missing"));
    let start = html.find("href=\"/lti/login?").expect("a link restarting the login") + "href=\"".len();
    let href = html[start..].split('"').next().unwrap().replace("&#38;", "&").replace("&amp;", "&");
    assert!(html.contains("target=\"_blank\""));
    // In a new tab (first-party cookies) the restarted login completes.
    let tab = browser();
    let res = tab.get(format!("{}{href}", app.base)).send().await.unwrap();
    assert_eq!(res.status(), 302);
    let location = res.headers()["location"].to_str().unwrap();
    let params: std::collections::HashMap<String, String> =
        url::Url::parse(location).unwrap().query_pairs().into_owned().collect();
    assert_eq!(params["login_hint"], "amina");
    let token = platform.sign(&platform.claims(&params["nonce"], "amina", &[LEARNER]));
    let res = platform.post_launch(&app, &tab, &params["state"], &token).await;
    assert_eq!(res.status(), 303);
    assert!(sets_session(&res));
}

#[tokio::test]
async fn logins_from_unknown_platforms_or_for_foreign_targets_are_refused() {
    let app = lti_platform::app().await;
    let key = app.team("Own").await;
    let platform = Platform::start(&app, &key).await;
    let b = browser();
    let target = format!("{}/lti/launch", app.state.public_url);
    for (iss, target, reason) in [
        ("https://unknown.example.org", target.as_str(), "unknown_platform"),
        (lti_platform::ISSUER, "https://evil.example.org/launch", "foreign_target_link_uri"),
    ] {
        let res = b
            .get(format!("{}/lti/login", app.base))
            .query(&[("iss", iss), ("login_hint", "x"), ("target_link_uri", target)])
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 400);
        assert!(res.text().await.unwrap().contains(reason));
    }
    let res = b.post(format!("{}/lti/login", app.base)).form(&[("iss", lti_platform::ISSUER)]).send().await.unwrap();
    assert_eq!(res.status(), 400);
    // After the registration is deleted, its launches stop at the login.
    let path = format!("/v1/lti/registrations/{}", platform.registration_id);
    assert_eq!(app.call(Method::DELETE, &path, Some(&key), None).await.status, 204);
    let res = b
        .get(format!("{}/lti/login", app.base))
        .query(&[("iss", lti_platform::ISSUER), ("login_hint", "x"), ("target_link_uri", &target)])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 400);
}
