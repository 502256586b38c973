//! The webhook SSRF guard: which URLs and addresses a webhook may target.

use std::net::IpAddr;

use crate::error::{Error, Result};

pub(super) fn check_webhook_url(raw: &str, allow_private: bool) -> Result<url::Url> {
    let bad = |m: &str| Error::invalid("invalid_webhook_url", m.to_owned());
    if raw.len() > 2048 {
        return Err(bad("url must be at most 2048 characters"));
    }
    let u = url::Url::parse(raw).map_err(|_| bad("url must be an absolute http(s) URL"))?;
    if !matches!(u.scheme(), "http" | "https") || u.host_str().is_none_or(str::is_empty) {
        return Err(bad("url must be an absolute http(s) URL"));
    }
    if !u.username().is_empty() || u.password().is_some() {
        return Err(bad("url must not carry credentials; verify the signature instead"));
    }
    if !allow_private {
        let private = match u.host() {
            Some(url::Host::Ipv4(ip)) => is_private(IpAddr::V4(ip)),
            Some(url::Host::Ipv6(ip)) => is_private(IpAddr::V6(ip)),
            Some(url::Host::Domain(d)) => d.eq_ignore_ascii_case("localhost") || d.ends_with(".localhost"),
            None => true,
        };
        if private {
            return Err(bad("url must point to a public address"));
        }
    }
    Ok(u)
}

pub(super) fn is_private(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => {
            v4.is_loopback()
                || v4.is_private()
                || v4.is_link_local()
                || v4.is_unspecified()
                || v4.is_broadcast()
                || v4.octets()[0] == 100 && (64..128).contains(&v4.octets()[1])
        }
        IpAddr::V6(v6) => {
            v6.is_loopback()
                || v6.is_unspecified()
                || (v6.segments()[0] & 0xfe00) == 0xfc00
                || (v6.segments()[0] & 0xffc0) == 0xfe80
                || v6.to_ipv4_mapped().is_some_and(|v4| is_private(IpAddr::V4(v4)))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn webhook_urls() {
        assert!(check_webhook_url("https://example.org/hook", false).is_ok());
        assert!(check_webhook_url("ftp://example.org/hook", false).is_err());
        assert!(check_webhook_url("http://127.0.0.1:9/hook", false).is_err());
        assert!(check_webhook_url("http://10.1.2.3/hook", false).is_err());
        assert!(check_webhook_url("http://[::1]/hook", false).is_err());
        assert!(check_webhook_url("http://localhost/hook", false).is_err());
        assert!(check_webhook_url("http://127.0.0.1:9/hook", true).is_ok());
        assert!(check_webhook_url("https://u:p@example.org/hook", true).is_err());
    }
}
