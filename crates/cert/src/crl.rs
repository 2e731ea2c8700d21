//! Certificate revocation lists (RFC 5280 section 5), decoded lazily.
//!
//! ```asn1
//! CertificateList  ::=  SEQUENCE  {
//!      tbsCertList          TBSCertList,
//!      signatureAlgorithm   AlgorithmIdentifier,
//!      signatureValue       BIT STRING  }
//!
//! TBSCertList  ::=  SEQUENCE  {
//!      version                 Version OPTIONAL, -- if present, MUST be v2
//!      signature               AlgorithmIdentifier,
//!      issuer                  Name,
//!      thisUpdate              Time,
//!      nextUpdate              Time OPTIONAL,
//!      revokedCertificates     SEQUENCE OF SEQUENCE  {
//!           userCertificate         CertificateSerialNumber,
//!           revocationDate          Time,
//!           crlEntryExtensions      Extensions OPTIONAL } OPTIONAL,
//!      crlExtensions           [0]  EXPLICIT Extensions OPTIONAL }
//! ```
//!
//! A CRL can hold millions of entries, so [`Crl::parse`] only checks the
//! outer structure and keeps the `revokedCertificates` element as bytes;
//! [`Crl::entries`] decodes one entry at a time. Every length is checked
//! against the input before it is trusted, so a header claiming far more
//! data than there is yields a [`DerErrorKind::Truncated`] error and no
//! allocation in proportion to the claim.

use crate::certificate::{AlgorithmIdentifier, DecodeError};
use crate::der::{
    self, BitString, DerError, DerErrorKind, Issue, IssueKind, IssueSink, Reader, Tlv, tag,
};
use crate::ext::{self, DistributionPoint, ExtValue, Extension};
use crate::general_name::{self, GeneralName};
use crate::name::Name;
use crate::time::{self, TimeField};
use crate::{Oid, oids};

/// cRLNumber (2.5.29.20).
pub const CRL_NUMBER: Oid<'static> = Oid::new(&[0x55, 0x1d, 0x14]);
/// reasonCode (2.5.29.21).
pub const REASON_CODE: Oid<'static> = Oid::new(&[0x55, 0x1d, 0x15]);
/// invalidityDate (2.5.29.24).
pub const INVALIDITY_DATE: Oid<'static> = Oid::new(&[0x55, 0x1d, 0x18]);
/// deltaCRLIndicator (2.5.29.27).
pub const DELTA_CRL_INDICATOR: Oid<'static> = Oid::new(&[0x55, 0x1d, 0x1b]);
/// issuingDistributionPoint (2.5.29.28).
pub const ISSUING_DISTRIBUTION_POINT: Oid<'static> = Oid::new(&[0x55, 0x1d, 0x1c]);
/// certificateIssuer (2.5.29.29).
pub const CERTIFICATE_ISSUER: Oid<'static> = Oid::new(&[0x55, 0x1d, 0x1d]);

/// The ASN.1 name of a CRL or CRL entry extension OID, falling back to the
/// certificate extension names.
pub fn ext_name(oid: Oid<'_>) -> String {
    match oid {
        CRL_NUMBER => "cRLNumber".into(),
        REASON_CODE => "reasonCode".into(),
        INVALIDITY_DATE => "invalidityDate".into(),
        DELTA_CRL_INDICATOR => "deltaCRLIndicator".into(),
        ISSUING_DISTRIBUTION_POINT => "issuingDistributionPoint".into(),
        CERTIFICATE_ISSUER => "certificateIssuer".into(),
        // id-ce-expiredCertsOnCRL (X.509), seen in real CRLs.
        o if o.as_bytes() == [0x55, 0x1d, 0x3c] => "expiredCertsOnCRL".into(),
        o => o
            .name()
            .map(str::to_string)
            .unwrap_or_else(|| o.to_string()),
    }
}

/// CRLReason (RFC 5280 5.3.1).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reason {
    /// unspecified (0)
    Unspecified,
    /// keyCompromise (1)
    KeyCompromise,
    /// cACompromise (2)
    CaCompromise,
    /// affiliationChanged (3)
    AffiliationChanged,
    /// superseded (4)
    Superseded,
    /// cessationOfOperation (5)
    CessationOfOperation,
    /// certificateHold (6)
    CertificateHold,
    /// removeFromCRL (8)
    RemoveFromCrl,
    /// privilegeWithdrawn (9)
    PrivilegeWithdrawn,
    /// aACompromise (10)
    AaCompromise,
    /// A value CRLReason does not define (7 or above 10).
    Other(u64),
}

impl Reason {
    /// The reason for an ENUMERATED value.
    pub fn from_value(v: u64) -> Reason {
        match v {
            0 => Reason::Unspecified,
            1 => Reason::KeyCompromise,
            2 => Reason::CaCompromise,
            3 => Reason::AffiliationChanged,
            4 => Reason::Superseded,
            5 => Reason::CessationOfOperation,
            6 => Reason::CertificateHold,
            8 => Reason::RemoveFromCrl,
            9 => Reason::PrivilegeWithdrawn,
            10 => Reason::AaCompromise,
            n => Reason::Other(n),
        }
    }
    /// The ENUMERATED value.
    pub fn value(self) -> u64 {
        match self {
            Reason::Unspecified => 0,
            Reason::KeyCompromise => 1,
            Reason::CaCompromise => 2,
            Reason::AffiliationChanged => 3,
            Reason::Superseded => 4,
            Reason::CessationOfOperation => 5,
            Reason::CertificateHold => 6,
            Reason::RemoveFromCrl => 8,
            Reason::PrivilegeWithdrawn => 9,
            Reason::AaCompromise => 10,
            Reason::Other(n) => n,
        }
    }
    /// The ASN.1 name, e.g. `keyCompromise (1)`.
    pub fn describe(self) -> String {
        let n = match self {
            Reason::Unspecified => "unspecified",
            Reason::KeyCompromise => "keyCompromise",
            Reason::CaCompromise => "cACompromise",
            Reason::AffiliationChanged => "affiliationChanged",
            Reason::Superseded => "superseded",
            Reason::CessationOfOperation => "cessationOfOperation",
            Reason::CertificateHold => "certificateHold",
            Reason::RemoveFromCrl => "removeFromCRL",
            Reason::PrivilegeWithdrawn => "privilegeWithdrawn",
            Reason::AaCompromise => "aACompromise",
            Reason::Other(_) => "undefined value",
        };
        format!("{n} ({})", self.value())
    }
}

/// IssuingDistributionPoint (RFC 5280 5.2.5).
///
/// ```asn1
/// IssuingDistributionPoint ::= SEQUENCE {
///      distributionPoint          [0] DistributionPointName OPTIONAL,
///      onlyContainsUserCerts      [1] BOOLEAN DEFAULT FALSE,
///      onlyContainsCACerts        [2] BOOLEAN DEFAULT FALSE,
///      onlySomeReasons            [3] ReasonFlags OPTIONAL,
///      indirectCRL                [4] BOOLEAN DEFAULT FALSE,
///      onlyContainsAttributeCerts [5] BOOLEAN DEFAULT FALSE }
/// ```
#[derive(Clone, Debug, Default)]
pub struct IssuingDistributionPoint<'a> {
    /// distributionPoint fullName.
    pub full_name: Option<Vec<GeneralName<'a>>>,
    /// distributionPoint nameRelativeToCRLIssuer, raw.
    pub relative_name: Option<&'a [u8]>,
    /// onlyContainsUserCerts
    pub only_user_certs: bool,
    /// onlyContainsCACerts
    pub only_ca_certs: bool,
    /// onlySomeReasons
    pub only_some_reasons: Option<BitString<'a>>,
    /// indirectCRL
    pub indirect_crl: bool,
    /// onlyContainsAttributeCerts
    pub only_attribute_certs: bool,
    /// Whether the SEQUENCE is empty (RFC 5280 5.2.5 forbids it).
    pub is_empty: bool,
}

/// Typed views of CRL and CRL entry extensions (RFC 5280 5.2 and 5.3).
#[derive(Clone, Debug)]
#[non_exhaustive]
pub enum CrlExtValue<'a> {
    /// cRLNumber: INTEGER content octets.
    CrlNumber(&'a [u8]),
    /// deltaCRLIndicator: BaseCRLNumber INTEGER content octets.
    DeltaCrlIndicator(&'a [u8]),
    /// issuingDistributionPoint.
    IssuingDistributionPoint(IssuingDistributionPoint<'a>),
    /// reasonCode.
    ReasonCode(Reason),
    /// invalidityDate.
    InvalidityDate(TimeField<'a>),
    /// certificateIssuer.
    CertificateIssuer(Vec<GeneralName<'a>>),
    /// Any other extension; its certificate-extension view (authorityKeyIdentifier,
    /// freshestCRL, ...) is in [`Extension::parsed`].
    Other,
}

/// A CRL or CRL entry extension: the generic decoding plus the CRL-specific one.
#[derive(Clone, Debug)]
pub struct CrlExtension<'a> {
    /// The extension, with the certificate-extension view in `parsed`.
    pub ext: Extension<'a>,
    /// The CRL-specific view, or why the value did not decode.
    pub value: Result<CrlExtValue<'a>, DerError>,
}

impl<'a> CrlExtension<'a> {
    /// The decoding error of whichever view applies, if the value did not decode.
    pub fn decode_error(&self) -> Option<&DerError> {
        match (&self.value, &self.ext.parsed) {
            (Err(e), _) => Some(e),
            (Ok(CrlExtValue::Other), Err(e)) => Some(e),
            _ => None,
        }
    }
}

/// One revokedCertificates entry.
#[derive(Clone, Debug)]
pub struct RevokedEntry<'a> {
    /// The entry SEQUENCE.
    pub raw: &'a [u8],
    /// Absolute offset of the entry.
    pub offset: usize,
    /// Position in revokedCertificates (0-based).
    pub index: usize,
    /// userCertificate: serial number content octets (two's complement).
    pub serial: &'a [u8],
    /// revocationDate
    pub revocation_date: TimeField<'a>,
    /// crlEntryExtensions: `None` when absent, `Some(vec![])` when an empty SEQUENCE.
    pub extensions: Option<Vec<CrlExtension<'a>>>,
    /// Departures from DER tolerated inside this entry.
    pub der_issues: Vec<Issue>,
}

impl<'a> RevokedEntry<'a> {
    /// All entry extensions (empty when absent).
    pub fn extensions(&self) -> &[CrlExtension<'a>] {
        self.extensions.as_deref().unwrap_or(&[])
    }
    /// The first entry extension with this OID.
    pub fn extension(&self, oid: Oid<'_>) -> Option<&CrlExtension<'a>> {
        self.extensions().iter().find(|e| e.ext.oid == oid)
    }
    /// reasonCode, when present and decodable.
    pub fn reason(&self) -> Option<Reason> {
        match self.extension(REASON_CODE).map(|e| &e.value) {
            Some(Ok(CrlExtValue::ReasonCode(r))) => Some(*r),
            _ => None,
        }
    }
    /// certificateIssuer, when present and decodable.
    pub fn certificate_issuer(&self) -> Option<&[GeneralName<'a>]> {
        match self.extension(CERTIFICATE_ISSUER).map(|e| &e.value) {
            Some(Ok(CrlExtValue::CertificateIssuer(v))) => Some(v),
            _ => None,
        }
    }
    /// Serial number as uppercase hex of its content octets.
    pub fn serial_hex(&self) -> String {
        crate::hex_upper(self.serial)
    }
}

/// A decoded CRL, borrowing its DER. Entries are decoded on demand by [`Crl::entries`].
#[derive(Clone, Debug)]
pub struct Crl<'a> {
    /// The whole CertificateList encoding.
    pub der: &'a [u8],
    /// The TBSCertList encoding (what the signature covers).
    pub tbs: &'a [u8],
    /// version: `None` when absent (v1), else the decoded value (1 means v2).
    pub version: Option<u64>,
    /// TBSCertList.signature
    pub tbs_signature: AlgorithmIdentifier<'a>,
    /// issuer
    pub issuer: Name<'a>,
    /// thisUpdate
    pub this_update: TimeField<'a>,
    /// nextUpdate
    pub next_update: Option<TimeField<'a>>,
    /// The revokedCertificates SEQUENCE, undecoded; `None` when absent.
    pub revoked: Option<Tlv<'a>>,
    /// crlExtensions: `None` when absent, `Some(vec![])` when an empty SEQUENCE.
    pub extensions: Option<Vec<CrlExtension<'a>>>,
    /// CertificateList.signatureAlgorithm
    pub signature_algorithm: AlgorithmIdentifier<'a>,
    /// signatureValue
    pub signature: BitString<'a>,
    /// Bytes after the CertificateList SEQUENCE in the input.
    pub trailing: &'a [u8],
    /// Departures from DER tolerated outside revokedCertificates.
    pub der_issues: Vec<Issue>,
}

fn parse_alg<'a>(t: Tlv<'a>, sink: &IssueSink) -> Result<AlgorithmIdentifier<'a>, DerError> {
    let mut r = t.reader(sink);
    let oid = der::oid(&r.read_required(tag::OID, "algorithm")?, sink)?;
    let params = if r.is_empty() { None } else { Some(r.read()?) };
    r.finish()?;
    Ok(AlgorithmIdentifier {
        raw: t.raw,
        oid,
        params,
    })
}

fn read_time<'a>(r: &mut Reader<'a, '_>, what: &'static str) -> Result<TimeField<'a>, DerError> {
    match r.peek_tag() {
        Some(tag::UTC_TIME | tag::GENERALIZED_TIME) => {
            let t = r.read()?;
            Ok(TimeField {
                tlv: t,
                time: time::decode(&t),
            })
        }
        Some(found) => Err(DerError::new(
            r.offset(),
            DerErrorKind::UnexpectedTag {
                expected: tag::UTC_TIME,
                found,
            },
        )),
        None => Err(DerError::new(r.offset(), DerErrorKind::Missing { what })),
    }
}

/// Decodes the CRL-specific view of an extension's value.
fn crl_value<'a>(
    e: &Extension<'a>,
    value_offset: usize,
    sink: &IssueSink,
) -> Result<CrlExtValue<'a>, DerError> {
    let one = |expected: u8, what: &'static str| -> Result<Tlv<'a>, DerError> {
        let mut r = Reader::new(e.value, value_offset, sink);
        let t = r.read_required(expected, what)?;
        r.finish()?;
        Ok(t)
    };
    Ok(match e.oid {
        CRL_NUMBER => CrlExtValue::CrlNumber(der::integer(&one(tag::INTEGER, "CRLNumber")?, sink)),
        DELTA_CRL_INDICATOR => {
            CrlExtValue::DeltaCrlIndicator(der::integer(&one(tag::INTEGER, "BaseCRLNumber")?, sink))
        }
        REASON_CODE => {
            let t = one(tag::ENUMERATED, "CRLReason")?;
            CrlExtValue::ReasonCode(Reason::from_value(der::small_uint(&t, sink)?))
        }
        INVALIDITY_DATE => {
            let t = one(tag::GENERALIZED_TIME, "InvalidityDate")?;
            CrlExtValue::InvalidityDate(TimeField {
                tlv: t,
                time: time::decode(&t),
            })
        }
        CERTIFICATE_ISSUER => {
            let t = one(tag::SEQUENCE, "GeneralNames")?;
            CrlExtValue::CertificateIssuer(general_name::parse_seq(&mut t.reader(sink))?)
        }
        ISSUING_DISTRIBUTION_POINT => {
            let t = one(tag::SEQUENCE, "IssuingDistributionPoint")?;
            CrlExtValue::IssuingDistributionPoint(parse_idp(t, sink)?)
        }
        _ => CrlExtValue::Other,
    })
}

fn idp_bool(
    r: &mut Reader<'_, '_>,
    t: u8,
    field: &'static str,
    sink: &IssueSink,
) -> Result<bool, DerError> {
    match r.read_optional(t)? {
        Some(b) => {
            let v = der::boolean(&b, sink)?;
            if !v {
                sink.push(b.offset, IssueKind::DefaultValueEncoded { field });
            }
            Ok(v)
        }
        None => Ok(false),
    }
}

fn parse_idp<'a>(t: Tlv<'a>, sink: &IssueSink) -> Result<IssuingDistributionPoint<'a>, DerError> {
    let mut r = t.reader(sink);
    let mut out = IssuingDistributionPoint {
        is_empty: t.value.is_empty(),
        ..Default::default()
    };
    if let Some(dpn) = r.read_optional(0xa0)? {
        let mut nr = dpn.reader(sink);
        let n = nr.read()?;
        nr.finish()?;
        match n.tag {
            0xa0 => out.full_name = Some(general_name::parse_seq(&mut n.reader(sink))?),
            0xa1 => out.relative_name = Some(n.value),
            _ => {
                return Err(DerError::invalid(
                    n.offset,
                    "unknown DistributionPointName choice",
                ));
            }
        }
    }
    out.only_user_certs = idp_bool(&mut r, 0x81, "onlyContainsUserCerts", sink)?;
    out.only_ca_certs = idp_bool(&mut r, 0x82, "onlyContainsCACerts", sink)?;
    if let Some(b) = r.read_optional(0x83)? {
        out.only_some_reasons = Some(der::named_bit_string(&b, sink)?);
    }
    out.indirect_crl = idp_bool(&mut r, 0x84, "indirectCRL", sink)?;
    out.only_attribute_certs = idp_bool(&mut r, 0x85, "onlyContainsAttributeCerts", sink)?;
    r.finish()?;
    Ok(out)
}

/// Decodes `Extensions ::= SEQUENCE SIZE (1..MAX) OF Extension` content with CRL views.
fn parse_extensions<'a>(seq: Tlv<'a>, sink: &IssueSink) -> Result<Vec<CrlExtension<'a>>, DerError> {
    seq.reader(sink).read_all(tag::SEQUENCE, |x| {
        let ext = ext::parse_extension(x, sink)?;
        // extnValue's content starts where its bytes sit inside the Extension encoding.
        let rel = (ext.value.as_ptr() as usize).saturating_sub(x.raw.as_ptr() as usize);
        let value = crl_value(&ext, x.offset + rel, sink);
        Ok(CrlExtension { ext, value })
    })
}

fn parse_entry<'a>(
    t: Tlv<'a>,
    index: usize,
    sink: &IssueSink,
) -> Result<RevokedEntry<'a>, DerError> {
    let mut r = t.reader(sink);
    let serial = der::integer(&r.read_required(tag::INTEGER, "userCertificate")?, sink);
    let revocation_date = read_time(&mut r, "revocationDate")?;
    let extensions = match r.read_optional(tag::SEQUENCE)? {
        Some(s) => Some(parse_extensions(s, sink)?),
        None => None,
    };
    r.finish()?;
    Ok(RevokedEntry {
        raw: t.raw,
        offset: t.offset,
        index,
        serial,
        revocation_date,
        extensions,
        der_issues: Vec::new(),
    })
}

/// Streams revokedCertificates, decoding one entry per step.
///
/// After an entry fails to decode the iterator yields that error once and ends,
/// since the position of the next entry is then unknown.
#[derive(Clone, Debug)]
pub struct Entries<'a> {
    data: &'a [u8],
    base: usize,
    pos: usize,
    index: usize,
    done: bool,
}

impl<'a> Iterator for Entries<'a> {
    type Item = Result<RevokedEntry<'a>, DerError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.done || self.pos >= self.data.len() {
            return None;
        }
        let sink = IssueSink::default();
        let rest = self.data.get(self.pos..)?;
        let mut r = Reader::new(rest, self.base + self.pos, &sink);
        let res = r.read_tag(tag::SEQUENCE).and_then(|t| {
            self.pos += t.raw.len();
            parse_entry(t, self.index, &sink)
        });
        self.index += 1;
        match res {
            Ok(mut e) => {
                e.der_issues = sink.into_vec();
                Some(Ok(e))
            }
            Err(err) => {
                self.done = true;
                Some(Err(err))
            }
        }
    }
}

impl<'a> Crl<'a> {
    /// Decodes a CRL's outer structure. Anything after the CertificateList is kept in `trailing`.
    /// revokedCertificates is bounds-checked but not decoded; see [`Crl::entries`].
    pub fn parse(input: &'a [u8]) -> Result<Crl<'a>, DecodeError> {
        let sink = IssueSink::default();
        let at = |field: &'static str| move |error: DerError| DecodeError::Der { field, error };
        let mut top = Reader::new(input, 0, &sink);
        let list = top
            .read_required(tag::SEQUENCE, "CertificateList")
            .map_err(at("CertificateList"))?;
        let trailing = input.get(list.raw.len()..).unwrap_or(&[]);
        let mut lr = list.reader(&sink);
        let tbs = lr
            .read_required(tag::SEQUENCE, "tbsCertList")
            .map_err(at("tbsCertList"))?;
        let signature_algorithm = parse_alg(
            lr.read_required(tag::SEQUENCE, "signatureAlgorithm")
                .map_err(at("signatureAlgorithm"))?,
            &sink,
        )
        .map_err(at("signatureAlgorithm"))?;
        let signature = der::bit_string(
            &lr.read_required(tag::BIT_STRING, "signatureValue")
                .map_err(at("signatureValue"))?,
            &sink,
        )
        .map_err(at("signatureValue"))?;
        lr.finish().map_err(at("CertificateList"))?;

        let mut r = tbs.reader(&sink);
        let version = match r.read_optional(tag::INTEGER).map_err(at("version"))? {
            Some(v) => Some(der::small_uint(&v, &sink).map_err(at("version"))?),
            None => None,
        };
        let tbs_signature = parse_alg(
            r.read_required(tag::SEQUENCE, "signature")
                .map_err(at("signature"))?,
            &sink,
        )
        .map_err(at("signature"))?;
        let issuer = crate::name::read_name(&mut r, "issuer").map_err(at("issuer"))?;
        let this_update = read_time(&mut r, "thisUpdate").map_err(at("thisUpdate"))?;
        let next_update = match r.peek_tag() {
            Some(tag::UTC_TIME | tag::GENERALIZED_TIME) => {
                Some(read_time(&mut r, "nextUpdate").map_err(at("nextUpdate"))?)
            }
            _ => None,
        };
        let revoked = r
            .read_optional(tag::SEQUENCE)
            .map_err(at("revokedCertificates"))?;
        let extensions = match r.read_optional(0xa0).map_err(at("crlExtensions"))? {
            Some(e) => {
                let mut er = e.reader(&sink);
                let seq = er
                    .read_required(tag::SEQUENCE, "Extensions")
                    .map_err(at("crlExtensions"))?;
                er.finish().map_err(at("crlExtensions"))?;
                Some(parse_extensions(seq, &sink).map_err(at("crlExtensions"))?)
            }
            None => None,
        };
        r.finish().map_err(at("tbsCertList"))?;
        Ok(Crl {
            der: list.raw,
            tbs: tbs.raw,
            version,
            tbs_signature,
            issuer,
            this_update,
            next_update,
            revoked,
            extensions,
            signature_algorithm,
            signature,
            trailing,
            der_issues: sink.into_vec(),
        })
    }

    /// The revoked certificates, decoded one at a time (nothing is collected).
    pub fn entries(&self) -> Entries<'a> {
        match self.revoked {
            Some(t) => Entries {
                data: t.value,
                base: t.value_offset(),
                pos: 0,
                index: 0,
                done: false,
            },
            None => Entries {
                data: &[],
                base: 0,
                pos: 0,
                index: 0,
                done: true,
            },
        }
    }

    /// All CRL extensions (empty when absent).
    pub fn extensions(&self) -> &[CrlExtension<'a>] {
        self.extensions.as_deref().unwrap_or(&[])
    }

    /// The first CRL extension with this OID.
    pub fn extension(&self, oid: Oid<'_>) -> Option<&CrlExtension<'a>> {
        self.extensions().iter().find(|e| e.ext.oid == oid)
    }

    /// issuingDistributionPoint, when present and decodable.
    pub fn issuing_distribution_point(&self) -> Option<&IssuingDistributionPoint<'a>> {
        match self.extension(ISSUING_DISTRIBUTION_POINT).map(|e| &e.value) {
            Some(Ok(CrlExtValue::IssuingDistributionPoint(i))) => Some(i),
            _ => None,
        }
    }

    /// cRLNumber content octets, when present and decodable.
    pub fn crl_number(&self) -> Option<&'a [u8]> {
        match self.extension(CRL_NUMBER).map(|e| &e.value) {
            Some(Ok(CrlExtValue::CrlNumber(n))) => Some(n),
            _ => None,
        }
    }

    /// Whether deltaCRLIndicator is present (a delta CRL).
    pub fn is_delta(&self) -> bool {
        self.extension(DELTA_CRL_INDICATOR).is_some()
    }

    /// authorityKeyIdentifier, when present and decodable.
    pub fn authority_key_id(&self) -> Option<&ext::AuthorityKeyIdentifier<'a>> {
        match self
            .extension(oids::AUTHORITY_KEY_IDENTIFIER)
            .map(|e| &e.ext.parsed)
        {
            Some(Ok(ExtValue::AuthorityKeyIdentifier(a))) => Some(a),
            _ => None,
        }
    }

    /// freshestCRL distribution points, when present and decodable.
    pub fn freshest_crl(&self) -> Option<&[DistributionPoint<'a>]> {
        match self.extension(oids::FRESHEST_CRL).map(|e| &e.ext.parsed) {
            Some(Ok(ExtValue::CrlDistributionPoints(v))) => Some(v),
            _ => None,
        }
    }

    /// SHA-256 of the DER.
    pub fn sha256(&self) -> [u8; 32] {
        crate::digest::sha256(self.der)
    }

    /// Verifies the signature with the issuer's key (the outer signatureAlgorithm is used).
    pub fn verify(
        &self,
        issuer: &crate::SubjectPublicKeyInfo<'_>,
    ) -> Result<(), crate::verify::VerifyError> {
        if self.signature.unused != 0 {
            return Err(crate::verify::VerifyError::MalformedSignature);
        }
        crate::verify::verify(
            &self.signature_algorithm,
            issuer,
            self.tbs,
            self.signature.bytes,
        )
    }
}
