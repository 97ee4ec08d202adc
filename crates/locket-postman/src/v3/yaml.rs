//! YAML text to a tree (saphyr, YAML 1.2), and the few ways v3 files read it: fields that may
//! be absent or null, scalars as Postman's text, and entries given as a list or as a map.

use saphyr::{LoadableYamlNode, Scalar, Yaml};
use serde_json::Value;

use crate::model::FormatError;

/// The one document of a YAML file (an empty file is an empty document).
///
/// A syntax error names `file:line:column` and what the parser expected; it never quotes the
/// text it stopped at, which may be a secret.
pub fn parse<'a>(text: &'a str, file: &str) -> Result<Yaml<'a>, FormatError> {
    let mut documents = Yaml::load_from_str(text).map_err(|e| {
        let mark = e.marker();
        // The parser's message may end with the character it stopped at: cut it off.
        let info = e.info().split(": `").next().unwrap_or_default();
        FormatError(format!(
            "{file}:{}:{}: not valid YAML: {info}",
            mark.line(),
            mark.col() + 1
        ))
    })?;
    match documents.len() {
        0 => Ok(Yaml::Value(Scalar::Null)),
        1 => Ok(documents.remove(0)),
        n => Err(FormatError(format!(
            "{file}: holds {n} YAML documents; a Postman file holds one (remove the extra `---`)"
        ))),
    }
}

/// The node under `key` in a mapping; absent and null are both `None`.
pub fn get<'y, 'a>(node: &'y Yaml<'a>, key: &str) -> Option<&'y Yaml<'a>> {
    let Yaml::Mapping(map) = node else {
        return None;
    };
    map.iter()
        .find(|(k, _)| text(k).as_deref() == Some(key))
        .map(|(_, v)| v)
        .filter(|v| !is_null(v))
}

fn is_null(node: &Yaml<'_>) -> bool {
    matches!(node, Yaml::Value(Scalar::Null) | Yaml::BadValue)
}

/// A scalar as Postman's text: numbers and booleans written as JavaScript prints them; `None`
/// for null and for lists and maps.
pub fn text(node: &Yaml<'_>) -> Option<String> {
    match node {
        Yaml::Value(Scalar::String(s)) => Some(s.to_string()),
        Yaml::Value(Scalar::Integer(n)) => Some(n.to_string()),
        Yaml::Value(Scalar::FloatingPoint(f)) => Some(js_number(f.into_inner())),
        Yaml::Value(Scalar::Boolean(b)) => Some(b.to_string()),
        Yaml::Representation(s, ..) => Some(s.to_string()),
        Yaml::Tagged(_, inner) => text(inner),
        _ => None,
    }
}

/// JavaScript's `String(number)` for the numbers YAML writes: `1.0` is `1`, `.inf` is `Infinity`.
fn js_number(f: f64) -> String {
    if f.is_nan() {
        "NaN".into()
    } else if f.is_infinite() {
        if f > 0.0 { "Infinity" } else { "-Infinity" }.into()
    } else if f.fract() == 0.0 && f.abs() < 1e15 {
        format!("{}", f as i64)
    } else {
        f.to_string()
    }
}

pub fn text_at(node: &Yaml<'_>, key: &str) -> Option<String> {
    get(node, key).and_then(text)
}

/// A boolean field; `"true"` and `"false"` as text count too.
pub fn bool_at(node: &Yaml<'_>, key: &str) -> Option<bool> {
    match get(node, key)? {
        Yaml::Value(Scalar::Boolean(b)) => Some(*b),
        other => match text(other)?.as_str() {
            "true" => Some(true),
            "false" => Some(false),
            _ => None,
        },
    }
}

pub fn number_at(node: &Yaml<'_>, key: &str) -> Option<f64> {
    match get(node, key)? {
        Yaml::Value(Scalar::Integer(n)) => Some(*n as f64),
        Yaml::Value(Scalar::FloatingPoint(f)) => Some(f.into_inner()),
        other => text(other)?.trim().parse().ok(),
    }
}

/// The items of a list (a single map counts as a list of one).
pub fn items<'y, 'a>(node: Option<&'y Yaml<'a>>) -> &'y [Yaml<'a>] {
    match node {
        Some(Yaml::Sequence(items)) => items,
        Some(single @ Yaml::Mapping(_)) => std::slice::from_ref(single),
        _ => &[],
    }
}

/// One entry of a field v3 writes as a list of `{key, value, disabled?, …}` or as a map of
/// `key: value` (headers, query and path parameters, variables, credentials, form fields).
pub struct Entry<'y, 'a> {
    pub key: String,
    /// `None` for `value: null` (a query parameter without `=`) or no value.
    pub value: Option<String>,
    pub disabled: bool,
    /// The list item itself, for fields beyond key and value (a form part's `type`, `src`).
    pub item: Option<&'y Yaml<'a>>,
}

/// The entries of a list-or-map field, in file order. List items without a key are skipped.
pub fn entries<'y, 'a>(node: Option<&'y Yaml<'a>>) -> Vec<Entry<'y, 'a>> {
    match node {
        Some(Yaml::Mapping(map)) => map
            .iter()
            .filter_map(|(k, v)| {
                Some(Entry {
                    key: text(k)?,
                    value: value_text(v),
                    disabled: false,
                    item: None,
                })
            })
            .collect(),
        _ => items(node)
            .iter()
            .filter_map(|item| {
                Some(Entry {
                    key: text_at(item, "key")?,
                    value: get(item, "value").and_then(value_text),
                    disabled: bool_at(item, "disabled") == Some(true)
                        || bool_at(item, "enabled") == Some(false),
                    item: Some(item),
                })
            })
            .collect(),
    }
}

/// A value as text; a list or map (a credential such as OAuth scopes) as its JSON text.
pub fn value_text(node: &Yaml<'_>) -> Option<String> {
    match node {
        Yaml::Sequence(_) | Yaml::Mapping(_) => Some(to_json(node).to_string()),
        other => text(other),
    }
}

/// A YAML tree as JSON (for GraphQL variables written as a map, and credentials that are lists).
pub fn to_json(node: &Yaml<'_>) -> Value {
    match node {
        Yaml::Sequence(items) => Value::Array(items.iter().map(to_json).collect()),
        Yaml::Mapping(map) => Value::Object(
            map.iter()
                .filter_map(|(k, v)| Some((text(k)?, to_json(v))))
                .collect(),
        ),
        Yaml::Value(Scalar::Integer(n)) => Value::from(*n),
        Yaml::Value(Scalar::FloatingPoint(f)) => Value::from(f.into_inner()),
        Yaml::Value(Scalar::Boolean(b)) => Value::Bool(*b),
        Yaml::Tagged(_, inner) => to_json(inner),
        other => text(other).map_or(Value::Null, Value::String),
    }
}
