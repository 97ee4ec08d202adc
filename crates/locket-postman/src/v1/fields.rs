//! Scripts and variables of a v1 request, folder or collection, as v2.1's `event` and
//! `variable` lists.

use serde_json::{Map, Value, json};

use super::json::{At, lodash_empty, object, truthy};
use crate::model::FormatError;

/// The v2.1 `event` list, `None` when there is none.
///
/// v1 has two forms: the strings `preRequestScript` and `tests`, and a later `events` list
/// already in v2.1's shape. As in the transformer, either string present makes the strings
/// win and `events` is ignored; the test event comes before the pre-request one (order within
/// the list does not matter to the runner: it picks events by `listen`).
pub fn events(entity: &Map<String, Value>, at: &At) -> Result<Option<Value>, FormatError> {
    let legacy = truthy(entity.get("tests")) || truthy(entity.get("preRequestScript"));
    if !legacy && !lodash_empty(entity.get("events")) {
        let Some(Value::Array(list)) = entity.get("events") else {
            let found = &entity["events"];
            return Err(at.key("events").wrong("a list", found));
        };
        let here = at.key("events");
        let mut out = Vec::new();
        for (i, event) in list.iter().enumerate() {
            let mut event = object(event, &here.index(i))?.clone();
            if !truthy(event.get("listen")) {
                event.insert("listen".into(), json!("test"));
            }
            event.remove("id");
            if let Some(Value::Object(script)) = event.get_mut("script") {
                script.remove("id");
                if !truthy(script.get("type")) {
                    script.insert("type".into(), json!("text/javascript"));
                }
                if let Some(Value::String(exec)) = script.get("exec") {
                    let lines = lines(exec);
                    script.insert("exec".into(), lines);
                }
            }
            out.push(Value::Object(event));
        }
        return Ok(Some(Value::Array(out)));
    }
    let mut out = Vec::new();
    for (key, listen) in [("tests", "test"), ("preRequestScript", "prerequest")] {
        if truthy(entity.get(key)) {
            let exec = match &entity[key] {
                Value::String(source) => lines(source),
                other => other.clone(),
            };
            out.push(json!({
                "listen": listen,
                "script": { "type": "text/javascript", "exec": exec },
            }));
        }
    }
    Ok((!out.is_empty()).then_some(Value::Array(out)))
}

/// A script's text as v2.1's list of lines (split on `\n` only, as the transformer does).
fn lines(source: &str) -> Value {
    source.split('\n').collect()
}

/// The v2.1 `variable` list of `variables` (or `variable`), `None` when empty. Each keeps
/// `key` (or, lacking it, `id`), `value`, `type` (`text` becomes `string`), `disabled` and a
/// non-empty `description`; ids are dropped.
pub fn variables(entity: &Map<String, Value>, at: &At) -> Result<Option<Value>, FormatError> {
    let (name, source) = if truthy(entity.get("variables")) {
        ("variables", &entity["variables"])
    } else if truthy(entity.get("variable")) {
        ("variable", &entity["variable"])
    } else {
        return Ok(None);
    };
    let here = at.key(name);
    let entries: Vec<(&Value, At)> = match source {
        Value::Array(list) => list
            .iter()
            .enumerate()
            .map(|(i, v)| (v, here.index(i)))
            .collect(),
        Value::Object(map) => map.iter().map(|(k, v)| (v, here.key(k))).collect(),
        other => return Err(here.wrong("a list", other)),
    };
    let mut out = Vec::new();
    for (entry, place) in entries {
        let entry = object(entry, &place)?;
        let mut variable = Map::new();
        let key = if truthy(entry.get("key")) {
            entry.get("key")
        } else {
            entry.get("id")
        };
        if let Some(key) = key.filter(|k| !k.is_null()) {
            variable.insert("key".into(), key.clone());
        }
        if let Some(value) = entry.get("value") {
            variable.insert("value".into(), value.clone());
        }
        if truthy(entry.get("type")) {
            let kind = match &entry["type"] {
                Value::String(t) if t == "text" => json!("string"),
                other => other.clone(),
            };
            variable.insert("type".into(), kind);
        }
        if truthy(entry.get("disabled")) {
            variable.insert("disabled".into(), Value::Bool(true));
        }
        if truthy(entry.get("description")) {
            variable.insert("description".into(), entry["description"].clone());
        }
        out.push(Value::Object(variable));
    }
    Ok((!out.is_empty()).then_some(Value::Array(out)))
}
