//! locket-ui: the local web app `locket ui` serves. One user, one browser, one session: the
//! server listens on 127.0.0.1 only, hands out one session for the one-time token it prints,
//! and refuses every other request (see `guard`). Pages are rendered on the server from the
//! same `locket-core` calls the commands make; a small embedded script reveals and copies.
//!
//! The vault is opened by the caller (the CLI's key sources); when none answered, the app asks
//! for the key or passphrase in a POST form (`unlock`).

mod assets;
mod cache;
mod check;
pub mod doctor;
mod export;
mod guard;
mod html;
mod import;
mod integration_setup;
mod integrations;
mod secrets;
mod session;
mod state;
mod unlock;

use std::future::Future;
use std::net::{Ipv4Addr, SocketAddr, TcpListener};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::routing::get;
use locket_core::Vault;
use secrecy::SecretString;

pub use state::App;

/// Where the one-time token is exchanged for the session cookie.
pub const LOGIN_PATH: &str = "/login";
/// `--idle`'s default.
pub const DEFAULT_IDLE: Duration = Duration::from_secs(30 * 60);
/// How long a revealed value stays shown by default.
pub const DEFAULT_REVEAL: Duration = Duration::from_secs(20);

pub struct Options {
    /// 0: any free port.
    pub port: u16,
    /// Stop after this long without a request from the session.
    pub idle: Duration,
    /// How long a revealed value stays shown.
    pub reveal_for: Duration,
    /// The report of `locket doctor`, from the CLI that owns the key sources it checks.
    pub doctor: Option<doctor::Doctor>,
}

/// A bound server, not yet serving: its address and login URL can be shown first.
pub struct Server {
    listener: TcpListener,
    app: Arc<App>,
    token: SecretString,
}

/// Why the server stopped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stopped {
    Interrupted,
    Idle,
    Asked,
}

impl Server {
    /// Binds 127.0.0.1:`port` (a free port when 0). `vault` is `None` when no key source
    /// answered: the app then asks for the key.
    pub fn bind(dir: PathBuf, vault: Option<Vault>, options: &Options) -> std::io::Result<Server> {
        let listener = TcpListener::bind(SocketAddr::from((Ipv4Addr::LOCALHOST, options.port)))
            .map_err(|e| {
                std::io::Error::new(
                    e.kind(),
                    format!(
                        "cannot listen on 127.0.0.1:{}: {e}; choose another --port, or omit it \
                         for a free one",
                        options.port
                    ),
                )
            })?;
        listener.set_nonblocking(true)?;
        let port = listener.local_addr()?.port();
        let token = session::random_token()?;
        let app = Arc::new(App::new(
            dir,
            vault,
            port,
            options.idle,
            options.reveal_for,
            token.clone(),
            options.doctor.clone(),
        ));
        Ok(Server {
            listener,
            app,
            token: SecretString::from(token),
        })
    }

    pub fn port(&self) -> u16 {
        self.app.port
    }

    /// The address to open, with the one-time token: show it to the user, nowhere else.
    pub fn login_url(&self) -> SecretString {
        use secrecy::ExposeSecret;
        SecretString::from(format!(
            "http://127.0.0.1:{}{LOGIN_PATH}?token={}",
            self.app.port,
            self.token.expose_secret()
        ))
    }

    /// Serves until Ctrl+C, the idle time, or `stop` resolves.
    pub fn run(self, stop: impl Future<Output = ()> + Send + 'static) -> std::io::Result<Stopped> {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_io()
            .enable_time()
            .build()?;
        runtime.block_on(async move {
            let listener = tokio::net::TcpListener::from_std(self.listener)?;
            let (tx, rx) = tokio::sync::oneshot::channel();
            let app = self.app.clone();
            let watch = tokio::spawn(async move {
                let why = tokio::select! {
                    _ = tokio::signal::ctrl_c() => Stopped::Interrupted,
                    () = app.idle_expired() => Stopped::Idle,
                    () = stop => Stopped::Asked,
                };
                let _ = tx.send(());
                why
            });
            axum::serve(listener, router(self.app))
                .with_graceful_shutdown(async {
                    let _ = rx.await;
                })
                .await?;
            watch.await.map_err(std::io::Error::other)
        })
    }
}

fn router(app: Arc<App>) -> Router {
    Router::new()
        .route(LOGIN_PATH, get(state::login))
        .route("/", get(state::home))
        .route("/assets/app.js", get(assets::script))
        .route("/assets/app.css", get(assets::style))
        .route("/unlock", get(unlock::form).post(unlock::submit))
        .merge(secrets::routes())
        .merge(integrations::routes())
        .merge(integration_setup::routes())
        .merge(cache::routes())
        .merge(check::routes())
        .merge(doctor::routes())
        .merge(export::routes())
        .merge(import::routes())
        .layer(DefaultBodyLimit::max(guard::MAX_BODY))
        .layer(axum::middleware::from_fn_with_state(
            app.clone(),
            guard::guard,
        ))
        .with_state(app)
}
