//! The v3 reader on small trees and files: each trap of the format, read into the model.

use super::*;
use crate::model::{Body, Item, RequestItem};

fn tree(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (path, text) in files {
        let path = dir.path().join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    dir
}

fn names(items: &[Item]) -> Vec<String> {
    items
        .iter()
        .map(|i| match i {
            Item::Folder(f) => format!("{}/[{}]", f.name, names(&f.items).join(",")),
            Item::Request(r) => r.name.clone(),
        })
        .collect()
}

/// The one request of a file, read as a collection of it.
fn request(text: &str) -> RequestItem {
    let dir = tree(&[("r.request.yaml", text)]);
    let c = read_collection(&dir.path().join("r.request.yaml")).unwrap();
    match c.items.into_iter().next() {
        Some(Item::Request(r)) => *r,
        _ => panic!("no request"),
    }
}

const GET: &str = "$kind: http-request\nurl: http://h/x\nmethod: GET\n";

#[test]
fn siblings_run_by_order_folders_and_requests_interleaved_unordered_first_ties_by_name() {
    let dir = tree(&[
        ("b.request.yaml", &format!("{GET}order: 2000\n")),
        ("a.request.yaml", &format!("{GET}order: 2000\n")),
        ("z.request.yaml", GET),
        (
            "F/.resources/definition.yaml",
            "$kind: collection\nname: Folder\norder: 1500\n",
        ),
        ("F/in.request.yml", GET),
        (
            "G/.resources/definition.yaml",
            "$kind: collection\norder: 1e4\n",
        ),
        ("G/g.request.yaml", &format!("{GET}name: \"Named: g?\"\n")),
        (".resources/x.resources/examples/e.example.yaml", GET),
        ("notes.md", "not a request"),
        ("ws.request.yaml", "$kind: websocket-request\nurl: ws://h\n"),
    ]);
    let c = read_collection(dir.path()).unwrap();
    assert_eq!(
        names(&c.items),
        ["z", "Folder/[in]", "a", "b", "G/[Named: g?]"]
    );
}

#[test]
fn a_directory_with_neither_requests_nor_a_definition_is_refused_with_a_hint() {
    let dir = tree(&[("export.postman_collection.json", "{}")]);
    let err = read_collection(dir.path()).err().unwrap().to_string();
    assert!(
        err.contains("not a Postman v3 collection") && err.contains(".json file"),
        "{err}"
    );
    let empty = tree(&[(
        ".resources/definition.yaml",
        "$kind: collection\nname: Empty\n",
    )]);
    let c = read_collection(empty.path()).unwrap();
    assert_eq!(
        (c.name.as_str(), c.items.len()),
        ("Empty", 0),
        "a defined empty collection runs"
    );
}

#[test]
fn definitions_give_the_collection_and_folders_their_settings() {
    let dir = tree(&[
        (
            ".resources/definition.yaml",
            "$kind: collection\nname: C\nid: c-1\nvariables:\n  a: \"1\"\n  n: 5\n\
             auth:\n  - id: x\n    type: bearer\n    credentials:\n      token: t\n\
             scripts:\n  - type: http:beforeRequest\n    code: one()\n  - type: grpc:beforeRequest\n    code: no()\n",
        ),
        (
            "F/.resources/definition.yaml",
            "$kind: collection\nauth:\n  type: noauth\nsettings:\n  followRedirects: false\n  maxRedirects: 3\n",
        ),
        ("F/r.request.yaml", GET),
    ]);
    let c = read_collection(dir.path()).unwrap();
    assert_eq!((c.name.as_str(), c.id.as_str()), ("C", "c-1"));
    let vars: Vec<_> = c
        .variables
        .iter()
        .map(|v| (v.key.as_str(), v.value.as_str()))
        .collect();
    assert_eq!(vars, [("a", "1"), ("n", "5")]);
    assert_eq!(c.auth.as_ref().unwrap().param("token"), Some("t"));
    assert_eq!(c.scripts.len(), 1, "only the http: script");
    assert_eq!(c.scripts[0].source, "one()");
    let Item::Folder(f) = &c.items[0] else {
        panic!()
    };
    assert_eq!(f.name, "F", "no name in the definition: the directory's");
    assert_eq!(f.auth.as_ref().unwrap().kind, "noauth");
    assert_eq!(f.profile.follow_redirects, Some(false));
    assert_eq!(f.profile.max_redirects, Some(3));
}

#[test]
fn the_query_string_is_taken_once_and_query_params_win_for_their_keys() {
    let r = request(
        "$kind: http-request\nurl: \"{{h}}/q?a=1&b=2#top\"\nqueryParams:\n  - key: a\n    value: \"9\"\n\
         \x20 - key: c\n    value: null\n  - key: d\n    value: \"4\"\n    disabled: true\n",
    );
    let parts = r.request.url.parts.unwrap();
    assert_eq!(parts.host, "{{h}}");
    assert_eq!(parts.path.as_deref(), Some("q"));
    assert_eq!(parts.hash.as_deref(), Some("top"));
    let query: Vec<_> = parts
        .query
        .iter()
        .map(|q| (q.key.as_str(), q.value.as_deref(), q.disabled))
        .collect();
    assert_eq!(
        query,
        [
            ("b", Some("2"), false),
            ("a", Some("9"), false),
            ("c", None, false),
            ("d", Some("4"), true)
        ]
    );
    assert_eq!(r.raw["url"]["raw"], "{{h}}/q?b=2&a=9&c#top");
}

#[test]
fn urls_split_as_postman_splits_them() {
    let r = request("url: https://u:p@api.example.com:8443/v1/:id\npathVariables:\n  id: \"7\"\n");
    let parts = r.request.url.parts.unwrap();
    assert_eq!(parts.protocol.as_deref(), Some("https"));
    assert_eq!(parts.auth, Some(("u".into(), "p".into())));
    assert_eq!(
        (parts.host.as_str(), parts.port.as_deref()),
        ("api.example.com", Some("8443"))
    );
    assert_eq!(parts.path.as_deref(), Some("v1/:id"));
    assert_eq!(r.request.url.path_variables[0].value, "7");
    assert_eq!(r.request.method, "GET", "no method: GET");
}

#[test]
fn headers_and_credentials_read_as_lists_or_maps() {
    let listed = request(
        "url: h\nheaders:\n  - key: A\n    value: \"1\"\n  - key: A\n    value: \"2\"\n  - key: Off\n    value: x\n    disabled: true\n\
         auth:\n  type: apikey\n  credentials:\n    - key: key\n      value: K\n    - key: in\n      value: query\n",
    );
    let h: Vec<_> = listed
        .request
        .headers
        .iter()
        .map(|p| (p.key.as_str(), p.value.as_str(), p.disabled))
        .collect();
    assert_eq!(
        h,
        [("A", "1", false), ("A", "2", false), ("Off", "x", true)]
    );
    assert_eq!(
        listed.request.auth.as_ref().unwrap().param("in"),
        Some("query")
    );
    let mapped = request(
        "url: h\nheaders:\n  B: 2\n  A: true\nauth:\n  type: basic\n  credentials:\n    username: u\n",
    );
    let h: Vec<_> = mapped
        .request
        .headers
        .iter()
        .map(|p| (p.key.as_str(), p.value.as_str()))
        .collect();
    assert_eq!(
        h,
        [("B", "2"), ("A", "true")],
        "file order, scalars as text"
    );
    assert_eq!(mapped.request.auth.unwrap().param("username"), Some("u"));
    assert!(
        request("url: h\nauth:\n  type: inherit\n")
            .request
            .auth
            .is_none()
    );
}

#[test]
fn every_body_type_maps_to_its_v21_mode() {
    let body = |yaml: &str| {
        request(&format!("url: h\nmethod: POST\nbody:\n{yaml}"))
            .request
            .body
    };
    assert!(matches!(body("  type: xml\n  content: <a/>\n"),
        Some(Body::Raw { text, language: Some(l) }) if text == "<a/>" && l == "xml"));
    assert!(
        matches!(body("  type: urlencoded\n  content:\n    a: \"1\"\n"),
        Some(Body::UrlEncoded(p)) if p[0].key == "a" && p[0].value == "1")
    );
    assert!(
        matches!(body("  type: formdata\n  content:\n    - key: f\n      type: file\n      src: [x.bin, y.bin]\n"),
        Some(Body::FormData(p)) if matches!(&p[0].value, crate::model::FormValue::Files(s) if s.len() == 2))
    );
    assert!(
        matches!(body("  type: file\n  content:\n    src: x.bin\n"), Some(Body::File(Some(s))) if s == "x.bin")
    );
    assert!(
        matches!(body("  type: graphql\n  content:\n    query: \"{ a }\"\n    variables:\n      n: 1\n"),
        Some(Body::GraphQl { query, variables: Some(v) }) if query == "{ a }" && v == r#"{"n":1}"#)
    );
    assert!(body("  type: none\n").is_none());
    let dir = tree(&[("r.request.yaml", "url: h\nbody:\n  type: protobuf\n")]);
    let err = read_collection(dir.path()).err().unwrap().to_string();
    assert!(
        err.contains("r.request.yaml") && err.contains("\"protobuf\""),
        "{err}"
    );
}

#[test]
fn malformed_yaml_names_the_place_and_what_was_expected_never_the_text() {
    let dir = tree(&[(
        "bad.request.yaml",
        "url: h\nheaders:\n  A: \"sk-secret-value\n",
    )]);
    let err = read_collection(dir.path()).err().unwrap().to_string();
    assert!(
        err.contains("bad.request.yaml:3:6: not valid YAML: "),
        "{err}"
    );
    assert!(!err.contains("sk-secret"), "{err}");
    let dir = tree(&[("list.request.yaml", "- url: a\n")]);
    let err = read_collection(dir.path()).err().unwrap().to_string();
    assert!(
        err.contains("list.request.yaml: is not a Postman request"),
        "{err}"
    );
    let dir = tree(&[("two.request.yaml", "url: a\n---\nurl: b\n")]);
    let err = read_collection(dir.path()).err().unwrap().to_string();
    assert!(err.contains("2 YAML documents"), "{err}");
}

#[test]
fn environments_in_yaml_with_secret_disabled_and_encodings() {
    let yaml = "name: E\nvalues:\n  - key: a\n    value: \"1\"\n    type: secret\n  - key: b\n    value: x\n    secret: true\n\
                \x20 - key: c\n    value: y\n    enabled: false\n  - key: d\n    value: 0.50\n";
    let mut utf16 = vec![0xFF, 0xFE];
    utf16.extend(yaml.encode_utf16().flat_map(u16::to_le_bytes));
    for bytes in [
        yaml.as_bytes().to_vec(),
        [b"\xEF\xBB\xBF".as_slice(), yaml.as_bytes()].concat(),
        utf16,
    ] {
        let e = read_variable_file(&bytes, "e.yaml").unwrap();
        assert_eq!(e.name, "E");
        let v: Vec<_> = e
            .values
            .iter()
            .map(|v| (v.key.as_str(), v.value.as_str(), v.secret, v.disabled))
            .collect();
        assert_eq!(
            v,
            [
                ("a", "1", true, false),
                ("b", "x", true, false),
                ("c", "y", false, true),
                ("d", "0.5", false, false)
            ]
        );
    }
    let globals = read_variable_file(b"name: Globals\nvalues: []\n", "g.yaml").unwrap();
    assert!(globals.values.is_empty());
    let json =
        read_variable_file(br#"{"name":"J","values":[{"key":"k","value":"v"}]}"#, "j").unwrap();
    assert_eq!(json.values[0].key, "k");
    let err = read_variable_file(b"$kind: http-request\nurl: x\n", "r.yaml")
        .err()
        .unwrap()
        .to_string();
    assert!(err.contains("r.yaml") && err.contains("values"), "{err}");
}
