//! RS256 JSON Web Tokens as LTI 1.3 uses them: reading a platform's id_token (header, claims,
//! signature check against a JWK) and signing the tool's own messages. Only RS256 exists here:
//! `none`, HS256 and every other algorithm are refused before any key is looked at.

use base64::Engine as _;
use rsa::pkcs1v15::{Signature, SigningKey, VerifyingKey};
use rsa::sha2::Sha256;
use rsa::signature::{SignatureEncoding as _, Signer as _, Verifier as _};
use rsa::traits::PublicKeyParts as _;
use rsa::{BigUint, RsaPrivateKey, RsaPublicKey};
use serde::Deserialize;
use serde_json::Value;

const B64: base64::engine::GeneralPurpose = base64::engine::general_purpose::URL_SAFE_NO_PAD;

/// Why a token could not be read or verified (the launch maps each to a refusal reason).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JwtError {
    Malformed,
    /// `alg` is not RS256 (`none`, HS256, ...).
    Algorithm,
    NoKid,
    BadSignature,
}

#[derive(Debug, Deserialize)]
pub struct Header {
    pub alg: String,
    pub kid: Option<String>,
}

/// A token split into its parts, its signature not yet checked.
pub struct Unverified {
    pub header: Header,
    pub claims: Value,
    signing_input: String,
    signature: Vec<u8>,
}

impl Unverified {
    /// Splits and decodes a compact JWS; refuses any algorithm but RS256 and a missing `kid`.
    pub fn parse(token: &str) -> Result<Unverified, JwtError> {
        let mut parts = token.trim().split('.');
        let (Some(h), Some(c), Some(s), None) = (parts.next(), parts.next(), parts.next(), parts.next()) else {
            return Err(JwtError::Malformed);
        };
        let header: Header =
            B64.decode(h).ok().and_then(|b| serde_json::from_slice(&b).ok()).ok_or(JwtError::Malformed)?;
        if header.alg != "RS256" {
            return Err(JwtError::Algorithm);
        }
        if header.kid.as_deref().is_none_or(str::is_empty) {
            return Err(JwtError::NoKid);
        }
        let claims: Value =
            B64.decode(c).ok().and_then(|b| serde_json::from_slice(&b).ok()).ok_or(JwtError::Malformed)?;
        if !claims.is_object() {
            return Err(JwtError::Malformed);
        }
        let signature = B64.decode(s).map_err(|_| JwtError::Malformed)?;
        Ok(Unverified { header, claims, signing_input: format!("{h}.{c}"), signature })
    }

    pub fn kid(&self) -> &str {
        self.header.kid.as_deref().unwrap_or_default()
    }

    /// Checks the RS256 signature with `key`.
    pub fn verify(&self, key: &RsaPublicKey) -> Result<(), JwtError> {
        let sig = Signature::try_from(self.signature.as_slice()).map_err(|_| JwtError::BadSignature)?;
        VerifyingKey::<Sha256>::new(key.clone())
            .verify(self.signing_input.as_bytes(), &sig)
            .map_err(|_| JwtError::BadSignature)
    }
}

/// The public key of an RSA JWK (`kty` RSA, `n`, `e`), if it is one usable for RS256 signatures.
pub fn public_key_of(jwk: &Value) -> Option<RsaPublicKey> {
    if jwk["kty"] != "RSA" || jwk.get("use").is_some_and(|u| u != "sig") {
        return None;
    }
    if jwk.get("alg").is_some_and(|a| a != "RS256") {
        return None;
    }
    let n = B64.decode(jwk["n"].as_str()?).ok()?;
    let e = B64.decode(jwk["e"].as_str()?).ok()?;
    RsaPublicKey::new(BigUint::from_bytes_be(&n), BigUint::from_bytes_be(&e)).ok()
}

/// The JWK of a public key, as served on the tool's JWKS endpoint.
pub fn jwk_of(key: &RsaPublicKey, kid: &str) -> Value {
    serde_json::json!({
        "kty": "RSA",
        "alg": "RS256",
        "use": "sig",
        "kid": kid,
        "n": B64.encode(key.n().to_bytes_be()),
        "e": B64.encode(key.e().to_bytes_be()),
    })
}

/// Signs `claims` with RS256 under `kid`.
pub fn sign(key: &RsaPrivateKey, kid: &str, claims: &Value) -> String {
    let header = serde_json::json!({"alg": "RS256", "typ": "JWT", "kid": kid});
    let input = format!("{}.{}", B64.encode(header.to_string()), B64.encode(claims.to_string()));
    let sig = SigningKey::<Sha256>::new(key.clone()).sign(input.as_bytes());
    format!("{input}.{}", B64.encode(sig.to_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn token(header: &Value, claims: &Value) -> String {
        format!("{}.{}.{}", B64.encode(header.to_string()), B64.encode(claims.to_string()), B64.encode(b"sig"))
    }

    #[test]
    fn only_rs256_with_a_kid_is_read() {
        let c = serde_json::json!({"sub": "x"});
        let none = token(&serde_json::json!({"alg": "none", "kid": "k"}), &c);
        assert_eq!(Unverified::parse(&none).err(), Some(JwtError::Algorithm));
        let hs = token(&serde_json::json!({"alg": "HS256", "kid": "k"}), &c);
        assert_eq!(Unverified::parse(&hs).err(), Some(JwtError::Algorithm));
        let no_kid = token(&serde_json::json!({"alg": "RS256"}), &c);
        assert_eq!(Unverified::parse(&no_kid).err(), Some(JwtError::NoKid));
        assert_eq!(Unverified::parse("a.b").err(), Some(JwtError::Malformed));
        assert!(Unverified::parse(&token(&serde_json::json!({"alg": "RS256", "kid": "k"}), &c)).is_ok());
    }
}
