//! Moderation: approval modes, flags, facilitator decisions with statements of reasons, mutes,
//! and the append-only audit log of all of them.
//!
//! Transitions (anything else is refused with `invalid_transition`):
//! - `approve`: pending -> visible, or hidden -> visible (clears open flags)
//! - `hide`:    visible | pending -> hidden
//! - `remove`:  visible | pending | hidden -> removed
//! - `restore`: hidden | removed -> visible (clears open flags)
//!
//! Posts still processing, rejected by the transcoder, or deleted by their author cannot be moderated.

use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait as _, ColumnTrait as _, Condition, ConnectionTrait, DatabaseConnection, DbBackend,
    EntityTrait as _, PaginatorTrait as _, QueryFilter as _, QueryOrder as _, QuerySelect as _, Set, SqlErr,
    TransactionTrait as _, Value,
};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::auth::Principal;
use crate::entities::{audit_entry, course, flag, member, mute, post, prompt};
use crate::error::{Error, Result};
use crate::ids::new_id;
use crate::pagination::{encode_cursor, Page, PageParams};
use crate::visibility::{Sight, Viewer};
use crate::{outbox, threads, validate};

/// Distinct open flags that hide a post until a facilitator reviews it.
pub const FLAG_THRESHOLD: i32 = 3;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum FlagReason {
    Offensive,
    Harassment,
    Hate,
    Spam,
    OffTopic,
    Privacy,
    SelfHarm,
    Other,
}

impl FlagReason {
    pub fn as_str(self) -> &'static str {
        match self {
            FlagReason::Offensive => "offensive",
            FlagReason::Harassment => "harassment",
            FlagReason::Hate => "hate",
            FlagReason::Spam => "spam",
            FlagReason::OffTopic => "off_topic",
            FlagReason::Privacy => "privacy",
            FlagReason::SelfHarm => "self_harm",
            FlagReason::Other => "other",
        }
    }
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewFlag {
    pub reason: FlagReason,
    /// Optional context for the facilitator (at most 1000 characters).
    pub note: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    Approve,
    Hide,
    Remove,
    Restore,
}

impl Action {
    fn as_str(self) -> &'static str {
        match self {
            Action::Approve => "approve",
            Action::Hide => "hide",
            Action::Remove => "remove",
            Action::Restore => "restore",
        }
    }
    /// The state after the action, or `None` when it does not apply to `from`.
    pub fn apply(self, from: &str) -> Option<&'static str> {
        match (self, from) {
            (Action::Approve, "pending" | "hidden") => Some("visible"),
            (Action::Hide, "visible" | "pending") => Some("hidden"),
            (Action::Remove, "visible" | "pending" | "hidden") => Some("removed"),
            (Action::Restore, "hidden" | "removed") => Some("visible"),
            _ => None,
        }
    }
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Decision {
    pub action: Action,
    /// The statement of reasons, shown to the author (required, at most 2000 characters).
    pub reason: String,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MuteRequest {
    /// Why, shown in the audit log (required).
    pub reason: String,
}

/// Whether a post that just became ready must wait for approval, per its prompt's mode.
pub async fn needs_approval(conn: &impl ConnectionTrait, p: &post::Model) -> Result<bool> {
    let Some(pr) = prompt::Entity::find_by_id(&p.prompt_id).one(conn).await? else { return Ok(false) };
    let author = member::Entity::find_by_id(&p.author_id).one(conn).await?;
    if author.is_some_and(|a| a.role == "facilitator") {
        return Ok(false);
    }
    Ok(match pr.moderation.as_str() {
        "pre" => true,
        "hybrid" => {
            let earlier = post::Entity::find()
                .filter(post::Column::CourseId.eq(&p.course_id))
                .filter(post::Column::AuthorId.eq(&p.author_id))
                .filter(post::Column::Id.ne(&p.id))
                .filter(post::Column::State.is_in(["visible", "hidden", "removed", "pending", "deleted"]))
                .all(conn)
                .await?;
            earlier.is_empty() || earlier.iter().any(|e| e.state == "removed")
        }
        _ => false,
    })
}

pub async fn is_muted(db: &DatabaseConnection, course_id: &str, member_id: &str) -> Result<bool> {
    Ok(mute::Entity::find_by_id((course_id.to_owned(), member_id.to_owned())).one(db).await?.is_some())
}

fn actor(p: &Principal) -> (&'static str, String) {
    match p {
        Principal::Team { team_id, .. } => ("team", team_id.clone()),
        Principal::Member { member, .. } => ("member", member.id.clone()),
    }
}

#[allow(clippy::too_many_arguments, reason = "one audit row has this many columns")]
async fn audit(
    conn: &impl ConnectionTrait,
    course_id: &str,
    cohort_id: Option<String>,
    by: &Principal,
    action: &str,
    post_id: Option<String>,
    subject: Option<String>,
    reason: &str,
    note: Option<String>,
) -> Result<()> {
    let (kind, id) = actor(by);
    audit_entry::ActiveModel {
        id: Set(new_id("aud")),
        course_id: Set(course_id.to_owned()),
        cohort_id: Set(cohort_id),
        actor_kind: Set(kind.into()),
        actor_id: Set(id),
        action: Set(action.into()),
        post_id: Set(post_id),
        subject_member_id: Set(subject),
        reason: Set(reason.to_owned()),
        note: Set(note),
        created_at: Set(Utc::now()),
    }
    .insert(conn)
    .await?;
    Ok(())
}

async fn course_of(db: &impl ConnectionTrait, p: &post::Model) -> Result<course::Model> {
    course::Entity::find_by_id(&p.course_id).one(db).await?.ok_or(Error::NotFound("post"))
}

fn actor_json(by: &Principal) -> serde_json::Value {
    match by {
        Principal::Team { team_id, .. } => serde_json::json!({ "kind": "team", "id": team_id }),
        Principal::Member { member: m, .. } => {
            serde_json::json!({ "kind": m.role, "id": m.id, "external_id": m.external_id })
        }
    }
}

/// A facilitator's or team's decision on a post.
pub async fn decide(db: &DatabaseConnection, by: &Principal, post_id: &str, d: Decision) -> Result<post::Model> {
    let viewer = Viewer::of(db, by).await?;
    let p = crate::posts::find(db, post_id).await?;
    let course = course_of(db, &p).await?;
    if viewer.sight(&course, &p) == Sight::None {
        return Err(Error::NotFound("post"));
    }
    if !viewer.moderates(&course, p.cohort_id.as_deref()) {
        return Err(Error::forbidden(
            "facilitator_only",
            "only the cohort's facilitators and the course team moderate",
        ));
    }
    let reason = validate::text("reason", &d.reason, 2000, true)?;
    let to = d.action.apply(&p.state).ok_or_else(|| {
        Error::conflict("invalid_transition", format!("cannot {} a post that is {}", d.action.as_str(), p.state))
    })?;
    let txn = db.begin().await?;
    let now = Utc::now();
    let was_visible = p.state == "visible";
    let mut am: post::ActiveModel = p.clone().into();
    am.state = Set(to.into());
    am.moderation_reason = Set(Some(reason.clone()));
    am.moderated_at = Set(Some(now));
    am.updated_at = Set(now);
    if to == "visible" {
        am.open_flags = Set(0);
        am.queued_at = Set(None);
    } else if to == "removed" {
        am.queued_at = Set(None);
    } else if to == "hidden" {
        // A hidden post stays in the queue until approved, restored or removed.
        am.queued_at = Set(p.queued_at.or(Some(now)));
    }
    let updated = am.update(&txn).await?;
    if to == "visible" || to == "removed" {
        resolve_flags(&txn, &p.id, now).await?;
    }
    if to == "visible" && !was_visible {
        threads::on_published(&txn, &updated, now).await?;
        crate::posts::emit_reply_published(&txn, &updated).await?;
    } else if was_visible {
        threads::on_unpublished(&txn, &updated).await?;
    }
    audit(
        &txn,
        &p.course_id,
        p.cohort_id.clone(),
        by,
        d.action.as_str(),
        Some(p.id.clone()),
        Some(p.author_id.clone()),
        &reason,
        None,
    )
    .await?;
    outbox::emit(
        &txn,
        outbox::NewEvent {
            team_id: &course.team_id,
            course_id: Some(&course.id),
            kind: outbox::MODERATION_DECIDED,
            subject_id: Some(&p.id),
            data: serde_json::json!({
                "post_id": p.id,
                "course_id": p.course_id,
                "prompt_id": p.prompt_id,
                "cohort_id": p.cohort_id,
                "author_id": p.author_id,
                "action": d.action.as_str(),
                "from_state": p.state,
                "state": to,
                "reason": reason,
                "decided_by": actor_json(by),
                "decided_at": now,
            }),
        },
    )
    .await?;
    txn.commit().await?;
    crate::jobs::wake();
    Ok(updated)
}

async fn resolve_flags(conn: &impl ConnectionTrait, post_id: &str, now: DateTime<Utc>) -> Result<()> {
    flag::Entity::update_many()
        .col_expr(flag::Column::Status, "resolved".into())
        .col_expr(flag::Column::OpenKey, Option::<String>::None.into())
        .col_expr(flag::Column::ResolvedAt, Some(now).into())
        .filter(flag::Column::PostId.eq(post_id))
        .filter(flag::Column::Status.eq("open"))
        .exec(conn)
        .await?;
    Ok(())
}

#[derive(Debug, Serialize, ToSchema)]
pub struct FlagView {
    pub id: String,
    pub post_id: String,
    pub reason: FlagReason,
    pub created_at: DateTime<Utc>,
    /// Whether this flag was the one that hid the post pending review.
    pub post_hidden: bool,
}

/// A member flags a post they can see. One open flag per member and post; the post is hidden
/// once [`FLAG_THRESHOLD`] members have open flags on it.
pub async fn flag(db: &DatabaseConnection, by: &Principal, post_id: &str, f: NewFlag) -> Result<FlagView> {
    let m = crate::access::member_only(by)?;
    let viewer = Viewer::of(db, by).await?;
    let p = crate::posts::find(db, post_id).await?;
    let course = course_of(db, &p).await?;
    if viewer.sight(&course, &p) != Sight::Full {
        return Err(Error::NotFound("post"));
    }
    if p.author_id == m.id {
        return Err(Error::invalid("own_post", "you cannot flag your own post; delete it instead"));
    }
    if p.state != "visible" {
        return Err(Error::invalid("not_flaggable", "only published posts can be flagged"));
    }
    if is_muted(db, &m.course_id, &m.id).await? {
        return Err(Error::forbidden("muted", "a facilitator has muted you in this course"));
    }
    let note = f.note.as_deref().map(|n| validate::text("note", n, 1000, false)).transpose()?;
    let txn = db.begin().await?;
    let now = Utc::now();
    let row = flag::ActiveModel {
        id: Set(new_id("flg")),
        post_id: Set(p.id.clone()),
        course_id: Set(p.course_id.clone()),
        reporter_id: Set(m.id.clone()),
        reason: Set(f.reason.as_str().into()),
        note: Set(note.clone()),
        status: Set("open".into()),
        open_key: Set(Some(format!("{}:{}", p.id, m.id))),
        created_at: Set(now),
        resolved_at: Set(None),
    }
    .insert(&txn)
    .await
    .map_err(|e| match e.sql_err() {
        Some(SqlErr::UniqueConstraintViolation(_)) => {
            Error::conflict("already_flagged", "you already flagged this post; a facilitator will review it")
        }
        _ => e.into(),
    })?;
    let open = flag::Entity::find()
        .filter(flag::Column::PostId.eq(&p.id))
        .filter(flag::Column::Status.eq("open"))
        .count(&txn)
        .await?;
    let open = i32::try_from(open).unwrap_or(i32::MAX);
    let hide = open >= FLAG_THRESHOLD && p.state == "visible";
    let mut am: post::ActiveModel = p.clone().into();
    am.open_flags = Set(open);
    am.queued_at = Set(p.queued_at.or(Some(now)));
    if hide {
        am.state = Set("hidden".into());
        am.moderation_reason =
            Set(Some("Hidden automatically after several reports, until a facilitator reviews it.".into()));
    }
    let updated = am.update(&txn).await?;
    if hide {
        threads::on_unpublished(&txn, &updated).await?;
    }
    audit(
        &txn,
        &p.course_id,
        p.cohort_id.clone(),
        by,
        "flag",
        Some(p.id.clone()),
        Some(p.author_id.clone()),
        f.reason.as_str(),
        note.clone(),
    )
    .await?;
    outbox::emit(
        &txn,
        outbox::NewEvent {
            team_id: &course.team_id,
            course_id: Some(&course.id),
            kind: outbox::FLAG_CREATED,
            subject_id: Some(&p.id),
            data: serde_json::json!({
                "flag_id": row.id,
                "post_id": p.id,
                "course_id": p.course_id,
                "prompt_id": p.prompt_id,
                "cohort_id": p.cohort_id,
                "reason": f.reason.as_str(),
                "note": note,
                "reporter": { "id": m.id, "external_id": m.external_id },
                "open_flags": open,
                "post_hidden": hide,
                "created_at": now,
            }),
        },
    )
    .await?;
    txn.commit().await?;
    crate::jobs::wake();
    Ok(FlagView { id: row.id, post_id: p.id, reason: f.reason, created_at: now, post_hidden: hide })
}

/// The author deletes their post: a tombstone keeps the thread readable; the video objects go
/// with the next clean-up.
pub async fn delete_own(db: &DatabaseConnection, by: &Principal, post_id: &str) -> Result<post::Model> {
    let viewer = Viewer::of(db, by).await?;
    let p = crate::posts::find(db, post_id).await?;
    let course = course_of(db, &p).await?;
    if viewer.sight(&course, &p) == Sight::None {
        return Err(Error::NotFound("post"));
    }
    let is_author = viewer.member().is_some_and(|m| m.id == p.author_id);
    if !is_author {
        return Err(Error::forbidden(
            "author_only",
            "only the author deletes a post; facilitators use POST /v1/posts/{post_id}/moderation",
        ));
    }
    if p.state == "deleted" {
        return Ok(p);
    }
    let txn = db.begin().await?;
    let was_visible = p.state == "visible";
    let mut am: post::ActiveModel = p.clone().into();
    am.state = Set("deleted".into());
    am.text = Set(String::new());
    am.queued_at = Set(None);
    am.updated_at = Set(Utc::now());
    let updated = am.update(&txn).await?;
    resolve_flags(&txn, &p.id, Utc::now()).await?;
    if was_visible {
        threads::on_unpublished(&txn, &updated).await?;
    }
    txn.commit().await?;
    Ok(updated)
}

pub async fn mute(
    db: &DatabaseConnection,
    by: &Principal,
    course: &course::Model,
    target: &member::Model,
    reason: &str,
) -> Result<()> {
    let viewer = Viewer::of(db, by).await?;
    let target_cohort = crate::cohorts::of_member(db, &target.id).await?.into_iter().next().map(|c| c.id);
    if !viewer.moderates(course, target_cohort.as_deref()) {
        return Err(Error::forbidden(
            "facilitator_only",
            "only the learner's facilitators and the course team can mute",
        ));
    }
    if target.role != "learner" {
        return Err(Error::invalid("not_a_learner", "only learners can be muted"));
    }
    let reason = validate::text("reason", reason, 2000, true)?;
    let txn = db.begin().await?;
    let (_, by_id) = actor(by);
    let inserted = mute::Entity::insert(mute::ActiveModel {
        course_id: Set(course.id.clone()),
        member_id: Set(target.id.clone()),
        reason: Set(reason.clone()),
        muted_by: Set(by_id),
        created_at: Set(Utc::now()),
    })
    .on_conflict(
        sea_orm::sea_query::OnConflict::columns([mute::Column::CourseId, mute::Column::MemberId])
            .do_nothing()
            .to_owned(),
    )
    .do_nothing()
    .exec(&txn)
    .await?;
    if matches!(inserted, sea_orm::TryInsertResult::Inserted(_)) {
        audit(&txn, &course.id, target_cohort, by, "mute", None, Some(target.id.clone()), &reason, None).await?;
    }
    txn.commit().await?;
    Ok(())
}

pub async fn unmute(
    db: &DatabaseConnection,
    by: &Principal,
    course: &course::Model,
    target: &member::Model,
) -> Result<()> {
    let viewer = Viewer::of(db, by).await?;
    let target_cohort = crate::cohorts::of_member(db, &target.id).await?.into_iter().next().map(|c| c.id);
    if !viewer.moderates(course, target_cohort.as_deref()) {
        return Err(Error::forbidden(
            "facilitator_only",
            "only the learner's facilitators and the course team can unmute",
        ));
    }
    let txn = db.begin().await?;
    let r = mute::Entity::delete_by_id((course.id.clone(), target.id.clone())).exec(&txn).await?;
    if r.rows_affected > 0 {
        audit(&txn, &course.id, target_cohort, by, "unmute", None, Some(target.id.clone()), "unmuted", None).await?;
    }
    txn.commit().await?;
    Ok(())
}

#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct QueueFilter {
    pub cohort_id: Option<String>,
    pub prompt_id: Option<String>,
    /// Only posts with an open flag for this reason.
    pub reason: Option<FlagReason>,
    pub cursor: Option<String>,
    pub limit: Option<u64>,
}

/// One waiting post: pending approval, or flagged.
pub struct QueueItem {
    pub post: crate::posts::Loaded,
    pub age_seconds: i64,
    /// Open flags by reason.
    pub reasons: Vec<(String, i64)>,
}

/// Pending and flagged posts the viewer moderates, oldest first.
pub async fn queue(
    db: &DatabaseConnection,
    viewer: &Viewer,
    course: &course::Model,
    f: &QueueFilter,
) -> Result<(Vec<QueueItem>, Option<String>)> {
    let page = PageParams { cursor: f.cursor.clone(), limit: f.limit };
    let limit = page.limit()?;
    let mut q = post::Entity::find()
        .filter(post::Column::CourseId.eq(&course.id))
        .filter(post::Column::QueuedAt.is_not_null())
        .filter(post::Column::State.is_in(["pending", "visible", "hidden"]));
    match viewer {
        Viewer::Facilitator { cohorts, .. } => {
            q = q.filter(
                Condition::any()
                    .add(post::Column::CohortId.is_null())
                    .add(post::Column::CohortId.is_in(cohorts.clone())),
            );
        }
        Viewer::Team { .. } => {}
        Viewer::Learner { .. } => return Err(Error::forbidden("facilitator_only", "the queue is for facilitators")),
    }
    if let Some(c) = &f.cohort_id {
        q = q.filter(post::Column::CohortId.eq(c));
    }
    if let Some(pid) = &f.prompt_id {
        q = q.filter(post::Column::PromptId.eq(pid));
    }
    if let Some(r) = f.reason {
        // A subquery, not a list of ids: a common reason may have thousands of open flags.
        let flagged = sea_orm::sea_query::Query::select()
            .column(flag::Column::PostId)
            .from(flag::Entity)
            .and_where(flag::Column::CourseId.eq(&course.id))
            .and_where(flag::Column::Status.eq("open"))
            .and_where(flag::Column::Reason.eq(r.as_str()))
            .to_owned();
        q = q.filter(post::Column::Id.in_subquery(flagged));
    }
    let after = page.after::<(DateTime<Utc>, String)>()?;
    if let Some((at, id)) = after.clone() {
        q = q.filter(
            Condition::any()
                .add(post::Column::QueuedAt.gt(at))
                .add(Condition::all().add(post::Column::QueuedAt.eq(at)).add(post::Column::Id.gt(id))),
        );
    }
    if let Viewer::Facilitator { cohorts, .. } = viewer {
        let unfiltered = f.cohort_id.is_none() && f.prompt_id.is_none() && f.reason.is_none();
        if unfiltered && db.get_database_backend() == DbBackend::Postgres {
            q = q.filter(facilitator_queue_page(&course.id, cohorts, after, limit + 1));
        }
    }
    let mut rows = crate::posts::with_media(
        q.order_by_asc(post::Column::QueuedAt).order_by_asc(post::Column::Id).limit(limit + 1),
    )
    .all(db)
    .await?;
    let more = rows.len() as u64 > limit;
    rows.truncate(limit as usize);
    let next = if more {
        rows.last().and_then(|(r, _, _)| r.queued_at.map(|at| encode_cursor(&(at, r.id.clone()))))
    } else {
        None
    };
    let ids: Vec<String> = rows.iter().map(|(r, _, _)| r.id.clone()).collect();
    let counts: Vec<(String, String, i64)> = if ids.is_empty() {
        Vec::new()
    } else {
        flag::Entity::find()
            .select_only()
            .column(flag::Column::PostId)
            .column(flag::Column::Reason)
            .column_as(sea_orm::sea_query::Expr::col(flag::Column::Id).count(), "n")
            .filter(flag::Column::PostId.is_in(ids))
            .filter(flag::Column::Status.eq("open"))
            .group_by(flag::Column::PostId)
            .group_by(flag::Column::Reason)
            .into_tuple()
            .all(db)
            .await?
    };
    let now = Utc::now();
    // A post whose video or author row is missing is left out of the page, as before.
    let items = rows
        .into_iter()
        .filter_map(crate::posts::loaded)
        .map(|l| QueueItem {
            age_seconds: l.post.queued_at.map_or(0, |at| (now - at).num_seconds()),
            reasons: counts.iter().filter(|(pid, _, _)| pid == &l.post.id).map(|(_, r, n)| (r.clone(), *n)).collect(),
            post: l,
        })
        .collect();
    Ok((items, next))
}

/// The first `n` posts of a facilitator's queue on PostgreSQL, as a condition on `posts.id`:
/// the oldest `n` waiting posts of each of their cohorts (each an index range on
/// `ix_posts_queue_cohort`) and of the course-wide ones, merged. The same rows as the queue's
/// own conditions, which stay on the query; without this the planner walks the whole course's
/// queue in order (`ix_posts_queue`) and discards the other cohorts' posts, which grows with the
/// course rather than with the facilitator's share.
fn facilitator_queue_page(
    course_id: &str,
    cohorts: &[String],
    after: Option<(DateTime<Utc>, String)>,
    n: u64,
) -> sea_orm::sea_query::SimpleExpr {
    let mut cohorts: Vec<&str> = cohorts.iter().map(String::as_str).filter(|c| !c.contains(',')).collect();
    cohorts.sort_unstable();
    cohorts.dedup();
    let epoch = DateTime::<Utc>::from_timestamp(-62_135_596_800, 0).unwrap_or_default();
    let (at, id) = after.unwrap_or_else(|| (epoch, String::new()));
    let waiting = "course_id = $1 AND queued_at IS NOT NULL AND state IN ('pending', 'visible', 'hidden') \
                   AND (queued_at, id) > ($2, $3)";
    let sql = format!(
        "\"posts\".\"id\" IN (SELECT id FROM (\
         (SELECT id, queued_at FROM posts WHERE cohort_id IS NULL AND {waiting} ORDER BY queued_at, id LIMIT {n}) \
         UNION ALL (SELECT q.id, q.queued_at FROM unnest(string_to_array($4, ',')) AS c(cid) CROSS JOIN LATERAL \
         (SELECT id, queued_at FROM posts WHERE cohort_id = c.cid AND {waiting} ORDER BY queued_at, id LIMIT {n}) q) \
         ORDER BY queued_at, id LIMIT {n}) page)"
    );
    sea_orm::sea_query::Expr::cust_with_values(
        sql,
        [Value::from(course_id), Value::from(at), Value::from(id), Value::from(cohorts.join(","))],
    )
}

#[derive(Debug, Serialize, ToSchema)]
pub struct AuditView {
    pub id: String,
    /// `flag`, `approve`, `hide`, `remove`, `restore`, `mute`, `unmute`.
    pub action: String,
    /// `team` or `member`.
    pub actor_kind: String,
    pub actor_id: String,
    pub post_id: Option<String>,
    pub subject_member_id: Option<String>,
    pub cohort_id: Option<String>,
    /// The statement of reasons (for flags: the flag reason).
    pub reason: String,
    pub note: Option<String>,
    pub created_at: DateTime<Utc>,
}

pub async fn audit_log(
    db: &DatabaseConnection,
    viewer: &Viewer,
    course: &course::Model,
    page: &PageParams,
) -> Result<Page<AuditView>> {
    let limit = page.limit()?;
    let mut q = audit_entry::Entity::find().filter(audit_entry::Column::CourseId.eq(&course.id));
    match viewer {
        Viewer::Facilitator { cohorts, .. } => {
            q = q.filter(
                Condition::any()
                    .add(audit_entry::Column::CohortId.is_null())
                    .add(audit_entry::Column::CohortId.is_in(cohorts.clone())),
            );
        }
        Viewer::Team { .. } => {}
        Viewer::Learner { .. } => {
            return Err(Error::forbidden("facilitator_only", "the audit log is for facilitators"))
        }
    }
    if let Some(after) = page.after::<String>()? {
        q = q.filter(audit_entry::Column::Id.gt(after));
    }
    let rows = q.order_by_asc(audit_entry::Column::Id).limit(limit + 1).all(db).await?;
    Ok(Page::from_rows(
        rows,
        limit,
        |r| r.id.clone(),
        |a| AuditView {
            id: a.id,
            action: a.action,
            actor_kind: a.actor_kind,
            actor_id: a.actor_id,
            post_id: a.post_id,
            subject_member_id: a.subject_member_id,
            cohort_id: a.cohort_id,
            reason: a.reason,
            note: a.note,
            created_at: a.created_at,
        },
    ))
}

/// A learner's own posts, newest first, with states and statements of reasons.
pub async fn own_posts(
    db: &DatabaseConnection,
    m: &member::Model,
    page: &PageParams,
) -> Result<(Vec<post::Model>, Option<String>)> {
    let limit = page.limit()?;
    let mut q = post::Entity::find().filter(post::Column::AuthorId.eq(&m.id));
    if let Some(after) = page.after::<String>()? {
        q = q.filter(post::Column::Id.lt(after));
    }
    let mut rows = q.order_by_desc(post::Column::Id).limit(limit + 1).all(db).await?;
    let more = rows.len() as u64 > limit;
    rows.truncate(limit as usize);
    let next = if more { rows.last().map(|r| encode_cursor(&r.id)) } else { None };
    Ok((rows, next))
}

#[cfg(test)]
mod tests {
    use super::Action::*;

    #[test]
    fn transitions() {
        let table = [
            (Approve, "pending", Some("visible")),
            (Approve, "hidden", Some("visible")),
            (Approve, "visible", None),
            (Approve, "removed", None),
            (Hide, "visible", Some("hidden")),
            (Hide, "pending", Some("hidden")),
            (Hide, "hidden", None),
            (Remove, "visible", Some("removed")),
            (Remove, "hidden", Some("removed")),
            (Remove, "removed", None),
            (Restore, "removed", Some("visible")),
            (Restore, "hidden", Some("visible")),
            (Restore, "visible", None),
            (Restore, "pending", None),
        ];
        for (a, from, to) in table {
            assert_eq!(a.apply(from), to, "{a:?} from {from}");
        }
        for s in ["processing", "rejected", "deleted"] {
            for a in [Approve, Hide, Remove, Restore] {
                assert_eq!(a.apply(s), None, "{a:?} from {s}");
            }
        }
    }
}
