//! `index.html` of an export: the same content as `index.json`, readable offline in any browser,
//! with links to the files beside it. Every value is escaped; the page has no script.

use std::fmt::Write as _;

use super::Index;

fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

pub(super) fn render(ix: &Index) -> String {
    let mut h = String::new();
    let title = match &ix.member {
        Some(m) => format!("{} — {}", ix.course_title, m),
        None => ix.course_title.clone(),
    };
    let _ = write!(
        h,
        "<!doctype html>\n<html><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width\">\
         <title>{t}</title></head><body>\n<h1>{t}</h1>\n<p>Exported {at}</p>\n",
        t = esc(&title),
        at = ix.exported_at.to_rfc3339()
    );
    for p in &ix.posts {
        let _ = write!(h, "<article>\n<h2>{}</h2>\n", esc(&p.prompt_title));
        if !p.prompt_body.is_empty() {
            let _ = writeln!(h, "<p>{}</p>", esc(&p.prompt_body));
        }
        if let Some(a) = &p.author {
            let _ = writeln!(h, "<p>By {}</p>", esc(a));
        }
        let _ = writeln!(h, "<p><time>{}</time> · {}</p>", p.created_at.to_rfc3339(), esc(&p.state));
        if let Some(v) = p.files.get("video") {
            let poster = p.files.get("poster").map(|x| format!(" poster=\"{}\"", esc(x))).unwrap_or_default();
            let _ = writeln!(h, "<video controls src=\"{}\"{poster}>", esc(v));
            for (label, path) in p.files.iter().filter(|(k, _)| k.starts_with("captions/")) {
                let lang = label.trim_start_matches("captions/");
                let _ = writeln!(
                    h,
                    "<track kind=\"captions\" srclang=\"{}\" label=\"{0}\" src=\"{}\">",
                    esc(lang),
                    esc(path)
                );
            }
            let _ = writeln!(h, "</video>\n<p><a href=\"{}\">{}</a></p>", esc(v), esc(v));
        }
        if !p.text.is_empty() {
            let _ = writeln!(h, "<blockquote>{}</blockquote>", esc(&p.text));
        }
        if !p.replies_received.is_empty() {
            h.push_str("<h3>Replies</h3>\n<ul>\n");
            for r in &p.replies_received {
                let _ = writeln!(h, "<li>{}: {}</li>", esc(&r.from), esc(&r.text));
            }
            h.push_str("</ul>\n");
        }
        for s in &p.moderation {
            let _ = writeln!(h, "<p>Moderation: {} — {}</p>", esc(&s.action), esc(&s.reason));
        }
        h.push_str("</article>\n");
    }
    h.push_str("</body></html>\n");
    h
}
