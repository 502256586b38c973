//! The message catalog, shared with the mails: it lives in `crosstalk-i18n` (Fluent files, the
//! page messages still under `web/i18n/{lang}/main.ftl`), re-exported here for the pages.
//! A page's language is the visitor's explicit choice (`?lang=`, remembered in a cookie), else the
//! member's locale, else `Accept-Language`, else English.

#[cfg(test)]
use crosstalk_i18n::{bundles, FluentArgs, PAGE_SOURCES as SOURCES};
pub use crosstalk_i18n::{Lang, Tr, LANGS};

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
                let numbers = [
                    ("count", 2),
                    ("min", 10),
                    ("max", 120),
                    ("seconds", 5),
                    ("percent", 40),
                    ("from", 1),
                    ("to", 5),
                    ("total", 12),
                ];
                for (n, v) in numbers {
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
