//! The webhook SSRF guard: which URLs and addresses a webhook may target.
//!
//! A webhook may reach only globally reachable unicast addresses. Refused: every range of the
//! IANA IPv4 and IPv6 Special-Purpose Address Registries that is not globally reachable, multicast,
//! and IPv6 outside the global unicast space `2000::/3`. Addresses that carry an IPv4 address
//! (IPv4-mapped `::ffff:0:0/96`, NAT64 `64:ff9b::/96`, 6to4 `2002::/16`) are judged by the IPv4
//! address they carry. The check runs on the URL when a webhook is created and on every address
//! its host resolves to before each delivery (`send_webhook`), unless `webhook_allow_private`.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use crate::error::{Error, Result};

pub(crate) fn check_webhook_url(raw: &str, allow_private: bool) -> Result<url::Url> {
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
            Some(url::Host::Domain(d)) => {
                let d = d.trim_end_matches('.').to_ascii_lowercase();
                d == "localhost" || d.ends_with(".localhost")
            }
            None => true,
        };
        if private {
            return Err(bad("url must point to a public address"));
        }
    }
    Ok(u)
}

/// IPv4 ranges a webhook may not reach (IANA IPv4 Special-Purpose Address Registry, entries not
/// globally reachable, plus multicast). `192.0.0.0/24` is refused whole, including its two anycast
/// addresses, and so is the deprecated 6to4 relay anycast `192.88.99.0/24`: no receiver lives there.
const V4_REFUSED: &[(Ipv4Addr, u8)] = &[
    (Ipv4Addr::new(0, 0, 0, 0), 8),       // "this network" (RFC 791)
    (Ipv4Addr::new(10, 0, 0, 0), 8),      // private use (RFC 1918)
    (Ipv4Addr::new(100, 64, 0, 0), 10),   // shared address space, carrier-grade NAT (RFC 6598)
    (Ipv4Addr::new(127, 0, 0, 0), 8),     // loopback (RFC 1122)
    (Ipv4Addr::new(169, 254, 0, 0), 16),  // link local (RFC 3927), cloud metadata services
    (Ipv4Addr::new(172, 16, 0, 0), 12),   // private use (RFC 1918)
    (Ipv4Addr::new(192, 0, 0, 0), 24),    // IETF protocol assignments (RFC 6890), DS-Lite, NAT64 discovery
    (Ipv4Addr::new(192, 0, 2, 0), 24),    // documentation TEST-NET-1 (RFC 5737)
    (Ipv4Addr::new(192, 88, 99, 0), 24),  // deprecated 6to4 relay anycast (RFC 7526)
    (Ipv4Addr::new(192, 168, 0, 0), 16),  // private use (RFC 1918)
    (Ipv4Addr::new(198, 18, 0, 0), 15),   // benchmarking (RFC 2544)
    (Ipv4Addr::new(198, 51, 100, 0), 24), // documentation TEST-NET-2 (RFC 5737)
    (Ipv4Addr::new(203, 0, 113, 0), 24),  // documentation TEST-NET-3 (RFC 5737)
    (Ipv4Addr::new(224, 0, 0, 0), 4),     // multicast (RFC 5771)
    (Ipv4Addr::new(240, 0, 0, 0), 4),     // reserved (RFC 1112), with the broadcast 255.255.255.255
];

/// IPv6 ranges a webhook may not reach (IANA IPv6 Special-Purpose Address Registry, entries not
/// globally reachable). Those outside `2000::/3` are refused anyway; they are listed to be named.
/// `2001::/23` is refused whole (Teredo, benchmarking, ORCHID...), with its few anycast and AS112
/// prefixes: no receiver lives there.
const V6_REFUSED: &[(Ipv6Addr, u8)] = &[
    (Ipv6Addr::UNSPECIFIED, 128),                         // unspecified (RFC 4291)
    (Ipv6Addr::LOCALHOST, 128),                           // loopback (RFC 4291)
    (Ipv6Addr::new(0, 0, 0, 0, 0, 0, 0, 0), 96),          // deprecated IPv4-compatible (RFC 4291)
    (Ipv6Addr::new(0, 0, 0, 0, 0xffff, 0, 0, 0), 96),     // IPv4-translated (RFC 2765)
    (Ipv6Addr::new(0x64, 0xff9b, 1, 0, 0, 0, 0, 0), 48),  // local-use IPv4/IPv6 translation (RFC 8215)
    (Ipv6Addr::new(0x100, 0, 0, 0, 0, 0, 0, 0), 64),      // discard-only (RFC 6666)
    (Ipv6Addr::new(0x100, 0, 0, 1, 0, 0, 0, 0), 64),      // dummy prefix (RFC 9780)
    (Ipv6Addr::new(0x2001, 0, 0, 0, 0, 0, 0, 0), 23),     // IETF protocol assignments (RFC 2928), Teredo (RFC 4380)
    (Ipv6Addr::new(0x2001, 0xdb8, 0, 0, 0, 0, 0, 0), 32), // documentation (RFC 3849)
    (Ipv6Addr::new(0x3fff, 0, 0, 0, 0, 0, 0, 0), 20),     // documentation (RFC 9637)
    (Ipv6Addr::new(0x5f00, 0, 0, 0, 0, 0, 0, 0), 16),     // segment routing SIDs (RFC 9602)
    (Ipv6Addr::new(0xfc00, 0, 0, 0, 0, 0, 0, 0), 7),      // unique local (RFC 4193)
    (Ipv6Addr::new(0xfe80, 0, 0, 0, 0, 0, 0, 0), 10),     // link local (RFC 4291)
    (Ipv6Addr::new(0xfec0, 0, 0, 0, 0, 0, 0, 0), 10),     // deprecated site local (RFC 3879)
    (Ipv6Addr::new(0xff00, 0, 0, 0, 0, 0, 0, 0), 8),      // multicast (RFC 4291)
];

/// Whether a webhook may not reach `ip`: see the module documentation.
pub(crate) fn is_private(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => v4_refused(v4),
        IpAddr::V6(v6) => match embedded_v4(v6) {
            Some(v4) => v4_refused(v4),
            None => {
                !in_v6(v6, Ipv6Addr::new(0x2000, 0, 0, 0, 0, 0, 0, 0), 3)
                    || V6_REFUSED.iter().any(|&(net, len)| in_v6(v6, net, len))
            }
        },
    }
}

fn v4_refused(ip: Ipv4Addr) -> bool {
    V4_REFUSED.iter().any(|&(net, len)| in_v4(ip, net, len))
}

/// The IPv4 address an IPv6 address stands for, where connecting to it reaches that IPv4 host:
/// IPv4-mapped (`::ffff:a.b.c.d`), NAT64 well-known prefix (`64:ff9b::a.b.c.d`, RFC 6052) and
/// 6to4 (`2002:AABB:CCDD::/48`, RFC 3056).
fn embedded_v4(ip: Ipv6Addr) -> Option<Ipv4Addr> {
    let bits = u128::from(ip);
    if let Some(v4) = ip.to_ipv4_mapped() {
        return Some(v4);
    }
    if in_v6(ip, Ipv6Addr::new(0x64, 0xff9b, 0, 0, 0, 0, 0, 0), 96) {
        return Some(Ipv4Addr::from(bits as u32));
    }
    if in_v6(ip, Ipv6Addr::new(0x2002, 0, 0, 0, 0, 0, 0, 0), 16) {
        return Some(Ipv4Addr::from((bits >> 80) as u32));
    }
    None
}

fn in_v4(ip: Ipv4Addr, net: Ipv4Addr, len: u8) -> bool {
    let mask = u32::MAX.checked_shl(32 - u32::from(len)).unwrap_or(0);
    u32::from(ip) & mask == u32::from(net) & mask
}

fn in_v6(ip: Ipv6Addr, net: Ipv6Addr, len: u8) -> bool {
    let mask = u128::MAX.checked_shl(128 - u32::from(len)).unwrap_or(0);
    u128::from(ip) & mask == u128::from(net) & mask
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every range a webhook must not reach, written as IANA and the RFCs name them (not taken
    /// from the tables above): its first and last address are refused.
    const REFUSED: &[&str] = &[
        // IPv4 Special-Purpose Address Registry, not globally reachable
        "0.0.0.0/8",
        "10.0.0.0/8",
        "100.64.0.0/10",
        "127.0.0.0/8",
        "169.254.0.0/16",
        "172.16.0.0/12",
        "192.0.0.0/24",
        "192.0.0.0/29",
        "192.0.0.8/32",
        "192.0.0.170/31",
        "192.0.2.0/24",
        "192.88.99.0/24",
        "192.168.0.0/16",
        "198.18.0.0/15",
        "198.51.100.0/24",
        "203.0.113.0/24",
        "240.0.0.0/4",
        "255.255.255.255/32",
        // IPv4 multicast
        "224.0.0.0/4",
        // IPv6 Special-Purpose Address Registry, not globally reachable
        "::/128",
        "::1/128",
        "::ffff:0:0:0/96",
        "64:ff9b:1::/48",
        "100::/64",
        "100:0:0:1::/64",
        "2001::/23",
        "2001::/32",
        "2001:2::/48",
        "2001:10::/28",
        "2001:db8::/32",
        "3fff::/20",
        "5f00::/16",
        "fc00::/7",
        "fe80::/10",
        // deprecated IPv4-compatible, deprecated site-local, multicast, not global unicast
        "::/96",
        "fec0::/10",
        "ff00::/8",
        "4000::/2",
        "8000::/1",
        "::2/127",
        // IPv4-mapped, NAT64 and 6to4 addresses carrying a refused IPv4 address
        "::ffff:0.0.0.0/104",
        "::ffff:10.0.0.0/104",
        "::ffff:127.0.0.0/104",
        "::ffff:169.254.0.0/112",
        "::ffff:192.168.0.0/112",
        "::ffff:224.0.0.0/100",
        "::ffff:255.255.255.255/128",
        "64:ff9b::/104",
        "64:ff9b::10.0.0.0/104",
        "64:ff9b::100.64.0.0/106",
        "64:ff9b::127.0.0.0/104",
        "64:ff9b::169.254.0.0/112",
        "64:ff9b::172.16.0.0/108",
        "64:ff9b::192.168.0.0/112",
        "64:ff9b::240.0.0.0/100",
        "2002::/24",
        "2002:a00::/24",
        "2002:7f00::/24",
        "2002:a9fe::/32",
        "2002:ac10::/28",
        "2002:c0a8::/32",
        "2002:e000::/19",
    ];

    /// Public addresses, many right beside a refused range: a webhook may reach them.
    const ALLOWED: &[&str] = &[
        "1.0.0.0",
        "1.1.1.1",
        "8.8.8.8",
        "9.255.255.255",
        "11.0.0.0",
        "100.63.255.255",
        "100.128.0.0",
        "126.255.255.255",
        "128.0.0.0",
        "169.253.255.255",
        "169.255.0.0",
        "172.15.255.255",
        "172.32.0.0",
        "192.0.1.255",
        "192.0.3.0",
        "192.88.98.255",
        "192.88.100.0",
        "192.167.255.255",
        "192.169.0.0",
        "198.17.255.255",
        "198.20.0.0",
        "198.51.99.255",
        "198.51.101.0",
        "203.0.112.255",
        "203.0.114.0",
        "223.255.255.255",
        "2606:4700::1111",
        "2001:4860:4860::8888",
        "2001:200::",
        "2001:db7:ffff:ffff:ffff:ffff:ffff:ffff",
        "2001:db9::",
        "2000::",
        "2c0f:fb50:4003::1",
        "2620:4f:8000::1",
        "3ffe:ffff::1",
        "3fff:1000::",
        "::ffff:8.8.8.8",
        "64:ff9b::8.8.8.8",
        "64:ff9b::1.1.1.1",
        "2002:808:808::1",
        "2002:101:101:ffff::",
    ];

    fn first_and_last(cidr: &str) -> (IpAddr, IpAddr) {
        let (ip, len) = cidr.split_once('/').unwrap();
        let len: u32 = len.parse().unwrap();
        match ip.parse::<IpAddr>().unwrap() {
            IpAddr::V4(a) => {
                let host = u32::MAX.checked_shr(len).unwrap_or(0);
                let first = u32::from(a) & !host;
                (IpAddr::V4(first.into()), IpAddr::V4((first | host).into()))
            }
            IpAddr::V6(a) => {
                let host = u128::MAX.checked_shr(len).unwrap_or(0);
                let first = u128::from(a) & !host;
                (IpAddr::V6(first.into()), IpAddr::V6((first | host).into()))
            }
        }
    }

    #[test]
    fn every_special_purpose_range_is_refused_from_first_to_last_address() {
        let mut missed = Vec::new();
        for cidr in REFUSED {
            let (first, last) = first_and_last(cidr);
            for ip in [first, last] {
                if !is_private(ip) {
                    missed.push(format!("{ip} ({cidr})"));
                }
            }
        }
        assert!(missed.is_empty(), "webhooks may reach: {missed:?}");
    }

    #[test]
    fn public_addresses_are_allowed() {
        let refused: Vec<&str> = ALLOWED.iter().copied().filter(|a| is_private(a.parse().unwrap())).collect();
        assert!(refused.is_empty(), "public addresses refused: {refused:?}");
    }

    #[test]
    fn webhook_urls() {
        assert!(check_webhook_url("https://example.org/hook", false).is_ok());
        assert!(check_webhook_url("https://8.8.8.8/hook", false).is_ok());
        assert!(check_webhook_url("https://[2606:4700::1111]/hook", false).is_ok());
        assert!(check_webhook_url("ftp://example.org/hook", false).is_err());
        assert!(check_webhook_url("https://u:p@example.org/hook", true).is_err());
        for refused in [
            "http://127.0.0.1:9/hook",
            "http://10.1.2.3/hook",
            "http://0.0.0.0/hook",
            "http://2130706433/hook",
            "http://0x7f.1/hook",
            "http://100.100.100.200/hook",
            "http://[::1]/hook",
            "http://[::]/hook",
            "http://[::ffff:127.0.0.1]/hook",
            "http://[64:ff9b::a9fe:a9fe]/hook",
            "http://[2002:7f00:1::]/hook",
            "http://[fd00:ec2::254]/hook",
            "http://localhost/hook",
            "http://LocalHost./hook",
            "http://api.localhost/hook",
        ] {
            assert!(check_webhook_url(refused, false).is_err(), "{refused} accepted");
        }
        assert!(check_webhook_url("http://127.0.0.1:9/hook", true).is_ok());
    }
}
