//! Sending one email delivery: the member's mail, rendered from its event, in their language.

use chrono::Utc;
use sea_orm::EntityTrait as _;

use super::digest::DigestData;
use super::preferences::{preferences, Category};
use super::sender::{Notifier, Outcome};
use super::str_field;
use super::unsubscribe::unsubscribe_token;
use crate::entities::{delivery, event, member, post, prompt};
use crate::mail::{self, DigestCohort, Outgoing, SendError, Template};
use crate::outbox;

impl Notifier {
    pub(super) async fn send_mail(&self, d: &delivery::Model, e: &event::Model) -> anyhow::Result<Outcome> {
        let Some(m) = member::Entity::find_by_id(d.member_id.as_deref().unwrap_or("")).one(&self.db).await? else {
            return Ok(Outcome::Skipped("the member no longer exists".into()));
        };
        let Some(to) = m.email.clone().filter(|a| !a.trim().is_empty()) else {
            return Ok(Outcome::Skipped("the member has no email address".into()));
        };
        let Some(category) = Category::of_event(&e.kind) else {
            return Ok(Outcome::Skipped("not a mail event".into()));
        };
        if !preferences(&self.db, &m.id).await?.wants(category) {
            return Ok(Outcome::Skipped(format!("the member turned off {} mail", category.as_str())));
        }
        let data: serde_json::Value = serde_json::from_str(&e.payload)?;
        let Some(template) = self.template(e, &data, &m).await? else {
            return Ok(Outcome::Skipped("what the mail was about is gone".into()));
        };
        let unsubscribe =
            self.link(&format!("/v1/unsubscribe?token={}", unsubscribe_token(&self.key, &m.id, category)));
        let rendered = mail::render(&m.locale, &m.display_name, &template, Some(&unsubscribe));
        let out = Outgoing {
            to_email: to,
            to_name: m.display_name.clone(),
            rendered,
            message_id: d.id.clone(),
            unsubscribe_url: Some(unsubscribe),
            headers: vec![("X-Crosstalk-Event".into(), e.kind.clone()), ("X-Crosstalk-Event-Id".into(), e.id.clone())],
        };
        Ok(match self.mailer.send(&out).await {
            Ok(()) => Outcome::Sent(None),
            Err(SendError::Transient(msg)) => Outcome::Retry(msg, None),
            Err(SendError::Permanent(msg)) => Outcome::Failed(msg, None),
        })
    }

    async fn template(
        &self,
        e: &event::Model,
        data: &serde_json::Value,
        m: &member::Model,
    ) -> anyhow::Result<Option<Template>> {
        let prompt_title = async |id: Option<&str>| -> anyhow::Result<String> {
            Ok(match id {
                Some(id) => prompt::Entity::find_by_id(id).one(&self.db).await?.map(|p| p.title).unwrap_or_default(),
                None => String::new(),
            })
        };
        let post_id = str_field(data, &["post_id"]).unwrap_or_default();
        let prompt_id = str_field(data, &["prompt_id"]);
        Ok(Some(match e.kind.as_str() {
            outbox::REPLY_PUBLISHED => {
                let Some(reply) = post::Entity::find_by_id(post_id).one(&self.db).await? else { return Ok(None) };
                if reply.state != post::PostState::Visible {
                    return Ok(None);
                }
                let mut replier = member::Entity::find_by_id(&reply.author_id).one(&self.db).await?;
                // A learner hears of another learner's reply under the name the pages show them.
                if let Some(r) = replier.as_mut().filter(|_| m.role == "learner") {
                    let viewer = crate::visibility::Viewer::Learner { member: m.clone(), cohort: None };
                    crate::pseudonyms::for_viewer(&self.db, &viewer, [r.id.as_str()]).await?.apply(r);
                }
                Template::Reply {
                    replier_name: replier.map(|r| r.display_name).unwrap_or_default(),
                    prompt_title: prompt_title(prompt_id).await?,
                    reply_text: reply.text,
                    post_url: self.link(&format!("/threads/{}", reply.parent_id.as_deref().unwrap_or(post_id))),
                }
            }
            outbox::VIDEO_READY => Template::VideoReady {
                prompt_title: prompt_title(prompt_id).await?,
                post_url: self.link(&format!("/threads/{post_id}")),
                pending_approval: str_field(data, &["post_state"]) == Some("pending"),
            },
            outbox::VIDEO_REJECTED => Template::VideoRejected {
                prompt_title: prompt_title(prompt_id).await?,
                reason: str_field(data, &["reason"]).unwrap_or("internal_error").to_owned(),
                upload_url: self.link(&format!("/prompts/{}", prompt_id.unwrap_or_default())),
                min_seconds: mail::seconds_field(data, "min_seconds"),
                max_seconds: mail::seconds_field(data, "max_seconds"),
            },
            outbox::MODERATION_DECIDED => Template::ModerationDecided {
                prompt_title: prompt_title(prompt_id).await?,
                action: str_field(data, &["action"]).unwrap_or_default().to_owned(),
                statement: str_field(data, &["reason"]).unwrap_or_default().to_owned(),
                // The author reads the statement of reasons on "my posts".
                post_url: self
                    .link(&format!("/me/posts?course={}", str_field(data, &["course_id"]).unwrap_or_default())),
            },
            outbox::NUDGE => {
                let Some(p) = prompt::Entity::find_by_id(prompt_id.unwrap_or_default()).one(&self.db).await? else {
                    return Ok(None);
                };
                // A facilitator's nudge may carry its own words.
                let words = str_field(data, &["message"]).unwrap_or(&p.nudge_message);
                let message = words.replace("{name}", &m.display_name).replace("{prompt}", &p.title);
                Template::Nudge {
                    prompt_title: p.title,
                    message,
                    closes_at: p.closes_at,
                    prompt_url: self.link(&format!("/prompts/{}", p.id)),
                }
            }
            outbox::DIGEST => {
                let d: DigestData = serde_json::from_value(data.clone())?;
                Template::Digest {
                    course_title: d.course_title,
                    pending: d.pending,
                    flagged: d.flagged,
                    oldest_age_hours: d.oldest_queued_at.map_or(0, |t| (Utc::now() - t).num_hours().max(0)),
                    cohorts: d
                        .cohorts
                        .into_iter()
                        .map(|c| DigestCohort { name: c.name, pending: c.pending, flagged: c.flagged })
                        .collect(),
                    queue_url: self.link(&format!("/console/courses/{}/queue", d.course_id)),
                }
            }
            _ => return Ok(None),
        }))
    }
}
