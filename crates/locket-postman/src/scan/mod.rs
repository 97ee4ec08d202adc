//! Literal secrets in collections, environments and `.env` files (`locket check --secrets`),
//! and how to move them into the vault (`--fix`). One place for every rule:
//!
//! - what a file is read as ([`Format`]: Postman v2.x JSON and environments, v3 YAML, `.env`),
//!   into one tree whose strings know where each of their bytes is written ([`tree`]);
//! - where a string sits ([`places`]: header, auth field, parameter, variable, URL, body…);
//! - what looks like a secret ([`Kind`]): a secret-typed variable, an `Authorization`/API-key
//!   header, an auth field of a secret kind, a parameter or variable named like a secret
//!   (these need a literal value, not `{{…}}`), a well-known token format anywhere
//!   ([`formats`]), or a random-looking token ([`entropy`]); a value found once is found
//!   wherever else the file holds it;
//! - what is not ([`is_placeholder`], the `locket:ignore` comment, [`ignore`] fingerprints);
//! - how it is shown ([`preview`]: never more than 4 leading characters) and named in the
//!   vault ([`vault_name`]), and the edits that put `{{vault:NAME}}` in its place ([`rewrite`]).
//!
//! The CLI only walks paths, prints, asks and stores.

mod dotenv;
pub mod entropy;
mod formats;
pub mod ignore;
mod json;
mod places;
pub mod rewrite;
mod tree;
mod yaml;

use std::ops::Range;
use std::path::Path;

use locket_core::AllowedDomain;
use zeroize::Zeroizing;

pub use places::Place;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Json,
    Yaml,
    Dotenv,
}

impl Format {
    /// By file name: `*.json`, `*.yaml`/`*.yml`, `.env`, `.env.*` and `*.env`.
    pub fn of(path: &Path) -> Option<Format> {
        let name = path.file_name()?.to_str()?;
        let lower = name.to_ascii_lowercase();
        if lower.ends_with(".json") {
            Some(Format::Json)
        } else if lower.ends_with(".yaml") || lower.ends_with(".yml") {
            Some(Format::Yaml)
        } else if lower == ".env" || lower.starts_with(".env.") || lower.ends_with(".env") {
            Some(Format::Dotenv)
        } else {
            None
        }
    }

    /// Whether a directory walk scans this file: JSON and `.env` files by name (JSON that is
    /// not a collection, environment or globals file is then skipped), YAML only as v3 writes
    /// it (`*.request.yaml`, `*.environment.yaml`, `*.globals.yaml`, `.resources/definition.yaml`).
    pub fn walked(path: &Path) -> Option<Format> {
        let format = Format::of(path)?;
        if format != Format::Yaml {
            return Some(format);
        }
        let name = path.file_name()?.to_str()?.to_ascii_lowercase();
        let stem = name.trim_end_matches(".yaml").trim_end_matches(".yml");
        let in_resources = path
            .parent()
            .and_then(Path::file_name)
            .is_some_and(|d| d == ".resources");
        (stem.ends_with(".request")
            || stem.ends_with(".environment")
            || stem.ends_with(".globals")
            || (in_resources && stem == "definition"))
            .then_some(Format::Yaml)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    SecretVariable,
    AuthHeader,
    AuthField,
    SecretParameter,
    AwsAccessKeyId,
    GithubToken,
    GitlabToken,
    SlackToken,
    SlackWebhook,
    StripeKey,
    GoogleApiKey,
    NpmToken,
    SendgridKey,
    AiApiKey,
    Jwt,
    PrivateKey,
    HighEntropy,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::SecretVariable => "secret-variable",
            Kind::AuthHeader => "auth-header",
            Kind::AuthField => "auth-field",
            Kind::SecretParameter => "secret-parameter",
            Kind::AwsAccessKeyId => "aws-access-key-id",
            Kind::GithubToken => "github-token",
            Kind::GitlabToken => "gitlab-token",
            Kind::SlackToken => "slack-token",
            Kind::SlackWebhook => "slack-webhook",
            Kind::StripeKey => "stripe-key",
            Kind::GoogleApiKey => "google-api-key",
            Kind::NpmToken => "npm-token",
            Kind::SendgridKey => "sendgrid-key",
            Kind::AiApiKey => "ai-api-key",
            Kind::Jwt => "jwt",
            Kind::PrivateKey => "private-key",
            Kind::HighEntropy => "high-entropy",
        }
    }

    /// A token format says more than a field's name, which says more than entropy.
    fn rank(self) -> u8 {
        match self {
            Kind::HighEntropy => 0,
            Kind::SecretVariable | Kind::AuthHeader | Kind::AuthField | Kind::SecretParameter => 1,
            _ => 2,
        }
    }
}

/// The entropy heuristic's settings ([`entropy`]); `threshold: None` turns it off.
#[derive(Clone, Copy, Debug)]
pub struct Options {
    pub threshold: Option<f64>,
    pub min_length: usize,
    /// Skip JSON that is not a collection, environment or globals file (directory walks).
    pub postman_only: bool,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            threshold: Some(entropy::DEFAULT_THRESHOLD),
            min_length: entropy::DEFAULT_MIN_LENGTH,
            postman_only: false,
        }
    }
}

/// A file that cannot be read as its format: where, and what was expected there (fixed text:
/// never the file's content, which may be a secret).
#[derive(Debug)]
pub struct Malformed {
    pub offset: usize,
    pub expected: &'static str,
}

/// How to put a reference where a secret is: replace `range` of the file with
/// `before` + `{{vault:NAME}}` + `after`. (`before` and `after` are the rest of a rewritten
/// scalar, which may hold another secret: `Debug` shows the range only.)
#[derive(Clone, PartialEq, Eq)]
pub struct Edit {
    pub range: Range<usize>,
    pub before: String,
    pub after: String,
}

impl std::fmt::Debug for Edit {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Edit")
            .field("range", &self.range)
            .finish_non_exhaustive()
    }
}

pub struct Finding {
    pub kind: Kind,
    /// Where the secret starts in the file (bytes).
    pub offset: usize,
    /// Human words for where it is: `Get user › header Authorization`.
    pub place: String,
    /// The vault name this place suggests (before deduplication).
    pub name: String,
    /// The request's host, as an allowed domain, when the request has a literal one.
    pub host: Option<AllowedDomain>,
    pub value: Zeroizing<String>,
    /// `Err(why)` when it cannot be replaced by a reference in place.
    pub edit: Result<Edit, &'static str>,
    /// A fingerprint of the place (file, kind, address), never of the value: `.locketignore`.
    pub id: String,
}

impl std::fmt::Debug for Finding {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Finding")
            .field("kind", &self.kind)
            .field("offset", &self.offset)
            .field("place", &self.place)
            .field("id", &self.id)
            .finish_non_exhaustive()
    }
}

/// Every literal secret in `text`, a file shown as `file` (the fingerprints use that name),
/// read as `format`; `origin` are the labels its place in a v3 tree gives ([`origin`]).
pub fn scan(
    file: &str,
    text: &str,
    format: Format,
    origin: &[String],
    options: &Options,
) -> Result<Vec<Finding>, Malformed> {
    let root = match format {
        Format::Json => json::read(text)?,
        Format::Yaml => yaml::read(text)?,
        Format::Dotenv => dotenv::read(text)?,
    };
    if options.postman_only
        && format == Format::Json
        && !(root.get("info").is_some() && root.get("item").is_some())
        && root.get("values").is_none()
    {
        return Ok(Vec::new());
    }
    let fields = places::fields(&root, origin, format == Format::Dotenv);
    let mut hits: Vec<Vec<(Range<usize>, Kind)>> =
        fields.iter().map(|f| hits(f, options)).collect();
    // A value found once is found wherever else this file holds it (a URL's query string and
    // its parameter list, a header and a script): else a fix would leave a copy behind.
    let mut found: Vec<(Zeroizing<String>, Kind)> = Vec::new();
    for (f, h) in fields.iter().zip(&hits) {
        for (r, k) in h {
            let value = &f.scalar.value[r.clone()];
            if value.len() >= 6 && !found.iter().any(|(v, _)| v.as_str() == value) {
                found.push((Zeroizing::new(value.to_string()), *k));
            }
        }
    }
    // One automaton for them all: a file with many findings is still read once per field.
    let finder = (!found.is_empty())
        .then(|| aho_corasick::AhoCorasick::new(found.iter().map(|(v, _)| v.as_bytes())))
        .and_then(Result::ok);
    for (field, hits) in fields.iter().zip(hits.iter_mut()) {
        if let Some(finder) = &finder {
            for m in finder.find_overlapping_iter(field.scalar.value.as_str()) {
                hits.push((m.start()..m.end(), found[m.pattern().as_usize()].1));
            }
        }
        *hits = merge(std::mem::take(hits));
    }
    let mut out = Vec::new();
    for (field, hits) in fields.iter().zip(hits) {
        for (ordinal, (range, kind)) in hits.into_iter().enumerate() {
            let offset = field.scalar.offset(range.start);
            if marked_ignore(text, offset, format) {
                continue;
            }
            out.push(Finding {
                kind,
                offset,
                place: describe(field),
                name: vault_name(&field.label),
                host: field.url.as_deref().and_then(host_of),
                value: Zeroizing::new(field.scalar.value[range.clone()].to_string()),
                edit: edit(field, &range),
                id: ignore::fingerprint(file, kind, &field.path, ordinal),
            });
        }
    }
    out.sort_by_key(|f| f.offset);
    Ok(out)
}

/// `text` with every secret that `name_of` names (by value) replaced by its reference, as
/// [`scan`] finds them with `options`: round after round (at most 8), since two secrets of one
/// plain YAML scalar are moved one per round. The result is read again each round, so it is
/// known to read as `format`; a secret that cannot be moved (in a script) stays.
pub fn fix(
    file: &str,
    text: &str,
    format: Format,
    options: &Options,
    name_of: impl Fn(&str) -> Option<String>,
) -> Result<String, Malformed> {
    let mut text = text.to_string();
    for _ in 0..8 {
        let edits: Vec<(Edit, String)> = scan(file, &text, format, &[], options)?
            .into_iter()
            .filter_map(|f| {
                let name = name_of(&f.value)?;
                Some((f.edit.ok()?, rewrite::reference(&name)))
            })
            .collect();
        if edits.is_empty() {
            break;
        }
        let (next, skipped) = rewrite::apply(&text, &edits);
        text = next;
        if skipped == 0 {
            // Read once more: what is written must still be the format it was.
            scan(file, &text, format, &[], options)?;
            break;
        }
    }
    Ok(text)
}

/// Labels from where a v3 file sits: a request file is named by its folder and file stem, a
/// definition by its folder, a `.env` file by its name.
pub fn origin(path: &Path) -> Vec<String> {
    let name = path
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or_default();
    let dir = |p: Option<&Path>| {
        p.and_then(Path::file_name)
            .and_then(|n| n.to_str())
            .map(str::to_string)
    };
    let lower = name.to_ascii_lowercase();
    if let Some(stem) = [".request.yaml", ".request.yml"]
        .iter()
        .find_map(|s| lower.ends_with(s).then(|| &name[..name.len() - s.len()]))
    {
        dir(path.parent())
            .into_iter()
            .chain([stem.to_string()])
            .collect()
    } else if lower.starts_with("definition.y") {
        dir(path.parent().and_then(Path::parent))
            .into_iter()
            .collect()
    } else if Format::of(path) == Some(Format::Dotenv) {
        vec![
            name.trim_start_matches('.')
                .trim_end_matches(".env")
                .to_string(),
        ]
    } else {
        Vec::new()
    }
}

fn hits(field: &places::Field<'_>, options: &Options) -> Vec<(Range<usize>, Kind)> {
    let value: &str = &field.scalar.value;
    let mut out = formats::find(value);
    if let Some(range) = context(&field.place, value) {
        out.push(range);
    }
    if field.place == Place::Url {
        out.extend(query_secrets(value));
    }
    let entropic = matches!(
        field.place,
        Place::Header(_)
            | Place::Param(_)
            | Place::Variable { .. }
            | Place::Auth { .. }
            | Place::Url
            | Place::Body
    );
    if let (true, Some(threshold)) = (entropic, options.threshold) {
        // In a URL, only the values of its query: hosts, paths and names are not secrets.
        let parts = match field.place {
            Place::Url => query_values(value),
            _ => std::iter::once(0..value.len()).collect(),
        };
        for part in parts {
            for r in entropy::find(&value[part.clone()], threshold, options.min_length) {
                out.push((part.start + r.start..part.start + r.end, Kind::HighEntropy));
            }
        }
    }
    out.retain(|(r, _)| !inside_variable(value, r));
    out
}

/// A secret by where it is: the whole value (after an auth scheme in a header).
fn context(place: &Place, value: &str) -> Option<(Range<usize>, Kind)> {
    let kind = match place {
        Place::Variable { secret: true, .. } => Kind::SecretVariable,
        Place::Header(name) if secret_header(name) => Kind::AuthHeader,
        Place::Auth { kind, field } if secret_auth_field(kind, field) => Kind::AuthField,
        Place::Param(name) | Place::Variable { name, .. } if secret_name(name) => {
            Kind::SecretParameter
        }
        _ => return None,
    };
    let mut start = value.len() - value.trim_start().len();
    let end = value.trim_end().len();
    if kind == Kind::AuthHeader
        && let Some((scheme, _)) = value[start..end].split_once(' ')
        && [
            "bearer", "basic", "token", "bot", "digest", "apikey", "key", "sso-key",
        ]
        .contains(&scheme.to_ascii_lowercase().as_str())
    {
        start += scheme.len();
        start += value[start..].len() - value[start..].trim_start().len();
    }
    let candidate = &value[start..end.max(start)];
    let short = if kind == Kind::SecretVariable { 1 } else { 6 };
    let literal = candidate.len() >= short && !candidate.contains("{{");
    let stands_for_one =
        is_placeholder(candidate) || (kind == Kind::SecretParameter && ordinary_value(candidate));
    (literal && !stands_for_one).then_some((start..start + candidate.len(), kind))
}

/// The `(name, value range)` of each parameter of a URL's query string.
fn query_pairs(url: &str) -> Vec<(&str, Range<usize>)> {
    let Some(q) = url.find('?') else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let mut at = q + 1;
    for pair in url[q + 1..].split(['&', '#']) {
        if let Some((key, value)) = pair.split_once('=') {
            let start = at + key.len() + 1;
            out.push((key, start..start + value.len()));
        }
        at += pair.len() + 1;
    }
    out
}

fn query_values(url: &str) -> Vec<Range<usize>> {
    query_pairs(url).into_iter().map(|(_, r)| r).collect()
}

/// `?api_key=…` in a URL as written: a parameter named like a secret, by the same rule.
fn query_secrets(url: &str) -> Vec<(Range<usize>, Kind)> {
    query_pairs(url)
        .into_iter()
        .filter_map(|(key, v)| {
            let (r, kind) = context(&Place::Param(key.to_string()), &url[v.clone()])?;
            Some((v.start + r.start..v.start + r.end, kind))
        })
        .collect()
}

/// `{{name}}` and `{{vault:NAME}}` are not literals.
fn inside_variable(value: &str, range: &Range<usize>) -> bool {
    let before = &value[..range.start];
    let open = before.rfind("{{");
    open.is_some_and(|o| before.rfind("}}").is_none_or(|c| c < o))
        && value[range.start..].contains("}}")
}

/// Values that stand for a secret without being one: `<token>`, `${TOKEN}`, `$TOKEN`,
/// `YOUR_API_KEY`, `xxxx`, `****`, `changeme`.
pub fn is_placeholder(v: &str) -> bool {
    let lower = v.to_ascii_lowercase();
    (v.starts_with('<') && v.ends_with('>'))
        || (v.starts_with("${") && v.ends_with('}'))
        || (v.starts_with('$')
            && v[1..]
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'_'))
        || lower.starts_with("your")
        || lower.contains("placeholder")
        || [
            "changeme",
            "change-me",
            "redacted",
            "example",
            "secret",
            "password",
            "token",
        ]
        .contains(&lower.as_str())
        || (v.len() >= 3 && v.bytes().all(|b| b == v.as_bytes()[0]))
}

/// A value a secret-named parameter may hold that is no secret: numbers, booleans, URLs.
fn ordinary_value(v: &str) -> bool {
    v.parse::<f64>().is_ok()
        || ["true", "false", "null", "none", "bearer", "basic"]
            .contains(&v.to_ascii_lowercase().as_str())
        || v.contains("://")
}

fn normalized(name: &str) -> String {
    name.bytes()
        .filter(u8::is_ascii_alphanumeric)
        .map(|b| b.to_ascii_lowercase() as char)
        .collect()
}

/// A name that says "secret": password, secret, token, API key, private key, credentials…
/// but not the name of something about one (`token_url`, `password_min_length`, `key_id`).
pub fn secret_name(name: &str) -> bool {
    const SECRET: &[&str] = &[
        "password",
        "passwd",
        "passphrase",
        "secret",
        "token",
        "apikey",
        "accesskey",
        "privatekey",
        "credential",
        "subscriptionkey",
        "signingkey",
        "sessionid",
        "pwd",
    ];
    const ABOUT: &[&str] = &[
        "url",
        "uri",
        "endpoint",
        "type",
        "name",
        "id",
        "expiry",
        "expires",
        "expiresin",
        "ttl",
        "length",
        "prefix",
        "path",
        "file",
        "policy",
        "hint",
        "label",
        "format",
        "header",
        "location",
        "enabled",
        "required",
        "count",
        "lifetime",
        "field",
        "param",
    ];
    let n = normalized(name);
    SECRET.iter().any(|s| n.contains(s)) && !ABOUT.iter().any(|s| n.ends_with(s) && n != *s)
}

fn secret_header(name: &str) -> bool {
    let n = normalized(name);
    n == "authorization" || n == "proxyauthorization" || secret_name(name)
}

/// Postman's auth fields that hold secrets, per auth type; other types by [`secret_name`].
fn secret_auth_field(kind: &str, field: &str) -> bool {
    let secret: &[&str] = match kind {
        "basic" | "digest" | "ntlm" => &["password"],
        "bearer" => &["token"],
        "apikey" => &["value"],
        "oauth1" => &["consumerSecret", "tokenSecret", "token", "privateKey"],
        "oauth2" => &[
            "accessToken",
            "refreshToken",
            "clientSecret",
            "password",
            "idToken",
        ],
        "awsv4" => &["secretKey", "sessionToken"],
        "hawk" => &["authKey"],
        "jwt" => &["secret", "privateKey"],
        "asap" => &["privateKey"],
        "edgegrid" | "akamai" => &["clientSecret", "accessToken", "clientToken"],
        _ => return secret_name(field),
    };
    secret.contains(&field)
}

/// Overlapping hits are one, of the most telling kind.
fn merge(mut hits: Vec<(Range<usize>, Kind)>) -> Vec<(Range<usize>, Kind)> {
    hits.sort_by_key(|(r, k)| {
        (
            r.start,
            std::cmp::Reverse(r.end),
            std::cmp::Reverse(k.rank()),
        )
    });
    let mut out: Vec<(Range<usize>, Kind)> = Vec::new();
    for (r, k) in hits {
        match out.last_mut() {
            Some((last, lk)) if r.start < last.end => {
                last.end = last.end.max(r.end);
                if k.rank() > lk.rank() {
                    *lk = k;
                }
            }
            _ => out.push((r, k)),
        }
    }
    out
}

fn edit(field: &places::Field<'_>, range: &Range<usize>) -> Result<Edit, &'static str> {
    if field.place == Place::Script {
        return Err(
            "in a script, where {{vault:…}} is not resolved: use pm.vault.get() or a variable",
        );
    }
    rewrite::edit_for(field.scalar, range)
}

fn describe(field: &places::Field<'_>) -> String {
    let at = match &field.place {
        Place::Header(n) => format!("header {n}"),
        Place::Auth { kind, field } => format!("{kind} auth {field}"),
        Place::Param(n) => format!("parameter {n}"),
        Place::Variable { name, .. } => format!("variable {name}"),
        Place::Url => "url".into(),
        Place::Body => "body".into(),
        Place::Script => "script".into(),
        Place::Text => field
            .path
            .rsplit('/')
            .find(|p| p.parse::<usize>().is_err())
            .unwrap_or("text")
            .to_string(),
    };
    let owner = &field.label[..field.label.len().saturating_sub(1)];
    if owner.is_empty() {
        at
    } else {
        format!("{} › {at}", owner.join(" › "))
    }
}

/// The vault name for a place: its labels, each lower-cased to `a-z 0-9 -`, joined by `.`;
/// the last labels are kept when that is longer than a name may be (128).
pub fn vault_name(labels: &[String]) -> String {
    let parts: Vec<String> = labels
        .iter()
        .map(|l| {
            let mut s = String::new();
            for c in l.chars() {
                if c.is_ascii_alphanumeric() {
                    s.push(c.to_ascii_lowercase());
                } else if !s.ends_with('-') {
                    s.push('-');
                }
            }
            s.trim_matches('-').to_string()
        })
        .filter(|s| !s.is_empty())
        .collect();
    let mut name = String::new();
    for p in parts.iter().rev() {
        let longer = if name.is_empty() {
            p.clone()
        } else {
            format!("{p}.{name}")
        };
        if longer.len() > locket_core::name::MAX_LEN - 4 {
            break;
        }
        name = longer;
    }
    if name.is_empty() {
        "secret".into()
    } else {
        name
    }
}

/// The allowed domain for a request's URL, as `locket set --allow` takes it: the host for
/// https (any port), `http://host:port` for http. None when the host is a variable.
pub fn host_of(url: &str) -> Option<AllowedDomain> {
    let (scheme, rest) = url.trim().split_once("://")?;
    let authority = rest.split(['/', '?', '#']).next()?;
    let authority = authority.rsplit('@').next()?;
    if authority.is_empty() || authority.contains("{{") {
        return None;
    }
    let entry = match scheme.to_ascii_lowercase().as_str() {
        "https" => match authority.rsplit_once(':') {
            Some((host, port)) if !port.is_empty() && port.bytes().all(|b| b.is_ascii_digit()) => {
                host.to_string()
            }
            _ => authority.to_string(),
        },
        "http" => format!("http://{authority}"),
        _ => return None,
    };
    AllowedDomain::parse(&entry).ok()
}

/// `# locket:ignore` on the finding's line, or alone on the line above (YAML and `.env`).
fn marked_ignore(text: &str, offset: usize, format: Format) -> bool {
    if format == Format::Json {
        return false;
    }
    let line_start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    let line_end = text[offset..].find('\n').map_or(text.len(), |i| offset + i);
    let marked = |line: &str| {
        line.split_once('#')
            .is_some_and(|(_, c)| c.contains("locket:ignore"))
    };
    if marked(&text[offset..line_end]) {
        return true;
    }
    let above = text[..line_start.saturating_sub(1)]
        .rsplit('\n')
        .next()
        .unwrap_or("");
    line_start > 0 && above.trim_start().starts_with('#') && marked(above)
}

/// The at most 4 first characters of a value, fewer for shorter ones (a quarter of it, none
/// under 8), then `…`: enough to recognise a token's type, never enough to matter.
pub fn preview(value: &str) -> String {
    let n = value.chars().count();
    let shown = if n < 8 { 0 } else { (n / 4).min(4) };
    let head: String = value.chars().take(shown).collect();
    format!("{head}…")
}

#[cfg(test)]
mod tests;
