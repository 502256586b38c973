//! Secrets the service must read back (a webhook's signing secret, a stored response that carries
//! a token) are kept sealed at rest: ChaCha20-Poly1305 under a key derived with HKDF-SHA256 from
//! the signing secret, one per purpose, and a random 96-bit nonce per value. Secrets that need
//! only be checked (API keys) are hashed instead, never sealed.

use base64::Engine as _;
use ring::aead::{self, Aad, LessSafeKey, Nonce, UnboundKey, CHACHA20_POLY1305, NONCE_LEN};
use ring::hkdf;

use crate::auth::SigningKey;

const B64: base64::engine::GeneralPurpose = base64::engine::general_purpose::URL_SAFE_NO_PAD;

/// How a sealed value starts, so it is never mistaken for a plain one (JSON, `whsec_...`).
pub const PREFIX: &str = "sealed1:";

/// Salt of the HKDF extract: keys derived here never equal an HMAC the signing key makes
/// elsewhere (media URLs and unsubscribe links show those to clients).
const SALT: &[u8] = b"crosstalk sealed values v1";

/// What a sealing key is for; each purpose has its own key.
#[derive(Debug, Clone, Copy)]
pub enum Purpose {
    /// Responses kept for `Idempotency-Key` replays.
    IdempotentResponse,
    /// Webhook signing secrets.
    WebhookSecret,
}

impl Purpose {
    fn info(self) -> &'static [u8] {
        match self {
            Purpose::IdempotentResponse => b"idempotent response",
            Purpose::WebhookSecret => b"webhook secret",
        }
    }
}

/// A sealed value could not be opened: wrong key (the signing secret changed), or altered.
#[derive(Debug, thiserror::Error)]
#[error("a sealed value cannot be opened (the signing secret changed, or the value was altered)")]
pub struct Unsealable;

pub struct SealingKey(LessSafeKey);

impl std::fmt::Debug for SealingKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SealingKey(***)")
    }
}

impl SealingKey {
    pub fn new(signing: &SigningKey, purpose: Purpose) -> Self {
        let prk = hkdf::Salt::new(hkdf::HKDF_SHA256, SALT).extract(signing.secret_bytes());
        let info = [purpose.info()];
        let okm = prk
            .expand(&info, &CHACHA20_POLY1305)
            .unwrap_or_else(|_| unreachable!("a 32-byte output is within HKDF-SHA256's limit"));
        SealingKey(LessSafeKey::new(UnboundKey::from(okm)))
    }

    /// Seals `plain`, bound to `context` (e.g. the row it is stored in: the sealed value cannot
    /// be moved to another row and opened there).
    pub fn seal(&self, plain: &[u8], context: &[u8]) -> String {
        let mut nonce = [0u8; NONCE_LEN];
        rand::RngCore::fill_bytes(&mut rand::thread_rng(), &mut nonce);
        let mut buf = plain.to_vec();
        self.0
            .seal_in_place_append_tag(Nonce::assume_unique_for_key(nonce), Aad::from(context), &mut buf)
            .unwrap_or_else(|_| unreachable!("ChaCha20-Poly1305 seals any length we store"));
        let mut out = nonce.to_vec();
        out.extend_from_slice(&buf);
        format!("{PREFIX}{}", B64.encode(out))
    }

    /// Opens what [`Self::seal`] made with the same key and `context`.
    pub fn open(&self, sealed: &str, context: &[u8]) -> Result<Vec<u8>, Unsealable> {
        let raw = sealed.strip_prefix(PREFIX).ok_or(Unsealable)?;
        let raw = B64.decode(raw).map_err(|_| Unsealable)?;
        if raw.len() < NONCE_LEN + aead::CHACHA20_POLY1305.tag_len() {
            return Err(Unsealable);
        }
        let (nonce, rest) = raw.split_at(NONCE_LEN);
        let nonce = Nonce::try_assume_unique_for_key(nonce).map_err(|_| Unsealable)?;
        let mut buf = rest.to_vec();
        let plain = self.0.open_in_place(nonce, Aad::from(context), &mut buf).map_err(|_| Unsealable)?;
        Ok(plain.to_vec())
    }
}

pub fn is_sealed(value: &str) -> bool {
    value.starts_with(PREFIX)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(secret: &[u8], p: Purpose) -> SealingKey {
        SealingKey::new(&SigningKey::from_bytes(secret), p)
    }

    #[test]
    fn a_sealed_value_opens_only_with_its_key_and_context() {
        let k = key(b"0123456789abcdef0123456789abcdef", Purpose::IdempotentResponse);
        let s = k.seal(b"{\"token\":\"ctm1.abc\"}", b"team:t1\nkey-1");
        assert!(is_sealed(&s));
        assert!(!s.contains("ctm1"), "{s}");
        assert_eq!(k.open(&s, b"team:t1\nkey-1").unwrap(), b"{\"token\":\"ctm1.abc\"}");
        assert_ne!(k.seal(b"same", b"c"), k.seal(b"same", b"c"), "a fresh nonce every time");
        assert!(k.open(&s, b"team:t2\nkey-1").is_err(), "another row's context");
        let other_purpose = key(b"0123456789abcdef0123456789abcdef", Purpose::WebhookSecret);
        assert!(other_purpose.open(&s, b"team:t1\nkey-1").is_err());
        let other_secret = key(b"another secret, 32 bytes long!!!", Purpose::IdempotentResponse);
        assert!(other_secret.open(&s, b"team:t1\nkey-1").is_err());
        let mut tampered = s.clone();
        tampered.pop();
        tampered.push(if s.ends_with('A') { 'B' } else { 'A' });
        assert!(k.open(&tampered, b"team:t1\nkey-1").is_err());
        assert!(k.open("{\"plain\": true}", b"").is_err());
    }
}
