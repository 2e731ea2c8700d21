//! Certification path building and validation for rootward (RFC 5280
//! section 6).
//!
//! [`validate()`] (or a [`Verifier`] for many certificates) takes the
//! certificate to validate, candidate intermediates, trust anchors and
//! (optionally) CRLs; it builds every candidate path from the certificate
//! up to a trust anchor ([`build`], bounded by a work budget), validates
//! each with the RFC 5280 6.1 algorithm ([`mod@validate`] module: signatures, validity, name chaining, basic constraints and path
//! length, key usage, name constraints, certificate policies, critical
//! extensions), then applies the purpose's relying-party rules ([`purpose`]:
//! TLS or S/MIME extended key usage and Baseline Requirements profile rules,
//! the peer name) and revocation ([`revocation`]) when CRLs are given.
//!
//! The report lists each path with its first failure, citing the section
//! of the standard.
#![deny(missing_docs)]

pub mod build;
pub mod constraints;
pub mod error;
pub mod names;
pub mod policy;
pub mod purpose;
pub mod revocation;
pub mod validate;

use cert::Certificate;
use cert::crl::Crl;
use serde::Serialize;

pub use error::{Error, Failure, InputError};

/// What the end-entity certificate is to be used for.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Purpose {
    /// RFC 5280 only: no extended key usage or profile requirement.
    #[default]
    Any,
    /// A TLS server (id-kp-serverAuth), with the TLS Baseline Requirements
    /// rules that relying parties enforce on the chain.
    Tls,
    /// S/MIME (id-kp-emailProtection), with the S/MIME Baseline
    /// Requirements rules that relying parties enforce on the chain.
    Smime,
}

impl Purpose {
    /// The name used on the command line and in reports.
    pub fn name(self) -> &'static str {
        match self {
            Purpose::Any => "any",
            Purpose::Tls => "tls",
            Purpose::Smime => "smime",
        }
    }
}

/// A name the end-entity certificate must carry.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PeerName {
    /// A DNS host name (matched against dNSName SANs, wildcards allowed).
    Dns(String),
    /// An IP address (matched against iPAddress SANs).
    Ip(std::net::IpAddr),
    /// An email address (matched against rfc822Name SANs).
    Email(String),
}

impl PeerName {
    /// Parses a command-line name: an IP address, an email address (has
    /// '@'), or else a DNS name.
    pub fn parse(s: &str) -> PeerName {
        if let Ok(ip) = s.parse() {
            PeerName::Ip(ip)
        } else if s.contains('@') {
            PeerName::Email(s.to_string())
        } else {
            PeerName::Dns(s.to_string())
        }
    }
}

impl std::fmt::Display for PeerName {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            PeerName::Dns(d) => write!(f, "DNS name {d}"),
            PeerName::Ip(i) => write!(f, "IP address {i}"),
            PeerName::Email(e) => write!(f, "email address {e}"),
        }
    }
}

/// How to validate.
#[derive(Clone, Debug)]
pub struct Options {
    /// Validation time, seconds since the Unix epoch.
    pub time: i64,
    /// The purpose.
    pub purpose: Purpose,
    /// A name the end-entity certificate must carry.
    pub name: Option<PeerName>,
    /// Extended key usages the end-entity certificate must allow, as DER
    /// content octets of the OIDs, in addition to the purpose's.
    pub required_ekus: Vec<Vec<u8>>,
    /// Key usages the end-entity certificate must assert (when it has a
    /// keyUsage extension).
    pub required_key_usage: Vec<cert::KeyUsageBit>,
    /// The most intermediates (not counting self-issued ones, RFC 5280
    /// 6.1.4 (l)) a path may have.
    pub max_intermediates: Option<usize>,
    /// user-initial-policy-set (RFC 5280 6.1.1 (c)); `None` is any-policy.
    pub initial_policy_set: Option<Vec<Vec<u8>>>,
    /// initial-explicit-policy (6.1.1 (g)).
    pub initial_explicit_policy: bool,
    /// initial-policy-mapping-inhibit (6.1.1 (e)).
    pub initial_policy_mapping_inhibit: bool,
    /// initial-any-policy-inhibit (6.1.1 (i)).
    pub initial_any_policy_inhibit: bool,
    /// Also refuse certificates that break RFC 5280 section 4's requirements
    /// on what CAs issue (serial numbers, key identifiers, criticality, name
    /// syntax): a strict relying party. Always on for the TLS and S/MIME
    /// purposes; off for `any`, which is RFC 5280 6.1 alone (as NIST PKITS
    /// expects: its basicConstraints-not-critical path is valid).
    pub rfc5280_conformance: bool,
    /// How revocation is checked against the CRLs given.
    pub revocation: revocation::Mode,
    /// Path-building work budget: candidate issuers examined plus
    /// signatures verified (a DSA signature counting
    /// [`build::DSA_STEPS`]).
    pub budget: usize,
    /// Most complete paths to validate and report.
    pub max_paths: usize,
}

impl Options {
    /// Defaults for validating at `time`: purpose any, RFC 5280 defaults for
    /// the policy inputs, a budget of 20,000 steps, at most 16 paths.
    pub fn at(time: i64) -> Options {
        Options {
            time,
            purpose: Purpose::Any,
            name: None,
            required_ekus: Vec::new(),
            required_key_usage: Vec::new(),
            max_intermediates: None,
            initial_policy_set: None,
            initial_explicit_policy: false,
            initial_policy_mapping_inhibit: false,
            initial_any_policy_inhibit: false,
            rfc5280_conformance: false,
            revocation: revocation::Mode::IfAvailable,
            budget: 20_000,
            max_paths: 16,
        }
    }
}

/// One certificate of a reported path.
#[derive(Clone, Debug, Serialize)]
pub struct PathCert {
    /// Subject, RFC 4514 style.
    pub subject: String,
    /// SHA-256 fingerprint, uppercase hex.
    pub sha256: String,
    /// "end-entity", "intermediate" or "trust-anchor".
    pub role: &'static str,
}

/// One candidate path and its outcome.
#[derive(Clone, Debug, Serialize)]
pub struct PathReport {
    /// From the end-entity certificate (first) to the trust anchor (last).
    pub certificates: Vec<PathCert>,
    /// Whether the path is valid.
    pub valid: bool,
    /// The first failure, when not valid.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub failure: Option<Failure>,
    /// For a valid path, the authorities-constrained policy set left at the
    /// end (RFC 5280 6.1.6), dotted; "2.5.29.32.0" is anyPolicy.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub policies: Vec<String>,
}

/// The result of [`validate()`].
#[derive(Clone, Debug, Serialize)]
pub struct Report {
    /// The certificate validated.
    pub subject: String,
    /// Its SHA-256 fingerprint.
    pub sha256: String,
    /// The purpose.
    pub purpose: Purpose,
    /// Validation time, ISO 8601.
    pub time: String,
    /// Complete candidate paths (ending at a trust anchor), valid first,
    /// or, when none reached an anchor, the dead ends.
    pub paths: Vec<PathReport>,
    /// Whether path building stopped on its budget (more paths may exist).
    pub exhausted: bool,
    /// Inputs that were skipped (undecodable intermediates, CRLs), with why.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub skipped: Vec<String>,
}

impl Report {
    /// Whether some path is valid.
    pub fn is_valid(&self) -> bool {
        self.paths.iter().any(|p| p.valid)
    }

    /// The first valid path.
    pub fn valid_path(&self) -> Option<&PathReport> {
        self.paths.iter().find(|p| p.valid)
    }
}

/// Builds and validates every candidate path from `leaf` to one of
/// `anchors`. `intermediates` and `crls` may contain undecodable items:
/// they are skipped and listed in the report. An undecodable `leaf`, or no
/// decodable anchor, is an [`InputError`]. To validate many certificates
/// against one set of anchors and intermediates, decode those once with a
/// [`Verifier`].
pub fn validate(
    leaf: &[u8],
    intermediates: &[&[u8]],
    anchors: &[&[u8]],
    crls: &[&[u8]],
    opts: &Options,
) -> Result<Report, InputError> {
    Verifier::new(anchors, intermediates, crls)?.validate(leaf, opts)
}

/// Trust anchors, intermediates and CRLs decoded once, for validating many
/// certificates (the registry's and the web review's use).
#[derive(Debug)]
pub struct Verifier<'a> {
    pool: build::Pool<'a>,
    crls: Vec<Crl<'a>>,
    skipped: Vec<String>,
}

impl<'a> Verifier<'a> {
    /// Decodes the inputs; undecodable intermediates and CRLs are skipped
    /// (and listed in each report), and no decodable anchor is an error.
    pub fn new(
        anchors: &[&'a [u8]],
        intermediates: &[&'a [u8]],
        crls: &[&'a [u8]],
    ) -> Result<Verifier<'a>, InputError> {
        let mut skipped = Vec::new();
        let mut pool = build::Pool::default();
        let mut anchor_errors = Vec::new();
        for (i, der) in anchors.iter().enumerate() {
            match Certificate::parse(der) {
                Ok(c) => pool.push(c, true),
                Err(e) => anchor_errors.push(format!("trust anchor #{}: {e}", i + 1)),
            }
        }
        if pool.is_empty() {
            let why = if anchor_errors.is_empty() {
                "none given".to_string()
            } else {
                anchor_errors.join("; ")
            };
            return Err(InputError::NoAnchor(why));
        }
        skipped.extend(anchor_errors);
        for (i, der) in intermediates.iter().enumerate() {
            match Certificate::parse(der) {
                Ok(c) => pool.push(c, false),
                Err(e) => skipped.push(format!("intermediate #{}: {e}", i + 1)),
            }
        }
        let mut parsed = Vec::new();
        for (i, der) in crls.iter().enumerate() {
            match Crl::parse(der) {
                Ok(c) => parsed.push(c),
                Err(e) => skipped.push(format!("CRL #{}: {e}", i + 1)),
            }
        }
        Ok(Verifier {
            pool,
            crls: parsed,
            skipped,
        })
    }

    /// Builds and validates every candidate path from `leaf`.
    pub fn validate(&self, leaf: &[u8], opts: &Options) -> Result<Report, InputError> {
        let leaf_cert = Certificate::parse(leaf).map_err(|e| InputError::Leaf(e.to_string()))?;
        let outcome = build::Builder::new(&self.pool, &leaf_cert, opts).run(&self.crls);
        Ok(Report {
            subject: leaf_cert.subject.to_string(),
            sha256: hex(&leaf_cert.sha256()),
            purpose: opts.purpose,
            time: cert::time::format_unix(opts.time),
            paths: outcome.paths,
            exhausted: outcome.exhausted,
            skipped: self.skipped.clone(),
        })
    }
}

/// Uppercase hex.
pub(crate) fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02X}")).collect()
}
