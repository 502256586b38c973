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
