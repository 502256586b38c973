//! The `crosstalk` binary as an operator uses it: admin keys and the demo seed.

mod common;

use std::process::Command;

use common::TestApp;
use crosstalk_api::config::Config;
use crosstalk_api::startup::Application;

fn crosstalk(data_dir: &std::path::Path, db: &str, args: &[&str]) -> (bool, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_crosstalk"))
        .args(args)
        .arg("--data-dir")
        .arg(data_dir)
        .env("CROSSTALK_DATABASE_URL", db)
        .env("RUST_LOG", "warn")
        .output()
        .unwrap();
    (out.status.success(), String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr))
}

async fn serve(dir: &std::path::Path, db: &str) -> TestApp {
    let mut config = Config::for_data_dir(dir);
    config.database_url = Some(db.to_owned().into());
    let app = Application::build(&config).await.unwrap();
    let base = format!("http://127.0.0.1:{}", app.port());
    let state = app.state.clone();
    tokio::spawn(app.run_until_stopped());
    TestApp::attach(base, state, config)
}

#[tokio::test]
async fn create_team_prints_a_working_key_once_and_revoke_stops_it() {
    let dir = tempfile::tempdir().unwrap();
    let db = crosstalk_core::testing::fresh_database_url(dir.path()).await.unwrap();
    let (ok, out) = crosstalk(dir.path(), &db, &["admin", "create-team", "Virtual Exchange Unit"]);
    assert!(ok, "{out}");
    let key = out.lines().rfind(|l| !l.trim().is_empty()).unwrap().trim().to_owned();
    assert!(key.starts_with("ctk_"), "last line is the key: {out}");

    let app = serve(dir.path(), &db).await;
    assert_eq!(app.get("/v1/courses", &key).await.status, 200);

    // Only a hash is stored.
    let stored = crosstalk_core::teams::list_keys(
        &app.state.db,
        &crosstalk_core::teams::find_team(&app.state.db, "Virtual Exchange Unit").await.unwrap().id,
    )
    .await
    .unwrap();
    assert_eq!(stored.len(), 1);
    let (ok, listing) = crosstalk(dir.path(), &db, &["admin", "list-keys", "Virtual Exchange Unit"]);
    assert!(ok);
    assert!(listing.contains(&stored[0].prefix) && !listing.contains(&key), "{listing}");

    let (ok, out) = crosstalk(dir.path(), &db, &["admin", "revoke-key", &stored[0].prefix]);
    assert!(ok, "{out}");
    assert_eq!(app.get("/v1/courses", &key).await.status, 401);
    let (ok, listing) = crosstalk(dir.path(), &db, &["admin", "list-keys", "Virtual Exchange Unit"]);
    assert!(ok && listing.contains("revoked"), "{listing}");
}

#[tokio::test]
async fn demo_seeds_a_course_a_facilitator_can_use() {
    let dir = tempfile::tempdir().unwrap();
    let db = crosstalk_core::testing::fresh_database_url(dir.path()).await.unwrap();
    let (ok, out) = crosstalk(dir.path(), &db, &["demo"]);
    assert!(ok, "{out}");
    let key = out.lines().last().unwrap().trim().to_owned();
    let learner =
        out.lines().find(|l| l.contains("amina-ma (learner)")).unwrap().rsplit(' ').next().unwrap().to_owned();
    let app = serve(dir.path(), &db).await;

    let courses = app.get("/v1/courses", &key).await;
    let course = &courses.body["items"][0];
    let course_id = course["id"].as_str().unwrap();
    let modules = app.get(&format!("/v1/courses/{course_id}/modules"), &key).await;
    assert_eq!(modules.body["items"].as_array().unwrap().len(), 3);
    for m in modules.body["items"].as_array().unwrap() {
        let prompts = app.get(&format!("/v1/modules/{}/prompts", m["id"].as_str().unwrap()), &key).await;
        assert_eq!(prompts.body["items"].as_array().unwrap().len(), 1);
    }
    let members = app.get(&format!("/v1/courses/{course_id}/members?limit=200"), &key).await;
    let items = members.body["items"].as_array().unwrap();
    let learners: Vec<_> = items.iter().filter(|m| m["role"] == "learner").collect();
    assert_eq!(learners.len(), 20);
    assert_eq!(items.iter().filter(|m| m["role"] == "facilitator").count(), 2);
    let countries: std::collections::HashSet<_> = learners.iter().map(|m| m["country"].as_str().unwrap()).collect();
    assert!(countries.len() >= 8, "{countries:?}");

    let me = app.get("/v1/me", &learner).await;
    assert_eq!(me.status, 200);
    assert_eq!(me.body["member"]["external_id"], "amina-ma");
    assert_eq!(me.body["cohorts"].as_array().unwrap().len(), 1);

    // Seeding again keeps one course and prints a new working key.
    let (ok, out2) = crosstalk(dir.path(), &db, &["demo"]);
    assert!(ok, "{out2}");
    let key2 = out2.lines().last().unwrap().trim().to_owned();
    assert_ne!(key, key2);
    let courses = app.get("/v1/courses", &key2).await;
    assert_eq!(courses.body["items"].as_array().unwrap().len(), 1);
}
