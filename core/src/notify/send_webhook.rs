//! Sending one webhook delivery: the signed event POSTed to the address that passed the SSRF guard.

use chrono::Utc;
use sea_orm::EntityTrait as _;

use super::sender::{err_chain, Notifier, Outcome};
use super::signature::signature_header;
use super::ssrf::{check_webhook_url, is_private};
use super::WEBHOOK_TIMEOUT;
use crate::entities::{delivery, event, webhook};

impl Notifier {
    pub(super) async fn send_webhook(&self, d: &delivery::Model, e: &event::Model) -> anyhow::Result<Outcome> {
        let Some(w) = webhook::Entity::find_by_id(d.webhook_id.as_deref().unwrap_or("")).one(&self.db).await? else {
            return Ok(Outcome::Skipped("the webhook was deleted".into()));
        };
        if !w.active {
            return Ok(Outcome::Skipped("the webhook is disabled".into()));
        }
        let url = match check_webhook_url(&w.url, self.allow_private_webhooks) {
            Ok(u) => u,
            Err(err) => return Ok(Outcome::Failed(err.to_string(), None)),
        };
        // Resolve once, refuse private addresses (unless allowed), and connect to what we checked.
        let host = url.host_str().unwrap_or_default().trim_matches(['[', ']']).to_owned();
        let port = url.port_or_known_default().unwrap_or(443);
        let addrs: Vec<std::net::SocketAddr> = match tokio::net::lookup_host((host.as_str(), port)).await {
            Ok(a) => a.collect(),
            Err(err) => return Ok(Outcome::Retry(format!("cannot resolve {host}: {err}"), None)),
        };
        if !self.allow_private_webhooks && addrs.iter().any(|a| is_private(a.ip())) {
            return Ok(Outcome::Failed(format!("{host} resolves to a private address"), None));
        }
        let Some(addr) = addrs.first().copied() else {
            return Ok(Outcome::Retry(format!("{host} has no address"), None));
        };
        let body = serde_json::to_vec(&serde_json::json!({
            "id": e.id,
            "type": e.kind,
            "created_at": e.created_at,
            "data": serde_json::from_str::<serde_json::Value>(&e.payload)?,
        }))?;
        let t = Utc::now().timestamp();
        let client = if url.host().is_some_and(|h| matches!(h, url::Host::Domain(_))) {
            reqwest::Client::builder()
                .timeout(WEBHOOK_TIMEOUT)
                .redirect(reqwest::redirect::Policy::none())
                .user_agent("Crosstalk-Webhooks/1")
                .resolve(&host, addr)
                .build()?
        } else {
            self.http.clone()
        };
        let res = client
            .post(url)
            .header("Content-Type", "application/json")
            .header("Crosstalk-Signature", signature_header(&w.secret, t, &body))
            .header("Crosstalk-Event", &e.kind)
            .header("Crosstalk-Event-Id", &e.id)
            .header("Crosstalk-Delivery", &d.id)
            .body(body)
            .send()
            .await;
        Ok(match res {
            Ok(r) if r.status().is_success() => Outcome::Sent(Some(i32::from(r.status().as_u16()))),
            Ok(r) => {
                Outcome::Retry(format!("the receiver answered {}", r.status()), Some(i32::from(r.status().as_u16())))
            }
            Err(err) => Outcome::Retry(format!("request failed: {}", err_chain(&err)), None),
        })
    }
}
