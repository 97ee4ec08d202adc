//! The shape of a v1 collection as v2.1's nested `item` lists. v1 keeps every request in one
//! flat `requests` list and every folder in one flat `folders` list; ids tie them together:
//! a folder's `folders_order` lists its sub-folders and its `order` its requests, the
//! collection's `folders_order` its top-level folders and its `order` the requests in no folder.
//!
//! As in the transformer: a folder holds its sub-folders first, then its requests; ids that
//! name nothing are skipped; the top level lists folders (those that are no one's sub-folder)
//! before loose requests; without a collection `folders_order`, folders come in `folders` order.

use std::collections::{HashMap, HashSet};

use serde_json::{Map, Value};

use super::json::{At, copy_description, copy_profile, js_string, list_at, objects_at};
use super::request::{self, Requests};
use super::{auth, fields};
use crate::model::FormatError;

enum Child {
    Folder(String),
    Request(String),
}

struct Folder {
    /// The folder's own fields as v2.1, without `item`.
    head: Map<String, Value>,
    at: At,
    children: Vec<Child>,
}

/// The collection's top-level `item` list.
pub fn items(collection: &Map<String, Value>) -> Result<Vec<Value>, FormatError> {
    let root = At::root();
    let mut requests: Requests<'_> = HashMap::new();
    for (request, at) in objects_at(collection, "requests", &root)? {
        requests.insert(id(request), (request, at));
    }

    let entries = objects_at(collection, "folders", &root)?;
    let mut folders: HashMap<String, Folder> = HashMap::new();
    for (folder, at) in &entries {
        folders.insert(
            id(folder),
            Folder {
                head: head(folder, at)?,
                at: at.clone(),
                children: Vec::new(),
            },
        );
    }
    let mut nested = HashSet::new();
    for (folder, at) in &entries {
        let mut children = Vec::new();
        for sub in ids(folder, "folders_order", at)? {
            if folders.contains_key(&sub) {
                nested.insert(sub.clone());
                children.push(Child::Folder(sub));
            }
        }
        for request in ids(folder, "order", at)? {
            if requests.contains_key(&request) {
                children.push(Child::Request(request));
            }
        }
        // Entries sharing an id fill one folder (the last one's fields), as in the transformer.
        if let Some(target) = folders.get_mut(&id(folder)) {
            target.children.extend(children);
        }
    }

    let top_ids = match collection.get("folders_order") {
        None | Some(Value::Null) => entries.iter().map(|(f, _)| id(f)).collect(),
        Some(_) => ids(collection, "folders_order", &root)?,
    };
    let mut out = Vec::new();
    let mut listed = HashSet::new();
    for folder in top_ids {
        if folders.contains_key(&folder)
            && !nested.contains(&folder)
            && listed.insert(folder.clone())
        {
            out.push(build(&folder, &folders, &requests, &mut Vec::new())?);
        }
    }
    let mut loose = HashSet::new();
    for id in ids(collection, "order", &root)? {
        if let Some((request, at)) = requests.get(&id)
            && loose.insert(id.clone())
        {
            out.push(request::item(request, at, &requests)?);
        }
    }
    Ok(out)
}

/// A folder with its items; `path` holds the folders being built, to refuse a folder that
/// contains itself (newman would recurse until it crashes).
fn build(
    id: &str,
    folders: &HashMap<String, Folder>,
    requests: &Requests<'_>,
    path: &mut Vec<String>,
) -> Result<Value, FormatError> {
    let folder = &folders[id];
    if path.iter().any(|p| p == id) {
        return Err(FormatError(format!(
            "v1 collection: the folder at {} contains itself (through the folders_order of \
             its sub-folders): remove it from one of those lists",
            folder.at
        )));
    }
    path.push(id.to_string());
    let mut items = Vec::new();
    for child in &folder.children {
        items.push(match child {
            Child::Folder(sub) => build(sub, folders, requests, path)?,
            Child::Request(request) => {
                let (request, at) = &requests[request];
                request::item(request, at, requests)?
            }
        });
    }
    path.pop();
    let mut out = folder.head.clone();
    out.insert("item".into(), Value::Array(items));
    Ok(Value::Object(out))
}

/// A folder's own fields: name, description, auth (`noauth` kept), scripts, variables,
/// settings.
fn head(folder: &Map<String, Value>, at: &At) -> Result<Map<String, Value>, FormatError> {
    let mut out = Map::new();
    if let Some(name) = folder.get("name").filter(|n| !n.is_null()) {
        out.insert("name".into(), name.clone());
    }
    copy_description(folder, &mut out);
    if let Some(auth) = auth::auth(folder, at, false)? {
        out.insert("auth".into(), auth);
    }
    if let Some(events) = fields::events(folder, at)? {
        out.insert("event".into(), events);
    }
    if let Some(variables) = fields::variables(folder, at)? {
        out.insert("variable".into(), variables);
    }
    copy_profile(folder, &mut out);
    Ok(out)
}

/// An entity's `id` as the transformer keys it (a missing id is the key "undefined").
fn id(entity: &Map<String, Value>) -> String {
    entity
        .get("id")
        .map(js_string)
        .unwrap_or_else(|| "undefined".into())
}

/// The ids listed at `key` (`order`, `folders_order`).
fn ids(entity: &Map<String, Value>, key: &str, at: &At) -> Result<Vec<String>, FormatError> {
    Ok(list_at(entity, key, at)?.iter().map(js_string).collect())
}
