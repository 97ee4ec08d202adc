//! `locket ui` as a test sees it: the real binary serving a test vault, its printed address,
//! a session (cookie and CSRF token) taken the way a browser takes it, and its stderr kept.

use std::io::{BufRead, BufReader, Read};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};

use reqwest::blocking::{Client, RequestBuilder, Response};
use reqwest::redirect::Policy;

use super::TestVault;

pub struct UiServer {
    child: Child,
    pub port: u16,
    pub login_url: String,
    stderr: Arc<Mutex<Vec<u8>>>,
}

impl UiServer {
    /// `locket ui --no-open` on `v` with its key in the environment.
    pub fn start(v: &TestVault) -> Self {
        Self::start_with(v, true, &[])
    }

    /// Without any key source: the page asks for the key.
    pub fn start_locked(v: &TestVault) -> Self {
        Self::start_with(v, false, &[])
    }

    /// With more arguments to `locket ui`.
    pub fn start_args(v: &TestVault, args: &[&str]) -> Self {
        Self::start_with(v, true, args)
    }

    fn start_with(v: &TestVault, with_key: bool, args: &[&str]) -> Self {
        Self::start_binary(v, &assert_cmd::cargo::cargo_bin("locket"), with_key, args)
    }

    /// `binary ui --no-open ARGS` (the benchmarks run a release build).
    pub fn start_binary(
        v: &TestVault,
        binary: &std::path::Path,
        with_key: bool,
        args: &[&str],
    ) -> Self {
        let mut command = Command::new(binary);
        command
            .env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("HOME", std::env::temp_dir().join("locket-test-home-unused"))
            .env("LOCKET_NO_PROMPT", "1")
            .env("NO_COLOR", "1")
            .arg("--vault-dir")
            .arg(&v.dir)
            .args(["ui", "--no-open"])
            .args(args)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        if with_key {
            command.env("LOCKET_VAULT_KEY", &v.key);
        }
        let mut child = command.spawn().expect("locket ui starts");
        let stderr = Arc::new(Mutex::new(Vec::new()));
        let mut err_pipe = child.stderr.take().unwrap();
        let sink = stderr.clone();
        std::thread::spawn(move || {
            let mut buf = [0u8; 4096];
            while let Ok(n) = err_pipe.read(&mut buf) {
                if n == 0 {
                    break;
                }
                sink.lock().unwrap().extend_from_slice(&buf[..n]);
            }
        });
        // The first stdout line is the address; reading it waits for the server to listen.
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let login_url = line.trim().to_string();
        assert!(
            login_url.starts_with("http://127.0.0.1:") && login_url.contains("/login?token="),
            "unexpected first line {login_url:?}; stderr: {}",
            String::from_utf8_lossy(&stderr.lock().unwrap())
        );
        let port = login_url["http://127.0.0.1:".len()..]
            .split('/')
            .next()
            .unwrap()
            .parse()
            .unwrap();
        UiServer {
            child,
            port,
            login_url,
            stderr,
        }
    }

    pub fn base(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// Everything the server wrote to stderr so far.
    pub fn stderr(&self) -> String {
        String::from_utf8_lossy(&self.stderr.lock().unwrap()).into_owned()
    }

    /// Ctrl+C, then the exit status and stderr.
    pub fn interrupt(mut self) -> (std::process::ExitStatus, String) {
        let status = Command::new("kill")
            .args(["-INT", &self.child.id().to_string()])
            .status()
            .unwrap();
        assert!(status.success());
        let status = self.child.wait().unwrap();
        // The reader thread ends at EOF once the process has exited.
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(5);
        while !self.stderr().contains("Stopped") && std::time::Instant::now() < deadline {
            std::thread::yield_now();
        }
        let err = self.stderr();
        std::mem::forget(self);
        (status, err)
    }

    /// Waits up to `limit` for the server to exit by itself: its status and stderr, or `None`
    /// if it is still running.
    pub fn exited_within(
        &mut self,
        limit: std::time::Duration,
    ) -> Option<(std::process::ExitStatus, String)> {
        let deadline = std::time::Instant::now() + limit;
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                // The reader thread ends at EOF once the process has exited.
                while !self.stderr().contains("Stopped") && std::time::Instant::now() < deadline {
                    std::thread::yield_now();
                }
                return Some((status, self.stderr()));
            }
            if std::time::Instant::now() >= deadline {
                return None;
            }
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
    }

    /// Exchanges the one-time token, as a browser opening the address does.
    pub fn session(&self) -> Session {
        let client = client();
        let response = client.get(&self.login_url).send().unwrap();
        assert_eq!(response.status(), 303, "login: {:?}", response.text());
        let cookie = response
            .headers()
            .get("set-cookie")
            .expect("a session cookie")
            .to_str()
            .unwrap()
            .to_string();
        let pair = cookie.split(';').next().unwrap().to_string();
        let mut session = Session {
            client,
            base: self.base(),
            cookie: pair,
            set_cookie: cookie,
            csrf: String::new(),
        };
        let page = session.get("/secrets").text().unwrap();
        session.csrf = csrf_in(&page).expect("a CSRF field in the page");
        session
    }
}

impl Drop for UiServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A client that follows no redirects, so each answer is seen as the server gave it.
pub fn client() -> Client {
    Client::builder()
        .redirect(Policy::none())
        .no_proxy()
        .build()
        .unwrap()
}

pub struct Session {
    pub client: Client,
    pub base: String,
    /// `name=value`, as the browser sends it back.
    pub cookie: String,
    /// The whole Set-Cookie header.
    pub set_cookie: String,
    pub csrf: String,
}

impl Session {
    pub fn request(&self, method: reqwest::Method, path: &str) -> RequestBuilder {
        self.client
            .request(method, format!("{}{path}", self.base))
            .header("cookie", &self.cookie)
    }

    pub fn get(&self, path: &str) -> Response {
        self.request(reqwest::Method::GET, path).send().unwrap()
    }

    /// A urlencoded POST with this session's CSRF token first.
    pub fn post(&self, path: &str, fields: &[(&str, &str)]) -> Response {
        let mut all = vec![("csrf", self.csrf.as_str())];
        all.extend_from_slice(fields);
        self.request(reqwest::Method::POST, path)
            .header("content-type", "application/x-www-form-urlencoded")
            .body(encode(&all))
            .send()
            .unwrap()
    }

    /// A urlencoded body with this session's CSRF token first.
    pub fn post_body(&self, fields: &[(&str, &str)]) -> String {
        let mut all = vec![("csrf", self.csrf.as_str())];
        all.extend_from_slice(fields);
        encode(&all)
    }

    /// A multipart POST (the forms that take a value or a file) with the CSRF token first.
    pub fn post_multipart(&self, path: &str, fields: &[(&str, &str)]) -> Response {
        let boundary = "locket-test-boundary-7f3a";
        let mut body = String::new();
        let mut all = vec![("csrf", self.csrf.as_str())];
        all.extend_from_slice(fields);
        for (k, v) in all {
            body.push_str(&format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"{k}\"\r\n\r\n{v}\r\n"
            ));
        }
        body.push_str(&format!("--{boundary}--\r\n"));
        self.request(reqwest::Method::POST, path)
            .header(
                "content-type",
                format!("multipart/form-data; boundary={boundary}"),
            )
            .body(body)
            .send()
            .unwrap()
    }
}

pub fn encode(fields: &[(&str, &str)]) -> String {
    fields
        .iter()
        .map(|(k, v)| format!("{}={}", pct(k), pct(v)))
        .collect::<Vec<_>>()
        .join("&")
}

fn pct(text: &str) -> String {
    text.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

/// The value of the first `name="csrf"` hidden field in a page.
pub fn csrf_in(page: &str) -> Option<String> {
    let at = page.find(r#"name="csrf" value=""#)?;
    let rest = &page[at + r#"name="csrf" value=""#.len()..];
    Some(rest[..rest.find('"')?].to_string())
}
