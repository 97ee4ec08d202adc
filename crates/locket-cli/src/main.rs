//! The `locket` binary: argument parsing, key sources, prompts, output and exit codes.
//! Everything about keeping secrets lives in `locket-core`.

mod cli;
mod commands;
mod failure;
mod keyring;
mod keysource;
mod prompt;
mod resolving;
mod ui;

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    harden_process();
    let cli = cli::Cli::parse();
    let ui = ui::Ui::new(&cli.global);
    match commands::run(cli, &ui) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            let code = failure::exit_code(&err);
            ui.error(&err);
            ExitCode::from(code)
        }
    }
}

/// Files we create are private, secrets never land in a core dump, and a closed pipe
/// (`locket list | head`) ends the process quietly, as for any Unix filter.
fn harden_process() {
    // SAFETY: plain libc calls with constant arguments, made before any thread starts.
    unsafe {
        libc::umask(0o077);
        let no_core = libc::rlimit {
            rlim_cur: 0,
            rlim_max: 0,
        };
        libc::setrlimit(libc::RLIMIT_CORE, &no_core);
        #[cfg(target_os = "linux")]
        libc::prctl(libc::PR_SET_DUMPABLE, 0, 0, 0, 0);
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
}
