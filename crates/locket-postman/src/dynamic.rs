//! Postman's dynamic variables (`{{$guid}}`, `{{$timestamp}}`, `{{$randomInt}}`, …): a new
//! value at every use, as in Postman. Test data, not secrets: the generator is a fast
//! non-cryptographic one (SplitMix64) seeded from the OS once per runner.

use std::time::{SystemTime, UNIX_EPOCH};

const FIRST_NAMES: &[&str] = &[
    "Ada", "Alan", "Grace", "Linus", "Barbara", "Dennis", "Margaret", "Ken", "Frances", "Edsger",
];
const LAST_NAMES: &[&str] = &[
    "Lovelace", "Turing", "Hopper", "Torvalds", "Liskov", "Ritchie", "Hamilton", "Thompson",
    "Allen", "Dijkstra",
];
const WORDS: &[&str] = &[
    "alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel", "india", "juliet",
    "kilo", "lima", "mike", "november", "oscar", "papa",
];
const COLORS: &[&str] = &[
    "red", "green", "blue", "cyan", "magenta", "yellow", "black", "white", "orange", "purple",
];
const DOMAIN_SUFFIXES: &[&str] = &["com", "net", "org", "info", "biz", "name"];
const COUNTRIES: &[(&str, &str)] = &[
    ("France", "FR"),
    ("Germany", "DE"),
    ("Japan", "JP"),
    ("Brazil", "BR"),
    ("Canada", "CA"),
    ("India", "IN"),
];
const CITIES: &[&str] = &["Lyon", "Osaka", "Porto", "Quebec", "Pune", "Leipzig"];
const CURRENCIES: &[&str] = &["EUR", "USD", "JPY", "GBP", "BRL", "INR"];
const JOBS: &[&str] = &["Engineer", "Designer", "Analyst", "Manager", "Architect"];
const LOCALES: &[&str] = &["en", "fr", "de", "ja", "pt_BR", "hi"];
const ALPHANUMERIC: &[u8] = b"abcdefghijklmnopqrstuvwxyz0123456789";

pub struct Dynamic {
    state: u64,
}

impl Default for Dynamic {
    fn default() -> Self {
        Dynamic::new()
    }
}

impl Dynamic {
    pub fn new() -> Dynamic {
        let mut seed = [0u8; 8];
        // Without OS randomness, the clock still makes runs differ.
        if getrandom::fill(&mut seed).is_err() {
            seed = now_millis().to_le_bytes();
        }
        Dynamic {
            state: u64::from_le_bytes(seed),
        }
    }

    fn next(&mut self) -> u64 {
        self.state = self.state.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.state;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn pick<'a>(&mut self, list: &[&'a str]) -> &'a str {
        list[self.below(list.len())]
    }

    fn alphanumeric(&mut self, len: usize) -> String {
        self.from_alphabet(ALPHANUMERIC, len)
    }

    /// `len` characters drawn from `alphabet` (auth nonces: each scheme has its own alphabet).
    pub fn from_alphabet(&mut self, alphabet: &[u8], len: usize) -> String {
        (0..len)
            .map(|_| alphabet[self.below(alphabet.len())] as char)
            .collect()
    }

    /// `n` random decimal digits (multipart boundaries, as the form-data library makes them).
    pub fn digits(&mut self, n: usize) -> String {
        (0..n)
            .map(|_| char::from(b'0' + self.below(10) as u8))
            .collect()
    }

    /// A random version-4 UUID (`{{$guid}}`; the id the v1 converter gives a collection).
    pub fn uuid(&mut self) -> String {
        let (a, b) = (self.next(), self.next());
        let mut bytes = [0u8; 16];
        bytes[..8].copy_from_slice(&a.to_le_bytes());
        bytes[8..].copy_from_slice(&b.to_le_bytes());
        bytes[6] = (bytes[6] & 0x0f) | 0x40; // version 4
        bytes[8] = (bytes[8] & 0x3f) | 0x80; // RFC 4122 variant
        let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
        format!(
            "{}-{}-{}-{}-{}",
            &hex[..8],
            &hex[8..12],
            &hex[12..16],
            &hex[16..20],
            &hex[20..]
        )
    }

    /// The value of `$name` (given without the `$`), or `None` for a name Postman does not
    /// define (left as written, as Postman does).
    pub fn value(&mut self, name: &str) -> Option<String> {
        Some(match name {
            "guid" | "randomUUID" => self.uuid(),
            "timestamp" => (now_millis() / 1000).to_string(),
            "isoTimestamp" => iso_timestamp(now_millis()),
            "randomInt" => self.below(1001).to_string(),
            "randomBoolean" => (self.below(2) == 1).to_string(),
            "randomAlphaNumeric" => self.alphanumeric(1),
            "randomPassword" => self.alphanumeric(15),
            "randomColor" => self.pick(COLORS).to_string(),
            "randomHexColor" => format!("#{:06x}", self.next() & 0xff_ffff),
            "randomAbbreviation" => self.alphanumeric(3).to_ascii_uppercase(),
            "randomIP" => {
                let n = self.next().to_le_bytes();
                format!("{}.{}.{}.{}", n[0], n[1], n[2], n[3])
            }
            "randomIPV6" => {
                let n = self.next();
                let m = self.next();
                (0..8)
                    .map(|i| {
                        let word = if i < 4 {
                            n >> (i * 16)
                        } else {
                            m >> ((i - 4) * 16)
                        };
                        format!("{:x}", word & 0xffff)
                    })
                    .collect::<Vec<_>>()
                    .join(":")
            }
            "randomMACAddress" => self.next().to_le_bytes()[..6]
                .iter()
                .map(|b| format!("{b:02x}"))
                .collect::<Vec<_>>()
                .join(":"),
            "randomSemver" => format!("{}.{}.{}", self.below(10), self.below(10), self.below(10)),
            "randomFirstName" => self.pick(FIRST_NAMES).to_string(),
            "randomLastName" => self.pick(LAST_NAMES).to_string(),
            "randomFullName" => format!("{} {}", self.pick(FIRST_NAMES), self.pick(LAST_NAMES)),
            "randomUserName" => format!(
                "{}.{}{}",
                self.pick(FIRST_NAMES),
                self.pick(LAST_NAMES),
                self.below(100)
            ),
            "randomEmail" | "randomExampleEmail" => format!(
                "{}.{}@example.{}",
                self.pick(FIRST_NAMES).to_ascii_lowercase(),
                self.pick(LAST_NAMES).to_ascii_lowercase(),
                self.pick(DOMAIN_SUFFIXES)
            ),
            "randomDomainWord" | "randomWord" | "randomLoremWord" | "randomNoun" | "randomVerb" => {
                self.pick(WORDS).to_string()
            }
            "randomWords" | "randomLoremWords" => {
                let n = 2 + self.below(3);
                (0..n)
                    .map(|_| self.pick(WORDS))
                    .collect::<Vec<_>>()
                    .join(" ")
            }
            "randomDomainSuffix" => self.pick(DOMAIN_SUFFIXES).to_string(),
            "randomDomainName" => format!("{}.{}", self.pick(WORDS), self.pick(DOMAIN_SUFFIXES)),
            "randomUrl" => format!(
                "https://{}.{}",
                self.pick(WORDS),
                self.pick(DOMAIN_SUFFIXES)
            ),
            "randomCity" => self.pick(CITIES).to_string(),
            "randomCountry" => COUNTRIES[self.below(COUNTRIES.len())].0.to_string(),
            "randomCountryCode" => COUNTRIES[self.below(COUNTRIES.len())].1.to_string(),
            "randomLocale" => self.pick(LOCALES).to_string(),
            "randomCompanyName" => format!("{} {}", self.pick(LAST_NAMES), "Inc"),
            "randomJobTitle" => self.pick(JOBS).to_string(),
            "randomCurrencyCode" => self.pick(CURRENCIES).to_string(),
            "randomPrice" => format!("{}.{:02}", self.below(1000), self.below(100)),
            "randomPhoneNumber" => format!(
                "{:03}-{:03}-{:04}",
                self.below(1000),
                self.below(1000),
                self.below(10000)
            ),
            "randomUserAgent" => "Mozilla/5.0 (X11; Linux x86_64)".to_string(),
            _ => return None,
        })
    }
}

pub(crate) fn now_millis() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_millis() as u64)
        .unwrap_or(0)
}

/// `2026-11-22T13:45:07.123Z` for milliseconds since the epoch (civil-from-days, proleptic
/// Gregorian, as JavaScript's `toISOString`).
pub fn iso_timestamp(millis: u64) -> String {
    let (year, month, day, hour, minute, second) = locket_core::time::civil((millis / 1000) as i64);
    format!(
        "{year:04}-{month:02}-{day:02}T{hour:02}:{minute:02}:{second:02}.{:03}Z",
        millis % 1000
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iso_timestamps_match_javascript() {
        assert_eq!(iso_timestamp(0), "1970-01-01T00:00:00.000Z");
        // new Date(1795354800123).toISOString()
        assert_eq!(iso_timestamp(1_795_354_800_123), "2026-11-22T13:40:00.123Z");
        assert_eq!(iso_timestamp(951_782_400_000), "2000-02-29T00:00:00.000Z");
    }

    #[test]
    fn values_change_at_every_use_and_have_their_shape() {
        let mut d = Dynamic::new();
        let (a, b) = (d.value("guid").unwrap(), d.value("guid").unwrap());
        assert_ne!(a, b);
        assert_eq!(a.as_bytes()[14], b'4');
        let n: u32 = d.value("randomInt").unwrap().parse().unwrap();
        assert!(n <= 1000);
        assert!(d.value("timestamp").unwrap().parse::<u64>().is_ok());
        assert!(d.value("isoTimestamp").unwrap().ends_with('Z'));
        assert!(d.value("randomEmail").unwrap().contains('@'));
        assert_eq!(d.value("notAThing"), None);
    }
}
