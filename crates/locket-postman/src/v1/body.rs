//! A v1 request's body as v2.1's `body`. v1 names the mode `dataMode` (`params` is v2's
//! `formdata`, `binary` its `file`) and spreads the content over `data` (form fields, or raw
//! text in old exports), `rawModeData` (raw text, or the file of `binary`) and
//! `graphqlModeData`. When `dataMode` is missing the transformer guesses it from what is
//! there: raw text first, then a field list, then GraphQL, else raw.

use serde_json::{Map, Value, json};

use super::json::{At, drop_empty_description, lodash_empty, object, truthy};
use crate::model::FormatError;

/// v1 mode → v2.1 mode, in the order the transformer visits `dataOptions`.
const MODES: [(&str, &str); 5] = [
    ("binary", "file"),
    ("graphql", "graphql"),
    ("params", "formdata"),
    ("raw", "raw"),
    ("urlencoded", "urlencoded"),
];

pub fn body(request: &Map<String, Value>, at: &At) -> Result<Option<Value>, FormatError> {
    let data_mode = request.get("dataMode");
    let mode = data_mode
        .and_then(Value::as_str)
        .and_then(|m| MODES.iter().find(|(v1, _)| *v1 == m))
        .map(|(_, v2)| *v2);
    let data = request.get("data");
    let raw_mode_data = request.get("rawModeData");
    let graphql_mode_data = request.get("graphqlModeData");
    let empty =
        lodash_empty(data) && lodash_empty(raw_mode_data) && lodash_empty(graphql_mode_data);
    // An explicit `dataMode: null` is how the app says "no body".
    if (mode.is_none() && empty) || data_mode == Some(&Value::Null) {
        return Ok(None);
    }

    // Raw text is a string, or a list of one string; "" counts as none, except as a file's src.
    let raw_string = match raw_mode_data {
        Some(Value::String(s)) => Some(s.as_str()),
        Some(Value::Array(items)) if items.len() == 1 => items[0].as_str(),
        _ => None,
    };
    let raw_text = raw_string.filter(|s| !s.is_empty());
    let options = request.get("dataOptions").and_then(Value::as_object);
    let graphql = if !lodash_empty(graphql_mode_data) {
        graphql_mode_data
    } else if options.is_some_and(|o| o.contains_key("graphql")) && !lodash_empty(data) {
        data
    } else {
        None
    };
    // `data || rawModeData`: where form fields are looked for.
    let fields = if truthy(data) { data } else { raw_mode_data };

    let mode = mode.unwrap_or(
        if raw_text.is_none() && fields.is_some_and(Value::is_array) {
            "formdata"
        } else if raw_text.is_none() && graphql.is_some() {
            "graphql"
        } else {
            "raw"
        },
    );
    let mut out = Map::new();
    out.insert("mode".into(), json!(mode));
    match mode {
        "raw" => {
            let text = raw_text
                .or_else(|| data.and_then(Value::as_str))
                .unwrap_or("");
            out.insert("raw".into(), json!(text));
        }
        "graphql" => {
            if let Some(graphql) = graphql {
                out.insert("graphql".into(), graphql.clone());
            }
        }
        "file" => {
            let mut file = Map::new();
            if let Some(src) = raw_string {
                file.insert("src".into(), json!(src));
            }
            out.insert("file".into(), Value::Object(file));
        }
        _ => {
            let place = if truthy(data) { "data" } else { "rawModeData" };
            out.insert(mode.into(), form_fields(fields, &at.key(place))?);
        }
    }
    if let Some(options) = options {
        let mut converted = Map::new();
        for (v1, v2) in MODES {
            if !lodash_empty(options.get(v1)) {
                converted.insert(v2.into(), options[v1].clone());
            }
        }
        if !converted.is_empty() {
            out.insert("options".into(), Value::Object(converted));
        }
    }
    if truthy(request.get("dataDisabled")) {
        out.insert("disabled".into(), Value::Bool(true));
    }
    Ok(Some(Value::Object(out)))
}

/// Form or urlencoded fields: entries without a key are dropped; `enabled: false` becomes
/// `disabled`; a file field's `value` becomes its `src`.
fn form_fields(fields: Option<&Value>, at: &At) -> Result<Value, FormatError> {
    let Some(Value::Array(fields)) = fields else {
        return Ok(json!([]));
    };
    let mut out = Vec::new();
    for (i, field) in fields.iter().enumerate() {
        let mut field = object(field, &at.index(i))?.clone();
        if field.get("key").is_none_or(Value::is_null) {
            continue;
        }
        if field.get("type").and_then(Value::as_str) == Some("file")
            && !truthy(field.get("src"))
            && truthy(field.get("value"))
            && let Some(value) = field.remove("value")
        {
            let src = if value.is_string() || value.is_array() {
                value
            } else {
                Value::Null
            };
            field.insert("src".into(), src);
        }
        if let Some(enabled) = field.remove("enabled")
            && enabled == Value::Bool(false)
        {
            field.insert("disabled".into(), Value::Bool(true));
        }
        drop_empty_description(&mut field);
        out.push(Value::Object(field));
    }
    Ok(Value::Array(out))
}
