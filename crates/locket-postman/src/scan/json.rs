//! JSON (collections, environments, globals) into a [`Node`] tree, through jsonc-parser in
//! strict mode: it gives every string's byte range; the offsets of its decoded bytes are
//! mapped here, escape by escape, and checked against the parser's value.

use jsonc_parser::ast::{ObjectPropName, Value};
use jsonc_parser::errors::ParseErrorKind;
use jsonc_parser::{CollectOptions, CommentCollectionStrategy, ParseOptions};
use zeroize::Zeroizing;

use super::Malformed;
use super::tree::{Node, Scalar, Style};

pub fn read(text: &str) -> Result<Node, Malformed> {
    let strict = ParseOptions {
        allow_comments: false,
        allow_loose_object_property_names: false,
        allow_trailing_commas: false,
        allow_missing_commas: false,
        allow_single_quoted_strings: false,
        allow_hexadecimal_numbers: false,
        allow_unary_plus_numbers: false,
        allow_bare_decimal_point_numbers: false,
        allow_non_finite_numbers: false,
        allow_extended_string_escapes: false,
    };
    let collect = CollectOptions {
        comments: CommentCollectionStrategy::Off,
        tokens: false,
    };
    let parsed = jsonc_parser::parse_to_ast(text, &collect, &strict).map_err(|e| Malformed {
        offset: e.range().start,
        // Fixed wording: a string's own error would quote the file.
        expected: match e.kind() {
            ParseErrorKind::String(_) => "a valid JSON string (an escape or its end is wrong)",
            ParseErrorKind::NestingDepthExceeded => "at most 512 levels of nesting",
            _ => "valid JSON",
        },
    })?;
    Ok(parsed.value.map_or(Node::Other, |v| node(text, v)))
}

fn node(text: &str, value: Value<'_>) -> Node {
    match value {
        Value::Object(o) => Node::Map(
            o.properties
                .into_iter()
                .map(|p| {
                    let key = match p.name {
                        ObjectPropName::String(s) => s.value.into_owned(),
                        ObjectPropName::Word(w) => w.value.to_string(),
                    };
                    (key, node(text, p.value))
                })
                .collect(),
        ),
        Value::Array(a) => Node::Seq(a.elements.into_iter().map(|v| node(text, v)).collect()),
        Value::StringLit(s) => {
            let (start, end) = (s.range.start, s.range.end);
            let value = Zeroizing::new(s.value.into_owned());
            let at = string_offsets(&text[start + 1..end - 1], start + 1)
                .filter(|(decoded, _)| decoded.as_str() == value.as_str())
                .map(|(_, at)| at);
            Node::Str(Scalar {
                value,
                whole: start..end,
                at,
                style: Style::Quoted,
            })
        }
        Value::BooleanLit(b) if b.value => Node::True,
        _ => Node::Other,
    }
}

/// Decodes the inside of a JSON string written at `base`, with the file offset of every
/// decoded byte (and one past the last).
pub fn string_offsets(raw: &str, base: usize) -> Option<(Zeroizing<String>, Vec<usize>)> {
    let bytes = raw.as_bytes();
    let mut out = Zeroizing::new(String::with_capacity(raw.len()));
    let mut at = Vec::with_capacity(raw.len() + 1);
    let mut i = 0;
    while i < bytes.len() {
        let (c, len) = if bytes[i] == b'\\' {
            let escaped = *bytes.get(i + 1)?;
            match escaped {
                b'"' => ('"', 2),
                b'\\' => ('\\', 2),
                b'/' => ('/', 2),
                b'b' => ('\u{8}', 2),
                b'f' => ('\u{c}', 2),
                b'n' => ('\n', 2),
                b'r' => ('\r', 2),
                b't' => ('\t', 2),
                b'u' => {
                    let unit = hex4(raw.get(i + 2..i + 6)?)?;
                    if (0xD800..0xDC00).contains(&unit) {
                        let low = raw.get(i + 6..i + 12)?.strip_prefix("\\u").and_then(hex4)?;
                        if !(0xDC00..0xE000).contains(&low) {
                            return None;
                        }
                        let code = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00);
                        (char::from_u32(code)?, 12)
                    } else {
                        (char::from_u32(unit)?, 6)
                    }
                }
                _ => return None,
            }
        } else {
            let c = raw[i..].chars().next()?;
            (c, c.len_utf8())
        };
        // Every byte of a decoded character maps to where its writing starts.
        at.extend(std::iter::repeat_n(base + i, c.len_utf8()));
        out.push(c);
        i += len;
    }
    at.push(base + bytes.len());
    Some((out, at))
}

fn hex4(s: &str) -> Option<u32> {
    (s.len() == 4 && s.bytes().all(|b| b.is_ascii_hexdigit()))
        .then(|| u32::from_str_radix(s, 16).ok())
        .flatten()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn maps_escapes_to_their_writing() {
        let raw = r#"a\u0041\n\ud83d\ude00b"#;
        let (decoded, at) = string_offsets(raw, 10).unwrap();
        assert_eq!(decoded.as_str(), "aA\n\u{1F600}b");
        assert_eq!(at, [10, 11, 17, 19, 19, 19, 19, 31, 32]);
    }

    #[test]
    fn malformed_json_is_located_and_never_quoted() {
        let text = "{\n  \"a\": \"hunter2\\x\"\n}";
        let e = read(text).err().unwrap();
        assert!((10..20).contains(&e.offset), "{}", e.offset);
        assert!(!e.expected.contains("hunter2"));
    }

    proptest! {
        /// Whatever serde_json writes, the offsets decode back to the string, and the bytes
        /// of a decoded range are exactly the writing of that range.
        #[test]
        fn offsets_match_serde_json(s in "\\PC{0,40}", ascii in proptest::bool::ANY) {
            let written = if ascii {
                // serde_json writes non-ASCII as is; force \u escapes too.
                s.chars().map(|c| if c.is_ascii() && !c.is_control() && c != '"' && c != '\\' {
                    c.to_string()
                } else {
                    c.encode_utf16(&mut [0; 2]).iter().map(|u| format!("\\u{u:04x}")).collect()
                }).collect::<String>()
            } else {
                let j = serde_json::to_string(&s).unwrap();
                j[1..j.len() - 1].to_string()
            };
            let (decoded, at) = string_offsets(&written, 0).unwrap();
            prop_assert_eq!(decoded.as_str(), s.as_str());
            prop_assert_eq!(at.len(), s.len() + 1);
            for (i, c) in s.char_indices() {
                let piece = &written[at[i]..at[i + c.len_utf8()]];
                let back: String = serde_json::from_str(&format!("\"{piece}\"")).unwrap();
                prop_assert_eq!(back, c.to_string());
            }
        }
    }
}
