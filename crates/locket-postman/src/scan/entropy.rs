//! The high-entropy heuristic: a run of token characters (`A-Z a-z 0-9 + / = _ -`) at least
//! `min_length` long, with letters and digits, that is not hex (hashes, UUIDs), not a path and
//! not a lower-case slug, whose Shannon entropy is at least `threshold` bits per character.
//! Defaults: 20 characters, 4.0 bits (random base64 or base62 of 20+ characters is ~4.1–5.2;
//! English identifiers and slugs stay under ~3.8). `--entropy BITS` and `--min-length N` tune it.

use std::ops::Range;

pub const DEFAULT_THRESHOLD: f64 = 4.0;
pub const DEFAULT_MIN_LENGTH: usize = 20;

/// Shannon entropy of `s`, in bits per byte.
pub fn shannon(s: &[u8]) -> f64 {
    if s.is_empty() {
        return 0.0;
    }
    let mut counts = [0usize; 256];
    for &b in s {
        counts[b as usize] += 1;
    }
    let n = s.len() as f64;
    counts
        .iter()
        .filter(|&&c| c > 0)
        .map(|&c| {
            let p = c as f64 / n;
            -p * p.log2()
        })
        .sum()
}

fn token_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'+' | b'/' | b'=' | b'_' | b'-')
}

/// The ranges of `value` that look random.
pub fn find(value: &str, threshold: f64, min_length: usize) -> Vec<Range<usize>> {
    let bytes = value.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if !token_byte(bytes[i]) {
            i += 1;
            continue;
        }
        let start = i;
        // `=` belongs to a token only as base64 padding, at its end: `key=value` is two.
        while i < bytes.len()
            && token_byte(bytes[i])
            && (bytes[i] != b'='
                || bytes
                    .get(i + 1)
                    .is_none_or(|&n| n == b'=' || !token_byte(n)))
        {
            i += 1;
        }
        if i == start {
            i += 1;
            continue;
        }
        if looks_random(&value[start..i], threshold, min_length) {
            out.push(start..i);
        }
    }
    out
}

pub fn looks_random(token: &str, threshold: f64, min_length: usize) -> bool {
    let b = token.as_bytes();
    let hex = b.iter().all(|c| c.is_ascii_hexdigit() || *c == b'-');
    let slug = b
        .iter()
        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == b'-' || *c == b'_');
    b.len() >= min_length
        && !hex
        && !slug
        && !token.starts_with('/')
        && b.iter().any(u8::is_ascii_digit)
        && b.iter().any(u8::is_ascii_alphabetic)
        && shannon(b) >= threshold
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn entropy_of_known_strings() {
        assert_eq!(shannon(b""), 0.0);
        assert_eq!(shannon(b"aaaa"), 0.0);
        assert!((shannon(b"ab") - 1.0).abs() < 1e-9);
        assert!((shannon(b"0123456789abcdef") - 4.0).abs() < 1e-9);
    }

    #[test]
    fn random_tokens_are_found_and_common_shapes_are_not() {
        let t = DEFAULT_THRESHOLD;
        let n = DEFAULT_MIN_LENGTH;
        for random in [
            "q8Zr2LmX7vTn4KpW9sYb3Hc",
            "wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLE1",
            "Zm9vYmFyYmF6cXV4MTIzNDU2Nzg5MA==",
        ] {
            assert!(looks_random(random, t, n), "{random}");
        }
        for common in [
            "550e8400-e29b-41d4-a716-446655440000",     // UUID
            "da39a3ee5e6b4b0d3255bfef95601890afd80709", // SHA-1 in a test name
            "get-all-users-by-organization-2",          // slug
            "/v1/organizations/12345/members",          // path
            "createUserWithAttachmentsAndMetadata",     // identifier, no digit
            "short1A",
            "Version2ReleaseCandidate",
        ] {
            assert!(!looks_random(common, t, n), "{common}");
        }
    }

    proptest! {
        #[test]
        fn entropy_is_bounded_by_the_alphabet(s in proptest::collection::vec(any::<u8>(), 1..200)) {
            let e = shannon(&s);
            let distinct = s.iter().collect::<std::collections::HashSet<_>>().len() as f64;
            prop_assert!(e >= 0.0 && e <= distinct.log2() + 1e-9);
        }

        #[test]
        fn a_higher_threshold_or_length_never_finds_more(
            s in "[A-Za-z0-9+/=_ -]{0,120}", t in 2.0f64..5.0, n in 8usize..40,
        ) {
            let base = find(&s, t, n).len();
            prop_assert!(find(&s, t + 0.5, n).len() <= base);
            prop_assert!(find(&s, t, n + 5).len() <= base);
        }

        #[test]
        fn found_ranges_are_whole_tokens(s in "[A-Za-z0-9 .:/?&=_-]{0,120}") {
            for r in find(&s, 3.0, 12) {
                let b = s.as_bytes();
                prop_assert!(r.start == 0 || !token_byte(b[r.start - 1]) || b[r.start - 1] == b'=');
                prop_assert!(r.end == b.len() || !token_byte(b[r.end]) || b[r.end] == b'=');
            }
        }
    }
}
