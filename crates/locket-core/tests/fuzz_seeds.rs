//! The fuzz targets' checks (fuzz/checks/) over their seeds (fuzz/seeds/), in the normal test
//! suite: the checks compile and hold on known inputs without nightly or cargo-fuzz. Fuzzing
//! itself is run by hand (docs/fuzzing.md).

#[path = "../../../fuzz/checks/age_import.rs"]
mod age_import;
#[path = "../../../fuzz/checks/dotenv.rs"]
mod dotenv;

use std::path::PathBuf;

/// Every seed of a target, by file name.
fn seeds(target: &str) -> Vec<(String, Vec<u8>)> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../fuzz/seeds")
        .join(target);
    let mut seeds: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|entry| {
            let path = entry.unwrap().path();
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            (name, std::fs::read(&path).unwrap())
        })
        .collect();
    seeds.sort();
    seeds
}

#[test]
fn dotenv_seeds_hold() {
    let seeds = seeds("dotenv");
    assert!(seeds.len() >= 3);
    for (_, data) in seeds {
        dotenv::run(&data);
    }
}

#[test]
fn age_import_seeds_import_or_are_refused_as_expected() {
    let outcomes: Vec<_> = seeds("age_import")
        .into_iter()
        .map(|(name, data)| (name, age_import::run(&data)))
        .collect();
    let outcome = |name: &str| &outcomes.iter().find(|(n, _)| n == name).unwrap().1;
    // The seeds decrypt: the fuzzer starts from files that reach the payload and the JSON.
    assert_eq!(outcome("export-binary-logn4.age"), &Ok(2));
    assert_eq!(outcome("export-armored-logn4.age"), &Ok(2));
    let empty = outcome("empty-armored-logn2.age").as_ref().unwrap_err();
    assert!(empty.contains("not a valid locket export"), "{empty}");
}
