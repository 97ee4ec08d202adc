//! YAML (v3 collections, `*.environment.yaml`) into a [`Node`] tree, through saphyr-parser's
//! spanned events. The parser gives where each scalar starts; where it ends, and where each of
//! its decoded bytes is written, is worked out here per style (its end markers are not exact
//! for a quoted scalar before a comment) and checked against the parser's value: a scalar whose
//! writing is not understood is still scanned, but not rewritten.

use saphyr_parser::{Event, Parser, ScalarStyle};
use zeroize::Zeroizing;

use super::Malformed;
use super::tree::{Node, Scalar, Style, verbatim};

const MAX_DEPTH: usize = 512;

pub fn read(text: &str) -> Result<Node, Malformed> {
    let chars = CharOffsets::new(text);
    let mut events = Parser::new_from_str(text);
    let mut next = || -> Result<Option<(Event<'_>, usize)>, Malformed> {
        match events.next() {
            None => Ok(None),
            Some(Ok((event, span))) => Ok(Some((event, chars.byte(span.start.index())))),
            Some(Err(e)) => Err(Malformed {
                offset: chars.byte(e.marker().index()),
                expected: "valid YAML",
            }),
        }
    };
    // The first document is the file (Postman writes one per file).
    loop {
        match next()? {
            None => return Ok(Node::Other),
            Some((Event::DocumentStart(_), _)) => break,
            Some(_) => {}
        }
    }
    let Some(first) = next()? else {
        return Ok(Node::Other);
    };
    build(text, first, &mut next, 0)
}

type Next<'a, 'b> = dyn FnMut() -> Result<Option<(Event<'a>, usize)>, Malformed> + 'b;

fn build<'a>(
    text: &str,
    (event, start): (Event<'a>, usize),
    next: &mut Next<'a, '_>,
    depth: usize,
) -> Result<Node, Malformed> {
    if depth > MAX_DEPTH {
        return Err(Malformed {
            offset: start,
            expected: "at most 512 levels of nesting",
        });
    }
    let truncated = |offset| Malformed {
        offset,
        expected: "the rest of the document",
    };
    match event {
        Event::Scalar(value, style, ..) => {
            Ok(Node::Str(scalar(text, start, value.into_owned(), style)))
        }
        Event::SequenceStart(..) => {
            let mut items = Vec::new();
            loop {
                match next()?.ok_or_else(|| truncated(text.len()))? {
                    (Event::SequenceEnd, _) => return Ok(Node::Seq(items)),
                    item => items.push(build(text, item, next, depth + 1)?),
                }
            }
        }
        Event::MappingStart(..) => {
            let mut entries = Vec::new();
            loop {
                let key = match next()?.ok_or_else(|| truncated(text.len()))? {
                    (Event::MappingEnd, _) => return Ok(Node::Map(entries)),
                    (Event::Scalar(k, ..), _) => k.into_owned(),
                    complex => {
                        build(text, complex, next, depth + 1)?;
                        "?".to_string()
                    }
                };
                let value = next()?.ok_or_else(|| truncated(text.len()))?;
                entries.push((key, build(text, value, next, depth + 1)?));
            }
        }
        _ => Ok(Node::Other),
    }
}

fn scalar(text: &str, start: usize, value: String, style: ScalarStyle) -> Scalar {
    let value = Zeroizing::new(value);
    let decoded = match style {
        ScalarStyle::DoubleQuoted => quoted(text, start, b'"'),
        ScalarStyle::SingleQuoted => quoted(text, start, b'\''),
        ScalarStyle::Literal => literal(text, start, &value),
        _ => None,
    };
    let (at, whole, style) = match decoded {
        Some((d, at, end)) if d.as_str() == value.as_str() => (Some(at), start..end, Style::Quoted),
        Some(_) => (None, start..start, Style::Quoted),
        None if style == ScalarStyle::Plain
            && text.get(start..start + value.len()) == Some(value.as_str())
            && !value.contains('\n') =>
        {
            let end = start + value.len();
            (
                Some(verbatim(start, value.len())),
                start..end,
                Style::YamlPlain,
            )
        }
        None => (None, start..start, Style::Quoted),
    };
    Scalar {
        value,
        whole,
        at,
        style,
    }
}

type Decoded = (Zeroizing<String>, Vec<usize>, usize);

/// A double- or single-quoted scalar opening at `start`: its value, the offsets of its bytes
/// and the end of the closing quote. Line folding as YAML 1.2 §7.3: a line break and the
/// indentation after it read as one space, or as `\n` per empty line.
fn quoted(text: &str, start: usize, quote: u8) -> Option<Decoded> {
    let bytes = text.as_bytes();
    if bytes.get(start) != Some(&quote) {
        return None;
    }
    let mut out = Zeroizing::new(String::new());
    let mut at: Vec<usize> = Vec::new();
    let push = |out: &mut String, at: &mut Vec<usize>, c: char, from: usize| {
        at.extend(std::iter::repeat_n(from, c.len_utf8()));
        out.push(c);
    };
    let mut i = start + 1;
    loop {
        let b = *bytes.get(i)?;
        match b {
            b'\'' if quote == b'\'' && bytes.get(i + 1) == Some(&b'\'') => {
                push(&mut out, &mut at, '\'', i);
                i += 2;
            }
            _ if b == quote => {
                at.push(i);
                return Some((out, at, i + 1));
            }
            b'\\' if quote == b'"' => {
                let e = *bytes.get(i + 1)?;
                let simple = match e {
                    b'0' => Some('\0'),
                    b'a' => Some('\u{7}'),
                    b'b' => Some('\u{8}'),
                    b't' | b'\t' => Some('\t'),
                    b'n' => Some('\n'),
                    b'v' => Some('\u{b}'),
                    b'f' => Some('\u{c}'),
                    b'r' => Some('\r'),
                    b'e' => Some('\u{1b}'),
                    b' ' => Some(' '),
                    b'"' => Some('"'),
                    b'/' => Some('/'),
                    b'\\' => Some('\\'),
                    b'N' => Some('\u{85}'),
                    b'_' => Some('\u{a0}'),
                    b'L' => Some('\u{2028}'),
                    b'P' => Some('\u{2029}'),
                    _ => None,
                };
                if let Some(c) = simple {
                    push(&mut out, &mut at, c, i);
                    i += 2;
                    continue;
                }
                let digits = match e {
                    b'x' => 2,
                    b'u' => 4,
                    b'U' => 8,
                    b'\n' | b'\r' => {
                        // An escaped line break joins the lines with nothing between them.
                        i += 1;
                        i = skip_break(bytes, i);
                        while matches!(bytes.get(i), Some(b' ' | b'\t')) {
                            i += 1;
                        }
                        continue;
                    }
                    _ => return None,
                };
                let hex = text.get(i + 2..i + 2 + digits)?;
                let c = char::from_u32(u32::from_str_radix(hex, 16).ok()?)?;
                push(&mut out, &mut at, c, i);
                i += 2 + digits;
            }
            b'\n' | b'\r' => {
                // Trailing white space before a break is not content.
                while out.ends_with([' ', '\t']) {
                    out.pop();
                    at.pop();
                }
                let brk = i;
                i = skip_break(bytes, i);
                let mut empty = 0;
                loop {
                    let mut j = i;
                    while matches!(bytes.get(j), Some(b' ' | b'\t')) {
                        j += 1;
                    }
                    if matches!(bytes.get(j), Some(b'\n' | b'\r')) {
                        empty += 1;
                        i = skip_break(bytes, j);
                    } else {
                        i = j;
                        break;
                    }
                }
                if empty == 0 {
                    push(&mut out, &mut at, ' ', brk);
                } else {
                    for _ in 0..empty {
                        push(&mut out, &mut at, '\n', brk);
                    }
                }
            }
            _ => {
                let c = text[i..].chars().next()?;
                push(&mut out, &mut at, c, i);
                i += c.len_utf8();
            }
        }
    }
}

fn skip_break(bytes: &[u8], i: usize) -> usize {
    match bytes.get(i) {
        Some(b'\r') if bytes.get(i + 1) == Some(&b'\n') => i + 2,
        Some(b'\r' | b'\n') => i + 1,
        _ => i,
    }
}

/// A literal block (`|`) whose content starts at `start`: each line without its indentation,
/// line breaks kept; the trailing breaks are cut to what the parser's chomping kept.
fn literal(text: &str, start: usize, value: &str) -> Option<Decoded> {
    let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
    let indent = start - line_start;
    if !text[line_start..start].bytes().all(|b| b == b' ') {
        return None;
    }
    let mut out = Zeroizing::new(String::new());
    let mut at = Vec::new();
    let mut i = start;
    let mut end;
    loop {
        let line_end = text[i..].find('\n').map_or(text.len(), |n| i + n);
        let line = &text[i..line_end];
        let line = line.strip_suffix('\r').unwrap_or(line);
        out.push_str(line);
        at.extend(i..i + line.len());
        end = i + line.len();
        if line_end == text.len() {
            break;
        }
        out.push('\n');
        at.push(end);
        // The next line belongs to the block if it is blank or indented at least as much.
        let next = line_end + 1;
        let rest = &text[next..];
        let spaces = rest.bytes().take_while(|b| *b == b' ').count();
        let blank = rest[spaces..].starts_with('\n') || rest[spaces..].starts_with("\r\n");
        if blank {
            i = next + spaces.min(indent);
        } else if spaces >= indent && next + spaces < text.len() {
            i = next + indent;
        } else {
            break;
        }
    }
    if !out.starts_with(value) || !out[value.len()..].bytes().all(|b| b == b'\n') {
        return None;
    }
    out.truncate(value.len());
    at.truncate(value.len());
    at.push(at.last().map_or(start, |&l| l + 1));
    Some((out, at, end))
}

/// Char index (the parser's markers) to byte offset.
struct CharOffsets {
    /// `None` for ASCII text, where they are the same.
    starts: Option<Vec<usize>>,
    len: usize,
}

impl CharOffsets {
    fn new(text: &str) -> Self {
        let starts = (!text.is_ascii()).then(|| text.char_indices().map(|(i, _)| i).collect());
        CharOffsets {
            starts,
            len: text.len(),
        }
    }

    fn byte(&self, index: usize) -> usize {
        match &self.starts {
            None => index.min(self.len),
            Some(s) => s.get(index).copied().unwrap_or(self.len),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scalars(node: &Node, out: &mut Vec<(String, Option<String>)>, text: &str) {
        match node {
            Node::Map(e) => e.iter().for_each(|(_, v)| scalars(v, out, text)),
            Node::Seq(s) => s.iter().for_each(|v| scalars(v, out, text)),
            Node::Str(s) => out.push((
                s.value.to_string(),
                s.at.as_ref().map(|_| text[s.whole.clone()].to_string()),
            )),
            Node::Other | Node::True => {}
        }
    }

    #[test]
    fn every_style_is_mapped_to_its_writing() {
        let text = "a: plain value\nb: \"dq \\\"x\\\" \\u00e9\" # c\nc: 'sq ''y'''\nd: |\n  line1\n    line2\n\ne: \"fold\n  ed\\\n  joined\"\nf: >-\n  folded\n";
        let mut out = Vec::new();
        scalars(&read(text).unwrap(), &mut out, text);
        let by_value: Vec<(&str, Option<&str>)> = out
            .iter()
            .map(|(v, w)| (v.as_str(), w.as_deref()))
            .filter(|(v, _)| v.len() > 1)
            .collect();
        assert_eq!(
            by_value,
            [
                ("plain value", Some("plain value")),
                ("dq \"x\" é", Some("\"dq \\\"x\\\" \\u00e9\"")),
                ("sq 'y'", Some("'sq ''y'''")),
                ("line1\n  line2\n", Some("line1\n    line2\n")),
                ("fold edjoined", Some("\"fold\n  ed\\\n  joined\"")),
                ("folded", None),
            ]
        );
    }

    #[test]
    fn a_value_maps_byte_for_byte_inside_escapes() {
        let text = "k: \"a\\tb\\x41é\"\n";
        let Node::Map(e) = read(text).unwrap() else {
            panic!()
        };
        let Node::Str(s) = &e[0].1 else { panic!() };
        assert_eq!(s.value.as_str(), "a\tbAé");
        let at = s.at.as_ref().unwrap();
        assert_eq!(&text[at[1]..at[2]], "\\t");
        assert_eq!(&text[at[3]..at[4]], "\\x41");
        assert_eq!(&text[at[4]..at[6]], "é");
    }

    #[test]
    fn malformed_yaml_is_located() {
        let text = "a: 1\nb: \"unclosed hunter2\n";
        let e = read(text).err().unwrap();
        assert!(e.offset >= 5, "{}", e.offset);
        assert_eq!(e.expected, "valid YAML");
    }
}
