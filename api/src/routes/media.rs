//! `GET /media/{key}`: objects of the local store behind HMAC-signed, expiring URLs, with Range.

use actix_files::NamedFile;
use actix_web::http::{header, StatusCode};
use actix_web::{web, HttpRequest, HttpResponse};
use crosstalk_core::fault::StoreUnavailable;
use serde::Deserialize;

use crate::error::{problem, ApiError, ApiResult, Problem};
use crate::state::AppState;

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct Signature {
    /// Expiry, seconds since the epoch.
    pub exp: i64,
    /// HMAC of the key and expiry.
    pub sig: String,
}

#[utoipa::path(get, operation_id = "getMedia", path = "/media/{key}", tag = "media",
    params(("key" = String, Path, description = "Object key, e.g. videos/vid_.../video.mp4"), Signature),
    responses((status = 200, description = "The object (206 for a Range request)", content_type = "video/mp4"),
        (status = 403, description = "Expired or tampered URL"), (status = 404, description = "No such object"),
        (status = 503, body = Problem, content_type = "application/problem+json", description = "The store is unreadable; Retry-After says when to try again")))]
pub async fn get(req: HttpRequest, state: web::Data<AppState>, path: web::Path<String>) -> ApiResult<HttpResponse> {
    let key = path.into_inner();
    let q = web::Query::<Signature>::from_query(req.query_string()).ok();
    if !q.is_some_and(|q| crate::media::verify(&state, &key, q.exp, &q.sig)) {
        return Ok(problem(StatusCode::FORBIDDEN, "invalid_signature", "this media URL is expired or was altered"));
    };
    let Some(file_path) = state.storage.local_path(&key) else {
        return Err(ApiError::http(StatusCode::NOT_FOUND, "not_found", "no such object"));
    };
    let file = NamedFile::open_async(&file_path).await.map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => ApiError::http(StatusCode::NOT_FOUND, "not_found", "no such object"),
        // The store's directory is there but unreadable (a lost mount, EIO): 503, not 404 or 500.
        _ => ApiError::from(anyhow::Error::new(StoreUnavailable(e.to_string())).context("opening a media object")),
    })?;
    let mut res = file.use_etag(true).use_last_modified(true).into_response(&req);
    res.headers_mut().insert(header::CACHE_CONTROL, header::HeaderValue::from_static("private, max-age=3600"));
    Ok(res)
}
