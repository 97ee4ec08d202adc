//! What both ways in (Connect, the `op` CLI) return, and 1Password's rules for finding a
//! vault, an item, a section and a field by name or id: case-insensitive, an id first, and a
//! name that matches more than one refused (the ids are given to choose from).

use serde::Deserialize;

use crate::ProviderError;

/// A vault the credentials can see (`GET /v1/vaults`, `op vault list`).
#[derive(Clone, Debug, Deserialize)]
pub struct Vault {
    pub id: String,
    #[serde(default)]
    pub name: String,
}

/// An item as listed (`GET /v1/vaults/{id}/items`, `op item list`), without its fields.
#[derive(Clone, Debug, Deserialize)]
pub struct ItemSummary {
    pub id: String,
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub trashed: bool,
    /// `state: "ARCHIVED"` in Connect (archived items are not read by references).
    #[serde(default)]
    pub state: Option<String>,
}

impl ItemSummary {
    /// An item known only by the id a reference gave.
    pub fn by_id(id: &str) -> Self {
        ItemSummary {
            id: id.to_ascii_lowercase(),
            title: id.to_string(),
            trashed: false,
            state: None,
        }
    }
}

/// Whether `text` has the shape of a 1Password id: 26 lowercase letters and digits (Connect's
/// `^[\da-z]{26}$`; references are case-insensitive).
pub fn looks_like_id(text: &str) -> bool {
    text.len() == 26 && text.chars().all(|c| c.is_ascii_alphanumeric())
}

/// A whole item with its fields (`GET /v1/vaults/{id}/items/{id}`, `op item get`). Its `Debug`
/// is hand-written: the fields hold secret values.
#[derive(Clone, Deserialize)]
pub struct Item {
    pub id: String,
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub version: Option<u64>,
    #[serde(default)]
    pub sections: Vec<Section>,
    #[serde(default)]
    pub fields: Vec<Field>,
}

impl std::fmt::Debug for Item {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Item")
            .field("id", &self.id)
            .field("title", &self.title)
            .field("fields", &self.fields.len())
            .finish_non_exhaustive()
    }
}

#[derive(Clone, Debug, Deserialize)]
pub struct Section {
    pub id: String,
    #[serde(default)]
    pub label: Option<String>,
}

#[derive(Clone, Deserialize)]
pub struct Field {
    pub id: String,
    #[serde(default, rename = "type")]
    pub kind: String,
    #[serde(default)]
    pub purpose: Option<String>,
    #[serde(default)]
    pub label: Option<String>,
    #[serde(default)]
    pub value: Option<String>,
    #[serde(default)]
    pub section: Option<SectionRef>,
}

#[derive(Clone, Debug, Deserialize)]
pub struct SectionRef {
    pub id: String,
}

impl std::fmt::Debug for Field {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Field")
            .field("id", &self.id)
            .field("type", &self.kind)
            .field("label", &self.label)
            .finish_non_exhaustive()
    }
}

impl Field {
    /// `TOTP` in Connect, `OTP` in the `op` CLI.
    pub fn is_otp(&self) -> bool {
        self.kind.eq_ignore_ascii_case("TOTP") || self.kind.eq_ignore_ascii_case("OTP")
    }
}

/// Finds the one entry whose id is `wanted`, else the one whose name is `wanted` (ignoring
/// case). `what` names the kind of thing and `place` where it was looked for, in messages.
fn one<'a, T>(
    entries: &'a [T],
    wanted: &str,
    id: impl Fn(&T) -> &str,
    name: impl Fn(&T) -> Option<&str>,
    what: &str,
    place: &str,
) -> Result<&'a T, ProviderError> {
    if let Some(found) = entries.iter().find(|e| id(e).eq_ignore_ascii_case(wanted)) {
        return Ok(found);
    }
    let named: Vec<&T> = entries
        .iter()
        .filter(|e| name(e).is_some_and(|n| n.eq_ignore_ascii_case(wanted)))
        .collect();
    match named.as_slice() {
        [one] => Ok(one),
        [] => Err(ProviderError::NotFound(format!(
            "1Password: no {what} `{wanted}` {place}: check the name (or use the id)"
        ))),
        many => {
            let ids: Vec<&str> = many.iter().map(|e| id(e)).collect();
            Err(ProviderError::InvalidReference(format!(
                "1Password: {} {what}s are named `{wanted}` {place}; 1Password refuses an \
                 ambiguous reference: use the id of the one you mean ({})",
                many.len(),
                ids.join(", ")
            )))
        }
    }
}

pub fn vault<'a>(vaults: &'a [Vault], wanted: &str) -> Result<&'a Vault, ProviderError> {
    one(
        vaults,
        wanted,
        |v| &v.id,
        |v| Some(&v.name),
        "vault",
        "among the vaults these credentials can read (grant them access to it if it exists)",
    )
}

pub fn item<'a>(
    items: &'a [ItemSummary],
    wanted: &str,
    vault: &str,
) -> Result<&'a ItemSummary, ProviderError> {
    let live: Vec<ItemSummary> = items
        .iter()
        .filter(|i| !i.trashed && i.state.as_deref() != Some("ARCHIVED"))
        .cloned()
        .collect();
    let found = one(
        &live,
        wanted,
        |i| &i.id,
        |i| Some(&i.title),
        "item",
        &format!("in vault `{vault}`"),
    )?;
    Ok(items.iter().find(|i| i.id == found.id).expect("from items"))
}

/// The field `wanted` of `item`, in `section` when given (else in any section).
pub fn field<'a>(
    item: &'a Item,
    section: Option<&str>,
    wanted: &str,
    vault: &str,
) -> Result<&'a Field, ProviderError> {
    let place = format!("in item `{}` of vault `{vault}`", item.title);
    let candidates: Vec<Field> = match section {
        None => item.fields.clone(),
        Some(wanted_section) => {
            let section = one(
                &item.sections,
                wanted_section,
                |s| &s.id,
                |s| s.label.as_deref(),
                "section",
                &place,
            )?;
            item.fields
                .iter()
                .filter(|f| f.section.as_ref().is_some_and(|s| s.id == section.id))
                .cloned()
                .collect()
        }
    };
    let place = match section {
        Some(s) => format!(
            "in section `{s}` of item `{}` (vault `{vault}`)",
            item.title
        ),
        None => place,
    };
    let found = one(
        &candidates,
        wanted,
        |f| &f.id,
        |f| f.label.as_deref(),
        "field",
        &place,
    )
    .map_err(|e| match e {
        ProviderError::InvalidReference(m) if section.is_none() => ProviderError::InvalidReference(
            format!("{m}, or name the section: op://VAULT/ITEM/SECTION/FIELD"),
        ),
        other => other,
    })?;
    Ok(item
        .fields
        .iter()
        .find(|f| f.id == found.id)
        .expect("from fields"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item() -> Item {
        serde_json::from_value(serde_json::json!({
            "id": "i1", "title": "Stripe", "version": 3,
            "sections": [{"id": "s1", "label": "Admin"}, {"id": "s2", "label": "Ops"}],
            "fields": [
                {"id": "password", "type": "CONCEALED", "purpose": "PASSWORD", "label": "password", "value": "p"},
                {"id": "f1", "type": "STRING", "label": "email", "value": "a@x", "section": {"id": "s1"}},
                {"id": "f2", "type": "STRING", "label": "email", "value": "o@x", "section": {"id": "s2"}}
            ]
        }))
        .unwrap()
    }

    use super::item as find_item;

    #[test]
    fn names_ids_and_case() {
        let vaults: Vec<Vault> = serde_json::from_str(
            r#"[{"id":"abc","name":"Dev"},{"id":"def","name":"Prod"},{"id":"ghi","name":"prod"}]"#,
        )
        .unwrap();
        assert_eq!(vault(&vaults, "dev").unwrap().id, "abc");
        assert_eq!(vault(&vaults, "DEF").unwrap().name, "Prod");
        let e = vault(&vaults, "PROD").unwrap_err().to_string();
        assert!(e.contains("def, ghi") && e.contains("ambiguous"), "{e}");
        assert!(matches!(
            vault(&vaults, "none"),
            Err(ProviderError::NotFound(_))
        ));
    }

    #[test]
    fn fields_by_section_and_ambiguity() {
        let item = item();
        assert_eq!(field(&item, None, "PASSWORD", "v").unwrap().id, "password");
        assert_eq!(field(&item, Some("admin"), "email", "v").unwrap().id, "f1");
        assert_eq!(field(&item, Some("s2"), "Email", "v").unwrap().id, "f2");
        let e = field(&item, None, "email", "v").unwrap_err().to_string();
        assert!(e.contains("name the section"), "{e}");
        let e = field(&item, None, "api_key", "v").unwrap_err();
        assert!(matches!(&e, ProviderError::NotFound(m) if m.contains("`api_key`")));
    }

    #[test]
    fn trashed_items_do_not_count() {
        let items: Vec<ItemSummary> = serde_json::from_str(
            r#"[{"id":"a","title":"db","trashed":true},{"id":"b","title":"DB"}]"#,
        )
        .unwrap();
        assert_eq!(find_item(&items, "db", "v").unwrap().id, "b");
    }
}
