//! Webhook signatures: the `Crosstalk-Signature` header and how a receiver verifies it.

use hmac::{Hmac, Mac as _};
use sha2::Sha256;

/// `Crosstalk-Signature` for `body` sent at unix time `t`: `t=T,v1=hex(HMAC-SHA256(secret, "T.body"))`.
pub fn signature_header(secret: &str, t: i64, body: &[u8]) -> String {
    format!("t={t},v1={}", hex::encode(hmac_sha256(secret.as_bytes(), t, body)))
}

fn hmac_sha256(secret: &[u8], t: i64, body: &[u8]) -> Vec<u8> {
    let mut mac = Hmac::<Sha256>::new_from_slice(secret).unwrap_or_else(|_| unreachable!("HMAC takes any key"));
    mac.update(t.to_string().as_bytes());
    mac.update(b".");
    mac.update(body);
    mac.finalize().into_bytes().to_vec()
}

/// Verifies a `Crosstalk-Signature` header the way a receiver should: the HMAC of `t.body`
/// must match one `v1` value (compared in constant time), and `t` must be within `tolerance`
/// of `now` (replay protection).
pub fn verify_signature(secret: &str, header: &str, body: &[u8], now: i64, tolerance_secs: i64) -> bool {
    let mut t = None;
    let mut sigs = Vec::new();
    for part in header.split(',') {
        match part.trim().split_once('=') {
            Some(("t", v)) => t = v.parse::<i64>().ok(),
            Some(("v1", v)) => sigs.extend(hex::decode(v).ok()),
            _ => {}
        }
    }
    let Some(t) = t else { return false };
    if (now - t).abs() > tolerance_secs {
        return false;
    }
    let expected = hmac_sha256(secret.as_bytes(), t, body);
    sigs.iter().any(|s| bool::from(subtle::ConstantTimeEq::ct_eq(&s[..], &expected[..])))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signatures_verify_and_tampering_fails() {
        let body = br#"{"id":"evt_1","type":"video.ready"}"#;
        let h = signature_header("whsec_x", 1_700_000_000, body);
        assert!(verify_signature("whsec_x", &h, body, 1_700_000_010, 300));
        assert!(!verify_signature("whsec_x", &h, br#"{"id":"evt_2","type":"video.ready"}"#, 1_700_000_010, 300));
        assert!(!verify_signature("whsec_y", &h, body, 1_700_000_010, 300));
        assert!(!verify_signature("whsec_x", &h, body, 1_700_001_000, 300), "stale timestamps are refused");
        assert!(!verify_signature("whsec_x", "v1=00", body, 1_700_000_010, 300));
    }
}
