//! Notification preferences, signed one-click unsubscribe links, and team webhooks with their
//! delivery log. Sending happens in the worker (`crosstalk_core::notify`).

use actix_web::{web, HttpResponse};
use crosstalk_core::access;
use crosstalk_core::mail::escape_html as esc;
use crosstalk_core::notify::{self, CreatedWebhook, Delivery, NewWebhook, Preferences, PreferencesPatch, Webhook};
use crosstalk_core::pagination::{Page, PageParams};
use serde::Deserialize;

use crate::error::{ApiResult, Problem};
use crate::extract::Caller;
use crate::state::AppState;

/// The caller's email preferences (everything is on until turned off).
#[utoipa::path(get, operation_id = "getNotificationPreferences", path = "/v1/me/notifications", tag = "notifications", security(("bearer" = [])),
    responses((status = 200, body = Preferences), (status = "4XX", body = Problem, content_type = "application/problem+json", description = "problem+json")))]
pub async fn get_preferences(state: web::Data<AppState>, Caller(p): Caller) -> ApiResult<HttpResponse> {
    let m = access::member_only(&p)?;
    Ok(HttpResponse::Ok().json(notify::preferences(&state.db, &m.id).await?))
}

/// Turns kinds of email on or off; fields left out stay as they are.
#[utoipa::path(patch, operation_id = "updateNotificationPreferences", path = "/v1/me/notifications", tag = "notifications", request_body = PreferencesPatch,
    security(("bearer" = [])),
    responses((status = 200, body = Preferences), (status = "4XX", body = Problem, content_type = "application/problem+json", description = "problem+json")))]
pub async fn update_preferences(
    state: web::Data<AppState>,
    Caller(p): Caller,
    body: web::Json<PreferencesPatch>,
) -> ApiResult<HttpResponse> {
    let m = access::member_only(&p)?;
    Ok(HttpResponse::Ok().json(notify::update_preferences(&state.db, &m.id, body.into_inner()).await?))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct UnsubscribeQuery {
    /// The signed token of the link in the email.
    pub token: String,
}

fn page(title: &str, body: &str) -> HttpResponse {
    HttpResponse::Ok().content_type("text/html; charset=utf-8").insert_header(("Cache-Control", "no-store")).body(
        format!(
            "<!doctype html><html><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width\">\
             <meta name=\"robots\" content=\"noindex\"><title>{t}</title></head>\
             <body style=\"font-family:sans-serif;max-width:32em;margin:3em auto;padding:0 1em\"><h1>{t}</h1>{body}</body></html>",
            t = esc(title)
        ),
    )
}

/// The page an unsubscribe link opens: it asks for a confirmation (a link checker's GET
/// changes nothing); the button POSTs to the same URL.
#[utoipa::path(get, operation_id = "showUnsubscribePage", path = "/v1/unsubscribe", tag = "notifications", params(UnsubscribeQuery),
    responses((status = 200, description = "HTML confirmation page", content_type = "text/html"),
        (status = "4XX", body = Problem, content_type = "application/problem+json", description = "404 when the link is not one of ours")))]
pub async fn unsubscribe_page(state: web::Data<AppState>, q: web::Query<UnsubscribeQuery>) -> ApiResult<HttpResponse> {
    let u = notify::check_unsubscribe(&state.db, &state.key, &q.token).await?;
    Ok(page(
        "Unsubscribe",
        &format!(
            "<p>Stop sending <strong>{cat}</strong> emails to {name}?</p>\
             <form method=\"post\" action=\"/v1/unsubscribe?token={tok}\"><button type=\"submit\">Unsubscribe</button></form>",
            cat = esc(&u.category.as_str().replace('_', " ")),
            name = esc(&u.member.display_name),
            tok = esc(&q.token),
        ),
    ))
}

/// One-click unsubscribe (RFC 8058 `List-Unsubscribe-Post`): turns off the link's kind of email.
#[utoipa::path(post, operation_id = "unsubscribe", path = "/v1/unsubscribe", tag = "notifications", params(UnsubscribeQuery),
    responses((status = 200, description = "HTML confirmation", content_type = "text/html"),
        (status = "4XX", body = Problem, content_type = "application/problem+json", description = "404 when the link is not one of ours")))]
pub async fn unsubscribe(state: web::Data<AppState>, q: web::Query<UnsubscribeQuery>) -> ApiResult<HttpResponse> {
    let u = notify::unsubscribe(&state.db, &state.key, &q.token).await?;
    Ok(page(
        "Unsubscribed",
        &format!(
            "<p>{name}, you will no longer get <strong>{cat}</strong> emails. Your course team can turn them back on \
             through your notification settings.</p>",
            cat = esc(&u.category.as_str().replace('_', " ")),
            name = esc(&u.member.display_name),
        ),
    ))
}

/// Subscribes a URL to events of the team's courses. The response carries the signing secret, once.
#[utoipa::path(post, operation_id = "createWebhook", path = "/v1/webhooks", tag = "webhooks", request_body = NewWebhook,
    params(("Idempotency-Key" = Option<String>, Header, description = "Replays the first response for a retried request")),
    security(("bearer" = [])),
    responses((status = 201, body = CreatedWebhook), (status = "4XX", body = Problem, content_type = "application/problem+json", description = "422 invalid_webhook_url, invalid_events")))]
pub async fn create_webhook(
    state: web::Data<AppState>,
    Caller(p): Caller,
    body: web::Json<NewWebhook>,
) -> ApiResult<HttpResponse> {
    let team = access::team_only(&p)?;
    let w = notify::create_webhook(&state.db, &state.key, team, body.into_inner(), state.webhook_allow_private).await?;
    Ok(HttpResponse::Created().json(w))
}

#[utoipa::path(get, operation_id = "listWebhooks", path = "/v1/webhooks", tag = "webhooks", params(PageParams), security(("bearer" = [])),
    responses((status = 200, body = Page<Webhook>), (status = "4XX", body = Problem, content_type = "application/problem+json", description = "problem+json")))]
pub async fn list_webhooks(
    state: web::Data<AppState>,
    Caller(p): Caller,
    q: web::Query<PageParams>,
) -> ApiResult<HttpResponse> {
    let team = access::team_only(&p)?;
    Ok(HttpResponse::Ok().json(notify::list_webhooks(&state.db, team, &q).await?))
}

/// Deletes the webhook; deliveries still waiting for it are dropped.
#[utoipa::path(delete, operation_id = "deleteWebhook", path = "/v1/webhooks/{webhook_id}", tag = "webhooks", params(("webhook_id" = String, Path)),
    security(("bearer" = [])),
    responses((status = 204), (status = "4XX", body = Problem, content_type = "application/problem+json", description = "problem+json")))]
pub async fn delete_webhook(
    state: web::Data<AppState>,
    Caller(p): Caller,
    path: web::Path<String>,
) -> ApiResult<HttpResponse> {
    let w = access::team_webhook(&state.db, access::team_only(&p)?, &path).await?;
    notify::delete_webhook(&state.db, w).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// The webhook's deliveries, newest first, with their state, attempts and last answer.
#[utoipa::path(get, operation_id = "listWebhookDeliveries", path = "/v1/webhooks/{webhook_id}/deliveries", tag = "webhooks",
    params(("webhook_id" = String, Path), PageParams), security(("bearer" = [])),
    responses((status = 200, body = Page<Delivery>), (status = "4XX", body = Problem, content_type = "application/problem+json", description = "problem+json")))]
pub async fn deliveries(
    state: web::Data<AppState>,
    Caller(p): Caller,
    path: web::Path<String>,
    q: web::Query<PageParams>,
) -> ApiResult<HttpResponse> {
    let w = access::team_webhook(&state.db, access::team_only(&p)?, &path).await?;
    Ok(HttpResponse::Ok().json(notify::list_deliveries(&state.db, &w, &q).await?))
}

/// Sends a delivery's event to the webhook again, as a new delivery.
#[utoipa::path(post, operation_id = "redeliverWebhookDelivery", path = "/v1/webhooks/{webhook_id}/deliveries/{delivery_id}/redeliver", tag = "webhooks",
    params(("webhook_id" = String, Path), ("delivery_id" = String, Path)), security(("bearer" = [])),
    responses((status = 202, body = Delivery), (status = "4XX", body = Problem, content_type = "application/problem+json", description = "409 delivery_in_progress")))]
pub async fn redeliver(
    state: web::Data<AppState>,
    Caller(p): Caller,
    path: web::Path<(String, String)>,
) -> ApiResult<HttpResponse> {
    let (webhook_id, delivery_id) = path.into_inner();
    let w = access::team_webhook(&state.db, access::team_only(&p)?, &webhook_id).await?;
    Ok(HttpResponse::Accepted().json(notify::redeliver(&state.db, &w, &delivery_id).await?))
}
