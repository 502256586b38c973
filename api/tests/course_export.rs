//! A team exports a whole course: a job with progress writes the zip to the store, offered by a
//! signed URL; the process's memory stays flat however large the videos are.

mod common;
mod support;

use common::TestApp;
use support::{post_video, setup};

fn rss_bytes() -> u64 {
    let statm = std::fs::read_to_string("/proc/self/statm").unwrap_or_default();
    statm.split_whitespace().nth(1).and_then(|p| p.parse::<u64>().ok()).unwrap_or(0) * 4096
}

#[tokio::test]
async fn a_course_export_is_a_job_whose_zip_is_offered_by_signed_url_with_flat_memory() {
    let app = TestApp::spawn().await;
    let c = setup(&app).await;
    let mut videos = Vec::new();
    for who in ["a1", "a2", "b1"] {
        let id = post_video(&app, &c, who, None, "hello").await;
        let post = app.get(&format!("/v1/posts/{id}"), &c.key).await;
        videos.push(post.body["video"]["id"].as_str().unwrap().to_owned());
    }
    // Make the videos large: 3 x 48 MiB through the export.
    const BIG: usize = 48 << 20;
    for v in &videos {
        let f = tempfile::NamedTempFile::new().unwrap();
        std::fs::write(f.path(), vec![7u8; BIG]).unwrap();
        let (_, path) = f.keep().unwrap();
        app.state.storage.put_file(&format!("videos/{v}/video.mp4"), &path, "video/mp4").await.unwrap();
    }

    let r = app.call(reqwest::Method::POST, &format!("/v1/courses/{}/exports", c.course_id), Some(&c.key), None).await;
    assert_eq!(r.status, 202, "{:?}", r.body);
    assert_eq!(r.body["state"], "queued");
    let id = r.body["id"].as_str().unwrap().to_owned();
    // Another team and members cannot see it.
    let other = app.team("Other").await;
    assert_eq!(app.get(&format!("/v1/courses/{}/exports/{id}", c.course_id), &other).await.status, 404);
    assert_eq!(app.get(&format!("/v1/courses/{}/exports/{id}", c.course_id), &c.tokens["a1"]).await.status, 403);

    let before = rss_bytes();
    let peak = std::sync::Arc::new(std::sync::atomic::AtomicU64::new(before));
    let sampler = {
        let peak = peak.clone();
        tokio::spawn(async move {
            loop {
                peak.fetch_max(rss_bytes(), std::sync::atomic::Ordering::Relaxed);
                tokio::time::sleep(std::time::Duration::from_millis(5)).await;
            }
        })
    };
    assert_eq!(app.run_pending_jobs().await, 1);
    sampler.abort();
    let growth = peak.load(std::sync::atomic::Ordering::Relaxed).saturating_sub(before);
    println!(
        "RSS before {} MiB, peak growth {} MiB while exporting {} MiB",
        before >> 20,
        growth >> 20,
        (3 * BIG) >> 20
    );
    assert!(growth < 32 << 20, "memory grew by {} MiB", growth >> 20);

    let r = app.get(&format!("/v1/courses/{}/exports/{id}", c.course_id), &c.key).await;
    assert_eq!(r.body["state"], "ready", "{:?}", r.body);
    assert_eq!(r.body["progress"], 100);
    let url = r.body["url"].as_str().unwrap();
    let zip = app.http.get(url).send().await.unwrap();
    assert_eq!(zip.status(), 200);
    let len = zip.bytes().await.unwrap().len();
    assert!(len > 3 * BIG, "the zip holds the three videos ({len} bytes)");
    assert_eq!(u64::try_from(len).unwrap(), r.body["bytes"].as_u64().unwrap());
}

/// A course export whose zip the store refuses ends `failed` with a reason after its last
/// attempt, never left `running`; between attempts it waits `queued`.
#[tokio::test]
async fn a_course_export_the_store_refuses_ends_failed_with_a_reason() {
    let app = TestApp::spawn().await;
    let c = setup(&app).await;
    post_video(&app, &c, "a1", None, "hello").await;
    let r = app.call(reqwest::Method::POST, &format!("/v1/courses/{}/exports", c.course_id), Some(&c.key), None).await;
    assert_eq!(r.status, 202, "{:?}", r.body);
    let id = r.body["id"].as_str().unwrap().to_owned();
    // A directory where the zip must go: the local store cannot put the file there.
    let media = app.config.storage_url().strip_prefix("file://").unwrap().to_owned();
    let blocker = std::path::Path::new(&media).join(format!("exports/{}/{id}.zip", c.course_id));
    std::fs::create_dir_all(blocker.join("in-the-way")).unwrap();

    // The first attempt fails: the export waits in the queue, not "running".
    assert_eq!(app.run_pending_jobs().await, 1);
    let r = app.get(&format!("/v1/courses/{}/exports/{id}", c.course_id), &c.key).await;
    assert_eq!((r.body["state"].as_str(), r.body["progress"].as_i64()), (Some("queued"), Some(0)), "{:?}", r.body);
    // The last attempt, due now.
    {
        use crosstalk_core::entities::job;
        use sea_orm::{ColumnTrait as _, EntityTrait as _, QueryFilter as _};
        job::Entity::update_many()
            .col_expr(job::Column::RunAt, chrono::Utc::now().into())
            .col_expr(job::Column::Attempts, sea_orm::sea_query::Expr::col(job::Column::MaxAttempts).sub(1))
            .filter(job::Column::Kind.eq("course_export"))
            .exec(&app.state.db)
            .await
            .unwrap();
    }
    assert_eq!(app.run_pending_jobs().await, 1);
    let r = app.get(&format!("/v1/courses/{}/exports/{id}", c.course_id), &c.key).await;
    assert_eq!(r.status, 200);
    assert_eq!(r.body["state"], "failed", "{:?}", r.body);
    assert_eq!(r.body["reason"], "store_failed", "{:?}", r.body);
    assert!(r.body["finished_at"].is_string(), "{:?}", r.body);
    assert!(r.body["url"].is_null(), "{:?}", r.body);
    let jobs = app.get("/v1/admin/jobs?state=dead", &c.key).await;
    assert_eq!(jobs.body["items"].as_array().map(Vec::len), Some(1), "{:?}", jobs.body);

    // Retried by the team once the store works again: it runs and ends ready.
    std::fs::remove_dir_all(&blocker).unwrap();
    let job_id = jobs.body["items"][0]["id"].as_str().unwrap();
    let r = app.call(reqwest::Method::POST, &format!("/v1/admin/jobs/{job_id}/retry"), Some(&c.key), None).await;
    assert!(r.status.is_success(), "{:?}", r.body);
    app.run_pending_jobs().await;
    let r = app.get(&format!("/v1/courses/{}/exports/{id}", c.course_id), &c.key).await;
    assert_eq!((r.body["state"].as_str(), r.body["reason"].as_str()), (Some("ready"), None), "{:?}", r.body);
}
