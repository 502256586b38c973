//! JSON body errors in plain words: serde's "invalid type: map, expected a sequence at
//! line 1 column 2" becomes "expected an array, found an object (line 1, column 2)", and
//! a missing or unknown field is named as such. The field of a type error is not known
//! here (actix hands over serde_json's error without a path), so the position is kept.

/// The `detail` of an `invalid_body` (or `malformed_json`) problem for a serde_json error.
pub fn describe(error: &serde_json::Error) -> String {
    let full = error.to_string();
    // serde_json appends " at line L column C"; we give the position in our own words.
    let message = full.rsplit_once(" at line ").map_or(full.as_str(), |(message, _)| message);
    let plain = plain(message);
    if error.line() == 0 {
        plain
    } else {
        format!("{plain} (line {}, column {})", error.line(), error.column())
    }
}

fn plain(message: &str) -> String {
    if let Some(field) = message.strip_prefix("missing field ") {
        return format!("the field {field} is required");
    }
    if let Some(rest) = message.strip_prefix("unknown field ") {
        return match rest.split_once(", expected ") {
            Some((field, expected)) => format!("the field {field} is not allowed here (expected {expected})"),
            None => match rest.split_once(", there are no fields") {
                Some((field, _)) => format!("the field {field} is not allowed here (this body takes no fields)"),
                None => format!("the field {rest} is not allowed here"),
            },
        };
    }
    if let Some(rest) = message.strip_prefix("unknown variant ") {
        if let Some((value, expected)) = rest.split_once(", expected ") {
            return format!("{value} is not an allowed value (expected {expected})");
        }
    }
    // serde reads an object from a JSON array positionally: an array sent for an object
    // ends here, and "invalid length 1, expected struct NewCourse with 5 elements" says so
    // backwards.
    if let Some((_, expected)) = message.strip_prefix("invalid length ").and_then(|rest| rest.split_once(", expected "))
    {
        if expected.starts_with("struct ") {
            return "expected an object, found an array".to_owned();
        }
    }
    for prefix in ["invalid type: ", "invalid value: ", "invalid length "] {
        if let Some(rest) = message.strip_prefix(prefix) {
            if let Some((found, expected)) = rest.split_once(", expected ") {
                return format!("expected {}, found {}", kind(expected), kind(found));
            }
        }
    }
    if let Some(rest) = message.strip_prefix("duplicate field ") {
        return format!("the field {rest} is given twice");
    }
    match message {
        "input contains invalid characters" | "premature end of input" | "input is out of range" | "trailing input" => {
            format!("expected an RFC 3339 time such as 2026-11-29T09:00:00Z ({message})")
        }
        _ => message.to_owned(),
    }
}

/// serde's names of JSON kinds and Rust types, as a person reading JSON would say them.
fn kind(serde: &str) -> String {
    let serde = serde.trim();
    let words = match serde {
        "map" | "a map" => "an object",
        "sequence" | "a sequence" => "an array",
        "unit" | "null" => "null",
        "a string" | "a borrowed string" => "a string",
        "a boolean" => "true or false",
        "i8" | "i16" | "i32" | "i64" | "u8" | "u16" | "u32" | "u64" | "usize" | "isize" => "a whole number",
        "f32" | "f64" => "a number",
        "option" => "a value or null",
        _ if serde.starts_with("struct ") => "an object",
        _ if serde.starts_with("string ") => return format!("the string {}", &serde["string ".len()..]),
        _ if serde.starts_with("integer ") => return format!("the number {}", &serde["integer ".len()..]),
        _ if serde.starts_with("floating point ") => {
            return format!("the number {}", &serde["floating point ".len()..])
        }
        _ if serde.starts_with("boolean ") => return serde["boolean ".len()..].to_owned(),
        _ => serde,
    };
    words.to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn detail<T: serde::de::DeserializeOwned + std::fmt::Debug>(json: &str) -> String {
        describe(&serde_json::from_str::<T>(json).expect_err("must fail"))
    }

    #[derive(Debug, serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    #[expect(dead_code, reason = "only deserialised")]
    struct Body {
        title: String,
        max_seconds: Option<i32>,
        tags: Option<Vec<String>>,
    }

    #[test]
    fn reads_as_plain_words() {
        assert_eq!(detail::<Body>("{}"), "the field `title` is required (line 1, column 2)");
        assert_eq!(
            detail::<Body>(r#"{"title": "Q", "colour": 1}"#),
            "the field `colour` is not allowed here (expected one of `title`, `max_seconds`, `tags`) (line 1, column 23)"
        );
        assert_eq!(
            detail::<Body>(r#"{"title": "Q", "max_seconds": "ten"}"#),
            r#"expected a whole number, found the string "ten" (line 1, column 35)"#
        );
        assert_eq!(
            detail::<Body>(r#"{"title": "Q", "tags": {"a": 1}}"#),
            "expected an array, found an object (line 1, column 23)"
        );
        assert_eq!(detail::<Body>(r#"[1]"#), "expected a string, found the number `1` (line 1, column 2)");
        assert_eq!(detail::<Body>(r#"["Q"]"#), "expected an object, found an array (line 1, column 5)");
    }
}
