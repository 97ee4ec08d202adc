//! Masking: one set of every resolved value and its common encodings, applied to everything
//! locket prints about a run.
//!
//! For each value the set holds: the raw bytes; base64 and base64url at all three byte
//! alignments (so the value is caught inside any base64 stream, including `Basic user:pass`
//! credentials, whatever precedes it); percent-encoding (`%20` and `+` for spaces); and the
//! JSON-escaped form. Values shorter than [`MIN_MASKED_LEN`] are not masked (they would mask
//! half of every output) and are reported so the caller can warn.

use std::io::{self, Write};

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};
use data_encoding::{BASE64, BASE64URL_NOPAD, Encoding};
use zeroize::Zeroizing;

pub const MIN_MASKED_LEN: usize = 4;
pub const MASK: &[u8] = b"********";

/// The patterns to mask, compiled. Cheap to share between writers.
pub struct RedactionSet {
    matcher: Option<AhoCorasick>,
    longest: usize,
    /// The patterns, sorted: tells whether a tail of output could still become a match.
    sorted: Vec<Zeroizing<Vec<u8>>>,
    /// For each pattern (same order as `sorted`), the index of the value it is a form of.
    owners: Vec<usize>,
}

impl RedactionSet {
    /// Builds the set from values; returns it with the indices of values too short to mask.
    pub fn new<'a>(values: impl IntoIterator<Item = &'a [u8]>) -> (Self, Vec<usize>) {
        let mut owned: Vec<(Zeroizing<Vec<u8>>, usize)> = Vec::new();
        let mut too_short = Vec::new();
        for (i, value) in values.into_iter().enumerate() {
            if value.len() < MIN_MASKED_LEN {
                if !value.is_empty() {
                    too_short.push(i);
                }
                continue;
            }
            owned.extend(forms(value).into_iter().map(|form| (form, i)));
        }
        owned.retain(|(p, _)| p.len() >= MIN_MASKED_LEN);
        owned.sort_by(|a, b| a.0.as_slice().cmp(b.0.as_slice()));
        owned.dedup_by(|a, b| a.0.as_slice() == b.0.as_slice());
        let (patterns, owners): (Vec<_>, Vec<_>) = owned.into_iter().unzip();
        let longest = patterns.iter().map(|p| p.len()).max().unwrap_or(0);
        let matcher = (!patterns.is_empty()).then(|| {
            AhoCorasick::builder()
                .match_kind(MatchKind::LeftmostLongest)
                .kind(Some(AhoCorasickKind::DFA))
                .build(patterns.iter().map(|p| p.as_slice()))
                // Fails only past aho-corasick's size limits: fall back to the default kind.
                .or_else(|_| {
                    AhoCorasick::builder()
                        .match_kind(MatchKind::LeftmostLongest)
                        .build(patterns.iter().map(|p| p.as_slice()))
                })
                .expect("aho-corasick builds from byte patterns")
        });
        (
            RedactionSet {
                matcher,
                longest,
                sorted: patterns,
                owners,
            },
            too_short,
        )
    }

    pub fn empty() -> Self {
        RedactionSet {
            matcher: None,
            longest: 0,
            sorted: Vec::new(),
            owners: Vec::new(),
        }
    }

    /// The indices (as given to [`RedactionSet::new`]) of the values found in `input`, in any
    /// of the forms masked: which secrets a text carries, whatever encoding hides them.
    pub fn owners(&self, input: &[u8]) -> std::collections::BTreeSet<usize> {
        let Some(matcher) = &self.matcher else {
            return Default::default();
        };
        matcher
            .find_iter(input)
            .map(|m| self.owners[m.pattern().as_usize()])
            .collect()
    }

    /// The length of the longest tail of `text` that is a proper prefix of some pattern: the
    /// bytes a streaming writer must hold back, because more output could complete a match
    /// (or extend one to a longer, leftmost-longest match). Usually 0 for ordinary text.
    fn open_tail(&self, text: &[u8]) -> usize {
        let max = text.len().min(self.longest.saturating_sub(1));
        (1..=max)
            .rev()
            .find(|&k| {
                let tail = &text[text.len() - k..];
                // Patterns that extend `tail` sort right after it.
                let i = self.sorted.partition_point(|p| p.as_slice() <= tail);
                self.sorted.get(i).is_some_and(|p| p.starts_with(tail))
            })
            .unwrap_or(0)
    }

    pub fn is_empty(&self) -> bool {
        self.matcher.is_none()
    }

    /// Masks a whole buffer at once.
    pub fn mask(&self, input: &[u8]) -> Vec<u8> {
        let mut out = Vec::with_capacity(input.len());
        self.mask_into(input, &mut out);
        out
    }

    /// Masks a string (for messages); invalid UTF-8 from masking cannot occur as the mask is ASCII
    /// and matches are whole values.
    pub fn mask_str(&self, input: &str) -> String {
        String::from_utf8_lossy(&self.mask(input.as_bytes())).into_owned()
    }

    fn mask_into(&self, input: &[u8], out: &mut Vec<u8>) {
        let Some(matcher) = &self.matcher else {
            out.extend_from_slice(input);
            return;
        };
        let mut last = 0;
        for m in matcher.find_iter(input) {
            out.extend_from_slice(&input[last..m.start()]);
            out.extend_from_slice(MASK);
            last = m.end();
        }
        out.extend_from_slice(&input[last..]);
    }

    /// A writer that masks everything written through it. It holds back only a tail that could
    /// still become a secret (at most the longest pattern's length minus one byte; usually
    /// nothing), so a value split across writes is still masked and a prompt is never delayed.
    pub fn writer<W: Write>(&self, inner: W) -> MaskingWriter<'_, W> {
        MaskingWriter {
            set: self,
            inner: Some(inner),
            pending: Vec::new(),
            out: Vec::new(),
        }
    }
}

/// Every form of `value` that locket masks.
fn forms(value: &[u8]) -> Vec<Zeroizing<Vec<u8>>> {
    let mut out = vec![Zeroizing::new(value.to_vec())];
    for encoding in [&BASE64, &BASE64URL_NOPAD] {
        out.extend(aligned_base64(value, encoding));
    }
    out.push(Zeroizing::new(percent_encode(value, false)));
    out.push(Zeroizing::new(percent_encode(value, true)));
    if let Ok(text) = std::str::from_utf8(value) {
        let json = Zeroizing::new(serde_json::to_string(text).expect("strings serialise"));
        out.push(Zeroizing::new(json.as_bytes()[1..json.len() - 1].to_vec()));
    }
    out
}

/// The base64 of `value` as it appears inside a longer base64 stream when `value` starts at
/// each of the three positions modulo 3: only whole 3-byte groups encode the same way
/// whatever surrounds them.
fn aligned_base64(value: &[u8], encoding: &Encoding) -> Vec<Zeroizing<Vec<u8>>> {
    (0..3)
        .filter_map(|skip| {
            let rest = value.get(skip..)?;
            let whole = rest.len() / 3 * 3;
            (whole > 0).then(|| {
                let text = encoding.encode(&rest[..whole]);
                Zeroizing::new(text.into_bytes())
            })
        })
        .collect()
}

/// RFC 3986 percent-encoding of everything but unreserved characters; `plus` writes spaces as
/// `+` (HTML forms).
fn percent_encode(value: &[u8], plus: bool) -> Vec<u8> {
    let mut out = Vec::with_capacity(value.len() * 3);
    for &b in value {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => out.push(b),
            b' ' if plus => out.push(b'+'),
            _ => out.extend_from_slice(format!("%{b:02X}").as_bytes()),
        }
    }
    out
}

/// See [`RedactionSet::writer`]. Call [`MaskingWriter::finish`] (or `flush`) at the end: bytes
/// held back are written then.
pub struct MaskingWriter<'a, W: Write> {
    set: &'a RedactionSet,
    /// `None` only after `finish` has handed it back.
    inner: Option<W>,
    pending: Vec<u8>,
    out: Vec<u8>,
}

impl<W: Write> MaskingWriter<'_, W> {
    /// Writes what is held back and returns the inner writer.
    pub fn finish(mut self) -> io::Result<W> {
        self.flush()?;
        Ok(self.inner.take().expect("finish is called once"))
    }

    fn inner(&mut self) -> &mut W {
        self.inner
            .as_mut()
            .expect("the writer is used only before finish")
    }

    /// Masks and writes everything that can no longer be the start of a match.
    fn drain(&mut self, all: bool) -> io::Result<()> {
        let Some(matcher) = &self.set.matcher else {
            let pending = std::mem::take(&mut self.pending);
            self.inner().write_all(&pending)?;
            return Ok(());
        };
        // A match starting before `safe` has every byte it could need already in `pending`:
        // beyond it lies only a tail that more output could turn into a (longer) match.
        let safe = if all {
            self.pending.len()
        } else {
            self.pending.len() - self.set.open_tail(&self.pending)
        };
        self.out.clear();
        let mut last = 0;
        for m in matcher.find_iter(&self.pending) {
            if m.start() >= safe {
                break;
            }
            self.out.extend_from_slice(&self.pending[last..m.start()]);
            self.out.extend_from_slice(MASK);
            last = m.end();
        }
        let keep_from = last.max(safe);
        self.out.extend_from_slice(&self.pending[last..keep_from]);
        let out = std::mem::take(&mut self.out);
        self.inner().write_all(&out)?;
        self.out = out;
        self.pending.drain(..keep_from);
        Ok(())
    }
}

impl<W: Write> Write for MaskingWriter<'_, W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.pending.extend_from_slice(buf);
        self.drain(false)?;
        Ok(buf.len())
    }

    /// Flushing writes everything held back: a caller flushes when the stream pauses (a child
    /// waiting for input), so a prompt is never withheld. A value split by a flush is masked
    /// in its parts only if they are themselves long enough.
    fn flush(&mut self) -> io::Result<()> {
        self.drain(true)?;
        self.inner().flush()
    }
}

impl<W: Write> Drop for MaskingWriter<'_, W> {
    fn drop(&mut self) {
        // Best effort: bytes still held back are masked and written like the rest.
        if self.inner.is_some() {
            let _ = self.drain(true);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn set(values: &[&str]) -> RedactionSet {
        RedactionSet::new(values.iter().map(|v| v.as_bytes())).0
    }

    #[test]
    fn owners_name_the_values_found_in_any_form() {
        let s = set(&["first-secret", "second secret", "abc"]);
        let basic = format!("Basic {}", BASE64.encode(b"user:second secret"));
        assert_eq!(
            s.owners(basic.as_bytes()).into_iter().collect::<Vec<_>>(),
            [1]
        );
        let both = "q=second%20secret&x=first-secret";
        assert_eq!(
            s.owners(both.as_bytes()).into_iter().collect::<Vec<_>>(),
            [0, 1]
        );
        assert!(
            s.owners(b"nothing here, abc").is_empty(),
            "too short to be found"
        );
    }

    #[test]
    fn masks_the_value_and_its_encodings() {
        let s = set(&["p@ss w/rd\"1"]);
        let b64 = BASE64.encode(b"p@ss w/rd\"1");
        let basic = BASE64.encode(b"user:p@ss w/rd\"1");
        for shown in [
            "p@ss w/rd\"1",
            &b64,
            "p%40ss%20w%2Frd%221",
            "p%40ss+w%2Frd%221",
            "p@ss w/rd\\\"1",
        ] {
            let text = format!("before {shown} after");
            let masked = String::from_utf8(s.mask(text.as_bytes())).unwrap();
            assert!(
                masked.starts_with("before ")
                    && masked.ends_with(" after")
                    && masked.contains("****"),
                "{shown} -> {masked}"
            );
            assert!(!masked.contains(shown), "{shown} -> {masked}");
        }
        let masked = s.mask_str(&format!("Authorization: Basic {basic}"));
        assert!(masked.contains("****"), "{masked}");
        let decoded_rest = masked.replace("********", "");
        assert!(!decoded_rest.contains(&basic));
    }

    #[test]
    fn short_values_are_reported_not_masked() {
        let (s, short) = RedactionSet::new([b"abc".as_slice(), b"", b"long enough"]);
        assert_eq!(short, [0]);
        assert_eq!(s.mask(b"abc long enough"), b"abc ********");
    }

    #[test]
    fn streaming_masks_across_every_split() {
        let s = set(&["SECRET-VALUE-42", "other-token"]);
        let input = b"x SECRET-VALUE-42 y other-token zSECRET-VALUE-42";
        let whole = s.mask(input);
        for split in 0..input.len() {
            let mut w = s.writer(Vec::new());
            w.write_all(&input[..split]).unwrap();
            w.write_all(&input[split..]).unwrap();
            assert_eq!(w.finish().unwrap(), whole, "split at {split}");
        }
        let mut w = s.writer(Vec::new());
        for b in input {
            w.write_all(&[*b]).unwrap();
        }
        assert_eq!(w.finish().unwrap(), whole);
    }

    #[test]
    fn holds_back_only_what_could_become_a_secret() {
        let s = set(&["0123456789"]);
        let mut w = s.writer(Vec::new());
        w.write_all(b"Password: ").unwrap();
        assert!(w.pending.is_empty(), "a prompt is not delayed");
        w.write_all(b"x 0123").unwrap();
        assert_eq!(w.pending, b"0123", "a possible start of the secret waits");
        w.write_all(b"4x").unwrap();
        assert!(w.pending.is_empty());
        assert_eq!(w.finish().unwrap(), b"Password: x 01234x");
    }

    #[test]
    fn holds_back_less_than_the_longest_pattern() {
        let s = set(&["0123456789"]);
        let mut w = s.writer(Vec::new());
        w.write_all(&[b'a'; 100]).unwrap();
        let longest = s.longest;
        assert!(w.pending.len() < longest, "{} held back", w.pending.len());
    }

    proptest! {
        #[test]
        fn streaming_equals_whole_buffer_masking(
            chunks in proptest::collection::vec(proptest::collection::vec(prop_oneof![Just(b'a'), Just(b'b'), Just(b'c'), Just(b'x')], 0..12), 0..12)
        ) {
            let s = set(&["abca", "bcab", "aaaa"]);
            let input: Vec<u8> = chunks.concat();
            let mut w = s.writer(Vec::new());
            for c in &chunks {
                w.write_all(c).unwrap();
            }
            let streamed = w.finish().unwrap();
            prop_assert!(!String::from_utf8_lossy(&streamed).contains("abca"));
            prop_assert_eq!(streamed, s.mask(&input));
        }
    }
}
