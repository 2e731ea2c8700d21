//! A lenient DER reader (ITU-T X.690).
//!
//! A linter has to read certificates that break DER (long-form lengths for
//! short values, BOOLEANs encoded as 0x01, non-minimal INTEGERs) and report
//! them, so this reader accepts what it can interpret unambiguously and
//! records each departure from DER in a shared [`IssueSink`]. What it cannot
//! interpret (truncation, indefinite lengths, a wrong tag) is a [`DerError`]
//! carrying the byte offset where it happened.
//!
//! Every `read` is bounded by the enclosing TLV, and nothing here recurses on
//! input, so hostile nesting cannot exhaust the stack.

use std::cell::RefCell;
use std::fmt;

/// Universal tag numbers and the identifier octets rootward reads.
pub mod tag {
    /// BOOLEAN
    pub const BOOLEAN: u8 = 0x01;
    /// INTEGER
    pub const INTEGER: u8 = 0x02;
    /// BIT STRING
    pub const BIT_STRING: u8 = 0x03;
    /// OCTET STRING
    pub const OCTET_STRING: u8 = 0x04;
    /// NULL
    pub const NULL: u8 = 0x05;
    /// OBJECT IDENTIFIER
    pub const OID: u8 = 0x06;
    /// ENUMERATED
    pub const ENUMERATED: u8 = 0x0a;
    /// UTF8String
    pub const UTF8_STRING: u8 = 0x0c;
    /// NumericString
    pub const NUMERIC_STRING: u8 = 0x12;
    /// PrintableString
    pub const PRINTABLE_STRING: u8 = 0x13;
    /// TeletexString (T61String)
    pub const TELETEX_STRING: u8 = 0x14;
    /// IA5String
    pub const IA5_STRING: u8 = 0x16;
    /// UTCTime
    pub const UTC_TIME: u8 = 0x17;
    /// GeneralizedTime
    pub const GENERALIZED_TIME: u8 = 0x18;
    /// VisibleString
    pub const VISIBLE_STRING: u8 = 0x1a;
    /// UniversalString
    pub const UNIVERSAL_STRING: u8 = 0x1c;
    /// BMPString
    pub const BMP_STRING: u8 = 0x1e;
    /// SEQUENCE / SEQUENCE OF (constructed)
    pub const SEQUENCE: u8 = 0x30;
    /// SET / SET OF (constructed)
    pub const SET: u8 = 0x31;

    /// Context-specific, constructed `[n]` (EXPLICIT or constructed IMPLICIT).
    pub const fn context_constructed(n: u8) -> u8 {
        0xa0 | n
    }
    /// Context-specific, primitive `[n]` (IMPLICIT over a primitive type).
    pub const fn context_primitive(n: u8) -> u8 {
        0x80 | n
    }
    /// Human-readable name of a tag byte, for error messages.
    pub fn name(t: u8) -> String {
        match t {
            BOOLEAN => "BOOLEAN".into(),
            INTEGER => "INTEGER".into(),
            BIT_STRING => "BIT STRING".into(),
            OCTET_STRING => "OCTET STRING".into(),
            NULL => "NULL".into(),
            OID => "OBJECT IDENTIFIER".into(),
            ENUMERATED => "ENUMERATED".into(),
            UTF8_STRING => "UTF8String".into(),
            NUMERIC_STRING => "NumericString".into(),
            PRINTABLE_STRING => "PrintableString".into(),
            TELETEX_STRING => "TeletexString".into(),
            IA5_STRING => "IA5String".into(),
            UTC_TIME => "UTCTime".into(),
            GENERALIZED_TIME => "GeneralizedTime".into(),
            VISIBLE_STRING => "VisibleString".into(),
            UNIVERSAL_STRING => "UniversalString".into(),
            BMP_STRING => "BMPString".into(),
            SEQUENCE => "SEQUENCE".into(),
            SET => "SET".into(),
            t if t & 0xc0 == 0x80 => {
                let c = if t & 0x20 != 0 {
                    "constructed"
                } else {
                    "primitive"
                };
                format!("[{}] ({c})", t & 0x1f)
            }
            t => format!("tag 0x{t:02x}"),
        }
    }
}

/// Why a DER structure could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum DerErrorKind {
    /// The input ended inside a TLV.
    Truncated {
        /// Bytes the TLV claims.
        needed: usize,
        /// Bytes actually left.
        available: usize,
    },
    /// A BER indefinite length (0x80), which DER forbids and we cannot bound.
    IndefiniteLength,
    /// A length field of more than four octets.
    LengthTooLong,
    /// A different tag was required here.
    UnexpectedTag {
        /// The tag required by the ASN.1 definition.
        expected: u8,
        /// The tag found.
        found: u8,
    },
    /// A required element is missing at the end of its enclosing structure.
    Missing {
        /// Which element.
        what: &'static str,
    },
    /// High-tag-number form (tag numbers above 30), never used by X.509.
    HighTagNumber,
    /// Bytes left over after the last element of a structure.
    TrailingData {
        /// How many.
        count: usize,
    },
    /// A value that is malformed for its type.
    Invalid {
        /// What is wrong.
        reason: &'static str,
    },
}

/// A DER decoding failure with the absolute byte offset where it occurred.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DerError {
    /// Offset from the start of the outermost structure being decoded.
    pub offset: usize,
    /// What went wrong.
    pub kind: DerErrorKind,
}

impl DerError {
    /// Creates an error at `offset`.
    pub fn new(offset: usize, kind: DerErrorKind) -> Self {
        DerError { offset, kind }
    }
    /// An "invalid value" error at `offset`.
    pub fn invalid(offset: usize, reason: &'static str) -> Self {
        DerError::new(offset, DerErrorKind::Invalid { reason })
    }
}

impl fmt::Display for DerError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.kind {
            DerErrorKind::Truncated { needed, available } => write!(
                f,
                "truncated at byte {}: {needed} bytes needed, {available} available",
                self.offset
            ),
            DerErrorKind::IndefiniteLength => {
                write!(f, "indefinite length (BER) at byte {}", self.offset)
            }
            DerErrorKind::LengthTooLong => {
                write!(f, "length field too long at byte {}", self.offset)
            }
            DerErrorKind::UnexpectedTag { expected, found } => write!(
                f,
                "expected {} at byte {}, found {}",
                tag::name(*expected),
                self.offset,
                tag::name(*found)
            ),
            DerErrorKind::Missing { what } => write!(f, "missing {what} at byte {}", self.offset),
            DerErrorKind::HighTagNumber => {
                write!(f, "high-tag-number form at byte {}", self.offset)
            }
            DerErrorKind::TrailingData { count } => {
                write!(
                    f,
                    "{count} unexpected trailing bytes at byte {}",
                    self.offset
                )
            }
            DerErrorKind::Invalid { reason } => write!(f, "{reason} at byte {}", self.offset),
        }
    }
}

impl std::error::Error for DerError {}

/// A departure from DER that the reader tolerated.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum IssueKind {
    /// A length encoded in more octets than needed (X.690 10.1).
    NonMinimalLength,
    /// A BOOLEAN whose content is neither 0x00 nor 0xFF (X.690 11.1).
    NonCanonicalBoolean,
    /// An INTEGER with redundant leading 0x00 or 0xFF octets (X.690 8.3.2).
    NonMinimalInteger,
    /// An empty INTEGER (X.690 8.3.1 requires at least one octet).
    EmptyInteger,
    /// A BIT STRING whose unused bits are not zero (X.690 11.2.1).
    NonZeroPaddingBits,
    /// A named-bit BIT STRING with trailing zero bits (X.690 11.2.2).
    TrailingZeroBits,
    /// A DEFAULT value encoded explicitly (X.690 11.5).
    DefaultValueEncoded {
        /// The field.
        field: &'static str,
    },
    /// An OID subidentifier with a leading 0x80 octet (X.690 8.19.2).
    NonMinimalOid,
    /// SET OF elements not in ascending order of their encodings (X.690 11.6).
    UnsortedSetOf,
    /// An empty RelativeDistinguishedName (RFC 5280 4.1.2.4: SET SIZE (1..MAX)).
    EmptyRdn,
    /// A `SEQUENCE SIZE (1..MAX) OF` present with no element (e.g.
    /// policyQualifiers, RFC 5280 4.2.1.4); the value is read as if absent.
    EmptySequenceOf {
        /// The field.
        field: &'static str,
    },
}

impl fmt::Display for IssueKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            IssueKind::NonMinimalLength => f.write_str("length encoded in more octets than needed"),
            IssueKind::NonCanonicalBoolean => f.write_str("BOOLEAN TRUE not encoded as 0xFF"),
            IssueKind::NonMinimalInteger => f.write_str("INTEGER not minimally encoded"),
            IssueKind::EmptyInteger => f.write_str("empty INTEGER"),
            IssueKind::NonZeroPaddingBits => f.write_str("BIT STRING with non-zero padding bits"),
            IssueKind::TrailingZeroBits => {
                f.write_str("named-bit BIT STRING with trailing zero bits")
            }
            IssueKind::DefaultValueEncoded { field } => {
                write!(f, "{field} encoded with its DEFAULT value")
            }
            IssueKind::NonMinimalOid => {
                f.write_str("OBJECT IDENTIFIER subidentifier with a leading 0x80 octet")
            }
            IssueKind::UnsortedSetOf => f.write_str("SET OF elements not in DER order"),
            IssueKind::EmptyRdn => f.write_str("empty RelativeDistinguishedName"),
            IssueKind::EmptySequenceOf { field } => {
                write!(f, "{field} is an empty SEQUENCE OF (SIZE (1..MAX))")
            }
        }
    }
}

/// A tolerated DER departure with its location.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Issue {
    /// Absolute byte offset of the offending TLV.
    pub offset: usize,
    /// What was wrong.
    pub kind: IssueKind,
}

/// Collects [`Issue`]s while a structure is decoded.
#[derive(Debug, Default)]
pub struct IssueSink(RefCell<Vec<Issue>>);

impl IssueSink {
    /// Records an issue.
    pub fn push(&self, offset: usize, kind: IssueKind) {
        self.0.borrow_mut().push(Issue { offset, kind });
    }
    /// Takes the collected issues, sorted by offset.
    pub fn into_vec(self) -> Vec<Issue> {
        let mut v = self.0.into_inner();
        v.sort_by_key(|i| i.offset);
        v
    }
}

/// One tag-length-value element.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Tlv<'a> {
    /// The identifier octet.
    pub tag: u8,
    /// Absolute offset of the identifier octet.
    pub offset: usize,
    /// Length of identifier plus length octets.
    pub header_len: usize,
    /// The content octets.
    pub value: &'a [u8],
    /// The whole encoding, identifier through content.
    pub raw: &'a [u8],
}

impl<'a> Tlv<'a> {
    /// Absolute offset of the content octets.
    pub fn value_offset(&self) -> usize {
        self.offset + self.header_len
    }
    /// Whether the constructed bit is set.
    pub fn is_constructed(&self) -> bool {
        self.tag & 0x20 != 0
    }
    /// A reader over the content octets.
    pub fn reader<'s>(&self, sink: &'s IssueSink) -> Reader<'a, 's> {
        Reader::new(self.value, self.value_offset(), sink)
    }
}

/// Reads consecutive TLVs from a byte slice.
#[derive(Clone)]
pub struct Reader<'a, 's> {
    data: &'a [u8],
    pos: usize,
    base: usize,
    sink: &'s IssueSink,
}

impl<'a, 's> Reader<'a, 's> {
    /// A reader over `data`, whose first byte is at absolute offset `base`.
    pub fn new(data: &'a [u8], base: usize, sink: &'s IssueSink) -> Self {
        Reader {
            data,
            pos: 0,
            base,
            sink,
        }
    }

    /// The sink this reader records issues into.
    pub fn sink(&self) -> &'s IssueSink {
        self.sink
    }

    /// Absolute offset of the next byte.
    pub fn offset(&self) -> usize {
        self.base + self.pos
    }

    /// Whether every byte has been read.
    pub fn is_empty(&self) -> bool {
        self.pos >= self.data.len()
    }

    /// The next identifier octet, if any.
    pub fn peek_tag(&self) -> Option<u8> {
        self.data.get(self.pos).copied()
    }

    /// Reads the next TLV, whatever its tag.
    pub fn read(&mut self) -> Result<Tlv<'a>, DerError> {
        let start = self.pos;
        let off = self.base + start;
        let rest = &self.data[start..];
        let Some(&t) = rest.first() else {
            return Err(DerError::new(
                off,
                DerErrorKind::Truncated {
                    needed: 2,
                    available: 0,
                },
            ));
        };
        if t & 0x1f == 0x1f {
            return Err(DerError::new(off, DerErrorKind::HighTagNumber));
        }
        let Some(&l0) = rest.get(1) else {
            return Err(DerError::new(
                off,
                DerErrorKind::Truncated {
                    needed: 2,
                    available: 1,
                },
            ));
        };
        let (len, header_len) = if l0 < 0x80 {
            (l0 as usize, 2)
        } else if l0 == 0x80 {
            return Err(DerError::new(off, DerErrorKind::IndefiniteLength));
        } else {
            let n = (l0 & 0x7f) as usize;
            if n > 4 {
                return Err(DerError::new(off, DerErrorKind::LengthTooLong));
            }
            let Some(bytes) = rest.get(2..2 + n) else {
                return Err(DerError::new(
                    off,
                    DerErrorKind::Truncated {
                        needed: 2 + n,
                        available: rest.len(),
                    },
                ));
            };
            let len = bytes.iter().fold(0usize, |a, &b| (a << 8) | b as usize);
            if bytes[0] == 0 || len < 0x80 {
                self.sink.push(off, IssueKind::NonMinimalLength);
            }
            (len, 2 + n)
        };
        let total = header_len
            .checked_add(len)
            .ok_or(DerError::new(off, DerErrorKind::LengthTooLong))?;
        if total > rest.len() {
            return Err(DerError::new(
                off,
                DerErrorKind::Truncated {
                    needed: total,
                    available: rest.len(),
                },
            ));
        }
        self.pos = start + total;
        Ok(Tlv {
            tag: t,
            offset: off,
            header_len,
            value: &rest[header_len..total],
            raw: &rest[..total],
        })
    }

    /// Reads a TLV that must carry `expected`.
    pub fn read_tag(&mut self, expected: u8) -> Result<Tlv<'a>, DerError> {
        match self.peek_tag() {
            Some(t) if t == expected => self.read(),
            Some(found) => Err(DerError::new(
                self.offset(),
                DerErrorKind::UnexpectedTag { expected, found },
            )),
            None => Err(DerError::new(
                self.offset(),
                DerErrorKind::Missing { what: "element" },
            )),
        }
    }

    /// Reads a required element, naming it if it is absent.
    pub fn read_required(&mut self, expected: u8, what: &'static str) -> Result<Tlv<'a>, DerError> {
        if self.is_empty() {
            return Err(DerError::new(self.offset(), DerErrorKind::Missing { what }));
        }
        self.read_tag(expected)
    }

    /// Reads the next TLV if it carries `expected`.
    pub fn read_optional(&mut self, expected: u8) -> Result<Option<Tlv<'a>>, DerError> {
        if self.peek_tag() == Some(expected) {
            self.read().map(Some)
        } else {
            Ok(None)
        }
    }

    /// Fails if bytes remain.
    pub fn finish(&self) -> Result<(), DerError> {
        if self.is_empty() {
            Ok(())
        } else {
            Err(DerError::new(
                self.offset(),
                DerErrorKind::TrailingData {
                    count: self.data.len() - self.pos,
                },
            ))
        }
    }

    /// Reads every remaining TLV, each with `expected`, through `f`.
    pub fn read_all<T>(
        &mut self,
        expected: u8,
        mut f: impl FnMut(Tlv<'a>) -> Result<T, DerError>,
    ) -> Result<Vec<T>, DerError> {
        let mut out = Vec::new();
        while !self.is_empty() {
            let t = self.read_tag(expected)?;
            out.push(f(t)?);
        }
        Ok(out)
    }
}

/// Reads one identifier and definite length at `pos` without requiring the
/// content to be present: `(tag, content start, content length)`. For
/// sniffing what kind of structure (possibly truncated) bytes hold.
pub fn peek_header(data: &[u8], pos: usize) -> Option<(u8, usize, usize)> {
    let t = *data.get(pos)?;
    let l0 = *data.get(pos + 1)?;
    if l0 < 0x80 {
        return Some((t, pos + 2, l0 as usize));
    }
    let n = (l0 & 0x7f) as usize;
    if n == 0 || n > 4 {
        return None;
    }
    let bytes = data.get(pos + 2..pos + 2 + n)?;
    let len = bytes.iter().fold(0usize, |a, &b| (a << 8) | b as usize);
    Some((t, pos + 2 + n, len))
}

/// Decodes a BOOLEAN's content, recording non-canonical TRUE values.
pub fn boolean(t: &Tlv<'_>, sink: &IssueSink) -> Result<bool, DerError> {
    match t.value {
        [0x00] => Ok(false),
        [0xff] => Ok(true),
        [_] => {
            sink.push(t.offset, IssueKind::NonCanonicalBoolean);
            Ok(true)
        }
        _ => Err(DerError::invalid(t.offset, "BOOLEAN must be one octet")),
    }
}

/// Checks an INTEGER's encoding and returns its content octets.
pub fn integer<'a>(t: &Tlv<'a>, sink: &IssueSink) -> &'a [u8] {
    match t.value {
        [] => sink.push(t.offset, IssueKind::EmptyInteger),
        [0x00, b, ..] if b & 0x80 == 0 => sink.push(t.offset, IssueKind::NonMinimalInteger),
        [0xff, b, ..] if b & 0x80 != 0 => sink.push(t.offset, IssueKind::NonMinimalInteger),
        _ => {}
    }
    t.value
}

/// Decodes a small non-negative INTEGER (up to 63 bits).
pub fn small_uint(t: &Tlv<'_>, sink: &IssueSink) -> Result<u64, DerError> {
    let v = integer(t, sink);
    if v.first().is_some_and(|b| b & 0x80 != 0) {
        return Err(DerError::invalid(
            t.offset,
            "negative INTEGER where a non-negative one is required",
        ));
    }
    let v = match v {
        [0, rest @ ..] => rest,
        v => v,
    };
    if v.len() > 8 {
        return Err(DerError::invalid(t.offset, "INTEGER too large"));
    }
    Ok(v.iter().fold(0u64, |a, &b| (a << 8) | b as u64))
}

/// A BIT STRING: unused-bit count and the octets.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BitString<'a> {
    /// Number of unused bits in the last octet (0..=7).
    pub unused: u8,
    /// The octets, including the padding bits of the last.
    pub bytes: &'a [u8],
}

impl BitString<'_> {
    /// Whether bit `n` (0 = most significant bit of the first octet) is set.
    pub fn bit(&self, n: usize) -> bool {
        let (byte, bit) = (n / 8, 7 - (n % 8));
        let len_bits = self.bytes.len() * 8 - self.unused as usize;
        n < len_bits && self.bytes.get(byte).is_some_and(|b| b & (1 << bit) != 0)
    }
}

/// Decodes a BIT STRING, recording non-zero padding bits.
pub fn bit_string<'a>(t: &Tlv<'a>, sink: &IssueSink) -> Result<BitString<'a>, DerError> {
    let Some((&unused, bytes)) = t.value.split_first() else {
        return Err(DerError::invalid(
            t.offset,
            "BIT STRING without unused-bits octet",
        ));
    };
    if unused > 7 || (bytes.is_empty() && unused != 0) {
        return Err(DerError::invalid(
            t.offset,
            "BIT STRING unused-bits count out of range",
        ));
    }
    if bytes
        .last()
        .is_some_and(|last| last & ((1u16 << unused) - 1) as u8 != 0)
    {
        sink.push(t.offset, IssueKind::NonZeroPaddingBits);
    }
    Ok(BitString { unused, bytes })
}

/// Decodes a named-bit-list BIT STRING (KeyUsage, ReasonFlags), recording
/// trailing zero bits, which DER removes (X.690 11.2.2).
pub fn named_bit_string<'a>(t: &Tlv<'a>, sink: &IssueSink) -> Result<BitString<'a>, DerError> {
    let bits = bit_string(t, sink)?;
    let trailing_zero = match bits.bytes.last() {
        Some(0) => true,
        Some(&last) => bits.unused < 7 && last & (1 << bits.unused) == 0,
        None => false,
    };
    if trailing_zero {
        sink.push(t.offset, IssueKind::TrailingZeroBits);
    }
    Ok(bits)
}

/// Checks an OBJECT IDENTIFIER's content octets.
pub fn oid<'a>(t: &Tlv<'a>, sink: &IssueSink) -> Result<crate::Oid<'a>, DerError> {
    let v = t.value;
    if v.is_empty() {
        return Err(DerError::invalid(t.offset, "empty OBJECT IDENTIFIER"));
    }
    if v.last().is_some_and(|b| b & 0x80 != 0) {
        return Err(DerError::invalid(
            t.offset,
            "OBJECT IDENTIFIER ends inside a subidentifier",
        ));
    }
    let mut at_start = true;
    for &b in v {
        if at_start && b == 0x80 {
            sink.push(t.offset, IssueKind::NonMinimalOid);
        }
        at_start = b & 0x80 == 0;
    }
    Ok(crate::Oid::new(v))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_short_and_long_lengths() {
        let sink = IssueSink::default();
        let mut data = vec![0x04, 0x81, 0x80];
        data.extend(std::iter::repeat_n(0u8, 0x80));
        let mut r = Reader::new(&data, 0, &sink);
        let t = r.read().expect("valid");
        assert_eq!(t.value.len(), 0x80);
        assert!(r.is_empty());
        assert!(sink.into_vec().is_empty());
    }

    #[test]
    fn records_non_minimal_length() {
        let sink = IssueSink::default();
        let data = [0x04, 0x81, 0x01, 0xaa];
        let mut r = Reader::new(&data, 10, &sink);
        let t = r.read().expect("readable");
        assert_eq!(t.value, &[0xaa]);
        assert_eq!(
            sink.into_vec(),
            vec![Issue {
                offset: 10,
                kind: IssueKind::NonMinimalLength
            }]
        );
    }

    #[test]
    fn rejects_truncation_and_indefinite() {
        let sink = IssueSink::default();
        let e = Reader::new(&[0x30, 0x05, 0x01], 0, &sink)
            .read()
            .unwrap_err();
        assert!(matches!(
            e.kind,
            DerErrorKind::Truncated {
                needed: 7,
                available: 3
            }
        ));
        let e = Reader::new(&[0x30, 0x80, 0, 0], 0, &sink)
            .read()
            .unwrap_err();
        assert_eq!(e.kind, DerErrorKind::IndefiniteLength);
        let e = Reader::new(&[0x30, 0x89, 1, 1, 1, 1, 1, 1, 1, 1, 1], 0, &sink)
            .read()
            .unwrap_err();
        assert_eq!(e.kind, DerErrorKind::LengthTooLong);
    }

    #[test]
    fn bit_string_bits() {
        let sink = IssueSink::default();
        let data = [0x03, 0x02, 0x01, 0x06];
        let t = Reader::new(&data, 0, &sink).read().expect("valid");
        let b = bit_string(&t, &sink).expect("valid");
        assert!(!b.bit(0) && b.bit(5) && b.bit(6) && !b.bit(7));
        assert!(sink.into_vec().is_empty());
    }

    /// X.690 11.2.2: a named bit list ends on its last set bit.
    #[test]
    fn named_bit_string_trailing_zeros() {
        let issues = |data: &[u8]| {
            let sink = IssueSink::default();
            let t = Reader::new(data, 0, &sink).read().expect("valid");
            named_bit_string(&t, &sink).expect("valid");
            sink.into_vec()
                .into_iter()
                .map(|i| i.kind)
                .collect::<Vec<_>>()
        };
        // Minimal: bit 0 set, seven unused bits; bits 5 and 6; no bit at all.
        assert!(issues(&[0x03, 0x02, 0x07, 0x80]).is_empty());
        assert!(issues(&[0x03, 0x02, 0x01, 0x06]).is_empty());
        assert!(issues(&[0x03, 0x01, 0x00]).is_empty());
        // The same bit 0 with its trailing zeros kept, or a whole zero octet.
        assert_eq!(
            issues(&[0x03, 0x02, 0x00, 0x80]),
            [IssueKind::TrailingZeroBits]
        );
        assert_eq!(
            issues(&[0x03, 0x03, 0x07, 0x80, 0x00]),
            [IssueKind::TrailingZeroBits]
        );
    }
}
