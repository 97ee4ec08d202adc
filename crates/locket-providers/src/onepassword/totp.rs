//! Time-based one-time passwords (RFC 6238, HOTP of RFC 4226 underneath) for
//! `?attribute=otp`: 1Password stores a TOTP field as an `otpauth://totp/…?secret=…` URI (or a
//! bare base32 secret); the current code is computed here, the way the `op` CLI does.

use data_encoding::BASE32_NOPAD;
use hmac::{Hmac, KeyInit, Mac};
use secrecy::zeroize::Zeroizing;

use crate::ProviderError;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Algorithm {
    Sha1,
    Sha256,
    Sha512,
}

/// A TOTP generator read from a field value. Its secret is wiped on drop and never shown.
pub struct Totp {
    secret: Zeroizing<Vec<u8>>,
    digits: u32,
    period: u64,
    algorithm: Algorithm,
}

impl std::fmt::Debug for Totp {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Totp")
            .field("digits", &self.digits)
            .field("period", &self.period)
            .finish_non_exhaustive()
    }
}

impl Totp {
    /// Reads `otpauth://totp/LABEL?secret=…[&digits=…][&period=…][&algorithm=…]` or a bare
    /// base32 secret. `what` names the field in messages (the value is never quoted).
    pub fn parse(value: &str, what: &str) -> Result<Totp, ProviderError> {
        let bad = |why: &str| {
            ProviderError::Other(format!(
                "1Password: the one-time password in {what} cannot be read ({why}); check the \
                 field in 1Password"
            ))
        };
        let mut totp = Totp {
            secret: Zeroizing::new(Vec::new()),
            digits: 6,
            period: 30,
            algorithm: Algorithm::Sha1,
        };
        let secret_text: Zeroizing<String>;
        if value
            .trim_start()
            .to_ascii_lowercase()
            .starts_with("otpauth://")
        {
            let url =
                reqwest::Url::parse(value.trim()).map_err(|_| bad("not a valid otpauth URI"))?;
            if !url
                .host_str()
                .is_some_and(|h| h.eq_ignore_ascii_case("totp"))
            {
                return Err(bad("only time-based (totp) codes are supported"));
            }
            let mut secret = None;
            for (key, v) in url.query_pairs() {
                match key.to_ascii_lowercase().as_str() {
                    "secret" => secret = Some(Zeroizing::new(v.into_owned())),
                    "digits" => {
                        totp.digits = v
                            .parse()
                            .ok()
                            .filter(|d| (6..=10).contains(d))
                            .ok_or_else(|| bad("digits must be 6 to 10"))?
                    }
                    "period" => {
                        totp.period = v
                            .parse()
                            .ok()
                            .filter(|p| *p > 0)
                            .ok_or_else(|| bad("the period must be a positive number"))?
                    }
                    "algorithm" => {
                        totp.algorithm = match v.to_ascii_uppercase().as_str() {
                            "SHA1" => Algorithm::Sha1,
                            "SHA256" => Algorithm::Sha256,
                            "SHA512" => Algorithm::Sha512,
                            _ => return Err(bad("the algorithm must be SHA1, SHA256 or SHA512")),
                        }
                    }
                    _ => {}
                }
            }
            secret_text = secret.ok_or_else(|| bad("the URI has no secret"))?;
        } else {
            secret_text = Zeroizing::new(value.to_string());
        }
        let cleaned: Zeroizing<String> = Zeroizing::new(
            secret_text
                .chars()
                .filter(|c| !c.is_whitespace() && *c != '=' && *c != '-')
                .map(|c| c.to_ascii_uppercase())
                .collect(),
        );
        totp.secret = Zeroizing::new(
            BASE32_NOPAD
                .decode(cleaned.as_bytes())
                .map_err(|_| bad("the secret is not base32"))?,
        );
        if totp.secret.is_empty() {
            return Err(bad("the secret is empty"));
        }
        Ok(totp)
    }

    /// The code at Unix time `now` and when it stops being valid (Unix seconds).
    pub fn at(&self, now: u64) -> (Zeroizing<String>, i64) {
        let counter = now / self.period;
        let mac = match self.algorithm {
            Algorithm::Sha1 => hmac_with!(sha1::Sha1, &self.secret, counter),
            Algorithm::Sha256 => hmac_with!(sha2::Sha256, &self.secret, counter),
            Algorithm::Sha512 => hmac_with!(sha2::Sha512, &self.secret, counter),
        };
        let offset = usize::from(mac[mac.len() - 1] & 0x0f);
        let binary = u32::from_be_bytes([
            mac[offset] & 0x7f,
            mac[offset + 1],
            mac[offset + 2],
            mac[offset + 3],
        ]);
        let code = u64::from(binary) % 10u64.pow(self.digits);
        let expires = ((counter + 1) * self.period) as i64;
        (
            Zeroizing::new(format!("{code:0width$}", width = self.digits as usize)),
            expires,
        )
    }
}

/// HMAC(key, counter as 8 big-endian bytes) with the named hash.
macro_rules! hmac_with {
    ($hash:ty, $key:expr, $counter:expr) => {{
        let mut mac =
            <Hmac<$hash> as KeyInit>::new_from_slice($key).expect("HMAC takes any key length");
        mac.update(&$counter.to_be_bytes());
        Zeroizing::new(mac.finalize().into_bytes().to_vec())
    }};
}
use hmac_with;

#[cfg(test)]
mod tests {
    use super::*;

    /// RFC 6238 appendix B: the seed "12345678901234567890" (and its 32- and 64-byte
    /// extensions for SHA-256 and SHA-512), 8 digits.
    #[test]
    fn rfc6238_test_vectors() {
        let seed20 = BASE32_NOPAD.encode(b"12345678901234567890");
        let seed32 = BASE32_NOPAD.encode(b"12345678901234567890123456789012");
        let seed64 = BASE32_NOPAD
            .encode(b"1234567890123456789012345678901234567890123456789012345678901234");
        let cases = [
            (59, "SHA1", &seed20, "94287082"),
            (59, "SHA256", &seed32, "46119246"),
            (59, "SHA512", &seed64, "90693936"),
            (1111111109, "SHA1", &seed20, "07081804"),
            (1234567890, "SHA256", &seed32, "91819424"),
            (20000000000, "SHA512", &seed64, "47863826"),
        ];
        for (time, algorithm, seed, code) in cases {
            let uri = format!("otpauth://totp/x?secret={seed}&digits=8&algorithm={algorithm}");
            let totp = Totp::parse(&uri, "test").unwrap();
            assert_eq!(totp.at(time).0.as_str(), code, "{algorithm} at {time}");
        }
    }

    #[test]
    fn bare_secrets_and_expiry() {
        let totp = Totp::parse("gezd gnbv gy3t qojq gezd gnbv gy3t qojq", "f").unwrap();
        let (code, expires) = totp.at(59);
        assert_eq!(code.as_str(), "287082");
        assert_eq!(expires, 60);
        assert!(Totp::parse("otpauth://hotp/x?secret=GEZD", "f").is_err());
        let e = Totp::parse("not base32 !!", "field `otp`").unwrap_err();
        assert!(!e.to_string().contains("!!"));
    }
}
