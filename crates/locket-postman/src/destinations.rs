//! Where the requests of a run go, as far as is known before the run: each vault secret a
//! request uses, with the request's destination. The resolver refuses a linked secret that
//! none of its destinations allows before fetching it (the guard still checks every request
//! and redirect when it is sent).
//!
//! A request's destination is known when its URL, built with the run's starting variables
//! (each data row in turn) and with vault references left in place, parses, and nothing can
//! change it later:
//! - the request has no pre-request script (which may rewrite it or set its variables);
//! - if the run has scripts at all (a test script may set variables), the URL's scheme, host
//!   and port are written literally, not taken from variables;
//! - no vault reference is in the URL's user name or password (a value there could move the
//!   host).
//!
//! A secret with any use whose destination is not known is not listed (it is fetched as
//! before), and so is a secret referenced by a variable when the run has scripts: a script may
//! read it and send it anywhere its guard allows.

use std::collections::{BTreeMap, BTreeSet};

use locket_core::SecretName;
use locket_core::reference::{self, Item as RefItem};
use locket_core::resolve::{Destination, Resolution, Revealed};

use crate::dynamic::Dynamic;
use crate::model::UrlDef;
use crate::request::{Context, build};
use crate::runner::{Inputs, Planned, RunOptions};
use crate::variables::{Scope, Scopes};

/// The most request builds spent on this (requests × distinct data rows): past it, nothing is
/// known and every secret is fetched as before.
const MAX_BUILDS: usize = 20_000;

/// Each secret whose every use in `plan` has a known destination, with those destinations.
pub fn known(
    inputs: &Inputs,
    plan: &[Planned<'_>],
    options: &RunOptions,
) -> BTreeMap<SecretName, Vec<Destination>> {
    let iterations = options.iterations.unwrap_or(inputs.data.len().max(1));
    let rows = iterations.min(inputs.data.len()).max(1);
    let build_options = options.build_options();
    if rows.saturating_mul(plan.len()) > MAX_BUILDS {
        return BTreeMap::new();
    }
    let has_scripts = plan.iter().any(|p| p.scripts() > 0);
    let mut known: BTreeMap<SecretName, Vec<Destination>> = BTreeMap::new();
    let mut unknown: BTreeSet<SecretName> = BTreeSet::new();
    if has_scripts {
        unknown.extend(in_variables(inputs));
    }
    let empty = Scope::default();
    let collection = Scope::new(&inputs.collection.variables);
    let nothing = Resolution::default();
    let revealed = Revealed::new(&nothing, []);
    for row in 0..rows {
        let data = inputs.data.get(row).unwrap_or(&empty);
        for planned in plan {
            let mut dynamic = Dynamic::new();
            let mut ctx = Context {
                scopes: Scopes {
                    layers: vec![
                        &empty,
                        data,
                        &inputs.environment,
                        &collection,
                        &inputs.globals,
                    ],
                },
                dynamic: &mut dynamic,
                known: &revealed,
                used: BTreeSet::new(),
                preview: true,
            };
            let built = build(
                &planned.item.request,
                planned.auth,
                planned.profile,
                &mut ctx,
                &build_options,
            )
            .map(|built| built.spec);
            // A built request lists what it uses in `carries`; a failed one left it in `used`.
            let (used, destination) = match built {
                Ok(spec) => {
                    let known_here = planned.prerequest.is_empty()
                        && (!has_scripts || literal_origin(&planned.item.request.url))
                        && !reference_in_userinfo(&spec.url);
                    (
                        spec.carries,
                        known_here.then(|| locket_http::destination(&spec.url)),
                    )
                }
                Err(_) => (ctx.used, None),
            };
            for name in used {
                match &destination {
                    Some(to) => {
                        let list = known.entry(name).or_default();
                        if !list.contains(to) {
                            list.push(to.clone());
                        }
                    }
                    None => {
                        unknown.insert(name);
                    }
                }
            }
        }
    }
    known.retain(|name, _| !unknown.contains(name));
    known
}

/// Whether the URL's user name or password holds a reference (as written or percent-encoded).
fn reference_in_userinfo(url: &locket_http::Url) -> bool {
    [url.username(), url.password().unwrap_or_default()]
        .iter()
        .any(|part| part.contains('{') || part.to_ascii_uppercase().contains("%7B"))
}

/// Whether the URL's scheme, host and port are written without variables.
fn literal_origin(url: &UrlDef) -> bool {
    match &url.parts {
        Some(p) => [
            p.protocol.as_deref(),
            Some(p.host.as_str()),
            p.port.as_deref(),
        ]
        .into_iter()
        .flatten()
        .all(|t| !t.contains("{{")),
        None => {
            let raw = url.raw.trim_start();
            let start = raw.find("://").map_or(0, |i| i + 3);
            let end = raw[start..]
                .find(['/', '?', '#', '\\'])
                .map_or(raw.len(), |i| start + i);
            !raw[..end].contains("{{")
        }
    }
}

/// The secrets referenced by variable values of any scope of the run.
fn in_variables(inputs: &Inputs) -> BTreeSet<SecretName> {
    let collection = Scope::new(&inputs.collection.variables);
    let scopes = [&inputs.environment, &inputs.globals, &collection]
        .into_iter()
        .chain(inputs.data.iter());
    let mut out = BTreeSet::new();
    for scope in scopes {
        for (_, value) in scope.values() {
            if value.contains("{{") {
                for item in reference::parse(value.as_bytes()) {
                    if let RefItem::Reference { name, .. } = item {
                        out.insert(name);
                    }
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Collection;
    use crate::runner::plan;

    fn options() -> RunOptions {
        RunOptions {
            iterations: None,
            folders: Vec::new(),
            bail: false,
            insecure: false,
            allow_cleartext_proxy: false,
            timeout_request: None,
            delay_request: std::time::Duration::ZERO,
            ignore_redirects: false,
            parallel: 1,
            working_dir: std::env::temp_dir(),
            body_limit: 0,
            confine_files: false,
            run_timeout: None,
            tls: locket_http::Tls::default(),
        }
    }

    fn known_for(items: serde_json::Value, environment: Scope) -> Vec<(String, Vec<String>)> {
        let json = serde_json::json!({"info": {"name": "c"}, "item": items});
        let collection = Collection::from_json(json.to_string().as_bytes()).unwrap();
        let inputs = Inputs {
            collection,
            secret_values: Vec::new(),
            environment_name: None,
            environment,
            globals_name: None,
            globals: Scope::default(),
            data: Vec::new(),
        };
        let planned = plan(&inputs.collection, &[]).unwrap();
        known(&inputs, &planned, &options())
            .into_iter()
            .map(|(n, d)| (n.to_string(), d.iter().map(ToString::to_string).collect()))
            .collect()
    }

    fn get(name: &str, url: &str) -> serde_json::Value {
        serde_json::json!({"name": name, "request": {"method": "GET", "url": url}})
    }

    #[test]
    fn each_secret_with_the_destinations_of_the_requests_using_it() {
        let env = Scope::from_pairs([("host".to_string(), "api.example.com".to_string())]);
        let found = known_for(
            serde_json::json!([
                get("a", "https://a.example.com/x?k={{vault:query}}"),
                get("b", "http://b.example.com:8080/{{vault:query}}"),
                get("c", "https://{{host}}/{{vault:via_variable}}"),
                get("d", "https://{{vault:in_host}}.example.com/"),
                get("e", "https://{{vault:user}}@e.example.com/"),
            ]),
            env,
        );
        assert_eq!(
            found,
            [
                (
                    "query".to_string(),
                    vec![
                        "https://a.example.com:443".to_string(),
                        "http://b.example.com:8080".to_string()
                    ]
                ),
                (
                    "via_variable".to_string(),
                    vec!["https://api.example.com:443".to_string()]
                ),
            ],
            "a reference in the host or the user info leaves its destination unknown"
        );
    }

    #[test]
    fn scripts_make_destinations_unknown_where_they_could_change_them() {
        let env = Scope::from_pairs([
            ("host".to_string(), "api.example.com".to_string()),
            ("token".to_string(), "{{vault:in_variable}}".to_string()),
        ]);
        let script =
            |listen: &str| serde_json::json!([{"listen": listen, "script": {"exec": ["1;"]}}]);
        let mut pre = get("pre", "https://p.example.com/{{vault:pre}}");
        pre["event"] = script("prerequest");
        let mut tested = get("tested", "https://t.example.com/{{vault:literal}}");
        tested["event"] = script("test");
        let found = known_for(
            serde_json::json!([
                pre,
                tested,
                get("variable_host", "https://{{host}}/{{vault:variable_host}}"),
                get("env", "https://t.example.com/?t={{token}}"),
            ]),
            env,
        );
        assert_eq!(
            found,
            [(
                "literal".to_string(),
                vec!["https://t.example.com:443".to_string()]
            )]
        );
    }
}
