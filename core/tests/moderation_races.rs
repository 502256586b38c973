//! Concurrent moderation never loses a decision: a flag that arrives while a facilitator removes
//! the post, two facilitators deciding one post, and two retries of one dead job, each run at
//! the same moment many times, on SQLite (or PostgreSQL with `CROSSTALK_TEST_DATABASE_URL`).

use chrono::Utc;
use crosstalk_core::auth::{Principal, SigningKey};
use crosstalk_core::entities::post::PostState;
use crosstalk_core::entities::{audit_entry, cohort_member, flag, job, member, post, video};
use crosstalk_core::moderation::{self, Action, Decision, FlagReason, NewFlag};
use sea_orm::{ActiveModelTrait as _, ColumnTrait as _, DatabaseConnection, EntityTrait as _, QueryFilter as _, Set};

const ROUNDS: usize = 30;

struct Course {
    db: DatabaseConnection,
    team_id: String,
    course_id: String,
    prompt_id: String,
    _dir: tempfile::TempDir,
}

async fn demo() -> Course {
    let dir = tempfile::tempdir().unwrap();
    let url = crosstalk_core::testing::fresh_database_url(dir.path()).await.unwrap();
    let db = crosstalk_core::db::connect(&url, 8).await.unwrap();
    crosstalk_core::db::migrate(&db).await.unwrap();
    let key = SigningKey::from_bytes(&[7; 32]);
    let json = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../fixtures/demo/course.json")).unwrap();
    let seed = crosstalk_core::demo::seed(&db, &key, &json).await.unwrap();
    Course { db, team_id: seed.team_id, course_id: seed.course_id, prompt_id: seed.prompt_ids[0].clone(), _dir: dir }
}

async fn principal(c: &Course, external_id: &str) -> Principal {
    let m = crosstalk_core::members::by_external_id(&c.db, &c.course_id, external_id).await.unwrap();
    let cohorts = cohort_member::Entity::find()
        .filter(cohort_member::Column::MemberId.eq(&m.id))
        .all(&c.db)
        .await
        .unwrap()
        .into_iter()
        .map(|r| r.cohort_id)
        .collect();
    Principal::Member { team_id: c.team_id.clone(), member: Box::new(m), cohorts }
}

fn member_of(p: &Principal) -> &member::Model {
    match p {
        Principal::Member { member, .. } => member,
        Principal::Team { .. } => unreachable!("members only"),
    }
}

/// A ready post of `author` in `state`, as the worker leaves it.
async fn post_in(c: &Course, author: &Principal, state: PostState) -> String {
    let (m, cohort) = match author {
        Principal::Member { member, cohorts, .. } => (member, cohorts.first().cloned()),
        Principal::Team { .. } => unreachable!(),
    };
    let now = Utc::now();
    let post_id = crosstalk_core::ids::new_id("pst");
    let video_id = crosstalk_core::ids::new_id("vid");
    video::ActiveModel {
        id: Set(video_id.clone()),
        post_id: Set(post_id.clone()),
        upload_id: Set(crosstalk_core::ids::new_id("upl")),
        course_id: Set(c.course_id.clone()),
        status: Set("ready".into()),
        progress: Set(100),
        reason: Set(None),
        duration_ms: Set(Some(12_000)),
        width: Set(Some(1280)),
        height: Set(Some(720)),
        has_audio: Set(Some(true)),
        meta: Set(None),
        source_bytes: Set(1000),
        output_bytes: Set(Some(1000)),
        created_at: Set(now),
        updated_at: Set(now),
        ready_at: Set(Some(now)),
        caption_langs: Set(String::new()),
    }
    .insert(&c.db)
    .await
    .unwrap();
    post::ActiveModel {
        id: Set(post_id.clone()),
        course_id: Set(c.course_id.clone()),
        prompt_id: Set(c.prompt_id.clone()),
        author_id: Set(m.id.clone()),
        parent_id: Set(None),
        root_id: Set(None),
        depth: Set(0),
        text: Set("hello".into()),
        state: Set(state),
        video_id: Set(video_id),
        created_at: Set(now),
        updated_at: Set(now),
        last_activity_at: Set(now),
        cohort_id: Set(cohort),
        open_flags: Set(0),
        moderation_reason: Set(None),
        moderated_at: Set(None),
        queued_at: Set((state == PostState::Pending).then_some(now)),
        reply_count: Set(0),
    }
    .insert(&c.db)
    .await
    .unwrap();
    post_id
}

async fn state_of(c: &Course, post_id: &str) -> PostState {
    post::Entity::find_by_id(post_id).one(&c.db).await.unwrap().unwrap().state
}

fn flag_spam() -> NewFlag {
    NewFlag { reason: FlagReason::Spam, note: None }
}

/// The third flag (which hides a post) and a removal at once: the post ends removed whichever
/// commits first. Before each transition locked the post, the flag could write "hidden" over
/// the removal.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_flag_never_undoes_a_removal() {
    let c = demo().await;
    let author = principal(&c, "amina-ma").await;
    let (f1, f2, f3) =
        (principal(&c, "sofia-es").await, principal(&c, "giulia-it").await, principal(&c, "mateus-pt").await);
    let facilitator = principal(&c, "fac-marta").await;
    let (mut flag_first, mut remove_first) = (0, 0);
    for round in 0..ROUNDS {
        let id = post_in(&c, &author, PostState::Visible).await;
        moderation::flag(&c.db, &f1, &id, flag_spam()).await.unwrap();
        moderation::flag(&c.db, &f2, &id, flag_spam()).await.unwrap();
        let remove = Decision { action: Action::Remove, reason: "harassment in the video".into() };
        let (flagged, removed) = tokio::join!(
            moderation::flag(&c.db, &f3, &id, flag_spam()),
            moderation::decide(&c.db, &facilitator, &id, remove),
        );
        removed.unwrap_or_else(|e| panic!("round {round}: the removal failed: {e:?}"));
        match flagged {
            Ok(v) => {
                assert!(v.post_hidden, "round {round}: the third flag landed before the removal, so it hid the post");
                flag_first += 1;
            }
            // Removed before the flag's transaction (not_flaggable), or before the reporter
            // even read it: a removed post no longer exists for a learner (not_found).
            Err(e) => {
                assert!(["not_flaggable", "not_found"].contains(&e.code()), "round {round}: {e:?}");
                remove_first += 1;
            }
        }
        assert_eq!(state_of(&c, &id).await, PostState::Removed, "round {round}: the removal was lost");
        let decisions = audit_entry::Entity::find()
            .filter(audit_entry::Column::PostId.eq(&id))
            .filter(audit_entry::Column::Action.eq("remove"))
            .all(&c.db)
            .await
            .unwrap();
        assert_eq!(decisions.len(), 1, "round {round}");
        // A removal resolves the open flags, including one that came first.
        let open = flag::Entity::find()
            .filter(flag::Column::PostId.eq(&id))
            .filter(flag::Column::Status.eq("open"))
            .all(&c.db)
            .await
            .unwrap();
        assert!(open.is_empty(), "round {round}: {} flags left open on a removed post", open.len());
    }
    eprintln!("flag first: {flag_first}, removal first: {remove_first}");
}

/// Two facilitators (here a facilitator and the team) approve one pending post at once: one
/// approval is applied and audited, the other is told who decided; nothing is applied twice.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_decisions_on_one_post_apply_once() {
    let c = demo().await;
    let author = principal(&c, "amina-ma").await;
    let facilitator = principal(&c, "fac-marta").await;
    let team = Principal::Team { team_id: c.team_id.clone(), key_id: "test".into() };
    for round in 0..ROUNDS {
        let id = post_in(&c, &author, PostState::Pending).await;
        let approve = || Decision { action: Action::Approve, reason: "fits the prompt".into() };
        let (a, b) = tokio::join!(
            moderation::decide(&c.db, &facilitator, &id, approve()),
            moderation::decide(&c.db, &team, &id, approve()),
        );
        let (won, lost) = match (a, b) {
            (Ok(_), Err(e)) => ("facilitator", e),
            (Err(e), Ok(_)) => ("team", e),
            (a, b) => panic!("round {round}: exactly one approval must apply, got {a:?} and {b:?}"),
        };
        // The loser read the post while pending (already_decided, naming the winner), or only
        // after the winner committed (it was already visible: invalid_transition).
        let who = if won == "facilitator" { member_of(&facilitator).display_name.as_str() } else { "the course team" };
        match lost.code() {
            "already_decided" => assert!(lost.to_string().contains(who), "round {round}: '{lost}' does not name {who}"),
            code => assert_eq!(code, "invalid_transition", "round {round}: {lost:?}"),
        }
        assert_eq!(state_of(&c, &id).await, PostState::Visible);
        let approvals = audit_entry::Entity::find()
            .filter(audit_entry::Column::PostId.eq(&id))
            .filter(audit_entry::Column::Action.eq("approve"))
            .all(&c.db)
            .await
            .unwrap();
        assert_eq!(approvals.len(), 1, "round {round}: approved {} times", approvals.len());
    }
}

/// Two retries of one dead job at once requeue it once.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_retries_of_a_dead_job_requeue_it_once() {
    let c = demo().await;
    for round in 0..ROUNDS {
        let j =
            crosstalk_core::jobs::enqueue(&c.db, "transcode", &serde_json::json!({}), Some(&c.team_id)).await.unwrap();
        let id = j.id.clone();
        let mut dead: job::ActiveModel = j.into();
        dead.state = Set("dead".into());
        dead.attempts = Set(5);
        dead.update(&c.db).await.unwrap();
        let (a, b) = tokio::join!(
            crosstalk_core::jobs::retry(&c.db, &c.team_id, &id),
            crosstalk_core::jobs::retry(&c.db, &c.team_id, &id),
        );
        let codes: Vec<&str> = [&a, &b].iter().filter_map(|r| r.as_ref().err().map(|e| e.code())).collect();
        assert_eq!(codes, ["job_not_dead"], "round {round}: {a:?} / {b:?}");
        let j = job::Entity::find_by_id(&id).one(&c.db).await.unwrap().unwrap();
        assert_eq!((j.state.as_str(), j.attempts), ("queued", 0), "round {round}");
    }
}
