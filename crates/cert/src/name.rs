//! Distinguished names (RFC 5280 4.1.2.4) and directory strings.
//!
//! ```asn1
//! Name ::= CHOICE { rdnSequence RDNSequence }
//! RDNSequence ::= SEQUENCE OF RelativeDistinguishedName
//! RelativeDistinguishedName ::= SET SIZE (1..MAX) OF AttributeTypeAndValue
//! AttributeTypeAndValue ::= SEQUENCE { type AttributeType, value AttributeValue }
//! ```

use std::borrow::Cow;

use crate::Oid;
use crate::der::{self, DerError, IssueKind, IssueSink, Reader, Tlv, tag};

/// A decoded Name. The exact encoding is kept for byte-wise comparison.
#[derive(Clone, Debug)]
pub struct Name<'a> {
    /// The whole Name TLV.
    pub raw: &'a [u8],
    /// The relative distinguished names, in encoded order.
    pub rdns: Vec<Rdn<'a>>,
}

/// One RelativeDistinguishedName.
#[derive(Clone, Debug)]
pub struct Rdn<'a> {
    /// The SET TLV.
    pub raw: &'a [u8],
    /// Its attributes (usually one).
    pub attrs: Vec<Attribute<'a>>,
}

/// One AttributeTypeAndValue.
#[derive(Clone, Copy, Debug)]
pub struct Attribute<'a> {
    /// The attribute type.
    pub oid: Oid<'a>,
    /// The value as encoded (any ASN.1 type).
    pub value: Tlv<'a>,
}

impl<'a> Attribute<'a> {
    /// The value as text, when it is a string type that decodes.
    pub fn text(&self) -> Option<Cow<'a, str>> {
        decode_string(&self.value).ok()
    }
}

impl<'a> Name<'a> {
    /// Decodes a Name from its TLV.
    pub fn parse(t: Tlv<'a>, sink: &IssueSink) -> Result<Name<'a>, DerError> {
        if t.tag != tag::SEQUENCE {
            return Err(DerError::new(
                t.offset,
                der::DerErrorKind::UnexpectedTag {
                    expected: tag::SEQUENCE,
                    found: t.tag,
                },
            ));
        }
        let mut r = t.reader(sink);
        let rdns = r.read_all(tag::SET, |set| {
            let mut sr = set.reader(sink);
            let mut prev: Option<&[u8]> = None;
            let attrs = sr.read_all(tag::SEQUENCE, |atv| {
                if prev.is_some_and(|p| p > atv.raw) {
                    sink.push(atv.offset, IssueKind::UnsortedSetOf);
                }
                prev = Some(atv.raw);
                let mut ar = atv.reader(sink);
                let oid = der::oid(&ar.read_required(tag::OID, "attribute type")?, sink)?;
                let value = ar.read().map_err(|e| {
                    DerError::new(
                        e.offset,
                        der::DerErrorKind::Missing {
                            what: "attribute value",
                        },
                    )
                })?;
                ar.finish()?;
                Ok(Attribute { oid, value })
            })?;
            if attrs.is_empty() {
                // RelativeDistinguishedName is SET SIZE (1..MAX); an empty one
                // is reported by the linter, and the rest of the name is kept.
                sink.push(set.offset, IssueKind::EmptyRdn);
            }
            Ok(Rdn {
                raw: set.raw,
                attrs,
            })
        })?;
        Ok(Name { raw: t.raw, rdns })
    }

    /// Whether the name has no RDNs.
    pub fn is_empty(&self) -> bool {
        self.rdns.is_empty()
    }

    /// Every attribute, in order.
    pub fn attributes(&self) -> impl Iterator<Item = &Attribute<'a>> {
        self.rdns.iter().flat_map(|r| r.attrs.iter())
    }

    /// Attributes of one type.
    pub fn find(&self, oid: Oid<'_>) -> impl Iterator<Item = &Attribute<'a>> {
        self.attributes().filter(move |a| a.oid == oid)
    }

    /// The first attribute of a type, as text.
    pub fn first_text(&self, oid: Oid<'_>) -> Option<Cow<'a, str>> {
        self.find(oid).next().and_then(|a| a.text())
    }

    /// Whether an attribute of this type is present.
    pub fn has(&self, oid: Oid<'_>) -> bool {
        self.find(oid).next().is_some()
    }
}

impl std::fmt::Display for Name<'_> {
    /// RFC 4514-style, most significant RDN first as encoded (like OpenSSL's
    /// `-nameopt RFC2253` but in encoded order, which is what people compare
    /// with CCADB and crt.sh).
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut first = true;
        for rdn in &self.rdns {
            for (i, a) in rdn.attrs.iter().enumerate() {
                if !first {
                    f.write_str(if i > 0 { "+" } else { ", " })?;
                }
                first = false;
                match a.oid.short_name() {
                    Some(n) => f.write_str(n)?,
                    None => write!(f, "{}", a.oid)?,
                }
                f.write_str("=")?;
                match a.text() {
                    Some(t) => {
                        for c in t.chars() {
                            if matches!(c, ',' | '+' | '"' | '\\' | '<' | '>' | ';') {
                                write!(f, "\\{c}")?;
                            } else if c.is_control() {
                                write!(f, "\\{:02X}", c as u32)?;
                            } else {
                                write!(f, "{c}")?;
                            }
                        }
                    }
                    None => {
                        f.write_str("#")?;
                        for b in a.value.raw {
                            write!(f, "{b:02x}")?;
                        }
                    }
                }
            }
        }
        Ok(())
    }
}

/// Why a string value could not be decoded.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum StringError {
    /// Not a string type.
    NotAString,
    /// Bytes invalid for the declared type.
    InvalidForType {
        /// The ASN.1 tag.
        tag: u8,
    },
}

/// Whether a byte is in the PrintableString alphabet (X.680 41.4).
pub fn is_printable_char(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b" '()+,-./:=?".contains(&b)
}

/// Decodes any ASN.1 character string into text.
///
/// TeletexString is read as ISO 8859-1, which is what certificates in the
/// wild mean by it; the strictness rules flag its use separately.
pub fn decode_string<'a>(t: &Tlv<'a>) -> Result<Cow<'a, str>, StringError> {
    let v = t.value;
    let invalid = StringError::InvalidForType { tag: t.tag };
    match t.tag {
        tag::UTF8_STRING => std::str::from_utf8(v)
            .map(Cow::Borrowed)
            .map_err(|_| invalid),
        tag::PRINTABLE_STRING => {
            if v.iter().all(|&b| is_printable_char(b)) {
                std::str::from_utf8(v)
                    .map(Cow::Borrowed)
                    .map_err(|_| invalid)
            } else {
                Err(invalid)
            }
        }
        tag::IA5_STRING | tag::VISIBLE_STRING | tag::NUMERIC_STRING => {
            if v.is_ascii() {
                std::str::from_utf8(v)
                    .map(Cow::Borrowed)
                    .map_err(|_| invalid)
            } else {
                Err(invalid)
            }
        }
        tag::TELETEX_STRING => Ok(Cow::Owned(v.iter().map(|&b| b as char).collect())),
        tag::BMP_STRING => {
            if !v.len().is_multiple_of(2) {
                return Err(invalid);
            }
            let units = v.chunks_exact(2).map(|c| u16::from_be_bytes([c[0], c[1]]));
            char::decode_utf16(units)
                .collect::<Result<String, _>>()
                .map(Cow::Owned)
                .map_err(|_| invalid)
        }
        tag::UNIVERSAL_STRING => {
            if !v.len().is_multiple_of(4) {
                return Err(invalid);
            }
            v.chunks_exact(4)
                .map(|c| char::from_u32(u32::from_be_bytes([c[0], c[1], c[2], c[3]])))
                .collect::<Option<String>>()
                .map(Cow::Owned)
                .ok_or(invalid)
        }
        _ => Err(StringError::NotAString),
    }
}

/// Reads a Name from a reader (helper for callers holding a reader).
pub fn read_name<'a>(r: &mut Reader<'a, '_>, what: &'static str) -> Result<Name<'a>, DerError> {
    let sink = r.sink();
    let t = r.read_required(tag::SEQUENCE, what)?;
    Name::parse(t, sink)
}
