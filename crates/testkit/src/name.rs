//! Distinguished names (`Name` = SEQUENCE OF RelativeDistinguishedName).

use crate::der::{self, StringKind};

/// commonName.
pub const CN: &str = "2.5.4.3";
/// surname.
pub const SURNAME: &str = "2.5.4.4";
/// serialNumber.
pub const SERIAL_NUMBER: &str = "2.5.4.5";
/// countryName.
pub const C: &str = "2.5.4.6";
/// localityName.
pub const L: &str = "2.5.4.7";
/// stateOrProvinceName.
pub const ST: &str = "2.5.4.8";
/// streetAddress.
pub const STREET: &str = "2.5.4.9";
/// organizationName.
pub const O: &str = "2.5.4.10";
/// organizationalUnitName.
pub const OU: &str = "2.5.4.11";
/// title.
pub const TITLE: &str = "2.5.4.12";
/// postalCode.
pub const POSTAL_CODE: &str = "2.5.4.17";
/// givenName.
pub const GIVEN_NAME: &str = "2.5.4.42";
/// pseudonym.
pub const PSEUDONYM: &str = "2.5.4.65";
/// organizationIdentifier.
pub const ORG_ID: &str = "2.5.4.97";
/// emailAddress (PKCS #9), an IA5String.
pub const EMAIL: &str = "1.2.840.113549.1.9.1";
/// domainComponent, an IA5String.
pub const DC: &str = "0.9.2342.19200300.100.1.25";

/// One attribute: `oid` and the complete DER of its value.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Attribute {
    /// Attribute type in dotted form.
    pub oid: String,
    /// The complete DER TLV of the attribute value.
    pub value: Vec<u8>,
}

impl Attribute {
    /// An attribute with a string value of the given kind.
    pub fn new(oid: &str, kind: StringKind, value: &str) -> Attribute {
        Attribute {
            oid: oid.to_owned(),
            value: der::string(kind, value),
        }
    }

    /// An attribute with an arbitrary value TLV.
    pub fn raw(oid: &str, value_der: Vec<u8>) -> Attribute {
        Attribute {
            oid: oid.to_owned(),
            value: value_der,
        }
    }

    /// `AttributeTypeAndValue` DER.
    pub fn to_der(&self) -> Vec<u8> {
        der::seq(&[&der::oid(&self.oid), &self.value])
    }
}

/// A Name builder. Each call adds one RDN at the end (in encoding order).
///
/// Default string kinds: countryName and serialNumber are PrintableString,
/// emailAddress and domainComponent are IA5String, everything else UTF8String.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct Name {
    rdns: Vec<Rdn>,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Rdn {
    /// Attributes that are sorted into DER SET OF order when encoded.
    Sorted(Vec<Attribute>),
    /// A complete RDN SET TLV, written as-is.
    Raw(Vec<u8>),
}

impl Name {
    /// The empty name (encodes as `30 00`).
    pub fn new() -> Name {
        Name::default()
    }

    /// Adds a single-valued RDN with a string of the given kind.
    pub fn attr(mut self, oid: &str, kind: StringKind, value: &str) -> Name {
        self.rdns
            .push(Rdn::Sorted(vec![Attribute::new(oid, kind, value)]));
        self
    }

    /// Adds a single-valued RDN with an arbitrary value TLV.
    pub fn attr_raw(mut self, oid: &str, value_der: Vec<u8>) -> Name {
        self.rdns
            .push(Rdn::Sorted(vec![Attribute::raw(oid, value_der)]));
        self
    }

    /// Adds a multi-valued RDN; the attributes are sorted into DER order.
    pub fn multi_valued_rdn(mut self, attrs: &[(&str, StringKind, &str)]) -> Name {
        self.rdns.push(Rdn::Sorted(
            attrs
                .iter()
                .map(|(oid, kind, value)| Attribute::new(oid, *kind, value))
                .collect(),
        ));
        self
    }

    /// Adds an RDN given as a complete SET TLV (e.g. empty, unsorted or with a
    /// wrong tag), written as-is.
    pub fn rdn_raw(mut self, rdn_der: Vec<u8>) -> Name {
        self.rdns.push(Rdn::Raw(rdn_der));
        self
    }

    /// countryName (PrintableString).
    pub fn c(self, v: &str) -> Name {
        self.attr(C, StringKind::Printable, v)
    }
    /// organizationName.
    pub fn o(self, v: &str) -> Name {
        self.attr(O, StringKind::Utf8, v)
    }
    /// organizationalUnitName.
    pub fn ou(self, v: &str) -> Name {
        self.attr(OU, StringKind::Utf8, v)
    }
    /// commonName.
    pub fn cn(self, v: &str) -> Name {
        self.attr(CN, StringKind::Utf8, v)
    }
    /// localityName.
    pub fn l(self, v: &str) -> Name {
        self.attr(L, StringKind::Utf8, v)
    }
    /// stateOrProvinceName.
    pub fn st(self, v: &str) -> Name {
        self.attr(ST, StringKind::Utf8, v)
    }
    /// streetAddress.
    pub fn street(self, v: &str) -> Name {
        self.attr(STREET, StringKind::Utf8, v)
    }
    /// postalCode.
    pub fn postal_code(self, v: &str) -> Name {
        self.attr(POSTAL_CODE, StringKind::Utf8, v)
    }
    /// serialNumber (PrintableString).
    pub fn serial_number(self, v: &str) -> Name {
        self.attr(SERIAL_NUMBER, StringKind::Printable, v)
    }
    /// givenName.
    pub fn given_name(self, v: &str) -> Name {
        self.attr(GIVEN_NAME, StringKind::Utf8, v)
    }
    /// surname.
    pub fn surname(self, v: &str) -> Name {
        self.attr(SURNAME, StringKind::Utf8, v)
    }
    /// pseudonym.
    pub fn pseudonym(self, v: &str) -> Name {
        self.attr(PSEUDONYM, StringKind::Utf8, v)
    }
    /// title.
    pub fn title(self, v: &str) -> Name {
        self.attr(TITLE, StringKind::Utf8, v)
    }
    /// organizationIdentifier.
    pub fn org_id(self, v: &str) -> Name {
        self.attr(ORG_ID, StringKind::Utf8, v)
    }
    /// emailAddress (IA5String).
    pub fn email(self, v: &str) -> Name {
        self.attr(EMAIL, StringKind::Ia5, v)
    }
    /// domainComponent (IA5String).
    pub fn dc(self, v: &str) -> Name {
        self.attr(DC, StringKind::Ia5, v)
    }

    /// Whether the name has no RDNs.
    pub fn is_empty(&self) -> bool {
        self.rdns.is_empty()
    }

    /// Number of RDNs.
    pub fn len(&self) -> usize {
        self.rdns.len()
    }

    /// The Name DER.
    pub fn to_der(&self) -> Vec<u8> {
        der::seq_vec(
            self.rdns
                .iter()
                .map(|rdn| match rdn {
                    Rdn::Sorted(attrs) => {
                        der::set_sorted(attrs.iter().map(Attribute::to_der).collect())
                    }
                    Rdn::Raw(bytes) => bytes.clone(),
                })
                .collect(),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_and_simple() {
        assert_eq!(Name::new().to_der(), [0x30, 0x00]);
        assert_eq!(
            der::to_hex(&Name::new().c("JP").to_der()),
            "300d310b3009060355040613024a50"
        );
    }
}
