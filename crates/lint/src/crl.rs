//! CRL linting: RFC 5280 section 5, TLS BR 7.2 (and 4.9.7) and S/MIME BR 7.2 (and 4.9.7).
//!
//! A CRL can hold hundreds of thousands of entries, so rules come in two
//! shapes: a CRL-level check that sees the decoded outer structure, and an
//! entry check that the engine calls for each revoked entry during a single
//! streaming pass over `revokedCertificates` ([`cert::crl::Crl::entries`]).
//! Entries are never collected; the only per-entry state kept is the
//! (certificate issuer, serial) key used to find duplicates.
//!
//! Rules are data, like certificate rules ([`crate::rule::Rule`]), and are
//! listed by [`crl_catalogue`].

use cert::crl::{
    self, Crl, CrlExtValue, CrlExtension, IssuingDistributionPoint, Reason, RevokedEntry,
};
use cert::time::{Time, TimeEncoding, TimeField};
use cert::verify::VerifyError;
use cert::{Certificate, GeneralName, KeyUsageBit, oids};

use crate::Report;
use crate::finding::{Equivalents, Finding, Severity};

/// Which requirements a CRL is linted against.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum CrlKind {
    /// Detect from the CRL and the issuer certificate (see [`detect`]).
    #[default]
    Auto,
    /// RFC 5280 only (`crl`).
    Rfc5280,
    /// TLS BR CRL covering Subscriber Certificates (`crl-tls-subscriber`).
    TlsSubscriber,
    /// TLS BR CRL covering CA Certificates, an ARL (`crl-tls-ca`).
    TlsCa,
    /// S/MIME BR CRL covering Subscriber Certificates (`crl-smime-subscriber`).
    SmimeSubscriber,
    /// S/MIME BR CRL covering CA Certificates, an ARL (`crl-smime-ca`).
    SmimeCa,
}

impl CrlKind {
    /// Every concrete kind (not `Auto`).
    pub const ALL: [CrlKind; 5] = [
        CrlKind::Rfc5280,
        CrlKind::TlsSubscriber,
        CrlKind::TlsCa,
        CrlKind::SmimeSubscriber,
        CrlKind::SmimeCa,
    ];

    /// The profile name used in reports.
    pub fn name(self) -> &'static str {
        match self {
            CrlKind::Auto => "crl-auto",
            CrlKind::Rfc5280 => "crl",
            CrlKind::TlsSubscriber => "crl-tls-subscriber",
            CrlKind::TlsCa => "crl-tls-ca",
            CrlKind::SmimeSubscriber => "crl-smime-subscriber",
            CrlKind::SmimeCa => "crl-smime-ca",
        }
    }

    /// Parses a profile name (as printed by [`CrlKind::name`]; `crl-auto` or `auto` for Auto).
    pub fn from_name(s: &str) -> Option<CrlKind> {
        if s == "auto" {
            return Some(CrlKind::Auto);
        }
        std::iter::once(CrlKind::Auto)
            .chain(CrlKind::ALL)
            .find(|k| k.name() == s)
    }

    /// TLS BR kinds.
    pub fn is_tls(self) -> bool {
        matches!(self, CrlKind::TlsSubscriber | CrlKind::TlsCa)
    }

    /// S/MIME BR kinds.
    pub fn is_smime(self) -> bool {
        matches!(self, CrlKind::SmimeSubscriber | CrlKind::SmimeCa)
    }

    /// CRLs covering CA certificates (ARLs).
    pub fn is_ca(self) -> bool {
        matches!(self, CrlKind::TlsCa | CrlKind::SmimeCa)
    }
}

/// Resolves `Auto`: the program (TLS or S/MIME) from the issuer certificate's
/// extKeyUsage or reserved policy OIDs, the scope from the IDP
/// (onlyContainsCACerts => CA, onlyContainsUserCerts => subscriber) or else
/// from the issuer (a self-issued root => CA; a subordinate CA => subscriber,
/// as its CRL covers the Subscriber Certificates it issues). Without both,
/// only RFC 5280 applies.
pub fn detect(crl: &Crl<'_>, issuer: Option<&Certificate<'_>>) -> CrlKind {
    let idp = crl.issuing_distribution_point();
    let ca_scope = match idp {
        Some(i) if i.only_ca_certs => Some(true),
        Some(i) if i.only_user_certs => Some(false),
        // Roots issue CA certificates; a subordinate CA's full CRL covers the
        // Subscriber Certificates it issues.
        _ => issuer.map(|c| c.is_self_issued()),
    };
    let program = issuer.and_then(|c| {
        let eku = c.ext_key_usage().unwrap_or(&[]);
        let policies = c.policies().unwrap_or(&[]);
        let tls_policy = policies.iter().any(|p| {
            matches!(
                p.oid,
                oids::CABF_DV | oids::CABF_OV | oids::CABF_IV | oids::CABF_EV
            )
        });
        let smime_policy = policies.iter().any(|p| p.oid.is_under(oids::CABF_SMIME));
        if eku.contains(&oids::KP_SERVER_AUTH) || tls_policy {
            Some(true)
        } else if eku.contains(&oids::KP_EMAIL_PROTECTION) || smime_policy {
            Some(false)
        } else {
            None
        }
    });
    match (program, ca_scope) {
        (Some(true), Some(true)) => CrlKind::TlsCa,
        (Some(true), Some(false)) => CrlKind::TlsSubscriber,
        (Some(false), Some(true)) => CrlKind::SmimeCa,
        (Some(false), Some(false)) => CrlKind::SmimeSubscriber,
        _ => CrlKind::Rfc5280,
    }
}

/// What a CRL rule sees.
pub struct CrlCtx<'c> {
    /// The CRL.
    pub crl: &'c Crl<'c>,
    /// The kind it is linted as (never `Auto`).
    pub kind: CrlKind,
    /// The issuer certificate, when supplied.
    pub issuer: Option<&'c Certificate<'c>>,
    /// The issuingDistributionPoint, when present and decodable.
    pub idp: Option<&'c IssuingDistributionPoint<'c>>,
    /// Entries repeating an earlier (certificate issuer, serial); filled in
    /// after the entry pass, when the CRL-level checks run.
    pub duplicates: &'c [Duplicate<'c>],
}

/// A revoked entry that repeats an earlier one.
#[derive(Clone, Copy, Debug)]
pub struct Duplicate<'a> {
    /// Index of the repeated entry.
    pub index: usize,
    /// Index of the first entry with the same key.
    pub first: usize,
    /// The serial number content octets.
    pub serial: &'a [u8],
}

/// What an entry rule sees besides the CRL.
pub struct EntryCtx<'e> {
    /// The entry.
    pub entry: &'e RevokedEntry<'e>,
}

impl EntryCtx<'_> {
    /// Location prefix, e.g. `revokedCertificates[12]`.
    pub fn loc(&self) -> String {
        format!("revokedCertificates[{}]", self.entry.index)
    }
}

/// Most findings one rule reports before the rest are summarized.
pub const MAX_FINDINGS_PER_RULE: usize = 20;

/// Collects a CRL rule's findings, stamping them with the rule's metadata.
pub struct CrlOut<'r> {
    rule: &'r CrlRule,
    findings: &'r mut Vec<Finding>,
    count: &'r mut usize,
}

impl CrlOut<'_> {
    /// Reports a finding; beyond [`MAX_FINDINGS_PER_RULE`] only counts it.
    pub fn emit(&mut self, location: impl Into<String>, message: impl Into<String>) {
        *self.count += 1;
        if *self.count <= MAX_FINDINGS_PER_RULE {
            self.findings
                .push(finding(self.rule, location.into(), message.into()));
        }
    }
}

fn finding(rule: &CrlRule, location: String, message: String) -> Finding {
    Finding {
        code: rule.code,
        severity: rule.severity,
        message,
        citation: rule.citation,
        location,
        equivalents: Equivalents {
            pkilint: rule.pkilint,
            zlint: rule.zlint,
        },
    }
}

/// A CRL-level check.
pub type CrlCheck = fn(&CrlCtx<'_>, &mut CrlOut<'_>);
/// A per-entry check.
pub type EntryCheck = fn(&CrlCtx<'_>, &EntryCtx<'_>, &mut CrlOut<'_>);

/// One CRL lint rule (the CRL counterpart of [`crate::rule::Rule`]).
pub struct CrlRule {
    /// Stable code, `area.subject.problem`.
    pub code: &'static str,
    /// Severity of its findings.
    pub severity: Severity,
    /// Document and section it enforces.
    pub citation: &'static str,
    /// One line saying what it requires.
    pub summary: &'static str,
    /// The kinds it applies to.
    pub applies: fn(CrlKind) -> bool,
    /// pkilint's equivalent finding code.
    pub pkilint: Option<&'static str>,
    /// zlint's equivalent lint name.
    pub zlint: Option<&'static str>,
    /// CRL-level check, if any.
    pub check: Option<CrlCheck>,
    /// Per-entry check, if any.
    pub entry: Option<EntryCheck>,
}

impl CrlRule {
    /// Defaults for struct-update syntax: applies to every kind, no checks, no equivalents.
    pub const NEW: CrlRule = CrlRule {
        code: "",
        severity: Severity::Error,
        citation: "",
        summary: "",
        applies: scope::all,
        pkilint: None,
        zlint: None,
        check: None,
        entry: None,
    };
}

/// `applies` predicates for CRL rules.
pub mod scope {
    use super::CrlKind;

    /// Every kind.
    pub fn all(_: CrlKind) -> bool {
        true
    }
    /// RFC 5280 only: rules a Baseline Requirements kind replaces with a stricter one.
    pub fn rfc5280_only(k: CrlKind) -> bool {
        k == CrlKind::Rfc5280
    }
    /// TLS BR kinds.
    pub fn tls(k: CrlKind) -> bool {
        k.is_tls()
    }
    /// Every kind but the TLS BR ones.
    pub fn not_tls(k: CrlKind) -> bool {
        !k.is_tls()
    }
    /// TLS BR subscriber CRLs.
    pub fn tls_subscriber(k: CrlKind) -> bool {
        k == CrlKind::TlsSubscriber
    }
    /// TLS BR CA CRLs.
    pub fn tls_ca(k: CrlKind) -> bool {
        k == CrlKind::TlsCa
    }
    /// S/MIME BR kinds.
    pub fn smime(k: CrlKind) -> bool {
        k.is_smime()
    }
    /// S/MIME BR subscriber CRLs.
    pub fn smime_subscriber(k: CrlKind) -> bool {
        k == CrlKind::SmimeSubscriber
    }
    /// S/MIME BR CA CRLs.
    pub fn smime_ca(k: CrlKind) -> bool {
        k == CrlKind::SmimeCa
    }
}

/// Code of the fatal finding for input that does not decode as a CRL.
pub const UNDECODABLE: &str = "crl.undecodable";
/// Code of the fatal finding for a revoked entry that does not decode.
pub const ENTRY_UNDECODABLE: &str = "crl.entry_undecodable";

// ---------------------------------------------------------------- helpers

/// 2050-01-01T00:00:00Z: RFC 5280 5.1.2.4 requires UTCTime before it, GeneralizedTime from it.
const Y2050: i64 = 2_524_608_000;
/// 1950-01-01T00:00:00Z: UTCTime cannot express earlier dates, so GeneralizedTime is right there.
const Y1950: i64 = -631_152_000;

fn crl_times<'c>(crl: &'c Crl<'c>) -> impl Iterator<Item = (&'static str, &'c TimeField<'c>)> {
    std::iter::once(("tbsCertList.thisUpdate", &crl.this_update)).chain(
        crl.next_update
            .as_ref()
            .map(|t| ("tbsCertList.nextUpdate", t)),
    )
}

/// Runs `want` on a time; the location is built only for a finding (entries are many).
fn check_time(
    loc: impl FnOnce() -> String,
    tf: &TimeField<'_>,
    out: &mut CrlOut<'_>,
    want: fn(&TimeField<'_>) -> Option<String>,
) {
    if let Some(msg) = want(tf) {
        let loc = loc();
        let text = format!("{loc} {msg}");
        out.emit(loc, text);
    }
}

fn show_time(tf: &TimeField<'_>) -> String {
    String::from_utf8_lossy(tf.tlv.value).into_owned()
}

fn undecodable_time(tf: &TimeField<'_>) -> Option<String> {
    match tf.time {
        Err(why) => Some(format!("\"{}\" does not decode: {why}", show_time(tf))),
        Ok(_) => None,
    }
}

fn utc_format(tf: &TimeField<'_>) -> Option<String> {
    match tf.time {
        Ok(Time {
            encoding: TimeEncoding::UtcTime,
            format_problem: Some(p),
            ..
        }) => Some(format!(
            "UTCTime \"{}\" is not YYMMDDHHMMSSZ: {p}",
            show_time(tf)
        )),
        _ => None,
    }
}

fn generalized_format(tf: &TimeField<'_>) -> Option<String> {
    match tf.time {
        Ok(Time {
            encoding: TimeEncoding::GeneralizedTime,
            format_problem: Some(p),
            ..
        }) => Some(format!(
            "GeneralizedTime \"{}\" is not YYYYMMDDHHMMSSZ: {p}",
            show_time(tf)
        )),
        _ => None,
    }
}

fn wrong_type(tf: &TimeField<'_>) -> Option<String> {
    match tf.time {
        Ok(Time {
            encoding: TimeEncoding::GeneralizedTime,
            unix,
            ..
        }) if (Y1950..Y2050).contains(&unix) => Some(format!(
            "is GeneralizedTime \"{}\" for a date in 1950-2049, which must be UTCTime",
            show_time(tf)
        )),
        _ => None,
    }
}

/// `t` plus `months` calendar months, the day clamped to the target month's length.
fn add_months(t: i64, months: i64) -> i64 {
    let days = t.div_euclid(86_400);
    let secs = t.rem_euclid(86_400);
    let (y, m, d) = cert::time::civil_from_days(days);
    let total = y * 12 + (m as i64 - 1) + months;
    let (ny, nm) = (total.div_euclid(12), (total.rem_euclid(12) + 1) as u32);
    let mut nd = d;
    while nd > 28 && cert::time::parse_iso(&format!("{ny:04}-{nm:02}-{nd:02}")).is_none() {
        nd -= 1;
    }
    cert::time::days_from_civil(ny, nm, nd) * 86_400 + secs
}

fn ext_loc(e: &CrlExtension<'_>) -> String {
    format!("crlExtensions.{}", crl::ext_name(e.ext.oid))
}

fn names_uris<'a, 'n>(
    names: &'n [GeneralName<'a>],
) -> impl Iterator<Item = (usize, &'a [u8])> + 'n {
    names.iter().enumerate().filter_map(|(i, n)| match n {
        GeneralName::Uri(u) => Some((i, *u)),
        _ => None,
    })
}

fn hex(b: &[u8]) -> String {
    cert::hex_upper(b)
}

// ---------------------------------------------------------------- decoding and DER

fn no_check(_: &CrlCtx<'_>, _: &mut CrlOut<'_>) {
    // Emitted by the engine itself; listed for the catalogue.
}

fn der_crl(ctx: &CrlCtx<'_>, out: &mut CrlOut<'_>) {
    for i in &ctx.crl.der_issues {
        out.emit(
            format!("byte {}", i.offset),
            format!("{} at byte {}", i.kind, i.offset),
        );
    }
}
fn der_entry(_: &CrlCtx<'_>, e: &EntryCtx<'_>, out: &mut CrlOut<'_>) {
    for i in &e.entry.der_issues {
        out.emit(
            format!("{} (byte {})", e.loc(), i.offset),
            format!("{} at byte {}", i.kind, i.offset),
        );
    }
}

fn trailing(ctx: &CrlCtx<'_>, out: &mut CrlOut<'_>) {
    if !ctx.crl.trailing.is_empty() {
        out.emit(
            format!("byte {}", ctx.crl.der.len()),
            format!(
                "{} bytes follow the CertificateList",
                ctx.crl.trailing.len()
            ),
        );
    }
}

fn ext_undecodable_one(loc: String, e: &CrlExtension<'_>, out: &mut CrlOut<'_>) {
    if let Some(err) = e.decode_error() {
        out.emit(
            loc,
            format!("{} value does not decode: {err}", crl::ext_name(e.ext.oid)),
        );
    }
}
fn ext_undecodable(ctx: &CrlCtx<'_>, out: &mut CrlOut<'_>) {
    for e in ctx.crl.extensions() {
        ext_undecodable_one(ext_loc(e), e, out);
    }
}
fn entry_ext_undecodable(_: &CrlCtx<'_>, ec: &EntryCtx<'_>, out: &mut CrlOut<'_>) {
    for e in ec.entry.extensions() {
        ext_undecodable_one(
            format!(
                "{}.crlEntryExtensions.{}",
                ec.loc(),
                crl::ext_name(e.ext.oid)
            ),
            e,
            out,
        );
    }
}

fn duplicate_extension_in(
    loc: impl Fn() -> String,
    exts: &[CrlExtension<'_>],
    out: &mut CrlOut<'_>,
) {
    for (i, e) in exts.iter().enumerate() {
        if exts[..i].iter().any(|p| p.ext.oid == e.ext.oid)
            && !exts[i + 1..].iter().any(|n| n.ext.oid == e.ext.oid)
        {
            out.emit(
                format!("{}.{}", loc(), crl::ext_name(e.ext.oid)),
                format!("{} appears more than once", crl::ext_name(e.ext.oid)),
            );
        }
    }
}
fn duplicate_extension(ctx: &CrlCtx<'_>, out: &mut CrlOut<'_>) {
    duplicate_extension_in(|| "crlExtensions".into(), ctx.crl.extensions(), out);
}
fn entry_duplicate_extension(_: &CrlCtx<'_>, ec: &EntryCtx<'_>, out: &mut CrlOut<'_>) {
    duplicate_extension_in(
        || format!("{}.crlEntryExtensions", ec.loc()),
        ec.entry.extensions(),
        out,
    );
}

// ---------------------------------------------------------------- RFC 5280 5.1

fn version_missing(ctx: &CrlCtx<'_>, out: &mut CrlOut<'_>) {
    if ctx.crl.version.is_none() {
        out.emit(
            "tbsCertList.version",
            "version is absent (v1); CRLs with extensions must be v2",
        );
    }
}

fn version_not_v2(ctx: &CrlCtx<'_>, out: &mut CrlOut<'_>) {
    if let Some(v) = ctx.crl.version.filter(|&v| v != 1) {
        out.emit(
            "tbsCertList.version",
            format!("version has value {v}; it must be v2 (1)"),
        );
    }
}

fn sig_alg_mismatch(ctx: &CrlCtx<'_>, out: &mut CrlOut<'_>) {
    let c = ctx.crl;
    if c.tbs_signature.raw != c.signature_algorithm.raw {
        out.emit(
            "signatureAlgorithm",
            format!(
                "signatureAlgorithm ({}) differs from tbsCertList.signature ({})",
                c.signature_algorithm.oid, c.tbs_signature.oid
            ),
        );
    }
}

fn issuer_empty(ctx: &CrlCtx<'_>, out: &mut CrlOut<'_>) {
    if ctx.crl.issuer.is_empty() {
        out.emit(
            "tbsCertList.issuer",
            "issuer is an empty distinguished name",
        );
    }
}

fn crl_time_rule(
    ctx: &CrlCtx<'_>,
    out: &mut CrlOut<'_>,
    want: fn(&TimeField<'_>) -> Option<String>,
) {
    for (loc, tf) in crl_times(ctx.crl) {
        check_time(|| loc.to_string(), tf, out, want);
    }
}
fn entry_time_rule(
    ec: &EntryCtx<'_>,
    out: &mut CrlOut<'_>,
    want: fn(&TimeField<'_>) -> Option<String>,
) {
    check_time(
        || format!("{}.revocationDate", ec.loc()),
        &ec.entry.revocation_date,
        out,
        want,
    );
}

fn time_undecodable(ctx: &CrlCtx<'_>, out: &mut CrlOut<'_>) {
    crl_time_rule(ctx, out, undecodable_time);
}
fn entry_time_undecodable(_: &CrlCtx<'_>, ec: &EntryCtx<'_>, out: &mut CrlOut<'_>) {
    entry_time_rule(ec, out, undecodable_time);
}
fn utctime_format(ctx: &CrlCtx<'_>, out: &mut CrlOut<'_>) {
    crl_time_rule(ctx, out, utc_format);
}
fn entry_utctime_format(_: &CrlCtx<'_>, ec: &EntryCtx<'_>, out: &mut CrlOut<'_>) {
    entry_time_rule(ec, out, utc_format);
}
fn gentime_format(ctx: &CrlCtx<'_>, out: &mut CrlOut<'_>) {
    crl_time_rule(ctx, out, generalized_format);
}
fn entry_gentime_format(_: &CrlCtx<'_>, ec: &EntryCtx<'_>, out: &mut CrlOut<'_>) {
    entry_time_rule(ec, out, generalized_format);
    if let Some(Ok(CrlExtValue::InvalidityDate(tf))) =
        ec.entry.extension(crl::INVALIDITY_DATE).map(|e| &e.value)
    {
        check_time(
            || format!("{}.crlEntryExtensions.invalidityDate", ec.loc()),
            tf,
            out,
            generalized_format,
        );
    }
}
fn time_wrong_type(ctx: &CrlCtx<'_>, out: &mut CrlOut<'_>) {
    crl_time_rule(ctx, out, wrong_type);
}
fn entry_time_wrong_type(_: &CrlCtx<'_>, ec: &EntryCtx<'_>, out: &mut CrlOut<'_>) {
    entry_time_rule(ec, out, wrong_type);
}

fn next_update_missing(ctx: &CrlCtx<'_>, out: &mut CrlOut<'_>) {
    if ctx.crl.next_update.is_none() {
        out.emit("tbsCertList.nextUpdate", "nextUpdate is absent");
    }
}

fn negative_validity(ctx: &CrlCtx<'_>, out: &mut CrlOut<'_>) {
    let (Some(this), Some(next)) = (
        ctx.crl.this_update.unix(),
        ctx.crl.next_update.and_then(|n| n.unix()),
    ) else {
        return;
    };
    if next < this {
        out.emit(
            "tbsCertList.thisUpdate",
            format!(
                "nextUpdate {} is before thisUpdate {}",
                cert::time::format_unix(next),
                cert::time::format_unix(this)
            ),
        );
    }
}

fn revoked_empty(ctx: &CrlCtx<'_>, out: &mut CrlOut<'_>) {
    if ctx.crl.revoked.is_some_and(|t| t.value.is_empty()) {
        out.emit(
            "tbsCertList.revokedCertificates",
            "revokedCertificates is an empty SEQUENCE; it must be absent when no certificate is listed",
        );
    }
}

fn serial_not_positive(_: &CrlCtx<'_>, ec: &EntryCtx<'_>, out: &mut CrlOut<'_>) {
    let s = ec.entry.serial;
    let negative = s.first().is_some_and(|b| b & 0x80 != 0);
    let zero = s.iter().all(|&b| b == 0);
    if negative || zero {
        out.emit(
            format!("{}.userCertificate", ec.loc()),
            format!(
                "serial number {} is {}",
                hex(s),
                if negative { "negative" } else { "zero" }
            ),
        );
    }
}

fn serial_too_long(_: &CrlCtx<'_>, ec: &EntryCtx<'_>, out: &mut CrlOut<'_>) {
    if ec.entry.serial.len() > 20 {
        out.emit(
            format!("{}.userCertificate", ec.loc()),
            format!(
                "serial number {} is {} octets long",
                hex(ec.entry.serial),
                ec.entry.serial.len()
            ),
        );
    }
}

fn duplicate_serial(ctx: &CrlCtx<'_>, out: &mut CrlOut<'_>) {
    for d in ctx.duplicates {
        out.emit(
            format!("revokedCertificates[{}].userCertificate", d.index),
            format!(
                "serial number {} is already listed at revokedCertificates[{}]",
                hex(d.serial),
                d.first
            ),
        );
    }
}

// ---------------------------------------------------------------- RFC 5280 5.3 entry extensions

fn reason_ext<'e>(ec: &'e EntryCtx<'_>) -> Option<&'e CrlExtension<'e>> {
    ec.entry.extension(crl::REASON_CODE)
}

fn reason_unspecified(_: &CrlCtx<'_>, ec: &EntryCtx<'_>, out: &mut CrlOut<'_>) {
    if ec.entry.reason() == Some(Reason::Unspecified) {
        out.emit(
            format!("{}.crlEntryExtensions.reasonCode", ec.loc()),
            "reasonCode is unspecified (0); the extension should be omitted instead",
        );
    }
}

fn reason_critical(_: &CrlCtx<'_>, ec: &EntryCtx<'_>, out: &mut CrlOut<'_>) {
    if reason_ext(ec).is_some_and(|e| e.ext.critical) {
        out.emit(
            format!("{}.crlEntryExtensions.reasonCode", ec.loc()),
            "reasonCode is marked critical",
        );
    }
}

fn reason_undefined(_: &CrlCtx<'_>, ec: &EntryCtx<'_>, out: &mut CrlOut<'_>) {
    if let Some(Reason::Other(v)) = ec.entry.reason() {
        out.emit(
            format!("{}.crlEntryExtensions.reasonCode", ec.loc()),
            format!("reasonCode has value {v}, which CRLReason does not define"),
        );
    }
}

fn certificate_issuer_not_indirect(ctx: &CrlCtx<'_>, ec: &EntryCtx<'_>, out: &mut CrlOut<'_>) {
    if ec.entry.extension(crl::CERTIFICATE_ISSUER).is_some()
        && !ctx.idp.is_some_and(|i| i.indirect_crl)
    {
        out.emit(
            format!("{}.crlEntryExtensions.certificateIssuer", ec.loc()),
            "certificateIssuer appears in a CRL whose issuingDistributionPoint does not assert indirectCRL",
        );
    }
}

fn certificate_issuer_not_critical(_: &CrlCtx<'_>, ec: &EntryCtx<'_>, out: &mut CrlOut<'_>) {
    if ec
        .entry
        .extension(crl::CERTIFICATE_ISSUER)
        .is_some_and(|e| !e.ext.critical)
    {
        out.emit(
            format!("{}.crlEntryExtensions.certificateIssuer", ec.loc()),
            "certificateIssuer is not marked critical",
        );
    }
}

fn entry_extensions_empty(_: &CrlCtx<'_>, ec: &EntryCtx<'_>, out: &mut CrlOut<'_>) {
    if ec.entry.extensions.as_ref().is_some_and(Vec::is_empty) {
        out.emit(
            format!("{}.crlEntryExtensions", ec.loc()),
            "crlEntryExtensions is an empty SEQUENCE (Extensions is SIZE (1..MAX))",
        );
    }
}

// ---------------------------------------------------------------- RFC 5280 5.2 CRL extensions

fn extensions_empty(ctx: &CrlCtx<'_>, out: &mut CrlOut<'_>) {
    if ctx.crl.extensions.as_ref().is_some_and(Vec::is_empty) {
        out.emit(
            "tbsCertList.crlExtensions",
            "crlExtensions is an empty SEQUENCE (Extensions is SIZE (1..MAX))",
        );
    }
}

fn aki_missing(ctx: &CrlCtx<'_>, out: &mut CrlOut<'_>) {
    if ctx.crl.extension(oids::AUTHORITY_KEY_IDENTIFIER).is_none() {
        out.emit(
            "crlExtensions.authorityKeyIdentifier",
            "authorityKeyIdentifier is absent",
        );
    }
}

fn aki_no_key_id(ctx: &CrlCtx<'_>, out: &mut CrlOut<'_>) {
    if ctx
        .crl
        .authority_key_id()
        .is_some_and(|a| a.key_id.is_none())
    {
        out.emit(
            "crlExtensions.authorityKeyIdentifier",
            "authorityKeyIdentifier has no keyIdentifier",
        );
    }
}

fn aki_critical(ctx: &CrlCtx<'_>, out: &mut CrlOut<'_>) {
    if ctx
        .crl
        .extension(oids::AUTHORITY_KEY_IDENTIFIER)
        .is_some_and(|e| e.ext.critical)
    {
        out.emit(
            "crlExtensions.authorityKeyIdentifier",
            "authorityKeyIdentifier is marked critical",
        );
    }
}

fn number_missing(ctx: &CrlCtx<'_>, out: &mut CrlOut<'_>) {
    if ctx.crl.extension(crl::CRL_NUMBER).is_none() {
        out.emit("crlExtensions.cRLNumber", "cRLNumber is absent");
    }
}

fn number_critical(ctx: &CrlCtx<'_>, out: &mut CrlOut<'_>) {
    if ctx
        .crl
        .extension(crl::CRL_NUMBER)
        .is_some_and(|e| e.ext.critical)
    {
        out.emit("crlExtensions.cRLNumber", "cRLNumber is marked critical");
    }
}

fn number_out_of_range(ctx: &CrlCtx<'_>, out: &mut CrlOut<'_>) {
    if let Some(n) = ctx.crl.crl_number() {
        if n.first().is_some_and(|b| b & 0x80 != 0) {
            out.emit(
                "crlExtensions.cRLNumber",
                format!("cRLNumber {} is negative", hex(n)),
            );
        } else if n.len() > 20 {
            out.emit(
                "crlExtensions.cRLNumber",
                format!("cRLNumber {} is {} octets long", hex(n), n.len()),
            );
        }
    }
}

fn delta_not_critical(ctx: &CrlCtx<'_>, out: &mut CrlOut<'_>) {
    if ctx
        .crl
        .extension(crl::DELTA_CRL_INDICATOR)
        .is_some_and(|e| !e.ext.critical)
    {
        out.emit(
            "crlExtensions.deltaCRLIndicator",
            "deltaCRLIndicator is not marked critical",
        );
    }
}

fn idp_not_critical(ctx: &CrlCtx<'_>, out: &mut CrlOut<'_>) {
    if ctx
        .crl
        .extension(crl::ISSUING_DISTRIBUTION_POINT)
        .is_some_and(|e| !e.ext.critical)
    {
        out.emit(
            "crlExtensions.issuingDistributionPoint",
            "issuingDistributionPoint is not marked critical",
        );
    }
}

fn idp_empty(ctx: &CrlCtx<'_>, out: &mut CrlOut<'_>) {
    if ctx.idp.is_some_and(|i| i.is_empty) {
        out.emit(
            "crlExtensions.issuingDistributionPoint",
            "issuingDistributionPoint is an empty SEQUENCE",
        );
    }
}

fn idp_multiple_only(ctx: &CrlCtx<'_>, out: &mut CrlOut<'_>) {
    if let Some(i) = ctx.idp {
        let set: Vec<&str> = [
            (i.only_user_certs, "onlyContainsUserCerts"),
            (i.only_ca_certs, "onlyContainsCACerts"),
            (i.only_attribute_certs, "onlyContainsAttributeCerts"),
        ]
        .into_iter()
        .filter_map(|(b, n)| b.then_some(n))
        .collect();
        if set.len() > 1 {
            out.emit(
                "crlExtensions.issuingDistributionPoint",
                format!(
                    "issuingDistributionPoint asserts {}; at most one may be TRUE",
                    set.join(" and ")
                ),
            );
        }
    }
}

fn check_uri(loc: String, raw: &[u8], out: &mut CrlOut<'_>) {
    let Ok(s) = std::str::from_utf8(raw) else {
        out.emit(loc, "URI is not ASCII text");
        return;
    };
    if let Err(why) = crate::rules::general_names::parse_uri(s) {
        out.emit(loc, format!("\"{s}\" is not a URI: it {why}"));
    }
}

fn invalid_uri(ctx: &CrlCtx<'_>, out: &mut CrlOut<'_>) {
    if let Some(names) = ctx.idp.and_then(|i| i.full_name.as_deref()) {
        for (i, u) in names_uris(names) {
            check_uri(
                format!("crlExtensions.issuingDistributionPoint.fullName[{i}]"),
                u,
                out,
            );
        }
    }
    for (d, dp) in ctx.crl.freshest_crl().unwrap_or(&[]).iter().enumerate() {
        for (i, u) in names_uris(dp.full_name.as_deref().unwrap_or(&[])) {
            check_uri(
                format!("crlExtensions.freshestCRL[{d}].fullName[{i}]"),
                u,
                out,
            );
        }
    }
}

fn freshest_critical(ctx: &CrlCtx<'_>, out: &mut CrlOut<'_>) {
    if ctx
        .crl
        .extension(oids::FRESHEST_CRL)
        .is_some_and(|e| e.ext.critical)
    {
        out.emit(
            "crlExtensions.freshestCRL",
            "freshestCRL is marked critical",
        );
    }
}

fn freshest_in_delta(ctx: &CrlCtx<'_>, out: &mut CrlOut<'_>) {
    if ctx.crl.is_delta() && ctx.crl.extension(oids::FRESHEST_CRL).is_some() {
        out.emit(
            "crlExtensions.freshestCRL",
            "freshestCRL appears in a delta CRL",
        );
    }
}

fn unknown_critical(ctx: &CrlCtx<'_>, out: &mut CrlOut<'_>) {
    const KNOWN: [cert::Oid<'static>; 6] = [
        oids::AUTHORITY_KEY_IDENTIFIER,
        oids::ISSUER_ALT_NAME,
        crl::CRL_NUMBER,
        crl::DELTA_CRL_INDICATOR,
        crl::ISSUING_DISTRIBUTION_POINT,
        oids::FRESHEST_CRL,
    ];
    for e in ctx
        .crl
        .extensions()
        .iter()
        .filter(|e| e.ext.critical && !KNOWN.contains(&e.ext.oid))
    {
        out.emit(
            ext_loc(e),
            format!(
                "critical extension {} is not defined for CRLs by RFC 5280",
                e.ext.oid
            ),
        );
    }
}

fn issuer_alt_name_critical(ctx: &CrlCtx<'_>, out: &mut CrlOut<'_>) {
    if ctx
        .crl
        .extension(oids::ISSUER_ALT_NAME)
        .is_some_and(|e| e.ext.critical)
    {
        out.emit(
            "crlExtensions.issuerAltName",
            "issuerAltName is marked critical",
        );
    }
}

fn entry_unknown_critical(_: &CrlCtx<'_>, ec: &EntryCtx<'_>, out: &mut CrlOut<'_>) {
    const KNOWN: [cert::Oid<'static>; 4] = [
        crl::REASON_CODE,
        crl::INVALIDITY_DATE,
        crl::CERTIFICATE_ISSUER,
        oids::ISSUER_ALT_NAME,
    ];
    for e in ec
        .entry
        .extensions()
        .iter()
        .filter(|e| e.ext.critical && !KNOWN.contains(&e.ext.oid))
    {
        out.emit(
            format!(
                "{}.crlEntryExtensions.{}",
                ec.loc(),
                crl::ext_name(e.ext.oid)
            ),
            format!(
                "critical entry extension {} is not defined for CRL entries by RFC 5280",
                e.ext.oid
            ),
        );
    }
}

// ---------------------------------------------------------------- issuer certificate

fn signature_invalid(ctx: &CrlCtx<'_>, out: &mut CrlOut<'_>) {
    // A DSA issuer key without parameters (RFC 3279 2.3.2) cannot be
    // checked without its own issuer; path validation checks it.
    if let Some(issuer) = ctx.issuer
        && let Err(e) = ctx.crl.verify(&issuer.spki)
        && e != VerifyError::MissingParameters
    {
        out.emit(
            "signatureValue",
            format!("the signature does not verify with the issuer certificate's key: {e}"),
        );
    }
}

fn issuer_lacks_crl_sign(ctx: &CrlCtx<'_>, out: &mut CrlOut<'_>) {
    if let Some(ku) = ctx.issuer.and_then(|i| i.key_usage())
        && !ku.has(KeyUsageBit::CrlSign)
    {
        out.emit(
            "issuer.extensions.keyUsage",
            "the issuer certificate's keyUsage does not assert cRLSign",
        );
    }
}

fn aki_mismatch(ctx: &CrlCtx<'_>, out: &mut CrlOut<'_>) {
    let (Some(ski), Some(kid)) = (
        ctx.issuer.and_then(|i| i.subject_key_id()),
        ctx.crl.authority_key_id().and_then(|a| a.key_id),
    ) else {
        return;
    };
    if ski != kid {
        out.emit(
            "crlExtensions.authorityKeyIdentifier",
            format!(
                "keyIdentifier {} differs from the issuer's subjectKeyIdentifier {}",
                hex(kid),
                hex(ski)
            ),
        );
    }
}

fn revocation_after_this_update(ctx: &CrlCtx<'_>, ec: &EntryCtx<'_>, out: &mut CrlOut<'_>) {
    if let (Some(this), Some(rev)) = (ctx.crl.this_update.unix(), ec.entry.revocation_date.unix())
        && rev > this
    {
        out.emit(
            format!("{}.revocationDate", ec.loc()),
            format!(
                "revocationDate {} is after thisUpdate {}",
                cert::time::format_unix(rev),
                cert::time::format_unix(this)
            ),
        );
    }
}

fn tls_aki_fields(ctx: &CrlCtx<'_>, out: &mut CrlOut<'_>) {
    if let Some(a) = ctx.crl.authority_key_id() {
        for (present, field) in [
            (a.issuer.is_some(), "authorityCertIssuer"),
            (a.serial.is_some(), "authorityCertSerialNumber"),
        ] {
            if present {
                out.emit(
                    "crlExtensions.authorityKeyIdentifier",
                    format!("authorityKeyIdentifier contains {field}"),
                );
            }
        }
    }
}

fn issuer_not_identical(ctx: &CrlCtx<'_>, out: &mut CrlOut<'_>) {
    if let Some(issuer) = ctx.issuer
        && issuer.subject.raw != ctx.crl.issuer.raw
    {
        out.emit(
            "tbsCertList.issuer",
            format!(
                "issuer \"{}\" is not byte-for-byte the issuing CA's subject \"{}\"",
                ctx.crl.issuer, issuer.subject
            ),
        );
    }
}

// ---------------------------------------------------------------- TLS BR and S/MIME BR

fn validity_over_days(ctx: &CrlCtx<'_>, out: &mut CrlOut<'_>, days: i64) {
    let (Some(this), Some(next)) = (
        ctx.crl.this_update.unix(),
        ctx.crl.next_update.and_then(|n| n.unix()),
    ) else {
        return;
    };
    if next - this > days * 86_400 {
        out.emit(
            "tbsCertList.nextUpdate",
            format!(
                "nextUpdate {} is {:.2} days after thisUpdate {}; at most {days} days are allowed",
                cert::time::format_unix(next),
                (next - this) as f64 / 86_400.0,
                cert::time::format_unix(this)
            ),
        );
    }
}

fn validity_over_year(ctx: &CrlCtx<'_>, out: &mut CrlOut<'_>) {
    let (Some(this), Some(next)) = (
        ctx.crl.this_update.unix(),
        ctx.crl.next_update.and_then(|n| n.unix()),
    ) else {
        return;
    };
    let limit = add_months(this, 12);
    if next > limit {
        out.emit(
            "tbsCertList.nextUpdate",
            format!(
                "nextUpdate {} is more than twelve months after thisUpdate {} (limit {})",
                cert::time::format_unix(next),
                cert::time::format_unix(this),
                cert::time::format_unix(limit)
            ),
        );
    }
}

fn subscriber_ten_days(ctx: &CrlCtx<'_>, out: &mut CrlOut<'_>) {
    validity_over_days(ctx, out, 10);
}

fn tls_reason_prohibited(_: &CrlCtx<'_>, ec: &EntryCtx<'_>, out: &mut CrlOut<'_>) {
    let Some(r) = ec.entry.reason() else { return };
    let allowed = matches!(
        r,
        Reason::KeyCompromise
            | Reason::AffiliationChanged
            | Reason::Superseded
            | Reason::CessationOfOperation
            | Reason::PrivilegeWithdrawn
    );
    if !allowed {
        out.emit(
            format!("{}.crlEntryExtensions.reasonCode", ec.loc()),
            format!(
                "reasonCode {} is not one of the CRLReasons TLS BR 7.2.2 permits",
                r.describe()
            ),
        );
    }
}

fn reason_missing(_: &CrlCtx<'_>, ec: &EntryCtx<'_>, out: &mut CrlOut<'_>) {
    if reason_ext(ec).is_none() {
        out.emit(
            format!("{}.crlEntryExtensions", ec.loc()),
            format!(
                "entry for serial {} in a CA certificate CRL has no reasonCode",
                hex(ec.entry.serial)
            ),
        );
    }
}

fn tls_indirect(ctx: &CrlCtx<'_>, out: &mut CrlOut<'_>) {
    if ctx.idp.is_some_and(|i| i.indirect_crl) {
        out.emit(
            "crlExtensions.issuingDistributionPoint",
            "issuingDistributionPoint asserts indirectCRL",
        );
    }
}
fn tls_indirect_entry(_: &CrlCtx<'_>, ec: &EntryCtx<'_>, out: &mut CrlOut<'_>) {
    if ec.entry.extension(crl::CERTIFICATE_ISSUER).is_some() {
        out.emit(
            format!("{}.crlEntryExtensions.certificateIssuer", ec.loc()),
            "certificateIssuer makes this an indirect CRL",
        );
    }
}

fn tls_idp_no_full_name(ctx: &CrlCtx<'_>, out: &mut CrlOut<'_>) {
    if let Some(i) = ctx.idp
        && i.full_name.is_none()
    {
        let what = if i.relative_name.is_some() {
            "uses nameRelativeToCRLIssuer instead of fullName"
        } else {
            "has no distributionPoint"
        };
        out.emit(
            "crlExtensions.issuingDistributionPoint",
            format!("issuingDistributionPoint {what}"),
        );
    }
}

fn tls_idp_non_uri(ctx: &CrlCtx<'_>, out: &mut CrlOut<'_>) {
    for (i, n) in ctx
        .idp
        .and_then(|i| i.full_name.as_deref())
        .unwrap_or(&[])
        .iter()
        .enumerate()
    {
        if !matches!(n, GeneralName::Uri(_)) {
            out.emit(
                format!("crlExtensions.issuingDistributionPoint.fullName[{i}]"),
                format!(
                    "fullName contains a {}, not a uniformResourceIdentifier",
                    n.kind()
                ),
            );
        }
    }
}

fn tls_idp_attribute_certs(ctx: &CrlCtx<'_>, out: &mut CrlOut<'_>) {
    if ctx.idp.is_some_and(|i| i.only_attribute_certs) {
        out.emit(
            "crlExtensions.issuingDistributionPoint",
            "issuingDistributionPoint asserts onlyContainsAttributeCerts",
        );
    }
}

fn tls_idp_some_reasons(ctx: &CrlCtx<'_>, out: &mut CrlOut<'_>) {
    if ctx.idp.is_some_and(|i| i.only_some_reasons.is_some()) {
        out.emit(
            "crlExtensions.issuingDistributionPoint",
            "issuingDistributionPoint includes onlySomeReasons",
        );
    }
}

fn tls_other_extension(ctx: &CrlCtx<'_>, out: &mut CrlOut<'_>) {
    for e in ctx.crl.extensions() {
        if ![
            oids::AUTHORITY_KEY_IDENTIFIER,
            crl::CRL_NUMBER,
            crl::ISSUING_DISTRIBUTION_POINT,
        ]
        .contains(&e.ext.oid)
        {
            out.emit(
                ext_loc(e),
                format!(
                    "{} is not one of the CRL extensions TLS BR 7.2.2 lists",
                    crl::ext_name(e.ext.oid)
                ),
            );
        }
    }
}

fn tls_other_entry_extension(_: &CrlCtx<'_>, ec: &EntryCtx<'_>, out: &mut CrlOut<'_>) {
    for e in ec
        .entry
        .extensions()
        .iter()
        .filter(|e| e.ext.oid != crl::REASON_CODE)
    {
        out.emit(
            format!(
                "{}.crlEntryExtensions.{}",
                ec.loc(),
                crl::ext_name(e.ext.oid)
            ),
            format!(
                "{} is not the reasonCode entry extension TLS BR 7.2.2 lists",
                crl::ext_name(e.ext.oid)
            ),
        );
    }
}

/// The signature AlgorithmIdentifier encodings TLS BR 7.1.3.2 lists (hex).
const TLS_SIG_ALGS: [&str; 9] = [
    "300d06092a864886f70d01010b0500",
    "300d06092a864886f70d01010c0500",
    "300d06092a864886f70d01010d0500",
    "304106092a864886f70d01010a3034a00f300d06096086480165030402010500a11c301a06092a864886f70d010108300d06096086480165030402010500a203020120",
    "304106092a864886f70d01010a3034a00f300d06096086480165030402020500a11c301a06092a864886f70d010108300d06096086480165030402020500a203020130",
    "304106092a864886f70d01010a3034a00f300d06096086480165030402030500a11c301a06092a864886f70d010108300d06096086480165030402030500a203020140",
    "300a06082a8648ce3d040302",
    "300a06082a8648ce3d040303",
    "300a06082a8648ce3d040304",
];
/// RSASSA-PKCS1-v1_5 with SHA-1: permitted for CRLs only under TLS BR 7.1.3.2.1's legacy conditions.
const TLS_SIG_SHA1: &str = "300d06092a864886f70d0101050500";

fn hex_lower(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02x}")).collect()
}

fn tls_sig_alg(ctx: &CrlCtx<'_>, out: &mut CrlOut<'_>) {
    for (loc, alg) in [
        ("tbsCertList.signature", &ctx.crl.tbs_signature),
        ("signatureAlgorithm", &ctx.crl.signature_algorithm),
    ] {
        let h = hex_lower(alg.raw);
        // SHA-1 depends on facts outside the CRL (what the CA signed before), so it is not judged here.
        if !TLS_SIG_ALGS.contains(&h.as_str()) && h != TLS_SIG_SHA1 {
            out.emit(
                loc,
                format!(
                    "AlgorithmIdentifier {h} is not one of the encodings TLS BR 7.1.3.2 permits"
                ),
            );
        }
    }
}

fn tls_sig_alg_for_key(ctx: &CrlCtx<'_>, out: &mut CrlOut<'_>) {
    let Some(issuer) = ctx.issuer else { return };
    let want = match issuer.spki.key() {
        cert::PublicKey::Ec {
            curve: Some(cert::Curve::P256),
        } => "300a06082a8648ce3d040302",
        cert::PublicKey::Ec {
            curve: Some(cert::Curve::P384),
        } => "300a06082a8648ce3d040303",
        cert::PublicKey::Ec {
            curve: Some(cert::Curve::P521),
        } => "300a06082a8648ce3d040304",
        _ => return,
    };
    let h = hex_lower(ctx.crl.signature_algorithm.raw);
    if h != want {
        out.emit(
            "signatureAlgorithm",
            format!(
                "the issuer's {} key requires AlgorithmIdentifier {want}, not {h}",
                issuer.spki.key().describe()
            ),
        );
    }
}

fn smime_reason_unspecified(_: &CrlCtx<'_>, ec: &EntryCtx<'_>, out: &mut CrlOut<'_>) {
    if ec.entry.reason() == Some(Reason::Unspecified) {
        out.emit(
            format!("{}.crlEntryExtensions.reasonCode", ec.loc()),
            "reasonCode is unspecified (0); the extension must be omitted instead",
        );
    }
}

fn smime_hold_for_ca(_: &CrlCtx<'_>, ec: &EntryCtx<'_>, out: &mut CrlOut<'_>) {
    if ec.entry.reason() == Some(Reason::CertificateHold) {
        out.emit(
            format!("{}.crlEntryExtensions.reasonCode", ec.loc()),
            "reasonCode certificateHold (6) in a CRL for CA certificates",
        );
    }
}

// ---------------------------------------------------------------- the table

/// Every CRL rule.
pub static CRL_RULES: &[CrlRule] = &[
    CrlRule {
        code: UNDECODABLE,
        severity: Severity::Fatal,
        citation: "RFC 5280 5.1",
        summary: "The input must decode as a CertificateList.",
        pkilint: Some("itu.invalid_asn1_syntax"),
        check: Some(no_check),
        ..CrlRule::NEW
    },
    CrlRule {
        code: ENTRY_UNDECODABLE,
        severity: Severity::Fatal,
        citation: "RFC 5280 5.1",
        summary: "Every revokedCertificates entry must decode; linting of entries stops at the first that does not.",
        pkilint: Some("itu.invalid_asn1_syntax"),
        check: Some(no_check),
        ..CrlRule::NEW
    },
    CrlRule {
        code: "crl.der.not_der",
        citation: "RFC 5280 5.1.1.3",
        summary: "The CRL must be DER: minimal lengths and INTEGERs, canonical BOOLEANs, no encoded DEFAULT values.",
        check: Some(der_crl),
        entry: Some(der_entry),
        ..CrlRule::NEW
    },
    CrlRule {
        code: "crl.der.trailing_data",
        citation: "RFC 5280 5.1",
        summary: "No bytes may follow the CertificateList.",
        check: Some(trailing),
        ..CrlRule::NEW
    },
    CrlRule {
        code: "rfc5280.crl.extension_undecodable",
        citation: "RFC 5280 5.2",
        summary: "Known CRL and CRL entry extensions must decode per their ASN.1 definitions.",
        check: Some(ext_undecodable),
        entry: Some(entry_ext_undecodable),
        ..CrlRule::NEW
    },
    CrlRule {
        code: "rfc5280.crl.extension_duplicate",
        citation: "RFC 5280 5.2",
        summary: "An extension may appear at most once in crlExtensions and in each crlEntryExtensions.",
        pkilint: Some("pkix.unique_extension"),
        check: Some(duplicate_extension),
        entry: Some(entry_duplicate_extension),
        zlint: Some("e_crl_no_duplicate_extensions"),
        ..CrlRule::NEW
    },
    CrlRule {
        code: "rfc5280.crl.version_missing",
        citation: "RFC 5280 5.1.2.1",
        summary: "version must be present (v2): conforming CRLs carry the required extensions.",
        pkilint: Some("pkix.crl_version_missing"),
        check: Some(version_missing),
        ..CrlRule::NEW
    },
    CrlRule {
        code: "rfc5280.crl.version_not_v2",
        citation: "RFC 5280 5.1.2.1",
        summary: "version, when present, must be v2 (1).",
        pkilint: Some("pkix.crl_version_is_not_v2"),
        check: Some(version_not_v2),
        ..CrlRule::NEW
    },
    CrlRule {
        code: "rfc5280.crl.signature_algorithm_mismatch",
        citation: "RFC 5280 5.1.1.2",
        summary: "signatureAlgorithm must be identical to tbsCertList.signature.",
        pkilint: Some("pkix.crl_signature_algorithm_match"),
        check: Some(sig_alg_mismatch),
        ..CrlRule::NEW
    },
    CrlRule {
        code: "rfc5280.crl.issuer_empty",
        citation: "RFC 5280 5.1.2.3",
        summary: "issuer must be a non-empty distinguished name.",
        pkilint: Some("pkix.name_empty"),
        check: Some(issuer_empty),
        ..CrlRule::NEW
    },
    CrlRule {
        code: "rfc5280.crl.time_undecodable",
        citation: "RFC 5280 5.1.2.4",
        summary: "thisUpdate, nextUpdate and revocationDate must be valid UTCTime or GeneralizedTime values.",
        pkilint: Some("pkix.invalid_time_syntax"),
        check: Some(time_undecodable),
        entry: Some(entry_time_undecodable),
        ..CrlRule::NEW
    },
    CrlRule {
        code: "rfc5280.crl.utctime_format",
        citation: "RFC 5280 5.1.2.4",
        summary: "UTCTime values must be YYMMDDHHMMSSZ.",
        pkilint: Some("pkix.utctime_incorect_syntax"),
        check: Some(utctime_format),
        entry: Some(entry_utctime_format),
        ..CrlRule::NEW
    },
    CrlRule {
        code: "rfc5280.crl.generalized_time_format",
        citation: "RFC 5280 5.1.2.4",
        summary: "GeneralizedTime values (including invalidityDate) must be YYYYMMDDHHMMSSZ.",
        pkilint: Some("pkix.generalizedtime_incorect_syntax"),
        check: Some(gentime_format),
        entry: Some(entry_gentime_format),
        ..CrlRule::NEW
    },
    CrlRule {
        code: "rfc5280.crl.wrong_time_type",
        citation: "RFC 5280 5.1.2.4",
        summary: "Dates from 1950 through 2049 must be UTCTime; GeneralizedTime only outside that range.",
        pkilint: Some("pkix.wrong_time_useful_type"),
        check: Some(time_wrong_type),
        entry: Some(entry_time_wrong_type),
        ..CrlRule::NEW
    },
    CrlRule {
        code: "rfc5280.crl.next_update_missing",
        citation: "RFC 5280 5.1.2.5",
        summary: "Conforming CRL issuers must include nextUpdate.",
        pkilint: Some("pkix.validity_period_end_value_missing"),
        check: Some(next_update_missing),
        zlint: Some("e_crl_has_next_update"),
        ..CrlRule::NEW
    },
    CrlRule {
        code: "rfc5280.crl.next_update_before_this_update",
        citation: "RFC 5280 5.1.2.5",
        summary: "nextUpdate must not be before thisUpdate.",
        pkilint: Some("pkix.crl_negative_validity_period"),
        check: Some(negative_validity),
        ..CrlRule::NEW
    },
    CrlRule {
        code: "rfc5280.crl.revoked_certificates_empty",
        citation: "RFC 5280 5.1.2.6",
        summary: "revokedCertificates must be absent, not an empty SEQUENCE, when no certificate is revoked.",
        check: Some(revoked_empty),
        zlint: Some("e_crl_empty_revoked_certificates"),
        ..CrlRule::NEW
    },
    CrlRule {
        code: "rfc5280.crl.serial_not_positive",
        citation: "RFC 5280 5.1.2.6",
        summary: "Each revoked serial number must be a positive INTEGER (RFC 5280 4.1.2.2).",
        pkilint: Some("pkix.certificate_serial_number_out_of_range"),
        entry: Some(serial_not_positive),
        ..CrlRule::NEW
    },
    CrlRule {
        code: "rfc5280.crl.serial_too_long",
        citation: "RFC 5280 5.1.2.6",
        summary: "Each revoked serial number must be at most 20 octets (RFC 5280 4.1.2.2).",
        pkilint: Some("pkix.certificate_serial_number_out_of_range"),
        entry: Some(serial_too_long),
        ..CrlRule::NEW
    },
    CrlRule {
        code: "rfc5280.crl.duplicate_serial",
        citation: "RFC 5280 5.1.2.6",
        summary: "A certificate (serial number, per certificate issuer) must be listed only once.",
        check: Some(duplicate_serial),
        zlint: Some("e_crl_unique_revoked_certificate"),
        ..CrlRule::NEW
    },
    CrlRule {
        code: "rfc5280.crl.revocation_date_after_this_update",
        severity: Severity::Warning,
        citation: "RFC 5280 5.1.2.6",
        summary: "revocationDate, the date the revocation occurred, should not be after the CRL's issue date (thisUpdate).",
        zlint: Some("e_crl_revocation_time_after_this_update"),
        entry: Some(revocation_after_this_update),
        ..CrlRule::NEW
    },
    CrlRule {
        code: "rfc5280.crl.entry_extensions_empty",
        citation: "RFC 5280 5.3",
        summary: "crlEntryExtensions must be absent rather than an empty SEQUENCE.",
        entry: Some(entry_extensions_empty),
        ..CrlRule::NEW
    },
    CrlRule {
        code: "rfc5280.crl.reason_code_unspecified",
        severity: Severity::Warning,
        citation: "RFC 5280 5.3.1",
        summary: "reasonCode should be absent rather than unspecified (0). (The BR profiles replace this with an error.)",
        applies: scope::rfc5280_only,
        pkilint: Some("pkix.crl_unspecified_crl_entry_reason_code"),
        entry: Some(reason_unspecified),
        zlint: Some("e_crl_has_valid_reason_code"),
        ..CrlRule::NEW
    },
    CrlRule {
        code: "rfc5280.crl.reason_code_critical",
        citation: "RFC 5280 5.3.1",
        summary: "reasonCode is a non-critical CRL entry extension (also TLS BR 7.2.2, SMIME BR 7.2.2).",
        pkilint: Some("pkix.crl_reason_code_extension_critical"),
        entry: Some(reason_critical),
        zlint: Some("e_cab_crl_reason_code_not_critical"),
        ..CrlRule::NEW
    },
    CrlRule {
        code: "rfc5280.crl.reason_code_undefined",
        citation: "RFC 5280 5.3.1",
        summary: "reasonCode must be a CRLReason value (0-6, 8-10).",
        entry: Some(reason_undefined),
        zlint: Some("e_crl_has_valid_reason_code"),
        ..CrlRule::NEW
    },
    CrlRule {
        code: "rfc5280.crl.certificate_issuer_not_indirect",
        citation: "RFC 5280 5.3.3",
        summary: "certificateIssuer may appear only in indirect CRLs (IDP indirectCRL TRUE).",
        entry: Some(certificate_issuer_not_indirect),
        ..CrlRule::NEW
    },
    CrlRule {
        code: "rfc5280.crl.certificate_issuer_not_critical",
        citation: "RFC 5280 5.3.3",
        summary: "certificateIssuer must be critical.",
        entry: Some(certificate_issuer_not_critical),
        ..CrlRule::NEW
    },
    CrlRule {
        code: "rfc5280.crl.extensions_empty",
        citation: "RFC 5280 5.1.2.7",
        summary: "crlExtensions must be absent rather than an empty SEQUENCE.",
        check: Some(extensions_empty),
        ..CrlRule::NEW
    },
    CrlRule {
        code: "rfc5280.crl.aki_missing",
        citation: "RFC 5280 5.2.1",
        summary: "authorityKeyIdentifier must be present in every CRL.",
        pkilint: Some("pkix.authority_key_identifier_missing"),
        check: Some(aki_missing),
        zlint: Some("e_crl_has_authority_key_identifier"),
        ..CrlRule::NEW
    },
    CrlRule {
        code: "rfc5280.crl.aki_key_id_missing",
        citation: "RFC 5280 5.2.1",
        summary: "authorityKeyIdentifier must use the key identifier method.",
        pkilint: Some("pkix.authority_key_identifier_keyid_missing"),
        check: Some(aki_no_key_id),
        ..CrlRule::NEW
    },
    CrlRule {
        code: "rfc5280.crl.aki_critical",
        citation: "RFC 5280 5.2.1",
        summary: "authorityKeyIdentifier must be non-critical (RFC 5280 4.2.1.1).",
        pkilint: Some("pkix.authority_key_identifier_critical"),
        check: Some(aki_critical),
        ..CrlRule::NEW
    },
    CrlRule {
        code: "rfc5280.crl.number_missing",
        citation: "RFC 5280 5.2.3",
        summary: "cRLNumber must be present in every CRL.",
        pkilint: Some("pkix.crl_number_missing"),
        check: Some(number_missing),
        zlint: Some("e_crl_missing_crl_number"),
        ..CrlRule::NEW
    },
    CrlRule {
        code: "rfc5280.crl.number_critical",
        citation: "RFC 5280 5.2.3",
        summary: "cRLNumber is a non-critical extension.",
        pkilint: Some("pkix.crl_number_extension_critical"),
        check: Some(number_critical),
        ..CrlRule::NEW
    },
    CrlRule {
        code: "rfc5280.crl.number_out_of_range",
        citation: "RFC 5280 5.2.3",
        summary: "cRLNumber must be non-negative and at most 20 octets.",
        pkilint: Some("pkix.crl_number_out_of_range"),
        check: Some(number_out_of_range),
        zlint: Some("e_crl_number_out_of_range"),
        ..CrlRule::NEW
    },
    CrlRule {
        code: "rfc5280.crl.delta_indicator_not_critical",
        citation: "RFC 5280 5.2.4",
        summary: "deltaCRLIndicator is a critical extension.",
        check: Some(delta_not_critical),
        ..CrlRule::NEW
    },
    CrlRule {
        code: "rfc5280.crl.idp_not_critical",
        citation: "RFC 5280 5.2.5",
        summary: "issuingDistributionPoint is a critical extension.",
        check: Some(idp_not_critical),
        ..CrlRule::NEW
    },
    CrlRule {
        code: "rfc5280.crl.idp_empty",
        citation: "RFC 5280 5.2.5",
        summary: "issuingDistributionPoint must not be an empty SEQUENCE.",
        check: Some(idp_empty),
        ..CrlRule::NEW
    },
    CrlRule {
        code: "rfc5280.crl.idp_multiple_scopes",
        citation: "RFC 5280 5.2.5",
        summary: "At most one of onlyContainsUserCerts, onlyContainsCACerts and onlyContainsAttributeCerts may be TRUE.",
        check: Some(idp_multiple_only),
        ..CrlRule::NEW
    },
    CrlRule {
        code: "rfc5280.crl.invalid_uri",
        citation: "RFC 5280 5.2.5",
        summary: "uniformResourceIdentifier names in issuingDistributionPoint and freshestCRL must be URIs (RFC 3986; RFC 5280 4.2.1.6).",
        pkilint: Some("pkix.invalid_uri_syntax"),
        check: Some(invalid_uri),
        ..CrlRule::NEW
    },
    CrlRule {
        code: "rfc5280.crl.freshest_crl_critical",
        citation: "RFC 5280 5.2.6",
        summary: "freshestCRL must be non-critical.",
        check: Some(freshest_critical),
        ..CrlRule::NEW
    },
    CrlRule {
        code: "rfc5280.crl.freshest_crl_in_delta",
        citation: "RFC 5280 5.2.6",
        summary: "freshestCRL must not appear in delta CRLs.",
        check: Some(freshest_in_delta),
        ..CrlRule::NEW
    },
    CrlRule {
        code: "rfc5280.crl.unknown_critical_extension",
        severity: Severity::Warning,
        citation: "RFC 5280 5.2",
        summary: "Critical extensions RFC 5280 does not define for CRLs make the CRL unusable to most relying parties.",
        check: Some(unknown_critical),
        ..CrlRule::NEW
    },
    CrlRule {
        code: "rfc5280.crl.issuer_alt_name_critical",
        severity: Severity::Warning,
        citation: "RFC 5280 5.2.2",
        summary: "issuerAltName should be non-critical.",
        check: Some(issuer_alt_name_critical),
        ..CrlRule::NEW
    },
    CrlRule {
        code: "rfc5280.crl.unknown_critical_entry_extension",
        severity: Severity::Warning,
        citation: "RFC 5280 5.3",
        summary: "Critical entry extensions RFC 5280 does not define make the CRL unusable to most relying parties.",
        entry: Some(entry_unknown_critical),
        ..CrlRule::NEW
    },
    CrlRule {
        code: "rfc5280.crl.signature_invalid",
        citation: "RFC 5280 5.1.1.3",
        summary: "With an issuer certificate: the signature must verify with its key.",
        check: Some(signature_invalid),
        ..CrlRule::NEW
    },
    CrlRule {
        code: "rfc5280.crl.issuer_lacks_crl_sign",
        citation: "RFC 5280 4.2.1.3",
        summary: "With an issuer certificate: its keyUsage, when present, must assert cRLSign.",
        check: Some(issuer_lacks_crl_sign),
        ..CrlRule::NEW
    },
    CrlRule {
        code: "rfc5280.crl.aki_mismatch",
        severity: Severity::Warning,
        citation: "RFC 5280 5.2.1",
        summary: "With an issuer certificate: the keyIdentifier should equal the issuer's subjectKeyIdentifier (TLS BR kinds: tls.crl.aki_mismatch).",
        applies: scope::not_tls,
        check: Some(aki_mismatch),
        ..CrlRule::NEW
    },
    // ---- TLS BR
    CrlRule {
        code: "tls.crl.issuer_not_identical",
        citation: "TLS BR 7.2",
        summary: "With an issuer certificate: issuer must be byte-for-byte the issuing CA's subject.",
        applies: scope::tls,
        check: Some(issuer_not_identical),
        ..CrlRule::NEW
    },
    CrlRule {
        code: "tls.crl.signature_algorithm_not_permitted",
        citation: "TLS BR 7.1.3.2",
        summary: "tbsCertList.signature and signatureAlgorithm are byte-for-byte one of the listed RSA or ECDSA encodings (SHA-1 RSA, permitted only under legacy conditions, is not judged).",
        applies: scope::tls,
        check: Some(tls_sig_alg),
        ..CrlRule::NEW
    },
    CrlRule {
        code: "tls.crl.signature_algorithm_key_mismatch",
        citation: "TLS BR 7.1.3.2.2",
        summary: "With an issuer certificate: an ECDSA signature uses the hash the issuer's curve requires (P-256/SHA-256, P-384/SHA-384, P-521/SHA-512).",
        applies: scope::tls,
        check: Some(tls_sig_alg_for_key),
        ..CrlRule::NEW
    },
    CrlRule {
        code: "tls.crl.aki_not_key_id_only",
        citation: "TLS BR 7.1.2.11.1",
        summary: "authorityKeyIdentifier must not contain authorityCertIssuer or authorityCertSerialNumber (TLS BR 7.2.2).",
        applies: scope::tls,
        zlint: Some("e_crl_auth_key_id_only_contains_keyid"),
        check: Some(tls_aki_fields),
        ..CrlRule::NEW
    },
    CrlRule {
        code: "tls.crl.aki_mismatch",
        citation: "TLS BR 7.1.2.11.1",
        summary: "With an issuer certificate: the keyIdentifier must be identical to the issuing CA's subjectKeyIdentifier.",
        applies: scope::tls,
        check: Some(aki_mismatch),
        ..CrlRule::NEW
    },
    CrlRule {
        code: "tls.crl.subscriber_next_update_too_late",
        citation: "TLS BR 7.2",
        summary: "CRLs covering Subscriber Certificates: nextUpdate at most 10 days after thisUpdate.",
        applies: scope::tls_subscriber,
        pkilint: Some("cabf.crl_invalid_validity_period"),
        check: Some(subscriber_ten_days),
        zlint: Some("e_crl_next_update_invalid"),
        ..CrlRule::NEW
    },
    CrlRule {
        code: "tls.crl.ca_next_update_too_late",
        citation: "TLS BR 7.2",
        summary: "CRLs covering CA Certificates: nextUpdate at most 12 months after thisUpdate.",
        applies: scope::tls_ca,
        pkilint: Some("cabf.arl_invalid_validity_period"),
        check: Some(validity_over_year),
        zlint: Some("e_crl_next_update_invalid"),
        ..CrlRule::NEW
    },
    CrlRule {
        code: "tls.crl.reason_code_prohibited",
        citation: "TLS BR 7.2.2",
        summary: "reasonCode must be keyCompromise, affiliationChanged, superseded, cessationOfOperation or privilegeWithdrawn (unspecified is expressed by omission; certificateHold is prohibited; MRSP 6.1.1).",
        applies: scope::tls,
        pkilint: Some("cabf.crl_prohibited_reason_code"),
        entry: Some(tls_reason_prohibited),
        zlint: Some("e_cab_crl_has_valid_reason_code"),
        ..CrlRule::NEW
    },
    CrlRule {
        code: "tls.crl.reason_code_missing_for_ca",
        citation: "TLS BR 7.2.2",
        summary: "CRLs covering CA Certificates: every entry must carry a reasonCode (CA certificates can cause issuance).",
        applies: scope::tls_ca,
        entry: Some(reason_missing),
        ..CrlRule::NEW
    },
    CrlRule {
        code: "tls.crl.indirect",
        citation: "TLS BR 7.2",
        summary: "CAs must not issue indirect CRLs: no IDP indirectCRL, no certificateIssuer entries (also 7.2.2.1).",
        applies: scope::tls,
        check: Some(tls_indirect),
        entry: Some(tls_indirect_entry),
        ..CrlRule::NEW
    },
    CrlRule {
        code: "tls.crl.idp_full_name_missing",
        citation: "TLS BR 7.2.2.1",
        summary: "issuingDistributionPoint, when present, must contain distributionPoint with fullName.",
        applies: scope::tls,
        check: Some(tls_idp_no_full_name),
        ..CrlRule::NEW
    },
    CrlRule {
        code: "tls.crl.idp_non_uri_name",
        citation: "TLS BR 7.2.2.1",
        summary: "issuingDistributionPoint fullName must contain only uniformResourceIdentifier names.",
        applies: scope::tls,
        check: Some(tls_idp_non_uri),
        ..CrlRule::NEW
    },
    CrlRule {
        code: "tls.crl.idp_attribute_certs",
        citation: "TLS BR 7.2.2.1",
        summary: "issuingDistributionPoint must not assert onlyContainsAttributeCerts.",
        applies: scope::tls,
        check: Some(tls_idp_attribute_certs),
        ..CrlRule::NEW
    },
    CrlRule {
        code: "tls.crl.idp_only_some_reasons",
        severity: Severity::Warning,
        citation: "TLS BR 7.2.2.1",
        summary: "issuingDistributionPoint should not include onlySomeReasons.",
        applies: scope::tls,
        check: Some(tls_idp_some_reasons),
        ..CrlRule::NEW
    },
    CrlRule {
        code: "tls.crl.extension_not_recommended",
        severity: Severity::Warning,
        citation: "TLS BR 7.2.2",
        summary: "CRL extensions other than authorityKeyIdentifier, cRLNumber and issuingDistributionPoint are NOT RECOMMENDED.",
        applies: scope::tls,
        check: Some(tls_other_extension),
        ..CrlRule::NEW
    },
    CrlRule {
        code: "tls.crl.entry_extension_not_recommended",
        severity: Severity::Warning,
        citation: "TLS BR 7.2.2",
        summary: "CRL entry extensions other than reasonCode are NOT RECOMMENDED.",
        applies: scope::tls,
        entry: Some(tls_other_entry_extension),
        ..CrlRule::NEW
    },
    // ---- S/MIME BR
    CrlRule {
        code: "smime.crl.subscriber_next_update_too_late",
        citation: "SMIME BR 4.9.7",
        summary: "CRLs for Subscriber Certificates: nextUpdate not more than ten days beyond thisUpdate.",
        applies: scope::smime_subscriber,
        check: Some(subscriber_ten_days),
        ..CrlRule::NEW
    },
    CrlRule {
        code: "smime.crl.ca_next_update_too_late",
        citation: "SMIME BR 4.9.7",
        summary: "CRLs for Subordinate CA Certificates: nextUpdate not more than twelve months beyond thisUpdate.",
        applies: scope::smime_ca,
        check: Some(validity_over_year),
        ..CrlRule::NEW
    },
    CrlRule {
        code: "smime.crl.reason_code_unspecified",
        citation: "SMIME BR 7.2.2",
        summary: "reasonCode must not be unspecified (0); the extension is omitted instead.",
        applies: scope::smime,
        entry: Some(smime_reason_unspecified),
        ..CrlRule::NEW
    },
    CrlRule {
        code: "smime.crl.reason_code_missing_for_ca",
        citation: "SMIME BR 7.2.2",
        summary: "CRLs covering CA Certificates: every entry must carry a reasonCode.",
        applies: scope::smime_ca,
        entry: Some(reason_missing),
        ..CrlRule::NEW
    },
    CrlRule {
        code: "smime.crl.certificate_hold_for_ca",
        citation: "SMIME BR 7.2.2",
        summary: "CRLs covering CA Certificates: certificateHold (6) must not be used.",
        applies: scope::smime_ca,
        entry: Some(smime_hold_for_ca),
        ..CrlRule::NEW
    },
];

/// Every CRL rule, for `--list-rules`.
pub fn crl_catalogue() -> Vec<&'static CrlRule> {
    CRL_RULES.iter().collect()
}

// ---------------------------------------------------------------- the engine

fn fatal(rule_code: &'static str, message: String, location: String) -> Finding {
    let rule = CRL_RULES
        .iter()
        .find(|r| r.code == rule_code)
        .unwrap_or(&CRL_RULES[0]);
    finding(rule, location, message)
}

/// Lints DER bytes as a CRL. `kind` `Auto` is resolved by [`detect`].
pub fn lint_crl_der(der: &[u8], issuer: Option<&Certificate<'_>>, kind: CrlKind) -> Report {
    match Crl::parse(der) {
        Ok(c) => lint_crl(&c, issuer, kind),
        Err(e) => Report {
            sha256: cert::hex_upper(&cert::digest::sha256(der)),
            subject: String::new(),
            profile: if kind == CrlKind::Auto {
                "crl".into()
            } else {
                kind.name().into()
            },
            findings: vec![fatal(
                UNDECODABLE,
                format!("not a decodable CRL: {e}"),
                format!("byte {}", e.offset()),
            )],
        },
    }
}

/// Lints a decoded CRL, streaming its entries once.
pub fn lint_crl(crl: &Crl<'_>, issuer: Option<&Certificate<'_>>, kind: CrlKind) -> Report {
    let kind = if kind == CrlKind::Auto {
        detect(crl, issuer)
    } else {
        kind
    };
    let mut ctx = CrlCtx {
        crl,
        kind,
        issuer,
        idp: crl.issuing_distribution_point(),
        duplicates: &[],
    };
    let rules: Vec<&CrlRule> = CRL_RULES.iter().filter(|r| (r.applies)(kind)).collect();
    let mut counts = vec![0usize; rules.len()];
    let mut findings = Vec::new();

    // One pass over the entries. Duplicate detection keeps only a compact key
    // per entry (certificate issuer id, serial slice, index) and sorts them
    // afterwards: O(n log n) whatever the input, unlike a hash table fed with
    // attacker-chosen keys.
    let entry_rules: Vec<usize> = (0..rules.len())
        .filter(|&i| rules[i].entry.is_some())
        .collect();
    let mut issuers: Vec<&[u8]> = Vec::new();
    let mut issuer_id = 0u32;
    let mut keys: Vec<(u32, &[u8], u32)> = Vec::new();
    for item in crl.entries() {
        let entry = match item {
            Ok(e) => e,
            Err(e) => {
                findings.push(fatal(
                    ENTRY_UNDECODABLE,
                    format!("revokedCertificates entry does not decode: {e}; later entries were not checked"),
                    format!("byte {}", e.offset),
                ));
                break;
            }
        };
        // certificateIssuer applies to this entry and the following ones (RFC 5280 5.3.3).
        if let Some(ext) = entry.extension(crl::CERTIFICATE_ISSUER) {
            let v = ext.ext.value;
            issuer_id = match issuers.iter().position(|i| *i == v) {
                Some(p) => p as u32 + 1,
                None => {
                    issuers.push(v);
                    issuers.len() as u32
                }
            };
        }
        keys.push((issuer_id, entry.serial, entry.index as u32));
        let ec = EntryCtx { entry: &entry };
        for &i in &entry_rules {
            if let Some(check) = rules[i].entry {
                check(
                    &ctx,
                    &ec,
                    &mut CrlOut {
                        rule: rules[i],
                        findings: &mut findings,
                        count: &mut counts[i],
                    },
                );
            }
        }
    }
    keys.sort_unstable();
    let mut duplicates = Vec::new();
    for group in keys.chunk_by(|a, b| a.0 == b.0 && a.1 == b.1) {
        if let Some((first, rest)) = group.split_first() {
            duplicates.extend(rest.iter().map(|k| Duplicate {
                index: k.2 as usize,
                first: first.2 as usize,
                serial: k.1,
            }));
        }
    }
    drop(keys);
    duplicates.sort_unstable_by_key(|d| d.index);
    ctx.duplicates = &duplicates;

    for (rule, count) in rules.iter().zip(counts.iter_mut()) {
        if let Some(check) = rule.check {
            check(
                &ctx,
                &mut CrlOut {
                    rule,
                    findings: &mut findings,
                    count,
                },
            );
        }
    }
    for (rule, &count) in rules.iter().zip(&counts) {
        if count > MAX_FINDINGS_PER_RULE {
            findings.push(finding(
                rule,
                "revokedCertificates".into(),
                format!(
                    "{} more findings of this rule not shown",
                    count - MAX_FINDINGS_PER_RULE
                ),
            ));
        }
    }
    findings.sort_by_key(|f| std::cmp::Reverse(f.severity));
    Report {
        sha256: cert::hex_upper(&crl.sha256()),
        subject: crl.issuer.to_string(),
        profile: kind.name().into(),
        findings,
    }
}

// ---------------------------------------------------------------- sniffing

/// Whether DER bytes look like a CertificateList rather than a Certificate.
///
/// Decided by structure, not by decoding everything: inside the outer
/// SEQUENCE's first SEQUENCE, a TBSCertList has an optional INTEGER version,
/// an AlgorithmIdentifier SEQUENCE, the issuer Name SEQUENCE and then a time
/// (thisUpdate); a TBSCertificate has `[0]` or the serial INTEGER, the
/// AlgorithmIdentifier, the issuer and then the Validity SEQUENCE. Works on
/// truncated input as long as the first elements are present.
pub fn looks_like_crl(der: &[u8]) -> bool {
    let sniff = || -> Option<bool> {
        let (t, outer, _) = cert::der::peek_header(der, 0)?;
        if t != 0x30 {
            return None;
        }
        let (t, mut pos, _) = cert::der::peek_header(der, outer)?;
        if t != 0x30 {
            return None;
        }
        let skip = |pos: usize| -> Option<(u8, usize)> {
            let (t, start, len) = cert::der::peek_header(der, pos)?;
            let end = start.checked_add(len)?;
            (end <= der.len()).then_some((t, end))
        };
        let (t, _, _) = cert::der::peek_header(der, pos)?;
        if t == 0xa0 {
            return Some(false);
        }
        if t == 0x02 {
            pos = skip(pos)?.1;
        }
        let (t, next) = skip(pos)?;
        if t != 0x30 {
            return Some(false);
        }
        let (t, next) = skip(next)?;
        if t != 0x30 {
            return Some(false);
        }
        let (t, _, _) = cert::der::peek_header(der, next)?;
        Some(t == 0x17 || t == 0x18)
    };
    sniff().unwrap_or(false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn months() {
        let t = cert::time::parse_iso("2024-01-31T10:00:00Z").unwrap_or_default();
        assert_eq!(
            cert::time::format_unix(add_months(t, 1)),
            "2024-02-29T10:00:00Z"
        );
        assert_eq!(
            cert::time::format_unix(add_months(t, 12)),
            "2025-01-31T10:00:00Z"
        );
    }

    #[test]
    fn catalogue_codes_unique() {
        let mut codes: Vec<_> = CRL_RULES.iter().map(|r| r.code).collect();
        codes.sort_unstable();
        let n = codes.len();
        codes.dedup();
        assert_eq!(n, codes.len());
        assert!(
            CRL_RULES
                .iter()
                .all(|r| r.check.is_some() || r.entry.is_some())
        );
    }
}
