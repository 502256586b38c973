//! Test helpers: the real app on port 0 with its own fresh database (SQLite, or PostgreSQL when
//! CROSSTALK_TEST_DATABASE_URL is set), and a small HTTP client.
#![allow(dead_code, reason = "each test binary uses a different subset")]

use crosstalk_api::config::Config;
use crosstalk_api::startup::Application;
use crosstalk_api::state::AppState;
use reqwest::{Method, StatusCode};
use secrecy::SecretString;
use serde_json::{json, Value};

pub struct TestApp {
    pub base: String,
    pub http: reqwest::Client,
    pub state: AppState,
    pub config: Config,
    _dir: tempfile::TempDir,
}

pub struct Resp {
    pub status: StatusCode,
    pub content_type: String,
    pub body: Value,
    pub headers: reqwest::header::HeaderMap,
}

impl Resp {
    pub fn code(&self) -> &str {
        self.body["code"].as_str().unwrap_or("")
    }
}

/// Course, module and prompt made by [`TestApp::seed_course`].
pub struct Seeded {
    pub course_id: String,
    pub module_id: String,
    pub prompt_id: String,
}

impl TestApp {
    pub async fn spawn() -> TestApp {
        Self::spawn_with(|_| {}).await
    }

    /// [`Self::spawn`] with some settings changed.
    pub async fn spawn_with(change: impl FnOnce(&mut Config)) -> TestApp {
        let dir = tempfile::tempdir().expect("temp dir");
        let mut config = Config::for_data_dir(dir.path());
        config.database_url = Some(SecretString::from(
            crosstalk_core::testing::fresh_database_url(dir.path()).await.expect("test database"),
        ));
        change(&mut config);
        Self::spawn_in(dir, config).await
    }

    /// The worker, driven by the test: fans out the outbox and sends every due mail and webhook once.
    pub async fn run_notifications(&self) -> crosstalk_core::notify::Pass {
        crosstalk_api::worker::Worker::new(self.state.clone()).run_notifications().await.expect("notifications run")
    }

    /// Another API instance on the same database and store as `self`.
    pub async fn sibling(&self) -> TestApp {
        let dir = tempfile::tempdir().expect("temp dir");
        Self::spawn_in(dir, self.config.clone()).await
    }

    pub async fn spawn_in(dir: tempfile::TempDir, config: Config) -> TestApp {
        if std::env::var_os("RUST_LOG").is_some() {
            crosstalk_api::telemetry::init("text");
        }
        let app = Application::build(&config).await.expect("app builds");
        let base = format!("http://127.0.0.1:{}", app.port());
        let state = app.state.clone();
        tokio::spawn(app.run_until_stopped());
        TestApp { base, http: client(), state, config, _dir: dir }
    }

    /// Wraps an app started by the test itself (sharing a database with a CLI run, say).
    pub fn attach(base: String, state: AppState, config: Config) -> TestApp {
        let dir = tempfile::tempdir().expect("temp dir");
        TestApp { base, http: client(), state, config, _dir: dir }
    }

    /// Creates a team and returns its API key.
    pub async fn team(&self, name: &str) -> String {
        crosstalk_core::teams::create_team(&self.state.db, name).await.expect("team").secret
    }

    pub async fn call(&self, method: Method, path: &str, token: Option<&str>, body: Option<Value>) -> Resp {
        let mut req = self.http.request(method, format!("{}{}", self.base, path));
        if let Some(t) = token {
            req = req.bearer_auth(t);
        }
        if let Some(b) = body {
            req = req.json(&b);
        }
        self.send(req).await
    }

    pub async fn send(&self, req: reqwest::RequestBuilder) -> Resp {
        let res = req.send().await.expect("request sent");
        let status = res.status();
        let headers = res.headers().clone();
        let content_type = headers.get("content-type").and_then(|v| v.to_str().ok()).unwrap_or_default().to_owned();
        let text = res.text().await.expect("body");
        let body = serde_json::from_str(&text).unwrap_or(Value::String(text));
        Resp { status, content_type, body, headers }
    }

    pub async fn get(&self, path: &str, token: &str) -> Resp {
        self.call(Method::GET, path, Some(token), None).await
    }

    pub async fn post(&self, path: &str, token: &str, body: Value) -> Resp {
        self.call(Method::POST, path, Some(token), Some(body)).await
    }

    /// A course with one module, one open prompt, two learners and a facilitator.
    pub async fn seed_course(&self, key: &str) -> Seeded {
        let c = self
            .post(
                "/v1/courses",
                key,
                json!({"title": "Intercultural dialogue", "external_ref": format!("ref-{}", uuid::Uuid::new_v4())}),
            )
            .await;
        assert_eq!(c.status, 201, "{:?}", c.body);
        let course_id = c.body["id"].as_str().unwrap().to_owned();
        let m = self.post(&format!("/v1/courses/{course_id}/modules"), key, json!({"title": "Week 1"})).await;
        assert_eq!(m.status, 201, "{:?}", m.body);
        let module_id = m.body["id"].as_str().unwrap().to_owned();
        let now = chrono::Utc::now();
        let p = self
            .post(
                &format!("/v1/modules/{module_id}/prompts"),
                key,
                json!({"title": "Introduce yourself", "opens_at": now - chrono::Duration::hours(1),
                       "closes_at": now + chrono::Duration::days(7), "min_seconds": 1, "max_seconds": 120}),
            )
            .await;
        assert_eq!(p.status, 201, "{:?}", p.body);
        let prompt_id = p.body["id"].as_str().unwrap().to_owned();
        let r = self
            .call(
                Method::PUT,
                &format!("/v1/courses/{course_id}/members"),
                Some(key),
                Some(json!({"members": [
                    {"external_id": "learner-1", "role": "learner", "display_name": "Amina", "country": "MA", "languages": ["ar", "fr"], "email": "amina@example.org"},
                    {"external_id": "learner-2", "role": "learner", "display_name": "Lukas", "country": "DE", "languages": ["de", "en"]},
                    {"external_id": "fac-1", "role": "facilitator", "display_name": "Marta", "country": "PL", "languages": ["en"]}
                ]})),
            )
            .await;
        assert_eq!(r.status, 200, "{:?}", r.body);
        Seeded { course_id, module_id, prompt_id }
    }

    pub async fn token(&self, key: &str, course_id: &str, external_id: &str) -> String {
        let r = self
            .call(Method::POST, &format!("/v1/courses/{course_id}/members/{external_id}/tokens"), Some(key), None)
            .await;
        assert_eq!(r.status, 201, "{:?}", r.body);
        r.body["token"].as_str().unwrap().to_owned()
    }
}

pub fn is_problem(r: &Resp) -> bool {
    r.content_type.starts_with("application/problem+json") && r.body["code"].is_string() && r.body["status"].is_number()
}

impl TestApp {
    /// The worker, driven by the test: runs every due job, then returns how many ran.
    pub async fn run_pending_jobs(&self) -> usize {
        crosstalk_api::worker::Worker::new(self.state.clone()).run_pending().await.expect("jobs run")
    }

    /// tus creation; returns the upload's path (`/v1/uploads/...`).
    pub async fn tus_create(&self, token: &str, length: usize) -> String {
        let r = self
            .send(
                self.http
                    .post(format!("{}/v1/uploads", self.base))
                    .bearer_auth(token)
                    .header("Tus-Resumable", "1.0.0")
                    .header("Upload-Length", length.to_string())
                    .header("Upload-Metadata", "filename Y2xpcC5tb3Y=,filetype dmlkZW8vcXVpY2t0aW1l"),
            )
            .await;
        assert_eq!(r.status, 201, "{:?}", r.body);
        let loc = r.headers.get("location").unwrap().to_str().unwrap().to_owned();
        assert!(loc.starts_with(&self.base), "{loc}");
        loc[self.base.len()..].to_owned()
    }

    pub async fn tus_patch(&self, token: &str, path: &str, offset: usize, data: &[u8], checksum: Option<&str>) -> Resp {
        let mut req = self
            .http
            .patch(format!("{}{}", self.base, path))
            .bearer_auth(token)
            .header("Tus-Resumable", "1.0.0")
            .header("Upload-Offset", offset.to_string())
            .header("Content-Type", "application/offset+octet-stream")
            .body(data.to_vec());
        if let Some(c) = checksum {
            req = req.header("Upload-Checksum", c);
        }
        self.send(req).await
    }

    pub async fn tus_offset(&self, token: &str, path: &str) -> (u16, Option<u64>) {
        let r = self
            .http
            .head(format!("{}{}", self.base, path))
            .bearer_auth(token)
            .header("Tus-Resumable", "1.0.0")
            .send()
            .await
            .unwrap();
        let off = r.headers().get("upload-offset").and_then(|v| v.to_str().ok()).and_then(|v| v.parse().ok());
        (r.status().as_u16(), off)
    }

    /// Uploads `data` in chunks of `chunk` bytes; returns the upload id.
    pub async fn upload(&self, token: &str, data: &[u8], chunk: usize) -> String {
        let path = self.tus_create(token, data.len()).await;
        let mut offset = 0;
        while offset < data.len() {
            let end = (offset + chunk).min(data.len());
            let r = self.tus_patch(token, &path, offset, &data[offset..end], None).await;
            assert_eq!(r.status, 204, "{:?}", r.body);
            offset = end;
        }
        path.rsplit('/').next().unwrap().to_owned()
    }
}

/// A committed media fixture.
pub fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(format!("{}/../fixtures/media/{name}", env!("CARGO_MANIFEST_DIR"))).expect("fixture exists")
}

/// Idle connections are dropped before the server's 5 s keep-alive closes them, so a test that
/// pauses never reuses a connection the server already closed. The app is on loopback: no proxy
/// from the environment.
fn client() -> reqwest::Client {
    reqwest::Client::builder().pool_idle_timeout(std::time::Duration::from_secs(2)).no_proxy().build().expect("client")
}
