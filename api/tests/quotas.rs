//! Upload quotas (issue 15): a member's daily upload volume (413 `daily_upload_volume_exceeded`
//! with `Retry-After`) and a course's storage quota (413 `course_storage_quota_exceeded`),
//! checked on the declared Upload-Length when an upload is created.

mod common;

use common::{is_problem, Resp, TestApp};
use reqwest::Method;
use serde_json::json;

async fn tus_create(app: &TestApp, token: &str, length: u64) -> Resp {
    app.send(
        app.http
            .post(format!("{}/v1/uploads", app.base))
            .bearer_auth(token)
            .header("Tus-Resumable", "1.0.0")
            .header("Upload-Length", length.to_string()),
    )
    .await
}

fn location(app: &TestApp, r: &Resp) -> String {
    let loc = r.headers.get("location").unwrap().to_str().unwrap();
    loc[app.base.len()..].to_owned()
}

async fn metric(app: &TestApp, sample: &str) -> u64 {
    let text = app.http.get(format!("{}/metrics", app.base)).send().await.unwrap().text().await.unwrap();
    text.lines().find(|l| l.starts_with(sample)).and_then(|l| l.rsplit(' ').next()?.parse().ok()).unwrap_or(0)
}

#[tokio::test]
async fn the_daily_upload_volume_refuses_then_accepts_the_next_day() {
    use crosstalk_core::entities::rate_counter;
    use sea_orm::sea_query::Expr;
    use sea_orm::{ColumnTrait as _, EntityTrait as _, QueryFilter as _};

    let app = TestApp::spawn_with(|c| c.upload_daily_bytes = 1000).await;
    let key = app.team("Volume").await;
    let s = app.seed_course(&key).await;
    let token = app.token(&key, &s.course_id, "learner-1").await;

    assert_eq!(tus_create(&app, &token, 600).await.status, 201);
    let r = tus_create(&app, &token, 500).await;
    assert_eq!(r.status, 413, "{:?}", r.body);
    assert!(is_problem(&r));
    assert_eq!(r.code(), "daily_upload_volume_exceeded");
    let retry: u64 = r.headers["retry-after"].to_str().unwrap().parse().unwrap();
    let to_midnight = 86_400 - chrono::Utc::now().timestamp().rem_euclid(86_400) as u64;
    assert!(retry >= 1 && retry.abs_diff(to_midnight) <= 2, "Retry-After {retry}, midnight in {to_midnight}");
    assert_eq!(metric(&app, "crosstalk_quota_exceeded_total{quota=\"daily_upload_volume\"}").await, 1);
    // The refused one took nothing: what is left of the day still fits, and nothing more.
    assert_eq!(tus_create(&app, &token, 400).await.status, 201);
    assert_eq!(tus_create(&app, &token, 1).await.code(), "daily_upload_volume_exceeded");
    // A deferred length cannot get round it.
    let deferred = app
        .send(
            app.http
                .post(format!("{}/v1/uploads", app.base))
                .bearer_auth(&token)
                .header("Tus-Resumable", "1.0.0")
                .header("Upload-Defer-Length", "1"),
        )
        .await;
    assert_eq!(deferred.status, 400, "{:?}", deferred.body);
    assert_eq!(deferred.code(), "defer_length_unsupported");
    // Other members have their own volume.
    let other = app.token(&key, &s.course_id, "learner-2").await;
    assert_eq!(tus_create(&app, &other, 900).await.status, 201);

    // The next day: today's counter becomes yesterday's, and the member may upload again.
    rate_counter::Entity::update_many()
        .col_expr(rate_counter::Column::WindowStart, Expr::col(rate_counter::Column::WindowStart).sub(86_400))
        .filter(rate_counter::Column::Scope.starts_with("upload_bytes:"))
        .exec(&app.state.db)
        .await
        .unwrap();
    assert_eq!(tus_create(&app, &token, 1000).await.status, 201);
}

#[tokio::test]
async fn the_course_storage_quota_refuses_until_something_is_deleted() {
    let app = TestApp::spawn_with(|c| {
        c.course_storage_bytes = 1000;
        c.rate_limit_uploads = 0;
    })
    .await;
    let key = app.team("Storage").await;
    let s = app.seed_course(&key).await;
    let amina = app.token(&key, &s.course_id, "learner-1").await;
    let lukas = app.token(&key, &s.course_id, "learner-2").await;

    // An unfinished upload reserves its declared length.
    let open = tus_create(&app, &amina, 700).await;
    assert_eq!(open.status, 201);
    let r = tus_create(&app, &lukas, 400).await;
    assert_eq!(r.status, 413, "{:?}", r.body);
    assert!(is_problem(&r));
    assert_eq!(r.code(), "course_storage_quota_exceeded");
    assert!(r.headers.get("retry-after").is_none());
    assert_eq!(metric(&app, "crosstalk_quota_exceeded_total{quota=\"course_storage\"}").await, 1);
    // Terminating it gives the space back.
    let path = location(&app, &open);
    let del = app
        .send(app.http.delete(format!("{}{path}", app.base)).bearer_auth(&amina).header("Tus-Resumable", "1.0.0"))
        .await;
    assert_eq!(del.status, 204);
    let kept = tus_create(&app, &lukas, 400).await;
    assert_eq!(kept.status, 201, "{:?}", kept.body);
    let kept_path = location(&app, &kept);
    let d = app
        .send(app.http.delete(format!("{}{kept_path}", app.base)).bearer_auth(&lukas).header("Tus-Resumable", "1.0.0"))
        .await;
    assert_eq!(d.status, 204);

    // A posted original counts until its post is deleted.
    let upload_id = app.upload(&amina, &[7u8; 700], 350).await;
    let r = app.post(&format!("/v1/prompts/{}/posts", s.prompt_id), &amina, json!({"upload_id": upload_id})).await;
    assert_eq!(r.status, 201, "{:?}", r.body);
    let post_id = r.body["id"].as_str().unwrap().to_owned();
    assert_eq!(tus_create(&app, &lukas, 400).await.code(), "course_storage_quota_exceeded");
    let d = app.call(Method::DELETE, &format!("/v1/posts/{post_id}"), Some(&amina), None).await;
    assert_eq!(d.status, 204, "{:?}", d.body);
    assert_eq!(tus_create(&app, &lukas, 400).await.status, 201);
    // And the clean-up removes the deleted post's original from the store, not only from the count.
    crosstalk_api::worker::Worker::new(app.state.clone()).cleanup().await.unwrap();
    let upload = crosstalk_core::entities::upload::Entity::find_by_id(&upload_id);
    use sea_orm::EntityTrait as _;
    assert!(upload.one(&app.state.db).await.unwrap().is_none(), "the deleted post's original is still recorded");
}
