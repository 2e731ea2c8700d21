//! Compliance checks over the registry, as of a date.
//!
//! Each problem is a [`lint::Finding`] (the one finding type of rootward)
//! with a stable code, a citation, and a location naming the owner and the
//! certificate, audit, document or incident. The date the checks answer for
//! is a parameter: records not yet known at that date (an audit statement
//! dated later, a certificate not yet valid) are left out, so a case's
//! timeline can be replayed with `--as-of`.
//!
//! | code | citation | what |
//! |---|---|---|
//! | `registry.disclosure.late` | MRSP 5.3.2 | CA certificate not disclosed within 7 days of its notBefore |
//! | `registry.audit.period_too_long` | TLS BR 8.1 / SMIME BR 8.1 | audit period longer than one year |
//! | `registry.audit.gap` | MRSP 3.1.3 | consecutive audit periods of one kind not contiguous |
//! | `registry.audit.statement_late` | CCADB Policy 5.2 | statement more than 92 days after the period's end |
//! | `registry.audit.overdue` | MRSP 3.1.3 | no statement for the period after the last one, 92 days after it should have ended |
//! | `registry.audit.intermediate_not_covered` | MRSP 5.3.2 | a non-technically-constrained intermediate in no audit's scope |
//! | `registry.audit.smime_missing` | CCADB Policy 5 | an email-capable CA without an S/MIME BR audit |
//! | `registry.document.stale` | MRSP 3.3 | CP/CPS not updated within 365 days |
//! | `registry.cert.eku_missing` | MRSP 5.3 | intermediate (after 2019-01-01) without EKU |
//! | `registry.cert.eku_any` | MRSP 5.3 | intermediate with anyExtendedKeyUsage |
//! | `registry.cert.eku_server_and_email` | MRSP 5.3 | intermediate with both id-kp-serverAuth and id-kp-emailProtection |
//! | `registry.incident.update_overdue` | CCADB Incident Reporting Guidelines | open incident past its next-update date |
//!
//! and every lint finding of every CA certificate (linted with its verified
//! parent as issuer), passed through with the location prefixed.

use std::collections::{BTreeMap, HashMap, HashSet};

use lint::{Equivalents, Finding, Severity};
use sqlx::Row as _;

use crate::model::{Audit, CertRecord, Document, Incident, Owner, eku};
use crate::{DAY, Registry, Result, format_day, parse_date, store};

/// What to check.
#[derive(Clone, Copy, Debug)]
pub struct CheckOptions<'a> {
    /// Only this owner (case-insensitive; matches CA owner or sub-CA operator).
    pub owner: Option<&'a str>,
    /// The date the checks answer for, seconds since the epoch.
    pub as_of: i64,
    /// Run the certificate linter over every CA certificate.
    pub lint: bool,
}

/// Everything the checks read, loaded at once.
#[derive(Clone, Debug, Default)]
pub struct Snapshot {
    /// Owners.
    pub owners: Vec<Owner>,
    /// Certificates.
    pub certs: Vec<CertRecord>,
    /// (child, parent, verified).
    pub links: Vec<(String, String, bool)>,
    /// Audits.
    pub audits: Vec<Audit>,
    /// Documents.
    pub documents: Vec<Document>,
    /// Incidents.
    pub incidents: Vec<Incident>,
}

impl Registry {
    /// Loads every record the checks need.
    pub async fn snapshot(&self) -> Result<Snapshot> {
        let mut conn = self.pool.acquire().await?;
        Ok(Snapshot {
            owners: store::owners(&mut conn).await?,
            certs: store::certs_where(&mut conn, "ORDER BY sha256", &[]).await?,
            links: store::links(&mut conn).await?,
            audits: store::audits(&mut conn, None).await?,
            documents: store::documents(&mut conn, None).await?,
            incidents: store::incidents(&mut conn).await?,
        })
    }
}

/// Runs every check (see the module documentation) as of `opts.as_of`.
pub async fn check(
    reg: &Registry,
    opts: &CheckOptions<'_>,
    linter: &lint::Linter,
) -> Result<Vec<Finding>> {
    let snap = reg.snapshot().await?;
    check_in(reg, &snap, opts, linter).await
}

/// [`check`] over a snapshot the caller already loaded (the dashboard
/// groups the findings by owner from the same snapshot).
pub async fn check_in(
    reg: &Registry,
    snap: &Snapshot,
    opts: &CheckOptions<'_>,
    linter: &lint::Linter,
) -> Result<Vec<Finding>> {
    let mut findings = check_snapshot(snap, opts);
    if opts.lint {
        let mut conn = reg.pool.acquire().await?;
        // Self-issued certificates too: version 1 roots have no
        // basicConstraints but anchor paths.
        let rows = sqlx::query("SELECT sha256, der FROM certificates WHERE (is_ca = 1 OR self_issued = 1) AND der IS NOT NULL ORDER BY sha256")
            .fetch_all(&mut *conn)
            .await?;
        let mut ders: HashMap<String, Vec<u8>> = HashMap::with_capacity(rows.len());
        for r in rows {
            ders.insert(r.try_get(0)?, r.try_get(1)?);
        }
        let parent_of: HashMap<&str, &str> = snap
            .links
            .iter()
            .filter(|l| l.2)
            .map(|(c, p, _)| (c.as_str(), p.as_str()))
            .collect();
        for c in &snap.certs {
            if !c.is_ca
                || !owner_matches(opts.owner, c)
                || c.not_before.is_some_and(|nb| nb > opts.as_of)
            {
                continue;
            }
            let Some(der) = ders.get(&c.sha256) else {
                continue;
            };
            let Ok(parsed) = cert::Certificate::parse(der) else {
                continue;
            };
            let issuer_der = parent_of.get(c.sha256.as_str()).and_then(|p| ders.get(*p));
            let issuer = issuer_der.and_then(|d| cert::Certificate::parse(d).ok());
            let report = linter.lint(
                &parsed,
                &lint::Options {
                    profile: lint::ProfileChoice::Auto,
                    issuer: issuer.as_ref(),
                },
            );
            for mut f in report.findings {
                f.location = format!("{} / {}", cert_location(c), f.location);
                findings.push(f);
            }
        }
        findings.extend(path_findings(snap, &ders, opts));
    }
    Ok(findings)
}

/// RFC 5280 section 6 over the registry: every subordinate CA certificate
/// that is current at `as_of`, not revoked, and linked to a parent in the
/// registry should have a valid certification path (purpose any) to a
/// self-signed root the registry holds. One that does not (its parents
/// expired, a pathLenConstraint or name constraint above it broken, a
/// parent that is not a CA) is reported with the first failure of its best
/// path. Certificates with no parent in the registry are not reported here:
/// that is missing data, not a broken chain.
fn path_findings(
    snap: &Snapshot,
    ders: &HashMap<String, Vec<u8>>,
    opts: &CheckOptions<'_>,
) -> Vec<Finding> {
    let has_parent: std::collections::HashSet<&str> = snap
        .links
        .iter()
        .filter(|l| l.2)
        .map(|l| l.0.as_str())
        .collect();
    let mut roots: Vec<&[u8]> = Vec::new();
    let mut intermediates: Vec<&[u8]> = Vec::new();
    for c in &snap.certs {
        let Some(der) = ders.get(&c.sha256) else {
            continue;
        };
        if c.self_issued && !has_parent.contains(c.sha256.as_str()) {
            roots.push(der);
        } else {
            intermediates.push(der);
        }
    }
    let Ok(verifier) = path::Verifier::new(&roots, &intermediates, &[]) else {
        return Vec::new();
    };
    let mut path_opts = path::Options::at(opts.as_of);
    path_opts.max_paths = 1;
    let mut out = Vec::new();
    for c in &snap.certs {
        let current = c.not_before.is_some_and(|t| t <= opts.as_of)
            && c.not_after.is_some_and(|t| t >= opts.as_of);
        if !c.is_ca
            || c.self_issued
            || !current
            || c.revocation.is_some()
            || !has_parent.contains(c.sha256.as_str())
            || !owner_matches(opts.owner, c)
        {
            continue;
        }
        let Some(der) = ders.get(&c.sha256) else {
            continue;
        };
        let Ok(report) = verifier.validate(der, &path_opts) else {
            continue;
        };
        if report.is_valid() {
            continue;
        }
        let Some(failure) = report.paths.first().and_then(|p| p.failure.as_ref()) else {
            continue;
        };
        // A path that ends at a certificate whose issuer the registry does
        // not hold (or holds only under another key) is missing data, which
        // the disclosure checks cover; report what is wrong in the chain.
        if matches!(
            failure.error,
            path::Error::NoIssuer { .. } | path::Error::BadSignature { .. }
        ) {
            continue;
        }
        let why = failure.to_string();
        out.push(finding(
            "registry.path.no_valid_path",
            Severity::Warning,
            "RFC 5280 6.1",
            cert_location(c),
            format!(
                "no valid certification path to a root in the registry on {}: {why}",
                cert::time::format_unix(opts.as_of)
            ),
        ));
    }
    out
}

fn norm(s: &str) -> String {
    s.trim().to_lowercase()
}

fn owner_matches(filter: Option<&str>, c: &CertRecord) -> bool {
    match filter {
        None => true,
        Some(o) => {
            let o = norm(o);
            c.owner.as_deref().is_some_and(|x| norm(x) == o)
                || c.subca_owner.as_deref().is_some_and(|x| norm(x) == o)
        }
    }
}

fn cert_location(c: &CertRecord) -> String {
    let owner = c.subca_owner.as_deref().or(c.owner.as_deref());
    match owner {
        Some(o) => format!("owner {o} / certificate {} ({})", c.sha256, c.label()),
        None => format!("certificate {} ({})", c.sha256, c.label()),
    }
}

fn finding(
    code: &'static str,
    severity: Severity,
    citation: &'static str,
    location: String,
    message: String,
) -> Finding {
    Finding {
        code,
        severity,
        message,
        citation,
        location,
        equivalents: Equivalents::default(),
    }
}

/// One year after a day (same month and day; 28 February for 29 February).
fn add_year(day: i64) -> i64 {
    let (y, m, d) = cert::time::civil_from_days(day);
    let d = if m == 2 && d == 29 { 28 } else { d };
    cert::time::days_from_civil(y + 1, m, d)
}

fn day_of(s: Option<&str>) -> Option<i64> {
    s.and_then(parse_date)
}

/// The checks that need no certificate bytes.
pub fn check_snapshot(snap: &Snapshot, opts: &CheckOptions<'_>) -> Vec<Finding> {
    let as_of = opts.as_of;
    let today = as_of.div_euclid(DAY);
    let mut out = Vec::new();
    let by_sha: HashMap<&str, &CertRecord> =
        snap.certs.iter().map(|c| (c.sha256.as_str(), c)).collect();
    let mut parents: HashMap<&str, Vec<&str>> = HashMap::new();
    for (c, p, _) in &snap.links {
        if c != p {
            parents.entry(c.as_str()).or_default().push(p.as_str());
        }
    }
    // Audits known at the date: statement dated on or before it.
    let audits: Vec<&Audit> = snap
        .audits
        .iter()
        .filter(|a| day_of(a.statement_date.as_deref()).is_none_or(|d| d <= today))
        .collect();
    let audit_matches = |a: &Audit| match opts.owner {
        None => true,
        Some(o) => {
            norm(&a.owner) == norm(o)
                || a.certificates.iter().any(|s| {
                    by_sha
                        .get(s.as_str())
                        .is_some_and(|c| owner_matches(opts.owner, c))
                })
        }
    };
    let mut covering: HashMap<&str, Vec<&Audit>> = HashMap::new();
    for a in &audits {
        for s in &a.certificates {
            covering.entry(s.as_str()).or_default().push(a);
        }
    }
    // Audits covering a certificate, through "Audits Same as Parent".
    let coverage = |sha: &str| -> Vec<&Audit> {
        let mut res = Vec::new();
        let mut stack = vec![(sha, 0)];
        let mut seen = HashSet::new();
        while let Some((s, depth)) = stack.pop() {
            if !seen.insert(s) || depth > 8 {
                continue;
            }
            res.extend(covering.get(s).into_iter().flatten().copied());
            if by_sha.get(s).is_some_and(|c| c.audits_same_as_parent) {
                for p in parents.get(s).into_iter().flatten() {
                    stack.push((p, depth + 1));
                }
            }
        }
        res
    };
    // Same subject and key as a self-issued certificate (a root's cross-certificate).
    let self_issued_keys: HashSet<(&str, &str)> = snap
        .certs
        .iter()
        .filter(|c| c.self_issued)
        .filter_map(|c| Some((c.subject.as_deref()?, c.spki_sha256.as_deref()?)))
        .collect();

    // Certificates.
    for c in &snap.certs {
        if !c.is_ca || !owner_matches(opts.owner, c) {
            continue;
        }
        let Some(nb) = c.not_before else { continue };
        if nb > as_of || c.expired_at(as_of) {
            continue;
        }
        let loc = || cert_location(c);
        // Disclosure within 7 days (roots are disclosed through inclusion).
        if !c.self_issued {
            let deadline = nb + 7 * DAY;
            let late = match c.disclosed_at {
                Some(d) => d > deadline && as_of > deadline,
                // Known from a CCADB report: disclosed, at a date the report does not give.
                None if c.source.starts_with("ccadb") => false,
                None => as_of > deadline,
            };
            if late {
                let when = match c.disclosed_at {
                    Some(d) if d <= as_of => format!(
                        "disclosed {} ({} days after notBefore {})",
                        format_day(d.div_euclid(DAY)),
                        (d - nb).div_euclid(DAY),
                        format_day(nb.div_euclid(DAY))
                    ),
                    _ => format!(
                        "not disclosed as of {} ({} days after notBefore {})",
                        format_day(today),
                        (as_of - nb).div_euclid(DAY),
                        format_day(nb.div_euclid(DAY))
                    ),
                };
                out.push(finding(
                    "registry.disclosure.late",
                    Severity::Error,
                    "MRSP 5.3.2",
                    loc(),
                    format!("CA certificate {when}; it must be disclosed in the CCADB within 7 days of creation"),
                ));
            }
        }
        // EKU of intermediates created after 2019-01-01 (MRSP 5.3).
        let cross_of_root = c
            .subject
            .as_deref()
            .zip(c.spki_sha256.as_deref())
            .is_some_and(|k| self_issued_keys.contains(&k));
        if c.sha1.is_some() && !c.self_issued && !cross_of_root && nb >= 1_546_300_800 {
            match &c.eku {
                None => out.push(finding(
                    "registry.cert.eku_missing",
                    Severity::Error,
                    "MRSP 5.3",
                    loc(),
                    "intermediate certificate created after 2019-01-01 has no extKeyUsage extension".into(),
                )),
                Some(_) => {
                    if c.has_eku(eku::ANY) {
                        out.push(finding(
                            "registry.cert.eku_any",
                            Severity::Error,
                            "MRSP 5.3",
                            loc(),
                            "intermediate certificate created after 2019-01-01 includes anyExtendedKeyUsage".into(),
                        ));
                    }
                    if c.has_eku(eku::SERVER_AUTH) && c.has_eku(eku::EMAIL_PROTECTION) {
                        out.push(finding(
                            "registry.cert.eku_server_and_email",
                            Severity::Error,
                            "MRSP 5.3",
                            loc(),
                            "intermediate certificate created after 2019-01-01 includes both id-kp-serverAuth and id-kp-emailProtection".into(),
                        ));
                    }
                }
            }
        }
        // Audit coverage: only for certificates whose owner the registry knows.
        let Some(owner) = c.subca_owner.as_deref().or(c.owner.as_deref()) else {
            continue;
        };
        if c.revoked() || c.technically_constrained {
            continue;
        }
        let cov = coverage(&c.sha256);
        // The certificate must be in the scope of its operator's audits from
        // the statement of the period in which it was issued (CCADB Policy
        // 5.1): once an audit period of the operator that includes its
        // issuance is known, or, with no such period known, once the first
        // statement could be due (one year and 92 days after issuance).
        let nb_day = nb.div_euclid(DAY);
        let should_be_covered = |kind: Option<&str>| {
            let latest = audits
                .iter()
                .filter(|a| norm(&a.owner) == norm(owner))
                .filter(|a| kind.is_none_or(|k| a.kind == k))
                .filter_map(|a| day_of(a.period_end.as_deref()))
                .max();
            latest.is_some_and(|e| e >= nb_day) || today > add_year(nb_day) + 92
        };
        if !c.self_issued && cov.is_empty() && should_be_covered(None) {
            out.push(finding(
                "registry.audit.intermediate_not_covered",
                Severity::Error,
                "MRSP 5.3.2",
                loc(),
                "intermediate certificate that is not technically constrained is in the scope of no audit statement".into(),
            ));
        }
        if c.trust_bits_at(as_of).email
            && !cov.iter().any(|a| a.kind == "S/MIME BR")
            && should_be_covered(Some("S/MIME BR"))
        {
            out.push(finding(
                "registry.audit.smime_missing",
                Severity::Error,
                "CCADB Policy 5",
                loc(),
                "CA certificate capable of issuing S/MIME certificates (derived trust bit Secure Email) is covered by no S/MIME BR audit".into(),
            ));
        }
    }

    // Audits: period length, statement delay, gaps, overdue.
    let mut groups: BTreeMap<(String, String), Vec<&Audit>> = BTreeMap::new();
    for a in audits.iter().copied().filter(|a| audit_matches(a)) {
        let loc = audit_location(a);
        let start = day_of(a.period_start.as_deref());
        let end = day_of(a.period_end.as_deref());
        if let (Some(s), Some(e)) = (start, end) {
            if e > add_year(s) - 1 {
                out.push(finding(
                    "registry.audit.period_too_long",
                    Severity::Error,
                    if a.kind == "S/MIME BR" {
                        "SMIME BR 8.1"
                    } else {
                        "TLS BR 8.1"
                    },
                    loc.clone(),
                    format!(
                        "audit period {} to {} is {} days, longer than one year (at most {} to {})",
                        format_day(s),
                        format_day(e),
                        e - s + 1,
                        format_day(s),
                        format_day(add_year(s) - 1)
                    ),
                ));
            }
            groups
                .entry((norm(&a.owner), a.kind.clone()))
                .or_default()
                .push(a);
        }
        if let (Some(e), Some(st)) = (end, day_of(a.statement_date.as_deref()))
            && st - e > 92
        {
            out.push(finding(
                "registry.audit.statement_late",
                Severity::Error,
                "CCADB Policy 5.2",
                loc.clone(),
                format!(
                    "audit statement dated {} is {} days after the period's end {}; it is due within 92 calendar days (by {})",
                    format_day(st),
                    st - e,
                    format_day(e),
                    format_day(e + 92)
                ),
            ));
        }
    }
    for ((_, kind), mut list) in groups {
        list.sort_by_key(|a| {
            (
                day_of(a.period_start.as_deref()),
                day_of(a.period_end.as_deref()),
            )
        });
        list.dedup_by_key(|a| (a.period_start.clone(), a.period_end.clone()));
        let mut covered_until: Option<i64> = None;
        for a in &list {
            let (Some(s), Some(e)) = (
                day_of(a.period_start.as_deref()),
                day_of(a.period_end.as_deref()),
            ) else {
                continue;
            };
            if let Some(u) = covered_until
                && s > u + 1
            {
                out.push(finding(
                    "registry.audit.gap",
                    Severity::Error,
                    "MRSP 3.1.3",
                    audit_location(a),
                    format!(
                        "{kind} audit periods are not contiguous: {} day(s) from {} to {} are in no audit period",
                        s - u - 1,
                        format_day(u + 1),
                        format_day(s - 1)
                    ),
                ));
            }
            covered_until = Some(covered_until.map_or(e, |u| u.max(e)));
        }
        if let (Some(u), Some(last)) = (covered_until, list.last()) {
            let due = add_year(u) + 92;
            if today > due {
                out.push(finding(
                    "registry.audit.overdue",
                    Severity::Error,
                    "MRSP 3.1.3",
                    audit_location(last),
                    format!(
                        "the last {kind} audit period ended {}; the next period ended by {} at the latest and its statement was due by {}",
                        format_day(u),
                        format_day(add_year(u)),
                        format_day(due)
                    ),
                ));
            }
        }
    }

    // Documents: at least every 365 days (the latest of each owner, kind and scope).
    let mut latest: BTreeMap<(String, String, Vec<String>), &Document> = BTreeMap::new();
    for d in &snap.documents {
        let Some(eff) = day_of(d.effective_date.as_deref()) else {
            continue;
        };
        if eff > today {
            continue;
        }
        let matches = match opts.owner {
            None => true,
            Some(o) => {
                norm(&d.owner) == norm(o)
                    || d.certificates.iter().any(|s| {
                        by_sha
                            .get(s.as_str())
                            .is_some_and(|c| owner_matches(opts.owner, c))
                    })
            }
        };
        if !matches {
            continue;
        }
        // A document covering only certificates expired or revoked at the date needs no update.
        if !d.certificates.is_empty()
            && d.certificates.iter().all(|s| {
                by_sha
                    .get(s.as_str())
                    .is_some_and(|c| c.expired_at(as_of) || c.revoked())
            })
        {
            continue;
        }
        // A document no record points to any more, while others of its kind
        // cover the owner's certificates, is superseded.
        if d.certificates.is_empty()
            && snap.documents.iter().any(|o| {
                !o.certificates.is_empty() && o.kind == d.kind && norm(&o.owner) == norm(&d.owner)
            })
        {
            continue;
        }
        let key = (norm(&d.owner), d.kind.clone(), d.certificates.clone());
        let newer = latest
            .get(&key)
            .is_none_or(|prev| day_of(prev.effective_date.as_deref()) < Some(eff));
        if newer {
            latest.insert(key, d);
        }
    }
    for d in latest.values() {
        let Some(eff) = day_of(d.effective_date.as_deref()) else {
            continue;
        };
        let age = today - eff;
        if age > 365 {
            out.push(finding(
                "registry.document.stale",
                Severity::Error,
                "MRSP 3.3",
                document_location(d),
                format!(
                    "{} effective {} is {age} days old as of {}; it must be reviewed and re-versioned at least every 365 days (due {})",
                    d.kind,
                    format_day(eff),
                    format_day(today),
                    format_day(eff + 365)
                ),
            ));
        }
    }

    // Incidents.
    for i in &snap.incidents {
        if opts.owner.is_some_and(|o| norm(o) != norm(&i.owner)) {
            continue;
        }
        if let Some(days) = i.update_overdue(today) {
            out.push(finding(
                "registry.incident.update_overdue",
                Severity::Error,
                "CCADB Incident Reporting Guidelines (When are reports updated?)",
                format!("owner {} / incident {} ({})", i.owner, i.id, i.title),
                format!(
                    "incident is {} and its next update was due {} ({days} days ago)",
                    i.status,
                    day_of(i.next_update.as_deref()).map_or_else(|| "?".into(), format_day),
                ),
            ));
        }
    }
    out
}

fn document_location(d: &Document) -> String {
    format!("owner {} / document {} {}", d.owner, d.kind, d.url)
}

fn audit_location(a: &Audit) -> String {
    format!(
        "owner {} / audit {} {}..{}{}",
        a.owner,
        a.kind,
        a.period_start.as_deref().unwrap_or("?"),
        a.period_end.as_deref().unwrap_or("?"),
        a.url
            .as_deref()
            .map(|u| format!(" {u}"))
            .unwrap_or_default()
    )
}

/// The findings that concern one owner, with the contacts they must reach.
#[derive(Clone, Debug, serde::Serialize)]
pub struct OwnerFindings<'f> {
    /// The owner (`None`: findings on certificates whose owner is unknown).
    pub owner: Option<String>,
    /// Every contact of the owner: each finding reaches all of them.
    pub contacts: Vec<String>,
    /// The findings.
    pub findings: Vec<&'f Finding>,
}

/// Groups findings by the owners they concern: the owner named in the
/// location, and for a certificate both its CA owner and its sub-CA
/// operator, so that an externally operated sub-CA's problem reaches both.
pub fn by_owner<'f>(snap: &Snapshot, findings: &'f [Finding]) -> Vec<OwnerFindings<'f>> {
    let certs: HashMap<&str, &CertRecord> =
        snap.certs.iter().map(|c| (c.sha256.as_str(), c)).collect();
    let contacts: HashMap<String, &Owner> =
        snap.owners.iter().map(|o| (norm(&o.name), o)).collect();
    let mut groups: BTreeMap<Option<String>, Vec<&'f Finding>> = BTreeMap::new();
    for f in findings {
        let mut owners: Vec<String> = Vec::new();
        if let Some(rest) = f.location.strip_prefix("owner ")
            && let Some((o, _)) = rest.split_once(" / ")
        {
            owners.push(o.to_owned());
        }
        if let Some(i) = f.location.find("certificate ") {
            let sha: String = f.location[i + 12..]
                .chars()
                .take_while(|c| c.is_ascii_hexdigit())
                .collect();
            if let Some(c) = certs.get(sha.as_str()) {
                owners.extend(c.owner.iter().cloned());
                owners.extend(c.subca_owner.iter().cloned());
            }
        }
        // Documents and audits: the owners of the certificates they cover.
        let covered: Vec<&String> = if f.location.contains(" / document ") {
            snap.documents
                .iter()
                .filter(|d| document_location(d) == f.location)
                .flat_map(|d| d.certificates.iter())
                .collect()
        } else if f.location.contains(" / audit ") {
            snap.audits
                .iter()
                .filter(|a| audit_location(a) == f.location)
                .flat_map(|a| a.certificates.iter())
                .collect()
        } else {
            Vec::new()
        };
        for sha in covered {
            if let Some(c) = certs.get(sha.as_str()) {
                owners.extend(c.owner.iter().cloned());
                owners.extend(c.subca_owner.iter().cloned());
            }
        }
        let mut seen = HashSet::new();
        owners.retain(|o| seen.insert(norm(o)));
        if owners.is_empty() {
            groups.entry(None).or_default().push(f);
        }
        for o in owners {
            groups.entry(Some(o)).or_default().push(f);
        }
    }
    groups
        .into_iter()
        .map(|(owner, findings)| OwnerFindings {
            contacts: owner
                .as_deref()
                .and_then(|o| contacts.get(&norm(o)))
                .map(|o| o.contacts.clone())
                .unwrap_or_default(),
            owner,
            findings,
        })
        .collect()
}
