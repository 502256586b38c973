//! Which language to speak: a supported language from a locale tag, `Accept-Language`, or the
//! order a page applies (explicit choice, member's locale, browser, English).

use crate::{Tr, LANGS};

/// One of [`LANGS`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Lang(usize);

impl Lang {
    pub fn code(self) -> &'static str {
        LANGS[self.0]
    }

    pub(crate) fn index(self) -> usize {
        self.0
    }

    /// Every language of the catalog, English first.
    pub fn all() -> impl Iterator<Item = Lang> {
        (0..LANGS.len()).map(Lang)
    }

    pub fn rtl(self) -> bool {
        self.code() == "ar"
    }

    pub fn dir(self) -> &'static str {
        if self.rtl() {
            "rtl"
        } else {
            "ltr"
        }
    }

    /// A supported language from a tag such as `fr`, `fr-CA`, `AR_ma` or `fr_FR.UTF-8`.
    pub fn parse(tag: &str) -> Option<Lang> {
        let primary = tag.trim().split(['-', '_', '.', '@']).next()?.to_ascii_lowercase();
        LANGS.iter().position(|l| *l == primary).map(Lang)
    }

    /// The best supported language of an `Accept-Language` header, by its q-values.
    pub fn from_accept_language(header: &str) -> Option<Lang> {
        let mut best: Option<(f32, Lang)> = None;
        for part in header.split(',').take(20) {
            let mut it = part.split(';');
            let Some(lang) = it.next().and_then(Lang::parse) else { continue };
            let q =
                it.find_map(|p| p.trim().strip_prefix("q=").and_then(|q| q.trim().parse::<f32>().ok())).unwrap_or(1.0);
            if q > 0.0 && best.is_none_or(|(bq, _)| q > bq) {
                best = Some((q, lang));
            }
        }
        best.map(|(_, l)| l)
    }

    /// Choice, then member locale, then `Accept-Language`, then English.
    pub fn negotiate(choice: Option<&str>, member_locale: Option<&str>, accept: Option<&str>) -> Lang {
        choice
            .and_then(Lang::parse)
            .or_else(|| member_locale.and_then(Lang::parse))
            .or_else(|| accept.and_then(Lang::from_accept_language))
            .unwrap_or_default()
    }

    pub fn tr(self) -> Tr {
        Tr { lang: self }
    }
}
