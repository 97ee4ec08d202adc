//! Throughput of the paths that touch every byte: the masking writer and the reference parser.
//! Run: `cargo bench -p locket-core --bench hot_paths` (figures in docs/BENCHMARKS.md).

use std::io::Write;

use divan::counter::BytesCount;
use locket_core::redact::RedactionSet;

fn main() {
    divan::main();
}

/// 100 distinct 24-character secrets, as an API vault might hold.
fn secrets() -> Vec<Vec<u8>> {
    (0..100)
        .map(|i| format!("sk_live_{i:04}_{:012x}", i * 7_919_u64 * 104_729).into_bytes())
        .collect()
}

/// 8 MiB of log-like text with a secret every ~4 KiB.
fn output(secrets: &[Vec<u8>]) -> Vec<u8> {
    let mut out = Vec::with_capacity(8 << 20);
    let mut i = 0;
    while out.len() < 8 << 20 {
        out.extend_from_slice(b"2026-11-22T11:22:21Z INFO request id=4f2a status=200 path=/v1/charges took=12ms user agent=curl/8.5\n");
        if i % 40 == 0 {
            out.extend_from_slice(b"Authorization: Bearer ");
            out.extend_from_slice(&secrets[i / 40 % secrets.len()]);
            out.push(b'\n');
        }
        i += 1;
    }
    out
}

/// `input` through the masking writer in 64 KiB writes, as a pipe delivers them.
fn write_masked(bencher: divan::Bencher, set: &RedactionSet, input: &[u8]) {
    bencher
        .counter(BytesCount::of_slice(input))
        .bench_local(|| {
            let mut w = set.writer(std::io::sink());
            for chunk in input.chunks(64 << 10) {
                w.write_all(chunk).unwrap();
            }
            w.finish().unwrap();
        });
}

#[divan::bench]
fn masking_writer_100_secrets(bencher: divan::Bencher) {
    let secrets = secrets();
    let (set, _) = RedactionSet::new(secrets.iter().map(Vec::as_slice));
    write_masked(bencher, &set, &output(&secrets));
}

#[divan::bench]
fn parse_references(bencher: divan::Bencher) {
    let mut text = Vec::with_capacity(10 << 20);
    let mut i = 0;
    while text.len() < 10 << 20 {
        text.extend_from_slice(
            b"{\"url\": \"https://api.example.com/v1/items\", \"auth\": \"Bearer {{vault:secret_",
        );
        text.extend_from_slice(format!("{:03}", i % 100).as_bytes());
        text.extend_from_slice(b"}}\", \"padding\": \"");
        text.extend(std::iter::repeat_n(b'x', 900));
        text.extend_from_slice(b"\"}\n");
        i += 1;
    }
    bencher
        .counter(BytesCount::of_slice(&text))
        .bench_local(|| locket_core::reference::parse(divan::black_box(&text)).len());
}

#[divan::bench]
fn mask_whole_buffer_100_secrets(bencher: divan::Bencher) {
    let secrets = secrets();
    let (set, _) = RedactionSet::new(secrets.iter().map(Vec::as_slice));
    let input = output(&secrets);
    bencher
        .counter(BytesCount::of_slice(&input))
        .bench_local(|| set.mask(divan::black_box(&input)).len());
}

/// 8 MiB of JSON with escapes on every line (`\/` in URLs, `\u00e9`, a percent-encoded query),
/// as an API's response body or a run's JSON report: the masker's decoded views are built.
fn escaped_output(secrets: &[Vec<u8>]) -> Vec<u8> {
    let mut out = Vec::with_capacity(8 << 20);
    let mut i = 0;
    while out.len() < 8 << 20 {
        out.extend_from_slice(br#"{"url": "https:\/\/api.example.com\/v1\/caf\u00e9?q=a%20b%2Fc", "status": 200, "note": "line\nbreak"}"#);
        out.push(b'\n');
        if i % 40 == 0 {
            out.extend_from_slice(br#"{"authorization": "Bearer "#);
            out.extend_from_slice(&secrets[i / 40 % secrets.len()]);
            out.extend_from_slice(b"\"}\n");
        }
        i += 1;
    }
    out
}

#[divan::bench]
fn masking_writer_escaped_json_100_secrets(bencher: divan::Bencher) {
    let secrets = secrets();
    let (set, _) = RedactionSet::new(secrets.iter().map(Vec::as_slice));
    write_masked(bencher, &set, &escaped_output(&secrets));
}
