//! Course teams and their API keys.

use chrono::Utc;
use sea_orm::{
    ActiveModelTrait as _, ColumnTrait as _, DatabaseConnection, EntityTrait as _, QueryFilter as _, QueryOrder as _,
    Set,
};
use serde::Serialize;

use crate::auth::generate_api_key;
use crate::entities::{api_key, team};
use crate::error::{Error, Result};
use crate::ids::new_id;
use crate::validate;

/// A team and the secret of its first key, which is shown only this once.
pub struct CreatedTeam {
    pub team: team::Model,
    pub key: ApiKeyView,
    pub secret: String,
}

#[derive(Debug, Serialize)]
pub struct ApiKeyView {
    pub id: String,
    pub team_id: String,
    pub label: String,
    /// The first characters of the key, to tell keys apart.
    pub prefix: String,
    pub created_at: chrono::DateTime<Utc>,
    pub revoked_at: Option<chrono::DateTime<Utc>>,
}

impl From<api_key::Model> for ApiKeyView {
    fn from(m: api_key::Model) -> Self {
        ApiKeyView {
            id: m.id,
            team_id: m.team_id,
            label: m.label,
            prefix: m.prefix,
            created_at: m.created_at,
            revoked_at: m.revoked_at,
        }
    }
}

pub async fn create_team(db: &DatabaseConnection, name: &str) -> Result<CreatedTeam> {
    let name = validate::text("name", name, 200, true)?;
    let team =
        team::ActiveModel { id: Set(new_id("tm")), name: Set(name), created_at: Set(Utc::now()) }.insert(db).await?;
    let (key, secret) = create_key(db, &team.id, "initial").await?;
    Ok(CreatedTeam { team, key, secret })
}

pub async fn find_team(db: &DatabaseConnection, id_or_name: &str) -> Result<team::Model> {
    if let Some(t) = team::Entity::find_by_id(id_or_name).one(db).await? {
        return Ok(t);
    }
    let mut by_name = team::Entity::find().filter(team::Column::Name.eq(id_or_name)).all(db).await?;
    match by_name.len() {
        1 => Ok(by_name.remove(0)),
        0 => Err(Error::NotFound("team")),
        _ => Err(Error::conflict("ambiguous_team", "several teams have this name; use the team id")),
    }
}

/// Creates a new key for the team; returns its view and the secret (shown once).
pub async fn create_key(db: &DatabaseConnection, team_id: &str, label: &str) -> Result<(ApiKeyView, String)> {
    let label = validate::text("label", label, 200, true)?;
    let k = generate_api_key();
    let row = api_key::ActiveModel {
        id: Set(new_id("key")),
        team_id: Set(team_id.to_owned()),
        label: Set(label),
        prefix: Set(k.prefix),
        key_hash: Set(k.hash),
        created_at: Set(Utc::now()),
        revoked_at: Set(None),
    }
    .insert(db)
    .await?;
    Ok((row.into(), k.secret))
}

pub async fn list_keys(db: &DatabaseConnection, team_id: &str) -> Result<Vec<ApiKeyView>> {
    Ok(api_key::Entity::find()
        .filter(api_key::Column::TeamId.eq(team_id))
        .order_by_asc(api_key::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(Into::into)
        .collect())
}

/// Revokes a key by id or by its prefix; revoking twice is harmless.
pub async fn revoke_key(db: &DatabaseConnection, id_or_prefix: &str) -> Result<ApiKeyView> {
    let row = api_key::Entity::find()
        .filter(api_key::Column::Id.eq(id_or_prefix).or(api_key::Column::Prefix.eq(id_or_prefix)))
        .one(db)
        .await?
        .ok_or(Error::NotFound("api key"))?;
    if row.revoked_at.is_some() {
        return Ok(row.into());
    }
    let mut am: api_key::ActiveModel = row.into();
    am.revoked_at = Set(Some(Utc::now()));
    Ok(am.update(db).await?.into())
}
