//! From the phone to playback: tus upload with a resume, post, worker, signed playback with Range.

mod common;

use base64::Engine as _;
use common::{fixture, is_problem, TestApp};
use reqwest::Method;
use serde_json::json;
use sha2::Digest as _;

#[tokio::test]
async fn upload_resume_post_process_and_play_back() {
    let app = TestApp::spawn().await;
    let key = app.team("T").await;
    let s = app.seed_course(&key).await;
    let amina = app.token(&key, &s.course_id, "learner-1").await;
    let lukas = app.token(&key, &s.course_id, "learner-2").await;
    let clip = fixture("iphone_hevc_rot90.mov");

    // First chunk, then the phone loses the connection; it asks where to resume.
    let path = app.tus_create(&amina, clip.len()).await;
    let first = app.tus_patch(&amina, &path, 0, &clip[..60_000], None).await;
    assert_eq!(first.status, 204);
    assert_eq!(first.headers.get("upload-offset").unwrap(), "60000");
    assert!(first.headers.get("upload-expires").is_some());
    // A stale retry of the first chunk is refused and changes nothing.
    let stale = app.tus_patch(&amina, &path, 0, &clip[..60_000], None).await;
    assert_eq!((stale.status.as_u16(), stale.code()), (409, "offset_mismatch"));
    let (status, offset) = app.tus_offset(&amina, &path).await;
    assert_eq!((status, offset), (200, Some(60_000)));
    // A corrupted chunk is refused by its checksum and nothing is stored.
    let good = &clip[60_000..120_000];
    let sum = format!("sha1 {}", base64::engine::general_purpose::STANDARD.encode(sha1_of(good)));
    let mut corrupted = good.to_vec();
    corrupted[100] ^= 0xff;
    let bad = app.tus_patch(&amina, &path, 60_000, &corrupted, Some(&sum)).await;
    assert_eq!(bad.status.as_u16(), 460);
    assert_eq!(app.tus_offset(&amina, &path).await.1, Some(60_000));
    let sum256 = format!("sha256 {}", base64::engine::general_purpose::STANDARD.encode(sha2::Sha256::digest(good)));
    assert_eq!(app.tus_patch(&amina, &path, 60_000, good, Some(&sum256)).await.status, 204);
    let last = app.tus_patch(&amina, &path, 120_000, &clip[120_000..], Some(&sum_sha1(&clip[120_000..]))).await;
    assert_eq!(last.status, 204);
    assert_eq!(last.headers.get("upload-offset").unwrap().to_str().unwrap(), clip.len().to_string());
    let upload_id = path.rsplit('/').next().unwrap();

    let post = app
        .post(
            &format!("/v1/prompts/{}/posts", s.prompt_id),
            &amina,
            json!({"upload_id": upload_id, "text": "Hello from Rabat"}),
        )
        .await;
    assert_eq!(post.status, 201, "{:?}", post.body);
    assert_eq!(post.body["video"]["status"], "queued");
    let post_id = post.body["id"].as_str().unwrap().to_owned();
    let again = app.post(&format!("/v1/prompts/{}/posts", s.prompt_id), &amina, json!({"upload_id": upload_id})).await;
    assert_eq!((again.status.as_u16(), again.code()), (409, "upload_already_posted"));

    // Before processing only the author sees it.
    assert_eq!(app.get(&format!("/v1/posts/{post_id}"), &lukas).await.status, 404);
    assert_eq!(app.get(&format!("/v1/posts/{post_id}"), &amina).await.body["video"]["status"], "queued");

    assert_eq!(app.run_pending_jobs().await, 1);

    let ready = app.get(&format!("/v1/posts/{post_id}"), &lukas).await;
    assert_eq!(ready.status, 200, "{:?}", ready.body);
    let v = &ready.body["video"];
    assert_eq!(v["status"], "ready");
    assert_eq!(v["progress"], 100);
    // The iPhone clip is landscape pixels with a -90 display matrix: it must come out portrait.
    assert!(v["height"].as_i64().unwrap() > v["width"].as_i64().unwrap(), "{v}");
    assert!(v["duration_ms"].as_i64().unwrap() > 1000);
    let playback = v["playback_url"].as_str().unwrap();

    // Phones seek with Range requests.
    let r = app.http.get(playback).header("Range", "bytes=0-99").send().await.unwrap();
    assert_eq!(r.status(), 206);
    assert_eq!(r.headers().get("content-type").unwrap(), "video/mp4");
    let bytes = r.bytes().await.unwrap();
    assert_eq!(bytes.len(), 100);
    assert_eq!(&bytes[4..8], b"ftyp");
    let full = app.http.get(playback).send().await.unwrap();
    assert_eq!(full.status(), 200);
    let size = full.bytes().await.unwrap().len();
    let tail = app.http.get(playback).header("Range", format!("bytes={}-", size - 10)).send().await.unwrap();
    assert_eq!(tail.status(), 206);
    assert_eq!(tail.bytes().await.unwrap().len(), 10);
    let poster = app.http.get(v["poster_url"].as_str().unwrap()).send().await.unwrap();
    assert_eq!(poster.headers().get("content-type").unwrap(), "image/jpeg");

    // Expired, tampered or unsigned URLs are refused. The test signs URLs with the server's key
    // as the server does: one expiring in a minute plays, so the expired one is refused for its
    // expiry alone, not for its signature.
    let (base, _) = playback.split_once("?exp=").unwrap();
    let object = base.split_once("/media/").unwrap().1;
    let signed = |exp: i64| {
        let sig = app.state.key.sign(format!("media:{object}:{exp}").as_bytes());
        format!("{base}?exp={exp}&sig={}", base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(sig))
    };
    let now = chrono::Utc::now().timestamp();
    let fresh = app.http.get(signed(now + 60)).header("Range", "bytes=0-9").send().await.unwrap();
    assert_eq!(fresh.status(), 206, "a URL signed by the test as the server signs plays");
    let expired = app.send(app.http.get(signed(now - 10))).await;
    assert_eq!((expired.status.as_u16(), expired.code()), (403, "invalid_signature"), "a validly signed, expired URL");
    let forged = app.send(app.http.get(format!("{base}?exp={}&sig=AAAA", now + 60))).await;
    assert_eq!((forged.status.as_u16(), forged.code()), (403, "invalid_signature"), "a bad signature, not expired");
    let tampered = app.send(app.http.get(playback.replace("video.mp4", "poster.jpg"))).await;
    assert_eq!((tampered.status.as_u16(), tampered.code()), (403, "invalid_signature"), "another object's key");
    assert_eq!(app.http.get(format!("{}/media/videos/x/video.mp4", app.base)).send().await.unwrap().status(), 403);

    // The team sees it too.
    assert_eq!(app.get(&format!("/v1/posts/{post_id}"), &key).await.status, 200);
    let m = app.call(Method::GET, "/metrics", None, None).await;
    let text = m.body.as_str().unwrap();
    assert!(text.contains("crosstalk_upload_bytes_total"), "{text}");
    assert!(text.contains(r#"crosstalk_jobs{state="done"} 1"#), "{text}");
    assert!(text.contains("crosstalk_transcode_seconds_per_media_second_count 1"), "{text}");
}

fn sha1_of(d: &[u8]) -> Vec<u8> {
    sha1_smol::Sha1::from(d).digest().bytes().to_vec()
}

fn sum_sha1(d: &[u8]) -> String {
    format!("sha1 {}", base64::engine::general_purpose::STANDARD.encode(sha1_of(d)))
}

#[tokio::test]
async fn a_refused_video_tells_its_author_why() {
    let app = TestApp::spawn().await;
    let key = app.team("T").await;
    let s = app.seed_course(&key).await;
    let amina = app.token(&key, &s.course_id, "learner-1").await;
    let up = app.upload(&amina, &fixture("bad_text.mp4"), 1 << 20).await;
    let post = app.post(&format!("/v1/prompts/{}/posts", s.prompt_id), &amina, json!({"upload_id": up})).await;
    let id = post.body["id"].as_str().unwrap();
    app.run_pending_jobs().await;
    let r = app.get(&format!("/v1/posts/{id}"), &amina).await;
    assert_eq!(r.body["video"]["status"], "rejected");
    assert_eq!(r.body["video"]["reason"], "not_a_video");
    assert!(r.body["video"]["reason_text"].as_str().unwrap().contains("not a video"));
    assert!(r.body["video"]["playback_url"].is_null());
    // Rejections are final: nothing is retried.
    assert_eq!(app.run_pending_jobs().await, 0);
}

#[tokio::test]
async fn bad_uploads_get_the_right_status_and_lose_nothing() {
    let app = TestApp::spawn().await;
    let key = app.team("T").await;
    let s = app.seed_course(&key).await;
    let amina = app.token(&key, &s.course_id, "learner-1").await;
    let lukas = app.token(&key, &s.course_id, "learner-2").await;
    let url = format!("{}/v1/uploads", app.base);

    let opts = app.http.request(Method::OPTIONS, &url).send().await.unwrap();
    assert_eq!(opts.status(), 204);
    assert_eq!(opts.headers().get("tus-version").unwrap(), "1.0.0");
    assert!(opts.headers().get("tus-extension").unwrap().to_str().unwrap().contains("checksum"));
    assert_eq!(opts.headers().get("tus-max-size").unwrap(), &(2u64 << 30).to_string());

    let no_len = app.send(app.http.post(&url).bearer_auth(&amina).header("Tus-Resumable", "1.0.0")).await;
    assert_eq!((no_len.status.as_u16(), no_len.code()), (400, "upload_length_missing"));
    let huge = app
        .send(
            app.http
                .post(&url)
                .bearer_auth(&amina)
                .header("Tus-Resumable", "1.0.0")
                .header("Upload-Length", (3u64 << 30).to_string()),
        )
        .await;
    assert_eq!((huge.status.as_u16(), huge.code()), (413, "upload_too_large"));
    let old = app
        .send(app.http.post(&url).bearer_auth(&amina).header("Tus-Resumable", "0.2.2").header("Upload-Length", "10"))
        .await;
    assert_eq!(old.status, 412);
    let team = app
        .send(app.http.post(&url).bearer_auth(&key).header("Tus-Resumable", "1.0.0").header("Upload-Length", "10"))
        .await;
    assert_eq!(team.status, 403);
    let anon = app.send(app.http.post(&url).header("Tus-Resumable", "1.0.0").header("Upload-Length", "10")).await;
    assert_eq!(anon.status, 401);

    let data = fixture("compliant_720p.mp4");
    let path = app.tus_create(&amina, data.len()).await;
    assert_eq!(app.tus_patch(&amina, &path, 0, &data[..1000], None).await.status, 204);
    // Another member cannot see, write or delete it.
    assert_eq!(app.tus_offset(&lukas, &path).await.0, 404);
    assert_eq!(app.tus_patch(&lukas, &path, 1000, &data[1000..2000], None).await.status, 404);
    let del = app
        .send(app.http.delete(format!("{}{path}", app.base)).bearer_auth(&lukas).header("Tus-Resumable", "1.0.0"))
        .await;
    assert_eq!(del.status, 404);
    // Past the declared length: refused, nothing stored.
    let over = app.tus_patch(&amina, &path, 1000, &vec![0u8; data.len()], None).await;
    assert_eq!((over.status.as_u16(), over.code()), (413, "upload_overflow"));
    // Wrong content type.
    let ct = app
        .send(
            app.http
                .patch(format!("{}{path}", app.base))
                .bearer_auth(&amina)
                .header("Tus-Resumable", "1.0.0")
                .header("Upload-Offset", "1000")
                .body("x"),
        )
        .await;
    assert_eq!(ct.status, 415);
    assert_eq!(app.tus_offset(&amina, &path).await.1, Some(1000));

    // Posting an incomplete upload, or someone else's, is refused.
    let upload_id = path.rsplit('/').next().unwrap();
    let r = app.post(&format!("/v1/prompts/{}/posts", s.prompt_id), &amina, json!({"upload_id": upload_id})).await;
    assert_eq!((r.status.as_u16(), r.code()), (422, "upload_incomplete"));
    let r = app.post(&format!("/v1/prompts/{}/posts", s.prompt_id), &lukas, json!({"upload_id": upload_id})).await;
    assert_eq!((r.status.as_u16(), r.code()), (422, "unknown_upload"));
    assert!(is_problem(&r));

    // The rest arrives; nothing was lost on the way.
    assert_eq!(app.tus_patch(&amina, &path, 1000, &data[1000..], None).await.status, 204);
    let r = app.post(&format!("/v1/prompts/{}/posts", s.prompt_id), &amina, json!({"upload_id": upload_id})).await;
    assert_eq!(r.status, 201);
    app.run_pending_jobs().await;
    let got = app.get(&format!("/v1/posts/{}", r.body["id"].as_str().unwrap()), &amina).await;
    assert_eq!(got.body["video"]["status"], "ready", "{:?}", got.body);

    // Quota of unfinished uploads.
    let mut open = Vec::new();
    for _ in 0..5 {
        open.push(app.tus_create(&amina, 10).await);
    }
    let sixth = app
        .send(app.http.post(&url).bearer_auth(&amina).header("Tus-Resumable", "1.0.0").header("Upload-Length", "10"))
        .await;
    assert_eq!((sixth.status.as_u16(), sixth.code()), (429, "upload_quota_exceeded"));
    // Termination frees a slot and the upload is gone.
    let del = app
        .send(app.http.delete(format!("{}{}", app.base, open[0])).bearer_auth(&amina).header("Tus-Resumable", "1.0.0"))
        .await;
    assert_eq!(del.status, 204);
    assert_eq!(app.tus_offset(&amina, &open[0]).await.0, 404);
    app.tus_create(&amina, 10).await;

    // Expired uploads answer 410 and are cleaned up with their bytes.
    use sea_orm::{ConnectionTrait as _, Statement};
    app.tus_patch(&amina, &open[1], 0, b"12345", None).await;
    let id1 = open[1].rsplit('/').next().unwrap();
    let past = chrono::Utc::now() - chrono::Duration::hours(1);
    let backend = app.state.db.get_database_backend();
    let sql = if backend == sea_orm::DbBackend::Postgres {
        "UPDATE uploads SET expires_at = $1 WHERE id = $2"
    } else {
        "UPDATE uploads SET expires_at = ? WHERE id = ?"
    };
    app.state.db.execute(Statement::from_sql_and_values(backend, sql, [past.into(), id1.into()])).await.unwrap();
    assert_eq!(app.tus_offset(&amina, &open[1]).await.0, 410);
    assert_eq!(app.tus_patch(&amina, &open[1], 5, b"678", None).await.status, 410);
    assert_eq!(app.state.storage.list(&format!("uploads/{id1}/")).await.unwrap().len(), 1);
    let cleaned = crosstalk_api::worker::Worker::new(app.state.clone()).cleanup().await.unwrap();
    assert_eq!(cleaned, 2, "the expired and the terminated upload");
    assert!(app.state.storage.list(&format!("uploads/{id1}/")).await.unwrap().is_empty());
}

#[tokio::test]
async fn posting_respects_the_prompt_window() {
    let app = TestApp::spawn().await;
    let key = app.team("T").await;
    let s = app.seed_course(&key).await;
    let amina = app.token(&key, &s.course_id, "learner-1").await;
    let up = app.upload(&amina, &fixture("compliant_720p.mp4"), 1 << 20).await;
    let now = chrono::Utc::now();
    app.call(
        Method::PATCH,
        &format!("/v1/prompts/{}", s.prompt_id),
        Some(&key),
        Some(json!({"opens_at": now - chrono::Duration::days(3), "closes_at": now - chrono::Duration::days(1)})),
    )
    .await;
    let r = app.post(&format!("/v1/prompts/{}/posts", s.prompt_id), &amina, json!({"upload_id": up})).await;
    assert_eq!((r.status.as_u16(), r.code()), (422, "prompt_closed"));
    app.call(
        Method::PATCH,
        &format!("/v1/prompts/{}", s.prompt_id),
        Some(&key),
        Some(json!({"closes_at": now + chrono::Duration::days(9), "opens_at": now + chrono::Duration::days(1)})),
    )
    .await;
    let r = app.post(&format!("/v1/prompts/{}/posts", s.prompt_id), &amina, json!({"upload_id": up})).await;
    assert_eq!((r.status.as_u16(), r.code()), (422, "prompt_not_open"));
}

#[tokio::test]
async fn internal_failures_retry_then_die_and_the_team_can_retry_them() {
    let app = TestApp::spawn().await;
    let key = app.team("T").await;
    let s = app.seed_course(&key).await;
    let amina = app.token(&key, &s.course_id, "learner-1").await;
    let up = app.upload(&amina, &fixture("compliant_720p.mp4"), 100_000).await;
    let post = app.post(&format!("/v1/prompts/{}/posts", s.prompt_id), &amina, json!({"upload_id": up})).await;
    let post_id = post.body["id"].as_str().unwrap().to_owned();
    // The store loses the upload's bytes: every attempt fails on our side, not the learner's.
    let parts = app.state.storage.list(&format!("uploads/{up}/")).await.unwrap();
    let hidden = app.config.data_dir.join("hidden-parts");
    std::fs::create_dir_all(&hidden).unwrap();
    for k in &parts {
        std::fs::rename(app.state.storage.local_path(k).unwrap(), hidden.join(k.replace('/', "_"))).unwrap();
    }
    let mut state = app.state.clone();
    state.job_backoff = std::time::Duration::ZERO;
    let ran = crosstalk_api::worker::Worker::new(state.clone()).run_pending().await.unwrap();
    assert_eq!(ran, 5, "five attempts, then dead");
    let p = app.get(&format!("/v1/posts/{post_id}"), &amina).await;
    assert_eq!(p.body["video"]["status"], "failed");
    assert!(p.body["video"]["reason_text"].as_str().unwrap().contains("our side"));

    let dead = app.get("/v1/admin/jobs?state=dead", &key).await;
    let jobs = dead.body["items"].as_array().unwrap();
    assert_eq!(jobs.len(), 1);
    assert_eq!(jobs[0]["attempts"], 5);
    assert!(jobs[0]["last_error"].as_str().unwrap().contains("fetching"), "{}", jobs[0]);
    let other = app.team("Other").await;
    assert!(app.get("/v1/admin/jobs?state=dead", &other).await.body["items"].as_array().unwrap().is_empty());
    let job_id = jobs[0]["id"].as_str().unwrap();
    assert_eq!(app.post(&format!("/v1/admin/jobs/{job_id}/retry"), &other, json!({})).await.status, 404);

    // The bytes come back; the team retries; the video is ready.
    for k in &parts {
        std::fs::rename(hidden.join(k.replace('/', "_")), app.state.storage.local_path(k).unwrap()).unwrap();
    }
    let r = app.post(&format!("/v1/admin/jobs/{job_id}/retry"), &key, json!({})).await;
    assert_eq!(r.status, 200, "{:?}", r.body);
    assert_eq!(r.body["state"], "queued");
    assert_eq!(app.get(&format!("/v1/posts/{post_id}"), &amina).await.body["video"]["status"], "queued");
    assert_eq!(
        app.post(&format!("/v1/admin/jobs/{job_id}/retry"), &key, json!({})).await.status,
        409,
        "not dead any more"
    );
    assert_eq!(app.run_pending_jobs().await, 1);
    assert_eq!(app.get(&format!("/v1/posts/{post_id}"), &amina).await.body["video"]["status"], "ready");
}
