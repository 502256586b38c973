//! Credentials: team API keys (random, stored hashed) and member tokens (HMAC-signed, short-lived).

use anyhow::Context as _;
use base64::Engine as _;
use chrono::{DateTime, Utc};
use hmac::{Hmac, Mac as _};
use rand::RngCore as _;
use sea_orm::{
    sea_query::{Expr, OnConflict},
    ColumnTrait as _, ConnectionTrait as _, DatabaseConnection, EntityTrait, FromQueryResult as _, QueryFilter as _,
    QuerySelect as _, QueryTrait as _, Set,
};
use serde::{Deserialize, Serialize};
use sha2::{Digest as _, Sha256};

use crate::entities::{api_key, member, setting};
use crate::error::{Error, Result};

const B64: base64::engine::GeneralPurpose = base64::engine::general_purpose::URL_SAFE_NO_PAD;
pub const API_KEY_PREFIX: &str = "ctk_";
const TOKEN_PREFIX: &str = "ctm1.";
pub const DEFAULT_TOKEN_TTL_SECS: i64 = 3600;
pub const MAX_TOKEN_TTL_SECS: i64 = 86_400;

/// Who is calling.
#[derive(Debug, Clone)]
pub enum Principal {
    Team {
        team_id: String,
        key_id: String,
    },
    /// A member with the ids of their cohorts, read with the member in one query when the
    /// request is authenticated (visibility needs them on almost every member request).
    Member {
        team_id: String,
        member: Box<member::Model>,
        cohorts: Vec<String>,
    },
}

impl Principal {
    /// A stable name for scoping per-caller state such as idempotency keys.
    pub fn scope(&self) -> String {
        match self {
            Principal::Team { team_id, .. } => format!("team:{team_id}"),
            Principal::Member { member, .. } => format!("member:{}", member.id),
        }
    }
}

/// The secret that signs member tokens and media URLs. It is created once and kept in the
/// database, so every API instance and worker sharing the database signs alike.
#[derive(Clone)]
pub struct SigningKey(Vec<u8>);

impl std::fmt::Debug for SigningKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SigningKey(***)")
    }
}

impl SigningKey {
    pub fn from_bytes(bytes: &[u8]) -> Self {
        SigningKey(bytes.to_vec())
    }

    /// Loads the key from the database, creating it on first use (race-free across instances).
    pub async fn load_or_create(db: &DatabaseConnection) -> anyhow::Result<Self> {
        let mut fresh = [0u8; 32];
        rand::thread_rng().fill_bytes(&mut fresh);
        setting::Entity::insert(setting::ActiveModel {
            name: Set("signing_secret".into()),
            value: Set(hex::encode(fresh)),
        })
        .on_conflict(OnConflict::column(setting::Column::Name).do_nothing().to_owned())
        .do_nothing()
        .exec(db)
        .await
        .context("creating the signing secret")?;
        let row = setting::Entity::find_by_id("signing_secret")
            .one(db)
            .await
            .context("reading the signing secret")?
            .context("signing secret missing after insert")?;
        Ok(SigningKey(hex::decode(row.value).context("signing secret is not hex")?))
    }

    /// For deriving other keys ([`crate::sealed`]); never logged or shown.
    pub(crate) fn secret_bytes(&self) -> &[u8] {
        &self.0
    }

    pub fn sign(&self, data: &[u8]) -> Vec<u8> {
        let mut mac =
            Hmac::<Sha256>::new_from_slice(&self.0).unwrap_or_else(|_| unreachable!("HMAC takes any key length"));
        mac.update(data);
        mac.finalize().into_bytes().to_vec()
    }

    pub fn verify(&self, data: &[u8], sig: &[u8]) -> bool {
        let mut mac =
            Hmac::<Sha256>::new_from_slice(&self.0).unwrap_or_else(|_| unreachable!("HMAC takes any key length"));
        mac.update(data);
        mac.verify_slice(sig).is_ok()
    }
}

/// A freshly generated API key: the secret is shown once, only its hash is stored.
pub struct NewApiKey {
    pub secret: String,
    pub prefix: String,
    pub hash: String,
}

pub fn generate_api_key() -> NewApiKey {
    let mut bytes = [0u8; 32];
    rand::thread_rng().fill_bytes(&mut bytes);
    let secret = format!("{API_KEY_PREFIX}{}", B64.encode(bytes));
    NewApiKey { prefix: secret[..12].to_owned(), hash: hash_key(&secret), secret }
}

pub fn hash_key(secret: &str) -> String {
    hex::encode(Sha256::digest(secret.as_bytes()))
}

/// What a member token says.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct TokenClaims {
    /// Member id.
    pub sub: String,
    pub course: String,
    pub team: String,
    pub ext: String,
    pub role: String,
    /// Expiry, seconds since the Unix epoch.
    pub exp: i64,
}

pub fn mint_token(key: &SigningKey, claims: &TokenClaims) -> String {
    let payload = B64.encode(serde_json::to_vec(claims).unwrap_or_default());
    let signed = format!("{TOKEN_PREFIX}{payload}");
    let sig = B64.encode(key.sign(signed.as_bytes()));
    format!("{signed}.{sig}")
}

/// Checks signature and expiry; any failure is the same 401 so nothing leaks about why.
pub fn verify_token(key: &SigningKey, token: &str, now: DateTime<Utc>) -> Result<TokenClaims> {
    let invalid = || Error::unauthorized("invalid_token", "the token is invalid or expired");
    let (signed, sig) = token.rsplit_once('.').ok_or_else(invalid)?;
    let payload = signed.strip_prefix(TOKEN_PREFIX).ok_or_else(invalid)?;
    let sig = B64.decode(sig).map_err(|_| invalid())?;
    if !key.verify(signed.as_bytes(), &sig) {
        return Err(invalid());
    }
    let claims: TokenClaims =
        B64.decode(payload).ok().and_then(|b| serde_json::from_slice(&b).ok()).ok_or_else(invalid)?;
    if claims.exp <= now.timestamp() {
        return Err(invalid());
    }
    Ok(claims)
}

/// Resolves an `Authorization: Bearer ...` credential to a principal.
pub async fn authenticate(db: &DatabaseConnection, key: &SigningKey, bearer: &str) -> Result<Principal> {
    if bearer.starts_with(API_KEY_PREFIX) {
        let row = api_key::Entity::find()
            .filter(api_key::Column::KeyHash.eq(hash_key(bearer)))
            .filter(api_key::Column::RevokedAt.is_null())
            .one(db)
            .await?
            .ok_or_else(|| Error::unauthorized("invalid_api_key", "the API key is unknown or revoked"))?;
        return Ok(Principal::Team { team_id: row.team_id, key_id: row.id });
    }
    let claims = verify_token(key, bearer, Utc::now())?;
    let (member, cohorts) = member_with_cohorts(db, &claims.sub)
        .await?
        .filter(|(m, _)| m.course_id == claims.course)
        .ok_or_else(|| Error::unauthorized("invalid_token", "the token is invalid or expired"))?;
    Ok(Principal::Member { team_id: claims.team, member: Box::new(member), cohorts })
}

/// A member and the ids of their cohorts, in one row: the cohort ids come aggregated into one
/// comma-separated column. A facilitator of 50 cohorts got 50 rows of the member's columns from
/// a join, which PostgreSQL built and sent and the API read for every request.
pub async fn member_with_cohorts(
    db: &DatabaseConnection,
    member_id: &str,
) -> Result<Option<(member::Model, Vec<String>)>> {
    let backend = db.get_database_backend();
    let stmt = member::Entity::find_by_id(member_id)
        .expr_as(
            Expr::cust(format!(
                "(SELECT {} FROM \"cohort_members\" WHERE \"cohort_members\".\"member_id\" = \"members\".\"id\")",
                crate::db::comma_list(backend, "cohort_id")
            )),
            "cohorts_of",
        )
        .build(backend);
    let Some(row) = db.query_one(stmt).await? else { return Ok(None) };
    let member = member::Model::from_query_result(&row, "")?;
    // Cohort ids are generated (`coh_` and hex): never a comma.
    let cohorts = row
        .try_get::<Option<String>>("", "cohorts_of")?
        .map(|list| list.split(',').filter(|c| !c.is_empty()).map(str::to_owned).collect())
        .unwrap_or_default();
    Ok(Some((member, cohorts)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn claims(exp: i64) -> TokenClaims {
        TokenClaims {
            sub: "mem_1".into(),
            course: "crs_1".into(),
            team: "tm_1".into(),
            ext: "u1".into(),
            role: "learner".into(),
            exp,
        }
    }

    #[test]
    fn token_round_trip_and_tamper() {
        let key = SigningKey::from_bytes(b"k1");
        let now = Utc::now();
        let t = mint_token(&key, &claims(now.timestamp() + 60));
        assert_eq!(verify_token(&key, &t, now).unwrap(), claims(now.timestamp() + 60));
        // another key
        assert!(verify_token(&SigningKey::from_bytes(b"k2"), &t, now).is_err());
        // expired
        assert!(verify_token(&key, &t, now + chrono::Duration::seconds(61)).is_err());
        // payload swapped for a facilitator role, old signature kept
        let (_, sig) = t.rsplit_once('.').unwrap();
        let mut c = claims(now.timestamp() + 60);
        c.role = "facilitator".into();
        let forged = format!("{TOKEN_PREFIX}{}.{sig}", B64.encode(serde_json::to_vec(&c).unwrap()));
        assert!(verify_token(&key, &forged, now).is_err());
        assert!(verify_token(&key, "garbage", now).is_err());
    }

    #[test]
    fn api_keys_are_random_and_hashed() {
        let a = generate_api_key();
        let b = generate_api_key();
        assert_ne!(a.secret, b.secret);
        assert_eq!(a.hash, hash_key(&a.secret));
        assert!(!a.hash.contains(&a.secret));
        assert!(a.secret.starts_with(&a.prefix));
    }
}
