//! `locket run`: a Postman collection runner with newman's flags and reports, and vault
//! references resolved once and checked against each request's destination.
//!
//! Order of work: check the flags and read every input (exit 2), plan the requests, find every
//! `{{vault:NAME}}` the run can reach and resolve them all at once (the vault is opened only if
//! there is one; locked: exit 3; unresolved: exit 4, nothing sent), run (locket-http), then
//! report. Everything printed or written — request lines, the summary, the JSON and JUnit
//! files, errors — goes through the masking set of the resolved secrets.

use std::fs::File;
use std::io::{self, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::Result;
use comfy_table::{CellAlignment, ContentArrangement, Table, presets};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use locket_core::redact::RedactionSet;
use locket_core::resolve::{self, Resolution};
use locket_http::postman::data;
use locket_http::postman::model::{Collection, VariableFile};
use locket_http::postman::references::{self, Located};
use locket_http::postman::report::{self, SCRIPTS_NOT_RUN};
use locket_http::postman::runner::{self, Execution, Inputs, Planned, RunOptions, Summary};
use locket_http::postman::variables::Scope;

use crate::cli::{Reporter, RunArgs};
use crate::failure::{self, Failure};
use crate::keysource;
use crate::resolving::{Text, problems, unresolved_error, warn_about_values};
use crate::ui::Ui;

const DEFAULT_JSON: &str = "locket-run-report.json";
const DEFAULT_JUNIT: &str = "locket-run-report.xml";

pub fn run(dir: &Path, args: RunArgs, ui: &Ui) -> Result<()> {
    let options = options(&args)?;
    let inputs = read_inputs(&args)?;
    let plan = runner::plan(&inputs.collection, &args.folders).map_err(failure::usage)?;

    let (resolution, _vault) = resolve_references(dir, &inputs, args.fetch, ui)?;
    let (mask, _) =
        resolution.redaction_set_with(inputs.secret_values.iter().map(|v| v.as_bytes()));
    warn_about_values(&resolution, ui, true);

    let scripts: usize = plan.iter().map(|p| p.scripts).sum();
    if scripts > 0 {
        ui.warn(format!(
            "{scripts} script(s) per iteration will not be run: {SCRIPTS_NOT_RUN}"
        ));
    }

    let cli = args.reporters.contains(&Reporter::Cli);
    let iterations = options.iterations.unwrap_or(inputs.data.len().max(1));
    let total = (iterations * plan.len()) as u64;
    let progress = (cli && !ui.quiet && io::stderr().is_terminal()).then(|| progress_bar(total));
    let mut lines = (cli && progress.is_none()).then(|| mask.writer(io::stdout().lock()));

    let summary = {
        let mut on_done = |e: &Execution| {
            if let Some(bar) = &progress {
                bar.inc(1);
            } else if let Some(out) = &mut lines {
                let _ = out.write_all(request_line(e, &plan).as_bytes());
            }
        };
        runner::run(&inputs, &plan, &options, &resolution, &mask, &mut on_done)
            .map_err(failure::failed)?
    };
    if let Some(bar) = progress {
        bar.finish_and_clear();
    }
    if let Some(out) = lines {
        out.finish().and_then(|mut o| o.flush())?;
    }

    if cli {
        let mut out = mask.writer(io::stdout().lock());
        out.write_all(cli_summary(&summary).as_bytes())?;
        out.finish().and_then(|mut o| o.flush())?;
    }
    if args.reporters.contains(&Reporter::Json) {
        let path = args
            .json_export
            .as_deref()
            .unwrap_or(Path::new(DEFAULT_JSON));
        let json = serde_json::to_vec_pretty(&report::json::report(&summary))?;
        write_report(path, &json, &mask)?;
        ui.info(format!("JSON report written to {}", path.display()));
    }
    if args.reporters.contains(&Reporter::Junit) {
        let path = args
            .junit_export
            .as_deref()
            .unwrap_or(Path::new(DEFAULT_JUNIT));
        write_report(path, report::junit::report(&summary).as_bytes(), &mask)?;
        ui.info(format!("JUnit report written to {}", path.display()));
    }

    let failed = summary.failed_requests();
    if failed > 0 {
        let bailed = if summary.bailed {
            " (--bail: the run stopped at the first failure)"
        } else {
            ""
        };
        return Err(failure::failed(format!(
            "{failed} of {} request(s) failed{bailed}",
            summary.executions.len()
        )));
    }
    Ok(())
}

/// The flags, checked (exit 2).
fn options(args: &RunArgs) -> Result<RunOptions> {
    if args.iteration_count == Some(0) {
        return Err(failure::usage(
            "-n 0: the iteration count must be at least 1",
        ));
    }
    if args.parallel == 0 {
        return Err(failure::usage(
            "--parallel 0: run at least 1 iteration at a time",
        ));
    }
    let working_dir = match &args.working_dir {
        Some(d) => d.clone(),
        None => std::env::current_dir()
            .map_err(|e| failure::usage(format!("cannot read the current directory: {e}")))?,
    };
    Ok(RunOptions {
        iterations: args.iteration_count,
        folders: args.folders.clone(),
        bail: args.bail,
        insecure: args.insecure,
        timeout_request: args
            .timeout_request
            .filter(|ms| *ms > 0)
            .map(Duration::from_millis),
        delay_request: Duration::from_millis(args.delay_request),
        ignore_redirects: args.ignore_redirects,
        parallel: args.parallel,
        working_dir,
    })
}

fn read_file(path: &Path, what: &str) -> Result<Vec<u8>> {
    std::fs::read(path)
        .map_err(|e| failure::usage(format!("cannot read the {what} {}: {e}", path.display())))
}

/// `KEY=VALUE` pairs of --env-var / --global-var.
fn pairs(list: &[String], flag: &str) -> Result<Scope> {
    let mut out = Vec::with_capacity(list.len());
    for item in list {
        let Some((k, v)) = item.split_once('=').filter(|(k, _)| !k.is_empty()) else {
            // The value may be a secret someone typed by mistake: only the key is shown.
            let key = item.split('=').next().unwrap_or_default();
            return Err(failure::usage(format!(
                "{flag} {key:?}…: write {flag} KEY=VALUE"
            )));
        };
        out.push((k.to_string(), v.to_string()));
    }
    Ok(Scope::from_pairs(out))
}

/// Reads the collection, environment, globals and data (exit 2 when one is unreadable).
fn read_inputs(args: &RunArgs) -> Result<Inputs> {
    let shown = |p: &Path| p.display().to_string();
    let collection =
        Collection::from_json(&read_file(&args.collection, "collection")?).map_err(|e| {
            failure::usage(format!(
                "{} is not a collection locket can run: {e}",
                shown(&args.collection)
            ))
        })?;
    let variable_file = |path: &Option<PathBuf>, what: &str| -> Result<Option<VariableFile>> {
        let Some(path) = path else { return Ok(None) };
        VariableFile::from_json(&read_file(path, what)?)
            .map(Some)
            .map_err(|e| failure::usage(format!("{} is not a Postman {what}: {e}", shown(path))))
    };
    let env_file = variable_file(&args.environment, "environment")?;
    let globals_file = variable_file(&args.globals, "globals file")?;
    let mut environment = env_file
        .as_ref()
        .map(|f| Scope::new(&f.values))
        .unwrap_or_default();
    environment.overlay(&pairs(&args.env_vars, "--env-var")?);
    let mut globals = globals_file
        .as_ref()
        .map(|f| Scope::new(&f.values))
        .unwrap_or_default();
    globals.overlay(&pairs(&args.global_vars, "--global-var")?);
    let data = match &args.iteration_data {
        Some(path) => data::read(&read_file(path, "iteration data file")?).map_err(|e| {
            failure::usage(format!(
                "{} cannot be used as iteration data: {e}",
                shown(path)
            ))
        })?,
        None => Vec::new(),
    };
    let secret_values = collection
        .variables
        .iter()
        .filter(|v| v.secret && !v.disabled && !v.value.is_empty())
        .map(|v| v.value.clone())
        .chain(
            [&env_file, &globals_file]
                .into_iter()
                .flatten()
                .flat_map(|f| f.secret_values().map(str::to_string)),
        )
        .collect();
    Ok(Inputs {
        secret_values,
        collection,
        environment_name: env_file.map(|f| f.name),
        environment,
        globals_name: globals_file.map(|f| f.name),
        globals,
        data,
    })
}

/// Every reference the run can reach, resolved at once. No reference: the vault is not
/// opened at all. The vault is returned so it stays open (and its key in memory) no longer
/// than the run.
fn resolve_references(
    dir: &Path,
    inputs: &Inputs,
    fetch: crate::cli::FetchArgs,
    ui: &Ui,
) -> Result<(Resolution, Option<locket_core::Vault>)> {
    let mut found: Vec<Located> = references::in_collection(&inputs.collection);
    found.extend(references::in_scope(
        "environment variable",
        &inputs.environment,
    ));
    found.extend(references::in_scope("global variable", &inputs.globals));
    for (i, row) in inputs.data.iter().enumerate() {
        found.extend(references::in_scope(
            &format!("data row {} variable", i + 1),
            row,
        ));
    }
    if found.is_empty() {
        return Ok((Resolution::default(), None));
    }
    let texts: Vec<Text<'_>> = found
        .iter()
        .map(|l| Text::labelled(l.label.clone(), l.text.as_bytes()))
        .collect();
    // Locked or wrong key: the unlock error carries exit 3, as for every command.
    let vault = keysource::unlock(dir)?.vault;
    let items = texts.iter().flat_map(|t| t.items.iter());
    let fetching = crate::resolving::fetching(fetch);
    let resolution = resolve::resolve(Some(&vault), "", items, None, Some(&fetching))?;
    crate::resolving::warn_about_fetching(&resolution, ui);
    let found_problems = problems(&texts, &resolution);
    if !found_problems.is_empty() {
        let (set, _) = resolution.redaction_set();
        let err = unresolved_error(&found_problems, &resolution, None, "nothing was sent");
        return Err(Failure {
            kind: failure::kind(&err),
            message: set.mask_str(&format!("{err:#}")),
        }
        .into());
    }
    Ok((resolution, Some(vault)))
}

fn progress_bar(total: u64) -> ProgressBar {
    let bar = ProgressBar::with_draw_target(Some(total), ProgressDrawTarget::stderr());
    bar.set_style(
        ProgressStyle::with_template(
            "{spinner} [{bar:40}] {pos}/{len} requests  {elapsed}  {per_sec}",
        )
        .unwrap_or_else(|_| ProgressStyle::default_bar())
        .progress_chars("=> "),
    );
    bar
}

/// One line per request, as newman prints them (masked by the caller's writer).
fn request_line(e: &Execution, plan: &[Planned<'_>]) -> String {
    let path = plan[e.position].path_text();
    let request = e
        .request
        .as_ref()
        .map(|r| format!("{} {}", r.method, r.url))
        .unwrap_or_default();
    match (&e.response, &e.error) {
        (_, Some(err)) => format!("✗ [{}] {path}  {request}\n    {err}\n", e.iteration + 1),
        (Some(r), None) => format!(
            "→ [{}] {path}  {request} [{} {}, {}, {}]\n",
            e.iteration + 1,
            r.code,
            r.status,
            bytes(r.size),
            duration(r.time)
        ),
        (None, None) => String::new(),
    }
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
fn cli_summary(s: &Summary) -> String {
    let mut table = Table::new();
    table
        .load_style(presets::UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Disabled)
        .set_header(vec!["", "executed", "failed"]);
    let skipped = s.skipped_scripts();
    let rows = [
        (
            "iterations",
            s.iterations_run().to_string(),
            s.failed_iterations().to_string(),
        ),
        (
            "requests",
            s.executions.len().to_string(),
            s.failed_requests().to_string(),
        ),
        (
            "scripts (not run)",
            format!("{skipped} skipped"),
            "-".to_string(),
        ),
        ("assertions", "0".to_string(), "0".to_string()),
    ];
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
    let mut out = format!("\n{}\n", s.collection_name);
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
    let failures: Vec<&Execution> = s.executions.iter().filter(|e| e.failed()).collect();
    if !failures.is_empty() {
        let mut t = Table::new();
        // Long reasons wrap within 100 columns rather than making one very wide line.
        t.load_style(presets::UTF8_FULL_CONDENSED)
            .set_content_arrangement(ContentArrangement::Dynamic)
            .set_width(100)
            .set_header(vec!["#", "failure", "detail"]);
        for (i, e) in failures.iter().enumerate() {
            t.add_row(vec![
                (i + 1).to_string(),
                format!(
                    "iteration {}: {}",
                    e.iteration + 1,
                    s.items[e.position].path
                ),
                e.error.clone().unwrap_or_default(),
            ]);
        }
        out.push('\n');
        out.push_str(&t.to_string());
        out.push('\n');
    }
    out
}

/// A report file, through the masking writer (created 0600 by the process umask).
fn write_report(path: &Path, bytes: &[u8], mask: &RedactionSet) -> Result<()> {
    let fail = |e: io::Error| failure::failed(format!("cannot write {}: {e}", path.display()));
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent).map_err(fail)?;
    }
    let file = File::create(path).map_err(fail)?;
    let mut out = mask.writer(io::BufWriter::new(file));
    out.write_all(bytes).map_err(fail)?;
    out.finish().and_then(|mut o| o.flush()).map_err(fail)?;
    Ok(())
}
