//! `azure` as a kind: tenant, client id and authority from flags or the `AZURE_*` variables
//! the Azure SDKs read; the sign-in chosen with `--sign-in` (or inferred from the credentials
//! given): a service principal's secret (stdin or `AZURE_CLIENT_SECRET`) or certificate, a
//! person through the device code or the browser, or the Azure CLI.
//!
//! Interactive sign-in shows the device-code message or the authorize URL (neither is a
//! secret) and waits; `--no-browser` only shows the URL, so scripts and tests can follow it
//! themselves.

use std::path::PathBuf;
use std::time::Duration;

use secrecy::SecretString;

use super::signin::{self, BrowserOptions};
use super::{
    AZURE_CLI_CLIENT_ID, Auth, AzureConfig, AzureProvider, DEFAULT_AUTHORITY_HOST,
    DEFAULT_USER_TENANT, SecretId, VAULT_SUFFIXES, azcli, certificate,
};
use crate::ProviderError;
use crate::registry::{Declare, scheme};
use crate::setup::{Flag, Given, SetupError, SetupIo, env};

/// The `azure` kind.
pub struct Kind;

impl Declare for Kind {
    const NAME: &'static str = "azure";
    const SCHEME: &'static str = "https";
    const TITLE: &'static str = "Azure Key Vault";
    const SYNTAX: &'static str = "https://VAULT.vault.azure.net/secrets/NAME[/VERSION][#JSON-KEY]   (latest without a version)";
    const ENVIRONMENT: &'static str = "\
AZURE_TENANT_ID, AZURE_CLIENT_ID, AZURE_CLIENT_SECRET (or --client-secret-stdin),
AZURE_CLIENT_CERTIFICATE_PATH, AZURE_AUTHORITY_HOST; --sign-in device-code|browser signs a
person in (the code or URL is shown on stderr), azure-cli uses `az login`'s token.";
    // One flag a line: a table reads better than rustfmt's wrapping of long help texts.
    #[rustfmt::skip]
    const FLAGS: &'static [Flag] = &[
        Flag::value("tenant", "TENANT", "Directory (tenant) id or domain (else AZURE_TENANT_ID; people: default organizations)"),
        Flag::value("client-id", "ID", "Application (client) id (else AZURE_CLIENT_ID; people: default the Azure CLI's app)"),
        Flag::value("authority-host", "URL", "Entra ID host for sovereign clouds (else AZURE_AUTHORITY_HOST)"),
        Flag { choices: &[
            ("secret", "Service principal with a client secret (AZURE_CLIENT_SECRET or --client-secret-stdin)"),
            ("certificate", "Service principal with a certificate (--certificate or AZURE_CLIENT_CERTIFICATE_PATH)"),
            ("device-code", "A person, with a code entered on another device (shown on stderr)"),
            ("browser", "A person, in the browser (authorization code + PKCE on a loopback redirect)"),
            ("azure-cli", "The Azure CLI's sign-in (`az login`), asked at each use"),
        ], ..Flag::value("sign-in", "METHOD", "How to sign in [default: secret when one is given, certificate when one is given, else device-code]") },
        Flag::value("vault-url", "URL", "Send Key Vault requests to this URL instead of the identifier's host (private endpoints under another name, proxies, local fakes)"),
        Flag { reauth: true, ..Flag::switch("client-secret-stdin", "Read the service principal's client secret from stdin (else AZURE_CLIENT_SECRET)") },
        Flag { reauth: true, ..Flag::value("certificate", "FILE", "PEM file with the service principal's certificate and private key (else AZURE_CLIENT_CERTIFICATE_PATH); its contents are stored sealed") },
        Flag { reauth: true, ..Flag::switch("no-browser", "Browser sign-in prints the URL to open instead of opening a browser") },
    ];
    type Config = AzureConfig;
    type Provider = AzureProvider;

    fn claims(reference: &str) -> bool {
        // An https URL, on one of Key Vault's hosts.
        let Some(("https", rest)) = scheme(reference).as_ref().map(|(s, r)| (s.as_str(), *r))
        else {
            return false;
        };
        let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
        let host = authority
            .split(':')
            .next()
            .unwrap_or("")
            .to_ascii_lowercase();
        VAULT_SUFFIXES
            .iter()
            .any(|(suffix, _)| host.ends_with(suffix))
    }

    fn check(reference: &str) -> Result<(), ProviderError> {
        SecretId::parse(reference).map(drop)
    }

    fn open(config: AzureConfig) -> Result<AzureProvider, ProviderError> {
        AzureProvider::new(config)
    }

    fn describe(c: &AzureConfig) -> String {
        let mut out = format!(
            "tenant {}, {}, app {}",
            c.tenant_id,
            c.auth.method(),
            c.client_id
        );
        if let Auth::User {
            account: Some(account),
            ..
        } = &c.auth
        {
            out.push_str(&format!(", as {account}"));
        }
        if c.authority_host.trim_end_matches('/') != DEFAULT_AUTHORITY_HOST {
            out.push_str(&format!(", authority {}", c.authority_host));
        }
        if let Some(url) = &c.vault_url {
            out.push_str(&format!(", vault URL {url}"));
        }
        if c.ca_cert_pem.is_some() {
            out.push_str(", custom CA");
        }
        out
    }

    fn configure(given: &Given, io: &mut dyn SetupIo) -> Result<AzureConfig, SetupError> {
        let method = match given.text("sign-in") {
            Some(method) => method,
            None if given.on("client-secret-stdin") || env("AZURE_CLIENT_SECRET").is_some() => {
                "secret".into()
            }
            None if given.on("certificate") || env("AZURE_CLIENT_CERTIFICATE_PATH").is_some() => {
                "certificate".into()
            }
            None => "device-code".into(),
        };
        let person = matches!(method.as_str(), "device-code" | "browser" | "azure-cli");
        let tenant = given
            .text("tenant")
            .or_else(|| env("AZURE_TENANT_ID"))
            .or_else(|| person.then(|| DEFAULT_USER_TENANT.to_string()))
            .ok_or_else(|| {
                SetupError::Usage(
                    "a service principal needs its tenant: pass --tenant or set AZURE_TENANT_ID"
                        .into(),
                )
            })?;
        let client_id = given
            .text("client-id")
            .or_else(|| env("AZURE_CLIENT_ID"))
            .or_else(|| person.then(|| AZURE_CLI_CLIENT_ID.to_string()))
            .ok_or_else(|| {
                SetupError::Usage(
                    "a service principal needs its application (client) id: pass --client-id \
                     or set AZURE_CLIENT_ID"
                        .into(),
                )
            })?;
        let mut base = AzureConfig::new(tenant, client_id, Auth::AzureCli);
        base.authority_host = given
            .text("authority-host")
            .or_else(|| env("AZURE_AUTHORITY_HOST"))
            .unwrap_or_else(|| DEFAULT_AUTHORITY_HOST.to_string())
            .trim_end_matches('/')
            .to_string();
        base.vault_url = given.text("vault-url");
        base.ca_cert_pem = crate::tls::ca_from_flag_or_env(given.ca_cert.as_deref())?;
        if let Some(secs) = given.timeout {
            base.timeout_ms = secs.saturating_mul(1000);
        }
        base.validate()?;
        sign_in(base, &method, given, io)
    }

    /// The same sign-in as the stored one, run again.
    fn reauth(
        stored: AzureConfig,
        given: &Given,
        io: &mut dyn SetupIo,
    ) -> Result<AzureConfig, SetupError> {
        let method = match &stored.auth {
            Auth::ClientSecret { .. } => "secret",
            Auth::ClientCertificate { .. } => "certificate",
            Auth::User { flow, .. } if flow == "browser" => "browser",
            Auth::User { .. } => "device-code",
            Auth::AzureCli => "azure-cli",
        };
        sign_in(stored, method, given, io)
    }
}

/// `base` signed in with `method`: credentials read, or a person signed in.
fn sign_in(
    base: AzureConfig,
    method: &str,
    given: &Given,
    io: &mut dyn SetupIo,
) -> Result<AzureConfig, SetupError> {
    let mut config = base;
    config.token = None;
    if matches!(method, "device-code" | "browser") && !io.waits_for_a_person() {
        return Err(SetupError::Usage(format!(
            "the {method} sign-in waits while you finish signing in elsewhere, which only a \
             terminal can show: run `locket integration add azure NAME --sign-in {method}` (or \
             `locket integration reauth NAME`) in a terminal, or choose another sign-in method"
        )));
    }
    match method {
        "secret" => {
            let secret = if given.on("client-secret-stdin") {
                io.secret("the client secret")?
            } else {
                env("AZURE_CLIENT_SECRET")
                    .map(SecretString::from)
                    .ok_or_else(|| {
                        SetupError::Usage(
                            "no client secret: pass --client-secret-stdin or set \
                             AZURE_CLIENT_SECRET"
                                .into(),
                        )
                    })?
            };
            config.auth = Auth::ClientSecret { secret };
        }
        "certificate" => {
            let path = given
                .path("certificate")
                .or_else(|| env("AZURE_CLIENT_CERTIFICATE_PATH").map(PathBuf::from))
                .ok_or_else(|| {
                    SetupError::Usage(
                        "no certificate: pass --certificate FILE or set \
                         AZURE_CLIENT_CERTIFICATE_PATH"
                            .into(),
                    )
                })?;
            let pem = std::fs::read_to_string(&path).map_err(|e| {
                SetupError::Usage(format!(
                    "cannot read the certificate {}: {e}",
                    path.display()
                ))
            })?;
            let pem = SecretString::from(pem);
            let thumbprint = certificate::check(&pem)?;
            io.show(&format!(
                "Using certificate {thumbprint} from {}",
                path.display()
            ));
            config.auth = Auth::ClientCertificate { pem };
        }
        "device-code" => {
            config = signin::device_code(&config, &mut |prompt| io.show(&prompt.message))
                .map_err(SetupError::SignIn)?;
        }
        "browser" => {
            let options = BrowserOptions {
                wait: Duration::from_secs(
                    env("LOCKET_SIGN_IN_WAIT_SECS")
                        .and_then(|s| s.parse().ok())
                        .unwrap_or(300),
                ),
            };
            let no_browser = given.on("no-browser");
            config = signin::browser(&config, &options, &mut |url| {
                io.show(&format!("To sign in, open this page in a browser:\n{url}"));
                io.show("Waiting for the sign-in to finish...");
                if !no_browser {
                    io.open_browser(url);
                }
            })
            .map_err(SetupError::SignIn)?;
        }
        _ => {
            if !azcli::installed() {
                return Err(SetupError::Usage(
                    "--sign-in azure-cli needs the Azure CLI (`az`) on PATH: install it and run \
                     `az login`, or choose another --sign-in"
                        .into(),
                ));
            }
            config.auth = Auth::AzureCli;
        }
    }
    Ok(config)
}
