//! What `locket integration add` and `reauth` hand a provider: the flags a person gave
//! ([`Given`], as declared in each provider's [`Flag`] list), and a [`SetupIo`] through which
//! it reads a credential or shows a device code or a URL, so providers hold no terminal code.

use std::collections::BTreeMap;
use std::path::PathBuf;

use secrecy::SecretString;

use crate::ProviderError;

/// One flag of `integration add KIND`, declared as data: the CLI turns it into an argument.
#[derive(Debug, Clone, Copy)]
pub struct Flag {
    /// The long name, without `--`: `token-stdin`.
    pub name: &'static str,
    /// The placeholder of its value (`URL`); `None` for a switch.
    pub value: Option<&'static str>,
    pub help: &'static str,
    /// Also taken by `integration reauth` (a source of new credentials).
    pub reauth: bool,
    pub conflicts: &'static [&'static str],
    pub requires: &'static [&'static str],
    /// The values it accepts, each with its help; empty for any.
    pub choices: &'static [(&'static str, &'static str)],
}

impl Flag {
    /// A switch named `*-stdin` (`--token-stdin`) makes setup read a credential through
    /// [`SetupIo::secret`]: the CLI from stdin, the web UI from a password field.
    pub fn reads_a_secret(&self) -> bool {
        self.value.is_none() && self.name.ends_with("-stdin")
    }

    /// `--name`, on or off.
    pub const fn switch(name: &'static str, help: &'static str) -> Flag {
        Flag {
            name,
            value: None,
            help,
            reauth: false,
            conflicts: &[],
            requires: &[],
            choices: &[],
        }
    }

    /// `--name VALUE`.
    pub const fn value(name: &'static str, value: &'static str, help: &'static str) -> Flag {
        Flag {
            value: Some(value),
            ..Flag::switch(name, help)
        }
    }
}

/// The flags given to `integration add` or `reauth`, by name, and the ones every kind takes.
#[derive(Debug, Default, Clone)]
pub struct Given {
    /// The integration's name, for messages.
    pub integration: String,
    /// `--ca-cert FILE`.
    pub ca_cert: Option<PathBuf>,
    /// `--timeout SECONDS`.
    pub timeout: Option<u64>,
    flags: BTreeMap<String, Option<String>>,
}

impl Given {
    /// Records `--name` (with its value, for a flag that takes one).
    pub fn set(&mut self, name: &str, value: Option<String>) {
        self.flags.insert(name.to_string(), value);
    }

    /// Whether `--name` was given.
    pub fn on(&self, name: &str) -> bool {
        self.flags.contains_key(name)
    }

    /// The value of `--name VALUE`.
    pub fn text(&self, name: &str) -> Option<String> {
        self.flags.get(name).cloned().flatten()
    }

    pub fn path(&self, name: &str) -> Option<PathBuf> {
        self.text(name).map(PathBuf::from)
    }

    /// Checks the flags given against `flags`' declarations (conflicts, requirements, choices),
    /// for a caller that gathers them without the CLI's parser, which checks the same
    /// declarations itself.
    pub fn check(&self, flags: &[Flag]) -> Result<(), SetupError> {
        for flag in flags.iter().filter(|f| self.on(f.name)) {
            if let Some(other) = flag.conflicts.iter().find(|c| self.on(c)) {
                return Err(SetupError::Usage(format!(
                    "--{} cannot be used with --{other}",
                    flag.name
                )));
            }
            if let Some(missing) = flag.requires.iter().find(|r| !self.on(r)) {
                return Err(SetupError::Usage(format!(
                    "--{} needs --{missing}",
                    flag.name
                )));
            }
            let value = self.text(flag.name).unwrap_or_default();
            if !flag.choices.is_empty() && !flag.choices.iter().any(|(c, _)| *c == value) {
                let choices: Vec<&str> = flag.choices.iter().map(|(c, _)| *c).collect();
                return Err(SetupError::Usage(format!(
                    "--{} takes one of {}, not `{value}`",
                    flag.name,
                    choices.join(", ")
                )));
            }
        }
        Ok(())
    }

    /// `--timeout` as a duration.
    pub fn timeout(&self) -> Option<std::time::Duration> {
        self.timeout.map(std::time::Duration::from_secs)
    }
}

/// The terminal, as a provider's setup may use it.
pub trait SetupIo {
    /// A credential: the first line of stdin, or a hidden prompt on a terminal. `what` names
    /// it: "the token".
    fn secret(&mut self, what: &str) -> Result<SecretString, SetupError>;
    /// Tells the person something on stderr (a device code, a URL to open, a note): never a
    /// secret.
    fn show(&mut self, message: &str);
    /// Opens `url` in the person's browser, when there is one to open and they allow it.
    fn open_browser(&mut self, url: &str);
    /// Whether what [`SetupIo::show`] says reaches the person while setup waits for them
    /// (a device code to enter, a page to sign in on). The terminal does; the web UI shows it
    /// only once setup has ended, so sign-ins that wait are refused there.
    fn waits_for_a_person(&self) -> bool {
        true
    }
}

/// Why an integration could not be set up.
#[derive(Debug, thiserror::Error)]
pub enum SetupError {
    /// The flags, the environment or a file given are wrong or incomplete (exit 2).
    #[error("{0}")]
    Usage(String),
    /// Signing in with the store failed (exit 5).
    #[error("{0}")]
    SignIn(ProviderError),
}

impl From<ProviderError> for SetupError {
    /// A provider's objection to settings (a bad address, a missing variable) is a usage error.
    fn from(e: ProviderError) -> Self {
        SetupError::Usage(e.to_string())
    }
}

/// The environment variable `name`, unless it is unset or blank.
pub(crate) fn env(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.trim().is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    const FLAGS: &[Flag] = &[
        Flag::switch("token-stdin", "token"),
        Flag {
            conflicts: &["token-stdin"],
            ..Flag::switch("secret-id-stdin", "secret id")
        },
        Flag {
            requires: &["role-arn"],
            ..Flag::value("external-id", "ID", "external id")
        },
        Flag::value("role-arn", "ARN", "role"),
        Flag {
            choices: &[("secret", ""), ("certificate", "")],
            ..Flag::value("sign-in", "METHOD", "how")
        },
    ];

    fn given(flags: &[(&str, Option<&str>)]) -> Given {
        let mut given = Given::default();
        for (name, value) in flags {
            given.set(name, value.map(str::to_string));
        }
        given
    }

    #[test]
    fn declared_conflicts_requirements_and_choices_are_enforced() {
        assert!(given(&[]).check(FLAGS).is_ok());
        let ok = given(&[
            ("token-stdin", None),
            ("external-id", Some("x")),
            ("role-arn", Some("arn")),
            ("sign-in", Some("certificate")),
        ]);
        assert!(ok.check(FLAGS).is_ok());
        let refused = |g: Given| match g.check(FLAGS) {
            Err(SetupError::Usage(m)) => m,
            other => panic!("{other:?}"),
        };
        assert_eq!(
            refused(given(&[("token-stdin", None), ("secret-id-stdin", None)])),
            "--secret-id-stdin cannot be used with --token-stdin"
        );
        assert_eq!(
            refused(given(&[("external-id", Some("x"))])),
            "--external-id needs --role-arn"
        );
        assert_eq!(
            refused(given(&[("sign-in", Some("magic"))])),
            "--sign-in takes one of secret, certificate, not `magic`"
        );
        assert!(FLAGS[0].reads_a_secret() && !FLAGS[3].reads_a_secret());
    }
}
