//! Who may use the app: the one-time token printed by `locket ui`, exchanged once for the one
//! session, and that session's CSRF token. Every comparison is constant-time.

use std::sync::Mutex;

use subtle::ConstantTimeEq;

/// 32 random bytes, URL-safe base64: the one-time token, the session id and the CSRF token.
pub fn random_token() -> std::io::Result<String> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).map_err(|e| std::io::Error::other(e.to_string()))?;
    Ok(data_encoding::BASE64URL_NOPAD.encode(&bytes))
}

/// Equal lengths and bytes, in time that does not depend on where they differ.
pub fn same(a: &str, b: &str) -> bool {
    a.len() == b.len() && bool::from(a.as_bytes().ct_eq(b.as_bytes()))
}

#[derive(Clone)]
pub struct Session {
    pub id: String,
    pub csrf: String,
}

/// The token waiting to be exchanged, then the one session it became. There is never more
/// than one session: a second browser, or anyone who finds the used URL, gets nothing.
pub struct Sessions {
    state: Mutex<State>,
}

enum State {
    Waiting { token: String },
    Active(Session),
}

impl Sessions {
    pub fn new(token: String) -> Self {
        Sessions {
            state: Mutex::new(State::Waiting { token }),
        }
    }

    /// The new session if `offered` is the waiting token; the token is then spent.
    pub fn exchange(&self, offered: &str) -> std::io::Result<Option<Session>> {
        let mut state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        let State::Waiting { token } = &*state else {
            return Ok(None);
        };
        if !same(token, offered) {
            return Ok(None);
        }
        let session = Session {
            id: random_token()?,
            csrf: random_token()?,
        };
        *state = State::Active(session.clone());
        Ok(Some(session))
    }

    /// The session whose id is `id`, if it is the active one.
    pub fn find(&self, id: &str) -> Option<Session> {
        let state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        match &*state {
            State::Active(session) if same(&session.id, id) => Some(session.clone()),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_token_is_spent_once_and_a_wrong_one_spends_nothing() {
        let sessions = Sessions::new("right".into());
        assert!(sessions.exchange("wrong").unwrap().is_none());
        assert!(sessions.exchange("righ").unwrap().is_none());
        let session = sessions.exchange("right").unwrap().unwrap();
        assert!(sessions.exchange("right").unwrap().is_none());
        assert!(sessions.find(&session.id).is_some());
        assert!(sessions.find("someone-else").is_none());
        assert_ne!(session.id, session.csrf);
    }
}
