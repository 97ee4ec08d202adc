//! Secret names: 1–128 characters of `A–Z a–z 0–9 _ - .`, compared exactly (case matters).

use crate::error::{Error, Result};

pub const MAX_LEN: usize = 128;
pub const RULE: &str = "names are 1-128 characters of A-Z a-z 0-9 _ - .";

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct SecretName(String);

impl SecretName {
    pub fn new(name: &str) -> Result<Self> {
        let valid = !name.is_empty()
            && name.len() <= MAX_LEN
            && name
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.'));
        if valid {
            Ok(SecretName(name.to_string()))
        } else {
            Err(Error::invalid("secret name", name, RULE))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for SecretName {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::str::FromStr for SecretName {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self> {
        SecretName::new(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn accepts_the_documented_alphabet() {
        for ok in ["a", "API_KEY", "stripe.live-key_2", &"x".repeat(128)] {
            assert!(SecretName::new(ok).is_ok(), "{ok}");
        }
    }

    #[test]
    fn refuses_everything_else_with_the_rule() {
        for bad in [
            "",
            " a",
            "a b",
            "ä",
            "a/b",
            "{{x}}",
            "a:b",
            &"x".repeat(129),
        ] {
            let err = SecretName::new(bad).unwrap_err().to_string();
            assert!(err.contains(RULE), "{err}");
        }
    }

    proptest! {
        #[test]
        fn valid_iff_alphabet_and_length(s in "\\PC{0,140}") {
            let expected = (1..=128).contains(&s.len())
                && s.chars().all(|c| c.is_ascii_alphanumeric() || "_-.".contains(c));
            prop_assert_eq!(SecretName::new(&s).is_ok(), expected);
        }
    }
}
