//! What one message says before layout ([`Content`]), and the catalog lookups that write it
//! ([`Messages`]), which keep every problem the catalog reports instead of only logging it.

use std::cell::RefCell;

use crosstalk_i18n::{FluentArgs, FluentValue, Lang, Tr};

/// Messages of the mail catalog in one language.
pub(super) struct Messages {
    pub lang: Lang,
    tr: Tr,
    problems: RefCell<Vec<String>>,
}

impl Messages {
    pub fn new(lang: Lang) -> Self {
        Messages { lang, tr: lang.tr(), problems: RefCell::new(Vec::new()) }
    }

    /// The message `key` with `args` (`("prompt", title.into())`, `("n", 5.into())`).
    pub fn get(&self, key: &str, args: &[(&str, FluentValue<'_>)]) -> String {
        let mut fluent = FluentArgs::new();
        for (name, value) in args {
            fluent.set(*name, value.clone());
        }
        let (text, problem) = self.tr.format_checked(key, (!args.is_empty()).then_some(&fluent));
        if let Some(problem) = problem {
            self.problems.borrow_mut().push(problem);
        }
        text
    }

    /// A message without variables.
    pub fn t(&self, key: &str) -> String {
        self.get(key, &[])
    }

    /// The value of a fallible step, or an empty string and the problem kept.
    pub fn ok<E: std::fmt::Display>(&self, r: Result<String, E>, what: &str) -> String {
        r.unwrap_or_else(|e| {
            self.problems.borrow_mut().push(format!("writing {what}: {e}"));
            String::new()
        })
    }

    pub fn into_problems(self) -> Vec<String> {
        self.problems.into_inner()
    }
}

/// Member-written text shown as a quote (a reply, a statement of reasons), with its lead-in.
pub(super) struct Quote {
    pub lead: String,
    pub text: String,
}

impl Quote {
    pub fn lines(&self) -> impl Iterator<Item = &str> {
        self.text.lines()
    }
}

/// What one message says, before layout.
pub(super) struct Content {
    pub subject: String,
    pub paragraphs: Vec<String>,
    pub quote: Option<Quote>,
    pub list: Vec<String>,
    pub after: Vec<String>,
    /// Label and URL of the one call to action.
    pub action: (String, String),
    pub why: String,
}

impl Content {
    pub fn new(subject: String, action: (String, &str), why: String) -> Self {
        Content {
            subject,
            paragraphs: Vec::new(),
            quote: None,
            list: Vec::new(),
            after: Vec::new(),
            action: (action.0, action.1.to_owned()),
            why,
        }
    }

    /// Quotes `text` under `lead` unless it is blank.
    pub fn quote(&mut self, lead: String, text: &str) {
        if !text.trim().is_empty() {
            self.quote = Some(Quote { lead, text: text.trim().to_owned() });
        }
    }
}
