//! Issuance with pre-issuance linting.
//!
//! 1. Build the TBS from profile and request.
//! 2. Lint it before signing, wrapped in a Certificate with an empty
//!    signature: an error finding refuses issuance unless the operator
//!    overrides that finding's code, and the override is recorded.
//! 3. Sign with the real key; check the signed certificate's TBS bytes are
//!    the linted ones; verify the signature; lint again with the issuer.
//! 4. Record it in the issuance log in the transaction that hands it out.

use std::collections::BTreeSet;

use cert::Certificate;
use lint::{Finding, Linter, Pass, Severity};

use crate::log::{FaultPoint, IssuanceLog, LogEntry};
use crate::profile::{CertProfile, Kind};
use crate::signer::{Signer, key_identifier};
use crate::tbs::{self, IssuerSide, Request};
use crate::{IssueError, serial};

/// The issuing CA: its certificate (absent when self-signing a root) and key.
pub struct Issuer<'k> {
    /// The issuer certificate DER (None when the profile issues a self-signed root).
    pub cert_der: Option<Vec<u8>>,
    /// The issuer's key.
    pub signer: &'k dyn Signer,
}

/// The result of an issuance.
#[derive(Debug)]
pub struct Issued {
    /// The certificate.
    pub der: Vec<u8>,
    /// The log entry written for it.
    pub entry: LogEntry,
    /// Findings of the pre-issuance lint.
    pub pre_findings: Vec<Finding>,
    /// Findings of the certificate as issued: the pre-signing findings with
    /// those of the rules re-run after signing (all rules for a self-issued certificate).
    pub post_findings: Vec<Finding>,
    /// Finding codes overridden by the operator.
    pub overridden: Vec<String>,
}

/// Options of one issuance.
#[derive(Default)]
pub struct IssueOptions<'f> {
    /// Finding codes the operator explicitly accepts (each is recorded).
    pub overrides: BTreeSet<String>,
    /// notBefore; the caller's clock (never read inside).
    pub not_before: i64,
    /// Test hook: simulate a crash at a point of the log transaction.
    pub fault: Option<&'f dyn Fn(FaultPoint) -> Result<(), IssueError>>,
}

/// The findings that refuse a certificate or CRL: errors and worse whose
/// code the operator did not override.
pub fn blocking(findings: &[Finding], overrides: &BTreeSet<String>) -> Vec<Finding> {
    findings
        .iter()
        .filter(|f| f.severity >= Severity::Error && !overrides.contains(f.code))
        .cloned()
        .collect()
}

/// Issues a certificate.
pub fn issue(
    linter: &Linter,
    profile: &CertProfile,
    request: &Request,
    issuer: &Issuer<'_>,
    log: &mut IssuanceLog,
    opts: &IssueOptions<'_>,
) -> Result<Issued, IssueError> {
    if (profile.kind == Kind::Root) != issuer.cert_der.is_none() {
        return Err(IssueError::Request(if profile.kind == Kind::Root {
            "a root profile is self-signed: give no issuer certificate".into()
        } else {
            "this profile needs an issuer certificate".into()
        }));
    }
    let issuer_cert = issuer
        .cert_der
        .as_deref()
        .map(Certificate::parse)
        .transpose()
        .map_err(|e| IssueError::Request(format!("issuer certificate: {e}")))?;
    if let Some(ic) = &issuer_cert {
        if ic.spki.raw != issuer.signer.spki_der() {
            return Err(IssueError::Request(
                "the issuer key does not match the issuer certificate's public key".into(),
            ));
        }
    } else if request.spki_der != issuer.signer.spki_der() {
        return Err(IssueError::Request(
            "a self-signed root must certify its own key".into(),
        ));
    }
    let sig_alg = issuer.signer.algorithm().signature_algorithm_der();
    let side = IssuerSide {
        name_der: issuer_cert
            .as_ref()
            .map(|c| c.subject.raw)
            .unwrap_or_default(),
        key_id: match &issuer_cert {
            Some(c) => c
                .subject_key_id()
                .and_then(|k| k.try_into().ok())
                .or_else(|| key_identifier(c.spki.raw)),
            None => key_identifier(issuer.signer.spki_der()),
        },
        signature_algorithm_der: sig_alg,
    };

    // The issuer's identity for the log: the issuer certificate, or for a root its own TBS-to-be.
    let serial = serial::random_serial()?;
    let serial_hex = cert::hex_upper(&serial);
    let tbs = tbs::build_tbs(profile, request, &side, &serial, opts.not_before)?;

    // Pre-issuance lint on the unsigned TBS, with the issuer, so the chain
    // rules (issuer name byte-identical, AKI, validity, path length) run
    // before anything is signed; only rules that read signatureValue wait.
    let unsigned = tbs::assemble(&tbs, sig_alg, &[]);
    let unsigned_cert = Certificate::parse(&unsigned)
        .map_err(|e| IssueError::Internal(format!("built certificate does not decode: {e}")))?;
    let lint_profile = profile.lint();
    let pre_findings = linter.findings_of(
        &unsigned_cert,
        lint_profile,
        issuer_cert.as_ref(),
        Pass::BeforeSigning,
    );
    let blockers = blocking(&pre_findings, &opts.overrides);
    if !blockers.is_empty() {
        return Err(IssueError::Refused {
            findings: blockers,
            signed: false,
        });
    }

    let signature = issuer.signer.sign(&tbs)?;
    let der = tbs::assemble(&tbs, sig_alg, &signature);
    let parsed = Certificate::parse(&der)
        .map_err(|e| IssueError::Internal(format!("issued certificate does not decode: {e}")))?;
    if parsed.tbs != tbs.as_slice() || parsed.signature_algorithm.raw != sig_alg {
        return Err(IssueError::Internal(
            "signed TBS differs from the linted TBS".into(),
        ));
    }
    // Lint again. The TBS and signatureAlgorithm are the linted bytes, so only
    // the rules that read signatureValue can change (lint::Pass): they run now,
    // with the issuer (the certificate itself for a root), and verify the
    // signature once; a signature that does not verify refuses the
    // certificate. A self-issued certificate is linted in full again, as
    // "is it self-signed" depends on its signature.
    let post_pass = if parsed.is_self_issued() {
        Pass::All
    } else {
        Pass::SignatureOnly
    };
    let post_findings = linter.findings_of(
        &parsed,
        lint_profile,
        issuer_cert.as_ref().or(Some(&parsed)),
        post_pass,
    );
    let post_blockers = blocking(&post_findings, &opts.overrides);
    if !post_blockers.is_empty() {
        return Err(IssueError::Refused {
            findings: post_blockers,
            signed: true,
        });
    }
    // The certificate's lint result: the pre-signing findings, completed (or,
    // for a self-issued certificate, replaced) by the post-signing ones.
    let post_findings = if post_pass == Pass::All {
        post_findings
    } else {
        let mut findings = pre_findings.clone();
        findings.extend(post_findings);
        findings.sort_by_key(|f| std::cmp::Reverse(f.severity));
        findings
    };

    // The CA's certificates share one namespace of serials and revocations
    // (a root is its own issuer certificate).
    let issuer_sha256 = log.register_issuer(issuer.cert_der.as_deref().unwrap_or(&der))?;
    let overridden: Vec<String> = pre_findings
        .iter()
        .chain(&post_findings)
        .filter(|f| f.severity >= Severity::Error && opts.overrides.contains(f.code))
        .map(|f| f.code.to_string())
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let lint_json =
        serde_json::to_string(&post_findings).map_err(|e| IssueError::Internal(e.to_string()))?;
    let entry = log.record(
        || {
            Ok(LogEntry {
                issuer_sha256: issuer_sha256.clone(),
                serial: serial_hex.clone(),
                der: der.clone(),
                issued_at: opts.not_before,
                profile: profile.name.clone(),
                lint_json,
                overrides: overridden.join(","),
            })
        },
        opts.fault,
    )?;
    Ok(Issued {
        der,
        entry,
        pre_findings,
        post_findings,
        overridden,
    })
}
