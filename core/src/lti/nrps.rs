//! Names and Roles Provisioning Services: the tool asks the platform's token endpoint for an
//! access token (OAuth2 client credentials with a client assertion signed by the tool key),
//! reads the context's membership pages (following `Link: rel="next"`), and keeps the course
//! roster in step. Members the platform no longer lists are marked inactive, never deleted.

use anyhow::Context as _;
use chrono::Utc;
use sea_orm::{ActiveModelTrait as _, ColumnTrait as _, DatabaseConnection, EntityTrait as _, QueryFilter as _, Set};
use serde::Serialize;
use serde_json::{json, Value};
use utoipa::ToSchema;

use super::claims::role_of;
use super::egress::Egress;
use super::entities::{context, registration};
use super::keys;
use super::provision::external_id_of;
use crate::auth::SigningKey;
use crate::entities::member;
use crate::error::{Error, Result};
use crate::members::{self, MemberInput, RosterUpsert};

pub const SCOPE: &str = "https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly";
const MAX_PAGES: usize = 200;

#[derive(Debug, Serialize, ToSchema)]
pub struct RosterSync {
    pub created: u64,
    pub updated: u64,
    /// Members the platform no longer lists as active.
    pub inactive: u64,
}

/// An access token from the platform's token endpoint for `scope`.
pub async fn access_token(
    db: &DatabaseConnection,
    secret: &SigningKey,
    egress: Egress,
    reg: &registration::Model,
    scope: &str,
) -> anyhow::Result<String> {
    let key = keys::current(db, secret).await?;
    let now = Utc::now().timestamp();
    let assertion = key.sign(&json!({
        "iss": reg.client_id, "sub": reg.client_id, "aud": reg.auth_token_url,
        "iat": now, "exp": now + 300, "jti": crate::ids::new_id("jti"),
    }));
    let (http, url) = egress.client(&reg.auth_token_url).await?;
    let res = http
        .post(url)
        .form(&[
            ("grant_type", "client_credentials"),
            ("client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"),
            ("client_assertion", assertion.as_str()),
            ("scope", scope),
        ])
        .send()
        .await
        .context("calling the platform's token endpoint")?
        .error_for_status()
        .context("the platform's token endpoint refused")?;
    let body: Value = serde_json::from_slice(&res.bytes().await.context("reading the token response")?)
        .context("decoding the token response")?;
    body["access_token"].as_str().map(str::to_owned).context("no access_token in the token response")
}

fn next_link(headers: &reqwest::header::HeaderMap) -> Option<String> {
    headers.get_all(reqwest::header::LINK).iter().filter_map(|v| v.to_str().ok()).flat_map(|v| v.split(',')).find_map(
        |l| {
            let (url, params) = l.split_once(';')?;
            params.contains("rel=\"next\"").then(|| url.trim().trim_start_matches('<').trim_end_matches('>').to_owned())
        },
    )
}

/// Every member the platform lists for the context, across pages.
async fn memberships(egress: Egress, token: &str, url: &str) -> anyhow::Result<Vec<Value>> {
    let mut all = Vec::new();
    let mut next = Some(url.to_owned());
    for _ in 0..MAX_PAGES {
        let Some(u) = next.take() else { break };
        let (http, u) = egress.client(&u).await?;
        let res = http
            .get(u)
            .bearer_auth(token)
            .header(reqwest::header::ACCEPT, "application/vnd.ims.lti-nrps.v2.membershipcontainer+json")
            .send()
            .await
            .context("reading the membership page")?
            .error_for_status()
            .context("the platform refused the membership page")?;
        next = next_link(res.headers());
        let page: Value = serde_json::from_slice(&res.bytes().await.context("reading the membership page")?)
            .context("decoding the membership page")?;
        all.extend(page["members"].as_array().cloned().unwrap_or_default());
    }
    Ok(all)
}

/// Syncs the roster of the LTI course `course_id` from its platform.
#[tracing::instrument(skip_all, fields(course_id = %course_id), err)]
pub async fn sync(db: &DatabaseConnection, secret: &SigningKey, egress: Egress, course_id: &str) -> Result<RosterSync> {
    let ctx = context::Entity::find().filter(context::Column::CourseId.eq(course_id)).one(db).await?;
    let Some((ctx, url)) = ctx.and_then(|c| c.nrps_url.clone().map(|u| (c, u))) else {
        return Err(Error::invalid("no_roster_service", "this course was not launched with Names and Roles"));
    };
    let reg =
        registration::Entity::find_by_id(&ctx.registration_id).one(db).await?.ok_or(Error::NotFound("registration"))?;
    let unavailable = |e: anyhow::Error| {
        tracing::warn!(error = format!("{e:#}"), "NRPS sync failed");
        Error::Conflict {
            code: "platform_unavailable",
            detail: "the platform did not answer the roster request".into(),
        }
    };
    let token = access_token(db, secret, egress, &reg, SCOPE).await.map_err(unavailable)?;
    let listed = memberships(egress, &token, &url).await.map_err(unavailable)?;
    let mut active = Vec::new();
    for m in &listed {
        let Some(sub) = m["user_id"].as_str().filter(|s| !s.is_empty()) else { continue };
        if m["status"].as_str().is_some_and(|s| s != "Active") {
            continue;
        }
        let roles: Vec<String> =
            m["roles"].as_array().into_iter().flatten().filter_map(|r| r.as_str().map(str::to_owned)).collect();
        let name = m["name"].as_str().filter(|n| !n.trim().is_empty()).unwrap_or(sub);
        active.push(MemberInput {
            external_id: external_id_of(sub),
            role: role_of(&roles),
            display_name: name.chars().take(200).collect(),
            email: m["email"].as_str().and_then(|e| crate::validate::email(e).ok()),
            country: None,
            languages: vec![],
            locale: None,
        });
    }
    let ids: std::collections::HashSet<String> = active.iter().map(|m| m.external_id.clone()).collect();
    let known = member::Entity::find().filter(member::Column::CourseId.eq(course_id)).all(db).await?;
    let by_ext: std::collections::HashMap<&str, &member::Model> =
        known.iter().map(|m| (m.external_id.as_str(), m)).collect();
    let (mut created, mut updated) = (0, 0);
    let mut fresh = Vec::new();
    for a in active {
        match by_ext.get(a.external_id.as_str()) {
            // Country and languages come from the team's roster: only what the platform knows changes.
            Some(m) => {
                let mut am: member::ActiveModel = (*m).clone().into();
                am.role = Set(a.role.as_str().to_owned());
                am.display_name = Set(a.display_name);
                if a.email.is_some() {
                    am.email = Set(a.email);
                }
                am.updated_at = Set(Utc::now());
                am.update(db).await?;
                updated += 1;
            }
            None => fresh.push(a),
        }
    }
    if !fresh.is_empty() {
        created = members::upsert_roster(db, course_id, RosterUpsert { members: fresh }).await?.created;
    }
    let left: Vec<String> = known.iter().filter(|m| !ids.contains(&m.external_id)).map(|m| m.id.clone()).collect();
    let active_ids: Vec<String> = known.iter().filter(|m| ids.contains(&m.external_id)).map(|m| m.id.clone()).collect();
    let inactive = super::inactive::mark(db, course_id, &left, &active_ids).await?;
    // The rare `sub` that could not be an external id: keep it for scores.
    for sub in listed.iter().filter_map(|m| m["user_id"].as_str()).filter(|s| !s.is_empty() && external_id_of(s) != *s)
    {
        let ext = external_id_of(sub);
        if let Some(m) = member::Entity::find()
            .filter(member::Column::CourseId.eq(course_id))
            .filter(member::Column::ExternalId.eq(ext))
            .one(db)
            .await?
        {
            super::provision::remember_sub(db, &m, sub).await?;
        }
    }
    Ok(RosterSync { created, updated, inactive })
}
