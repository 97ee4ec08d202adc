//! OAuth 1.0 request signing (RFC 5849) as Postman's runtime does it: HMAC-SHA1/256/512 and
//! PLAINTEXT, the signature in the `Authorization` header, the query or an urlencoded body,
//! the optional body hash (`oauth_body_hash`), and the runtime's quirks that decide what a
//! server sees:
//!
//! - empty parameters are left out unless `addEmptyParamsToSign`;
//! - port 80 and 443 are dropped from the signed URL whatever the scheme;
//! - the query is re-encoded the RFC 3986 way (`+` becomes `%20`) unless `disableUrlEncoding`;
//! - the parameters go to the header, else (POST or PUT with an urlencoded body) the body,
//!   else the query.
//!
//! The RSA methods need a private key parser and signer; they are refused by name.

use data_encoding::BASE64;
use hmac::{Hmac, KeyInit, Mac};
use locket_http::Url;

use crate::dynamic::{Dynamic, now_millis};
use crate::request::{BuildError, encode_rfc3986 as percent_encode};

/// The `oauth1` auth block, its variables resolved.
pub struct OAuth1 {
    pub consumer_key: String,
    pub consumer_secret: String,
    pub token: String,
    pub token_secret: String,
    pub signature_method: String,
    pub callback: String,
    pub verifier: String,
    pub timestamp: String,
    pub nonce: String,
    pub version: String,
    pub realm: String,
    pub include_body_hash: bool,
    pub add_params_to_header: bool,
    pub add_empty_params_to_sign: bool,
    pub disable_header_encoding: bool,
}

/// What the request looks like where the signature lands.
pub struct Target<'a> {
    pub method: &'a str,
    pub url: &'a mut Url,
    /// The enabled pairs of an urlencoded body (decoded), when that is the body's mode.
    pub form: Option<&'a mut Vec<(String, String)>>,
    /// The body's bytes for `oauth_body_hash` (`None`: a mode Postman does not hash).
    pub hashable_body: Option<&'a [u8]>,
    pub disable_url_encoding: bool,
}

/// Where the signed parameters went.
pub enum Placement {
    /// The value of the `Authorization` header.
    Header(String),
    /// Appended to the urlencoded body (already in `Target::form`).
    Body,
    /// Appended to the URL's query (already in `Target::url`).
    Query,
}

/// Every parameter OAuth 1.0 adds: removed from the query and body before signing.
const OAUTH_PARAMS: [&str; 10] = [
    "oauth_consumer_key",
    "oauth_token",
    "oauth_signature_method",
    "oauth_timestamp",
    "oauth_nonce",
    "oauth_version",
    "oauth_signature",
    "oauth_callback",
    "oauth_verifier",
    "oauth_body_hash",
];

/// The characters of Postman's generated nonces (its library's alphabet, typo included).
const NONCE_CHARS: &[u8] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXTZabcdefghiklmnopqrstuvwxyz";

impl OAuth1 {
    /// Signs the request. `None`: Postman sends it unsigned (no consumer key or secret).
    /// `dynamic` makes the nonce when the auth block has none.
    pub fn sign(
        mut self,
        mut target: Target<'_>,
        dynamic: &mut Dynamic,
    ) -> Result<Option<Placement>, BuildError> {
        let (algorithm, hash) = match self.signature_method.split_once('-') {
            Some((a, h)) => (a.to_ascii_uppercase(), Some(h.to_string())),
            None => (self.signature_method.to_ascii_uppercase(), None),
        };
        if algorithm == "RSA" {
            return Err(BuildError::Auth(format!(
                "the OAuth 1.0 signature method {:?} is not supported by locket run \
                 (supported: HMAC-SHA1, HMAC-SHA256, HMAC-SHA512, PLAINTEXT); nothing was sent",
                self.signature_method
            )));
        }
        if self.consumer_key.is_empty() || self.consumer_secret.is_empty() {
            return Ok(None);
        }
        if self.nonce.is_empty() {
            self.nonce = dynamic.from_alphabet(NONCE_CHARS, 11);
        }
        if self.timestamp.is_empty() {
            self.timestamp = (now_millis() / 1000).to_string();
        }
        if !self.add_empty_params_to_sign {
            for field in [
                &mut self.token,
                &mut self.callback,
                &mut self.verifier,
                &mut self.version,
                &mut self.realm,
                &mut self.signature_method,
            ] {
                if field.trim().is_empty() {
                    field.clear();
                }
            }
        }
        let body_hash = match (&target.form, &hash, self.include_body_hash) {
            (None, Some(hash), true) => target
                .hashable_body
                .map(|body| digest_base64(hash, body))
                .transpose()?,
            _ => None,
        };

        let mut params: Vec<(&str, String)> = vec![
            ("oauth_consumer_key", self.consumer_key.clone()),
            ("oauth_token", self.token.clone()),
            ("oauth_signature_method", self.signature_method.clone()),
            ("oauth_timestamp", self.timestamp.clone()),
            ("oauth_nonce", self.nonce.clone()),
            ("oauth_version", self.version.clone()),
        ];
        // Extensions of the spec: only when they have a value, whatever addEmptyParamsToSign.
        for (key, value) in [
            ("oauth_body_hash", body_hash.unwrap_or_default()),
            ("oauth_callback", self.callback.clone()),
            ("oauth_verifier", self.verifier.clone()),
        ] {
            if !value.is_empty() {
                params.push((key, value));
            }
        }
        params.retain(|(_, v)| self.add_empty_params_to_sign || !v.is_empty());
        // The library signs with HMAC-SHA1 when no method is given.
        let method_name = if self.signature_method.is_empty() {
            "HMAC-SHA1".to_string()
        } else {
            self.signature_method.clone()
        };

        // Parameters of an earlier signature are replaced, never signed.
        remove_oauth_params(target.url);
        if let Some(form) = target.form.as_deref_mut() {
            form.retain(|(k, _)| !OAUTH_PARAMS.contains(&k.as_str()));
        }
        let mut signed: Vec<(String, Option<String>)> =
            query_pairs(target.url.query().unwrap_or_default());
        signed.extend(params.iter().map(|(k, v)| (k.to_string(), Some(v.clone()))));
        if let Some(form) = &target.form {
            signed.extend(form.iter().map(|(k, v)| (k.clone(), Some(v.clone()))));
        }
        if self.signature_method.is_empty() {
            // The library signs as HMAC-SHA1 and says so in what it signs (not in the header).
            signed.retain(|(k, _)| k != "oauth_signature_method");
            signed.push(("oauth_signature_method".into(), Some(method_name.clone())));
        }
        let base = base_string(target.method, target.url, &signed);
        let key = format!(
            "{}&{}",
            percent_encode(&self.consumer_secret),
            percent_encode(&self.token_secret)
        );
        let signature = match method_name.as_str() {
            "PLAINTEXT" | "PLAINTEXT-Accessor" => key,
            "HMAC-SHA1" | "HMAC-SHA1-Accessor" => hmac_base64::<Hmac<sha1::Sha1>>(&key, &base),
            "HMAC-SHA256" | "HMAC-SHA256-Accessor" => {
                hmac_base64::<Hmac<sha2::Sha256>>(&key, &base)
            }
            "HMAC-SHA512" | "HMAC-SHA512-Accessor" => {
                hmac_base64::<Hmac<sha2::Sha512>>(&key, &base)
            }
            other => {
                return Err(BuildError::Auth(format!(
                    "the OAuth 1.0 signature method {other:?} is unknown (supported: \
                     HMAC-SHA1, HMAC-SHA256, HMAC-SHA512, PLAINTEXT); nothing was sent"
                )));
            }
        };

        if !target.disable_url_encoding {
            reencode_query(target.url);
        }
        params.push(("oauth_signature", signature));

        if self.add_params_to_header {
            return Ok(Some(Placement::Header(self.header(&params))));
        }
        if let Some(form) = target.form
            && (target.method.contains("PUT") || target.method.contains("POST"))
        {
            form.extend(params.into_iter().map(|(k, v)| (k.to_string(), v)));
            return Ok(Some(Placement::Body));
        }
        let mut query = target.url.query().unwrap_or_default().to_string();
        for (key, value) in &params {
            if !query.is_empty() {
                query.push('&');
            }
            if target.disable_url_encoding {
                query.push_str(&format!("{key}={value}"));
            } else {
                query.push_str(&format!(
                    "{}={}",
                    percent_encode(key),
                    percent_encode(value)
                ));
            }
        }
        target.url.set_query(Some(&query));
        Ok(Some(Placement::Query))
    }

    /// `OAuth realm="…",oauth_consumer_key="…",…`: parameters with a value, in signing order.
    fn header(&self, params: &[(&str, String)]) -> String {
        let encode = |s: &str| {
            if self.disable_header_encoding {
                s.to_string()
            } else {
                percent_encode(s)
            }
        };
        let mut parts = Vec::new();
        if !self.realm.trim().is_empty() {
            parts.push(format!("realm=\"{}\"", encode(&self.realm)));
        }
        for (key, value) in params.iter().filter(|(_, v)| !v.is_empty()) {
            parts.push(format!("{}=\"{}\"", encode(key), encode(value.trim())));
        }
        format!("OAuth {}", parts.join(","))
    }
}

/// `METHOD&url&params`, each part percent-encoded; parameters sorted by their encoded form.
fn base_string(method: &str, url: &Url, params: &[(String, Option<String>)]) -> String {
    let mut encoded: Vec<(String, String)> = params
        .iter()
        .filter(|(k, _)| k != "oauth_signature")
        .map(|(k, v)| {
            (
                percent_encode(k),
                percent_encode(v.as_deref().unwrap_or("")),
            )
        })
        .collect();
    // The library sorts on "name value": the space sorts before any encoded character.
    encoded.sort_by(|a, b| format!("{} {}", a.0, a.1).cmp(&format!("{} {}", b.0, b.1)));
    let normalized = encoded
        .iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join("&");
    format!(
        "{}&{}&{}",
        percent_encode(&method.to_ascii_uppercase()),
        percent_encode(&base_url(url)),
        percent_encode(&normalized)
    )
}

/// Scheme, host and path, lower case where it may be; Postman drops port 80 and 443 whatever
/// the scheme.
fn base_url(url: &Url) -> String {
    let host = url.host_str().unwrap_or_default().to_ascii_lowercase();
    let authority = match url.port() {
        Some(port) if port != 80 && port != 443 => format!("{host}:{port}"),
        _ => host,
    };
    let path = if url.path().is_empty() {
        "/"
    } else {
        url.path()
    };
    format!("{}://{authority}{path}", url.scheme().to_ascii_lowercase())
}

/// The query's pairs, decoded as a form (`+` is a space); a name without `=` has no value.
fn query_pairs(query: &str) -> Vec<(String, Option<String>)> {
    query
        .split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| match pair.split_once('=') {
            Some((k, v)) => (form_decode(k), Some(form_decode(v))),
            None => (form_decode(pair), None),
        })
        .collect()
}

fn form_decode(text: &str) -> String {
    String::from_utf8_lossy(&locket_http::percent_decode(&text.replace('+', " "))).into_owned()
}

/// Drops the query's `oauth_*` pairs, leaving the rest as written.
fn remove_oauth_params(url: &mut Url) {
    let Some(query) = url.query() else { return };
    let kept: Vec<&str> = query
        .split('&')
        .filter(|pair| {
            let key = pair.split_once('=').map_or(*pair, |(k, _)| k);
            !OAUTH_PARAMS.contains(&form_decode(key).as_str())
        })
        .collect();
    if kept.len() != query.split('&').count() {
        let kept = kept.join("&");
        url.set_query((!kept.is_empty()).then_some(kept.as_str()));
    }
}

/// The query as the runtime leaves it after signing: each pair decoded, then encoded the RFC
/// 3986 way.
fn reencode_query(url: &mut Url) {
    let Some(query) = url.query().filter(|q| !q.is_empty()) else {
        return;
    };
    let reencoded = query_pairs(query)
        .into_iter()
        .map(|(k, v)| match v {
            Some(v) => format!("{}={}", percent_encode(&k), percent_encode(&v)),
            None => percent_encode(&k),
        })
        .collect::<Vec<_>>()
        .join("&");
    url.set_query(Some(&reencoded));
}

fn hmac_base64<M: Mac + KeyInit>(key: &str, message: &str) -> String {
    let mut mac = <M as KeyInit>::new_from_slice(key.as_bytes()).expect("HMAC takes any key");
    mac.update(message.as_bytes());
    BASE64.encode(&mac.finalize().into_bytes())
}

/// The body hash in base64 with the signature method's hash (`HMAC-SHA256` → SHA-256).
fn digest_base64(hash: &str, body: &[u8]) -> Result<String, BuildError> {
    use sha2::Digest;
    Ok(match hash.to_ascii_uppercase().as_str() {
        "SHA1" => BASE64.encode(&sha1::Sha1::digest(body)),
        "SHA256" => BASE64.encode(&sha2::Sha256::digest(body)),
        "SHA512" => BASE64.encode(&sha2::Sha512::digest(body)),
        other => {
            return Err(BuildError::Auth(format!(
                "the OAuth 1.0 body hash algorithm {other:?} is unknown (SHA1, SHA256 or \
                 SHA512); nothing was sent"
            )));
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A GET without a body, signed where `params` says.
    fn target(url: &mut Url) -> Target<'_> {
        Target {
            method: "GET",
            url,
            form: None,
            hashable_body: None,
            disable_url_encoding: false,
        }
    }

    fn params() -> OAuth1 {
        OAuth1 {
            consumer_key: "dpf43f3p2l4k3l03".into(),
            consumer_secret: "kd94hf93k423kf44".into(),
            token: "nnch734d00sl2jdk".into(),
            token_secret: "pfkkdhi9sl3r4s00".into(),
            signature_method: "HMAC-SHA1".into(),
            callback: String::new(),
            verifier: String::new(),
            timestamp: "1191242096".into(),
            nonce: "kllo9940pd9333jh".into(),
            version: "1.0".into(),
            realm: String::new(),
            include_body_hash: false,
            add_params_to_header: true,
            add_empty_params_to_sign: false,
            disable_header_encoding: false,
        }
    }

    /// The worked example of the OAuth Core 1.0 specification (appendix A.5).
    #[test]
    fn signs_the_specification_example() {
        let mut url =
            Url::parse("http://photos.example.net/photos?file=vacation.jpg&size=original").unwrap();
        let placed = params()
            .sign(target(&mut url), &mut Dynamic::new())
            .unwrap();
        let Some(Placement::Header(header)) = placed else {
            panic!("expected a header")
        };
        assert!(
            header.contains("oauth_signature=\"tR3%2BTy81lMeYAr%2FFid0kMTYa%2FWM%3D\""),
            "{header}"
        );
        assert!(header.starts_with("OAuth oauth_consumer_key=\"dpf43f3p2l4k3l03\",oauth_token="));
    }

    #[test]
    fn parameters_go_to_the_query_and_the_query_is_reencoded() {
        let mut url = Url::parse("http://h.test/p?a=x+y&b=%21").unwrap();
        let mut p = params();
        p.add_params_to_header = false;
        let placed = p.sign(target(&mut url), &mut Dynamic::new()).unwrap();
        assert!(matches!(placed, Some(Placement::Query)));
        let query = url.query().unwrap();
        assert!(
            query.starts_with("a=x%20y&b=%21&oauth_consumer_key="),
            "{query}"
        );
        assert!(query.contains("&oauth_signature="), "{query}");
    }

    #[test]
    fn no_consumer_key_or_secret_means_unsigned_and_rsa_is_refused() {
        let mut url = Url::parse("http://h.test/").unwrap();
        let mut p = params();
        p.consumer_secret.clear();
        assert!(
            p.sign(target(&mut url), &mut Dynamic::new())
                .unwrap()
                .is_none()
        );
        let mut p = params();
        p.signature_method = "RSA-SHA256".into();
        assert!(p.sign(target(&mut url), &mut Dynamic::new()).is_err());
    }
}
