//! `#KEY` in a reference: one member of a secret that holds a JSON object, the same way for
//! every provider. The key is looked up as written first, then, when it starts with `/`, as
//! a JSON pointer (`#/db/password`). A string member is returned as is, anything else as
//! JSON text. A missing key, or a secret that is no JSON object, is [`ProviderError::NotFound`]
//! (exit 4): the reference asks for something the store does not hold.

use secrecy::zeroize::Zeroizing;
use serde_json::Value;

use crate::ProviderError;

/// How many of the secret's keys a "no such key" message lists.
const LISTED_KEYS: usize = 20;

/// The member `key` of the JSON object in `json`. `whose` names the secret in messages
/// ("secret `db` in AWS Secrets Manager"); it is called only on failure. Messages never quote
/// the value.
pub fn pick(
    json: &[u8],
    key: &str,
    whose: &dyn Fn() -> String,
) -> Result<Zeroizing<Vec<u8>>, ProviderError> {
    // serde_json's errors name a line and column, never the text; still, none is passed on.
    let value: Value = serde_json::from_slice(json).map_err(|_| not_an_object(key, whose))?;
    pick_value(&value, key, whose)
}

/// [`pick`] on an already parsed value.
pub fn pick_value(
    value: &Value,
    key: &str,
    whose: &dyn Fn() -> String,
) -> Result<Zeroizing<Vec<u8>>, ProviderError> {
    let object = value.as_object().ok_or_else(|| not_an_object(key, whose))?;
    let member = object
        .get(key)
        .or_else(|| key.starts_with('/').then(|| value.pointer(key)).flatten())
        .ok_or_else(|| {
            let mut names: Vec<&str> = object.keys().map(String::as_str).collect();
            names.sort_unstable();
            let mut listed: Vec<String> = names
                .iter()
                .take(LISTED_KEYS)
                .map(|n| format!("`{n}`"))
                .collect();
            if names.len() > LISTED_KEYS {
                listed.push("…".into());
            }
            let listed = if listed.is_empty() {
                "none".to_string()
            } else {
                listed.join(", ")
            };
            ProviderError::NotFound(format!(
                "{} has no key `{key}` (no JSON key `{key}` among its keys: {listed})",
                whose()
            ))
        })?;
    Ok(Zeroizing::new(match member {
        Value::String(s) => s.as_bytes().to_vec(),
        other => serde_json::to_vec(other).expect("a JSON value serialises"),
    }))
}

fn not_an_object(key: &str, whose: &dyn Fn() -> String) -> ProviderError {
    ProviderError::NotFound(format!(
        "{} is not a JSON object, so it has no key `{key}`: drop `#{key}` from the reference to \
         read the whole value",
        whose()
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn get(json: &str, key: &str) -> Result<String, ProviderError> {
        pick(json.as_bytes(), key, &|| "secret `s`".to_string())
            .map(|v| String::from_utf8(v.to_vec()).unwrap())
    }

    #[test]
    fn exact_key_then_pointer() {
        let json = r#"{"user":"app","port":5432,"tls":{"ca":"x"},"/odd":"slash"}"#;
        assert_eq!(get(json, "user").unwrap(), "app");
        assert_eq!(get(json, "port").unwrap(), "5432");
        assert_eq!(get(json, "tls").unwrap(), r#"{"ca":"x"}"#);
        assert_eq!(get(json, "/tls/ca").unwrap(), "x");
        // A key spelled like a pointer wins over the pointer.
        assert_eq!(get(json, "/odd").unwrap(), "slash");
    }

    #[test]
    fn missing_keys_are_not_found_with_sorted_keys_and_no_value() {
        let e = get(r#"{"zeta":"hunter2","alpha":"x"}"#, "password").unwrap_err();
        let ProviderError::NotFound(m) = &e else {
            panic!("{e:?}")
        };
        assert!(m.contains("secret `s` has no key `password`"), "{m}");
        assert!(m.contains("among its keys: `alpha`, `zeta`)"), "{m}");
        assert!(!m.contains("hunter2"), "{m}");
        let many: serde_json::Map<String, Value> =
            (0..30).map(|i| (format!("k{i:02}"), Value::Null)).collect();
        let e = get(&Value::Object(many).to_string(), "nope").unwrap_err();
        assert!(e.to_string().contains("`k19`, …)"), "{e}");
        assert!(!e.to_string().contains("k20"), "{e}");
        assert!(
            get("{}", "a")
                .unwrap_err()
                .to_string()
                .contains("among its keys: none")
        );
        assert!(matches!(
            get(r#"{"a":1}"#, "/b/c"),
            Err(ProviderError::NotFound(_))
        ));
    }

    #[test]
    fn values_that_are_not_objects_are_not_found() {
        for json in ["hunter2", "[1,2]", "\"text\"", "42", "null"] {
            let e = get(json, "0").unwrap_err();
            assert!(
                matches!(&e, ProviderError::NotFound(m) if m.contains("not a JSON object") && !m.contains("hunter2")),
                "{json}: {e:?}"
            );
        }
    }
}
