//! The one layout of every mail, as two askama templates: `mail/message.txt` (plain text, not
//! escaped) and `mail/message.html` (escaped, laid out right to left for Arabic).

use askama::Template;

use super::{Content, Messages};

/// The words and links around a message's content, in its language.
pub(super) struct Parts<'a> {
    lang: &'static str,
    rtl: bool,
    dir: &'static str,
    greeting: String,
    content: &'a Content,
    colon: String,
    link_fallback: String,
    signature: String,
    unsubscribe: Option<Unsubscribe<'a>>,
}

struct Unsubscribe<'a> {
    question: String,
    label: String,
    url: &'a str,
}

impl<'a> Parts<'a> {
    pub fn new(m: &Messages, name: &str, content: &'a Content, unsubscribe_url: Option<&'a str>) -> Self {
        let name = name.trim();
        Parts {
            lang: m.lang.code(),
            rtl: m.lang.rtl(),
            dir: m.lang.dir(),
            greeting: if name.is_empty() {
                m.t("mail-hello-anonymous")
            } else {
                m.get("mail-hello", &[("name", name.into())])
            },
            content,
            colon: m.t("mail-colon"),
            link_fallback: m.t("mail-link-fallback"),
            signature: m.t("mail-signature"),
            unsubscribe: unsubscribe_url.map(|url| Unsubscribe {
                question: m.t("mail-unsubscribe-question"),
                label: m.t("mail-unsubscribe"),
                url,
            }),
        }
    }

    pub fn text(&self) -> TextPart<'_, 'a> {
        TextPart { p: self }
    }

    pub fn html(&self) -> HtmlPart<'_, 'a> {
        HtmlPart { p: self }
    }
}

#[derive(Template)]
#[template(path = "mail/message.txt")]
pub(super) struct TextPart<'p, 'a> {
    p: &'p Parts<'a>,
}

#[derive(Template)]
#[template(path = "mail/message.html")]
pub(super) struct HtmlPart<'p, 'a> {
    p: &'p Parts<'a>,
}
