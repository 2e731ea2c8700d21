//! Certificate extensions (RFC 5280 4.2) and their typed views.
//!
//! ```asn1
//! Extension ::= SEQUENCE {
//!      extnID      OBJECT IDENTIFIER,
//!      critical    BOOLEAN DEFAULT FALSE,
//!      extnValue   OCTET STRING }
//! ```
//!
//! Each known extension is decoded into an [`ExtValue`]; a value that does
//! not decode keeps its [`DerError`], so the linter can report it while still
//! checking everything else. Unknown extensions are kept raw.

use crate::Oid;
use crate::der::{self, BitString, DerError, IssueKind, IssueSink, Tlv, tag};
use crate::general_name::{self, GeneralName};
use crate::oids;

/// One extension as encoded.
#[derive(Clone, Debug)]
pub struct Extension<'a> {
    /// The Extension SEQUENCE.
    pub raw: &'a [u8],
    /// Absolute offset of the Extension SEQUENCE.
    pub offset: usize,
    /// extnID
    pub oid: Oid<'a>,
    /// The critical flag.
    pub critical: bool,
    /// Whether `critical` was encoded although FALSE (DER forbids encoding DEFAULT values).
    pub critical_encoded_false: bool,
    /// The contents of extnValue.
    pub value: &'a [u8],
    /// The typed view, or why the value did not decode.
    pub parsed: Result<ExtValue<'a>, DerError>,
}

/// Typed views of the extensions rootward understands.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub enum ExtValue<'a> {
    /// basicConstraints (4.2.1.9)
    BasicConstraints(BasicConstraints),
    /// keyUsage (4.2.1.3)
    KeyUsage(KeyUsage<'a>),
    /// extKeyUsage (4.2.1.12)
    ExtKeyUsage(Vec<Oid<'a>>),
    /// certificatePolicies (4.2.1.4)
    CertificatePolicies(Vec<PolicyInformation<'a>>),
    /// policyMappings (4.2.1.5): (issuerDomainPolicy, subjectDomainPolicy)
    PolicyMappings(Vec<(Oid<'a>, Oid<'a>)>),
    /// subjectAltName (4.2.1.6)
    SubjectAltName(Vec<GeneralName<'a>>),
    /// issuerAltName (4.2.1.7)
    IssuerAltName(Vec<GeneralName<'a>>),
    /// subjectDirectoryAttributes (4.2.1.8)
    SubjectDirectoryAttributes(Vec<(Oid<'a>, Vec<Tlv<'a>>)>),
    /// nameConstraints (4.2.1.10)
    NameConstraints(NameConstraints<'a>),
    /// policyConstraints (4.2.1.11)
    PolicyConstraints {
        /// requireExplicitPolicy
        require_explicit_policy: Option<u64>,
        /// inhibitPolicyMapping
        inhibit_policy_mapping: Option<u64>,
    },
    /// cRLDistributionPoints (4.2.1.13) and freshestCRL (4.2.1.15)
    CrlDistributionPoints(Vec<DistributionPoint<'a>>),
    /// inhibitAnyPolicy (4.2.1.14)
    InhibitAnyPolicy(u64),
    /// authorityInfoAccess (4.2.2.1) and subjectInfoAccess (4.2.2.2)
    InfoAccess(Vec<AccessDescription<'a>>),
    /// subjectKeyIdentifier (4.2.1.2)
    SubjectKeyIdentifier(&'a [u8]),
    /// authorityKeyIdentifier (4.2.1.1)
    AuthorityKeyIdentifier(AuthorityKeyIdentifier<'a>),
    /// CT precertificate poison (RFC 6962 3.1): NULL
    CtPoison,
    /// CT SCT list (RFC 6962 3.3): the TLS-encoded list inside the OCTET STRING.
    SctList(&'a [u8]),
    /// qcStatements (RFC 3739 3.2.6)
    QcStatements(Vec<QcStatement<'a>>),
    /// id-pkix-ocsp-nocheck (RFC 6960 4.2.2.2.1): NULL
    OcspNoCheck,
    /// Legal Entity Identifier and LEI role (S/MIME BR 7.1.2.3 l), as the encoded value.
    Lei(Tlv<'a>),
    /// An extension rootward has no typed view for.
    Unknown,
}

/// basicConstraints.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BasicConstraints {
    /// cA
    pub ca: bool,
    /// pathLenConstraint
    pub path_len: Option<u64>,
}

/// keyUsage bits (RFC 5280 4.2.1.3).
#[derive(Clone, Copy, Debug)]
pub struct KeyUsage<'a> {
    /// The BIT STRING.
    pub bits: BitString<'a>,
}

/// Named bits of keyUsage.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u8)]
pub enum KeyUsageBit {
    /// digitalSignature (0)
    DigitalSignature = 0,
    /// nonRepudiation / contentCommitment (1)
    NonRepudiation = 1,
    /// keyEncipherment (2)
    KeyEncipherment = 2,
    /// dataEncipherment (3)
    DataEncipherment = 3,
    /// keyAgreement (4)
    KeyAgreement = 4,
    /// keyCertSign (5)
    KeyCertSign = 5,
    /// cRLSign (6)
    CrlSign = 6,
    /// encipherOnly (7)
    EncipherOnly = 7,
    /// decipherOnly (8)
    DecipherOnly = 8,
}

impl KeyUsageBit {
    /// All bits in order.
    pub const ALL: [KeyUsageBit; 9] = [
        KeyUsageBit::DigitalSignature,
        KeyUsageBit::NonRepudiation,
        KeyUsageBit::KeyEncipherment,
        KeyUsageBit::DataEncipherment,
        KeyUsageBit::KeyAgreement,
        KeyUsageBit::KeyCertSign,
        KeyUsageBit::CrlSign,
        KeyUsageBit::EncipherOnly,
        KeyUsageBit::DecipherOnly,
    ];
    /// The ASN.1 name.
    pub fn name(self) -> &'static str {
        match self {
            KeyUsageBit::DigitalSignature => "digitalSignature",
            KeyUsageBit::NonRepudiation => "nonRepudiation",
            KeyUsageBit::KeyEncipherment => "keyEncipherment",
            KeyUsageBit::DataEncipherment => "dataEncipherment",
            KeyUsageBit::KeyAgreement => "keyAgreement",
            KeyUsageBit::KeyCertSign => "keyCertSign",
            KeyUsageBit::CrlSign => "cRLSign",
            KeyUsageBit::EncipherOnly => "encipherOnly",
            KeyUsageBit::DecipherOnly => "decipherOnly",
        }
    }
}

impl KeyUsage<'_> {
    /// Whether a bit is set.
    pub fn has(&self, b: KeyUsageBit) -> bool {
        self.bits.bit(b as usize)
    }
    /// The set bits.
    pub fn set_bits(&self) -> impl Iterator<Item = KeyUsageBit> + '_ {
        KeyUsageBit::ALL.into_iter().filter(|b| self.has(*b))
    }
    /// Whether any bit beyond decipherOnly is set.
    pub fn has_undefined_bits(&self) -> bool {
        (9..self.bits.bytes.len() * 8).any(|n| self.bits.bit(n))
    }
}

/// PolicyInformation.
#[derive(Clone, Debug)]
pub struct PolicyInformation<'a> {
    /// policyIdentifier
    pub oid: Oid<'a>,
    /// policyQualifiers
    pub qualifiers: Vec<PolicyQualifier<'a>>,
}

/// PolicyQualifierInfo, decoded for the two RFC 5280 qualifiers.
#[derive(Clone, Debug)]
pub enum PolicyQualifier<'a> {
    /// id-qt-cps: the CPS URI (its TLV, normally IA5String).
    Cps(Tlv<'a>),
    /// id-qt-unotice.
    UserNotice {
        /// noticeRef, raw, if present.
        notice_ref: Option<Tlv<'a>>,
        /// explicitText (DisplayText), if present.
        explicit_text: Option<Tlv<'a>>,
    },
    /// Any other qualifier.
    Other {
        /// policyQualifierId
        oid: Oid<'a>,
        /// The qualifier, if present.
        value: Option<Tlv<'a>>,
    },
}

/// DistributionPoint.
#[derive(Clone, Debug, Default)]
pub struct DistributionPoint<'a> {
    /// distributionPoint fullName.
    pub full_name: Option<Vec<GeneralName<'a>>>,
    /// distributionPoint nameRelativeToCRLIssuer, raw.
    pub relative_name: Option<&'a [u8]>,
    /// reasons, if present.
    pub reasons: Option<BitString<'a>>,
    /// cRLIssuer, if present.
    pub crl_issuer: Option<Vec<GeneralName<'a>>>,
}

/// AccessDescription.
#[derive(Clone, Debug)]
pub struct AccessDescription<'a> {
    /// accessMethod
    pub method: Oid<'a>,
    /// accessLocation
    pub location: GeneralName<'a>,
}

/// AuthorityKeyIdentifier.
#[derive(Clone, Debug, Default)]
pub struct AuthorityKeyIdentifier<'a> {
    /// keyIdentifier
    pub key_id: Option<&'a [u8]>,
    /// authorityCertIssuer
    pub issuer: Option<Vec<GeneralName<'a>>>,
    /// authorityCertSerialNumber
    pub serial: Option<&'a [u8]>,
}

/// NameConstraints.
#[derive(Clone, Debug, Default)]
pub struct NameConstraints<'a> {
    /// permittedSubtrees (None when absent).
    pub permitted: Option<Vec<GeneralSubtree<'a>>>,
    /// excludedSubtrees (None when absent).
    pub excluded: Option<Vec<GeneralSubtree<'a>>>,
}

/// GeneralSubtree.
#[derive(Clone, Debug)]
pub struct GeneralSubtree<'a> {
    /// base
    pub base: GeneralName<'a>,
    /// minimum, when encoded (DER requires it absent, as its default is 0).
    pub minimum: Option<u64>,
    /// maximum, when encoded.
    pub maximum: Option<u64>,
}

/// One QCStatement (RFC 3739 3.2.6).
#[derive(Clone, Debug)]
pub struct QcStatement<'a> {
    /// statementId
    pub oid: Oid<'a>,
    /// statementInfo, undecoded.
    pub info: Option<Tlv<'a>>,
}

/// Decodes one Extension SEQUENCE.
pub fn parse_extension<'a>(t: Tlv<'a>, sink: &IssueSink) -> Result<Extension<'a>, DerError> {
    let mut r = t.reader(sink);
    let oid = der::oid(&r.read_required(tag::OID, "extnID")?, sink)?;
    let mut critical = false;
    let mut critical_encoded_false = false;
    if let Some(b) = r.read_optional(tag::BOOLEAN)? {
        critical = der::boolean(&b, sink)?;
        if !critical {
            critical_encoded_false = true;
            sink.push(
                b.offset,
                IssueKind::DefaultValueEncoded { field: "critical" },
            );
        }
    }
    let value_tlv = r.read_required(tag::OCTET_STRING, "extnValue")?;
    r.finish()?;
    let parsed = parse_value(oid, value_tlv, sink);
    Ok(Extension {
        raw: t.raw,
        offset: t.offset,
        oid,
        critical,
        critical_encoded_false,
        value: value_tlv.value,
        parsed,
    })
}

/// Reads the single element an extnValue must hold.
fn single<'a>(
    v: Tlv<'a>,
    sink: &IssueSink,
    expected: u8,
    what: &'static str,
) -> Result<Tlv<'a>, DerError> {
    let mut r = v.reader(sink);
    let t = r.read_required(expected, what)?;
    r.finish()?;
    Ok(t)
}

fn parse_value<'a>(oid: Oid<'a>, v: Tlv<'a>, sink: &IssueSink) -> Result<ExtValue<'a>, DerError> {
    use ExtValue as E;
    Ok(match oid {
        oids::BASIC_CONSTRAINTS => {
            let s = single(v, sink, tag::SEQUENCE, "BasicConstraints")?;
            let mut r = s.reader(sink);
            let mut ca = false;
            if let Some(b) = r.read_optional(tag::BOOLEAN)? {
                ca = der::boolean(&b, sink)?;
                if !ca {
                    sink.push(b.offset, IssueKind::DefaultValueEncoded { field: "cA" });
                }
            }
            let path_len = r
                .read_optional(tag::INTEGER)?
                .map(|i| der::small_uint(&i, sink))
                .transpose()?;
            r.finish()?;
            E::BasicConstraints(BasicConstraints { ca, path_len })
        }
        oids::KEY_USAGE => {
            let b = single(v, sink, tag::BIT_STRING, "KeyUsage")?;
            // An empty value (03 01 00) is the DER of "no bit set", which
            // rfc5280.key_usage.no_bits reports; it is not a DER fault.
            let bits = der::named_bit_string(&b, sink)?;
            E::KeyUsage(KeyUsage { bits })
        }
        oids::EXT_KEY_USAGE => {
            let s = single(v, sink, tag::SEQUENCE, "ExtKeyUsageSyntax")?;
            E::ExtKeyUsage(s.reader(sink).read_all(tag::OID, |o| der::oid(&o, sink))?)
        }
        oids::CERTIFICATE_POLICIES => {
            let s = single(v, sink, tag::SEQUENCE, "certificatePolicies")?;
            E::CertificatePolicies(
                s.reader(sink)
                    .read_all(tag::SEQUENCE, |pi| parse_policy(pi, sink))?,
            )
        }
        oids::POLICY_MAPPINGS => {
            let s = single(v, sink, tag::SEQUENCE, "PolicyMappings")?;
            E::PolicyMappings(s.reader(sink).read_all(tag::SEQUENCE, |m| {
                let mut r = m.reader(sink);
                let a = der::oid(&r.read_required(tag::OID, "issuerDomainPolicy")?, sink)?;
                let b = der::oid(&r.read_required(tag::OID, "subjectDomainPolicy")?, sink)?;
                r.finish()?;
                Ok((a, b))
            })?)
        }
        oids::SUBJECT_ALT_NAME | oids::ISSUER_ALT_NAME => {
            let s = single(v, sink, tag::SEQUENCE, "GeneralNames")?;
            let names = general_name::parse_seq(&mut s.reader(sink))?;
            if oid == oids::SUBJECT_ALT_NAME {
                E::SubjectAltName(names)
            } else {
                E::IssuerAltName(names)
            }
        }
        oids::SUBJECT_DIRECTORY_ATTRIBUTES => {
            let s = single(v, sink, tag::SEQUENCE, "SubjectDirectoryAttributes")?;
            E::SubjectDirectoryAttributes(s.reader(sink).read_all(tag::SEQUENCE, |a| {
                let mut r = a.reader(sink);
                let t = der::oid(&r.read_required(tag::OID, "attribute type")?, sink)?;
                let set = r.read_required(tag::SET, "attribute values")?;
                r.finish()?;
                let mut sr = set.reader(sink);
                let mut vals = Vec::new();
                while !sr.is_empty() {
                    vals.push(sr.read()?);
                }
                Ok((t, vals))
            })?)
        }
        oids::NAME_CONSTRAINTS => {
            let s = single(v, sink, tag::SEQUENCE, "NameConstraints")?;
            let mut r = s.reader(sink);
            let subtrees = |t: Tlv<'a>| -> Result<Vec<GeneralSubtree<'a>>, DerError> {
                t.reader(sink).read_all(tag::SEQUENCE, |st| {
                    let mut sr = st.reader(sink);
                    let base = general_name::parse(sr.read()?, sink)?;
                    let minimum = sr
                        .read_optional(0x80)?
                        .map(|m| der::small_uint(&m, sink))
                        .transpose()?;
                    let maximum = sr
                        .read_optional(0x81)?
                        .map(|m| der::small_uint(&m, sink))
                        .transpose()?;
                    sr.finish()?;
                    Ok(GeneralSubtree {
                        base,
                        minimum,
                        maximum,
                    })
                })
            };
            let permitted = r.read_optional(0xa0)?.map(subtrees).transpose()?;
            let excluded = r.read_optional(0xa1)?.map(subtrees).transpose()?;
            r.finish()?;
            E::NameConstraints(NameConstraints {
                permitted,
                excluded,
            })
        }
        oids::POLICY_CONSTRAINTS => {
            let s = single(v, sink, tag::SEQUENCE, "PolicyConstraints")?;
            let mut r = s.reader(sink);
            let require_explicit_policy = r
                .read_optional(0x80)?
                .map(|m| der::small_uint(&m, sink))
                .transpose()?;
            let inhibit_policy_mapping = r
                .read_optional(0x81)?
                .map(|m| der::small_uint(&m, sink))
                .transpose()?;
            r.finish()?;
            E::PolicyConstraints {
                require_explicit_policy,
                inhibit_policy_mapping,
            }
        }
        oids::CRL_DISTRIBUTION_POINTS | oids::FRESHEST_CRL => {
            let s = single(v, sink, tag::SEQUENCE, "CRLDistributionPoints")?;
            E::CrlDistributionPoints(
                s.reader(sink)
                    .read_all(tag::SEQUENCE, |dp| parse_dp(dp, sink))?,
            )
        }
        oids::INHIBIT_ANY_POLICY => {
            let i = single(v, sink, tag::INTEGER, "InhibitAnyPolicy")?;
            E::InhibitAnyPolicy(der::small_uint(&i, sink)?)
        }
        oids::AUTHORITY_INFO_ACCESS | oids::SUBJECT_INFO_ACCESS => {
            let s = single(v, sink, tag::SEQUENCE, "AuthorityInfoAccessSyntax")?;
            E::InfoAccess(s.reader(sink).read_all(tag::SEQUENCE, |ad| {
                let mut r = ad.reader(sink);
                let method = der::oid(&r.read_required(tag::OID, "accessMethod")?, sink)?;
                if r.is_empty() {
                    return Err(DerError::new(
                        r.offset(),
                        der::DerErrorKind::Missing {
                            what: "accessLocation",
                        },
                    ));
                }
                let location = general_name::parse(r.read()?, sink)?;
                r.finish()?;
                Ok(AccessDescription { method, location })
            })?)
        }
        oids::SUBJECT_KEY_IDENTIFIER => {
            E::SubjectKeyIdentifier(single(v, sink, tag::OCTET_STRING, "KeyIdentifier")?.value)
        }
        oids::AUTHORITY_KEY_IDENTIFIER => {
            let s = single(v, sink, tag::SEQUENCE, "AuthorityKeyIdentifier")?;
            let mut r = s.reader(sink);
            let key_id = r.read_optional(0x80)?.map(|t| t.value);
            let issuer = r
                .read_optional(0xa1)?
                .map(|t| general_name::parse_seq(&mut t.reader(sink)))
                .transpose()?;
            let serial = r.read_optional(0x82)?.map(|t| der::integer(&t, sink));
            r.finish()?;
            E::AuthorityKeyIdentifier(AuthorityKeyIdentifier {
                key_id,
                issuer,
                serial,
            })
        }
        oids::CT_PRECERT_POISON | oids::OCSP_NO_CHECK => {
            let n = single(v, sink, tag::NULL, "NULL")?;
            if !n.value.is_empty() {
                return Err(DerError::invalid(n.offset, "NULL with content"));
            }
            if oid == oids::CT_PRECERT_POISON {
                E::CtPoison
            } else {
                E::OcspNoCheck
            }
        }
        oids::CT_SCT_LIST => {
            E::SctList(single(v, sink, tag::OCTET_STRING, "SignedCertificateTimestampList")?.value)
        }
        oids::QC_STATEMENTS => {
            let s = single(v, sink, tag::SEQUENCE, "QCStatements")?;
            E::QcStatements(s.reader(sink).read_all(tag::SEQUENCE, |q| {
                let mut r = q.reader(sink);
                let oid = der::oid(&r.read_required(tag::OID, "statementId")?, sink)?;
                let info = if r.is_empty() { None } else { Some(r.read()?) };
                r.finish()?;
                Ok(QcStatement { oid, info })
            })?)
        }
        oids::LEI | oids::LEI_ROLE => {
            let mut r = v.reader(sink);
            let t = r.read()?;
            r.finish()?;
            E::Lei(t)
        }
        _ => E::Unknown,
    })
}

fn parse_policy<'a>(pi: Tlv<'a>, sink: &IssueSink) -> Result<PolicyInformation<'a>, DerError> {
    let mut r = pi.reader(sink);
    let oid = der::oid(&r.read_required(tag::OID, "policyIdentifier")?, sink)?;
    let qualifiers = match r.read_optional(tag::SEQUENCE)? {
        Some(qs) if qs.value.is_empty() => {
            sink.push(
                qs.offset,
                IssueKind::EmptySequenceOf {
                    field: "policyQualifiers",
                },
            );
            Vec::new()
        }
        Some(qs) => qs.reader(sink).read_all(tag::SEQUENCE, |q| {
            let mut qr = q.reader(sink);
            let qid = der::oid(&qr.read_required(tag::OID, "policyQualifierId")?, sink)?;
            let value = if qr.is_empty() {
                None
            } else {
                Some(qr.read()?)
            };
            qr.finish()?;
            Ok(match (qid, value) {
                (oids::QT_CPS, Some(v)) => PolicyQualifier::Cps(v),
                (oids::QT_UNOTICE, Some(v)) if v.tag == tag::SEQUENCE => {
                    let mut ur = v.reader(sink);
                    let notice_ref = ur.read_optional(tag::SEQUENCE)?;
                    let explicit_text = if ur.is_empty() {
                        None
                    } else {
                        Some(ur.read()?)
                    };
                    ur.finish()?;
                    PolicyQualifier::UserNotice {
                        notice_ref,
                        explicit_text,
                    }
                }
                (oids::QT_UNOTICE, Some(v)) => {
                    return Err(DerError::new(
                        v.offset,
                        der::DerErrorKind::UnexpectedTag {
                            expected: tag::SEQUENCE,
                            found: v.tag,
                        },
                    ));
                }
                (oid, value) => PolicyQualifier::Other { oid, value },
            })
        })?,
        None => Vec::new(),
    };
    r.finish()?;
    Ok(PolicyInformation { oid, qualifiers })
}

fn parse_dp<'a>(dp: Tlv<'a>, sink: &IssueSink) -> Result<DistributionPoint<'a>, DerError> {
    let mut r = dp.reader(sink);
    let mut out = DistributionPoint::default();
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
    if let Some(b) = r.read_optional(0x81)? {
        out.reasons = Some(der::named_bit_string(&b, sink)?);
    }
    if let Some(i) = r.read_optional(0xa2)? {
        out.crl_issuer = Some(general_name::parse_seq(&mut i.reader(sink))?);
    }
    r.finish()?;
    Ok(out)
}
