//! The facilitator cockpit: per cohort and prompt, who has not posted, who has not replied,
//! responses still waiting for a reply, and each learner's last activity.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use sea_orm::{ColumnTrait as _, DatabaseConnection, EntityTrait as _, QueryFilter as _, QueryOrder as _};
use serde::Serialize;
use utoipa::ToSchema;

use crate::entities::post::PostState;
use crate::entities::{cohort, cohort_member, course, member, post, prompt};
use crate::error::{Error, Result};
use crate::visibility::Viewer;

#[derive(Debug, Serialize, ToSchema)]
pub struct LearnerRef {
    pub member_id: String,
    pub external_id: String,
    pub display_name: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct PromptParticipation {
    pub prompt_id: String,
    pub title: String,
    pub not_posted: Vec<LearnerRef>,
    pub not_replied: Vec<LearnerRef>,
    /// Published responses nobody has replied to yet.
    pub responses_without_replies: Vec<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct LearnerActivity {
    pub member_id: String,
    pub display_name: String,
    pub posts: u32,
    pub replies: u32,
    pub last_activity_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CohortParticipation {
    pub cohort_id: String,
    pub name: String,
    pub prompts: Vec<PromptParticipation>,
    pub learners: Vec<LearnerActivity>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Participation {
    pub course_id: String,
    pub cohorts: Vec<CohortParticipation>,
}

pub async fn report(db: &DatabaseConnection, viewer: &Viewer, course: &course::Model) -> Result<Participation> {
    let mut cohorts = cohort::Entity::find()
        .filter(cohort::Column::CourseId.eq(&course.id))
        .order_by_asc(cohort::Column::Name)
        .all(db)
        .await?;
    match viewer {
        Viewer::Facilitator { cohorts: mine, .. } => cohorts.retain(|c| mine.contains(&c.id)),
        Viewer::Team { .. } => {}
        Viewer::Learner { .. } => {
            return Err(Error::forbidden("facilitator_only", "participation is for facilitators"))
        }
    }
    let prompts = prompt::Entity::find()
        .filter(prompt::Column::CourseId.eq(&course.id))
        .order_by_asc(prompt::Column::OpensAt)
        .all(db)
        .await?;
    let posts = post::Entity::find()
        .filter(post::Column::CourseId.eq(&course.id))
        .filter(post::Column::State.is_in([PostState::Visible, PostState::Pending, PostState::Hidden]))
        .all(db)
        .await?;
    let links = cohort_member::Entity::find().filter(cohort_member::Column::CourseId.eq(&course.id)).all(db).await?;
    let learners: HashMap<String, member::Model> = member::Entity::find()
        .filter(member::Column::CourseId.eq(&course.id))
        .filter(member::Column::Role.eq("learner"))
        .all(db)
        .await?
        .into_iter()
        .map(|m| (m.id.clone(), m))
        .collect();
    let r = |m: &member::Model| LearnerRef {
        member_id: m.id.clone(),
        external_id: m.external_id.clone(),
        display_name: m.display_name.clone(),
    };
    let mut out = Vec::new();
    for c in cohorts {
        let mut members: Vec<&member::Model> =
            links.iter().filter(|l| l.cohort_id == c.id).filter_map(|l| learners.get(&l.member_id)).collect();
        members.sort_by(|a, b| a.display_name.cmp(&b.display_name));
        let mut per_prompt = Vec::new();
        for pr in &prompts {
            let here: Vec<&post::Model> = posts
                .iter()
                .filter(|p| p.prompt_id == pr.id && p.cohort_id.as_deref() == Some(c.id.as_str()))
                .collect();
            let posted = |m: &member::Model| here.iter().any(|p| p.depth == 0 && p.author_id == m.id);
            let replied = |m: &member::Model| here.iter().any(|p| p.depth > 0 && p.author_id == m.id);
            per_prompt.push(PromptParticipation {
                prompt_id: pr.id.clone(),
                title: pr.title.clone(),
                not_posted: members.iter().filter(|m| !posted(m)).map(|m| r(m)).collect(),
                not_replied: members.iter().filter(|m| !replied(m)).map(|m| r(m)).collect(),
                responses_without_replies: here
                    .iter()
                    .filter(|p| p.depth == 0 && p.state == PostState::Visible && p.reply_count == 0)
                    .map(|p| p.id.clone())
                    .collect(),
            });
        }
        let activity = members
            .iter()
            .map(|m| {
                let mine: Vec<&post::Model> = posts.iter().filter(|p| p.author_id == m.id).collect();
                LearnerActivity {
                    member_id: m.id.clone(),
                    display_name: m.display_name.clone(),
                    posts: mine.iter().filter(|p| p.depth == 0).count() as u32,
                    replies: mine.iter().filter(|p| p.depth > 0).count() as u32,
                    last_activity_at: mine.iter().map(|p| p.created_at).max(),
                }
            })
            .collect();
        out.push(CohortParticipation { cohort_id: c.id, name: c.name, prompts: per_prompt, learners: activity });
    }
    Ok(Participation { course_id: course.id.clone(), cohorts: out })
}
