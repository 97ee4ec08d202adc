//! Allowed domains: where a secret may be sent.
//!
//! An entry is a host (`api.example.com`), a wildcard (`*.example.com`, any subdomain at any
//! depth but not the apex), or either with a scheme and/or port (`http://localhost:8080`).
//! As in Postman's runtime, an entry without a scheme means https, and without a port means any
//! port. Hosts compare case-insensitively.

use crate::error::{Error, Result};

const RULE: &str = "use a host (api.example.com), a wildcard (*.example.com), optionally with a scheme \
                    (http:// or https://) and a port (:8080); no path, user or query";

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AllowedDomain {
    scheme: Option<String>,
    host: HostPattern,
    port: Option<u16>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum HostPattern {
    Exact(String),
    /// `*.suffix`: stored without the `*.`.
    Subdomains(String),
}

impl AllowedDomain {
    /// Every entry of a list, as `locket set --allow`, `locket allow` and the web UI take it:
    /// the first invalid entry is the error.
    pub fn parse_all<S: AsRef<str>>(entries: impl IntoIterator<Item = S>) -> Result<Vec<Self>> {
        entries
            .into_iter()
            .map(|e| Self::parse(e.as_ref()))
            .collect()
    }

    pub fn parse(entry: &str) -> Result<Self> {
        let invalid = || Error::invalid("allowed domain", entry, RULE);
        let lower = entry.trim().to_ascii_lowercase();
        let (scheme, rest) = match lower.split_once("://") {
            Some((s @ ("http" | "https"), rest)) => (Some(s.to_string()), rest),
            Some(_) => return Err(invalid()),
            None => (None, lower.as_str()),
        };
        let rest = rest.strip_suffix('/').unwrap_or(rest);
        if rest.is_empty() || rest.contains(['/', '?', '#', '@']) {
            return Err(invalid());
        }
        let (host, port) = split_port(rest).ok_or_else(invalid)?;
        let host = match host.strip_prefix("*.") {
            Some(suffix) if valid_host(suffix) => HostPattern::Subdomains(suffix.to_string()),
            None if valid_host(host) => HostPattern::Exact(host.to_string()),
            _ => return Err(invalid()),
        };
        Ok(AllowedDomain { scheme, host, port })
    }

    /// Whether a request to `scheme://host:port` is allowed by this entry.
    pub fn matches(&self, scheme: &str, host: &str, port: u16) -> bool {
        let scheme_ok = match &self.scheme {
            Some(s) => s.eq_ignore_ascii_case(scheme),
            None => scheme.eq_ignore_ascii_case("https"),
        };
        let host = host.trim_end_matches('.');
        let host_ok = match &self.host {
            HostPattern::Exact(h) => h.eq_ignore_ascii_case(host),
            HostPattern::Subdomains(suffix) => {
                host.len() > suffix.len() + 1
                    && host[host.len() - suffix.len()..].eq_ignore_ascii_case(suffix)
                    && host.as_bytes()[host.len() - suffix.len() - 1] == b'.'
            }
        };
        scheme_ok && host_ok && self.port.is_none_or(|p| p == port)
    }
}

impl std::fmt::Display for AllowedDomain {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if let Some(s) = &self.scheme {
            write!(f, "{s}://")?;
        }
        match &self.host {
            HostPattern::Exact(h) => f.write_str(h)?,
            HostPattern::Subdomains(s) => write!(f, "*.{s}")?,
        }
        if let Some(p) = self.port {
            write!(f, ":{p}")?;
        }
        Ok(())
    }
}

fn split_port(s: &str) -> Option<(&str, Option<u16>)> {
    if let Some(rest) = s.strip_prefix('[') {
        // IPv6 literal: [::1] or [::1]:8080
        let (inside, after) = rest.split_once(']')?;
        let port = match after.strip_prefix(':') {
            Some(p) => Some(parse_port(p)?),
            None if after.is_empty() => None,
            None => return None,
        };
        return (!inside.is_empty()).then_some((&s[..inside.len() + 2], port));
    }
    match s.rsplit_once(':') {
        Some((host, port)) => Some((host, Some(parse_port(port)?))),
        None => Some((s, None)),
    }
}

fn parse_port(p: &str) -> Option<u16> {
    p.parse::<u16>().ok().filter(|p| *p != 0)
}

fn valid_host(host: &str) -> bool {
    if host.starts_with('[') {
        return host.ends_with(']')
            && host[1..host.len() - 1]
                .parse::<std::net::Ipv6Addr>()
                .is_ok();
    }
    !host.is_empty()
        && host.len() <= 253
        && host.split('.').all(|label| {
            !label.is_empty()
                && label.len() <= 63
                && label
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> AllowedDomain {
        AllowedDomain::parse(s).unwrap()
    }

    #[test]
    fn bare_host_is_https_any_port() {
        assert!(d("api.example.com").matches("https", "API.example.com", 443));
        assert!(d("api.example.com").matches("https", "api.example.com", 8443));
        assert!(!d("api.example.com").matches("http", "api.example.com", 80));
        assert!(!d("api.example.com").matches("https", "evil-api.example.com", 443));
    }

    #[test]
    fn wildcard_is_subdomains_only() {
        let w = d("*.example.com");
        assert!(w.matches("https", "a.example.com", 443));
        assert!(w.matches("https", "a.b.example.com", 443));
        assert!(!w.matches("https", "example.com", 443));
        assert!(!w.matches("https", "badexample.com", 443));
    }

    #[test]
    fn scheme_and_port_are_honoured() {
        let l = d("http://localhost:8080");
        assert!(l.matches("http", "localhost", 8080));
        assert!(!l.matches("http", "localhost", 8081));
        assert!(!l.matches("https", "localhost", 8080));
        assert!(d("[::1]:9000").matches("https", "[::1]", 9000));
    }

    #[test]
    fn displays_canonically() {
        for s in [
            "api.example.com",
            "*.example.com",
            "http://localhost:8080",
            "https://x.io",
            "[::1]:9",
        ] {
            assert_eq!(d(s).to_string(), s);
        }
        assert_eq!(
            d("HTTPS://API.Example.com/").to_string(),
            "https://api.example.com"
        );
    }

    #[test]
    fn refuses_what_it_cannot_mean() {
        for bad in [
            "",
            "ftp://x.com",
            "x.com/path",
            "a..b",
            "*.",
            "x.com:0",
            "x.com:99999",
            "user@x.com",
            "*x.com",
            "a.*.com",
            "x.com?q",
        ] {
            assert!(AllowedDomain::parse(bad).is_err(), "{bad}");
        }
    }
}
