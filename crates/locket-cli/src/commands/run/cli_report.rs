//! The `cli` reporter, in newman's shape: the collection's name, `Iteration i/n` banners, a
//! `❏` line when the run enters a folder, each request (`→` at the root, `↳` in a folder) with
//! its method, URL and outcome, the scripts' console output in a box, assertions (`✓` passed,
//! a number for a failure, the same number as in the failure table, `-` skipped) and script
//! errors (`N⠄ TypeError in test-script`); then the summary table and the failures. Every
//! text is masked by the writer it goes through.

use std::time::Duration;

use comfy_table::{CellAlignment, ContentArrangement, Table, presets};
use locket_postman::report::SCRIPTS_NOT_RUN;
use locket_postman::runner::{
    AssertionResult, ConsoleLine, Execution, Planned, ScriptFailure, SideRequest, Summary,
};
use locket_postman::script::Event;

/// Said once, at the start of a run whose scripts may use the vault.
pub const SCRIPT_VAULT_NOTICE: &str = "Scripts may use the vault (--allow-script-vault): \
pm.vault.get reads only secrets allowed for the request, and every value read or written is \
masked and kept from hosts it is not allowed to reach\n";

/// The symbols, or their ASCII stand-ins (`--disable-unicode`).
struct Symbols {
    root: &'static str,
    sub: &'static str,
    folder: &'static str,
    ok: &'static str,
    error: &'static str,
    top: &'static str,
    middle: &'static str,
    bottom: &'static str,
}

const UNICODE: Symbols = Symbols {
    root: "→",
    sub: "↳",
    folder: "❏",
    ok: "✓",
    error: "⠄",
    top: "┌",
    middle: "│",
    bottom: "└",
};

const ASCII: Symbols = Symbols {
    root: "->",
    sub: "->",
    folder: "[folder]",
    ok: "ok",
    error: ".",
    top: "+",
    middle: "|",
    bottom: "+",
};

/// Prints executions as they finish, keeping what newman's reporter keeps between them.
pub struct CliReporter {
    symbols: &'static Symbols,
    iterations: usize,
    verbose: bool,
    /// Failures shown so far: each failure's number.
    failures: usize,
    iteration: Option<usize>,
    folder: Option<String>,
}

impl CliReporter {
    pub fn new(iterations: usize, unicode: bool, verbose: bool) -> Self {
        CliReporter {
            symbols: if unicode { &UNICODE } else { &ASCII },
            iterations,
            verbose,
            failures: 0,
            iteration: None,
            folder: None,
        }
    }

    /// The lines for one execution.
    pub fn execution(&mut self, e: &Execution, plan: &[Planned<'_>]) -> String {
        let sym = self.symbols;
        let planned = &plan[e.position];
        let mut out = String::new();
        if self.iterations > 1 && self.iteration != Some(e.iteration) {
            out.push_str(&format!(
                "\nIteration {}/{}\n",
                e.iteration + 1,
                self.iterations
            ));
            self.folder = None;
        }
        self.iteration = Some(e.iteration);
        let folders = &planned.path[..planned.path.len() - 1];
        let in_folder = !folders.is_empty();
        if in_folder {
            let folder = folders.join(" / ");
            if self.folder.as_deref() != Some(&folder) {
                out.push_str(&format!("\n{} {folder}\n", sym.folder));
                self.folder = Some(folder);
            }
        } else {
            self.folder = None;
        }
        let arrow = if in_folder { sym.sub } else { sym.root };
        out.push_str(&format!("\n{arrow} {}\n", planned.item.name));

        self.script_lines(&mut out, e, Event::PreRequest);
        if let Some(r) = &e.request {
            out.push_str(&format!("  {} {} ", r.method, r.shown_url));
            match (&e.response, &e.error) {
                (_, Some(err)) => {
                    self.failures += 1;
                    out.push_str(&format!("[errored]\n     {err}\n"));
                }
                (Some(resp), None) => out.push_str(&format!(
                    "[{} {}, {}, {}]\n",
                    resp.code,
                    resp.status,
                    bytes(resp.size),
                    duration(resp.time)
                )),
                (None, None) => out.push('\n'),
            }
            if self.verbose {
                for (name, value) in &r.headers {
                    out.push_str(&format!("  > {name}: {value}\n"));
                }
                if let Some(resp) = &e.response {
                    for (name, value) in &resp.headers {
                        out.push_str(&format!("  < {name}: {value}\n"));
                    }
                }
            }
        } else if let Some(err) = &e.error {
            self.failures += 1;
            out.push_str(&format!("  [errored]\n     {err}\n"));
        }
        self.script_lines(&mut out, e, Event::Test);
        if let Some(next) = &e.next_request {
            out.push_str(&format!("\nAttempting to set next request to {next}\n"));
        }
        out
    }

    /// What one event's scripts showed, as it happened: console output in boxes, assertions,
    /// `pm.sendRequest` lines, script errors.
    fn script_lines(&mut self, out: &mut String, e: &Execution, event: Event) {
        let sym = self.symbols;
        // The console line before, while its box is open.
        let mut open_box: Option<&ConsoleLine> = None;
        for shown in shown_in_order(e, event) {
            if let Shown::Console(line) = shown {
                let continues = open_box.is_some_and(|before| line.at - before.at < BOX_IDLE_MS);
                if !continues {
                    if open_box.is_some() {
                        out.push_str(&format!("  {}\n", sym.bottom));
                    }
                    out.push_str(&format!("  {}\n", sym.top));
                }
                for part in wrap(&line.text, CONSOLE_WIDTH) {
                    out.push_str(&format!("  {} {part}\n", sym.middle));
                }
                open_box = Some(line);
                continue;
            }
            if open_box.take().is_some() {
                out.push_str(&format!("  {}\n", sym.bottom));
            }
            match shown {
                Shown::Console(_) => {}
                Shown::Assertion(a) if a.skipped => {
                    out.push_str(&format!("  -  [skipped] {}\n", a.name));
                }
                Shown::Assertion(a) if a.error.is_some() => {
                    self.failures += 1;
                    out.push_str(&format!("{:>3}. {}\n", self.failures, a.name));
                }
                Shown::Assertion(a) => out.push_str(&format!("  {}  {}\n", sym.ok, a.name)),
                Shown::Sent(r) => match &r.outcome {
                    Ok((code, status)) => out.push_str(&format!(
                        "  {} {} [{code} {status}]\n",
                        r.method, r.shown_url
                    )),
                    Err(err) => {
                        self.failures += 1;
                        out.push_str(&format!(
                            "  {} {} [errored]\n     {err}\n",
                            r.method, r.shown_url
                        ));
                    }
                },
                Shown::Failure(f) => {
                    self.failures += 1;
                    out.push_str(&format!(
                        "{:>3}{} {} in {}-script\n",
                        self.failures,
                        sym.error,
                        f.name,
                        event.name()
                    ));
                }
            }
        }
        if open_box.is_some() {
            out.push_str(&format!("  {}\n", sym.bottom));
        }
    }
}

/// newman's console box: it closes when anything else is printed, or after half a second
/// without a console line.
const BOX_IDLE_MS: f64 = 500.0;

/// The width newman wraps console lines at when its output is not a terminal (60 - 6).
const CONSOLE_WIDTH: usize = 54;

/// What a script showed in the cli reporter.
enum Shown<'a> {
    Console(&'a ConsoleLine),
    Assertion(&'a AssertionResult),
    /// A `pm.sendRequest`, shown when its answer came.
    Sent(&'a SideRequest),
    /// A script that failed, shown when it ended.
    Failure(&'a ScriptFailure),
}

/// One event's console lines, assertions, `pm.sendRequest` calls and script failures, in the
/// order they happened: newman's reporter prints each as it comes, and numbers failures so.
fn shown_in_order(e: &Execution, event: Event) -> Vec<Shown<'_>> {
    let mut shown: Vec<(u64, Shown<'_>)> = Vec::new();
    shown.extend(
        e.console
            .iter()
            .filter(|l| l.event == event)
            .map(|l| (l.seq, Shown::Console(l))),
    );
    shown.extend(
        e.side_requests
            .iter()
            .filter(|r| r.event == event)
            .map(|r| (r.seq, Shown::Sent(r))),
    );
    shown.extend(
        e.assertions
            .iter()
            .filter(|a| a.event == event)
            .map(|a| (a.seq, Shown::Assertion(a))),
    );
    shown.extend(
        e.script_failures
            .iter()
            .filter(|f| f.event == event)
            .map(|f| (f.seq, Shown::Failure(f))),
    );
    // Stable: what has the same stamp keeps the order above.
    shown.sort_by_key(|(seq, _)| *seq);
    shown.into_iter().map(|(_, s)| s).collect()
}

/// newman's wrapping of a console line (the `word-wrap` package with `cut: true`): every line
/// break ends a line, empty lines are dropped, and a line longer than `width` is cut every
/// `width` characters (UTF-16 code units, as JavaScript counts; a surrogate pair stays whole).
fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    for segment in text.split(['\n', '\r', '\u{2028}', '\u{2029}']) {
        let mut line = String::new();
        let mut units = 0;
        for c in segment.chars() {
            if units + c.len_utf16() > width {
                lines.push(std::mem::take(&mut line));
                units = 0;
            }
            line.push(c);
            units += c.len_utf16();
        }
        if !line.is_empty() {
            lines.push(line);
        }
    }
    if lines.is_empty() {
        // An empty message still shows its line.
        lines.push(String::new());
    }
    lines
}

/// What failed in a run, counted: "1 of 3 request(s) failed, 2 of 9 assertion(s) failed".
pub fn failure_counts(s: &Summary) -> Vec<String> {
    let mut out = Vec::new();
    let failed = s.failed_requests();
    if failed > 0 {
        out.push(format!("{failed} of {} request(s) failed", s.requests()));
    }
    let (pre, pre_failed) = s.scripts(Event::PreRequest);
    let (tests, tests_failed) = s.scripts(Event::Test);
    if pre_failed + tests_failed > 0 {
        out.push(format!(
            "{} of {} script(s) threw",
            pre_failed + tests_failed,
            pre + tests
        ));
    }
    let (assertions, assertions_failed) = s.assertions();
    if assertions_failed > 0 {
        out.push(format!(
            "{assertions_failed} of {assertions} assertion(s) failed"
        ));
    }
    out
}

fn bytes(n: u64) -> String {
    match n {
        n if n < 1024 => format!("{n}B"),
        n if n < 1024 * 1024 => format!("{:.2}kB", n as f64 / 1024.0),
        n => format!("{:.2}MB", n as f64 / (1024.0 * 1024.0)),
    }
}

fn duration(d: Duration) -> String {
    let ms = d.as_secs_f64() * 1000.0;
    if ms >= 1000.0 {
        format!("{:.1}s", ms / 1000.0)
    } else if ms >= 1.0 {
        format!("{ms:.0}ms")
    } else {
        format!("{:.0}µs", ms * 1000.0)
    }
}

/// newman's summary table, then the failures.
/// `named`: the collection's name heads the summary (when no request lines came before).
pub fn cli_summary(s: &Summary, named: bool) -> String {
    let mut table = Table::new();
    table
        .load_style(presets::UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Disabled)
        .set_header(vec!["", "executed", "failed"]);
    let skipped = s.skipped_scripts();
    let (tests, tests_failed) = s.scripts(Event::Test);
    let (pre, pre_failed) = s.scripts(Event::PreRequest);
    let (assertions, assertions_failed) = s.assertions();
    let mut rows = vec![
        (
            "iterations",
            s.iterations_run().to_string(),
            s.failed_iterations().to_string(),
        ),
        (
            "requests",
            s.requests().to_string(),
            s.failed_requests().to_string(),
        ),
        ("test-scripts", tests.to_string(), tests_failed.to_string()),
        (
            "prerequest-scripts",
            pre.to_string(),
            pre_failed.to_string(),
        ),
        (
            "assertions",
            assertions.to_string(),
            assertions_failed.to_string(),
        ),
    ];
    if skipped > 0 {
        rows.push((
            "scripts (not run)",
            format!("{skipped} skipped"),
            "-".to_string(),
        ));
    }
    for (name, executed, failed) in rows {
        table.add_row(vec![name.to_string(), executed, failed]);
    }
    // Right-aligned, as newman's table is.
    for column in table.column_iter_mut() {
        column.set_cell_alignment(CellAlignment::Right);
    }
    let times = s.response_times();
    let rps = if s.duration.as_secs_f64() > 0.0 {
        s.executions.len() as f64 / s.duration.as_secs_f64()
    } else {
        0.0
    };
    let mut out = if named {
        format!("\n{}\n", s.collection_name)
    } else {
        "\n".to_string()
    };
    out.push_str(&table.to_string());
    out.push('\n');
    out.push_str(&format!(
        "total run duration: {} ({rps:.0} requests/s)\ntotal data received: {}\naverage response time: {} [min: {}, max: {}, s.d.: {}]\n",
        duration(s.duration),
        bytes(s.received()),
        duration(times.mean),
        duration(times.min),
        duration(times.max),
        duration(times.sd),
    ));
    if skipped > 0 {
        out.push_str(&format!(
            "note: {skipped} script(s) were not run: {SCRIPTS_NOT_RUN}\n"
        ));
    }
    let failures = failure_rows(s);
    if !failures.is_empty() {
        let mut t = Table::new();
        // Long reasons wrap within 100 columns rather than making one very wide line.
        t.load_style(presets::UTF8_FULL_CONDENSED)
            .set_content_arrangement(ContentArrangement::Dynamic)
            .set_width(100)
            .set_header(vec!["#", "failure", "detail"]);
        for (i, (at, detail)) in failures.into_iter().enumerate() {
            t.add_row(vec![(i + 1).to_string(), at, detail]);
        }
        out.push('\n');
        out.push_str(&t.to_string());
        out.push('\n');
    }
    out
}

/// The failures of one event's scripts, in the order they were numbered: failed scripts,
/// `pm.sendRequest` calls without a response, failed assertions.
fn script_failures(
    e: &Execution,
    event: Event,
    at: &dyn Fn(&str) -> String,
    rows: &mut Vec<(String, String)>,
) {
    for shown in shown_in_order(e, event) {
        match shown {
            Shown::Failure(f) => {
                let script = match event {
                    Event::PreRequest => " (pre-request script)",
                    Event::Test => " (test script)",
                };
                rows.push((at(script), f.detail()));
            }
            Shown::Sent(r) => {
                if let Err(err) = &r.outcome {
                    rows.push((
                        at(&format!(" (pm.sendRequest {})", r.shown_url)),
                        err.clone(),
                    ));
                }
            }
            Shown::Assertion(a) => {
                if let Some((name, message)) = &a.error {
                    rows.push((at(&format!(": {}", a.name)), format!("{name}: {message}")));
                }
            }
            Shown::Console(_) => {}
        }
    }
}

/// Every failure of the run, in the order the request lines numbered them: where (iteration,
/// request, and what failed) and the detail.
fn failure_rows(s: &Summary) -> Vec<(String, String)> {
    let mut rows = Vec::new();
    for e in &s.executions {
        let at = |what: &str| {
            format!(
                "iteration {}: {}{what}",
                e.iteration + 1,
                s.items[e.position].path
            )
        };
        script_failures(e, Event::PreRequest, &at, &mut rows);
        if let Some(err) = &e.error {
            rows.push((at(""), err.clone()));
        }
        script_failures(e, Event::Test, &at, &mut rows);
    }
    rows
}
