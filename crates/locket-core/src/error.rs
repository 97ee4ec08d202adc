//! One error type for the vault. Messages say what happened, to what, and what to do next;
//! none of them ever contains a secret value (names are not secret and may appear).

use std::path::PathBuf;

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// What kind of failure an error is, for whoever reports it: every error type in the
/// workspace says its kind, and the CLI turns each kind into its documented exit code (in one
/// place, `locket-cli`'s `failure.rs`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    /// The request itself is wrong (bad flag, bad name, existing vault, bad file).
    Usage,
    /// No key, or a key or passphrase that does not open this vault.
    Locked,
    /// A secret or reference that does not resolve: not found, disabled, not allowed for the
    /// destination, malformed.
    Unresolved,
    /// An external vault failed (unreachable, sign-in, permission, throttled).
    External,
    /// Anything else that failed (I/O, integrity, database).
    Failed,
}

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("no vault at {}: run `locket init` to create one, or point --vault-dir / LOCKET_HOME at an existing vault", dir.display())]
    NoVault { dir: PathBuf },

    #[error("a vault already exists at {}: locket never overwrites a vault; use it, or run `locket destroy` first", dir.display())]
    VaultExists { dir: PathBuf },

    #[error("{} is not a locket vault ({detail}); check --vault-dir / LOCKET_HOME", path.display())]
    NotAVault { path: PathBuf, detail: String },

    #[error("not a valid vault key: {reason}; check for a typo (keys look like LOCKET-KEY-1-…)")]
    InvalidKey { reason: String },

    #[error("this key does not open the vault at {}: it is a valid key, but for another vault or an older one (after `locket key rotate`)", dir.display())]
    WrongKey { dir: PathBuf },

    #[error("wrong passphrase for the vault at {}", dir.display())]
    WrongPassphrase { dir: PathBuf },

    #[error("the vault at {} has no passphrase: unlock it with its vault key, or add one with `locket init --passphrase` on a new vault", dir.display())]
    NoPassphrase { dir: PathBuf },

    #[error("invalid {what} {value:?}: {rule}")]
    Invalid {
        what: &'static str,
        value: String,
        rule: String,
    },

    #[error("no secret named {name:?} in this vault{}", suggestion.as_ref().map(|s| format!("; did you mean {s:?}?")).unwrap_or_else(|| "; `locket list` shows the names".into()))]
    NotFound {
        name: String,
        suggestion: Option<String>,
    },

    #[error("a secret named {name:?} already exists; choose another name or remove it first")]
    AlreadyExists { name: String },

    #[error("no integration named {name:?}{}", if known.is_empty() { "; add one with `locket integration add KIND NAME`".to_string() } else { format!(" (integrations: {}); `locket integration list` shows them", known.join(", ")) })]
    IntegrationNotFound { name: String, known: Vec<String> },

    #[error(
        "an integration named {name:?} already exists; choose another name, or `locket integration reauth {name}` to give it new credentials"
    )]
    IntegrationExists { name: String },

    #[error(
        "{name:?} is linked to {link}: its value lives in the external vault. `locket unlink {name}` makes it a local secret again"
    )]
    Linked { name: String, link: String },

    #[error("{name:?} is not linked to an external vault")]
    NotLinked { name: String },

    #[error(
        "{name:?} holds a local value that linking would discard; pass --replace to link it anyway, or link another name"
    )]
    HasLocalValue { name: String },

    #[error(
        "integrity check failed for {what}: the vault file was modified outside locket or is damaged; nothing was changed. Run `locket doctor`, and restore the vault from a backup or an export"
    )]
    Tampered { what: String },

    #[error("the vault file {} is damaged ({detail}); nothing was changed. Restore it from a backup or an export", path.display())]
    Corrupt { path: PathBuf, detail: String },

    #[error("the vault at {} uses format {found}, newer than this locket understands (up to {supported}); upgrade locket", dir.display())]
    FormatTooNew {
        dir: PathBuf,
        found: i64,
        supported: i64,
    },

    #[error("{action} {}: {source}", path.display())]
    Io {
        action: &'static str,
        path: PathBuf,
        source: std::io::Error,
    },

    #[error("{path}: {message}; nothing was imported")]
    Import { path: String, message: String },

    #[error("{message}")]
    Export { message: String },

    #[error("vault database error while {action}: {source}; nothing was changed")]
    Database {
        action: &'static str,
        source: rusqlite::Error,
    },

    #[error(
        "the vault at {} changed during the {during} (its key was rotated by another locket process); nothing was written: retry",
        dir.display()
    )]
    VaultChanged { dir: PathBuf, during: &'static str },

    #[error("the operating system's random number generator failed: {0}")]
    Random(String),
}

impl Error {
    pub fn kind(&self) -> ErrorKind {
        match self {
            Error::VaultExists { .. }
            | Error::Invalid { .. }
            | Error::AlreadyExists { .. }
            | Error::NoPassphrase { .. }
            | Error::Import { .. }
            | Error::Export { .. }
            | Error::IntegrationNotFound { .. }
            | Error::IntegrationExists { .. }
            | Error::Linked { .. }
            | Error::NotLinked { .. }
            | Error::HasLocalValue { .. } => ErrorKind::Usage,
            Error::InvalidKey { .. } | Error::WrongKey { .. } | Error::WrongPassphrase { .. } => {
                ErrorKind::Locked
            }
            Error::NotFound { .. } => ErrorKind::Unresolved,
            Error::NoVault { .. }
            | Error::NotAVault { .. }
            | Error::Tampered { .. }
            | Error::Corrupt { .. }
            | Error::FormatTooNew { .. }
            | Error::Io { .. }
            | Error::Database { .. }
            | Error::VaultChanged { .. }
            | Error::Random(_) => ErrorKind::Failed,
        }
    }

    pub(crate) fn invalid(
        what: &'static str,
        value: impl Into<String>,
        rule: impl Into<String>,
    ) -> Self {
        Error::Invalid {
            what,
            value: value.into(),
            rule: rule.into(),
        }
    }

    pub(crate) fn io(
        action: &'static str,
        path: impl Into<PathBuf>,
    ) -> impl FnOnce(std::io::Error) -> Self {
        let path = path.into();
        move |source| Error::Io {
            action,
            path,
            source,
        }
    }
}

/// Fill `buf` from the OS random number generator.
pub(crate) fn random_fill(buf: &mut [u8]) -> Result<()> {
    getrandom::fill(buf).map_err(|e| Error::Random(e.to_string()))
}
