//! Marking false positives. A finding's id is a fingerprint of where it is (the file as shown,
//! its kind, its address in the file's structure and its rank there), never of its value: a
//! committed `.locketignore` reveals nothing about the value, and the id survives reformatting
//! and moved lines. The trade-off, as gitleaks' fingerprints: a different value put in the same
//! place stays ignored. YAML and `.env` files can also say `# locket:ignore` on the line.

use sha2::{Digest, Sha256};

use super::Kind;

pub fn fingerprint(file: &str, kind: Kind, path: &str, ordinal: usize) -> String {
    let mut h = Sha256::new();
    for part in [file, kind.as_str(), path, &ordinal.to_string()] {
        h.update(part.as_bytes());
        h.update([0]);
    }
    h.finalize()[..6]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// A `.locketignore`: one id per line, `#` comments, blank lines.
pub struct IgnoreList(Vec<String>);

impl IgnoreList {
    pub fn parse(text: &str) -> Self {
        IgnoreList(
            text.lines()
                .map(|l| l.split('#').next().unwrap_or("").trim())
                .filter(|l| !l.is_empty())
                .map(str::to_string)
                .collect(),
        )
    }

    pub fn contains(&self, id: &str) -> bool {
        self.0.iter().any(|i| i == id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_depend_on_the_place_not_the_value() {
        let a = fingerprint("c.json", Kind::Jwt, "/item/0/request/url", 0);
        assert_eq!(a.len(), 12);
        assert_ne!(
            a,
            fingerprint("c.json", Kind::Jwt, "/item/1/request/url", 0)
        );
        assert_ne!(
            a,
            fingerprint("d.json", Kind::Jwt, "/item/0/request/url", 0)
        );
        let list = IgnoreList::parse(&format!("# reviewed\n{a}  # a test token\n\n"));
        assert!(list.contains(&a));
        assert!(!list.contains("reviewed"));
    }
}
