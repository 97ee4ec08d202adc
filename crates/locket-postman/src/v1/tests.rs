//! One test per conversion rule: a small hand-written v1 input and the v2.1 the transformer
//! (newman's converter) makes of it.

use serde_json::{Value, json};

use super::{is_v1, to_v21};
use crate::model::Collection;

/// A v1 collection holding the given requests, all loose (in `order`).
fn collection_of(requests: Value) -> Value {
    let order: Vec<Value> = requests
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].clone())
        .collect();
    json!({ "id": "c1", "name": "v1", "order": order, "requests": requests })
}

/// The v2.1 item of one request.
fn item_of(request: Value) -> Value {
    let mut request = request;
    request["id"] = json!("r1");
    let out = to_v21(&collection_of(json!([request]))).unwrap();
    out["item"][0].clone()
}

fn error_of(document: Value) -> String {
    to_v21(&document).expect_err("an error").to_string()
}

// ---- detection and the collection ------------------------------------------------------------

#[test]
fn detects_v1_as_newman_does() {
    assert!(is_v1(&json!({ "name": "n", "order": [], "requests": [] })));
    assert!(!is_v1(&json!({ "order": [], "requests": [] })), "no name");
    assert!(!is_v1(&json!({ "name": "", "order": [], "requests": [] })));
    assert!(!is_v1(&json!({ "name": "n", "requests": [] })), "no order");
    assert!(!is_v1(&json!({ "info": { "name": "n" }, "item": [] })));
    let refused = Collection::from_json(br#"{"requests":[],"order":[]}"#)
        .err()
        .unwrap()
        .to_string();
    assert!(refused.contains("a v1 collection needs"), "{refused}");
}

#[test]
fn collection_info_keeps_id_name_description_and_declares_v21() {
    let out = to_v21(&json!({
        "id": "abc", "name": "Shop", "description": "d", "order": [], "requests": []
    }))
    .unwrap();
    assert_eq!(
        out["info"],
        json!({
            "_postman_id": "abc", "name": "Shop", "description": "d",
            "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"
        })
    );
    assert_eq!(out["item"], json!([]));
    let no_id =
        to_v21(&json!({ "name": "n", "description": "", "order": [], "requests": [] })).unwrap();
    let id = no_id["info"]["_postman_id"].as_str().unwrap();
    assert_eq!(id.len(), 36, "a made-up uuid, as the transformer's: {id}");
    assert!(
        no_id["info"].get("description").is_none(),
        "an empty description is dropped"
    );
}

#[test]
fn collection_scripts_variables_auth_and_settings() {
    let out = to_v21(&json!({
        "name": "n", "order": [], "requests": [],
        "events": [{ "listen": "prerequest", "script": { "exec": "a\nb", "id": "x" } }],
        "variables": [{ "id": "v", "value": "1", "type": "text" }, { "key": "w", "value": 2, "disabled": true }],
        "auth": { "type": "bearer", "bearer": [{ "key": "token", "value": "{{tok}}" }] },
        "protocolProfileBehavior": { "followRedirects": false }
    }))
    .unwrap();
    assert_eq!(
        out["event"],
        json!([{ "listen": "prerequest", "script": { "exec": ["a", "b"], "type": "text/javascript" } }])
    );
    assert_eq!(
        out["variable"],
        json!([{ "key": "v", "value": "1", "type": "string" }, { "key": "w", "value": 2, "disabled": true }])
    );
    assert_eq!(
        out["auth"],
        json!({ "type": "bearer", "bearer": [{ "key": "token", "value": "{{tok}}", "type": "string" }] })
    );
    assert_eq!(
        out["protocolProfileBehavior"],
        json!({ "followRedirects": false })
    );
    let noauth = to_v21(&json!({
        "name": "n", "order": [], "requests": [], "auth": { "type": "noauth" }
    }))
    .unwrap();
    assert!(
        noauth.get("auth").is_none(),
        "noauth means nothing at the top"
    );
}

// ---- folders and order -----------------------------------------------------------------------

fn request(id: &str) -> Value {
    json!({ "id": id, "name": id, "url": "http://echo.test/" , "method": "GET" })
}

fn names(items: &Value) -> Vec<String> {
    items
        .as_array()
        .unwrap()
        .iter()
        .map(|i| {
            let name = i["name"].as_str().unwrap().to_string();
            match i.get("item") {
                Some(children) => format!("{name}[{}]", names(children).join(",")),
                None => name,
            }
        })
        .collect()
}

#[test]
fn folders_nest_by_folders_order_subfolders_before_requests_then_loose_requests() {
    let out = to_v21(&json!({
        "name": "n",
        "order": ["loose", "gone", "loose"],
        "folders_order": ["A", "B"],
        "folders": [
            { "id": "A", "name": "A", "order": ["a1", "missing"], "folders_order": ["A1"] },
            { "id": "A1", "name": "A1", "order": ["a11"] },
            { "id": "B", "name": "B", "order": ["b1", "b1"] }
        ],
        "requests": [request("a1"), request("a11"), request("b1"), request("loose")]
    }))
    .unwrap();
    assert_eq!(
        names(&out["item"]),
        ["A[A1[a11],a1]", "B[b1,b1]", "loose"],
        "unknown ids skipped, a folder's repeated id repeats, `order` at the top is unique"
    );
}

#[test]
fn without_folders_order_folders_come_in_list_order_and_subfolders_only_once() {
    let out = to_v21(&json!({
        "name": "n", "order": [],
        "folders": [
            { "id": "B", "name": "B", "order": [], "folders_order": ["C"] },
            { "id": "A", "name": "A", "order": ["r"] },
            { "id": "C", "name": "C", "order": [] }
        ],
        "requests": [request("r")]
    }))
    .unwrap();
    assert_eq!(names(&out["item"]), ["B[C[]]", "A[r]"]);
    // An empty collection folders_order is a list: it lists no folder (the transformer's rule).
    let out = to_v21(&json!({
        "name": "n", "order": ["r"], "folders_order": [],
        "folders": [{ "id": "A", "name": "A", "order": ["r"] }], "requests": [request("r")]
    }))
    .unwrap();
    assert_eq!(names(&out["item"]), ["r"]);
}

#[test]
fn folder_fields_are_converted() {
    let out = to_v21(&json!({
        "name": "n", "order": [],
        "folders": [{
            "id": "F", "name": "F", "description": "about", "order": [],
            "auth": { "type": "noauth" },
            "preRequestScript": "pm.variables.set('f', 1)",
            "variables": [{ "key": "k", "value": "v" }]
        }],
        "requests": []
    }))
    .unwrap();
    assert_eq!(
        out["item"][0],
        json!({
            "name": "F", "description": "about", "item": [],
            "auth": { "type": "noauth" },
            "event": [{ "listen": "prerequest", "script": { "type": "text/javascript", "exec": ["pm.variables.set('f', 1)"] } }],
            "variable": [{ "key": "k", "value": "v" }]
        })
    );
}

#[test]
fn a_folder_inside_itself_is_refused_with_its_place() {
    let message = error_of(json!({
        "name": "n", "order": [], "folders_order": ["T"],
        "folders": [
            { "id": "A", "name": "A", "order": [], "folders_order": ["B"] },
            { "id": "B", "name": "B", "order": [], "folders_order": ["A"] },
            { "id": "T", "name": "T", "order": [], "folders_order": ["A"] }
        ],
        "requests": []
    }));
    assert!(
        message.contains("folders[") && message.contains("contains itself"),
        "{message}"
    );
}

// ---- a request ----------------------------------------------------------------------------

#[test]
fn request_item_has_name_method_description_events_and_no_id() {
    let item = item_of(json!({
        "name": "", "method": "post", "url": "http://echo.test/x", "description": "what",
        "tests": "pm.test('t', () => {});\nlet x = 1;", "preRequestScript": "var a;",
        "events": [{ "listen": "test", "script": { "exec": ["ignored"] } }],
        "protocolProfileBehavior": { "disableBodyPruning": true }
    }));
    assert_eq!(item["name"], "");
    assert!(item.get("id").is_none());
    assert_eq!(item["request"]["method"], "post", "kept as written");
    assert_eq!(item["request"]["description"], "what");
    assert_eq!(
        item["protocolProfileBehavior"],
        json!({ "disableBodyPruning": true })
    );
    assert_eq!(
        item["event"],
        json!([
            { "listen": "test", "script": { "type": "text/javascript", "exec": ["pm.test('t', () => {});", "let x = 1;"] } },
            { "listen": "prerequest", "script": { "type": "text/javascript", "exec": ["var a;"] } }
        ]),
        "the strings win over `events`"
    );
    assert_eq!(item["response"], json!([]));
}

// ---- URL -------------------------------------------------------------------------------------

#[test]
fn url_string_is_split_as_the_sdk_splits_it() {
    let item = item_of(json!({
        "url": "  https://u:p@{{host}}:8080/a/:id/:id/b?x=1&flag&&y={{v}}#frag"
    }));
    assert_eq!(
        item["request"]["url"],
        json!({
            "raw": "https://u:p@{{host}}:8080/a/:id/:id/b?x=1&flag&&y={{v}}#frag",
            "protocol": "https",
            "auth": { "user": "u", "password": "p" },
            "host": ["{{host}}"],
            "port": "8080",
            "path": ["a", ":id", ":id", "b"],
            "query": [
                { "key": "x", "value": "1" }, { "key": "flag", "value": null },
                { "key": null, "value": null }, { "key": "y", "value": "{{v}}" }
            ],
            "hash": "frag",
            "variable": [{ "key": "id" }]
        })
    );
}

#[test]
fn a_variable_holding_separators_stays_whole() {
    let item = item_of(json!({ "url": "{{base.url}}/users/{{a/b}}?q={{x&y}}" }));
    let url = &item["request"]["url"];
    assert_eq!(url["host"], json!(["{{base.url}}"]));
    assert_eq!(url["path"], json!(["users", "{{a/b}}"]));
    assert_eq!(url["query"], json!([{ "key": "q", "value": "{{x&y}}" }]));
    assert!(url.get("protocol").is_none());
}

#[test]
fn query_params_replace_the_strings_query_and_equals_rewrites_raw() {
    let item = item_of(json!({
        "url": "http://echo.test/get?old=1",
        "queryParams": [
            { "key": "a", "value": "1", "equals": true, "description": "" },
            { "key": "b", "value": "", "equals": false },
            { "key": "c", "value": null, "equals": true },
            { "key": "off", "value": "x", "enabled": false },
            { "key": "k=&", "value": "v&#" }
        ]
    }));
    let url = &item["request"]["url"];
    assert_eq!(
        url["query"],
        json!([
            { "key": "a", "value": "1" }, { "key": "b", "value": null }, { "key": "c", "value": "" },
            { "key": "off", "value": "x", "disabled": true }, { "key": "k=&", "value": "v&#" }
        ])
    );
    assert_eq!(url["raw"], "http://echo.test/get?a=1&b&c=&k%3D%26=v%26%23");
}

#[test]
fn path_variables_from_data_then_the_object() {
    let item = item_of(json!({
        "url": "http://echo.test/:a/:b",
        "pathVariableData": [{ "key": "a", "value": "1", "id": "x", "description": "" }],
        "pathVariables": { "a": "ignored", "b": "2" }
    }));
    assert_eq!(
        item["request"]["url"]["variable"],
        json!([{ "key": "a", "value": "1" }, { "key": "b", "value": "2" }])
    );
}

#[test]
fn no_url_has_none_and_a_number_is_text() {
    assert!(
        item_of(json!({ "name": "x" }))["request"]
            .get("url")
            .is_none()
    );
    assert_eq!(
        item_of(json!({ "url": "" }))["request"]["url"],
        json!({ "raw": "" })
    );
    assert_eq!(
        item_of(json!({ "url": 42 }))["request"]["url"]["host"],
        json!(["42"])
    );
}

// ---- headers ---------------------------------------------------------------------------------

#[test]
fn header_string_lines_with_comments_as_disabled() {
    let item = item_of(json!({
        "headers": "Accept: application/json\n// X-Off: no\n  indented: skipped\nnot a header\nHost:x:8080\r\nX-Empty:\n"
    }));
    assert_eq!(
        item["request"]["header"],
        json!([
            { "key": "Accept", "value": "application/json" },
            { "key": "X-Off", "value": "no", "disabled": true },
            { "key": "Host:x", "value": "8080" },
            { "key": "X-Empty", "value": "" }
        ])
    );
}

#[test]
fn header_data_wins_and_the_string_adds_the_rest() {
    let item = item_of(json!({
        "headers": "A: from string\nB: only here\n",
        "headerData": [
            { "key": "A", "value": "from data", "description": "", "enabled": true },
            { "key": "C", "value": "off", "enabled": false },
            { "key": "// D", "value": "commented" }
        ]
    }));
    assert_eq!(
        item["request"]["header"],
        json!([
            { "key": "A", "value": "from data" },
            { "key": "C", "value": "off", "disabled": true },
            { "key": "D", "value": "commented", "disabled": true },
            { "key": "B", "value": "only here" }
        ])
    );
    let list = item_of(json!({ "headers": [{ "key": "K", "value": "v", "enabled": false }] }));
    assert_eq!(
        list["request"]["header"],
        json!([{ "key": "K", "value": "v", "enabled": false }]),
        "a list is kept as it is"
    );
}

// ---- bodies ----------------------------------------------------------------------------------

fn body_of(request: Value) -> Value {
    item_of(request)["request"]
        .get("body")
        .cloned()
        .unwrap_or(Value::Null)
}

#[test]
fn body_modes() {
    assert_eq!(
        body_of(json!({ "dataMode": "raw", "rawModeData": "{\"a\":1}", "data": [] })),
        json!({ "mode": "raw", "raw": "{\"a\":1}" })
    );
    assert_eq!(
        body_of(json!({ "dataMode": "raw", "data": "old export" })),
        json!({ "mode": "raw", "raw": "old export" })
    );
    assert_eq!(
        body_of(json!({ "dataMode": "urlencoded", "data": [
            { "key": "a", "value": "1", "type": "text", "enabled": true },
            { "key": "b", "value": "2", "type": "text", "enabled": false },
            { "value": "no key" }
        ] })),
        json!({ "mode": "urlencoded", "urlencoded": [
            { "key": "a", "value": "1", "type": "text" },
            { "key": "b", "value": "2", "type": "text", "disabled": true }
        ] })
    );
    assert_eq!(
        body_of(json!({ "dataMode": "params", "data": [
            { "key": "f", "value": "file.txt", "type": "file" },
            { "key": "t", "value": "x", "type": "text", "description": "" }
        ] })),
        json!({ "mode": "formdata", "formdata": [
            { "key": "f", "src": "file.txt", "type": "file" },
            { "key": "t", "value": "x", "type": "text" }
        ] })
    );
    assert_eq!(
        body_of(json!({ "dataMode": "binary", "rawModeData": "/tmp/up.bin" })),
        json!({ "mode": "file", "file": { "src": "/tmp/up.bin" } })
    );
    assert_eq!(
        body_of(
            json!({ "dataMode": "graphql", "graphqlModeData": { "query": "{ a }", "variables": "{}" } })
        ),
        json!({ "mode": "graphql", "graphql": { "query": "{ a }", "variables": "{}" } })
    );
}

#[test]
fn body_mode_guessed_when_missing_and_absent_when_empty_or_null() {
    assert_eq!(
        body_of(json!({ "data": [], "rawModeData": "" })),
        Value::Null
    );
    assert_eq!(
        body_of(json!({ "dataMode": null, "rawModeData": "x" })),
        Value::Null
    );
    assert_eq!(
        body_of(json!({ "rawModeData": ["text"] })),
        json!({ "mode": "raw", "raw": "text" })
    );
    assert_eq!(
        body_of(json!({ "data": [{ "key": "k", "value": "v" }] })),
        json!({ "mode": "formdata", "formdata": [{ "key": "k", "value": "v" }] })
    );
    assert_eq!(
        body_of(json!({ "graphqlModeData": { "query": "q" } })),
        json!({ "mode": "graphql", "graphql": { "query": "q" } })
    );
    assert_eq!(
        body_of(
            json!({ "dataMode": "raw", "rawModeData": "x", "dataDisabled": true,
                        "dataOptions": { "raw": { "language": "json" }, "params": {} } })
        ),
        json!({ "mode": "raw", "raw": "x", "disabled": true, "options": { "raw": { "language": "json" } } })
    );
}

// ---- auth ------------------------------------------------------------------------------------

fn auth_of(request: Value) -> Value {
    item_of(request)["request"]
        .get("auth")
        .cloned()
        .unwrap_or(Value::Null)
}

#[test]
fn helpers_map_to_v21_auth_with_their_new_names() {
    assert_eq!(
        auth_of(json!({ "currentHelper": "basicAuth",
                        "helperAttributes": { "id": "basic", "username": "{{user}}", "password": "p", "saveToRequest": true } })),
        json!({ "type": "basic", "basic": [
            { "key": "username", "value": "{{user}}", "type": "string" },
            { "key": "password", "value": "p", "type": "string" },
            { "key": "saveHelperData", "value": true, "type": "boolean" },
            { "key": "showPassword", "value": false, "type": "boolean" }
        ] }),
        "{{variables}} are kept as written"
    );
    let hawk = auth_of(json!({ "currentHelper": "hawkAuth",
        "helperAttributes": "{\"hawk_id\":\"id\",\"hawk_key\":\"k\",\"algorithm\":\"sha256\",\"ext\":\"e\",\"app\":\"a\",\"dlg\":\"d\"}" }));
    let keys: Vec<(&str, Option<&str>)> = hawk["hawk"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p["key"].as_str().unwrap(),
                p.get("value").and_then(Value::as_str),
            )
        })
        .collect();
    assert_eq!(
        keys,
        [
            ("authId", Some("id")),
            ("authKey", Some("k")),
            ("algorithm", Some("sha256")),
            ("user", None),
            ("saveHelperData", None),
            ("nonce", None),
            ("extraData", Some("e")),
            ("appId", Some("a")),
            ("delegation", Some("d")),
            ("timestamp", None)
        ],
        "attributes as JSON text; missing ones have no value"
    );
    assert_eq!(hawk["hawk"][3], json!({ "key": "user", "type": "any" }));
    let oauth1 = auth_of(json!({ "currentHelper": "oAuth1", "helperAttributes": {
        "consumerKey": "ck", "header": true, "auto": true, "includeEmpty": false } }));
    let renamed: Vec<&str> = oauth1["oauth1"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p.get("value").is_some())
        .map(|p| p["key"].as_str().unwrap())
        .collect();
    assert_eq!(
        renamed,
        [
            "consumerKey",
            "addParamsToHeader",
            "autoAddParam",
            "addEmptyParamsToSign"
        ]
    );
    assert_eq!(
        auth_of(json!({ "currentHelper": "bearerAuth", "helperAttributes": { "token": "t" } })),
        json!({ "type": "bearer", "bearer": [{ "key": "token", "value": "t", "type": "string" }] })
    );
    assert_eq!(
        auth_of(
            json!({ "currentHelper": "awsSigV4", "helperAttributes": { "accessKey": "a", "region": "eu" } })
        ),
        json!({ "type": "awsv4", "awsv4": [
            { "key": "accessKey", "value": "a", "type": "string" },
            { "key": "region", "value": "eu", "type": "string" }
        ] })
    );
    for (helper, kind) in [
        ("digestAuth", "digest"),
        ("ntlmAuth", "ntlm"),
        ("apikeyAuth", "apikey"),
    ] {
        let auth =
            auth_of(json!({ "currentHelper": helper, "helperAttributes": { "username": "u" } }));
        assert_eq!(auth["type"], kind);
    }
}

#[test]
fn no_helper_normal_or_unreadable_attributes_mean_no_auth() {
    assert_eq!(
        auth_of(json!({ "currentHelper": "normal", "helperAttributes": { "a": 1 } })),
        Value::Null
    );
    assert_eq!(auth_of(json!({ "currentHelper": null })), Value::Null);
    assert_eq!(
        auth_of(json!({ "currentHelper": "basicAuth", "helperAttributes": "{not json" })),
        Value::Null
    );
    assert_eq!(
        auth_of(json!({ "currentHelper": "basicAuth" })),
        json!({ "type": "basic" }),
        "a helper without attributes has no parameters"
    );
    // The list form counts only without currentHelper; noauth is kept on a request.
    assert_eq!(
        auth_of(json!({ "auth": { "type": "noauth" } })),
        json!({ "type": "noauth" })
    );
    assert_eq!(
        auth_of(json!({ "currentHelper": null, "auth": { "type": "bearer", "bearer": [] } })),
        Value::Null
    );
    assert_eq!(
        auth_of(json!({ "auth": { "type": "apikey", "apikey": [
            { "key": "key", "value": "X-Key" }, { "key": "key", "value": "X-Later" }, { "key": "in", "value": "header" }
        ] } })),
        json!({ "type": "apikey", "apikey": [
            { "key": "key", "value": "X-Later", "type": "string" },
            { "key": "in", "value": "header", "type": "string" }
        ] })
    );
}

// ---- responses and variables --------------------------------------------------------------

#[test]
fn responses_are_converted_and_never_break_the_conversion() {
    let item = item_of(json!({
        "url": "http://echo.test/",
        "responses": [
            { "id": "s1", "name": "ok", "responseCode": { "code": 200, "name": "OK" },
              "text": "{}", "time": 12, "headers": [{ "key": "A", "value": "b" }],
              "request": "r1",
              "cookies": [{ "name": "sid", "value": "v", "expirationDate": 0 }] },
            { "id": "s2", "requestObject": "{not json either", "responseCode": "odd" },
            "not an object"
        ],
        "responses_order": ["s2", "missing", "s1"]
    }));
    let responses = item["response"].as_array().unwrap();
    assert_eq!(responses.len(), 2);
    assert_eq!(responses[0]["name"], "response");
    assert_eq!(responses[1]["status"], "OK");
    assert_eq!(responses[1]["code"], 200);
    assert_eq!(
        responses[1]["originalRequest"]["url"]["raw"],
        "http://echo.test/"
    );
    assert_eq!(responses[1]["cookie"][0]["key"], "sid");
    // An id that parses as JSON (a number) is taken as the request itself, as the transformer
    // does: an empty one.
    let numbered = item_of(json!({
        "url": "http://echo.test/",
        "responses": [{ "id": "s", "request": "1" }, { "id": "t", "request": "null" }]
    }));
    assert_eq!(
        numbered["response"][0]["originalRequest"],
        json!({ "header": [] })
    );
    assert!(numbered["response"][1].get("originalRequest").is_none());
}

#[test]
fn request_variables() {
    let item = item_of(json!({ "variables": [{ "key": "a", "value": "1", "description": "" }] }));
    assert_eq!(item["variable"], json!([{ "key": "a", "value": "1" }]));
}

// ---- errors ----------------------------------------------------------------------------------

#[test]
fn wrong_types_are_errors_naming_their_place() {
    let cases = [
        (
            json!({ "name": "n", "order": [], "requests": {} }),
            "requests is an object, expected a list",
        ),
        (
            json!({ "name": "n", "order": ["a"], "requests": [{ "id": "a", "headerData": [{ "key": "k" }, "x"] }] }),
            "requests[0].headerData[1] is a string, expected an object",
        ),
        (
            json!({ "name": "n", "order": ["a"], "requests": [{ "id": "a", "url": { "raw": "x" } }] }),
            "requests[0].url is an object, expected a string",
        ),
        (
            json!({ "name": "n", "order": [], "requests": [], "folders": [{ "id": "f", "order": "a" }] }),
            "folders[0].order is a string, expected a list",
        ),
        (
            json!({ "name": "n", "order": ["a"], "requests": [{ "id": "a", "dataMode": "params", "data": [1] }] }),
            "requests[0].data[0] is a number, expected an object",
        ),
        (
            json!({ "name": "n", "order": ["a"], "requests": [{ "id": "a", "currentHelper": 3 }] }),
            "requests[0].currentHelper is a number, expected a string",
        ),
    ];
    for (document, expected) in cases {
        let message = to_v21(&document)
            .err()
            .unwrap_or_else(|| panic!("no error for {document}"))
            .to_string();
        assert!(message.contains(expected), "{message}\nwanted: {expected}");
    }
}

// ---- read by the v2.1 reader -----------------------------------------------------------------

#[test]
fn a_v1_file_runs_through_the_v21_reader() {
    let file = json!({
        "id": "c", "name": "Shop", "order": ["r"],
        "folders": [{ "id": "F", "name": "Folder", "order": ["f"], "currentHelper": "bearerAuth",
                      "helperAttributes": { "token": "t" } }],
        "requests": [
            { "id": "r", "name": "loose", "method": "put", "url": "http://echo.test/put",
              "headers": "X-A: 1\n", "dataMode": "raw", "rawModeData": "hi" },
            { "id": "f", "name": "inside", "url": "http://echo.test/get" }
        ]
    });
    let collection = Collection::from_json(file.to_string().as_bytes()).unwrap();
    assert_eq!(collection.name, "Shop");
    assert_eq!(collection.items.len(), 2);
    let crate::model::Item::Folder(folder) = &collection.items[0] else {
        panic!("the folder comes first");
    };
    assert_eq!(folder.auth.as_ref().unwrap().kind, "bearer");
    let crate::model::Item::Request(loose) = &collection.items[1] else {
        panic!("then the loose request");
    };
    assert_eq!(loose.request.method, "PUT");
    assert_eq!(loose.request.headers[0].key, "X-A");
}
