//! See checks/scan.rs: the same function runs over the seeds in the normal test suite.
#![no_main]

#[path = "../checks/scan.rs"]
mod check;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    check::run(data);
});
