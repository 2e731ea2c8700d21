//! Why a candidate path is not valid: one enum, each variant with the
//! context a CA operator needs and the section of the standard it enforces.

use serde::Serialize;

/// The first reason a candidate certification path fails.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// No certificate among the intermediates and trust anchors has a
    /// subject equal to this certificate's issuer (and a key that verifies it).
    #[error(
        "no issuer found: no trusted or intermediate certificate named \"{issuer}\" verifies it"
    )]
    NoIssuer {
        /// The issuer name sought.
        issuer: String,
    },
    /// The signature does not verify with the issuer's public key.
    #[error("signature does not verify with the key of \"{issuer}\": {detail}")]
    BadSignature {
        /// The issuer whose key was used.
        issuer: String,
        /// What the verifier said.
        detail: String,
    },
    /// The validation time is after notAfter.
    #[error("expired: notAfter {not_after} is before the validation time {at}")]
    Expired {
        /// notAfter, ISO 8601.
        not_after: String,
        /// The validation time, ISO 8601.
        at: String,
    },
    /// The validation time is before notBefore.
    #[error("not yet valid: notBefore {not_before} is after the validation time {at}")]
    NotYetValid {
        /// notBefore, ISO 8601.
        not_before: String,
        /// The validation time, ISO 8601.
        at: String,
    },
    /// A field or extension that validation needs does not decode.
    #[error("malformed {what}: {detail}")]
    Malformed {
        /// The field or extension.
        what: String,
        /// Why.
        detail: String,
    },
    /// The certificate is revoked.
    #[error("revoked on {date} (reason: {reason}) by the CRL of \"{crl_issuer}\"")]
    Revoked {
        /// revocationDate, ISO 8601.
        date: String,
        /// The reason code, or "unspecified".
        reason: String,
        /// The CRL's issuer.
        crl_issuer: String,
    },
    /// Revocation was asked for but no usable CRL covers the certificate.
    #[error("revocation status unknown: {detail}")]
    RevocationUnknown {
        /// Which CRLs were considered and why none was usable.
        detail: String,
    },
    /// A name is outside the permitted subtrees of a CA above it.
    #[error("{name} is not within the permitted subtrees of \"{ca}\"")]
    NameNotPermitted {
        /// The name, with its type.
        name: String,
        /// The constraining CA.
        ca: String,
    },
    /// A name is within the excluded subtrees of a CA above it.
    #[error("{name} is within the excluded subtrees of \"{ca}\"")]
    NameExcluded {
        /// The name, with its type.
        name: String,
        /// The constraining CA.
        ca: String,
    },
    /// The valid policy tree became empty where an explicit policy is required.
    #[error("no valid certificate policy: {detail}")]
    NoValidPolicy {
        /// Which policies were left and which were required.
        detail: String,
    },
    /// An issuing certificate is not a CA (basicConstraints cA absent or FALSE).
    #[error("issuing certificate is not a CA: {detail}")]
    NotCa {
        /// basicConstraints as found.
        detail: String,
    },
    /// More non-self-issued intermediates follow than a pathLenConstraint allows.
    #[error("path length constraint exceeded: {detail}")]
    PathLenExceeded {
        /// Which constraint and how deep the path is.
        detail: String,
    },
    /// An issuing certificate's keyUsage lacks keyCertSign.
    #[error("keyUsage lacks keyCertSign")]
    NoKeyCertSign,
    /// A critical extension rootward does not process.
    #[error("unrecognized critical extension {oid}")]
    UnknownCriticalExtension {
        /// Its OID, dotted.
        oid: String,
    },
    /// The certificate's extendedKeyUsage does not allow the purpose.
    #[error("extendedKeyUsage does not allow {purpose}: {detail}")]
    WrongPurpose {
        /// The purpose asked for.
        purpose: String,
        /// The EKUs found.
        detail: String,
    },
    /// The end-entity certificate does not carry the name asked for.
    #[error("the certificate is not valid for {name}: {detail}")]
    NameMismatch {
        /// The name asked for.
        name: String,
        /// The names the certificate carries.
        detail: String,
    },
    /// More intermediates than the caller allows.
    #[error("chain needs more than {max} intermediate certificates")]
    TooDeep {
        /// The caller's maximum.
        max: usize,
    },
    /// The certificate breaks a rule of the purpose's profile (TLS or S/MIME
    /// Baseline Requirements, or RFC 5280 section 4 requirements on issuers)
    /// that relying parties enforce.
    #[error("{message}")]
    Profile {
        /// What is wrong.
        message: String,
        /// Document and section.
        section: &'static str,
    },
    /// Path building stopped: its work budget ran out.
    #[error("path building gave up after {steps} steps (work budget exhausted)")]
    BudgetExhausted {
        /// Steps taken.
        steps: usize,
    },
}

impl Error {
    /// The document and section that the failed check enforces.
    pub fn section(&self) -> &'static str {
        match self {
            Error::NoIssuer { .. } => "RFC 5280 6.1 (prospective path), RFC 4158",
            Error::BadSignature { .. } => "RFC 5280 6.1.3 (a)(1)",
            Error::Expired { .. } | Error::NotYetValid { .. } => "RFC 5280 6.1.3 (a)(2)",
            Error::Malformed { .. } => "RFC 5280 4.1, 4.2",
            Error::Revoked { .. } | Error::RevocationUnknown { .. } => "RFC 5280 6.1.3 (a)(3), 6.3",
            Error::NameNotPermitted { .. } => "RFC 5280 6.1.3 (b)",
            Error::NameExcluded { .. } => "RFC 5280 6.1.3 (c)",
            Error::NoValidPolicy { .. } => "RFC 5280 6.1.3 (f), 6.1.5 (g)",
            Error::NotCa { .. } => "RFC 5280 6.1.4 (k)",
            Error::PathLenExceeded { .. } => "RFC 5280 6.1.4 (l), (m)",
            Error::NoKeyCertSign => "RFC 5280 6.1.4 (n)",
            Error::UnknownCriticalExtension { .. } => "RFC 5280 6.1.4 (o), 6.1.5 (f)",
            Error::WrongPurpose { .. } => "RFC 5280 4.2.1.12",
            Error::NameMismatch { .. } => "RFC 6125 6, RFC 5280 4.2.1.6",
            Error::TooDeep { .. } => "caller's maximum chain depth",
            Error::Profile { section, .. } => section,
            Error::BudgetExhausted { .. } => "RFC 4158 (bounded path building)",
        }
    }
}

/// Input that cannot be used at all (exit status 2 in the CLI).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum InputError {
    /// The certificate to validate does not decode.
    #[error("the certificate to validate does not decode: {0}")]
    Leaf(String),
    /// No trust anchor was given, or none decodes.
    #[error("no usable trust anchor: {0}")]
    NoAnchor(String),
}

/// A failure as reported: where in the path, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Failure {
    /// Position in the path: 0 is the end-entity certificate.
    pub position: usize,
    /// The subject of the certificate at fault.
    pub subject: String,
    /// Its SHA-256 fingerprint, uppercase hex.
    pub sha256: String,
    /// Why, with the values involved.
    #[serde(serialize_with = "display")]
    pub error: Error,
    /// Document and section.
    pub section: &'static str,
}

fn display<S: serde::Serializer>(e: &Error, s: S) -> Result<S::Ok, S::Error> {
    s.collect_str(e)
}

impl std::fmt::Display for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "certificate {} (\"{}\"): {} [{}]",
            self.position, self.subject, self.error, self.section
        )
    }
}
