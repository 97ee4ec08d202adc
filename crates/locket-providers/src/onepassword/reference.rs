//! `op://VAULT/ITEM[/SECTION]/FIELD[?attribute=ATTR]`: 1Password's secret reference syntax
//! (developer.1password.com/docs/cli/secrets-reference-syntax). Each part is a name or an id,
//! matched case-insensitively; names may hold letters, digits, `-`, `_`, `.` and spaces, and a
//! part with any other character must be given by its id.

use std::fmt;

use crate::ProviderError;

/// The syntax, for messages.
pub const SYNTAX: &str = "op://VAULT/ITEM[/SECTION]/FIELD[?attribute=otp|value|type|id|purpose]";

/// What of the field to return (`?attribute=`); `value` unless told.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Attribute {
    Value,
    /// The current one-time password of a TOTP field (`otp`, or its alias `totp`).
    Otp,
    Type,
    Id,
    Purpose,
}

/// A parsed `op://` reference.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct OpReference {
    pub vault: String,
    pub item: String,
    pub section: Option<String>,
    pub field: String,
    pub attribute: Attribute,
}

impl OpReference {
    pub fn parse(reference: &str) -> Result<Self, ProviderError> {
        let invalid = |why: &str| {
            ProviderError::InvalidReference(format!(
                "`{reference}` is not a 1Password reference: {why} (expected {SYNTAX})"
            ))
        };
        let rest = match reference.split_once("://") {
            Some((scheme, rest)) if scheme.eq_ignore_ascii_case("op") => rest,
            _ => return Err(invalid("it does not start with op://")),
        };
        let (path, query) = match rest.split_once('?') {
            Some((path, query)) => (path, Some(query)),
            None => (rest, None),
        };
        let parts: Vec<&str> = path.split('/').collect();
        if parts.iter().any(|p| p.trim().is_empty()) || !(3..=4).contains(&parts.len()) {
            return Err(invalid(
                "it needs a vault, an item, an optional section and a field, none empty",
            ));
        }
        for part in &parts {
            if let Some(bad) = part
                .chars()
                .find(|c| !(c.is_alphanumeric() || matches!(c, '-' | '_' | '.' | ' ')))
            {
                return Err(invalid(&format!(
                    "`{part}` has `{bad}`, which references cannot hold: use its id instead \
                     (names may hold letters, digits, `-`, `_`, `.` and spaces)"
                )));
            }
        }
        let mut attribute = Attribute::Value;
        for pair in query.into_iter().flat_map(|q| q.split('&')) {
            let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
            if !key.eq_ignore_ascii_case("attribute") {
                return Err(invalid(&format!(
                    "the query parameter `{key}` is not supported (only `attribute`)"
                )));
            }
            attribute = match value.to_ascii_lowercase().as_str() {
                "value" => Attribute::Value,
                "otp" | "totp" => Attribute::Otp,
                "type" => Attribute::Type,
                "id" => Attribute::Id,
                "purpose" => Attribute::Purpose,
                other => {
                    return Err(invalid(&format!(
                        "`attribute={other}` is not one of otp, totp, value, type, id, purpose"
                    )));
                }
            };
        }
        let (section, field) = if parts.len() == 4 {
            (Some(parts[2].to_string()), parts[3])
        } else {
            (None, parts[2])
        };
        Ok(OpReference {
            vault: parts[0].to_string(),
            item: parts[1].to_string(),
            section,
            field: field.to_string(),
            attribute,
        })
    }
}

impl fmt::Display for OpReference {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "op://{}/{}/", self.vault, self.item)?;
        if let Some(section) = &self.section {
            write!(f, "{section}/")?;
        }
        f.write_str(&self.field)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parts_sections_and_attributes() {
        let r = OpReference::parse("op://dev/Stripe/publishable-key").unwrap();
        assert_eq!((r.vault.as_str(), r.item.as_str()), ("dev", "Stripe"));
        assert_eq!((r.section, r.field.as_str()), (None, "publishable-key"));
        let r = OpReference::parse("op://Management/PagerDuty/Admin/email").unwrap();
        assert_eq!(r.section.as_deref(), Some("Admin"));
        let r =
            OpReference::parse("OP://dev/GitHub/Security/one-time password?attribute=otp").unwrap();
        assert_eq!(r.attribute, Attribute::Otp);
        assert_eq!(r.field, "one-time password");
        assert_eq!(
            OpReference::parse("op://a/b/c?attribute=TOTP")
                .unwrap()
                .attribute,
            Attribute::Otp
        );
    }

    #[test]
    fn refuses_what_1password_refuses() {
        for bad in [
            "op://vault/item",
            "op://vault//field",
            "op://v/i/s/f/extra",
            "op://v/i/f?attribute=color",
            "op://v/i/f?ssh-format=openssh",
            "op://v/it@m/f",
            "hcv://v/i/f",
        ] {
            let e = OpReference::parse(bad).unwrap_err();
            assert!(matches!(e, ProviderError::InvalidReference(_)), "{bad}");
        }
    }
}
