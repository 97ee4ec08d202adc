//! One v1 request as a v2.1 item: its name, scripts, variables and settings, and the request
//! itself (auth, method, headers, body, URL, description). Saved responses are converted too
//! (they are not run, but `--export-collection` keeps them).

use std::collections::HashMap;

use serde_json::{Map, Value, json};

use super::json::{At, Placed, copy_description, copy_profile, js_string, truthy};
use super::{auth, body, fields, headers, url};
use crate::model::FormatError;

/// v1 requests by id, as the folders and `order` lists name them (a later duplicate wins).
pub type Requests<'a> = HashMap<String, Placed<'a>>;

/// The v2.1 item for a v1 request. Items get no `id`: the transformer drops them unless asked
/// to keep them, and newman runs what it gets.
pub fn item(
    request: &Map<String, Value>,
    at: &At,
    requests: &Requests<'_>,
) -> Result<Value, FormatError> {
    let mut item = Map::new();
    let name = if truthy(request.get("name")) {
        request["name"].clone()
    } else {
        json!("")
    };
    item.insert("name".into(), name);
    if let Some(events) = fields::events(request, at)? {
        item.insert("event".into(), events);
    }
    copy_profile(request, &mut item);
    item.insert("request".into(), Value::Object(definition(request, at)?));
    item.insert(
        "response".into(),
        Value::Array(responses(request, requests)),
    );
    if let Some(variables) = fields::variables(request, at)? {
        item.insert("variable".into(), variables);
    }
    Ok(Value::Object(item))
}

/// The v2.1 `request` object.
fn definition(request: &Map<String, Value>, at: &At) -> Result<Map<String, Value>, FormatError> {
    let mut out = Map::new();
    if let Some(auth) = auth::auth(request, at, false)? {
        out.insert("auth".into(), auth);
    }
    // The method is kept as written (the runner upper-cases it and defaults it to GET).
    if let Some(method) = request.get("method").filter(|m| !m.is_null()) {
        out.insert("method".into(), method.clone());
    }
    out.insert("header".into(), headers::headers(request, at)?);
    if let Some(body) = body::body(request, at)? {
        out.insert("body".into(), body);
    }
    if let Some(url) = url::url(request, at)? {
        out.insert("url".into(), url);
    }
    copy_description(request, &mut out);
    Ok(out)
}

/// Saved responses in `responses_order` (or list) order. Best effort: a response that cannot
/// be read is left out rather than failing the run, since responses are never sent.
fn responses(request: &Map<String, Value>, requests: &Requests<'_>) -> Vec<Value> {
    let Some(Value::Array(list)) = request.get("responses") else {
        return Vec::new();
    };
    let by_id: HashMap<String, &Map<String, Value>> = list
        .iter()
        .filter_map(Value::as_object)
        .map(|r| (r.get("id").map(js_string).unwrap_or_default(), r))
        .collect();
    let order: Vec<String> = match request.get("responses_order") {
        Some(Value::Array(ids)) if !ids.is_empty() => ids.iter().map(js_string).collect(),
        _ => list
            .iter()
            .filter_map(Value::as_object)
            .map(|r| r.get("id").map(js_string).unwrap_or_default())
            .collect(),
    };
    order
        .iter()
        .filter_map(|id| by_id.get(id))
        .map(|response| response_item(response, requests))
        .collect()
}

fn response_item(response: &Map<String, Value>, requests: &Requests<'_>) -> Value {
    let mut out = Map::new();
    let name = if truthy(response.get("name")) {
        response["name"].clone()
    } else {
        json!("response")
    };
    out.insert("name".into(), name);
    if let Some(original) = saved_request(response, requests)
        .and_then(|r| definition(&r, &At::root().key("responses")).ok())
    {
        out.insert("originalRequest".into(), Value::Object(original));
    }
    let code = response.get("responseCode");
    if let Some(status) = code.and_then(|c| c.get("name")).filter(|n| truthy(Some(n))) {
        out.insert("status".into(), status.clone());
    }
    if let Some(number) = code
        .and_then(|c| c.get("code"))
        .and_then(|c| c.as_f64().or_else(|| c.as_str()?.trim().parse().ok()))
        .filter(|n| *n != 0.0 && n.is_finite())
    {
        out.insert("code".into(), json!(number as i64));
    }
    for (from, to) in [
        ("language", "_postman_previewlanguage"),
        ("previewType", "_postman_previewtype"),
        ("headers", "header"),
        ("time", "responseTime"),
        ("text", "body"),
    ] {
        if let Some(value) = response.get(from) {
            out.insert(to.into(), value.clone());
        }
    }
    let cookies = match response.get("cookies") {
        Some(Value::Array(list)) => list.iter().map(cookie).collect(),
        _ => Vec::new(),
    };
    out.insert("cookie".into(), Value::Array(cookies));
    Value::Object(out)
}

/// The request a response was saved for: `requestObject` or `request`, as an object, its JSON
/// text, or the id of a request of the collection. As in the transformer, text that parses as
/// JSON is taken as the request even when it is not an object (an id like `"1"` is a number
/// then): a truthy one reads as an empty request, a falsy one as none.
fn saved_request(
    response: &Map<String, Value>,
    requests: &Requests<'_>,
) -> Option<Map<String, Value>> {
    let mut id = None;
    for key in ["requestObject", "request"] {
        match response.get(key) {
            Some(Value::Object(request)) => return Some(request.clone()),
            Some(Value::String(text)) if !text.is_empty() => {
                match serde_json::from_str::<Value>(text) {
                    Ok(Value::Object(request)) => return Some(request),
                    Ok(other) => return truthy(Some(&other)).then(Map::new),
                    Err(_) => id = Some(text.clone()),
                }
            }
            Some(other) if truthy(Some(other)) => return Some(Map::new()),
            _ => {}
        }
    }
    id.and_then(|id| requests.get(&id).map(|(r, _)| (*r).clone()))
}

/// A v1 cookie (`name`, `expirationDate` in seconds) as v2.1's (`key`, `expires`).
fn cookie(cookie: &Value) -> Value {
    let mut out = Map::new();
    for (from, to) in [
        ("hostOnly", "hostOnly"),
        ("httpOnly", "httpOnly"),
        ("domain", "domain"),
        ("path", "path"),
        ("secure", "secure"),
        ("session", "session"),
        ("value", "value"),
        ("name", "key"),
    ] {
        if let Some(value) = cookie.get(from) {
            out.insert(to.into(), value.clone());
        }
    }
    // `new Date(expirationDate * 1000)`: null is the epoch, anything but a number is invalid.
    let seconds = match cookie.get("expirationDate") {
        Some(Value::Null) => 0.0,
        Some(Value::Number(n)) => n.as_f64().unwrap_or(f64::NAN),
        _ => f64::NAN,
    };
    out.insert("expires".into(), json!(expires_text(seconds)));
    Value::Object(out)
}

/// A time as JavaScript's `Date#toString` writes it in UTC:
/// `Thu Jan 01 1970 00:00:00 GMT+0000 (Coordinated Universal Time)`.
fn expires_text(seconds: f64) -> String {
    const DAYS: [&str; 7] = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"];
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    if !seconds.is_finite() || seconds.abs() > 8.64e12 {
        return "Invalid Date".into();
    }
    let total = seconds.floor() as i64;
    let (year, month, day, hour, minute, second) = locket_core::time::civil(total);
    format!(
        "{} {} {day:02} {year:04} {hour:02}:{minute:02}:{second:02} GMT+0000 (Coordinated \
         Universal Time)",
        DAYS[total.div_euclid(86_400).rem_euclid(7) as usize],
        MONTHS[(month - 1) as usize],
    )
}

#[cfg(test)]
mod tests {
    #[test]
    fn cookie_expiry_reads_as_javascript_writes_it_in_utc() {
        assert_eq!(
            super::expires_text(0.0),
            "Thu Jan 01 1970 00:00:00 GMT+0000 (Coordinated Universal Time)"
        );
        assert_eq!(
            super::expires_text(1_709_251_199.0),
            "Thu Feb 29 2024 23:59:59 GMT+0000 (Coordinated Universal Time)"
        );
        assert_eq!(super::expires_text(f64::NAN), "Invalid Date");
    }
}
