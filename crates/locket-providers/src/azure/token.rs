//! Tokens from Microsoft Entra ID's v2.0 token endpoint
//! (<https://learn.microsoft.com/entra/identity-platform/v2-oauth2-client-creds-grant-flow>,
//! `…/v2-oauth2-auth-code-flow#refresh-the-access-token`): the client credentials grant (a
//! service principal's secret or certificate), the refresh token grant (a person who signed
//! in), and the Azure CLI's token. Errors name the tenant and app and say what to do, never
//! the credential.

use std::time::{SystemTime, UNIX_EPOCH};

use secrecy::{ExposeSecret, SecretString};
use serde_json::Value;

use super::config::{Auth, AzureConfig, StoredToken};
use super::transport::{Call, Reply, Transport};
use crate::ProviderError;
use crate::scrub::one_line as clean;

/// A token is renewed when less than this is left of it.
pub(super) const EXPIRY_MARGIN_SECS: i64 = 300;

pub(super) fn now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}

/// What the token endpoint granted.
pub(super) struct Granted {
    pub token: StoredToken,
    /// A new refresh token (Entra ID rotates them).
    pub refresh_token: Option<SecretString>,
}

/// `{authority}/{tenant}/oauth2/v2.0/{endpoint}`.
pub(super) fn endpoint_url(config: &AzureConfig, tenant: &str, endpoint: &str) -> String {
    format!(
        "{}/{}/oauth2/v2.0/{endpoint}",
        config.authority_host.trim_end_matches('/'),
        tenant
    )
}

/// `resource/.default`, the v2.0 scope for a v1 resource.
pub(super) fn scope_of(resource: &str) -> String {
    format!("{}/.default", resource.trim_end_matches('/'))
}

/// POSTs `form` to the token endpoint; the credentials in it are never shown.
pub(super) fn post_form(
    transport: &Transport,
    config: &AzureConfig,
    url: &str,
    form: &[(&str, &str)],
    what: &str,
) -> Result<Reply, ProviderError> {
    let body = secrecy::zeroize::Zeroizing::new(
        url::form_urlencoded::Serializer::new(String::new())
            .extend_pairs(form)
            .finish(),
    );
    let shown = config.authority_host.trim_end_matches('/').to_string();
    let call = Call {
        service: "Microsoft Entra ID",
        shown: &shown,
        what,
    };
    transport.send(&call, &|http| {
        http.post(url)
            .header("content-type", "application/x-www-form-urlencoded")
            .header("accept", "application/json")
            .body(body.to_string())
    })
}

/// A token for `resource` with `auth`.
pub(super) fn acquire(
    transport: &Transport,
    config: &AzureConfig,
    auth: &Auth,
    refresh_token: Option<&SecretString>,
    resource: &str,
) -> Result<Granted, ProviderError> {
    let scope = scope_of(resource);
    let url = endpoint_url(config, &config.tenant_id, "token");
    let reply = match auth {
        Auth::ClientSecret { secret } => post_form(
            transport,
            config,
            &url,
            &[
                ("grant_type", "client_credentials"),
                ("client_id", &config.client_id),
                ("client_secret", secret.expose_secret()),
                ("scope", &scope),
            ],
            "signing in with the client secret",
        )?,
        Auth::ClientCertificate { pem } => {
            let assertion = super::certificate::assertion(pem, &config.client_id, &url)?;
            post_form(
                transport,
                config,
                &url,
                &[
                    ("grant_type", "client_credentials"),
                    ("client_id", &config.client_id),
                    (
                        "client_assertion_type",
                        "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
                    ),
                    ("client_assertion", assertion.expose_secret()),
                    ("scope", &scope),
                ],
                "signing in with the certificate",
            )?
        }
        Auth::User {
            refresh_token: stored,
            ..
        } => {
            let refresh = refresh_token.unwrap_or(stored);
            let scope = format!("{scope} offline_access");
            post_form(
                transport,
                config,
                &url,
                &[
                    ("grant_type", "refresh_token"),
                    ("client_id", &config.client_id),
                    ("refresh_token", refresh.expose_secret()),
                    ("scope", &scope),
                ],
                "renewing the sign-in",
            )?
        }
        Auth::AzureCli => return super::azcli::token(config, resource),
    };
    granted(&reply, config, auth, resource)
}

/// Reads a token endpoint answer.
pub(super) fn granted(
    reply: &Reply,
    config: &AzureConfig,
    auth: &Auth,
    resource: &str,
) -> Result<Granted, ProviderError> {
    if !reply.status.is_success() {
        return Err(refusal(reply, config, auth));
    }
    let json = reply.json().unwrap_or(Value::Null);
    let access = json
        .get("access_token")
        .and_then(Value::as_str)
        .filter(|t| !t.is_empty())
        .ok_or_else(|| {
            ProviderError::Other(format!(
                "Microsoft Entra ID at {} answered without an access token",
                config.authority_host
            ))
        })?;
    let expires_in = json
        .get("expires_in")
        .and_then(|v| v.as_i64().or_else(|| v.as_str()?.parse().ok()))
        .unwrap_or(3600);
    Ok(Granted {
        token: StoredToken {
            access_token: SecretString::from(access.to_string()),
            expires_at: now() + expires_in,
            resource: resource.to_string(),
        },
        refresh_token: json
            .get("refresh_token")
            .and_then(Value::as_str)
            .filter(|t| !t.is_empty())
            .map(|t| SecretString::from(t.to_string())),
    })
}

/// The OAuth error of a refused token request: `error`, and the AADSTS line of
/// `error_description` (without the trace and correlation ids).
pub(super) fn oauth_error(reply: &Reply) -> (String, String) {
    let json = reply.json().unwrap_or(Value::Null);
    let error = json
        .get("error")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_string();
    let description = json
        .get("error_description")
        .and_then(Value::as_str)
        .unwrap_or_default();
    let description = description
        .split("\r\n")
        .next()
        .unwrap_or_default()
        .split(" Trace ID:")
        .next()
        .unwrap_or_default();
    (error, clean(description, &[]))
}

fn refusal(reply: &Reply, config: &AzureConfig, auth: &Auth) -> ProviderError {
    let (error, description) = oauth_error(reply);
    let detail = if description.is_empty() {
        format!("{} {error}", reply.status)
    } else {
        description.clone()
    };
    let who = format!(
        "app {} in tenant {} at {}",
        config.client_id,
        config.tenant_id,
        config.authority_host.trim_end_matches('/')
    );
    let fix = match (auth, error.as_str()) {
        (Auth::User { .. }, "invalid_grant" | "interaction_required") => {
            "the sign-in has expired or was revoked (or needs consent again); sign in again: \
             run `locket integration reauth`"
        }
        (Auth::ClientSecret { .. }, "invalid_client") => {
            "the client secret is wrong or expired: create a new one (`az ad app credential \
             reset`) and run `locket integration reauth`"
        }
        (Auth::ClientCertificate { .. }, "invalid_client") => {
            "the certificate is not registered on the app or has expired: upload it \
             (`az ad app credential reset --cert`) and run `locket integration reauth`"
        }
        (_, "unauthorized_client" | "invalid_client") if description.contains("AADSTS700016") => {
            "no such application in that tenant: check AZURE_CLIENT_ID and AZURE_TENANT_ID, \
             then run `locket integration reauth`"
        }
        (_, "invalid_request") if description.contains("AADSTS90002") => {
            "no such tenant: check AZURE_TENANT_ID (or AZURE_AUTHORITY_HOST for a sovereign \
             cloud), then run `locket integration reauth`"
        }
        _ => {
            "check the tenant, the client id and the credentials, then run `locket integration \
              reauth`"
        }
    };
    let message = format!("Microsoft Entra ID refused to sign in {who} ({detail}): {fix}");
    if matches!(reply.status.as_u16(), 400 | 401 | 403) {
        ProviderError::Auth(message)
    } else {
        ProviderError::Other(message)
    }
}

/// The claims of a JWT access token, read without checking its signature: only to say who
/// signed in. `None` for an opaque token.
pub(super) fn claims(token: &SecretString) -> Option<Value> {
    let payload = token.expose_secret().split('.').nth(1)?;
    let bytes = data_encoding::BASE64URL_NOPAD
        .decode(payload.trim_end_matches('=').as_bytes())
        .ok()?;
    serde_json::from_slice(&bytes).ok()
}

/// "user alice@contoso.com", "service principal (app 1234…, object 5678…)", from the claims.
pub(super) fn identity(claims: &Value) -> Option<String> {
    let text = |k: &str| {
        claims
            .get(k)
            .and_then(Value::as_str)
            .filter(|s| !s.is_empty())
    };
    let tenant = text("tid")
        .map(|t| format!(" in tenant {t}"))
        .unwrap_or_default();
    if let Some(user) = text("upn")
        .or_else(|| text("preferred_username"))
        .or_else(|| text("unique_name"))
        .or_else(|| text("email"))
    {
        return Some(format!("user {user}{tenant}"));
    }
    let app = text("appid").or_else(|| text("azp"))?;
    let object = text("oid")
        .map(|o| format!(", object {o}"))
        .unwrap_or_default();
    Some(format!("service principal (app {app}{object}){tenant}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn identities_from_claims() {
        let user = json!({"upn": "alice@contoso.com", "tid": "t1"});
        assert_eq!(
            identity(&user).unwrap(),
            "user alice@contoso.com in tenant t1"
        );
        let app = json!({"appid": "a1", "oid": "o1", "tid": "t1"});
        assert_eq!(
            identity(&app).unwrap(),
            "service principal (app a1, object o1) in tenant t1"
        );
        assert!(identity(&json!({})).is_none());
    }

    #[test]
    fn claims_of_a_jwt() {
        let payload = data_encoding::BASE64URL_NOPAD.encode(br#"{"upn":"bob@x"}"#);
        let token = SecretString::from(format!("eyJhbGciOiJub25lIn0.{payload}.sig"));
        assert_eq!(claims(&token).unwrap()["upn"], "bob@x");
        assert!(claims(&SecretString::from("opaque")).is_none());
    }
}
