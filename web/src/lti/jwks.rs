//! `GET /lti/jwks`: the tool's public keys (RS256), from the database.

use actix_web::{http::header, web, HttpResponse};
use crosstalk_core::lti::keys;

use crate::WebState;

pub async fn jwks(state: web::Data<WebState>) -> HttpResponse {
    match keys::jwks(&state.db, &state.key).await {
        Ok(v) => HttpResponse::Ok()
            .insert_header((header::CACHE_CONTROL, "public, max-age=300"))
            .content_type("application/json")
            .body(v.to_string()),
        Err(e) => {
            tracing::error!(error = format!("{e:#}"), "serving the LTI JWKS failed");
            HttpResponse::ServiceUnavailable().finish()
        }
    }
}
