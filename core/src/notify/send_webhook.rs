//! Sending one webhook delivery: the signed event POSTed to the address that passed the SSRF guard.
//!
//! Webhook requests never go through a proxy named by the environment (`HTTP_PROXY`,
//! `HTTPS_PROXY`, `ALL_PROXY`): a proxy would connect wherever it resolves the receiver's name,
//! after the SSRF guard checked our resolution. Only a proxy configured for webhooks
//! ([`WebhookProxy`], `CROSSTALK_WEBHOOK_PROXY`) is used; it then decides what it reaches.

use std::fmt;
use std::net::SocketAddr;

use chrono::Utc;
use sea_orm::EntityTrait as _;

use super::sender::{err_chain, Notifier, Outcome};
use super::signature::signature_header;
use super::ssrf::{check_webhook_url, is_private};
use super::WEBHOOK_TIMEOUT;
use crate::entities::{delivery, event, webhook};

/// The HTTP(S) proxy webhook requests go through, when one is configured.
#[derive(Clone)]
pub struct WebhookProxy(reqwest::Proxy);

impl WebhookProxy {
    /// An `http://` or `https://` proxy URL, optionally with `user:password@`.
    pub fn parse(url: &str) -> anyhow::Result<Self> {
        let u = url::Url::parse(url).map_err(|_| anyhow::anyhow!("the webhook proxy must be an http(s) URL"))?;
        if !matches!(u.scheme(), "http" | "https") || u.host_str().is_none_or(str::is_empty) {
            anyhow::bail!("the webhook proxy must be an http(s) URL");
        }
        Ok(WebhookProxy(reqwest::Proxy::all(u)?))
    }
}

impl fmt::Debug for WebhookProxy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The URL may carry the proxy's credentials.
        f.write_str("WebhookProxy(..)")
    }
}

/// The client settings of every webhook request: a timeout, no redirects, and no proxy but
/// the configured one.
pub(super) fn client_builder(proxy: Option<&WebhookProxy>) -> reqwest::ClientBuilder {
    let b = reqwest::Client::builder()
        .timeout(WEBHOOK_TIMEOUT)
        .redirect(reqwest::redirect::Policy::none())
        .user_agent("Crosstalk-Webhooks/1")
        .no_proxy();
    match proxy {
        Some(p) => b.proxy(p.0.clone()),
        None => b,
    }
}

/// Resolves the receiver's host once and refuses it when any of its addresses may not be
/// reached (unless `allow_private`); the request then connects to the address returned.
pub(super) async fn resolve_checked(host: &str, port: u16, allow_private: bool) -> Result<SocketAddr, Outcome> {
    let addrs: Vec<SocketAddr> = match tokio::net::lookup_host((host, port)).await {
        Ok(a) => a.collect(),
        Err(err) => return Err(Outcome::Retry(format!("cannot resolve {host}: {err}"), None)),
    };
    if !allow_private && addrs.iter().any(|a| is_private(a.ip())) {
        return Err(Outcome::Failed(format!("{host} resolves to a private address"), None));
    }
    addrs.first().copied().ok_or_else(|| Outcome::Retry(format!("{host} has no address"), None))
}

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
        let host = url.host_str().unwrap_or_default().trim_matches(['[', ']']).to_owned();
        let port = url.port_or_known_default().unwrap_or(443);
        let addr = match resolve_checked(&host, port, self.allow_private_webhooks).await {
            Ok(a) => a,
            Err(outcome) => return Ok(outcome),
        };
        let body = serde_json::to_vec(&serde_json::json!({
            "id": e.id,
            "type": e.kind,
            "created_at": e.created_at,
            "data": serde_json::from_str::<serde_json::Value>(&e.payload)?,
        }))?;
        let t = Utc::now().timestamp();
        let client = if url.host().is_some_and(|h| matches!(h, url::Host::Domain(_))) {
            client_builder(self.webhook_proxy.as_ref()).resolve(&host, addr).build()?
        } else {
            self.http.clone()
        };
        let secret = crate::webhook_secret::open(&self.key, &w.id, &w.secret)?;
        let res = client
            .post(url)
            .header("Content-Type", "application/json")
            .header("Crosstalk-Signature", signature_header(&secret, t, &body))
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

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_name_resolving_to_loopback_is_refused_at_delivery() {
        // `localhost` comes from the resolver (hosts file), as any attacker's DNS name could.
        match resolve_checked("localhost", 80, false).await {
            Err(Outcome::Failed(msg, None)) => assert!(msg.contains("private address"), "{msg}"),
            Err(_) => panic!("localhost: refused for another reason"),
            Ok(a) => panic!("localhost resolved to {a} and was allowed"),
        }
        assert!(resolve_checked("localhost", 80, true).await.is_ok_and(|a| a.ip().is_loopback()));
    }

    #[test]
    fn the_proxy_setting_takes_http_urls_and_hides_credentials() {
        let p = WebhookProxy::parse("http://user:secret@proxy.internal:3128").unwrap();
        assert!(!format!("{p:?}").contains("secret"));
        assert!(WebhookProxy::parse("https://proxy.internal").is_ok());
        assert!(WebhookProxy::parse("socks5://proxy.internal:1080").is_err());
        assert!(WebhookProxy::parse("proxy.internal:3128").is_err());
    }
}
