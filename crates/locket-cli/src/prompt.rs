//! Prompts on the controlling terminal. Hidden input goes through rpassword, which reads
//! /dev/tty with echo off, so piped stdin stays free for data.

use std::io::IsTerminal;

use anyhow::{Context, Result};
use secrecy::SecretString;

use crate::failure;

/// True when a person can be asked: a terminal exists and LOCKET_NO_PROMPT is not set.
pub fn can_prompt() -> bool {
    let disabled = std::env::var_os("LOCKET_NO_PROMPT").is_some_and(|v| !v.is_empty() && v != "0");
    !disabled && std::fs::File::open("/dev/tty").is_ok() && std::io::stderr().is_terminal()
}

pub fn hidden(prompt: &str) -> Result<SecretString> {
    let text = rpassword::prompt_password(prompt).context("reading from the terminal")?;
    Ok(SecretString::from(text))
}

/// Asks twice and insists on `min_chars`. `env` names a variable that answers instead, for scripts.
pub fn new_passphrase(what: &str, env: &str, min_chars: usize) -> Result<SecretString> {
    use secrecy::ExposeSecret;
    let long_enough = |p: &SecretString| p.expose_secret().chars().count() >= min_chars;
    if let Some(value) = std::env::var_os(env) {
        let pass = SecretString::from(
            value
                .into_string()
                .map_err(|_| failure::usage(format!("{env} is not valid UTF-8")))?,
        );
        if !long_enough(&pass) {
            return Err(failure::usage(format!(
                "{env} must hold at least {min_chars} characters"
            )));
        }
        return Ok(pass);
    }
    if !can_prompt() {
        return Err(failure::usage(format!(
            "{what} is needed: run on a terminal, or set {env}"
        )));
    }
    loop {
        let first = hidden(&format!("New {what} (at least {min_chars} characters): "))?;
        if !long_enough(&first) {
            eprintln!("Too short; try again.");
            continue;
        }
        let again = hidden(&format!("Repeat the {what}: "))?;
        if first.expose_secret() == again.expose_secret() {
            return Ok(first);
        }
        eprintln!("They differ; try again.");
    }
}

/// An existing passphrase: from `env`, or asked once.
pub fn passphrase(what: &str, env: &str) -> Result<SecretString> {
    if let Some(value) = std::env::var_os(env) {
        return Ok(SecretString::from(value.into_string().map_err(|_| {
            failure::usage(format!("{env} is not valid UTF-8"))
        })?));
    }
    if !can_prompt() {
        return Err(failure::usage(format!(
            "{what} is needed: run on a terminal, or set {env}"
        )));
    }
    hidden(&format!("{what}: "))
}

/// A yes/no question answered by typing `expected` exactly.
pub fn confirm(question: &str, expected: &str) -> Result<bool> {
    eprint!("{question} Type {expected:?} to confirm: ");
    let mut tty =
        std::io::BufReader::new(std::fs::File::open("/dev/tty").context("opening the terminal")?);
    let mut line = String::new();
    std::io::BufRead::read_line(&mut tty, &mut line).context("reading from the terminal")?;
    Ok(line.trim() == expected)
}
