//! Postman's collection format v3 ("collection schema 3.0.0", Postman v12's YAML in git): a
//! directory per collection, read into the same [`Collection`] as v2.1, so variables, auth
//! inheritance, scripts, the runner, reports and `--folder` serve both formats unchanged.
//!
//! Each file is turned into the v2.1 JSON it stands for, then read by [`crate::model`]'s v2.1
//! reader: one reader of requests, and scripts see the same `pm.request` from both formats.
//! Postman's own CLI reads v3 the same way. Decisions where the format's sources are silent
//! are in docs/postman-v3.md.
//!
//! - [`yaml`]: YAML text to a tree, and the list-or-map forms every field may take;
//! - [`tree`]: directories as folders, `order`, `.resources/definition.yaml`;
//! - [`request`]: one `*.request.yaml` (URL and query, body modes);
//! - [`fields`]: auth, scripts, variables and settings, shared by all three levels;
//! - [`environment`]: `*.environment.yaml` and globals files.

pub mod environment;
pub mod fields;
pub mod request;
pub mod tree;
pub mod yaml;

use std::path::Path;

use saphyr::Yaml;
use serde_json::{Value, json};

use crate::model::{Collection, FormatError, VariableFile, utf8_text};

/// Whether `path` is a v3 collection (a directory, or one of its YAML files) rather than a
/// v2.x JSON file.
pub fn is_v3(path: &Path) -> bool {
    path.is_dir()
        || path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("yaml") || e.eq_ignore_ascii_case("yml"))
}

/// Reads a v3 collection from its directory (`postman/collections/NAME`), from its
/// `.resources/definition.yaml` or legacy `collection.yaml`, or a single `*.request.yaml` as a
/// collection of that one request.
pub fn read_collection(path: &Path) -> Result<Collection, FormatError> {
    Collection::from_value(&to_v21(path)?)
}

/// The v2.1 collection document a v3 collection reads as (what `--export-collection` writes:
/// a file newman can run).
pub fn to_v21(path: &Path) -> Result<Value, FormatError> {
    let file_name = path.file_name().map(|n| n.to_string_lossy().into_owned());
    let root = if path.is_dir() {
        path.to_path_buf()
    } else {
        match file_name.as_deref() {
            Some("definition.yaml" | "definition.yml") => path
                .parent()
                .and_then(Path::parent)
                .unwrap_or(Path::new("."))
                .to_path_buf(),
            Some("collection.yaml") => path.parent().unwrap_or(Path::new(".")).to_path_buf(),
            _ => return single_request(path),
        }
    };
    let def = tree::definition(&root, true)?;
    let items = tree::items(&root, 0)?;
    if items.is_empty() && !def.found {
        return Err(FormatError(format!(
            "{} is not a Postman v3 collection: it has no *.request.yaml file and no \
             .resources/definition.yaml (a v2.x export is a .json file: pass that file; a \
             workspace keeps each collection in postman/collections/NAME)",
            root.display()
        )));
    }
    let dir_name = root
        .canonicalize()
        .ok()
        .and_then(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
        .unwrap_or_default();
    let mut document = json!({
        "info": {
            "_postman_id": def.id,
            "name": def.name.unwrap_or(dir_name),
            "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json",
        },
        "item": items,
        "variable": def.variables,
        "event": def.events,
        "protocolProfileBehavior": def.settings,
    });
    if let Some(auth) = def.auth {
        document["auth"] = auth;
    }
    Ok(document)
}

fn single_request(path: &Path) -> Result<Value, FormatError> {
    let stem = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let stem = [".request.yaml", ".request.yml", ".yaml", ".yml"]
        .iter()
        .find_map(|s| stem.strip_suffix(s))
        .unwrap_or(&stem)
        .to_string();
    let item = read_yaml(path, |doc, shown| {
        let name = yaml::text_at(doc, "name").unwrap_or_else(|| stem.clone());
        request::item(doc, name, shown)?.ok_or_else(|| {
            FormatError(format!(
                "{shown}: is not an HTTP request (`$kind: http-request`); locket runs only those"
            ))
        })
    })?;
    Ok(json!({
        "info": {
            "name": stem,
            "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json",
        },
        "item": [item],
    }))
}

/// An environment or globals file in v3 YAML (or, when its text starts with `{` or `[`, the
/// v2.x JSON one): one reader for `run -e`/`-g` and `import`.
pub fn read_variable_file(bytes: &[u8], label: &str) -> Result<VariableFile, FormatError> {
    let text = utf8_text(bytes)?;
    let first = text.iter().find(|b| !b.is_ascii_whitespace());
    if matches!(first, Some(b'{' | b'[')) {
        return VariableFile::from_json(&text);
    }
    let value = with_yaml(&text, label, environment::document)?;
    VariableFile::from_value(&value)
}

/// A YAML file's tree, handed to `read` with the path to show in messages.
fn read_yaml<T>(
    path: &Path,
    read: impl FnOnce(&Yaml<'_>, &str) -> Result<T, FormatError>,
) -> Result<T, FormatError> {
    let shown = path.display().to_string();
    let bytes =
        std::fs::read(path).map_err(|e| FormatError(format!("cannot read {shown}: {e}")))?;
    with_yaml(&utf8_text(&bytes)?, &shown, read)
}

fn with_yaml<T>(
    bytes: &[u8],
    shown: &str,
    read: impl FnOnce(&Yaml<'_>, &str) -> Result<T, FormatError>,
) -> Result<T, FormatError> {
    let text = std::str::from_utf8(bytes).map_err(|e| {
        FormatError(format!(
            "{shown}: is not UTF-8 text (at byte {})",
            e.valid_up_to()
        ))
    })?;
    let doc = yaml::parse(text, shown)?;
    read(&doc, shown)
}

#[cfg(test)]
mod tests;
