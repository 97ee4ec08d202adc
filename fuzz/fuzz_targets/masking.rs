//! The streaming masker: for any secrets and any way of cutting the output into writes, the
//! streamed result equals masking the whole buffer at once.
#![no_main]

use std::io::Write;

use libfuzzer_sys::fuzz_target;
use locket_core::redact::RedactionSet;

fuzz_target!(|input: (Vec<Vec<u8>>, Vec<u8>, Vec<u8>)| {
    let (secrets, output, cuts) = input;
    let secrets: Vec<Vec<u8>> = secrets.into_iter().take(8).filter(|s| s.len() <= 64).collect();
    let (set, _) = RedactionSet::new(secrets.iter().map(Vec::as_slice));
    let whole = set.mask(&output);
    let mut writer = set.writer(Vec::new());
    let mut at = 0;
    for cut in cuts {
        let end = (at + cut as usize).min(output.len());
        writer.write_all(&output[at..end]).unwrap();
        at = end;
    }
    writer.write_all(&output[at..]).unwrap();
    assert_eq!(writer.finish().unwrap(), whole);
});
