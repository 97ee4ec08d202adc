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

pub use locket_core::time::{format_time, rfc3339};

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
}
