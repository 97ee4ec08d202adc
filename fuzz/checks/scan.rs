//! Literal-secret scanning (`check --secrets`) on arbitrary text, read as each format: it never
//! panics; every finding and every edit lies on character boundaries of the text; moving every
//! movable secret gives a text that still reads as its format, with none of the moved values
//! left where it could be moved from. Shared by the `scan` fuzz target and locket-postman's seeds
//! test.

use locket_postman::scan::{self, Format, Options};

pub fn run(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let options = Options::default();
    for format in [Format::Json, Format::Yaml, Format::Dotenv] {
        let Ok(found) = scan::scan("f", text, format, &[], &options) else {
            continue;
        };
        let mut moved: Vec<String> = Vec::new();
        for f in &found {
            assert!(text.is_char_boundary(f.offset), "{f:?}");
            if let Ok(edit) = &f.edit {
                let r = &edit.range;
                assert!(r.start <= r.end && r.end <= text.len(), "{f:?}");
                assert!(text.is_char_boundary(r.start) && text.is_char_boundary(r.end));
                if !moved.iter().any(|m| m.as_str() == f.value.as_str()) {
                    moved.push(f.value.to_string());
                }
            }
        }
        let name_of = |v: &str| moved.iter().position(|m| m == v).map(|i| format!("n{i}"));
        let fixed = scan::fix("f", text, format, &options, name_of)
            .unwrap_or_else(|e| panic!("the fixed text does not read as {format:?}: {e:?}"));
        for f in scan::scan("f", &fixed, format, &[], &options).unwrap() {
            let left = f.edit.is_ok() && moved.iter().any(|m| m.as_str() == f.value.as_str());
            assert!(!left, "a moved value is left behind: {f:?}");
        }
    }
}
