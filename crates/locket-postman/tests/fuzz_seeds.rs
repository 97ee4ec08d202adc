//! The `postman` fuzz target's check (fuzz/checks/postman.rs) over its seeds (fuzz/seeds/postman),
//! in the normal test suite: the check compiles and holds without nightly or cargo-fuzz.

#[path = "../../../fuzz/checks/postman.rs"]
mod postman;

#[path = "../../../fuzz/checks/scan.rs"]
mod scan;

use proptest::prelude::*;

fn seeds(name: &str) -> Vec<Vec<u8>> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../fuzz/seeds")
        .join(name);
    let mut all: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| std::fs::read(e.unwrap().path()).unwrap())
        .collect();
    all.sort();
    all
}

#[test]
fn scan_seeds_hold() {
    let all = seeds("scan");
    assert!(all.len() >= 6, "{} scan seeds", all.len());
    for seed in &all {
        scan::run(seed);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]
    /// The seeds with a few bytes cut, repeated or replaced: fuzzing in the normal test suite.
    #[test]
    fn scan_holds_on_mutated_seeds(
        which in 0usize..64,
        edits in proptest::collection::vec((any::<usize>(), 0usize..4, any::<u8>()), 1..4),
    ) {
        let all = seeds("scan");
        let mut data = all[which % all.len()].clone();
        for (at, op, byte) in edits {
            let at = at % (data.len() + 1);
            match op {
                0 if at < data.len() => { data.remove(at); }
                1 => data.insert(at, byte),
                2 if at < data.len() => data[at] = byte,
                _ => {
                    let piece: Vec<u8> = data[at..(at + 8).min(data.len())].to_vec();
                    data.splice(at..at, piece);
                }
            }
        }
        scan::run(&data);
    }
}

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
