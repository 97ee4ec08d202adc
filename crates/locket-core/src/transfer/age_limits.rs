//! What an age file may cost to open, checked on its header before the age crate reads it.
//!
//! An import file is untrusted. Two things in an age header decide the work of opening it: its
//! size (the age crate re-parses the header from the start for every line it reads, so a header
//! of thousands of stanzas takes minutes) and the scrypt work factor a passphrase stanza asks for
//! (scrypt's memory is 1 KiB x 2^logN: 2^23 asks for 8 GiB). Both are refused here, before any
//! parsing or scrypt work, with the figures in the error.

use memchr::memmem;

/// The work factor locket's exports use: age's own default for `age -p` (the reference
/// implementation's fixed logN 18: 256 MiB and well under a second here). A fixed factor, not
/// the age crate's calibration to one second of the exporting machine, so that an export made
/// on any machine opens on any other under [`MAX_SCRYPT_LOG_N`].
pub const EXPORT_SCRYPT_LOG_N: u8 = 18;

/// The largest scrypt work factor an import accepts: 2^20, 1 GiB of memory and a few seconds.
/// Four times `age -p`'s default, so files from `age -p`, from locket and from rage (which
/// calibrates to about one second of the encrypting machine: 18-20 on current hardware) open,
/// while a crafted file cannot make locket allocate gigabytes.
pub const MAX_SCRYPT_LOG_N: u8 = 20;
const _: () = assert!(
    EXPORT_SCRYPT_LOG_N <= MAX_SCRYPT_LOG_N,
    "exports must open again"
);

/// The largest age header an import reads. A passphrase file's header is one scrypt stanza,
/// about 150 bytes (age allows no other stanza beside it); 16 KiB leaves room for any
/// well-formed header and bounds the age crate's per-line re-parsing to milliseconds.
pub const MAX_HEADER_BYTES: usize = 16 * 1024;

/// Why an age file is refused before it is opened.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refused {
    HeaderTooLarge,
    WorkFactor(u32),
}

impl std::fmt::Display for Refused {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Refused::HeaderTooLarge => write!(
                f,
                "its age header is larger than {} KiB (a passphrase-encrypted file's is about \
                 150 bytes); it was not written by `locket export` or `age -p`",
                MAX_HEADER_BYTES / 1024
            ),
            Refused::WorkFactor(log_n) => write!(
                f,
                "it asks for scrypt work factor 2^{log_n} ({}), more than the 2^{MAX_SCRYPT_LOG_N} \
                 ({}) locket accepts; re-encrypt it with `age -p` (2^{EXPORT_SCRYPT_LOG_N}) or \
                 `locket export`",
                memory(*log_n),
                memory(MAX_SCRYPT_LOG_N.into())
            ),
        }
    }
}

/// scrypt's memory for a work factor (r = 8: 1 KiB per unit of N).
fn memory(log_n: u32) -> String {
    match log_n {
        0..=9 => format!("{} KiB", 1u64 << log_n),
        10..=19 => format!("{} MiB", 1u64 << (log_n - 10)),
        20..=62 => format!("{} GiB", 1u64 << (log_n - 20)),
        _ => "more memory than exists".to_string(),
    }
}

/// Checks the header of a (de-armored) age file: `Err` when opening it would cost more than the
/// limits above. A file that is not an age file at all passes, for the age crate to report.
pub fn check(file: &[u8]) -> Result<(), Refused> {
    let header = header(file)?;
    match scrypt_work_factor(header) {
        Some(log_n) if log_n > u32::from(MAX_SCRYPT_LOG_N) => Err(Refused::WorkFactor(log_n)),
        _ => Ok(()),
    }
}

/// The header's text up to its MAC line (`--- `), or all of a short file that has none.
fn header(file: &[u8]) -> Result<&[u8], Refused> {
    let window = &file[..file.len().min(MAX_HEADER_BYTES)];
    match memmem::find(window, b"\n---") {
        Some(end) => Ok(&window[..end]),
        None if file.len() > MAX_HEADER_BYTES => Err(Refused::HeaderTooLarge),
        None => Ok(window),
    }
}

/// The largest work factor (logN) a `-> scrypt SALT LOGN` stanza of `header` asks for, saturating
/// at `u32::MAX`; a malformed stanza is the age crate's to report.
fn scrypt_work_factor(header: &[u8]) -> Option<u32> {
    header
        .split(|&b| b == b'\n')
        .filter_map(|line| line.strip_prefix(b"-> scrypt "))
        .filter_map(|args| args.split(|&b| b == b' ').nth(1))
        .filter(|digits| !digits.is_empty() && digits.iter().all(u8::is_ascii_digit))
        .map(|digits| {
            digits.iter().fold(0u32, |n, d| {
                n.saturating_mul(10).saturating_add(u32::from(d - b'0'))
            })
        })
        .max()
}

/// The scrypt work factor a (de-armored) age file asks for, if its header is within the size
/// limit and has a scrypt stanza: lets the fuzz target skip files that would make it wait on
/// scrypt rather than on parsing.
pub fn requested_work_factor(file: &[u8]) -> Option<u32> {
    header(file).ok().and_then(scrypt_work_factor)
}

#[cfg(test)]
mod tests {
    use super::*;

    const SALT: &str = "c2FsdHNhbHRzYWx0c2FsdA";
    const BODY: &str = "Zm9vYmFyZm9vYmFyZm9vYmFyZm9vYmFyZm9vYmFyZm8";

    fn scrypt_file(log_n: &str) -> Vec<u8> {
        format!("age-encryption.org/v1\n-> scrypt {SALT} {log_n}\n{BODY}\n--- {BODY}\npayload")
            .into_bytes()
    }

    #[test]
    fn work_factors_up_to_the_cap_pass_and_larger_ones_are_refused_with_their_cost() {
        for ok in ["10", "18", "20"] {
            assert_eq!(check(&scrypt_file(ok)), Ok(()), "{ok}");
        }
        assert_eq!(check(&scrypt_file("23")), Err(Refused::WorkFactor(23)));
        let message = Refused::WorkFactor(23).to_string();
        assert!(
            message.contains("2^23 (8 GiB)") && message.contains("2^20 (1 GiB)"),
            "{message}"
        );
        assert_eq!(
            check(&scrypt_file("99999999999999")),
            Err(Refused::WorkFactor(u32::MAX))
        );
        assert!(
            Refused::WorkFactor(u32::MAX)
                .to_string()
                .contains("more memory than exists")
        );
    }

    #[test]
    fn a_header_of_thousands_of_stanzas_is_refused_unread() {
        let mut file = b"age-encryption.org/v1\n".to_vec();
        for _ in 0..5_000 {
            file.extend_from_slice(format!("-> X25519 {SALT}\n{BODY}\n").as_bytes());
        }
        file.extend_from_slice(format!("--- {BODY}\n").as_bytes());
        assert_eq!(check(&file), Err(Refused::HeaderTooLarge));
    }

    #[test]
    fn short_or_foreign_files_are_left_for_age_to_judge() {
        assert_eq!(check(b""), Ok(()));
        assert_eq!(check(b"age-encryption.org/v1\n-> scrypt"), Ok(()));
        assert_eq!(check(&[b'x'; 100]), Ok(()));
    }
}
