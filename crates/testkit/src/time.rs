//! Civil-date arithmetic (proleptic Gregorian calendar, UTC) and X.509 `Time` encoding.

use crate::der;

/// Seconds in a day.
pub const DAY: i64 = 86_400;

/// Days since 1970-01-01 for the civil date `y-m-d`.
pub fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    assert!((1..=12).contains(&m), "month out of range: {m}");
    assert!((1..=31).contains(&d), "day out of range: {d}");
    // Shift the year so that it starts in March; the leap day is then the
    // last day of the shifted year.
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let year_of_era = y - era * 400; // 0..=399
    let m = i64::from(m);
    let month_from_march = if m > 2 { m - 3 } else { m + 9 }; // 0..=11
    let day_of_year = (153 * month_from_march + 2) / 5 + i64::from(d) - 1; // 0..=365
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

/// The civil date `(y, m, d)` for a count of days since 1970-01-01.
pub fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let day_of_era = z - era * 146_097; // 0..=146096
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let mp = (5 * day_of_year + 2) / 153; // month from March, 0..=11
    let d = (day_of_year - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = year_of_era + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

/// Unix seconds for a civil date and time of day.
pub fn unix_from_civil(y: i64, m: u32, d: u32, hh: u32, mm: u32, ss: u32) -> i64 {
    days_from_civil(y, m, d) * DAY + i64::from(hh) * 3600 + i64::from(mm) * 60 + i64::from(ss)
}

/// Splits Unix seconds into `(y, m, d, hh, mm, ss)`.
pub fn civil_from_unix(t: i64) -> (i64, u32, u32, u32, u32, u32) {
    let days = t.div_euclid(DAY);
    let secs = t.rem_euclid(DAY);
    let (y, m, d) = civil_from_days(days);
    (
        y,
        m,
        d,
        (secs / 3600) as u32,
        (secs % 3600 / 60) as u32,
        (secs % 60) as u32,
    )
}

/// Parses `YYYY-MM-DD`, `YYYY-MM-DDTHH:MM:SSZ` or `YYYY-MM-DD HH:MM:SS`
/// (trailing `Z` optional) into Unix seconds. Panics on malformed input.
pub fn parse_iso(s: &str) -> i64 {
    let bad = || -> ! { panic!("expected YYYY-MM-DD[THH:MM:SS[Z]], got {s:?}") };
    let trimmed = s.trim().trim_end_matches('Z');
    let (date, time) = match trimmed.split_once(['T', ' ']) {
        Some((d, t)) => (d, Some(t)),
        None => (trimmed, None),
    };
    let date: Vec<&str> = date.split('-').collect();
    if date.len() != 3 {
        bad();
    }
    let y: i64 = date[0].parse().unwrap_or_else(|_| bad());
    let m: u32 = date[1].parse().unwrap_or_else(|_| bad());
    let d: u32 = date[2].parse().unwrap_or_else(|_| bad());
    let (hh, mm, ss) = match time {
        None => (0, 0, 0),
        Some(t) => {
            let parts: Vec<u32> = t
                .split(':')
                .map(|p| p.parse().unwrap_or_else(|_| bad()))
                .collect();
            if parts.len() != 3 {
                bad();
            }
            (parts[0], parts[1], parts[2])
        }
    };
    unix_from_civil(y, m, d, hh, mm, ss)
}

/// A point in time accepted by the validity helpers: an ISO-like string
/// (see [`parse_iso`]), a `(year, month, day)` tuple at midnight UTC, or
/// [`UnixTime`].
pub trait ToUnixTime {
    /// Seconds since 1970-01-01T00:00:00Z.
    fn to_unix(&self) -> i64;
}

impl ToUnixTime for &str {
    fn to_unix(&self) -> i64 {
        parse_iso(self)
    }
}

impl ToUnixTime for String {
    fn to_unix(&self) -> i64 {
        parse_iso(self)
    }
}

impl ToUnixTime for (i32, u32, u32) {
    fn to_unix(&self) -> i64 {
        days_from_civil(i64::from(self.0), self.1, self.2) * DAY
    }
}

/// Unix seconds wrapped for [`ToUnixTime`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct UnixTime(pub i64);

impl ToUnixTime for UnixTime {
    fn to_unix(&self) -> i64 {
        self.0
    }
}

/// The UTCTime content string `YYMMDDHHMMSSZ` for Unix seconds (the year is
/// taken modulo 100 without checking the 1950..=2049 range).
pub fn utc_string(t: i64) -> String {
    let (y, m, d, hh, mm, ss) = civil_from_unix(t);
    format!("{:02}{m:02}{d:02}{hh:02}{mm:02}{ss:02}Z", y.rem_euclid(100))
}

/// The GeneralizedTime content string `YYYYMMDDHHMMSSZ` for Unix seconds.
pub fn generalized_string(t: i64) -> String {
    let (y, m, d, hh, mm, ss) = civil_from_unix(t);
    format!("{y:04}{m:02}{d:02}{hh:02}{mm:02}{ss:02}Z")
}

/// The RFC 5280 `Time` for Unix seconds: UTCTime for years 1950..=2049,
/// GeneralizedTime otherwise.
pub fn der_time(t: i64) -> Vec<u8> {
    let (y, ..) = civil_from_unix(t);
    if (1950..2050).contains(&y) {
        der::utc_time(&utc_string(t))
    } else {
        der::generalized_time(&generalized_string(t))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn civil_roundtrip() {
        assert_eq!(days_from_civil(1970, 1, 1), 0);
        assert_eq!(days_from_civil(2000, 3, 1), 11_017);
        assert_eq!(civil_from_days(11_016), (2000, 2, 29));
        for days in (-800_000..800_000).step_by(37) {
            let (y, m, d) = civil_from_days(days);
            assert_eq!(days_from_civil(y, m, d), days);
        }
    }

    #[test]
    fn parse_and_format() {
        assert_eq!(parse_iso("2025-03-01"), 1_740_787_200);
        assert_eq!(parse_iso("2025-03-01T00:00:00Z"), 1_740_787_200);
        assert_eq!(utc_string(1_740_787_200 + 365 * DAY - 1), "260228235959Z");
        assert_eq!(
            der_time(parse_iso("2049-12-31T23:59:59Z"))[0],
            der::tag::UTC_TIME
        );
        assert_eq!(
            der_time(parse_iso("2050-01-01")),
            der::generalized_time("20500101000000Z")
        );
        assert_eq!((2024, 2, 29).to_unix(), parse_iso("2024-02-29"));
    }
}
