//! AWS SDK errors as [`ProviderError`]s a person understands: what failed, for which secret,
//! and what to do. Messages carry AWS's own error code and message (which name principals and
//! ARNs, never values) and never a secret value, a secret key, a session token or a signature.

use std::error::Error;
use std::fmt::Write as _;
use std::time::Duration;

use aws_credential_types::provider::error::CredentialsError;
use aws_sdk_secretsmanager::error::{ProvideErrorMetadata, SdkError};
use aws_sdk_sts::operation::assume_role::AssumeRoleError;

type AssumeRoleSdkError = SdkError<AssumeRoleError>;

use super::reference::SecretRef;
use crate::ProviderError;

/// What was being attempted, for the messages.
pub(crate) struct Call<'a> {
    /// "AWS Secrets Manager" or "AWS STS".
    pub service: &'static str,
    /// The IAM action, `secretsmanager:GetSecretValue`.
    pub action: &'static str,
    /// The secret read, if the call reads one.
    pub secret: Option<&'a SecretRef>,
    pub region: &'a str,
    /// Where requests go (for connection errors).
    pub endpoint: &'a str,
    pub timeout: Duration,
    /// The profile in use, for the hints.
    pub profile: Option<&'a str>,
    /// The masked access key id, when the integration has static keys.
    pub key_hint: Option<&'a str>,
    /// The role the integration assumes, if any.
    pub role: Option<&'a str>,
}

impl Call<'_> {
    fn doing(&self) -> String {
        match self.secret {
            Some(r) => format!("reading secret `{}` ({r})", r.secret_id),
            None => format!("calling {}", self.action),
        }
    }

    fn auth_hint(&self) -> String {
        let profile = self
            .profile
            .map(|p| format!(" --profile {p}"))
            .unwrap_or_default();
        format!(
            "Refresh the credentials: `aws sso login{profile}` for an SSO profile, check the \
             profile and keys in ~/.aws/config and ~/.aws/credentials (or the AWS_* variables), \
             or give the integration new keys with `locket integration reauth`."
        )
    }

    fn key(&self) -> String {
        self.key_hint.map(|k| format!(" {k}")).unwrap_or_default()
    }
}

/// Maps a failed SDK call.
pub(crate) fn from_sdk<E>(err: &SdkError<E>, call: &Call<'_>) -> ProviderError
where
    E: ProvideErrorMetadata + Error + Send + Sync + 'static,
{
    if let Some(creds) = find::<CredentialsError>(err) {
        return from_credentials(creds, call);
    }
    let doing = call.doing();
    let service = call.service;
    let secs = call.timeout.as_secs();
    match err {
        SdkError::TimeoutError(_) => ProviderError::Unavailable(format!(
            "{service} at {} did not answer within {secs} s while {doing}. Check the network \
             and the region ({}), then try again.",
            call.endpoint, call.region
        )),
        SdkError::DispatchFailure(failure) => {
            let detail = chain(err);
            if failure.is_timeout() {
                ProviderError::Unavailable(format!(
                    "{service} at {} did not answer in time while {doing} ({detail}). Check the \
                     network and the region ({}), then try again.",
                    call.endpoint, call.region
                ))
            } else if failure.is_user() {
                ProviderError::Other(format!(
                    "could not send the request to {service} while {doing}: {detail}"
                ))
            } else {
                ProviderError::Unavailable(format!(
                    "could not reach {service} at {} while {doing}: {detail}. Check the network, \
                     the region ({}) and the endpoint URL, then try again.",
                    call.endpoint, call.region
                ))
            }
        }
        SdkError::ResponseError(response) => ProviderError::Unavailable(format!(
            "{service} at {} sent an answer locket cannot read (HTTP {}) while {doing}: is the \
             endpoint URL right, or is a proxy in the way?",
            call.endpoint,
            response.raw().status().as_u16()
        )),
        SdkError::ServiceError(service_err) => {
            let status = service_err.raw().status().as_u16();
            match service_err.err().code() {
                Some(code) => from_service(Some(code), service_err.err().message(), status, call),
                None => {
                    // Not AWS's JSON error shape: an XML (query-protocol) error, as some
                    // emulators and gateways answer, still names the code.
                    let body = service_err.raw().body().bytes().unwrap_or_default();
                    let body = String::from_utf8_lossy(body);
                    let code = xml_text(&body, "Code");
                    let message = xml_text(&body, "Message");
                    from_service(code.as_deref(), message.as_deref(), status, call)
                }
            }
        }
        _ => ProviderError::Other(format!(
            "could not build the request to {service} while {doing}: {}",
            chain(err)
        )),
    }
}

/// Maps an error code (and message, and HTTP status) that AWS answered with.
pub(crate) fn from_service(
    code: Option<&str>,
    message: Option<&str>,
    status: u16,
    call: &Call<'_>,
) -> ProviderError {
    let doing = call.doing();
    let service = call.service;
    let said = message
        .map(|m| format!(" AWS said: {}", crate::scrub::one_line(m, &[])))
        .unwrap_or_default();
    let id = call.secret.map(|r| r.secret_id.as_str()).unwrap_or("");
    let region = call.region;
    let code_or_status = code.map_or_else(|| format!("HTTP {status}"), str::to_owned);
    match code.unwrap_or("") {
        "ResourceNotFoundException" => match call.secret.and_then(|r| r.version.as_ref()) {
            // AWS names the missing label or version id, or just says "the specified secret".
            Some(version) => ProviderError::NotFound(format!(
                "secret `{id}` in AWS Secrets Manager (region {region}) has no version with \
                 {version}, or there is no such secret. List its versions with `aws \
                 secretsmanager list-secret-version-ids --secret-id {id} --region {region}`.\
                 {said}"
            )),
            None => ProviderError::NotFound(format!(
                "AWS Secrets Manager has no secret `{id}` in region {region}. Check the name (or \
                 use the ARN) and the region: `aws secretsmanager list-secrets --region \
                 {region}`.{said}"
            )),
        },
        "AccessDeniedException"
        | "AccessDenied"
        | "UnauthorizedOperation"
        | "NotAuthorized"
        | "UnauthorizedException" => {
            let resource = match (call.secret, call.role) {
                (Some(r), _) if r.is_arn() => format!(" on {}", r.secret_id),
                (Some(r), _) => format!(
                    " on arn:aws:secretsmanager:{region}:ACCOUNT:secret:{}-??????",
                    r.secret_id
                ),
                (None, Some(role)) if call.action == "sts:AssumeRole" => {
                    format!(" on {role}, and the role's trust policy must allow this identity")
                }
                (None, _) => String::new(),
            };
            let kms = if call.secret.is_some() {
                " (and `kms:Decrypt` on the secret's KMS key if it is a customer-managed key)"
            } else {
                ""
            };
            ProviderError::PermissionDenied(format!(
                "not allowed: {doing} needs `{}`{resource}{kms}; grant it to the identity \
                 locket uses (see `locket integration test`).{said}",
                call.action
            ))
        }
        "DecryptionFailure" => ProviderError::PermissionDenied(format!(
            "AWS Secrets Manager could not decrypt secret `{id}` with its KMS key: the identity \
             locket uses needs `kms:Decrypt` on that key, and the key must be enabled.{said}"
        )),
        "InvalidRequestException" => {
            let deleted = message.is_some_and(|m| m.contains("deleted") || m.contains("deletion"));
            if deleted {
                ProviderError::NotFound(format!(
                    "secret `{id}` in AWS Secrets Manager (region {region}) is scheduled for \
                     deletion and cannot be read. Restore it with `aws secretsmanager \
                     restore-secret --secret-id {id} --region {region}`, or link another \
                     secret.{said}"
                ))
            } else {
                ProviderError::Other(format!(
                    "AWS Secrets Manager refused {doing} in its current state \
                     (InvalidRequestException).{said}"
                ))
            }
        }
        "InvalidParameterException" | "ValidationException" | "InvalidParameterValue" => {
            ProviderError::InvalidReference(format!(
                "AWS Secrets Manager rejected the request while {doing} ({code_or_status}): check \
                 the secret name or ARN and the version id or staging label.{said}"
            ))
        }
        "UnrecognizedClientException"
        | "InvalidClientTokenId"
        | "InvalidAccessKeyId"
        | "AuthFailure" => ProviderError::Auth(format!(
            "AWS does not recognise the access key{} ({code_or_status}) while {doing}: it was \
             deleted or deactivated, or belongs to another partition or endpoint. {}",
            call.key(),
            call.auth_hint()
        )),
        "InvalidSignatureException"
        | "SignatureDoesNotMatch"
        | "IncompleteSignature"
        | "IncompleteSignatureException" => ProviderError::Auth(format!(
            "AWS rejected the request signature ({code_or_status}) while {doing}: the secret \
             access key does not belong to access key{}, or this machine's clock is off by more \
             than 5 minutes. {}",
            call.key(),
            call.auth_hint()
        )),
        "ExpiredToken"
        | "ExpiredTokenException"
        | "RequestExpired"
        | "TokenRefreshRequired"
        | "InvalidToken" => ProviderError::Auth(format!(
            "the AWS credentials have expired ({code_or_status}) while {doing}. {}",
            call.auth_hint()
        )),
        "MissingAuthenticationToken" | "MissingAuthenticationTokenException" => {
            ProviderError::Auth(format!(
                "the request to {service} was not signed ({code_or_status}) while {doing}: no \
                 credentials were used. {}",
                call.auth_hint()
            ))
        }
        "ThrottlingException"
        | "Throttling"
        | "TooManyRequestsException"
        | "RequestLimitExceeded"
        | "LimitExceededException"
        | "SlowDown"
        | "ProvisionedThroughputExceededException" => ProviderError::Unavailable(format!(
            "{service} is throttling requests ({code_or_status}) and still was after retries, \
             while {doing}. Try again shortly, or resolve fewer secrets at once."
        )),
        "InternalServiceError" | "InternalFailure" | "InternalError" | "ServiceUnavailable" => {
            ProviderError::Unavailable(format!(
                "{service} failed ({code_or_status}) and still did after retries, while \
                 {doing}. Try again shortly.{said}"
            ))
        }
        _ if status == 401 || (status == 403 && code.is_none()) => ProviderError::Auth(format!(
            "{service} refused the credentials (HTTP {status}) while {doing}. {}",
            call.auth_hint()
        )),
        // A bare 429 (from a proxy or gateway in front of AWS), retried like throttling.
        _ if status == 429 => ProviderError::Unavailable(format!(
            "{service} at {} is throttling requests ({code_or_status}) and still was after \
             retries, while {doing}. Try again shortly, or resolve fewer secrets at once.",
            call.endpoint
        )),
        _ if status >= 500 => ProviderError::Unavailable(format!(
            "{service} failed ({code_or_status}) while {doing}. Try again shortly.{said}"
        )),
        _ => ProviderError::Other(format!(
            "{service} refused {doing} ({code_or_status}).{said}"
        )),
    }
}

/// Maps a failure to load credentials (the default chain, a profile, SSO, AssumeRole, …).
pub(crate) fn from_credentials(err: &CredentialsError, call: &Call<'_>) -> ProviderError {
    let doing = call.doing();
    // AssumeRole failed: say why in STS's terms (denied, bad keys, unreachable).
    if let (Some(role), Some(sts)) = (call.role, find::<AssumeRoleSdkError>(err)) {
        let sts_call = Call {
            service: "AWS STS",
            action: "sts:AssumeRole",
            secret: None,
            ..*call
        };
        let prefix = format!("could not assume role {role} while {doing}: ");
        return match from_sdk(sts, &sts_call) {
            ProviderError::PermissionDenied(m) => {
                ProviderError::PermissionDenied(format!("{prefix}{m}"))
            }
            ProviderError::Unavailable(m) => ProviderError::Unavailable(format!("{prefix}{m}")),
            ProviderError::Auth(m)
            | ProviderError::Other(m)
            | ProviderError::NotFound(m)
            | ProviderError::InvalidReference(m) => ProviderError::Auth(format!("{prefix}{m}")),
        };
    }
    let detail = err.source().map(chain).unwrap_or_default();
    let detail = if detail.is_empty() {
        String::new()
    } else {
        format!(" ({detail})")
    };
    let hint = call.auth_hint();
    ProviderError::Auth(match err {
        CredentialsError::CredentialsNotLoaded(_) => format!(
            "no AWS credentials found while {doing}: none in the environment (AWS_ACCESS_KEY_ID, \
             AWS_PROFILE), the shared config and credentials files, web identity, or container \
             and instance metadata. {hint}"
        ),
        CredentialsError::ProviderTimedOut(t) => format!(
            "loading AWS credentials took longer than {} s while {doing} (is the SSO portal or \
             instance metadata reachable?). {hint}",
            t.timeout_duration().as_secs()
        ),
        CredentialsError::InvalidConfiguration(_) => {
            format!("the AWS credentials configuration is not valid while {doing}{detail}. {hint}")
        }
        _ => format!("could not get AWS credentials while {doing}{detail}. {hint}"),
    })
}

/// The text of the first `<tag>…</tag>` in `xml`, if short and plain.
fn xml_text(xml: &str, tag: &str) -> Option<String> {
    let open = format!("<{tag}>");
    let start = xml.find(&open)? + open.len();
    let len = xml[start..].find(&format!("</{tag}>"))?;
    let text = &xml[start..start + len];
    (!text.is_empty() && text.len() <= 1000 && !text.contains('<')).then(|| text.to_owned())
}

/// The first error of type `T` in `err`'s source chain, `err` included.
fn find<'e, T: Error + 'static>(err: &'e (dyn Error + 'static)) -> Option<&'e T> {
    let mut next: Option<&(dyn Error + 'static)> = Some(err);
    while let Some(e) = next {
        if let Some(found) = e.downcast_ref::<T>() {
            return Some(found);
        }
        next = e.source();
    }
    None
}

/// The messages of `err`'s sources, most specific last, repeated ones once, on one line and
/// bounded in length.
fn chain(err: &(dyn Error + 'static)) -> String {
    let mut out = String::new();
    let mut next: Option<&(dyn Error + 'static)> = err.source().or(Some(err));
    let mut seen: Vec<String> = Vec::new();
    while let Some(e) = next {
        let msg = crate::scrub::one_line(&e.to_string(), &[]);
        if !msg.is_empty() && !seen.iter().any(|s| s.contains(&msg)) {
            if !out.is_empty() {
                out.push_str(": ");
            }
            let _ = write!(out, "{msg}");
            seen.push(msg);
        }
        next = e.source();
    }
    crate::scrub::one_line(&out, &[])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn call(secret: &SecretRef) -> Call<'_> {
        Call {
            service: "AWS Secrets Manager",
            action: "secretsmanager:GetSecretValue",
            secret: Some(secret),
            region: "eu-west-1",
            endpoint: "https://secretsmanager.eu-west-1.amazonaws.com",
            timeout: Duration::from_secs(10),
            profile: Some("dev"),
            key_hint: Some("AKIA…MPLE"),
            role: None,
        }
    }

    #[test]
    fn every_code_has_a_kind_and_a_hint() {
        let r = SecretRef::parse("aws-sm://prod/db?version-stage=AWSPREVIOUS").unwrap();
        let c = call(&r);
        type Case<'a> = (
            &'a str,
            Option<&'a str>,
            u16,
            fn(&ProviderError) -> bool,
            &'a str,
        );
        let cases: &[Case] = &[
            (
                "ResourceNotFoundException",
                Some(
                    "Secrets Manager can't find the specified secret value for staging label: AWSPREVIOUS",
                ),
                400,
                |e| matches!(e, ProviderError::NotFound(_)),
                "has no version with staging label `AWSPREVIOUS`",
            ),
            (
                "AccessDeniedException",
                Some(
                    "User: arn:aws:iam::1:user/ci is not authorized to perform: secretsmanager:GetSecretValue",
                ),
                400,
                |e| matches!(e, ProviderError::PermissionDenied(_)),
                "needs `secretsmanager:GetSecretValue` on arn:aws:secretsmanager:eu-west-1:ACCOUNT:secret:prod/db-??????",
            ),
            (
                "DecryptionFailure",
                None,
                400,
                |e| matches!(e, ProviderError::PermissionDenied(_)),
                "kms:Decrypt",
            ),
            (
                "InvalidRequestException",
                Some(
                    "You can't perform this operation on the secret because it was marked for deletion.",
                ),
                400,
                |e| matches!(e, ProviderError::NotFound(_)),
                "restore-secret --secret-id prod/db",
            ),
            (
                "InvalidParameterException",
                Some("Invalid version id"),
                400,
                |e| matches!(e, ProviderError::InvalidReference(_)),
                "Invalid version id",
            ),
            (
                "UnrecognizedClientException",
                None,
                400,
                |e| matches!(e, ProviderError::Auth(_)),
                "does not recognise the access key AKIA…MPLE",
            ),
            (
                "InvalidSignatureException",
                None,
                400,
                |e| matches!(e, ProviderError::Auth(_)),
                "aws sso login --profile dev",
            ),
            (
                "ExpiredTokenException",
                None,
                400,
                |e| matches!(e, ProviderError::Auth(_)),
                "have expired",
            ),
            (
                "ThrottlingException",
                None,
                400,
                |e| matches!(e, ProviderError::Unavailable(_)),
                "throttling",
            ),
            (
                "InternalServiceError",
                None,
                500,
                |e| matches!(e, ProviderError::Unavailable(_)),
                "after retries",
            ),
        ];
        for (code, message, status, kind, text) in cases {
            let err = from_service(Some(code), *message, *status, &c);
            assert!(kind(&err), "{code}: {err:?}");
            assert!(err.to_string().contains(text), "{code}: {err}");
        }
        let err = from_service(None, None, 403, &c);
        assert!(matches!(err, ProviderError::Auth(_)), "{err:?}");
        // A bare 429 from a proxy in front of AWS: throttling, not a refusal.
        let err = from_service(None, None, 429, &c);
        assert!(
            matches!(&err, ProviderError::Unavailable(m) if m.contains("throttling")),
            "{err:?}"
        );
        let err = from_service(Some("Whatever"), Some("odd\nthing"), 400, &c);
        assert!(
            matches!(&err, ProviderError::Other(m) if m.contains("odd thing")),
            "{err:?}"
        );
    }

    #[test]
    fn arn_references_name_the_arn() {
        let r = SecretRef::parse(
            "aws-sm://arn:aws:secretsmanager:eu-west-1:123456789012:secret:db-AbCdEf",
        )
        .unwrap();
        let err = from_service(Some("AccessDeniedException"), None, 400, &call(&r));
        assert!(
            err.to_string()
                .contains("on arn:aws:secretsmanager:eu-west-1:123456789012:secret:db-AbCdEf"),
            "{err}"
        );
    }

    #[test]
    fn credential_failures_are_auth_errors_with_a_hint() {
        let r = SecretRef::parse("aws-sm://prod/db").unwrap();
        let c = call(&r);
        for (err, text) in [
            (
                CredentialsError::not_loaded("nothing in the chain"),
                "no AWS credentials found",
            ),
            (
                CredentialsError::provider_timed_out(Duration::from_secs(5)),
                "took longer than 5 s",
            ),
            (
                CredentialsError::invalid_configuration("profile `dev` was not defined"),
                "profile `dev` was not defined",
            ),
            (
                CredentialsError::provider_error(
                    "The SSO session associated with this profile has expired",
                ),
                "SSO session",
            ),
        ] {
            let mapped = from_credentials(&err, &c);
            let msg = mapped.to_string();
            assert!(matches!(mapped, ProviderError::Auth(_)), "{mapped:?}");
            assert!(msg.contains(text), "{msg}");
            assert!(msg.contains("aws sso login --profile dev"), "{msg}");
            assert!(msg.contains("prod/db"), "{msg}");
        }
    }

    #[test]
    fn xml_errors_give_their_code() {
        let body = "<ErrorResponse><Errors><Error><Code>AccessDenied</Code><Message>User: \
                    arn:aws:iam::1:user/r is not authorized</Message></Error></Errors>";
        assert_eq!(xml_text(body, "Code").as_deref(), Some("AccessDenied"));
        assert_eq!(
            xml_text(body, "Message").as_deref(),
            Some("User: arn:aws:iam::1:user/r is not authorized")
        );
        assert_eq!(xml_text("<html>oops</html>", "Code"), None);
        assert_eq!(xml_text("<Code><b>x</b></Code>", "Code"), None);
    }
}
