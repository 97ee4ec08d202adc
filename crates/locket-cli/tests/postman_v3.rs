//! Postman v3 (YAML) collections and environments end to end: each v3 fixture under
//! `tests/fixtures/postman-v3/v3/` sends the same requests (method, URL, headers, body, in the
//! same order) as its v2.1 twin `<name>.postman_collection.json`, written by hand beside it
//! (scripts/compat/newman.sh checks those twins against newman). Then: a collection inside a
//! repository's `postman/collections/`, `--folder` by v3 names, environments and globals for
//! `-e`/`-g` and `import`, and malformed YAML.
//!
//! The echo server (`common/echo.rs`) records every request.

mod common;

use std::path::{Path, PathBuf};

use common::echo::{Echo, run, run_ok, targets};
use common::*;

const FIXTURES: &str = "tests/fixtures/postman-v3";
const TWINS: [&str; 4] = ["structure", "requests", "bodies", "auth and scripts"];

// ---- helpers ---------------------------------------------------------------------------------

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(FIXTURES)
}

fn base_url(echo: &Echo) -> String {
    format!("baseUrl={}", echo.origin())
}

/// Every file under `dir` with its bytes, to show a command changed nothing.
fn snapshot(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut files: Vec<_> = files_under(dir)
        .into_iter()
        .map(|p| {
            let bytes = std::fs::read(&p).unwrap();
            (p, bytes)
        })
        .collect();
    files.sort();
    files
}

fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap().flatten() {
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

// ---- collections ------------------------------------------------------------------------------

#[test]
fn each_v3_fixture_sends_the_requests_of_its_v21_twin_in_the_same_order() {
    let echo = Echo::start();
    let dir = fixtures();
    let url = base_url(&echo);
    for name in TWINS {
        let json = run_ok(
            &dir,
            &dir.join(format!("{name}.postman_collection.json")),
            &["--env-var", &url],
        );
        let from_json = echo.take();
        let yaml = run_ok(&dir, &dir.join("v3").join(name), &["--env-var", &url]);
        let from_yaml = echo.take();
        assert!(from_json.len() >= 6, "{name}: {:#?}", targets(&from_json));
        assert_eq!(
            targets(&from_json),
            targets(&from_yaml),
            "{name}: requests or order differ"
        );
        for (j, y) in from_json.iter().zip(&from_yaml) {
            assert_eq!(j, y, "{name}: {} {}", j.method, j.target);
        }
        // Scripts ran the same assertions from both (the summary's assertion row).
        let assertions = |out: &str| {
            out.lines()
                .find(|l| l.contains("assertions"))
                .map(str::to_string)
        };
        assert_eq!(assertions(&json.stdout), assertions(&yaml.stdout), "{name}");
    }
}

#[test]
fn the_fixtures_cover_the_traps_of_the_format() {
    let echo = Echo::start();
    let dir = fixtures();
    let url = base_url(&echo);
    run_ok(&dir, &dir.join("v3/structure"), &["--env-var", &url]);
    // By `order` across folders and requests (none first, ties by name); `.resources`
    // examples, other request kinds and README.md never run.
    assert_eq!(
        targets(&echo.take()),
        [
            "GET /structure/no-order",
            "DELETE /structure/zeta/inner/deep",
            "GET /structure/zeta/first",
            "GET /structure/zeta/second",
            "GET /structure/odd",
            "GET /structure/alpha/a",
            "GET /structure/alpha/b",
            "PUT /structure/beta",
        ]
    );
    run_ok(&dir, &dir.join("v3/requests"), &["--env-var", &url]);
    let seen = echo.take();
    let t = targets(&seen);
    // The query string `url` and `queryParams` both carry is sent once; disabled entries not.
    assert_eq!(t[0], "GET /requests/query?a=1&b=2&flag");
    assert_eq!(t[2], "GET /requests/conflict?b=2&a=9&c=3");
    assert_eq!(t[3], "GET /requests/users/42/items/2/:unlisted");
    assert_eq!(t[7], "POST /requests/app-style?x=1");
    assert_eq!(
        seen[7].body,
        "{\r\n  \"cable_modem\": {\r\n    \"mac\": \"aa:bb\"\r\n  }\r\n}"
    );
    let dup: Vec<_> = seen[6]
        .headers
        .iter()
        .filter(|(k, _)| k.starts_with("x-"))
        .collect();
    assert_eq!(
        format!("{dup:?}"),
        r#"[("x-described", "yes-sent"), ("x-dup", "first"), ("x-dup", "second")]"#
    );
    run_ok(&dir, &dir.join("v3/bodies"), &["--env-var", &url]);
    let seen = echo.take();
    let content_type = |i: usize| {
        seen[i]
            .headers
            .iter()
            .find(|(k, _)| k == "content-type")
            .map(|(_, v)| v.clone())
    };
    assert_eq!(content_type(0).as_deref(), Some("application/json"));
    assert_eq!(content_type(1).as_deref(), Some("application/xml"));
    assert_eq!(seen[9].body, "uploaded file contents\n");
}

#[test]
fn a_collection_in_a_repositorys_postman_directory_runs_by_any_of_its_paths() {
    let echo = Echo::start();
    let repo = tempfile::tempdir().unwrap();
    let collection = repo.path().join("postman/collections/Structure");
    copy_tree(&fixtures().join("v3/structure"), &collection);
    let url = base_url(&echo);
    let before = snapshot(repo.path());
    for path in [
        "postman/collections/Structure",
        "postman/collections/Structure/",
        "postman/collections/Structure/.resources/definition.yaml",
    ] {
        run_ok(repo.path(), Path::new(path), &["--env-var", &url]);
        assert_eq!(echo.take().len(), 8, "{path}");
    }
    // One request file runs as a collection of that request.
    run_ok(
        repo.path(),
        Path::new("postman/collections/Structure/Beta.request.yaml"),
        &["--env-var", &url],
    );
    assert_eq!(targets(&echo.take()), ["PUT /structure/beta"]);
    // --folder takes the names the tree gives: a definition's `name`, a directory's name, a
    // request's `name:` (not its file name).
    for (folder, expected) in [
        (
            "Alpha (renamed)",
            vec!["GET /structure/alpha/a", "GET /structure/alpha/b"],
        ),
        ("Inner", vec!["DELETE /structure/zeta/inner/deep"]),
        ("Get: odd/name?", vec!["GET /structure/odd"]),
    ] {
        run_ok(
            repo.path(),
            Path::new("postman/collections/Structure"),
            &["--env-var", &url, "--folder", folder],
        );
        assert_eq!(targets(&echo.take()), expected, "--folder {folder}");
    }
    assert_eq!(snapshot(repo.path()), before, "running changed no file");
    // --export-collection writes the v2.1 JSON the tree reads as; it runs the same requests.
    let exported = tempfile::tempdir().unwrap();
    let json = exported.path().join("structure.json");
    run_ok(
        repo.path(),
        Path::new("postman/collections/Structure"),
        &[
            "--env-var",
            &url,
            "--export-collection",
            json.to_str().unwrap(),
        ],
    );
    let from_tree = echo.take();
    run_ok(repo.path(), &json, &["--env-var", &url]);
    assert_eq!(echo.take(), from_tree);
}

#[test]
fn a_malformed_yaml_file_is_refused_with_its_position_and_no_value() {
    let repo = tempfile::tempdir().unwrap();
    let collection = repo.path().join("c");
    copy_tree(&fixtures().join("v3/requests"), &collection);
    // An unclosed flow mapping right after a value that looks like a token.
    std::fs::write(
        collection.join("broken.request.yaml"),
        "$kind: http-request\nurl: \"{{baseUrl}}/x\"\nheaders:\n  Authorization: Bearer sk-planted-7731\n  X-Bad: {oops\n",
    )
    .unwrap();
    let before = snapshot(repo.path());
    let out = run(repo.path(), Path::new("c"), &[]);
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(
        out.stderr
            .contains("c/broken.request.yaml:6:1: not valid YAML"),
        "{}",
        out.stderr
    );
    assert!(!out.stderr.contains("sk-planted"), "{}", out.stderr);
    assert!(out.stdout.is_empty(), "nothing ran: {}", out.stdout);
    assert_eq!(snapshot(repo.path()), before, "nothing changed on disk");
    // The same for an environment file.
    let env = repo.path().join("bad.environment.yaml");
    std::fs::write(
        &env,
        "name: bad\nvalues:\n  - key: token\n    value: \"sk-planted-7731\n",
    )
    .unwrap();
    let out = run(
        repo.path(),
        &fixtures().join("v3/structure"),
        &["-e", "bad.environment.yaml"],
    );
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(
        out.stderr
            .contains("bad.environment.yaml:4:12: not valid YAML"),
        "{}",
        out.stderr
    );
    assert!(!out.stderr.contains("sk-planted"), "{}", out.stderr);
}

// ---- environments and globals ---------------------------------------------------------------

const ENV_YAML: &str =
    "\u{feff}# A v3 environment, with a byte-order mark as Windows editors write.
id: 3f2c-env
name: Local
color: 120
values:
  - key: baseUrl
    value: BASE
    type: default
    enabled: true
  - key: api_token
    value: tok-env-secret-5150
    type: secret
  - key: api_key
    value: key-env-secret-8086
    secret: true
  - key: page
    value: \"2\"
  - key: retired
    value: old-value
    enabled: false
";

const ENV_JSON: &str = r#"{"id":"3f2c-env","name":"Local","values":[
  {"key":"baseUrl","value":"BASE","type":"default","enabled":true},
  {"key":"api_token","value":"tok-env-secret-5150","type":"secret","enabled":true},
  {"key":"api_key","value":"key-env-secret-8086","type":"secret","enabled":true},
  {"key":"page","value":"2","enabled":true},
  {"key":"retired","value":"old-value","enabled":false}]}"#;

const GLOBALS_YAML: &str =
    "name: Globals\nvalues:\n  - key: who\n    value: from-globals\n    type: any\n";
const GLOBALS_JSON: &str =
    r#"{"name":"Globals","values":[{"key":"who","value":"from-globals","enabled":true}]}"#;

/// One request that uses every kind of environment value.
const ENV_COLLECTION: &str = r#"{"info":{"name":"env","schema":"https://schema.getpostman.com/json/collection/v2.1.0/collection.json"},
  "item":[{"name":"uses the environment","request":{"method":"GET",
    "header":[{"key":"Authorization","value":"Bearer {{api_token}}"},{"key":"X-Key","value":"{{api_key}}"},
              {"key":"X-Retired","value":"{{retired}}"},{"key":"X-Who","value":"{{who}}"}],
    "url":"{{baseUrl}}/env?page={{page}}"}}]}"#;

#[test]
fn v3_environments_and_globals_give_what_their_json_twins_give() {
    let echo = Echo::start();
    let dir = tempfile::tempdir().unwrap();
    let write = |name: &str, text: &str| {
        std::fs::write(dir.path().join(name), text.replace("BASE", &echo.origin())).unwrap()
    };
    write("c.json", ENV_COLLECTION);
    write("Local.environment.yaml", ENV_YAML);
    write("local.postman_environment.json", ENV_JSON);
    write("workspace.globals.yaml", GLOBALS_YAML);
    write("workspace.postman_globals.json", GLOBALS_JSON);
    let c = Path::new("c.json");
    let json = run_ok(
        dir.path(),
        c,
        &[
            "-e",
            "local.postman_environment.json",
            "-g",
            "workspace.postman_globals.json",
        ],
    );
    let from_json = echo.take();
    let yaml = run_ok(
        dir.path(),
        c,
        &[
            "-e",
            "Local.environment.yaml",
            "-g",
            "workspace.globals.yaml",
        ],
    );
    let from_yaml = echo.take();
    assert_eq!(from_json, from_yaml);
    let seen = &from_yaml[0];
    assert_eq!(seen.target, "/env?page=2");
    let header = |n: &str| {
        seen.headers
            .iter()
            .find(|(k, _)| k == n)
            .map(|(_, v)| v.as_str())
    };
    assert_eq!(header("authorization"), Some("Bearer tok-env-secret-5150"));
    assert_eq!(header("x-key"), Some("key-env-secret-8086"));
    assert_eq!(header("x-who"), Some("from-globals"));
    // Secret-typed values are sent but never printed, from either format.
    for out in [&json, &yaml] {
        for secret in ["tok-env-secret-5150", "key-env-secret-8086"] {
            assert!(!out.stdout.contains(secret) && !out.stderr.contains(secret));
        }
    }
    // A UTF-16 file with a byte-order mark reads the same.
    let mut utf16 = vec![0xFF, 0xFE];
    utf16.extend(
        ENV_YAML
            .trim_start_matches('\u{feff}')
            .replace("BASE", &echo.origin())
            .encode_utf16()
            .flat_map(u16::to_le_bytes),
    );
    std::fs::write(dir.path().join("utf16.environment.yaml"), utf16).unwrap();
    run_ok(
        dir.path(),
        c,
        &[
            "-e",
            "utf16.environment.yaml",
            "-g",
            "workspace.globals.yaml",
        ],
    );
    assert_eq!(echo.take(), from_json);
}

#[test]
fn import_reads_v3_environments_secret_typed_and_disabled_values() {
    let v = TestVault::new();
    let file = v.path("Local.environment.yaml");
    std::fs::write(&file, ENV_YAML).unwrap();
    let out = v.cmd().arg("import").arg(&file).output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let said = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(
        said.contains("Imported 5 secrets") && said.contains("Postman environment"),
        "{said}"
    );
    assert_eq!(v.get("api_token"), "tok-env-secret-5150");
    assert_eq!(v.get("api_key"), "key-env-secret-8086");
    assert_eq!(v.get("page"), "2");
    let listed = v.cmd().args(["list", "--json"]).output().unwrap();
    let listed: serde_json::Value = serde_json::from_slice(&listed.stdout).unwrap();
    let retired = listed
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["name"] == "retired")
        .unwrap_or_else(|| panic!("{listed}"));
    assert_eq!(retired["enabled"], false, "{retired}");
    for secret in ["tok-env-secret-5150", "key-env-secret-8086", "old-value"] {
        assert!(!said.contains(secret));
    }

    // --secret-only takes the two secret-typed values (`type: secret` and `secret: true`).
    let only = TestVault::new();
    let file = only.path("Local.environment.yaml");
    std::fs::write(&file, ENV_YAML).unwrap();
    let out = only
        .cmd()
        .args(["import", "--secret-only"])
        .arg(&file)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("Imported 2 secrets"),
        "{}",
        stderr(&out)
    );

    // Malformed: refused with the position, nothing imported, no value quoted.
    let bad = only.path("bad.environment.yaml");
    std::fs::write(
        &bad,
        "name: bad\nvalues:\n  - key: leaked\n    value: [sk-planted-7731\n",
    )
    .unwrap();
    let before = std::fs::read(only.db()).unwrap();
    let out = only.cmd().arg("import").arg(&bad).output().unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("bad.environment.yaml:5:1: not valid YAML"),
        "{}",
        stderr(&out)
    );
    assert!(!stderr(&out).contains("sk-planted"), "{}", stderr(&out));
    assert_eq!(
        std::fs::read(only.db()).unwrap(),
        before,
        "the vault is unchanged"
    );
}
