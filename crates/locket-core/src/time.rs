//! Unix timestamps as people read them, in UTC: the one formatting the CLI's tables and the
//! web UI share.

/// `2026-11-22 11:22` (UTC) from Unix seconds.
pub fn format_time(secs: i64) -> String {
    let (y, m, d, hh, mm, _) = civil(secs);
    format!("{y:04}-{m:02}-{d:02} {hh:02}:{mm:02}")
}

/// RFC 3339 (`2026-11-22T11:22:21Z`) from Unix seconds.
pub fn rfc3339(secs: i64) -> String {
    let (y, m, d, hh, mm, ss) = civil(secs);
    format!("{y:04}-{m:02}-{d:02}T{hh:02}:{mm:02}:{ss:02}Z")
}

/// Unix seconds now, the clock every timestamp in the vault is written with.
pub fn now() -> i64 {
    crate::store::now()
}

/// A duration ahead, as `locket cache list` and the web UI show an expiry: `in {until(secs)}`.
pub fn until(secs: i64) -> String {
    match secs {
        ..120 => format!("{secs} seconds"),
        120..7200 => format!("{} minutes", secs / 60),
        _ => format!("{} hours", secs / 3600),
    }
}

/// Howard Hinnant's days-to-civil algorithm: the proleptic Gregorian date of a Unix time, as
/// (year, month, day, hour, minute, second). One copy for every date locket writes.
pub fn civil(secs: i64) -> (i64, u32, u32, i64, i64, i64) {
    let days = secs.div_euclid(86_400);
    let rem = secs.rem_euclid(86_400);
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d, rem / 3600, rem % 3600 / 60, rem % 60)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn civil_dates() {
        assert_eq!(rfc3339(0), "1970-01-01T00:00:00Z");
        assert_eq!(rfc3339(951_782_400), "2000-02-29T00:00:00Z");
        assert_eq!(rfc3339(1_795_346_541), "2026-11-22T11:22:21Z");
    }
}
