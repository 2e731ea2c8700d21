//! A small DER writer (X.690 clause 10), for the structures rootward issues.
//!
//! Issuance must produce exact encodings (the BRs compare AlgorithmIdentifiers
//! byte for byte), so certificates, CRLs, OCSP responses and key files are
//! assembled from these functions and then read back with [`crate::der`] and
//! linted. Every function returns a complete TLV.

/// The length octets of a definite length (X.690 8.1.3), minimal form.
pub fn length(len: usize) -> Vec<u8> {
    if len < 0x80 {
        return vec![len as u8];
    }
    let bytes = len.to_be_bytes();
    let skip = bytes
        .iter()
        .position(|&b| b != 0)
        .unwrap_or(bytes.len() - 1);
    let mut out = vec![0x80 | (bytes.len() - skip) as u8];
    out.extend_from_slice(&bytes[skip..]);
    out
}

/// A TLV with a one-octet tag.
pub fn tlv(tag: u8, content: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(content.len() + 6);
    out.push(tag);
    out.extend(length(content.len()));
    out.extend_from_slice(content);
    out
}

/// SEQUENCE of already-encoded elements.
pub fn seq(parts: &[&[u8]]) -> Vec<u8> {
    tlv(0x30, &parts.concat())
}

/// SEQUENCE of owned encoded elements.
pub fn seq_of(parts: &[Vec<u8>]) -> Vec<u8> {
    tlv(0x30, &parts.concat())
}

/// SET OF, elements sorted by their encodings as DER requires (X.690 11.6).
pub fn set_of(parts: &[Vec<u8>]) -> Vec<u8> {
    let mut sorted: Vec<&Vec<u8>> = parts.iter().collect();
    sorted.sort();
    tlv(
        0x31,
        &sorted.into_iter().flatten().copied().collect::<Vec<u8>>(),
    )
}

/// Why a dotted OID string could not be encoded.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid object identifier {0:?}: {1}")]
pub struct OidError(pub String, pub &'static str);

/// The content octets of an OID in dotted notation (X.690 8.19).
pub fn oid_content(dotted: &str) -> Result<Vec<u8>, OidError> {
    let err = |why| OidError(dotted.to_string(), why);
    let arcs: Vec<u128> = dotted
        .split('.')
        .map(|a| {
            if a.is_empty() || !a.bytes().all(|b| b.is_ascii_digit()) {
                None
            } else {
                a.parse().ok()
            }
        })
        .collect::<Option<_>>()
        .ok_or_else(|| err("arcs must be decimal numbers"))?;
    if arcs.len() < 2 {
        return Err(err("at least two arcs are required"));
    }
    if arcs[0] > 2 || (arcs[0] < 2 && arcs[1] > 39) {
        return Err(err("first arcs out of range"));
    }
    let first = arcs[0] * 40 + arcs[1];
    let mut out = Vec::new();
    for mut v in std::iter::once(first).chain(arcs[2..].iter().copied()) {
        let mut chunk = vec![(v & 0x7f) as u8];
        v >>= 7;
        while v > 0 {
            chunk.push(0x80 | (v & 0x7f) as u8);
            v >>= 7;
        }
        out.extend(chunk.iter().rev());
    }
    Ok(out)
}

/// An OBJECT IDENTIFIER TLV from dotted notation.
pub fn oid(dotted: &str) -> Result<Vec<u8>, OidError> {
    Ok(tlv(0x06, &oid_content(dotted)?))
}

/// An OBJECT IDENTIFIER TLV from a known [`crate::Oid`].
pub fn oid_of(o: crate::Oid<'_>) -> Vec<u8> {
    tlv(0x06, o.as_bytes())
}

/// A non-negative INTEGER from big-endian magnitude octets (minimal, X.690 8.3.2).
pub fn uint(magnitude: &[u8]) -> Vec<u8> {
    let skip = magnitude
        .iter()
        .position(|&b| b != 0)
        .unwrap_or(magnitude.len());
    let m = &magnitude[skip..];
    let mut content = Vec::with_capacity(m.len() + 1);
    if m.first().is_none_or(|&b| b & 0x80 != 0) {
        content.push(0);
    }
    content.extend_from_slice(m);
    tlv(0x02, &content)
}

/// A non-negative INTEGER from a u64.
pub fn uint_u64(v: u64) -> Vec<u8> {
    uint(&v.to_be_bytes())
}

/// BOOLEAN (TRUE is 0xFF, X.690 11.1).
pub fn boolean(v: bool) -> Vec<u8> {
    tlv(0x01, &[if v { 0xff } else { 0 }])
}

/// NULL.
pub fn null() -> Vec<u8> {
    vec![0x05, 0x00]
}

/// OCTET STRING.
pub fn octet_string(b: &[u8]) -> Vec<u8> {
    tlv(0x04, b)
}

/// BIT STRING holding whole octets.
pub fn bit_string(b: &[u8]) -> Vec<u8> {
    let mut content = Vec::with_capacity(b.len() + 1);
    content.push(0);
    content.extend_from_slice(b);
    tlv(0x03, &content)
}

/// A named-bit BIT STRING with the given bit numbers set, trailing zero
/// bits removed (X.690 11.2.2).
pub fn named_bits(bits: &[usize]) -> Vec<u8> {
    let Some(&max) = bits.iter().max() else {
        return tlv(0x03, &[0]);
    };
    let mut bytes = vec![0u8; max / 8 + 1];
    for &b in bits {
        bytes[b / 8] |= 0x80 >> (b % 8);
    }
    let unused = 7 - (max % 8) as u8;
    let mut content = vec![unused];
    content.extend(bytes);
    tlv(0x03, &content)
}

/// UTF8String.
pub fn utf8(s: &str) -> Vec<u8> {
    tlv(0x0c, s.as_bytes())
}

/// PrintableString (the caller checks the alphabet).
pub fn printable(s: &str) -> Vec<u8> {
    tlv(0x13, s.as_bytes())
}

/// IA5String (the caller checks it is ASCII).
pub fn ia5(s: &str) -> Vec<u8> {
    tlv(0x16, s.as_bytes())
}

/// A certificate validity time: UTCTime through 2049, GeneralizedTime from
/// 2050 (RFC 5280 4.1.2.5), always with seconds and `Z`.
pub fn time(unix: i64) -> Vec<u8> {
    let (y, mo, d) = crate::time::civil_from_days(unix.div_euclid(86_400));
    let s = unix.rem_euclid(86_400);
    let (h, mi, se) = (s / 3600, (s / 60) % 60, s % 60);
    if (1950..2050).contains(&y) {
        tlv(
            0x17,
            format!("{:02}{mo:02}{d:02}{h:02}{mi:02}{se:02}Z", y % 100).as_bytes(),
        )
    } else {
        tlv(
            0x18,
            format!("{y:04}{mo:02}{d:02}{h:02}{mi:02}{se:02}Z").as_bytes(),
        )
    }
}

/// GeneralizedTime, always (as OCSP requires, RFC 6960 4.2.1).
pub fn generalized_time(unix: i64) -> Vec<u8> {
    let (y, mo, d) = crate::time::civil_from_days(unix.div_euclid(86_400));
    let s = unix.rem_euclid(86_400);
    tlv(
        0x18,
        format!(
            "{y:04}{mo:02}{d:02}{:02}{:02}{:02}Z",
            s / 3600,
            (s / 60) % 60,
            s % 60
        )
        .as_bytes(),
    )
}

/// `[n] EXPLICIT` around an encoded element.
pub fn explicit(n: u8, inner: &[u8]) -> Vec<u8> {
    tlv(0xa0 | n, inner)
}

/// `[n] IMPLICIT` over content octets.
pub fn implicit(n: u8, constructed: bool, content: &[u8]) -> Vec<u8> {
    tlv(0x80 | if constructed { 0x20 } else { 0 } | n, content)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lengths() {
        assert_eq!(length(0), [0]);
        assert_eq!(length(127), [127]);
        assert_eq!(length(128), [0x81, 0x80]);
        assert_eq!(length(256), [0x82, 1, 0]);
        assert_eq!(length(70_000), [0x83, 1, 0x11, 0x70]);
    }

    #[test]
    fn oids_and_integers() {
        assert_eq!(oid("2.5.29.19").expect("valid"), [6, 3, 0x55, 0x1d, 0x13]);
        assert_eq!(
            oid("1.2.840.113549.1.1.11").expect("valid")[2..],
            [0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 1, 1, 11]
        );
        assert!(
            oid("1").is_err() && oid("3.1").is_err() && oid("1.x").is_err() && oid("1.40").is_err()
        );
        assert_eq!(uint(&[0, 0, 0x80]), [2, 2, 0, 0x80]);
        assert_eq!(uint(&[]), [2, 1, 0]);
        assert_eq!(uint_u64(1), [2, 1, 1]);
    }

    #[test]
    fn named_bit_lists() {
        assert_eq!(named_bits(&[0]), [3, 2, 7, 0x80]);
        assert_eq!(named_bits(&[5, 6]), [3, 2, 1, 0x06]);
        assert_eq!(named_bits(&[8]), [3, 3, 7, 0, 0x80]);
    }

    #[test]
    fn times() {
        assert_eq!(time(1_734_411_767), b"\x17\x0d241217050247Z");
        assert_eq!(time(2_524_608_000), b"\x18\x0f20500101000000Z");
    }
}
