//! Compliant starting points for lint tests: a root CA, an S/MIME
//! subordinate CA and S/MIME subscriber certificates that chain together
//! with real signatures (`root_ca() -> smime_subca() -> smime_leaf(..)`).
//!
//! Lint tests typically take a preset, break exactly one thing and check that
//! the lint fires, e.g.
//! `presets::smime_leaf(Validation::Mailbox, Generation::Strict).remove_extension(ext::oid::KEY_USAGE).build_signed()`.

use std::sync::OnceLock;

use crate::cert::CertBuilder;
use crate::ext::{self, GeneralName, KeyUsage, PolicyInfo, oid};
use crate::keys::{Key, KeyType};
use crate::name::Name;

/// S/MIME certificate type (validation level), S/MIME BR 7.1.6.1.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Validation {
    /// Mailbox-validated.
    Mailbox,
    /// Organization-validated.
    Organization,
    /// Sponsor-validated.
    Sponsored,
    /// Individual-validated.
    Individual,
}

impl Validation {
    /// All validation types.
    pub const ALL: [Validation; 4] = [
        Validation::Mailbox,
        Validation::Organization,
        Validation::Sponsored,
        Validation::Individual,
    ];
}

/// S/MIME profile generation, S/MIME BR 7.1.6.1.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Generation {
    /// Legacy.
    Legacy,
    /// Multipurpose.
    Multipurpose,
    /// Strict.
    Strict,
}

impl Generation {
    /// All generations.
    pub const ALL: [Generation; 3] = [
        Generation::Legacy,
        Generation::Multipurpose,
        Generation::Strict,
    ];
}

/// The reserved policy OID `2.23.140.1.5.{type}.{generation}`.
pub fn smime_policy_oid(validation: Validation, generation: Generation) -> String {
    let v = match validation {
        Validation::Mailbox => 1,
        Validation::Organization => 2,
        Validation::Sponsored => 3,
        Validation::Individual => 4,
    };
    let g = match generation {
        Generation::Legacy => 1,
        Generation::Multipurpose => 2,
        Generation::Strict => 3,
    };
    format!("2.23.140.1.5.{v}.{g}")
}

/// Mailbox address used by the leaf presets.
pub const LEAF_EMAIL: &str = "alice@example.com";
/// CRL URL in leaf certificates (the S/MIME CA's CRL).
pub const SMIME_CA_CRL_URL: &str = "http://crl.example.com/ca.crl";
/// caIssuers URL in leaf certificates.
pub const SMIME_CA_ISSUERS_URL: &str = "http://ca.example.com/ca.crt";
/// OCSP URL in leaf certificates.
pub const SMIME_CA_OCSP_URL: &str = "http://ocsp.example.com";
/// CRL URL in the subordinate CA certificate (the root's CRL).
pub const ROOT_CRL_URL: &str = "http://crl.example.com/root.crl";
/// caIssuers URL in the subordinate CA certificate.
pub const ROOT_ISSUERS_URL: &str = "http://ca.example.com/root.crt";
/// OCSP URL in the subordinate CA certificate.
pub const ROOT_OCSP_URL: &str = "http://ocsp.example.com/root";
/// CPS URL in the subordinate CA certificate.
pub const CPS_URL: &str = "https://example.com/cps";

/// Serial number of the root preset.
pub const ROOT_SERIAL: [u8; 16] = [
    0x1b, 0x72, 0xe0, 0x4d, 0x93, 0x5a, 0x28, 0xc1, 0x6f, 0x0e, 0xb7, 0x34, 0xd9, 0x81, 0x46, 0xfa,
];
/// Serial number of the S/MIME subordinate CA preset.
pub const SUBCA_SERIAL: [u8; 16] = [
    0x2c, 0x85, 0x1f, 0xe6, 0x40, 0xbb, 0x73, 0x09, 0xd2, 0x5e, 0x98, 0x17, 0xa3, 0x6c, 0xf1, 0x24,
];
/// Serial number of the S/MIME leaf presets.
pub const LEAF_SERIAL: [u8; 16] = [
    0x5d, 0x0b, 0xc4, 0x79, 0x22, 0xe8, 0x96, 0x3f, 0x61, 0xad, 0x07, 0x58, 0xbe, 0x13, 0x8a, 0xd4,
];

static ROOT_KEY: OnceLock<Key> = OnceLock::new();
static SMIME_CA_KEY: OnceLock<Key> = OnceLock::new();

/// The root CA key (P-384; a separate cached key, not [`Key::p384`]).
pub fn root_key() -> &'static Key {
    ROOT_KEY.get_or_init(|| Key::generate(KeyType::P384))
}

/// The S/MIME issuing CA key (P-256; a separate cached key, not [`Key::p256`]).
/// It signs the leaf presets and is the subject key of [`smime_subca`].
pub fn smime_ca_key() -> &'static Key {
    SMIME_CA_KEY.get_or_init(|| Key::generate(KeyType::P256))
}

/// The subject key of the leaf presets (the cached [`Key::rsa2048`]).
pub fn leaf_key() -> &'static Key {
    Key::rsa2048()
}

/// `CN=Testkit Root CA, O=Testkit, C=US` (encoded C, O, CN).
pub fn root_name() -> Name {
    Name::new().c("US").o("Testkit").cn("Testkit Root CA")
}

/// `CN=Testkit S/MIME CA, O=Testkit, C=US` (encoded C, O, CN).
pub fn smime_ca_name() -> Name {
    Name::new().c("US").o("Testkit").cn("Testkit S/MIME CA")
}

/// The subject Name a leaf preset uses for a validation type.
pub fn smime_leaf_subject(validation: Validation) -> Name {
    match validation {
        Validation::Mailbox => Name::new().cn(LEAF_EMAIL),
        Validation::Organization => Name::new()
            .c("DE")
            .o("Example Org")
            .org_id("VATDE-123456789")
            .cn("Example Org"),
        Validation::Sponsored => Name::new()
            .c("DE")
            .o("Example Org")
            .org_id("VATDE-123456789")
            .given_name("Alice")
            .surname("Example")
            .cn("Alice Example"),
        Validation::Individual => Name::new()
            .c("US")
            .given_name("Alice")
            .surname("Example")
            .cn("Alice Example"),
    }
}

/// A self-signed root CA: P-384 [`root_key`], subject/issuer [`root_name`],
/// validity 2025-01-01 for 20 years, basicConstraints (critical, cA, no
/// pathLen), keyUsage (critical, keyCertSign + cRLSign), SKI; no EKU and no
/// certificatePolicies. Signer: [`root_key`].
pub fn root_ca() -> CertBuilder {
    let key = root_key();
    CertBuilder::new()
        .serial(&ROOT_SERIAL)
        .issuer(&root_name())
        .subject(&root_name())
        .validity_days("2025-01-01T00:00:00Z", 7305)
        .subject_key(key)
        .extension(ext::basic_constraints(true, None))
        .extension(ext::key_usage(&[KeyUsage::KeyCertSign, KeyUsage::CrlSign]))
        .extension(ext::subject_key_identifier(&key.key_id()))
        .signer(key)
}

/// An S/MIME subordinate CA (S/MIME BR 7.1.2.2) issued by [`root_ca`]:
/// subject [`smime_ca_name`], key [`smime_ca_key`], validity 2025-01-01 for 5
/// years, basicConstraints (critical, cA, pathLen 0), keyUsage (critical,
/// keyCertSign + cRLSign), EKU emailProtection, certificatePolicies
/// 2.23.140.1.5.2.3 with a CPS qualifier, CRLDP, AIA, AKI, SKI. Signer: [`root_key`].
pub fn smime_subca() -> CertBuilder {
    let key = smime_ca_key();
    CertBuilder::new()
        .serial(&SUBCA_SERIAL)
        .issuer(&root_name())
        .subject(&smime_ca_name())
        .validity_days("2025-01-01T00:00:00Z", 1826)
        .subject_key(key)
        .extension(ext::basic_constraints(true, Some(0)))
        .extension(ext::key_usage(&[KeyUsage::KeyCertSign, KeyUsage::CrlSign]))
        .extension(ext::ext_key_usage(&[oid::KP_EMAIL_PROTECTION]))
        .extension(ext::certificate_policies(&[PolicyInfo::new(
            "2.23.140.1.5.2.3",
        )
        .cps(CPS_URL)]))
        .extension(ext::crl_distribution_points(&[ROOT_CRL_URL]))
        .extension(ext::authority_info_access(&[
            (oid::AD_CA_ISSUERS, ROOT_ISSUERS_URL),
            (oid::AD_OCSP, ROOT_OCSP_URL),
        ]))
        .extension(ext::authority_key_identifier(&root_key().key_id()))
        .extension(ext::subject_key_identifier(&key.key_id()))
        .signer(root_key())
}

/// An S/MIME subscriber certificate compliant with the S/MIME Baseline
/// Requirements for the given type and generation, issued by
/// [`smime_subca`]: RSA-2048 [`leaf_key`], validity 2025-03-01 for 365 days,
/// keyUsage (critical, digitalSignature + keyEncipherment), EKU
/// emailProtection, certificatePolicies with only the reserved OID, CRLDP,
/// AIA (caIssuers + OCSP), AKI, SKI, SAN rfc822Name `alice@example.com`, and
/// the subject from [`smime_leaf_subject`]. Signer: [`smime_ca_key`].
pub fn smime_leaf(validation: Validation, generation: Generation) -> CertBuilder {
    let key = leaf_key();
    let policy = smime_policy_oid(validation, generation);
    CertBuilder::new()
        .serial(&LEAF_SERIAL)
        .issuer(&smime_ca_name())
        .subject(&smime_leaf_subject(validation))
        .validity_days("2025-03-01T00:00:00Z", 365)
        .subject_key(key)
        .extension(ext::key_usage(&[
            KeyUsage::DigitalSignature,
            KeyUsage::KeyEncipherment,
        ]))
        .extension(ext::ext_key_usage(&[oid::KP_EMAIL_PROTECTION]))
        .extension(ext::policies(&[&policy]))
        .extension(ext::crl_distribution_points(&[SMIME_CA_CRL_URL]))
        .extension(ext::authority_info_access(&[
            (oid::AD_CA_ISSUERS, SMIME_CA_ISSUERS_URL),
            (oid::AD_OCSP, SMIME_CA_OCSP_URL),
        ]))
        .extension(ext::authority_key_identifier(&smime_ca_key().key_id()))
        .extension(ext::subject_key_identifier(&key.key_id()))
        .extension(ext::subject_alt_name(&[GeneralName::Rfc822(
            LEAF_EMAIL.to_owned(),
        )]))
        .signer(smime_ca_key())
}

/// A built chain of DER certificates.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Chain {
    /// The root CA certificate.
    pub root: Vec<u8>,
    /// The S/MIME subordinate CA certificate.
    pub subca: Vec<u8>,
    /// The subscriber certificate.
    pub leaf: Vec<u8>,
}

/// Builds `root_ca() -> smime_subca() -> smime_leaf(validation, generation)`.
pub fn smime_chain(validation: Validation, generation: Generation) -> Chain {
    Chain {
        root: root_ca().build_signed(),
        subca: smime_subca().build_signed(),
        leaf: smime_leaf(validation, generation).build_signed(),
    }
}
