//! Postman's variables: scopes, precedence and `{{name}}` substitution.
//!
//! Precedence, highest first, as in Postman: local (set by scripts; none until scripts run),
//! iteration data, environment, collection, global. Within one list a disabled variable is
//! ignored and, of duplicates, the last enabled one wins.
//!
//! Substitution follows postman-collection's: a pass replaces every `{{name}}` whose name has
//! no braces in it; a value may itself hold `{{…}}`, and a `{{a{{b}}}}` resolves the inner one
//! first, so passes repeat until nothing changes (at most [`MAX_PASSES`], Postman's limit).
//! Unknown names stay as written. Names starting with `$` that no scope defines are dynamic
//! variables ([`crate::dynamic`]). `{{vault:NAME}}` is never touched here: it is locket's
//! reference, substituted after every variable (so a variable whose value is a reference works).

use std::borrow::Cow;

use serde_json::Value;

use crate::dynamic::Dynamic;
use crate::model::Variable;

/// postman-collection's `VARS_SUBREPLACE_LIMIT`.
pub const MAX_PASSES: usize = 19;

/// One variable as a scope keeps it. Values are JSON: files give strings, scripts may set
/// numbers, booleans or objects, and an export writes them back with their type.
#[derive(Clone, PartialEq)]
pub struct Var {
    pub key: String,
    pub value: Value,
    /// Postman's `type` (`string`, `secret`, `any`, …), kept for exports.
    pub kind: Option<String>,
    pub disabled: bool,
}

/// A value as a template sees it, JavaScript's `String(value)` as Postman substitutes it:
/// strings as they are, null as "", arrays joined with commas, objects `[object Object]`.
pub fn as_text(value: &Value) -> Cow<'_, str> {
    match value {
        Value::String(s) => Cow::Borrowed(s),
        Value::Null => Cow::Borrowed(""),
        Value::Array(items) => Cow::Owned(
            items
                .iter()
                .map(|item| as_text(item).into_owned())
                .collect::<Vec<_>>()
                .join(","),
        ),
        Value::Object(_) => Cow::Borrowed("[object Object]"),
        other => Cow::Owned(other.to_string()),
    }
}

/// One scope's variables, in order. Disabled variables are kept (an export writes them) but
/// never read; of duplicates, the last enabled one is read and written.
#[derive(Default, Clone)]
pub struct Scope {
    vars: Vec<Var>,
}

impl Scope {
    pub fn new<'a>(variables: impl IntoIterator<Item = &'a Variable>) -> Scope {
        Scope {
            vars: variables
                .into_iter()
                .map(|v| Var {
                    key: v.key.clone(),
                    value: Value::String(v.value.clone()),
                    kind: v.secret.then(|| "secret".to_string()),
                    disabled: v.disabled,
                })
                .collect(),
        }
    }

    pub fn from_pairs(pairs: impl IntoIterator<Item = (String, String)>) -> Scope {
        Scope::from_vars(
            pairs
                .into_iter()
                .map(|(key, value)| Var {
                    key,
                    value: Value::String(value),
                    kind: None,
                    disabled: false,
                })
                .collect(),
        )
    }

    pub fn from_vars(vars: Vec<Var>) -> Scope {
        Scope { vars }
    }

    pub fn vars(&self) -> &[Var] {
        &self.vars
    }

    /// `other`'s variables set over this scope's (`--env-var` over `-e`).
    pub fn overlay(&mut self, other: &Scope) {
        for v in other.vars.iter().filter(|v| !v.disabled) {
            self.set(&v.key, v.value.clone());
        }
    }

    fn find(&self, name: &str) -> Option<&Var> {
        self.vars
            .iter()
            .rev()
            .find(|v| !v.disabled && v.key == name)
    }

    pub fn get(&self, name: &str) -> Option<Cow<'_, str>> {
        self.find(name).map(|v| as_text(&v.value))
    }

    pub fn has(&self, name: &str) -> bool {
        self.find(name).is_some()
    }

    /// Sets `name`: the variable read so far changes, or a new one is added at the end.
    pub fn set(&mut self, name: &str, value: Value) {
        match self
            .vars
            .iter_mut()
            .rev()
            .find(|v| !v.disabled && v.key == name)
        {
            Some(v) => v.value = value,
            None => self.vars.push(Var {
                key: name.to_string(),
                value,
                kind: None,
                disabled: false,
            }),
        }
    }

    /// The enabled variables, each name once (its last value), in first-seen order.
    pub fn values(&self) -> impl Iterator<Item = (&str, Cow<'_, str>)> {
        self.vars.iter().enumerate().filter_map(|(i, v)| {
            let last = self.vars[i + 1..]
                .iter()
                .all(|later| later.disabled || later.key != v.key);
            (!v.disabled && last).then(|| (v.key.as_str(), as_text(&v.value)))
        })
    }
}

/// The scopes one request sees, highest precedence first.
pub struct Scopes<'a> {
    pub layers: Vec<&'a Scope>,
}

impl Scopes<'_> {
    pub fn get(&self, name: &str) -> Option<Cow<'_, str>> {
        self.layers.iter().find_map(|s| s.get(name))
    }

    /// `template` with every known `{{name}}` substituted, or an error naming the variable
    /// whose value made the text outgrow [`MAX_GROWTH`] (e.g. `a` = `{{a}}{{a}}{{a}}{{a}}`,
    /// which newman would expand to 4^19 copies).
    pub fn render<'t>(
        &self,
        template: &'t str,
        dynamic: &mut Dynamic,
    ) -> Result<Cow<'t, str>, TooLarge> {
        if !template.contains("{{") {
            return Ok(Cow::Borrowed(template));
        }
        let limit = template.len().saturating_add(MAX_GROWTH);
        let mut text = template.to_string();
        for _ in 0..MAX_PASSES {
            match self.pass(&text, dynamic, limit)? {
                Some(next) => text = next,
                None => break,
            }
        }
        Ok(Cow::Owned(text))
    }

    /// One pass; `None` when nothing was substituted. Linear in `text`: every `{{` before a
    /// `}}` shares that `}}`, and only the last of them can hold a name without braces.
    fn pass(
        &self,
        text: &str,
        dynamic: &mut Dynamic,
        limit: usize,
    ) -> Result<Option<String>, TooLarge> {
        let mut out = String::with_capacity(text.len());
        let mut changed = None;
        let mut rest = text;
        while let Some(first_open) = rest.find("{{") {
            // The name runs to the first `}}`, and has no brace in it.
            let Some(close) = rest[first_open + 2..]
                .find("}}")
                .map(|i| first_open + 2 + i)
            else {
                break;
            };
            // `{{a{{b}}}}`: the outer `{{` are plain text, the inner one is the candidate.
            let open = first_open + rest[first_open..close].rfind("{{").unwrap_or(0);
            let name = &rest[open + 2..close];
            if name.contains(['{', '}']) {
                out.push_str(&rest[..open + 1]);
                rest = &rest[open + 1..];
                continue;
            }
            out.push_str(&rest[..open]);
            let value = if name.starts_with("vault:") {
                None
            } else {
                match self.get(name) {
                    Some(v) => Some(v),
                    None => name
                        .strip_prefix('$')
                        .and_then(|n| dynamic.value(n))
                        .map(Cow::Owned),
                }
            };
            match value {
                Some(v) => {
                    if out.len() + v.len() > limit {
                        return Err(TooLarge {
                            variable: name.to_string(),
                        });
                    }
                    out.push_str(&v);
                    changed = Some(name);
                }
                None => out.push_str(&rest[open..close + 2]),
            }
            rest = &rest[close + 2..];
        }
        out.push_str(rest);
        match changed {
            // The text after the last substitution can take it over the limit too.
            Some(name) if out.len() > limit => Err(TooLarge {
                variable: name.to_string(),
            }),
            Some(_) => Ok(Some(out)),
            None => Ok(None),
        }
    }
}

/// How much substitution may add to a text: far beyond any real request (a body from a file is
/// not substituted), far below what a self-multiplying variable reaches. newman has no limit of
/// its own: it fails at V8's largest string (about 512 MB) after minutes of work.
pub const MAX_GROWTH: usize = 16 << 20;

/// A text that substitution would grow past [`MAX_GROWTH`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "substituting {{{{{variable}}}}} grows the text past {} MB: its value refers to itself, or to \
     variables that do, more than once; fix the variable's value",
    MAX_GROWTH >> 20
)]
pub struct TooLarge {
    pub variable: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn var(key: &str, value: &str, disabled: bool) -> Variable {
        Variable {
            key: key.into(),
            value: value.into(),
            disabled,
            secret: false,
        }
    }

    fn render(layers: &[&Scope], text: &str) -> String {
        Scopes {
            layers: layers.to_vec(),
        }
        .render(text, &mut Dynamic::new())
        .unwrap()
        .into_owned()
    }

    #[test]
    fn disabled_are_ignored_and_the_last_duplicate_wins() {
        let s = Scope::new(&[
            var("justDisabled", "1", true),
            var("oneDisabled", "1", false),
            var("oneDisabled", "2", true),
            var("duplicate", "1", false),
            var("duplicate", "2", false),
        ]);
        assert_eq!(s.get("justDisabled"), None);
        assert_eq!(s.get("oneDisabled").as_deref(), Some("1"));
        assert_eq!(s.get("duplicate").as_deref(), Some("2"));
        let mut s = s;
        s.set("duplicate", Value::from(3));
        assert_eq!(s.get("duplicate").as_deref(), Some("3"));
        assert_eq!(
            s.vars().len(),
            5,
            "set changes the variable read, adds none"
        );
        s.set("new", Value::Bool(true));
        assert_eq!(s.get("new").as_deref(), Some("true"));
        let seen: Vec<_> = s.values().map(|(k, v)| format!("{k}={v}")).collect();
        assert_eq!(seen, ["oneDisabled=1", "duplicate=3", "new=true"]);
    }

    #[test]
    fn precedence_is_the_first_layer_that_knows() {
        let data = Scope::from_pairs([("a".into(), "data".into())]);
        let env = Scope::from_pairs([("a".into(), "env".into()), ("b".into(), "env".into())]);
        let global = Scope::from_pairs([("c".into(), "global".into()), ("b".into(), "g".into())]);
        assert_eq!(
            render(&[&data, &env, &global], "{{a}} {{b}} {{c}} {{d}}"),
            "data env global {{d}}"
        );
    }

    #[test]
    fn nested_and_recursive_values() {
        let s = Scope::from_pairs([
            ("host".into(), "{{sub}}.example.com".into()),
            ("sub".into(), "api".into()),
            ("which".into(), "sub".into()),
            ("loop".into(), "{{loop}}".into()),
        ]);
        assert_eq!(
            render(&[&s], "https://{{host}}/"),
            "https://api.example.com/"
        );
        assert_eq!(render(&[&s], "{{{{which}}}}"), "api");
        assert_eq!(render(&[&s], "{{loop}}"), "{{loop}}");
        assert_eq!(render(&[&s], "{{ unclosed"), "{{ unclosed");
    }

    #[test]
    fn self_multiplying_variables_stop_at_the_pass_limit_or_the_size_limit() {
        // newman: 19 passes, each doubling the text: 2^19 copies of `{{a}}` are sent.
        let double = Scope::from_pairs([("a".into(), "{{a}}{{a}}".into())]);
        assert_eq!(render(&[&double], "{{a}}"), "{{a}}".repeat(1 << 19));
        // Four copies per pass would reach 4^19: an error naming the variable instead.
        let quad = Scope::from_pairs([
            ("x".into(), "{{a}}".into()),
            ("a".into(), "{{a}}{{a}}{{a}}{{a}}".into()),
        ]);
        let err = Scopes {
            layers: vec![&quad],
        }
        .render("id={{x}}", &mut Dynamic::new())
        .unwrap_err();
        assert_eq!(err.variable, "a");
        assert!(err.to_string().contains("{{a}}"), "{err}");
    }

    #[test]
    fn the_limit_counts_the_text_after_the_last_substitution() {
        // The limit is the template's length plus MAX_GROWTH, inclusive.
        let render_with = |value: String, template: &str| {
            let s = Scope::from_pairs([("a".into(), value)]);
            Scopes { layers: vec![&s] }
                .render(template, &mut Dynamic::new())
                .map(|out| out.len())
        };
        let fits = "{{a}}".len() + MAX_GROWTH;
        assert_eq!(render_with("x".repeat(fits), "{{a}}"), Ok(fits));
        assert!(render_with("x".repeat(fits + 1), "{{a}}").is_err());
        // Value and prefix fit; the text after them does not.
        let err = render_with("x".repeat(fits + 1), "{{a}}tail").unwrap_err();
        assert_eq!(err.variable, "a");
    }

    #[test]
    fn many_unmatched_openings_are_one_pass_each() {
        // Every `{{` shares the last `}}`: a scan per `{{` would be quadratic.
        let s = Scope::from_pairs([("b".into(), "B".into())]);
        let text = format!("{}{{{{b}}}}", "{{".repeat(200_000));
        assert_eq!(render(&[&s], &text), format!("{}B", "{{".repeat(200_000)));
        assert_eq!(
            render(&[&s], "{{a}b}} {{a{b}} {{}}"),
            "{{a}b}} {{a{b}} {{}}"
        );
    }

    #[test]
    fn vault_references_are_left_for_the_resolver() {
        let s = Scope::from_pairs([
            ("token".into(), "{{vault:api-key}}".into()),
            ("vault:api-key".into(), "shadow".into()),
        ]);
        assert_eq!(
            render(&[&s], "Bearer {{token}} {{vault:other}}"),
            "Bearer {{vault:api-key}} {{vault:other}}"
        );
    }

    #[test]
    fn dynamic_variables_unless_defined() {
        let s = Scope::from_pairs([("$timestamp".into(), "fixed".into())]);
        assert_eq!(render(&[&s], "{{$timestamp}}"), "fixed");
        let guid = render(&[], "{{$guid}}");
        assert_eq!(guid.len(), 36, "{guid}");
        assert_eq!(render(&[], "{{$nope}}"), "{{$nope}}");
    }
}
