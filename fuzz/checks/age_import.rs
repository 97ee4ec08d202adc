//! `locket import` of an age file under a passphrase, on arbitrary bytes: never panics, refuses
//! or imports. Shared by the `age_import` fuzz target and the seeds test of locket-core.
//!
//! Files that ask for scrypt work above 2^12 are skipped: the cap on it (2^20) is unit-tested,
//! and a file under the cap may legitimately take seconds of scrypt, which is not what the
//! fuzzer should spend its time on. Seeds: `fuzz/seeds/make_age_seeds.py`.

use std::io::Read;

use locket_core::transfer::{self, ImportOptions, age_limits};
use secrecy::SecretString;

/// The passphrase the seeds are encrypted under.
pub const PASSPHRASE: &str = "fuzzing passphrase";

/// The outcome, for the seeds test: how many secrets were imported, or the error.
pub fn run(data: &[u8]) -> Result<usize, String> {
    let mut file = Vec::new();
    if age::armor::ArmoredReader::new(data)
        .read_to_end(&mut file)
        .is_ok()
        && age_limits::requested_work_factor(&file).is_some_and(|log_n| log_n > 12)
    {
        return Err("skipped: scrypt work factor above 2^12".into());
    }
    let no_environments = |_: &[u8]| Err("not a Postman environment".to_string());
    transfer::parse(
        "fuzz.age",
        data,
        ImportOptions::default(),
        &no_environments,
        || Ok(SecretString::from(PASSPHRASE)),
    )
    .map(|(_, secrets)| secrets.len())
    .map_err(|e| e.to_string())
}
