//! Rendering in each language, and delivery to a real (in-process) SMTP server and to files.

use chrono::TimeZone as _;
use crosstalk_testkit::smtp::{self, header, parts};

use super::*;

mod languages;

const UNSUB: &str = "https://crosstalk.example/v1/unsubscribe?token=abc.def&x=1";

fn rejected(reason: &str) -> Template {
    Template::VideoRejected {
        prompt_title: "Tell us about <your> city".into(),
        reason: reason.into(),
        upload_url: "https://crosstalk.example/p/1/upload".into(),
        min_seconds: Some(10),
        max_seconds: Some(300),
    }
}

fn reply() -> Template {
    Template::Reply {
        replier_name: "Zoë <script>".into(),
        prompt_title: "Food & home".into(),
        reply_text: "Loved it!\nSee you \"soon\"".into(),
        post_url: "https://crosstalk.example/posts/pst_1?a=1&b=2".into(),
    }
}

#[test]
fn lang_falls_back_to_the_primary_language_then_english() {
    assert_eq!(lang("fr"), "fr");
    assert_eq!(lang("fr-CA"), "fr");
    assert_eq!(lang("fr_FR.UTF-8"), "fr");
    assert_eq!(lang("FR"), "fr");
    assert_eq!(lang("de-AT"), "de");
    assert_eq!(lang("es-MX"), "es");
    assert_eq!(lang("it_IT"), "it");
    assert_eq!(lang("ar-MA"), "ar");
    assert_eq!(lang("en-GB"), "en");
    assert_eq!(lang("pt-BR"), "en");
    assert_eq!(lang(""), "en");
}

#[test]
fn reply_is_written_in_the_members_language() {
    let en = render("en-US", "Ana", &reply(), Some(UNSUB));
    let fr = render("fr_CA", "Ana", &reply(), Some(UNSUB));
    let de = render("de", "Ana", &reply(), Some(UNSUB));
    assert_eq!(en.subject, "Zoë <script> replied to your video");
    assert_eq!(fr.subject, "Zoë <script> a répondu à votre vidéo");
    assert_eq!(de.subject, "Zoë <script> hat auf Ihr Video geantwortet");
    assert_eq!((en.lang, fr.lang, de.lang), ("en", "fr", "de"));
    assert!(en.text.starts_with("Hi Ana,\n"), "{}", en.text);
    assert!(fr.text.starts_with("Bonjour Ana,\n"), "{}", fr.text);
    assert!(fr.text.contains("«\u{a0}Food & home\u{a0}»"), "{}", fr.text);
    assert!(fr.html.contains("<html lang=\"fr\" dir=\"ltr\">"));
    // The reply is quoted verbatim in the text part.
    assert!(en.text.contains("> Loved it!\n> See you \"soon\""), "{}", en.text);
}

#[test]
fn html_part_escapes_member_text() {
    let r = render("en", "<b>Ana</b>", &reply(), Some(UNSUB));
    assert!(!r.html.contains("<script>"), "{}", r.html);
    assert!(!r.html.contains("<b>Ana"), "{}", r.html);
    assert!(r.html.contains("Zoë &#60;script&#62; replied to your video for “Food &#38; home”."), "{}", r.html);
    assert!(r.html.contains("See you &#34;soon&#34;"), "{}", r.html);
    assert!(r.html.contains("href=\"https://crosstalk.example/posts/pst_1?a=1&#38;b=2\""), "{}", r.html);
    // The text part is not escaped.
    assert!(r.text.contains("Hi <b>Ana</b>,"));
    assert!(r.text.contains("See the reply: https://crosstalk.example/posts/pst_1?a=1&b=2"), "{}", r.text);
}

#[test]
fn unsubscribe_link_is_in_both_parts_only_when_given() {
    for locale in crosstalk_i18n::LANGS {
        let r = render(locale, "Ana", &reply(), Some(UNSUB));
        assert!(r.text.contains(UNSUB), "{locale}: {}", r.text);
        assert!(r.html.contains("href=\"https://crosstalk.example/v1/unsubscribe?token=abc.def&#38;x=1\""), "{locale}");
        let r = render(locale, "Ana", &reply(), None);
        assert!(!r.text.contains("unsubscribe"), "{locale}: {}", r.text);
        assert!(!r.html.contains("unsubscribe"), "{locale}");
    }
    let fr = render("fr", "Ana", &reply(), Some(UNSUB));
    assert!(fr.text.contains("Se désabonner\u{a0}: https://crosstalk.example/v1/unsubscribe"), "{}", fr.text);
    assert!(fr.text.contains("Vous recevez cet e-mail parce que"), "{}", fr.text);
}

#[test]
fn rejection_says_what_went_wrong_and_what_to_do_in_plain_words() {
    let en = render("en", "Ana", &rejected("too_short"), None);
    assert_eq!(en.subject, "We couldn't use your video for “Tell us about <your> city”");
    assert!(
        en.text.contains("Your video is shorter than 10 seconds, the shortest answer this prompt accepts."),
        "{}",
        en.text
    );
    assert!(en.text.contains("Record an answer of at least 10 seconds"), "{}", en.text);
    assert!(en.text.contains("Upload a new video: https://crosstalk.example/p/1/upload"), "{}", en.text);
    assert!(!en.text.contains("too_short"));
    let fr = render("fr", "Ana", &rejected("too_short"), None);
    assert!(fr.subject.starts_with("Nous n'avons pas pu utiliser votre vidéo"), "{}", fr.subject);
    assert!(fr.text.contains("Votre vidéo dure moins de 10 secondes, la durée minimale"), "{}", fr.text);
    assert!(fr.html.contains("Tell us about &#60;your&#62; city"));
    let de = render("de", "Ana", &rejected("too_short"), None);
    assert!(de.text.contains("Ihr Video ist kürzer als 10 Sekunden, die Mindestlänge"), "{}", de.text);
    let long = render("en", "Ana", &rejected("too_long"), None);
    assert!(long.text.contains("longer than 5 minutes, the longest answer this prompt accepts"), "{}", long.text);
    assert!(long.text.contains("Trim it to 5 minutes or less"), "{}", long.text);
    let long = render("fr", "Ana", &rejected("too_long"), None);
    assert!(long.text.contains("dure plus de 5 minutes, la durée maximale"), "{}", long.text);
    let long = render("de", "Ana", &rejected("too_long"), None);
    assert!(long.text.contains("länger als 5 Minuten, die Höchstlänge"), "{}", long.text);
    // Every known code has its own sentence; an unknown one gets the generic sentence.
    let generic = render("en", "Ana", &rejected("zebra"), None).text;
    assert!(generic.contains("We couldn't process your video."));
    for code in [
        "not_a_video",
        "unsupported_container",
        "no_video_stream",
        "too_short",
        "too_long",
        "too_large",
        "too_small",
        "corrupt",
        "timeout",
        "internal_error",
    ] {
        for locale in crosstalk_i18n::LANGS {
            let text = render(locale, "Ana", &rejected(code), None).text;
            let generic = render(locale, "Ana", &rejected("zebra"), None).text;
            assert_ne!(text, generic, "{code} in {locale} falls back to the generic sentence");
        }
    }
}

#[test]
fn moderation_decision_shows_the_statement_of_reasons() {
    let t = Template::ModerationDecided {
        prompt_title: "Games".into(),
        action: "hide".into(),
        statement: "Shows a classmate's face without consent <see rule 2>.".into(),
        post_url: "https://crosstalk.example/posts/pst_2".into(),
    };
    let en = render("en", "Ana", &t, None);
    assert_eq!(en.subject, "Your video for “Games” was hidden");
    assert!(en
        .text
        .contains("The reasons for this decision:\n> Shows a classmate's face without consent <see rule 2>."));
    assert!(en.html.contains("Shows a classmate&#39;s face without consent &#60;see rule 2&#62;."));
    assert!(en.text.contains("If you think this is a mistake"));
    let fr = render("fr", "Ana", &t, None);
    assert_eq!(fr.subject, "Votre vidéo pour «\u{a0}Games\u{a0}» a été masquée");
    assert!(fr.text.contains("Les motifs de cette décision\u{a0}:"));
}

#[test]
fn digest_and_nudge_read_well() {
    let t = Template::Digest {
        course_title: "Intercultural Skills".into(),
        pending: 3,
        flagged: 1,
        oldest_age_hours: 50,
        cohorts: vec![DigestCohort { name: "Lyon × Leeds".into(), pending: 3, flagged: 1 }],
        queue_url: "https://crosstalk.example/queue".into(),
    };
    let en = render("en", "Sam", &t, Some(UNSUB));
    assert_eq!(en.subject, "Intercultural Skills: 3 videos to review, 1 flagged");
    assert!(en.text.contains("- Lyon × Leeds: 3 waiting, 1 flagged"), "{}", en.text);
    assert!(en.text.contains("The oldest has been waiting for 2 days."), "{}", en.text);
    assert!(en.text.contains("because you facilitate “Intercultural Skills”"), "{}", en.text);
    let fr = render("fr", "Sam", &t, None);
    assert_eq!(fr.subject, "Intercultural Skills\u{a0}: 3 vidéos à examiner, 1 signalée");

    let closes_at = chrono::Utc.with_ymd_and_hms(2026, 12, 3, 17, 0, 0).single().expect("valid date");
    let nudge = |message: &str| Template::Nudge {
        prompt_title: "Festivals".into(),
        message: message.into(),
        closes_at,
        prompt_url: "https://crosstalk.example/prompts/prm_1".into(),
    };
    let en = render("en", "Ana", &nudge(""), None);
    assert!(en.text.contains("Record a short video answer to “Festivals”."), "{}", en.text);
    assert!(en.text.contains("The prompt closes on December 3, 2026 at 17:00 UTC."), "{}", en.text);
    let fr = render("fr", "Ana", &nudge(""), None);
    assert!(fr.text.contains("La consigne se termine le 3 décembre 2026 à 17:00 UTC."), "{}", fr.text);
    let custom = render("de", "Ana", &nudge("Ana, your partners in Lyon asked about you!"), None);
    assert!(custom.text.contains("Ana, your partners in Lyon asked about you!"));
    assert!(custom.text.contains("Die Aufgabe endet am 3. Dezember 2026 um 17:00 UTC."), "{}", custom.text);
    // A prompt created without closes_at stays open: no closing date to announce.
    let open_ended = Template::Nudge {
        prompt_title: "Festivals".into(),
        message: String::new(),
        closes_at: crate::prompts::OPEN_ENDED,
        prompt_url: "https://crosstalk.example/prompts/prm_1".into(),
    };
    let en = render("en", "Ana", &open_ended, None);
    assert!(en.text.contains("Record a short video answer to “Festivals”."), "{}", en.text);
    assert!(!en.text.contains("closes") && !en.text.contains("9999"), "{}", en.text);
}

fn outgoing(to_email: &str, id: &str) -> Outgoing {
    Outgoing {
        to_email: to_email.into(),
        to_name: "Zoë Ørsted".into(),
        rendered: render("fr-FR", "Zoë", &reply(), Some(UNSUB)),
        message_id: id.into(),
        unsubscribe_url: Some(UNSUB.into()),
        headers: vec![("X-Crosstalk-Event".into(), "evt_123".into())],
    }
}

const FROM: &str = "Crosstalk <no-reply@crosstalk.localhost>";

#[tokio::test]
async fn smtp_delivery_carries_headers_parts_and_language() {
    let server = smtp::start_smtp().expect("SMTP server starts");
    let mailer = Mailer::new(Some(&server.url()), std::path::Path::new("/nonexistent"), FROM).expect("mailer");
    assert_eq!(mailer.describe(), server.url());
    mailer.send(&outgoing("zoe@example.org", "dlv_01/x y")).await.expect("delivered");

    let received = server.received();
    assert_eq!(received.len(), 1);
    let mail = &received[0];
    assert_eq!(mail.from, "no-reply@crosstalk.localhost");
    assert_eq!(mail.to, vec!["zoe@example.org".to_owned()]);
    let raw = &mail.data;
    assert_eq!(header(raw, "Subject").as_deref(), Some("Zoë <script> a répondu à votre vidéo"));
    let to = header(raw, "To").expect("To");
    assert!(to.contains("Zoë Ørsted") && to.contains("<zoe@example.org>"), "{to}");
    assert!(header(raw, "From").expect("From").contains("no-reply@crosstalk.localhost"));
    assert_eq!(header(raw, "Message-ID").as_deref(), Some("<dlv_01_x_y@crosstalk>"));
    assert_eq!(header(raw, "List-Unsubscribe"), Some(format!("<{UNSUB}>")));
    assert_eq!(header(raw, "List-Unsubscribe-Post").as_deref(), Some("List-Unsubscribe=One-Click"));
    assert_eq!(header(raw, "Content-Language").as_deref(), Some("fr"));
    assert_eq!(header(raw, "X-Crosstalk-Event").as_deref(), Some("evt_123"));
    assert!(header(raw, "Content-Type").expect("Content-Type").starts_with("multipart/alternative"));
    let (text, html) = parts(raw);
    let (text, html) = (text.expect("text part"), html.expect("html part"));
    assert!(text.contains("Bonjour Zoë,"), "{text}");
    assert!(text.contains(UNSUB), "{text}");
    assert!(html.contains("Zoë &#60;script&#62; a répondu"), "{html}");
    assert!(html.contains("<html lang=\"fr\" dir=\"ltr\">"));
}

#[tokio::test]
async fn smtp_auth_credentials_come_from_the_url() {
    let server = smtp::start_smtp_with_auth().expect("SMTP server starts");
    let mailer = Mailer::new(Some(&server.url()), std::path::Path::new("/nonexistent"), FROM).expect("mailer");
    assert!(!mailer.describe().contains(smtp::SMTP_USER), "{}", mailer.describe());
    mailer.send(&outgoing("zoe@example.org", "dlv_auth")).await.expect("delivered with AUTH");
    assert_eq!(server.received().len(), 1);

    let wrong = format!("smtp://{}:wrong@{}", smtp::SMTP_USER, server.addr);
    let mailer = Mailer::new(Some(&wrong), std::path::Path::new("/nonexistent"), FROM).expect("mailer");
    let err = mailer.send(&outgoing("zoe@example.org", "dlv_auth2")).await.expect_err("refused");
    assert!(matches!(err, SendError::Transient(_)), "{err}");
    assert_eq!(server.received().len(), 1);
}

#[tokio::test]
async fn server_down_is_transient_and_mail_goes_out_once_it_is_back() {
    let server = smtp::start_smtp().expect("SMTP server starts");
    let (addr, url) = (server.addr, server.url());
    let mailer = Mailer::new(Some(&url), std::path::Path::new("/nonexistent"), FROM).expect("mailer");
    mailer.send(&outgoing("zoe@example.org", "dlv_before")).await.expect("delivered");
    server.stop();

    let err = mailer.send(&outgoing("zoe@example.org", "dlv_down")).await.expect_err("server is down");
    assert!(matches!(err, SendError::Transient(_)), "{err}");

    let server = smtp::start_smtp_on(addr).expect("SMTP server restarts on the same port");
    mailer.send(&outgoing("zoe@example.org", "dlv_down")).await.expect("delivered once the server is back");
    let received = server.received();
    assert_eq!(received.len(), 1);
    assert_eq!(header(&received[0].data, "Message-ID").as_deref(), Some("<dlv_down@crosstalk>"));
}

#[tokio::test]
async fn refused_recipient_is_permanent() {
    let server = smtp::start_smtp().expect("SMTP server starts");
    server.refuse_recipient("gone@example.org");
    let mailer = Mailer::new(Some(&server.url()), std::path::Path::new("/nonexistent"), FROM).expect("mailer");
    let err = mailer.send(&outgoing("gone@example.org", "dlv_gone")).await.expect_err("refused");
    assert!(matches!(err, SendError::Permanent(_)), "{err}");
    let err = mailer.send(&outgoing("not an address", "dlv_bad")).await.expect_err("invalid");
    assert!(matches!(err, SendError::Permanent(_)), "{err}");
    assert!(server.received().is_empty());
}

#[tokio::test]
async fn without_smtp_mail_is_written_as_eml_files() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mail_dir = dir.path().join("mail");
    let mailer = Mailer::new(None, &mail_dir, FROM).expect("mailer");
    assert_eq!(mailer.describe(), format!("files in {}", mail_dir.display()));
    mailer.send(&outgoing("zoe@example.org", "dlv_file")).await.expect("written");
    mailer.send(&outgoing("zoe@example.org", "dlv_file")).await.expect("written again");
    let names: Vec<String> = std::fs::read_dir(&mail_dir)
        .expect("mail dir exists")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, vec!["dlv_file.eml".to_owned()], "a resend replaces the file");
    let raw = std::fs::read(mail_dir.join("dlv_file.eml")).expect("eml");
    assert_eq!(header(&raw, "List-Unsubscribe-Post").as_deref(), Some("List-Unsubscribe=One-Click"));
    assert!(parts(&raw).0.expect("text").contains("Bonjour Zoë,"));
}

#[test]
fn invalid_smtp_urls_are_refused_with_a_clear_message() {
    let dir = std::path::Path::new("/nonexistent");
    for url in ["http://mail.example.org", "not a url", "smtp://"] {
        let err = Mailer::new(Some(url), dir, FROM).expect_err(url);
        assert!(err.to_string().contains("CROSSTALK_SMTP_URL"), "{url}: {err:#}");
    }
    let m = Mailer::new(Some("smtps://user%40x:p%2Fw@mail.example.org"), dir, FROM).expect("smtps");
    assert_eq!(m.describe(), "smtps://mail.example.org:465");
    assert!(Mailer::new(Some("smtp://localhost"), dir, "not an address").is_err());
}

#[test]
fn a_limit_is_said_in_the_unit_a_person_would_use() {
    let with = |min: u32, max: u32, reason: &str, locale: &str| {
        let t = Template::VideoRejected {
            prompt_title: "P".into(),
            reason: reason.into(),
            upload_url: "https://crosstalk.example/p".into(),
            min_seconds: Some(min),
            max_seconds: Some(max),
        };
        render(locale, "Ana", &t, None).text
    };
    assert!(with(1, 60, "too_short", "en").contains("shorter than one second,"));
    assert!(with(1, 60, "too_short", "fr").contains("dure moins d'une seconde,"));
    assert!(with(1, 60, "too_short", "de").contains("kürzer als eine Sekunde,"));
    assert!(with(1, 60, "too_long", "en").contains("longer than one minute,"));
    assert!(with(1, 60, "too_long", "fr").contains("dure plus d'une minute,"));
    assert!(with(1, 90, "too_long", "en").contains("longer than 90 seconds,"));
    assert!(with(1, 600, "too_long", "de").contains("länger als 10 Minuten,"));
    // An event written before the limits were recorded: a true sentence without a number.
    let old = Template::VideoRejected {
        prompt_title: "P".into(),
        reason: "too_short".into(),
        upload_url: "https://crosstalk.example/p".into(),
        min_seconds: None,
        max_seconds: None,
    };
    let text = render("en", "Ana", &old, None).text;
    assert!(text.contains("Your video is shorter than this prompt asks for."), "{text}");
    assert!(!text.contains("one second"), "{text}");
}
