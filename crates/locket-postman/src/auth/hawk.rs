//! Hawk request signing (the `hawk` scheme, header version 1) as Postman's runtime does it:
//! the MAC over timestamp, nonce, method, path and query, host, port, the optional payload
//! hash, `ext` and `app`/`dlg`, with HMAC-SHA256 or HMAC-SHA1. A nonce and a timestamp are
//! made when the auth block has none. Postman's quirks are kept: in the MAC only the first
//! backslash and the first line break of `ext` are escaped, and an unknown algorithm gives an
//! empty `Authorization` header.

use data_encoding::BASE64;
use hmac::{Hmac, KeyInit, Mac};
use locket_http::Url;

use crate::dynamic::{Dynamic, now_millis};

/// The `hawk` auth block, its variables resolved.
pub struct Hawk {
    pub id: String,
    pub key: String,
    pub algorithm: String,
    pub nonce: String,
    pub timestamp: String,
    pub ext: String,
    pub app: String,
    pub dlg: String,
    pub include_payload_hash: bool,
}

/// The body as the payload hash sees it.
pub struct Payload<'a> {
    /// `None`: a body Postman does not hash (form-data), or no body at all.
    pub bytes: Option<&'a [u8]>,
    pub content_type: Option<&'a str>,
}

const NONCE_CHARS: &[u8] = b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

impl Hawk {
    /// The `Authorization` header's value; `None` when Postman sends the request unsigned (no
    /// id or key).
    /// `dynamic` makes the nonce when the auth block has none.
    pub fn header(
        mut self,
        method: &str,
        url: &Url,
        payload: Payload<'_>,
        dynamic: &mut Dynamic,
    ) -> Option<String> {
        if self.id.is_empty() || self.key.is_empty() {
            return None;
        }
        if self.nonce.is_empty() {
            self.nonce = dynamic.from_alphabet(NONCE_CHARS, 6);
        }
        // Postman keeps a timestamp whose leading integer is not zero, as written.
        if leading_integer(&self.timestamp).unwrap_or(0) == 0 {
            self.timestamp = (now_millis() / 1000).to_string();
        }
        if !matches!(self.algorithm.as_str(), "sha1" | "sha256") {
            return Some(String::new());
        }
        let hash = self
            .include_payload_hash
            .then(|| payload.bytes.filter(|b| !b.is_empty()))
            .flatten()
            .map(|body| self.payload_hash(body, payload.content_type));

        let resource = match url.query() {
            Some(q) => format!("{}?{q}", url.path()),
            None => url.path().to_string(),
        };
        let port = url.port_or_known_default().unwrap_or(80);
        let mut normalized = format!(
            "hawk.1.header\n{}\n{}\n{}\n{resource}\n{}\n{port}\n{}\n",
            self.timestamp,
            self.nonce,
            method.to_ascii_uppercase(),
            url.host_str().unwrap_or_default().to_ascii_lowercase(),
            hash.as_deref().unwrap_or_default(),
        );
        if !self.ext.is_empty() {
            normalized.push_str(&self.ext.replacen('\\', "\\\\", 1).replacen('\n', "\\n", 1));
        }
        normalized.push('\n');
        if !self.app.is_empty() {
            normalized.push_str(&format!("{}\n{}\n", self.app, self.dlg));
        }
        let mac = self.mac(normalized.as_bytes());

        let mut header = format!(
            "Hawk id=\"{}\", ts=\"{}\", nonce=\"{}",
            self.id, self.timestamp, self.nonce
        );
        if let Some(hash) = &hash {
            header.push_str(&format!("\", hash=\"{hash}"));
        }
        if !self.ext.is_empty() {
            let ext = self.ext.replace('\\', "\\\\").replace('"', "\\\"");
            header.push_str(&format!("\", ext=\"{ext}"));
        }
        header.push_str(&format!("\", mac=\"{mac}\""));
        if !self.app.is_empty() {
            header.push_str(&format!(", app=\"{}", self.app));
            if !self.dlg.is_empty() {
                header.push_str(&format!("\", dlg=\"{}", self.dlg));
            }
            header.push('"');
        }
        Some(header)
    }

    fn mac(&self, message: &[u8]) -> String {
        fn sign<M: Mac + KeyInit>(key: &[u8], message: &[u8]) -> String {
            let mut mac = <M as KeyInit>::new_from_slice(key).expect("HMAC takes any key");
            mac.update(message);
            BASE64.encode(&mac.finalize().into_bytes())
        }
        match self.algorithm.as_str() {
            "sha1" => sign::<Hmac<sha1::Sha1>>(self.key.as_bytes(), message),
            _ => sign::<Hmac<sha2::Sha256>>(self.key.as_bytes(), message),
        }
    }

    fn payload_hash(&self, body: &[u8], content_type: Option<&str>) -> String {
        use sha2::Digest;
        let media_type = content_type
            .map(|ct| {
                ct.split(';')
                    .next()
                    .unwrap_or_default()
                    .trim()
                    .to_ascii_lowercase()
            })
            .unwrap_or_default();
        let mut message = format!("hawk.1.payload\n{media_type}\n").into_bytes();
        message.extend_from_slice(body);
        message.push(b'\n');
        match self.algorithm.as_str() {
            "sha1" => BASE64.encode(&sha1::Sha1::digest(&message)),
            _ => BASE64.encode(&sha2::Sha256::digest(&message)),
        }
    }
}

/// JavaScript's `parseInt`: the integer at the start of the text, after blanks.
fn leading_integer(text: &str) -> Option<i64> {
    let text = text.trim_start();
    let (sign, digits) = match text.strip_prefix('-') {
        Some(rest) => (-1, rest),
        None => (1, text.strip_prefix('+').unwrap_or(text)),
    };
    let end = digits
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(digits.len());
    digits[..end].parse::<i64>().ok().map(|n| sign * n)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hawk() -> Hawk {
        Hawk {
            id: "dh37fgj492je".into(),
            key: "werxhqb98rpaxn39848xrunpaw3489ruxnpa98w4rxn".into(),
            algorithm: "sha256".into(),
            nonce: "j4h3g2".into(),
            timestamp: "1353832234".into(),
            ext: "some-app-ext-data".into(),
            app: String::new(),
            dlg: String::new(),
            include_payload_hash: false,
        }
    }

    /// The example of Hawk's specification (its README): a GET without payload.
    #[test]
    fn signs_the_specification_example() {
        let url = Url::parse("http://example.com:8000/resource/1?b=1&a=2").unwrap();
        let header = hawk()
            .header(
                "GET",
                &url,
                Payload {
                    bytes: None,
                    content_type: None,
                },
                &mut Dynamic::new(),
            )
            .unwrap();
        assert_eq!(
            header,
            "Hawk id=\"dh37fgj492je\", ts=\"1353832234\", nonce=\"j4h3g2\", \
             ext=\"some-app-ext-data\", mac=\"6R4rV5iE+NPoym+WwjeHzjAGXUtLNIxmo1vpMofpLAE=\""
        );
    }

    /// The same example with its payload (`Thank you for flying Hawk`, text/plain).
    #[test]
    fn signs_the_specification_example_with_a_payload_hash() {
        let url = Url::parse("http://example.com:8000/resource/1?b=1&a=2").unwrap();
        let mut h = hawk();
        h.include_payload_hash = true;
        let header = h
            .header(
                "POST",
                &url,
                Payload {
                    bytes: Some(b"Thank you for flying Hawk"),
                    content_type: Some("text/plain"),
                },
                &mut Dynamic::new(),
            )
            .unwrap();
        assert!(
            header.contains("hash=\"Yi9LfIIFRtBEPt74PVmbTF/xVAwPn7ub15ePICfgnuY=\""),
            "{header}"
        );
        assert!(
            header.ends_with("mac=\"aSe1DERmZuRl3pI36/9BdZmnErTw3sNzOOAUlfeKjVw=\""),
            "{header}"
        );
    }

    #[test]
    fn unsigned_without_credentials_and_empty_for_an_unknown_algorithm() {
        let url = Url::parse("http://example.com/").unwrap();
        let none = || Payload {
            bytes: None,
            content_type: None,
        };
        let mut h = hawk();
        h.key.clear();
        assert_eq!(h.header("GET", &url, none(), &mut Dynamic::new()), None);
        let mut h = hawk();
        h.algorithm = "md5".into();
        assert_eq!(
            h.header("GET", &url, none(), &mut Dynamic::new()),
            Some(String::new())
        );
    }

    #[test]
    fn timestamps_follow_parse_int() {
        assert_eq!(leading_integer(" 42abc"), Some(42));
        assert_eq!(leading_integer("abc"), None);
        assert_eq!(leading_integer("0"), Some(0));
    }
}
