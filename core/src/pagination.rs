//! Cursor pagination: opaque cursors that encode the last row's sort key.

use base64::Engine as _;
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

pub const DEFAULT_LIMIT: u64 = 50;
pub const MAX_LIMIT: u64 = 200;

/// `?cursor=&limit=` as every list endpoint takes them.
#[derive(Debug, Clone, Default, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct PageParams {
    /// The `next_cursor` of the previous page.
    pub cursor: Option<String>,
    /// Page size, 1 to 200 (default 50).
    pub limit: Option<u64>,
}

impl PageParams {
    pub fn limit(&self) -> Result<u64> {
        match self.limit {
            None => Ok(DEFAULT_LIMIT),
            Some(l) if (1..=MAX_LIMIT).contains(&l) => Ok(l),
            Some(_) => Err(Error::invalid("invalid_limit", "limit must be between 1 and 200")),
        }
    }

    /// The decoded sort key after which the page starts.
    pub fn after<K: for<'de> Deserialize<'de>>(&self) -> Result<Option<K>> {
        let Some(c) = self.cursor.as_deref().filter(|c| !c.is_empty()) else {
            return Ok(None);
        };
        let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(c).map_err(|_| bad_cursor())?;
        // NUL cannot be stored or compared by PostgreSQL text; no cursor of ours contains one.
        if bytes.windows(6).any(|w| w == b"\\u0000") || bytes.contains(&0) {
            return Err(bad_cursor());
        }
        serde_json::from_slice(&bytes).map(Some).map_err(|_| bad_cursor())
    }
}

fn bad_cursor() -> Error {
    Error::invalid("invalid_cursor", "cursor is not one this API handed out")
}

pub fn encode_cursor<K: Serialize>(key: &K) -> String {
    let json = serde_json::to_vec(key).unwrap_or_default();
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(json)
}

/// One page of items and the cursor of the next page, if any.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Page<T> {
    pub items: Vec<T>,
    /// Pass as `cursor` to get the next page; absent on the last page.
    pub next_cursor: Option<String>,
}

impl<T> Page<T> {
    /// Builds a page from `limit + 1` fetched rows: the extra row only tells that more exist.
    pub fn from_rows<R, K: Serialize>(
        mut rows: Vec<R>,
        limit: u64,
        key: impl Fn(&R) -> K,
        map: impl Fn(R) -> T,
    ) -> Self {
        let more = rows.len() as u64 > limit;
        rows.truncate(limit as usize);
        let next_cursor = if more { rows.last().map(|r| encode_cursor(&key(r))) } else { None };
        Page { items: rows.into_iter().map(map).collect(), next_cursor }
    }
}
