//! The records the registry keeps.

use cert::{Certificate, oids};
use serde::Serialize;

/// A CA owner (a company operating roots or sub-CAs).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Owner {
    /// Full legal name (the key).
    pub name: String,
    /// Website.
    pub website: Option<String>,
    /// Country.
    pub country: Option<String>,
    /// Contacts (e-mail addresses or names); every finding of the owner reaches all of them.
    pub contacts: Vec<String>,
}

/// A certificate in the registry. The fields derived from the DER are
/// absent only for records known from a CCADB record without the certificate.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct CertRecord {
    /// SHA-256 of the DER, uppercase hex (the key).
    pub sha256: String,
    /// SHA-1 of the DER, uppercase hex.
    pub sha1: Option<String>,
    /// Subject, RFC 4514 style in encoded order.
    pub subject: Option<String>,
    /// Issuer, same style.
    pub issuer: Option<String>,
    /// subjectKeyIdentifier, uppercase hex.
    pub ski: Option<String>,
    /// authorityKeyIdentifier keyIdentifier, uppercase hex.
    pub aki: Option<String>,
    /// SHA-256 of the SubjectPublicKeyInfo, uppercase hex (same key = same value).
    pub spki_sha256: Option<String>,
    /// Serial number, uppercase hex of the content octets.
    pub serial: Option<String>,
    /// notBefore, seconds since the epoch.
    pub not_before: Option<i64>,
    /// notAfter, seconds since the epoch.
    pub not_after: Option<i64>,
    /// basicConstraints cA.
    pub is_ca: bool,
    /// Issuer and subject encodings are identical.
    pub self_issued: bool,
    /// extKeyUsage purposes as dotted OIDs; `None` when the extension is absent.
    pub eku: Option<Vec<String>>,
    /// Technically constrained as MRSP 5.3.1 defines it.
    pub technically_constrained: bool,
    /// Derived trust bit "Secure Email" (CCADB fields, "Derived Trust Bits"),
    /// before expiry and revocation are taken into account (see [`CertRecord::trust_bits_at`]).
    pub trust_email: bool,
    /// Derived trust bit "Server Authentication", same.
    pub trust_server: bool,
    /// Revocation status as CCADB words it ("Not Revoked", "Revoked", …).
    pub revocation: Option<String>,
    /// The CA owner.
    pub owner: Option<String>,
    /// For an externally operated sub-CA: its operator.
    pub subca_owner: Option<String>,
    /// CCADB record id (Salesforce Record ID).
    pub record_id: Option<String>,
    /// CCADB certificate name.
    pub name: Option<String>,
    /// Parent SHA-256 fingerprint as declared by a CCADB record.
    pub parent_sha256: Option<String>,
    /// CCADB "Audits Same as Parent".
    pub audits_same_as_parent: bool,
    /// CCADB "CP/CPS Same as Parent" (any of the "Same as Parent" document boxes).
    pub docs_same_as_parent: bool,
    /// CCADB "Trust Bits for Root Cert".
    pub root_trust_bits: Option<String>,
    /// CCADB "Derived Trust Bits" as the report states it.
    pub ccadb_trust_bits: Option<String>,
    /// When the certificate was disclosed (registered), seconds since the epoch.
    pub disclosed_at: Option<i64>,
    /// When this registry first saw it.
    pub first_seen: i64,
    /// The source of the first import.
    pub source: String,
    /// Record version (1 = as first imported).
    pub version: i64,
}

impl CertRecord {
    /// Whether the certificate is expired at `t`.
    pub fn expired_at(&self, t: i64) -> bool {
        self.not_after.is_some_and(|na| na < t)
    }

    /// Whether the registry records the certificate as revoked.
    pub fn revoked(&self) -> bool {
        self.revocation.as_deref().is_some_and(|r| {
            let r = r.to_ascii_lowercase();
            r.contains("revoked") && !r.contains("not revoked")
        })
    }

    /// The derived trust bits at `t`: empty when expired or revoked (CCADB fields, "Derived Trust Bits").
    pub fn trust_bits_at(&self, t: i64) -> TrustBits {
        if self.expired_at(t) || self.revoked() {
            TrustBits::default()
        } else {
            TrustBits {
                email: self.trust_email,
                server: self.trust_server,
            }
        }
    }

    /// Whether the EKU extension lists `oid` (dotted).
    pub fn has_eku(&self, oid: &str) -> bool {
        self.eku
            .as_ref()
            .is_some_and(|v| v.iter().any(|o| o == oid))
    }

    /// A short label: CCADB name, else subject, else fingerprint.
    pub fn label(&self) -> String {
        self.name
            .clone()
            .or_else(|| self.subject.clone())
            .unwrap_or_else(|| self.sha256.clone())
    }
}

/// The trust bits CCADB derives.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct TrustBits {
    /// Secure Email.
    pub email: bool,
    /// Server Authentication.
    pub server: bool,
}

/// Dotted OIDs used by the registry.
pub mod eku {
    /// id-kp-serverAuth
    pub const SERVER_AUTH: &str = "1.3.6.1.5.5.7.3.1";
    /// id-kp-clientAuth
    pub const CLIENT_AUTH: &str = "1.3.6.1.5.5.7.3.2";
    /// id-kp-emailProtection
    pub const EMAIL_PROTECTION: &str = "1.3.6.1.5.5.7.3.4";
    /// anyExtendedKeyUsage
    pub const ANY: &str = "2.5.29.37.0";
}

/// The EKU-only trust bits of a certificate (`None` when it has no EKU or an empty one).
pub fn eku_trust_bits(eku: Option<&[String]>) -> Option<TrustBits> {
    let eku = eku.filter(|e| !e.is_empty())?;
    let has = |o: &str| eku.iter().any(|x| x == o);
    Some(TrustBits {
        email: has(eku::EMAIL_PROTECTION) || has(eku::ANY),
        server: has(eku::SERVER_AUTH) || has(eku::ANY),
    })
}

/// Technically constrained as MRSP 5.3.1 defines it: an EKU without
/// anyExtendedKeyUsage; with id-kp-serverAuth, name constraints on dNSName,
/// iPAddress and directoryName (TLS BR 7.1.2.5); with id-kp-emailProtection,
/// name constraints with at least one permitted rfc822Name.
pub fn technically_constrained(c: &Certificate<'_>) -> bool {
    use cert::GeneralName as G;
    let Some(eku) = c.ext_key_usage() else {
        return false;
    };
    if eku.is_empty() || eku.contains(&oids::ANY_EXTENDED_KEY_USAGE) {
        return false;
    }
    let nc = match c.ext_value(oids::NAME_CONSTRAINTS) {
        Some(cert::ExtValue::NameConstraints(nc)) => Some(nc),
        _ => None,
    };
    let subtrees = |permitted_only: bool| {
        let mut v = Vec::new();
        if let Some(nc) = nc {
            v.extend(nc.permitted.iter().flatten());
            if !permitted_only {
                v.extend(nc.excluded.iter().flatten());
            }
        }
        v
    };
    if eku.contains(&oids::KP_SERVER_AUTH) {
        let all = subtrees(false);
        let dns = all.iter().any(|s| matches!(s.base, G::Dns(_)));
        let ip = all.iter().any(|s| matches!(s.base, G::Ip(_)));
        let dir = all.iter().any(|s| matches!(s.base, G::DirectoryName(_)));
        if !(dns && ip && dir) {
            return false;
        }
    }
    if eku.contains(&oids::KP_EMAIL_PROTECTION) {
        let permitted = subtrees(true);
        if !permitted.iter().any(|s| matches!(s.base, G::Rfc822(_))) {
            return false;
        }
    }
    true
}

/// A CP, CPS or combined CP/CPS.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Document {
    /// Stable id (derived from owner, kind and URL).
    pub id: String,
    /// The owner.
    pub owner: String,
    /// `CP`, `CPS`, `CP/CPS` or `MD CP/CPS`.
    pub kind: String,
    /// Where it is published.
    pub url: String,
    /// The document's own version number.
    pub doc_version: Option<String>,
    /// Effective date, `YYYY-MM-DD`.
    pub effective_date: Option<String>,
    /// Language.
    pub language: Option<String>,
    /// Certificates covered, by SHA-256.
    pub certificates: Vec<String>,
}

/// The kinds of audit CCADB records.
pub const AUDIT_KINDS: [&str; 7] = [
    "Standard",
    "NetSec",
    "TLS BR",
    "TLS EVG",
    "Code Signing",
    "S/MIME BR",
    "VMC",
];

/// An audit statement.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Audit {
    /// Stable id (derived from owner, kind, URL and period).
    pub id: String,
    /// The audited owner.
    pub owner: String,
    /// One of [`AUDIT_KINDS`].
    pub kind: String,
    /// `WebTrust`, `ETSI …` (CCADB "Audit Type").
    pub criteria: Option<String>,
    /// Audit firm.
    pub auditor: Option<String>,
    /// Audit firm location.
    pub auditor_location: Option<String>,
    /// Statement (report) date, `YYYY-MM-DD`.
    pub statement_date: Option<String>,
    /// Period start, `YYYY-MM-DD`.
    pub period_start: Option<String>,
    /// Period end, `YYYY-MM-DD`.
    pub period_end: Option<String>,
    /// URL of the statement.
    pub url: Option<String>,
    /// SHA-256 of the statement file.
    pub file_sha256: Option<String>,
    /// Certificates in scope, by SHA-256.
    pub certificates: Vec<String>,
}

/// An incident report.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Incident {
    /// Stable id (e.g. the Bugzilla bug number).
    pub id: String,
    /// The owner it concerns.
    pub owner: String,
    /// Title.
    pub title: String,
    /// Link to the report.
    pub link: Option<String>,
    /// Opened, `YYYY-MM-DD`.
    pub opened: Option<String>,
    /// Closed, `YYYY-MM-DD`.
    pub closed: Option<String>,
    /// `open`, `closed`, …
    pub status: String,
    /// Next update due, `YYYY-MM-DD`.
    pub next_update: Option<String>,
}

impl Incident {
    /// Whether the incident is still open (not `closed` or `resolved`, the
    /// words Bugzilla and the registry use for a finished report).
    pub fn is_open(&self) -> bool {
        !(self.status.eq_ignore_ascii_case("closed")
            || self.status.eq_ignore_ascii_case("resolved"))
    }

    /// How many days the next update is overdue on day `today` (days since
    /// the epoch): `Some(n)` when the incident is open, opened by `today`,
    /// and its next-update date has passed (open reports "MUST be updated on
    /// or before the Next update date", CCADB Incident Reporting Guidelines
    /// 3.2, "When are reports updated?"). The one rule behind the compliance
    /// check `registry.incident.update_overdue` and the pages' marks.
    pub fn update_overdue(&self, today: i64) -> Option<i64> {
        if !self.is_open() {
            return None;
        }
        let day = |d: Option<&str>| d.and_then(crate::parse_date);
        if day(self.opened.as_deref()).is_some_and(|d| d > today) {
            return None;
        }
        let due = day(self.next_update.as_deref())?;
        (today > due).then_some(today - due)
    }
}

/// One entry of a record's history.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct HistoryEntry {
    /// `owner`, `certificate`, `document`, `audit`, `incident`.
    pub entity: String,
    /// The record key.
    pub key: String,
    /// The version this change produced.
    pub version: i64,
    /// When, seconds since the epoch.
    pub at: i64,
    /// From which source (file and line, or command).
    pub source: String,
    /// What changed: `{field: [old, new]}`.
    pub changes: serde_json::Value,
}

/// A stable id from a record's identifying fields: the first 16 bytes of
/// SHA-256 over the fields joined by U+001F, uppercase hex.
pub fn derive_id(parts: &[&str]) -> String {
    let joined = parts.join("\u{1f}");
    cert::hex_upper(&cert::digest::sha256(joined.as_bytes())[..16])
}
