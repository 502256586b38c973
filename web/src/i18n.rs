//! The message catalog: Fluent files under `web/i18n/{lang}/main.ftl`, built into the binary.
//! A page's language is the visitor's explicit choice (`?lang=`, remembered in a cookie), else the
//! member's locale, else `Accept-Language`, else English. A key missing in a language falls back
//! to English (the catalog test keeps that from happening).

use std::sync::OnceLock;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use unic_langid::LanguageIdentifier;

/// The languages of the catalog; the first is the fallback.
pub const LANGS: [&str; 6] = ["en", "fr", "de", "es", "it", "ar"];

const SOURCES: [&str; 6] = [
    include_str!("../i18n/en/main.ftl"),
    include_str!("../i18n/fr/main.ftl"),
    include_str!("../i18n/de/main.ftl"),
    include_str!("../i18n/es/main.ftl"),
    include_str!("../i18n/it/main.ftl"),
    include_str!("../i18n/ar/main.ftl"),
];

type Bundle = FluentBundle<FluentResource>;

fn bundles() -> &'static [Bundle] {
    static BUNDLES: OnceLock<Vec<Bundle>> = OnceLock::new();
    BUNDLES.get_or_init(|| {
        LANGS
            .iter()
            .zip(SOURCES)
            .map(|(code, src)| {
                let id: LanguageIdentifier = code.parse().unwrap_or_default();
                let mut b = FluentBundle::new_concurrent(vec![id]);
                // Isolation marks only where text runs right to left around left-to-right names.
                b.set_use_isolating(*code == "ar");
                let res = FluentResource::try_new(src.to_owned()).unwrap_or_else(|(res, errors)| {
                    tracing::error!(lang = code, ?errors, "message catalog has syntax errors");
                    res
                });
                if let Err(errors) = b.add_resource(res) {
                    tracing::error!(lang = code, ?errors, "message catalog has duplicate keys");
                }
                b
            })
            .collect()
    })
}

/// One of [`LANGS`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Lang(usize);

impl Lang {
    pub fn code(self) -> &'static str {
        LANGS[self.0]
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

    /// A supported language from a tag such as `fr`, `fr-CA` or `AR_ma`.
    pub fn parse(tag: &str) -> Option<Lang> {
        let primary = tag.trim().split(['-', '_']).next()?.to_ascii_lowercase();
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

/// Looks messages up in one language; templates call it as `tr.t("key")`.
#[derive(Debug, Clone, Copy)]
pub struct Tr {
    pub lang: Lang,
}

impl Tr {
    pub fn has(&self, key: &str) -> bool {
        bundles()[self.lang.0].has_message(key)
    }

    fn format(&self, key: &str, args: Option<&FluentArgs<'_>>) -> String {
        let all = bundles();
        for b in [&all[self.lang.0], &all[0]] {
            if let Some(pattern) = b.get_message(key).and_then(|m| m.value()) {
                let mut errors = Vec::new();
                let s = b.format_pattern(pattern, args, &mut errors);
                if !errors.is_empty() {
                    tracing::warn!(key, lang = self.lang.code(), ?errors, "message formatting errors");
                }
                return s.into_owned();
            }
        }
        tracing::warn!(key, lang = self.lang.code(), "message missing from the catalog");
        key.to_owned()
    }

    pub fn t(&self, key: &str) -> String {
        self.format(key, None)
    }

    pub fn t1<'a>(&self, key: &str, name: &'a str, value: impl Into<FluentValue<'a>>) -> String {
        let mut args = FluentArgs::new();
        args.set(name, value);
        self.format(key, Some(&args))
    }

    pub fn t2<'a>(
        &self,
        key: &str,
        (n1, v1): (&'a str, impl Into<FluentValue<'a>>),
        (n2, v2): (&'a str, impl Into<FluentValue<'a>>),
    ) -> String {
        let mut args = FluentArgs::new();
        args.set(n1, v1);
        args.set(n2, v2);
        self.format(key, Some(&args))
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use fluent_bundle::FluentResource;
    use fluent_syntax::ast::Entry;

    use super::*;

    fn keys(src: &str) -> BTreeSet<String> {
        let res = FluentResource::try_new(src.to_owned()).unwrap_or_else(|(_, e)| panic!("syntax errors: {e:?}"));
        res.entries()
            .filter_map(|e| match e {
                Entry::Message(m) => Some(m.id.name.to_owned()),
                Entry::Term(t) => Some(format!("-{}", t.id.name)),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn every_key_exists_in_every_language_and_no_other() {
        let en = keys(SOURCES[0]);
        assert!(en.len() > 50, "the English catalog looks truncated: {} keys", en.len());
        for (code, src) in LANGS.iter().zip(SOURCES).skip(1) {
            let other = keys(src);
            let missing: Vec<_> = en.difference(&other).collect();
            let extra: Vec<_> = other.difference(&en).collect();
            assert!(missing.is_empty() && extra.is_empty(), "{code}: missing {missing:?}, extra {extra:?}");
        }
    }

    #[test]
    fn every_message_formats_without_errors() {
        for (i, code) in LANGS.iter().enumerate() {
            let b = &bundles()[i];
            for key in keys(SOURCES[i]).iter().filter(|k| !k.starts_with('-')) {
                let msg = b.get_message(key).unwrap_or_else(|| panic!("{code}: {key} not loaded"));
                let Some(pattern) = msg.value() else { panic!("{code}: {key} has no value") };
                let mut args = FluentArgs::new();
                for (n, v) in [("count", 2), ("min", 10), ("max", 120), ("seconds", 5), ("percent", 40)] {
                    args.set(n, v);
                }
                let console = ["detail", "author", "prompt", "removals", "mutes", "n", "when"];
                for n in ["name", "date", "reason", "title", "lang", "course"].into_iter().chain(console) {
                    args.set(n, "x");
                }
                let mut errors = Vec::new();
                b.format_pattern(pattern, Some(&args), &mut errors);
                assert!(errors.is_empty(), "{code}: {key}: {errors:?}");
            }
        }
    }

    #[test]
    fn negotiation_order() {
        assert_eq!(Lang::negotiate(None, Some("fr-FR"), Some("de")).code(), "fr");
        assert_eq!(Lang::negotiate(Some("ar"), Some("fr"), None).code(), "ar");
        assert_eq!(Lang::negotiate(None, Some("pt"), Some("pt-BR, es;q=0.8, it;q=0.9")).code(), "it");
        assert_eq!(Lang::negotiate(None, None, Some("xx, *;q=0.1")).code(), "en");
        assert!(Lang::parse("AR_ma").is_some_and(Lang::rtl));
    }
}
