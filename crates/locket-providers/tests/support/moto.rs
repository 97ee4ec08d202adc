//! moto in server mode (`pip install 'moto[server]'`) standing in for AWS Secrets Manager on
//! 127.0.0.1 at a free port, killed on drop; and [`Admin`], which seeds it through the SDK's
//! own client (no extra crates to build).

use std::io::{Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex, Weak};
use std::time::{Duration, Instant};

use aws_sdk_secretsmanager::config::{BehaviorVersion, Credentials, Region};
use aws_sdk_secretsmanager::primitives::Blob;

use super::free_port;

pub struct Moto {
    child: Child,
    pub port: u16,
    _log: tempfile::NamedTempFile,
}

impl Moto {
    pub fn start() -> Moto {
        let mut last = String::new();
        for _ in 0..3 {
            match Moto::try_start() {
                Ok(moto) => return moto,
                Err(why) => last = why,
            }
        }
        panic!("moto_server did not start: {last}");
    }

    fn try_start() -> Result<Moto, String> {
        let port = free_port();
        let log = tempfile::NamedTempFile::new().unwrap();
        let spawned = Command::new("moto_server")
            .args(["-H", "127.0.0.1", "-p", &port.to_string()])
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(log.reopen().unwrap())
            .spawn();
        let child = match spawned {
            Ok(child) => child,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => panic!(
                "moto_server is not on PATH: these tests need moto in server mode. Install it \
                 with `pip install 'moto[server]'` (scripts/test.sh does)."
            ),
            Err(e) => panic!("could not run moto_server: {e}"),
        };
        let mut moto = Moto {
            child,
            port,
            _log: log,
        };
        let deadline = Instant::now() + Duration::from_secs(30);
        while Instant::now() < deadline {
            if let Ok(Some(status)) = moto.child.try_wait() {
                let log = std::fs::read_to_string(moto._log.path()).unwrap_or_default();
                return Err(format!("it exited ({status}): {log}"));
            }
            if http(port, "GET", "/moto-api/", "", "", "").0 == 200 {
                return Ok(moto);
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        Err("it did not answer within 30 s".into())
    }

    pub fn endpoint(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// From now on moto checks every request's signature and IAM permissions.
    pub fn enforce_auth(&self) {
        let (status, body) = http(self.port, "POST", "/moto-api/reset-auth", "", "", "0");
        assert_eq!(status, 200, "reset-auth: {body}");
    }

    /// An IAM query API call (unsigned: only while moto does not check auth).
    pub fn iam(&self, params: &[(&str, &str)]) -> String {
        let mut body = String::from("Version=2010-05-08");
        for (k, v) in params {
            body.push_str(&format!("&{k}={}", url_encode(v)));
        }
        let (status, text) = http(
            self.port,
            "POST",
            "/",
            // moto picks the service from the credential scope; it checks no signature yet.
            "Authorization: AWS4-HMAC-SHA256 Credential=AKIAFIXTURE/20260101/us-east-1/iam/\
             aws4_request, SignedHeaders=host, Signature=0\r\n",
            "application/x-www-form-urlencoded",
            &body,
        );
        assert_eq!(status, 200, "IAM {params:?}: {text}");
        text
    }
}

impl Drop for Moto {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The moto server of the tests running now; started by the first, killed after the last.
pub fn shared_moto() -> Arc<Moto> {
    static SHARED: Mutex<Weak<Moto>> = Mutex::new(Weak::new());
    super::shared(&SHARED, Moto::start)
}

/// A minimal HTTP/1.1 request; `(0, "")` when nothing answers.
pub fn http(
    port: u16,
    method: &str,
    path: &str,
    extra: &str,
    ctype: &str,
    body: &str,
) -> (u16, String) {
    let Ok(mut stream) = TcpStream::connect(("127.0.0.1", port)) else {
        return (0, String::new());
    };
    stream
        .set_read_timeout(Some(Duration::from_secs(20)))
        .unwrap();
    let ctype = if ctype.is_empty() {
        String::new()
    } else {
        format!("Content-Type: {ctype}\r\n")
    };
    let request = format!(
        "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n{extra}{ctype}Content-Length: {}\r\n\
         Connection: close\r\n\r\n{body}",
        body.len()
    );
    if stream.write_all(request.as_bytes()).is_err() {
        return (0, String::new());
    }
    let mut response = String::new();
    let _ = stream.read_to_string(&mut response);
    let status = response
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    (status, response)
}

pub fn url_encode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

pub fn xml_field(xml: &str, tag: &str) -> String {
    let open = format!("<{tag}>");
    let start = xml
        .find(&open)
        .unwrap_or_else(|| panic!("no <{tag}> in {xml}"))
        + open.len();
    let end = start + xml[start..].find(&format!("</{tag}>")).unwrap();
    xml[start..end].to_owned()
}

// ---------------------------------------------------------------------------------------------
// fixtures and helpers

/// Runs SDK calls that set up fixtures.
pub struct Admin {
    rt: tokio::runtime::Runtime,
    client: aws_sdk_secretsmanager::Client,
}

impl Admin {
    pub fn new(endpoint: &str, region: &str) -> Admin {
        let config = aws_sdk_secretsmanager::Config::builder()
            .behavior_version(BehaviorVersion::latest())
            .region(Region::new(region.to_owned()))
            .endpoint_url(endpoint)
            .credentials_provider(Credentials::new("AKIAFIXTURE", "fixture", None, None, "t"))
            .build();
        Admin {
            rt: tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .unwrap(),
            client: aws_sdk_secretsmanager::Client::from_conf(config),
        }
    }

    /// Creates a secret with a string value; returns (ARN, version id).
    pub fn create(&self, name: &str, value: &str) -> (String, String) {
        let out = self
            .rt
            .block_on(
                self.client
                    .create_secret()
                    .name(name)
                    .secret_string(value)
                    .send(),
            )
            .unwrap_or_else(|e| panic!("CreateSecret {name}: {e:?}"));
        (out.arn.unwrap(), out.version_id.unwrap())
    }

    pub fn create_binary(&self, name: &str, value: &[u8]) {
        self.rt
            .block_on(
                self.client
                    .create_secret()
                    .name(name)
                    .secret_binary(Blob::new(value))
                    .send(),
            )
            .unwrap_or_else(|e| panic!("CreateSecret {name}: {e:?}"));
    }

    /// Puts a new version; `stages` empty means AWSCURRENT. Returns its version id.
    pub fn put(&self, name: &str, value: &str, stages: &[&str]) -> String {
        let mut request = self
            .client
            .put_secret_value()
            .secret_id(name)
            .secret_string(value);
        for stage in stages {
            request = request.version_stages(*stage);
        }
        let out = self
            .rt
            .block_on(request.send())
            .unwrap_or_else(|e| panic!("PutSecretValue {name}: {e:?}"));
        out.version_id.unwrap()
    }

    pub fn move_stage(&self, name: &str, stage: &str, to: &str, from: Option<&str>) {
        self.rt
            .block_on(
                self.client
                    .update_secret_version_stage()
                    .secret_id(name)
                    .version_stage(stage)
                    .move_to_version_id(to)
                    .set_remove_from_version_id(from.map(str::to_owned))
                    .send(),
            )
            .unwrap_or_else(|e| panic!("UpdateSecretVersionStage {name}: {e:?}"));
    }

    pub fn schedule_deletion(&self, name: &str) {
        self.rt
            .block_on(
                self.client
                    .delete_secret()
                    .secret_id(name)
                    .recovery_window_in_days(7)
                    .send(),
            )
            .unwrap_or_else(|e| panic!("DeleteSecret {name}: {e:?}"));
    }
}
