//! Every mail in every language of the catalog: no message missing, no variable forgotten,
//! Arabic laid out right to left, and numbers said as each language says them.

use chrono::TimeZone as _;
use crosstalk_i18n::LANGS;
use crosstalk_testkit::smtp::{header, parts};

use super::super::render::render_checked;
use super::*;

/// Every variant of [`Template`], and within each the branches that choose other sentences.
fn every_template() -> Vec<(String, Template)> {
    let mut all = Vec::new();
    let mut add = |name: &str, t: Template| all.push((name.to_owned(), t));
    for (name, text) in [("reply", "Loved it!\n\nSee you"), ("reply-no-text", " ")] {
        add(
            name,
            Template::Reply {
                replier_name: "Zoë".into(),
                prompt_title: "Food & home".into(),
                reply_text: text.into(),
                post_url: "https://crosstalk.example/threads/pst_1".into(),
            },
        );
    }
    for pending_approval in [false, true] {
        add(
            &format!("ready-{pending_approval}"),
            Template::VideoReady {
                prompt_title: "Food & home".into(),
                post_url: "https://crosstalk.example/threads/pst_1".into(),
                pending_approval,
            },
        );
    }
    let reasons = ["not_a_video", "unsupported_container", "no_video_stream", "too_short", "too_long"];
    let more = ["too_large", "too_small", "corrupt", "timeout", "internal_error", "zebra"];
    for reason in reasons.into_iter().chain(more) {
        for (min, max) in [(Some(1), Some(60)), (Some(10), Some(300)), (Some(3), Some(90)), (None, None)] {
            add(
                &format!("rejected-{reason}-{}", min.unwrap_or(0)),
                Template::VideoRejected {
                    prompt_title: "Festivals".into(),
                    reason: reason.into(),
                    upload_url: "https://crosstalk.example/prompts/prm_1".into(),
                    min_seconds: min,
                    max_seconds: max,
                },
            );
        }
    }
    for action in ["approve", "hide", "remove", "restore", "zebra"] {
        add(
            &format!("decided-{action}"),
            Template::ModerationDecided {
                prompt_title: "Games".into(),
                action: action.into(),
                statement: "Please keep surnames out of videos.".into(),
                post_url: "https://crosstalk.example/me/posts?course=crs_1".into(),
            },
        );
    }
    for (pending, flagged, hours) in [(0, 0, 0), (1, 0, 0), (3, 1, 5), (2, 2, 1), (12, 11, 50), (101, 3, 300)] {
        add(
            &format!("digest-{pending}-{flagged}-{hours}"),
            Template::Digest {
                course_title: "Intercultural Skills".into(),
                pending,
                flagged,
                oldest_age_hours: hours,
                cohorts: vec![DigestCohort { name: "Lyon × Leeds".into(), pending, flagged }],
                queue_url: "https://crosstalk.example/console/courses/crs_1/queue".into(),
            },
        );
    }
    let closes = chrono::Utc.with_ymd_and_hms(2026, 12, 3, 17, 0, 0).single().expect("valid date");
    for (name, message, closes_at) in [
        ("nudge", "", closes),
        ("nudge-custom", "Ana, your partners in Lyon asked about you!", closes),
        ("nudge-open", "", crate::prompts::OPEN_ENDED),
    ] {
        add(
            name,
            Template::Nudge {
                prompt_title: "Festivals".into(),
                message: message.into(),
                closes_at,
                prompt_url: "https://crosstalk.example/prompts/prm_1".into(),
            },
        );
    }
    all
}

/// Set `CROSSTALK_MAIL_SAMPLES=DIR` to also write every mail there, to read them as a person would.
#[test]
fn every_template_renders_in_every_language_without_catalog_problems() {
    let samples = std::env::var_os("CROSSTALK_MAIL_SAMPLES").map(std::path::PathBuf::from);
    for (name, t) in every_template() {
        let (en, _) = render_checked("en", "Ana", &t, Some("https://crosstalk.example/v1/unsubscribe?token=t"));
        for code in LANGS {
            let (r, problems) =
                render_checked(code, "Ana", &t, Some("https://crosstalk.example/v1/unsubscribe?token=t"));
            assert!(problems.is_empty(), "{code} {name}: {problems:?}");
            assert_eq!(r.lang, code);
            for part in [&r.subject, &r.text, &r.html] {
                assert!(
                    !part.contains("mail-") && !part.contains("{$") && !part.contains("{ $"),
                    "{code} {name}: {part}"
                );
            }
            assert!(!r.subject.is_empty() && r.text.contains("https://crosstalk.example/v1/unsubscribe?token=t"));
            assert!(r
                .html
                .contains(&format!("<html lang=\"{code}\" dir=\"{}\">", if code == "ar" { "rtl" } else { "ltr" })));
            if code != "en" {
                assert_ne!(r.text, en.text, "{code} {name} reads as English");
            }
            if let Some(dir) = &samples {
                std::fs::create_dir_all(dir).expect("samples dir");
                let body = format!("Subject: {}\n\n{}", r.subject, r.text);
                std::fs::write(dir.join(format!("{code}-{name}.txt")), body).expect("sample");
                std::fs::write(dir.join(format!("{code}-{name}.html")), &r.html).expect("sample");
            }
        }
    }
}

#[test]
fn spanish_italian_and_arabic_readers_get_their_own_words() {
    let t = Template::Reply {
        replier_name: "Zoë <script>".into(),
        prompt_title: "Food & home".into(),
        reply_text: "Loved it!".into(),
        post_url: "https://crosstalk.example/threads/pst_1".into(),
    };
    let es = render("es-MX", "Ana", &t, None);
    assert_eq!(es.subject, "Zoë <script> respondió a tu vídeo");
    assert!(es.text.starts_with("Hola, Ana:\n"), "{}", es.text);
    assert!(es.text.contains("para «Food & home»"), "{}", es.text);
    let it = render("it", "Ana", &t, None);
    assert_eq!(it.subject, "Zoë <script> ha risposto al tuo video");
    // Arabic: Fluent isolates the Latin-script name inside the right-to-left sentence.
    let ar = render("ar", "Ana", &t, None);
    assert_eq!(ar.subject, "ردّ \u{2068}Zoë <script>\u{2069} على الفيديو الخاص بك");
    assert!(ar.html.contains("<html lang=\"ar\" dir=\"rtl\">"), "{}", ar.html);
    assert!(ar.html.contains("<div dir=\"rtl\""), "{}", ar.html);
    assert!(ar.html.contains("border-right:4px"), "the quote's bar is on the reading side: {}", ar.html);
    assert!(ar.html.contains("Zoë &#60;script&#62;") && !ar.html.contains("<script>"), "{}", ar.html);
}

#[test]
fn arabic_counts_take_the_form_of_their_number() {
    // Numbers come isolated (U+2068...U+2069), as every placeable in Arabic.
    let limit = |max: u32| {
        let t = Template::VideoRejected {
            prompt_title: "P".into(),
            reason: "too_long".into(),
            upload_url: "https://crosstalk.example/p".into(),
            min_seconds: None,
            max_seconds: Some(max),
        };
        render("ar", "Ana", &t, None).text
    };
    assert!(limit(1).contains("أطول من ثانية واحدة،"), "{}", limit(1));
    assert!(limit(2).contains("أطول من ثانيتين،"), "{}", limit(2));
    assert!(limit(5).contains("أطول من \u{2068}5\u{2069} ثوانٍ،"), "{}", limit(5));
    assert!(limit(45).contains("أطول من \u{2068}45\u{2069} ثانية،"), "{}", limit(45));
    assert!(limit(180).contains("أطول من \u{2068}3\u{2069} دقائق،"), "{}", limit(180));
    let es = render("es", "Ana", &rejected("too_short"), None).text;
    assert!(es.contains("Tu vídeo dura menos de 10 segundos"), "{es}");
    let it = render("it", "Ana", &rejected("too_long"), None).text;
    assert!(it.contains("Il tuo video dura più di 5 minuti"), "{it}");
}

#[tokio::test]
async fn an_arabic_mail_says_so_in_content_language() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mailer = Mailer::new(None, dir.path(), FROM).expect("mailer");
    let mut out = outgoing("zoe@example.org", "dlv_ar");
    out.rendered = render("ar_MA", "زينب", &reply(), Some(UNSUB));
    mailer.send(&out).await.expect("written");
    let raw = std::fs::read(dir.path().join("dlv_ar.eml")).expect("eml");
    assert_eq!(header(&raw, "Content-Language").as_deref(), Some("ar"));
    let (text, html) = parts(&raw);
    let (text, html) = (text.expect("text part"), html.expect("html part"));
    assert!(text.starts_with("مرحبًا \u{2068}زينب\u{2069}،"), "{text}");
    assert!(text.contains(UNSUB), "{text}");
    assert!(html.contains("dir=\"rtl\""), "{html}");
}
