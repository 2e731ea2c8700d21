//! Rules: data plus a small check function.
//!
//! Each rule carries its stable code, severity, citation, the profiles it
//! applies to, its effective dates (compared with notBefore) and its peers'
//! equivalent codes. `rootward lint --list-rules` prints this table.

use cert::{Certificate, PublicKey};

use crate::finding::{Equivalents, Finding, Severity};
use crate::profile::{Generation, Profile, Validation};

/// What a rule's check sees.
pub struct Ctx<'c> {
    /// The certificate.
    pub cert: &'c Certificate<'c>,
    /// The profile it is linted against.
    pub profile: Profile,
    /// Its public key, classified once.
    pub key: PublicKey,
    /// The issuer certificate, when the caller supplied one.
    pub issuer: Option<&'c Certificate<'c>>,
    /// The signature check against the issuer, computed once for all rules
    /// that need it (a P-256 verification costs more than all other rules).
    pub(crate) signature: std::cell::OnceCell<Result<(), cert::verify::VerifyError>>,
}

impl<'c> Ctx<'c> {
    /// A context for linting `cert` as `profile`, optionally with its issuer.
    pub fn new(
        cert: &'c Certificate<'c>,
        profile: Profile,
        issuer: Option<&'c Certificate<'c>>,
    ) -> Ctx<'c> {
        Ctx {
            cert,
            profile,
            key: cert.spki.key(),
            issuer,
            signature: std::cell::OnceCell::new(),
        }
    }

    /// The result of verifying the certificate's signature with the issuer's
    /// key, or None without an issuer. Computed at most once.
    pub fn issuer_signature(&self) -> Option<&Result<(), cert::verify::VerifyError>> {
        let iss = self.issuer?;
        Some(
            self.signature
                .get_or_init(|| cert::verify::verify_certificate(self.cert, &iss.spki)),
        )
    }
}

impl Ctx<'_> {
    /// The S/MIME validation type and generation, for subscriber profiles.
    pub fn smime(&self) -> Option<(Validation, Generation)> {
        self.profile.smime()
    }
}

/// Collects a rule's findings, stamping them with the rule's metadata.
pub struct Out<'r> {
    rule: &'r Rule,
    findings: &'r mut Vec<Finding>,
}

impl<'r> Out<'r> {
    /// An emitter for `rule` appending to `findings`.
    pub fn new(rule: &'r Rule, findings: &'r mut Vec<Finding>) -> Self {
        Out { rule, findings }
    }

    /// Reports a finding at `location` (e.g. `extensions.keyUsage`).
    pub fn emit(&mut self, location: impl Into<String>, message: impl Into<String>) {
        self.findings.push(Finding {
            code: self.rule.code,
            severity: self.rule.severity,
            message: message.into(),
            citation: self.rule.citation,
            location: location.into(),
            equivalents: Equivalents {
                pkilint: self.rule.pkilint,
                zlint: self.rule.zlint,
            },
        });
    }
}

/// A check: inspects the context and emits findings.
pub type Check = fn(&Ctx<'_>, &mut Out<'_>);

/// One lint rule.
pub struct Rule {
    /// Stable code, `area.subject.problem`.
    pub code: &'static str,
    /// Severity of its findings.
    pub severity: Severity,
    /// Document and section it enforces, e.g. `SMIME BR 7.1.2.3(f)`.
    pub citation: &'static str,
    /// One line saying what it requires.
    pub summary: &'static str,
    /// The profiles it applies to.
    pub applies: fn(Profile) -> bool,
    /// First notBefore date (ISO `YYYY-MM-DD`, inclusive) the rule applies to.
    pub effective_from: Option<&'static str>,
    /// First notBefore date it no longer applies to.
    pub effective_until: Option<&'static str>,
    /// pkilint's equivalent finding code.
    pub pkilint: Option<&'static str>,
    /// zlint's equivalent lint name.
    pub zlint: Option<&'static str>,
    /// The check.
    pub check: Check,
}

fn no_check(_: &Ctx<'_>, _: &mut Out<'_>) {}

impl Rule {
    /// Defaults for struct-update syntax: applies everywhere, always in force,
    /// no equivalents. Every rule overrides `code`, `severity`, `citation`,
    /// `summary` and `check`.
    pub const NEW: Rule = Rule {
        code: "",
        severity: Severity::Error,
        citation: "",
        summary: "",
        applies: scope::all,
        effective_from: None,
        effective_until: None,
        pkilint: None,
        zlint: None,
        check: no_check,
    };
}

/// Common `applies` predicates.
pub mod scope {
    use crate::profile::{Generation, Profile, Validation};

    /// Every profile.
    pub fn all(_: Profile) -> bool {
        true
    }
    /// CA certificates (root and subordinate).
    pub fn ca(p: Profile) -> bool {
        p.is_ca()
    }
    /// Subordinate CA certificates.
    pub fn subca(p: Profile) -> bool {
        p.is_subca()
    }
    /// Root CA certificates.
    pub fn root(p: Profile) -> bool {
        matches!(p, Profile::SmimeRoot | Profile::RootCa | Profile::TlsRoot)
    }
    /// End-entity certificates.
    pub fn end_entity(p: Profile) -> bool {
        !p.is_ca()
    }
    /// Every S/MIME subscriber profile.
    pub fn smime(p: Profile) -> bool {
        p.smime().is_some()
    }
    /// S/MIME subscriber, strict and multipurpose generations.
    pub fn smime_mp_strict(p: Profile) -> bool {
        matches!(
            p.smime(),
            Some((_, Generation::Strict | Generation::Multipurpose))
        )
    }
    /// S/MIME subscriber, strict generation.
    pub fn smime_strict(p: Profile) -> bool {
        matches!(p.smime(), Some((_, Generation::Strict)))
    }
    /// S/MIME subscriber, legacy generation.
    pub fn smime_legacy(p: Profile) -> bool {
        matches!(p.smime(), Some((_, Generation::Legacy)))
    }
    /// S/MIME subscriber, multipurpose and legacy generations.
    pub fn smime_mp_legacy(p: Profile) -> bool {
        matches!(
            p.smime(),
            Some((_, Generation::Legacy | Generation::Multipurpose))
        )
    }
    /// S/MIME subscriber of one validation type.
    pub fn smime_validation(p: Profile, v: Validation) -> bool {
        matches!(p.smime(), Some((pv, _)) if pv == v)
    }
    /// S/MIME subordinate CA.
    pub fn smime_subca(p: Profile) -> bool {
        p == Profile::SmimeSubCa
    }
    /// S/MIME root CA.
    pub fn smime_root(p: Profile) -> bool {
        p == Profile::SmimeRoot
    }
    /// Any S/MIME profile (subscriber, sub-CA or root).
    pub fn smime_any(p: Profile) -> bool {
        smime(p) || smime_subca(p) || smime_root(p)
    }
}
