//! URLs and the destination the allowed-domain rules are checked against.

use locket_core::resolve::Destination;
use reqwest::Url;

/// Parses an absolute `http://` or `https://` URL with a host. The error says why, without
/// repeating the URL (which may hold a secret: the caller shows it masked).
///
/// Unlike curl, a URL without a scheme is refused rather than taken as `http://`: guessing
/// plain http would send the request (and its secrets) unencrypted.
pub fn parse_url(text: &str) -> Result<Url, String> {
    let url = Url::parse(text.trim()).map_err(|e| match e {
        url::ParseError::RelativeUrlWithoutBase => {
            "it has no scheme; write https://… (or http://…)".to_string()
        }
        other => other.to_string(),
    })?;
    check_scheme(&url)?;
    Ok(url)
}

/// Only http and https, with a host.
pub(crate) fn check_scheme(url: &Url) -> Result<(), String> {
    match url.scheme() {
        "http" | "https" => {}
        other => {
            return Err(format!(
                "the scheme {other}:// is not supported; use http:// or https://"
            ));
        }
    }
    if url.host_str().is_none_or(str::is_empty) {
        return Err("it has no host".to_string());
    }
    Ok(())
}

/// Where a request to `url` goes: scheme, host (lower case; IPv6 in brackets, as allowed
/// domains write it) and port (80 for http and 443 for https when none is given).
///
/// `url` must be one [`parse_url`] accepted (or a redirect target checked the same way).
pub fn destination(url: &Url) -> Destination {
    Destination {
        scheme: url.scheme().to_ascii_lowercase(),
        host: url.host_str().unwrap_or_default().to_ascii_lowercase(),
        port: url.port_or_known_default().unwrap_or(0),
    }
}

/// Whether two URLs have the same origin (scheme, host, port): redirects across origins drop
/// credentials.
pub(crate) fn same_origin(a: &Url, b: &Url) -> bool {
    a.scheme() == b.scheme()
        && a.host_str() == b.host_str()
        && a.port_or_known_default() == b.port_or_known_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use locket_core::AllowedDomain;

    fn dest(url: &str) -> Destination {
        destination(&parse_url(url).unwrap())
    }

    #[test]
    fn default_ports_and_case() {
        let d = dest("HTTPS://API.Example.com/x?y=1");
        assert_eq!(
            (d.scheme.as_str(), d.host.as_str(), d.port),
            ("https", "api.example.com", 443)
        );
        assert_eq!(dest("http://example.com").port, 80);
        assert_eq!(dest("http://example.com:8080/").port, 8080);
        assert_eq!(dest("https://[::1]:9000/").host, "[::1]");
    }

    #[test]
    fn destinations_match_allowed_domains_as_written() {
        let ok = |domain: &str, url: &str| {
            let d = dest(url);
            AllowedDomain::parse(domain)
                .unwrap()
                .matches(&d.scheme, &d.host, d.port)
        };
        assert!(ok("api.example.com", "https://api.example.com/v1"));
        assert!(ok("api.example.com", "https://api.example.com:8443/v1"));
        assert!(!ok("api.example.com", "http://api.example.com/v1"));
        assert!(ok("http://localhost:8080", "http://localhost:8080/"));
        assert!(!ok("http://localhost:8080", "http://localhost/"));
        assert!(ok("*.example.com", "https://a.b.example.com/"));
        assert!(ok("[::1]:9000", "https://[::1]:9000/"));
        assert!(!ok("api.example.com", "https://api.example.com.evil.net/"));
        assert!(!ok("api.example.com", "https://api.example.com@evil.net/"));
    }

    #[test]
    fn refuses_what_it_cannot_send() {
        for bad in [
            "example.com/x",
            "ftp://example.com/",
            "file:///etc/passwd",
            "http://",
            "https://exa mple.com/",
            "http://x:99999/",
        ] {
            assert!(parse_url(bad).is_err(), "{bad}");
        }
        assert!(parse_url("example.com").unwrap_err().contains("no scheme"));
    }

    #[test]
    fn origins() {
        let u = |s: &str| parse_url(s).unwrap();
        assert!(same_origin(&u("http://a.com/x"), &u("http://A.com:80/y?z")));
        assert!(!same_origin(&u("http://a.com/"), &u("https://a.com/")));
        assert!(!same_origin(&u("http://a.com/"), &u("http://a.com:81/")));
        assert!(!same_origin(&u("http://a.com/"), &u("http://b.com/")));
    }
}
