//! Liveness, readiness, metrics and the spec.

use actix_web::{web, HttpResponse};
use sea_orm::ConnectionTrait as _;

use crate::state::AppState;

#[utoipa::path(get, operation_id = "getLiveness", path = "/healthz", tag = "ops", responses((status = 200, description = "The process is alive", body = String)))]
pub async fn healthz() -> HttpResponse {
    HttpResponse::Ok().content_type("text/plain").body("ok")
}

#[utoipa::path(get, operation_id = "getReadiness", path = "/readyz", tag = "ops", responses(
    (status = 200, description = "Database and store are reachable", body = String),
    (status = 503, description = "Database or store unreachable", body = String)))]
pub async fn readyz(state: web::Data<AppState>) -> HttpResponse {
    let db_ok = state.db.execute_unprepared("SELECT 1").await.is_ok();
    let store_ok = match state.storage.check().await {
        Ok(()) => true,
        Err(e) => {
            tracing::warn!(error = format!("{e:#}"), "store not ready");
            false
        }
    };
    let body = format!("database: {}\nstore: {}\n", ok(db_ok), ok(store_ok));
    if db_ok && store_ok {
        HttpResponse::Ok().content_type("text/plain").body(body)
    } else {
        HttpResponse::ServiceUnavailable().content_type("text/plain").body(body)
    }
}

fn ok(b: bool) -> &'static str {
    if b {
        "ok"
    } else {
        "unreachable"
    }
}

#[utoipa::path(get, operation_id = "getMetrics", path = "/metrics", tag = "ops", responses((status = 200, description = "Prometheus text format", body = String)))]
pub async fn metrics(state: web::Data<AppState>) -> HttpResponse {
    if let Ok(counts) = crosstalk_core::jobs::counts(&state.db).await {
        for s in ["queued", "running", "done", "dead"] {
            let n = counts.iter().find(|(k, _)| k == s).map_or(0, |(_, n)| *n);
            state.metrics.queue_depth.with_label_values(&[s]).set(n);
        }
    }
    if let Ok(counts) = crosstalk_core::notify::counts(&state.db).await {
        for channel in ["email", "webhook"] {
            for s in ["pending", "sending", "sent", "failed", "unknown", "skipped"] {
                let n = counts.iter().find(|(c, k, _)| c == channel && k == s).map_or(0, |(_, _, n)| *n);
                state.metrics.deliveries.with_label_values(&[channel, s]).set(n);
            }
        }
    }
    HttpResponse::Ok().content_type("text/plain; version=0.0.4").body(state.metrics.render())
}

#[utoipa::path(get, operation_id = "getOpenApiDocument", path = "/openapi.yaml", tag = "ops", responses((status = 200, description = "This API's OpenAPI document", body = String, content_type = "application/yaml")))]
pub async fn openapi_yaml() -> HttpResponse {
    HttpResponse::Ok().content_type("application/yaml").body(crate::openapi::yaml())
}
