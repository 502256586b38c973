//! A strict WebVTT check: the file must parse as WebVTT (header, cue timings in order, settings)
//! and carry no markup beyond WebVTT's own cue tags (`c i b u v lang ruby rt` and timestamps).
//! Anything else (HTML tags, `<script>`, STYLE blocks with CSS, arrows inside text, control
//! characters) is refused with the line it was found on.

use crate::error::{Error, Result};

/// Largest caption file accepted.
pub const MAX_BYTES: usize = 256 * 1024;
/// Most cues accepted in one file.
pub const MAX_CUES: usize = 5_000;

/// What a valid file holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Summary {
    pub cues: usize,
    /// End of the last cue, in milliseconds.
    pub last_end_ms: u64,
}

fn bad(line: usize, why: impl std::fmt::Display) -> Error {
    Error::invalid("invalid_vtt", format!("line {line}: {why}"))
}

/// Checks `bytes` as a WebVTT file; see the module docs.
pub fn validate(bytes: &[u8]) -> Result<Summary> {
    if bytes.len() > MAX_BYTES {
        return Err(Error::invalid(
            "caption_too_large",
            format!("captions may be at most {} KiB; this file has {} bytes", MAX_BYTES / 1024, bytes.len()),
        ));
    }
    let text = std::str::from_utf8(bytes).map_err(|e| {
        let line = bytes[..e.valid_up_to()].iter().filter(|b| **b == b'\n').count() + 1;
        bad(line, "the file is not UTF-8 text")
    })?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let normalized = text.replace("\r\n", "\n").replace('\r', "\n");
    let lines: Vec<&str> = normalized.split('\n').collect();
    for (i, l) in lines.iter().enumerate() {
        if let Some(c) = l.chars().find(|c| c.is_control() && *c != '\t') {
            return Err(bad(i + 1, format!("control character U+{:04X} is not allowed", u32::from(c))));
        }
    }
    let first = lines.first().copied().unwrap_or_default();
    let rest = first.strip_prefix("WEBVTT").ok_or_else(|| bad(1, "the file must start with WEBVTT"))?;
    if !(rest.is_empty() || rest.starts_with(' ') || rest.starts_with('\t')) {
        return Err(bad(1, "the file must start with WEBVTT"));
    }
    let mut i = 1;
    // Header lines up to the first blank line must not hold cues.
    while i < lines.len() && !lines[i].is_empty() {
        if lines[i].contains("-->") {
            return Err(bad(i + 1, "a blank line must separate the header from the first cue"));
        }
        i += 1;
    }
    let mut summary = Summary { cues: 0, last_end_ms: 0 };
    let mut last_start = 0u64;
    let mut seen_cue = false;
    while i < lines.len() {
        if lines[i].is_empty() {
            i += 1;
            continue;
        }
        let block_start = i;
        let mut end = i;
        while end < lines.len() && !lines[end].is_empty() {
            end += 1;
        }
        let block = &lines[block_start..end];
        let head = block[0];
        if head == "NOTE" || head.starts_with("NOTE ") || head.starts_with("NOTE\t") {
            if let Some(k) = block.iter().position(|l| l.contains("-->")) {
                return Err(bad(block_start + k + 1, "a NOTE must not contain \"-->\""));
            }
        } else if !seen_cue && (head == "STYLE" || head.starts_with("STYLE ")) {
            return Err(bad(block_start + 1, "STYLE blocks are not accepted; use cue tags for emphasis"));
        } else if !seen_cue && (head == "REGION" || head.starts_with("REGION ")) {
            if let Some(k) = block.iter().position(|l| l.contains("-->") || l.contains('<')) {
                return Err(bad(block_start + k + 1, "a REGION holds only settings"));
            }
        } else {
            let (timing_at, timing) = if head.contains("-->") {
                (block_start, head)
            } else {
                let t = block.get(1).copied().ok_or_else(|| bad(block_start + 2, "a cue needs a timing line"))?;
                (block_start + 1, t)
            };
            let (start, stop) = timing_line(timing).map_err(|why| bad(timing_at + 1, why))?;
            if start < last_start {
                return Err(bad(timing_at + 1, "cues must be in order of their start times"));
            }
            last_start = start;
            for (k, payload) in lines[timing_at + 1..end].iter().enumerate() {
                cue_text(payload).map_err(|why| bad(timing_at + 2 + k, why))?;
            }
            summary.cues += 1;
            summary.last_end_ms = summary.last_end_ms.max(stop);
            seen_cue = true;
            if summary.cues > MAX_CUES {
                return Err(Error::invalid("too_many_cues", format!("captions may hold at most {MAX_CUES} cues")));
            }
        }
        i = end;
    }
    Ok(summary)
}

/// `HH:MM:SS.mmm` or `MM:SS.mmm`, in milliseconds.
fn timestamp(s: &str) -> Option<u64> {
    let (clock, ms) = s.split_once('.')?;
    if ms.len() != 3 || !ms.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let parts: Vec<&str> = clock.split(':').collect();
    let num = |p: &str, exact2: bool| {
        (!p.is_empty() && (!exact2 || p.len() == 2) && p.bytes().all(|b| b.is_ascii_digit()) && p.len() <= 6)
            .then(|| p.parse::<u64>().ok())
            .flatten()
    };
    let (h, m, sec) = match parts.as_slice() {
        [m, s] => (0, num(m, true)?, num(s, true)?),
        [h, m, s] if h.len() >= 2 => (num(h, false)?, num(m, true)?, num(s, true)?),
        _ => return None,
    };
    if m > 59 || sec > 59 {
        return None;
    }
    Some(((h * 60 + m) * 60 + sec) * 1000 + ms.parse::<u64>().ok()?)
}

fn timing_line(line: &str) -> std::result::Result<(u64, u64), String> {
    let (a, b) = line.split_once("-->").ok_or("expected \"start --> end\"")?;
    if b.contains("-->") {
        return Err("only one \"-->\" per timing line".into());
    }
    let start = timestamp(a.trim()).ok_or_else(|| format!("bad start time {:?}", a.trim()))?;
    let mut rest = b.split_whitespace();
    let end_s = rest.next().ok_or("missing end time")?;
    let end = timestamp(end_s).ok_or_else(|| format!("bad end time {end_s:?}"))?;
    if end <= start {
        return Err("the end time must be after the start time".into());
    }
    for setting in rest {
        let (k, v) = setting.split_once(':').ok_or_else(|| format!("bad cue setting {setting:?}"))?;
        let ok = !v.is_empty()
            && matches!(k, "vertical" | "line" | "position" | "size" | "align" | "region")
            && v.bytes().all(|c| c.is_ascii_alphanumeric() || matches!(c, b'.' | b'%' | b',' | b'-' | b'_'));
        if !ok {
            return Err(format!("bad cue setting {setting:?}"));
        }
    }
    Ok((start, end))
}

/// A line of cue text: tags limited to WebVTT's own, and no arrow.
fn cue_text(line: &str) -> std::result::Result<(), String> {
    if line.contains("-->") {
        return Err("cue text must not contain \"-->\"".into());
    }
    let mut rest = line;
    while let Some(open) = rest.find('<') {
        let after = &rest[open + 1..];
        let close = after.find('>').ok_or("a \"<\" without its \">\" (write &lt; for a literal <)")?;
        let tag = &after[..close];
        if !cue_tag(tag) {
            let shown: String = tag.chars().take(40).collect();
            return Err(format!(
                "<{shown}> is not a WebVTT cue tag (allowed: c, i, b, u, v, lang, ruby, rt, timestamps)"
            ));
        }
        rest = &after[close + 1..];
    }
    Ok(())
}

fn cue_tag(tag: &str) -> bool {
    if let Some(name) = tag.strip_prefix('/') {
        return matches!(name, "c" | "i" | "b" | "u" | "v" | "lang" | "ruby" | "rt");
    }
    if tag.starts_with(|c: char| c.is_ascii_digit()) {
        return timestamp(tag).is_some();
    }
    let (head, annotation) = match tag.split_once([' ', '\t']) {
        Some((h, a)) => (h, Some(a)),
        None => (tag, None),
    };
    let mut parts = head.split('.');
    let name = parts.next().unwrap_or_default();
    let classes_ok =
        parts.all(|c| !c.is_empty() && c.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'));
    let annotation_ok = annotation.is_none_or(|a| !a.contains(['<', '>', '&', '"', '\'']));
    classes_ok
        && match name {
            "c" | "i" | "b" | "u" | "ruby" | "rt" => annotation.is_none(),
            "v" => annotation_ok,
            "lang" => annotation.is_some_and(|a| super::language(a.trim()).is_ok()),
            _ => false,
        }
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = "WEBVTT - made by hand\n\nNOTE a comment\n\n1\n00:00.000 --> 00:02.500 align:start line:90%\n<v Amina>Hello <i>everyone</i></v>\n\n00:00:02.500 --> 00:00:04.000\n<c.yellow>Tea</c> &amp; <lang fr>croissants</lang> <00:03.000>now\n";

    fn code(s: &str) -> (String, String) {
        let e = validate(s.as_bytes()).unwrap_err();
        (e.code().to_owned(), e.to_string())
    }

    #[test]
    fn accepts_webvtt_with_its_own_tags() {
        assert_eq!(validate(GOOD.as_bytes()).unwrap(), Summary { cues: 2, last_end_ms: 4000 });
        assert!(validate(b"\xef\xbb\xbfWEBVTT\r\n\r\n00:01.000 --> 00:02.000\r\nhi\r\n").is_ok());
        assert_eq!(validate(b"WEBVTT\n").unwrap().cues, 0);
    }

    #[test]
    fn refuses_what_is_not_webvtt() {
        let cases = [
            ("1\n00:00:01,000 --> 00:00:02,000\nSRT\n", "line 1"),
            ("WEBVTTX\n", "line 1"),
            ("WEBVTT\n\n00:01.000 --> 00:00.500\nbackwards\n", "line 3"),
            ("WEBVTT\n\n00:02.000 --> 00:03.000\na\n\n00:01.000 --> 00:04.000\nb\n", "line 6"),
            ("WEBVTT\n\n00:61.000 --> 00:62.000\nx\n", "line 3"),
            ("WEBVTT\n\n00:01.000 --> 00:02.000 onclick:alert\nx\n", "line 3"),
            ("WEBVTT\n\nid only\n", "line 4"),
            ("WEBVTT\n00:01.000 --> 00:02.000\nno blank line\n", "line 2"),
        ];
        for (input, line) in cases {
            let (c, msg) = code(input);
            assert_eq!(c, "invalid_vtt", "{input:?}");
            assert!(msg.starts_with(line), "{input:?}: {msg}");
        }
    }

    #[test]
    fn refuses_markup_and_scripts() {
        for payload in [
            "<script>alert(1)</script>",
            "<img src=x onerror=alert(1)>",
            "<a href=\"javascript:alert(1)\">x</a>",
            "<b onclick=alert(1)>x</b>",
            "<v Amina\">x</v>",
            "a --> b",
            "1 < 2",
            "<lang javascript:alert(1)>x</lang>",
        ] {
            let (c, msg) = code(&format!("WEBVTT\n\n00:01.000 --> 00:02.000\nok\n{payload}\n"));
            assert_eq!((c.as_str(), msg.starts_with("line 5")), ("invalid_vtt", true), "{payload}: {msg}");
        }
        let (c, _) = code("WEBVTT\n\nSTYLE\n::cue { background: url(javascript:x) }\n\n00:01.000 --> 00:02.000\nx\n");
        assert_eq!(c, "invalid_vtt");
        let (c, msg) = code("WEBVTT\n\n00:01.000 --> 00:02.000\nnul\u{0}\n");
        assert_eq!(c, "invalid_vtt", "{msg}");
    }

    #[test]
    fn limits_size_and_cues() {
        let big = format!("WEBVTT\n\nNOTE {}\n", "x".repeat(MAX_BYTES));
        assert_eq!(code(&big).0, "caption_too_large");
        let ts = |s: usize| format!("{:02}:{:02}:{:02}.000", s / 3600, s / 60 % 60, s % 60);
        let mut many = String::from("WEBVTT\n");
        for i in 0..=MAX_CUES {
            many.push_str(&format!("\n{} --> {}\nx\n", ts(i), ts(i + 1)));
        }
        assert_eq!(code(&many).0, "too_many_cues");
    }
}
