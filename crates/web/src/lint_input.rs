//! Linting a request body: PEM (any number of blocks), DER or base64, each
//! item a certificate, a CRL or an OCSP response, exactly as `rootward lint`
//! treats a file.

use std::io::Cursor;

use cert::source::ItemReader;
use lint::{Finding, ItemKind, Linter, Options, ProfileChoice};
use serde::Serialize;

use crate::MAX_LINT_ITEMS;

/// One linted item, with the keys of `rootward lint --format json`.
#[derive(Clone, Debug, Serialize)]
pub struct LintResult {
    /// `request` for a single item, `request#N` for the N-th of several.
    pub source: String,
    /// SHA-256 of the DER, uppercase hex (empty when the bytes did not decode).
    pub sha256: String,
    /// Subject, RFC 4514 style.
    pub subject: String,
    /// Profile used.
    pub profile: String,
    /// Findings, most severe first.
    pub findings: Vec<Finding>,
}

/// Why a body could not be linted at all (as opposed to linting with findings).
#[non_exhaustive]
#[derive(Debug, thiserror::Error)]
pub enum LintError {
    /// The body is empty.
    #[error("empty body: send a PEM, DER or base64 certificate, CRL or OCSP response")]
    Empty,
    /// The profile parameter names no profile.
    #[error("unknown profile \"{0}\" (see `rootward lint --list-profiles`)")]
    UnknownProfile(String),
    /// Too many items in one body.
    #[error("more than {max} items in one body; split the request")]
    TooManyItems {
        /// The limit.
        max: usize,
    },
    /// The body holds no certificate, CRL or OCSP response (e.g. only a PEM
    /// private key).
    #[error("no certificate, CRL or OCSP response found in the body{0}")]
    NothingToLint(String),
}

/// Lints every item in `body` against `profile` (`auto`, a certificate
/// profile, a CRL profile or an OCSP profile, as `rootward lint --profile`);
/// `now` is the time OCSP responses are judged at.
pub fn lint_bytes(
    linter: &Linter,
    body: &[u8],
    profile: &str,
    now: i64,
) -> Result<Vec<LintResult>, LintError> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Err(LintError::Empty);
    }
    let crl_kind = lint::crl::CrlKind::from_name(profile).unwrap_or(lint::crl::CrlKind::Auto);
    let ocsp_kind = lint::ocsp::OcspKind::from_name(profile).unwrap_or(lint::ocsp::OcspKind::Auto);
    let choice = match profile {
        "" | "auto" => ProfileChoice::Auto,
        p => match lint::Profile::from_name(p) {
            Some(p) => ProfileChoice::Fixed(p),
            None if lint::crl::CrlKind::from_name(p).is_some()
                || lint::ocsp::OcspKind::from_name(p).is_some() =>
            {
                ProfileChoice::Auto
            }
            None => return Err(LintError::UnknownProfile(p.to_owned())),
        },
    };
    let opts = Options {
        profile: choice,
        issuer: None,
    };
    let mut items = Vec::new();
    let mut skipped = Vec::new();
    for item in ItemReader::new(Cursor::new(body)) {
        // Reading from memory cannot fail with an I/O error.
        let Ok(item) = item else { break };
        let Some(kind) = ItemKind::of(item.label.as_deref(), item.data.as_deref().ok()) else {
            skipped.push(item.label.clone().unwrap_or_default());
            continue;
        };
        if items.len() == MAX_LINT_ITEMS {
            return Err(LintError::TooManyItems {
                max: MAX_LINT_ITEMS,
            });
        }
        items.push((item, kind));
    }
    if items.is_empty() {
        let why = if skipped.is_empty() {
            String::new()
        } else {
            format!(" (skipped PEM blocks: {})", skipped.join(", "))
        };
        return Err(LintError::NothingToLint(why));
    }
    let multi = items.len() > 1;
    Ok(items
        .into_iter()
        .map(|(item, kind)| {
            let source = if multi {
                format!("request#{}", item.index)
            } else {
                "request".to_owned()
            };
            let report = match &item.data {
                Ok(der) if kind == ItemKind::Crl => lint::crl::lint_crl_der(der, None, crl_kind),
                Ok(der) if kind == ItemKind::OcspResponse => lint::ocsp::lint_ocsp_der_with(
                    der,
                    &lint::ocsp::OcspOptions {
                        kind: ocsp_kind,
                        issuer: None,
                        responder: None,
                        now: Some(now),
                    },
                ),
                Ok(der) => linter.lint_der(der, &opts),
                Err(e) => lint::undecodable(e.to_string(), "input".into(), opts.profile),
            };
            LintResult {
                source,
                sha256: report.sha256,
                subject: report.subject,
                profile: report.profile,
                findings: report.findings,
            }
        })
        .collect())
}
