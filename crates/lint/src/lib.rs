//! Certificate linting: RFC 5280, the S/MIME Baseline Requirements and the
//! Mozilla Root Store Policy.
//!
//! A [`Linter`] holds the rule set, indexed by profile. Linting a certificate
//! yields a [`Report`] of [`Finding`]s, each citing its source. Rules live in
//! [`rules`], one file per concern.
#![deny(missing_docs)]

pub mod crl;
pub mod finding;
pub mod ocsp;
pub mod profile;
pub mod psl;
pub mod rule;
pub mod rules;

use std::collections::HashMap;

use cert::Certificate;
use serde::Serialize;

pub use finding::{Equivalents, Finding, Severity};
pub use profile::{Generation, Profile, Validation};
pub use rule::{Ctx, Out, Rule};

/// Which profile to lint against.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum ProfileChoice {
    /// Detect it from the certificate.
    #[default]
    Auto,
    /// Use this one.
    Fixed(Profile),
}

/// Options for one lint run.
#[derive(Clone, Copy, Default)]
pub struct Options<'i> {
    /// The profile.
    pub profile: ProfileChoice,
    /// The issuer certificate, enabling the chain rules.
    pub issuer: Option<&'i Certificate<'i>>,
}

/// The result of linting one certificate.
#[derive(Clone, Debug, Serialize)]
pub struct Report {
    /// SHA-256 of the DER (of the input bytes when they do not decode), uppercase hex.
    pub sha256: String,
    /// The subject, RFC 4514 style (empty when undecodable).
    pub subject: String,
    /// The profile name used.
    pub profile: String,
    /// The findings, most severe first.
    pub findings: Vec<Finding>,
}

impl Report {
    /// The most severe finding's severity.
    pub fn worst(&self) -> Option<Severity> {
        self.findings.iter().map(|f| f.severity).max()
    }
}

struct Compiled {
    rule: &'static Rule,
    from: Option<i64>,
    until: Option<i64>,
    /// [`reads_signature`], decided once rather than per certificate.
    reads_signature: bool,
}

/// What kind of object an input item is, so that it gets the right linter.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ItemKind {
    /// A certificate (or something that claims to be one).
    Certificate,
    /// A CRL: PEM label `X509 CRL`, or DER shaped like a CertificateList.
    Crl,
    /// An OCSP response: PEM label `OCSP RESPONSE`, or DER shaped like one.
    OcspResponse,
}

impl ItemKind {
    /// The kind of an item read from input: by its PEM `label`, or for DER
    /// and base64 (no label) by the shape of `der` (`None` when the bytes do
    /// not decode: then it is taken for a certificate, whose linter reports
    /// why). `None` when a PEM label names something else (a key, a CSR).
    pub fn of(label: Option<&str>, der: Option<&[u8]>) -> Option<ItemKind> {
        match label {
            Some("X509 CRL") => Some(ItemKind::Crl),
            Some("OCSP RESPONSE") => Some(ItemKind::OcspResponse),
            Some(l) if cert::source::is_certificate_label(l) => Some(ItemKind::Certificate),
            Some(_) => None,
            None => Some(match der {
                Some(d) if crl::looks_like_crl(d) => ItemKind::Crl,
                Some(d) if ocsp::looks_like_ocsp_response(d) => ItemKind::OcspResponse,
                _ => ItemKind::Certificate,
            }),
        }
    }
}

/// The report for input that is not a certificate at all: one fatal
/// finding, `message` at `location` (e.g. `byte 12`, or `input` for bytes
/// that are not even DER: bad PEM or base64).
pub fn undecodable(message: String, location: String, profile: ProfileChoice) -> Report {
    Report {
        sha256: String::new(),
        subject: String::new(),
        profile: match profile {
            ProfileChoice::Fixed(p) => p.name(),
            ProfileChoice::Auto => "unknown".into(),
        },
        findings: vec![Finding {
            code: rules::der::UNDECODABLE,
            severity: Severity::Fatal,
            message,
            citation: "RFC 5280 4.1",
            location,
            equivalents: Equivalents {
                pkilint: Some("itu.invalid_asn1_syntax"),
                zlint: None,
            },
        }],
    }
}

/// The rule engine.
pub struct Linter {
    by_profile: HashMap<Profile, Vec<Compiled>>,
}

impl Default for Linter {
    fn default() -> Self {
        Linter::new()
    }
}

fn iso(d: Option<&str>, code: &str) -> Option<i64> {
    let d = d?;
    // Rule tables are code, so a bad date is a programming error caught by tests.
    let t = cert::time::parse_iso(d);
    debug_assert!(t.is_some(), "rule {code}: bad effective date {d}");
    t
}

impl Linter {
    /// A linter with every rule.
    pub fn new() -> Linter {
        let mut by_profile = HashMap::new();
        for p in Profile::all() {
            let rules = rules::all()
                .filter(|r| (r.applies)(p))
                .map(|r| Compiled {
                    rule: r,
                    from: iso(r.effective_from, r.code),
                    until: iso(r.effective_until, r.code),
                    reads_signature: reads_signature(r),
                })
                .collect();
            by_profile.insert(p, rules);
        }
        Linter { by_profile }
    }

    /// Lints DER bytes.
    pub fn lint_der(&self, der: &[u8], opts: &Options<'_>) -> Report {
        match Certificate::parse(der) {
            Ok(c) => self.lint(&c, opts),
            Err(e) => {
                let mut r = undecodable(
                    format!("not a decodable X.509 certificate: {e}"),
                    format!("byte {}", e.offset()),
                    opts.profile,
                );
                r.sha256 = cert::hex_upper(&cert::digest::sha256(der));
                r
            }
        }
    }

    /// Lints a decoded certificate.
    pub fn lint(&self, cert: &Certificate<'_>, opts: &Options<'_>) -> Report {
        self.lint_pass(cert, opts, Pass::All)
    }

    /// The findings of every rule that applies to `profile` and is in force at notBefore.
    pub fn findings(
        &self,
        cert: &Certificate<'_>,
        profile: Profile,
        issuer: Option<&Certificate<'_>>,
    ) -> Vec<Finding> {
        self.findings_of(cert, profile, issuer, Pass::All)
    }

    /// Lints a decoded certificate with one [`Pass`] of the rules.
    pub fn lint_pass(&self, cert: &Certificate<'_>, opts: &Options<'_>, pass: Pass) -> Report {
        let profile = match opts.profile {
            ProfileChoice::Fixed(p) => p,
            ProfileChoice::Auto => profile::detect(cert),
        };
        Report {
            sha256: cert::hex_upper(&cert.sha256()),
            subject: cert.subject.to_string(),
            profile: profile.name(),
            findings: self.findings_of(cert, profile, opts.issuer, pass),
        }
    }

    /// The findings of one [`Pass`] over a decoded certificate as `profile`,
    /// without building a [`Report`] (no fingerprint or subject text).
    pub fn findings_of(
        &self,
        cert: &Certificate<'_>,
        profile: Profile,
        issuer: Option<&Certificate<'_>>,
        pass: Pass,
    ) -> Vec<Finding> {
        let ctx = Ctx::new(cert, profile, issuer);
        let nb = cert.not_before.unix();
        let mut findings = Vec::new();
        for c in self.by_profile.get(&profile).into_iter().flatten() {
            // A rule applies from `from` (inclusive) until `until` (exclusive) by notBefore.
            let before = matches!((nb, c.from), (Some(nb), Some(from)) if nb < from);
            let after = matches!((nb, c.until), (Some(nb), Some(until)) if nb >= until);
            if before || after || !pass.runs(c.reads_signature) {
                continue;
            }
            (c.rule.check)(&ctx, &mut Out::new(c.rule, &mut findings));
        }
        findings.sort_by_key(|f| std::cmp::Reverse(f.severity));
        findings
    }
}

/// Which rules a lint pass runs, so a CA can lint before signing and then
/// re-check only what signing changed.
///
/// Signing changes only signatureValue: the TBSCertificate and
/// signatureAlgorithm of the signed certificate are byte-identical to the
/// linted ones (the CA checks that). So every rule gives the same result
/// before and after signing except those that read the signature: the
/// chain rules that verify it and the DER rules over the whole encoding.
/// A self-issued certificate is the exception: rules that ask whether it is
/// self-signed verify its signature, so the CA lints it in full after signing.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Pass {
    /// Every rule.
    All,
    /// Every rule that does not read signatureValue (for an unsigned TBS).
    BeforeSigning,
    /// Only the rules that read signatureValue.
    SignatureOnly,
}

impl Pass {
    /// Whether the rule runs in this pass.
    pub fn includes(self, rule: &Rule) -> bool {
        self.runs(reads_signature(rule))
    }

    /// Whether a rule that does (or does not) read signatureValue runs in this pass.
    fn runs(self, reads_signature: bool) -> bool {
        match self {
            Pass::All => true,
            Pass::BeforeSigning => !reads_signature,
            Pass::SignatureOnly => reads_signature,
        }
    }
}

/// Whether a rule's result depends on signatureValue.
pub fn reads_signature(rule: &Rule) -> bool {
    rule.code.starts_with("chain.signature.") || rule.code.starts_with("der.")
}

/// Every rule, for `--list-rules`.
pub fn catalogue() -> Vec<&'static Rule> {
    rules::all().collect()
}
