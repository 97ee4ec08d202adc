//! `locket ui`: opens the vault with the usual key sources (no prompt: the page asks when none
//! answers), prints the one-time address, opens the browser, and serves until Ctrl+C or idle.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

use anyhow::{Context, Result};
use secrecy::ExposeSecret;

use crate::cli::UiArgs;
use crate::keysource::{Found, from_sources};
use crate::ui::Ui;

pub fn run(dir: &Path, args: UiArgs, ui: &Ui) -> Result<()> {
    let vault = match from_sources(dir)? {
        Found::Unlocked(unlocked) => Some(unlocked.vault),
        Found::Nothing { .. } => {
            ui.info("No key source answered: the page will ask for the vault key or passphrase.");
            None
        }
    };
    let idle = args.idle;
    let report_dir = dir.to_path_buf();
    let doctor: locket_ui::doctor::Doctor = std::sync::Arc::new(move |vault| {
        let (checks, _) =
            super::doctor::report(&report_dir, Some(vault)).map_err(|e| format!("{e:#}"))?;
        Ok(checks
            .into_iter()
            .map(|c| locket_ui::doctor::DoctorLine {
                check: c.check.to_string(),
                status: c.status.as_str(),
                detail: c.detail,
            })
            .collect())
    });
    let options = locket_ui::Options {
        port: args.port,
        idle,
        reveal_for: Duration::from_secs(args.reveal_seconds),
        doctor: Some(doctor),
    };
    let server = locket_ui::Server::bind(dir.to_path_buf(), vault, &options)
        .context("starting the web UI")?;
    let url = server.login_url();
    {
        // The address is the command's output; the token in it works once.
        let mut out = std::io::stdout().lock();
        writeln!(out, "{}", url.expose_secret()).context("printing the address")?;
        out.flush().context("printing the address")?;
    }
    ui.info(format!(
        "Serving the vault at {} on 127.0.0.1:{} (only this address works, once). \
         Stop with Ctrl+C; stops by itself after {} without use.",
        dir.display(),
        server.port(),
        minutes(idle)
    ));
    if !args.no_open {
        open_browser(url.expose_secret(), ui);
    }
    let stopped = server
        .run(std::future::pending())
        .context("serving the web UI")?;
    ui.info(match stopped {
        locket_ui::Stopped::Interrupted => "Stopped (Ctrl+C).".to_string(),
        locket_ui::Stopped::Idle => format!("Stopped after {} idle.", minutes(idle)),
        locket_ui::Stopped::Asked => "Stopped.".to_string(),
    });
    Ok(())
}

/// `$BROWSER`, else xdg-open (open on macOS), with the address as its only argument.
fn open_browser(url: &str, ui: &Ui) {
    let opener = std::env::var_os("BROWSER")
        .filter(|b| !b.is_empty())
        .unwrap_or_else(|| {
            if cfg!(target_os = "macos") {
                "open".into()
            } else {
                "xdg-open".into()
            }
        });
    let mut command = Command::new(&opener);
    command
        .arg(url)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    crate::restore_for_child(&mut command);
    match command.spawn() {
        // Reaped on a thread so it does not linger as a zombie while we serve.
        Ok(mut child) => {
            std::thread::spawn(move || child.wait());
        }
        Err(e) => ui.warn(format!(
            "could not open a browser with {} ({e}): open the address above yourself",
            opener.to_string_lossy()
        )),
    }
}

/// `30 minute(s)`, or `1.5 minute(s)`: as `--idle` was given.
fn minutes(idle: Duration) -> String {
    let minutes = idle.as_secs_f64() / 60.0;
    format!("{} minute(s)", (minutes * 1000.0).round() / 1000.0)
}
