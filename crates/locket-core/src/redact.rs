//! Masking: one set of every resolved value and its encodings, applied to everything locket
//! prints about a run, and used by the wire's guard to find the secrets a request carries.
//!
//! For each value the set holds these forms (see [`forms`]):
//! - the raw bytes;
//! - base64 and base64url at each of the three byte alignments: the characters fully
//!   determined by the value, so it is caught inside any longer base64 text (`Basic user:pass`),
//!   padded or not, whatever precedes it;
//! - percent-encodings as each encoder writes them (RFC 3986, `encodeURIComponent`, form
//!   encoding with `+` for space, and the URL parser's own sets for path, query, userinfo and
//!   fragment, which leave much of ASCII as it is), in upper- and lower-case hex;
//! - JSON string escapes: minimal (serde, `JSON.stringify`), with `\/`, with non-ASCII as
//!   `\uXXXX` (either case), with HTML-safe `\u003c`-style escapes, and their combinations.
//!
//! The text is also matched through two decoded views, built only when it has a `%` or a `\`:
//! percent-decoded and JSON-unescaped, so a value written with any mix of escaped and plain
//! characters (what a URL parser makes of a path or query, `\u0041`-style escapes of any
//! character) is found too, and masked where it stands in the text.
//!
//! Matches are searched overlapping and merged, so when values overlap or contain one another
//! the union is masked as one: nothing of either is shown. Values shorter than
//! [`MIN_MASKED_LEN`] are not masked (they would mask half of every output) and are reported so
//! the caller can warn.

use std::io::{self, Write};
use std::ops::Range;

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};
use data_encoding::{BASE64_NOPAD, BASE64URL_NOPAD, Encoding};
use zeroize::Zeroizing;

pub const MIN_MASKED_LEN: usize = 4;
pub const MASK: &[u8] = b"********";

/// The patterns to mask, compiled. Cheap to share between writers.
pub struct RedactionSet {
    matcher: Option<AhoCorasick>,
    longest: usize,
    /// The patterns, sorted: tells whether a tail of output could still become a match.
    sorted: Vec<Zeroizing<Vec<u8>>>,
    /// For each pattern (same order as `sorted`), the indices of the values it is a form of.
    owners: Vec<Vec<usize>>,
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
        owned.sort_by(|a, b| a.0.as_slice().cmp(b.0.as_slice()).then(a.1.cmp(&b.1)));
        // One pattern per distinct form; a form shared by two values names both.
        let mut patterns: Vec<Zeroizing<Vec<u8>>> = Vec::new();
        let mut owners: Vec<Vec<usize>> = Vec::new();
        for (form, owner) in owned {
            match (patterns.last(), owners.last_mut()) {
                (Some(last), Some(names)) if last.as_slice() == form.as_slice() => {
                    if names.last() != Some(&owner) {
                        names.push(owner);
                    }
                }
                _ => {
                    patterns.push(form);
                    owners.push(vec![owner]);
                }
            }
        }
        let longest = patterns.iter().map(|p| p.len()).max().unwrap_or(0);
        // Leftmost-longest: the longest match at each start. `starts` steps one byte past each
        // match's start, so overlapping values are all found and merged.
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
    /// of the forms masked, overlapping or nested ones included: which secrets a text carries,
    /// whatever encoding hides them.
    pub fn owners(&self, input: &[u8]) -> std::collections::BTreeSet<usize> {
        let mut found = std::collections::BTreeSet::new();
        self.owners_into(input, &mut found);
        for view in Decoded::views(input) {
            self.owners_into(&view.bytes, &mut found);
        }
        found
    }

    /// Adds the owners of every pattern found in `input`: the longest at each start, and any
    /// shorter one at the same start (a value that another begins with).
    fn owners_into(&self, input: &[u8], found: &mut std::collections::BTreeSet<usize>) {
        for m in self.starts(input) {
            for end in m.start() + MIN_MASKED_LEN..=m.end() {
                let candidate = &input[m.start()..end];
                if let Ok(i) = self
                    .sorted
                    .binary_search_by(|p| p.as_slice().cmp(candidate))
                {
                    found.extend(self.owners[i].iter().copied());
                }
            }
        }
    }

    /// The longest match at each position where one starts, in order of their starts.
    fn starts<'s>(&'s self, input: &'s [u8]) -> impl Iterator<Item = aho_corasick::Match> + 's {
        let mut from = 0;
        std::iter::from_fn(move || {
            let matcher = self.matcher.as_ref()?;
            if from >= input.len() {
                return None;
            }
            let m = matcher.find(aho_corasick::Input::new(input).range(from..))?;
            from = m.start() + 1;
            Some(m)
        })
    }

    /// The ranges of `input` to mask, sorted and disjoint: every match in the text as it is
    /// and in its decoded views (JSON escapes, percent-encoding: any mix of escaped and plain
    /// characters), overlapping ones merged into one range. Appended to `out`.
    fn spans(&self, input: &[u8], out: &mut Vec<Range<usize>>) {
        let views: Vec<Decoded> = Decoded::views(input).collect();
        self.spans_with(input, &views, out);
    }

    /// [`RedactionSet::spans`] with the decoded views of `input` already made.
    fn spans_with(&self, input: &[u8], views: &[Decoded], out: &mut Vec<Range<usize>>) {
        let base = out.len();
        self.matches(input, out);
        let mut decoded = Vec::new();
        for view in views {
            decoded.clear();
            self.matches(&view.bytes, &mut decoded);
            out.extend(decoded.iter().map(|d| view.raw(d.clone())));
        }
        if out.len() - base > 1 {
            out[base..].sort_unstable_by_key(|r| r.start);
            let mut merged: Vec<Range<usize>> = Vec::with_capacity(out.len() - base);
            for r in out.drain(base..) {
                match merged.last_mut() {
                    Some(last) if r.start < last.end => last.end = last.end.max(r.end),
                    _ => merged.push(r),
                }
            }
            out.extend(merged);
        }
    }

    /// The raw matches of `input`, merged (sorted, disjoint). Appended to `out`.
    fn matches(&self, input: &[u8], out: &mut Vec<Range<usize>>) {
        let base = out.len();
        // Matches come in order of their starts: one that begins inside the last range extends
        // it.
        for m in self.starts(input) {
            match out[base..].last_mut() {
                Some(last) if m.start() < last.end => last.end = last.end.max(m.end()),
                _ => out.push(m.range()),
            }
        }
    }

    /// The length of the longest tail of `text` that is a proper prefix of some pattern: the
    /// bytes a streaming writer must hold back, because more output could complete a match.
    /// Usually 0 for ordinary text.
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
        let mut spans = Vec::new();
        self.spans(input, &mut spans);
        let mut last = 0;
        for span in spans {
            out.extend_from_slice(&input[last..span.start]);
            out.extend_from_slice(MASK);
            last = span.end;
        }
        out.extend_from_slice(&input[last..]);
        out
    }

    /// Masks a string (for messages). A mask may cut a multi-byte character that a base64
    /// match ends in: such bytes are shown as U+FFFD.
    pub fn mask_str(&self, input: &str) -> String {
        String::from_utf8_lossy(&self.mask(input.as_bytes())).into_owned()
    }

    /// A writer that masks everything written through it. It holds back only a tail that could
    /// still become a secret (at most the longest pattern's length minus one byte; usually
    /// nothing), so a value split across writes is still masked and a prompt is never delayed.
    pub fn writer<W: Write>(&self, inner: W) -> MaskingWriter<'_, W> {
        MaskingWriter {
            set: self,
            inner: Some(inner),
            pending: Vec::new(),
            covered: 0,
            spans: Vec::new(),
            out: Vec::new(),
        }
    }
}

/// Every form of `value` that locket masks (some may repeat; the caller de-duplicates).
fn forms(value: &[u8]) -> Vec<Zeroizing<Vec<u8>>> {
    let mut out = vec![Zeroizing::new(value.to_vec())];
    for encoding in [&BASE64_NOPAD, &BASE64URL_NOPAD] {
        out.extend(base64_cores(value, encoding));
    }
    for set in PercentSet::ALL {
        for upper in [true, false] {
            out.push(percent_encode(value, set, upper));
        }
    }
    if let Ok(text) = std::str::from_utf8(value) {
        for style in JsonStyle::all() {
            out.push(json_escape(text, style));
        }
    }
    out
}

/// The base64 characters fully determined by `value` when it starts at each of the three byte
/// positions modulo 3 of a longer text: a character encodes 6 bits, and only those whose 6 bits
/// all come from `value` are the same whatever surrounds it.
fn base64_cores(value: &[u8], encoding: &Encoding) -> Vec<Zeroizing<Vec<u8>>> {
    (0..3)
        .filter_map(|skip: usize| {
            let mut shifted = Zeroizing::new(vec![0u8; skip]);
            shifted.extend_from_slice(value);
            let text = Zeroizing::new(encoding.encode(&shifted).into_bytes());
            let first = (8 * skip).div_ceil(6);
            let end = (8 * (skip + value.len()) / 6).min(text.len());
            (end > first).then(|| Zeroizing::new(text[first..end].to_vec()))
        })
        .collect()
}

/// Which bytes a percent-encoder leaves as they are; every other byte (all non-ASCII
/// included) becomes `%XX`.
#[derive(Clone, Copy)]
enum PercentSet {
    /// RFC 3986 unreserved: what most libraries keep (Python's `quote`, curl, `percent_encode`).
    Unreserved,
    /// The same with `+` for space (Python's `quote_plus`, PHP's `urlencode`).
    UnreservedPlus,
    /// JavaScript's `encodeURIComponent`.
    Component,
    /// `application/x-www-form-urlencoded` as the URL standard writes it: `+` for space.
    Form,
    /// The URL parser (WHATWG, the `url` crate) on a path: most ASCII is kept.
    Path,
    /// The URL parser on a path of an http(s) URL, where `\` becomes `/`.
    SpecialPath,
    /// A path segment added by the `url` crate's `path_segments_mut`.
    PathSegment,
    /// The URL parser on a query (`'` is encoded in http(s) URLs only).
    Query,
    SpecialQuery,
    /// The URL parser on a user name or password.
    Userinfo,
    /// The URL parser on a fragment.
    Fragment,
}

impl PercentSet {
    const ALL: [PercentSet; 11] = [
        PercentSet::Unreserved,
        PercentSet::UnreservedPlus,
        PercentSet::Component,
        PercentSet::Form,
        PercentSet::Path,
        PercentSet::SpecialPath,
        PercentSet::PathSegment,
        PercentSet::Query,
        PercentSet::SpecialQuery,
        PercentSet::Userinfo,
        PercentSet::Fragment,
    ];

    /// How `b` is written: kept (`Some(b)`, possibly replaced) or encoded (`None`).
    fn keeps(self, b: u8) -> Option<u8> {
        use PercentSet::*;
        let control = !(0x20..0x7f).contains(&b);
        let kept = match self {
            Unreserved | UnreservedPlus => {
                if b == b' ' && matches!(self, UnreservedPlus) {
                    return Some(b'+');
                }
                b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~')
            }
            Component => {
                b.is_ascii_alphanumeric()
                    || matches!(
                        b,
                        b'-' | b'_' | b'.' | b'!' | b'~' | b'*' | b'\'' | b'(' | b')'
                    )
            }
            Form => {
                if b == b' ' {
                    return Some(b'+');
                }
                b.is_ascii_alphanumeric() || matches!(b, b'*' | b'-' | b'.' | b'_')
            }
            Path | SpecialPath | PathSegment | Userinfo => {
                if b == b'\\' && matches!(self, SpecialPath) {
                    return Some(b'/');
                }
                let extra: &[u8] = match self {
                    PathSegment => b"/%",
                    Userinfo => b"/:;=@[\\]^|",
                    _ => b"",
                };
                !control && !b" \"#<>?`{}".contains(&b) && !extra.contains(&b)
            }
            Query => !control && !b" \"#<>".contains(&b),
            SpecialQuery => !control && !b" \"#<>'".contains(&b),
            Fragment => !control && !b" \"<>`".contains(&b),
        };
        kept.then_some(b)
    }
}

fn percent_encode(value: &[u8], set: PercentSet, upper: bool) -> Zeroizing<Vec<u8>> {
    let digits: &[u8; 16] = if upper {
        b"0123456789ABCDEF"
    } else {
        b"0123456789abcdef"
    };
    let mut out = Zeroizing::new(Vec::with_capacity(value.len() * 3));
    for &b in value {
        match set.keeps(b) {
            Some(kept) => out.push(kept),
            None => out.extend_from_slice(&[
                b'%',
                digits[usize::from(b >> 4)],
                digits[usize::from(b & 15)],
            ]),
        }
    }
    out
}

/// How a JSON encoder writes a string; each one escapes `"`, `\\` and control characters.
#[derive(Clone, Copy)]
struct JsonStyle {
    /// `/` as `\/` (PHP's `json_encode`, some Java encoders).
    slash: bool,
    /// Non-ASCII as `\uXXXX` UTF-16 units (Python's `json.dumps`, PHP), in upper-case hex if
    /// `Some(true)`.
    non_ascii: Option<bool>,
    /// `<`, `>`, `&`, U+2028 and U+2029 as `\u` escapes (Go's `encoding/json`).
    html: bool,
}

impl JsonStyle {
    fn all() -> impl Iterator<Item = JsonStyle> {
        [false, true].into_iter().flat_map(|slash| {
            [None, Some(false), Some(true)]
                .into_iter()
                .flat_map(move |non_ascii| {
                    [false, true].into_iter().map(move |html| JsonStyle {
                        slash,
                        non_ascii,
                        html,
                    })
                })
        })
    }
}

fn json_escape(text: &str, style: JsonStyle) -> Zeroizing<Vec<u8>> {
    use std::fmt::Write as _;
    let mut out = Zeroizing::new(String::with_capacity(text.len() + 8));
    let upper = style.non_ascii == Some(true);
    let unit = |out: &mut String, u: u16| {
        let _ = if upper {
            write!(out, "\\u{u:04X}")
        } else {
            write!(out, "\\u{u:04x}")
        };
    };
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            c if (c as u32) < 0x20 => unit(&mut out, c as u16),
            '/' if style.slash => out.push_str("\\/"),
            '<' | '>' | '&' | '\u{2028}' | '\u{2029}' if style.html => unit(&mut out, c as u16),
            c if !c.is_ascii() && style.non_ascii.is_some() => {
                let mut units = [0u16; 2];
                for u in c.encode_utf16(&mut units) {
                    unit(&mut out, *u);
                }
            }
            c => out.push(c),
        }
    }
    Zeroizing::new(std::mem::take(&mut *out).into_bytes())
}

/// A decoded copy of a text, to match values written with any mix of escaped and plain
/// characters, and where each decoded byte came from.
struct Decoded {
    bytes: Zeroizing<Vec<u8>>,
    /// Runs of the decoded text in order: plain bytes copied as they are, or one escape.
    segments: Vec<Segment>,
    /// The length of the raw text.
    raw_len: usize,
    /// Where an escape cut off by the end of the text starts (the text's length if none): a
    /// streaming writer holds it back until it is complete.
    incomplete_from: usize,
    /// How many decoded bytes come before that escape: the ones it cannot change.
    complete: usize,
}

/// Decoded bytes from `decoded` on came from the raw text at `raw`: one byte each if `escape`
/// is 0, else all from one escape `escape` raw bytes long.
struct Segment {
    decoded: usize,
    raw: usize,
    escape: usize,
}

impl Decoded {
    /// The decoded views of `text` worth matching: JSON escapes if it has a `\\`,
    /// percent-encoding if it has a `%`. Text with neither costs two scans.
    fn views(text: &[u8]) -> impl Iterator<Item = Decoded> + '_ {
        let json = memchr::memchr(b'\\', text).map(|_| Decoded::json(text));
        let percent = memchr::memchr(b'%', text).map(|_| Decoded::percent(text));
        json.into_iter().chain(percent)
    }

    /// The raw range decoded byte `at` came from.
    fn byte(&self, at: usize) -> Range<usize> {
        let i = self.segments.partition_point(|s| s.decoded <= at) - 1;
        let s = &self.segments[i];
        if s.escape == 0 {
            let raw = s.raw + (at - s.decoded);
            raw..raw + 1
        } else {
            s.raw..s.raw + s.escape
        }
    }

    /// The raw range of decoded `range`.
    fn raw(&self, range: Range<usize>) -> Range<usize> {
        self.byte(range.start).start..self.byte(range.end - 1).end
    }

    /// The raw offset where decoded byte `at` starts (the text's end past the last).
    fn raw_start(&self, at: usize) -> usize {
        if at < self.bytes.len() {
            self.byte(at).start
        } else {
            self.raw_len
        }
    }

    fn new(len: usize) -> Decoded {
        Decoded {
            bytes: Zeroizing::new(Vec::with_capacity(len)),
            segments: Vec::new(),
            raw_len: len,
            incomplete_from: len,
            complete: usize::MAX,
        }
    }

    /// Raw bytes `range` of `text`, as they are.
    fn plain(&mut self, text: &[u8], range: Range<usize>) {
        if range.is_empty() {
            return;
        }
        let continues = self.segments.last().is_some_and(|s| {
            s.escape == 0 && s.raw + (self.bytes.len() - s.decoded) == range.start
        });
        if !continues {
            self.segments.push(Segment {
                decoded: self.bytes.len(),
                raw: range.start,
                escape: 0,
            });
        }
        self.bytes.extend_from_slice(&text[range]);
    }

    /// `decoded`, from the escape at raw `range`.
    fn escape(&mut self, decoded: &[u8], range: Range<usize>) {
        self.segments.push(Segment {
            decoded: self.bytes.len(),
            raw: range.start,
            escape: range.len(),
        });
        self.bytes.extend_from_slice(decoded);
    }

    /// An escape cut off by the end of `text` at `at`: kept as it is, and marked.
    fn cut_off(&mut self, text: &[u8], at: usize) {
        self.incomplete_from = at;
        self.complete = self.bytes.len();
        self.plain(text, at..text.len());
    }

    /// JSON string escapes decoded: `\\n`, `\\/`, `\\uXXXX` (surrogate pairs joined) and the
    /// rest; anything else is kept as it is.
    fn json(text: &[u8]) -> Decoded {
        let mut out = Decoded::new(text.len());
        let unit = |at: usize| -> Option<u16> {
            let digits = text.get(at + 2..at + 6)?;
            if text.get(at + 1) != Some(&b'u') || !digits.iter().all(u8::is_ascii_hexdigit) {
                return None;
            }
            u16::from_str_radix(std::str::from_utf8(digits).ok()?, 16).ok()
        };
        let mut i = 0;
        while let Some(found) = memchr::memchr(b'\\', &text[i..]) {
            out.plain(text, i..i + found);
            i += found;
            let simple = match text.get(i + 1) {
                None => {
                    out.cut_off(text, i);
                    return out;
                }
                Some(b'"') => Some(b'"'),
                Some(b'\\') => Some(b'\\'),
                Some(b'/') => Some(b'/'),
                Some(b'b') => Some(8),
                Some(b'f') => Some(12),
                Some(b'n') => Some(b'\n'),
                Some(b'r') => Some(b'\r'),
                Some(b't') => Some(b'\t'),
                Some(_) => None,
            };
            if let Some(b) = simple {
                out.escape(&[b], i..i + 2);
                i += 2;
                continue;
            }
            if text[i + 1] == b'u' && text.len() < i + 6 {
                out.cut_off(text, i);
                return out;
            }
            let Some(high) = unit(i) else {
                out.plain(text, i..i + 1);
                i += 1;
                continue;
            };
            let (c, len) = if (0xD800..0xDC00).contains(&high) {
                // Its low half may still come.
                if text.len() < i + 12 && text.get(i + 6).is_none_or(|b| *b == b'\\') {
                    out.cut_off(text, i);
                    return out;
                }
                match text
                    .get(i + 6)
                    .filter(|b| **b == b'\\')
                    .and_then(|_| unit(i + 6))
                {
                    Some(low) => (
                        char::decode_utf16([high, low]).next().and_then(Result::ok),
                        12,
                    ),
                    None => (None, 6),
                }
            } else {
                (char::from_u32(u32::from(high)), 6)
            };
            match c {
                Some(c) => out.escape(c.encode_utf8(&mut [0; 4]).as_bytes(), i..i + len),
                // A lone surrogate stays as written.
                None => out.plain(text, i..i + len),
            }
            i += len;
        }
        out.plain(text, i..text.len());
        out
    }

    /// `%XX` decoded, in either case; anything else is kept as it is.
    fn percent(text: &[u8]) -> Decoded {
        let mut out = Decoded::new(text.len());
        let hex = |b: u8| (b as char).to_digit(16).map(|d| d as u8);
        let mut i = 0;
        while let Some(found) = memchr::memchr(b'%', &text[i..]) {
            out.plain(text, i..i + found);
            i += found;
            if text.len() < i + 3 {
                out.cut_off(text, i);
                return out;
            }
            match (hex(text[i + 1]), hex(text[i + 2])) {
                (Some(h), Some(l)) => {
                    out.escape(&[h << 4 | l], i..i + 3);
                    i += 3;
                }
                _ => {
                    out.plain(text, i..i + 1);
                    i += 1;
                }
            }
        }
        out.plain(text, i..text.len());
        out
    }
}

/// See [`RedactionSet::writer`]. Call [`MaskingWriter::finish`] (or `flush`) at the end: bytes
/// held back are written then.
pub struct MaskingWriter<'a, W: Write> {
    set: &'a RedactionSet,
    /// `None` only after `finish` has handed it back.
    inner: Option<W>,
    pending: Vec<u8>,
    /// How many bytes at the start of `pending` belong to a mask already written: a match that
    /// began in written output and may still grow, so they are matched again but never shown.
    covered: usize,
    spans: Vec<Range<usize>>,
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

    /// Masks and writes everything that can no longer be part of a new match.
    fn drain(&mut self, all: bool) -> io::Result<()> {
        if self.set.matcher.is_none() {
            let pending = std::mem::take(&mut self.pending);
            return self.inner().write_all(&pending);
        }
        // Every match that more output could still complete starts in the open tail, at or
        // after `safe`: before it, every match is known.
        let views: Vec<Decoded> = Decoded::views(&self.pending).collect();
        let safe = if all {
            self.pending.len()
        } else {
            let mut safe = self.pending.len() - self.set.open_tail(&self.pending);
            // The same in each decoded view, and an escape cut off at the end waits whole.
            for view in &views {
                let done = &view.bytes[..view.complete.min(view.bytes.len())];
                let open = done.len() - self.set.open_tail(done);
                safe = safe.min(view.raw_start(open)).min(view.incomplete_from);
            }
            safe
        };
        if safe == 0 {
            return Ok(());
        }
        let mut spans = std::mem::take(&mut self.spans);
        spans.clear();
        if self.covered > 0 {
            spans.push(0..self.covered);
        }
        self.set.spans_with(&self.pending, &views, &mut spans);
        // The covered range and the first match may overlap: merge them.
        if self.covered > 0 && spans.len() > 1 && spans[1].start < spans[0].end {
            let first = spans.remove(0);
            spans[0] = 0..spans[0].end.max(first.end);
        }
        self.out.clear();
        let mut last = 0;
        let mut covered = 0;
        for span in &spans {
            if span.start >= safe {
                break;
            }
            self.out.extend_from_slice(&self.pending[last..span.start]);
            // A range continuing a mask already written gets no second one.
            if !(span.start == 0 && self.covered > 0) {
                self.out.extend_from_slice(MASK);
            }
            if span.end > safe {
                // It may still grow: keep its tail, marked as already masked.
                covered = span.end - safe;
                last = safe;
                break;
            }
            last = span.end;
        }
        self.out
            .extend_from_slice(&self.pending[last.min(safe)..safe]);
        let out = std::mem::take(&mut self.out);
        let written = self.inner().write_all(&out);
        self.out = out;
        self.spans = spans;
        written?;
        self.pending.drain(..safe);
        self.covered = covered;
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
    use data_encoding::{BASE64, BASE64URL};
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

    /// `text` masked, checked to hide `shown` behind a mask.
    fn masked_whole(s: &RedactionSet, text: &str, shown: &str) -> String {
        let masked = String::from_utf8_lossy(&s.mask(text.as_bytes())).into_owned();
        assert!(
            masked.contains("********"),
            "{shown:?} in {text:?} -> {masked:?}"
        );
        assert!(
            !masked.contains(shown),
            "{shown:?} in {text:?} -> {masked:?}"
        );
        masked
    }

    #[test]
    fn percent_encodings_in_either_case_and_every_encoder() {
        let value = "p@ss w/rd\"1+é~*'()";
        let s = set(&[value]);
        let url = |base: &str| url::Url::parse(base).unwrap();
        let mut forms = vec![
            // RFC 3986, upper and lower case; encodeURIComponent; form encoding.
            "p%40ss%20w%2Frd%221%2B%C3%A9~%2A%27%28%29".to_string(),
            "p%40ss%20w%2frd%221%2b%c3%a9~%2a%27%28%29".to_string(),
            "p%40ss%20w%2Frd%221%2B%C3%A9~*'()".to_string(),
            url::form_urlencoded::byte_serialize(value.as_bytes()).collect::<String>(),
        ];
        // The URL parser's own forms, read back from the parsed URL.
        let mut u = url(&format!("http://h/a/{value}"));
        forms.push(u.path()["/a/".len()..].to_string());
        u = url(&format!("http://h/?q={value}"));
        forms.push(u.query().unwrap()["q=".len()..].to_string());
        u = url("http://h/");
        u.set_password(Some(value)).unwrap();
        forms.push(u.password().unwrap().to_string());
        u = url(&format!("http://h/#{value}"));
        forms.push(u.fragment().unwrap().to_string());
        u = url("http://h/");
        u.path_segments_mut().unwrap().push(value);
        forms.push(u.path()[1..].to_string());
        u = url("http://h/");
        u.query_pairs_mut().append_pair("q", value);
        forms.push(u.query().unwrap()["q=".len()..].to_string());
        for form in forms {
            masked_whole(&s, &format!("GET /x?{form}&y=1 HTTP/1.1"), &form);
        }
    }

    #[test]
    fn json_escapes_of_every_common_encoder() {
        let value = "a/b\"ü<&>\u{1F600}\n";
        let s = set(&[value]);
        for form in [
            serde_json::to_string(value)
                .unwrap()
                .trim_matches('"')
                .to_string(),
            r#"a\/b\"\u00fc<&>\ud83d\ude00\n"#.to_string(),
            r#"a/b\"\u00FC<&>\uD83D\uDE00\n"#.to_string(),
            r#"a/b\"ü\u003c\u0026\u003e😀\n"#.to_string(),
            r#"a\/b\"\u00fc\u003c\u0026\u003e\ud83d\ude00\n"#.to_string(),
        ] {
            masked_whole(&s, &format!("{{\"k\": \"{form}\"}}"), &form);
        }
    }

    /// The characters of a base64 text that depend only on its plain text's bytes
    /// `at..at + len`.
    fn determined(at: usize, len: usize) -> Range<usize> {
        (8 * at).div_ceil(6)..(8 * (at + len) / 6)
    }

    #[test]
    fn base64_at_any_alignment_padded_or_not_both_alphabets() {
        let value = b"s3cr\xfft>>?~value";
        let s = RedactionSet::new([value.as_slice()]).0;
        for prefix in ["", "u", "us", "user:", "user:x"] {
            let mut plain = prefix.as_bytes().to_vec();
            plain.extend_from_slice(value);
            plain.extend_from_slice(b"-tail");
            for encoding in [&BASE64, &BASE64URL, &BASE64_NOPAD, &BASE64URL_NOPAD] {
                let encoded = encoding.encode(&plain);
                let core = &encoded[determined(prefix.len(), value.len())];
                let masked = masked_whole(&s, &format!("Basic {encoded}"), core);
                assert!(masked.starts_with("Basic "), "{masked}");
            }
        }
    }

    #[test]
    fn overlapping_and_nested_values_are_masked_as_one() {
        let s = set(&["abcdef", "defghi", "cde-long-cde", "cde-"]);
        assert_eq!(s.mask(b"x abcdefghi y"), b"x ******** y");
        assert_eq!(s.mask(b"x cde-long-cde y"), b"x ******** y");
        assert_eq!(
            s.mask(b"abcdefabcdef"),
            b"****************",
            "touching: two masks"
        );
        let owners: Vec<usize> = s.owners(b"cde-long-cde").into_iter().collect();
        assert_eq!(owners, [2, 3], "nested values are found too");
    }

    #[test]
    fn streaming_merges_a_mask_that_grows_across_writes() {
        let s = set(&["abcdef", "defghi"]);
        let input = b"1 abcdefghi 2 abcdef 3";
        let whole = s.mask(input);
        assert_eq!(whole, b"1 ******** 2 ******** 3");
        for split in 0..=input.len() {
            for second in split..=input.len() {
                let mut w = s.writer(Vec::new());
                w.write_all(&input[..split]).unwrap();
                w.write_all(&input[split..second]).unwrap();
                w.write_all(&input[second..]).unwrap();
                assert_eq!(w.finish().unwrap(), whole, "split at {split}, {second}");
            }
        }
    }

    /// Every encoder the masker claims, written independently of it.
    fn encoded(value: &str, how: usize) -> String {
        match how {
            0 => value.to_string(),
            1 => url::form_urlencoded::byte_serialize(value.as_bytes()).collect(),
            2 => value
                .bytes()
                .map(|b| match b {
                    b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                        (b as char).to_string()
                    }
                    _ => format!("%{b:02x}"),
                })
                .collect(),
            // The URL parser's, in a path or a query (where `?` and `#` start the next part,
            // encoded by its own rules).
            3 | 4 => {
                let start = if how == 3 {
                    "http://h/p/"
                } else {
                    "http://h/?q="
                };
                let u = url::Url::parse(&format!("{start}{value}")).unwrap();
                u.as_str()[start.len()..].to_string()
            }
            5 => {
                let json = serde_json::to_string(value).unwrap();
                json[1..json.len() - 1].to_string()
            }
            _ => value
                .encode_utf16()
                .map(|u| match char::from_u32(u32::from(u)) {
                    Some(c) if c.is_ascii_alphanumeric() => c.to_string(),
                    Some('/') => "\\/".to_string(),
                    _ => format!("\\u{u:04x}"),
                })
                .collect(),
        }
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

        /// A value in any encoding, inside any text, is covered by one mask from its first byte
        /// to its last (nothing partly shown), whole or streamed in any chunks.
        #[test]
        fn an_encoded_value_is_never_partly_shown(
            value in "[a-zA-Z0-9 /?#&=+%:@\"'<>é€😀\\-]{4,20}",
            // No backslash around: in JSON one would be escaped itself.
            before in "[ -\\[\\]-~]{0,30}",
            after in "[ -\\[\\]-~]{0,30}",
            how in 0usize..7,
            cuts in proptest::collection::vec(0usize..120, 0..4),
        ) {
            // The URL parser drops spaces around a URL: a value is not expected to have them.
            prop_assume!(value.trim() == value);
            let s = set(&[&value]);
            let form = encoded(&value, how);
            let text = format!("{before}{form}{after}");
            let at = before.len()..before.len() + form.len();
            let mut spans = Vec::new();
            s.spans(text.as_bytes(), &mut spans);
            prop_assert!(
                spans.iter().any(|sp| sp.start <= at.start && at.end <= sp.end),
                "{:?} in {:?}: spans {:?}", form, text, spans
            );
            let whole = s.mask(text.as_bytes());
            let mut w = s.writer(Vec::new());
            let mut last = 0;
            let mut cuts = cuts;
            cuts.sort_unstable();
            for cut in cuts.into_iter().map(|c| c.min(text.len())) {
                w.write_all(&text.as_bytes()[last..cut]).unwrap();
                last = cut;
            }
            w.write_all(&text.as_bytes()[last..]).unwrap();
            prop_assert_eq!(w.finish().unwrap(), whole);
        }

        /// The base64 characters a value fully determines are masked at any offset in a longer
        /// base64 text.
        #[test]
        fn a_value_inside_base64_is_masked_at_any_offset(
            value in proptest::collection::vec(any::<u8>(), 4..24),
            before in proptest::collection::vec(any::<u8>(), 0..10),
            after in proptest::collection::vec(any::<u8>(), 0..10),
            url_safe in any::<bool>(),
        ) {
            let s = RedactionSet::new([value.as_slice()]).0;
            let mut plain = before.clone();
            plain.extend_from_slice(&value);
            plain.extend_from_slice(&after);
            let encoding = if url_safe { &BASE64URL } else { &BASE64 };
            let text = encoding.encode(&plain);
            let core = determined(before.len(), value.len());
            let mut spans = Vec::new();
            s.spans(text.as_bytes(), &mut spans);
            prop_assert!(
                spans.iter().any(|sp| sp.start <= core.start && core.end <= sp.end),
                "core {:?} of {:?}: spans {:?}", core, text, spans
            );
        }
    }
}
