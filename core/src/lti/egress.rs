//! The tool's calls to a platform (its JWKS, token endpoint, Names and Roles pages, line item
//! scores) pass the same SSRF guard as webhooks (`crate::notify`'s `ssrf`): an http(s) URL
//! without credentials whose host resolves only to globally reachable addresses. The request then
//! connects to the address that was checked (no second resolution), follows no redirects and
//! ignores proxies named by the environment. The webhook guard's switch
//! (`webhook_allow_private`, for development and tests) is the only way to reach loopback or
//! private addresses, and it also lets a registration name plain-http endpoints.

use std::net::SocketAddr;
use std::time::Duration;

use crate::error::{Error, Result};
use crate::notify::{check_webhook_url, is_private};

const TIMEOUT: Duration = Duration::from_secs(10);

/// How platform calls may leave the process.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Egress {
    /// Loopback and private addresses, and plain http, allowed (`webhook_allow_private`).
    pub allow_private: bool,
}

/// A platform URL the guard refuses: retrying cannot help.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct Refused(pub String);

impl Egress {
    pub fn new(allow_private: bool) -> Egress {
        Egress { allow_private }
    }

    /// A platform endpoint given at registration: https (http only when private addresses are
    /// allowed) and a public address.
    pub fn check_endpoint(&self, field: &str, raw: &str) -> Result<String> {
        let bad = || Error::invalid("validation_failed", format!("{field} must be an https URL of a public address"));
        let u = check_webhook_url(raw, self.allow_private).map_err(|_| bad())?;
        if u.scheme() != "https" && !self.allow_private {
            return Err(bad());
        }
        Ok(raw.to_owned())
    }

    /// A client bound to the checked address of `raw`'s host, and the parsed URL.
    pub async fn client(&self, raw: &str) -> anyhow::Result<(reqwest::Client, url::Url)> {
        let url = check_webhook_url(raw, self.allow_private).map_err(|e| Refused(format!("{raw}: {e}")))?;
        if url.scheme() != "https" && !self.allow_private {
            return Err(Refused(format!("{raw}: not https")).into());
        }
        let host = url.host_str().unwrap_or_default().trim_matches(['[', ']']).to_owned();
        let port = url.port_or_known_default().unwrap_or(443);
        let addrs: Vec<SocketAddr> = tokio::net::lookup_host((host.as_str(), port)).await?.collect();
        if !self.allow_private && addrs.iter().any(|a| is_private(a.ip())) {
            return Err(Refused(format!("{host} resolves to a private address")).into());
        }
        let addr = addrs.first().copied().ok_or_else(|| anyhow::anyhow!("{host} has no address"))?;
        let mut b = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .timeout(TIMEOUT)
            .user_agent("Crosstalk-LTI/1")
            .no_proxy();
        if matches!(url.host(), Some(url::Host::Domain(_))) {
            b = b.resolve(&host, addr);
        }
        Ok((b.build()?, url))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn private_platforms_are_refused_unless_allowed() {
        let strict = Egress::new(false);
        for url in
            ["http://127.0.0.1:9/jwks", "https://10.0.0.1/jwks", "https://localhost/jwks", "http://example.org/jwks"]
        {
            assert!(strict.check_endpoint("jwks_url", url).is_err(), "{url} accepted");
            let Err(refused) = strict.client(url).await else { panic!("{url}: a client was built") };
            assert!(refused.downcast_ref::<Refused>().is_some(), "{url}: {refused:#}");
        }
        assert!(strict.check_endpoint("jwks_url", "https://platform.example.org/jwks").is_ok());
        let open = Egress::new(true);
        assert!(open.check_endpoint("jwks_url", "http://127.0.0.1:9/jwks").is_ok());
        assert!(open.client("http://127.0.0.1:9/jwks").await.is_ok());
        assert!(open.check_endpoint("jwks_url", "https://u:p@example.org/jwks").is_err());
    }
}
