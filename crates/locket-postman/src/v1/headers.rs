//! A v1 request's headers as v2.1's list. v1 writes them twice: `headers`, one string of
//! `Name: value` lines (a line starting with `//` is a disabled header), and `headerData`, the
//! same as objects (with descriptions and `enabled`). `headerData` wins; a name found only in
//! the string is added after it.

use serde_json::{Map, Value, json};

use super::json::{At, drop_empty_description, js_string, objects_at};
use crate::model::FormatError;

const COMMENT: &str = "//";

pub fn headers(request: &Map<String, Value>, at: &At) -> Result<Value, FormatError> {
    if let Some(list @ Value::Array(_)) = request.get("headers") {
        // Some exports already have the v2 list here: the transformer keeps it as it is.
        return Ok(list.clone());
    }
    let mut out = Vec::new();
    let mut seen: Vec<String> = Vec::new();
    for (header, place) in objects_at(request, "headerData", at)? {
        let mut header = header.clone();
        let key = header.get("key").cloned().unwrap_or(Value::Null);
        let commented = key.as_str().is_some_and(|k| k.starts_with(COMMENT));
        if commented || header.get("enabled") == Some(&Value::Bool(false)) {
            let Value::String(key) = key else {
                return Err(place.key("key").wrong("a string", &key));
            };
            header.insert("disabled".into(), Value::Bool(true));
            header.insert("key".into(), Value::String(uncomment(&key)));
        }
        drop_empty_description(&mut header);
        header.remove("enabled");
        seen.push(header.get("key").map(js_string).unwrap_or_default());
        out.push(Value::Object(header));
    }
    let text = match request.get("headers") {
        None | Some(Value::Null) => String::new(),
        Some(v @ Value::Object(_)) => return Err(at.key("headers").wrong("a string", v)),
        Some(scalar) => js_string(scalar),
    };
    for (key, value, disabled) in parse_lines(&text) {
        if seen.contains(&key) {
            continue;
        }
        let mut header = json!({ "key": key, "value": value });
        if disabled {
            header["disabled"] = Value::Bool(true);
        }
        out.push(header);
    }
    Ok(Value::Array(out))
}

/// The key without its first `//`, trimmed (the transformer removes the first `//` wherever it
/// is, also from a key disabled by `enabled: false`).
fn uncomment(key: &str) -> String {
    key.replacen(COMMENT, "", 1).trim().to_string()
}

/// The `headers` string: `(name, value, disabled)` per line that reads as a header. Folded
/// lines (CRLF then a space or tab) are joined first. A line is a header when it starts with a
/// run of non-blank characters holding a `:` after its first character (optionally behind
/// `//` and blanks); the name is that run up to its last `:` (so `Host:x:80` is named
/// `Host:x`, as in the transformer's pattern), the value the rest of the line, trimmed.
fn parse_lines(text: &str) -> Vec<(String, String, bool)> {
    let unfolded = text.replace("\r\n ", " ").replace("\r\n\t", "\t");
    unfolded
        .split(['\n', '\r', '\u{2028}', '\u{2029}'])
        .filter_map(|line| {
            let colon = header_colon(line)?;
            let name = &line[..colon];
            let value = line[colon + 1..].trim().to_string();
            Some(match name.strip_prefix(COMMENT) {
                Some(_) => (uncomment(name), value, true),
                None => (name.to_string(), value, false),
            })
        })
        .collect()
}

/// Where the name of a header line ends: the last `:` in the first non-blank run of the line,
/// that run starting right after `//` and blanks when the line starts with `//`, else at the
/// start. `None` when the line is not a header.
fn header_colon(line: &str) -> Option<usize> {
    let last_colon_in_run = |start: usize| {
        let run_end = line[start..]
            .find(char::is_whitespace)
            .map_or(line.len(), |i| start + i);
        line[start..run_end]
            .rfind(':')
            .map(|i| start + i)
            .filter(|&i| i > start)
    };
    if let Some(after) = line.strip_prefix(COMMENT) {
        let blanks = after.len() - after.trim_start().len();
        if let Some(colon) = last_colon_in_run(COMMENT.len() + blanks) {
            return Some(colon);
        }
    }
    last_colon_in_run(0)
}
