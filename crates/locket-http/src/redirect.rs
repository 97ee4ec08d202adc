//! The redirect rule. locket follows redirects itself, one hop at a time, so that each target
//! is checked before anything is sent to it (see [`Wire::exchange`](crate::Wire::exchange)):
//!
//! - a target is resolved against the current URL and must be `http` or `https`;
//! - every secret the request uses must be allowed for the target's destination, whether or not
//!   the header that carries it would survive the hop; otherwise the redirect is refused;
//! - across origins (scheme, host or port change) credentials are dropped, as reqwest and curl
//!   do: `Authorization`, `Cookie`, `Cookie2`, `Proxy-Authorization`, `WWW-Authenticate`, and a
//!   custom `Host`;
//! - the method and body change as in curl: 303 turns anything but HEAD into a body-less GET,
//!   301 and 302 turn POST into a body-less GET, 307 and 308 keep both; with the policy's
//!   `keep_method` (Postman's `followOriginalHttpMethod`) every redirect keeps both;
//! - with the policy's `referer` (Postman's default), the URL left is sent as `Referer`.

use reqwest::header::{
    CONTENT_ENCODING, CONTENT_LENGTH, CONTENT_TYPE, HeaderValue, REFERER, TRANSFER_ENCODING,
};
use reqwest::{Method, StatusCode, Url};

use crate::destination::{check_scheme, same_origin};
use crate::spec::RequestSpec;

/// Headers dropped when a redirect changes origin.
pub const CROSS_ORIGIN_DROPPED: [&str; 6] = [
    "authorization",
    "cookie",
    "cookie2",
    "proxy-authorization",
    "www-authenticate",
    "host",
];

/// Whether `status` is a redirect locket follows with `-L`.
pub fn is_redirect(status: StatusCode) -> bool {
    matches!(status.as_u16(), 301 | 302 | 303 | 307 | 308)
}

/// The URL a `Location` header points to, relative to `current`. The error says why it cannot
/// be followed.
pub fn target(current: &Url, location: &HeaderValue) -> Result<Url, String> {
    let text = location
        .to_str()
        .map_err(|_| "the Location header is not valid text".to_string())?;
    let mut next = current
        .join(text.trim())
        .map_err(|e| format!("the Location header is not a valid URL ({e})"))?;
    check_scheme(&next)?;
    // A fragment the target does not set is kept, as browsers and curl do.
    if next.fragment().is_none() && current.fragment().is_some() {
        next.set_fragment(current.fragment());
    }
    Ok(next)
}

/// Turns `request` into the one to send to `next` after `status` answered it.
pub fn follow(request: &mut RequestSpec, status: StatusCode, next: Url) {
    let to_get = !request.policy.keep_method
        && match status.as_u16() {
            303 => request.method != Method::HEAD,
            301 | 302 => request.method == Method::POST,
            _ => false,
        };
    if to_get {
        request.method = Method::GET;
        request.body = None;
        for h in [
            CONTENT_TYPE,
            CONTENT_LENGTH,
            CONTENT_ENCODING,
            TRANSFER_ENCODING,
        ] {
            request.headers.remove(h);
        }
    }
    if !same_origin(&request.url, &next) {
        for name in CROSS_ORIGIN_DROPPED {
            request.headers.remove(name);
        }
    }
    if request.policy.referer {
        // The URL just left, as postman-request sends it: no credentials (already moved to a
        // header), no fragment. The guard admitted the hop for everything the request carries,
        // this URL's secrets included.
        let mut from = request.url.clone();
        from.set_fragment(None);
        if let Ok(value) = HeaderValue::from_str(from.as_str()) {
            request.headers.insert(REFERER, value);
        }
    }
    request.url = next;
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::AUTHORIZATION;

    fn request(method: Method, url: &str) -> RequestSpec {
        let mut r = RequestSpec::new(method, Url::parse(url).unwrap());
        r.headers
            .insert(AUTHORIZATION, HeaderValue::from_static("Bearer t"));
        r.headers.insert("x-api-key", HeaderValue::from_static("k"));
        r.headers
            .insert(CONTENT_TYPE, HeaderValue::from_static("text/plain"));
        r.body = Some(b"body".to_vec());
        r
    }

    fn followed(mut r: RequestSpec, status: u16, to: &str) -> RequestSpec {
        follow(
            &mut r,
            StatusCode::from_u16(status).unwrap(),
            Url::parse(to).unwrap(),
        );
        r
    }

    fn at(url: &str, location: &str) -> Url {
        target(
            &Url::parse(url).unwrap(),
            &HeaderValue::from_str(location).unwrap(),
        )
        .unwrap()
    }

    #[test]
    fn targets_resolve_relative_to_the_current_url() {
        assert_eq!(at("http://a.com/x/y?q", "z").as_str(), "http://a.com/x/z");
        assert_eq!(
            at("http://a.com/x/y", "//b.com/p").as_str(),
            "http://b.com/p"
        );
        assert_eq!(at("http://a.com/x#f", "/p").as_str(), "http://a.com/p#f");
        let bad = |loc: &str| {
            target(
                &Url::parse("http://a.com/").unwrap(),
                &HeaderValue::from_str(loc).unwrap(),
            )
            .is_err()
        };
        assert!(bad("ftp://a.com/"));
        assert!(bad("file:///etc/passwd"));
        assert!(bad("http://"));
    }

    #[test]
    fn same_origin_keeps_credentials() {
        let next = followed(request(Method::GET, "http://a.com/"), 302, "http://a.com/b");
        assert!(next.headers.contains_key(AUTHORIZATION));
    }

    #[test]
    fn cross_origin_drops_credentials_but_not_other_headers() {
        for to in ["http://b.com/", "https://a.com/", "http://a.com:81/"] {
            let next = followed(request(Method::GET, "http://a.com/"), 307, to);
            assert!(!next.headers.contains_key(AUTHORIZATION), "{to}");
            assert!(next.headers.contains_key("x-api-key"), "{to}");
        }
    }

    #[test]
    fn methods_change_as_in_curl() {
        let after = |method: Method, status: u16| {
            let r = followed(request(method, "http://a.com/"), status, "http://a.com/b");
            (r.method.to_string(), r.body.is_some())
        };
        assert_eq!(after(Method::POST, 302), ("GET".into(), false));
        assert_eq!(after(Method::POST, 301), ("GET".into(), false));
        assert_eq!(after(Method::PUT, 302), ("PUT".into(), true));
        assert_eq!(after(Method::PUT, 303), ("GET".into(), false));
        assert_eq!(after(Method::HEAD, 303), ("HEAD".into(), true));
        assert_eq!(after(Method::POST, 307), ("POST".into(), true));
        assert_eq!(after(Method::POST, 308), ("POST".into(), true));
        let r = followed(
            request(Method::POST, "http://a.com/"),
            303,
            "http://a.com/b",
        );
        assert!(!r.headers.contains_key(CONTENT_TYPE));
        let mut kept = request(Method::POST, "http://a.com/");
        kept.policy.keep_method = true;
        let r = followed(kept, 303, "http://a.com/b");
        assert_eq!((r.method, r.body.is_some()), (Method::POST, true));
    }
}
