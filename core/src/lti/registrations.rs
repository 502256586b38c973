//! Platforms a team registers (issuer, client_id, deployments, the platform's endpoints), and
//! the tool URLs the team pastes into its platform.

use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait as _, ColumnTrait as _, DatabaseConnection, EntityTrait as _, ModelTrait as _, QueryFilter as _,
    QueryOrder as _, Set, SqlErr,
};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::egress::Egress;
use super::entities::registration;
use crate::error::{Error, Result};
use crate::ids::{is_valid, new_id};
use crate::validate;

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewRegistration {
    /// The platform's issuer (`iss` of its id_tokens), e.g. `https://canvas.instructure.com`.
    pub issuer: String,
    /// The client id the platform gave this tool (`aud` of its id_tokens).
    pub client_id: String,
    /// Deployment ids launches may carry (at least one).
    pub deployment_ids: Vec<String>,
    /// The platform's OIDC authorization endpoint.
    pub auth_login_url: String,
    /// The platform's OAuth2 token endpoint (Names and Roles, grades).
    pub auth_token_url: String,
    /// The platform's public keys.
    pub jwks_url: String,
}

/// The URLs of this tool, to paste into the platform's tool configuration.
#[derive(Debug, Serialize, ToSchema)]
pub struct ToolUrls {
    /// OIDC login initiation URL.
    pub login_url: String,
    /// Redirect URI / target link URI of launches.
    pub launch_url: String,
    /// Deep linking request URL.
    pub deep_linking_url: String,
    /// The tool's public keys (RS256).
    pub jwks_url: String,
}

impl ToolUrls {
    pub fn new(public_url: &str) -> ToolUrls {
        let base = public_url.trim_end_matches('/');
        ToolUrls {
            login_url: format!("{base}/lti/login"),
            launch_url: format!("{base}/lti/launch"),
            deep_linking_url: format!("{base}/lti/launch"),
            jwks_url: format!("{base}/lti/jwks"),
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Registration {
    pub id: String,
    pub issuer: String,
    pub client_id: String,
    pub deployment_ids: Vec<String>,
    pub auth_login_url: String,
    pub auth_token_url: String,
    pub jwks_url: String,
    pub created_at: DateTime<Utc>,
    pub tool: ToolUrls,
}

impl Registration {
    pub fn of(m: registration::Model, public_url: &str) -> Registration {
        Registration {
            deployment_ids: deployments(&m),
            id: m.id,
            issuer: m.issuer,
            client_id: m.client_id,
            auth_login_url: m.auth_login_url,
            auth_token_url: m.auth_token_url,
            jwks_url: m.jwks_url,
            created_at: m.created_at,
            tool: ToolUrls::new(public_url),
        }
    }
}

/// The deployment ids a registration accepts.
pub fn deployments(m: &registration::Model) -> Vec<String> {
    serde_json::from_str(&m.deployment_ids).unwrap_or_default()
}

/// Registers a platform. Its endpoints pass the SSRF guard of [`Egress`]: https URLs of public
/// addresses (loopback and plain http only where webhooks may reach private addresses).
pub async fn create(
    db: &DatabaseConnection,
    egress: Egress,
    team_id: &str,
    input: NewRegistration,
) -> Result<registration::Model> {
    let endpoint = |field: &str, raw: &str| {
        let v = validate::text(field, raw, 2048, true)?;
        egress.check_endpoint(field, &v)
    };
    let issuer = validate::text("issuer", &input.issuer, 2048, true)?;
    let client_id = validate::text("client_id", &input.client_id, 255, true)?;
    if input.deployment_ids.is_empty() || input.deployment_ids.len() > 100 {
        return Err(Error::invalid("validation_failed", "deployment_ids must list 1 to 100 ids"));
    }
    let deployment_ids = input
        .deployment_ids
        .iter()
        .map(|d| validate::text("deployment_ids", d, 255, true))
        .collect::<Result<Vec<_>>>()?;
    let row = registration::ActiveModel {
        id: Set(new_id("ltr")),
        team_id: Set(team_id.to_owned()),
        issuer: Set(issuer),
        client_id: Set(client_id),
        deployment_ids: Set(serde_json::to_string(&deployment_ids).unwrap_or_else(|_| "[]".into())),
        auth_login_url: Set(endpoint("auth_login_url", &input.auth_login_url)?),
        auth_token_url: Set(endpoint("auth_token_url", &input.auth_token_url)?),
        jwks_url: Set(endpoint("jwks_url", &input.jwks_url)?),
        platform_jwks: Set(None),
        jwks_fetched_at: Set(None),
        created_at: Set(Utc::now()),
    };
    row.insert(db).await.map_err(|e| match e.sql_err() {
        Some(SqlErr::UniqueConstraintViolation(_)) => {
            Error::conflict("registration_exists", "this issuer and client_id are already registered")
        }
        _ => e.into(),
    })
}

pub async fn list(db: &DatabaseConnection, team_id: &str) -> Result<Vec<registration::Model>> {
    Ok(registration::Entity::find()
        .filter(registration::Column::TeamId.eq(team_id))
        .order_by_asc(registration::Column::Id)
        .all(db)
        .await?)
}

/// A registration of this team (others' are "not found").
pub async fn of_team(db: &DatabaseConnection, team_id: &str, id: &str) -> Result<registration::Model> {
    if !is_valid("ltr", id) {
        return Err(Error::NotFound("registration"));
    }
    registration::Entity::find_by_id(id)
        .filter(registration::Column::TeamId.eq(team_id))
        .one(db)
        .await?
        .ok_or(Error::NotFound("registration"))
}

/// Removes a registration: its launches stop; courses and members it created are kept.
pub async fn delete(db: &DatabaseConnection, team_id: &str, id: &str) -> Result<()> {
    of_team(db, team_id, id).await?.delete(db).await?;
    Ok(())
}

/// The registration a login names: by issuer, and by client_id when the platform sends one.
pub async fn for_login(
    db: &DatabaseConnection,
    issuer: &str,
    client_id: Option<&str>,
) -> Result<Option<registration::Model>> {
    let mut q = registration::Entity::find().filter(registration::Column::Issuer.eq(issuer));
    if let Some(c) = client_id {
        q = q.filter(registration::Column::ClientId.eq(c));
    }
    let mut found = q.order_by_asc(registration::Column::Id).all(db).await?;
    // Without a client_id the issuer must be unambiguous.
    Ok(if found.len() == 1 { found.pop() } else { None })
}
