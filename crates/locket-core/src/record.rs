//! The sealed forms of the vault's records. A leading version byte lets later formats be read
//! next to earlier ones; the body is postcard (a stable, documented serde wire format).
//!
//! - [`MetaRecord`]: a secret's metadata (v1: format 1; v2 adds the structured link).
//! - [`IntegrationRecord`]: an external vault's configuration, credentials included.
//! - [`CacheRecord`]: a value fetched from an external vault, with when it was fetched.

use serde::{Deserialize, Serialize};
use zeroize::{Zeroize, Zeroizing};

const META_V1: u8 = 1;
const META_V2: u8 = 2;
const INTEGRATION_V1: u8 = 1;
const CACHE_V1: u8 = 1;

/// Where a linked secret's value lives: which integration, and the provider reference.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Link {
    pub integration: String,
    pub reference: String,
}

impl std::fmt::Display for Link {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}", self.integration, self.reference)
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct MetaRecord {
    pub name: String,
    pub domains: Vec<String>,
    pub enabled: bool,
    pub link: Option<Link>,
    pub created: i64,
    pub updated: i64,
}

/// Format 1's metadata: the link was reserved as a plain string and never written.
#[derive(Deserialize)]
struct MetaRecordV1 {
    name: String,
    domains: Vec<String>,
    enabled: bool,
    link: Option<String>,
    created: i64,
    updated: i64,
}

impl MetaRecord {
    pub fn encode(&self) -> Zeroizing<Vec<u8>> {
        versioned(META_V2, self)
    }

    pub fn decode(bytes: &[u8]) -> Option<Self> {
        match bytes.split_first() {
            Some((&META_V2, body)) => postcard::from_bytes(body).ok(),
            Some((&META_V1, body)) => {
                let v1: MetaRecordV1 = postcard::from_bytes(body).ok()?;
                // No released locket wrote a v1 link; one here was not written by locket.
                if v1.link.is_some() {
                    return None;
                }
                Some(MetaRecord {
                    name: v1.name,
                    domains: v1.domains,
                    enabled: v1.enabled,
                    link: None,
                    created: v1.created,
                    updated: v1.updated,
                })
            }
            _ => None,
        }
    }
}

/// An integration as sealed in the `integrations` table. `config` is the provider's own
/// serialised configuration, credentials included; it is zeroed on drop.
#[derive(Serialize, Deserialize)]
pub(crate) struct IntegrationRecord {
    pub name: String,
    pub kind: String,
    /// Random, fixed at creation: cached values are bound to it, so a removed and re-added
    /// integration of the same name never serves the old one's values.
    pub id: [u8; 16],
    pub config: Vec<u8>,
    pub created: i64,
    pub updated: i64,
}

impl Drop for IntegrationRecord {
    fn drop(&mut self) {
        self.config.zeroize();
    }
}

impl IntegrationRecord {
    pub fn encode(&self) -> Zeroizing<Vec<u8>> {
        versioned(INTEGRATION_V1, self)
    }

    pub fn decode(bytes: &[u8]) -> Option<Self> {
        match bytes.split_first() {
            Some((&INTEGRATION_V1, body)) => postcard::from_bytes(body).ok(),
            _ => None,
        }
    }
}

/// A fetched value as sealed in the `cache` table (keyed by the linked secret's id).
#[derive(Serialize, Deserialize)]
pub(crate) struct CacheRecord {
    /// The integration and reference the value was fetched through: an entry is used only
    /// while the secret still links to the same place.
    pub integration_id: [u8; 16],
    pub reference: String,
    pub fetched_at: i64,
    pub expires_at: i64,
    pub version: Option<String>,
    pub value: Vec<u8>,
}

impl Drop for CacheRecord {
    fn drop(&mut self) {
        self.value.zeroize();
    }
}

impl CacheRecord {
    pub fn encode(&self) -> Zeroizing<Vec<u8>> {
        versioned(CACHE_V1, self)
    }

    pub fn decode(bytes: &[u8]) -> Option<Self> {
        match bytes.split_first() {
            Some((&CACHE_V1, body)) => postcard::from_bytes(body).ok(),
            _ => None,
        }
    }
}

fn versioned(version: u8, record: &impl Serialize) -> Zeroizing<Vec<u8>> {
    let mut out = Zeroizing::new(vec![version]);
    // Serialising strings, byte vectors, bools and integers into a Vec cannot fail.
    let body = Zeroizing::new(postcard::to_allocvec(record).expect("postcard encodes records"));
    out.extend_from_slice(&body);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn format_1_metadata_still_decodes() {
        #[derive(Serialize)]
        struct V1<'a> {
            name: &'a str,
            domains: Vec<&'a str>,
            enabled: bool,
            link: Option<&'a str>,
            created: i64,
            updated: i64,
        }
        let v1 = V1 {
            name: "api-key",
            domains: vec!["api.example.com"],
            enabled: false,
            link: None,
            created: 5,
            updated: 6,
        };
        let mut bytes = vec![META_V1];
        bytes.extend(postcard::to_allocvec(&v1).unwrap());
        let m = MetaRecord::decode(&bytes).unwrap();
        assert_eq!(m.name, "api-key");
        assert_eq!(m.domains, ["api.example.com"]);
        assert!(!m.enabled && m.link.is_none() && m.created == 5 && m.updated == 6);

        let forged = V1 {
            link: Some("x"),
            ..v1
        };
        let mut bytes = vec![META_V1];
        bytes.extend(postcard::to_allocvec(&forged).unwrap());
        assert!(MetaRecord::decode(&bytes).is_none());
    }

    #[test]
    fn links_round_trip() {
        let m = MetaRecord {
            name: "db".into(),
            domains: vec![],
            enabled: true,
            link: Some(Link {
                integration: "bao".into(),
                reference: "hcv://secret/db#password".into(),
            }),
            created: 1,
            updated: 2,
        };
        let back = MetaRecord::decode(&m.encode()).unwrap();
        assert_eq!(back.link, m.link);
        assert!(MetaRecord::decode(&[9, 1, 2]).is_none());
    }
}
