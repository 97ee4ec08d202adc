//! The sealed form of a secret's metadata. A leading version byte lets later formats be read
//! next to this one; the body is postcard (a stable, documented serde wire format).

use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

const META_V1: u8 = 1;

#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct MetaRecord {
    pub name: String,
    pub domains: Vec<String>,
    pub enabled: bool,
    pub link: Option<String>,
    pub created: i64,
    pub updated: i64,
}

impl MetaRecord {
    pub fn encode(&self) -> Zeroizing<Vec<u8>> {
        let mut out = Zeroizing::new(vec![META_V1]);
        // Serialising plain strings, bools and integers into a Vec cannot fail.
        out.extend_from_slice(&postcard::to_allocvec(self).expect("postcard encodes MetaRecord"));
        out
    }

    pub fn decode(bytes: &[u8]) -> Option<Self> {
        match bytes.split_first() {
            Some((&META_V1, body)) => postcard::from_bytes(body).ok(),
            _ => None,
        }
    }
}
