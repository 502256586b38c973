//! Who sees which post. Learners: visible posts of their own cohort (and course-wide posts),
//! and their own posts in any state. Facilitators: everything in their cohorts, pending and
//! hidden included. Teams: everything in their courses. Anything else does not exist for the
//! caller (404). Deleted posts show as tombstones so threads stay readable.

use chrono::{DateTime, Utc};
use sea_orm::{ColumnTrait as _, Condition, Value};

use crate::auth::Principal;
use crate::entities::post::PostState;
use crate::entities::{course, member, post};

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
    /// The viewer of a principal: the one way to make one. A member's cohorts were read with the
    /// member when the request was authenticated.
    pub fn of(p: &Principal) -> Viewer {
        match p {
            Principal::Team { team_id, .. } => Viewer::Team { team_id: team_id.clone() },
            Principal::Member { member, cohorts, .. } if member.role == "facilitator" => {
                Viewer::Facilitator { member: (**member).clone(), cohorts: cohorts.clone() }
            }
            Principal::Member { member, cohorts, .. } => {
                Viewer::Learner { member: (**member).clone(), cohort: cohorts.first().cloned() }
            }
        }
    }

    /// The states in which this viewer sees other people's posts of their cohorts (`None`: all).
    /// Own posts are seen in every state.
    pub fn others_states(&self) -> Option<&'static [PostState]> {
        match self {
            Viewer::Learner { .. } => Some(&[PostState::Visible, PostState::Deleted]),
            Viewer::Team { .. } | Viewer::Facilitator { .. } => None,
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
        let full_or_tomb = if p.state == PostState::Deleted { Sight::Tombstone } else { Sight::Full };
        let shown = self.others_states().is_none_or(|s| s.contains(&p.state));
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
            Viewer::Learner { cohort, .. } if shown && in_cohort(cohort.as_ref()) => full_or_tomb,
            Viewer::Learner { .. } => Sight::None,
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
                let shown = self.others_states().unwrap_or_default().iter().copied();
                Condition::any()
                    .add(post::Column::AuthorId.eq(&member.id))
                    .add(Condition::all().add(mine).add(post::Column::State.is_in(shown)))
            }
        }
    }

    /// A page of a prompt's top-level posts on PostgreSQL, with the same rule as
    /// [`Viewer::condition`] for their replies: see [`PgPage`].
    ///
    /// Members: the newest `n` of each of their cohorts (each an index range on
    /// `ix_posts_thread_list`), of the course-wide posts and of their own posts in any state
    /// (`ix_posts_author_page`), merged. One ordered scan over the whole prompt would read and
    /// discard every other cohort's posts, and an OR of the branches would read and sort all.
    /// Teams: one ordered range of the prompt (`ix_posts_prompt_activity`).
    pub fn pg_thread_page(&self, prompt_id: &str, after: Option<(DateTime<Utc>, String)>, n: u64) -> PgPage {
        let far = DateTime::<Utc>::from_timestamp(253_402_214_400, 0).unwrap_or_default();
        let (at, id) = after.unwrap_or_else(|| (far, String::new()));
        let mut values: Vec<Value> = vec![prompt_id.into(), at.into(), id.into()];
        let branch = |filter: &str| {
            format!(
                "SELECT id, last_activity_at FROM posts WHERE prompt_id = $1 AND depth = 0{filter} \
                 AND (last_activity_at, id) < ($2, $3) ORDER BY last_activity_at DESC, id DESC LIMIT {n}"
            )
        };
        let (member, cohorts): (&member::Model, Vec<&str>) = match self {
            Viewer::Team { .. } => return PgPage { page: branch(""), values, replies: "TRUE".to_owned() },
            Viewer::Facilitator { member, cohorts } => (member, cohorts.iter().map(String::as_str).collect()),
            Viewer::Learner { member, cohort } => (member, cohort.iter().map(String::as_str).collect()),
        };
        let shown =
            self.others_states().map(|s| format!(" AND state IN ({})", PostState::sql_list(s))).unwrap_or_default();
        // Bound as one comma-separated parameter: the statement text is the same for every member.
        let mut list: Vec<&str> = cohorts.into_iter().filter(|c| !c.contains(',')).collect();
        list.sort_unstable();
        list.dedup();
        values.push(member.id.as_str().into());
        values.push(Value::from(list.join(",")));
        // An empty list is an empty array: that branch yields nothing.
        let parts = [
            format!("({})", branch(&format!(" AND cohort_id IS NULL{shown}"))),
            format!("({})", branch(" AND author_id = $4")),
            format!(
                "(SELECT p.id, p.last_activity_at FROM unnest(string_to_array($5, ',')) AS c(cid) CROSS JOIN LATERAL \
                 ({}) p)",
                branch(&format!(" AND cohort_id = c.cid{shown}"))
            ),
        ];
        // A post is in two branches at most (own posts in a cohort or course-wide), so the first 2n
        // rows of the merge hold the first n distinct ones: a top-2n sort, then DISTINCT over those,
        // instead of hashing every row of every branch (50 cohorts x n for a busy facilitator).
        let page = format!(
            "SELECT id, last_activity_at FROM (SELECT DISTINCT id, last_activity_at FROM \
             (SELECT id, last_activity_at FROM ({}) u ORDER BY last_activity_at DESC, id DESC LIMIT {}) t \
             ORDER BY last_activity_at DESC, id DESC LIMIT {n}) d",
            parts.join(" UNION ALL "),
            2 * n
        );
        let replies =
            format!("(author_id = $4 OR ((cohort_id IS NULL OR cohort_id = ANY(string_to_array($5, ','))){shown}))");
        PgPage { page, values, replies }
    }
}

/// A page of top-level posts as PostgreSQL SQL ([`Viewer::pg_thread_page`]).
#[derive(Debug, Clone)]
pub struct PgPage {
    /// `SELECT id, last_activity_at ...`: the page's posts, newest activity first.
    pub page: String,
    /// The values of `$1..` in `page` and `replies`.
    pub values: Vec<Value>,
    /// A condition on `posts` that is [`Viewer::condition`] (course already checked).
    pub replies: String,
}
