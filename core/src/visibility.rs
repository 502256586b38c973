//! Who sees which post. Learners: visible posts of their own cohort (and course-wide posts),
//! and their own posts in any state. Facilitators: everything in their cohorts, pending and
//! hidden included. Teams: everything in their courses. Anything else does not exist for the
//! caller (404). Deleted posts show as tombstones so threads stay readable.

use sea_orm::{ColumnTrait as _, Condition, DatabaseConnection, EntityTrait as _, QueryFilter as _};

use crate::auth::Principal;
use crate::entities::{cohort_member, course, member, post};
use crate::error::Result;

/// The caller, with what visibility needs to know about them.
#[derive(Debug, Clone)]
pub enum Viewer {
    Team { team_id: String },
    Learner { member: member::Model, cohort: Option<String> },
    Facilitator { member: member::Model, cohorts: Vec<String> },
}

/// How much of a post a viewer gets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sight {
    Full,
    /// Deleted by its author: shown without text or video, so replies keep their context.
    Tombstone,
    None,
}

impl Viewer {
    pub async fn of_member(db: &DatabaseConnection, m: &member::Model) -> Result<Viewer> {
        let cohorts: Vec<String> = cohort_member::Entity::find()
            .filter(cohort_member::Column::MemberId.eq(&m.id))
            .all(db)
            .await?
            .into_iter()
            .map(|c| c.cohort_id)
            .collect();
        Ok(Self::member_in(m, cohorts))
    }

    /// The viewer of a principal; a member's cohorts were read when they authenticated.
    pub async fn of(_db: &DatabaseConnection, p: &Principal) -> Result<Viewer> {
        Ok(Self::from_principal(p))
    }

    pub fn from_principal(p: &Principal) -> Viewer {
        match p {
            Principal::Team { team_id, .. } => Viewer::Team { team_id: team_id.clone() },
            Principal::Member { member, cohorts, .. } => Self::member_in(member, cohorts.clone()),
        }
    }

    fn member_in(member: &member::Model, cohorts: Vec<String>) -> Viewer {
        if member.role == "facilitator" {
            Viewer::Facilitator { member: member.clone(), cohorts }
        } else {
            Viewer::Learner { member: member.clone(), cohort: cohorts.into_iter().next() }
        }
    }

    pub fn member(&self) -> Option<&member::Model> {
        match self {
            Viewer::Team { .. } => None,
            Viewer::Learner { member, .. } | Viewer::Facilitator { member, .. } => Some(member),
        }
    }

    /// Whether this viewer may moderate posts of `cohort_id` in `course`.
    pub fn moderates(&self, course: &course::Model, cohort_id: Option<&str>) -> bool {
        match self {
            Viewer::Team { team_id } => &course.team_id == team_id,
            Viewer::Facilitator { member, cohorts } => {
                member.course_id == course.id && cohort_id.is_none_or(|c| cohorts.iter().any(|x| x == c))
            }
            Viewer::Learner { .. } => false,
        }
    }

    pub fn sight(&self, course: &course::Model, p: &post::Model) -> Sight {
        let in_cohort = |cohort: Option<&String>| p.cohort_id.is_none() || p.cohort_id.as_ref() == cohort;
        let full_or_tomb = if p.state == "deleted" { Sight::Tombstone } else { Sight::Full };
        match self {
            Viewer::Team { team_id } if &course.team_id == team_id => full_or_tomb,
            Viewer::Team { .. } => Sight::None,
            Viewer::Learner { member, .. } | Viewer::Facilitator { member, .. } if member.course_id != p.course_id => {
                Sight::None
            }
            Viewer::Learner { member, .. } | Viewer::Facilitator { member, .. } if member.id == p.author_id => {
                full_or_tomb
            }
            Viewer::Facilitator { cohorts, .. } => {
                if p.cohort_id.as_ref().is_none_or(|c| cohorts.contains(c)) {
                    full_or_tomb
                } else {
                    Sight::None
                }
            }
            Viewer::Learner { cohort, .. } => match p.state.as_str() {
                "visible" if in_cohort(cohort.as_ref()) => Sight::Full,
                "deleted" if in_cohort(cohort.as_ref()) => Sight::Tombstone,
                _ => Sight::None,
            },
        }
    }

    /// The same rule as [`Viewer::sight`] as a query condition on `posts` (course already checked).
    pub fn condition(&self) -> Condition {
        match self {
            Viewer::Team { .. } => Condition::all(),
            Viewer::Facilitator { member, cohorts } => Condition::any()
                .add(post::Column::AuthorId.eq(&member.id))
                .add(post::Column::CohortId.is_null())
                .add(post::Column::CohortId.is_in(cohorts.clone())),
            Viewer::Learner { member, cohort } => {
                let mut mine = Condition::any().add(post::Column::CohortId.is_null());
                if let Some(c) = cohort {
                    mine = mine.add(post::Column::CohortId.eq(c));
                }
                Condition::any()
                    .add(post::Column::AuthorId.eq(&member.id))
                    .add(Condition::all().add(mine).add(post::Column::State.is_in(["visible", "deleted"])))
            }
        }
    }
}
