//! Short-lived playback URLs: presigned GETs on S3, or HMAC-signed `/media/{key}?exp=&sig=` URLs
//! that the API serves from the local store with Range support.

use base64::Engine as _;
use chrono::Utc;

use crate::state::AppState;

const B64: base64::engine::GeneralPurpose = base64::engine::general_purpose::URL_SAFE_NO_PAD;

fn signed_part(key: &str, exp: i64) -> String {
    format!("media:{key}:{exp}")
}

/// A URL for `key` valid for the configured TTL.
pub async fn url(state: &AppState, key: &str) -> anyhow::Result<String> {
    if let Some(u) = state.storage.presign_get(key, state.media_url_ttl).await? {
        return Ok(u);
    }
    let exp = Utc::now().timestamp() + i64::try_from(state.media_url_ttl.as_secs()).unwrap_or(3600);
    let sig = B64.encode(state.key.sign(signed_part(key, exp).as_bytes()));
    Ok(format!("{}/media/{key}?exp={exp}&sig={sig}", state.public_url))
}

/// Whether `sig` signs `key` until `exp`, and `exp` has not passed.
pub fn verify(state: &AppState, key: &str, exp: i64, sig: &str) -> bool {
    if exp <= Utc::now().timestamp() {
        return false;
    }
    B64.decode(sig).is_ok_and(|s| state.key.verify(signed_part(key, exp).as_bytes(), &s))
}
