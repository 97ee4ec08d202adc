//! Postman's auth types: noauth, basic, bearer, apikey, digest, oauth2 (a given access token),
//! awsv4, oauth1 ([`oauth1`]) and hawk ([`hawk`]). Which block applies (request, else the nearest folder, else the collection) is
//! decided by the runner; this module turns one block into headers or query parameters.
//!
//! Digest answers a challenge, so it is deferred to the sender ([`digest_header`]); AWS
//! Signature V4, OAuth 1.0 and Hawk sign the final request, so they run last. Digest and AWS
//! use `digest_auth` and `aws-sigv4`; OAuth 1.0 and Hawk are Postman's own variants of their
//! schemes (quirks included), built on the `hmac`, `sha1` and `sha2` primitives.

pub mod hawk;
pub mod oauth1;

use std::time::SystemTime;

use data_encoding::BASE64;
use locket_http::header::{AUTHORIZATION, HeaderMap};
use locket_http::{Method, Url};

use crate::model::Auth;
use crate::request::{BuildError, Context, append_header};

/// Username and password for a digest challenge, and the challenge itself when the
/// collection gives one (realm and nonce in the auth block: Postman answers it at once).
pub struct DigestCredentials {
    pub username: String,
    pub password: String,
    pub preset_challenge: Option<String>,
}

/// AWS Signature V4 parameters, resolved.
pub struct AwsV4 {
    access_key: String,
    secret_key: String,
    session_token: Option<String>,
    region: String,
    service: String,
    in_query: bool,
}

/// What cannot be applied while building.
pub enum Deferred {
    None,
    Digest(DigestCredentials),
    AwsV4(AwsV4),
    OAuth1(oauth1::OAuth1),
    Hawk(hawk::Hawk),
}

/// A flag of an auth block as Postman reads it: JSON `true`, or any text but `false`.
fn truthy(value: &str) -> bool {
    !value.is_empty() && value != "false"
}

/// Applies `auth` to the request being built.
pub fn apply(
    auth: &Auth,
    ctx: &mut Context<'_>,
    headers: &mut HeaderMap,
    url: &mut Url,
) -> Result<Deferred, BuildError> {
    let mut param = |key: &str| -> Result<String, BuildError> {
        match auth.param(key) {
            Some(v) => ctx.text(v),
            None => Ok(String::new()),
        }
    };
    match auth.kind.as_str() {
        "noauth" => {}
        "basic" => {
            let pair = format!("{}:{}", param("username")?, param("password")?);
            set_authorization(
                headers,
                &format!("Basic {}", BASE64.encode(pair.as_bytes())),
            )?;
        }
        "bearer" => {
            // Postman sends no header for an empty token.
            let token = param("token")?;
            if !token.is_empty() {
                set_authorization(headers, &format!("Bearer {token}"))?;
            }
        }
        "apikey" => {
            let key = param("key")?;
            let value = param("value")?;
            if key.is_empty() {
                return Ok(Deferred::None);
            }
            if param("in")? == "query" {
                url.query_pairs_mut().append_pair(&key, &value);
            } else {
                headers.remove(key.as_str());
                append_header(headers, &key, &value)?;
            }
        }
        "oauth2" => {
            let token = param("accessToken")?;
            if token.is_empty() {
                return Ok(Deferred::None);
            }
            if param("addTokenTo")? == "queryParams" {
                url.query_pairs_mut().append_pair("access_token", &token);
            } else {
                let prefix = match auth.param("headerPrefix") {
                    Some(p) => ctx.text(p)?,
                    None => "Bearer".into(),
                };
                let value = if prefix.trim().is_empty() {
                    token
                } else {
                    format!("{} {token}", prefix.trim())
                };
                set_authorization(headers, &value)?;
            }
        }
        "digest" => {
            let (realm, nonce) = (param("realm")?, param("nonce")?);
            let preset_challenge = (!realm.is_empty() && !nonce.is_empty()).then(|| {
                let mut challenge = format!("Digest realm=\"{realm}\", nonce=\"{nonce}\"");
                for (key, quoted) in [("algorithm", false), ("qop", true), ("opaque", true)] {
                    if let Ok(v) = param(key)
                        && !v.is_empty()
                    {
                        challenge.push_str(&if quoted {
                            format!(", {key}=\"{v}\"")
                        } else {
                            format!(", {key}={v}")
                        });
                    }
                }
                challenge
            });
            return Ok(Deferred::Digest(DigestCredentials {
                username: param("username")?,
                password: param("password")?,
                preset_challenge,
            }));
        }
        "awsv4" => {
            let region = param("region")?;
            let service = param("service")?;
            let token = param("sessionToken")?;
            return Ok(Deferred::AwsV4(AwsV4 {
                access_key: param("accessKey")?,
                secret_key: param("secretKey")?,
                session_token: (!token.is_empty()).then_some(token),
                region: if region.is_empty() {
                    "us-east-1".into()
                } else {
                    region
                },
                // The aws4 library Postman uses takes the service from the host when none is
                // given (`s3.amazonaws.com` → s3).
                service: if service.is_empty() {
                    url.host_str()
                        .and_then(|h| h.split('.').next())
                        .unwrap_or_default()
                        .to_string()
                } else {
                    service
                },
                in_query: matches!(param("addAuthDataToQuery")?.as_str(), "true"),
            }));
        }
        "oauth1" => {
            return Ok(Deferred::OAuth1(oauth1::OAuth1 {
                consumer_key: param("consumerKey")?,
                consumer_secret: param("consumerSecret")?,
                token: param("token")?,
                token_secret: param("tokenSecret")?,
                signature_method: param("signatureMethod")?,
                callback: param("callback")?,
                verifier: param("verifier")?,
                timestamp: param("timestamp")?,
                nonce: param("nonce")?,
                version: param("version")?,
                realm: param("realm")?,
                include_body_hash: truthy(&param("includeBodyHash")?),
                add_params_to_header: truthy(&param("addParamsToHeader")?),
                add_empty_params_to_sign: truthy(&param("addEmptyParamsToSign")?),
                disable_header_encoding: truthy(&param("disableHeaderEncoding")?),
            }));
        }
        "hawk" => {
            return Ok(Deferred::Hawk(hawk::Hawk {
                id: param("authId")?,
                key: param("authKey")?,
                algorithm: param("algorithm")?,
                nonce: param("nonce")?,
                timestamp: param("timestamp")?,
                ext: param("extraData")?,
                app: param("app")?,
                dlg: param("delegation")?,
                include_payload_hash: truthy(&param("includePayloadHash")?),
            }));
        }
        other => {
            return Err(BuildError::Auth(format!(
                "the auth type {other:?} is not supported by locket run (supported: noauth, \
                 basic, bearer, apikey, digest, oauth2 with an access token, awsv4, oauth1, \
                 hawk); nothing was sent"
            )));
        }
    }
    Ok(Deferred::None)
}

pub(crate) fn set_authorization(headers: &mut HeaderMap, value: &str) -> Result<(), BuildError> {
    headers.remove(AUTHORIZATION);
    append_header(headers, "authorization", value)
}

/// Signs the request with AWS Signature V4 (headers, or the query with `addAuthDataToQuery`).
pub fn sign_aws_v4(
    params: &AwsV4,
    method: &Method,
    url: &mut Url,
    headers: &mut HeaderMap,
    body: Option<&[u8]>,
) -> Result<(), BuildError> {
    use aws_sigv4::http_request::{
        SignableBody, SignableRequest, SignatureLocation, SigningSettings, sign,
    };
    let fail = |e: &dyn std::fmt::Display| {
        BuildError::Auth(format!(
            "AWS Signature V4 signing failed: {e}; nothing was sent"
        ))
    };
    let identity = aws_credential_types::Credentials::new(
        params.access_key.as_str(),
        params.secret_key.as_str(),
        params.session_token.clone(),
        None,
        "locket-run",
    )
    .into();
    let mut settings = SigningSettings::default();
    if params.in_query {
        settings.signature_location = SignatureLocation::QueryParams;
    }
    // Only headers that reach the wire unchanged are signed: hop-by-hop and the ones the
    // HTTP stack may rewrite are left out, as the AWS SDKs do.
    let signed_headers: Vec<(&str, String)> = headers
        .iter()
        .filter(|(name, _)| {
            !matches!(
                name.as_str(),
                "user-agent" | "connection" | "accept-encoding" | "cache-control" | "accept"
            )
        })
        .filter_map(|(n, v)| v.to_str().ok().map(|v| (n.as_str(), v.to_string())))
        .collect();
    let signing_params = aws_sigv4::sign::v4::SigningParams::builder()
        .identity(&identity)
        .region(&params.region)
        .name(&params.service)
        .time(SystemTime::now())
        .settings(settings)
        .build()
        .map_err(|e| fail(&e))?
        .into();
    let signable = SignableRequest::new(
        method.as_str(),
        url.as_str(),
        signed_headers.iter().map(|(n, v)| (*n, v.as_str())),
        SignableBody::Bytes(body.unwrap_or_default()),
    )
    .map_err(|e| fail(&e))?;
    let (instructions, _) = sign(signable, &signing_params)
        .map_err(|e| fail(&e))?
        .into_parts();
    let (new_headers, new_params) = instructions.into_parts();
    for header in new_headers {
        headers.remove(header.name());
        append_header(headers, header.name(), header.value())?;
    }
    if !new_params.is_empty() {
        let mut pairs = url.query_pairs_mut();
        for (k, v) in &new_params {
            pairs.append_pair(k, v);
        }
    }
    Ok(())
}
