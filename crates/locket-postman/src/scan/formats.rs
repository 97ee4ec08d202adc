//! Well-known token formats: a prefix, then an alphabet and a length, between word boundaries.
//! Each has a fixed, documented shape, so a match is a secret whatever field holds it.

use std::ops::Range;

use super::Kind;

struct Format {
    kind: Kind,
    prefixes: &'static [&'static str],
    body: fn(u8) -> bool,
    /// Length of the part after the prefix.
    len: Range<usize>,
}

fn alnum(b: u8) -> bool {
    b.is_ascii_alphanumeric()
}
fn upper_digit(b: u8) -> bool {
    b.is_ascii_uppercase() || b.is_ascii_digit()
}
fn alnum_dash(b: u8) -> bool {
    alnum(b) || b == b'-' || b == b'_'
}
fn alnum_underscore(b: u8) -> bool {
    alnum(b) || b == b'_'
}
fn sendgrid(b: u8) -> bool {
    alnum_dash(b) || b == b'.'
}
fn slack_hook(b: u8) -> bool {
    alnum(b) || b == b'/'
}

const FORMATS: &[Format] = &[
    Format {
        kind: Kind::AwsAccessKeyId,
        prefixes: &["AKIA", "ASIA", "ABIA", "ACCA"],
        body: upper_digit,
        len: 16..17,
    },
    Format {
        kind: Kind::GithubToken,
        prefixes: &["ghp_", "gho_", "ghu_", "ghs_", "ghr_"],
        body: alnum,
        len: 36..252,
    },
    Format {
        kind: Kind::GithubToken,
        prefixes: &["github_pat_"],
        body: alnum_underscore,
        len: 22..256,
    },
    Format {
        kind: Kind::GitlabToken,
        prefixes: &["glpat-", "glptt-", "gldt-", "glrt-"],
        body: alnum_dash,
        len: 20..256,
    },
    Format {
        kind: Kind::SlackToken,
        prefixes: &["xoxb-", "xoxp-", "xoxa-", "xoxr-", "xoxs-", "xoxe-"],
        body: alnum_dash,
        len: 10..256,
    },
    Format {
        kind: Kind::SlackWebhook,
        prefixes: &["https://hooks.slack.com/services/"],
        body: slack_hook,
        len: 20..256,
    },
    Format {
        kind: Kind::StripeKey,
        prefixes: &["sk_live_", "sk_test_", "rk_live_", "rk_test_", "whsec_"],
        body: alnum,
        len: 16..256,
    },
    Format {
        kind: Kind::GoogleApiKey,
        prefixes: &["AIza"],
        body: alnum_dash,
        len: 35..36,
    },
    Format {
        kind: Kind::NpmToken,
        prefixes: &["npm_"],
        body: alnum,
        len: 36..37,
    },
    Format {
        kind: Kind::SendgridKey,
        prefixes: &["SG."],
        body: sendgrid,
        len: 66..67,
    },
    Format {
        kind: Kind::AiApiKey,
        prefixes: &["sk-proj-", "sk-ant-", "sk-svcacct-"],
        body: alnum_dash,
        len: 20..512,
    },
];

/// Every well-known token in `value`, as byte ranges.
pub fn find(value: &str) -> Vec<(Range<usize>, Kind)> {
    let bytes = value.as_bytes();
    let mut out = Vec::new();
    for f in FORMATS {
        for prefix in f.prefixes {
            let mut from = 0;
            while let Some(found) = value[from..].find(prefix) {
                let start = from + found;
                from = start + 1;
                if start > 0 && (alnum_dash(bytes[start - 1]) || bytes[start - 1] == b'.') {
                    continue;
                }
                let body = start + prefix.len();
                let n = bytes[body..].iter().take_while(|b| (f.body)(**b)).count();
                if f.len.contains(&n) {
                    out.push((start..body + n, f.kind));
                    from = body + n;
                }
            }
        }
    }
    out.extend(jwts(value));
    out.extend(private_keys(value));
    out
}

/// `eyJ…` header, `.`, `eyJ…` payload, `.`, signature: base64url JSON objects.
fn jwts(value: &str) -> Vec<(Range<usize>, Kind)> {
    let bytes = value.as_bytes();
    let b64 = |b: &u8| b.is_ascii_alphanumeric() || *b == b'-' || *b == b'_';
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(found) = value[from..].find("eyJ") {
        let start = from + found;
        from = start + 3;
        if start > 0 && b64(&bytes[start - 1]) {
            continue;
        }
        let header = bytes[start..].iter().take_while(|b| b64(b)).count();
        let p = start + header;
        if header < 10 || !value[p..].starts_with(".eyJ") {
            continue;
        }
        let payload = bytes[p + 1..].iter().take_while(|b| b64(b)).count();
        let s = p + 1 + payload;
        if bytes.get(s) != Some(&b'.') {
            continue;
        }
        let signature = bytes[s + 1..].iter().take_while(|b| b64(b)).count();
        // An unsigned token (`alg: none`) ends with the dot; it still carries its claims.
        out.push((start..s + 1 + signature, Kind::Jwt));
        from = s + 1 + signature;
    }
    out
}

/// A PEM private key block, from its BEGIN line to the end of its END line.
fn private_keys(value: &str) -> Vec<(Range<usize>, Kind)> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(found) = value[from..].find("-----BEGIN ") {
        let start = from + found;
        let Some(line_end) = value[start..]
            .find("-----\n")
            .or_else(|| value[start..].find("-----\r\n"))
            .or_else(|| {
                // One-line keys (JSON with the breaks escaped to spaces) end their marker too.
                value[start + 11..].find("-----").map(|i| i + 11)
            })
        else {
            break;
        };
        let label = &value[start + 11..start + line_end];
        from = start + 11;
        if !label.ends_with("PRIVATE KEY") {
            continue;
        }
        let end_marker = format!("-----END {label}-----");
        let Some(end) = value[start..].find(&end_marker) else {
            continue;
        };
        let end = start + end + end_marker.len();
        out.push((start..end, Kind::PrivateKey));
        from = end;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(value: &str) -> Vec<(&str, Kind)> {
        find(value)
            .into_iter()
            .map(|(r, k)| (&value[r], k))
            .collect()
    }

    #[test]
    fn finds_each_format_inside_text() {
        let gh = format!("ghp_{}", "a1B2".repeat(9));
        let text = format!("token {gh} and AKIA{} x", "ABCDEFGH23456789");
        assert_eq!(
            kinds(&text),
            [
                ("AKIAABCDEFGH23456789", Kind::AwsAccessKeyId),
                (gh.as_str(), Kind::GithubToken)
            ]
        );
        let jwt = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl";
        assert_eq!(kinds(&format!("Bearer {jwt}")), [(jwt, Kind::Jwt)]);
        let pem = "-----BEGIN RSA PRIVATE KEY-----\nMIIB\n-----END RSA PRIVATE KEY-----";
        assert_eq!(kinds(&format!("{pem}\n")), [(pem, Kind::PrivateKey)]);
    }

    #[test]
    fn lengths_and_boundaries_matter() {
        for not_a_token in [
            "AKIA1234",              // too short
            "xAKIAABCDEFGH23456789", // inside a word
            "ghp_short",             // too short
            "-----BEGIN PUBLIC KEY-----\nMII\n-----END PUBLIC KEY-----",
            "AIza-too-short",
        ] {
            assert_eq!(kinds(not_a_token), [], "{not_a_token}");
        }
    }
}
