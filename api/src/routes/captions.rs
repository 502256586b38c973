//! `PUT/DELETE /v1/posts/{post_id}/captions/{lang}`: WebVTT captions of a post's video. The body
//! is the file itself (`text/vtt`), read up to the size limit and checked before it is stored.

use actix_web::{web, HttpResponse};
use chrono::{DateTime, Utc};
use crosstalk_core::captions::{self, vtt};
use futures_util::StreamExt as _;
use serde::Serialize;

use crate::error::{ApiResult, Problem};
use crate::extract::Caller;
use crate::state::AppState;

#[derive(Serialize, utoipa::ToSchema)]
pub struct CaptionView {
    /// Lowercase language tag.
    pub lang: String,
    /// Short-lived signed URL of the WebVTT file (served as `text/vtt`).
    pub url: String,
    pub bytes: i64,
    pub cues: usize,
    pub updated_at: DateTime<Utc>,
}

/// Uploads or replaces the post's captions in `lang` (author, the cohort's facilitators, the team).
/// Refused: `invalid_vtt` (with the line), `caption_too_large` (over 256 KiB), `too_many_cues`
/// (over 5000), `invalid_language`.
#[utoipa::path(put, operation_id = "putCaptions", path = "/v1/posts/{post_id}/captions/{lang}", tag = "posts",
    params(("post_id" = String, Path), ("lang" = String, Path, description = "Language tag, e.g. en, pt-BR")),
    request_body(content = String, content_type = "text/vtt", description = "A WebVTT file"),
    security(("bearer" = [])),
    responses((status = 200, body = CaptionView), (status = "4XX", body = Problem, content_type = "application/problem+json", description = "problem+json")))]
pub async fn put(
    state: web::Data<AppState>,
    Caller(p): Caller,
    path: web::Path<(String, String)>,
    mut payload: web::Payload,
) -> ApiResult<HttpResponse> {
    let (post_id, lang) = path.into_inner();
    let mut body = Vec::new();
    while let Some(chunk) = payload.next().await {
        let chunk = chunk.map_err(|e| anyhow::anyhow!("reading the caption body: {e}"))?;
        if body.len() + chunk.len() > vtt::MAX_BYTES {
            // Checked by the validator too; stop reading here rather than buffer a huge body.
            return Err(crosstalk_core::Error::invalid(
                "caption_too_large",
                format!("captions may be at most {} KiB", vtt::MAX_BYTES / 1024),
            )
            .into());
        }
        body.extend_from_slice(&chunk);
    }
    let info = captions::put(&state.db, &state.storage, &state.tmp_dir, &p, &post_id, &lang, &body).await?;
    let url = crate::media::url(&state, &info.key).await?;
    Ok(HttpResponse::Ok().json(CaptionView {
        lang: info.lang,
        url,
        bytes: info.bytes,
        cues: info.cues,
        updated_at: info.updated_at,
    }))
}

/// Deletes the post's captions in `lang`.
#[utoipa::path(delete, operation_id = "deleteCaptions", path = "/v1/posts/{post_id}/captions/{lang}", tag = "posts",
    params(("post_id" = String, Path), ("lang" = String, Path)),
    security(("bearer" = [])),
    responses((status = 204, description = "Deleted"), (status = "4XX", body = Problem, content_type = "application/problem+json", description = "problem+json")))]
pub async fn delete(
    state: web::Data<AppState>,
    Caller(p): Caller,
    path: web::Path<(String, String)>,
) -> ApiResult<HttpResponse> {
    let (post_id, lang) = path.into_inner();
    captions::delete(&state.db, &state.storage, &p, &post_id, &lang).await?;
    Ok(HttpResponse::NoContent().finish())
}
