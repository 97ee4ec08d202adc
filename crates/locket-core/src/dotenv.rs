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
    pub name: String,
    pub value: Zeroizing<String>,
}

/// What is wrong, and on which line. Never contains a value.
#[derive(Debug)]
pub struct DotenvError {
    pub line: usize,
    pub message: String,
}

impl std::fmt::Display for DotenvError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "line {}: {}", self.line, self.message)
    }
}

pub fn parse(text: &str) -> Result<Vec<Entry>, DotenvError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut out = Vec::new();
    let mut lines = text.lines().enumerate().map(|(i, l)| (i + 1, l));
    while let Some((line, content)) = lines.next() {
        let content = content.trim_start();
        if content.is_empty() || content.starts_with('#') {
            continue;
        }
        let content = content
            .strip_prefix("export ")
            .map(str::trim_start)
            .unwrap_or(content);
        let err = |message: String| DotenvError { line, message };
        let (name, rest) = content
            .split_once('=')
            .ok_or_else(|| err("expected NAME=VALUE".into()))?;
        let name = name.trim();
        if name.is_empty() {
            return Err(err("the name before = is empty".into()));
        }
        let value = parse_value(rest.trim_start(), &mut lines).map_err(|e| match e {
            Unclosed(q) => err(format!(
                "the {q} quote that opens the value of {name} is never closed"
            )),
            Trailing => err(format!("unexpected text after the closing quote of {name}")),
        })?;
        out.push(Entry {
            line,
            name: name.to_string(),
            value,
        });
    }
    Ok(out)
}

enum ValueError {
    Unclosed(char),
    Trailing,
}
use ValueError::*;

fn parse_value<'a>(
    rest: &'a str,
    lines: &mut impl Iterator<Item = (usize, &'a str)>,
) -> Result<Zeroizing<String>, ValueError> {
    let Some(quote @ ('"' | '\'')) = rest.chars().next() else {
        let end = rest
            .find(" #")
            .or_else(|| rest.find("\t#"))
            .unwrap_or(rest.len());
        return Ok(Zeroizing::new(rest[..end].trim_end().to_string()));
    };
    let mut value = Zeroizing::new(String::new());
    let mut current = &rest[1..];
    loop {
        let mut chars = current.char_indices();
        while let Some((i, c)) = chars.next() {
            match c {
                c if c == quote => {
                    let after = current[i + 1..].trim();
                    return if after.is_empty() || after.starts_with('#') {
                        Ok(value)
                    } else {
                        Err(Trailing)
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
        let (_, next) = lines.next().ok_or(Unclosed(quote))?;
        value.push('\n');
        current = next;
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
    fn errors_name_the_line_not_the_value() {
        for (text, line) in [
            ("A=1\nnot a pair\n", 2),
            ("A='unclosed secretvalue\n", 1),
            ("=1", 1),
            ("A=\"x\" secretvalue", 1),
        ] {
            let err = parse(text).err().unwrap();
            assert_eq!(err.line, line, "{err}");
            assert!(!err.to_string().contains("secretvalue"), "{err}");
        }
    }
}
