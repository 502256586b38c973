//! The catalog is whole: every key in every language, no key in two files, every message formats.

use std::collections::BTreeSet;

use fluent_bundle::FluentResource;
use fluent_syntax::ast::{Entry, Expression, InlineExpression, Pattern, PatternElement};

use super::*;

fn resource(src: &str) -> FluentResource {
    FluentResource::try_new(src.to_owned()).unwrap_or_else(|(_, e)| panic!("syntax errors: {e:?}"))
}

fn keys(src: &str) -> BTreeSet<String> {
    resource(src)
        .entries()
        .filter_map(|e| match e {
            Entry::Message(m) => Some(m.id.name.to_owned()),
            Entry::Term(t) => Some(format!("-{}", t.id.name)),
            _ => None,
        })
        .collect()
}

/// The variables a pattern reads, through selectors, variants, call arguments and the messages
/// it references (a referenced message sees the caller's variables).
fn variables<'s>(p: &'s Pattern<&'s str>, res: &'s FluentResource, out: &mut BTreeSet<String>) {
    let mut todo = vec![p];
    let mut seen = BTreeSet::new();
    while let Some(p) = todo.pop() {
        let mut stack: Vec<&InlineExpression<&str>> = Vec::new();
        let mut exprs: Vec<&Expression<&str>> = p
            .elements
            .iter()
            .filter_map(|el| match el {
                PatternElement::Placeable { expression } => Some(expression),
                PatternElement::TextElement { .. } => None,
            })
            .collect();
        while let Some(e) = exprs.pop() {
            match e {
                Expression::Inline(i) => stack.push(i),
                Expression::Select { selector, variants } => {
                    stack.push(selector);
                    todo.extend(variants.iter().map(|v| &v.value));
                }
            }
            while let Some(i) = stack.pop() {
                match i {
                    InlineExpression::VariableReference { id } => {
                        out.insert(id.name.to_owned());
                    }
                    InlineExpression::FunctionReference { arguments, .. } => {
                        stack.extend(arguments.positional.iter());
                        stack.extend(arguments.named.iter().map(|a| &a.value));
                    }
                    InlineExpression::Placeable { expression } => exprs.push(expression),
                    InlineExpression::MessageReference { id, .. } if seen.insert(id.name) => {
                        let referenced = res.entries().find_map(|e| match e {
                            Entry::Message(m) if m.id.name == id.name => m.value.as_ref(),
                            _ => None,
                        });
                        todo.extend(referenced);
                    }
                    _ => {}
                }
            }
        }
    }
}

#[test]
fn every_key_exists_in_every_language_and_no_other() {
    for (name, sources, at_least) in [("main.ftl", PAGE_SOURCES, 50), ("mail.ftl", MAIL_SOURCES, 60)] {
        let en = keys(sources[0]);
        assert!(en.len() > at_least, "the English {name} looks truncated: {} keys", en.len());
        for (code, src) in LANGS.iter().zip(sources).skip(1) {
            let other = keys(src);
            let missing: Vec<_> = en.difference(&other).collect();
            let extra: Vec<_> = other.difference(&en).collect();
            assert!(missing.is_empty() && extra.is_empty(), "{code} {name}: missing {missing:?}, extra {extra:?}");
        }
    }
}

#[test]
fn mail_keys_are_apart_from_page_keys() {
    for (code, (page, mail)) in LANGS.iter().zip(PAGE_SOURCES.iter().zip(MAIL_SOURCES)) {
        let mail = keys(mail);
        assert!(mail.iter().all(|k| k.starts_with("mail-") || k.starts_with("-mail-")), "{code}: {mail:?}");
        let both: Vec<_> = keys(page).intersection(&mail).cloned().collect();
        assert!(both.is_empty(), "{code}: in both catalogs: {both:?}");
    }
}

/// Each mail message formats without error in every language, given the variables it reads,
/// whether they hold a number (plural and exact-number variants) or text.
#[test]
fn every_mail_message_formats_without_errors() {
    for (i, code) in LANGS.iter().enumerate() {
        let b = &bundles()[i];
        let res = resource(MAIL_SOURCES[i]);
        for entry in res.entries() {
            let Entry::Message(m) = entry else { continue };
            let Some(pattern) = &m.value else { panic!("{code}: {} has no value", m.id.name) };
            let mut vars = BTreeSet::new();
            variables(pattern, &res, &mut vars);
            for n in [0, 1, 2, 5, 11, 100] {
                let mut args = FluentArgs::new();
                for v in &vars {
                    args.set(v.as_str(), n);
                }
                let loaded = b.get_message(m.id.name).and_then(|m| m.value());
                let Some(loaded) = loaded else { panic!("{code}: {} not loaded", m.id.name) };
                let mut errors = Vec::new();
                b.format_pattern(loaded, Some(&args), &mut errors);
                assert!(errors.is_empty(), "{code}: {}: {errors:?}", m.id.name);
            }
        }
    }
}

#[test]
fn a_missing_key_or_variable_is_reported() {
    let tr = Lang::default().tr();
    assert!(tr.format_checked("no-such-key", None).1.is_some());
    assert!(tr.format_checked("mail-hello", None).1.is_some(), "mail-hello needs $name");
    let mut args = FluentArgs::new();
    args.set("name", "Ana");
    assert_eq!(tr.format_checked("mail-hello", Some(&args)), ("Hi Ana,".to_owned(), None));
}

#[test]
fn negotiation_order() {
    assert_eq!(Lang::negotiate(None, Some("fr-FR"), Some("de")).code(), "fr");
    assert_eq!(Lang::negotiate(Some("ar"), Some("fr"), None).code(), "ar");
    assert_eq!(Lang::negotiate(None, Some("pt"), Some("pt-BR, es;q=0.8, it;q=0.9")).code(), "it");
    assert_eq!(Lang::negotiate(None, None, Some("xx, *;q=0.1")).code(), "en");
    assert!(Lang::parse("AR_ma").is_some_and(Lang::rtl));
    assert_eq!(Lang::parse("fr_FR.UTF-8").map(Lang::code), Some("fr"));
    assert_eq!(Lang::parse("de@euro").map(Lang::code), Some("de"));
}
