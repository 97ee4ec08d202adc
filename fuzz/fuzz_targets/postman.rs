//! See checks/postman.rs: the same function runs over the seeds in the normal test suite.
#![no_main]

#[path = "../checks/postman.rs"]
mod check;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let _ = check::run(data);
});
