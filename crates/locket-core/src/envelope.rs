//! The crypto envelope: subkeys derived from the vault key, and sealing with AES-256-GCM.
//!
//! Every ciphertext is `version(1) || nonce(12) || ciphertext || tag(16)` with a random nonce.
//! Its associated data names the vault, the table, the column and the row, so a ciphertext
//! copied to another row, column, table or vault fails to open.

use aes_gcm::aead::{Aead, KeyInit, Payload};
use aes_gcm::{Aes256Gcm, Key, Nonce};
use hkdf::Hkdf;
use hmac::{Hmac, Mac};
use sha2::Sha256;
use zeroize::Zeroizing;

use crate::error::{Error, Result, random_fill};
use crate::key::{KEY_LEN, VaultKey};

const ENVELOPE_V1: u8 = 1;
const NONCE_LEN: usize = 12;
pub(crate) const VAULT_ID_LEN: usize = 16;

pub(crate) type VaultId = [u8; VAULT_ID_LEN];

/// Where a ciphertext lives; bound into its associated data.
pub(crate) struct Place<'a> {
    pub table: &'a str,
    pub column: &'a str,
    pub row: &'a [u8],
}

/// The keys derived from one vault key for one vault. Zeroed on drop (aes-gcm and hmac zero
/// their key schedules with the `zeroize` feature; the raw bytes are held in `Zeroizing`).
pub(crate) struct Subkeys {
    vault_id: VaultId,
    records: Aes256Gcm,
    name_index: Zeroizing<[u8; 32]>,
    manifest: Zeroizing<[u8; 32]>,
}

impl Subkeys {
    pub fn derive(key: &VaultKey, vault_id: &VaultId) -> Self {
        let hk = Hkdf::<Sha256>::new(Some(vault_id), key.bytes());
        let expand = |label: &[u8]| {
            let mut out = Zeroizing::new([0u8; 32]);
            // 32 bytes is far below HKDF-SHA256's 8160-byte limit, so expand cannot fail.
            hk.expand(label, out.as_mut()).expect("32-byte HKDF output");
            out
        };
        let records = expand(b"locket/v1/records");
        Subkeys {
            vault_id: *vault_id,
            records: Aes256Gcm::new(&Key::<Aes256Gcm>::from(*records)),
            name_index: expand(b"locket/v1/name-index"),
            manifest: expand(b"locket/v1/manifest"),
        }
    }

    pub fn seal(&self, place: &Place<'_>, plaintext: &[u8]) -> Result<Vec<u8>> {
        seal_with(&self.records, &aad(&self.vault_id, place), plaintext)
    }

    /// Opens a ciphertext sealed for `place`; any mismatch is reported as tampering with `what`.
    pub fn open(
        &self,
        place: &Place<'_>,
        sealed: &[u8],
        what: impl FnOnce() -> String,
    ) -> Result<Zeroizing<Vec<u8>>> {
        open_with(&self.records, &aad(&self.vault_id, place), sealed)
            .ok_or_else(|| Error::Tampered { what: what() })
    }

    /// The keyed hash used to look a secret up by name without storing the name.
    pub fn name_hash(&self, name: &str) -> [u8; 32] {
        self.mac(&self.name_index, &[name.as_bytes()])
    }

    /// A keyed digest of one stored row, for the vault manifest.
    pub fn row_digest(&self, parts: &[&[u8]]) -> [u8; 32] {
        self.mac(&self.manifest, parts)
    }

    fn mac(&self, key: &[u8; 32], parts: &[&[u8]]) -> [u8; 32] {
        let mut mac =
            <Hmac<Sha256> as KeyInit>::new_from_slice(key).expect("HMAC takes any key length");
        for part in parts {
            mac.update(&(part.len() as u64).to_be_bytes());
            mac.update(part);
        }
        mac.finalize().into_bytes().into()
    }
}

/// Seal under a raw 32-byte key (used for the passphrase wrap).
pub(crate) fn seal_raw(key: &[u8; KEY_LEN], aad: &[u8], plaintext: &[u8]) -> Result<Vec<u8>> {
    seal_with(
        &Aes256Gcm::new(&Key::<Aes256Gcm>::from(*key)),
        aad,
        plaintext,
    )
}

pub(crate) fn open_raw(
    key: &[u8; KEY_LEN],
    aad: &[u8],
    sealed: &[u8],
) -> Option<Zeroizing<Vec<u8>>> {
    open_with(&Aes256Gcm::new(&Key::<Aes256Gcm>::from(*key)), aad, sealed)
}

fn seal_with(cipher: &Aes256Gcm, aad: &[u8], plaintext: &[u8]) -> Result<Vec<u8>> {
    let mut nonce = [0u8; NONCE_LEN];
    random_fill(&mut nonce)?;
    let ciphertext = cipher
        .encrypt(
            &Nonce::from(nonce),
            Payload {
                msg: plaintext,
                aad,
            },
        )
        .map_err(|_| Error::Random("AES-GCM refused to encrypt".into()))?;
    let mut out = Vec::with_capacity(1 + NONCE_LEN + ciphertext.len());
    out.push(ENVELOPE_V1);
    out.extend_from_slice(&nonce);
    out.extend_from_slice(&ciphertext);
    Ok(out)
}

fn open_with(cipher: &Aes256Gcm, aad: &[u8], sealed: &[u8]) -> Option<Zeroizing<Vec<u8>>> {
    let (&version, rest) = sealed.split_first()?;
    if version != ENVELOPE_V1 || rest.len() < NONCE_LEN + 16 {
        return None;
    }
    let (nonce, ciphertext) = rest.split_at(NONCE_LEN);
    let nonce: [u8; NONCE_LEN] = nonce.try_into().ok()?;
    cipher
        .decrypt(
            &Nonce::from(nonce),
            Payload {
                msg: ciphertext,
                aad,
            },
        )
        .ok()
        .map(Zeroizing::new)
}

/// Length-prefixed concatenation, so no two different places share associated data.
pub(crate) fn aad(vault_id: &VaultId, place: &Place<'_>) -> Vec<u8> {
    let mut out = Vec::with_capacity(64 + place.row.len());
    for part in [
        b"locket/v1".as_slice(),
        vault_id,
        place.table.as_bytes(),
        place.column.as_bytes(),
        place.row,
    ] {
        out.extend_from_slice(&(part.len() as u32).to_be_bytes());
        out.extend_from_slice(part);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys() -> Subkeys {
        Subkeys::derive(&VaultKey::generate().unwrap(), &[7; VAULT_ID_LEN])
    }

    #[test]
    fn seal_binds_the_place() {
        let k = keys();
        let here = Place {
            table: "secrets",
            column: "value",
            row: b"row-1",
        };
        let sealed = k.seal(&here, b"hunter2").unwrap();
        assert_eq!(
            &k.open(&here, &sealed, String::new).unwrap()[..],
            b"hunter2"
        );
        for other in [
            Place {
                table: "secrets",
                column: "value",
                row: b"row-2",
            },
            Place {
                table: "secrets",
                column: "meta",
                row: b"row-1",
            },
            Place {
                table: "other",
                column: "value",
                row: b"row-1",
            },
        ] {
            assert!(k.open(&other, &sealed, String::new).is_err());
        }
        let other_vault = Subkeys::derive(&VaultKey::generate().unwrap(), &[7; VAULT_ID_LEN]);
        assert!(other_vault.open(&here, &sealed, String::new).is_err());
    }

    #[test]
    fn any_flipped_bit_is_detected() {
        let k = keys();
        let here = Place {
            table: "t",
            column: "c",
            row: b"r",
        };
        let sealed = k.seal(&here, b"value").unwrap();
        for i in 0..sealed.len() {
            let mut bad = sealed.clone();
            bad[i] ^= 0x01;
            assert!(k.open(&here, &bad, String::new).is_err(), "byte {i}");
        }
        assert!(
            k.open(&here, &sealed[..sealed.len() - 1], String::new)
                .is_err()
        );
        assert!(k.open(&here, &[], String::new).is_err());
    }

    #[test]
    fn nonces_are_fresh() {
        let k = keys();
        let here = Place {
            table: "t",
            column: "c",
            row: b"r",
        };
        assert_ne!(
            k.seal(&here, b"same").unwrap(),
            k.seal(&here, b"same").unwrap()
        );
    }
}
