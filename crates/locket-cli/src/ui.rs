//! Where output goes: data to stdout, chatter to stderr (silenced by -q), colour by --color
//! and NO_COLOR.

use std::io::Write;

use anstream::ColorChoice;
use anstyle::{AnsiColor, Style};

use crate::cli::{ColorWhen, Global};

pub struct Ui {
    pub quiet: bool,
    pub json: bool,
}

const ERROR: Style = AnsiColor::Red.on_default().bold();
const WARN: Style = AnsiColor::Yellow.on_default().bold();
const OK: Style = AnsiColor::Green.on_default();

impl Ui {
    pub fn new(global: &Global) -> Self {
        match global.color {
            ColorWhen::Always => ColorChoice::Always.write_global(),
            ColorWhen::Never => ColorChoice::Never.write_global(),
            ColorWhen::Auto => {}
        }
        Ui {
            quiet: global.quiet,
            json: global.json,
        }
    }

    /// Progress and confirmations, on stderr.
    pub fn info(&self, message: impl std::fmt::Display) {
        if !self.quiet {
            let _ = writeln!(anstream::stderr(), "{message}");
        }
    }

    pub fn success(&self, message: impl std::fmt::Display) {
        if !self.quiet {
            let _ = writeln!(anstream::stderr(), "{OK}✓{OK:#} {message}");
        }
    }

    pub fn warn(&self, message: impl std::fmt::Display) {
        let _ = writeln!(anstream::stderr(), "{WARN}warning:{WARN:#} {message}");
    }

    pub fn error(&self, err: &anyhow::Error) {
        // `{:#}` joins the context chain: "what we were doing: what went wrong".
        let _ = writeln!(anstream::stderr(), "{ERROR}error:{ERROR:#} {err:#}");
    }
}

/// `2026-11-22 11:22` (UTC) from Unix seconds.
pub fn format_time(secs: i64) -> String {
    let (y, m, d, hh, mm, _) = civil(secs);
    format!("{y:04}-{m:02}-{d:02} {hh:02}:{mm:02}")
}

/// RFC 3339 (`2026-11-22T11:22:21Z`) from Unix seconds.
pub fn rfc3339(secs: i64) -> String {
    let (y, m, d, hh, mm, ss) = civil(secs);
    format!("{y:04}-{m:02}-{d:02}T{hh:02}:{mm:02}:{ss:02}Z")
}

/// Howard Hinnant's days-to-civil algorithm: the proleptic Gregorian date of a Unix time.
fn civil(secs: i64) -> (i64, u32, u32, i64, i64, i64) {
    let days = secs.div_euclid(86_400);
    let rem = secs.rem_euclid(86_400);
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d, rem / 3600, rem % 3600 / 60, rem % 60)
}

/// Left-aligned columns separated by two spaces; the header is bold.
pub fn table(header: &[&str], rows: &[Vec<String>]) -> String {
    let mut widths: Vec<usize> = header.iter().map(|h| h.chars().count()).collect();
    for row in rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let mut out = String::with_capacity(rows.len() * widths.iter().sum::<usize>() * 2);
    let bold = Style::new().bold();
    let line = |out: &mut String, cells: &mut dyn Iterator<Item = &str>, style: Style| {
        let mut first = true;
        let cells: Vec<&str> = cells.collect();
        let last = cells.len().saturating_sub(1);
        for (i, (cell, w)) in cells.iter().zip(&widths).enumerate() {
            if !first {
                out.push_str("  ");
            }
            first = false;
            out.push_str(&format!("{style}{cell}{style:#}"));
            if i != last {
                out.extend(std::iter::repeat_n(' ', w - cell.chars().count()));
            }
        }
        out.push('\n');
    };
    line(&mut out, &mut header.iter().copied(), bold);
    for row in rows {
        line(&mut out, &mut row.iter().map(String::as_str), Style::new());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn civil_dates() {
        assert_eq!(rfc3339(0), "1970-01-01T00:00:00Z");
        assert_eq!(rfc3339(951_782_400), "2000-02-29T00:00:00Z");
        assert_eq!(rfc3339(1_795_346_541), "2026-11-22T11:22:21Z");
    }
}
