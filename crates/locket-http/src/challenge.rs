//! HTTP digest authentication (RFC 7616): the answer to a server's challenge. The hashing is
//! the `digest_auth` crate's; this module only fixes the header's field order to Postman's, so
//! a request answers byte for byte as newman's does.

use reqwest::header::HeaderValue;
use reqwest::{Method, Url};

use crate::spec::Challenge;

/// Username and password answering a `WWW-Authenticate: Digest …` challenge.
pub struct Digest {
    pub username: String,
    pub password: String,
}

impl Digest {
    /// The `Authorization` value answering `challenge` for this request.
    pub fn answer_to(
        &self,
        challenge: &str,
        method: &Method,
        url: &Url,
        body: Option<&[u8]>,
    ) -> Result<String, String> {
        let mut prompt = digest_auth::parse(challenge)
            .map_err(|e| format!("the server's digest challenge cannot be answered: {e}"))?;
        let mut uri = url.path().to_string();
        if let Some(q) = url.query() {
            uri.push('?');
            uri.push_str(q);
        }
        let context = digest_auth::AuthContext::new_with_method(
            self.username.as_str(),
            self.password.as_str(),
            uri,
            body,
            digest_auth::HttpMethod::from(method.as_str()),
        );
        let a = prompt
            .respond(&context)
            .map_err(|e| format!("the server's digest challenge cannot be answered: {e}"))?;
        let mut header = format!(
            "Digest username=\"{}\", realm=\"{}\", nonce=\"{}\", uri=\"{}\", algorithm=\"{}\"",
            a.username, a.realm, a.nonce, a.uri, a.algorithm
        );
        if let (Some(qop), Some(cnonce)) = (&a.qop, &a.cnonce) {
            header.push_str(&format!(
                ", qop={qop}, nc={:08x}, cnonce=\"{cnonce}\"",
                a.nc
            ));
        }
        header.push_str(&format!(", response=\"{}\"", a.response));
        if let Some(opaque) = a.opaque.as_deref().filter(|o| !o.is_empty()) {
            header.push_str(&format!(", opaque=\"{opaque}\""));
        }
        Ok(header)
    }
}

impl Challenge for Digest {
    fn answer(
        &mut self,
        method: &Method,
        url: &Url,
        body: Option<&[u8]>,
        www_authenticate: &[&str],
    ) -> Result<Option<HeaderValue>, String> {
        let Some(challenge) = www_authenticate
            .iter()
            .find(|v| v.trim_start().to_ascii_lowercase().starts_with("digest"))
        else {
            return Ok(None);
        };
        let text = self.answer_to(challenge, method, url, body)?;
        let mut value = HeaderValue::from_str(&text)
            .map_err(|_| "the digest answer is not a valid header value".to_string())?;
        value.set_sensitive(true);
        Ok(Some(value))
    }
}
