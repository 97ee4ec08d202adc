//! `locket run`: a Postman collection runner with newman's flags and reports, and vault
//! references resolved once and checked against each request's destination.
//!
//! Order of work: check the flags and read every input (exit 2), plan the requests, find every
//! `{{vault:NAME}}` the run can reach and resolve them all at once (the vault is opened only if
//! there is one; locked: exit 3; unresolved: exit 4, nothing sent), run (locket-http), then
//! report. Everything printed or written — request lines, the summary, the JSON and JUnit
//! files, exports, errors — goes through the mask of the run's [`Revealed`] secrets: the
//! resolved ones, and those scripts read or write with `pm.vault` (only with
//! `--allow-script-vault`, `script_vault.rs`; otherwise every call is denied).

use std::fs::File;
use std::io::{self, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::Result;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use locket_core::redact::RedactionSet;
use locket_core::resolve::{self, Resolution, Revealed};
use locket_http::{CookieJar, Tls};
use locket_postman::data;
use locket_postman::dynamic::Dynamic;
use locket_postman::js::JsEngine;
use locket_postman::model::{Collection, VariableFile};
use locket_postman::references::{self, Located};
use locket_postman::report;
use locket_postman::runner::{self, Execution, Inputs, RunOptions};
use locket_postman::script::{NoVault, ScriptEngine, ScriptVault};
use locket_postman::v3;
use locket_postman::variables::Scope;

use crate::cli::{Reporter, RunArgs};
use crate::failure::{self, Failure};
use crate::keysource;
use crate::resolving::{Text, problems_where, unresolved_error, warn_about_values};
use crate::ui::Ui;
use cli_report::{CliReporter, SCRIPT_VAULT_NOTICE, cli_summary, failure_counts};
use script_vault::VaultForScripts;

mod cli_report;
mod script_vault;

/// `LOCKET_ALLOW_SCRIPT_VAULT=1` does what `--allow-script-vault` does (for CI).
const ALLOW_SCRIPT_VAULT: &str = "LOCKET_ALLOW_SCRIPT_VAULT";

const DEFAULT_JSON: &str = "locket-run-report.json";
const DEFAULT_JUNIT: &str = "locket-run-report.xml";
/// The most of a response body kept for test scripts.
const BODY_LIMIT: usize = 256 << 20;

pub fn run(dir: &Path, args: RunArgs, ui: &Ui) -> Result<()> {
    let options = options(&args)?;
    let (inputs, converted) = read_inputs(&args)?;
    let cookies = read_cookie_jar(args.cookie_jar.as_deref())?;
    let plan = runner::plan(&inputs.collection, &args.folders).map_err(failure::usage)?;

    let (resolution, vault) = resolve_references(dir, &inputs, &plan, &options, args.fetch, ui)?;
    let known = Revealed::new(
        &resolution,
        inputs.secret_values.iter().map(|v| v.as_bytes()),
    );
    warn_about_values(&resolution, ui, true);
    let allow_vault = (args.allow_script_vault
        || std::env::var(ALLOW_SCRIPT_VAULT).is_ok_and(|v| v == "1"))
        && plan.iter().any(|p| p.scripts() > 0);
    // The vault stays open (its key in memory) no longer than the run.
    let script_vault: Box<dyn ScriptVault + '_> = if allow_vault {
        let vault = match vault {
            Some(vault) => vault,
            None => keysource::unlock(dir)?.vault,
        };
        let fetching = crate::resolving::fetching(args.fetch);
        Box::new(VaultForScripts::new(vault, fetching, &known, ui))
    } else {
        Box::new(NoVault)
    };

    let cli = args.reporters.contains(&Reporter::Cli) && !args.silent;
    let iterations = options.iterations.unwrap_or(inputs.data.len().max(1));
    let total = (iterations * plan.len()) as u64;
    let progress = (cli && !ui.quiet && io::stderr().is_terminal()).then(|| progress_bar(total));
    // Each line masked as it is printed: with every value revealed up to then.
    let print = |text: &str| {
        let mut out = io::stdout().lock();
        let _ = out.write_all(&known.mask().mask(text.as_bytes()));
        let _ = out.flush();
    };
    let lines = cli && progress.is_none();
    if lines {
        print(&format!("{}\n", inputs.collection.name));
    }
    if cli && allow_vault {
        print(SCRIPT_VAULT_NOTICE);
    }

    let summary = {
        let mut reporter = CliReporter::new(iterations, !args.disable_unicode, args.verbose);
        let mut on_done = |e: &Execution| {
            if let Some(bar) = &progress {
                bar.inc(1);
            } else if lines {
                print(&reporter.execution(e, &plan));
            }
        };
        let script_timeout = args
            .timeout_script
            .filter(|ms| *ms > 0)
            .map(Duration::from_millis);
        let mut engine = || {
            JsEngine::new(script_timeout, inputs.environment_name.clone())
                .map(|e| Box::new(e) as Box<dyn ScriptEngine>)
        };
        runner::run(
            &inputs,
            &plan,
            &options,
            &known,
            &*script_vault,
            cookies,
            &mut engine,
            &mut on_done,
        )
        .map_err(failure::failed)?
    };
    let progress_used = progress.is_some();
    if let Some(bar) = progress {
        bar.finish_and_clear();
    }
    drop(script_vault);
    let mask = known.mask();

    if cli {
        let mut out = mask.writer(io::stdout().lock());
        out.write_all(cli_summary(&summary, progress_used).as_bytes())?;
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

    let exported_at = crate::ui::rfc3339(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs() as i64),
    );
    if let Some(path) = &args.export_environment {
        let json = export_scope(
            &summary.scopes.environment,
            &known,
            inputs
                .environment_name
                .as_deref()
                .filter(|n| !n.is_empty())
                .unwrap_or("environment"),
            "environment",
            &exported_at,
        );
        write_report(path, &serde_json::to_vec_pretty(&json)?, &mask)?;
    }
    if let Some(path) = &args.export_globals {
        let json = export_scope(
            &summary.scopes.globals,
            &known,
            inputs
                .globals_name
                .as_deref()
                .filter(|n| !n.is_empty())
                .unwrap_or("globals"),
            "globals",
            &exported_at,
        );
        write_report(path, &serde_json::to_vec_pretty(&json)?, &mask)?;
    }
    if let Some(path) = &args.export_cookie_jar {
        // Cookies may hold session tokens: the file is the user's alone, values masked.
        let json = summary.cookies.to_tough_json(&|v| mask.mask_str(v));
        write_private(path, &serde_json::to_vec_pretty(&json)?)?;
    }
    if let Some(path) = &args.export_collection {
        // As newman: the collection as it was loaded, not the scripts' changes to it. A v3 or
        // v1 collection is written as the v2.1 JSON it was read as (a file newman can run).
        let bytes = if let Some(json) = &converted {
            serde_json::to_vec_pretty(json)?
        } else if v3::is_v3(&args.collection) {
            let json = v3::to_v21(&args.collection).map_err(|e| failure::usage(e.to_string()))?;
            serde_json::to_vec_pretty(&json)?
        } else {
            read_file(&args.collection, "collection")?
        };
        write_report(path, &bytes, &mask)?;
    }

    if summary.timed_out {
        return Err(failure::failed(format!(
            "the run did not finish within --timeout {} ms",
            args.timeout.unwrap_or_default()
        )));
    }
    if summary.failed_executions() > 0 && !args.suppress_exit_code {
        let bailed = if summary.bailed {
            " (--bail: the run stopped at the first failure)"
        } else {
            ""
        };
        return Err(failure::failed(format!(
            "{}{bailed}",
            failure_counts(&summary).join(", ")
        )));
    }
    Ok(())
}

/// The flags, checked (exit 2).
fn options(args: &RunArgs) -> Result<RunOptions> {
    let refuse = |flag: &str, why: &str| {
        failure::usage(format!(
            "{flag} is not supported by locket run: {why}; run without it"
        ))
    };
    if args.ssl_client_unsupported.is_some() {
        return Err(refuse(
            "--ssl-client-passphrase/--ssl-client-cert-list",
            "encrypted client keys and per-host certificates are not supported yet (decrypt the \
             key with `openssl pkey -in KEY -out PLAIN_KEY` and give --ssl-client-cert/-key)",
        ));
    }
    if args.postman_api_key.is_some() {
        return Err(refuse(
            "--postman-api-key",
            "locket runs collection files only (export the collection from Postman)",
        ));
    }
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
        allow_cleartext_proxy: args.allow_cleartext_proxy,
        timeout_request: args
            .timeout_request
            .filter(|ms| *ms > 0)
            .map(Duration::from_millis),
        delay_request: Duration::from_millis(args.delay_request),
        ignore_redirects: args.ignore_redirects,
        parallel: args.parallel,
        working_dir,
        body_limit: BODY_LIMIT,
        confine_files: args.no_insecure_file_read,
        run_timeout: args.timeout.filter(|ms| *ms > 0).map(Duration::from_millis),
        tls: read_tls(args)?,
    })
}

/// The client certificate and extra CAs of --ssl-client-cert/-key and --ssl-extra-ca-certs
/// (exit 2 when one cannot be used; the message never quotes a key).
fn read_tls(args: &RunArgs) -> Result<Tls> {
    let mut tls = Tls::default();
    if let Some(cert) = &args.ssl_client_cert {
        let cert_pem = read_file(cert, "client certificate")?;
        let key_pem = match &args.ssl_client_key {
            Some(key) => zeroize::Zeroizing::new(read_file(key, "client key")?),
            None => zeroize::Zeroizing::new(Vec::new()),
        };
        let named = match &args.ssl_client_key {
            Some(key) => format!("{} with the key {}", cert.display(), key.display()),
            None => cert.display().to_string(),
        };
        tls = tls.with_client_identity(&cert_pem, &key_pem).map_err(|e| {
            failure::usage(format!("--ssl-client-cert {named} cannot be used: {e}"))
        })?;
    }
    if let Some(bundle) = &args.ssl_extra_ca_certs {
        tls = tls
            .with_extra_roots(&read_file(bundle, "CA certificates file")?)
            .map_err(|e| {
                failure::usage(format!(
                    "--ssl-extra-ca-certs {} cannot be used: {e}",
                    bundle.display()
                ))
            })?;
    }
    Ok(tls)
}

/// The cookies the run starts with: none, or a jar file's (exit 2 when it cannot be used).
fn read_cookie_jar(path: Option<&Path>) -> Result<CookieJar> {
    let Some(path) = path else {
        return Ok(CookieJar::new());
    };
    CookieJar::from_tough_json(&read_file(path, "cookie jar")?).map_err(|e| {
        failure::usage(format!(
            "{} cannot be used as a cookie jar: {e}",
            path.display()
        ))
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

/// Reads the collection, environment, globals and data (exit 2 when one is unreadable), with
/// the v2.1 document a v1 collection was converted to.
fn read_inputs(args: &RunArgs) -> Result<(Inputs, Option<serde_json::Value>)> {
    let shown = |p: &Path| p.display().to_string();
    // A directory or a YAML file is a v3 collection; anything else is read as JSON: v2.x, or
    // v1 (converted to v2.1 as newman converts it).
    let (collection, converted) = if v3::is_v3(&args.collection) {
        v3::read_collection(&args.collection).map(|c| (c, None))
    } else {
        Collection::from_json_converted(&read_file(&args.collection, "collection")?)
    }
    .map_err(|e| {
        failure::usage(format!(
            "{} is not a collection locket can run: {e}",
            shown(&args.collection)
        ))
    })?;
    let variable_file = |path: &Option<PathBuf>, what: &str| -> Result<Option<VariableFile>> {
        let Some(path) = path else { return Ok(None) };
        v3::read_variable_file(&read_file(path, what)?, &shown(path))
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
    let inputs = Inputs {
        secret_values,
        collection,
        environment_name: env_file.map(|f| f.name),
        environment,
        globals_name: globals_file.map(|f| f.name),
        globals,
        data,
    };
    Ok((inputs, converted))
}

/// Every reference the run can reach, resolved at once. No reference: the vault is not
/// opened at all. The vault is returned so it stays open (and its key in memory) no longer
/// than the run.
/// Resolves every reference the run can reach. A linked secret that every request using it
/// would be refused (see `locket_postman::destinations`) is refused here, never fetched: the
/// requests that use it fail as refused, and the run goes on.
fn resolve_references(
    dir: &Path,
    inputs: &Inputs,
    plan: &[runner::Planned<'_>],
    options: &RunOptions,
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
    let known = locket_postman::destinations::known(inputs, plan, options);
    let resolution = resolve::resolve_to(
        Some(&vault),
        "",
        items,
        resolve::Destinations::PerName(&known),
        Some(&fetching),
    )?;
    crate::resolving::warn_about_fetching(&resolution, ui);
    // Refused secrets fail the requests that use them, not the run.
    let found_problems = problems_where(&texts, &resolution, |f| {
        !matches!(f, resolve::Unresolved::NotAllowed { .. })
    });
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

/// A scope as a Postman environment or globals file, as newman exports it: values keep their
/// JSON type, every type is `any`; a secret's value (from a reference or `pm.vault`) is
/// written as its `{{vault:NAME}}` reference, so the file stays usable and holds no secret.
fn export_scope(
    scope: &Scope,
    known: &Revealed<'_>,
    name: &str,
    kind: &str,
    exported_at: &str,
) -> serde_json::Value {
    let values: Vec<serde_json::Value> = scope
        .vars()
        .iter()
        .map(|v| {
            let value = match &v.value {
                serde_json::Value::String(text) => known.as_references(text).into(),
                other => other.clone(),
            };
            let mut out = serde_json::json!({ "type": "any", "value": value, "key": v.key });
            if v.disabled {
                out["enabled"] = false.into();
            }
            out
        })
        .collect();
    serde_json::json!({
        "id": Dynamic::new().value("guid").unwrap_or_default(),
        "name": name,
        "values": values,
        "_postman_variable_scope": kind,
        "_postman_exported_at": exported_at,
        "_postman_exported_using": concat!("locket/", env!("CARGO_PKG_VERSION")),
    })
}

/// A report file, through the masking writer (created 0600 by the process umask).
/// Writes `bytes` to a file only its owner can read (0600, synced), replacing any older file.
fn write_private(path: &Path, bytes: &[u8]) -> Result<()> {
    let mut file = create_output(path, true)?;
    file.write_all(bytes)
        .and_then(|()| file.sync_all())
        .map_err(write_failed(path))
}

fn write_report(path: &Path, bytes: &[u8], mask: &RedactionSet) -> Result<()> {
    let file = create_output(path, false)?;
    let mut out = mask.writer(io::BufWriter::new(file));
    out.write_all(bytes).map_err(write_failed(path))?;
    out.finish()
        .and_then(|mut o| o.flush())
        .map_err(write_failed(path))?;
    Ok(())
}

/// Creates (or truncates) an output file, its directories first. `private`: mode 0600, also
/// when an older file is replaced (it would keep its mode otherwise).
fn create_output(path: &Path, private: bool) -> Result<File> {
    use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent).map_err(write_failed(path))?;
    }
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    if private {
        options.mode(0o600);
    }
    let file = options.open(path).map_err(write_failed(path))?;
    if private {
        file.set_permissions(std::fs::Permissions::from_mode(0o600))
            .map_err(write_failed(path))?;
    }
    Ok(file)
}

fn write_failed(path: &Path) -> impl Fn(io::Error) -> anyhow::Error + '_ {
    move |e| failure::failed(format!("cannot write {}: {e}", path.display()))
}
