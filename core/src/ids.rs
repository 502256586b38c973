//! Opaque, time-ordered identifiers: a short type prefix and a UUIDv7 in hex (`crs_0193...`).

/// A new id for the given type prefix. UUIDv7 ids sort by creation time, which keeps
/// cursor pagination stable and index-friendly.
pub fn new_id(prefix: &str) -> String {
    format!("{prefix}_{}", uuid::Uuid::now_v7().simple())
}

/// Whether `id` has the shape of an id of this type. Lookups of anything else answer
/// "not found" without touching the database (which may refuse odd bytes such as NUL).
pub fn is_valid(prefix: &str, id: &str) -> bool {
    id.strip_prefix(prefix)
        .and_then(|r| r.strip_prefix('_'))
        .is_some_and(|hex| hex.len() == 32 && hex.bytes().all(|b| b.is_ascii_hexdigit()))
}

#[cfg(test)]
mod tests {
    #[test]
    fn shapes() {
        let id = super::new_id("crs");
        assert!(super::is_valid("crs", &id));
        assert!(!super::is_valid("mod", &id));
        assert!(!super::is_valid("crs", "crs_\0"));
        assert!(!super::is_valid("crs", "crs_zz"));
    }
}
