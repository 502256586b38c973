//! tus 1.0.0 resumable uploads at `/v1/uploads`: creation, creation-with-upload, termination,
//! expiration and checksum (sha1, sha256). Offsets live in the database and each PATCH's bytes
//! become one object in the store, so consecutive PATCHes may land on different API instances.

use std::time::Instant;

use actix_web::http::{header, StatusCode};
use actix_web::{web, HttpRequest, HttpResponse};
use base64::Engine as _;
use chrono::{DateTime, Utc};
use crosstalk_core::entities::upload;
use crosstalk_core::uploads::{self, NewUpload};
use crosstalk_core::{access, Error};
use futures_util::StreamExt as _;
use sha2::Digest as _;
use tokio::io::AsyncWriteExt as _;

use crate::error::{ApiError, ApiResult, Problem};
use crate::extract::Caller;
use crate::limits;
use crate::retry::Retry;
use crate::state::AppState;

pub const TUS_VERSION: &str = "1.0.0";
const OFFSET_CT: &str = "application/offset+octet-stream";
const EXTENSIONS: &str = "creation,creation-with-upload,termination,expiration,checksum";

fn tus_error(status: StatusCode, code: &'static str, detail: impl Into<String>) -> ApiError {
    ApiError::http(status, code, detail)
}

fn check_resumable(req: &HttpRequest) -> ApiResult<()> {
    match req.headers().get("Tus-Resumable").and_then(|v| v.to_str().ok()) {
        Some(TUS_VERSION) => Ok(()),
        Some(_) => {
            Err(tus_error(StatusCode::PRECONDITION_FAILED, "tus_version_unsupported", "only tus 1.0.0 is supported"))
        }
        None => Err(tus_error(StatusCode::PRECONDITION_FAILED, "tus_version_missing", "send Tus-Resumable: 1.0.0")),
    }
}

fn header_i64(req: &HttpRequest, name: &str) -> ApiResult<Option<i64>> {
    match req.headers().get(name) {
        None => Ok(None),
        Some(v) => v.to_str().ok().and_then(|s| s.parse::<i64>().ok()).filter(|n| *n >= 0).map(Some).ok_or_else(|| {
            tus_error(StatusCode::BAD_REQUEST, "invalid_header", format!("{name} must be a non-negative integer"))
        }),
    }
}

fn http_date(t: DateTime<Utc>) -> String {
    t.format("%a, %d %b %Y %H:%M:%S GMT").to_string()
}

/// `Upload-Metadata: key base64,key2 base64` -> filename and filetype (others kept raw for HEAD).
fn parse_metadata(raw: &str) -> ApiResult<(Option<String>, Option<String>)> {
    let bad = || tus_error(StatusCode::BAD_REQUEST, "invalid_metadata", "Upload-Metadata is not `key base64,...`");
    let (mut filename, mut filetype) = (None, None);
    for pair in raw.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        let mut it = pair.splitn(2, ' ');
        let key = it.next().ok_or_else(bad)?;
        if key.is_empty() || !key.bytes().all(|b| b.is_ascii_graphic()) {
            return Err(bad());
        }
        let value = match it.next() {
            Some(v) => {
                let bytes = base64::engine::general_purpose::STANDARD.decode(v.trim()).map_err(|_| bad())?;
                Some(String::from_utf8(bytes).map_err(|_| bad())?)
            }
            None => None,
        };
        let clean = |s: String| s.chars().filter(|c| !c.is_control()).take(255).collect::<String>();
        match key {
            "filename" | "name" => filename = value.map(clean),
            "filetype" | "type" => filetype = value.map(clean),
            _ => {}
        }
    }
    Ok((filename, filetype))
}

enum Checksum {
    Sha1(sha1_smol::Sha1, Vec<u8>),
    Sha256(sha2::Sha256, Vec<u8>),
}

fn parse_checksum(req: &HttpRequest) -> ApiResult<Option<Checksum>> {
    let Some(v) = req.headers().get("Upload-Checksum") else { return Ok(None) };
    let bad = || {
        tus_error(StatusCode::BAD_REQUEST, "invalid_checksum_header", "Upload-Checksum must be `sha1|sha256 BASE64`")
    };
    let s = v.to_str().map_err(|_| bad())?;
    let (algo, b64) = s.split_once(' ').ok_or_else(bad)?;
    let digest = base64::engine::general_purpose::STANDARD.decode(b64.trim()).map_err(|_| bad())?;
    match algo {
        "sha1" => Ok(Some(Checksum::Sha1(sha1_smol::Sha1::new(), digest))),
        "sha256" => Ok(Some(Checksum::Sha256(sha2::Sha256::new(), digest))),
        _ => Err(tus_error(StatusCode::BAD_REQUEST, "checksum_algorithm_unsupported", "supported: sha1, sha256")),
    }
}

impl Checksum {
    fn update(&mut self, data: &[u8]) {
        match self {
            Checksum::Sha1(h, _) => h.update(data),
            Checksum::Sha256(h, _) => h.update(data),
        }
    }
    fn matches(self) -> bool {
        match self {
            Checksum::Sha1(h, want) => h.digest().bytes().as_slice() == want.as_slice(),
            Checksum::Sha256(h, want) => h.finalize().as_slice() == want.as_slice(),
        }
    }
}

/// `OPTIONS /v1/uploads`: what this server supports (no credentials needed).
#[utoipa::path(options, operation_id = "getUploadCapabilities", path = "/v1/uploads", tag = "uploads",
    responses((status = 204, description = "tus capabilities in Tus-Version, Tus-Extension, Tus-Max-Size, Tus-Checksum-Algorithm")))]
pub async fn options(state: web::Data<AppState>) -> HttpResponse {
    HttpResponse::NoContent()
        .insert_header(("Tus-Resumable", TUS_VERSION))
        .insert_header(("Tus-Version", TUS_VERSION))
        .insert_header(("Tus-Extension", EXTENSIONS))
        .insert_header(("Tus-Max-Size", state.upload_limits.max_size.to_string()))
        .insert_header(("Tus-Checksum-Algorithm", "sha1,sha256"))
        .finish()
}

/// Creates an upload (tus creation; with a body it is creation-with-upload).
#[utoipa::path(post, operation_id = "createUpload", path = "/v1/uploads", tag = "uploads", security(("bearer" = [])),
    params(("Tus-Resumable" = String, Header, description = "1.0.0"),
        ("Upload-Length" = i64, Header, description = "Total size in bytes, at most Tus-Max-Size"),
        ("Upload-Metadata" = Option<String>, Header, description = "`filename BASE64,filetype BASE64`")),
    responses((status = 201, description = "Created; Location names the upload, Upload-Expires when it expires"),
        (status = "4XX", body = Problem, content_type = "application/problem+json", description = "problem+json")))]
pub async fn create(
    req: HttpRequest,
    state: web::Data<AppState>,
    Caller(p): Caller,
    payload: web::Payload,
) -> ApiResult<HttpResponse> {
    let m = access::member_only(&p)?.clone();
    check_resumable(&req)?;
    if req.headers().contains_key("Upload-Defer-Length") {
        return Err(tus_error(StatusCode::BAD_REQUEST, "defer_length_unsupported", "send Upload-Length"));
    }
    let length = header_i64(&req, "Upload-Length")?
        .ok_or_else(|| tus_error(StatusCode::BAD_REQUEST, "upload_length_missing", "Upload-Length is required"))?;
    if length as u64 > state.upload_limits.max_size {
        return Err(tus_error(
            StatusCode::PAYLOAD_TOO_LARGE,
            "upload_too_large",
            format!("Upload-Length is over Tus-Max-Size ({} bytes)", state.upload_limits.max_size),
        ));
    }
    let raw_meta = req.headers().get("Upload-Metadata").and_then(|v| v.to_str().ok()).map(str::to_owned);
    let (filename, filetype) = match &raw_meta {
        Some(r) => parse_metadata(r)?,
        None => (None, None),
    };
    limits::rate(&state, limits::Action::Upload, &p).await?;
    limits::course_storage(&state, &m, length as u64).await?;
    let new = NewUpload { length: length as u64, metadata: raw_meta.filter(|m| m.len() <= 4096), filename, filetype };
    let mut up = uploads::create(&state.db, &m, new, &state.upload_limits).await?;
    // Counted once the upload exists, so a creation refused for another reason costs no volume.
    if let Err(refused) = limits::daily_volume(&state, &m, length as u64).await {
        uploads::terminate(&state.db, up).await?;
        return Err(refused);
    }
    let with_body = is_offset_stream(&req) && req.headers().get(header::CONTENT_LENGTH).is_none_or(|v| v != "0");
    if with_body && up.state == "open" {
        let checksum = parse_checksum(&req)?;
        up = write_patch(&state, up, 0, payload, checksum).await?;
    }
    let mut res = HttpResponse::Created();
    res.insert_header((header::LOCATION, format!("{}/v1/uploads/{}", state.public_url, up.id)))
        .insert_header(("Tus-Resumable", TUS_VERSION))
        .insert_header(("Upload-Expires", http_date(up.expires_at)));
    if with_body {
        res.insert_header(("Upload-Offset", up.offset.to_string()));
    }
    Ok(res.finish())
}

fn is_offset_stream(req: &HttpRequest) -> bool {
    req.headers().get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).is_some_and(|v| v.starts_with(OFFSET_CT))
}

/// The upload's offset (resume from here).
#[utoipa::path(head, operation_id = "getUploadOffset", path = "/v1/uploads/{upload_id}", tag = "uploads", security(("bearer" = [])),
    params(("upload_id" = String, Path), ("Tus-Resumable" = String, Header, description = "1.0.0")),
    responses((status = 200, description = "Upload-Offset, Upload-Length, Upload-Metadata, Upload-Expires"),
        (status = "4XX", description = "404 not yours or unknown; 410 expired")))]
pub async fn head(
    req: HttpRequest,
    state: web::Data<AppState>,
    Caller(p): Caller,
    path: web::Path<String>,
) -> ApiResult<HttpResponse> {
    let m = access::member_only(&p)?;
    check_resumable(&req)?;
    let up = uploads::get_own(&state.db, &m.id, &path).await?;
    let mut res = HttpResponse::Ok();
    res.insert_header(("Tus-Resumable", TUS_VERSION))
        .insert_header(("Upload-Offset", up.offset.to_string()))
        .insert_header(("Upload-Length", up.length.to_string()))
        .insert_header((header::CACHE_CONTROL, "no-store"));
    if up.state == "open" {
        res.insert_header(("Upload-Expires", http_date(up.expires_at)));
    }
    if let Some(meta) = &up.metadata {
        res.insert_header(("Upload-Metadata", meta.as_str()));
    }
    Ok(res.finish())
}

/// Appends bytes at `Upload-Offset`.
#[utoipa::path(patch, operation_id = "appendToUpload", path = "/v1/uploads/{upload_id}", tag = "uploads", security(("bearer" = [])),
    params(("upload_id" = String, Path), ("Tus-Resumable" = String, Header, description = "1.0.0"),
        ("Upload-Offset" = i64, Header, description = "Must equal the upload's current offset"),
        ("Upload-Checksum" = Option<String>, Header, description = "`sha1 BASE64` or `sha256 BASE64` of this request's body")),
    request_body(content = Vec<u8>, content_type = "application/offset+octet-stream"),
    responses((status = 204, description = "Stored; Upload-Offset is the new offset"),
        (status = 460, description = "Checksum mismatch; nothing stored"),
        (status = "4XX", body = Problem, content_type = "application/problem+json", description = "409 wrong offset; 410 expired; 423 another PATCH is running")))]
pub async fn patch(
    req: HttpRequest,
    state: web::Data<AppState>,
    Caller(p): Caller,
    path: web::Path<String>,
    payload: web::Payload,
) -> ApiResult<HttpResponse> {
    let m = access::member_only(&p)?;
    check_resumable(&req)?;
    if !is_offset_stream(&req) {
        return Err(tus_error(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported_media_type",
            format!("send Content-Type: {OFFSET_CT}"),
        ));
    }
    let offset = header_i64(&req, "Upload-Offset")?
        .ok_or_else(|| tus_error(StatusCode::BAD_REQUEST, "upload_offset_missing", "Upload-Offset is required"))?;
    let checksum = parse_checksum(&req)?;
    let up = uploads::get_own(&state.db, &m.id, &path).await?;
    let up = write_patch(&state, up, offset, payload, checksum).await?;
    let mut res = HttpResponse::NoContent();
    res.insert_header(("Tus-Resumable", TUS_VERSION)).insert_header(("Upload-Offset", up.offset.to_string()));
    if up.state == "open" {
        res.insert_header(("Upload-Expires", http_date(up.expires_at)));
    }
    Ok(res.finish())
}

/// Termination: the upload and its bytes are discarded.
#[utoipa::path(delete, operation_id = "deleteUpload", path = "/v1/uploads/{upload_id}", tag = "uploads", security(("bearer" = [])),
    params(("upload_id" = String, Path), ("Tus-Resumable" = String, Header, description = "1.0.0")),
    responses((status = 204, description = "Terminated"),
        (status = "4XX", body = Problem, content_type = "application/problem+json", description = "problem+json")))]
pub async fn delete(
    req: HttpRequest,
    state: web::Data<AppState>,
    Caller(p): Caller,
    path: web::Path<String>,
) -> ApiResult<HttpResponse> {
    let m = access::member_only(&p)?;
    check_resumable(&req)?;
    let up = match uploads::get_own(&state.db, &m.id, &path).await {
        Ok(u) => u,
        // Terminating an expired upload is what the client wanted anyway.
        Err(Error::Gone { .. }) => {
            return Ok(HttpResponse::NoContent().insert_header(("Tus-Resumable", TUS_VERSION)).finish())
        }
        Err(e) => return Err(e.into()),
    };
    if up.state == "complete" {
        return Err(Error::conflict("upload_complete", "a complete upload cannot be terminated").into());
    }
    uploads::terminate(&state.db, up).await?;
    Ok(HttpResponse::NoContent().insert_header(("Tus-Resumable", TUS_VERSION)).finish())
}

/// Receives one PATCH body under the upload's lock and records it as a part.
///
/// The body is spooled to a temp file (bounded memory) and then moved into the store. The work
/// runs in its own task, so a client that disconnects mid-body still gets what it delivered
/// stored (unless it sent a checksum, which a partial body cannot match).
async fn write_patch(
    state: &AppState,
    up: upload::Model,
    offset: i64,
    payload: web::Payload,
    checksum: Option<Checksum>,
) -> ApiResult<upload::Model> {
    let token = uploads::lock(&state.db, &up, offset).await?;
    let state = state.clone();
    let task = actix_web::rt::spawn(async move {
        let res = receive(&state, &up, &token, payload, checksum).await;
        if res.is_err() {
            let what = format!("unlocking upload {}", up.id);
            if let Err(e) = Retry::QUICK.run(&what, || uploads::unlock(&state.db, &up.id, &token)).await {
                tracing::error!(
                    upload_id = %up.id, error = %e,
                    "unlocking an upload after a failed PATCH did not succeed; its lock expires by itself"
                );
            }
        }
        res
    });
    task.await.map_err(|e| ApiError::from(anyhow::anyhow!("upload task: {e}")))?
}

async fn receive(
    state: &AppState,
    up: &upload::Model,
    token: &str,
    mut payload: web::Payload,
    mut checksum: Option<Checksum>,
) -> ApiResult<upload::Model> {
    let remaining = u64::try_from(up.length - up.offset).unwrap_or(0);
    let tmp = state.tmp_dir.join(format!("{}-{}", up.id, uuid::Uuid::new_v4().simple()));
    let file = tokio::fs::File::create(&tmp).await.map_err(|e| anyhow::Error::new(e).context("creating spool file"))?;
    let mut out = tokio::io::BufWriter::with_capacity(1 << 20, file);
    let (mut n, mut dropped, mut too_long) = (0u64, false, false);
    let mut renewed = Instant::now();
    while let Some(chunk) = payload.next().await {
        match chunk {
            Ok(bytes) => {
                if n + bytes.len() as u64 > remaining {
                    too_long = true;
                    break;
                }
                let written = match crosstalk_core::fault::disk::reserve(&tmp, bytes.len() as u64) {
                    Ok(()) => out.write_all(&bytes).await,
                    Err(e) => Err(e),
                };
                if let Err(e) = written {
                    // A full disk answers 507: this PATCH's bytes are dropped (freeing their
                    // space), every earlier part stays and the client resumes from its offset.
                    drop(out);
                    let _ = tokio::fs::remove_file(&tmp).await;
                    return Err(anyhow::Error::new(e).context("spooling upload").into());
                }
                if let Some(c) = checksum.as_mut() {
                    c.update(&bytes);
                }
                n += bytes.len() as u64;
                if renewed.elapsed().as_secs() >= 10 {
                    uploads::renew_lock(&state.db, &up.id, token).await?;
                    renewed = Instant::now();
                }
            }
            Err(e) => {
                tracing::info!(upload_id = %up.id, received = n, error = %e, "PATCH body ended early; keeping what arrived");
                dropped = true;
                break;
            }
        }
    }
    let flushed = out.flush().await;
    drop(out);
    let discard = |status, code: &'static str, detail: &str| {
        let tmp = tmp.clone();
        let e = tus_error(status, code, detail);
        async move {
            let _ = tokio::fs::remove_file(&tmp).await;
            Err(e)
        }
    };
    if let Err(e) = flushed {
        let _ = tokio::fs::remove_file(&tmp).await;
        return Err(anyhow::Error::new(e).context("flushing the spooled upload").into());
    }
    if too_long {
        return discard(
            StatusCode::PAYLOAD_TOO_LARGE,
            "upload_overflow",
            "the body goes past Upload-Length; nothing stored",
        )
        .await;
    }
    if let Some(c) = checksum {
        if dropped {
            return discard(StatusCode::BAD_REQUEST, "body_incomplete", "the body ended early; nothing stored").await;
        }
        if !c.matches() {
            return discard(
                StatusCode::from_u16(460).unwrap_or(StatusCode::BAD_REQUEST),
                "checksum_mismatch",
                "the body does not match Upload-Checksum; nothing stored",
            )
            .await;
        }
    }
    if n == 0 {
        let _ = tokio::fs::remove_file(&tmp).await;
        uploads::unlock(&state.db, &up.id, token).await?;
        return Ok(up.clone());
    }
    let key = uploads::part_key(&up.id, up.offset);
    if let Err(e) = state.storage.put_file(&key, &tmp, "application/octet-stream").await {
        // The store is down (503) or full (507): this PATCH is not acknowledged, earlier parts stay.
        let _ = tokio::fs::remove_file(&tmp).await;
        return Err(e.context("storing upload part").into());
    }
    let size = i64::try_from(n).map_err(|_| anyhow::anyhow!("part too large"))?;
    let updated = uploads::commit_part(&state.db, up, token, size).await?;
    state.metrics.upload_bytes.inc_by(n);
    Ok(updated)
}
