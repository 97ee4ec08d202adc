//! A fake 1Password Connect server on 127.0.0.1, following the Connect OpenAPI spec 1.7.1
//! (`GET /v1/vaults`, `GET /v1/vaults/{vaultUuid}/items`, `GET /v1/vaults/{vaultUuid}/items/{itemUuid}`,
//! `/health`, the `{status, message}` error shape with "Invalid token signature" on 401) and the
//! shapes of the Connect JS SDK's fixtures (vaults, item summaries, full items with sections and
//! fields). Ids are 26 lowercase letters and digits, as in the spec's pattern.
//!
//! It checks the bearer token, keeps items in memory, and counts the requests of each kind so
//! that tests (and the benchmark) can check how many calls a resolution made. Built on
//! [`super::fake_http`]: every request is answered by its prelude; stopped on drop.

use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use serde_json::{Value, json};

use super::fake_http::{FakeHttp, Request, Response};

/// Requests answered, by kind.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    pub vault_lists: usize,
    pub item_lists: usize,
    pub item_gets: usize,
    pub refused: usize,
}

#[derive(Default)]
struct State {
    vaults: Vec<(String, String)>,
    /// (vault id, item JSON)
    items: Vec<(String, Value)>,
    next: usize,
}

pub struct FakeConnect {
    http: FakeHttp,
    state: Arc<Mutex<State>>,
    counts: Arc<[AtomicUsize; 4]>,
    delay_ms: Arc<AtomicU64>,
}

fn lock(state: &Mutex<State>) -> std::sync::MutexGuard<'_, State> {
    state.lock().unwrap_or_else(PoisonError::into_inner)
}

fn id(n: usize, kind: char) -> String {
    // 26 characters of [a-z0-9], unique per server.
    format!("{kind}{:0>25}", format!("{n}"))
        .chars()
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

fn error(status: u16, message: &str) -> Response {
    Response::new(
        status,
        "application/json",
        json!({ "status": status, "message": message }).to_string(),
    )
}

impl FakeConnect {
    /// A server that accepts `token` only.
    pub fn start(token: &str) -> FakeConnect {
        let state = Arc::new(Mutex::new(State::default()));
        let counts: Arc<[AtomicUsize; 4]> = Arc::new(Default::default());
        let delay_ms = Arc::new(AtomicU64::new(0));
        let (s, c, token) = (Arc::clone(&state), Arc::clone(&counts), token.to_string());
        let d = Arc::clone(&delay_ms);
        let http = FakeHttp::start(
            move |request| {
                let mut response = answer(&s, &c, &token, request);
                response.delay = Duration::from_millis(d.load(Ordering::SeqCst));
                Some(response)
            },
            |_, _| error(500, "unreachable"),
        );
        FakeConnect {
            http,
            state,
            counts,
            delay_ms,
        }
    }

    pub fn url(&self) -> String {
        self.http.url()
    }

    pub fn counts(&self) -> Counts {
        let n = |i: usize| self.counts[i].load(Ordering::SeqCst);
        Counts {
            vault_lists: n(0),
            item_lists: n(1),
            item_gets: n(2),
            refused: n(3),
        }
    }

    /// Every answer waits `delay` first (a server across a network).
    pub fn set_delay(&self, delay: Duration) {
        self.delay_ms
            .store(delay.as_millis() as u64, Ordering::SeqCst);
    }

    pub fn reset_counts(&self) {
        for c in self.counts.iter() {
            c.store(0, Ordering::SeqCst);
        }
    }

    /// Adds a vault named `name` and returns its id.
    pub fn add_vault(&self, name: &str) -> String {
        let mut state = lock(&self.state);
        state.next += 1;
        let id = id(state.next, 'v');
        state.vaults.push((id.clone(), name.to_string()));
        id
    }

    /// Writes item `title` in vault `vault_id` with `fields` (label, value) outside any
    /// section: a new item, or a new version of the one with that title. Returns its version.
    pub fn put_item(&self, vault_id: &str, title: &str, fields: &[(&str, &str)]) -> u64 {
        let fields: Vec<Value> = fields
            .iter()
            .enumerate()
            .map(|(n, (label, value))| {
                json!({"id": format!("fld{n:0>23}"), "type": "CONCEALED", "purpose": "",
                       "label": label, "value": value})
            })
            .collect();
        self.put_raw(vault_id, title, json!([]), Value::Array(fields))
    }

    /// The id of item `title` in vault `vault_id`.
    pub fn item_id(&self, vault_id: &str, title: &str) -> String {
        lock(&self.state)
            .items
            .iter()
            .find(|(v, item)| v == vault_id && item["title"] == title)
            .map(|(_, item)| item["id"].as_str().unwrap().to_string())
            .expect("an item with that title")
    }

    /// Writes item `title` with the given `sections` and `fields` arrays as Connect sends them.
    pub fn put_raw(&self, vault_id: &str, title: &str, sections: Value, fields: Value) -> u64 {
        let mut state = lock(&self.state);
        state.next += 1;
        let fresh = id(state.next, 'i');
        let existing = state
            .items
            .iter_mut()
            .find(|(v, item)| v == vault_id && item["title"] == title);
        if let Some((_, item)) = existing {
            let version = item["version"].as_u64().unwrap_or(0) + 1;
            item["version"] = json!(version);
            item["sections"] = sections;
            item["fields"] = fields;
            return version;
        }
        let item = json!({
            "id": fresh, "title": title, "vault": {"id": vault_id}, "category": "LOGIN",
            "favorite": false, "tags": [], "version": 1, "trashed": false,
            "createdAt": "2026-11-22T10:00:00.000Z", "updatedAt": "2026-11-22T10:00:00.000Z",
            "lastEditedBy": "uuuuuuuuuuuuuuuuuuuuuuuuuu",
            "sections": sections, "fields": fields,
        });
        state.items.push((vault_id.to_string(), item));
        1
    }
}

fn answer(state: &Mutex<State>, counts: &[AtomicUsize; 4], token: &str, r: &Request) -> Response {
    let path = r.path.split('?').next().unwrap_or("");
    if path == "/health" {
        let body = json!({"name": "1Password Connect API", "version": "1.7.1", "dependencies": []});
        return Response::new(200, "application/json", body.to_string());
    }
    if path == "/heartbeat" {
        return Response::new(200, "text/plain", ".");
    }
    if r.method != "GET" {
        return error(405, "method not allowed in this fake");
    }
    if r.header("authorization") != Some(format!("Bearer {token}").as_str()) {
        counts[3].fetch_add(1, Ordering::SeqCst);
        return error(401, "Invalid token signature");
    }
    let parts: Vec<&str> = path.trim_start_matches("/v1/").split('/').collect();
    let state = lock(state);
    let ok = |v: Value| Response::new(200, "application/json", v.to_string());
    match parts.as_slice() {
        ["vaults"] => {
            counts[0].fetch_add(1, Ordering::SeqCst);
            let vaults: Vec<Value> = state
                .vaults
                .iter()
                .map(|(id, name)| {
                    let items = state.items.iter().filter(|(v, _)| v == id).count();
                    json!({"id": id, "name": name, "description": "", "attributeVersion": 1,
                           "contentVersion": 1, "items": items, "type": "USER_CREATED",
                           "createdAt": "2026-11-22T10:00:00.000Z",
                           "updatedAt": "2026-11-22T10:00:00.000Z"})
                })
                .collect();
            ok(Value::Array(vaults))
        }
        ["vaults", vault, "items"] => {
            counts[1].fetch_add(1, Ordering::SeqCst);
            if !state.vaults.iter().any(|(id, _)| id == vault) {
                return error(404, &format!("vault {vault} not found"));
            }
            let items: Vec<Value> = state
                .items
                .iter()
                .filter(|(v, _)| v == vault)
                .map(|(_, item)| {
                    let mut summary = item.clone();
                    let map = summary.as_object_mut().unwrap();
                    map.remove("fields");
                    map.remove("sections");
                    summary
                })
                .collect();
            ok(Value::Array(items))
        }
        ["vaults", vault, "items", item] => {
            counts[2].fetch_add(1, Ordering::SeqCst);
            if !state.vaults.iter().any(|(id, _)| id == vault) {
                return error(404, &format!("vault {vault} not found"));
            }
            match state
                .items
                .iter()
                .find(|(v, i)| v == vault && i["id"] == *item)
            {
                Some((_, item)) => ok(item.clone()),
                None => error(404, &format!("item {item} not found")),
            }
        }
        _ => error(404, "no such route in this fake"),
    }
}
