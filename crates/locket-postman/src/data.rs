//! Iteration data files (`-d`): a JSON array of objects or a CSV file with a header row; one
//! row per iteration, each a scope of variables.
//!
//! CSV as newman reads it: the header row names the columns, fields are trimmed, a byte order
//! mark is ignored, `"quoted"` fields may hold commas and `""`, and a quote inside an unquoted
//! field is kept as written.

use serde_json::Value;

use crate::model::FormatError;
use crate::variables::{Scope, Var};

/// Reads a data file; JSON when it looks like JSON (a `[` first), CSV otherwise.
pub fn read(bytes: &[u8]) -> Result<Vec<Scope>, FormatError> {
    let text = crate::model::utf8_text(bytes)?;
    if text.trim_ascii_start().starts_with(b"[") {
        json(&text)
    } else {
        csv(&text)
    }
}

fn json(bytes: &[u8]) -> Result<Vec<Scope>, FormatError> {
    let value: Value = serde_json::from_slice(bytes)
        .map_err(|e| FormatError(format!("it is not valid JSON ({e})")))?;
    let rows = value
        .as_array()
        .ok_or_else(|| FormatError("it is not a JSON array of objects".into()))?;
    rows.iter()
        .enumerate()
        .map(|(i, row)| {
            let obj = row
                .as_object()
                .ok_or_else(|| FormatError(format!("row {} is not a JSON object", i + 1)))?;
            // Values keep their JSON type: `pm.iterationData.get` returns a number as a number.
            Ok(Scope::from_vars(
                obj.iter()
                    .map(|(k, v)| Var {
                        key: k.clone(),
                        value: v.clone(),
                        kind: None,
                        disabled: false,
                    })
                    .collect(),
            ))
        })
        .collect()
}

/// A trimmed field that was quoted after leading spaces (`, "foo" ,`): unquoted, as csv-parse
/// does with `trim`.
fn unquote(field: &str) -> String {
    let t = field.trim();
    match t.strip_prefix('"').and_then(|r| r.strip_suffix('"')) {
        Some(inner) if t.len() >= 2 => inner.replace("\"\"", "\""),
        _ => t.to_string(),
    }
}

fn csv(bytes: &[u8]) -> Result<Vec<Scope>, FormatError> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(true)
        .from_reader(bytes);
    let headers: Vec<String> = reader
        .headers()
        .map_err(|e| FormatError(format!("its header row cannot be read ({e})")))?
        .iter()
        .map(unquote)
        .collect();
    let mut rows = Vec::new();
    for (i, record) in reader.records().enumerate() {
        let record =
            record.map_err(|e| FormatError(format!("row {} cannot be read ({e})", i + 2)))?;
        if record.iter().all(|f| f.trim().is_empty()) {
            continue;
        }
        rows.push(Scope::from_pairs(
            headers
                .iter()
                .zip(record.iter())
                .map(|(k, v)| (k.clone(), unquote(v))),
        ));
    }
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_like_newman() {
        let rows = read(
            "\u{feff}a, b ,c,d\n\"x, y\",\"say \"\"hi\"\"\", \"z\" ,un \"quoted\" text\n\n1,2\n"
                .as_bytes(),
        )
        .unwrap();
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].get("a").as_deref(), Some("x, y"));
        assert_eq!(rows[0].get("b").as_deref(), Some("say \"hi\""));
        assert_eq!(rows[0].get("c").as_deref(), Some("z"));
        assert_eq!(rows[0].get("d").as_deref(), Some("un \"quoted\" text"));
        assert_eq!(rows[1].get("b").as_deref(), Some("2"));
        assert_eq!(rows[1].get("c").as_deref(), None);
    }

    #[test]
    fn json_rows() {
        let rows = read(br#"[{"a":"1","n":2,"z":null},{"a":"3"}]"#).unwrap();
        assert_eq!(rows[0].get("n").as_deref(), Some("2"));
        assert_eq!(rows[0].get("z").as_deref(), Some(""));
        assert_eq!(rows[1].get("a").as_deref(), Some("3"));
        assert!(read(br#"[1]"#).is_err());
        assert!(read(br#"[{"a":"#).is_err());
    }
}
