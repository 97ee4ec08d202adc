//! Which proxy a request goes through: the wire decides, from the environment as curl and
//! reqwest read it (`http_proxy`, `https_proxy`, `all_proxy`, `no_proxy`, either case), and
//! hands the same decision to reqwest, so the guard sees the proxy a request really takes.
//!
//! A plain-http request through a proxy shows the proxy everything it carries; an https
//! request goes through a CONNECT tunnel that shows only host and port.

use reqwest::Url;

/// Set to `1` to let plain-http requests carry secrets through a proxy they are not allowed for.
pub const ALLOW_CLEARTEXT_PROXY: &str = "LOCKET_ALLOW_CLEARTEXT_PROXY";
/// The flag of the commands that send (`send`, `run`) that means the same as the variable.
pub const ALLOW_CLEARTEXT_PROXY_FLAG: &str = "--allow-cleartext-proxy";

#[derive(Clone, Debug, Default)]
pub(crate) struct Proxies {
    http: Option<Url>,
    https: Option<Url>,
    all: Option<Url>,
    /// `no_proxy` entries, lower case, leading dots removed; `*` bypasses every proxy.
    bypass: Vec<String>,
}

fn variable(name: &str) -> Option<String> {
    [name.to_ascii_lowercase(), name.to_ascii_uppercase()]
        .iter()
        .find_map(|n| std::env::var(n).ok())
        .map(|v| v.trim().to_string())
        .filter(|v| !v.is_empty())
}

/// A proxy address; one without a scheme is http, as curl takes it.
fn proxy_url(text: &str) -> Option<Url> {
    let with_scheme = if text.contains("://") {
        text.to_string()
    } else {
        format!("http://{text}")
    };
    Url::parse(&with_scheme).ok()
}

impl Proxies {
    pub(crate) fn from_env() -> Self {
        Proxies {
            http: variable("http_proxy").and_then(|v| proxy_url(&v)),
            https: variable("https_proxy").and_then(|v| proxy_url(&v)),
            all: variable("all_proxy").and_then(|v| proxy_url(&v)),
            bypass: variable("no_proxy")
                .map(|v| {
                    v.split(',')
                        .map(|e| e.trim().trim_start_matches('.').to_ascii_lowercase())
                        .filter(|e| !e.is_empty())
                        .collect()
                })
                .unwrap_or_default(),
        }
    }

    /// The proxy a request to `url` goes through, if any.
    pub(crate) fn for_url(&self, url: &Url) -> Option<&Url> {
        let host = url
            .host_str()?
            .trim_matches(['[', ']'])
            .to_ascii_lowercase();
        let bypassed = self.bypass.iter().any(|entry| {
            entry == "*"
                || host == *entry
                || host
                    .strip_suffix(entry.as_str())
                    .is_some_and(|rest| rest.ends_with('.'))
                || in_range(&host, entry)
        });
        if bypassed {
            return None;
        }
        match url.scheme() {
            "https" => self.https.as_ref().or(self.all.as_ref()),
            _ => self.http.as_ref().or(self.all.as_ref()),
        }
    }
}

/// Whether `host` is an IP address inside `entry`, a `no_proxy` range such as `10.0.0.0/8`.
fn in_range(host: &str, entry: &str) -> bool {
    use std::net::IpAddr;
    let Some((base, bits)) = entry.split_once('/') else {
        return false;
    };
    let (Ok(host), Ok(base), Ok(bits)) = (
        host.parse::<IpAddr>(),
        base.parse::<IpAddr>(),
        bits.parse::<u32>(),
    ) else {
        return false;
    };
    let masked = |a: u128, width: u32| {
        let keep = bits.min(width);
        if keep == 0 { 0 } else { a >> (width - keep) }
    };
    match (host, base) {
        (IpAddr::V4(h), IpAddr::V4(b)) => {
            masked(u32::from(h).into(), 32) == masked(u32::from(b).into(), 32)
        }
        (IpAddr::V6(h), IpAddr::V6(b)) => masked(h.into(), 128) == masked(b.into(), 128),
        _ => false,
    }
}

/// Whether the user allowed plain-http requests to carry secrets through any proxy: with the
/// command's flag (`flag`) or the variable. The one place this rule lives.
pub(crate) fn cleartext_allowed(flag: bool) -> bool {
    flag || std::env::var(ALLOW_CLEARTEXT_PROXY).is_ok_and(|v| v == "1")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn proxies(http: &str, no_proxy: &[&str]) -> Proxies {
        Proxies {
            http: proxy_url(http),
            https: None,
            all: proxy_url("socks5://all:1080"),
            bypass: no_proxy.iter().map(|s| s.to_string()).collect(),
        }
    }

    #[test]
    fn no_proxy_matches_hosts_and_their_subdomains() {
        let p = proxies("proxy:3128", &["example.com", "127.0.0.1"]);
        let url = |u: &str| Url::parse(u).unwrap();
        assert_eq!(
            p.for_url(&url("http://a.net/")).unwrap().as_str(),
            "http://proxy:3128/"
        );
        assert!(p.for_url(&url("http://example.com/")).is_none());
        assert!(p.for_url(&url("http://api.example.com/")).is_none());
        assert!(p.for_url(&url("http://badexample.com/")).is_some());
        assert!(p.for_url(&url("http://127.0.0.1:8080/")).is_none());
        assert_eq!(
            p.for_url(&url("https://a.net/")).unwrap().scheme(),
            "socks5"
        );
        assert!(
            proxies("p:1", &["*"])
                .for_url(&url("http://a.net/"))
                .is_none()
        );
    }
}
