//! Notifications end to end: the outbox, mail through a real SMTP server (in-process), signed
//! webhooks to a receiver run by the test, preferences, unsubscribe, digests and nudges.

mod common;

use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, Mutex};

use actix_web::{web, App, HttpRequest, HttpResponse, HttpServer};
use common::{fixture, TestApp};
use crosstalk_core::notify::verify_signature;
use crosstalk_testkit::smtp::{self, start_smtp, start_smtp_on, ReceivedMail};
use reqwest::Method;
use serde_json::{json, Value};

// ---------------------------------------------------------------------------------------------
// A webhook receiver: records every request; answers from a script of statuses (then 200).

#[derive(Clone, Debug)]
struct Hit {
    signature: String,
    event: String,
    delivery: String,
    body: Vec<u8>,
}

#[derive(Clone, Default)]
struct Receiver {
    /// Requests answered, in the order they were answered.
    hits: Arc<Mutex<Vec<Hit>>>,
    /// Every request as it arrived, answered or not.
    arrived: Arc<Mutex<Vec<Hit>>>,
    script: Arc<Mutex<Vec<u16>>>,
    /// `Some(n)`: the requests arriving after the first `n` are never answered (a receiver that
    /// hangs), so a sender can be caught with requests in flight.
    hold_after: Arc<Mutex<Option<usize>>>,
    /// Held while a request is answered: requests are handled one at a time.
    serial: Arc<tokio::sync::Mutex<()>>,
}

impl Receiver {
    async fn start(self) -> String {
        let state = self;
        let server = HttpServer::new(move || {
            App::new().app_data(web::Data::new(state.clone())).default_service(web::to(
                |req: HttpRequest, body: web::Bytes, r: web::Data<Receiver>| async move {
                    let h = |n: &str| req.headers().get(n).and_then(|v| v.to_str().ok()).unwrap_or_default().to_owned();
                    let hit = Hit {
                        signature: h("crosstalk-signature"),
                        event: h("crosstalk-event"),
                        delivery: h("crosstalk-delivery"),
                        body: body.to_vec(),
                    };
                    let held = {
                        let mut arrived = r.arrived.lock().unwrap();
                        arrived.push(hit.clone());
                        r.hold_after.lock().unwrap().is_some_and(|n| arrived.len() > n)
                    };
                    if held {
                        std::future::pending::<()>().await;
                    }
                    let _one_at_a_time = r.serial.lock().await;
                    r.hits.lock().unwrap().push(hit);
                    let status = {
                        let mut s = r.script.lock().unwrap();
                        if s.is_empty() {
                            200
                        } else {
                            s.remove(0)
                        }
                    };
                    HttpResponse::build(actix_web::http::StatusCode::from_u16(status).unwrap()).finish()
                },
            ))
        })
        .workers(1)
        .bind("127.0.0.1:0")
        .unwrap();
        let addr = server.addrs()[0];
        tokio::spawn(server.run());
        format!("http://{addr}/hooks/crosstalk")
    }

    fn hits(&self) -> Vec<Hit> {
        self.hits.lock().unwrap().clone()
    }

    fn arrived(&self) -> Vec<Hit> {
        self.arrived.lock().unwrap().clone()
    }
}

fn body_json(h: &Hit) -> Value {
    serde_json::from_slice(&h.body).unwrap()
}

fn now() -> i64 {
    chrono::Utc::now().timestamp()
}

// ---------------------------------------------------------------------------------------------

struct Course {
    key: String,
    course_id: String,
    prompt_id: String,
    tokens: BTreeMap<&'static str, String>,
}

/// Cohort A: learners amina (English), lea (French), facilitator marta (German); all with email.
async fn setup(app: &TestApp) -> Course {
    let key = app.team("Own").await;
    let s = app.seed_course(&key).await;
    let r = app
        .call(Method::PUT, &format!("/v1/courses/{}/members", s.course_id), Some(&key), Some(json!({"members": [
            {"external_id": "learner-1", "role": "learner", "display_name": "Amina (seed)", "email": null},
            {"external_id": "amina", "role": "learner", "display_name": "Amina", "country": "MA", "languages": ["ar", "en"], "email": "amina@example.org", "locale": "en"},
            {"external_id": "lea", "role": "learner", "display_name": "Léa", "country": "FR", "languages": ["fr", "en"], "email": "lea@example.org", "locale": "fr-FR"},
            {"external_id": "marta", "role": "facilitator", "display_name": "Marta", "country": "DE", "languages": ["de", "en"], "email": "marta@example.org", "locale": "de"}
        ]})))
        .await;
    assert_eq!(r.status, 200, "{:?}", r.body);
    let c = app.post(&format!("/v1/courses/{}/cohorts", s.course_id), &key, json!({"name": "A"})).await;
    let id = c.body["id"].as_str().unwrap();
    let r = app
        .call(
            Method::PUT,
            &format!("/v1/cohorts/{id}/members"),
            Some(&key),
            Some(json!({"external_ids": ["amina", "lea", "marta"]})),
        )
        .await;
    assert_eq!(r.status, 200);
    let mut tokens = BTreeMap::new();
    for ext in ["amina", "lea", "marta"] {
        tokens.insert(ext, app.token(&key, &s.course_id, ext).await);
    }
    Course { key, course_id: s.course_id, prompt_id: s.prompt_id, tokens }
}

async fn respond(app: &TestApp, c: &Course, who: &str, clip: &str) -> String {
    let t = &c.tokens[who];
    let up = app.upload(t, &fixture(clip), 1 << 20).await;
    let r = app
        .post(
            &format!("/v1/prompts/{}/posts", c.prompt_id),
            t,
            json!({"upload_id": up, "text": format!("hi, {who} here")}),
        )
        .await;
    assert_eq!(r.status, 201, "{:?}", r.body);
    app.run_pending_jobs().await;
    r.body["id"].as_str().unwrap().to_owned()
}

async fn reply(app: &TestApp, c: &Course, who: &str, parent: &str) -> String {
    let t = &c.tokens[who];
    let up = app.upload(t, &fixture("compliant_720p.mp4"), 1 << 20).await;
    let r = app
        .post(&format!("/v1/posts/{parent}/replies"), t, json!({"upload_id": up, "text": "Merci <b>Amina</b> & co!"}))
        .await;
    assert_eq!(r.status, 201, "{:?}", r.body);
    app.run_pending_jobs().await;
    r.body["id"].as_str().unwrap().to_owned()
}

async fn webhook(app: &TestApp, key: &str, url: &str, events: &[&str]) -> (String, String) {
    let r = app.post("/v1/webhooks", key, json!({"url": url, "events": events})).await;
    assert_eq!(r.status, 201, "{:?}", r.body);
    (r.body["id"].as_str().unwrap().to_owned(), r.body["secret"].as_str().unwrap().to_owned())
}

fn mails_to<'a>(all: &'a [ReceivedMail], to: &str) -> Vec<&'a ReceivedMail> {
    all.iter().filter(|m| m.to.iter().any(|t| t == to)).collect()
}

fn subject(m: &ReceivedMail) -> String {
    smtp::header(&m.data, "Subject").unwrap_or_default()
}

fn event_of(m: &ReceivedMail) -> String {
    smtp::header(&m.data, "X-Crosstalk-Event").unwrap_or_default()
}

async fn mail_app(smtp_url: String) -> TestApp {
    TestApp::spawn_with(|c| {
        c.smtp_url = Some(smtp_url.into());
        c.webhook_allow_private = true;
        c.delivery_backoff_seconds = 0;
    })
    .await
}

#[tokio::test]
async fn a_scripted_exchange_mails_the_right_people_in_their_language_and_signs_every_webhook() {
    let server = start_smtp().unwrap();
    let app = mail_app(server.url()).await;
    let c = setup(&app).await;
    let rx = Receiver::default();
    let url = rx.clone().start().await;
    let (_, secret) = webhook(
        &app,
        &c.key,
        &url,
        &["post.created", "video.ready", "video.rejected", "flag.created", "moderation.decided"],
    )
    .await;

    // Amina answers, Léa replies; Léa's second upload is not a video.
    let root = respond(&app, &c, "amina", "compliant_720p.mp4").await;
    let reply_id = reply(&app, &c, "lea", &root).await;
    let bad = respond(&app, &c, "lea", "bad_text.mp4").await;
    let first = app.run_notifications().await;
    assert_eq!((first.failed, first.retried), (0, 0), "{first:?}");
    // Marta then hides Léa's reply, with a statement of reasons.
    let marta = &c.tokens["marta"];
    let r = app
        .post(
            &format!("/v1/posts/{reply_id}/moderation"),
            marta,
            json!({"action": "hide", "reason": "Please keep surnames of classmates out of videos."}),
        )
        .await;
    assert_eq!(r.status, 200, "{:?}", r.body);

    let pass = app.run_notifications().await;
    assert_eq!(pass.failed, 0, "{pass:?}");
    let mails = server.received();

    // Amina: her video is ready, and Léa replied (exactly one reply mail).
    let amina = mails_to(&mails, "amina@example.org");
    let kinds: Vec<String> = amina.iter().map(|m| event_of(m)).collect();
    assert_eq!(kinds.iter().filter(|k| *k == "reply.published").count(), 1, "{kinds:?}");
    assert_eq!(kinds.iter().filter(|k| *k == "video.ready").count(), 1, "{kinds:?}");
    assert_eq!(amina.len(), 2, "{kinds:?}");
    let reply_mail = amina.iter().find(|m| event_of(m) == "reply.published").unwrap();
    let (text, html) = smtp::parts(&reply_mail.data);
    let (text, html) = (text.unwrap(), html.unwrap());
    assert_eq!(subject(reply_mail), "Léa replied to your video");
    assert!(text.contains("Léa replied to your video for “Introduce yourself”."), "{text}");
    assert!(html.contains("Merci &#60;b&#62;Amina&#60;/b&#62; &#38; co!"), "the reply text is escaped in HTML: {html}");
    assert!(!html.contains("<b>Amina</b>"), "{html}");
    assert!(text.contains(&format!("/threads/{root}")), "links to the thread: {text}");
    let unsubscribe = smtp::header(&reply_mail.data, "List-Unsubscribe").unwrap();
    assert!(unsubscribe.contains("/v1/unsubscribe?token="), "{unsubscribe}");
    assert_eq!(smtp::header(&reply_mail.data, "List-Unsubscribe-Post").unwrap(), "List-Unsubscribe=One-Click");
    let link = unsubscribe.trim_matches(['<', '>']).to_owned();
    assert!(
        text.contains(&link) && html.contains(&link.replace('&', "&#38;")),
        "the unsubscribe link is in both parts"
    );

    // Léa (fr-FR): ready, refused with the reason in plain French words, and the decision with its statement.
    let lea = mails_to(&mails, "lea@example.org");
    let kinds: Vec<String> = lea.iter().map(|m| event_of(m)).collect();
    assert_eq!(lea.len(), 3, "her reply is ready, her second answer refused, the decision on her reply: {kinds:?}");
    let refused = lea.iter().find(|m| event_of(m) == "video.rejected").unwrap();
    let (text, _) = smtp::parts(&refused.data);
    let text = text.unwrap();
    assert!(!text.contains("not_a_video"), "no reason codes for people: {text}");
    assert!(text.contains("Le fichier envoyé n'est pas une vidéo."), "the reason, in French: {text}");
    assert_eq!(subject(refused), "Nous n'avons pas pu utiliser votre vidéo pour «\u{a0}Introduce yourself\u{a0}»");
    let ready = lea.iter().find(|m| event_of(m) == "video.ready").unwrap();
    assert_eq!(subject(ready), "Votre vidéo est prête", "Léa's mail is in French");
    assert_eq!(subject(amina.iter().find(|m| event_of(m) == "video.ready").unwrap()), "Your video is ready");
    let decision = lea.iter().find(|m| event_of(m) == "moderation.decided").unwrap();
    let (text, _) = smtp::parts(&decision.data);
    let text = text.unwrap();
    assert!(text.contains("Please keep surnames of classmates out of videos."));
    assert!(text.contains(&format!("/me/posts?course={}", c.course_id)), "links to my posts: {text}");

    // The team's webhook got every event once, each signed over `t.body`.
    let hits = rx.hits();
    let mut per_type: HashMap<String, usize> = HashMap::new();
    let mut ids = std::collections::HashSet::new();
    for h in &hits {
        assert!(verify_signature(&secret, &h.signature, &h.body, now(), 300), "signature of {h:?}");
        let mut tampered = h.body.clone();
        tampered.extend_from_slice(b" ");
        assert!(!verify_signature(&secret, &h.signature, &tampered, now(), 300), "a tampered body fails");
        let b = body_json(h);
        assert_eq!(b["type"], h.event);
        assert!(ids.insert(b["id"].as_str().unwrap().to_owned()), "event sent twice: {b}");
        *per_type.entry(h.event.clone()).or_default() += 1;
    }
    assert_eq!(per_type.get("post.created"), Some(&3), "{per_type:?}");
    assert_eq!(per_type.get("video.ready"), Some(&2), "{per_type:?}");
    assert_eq!(per_type.get("video.rejected"), Some(&1), "{per_type:?}");
    assert_eq!(per_type.get("moderation.decided"), Some(&1), "{per_type:?}");
    let rejected = hits.iter().find(|h| h.event == "video.rejected").map(body_json).unwrap();
    assert_eq!(rejected["data"]["post_id"], bad);
    assert_eq!(rejected["data"]["reason"], "not_a_video");

    // Nothing is sent twice on later passes.
    let again = app.run_notifications().await;
    assert_eq!((again.sent, again.fanned_out), (0, 0), "{again:?}");
    assert_eq!(server.received().len(), mails.len());
    assert_eq!(rx.hits().len(), hits.len());

    // One-click unsubscribe: a tampered link is refused, the real one turns reply mail off.
    let tampered = link.replace("replies", "digest");
    let r = app.send(app.http.post(&tampered).body("List-Unsubscribe=One-Click")).await;
    assert_eq!(r.status, 404);
    let page = app.send(app.http.get(&link)).await;
    assert_eq!(page.status, 200);
    assert!(page.content_type.starts_with("text/html"));
    let r = app
        .send(
            app.http
                .post(&link)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .body("List-Unsubscribe=One-Click"),
        )
        .await;
    assert_eq!(r.status, 200, "{:?}", r.body);
    let prefs = app.get("/v1/me/notifications", &c.tokens["amina"]).await;
    assert_eq!(prefs.body["replies"], false, "{:?}", prefs.body);
    assert_eq!(prefs.body["video_status"], true, "{:?}", prefs.body);
    let before = server.received().len();
    reply(&app, &c, "lea", &root).await;
    app.run_notifications().await;
    let new: Vec<String> = server.received()[before..].iter().map(|m| format!("{} {}", m.to[0], event_of(m))).collect();
    assert_eq!(new, vec!["lea@example.org video.ready".to_owned()], "no reply mail after unsubscribing");
}

#[tokio::test]
async fn mail_waits_while_the_smtp_server_is_down_and_goes_out_once_when_it_returns() {
    let first = start_smtp().unwrap();
    let addr = first.addr;
    let url = first.url();
    first.stop();
    let app = mail_app(url).await;
    let c = setup(&app).await;
    respond(&app, &c, "amina", "compliant_720p.mp4").await;

    let pass = app.run_notifications().await;
    assert_eq!((pass.sent, pass.retried), (0, 1), "{pass:?}");
    let pass = app.run_notifications().await;
    assert_eq!((pass.sent, pass.retried), (0, 1), "still down: {pass:?}");

    let server = start_smtp_on(addr).unwrap();
    let pass = app.run_notifications().await;
    assert_eq!(pass.sent, 1, "{pass:?}");
    app.run_notifications().await;
    let got = server.received();
    assert_eq!(got.len(), 1, "delivered once");
    assert_eq!(got[0].to, vec!["amina@example.org".to_owned()]);
    assert_eq!(event_of(&got[0]), "video.ready");
}

#[tokio::test]
async fn a_webhook_receiver_that_fails_gets_the_event_when_it_recovers_and_can_ask_again() {
    let app = TestApp::spawn_with(|c| {
        c.webhook_allow_private = true;
        c.delivery_backoff_seconds = 0;
    })
    .await;
    let c = setup(&app).await;
    let rx = Receiver::default();
    *rx.script.lock().unwrap() = vec![500, 503];
    let url = rx.clone().start().await;
    let (hook, secret) = webhook(&app, &c.key, &url, &["post.created"]).await;
    let post = respond(&app, &c, "amina", "compliant_720p.mp4").await;

    assert_eq!(app.run_notifications().await.retried, 1);
    let log = app.get(&format!("/v1/webhooks/{hook}/deliveries"), &c.key).await;
    assert_eq!(log.status, 200);
    let d = &log.body["items"][0];
    assert_eq!(
        (d["state"].as_str(), d["response_status"].as_i64(), d["attempts"].as_i64()),
        (Some("pending"), Some(500), Some(1))
    );
    assert_eq!(app.run_notifications().await.retried, 1);
    assert_eq!(app.run_notifications().await.sent, 1);
    let log = app.get(&format!("/v1/webhooks/{hook}/deliveries"), &c.key).await;
    let d = log.body["items"][0].clone();
    assert_eq!(
        (d["state"].as_str(), d["response_status"].as_i64(), d["attempts"].as_i64()),
        (Some("sent"), Some(200), Some(3))
    );

    let hits = rx.hits();
    assert_eq!(hits.len(), 3);
    for h in &hits {
        assert!(verify_signature(&secret, &h.signature, &h.body, now(), 300));
        assert_eq!(body_json(h)["data"]["post_id"], post);
    }
    // Same event, same delivery on every attempt.
    assert!(hits.iter().all(|h| h.delivery == d["id"].as_str().unwrap()));

    // Redeliver: a new delivery of the same event.
    let r = app
        .post(&format!("/v1/webhooks/{hook}/deliveries/{}/redeliver", d["id"].as_str().unwrap()), &c.key, json!({}))
        .await;
    assert_eq!(r.status, 202, "{:?}", r.body);
    assert_eq!(app.run_notifications().await.sent, 1);
    let hits = rx.hits();
    assert_eq!(hits.len(), 4);
    assert_eq!(body_json(&hits[3])["id"], body_json(&hits[0])["id"]);
    assert_ne!(hits[3].delivery, hits[0].delivery);
    let log = app.get(&format!("/v1/webhooks/{hook}/deliveries"), &c.key).await;
    assert_eq!(log.body["items"].as_array().unwrap().len(), 2);

    // Another team sees none of it; bad input is refused with stable codes.
    let other = app.team("Other").await;
    assert_eq!(app.get(&format!("/v1/webhooks/{hook}/deliveries"), &other).await.status, 404);
    let r = app.post("/v1/webhooks", &c.key, json!({"url": "ftp://example.org", "events": ["post.created"]})).await;
    assert_eq!((r.status.as_u16(), r.code()), (422, "invalid_webhook_url"));
    let r = app.post("/v1/webhooks", &c.key, json!({"url": "https://example.org", "events": ["post.deleted"]})).await;
    assert_eq!((r.status.as_u16(), r.code()), (422, "invalid_events"));
    let strict = TestApp::spawn().await;
    let k = strict.team("Strict").await;
    let r = strict.post("/v1/webhooks", &k, json!({"url": url, "events": ["post.created"]})).await;
    assert_eq!((r.status.as_u16(), r.code()), (422, "invalid_webhook_url"), "loopback is refused by default");

    // Deleting the webhook stops deliveries.
    let r = app.call(Method::DELETE, &format!("/v1/webhooks/{hook}"), Some(&c.key), None).await;
    assert_eq!(r.status, 204);
    respond(&app, &c, "lea", "compliant_720p.mp4").await;
    app.run_notifications().await;
    assert_eq!(rx.hits().len(), 4);
}

#[tokio::test]
async fn facilitators_get_a_digest_of_the_queue_and_quiet_learners_one_nudge() {
    let server = start_smtp().unwrap();
    let app = mail_app(server.url()).await;
    let c = setup(&app).await;
    let worker = crosstalk_api::worker::Worker::new(app.state.clone());

    // Pre-moderated: Amina's answer waits for Marta.
    let r = app
        .call(Method::PATCH, &format!("/v1/prompts/{}", c.prompt_id), Some(&c.key), Some(json!({"moderation": "pre"})))
        .await;
    assert_eq!(r.status, 200);
    respond(&app, &c, "amina", "compliant_720p.mp4").await;
    let (digests, nudges) = worker.schedule_notifications().await.unwrap();
    assert_eq!((digests, nudges), (1, 0), "the prompt opened an hour ago: no nudge yet");
    app.run_notifications().await;
    let marta = mails_to(&server.received(), "marta@example.org").into_iter().cloned().collect::<Vec<_>>();
    assert_eq!(marta.len(), 1);
    assert_eq!(event_of(&marta[0]), "digest");
    let (text, _) = smtp::parts(&marta[0].data);
    let text = text.unwrap();
    assert!(text.contains(&format!("/console/courses/{}/queue", c.course_id)), "{text}");
    // Marta reads German: one video waits (in cohort A), nothing is flagged.
    assert_eq!(subject(&marta[0]), "Intercultural dialogue: 1 Video zu prüfen, 0 gemeldet");
    let counts: Vec<&str> = text.lines().filter(|l| l.starts_with("- ")).collect();
    assert_eq!(
        counts,
        ["- Warten auf Freigabe: 1", "- Von Mitgliedern gemeldet: 0", "- A: 1 wartend, 0 gemeldet"],
        "{text}"
    );
    // Within the interval: no second digest.
    assert_eq!(worker.schedule_notifications().await.unwrap().0, 0);

    // The prompt opened 4 days ago and nudges after 3: Léa (no answer) is nudged once, Amina not.
    let now = chrono::Utc::now();
    let r = app
        .call(
            Method::PATCH,
            &format!("/v1/prompts/{}", c.prompt_id),
            Some(&c.key),
            Some(json!({"opens_at": now - chrono::Duration::days(4), "nudge_after_days": 3,
                        "nudge_message": "{name}, your cohort is waiting to hear from you about {prompt}!"})),
        )
        .await;
    assert_eq!(r.status, 200, "{:?}", r.body);
    assert_eq!(worker.schedule_notifications().await.unwrap().1, 1);
    assert_eq!(worker.schedule_notifications().await.unwrap().1, 0, "at most once per learner and prompt");
    app.run_notifications().await;
    let all = server.received();
    let lea = mails_to(&all, "lea@example.org");
    assert_eq!(lea.len(), 1);
    assert_eq!(event_of(lea[0]), "nudge");
    let (text, html) = smtp::parts(&lea[0].data);
    assert!(text.unwrap().contains("Léa, your cohort is waiting to hear from you about Introduce yourself!"));
    assert!(html.unwrap().contains("Léa, your cohort is waiting"));
    assert!(mails_to(&all, "amina@example.org").iter().all(|m| event_of(m) != "nudge"));

    // Preferences: a learner turns nudges off through the API.
    let r =
        app.call(Method::PATCH, "/v1/me/notifications", Some(&c.tokens["amina"]), Some(json!({"nudges": false}))).await;
    assert_eq!(r.status, 200);
    assert_eq!(r.body["nudges"], false);
    assert_eq!(r.body["replies"], true);
    let r = app.call(Method::PATCH, "/v1/me/notifications", Some(&c.tokens["amina"]), Some(json!({"sms": true}))).await;
    assert_eq!(r.status, 422);
}

/// A `crosstalk worker` process killed mid-delivery: the deliveries it had in flight end
/// `unknown` and are never sent again; the others reach the receiver exactly once.
#[tokio::test]
async fn nothing_is_sent_twice_when_a_worker_is_killed_mid_delivery() {
    use crosstalk_core::notify::SEND_CONCURRENCY;
    use std::time::{Duration, Instant};
    let app = TestApp::spawn_with(|c| {
        c.webhook_allow_private = true;
        c.delivery_backoff_seconds = 0;
        c.job_lease_seconds = 3;
    })
    .await;
    let c = setup(&app).await;
    // Only webhooks in this test: Marta's digest mail would be one more delivery among them.
    let r =
        app.call(Method::PATCH, "/v1/me/notifications", Some(&c.tokens["marta"]), Some(json!({"digest": false}))).await;
    assert_eq!(r.status, 200, "{:?}", r.body);
    // The receiver answers the worker's first batch, then hangs: the second batch is in flight.
    let rx = Receiver::default();
    *rx.hold_after.lock().unwrap() = Some(SEND_CONCURRENCY);
    let url = rx.clone().start().await;
    let (hook, secret) = webhook(&app, &c.key, &url, &["flag.created"]).await;
    let posts = [
        respond(&app, &c, "amina", "compliant_720p.mp4").await,
        respond(&app, &c, "lea", "compliant_720p.mp4").await,
        respond(&app, &c, "amina", "compliant_720p.mp4").await,
    ];
    // The "video ready" mails go now, so the worker below has flag events only.
    app.run_notifications().await;
    // Three learners of the cohort flag each answer: 9 flag events, two batches and one more.
    let learners: Vec<Value> = (0..3)
        .map(|i| json!({"external_id": format!("l{i}"), "role": "learner", "display_name": format!("L{i}")}))
        .collect();
    let r = app
        .call(
            Method::PUT,
            &format!("/v1/courses/{}/members", c.course_id),
            Some(&c.key),
            Some(json!({"members": learners})),
        )
        .await;
    assert_eq!(r.status, 200, "{:?}", r.body);
    let cohorts = app.get(&format!("/v1/courses/{}/cohorts", c.course_id), &c.key).await;
    let cohort = cohorts.body["items"][0]["id"].as_str().unwrap().to_owned();
    let ids = ["l0", "l1", "l2", "amina", "lea", "marta"];
    let r = app
        .call(Method::PUT, &format!("/v1/cohorts/{cohort}/members"), Some(&c.key), Some(json!({"external_ids": ids})))
        .await;
    assert_eq!(r.status, 200, "{:?}", r.body);
    for ext in &ids[..3] {
        let t = app.token(&c.key, &c.course_id, ext).await;
        for p in &posts {
            let r = app.post(&format!("/v1/posts/{p}/flags"), &t, json!({"reason": "off_topic"})).await;
            assert_eq!(r.status, 201, "{ext} flags {p}: {:?}", r.body);
        }
    }
    let events = 3 * posts.len();
    assert!(events > 2 * SEND_CONCURRENCY, "a full batch in flight and one delivery left for the next worker");

    // A separate worker process sends them, and is killed with its second batch in flight.
    let bin = env!("CARGO_BIN_EXE_crosstalk");
    let mut cmd = tokio::process::Command::new(bin);
    cmd.arg("worker")
        .env("CROSSTALK_DATA_DIR", &app.config.data_dir)
        .env("CROSSTALK_DATABASE_URL", secrecy::ExposeSecret::expose_secret(app.config.database_url.as_ref().unwrap()))
        .env("CROSSTALK_JOB_LEASE_SECONDS", "3")
        .env("CROSSTALK_WEBHOOK_ALLOW_PRIVATE", "true")
        .env("CROSSTALK_DELIVERY_BACKOFF_SECONDS", "0")
        .kill_on_drop(true);
    let mut child = cmd.spawn().unwrap();
    let deadline = Instant::now() + Duration::from_secs(60);
    while rx.arrived().len() < 2 * SEND_CONCURRENCY {
        assert!(Instant::now() < deadline, "the worker sent {} of {events} in 60 s", rx.arrived().len());
        assert!(child.try_wait().unwrap().is_none(), "the worker process exited");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    /// The webhook's deliveries by state.
    async fn by_state(app: &TestApp, key: &str, hook: &str) -> BTreeMap<String, Vec<String>> {
        let log = app.get(&format!("/v1/webhooks/{hook}/deliveries?limit=200"), key).await;
        let mut out: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for d in log.body["items"].as_array().unwrap() {
            out.entry(d["state"].as_str().unwrap().to_owned()).or_default().push(d["id"].as_str().unwrap().to_owned());
        }
        out
    }
    let counts = |m: &BTreeMap<String, Vec<String>>| m.iter().map(|(k, v)| (k.clone(), v.len())).collect::<Vec<_>>();
    let at_kill = by_state(&app, &c.key, &hook).await;
    let in_flight: Vec<String> = rx.arrived()[SEND_CONCURRENCY..].iter().map(|h| h.delivery.clone()).collect();
    assert_eq!(
        counts(&at_kill),
        [("pending", events - 2 * SEND_CONCURRENCY), ("sending", SEND_CONCURRENCY), ("sent", SEND_CONCURRENCY)]
            .map(|(s, n)| (s.to_owned(), n))
            .to_vec(),
        "{at_kill:?}"
    );
    child.start_kill().unwrap();
    child.wait().await.unwrap();
    assert_eq!(rx.arrived().len(), 2 * SEND_CONCURRENCY, "nothing more arrived before the kill");

    // The next worker (this process, receiver answering again) finds the second batch's lease
    // expired after 3 s: those are `unknown`, never resent; the last delivery goes out.
    *rx.hold_after.lock().unwrap() = None;
    let deadline = Instant::now() + Duration::from_secs(30);
    let (mut lost, mut sent) = (0, 0);
    let done = loop {
        let pass = app.run_notifications().await;
        (lost, sent) = (lost + pass.lost, sent + pass.sent);
        let states = by_state(&app, &c.key, &hook).await;
        if !states.contains_key("sending") && !states.contains_key("pending") {
            break states;
        }
        assert!(Instant::now() < deadline, "deliveries still open 30 s after the kill: {states:?}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    assert_eq!((lost, sent), (SEND_CONCURRENCY as u64, events - 2 * SEND_CONCURRENCY), "{done:?}");
    assert_eq!(
        counts(&done),
        [("sent", events - SEND_CONCURRENCY), ("unknown", SEND_CONCURRENCY)].map(|(s, n)| (s.to_owned(), n)).to_vec()
    );
    let mut unknown = done["unknown"].clone();
    unknown.sort();
    let mut expected = in_flight;
    expected.sort();
    assert_eq!(unknown, expected, "exactly the deliveries in flight at the kill are unknown");

    // Every event reached the receiver exactly once, signed; the answered ones are the sent ones.
    let arrived = rx.arrived();
    let mut seen = std::collections::HashSet::new();
    for h in &arrived {
        assert!(verify_signature(&secret, &h.signature, &h.body, now(), 300));
        let id = body_json(h)["id"].as_str().unwrap().to_owned();
        assert!(seen.insert(id.clone()), "event {id} reached the receiver twice");
    }
    assert_eq!(arrived.len(), events);
    let mut answered: Vec<String> = rx.hits().iter().map(|h| h.delivery.clone()).collect();
    answered.sort();
    let mut sent_ids = done["sent"].clone();
    sent_ids.sort();
    assert_eq!(answered, sent_ids);
}

/// The "done when", on the demo course with mail written as .eml files (no SMTP
/// configured): a reply mails its original author once and signs one webhook to the team; a
/// refused upload tells its author why; the cohort's facilitator gets a digest.
#[tokio::test]
async fn in_the_demo_course_a_reply_mails_its_author_once_and_signs_one_webhook() {
    let dir = tempfile::tempdir().unwrap();
    let db = crosstalk_core::testing::fresh_database_url(dir.path()).await.unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_crosstalk"))
        .arg("demo")
        .arg("--data-dir")
        .arg(dir.path())
        .env("CROSSTALK_DATABASE_URL", &db)
        .env("RUST_LOG", "warn")
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let key = String::from_utf8_lossy(&out.stdout).lines().last().unwrap().trim().to_owned();
    let mut config = crosstalk_api::config::Config::for_data_dir(dir.path());
    config.database_url = Some(db.into());
    config.webhook_allow_private = true;
    let app = crosstalk_api::startup::Application::build(&config).await.unwrap();
    let base = format!("http://127.0.0.1:{}", app.port());
    let state = app.state.clone();
    tokio::spawn(app.run_until_stopped());
    let app = TestApp::attach(base, state, config);

    let course_id = app.get("/v1/courses", &key).await.body["items"][0]["id"].as_str().unwrap().to_owned();
    let module = app.get(&format!("/v1/courses/{course_id}/modules"), &key).await.body["items"][0]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let prompt = app.get(&format!("/v1/modules/{module}/prompts"), &key).await.body["items"][0].clone();
    assert_eq!(prompt["moderation"], "hybrid");
    let prompt_id = prompt["id"].as_str().unwrap().to_owned();
    let rx = Receiver::default();
    let url = rx.clone().start().await;
    let (_, secret) = webhook(&app, &key, &url, &["post.created"]).await;

    // Two learners of one cohort with email addresses, and that cohort's facilitator.
    let members = app.get(&format!("/v1/courses/{course_id}/members?limit=200"), &key).await;
    let mut by_cohort: BTreeMap<String, Vec<(String, String, String)>> = BTreeMap::new();
    for m in members.body["items"].as_array().unwrap() {
        let ext = m["external_id"].as_str().unwrap().to_owned();
        let t = app.token(&key, &course_id, &ext).await;
        let me = app.get("/v1/me", &t).await;
        if let Some(cohort) = me.body["cohorts"][0]["id"].as_str() {
            let email = m["email"].as_str().unwrap_or_default().to_owned();
            by_cohort.entry(cohort.to_owned()).or_default().push((m["role"].as_str().unwrap().to_owned(), email, t));
        }
    }
    let (_, people) = by_cohort.iter().next().unwrap();
    let learners: Vec<&(String, String, String)> =
        people.iter().filter(|(role, email, _)| role == "learner" && !email.is_empty()).collect();
    let facilitator = people.iter().find(|(role, email, _)| role == "facilitator" && !email.is_empty()).unwrap();
    let (a, b, c) = (learners[0], learners[1], learners[2]);

    let post = |who: &(String, String, String), path: String, clip: &'static str| {
        let app = &app;
        let t = who.2.clone();
        async move {
            let up = app.upload(&t, &fixture(clip), 1 << 20).await;
            let r = app.post(&path, &t, json!({"upload_id": up})).await;
            assert_eq!(r.status, 201, "{:?}", r.body);
            app.run_pending_jobs().await;
            r.body["id"].as_str().unwrap().to_owned()
        }
    };
    // The prompt asks for 10 s at least. Hybrid moderation: a learner's first post waits for approval.
    let answer = post(a, format!("/v1/prompts/{prompt_id}/posts"), "long_12s.mp4").await;
    let worker = crosstalk_api::worker::Worker::new(app.state.clone());
    assert_eq!(worker.schedule_notifications().await.unwrap().0, 1, "a digest for the cohort's facilitator");
    let approve = json!({"action": "approve", "reason": "Welcome!"});
    assert_eq!(app.post(&format!("/v1/posts/{answer}/moderation"), &facilitator.2, approve.clone()).await.status, 200);
    let reply_id = post(b, format!("/v1/posts/{answer}/replies"), "long_12s.mp4").await;
    assert_eq!(app.post(&format!("/v1/posts/{reply_id}/moderation"), &facilitator.2, approve).await.status, 200);
    post(c, format!("/v1/prompts/{prompt_id}/posts"), "bad_random.mp4").await;
    app.run_notifications().await;
    app.run_notifications().await;

    let mails: Vec<Vec<u8>> = std::fs::read_dir(dir.path().join("mail"))
        .unwrap()
        .map(|e| std::fs::read(e.unwrap().path()).unwrap())
        .collect();
    // The address of `To: "Name" <address>`.
    let to = |m: &[u8]| {
        let to = smtp::header(m, "To").unwrap_or_default();
        to.rsplit_once('<').map_or(to.clone(), |(_, a)| a.trim_end_matches('>').to_owned())
    };
    let ev = |m: &[u8]| smtp::header(m, "X-Crosstalk-Event").unwrap_or_default();
    let replies: Vec<&Vec<u8>> = mails.iter().filter(|m| ev(m) == "reply.published").collect();
    assert_eq!(replies.len(), 1, "exactly one reply mail");
    assert_eq!(to(replies[0]), a.1, "to the original author");
    let refused: Vec<&Vec<u8>> = mails.iter().filter(|m| ev(m) == "video.rejected").collect();
    assert_eq!(refused.len(), 1);
    assert_eq!(to(refused[0]), c.1);
    // The refusal explains itself in the learner's language: random bytes are not a video.
    let locale = members.body["items"].as_array().unwrap().iter().find(|m| m["email"] == c.1.as_str()).unwrap()
        ["locale"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    let what = match locale.split(['-', '_']).next().unwrap_or_default() {
        "fr" => "Le fichier envoyé n'est pas une vidéo.",
        "de" => "Die gesendete Datei ist kein Video.",
        "es" => "El archivo que enviaste no es un vídeo.",
        "it" => "Il file che hai inviato non è un video.",
        "ar" => "الملف الذي أرسلته ليس فيديو.",
        _ => "The file you sent is not a video.",
    };
    let (text, _) = smtp::parts(refused[0]);
    let text = text.unwrap();
    assert!(text.contains(what), "{locale}: {text}");
    let digests: Vec<String> = mails.iter().filter(|m| ev(m) == "digest").map(|m| to(m)).collect();
    assert_eq!(digests, std::slice::from_ref(&facilitator.1), "one digest, to the cohort's facilitator");

    let hooks: Vec<Value> = rx
        .hits()
        .iter()
        .inspect(|h| assert!(verify_signature(&secret, &h.signature, &h.body, now(), 300)))
        .map(body_json)
        .filter(|b| b["data"]["parent_id"] == answer.as_str())
        .collect();
    assert_eq!(hooks.len(), 1, "one signed webhook for the reply");
    assert_eq!(hooks[0]["data"]["post_id"], reply_id.as_str());
}

#[tokio::test]
async fn the_delivery_log_keeps_thirty_days() {
    use crosstalk_core::entities::{delivery, event};
    use sea_orm::{ColumnTrait as _, EntityTrait as _, PaginatorTrait as _, QueryFilter as _};
    let app = TestApp::spawn_with(|c| c.webhook_allow_private = true).await;
    let c = setup(&app).await;
    let rx = Receiver::default();
    let url = rx.clone().start().await;
    let (hook, _) = webhook(&app, &c.key, &url, &["post.created"]).await;
    respond(&app, &c, "amina", "compliant_720p.mp4").await;
    respond(&app, &c, "lea", "compliant_720p.mp4").await;
    app.run_notifications().await;
    let db = &app.state.db;
    let log = app.get(&format!("/v1/webhooks/{hook}/deliveries"), &c.key).await;
    let ids: Vec<String> =
        log.body["items"].as_array().unwrap().iter().map(|d| d["id"].as_str().unwrap().to_owned()).collect();
    assert_eq!(ids.len(), 2);
    // One of them is 31 days old.
    let old = chrono::Utc::now() - chrono::Duration::days(31);
    let d = delivery::Entity::find_by_id(&ids[1]).one(db).await.unwrap().unwrap();
    delivery::Entity::update_many()
        .col_expr(delivery::Column::CreatedAt, old.into())
        .filter(delivery::Column::Id.eq(&d.id))
        .exec(db)
        .await
        .unwrap();
    event::Entity::update_many()
        .col_expr(event::Column::CreatedAt, old.into())
        .filter(event::Column::Id.eq(&d.event_id))
        .exec(db)
        .await
        .unwrap();
    crosstalk_api::worker::Worker::new(app.state.clone()).cleanup().await.unwrap();
    let log = app.get(&format!("/v1/webhooks/{hook}/deliveries"), &c.key).await;
    let left: Vec<&str> = log.body["items"].as_array().unwrap().iter().map(|d| d["id"].as_str().unwrap()).collect();
    assert_eq!(left, vec![ids[0].as_str()]);
    assert_eq!(event::Entity::find().filter(event::Column::Id.eq(&d.event_id)).count(db).await.unwrap(), 0);
    let recent = delivery::Entity::find_by_id(&ids[0]).one(db).await.unwrap().unwrap();
    assert_eq!(
        event::Entity::find().filter(event::Column::Id.eq(&recent.event_id)).count(db).await.unwrap(),
        1,
        "recent events stay"
    );
}

#[tokio::test]
async fn a_video_too_short_for_the_prompt_is_refused_with_the_prompts_minimum_in_the_learners_language() {
    let server = start_smtp().unwrap();
    let app = mail_app(server.url()).await;
    let c = setup(&app).await;
    let rx = Receiver::default();
    let url = rx.clone().start().await;
    webhook(&app, &c.key, &url, &["video.rejected"]).await;
    let r = app
        .call(Method::PATCH, &format!("/v1/prompts/{}", c.prompt_id), Some(&c.key), Some(json!({"min_seconds": 10})))
        .await;
    assert_eq!(r.status, 200, "{:?}", r.body);
    // 2 s clips: long enough for the default minimum, short of this prompt's 10 s.
    respond(&app, &c, "amina", "compliant_720p.mp4").await;
    respond(&app, &c, "lea", "compliant_720p.mp4").await;
    app.run_notifications().await;

    let mails = server.received();
    let refusal = |to: &str| {
        let m = mails_to(&mails, to).into_iter().find(|m| event_of(m) == "video.rejected").expect("a refusal mail");
        smtp::parts(&m.data).0.unwrap()
    };
    let en = refusal("amina@example.org");
    assert!(en.contains("Your video is shorter than 10 seconds, the shortest answer this prompt accepts."), "{en}");
    assert!(en.contains("Record an answer of at least 10 seconds"), "{en}");
    let fr = refusal("lea@example.org");
    assert!(fr.contains("Votre vidéo dure moins de 10 secondes"), "{fr}");
    assert!(!en.contains("one second") && !fr.contains("une seconde"), "{en}\n{fr}");
    // The limit is in the event, for the team's own messages.
    let hooks: Vec<Value> = rx.hits().iter().map(body_json).collect();
    assert_eq!(hooks.len(), 2);
    for h in hooks {
        assert_eq!((h["data"]["reason"].as_str(), h["data"]["min_seconds"].as_i64()), (Some("too_short"), Some(10)));
    }
}
