//! A 1Password service account through the `op` CLI (developer.1password.com/docs/cli,
//! `op vault list`, `op item list --vault`, `op item get --vault`, `op whoami`, each with
//! `--format json`). The token goes to `op` in its environment (`OP_SERVICE_ACCOUNT_TOKEN`),
//! never on its command line; `OP_CONNECT_*` are removed so that `op` does not go to a Connect
//! server instead. Each run has a timeout; failures that may pass (rate limits, network) are
//! retried a bounded number of times.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use secrecy::zeroize::Zeroizing;
use secrecy::{ExposeSecret, SecretString};
use serde::de::DeserializeOwned;

use super::Backend;
use super::model::{Item, ItemSummary, Vault};
use crate::ProviderError;

pub(super) struct OpCli {
    op: PathBuf,
    token: SecretString,
    timeout: Duration,
    attempts: u32,
}

/// The `op` executable: `configured`, else the first `op` on PATH.
pub(super) fn find_op(configured: Option<&Path>) -> Result<PathBuf, ProviderError> {
    if let Some(path) = configured {
        if path.is_file() {
            return Ok(path.to_path_buf());
        }
        return Err(ProviderError::Unavailable(format!(
            "the 1Password CLI configured for this integration ({}) does not exist: install \
             `op` there, or run `locket integration reauth NAME` to find it on PATH",
            path.display()
        )));
    }
    std::env::var_os("PATH")
        .iter()
        .flat_map(std::env::split_paths)
        .map(|dir| dir.join("op"))
        .find(|candidate| is_executable(candidate))
        .ok_or_else(|| {
            ProviderError::Unavailable(
                "1Password service accounts are read through the 1Password CLI, and `op` is \
                 not installed (not found on PATH): install it \
                 (https://developer.1password.com/docs/cli/get-started/), or use a Connect \
                 server instead (OP_CONNECT_HOST + OP_CONNECT_TOKEN)"
                    .into(),
            )
        })
}

fn is_executable(path: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        path.metadata()
            .is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
    }
    #[cfg(not(unix))]
    {
        path.is_file()
    }
}

impl OpCli {
    pub fn new(
        op_path: Option<&Path>,
        token: SecretString,
        timeout: Duration,
        attempts: u32,
    ) -> Result<Self, ProviderError> {
        Ok(OpCli {
            op: find_op(op_path)?,
            token,
            timeout,
            attempts: attempts.max(1),
        })
    }

    /// Runs `op ARGS --format json` and reads its JSON output; `what` names the step.
    fn run<T: DeserializeOwned>(&self, args: &[&str], what: &str) -> Result<T, ProviderError> {
        let mut attempt = 0;
        loop {
            attempt += 1;
            match self.once(args, what) {
                Ok(out) => {
                    return serde_json::from_slice(&out).map_err(|e| {
                        ProviderError::Other(format!(
                            "`op` printed JSON locket does not understand ({what}, line {} column \
                             {}): is {} the 1Password CLI, version 2 or later?",
                            e.line(),
                            e.column(),
                            self.op.display()
                        ))
                    });
                }
                Err(ProviderError::Unavailable(_)) if attempt < self.attempts => {
                    std::thread::sleep(crate::transport::backoff(attempt));
                }
                Err(e) => return Err(e),
            }
        }
    }

    fn once(&self, args: &[&str], what: &str) -> Result<Zeroizing<Vec<u8>>, ProviderError> {
        let mut command = Command::new(&self.op);
        command
            .args(args)
            .args(["--format", "json"])
            .env("OP_SERVICE_ACCOUNT_TOKEN", self.token.expose_secret())
            .env_remove("OP_CONNECT_HOST")
            .env_remove("OP_CONNECT_TOKEN");
        // `op` needs the service account token, not what unlocks locket.
        for name in locket_core::key::env::UNLOCKING {
            command.env_remove(name);
        }
        let mut child = command
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .map_err(|e| {
                ProviderError::Unavailable(format!(
                    "cannot run the 1Password CLI {} ({what}): {e}",
                    self.op.display()
                ))
            })?;
        let mut stdout = child.stdout.take().expect("piped");
        let mut stderr = child.stderr.take().expect("piped");
        let out = std::thread::spawn(move || {
            let mut buf = Zeroizing::new(Vec::new());
            let _ = stdout.read_to_end(&mut buf);
            buf
        });
        let err = std::thread::spawn(move || {
            let mut buf = Vec::new();
            let _ = stderr.read_to_end(&mut buf);
            buf
        });
        let deadline = Instant::now() + self.timeout;
        let status = loop {
            match child.try_wait() {
                Ok(Some(status)) => break status,
                Ok(None) if Instant::now() < deadline => {
                    std::thread::sleep(Duration::from_millis(5))
                }
                _ => {
                    let _ = child.kill();
                    let _ = child.wait();
                    return Err(ProviderError::Unavailable(format!(
                        "the 1Password CLI did not finish within {}s ({what}): check the \
                         network to 1Password, or raise the timeout (--timeout)",
                        self.timeout.as_secs_f32()
                    )));
                }
            }
        };
        let out = out.join().unwrap_or_default();
        let err = err.join().unwrap_or_default();
        if status.success() {
            return Ok(out);
        }
        Err(self.failure(&String::from_utf8_lossy(&err), what))
    }

    /// Maps `op`'s message (`[ERROR] 2024/01/01 12:00:00 <message>`) to an error.
    fn failure(&self, stderr: &str, what: &str) -> ProviderError {
        let line = stderr
            .lines()
            .rev()
            .find(|l| !l.trim().is_empty())
            .unwrap_or("")
            .trim();
        let line = line.strip_prefix("[ERROR]").unwrap_or(line).trim();
        // Drop the date and time op puts first.
        let parts: Vec<&str> = line.splitn(3, ' ').collect();
        let message = if parts.len() == 3 && parts[0].contains('/') && parts[1].contains(':') {
            parts[2]
        } else {
            line
        };
        let message = crate::scrub::one_line(message, &[self.token.expose_secret()]);
        let lower = message.to_ascii_lowercase();
        let said = crate::transport::detail(&message);
        if [
            "rate limit",
            "too many requests",
            "timeout",
            "timed out",
            "connection",
            "network",
            "temporar",
            "503",
            "502",
            "500 internal",
        ]
        .iter()
        .any(|s| lower.contains(s))
        {
            ProviderError::Unavailable(format!(
                "the 1Password CLI could not reach 1Password ({what}){said}; try again later"
            ))
        } else if [
            "authenticat",
            "unauthorized",
            "invalid token",
            "token is invalid",
            "signed in",
            "sign in",
            "expired",
            "revoked",
        ]
        .iter()
        .any(|s| lower.contains(s))
        {
            ProviderError::Auth(format!(
                "1Password refused the service account token ({what}){said}: check it \
                 (OP_SERVICE_ACCOUNT_TOKEN) and run `locket integration reauth NAME`"
            ))
        } else if [
            "forbidden",
            "permission",
            "not allowed",
            "access denied",
            "doesn't have access",
        ]
        .iter()
        .any(|s| lower.contains(s))
        {
            ProviderError::PermissionDenied(format!(
                "1Password does not let the service account do this ({what}){said}: grant it \
                 access to the vault"
            ))
        } else if lower.contains("isn't a") || lower.contains("not found") {
            ProviderError::NotFound(format!("1Password: not found ({what}){said}"))
        } else {
            ProviderError::Other(format!("the 1Password CLI failed ({what}){said}"))
        }
    }
}

impl Backend for OpCli {
    fn vaults(&self) -> Result<Vec<Vault>, ProviderError> {
        self.run(&["vault", "list"], "listing the vaults")
    }

    fn items(&self, vault: &Vault) -> Result<Vec<ItemSummary>, ProviderError> {
        self.run(
            &["item", "list", "--vault", &vault.id],
            &format!("listing the items of vault `{}`", vault.name),
        )
    }

    fn item(&self, vault: &Vault, item: &ItemSummary) -> Result<Item, ProviderError> {
        self.run(
            &["item", "get", &item.id, "--vault", &vault.id],
            &format!("reading item `{}` of vault `{}`", item.title, vault.name),
        )
    }

    fn whoami(&self) -> Result<String, ProviderError> {
        let me: serde_json::Value = self.run(&["whoami"], "asking who the token is")?;
        let field = |k: &str| {
            me.get(k)
                .and_then(|v| v.as_str())
                .unwrap_or("?")
                .to_string()
        };
        Ok(format!(
            "{} {} on {} (account {})",
            field("user_type").to_ascii_lowercase().replace('_', " "),
            field("user_uuid"),
            field("url"),
            field("account_uuid")
        ))
    }

    fn shown(&self) -> String {
        format!("the 1Password CLI ({})", self.op.display())
    }
}
