//! The `postman` fuzz target's check (fuzz/checks/postman.rs) over its seeds (fuzz/seeds/postman),
//! in the normal test suite: the check compiles and holds without nightly or cargo-fuzz.

#[path = "../../../fuzz/checks/postman.rs"]
mod postman;

#[test]
fn postman_seeds_hold() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fuzz/seeds/postman");
    let mut count = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        postman::run(&std::fs::read(entry.unwrap().path()).unwrap());
        count += 1;
    }
    assert!(count >= 5, "{count} seeds in {}", dir.display());
}
