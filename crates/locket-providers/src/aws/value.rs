//! From what Secrets Manager returned to the bytes the reference asks for: the whole value or
//! one JSON key, raw or as base64. Intermediate copies are zeroized on drop.

use secrecy::zeroize::Zeroizing;

use super::reference::{Encoding, SecretRef};
use crate::ProviderError;

/// A secret's stored value.
pub(crate) enum Payload {
    Text(Zeroizing<String>),
    Binary(Zeroizing<Vec<u8>>),
}

/// The value `reference` selects out of `payload`.
pub(crate) fn select(
    payload: Payload,
    reference: &SecretRef,
) -> Result<Zeroizing<Vec<u8>>, ProviderError> {
    let bytes = match &reference.key {
        Some(key) => {
            let json = match &payload {
                Payload::Text(text) => text.as_bytes(),
                Payload::Binary(bytes) => bytes,
            };
            let id = &reference.secret_id;
            crate::json_key::pick(json, key, &|| {
                format!("secret `{id}` in AWS Secrets Manager")
            })?
        }
        None => match payload {
            Payload::Text(text) => Zeroizing::new(text.as_bytes().to_vec()),
            Payload::Binary(bytes) => {
                if reference.encoding == Encoding::Raw && std::str::from_utf8(&bytes).is_err() {
                    return Err(ProviderError::Other(format!(
                        "secret `{}` in AWS Secrets Manager holds binary data that is not UTF-8 \
                         text; add `?encoding=base64` to the reference to get it as base64 \
                         ({reference}?encoding=base64)",
                        reference.secret_id
                    )));
                }
                bytes
            }
        },
    };
    Ok(match reference.encoding {
        Encoding::Raw => bytes,
        Encoding::Base64 => Zeroizing::new(data_encoding::BASE64.encode(&bytes).into_bytes()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn get(payload: Payload, reference: &str) -> Result<Vec<u8>, ProviderError> {
        select(payload, &SecretRef::parse(reference).unwrap()).map(|v| v.to_vec())
    }

    fn text(s: &str) -> Payload {
        Payload::Text(Zeroizing::new(s.to_owned()))
    }

    /// `#KEY` itself is json_key's (tested there); here: what AWS adds around it.
    #[test]
    fn whole_key_and_base64() {
        assert_eq!(get(text("s3cr3t"), "aws-sm://a").unwrap(), b"s3cr3t");
        let json = r#"{"user":"app"}"#;
        assert_eq!(get(text(json), "aws-sm://a#user").unwrap(), b"app");
        assert_eq!(
            get(text(json), "aws-sm://a?encoding=base64#user").unwrap(),
            b"YXBw"
        );
    }

    #[test]
    fn binary() {
        let bin = |b: &[u8]| Payload::Binary(Zeroizing::new(b.to_vec()));
        assert_eq!(
            get(bin("héllo".as_bytes()), "aws-sm://a").unwrap(),
            "héllo".as_bytes()
        );
        let err = get(bin(&[0xff, 0x00, 0x80]), "aws-sm://a").unwrap_err();
        assert!(err.to_string().contains("?encoding=base64"), "{err}");
        assert_eq!(
            get(bin(&[0xff, 0x00, 0x80]), "aws-sm://a?encoding=base64").unwrap(),
            b"/wCA"
        );
        assert_eq!(get(bin(br#"{"k":"v"}"#), "aws-sm://a#k").unwrap(), b"v");
    }
}
