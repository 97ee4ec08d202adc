//! What the converter needs from JSON values: where a value sits (for messages), JavaScript's
//! and lodash's ideas of "empty" and "true" (the transformer's rules are written with them), and
//! the checks that turn a wrong type into an error naming its place.

use std::fmt;

use serde_json::{Map, Value};

use crate::model::FormatError;

/// Where a value sits in the v1 document, shown in messages: `requests[2].headerData[0].key`.
#[derive(Clone)]
pub struct At(String);

impl At {
    pub fn root() -> At {
        At(String::new())
    }

    pub fn key(&self, key: &str) -> At {
        if self.0.is_empty() {
            At(key.to_string())
        } else {
            At(format!("{}.{key}", self.0))
        }
    }

    pub fn index(&self, i: usize) -> At {
        At(format!("{}[{i}]", self.0))
    }

    /// The error for a value of the wrong type here.
    pub fn wrong(&self, expected: &str, found: &Value) -> FormatError {
        FormatError(format!(
            "v1 collection: {self} is {}, expected {expected}",
            kind(found)
        ))
    }
}

impl fmt::Display for At {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0.is_empty() {
            f.write_str("the document")
        } else {
            f.write_str(&self.0)
        }
    }
}

fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

/// JavaScript truthiness (`if (x)`): absent, null, false, 0 and "" are false.
pub fn truthy(value: Option<&Value>) -> bool {
    match value {
        None | Some(Value::Null) => false,
        Some(Value::Bool(b)) => *b,
        Some(Value::Number(n)) => n.as_f64().is_some_and(|f| f != 0.0),
        Some(Value::String(s)) => !s.is_empty(),
        Some(Value::Array(_) | Value::Object(_)) => true,
    }
}

/// lodash's `_.isEmpty`: only a non-empty string, list or object is not empty (numbers and
/// booleans are "empty" to it).
pub fn lodash_empty(value: Option<&Value>) -> bool {
    match value {
        Some(Value::String(s)) => s.is_empty(),
        Some(Value::Array(a)) => a.is_empty(),
        Some(Value::Object(o)) => o.is_empty(),
        _ => true,
    }
}

/// JavaScript's `String(x)` for a scalar.
pub fn js_string(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        Value::Null => "null".into(),
        other => other.to_string(),
    }
}

/// The list at `key`, or an empty one when absent or null; anything else is an error.
pub fn list_at<'a>(
    obj: &'a Map<String, Value>,
    key: &str,
    at: &At,
) -> Result<&'a [Value], FormatError> {
    match obj.get(key) {
        None | Some(Value::Null) => Ok(&[]),
        Some(Value::Array(items)) => Ok(items),
        Some(other) => Err(at.key(key).wrong("a list", other)),
    }
}

/// The object a list entry must be.
pub fn object<'a>(value: &'a Value, at: &At) -> Result<&'a Map<String, Value>, FormatError> {
    value
        .as_object()
        .ok_or_else(|| at.wrong("an object", value))
}

/// An object of the document and its place.
pub type Placed<'a> = (&'a Map<String, Value>, At);

/// The objects of the list at `key`, each with its place.
pub fn objects_at<'a>(
    obj: &'a Map<String, Value>,
    key: &str,
    at: &At,
) -> Result<Vec<Placed<'a>>, FormatError> {
    let here = at.key(key);
    list_at(obj, key, at)?
        .iter()
        .enumerate()
        .map(|(i, v)| {
            let place = here.index(i);
            object(v, &place).map(|o| (o, place))
        })
        .collect()
}

/// The string at `key`, absent when absent or null; another type is an error.
pub fn str_at<'a>(
    obj: &'a Map<String, Value>,
    key: &str,
    at: &At,
) -> Result<Option<&'a str>, FormatError> {
    match obj.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s)),
        Some(other) => Err(at.key(key).wrong("a string", other)),
    }
}

/// The transformer's `cleanEmptyValue`: a falsy `description` is dropped, not kept as "".
pub fn drop_empty_description(obj: &mut Map<String, Value>) {
    if obj.contains_key("description") && !truthy(obj.get("description")) {
        obj.remove("description");
    }
}

/// A plain, non-empty `protocolProfileBehavior` object is carried over as it is.
pub fn copy_profile(from: &Map<String, Value>, to: &mut Map<String, Value>) {
    if let Some(Value::Object(behavior)) = from.get("protocolProfileBehavior")
        && !behavior.is_empty()
    {
        to.insert(
            "protocolProfileBehavior".into(),
            Value::Object(behavior.clone()),
        );
    }
}

/// `description` carried over when it is truthy.
pub fn copy_description(from: &Map<String, Value>, to: &mut Map<String, Value>) {
    if truthy(from.get("description")) {
        to.insert("description".into(), from["description"].clone());
    }
}
