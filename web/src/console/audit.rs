//! The audit log of the facilitator's cohorts (and course-wide entries), newest first, filtered by
//! cohort, actor and action (GET query), as a page or as CSV (`?format=csv`).

use std::collections::HashMap;

use actix_web::http::{header, StatusCode};
use actix_web::{web, HttpRequest, HttpResponse};
use askama::Template;
use crosstalk_core::entities::{audit_entry, member};
use sea_orm::{ColumnTrait as _, Condition, EntityTrait as _, QueryFilter as _, QueryOrder as _, QuerySelect as _};

use super::{facilitator, some};
use crate::page::{render, secured, Chrome, Fail};
use crate::session::Ctx;

const ACTIONS: [&str; 7] = ["flag", "approve", "hide", "remove", "restore", "mute", "unmute"];
const MAX_ROWS: u64 = 1000;

#[derive(serde::Deserialize, Default)]
pub struct AuditQuery {
    pub cohort_id: Option<String>,
    pub actor: Option<String>,
    pub action: Option<String>,
    pub format: Option<String>,
}

pub struct Row {
    pub when: String,
    pub action: String,
    pub actor: String,
    pub subject: String,
    pub cohort: String,
    pub post_id: String,
    pub reason: String,
    pub note: String,
}

#[derive(Template)]
#[template(path = "console/audit.html")]
pub struct AuditPage {
    pub c: Chrome,
    pub base: String,
    pub csv: String,
    pub cohorts: Vec<(String, String, bool)>,
    pub actors: Vec<(String, String, bool)>,
    pub actions: Vec<(&'static str, bool)>,
    pub rows: Vec<Row>,
}

/// A CSV field: quoted, and never read as a formula by a spreadsheet.
fn cell(s: &str) -> String {
    let s = if s.starts_with(['=', '+', '-', '@', '\t', '\r']) { format!("'{s}") } else { s.to_owned() };
    format!("\"{}\"", s.replace('"', "\"\""))
}

async fn build(ctx: &Ctx, course_id: &str, query: &str) -> Result<HttpResponse, Fail> {
    let con = facilitator(ctx, course_id).await?;
    let q: AuditQuery = web::Query::<AuditQuery>::from_query(query).map(|q| q.into_inner()).unwrap_or_default();
    let e = |e: sea_orm::DbErr| Fail::from(crosstalk_core::Error::from(e));
    let db = &ctx.state.db;
    let mine: Vec<String> = con.cohorts.iter().map(|c| c.id.clone()).collect();
    let mut sel = audit_entry::Entity::find().filter(audit_entry::Column::CourseId.eq(&con.course.id)).filter(
        Condition::any().add(audit_entry::Column::CohortId.is_null()).add(audit_entry::Column::CohortId.is_in(mine)),
    );
    let cohort_id = some(&q.cohort_id);
    if let Some(c) = cohort_id {
        con.cohort(c)?;
        sel = sel.filter(audit_entry::Column::CohortId.eq(c));
    }
    let actor = some(&q.actor);
    if let Some(a) = actor {
        sel = sel.filter(audit_entry::Column::ActorId.eq(a));
    }
    let action = some(&q.action).filter(|a| ACTIONS.contains(a));
    if let Some(a) = action {
        sel = sel.filter(audit_entry::Column::Action.eq(a));
    }
    let entries = sel
        .order_by_desc(audit_entry::Column::CreatedAt)
        .order_by_desc(audit_entry::Column::Id)
        .limit(MAX_ROWS)
        .all(db)
        .await
        .map_err(e)?;
    let names: HashMap<String, String> = member::Entity::find()
        .filter(member::Column::CourseId.eq(&con.course.id))
        .all(db)
        .await
        .map_err(e)?
        .into_iter()
        .map(|m| (m.id, m.display_name))
        .collect();
    let tr = ctx.tr();
    let team = tr.t("console-course-team");
    let name = |kind: &str, id: &str| {
        if kind == "member" {
            names.get(id).cloned().unwrap_or_default()
        } else {
            team.clone()
        }
    };
    let cohort_name = |id: &Option<String>| {
        id.as_ref().and_then(|id| con.cohorts.iter().find(|c| &c.id == id)).map(|c| c.name.clone()).unwrap_or_default()
    };
    let mut actor_list: Vec<(String, String, bool)> = Vec::new();
    let rows: Vec<Row> = entries
        .into_iter()
        .map(|a| {
            let who = name(&a.actor_kind, &a.actor_id);
            if a.actor_kind == "member" && !actor_list.iter().any(|(id, _, _)| id == &a.actor_id) {
                actor_list.push((a.actor_id.clone(), who.clone(), Some(a.actor_id.as_str()) == actor));
            }
            Row {
                when: a.created_at.format("%Y-%m-%d %H:%M").to_string(),
                action: a.action,
                actor: who,
                subject: a.subject_member_id.as_deref().map(|s| name("member", s)).unwrap_or_default(),
                cohort: cohort_name(&a.cohort_id),
                post_id: a.post_id.unwrap_or_default(),
                reason: a.reason,
                note: a.note.unwrap_or_default(),
            }
        })
        .collect();
    if q.format.as_deref() == Some("csv") {
        let mut out = String::from("when_utc,action,actor,subject,cohort,post_id,reason,note\r\n");
        for r in &rows {
            let fields = [&r.when, &r.action, &r.actor, &r.subject, &r.cohort, &r.post_id, &r.reason, &r.note];
            out.push_str(&fields.map(|f| cell(f)).join(","));
            out.push_str("\r\n");
        }
        return Ok(secured(StatusCode::OK, &ctx.state)
            .content_type("text/csv; charset=utf-8")
            .insert_header((header::CONTENT_DISPOSITION, "attachment; filename=\"audit.csv\""))
            .body(out));
    }
    let base = con.base();
    let csv =
        if query.is_empty() { format!("{base}/audit?format=csv") } else { format!("{base}/audit?{query}&format=csv") };
    let t = AuditPage {
        c: Chrome::new(ctx, tr.t("console-audit-title"), &format!("{base}/audit")),
        cohorts: con.cohorts.iter().map(|c| (c.id.clone(), c.name.clone(), Some(c.id.as_str()) == cohort_id)).collect(),
        actors: actor_list,
        actions: ACTIONS.iter().map(|a| (*a, Some(*a) == action)).collect(),
        base,
        csv,
        rows,
    };
    Ok(render(ctx, StatusCode::OK, &t))
}

/// `GET /console/courses/{course_id}/audit?cohort_id=&actor=&action=&format=csv`.
pub async fn page(ctx: Ctx, path: web::Path<String>, req: HttpRequest) -> HttpResponse {
    let r = build(&ctx, &path, req.query_string()).await;
    ctx.page_or_fail(r)
}
