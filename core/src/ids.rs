//! Opaque, time-ordered identifiers: a short type prefix and a UUIDv7 in hex (`crs_0193...`).

/// A new id for the given type prefix. UUIDv7 ids sort by creation time, which keeps
/// cursor pagination stable and index-friendly.
pub fn new_id(prefix: &str) -> String {
    format!("{prefix}_{}", uuid::Uuid::now_v7().simple())
}
