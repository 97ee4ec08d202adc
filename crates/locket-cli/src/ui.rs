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

/// Left-aligned columns separated by two spaces; the header is bold when `styled`. Built as
/// one string with no per-cell formatting: `list` of 100,000 secrets spends its time here.
pub fn table(header: &[&str], rows: &[Vec<String>], styled: bool) -> String {
    let mut widths: Vec<usize> = header.iter().map(|h| h.chars().count()).collect();
    for row in rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let mut out = String::with_capacity(
        (rows.len() + 1) * (widths.iter().sum::<usize>() + 2 * widths.len() + 1),
    );
    let push_row = |out: &mut String, cells: &[&str]| {
        let last = cells.len().saturating_sub(1);
        for (i, (cell, w)) in cells.iter().zip(&widths).enumerate() {
            out.push_str(cell);
            if i != last {
                out.extend(std::iter::repeat_n(' ', w - cell.chars().count() + 2));
            }
        }
        out.push('\n');
    };
    let bold = Style::new().bold();
    if styled {
        out.push_str(&bold.render().to_string());
    }
    push_row(&mut out, header);
    if styled {
        // The reset goes before the newline so the style never spills into the next line.
        out.pop();
        out.push_str(&bold.render_reset().to_string());
        out.push('\n');
    }
    let mut cells: Vec<&str> = Vec::with_capacity(header.len());
    for row in rows {
        cells.clear();
        cells.extend(row.iter().map(String::as_str));
        push_row(&mut out, &cells);
    }
    out
}

/// Whether stdout gets colour and styles (--color, NO_COLOR, and whether it is a terminal).
pub fn stdout_styled() -> bool {
    anstream::AutoStream::choice(&std::io::stdout()) != anstream::ColorChoice::Never
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_aligns_columns() {
        let rows = vec![
            vec!["a".to_string(), "xyz".to_string()],
            vec!["long-name".to_string(), "•".to_string()],
        ];
        assert_eq!(
            table(&["N", "V"], &rows, false),
            "N          V\na          xyz\nlong-name  •\n"
        );
        assert!(table(&["N"], &[], true).starts_with("\u{1b}["));
    }

    #[test]
    fn civil_dates() {
        assert_eq!(rfc3339(0), "1970-01-01T00:00:00Z");
        assert_eq!(rfc3339(951_782_400), "2000-02-29T00:00:00Z");
        assert_eq!(rfc3339(1_795_346_541), "2026-11-22T11:22:21Z");
    }
}
