//! The fake `op` (the shell script `fake-op` beside this file) installed in a temporary
//! directory with the JSON it answers, in the shapes the 1Password CLI v2 prints.

use std::path::{Path, PathBuf};

use serde_json::{Value, json};

pub struct FakeOp {
    dir: tempfile::TempDir,
    vaults: Vec<Value>,
    next: usize,
}

impl FakeOp {
    /// An `op` accepting the service account token `token`.
    pub fn new(token: &str) -> FakeOp {
        let dir = tempfile::tempdir().unwrap();
        let script =
            Path::new(env!("CARGO_MANIFEST_DIR")).join("../locket-providers/tests/support/fake-op");
        let op = dir.path().join("op");
        std::fs::copy(script, &op).unwrap();
        std::fs::write(dir.path().join("token"), token).unwrap();
        std::fs::write(
            dir.path().join("whoami.json"),
            json!({"url": "https://locket-test.1password.com", "user_uuid": "SAUSERUUID0000000000000000",
                   "account_uuid": "ACCOUNTUUID000000000000000", "user_type": "SERVICE_ACCOUNT"})
                .to_string(),
        )
        .unwrap();
        let fake = FakeOp {
            dir,
            vaults: Vec::new(),
            next: 0,
        };
        fake.save_vaults();
        fake
    }

    /// The directory holding `op` (to put first on PATH).
    pub fn bin_dir(&self) -> &Path {
        self.dir.path()
    }

    pub fn op_path(&self) -> PathBuf {
        self.dir.path().join("op")
    }

    /// The command lines `op` was run with so far.
    pub fn calls(&self) -> Vec<String> {
        std::fs::read_to_string(self.dir.path().join("calls.log"))
            .unwrap_or_default()
            .lines()
            .map(str::to_string)
            .collect()
    }

    /// The names of the environment variables `op` was run with, over every run.
    pub fn env_names(&self) -> Vec<String> {
        std::fs::read_to_string(self.dir.path().join("env.log"))
            .unwrap_or_default()
            .lines()
            .map(str::to_string)
            .collect()
    }

    /// Each `op` run waits this long first.
    pub fn set_delay(&self, seconds: f32) {
        std::fs::write(self.dir.path().join("delay"), seconds.to_string()).unwrap();
    }

    fn save_vaults(&self) {
        std::fs::write(
            self.dir.path().join("vaults.json"),
            Value::Array(self.vaults.clone()).to_string(),
        )
        .unwrap();
    }

    pub fn add_vault(&mut self, name: &str) -> String {
        self.next += 1;
        let id = format!("opvault{:0>19}", self.next);
        self.vaults
            .push(json!({"id": id, "name": name, "content_version": 1}));
        self.save_vaults();
        std::fs::write(self.dir.path().join(format!("items-{id}.json")), "[]").unwrap();
        id
    }

    /// Adds item `title` to vault `vault_id` with `fields` (label, type, value) outside any
    /// section; returns its id.
    pub fn add_item(
        &mut self,
        vault_id: &str,
        title: &str,
        fields: &[(&str, &str, &str)],
    ) -> String {
        self.next += 1;
        let id = format!("opitem{:0>20}", self.next);
        let listing = self.dir.path().join(format!("items-{vault_id}.json"));
        let mut items: Vec<Value> =
            serde_json::from_str(&std::fs::read_to_string(&listing).unwrap()).unwrap();
        let vault = json!({"id": vault_id, "name": "?"});
        items.push(json!({"id": id, "title": title, "version": 2, "vault": vault,
                          "category": "LOGIN", "last_edited_by": "X", "created_at": "2026-11-22T10:00:00Z",
                          "updated_at": "2026-11-22T10:00:00Z"}));
        std::fs::write(&listing, Value::Array(items).to_string()).unwrap();
        let fields: Vec<Value> = fields
            .iter()
            .enumerate()
            .map(|(n, (label, kind, value))| {
                json!({"id": format!("f{n}"), "type": kind, "label": label, "value": value,
                       "reference": format!("op://{vault_id}/{id}/{label}")})
            })
            .collect();
        let item = json!({"id": id, "title": title, "version": 2, "vault": vault,
                          "category": "LOGIN", "fields": fields});
        std::fs::write(
            self.dir.path().join(format!("item-{vault_id}-{id}.json")),
            item.to_string(),
        )
        .unwrap();
        id
    }
}
