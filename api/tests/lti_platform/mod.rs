//! An LTI 1.3 platform for the tests, written against the spec rather than the tool's code:
//! its own RSA key, a JWKS endpoint on a real port, the OIDC login round trip a browser makes,
//! and id_tokens signed (or forged) as a certification suite sends them.
#![allow(dead_code, reason = "each test binary uses a different subset")]

use std::sync::{Arc, Mutex};

use base64::Engine as _;
use rsa::pkcs1v15::SigningKey;
use rsa::signature::{SignatureEncoding as _, Signer as _};
use rsa::traits::PublicKeyParts as _;
use rsa::RsaPrivateKey;
use serde_json::{json, Value};

use crate::common::TestApp;

const B64: base64::engine::GeneralPurpose = base64::engine::general_purpose::URL_SAFE_NO_PAD;
pub const ISSUER: &str = "https://platform.example.org";
pub const CLIENT_ID: &str = "crosstalk-client-1";
pub const DEPLOYMENT: &str = "deployment-1";
pub const LTI: &str = "https://purl.imsglobal.org/spec/lti/claim/";
pub const LEARNER: &str = "http://purl.imsglobal.org/vocab/lis/v2/membership#Learner";
pub const INSTRUCTOR: &str = "http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor";

pub struct Platform {
    pub key: RsaPrivateKey,
    pub kid: String,
    /// What the JWKS endpoint serves (tests may change it: rotation).
    pub jwks: Arc<Mutex<Value>>,
    pub base: String,
    pub registration_id: String,
    /// The context's members served by the Names and Roles endpoint (5 per page).
    pub roster: Arc<Mutex<Vec<Value>>>,
    /// Client assertions the token endpoint received.
    pub assertions: Arc<Mutex<Vec<String>>>,
    /// Scopes the token endpoint was asked for.
    pub scopes: Arc<Mutex<Vec<String>>>,
    /// Scores the line item `{base}/lineitems/1/lineitem` accepted (AGS).
    pub scores: Arc<Mutex<Vec<Value>>>,
    /// Score posts still to answer 503 (a platform having a bad moment), and how many were refused.
    pub score_outages: Arc<Mutex<(usize, usize)>>,
}

type Scores = (Arc<Mutex<Vec<Value>>>, Arc<Mutex<(usize, usize)>>);

/// `POST /lineitems/{id}/lineitem/scores`: a score with the platform's token, as AGS 2.0 posts it.
async fn score(req: actix_web::HttpRequest, body: actix_web::web::Bytes, scores: Scores) -> actix_web::HttpResponse {
    let authorized =
        req.headers().get("authorization").and_then(|v| v.to_str().ok()) == Some("Bearer platform-token-1");
    let typed = req.headers().get("content-type").and_then(|v| v.to_str().ok())
        == Some("application/vnd.ims.lis.v1.score+json");
    if !authorized || !typed {
        return actix_web::HttpResponse::Unauthorized().finish();
    }
    {
        let mut outages = scores.1.lock().unwrap();
        if outages.0 > 0 {
            outages.0 -= 1;
            outages.1 += 1;
            return actix_web::HttpResponse::ServiceUnavailable().finish();
        }
    }
    let Ok(v) = serde_json::from_slice::<Value>(&body) else { return actix_web::HttpResponse::BadRequest().finish() };
    scores.0.lock().unwrap().push(v);
    actix_web::HttpResponse::Ok().finish()
}

pub fn rsa_key() -> RsaPrivateKey {
    RsaPrivateKey::new(&mut rand::thread_rng(), 2048).expect("RSA key")
}

pub fn jwk(key: &RsaPrivateKey, kid: &str) -> Value {
    let public = key.to_public_key();
    json!({"kty": "RSA", "alg": "RS256", "use": "sig", "kid": kid,
           "n": B64.encode(public.n().to_bytes_be()), "e": B64.encode(public.e().to_bytes_be())})
}

/// A compact JWS from any header (forgeries included), RS256-signed with `key` unless the
/// header says otherwise (`none`: no signature; HS256: an HMAC under `hmac_secret`).
pub fn jws(header: &Value, claims: &Value, key: &RsaPrivateKey) -> String {
    let input = format!("{}.{}", B64.encode(header.to_string()), B64.encode(claims.to_string()));
    let sig = match header["alg"].as_str() {
        Some("none") => Vec::new(),
        Some("HS256") => {
            use hmac::Mac as _;
            let mut mac = hmac::Hmac::<sha2::Sha256>::new_from_slice(b"a shared secret").unwrap();
            mac.update(input.as_bytes());
            mac.finalize().into_bytes().to_vec()
        }
        _ => SigningKey::<sha2::Sha256>::new(key.clone()).sign(input.as_bytes()).to_vec(),
    };
    format!("{input}.{}", B64.encode(sig))
}

/// The app for platform tests: the platform listens on loopback, which the SSRF guard of
/// platform calls (the webhook guard's) allows only with `webhook_allow_private`.
pub async fn app() -> TestApp {
    TestApp::spawn_with(|c| c.webhook_allow_private = true).await
}

/// A browser: its own cookie jar, redirects not followed.
pub fn browser() -> reqwest::Client {
    reqwest::Client::builder().cookie_store(true).redirect(reqwest::redirect::Policy::none()).build().unwrap()
}

/// What the tool sent the browser to the platform with.
pub struct AuthRequest {
    pub state: String,
    pub nonce: String,
    pub params: std::collections::HashMap<String, String>,
}

impl Platform {
    /// Starts the platform's JWKS server and registers the platform with the team `key`.
    pub async fn start(app: &TestApp, team_key: &str) -> Platform {
        let key = rsa_key();
        let kid = "platform-key-1".to_owned();
        let jwks = Arc::new(Mutex::new(json!({"keys": [jwk(&key, &kid)]})));
        let served = jwks.clone();
        let roster: Arc<Mutex<Vec<Value>>> = Arc::default();
        let assertions: Arc<Mutex<Vec<String>>> = Arc::default();
        let scopes: Arc<Mutex<Vec<String>>> = Arc::default();
        let scores: Arc<Mutex<Vec<Value>>> = Arc::default();
        let score_outages: Arc<Mutex<(usize, usize)>> = Arc::default();
        let (r, a, sc) = (roster.clone(), assertions.clone(), scopes.clone());
        let taken: Scores = (scores.clone(), score_outages.clone());
        let server = actix_web::HttpServer::new(move || {
            let (served, r, a, sc, taken) = (served.clone(), r.clone(), a.clone(), sc.clone(), taken.clone());
            actix_web::App::new()
                .route(
                    "/lineitems/{id}/lineitem/scores",
                    actix_web::web::post().to(move |req, body| score(req, body, taken.clone())),
                )
                .route(
                    "/jwks",
                    actix_web::web::get().to(move || {
                        let body = served.lock().unwrap().clone();
                        async move { actix_web::HttpResponse::Ok().json(body) }
                    }),
                )
                .route(
                    "/token",
                    actix_web::web::post().to(move |form: actix_web::web::Form<std::collections::HashMap<String, String>>| {
                        let ok = form.get("grant_type").map(String::as_str) == Some("client_credentials")
                            && form.get("client_assertion_type").map(String::as_str)
                                == Some("urn:ietf:params:oauth:client-assertion-type:jwt-bearer");
                        if let Some(c) = form.get("client_assertion") {
                            a.lock().unwrap().push(c.clone());
                        }
                        if let Some(s) = form.get("scope") {
                            sc.lock().unwrap().push(s.clone());
                        }
                        async move {
                            if ok {
                                actix_web::HttpResponse::Ok().json(json!({"access_token": "platform-token-1", "token_type": "Bearer", "expires_in": 3600}))
                            } else {
                                actix_web::HttpResponse::BadRequest().json(json!({"error": "invalid_request"}))
                            }
                        }
                    }),
                )
                .route(
                    "/memberships",
                    actix_web::web::get().to(move |req: actix_web::HttpRequest| {
                        let authorized = req.headers().get("authorization").and_then(|v| v.to_str().ok()) == Some("Bearer platform-token-1");
                        let page: usize = req.query_string().strip_prefix("page=").and_then(|p| p.parse().ok()).unwrap_or(0);
                        let all = r.lock().unwrap().clone();
                        let host = req.connection_info().host().to_owned();
                        async move {
                            if !authorized {
                                return actix_web::HttpResponse::Unauthorized().finish();
                            }
                            let members: Vec<Value> = all.iter().skip(page * 5).take(5).cloned().collect();
                            let mut res = actix_web::HttpResponse::Ok();
                            if all.len() > (page + 1) * 5 {
                                res.insert_header(("Link", format!("<http://{host}/memberships?page={}>; rel=\"next\"", page + 1)));
                            }
                            res.json(json!({"id": "m", "context": {"id": "context-42"}, "members": members}))
                        }
                    }),
                )
        })
        .workers(1)
        .bind("127.0.0.1:0")
        .unwrap();
        let base = format!("http://{}", server.addrs()[0]);
        tokio::spawn(server.run());
        let r = app
            .post(
                "/v1/lti/registrations",
                team_key,
                json!({"issuer": ISSUER, "client_id": CLIENT_ID, "deployment_ids": [DEPLOYMENT],
                       "auth_login_url": format!("{base}/auth"), "auth_token_url": format!("{base}/token"),
                       "jwks_url": format!("{base}/jwks")}),
            )
            .await;
        assert_eq!(r.status, 201, "{:?}", r.body);
        let registration_id = r.body["id"].as_str().unwrap().to_owned();
        Platform { key, kid, jwks, base, registration_id, roster, assertions, scopes, scores, score_outages }
    }

    /// Third-party initiated login, as the platform starts it in the browser.
    pub async fn login(&self, app: &TestApp, browser: &reqwest::Client, hint: &str) -> AuthRequest {
        let target = format!("{}/lti/launch", app.state.public_url);
        let res = browser
            .get(format!("{}/lti/login", app.base))
            .query(&[("iss", ISSUER), ("login_hint", hint), ("target_link_uri", &target), ("client_id", CLIENT_ID)])
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 302, "{}", res.text().await.unwrap());
        let location = res.headers()["location"].to_str().unwrap().to_owned();
        assert!(location.starts_with(&format!("{}/auth?", self.base)), "{location}");
        let params: std::collections::HashMap<String, String> =
            url::Url::parse(&location).unwrap().query_pairs().into_owned().collect();
        AuthRequest { state: params["state"].clone(), nonce: params["nonce"].clone(), params }
    }

    /// The claims of a valid resource link launch of `sub` with `roles`.
    pub fn claims(&self, nonce: &str, sub: &str, roles: &[&str]) -> Value {
        let now = chrono::Utc::now().timestamp();
        let mut c = json!({
            "iss": ISSUER, "aud": CLIENT_ID, "sub": sub, "exp": now + 300, "iat": now, "nonce": nonce,
            "name": format!("Person {sub}"), "email": format!("{sub}@example.org"),
        });
        let lti = [
            ("message_type", json!("LtiResourceLinkRequest")),
            ("version", json!("1.3.0")),
            ("deployment_id", json!(DEPLOYMENT)),
            ("target_link_uri", json!("http://tool/lti/launch")),
            ("resource_link", json!({"id": "link-1", "title": "Week 1 exchange"})),
            ("roles", json!(roles)),
            ("context", json!({"id": "context-42", "label": "IC101", "title": "Intercultural Communication"})),
            ("launch_presentation", json!({"locale": "fr", "document_target": "iframe"})),
        ];
        for (k, v) in lti {
            c[format!("{LTI}{k}")] = v;
        }
        c
    }

    pub fn header(&self) -> Value {
        json!({"alg": "RS256", "typ": "JWT", "kid": self.kid})
    }

    pub fn sign(&self, claims: &Value) -> String {
        jws(&self.header(), claims, &self.key)
    }

    /// The platform's auto-posted form reaching the tool's redirect URI.
    pub async fn post_launch(
        &self,
        app: &TestApp,
        browser: &reqwest::Client,
        state: &str,
        id_token: &str,
    ) -> reqwest::Response {
        browser
            .post(format!("{}/lti/launch", app.base))
            .form(&[("id_token", id_token), ("state", state)])
            .send()
            .await
            .unwrap()
    }

    /// A full, valid launch of `sub`; returns the tool's answer.
    pub async fn launch(
        &self,
        app: &TestApp,
        browser: &reqwest::Client,
        sub: &str,
        roles: &[&str],
    ) -> reqwest::Response {
        let auth = self.login(app, browser, sub).await;
        let token = self.sign(&self.claims(&auth.nonce, sub, roles));
        self.post_launch(app, browser, &auth.state, &token).await
    }
}

/// Whether a response sets the session cookie.
pub fn sets_session(res: &reqwest::Response) -> bool {
    res.headers().get_all("set-cookie").iter().any(|v| {
        v.to_str().unwrap_or("").starts_with("ct_session=") && !v.to_str().unwrap_or("").starts_with("ct_session=;")
    })
}
