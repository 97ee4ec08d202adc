//! `locket exec [--env-file F]... [--no-masking] -- CMD ARGS`: run a command with the
//! `{{vault:NAME}}` references in its environment resolved, and every secret it prints masked.
//!
//! - The command's environment is locket's, then each `--env-file` in order (later wins).
//!   References in its values are resolved for the command only, all at once, strictly: one
//!   unresolved or malformed reference and the command is not started (exit 4; 3 when the vault
//!   is locked). With no reference at all the vault is not opened, so no key is needed.
//! - Arguments are passed as written, never resolved: any user can read a process's arguments.
//! - The variables that unlock locket (`locket_core::key::env::UNLOCKING`) are not passed on,
//!   unless `--pass-key-env` asks for them (a command that runs locket itself).
//! - The command's stdout and stderr go through masking writers on two threads; with nothing
//!   to mask, or `--no-masking`, the command writes to locket's stdout and stderr itself.
//! - stdin is the command's. Its exit code is locket's; killed by a signal, locket dies of the
//!   same signal. Signals sent to locket are passed on (see `child`).
//! - A command that cannot be started exits 127 (not found) or 126 (cannot be run), as with
//!   `env`, `nohup` and the shells.

mod child;

use std::collections::BTreeMap;
use std::ffi::{OsStr, OsString};
use std::io;
use std::os::unix::ffi::{OsStrExt, OsStringExt};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use anyhow::{Context, Result};
use locket_core::resolve::Resolution;
use zeroize::Zeroizing;

use crate::cli::ExecArgs;
use crate::failure::{self, NotStarted};
use crate::resolving::{
    Text, open_if_needed, problems, resolve_all, unresolved_error, warn_about_values,
};
use crate::ui::Ui;

/// The command was found but could not be run.
const CANNOT_RUN: u8 = 126;
/// The command was not found.
const NOT_FOUND: u8 = 127;

/// One variable of the command's environment, before resolution.
struct Var {
    /// Where it comes from, for messages: `env NAME` or `FILE:LINE NAME`.
    label: String,
    value: Zeroizing<Vec<u8>>,
}

pub fn run(dir: &Path, args: ExecArgs, ui: &Ui) -> Result<()> {
    let Some((program, arguments)) = args.command.split_first() else {
        return Err(failure::usage(
            "no command given: locket exec -- CMD [ARGS]",
        ));
    };
    let shown = program.to_string_lossy().into_owned();
    let env = environment(&args.env_files, args.pass_key_env)?;
    warn_about_arguments(&args.command, ui);

    // Only values with something that looks like a reference take part in resolution.
    let (names, texts): (Vec<&OsString>, Vec<Text<'_>>) = env
        .iter()
        .map(|(name, var)| (name, Text::labelled(var.label.clone(), &var.value)))
        .filter(|(_, text)| !text.items.is_empty())
        .unzip();
    let vault = open_if_needed(dir, &texts)?;
    let resolution = resolve_all(vault.as_ref(), &texts, None, args.fetch, ui)?;
    let substituted: Option<Vec<Zeroizing<Vec<u8>>>> =
        texts.iter().map(|t| substitute(t, &resolution)).collect();
    let Some(substituted) = substituted else {
        return Err(unresolved_error(
            &problems(&texts, &resolution),
            &resolution,
            vault.as_ref(),
            &format!("{shown} was not started"),
        ));
    };
    drop(vault);
    // An environment variable is a C string: a binary secret with a NUL byte cannot be one.
    if let Some(text) = texts
        .iter()
        .zip(&substituted)
        .find_map(|(t, v)| v.contains(&0).then_some(t))
    {
        return Err(failure::failed(format!(
            "{}: a secret it references contains a NUL byte, which an environment variable \
             cannot hold; {shown} was not started",
            text.label
        )));
    }

    let masking = !args.no_masking;
    warn_about_values(&resolution, ui, masking);
    if !masking {
        ui.warn("--no-masking: the command's output is not masked; any secret it prints appears in clear");
    }
    // A child that inherits LOCKET_VAULT_KEY could print it: when output is masked at all,
    // the key (as given, and its canonical form) is masked with the secrets.
    let key_forms: Vec<Zeroizing<Vec<u8>>> = vault_key_forms(&env);
    let (set, _) = if resolution.resolved_count() > 0 {
        resolution.redaction_set_with(key_forms.iter().map(|k| k.as_slice()))
    } else {
        resolution.redaction_set()
    };
    drop(resolution);
    // With nothing to mask the command gets locket's stdout and stderr, terminal and all.
    let piped = masking && !set.is_empty();

    let mut command = Command::new(program);
    command.args(arguments).env_clear().stdin(Stdio::inherit());
    // locket's own hardening (umask 077, no core dumps) is for locket, not for the command.
    crate::restore_for_child(&mut command);
    let resolved: BTreeMap<&OsString, &[u8]> = names
        .into_iter()
        .zip(substituted.iter().map(|v| v.as_slice()))
        .collect();
    for (name, var) in &env {
        let value = resolved.get(name).copied().unwrap_or(&var.value);
        command.env(name, OsStr::from_bytes(value));
    }
    let (stdout, stderr) = if piped {
        (Stdio::piped(), Stdio::piped())
    } else {
        (Stdio::inherit(), Stdio::inherit())
    };
    command.stdout(stdout).stderr(stderr);

    let forwarding = child::Forwarding::install().context("setting up signal forwarding")?;
    let process = match command.spawn() {
        Ok(process) => process,
        Err(e) => {
            drop(forwarding);
            return Err(cannot_start(program, &e));
        }
    };
    forwarding.started(process.id());
    // The command has its copy of the environment; locket's copies go now.
    drop(command);
    drop(resolved);
    drop(substituted);
    drop(env);

    let child::Outcome {
        status,
        output_errors,
    } = child::supervise(process, forwarding, &set)
        .with_context(|| format!("waiting for {shown}"))?;
    for e in &output_errors {
        ui.warn(e);
    }
    if status.success() {
        if !output_errors.is_empty() {
            return Err(failure::failed(format!(
                "{shown} succeeded but its output was not all written"
            )));
        }
        return Ok(());
    }
    child::exit_like(status)
}

/// locket's environment, then each env file's entries in order. What unlocks locket stays
/// with locket unless `pass_key_env`: the command gets the secrets it references, not the key
/// to every other one.
fn environment(files: &[PathBuf], pass_key_env: bool) -> Result<BTreeMap<OsString, Var>> {
    let unlocking = |name: &OsString| {
        locket_core::key::env::UNLOCKING
            .iter()
            .any(|u| name.as_os_str() == OsStr::new(u))
    };
    let mut env: BTreeMap<OsString, Var> = std::env::vars_os()
        .filter(|(name, _)| pass_key_env || !unlocking(name))
        .map(|(name, value)| {
            let label = format!("env {}", name.to_string_lossy());
            let value = Zeroizing::new(value.into_vec());
            (name, Var { label, value })
        })
        .collect();
    for path in files {
        let bytes = Zeroizing::new(std::fs::read(path).map_err(|e| {
            failure::usage(format!("cannot read the env file {}: {e}", path.display()))
        })?);
        let text = std::str::from_utf8(&bytes).map_err(|e| {
            failure::usage(format!(
                "the env file {} is not UTF-8 text (invalid byte at offset {})",
                path.display(),
                e.valid_up_to()
            ))
        })?;
        let entries = locket_core::dotenv::parse(text).map_err(|e| {
            failure::usage(format!(
                "{}:{}:{}: {}",
                path.display(),
                e.line,
                e.column,
                e.expected
            ))
        })?;
        for entry in entries {
            // The name is not quoted: on a malformed line it may be part of a value.
            if !is_variable_name(&entry.name) {
                return Err(failure::usage(format!(
                    "{}:{}:{}: expected an environment variable name (letters, digits and _, not \
                     starting with a digit)",
                    path.display(),
                    entry.line,
                    entry.column
                )));
            }
            if entry.value.contains('\0') {
                return Err(failure::usage(format!(
                    "{}:{}: the value of {} contains a NUL byte, which an environment variable \
                     cannot hold",
                    path.display(),
                    entry.line,
                    entry.name
                )));
            }
            let label = format!("{}:{} {}", path.display(), entry.line, entry.name);
            let value = Zeroizing::new(entry.value.as_bytes().to_vec());
            env.insert(OsString::from(entry.name), Var { label, value });
        }
    }
    Ok(env)
}

fn substitute(text: &Text<'_>, resolution: &Resolution) -> Option<Zeroizing<Vec<u8>>> {
    locket_core::resolve::substitute(text.bytes, &text.items, resolution)
}

/// The vault key the command would inherit through LOCKET_VAULT_KEY, as written and in its
/// canonical form, for masking. Empty when the variable is unset or not a valid key.
fn vault_key_forms(env: &BTreeMap<OsString, Var>) -> Vec<Zeroizing<Vec<u8>>> {
    use secrecy::ExposeSecret;
    let Some(var) = env.get(OsStr::new(crate::keysource::ENV_KEY)) else {
        return Vec::new();
    };
    let mut forms = vec![Zeroizing::new(var.value.trim_ascii().to_vec())];
    if let Some(key) = std::str::from_utf8(&var.value)
        .ok()
        .and_then(|t| locket_core::VaultKey::parse(t).ok())
    {
        forms.push(Zeroizing::new(
            key.to_key_string().expose_secret().as_bytes().to_vec(),
        ));
    }
    forms
}

/// POSIX: `[A-Za-z_][A-Za-z0-9_]*`.
fn is_variable_name(name: &str) -> bool {
    let mut bytes = name.bytes();
    bytes
        .next()
        .is_some_and(|b| b.is_ascii_alphabetic() || b == b'_')
        && bytes.all(|b| b.is_ascii_alphanumeric() || b == b'_')
}

/// References in arguments are left as they are; say why, and what to do instead.
fn warn_about_arguments(command: &[OsString], ui: &Ui) {
    let with_reference: Vec<String> = command
        .iter()
        .enumerate()
        .filter(|(_, arg)| !locket_core::reference::parse(arg.as_bytes()).is_empty())
        .map(|(i, _)| match i {
            0 => "the command name".to_string(),
            i => format!("argument {i}"),
        })
        .collect();
    if with_reference.is_empty() {
        return;
    }
    ui.warn(format!(
        "{} of the command {} a {{{{vault:…}}}} reference, passed on as written: locket does not \
         resolve references in arguments, because every user of this machine can read a \
         process's arguments (ps, /proc). Put the reference in an environment variable instead \
         (NAME='{{{{vault:SECRET}}}}' locket exec -- CMD) and have the command read it from its \
         environment.",
        with_reference.join(", "),
        if with_reference.len() == 1 {
            "contains"
        } else {
            "contain"
        },
    ));
}

/// Why the command could not be started, with the exit code shells use.
fn cannot_start(program: &OsStr, err: &io::Error) -> anyhow::Error {
    let shown = program.to_string_lossy();
    let is_path = program.as_bytes().contains(&b'/');
    let (status, message) = match err.kind() {
        io::ErrorKind::NotFound if !is_path => (
            NOT_FOUND,
            format!("{shown}: command not found (looked in the PATH given to the command)"),
        ),
        io::ErrorKind::NotFound if Path::new(program).exists() => (
            NOT_FOUND,
            format!("{shown}: its interpreter (the #! line) was not found"),
        ),
        io::ErrorKind::NotFound => (NOT_FOUND, format!("{shown}: no such file")),
        io::ErrorKind::PermissionDenied => (
            CANNOT_RUN,
            format!("{shown}: permission denied (not an executable file, or a directory)"),
        ),
        _ => (CANNOT_RUN, format!("{shown}: cannot run it: {err}")),
    };
    NotStarted { status, message }.into()
}
