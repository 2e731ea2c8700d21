//! A CRL builder (RFC 5280 section 5), every field settable, for tests and
//! benchmarks. Entries are appended as encoded bytes, so building a CRL with
//! hundreds of thousands of entries costs little more than its size.

use crate::der;
use crate::ext::{Extension, GeneralName};
use crate::keys::{Key, SigAlg};
use crate::name::Name;

/// cRLNumber OID.
pub const CRL_NUMBER: &str = "2.5.29.20";
/// reasonCode OID.
pub const REASON_CODE: &str = "2.5.29.21";
/// invalidityDate OID.
pub const INVALIDITY_DATE: &str = "2.5.29.24";
/// deltaCRLIndicator OID.
pub const DELTA_CRL_INDICATOR: &str = "2.5.29.27";
/// issuingDistributionPoint OID.
pub const ISSUING_DISTRIBUTION_POINT: &str = "2.5.29.28";
/// certificateIssuer OID.
pub const CERTIFICATE_ISSUER: &str = "2.5.29.29";
/// authorityKeyIdentifier OID.
pub const AUTHORITY_KEY_IDENTIFIER: &str = "2.5.29.35";
/// freshestCRL OID.
pub const FRESHEST_CRL: &str = "2.5.29.46";

/// cRLNumber (non-critical).
pub fn crl_number(n: u64) -> Extension {
    Extension::new(CRL_NUMBER, None, der::int_u64(n))
}

/// authorityKeyIdentifier with keyIdentifier only (non-critical).
pub fn aki(key_id: &[u8]) -> Extension {
    Extension::new(
        AUTHORITY_KEY_IDENTIFIER,
        None,
        der::seq(&[&der::implicit(0, false, key_id)]),
    )
}

/// reasonCode (non-critical) with an ENUMERATED value.
pub fn reason_code(code: u8) -> Extension {
    Extension::new(REASON_CODE, None, der::tlv(0x0a, &[code]))
}

/// invalidityDate (non-critical), GeneralizedTime content such as `"20250101000000Z"`.
pub fn invalidity_date(gt: &str) -> Extension {
    Extension::new(INVALIDITY_DATE, None, der::generalized_time(gt))
}

/// certificateIssuer (critical) naming one directoryName.
pub fn certificate_issuer(name: &Name) -> Extension {
    Extension::new(
        CERTIFICATE_ISSUER,
        Some(true),
        der::seq(&[&GeneralName::DirName(name.clone()).to_der()]),
    )
}

/// deltaCRLIndicator (critical) with a base CRL number.
pub fn delta_crl_indicator(base: u64) -> Extension {
    Extension::new(DELTA_CRL_INDICATOR, Some(true), der::int_u64(base))
}

/// freshestCRL (non-critical) with one distribution point per URI.
pub fn freshest_crl(uris: &[&str]) -> Extension {
    let dps: Vec<Vec<u8>> = uris
        .iter()
        .map(|u| {
            let gn = GeneralName::Uri((*u).to_owned()).to_der();
            der::seq(&[&der::explicit(0, &der::implicit(0, true, &gn))])
        })
        .collect();
    Extension::new(FRESHEST_CRL, None, der::seq_vec(dps))
}

/// The fields of an IssuingDistributionPoint.
#[derive(Debug, Clone, Default)]
pub struct Idp {
    /// distributionPoint fullName.
    pub full_name: Option<Vec<GeneralName>>,
    /// onlyContainsUserCerts
    pub only_user: bool,
    /// onlyContainsCACerts
    pub only_ca: bool,
    /// onlySomeReasons as a named-bit BIT STRING TLV content (already encoded), if any.
    pub only_some_reasons: Option<Vec<usize>>,
    /// indirectCRL
    pub indirect: bool,
    /// onlyContainsAttributeCerts
    pub only_attribute: bool,
}

impl Idp {
    /// An IDP whose fullName is one URI.
    pub fn uri(u: &str) -> Idp {
        Idp {
            full_name: Some(vec![GeneralName::Uri(u.to_owned())]),
            ..Idp::default()
        }
    }

    /// The issuingDistributionPoint extension (critical).
    pub fn extension(&self) -> Extension {
        let mut parts = Vec::new();
        if let Some(names) = &self.full_name {
            let gns: Vec<u8> = names.iter().flat_map(GeneralName::to_der).collect();
            parts.push(der::explicit(0, &der::implicit(0, true, &gns)));
        }
        let b = |n: u8| der::implicit(n, false, &[0xff]);
        if self.only_user {
            parts.push(b(1));
        }
        if self.only_ca {
            parts.push(b(2));
        }
        if let Some(bits) = &self.only_some_reasons {
            let bs = der::named_bits(bits);
            parts.push(der::implicit(3, false, der::content_of(&bs)));
        }
        if self.indirect {
            parts.push(b(4));
        }
        if self.only_attribute {
            parts.push(b(5));
        }
        Extension::new(ISSUING_DISTRIBUTION_POINT, Some(true), der::seq_vec(parts))
    }
}

/// One revokedCertificates entry, encoded.
pub fn entry(
    serial_magnitude: &[u8],
    revocation_date_der: &[u8],
    extensions: &[Extension],
) -> Vec<u8> {
    let mut parts = vec![
        der::int_bytes(serial_magnitude),
        revocation_date_der.to_vec(),
    ];
    if !extensions.is_empty() {
        parts.push(der::seq_vec(
            extensions.iter().map(Extension::to_der).collect(),
        ));
    }
    der::seq_vec(parts)
}

/// Builds a CertificateList. Defaults: v2, the signer's default algorithm in
/// both places, thisUpdate 2025-03-01, nextUpdate 2025-03-05, no entries
/// (revokedCertificates absent), extensions AKI (signer key id) and cRLNumber 1.
#[derive(Debug, Clone)]
pub struct CrlBuilder {
    /// version DER (`None`: absent).
    pub version: Option<Vec<u8>>,
    /// TBSCertList.signature DER.
    pub tbs_sig_alg: Vec<u8>,
    /// CertificateList.signatureAlgorithm DER.
    pub outer_sig_alg: Vec<u8>,
    /// The algorithm actually used to sign.
    pub sign_alg: SigAlg,
    /// issuer Name DER.
    pub issuer: Vec<u8>,
    /// thisUpdate time DER.
    pub this_update: Vec<u8>,
    /// nextUpdate time DER (`None`: absent).
    pub next_update: Option<Vec<u8>>,
    /// revokedCertificates content (concatenated entries); `None`: absent.
    pub revoked: Option<Vec<u8>>,
    /// crlExtensions (`None`: absent; `Some(vec![])`: empty SEQUENCE).
    pub extensions: Option<Vec<Extension>>,
    /// The signing key.
    pub signer: &'static Key,
}

impl CrlBuilder {
    /// A compliant CRL by `issuer`, signed by `signer`.
    pub fn new(issuer: &Name, signer: &'static Key) -> CrlBuilder {
        let alg = signer.default_sig_alg();
        CrlBuilder {
            version: Some(der::int_u64(1)),
            tbs_sig_alg: alg.alg_id_der(),
            outer_sig_alg: alg.alg_id_der(),
            sign_alg: alg,
            issuer: issuer.to_der(),
            this_update: der::utc_time("250301000000Z"),
            next_update: Some(der::utc_time("250305000000Z")),
            revoked: None,
            extensions: Some(vec![aki(&signer.key_id()), crl_number(1)]),
            signer,
        }
    }

    /// Sets thisUpdate and nextUpdate as UTCTime contents (`None`: nextUpdate absent).
    pub fn times(mut self, this_update: &str, next_update: Option<&str>) -> Self {
        self.this_update = der::utc_time(this_update);
        self.next_update = next_update.map(der::utc_time);
        self
    }

    /// Appends an encoded entry (see [`entry`]).
    pub fn push_entry(&mut self, encoded: &[u8]) {
        self.revoked
            .get_or_insert_with(Vec::new)
            .extend_from_slice(encoded);
    }

    /// Appends an entry with a UTCTime revocation date.
    pub fn revoke(mut self, serial: &[u8], date: &str, extensions: &[Extension]) -> Self {
        self.push_entry(&entry(serial, &der::utc_time(date), extensions));
        self
    }

    /// Adds a CRL extension.
    pub fn extension(mut self, e: Extension) -> Self {
        self.extensions.get_or_insert_with(Vec::new).push(e);
        self
    }

    /// Removes every CRL extension with this OID.
    pub fn remove_extension(mut self, oid: &str) -> Self {
        if let Some(v) = self.extensions.as_mut() {
            v.retain(|e| e.oid != oid);
        }
        self
    }

    /// The TBSCertList DER.
    pub fn tbs(&self) -> Vec<u8> {
        let mut parts: Vec<Vec<u8>> = Vec::new();
        if let Some(v) = &self.version {
            parts.push(v.clone());
        }
        parts.push(self.tbs_sig_alg.clone());
        parts.push(self.issuer.clone());
        parts.push(self.this_update.clone());
        if let Some(n) = &self.next_update {
            parts.push(n.clone());
        }
        if let Some(r) = &self.revoked {
            parts.push(der::tlv(der::tag::SEQUENCE, r));
        }
        if let Some(exts) = &self.extensions {
            parts.push(der::explicit(
                0,
                &der::seq_vec(exts.iter().map(Extension::to_der).collect()),
            ));
        }
        der::seq_vec(parts)
    }

    /// The signed CertificateList DER.
    pub fn build(&self) -> Vec<u8> {
        let tbs = self.tbs();
        let sig = self.signer.sign_with(self.sign_alg, &tbs);
        der::seq(&[&tbs, &self.outer_sig_alg, &der::bit_string(0, &sig)])
    }
}
