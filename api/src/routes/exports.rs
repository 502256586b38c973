//! Exports: `GET /v1/me/export` streams a member's own posts as a zip (memory stays flat: the zip
//! is written into a small pipe as the client reads it).

use actix_web::http::header;
use actix_web::{web, HttpResponse};
use crosstalk_core::{access, export};
use futures_util::StreamExt as _;

use crate::error::{ApiResult, Problem};
use crate::extract::Caller;
use crate::state::AppState;

/// Everything the caller posted in their course, as a zip: each video (MP4), poster (JPEG) and
/// caption (VTT) as stored, with `index.json` and `index.html` naming them alongside the prompts,
/// texts, replies received (repliers' display names only) and moderation statements.
#[utoipa::path(get, operation_id = "exportMyPosts", path = "/v1/me/export", tag = "members", security(("bearer" = [])),
    responses((status = 200, description = "A zip archive", content_type = "application/zip"),
        (status = "4XX", body = Problem, content_type = "application/problem+json", description = "problem+json")))]
pub async fn me(state: web::Data<AppState>, Caller(p): Caller) -> ApiResult<HttpResponse> {
    let m = access::member_only(&p)?.clone();
    Ok(member_zip(&state, m).await?)
}

/// The zip of everything `m` posted, streamed (the API's `GET /v1/me/export` and the page's
/// `GET /me/export` both answer with it).
pub async fn member_zip(
    state: &AppState,
    m: crosstalk_core::entities::member::Model,
) -> crosstalk_core::Result<HttpResponse> {
    let manifest = export::member_manifest(&state.db, &m).await?;
    let (writer, reader) = tokio::io::duplex(64 * 1024);
    let (done_tx, done_rx) = tokio::sync::oneshot::channel();
    let st = state.clone();
    tokio::spawn(async move {
        let r = export::zip::write(&st.storage, &st.tmp_dir, &manifest.entries, writer, |_, _| {}).await;
        if let Err(e) = &r {
            tracing::error!(member_id = %m.id, error = format!("{e:#}"), "member export failed");
        }
        let _ = done_tx.send(r.is_ok());
    });
    // After the last byte, a failed export ends the response with an error (the client sees a
    // broken transfer, never a truncated zip that looks whole).
    let tail = futures_util::stream::once(async move {
        match done_rx.await {
            Ok(true) => None,
            _ => Some(Err(std::io::Error::other("export failed"))),
        }
    })
    .filter_map(|x| async move { x });
    let body = tokio_util::io::ReaderStream::new(reader).chain(tail);
    Ok(HttpResponse::Ok()
        .content_type("application/zip")
        .insert_header((header::CONTENT_DISPOSITION, "attachment; filename=\"crosstalk-export.zip\""))
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .insert_header((header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
        .streaming(body))
}

#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct ExportOut {
    #[serde(flatten)]
    pub export: export::jobs::ExportView,
    /// Short-lived signed URL of the zip, when ready.
    pub url: Option<String>,
}

/// Starts an export of the whole course (team): a job writes the zip to the store; follow its
/// progress at the returned export.
#[utoipa::path(post, operation_id = "createCourseExport", path = "/v1/courses/{course_id}/exports", tag = "courses", params(("course_id" = String, Path)),
    security(("bearer" = [])),
    responses((status = 202, body = ExportOut), (status = "4XX", body = Problem, content_type = "application/problem+json", description = "problem+json")))]
pub async fn create_course(
    state: web::Data<AppState>,
    Caller(p): Caller,
    path: web::Path<String>,
) -> ApiResult<HttpResponse> {
    let c = access::own_course(&state.db, &p, &path).await?;
    let e = export::jobs::request(&state.db, &c).await?;
    Ok(HttpResponse::Accepted()
        .insert_header((header::LOCATION, format!("{}/v1/courses/{}/exports/{}", state.public_url, c.id, e.id)))
        .json(ExportOut { export: e.into(), url: None }))
}

/// A course export: its state and progress, and a signed URL of the zip once ready.
#[utoipa::path(get, operation_id = "getCourseExport", path = "/v1/courses/{course_id}/exports/{export_id}", tag = "courses",
    params(("course_id" = String, Path), ("export_id" = String, Path)), security(("bearer" = [])),
    responses((status = 200, body = ExportOut), (status = "4XX", body = Problem, content_type = "application/problem+json", description = "problem+json")))]
pub async fn get_course(
    state: web::Data<AppState>,
    Caller(p): Caller,
    path: web::Path<(String, String)>,
) -> ApiResult<HttpResponse> {
    let (course_id, export_id) = path.into_inner();
    let c = access::own_course(&state.db, &p, &course_id).await?;
    let e = export::jobs::find(&state.db, &c, &export_id).await?;
    let url = match (&e.key, e.state.as_str()) {
        (Some(k), "ready") => Some(crate::media::url(&state, k).await?),
        _ => None,
    };
    Ok(HttpResponse::Ok().json(ExportOut { export: e.into(), url }))
}
