//! Exit codes (README, "Exit codes"): one place maps every error to its documented code.

use locket_core::ErrorKind;

pub const FAILED: u8 = 1;
pub const USAGE: u8 = 2;
pub const LOCKED: u8 = 3;
pub const NOT_FOUND: u8 = 4;
pub const EXTERNAL: u8 = 5;

/// An error raised by the CLI itself, with its exit code.
#[derive(Debug)]
pub struct Failure {
    pub code: u8,
    pub message: String,
}

impl std::fmt::Display for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Failure {}

pub fn usage(message: impl Into<String>) -> anyhow::Error {
    Failure {
        code: USAGE,
        message: message.into(),
    }
    .into()
}

pub fn locked(message: impl Into<String>) -> anyhow::Error {
    Failure {
        code: LOCKED,
        message: message.into(),
    }
    .into()
}

/// An external vault's failure (auth, network, provider): exit 5.
pub fn external(message: impl Into<String>) -> anyhow::Error {
    Failure {
        code: EXTERNAL,
        message: message.into(),
    }
    .into()
}

pub fn failed(message: impl Into<String>) -> anyhow::Error {
    Failure {
        code: FAILED,
        message: message.into(),
    }
    .into()
}

pub fn exit_code(err: &anyhow::Error) -> u8 {
    for cause in err.chain() {
        if let Some(f) = cause.downcast_ref::<Failure>() {
            return f.code;
        }
        if let Some(e) = cause.downcast_ref::<locket_core::Error>() {
            return match e.kind() {
                ErrorKind::Usage => USAGE,
                ErrorKind::Locked => LOCKED,
                ErrorKind::NotFound => NOT_FOUND,
                ErrorKind::Failed => FAILED,
            };
        }
        // The destination rule refusing a hop is a refused reference, on every hop.
        if let Some(e) = cause.downcast_ref::<locket_http::Error>() {
            return if e.is_refusal() { NOT_FOUND } else { FAILED };
        }
    }
    FAILED
}
