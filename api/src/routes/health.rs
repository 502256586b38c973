//! Liveness, readiness, metrics and the spec.

use actix_web::{web, HttpResponse};
use sea_orm::ConnectionTrait as _;

use crate::state::AppState;

#[utoipa::path(get, operation_id = "getLiveness", path = "/healthz", tag = "ops", responses((status = 200, description = "The process is alive", body = String)))]
pub async fn healthz() -> HttpResponse {
    HttpResponse::Ok().content_type("text/plain").body("ok")
}

/// Which dependency is reachable: `ok` or `unreachable` each.
#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct Readiness {
    /// `ok` when both are, else `unavailable`.
    pub status: &'static str,
    pub database: &'static str,
    pub store: &'static str,
}

/// How long readiness waits for each dependency: a hung one counts as down.
const READY_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(2);

#[utoipa::path(get, operation_id = "getReadiness", path = "/readyz", tag = "ops", responses(
    (status = 200, description = "Database and store are reachable", body = Readiness),
    (status = 503, description = "The database or the store (named in the body) is unreachable", body = Readiness)))]
pub async fn readyz(state: web::Data<AppState>) -> HttpResponse {
    let (db, store) = tokio::join!(
        tokio::time::timeout(READY_TIMEOUT, state.db.execute_unprepared("SELECT 1")),
        tokio::time::timeout(READY_TIMEOUT, state.storage.check()),
    );
    let db_ok = match db {
        Ok(Ok(_)) => true,
        Ok(Err(e)) => warn_down("database", &anyhow::Error::new(e)),
        Err(_) => warn_down("database", &anyhow::anyhow!("no answer in {READY_TIMEOUT:?}")),
    };
    let store_ok = match store {
        Ok(Ok(())) => true,
        Ok(Err(e)) => warn_down("store", &e),
        Err(_) => warn_down("store", &anyhow::anyhow!("no answer in {READY_TIMEOUT:?}")),
    };
    let body = Readiness {
        status: if db_ok && store_ok { "ok" } else { "unavailable" },
        database: ok(db_ok),
        store: ok(store_ok),
    };
    if db_ok && store_ok {
        HttpResponse::Ok().json(body)
    } else {
        HttpResponse::ServiceUnavailable().json(body)
    }
}

fn warn_down(what: &str, e: &anyhow::Error) -> bool {
    tracing::warn!(error = format!("{e:#}"), "{what} not ready");
    false
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
