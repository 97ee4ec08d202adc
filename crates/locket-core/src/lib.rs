//! locket-core owns the local vault: the vault key and its text form, the crypto envelope
//! (HKDF subkeys, AES-256-GCM with associated data), the encrypted SQLite store and its schema
//! migrations, secret names and allowed domains, and export/import.
//!
//! It does no terminal I/O and no networking: the CLI decides where keys come from and how
//! things are shown; this crate decides how they are kept.

pub mod domain;
pub mod dotenv;
mod envelope;
pub mod error;
pub mod key;
pub mod name;
pub mod passphrase;
pub mod provider;
mod record;
pub mod redact;
pub mod reference;
pub mod resolve;
pub mod store;
pub mod time;
pub mod transfer;

pub use domain::AllowedDomain;
pub use error::{Error, ErrorKind, Result};
pub use key::VaultKey;
pub use name::SecretName;
pub use store::{LockedVault, Secret, SecretMeta, SetOutcome, Vault};
