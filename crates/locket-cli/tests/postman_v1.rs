//! Postman collection format v1 end to end: `tests/fixtures/postman-v1/shop.v1.json` (written
//! by hand in v1's shape: flat `requests` and `folders` tied by id lists, URL strings, the
//! `headers` string and `headerData`, `dataMode` bodies, `currentHelper` auth, script strings)
//! sends the same requests (method, URL, headers, body, in the same order) as its hand-written
//! v2.1 twin `shop.postman_collection.json`, and its scripts pass. `--export-collection` writes
//! the v2.1 it was read as, which runs the same; a malformed v1 file is refused with its place.
//! (scripts/compat/scripts.sh compares a v1 collection with newman: `postman-v1`.)

mod common;

use std::path::{Path, PathBuf};

use common::echo::{self, Echo, Out, Seen, targets};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/postman-v1")
}

/// `locket run COLLECTION --env-var baseUrl=<echo> ARGS…` without a vault, from the fixtures.
fn run(echo: &Echo, collection: &Path, args: &[&str]) -> Out {
    let base_url = format!("baseUrl={}", echo.origin());
    echo::run(
        &fixtures(),
        collection,
        &[&["--env-var", &base_url], args].concat(),
    )
}

/// [`run`], which must succeed, and the requests the echo server saw.
fn run_ok(echo: &Echo, collection: &Path, args: &[&str]) -> (Out, Vec<Seen>) {
    let base_url = format!("baseUrl={}", echo.origin());
    let out = echo::run_ok(
        &fixtures(),
        collection,
        &[&["--env-var", &base_url], args].concat(),
    );
    (out, echo.take())
}

fn header<'a>(seen: &'a Seen, name: &str) -> Option<&'a str> {
    seen.headers
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
}

#[test]
fn a_v1_collection_sends_the_requests_of_its_v21_twin() {
    let echo = Echo::start();
    let (v1_out, from_v1) = run_ok(&echo, &fixtures().join("shop.v1.json"), &[]);
    let (_, from_twin) = run_ok(&echo, &fixtures().join("shop.postman_collection.json"), &[]);
    assert_eq!(
        targets(&from_v1),
        [
            "DELETE /orders/o-9/items/7",
            "PUT /forms?x=1&flag",
            "GET /orders?status=open&page=2",
            "POST /orders",
            "GET /admin/stats",
            "POST /login",
            "POST /graphql",
            "POST /upload",
            "PATCH /nobody",
        ],
        "folders (sub-folders first), then the loose requests in `order`; unknown ids skipped"
    );
    assert_eq!(targets(&from_v1), targets(&from_twin));
    for (v1, twin) in from_v1.iter().zip(&from_twin) {
        assert_eq!(v1, twin, "{} {}", v1.method, v1.target);
    }

    // What the conversion had to get right, seen on the wire.
    let by = |target: &str| from_v1.iter().find(|s| s.target == target).unwrap();
    assert_eq!(
        header(by("/orders/o-9/items/7"), "x-api-key"),
        Some("tok-1")
    );
    assert_eq!(
        header(by("/forms?x=1&flag"), "authorization"),
        None,
        "noauth"
    );
    assert_eq!(by("/forms?x=1&flag").body, "a=1&b=ada");
    let listed = by("/orders?status=open&page=2");
    assert_eq!(header(listed, "authorization"), Some("Bearer tok-1"));
    assert_eq!(header(listed, "x-folder"), Some("orders"));
    assert_eq!(header(listed, "x-debug"), None, "a `//` header is disabled");
    let created = by("/orders");
    assert_eq!(created.body, r#"{"sku": "A-1", "qty": 2}"#);
    assert_eq!(header(created, "x-trace"), Some("from-string"));
    assert_eq!(header(created, "x-off"), None);
    assert_eq!(
        header(by("/admin/stats"), "authorization"),
        Some("Basic YWRhOnBAc3M6d29yZA=="),
        "the folder's basicAuth helper, {{{{user}}}} resolved"
    );
    assert!(
        header(by("/login"), "authorization").is_some_and(|a| a.starts_with("OAuth ")),
        "oauth1 from helperAttributes"
    );
    assert!(header(by("/graphql"), "authorization").is_some_and(|a| a.starts_with("Hawk ")));
    assert_eq!(by("/upload").body, "bytes of the binary body\n");
    assert_eq!(by("/nobody").body, "", "dataMode null: no body");

    // Every script ran and passed: 9 collection tests, `listed` and `folder script ran`.
    let assertions: Vec<u32> = v1_out
        .stdout
        .lines()
        .find(|l| l.contains("assertions"))
        .unwrap_or_default()
        .split(|c: char| !c.is_ascii_digit())
        .filter_map(|n| n.parse().ok())
        .collect();
    assert_eq!(assertions, [11, 0], "executed, failed:\n{}", v1_out.stdout);
}

#[test]
fn export_collection_writes_the_v21_it_ran_which_runs_the_same() {
    let echo = Echo::start();
    let out_dir = tempfile::tempdir().unwrap();
    let exported = out_dir.path().join("shop.v21.json");
    let (_, from_v1) = run_ok(
        &echo,
        &fixtures().join("shop.v1.json"),
        &["--export-collection", exported.to_str().unwrap()],
    );
    let document: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&exported).unwrap()).unwrap();
    assert_eq!(
        document["info"]["schema"],
        "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"
    );
    assert_eq!(
        document["info"]["_postman_id"],
        "6f1c8d0e-0b7a-4a39-9d53-2b0d8f1e7a10"
    );
    assert!(document.get("requests").is_none());
    let (_, from_export) = run_ok(&echo, &exported, &[]);
    assert_eq!(from_v1, from_export);
}

#[test]
fn a_malformed_v1_collection_is_refused_with_the_file_and_the_place() {
    let echo = Echo::start();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("broken.json");
    std::fs::write(
        &file,
        r#"{"name": "b", "order": ["a"], "requests": [{"id": "a", "url": "http://x", "headerData": [{"key": "K"}, 7]}]}"#,
    )
    .unwrap();
    let out = run(&echo, &file, &[]);
    assert_eq!(out.code, 2, "{}\n{}", out.stdout, out.stderr);
    assert!(
        out.stderr.contains("broken.json")
            && out
                .stderr
                .contains("requests[0].headerData[1] is a number, expected an object"),
        "{}",
        out.stderr
    );
    assert!(echo.take().is_empty(), "nothing is sent");
}
