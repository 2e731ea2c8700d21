//! PKCS #10 certification requests (RFC 2986).
//!
//! ```asn1
//! CertificationRequest ::= SEQUENCE {
//!      certificationRequestInfo CertificationRequestInfo,
//!      signatureAlgorithm AlgorithmIdentifier,
//!      signature          BIT STRING }
//! CertificationRequestInfo ::= SEQUENCE {
//!      version       INTEGER { v1(0) },
//!      subject       Name,
//!      subjectPKInfo SubjectPublicKeyInfo,
//!      attributes    [0] Attributes }
//! ```
//!
//! The extensionRequest attribute (PKCS #9, 1.2.840.113549.1.9.14) carries
//! requested extensions; rootward reads the subjectAltName from it. Nothing
//! else a CSR asks for is trusted: the CA's profile decides.

use crate::certificate::{AlgorithmIdentifier, DecodeError, SubjectPublicKeyInfo};
use crate::der::{self, DerError, IssueSink, Reader, tag};
use crate::ext::{self, ExtValue, Extension};
use crate::general_name::GeneralName;
use crate::name::Name;
use crate::{Oid, oids};

/// extensionRequest (PKCS #9).
pub const EXTENSION_REQUEST: Oid<'static> =
    Oid::new(&[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x09, 0x0e]);

/// A decoded CSR, borrowing its DER.
#[derive(Debug)]
pub struct Csr<'a> {
    /// The whole encoding.
    pub der: &'a [u8],
    /// certificationRequestInfo (what the signature covers).
    pub info: &'a [u8],
    /// subject
    pub subject: Name<'a>,
    /// subjectPKInfo
    pub spki: SubjectPublicKeyInfo<'a>,
    /// Extensions requested through extensionRequest.
    pub extensions: Vec<Extension<'a>>,
    /// signatureAlgorithm
    pub signature_algorithm: AlgorithmIdentifier<'a>,
    /// signature
    pub signature: der::BitString<'a>,
}

impl<'a> Csr<'a> {
    /// Decodes a CSR.
    pub fn parse(input: &'a [u8]) -> Result<Csr<'a>, DecodeError> {
        let sink = IssueSink::default();
        let at = |field: &'static str| move |error: DerError| DecodeError::Der { field, error };
        let mut top = Reader::new(input, 0, &sink);
        let req = top
            .read_required(tag::SEQUENCE, "CertificationRequest")
            .map_err(at("CertificationRequest"))?;
        let mut r = req.reader(&sink);
        let info = r
            .read_required(tag::SEQUENCE, "certificationRequestInfo")
            .map_err(at("certificationRequestInfo"))?;
        let alg = r
            .read_required(tag::SEQUENCE, "signatureAlgorithm")
            .map_err(at("signatureAlgorithm"))?;
        let signature_algorithm =
            AlgorithmIdentifier::parse(alg, &sink).map_err(at("signatureAlgorithm"))?;
        let sig = r
            .read_required(tag::BIT_STRING, "signature")
            .map_err(at("signature"))?;
        let signature = der::bit_string(&sig, &sink).map_err(at("signature"))?;
        r.finish().map_err(at("CertificationRequest"))?;

        let mut ir = info.reader(&sink);
        let v = ir
            .read_required(tag::INTEGER, "version")
            .map_err(at("version"))?;
        if der::small_uint(&v, &sink).map_err(at("version"))? != 0 {
            return Err(DecodeError::Der {
                field: "version",
                error: DerError::invalid(v.offset, "CSR version must be v1 (0)"),
            });
        }
        let subject = crate::name::read_name(&mut ir, "subject").map_err(at("subject"))?;
        let spki_t = ir
            .read_required(tag::SEQUENCE, "subjectPKInfo")
            .map_err(at("subjectPKInfo"))?;
        let spki = SubjectPublicKeyInfo::parse(spki_t, &sink).map_err(at("subjectPKInfo"))?;
        let mut extensions = Vec::new();
        if let Some(attrs) = ir.read_optional(0xa0).map_err(at("attributes"))? {
            let mut ar = attrs.reader(&sink);
            while !ar.is_empty() {
                let a = ar.read_tag(tag::SEQUENCE).map_err(at("attributes"))?;
                let mut atr = a.reader(&sink);
                let t = der::oid(
                    &atr.read_required(tag::OID, "attribute type")
                        .map_err(at("attributes"))?,
                    &sink,
                )
                .map_err(at("attributes"))?;
                let values = atr
                    .read_required(tag::SET, "attribute values")
                    .map_err(at("attributes"))?;
                if t == EXTENSION_REQUEST {
                    let mut vr = values.reader(&sink);
                    let exts = vr
                        .read_required(tag::SEQUENCE, "Extensions")
                        .map_err(at("extensionRequest"))?;
                    extensions = exts
                        .reader(&sink)
                        .read_all(tag::SEQUENCE, |x| ext::parse_extension(x, &sink))
                        .map_err(at("extensionRequest"))?;
                }
            }
        }
        ir.finish().map_err(at("certificationRequestInfo"))?;
        Ok(Csr {
            der: req.raw,
            info: info.raw,
            subject,
            spki,
            extensions,
            signature_algorithm,
            signature,
        })
    }

    /// Verifies the CSR's self-signature (proof of possession of the private key).
    pub fn verify(&self) -> Result<(), crate::verify::VerifyError> {
        if self.signature.unused != 0 {
            return Err(crate::verify::VerifyError::MalformedSignature);
        }
        crate::verify::verify(
            &self.signature_algorithm,
            &self.spki,
            self.info,
            self.signature.bytes,
        )
    }

    /// The requested subjectAltName entries, if any.
    pub fn subject_alt_names(&self) -> &[GeneralName<'a>] {
        self.extensions
            .iter()
            .find(|e| e.oid == oids::SUBJECT_ALT_NAME)
            .and_then(|e| match &e.parsed {
                Ok(ExtValue::SubjectAltName(v)) => Some(v.as_slice()),
                _ => None,
            })
            .unwrap_or(&[])
    }
}
