//! `.env` files into a [`Node`] map (name → value), through locket-core's one `.env` reader;
//! the offsets of each value's bytes are mapped here and checked against what it read.

use zeroize::Zeroizing;

use super::Malformed;
use super::tree::{Node, Scalar, Style, verbatim};

pub fn read(text: &str) -> Result<Node, Malformed> {
    let entries = locket_core::dotenv::parse(text).map_err(|e| Malformed {
        offset: line_column_offset(text, e.line, e.column),
        expected: e.expected.strip_prefix("expected ").unwrap_or(e.expected),
    })?;
    Ok(Node::Map(
        entries
            .into_iter()
            .map(|e| {
                let start = e.value_start;
                let (at, style, end) = match text.as_bytes().get(start) {
                    Some(b'"') => double_quoted(text, start + 1)
                        .filter(|(d, _)| d.as_str() == e.value.as_str())
                        .map(|(_, at)| {
                            let end = at.last().copied().unwrap_or(start) + 1;
                            (Some(at), Style::Quoted, end)
                        })
                        .unwrap_or((None, Style::Quoted, start)),
                    Some(b'\'') => {
                        let ok = text.get(start + 1..start + 1 + e.value.len())
                            == Some(e.value.as_str());
                        let end = start + e.value.len() + 2;
                        (
                            ok.then(|| verbatim(start + 1, e.value.len())),
                            Style::Quoted,
                            end,
                        )
                    }
                    _ => {
                        let ok = text.get(start..start + e.value.len()) == Some(e.value.as_str());
                        let end = start + e.value.len();
                        (ok.then(|| verbatim(start, e.value.len())), Style::Bare, end)
                    }
                };
                let scalar = Scalar {
                    value: e.value,
                    whole: start..end,
                    at,
                    style,
                };
                (e.name, Node::Str(scalar))
            })
            .collect(),
    ))
}

/// The inside of a double-quoted value from `start` (after the quote), by core's escapes.
fn double_quoted(text: &str, start: usize) -> Option<(Zeroizing<String>, Vec<usize>)> {
    let mut out = Zeroizing::new(String::new());
    let mut at = Vec::new();
    let mut chars = text[start..]
        .char_indices()
        .map(|(i, c)| (start + i, c))
        .peekable();
    while let Some((i, c)) = chars.next() {
        let decoded: &[char] = match c {
            '"' => {
                at.push(i);
                return Some((out, at));
            }
            '\\' => match chars.next() {
                Some((_, 'n')) => &['\n'],
                Some((_, 'r')) => &['\r'],
                Some((_, 't')) => &['\t'],
                Some((_, '"')) => &['"'],
                Some((_, '\\')) => &['\\'],
                Some((_, '$')) => &['$'],
                // Other escapes are kept as written: two bytes that map to themselves.
                Some((j, e)) => {
                    at.push(i);
                    out.push('\\');
                    at.extend(std::iter::repeat_n(j, e.len_utf8()));
                    out.push(e);
                    continue;
                }
                None => return None,
            },
            '\r' if chars.peek().map(|(_, c)| *c) == Some('\n') => continue,
            _ => {
                at.extend(std::iter::repeat_n(i, c.len_utf8()));
                out.push(c);
                continue;
            }
        };
        for d in decoded {
            at.push(i);
            out.push(*d);
        }
    }
    None
}

fn line_column_offset(text: &str, line: usize, column: usize) -> usize {
    let line_start: usize = text
        .split_inclusive('\n')
        .take(line.saturating_sub(1))
        .map(str::len)
        .sum();
    let rest = &text[line_start.min(text.len())..];
    line_start
        + rest
            .chars()
            .take(column.saturating_sub(1))
            .map(char::len_utf8)
            .sum::<usize>()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_map_to_their_writing_in_each_quoting() {
        let text = "A=bare value # c\nB='single'\nC=\"dq \\\"x\\\" \\n y\"\n";
        let Node::Map(entries) = read(text).unwrap() else {
            panic!()
        };
        let spans: Vec<&str> = entries
            .iter()
            .map(|(_, n)| match n {
                Node::Str(s) => {
                    let at = s.at.as_ref().unwrap();
                    &text[at[0]..at[s.value.len()]]
                }
                _ => panic!(),
            })
            .collect();
        assert_eq!(spans, ["bare value", "single", "dq \\\"x\\\" \\n y"]);
    }
}
