//! Webhooks and proxies: a proxy named by the environment (`HTTP_PROXY`, `HTTPS_PROXY`,
//! `ALL_PROXY`) is never used for webhooks; `CROSSTALK_WEBHOOK_PROXY` is.
//!
//! Environment variables are process-wide, so the test runs its body in a child process of this
//! test binary, started with the proxy variables set: no other test sees them.

mod common;

use std::sync::{Arc, Mutex};

use actix_web::{web, App, HttpRequest, HttpResponse, HttpServer};
use common::{fixture, TestApp};
use serde_json::json;

const NAME: &str = "webhooks_ignore_the_environments_proxy_and_use_the_configured_one";
/// Set in the child: the URL of the dead proxy.
const CHILD: &str = "CROSSTALK_TEST_WEBHOOK_PROXY_CHILD";

#[test]
fn webhooks_ignore_the_environments_proxy_and_use_the_configured_one() {
    if let Ok(proxy) = std::env::var(CHILD) {
        let rt = tokio::runtime::Builder::new_multi_thread().enable_all().build().unwrap();
        return rt.block_on(in_child(proxy));
    }
    // A port nothing listens on: a proxy there refuses every connection.
    let dead = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap();
    let proxy = format!("http://{dead}");
    let mut child = std::process::Command::new(std::env::current_exe().unwrap());
    child.args([NAME, "--exact", "--nocapture", "--test-threads=1"]).env(CHILD, &proxy);
    for var in ["HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy"] {
        child.env(var, &proxy);
    }
    for var in ["NO_PROXY", "no_proxy", "REQUEST_METHOD"] {
        child.env_remove(var);
    }
    let out = child.output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "the child failed:\n{stdout}\n{}", String::from_utf8_lossy(&out.stderr));
    assert!(stdout.contains("1 passed"), "the child ran no test:\n{stdout}");
}

async fn in_child(proxy: String) {
    let (hits, url) = receiver().await;
    // The environment's proxy is in force: an ordinary client cannot reach the receiver.
    let plain = reqwest::Client::new().post(&url).send().await;
    assert!(plain.is_err(), "HTTP_PROXY is not in effect in this process: {plain:?}");
    assert_eq!(*hits.lock().unwrap(), 0);

    // Webhooks connect directly: the event arrives.
    let app = TestApp::spawn_with(|c| {
        c.webhook_allow_private = true;
        c.delivery_backoff_seconds = 0;
    })
    .await;
    let (pass, log) = post_and_deliver(&app, &url).await;
    assert_eq!((pass.sent, pass.retried), (1, 0), "{pass:?} {log}");
    assert_eq!(*hits.lock().unwrap(), 1, "the webhook did not reach the receiver");
    assert_eq!(log["state"], "sent");

    // With CROSSTALK_WEBHOOK_PROXY set, webhooks go through that proxy (dead here): not delivered.
    let proxied = TestApp::spawn_with(|c| {
        c.webhook_allow_private = true;
        c.delivery_backoff_seconds = 0;
        c.webhook_proxy = Some(proxy.into());
    })
    .await;
    let (pass, log) = post_and_deliver(&proxied, &url).await;
    assert_eq!((pass.sent, pass.retried), (0, 1), "{pass:?} {log}");
    assert_eq!(*hits.lock().unwrap(), 1, "the webhook bypassed the configured proxy");
    assert_eq!(log["state"], "pending");
}

/// A learner posts a response; the team's `post.created` webhook is sent once. Returns the pass
/// and the delivery log's entry.
async fn post_and_deliver(app: &TestApp, url: &str) -> (crosstalk_core::notify::Pass, serde_json::Value) {
    let key = app.team("Virtual Exchange Team").await;
    let s = app.seed_course(&key).await;
    let hook = app.post("/v1/webhooks", &key, json!({"url": url, "events": ["post.created"]})).await;
    assert_eq!(hook.status, 201, "{:?}", hook.body);
    let token = app.token(&key, &s.course_id, "learner-1").await;
    let upload = app.upload(&token, &fixture("compliant_720p.mp4"), 1 << 20).await;
    let post = app.post(&format!("/v1/prompts/{}/posts", s.prompt_id), &token, json!({"upload_id": upload})).await;
    assert_eq!(post.status, 201, "{:?}", post.body);
    let pass = app.run_notifications().await;
    let log = app.get(&format!("/v1/webhooks/{}/deliveries", hook.body["id"].as_str().unwrap()), &key).await;
    (pass, log.body["items"][0].clone())
}

/// A receiver that counts the requests it gets.
async fn receiver() -> (Arc<Mutex<usize>>, String) {
    let hits = Arc::new(Mutex::new(0usize));
    let counted = hits.clone();
    let server = HttpServer::new(move || {
        let counted = counted.clone();
        App::new().default_service(web::to(move |_req: HttpRequest| {
            *counted.lock().unwrap() += 1;
            async { HttpResponse::Ok().finish() }
        }))
    })
    .workers(1)
    .bind("127.0.0.1:0")
    .unwrap();
    let addr = server.addrs()[0];
    tokio::spawn(server.run());
    (hits, format!("http://{addr}/hooks/crosstalk"))
}
