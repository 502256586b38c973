//! OIDC third-party initiated login: the platform names itself and the user, the tool answers
//! with a redirect to the platform's authorization endpoint carrying a fresh `state` and
//! `nonce`. Both are random, kept only as SHA-256 hashes, used once, and expire in minutes.

use base64::Engine as _;
use chrono::{Duration, Utc};
use rand::RngCore as _;
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveModelTrait as _, ColumnTrait as _, DatabaseConnection, EntityTrait as _, QueryFilter as _, Set};
use serde::{Deserialize, Serialize};

use super::entities::{login_state, registration};
use crate::auth::hash_key;
use crate::error::Result;

const B64: base64::engine::GeneralPurpose = base64::engine::general_purpose::URL_SAFE_NO_PAD;
/// How long the user has between the login and the launch.
pub const STATE_TTL_SECS: i64 = 600;

/// The parameters of a login request (query string or form).
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, Serialize)]
pub struct LoginParams {
    pub iss: Option<String>,
    pub login_hint: Option<String>,
    pub target_link_uri: Option<String>,
    pub client_id: Option<String>,
    pub lti_message_hint: Option<String>,
    pub lti_deployment_id: Option<String>,
    /// The platform's frame answering the platform-storage messages (`_parent` or a frame name),
    /// sent by platforms that keep the state for tools whose cookies the browser blocks.
    pub lti_storage_target: Option<String>,
}

impl LoginParams {
    /// The platform-storage frame of this login, when the platform offered a usable one.
    pub fn storage_target(&self) -> Option<&str> {
        self.lti_storage_target.as_deref().filter(|t| {
            !t.is_empty() && t.len() <= 64 && t.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
        })
    }
}

/// The key under which the state of a login is kept in the platform's storage.
pub fn storage_key(state: &str) -> String {
    format!("crosstalk_state_{state}")
}

/// The origin of a registration's authorization endpoint: where its platform-storage frame lives.
pub fn platform_origin(reg: &registration::Model) -> String {
    url::Url::parse(&reg.auth_login_url).map(|u| u.origin().ascii_serialization()).unwrap_or_default()
}

/// Why a login request was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LoginRefusal {
    MissingParameter,
    UnknownPlatform,
    ForeignTarget,
}

impl LoginRefusal {
    pub fn code(self) -> &'static str {
        match self {
            LoginRefusal::MissingParameter => "login_missing_parameter",
            LoginRefusal::UnknownPlatform => "unknown_platform",
            LoginRefusal::ForeignTarget => "foreign_target_link_uri",
        }
    }
}

/// A login accepted: the browser gets `state` in a cookie (and in the platform's storage when
/// the login named a storage frame) and goes to `redirect`.
pub struct LoginStart {
    pub state: String,
    pub redirect: String,
    /// The platform-storage frame and its origin, when the platform offered one.
    pub storage: Option<(String, String)>,
}

fn random() -> String {
    let mut b = [0u8; 32];
    rand::thread_rng().fill_bytes(&mut b);
    B64.encode(b)
}

/// Checks a login against the registrations and records a new state and nonce.
pub async fn begin(
    db: &DatabaseConnection,
    public_url: &str,
    p: &LoginParams,
) -> Result<std::result::Result<LoginStart, LoginRefusal>> {
    let (Some(iss), Some(hint), Some(target)) = (&p.iss, &p.login_hint, &p.target_link_uri) else {
        return Ok(Err(LoginRefusal::MissingParameter));
    };
    let Some(reg) = super::registrations::for_login(db, iss, p.client_id.as_deref()).await? else {
        return Ok(Err(LoginRefusal::UnknownPlatform));
    };
    let base = public_url.trim_end_matches('/');
    if !(target == base || target.starts_with(&format!("{base}/"))) {
        return Ok(Err(LoginRefusal::ForeignTarget));
    }
    let (state, nonce) = (random(), random());
    login_state::ActiveModel {
        state_hash: Set(hash_key(&state)),
        nonce_hash: Set(hash_key(&nonce)),
        registration_id: Set(reg.id.clone()),
        login_params: Set(serde_json::to_string(p).unwrap_or_default()),
        expires_at: Set(Utc::now() + Duration::seconds(STATE_TTL_SECS)),
        used_at: Set(None),
    }
    .insert(db)
    .await?;
    let storage =
        p.storage_target().map(|t| (t.to_owned(), platform_origin(&reg))).filter(|(_, o)| o.starts_with("http"));
    Ok(Ok(LoginStart { redirect: authorize_url(&reg, base, hint, p, &state, &nonce), state, storage }))
}

fn authorize_url(
    reg: &registration::Model,
    base: &str,
    hint: &str,
    p: &LoginParams,
    state: &str,
    nonce: &str,
) -> String {
    let mut u = match url::Url::parse(&reg.auth_login_url) {
        Ok(u) => u,
        // Validated when registered; an unparsable one cannot be reached anyway.
        Err(_) => return reg.auth_login_url.clone(),
    };
    {
        let mut q = u.query_pairs_mut();
        q.append_pair("scope", "openid")
            .append_pair("response_type", "id_token")
            .append_pair("response_mode", "form_post")
            .append_pair("prompt", "none")
            .append_pair("client_id", &reg.client_id)
            .append_pair("redirect_uri", &format!("{base}/lti/launch"))
            .append_pair("login_hint", hint)
            .append_pair("state", state)
            .append_pair("nonce", nonce);
        if let Some(h) = &p.lti_message_hint {
            q.append_pair("lti_message_hint", h);
        }
    }
    u.into()
}

/// The login in flight under `state`, unused and unexpired, without consuming it.
pub async fn pending(db: &DatabaseConnection, state: &str) -> Result<Option<login_state::Model>> {
    if state.is_empty() || state.len() > 100 {
        return Ok(None);
    }
    Ok(login_state::Entity::find_by_id(hash_key(state))
        .filter(login_state::Column::UsedAt.is_null())
        .filter(login_state::Column::ExpiresAt.gt(Utc::now()))
        .one(db)
        .await?)
}

/// Uses `state` up: one conditional UPDATE, so of two launches with it exactly one proceeds.
pub async fn consume(db: &DatabaseConnection, state: &str) -> Result<bool> {
    let now = Utc::now();
    Ok(login_state::Entity::update_many()
        .col_expr(login_state::Column::UsedAt, Expr::value(now))
        .filter(login_state::Column::StateHash.eq(hash_key(state)))
        .filter(login_state::Column::UsedAt.is_null())
        .filter(login_state::Column::ExpiresAt.gt(now))
        .exec(db)
        .await?
        .rows_affected
        == 1)
}

/// Removes logins that can no longer complete (the worker's clean-up).
pub async fn prune(db: &DatabaseConnection) -> Result<u64> {
    let cutoff = Utc::now() - Duration::seconds(STATE_TTL_SECS);
    Ok(login_state::Entity::delete_many()
        .filter(login_state::Column::ExpiresAt.lte(cutoff))
        .exec(db)
        .await?
        .rows_affected)
}
