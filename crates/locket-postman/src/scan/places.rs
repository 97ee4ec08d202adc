//! Where a string sits in a collection, an environment or a `.env` file, by Postman's layout
//! (v2.x JSON and v3 YAML alike): a header, an auth field, a parameter, a variable, a URL, a
//! body, a script or other text; with the request's host and the labels that name it.

use super::tree::{Node, Scalar};

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Place {
    Header(String),
    Auth { kind: String, field: String },
    Param(String),
    Variable { name: String, secret: bool },
    Url,
    Body,
    Script,
    Text,
}

pub struct Field<'a> {
    pub scalar: &'a Scalar,
    pub place: Place,
    /// Collection, folders, request (or environment, file), then the field: the vault name.
    pub label: Vec<String>,
    /// The request's URL, when the field belongs to a request.
    pub url: Option<String>,
    /// The keys and indexes from the root: a stable address for fingerprints.
    pub path: String,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Area {
    None,
    Headers,
    Params,
    Variables,
    Auth,
    Url,
    Body,
    Script,
    Text,
}

#[derive(Clone)]
struct Ctx {
    area: Area,
    auth_kind: String,
    label: Vec<String>,
    url: Option<String>,
    path: String,
}

pub fn fields<'a>(root: &'a Node, origin: &[String], dotenv: bool) -> Vec<Field<'a>> {
    let ctx = Ctx {
        area: if dotenv { Area::Variables } else { Area::None },
        auth_kind: String::new(),
        label: origin.to_vec(),
        url: None,
        path: String::new(),
    };
    let mut out = Vec::new();
    let mut root_ctx = ctx;
    // An environment, a globals file or a collection names what is in it.
    if let Some(name) = root
        .get("info")
        .and_then(|i| i.text("name"))
        .or_else(|| root.get("values").and(root.text("name")))
    {
        root_ctx.label.push(name.to_string());
    }
    walk(root, "", &root_ctx, &mut out);
    // Request URLs often start with a collection variable (`{{baseUrl}}/users`): resolved from
    // the collection's own `variable` list, so that a moved secret is allowed for the host its
    // request really reaches rather than for any.
    let variables = collection_variables(root);
    if !variables.is_empty() {
        for field in &mut out {
            if let Some(url) = &field.url {
                field.url = Some(substitute(url, &variables));
            }
        }
    }
    out
}

/// A v2.x collection's enabled `variable` entries with a literal value.
fn collection_variables(root: &Node) -> Vec<(String, String)> {
    let Some(Node::Seq(entries)) = root.get("variable") else {
        return Vec::new();
    };
    entries
        .iter()
        .filter(|v| v.text("disabled") != Some("true"))
        .filter_map(|v| Some((v.text("key")?.to_string(), v.text("value")?.to_string())))
        .filter(|(_, value)| !value.contains("{{"))
        .collect()
}

/// `{{name}}` replaced by its value, one pass; unknown names stay as written.
fn substitute(text: &str, variables: &[(String, String)]) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find("{{") {
        out.push_str(&rest[..start]);
        let after = &rest[start + 2..];
        match after.find("}}") {
            Some(end) => {
                let name = &after[..end];
                match variables.iter().rev().find(|(k, _)| k == name) {
                    Some((_, value)) => out.push_str(value),
                    None => out.push_str(&rest[start..start + 2 + end + 2]),
                }
                rest = &after[end + 2..];
            }
            None => {
                out.push_str(&rest[start..]);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

fn url_of(node: &Node) -> Option<String> {
    match node.get("url")? {
        Node::Str(s) => Some(s.value.to_string()),
        url => url.text("raw").map(str::to_string),
    }
}

fn child_area(ctx: &Ctx, key: &str, value: &Node) -> Area {
    match (ctx.area, key) {
        (Area::Script, _) => Area::Script,
        (_, "event" | "scripts" | "script" | "exec" | "code" | "prerequest" | "test") => {
            Area::Script
        }
        (_, "description" | "name" | "id" | "_postman_id" | "$kind" | "order" | "schema") => {
            Area::Text
        }
        (_, "header" | "headers") => Area::Headers,
        (Area::Url, "variable" | "query") => Area::Params,
        (_, "query" | "queryParams" | "pathVariables" | "urlencoded" | "formdata") => Area::Params,
        (_, "variable" | "variables" | "values") => Area::Variables,
        (_, "auth") => Area::Auth,
        (_, "url") => Area::Url,
        (Area::Url, "raw") => Area::Url,
        (Area::Url, _) => Area::Text,
        (_, "body") => Area::Body,
        (Area::Body, "content") if !matches!(value, Node::Str(_)) => Area::Params,
        (_, "response" | "examples" | "originalRequest") => Area::Text,
        (area, _) => area,
    }
}

fn walk<'a>(node: &'a Node, key: &str, ctx: &Ctx, out: &mut Vec<Field<'a>>) {
    match node {
        Node::Str(scalar) => {
            let place = match ctx.area {
                Area::Headers => Place::Header(key.to_string()),
                Area::Params => Place::Param(key.to_string()),
                Area::Variables => Place::Variable {
                    name: key.to_string(),
                    secret: false,
                },
                Area::Auth if key != "type" => Place::Auth {
                    kind: ctx.auth_kind.clone(),
                    field: key.to_string(),
                },
                Area::Url => Place::Url,
                Area::Body => Place::Body,
                Area::Script => Place::Script,
                _ => Place::Text,
            };
            push(out, scalar, place, ctx, key);
        }
        Node::Seq(items) => {
            for (i, item) in items.iter().enumerate() {
                let mut c = ctx.clone();
                c.path = format!("{}/{i}", ctx.path);
                walk(item, key, &c, out);
            }
        }
        Node::Map(entries) => {
            let mut ctx = ctx.clone();
            if ctx.area == Area::Auth
                && let Some(kind) = node.text("type")
            {
                ctx.auth_kind = kind.to_string();
            }
            // An item (v2.x), a request file (v3) or a folder: its name labels what is inside.
            let request = node.get("request").or_else(|| {
                node.text("$kind")
                    .is_some_and(|k| k.ends_with("-request"))
                    .then_some(node)
            });
            if ctx.area == Area::None
                && let Some(name) = node.text("name")
                && (request.is_some() || node.get("item").is_some())
            {
                // A v3 request file's `name:` replaces the file stem its origin gave.
                if ctx.path.is_empty() && node.get("$kind").is_some() {
                    ctx.label.pop();
                }
                ctx.label.push(name.to_string());
            }
            if let Some(url) = request.and_then(url_of) {
                ctx.url = Some(url);
            }
            // `{key, value}` pairs: the value is named by its key.
            if let (Some(name), Some(Node::Str(value))) = (node.text("key"), node.get("value"))
                && matches!(
                    ctx.area,
                    Area::Headers | Area::Params | Area::Variables | Area::Auth
                )
            {
                let secret = node.text("type") == Some("secret")
                    || node.text("secret") == Some("true")
                    || matches!(node.get("secret"), Some(Node::True));
                let place = match ctx.area {
                    Area::Headers => Place::Header(name.to_string()),
                    Area::Variables => Place::Variable {
                        name: name.to_string(),
                        secret,
                    },
                    Area::Auth => Place::Auth {
                        kind: ctx.auth_kind.clone(),
                        field: name.to_string(),
                    },
                    _ => Place::Param(name.to_string()),
                };
                let mut c = ctx.clone();
                c.path = format!("{}/value", ctx.path);
                push(out, value, place, &c, name);
                for (k, v) in entries.iter().filter(|(k, _)| k != "value") {
                    let mut c = ctx.clone();
                    c.area = Area::Text;
                    c.path = format!("{}/{k}", ctx.path);
                    walk(v, k, &c, out);
                }
                return;
            }
            for (k, v) in entries {
                let mut c = ctx.clone();
                c.area = child_area(&ctx, k, v);
                c.path = format!("{}/{k}", ctx.path);
                // v2.x auth: `auth: {type: bearer, bearer: [...]}`; v3: `credentials`.
                if ctx.area == Area::Auth && k != "credentials" && *k != ctx.auth_kind {
                    c.area = if matches!(v, Node::Str(_)) && k == "type" {
                        Area::Text
                    } else {
                        Area::Auth
                    };
                }
                walk(v, k, &c, out);
            }
        }
        Node::Other | Node::True => {}
    }
}

fn push<'a>(out: &mut Vec<Field<'a>>, scalar: &'a Scalar, place: Place, ctx: &Ctx, leaf: &str) {
    let mut label = ctx.label.clone();
    match &place {
        Place::Auth { kind, field } => label.push(format!("{kind}-{field}")),
        Place::Url => label.push("url".into()),
        Place::Body => label.push("body".into()),
        Place::Script => label.push("script".into()),
        _ => label.push(leaf.to_string()),
    }
    out.push(Field {
        scalar,
        place,
        label,
        url: ctx.url.clone(),
        path: if ctx.path.is_empty() {
            "/".into()
        } else {
            ctx.path.clone()
        },
    });
}
