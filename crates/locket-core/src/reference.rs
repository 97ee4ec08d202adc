//! The reference grammar: `{{vault:NAME}}`, Postman's syntax.
//!
//! The one rule: wherever `{{` is followed (after optional spaces or tabs) by `vault:` in any
//! case, a reference is *meant*. It is valid only when written exactly `{{vault:NAME}}`, with a
//! NAME that follows the name rule and `}}` closing it on the same line. Anything else that was
//! meant as a reference (`{{vault:}}`, `{{ vault:x }}`, `{{VAULT:x}}`, `{{vault:a b}}`, a missing
//! `}}`) is *malformed*: reported with its position, never substituted and never passed through
//! silently. Every other `{{…}}` (Postman variables) is plain text to this grammar.
//!
//! Parsing works on bytes and never allocates for plain text, so templates need not be UTF-8.

use std::ops::Range;

use memchr::memmem;

use crate::name::SecretName;

const OPEN: &[u8] = b"{{";
const CLOSE: &[u8] = b"}}";
const PREFIX: &[u8] = b"vault:";

/// A reference or a malformed would-be reference, with its byte span in the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Item {
    Reference {
        name: SecretName,
        span: Range<usize>,
    },
    Malformed {
        reason: Malformed,
        span: Range<usize>,
    },
}

impl Item {
    pub fn span(&self) -> &Range<usize> {
        match self {
            Item::Reference { span, .. } | Item::Malformed { span, .. } => span,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Malformed {
    EmptyName,
    SpaceInside,
    UppercasePrefix,
    InvalidName(String),
    Unclosed,
}

impl std::fmt::Display for Malformed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Malformed::EmptyName => f.write_str("the name is empty; write {{vault:NAME}}"),
            Malformed::SpaceInside => {
                f.write_str("spaces are not allowed inside a reference; write {{vault:NAME}}")
            }
            Malformed::UppercasePrefix => {
                f.write_str("write `vault:` in lower case: {{vault:NAME}}")
            }
            Malformed::InvalidName(name) => {
                write!(
                    f,
                    "{name:?} is not a valid secret name ({})",
                    crate::name::RULE
                )
            }
            Malformed::Unclosed => {
                f.write_str("the reference is not closed with }} on the same line")
            }
        }
    }
}

/// Every reference and malformed reference in `text`, in order.
pub fn parse(text: &[u8]) -> Vec<Item> {
    let mut items = Vec::new();
    let finder = memmem::Finder::new(OPEN);
    let mut at = 0;
    while let Some(found) = finder.find(&text[at..]) {
        let start = at + found;
        match candidate(text, start) {
            Some((item, end)) => {
                items.push(item);
                at = end;
            }
            None => at = start + 1,
        }
    }
    items
}

/// If a reference is meant at `start` (which holds `{{`), the item and where it ends.
fn candidate(text: &[u8], start: usize) -> Option<(Item, usize)> {
    let after_open = start + OPEN.len();
    let body_start = after_open
        + text[after_open..]
            .iter()
            .take_while(|b| matches!(b, b' ' | b'\t'))
            .count();
    let prefix = text.get(body_start..body_start + PREFIX.len())?;
    if !prefix.eq_ignore_ascii_case(PREFIX) {
        return None;
    }
    let close = match find_close(&text[body_start..]) {
        Ok(close) => close,
        Err(line_end) => {
            let line_end = body_start + line_end;
            return Some((
                Item::Malformed {
                    reason: Malformed::Unclosed,
                    span: start..line_end,
                },
                line_end,
            ));
        }
    };
    let end = body_start + close + CLOSE.len();
    let span = start..end;
    let name_bytes = &text[body_start + PREFIX.len()..body_start + close];
    let malformed = |reason| {
        Some((
            Item::Malformed {
                reason,
                span: span.clone(),
            },
            end,
        ))
    };
    if body_start != after_open || name_bytes.last().is_some_and(|b| matches!(b, b' ' | b'\t')) {
        return malformed(Malformed::SpaceInside);
    }
    if prefix != PREFIX {
        return malformed(Malformed::UppercasePrefix);
    }
    if name_bytes.is_empty() {
        return malformed(Malformed::EmptyName);
    }
    let name_text = String::from_utf8_lossy(name_bytes);
    match SecretName::new(&name_text) {
        Ok(name) => Some((
            Item::Reference {
                name,
                span: span.clone(),
            },
            end,
        )),
        Err(_) => malformed(Malformed::InvalidName(name_text.into_owned())),
    }
}

/// `Ok` with the offset of the first `}}` in `text`, or `Err` with the end of the line when the
/// line ends (or the text does) first. The scan stops at whichever comes first, so each byte is
/// looked at once for the whole parse: searching the rest of the text for the line's end on
/// every reference made one long line quadratic. A plain memchr loop: a memmem finder per
/// reference would cost more than the search, which is usually a few bytes long.
fn find_close(text: &[u8]) -> Result<usize, usize> {
    let mut at = 0;
    let found = loop {
        let Some(i) = memchr::memchr2(b'}', b'\n', &text[at..]) else {
            break Err(text.len());
        };
        let i = at + i;
        if text[i] == b'\n' {
            break Err(i);
        }
        if text.get(i + 1) == Some(&b'}') {
            break Ok(i);
        }
        at = i + 1;
    };
    #[cfg(test)]
    scanned::add(found.unwrap_or_else(|end| end));
    found
}

/// Bytes looked at by [`find_close`] on this thread: lets a test prove the parse linear by
/// counting work rather than timing it.
#[cfg(test)]
mod scanned {
    use std::cell::Cell;

    thread_local!(static BYTES: Cell<usize> = const { Cell::new(0) });

    pub fn add(n: usize) {
        BYTES.with(|b| b.set(b.get() + n));
    }

    pub fn take() -> usize {
        BYTES.with(|b| b.replace(0))
    }
}

/// 1-based line and column (in bytes) of a byte offset, for messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct Position {
    pub line: usize,
    pub column: usize,
}

/// Maps byte offsets to positions; built once per text, then each lookup is a binary search.
pub struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    pub fn new(text: &[u8]) -> Self {
        let mut starts = vec![0];
        starts.extend(memchr::memchr_iter(b'\n', text).map(|i| i + 1));
        LineIndex { starts }
    }

    pub fn position(&self, offset: usize) -> Position {
        let line = self.starts.partition_point(|&s| s <= offset);
        Position {
            line,
            column: offset - self.starts[line - 1] + 1,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn names(text: &str) -> Vec<String> {
        parse(text.as_bytes())
            .into_iter()
            .map(|i| match i {
                Item::Reference { name, .. } => name.to_string(),
                Item::Malformed { reason, .. } => format!("!{reason:?}"),
            })
            .collect()
    }

    #[test]
    fn finds_references_and_their_spans() {
        let text = "Bearer {{vault:api-key}} and {{vault:b.c_1}}{{vault:api-key}}";
        let items = parse(text.as_bytes());
        assert_eq!(names(text), ["api-key", "b.c_1", "api-key"]);
        assert_eq!(&text[items[0].span().clone()], "{{vault:api-key}}");
        assert_eq!(items[2].span().end, text.len());
    }

    #[test]
    fn postman_variables_and_near_misses_are_plain_text() {
        for text in [
            "{{baseUrl}}",
            "{vault:x}",
            "{{vaults:x}}",
            "{{ env:x }}",
            "vault:x}}",
            "{{vault",
            "{{",
        ] {
            assert!(parse(text.as_bytes()).is_empty(), "{text}");
        }
    }

    #[test]
    fn malformed_references_are_reported_by_one_rule() {
        assert_eq!(names("{{vault:}}"), ["!EmptyName"]);
        assert_eq!(names("{{ vault:x }}"), ["!SpaceInside"]);
        assert_eq!(names("{{vault:x }}"), ["!SpaceInside"]);
        assert_eq!(names("{{VAULT:x}}"), ["!UppercasePrefix"]);
        assert_eq!(names("{{vault:a b}}"), ["!InvalidName(\"a b\")"]);
        assert_eq!(names("{{vault:x\n}}"), ["!Unclosed"]);
        assert_eq!(names("{{vault:x"), ["!Unclosed"]);
        // A malformed reference does not swallow the next line's reference.
        assert_eq!(names("{{vault:x\n{{vault:y}}"), ["!Unclosed", "y"]);
    }

    #[test]
    fn extra_braces_around_a_reference() {
        let text = "{{{vault:x}}}";
        let items = parse(text.as_bytes());
        assert_eq!(names(text), ["x"]);
        assert_eq!(items[0].span().clone(), 1..12);
    }

    #[test]
    fn positions_are_one_based() {
        let text = b"a\nbc {{vault:x}}\n";
        let index = LineIndex::new(text);
        let span = parse(text)[0].span().clone();
        assert_eq!(index.position(span.start), Position { line: 2, column: 4 });
        assert_eq!(index.position(0), Position { line: 1, column: 1 });
    }

    #[test]
    fn scanning_is_linear_on_one_long_line() {
        // 20,000 references and an unclosed one on a single line: each scan stops at its own
        // `}}`, so the work is the text's length, not references x length.
        let mut text = "{{vault:a}} ".repeat(20_000);
        text.push_str("{{vault:unclosed ");
        text.push_str(&"x".repeat(100_000));
        scanned::take();
        let items = parse(text.as_bytes());
        assert_eq!(items.len(), 20_001);
        assert!(matches!(
            items[20_000],
            Item::Malformed {
                reason: Malformed::Unclosed,
                ..
            }
        ));
        let work = scanned::take();
        assert!(
            work <= text.len(),
            "{work} bytes scanned for a {}-byte text",
            text.len()
        );
    }

    proptest! {
        #[test]
        fn positions_match_a_count_of_the_lines_before(
            text in "[a-z{}:\n]{0,200}", offsets in proptest::collection::vec(0usize..200, 1..10)
        ) {
            let index = LineIndex::new(text.as_bytes());
            for offset in offsets.into_iter().filter(|&o| o <= text.len()) {
                let before = &text.as_bytes()[..offset];
                let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
                let column = offset - before.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1) + 1;
                prop_assert_eq!(index.position(offset), Position { line, column });
            }
        }

        #[test]
        fn items_do_not_depend_on_the_text_after_their_line(
            text in "[a-z{}: \n]{0,120}", tail in "[a-z{}: ]{0,40}"
        ) {
            // Appending to the last line can change only items on that line: everything that
            // ends before the last newline was decided without looking further.
            let cut = text.rfind('\n').map_or(0, |i| i + 1);
            let before: Vec<_> = parse(text.as_bytes()).into_iter().filter(|i| i.span().end < cut).collect();
            let longer = format!("{text}{tail}");
            let after: Vec<_> = parse(longer.as_bytes()).into_iter().filter(|i| i.span().end < cut).collect();
            prop_assert_eq!(before, after);
        }

        #[test]
        fn never_panics_and_spans_are_ordered(text in proptest::collection::vec(any::<u8>(), 0..300)) {
            let items = parse(&text);
            let mut last = 0;
            for item in &items {
                let span = item.span();
                prop_assert!(span.start >= last && span.end <= text.len() && span.start < span.end);
                prop_assert_eq!(&text[span.start..span.start + 2], b"{{");
                last = span.end;
            }
        }

        #[test]
        fn every_valid_reference_is_found_exactly(
            parts in proptest::collection::vec(("[a-zA-Z0-9 ,.:;!?\n]{0,20}", "[A-Za-z0-9_.-]{1,20}"), 0..8)
        ) {
            let mut text = String::new();
            let mut expected = Vec::new();
            for (filler, name) in &parts {
                text.push_str(filler);
                let start = text.len();
                text.push_str(&format!("{{{{vault:{name}}}}}"));
                expected.push((name.clone(), start..text.len()));
            }
            let found: Vec<_> = parse(text.as_bytes())
                .into_iter()
                .map(|i| match i {
                    Item::Reference { name, span } => (name.to_string(), span),
                    other => panic!("unexpected {other:?} in {text:?}"),
                })
                .collect();
            prop_assert_eq!(found, expected);
        }
    }
}
