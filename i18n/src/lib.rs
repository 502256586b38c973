//! The message catalog of pages and mails: Fluent files built into the binary, one bundle per
//! language holding the page messages (`web/i18n/{lang}/main.ftl`) and the mail messages
//! (`i18n/{lang}/mail.ftl`, keys starting with `mail-`). A key missing in a language falls back
//! to English (the catalog tests keep that from happening).
//!
//! Its own crate so that `core` (mails) and `web` (pages) share it without depending on each other.

use std::sync::OnceLock;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::FluentResource;
pub use fluent_bundle::{FluentArgs, FluentValue};

mod lang;

pub use lang::Lang;

/// The languages of the catalog; the first is the fallback.
pub const LANGS: [&str; 6] = ["en", "fr", "de", "es", "it", "ar"];

/// The page messages, in the order of [`LANGS`]. They stay beside the pages' templates.
pub const PAGE_SOURCES: [&str; 6] = [
    include_str!("../../web/i18n/en/main.ftl"),
    include_str!("../../web/i18n/fr/main.ftl"),
    include_str!("../../web/i18n/de/main.ftl"),
    include_str!("../../web/i18n/es/main.ftl"),
    include_str!("../../web/i18n/it/main.ftl"),
    include_str!("../../web/i18n/ar/main.ftl"),
];

/// The mail messages, in the order of [`LANGS`].
pub const MAIL_SOURCES: [&str; 6] = [
    include_str!("../en/mail.ftl"),
    include_str!("../fr/mail.ftl"),
    include_str!("../de/mail.ftl"),
    include_str!("../es/mail.ftl"),
    include_str!("../it/mail.ftl"),
    include_str!("../ar/mail.ftl"),
];

pub type Bundle = FluentBundle<FluentResource>;

/// One bundle per language of [`LANGS`], with both catalogs, built once.
#[doc(hidden)]
pub fn bundles() -> &'static [Bundle] {
    static BUNDLES: OnceLock<Vec<Bundle>> = OnceLock::new();
    BUNDLES.get_or_init(|| {
        LANGS
            .iter()
            .zip(PAGE_SOURCES.iter().zip(MAIL_SOURCES))
            .map(|(code, (page, mail))| {
                let id: unic_langid::LanguageIdentifier = code.parse().unwrap_or_default();
                let mut b = FluentBundle::new_concurrent(vec![id]);
                // Isolation marks only where text runs right to left around left-to-right names.
                b.set_use_isolating(*code == "ar");
                for src in [*page, mail] {
                    let res = FluentResource::try_new(src.to_owned()).unwrap_or_else(|(res, errors)| {
                        tracing::error!(lang = code, ?errors, "message catalog has syntax errors");
                        res
                    });
                    if let Err(errors) = b.add_resource(res) {
                        tracing::error!(lang = code, ?errors, "message catalog has duplicate keys");
                    }
                }
                b
            })
            .collect()
    })
}

/// Looks messages up in one language; templates call it as `tr.t("key")`.
#[derive(Debug, Clone, Copy)]
pub struct Tr {
    pub lang: Lang,
}

impl Tr {
    pub fn has(&self, key: &str) -> bool {
        bundles()[self.lang.index()].has_message(key)
    }

    /// The message, and what went wrong if anything did (a missing key or variable): the text is
    /// then the English message, or the key, or the message with `{$name}` where a value is missing.
    pub fn format_checked(&self, key: &str, args: Option<&FluentArgs<'_>>) -> (String, Option<String>) {
        let all = bundles();
        let mut problem = None;
        for (i, b) in [(self.lang.index(), &all[self.lang.index()]), (0, &all[0])] {
            if let Some(pattern) = b.get_message(key).and_then(|m| m.value()) {
                let mut errors = Vec::new();
                let s = b.format_pattern(pattern, args, &mut errors);
                if !errors.is_empty() {
                    problem = Some(format!("{}: {key}: {errors:?}", LANGS[i]));
                }
                return (s.into_owned(), problem);
            }
            problem = Some(format!("{}: {key} is missing", self.lang.code()));
        }
        (key.to_owned(), problem)
    }

    fn format(&self, key: &str, args: Option<&FluentArgs<'_>>) -> String {
        let (s, problem) = self.format_checked(key, args);
        if let Some(problem) = problem {
            tracing::warn!(key, lang = self.lang.code(), problem, "message catalog problem");
        }
        s
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

    pub fn t3<'a>(
        &self,
        key: &str,
        (n1, v1): (&'a str, impl Into<FluentValue<'a>>),
        (n2, v2): (&'a str, impl Into<FluentValue<'a>>),
        (n3, v3): (&'a str, impl Into<FluentValue<'a>>),
    ) -> String {
        let mut args = FluentArgs::new();
        args.set(n1, v1);
        args.set(n2, v2);
        args.set(n3, v3);
        self.format(key, Some(&args))
    }
}

#[cfg(test)]
mod tests;
