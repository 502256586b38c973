//! No secret shown once (a webhook's secret, a member token) is readable from the database, even
//! when its response is kept for `Idempotency-Key` replays: read the SQLite file's bytes, or every
//! row of every table on PostgreSQL.

mod common;

use common::{Resp, TestApp};
use crosstalk_core::entities::{idempotency_key, webhook};
use sea_orm::{ActiveModelTrait as _, ConnectionTrait as _, DbBackend, EntityTrait as _, Set, Statement};
use secrecy::ExposeSecret as _;
use serde_json::{json, Value};

async fn post_with_key(app: &TestApp, path: &str, bearer: &str, key: &str, body: Value) -> Resp {
    app.send(
        app.http.post(format!("{}{path}", app.base)).bearer_auth(bearer).header("Idempotency-Key", key).json(&body),
    )
    .await
}

/// Everything the database holds, as text: the SQLite file and its WAL, or every PostgreSQL row.
async fn database_text(app: &TestApp) -> String {
    let db = &app.state.db;
    if db.get_database_backend() == DbBackend::Sqlite {
        let url = app.config.database_url.as_ref().unwrap().expose_secret().to_owned();
        let path = url.strip_prefix("sqlite://").unwrap().split('?').next().unwrap().to_owned();
        let mut bytes = Vec::new();
        for suffix in ["", "-wal", "-journal"] {
            if let Ok(b) = std::fs::read(format!("{path}{suffix}")) {
                bytes.extend(b);
            }
        }
        assert!(!bytes.is_empty(), "read the SQLite file at {path}");
        return String::from_utf8_lossy(&bytes).into_owned();
    }
    let tables = db
        .query_all(Statement::from_string(
            DbBackend::Postgres,
            "SELECT tablename::text AS t FROM pg_tables WHERE schemaname = current_schema()",
        ))
        .await
        .unwrap();
    let mut all = String::new();
    for t in tables {
        let name: String = t.try_get("", "t").unwrap();
        let sql = format!("SELECT coalesce(string_agg(row_to_json(x)::text, E'\\n'), '') AS j FROM \"{name}\" x");
        let row = db.query_one(Statement::from_string(DbBackend::Postgres, sql)).await.unwrap().unwrap();
        all.push_str(&row.try_get::<String>("", "j").unwrap());
        all.push('\n');
    }
    all
}

#[tokio::test]
async fn secrets_shown_once_are_not_readable_from_the_database() {
    let app = TestApp::spawn_with(|c| c.webhook_allow_private = true).await;
    let key = app.team("Own").await;
    let s = app.seed_course(&key).await;

    let new_hook = json!({"url": "http://127.0.0.1:9/hooks/at-rest-marker", "events": ["post.created"]});
    let hook = post_with_key(&app, "/v1/webhooks", &key, "hook-1", new_hook.clone()).await;
    assert_eq!(hook.status, 201, "{:?}", hook.body);
    let secret = hook.body["secret"].as_str().unwrap().to_owned();
    assert!(secret.starts_with("whsec_"), "{secret}");
    let tokens = format!("/v1/courses/{}/members/learner-1/tokens", s.course_id);
    let minted = post_with_key(&app, &tokens, &key, "token-1", json!({})).await;
    assert_eq!(minted.status, 201, "{:?}", minted.body);
    let token = minted.body["token"].as_str().unwrap().to_owned();

    // A retry gets the same response, secret and token included: the stored body opens.
    let again = post_with_key(&app, "/v1/webhooks", &key, "hook-1", new_hook).await;
    assert_eq!((again.status.as_u16(), &again.body), (201, &hook.body));
    assert_eq!(again.headers.get("idempotent-replayed").unwrap(), "true");
    let again = post_with_key(&app, &tokens, &key, "token-1", json!({})).await;
    assert_eq!((again.status.as_u16(), &again.body), (201, &minted.body));
    assert_eq!(app.get("/v1/me", &token).await.status, 200, "the replayed token works");

    let stored = idempotency_key::Entity::find().all(&app.state.db).await.unwrap();
    assert_eq!(stored.iter().filter(|r| r.body.as_deref().is_some_and(|b| b.starts_with("sealed1:"))).count(), 2);
    let text = database_text(&app).await;
    assert!(text.contains("/hooks/at-rest-marker"), "the scan sees the webhook's row");
    assert!(!text.contains(&secret), "the webhook secret is readable in the database");
    assert!(!text.contains(&token), "the member token is readable in the database");
    // Not even its signed part, which the token's claims precede.
    let signature = token.rsplit('.').next().unwrap();
    assert!(!text.contains(signature), "the token's signature is readable in the database");
}

#[tokio::test]
async fn what_an_earlier_version_stored_in_plain_text_is_sealed_at_start() {
    let app = TestApp::spawn_with(|c| c.webhook_allow_private = true).await;
    let key = app.team("Own").await;
    let hook = post_with_key(
        &app,
        "/v1/webhooks",
        &key,
        "hook-1",
        json!({"url": "http://127.0.0.1:9/hooks/x", "events": ["post.created"]}),
    )
    .await;
    assert_eq!(hook.status, 201, "{:?}", hook.body);
    let secret = hook.body["secret"].as_str().unwrap().to_owned();
    // Put both rows back as an earlier version wrote them.
    let db = &app.state.db;
    let w = webhook::Entity::find().one(db).await.unwrap().unwrap();
    let mut am: webhook::ActiveModel = w.into();
    am.secret = Set(secret.clone());
    am.update(db).await.unwrap();
    let row = idempotency_key::Entity::find().one(db).await.unwrap().unwrap();
    let mut am: idempotency_key::ActiveModel = row.into();
    am.body = Set(Some(hook.body.to_string()));
    am.update(db).await.unwrap();
    let rows = || async {
        let w = webhook::Entity::find().one(db).await.unwrap().unwrap();
        let i = idempotency_key::Entity::find().one(db).await.unwrap().unwrap();
        format!("{}\n{}", w.secret, i.body.unwrap())
    };
    assert_eq!(rows().await.matches(secret.as_str()).count(), 2);

    // Another instance starts on the same database. (On SQLite the old bytes may linger in free
    // pages and the WAL until they are reused; the rows are what is checked here.)
    let sibling = app.sibling().await;
    let now = rows().await;
    assert!(!now.contains(&secret) && now.lines().all(|l| l.starts_with("sealed1:")), "sealed at start: {now}");
    let again = post_with_key(
        &sibling,
        "/v1/webhooks",
        &key,
        "hook-1",
        json!({"url": "http://127.0.0.1:9/hooks/x", "events": ["post.created"]}),
    )
    .await;
    assert_eq!((again.status.as_u16(), &again.body), (201, &hook.body), "the sealed body replays");
}
