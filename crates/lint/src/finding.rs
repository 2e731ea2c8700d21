//! Findings: the one result shape rootward uses everywhere (DESIGN.md).

use serde::Serialize;

/// How bad a finding is. Ordered from least to most severe.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Informational; not a problem.
    Info,
    /// Worth knowing; not a requirement.
    Notice,
    /// A SHOULD or SHOULD NOT is not met.
    Warning,
    /// A SHALL, MUST, SHALL NOT or MUST NOT is not met.
    Error,
    /// The certificate cannot be read, so it cannot be checked.
    Fatal,
}

impl Severity {
    /// Lowercase name, as in JSON output.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Notice => "notice",
            Severity::Warning => "warning",
            Severity::Error => "error",
            Severity::Fatal => "fatal",
        }
    }

    /// Parses a lowercase name.
    pub fn parse(s: &str) -> Option<Severity> {
        Some(match s {
            "info" => Severity::Info,
            "notice" => Severity::Notice,
            "warning" | "warn" => Severity::Warning,
            "error" => Severity::Error,
            "fatal" => Severity::Fatal,
            _ => return None,
        })
    }
}

impl std::fmt::Display for Severity {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The counterparts of a finding in peer linters, so results can be mapped.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Equivalents {
    /// pkilint finding code.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pkilint: Option<&'static str>,
    /// zlint lint name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub zlint: Option<&'static str>,
}

impl Equivalents {
    /// Whether neither peer has a counterpart.
    pub fn is_empty(&self) -> bool {
        self.pkilint.is_none() && self.zlint.is_none()
    }
}

/// One finding.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// Stable code, e.g. `smime.eku.prohibited_purpose`.
    pub code: &'static str,
    /// Severity.
    pub severity: Severity,
    /// What is wrong, with the offending values.
    pub message: String,
    /// Document and section, e.g. `SMIME BR 7.1.2.3(f)`.
    pub citation: &'static str,
    /// Where, e.g. `extensions.extKeyUsage`.
    pub location: String,
    /// Peer linters' counterparts.
    #[serde(skip_serializing_if = "Equivalents::is_empty")]
    pub equivalents: Equivalents,
}
