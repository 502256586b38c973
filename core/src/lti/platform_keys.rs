//! A platform's public keys: its JWKS, fetched from the registered URL, cached in the
//! registration row, and fetched again when a token names a `kid` the cache lacks (the
//! platform rotated) — at most once every few seconds, so forged kids cannot drive fetches.
//! The fetch passes the SSRF guard ([`super::egress`]).

use chrono::{Duration, Utc};
use rsa::RsaPublicKey;
use sea_orm::{ActiveModelTrait as _, DatabaseConnection, Set};
use serde_json::Value;

use super::egress::Egress;
use super::entities::registration;
use super::jwt;
use crate::error::Result;

const REFETCH_AFTER_SECS: i64 = 5;
const FETCH_TIMEOUT_SECS: u64 = 5;
const MAX_JWKS_BYTES: usize = 256 * 1024;

fn find(jwks: &str, kid: &str) -> Option<RsaPublicKey> {
    let v: Value = serde_json::from_str(jwks).ok()?;
    v["keys"].as_array()?.iter().find(|k| k["kid"] == kid).and_then(jwt::public_key_of)
}

async fn fetch(egress: Egress, url: &str) -> anyhow::Result<String> {
    let (http, url) = egress.client(url).await?;
    let res =
        http.get(url).timeout(std::time::Duration::from_secs(FETCH_TIMEOUT_SECS)).send().await?.error_for_status()?;
    let body = res.bytes().await?;
    anyhow::ensure!(body.len() <= MAX_JWKS_BYTES, "JWKS larger than {MAX_JWKS_BYTES} bytes");
    let v: Value = serde_json::from_slice(&body)?;
    anyhow::ensure!(v["keys"].is_array(), "no keys array");
    Ok(v.to_string())
}

/// What looking up a key gave.
pub enum KeyLookup {
    Found(RsaPublicKey),
    UnknownKid,
    /// The platform's JWKS could not be fetched.
    Unavailable,
}

/// The platform key named `kid`, from the cache or a fresh fetch.
pub async fn key(db: &DatabaseConnection, egress: Egress, reg: &registration::Model, kid: &str) -> Result<KeyLookup> {
    if let Some(k) = reg.platform_jwks.as_deref().and_then(|j| find(j, kid)) {
        return Ok(KeyLookup::Found(k));
    }
    let recent = reg.jwks_fetched_at.is_some_and(|t| Utc::now() - t < Duration::seconds(REFETCH_AFTER_SECS));
    if recent {
        return Ok(KeyLookup::UnknownKid);
    }
    let jwks = match fetch(egress, &reg.jwks_url).await {
        Ok(j) => j,
        Err(e) => {
            tracing::warn!(registration = %reg.id, error = format!("{e:#}"), "fetching the platform JWKS failed");
            return Ok(KeyLookup::Unavailable);
        }
    };
    let found = find(&jwks, kid);
    let mut am: registration::ActiveModel = reg.clone().into();
    am.platform_jwks = Set(Some(jwks));
    am.jwks_fetched_at = Set(Some(Utc::now()));
    am.update(db).await?;
    Ok(found.map_or(KeyLookup::UnknownKid, KeyLookup::Found))
}
