//! A run's cookie jar: what servers set with `Set-Cookie`, sent back where RFC 6265 says, as
//! newman's jar (tough-cookie) does across the requests of a run.
//!
//! The rules (domain and path matching, host-only cookies, expiry, `Secure`) are
//! `cookie_store`'s; this module adds the jar's two faces to the outside world: the
//! tough-cookie serialisation newman reads with `--cookie-jar` and writes with
//! `--export-cookie-jar`, and the cookie list scripts see as `pm.cookies`. Like newman's jar,
//! it does not reject public suffixes.

use std::cell::RefCell;

use cookie_store::{Cookie, CookieDomain, CookieExpiration, CookieStore, RawCookie};
use reqwest::Url;
use reqwest::header::{HeaderMap, SET_COOKIE};
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

/// The cookies of one run. Interior mutability: the wire sends and stores through `&self`
/// from every lane of a run (one thread).
#[derive(Default)]
pub struct CookieJar {
    store: RefCell<CookieStore>,
}

/// A cookie as a script sees it (`pm.cookies`) and as the jar file lists it.
#[derive(Debug, Clone, PartialEq)]
pub struct JarCookie {
    pub name: String,
    pub value: String,
    pub domain: String,
    pub path: String,
    /// When it expires (RFC 3339), if the server said.
    pub expires: Option<String>,
    pub max_age: Option<i64>,
    pub secure: bool,
    pub http_only: bool,
    /// Sent to its domain only, not to subdomains (no `Domain` attribute).
    pub host_only: bool,
}

/// Why a jar file could not be read.
#[derive(Debug, thiserror::Error)]
pub enum JarError {
    #[error("it is not tough-cookie JSON as newman writes it ({0})")]
    Format(String),
    #[error("cookie #{index} ({name:?} for {domain:?}): {reason}")]
    Cookie {
        index: usize,
        name: String,
        domain: String,
        reason: String,
    },
}

/// tough-cookie's serialisation (`CookieJar.toJSON()`), the format of newman's jar files.
#[derive(Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
struct ToughJar {
    #[serde(default)]
    version: Option<String>,
    #[serde(default)]
    store_type: Option<String>,
    #[serde(default)]
    reject_public_suffixes: bool,
    #[serde(default)]
    enable_loose_mode: bool,
    #[serde(default)]
    allow_special_use_domain: bool,
    #[serde(default)]
    prefix_security: Option<String>,
    cookies: Vec<ToughCookie>,
}

#[derive(Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
struct ToughCookie {
    key: String,
    #[serde(default)]
    value: String,
    /// An ISO date, or `"Infinity"` for a session cookie.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    expires: Option<String>,
    /// Seconds, or `"Infinity"` / `"-Infinity"`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    max_age: Option<serde_json::Value>,
    #[serde(default)]
    domain: Option<String>,
    #[serde(default)]
    path: Option<String>,
    #[serde(default, skip_serializing_if = "is_false")]
    secure: bool,
    #[serde(default, skip_serializing_if = "is_false")]
    http_only: bool,
    #[serde(default)]
    host_only: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    creation: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    last_accessed: Option<String>,
}

fn is_false(b: &bool) -> bool {
    !b
}

impl CookieJar {
    pub fn new() -> Self {
        CookieJar::default()
    }

    /// Reads a jar file newman wrote (`--export-cookie-jar`) or a user made in its format.
    pub fn from_tough_json(bytes: &[u8]) -> Result<Self, JarError> {
        let jar: ToughJar =
            serde_json::from_slice(bytes).map_err(|e| JarError::Format(e.to_string()))?;
        let now = OffsetDateTime::now_utc();
        let mut store = CookieStore::new();
        for (index, tough) in jar.cookies.into_iter().enumerate() {
            let problem = |reason: String| JarError::Cookie {
                index,
                name: tough.key.clone(),
                domain: tough.domain.clone().unwrap_or_default(),
                reason,
            };
            let domain = tough
                .domain
                .as_deref()
                .map(|d| d.trim_start_matches('.'))
                .filter(|d| !d.is_empty())
                .ok_or_else(|| problem("it has no domain".into()))?;
            let path = tough.path.clone().unwrap_or_else(|| "/".into());
            let scheme = if tough.secure { "https" } else { "http" };
            let url = Url::parse(&format!("{scheme}://{domain}{path}"))
                .map_err(|e| problem(format!("its domain and path do not make a URL ({e})")))?;
            let mut raw = RawCookie::new(tough.key.clone(), tough.value.clone());
            raw.set_path(path);
            raw.set_secure(tough.secure);
            raw.set_http_only(tough.http_only);
            if let Some(seconds) = tough.max_age.as_ref().and_then(|m| m.as_i64()) {
                raw.set_max_age(time::Duration::seconds(seconds));
            }
            if !tough.host_only.unwrap_or(false) {
                raw.set_domain(domain.to_string());
            }
            let mut cookie = Cookie::try_from_raw_cookie(&raw, &url)
                .map_err(|e| problem(e.to_string()))?
                .into_owned();
            if let Some(at) = tough_expiry(&tough, now) {
                cookie.expires = CookieExpiration::AtUtc(at);
            }
            // An expired cookie is simply not loaded, as tough-cookie would not send it.
            if !cookie.is_expired() {
                store
                    .insert(cookie, &url)
                    .map_err(|e| problem(e.to_string()))?;
            }
        }
        Ok(CookieJar {
            store: RefCell::new(store),
        })
    }

    /// The jar in tough-cookie's format, as `newman --export-cookie-jar` writes it. `shown`
    /// decides what a value becomes in the file (the caller masks vault values).
    pub fn to_tough_json(&self, shown: &dyn Fn(&str) -> String) -> serde_json::Value {
        let store = self.store.borrow();
        let mut cookies: Vec<ToughCookie> = store
            .iter_unexpired()
            .map(|c| {
                let view = view(c);
                ToughCookie {
                    key: view.name,
                    value: shown(&view.value),
                    expires: view.expires,
                    max_age: view.max_age.map(serde_json::Value::from),
                    domain: Some(view.domain),
                    path: Some(view.path),
                    secure: view.secure,
                    http_only: view.http_only,
                    host_only: Some(view.host_only),
                    creation: None,
                    last_accessed: None,
                }
            })
            .collect();
        cookies.sort_by(|a, b| (&a.domain, &a.path, &a.key).cmp(&(&b.domain, &b.path, &b.key)));
        serde_json::to_value(ToughJar {
            version: Some(format!("locket@{}", env!("CARGO_PKG_VERSION"))),
            store_type: Some("MemoryCookieStore".into()),
            reject_public_suffixes: false,
            enable_loose_mode: true,
            allow_special_use_domain: true,
            prefix_security: Some("silent".into()),
            cookies,
        })
        .expect("a jar is plain JSON")
    }

    /// The `Cookie` header's value for a request to `url`, if any cookie matches.
    pub fn header_for(&self, url: &Url) -> Option<String> {
        let store = self.store.borrow();
        let mut cookies = store.matches(url);
        // RFC 6265 5.4: longer paths first, then the order they were stored (a stable sort
        // over the store's insertion order), as tough-cookie sends them.
        cookies.sort_by_key(|c| std::cmp::Reverse(String::from(&c.path).len()));
        let pairs: Vec<String> = cookies
            .iter()
            .map(|c| format!("{}={}", c.name(), c.value()))
            .collect();
        (!pairs.is_empty()).then(|| pairs.join("; "))
    }

    /// Keeps the cookies a response from `url` set (and forgets those it expired).
    pub fn store_from(&self, url: &Url, headers: &HeaderMap) {
        let mut store = self.store.borrow_mut();
        for value in headers.get_all(SET_COOKIE) {
            // A malformed or foreign-domain cookie is ignored, as browsers and tough-cookie
            // ignore it; the response itself is still the script's to inspect.
            if let Ok(text) = value.to_str() {
                let _ = store.parse(text, url);
            }
        }
    }

    /// The cookies a request to `url` would carry, whole (what newman gives test scripts as
    /// `pm.cookies`).
    pub fn cookies_for(&self, url: &Url) -> Vec<JarCookie> {
        self.store
            .borrow()
            .matches(url)
            .into_iter()
            .map(view)
            .collect()
    }

    // What a script's `pm.cookies.jar()` does (postman-sandbox's CookieJar over the run's
    // store): the same matching as requests, so a cookie set here is the one sent.

    /// The first cookie named `name` that a request to `url` would carry.
    pub fn get(&self, url: &Url, name: &str) -> Option<JarCookie> {
        self.cookies_for(url).into_iter().find(|c| c.name == name)
    }

    /// Stores `cookie` as if a response from `url` had set it: its domain defaults to the
    /// URL's host (host-only), its path to the URL's directory. Returns what was stored.
    pub fn set(&self, url: &Url, cookie: &JarCookie) -> Result<JarCookie, String> {
        let mut raw = RawCookie::new(cookie.name.clone(), cookie.value.clone());
        if !cookie.path.is_empty() {
            raw.set_path(cookie.path.clone());
        }
        let domain = cookie.domain.trim_start_matches('.');
        if !cookie.host_only && !domain.is_empty() {
            raw.set_domain(domain.to_string());
        }
        raw.set_secure(cookie.secure);
        raw.set_http_only(cookie.http_only);
        if let Some(seconds) = cookie.max_age {
            raw.set_max_age(time::Duration::seconds(seconds));
        } else if let Some(at) = cookie
            .expires
            .as_deref()
            .and_then(|e| OffsetDateTime::parse(e, &Rfc3339).ok())
        {
            raw.set_expires(at);
        }
        self.store_raw(&raw, url)
    }

    /// Stores a `Set-Cookie` header's text as if a response from `url` had sent it.
    pub fn set_header(&self, url: &Url, text: &str) -> Result<JarCookie, String> {
        let raw = RawCookie::parse(text.to_string()).map_err(|e| e.to_string())?;
        self.store_raw(&raw, url)
    }

    fn store_raw(&self, raw: &RawCookie<'_>, url: &Url) -> Result<JarCookie, String> {
        let stored = Cookie::try_from_raw_cookie(raw, url)
            .map_err(|e| e.to_string())?
            .into_owned();
        let shown = view(&stored);
        self.store
            .borrow_mut()
            .insert(stored, url)
            .map_err(|e| e.to_string())?;
        Ok(shown)
    }

    /// Removes the cookie named `name` that a request to `url` would carry (none: nothing).
    pub fn unset(&self, url: &Url, name: &str) {
        if let Some(c) = self.get(url, name) {
            self.store.borrow_mut().remove(&c.domain, &c.path, &c.name);
        }
    }

    /// Removes every cookie a request to `url` would carry.
    pub fn clear(&self, url: &Url) {
        for c in self.cookies_for(url) {
            self.store.borrow_mut().remove(&c.domain, &c.path, &c.name);
        }
    }
}

fn view(c: &Cookie<'static>) -> JarCookie {
    let (domain, host_only) = match &c.domain {
        CookieDomain::HostOnly(d) => (d.clone(), true),
        CookieDomain::Suffix(d) => (d.clone(), false),
        CookieDomain::NotPresent | CookieDomain::Empty => (String::new(), true),
    };
    let expires = match (&c.expires, c.max_age()) {
        (CookieExpiration::AtUtc(at), None) => at.format(&Rfc3339).ok(),
        _ => None,
    };
    JarCookie {
        name: c.name().to_string(),
        value: c.value().to_string(),
        domain,
        path: String::from(&c.path),
        expires,
        max_age: c.max_age().map(|d| d.whole_seconds()),
        secure: c.secure().unwrap_or(false),
        http_only: c.http_only().unwrap_or(false),
        host_only,
    }
}

/// When a tough-cookie entry expires: `maxAge` counts from its creation (tough-cookie's rule),
/// else `expires`; `"Infinity"` and absent mean at the end of the run.
fn tough_expiry(tough: &ToughCookie, now: OffsetDateTime) -> Option<OffsetDateTime> {
    let parse = |s: &str| OffsetDateTime::parse(s, &Rfc3339).ok();
    match &tough.max_age {
        Some(serde_json::Value::Number(n)) => {
            let from = tough.creation.as_deref().and_then(parse).unwrap_or(now);
            let seconds = n.as_f64().unwrap_or(0.0);
            return Some(from + time::Duration::seconds_f64(seconds));
        }
        Some(serde_json::Value::String(s)) if s == "-Infinity" => {
            return Some(OffsetDateTime::UNIX_EPOCH);
        }
        _ => {}
    }
    tough
        .expires
        .as_deref()
        .filter(|e| *e != "Infinity")
        .and_then(parse)
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::HeaderValue;

    fn url(s: &str) -> Url {
        Url::parse(s).unwrap()
    }

    fn set(jar: &CookieJar, at: &str, cookies: &[&str]) {
        let mut headers = HeaderMap::new();
        for c in cookies {
            headers.append(SET_COOKIE, HeaderValue::from_str(c).unwrap());
        }
        jar.store_from(&url(at), &headers);
    }

    #[test]
    fn cookies_go_back_where_rfc_6265_says() {
        let jar = CookieJar::new();
        set(
            &jar,
            "http://api.example.test/login",
            &[
                "session=abc; Path=/",
                "scoped=1; Path=/admin",
                "wide=w; Domain=example.test; Path=/",
                "gone=x; Path=/; Max-Age=0",
                "evil=1; Domain=other.test",
            ],
        );
        assert_eq!(
            jar.header_for(&url("http://api.example.test/me")).unwrap(),
            "session=abc; wide=w"
        );
        let admin = jar
            .header_for(&url("http://api.example.test/admin/x"))
            .unwrap();
        assert!(admin.contains("scoped=1") && admin.contains("session=abc"));
        // Host-only stays on its host; a Domain cookie reaches subdomains; a foreign Domain
        // is ignored.
        assert_eq!(
            jar.header_for(&url("http://www.example.test/")).unwrap(),
            "wide=w"
        );
        assert_eq!(jar.header_for(&url("http://other.test/")), None);
    }

    #[test]
    fn a_server_expiring_a_cookie_removes_it() {
        let jar = CookieJar::new();
        set(&jar, "http://h.test/", &["a=1; Path=/", "b=2; Path=/"]);
        set(
            &jar,
            "http://h.test/",
            &["a=; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT"],
        );
        assert_eq!(jar.header_for(&url("http://h.test/")).unwrap(), "b=2");
    }

    #[test]
    fn the_tough_cookie_file_round_trips_and_reads_newmans() {
        // The shape newman 6 writes (tough-cookie 4): host-only, Max-Age, an HttpOnly cookie.
        let newman = br#"{
          "version": "tough-cookie@4.1.3-postman.1", "storeType": "MemoryCookieStore",
          "rejectPublicSuffixes": false, "enableLooseMode": true,
          "allowSpecialUseDomain": true, "prefixSecurity": "silent",
          "cookies": [
            {"key": "session", "value": "abc", "domain": "127.0.0.1", "path": "/",
             "hostOnly": true, "creation": "2026-12-07T16:03:22.530Z",
             "lastAccessed": "2026-12-07T16:03:22.594Z"},
            {"key": "p", "value": "1", "maxAge": 3600, "domain": "127.0.0.1", "path": "/x",
             "httpOnly": true, "hostOnly": true, "creation": "2099-01-01T00:00:00.000Z"},
            {"key": "old", "value": "z", "expires": "2001-01-01T00:00:00.000Z",
             "domain": "127.0.0.1", "path": "/", "hostOnly": true},
            {"key": "wide", "value": "w", "domain": "example.test", "path": "/",
             "hostOnly": false}
          ]
        }"#;
        let jar = CookieJar::from_tough_json(newman).unwrap();
        assert_eq!(
            jar.header_for(&url("http://127.0.0.1:8080/x/y")).unwrap(),
            "p=1; session=abc"
        );
        assert_eq!(
            jar.header_for(&url("http://a.example.test/")).unwrap(),
            "wide=w"
        );

        let written = jar.to_tough_json(&|v| v.to_string());
        let again = CookieJar::from_tough_json(serde_json::to_string(&written).unwrap().as_bytes())
            .unwrap();
        assert_eq!(
            again.cookies_for(&url("http://127.0.0.1/x/")),
            jar.cookies_for(&url("http://127.0.0.1/x/"))
        );
        let listed: Vec<&str> = written["cookies"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["key"].as_str().unwrap())
            .collect();
        assert_eq!(listed, ["session", "p", "wide"]);
        assert_eq!(written["cookies"][1]["maxAge"], 3600);
        assert_eq!(written["cookies"][1]["httpOnly"], true);
    }

    #[test]
    fn a_bad_jar_file_says_which_cookie() {
        let err = CookieJar::from_tough_json(br#"{"cookies": [{"key": "k", "value": "v"}]}"#)
            .err()
            .unwrap();
        assert_eq!(
            err.to_string(),
            r#"cookie #0 ("k" for ""): it has no domain"#
        );
        let err = CookieJar::from_tough_json(b"[]").err().unwrap();
        assert!(matches!(err, JarError::Format(_)));
    }

    #[test]
    fn scripts_set_get_unset_and_clear_what_requests_carry() {
        let jar = CookieJar::new();
        let at = url("http://h.test/app/page");
        let named = |name: &str, value: &str| JarCookie {
            name: name.into(),
            value: value.into(),
            domain: String::new(),
            path: String::new(),
            expires: None,
            max_age: None,
            secure: false,
            http_only: false,
            host_only: true,
        };
        let stored = jar.set(&at, &named("a", "1")).unwrap();
        assert_eq!(
            (stored.domain.as_str(), stored.path.as_str()),
            ("h.test", "/app")
        );
        jar.set(
            &at,
            &JarCookie {
                path: "/".into(),
                ..named("b", "2")
            },
        )
        .unwrap();
        assert_eq!(jar.get(&at, "a").unwrap().value, "1");
        assert_eq!(jar.header_for(&at).unwrap(), "a=1; b=2");
        assert_eq!(jar.header_for(&url("http://h.test/")).unwrap(), "b=2");
        jar.unset(&at, "a");
        assert_eq!(jar.get(&at, "a"), None);
        jar.unset(&at, "missing");
        let parsed = jar.set_header(&at, "c=3; Path=/; HttpOnly").unwrap();
        assert!(parsed.http_only && parsed.path == "/");
        jar.clear(&at);
        assert_eq!(jar.header_for(&at), None);
        // A domain the URL cannot set is refused, as tough-cookie refuses it.
        let foreign = JarCookie {
            domain: "other.test".into(),
            host_only: false,
            ..named("c", "3")
        };
        assert!(jar.set(&at, &foreign).is_err());
    }

    #[test]
    fn exported_values_go_through_the_callers_mask() {
        let jar = CookieJar::new();
        set(&jar, "http://h.test/", &["token=s3cr3t; Path=/"]);
        let written = jar.to_tough_json(&|v| v.replace("s3cr3t", "[vault:token]"));
        assert_eq!(written["cookies"][0]["value"], "[vault:token]");
    }
}
