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

fn main() -> ExitCode {
    harden_process();
    let cli = cli::parse();
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

/// What the process had before `harden_process`, for commands run by `locket exec`.
static ORIGINAL: std::sync::OnceLock<(libc::mode_t, libc::rlimit)> = std::sync::OnceLock::new();

/// Files we create are private, secrets never land in a core dump, and a closed pipe
/// (`locket list | head`) ends the process quietly, as for any Unix filter.
fn harden_process() {
    // SAFETY: plain libc calls with valid pointers, made before any thread starts.
    unsafe {
        let umask = libc::umask(0o077);
        let mut core = libc::rlimit {
            rlim_cur: 0,
            rlim_max: 0,
        };
        libc::getrlimit(libc::RLIMIT_CORE, &mut core);
        let _ = ORIGINAL.set((umask, core));
        // Lower only the soft limit, so the command `exec` runs can get the original back.
        let no_core = libc::rlimit {
            rlim_cur: 0,
            rlim_max: core.rlim_max,
        };
        libc::setrlimit(libc::RLIMIT_CORE, &no_core);
        #[cfg(target_os = "linux")]
        libc::prctl(libc::PR_SET_DUMPABLE, 0, 0, 0, 0);
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
}

/// Gives a child process the umask and core-dump limit locket started with.
pub fn restore_for_child(command: &mut std::process::Command) {
    use std::os::unix::process::CommandExt;
    if let Some(&(umask, core)) = ORIGINAL.get() {
        // SAFETY: umask and setrlimit are async-signal-safe, as pre_exec requires.
        unsafe {
            command.pre_exec(move || {
                libc::umask(umask);
                libc::setrlimit(libc::RLIMIT_CORE, &core);
                Ok(())
            });
        }
    }
}
