//! The app's shared state: the vault (behind one lock, used from blocking threads), the
//! session, and when the user was last seen. Also the token exchange and the front door.

use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::extract::{Query, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use locket_core::Vault;
use serde::Deserialize;

use crate::html;
use crate::session::Sessions;

pub struct App {
    pub dir: PathBuf,
    pub port: u16,
    pub sessions: Sessions,
    vault: Arc<Mutex<Option<Vault>>>,
    idle: Duration,
    /// How long a revealed value stays shown (the page's script reads it from the table).
    pub reveal_for: Duration,
    last_seen: Mutex<Instant>,
    pending_import: Mutex<Option<crate::import::PendingImport>>,
    pub doctor: Option<crate::doctor::Doctor>,
}

/// What went wrong for a page: the vault is locked (go and unlock it), or an error to show.
pub enum Failure {
    Locked,
    /// A message for the user (never a secret value: core errors carry none), and its status.
    Shown(StatusCode, String),
}

impl From<locket_core::Error> for Failure {
    fn from(e: locket_core::Error) -> Self {
        use locket_core::ErrorKind;
        let status = match e.kind() {
            ErrorKind::Usage => StatusCode::BAD_REQUEST,
            ErrorKind::Unresolved => StatusCode::NOT_FOUND,
            _ => StatusCode::UNPROCESSABLE_ENTITY,
        };
        Failure::Shown(status, e.to_string())
    }
}

impl Failure {
    pub fn bad(message: impl Into<String>) -> Self {
        Failure::Shown(StatusCode::BAD_REQUEST, message.into())
    }
}

impl IntoResponse for Failure {
    fn into_response(self) -> Response {
        match self {
            Failure::Locked => Redirect::to("/unlock").into_response(),
            Failure::Shown(status, message) => (status, html::error_page(&message)).into_response(),
        }
    }
}

impl App {
    pub fn new(
        dir: PathBuf,
        vault: Option<Vault>,
        port: u16,
        idle: Duration,
        reveal_for: Duration,
        token: String,
        doctor: Option<crate::doctor::Doctor>,
    ) -> Self {
        App {
            dir,
            port,
            sessions: Sessions::new(token),
            vault: Arc::new(Mutex::new(vault)),
            idle,
            reveal_for,
            last_seen: Mutex::new(Instant::now()),
            pending_import: Mutex::new(None),
            doctor,
        }
    }

    pub fn cookie_name(&self) -> String {
        // Cookies ignore ports: the port in the name keeps two `locket ui`s apart.
        format!("locket_ui_{}", self.port)
    }

    pub fn is_own_host(&self, host: Option<&HeaderValue>) -> bool {
        let Some(host) = host.and_then(|h| h.to_str().ok()) else {
            return false;
        };
        let port = self.port.to_string();
        matches!(host.rsplit_once(':'), Some((name, p))
            if p == port && (name == "127.0.0.1" || name.eq_ignore_ascii_case("localhost")))
    }

    pub fn is_own_origin(&self, origin: &HeaderValue) -> bool {
        let Some(rest) = origin.to_str().ok().and_then(|o| o.strip_prefix("http://")) else {
            return false;
        };
        self.is_own_host(HeaderValue::from_str(rest).ok().as_ref())
    }

    pub fn touch(&self) {
        *self.last_seen.lock().unwrap_or_else(|e| e.into_inner()) = Instant::now();
    }

    /// Resolves once no request has come for the idle time.
    pub async fn idle_expired(&self) {
        loop {
            let last = *self.last_seen.lock().unwrap_or_else(|e| e.into_inner());
            let deadline = last + self.idle;
            if Instant::now() >= deadline {
                return;
            }
            tokio::time::sleep_until(deadline.into()).await;
        }
    }

    /// Runs `work` on the unlocked vault on a blocking thread (SQLite and the providers block).
    pub async fn with_vault<T: Send + 'static>(
        &self,
        work: impl FnOnce(&mut Vault) -> Result<T, Failure> + Send + 'static,
    ) -> Result<T, Failure> {
        let vault = self.vault.clone();
        tokio::task::spawn_blocking(move || {
            let mut guard = vault.lock().unwrap_or_else(|e| e.into_inner());
            match guard.as_mut() {
                Some(vault) => work(vault),
                None => Err(Failure::Locked),
            }
        })
        .await
        .unwrap_or_else(|_| Err(Failure::bad("the request failed inside the server")))
    }

    pub fn is_unlocked(&self) -> bool {
        self.vault
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .is_some()
    }

    pub fn set_pending_import(&self, pending: Option<crate::import::PendingImport>) {
        *self
            .pending_import
            .lock()
            .unwrap_or_else(|e| e.into_inner()) = pending;
    }

    pub fn take_pending_import(&self) -> Option<crate::import::PendingImport> {
        self.pending_import
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .take()
    }

    pub fn put_vault(&self, vault: Vault) {
        *self.vault.lock().unwrap_or_else(|e| e.into_inner()) = Some(vault);
    }
}

#[derive(Deserialize)]
pub struct LoginQuery {
    token: Option<String>,
}

/// Spends the one-time token: sets the session cookie and sends the browser to a URL without
/// the token, so it is not left in the address bar.
pub async fn login(State(app): State<Arc<App>>, Query(query): Query<LoginQuery>) -> Response {
    let offered = query.token.unwrap_or_default();
    match app.sessions.exchange(&offered) {
        Ok(Some(session)) => {
            app.touch();
            let cookie = format!(
                "{}={}; HttpOnly; SameSite=Strict; Path=/",
                app.cookie_name(),
                session.id
            );
            let mut response = Redirect::to("/").into_response();
            if let Ok(value) = HeaderValue::from_str(&cookie) {
                response.headers_mut().insert(header::SET_COOKIE, value);
            }
            response
        }
        Ok(None) => crate::guard::Refused(
            "this sign-in address was already used or is wrong: restart `locket ui` for a new one",
        )
        .into_response(),
        Err(e) => Failure::bad(format!("cannot start a session: {e}")).into_response(),
    }
}

pub async fn home(State(app): State<Arc<App>>) -> Redirect {
    if app.is_unlocked() {
        Redirect::to("/secrets")
    } else {
        Redirect::to("/unlock")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn app(idle: Duration) -> App {
        App::new(
            PathBuf::from("/nonexistent"),
            None,
            4321,
            idle,
            crate::DEFAULT_REVEAL,
            "t".into(),
            None,
        )
    }

    #[test]
    fn only_the_loopback_names_with_this_port_are_our_host() {
        let app = app(Duration::from_secs(60));
        let host = |h: &str| app.is_own_host(Some(&HeaderValue::from_str(h).unwrap()));
        assert!(host("127.0.0.1:4321") && host("localhost:4321") && host("LOCALHOST:4321"));
        for other in [
            "127.0.0.1",
            "127.0.0.1:1234",
            "evil.example:4321",
            "127.0.0.2:4321",
        ] {
            assert!(!host(other), "{other}");
        }
        assert!(!app.is_own_host(None));
        let origin = |o: &str| app.is_own_origin(&HeaderValue::from_str(o).unwrap());
        assert!(origin("http://127.0.0.1:4321") && origin("http://localhost:4321"));
        for other in ["https://127.0.0.1:4321", "null", "http://evil.example:4321"] {
            assert!(!origin(other), "{other}");
        }
    }

    #[test]
    fn idle_time_runs_from_the_last_request() {
        let app = app(Duration::from_millis(200));
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_time()
            .build()
            .unwrap();
        let started = Instant::now();
        runtime.block_on(async {
            // A request half-way through pushes the deadline back.
            let touch = async {
                tokio::time::sleep(Duration::from_millis(100)).await;
                app.touch();
                std::future::pending::<()>().await
            };
            tokio::select! {
                () = app.idle_expired() => {}
                () = touch => {}
            }
        });
        assert!(started.elapsed() >= Duration::from_millis(300));
    }
}
