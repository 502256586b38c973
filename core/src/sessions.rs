//! Web sign-in: single-use sign-in links a team mints for a member, and the browser sessions they
//! start (LTI launches will start the same sessions). Secrets are random 256-bit values handed out
//! once; only their SHA-256 is stored. The CSRF token of a session is derived from its id with the
//! signing key, so it needs no storage and changes with every session.

use base64::Engine as _;
use chrono::{DateTime, Duration, Utc};
use rand::RngCore as _;
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveModelTrait as _, ColumnTrait as _, DatabaseConnection, EntityTrait as _, QueryFilter as _, Set};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::auth::{hash_key, member_with_cohorts, Principal, SigningKey};
use crate::entities::{course, member, session, sign_in_link};
use crate::error::{Error, Result};
use crate::ids::new_id;

const B64: base64::engine::GeneralPurpose = base64::engine::general_purpose::URL_SAFE_NO_PAD;

/// A sign-in link lives this long unless the team asks otherwise.
pub const DEFAULT_LINK_TTL_SECS: i64 = 7 * 86_400;
pub const MIN_LINK_TTL_SECS: i64 = 60;
pub const MAX_LINK_TTL_SECS: i64 = 30 * 86_400;
/// A session ends after this long without a request (its expiry slides while it is used).
pub const SESSION_IDLE_SECS: i64 = 14 * 86_400;
/// How often a used session's `last_seen_at` and expiry move: a page view is a read, not a write.
const TOUCH_EVERY_SECS: i64 = 3600;

#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LinkRequest {
    /// Lifetime in seconds, 60..=2592000 (default 604800, 7 days).
    pub ttl_seconds: Option<i64>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct SignInLink {
    /// Open in a browser once to start a session; a second open is refused.
    pub url: String,
    pub expires_at: DateTime<Utc>,
}

/// 32 random bytes, base64url: the secret in a link or cookie.
fn random_secret() -> String {
    let mut bytes = [0u8; 32];
    rand::thread_rng().fill_bytes(&mut bytes);
    B64.encode(bytes)
}

/// A sign-in link for `m` under `public_url` (`{public_url}/signin/{token}`).
#[tracing::instrument(skip_all, fields(member_id = %m.id), err)]
pub async fn mint_link(
    db: &DatabaseConnection,
    public_url: &str,
    m: &member::Model,
    req: &LinkRequest,
) -> Result<SignInLink> {
    let ttl = req.ttl_seconds.unwrap_or(DEFAULT_LINK_TTL_SECS);
    if !(MIN_LINK_TTL_SECS..=MAX_LINK_TTL_SECS).contains(&ttl) {
        return Err(Error::invalid(
            "validation_failed",
            format!("ttl_seconds must be between {MIN_LINK_TTL_SECS} and {MAX_LINK_TTL_SECS}"),
        ));
    }
    let token = random_secret();
    let now = Utc::now();
    let expires_at = now + Duration::seconds(ttl);
    sign_in_link::ActiveModel {
        id: Set(new_id("sil")),
        member_id: Set(m.id.clone()),
        course_id: Set(m.course_id.clone()),
        token_hash: Set(hash_key(&token)),
        expires_at: Set(expires_at),
        used_at: Set(None),
        created_at: Set(now),
    }
    .insert(db)
    .await?;
    Ok(SignInLink { url: format!("{}/signin/{token}", public_url.trim_end_matches('/')), expires_at })
}

/// Why a sign-in link did not start a session.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkRefusal {
    Unknown,
    Used,
    Expired,
}

/// A session just started: `secret` goes into the cookie, never into the database.
pub struct NewSession {
    pub secret: String,
    pub member: member::Model,
    pub expires_at: DateTime<Utc>,
}

/// Consumes a sign-in link and starts a session. Single use is one conditional UPDATE
/// (`used_at IS NULL AND expires_at > now`): of two concurrent opens exactly one changes the row.
#[tracing::instrument(skip_all, err)]
pub async fn open_link(db: &DatabaseConnection, token: &str) -> Result<std::result::Result<NewSession, LinkRefusal>> {
    if token.is_empty() || token.len() > 100 {
        return Ok(Err(LinkRefusal::Unknown));
    }
    let hash = hash_key(token);
    let now = Utc::now();
    let claimed = sign_in_link::Entity::update_many()
        .col_expr(sign_in_link::Column::UsedAt, Expr::value(now))
        .filter(sign_in_link::Column::TokenHash.eq(&hash))
        .filter(sign_in_link::Column::UsedAt.is_null())
        .filter(sign_in_link::Column::ExpiresAt.gt(now))
        .exec(db)
        .await?
        .rows_affected
        == 1;
    let link = sign_in_link::Entity::find().filter(sign_in_link::Column::TokenHash.eq(&hash)).one(db).await?;
    let Some(link) = link else { return Ok(Err(LinkRefusal::Unknown)) };
    if !claimed {
        return Ok(Err(if link.used_at.is_some() { LinkRefusal::Used } else { LinkRefusal::Expired }));
    }
    // A member erased since the link was minted: the link leads nowhere.
    let Some(m) = member::Entity::find_by_id(&link.member_id).one(db).await? else {
        return Ok(Err(LinkRefusal::Unknown));
    };
    Ok(Ok(start(db, m).await?))
}

/// The member a sign-in link would sign in, while it is unused and unexpired (nothing consumed).
pub async fn link_member(db: &DatabaseConnection, token: &str) -> Result<Option<String>> {
    if token.is_empty() || token.len() > 100 {
        return Ok(None);
    }
    Ok(sign_in_link::Entity::find()
        .filter(sign_in_link::Column::TokenHash.eq(hash_key(token)))
        .filter(sign_in_link::Column::UsedAt.is_null())
        .filter(sign_in_link::Column::ExpiresAt.gt(Utc::now()))
        .one(db)
        .await?
        .map(|l| l.member_id))
}

/// Uses a sign-in link up without starting a session (it was not needed).
pub async fn discard_link(db: &DatabaseConnection, token: &str) -> Result<()> {
    sign_in_link::Entity::update_many()
        .col_expr(sign_in_link::Column::UsedAt, Expr::value(Utc::now()))
        .filter(sign_in_link::Column::TokenHash.eq(hash_key(token)))
        .filter(sign_in_link::Column::UsedAt.is_null())
        .exec(db)
        .await?;
    Ok(())
}

/// Starts a session for a member (sign-in links now, LTI launches later).
pub async fn start(db: &DatabaseConnection, m: member::Model) -> Result<NewSession> {
    let secret = random_secret();
    let now = Utc::now();
    let expires_at = now + Duration::seconds(SESSION_IDLE_SECS);
    session::ActiveModel {
        id_hash: Set(hash_key(&secret)),
        member_id: Set(m.id.clone()),
        created_at: Set(now),
        expires_at: Set(expires_at),
        last_seen_at: Set(now),
    }
    .insert(db)
    .await?;
    Ok(NewSession { secret, member: m, expires_at })
}

/// The member behind a session cookie, as the same principal a member token gives (with the
/// member's cohorts); `None` when the session is unknown, expired or its member is gone.
pub async fn resolve(db: &DatabaseConnection, secret: &str) -> Result<Option<Principal>> {
    if secret.is_empty() || secret.len() > 100 {
        return Ok(None);
    }
    let hash = hash_key(secret);
    let now = Utc::now();
    let Some(s) = session::Entity::find_by_id(&hash).one(db).await?.filter(|s| s.expires_at > now) else {
        return Ok(None);
    };
    let Some((m, cohorts)) = member_with_cohorts(db, &s.member_id).await? else { return Ok(None) };
    let Some(c) = course::Entity::find_by_id(&m.course_id).one(db).await? else { return Ok(None) };
    if now - s.last_seen_at > Duration::seconds(TOUCH_EVERY_SECS) {
        session::Entity::update_many()
            .col_expr(session::Column::LastSeenAt, Expr::value(now))
            .col_expr(session::Column::ExpiresAt, Expr::value(now + Duration::seconds(SESSION_IDLE_SECS)))
            .filter(session::Column::IdHash.eq(&hash))
            .exec(db)
            .await?;
    }
    Ok(Some(Principal::Member { team_id: c.team_id, member: Box::new(m), cohorts }))
}

/// Ends a session (signing out); unknown sessions are already ended.
pub async fn end(db: &DatabaseConnection, secret: &str) -> Result<()> {
    session::Entity::delete_many().filter(session::Column::IdHash.eq(hash_key(secret))).exec(db).await?;
    Ok(())
}

/// Ends every session of a member and voids their unused sign-in links (a learner who asked to
/// be erased is signed out everywhere).
pub async fn end_member(db: &DatabaseConnection, member_id: &str) -> Result<()> {
    session::Entity::delete_many().filter(session::Column::MemberId.eq(member_id)).exec(db).await?;
    sign_in_link::Entity::delete_many().filter(sign_in_link::Column::MemberId.eq(member_id)).exec(db).await?;
    Ok(())
}

/// Removes expired sessions and links that can no longer be used (the worker's clean-up).
pub async fn prune(db: &DatabaseConnection, now: DateTime<Utc>) -> Result<u64> {
    let s = session::Entity::delete_many().filter(session::Column::ExpiresAt.lte(now)).exec(db).await?;
    let l = sign_in_link::Entity::delete_many()
        .filter(sign_in_link::Column::ExpiresAt.lte(now - Duration::days(30)))
        .exec(db)
        .await?;
    Ok(s.rows_affected + l.rows_affected)
}

/// The CSRF token of a session: an HMAC of its id under the signing key.
pub fn csrf_token(key: &SigningKey, secret: &str) -> String {
    B64.encode(key.sign(format!("csrf:{secret}").as_bytes()))
}

/// Whether `token` is the CSRF token of the session `secret` (constant-time comparison).
pub fn csrf_ok(key: &SigningKey, secret: &str, token: &str) -> bool {
    B64.decode(token.trim()).is_ok_and(|sig| key.verify(format!("csrf:{secret}").as_bytes(), &sig))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csrf_tokens_belong_to_their_session_and_key() {
        let key = SigningKey::from_bytes(b"0123456789abcdef0123456789abcdef");
        let (a, b) = (random_secret(), random_secret());
        let t = csrf_token(&key, &a);
        assert!(csrf_ok(&key, &a, &t));
        assert!(!csrf_ok(&key, &b, &t));
        assert!(!csrf_ok(&SigningKey::from_bytes(b"another key of enough length...!"), &a, &t));
        assert!(!csrf_ok(&key, &a, ""));
        assert!(!csrf_ok(&key, &a, "not base64 !"));
    }
}
