//! Certificate profiles: TOML files describing the shape of what a CA issues.
//!
//! A profile fixes everything the CA decides (extensions, criticality, EKUs,
//! policies, URLs, validity, allowed key types) and says which subject
//! attributes and SAN types a request may or must supply. A profile is
//! checked when it is loaded by building a sample certificate from it and
//! linting that sample against the profile's lint profile: a profile that
//! would produce a non-compliant certificate is refused before any key is used.

use serde::Deserialize;

use crate::signer::{KeyAlgorithm, Signer};

/// Why a profile cannot be used.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ProfileError {
    /// The TOML does not parse or has unknown fields.
    #[error("profile {name}: {message}")]
    Syntax {
        /// File or profile name.
        name: String,
        /// The parser's message, with line and column.
        message: String,
    },
    /// A value is not acceptable.
    #[error("profile {name}: {field}: {message}")]
    Invalid {
        /// Profile name.
        name: String,
        /// The field.
        field: &'static str,
        /// What is wrong.
        message: String,
    },
    /// A sample certificate built from the profile fails linting.
    #[error("profile {name} would issue non-compliant certificates: {}", findings.join("; "))]
    NonCompliant {
        /// Profile name.
        name: String,
        /// The error findings, as `code: message [citation]`.
        findings: Vec<String>,
    },
}

/// What kind of certificate a profile issues.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    /// A self-signed root.
    Root,
    /// A subordinate CA (including cross-certificates).
    Subca,
    /// A subscriber (end-entity) certificate.
    Leaf,
    /// A delegated OCSP responder.
    OcspResponder,
}

/// A certificate profile.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CertProfile {
    /// Profile name.
    pub name: String,
    /// What it is for.
    #[serde(default)]
    pub description: String,
    /// Root, sub-CA, leaf or OCSP responder.
    pub kind: Kind,
    /// The `rootward lint` profile issued certificates are checked against.
    pub lint_profile: String,
    /// Validity.
    pub validity: Validity,
    /// Subject attributes.
    #[serde(default)]
    pub subject: SubjectRules,
    /// Allowed key algorithms of the subject key (names as in [`KeyAlgorithm::name`]).
    pub key_types: Vec<String>,
    /// basicConstraints; absent means not included.
    pub basic_constraints: Option<BasicConstraints>,
    /// keyUsage bits (RFC 5280 names).
    pub key_usage: Vec<String>,
    /// extKeyUsage purposes (names or dotted OIDs); empty means no extension.
    #[serde(default)]
    pub extended_key_usage: Vec<String>,
    /// certificatePolicies; empty means no extension.
    #[serde(default)]
    pub policies: Vec<Policy>,
    /// cRLDistributionPoints URIs; empty means no extension. With
    /// `crl_partitions`, `{partition}` in a URL is replaced by the
    /// certificate's partition number (see [`crate::crl::partition_of`]).
    #[serde(default)]
    pub crl_urls: Vec<String>,
    /// Number of CRL partitions (0: one full CRL).
    #[serde(default)]
    pub crl_partitions: u32,
    /// authorityInfoAccess caIssuers URIs.
    #[serde(default)]
    pub ca_issuers_urls: Vec<String>,
    /// authorityInfoAccess OCSP URIs.
    #[serde(default)]
    pub ocsp_urls: Vec<String>,
    /// subjectAltName rules; absent means no SAN may be requested.
    pub subject_alt_name: Option<SanRules>,
    /// Include id-pkix-ocsp-nocheck (OCSP responder profiles, RFC 6960 4.2.2.2.1).
    #[serde(default)]
    pub ocsp_no_check: bool,
    /// nameConstraints permitted subtrees, for technically constrained CAs.
    #[serde(default)]
    pub name_constraints: Option<NameConstraints>,
    /// Extensions whose criticality departs from the defaults of [`Criticality`].
    #[serde(default)]
    pub critical: Criticality,
    /// A representative request, used to check the profile when it is loaded.
    #[serde(default)]
    pub sample: Option<Sample>,
}

/// Whether each extension the profile controls is marked critical: `[critical]`
/// in the TOML, e.g. `name_constraints = false`. An unset entry takes its
/// default, the marking RFC 5280 and the Baseline Requirements ask for; a
/// marking they forbid makes the profile fail its load-time lint.
/// subjectKeyIdentifier and authorityKeyIdentifier are never critical (RFC
/// 5280 4.2.1.1, 4.2.1.2), and subjectAltName is critical exactly when the
/// subject is empty (RFC 5280 4.2.1.6), so those are not settable.
#[derive(Clone, Copy, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Criticality {
    /// Default critical (RFC 5280 4.2.1.9: MUST in CA certificates).
    pub basic_constraints: Option<bool>,
    /// Default critical (RFC 5280 4.2.1.3 SHOULD; the BR profiles require it).
    pub key_usage: Option<bool>,
    /// Default non-critical (TLS BR 7.1.2.7.10, SMIME BR 7.1.2.3(f)).
    pub extended_key_usage: Option<bool>,
    /// Default non-critical (TLS BR 7.1.2.7.9; SMIME BR 7.1.2.3(a)).
    pub certificate_policies: Option<bool>,
    /// Default non-critical (TLS BR 7.1.2.11.2; SMIME BR 7.1.2.3(b)).
    pub crl_distribution_points: Option<bool>,
    /// Default non-critical (RFC 5280 4.2.2.1: MUST be non-critical).
    pub authority_info_access: Option<bool>,
    /// Default critical (RFC 5280 4.2.1.10 MUST; TLS BR 7.1.2.10.8 allows
    /// non-critical for legacy applications).
    pub name_constraints: Option<bool>,
    /// Default non-critical (RFC 6960 4.2.2.2.1).
    pub ocsp_no_check: Option<bool>,
}

/// A representative request for the load-time check.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Sample {
    /// Subject attributes by short name.
    #[serde(default)]
    pub subject: std::collections::BTreeMap<String, String>,
    /// subjectAltName entries as `email:…`, `dns:…` or `ip:…`.
    #[serde(default)]
    pub sans: Vec<String>,
}

/// Validity settings.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Validity {
    /// Days of validity, counted as 86,400 s each; notAfter is notBefore + days x 86,400 - 1 s
    /// so the RFC 5280 inclusive period is exactly `days` days.
    pub days: u32,
}

/// Subject attribute rules.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SubjectRules {
    /// Attributes a request must supply (short names: CN, O, OU, C, ST, L, ...).
    #[serde(default)]
    pub required: Vec<String>,
    /// Attributes a request may supply in addition.
    #[serde(default)]
    pub optional: Vec<String>,
}

/// basicConstraints.
#[derive(Clone, Copy, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BasicConstraints {
    /// cA.
    pub ca: bool,
    /// pathLenConstraint.
    pub path_len: Option<u8>,
}

/// A policy and its optional CPS URI.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Policy {
    /// Dotted OID.
    pub oid: String,
    /// id-qt-cps qualifier.
    pub cps: Option<String>,
}

/// subjectAltName rules.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SanRules {
    /// Whether at least one entry is required.
    pub required: bool,
    /// Allowed entry types: "email" (rfc822Name, or SmtpUTF8Mailbox when non-ASCII), "dns", "ip".
    pub types: Vec<String>,
}

/// nameConstraints permitted subtrees.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NameConstraints {
    /// rfc822Name permitted subtrees (domains, or ".domain").
    #[serde(default)]
    pub email: Vec<String>,
    /// dNSName permitted subtrees.
    #[serde(default)]
    pub dns: Vec<String>,
}

/// Subject attribute short names rootward issues, their OIDs and string types
/// (countryName PrintableString per X.520; emailAddress IA5String per PKCS #9;
/// the rest UTF8String per RFC 5280 4.1.2.4).
pub const ATTRIBUTES: &[(&str, &str, AttrString)] = &[
    ("C", "2.5.4.6", AttrString::Printable),
    ("ST", "2.5.4.8", AttrString::Utf8),
    ("L", "2.5.4.7", AttrString::Utf8),
    ("postalCode", "2.5.4.17", AttrString::Utf8),
    ("street", "2.5.4.9", AttrString::Utf8),
    ("O", "2.5.4.10", AttrString::Utf8),
    ("OU", "2.5.4.11", AttrString::Utf8),
    ("organizationIdentifier", "2.5.4.97", AttrString::Utf8),
    ("serialNumber", "2.5.4.5", AttrString::Printable),
    ("givenName", "2.5.4.42", AttrString::Utf8),
    ("surname", "2.5.4.4", AttrString::Utf8),
    ("pseudonym", "2.5.4.65", AttrString::Utf8),
    ("title", "2.5.4.12", AttrString::Utf8),
    ("CN", "2.5.4.3", AttrString::Utf8),
    ("emailAddress", "1.2.840.113549.1.9.1", AttrString::Ia5),
];

/// The ASN.1 string type an attribute is issued with.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AttrString {
    /// UTF8String.
    Utf8,
    /// PrintableString.
    Printable,
    /// IA5String.
    Ia5,
}

/// keyUsage bit names (RFC 5280 4.2.1.3) and numbers.
pub const KEY_USAGE_BITS: &[(&str, usize)] = &[
    ("digitalSignature", 0),
    ("nonRepudiation", 1),
    ("keyEncipherment", 2),
    ("dataEncipherment", 3),
    ("keyAgreement", 4),
    ("keyCertSign", 5),
    ("cRLSign", 6),
    ("encipherOnly", 7),
    ("decipherOnly", 8),
];

/// EKU names and OIDs (RFC 5280 4.2.1.12, RFC 6962).
pub const EKU_NAMES: &[(&str, &str)] = &[
    ("serverAuth", "1.3.6.1.5.5.7.3.1"),
    ("clientAuth", "1.3.6.1.5.5.7.3.2"),
    ("codeSigning", "1.3.6.1.5.5.7.3.3"),
    ("emailProtection", "1.3.6.1.5.5.7.3.4"),
    ("timeStamping", "1.3.6.1.5.5.7.3.8"),
    ("OCSPSigning", "1.3.6.1.5.5.7.3.9"),
];

impl CertProfile {
    /// Parses a profile from TOML text (`name` names the source in errors).
    pub fn from_toml(name: &str, text: &str) -> Result<CertProfile, ProfileError> {
        let p: CertProfile = toml::from_str(text).map_err(|e| ProfileError::Syntax {
            name: name.to_string(),
            message: e.to_string(),
        })?;
        p.check_fields()?;
        Ok(p)
    }

    fn invalid(&self, field: &'static str, message: impl Into<String>) -> ProfileError {
        ProfileError::Invalid {
            name: self.name.clone(),
            field,
            message: message.into(),
        }
    }

    fn check_fields(&self) -> Result<(), ProfileError> {
        if lint::Profile::from_name(&self.lint_profile).is_none() {
            return Err(self.invalid(
                "lint_profile",
                format!("unknown lint profile {:?}", self.lint_profile),
            ));
        }
        if self.validity.days == 0 {
            return Err(self.invalid("validity.days", "must be at least 1"));
        }
        if self.key_types.is_empty() {
            return Err(self.invalid("key_types", "at least one key type is required"));
        }
        for k in &self.key_types {
            if KeyAlgorithm::from_name(k).is_none() {
                return Err(self.invalid("key_types", format!("unknown key type {k:?}")));
            }
        }
        for a in self.subject.required.iter().chain(&self.subject.optional) {
            if attribute(a).is_none() {
                return Err(self.invalid("subject", format!("unknown attribute {a:?}")));
            }
        }
        for b in &self.key_usage {
            if !KEY_USAGE_BITS.iter().any(|(n, _)| n == b) {
                return Err(self.invalid("key_usage", format!("unknown keyUsage bit {b:?}")));
            }
        }
        for e in &self.extended_key_usage {
            if eku_oid(e).is_none() {
                return Err(self.invalid("extended_key_usage", format!("unknown purpose {e:?}")));
            }
        }
        for p in &self.policies {
            if cert::encode::oid(&p.oid).is_err() {
                return Err(self.invalid("policies", format!("invalid OID {:?}", p.oid)));
            }
        }
        if let Some(san) = &self.subject_alt_name {
            for t in &san.types {
                if !matches!(t.as_str(), "email" | "dns" | "ip") {
                    return Err(
                        self.invalid("subject_alt_name.types", format!("unknown type {t:?}"))
                    );
                }
            }
        }
        let urls = self
            .crl_urls
            .iter()
            .chain(&self.ca_issuers_urls)
            .chain(&self.ocsp_urls);
        for u in urls.chain(self.policies.iter().filter_map(|p| p.cps.as_ref())) {
            if !u.is_ascii() || !(u.starts_with("http://") || u.starts_with("https://")) {
                return Err(self.invalid("urls", format!("{u:?} is not an http(s) URL")));
            }
        }
        Ok(())
    }

    /// The allowed key algorithms.
    pub fn key_algorithms(&self) -> Vec<KeyAlgorithm> {
        self.key_types
            .iter()
            .filter_map(|k| KeyAlgorithm::from_name(k))
            .collect()
    }

    /// The lint profile.
    pub fn lint(&self) -> lint::Profile {
        // Checked in check_fields; EndEntity is an unreachable fallback.
        lint::Profile::from_name(&self.lint_profile).unwrap_or(lint::Profile::EndEntity)
    }
}

/// Looks up an attribute short name.
pub fn attribute(name: &str) -> Option<&'static (&'static str, &'static str, AttrString)> {
    ATTRIBUTES.iter().find(|(n, _, _)| *n == name)
}

/// The OID of an EKU given by name or dotted OID.
pub fn eku_oid(s: &str) -> Option<String> {
    if let Some((_, oid)) = EKU_NAMES.iter().find(|(n, _)| *n == s) {
        return Some(oid.to_string());
    }
    cert::encode::oid(s).is_ok().then(|| s.to_string())
}

/// Parses a SAN given as `email:…`, `dns:…` or `ip:…`.
pub fn parse_san(s: &str) -> Option<crate::tbs::San> {
    let (kind, value) = s.split_once(':')?;
    Some(match kind {
        "email" => crate::tbs::San::Email(value.to_string()),
        "dns" => crate::tbs::San::Dns(value.to_string()),
        "ip" => crate::tbs::San::Ip(value.parse().ok()?),
        _ => return None,
    })
}

impl CertProfile {
    /// Parses a profile and checks it by linting a sample certificate built
    /// from it (its `[sample]` request, or required attributes filled with
    /// placeholders), signed by a throwaway key, with notBefore `now`.
    pub fn load_checked(
        name: &str,
        text: &str,
        linter: &lint::Linter,
        now: i64,
    ) -> Result<CertProfile, ProfileError> {
        let p = CertProfile::from_toml(name, text)?;
        let findings = p.sample_findings(linter, now)?;
        if findings.is_empty() {
            Ok(p)
        } else {
            Err(ProfileError::NonCompliant {
                name: p.name.clone(),
                findings,
            })
        }
    }

    /// Error findings on a sample certificate built from this profile.
    pub fn sample_findings(
        &self,
        linter: &lint::Linter,
        now: i64,
    ) -> Result<Vec<String>, ProfileError> {
        let sample = self.sample.clone().unwrap_or_default();
        let mut subject: Vec<(String, String)> = sample.subject.into_iter().collect();
        for r in &self.subject.required {
            if !subject.iter().any(|(k, _)| k == r) {
                subject.push((r.clone(), placeholder(r).to_string()));
            }
        }
        let mut sans = Vec::new();
        for s in &sample.sans {
            sans.push(parse_san(s).ok_or_else(|| {
                self.invalid("sample.sans", format!("{s:?} is not email:, dns: or ip:"))
            })?);
        }
        // A throwaway subject key of an allowed type (EC first: fast to generate).
        let algs = self.key_algorithms();
        let alg = algs
            .iter()
            .copied()
            .find(|a| !a.is_rsa())
            .or(algs.first().copied())
            .unwrap_or(KeyAlgorithm::EcP256);
        let key =
            crate::SoftKey::generate(alg).map_err(|e| self.invalid("key_types", e.to_string()))?;
        let issuer_key = crate::SoftKey::generate(KeyAlgorithm::EcP384)
            .map_err(|e| self.invalid("key_types", e.to_string()))?;
        let issuer_name = cert::encode::seq_of(&[cert::encode::set_of(&[cert::encode::seq(&[
            &cert::encode::oid("2.5.4.3").map_err(|e| self.invalid("sample", e.to_string()))?,
            &cert::encode::utf8("Sample Issuer"),
        ])])]);
        let (signer, name_der): (&dyn crate::Signer, &[u8]) = if self.kind == Kind::Root {
            (&key, &[])
        } else {
            (&issuer_key, &issuer_name)
        };
        let side = crate::tbs::IssuerSide {
            name_der,
            key_id: crate::signer::key_identifier(signer.spki_der()),
            signature_algorithm_der: signer.algorithm().signature_algorithm_der(),
        };
        let req = crate::tbs::Request {
            subject,
            sans,
            spki_der: key.spki_der().to_vec(),
        };
        let serial =
            crate::serial::random_serial().map_err(|e| self.invalid("sample", e.to_string()))?;
        let tbs = crate::tbs::build_tbs(self, &req, &side, &serial, now)
            .map_err(|e| self.invalid("sample", e.to_string()))?;
        let sig = signer
            .sign(&tbs)
            .map_err(|e| self.invalid("sample", e.to_string()))?;
        let der = crate::tbs::assemble(&tbs, side.signature_algorithm_der, &sig);
        let report = linter.lint_der(
            &der,
            &lint::Options {
                profile: lint::ProfileChoice::Fixed(self.lint()),
                issuer: None,
            },
        );
        Ok(report
            .findings
            .iter()
            .filter(|f| f.severity >= lint::Severity::Error)
            .map(|f| format!("{}: {} [{}]", f.code, f.message, f.citation))
            .collect())
    }
}

fn placeholder(attr: &str) -> &'static str {
    match attr {
        "C" => "US",
        "ST" => "California",
        "L" => "San Francisco",
        "O" => "Example Organization",
        "organizationIdentifier" => "NTRUS+CA-1234567",
        "CN" => "Example",
        "givenName" => "Alice",
        "surname" => "Example",
        _ => "Example",
    }
}

/// The profiles rootward ships, as (file name, TOML text).
pub const SHIPPED: &[(&str, &str)] = &[
    ("root-ca", include_str!("../profiles/root-ca.toml")),
    ("smime-subca", include_str!("../profiles/smime-subca.toml")),
    ("tls-subca", include_str!("../profiles/tls-subca.toml")),
    (
        "smime-mailbox-multipurpose",
        include_str!("../profiles/smime-mailbox-multipurpose.toml"),
    ),
    (
        "smime-mailbox-strict",
        include_str!("../profiles/smime-mailbox-strict.toml"),
    ),
    (
        "smime-organization-multipurpose",
        include_str!("../profiles/smime-organization-multipurpose.toml"),
    ),
    (
        "smime-organization-strict",
        include_str!("../profiles/smime-organization-strict.toml"),
    ),
    (
        "smime-sponsored-multipurpose",
        include_str!("../profiles/smime-sponsored-multipurpose.toml"),
    ),
    (
        "smime-sponsored-strict",
        include_str!("../profiles/smime-sponsored-strict.toml"),
    ),
    (
        "smime-individual-multipurpose",
        include_str!("../profiles/smime-individual-multipurpose.toml"),
    ),
    (
        "smime-individual-strict",
        include_str!("../profiles/smime-individual-strict.toml"),
    ),
    ("tls-dv", include_str!("../profiles/tls-dv.toml")),
    ("tls-ov", include_str!("../profiles/tls-ov.toml")),
    (
        "ocsp-responder",
        include_str!("../profiles/ocsp-responder.toml"),
    ),
];
