//! OCSP responses (RFC 6960 4.2), decoded leniently for linting.
//!
//! ```asn1
//! OCSPResponse ::= SEQUENCE {
//!     responseStatus  OCSPResponseStatus,
//!     responseBytes   [0] EXPLICIT ResponseBytes OPTIONAL }
//! ResponseBytes ::= SEQUENCE { responseType OBJECT IDENTIFIER, response OCTET STRING }
//! BasicOCSPResponse ::= SEQUENCE {
//!     tbsResponseData      ResponseData,
//!     signatureAlgorithm   AlgorithmIdentifier,
//!     signature            BIT STRING,
//!     certs            [0] EXPLICIT SEQUENCE OF Certificate OPTIONAL }
//! ResponseData ::= SEQUENCE {
//!     version              [0] EXPLICIT Version DEFAULT v1,
//!     responderID              ResponderID,
//!     producedAt               GeneralizedTime,
//!     responses                SEQUENCE OF SingleResponse,
//!     responseExtensions   [1] EXPLICIT Extensions OPTIONAL }
//! ResponderID ::= CHOICE { byName [1] Name, byKey [2] KeyHash }
//! KeyHash ::= OCTET STRING -- SHA-1 hash of responder's public key
//! SingleResponse ::= SEQUENCE {
//!     certID                       CertID,
//!     certStatus                   CertStatus,
//!     thisUpdate                   GeneralizedTime,
//!     nextUpdate         [0]       EXPLICIT GeneralizedTime OPTIONAL,
//!     singleExtensions   [1]       EXPLICIT Extensions OPTIONAL }
//! CertStatus ::= CHOICE {
//!     good        [0]     IMPLICIT NULL,
//!     revoked     [1]     IMPLICIT RevokedInfo,
//!     unknown     [2]     IMPLICIT UnknownInfo }
//! RevokedInfo ::= SEQUENCE {
//!     revocationTime              GeneralizedTime,
//!     revocationReason    [0]     EXPLICIT CRLReason OPTIONAL }
//! CertID ::= SEQUENCE {
//!     hashAlgorithm       AlgorithmIdentifier,
//!     issuerNameHash      OCTET STRING, -- Hash of issuer's DN
//!     issuerKeyHash       OCTET STRING, -- Hash of issuer's public key
//!     serialNumber        CertificateSerialNumber }
//! ```
//!
//! Like [`crate::crl`], this keeps raw bytes next to decoded values so a
//! linter can compare encodings byte for byte, and records tolerated DER
//! departures instead of failing. Times are read whether they are
//! GeneralizedTime (as required) or UTCTime, so the wrong type is a finding
//! rather than a decoding failure. Embedded certificates are kept as bytes;
//! [`crate::Certificate::parse`] decodes each on demand.

use crate::certificate::{AlgorithmIdentifier, DecodeError, SubjectPublicKeyInfo};
use crate::crl::Reason;
use crate::der::{
    self, BitString, DerError, DerErrorKind, Issue, IssueKind, IssueSink, Reader, Tlv, tag,
};
use crate::ext::{self, Extension};
use crate::name::Name;
use crate::time::{self, TimeField};
use crate::{Certificate, Oid, oids};

/// id-pkix-ocsp-basic (1.3.6.1.5.5.7.48.1.1).
pub const BASIC: Oid<'static> = Oid::new(&[0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x30, 0x01, 0x01]);
/// id-pkix-ocsp-nonce (1.3.6.1.5.5.7.48.1.2).
pub const NONCE: Oid<'static> = Oid::new(&[0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x30, 0x01, 0x02]);
/// id-pkix-ocsp-crl (1.3.6.1.5.5.7.48.1.3), CRL references.
pub const CRL_ID: Oid<'static> = Oid::new(&[0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x30, 0x01, 0x03]);
/// id-pkix-ocsp-response (1.3.6.1.5.5.7.48.1.4), acceptable response types (requests only).
pub const ACCEPTABLE_RESPONSES: Oid<'static> =
    Oid::new(&[0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x30, 0x01, 0x04]);
/// id-pkix-ocsp-archive-cutoff (1.3.6.1.5.5.7.48.1.6).
pub const ARCHIVE_CUTOFF: Oid<'static> =
    Oid::new(&[0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x30, 0x01, 0x06]);
/// id-pkix-ocsp-service-locator (1.3.6.1.5.5.7.48.1.7, requests only).
pub const SERVICE_LOCATOR: Oid<'static> =
    Oid::new(&[0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x30, 0x01, 0x07]);
/// id-pkix-ocsp-pref-sig-algs (1.3.6.1.5.5.7.48.1.8, requests only).
pub const PREF_SIG_ALGS: Oid<'static> =
    Oid::new(&[0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x30, 0x01, 0x08]);
/// id-pkix-ocsp-extended-revoke (1.3.6.1.5.5.7.48.1.9).
pub const EXTENDED_REVOKE: Oid<'static> =
    Oid::new(&[0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x30, 0x01, 0x09]);

/// The ASN.1 name of an OCSP extension OID, falling back to CRL entry and certificate names.
pub fn ext_name(oid: Oid<'_>) -> String {
    match oid {
        NONCE => "nonce".into(),
        CRL_ID => "crlID".into(),
        ACCEPTABLE_RESPONSES => "acceptableResponses".into(),
        ARCHIVE_CUTOFF => "archiveCutoff".into(),
        SERVICE_LOCATOR => "serviceLocator".into(),
        PREF_SIG_ALGS => "preferredSignatureAlgorithms".into(),
        EXTENDED_REVOKE => "extendedRevoke".into(),
        o => crate::crl::ext_name(o),
    }
}

/// OCSPResponseStatus (RFC 6960 4.2.1).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ResponseStatus {
    /// successful (0)
    Successful,
    /// malformedRequest (1)
    MalformedRequest,
    /// internalError (2)
    InternalError,
    /// tryLater (3)
    TryLater,
    /// sigRequired (5)
    SigRequired,
    /// unauthorized (6)
    Unauthorized,
    /// 4 (not used) or a value RFC 6960 does not define.
    Other(u64),
}

impl ResponseStatus {
    /// The status for an ENUMERATED value.
    pub fn from_value(v: u64) -> ResponseStatus {
        match v {
            0 => ResponseStatus::Successful,
            1 => ResponseStatus::MalformedRequest,
            2 => ResponseStatus::InternalError,
            3 => ResponseStatus::TryLater,
            5 => ResponseStatus::SigRequired,
            6 => ResponseStatus::Unauthorized,
            n => ResponseStatus::Other(n),
        }
    }
    /// The ENUMERATED value.
    pub fn value(self) -> u64 {
        match self {
            ResponseStatus::Successful => 0,
            ResponseStatus::MalformedRequest => 1,
            ResponseStatus::InternalError => 2,
            ResponseStatus::TryLater => 3,
            ResponseStatus::SigRequired => 5,
            ResponseStatus::Unauthorized => 6,
            ResponseStatus::Other(n) => n,
        }
    }
    /// The ASN.1 name, e.g. `successful (0)`.
    pub fn describe(self) -> String {
        let n = match self {
            ResponseStatus::Successful => "successful",
            ResponseStatus::MalformedRequest => "malformedRequest",
            ResponseStatus::InternalError => "internalError",
            ResponseStatus::TryLater => "tryLater",
            ResponseStatus::SigRequired => "sigRequired",
            ResponseStatus::Unauthorized => "unauthorized",
            ResponseStatus::Other(_) => "undefined value",
        };
        format!("{n} ({})", self.value())
    }
}

/// ResponderID.
#[derive(Clone, Debug)]
pub enum ResponderId<'a> {
    /// byName: the responder's subject.
    ByName(Name<'a>),
    /// byKey: the KeyHash OCTET STRING content (SHA-1 of the responder's subjectPublicKey bits).
    ByKey(&'a [u8]),
}

impl ResponderId<'_> {
    /// Whether this identifies `cert`: byName compares the encoded subject
    /// byte for byte, byKey the SHA-1 of its subjectPublicKey BIT STRING content.
    pub fn matches(&self, cert: &Certificate<'_>) -> bool {
        match self {
            ResponderId::ByName(n) => n.raw == cert.subject.raw,
            ResponderId::ByKey(h) => *h == crate::digest::sha1(cert.spki.public_key.bytes),
        }
    }
}

impl std::fmt::Display for ResponderId<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ResponderId::ByName(n) => write!(f, "{n}"),
            ResponderId::ByKey(h) => write!(f, "keyHash={}", crate::hex_upper(h)),
        }
    }
}

/// CertID (RFC 6960 4.1.1).
#[derive(Clone, Debug)]
pub struct CertId<'a> {
    /// The whole encoding.
    pub raw: &'a [u8],
    /// hashAlgorithm
    pub hash_algorithm: AlgorithmIdentifier<'a>,
    /// issuerNameHash
    pub issuer_name_hash: &'a [u8],
    /// issuerKeyHash
    pub issuer_key_hash: &'a [u8],
    /// serialNumber content octets (two's complement).
    pub serial: &'a [u8],
}

/// How a CertID relates to a candidate issuer certificate.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CertIdMatch {
    /// Both hashes match.
    Match,
    /// At least one hash differs (which ones).
    Mismatch {
        /// issuerNameHash differs.
        name: bool,
        /// issuerKeyHash differs.
        key: bool,
    },
    /// hashAlgorithm is not one rootward computes (SHA-1, SHA-256, SHA-384, SHA-512).
    UnsupportedHash,
}

/// Digest `data` with the hash a CertID names, if rootward supports it.
pub fn hash_with(alg: Oid<'_>, data: &[u8]) -> Option<Vec<u8>> {
    use aws_lc_rs::digest;
    let a: &'static digest::Algorithm = match alg {
        oids::SHA1 => &digest::SHA1_FOR_LEGACY_USE_ONLY,
        oids::SHA256 => &digest::SHA256,
        oids::SHA384 => &digest::SHA384,
        oids::SHA512 => &digest::SHA512,
        _ => return None,
    };
    Some(digest::digest(a, data).as_ref().to_vec())
}

impl CertId<'_> {
    /// Compares the hashes with `issuer`'s encoded subject and subjectPublicKey bits.
    pub fn match_issuer(&self, issuer: &Certificate<'_>) -> CertIdMatch {
        let alg = self.hash_algorithm.oid;
        let (Some(n), Some(k)) = (
            hash_with(alg, issuer.subject.raw),
            hash_with(alg, issuer.spki.public_key.bytes),
        ) else {
            return CertIdMatch::UnsupportedHash;
        };
        let name = n != self.issuer_name_hash;
        let key = k != self.issuer_key_hash;
        if name || key {
            CertIdMatch::Mismatch { name, key }
        } else {
            CertIdMatch::Match
        }
    }
    /// Serial number as uppercase hex of its content octets.
    pub fn serial_hex(&self) -> String {
        crate::hex_upper(self.serial)
    }
}

/// CertStatus.
#[derive(Clone, Debug)]
pub enum CertStatus<'a> {
    /// good
    Good,
    /// revoked
    Revoked {
        /// revocationTime
        time: TimeField<'a>,
        /// revocationReason, when present.
        reason: Option<Reason>,
    },
    /// unknown
    Unknown,
}

impl CertStatus<'_> {
    /// `good`, `revoked` or `unknown`.
    pub fn name(&self) -> &'static str {
        match self {
            CertStatus::Good => "good",
            CertStatus::Revoked { .. } => "revoked",
            CertStatus::Unknown => "unknown",
        }
    }
}

/// One SingleResponse.
#[derive(Clone, Debug)]
pub struct SingleResponse<'a> {
    /// The SingleResponse SEQUENCE.
    pub raw: &'a [u8],
    /// Absolute offset.
    pub offset: usize,
    /// Position in `responses` (0-based).
    pub index: usize,
    /// certID
    pub cert_id: CertId<'a>,
    /// certStatus
    pub status: CertStatus<'a>,
    /// thisUpdate
    pub this_update: TimeField<'a>,
    /// nextUpdate
    pub next_update: Option<TimeField<'a>>,
    /// singleExtensions: `None` when absent, `Some(vec![])` when an empty SEQUENCE.
    pub extensions: Option<Vec<Extension<'a>>>,
}

impl<'a> SingleResponse<'a> {
    /// singleExtensions (empty when absent).
    pub fn extensions(&self) -> &[Extension<'a>] {
        self.extensions.as_deref().unwrap_or(&[])
    }
    /// The first single extension with this OID.
    pub fn extension(&self, oid: Oid<'_>) -> Option<&Extension<'a>> {
        self.extensions().iter().find(|e| e.oid == oid)
    }
}

/// A BasicOCSPResponse.
#[derive(Clone, Debug)]
pub struct BasicResponse<'a> {
    /// The BasicOCSPResponse encoding.
    pub raw: &'a [u8],
    /// The ResponseData encoding (what the signature covers).
    pub tbs: &'a [u8],
    /// version: `None` when absent (v1), else the decoded value (0 means v1 encoded explicitly).
    pub version: Option<u64>,
    /// responderID
    pub responder_id: ResponderId<'a>,
    /// producedAt
    pub produced_at: TimeField<'a>,
    /// The responses SEQUENCE element.
    pub responses_tlv: Tlv<'a>,
    /// responses
    pub responses: Vec<SingleResponse<'a>>,
    /// responseExtensions: `None` when absent, `Some(vec![])` when an empty SEQUENCE.
    pub extensions: Option<Vec<Extension<'a>>>,
    /// signatureAlgorithm
    pub signature_algorithm: AlgorithmIdentifier<'a>,
    /// signature
    pub signature: BitString<'a>,
    /// certs: each certificate's encoding, undecoded; `None` when absent.
    pub certs: Option<Vec<&'a [u8]>>,
}

impl<'a> BasicResponse<'a> {
    /// responseExtensions (empty when absent).
    pub fn extensions(&self) -> &[Extension<'a>] {
        self.extensions.as_deref().unwrap_or(&[])
    }
    /// The first response extension with this OID.
    pub fn extension(&self, oid: Oid<'_>) -> Option<&Extension<'a>> {
        self.extensions().iter().find(|e| e.oid == oid)
    }
    /// The embedded certificates (empty when absent).
    pub fn certs(&self) -> &[&'a [u8]] {
        self.certs.as_deref().unwrap_or(&[])
    }
    /// Verifies the signature over ResponseData with `signer`'s key.
    pub fn verify(
        &self,
        signer: &SubjectPublicKeyInfo<'_>,
    ) -> Result<(), crate::verify::VerifyError> {
        if self.signature.unused != 0 {
            return Err(crate::verify::VerifyError::MalformedSignature);
        }
        crate::verify::verify(
            &self.signature_algorithm,
            signer,
            self.tbs,
            self.signature.bytes,
        )
    }
}

/// Why a nonce extension value is not an RFC 8954 nonce.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum NonceError {
    /// extnValue does not hold exactly one OCTET STRING.
    NotOctetString,
    /// The nonce has this many octets (RFC 8954 2.1: 1 to 32).
    Length(usize),
}

/// The nonce octets of a nonce extension (`Nonce ::= OCTET STRING (SIZE(1..32))`).
pub fn nonce<'a>(e: &Extension<'a>) -> Result<&'a [u8], NonceError> {
    let sink = IssueSink::default();
    let mut r = Reader::new(e.value, 0, &sink);
    let t = r
        .read_tag(tag::OCTET_STRING)
        .map_err(|_| NonceError::NotOctetString)?;
    if !r.is_empty() {
        return Err(NonceError::NotOctetString);
    }
    if t.value.is_empty() || t.value.len() > 32 {
        return Err(NonceError::Length(t.value.len()));
    }
    Ok(t.value)
}

/// ResponseBytes.
#[derive(Clone, Debug)]
pub struct ResponseBytes<'a> {
    /// responseType
    pub response_type: Oid<'a>,
    /// response: the OCTET STRING content.
    pub response: &'a [u8],
    /// The decoded BasicOCSPResponse, when responseType is id-pkix-ocsp-basic.
    pub basic: Option<BasicResponse<'a>>,
}

/// A decoded OCSPResponse, borrowing its DER.
#[derive(Clone, Debug)]
pub struct OcspResponse<'a> {
    /// The whole OCSPResponse encoding.
    pub der: &'a [u8],
    /// responseStatus
    pub status: ResponseStatus,
    /// responseBytes
    pub response_bytes: Option<ResponseBytes<'a>>,
    /// Bytes after the OCSPResponse SEQUENCE in the input.
    pub trailing: &'a [u8],
    /// Departures from DER tolerated anywhere in the response (embedded certificates excluded).
    pub der_issues: Vec<Issue>,
}

impl<'a> OcspResponse<'a> {
    /// The BasicOCSPResponse, when there is one.
    pub fn basic(&self) -> Option<&BasicResponse<'a>> {
        self.response_bytes.as_ref().and_then(|b| b.basic.as_ref())
    }

    /// SHA-256 of the DER.
    pub fn sha256(&self) -> [u8; 32] {
        crate::digest::sha256(self.der)
    }

    /// Decodes an OCSPResponse. Anything after it is kept in `trailing`.
    pub fn parse(input: &'a [u8]) -> Result<OcspResponse<'a>, DecodeError> {
        let sink = IssueSink::default();
        let at = |field: &'static str| move |error: DerError| DecodeError::Der { field, error };
        let mut top = Reader::new(input, 0, &sink);
        let resp = top
            .read_required(tag::SEQUENCE, "OCSPResponse")
            .map_err(at("OCSPResponse"))?;
        let trailing = input.get(resp.raw.len()..).unwrap_or(&[]);
        let mut r = resp.reader(&sink);
        let st = r
            .read_required(tag::ENUMERATED, "responseStatus")
            .map_err(at("responseStatus"))?;
        let status =
            ResponseStatus::from_value(der::small_uint(&st, &sink).map_err(at("responseStatus"))?);
        let response_bytes = match r.read_optional(0xa0).map_err(at("responseBytes"))? {
            Some(w) => Some(parse_response_bytes(w, &sink)?),
            None => None,
        };
        r.finish().map_err(at("OCSPResponse"))?;
        Ok(OcspResponse {
            der: resp.raw,
            status,
            response_bytes,
            trailing,
            der_issues: sink.into_vec(),
        })
    }
}

fn parse_response_bytes<'a>(
    wrapper: Tlv<'a>,
    sink: &IssueSink,
) -> Result<ResponseBytes<'a>, DecodeError> {
    let at = |field: &'static str| move |error: DerError| DecodeError::Der { field, error };
    let mut wr = wrapper.reader(sink);
    let rb = wr
        .read_required(tag::SEQUENCE, "ResponseBytes")
        .map_err(at("responseBytes"))?;
    wr.finish().map_err(at("responseBytes"))?;
    let mut r = rb.reader(sink);
    let response_type = der::oid(
        &r.read_required(tag::OID, "responseType")
            .map_err(at("responseType"))?,
        sink,
    )
    .map_err(at("responseType"))?;
    let response = r
        .read_required(tag::OCTET_STRING, "response")
        .map_err(at("response"))?;
    r.finish().map_err(at("responseBytes"))?;
    let basic = if response_type == BASIC {
        Some(parse_basic(response, sink)?)
    } else {
        None
    };
    Ok(ResponseBytes {
        response_type,
        response: response.value,
        basic,
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
                expected: tag::GENERALIZED_TIME,
                found,
            },
        )),
        None => Err(DerError::new(r.offset(), DerErrorKind::Missing { what })),
    }
}

/// Reads `[n] EXPLICIT <one element>` content.
fn explicit_inner<'a>(
    w: Tlv<'a>,
    sink: &IssueSink,
    what: &'static str,
) -> Result<Tlv<'a>, DerError> {
    let mut r = w.reader(sink);
    if r.is_empty() {
        return Err(DerError::new(r.offset(), DerErrorKind::Missing { what }));
    }
    let t = r.read()?;
    r.finish()?;
    Ok(t)
}

fn parse_extensions<'a>(w: Tlv<'a>, sink: &IssueSink) -> Result<Vec<Extension<'a>>, DerError> {
    let seq = explicit_inner(w, sink, "Extensions")?;
    if seq.tag != tag::SEQUENCE {
        return Err(DerError::new(
            seq.offset,
            DerErrorKind::UnexpectedTag {
                expected: tag::SEQUENCE,
                found: seq.tag,
            },
        ));
    }
    seq.reader(sink)
        .read_all(tag::SEQUENCE, |x| ext::parse_extension(x, sink))
}

fn parse_cert_id<'a>(t: Tlv<'a>, sink: &IssueSink) -> Result<CertId<'a>, DerError> {
    let mut r = t.reader(sink);
    let hash_algorithm =
        AlgorithmIdentifier::parse(r.read_required(tag::SEQUENCE, "hashAlgorithm")?, sink)?;
    let issuer_name_hash = r.read_required(tag::OCTET_STRING, "issuerNameHash")?.value;
    let issuer_key_hash = r.read_required(tag::OCTET_STRING, "issuerKeyHash")?.value;
    let serial = der::integer(&r.read_required(tag::INTEGER, "serialNumber")?, sink);
    r.finish()?;
    Ok(CertId {
        raw: t.raw,
        hash_algorithm,
        issuer_name_hash,
        issuer_key_hash,
        serial,
    })
}

fn parse_status<'a>(t: Tlv<'a>, sink: &IssueSink) -> Result<CertStatus<'a>, DerError> {
    match t.tag {
        0x80 | 0x82 => {
            if !t.value.is_empty() {
                return Err(DerError::invalid(t.offset, "NULL certStatus with content"));
            }
            Ok(if t.tag == 0x80 {
                CertStatus::Good
            } else {
                CertStatus::Unknown
            })
        }
        0xa1 => {
            let mut r = t.reader(sink);
            let time = read_time(&mut r, "revocationTime")?;
            let reason = match r.read_optional(0xa0)? {
                Some(w) => {
                    let e = explicit_inner(w, sink, "CRLReason")?;
                    if e.tag != tag::ENUMERATED {
                        return Err(DerError::new(
                            e.offset,
                            DerErrorKind::UnexpectedTag {
                                expected: tag::ENUMERATED,
                                found: e.tag,
                            },
                        ));
                    }
                    Some(Reason::from_value(der::small_uint(&e, sink)?))
                }
                None => None,
            };
            r.finish()?;
            Ok(CertStatus::Revoked { time, reason })
        }
        _ => Err(DerError::invalid(t.offset, "unknown CertStatus choice")),
    }
}

fn parse_single<'a>(
    t: Tlv<'a>,
    index: usize,
    sink: &IssueSink,
) -> Result<SingleResponse<'a>, DerError> {
    let mut r = t.reader(sink);
    let cert_id = parse_cert_id(r.read_required(tag::SEQUENCE, "certID")?, sink)?;
    if r.is_empty() {
        return Err(DerError::new(
            r.offset(),
            DerErrorKind::Missing { what: "certStatus" },
        ));
    }
    let status = parse_status(r.read()?, sink)?;
    let this_update = read_time(&mut r, "thisUpdate")?;
    let next_update = match r.read_optional(0xa0)? {
        Some(w) => {
            let mut wr = w.reader(sink);
            let tf = read_time(&mut wr, "nextUpdate")?;
            wr.finish()?;
            Some(tf)
        }
        None => None,
    };
    let extensions = match r.read_optional(0xa1)? {
        Some(w) => Some(parse_extensions(w, sink)?),
        None => None,
    };
    r.finish()?;
    Ok(SingleResponse {
        raw: t.raw,
        offset: t.offset,
        index,
        cert_id,
        status,
        this_update,
        next_update,
        extensions,
    })
}

fn parse_basic<'a>(octets: Tlv<'a>, sink: &IssueSink) -> Result<BasicResponse<'a>, DecodeError> {
    let at = |field: &'static str| move |error: DerError| DecodeError::Der { field, error };
    let mut outer = octets.reader(sink);
    let basic = outer
        .read_required(tag::SEQUENCE, "BasicOCSPResponse")
        .map_err(at("BasicOCSPResponse"))?;
    outer.finish().map_err(at("BasicOCSPResponse"))?;
    let mut br = basic.reader(sink);
    let tbs = br
        .read_required(tag::SEQUENCE, "tbsResponseData")
        .map_err(at("tbsResponseData"))?;
    let signature_algorithm = AlgorithmIdentifier::parse(
        br.read_required(tag::SEQUENCE, "signatureAlgorithm")
            .map_err(at("signatureAlgorithm"))?,
        sink,
    )
    .map_err(at("signatureAlgorithm"))?;
    let signature = der::bit_string(
        &br.read_required(tag::BIT_STRING, "signature")
            .map_err(at("signature"))?,
        sink,
    )
    .map_err(at("signature"))?;
    let certs = match br.read_optional(0xa0).map_err(at("certs"))? {
        Some(w) => {
            let seq = explicit_inner(w, sink, "certs").map_err(at("certs"))?;
            if seq.tag != tag::SEQUENCE {
                return Err(DecodeError::Der {
                    field: "certs",
                    error: DerError::new(
                        seq.offset,
                        DerErrorKind::UnexpectedTag {
                            expected: tag::SEQUENCE,
                            found: seq.tag,
                        },
                    ),
                });
            }
            Some(
                seq.reader(sink)
                    .read_all(tag::SEQUENCE, |c| Ok(c.raw))
                    .map_err(at("certs"))?,
            )
        }
        None => None,
    };
    br.finish().map_err(at("BasicOCSPResponse"))?;

    let mut r = tbs.reader(sink);
    let version = match r.read_optional(0xa0).map_err(at("version"))? {
        Some(w) => {
            let v = explicit_inner(w, sink, "version").map_err(at("version"))?;
            if v.tag != tag::INTEGER {
                return Err(DecodeError::Der {
                    field: "version",
                    error: DerError::new(
                        v.offset,
                        DerErrorKind::UnexpectedTag {
                            expected: tag::INTEGER,
                            found: v.tag,
                        },
                    ),
                });
            }
            let n = der::small_uint(&v, sink).map_err(at("version"))?;
            if n == 0 {
                sink.push(
                    w.offset,
                    IssueKind::DefaultValueEncoded { field: "version" },
                );
            }
            Some(n)
        }
        None => None,
    };
    let responder_id = match r.peek_tag() {
        Some(0xa1) => {
            let w = r.read().map_err(at("responderID"))?;
            let n = explicit_inner(w, sink, "byName").map_err(at("responderID"))?;
            ResponderId::ByName(Name::parse(n, sink).map_err(at("responderID"))?)
        }
        Some(0xa2) => {
            let w = r.read().map_err(at("responderID"))?;
            let k = explicit_inner(w, sink, "byKey").map_err(at("responderID"))?;
            if k.tag != tag::OCTET_STRING {
                return Err(DecodeError::Der {
                    field: "responderID",
                    error: DerError::new(
                        k.offset,
                        DerErrorKind::UnexpectedTag {
                            expected: tag::OCTET_STRING,
                            found: k.tag,
                        },
                    ),
                });
            }
            ResponderId::ByKey(k.value)
        }
        Some(_) => {
            return Err(DecodeError::Der {
                field: "responderID",
                error: DerError::invalid(r.offset(), "unknown ResponderID choice"),
            });
        }
        None => {
            return Err(DecodeError::Der {
                field: "responderID",
                error: DerError::new(
                    r.offset(),
                    DerErrorKind::Missing {
                        what: "responderID",
                    },
                ),
            });
        }
    };
    let produced_at = read_time(&mut r, "producedAt").map_err(at("producedAt"))?;
    let responses_tlv = r
        .read_required(tag::SEQUENCE, "responses")
        .map_err(at("responses"))?;
    let mut index = 0;
    let responses = responses_tlv
        .reader(sink)
        .read_all(tag::SEQUENCE, |t| {
            let s = parse_single(t, index, sink);
            index += 1;
            s
        })
        .map_err(at("responses"))?;
    let extensions = match r.read_optional(0xa1).map_err(at("responseExtensions"))? {
        Some(w) => Some(parse_extensions(w, sink).map_err(at("responseExtensions"))?),
        None => None,
    };
    r.finish().map_err(at("tbsResponseData"))?;
    Ok(BasicResponse {
        raw: basic.raw,
        tbs: tbs.raw,
        version,
        responder_id,
        produced_at,
        responses_tlv,
        responses,
        extensions,
        signature_algorithm,
        signature,
        certs,
    })
}
