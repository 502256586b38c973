//! Threads in cohorts, moderation and flags, as learners, facilitators and teams see them.

mod common;

use std::collections::BTreeMap;

use common::{fixture, TestApp};
use reqwest::Method;
use serde_json::{json, Value};

struct Course {
    key: String,
    other_team: String,
    course_id: String,
    prompt_id: String,
    tokens: BTreeMap<&'static str, String>,
}

/// Two cohorts: A (learners a1, a2, facilitator fa) and B (learner b1, facilitator fb).
async fn setup(app: &TestApp) -> Course {
    let key = app.team("Own").await;
    let other_team = app.team("Other").await;
    let s = app.seed_course(&key).await;
    let r = app
        .call(Method::PUT, &format!("/v1/courses/{}/members", s.course_id), Some(&key), Some(json!({"members": [
            {"external_id": "a1", "role": "learner", "display_name": "Amina", "country": "MA", "languages": ["ar", "en"]},
            {"external_id": "a2", "role": "learner", "display_name": "Lukas", "country": "DE", "languages": ["de", "en"]},
            {"external_id": "b1", "role": "learner", "display_name": "Sofia", "country": "ES", "languages": ["es", "en"]},
            {"external_id": "fa", "role": "facilitator", "display_name": "Marta", "country": "PL", "languages": ["en"]},
            {"external_id": "fb", "role": "facilitator", "display_name": "Youssef", "country": "MA", "languages": ["en"]}
        ]})))
        .await;
    assert_eq!(r.status, 200);
    for (name, members) in [("A", json!(["a1", "a2", "fa"])), ("B", json!(["b1", "fb"]))] {
        let c = app.post(&format!("/v1/courses/{}/cohorts", s.course_id), &key, json!({"name": name})).await;
        let id = c.body["id"].as_str().unwrap();
        let r = app
            .call(Method::PUT, &format!("/v1/cohorts/{id}/members"), Some(&key), Some(json!({"external_ids": members})))
            .await;
        assert_eq!(r.status, 200);
    }
    let mut tokens = BTreeMap::new();
    for ext in ["a1", "a2", "b1", "fa", "fb"] {
        tokens.insert(ext, app.token(&key, &s.course_id, ext).await);
    }
    Course { key, other_team, course_id: s.course_id, prompt_id: s.prompt_id, tokens }
}

async fn set_mode(app: &TestApp, c: &Course, mode: &str) {
    let r = app
        .call(Method::PATCH, &format!("/v1/prompts/{}", c.prompt_id), Some(&c.key), Some(json!({"moderation": mode})))
        .await;
    assert_eq!(r.status, 200);
}

/// Posts a response as `who` and processes it; returns the post id.
async fn respond(app: &TestApp, c: &Course, who: &str) -> String {
    let t = &c.tokens[who];
    let up = app.upload(t, &fixture("compliant_720p.mp4"), 1 << 20).await;
    let r = app
        .post(
            &format!("/v1/prompts/{}/posts", c.prompt_id),
            t,
            json!({"upload_id": up, "text": format!("hello from {who}")}),
        )
        .await;
    assert_eq!(r.status, 201, "{:?}", r.body);
    app.run_pending_jobs().await;
    r.body["id"].as_str().unwrap().to_owned()
}

async fn reply(app: &TestApp, c: &Course, who: &str, parent: &str) -> (u16, Value) {
    let t = &c.tokens[who];
    let up = app.upload(t, &fixture("compliant_720p.mp4"), 1 << 20).await;
    let r = app.post(&format!("/v1/posts/{parent}/replies"), t, json!({"upload_id": up})).await;
    app.run_pending_jobs().await;
    (r.status.as_u16(), r.body)
}

async fn decide(app: &TestApp, token: &str, post: &str, action: &str) -> (u16, Value) {
    let r = app
        .post(
            &format!("/v1/posts/{post}/moderation"),
            token,
            json!({"action": action, "reason": format!("{action}: see the community guidelines")}),
        )
        .await;
    (r.status.as_u16(), r.body)
}

fn listed(body: &Value, id: &str) -> bool {
    body["items"]
        .as_array()
        .unwrap()
        .iter()
        .any(|t| t["id"] == id || t["replies"].as_array().unwrap().iter().any(|r| r["id"] == id))
}

#[tokio::test]
async fn visibility_matrix_every_state_for_every_viewer() {
    let app = TestApp::spawn().await;
    let c = setup(&app).await;
    // The learner's first post in hybrid mode would wait; use `post` mode for the baseline states.
    set_mode(&app, &c, "post").await;
    let visible = respond(&app, &c, "a1").await;
    let hidden = respond(&app, &c, "a1").await;
    assert_eq!(decide(&app, &c.tokens["fa"], &hidden, "hide").await.0, 200);
    let removed = respond(&app, &c, "a1").await;
    assert_eq!(decide(&app, &c.tokens["fa"], &removed, "remove").await.0, 200);
    let deleted = respond(&app, &c, "a1").await;
    assert_eq!(
        app.call(Method::DELETE, &format!("/v1/posts/{deleted}"), Some(&c.tokens["a1"]), None).await.status,
        204
    );
    set_mode(&app, &c, "pre").await;
    let pending = respond(&app, &c, "a1").await;
    // Processing: posted but the worker has not run.
    let t = &c.tokens["a1"];
    let up = app.upload(t, &fixture("compliant_720p.mp4"), 1 << 20).await;
    let processing = app.post(&format!("/v1/prompts/{}/posts", c.prompt_id), t, json!({"upload_id": up})).await.body
        ["id"]
        .as_str()
        .unwrap()
        .to_owned();

    let states = [
        ("processing", &processing),
        ("pending", &pending),
        ("visible", &visible),
        ("hidden", &hidden),
        ("removed", &removed),
        ("deleted", &deleted),
    ];
    // viewer -> which states it sees (deleted posts are seen as tombstones).
    let viewers: [(&str, &str, [bool; 6]); 7] = [
        ("author", &c.tokens["a1"], [true, true, true, true, true, true]),
        ("same-cohort learner", &c.tokens["a2"], [false, false, true, false, false, true]),
        ("other-cohort learner", &c.tokens["b1"], [false, false, false, false, false, false]),
        ("facilitator of the cohort", &c.tokens["fa"], [true, true, true, true, true, true]),
        ("facilitator of another cohort", &c.tokens["fb"], [false, false, false, false, false, false]),
        ("team", &c.key, [true, true, true, true, true, true]),
        ("other team", &c.other_team, [false, false, false, false, false, false]),
    ];
    let mut failures = Vec::new();
    for (who, token, expected) in viewers {
        let list = app.get(&format!("/v1/prompts/{}/posts?limit=200", c.prompt_id), token).await;
        for (i, (state, id)) in states.iter().enumerate() {
            let got = app.get(&format!("/v1/posts/{id}"), token).await;
            let seen = got.status == 200;
            if seen != expected[i] {
                failures.push(format!("GET {state} post as {who}: status {}", got.status));
            }
            if seen && got.body["state"] != *state {
                failures.push(format!("{state} post shows as {} to {who}", got.body["state"]));
            }
            if seen && *state == "deleted" && (!got.body["video"].is_null() || got.body["text"] != "") {
                failures.push(format!("deleted post is not a tombstone for {who}"));
            }
            let in_list = list.status == 200 && listed(&list.body, id);
            if in_list != expected[i] {
                failures.push(format!("list {state} post as {who}: listed={in_list} (status {})", list.status));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    // Paging through a facilitator's and a learner's threads gives the same threads in the same order.
    for who in ["fa", "a2", "a1"] {
        let t = &c.tokens[who];
        let all: Vec<Value> = app.get(&format!("/v1/prompts/{}/posts?limit=200", c.prompt_id), t).await.body["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| i["id"].clone())
            .collect();
        let mut paged = Vec::new();
        let mut cursor = String::new();
        loop {
            let r = app.get(&format!("/v1/prompts/{}/posts?limit=2{cursor}", c.prompt_id), t).await;
            paged.extend(r.body["items"].as_array().unwrap().iter().map(|i| i["id"].clone()));
            match r.body["next_cursor"].as_str() {
                Some(n) => cursor = format!("&cursor={n}"),
                None => break,
            }
        }
        assert_eq!(paged, all, "paging as {who}");
    }
    // Statements of reasons reach the author, not other learners.
    let mine = app.get("/v1/me/posts", &c.tokens["a1"]).await;
    let h = mine.body["items"].as_array().unwrap().iter().find(|p| p["id"] == hidden.as_str()).unwrap();
    assert!(h["moderation_reason"].as_str().unwrap().contains("hide"));
    assert_eq!(mine.body["items"].as_array().unwrap().len(), 6);
}

#[tokio::test]
async fn moderation_transitions_and_the_ones_refused() {
    let app = TestApp::spawn().await;
    let c = setup(&app).await;
    set_mode(&app, &c, "pre").await;
    let p = respond(&app, &c, "a1").await;
    let fa = c.tokens["fa"].clone();
    assert_eq!(app.get(&format!("/v1/posts/{p}"), &fa).await.body["state"], "pending");
    // Learners and other cohorts' facilitators cannot moderate.
    assert_eq!(decide(&app, &c.tokens["a2"], &p, "approve").await.0, 404, "a2 cannot even see the pending post");
    assert_eq!(decide(&app, &c.tokens["fb"], &p, "approve").await.0, 404);
    // No statement of reasons, no decision.
    let r = app.post(&format!("/v1/posts/{p}/moderation"), &fa, json!({"action": "approve", "reason": " "})).await;
    assert_eq!(r.status, 422);
    let steps = [
        ("restore", 409, "pending"),
        ("approve", 200, "visible"),
        ("approve", 409, "visible"),
        ("restore", 409, "visible"),
        ("hide", 200, "hidden"),
        ("hide", 409, "hidden"),
        ("approve", 200, "visible"),
        ("remove", 200, "removed"),
        ("remove", 409, "removed"),
        ("hide", 409, "removed"),
        ("restore", 200, "visible"),
    ];
    for (action, status, state) in steps {
        let (got, body) = decide(&app, &fa, &p, action).await;
        assert_eq!(got, status, "{action}: {body}");
        if got == 409 {
            assert_eq!(body["code"], "invalid_transition");
        }
        assert_eq!(app.get(&format!("/v1/posts/{p}"), &c.key).await.body["state"], state, "after {action}");
    }
    // The team moderates too; the author's own deletion is final.
    assert_eq!(decide(&app, &c.key, &p, "hide").await.0, 200);
    assert_eq!(app.call(Method::DELETE, &format!("/v1/posts/{p}"), Some(&fa), None).await.status, 403);
    assert_eq!(app.call(Method::DELETE, &format!("/v1/posts/{p}"), Some(&c.tokens["a1"]), None).await.status, 204);
    for a in ["approve", "restore", "hide", "remove"] {
        assert_eq!(decide(&app, &fa, &p, a).await.0, 409, "{a} on a deleted post");
    }
    // Every decision is in the audit log, in order.
    let audit = app.get(&format!("/v1/courses/{}/audit", c.course_id), &fa).await;
    let actions: Vec<&str> =
        audit.body["items"].as_array().unwrap().iter().map(|a| a["action"].as_str().unwrap()).collect();
    assert_eq!(actions, ["approve", "hide", "approve", "remove", "restore", "hide"]);
    assert_eq!(app.get(&format!("/v1/courses/{}/audit", c.course_id), &c.tokens["a1"]).await.status, 403);
    // Deleting the post removes its video objects at the next clean-up.
    let vid = app.get(&format!("/v1/posts/{p}"), &c.key).await;
    assert!(vid.body["video"].is_null());
    crosstalk_api::worker::Worker::new(app.state.clone()).cleanup().await.unwrap();
    let v = {
        use sea_orm::EntityTrait as _;
        crosstalk_core::entities::post::Entity::find_by_id(&p).one(&app.state.db).await.unwrap().unwrap().video_id
    };
    assert!(app.state.storage.list(&format!("videos/{v}/")).await.unwrap().is_empty());
}

#[tokio::test]
async fn hybrid_mode_holds_first_posts_and_posts_after_a_removal() {
    let app = TestApp::spawn().await;
    let c = setup(&app).await;
    set_mode(&app, &c, "hybrid").await;
    let fa = &c.tokens["fa"];
    let first = respond(&app, &c, "a1").await;
    assert_eq!(app.get(&format!("/v1/posts/{first}"), fa).await.body["state"], "pending");
    assert_eq!(decide(&app, fa, &first, "approve").await.0, 200);
    let second = respond(&app, &c, "a1").await;
    assert_eq!(app.get(&format!("/v1/posts/{second}"), fa).await.body["state"], "visible");
    assert_eq!(decide(&app, fa, &second, "remove").await.0, 200);
    let third = respond(&app, &c, "a1").await;
    assert_eq!(app.get(&format!("/v1/posts/{third}"), fa).await.body["state"], "pending", "after a removal");
    // Facilitators are never held.
    let f = respond(&app, &c, "fa").await;
    assert_eq!(app.get(&format!("/v1/posts/{f}"), fa).await.body["state"], "visible");
}

#[tokio::test]
async fn flags_fill_the_queue_and_hide_at_the_threshold() {
    let app = TestApp::spawn().await;
    let c = setup(&app).await;
    set_mode(&app, &c, "post").await;
    // More learners in cohort A to reach the threshold of 3.
    app.call(
        Method::PUT,
        &format!("/v1/courses/{}/members", c.course_id),
        Some(&c.key),
        Some(json!({"members": [
            {"external_id": "a3", "role": "learner", "display_name": "Noor", "country": "JO"},
            {"external_id": "a4", "role": "learner", "display_name": "Jan", "country": "PL"}
        ]})),
    )
    .await;
    let cohorts = app.get(&format!("/v1/courses/{}/cohorts", c.course_id), &c.key).await;
    let a = cohorts.body["items"].as_array().unwrap().iter().find(|x| x["name"] == "A").unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    app.call(
        Method::PUT,
        &format!("/v1/cohorts/{a}/members"),
        Some(&c.key),
        Some(json!({"external_ids": ["a1", "a2", "a3", "a4", "fa"]})),
    )
    .await;
    let a3 = app.token(&c.key, &c.course_id, "a3").await;
    let a4 = app.token(&c.key, &c.course_id, "a4").await;
    let p = respond(&app, &c, "a1").await;
    let flag = |t: String, reason: &'static str| {
        let app = &app;
        let p = p.clone();
        async move { app.post(&format!("/v1/posts/{p}/flags"), &t, json!({"reason": reason, "note": "please check"})).await }
    };
    assert_eq!(flag(c.tokens["a1"].clone(), "spam").await.status, 422, "own post");
    assert_eq!(flag(c.tokens["b1"].clone(), "spam").await.status, 404, "other cohort cannot see it");
    assert_eq!(flag(c.tokens["a2"].clone(), "invented").await.status, 422);
    let r = flag(c.tokens["a2"].clone(), "harassment").await;
    assert_eq!(r.status, 201);
    assert_eq!(r.body["post_hidden"], false);
    let dup = flag(c.tokens["a2"].clone(), "spam").await;
    assert_eq!((dup.status.as_u16(), dup.code()), (409, "already_flagged"));
    assert_eq!(flag(a3.clone(), "harassment").await.status, 201);
    let fa = &c.tokens["fa"];
    let q = app.get(&format!("/v1/courses/{}/moderation/queue", c.course_id), fa).await;
    assert_eq!(q.status, 200);
    let entry = &q.body["items"][0];
    assert_eq!(entry["post"]["id"], p.as_str());
    assert_eq!(entry["flag_count"], 2);
    assert_eq!(entry["reasons"][0], json!({"reason": "harassment", "count": 2}));
    assert_eq!(
        app.get(&format!("/v1/posts/{p}"), &c.tokens["a2"]).await.status,
        200,
        "still visible under the threshold"
    );
    let third = flag(a4, "hate").await;
    assert_eq!(third.body["post_hidden"], true);
    assert_eq!(app.get(&format!("/v1/posts/{p}"), &c.tokens["a2"]).await.status, 404, "hidden until reviewed");
    // Filters; other cohort's facilitator sees nothing; learners may not look.
    let by_reason = app.get(&format!("/v1/courses/{}/moderation/queue?reason=hate", c.course_id), fa).await;
    assert_eq!(by_reason.body["items"].as_array().unwrap().len(), 1);
    let none = app.get(&format!("/v1/courses/{}/moderation/queue?reason=spam", c.course_id), fa).await;
    assert_eq!(none.body["items"].as_array().unwrap().len(), 0);
    assert_eq!(
        app.get(&format!("/v1/courses/{}/moderation/queue", c.course_id), &c.tokens["fb"]).await.body["items"]
            .as_array()
            .unwrap()
            .len(),
        0
    );
    assert_eq!(app.get(&format!("/v1/courses/{}/moderation/queue", c.course_id), &c.tokens["a2"]).await.status, 403);
    assert_eq!(app.get(&format!("/v1/courses/{}/moderation/queue", c.course_id), &c.other_team).await.status, 404);
    // Approving clears the flags and the queue.
    assert_eq!(decide(&app, fa, &p, "approve").await.0, 200);
    assert_eq!(
        app.get(&format!("/v1/courses/{}/moderation/queue", c.course_id), fa).await.body["items"]
            .as_array()
            .unwrap()
            .len(),
        0
    );
    assert_eq!(app.get(&format!("/v1/posts/{p}"), &c.tokens["a2"]).await.status, 200);
    // Mute: the learner can no longer post or flag; it is audited.
    let r = app
        .call(
            Method::PUT,
            &format!("/v1/courses/{}/members/a2/mute", c.course_id),
            Some(fa),
            Some(json!({"reason": "repeated insults"})),
        )
        .await;
    assert_eq!(r.status, 204);
    assert_eq!(
        app.call(
            Method::PUT,
            &format!("/v1/courses/{}/members/b1/mute", c.course_id),
            Some(fa),
            Some(json!({"reason": "x"}))
        )
        .await
        .status,
        403
    );
    let up = app.upload(&c.tokens["a2"], &fixture("compliant_720p.mp4"), 1 << 20).await;
    let r = app.post(&format!("/v1/prompts/{}/posts", c.prompt_id), &c.tokens["a2"], json!({"upload_id": up})).await;
    assert_eq!((r.status.as_u16(), r.code()), (403, "muted"));
    let audit = app.get(&format!("/v1/courses/{}/audit", c.course_id), &c.key).await;
    let actions: Vec<&str> =
        audit.body["items"].as_array().unwrap().iter().map(|a| a["action"].as_str().unwrap()).collect();
    assert_eq!(actions, ["flag", "flag", "flag", "approve", "mute"]);
    // Unmute with a reason: the learner may post again, and the log says why.
    let path = format!("/v1/courses/{}/members/a2/mute?reason=Apologised%20to%20the%20cohort", c.course_id);
    assert_eq!(app.call(Method::DELETE, &path, Some(fa), None).await.status, 204);
    let r = app.post(&format!("/v1/prompts/{}/posts", c.prompt_id), &c.tokens["a2"], json!({"upload_id": up})).await;
    assert_eq!(r.status, 201, "{}", r.body);
    let audit = app.get(&format!("/v1/courses/{}/audit", c.course_id), &c.key).await;
    let last = audit.body["items"].as_array().unwrap().last().unwrap().clone();
    assert_eq!((last["action"].as_str(), last["reason"].as_str()), (Some("unmute"), Some("Apologised to the cohort")));
}

#[tokio::test]
async fn replies_threads_depth_and_new_marks() {
    let app = TestApp::spawn().await;
    let c = setup(&app).await;
    set_mode(&app, &c, "post").await;
    let root = respond(&app, &c, "a1").await;
    let (s, r1) = reply(&app, &c, "a2", &root).await;
    assert_eq!(s, 201, "{r1}");
    let r1 = r1["id"].as_str().unwrap().to_owned();
    let (s, r2) = reply(&app, &c, "a1", &r1).await;
    assert_eq!(s, 201, "{r2}");
    let r2 = r2["id"].as_str().unwrap().to_owned();
    // Depth limit 2 (default): a reply to a depth-2 reply is refused.
    let (s, body) = reply(&app, &c, "a2", &r2).await;
    assert_eq!((s, body["code"].as_str().unwrap()), (422, "reply_too_deep"));
    // Other cohort cannot reply to what it cannot see.
    let (s, _) = reply(&app, &c, "b1", &root).await;
    assert_eq!(s, 404);

    let list = app.get(&format!("/v1/prompts/{}/posts", c.prompt_id), &c.tokens["a2"]).await;
    let t = &list.body["items"][0];
    assert_eq!(t["id"], root.as_str());
    assert_eq!(t["reply_count"], 2);
    let ids: Vec<&str> = t["replies"].as_array().unwrap().iter().map(|r| r["id"].as_str().unwrap()).collect();
    assert_eq!(ids, [r1.as_str(), r2.as_str()]);
    assert_eq!(t["new"], true, "first look");
    let again = app.get(&format!("/v1/prompts/{}/posts", c.prompt_id), &c.tokens["a2"]).await;
    assert_eq!(again.body["items"][0]["new"], false, "nothing new since the last look");
    // Newest activity first: a new thread by fa goes on top until a reply bumps the older one.
    let other = respond(&app, &c, "fa").await;
    let l = app.get(&format!("/v1/prompts/{}/posts", c.prompt_id), &c.tokens["a2"]).await;
    assert_eq!(l.body["items"][0]["id"], other.as_str());
    assert_eq!(l.body["items"][0]["new"], true);
    let (_, r3) = reply(&app, &c, "a2", &root).await;
    let l = app.get(&format!("/v1/prompts/{}/posts", c.prompt_id), &c.tokens["a1"]).await;
    assert_eq!(l.body["items"][0]["id"], root.as_str());
    assert_eq!(l.body["items"][0]["reply_count"], 3);
    // A listing carries a thread's first three replies, oldest first; the count tells of the rest.
    let (s, r4) = reply(&app, &c, "a1", &root).await;
    assert_eq!(s, 201, "{r4}");
    let l = app.get(&format!("/v1/prompts/{}/posts", c.prompt_id), &c.tokens["a2"]).await;
    let t = &l.body["items"][0];
    assert_eq!(t["reply_count"], 4);
    let ids: Vec<&str> = t["replies"].as_array().unwrap().iter().map(|r| r["id"].as_str().unwrap()).collect();
    assert_eq!(ids, [r1.as_str(), r2.as_str(), r3["id"].as_str().unwrap()]);
    // A deleted reply leaves a tombstone in the thread and the count drops.
    app.call(Method::DELETE, &format!("/v1/posts/{r1}"), Some(&c.tokens["a2"]), None).await;
    let l = app.get(&format!("/v1/prompts/{}/posts", c.prompt_id), &c.tokens["a1"]).await;
    let t = &l.body["items"][0];
    assert_eq!(t["reply_count"], 3);
    assert_eq!(t["replies"][0]["deleted"], true);
    // Participation: b1 has not posted; a1's thread has replies, fa's has none.
    let part = app.get(&format!("/v1/courses/{}/participation", c.course_id), &c.tokens["fa"]).await;
    assert_eq!(part.status, 200, "{:?}", part.body);
    let cohorts = part.body["cohorts"].as_array().unwrap();
    assert_eq!(cohorts.len(), 1, "a facilitator sees only their cohorts");
    let pr = &cohorts[0]["prompts"][0];
    let not_posted: Vec<&str> =
        pr["not_posted"].as_array().unwrap().iter().map(|m| m["external_id"].as_str().unwrap()).collect();
    assert_eq!(not_posted, ["a2"]);
    assert_eq!(pr["responses_without_replies"], json!([other]));
    let team = app.get(&format!("/v1/courses/{}/participation", c.course_id), &c.key).await;
    assert_eq!(team.body["cohorts"].as_array().unwrap().len(), 2);
}

/// The first three replies of a thread are the first three *this viewer* may see: a pending reply
/// takes a place in its author's and the facilitator's listing, and another learner gets the next.
#[tokio::test]
async fn a_thread_carries_the_first_three_replies_each_viewer_may_see() {
    let app = TestApp::spawn().await;
    let c = setup(&app).await;
    set_mode(&app, &c, "post").await;
    let root = respond(&app, &c, "a1").await;
    let id = |(s, b): (u16, Value)| {
        assert_eq!(s, 201, "{b}");
        b["id"].as_str().unwrap().to_owned()
    };
    let r1 = id(reply(&app, &c, "a2", &root).await);
    set_mode(&app, &c, "pre").await;
    let pending = id(reply(&app, &c, "a2", &root).await);
    set_mode(&app, &c, "post").await;
    let r2 = id(reply(&app, &c, "fa", &root).await);
    let r3 = id(reply(&app, &c, "a2", &root).await);
    let replies = |who: &'static str| {
        let (app, c) = (&app, &c);
        async move {
            let l = app.get(&format!("/v1/prompts/{}/posts", c.prompt_id), &c.tokens[who]).await;
            assert_eq!(l.status, 200, "{:?}", l.body);
            let t = &l.body["items"][0];
            t["replies"].as_array().unwrap().iter().map(|r| r["id"].as_str().unwrap().to_owned()).collect::<Vec<_>>()
        }
    };
    assert_eq!(replies("a1").await, [r1.clone(), r2.clone(), r3.clone()], "the pending reply is not a1's to see");
    assert_eq!(replies("a2").await, [r1.clone(), pending.clone(), r2.clone()], "its author sees it in its place");
    assert_eq!(replies("fa").await, [r1.clone(), pending.clone(), r2.clone()], "the cohort's facilitator too");
    let team = app.get(&format!("/v1/prompts/{}/posts", c.prompt_id), &c.key).await;
    let ids: Vec<&str> =
        team.body["items"][0]["replies"].as_array().unwrap().iter().map(|r| r["id"].as_str().unwrap()).collect();
    assert_eq!(ids, [r1.as_str(), pending.as_str(), r2.as_str()]);
    // Another cohort's facilitator does not see the thread at all.
    let fb = app.get(&format!("/v1/prompts/{}/posts", c.prompt_id), &c.tokens["fb"]).await;
    assert!(!listed(&fb.body, &root), "{:?}", fb.body);
}

#[tokio::test]
async fn generated_cohorts_are_diverse_and_late_joiners_add_diversity() {
    let app = TestApp::spawn().await;
    let key = app.team("T").await;
    let c = app.post("/v1/courses", &key, json!({"title": "VE"})).await.body["id"].as_str().unwrap().to_owned();
    let countries = [
        "MA", "DE", "ES", "EG", "IT", "TN", "PT", "LB", "PL", "JO", "FR", "PS", "GR", "DZ", "SE", "TR", "LY", "NL",
        "SY", "RO",
    ];
    let mut members: Vec<Value> = countries
        .iter()
        .enumerate()
        .map(|(i, cc)| json!({"external_id": format!("l{i}"), "role": "learner", "display_name": format!("L{i}"), "country": cc, "languages": ["en"]}))
        .collect();
    members.push(json!({"external_id": "f1", "role": "facilitator", "display_name": "F1", "languages": ["en"]}));
    members.push(json!({"external_id": "f2", "role": "facilitator", "display_name": "F2", "languages": ["en"]}));
    app.call(Method::PUT, &format!("/v1/courses/{c}/members"), Some(&key), Some(json!({"members": members}))).await;
    let g = app.post(&format!("/v1/courses/{c}/cohorts/generate"), &key, json!({"size": 10})).await;
    assert_eq!(g.status, 201, "{:?}", g.body);
    let cohorts = g.body["cohorts"].as_array().unwrap();
    assert_eq!(cohorts.len(), 2);
    for (i, co) in cohorts.iter().enumerate() {
        let ms = co["members"].as_array().unwrap();
        assert_eq!(ms.iter().filter(|m| m["role"] == "learner").count(), 10);
        assert_eq!(ms.iter().filter(|m| m["role"] == "facilitator").count(), 1, "a facilitator per cohort");
        assert_eq!(g.body["countries_per_cohort"][i], 10, "20 countries over 2 cohorts: all different");
        assert_eq!(g.body["shared_languages"][i], json!(["en"]));
    }
    let again = app.post(&format!("/v1/courses/{c}/cohorts/generate"), &key, json!({"size": 10})).await;
    assert_eq!((again.status.as_u16(), again.code()), (409, "cohorts_exist"));
    let bad = app.post(&format!("/v1/courses/{c}/cohorts/generate"), &key, json!({"size": 0, "replace": true})).await;
    assert_eq!(bad.status, 422);
    // A late joiner from Morocco goes to the cohort without a Moroccan learner.
    let moroccan_cohort =
        cohorts.iter().position(|co| co["members"].as_array().unwrap().iter().any(|m| m["country"] == "MA")).unwrap();
    let r = app
        .call(Method::PUT, &format!("/v1/courses/{c}/members"), Some(&key), Some(json!({"members": [
            {"external_id": "late", "role": "learner", "display_name": "Late", "country": "MA", "languages": ["en", "ar"]}
        ]})))
        .await;
    assert_eq!(r.body["placed_in_cohorts"], 1);
    let late = app.token(&key, &c, "late").await;
    let me = app.get("/v1/me", &late).await;
    let expected = cohorts[1 - moroccan_cohort]["id"].as_str().unwrap();
    assert_eq!(me.body["cohorts"][0]["id"], expected);
}
