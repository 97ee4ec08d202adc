//! The rules on small files of each format, written here; the CLI's tests cover the same kinds
//! end to end.

use super::*;

fn found(text: &str, format: Format) -> Vec<(String, &'static str, String)> {
    scan("f", text, format, &[], &Options::default())
        .unwrap()
        .into_iter()
        .map(|f| (f.value.to_string(), f.kind.as_str(), f.name))
        .collect()
}

fn values(text: &str, format: Format) -> Vec<String> {
    found(text, format).into_iter().map(|(v, _, _)| v).collect()
}

const GH: &str = "ghp_R4nd0mT0k3nV4lu3F0rT3st1ngPurp0s3s12";

#[test]
fn a_v21_collection_reports_every_secret_place_and_its_offset() {
    let text = format!(
        r#"{{"info": {{"name": "My API", "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"}},
 "item": [{{"name": "Get user", "request": {{
   "url": {{"raw": "https://api.example.com/users?api_key=k3yV4lu3Plain", "host": ["api","example","com"],
            "query": [{{"key": "api_key", "value": "k3yV4lu3Plain"}}]}},
   "header": [{{"key": "Authorization", "value": "Bearer {GH}"}},
              {{"key": "X-Request-Id", "value": "550e8400-e29b-41d4-a716-446655440000"}},
              {{"key": "X-Trace", "value": "{{{{trace}}}}"}}],
   "auth": {{"type": "basic", "basic": [{{"key": "username", "value": "me"}}, {{"key": "password", "value": "hunter2hunter2"}}]}}
 }}}}],
 "variable": [{{"key": "baseUrl", "value": "https://api.example.com"}}]}}"#
    );
    let all = scan("c.json", &text, Format::Json, &[], &Options::default()).unwrap();
    let got: Vec<(&str, &str, &str)> = all
        .iter()
        .map(|f| {
            (
                &text[f.offset..f.offset + 4],
                f.kind.as_str(),
                f.name.as_str(),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            ("k3yV", "secret-parameter", "my-api.get-user.url"),
            ("k3yV", "secret-parameter", "my-api.get-user.api-key"),
            ("ghp_", "github-token", "my-api.get-user.authorization"),
            ("hunt", "auth-field", "my-api.get-user.basic-password"),
        ]
    );
    assert_eq!(all[2].host.as_ref().unwrap().to_string(), "api.example.com");
    assert!(all.iter().all(|f| f.edit.is_ok()));
}

#[test]
fn environments_report_secret_typed_values_in_json_and_yaml() {
    let json = r#"{"name": "prod", "values": [
      {"key": "token", "value": "s3cr3t-typed", "type": "secret", "enabled": true},
      {"key": "region", "value": "eu-west-1", "type": "default"},
      {"key": "pin", "value": "12", "type": "secret"}]}"#;
    assert_eq!(
        found(json, Format::Json),
        [
            (
                "s3cr3t-typed".into(),
                "secret-variable",
                "prod.token".into()
            ),
            ("12".into(), "secret-variable", "prod.pin".into()),
        ]
    );
    let yaml = "name: prod\nvalues:\n  - key: token\n    value: s3cr3t-typed\n    type: secret\n  - key: other\n    value: x1\n    secret: true\n  - key: region\n    value: eu-west-1\n";
    assert_eq!(values(yaml, Format::Yaml), ["s3cr3t-typed", "x1"]);
}

#[test]
fn v3_requests_in_map_and_list_forms() {
    let yaml = format!(
        "$kind: http-request\nname: Create\nmethod: POST\nurl: https://api.stripe.com/v1/charges\nheaders:\n  X-Api-Key: plainkey123\n  Accept: application/json\nauth:\n  type: bearer\n  credentials:\n    - key: token\n      value: \"{GH}\" # pasted\nbody:\n  type: json\n  content: |-\n    {{\"card\": \"sk_live_{0}\"}}\n",
        "a".repeat(24)
    );
    let got = found(&yaml, Format::Yaml);
    let kinds: Vec<&str> = got.iter().map(|(_, k, _)| *k).collect();
    assert_eq!(kinds, ["auth-header", "github-token", "stripe-key"]);
    assert_eq!(got[0].2, "create.x-api-key");
    // In a tree, the folder and the request's `name:` (which replaces the file stem).
    let origin = origin(Path::new("postman/collections/Shop/Create-.request.yaml"));
    assert_eq!(origin, ["Shop", "Create-"]);
    let named = scan("f", &yaml, Format::Yaml, &origin, &Options::default()).unwrap();
    assert_eq!(named[0].name, "shop.create.x-api-key");
}

#[test]
fn dotenv_names_and_formats() {
    let text = "# config\nAPI_TOKEN=abcd1234efgh\nPORT=8080\nTOKEN_URL=https://x.example.com/token\nAWS_ID=AKIAABCDEFGH23456789\nPASSWORD=\nDB_PASSWORD='p@ss w0rd!'\n";
    assert_eq!(
        found(text, Format::Dotenv)
            .iter()
            .map(|(v, k, _)| (v.as_str(), *k))
            .collect::<Vec<_>>(),
        [
            ("abcd1234efgh", "secret-parameter"),
            ("AKIAABCDEFGH23456789", "aws-access-key-id"),
            ("p@ss w0rd!", "secret-parameter"),
        ]
    );
}

#[test]
fn secret_named_query_parameters_in_a_url_string() {
    let text = r#"{"info": {"name": "x"}, "item": [{"name": "r", "request": {"url": "https://h.example.com/a?page=2&access_token=t0k3nValue9&key={{k}}#f"}}]}"#;
    assert_eq!(values(text, Format::Json), ["t0k3nValue9"]);
}

#[test]
fn common_shapes_are_not_secrets() {
    let text = r#"{"info": {"name": "x"}, "item": [{"name": "t da39a3ee5e6b4b0d3255bfef95601890afd80709", "request": {
      "url": "https://api.example.com/v1/organizations/12345/members?page=2",
      "header": [{"key": "Authorization", "value": "Bearer {{token}}"},
                 {"key": "X-Api-Key", "value": "{{vault:api_key}}"},
                 {"key": "X-Correlation-Id", "value": "550e8400-e29b-41d4-a716-446655440000"},
                 {"key": "Authorization", "value": "Bearer <your token>"}],
      "body": {"mode": "raw", "raw": "{\"password_min_length\": 12, \"token_url\": \"https://auth.example.com/oauth/token\"}"}}}]}"#;
    assert_eq!(values(text, Format::Json), Vec::<String>::new());
}

#[test]
fn the_ignore_comment_works_on_the_line_and_above() {
    let text = "API_TOKEN=abcd1234efgh # locket:ignore\n# locket:ignore (a test fixture)\nOTHER_TOKEN=zyxw9876vuts\nLAST_TOKEN=zyxw9876vutq\n";
    assert_eq!(values(text, Format::Dotenv), ["zyxw9876vutq"]);
}

#[test]
fn scripts_are_reported_but_not_rewritten() {
    let text = format!(
        r#"{{"info": {{"name": "x"}}, "item": [], "event": [{{"listen": "prerequest", "script": {{"exec": ["pm.environment.set('t', '{GH}')"]}}}}]}}"#
    );
    let all = scan("c.json", &text, Format::Json, &[], &Options::default()).unwrap();
    assert_eq!(all.len(), 1);
    assert!(all[0].edit.is_err());
}

#[test]
fn escaped_values_are_replaced_at_their_exact_span() {
    // "ghp_…" with its first letters written as \u escapes, and a YAML plain scalar.
    let escaped = format!("\\u0067\\u0068p_{}", &GH[4..]);
    let json = format!(
        r#"{{"info": {{"name": "x"}}, "item": [{{"name": "r", "request": {{"url": "https://h.example.com/", "header": [{{"key": "Authorization", "value": "Bearer {escaped}"}}]}}}}]}}"#
    );
    let all = scan("c.json", &json, Format::Json, &[], &Options::default()).unwrap();
    assert_eq!(all[0].value.as_str(), GH);
    let edit = all[0].edit.clone().unwrap();
    assert_eq!(&json[edit.range.clone()], escaped);
    let (fixed, _) = rewrite::apply(&json, &[(edit, rewrite::reference("n"))]);
    assert!(fixed.contains(r#""Bearer {{vault:n}}""#));

    let yaml = format!("headers:\n  Authorization: Bearer {GH}\n");
    let all = scan(
        "r.request.yaml",
        &yaml,
        Format::Yaml,
        &[],
        &Options::default(),
    )
    .unwrap();
    let (fixed, _) = rewrite::apply(
        &yaml,
        &[(all[0].edit.clone().unwrap(), rewrite::reference("n"))],
    );
    assert_eq!(fixed, "headers:\n  Authorization: \"Bearer {{vault:n}}\"\n");
}

#[test]
fn previews_never_show_more_than_four_characters() {
    assert_eq!(preview(GH), "ghp_…");
    assert_eq!(preview("hunter2hunter2"), "hun…");
    assert_eq!(preview("short"), "…");
}

#[test]
fn names_and_hosts() {
    assert_eq!(
        vault_name(&["My API".into(), "Users / Get!".into(), "X-Api-Key".into()]),
        "my-api.users-get.x-api-key"
    );
    let long: Vec<String> = (0..20)
        .map(|i| format!("folder-{i}-{}", "x".repeat(8)))
        .collect();
    assert!(vault_name(&long).len() <= 124);
    assert!(locket_core::SecretName::new(&vault_name(&long)).is_ok());
    for (url, host) in [
        ("https://api.example.com:8443/x?y", Some("api.example.com")),
        ("http://127.0.0.1:8080/x", Some("http://127.0.0.1:8080")),
        ("{{baseUrl}}/x", None),
        ("https://{{host}}/x", None),
    ] {
        assert_eq!(
            host_of(url).map(|h| h.to_string()).as_deref(),
            host,
            "{url}"
        );
    }
}

#[test]
fn two_secrets_of_one_plain_yaml_scalar_are_both_moved() {
    let yaml = format!(
        "headers:\n  X-Both: {GH} and {GH2} # two\n",
        GH2 = "glpat-Xy9zAbCdEfGh1234IjKl"
    );
    let fixed = fix(
        "r.request.yaml",
        &yaml,
        Format::Yaml,
        &Options::default(),
        |v| Some(if v.starts_with("ghp_") { "a" } else { "b" }.to_string()),
    )
    .unwrap();
    assert_eq!(
        fixed,
        "headers:\n  X-Both: \"{{vault:a}} and {{vault:b}}\" # two\n"
    );
}

#[test]
fn a_host_given_by_a_collection_variable_is_the_allowed_host() {
    let text = format!(
        r#"{{"info": {{"name": "c"}},
 "item": [{{"name": "r", "request": {{"url": "{{{{baseUrl}}}}/users",
   "header": [{{"key": "Authorization", "value": "Bearer {GH}"}}]}}}},
  {{"name": "unknown", "request": {{"url": "{{{{elsewhere}}}}/x",
   "header": [{{"key": "X-Api-Key", "value": "{GH}x"}}]}}}}],
 "variable": [{{"key": "baseUrl", "value": "https://api.example.com/v1"}}]}}"#
    );
    let all = scan("c.json", &text, Format::Json, &[], &Options::default()).unwrap();
    let hosts: Vec<Option<String>> = all
        .iter()
        .map(|f| f.host.as_ref().map(|h| h.to_string()))
        .collect();
    assert_eq!(hosts, [Some("api.example.com".to_string()), None]);
}
