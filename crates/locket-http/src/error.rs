//! What can go wrong sending a request. Every URL in a message is shown masked with the
//! caller's redaction set, so no message carries a secret the request was built with.

use std::time::Duration;

use locket_core::ErrorKind;

use crate::guard::Hop;

/// An error sending a request or reading its response. Messages name no command's flags:
/// the caller adds its own hint ([`Error::hint`] says which kind of hint fits).
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{url} is not a valid URL: {reason}")]
    InvalidUrl { url: String, reason: String },
    #[error("cannot connect to {url}: {cause}")]
    Connect { url: String, cause: String },
    #[error("TLS handshake with {url} failed: {cause}{}", tls_hint(cause))]
    Tls { url: String, cause: String },
    #[error("no complete answer from {url} within {}", duration(*after))]
    Timeout { url: String, after: Duration },
    #[error("the request to {url} failed: {cause}")]
    Request { url: String, cause: String },
    #[error("reading the response from {url} failed: {cause}")]
    Body { url: String, cause: String },
    /// A secret the request carries may not go to this hop; nothing was sent there.
    #[error("{}", refusal(hop, to, refused))]
    Refused {
        hop: Hop,
        /// The destination (target) or the masked URL (redirect) refused.
        to: String,
        /// Each secret the request carries that may not go there, with the reason.
        refused: Vec<(String, String)>,
    },
    #[error("{from} redirected to {location}, which cannot be followed: {reason}")]
    BadRedirect {
        from: String,
        location: String,
        reason: String,
    },
    #[error("more than {max} redirects (the last from {from})")]
    TooManyRedirects { max: usize, from: String },
    #[error("{0}")]
    Challenge(String),
    #[error("cannot set up the HTTP client: {0}")]
    Setup(String),
    #[error("cannot write the response body: {0}")]
    Write(#[source] std::io::Error),
}

/// Which of the caller's settings could change the outcome, for its hint.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Hint {
    Timeout,
    RedirectLimit,
}

impl Error {
    /// The destination rule refusing a hop is a refused reference, on every hop; anything else
    /// is a failed request.
    pub fn kind(&self) -> ErrorKind {
        match self {
            Error::Refused { .. } => ErrorKind::Unresolved,
            _ => ErrorKind::Failed,
        }
    }

    /// The setting that bounded this request, when raising it might help.
    pub fn hint(&self) -> Option<Hint> {
        match self {
            Error::Timeout { .. } => Some(Hint::Timeout),
            Error::TooManyRedirects { .. } => Some(Hint::RedirectLimit),
            _ => None,
        }
    }
}

fn refusal(hop: &Hop, to: &str, refused: &[(String, String)]) -> String {
    let why = refused
        .iter()
        .map(|(name, why)| format!("{name} is {why}"))
        .collect::<Vec<_>>()
        .join("; ");
    match hop {
        Hop::Target => format!("refused: nothing was sent to {to}: {why}"),
        Hop::Redirect { from } => format!(
            "refused to follow the redirect from {from} to {to}; nothing was sent there: {why}"
        ),
        Hop::Proxy { target } => format!(
            "refused: the plain-http request to {target} would go through the proxy {to}, which \
             would see it in cleartext; nothing was sent: {why} (use https://, add the proxy to \
             the secret's allowed domains, exclude the host with NO_PROXY, or allow it with \
             {} or {}=1)",
            crate::proxy::ALLOW_CLEARTEXT_PROXY_FLAG,
            crate::proxy::ALLOW_CLEARTEXT_PROXY
        ),
    }
}

/// What to try after a TLS failure, from rustls' wording.
fn tls_hint(cause: &str) -> &'static str {
    if cause.contains("certificate") {
        "; check the server's certificate (-k skips certificate checks, insecurely)"
    } else if cause.contains("corrupt message") {
        "; does the server speak TLS on that port? (http:// if not)"
    } else {
        ""
    }
}

/// `2 s`, `1.5 s`, `300 ms`.
fn duration(d: Duration) -> String {
    let s = d.as_secs_f64();
    if s < 1.0 {
        format!("{} ms", d.as_millis())
    } else if s.fract() == 0.0 {
        format!("{s:.0} s")
    } else {
        format!("{s} s")
    }
}

/// The innermost cause of an error: for reqwest that is the one that says what happened
/// ("Connection refused (os error 111)", "invalid peer certificate: UnknownIssuer").
pub(crate) fn root_cause(err: &(dyn std::error::Error + 'static)) -> String {
    let mut cause = err;
    while let Some(next) = cause.source() {
        cause = next;
    }
    cause.to_string()
}

/// Whether a TLS failure (certificate, handshake) is somewhere in the chain. rustls errors
/// travel inside `io::Error`s (hyper-rustls wraps tokio-rustls' `io::Error` in another), whose
/// `source()` skips them, so those are opened explicitly.
pub(crate) fn is_tls(err: &(dyn std::error::Error + 'static)) -> bool {
    let mut cause = Some(err);
    while let Some(mut e) = cause {
        while let Some(inner) = e
            .downcast_ref::<std::io::Error>()
            .and_then(|io| io.get_ref())
        {
            e = inner;
        }
        if e.is::<rustls::Error>() {
            return true;
        }
        cause = e.source();
    }
    false
}
