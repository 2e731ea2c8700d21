//! A minimal DER writer.
//!
//! Every function returns a complete TLV (tag, length, value) unless its name
//! says otherwise. The writer never validates its input: callers can produce
//! invalid DER on purpose (wrong tags, non-minimal lengths, unsorted SETs,
//! non-printable characters in a PrintableString, ...).

/// Universal tag bytes used by X.509.
pub mod tag {
    /// BOOLEAN.
    pub const BOOLEAN: u8 = 0x01;
    /// INTEGER.
    pub const INTEGER: u8 = 0x02;
    /// BIT STRING.
    pub const BIT_STRING: u8 = 0x03;
    /// OCTET STRING.
    pub const OCTET_STRING: u8 = 0x04;
    /// NULL.
    pub const NULL: u8 = 0x05;
    /// OBJECT IDENTIFIER.
    pub const OID: u8 = 0x06;
    /// UTF8String.
    pub const UTF8_STRING: u8 = 0x0c;
    /// PrintableString.
    pub const PRINTABLE_STRING: u8 = 0x13;
    /// TeletexString (T61String).
    pub const TELETEX_STRING: u8 = 0x14;
    /// IA5String.
    pub const IA5_STRING: u8 = 0x16;
    /// UTCTime.
    pub const UTC_TIME: u8 = 0x17;
    /// GeneralizedTime.
    pub const GENERALIZED_TIME: u8 = 0x18;
    /// VisibleString.
    pub const VISIBLE_STRING: u8 = 0x1a;
    /// UniversalString.
    pub const UNIVERSAL_STRING: u8 = 0x1c;
    /// BMPString.
    pub const BMP_STRING: u8 = 0x1e;
    /// SEQUENCE / SEQUENCE OF (constructed).
    pub const SEQUENCE: u8 = 0x30;
    /// SET / SET OF (constructed).
    pub const SET: u8 = 0x31;
}

/// The ASN.1 string type used for a textual value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum StringKind {
    /// UTF8String (tag 0x0c).
    Utf8,
    /// PrintableString (tag 0x13).
    Printable,
    /// IA5String (tag 0x16).
    Ia5,
    /// BMPString (tag 0x1e), written as UTF-16BE.
    Bmp,
    /// TeletexString (tag 0x14), written as the raw UTF-8 bytes of the value.
    Teletex,
    /// VisibleString (tag 0x1a).
    Visible,
    /// UniversalString (tag 0x1c), written as UTF-32BE.
    Universal,
}

impl StringKind {
    /// The universal tag byte of this string type.
    pub fn tag(self) -> u8 {
        match self {
            StringKind::Utf8 => tag::UTF8_STRING,
            StringKind::Printable => tag::PRINTABLE_STRING,
            StringKind::Ia5 => tag::IA5_STRING,
            StringKind::Bmp => tag::BMP_STRING,
            StringKind::Teletex => tag::TELETEX_STRING,
            StringKind::Visible => tag::VISIBLE_STRING,
            StringKind::Universal => tag::UNIVERSAL_STRING,
        }
    }
}

/// Encodes a length in minimal DER form (short form below 128, else 0x8N + N bytes).
pub fn encode_len(len: usize) -> Vec<u8> {
    if len < 0x80 {
        return vec![len as u8];
    }
    let bytes = len.to_be_bytes();
    let first = bytes
        .iter()
        .position(|&b| b != 0)
        .expect("a length >= 128 has a non-zero byte");
    let significant = &bytes[first..];
    let mut out = Vec::with_capacity(1 + significant.len());
    out.push(0x80 | significant.len() as u8);
    out.extend_from_slice(significant);
    out
}

/// Encodes a TLV with a single-byte tag and a minimal DER length.
pub fn tlv(tag: u8, content: &[u8]) -> Vec<u8> {
    let len = encode_len(content.len());
    let mut out = Vec::with_capacity(1 + len.len() + content.len());
    out.push(tag);
    out.extend_from_slice(&len);
    out.extend_from_slice(content);
    out
}

/// Encodes a TLV with any tag byte and exactly the given content (same as [`tlv`]).
pub fn raw_tlv(tag: u8, content: &[u8]) -> Vec<u8> {
    tlv(tag, content)
}

/// Encodes a TLV whose length is never minimal: `0x81 NN` for content shorter
/// than 128 bytes (where the short form is required), otherwise the long form
/// with one leading zero length byte more than needed (e.g. `0x82 00 80` for
/// 128 bytes). This is valid BER but invalid DER.
pub fn tlv_long_len(tag: u8, content: &[u8]) -> Vec<u8> {
    let n = if content.len() < 0x80 {
        1
    } else {
        encode_len(content.len()).len()
    };
    tlv_with_len_bytes(tag, content, n)
}

/// Encodes a TLV whose length is written in long form with exactly `n` length
/// bytes (padded with leading zeros), e.g. `n = 2` gives `0x82 00 05` for a
/// five-byte value. Panics if `n` is 0, above 126, or too small for the length.
pub fn tlv_with_len_bytes(tag: u8, content: &[u8], n: usize) -> Vec<u8> {
    assert!(
        (1..=126).contains(&n),
        "long-form length needs 1..=126 length bytes, got {n}"
    );
    let len = content.len();
    let be = len.to_be_bytes();
    let needed = be.iter().position(|&b| b != 0).map_or(0, |p| be.len() - p);
    assert!(needed <= n, "length {len} does not fit in {n} length bytes");
    let mut out = Vec::with_capacity(2 + n + len);
    out.push(tag);
    out.push(0x80 | n as u8);
    out.extend(std::iter::repeat_n(0u8, n - needed));
    out.extend_from_slice(&be[be.len() - needed..]);
    out.extend_from_slice(content);
    out
}

/// Encodes a TLV with the BER indefinite length form (`0x80`, content, `00 00`).
/// Only meaningful for constructed tags; never valid DER.
pub fn tlv_indefinite(tag: u8, content: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(content.len() + 4);
    out.push(tag);
    out.push(0x80);
    out.extend_from_slice(content);
    out.extend_from_slice(&[0, 0]);
    out
}

/// Concatenates already-encoded parts.
pub fn concat(parts: &[&[u8]]) -> Vec<u8> {
    parts.concat()
}

/// SEQUENCE of the given already-encoded elements, in the given order.
pub fn seq(parts: &[&[u8]]) -> Vec<u8> {
    tlv(tag::SEQUENCE, &parts.concat())
}

/// SEQUENCE of the given already-encoded elements, in the given order.
pub fn seq_vec(parts: Vec<Vec<u8>>) -> Vec<u8> {
    tlv(tag::SEQUENCE, &parts.concat())
}

/// SET of the given already-encoded elements, in the given order (not sorted;
/// see [`set_sorted`] for the DER SET OF ordering).
pub fn set(parts: &[&[u8]]) -> Vec<u8> {
    tlv(tag::SET, &parts.concat())
}

/// SET of the given already-encoded elements, in the given order.
pub fn set_vec(parts: Vec<Vec<u8>>) -> Vec<u8> {
    tlv(tag::SET, &parts.concat())
}

/// SET OF with its elements sorted by their encodings, as DER requires.
pub fn set_sorted(mut parts: Vec<Vec<u8>>) -> Vec<u8> {
    parts.sort();
    tlv(tag::SET, &parts.concat())
}

/// The content octets of an OBJECT IDENTIFIER given in dotted form.
/// Arcs of any size (up to `u128`) are supported. Panics on malformed input.
pub fn oid_content(dotted: &str) -> Vec<u8> {
    let arcs: Vec<u128> = dotted
        .split('.')
        .map(|a| {
            a.parse::<u128>()
                .unwrap_or_else(|_| panic!("bad OID arc {a:?} in {dotted:?}"))
        })
        .collect();
    assert!(
        arcs.len() >= 2,
        "an OID needs at least two arcs: {dotted:?}"
    );
    assert!(arcs[0] <= 2, "first OID arc must be 0, 1 or 2: {dotted:?}");
    assert!(
        arcs[0] == 2 || arcs[1] < 40,
        "second OID arc must be below 40 under 0 and 1: {dotted:?}"
    );
    let mut out = Vec::new();
    push_base128(&mut out, arcs[0] * 40 + arcs[1]);
    for &arc in &arcs[2..] {
        push_base128(&mut out, arc);
    }
    out
}

fn push_base128(out: &mut Vec<u8>, mut v: u128) {
    let mut tmp = vec![(v & 0x7f) as u8];
    v >>= 7;
    while v > 0 {
        tmp.push(0x80 | (v & 0x7f) as u8);
        v >>= 7;
    }
    tmp.reverse();
    out.extend_from_slice(&tmp);
}

/// OBJECT IDENTIFIER TLV from dotted form, e.g. `oid("2.5.4.3")` = `06 03 55 04 03`.
pub fn oid(dotted: &str) -> Vec<u8> {
    tlv(tag::OID, &oid_content(dotted))
}

/// INTEGER from a big-endian unsigned magnitude: redundant leading zero bytes
/// are removed and a 0x00 pad is added when the high bit is set. An empty or
/// all-zero magnitude encodes 0.
pub fn int_bytes(magnitude: &[u8]) -> Vec<u8> {
    let first = magnitude.iter().position(|&b| b != 0);
    let trimmed = match first {
        Some(i) => &magnitude[i..],
        None => &[0u8][..],
    };
    let mut content = Vec::with_capacity(trimmed.len() + 1);
    if trimmed[0] & 0x80 != 0 {
        content.push(0);
    }
    content.extend_from_slice(trimmed);
    tlv(tag::INTEGER, &content)
}

/// INTEGER whose content octets are exactly `content` (may be empty, negative or
/// non-minimal; useful for invalid encodings).
pub fn int_raw(content: &[u8]) -> Vec<u8> {
    tlv(tag::INTEGER, content)
}

/// INTEGER from an unsigned value.
pub fn int_u64(v: u64) -> Vec<u8> {
    int_bytes(&v.to_be_bytes())
}

/// INTEGER from a signed value (minimal two's complement).
pub fn int_i64(v: i64) -> Vec<u8> {
    let bytes = v.to_be_bytes();
    let mut start = 0;
    while start < 7 {
        let b = bytes[start];
        let next_high = bytes[start + 1] & 0x80;
        if (b == 0x00 && next_high == 0) || (b == 0xff && next_high != 0) {
            start += 1;
        } else {
            break;
        }
    }
    tlv(tag::INTEGER, &bytes[start..])
}

/// BOOLEAN (`01 01 FF` for true, `01 01 00` for false).
pub fn boolean(v: bool) -> Vec<u8> {
    tlv(tag::BOOLEAN, &[if v { 0xff } else { 0x00 }])
}

/// NULL (`05 00`).
pub fn null() -> Vec<u8> {
    vec![tag::NULL, 0]
}

/// OCTET STRING.
pub fn octet_string(bytes: &[u8]) -> Vec<u8> {
    tlv(tag::OCTET_STRING, bytes)
}

/// BIT STRING with the given unused-bits count followed by `bytes`.
pub fn bit_string(unused_bits: u8, bytes: &[u8]) -> Vec<u8> {
    let mut content = Vec::with_capacity(bytes.len() + 1);
    content.push(unused_bits);
    content.extend_from_slice(bytes);
    tlv(tag::BIT_STRING, &content)
}

/// BIT STRING for a DER named bit list: bit `n` is the n-th bit from the most
/// significant bit of the first byte; trailing zero bits are removed and the
/// unused-bits count set accordingly. No bits gives `03 01 00`.
pub fn named_bits(bits: &[usize]) -> Vec<u8> {
    let Some(&max) = bits.iter().max() else {
        return bit_string(0, &[]);
    };
    let mut bytes = vec![0u8; max / 8 + 1];
    for &b in bits {
        bytes[b / 8] |= 0x80 >> (b % 8);
    }
    let unused = 7 - (max % 8) as u8;
    bit_string(unused, &bytes)
}

/// Encodes a string value with the given string type.
pub fn string(kind: StringKind, value: &str) -> Vec<u8> {
    match kind {
        StringKind::Bmp => bmp(value),
        StringKind::Universal => {
            let bytes: Vec<u8> = value
                .chars()
                .flat_map(|c| (c as u32).to_be_bytes())
                .collect();
            tlv(tag::UNIVERSAL_STRING, &bytes)
        }
        other => tlv(other.tag(), value.as_bytes()),
    }
}

/// UTF8String.
pub fn utf8(s: &str) -> Vec<u8> {
    tlv(tag::UTF8_STRING, s.as_bytes())
}

/// PrintableString (the characters are not checked).
pub fn printable(s: &str) -> Vec<u8> {
    tlv(tag::PRINTABLE_STRING, s.as_bytes())
}

/// IA5String (the characters are not checked).
pub fn ia5(s: &str) -> Vec<u8> {
    tlv(tag::IA5_STRING, s.as_bytes())
}

/// BMPString, encoded as UTF-16BE (characters outside the BMP become surrogate pairs).
pub fn bmp(s: &str) -> Vec<u8> {
    let bytes: Vec<u8> = s.encode_utf16().flat_map(u16::to_be_bytes).collect();
    tlv(tag::BMP_STRING, &bytes)
}

/// TeletexString holding the raw bytes of `s`.
pub fn teletex(s: &str) -> Vec<u8> {
    tlv(tag::TELETEX_STRING, s.as_bytes())
}

/// VisibleString.
pub fn visible(s: &str) -> Vec<u8> {
    tlv(tag::VISIBLE_STRING, s.as_bytes())
}

/// UTCTime with the given literal content, e.g. `"250301000000Z"`.
pub fn utc_time(s: &str) -> Vec<u8> {
    tlv(tag::UTC_TIME, s.as_bytes())
}

/// GeneralizedTime with the given literal content, e.g. `"20500101000000Z"`.
pub fn generalized_time(s: &str) -> Vec<u8> {
    tlv(tag::GENERALIZED_TIME, s.as_bytes())
}

/// The identifier octet of a context-specific tag `[n]`. Panics if `n > 30`.
pub fn context_tag(n: u8, constructed: bool) -> u8 {
    assert!(n <= 30, "context tag [{n}] needs the high-tag-number form");
    0x80 | if constructed { 0x20 } else { 0 } | n
}

/// `[n] EXPLICIT`: a constructed context tag wrapping the complete TLV `inner`.
pub fn explicit(n: u8, inner: &[u8]) -> Vec<u8> {
    tlv(context_tag(n, true), inner)
}

/// `[n] IMPLICIT`: a context tag replacing the tag of a value whose content
/// octets are `content`; `constructed` must match the underlying type.
pub fn implicit(n: u8, constructed: bool, content: &[u8]) -> Vec<u8> {
    tlv(context_tag(n, constructed), content)
}

/// Returns the content octets of a TLV with a minimal or long-form definite
/// length. Panics if `der` is not a single well-formed TLV with a one-byte tag.
pub fn content_of(der: &[u8]) -> &[u8] {
    let (header, len) = header_len(der).expect("content_of: malformed TLV header");
    assert_eq!(
        header + len,
        der.len(),
        "content_of: expected exactly one TLV"
    );
    &der[header..]
}

/// Parses a one-byte tag and a definite length; returns (header length, content length).
pub fn header_len(der: &[u8]) -> Option<(usize, usize)> {
    let first = *der.get(1)?;
    if first < 0x80 {
        return Some((2, first as usize));
    }
    let n = (first & 0x7f) as usize;
    if n == 0 || n > std::mem::size_of::<usize>() {
        return None;
    }
    let bytes = der.get(2..2 + n)?;
    let len = bytes.iter().fold(0usize, |acc, &b| (acc << 8) | b as usize);
    Some((2 + n, len))
}

/// Splits concatenated TLVs (e.g. the content of a SEQUENCE) into complete
/// TLVs. Panics on malformed input.
pub fn children(mut content: &[u8]) -> Vec<&[u8]> {
    let mut out = Vec::new();
    while !content.is_empty() {
        let (header, len) = header_len(content).expect("children: malformed TLV header");
        let end = header
            .checked_add(len)
            .filter(|&e| e <= content.len())
            .expect("children: TLV runs past the end of the input");
        out.push(&content[..end]);
        content = &content[end..];
    }
    out
}

/// Lowercase hex of `bytes` (handy in assertions).
pub fn to_hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Parses hex (whitespace and `:` ignored). Panics on invalid input.
pub fn from_hex(s: &str) -> Vec<u8> {
    let digits: Vec<u8> = s
        .bytes()
        .filter(|b| !b.is_ascii_whitespace() && *b != b':')
        .collect();
    assert!(digits.len() & 1 == 0, "odd number of hex digits in {s:?}");
    digits
        .chunks(2)
        .map(|pair| {
            let text = std::str::from_utf8(pair).expect("hex digits are ASCII");
            u8::from_str_radix(text, 16).unwrap_or_else(|_| panic!("bad hex {text:?} in {s:?}"))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lengths() {
        assert_eq!(encode_len(0), [0]);
        assert_eq!(encode_len(127), [127]);
        assert_eq!(encode_len(128), [0x81, 0x80]);
        assert_eq!(encode_len(255), [0x81, 0xff]);
        assert_eq!(encode_len(256), [0x82, 0x01, 0x00]);
        assert_eq!(encode_len(65535), [0x82, 0xff, 0xff]);
        assert_eq!(encode_len(65536), [0x83, 0x01, 0x00, 0x00]);
    }

    #[test]
    fn long_len() {
        assert_eq!(tlv_long_len(0x04, &[1, 2]), [0x04, 0x81, 0x02, 1, 2]);
        assert_eq!(tlv_with_len_bytes(0x04, &[1], 2), [0x04, 0x82, 0, 1, 1]);
        let big = vec![0u8; 300];
        assert_eq!(&tlv_long_len(0x04, &big)[..5], [0x04, 0x83, 0, 0x01, 0x2c]);
    }

    #[test]
    fn oids() {
        assert_eq!(to_hex(&oid("2.5.4.3")), "0603550403");
        assert_eq!(
            to_hex(&oid("1.2.840.113549.1.1.11")),
            "06092a864886f70d01010b"
        );
        assert_eq!(to_hex(&oid("2.999.3")), "0603883703");
        assert_eq!(
            to_hex(&oid("1.3.6.1.4.1.11129.2.4.3")),
            "060a2b06010401d679020403"
        );
    }

    #[test]
    fn integers() {
        assert_eq!(int_u64(0), [2, 1, 0]);
        assert_eq!(int_u64(127), [2, 1, 127]);
        assert_eq!(int_u64(128), [2, 2, 0, 128]);
        assert_eq!(int_bytes(&[0, 0, 1]), [2, 1, 1]);
        assert_eq!(int_bytes(&[]), [2, 1, 0]);
        assert_eq!(int_i64(-1), [2, 1, 0xff]);
        assert_eq!(int_i64(-129), [2, 2, 0xff, 0x7f]);
        assert_eq!(int_i64(-128), [2, 1, 0x80]);
        assert_eq!(int_i64(256), [2, 2, 1, 0]);
    }

    #[test]
    fn strings() {
        assert_eq!(bmp("A"), [0x1e, 2, 0, 0x41]);
        assert_eq!(string(StringKind::Universal, "A"), [0x1c, 4, 0, 0, 0, 0x41]);
        assert_eq!(explicit(3, &null()), [0xa3, 2, 5, 0]);
        assert_eq!(implicit(2, false, b"a"), [0x82, 1, b'a']);
    }

    #[test]
    fn hex_roundtrip() {
        assert_eq!(from_hex("0a:FF 01"), [0x0a, 0xff, 0x01]);
        assert_eq!(to_hex(&[0x0a, 0xff]), "0aff");
    }
}
