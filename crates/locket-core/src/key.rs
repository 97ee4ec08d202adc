//! The vault key: 256 random bits, and its text form.
//!
//! Text form: `LOCKET-KEY-1-` followed by the RFC 4648 base32 of the 32 key bytes and a 4-byte
//! checksum, in dash-separated groups of five. The `1` is the format version. The checksum
//! (the first 4 bytes of SHA-256 over a domain tag and the key) lets locket tell a mistyped key
//! ("not a valid vault key") from a well-formed key that belongs to another vault.

use data_encoding::BASE32_NOPAD;
use secrecy::{ExposeSecret, SecretBox, SecretString};
use sha2::{Digest, Sha256};
use zeroize::Zeroizing;

use crate::error::{Error, Result, random_fill};

/// The environment variables that unlock a vault or an export: the one list of them. Child
/// processes (`locket exec`'s command, the 1Password `op` CLI) never inherit these unless the
/// user asks (`exec --pass-key-env`).
pub mod env {
    /// The vault key as text.
    pub const VAULT_KEY: &str = "LOCKET_VAULT_KEY";
    /// A file holding the vault key.
    pub const VAULT_KEY_FILE: &str = "LOCKET_VAULT_KEY_FILE";
    /// The vault's passphrase (init, rotate, unlock).
    pub const PASSPHRASE: &str = "LOCKET_PASSPHRASE";
    /// The passphrase of an export file (export, import).
    pub const EXPORT_PASSPHRASE: &str = "LOCKET_EXPORT_PASSPHRASE";

    /// Every variable above.
    pub const UNLOCKING: &[&str] = &[VAULT_KEY, VAULT_KEY_FILE, PASSPHRASE, EXPORT_PASSPHRASE];
}

pub const KEY_LEN: usize = 32;
const PREFIX: &str = "LOCKET-KEY-";
const VERSION: &str = "1";
const CHECKSUM_LEN: usize = 4;
const GROUP: usize = 5;

/// The key that opens a vault. Never printed by `Debug`; zeroed on drop.
pub struct VaultKey(SecretBox<[u8; KEY_LEN]>);

impl std::fmt::Debug for VaultKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("VaultKey([redacted])")
    }
}

impl VaultKey {
    /// A fresh key from the OS random number generator.
    pub fn generate() -> Result<Self> {
        let mut bytes = Box::new([0u8; KEY_LEN]);
        random_fill(bytes.as_mut())?;
        Ok(VaultKey(SecretBox::new(bytes)))
    }

    pub(crate) fn from_bytes(bytes: &[u8; KEY_LEN]) -> Self {
        VaultKey(SecretBox::new(Box::new(*bytes)))
    }

    pub(crate) fn bytes(&self) -> &[u8; KEY_LEN] {
        self.0.expose_secret()
    }

    /// The key as text, for the user to keep.
    pub fn to_key_string(&self) -> SecretString {
        let mut raw = Zeroizing::new(Vec::with_capacity(KEY_LEN + CHECKSUM_LEN));
        raw.extend_from_slice(self.bytes());
        raw.extend_from_slice(&checksum(self.bytes()));
        let body = Zeroizing::new(BASE32_NOPAD.encode(&raw));
        let mut out = String::with_capacity(PREFIX.len() + 2 + body.len() * 6 / 5);
        out.push_str(PREFIX);
        out.push_str(VERSION);
        for chunk in body.as_bytes().chunks(GROUP) {
            out.push('-');
            // base32 output is ASCII, so every chunk is valid UTF-8.
            out.push_str(std::str::from_utf8(chunk).unwrap_or_default());
        }
        SecretString::from(out)
    }

    /// Parse the text form. Case, surrounding whitespace and the dashes between groups do not
    /// matter, so a key read aloud or re-typed still parses.
    pub fn parse(text: &str) -> Result<Self> {
        let invalid = |reason: &str| Error::InvalidKey {
            reason: reason.to_string(),
        };
        let text = Zeroizing::new(text.trim().to_ascii_uppercase());
        let rest = text
            .strip_prefix(PREFIX)
            .ok_or_else(|| invalid("it does not start with LOCKET-KEY-"))?;
        let (version, body) = rest
            .split_once('-')
            .ok_or_else(|| invalid("it is too short"))?;
        if version != VERSION {
            return Err(invalid(&format!(
                "format version {version} is not known to this locket (it reads version {VERSION})"
            )));
        }
        let compact: Zeroizing<String> = Zeroizing::new(
            body.chars()
                .filter(|c| *c != '-' && !c.is_whitespace())
                .collect(),
        );
        let raw = Zeroizing::new(
            BASE32_NOPAD
                .decode(compact.as_bytes())
                .map_err(|_| invalid("it contains characters that are not base32 (A-Z, 2-7)"))?,
        );
        if raw.len() != KEY_LEN + CHECKSUM_LEN {
            return Err(invalid("it has the wrong length"));
        }
        let (key, sum) = raw.split_at(KEY_LEN);
        let key: &[u8; KEY_LEN] = key
            .try_into()
            .map_err(|_| invalid("it has the wrong length"))?;
        if checksum(key) != sum {
            return Err(invalid("its checksum does not match"));
        }
        Ok(VaultKey::from_bytes(key))
    }
}

fn checksum(key: &[u8; KEY_LEN]) -> [u8; CHECKSUM_LEN] {
    let digest = Sha256::new()
        .chain_update(b"locket vault key v1")
        .chain_update(key)
        .finalize();
    let mut out = [0u8; CHECKSUM_LEN];
    out.copy_from_slice(&digest[..CHECKSUM_LEN]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_tolerates_formatting() {
        let key = VaultKey::generate().unwrap();
        let text = key.to_key_string();
        let text = text.expose_secret();
        assert!(text.starts_with("LOCKET-KEY-1-"));
        assert_eq!(VaultKey::parse(text).unwrap().bytes(), key.bytes());
        let sloppy = format!(
            "  {}\n",
            text.to_lowercase()
                .replace('-', "")
                .replacen("locketkey1", "locket-key-1-", 1)
        );
        assert_eq!(VaultKey::parse(&sloppy).unwrap().bytes(), key.bytes());
    }

    #[test]
    fn a_typo_is_not_a_valid_key() {
        let key = VaultKey::generate().unwrap();
        let text = key.to_key_string().expose_secret().to_string();
        let last = text.len() - 3;
        let mut typo = text.clone().into_bytes();
        typo[last] = if typo[last] == b'A' { b'B' } else { b'A' };
        let err = VaultKey::parse(std::str::from_utf8(&typo).unwrap()).unwrap_err();
        assert!(matches!(err, Error::InvalidKey { .. }), "{err}");
        assert!(err.to_string().contains("checksum"));
    }

    #[test]
    fn other_versions_and_garbage_are_refused() {
        for bad in [
            "",
            "hello",
            "LOCKET-KEY-2-AAAAA",
            "LOCKET-KEY-1-!!!!!",
            "LOCKET-KEY-1-AAAAA",
        ] {
            assert!(
                matches!(VaultKey::parse(bad), Err(Error::InvalidKey { .. })),
                "{bad}"
            );
        }
    }

    #[test]
    fn debug_never_shows_the_key() {
        let key = VaultKey::generate().unwrap();
        assert_eq!(format!("{key:?}"), "VaultKey([redacted])");
    }
}
