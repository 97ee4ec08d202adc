//! Reading KV secrets: where the mount ends and which KV version it is (asked once per mount
//! with `GET /v1/sys/internal/ui/mounts/<path>`, then cached), the read itself (KV v2
//! `/v1/<mount>/data/<path>?version=N`, KV v1 `/v1/<mount>/<path>`), choosing the key, and
//! precise not-found and permission errors.

use std::sync::{Mutex, RwLock};
use std::time::{SystemTime, UNIX_EPOCH};

use reqwest::StatusCode;
use secrecy::SecretBox;
use secrecy::zeroize::Zeroizing;
use serde_json::Value;

use super::Client;
use super::reference::HcvReference;
use super::transport::{Call, detail};
use crate::{Fetched, ProviderError};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum KvVersion {
    V1,
    V2,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct Mount {
    /// Without the trailing slash: `secret`, `kv/team-a`.
    pub path: String,
    pub version: KvVersion,
}

/// The mounts seen so far, for this client (and so this namespace).
#[derive(Default)]
pub(super) struct Mounts {
    known: RwLock<Vec<Mount>>,
    /// Whether a lookup has run; held during the first one. Fetches started together (a
    /// render of a hundred references under `secret/`) would otherwise each ask the server
    /// for the same mount: a request per fetch instead of one in all.
    first_lookup: Mutex<bool>,
}

impl Mounts {
    /// The known mount `path` lies under. Mounts cannot nest in Vault, so at most one
    /// matches.
    fn find(&self, path: &str) -> Option<Mount> {
        let mounts = self.known.read().unwrap_or_else(|p| p.into_inner());
        mounts
            .iter()
            .find(|m| {
                path.strip_prefix(&m.path)
                    .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
            })
            .cloned()
    }

    fn insert(&self, mount: Mount) {
        let mut mounts = self.known.write().unwrap_or_else(|p| p.into_inner());
        if !mounts.contains(&mount) {
            mounts.push(mount);
        }
    }

    pub fn len(&self) -> usize {
        self.known.read().unwrap_or_else(|p| p.into_inner()).len()
    }

    /// The mount of `path`: from the cache, else from the server.
    ///
    /// The first lookup of a client runs alone: fetches started together wait for it and
    /// usually find their mount cached. After it, lookups run in parallel (another mount, or
    /// a path the first lookup failed for), so a refused path costs one round trip more,
    /// never one per waiting fetch.
    pub fn resolve(&self, client: &Client, path: &str) -> Result<Mount, ProviderError> {
        if let Some(mount) = self.find(path) {
            return Ok(mount);
        }
        let mut looked_up = self.first_lookup.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(mount) = self.find(path) {
            return Ok(mount);
        }
        let mount = if *looked_up {
            drop(looked_up);
            detect(client, path)?
        } else {
            *looked_up = true;
            detect(client, path)?
        };
        self.insert(mount.clone());
        Ok(mount)
    }
}

fn detect(client: &Client, path: &str) -> Result<Mount, ProviderError> {
    let call = Call::get(
        vec!["sys/internal/ui/mounts", path],
        format!("looking up the mount of `{path}`"),
    );
    let reply = client.authed(&call)?;
    let shown = &client.transport.shown;
    let ns = client.namespace_note();
    match reply.status {
        s if s.is_success() => {}
        StatusCode::FORBIDDEN => {
            return Err(ProviderError::PermissionDenied(format!(
                "Vault/OpenBao at {shown} shows no secrets engine for `{path}`{ns} to this \
                 token{}: either nothing is mounted there (see `vault secrets list`) or the \
                 token's policies grant nothing under it; grant read with a policy such as \
                 `path \"MOUNT/data/PATH\" {{ capabilities = [\"read\"] }}` (KV v2) or \
                 `path \"MOUNT/PATH\" {{ capabilities = [\"read\"] }}` (KV v1)",
                detail(&reply.errors(&[]))
            )));
        }
        StatusCode::NOT_FOUND => {
            return Err(ProviderError::NotFound(format!(
                "no secrets engine is mounted at `{path}`{ns} on Vault/OpenBao at {shown}{} \
                 (see `vault secrets list`)",
                detail(&reply.errors(&[]))
            )));
        }
        status => {
            return Err(ProviderError::Other(format!(
                "Vault/OpenBao at {shown} answered {status} when asked for the mount of \
                 `{path}`{ns}{}",
                detail(&reply.errors(&[]))
            )));
        }
    }
    let data = reply
        .json()
        .and_then(|mut v| v.get_mut("data").map(Value::take))
        .unwrap_or(Value::Null);
    let mount_path = data
        .get("path")
        .and_then(Value::as_str)
        .map(|p| p.trim_matches('/').to_string())
        .filter(|p| !p.is_empty() && path.starts_with(p.as_str()))
        .ok_or_else(|| {
            ProviderError::Other(format!(
                "Vault/OpenBao at {shown} did not say which mount `{path}`{ns} is under"
            ))
        })?;
    let kind = data.get("type").and_then(Value::as_str).unwrap_or("");
    if !matches!(kind, "kv" | "generic") {
        return Err(ProviderError::InvalidReference(format!(
            "`{path}`{ns} is under the `{kind}` secrets engine mounted at `{mount_path}/`, not \
             a KV mount: hcv:// references read KV version 1 and 2 secrets"
        )));
    }
    let version = match data.pointer("/options/version") {
        None | Some(Value::Null) => KvVersion::V1,
        Some(Value::String(v)) if v.is_empty() || v == "1" => KvVersion::V1,
        Some(Value::String(v)) if v == "2" => KvVersion::V2,
        Some(other) => {
            let v = other
                .as_str()
                .map_or_else(|| other.to_string(), str::to_string);
            return Err(ProviderError::Other(format!(
                "the KV mount `{mount_path}/`{ns} reports version `{v}`; locket reads KV \
                 versions 1 and 2"
            )));
        }
    };
    Ok(Mount {
        path: mount_path,
        version,
    })
}

/// Reads the secret `reference` names.
pub(super) fn read(
    client: &Client,
    mounts: &Mounts,
    reference: &HcvReference,
) -> Result<Fetched, ProviderError> {
    let path = reference.path.as_str();
    let mount = mounts.resolve(client, path)?;
    let ns = client.namespace_note();
    let rest = path[mount.path.len()..].trim_start_matches('/');
    if rest.is_empty() {
        return Err(ProviderError::InvalidReference(format!(
            "`hcv://{path}` names the KV mount `{}/`{ns} itself, not a secret: add the \
             secret's path, e.g. hcv://{path}/app#key",
            mount.path
        )));
    }
    if reference.version.is_some() && mount.version == KvVersion::V1 {
        return Err(ProviderError::InvalidReference(format!(
            "`?version` needs a KV version 2 mount, and `{}/`{ns} is KV version 1, which keeps \
             no versions: remove `?version=…` from `hcv://{path}`",
            mount.path
        )));
    }
    let (api_path, call) = match mount.version {
        KvVersion::V2 => {
            let mut call = Call::get(
                vec![mount.path.as_str(), "data", rest],
                format!("reading `{path}`"),
            );
            if let Some(v) = reference.version {
                call.query.push(("version", v.to_string()));
            }
            (format!("{}/data/{rest}", mount.path), call)
        }
        KvVersion::V1 => (
            format!("{}/{rest}", mount.path),
            Call::get(vec![mount.path.as_str(), rest], format!("reading `{path}`")),
        ),
    };
    let reply = client.authed(&call)?;
    let shown = &client.transport.shown;
    let body = match reply.status {
        s if s.is_success() => reply.json().ok_or_else(|| {
            ProviderError::Other(format!(
                "Vault/OpenBao at {shown} answered {s} reading `{path}`{ns} with a body that is \
                 not JSON: is VAULT_ADDR a Vault/OpenBao server?"
            ))
        })?,
        StatusCode::NOT_FOUND => {
            return Err(not_found(
                reference,
                &mount,
                rest,
                &ns,
                reply.json().as_ref(),
            ));
        }
        StatusCode::FORBIDDEN => {
            return Err(ProviderError::PermissionDenied(format!(
                "permission denied reading `{path}`{ns} on Vault/OpenBao at {shown}: the \
                 token's policies do not allow reading `{api_path}`; grant it with a policy \
                 such as `path \"{api_path}\" {{ capabilities = [\"read\"] }}`"
            )));
        }
        status => {
            return Err(ProviderError::Other(format!(
                "Vault/OpenBao at {shown} answered {status} reading `{path}`{ns}{}",
                detail(&reply.errors(&[]))
            )));
        }
    };
    drop(reply);
    extract(body, reference, &mount, rest, &ns)
}

fn extract(
    mut body: Value,
    reference: &HcvReference,
    mount: &Mount,
    rest: &str,
    ns: &str,
) -> Result<Fetched, ProviderError> {
    let path = &reference.path;
    let lease = body
        .get("lease_duration")
        .and_then(Value::as_u64)
        .unwrap_or(0);
    let (data, version) = match mount.version {
        KvVersion::V2 => {
            let version = body
                .pointer("/data/metadata/version")
                .and_then(Value::as_u64)
                .map(|v| v.to_string());
            let data = body.pointer_mut("/data/data").map(Value::take);
            (data, version)
        }
        KvVersion::V1 => (body.get_mut("data").map(Value::take), None),
    };
    let data = match data {
        Some(data @ Value::Object(_)) => data,
        Some(Value::Null) | None => {
            return Err(not_found(reference, mount, rest, ns, Some(&body)));
        }
        // `#KEY` on anything else is for `json_key::pick` to refuse, as in every provider.
        Some(data) if reference.key.is_some() => data,
        Some(_) => {
            return Err(ProviderError::Other(format!(
                "the secret `{path}`{ns} is not a JSON object of keys and values"
            )));
        }
    };
    let value = match &reference.key {
        None => Zeroizing::new(serde_json::to_vec(&data).expect("JSON serialises")),
        Some(key) => crate::json_key::pick_value(&data, key, &|| {
            let at = version
                .as_deref()
                .map(|v| format!(" (version {v})"))
                .unwrap_or_default();
            format!("the secret `{path}`{ns}{at}")
        })?,
    };
    drop(data);
    let expires_at = (lease > 0)
        .then(|| {
            SystemTime::now()
                .duration_since(UNIX_EPOCH)
                .ok()
                .and_then(|now| i64::try_from(now.as_secs() + lease).ok())
        })
        .flatten();
    Ok(Fetched {
        value: SecretBox::new(value.to_vec().into_boxed_slice()),
        version,
        expires_at,
    })
}

/// A 404, read with the KV v2 metadata the server sends along when a version was deleted or
/// destroyed.
fn not_found(
    reference: &HcvReference,
    mount: &Mount,
    rest: &str,
    ns: &str,
    body: Option<&Value>,
) -> ProviderError {
    let path = &reference.path;
    let kv_path = format!("{}/{rest}", mount.path);
    let metadata = body.and_then(|b| b.pointer("/data/metadata"));
    if mount.version == KvVersion::V2
        && let Some(meta) = metadata.filter(|m| m.is_object())
    {
        let version = meta
            .get("version")
            .and_then(Value::as_u64)
            .map_or_else(|| "?".to_string(), |v| v.to_string());
        let which = match reference.version {
            Some(_) => format!("version {version} of `{path}`{ns}"),
            None => format!("the current version ({version}) of `{path}`{ns}"),
        };
        if meta.get("destroyed").and_then(Value::as_bool) == Some(true) {
            return ProviderError::NotFound(format!(
                "{which} was destroyed and cannot be recovered: link another version \
                 (`vault kv metadata get {kv_path}` lists them) or write a new one"
            ));
        }
        if let Some(when) = meta
            .get("deletion_time")
            .and_then(Value::as_str)
            .filter(|t| !t.is_empty())
        {
            return ProviderError::NotFound(format!(
                "{which} was deleted at {when}: restore it with `vault kv undelete \
                 -versions={version} {kv_path}`, or link another version"
            ));
        }
    }
    let what = match (mount.version, reference.version) {
        (KvVersion::V2, Some(v)) => {
            format!("`{path}`{ns} has no version {v} (or there is no such secret)")
        }
        (KvVersion::V2, None) => {
            format!("no secret at `{path}`{ns} (KV v2 mount `{}/`)", mount.path)
        }
        (KvVersion::V1, _) => format!("no secret at `{path}`{ns} (KV v1 mount `{}/`)", mount.path),
    };
    let hint = match rest.strip_prefix("data/") {
        Some(stripped) if mount.version == KvVersion::V2 => format!(
            "; write the path as `vault kv get` does, without `data/`: hcv://{}/{stripped}",
            mount.path
        ),
        _ => format!("; check the path (`vault kv list {}`)", parent(&kv_path)),
    };
    ProviderError::NotFound(format!("{what}{hint}"))
}

fn parent(path: &str) -> &str {
    path.rsplit_once('/').map_or(path, |(parent, _)| parent)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mounts(list: &[(&str, KvVersion)]) -> Mounts {
        let mounts = Mounts::default();
        for (path, version) in list {
            mounts.insert(Mount {
                path: path.to_string(),
                version: *version,
            });
        }
        mounts
    }

    #[test]
    fn cached_mounts_match_whole_segments() {
        let m = mounts(&[("kv/team-a", KvVersion::V2), ("secret", KvVersion::V1)]);
        assert_eq!(m.find("kv/team-a/x").unwrap().path, "kv/team-a");
        assert_eq!(m.find("secret/x/y").unwrap().version, KvVersion::V1);
        assert!(m.find("kv/team-ab/x").is_none());
        assert!(m.find("secrets/x").is_none());
        m.insert(Mount {
            path: "secret".into(),
            version: KvVersion::V1,
        });
        assert_eq!(m.len(), 2);
    }

    fn reference(text: &str) -> HcvReference {
        HcvReference::parse(text).unwrap()
    }

    #[test]
    fn keys_select_strings_or_json_and_no_key_gives_the_object() {
        let mount = Mount {
            path: "secret".into(),
            version: KvVersion::V2,
        };
        let body = serde_json::json!({
            "lease_duration": 0,
            "data": {"data": {"s": "text", "n": 5, "o": {"a": [1]}}, "metadata": {"version": 4}}
        });
        let get = |r: &str| {
            let f = extract(body.clone(), &reference(r), &mount, "app", "").unwrap();
            (
                String::from_utf8(secrecy::ExposeSecret::expose_secret(&f.value).to_vec()).unwrap(),
                f.version,
                f.expires_at,
            )
        };
        assert_eq!(
            get("hcv://secret/app#s"),
            ("text".into(), Some("4".into()), None)
        );
        assert_eq!(get("hcv://secret/app#n").0, "5");
        assert_eq!(get("hcv://secret/app#o").0, r#"{"a":[1]}"#);
        let whole: Value = serde_json::from_str(&get("hcv://secret/app").0).unwrap();
        assert_eq!(whole["s"], "text");
        let err = extract(body, &reference("hcv://secret/app#x"), &mount, "app", "").unwrap_err();
        assert!(
            matches!(&err, ProviderError::NotFound(m) if m.contains("no key `x`") && m.contains("`n`, `o`, `s`")),
            "{err:?}"
        );
        assert!(!err.to_string().contains("text"));
    }

    #[test]
    fn kv1_lease_gives_an_expiry() {
        let mount = Mount {
            path: "kv1".into(),
            version: KvVersion::V1,
        };
        let body = serde_json::json!({"lease_duration": 60, "data": {"k": "v"}});
        let f = extract(body, &reference("hcv://kv1/app#k"), &mount, "app", "").unwrap();
        assert!(f.expires_at.is_some());
        assert_eq!(f.version, None);
    }

    #[test]
    fn not_found_explains_deleted_destroyed_and_data_prefix() {
        let mount = Mount {
            path: "secret".into(),
            version: KvVersion::V2,
        };
        let deleted = serde_json::json!({"data": {"data": null, "metadata": {
            "deletion_time": "2026-01-01T00:00:00Z", "destroyed": false, "version": 1}}});
        let m = not_found(
            &reference("hcv://secret/a?version=1"),
            &mount,
            "a",
            "",
            Some(&deleted),
        );
        assert!(
            m.to_string()
                .contains("version 1 of `secret/a` was deleted"),
            "{m}"
        );
        assert!(
            m.to_string().contains("undelete -versions=1 secret/a"),
            "{m}"
        );
        let destroyed = serde_json::json!({"data": {"metadata": {"destroyed": true, "version": 2, "deletion_time": ""}}});
        let m = not_found(
            &reference("hcv://secret/a"),
            &mount,
            "a",
            "",
            Some(&destroyed),
        );
        assert!(m.to_string().contains("current version (2)"), "{m}");
        assert!(m.to_string().contains("destroyed"), "{m}");
        let m = not_found(
            &reference("hcv://secret/data/a"),
            &mount,
            "data/a",
            "",
            None,
        );
        assert!(m.to_string().contains("hcv://secret/a"), "{m}");
    }
}
