//! The refusal mail: what was wrong with the video and what to do, in plain words; a too short
//! or too long video is told the prompt's limit ("shorter than 10 seconds").

use super::{Content, Messages};

/// The transcoder's reason codes that have their own sentences in the catalog
/// (`mail-rejected-{code}` and `mail-rejected-{code}-next`); any other code is `other`.
const REASONS: [&str; 10] = [
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
];

/// A whole number of seconds from an event's data (`video.rejected`'s `min_seconds`, say).
pub fn seconds_field(data: &serde_json::Value, name: &str) -> Option<u32> {
    data.get(name).and_then(serde_json::Value::as_u64).and_then(|n| u32::try_from(n).ok())
}

pub(super) fn video_rejected(
    m: &Messages,
    prompt: &str,
    reason: &str,
    url: &str,
    (min, max): (Option<u32>, Option<u32>),
) -> Content {
    let code = REASONS.iter().find(|r| **r == reason).copied().unwrap_or("other");
    let limit = match code {
        "too_short" => min,
        "too_long" => max,
        _ => None,
    };
    let (what, next) = match limit {
        // A length in whole minutes when it is one, else in seconds: "10 seconds", "5 minutes".
        Some(seconds) => {
            let (n, unit) =
                if seconds >= 60 && seconds % 60 == 0 { (seconds / 60, "minutes") } else { (seconds, "seconds") };
            let args = [("n", n.into()), ("unit", unit.into())];
            (
                m.get(&format!("mail-rejected-{code}-limit"), &args),
                m.get(&format!("mail-rejected-{code}-limit-next"), &args),
            )
        }
        None => (m.t(&format!("mail-rejected-{code}")), m.t(&format!("mail-rejected-{code}-next"))),
    };
    let mut c = Content::new(
        m.get("mail-rejected-subject", &[("prompt", prompt.into())]),
        (m.t("mail-rejected-action"), url),
        m.t("mail-why-learner"),
    );
    c.paragraphs.push(what);
    c.paragraphs.push(next);
    c
}
