//! `pm.cookies` and `pm.cookies.jar()`: the run's cookie jar (the wire's, the one requests use)
//! as postman-sandbox's CookieJar shows it to scripts.

use locket_http::{CookieJar, JarCookie, Url};
use locket_script::{Cookie, CookieCall, CookieOp};
use serde_json::Value;

use crate::script::Response;

/// `pm.cookies` in a test script: the jar's cookies for the response's URL.
pub(super) fn of_response(r: &Response) -> Vec<Cookie> {
    r.cookies.iter().map(to_script).collect()
}

/// What a jar call gives the script's callback, or the error it gets (newman's wording where
/// it has one).
pub(super) fn answer(jar: Option<&CookieJar>, call: &CookieCall) -> Result<Value, String> {
    let jar = jar.ok_or("CookieStore: no store found")?;
    let url = Url::parse(&call.url).map_err(|e| {
        format!(
            "CookieJar: {:?} is not a URL a cookie can belong to ({e})",
            call.url
        )
    })?;
    let name = || call.name.as_deref().unwrap_or_default();
    Ok(match call.op {
        CookieOp::Get => jar
            .get(&url, name())
            .map_or(Value::Null, |c| c.value.into()),
        CookieOp::GetAll => jar
            .cookies_for(&url)
            .iter()
            .map(|c| json(&to_script(c)))
            .collect(),
        CookieOp::Set => {
            let stored = match &call.cookie {
                Some(cookie) => jar.set(&url, &from_script(cookie))?,
                // A Set-Cookie string, as tough-cookie's setCookie takes one.
                None => jar.set_header(&url, name())?,
            };
            json(&to_script(&stored))
        }
        CookieOp::Unset => {
            jar.unset(&url, name());
            Value::Null
        }
        CookieOp::Clear => {
            jar.clear(&url);
            Value::Null
        }
    })
}

fn json(cookie: &Cookie) -> Value {
    serde_json::to_value(cookie).expect("a cookie is plain JSON")
}

fn to_script(c: &JarCookie) -> Cookie {
    Cookie {
        name: c.name.clone(),
        value: c.value.clone(),
        domain: c.domain.clone(),
        path: c.path.clone(),
        expires: c.expires.clone(),
        http_only: c.http_only,
        secure: c.secure,
        host_only: c.host_only,
        max_age: c.max_age,
    }
}

fn from_script(c: &Cookie) -> JarCookie {
    JarCookie {
        name: c.name.clone(),
        value: c.value.clone(),
        domain: c.domain.clone(),
        path: c.path.clone(),
        expires: c.expires.clone(),
        max_age: c.max_age,
        secure: c.secure,
        http_only: c.http_only,
        // A script's cookie without a domain belongs to the URL's host only.
        host_only: c.host_only || c.domain.is_empty(),
    }
}
