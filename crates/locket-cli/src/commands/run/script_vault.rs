//! `pm.vault` in a run the user allowed it (`--allow-script-vault`): a script's vault calls
//! answered from the vault, by the rules a reference follows. `get` goes through the resolver
//! (cache and external vaults for a linked secret) with the script's request as destination;
//! `set` and `unset` write as `locket set` and `locket rm` do. Every value handed out or
//! stored joins the run's [`Revealed`] before the script sees the answer: masked in all output,
//! and the guard keeps it from any host it is not allowed to reach.

use std::cell::RefCell;

use locket_core::redact::MIN_MASKED_LEN;
use locket_core::reference;
use locket_core::resolve::{self, Fetching, Revealed, Unresolved};
use locket_core::{Error, SecretName, Vault};
use locket_http::Url;
use locket_postman::script::{ScriptVault, VaultCall, VaultOp};
use secrecy::SecretBox;

use crate::ui::Ui;

pub struct VaultForScripts<'a> {
    vault: RefCell<Vault>,
    fetching: Fetching<'static>,
    known: &'a Revealed<'a>,
    ui: &'a Ui,
}

impl<'a> VaultForScripts<'a> {
    pub fn new(
        vault: Vault,
        fetching: Fetching<'static>,
        known: &'a Revealed<'a>,
        ui: &'a Ui,
    ) -> Self {
        VaultForScripts {
            vault: RefCell::new(vault),
            fetching,
            known,
            ui,
        }
    }

    /// The value, when the secret is enabled and allowed for `url`; `None` otherwise (with a
    /// warning naming the secret and the host when it is not allowed there).
    fn get(&self, name: &SecretName, url: Option<&Url>) -> Result<Option<String>, String> {
        let Some(url) = url else {
            self.ui.warn(format!(
                "pm.vault.get({name}) in a pre-request script: the request's URL cannot be \
                 built before its scripts run, so {name} cannot be checked against it; the \
                 script gets undefined"
            ));
            return Ok(None);
        };
        let destination = locket_http::destination(url);
        let items = reference::parse(format!("{{{{vault:{name}}}}}").as_bytes());
        // On a thread of its own: a linked secret's provider runs its own blocking runtime,
        // which must not start or stop inside the run's.
        let mut vault = self.vault.borrow_mut();
        let (vault, fetching) = (&mut *vault, &self.fetching);
        let resolution = std::thread::scope(|s| {
            s.spawn(move || {
                resolve::resolve(
                    Some(&*vault),
                    "",
                    &items,
                    Some(&destination),
                    Some(fetching),
                )
            })
            .join()
        })
        .map_err(|_| format!("pm.vault.get({name}): the lookup failed unexpectedly"))?
        .map_err(|e| format!("pm.vault.get({name}): {e}"))?;
        if let Some(value) = resolution.value(name) {
            self.known.absorb(&resolution);
            self.warn_if_unmasked("get", name, value);
            return Ok(Some(String::from_utf8_lossy(value).into_owned()));
        }
        match resolution.failure(name) {
            None | Some(Unresolved::NotFound { .. } | Unresolved::Disabled) => Ok(None),
            Some(Unresolved::NotAllowed { allowed, .. }) => {
                self.ui.warn(format!(
                    "pm.vault.get({name}): {name} is not allowed to be sent to {} (allowed: {}), \
                     the host of this request; the script gets undefined",
                    url.host_str().unwrap_or_default(),
                    allowed.join(", ")
                ));
                Ok(None)
            }
            Some(other) => Err(format!("pm.vault.get({name}): {name} {other}")),
        }
    }

    /// Stores `value` as `locket set NAME` does (a new secret gets no allowed domains; an
    /// existing one keeps its own), enabling a disabled secret, as Postman does.
    fn set(&self, name: &SecretName, value: &str) -> Result<(), String> {
        let mut vault = self.vault.borrow_mut();
        let fail = |e: Error| format!("pm.vault.set({name}): {e}");
        vault
            .set(name, &SecretBox::new(Box::from(value.as_bytes())), None)
            .map_err(fail)?;
        let meta = vault.get(name).map_err(fail)?.meta;
        if !meta.enabled {
            vault.set_enabled(name, true).map_err(fail)?;
        }
        self.known
            .wrote(name, &meta.allowed_domains, Some(value.as_bytes()));
        self.warn_if_unmasked("set", name, value.as_bytes());
        Ok(())
    }

    /// A value too short to mask (and to find in a request) is worth a warning, as for
    /// references.
    fn warn_if_unmasked(&self, op: &str, name: &SecretName, value: &[u8]) {
        if !value.is_empty() && value.len() < MIN_MASKED_LEN {
            self.ui.warn(format!(
                "pm.vault.{op}({name}): the value is shorter than {MIN_MASKED_LEN} characters, \
                 so it is not masked in the run's output nor found in requests"
            ));
        }
    }

    /// Removes a local secret, as `locket rm` does; a missing one is already gone.
    fn unset(&self, name: &SecretName) -> Result<(), String> {
        let mut vault = self.vault.borrow_mut();
        let fail = |e: Error| format!("pm.vault.unset({name}): {e}");
        let secret = match vault.get(name) {
            Ok(secret) => secret,
            Err(Error::NotFound { .. }) => return Ok(()),
            Err(e) => return Err(fail(e)),
        };
        if let Some(link) = &secret.meta.link {
            return Err(format!(
                "pm.vault.unset({name}): {name} is linked to {link}, and scripts remove local \
                 secrets only; `locket rm {name}` removes the link"
            ));
        }
        vault.remove(name).map_err(fail)?;
        self.known.wrote(name, &[], None);
        Ok(())
    }
}

impl ScriptVault for VaultForScripts<'_> {
    fn call(&self, call: &VaultCall, url: Option<&Url>) -> Result<Option<String>, String> {
        let op = match call.op {
            VaultOp::Get => "get",
            VaultOp::Set => "set",
            VaultOp::Unset => "unset",
        };
        let name = SecretName::new(&call.name)
            .map_err(|e| format!("pm.vault.{op}({:?}): {e}", call.name))?;
        let answer = match call.op {
            VaultOp::Get => self.get(&name, url),
            VaultOp::Set => self
                .set(&name, call.value.as_deref().unwrap_or_default())
                .map(|()| None),
            VaultOp::Unset => self.unset(&name).map(|()| None),
        };
        // A message may quote what it failed on: masked like everything the run shows.
        answer.map_err(|message| self.known.mask().mask_str(&message))
    }
}
