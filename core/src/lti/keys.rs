//! The tool's RS256 key pairs: generated once, kept in the database so every instance signs
//! alike, the private half sealed (XChaCha20-Poly1305 under a key derived from the signing
//! secret), never stored in plain text. The newest key signs; rotation keeps the previous key
//! in the JWKS so messages signed just before still verify.

use anyhow::Context as _;
use base64::Engine as _;
use chacha20poly1305::aead::{Aead as _, AeadCore as _, KeyInit as _};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use chrono::Utc;
use rsa::pkcs8::{DecodePrivateKey as _, EncodePrivateKey as _};
use rsa::RsaPrivateKey;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait as _, ColumnTrait as _, DatabaseConnection, EntityTrait as _, QueryFilter as _, QueryOrder as _,
    Set,
};
use serde_json::Value;

use super::entities::tool_key;
use super::jwt;
use crate::auth::SigningKey;
use crate::ids::new_id;

const B64: base64::engine::GeneralPurpose = base64::engine::general_purpose::STANDARD;
const KEY_BITS: usize = 2048;

/// The key that signs the tool's messages now.
pub struct ToolKey {
    pub kid: String,
    pub private: RsaPrivateKey,
}

impl ToolKey {
    pub fn sign(&self, claims: &Value) -> String {
        jwt::sign(&self.private, &self.kid, claims)
    }
}

fn cipher(secret: &SigningKey) -> XChaCha20Poly1305 {
    let derived = secret.sign(b"crosstalk lti tool key seal v1");
    XChaCha20Poly1305::new_from_slice(&derived).unwrap_or_else(|_| unreachable!("HMAC-SHA256 gives 32 bytes"))
}

fn seal(secret: &SigningKey, plain: &[u8]) -> anyhow::Result<String> {
    let nonce = XChaCha20Poly1305::generate_nonce(&mut rand::rngs::OsRng);
    let sealed = cipher(secret).encrypt(&nonce, plain).map_err(|_| anyhow::anyhow!("sealing the LTI key"))?;
    Ok(B64.encode([nonce.as_slice(), &sealed].concat()))
}

fn unseal(secret: &SigningKey, sealed: &str) -> anyhow::Result<Vec<u8>> {
    let bytes = B64.decode(sealed).context("sealed LTI key is not base64")?;
    anyhow::ensure!(bytes.len() > 24, "sealed LTI key is too short");
    let (nonce, data) = bytes.split_at(24);
    cipher(secret)
        .decrypt(XNonce::from_slice(nonce), data)
        .map_err(|_| anyhow::anyhow!("the LTI key does not open under this signing secret"))
}

async fn generate(db: &DatabaseConnection, secret: &SigningKey) -> anyhow::Result<tool_key::Model> {
    let private = tokio::task::spawn_blocking(|| RsaPrivateKey::new(&mut rand::rngs::OsRng, KEY_BITS))
        .await
        .context("joining RSA key generation")?
        .context("generating the LTI key")?;
    let kid = new_id("ltk");
    let der = private.to_pkcs8_der().context("encoding the LTI key")?;
    let row = tool_key::ActiveModel {
        kid: Set(kid.clone()),
        public_jwk: Set(jwt::jwk_of(&private.to_public_key(), &kid).to_string()),
        private_sealed: Set(seal(secret, der.as_bytes())?),
        created_at: Set(Utc::now()),
        retired_at: Set(None),
    };
    row.insert(db).await.context("storing the LTI key")
}

async fn live(db: &DatabaseConnection) -> anyhow::Result<Vec<tool_key::Model>> {
    tool_key::Entity::find()
        .filter(tool_key::Column::RetiredAt.is_null())
        .order_by_desc(tool_key::Column::CreatedAt)
        .order_by_desc(tool_key::Column::Kid)
        .all(db)
        .await
        .context("reading LTI keys")
}

/// The signing key, created on first use.
pub async fn current(db: &DatabaseConnection, secret: &SigningKey) -> anyhow::Result<ToolKey> {
    let row = match live(db).await?.into_iter().next() {
        Some(r) => r,
        None => generate(db, secret).await?,
    };
    let der = unseal(secret, &row.private_sealed)?;
    let private = RsaPrivateKey::from_pkcs8_der(&der).context("decoding the LTI key")?;
    Ok(ToolKey { kid: row.kid, private })
}

/// The tool's JWKS: every key not retired (the current one and the one before a rotation).
pub async fn jwks(db: &DatabaseConnection, secret: &SigningKey) -> anyhow::Result<Value> {
    let mut rows = live(db).await?;
    if rows.is_empty() {
        current(db, secret).await?;
        rows = live(db).await?;
    }
    let keys: Vec<Value> = rows.iter().filter_map(|r| serde_json::from_str(&r.public_jwk).ok()).collect();
    Ok(serde_json::json!({ "keys": keys }))
}

/// Makes a new signing key; the previous one stays published, older ones are retired.
pub async fn rotate(db: &DatabaseConnection, secret: &SigningKey) -> anyhow::Result<String> {
    let previous = live(db).await?.into_iter().next().map(|r| r.kid);
    let fresh = generate(db, secret).await?;
    let keep: Vec<String> = [Some(fresh.kid.clone()), previous].into_iter().flatten().collect();
    tool_key::Entity::update_many()
        .col_expr(tool_key::Column::RetiredAt, Expr::value(Utc::now()))
        .filter(tool_key::Column::RetiredAt.is_null())
        .filter(tool_key::Column::Kid.is_not_in(keep))
        .exec(db)
        .await
        .context("retiring old LTI keys")?;
    Ok(fresh.kid)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sealed_key_opens_only_under_its_secret() {
        let a = SigningKey::from_bytes(b"0123456789abcdef0123456789abcdef");
        let b = SigningKey::from_bytes(b"another key of enough length...!");
        let sealed = seal(&a, b"private key bytes").unwrap();
        assert!(!sealed.contains("private"));
        assert_eq!(unseal(&a, &sealed).unwrap(), b"private key bytes");
        assert!(unseal(&b, &sealed).is_err());
    }
}
