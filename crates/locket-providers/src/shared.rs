//! Small pieces every provider needs the same way: storing credentials in settings, and the
//! retry arithmetic of the providers that speak HTTP themselves.

use std::hash::{BuildHasher, RandomState};
use std::time::Duration;

/// Serde for a credential field of a provider's stored settings: written as a plain string
/// into the settings, which the vault seals whole.
pub(crate) mod secret_string {
    use secrecy::{ExposeSecret, SecretString};
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(secret: &SecretString, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(secret.expose_secret())
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<SecretString, D::Error> {
        String::deserialize(d).map(SecretString::from)
    }
}

/// [`secret_string`] for an optional credential.
#[cfg_attr(not(feature = "aws"), allow(dead_code))]
pub(crate) mod opt_secret_string {
    use secrecy::{ExposeSecret, SecretString};
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(value: &Option<SecretString>, s: S) -> Result<S::Ok, S::Error> {
        match value {
            Some(v) => s.serialize_some(v.expose_secret()),
            None => s.serialize_none(),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<SecretString>, D::Error> {
        Option::<String>::deserialize(d).map(|o| o.map(SecretString::from))
    }
}

/// 200 ms, 400 ms, 800 ms, … (capped at 5 s), each with up to 25 % random jitter so that
/// parallel fetches do not retry in step.
#[cfg_attr(
    not(any(feature = "hcv", feature = "gcp", feature = "onepassword")),
    allow(dead_code)
)]
pub(crate) fn backoff(attempt: u32) -> Duration {
    let base = Duration::from_millis(200)
        .saturating_mul(1 << attempt.saturating_sub(1).min(5))
        .min(Duration::from_secs(5));
    let jitter = RandomState::new().hash_one(attempt) % 250;
    base + base * u32::try_from(jitter).unwrap_or(0) / 1000
}

/// "once", "3 times": for "tried N times" in messages.
#[cfg_attr(
    not(any(feature = "hcv", feature = "gcp", feature = "onepassword")),
    allow(dead_code)
)]
pub(crate) fn times(n: u32) -> String {
    if n == 1 {
        "once".into()
    } else {
        format!("{n} times")
    }
}

/// The innermost cause of an error: for reqwest, the one that says what happened
/// ("Connection refused", "invalid peer certificate").
#[cfg_attr(
    not(any(feature = "hcv", feature = "gcp", feature = "onepassword")),
    allow(dead_code)
)]
pub(crate) fn root_cause(err: &(dyn std::error::Error + 'static)) -> String {
    let mut cause = err;
    while let Some(next) = cause.source() {
        cause = next;
    }
    cause.to_string()
}

/// `Retry-After` in seconds (the HTTP-date form is not what these stores send, and is ignored).
#[cfg(any(
    feature = "hcv",
    feature = "azure",
    feature = "gcp",
    feature = "onepassword"
))]
pub(crate) fn retry_after(headers: &reqwest::header::HeaderMap) -> Option<Duration> {
    let value = headers.get(reqwest::header::RETRY_AFTER)?.to_str().ok()?;
    value.trim().parse::<u64>().ok().map(Duration::from_secs)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_grows_and_is_bounded() {
        assert!(
            backoff(1) >= Duration::from_millis(200) && backoff(1) < Duration::from_millis(260)
        );
        assert!(backoff(2) >= Duration::from_millis(400));
        assert!(backoff(30) <= Duration::from_millis(6250));
        assert_eq!(times(1), "once");
        assert_eq!(times(3), "3 times");
    }
}
