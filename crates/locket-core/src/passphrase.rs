//! Wrapping the vault key under a passphrase, for people who would rather remember than store.
//!
//! The wrapping key is Argon2id(passphrase, salt) with parameters recorded next to the wrapped
//! key, so they can be raised later without breaking old vaults. [`Argon2Params::calibrate`]
//! picks a time cost that takes about half a second on the machine running `init`.

use std::time::{Duration, Instant};

use argon2::{Algorithm, Argon2, Params, Version};
use secrecy::{ExposeSecret, SecretString};
use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

use crate::envelope::{open_raw, seal_raw};
use crate::error::{Error, Result, random_fill};
use crate::key::{KEY_LEN, VaultKey};

/// Memory cost in KiB: 64 MiB, the RFC 9106 "second recommended" option.
const MEMORY_KIB: u32 = 64 * 1024;
const TARGET: Duration = Duration::from_millis(500);
const MAX_TIME_COST: u32 = 64;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Argon2Params {
    pub memory_kib: u32,
    pub time_cost: u32,
    pub lanes: u32,
}

impl Argon2Params {
    /// Times one and two passes at 64 MiB, so the fixed cost (allocating and faulting in the
    /// memory) is told apart from the cost per pass, then picks the pass count that makes one
    /// unlock take ~0.5 s on this machine.
    pub fn calibrate() -> Result<Self> {
        let time = |passes| -> Result<f64> {
            let probe = Argon2Params {
                memory_kib: MEMORY_KIB,
                time_cost: passes,
                lanes: 1,
            };
            let started = Instant::now();
            probe.derive(b"calibration", &[0u8; 16])?;
            Ok(started.elapsed().as_secs_f64())
        };
        let one = time(1)?;
        let two = time(2)?;
        let per_pass = (two - one).max(0.001);
        let fixed = (one - per_pass).max(0.0);
        let passes = ((TARGET.as_secs_f64() - fixed) / per_pass).round() as u32;
        Ok(Argon2Params {
            memory_kib: MEMORY_KIB,
            time_cost: passes.clamp(2, MAX_TIME_COST),
            lanes: 1,
        })
    }

    fn derive(&self, passphrase: &[u8], salt: &[u8]) -> Result<Zeroizing<[u8; KEY_LEN]>> {
        let params = Params::new(self.memory_kib, self.time_cost, self.lanes, Some(KEY_LEN))
            .map_err(|e| Error::invalid("Argon2 parameters", format!("{self:?}"), e.to_string()))?;
        let mut out = Zeroizing::new([0u8; KEY_LEN]);
        Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
            .hash_password_into(passphrase, salt, out.as_mut())
            .map_err(|e| Error::invalid("Argon2 input", "", e.to_string()))?;
        Ok(out)
    }
}

/// The vault key sealed under a passphrase-derived key. Stored in the vault header.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct PassphraseWrap {
    pub params: Argon2Params,
    salt: [u8; 16],
    sealed_key: Vec<u8>,
}

impl PassphraseWrap {
    pub fn new(
        key: &VaultKey,
        passphrase: &SecretString,
        params: Argon2Params,
        aad: &[u8],
    ) -> Result<Self> {
        let mut salt = [0u8; 16];
        random_fill(&mut salt)?;
        let wrapping = params.derive(passphrase.expose_secret().as_bytes(), &salt)?;
        let sealed_key = seal_raw(&wrapping, aad, key.bytes())?;
        Ok(PassphraseWrap {
            params,
            salt,
            sealed_key,
        })
    }

    /// `None` when the passphrase is wrong (or the wrap was tampered with: AES-GCM cannot tell).
    pub fn unwrap_key(&self, passphrase: &SecretString, aad: &[u8]) -> Result<Option<VaultKey>> {
        let wrapping = self
            .params
            .derive(passphrase.expose_secret().as_bytes(), &self.salt)?;
        Ok(
            open_raw(&wrapping, aad, &self.sealed_key).and_then(|bytes| {
                let bytes: &[u8; KEY_LEN] = bytes.as_slice().try_into().ok()?;
                Some(VaultKey::from_bytes(bytes))
            }),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const FAST: Argon2Params = Argon2Params {
        memory_kib: 64,
        time_cost: 1,
        lanes: 1,
    };

    #[test]
    fn wraps_and_unwraps() {
        let key = VaultKey::generate().unwrap();
        let pass = SecretString::from("correct horse battery staple");
        let wrap = PassphraseWrap::new(&key, &pass, FAST, b"aad").unwrap();
        let back = wrap.unwrap_key(&pass, b"aad").unwrap().unwrap();
        assert_eq!(back.bytes(), key.bytes());
        assert!(
            wrap.unwrap_key(&SecretString::from("wrong"), b"aad")
                .unwrap()
                .is_none()
        );
        assert!(wrap.unwrap_key(&pass, b"other vault").unwrap().is_none());
    }
}
