//! GeneralName (RFC 5280 4.2.1.6).
//!
//! ```asn1
//! GeneralName ::= CHOICE {
//!      otherName                 [0]  OtherName,
//!      rfc822Name                [1]  IA5String,
//!      dNSName                   [2]  IA5String,
//!      x400Address               [3]  ORAddress,
//!      directoryName             [4]  Name,
//!      ediPartyName              [5]  EDIPartyName,
//!      uniformResourceIdentifier [6]  IA5String,
//!      iPAddress                 [7]  OCTET STRING,
//!      registeredID              [8]  OBJECT IDENTIFIER }
//! OtherName ::= SEQUENCE { type-id OBJECT IDENTIFIER, value [0] EXPLICIT ANY DEFINED BY type-id }
//! ```

use crate::Oid;
use crate::der::{self, DerError, IssueSink, Reader, Tlv, tag};
use crate::name::Name;

/// One GeneralName.
#[derive(Clone, Debug)]
pub enum GeneralName<'a> {
    /// `[0] OtherName`: the type and the value inside the `[0] EXPLICIT`.
    OtherName {
        /// type-id
        type_id: Oid<'a>,
        /// The value element (inside the explicit tag).
        value: Tlv<'a>,
    },
    /// `[1] rfc822Name`, raw IA5 octets.
    Rfc822(&'a [u8]),
    /// `[2] dNSName`, raw IA5 octets.
    Dns(&'a [u8]),
    /// `[3] x400Address`, raw.
    X400(&'a [u8]),
    /// `[4] directoryName`.
    DirectoryName(Name<'a>),
    /// `[5] ediPartyName`, raw.
    EdiParty(&'a [u8]),
    /// `[6] uniformResourceIdentifier`, raw IA5 octets.
    Uri(&'a [u8]),
    /// `[7] iPAddress`: 4 or 16 octets (8 or 32 in name constraints).
    Ip(&'a [u8]),
    /// `[8] registeredID`.
    RegisteredId(Oid<'a>),
}

impl GeneralName<'_> {
    /// The ASN.1 name of this choice, for messages and locations.
    pub fn kind(&self) -> &'static str {
        match self {
            GeneralName::OtherName { .. } => "otherName",
            GeneralName::Rfc822(_) => "rfc822Name",
            GeneralName::Dns(_) => "dNSName",
            GeneralName::X400(_) => "x400Address",
            GeneralName::DirectoryName(_) => "directoryName",
            GeneralName::EdiParty(_) => "ediPartyName",
            GeneralName::Uri(_) => "uniformResourceIdentifier",
            GeneralName::Ip(_) => "iPAddress",
            GeneralName::RegisteredId(_) => "registeredID",
        }
    }
}

/// Decodes one GeneralName.
pub fn parse<'a>(t: Tlv<'a>, sink: &IssueSink) -> Result<GeneralName<'a>, DerError> {
    Ok(match t.tag {
        0xa0 => {
            let mut r = t.reader(sink);
            let type_id = der::oid(&r.read_required(tag::OID, "otherName type-id")?, sink)?;
            let wrapper = r.read_required(0xa0, "otherName value")?;
            r.finish()?;
            let mut wr = wrapper.reader(sink);
            let value = wr.read()?;
            wr.finish()?;
            GeneralName::OtherName { type_id, value }
        }
        0x81 => GeneralName::Rfc822(t.value),
        0x82 => GeneralName::Dns(t.value),
        0xa3 => GeneralName::X400(t.value),
        0xa4 => {
            let mut r = t.reader(sink);
            let inner = r.read_required(tag::SEQUENCE, "directoryName")?;
            r.finish()?;
            GeneralName::DirectoryName(Name::parse(inner, sink)?)
        }
        0xa5 => GeneralName::EdiParty(t.value),
        0x86 => GeneralName::Uri(t.value),
        0x87 => GeneralName::Ip(t.value),
        0x88 => GeneralName::RegisteredId(der::oid(&t, sink)?),
        _ => return Err(DerError::invalid(t.offset, "unknown GeneralName choice")),
    })
}

/// Decodes `GeneralNames ::= SEQUENCE SIZE (1..MAX) OF GeneralName` content.
pub fn parse_seq<'a>(r: &mut Reader<'a, '_>) -> Result<Vec<GeneralName<'a>>, DerError> {
    let sink = r.sink();
    let mut out = Vec::new();
    while !r.is_empty() {
        out.push(parse(r.read()?, sink)?);
    }
    Ok(out)
}
