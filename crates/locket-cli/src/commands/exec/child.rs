//! Supervising the command `locket exec` runs: forwarding signals to it, pumping its output
//! through the masking writers, and ending locket the way the command ended.
//!
//! Signals: while the command runs, SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGUSR1 and SIGUSR2 sent to
//! locket are passed on to it, and locket itself stays alive to mirror how the command ends.
//! A signal the terminal sends (Ctrl-C, Ctrl-\, hang-up) already reaches the command, which is
//! in locket's process group, so on Linux, where such signals are marked as coming from the
//! kernel, they are not sent a second time. Signals locket was started with ignored (`nohup`)
//! stay ignored, for the command too. The handler does nothing but `kill(2)`: no thread, no
//! dependency. The command is never reaped while the handler can still target it, so a
//! forwarded signal cannot hit a process that has reused its pid.

use std::ffi::c_int;
use std::io::{self, Read, Write};
use std::process::{Child, ExitStatus};
use std::sync::atomic::{AtomicI32, AtomicU32, Ordering::SeqCst};
use std::thread::{Scope, ScopedJoinHandle};

use locket_core::redact::RedactionSet;
use zeroize::Zeroizing;

/// The signals passed on to the command.
const FORWARDED: [c_int; 6] = [
    libc::SIGINT,
    libc::SIGTERM,
    libc::SIGHUP,
    libc::SIGQUIT,
    libc::SIGUSR1,
    libc::SIGUSR2,
];

/// How much of the command's output is read at once. A value split between two reads is still
/// masked: the masking writer holds back a possible start of one.
const CHUNK: usize = 32 * 1024;

/// The command's pid while signals may be forwarded to it; 0 before it starts and once it has
/// exited.
static CHILD: AtomicI32 = AtomicI32::new(0);
/// Signals that arrived before the command started (bit N = signal N), forwarded once it has.
static PENDING: AtomicU32 = AtomicU32::new(0);

extern "C" fn forward(sig: c_int, info: *mut libc::siginfo_t, _context: *mut libc::c_void) {
    let pid = CHILD.load(SeqCst);
    if pid <= 0 {
        PENDING.fetch_or(1 << sig, SeqCst);
        return;
    }
    // SAFETY: the kernel passes a valid siginfo to an SA_SIGINFO handler.
    #[cfg(any(target_os = "linux", target_os = "android"))]
    if !info.is_null() && unsafe { (*info).si_code } == libc::SI_KERNEL {
        // From the terminal, to the whole foreground process group: the command has it too.
        return;
    }
    #[cfg(not(any(target_os = "linux", target_os = "android")))]
    let _ = info;
    let saved = errno::get();
    // SAFETY: kill(2) is async-signal-safe; `pid` is our child, not yet reaped.
    unsafe { libc::kill(pid, sig) };
    errno::set(saved);
}

/// errno, saved and restored around the handler's one system call so that the interrupted
/// code never sees it change.
mod errno {
    use std::ffi::c_int;

    #[cfg(any(target_os = "linux", target_os = "android"))]
    fn location() -> Option<*mut c_int> {
        // SAFETY: returns the calling thread's errno, always valid.
        Some(unsafe { libc::__errno_location() })
    }

    #[cfg(target_vendor = "apple")]
    fn location() -> Option<*mut c_int> {
        // SAFETY: as above.
        Some(unsafe { libc::__error() })
    }

    #[cfg(not(any(target_os = "linux", target_os = "android", target_vendor = "apple")))]
    fn location() -> Option<*mut c_int> {
        None
    }

    pub fn get() -> c_int {
        // SAFETY: a valid, thread-local location.
        location().map_or(0, |p| unsafe { *p })
    }

    pub fn set(value: c_int) {
        if let Some(p) = location() {
            // SAFETY: as above.
            unsafe { *p = value };
        }
    }
}

/// Signal forwarding, from installation (before the command is spawned) until it has exited.
/// Dropping it puts back what locket had before.
pub struct Forwarding {
    previous: Vec<(c_int, libc::sigaction)>,
}

impl Forwarding {
    pub fn install() -> io::Result<Self> {
        CHILD.store(0, SeqCst);
        PENDING.store(0, SeqCst);
        let mut forwarding = Forwarding {
            previous: Vec::new(),
        };
        for sig in FORWARDED {
            // SAFETY: sigaction with valid, zero-initialised structures; the handler only
            // touches atomics and calls kill(2), both async-signal-safe.
            unsafe {
                let mut previous: libc::sigaction = std::mem::zeroed();
                if libc::sigaction(sig, std::ptr::null(), &mut previous) != 0 {
                    return Err(io::Error::last_os_error());
                }
                if previous.sa_sigaction == libc::SIG_IGN {
                    continue;
                }
                let mut action: libc::sigaction = std::mem::zeroed();
                action.sa_sigaction = forward as *const () as libc::sighandler_t;
                action.sa_flags = libc::SA_SIGINFO | libc::SA_RESTART;
                libc::sigemptyset(&mut action.sa_mask);
                if libc::sigaction(sig, &action, std::ptr::null_mut()) != 0 {
                    return Err(io::Error::last_os_error());
                }
                forwarding.previous.push((sig, previous));
            }
        }
        Ok(forwarding)
    }

    /// From now on signals go to `pid`, starting with any that arrived while it was spawned.
    pub fn started(&self, pid: u32) {
        let pid = pid as i32;
        CHILD.store(pid, SeqCst);
        let pending = PENDING.swap(0, SeqCst);
        for sig in FORWARDED {
            if pending & (1 << sig) != 0 {
                // SAFETY: our child, not yet reaped.
                unsafe { libc::kill(pid, sig) };
            }
        }
    }
}

impl Drop for Forwarding {
    fn drop(&mut self) {
        CHILD.store(0, SeqCst);
        for (sig, previous) in &self.previous {
            // SAFETY: restores an action sigaction returned earlier.
            unsafe { libc::sigaction(*sig, previous, std::ptr::null_mut()) };
        }
    }
}

/// Waits until the command has exited, stops forwarding, then reaps it. Between its exit and
/// the reaping its pid cannot be reused, so no forwarded signal can reach another process.
fn wait(child: &mut Child, forwarding: Forwarding) -> io::Result<ExitStatus> {
    #[cfg(any(target_os = "linux", target_os = "android"))]
    loop {
        // SAFETY: waitid on our own child with a zeroed siginfo to fill; WNOWAIT leaves it
        // waitable for `Child::wait` below.
        let mut info: libc::siginfo_t = unsafe { std::mem::zeroed() };
        let r = unsafe {
            libc::waitid(
                libc::P_PID,
                child.id() as libc::id_t,
                &mut info,
                libc::WEXITED | libc::WNOWAIT,
            )
        };
        if r == 0 {
            break;
        }
        let err = io::Error::last_os_error();
        if err.kind() != io::ErrorKind::Interrupted {
            return Err(err);
        }
    }
    // Elsewhere the window between reaping and `drop` is a few instructions wide.
    #[cfg(not(any(target_os = "linux", target_os = "android")))]
    let status = child.wait();
    drop(forwarding);
    #[cfg(any(target_os = "linux", target_os = "android"))]
    let status = child.wait();
    status
}

/// What became of the command.
pub struct Outcome {
    pub status: ExitStatus,
    /// Trouble copying its output, for warnings.
    pub output_errors: Vec<String>,
}

/// Copies the command's piped stdout and stderr through masking writers, one thread each,
/// while waiting for it to exit; then reads both to the end, which comes once every process
/// it started that shares the pipes has closed them too.
pub fn supervise(
    mut process: Child,
    forwarding: Forwarding,
    set: &RedactionSet,
) -> io::Result<Outcome> {
    let stdout = process.stdout.take();
    let stderr = process.stderr.take();
    std::thread::scope(|scope| {
        let mut spawned = Vec::new();
        if let Some(pipe) = stdout {
            let work = move || pump(pipe, set, io::stdout());
            spawned.push(("stdout", spawn(scope, "stdout", work)));
        }
        if let Some(pipe) = stderr {
            let work = move || pump(pipe, set, io::stderr());
            spawned.push(("stderr", spawn(scope, "stderr", work)));
        }
        let mut output_errors = Vec::new();
        let mut pumps = Vec::new();
        for (what, thread) in spawned {
            match thread {
                Ok(handle) => pumps.push((what, handle)),
                // Without a thread the pipe closes: the command sees a closed stream, as in a
                // pipeline whose reader has gone.
                Err(e) => output_errors.push(format!("cannot read the command's {what}: {e}")),
            }
        }
        let status = wait(&mut process, forwarding);
        for (what, handle) in pumps {
            match handle.join() {
                Ok(Ok(())) => {}
                Ok(Err(e)) => output_errors.push(format!(
                    "the command's {what} could not be written: {e}; the rest of it was discarded"
                )),
                Err(_) => output_errors.push(format!("copying the command's {what} failed")),
            }
        }
        Ok(Outcome {
            status: status?,
            output_errors,
        })
    })
}

fn spawn<'scope>(
    scope: &'scope Scope<'scope, '_>,
    what: &str,
    work: impl FnOnce() -> io::Result<()> + Send + 'scope,
) -> io::Result<ScopedJoinHandle<'scope, io::Result<()>>> {
    std::thread::Builder::new()
        .name(format!("exec-{what}"))
        .spawn_scoped(scope, work)
}

/// Copies `from` to `to` through a masking writer, chunk by chunk, until end of file. Never
/// flushes the masking writer before the end: a flush releases the bytes it holds back, and a
/// value written a byte at a time would then get through in pieces. What the writer lets go is
/// written to `to` at once (no line buffering), so output is late by at most the longest masked
/// form's length.
fn pump(mut from: impl Read, set: &RedactionSet, to: impl Write) -> io::Result<()> {
    let mut out = set.writer(Unbuffered(to));
    let mut buf = Zeroizing::new(vec![0u8; CHUNK]);
    loop {
        match from.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => out.write_all(&buf[..n])?,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    out.finish()?.flush()
}

/// Passes every write on and flushes it (stdout is line-buffered; a prompt has no newline).
struct Unbuffered<W: Write>(W);

impl<W: Write> Write for Unbuffered<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.0.write_all(buf)?;
        self.0.flush()?;
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.0.flush()
    }
}

/// Ends locket as the command ended: with its exit code, or killed by the same signal, so that
/// the shell sees what it would have seen without locket ("Terminated", `$?` = 128+N, and a
/// script interrupted by Ctrl-C stops rather than carrying on); failing that, exit 128+N.
pub fn exit_like(status: ExitStatus) -> ! {
    use std::os::unix::process::ExitStatusExt;
    let _ = io::stdout().flush();
    let _ = io::stderr().flush();
    if let Some(code) = status.code() {
        std::process::exit(code);
    }
    let sig = status.signal().unwrap_or(libc::SIGTERM);
    // SAFETY: plain libc calls on valid arguments; the output threads have finished.
    unsafe {
        libc::signal(sig, libc::SIG_DFL);
        let mut set: libc::sigset_t = std::mem::zeroed();
        libc::sigemptyset(&mut set);
        libc::sigaddset(&mut set, sig);
        libc::pthread_sigmask(libc::SIG_UNBLOCK, &set, std::ptr::null_mut());
        libc::raise(sig);
    }
    // Still here: a signal whose default action is not to terminate.
    std::process::exit(128 + sig)
}
