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
//! variables ([`super::dynamic`]). `{{vault:NAME}}` is never touched here: it is locket's
//! reference, substituted after every variable (so a variable whose value is a reference works).

use std::borrow::Cow;
use std::collections::HashMap;

use super::dynamic::Dynamic;
use super::model::Variable;

/// postman-collection's `VARS_SUBREPLACE_LIMIT`.
pub const MAX_PASSES: usize = 19;

/// One scope's variables: enabled ones only, the last of duplicates.
#[derive(Default, Clone)]
pub struct Scope {
    values: HashMap<String, String>,
}

impl Scope {
    pub fn new<'a>(variables: impl IntoIterator<Item = &'a Variable>) -> Scope {
        let mut scope = Scope::default();
        for v in variables {
            if !v.disabled {
                scope.values.insert(v.key.clone(), v.value.clone());
            }
        }
        scope
    }

    pub fn from_pairs(pairs: impl IntoIterator<Item = (String, String)>) -> Scope {
        Scope {
            values: pairs.into_iter().collect(),
        }
    }

    /// `other`'s variables added over this scope's (`--env-var` over `-e`).
    pub fn overlay(&mut self, other: &Scope) {
        for (k, v) in &other.values {
            self.values.insert(k.clone(), v.clone());
        }
    }

    pub fn get(&self, name: &str) -> Option<&str> {
        self.values.get(name).map(String::as_str)
    }

    pub fn values(&self) -> impl Iterator<Item = (&str, &str)> {
        self.values.iter().map(|(k, v)| (k.as_str(), v.as_str()))
    }
}

/// The scopes one request sees, highest precedence first.
pub struct Scopes<'a> {
    pub layers: Vec<&'a Scope>,
}

impl Scopes<'_> {
    pub fn get(&self, name: &str) -> Option<&str> {
        self.layers.iter().find_map(|s| s.get(name))
    }

    /// `template` with every known `{{name}}` substituted.
    pub fn render<'t>(&self, template: &'t str, dynamic: &mut Dynamic) -> Cow<'t, str> {
        if !template.contains("{{") {
            return Cow::Borrowed(template);
        }
        let mut text = template.to_string();
        for _ in 0..MAX_PASSES {
            match self.pass(&text, dynamic) {
                Some(next) => text = next,
                None => break,
            }
        }
        Cow::Owned(text)
    }

    /// One pass; `None` when nothing was substituted.
    fn pass(&self, text: &str, dynamic: &mut Dynamic) -> Option<String> {
        let mut out = String::with_capacity(text.len());
        let mut changed = false;
        let mut rest = text;
        while let Some(open) = rest.find("{{") {
            let after = &rest[open + 2..];
            // The name runs to the first `}}`, and has no brace in it.
            let Some(close) = after.find("}}") else {
                break;
            };
            let name = &after[..close];
            if name.contains(['{', '}']) {
                // `{{a{{b}}}}`: skip this `{{`, the inner one is matched next.
                out.push_str(&rest[..open + 1]);
                rest = &rest[open + 1..];
                continue;
            }
            out.push_str(&rest[..open]);
            let value = if name.starts_with("vault:") {
                None
            } else {
                match self.get(name) {
                    Some(v) => Some(Cow::Borrowed(v)),
                    None => name
                        .strip_prefix('$')
                        .and_then(|n| dynamic.value(n))
                        .map(Cow::Owned),
                }
            };
            match value {
                Some(v) => {
                    out.push_str(&v);
                    changed = true;
                }
                None => out.push_str(&rest[open..open + 2 + close + 2]),
            }
            rest = &after[close + 2..];
        }
        out.push_str(rest);
        changed.then_some(out)
    }
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
        assert_eq!(s.get("oneDisabled"), Some("1"));
        assert_eq!(s.get("duplicate"), Some("2"));
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
