//! The `cli` reporter, in newman's shape: the collection's name, `Iteration i/n` banners, a
//! `❏` line when the run enters a folder, each request (`→` at the root, `↳` in a folder) with
//! its method, URL and outcome, the scripts' console output in a box, assertions (`✓` passed,
//! a number for a failure, the same number as in the failure table, `-` skipped) and script
//! errors (`N⠄ TypeError in test-script`); then the summary table and the failures. Every
//! text is masked by the writer it goes through.

use std::time::Duration;

use comfy_table::{CellAlignment, ContentArrangement, Table, presets};
use locket_postman::report::SCRIPTS_NOT_RUN;
use locket_postman::runner::{Execution, Planned, Summary};
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

        self.console(&mut out, e, Event::PreRequest);
        self.script_errors(&mut out, e, Event::PreRequest);
        self.side_requests(&mut out, e, Event::PreRequest);
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
        self.side_requests(&mut out, e, Event::Test);
        self.console(&mut out, e, Event::Test);
        for a in &e.assertions {
            if a.skipped {
                out.push_str(&format!("  -  [skipped] {}\n", a.name));
            } else if a.error.is_some() {
                self.failures += 1;
                out.push_str(&format!("{:>3}. {}\n", self.failures, a.name));
            } else {
                out.push_str(&format!("  {}  {}\n", sym.ok, a.name));
            }
        }
        self.script_errors(&mut out, e, Event::Test);
        if let Some(next) = &e.next_request {
            out.push_str(&format!("\nAttempting to set next request to {next}\n"));
        }
        out
    }

    fn console(&self, out: &mut String, e: &Execution, event: Event) {
        let lines: Vec<_> = e.console.iter().filter(|l| l.event == event).collect();
        if lines.is_empty() {
            return;
        }
        let sym = self.symbols;
        out.push_str(&format!("  {}\n", sym.top));
        for line in lines {
            for part in line.text.lines() {
                out.push_str(&format!("  {} {part}\n", sym.middle));
            }
        }
        out.push_str(&format!("  {}\n", sym.bottom));
    }

    /// The scripts' `pm.sendRequest` calls, as newman lists them: a request line each, a
    /// failure number for one that got no response.
    fn side_requests(&mut self, out: &mut String, e: &Execution, event: Event) {
        for r in e.side_requests.iter().filter(|r| r.event == event) {
            match &r.outcome {
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
            }
        }
    }

    fn script_errors(&mut self, out: &mut String, e: &Execution, event: Event) {
        for f in e.script_failures.iter().filter(|f| f.event == event) {
            self.failures += 1;
            out.push_str(&format!(
                "{:>3}{} {} in {}-script\n",
                self.failures,
                self.symbols.error,
                f.name,
                event.name()
            ));
        }
    }
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
        let sent = |event: Event| {
            e.side_requests
                .iter()
                .filter(move |r| r.event == event)
                .filter_map(|r| r.outcome.as_ref().err().map(|err| (r, err)))
        };
        for f in e
            .script_failures
            .iter()
            .filter(|f| f.event == Event::PreRequest)
        {
            rows.push((at(" (pre-request script)"), f.detail()));
        }
        for (r, err) in sent(Event::PreRequest) {
            rows.push((
                at(&format!(" (pm.sendRequest {})", r.shown_url)),
                err.clone(),
            ));
        }
        if let Some(err) = &e.error {
            rows.push((at(""), err.clone()));
        }
        for (r, err) in sent(Event::Test) {
            rows.push((
                at(&format!(" (pm.sendRequest {})", r.shown_url)),
                err.clone(),
            ));
        }
        for a in &e.assertions {
            if let Some((name, message)) = &a.error {
                rows.push((at(&format!(": {}", a.name)), format!("{name}: {message}")));
            }
        }
        for f in e.script_failures.iter().filter(|f| f.event == Event::Test) {
            rows.push((at(" (test script)"), f.detail()));
        }
    }
    rows
}
