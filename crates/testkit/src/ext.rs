//! Certificate extension encoders.
//!
//! Every encoder returns an [`Extension`] whose `value` is the DER that goes
//! inside the extnValue OCTET STRING. Default criticality follows common
//! practice (RFC 5280 and the Baseline Requirements) and is stated on each
//! function; change it with [`Extension::critical`], [`Extension::non_critical`]
//! or [`Extension::explicit_false`].

use crate::der::{self, StringKind};
use crate::name::Name;

/// Extension and related OIDs in dotted form.
pub mod oid {
    /// subjectDirectoryAttributes.
    pub const SUBJECT_DIRECTORY_ATTRIBUTES: &str = "2.5.29.9";
    /// subjectKeyIdentifier.
    pub const SUBJECT_KEY_IDENTIFIER: &str = "2.5.29.14";
    /// keyUsage.
    pub const KEY_USAGE: &str = "2.5.29.15";
    /// subjectAltName.
    pub const SUBJECT_ALT_NAME: &str = "2.5.29.17";
    /// issuerAltName.
    pub const ISSUER_ALT_NAME: &str = "2.5.29.18";
    /// basicConstraints.
    pub const BASIC_CONSTRAINTS: &str = "2.5.29.19";
    /// nameConstraints.
    pub const NAME_CONSTRAINTS: &str = "2.5.29.30";
    /// cRLDistributionPoints.
    pub const CRL_DISTRIBUTION_POINTS: &str = "2.5.29.31";
    /// certificatePolicies.
    pub const CERTIFICATE_POLICIES: &str = "2.5.29.32";
    /// anyPolicy.
    pub const ANY_POLICY: &str = "2.5.29.32.0";
    /// policyMappings.
    pub const POLICY_MAPPINGS: &str = "2.5.29.33";
    /// authorityKeyIdentifier.
    pub const AUTHORITY_KEY_IDENTIFIER: &str = "2.5.29.35";
    /// policyConstraints.
    pub const POLICY_CONSTRAINTS: &str = "2.5.29.36";
    /// extKeyUsage.
    pub const EXT_KEY_USAGE: &str = "2.5.29.37";
    /// freshestCRL.
    pub const FRESHEST_CRL: &str = "2.5.29.46";
    /// inhibitAnyPolicy.
    pub const INHIBIT_ANY_POLICY: &str = "2.5.29.54";
    /// authorityInfoAccess.
    pub const AUTHORITY_INFO_ACCESS: &str = "1.3.6.1.5.5.7.1.1";
    /// qcStatements.
    pub const QC_STATEMENTS: &str = "1.3.6.1.5.5.7.1.3";
    /// subjectInfoAccess.
    pub const SUBJECT_INFO_ACCESS: &str = "1.3.6.1.5.5.7.1.11";
    /// CT precertificate poison.
    pub const CT_POISON: &str = "1.3.6.1.4.1.11129.2.4.3";
    /// CT embedded SCT list.
    pub const CT_SCT_LIST: &str = "1.3.6.1.4.1.11129.2.4.2";
    /// S/MIME capabilities (RFC 4262).
    pub const SMIME_CAPABILITIES: &str = "1.2.840.113549.1.9.15";
    /// id-pkix-ocsp-nocheck.
    pub const OCSP_NO_CHECK: &str = "1.3.6.1.5.5.7.48.1.5";

    /// id-kp-serverAuth.
    pub const KP_SERVER_AUTH: &str = "1.3.6.1.5.5.7.3.1";
    /// id-kp-clientAuth.
    pub const KP_CLIENT_AUTH: &str = "1.3.6.1.5.5.7.3.2";
    /// id-kp-codeSigning.
    pub const KP_CODE_SIGNING: &str = "1.3.6.1.5.5.7.3.3";
    /// id-kp-emailProtection.
    pub const KP_EMAIL_PROTECTION: &str = "1.3.6.1.5.5.7.3.4";
    /// id-kp-timeStamping.
    pub const KP_TIME_STAMPING: &str = "1.3.6.1.5.5.7.3.8";
    /// id-kp-OCSPSigning.
    pub const KP_OCSP_SIGNING: &str = "1.3.6.1.5.5.7.3.9";
    /// anyExtendedKeyUsage.
    pub const ANY_EKU: &str = "2.5.29.37.0";

    /// id-ad-ocsp.
    pub const AD_OCSP: &str = "1.3.6.1.5.5.7.48.1";
    /// id-ad-caIssuers.
    pub const AD_CA_ISSUERS: &str = "1.3.6.1.5.5.7.48.2";

    /// id-qt-cps.
    pub const QT_CPS: &str = "1.3.6.1.5.5.7.2.1";
    /// id-qt-unotice.
    pub const QT_UNOTICE: &str = "1.3.6.1.5.5.7.2.2";

    /// id-on-SmtpUTF8Mailbox (RFC 9598).
    pub const ON_SMTP_UTF8_MAILBOX: &str = "1.3.6.1.5.5.7.8.9";
}

/// One certificate extension.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Extension {
    /// extnID in dotted form.
    pub oid: String,
    /// `None` omits the critical field (DER for FALSE); `Some(true)` encodes
    /// TRUE; `Some(false)` encodes an explicit FALSE (a DER violation).
    pub critical: Option<bool>,
    /// The extnValue contents, i.e. the inner DER.
    pub value: Vec<u8>,
}

impl Extension {
    /// An extension with the given fields.
    pub fn new(oid: &str, critical: Option<bool>, value: Vec<u8>) -> Extension {
        Extension {
            oid: oid.to_owned(),
            critical,
            value,
        }
    }

    /// Marks the extension critical (`Some(true)`).
    pub fn critical(mut self) -> Extension {
        self.critical = Some(true);
        self
    }

    /// Marks the extension non-critical, omitting the field (`None`).
    pub fn non_critical(mut self) -> Extension {
        self.critical = None;
        self
    }

    /// Encodes the critical field as an explicit FALSE (`Some(false)`, invalid DER).
    pub fn explicit_false(mut self) -> Extension {
        self.critical = Some(false);
        self
    }

    /// Sets the critical field directly.
    pub fn with_critical(mut self, critical: Option<bool>) -> Extension {
        self.critical = critical;
        self
    }

    /// Replaces the extnValue contents.
    pub fn with_value(mut self, value: Vec<u8>) -> Extension {
        self.value = value;
        self
    }

    /// The `Extension` SEQUENCE DER.
    pub fn to_der(&self) -> Vec<u8> {
        let mut parts = vec![der::oid(&self.oid)];
        if let Some(c) = self.critical {
            parts.push(der::boolean(c));
        }
        parts.push(der::octet_string(&self.value));
        der::seq_vec(parts)
    }
}

/// Any extension with the given OID, criticality and extnValue contents.
pub fn raw(oid: &str, critical: Option<bool>, value: Vec<u8>) -> Extension {
    Extension::new(oid, critical, value)
}

/// basicConstraints (critical). `cA` is omitted when false (DEFAULT FALSE).
pub fn basic_constraints(ca: bool, path_len: Option<u64>) -> Extension {
    let mut parts = Vec::new();
    if ca {
        parts.push(der::boolean(true));
    }
    if let Some(n) = path_len {
        parts.push(der::int_u64(n));
    }
    Extension::new(oid::BASIC_CONSTRAINTS, Some(true), der::seq_vec(parts))
}

/// keyUsage named bits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum KeyUsage {
    /// Bit 0.
    DigitalSignature = 0,
    /// Bit 1 (contentCommitment).
    NonRepudiation = 1,
    /// Bit 2.
    KeyEncipherment = 2,
    /// Bit 3.
    DataEncipherment = 3,
    /// Bit 4.
    KeyAgreement = 4,
    /// Bit 5.
    KeyCertSign = 5,
    /// Bit 6.
    CrlSign = 6,
    /// Bit 7.
    EncipherOnly = 7,
    /// Bit 8.
    DecipherOnly = 8,
}

/// The keyUsage BIT STRING for the given bits (DER named bit list).
pub fn key_usage_bits(bits: &[KeyUsage]) -> Vec<u8> {
    let positions: Vec<usize> = bits.iter().map(|b| *b as usize).collect();
    der::named_bits(&positions)
}

/// keyUsage (critical).
pub fn key_usage(bits: &[KeyUsage]) -> Extension {
    Extension::new(oid::KEY_USAGE, Some(true), key_usage_bits(bits))
}

/// extKeyUsage (non-critical) with the given KeyPurposeIds.
pub fn ext_key_usage(oids: &[&str]) -> Extension {
    Extension::new(
        oid::EXT_KEY_USAGE,
        None,
        der::seq_vec(oids.iter().map(|o| der::oid(o)).collect()),
    )
}

/// A GeneralName.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum GeneralName {
    /// `[1] rfc822Name` (IA5String).
    Rfc822(String),
    /// `[2] dNSName` (IA5String).
    Dns(String),
    /// `[6] uniformResourceIdentifier` (IA5String).
    Uri(String),
    /// `[7] iPAddress`: 4 or 16 bytes (8 or 32 in name constraints).
    Ip(Vec<u8>),
    /// `[4] directoryName` (explicit, since Name is a CHOICE).
    DirName(Name),
    /// `[0] otherName`: type-id and the complete DER of the value, which is
    /// wrapped in `[0] EXPLICIT`.
    OtherName(String, Vec<u8>),
    /// otherName of type id-on-SmtpUTF8Mailbox with a UTF8String value.
    SmtpUtf8Mailbox(String),
    /// `[8] registeredID`.
    RegisteredId(String),
    /// A complete GeneralName TLV written as-is.
    Raw(Vec<u8>),
}

impl GeneralName {
    /// The GeneralName DER.
    pub fn to_der(&self) -> Vec<u8> {
        match self {
            GeneralName::Rfc822(s) => der::implicit(1, false, s.as_bytes()),
            GeneralName::Dns(s) => der::implicit(2, false, s.as_bytes()),
            GeneralName::Uri(s) => der::implicit(6, false, s.as_bytes()),
            GeneralName::Ip(b) => der::implicit(7, false, b),
            GeneralName::DirName(n) => der::explicit(4, &n.to_der()),
            GeneralName::OtherName(type_id, value) => der::implicit(
                0,
                true,
                &[der::oid(type_id), der::explicit(0, value)].concat(),
            ),
            GeneralName::SmtpUtf8Mailbox(s) => {
                GeneralName::OtherName(oid::ON_SMTP_UTF8_MAILBOX.to_owned(), der::utf8(s)).to_der()
            }
            GeneralName::RegisteredId(o) => der::implicit(8, false, &der::oid_content(o)),
            GeneralName::Raw(b) => b.clone(),
        }
    }
}

/// GeneralNames (SEQUENCE OF GeneralName) DER.
pub fn general_names(names: &[GeneralName]) -> Vec<u8> {
    der::seq_vec(names.iter().map(GeneralName::to_der).collect())
}

/// subjectAltName (non-critical).
pub fn subject_alt_name(names: &[GeneralName]) -> Extension {
    Extension::new(oid::SUBJECT_ALT_NAME, None, general_names(names))
}

/// issuerAltName (non-critical).
pub fn issuer_alt_name(names: &[GeneralName]) -> Extension {
    Extension::new(oid::ISSUER_ALT_NAME, None, general_names(names))
}

/// A policy qualifier.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Qualifier {
    /// id-qt-cps with a CPS URI (IA5String).
    Cps(String),
    /// id-qt-unotice with an optional noticeRef and optional explicitText.
    UserNotice {
        /// noticeRef.
        notice_ref: Option<NoticeRef>,
        /// explicitText as (string kind, text).
        explicit_text: Option<(StringKind, String)>,
    },
}

/// A UserNotice noticeRef.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct NoticeRef {
    /// organization as (string kind, text).
    pub organization: (StringKind, String),
    /// noticeNumbers.
    pub notice_numbers: Vec<u64>,
}

impl Qualifier {
    /// A UserNotice with only explicitText.
    pub fn explicit_text(kind: StringKind, text: &str) -> Qualifier {
        Qualifier::UserNotice {
            notice_ref: None,
            explicit_text: Some((kind, text.to_owned())),
        }
    }

    /// PolicyQualifierInfo DER.
    pub fn to_der(&self) -> Vec<u8> {
        match self {
            Qualifier::Cps(uri) => der::seq(&[&der::oid(oid::QT_CPS), &der::ia5(uri)]),
            Qualifier::UserNotice {
                notice_ref,
                explicit_text,
            } => {
                let mut parts = Vec::new();
                if let Some(r) = notice_ref {
                    parts.push(der::seq(&[
                        &der::string(r.organization.0, &r.organization.1),
                        &der::seq_vec(r.notice_numbers.iter().map(|n| der::int_u64(*n)).collect()),
                    ]));
                }
                if let Some((kind, text)) = explicit_text {
                    parts.push(der::string(*kind, text));
                }
                der::seq(&[&der::oid(oid::QT_UNOTICE), &der::seq_vec(parts)])
            }
        }
    }
}

/// One PolicyInformation.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct PolicyInfo {
    /// policyIdentifier.
    pub oid: String,
    /// policyQualifiers (omitted when empty).
    pub qualifiers: Vec<Qualifier>,
}

impl PolicyInfo {
    /// A policy without qualifiers.
    pub fn new(oid: &str) -> PolicyInfo {
        PolicyInfo {
            oid: oid.to_owned(),
            qualifiers: Vec::new(),
        }
    }

    /// Adds a CPS URI qualifier.
    pub fn cps(mut self, uri: &str) -> PolicyInfo {
        self.qualifiers.push(Qualifier::Cps(uri.to_owned()));
        self
    }

    /// Adds a UserNotice qualifier with explicitText only.
    pub fn user_notice(mut self, kind: StringKind, text: &str) -> PolicyInfo {
        self.qualifiers.push(Qualifier::explicit_text(kind, text));
        self
    }

    /// Adds a UserNotice qualifier with a noticeRef and optional explicitText.
    pub fn user_notice_with_ref(
        mut self,
        organization: (StringKind, &str),
        notice_numbers: &[u64],
        explicit_text: Option<(StringKind, &str)>,
    ) -> PolicyInfo {
        self.qualifiers.push(Qualifier::UserNotice {
            notice_ref: Some(NoticeRef {
                organization: (organization.0, organization.1.to_owned()),
                notice_numbers: notice_numbers.to_vec(),
            }),
            explicit_text: explicit_text.map(|(k, t)| (k, t.to_owned())),
        });
        self
    }

    /// PolicyInformation DER.
    pub fn to_der(&self) -> Vec<u8> {
        let mut parts = vec![der::oid(&self.oid)];
        if !self.qualifiers.is_empty() {
            parts.push(der::seq_vec(
                self.qualifiers.iter().map(Qualifier::to_der).collect(),
            ));
        }
        der::seq_vec(parts)
    }
}

/// certificatePolicies (non-critical).
pub fn certificate_policies(policies: &[PolicyInfo]) -> Extension {
    Extension::new(
        oid::CERTIFICATE_POLICIES,
        None,
        der::seq_vec(policies.iter().map(PolicyInfo::to_der).collect()),
    )
}

/// certificatePolicies (non-critical) with the given policy OIDs and no qualifiers.
pub fn policies(oids: &[&str]) -> Extension {
    let infos: Vec<PolicyInfo> = oids.iter().map(|o| PolicyInfo::new(o)).collect();
    certificate_policies(&infos)
}

/// cRLDistributionPoints (non-critical): one DistributionPoint whose
/// fullName lists the given URIs.
pub fn crl_distribution_points(uris: &[&str]) -> Extension {
    let names: Vec<GeneralName> = uris
        .iter()
        .map(|u| GeneralName::Uri((*u).to_owned()))
        .collect();
    // DistributionPoint ::= SEQUENCE { distributionPoint [0] DistributionPointName }
    // DistributionPointName ::= CHOICE { fullName [0] GeneralNames, ... }
    let full_name = der::implicit(0, true, der::content_of(&general_names(&names)));
    let dp = der::seq(&[&der::explicit(0, &full_name)]);
    Extension::new(oid::CRL_DISTRIBUTION_POINTS, None, der::seq(&[&dp]))
}

/// authorityInfoAccess (non-critical) from (accessMethod OID, URI) pairs.
pub fn authority_info_access(entries: &[(&str, &str)]) -> Extension {
    Extension::new(
        oid::AUTHORITY_INFO_ACCESS,
        None,
        access_descriptions(entries),
    )
}

/// subjectInfoAccess (non-critical) from (accessMethod OID, URI) pairs.
pub fn subject_info_access(entries: &[(&str, &str)]) -> Extension {
    Extension::new(oid::SUBJECT_INFO_ACCESS, None, access_descriptions(entries))
}

fn access_descriptions(entries: &[(&str, &str)]) -> Vec<u8> {
    der::seq_vec(
        entries
            .iter()
            .map(|(method, uri)| {
                der::seq(&[
                    &der::oid(method),
                    &GeneralName::Uri((*uri).to_owned()).to_der(),
                ])
            })
            .collect(),
    )
}

/// subjectKeyIdentifier (non-critical).
pub fn subject_key_identifier(key_id: &[u8]) -> Extension {
    Extension::new(oid::SUBJECT_KEY_IDENTIFIER, None, der::octet_string(key_id))
}

/// authorityKeyIdentifier (non-critical) with only keyIdentifier.
pub fn authority_key_identifier(key_id: &[u8]) -> Extension {
    authority_key_identifier_full(Some(key_id), None)
}

/// authorityKeyIdentifier (non-critical) with any combination of
/// keyIdentifier and (authorityCertIssuer, authorityCertSerialNumber magnitude).
pub fn authority_key_identifier_full(
    key_id: Option<&[u8]>,
    issuer_and_serial: Option<(&[GeneralName], &[u8])>,
) -> Extension {
    let mut parts = Vec::new();
    if let Some(id) = key_id {
        parts.push(der::implicit(0, false, id));
    }
    if let Some((issuer, serial)) = issuer_and_serial {
        parts.push(der::implicit(
            1,
            true,
            der::content_of(&general_names(issuer)),
        ));
        parts.push(der::implicit(
            2,
            false,
            der::content_of(&der::int_bytes(serial)),
        ));
    }
    Extension::new(oid::AUTHORITY_KEY_IDENTIFIER, None, der::seq_vec(parts))
}

/// A GeneralSubtree for nameConstraints.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct GeneralSubtree {
    /// base.
    pub base: GeneralName,
    /// minimum (omitted when 0, its DEFAULT).
    pub minimum: u64,
    /// maximum.
    pub maximum: Option<u64>,
}

impl GeneralSubtree {
    /// A subtree with default minimum and no maximum.
    pub fn new(base: GeneralName) -> GeneralSubtree {
        GeneralSubtree {
            base,
            minimum: 0,
            maximum: None,
        }
    }

    /// GeneralSubtree DER.
    pub fn to_der(&self) -> Vec<u8> {
        let mut parts = vec![self.base.to_der()];
        if self.minimum != 0 {
            parts.push(der::implicit(
                0,
                false,
                der::content_of(&der::int_u64(self.minimum)),
            ));
        }
        if let Some(max) = self.maximum {
            parts.push(der::implicit(1, false, der::content_of(&der::int_u64(max))));
        }
        der::seq_vec(parts)
    }
}

/// nameConstraints (critical) from plain GeneralNames; an empty list omits
/// that field.
pub fn name_constraints(permitted: &[GeneralName], excluded: &[GeneralName]) -> Extension {
    let p: Vec<GeneralSubtree> = permitted.iter().cloned().map(GeneralSubtree::new).collect();
    let e: Vec<GeneralSubtree> = excluded.iter().cloned().map(GeneralSubtree::new).collect();
    name_constraints_subtrees(&p, &e)
}

/// nameConstraints (critical) from GeneralSubtrees; an empty list omits that field.
pub fn name_constraints_subtrees(
    permitted: &[GeneralSubtree],
    excluded: &[GeneralSubtree],
) -> Extension {
    let mut parts = Vec::new();
    for (tag, list) in [(0u8, permitted), (1u8, excluded)] {
        if !list.is_empty() {
            let subtrees: Vec<u8> = list.iter().flat_map(GeneralSubtree::to_der).collect();
            parts.push(der::implicit(tag, true, &subtrees));
        }
    }
    Extension::new(oid::NAME_CONSTRAINTS, Some(true), der::seq_vec(parts))
}

/// policyConstraints (critical).
pub fn policy_constraints(
    require_explicit_policy: Option<u64>,
    inhibit_policy_mapping: Option<u64>,
) -> Extension {
    let mut parts = Vec::new();
    if let Some(n) = require_explicit_policy {
        parts.push(der::implicit(0, false, der::content_of(&der::int_u64(n))));
    }
    if let Some(n) = inhibit_policy_mapping {
        parts.push(der::implicit(1, false, der::content_of(&der::int_u64(n))));
    }
    Extension::new(oid::POLICY_CONSTRAINTS, Some(true), der::seq_vec(parts))
}

/// inhibitAnyPolicy (critical) with SkipCerts.
pub fn inhibit_any_policy(skip_certs: u64) -> Extension {
    Extension::new(
        oid::INHIBIT_ANY_POLICY,
        Some(true),
        der::int_u64(skip_certs),
    )
}

/// policyMappings (critical) from (issuerDomainPolicy, subjectDomainPolicy) pairs.
pub fn policy_mappings(pairs: &[(&str, &str)]) -> Extension {
    Extension::new(
        oid::POLICY_MAPPINGS,
        Some(true),
        der::seq_vec(
            pairs
                .iter()
                .map(|(i, s)| der::seq(&[&der::oid(i), &der::oid(s)]))
                .collect(),
        ),
    )
}

/// CT precertificate poison (critical, value NULL).
pub fn ct_poison() -> Extension {
    Extension::new(oid::CT_POISON, Some(true), der::null())
}

/// id-pkix-ocsp-nocheck (non-critical, value NULL).
pub fn ocsp_no_check() -> Extension {
    Extension::new(oid::OCSP_NO_CHECK, None, der::null())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crldp_shape() {
        let e = crl_distribution_points(&["http://a/"]);
        assert_eq!(
            der::to_hex(&e.value),
            format!(
                "30{:02x}30{:02x}a0{:02x}a0{:02x}8609{}",
                17,
                15,
                13,
                11,
                der::to_hex(b"http://a/")
            )
        );
    }
}
