//! `.env` files, read by `locket import` and `locket exec --env-file`, by these rules:
//!
//! - blank lines and lines starting with `#` are skipped; `export ` before a name is allowed;
//! - `NAME=VALUE`, with spaces around the name and the `=` ignored;
//! - an unquoted value ends at ` #` (a comment) and is trimmed;
//! - `'single quotes'` keep everything literally and may span lines;
//! - `"double quotes"` may span lines and understand `\n \r \t \" \\`;
//! - `$` is never expanded: a value is stored exactly as written.

use zeroize::Zeroizing;

/// One `NAME=VALUE` assignment. The name is as written; callers apply their own naming rule.
pub struct Entry {
    pub line: usize,
    /// Where the name starts on `line` (1-based, in characters): a caller that rejects the name
    /// points there instead of quoting it (a malformed line may hold a value where a name goes).
    pub column: usize,
    pub name: String,
    pub value: Zeroizing<String>,
    /// The byte offset in the text where the value is written (its opening quote, if quoted),
    /// for a caller that rewrites the value in place (`locket check --secrets --fix`).
    pub value_start: usize,
}

/// What is wrong, and where: line, column and what was expected. The message is fixed text, so
/// it cannot quote the file (a malformed line may well be a password).
#[derive(Debug)]
pub struct DotenvError {
    pub line: usize,
    pub column: usize,
    pub expected: &'static str,
}

impl std::fmt::Display for DotenvError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "line {}, column {}: {}",
            self.line, self.column, self.expected
        )
    }
}

/// The 1-based column of `at`, a slice of `line`.
fn column(line: &str, at: &str) -> usize {
    let offset = (at.as_ptr() as usize).saturating_sub(line.as_ptr() as usize);
    line[..offset.min(line.len())].chars().count() + 1
}

pub fn parse(text: &str) -> Result<Vec<Entry>, DotenvError> {
    let origin = text.as_ptr() as usize;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut out = Vec::new();
    let mut lines = text.lines().enumerate().map(|(i, l)| (i + 1, l));
    while let Some((line, raw)) = lines.next() {
        let content = raw.trim_start();
        if content.is_empty() || content.starts_with('#') {
            continue;
        }
        let content = content
            .strip_prefix("export ")
            .map(str::trim_start)
            .unwrap_or(content);
        let err = |at: &str, expected| DotenvError {
            line,
            column: column(raw, at),
            expected,
        };
        let Some((name, rest)) = content.split_once('=') else {
            return Err(err(
                content,
                "expected NAME=VALUE (there is no = on this line)",
            ));
        };
        let name = name.trim();
        if name.is_empty() {
            return Err(err(content, "expected a name before the ="));
        }
        let written = rest.trim_start();
        let value_start = written.as_ptr() as usize - origin;
        let value = parse_value(written, &mut lines).map_err(|e| match e {
            Unclosed(quote) => DotenvError {
                line,
                column: column(raw, quote),
                expected: if quote == "'" {
                    "expected a closing ' for the quote that opens this value"
                } else {
                    "expected a closing \" for the quote that opens this value"
                },
            },
            Trailing { at, spanned } => {
                let (line, text) = spanned.unwrap_or((line, raw));
                DotenvError {
                    line,
                    column: column(text, at),
                    expected: "expected the end of the line or a # comment after the closing quote",
                }
            }
        })?;
        out.push(Entry {
            line,
            column: column(raw, name),
            name: name.to_string(),
            value,
            value_start,
        });
    }
    Ok(out)
}

enum ValueError<'a> {
    /// The opening quote, a slice of its line.
    Unclosed(&'a str),
    /// Text after the closing quote (`at`), on the value's first line or, when the value spans
    /// lines, on the numbered line `spanned`.
    Trailing {
        at: &'a str,
        spanned: Option<(usize, &'a str)>,
    },
}
use ValueError::*;

fn parse_value<'a>(
    rest: &'a str,
    lines: &mut impl Iterator<Item = (usize, &'a str)>,
) -> Result<Zeroizing<String>, ValueError<'a>> {
    let Some(quote @ ('"' | '\'')) = rest.chars().next() else {
        let end = rest
            .find(" #")
            .or_else(|| rest.find("\t#"))
            .unwrap_or(rest.len());
        return Ok(Zeroizing::new(rest[..end].trim_end().to_string()));
    };
    let mut value = Zeroizing::new(String::new());
    let mut current = &rest[1..];
    // The line `current` belongs to, once the value spans lines, to place errors.
    let mut spanned: Option<(usize, &str)> = None;
    loop {
        let mut chars = current.char_indices();
        while let Some((i, c)) = chars.next() {
            match c {
                c if c == quote => {
                    let after = current[i + 1..].trim_start();
                    return if after.is_empty() || after.starts_with('#') {
                        Ok(value)
                    } else {
                        Err(Trailing { at: after, spanned })
                    };
                }
                '\\' if quote == '"' => match chars.next().map(|(_, e)| e) {
                    Some('n') => value.push('\n'),
                    Some('r') => value.push('\r'),
                    Some('t') => value.push('\t'),
                    Some(e @ ('"' | '\\' | '$')) => value.push(e),
                    Some(e) => {
                        value.push('\\');
                        value.push(e);
                    }
                    None => value.push('\\'),
                },
                c => value.push(c),
            }
        }
        // The quote spans lines.
        let (line, next) = lines.next().ok_or(Unclosed(&rest[..1]))?;
        value.push('\n');
        current = next;
        spanned = Some((line, next));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parsed(text: &str) -> Vec<(String, String)> {
        parse(text)
            .unwrap()
            .into_iter()
            .map(|e| (e.name, e.value.to_string()))
            .collect()
    }

    #[test]
    fn follows_the_documented_rules() {
        let text = "# comment\n\nA=plain value # trailing comment\nexport B = 'lit $HOME \\n'\nC=\"a\\nb \\\"q\\\"\"\nD=\"multi\nline\"\nE=\nF=p#ss\n";
        assert_eq!(
            parsed(text),
            [
                ("A".into(), "plain value".into()),
                ("B".into(), "lit $HOME \\n".into()),
                ("C".into(), "a\nb \"q\"".into()),
                ("D".into(), "multi\nline".into()),
                ("E".into(), String::new()),
                ("F".into(), "p#ss".into()),
            ]
        );
    }

    #[test]
    fn value_start_points_at_the_value_as_written() {
        let text = "\u{feff}A=plain\n  export B = 'q'\nC=\n";
        let starts: Vec<(String, &str)> = parse(text)
            .unwrap()
            .into_iter()
            .map(|e| (e.name, &text[e.value_start..]))
            .collect();
        assert!(starts[0].1.starts_with("plain\n"));
        assert!(starts[1].1.starts_with("'q'\n"));
        assert!(starts[2].1.starts_with('\n'));
    }

    #[test]
    fn errors_give_line_column_and_what_was_expected_never_the_text() {
        for (text, line, column, expected) in [
            ("A=1\n  hunter2 not a pair\n", 2, 3, "expected NAME=VALUE"),
            ("A='unclosed hunter2\n", 1, 3, "expected a closing '"),
            (
                "X=1\nB = \"unclosed hunter2\nmore hunter2",
                2,
                5,
                "expected a closing \"",
            ),
            ("  =hunter2", 1, 3, "expected a name before the ="),
            ("A=\"x\"  hunter2", 1, 8, "expected the end of the line"),
            (
                "A=\"x\nhunter2\" hunter2",
                2,
                10,
                "expected the end of the line",
            ),
            ("\u{e9}A='\u{e9}\" hunter2", 1, 4, "expected a closing '"),
        ] {
            let err = parse(text).err().unwrap();
            assert_eq!((err.line, err.column), (line, column), "{text:?}: {err}");
            assert!(err.expected.starts_with(expected), "{err}");
            assert!(!err.to_string().contains("hunter2"), "{err}");
        }
    }

    #[test]
    fn entries_say_where_their_name_starts() {
        let entries = parse("A=1\n  export  B=2\n").unwrap();
        let at: Vec<_> = entries.iter().map(|e| (e.line, e.column)).collect();
        assert_eq!(at, [(1, 1), (2, 11)]);
    }
}
