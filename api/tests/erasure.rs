//! Erasure of a member, on the local store and on S3: nothing of theirs remains in the store, the
//! database files or the mail directory; threads still read; a cut-off job finishes; twice is fine.

mod common;
mod support;

use common::TestApp;
use crosstalk_api::config::Config;
use reqwest::Method;
use serde_json::json;
use support::{post_video, put_vtt, setup, VTT};

const EMAIL: &str = "amina.benali@example.org";
const NAME: &str = "Amina Benali";

fn contains(haystack: &[u8], needle: &str) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle.as_bytes())
}

/// Every byte the database keeps: the SQLite file and its WAL, or a `pg_dump`.
fn database_bytes(app: &TestApp) -> Vec<u8> {
    let url = app.config.database_url();
    if let Some(path) = url.strip_prefix("sqlite://") {
        let path = path.split('?').next().unwrap();
        let mut all = std::fs::read(path).unwrap();
        for ext in ["-wal", "-journal"] {
            all.extend(std::fs::read(format!("{path}{ext}")).unwrap_or_default());
        }
        all
    } else {
        let out = std::process::Command::new("pg_dump").arg(&url).output().expect("pg_dump runs");
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        out.stdout
    }
}

fn mail_files(app: &TestApp) -> Vec<Vec<u8>> {
    let dir = app.config.data_dir.join("mail");
    std::fs::read_dir(dir).map(|d| d.flatten().map(|e| std::fs::read(e.path()).unwrap()).collect()).unwrap_or_default()
}

async fn journey(app: TestApp) {
    let c = setup(&app).await;
    let lukas = post_video(&app, &c, "a2", None, "Lukas answers").await;
    let mine = [
        post_video(&app, &c, "a1", None, "My name is Amina Benali").await,
        post_video(&app, &c, "a1", Some(&lukas), "Reply to Lukas").await,
    ];
    let lukas_reply = post_video(&app, &c, "a2", Some(&mine[0]), "Hi Amina").await;
    assert_eq!(put_vtt(&app, &c.tokens["a1"], &mine[0], "en", VTT).await.status, 200);
    let r = app
        .post(
            &format!("/v1/posts/{}/moderation", mine[1]),
            &c.tokens["fa"],
            json!({"action": "hide", "reason": "off topic"}),
        )
        .await;
    assert_eq!(r.status, 200, "{:?}", r.body);
    let r = app.call(Method::POST, &format!("/v1/courses/{}/exports", c.course_id), Some(&c.key), None).await;
    assert_eq!(r.status, 202);
    app.run_pending_jobs().await;
    app.run_notifications().await;

    let mut keys = Vec::new();
    for id in &mine {
        let p = app.get(&format!("/v1/posts/{id}"), &c.key).await;
        let vid = p.body["video"]["id"].as_str().unwrap().to_owned();
        keys.push(format!("videos/{vid}/"));
    }
    let uploads: Vec<String> = app.state.storage.list("uploads/").await.unwrap();
    assert!(!app.state.storage.list(&keys[0]).await.unwrap().is_empty(), "the member has media before");
    assert!(!app.state.storage.list(&format!("exports/{}/", c.course_id)).await.unwrap().is_empty());
    assert!(contains(&database_bytes(&app), EMAIL) && contains(&database_bytes(&app), NAME));
    assert!(mail_files(&app).iter().any(|m| contains(m, EMAIL)), "a reply mail went to the member");

    // The team erases Amina; the worker is cut off after two steps, then runs the job again.
    let r = app.call(Method::DELETE, &format!("/v1/courses/{}/members/a1", c.course_id), Some(&c.key), None).await;
    assert_eq!(r.status, 202, "{:?}", r.body);
    let erasure_id = r.body["id"].as_str().unwrap().to_owned();
    assert!(r.body["pseudonym"].as_str().unwrap().starts_with("Erased member "));
    let places = crosstalk_core::erasure::Places {
        db: &app.state.db,
        storage: &app.state.storage,
        mail_dir: app.state.mailer.files_dir(),
    };
    crosstalk_core::erasure::run_steps(&places, &erasure_id, 2).await.unwrap();
    assert_eq!(app.run_pending_jobs().await, 1);

    let report = app.get(&format!("/v1/courses/{}/erasures/{erasure_id}", c.course_id), &c.key).await;
    assert_eq!(report.body["state"], "done", "{:?}", report.body);
    assert!(report.body["finished_at"].is_string());
    let rep = &report.body["report"];
    assert_eq!(rep["videos_deleted"], 2, "{rep}");
    assert_eq!(rep["posts_tombstoned"], 2, "{rep}");
    assert_eq!(rep["captions_deleted"], 1, "{rep}");
    assert!(rep["objects_deleted"].as_u64().unwrap() >= 9, "{rep}");
    assert!(rep["exports_deleted"].as_u64().unwrap() >= 1, "{rep}");
    assert_eq!(rep["personal_data_scrubbed"], true);

    // Nothing of hers in the store.
    for k in &keys {
        assert_eq!(app.state.storage.list(k).await.unwrap(), Vec::<String>::new(), "{k}");
    }
    let left: Vec<String> = app.state.storage.list("uploads/").await.unwrap();
    assert!(left.len() < uploads.len(), "her uploads are gone");
    assert!(app.state.storage.list(&format!("exports/{}/", c.course_id)).await.unwrap().is_empty());
    // Nor in the database files, nor in mail.
    let bytes = database_bytes(&app);
    assert!(!contains(&bytes, EMAIL), "the email is still in the database files");
    assert!(!contains(&bytes, NAME), "the name is still in the database files");
    assert!(!mail_files(&app).iter().any(|m| contains(m, EMAIL)), "a mail to her is still on disk");

    // Threads still read: her answer is a tombstone with Lukas's reply under it.
    let t = app.get(&format!("/v1/prompts/{}/posts", c.prompt_id), &c.tokens["a2"]).await;
    let items = t.body["items"].as_array().unwrap();
    let hers = items.iter().find(|i| i["id"] == mine[0].as_str()).expect("her thread is listed");
    assert_eq!(hers["deleted"], true);
    assert_eq!(hers["text"], "");
    assert!(hers["author"]["display_name"].as_str().unwrap().starts_with("Erased member"));
    assert_eq!(hers["replies"][0]["id"], lukas_reply.as_str());
    // The audit log keeps the decision, under her opaque id.
    let audit = app.get(&format!("/v1/courses/{}/audit", c.course_id), &c.key).await;
    assert!(audit.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .any(|e| e["action"] == "hide" && e["post_id"] == mine[1].as_str()));

    // Twice is fine: the same erasure, nothing left to run.
    let again = app.call(Method::DELETE, &format!("/v1/courses/{}/members/a1", c.course_id), Some(&c.key), None).await;
    assert_eq!((again.status.as_u16(), again.body["id"].as_str()), (202, Some(erasure_id.as_str())));
    assert_eq!(app.run_pending_jobs().await, 0);
    // Not the team's course, not a team: 404 and 403.
    let other = app.team("Other").await;
    let r = app.call(Method::DELETE, &format!("/v1/courses/{}/members/a2", c.course_id), Some(&other), None).await;
    assert_eq!(r.status, 404);
    let r =
        app.call(Method::DELETE, &format!("/v1/courses/{}/members/a2", c.course_id), Some(&c.tokens["a2"]), None).await;
    assert_eq!(r.status, 403);
}

#[tokio::test]
async fn erasure_on_the_local_store() {
    Box::pin(journey(TestApp::spawn().await)).await;
}

#[tokio::test]
async fn erasure_on_s3() {
    let s3 = crosstalk_testkit::start_s3().await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let mut config = Config::for_data_dir(dir.path());
    config.database_url = Some(crosstalk_core::testing::fresh_database_url(dir.path()).await.unwrap().into());
    config.storage_url = Some(s3.storage_url());
    Box::pin(journey(TestApp::spawn_in(dir, config).await)).await;
}
