//! Keeping secrets out of logs: the value of a secret query parameter (`sig` of a media URL,
//! `token` of an unsubscribe link, S3 presigning parameters, OAuth `code`/`state`/`id_token`),
//! bearer credentials, cookies, and anything shaped like one of our keys or tokens becomes
//! `[redacted]`. The request span records a redacted target ([`target`]); every line written
//! goes through [`scrub`] as well, for what libraries put in their messages (a URL in an error).

use std::borrow::Cow;
use std::sync::LazyLock;

use regex::{Captures, Regex};

pub const REDACTED: &str = "[redacted]";

/// Whether a query parameter's value is a secret, by its name.
pub fn is_secret_param(name: &str) -> bool {
    let n = name.to_ascii_lowercase();
    matches!(n.as_str(), "sig" | "code" | "state" | "id_token" | "x-amz-credential" | "auth")
        || ["token", "secret", "key", "signature", "password", "credential"].iter().any(|s| n.contains(s))
}

/// A request target (`/path?query`) with the values of its secret parameters redacted; the rest
/// is kept byte for byte.
pub fn target(path_and_query: &str) -> Cow<'_, str> {
    let Some((path, query)) = path_and_query.split_once('?') else { return Cow::Borrowed(path_and_query) };
    let mut changed = false;
    let pairs: Vec<Cow<'_, str>> = query
        .split('&')
        .map(|pair| match pair.split_once('=') {
            Some((name, _)) if is_secret_param(&percent_decoded(name)) => {
                changed = true;
                Cow::Owned(format!("{name}={REDACTED}"))
            }
            _ => Cow::Borrowed(pair),
        })
        .collect();
    if changed {
        Cow::Owned(format!("{path}?{}", pairs.join("&")))
    } else {
        Cow::Borrowed(path_and_query)
    }
}

fn percent_decoded(s: &str) -> String {
    percent_decode(s.as_bytes())
}

fn percent_decode(b: &[u8]) -> String {
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        let hex = |c: u8| (c as char).to_digit(16);
        match (b[i], b.get(i + 1).copied().and_then(hex), b.get(i + 2).copied().and_then(hex)) {
            (b'%', Some(h), Some(l)) => {
                out.push(u8::try_from(h * 16 + l).unwrap_or(b'?'));
                i += 3;
            }
            (c, _, _) => {
                out.push(c);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

static QUERY_PARAM: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"([?&;])([A-Za-z0-9_.%\-]+)=([^&\s"'<>#\\,;)]*)"#).unwrap_or_else(|_| unreachable!("a valid regex"))
});
static CREDENTIAL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?i)\b(bearer|basic)(\s+)[A-Za-z0-9._~+/=\-]+"#).unwrap_or_else(|_| unreachable!("a valid regex"))
});
static HEADER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?i)\b(authorization|proxy-authorization|cookie|set-cookie)(["']?\s*[:=]\s*["']?)[^"'\r\n]+"#)
        .unwrap_or_else(|_| unreachable!("a valid regex"))
});
/// Our own secrets by their prefixes: API keys, member tokens, webhook secrets.
static OURS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"\b(ctk_|ctm1\.|whsec_)[A-Za-z0-9_\-.]+"#).unwrap_or_else(|_| unreachable!("a valid regex"))
});

/// A log line with every secret in it redacted.
pub fn scrub(line: &str) -> Cow<'_, str> {
    let mut s = Cow::Borrowed(line);
    let mut apply = |re: &Regex, f: &dyn Fn(&Captures<'_>) -> String| {
        if re.is_match(&s) {
            s = Cow::Owned(re.replace_all(&s, |c: &Captures<'_>| f(c)).into_owned());
        }
    };
    apply(&QUERY_PARAM, &|c| {
        if is_secret_param(&percent_decoded(&c[2])) {
            format!("{}{}={REDACTED}", &c[1], &c[2])
        } else {
            c[0].to_owned()
        }
    });
    apply(&HEADER, &|c| format!("{}{}{REDACTED}", &c[1], &c[2]));
    apply(&CREDENTIAL, &|c| format!("{}{}{REDACTED}", &c[1], &c[2]));
    apply(&OURS, &|c| format!("{}{REDACTED}", &c[1]));
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secret_query_values_are_redacted_and_the_rest_kept() {
        assert_eq!(
            target("/media/videos/v1/out.mp4?exp=17&sig=AbC-_9"),
            "/media/videos/v1/out.mp4?exp=17&sig=[redacted]"
        );
        assert_eq!(target("/v1/unsubscribe?token=mbr_1.replies.XyZ"), "/v1/unsubscribe?token=[redacted]");
        assert_eq!(target("/v1/admin/jobs?cursor=abc&limit=5"), "/v1/admin/jobs?cursor=abc&limit=5");
        assert_eq!(target("/plain/path"), "/plain/path");
        let s3 = "/b/k?X-Amz-Algorithm=AWS4&X-Amz-Credential=AKIA%2F20261129&X-Amz-Signature=deadbeef&X-Amz-Security-Token=tok";
        assert_eq!(
            target(s3),
            "/b/k?X-Amz-Algorithm=AWS4&X-Amz-Credential=[redacted]&X-Amz-Signature=[redacted]&X-Amz-Security-Token=[redacted]"
        );
        assert_eq!(
            target("/lti/launch?code=c0de&state=st4te&id_token=eyJ"),
            "/lti/launch?code=[redacted]&state=[redacted]&id_token=[redacted]"
        );
        assert_eq!(
            target("/x?access%5Fkey=AK&api_key=k&client_secret=s"),
            "/x?access%5Fkey=[redacted]&api_key=[redacted]&client_secret=[redacted]"
        );
    }

    #[test]
    fn lines_lose_urls_secrets_credentials_and_our_tokens() {
        let line = r#"error sending request for url (http://h/media/x?exp=1&sig=S1G) "authorization": "Bearer ctk_AbC", cookie: sid=abc123 whsec_Q9z ctm1.eyJ.sig"#;
        let out = scrub(line);
        for secret in ["S1G", "ctk_AbC", "abc123", "Q9z", "eyJ"] {
            assert!(!out.contains(secret), "{secret} in {out}");
        }
        assert!(out.contains("sig=[redacted]") && out.contains("exp=1"), "{out}");
        assert!(out.contains("Bearer [redacted]") || out.contains("\"authorization\": \"[redacted]"), "{out}");
        assert_eq!(scrub("job done seconds=1.2 video_id=vid_1"), "job done seconds=1.2 video_id=vid_1");
    }
}
