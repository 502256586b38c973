//! Assignment and Grade Services: when a learner has answered a prompt and replied to the
//! number of peers it asks for (`required_replies`), a score goes to the line item of every
//! resource link of the prompt (completed, fully graded). The score is a delivery of the outbox
//! (channel `lti_score`, keyed per link and learner, so it is posted once), fanned out from the
//! `video.ready` event of the post that completed the prompt and retried like mails and webhooks.
//!
//! What counts: the learner's own answer and replies whose video is ready and that are not
//! removed, deleted or rejected (pending, visible or hidden); replies to distinct other members.

use std::collections::HashSet;

use chrono::{SecondsFormat, Utc};
use sea_orm::{ColumnTrait as _, ConnectionTrait, DatabaseConnection, EntityTrait as _, QueryFilter as _};
use serde_json::json;

use super::egress::{Egress, Refused};
use super::entities::{registration, resource_link};
use crate::auth::SigningKey;
use crate::entities::post::{self, PostState};
use crate::entities::{member, prompt};
use crate::error::Result;

pub const SCORE_SCOPE: &str = "https://purl.imsglobal.org/spec/lti-ags/scope/score";
/// The delivery channel of scores.
pub const CHANNEL: &str = "lti_score";
const COUNTED: [PostState; 3] = [PostState::Pending, PostState::Visible, PostState::Hidden];

/// The dedupe key of the score of `member_id` for the resource link row `link_id`; it also names
/// both for the sender.
pub fn dedupe_key(link_id: &str, member_id: &str) -> String {
    format!("{CHANNEL}:{link_id}:{member_id}")
}

fn parse_key(key: &str) -> Option<(&str, &str)> {
    key.strip_prefix(CHANNEL)?.strip_prefix(':')?.split_once(':')
}

/// Whether `author_id` has answered `prompt_id` and replied to `required` other members there.
pub async fn completed(conn: &impl ConnectionTrait, author_id: &str, prompt_id: &str, required: i32) -> Result<bool> {
    let own = post::Entity::find()
        .filter(post::Column::AuthorId.eq(author_id))
        .filter(post::Column::PromptId.eq(prompt_id))
        .filter(post::Column::State.is_in(COUNTED))
        .all(conn)
        .await?;
    if !own.iter().any(|p| p.parent_id.is_none()) {
        return Ok(false);
    }
    let parents: Vec<String> = own.iter().filter_map(|p| p.parent_id.clone()).collect();
    if parents.is_empty() {
        return Ok(required <= 0);
    }
    let peers: HashSet<String> = post::Entity::find()
        .filter(post::Column::Id.is_in(parents))
        .filter(post::Column::AuthorId.ne(author_id))
        .all(conn)
        .await?
        .into_iter()
        .map(|p| p.author_id)
        .collect();
    Ok(peers.len() as i64 >= i64::from(required))
}

/// The resource links (row ids) a learner's score is due to after `post_id`'s video became ready:
/// none unless the author is a learner who has now completed the prompt and the prompt is
/// placed in a platform with a line item.
pub async fn due(conn: &impl ConnectionTrait, post_id: &str) -> Result<Vec<(String, String)>> {
    let Some(p) = post::Entity::find_by_id(post_id).one(conn).await? else { return Ok(vec![]) };
    let links = resource_link::Entity::find()
        .filter(resource_link::Column::CourseId.eq(&p.course_id))
        .filter(resource_link::Column::PromptId.eq(&p.prompt_id))
        .filter(resource_link::Column::LineitemUrl.is_not_null())
        .all(conn)
        .await?;
    if links.is_empty() {
        return Ok(vec![]);
    }
    let learner = member::Entity::find_by_id(&p.author_id).one(conn).await?.is_some_and(|m| m.role == "learner");
    let Some(pr) = prompt::Entity::find_by_id(&p.prompt_id).one(conn).await? else { return Ok(vec![]) };
    if !learner || !completed(conn, &p.author_id, &p.prompt_id, pr.required_replies).await? {
        return Ok(vec![]);
    }
    Ok(links.into_iter().map(|l| (l.id, p.author_id.clone())).collect())
}

/// What posting a score came to.
#[derive(Debug)]
pub enum Posted {
    /// The platform took it (its HTTP status).
    Sent(u16),
    /// Try again later (a 5xx, 429, 401 or a network failure).
    Retry(String, Option<u16>),
    /// Retrying cannot help (refused by the SSRF guard, a 4xx).
    Failed(String, Option<u16>),
    /// The link, learner or platform is gone.
    Skipped(String),
}

/// The line item's scores endpoint: `/scores` appended to its path, the query kept.
pub fn scores_url(lineitem: &str) -> Option<String> {
    let mut u = url::Url::parse(lineitem).ok()?;
    let path = format!("{}/scores", u.path().trim_end_matches('/'));
    u.set_path(&path);
    Some(u.to_string())
}

fn failure(e: &anyhow::Error) -> Posted {
    if e.chain().any(|c| c.downcast_ref::<Refused>().is_some()) {
        Posted::Failed(format!("{e:#}"), None)
    } else {
        Posted::Retry(format!("{e:#}"), None)
    }
}

/// Posts the score a delivery keyed by [`dedupe_key`] stands for.
pub async fn post(db: &DatabaseConnection, secret: &SigningKey, egress: Egress, key: &str) -> Result<Posted> {
    let Some((link_id, member_id)) = parse_key(key) else { return Ok(Posted::Skipped("not a score".into())) };
    let Some(link) = resource_link::Entity::find_by_id(link_id).one(db).await? else {
        return Ok(Posted::Skipped("the resource link is gone".into()));
    };
    let Some(lineitem) = link.lineitem_url.as_deref().and_then(scores_url) else {
        return Ok(Posted::Skipped("the resource link has no line item".into()));
    };
    let Some(reg) = registration::Entity::find_by_id(&link.registration_id).one(db).await? else {
        return Ok(Posted::Skipped("the platform registration was deleted".into()));
    };
    let Some(m) = member::Entity::find_by_id(member_id).one(db).await? else {
        return Ok(Posted::Skipped("the member was erased".into()));
    };
    let required = match &link.prompt_id {
        Some(p) => prompt::Entity::find_by_id(p).one(db).await?.map_or(1, |p| p.required_replies),
        None => 1,
    };
    let token = match super::nrps::access_token(db, secret, egress, &reg, SCORE_SCOPE).await {
        Ok(t) => t,
        Err(e) => return Ok(failure(&e)),
    };
    let (http, url) = match egress.client(&lineitem).await {
        Ok(c) => c,
        Err(e) => return Ok(failure(&e)),
    };
    // One point for the answer and one per reply asked for: a completed prompt is full marks.
    let maximum = 1 + required.max(0);
    let user_id = super::provision::platform_user_id(db, &m).await?;
    let body = json!({
        "userId": user_id,
        "scoreGiven": maximum,
        "scoreMaximum": maximum,
        "activityProgress": "Completed",
        "gradingProgress": "FullyGraded",
        "timestamp": Utc::now().to_rfc3339_opts(SecondsFormat::Millis, true),
    });
    let res = http
        .post(url)
        .bearer_auth(token)
        .header(reqwest::header::CONTENT_TYPE, "application/vnd.ims.lis.v1.score+json")
        .body(body.to_string())
        .send()
        .await;
    Ok(match res {
        Ok(r) if r.status().is_success() => Posted::Sent(r.status().as_u16()),
        Ok(r) => {
            let s = r.status();
            let why = format!("the platform answered {s}");
            if s.is_server_error() || matches!(s.as_u16(), 401 | 408 | 429) {
                Posted::Retry(why, Some(s.as_u16()))
            } else {
                Posted::Failed(why, Some(s.as_u16()))
            }
        }
        Err(e) => failure(&e.into()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_and_urls() {
        assert_eq!(parse_key(&dedupe_key("ltl_1", "mem_2")), Some(("ltl_1", "mem_2")));
        assert_eq!(parse_key("reply:x:email:y"), None);
        assert_eq!(
            scores_url("https://lms.example/api/lti/courses/1/line_items/7?type=x").as_deref(),
            Some("https://lms.example/api/lti/courses/1/line_items/7/scores?type=x")
        );
        assert_eq!(scores_url("https://lms.example/li/7/").as_deref(), Some("https://lms.example/li/7/scores"));
    }
}
