//! Certificate profiles and their detection.
//!
//! A profile says which rule sets apply. `auto` detection follows the
//! reserved policy OIDs (SMIME BR 7.1.6.1), the EKU and basicConstraints.

use cert::{Certificate, GeneralName, oids};

/// S/MIME validation type (SMIME BR 1.1 and 7.1.6.1).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Validation {
    /// Mailbox-validated.
    Mailbox,
    /// Organization-validated.
    Organization,
    /// Sponsor-validated.
    Sponsored,
    /// Individual-validated.
    Individual,
}

/// S/MIME profile generation (SMIME BR 1.1 and 7.1.6.1).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Generation {
    /// Legacy.
    Legacy,
    /// Multipurpose.
    Multipurpose,
    /// Strict.
    Strict,
}

impl Validation {
    /// All validation types.
    pub const ALL: [Validation; 4] = [
        Validation::Mailbox,
        Validation::Organization,
        Validation::Sponsored,
        Validation::Individual,
    ];
    /// Name as used in profile names.
    pub fn as_str(self) -> &'static str {
        match self {
            Validation::Mailbox => "mailbox",
            Validation::Organization => "organization",
            Validation::Sponsored => "sponsored",
            Validation::Individual => "individual",
        }
    }
    /// Third arc of the reserved OID 2.23.140.1.5.x.y.
    pub fn arc(self) -> u8 {
        self as u8 + 1
    }
}

impl Generation {
    /// All generations.
    pub const ALL: [Generation; 3] = [
        Generation::Legacy,
        Generation::Multipurpose,
        Generation::Strict,
    ];
    /// Name as used in profile names.
    pub fn as_str(self) -> &'static str {
        match self {
            Generation::Legacy => "legacy",
            Generation::Multipurpose => "multipurpose",
            Generation::Strict => "strict",
        }
    }
    /// Last arc of the reserved OID 2.23.140.1.5.x.y.
    pub fn arc(self) -> u8 {
        self as u8 + 1
    }
}

/// TLS subscriber validation type (TLS BR 7.1.2.7; EVG).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum TlsValidation {
    /// Domain-validated (2.23.140.1.2.1).
    Dv,
    /// Organization-validated (2.23.140.1.2.2).
    Ov,
    /// Individual-validated (2.23.140.1.2.3).
    Iv,
    /// Extended Validation (2.23.140.1.1).
    Ev,
}

impl TlsValidation {
    /// All TLS validation types.
    pub const ALL: [TlsValidation; 4] = [
        TlsValidation::Dv,
        TlsValidation::Ov,
        TlsValidation::Iv,
        TlsValidation::Ev,
    ];
    /// Name as used in profile names.
    pub fn as_str(self) -> &'static str {
        match self {
            TlsValidation::Dv => "dv",
            TlsValidation::Ov => "ov",
            TlsValidation::Iv => "iv",
            TlsValidation::Ev => "ev",
        }
    }
}

/// Kinds of TLS subordinate CA certificate (TLS BR 7.1.2.2 to 7.1.2.6).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum TlsCaKind {
    /// TLS subordinate CA (7.1.2.6).
    Unconstrained,
    /// Technically constrained TLS subordinate CA (7.1.2.5).
    Constrained,
    /// Cross-certified subordinate CA (7.1.2.2).
    Cross,
    /// Technically constrained non-TLS subordinate CA (7.1.2.3).
    NonTls,
    /// Technically constrained precertificate signing CA (7.1.2.4).
    PrecertSigning,
}

impl TlsCaKind {
    /// All kinds.
    pub const ALL: [TlsCaKind; 5] = [
        TlsCaKind::Unconstrained,
        TlsCaKind::Constrained,
        TlsCaKind::Cross,
        TlsCaKind::NonTls,
        TlsCaKind::PrecertSigning,
    ];
    fn suffix(self) -> &'static str {
        match self {
            TlsCaKind::Unconstrained => "",
            TlsCaKind::Constrained => "-constrained",
            TlsCaKind::Cross => "-cross",
            TlsCaKind::NonTls => "-non-tls",
            TlsCaKind::PrecertSigning => "-precert",
        }
    }
    fn section(self) -> &'static str {
        match self {
            TlsCaKind::Unconstrained => "7.1.2.6",
            TlsCaKind::Constrained => "7.1.2.5",
            TlsCaKind::Cross => "7.1.2.2",
            TlsCaKind::NonTls => "7.1.2.3",
            TlsCaKind::PrecertSigning => "7.1.2.4",
        }
    }
}

/// A certificate profile.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum Profile {
    /// S/MIME subscriber certificate (SMIME BR 7.1.2.3).
    Smime(Validation, Generation),
    /// S/MIME subordinate CA certificate (SMIME BR 7.1.2.2).
    SmimeSubCa,
    /// S/MIME root CA certificate (SMIME BR 7.1.2.1).
    SmimeRoot,
    /// A self-issued CA certificate whose purpose is not known from its content.
    RootCa,
    /// A subordinate CA certificate for another purpose (RFC 5280 and Mozilla policy only).
    SubCa,
    /// An end-entity certificate for another purpose (RFC 5280 and Mozilla policy only).
    EndEntity,
    /// TLS root CA certificate (TLS BR 7.1.2.1).
    TlsRoot,
    /// TLS subordinate CA certificate of a kind; `internal` when operated by
    /// the issuer or its Affiliate, which relaxes the policy rules (TLS BR 7.1.2.6.3 etc.).
    TlsSubCa {
        /// The kind.
        kind: TlsCaKind,
        /// Operated by the issuing CA or an Affiliate.
        internal: bool,
    },
    /// TLS subscriber certificate or precertificate (TLS BR 7.1.2.7; EVG 7.1 for EV).
    TlsSubscriber(TlsValidation),
    /// Delegated OCSP responder certificate (TLS BR 7.1.2.8).
    OcspResponder,
}

/// Description of a profile for `--list-profiles`.
pub struct ProfileInfo {
    /// The name used on the command line.
    pub name: String,
    /// What it covers.
    pub description: String,
}

impl Profile {
    /// Every profile, in catalogue order.
    pub fn all() -> Vec<Profile> {
        let mut v = Vec::new();
        for val in Validation::ALL {
            for g in Generation::ALL {
                v.push(Profile::Smime(val, g));
            }
        }
        v.extend([
            Profile::SmimeSubCa,
            Profile::SmimeRoot,
            Profile::RootCa,
            Profile::SubCa,
            Profile::EndEntity,
            Profile::TlsRoot,
        ]);
        for kind in TlsCaKind::ALL {
            for internal in [false, true] {
                v.push(Profile::TlsSubCa { kind, internal });
            }
        }
        v.extend(TlsValidation::ALL.map(Profile::TlsSubscriber));
        v.push(Profile::OcspResponder);
        v
    }

    /// The profile's name.
    pub fn name(self) -> String {
        match self {
            Profile::Smime(v, g) => format!("smime-{}-{}", v.as_str(), g.as_str()),
            Profile::SmimeSubCa => "smime-subca".into(),
            Profile::SmimeRoot => "smime-root".into(),
            Profile::RootCa => "root-ca".into(),
            Profile::SubCa => "subca".into(),
            Profile::EndEntity => "end-entity".into(),
            Profile::TlsRoot => "tls-root".into(),
            Profile::TlsSubCa { kind, internal } => {
                format!(
                    "tls-subca{}{}",
                    kind.suffix(),
                    if internal { "-internal" } else { "" }
                )
            }
            Profile::TlsSubscriber(v) => format!("tls-subscriber-{}", v.as_str()),
            Profile::OcspResponder => "ocsp-responder".into(),
        }
    }

    /// Looks a profile up by name.
    pub fn from_name(name: &str) -> Option<Profile> {
        Profile::all().into_iter().find(|p| p.name() == name)
    }

    /// One line on what the profile covers.
    pub fn description(self) -> String {
        match self {
            Profile::Smime(v, g) => format!(
                "S/MIME {} {} subscriber certificate (SMIME BR 7.1.2.3, 7.1.4.2, policy 2.23.140.1.5.{}.{})",
                v.as_str(),
                g.as_str(),
                v.arc(),
                g.arc()
            ),
            Profile::SmimeSubCa => {
                "S/MIME subordinate CA certificate (SMIME BR 7.1.2.2, 7.1.4.3, 7.1.5, 7.1.6.3; MRSP 5.3)".into()
            }
            Profile::SmimeRoot => "S/MIME root CA certificate (SMIME BR 7.1.2.1, 7.1.6.2)".into(),
            Profile::RootCa => "self-issued CA certificate of unstated purpose (RFC 5280; MRSP 5.1)".into(),
            Profile::SubCa => "other subordinate CA certificate (RFC 5280; MRSP 5.1, 5.3)".into(),
            Profile::EndEntity => "other end-entity certificate (RFC 5280; MRSP 5.1, 5.2)".into(),
            Profile::TlsRoot => "TLS root CA certificate (TLS BR 7.1.2.1)".into(),
            Profile::TlsSubCa { kind, internal } => format!(
                "TLS subordinate CA certificate (TLS BR {}), operated {}",
                kind.section(),
                if internal { "by the issuer or its Affiliate" } else { "by a third party" }
            ),
            Profile::TlsSubscriber(TlsValidation::Ev) => {
                "TLS EV subscriber certificate or precertificate (TLS BR 7.1.2.7; EVG 7.1, 9.2)".into()
            }
            Profile::TlsSubscriber(v) => format!(
                "TLS {} subscriber certificate or precertificate (TLS BR 7.1.2.7)",
                v.as_str().to_uppercase()
            ),
            Profile::OcspResponder => "delegated OCSP responder certificate (TLS BR 7.1.2.8)".into(),
        }
    }

    /// Whether the profile is an S/MIME subscriber profile.
    pub fn smime(self) -> Option<(Validation, Generation)> {
        match self {
            Profile::Smime(v, g) => Some((v, g)),
            _ => None,
        }
    }

    /// Whether the profile describes a CA certificate.
    pub fn is_ca(self) -> bool {
        matches!(
            self,
            Profile::SmimeSubCa
                | Profile::SmimeRoot
                | Profile::RootCa
                | Profile::SubCa
                | Profile::TlsRoot
                | Profile::TlsSubCa { .. }
        )
    }

    /// Whether the profile describes a subordinate (non-root) CA certificate.
    pub fn is_subca(self) -> bool {
        matches!(
            self,
            Profile::SmimeSubCa | Profile::SubCa | Profile::TlsSubCa { .. }
        )
    }

    /// Whether the profile is a TLS profile (TLS BR 7.1.2).
    pub fn is_tls(self) -> bool {
        matches!(
            self,
            Profile::TlsRoot
                | Profile::TlsSubCa { .. }
                | Profile::TlsSubscriber(_)
                | Profile::OcspResponder
        )
    }
}

/// The catalogue for `--list-profiles`.
pub fn catalogue() -> Vec<ProfileInfo> {
    Profile::all()
        .into_iter()
        .map(|p| ProfileInfo {
            name: p.name(),
            description: p.description(),
        })
        .collect()
}

/// The S/MIME reserved policy OIDs in a certificate, as (validation, generation).
pub fn smime_reserved_policies(cert: &Certificate<'_>) -> Vec<(Validation, Generation)> {
    let Some(policies) = cert.policies() else {
        return Vec::new();
    };
    policies
        .iter()
        .filter_map(|p| {
            let b = p.oid.as_bytes();
            let arc = oids::CABF_SMIME.as_bytes();
            if b.len() != arc.len() + 2 || !b.starts_with(arc) {
                return None;
            }
            let v = Validation::ALL
                .into_iter()
                .find(|v| v.arc() == b[arc.len()])?;
            let g = Generation::ALL
                .into_iter()
                .find(|g| g.arc() == b[arc.len() + 1])?;
            Some((v, g))
        })
        .collect()
}

/// The S/MIME BRs' effective date (SMIME BR 1.2.2, version 1.0.0): 2023-09-01.
pub const SMIME_BR_EFFECTIVE: i64 = 1_693_526_400;

/// Detects the profile of a certificate from its content.
///
/// A reserved S/MIME policy OID is the CA's claim of compliance (SMIME BR
/// 7.1.6.1), so it selects an S/MIME profile whatever the date. Without one,
/// an S/MIME profile is inferred from the EKU only for certificates issued
/// since the S/MIME BRs took effect; older ones get the generic profiles.
pub fn detect(cert: &Certificate<'_>) -> Profile {
    let in_smime_era = cert
        .not_before
        .unix()
        .is_none_or(|t| t >= SMIME_BR_EFFECTIVE);
    let eku = cert.ext_key_usage();
    let has_eku = |o| eku.is_some_and(|e| e.contains(&o));
    let smime_policies = smime_reserved_policies(cert);
    let smime_arc = cert
        .policies()
        .is_some_and(|ps| ps.iter().any(|p| p.oid.is_under(oids::CABF_SMIME)));
    if cert.is_ca() {
        if cert.is_self_issued() && eku.is_none() {
            return if smime_arc {
                Profile::SmimeRoot
            } else {
                Profile::RootCa
            };
        }
        // A self-issued CA asserting id-kp-serverAuth is a TLS root, in breach
        // of TLS BR 7.1.2.1.2 (no extKeyUsage): lint it as one, so that breach is reported.
        if cert.is_self_issued() && has_eku(oids::KP_SERVER_AUTH) && !smime_arc {
            return Profile::TlsRoot;
        }
        let email = has_eku(oids::KP_EMAIL_PROTECTION);
        if smime_arc || (email && !has_eku(oids::KP_SERVER_AUTH) && in_smime_era) {
            return Profile::SmimeSubCa;
        }
        if has_eku(oids::KP_PRECERT_SIGNING) {
            return Profile::TlsSubCa {
                kind: TlsCaKind::PrecertSigning,
                internal: any_policy(cert),
            };
        }
        if has_eku(oids::KP_SERVER_AUTH) || tls_policy(cert).is_some() {
            let constrained = cert.ext_value(oids::NAME_CONSTRAINTS).is_some();
            let kind = if constrained {
                TlsCaKind::Constrained
            } else {
                TlsCaKind::Unconstrained
            };
            return Profile::TlsSubCa {
                kind,
                internal: any_policy(cert),
            };
        }
        return Profile::SubCa;
    }
    if let Some(&(v, g)) = smime_policies.first() {
        return Profile::Smime(v, g);
    }
    // id-kp-OCSPSigning makes a delegated OCSP responder certificate (RFC 6960
    // 4.2.2.2), whatever else its EKU asserts; TLS BR 7.1.2.8.5 then reports
    // any other purpose.
    if has_eku(oids::KP_OCSP_SIGNING) {
        return Profile::OcspResponder;
    }
    if let Some(v) = tls_policy(cert) {
        return Profile::TlsSubscriber(v);
    }
    if has_eku(oids::KP_SERVER_AUTH) {
        // Without a reserved policy OID (older EV certificates often carry
        // only the CA's own EV policy OID), the EV subject fields of EVG
        // 7.1.4.2.3 to 7.1.4.2.5 identify an EV certificate.
        let s = &cert.subject;
        let ev_subject = s.has(oids::JURISDICTION_COUNTRY)
            && s.has(oids::BUSINESS_CATEGORY)
            && s.has(oids::SERIAL_NUMBER);
        let v = if ev_subject {
            TlsValidation::Ev
        } else if cert.subject.has(oids::ORGANIZATION_NAME) {
            TlsValidation::Ov
        } else {
            TlsValidation::Dv
        };
        return Profile::TlsSubscriber(v);
    }
    let email_san = cert.subject_alt_names().is_some_and(|sans| {
        sans.iter().any(|n| match n {
            GeneralName::Rfc822(_) => true,
            GeneralName::OtherName { type_id, .. } => *type_id == oids::ON_SMTP_UTF8_MAILBOX,
            _ => false,
        })
    });
    let email_only = has_eku(oids::KP_EMAIL_PROTECTION) && !has_eku(oids::KP_SERVER_AUTH);
    if (email_only && in_smime_era) || (smime_arc && email_san) {
        // An S/MIME certificate without a reserved policy OID: its type is
        // inferred from the subject, so the rule requiring the OID fires.
        let s = &cert.subject;
        let person = s.has(oids::GIVEN_NAME) || s.has(oids::SURNAME) || s.has(oids::PSEUDONYM);
        let org = s.has(oids::ORGANIZATION_NAME);
        let v = match (org, person) {
            (true, true) => Validation::Sponsored,
            (true, false) => Validation::Organization,
            (false, true) => Validation::Individual,
            (false, false) => Validation::Mailbox,
        };
        let strict = eku.is_some_and(|e| e.len() == 1);
        return Profile::Smime(
            v,
            if strict {
                Generation::Strict
            } else {
                Generation::Multipurpose
            },
        );
    }
    Profile::EndEntity
}

/// The TLS validation type named by a CA/Browser Forum reserved policy OID
/// (TLS BR 7.1.6.1), if the certificate asserts one.
pub fn tls_policy(cert: &Certificate<'_>) -> Option<TlsValidation> {
    cert.policies()?.iter().find_map(|p| match p.oid {
        oids::CABF_DV => Some(TlsValidation::Dv),
        oids::CABF_OV => Some(TlsValidation::Ov),
        oids::CABF_IV => Some(TlsValidation::Iv),
        oids::CABF_EV => Some(TlsValidation::Ev),
        _ => None,
    })
}

fn any_policy(cert: &Certificate<'_>) -> bool {
    cert.policies()
        .is_some_and(|ps| ps.iter().any(|p| p.oid == oids::ANY_POLICY))
}
