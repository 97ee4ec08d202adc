//! Every secret value a command holds, and the one mask built from them, growing while the
//! command runs: a collection run starts with its resolution, and each value a script reads or
//! writes through `pm.vault` joins it. The wire's guard and every writer of output ask this one
//! place, so a value added here is masked and guarded from then on. A script's writes also
//! change what later references substitute: the value it set, or nothing once it unset one.
//!
//! Single-threaded by design (`RefCell`, `Rc`): a run's lanes, its script engines and its wire
//! all live on one thread.

use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet};
use std::rc::Rc;

use secrecy::{ExposeSecret, SecretBox};
use zeroize::Zeroizing;

use super::{Destination, Resolution, Unresolved, not_allowed, substitute_with};
use crate::domain::AllowedDomain;
use crate::name::SecretName;
use crate::redact::{MIN_MASKED_LEN, RedactionSet};
use crate::reference::Item;

/// The resolution a command started with, the values revealed since, and their mask.
pub struct Revealed<'a> {
    resolution: &'a Resolution,
    state: RefCell<State>,
}

struct State {
    /// Values that came after the resolution, with their secret's name and allowed domains.
    later: Vec<Later>,
    /// What scripts wrote, by name: the value set last, or `None` once unset. References
    /// substitute these over the resolution's.
    written: BTreeMap<SecretName, Option<SecretBox<[u8]>>>,
    /// Values masked that belong to no secret of the vault (secret-typed variables, a key).
    unnamed: Vec<Zeroizing<Vec<u8>>>,
    /// Built from the resolution's values (in its order), then `later`, then `unnamed`.
    mask: Rc<RedactionSet>,
}

struct Later {
    name: SecretName,
    allowed: Vec<AllowedDomain>,
    value: SecretBox<[u8]>,
}

impl<'a> Revealed<'a> {
    /// Starts from `resolution`; `unnamed` values are masked too but guard nothing.
    pub fn new<'v>(
        resolution: &'a Resolution,
        unnamed: impl IntoIterator<Item = &'v [u8]>,
    ) -> Self {
        let mut state = State {
            later: Vec::new(),
            written: BTreeMap::new(),
            unnamed: unnamed
                .into_iter()
                .map(|v| Zeroizing::new(v.to_vec()))
                .collect(),
            mask: Rc::new(RedactionSet::empty()),
        };
        state.mask = Rc::new(build_mask(resolution, &state));
        Revealed {
            resolution,
            state: RefCell::new(state),
        }
    }

    /// The resolution the command started with (what references substitute).
    pub fn resolution(&self) -> &'a Resolution {
        self.resolution
    }

    /// The mask as it stands: every value revealed so far, in every form masked.
    pub fn mask(&self) -> Rc<RedactionSet> {
        self.state.borrow().mask.clone()
    }

    /// Adds a value of secret `name` (allowed for `allowed`; empty: anywhere): from now on it
    /// is masked, and a request carrying it goes only where `name` may go.
    pub fn reveal(&self, name: &SecretName, allowed: &[AllowedDomain], value: &[u8]) {
        let known = self.resolution.value(name) == Some(value)
            || self.state.borrow().later.iter().any(|l| {
                l.name == *name && l.allowed == allowed && l.value.expose_secret() == value
            });
        if known {
            return;
        }
        let mut state = self.state.borrow_mut();
        state.later.push(Later {
            name: name.clone(),
            allowed: allowed.to_vec(),
            value: SecretBox::new(Box::from(value)),
        });
        state.mask = Rc::new(build_mask(self.resolution, &state));
    }

    /// A script stored `value` in secret `name` (allowed for `allowed`), or removed it
    /// (`None`): the value is revealed, and later references to `name` substitute it (or no
    /// longer resolve).
    pub fn wrote(&self, name: &SecretName, allowed: &[AllowedDomain], value: Option<&[u8]>) {
        if let Some(value) = value {
            self.reveal(name, allowed, value);
        }
        let value = value.map(|v| SecretBox::new(Box::from(v)));
        self.state.borrow_mut().written.insert(name.clone(), value);
    }

    /// Whether a script removed secret `name` during the run.
    pub fn removed(&self, name: &SecretName) -> bool {
        matches!(self.state.borrow().written.get(name), Some(None))
    }

    /// Whether a reference to `name` has a value now (what a script wrote last, else the
    /// resolution's).
    pub fn has(&self, name: &SecretName) -> bool {
        current(self.resolution, &self.state.borrow(), name).is_some()
    }

    /// `text` with every reference substituted by its current value (what a script wrote last,
    /// else the resolution's); `None` when one has none (unresolved, or removed by a script).
    pub fn substitute(&self, text: &[u8], items: &[Item]) -> Option<Zeroizing<Vec<u8>>> {
        let state = self.state.borrow();
        let value = |name: &SecretName| current(self.resolution, &state, name);
        let complete = items
            .iter()
            .all(|item| matches!(item, Item::Reference { name, .. } if value(name).is_some()));
        if !complete {
            return None;
        }
        let mut out = Zeroizing::new(Vec::with_capacity(text.len()));
        substitute_with(text, items, &value, &mut *out).expect("writing to memory cannot fail");
        Some(out)
    }

    /// Adds every value `other` resolved, with its allowed domains.
    pub fn absorb(&self, other: &Resolution) {
        for name in other.names() {
            if let Some(value) = other.value(name) {
                self.reveal(name, other.allowed(name), value);
            }
        }
    }

    /// The secrets whose values appear in any of `texts`, in any form the mask knows.
    pub fn owners<'t>(&self, texts: impl IntoIterator<Item = &'t [u8]>) -> BTreeSet<SecretName> {
        let state = self.state.borrow();
        let resolved: Vec<&SecretName> = self.resolution.names().collect();
        let mut found = BTreeSet::new();
        for text in texts {
            found.extend(state.mask.owners(text));
        }
        found
            .into_iter()
            .filter_map(|i| match resolved.get(i) {
                Some(name) => Some((*name).clone()),
                None => state.later.get(i - resolved.len()).map(|l| l.name.clone()),
            })
            .collect()
    }

    /// Every secret known here that may not be sent to `destination`, with the reason (one
    /// entry per name).
    pub fn refused_for(&self, destination: &Destination) -> Vec<(SecretName, Unresolved)> {
        let mut out: Vec<(SecretName, Unresolved)> = self
            .resolution
            .refused_for(destination)
            .into_iter()
            .map(|(name, why)| (name.clone(), why))
            .collect();
        for later in &self.state.borrow().later {
            if out.iter().any(|(name, _)| *name == later.name) {
                continue;
            }
            if let Some(why) = not_allowed(&later.allowed, destination) {
                out.push((later.name.clone(), why));
            }
        }
        out.sort_by(|a, b| a.0.cmp(&b.0));
        out
    }

    /// `text` with every known value of a secret written as its `{{vault:NAME}}` reference:
    /// a whole text equal to a value, or (for values long enough to be masked) each place the
    /// value appears. For files that must not hold a value in plaintext but stay usable
    /// (exported environments). Longer values are replaced first.
    pub fn as_references(&self, text: &str) -> String {
        let state = self.state.borrow();
        let mut named: Vec<(&SecretName, &[u8])> = self
            .resolution
            .names()
            .filter_map(|n| self.resolution.value(n).map(|v| (n, v)))
            .chain(
                state
                    .later
                    .iter()
                    .map(|l| (&l.name, l.value.expose_secret())),
            )
            .filter(|(_, v)| !v.is_empty())
            .collect();
        named.sort_by_key(|(_, v)| std::cmp::Reverse(v.len()));
        let reference = |name: &SecretName| format!("{{{{vault:{name}}}}}");
        if let Some((name, _)) = named.iter().find(|(_, v)| *v == text.as_bytes()) {
            return reference(name);
        }
        let mut out = text.to_string();
        for (name, value) in named {
            if value.len() < MIN_MASKED_LEN {
                continue;
            }
            if let Ok(value) = std::str::from_utf8(value)
                && out.contains(value)
            {
                out = out.replace(value, &reference(name));
            }
        }
        out
    }
}

/// The value a reference to `name` substitutes now.
fn current<'v>(
    resolution: &'v Resolution,
    state: &'v State,
    name: &SecretName,
) -> Option<&'v [u8]> {
    match state.written.get(name) {
        Some(written) => written.as_ref().map(|v| v.expose_secret()),
        None => resolution.value(name),
    }
}

fn build_mask(resolution: &Resolution, state: &State) -> RedactionSet {
    let resolved = resolution
        .names()
        .map(|n| resolution.value(n).unwrap_or_default());
    let later = state.later.iter().map(|l| l.value.expose_secret());
    let unnamed = state.unnamed.iter().map(|v| v.as_slice());
    RedactionSet::new(resolved.chain(later).chain(unnamed)).0
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::reference::parse;

    fn name(n: &str) -> SecretName {
        SecretName::new(n).unwrap()
    }

    fn dest(host: &str) -> Destination {
        Destination {
            scheme: "https".into(),
            host: host.into(),
            port: 443,
        }
    }

    #[test]
    fn a_revealed_value_is_masked_found_and_guarded_from_then_on() {
        let resolution = Resolution::default();
        let revealed = Revealed::new(&resolution, [b"variable-secret".as_slice()]);
        assert_eq!(revealed.mask().mask_str("x variable-secret"), "x ********");
        assert_eq!(
            revealed.mask().mask_str("token-from-script"),
            "token-from-script"
        );

        let only_api = vec![AllowedDomain::parse("api.example.com").unwrap()];
        revealed.reveal(&name("TOKEN"), &only_api, b"token-from-script");
        assert_eq!(revealed.mask().mask_str("token-from-script"), "********");
        let encoded = "dG9rZW4tZnJvbS1zY3JpcHQ="; // base64
        assert_eq!(
            revealed.owners([encoded.as_bytes(), b"variable-secret".as_slice()]),
            BTreeSet::from([name("TOKEN")]),
            "the unnamed value guards nothing"
        );
        let refused = revealed.refused_for(&dest("evil.example.net"));
        assert_eq!(refused.len(), 1);
        assert_eq!(refused[0].0, name("TOKEN"));
        assert!(revealed.refused_for(&dest("api.example.com")).is_empty());
    }

    #[test]
    fn references_substitute_what_scripts_wrote_last() {
        let resolution = Resolution::default();
        let revealed = Revealed::new(&resolution, []);
        let text = b"Bearer {{vault:TOKEN}}";
        let items = parse(text);
        assert!(revealed.substitute(text, &items).is_none(), "not resolved");
        revealed.wrote(&name("TOKEN"), &[], Some(b"first-value"));
        revealed.wrote(&name("TOKEN"), &[], Some(b"second-value"));
        assert_eq!(
            revealed.substitute(text, &items).unwrap().as_slice(),
            b"Bearer second-value"
        );
        assert_eq!(
            revealed.mask().mask_str("first-value"),
            "********",
            "still masked"
        );
        revealed.wrote(&name("TOKEN"), &[], None);
        assert!(revealed.removed(&name("TOKEN")));
        assert!(revealed.substitute(text, &items).is_none(), "unset");
    }

    #[test]
    fn exported_texts_hold_references_not_values() {
        let resolution = Resolution::default();
        let revealed = Revealed::new(&resolution, []);
        revealed.reveal(&name("KEY"), &[], b"k-1234567");
        revealed.reveal(&name("PIN"), &[], b"12");
        assert_eq!(revealed.as_references("k-1234567"), "{{vault:KEY}}");
        assert_eq!(
            revealed.as_references("Bearer k-1234567"),
            "Bearer {{vault:KEY}}"
        );
        assert_eq!(revealed.as_references("12"), "{{vault:PIN}}");
        assert_eq!(
            revealed.as_references("a 12 b"),
            "a 12 b",
            "too short to find"
        );
    }
}
