//! Putting `{{vault:NAME}}` where a secret was: the edit for one secret (its exact bytes in the
//! file, whatever escapes wrote it), and applying a file's edits, every other byte kept.

use std::ops::Range;

use super::Edit;
use super::tree::{Scalar, Style};

pub(super) fn edit_for(scalar: &Scalar, range: &Range<usize>) -> Result<Edit, &'static str> {
    let span = scalar
        .span(range)
        .ok_or("written in a form locket cannot rewrite exactly: move it by hand")?;
    Ok(match scalar.style {
        Style::Quoted | Style::Bare => Edit {
            range: span,
            before: String::new(),
            after: String::new(),
        },
        // A plain YAML scalar may not start with `{`: the whole scalar becomes double-quoted.
        Style::YamlPlain => Edit {
            range: scalar.whole.clone(),
            before: format!("\"{}", yaml_escape(&scalar.value[..range.start])),
            after: format!("{}\"", yaml_escape(&scalar.value[range.end..])),
        },
    })
}

/// The inside of a YAML double-quoted scalar for `s`.
pub fn yaml_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if c.is_control() => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out
}

/// The reference that replaces a secret.
pub fn reference(name: &str) -> String {
    format!("{{{{vault:{name}}}}}")
}

/// `text` with each `(edit, reference)` applied, in any order given, and how many were left
/// out because they overlap one applied before them: two secrets of one plain YAML scalar are
/// two rewrites of the whole scalar; after the first, the scalar is quoted and the second can be
/// found and applied on its own ([`super::fix`] goes round until nothing is left).
pub fn apply(text: &str, edits: &[(Edit, String)]) -> (String, usize) {
    let mut sorted: Vec<&(Edit, String)> = edits.iter().collect();
    sorted.sort_by_key(|(e, _)| (e.range.start, e.range.end));
    sorted.dedup_by(|a, b| a.0 == b.0 && a.1 == b.1);
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    let mut skipped = 0;
    for (edit, reference) in sorted {
        if edit.range.start < at || edit.range.end > text.len() {
            skipped += 1;
            continue;
        }
        out.push_str(&text[at..edit.range.start]);
        out.push_str(&edit.before);
        out.push_str(reference);
        out.push_str(&edit.after);
        at = edit.range.end;
    }
    out.push_str(&text[at..]);
    (out, skipped)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn plain(range: Range<usize>) -> Edit {
        Edit {
            range,
            before: String::new(),
            after: String::new(),
        }
    }

    #[test]
    fn an_edit_overlapping_an_earlier_one_is_left_for_the_next_round() {
        let edits = [(plain(2..6), "B".into()), (plain(0..4), "A".into())];
        assert_eq!(apply("0123456789", &edits), ("A456789".to_string(), 1));
    }

    proptest! {
        /// Every byte outside the edited spans is kept, in order; each span holds its reference.
        #[test]
        fn only_the_spans_change(
            text in "[a-z {}\"\\n]{0,80}",
            cuts in proptest::collection::vec((0usize..80, 0usize..10), 0..6),
        ) {
            let mut ranges: Vec<Range<usize>> = cuts
                .into_iter()
                .map(|(s, l)| s.min(text.len())..(s + l).min(text.len()))
                .collect();
            ranges.sort_by_key(|r| r.start);
            let mut disjoint: Vec<Range<usize>> = Vec::new();
            for r in ranges {
                if disjoint.last().is_none_or(|l| r.start >= l.end) {
                    disjoint.push(r);
                }
            }
            let edits: Vec<(Edit, String)> = disjoint
                .iter()
                .enumerate()
                .map(|(i, r)| (plain(r.clone()), reference(&format!("n{i}"))))
                .collect();
            let (out, skipped) = apply(&text, &edits);
            prop_assert_eq!(skipped, 0);
            let mut expected = String::new();
            let mut at = 0;
            for (i, r) in disjoint.iter().enumerate() {
                expected.push_str(&text[at..r.start]);
                expected.push_str(&reference(&format!("n{i}")));
                at = r.end;
            }
            expected.push_str(&text[at..]);
            prop_assert_eq!(out, expected);
        }

        /// In a YAML double-quoted scalar, single-quoted or plain, each character's span is
        /// exactly its writing: cut out and read alone, it is that character.
        #[test]
        fn yaml_spans_are_each_characters_writing(s in "[a-zA-Z0-9 '\"\\\\\t\u{e9}\u{1F600}-]{1,30}") {
            for doc in [format!("k: \"{}\"\n", yaml_escape(&s)), format!("k: '{}'\n", s.replace('\'', "''"))] {
                let root = super::super::yaml::read(&doc).unwrap();
                let Some(super::super::tree::Node::Str(scalar)) = root.get("k") else {
                    panic!("{doc}")
                };
                prop_assert_eq!(scalar.value.as_str(), s.as_str());
                let at = scalar.at.as_ref().unwrap();
                let quote = &doc[3..4];
                for (i, c) in s.char_indices() {
                    let piece = &doc[at[i]..at[i + c.len_utf8()]];
                    let alone = super::super::yaml::read(&format!("k: {quote}{piece}{quote}\n")).unwrap();
                    let expected = c.to_string();
                    prop_assert_eq!(alone.text("k"), Some(expected.as_str()), "{:?} in {:?}", piece, doc);
                }
            }
        }

        /// A YAML double-quoted scalar written by `yaml_escape` reads back as the string.
        #[test]
        fn yaml_escape_round_trips(s in "\\PC{0,40}") {
            let doc = format!("k: \"{}\"\n", yaml_escape(&s));
            let root = super::super::yaml::read(&doc).unwrap();
            prop_assert_eq!(root.text("k"), Some(s.as_str()));
        }
    }
}
