//! The reference parser on arbitrary bytes: never panics, spans are ordered and in bounds,
//! every item starts at `{{`, references are exactly `{{vault:NAME}}`, and substituting a
//! value for each reference keeps the text between them intact.
#![no_main]

use libfuzzer_sys::fuzz_target;
use locket_core::reference::{Item, parse};

fuzz_target!(|text: &[u8]| {
    let items = parse(text);
    let mut last = 0;
    let mut rebuilt = Vec::new();
    for item in &items {
        let span = item.span().clone();
        assert!(last <= span.start && span.start < span.end && span.end <= text.len());
        assert_eq!(&text[span.start..span.start + 2], b"{{");
        if let Item::Reference { name, .. } = item {
            assert_eq!(&text[span.clone()], format!("{{{{vault:{name}}}}}").as_bytes());
        }
        rebuilt.extend_from_slice(&text[last..span.start]);
        rebuilt.extend_from_slice(&text[span.clone()]);
        last = span.end;
    }
    rebuilt.extend_from_slice(&text[last..]);
    assert_eq!(rebuilt, text);
});
