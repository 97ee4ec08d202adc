//! Exit codes (README, "Exit codes"): the one place that turns an error into the process's exit
//! status. Errors say their [`ErrorKind`] (locket-core's errors, provider errors, the CLI's own
//! [`Failure`]); [`exit_code`] is the only table from kinds to numbers.

use locket_core::ErrorKind;
use locket_core::provider::ProviderError;

/// An error raised by the CLI itself, with its kind.
#[derive(Debug)]
pub struct Failure {
    pub kind: ErrorKind,
    pub message: String,
}

impl std::fmt::Display for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Failure {}

/// The CLI's own error of `kind`.
pub fn error(kind: ErrorKind, message: impl Into<String>) -> anyhow::Error {
    Failure {
        kind,
        message: message.into(),
    }
    .into()
}

pub fn usage(message: impl Into<String>) -> anyhow::Error {
    error(ErrorKind::Usage, message)
}

pub fn locked(message: impl Into<String>) -> anyhow::Error {
    error(ErrorKind::Locked, message)
}

/// An external vault's failure (auth, network, provider).
pub fn external(message: impl Into<String>) -> anyhow::Error {
    error(ErrorKind::External, message)
}

pub fn failed(message: impl Into<String>) -> anyhow::Error {
    error(ErrorKind::Failed, message)
}

/// A command `locket exec` could not start. It exits as a shell would (127: not found, 126:
/// cannot be run), because the caller waits for that command's status, not for locket's.
#[derive(Debug)]
pub struct NotStarted {
    pub status: u8,
    pub message: String,
}

impl std::fmt::Display for NotStarted {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for NotStarted {}

/// The kind of the first error in the chain that has one; `Failed` when none does.
pub fn kind(err: &anyhow::Error) -> ErrorKind {
    err.chain()
        .find_map(|cause| {
            if let Some(f) = cause.downcast_ref::<Failure>() {
                Some(f.kind)
            } else if let Some(e) = cause.downcast_ref::<locket_core::Error>() {
                Some(e.kind())
            } else if let Some(e) = cause.downcast_ref::<locket_http::Error>() {
                Some(e.kind())
            } else {
                cause
                    .downcast_ref::<ProviderError>()
                    .map(ProviderError::kind)
            }
        })
        .unwrap_or(ErrorKind::Failed)
}

pub fn exit_code(err: &anyhow::Error) -> u8 {
    if let Some(not_started) = err.chain().find_map(|c| c.downcast_ref::<NotStarted>()) {
        return not_started.status;
    }
    match kind(err) {
        ErrorKind::Failed => 1,
        ErrorKind::Usage => 2,
        ErrorKind::Locked => 3,
        ErrorKind::Unresolved => 4,
        ErrorKind::External => 5,
    }
}
