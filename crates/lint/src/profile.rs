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
        ]);
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
            Profile::SmimeSubCa | Profile::SmimeRoot | Profile::RootCa | Profile::SubCa
        )
    }

    /// Whether the profile describes a subordinate (non-root) CA certificate.
    pub fn is_subca(self) -> bool {
        matches!(self, Profile::SmimeSubCa | Profile::SubCa)
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
        let email = has_eku(oids::KP_EMAIL_PROTECTION);
        if smime_arc || (email && !has_eku(oids::KP_SERVER_AUTH) && in_smime_era) {
            return Profile::SmimeSubCa;
        }
        return Profile::SubCa;
    }
    if let Some(&(v, g)) = smime_policies.first() {
        return Profile::Smime(v, g);
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
