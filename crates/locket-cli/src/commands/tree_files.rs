//! The files `locket check DIR` reads: every Postman file under a directory (a v3 collection's
//! `*.yaml`, environments, v2.x JSON exports), in a stable order.

use std::path::{Path, PathBuf};

use anyhow::Result;

/// What may hold `{{vault:…}}` references in a Postman workspace.
const EXTENSIONS: [&str; 3] = ["yaml", "yml", "json"];

/// Directories that are never a collection's: version control and installed packages.
const SKIPPED: [&str; 2] = [".git", "node_modules"];

/// The Postman files under `dir`, sorted by path (`.resources` included: definitions carry
/// auth and variables).
pub fn postman_files(dir: &Path) -> Result<Vec<PathBuf>> {
    let mut found = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(current) = pending.pop() {
        let listing = std::fs::read_dir(&current).map_err(|e| {
            crate::failure::usage(format!("cannot list {}: {e}", current.display()))
        })?;
        for entry in listing {
            let entry = entry.map_err(|e| {
                crate::failure::usage(format!("cannot list {}: {e}", current.display()))
            })?;
            let path = entry.path();
            let name = entry.file_name();
            // file_type does not follow symbolic links: a link to a directory cannot loop.
            let kind = entry.file_type().map_err(|e| {
                crate::failure::usage(format!("cannot read {}: {e}", path.display()))
            })?;
            if kind.is_dir() {
                if !SKIPPED.iter().any(|s| name == *s) {
                    pending.push(path);
                }
            } else if path
                .extension()
                .is_some_and(|e| EXTENSIONS.iter().any(|x| e.eq_ignore_ascii_case(x)))
            {
                found.push(path);
            }
        }
    }
    found.sort();
    Ok(found)
}
