//! Exports: a member downloads everything they posted as a zip whose files are the store's objects
//! byte for byte, with an index naming them.
#![expect(deprecated, reason = "async_zip's in-memory reader is the simple way to read a whole zip in a test")]

mod common;
mod support;

use std::collections::{BTreeMap, BTreeSet};

use async_zip::base::read::mem::ZipFileReader;
use common::TestApp;
use serde_json::Value;
use support::{object, post_video, put_vtt, setup, VTT};

/// The zip's files by name.
async fn unzip(bytes: Vec<u8>) -> BTreeMap<String, Vec<u8>> {
    let zip = ZipFileReader::new(bytes).await.expect("a valid zip");
    let mut out = BTreeMap::new();
    for i in 0..zip.file().entries().len() {
        let name = zip.file().entries()[i].filename().as_str().unwrap().to_owned();
        let mut r = zip.reader_with_entry(i).await.unwrap();
        let mut data = Vec::new();
        r.read_to_end_checked(&mut data).await.unwrap();
        out.insert(name, data);
    }
    out
}

#[tokio::test]
async fn a_member_exports_exactly_their_posts_byte_for_byte() {
    let app = TestApp::spawn().await;
    let c = setup(&app).await;
    let lukas = post_video(&app, &c, "a2", None, "Lukas answers").await;
    let mut mine = Vec::new();
    for i in 0..3 {
        mine.push(post_video(&app, &c, "a1", None, &format!("answer {i} <b>&</b>")).await);
    }
    for i in 0..2 {
        mine.push(post_video(&app, &c, "a1", Some(&lukas), &format!("reply {i}")).await);
    }
    // Lukas replies to Amina's first answer; Amina captions it.
    post_video(&app, &c, "a2", Some(&mine[0]), "Nice one").await;
    assert_eq!(put_vtt(&app, &c.tokens["a1"], &mine[0], "en", VTT).await.status, 200);

    let res = app.http.get(format!("{}/v1/me/export", app.base)).bearer_auth(&c.tokens["a1"]).send().await.unwrap();
    assert_eq!(res.status(), 200);
    assert_eq!(res.headers()["content-type"], "application/zip");
    let files = unzip(res.bytes().await.unwrap().to_vec()).await;

    let mut expected: BTreeSet<String> = ["index.json", "index.html"].map(String::from).into();
    for id in &mine {
        let post = app.get(&format!("/v1/posts/{id}"), &c.tokens["a1"]).await;
        let vid = post.body["video"]["id"].as_str().unwrap().to_owned();
        for (file, key) in [("video.mp4", "video.mp4"), ("poster.jpg", "poster.jpg")] {
            let name = format!("posts/{id}/{file}");
            let stored = object(&app, &format!("videos/{vid}/{key}")).await;
            assert!(!stored.is_empty());
            assert!(files.get(&name) == Some(&stored), "{name} differs from the stored object");
            expected.insert(name);
        }
    }
    let cap = format!("posts/{}/captions/en.vtt", mine[0]);
    assert_eq!(files.get(&cap).map(Vec::as_slice), Some(VTT.as_bytes()));
    expected.insert(cap.clone());
    assert_eq!(files.keys().cloned().collect::<BTreeSet<_>>(), expected, "exactly their files");

    let index: Value = serde_json::from_slice(&files["index.json"]).unwrap();
    let posts = index["posts"].as_array().unwrap();
    assert_eq!(posts.len(), 5);
    let first = posts.iter().find(|p| p["id"] == mine[0].as_str()).unwrap();
    assert_eq!(first["prompt_title"], "Introduce yourself");
    assert_eq!(first["files"]["video"], format!("posts/{}/video.mp4", mine[0]));
    assert_eq!(first["files"]["captions/en"], cap);
    assert_eq!(first["replies_received"][0]["from"], "Lukas");
    assert_eq!(first["replies_received"][0]["text"], "Nice one");
    assert_eq!(first["replies_received"][0].as_object().unwrap().len(), 4, "no more than the name of a replier");
    let replies = posts.iter().filter(|p| p["parent_id"] == lukas.as_str()).count();
    assert_eq!(replies, 2);
    let html = String::from_utf8(files["index.html"].clone()).unwrap();
    assert!(html.contains(&format!("posts/{}/video.mp4", mine[0])));
    assert!(html.contains("answer 0 &lt;b&gt;&amp;&lt;/b&gt;"), "texts are escaped");
    assert!(!html.contains("<script"));

    // Team keys have no "own posts".
    let r = app.get("/v1/me/export", &c.key).await;
    assert_eq!((r.status.as_u16(), r.code()), (403, "member_only"));
}
