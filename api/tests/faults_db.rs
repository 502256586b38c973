//! The database fails for real. On both backends: with every pooled connection taken, requests
//! get 503 `database_unavailable` after the configured acquire timeout instead of queueing. On
//! PostgreSQL: a TCP proxy between the service and the server cuts every connection and refuses
//! new ones (the shared cluster is never restarted); requests get 503 quickly, `/readyz` names the
//! database, and once the proxy forwards again the same process answers and its worker finishes
//! the job queued before the outage, once.

mod common;

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use common::{fixture, is_problem, Resp, TestApp};
use crosstalk_core::entities::{job, post, video};
use reqwest::Method;
use sea_orm::{EntityTrait as _, TransactionTrait as _};
use serde_json::json;
use tokio::task::AbortHandle;

fn assert_db_unavailable(r: &Resp) {
    assert_eq!(r.status, 503, "{:?}", r.body);
    assert!(is_problem(r), "{} {:?}", r.content_type, r.body);
    assert_eq!(r.code(), "database_unavailable");
    assert!(r.headers.contains_key("retry-after"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_request_waits_no_longer_than_the_acquire_timeout() {
    let app = TestApp::spawn_with(|c| {
        c.database_pool_size = 1;
        c.database_acquire_timeout_ms = 300;
    })
    .await;
    let key = app.team("T").await;
    let s = app.seed_course(&key).await;
    // A learner signed in on the pages, in English.
    let link = app
        .call(Method::POST, &format!("/v1/courses/{}/members/learner-1/sign-in-links", s.course_id), Some(&key), None)
        .await;
    let url = link.body["url"].as_str().unwrap().to_owned();
    let browser =
        reqwest::Client::builder().cookie_store(true).redirect(reqwest::redirect::Policy::none()).build().unwrap();
    let opened = browser.get(format!("{}{}", app.base, &url[url.find("/signin/").unwrap()..])).send().await.unwrap();
    assert_eq!(opened.status(), 303);
    let course_page = format!("{}/courses/{}?lang=en", app.base, s.course_id);
    assert_eq!(browser.get(&course_page).send().await.unwrap().status(), 200);
    // The only connection is held by a long transaction elsewhere.
    let txn = app.state.db.begin().await.unwrap();
    let started = Instant::now();
    let r = app.get(&format!("/v1/courses/{}", s.course_id), &key).await;
    let took = started.elapsed();
    assert_db_unavailable(&r);
    eprintln!("request with the pool exhausted answered 503 in {took:?}");
    assert!(took < Duration::from_secs(2), "bounded wait, took {took:?}");
    // The page says so in words, not "something went wrong", and when to come back.
    let page = browser.get(&course_page).send().await.unwrap();
    assert_eq!(page.status(), 503);
    assert!(page.headers().contains_key("retry-after"));
    let html = page.text().await.unwrap();
    assert!(html.contains("Please try again in a moment") && html.contains("Nothing you sent is lost"), "{html}");
    txn.rollback().await.unwrap();
    assert_eq!(browser.get(&course_page).send().await.unwrap().status(), 200);
    let r = app.get(&format!("/v1/courses/{}", s.course_id), &key).await;
    assert_eq!(r.status, 200, "{:?}", r.body);
}

/// A TCP proxy to PostgreSQL that can drop every connection and refuse new ones.
struct Proxy {
    port: u16,
    cut: Arc<AtomicBool>,
    conns: Arc<Mutex<Vec<AbortHandle>>>,
}

impl Proxy {
    async fn start(upstream: String) -> Proxy {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        let cut = Arc::new(AtomicBool::new(false));
        let conns: Arc<Mutex<Vec<AbortHandle>>> = Arc::default();
        let (c, list) = (cut.clone(), conns.clone());
        tokio::spawn(async move {
            while let Ok((mut inbound, _)) = listener.accept().await {
                if c.load(Ordering::SeqCst) {
                    drop(inbound);
                    continue;
                }
                let upstream = upstream.clone();
                let task = tokio::spawn(async move {
                    if let Ok(mut out) = tokio::net::TcpStream::connect(upstream).await {
                        let _ = tokio::io::copy_bidirectional(&mut inbound, &mut out).await;
                    }
                });
                list.lock().unwrap().push(task.abort_handle());
            }
        });
        Proxy { port, cut, conns }
    }

    /// The outage: every open connection dropped, new ones closed at once.
    fn cut(&self) {
        self.cut.store(true, Ordering::SeqCst);
        for c in self.conns.lock().unwrap().drain(..) {
            c.abort();
        }
    }

    fn restore(&self) {
        self.cut.store(false, Ordering::SeqCst);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_postgres_outage_is_survived_without_a_restart() {
    if std::env::var("CROSSTALK_TEST_DATABASE_URL").is_err() {
        eprintln!("PostgreSQL only (set CROSSTALK_TEST_DATABASE_URL); the pool test covers SQLite");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let direct = crosstalk_core::testing::fresh_database_url(dir.path()).await.unwrap();
    let parsed = url::Url::parse(&direct).unwrap();
    let upstream = format!("{}:{}", parsed.host_str().unwrap(), parsed.port().unwrap_or(5432));
    let proxy = Proxy::start(upstream).await;
    let mut via = parsed.clone();
    via.set_host(Some("127.0.0.1")).unwrap();
    via.set_port(Some(proxy.port)).unwrap();
    let mut config = crosstalk_api::config::Config::for_data_dir(dir.path());
    config.database_url = Some(via.to_string().into());
    config.database_acquire_timeout_ms = 500;
    let app = TestApp::spawn_in(dir, config).await;

    let key = app.team("T").await;
    let s = app.seed_course(&key).await;
    let amina = app.token(&key, &s.course_id, "learner-1").await;
    let upload_id = app.upload(&amina, &fixture("compliant_720p.mp4"), 1 << 20).await;
    let r = app.post(&format!("/v1/prompts/{}/posts", s.prompt_id), &amina, json!({"upload_id": upload_id})).await;
    assert_eq!(r.status, 201, "{:?}", r.body);
    let post_id = r.body["id"].as_str().unwrap().to_owned();

    proxy.cut();
    let course = format!("/v1/courses/{}", s.course_id);
    for _ in 0..3 {
        let started = Instant::now();
        let r = app.get(&course, &key).await;
        let took = started.elapsed();
        assert_db_unavailable(&r);
        eprintln!("request during the database outage answered 503 in {took:?}");
        assert!(took < Duration::from_secs(3), "503 quickly, took {took:?}");
    }
    let ready = app.call(Method::GET, "/readyz", None, None).await;
    assert_eq!(ready.status, 503, "{:?}", ready.body);
    assert_eq!((ready.body["database"].as_str(), ready.body["store"].as_str()), (Some("unreachable"), Some("ok")));
    // A worker started during the outage keeps trying to claim work.
    let (stop_tx, stop_rx) = tokio::sync::watch::channel(false);
    let worker = crosstalk_api::worker::Worker::new(app.state.clone());
    let worker = tokio::spawn(worker.run(stop_rx, Duration::from_secs(5)));
    tokio::time::sleep(Duration::from_millis(1500)).await;

    proxy.restore();
    let restored = Instant::now();
    loop {
        let r = app.get(&course, &key).await;
        if r.status == 200 {
            break;
        }
        assert_db_unavailable(&r);
        assert!(restored.elapsed() < Duration::from_secs(10), "not recovered");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    eprintln!("answering again {:?} after the database came back", restored.elapsed());
    let ready = app.call(Method::GET, "/readyz", None, None).await;
    assert_eq!(ready.status, 200, "{:?}", ready.body);
    loop {
        let v = app.get(&format!("/v1/posts/{post_id}"), &amina).await.body["video"].clone();
        if v["status"] == "ready" {
            break;
        }
        assert_ne!(v["status"], "failed", "{v}");
        assert!(restored.elapsed() < Duration::from_secs(60), "the worker did not resume: {v}");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    stop_tx.send(true).unwrap();
    worker.await.unwrap();
    // Nothing lost or doubled.
    let db = &app.state.db;
    assert_eq!(post::Entity::find().all(db).await.unwrap().len(), 1);
    assert_eq!(video::Entity::find().all(db).await.unwrap().len(), 1);
    let jobs = job::Entity::find().all(db).await.unwrap();
    assert_eq!(jobs.iter().map(|j| j.state.as_str()).collect::<Vec<_>>(), ["done"]);
}
