//! Postman's collection format v1 (the app's exports before 2016: `requests`, `folders`,
//! `order`), read as newman reads it: converted to the v2.1 document it stands for, following
//! postman-collection-transformer (the converter newman 6 runs on a v1 file), then read by
//! [`crate::model`]'s v2.1 reader. Variables, auth inheritance, scripts (`pm.request` is the
//! converted request), the runner, reports and `--folder` are the same code for every format.
//! Decisions where the sources are silent are in docs/postman-v1.md.
//!
//! - [`tree`]: folders, sub-folders and loose requests from the id lists;
//! - [`request`]: one request as a v2.1 item (and its saved responses);
//! - [`url`]: the URL string split as Postman's SDK splits it, `queryParams`, path variables;
//! - [`headers`]: the `headers` string and `headerData`;
//! - [`body`]: `dataMode` and the fields holding the body;
//! - [`auth`]: `currentHelper`/`helperAttributes`, or `auth` in the v2.1 list form;
//! - [`fields`]: scripts (`preRequestScript`, `tests`, `events`) and variables;
//! - [`json`]: JSON places for messages, JavaScript's truthiness, type checks.

pub mod auth;
pub mod body;
pub mod fields;
pub mod headers;
pub mod json;
pub mod request;
pub mod tree;
pub mod url;

use serde_json::{Map, Value};

use crate::model::FormatError;
use json::{At, copy_description, copy_profile, truthy};

/// The v2.1 schema the converted document declares.
const SCHEMA: &str = "https://schema.getpostman.com/json/collection/v2.1.0/collection.json";

/// Whether a parsed collection is v1: newman's test, a (non-empty) `name`, `order` and
/// `requests`.
pub fn is_v1(document: &Value) -> bool {
    document.as_object().is_some_and(|o| {
        truthy(o.get("name")) && truthy(o.get("order")) && truthy(o.get("requests"))
    })
}

/// The v2.1 collection document a v1 collection reads as (what `--export-collection` writes:
/// a file newman can run). A value of the wrong type in the structure is an error naming its
/// place (`requests[3].headerData`).
pub fn to_v21(document: &Value) -> Result<Value, FormatError> {
    let root = At::root();
    let collection = json::object(document, &root)?;
    let mut info = Map::new();
    let id = if truthy(collection.get("id")) {
        collection["id"].clone()
    } else {
        // The transformer makes one up; the run's report shows it.
        Value::String(crate::dynamic::Dynamic::new().uuid())
    };
    info.insert("_postman_id".into(), id);
    info.insert("name".into(), collection["name"].clone());
    copy_description(collection, &mut info);
    info.insert("schema".into(), Value::String(SCHEMA.into()));

    let mut out = Map::new();
    out.insert("info".into(), Value::Object(info));
    out.insert("item".into(), Value::Array(tree::items(collection)?));
    if let Some(auth) = auth::auth(collection, &root, true)? {
        out.insert("auth".into(), auth);
    }
    if let Some(events) = fields::events(collection, &root)? {
        out.insert("event".into(), events);
    }
    if let Some(variables) = fields::variables(collection, &root)? {
        out.insert("variable".into(), variables);
    }
    copy_profile(collection, &mut out);
    Ok(Value::Object(out))
}

#[cfg(test)]
mod tests;
