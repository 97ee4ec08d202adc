//! The one shape every format is read into: maps, sequences and string scalars that know where
//! each of their decoded bytes is written in the file, so a part of a value can be replaced at
//! its exact byte span whatever escapes the file used.

use std::ops::Range;

use zeroize::Zeroizing;

pub enum Node {
    Map(Vec<(String, Node)>),
    Seq(Vec<Node>),
    Str(Scalar),
    /// JSON's `true` (YAML's is a plain scalar).
    True,
    /// Numbers, booleans, null, aliases: nothing to scan.
    Other,
}

impl Node {
    pub fn get(&self, key: &str) -> Option<&Node> {
        match self {
            Node::Map(entries) => entries.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    pub fn text(&self, key: &str) -> Option<&str> {
        match self.get(key)? {
            Node::Str(s) => Some(&s.value),
            _ => None,
        }
    }
}

/// How a scalar is written, which decides how a part of it can be replaced.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Style {
    /// Inside a JSON string, a YAML quoted scalar, a YAML literal block or a quoted .env value:
    /// `{{vault:NAME}}` can be written there as is.
    Quoted,
    /// A plain (unquoted) YAML scalar: the whole scalar is rewritten double-quoted, since a plain
    /// scalar may not start with `{`.
    YamlPlain,
    /// An unquoted .env value: `{{vault:NAME}}` can be written as is.
    Bare,
}

pub struct Scalar {
    pub value: Zeroizing<String>,
    /// Where the scalar is written, quotes included.
    pub whole: Range<usize>,
    /// `at[i]` is the file offset where the decoded byte `i` is written (`at[len]`: the end of
    /// the last one), or `None` when the writing could not be mapped byte for byte (the scalar is
    /// then reported, but not rewritten).
    pub at: Option<Vec<usize>>,
    pub style: Style,
}

impl Scalar {
    /// The file span that holds the decoded bytes `range`, when it is known exactly.
    pub fn span(&self, range: &Range<usize>) -> Option<Range<usize>> {
        let at = self.at.as_ref()?;
        Some(at[range.start]..at[range.end])
    }

    /// Where decoded byte `i` is written, or where the scalar starts.
    pub fn offset(&self, i: usize) -> usize {
        self.at
            .as_ref()
            .and_then(|at| at.get(i).copied())
            .unwrap_or(self.whole.start)
    }
}

/// The offsets of a value written verbatim from `start`.
pub fn verbatim(start: usize, len: usize) -> Vec<usize> {
    (start..=start + len).collect()
}
