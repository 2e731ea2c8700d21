//! The X.509 certificate (RFC 5280 4.1).
//!
//! ```asn1
//! Certificate  ::=  SEQUENCE  {
//!      tbsCertificate       TBSCertificate,
//!      signatureAlgorithm   AlgorithmIdentifier,
//!      signatureValue       BIT STRING  }
//!
//! TBSCertificate  ::=  SEQUENCE  {
//!      version         [0]  EXPLICIT Version DEFAULT v1,
//!      serialNumber         CertificateSerialNumber,
//!      signature            AlgorithmIdentifier,
//!      issuer               Name,
//!      validity             Validity,
//!      subject              Name,
//!      subjectPublicKeyInfo SubjectPublicKeyInfo,
//!      issuerUniqueID  [1]  IMPLICIT UniqueIdentifier OPTIONAL,
//!      subjectUniqueID [2]  IMPLICIT UniqueIdentifier OPTIONAL,
//!      extensions      [3]  EXPLICIT Extensions OPTIONAL }
//! ```

use std::fmt;

use crate::der::{
    self, BitString, DerError, DerErrorKind, Issue, IssueKind, IssueSink, Reader, Tlv, tag,
};
use crate::ext::{self, ExtValue, Extension};
use crate::key::PublicKey;
use crate::name::Name;
use crate::time::{self, TimeField};
use crate::{Oid, oids};

/// Why bytes could not be decoded as a certificate at all.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum DecodeError {
    /// The DER structure broke at `error.offset` while reading `field`.
    #[error("cannot decode {field}: {error}")]
    Der {
        /// The certificate field being read.
        field: &'static str,
        /// The underlying failure.
        error: DerError,
    },
}

impl DecodeError {
    /// Byte offset of the failure.
    pub fn offset(&self) -> usize {
        match self {
            DecodeError::Der { error, .. } => error.offset,
        }
    }
}

/// AlgorithmIdentifier (RFC 5280 4.1.1.2).
///
/// ```asn1
/// AlgorithmIdentifier ::= SEQUENCE { algorithm OBJECT IDENTIFIER, parameters ANY OPTIONAL }
/// ```
#[derive(Clone, Copy, Debug)]
pub struct AlgorithmIdentifier<'a> {
    /// The whole encoding (compared byte for byte by the BRs).
    pub raw: &'a [u8],
    /// algorithm
    pub oid: Oid<'a>,
    /// parameters, if present.
    pub params: Option<Tlv<'a>>,
}

impl<'a> AlgorithmIdentifier<'a> {
    /// Decodes an AlgorithmIdentifier from its TLV.
    pub fn parse(t: Tlv<'a>, sink: &IssueSink) -> Result<Self, DerError> {
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
}

/// SubjectPublicKeyInfo (RFC 5280 4.1.2.7).
///
/// ```asn1
/// SubjectPublicKeyInfo ::= SEQUENCE { algorithm AlgorithmIdentifier, subjectPublicKey BIT STRING }
/// ```
#[derive(Clone, Copy, Debug)]
pub struct SubjectPublicKeyInfo<'a> {
    /// The whole encoding.
    pub raw: &'a [u8],
    /// algorithm
    pub algorithm: AlgorithmIdentifier<'a>,
    /// subjectPublicKey
    pub public_key: BitString<'a>,
}

impl<'a> SubjectPublicKeyInfo<'a> {
    /// Decodes a SubjectPublicKeyInfo from its TLV.
    pub fn parse(t: Tlv<'a>, sink: &IssueSink) -> Result<Self, DerError> {
        let mut r = t.reader(sink);
        let algorithm =
            AlgorithmIdentifier::parse(r.read_required(tag::SEQUENCE, "algorithm")?, sink)?;
        let public_key =
            der::bit_string(&r.read_required(tag::BIT_STRING, "subjectPublicKey")?, sink)?;
        r.finish()?;
        Ok(SubjectPublicKeyInfo {
            raw: t.raw,
            algorithm,
            public_key,
        })
    }

    /// The key, as far as rootward understands it.
    pub fn key(&self) -> PublicKey {
        PublicKey::from_spki(self)
    }

    /// Whether this is a DSA key without domain parameters of its own
    /// (absent, or NULL as RFC 5280 6.1.4 (f) also allows): it inherits
    /// those of the key that signed its certificate (RFC 3279 2.3.2), and
    /// verifies only through [`SubjectPublicKeyInfo::with_parameters`].
    pub fn inherits_parameters(&self) -> bool {
        self.algorithm.oid == oids::DSA && self.algorithm.params.is_none_or(|p| p.tag == tag::NULL)
    }

    /// The working public key of RFC 5280 6.1.4 (d)-(f): this key with
    /// `params` (the working_public_key_parameters carried down the path,
    /// e.g. the issuer's Dss-Parms) as its algorithm's parameters, when it
    /// has none of its own; a key with its own parameters is returned as
    /// it is (6.1.4 (e)). `raw` and `algorithm.raw` stay the key's own
    /// encodings. The result verifies with [`crate::verify::verify`] and
    /// the functions built on it like any other key.
    pub fn with_parameters(&self, params: Tlv<'a>) -> SubjectPublicKeyInfo<'a> {
        let mut working = *self;
        if self.algorithm.params.is_none_or(|p| p.tag == tag::NULL) {
            working.algorithm.params = Some(params);
        }
        working
    }
}

/// The certificate version.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Version {
    /// v1 (0), including when the field is absent.
    V1,
    /// v2 (1)
    V2,
    /// v3 (2)
    V3,
    /// Any other value.
    Other(u64),
}

/// A decoded certificate, borrowing its DER.
#[derive(Clone, Debug)]
pub struct Certificate<'a> {
    /// The whole Certificate encoding.
    pub der: &'a [u8],
    /// The TBSCertificate encoding (what the signature covers).
    pub tbs: &'a [u8],
    /// version
    pub version: Version,
    /// Whether `version` was encoded explicitly as v1 (DEFAULT, forbidden by DER).
    pub version_explicit_v1: bool,
    /// serialNumber content octets (two's complement).
    pub serial: &'a [u8],
    /// TBSCertificate.signature
    pub tbs_signature: AlgorithmIdentifier<'a>,
    /// issuer
    pub issuer: Name<'a>,
    /// validity.notBefore
    pub not_before: TimeField<'a>,
    /// validity.notAfter
    pub not_after: TimeField<'a>,
    /// subject
    pub subject: Name<'a>,
    /// subjectPublicKeyInfo
    pub spki: SubjectPublicKeyInfo<'a>,
    /// issuerUniqueID
    pub issuer_unique_id: Option<BitString<'a>>,
    /// subjectUniqueID
    pub subject_unique_id: Option<BitString<'a>>,
    /// extensions: `None` when the field is absent, `Some(vec![])` when it is an empty SEQUENCE.
    pub extensions: Option<Vec<Extension<'a>>>,
    /// Certificate.signatureAlgorithm
    pub signature_algorithm: AlgorithmIdentifier<'a>,
    /// signatureValue
    pub signature: BitString<'a>,
    /// Bytes after the Certificate SEQUENCE in the input (OpenSSL "trusted" aux data, or junk).
    pub trailing: &'a [u8],
    /// Departures from DER that were tolerated, by offset.
    pub der_issues: Vec<Issue>,
}

impl<'a> Certificate<'a> {
    /// Decodes a certificate. Anything after the Certificate SEQUENCE is kept in `trailing`.
    pub fn parse(input: &'a [u8]) -> Result<Certificate<'a>, DecodeError> {
        let sink = IssueSink::default();
        let at = |field: &'static str| move |error: DerError| DecodeError::Der { field, error };
        let mut top = Reader::new(input, 0, &sink);
        let cert = top
            .read_required(tag::SEQUENCE, "Certificate")
            .map_err(at("Certificate"))?;
        let trailing = &input[cert.raw.len()..];
        let mut cr = cert.reader(&sink);
        let tbs = cr
            .read_required(tag::SEQUENCE, "tbsCertificate")
            .map_err(at("tbsCertificate"))?;
        let sig_alg = cr
            .read_required(tag::SEQUENCE, "signatureAlgorithm")
            .map_err(at("signatureAlgorithm"))?;
        let signature_algorithm =
            AlgorithmIdentifier::parse(sig_alg, &sink).map_err(at("signatureAlgorithm"))?;
        let sig = cr
            .read_required(tag::BIT_STRING, "signatureValue")
            .map_err(at("signatureValue"))?;
        let signature = der::bit_string(&sig, &sink).map_err(at("signatureValue"))?;
        cr.finish().map_err(at("Certificate"))?;

        let mut r = tbs.reader(&sink);
        let (version, version_explicit_v1) = match r.read_optional(0xa0).map_err(at("version"))? {
            Some(v) => {
                let mut vr = v.reader(&sink);
                let n = der::small_uint(
                    &vr.read_required(tag::INTEGER, "version")
                        .map_err(at("version"))?,
                    &sink,
                )
                .map_err(at("version"))?;
                vr.finish().map_err(at("version"))?;
                if n == 0 {
                    sink.push(
                        v.offset,
                        IssueKind::DefaultValueEncoded { field: "version" },
                    );
                }
                let ver = match n {
                    0 => Version::V1,
                    1 => Version::V2,
                    2 => Version::V3,
                    n => Version::Other(n),
                };
                (ver, n == 0)
            }
            None => (Version::V1, false),
        };
        let serial_tlv = r
            .read_required(tag::INTEGER, "serialNumber")
            .map_err(at("serialNumber"))?;
        let serial = der::integer(&serial_tlv, &sink);
        let tbs_signature = AlgorithmIdentifier::parse(
            r.read_required(tag::SEQUENCE, "signature")
                .map_err(at("signature"))?,
            &sink,
        )
        .map_err(at("signature"))?;
        let issuer = crate::name::read_name(&mut r, "issuer").map_err(at("issuer"))?;
        let validity = r
            .read_required(tag::SEQUENCE, "validity")
            .map_err(at("validity"))?;
        let mut vr = validity.reader(&sink);
        let time_field =
            |vr: &mut Reader<'a, '_>, what: &'static str| -> Result<TimeField<'a>, DecodeError> {
                if vr.is_empty() {
                    return Err(DecodeError::Der {
                        field: "validity",
                        error: DerError::new(vr.offset(), DerErrorKind::Missing { what }),
                    });
                }
                let t = vr.read().map_err(at("validity"))?;
                let time = time::decode(&t);
                Ok(TimeField { tlv: t, time })
            };
        let not_before = time_field(&mut vr, "notBefore")?;
        let not_after = time_field(&mut vr, "notAfter")?;
        vr.finish().map_err(at("validity"))?;
        let subject = crate::name::read_name(&mut r, "subject").map_err(at("subject"))?;
        let spki = SubjectPublicKeyInfo::parse(
            r.read_required(tag::SEQUENCE, "subjectPublicKeyInfo")
                .map_err(at("subjectPublicKeyInfo"))?,
            &sink,
        )
        .map_err(at("subjectPublicKeyInfo"))?;
        let issuer_unique_id = r
            .read_optional(0x81)
            .and_then(|o| o.map(|t| der::bit_string(&t, &sink)).transpose())
            .map_err(at("issuerUniqueID"))?;
        let subject_unique_id = r
            .read_optional(0x82)
            .and_then(|o| o.map(|t| der::bit_string(&t, &sink)).transpose())
            .map_err(at("subjectUniqueID"))?;
        let extensions = match r.read_optional(0xa3).map_err(at("extensions"))? {
            Some(e) => {
                let mut er = e.reader(&sink);
                let seq = er
                    .read_required(tag::SEQUENCE, "Extensions")
                    .map_err(at("extensions"))?;
                er.finish().map_err(at("extensions"))?;
                let list = seq
                    .reader(&sink)
                    .read_all(tag::SEQUENCE, |x| ext::parse_extension(x, &sink))
                    .map_err(at("extensions"))?;
                Some(list)
            }
            None => None,
        };
        r.finish().map_err(at("tbsCertificate"))?;
        Ok(Certificate {
            der: cert.raw,
            tbs: tbs.raw,
            version,
            version_explicit_v1,
            serial,
            tbs_signature,
            issuer,
            not_before,
            not_after,
            subject,
            spki,
            issuer_unique_id,
            subject_unique_id,
            extensions,
            signature_algorithm,
            signature,
            trailing,
            der_issues: sink.into_vec(),
        })
    }

    /// All extensions (empty when the field is absent).
    pub fn extensions(&self) -> &[Extension<'a>] {
        self.extensions.as_deref().unwrap_or(&[])
    }

    /// The first extension with this OID.
    pub fn extension(&self, oid: Oid<'_>) -> Option<&Extension<'a>> {
        self.extensions().iter().find(|e| e.oid == oid)
    }

    /// The typed value of the first extension with this OID, when it decoded.
    pub fn ext_value(&self, oid: Oid<'_>) -> Option<&ExtValue<'a>> {
        self.extension(oid).and_then(|e| e.parsed.as_ref().ok())
    }

    /// basicConstraints, when present and decodable.
    pub fn basic_constraints(&self) -> Option<ext::BasicConstraints> {
        match self.ext_value(oids::BASIC_CONSTRAINTS) {
            Some(ExtValue::BasicConstraints(b)) => Some(*b),
            _ => None,
        }
    }

    /// Whether basicConstraints asserts cA.
    pub fn is_ca(&self) -> bool {
        self.basic_constraints().is_some_and(|b| b.ca)
    }

    /// keyUsage, when present and decodable.
    pub fn key_usage(&self) -> Option<&ext::KeyUsage<'a>> {
        match self.ext_value(oids::KEY_USAGE) {
            Some(ExtValue::KeyUsage(k)) => Some(k),
            _ => None,
        }
    }

    /// extKeyUsage purposes, when present and decodable.
    pub fn ext_key_usage(&self) -> Option<&[Oid<'a>]> {
        match self.ext_value(oids::EXT_KEY_USAGE) {
            Some(ExtValue::ExtKeyUsage(v)) => Some(v),
            _ => None,
        }
    }

    /// certificatePolicies, when present and decodable.
    pub fn policies(&self) -> Option<&[ext::PolicyInformation<'a>]> {
        match self.ext_value(oids::CERTIFICATE_POLICIES) {
            Some(ExtValue::CertificatePolicies(v)) => Some(v),
            _ => None,
        }
    }

    /// subjectAltName entries, when present and decodable.
    pub fn subject_alt_names(&self) -> Option<&[crate::GeneralName<'a>]> {
        match self.ext_value(oids::SUBJECT_ALT_NAME) {
            Some(ExtValue::SubjectAltName(v)) => Some(v),
            _ => None,
        }
    }

    /// subjectKeyIdentifier, when present and decodable.
    pub fn subject_key_id(&self) -> Option<&'a [u8]> {
        match self.ext_value(oids::SUBJECT_KEY_IDENTIFIER) {
            Some(ExtValue::SubjectKeyIdentifier(v)) => Some(v),
            _ => None,
        }
    }

    /// authorityKeyIdentifier, when present and decodable.
    pub fn authority_key_id(&self) -> Option<&ext::AuthorityKeyIdentifier<'a>> {
        match self.ext_value(oids::AUTHORITY_KEY_IDENTIFIER) {
            Some(ExtValue::AuthorityKeyIdentifier(v)) => Some(v),
            _ => None,
        }
    }

    /// Whether issuer and subject encodings are identical (self-issued, RFC 5280 3.3).
    pub fn is_self_issued(&self) -> bool {
        self.issuer.raw == self.subject.raw
    }

    /// SHA-256 of the DER.
    pub fn sha256(&self) -> [u8; 32] {
        crate::digest::sha256(self.der)
    }

    /// SHA-1 of the DER.
    pub fn sha1(&self) -> [u8; 20] {
        crate::digest::sha1(self.der)
    }

    /// Serial number as uppercase hex of its content octets.
    pub fn serial_hex(&self) -> String {
        crate::hex_upper(self.serial)
    }

    /// Validity period in seconds (notAfter - notBefore + 1, RFC 5280 4.1.2.5 counts both ends).
    pub fn validity_seconds(&self) -> Option<i64> {
        Some(self.not_after.unix()? - self.not_before.unix()? + 1)
    }
}

impl fmt::Display for Version {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Version::V1 => f.write_str("v1"),
            Version::V2 => f.write_str("v2"),
            Version::V3 => f.write_str("v3"),
            Version::Other(n) => write!(f, "unknown version value {n}"),
        }
    }
}
