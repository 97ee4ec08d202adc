//! `*.environment.yaml` and `*.globals.yaml`: `name` and `values: [{key, value, enabled, type}]`,
//! as the v2.1 environment JSON they stand for.

use saphyr::Yaml;
use serde_json::{Value, json};

use super::fields;
use super::yaml::{get, text_at};
use crate::model::FormatError;

pub fn document(doc: &Yaml<'_>, file: &str) -> Result<Value, FormatError> {
    if !matches!(doc, Yaml::Mapping(_)) {
        return Err(FormatError(format!(
            "{file}: is not a Postman environment or globals file (expected `name:` and `values:`)"
        )));
    }
    // `values:` left empty is an empty list; a file with neither key is something else.
    if get(doc, "values").is_none() && get(doc, "name").is_none() {
        return Err(FormatError(format!(
            "{file}: has no `values:` list (a Postman environment or globals file has one)"
        )));
    }
    Ok(json!({
        "name": text_at(doc, "name").unwrap_or_default(),
        "id": text_at(doc, "id").unwrap_or_default(),
        "values": fields::variables(get(doc, "values")),
    }))
}
