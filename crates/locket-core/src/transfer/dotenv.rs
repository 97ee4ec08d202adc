//! `.env` files, by these rules:
//!
//! - blank lines and lines starting with `#` are skipped; `export ` before a name is allowed;
//! - `NAME=VALUE`, with spaces around the name and the `=` ignored;
//! - an unquoted value ends at ` #` (a comment) and is trimmed;
//! - `'single quotes'` keep everything literally and may span lines;
//! - `"double quotes"` may span lines and understand `\n \r \t \" \\`;
//! - `$` is never expanded: a value is stored exactly as written.

use secrecy::SecretBox;
use zeroize::Zeroizing;

use super::import_error;
use crate::error::Result;
use crate::name::SecretName;
use crate::store::NewSecret;

pub(super) fn parse(source: &str, bytes: &[u8]) -> Result<Vec<NewSecret>> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let text = std::str::from_utf8(bytes)
        .map_err(|_| import_error(source, "not UTF-8 text, and not a file locket can import"))?;
    let mut out = Vec::new();
    let mut lines = text.lines().enumerate().map(|(i, l)| (i + 1, l));
    while let Some((lineno, line)) = lines.next() {
        let line = line.trim_start();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let line = line
            .strip_prefix("export ")
            .map(str::trim_start)
            .unwrap_or(line);
        let err = |msg: String| import_error(source, format!("line {lineno}: {msg}"));
        let (name, rest) = line
            .split_once('=')
            .ok_or_else(|| err("expected NAME=VALUE".into()))?;
        let name = SecretName::new(name.trim()).map_err(|e| err(e.to_string()))?;
        let value = parse_value(rest.trim_start(), &mut lines).map_err(|e| match e {
            Unclosed(q) => err(format!(
                "the {q} quote that opens the value of {name} is never closed"
            )),
            Trailing => err(format!("unexpected text after the closing quote of {name}")),
        })?;
        out.push(NewSecret {
            name,
            value: SecretBox::new(Box::from(value.as_bytes())),
            allowed_domains: Vec::new(),
            enabled: true,
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
    use secrecy::ExposeSecret;

    fn parsed(text: &str) -> Vec<(String, String)> {
        parse("t.env", text.as_bytes())
            .unwrap()
            .into_iter()
            .map(|s| {
                (
                    s.name.to_string(),
                    String::from_utf8(s.value.expose_secret().to_vec()).unwrap(),
                )
            })
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
            ("A=1\nnot a pair\n", "line 2"),
            ("A='unclosed secretvalue\n", "line 1"),
            ("bad name=1", "line 1"),
            ("A=\"x\" secretvalue", "line 1"),
        ] {
            let err = parse("t.env", text.as_bytes()).err().unwrap().to_string();
            assert!(err.contains(line), "{err}");
            assert!(!err.contains("secretvalue"), "{err}");
        }
    }
}
