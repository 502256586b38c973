//! Validation of a launch (`POST /lti/launch` with `id_token` and `state`), in the order the
//! 1EdTech certification suite probes it: state bound to the browser and used once, RS256 with a
//! known `kid` and a good signature, issuer, audience, deployment, times, nonce, version,
//! message type, required claims. Every refusal names its reason; none starts a session.

use chrono::Utc;
use sea_orm::{DatabaseConnection, EntityTrait as _};
use serde_json::Value;

use super::claims::{self, Claims};
use super::egress::Egress;
use super::entities::{login_state, registration};
use super::jwt::{JwtError, Unverified};
use super::login::{self, LoginParams};
use super::platform_keys::{self, KeyLookup};
use super::registrations;
use crate::auth::hash_key;
use crate::error::Result;

/// Seconds of clock difference tolerated on `exp` and `iat`.
pub const LEEWAY_SECS: i64 = 60;

/// Why a launch was refused; [`Refusal::code`] goes to the log and the page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// No state cookie at all: the browser blocks cookies in the platform's frame. Carries the
    /// login to restart in a new tab (a top-level window keeps its cookies).
    CookiesBlocked(Box<LoginParams>),
    /// No state cookie, but the login put the state in the platform's storage: the browser must
    /// read it from there (`lti.get_data` to `target` at `origin`) and post the launch again.
    /// Nothing is consumed yet.
    ReadStorage {
        target: String,
        origin: String,
    },
    StateMismatch,
    StateUnknown,
    Token(JwtError),
    UnknownKid,
    JwksUnavailable,
    WrongIssuer,
    WrongAudience,
    UnknownDeployment,
    Expired,
    IssuedInFuture,
    NonceMismatch,
    Claim(claims::Missing),
}

impl Refusal {
    pub fn code(&self) -> &'static str {
        match self {
            Refusal::CookiesBlocked(_) => "state_cookie_missing",
            Refusal::ReadStorage { .. } => "state_in_platform_storage",
            Refusal::StateMismatch => "state_mismatch",
            Refusal::StateUnknown => "state_unknown",
            Refusal::Token(JwtError::Malformed) => "token_malformed",
            Refusal::Token(JwtError::Algorithm) => "algorithm_refused",
            Refusal::Token(JwtError::NoKid) => "kid_missing",
            Refusal::Token(JwtError::BadSignature) => "bad_signature",
            Refusal::UnknownKid => "kid_unknown",
            Refusal::JwksUnavailable => "platform_keys_unavailable",
            Refusal::WrongIssuer => "wrong_issuer",
            Refusal::WrongAudience => "wrong_audience",
            Refusal::UnknownDeployment => "unknown_deployment",
            Refusal::Expired => "token_expired",
            Refusal::IssuedInFuture => "issued_in_future",
            Refusal::NonceMismatch => "nonce_mismatch",
            Refusal::Claim(m) => m.code(),
        }
    }

    /// 400 for a request that is not a launch, 401 for one that does not prove itself.
    pub fn status(&self) -> u16 {
        match self {
            Refusal::Token(JwtError::Malformed) | Refusal::Claim(_) => 400,
            _ => 401,
        }
    }
}

/// A launch that passed every check.
pub struct Launch {
    pub registration: registration::Model,
    pub claims: Claims,
}

/// What binds a launch to the browser that started its login.
#[derive(Debug, Clone, Copy, Default)]
pub struct Binding<'a> {
    /// The state cookie the browser sent, if any.
    pub cookie: Option<&'a str>,
    /// The state the launch page read from the platform's storage (`lti.get_data`), if it asked:
    /// `Some("")` when the platform had none or did not answer.
    pub storage: Option<&'a str>,
}

/// Validates a launch.
#[tracing::instrument(skip_all, err)]
pub async fn validate(
    db: &DatabaseConnection,
    egress: Egress,
    state: &str,
    binding: Binding<'_>,
    id_token: &str,
) -> Result<std::result::Result<Launch, Refusal>> {
    let Some(pending) = login::pending(db, state).await? else { return Ok(Err(Refusal::StateUnknown)) };
    let Some(reg) = registration::Entity::find_by_id(&pending.registration_id).one(db).await? else {
        return Ok(Err(Refusal::StateUnknown));
    };
    let params: LoginParams = serde_json::from_str(&pending.login_params).unwrap_or_default();
    let storage_target = params.storage_target().map(str::to_owned);
    match (binding.cookie.filter(|c| !c.is_empty()), binding.storage, storage_target) {
        (Some(c), _, _) if hash_key(c) != pending.state_hash => return Ok(Err(Refusal::StateMismatch)),
        (Some(_), _, _) => {}
        // Platform storage only stands in for the cookie when the login was started with it.
        (None, Some(s), Some(_)) if !s.is_empty() => {
            if hash_key(s) != pending.state_hash {
                return Ok(Err(Refusal::StateMismatch));
            }
        }
        (None, None, Some(target)) => {
            return Ok(Err(Refusal::ReadStorage { target, origin: login::platform_origin(&reg) }));
        }
        (None, _, _) => return Ok(Err(Refusal::CookiesBlocked(Box::new(params)))),
    }
    if !login::consume(db, state).await? {
        return Ok(Err(Refusal::StateUnknown));
    }
    let token = match Unverified::parse(id_token) {
        Ok(t) => t,
        Err(e) => return Ok(Err(Refusal::Token(e))),
    };
    let key = match platform_keys::key(db, egress, &reg, token.kid()).await? {
        KeyLookup::Found(k) => k,
        KeyLookup::UnknownKid => return Ok(Err(Refusal::UnknownKid)),
        KeyLookup::Unavailable => return Ok(Err(Refusal::JwksUnavailable)),
    };
    if let Err(e) = token.verify(&key) {
        return Ok(Err(Refusal::Token(e)));
    }
    Ok(check_claims(&reg, &pending, &token.claims).map(|claims| Launch { registration: reg, claims }))
}

fn check_claims(
    reg: &registration::Model,
    pending: &login_state::Model,
    c: &Value,
) -> std::result::Result<Claims, Refusal> {
    if c["iss"].as_str() != Some(reg.issuer.as_str()) {
        return Err(Refusal::WrongIssuer);
    }
    let aud: Vec<&str> = match &c["aud"] {
        Value::String(s) => vec![s.as_str()],
        Value::Array(a) => a.iter().filter_map(Value::as_str).collect(),
        _ => vec![],
    };
    if !aud.contains(&reg.client_id.as_str()) {
        return Err(Refusal::WrongAudience);
    }
    // With several audiences the authorized party must be this tool; when present, always.
    let azp = c["azp"].as_str();
    if azp.is_some_and(|a| a != reg.client_id) || (aud.len() > 1 && azp.is_none()) {
        return Err(Refusal::WrongAudience);
    }
    let now = Utc::now().timestamp();
    if c["exp"].as_i64().is_none_or(|exp| exp + LEEWAY_SECS < now) {
        return Err(Refusal::Expired);
    }
    if c["iat"].as_i64().is_none_or(|iat| iat - LEEWAY_SECS > now) {
        return Err(Refusal::IssuedInFuture);
    }
    if c["nonce"].as_str().is_none_or(|n| hash_key(n) != pending.nonce_hash) {
        return Err(Refusal::NonceMismatch);
    }
    let claims = Claims::read(c).map_err(Refusal::Claim)?;
    if !registrations::deployments(reg).contains(&claims.deployment_id) {
        return Err(Refusal::UnknownDeployment);
    }
    Ok(claims)
}
