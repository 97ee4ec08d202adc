//! A collection directory as v2.1's nested `item` lists: sub-directories are folders,
//! `*.request.yaml` files are requests, `.resources/definition.yaml` holds a folder's (or the
//! collection's) settings, and siblings run in the order their `order` fields give.

use std::cmp::Ordering;
use std::path::{Path, PathBuf};

use serde_json::{Value, json};

use super::yaml::{self, get, text_at};
use super::{fields, read_yaml, request};
use crate::model::FormatError;

const REQUEST_SUFFIXES: [&str; 2] = [".request.yaml", ".request.yml"];

/// Folders nested deeper than this are refused (a symlink loop would otherwise never end).
const MAX_DEPTH: usize = 64;

/// The settings a directory's definition gives, as v2.1 fields (all optional).
pub struct Definition {
    /// Whether the directory has a definition file at all.
    pub found: bool,
    pub name: Option<String>,
    pub id: String,
    pub order: Option<f64>,
    pub variables: Value,
    pub auth: Option<Value>,
    pub events: Value,
    pub settings: Value,
}

/// `DIR/.resources/definition.yaml` (or `.yml`; at the root, the legacy `collection.yaml` too).
pub fn definition(dir: &Path, root: bool) -> Result<Definition, FormatError> {
    let resources = dir.join(".resources");
    let mut candidates = vec![
        resources.join("definition.yaml"),
        resources.join("definition.yml"),
    ];
    if root {
        candidates.push(dir.join("collection.yaml"));
    }
    let Some(path) = candidates.into_iter().find(|p| p.is_file()) else {
        return Ok(Definition {
            found: false,
            name: None,
            id: String::new(),
            order: None,
            variables: json!([]),
            auth: None,
            events: json!([]),
            settings: Value::Null,
        });
    };
    read_yaml(&path, |doc, _| {
        Ok(Definition {
            found: true,
            name: text_at(doc, "name"),
            id: text_at(doc, "id").unwrap_or_default(),
            order: yaml::number_at(doc, "order"),
            variables: fields::variables(get(doc, "variables")),
            auth: fields::auth(get(doc, "auth")),
            events: fields::events(get(doc, "scripts")),
            settings: fields::settings(get(doc, "settings")),
        })
    })
}

/// A folder or request among its siblings, with what orders it.
struct Child {
    order: Option<f64>,
    name: String,
    item: Value,
}

/// The v2.1 `item` list of a directory: its folders and requests in run order.
pub fn items(dir: &Path, depth: usize) -> Result<Vec<Value>, FormatError> {
    if depth > MAX_DEPTH {
        return Err(FormatError(format!(
            "{}: folders are nested more than {MAX_DEPTH} deep",
            dir.display()
        )));
    }
    let mut children = Vec::new();
    for path in listing(dir)? {
        let file_name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        // `.resources` (definitions, saved examples) and other dot-directories are not folders.
        if file_name.starts_with('.') {
            continue;
        }
        if path.is_dir() {
            children.push(folder(&path, file_name, depth)?);
        } else if let Some(stem) = REQUEST_SUFFIXES
            .iter()
            .find_map(|s| file_name.strip_suffix(s))
        {
            let stem = stem.to_string();
            let child =
                read_yaml(&path, |doc, shown| {
                    let name = text_at(doc, "name").unwrap_or(stem);
                    let order = yaml::number_at(doc, "order");
                    Ok(request::item(doc, name.clone(), shown)?.map(|item| Child {
                        order,
                        name,
                        item,
                    }))
                })?;
            children.extend(child);
        }
        // Anything else (README.md, scripts, …) is not part of the collection.
    }
    children.sort_by(run_order);
    Ok(children.into_iter().map(|c| c.item).collect())
}

fn folder(dir: &Path, dir_name: String, depth: usize) -> Result<Child, FormatError> {
    let def = definition(dir, false)?;
    let name = def.name.unwrap_or(dir_name);
    let mut item = json!({
        "id": def.id,
        "name": name,
        "item": items(dir, depth + 1)?,
        "event": def.events,
        "protocolProfileBehavior": def.settings,
    });
    if let Some(auth) = def.auth {
        item["auth"] = auth;
    }
    Ok(Child {
        order: def.order,
        name,
        item,
    })
}

/// Siblings without `order` first, then by ascending `order`; ties by name (as Postman's CLI).
fn run_order(a: &Child, b: &Child) -> Ordering {
    let by_order = match (a.order, b.order) {
        (None, None) => Ordering::Equal,
        (None, Some(_)) => Ordering::Less,
        (Some(_), None) => Ordering::Greater,
        (Some(x), Some(y)) => x.total_cmp(&y),
    };
    by_order.then_with(|| a.name.cmp(&b.name))
}

fn listing(dir: &Path) -> Result<Vec<PathBuf>, FormatError> {
    let cannot = |e: std::io::Error| FormatError(format!("cannot list {}: {e}", dir.display()));
    let mut paths = std::fs::read_dir(dir)
        .map_err(cannot)?
        .map(|entry| entry.map(|e| e.path()).map_err(cannot))
        .collect::<Result<Vec<_>, _>>()?;
    // Sorted so that equal names and orders come out the same on every file system.
    paths.sort();
    Ok(paths)
}
