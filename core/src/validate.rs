//! Small input checks shared by the domain modules; each failure names the field.

use crate::error::{Error, Result};

/// Trims `value` and checks it is non-empty (when required) and at most `max` characters.
pub fn text(field: &str, value: &str, max: usize, required: bool) -> Result<String> {
    let v = value.trim();
    if required && v.is_empty() {
        return Err(Error::invalid("validation_failed", format!("{field} must not be empty")));
    }
    if v.chars().count() > max {
        return Err(Error::invalid("validation_failed", format!("{field} must be at most {max} characters")));
    }
    if v.chars().any(|c| c.is_control() && c != '\n' && c != '\t' && c != '\r') {
        return Err(Error::invalid("validation_failed", format!("{field} must not contain control characters")));
    }
    Ok(v.to_owned())
}

/// An identifier supplied by the course team (external ids and refs): 1..=200 visible characters.
pub fn external_id(field: &str, value: &str) -> Result<String> {
    let v = text(field, value, 200, true)?;
    if v.chars().any(char::is_whitespace) || v.contains('/') {
        return Err(Error::invalid("validation_failed", format!("{field} must not contain spaces or '/'")));
    }
    Ok(v)
}

/// A BCP 47-ish language tag: `en`, `pt`, `pt-BR`, `zh-Hant`.
pub fn language_tag(field: &str, value: &str) -> Result<String> {
    let v = value.trim();
    let mut parts = v.split('-');
    let primary = parts.next().unwrap_or_default();
    let ok_primary = (2..=3).contains(&primary.len()) && primary.chars().all(|c| c.is_ascii_alphabetic());
    let ok_rest = parts.all(|p| (2..=8).contains(&p.len()) && p.chars().all(|c| c.is_ascii_alphanumeric()));
    if !ok_primary || !ok_rest {
        return Err(Error::invalid(
            "validation_failed",
            format!("{field} must be a language tag such as `en` or `pt-BR`"),
        ));
    }
    Ok(v.to_owned())
}

/// An ISO 3166-1 alpha-2 country code, returned upper-case.
pub fn country(value: &str) -> Result<String> {
    let v = value.trim().to_ascii_uppercase();
    if v.len() != 2 || !v.chars().all(|c| c.is_ascii_uppercase()) {
        return Err(Error::invalid("validation_failed", "country must be an ISO 3166-1 alpha-2 code such as `DE`"));
    }
    Ok(v)
}

pub fn email(value: &str) -> Result<String> {
    let v = text("email", value, 320, true)?;
    let ok = v
        .split_once('@')
        .is_some_and(|(l, d)| !l.is_empty() && d.contains('.') && !d.starts_with('.') && !d.ends_with('.'))
        && !v.chars().any(char::is_whitespace);
    if !ok {
        return Err(Error::invalid("validation_failed", "email is not a valid address"));
    }
    Ok(v)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn checks() {
        assert!(text("title", "  ", 10, true).is_err());
        assert_eq!(text("title", " a ", 10, true).unwrap(), "a");
        assert!(text("title", "abcdefghijk", 10, true).is_err());
        assert!(language_tag("l", "pt-BR").is_ok());
        assert!(language_tag("l", "english!").is_err());
        assert_eq!(country("de").unwrap(), "DE");
        assert!(country("DEU").is_err());
        assert!(email("a@b.org").is_ok());
        assert!(email("nobody").is_err());
        assert!(external_id("external_id", "a b").is_err());
    }
}
