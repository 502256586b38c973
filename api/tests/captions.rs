//! Captions: WebVTT per post and language, checked strictly, stored under the video's prefix,
//! listed on the post with signed URLs, editable by the author, the cohort's facilitators and the
//! team, and audited when someone else than the author changes them.

mod common;
mod support;

use common::{fixture, is_problem, TestApp};
use reqwest::Method;
use serde_json::json;
use support::{put_vtt, setup, VTT};

#[tokio::test]
async fn captions_are_checked_stored_listed_and_audited() {
    let app = TestApp::spawn().await;
    let c = setup(&app).await;
    let t = |w: &str| c.tokens[w].clone();
    let up = app.upload(&t("a1"), &fixture("compliant_720p.mp4"), 1 << 20).await;
    let r = app.post(&format!("/v1/prompts/{}/posts", c.prompt_id), &t("a1"), json!({"upload_id": up})).await;
    assert_eq!(r.status, 201, "{:?}", r.body);
    let post = r.body["id"].as_str().unwrap().to_owned();
    let video_id = r.body["video"]["id"].as_str().unwrap().to_owned();
    app.run_pending_jobs().await;

    // The author uploads English captions; the file is served as text/vtt through a signed URL.
    let r = put_vtt(&app, &t("a1"), &post, "en", VTT).await;
    assert_eq!(r.status, 200, "{:?}", r.body);
    assert_eq!(r.body["cues"], 2);
    let url = r.body["url"].as_str().unwrap();
    let got = app.http.get(url).send().await.unwrap();
    assert_eq!(got.status(), 200);
    assert!(got.headers()["content-type"].to_str().unwrap().starts_with("text/vtt"));
    assert_eq!(got.text().await.unwrap(), VTT);
    let stored = app.state.storage.head(&format!("videos/{video_id}/captions/en.vtt")).await.unwrap();
    assert_eq!(stored.map(|m| m.size), Some(VTT.len() as u64));

    // A cohort mate sees the track on the post; another cohort does not see the post at all.
    let seen = app.get(&format!("/v1/posts/{post}"), &t("a2")).await;
    let tracks = seen.body["video"]["captions"].as_array().unwrap();
    assert_eq!(tracks.len(), 1);
    assert_eq!(tracks[0]["lang"], "en");
    assert!(tracks[0]["url"].as_str().unwrap().contains("sig="));
    let list = app.get(&format!("/v1/prompts/{}/posts", c.prompt_id), &t("a2")).await;
    assert_eq!(list.body["items"][0]["video"]["captions"][0]["lang"], "en", "{:?}", list.body);

    // Who may edit: not a cohort mate (403), not another cohort (404, the post does not exist for them).
    let r = put_vtt(&app, &t("a2"), &post, "en", VTT).await;
    assert_eq!((r.status.as_u16(), r.code()), (403, "not_caption_editor"));
    for other in ["b1", "fb"] {
        let r = put_vtt(&app, &t(other), &post, "en", VTT).await;
        assert_eq!((r.status.as_u16(), r.code()), (404, "not_found"), "{other}");
    }
    let r = put_vtt(&app, &c.key, &format!("pst_{}", "0".repeat(32)), "en", VTT).await;
    assert_eq!(r.status, 404);

    // Bad files and tags are refused with clear codes, never stored.
    let script = "WEBVTT\n\n00:00.000 --> 00:01.000\nhi\n<script>alert(1)</script>\n";
    let r = put_vtt(&app, &t("a1"), &post, "de", script).await;
    assert!(is_problem(&r), "{:?}", r.body);
    assert_eq!((r.status.as_u16(), r.code()), (422, "invalid_vtt"));
    assert!(r.body["detail"].as_str().unwrap().starts_with("line 5"), "{:?}", r.body);
    let r = put_vtt(&app, &t("a1"), &post, "de", "1\n00:00:01,000 --> 00:00:02,000\nSRT, not VTT\n").await;
    assert_eq!(r.code(), "invalid_vtt");
    let r = put_vtt(&app, &t("a1"), &post, "de", format!("WEBVTT\n\nNOTE {}\n", "x".repeat(300 * 1024))).await;
    assert_eq!((r.status.as_u16(), r.code()), (422, "caption_too_large"));
    let mut many = String::from("WEBVTT\n");
    for i in 0..5001 {
        many.push_str(&format!(
            "\n{:02}:{:02}:{:02}.000 --> {:02}:{:02}:{:02}.500\nx\n",
            i / 3600,
            i / 60 % 60,
            i % 60,
            i / 3600,
            i / 60 % 60,
            i % 60
        ));
    }
    assert_eq!(put_vtt(&app, &t("a1"), &post, "de", many).await.code(), "too_many_cues");
    assert_eq!(put_vtt(&app, &t("a1"), &post, "../x", VTT).await.code(), "not_found");
    assert_eq!(put_vtt(&app, &t("a1"), &post, "english", VTT).await.code(), "invalid_language");
    assert!(app.state.storage.head(&format!("videos/{video_id}/captions/de.vtt")).await.unwrap().is_none());

    // The cohort's facilitator adds French: that edit, not the author's, is in the audit log.
    let r = put_vtt(&app, &t("fa"), &post, "fr", VTT.replace("Hello", "Bonjour")).await;
    assert_eq!(r.status, 200, "{:?}", r.body);
    let audit = app.get(&format!("/v1/courses/{}/audit", c.course_id), &c.key).await;
    let entries: Vec<_> = audit.body["items"].as_array().unwrap().iter().filter(|e| e["post_id"] == post).collect();
    assert_eq!(entries.len(), 1, "{:?}", audit.body);
    assert_eq!(entries[0]["action"], "caption_update");
    assert_eq!(entries[0]["actor_kind"], "member");

    // The team deletes English: the object is gone, the post lists French only, twice is 404.
    let del = |token: String| {
        let app = &app;
        let post = post.clone();
        async move { app.call(Method::DELETE, &format!("/v1/posts/{post}/captions/en"), Some(&token), None).await }
    };
    assert_eq!(del(c.key.clone()).await.status, 204);
    assert!(app.state.storage.head(&format!("videos/{video_id}/captions/en.vtt")).await.unwrap().is_none());
    let seen = app.get(&format!("/v1/posts/{post}"), &t("a1")).await;
    let langs: Vec<_> = seen.body["video"]["captions"].as_array().unwrap().iter().map(|c| c["lang"].clone()).collect();
    assert_eq!(langs, vec![json!("fr")]);
    assert_eq!(del(c.key.clone()).await.status, 404);
    let audit = app.get(&format!("/v1/courses/{}/audit", c.course_id), &c.key).await;
    assert!(audit.body["items"].as_array().unwrap().iter().any(|e| e["action"] == "caption_delete"));
}
