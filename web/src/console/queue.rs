//! The moderation queue page: pending and flagged posts oldest first, filtered by cohort, prompt
//! and flag reason (GET query), each with its video, thread context, flags and notes, and the
//! author's history; a decision form per item (see `decide.rs`), driven by keys in `console.js`.

use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use askama::Template;
use crosstalk_core::entities::prompt;
use crosstalk_core::moderation::{self, Action, FlagReason, QueueFilter};
use sea_orm::{ColumnTrait as _, EntityTrait as _, QueryFilter as _, QueryOrder as _};

use super::{facilitator, some};
use crate::i18n::Tr;
use crate::page::{render, Chrome, Fail};
use crate::session::Ctx;
use crate::view::{self, VideoCard};

pub const REASONS: [&str; 8] =
    ["offensive", "harassment", "hate", "spam", "off_topic", "privacy", "self_harm", "other"];

#[derive(serde::Deserialize, Default)]
pub struct QueueQuery {
    pub cohort_id: Option<String>,
    pub prompt_id: Option<String>,
    pub reason: Option<String>,
    pub cursor: Option<String>,
}

pub struct Context {
    pub root_id: String,
    pub author: String,
    pub text: String,
}

pub struct Item {
    pub id: String,
    pub author_id: String,
    pub heading: String,
    /// The author's history in words (earlier removals, mutes).
    pub history: String,
    pub author: String,
    pub text: String,
    pub state: String,
    pub state_text: String,
    pub prompt_title: String,
    pub when: String,
    pub when_iso: String,
    pub video: VideoCard,
    pub context: Option<Context>,
    /// Open flags: reason in words and count.
    pub reasons: Vec<String>,
    /// Open flags' notes: `(reason in words, note)`.
    pub notes: Vec<(String, String)>,
    pub removals: u64,
    pub mutes: u64,
    pub muted: bool,
    /// The decisions that apply to its state.
    pub actions: Vec<(&'static str, String)>,
}

#[derive(Template)]
#[template(path = "console/queue.html")]
pub struct QueuePage {
    pub c: Chrome,
    pub base: String,
    pub here: String,
    pub items: Vec<Item>,
    pub next: Option<String>,
    pub cohorts: Vec<(String, String, bool)>,
    pub prompts: Vec<(String, String, bool)>,
    pub reasons: Vec<(&'static str, String, bool)>,
    /// The reason picker of decisions: `(value, label)`.
    pub picker: Vec<(&'static str, String)>,
    /// `{reason: statement}` for the picker to prefill the statement, as JSON.
    pub statements: String,
}

pub fn reason_label(tr: Tr, r: &str) -> String {
    let key = format!("flag-reason-{}", r.replace('_', "-"));
    if tr.has(&key) {
        tr.t(&key)
    } else {
        r.to_owned()
    }
}

/// The statement of reasons a reason picks, editable before sending.
pub fn statement(tr: Tr, r: &str) -> String {
    tr.t(&format!("console-statement-{}", r.replace('_', "-")))
}

fn parse_reason(r: Option<&str>) -> Option<FlagReason> {
    r.and_then(|r| serde_json::from_value(serde_json::Value::String(r.to_owned())).ok())
}

async fn item(
    ctx: &Ctx,
    tr: Tr,
    q: moderation::QueueItem,
    facts: moderation::ItemContext,
    prompts: &[prompt::Model],
) -> Result<Item, Fail> {
    let video = view::video_card(&ctx.state, tr, &q.post).await?;
    let p = &q.post.post;
    let context = facts.thread.map(|t| Context { root_id: t.root_id, author: t.author, text: t.text });
    let notes = facts.notes.into_iter().map(|(r, n)| (reason_label(tr, &r), n)).collect();
    let (removals, mutes, muted) = (facts.removals, facts.mutes, facts.muted);
    let actions = [Action::Approve, Action::Hide, Action::Remove, Action::Restore]
        .into_iter()
        .filter(|a| a.apply(p.state).is_some())
        .map(|a| (a.as_str(), tr.t(&format!("console-action-{}", a.as_str()))))
        .collect();
    let prompt_title = prompts.iter().find(|x| x.id == p.prompt_id).map(|x| x.title.clone()).unwrap_or_default();
    let author = q.post.author.display_name.clone();
    Ok(Item {
        heading: tr.t2("console-item-heading", ("author", author.as_str()), ("prompt", prompt_title.as_str())),
        history: tr.t2("console-history", ("removals", removals), ("mutes", mutes)),
        id: p.id.clone(),
        author_id: p.author_id.clone(),
        author,
        text: p.text.clone(),
        state: p.state.as_str().to_owned(),
        state_text: tr.t(&format!("console-state-{}", p.state.as_str())),
        prompt_title,
        when: p.created_at.format("%Y-%m-%d %H:%M").to_string(),
        when_iso: p.created_at.to_rfc3339(),
        video,
        context,
        reasons: q
            .reasons
            .iter()
            .map(|(r, n)| tr.t2("console-flag-count", ("reason", reason_label(tr, r).as_str()), ("count", *n)))
            .collect(),
        notes,
        removals,
        mutes,
        muted,
        actions,
    })
}

async fn build(ctx: &Ctx, course_id: &str, query: &str) -> Result<HttpResponse, Fail> {
    let con = facilitator(ctx, course_id).await?;
    let q: QueueQuery = web::Query::<QueueQuery>::from_query(query).map(|q| q.into_inner()).unwrap_or_default();
    let cohort_id = some(&q.cohort_id);
    if let Some(c) = cohort_id {
        con.cohort(c)?;
    }
    let db = &ctx.state.db;
    let prompts = prompt::Entity::find()
        .filter(prompt::Column::CourseId.eq(&con.course.id))
        .order_by_asc(prompt::Column::OpensAt)
        .all(db)
        .await
        .map_err(crosstalk_core::Error::from)?;
    let prompt_id = some(&q.prompt_id).filter(|p| prompts.iter().any(|x| x.id == *p));
    let reason = parse_reason(some(&q.reason));
    let filter = QueueFilter {
        cohort_id: cohort_id.map(str::to_owned),
        prompt_id: prompt_id.map(str::to_owned),
        reason,
        cursor: some(&q.cursor).map(str::to_owned),
        limit: Some(20),
    };
    let (rows, next) = moderation::queue(&ctx.state.listing_db, &con.viewer, &con.course, &filter).await?;
    let tr = ctx.tr();
    let mut facts = moderation::queue_context(db, &con.course.id, &rows).await?;
    let mut items = Vec::with_capacity(rows.len());
    for r in rows {
        let f = facts.remove(&r.post.post.id).unwrap_or_default();
        items.push(item(ctx, tr, r, f, &prompts).await?);
    }
    let base = con.base();
    let reason_str = reason.map(FlagReason::as_str);
    let params: Vec<(&str, &str)> = [("cohort_id", cohort_id), ("prompt_id", prompt_id), ("reason", reason_str)]
        .into_iter()
        .filter_map(|(k, v)| v.map(|v| (k, v)))
        .collect();
    let filters = serde_urlencoded::to_string(&params).unwrap_or_default();
    let here = if filters.is_empty() { format!("{base}/queue") } else { format!("{base}/queue?{filters}") };
    let next = next.map(|n| {
        let sep = if filters.is_empty() { "" } else { "&" };
        format!("{base}/queue?{filters}{sep}{}", serde_urlencoded::to_string([("cursor", n)]).unwrap_or_default())
    });
    let statements: serde_json::Map<String, serde_json::Value> =
        REASONS.iter().map(|r| ((*r).to_owned(), statement(tr, r).into())).collect();
    let t = QueuePage {
        c: Chrome::new(ctx, tr.t("console-queue-title"), &here).with_console(),
        cohorts: con.cohorts.iter().map(|c| (c.id.clone(), c.name.clone(), Some(c.id.as_str()) == cohort_id)).collect(),
        prompts: prompts.iter().map(|p| (p.id.clone(), p.title.clone(), Some(p.id.as_str()) == prompt_id)).collect(),
        reasons: REASONS.iter().map(|r| (*r, reason_label(tr, r), Some(*r) == reason_str)).collect(),
        picker: REASONS.iter().map(|r| (*r, reason_label(tr, r))).collect(),
        statements: serde_json::Value::Object(statements).to_string(),
        base,
        here,
        items,
        next,
    };
    Ok(render(ctx, StatusCode::OK, &t))
}

/// `GET /console/courses/{course_id}/queue?cohort_id=&prompt_id=&reason=&cursor=`.
pub async fn page(ctx: Ctx, path: web::Path<String>, req: HttpRequest) -> HttpResponse {
    let r = build(&ctx, &path, req.query_string()).await;
    ctx.page_or_fail(r)
}
