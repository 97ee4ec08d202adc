//! The Azure CLI's sign-in: `az account get-access-token --resource R --output json`, as the
//! Azure SDKs' `AzureCliCredential` runs it. The token is asked for at each use and never
//! stored; `az` refreshes its own.

use std::io::Read;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use secrecy::SecretString;
use serde_json::Value;

use super::config::{AzureConfig, DEFAULT_USER_TENANT, StoredToken};
use super::token::{Granted, now};
use crate::ProviderError;

/// Whether `az` is on PATH.
pub fn installed() -> bool {
    std::env::var_os("PATH").is_some_and(|paths| {
        std::env::split_paths(&paths).any(|dir| {
            let file = dir.join("az");
            file.is_file()
        })
    })
}

pub(super) fn token(config: &AzureConfig, resource: &str) -> Result<Granted, ProviderError> {
    if !installed() {
        return Err(ProviderError::Auth(
            "the Azure CLI (`az`) is not installed or not on PATH: install it and run `az \
             login`, or sign in another way (`locket integration reauth` with a client secret, \
             a certificate or the device code)"
                .into(),
        ));
    }
    let mut command = Command::new("az");
    command.args([
        "account",
        "get-access-token",
        "--output",
        "json",
        "--resource",
        resource,
    ]);
    if config.tenant_id != DEFAULT_USER_TENANT && !config.tenant_id.is_empty() {
        command.args(["--tenant", &config.tenant_id]);
    }
    let mut child = command
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| ProviderError::Auth(format!("cannot run the Azure CLI (`az`): {e}")))?;
    let mut stdout = child.stdout.take().expect("piped");
    let mut stderr = child.stderr.take().expect("piped");
    let out = std::thread::spawn(move || {
        let mut buf = secrecy::zeroize::Zeroizing::new(Vec::new());
        let _ = stdout.read_to_end(&mut buf);
        buf
    });
    let err = std::thread::spawn(move || {
        let mut buf = Vec::new();
        let _ = stderr.read_to_end(&mut buf);
        buf
    });
    // `az` is slow to start (Python): allow it more than an HTTP request.
    let deadline = Instant::now() + config.timeout().max(Duration::from_secs(30));
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) if Instant::now() < deadline => std::thread::sleep(Duration::from_millis(50)),
            _ => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(ProviderError::Unavailable(
                    "the Azure CLI (`az account get-access-token`) did not finish in time".into(),
                ));
            }
        }
    };
    let stdout = out.join().unwrap_or_default();
    let stderr = String::from_utf8_lossy(&err.join().unwrap_or_default()).into_owned();
    if !status.success() {
        let first = stderr
            .lines()
            .map(str::trim)
            .find(|l| !l.is_empty())
            .unwrap_or("no message");
        let first = crate::scrub::one_line(first, &[]);
        let hint = if stderr.contains("az login") {
            "run `az login` (then `locket integration test`)"
        } else {
            "check `az account get-access-token --resource https://vault.azure.net` yourself, \
             then run `locket integration reauth`"
        };
        return Err(ProviderError::Auth(format!(
            "the Azure CLI could not give a token ({first}): {hint}"
        )));
    }
    let json: Value = serde_json::from_slice(&stdout).map_err(|_| {
        ProviderError::Other("the Azure CLI printed something that is not its JSON token".into())
    })?;
    let access = json
        .get("accessToken")
        .and_then(Value::as_str)
        .filter(|t| !t.is_empty())
        .ok_or_else(|| ProviderError::Other("the Azure CLI's answer has no accessToken".into()))?;
    let expires_at = json
        .get("expires_on")
        .and_then(|v| v.as_i64().or_else(|| v.as_str()?.parse().ok()))
        .unwrap_or_else(|| now() + 300);
    Ok(Granted {
        token: StoredToken {
            access_token: SecretString::from(access.to_string()),
            expires_at,
            resource: resource.to_string(),
        },
        refresh_token: None,
    })
}
