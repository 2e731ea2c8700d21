//! UTCTime and GeneralizedTime (RFC 5280 4.1.2.5), and civil-date arithmetic.
//!
//! Times are seconds since the Unix epoch (UTC). The strict forms RFC 5280
//! requires are `YYMMDDHHMMSSZ` and `YYYYMMDDHHMMSSZ`; other forms that can
//! still be read unambiguously (no seconds, fractional seconds, offsets) are
//! decoded and flagged, so rules can report them and still compare dates.

use crate::der::{Tlv, tag};

/// How a time value was encoded.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TimeEncoding {
    /// UTCTime (two-digit year; 50..99 mean 19xx).
    UtcTime,
    /// GeneralizedTime (four-digit year).
    GeneralizedTime,
}

/// A decoded time.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Time {
    /// Seconds since 1970-01-01T00:00:00Z.
    pub unix: i64,
    /// The ASN.1 type used.
    pub encoding: TimeEncoding,
    /// Why the value is not in the form RFC 5280 requires, if it is not.
    pub format_problem: Option<&'static str>,
}

/// A time field as found: the TLV and its decoding.
#[derive(Clone, Copy, Debug)]
pub struct TimeField<'a> {
    /// The encoded element.
    pub tlv: Tlv<'a>,
    /// The decoded value, or why it could not be decoded.
    pub time: Result<Time, &'static str>,
}

impl TimeField<'_> {
    /// Seconds since the epoch, when the value could be decoded.
    pub fn unix(&self) -> Option<i64> {
        self.time.ok().map(|t| t.unix)
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date.
pub fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = y - era * 400;
    let m = m as i64;
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + d as i64 - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146097 + doe - 719468
}

/// The date of a day count since 1970-01-01.
pub fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719468;
    let era = if z >= 0 { z } else { z - 146096 } / 146097;
    let doe = z - era * 146097;
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

/// Seconds since the epoch of a UTC date and time.
pub fn unix_from_parts(y: i64, mo: u32, d: u32, h: u32, mi: u32, s: u32) -> i64 {
    days_from_civil(y, mo, d) * 86_400 + (h as i64) * 3600 + (mi as i64) * 60 + s as i64
}

/// Formats seconds since the epoch as `YYYY-MM-DDTHH:MM:SSZ`.
pub fn format_unix(t: i64) -> String {
    let (y, m, d) = civil_from_days(t.div_euclid(86_400));
    let s = t.rem_euclid(86_400);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        s / 3600,
        (s / 60) % 60,
        s % 60
    )
}

/// Parses `YYYY-MM-DD` or `YYYY-MM-DDTHH:MM:SSZ` into seconds since the epoch.
pub fn parse_iso(s: &str) -> Option<i64> {
    let b = s.as_bytes();
    let num = |r: std::ops::Range<usize>| -> Option<u32> {
        let part = b.get(r)?;
        if !part.iter().all(u8::is_ascii_digit) {
            return None;
        }
        std::str::from_utf8(part).ok()?.parse().ok()
    };
    if b.len() < 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let (y, mo, d) = (num(0..4)?, num(5..7)?, num(8..10)?);
    if !(1..=12).contains(&mo) || d == 0 || d > days_in_month(y as i64, mo) {
        return None;
    }
    let (h, mi, se) = match b.len() {
        10 => (0, 0, 0),
        20 if b[10] == b'T' && b[13] == b':' && b[16] == b':' && b[19] == b'Z' => {
            (num(11..13)?, num(14..16)?, num(17..19)?)
        }
        _ => return None,
    };
    if h > 23 || mi > 59 || se > 59 {
        return None;
    }
    Some(unix_from_parts(y as i64, mo, d, h, mi, se))
}

fn days_in_month(y: i64, m: u32) -> u32 {
    match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        _ => 28,
    }
}

/// Decodes a UTCTime or GeneralizedTime element.
pub fn decode(t: &Tlv<'_>) -> Result<Time, &'static str> {
    let (encoding, year_digits) = match t.tag {
        tag::UTC_TIME => (TimeEncoding::UtcTime, 2),
        tag::GENERALIZED_TIME => (TimeEncoding::GeneralizedTime, 4),
        _ => return Err("not a UTCTime or GeneralizedTime"),
    };
    let v = t.value;
    let digits = |r: std::ops::Range<usize>| -> Option<u32> {
        let part = v.get(r)?;
        part.iter()
            .all(u8::is_ascii_digit)
            .then(|| part.iter().fold(0u32, |a, &b| a * 10 + (b - b'0') as u32))
    };
    let y = digits(0..year_digits).ok_or("year is not numeric")?;
    let year = match encoding {
        TimeEncoding::UtcTime if y >= 50 => 1900 + y as i64,
        TimeEncoding::UtcTime => 2000 + y as i64,
        TimeEncoding::GeneralizedTime => y as i64,
    };
    let p = year_digits;
    let mo = digits(p..p + 2).ok_or("month is not numeric")?;
    let d = digits(p + 2..p + 4).ok_or("day is not numeric")?;
    let h = digits(p + 4..p + 6).ok_or("hour is not numeric")?;
    let mi = digits(p + 6..p + 8).ok_or("minute is not numeric")?;
    if !(1..=12).contains(&mo) || d == 0 || d > days_in_month(year, mo) || h > 23 || mi > 59 {
        return Err("date or time out of range");
    }
    let mut problem = None;
    let mut pos = p + 8;
    let s = match digits(pos..pos + 2) {
        Some(s) => {
            pos += 2;
            s
        }
        None => {
            problem = Some("seconds are missing");
            0
        }
    };
    if s > 59 {
        return Err("seconds out of range");
    }
    if v.get(pos) == Some(&b'.') || v.get(pos) == Some(&b',') {
        problem = Some("fractional seconds are not allowed");
        pos += 1;
        while v.get(pos).is_some_and(u8::is_ascii_digit) {
            pos += 1;
        }
    }
    let mut unix = unix_from_parts(year, mo, d, h, mi, s);
    match v.get(pos..) {
        Some([b'Z']) => {}
        Some([sign @ (b'+' | b'-'), rest @ ..])
            if rest.len() == 4 && rest.iter().all(u8::is_ascii_digit) =>
        {
            let oh = ((rest[0] - b'0') * 10 + (rest[1] - b'0')) as i64;
            let om = ((rest[2] - b'0') * 10 + (rest[3] - b'0')) as i64;
            let off = oh * 3600 + om * 60;
            unix += if *sign == b'+' { -off } else { off };
            problem = Some("time zone offset instead of Z");
        }
        Some([]) => problem = Some("time zone designator Z is missing"),
        _ => return Err("unexpected characters after the time"),
    }
    Ok(Time {
        unix,
        encoding,
        format_problem: problem,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::der::{IssueSink, Reader};

    fn parse(bytes: &[u8]) -> Result<Time, &'static str> {
        let sink = IssueSink::default();
        let t = Reader::new(bytes, 0, &sink).read().expect("tlv");
        decode(&t)
    }

    #[test]
    fn civil_round_trip() {
        for z in [-1_000_000, -1, 0, 1, 19_000, 30_000, 2_932_896] {
            let (y, m, d) = civil_from_days(z);
            assert_eq!(days_from_civil(y, m, d), z);
        }
        assert_eq!(unix_from_parts(2024, 12, 17, 5, 2, 47), 1_734_411_767);
        assert_eq!(format_unix(1_734_411_767), "2024-12-17T05:02:47Z");
        assert_eq!(parse_iso("2024-12-17T05:02:47Z"), Some(1_734_411_767));
        assert_eq!(parse_iso("2024-02-30"), None);
    }

    #[test]
    fn utc_and_generalized() {
        let t = parse(b"\x17\x0d241217050247Z").expect("valid");
        assert_eq!((t.unix, t.format_problem), (1_734_411_767, None));
        let t = parse(b"\x17\x0d500101000000Z").expect("valid");
        assert_eq!(format_unix(t.unix), "1950-01-01T00:00:00Z");
        let t = parse(b"\x18\x0f20491231235959Z").expect("valid");
        assert_eq!(format_unix(t.unix), "2049-12-31T23:59:59Z");
        let t = parse(b"\x17\x0b2412170502Z").expect("readable");
        assert_eq!(t.format_problem, Some("seconds are missing"));
        let t = parse(b"\x17\x11241217050247+0900").expect("readable");
        assert_eq!(format_unix(t.unix), "2024-12-16T20:02:47Z");
        assert!(parse(b"\x17\x0d241317050247Z").is_err());
        assert!(parse(b"\x17\x0d2412170502ZZZ").is_err());
    }
}
