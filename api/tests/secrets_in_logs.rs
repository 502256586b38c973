//! No secret reaches the log: a signed media URL's `sig`, an unsubscribe link's `token`, the
//! bearer credential. The log is the real one (`telemetry::init_with`), written to a buffer.

mod common;

use std::sync::{Arc, Mutex};

use common::TestApp;
use crosstalk_core::notify::{unsubscribe_token, Category};
use tracing_subscriber::fmt::format::FmtSpan;

#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl std::io::Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl Captured {
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.0.lock().unwrap()).into_owned()
    }
}

#[tokio::test]
async fn signed_urls_unsubscribe_tokens_and_credentials_stay_out_of_the_log() {
    let log = Captured::default();
    let writer = log.clone();
    // Span close lines show every field the request span recorded, as a tracing backend would.
    crosstalk_api::telemetry::init_with("text", move || writer.clone(), false, FmtSpan::CLOSE);
    let app = TestApp::spawn().await;
    let key = app.team("Own").await;
    let s = app.seed_course(&key).await;

    // A signed media URL for an object that is not there: 404, logged as an error of the request.
    let media = crosstalk_api::media::url(&app.state, "videos/vid_missing/out.mp4").await.unwrap();
    let sig = media.split("sig=").nth(1).unwrap().to_owned();
    assert!(sig.len() > 20, "{media}");
    assert_eq!(app.http.get(&media).send().await.unwrap().status(), 404);

    // A real unsubscribe link, opened and confirmed.
    let members = app.get(&format!("/v1/courses/{}/members", s.course_id), &key).await;
    let member_id = members.body["items"][0]["id"].as_str().unwrap().to_owned();
    let token = unsubscribe_token(&app.state.key, &member_id, Category::Digest);
    let token_sig = token.rsplit('.').next().unwrap().to_owned();
    let link = format!("{}/v1/unsubscribe?token={token}", app.base);
    assert_eq!(app.http.get(&link).send().await.unwrap().status(), 200);
    assert_eq!(app.http.post(&link).send().await.unwrap().status(), 200);

    // The team's key on a request that fails.
    assert_eq!(app.get("/v1/courses/crs_00000000000000000000000000000000", &key).await.status, 404);

    // A library's message that carries a URL (as reqwest's errors do) is scrubbed when written.
    tracing::warn!("error sending request for url ({link})");

    let text = log.text();
    assert!(text.contains("/media/videos/vid_missing/out.mp4"), "the media request is in the log: {text}");
    assert!(text.contains("sig=[redacted]"), "{text}");
    assert!(text.contains("token=[redacted]"), "{text}");
    assert!(text.contains("error sending request for url"), "{text}");
    assert!(!text.contains(&sig), "the media URL's signature is in the log");
    assert!(!text.contains(&token_sig), "the unsubscribe link's signature is in the log");
    assert!(!text.contains(&key), "the API key is in the log");
    assert!(!text.contains(&key["ctk_".len()..]), "the API key's secret part is in the log");
}
