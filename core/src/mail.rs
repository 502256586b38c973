//! Email: notification texts in the member's language, and their delivery over SMTP or to .eml files.
//!
//! [`render`] turns a [`Template`] into a subject, a plain-text part and an HTML part, from the
//! Fluent catalog (`crosstalk-i18n`) in the member's language (English, French, German, Spanish,
//! Italian or Arabic, picked by [`lang`]) through askama templates; [`Mailer::send`] wraps them in a multipart/alternative
//! message with a stable Message-ID and RFC 8058 one-click unsubscribe headers, and hands it to
//! the configured transport.

mod render;
mod transport;

pub use render::{esc as escape_html, lang, render, seconds_field, DigestCohort, Rendered, Template};
pub use transport::{Mailer, Outgoing, SendError};

#[cfg(test)]
mod tests;
