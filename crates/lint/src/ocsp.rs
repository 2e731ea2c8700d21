//! OCSP response linting: RFC 6960, RFC 5019/9919, RFC 8954, TLS BR 4.9.9
//! and 7.3, S/MIME BR 4.9.9, 4.9.10 and 7.3, and the Mozilla Root Store
//! Policy (5.1, 5.1.3, 6).
//!
//! Organised like CRL linting ([`crate::crl`]): rules are data
//! ([`OcspRule`]), listed by [`ocsp_catalogue`], each applying to some
//! [`OcspKind`]s. A response is small, so every rule sees the whole decoded
//! response ([`OcspCtx`]) and loops over its SingleResponses itself.
//!
//! What the rules can check depends on what the caller supplies:
//! - the issuer certificate (the CA whose certificates' status is given)
//!   enables the CertID, delegation and program (TLS or S/MIME) checks;
//! - the responder certificate (the delegated responder) names the signer;
//!   without it, a certificate in `BasicOCSPResponse.certs` that the
//!   responderID identifies is used, and failing that the issuer;
//! - `now` (seconds since the epoch, passed in: the clock is never read)
//!   enables the freshness checks.

use cert::Certificate;
use cert::crl::{self as ccrl, Reason};
use cert::ocsp::{
    self, BasicResponse, CertIdMatch, CertStatus, NonceError, OcspResponse, ResponderId,
    ResponseStatus, SingleResponse,
};
use cert::time::{Time, TimeEncoding, TimeField};
use cert::{DecodeError, Extension, KeyUsageBit, oids};

use crate::Report;
use crate::finding::{Equivalents, Finding, Severity};

/// Which requirements an OCSP response is linted against.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum OcspKind {
    /// Detect from the issuer certificate (see [`detect`]).
    #[default]
    Auto,
    /// RFC 6960 (and the RFC 5019 profile as recommendations) only (`ocsp`).
    Rfc6960,
    /// TLS BR response about Subscriber Certificates (`ocsp-tls-subscriber`).
    TlsSubscriber,
    /// TLS BR response about CA Certificates (`ocsp-tls-ca`).
    TlsCa,
    /// S/MIME BR response about Subscriber Certificates (`ocsp-smime-subscriber`).
    SmimeSubscriber,
    /// S/MIME BR response about CA Certificates (`ocsp-smime-ca`).
    SmimeCa,
}

impl OcspKind {
    /// Every concrete kind (not `Auto`).
    pub const ALL: [OcspKind; 5] = [
        OcspKind::Rfc6960,
        OcspKind::TlsSubscriber,
        OcspKind::TlsCa,
        OcspKind::SmimeSubscriber,
        OcspKind::SmimeCa,
    ];

    /// The profile name used in reports.
    pub fn name(self) -> &'static str {
        match self {
            OcspKind::Auto => "ocsp-auto",
            OcspKind::Rfc6960 => "ocsp",
            OcspKind::TlsSubscriber => "ocsp-tls-subscriber",
            OcspKind::TlsCa => "ocsp-tls-ca",
            OcspKind::SmimeSubscriber => "ocsp-smime-subscriber",
            OcspKind::SmimeCa => "ocsp-smime-ca",
        }
    }

    /// Parses a profile name (as printed by [`OcspKind::name`]; `ocsp-auto` or `auto` for Auto).
    pub fn from_name(s: &str) -> Option<OcspKind> {
        if s == "auto" {
            return Some(OcspKind::Auto);
        }
        std::iter::once(OcspKind::Auto)
            .chain(OcspKind::ALL)
            .find(|k| k.name() == s)
    }

    /// TLS BR kinds.
    pub fn is_tls(self) -> bool {
        matches!(self, OcspKind::TlsSubscriber | OcspKind::TlsCa)
    }

    /// S/MIME BR kinds.
    pub fn is_smime(self) -> bool {
        matches!(self, OcspKind::SmimeSubscriber | OcspKind::SmimeCa)
    }

    /// Responses about CA certificates.
    pub fn is_ca(self) -> bool {
        matches!(self, OcspKind::TlsCa | OcspKind::SmimeCa)
    }
}

/// Resolves `Auto` from the issuer certificate: the program (TLS or S/MIME)
/// from its extKeyUsage or reserved policy OIDs, the scope from whether it is
/// self-issued (a root answers for the CA certificates it issues; a
/// subordinate CA for Subscriber Certificates). Without an issuer, or when
/// the program cannot be told, only RFC 6960 applies.
pub fn detect(issuer: Option<&Certificate<'_>>) -> OcspKind {
    let Some(c) = issuer else {
        return OcspKind::Rfc6960;
    };
    let eku = c.ext_key_usage().unwrap_or(&[]);
    let policies = c.policies().unwrap_or(&[]);
    let tls_policy = policies.iter().any(|p| {
        matches!(
            p.oid,
            oids::CABF_DV | oids::CABF_OV | oids::CABF_IV | oids::CABF_EV
        )
    });
    let smime_policy = policies.iter().any(|p| p.oid.is_under(oids::CABF_SMIME));
    let ca = c.is_self_issued();
    if eku.contains(&oids::KP_SERVER_AUTH) || tls_policy {
        if ca {
            OcspKind::TlsCa
        } else {
            OcspKind::TlsSubscriber
        }
    } else if eku.contains(&oids::KP_EMAIL_PROTECTION) || smime_policy {
        if ca {
            OcspKind::SmimeCa
        } else {
            OcspKind::SmimeSubscriber
        }
    } else {
        OcspKind::Rfc6960
    }
}

/// Where the certificate taken to have signed the response came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SignerSource {
    /// The responder certificate the caller supplied.
    Supplied,
    /// `BasicOCSPResponse.certs[i]`, which the responderID identifies.
    Embedded(usize),
    /// The issuer certificate, which the responderID identifies.
    Issuer,
    /// The issuer certificate, although the responderID does not identify it
    /// (nothing else was available).
    IssuerUnmatched,
}

/// The certificate taken to have signed the response.
#[derive(Clone, Copy)]
pub struct SignerInfo<'c> {
    /// The certificate.
    pub cert: &'c Certificate<'c>,
    /// Where it came from.
    pub source: SignerSource,
    /// Whether it is a delegated responder rather than the issuing CA itself.
    pub delegated: bool,
}

/// What an OCSP rule sees.
pub struct OcspCtx<'c> {
    /// The response.
    pub resp: &'c OcspResponse<'c>,
    /// The BasicOCSPResponse, when there is one.
    pub basic: Option<&'c BasicResponse<'c>>,
    /// The kind it is linted as (never `Auto`).
    pub kind: OcspKind,
    /// The issuer certificate, when supplied.
    pub issuer: Option<&'c Certificate<'c>>,
    /// The signer, when one could be determined.
    pub signer: Option<SignerInfo<'c>>,
    /// `BasicOCSPResponse.certs`, each decoded.
    pub certs: &'c [Result<Certificate<'c>, DecodeError>],
    /// The current time, when supplied.
    pub now: Option<i64>,
}

impl<'c> OcspCtx<'c> {
    fn singles(&self) -> &'c [SingleResponse<'c>] {
        self.basic.map(|b| b.responses.as_slice()).unwrap_or(&[])
    }
}

/// Most findings one rule reports before the rest are summarized.
pub const MAX_FINDINGS_PER_RULE: usize = 20;

/// Collects an OCSP rule's findings, stamping them with the rule's metadata.
pub struct OcspOut<'r> {
    rule: &'r OcspRule,
    findings: &'r mut Vec<Finding>,
    count: usize,
}

impl OcspOut<'_> {
    /// Reports a finding; beyond [`MAX_FINDINGS_PER_RULE`] only counts it.
    pub fn emit(&mut self, location: impl Into<String>, message: impl Into<String>) {
        self.count += 1;
        if self.count <= MAX_FINDINGS_PER_RULE {
            self.findings
                .push(finding(self.rule, location.into(), message.into()));
        }
    }
}

fn finding(rule: &OcspRule, location: String, message: String) -> Finding {
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

/// An OCSP check.
pub type OcspCheck = fn(&OcspCtx<'_>, &mut OcspOut<'_>);

/// One OCSP lint rule (the OCSP counterpart of [`crate::crl::CrlRule`]).
pub struct OcspRule {
    /// Stable code, `area.subject.problem`.
    pub code: &'static str,
    /// Severity of its findings.
    pub severity: Severity,
    /// Document and section it enforces.
    pub citation: &'static str,
    /// One line saying what it requires.
    pub summary: &'static str,
    /// The kinds it applies to.
    pub applies: fn(OcspKind) -> bool,
    /// pkilint's equivalent finding code.
    pub pkilint: Option<&'static str>,
    /// zlint's equivalent lint name.
    pub zlint: Option<&'static str>,
    /// The check.
    pub check: OcspCheck,
}

impl OcspRule {
    /// Defaults for struct-update syntax: applies to every kind, no equivalents.
    pub const NEW: OcspRule = OcspRule {
        code: "",
        severity: Severity::Error,
        citation: "",
        summary: "",
        applies: scope::all,
        pkilint: None,
        zlint: None,
        check: no_check,
    };
}

/// `applies` predicates for OCSP rules.
pub mod scope {
    use super::OcspKind;

    /// Every kind.
    pub fn all(_: OcspKind) -> bool {
        true
    }
    /// RFC 6960 only: rules a Baseline Requirements kind replaces with a stricter one.
    pub fn rfc_only(k: OcspKind) -> bool {
        k == OcspKind::Rfc6960
    }
    /// TLS BR kinds.
    pub fn tls(k: OcspKind) -> bool {
        k.is_tls()
    }
    /// TLS BR responses about Subscriber Certificates.
    pub fn tls_subscriber(k: OcspKind) -> bool {
        k == OcspKind::TlsSubscriber
    }
    /// TLS BR responses about CA Certificates.
    pub fn tls_ca(k: OcspKind) -> bool {
        k == OcspKind::TlsCa
    }
    /// S/MIME BR kinds.
    pub fn smime(k: OcspKind) -> bool {
        k.is_smime()
    }
    /// S/MIME BR responses about Subscriber Certificates.
    pub fn smime_subscriber(k: OcspKind) -> bool {
        k == OcspKind::SmimeSubscriber
    }
    /// S/MIME BR responses about CA Certificates.
    pub fn smime_ca(k: OcspKind) -> bool {
        k == OcspKind::SmimeCa
    }
    /// Either Baseline Requirements program (Mozilla policy covers both).
    pub fn br(k: OcspKind) -> bool {
        k.is_tls() || k.is_smime()
    }
    /// Either program, Subscriber Certificates.
    pub fn br_subscriber(k: OcspKind) -> bool {
        matches!(k, OcspKind::TlsSubscriber | OcspKind::SmimeSubscriber)
    }
}

/// Code of the fatal finding for input that does not decode as an OCSP response.
pub const UNDECODABLE: &str = "ocsp.undecodable";

// ---------------------------------------------------------------- helpers

fn no_check(_: &OcspCtx<'_>, _: &mut OcspOut<'_>) {
    // Emitted by the engine itself; listed for the catalogue.
}

fn hex(b: &[u8]) -> String {
    cert::hex_upper(b)
}

fn hex_lower(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02x}")).collect()
}

fn fmt_time(t: i64) -> String {
    cert::time::format_unix(t)
}

fn single_loc(s: &SingleResponse<'_>) -> String {
    format!("tbsResponseData.responses[{}]", s.index)
}

/// Every time field with its location.
fn times<'c>(ctx: &OcspCtx<'c>) -> Vec<(String, &'c TimeField<'c>)> {
    let mut v = Vec::new();
    if let Some(b) = ctx.basic {
        v.push(("tbsResponseData.producedAt".to_string(), &b.produced_at));
        for s in &b.responses {
            let l = single_loc(s);
            v.push((format!("{l}.thisUpdate"), &s.this_update));
            if let Some(n) = &s.next_update {
                v.push((format!("{l}.nextUpdate"), n));
            }
            if let CertStatus::Revoked { time, .. } = &s.status {
                v.push((format!("{l}.certStatus.revoked.revocationTime"), time));
            }
        }
    }
    v
}

fn show_time(tf: &TimeField<'_>) -> String {
    String::from_utf8_lossy(tf.tlv.value).into_owned()
}

/// Every extension (response and single) with its location.
fn all_extensions<'c>(ctx: &OcspCtx<'c>) -> Vec<(String, &'c [Extension<'c>], bool)> {
    let mut v = Vec::new();
    if let Some(b) = ctx.basic {
        if let Some(e) = &b.extensions {
            v.push((
                "tbsResponseData.responseExtensions".to_string(),
                e.as_slice(),
                false,
            ));
        }
        for s in &b.responses {
            if let Some(e) = &s.extensions {
                v.push((
                    format!("{}.singleExtensions", single_loc(s)),
                    e.as_slice(),
                    true,
                ));
            }
        }
    }
    v
}

// ---------------------------------------------------------------- DER and shape

fn not_der(ctx: &OcspCtx<'_>, out: &mut OcspOut<'_>) {
    for i in &ctx.resp.der_issues {
        out.emit(
            format!("byte {}", i.offset),
            format!("{} at byte {}", i.kind, i.offset),
        );
    }
}

fn trailing(ctx: &OcspCtx<'_>, out: &mut OcspOut<'_>) {
    if !ctx.resp.trailing.is_empty() {
        out.emit(
            format!("byte {}", ctx.resp.der.len()),
            format!("{} bytes follow the OCSPResponse", ctx.resp.trailing.len()),
        );
    }
}

fn status_undefined(ctx: &OcspCtx<'_>, out: &mut OcspOut<'_>) {
    if let ResponseStatus::Other(v) = ctx.resp.status {
        out.emit(
            "responseStatus",
            format!("responseStatus has value {v}, which OCSPResponseStatus does not define (4 is not used)"),
        );
    }
}

fn error_with_bytes(ctx: &OcspCtx<'_>, out: &mut OcspOut<'_>) {
    if ctx.resp.status != ResponseStatus::Successful && ctx.resp.response_bytes.is_some() {
        out.emit(
            "responseBytes",
            format!(
                "responseStatus is {} but responseBytes is present",
                ctx.resp.status.describe()
            ),
        );
    }
}

fn successful_without_bytes(ctx: &OcspCtx<'_>, out: &mut OcspOut<'_>) {
    if ctx.resp.status == ResponseStatus::Successful && ctx.resp.response_bytes.is_none() {
        out.emit(
            "responseBytes",
            "responseStatus is successful (0) but responseBytes is absent",
        );
    }
}

fn not_successful(ctx: &OcspCtx<'_>, out: &mut OcspOut<'_>) {
    if ctx.resp.status != ResponseStatus::Successful {
        out.emit(
            "responseStatus",
            format!(
                "responseStatus is {}: an unsigned error response, so no certificate status was checked",
                ctx.resp.status.describe()
            ),
        );
    }
}

fn not_basic(ctx: &OcspCtx<'_>, out: &mut OcspOut<'_>) {
    if let Some(rb) = &ctx.resp.response_bytes
        && rb.response_type != ocsp::BASIC
    {
        out.emit(
            "responseBytes.responseType",
            format!(
                "responseType is {}, not id-pkix-ocsp-basic (1.3.6.1.5.5.7.48.1.1); nothing in it was checked",
                rb.response_type
            ),
        );
    }
}

fn version_not_v1(ctx: &OcspCtx<'_>, out: &mut OcspOut<'_>) {
    if let Some(v) = ctx.basic.and_then(|b| b.version).filter(|&v| v != 0) {
        out.emit(
            "tbsResponseData.version",
            format!("version has value {v}; RFC 6960 defines only v1 (0)"),
        );
    }
}

fn responses_empty(ctx: &OcspCtx<'_>, out: &mut OcspOut<'_>) {
    if ctx.basic.is_some_and(|b| b.responses.is_empty()) {
        out.emit(
            "tbsResponseData.responses",
            "responses contains no SingleResponse",
        );
    }
}

fn certs_empty(ctx: &OcspCtx<'_>, out: &mut OcspOut<'_>) {
    if ctx
        .basic
        .is_some_and(|b| b.certs.as_ref().is_some_and(Vec::is_empty))
    {
        out.emit("certs", "certs is present but an empty SEQUENCE");
    }
}

fn cert_undecodable(ctx: &OcspCtx<'_>, out: &mut OcspOut<'_>) {
    for (i, c) in ctx.certs.iter().enumerate() {
        if let Err(e) = c {
            out.emit(
                format!("certs[{i}]"),
                format!("certs[{i}] is not a decodable certificate: {e}"),
            );
        }
    }
}

// ---------------------------------------------------------------- responderID

fn key_hash_not_sha1(ctx: &OcspCtx<'_>, out: &mut OcspOut<'_>) {
    if let Some(ResponderId::ByKey(h)) = ctx.basic.map(|b| &b.responder_id)
        && h.len() != 20
    {
        out.emit(
            "tbsResponseData.responderID.byKey",
            format!("KeyHash is {} octets long; a SHA-1 hash is 20", h.len()),
        );
    }
}

fn responder_id_mismatch(ctx: &OcspCtx<'_>, out: &mut OcspOut<'_>) {
    let Some(b) = ctx.basic else { return };
    match ctx.signer {
        Some(SignerInfo {
            cert,
            source: SignerSource::Supplied,
            ..
        }) if !b.responder_id.matches(cert) => out.emit(
            "tbsResponseData.responderID",
            format!(
                "responderID ({}) does not identify the responder certificate (subject \"{}\", key hash {})",
                b.responder_id,
                cert.subject,
                hex(&cert::digest::sha1(cert.spki.public_key.bytes))
            ),
        ),
        Some(SignerInfo {
            source: SignerSource::IssuerUnmatched,
            ..
        }) => out.emit(
            "tbsResponseData.responderID",
            format!(
                "responderID ({}) identifies neither the issuer certificate nor any certificate in certs",
                b.responder_id
            ),
        ),
        _ => {}
    }
}

// ---------------------------------------------------------------- times

fn time_undecodable(ctx: &OcspCtx<'_>, out: &mut OcspOut<'_>) {
    for (loc, tf) in times(ctx) {
        if let Err(why) = tf.time {
            out.emit(
                loc.clone(),
                format!("{loc} \"{}\" does not decode: {why}", show_time(tf)),
            );
        }
    }
}

fn time_not_generalized(ctx: &OcspCtx<'_>, out: &mut OcspOut<'_>) {
    for (loc, tf) in times(ctx) {
        if tf.tlv.tag != cert::der::tag::GENERALIZED_TIME {
            out.emit(
                loc.clone(),
                format!(
                    "{loc} is a UTCTime \"{}\"; RFC 6960 requires GeneralizedTime",
                    show_time(tf)
                ),
            );
        }
    }
}

fn generalized_format(ctx: &OcspCtx<'_>, out: &mut OcspOut<'_>) {
    for (loc, tf) in times(ctx) {
        if let Ok(Time {
            encoding: TimeEncoding::GeneralizedTime,
            format_problem: Some(p),
            ..
        }) = tf.time
        {
            out.emit(
                loc.clone(),
                format!(
                    "{loc} GeneralizedTime \"{}\" is not YYYYMMDDHHMMSSZ: {p}",
                    show_time(tf)
                ),
            );
        }
    }
}

fn next_update_missing(ctx: &OcspCtx<'_>, out: &mut OcspOut<'_>) {
    for s in ctx.singles() {
        if s.next_update.is_none() {
            out.emit(
                format!("{}.nextUpdate", single_loc(s)),
                format!("nextUpdate is absent for serial {}", s.cert_id.serial_hex()),
            );
        }
    }
}

fn next_before_this(ctx: &OcspCtx<'_>, out: &mut OcspOut<'_>) {
    for s in ctx.singles() {
        if let (Some(this), Some(next)) =
            (s.this_update.unix(), s.next_update.and_then(|n| n.unix()))
            && next < this
        {
            out.emit(
                format!("{}.nextUpdate", single_loc(s)),
                format!(
                    "nextUpdate {} is before thisUpdate {}",
                    fmt_time(next),
                    fmt_time(this)
                ),
            );
        }
    }
}

fn this_after_produced(ctx: &OcspCtx<'_>, out: &mut OcspOut<'_>) {
    let Some(produced) = ctx.basic.and_then(|b| b.produced_at.unix()) else {
        return;
    };
    for s in ctx.singles() {
        if let Some(this) = s.this_update.unix()
            && this > produced
        {
            out.emit(
                format!("{}.thisUpdate", single_loc(s)),
                format!(
                    "thisUpdate {} is after producedAt {}",
                    fmt_time(this),
                    fmt_time(produced)
                ),
            );
        }
    }
}

fn revocation_after_this(ctx: &OcspCtx<'_>, out: &mut OcspOut<'_>) {
    for s in ctx.singles() {
        if let (CertStatus::Revoked { time, .. }, Some(this)) = (&s.status, s.this_update.unix())
            && let Some(rev) = time.unix()
            && rev > this
        {
            out.emit(
                format!("{}.certStatus.revoked.revocationTime", single_loc(s)),
                format!(
                    "revocationTime {} is after thisUpdate {}",
                    fmt_time(rev),
                    fmt_time(this)
                ),
            );
        }
    }
}

fn produced_in_future(ctx: &OcspCtx<'_>, out: &mut OcspOut<'_>) {
    if let (Some(now), Some(p)) = (ctx.now, ctx.basic.and_then(|b| b.produced_at.unix()))
        && p > now
    {
        out.emit(
            "tbsResponseData.producedAt",
            format!(
                "producedAt {} is after the current time {}",
                fmt_time(p),
                fmt_time(now)
            ),
        );
    }
}

fn this_update_in_future(ctx: &OcspCtx<'_>, out: &mut OcspOut<'_>) {
    let Some(now) = ctx.now else { return };
    for s in ctx.singles() {
        if let Some(t) = s.this_update.unix()
            && t > now
        {
            out.emit(
                format!("{}.thisUpdate", single_loc(s)),
                format!(
                    "thisUpdate {} is after the current time {}",
                    fmt_time(t),
                    fmt_time(now)
                ),
            );
        }
    }
}

fn expired(ctx: &OcspCtx<'_>, out: &mut OcspOut<'_>) {
    let Some(now) = ctx.now else { return };
    for s in ctx.singles() {
        if let Some(n) = s.next_update.and_then(|n| n.unix())
            && n < now
        {
            out.emit(
                format!("{}.nextUpdate", single_loc(s)),
                format!(
                    "nextUpdate {} has passed (current time {}): the response is stale",
                    fmt_time(n),
                    fmt_time(now)
                ),
            );
        }
    }
}

/// The validity interval, inclusive as TLS BR 4.9.9 and S/MIME BR 4.9.10 define it.
fn interval(s: &SingleResponse<'_>) -> Option<i64> {
    Some(s.next_update?.unix()? - s.this_update.unix()? + 1)
}

fn describe_interval(secs: i64) -> String {
    if secs % 3600 == 0 {
        format!("{} hours", secs / 3600)
    } else {
        format!("{secs} seconds ({:.2} hours)", secs as f64 / 3600.0)
    }
}

fn interval_too_short(ctx: &OcspCtx<'_>, out: &mut OcspOut<'_>) {
    for s in ctx.singles() {
        if let Some(i) = interval(s)
            && i < 8 * 3600
        {
            out.emit(
                format!("{}.nextUpdate", single_loc(s)),
                format!(
                    "validity interval (thisUpdate to nextUpdate, inclusive) is {}; at least 8 hours are required",
                    describe_interval(i)
                ),
            );
        }
    }
}

fn interval_too_long(ctx: &OcspCtx<'_>, out: &mut OcspOut<'_>) {
    for s in ctx.singles() {
        if let Some(i) = interval(s)
            && i > 10 * 86_400
        {
            out.emit(
                format!("{}.nextUpdate", single_loc(s)),
                format!(
                    "validity interval (thisUpdate to nextUpdate, inclusive) is {} ({:.2} days); at most 10 days are allowed",
                    describe_interval(i),
                    i as f64 / 86_400.0
                ),
            );
        }
    }
}

fn next_update_after_not_after(ctx: &OcspCtx<'_>, out: &mut OcspOut<'_>) {
    let Some(b) = ctx.basic else { return };
    // MRSP 6: the certs field's certificates, or when it is omitted the issuing CA.
    let bounds: Vec<(String, i64)> = if b.certs.is_some() {
        ctx.certs
            .iter()
            .enumerate()
            .filter_map(|(i, c)| {
                let c = c.as_ref().ok()?;
                Some((
                    format!("certs[{i}] (\"{}\")", c.subject),
                    c.not_after.unix()?,
                ))
            })
            .collect()
    } else {
        ctx.issuer
            .and_then(|c| Some(("the issuing CA".to_string(), c.not_after.unix()?)))
            .into_iter()
            .collect()
    };
    for s in &b.responses {
        let Some(next) = s.next_update.and_then(|n| n.unix()) else {
            continue;
        };
        for (what, na) in &bounds {
            if next > *na {
                out.emit(
                    format!("{}.nextUpdate", single_loc(s)),
                    format!(
                        "nextUpdate {} is after the notAfter {} of {what}",
                        fmt_time(next),
                        fmt_time(*na)
                    ),
                );
            }
        }
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

/// When a response about a Subscriber Certificate must have been replaced
/// (TLS BR 4.9.9, S/MIME BR 4.9.10): before half its validity interval
/// remains when that is under sixteen hours; otherwise eight hours before
/// nextUpdate and within four days of thisUpdate, whichever comes first.
fn subscriber_refresh_deadline(s: &SingleResponse<'_>) -> Option<(i64, &'static str)> {
    let this = s.this_update.unix()?;
    let next = s.next_update?.unix()?;
    let interval = next - this + 1;
    if interval < 16 * 3600 {
        Some((
            next - interval / 2,
            "half the validity interval before nextUpdate (interval under sixteen hours)",
        ))
    } else if next - 8 * 3600 < this + 4 * 86_400 {
        Some((next - 8 * 3600, "eight hours before nextUpdate"))
    } else {
        Some((this + 4 * 86_400, "four days after thisUpdate"))
    }
}

fn not_refreshed_subscriber(ctx: &OcspCtx<'_>, out: &mut OcspOut<'_>) {
    let Some(now) = ctx.now else { return };
    for s in ctx.singles() {
        if let Some((deadline, rule)) = subscriber_refresh_deadline(s)
            && now > deadline
            // A response past nextUpdate is reported as expired instead.
            && s.next_update.and_then(|n| n.unix()).is_some_and(|n| now <= n)
        {
            out.emit(
                format!("{}.thisUpdate", single_loc(s)),
                format!(
                    "at {} this response (thisUpdate {}) should already have been replaced: the deadline was {} ({rule})",
                    fmt_time(now),
                    s.this_update.unix().map(fmt_time).unwrap_or_default(),
                    fmt_time(deadline)
                ),
            );
        }
    }
}

fn not_refreshed_ca(ctx: &OcspCtx<'_>, out: &mut OcspOut<'_>) {
    let Some(now) = ctx.now else { return };
    for s in ctx.singles() {
        if let Some(this) = s.this_update.unix()
            && now > add_months(this, 12)
        {
            out.emit(
                format!("{}.thisUpdate", single_loc(s)),
                format!(
                    "thisUpdate {} is more than twelve months before the current time {}",
                    fmt_time(this),
                    fmt_time(now)
                ),
            );
        }
    }
}

// ---------------------------------------------------------------- signature

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
/// RSASSA-PKCS1-v1_5 with SHA-1.
const SHA1_RSA: &str = "300d06092a864886f70d0101050500";
/// id-Ed25519 and id-Ed448 (S/MIME BR 7.1.3.2.3).
const EDDSA: [&str; 2] = ["300506032b6570", "300506032b6571"];
/// 2022-06-01T00:00:00Z: TLS BR 7.1.3.2.1 allows SHA-1 RSA for responses produced before it.
const TLS_SHA1_OCSP_UNTIL: i64 = 1_654_041_600;
/// 2023-07-01T00:00:00Z: MRSP 5.1.3 forbids SHA-1 over OCSP responses from then on.
const MRSP_SHA1_FROM: i64 = 1_688_169_600;

fn produced_at(ctx: &OcspCtx<'_>) -> Option<i64> {
    ctx.basic.and_then(|b| b.produced_at.unix())
}

fn tls_sig_alg(ctx: &OcspCtx<'_>, out: &mut OcspOut<'_>) {
    let Some(b) = ctx.basic else { return };
    let h = hex_lower(b.signature_algorithm.raw);
    if TLS_SIG_ALGS.contains(&h.as_str()) {
        return;
    }
    if h == SHA1_RSA && produced_at(ctx).is_some_and(|p| p < TLS_SHA1_OCSP_UNTIL) {
        return;
    }
    let why = if h == SHA1_RSA {
        " (SHA-1 RSA only for responses produced before 2022-06-01)"
    } else {
        ""
    };
    out.emit(
        "signatureAlgorithm",
        format!("AlgorithmIdentifier {h} is not one of the encodings TLS BR 7.1.3.2 permits{why}"),
    );
}

fn smime_sig_alg(ctx: &OcspCtx<'_>, out: &mut OcspOut<'_>) {
    let Some(b) = ctx.basic else { return };
    let h = hex_lower(b.signature_algorithm.raw);
    if !TLS_SIG_ALGS.contains(&h.as_str()) && !EDDSA.contains(&h.as_str()) {
        out.emit(
            "signatureAlgorithm",
            format!(
                "AlgorithmIdentifier {h} is not one of the encodings S/MIME BR 7.1.3.2 permits"
            ),
        );
    }
}

fn sig_alg_for_key(ctx: &OcspCtx<'_>, out: &mut OcspOut<'_>) {
    let (Some(b), Some(s)) = (ctx.basic, ctx.signer) else {
        return;
    };
    let key = s.cert.spki.key();
    let want = match key {
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
    let h = hex_lower(b.signature_algorithm.raw);
    if h != want {
        out.emit(
            "signatureAlgorithm",
            format!(
                "the signer's {} key requires AlgorithmIdentifier {want}, not {h}",
                key.describe()
            ),
        );
    }
}

/// Whether an AlgorithmIdentifier hashes with SHA-1 (PKCS#1 v1.5, ECDSA, DSA, or PSS with SHA-1).
fn uses_sha1(alg: &cert::AlgorithmIdentifier<'_>) -> bool {
    const DSA_SHA1: &[u8] = &[0x2a, 0x86, 0x48, 0xce, 0x38, 0x04, 0x03];
    match alg.oid {
        oids::SHA1_WITH_RSA | oids::ECDSA_WITH_SHA1 => true,
        o if o.as_bytes() == DSA_SHA1 => true,
        oids::RSASSA_PSS => {
            // Absent hashAlgorithm means the SHA-1 default (RFC 4055 3.1).
            match alg.params {
                None => true,
                Some(p) => {
                    let sha1 = cert::encode::oid_of(oids::SHA1);
                    p.value.windows(sha1.len()).any(|w| w == sha1.as_slice())
                        || !p.value.starts_with(&[0xa0])
                }
            }
        }
        _ => false,
    }
}

fn sha1_signature(ctx: &OcspCtx<'_>, out: &mut OcspOut<'_>) {
    let Some(b) = ctx.basic else { return };
    if uses_sha1(&b.signature_algorithm) && produced_at(ctx).is_some_and(|p| p >= MRSP_SHA1_FROM) {
        out.emit(
            "signatureAlgorithm",
            format!(
                "the response is signed with a SHA-1 algorithm ({}) and was produced at {}, on or after 2023-07-01",
                b.signature_algorithm.oid,
                produced_at(ctx).map(fmt_time).unwrap_or_default()
            ),
        );
    }
}

fn signature_invalid(ctx: &OcspCtx<'_>, out: &mut OcspOut<'_>) {
    let (Some(b), Some(s)) = (ctx.basic, ctx.signer) else {
        return;
    };
    if let Err(e) = b.verify(&s.cert.spki) {
        let whose = match s.source {
            SignerSource::Supplied => "the responder certificate".to_string(),
            SignerSource::Embedded(i) => format!("certs[{i}]"),
            SignerSource::Issuer | SignerSource::IssuerUnmatched => {
                "the issuer certificate".to_string()
            }
        };
        out.emit(
            "signature",
            format!(
                "the signature does not verify with the key of {whose} (\"{}\"): {e}",
                s.cert.subject
            ),
        );
    }
}

fn signer_lacks_digital_signature(ctx: &OcspCtx<'_>, out: &mut OcspOut<'_>) {
    if let Some(s) = ctx.signer
        && let Some(ku) = s.cert.key_usage()
        && !ku.has(KeyUsageBit::DigitalSignature)
    {
        out.emit(
            "signer.extensions.keyUsage",
            format!(
                "the signing certificate \"{}\" has keyUsage without digitalSignature, so its key may not sign OCSP responses",
                s.cert.subject
            ),
        );
    }
}

fn signer_not_valid_at_produced_at(ctx: &OcspCtx<'_>, out: &mut OcspOut<'_>) {
    let (Some(s), Some(p)) = (ctx.signer, produced_at(ctx)) else {
        return;
    };
    let (Some(nb), Some(na)) = (s.cert.not_before.unix(), s.cert.not_after.unix()) else {
        return;
    };
    if p < nb || p > na {
        out.emit(
            "tbsResponseData.producedAt",
            format!(
                "producedAt {} is outside the signing certificate's validity {} to {}",
                fmt_time(p),
                fmt_time(nb),
                fmt_time(na)
            ),
        );
    }
}

// ---------------------------------------------------------------- delegated responder

fn delegated<'c>(ctx: &OcspCtx<'c>) -> Option<&'c Certificate<'c>> {
    ctx.signer.filter(|s| s.delegated).map(|s| s.cert)
}

fn responder_not_issued_by_issuer(ctx: &OcspCtx<'_>, out: &mut OcspOut<'_>) {
    let (Some(r), Some(issuer)) = (delegated(ctx), ctx.issuer) else {
        return;
    };
    if r.issuer.raw != issuer.subject.raw {
        out.emit(
            "signer.issuer",
            format!(
                "the delegated responder certificate's issuer \"{}\" is not the issuing CA \"{}\"",
                r.issuer, issuer.subject
            ),
        );
    } else if let Err(e) = cert::verify::verify_certificate(r, &issuer.spki) {
        out.emit(
            "signer.signature",
            format!(
                "the delegated responder certificate is not signed by the issuing CA's key: {e}"
            ),
        );
    }
}

fn responder_lacks_eku(ctx: &OcspCtx<'_>, out: &mut OcspOut<'_>) {
    if let Some(r) = delegated(ctx)
        && !r
            .ext_key_usage()
            .is_some_and(|e| e.contains(&oids::KP_OCSP_SIGNING))
    {
        out.emit(
            "signer.extensions.extKeyUsage",
            format!(
                "the delegated responder certificate \"{}\" does not assert id-kp-OCSPSigning",
                r.subject
            ),
        );
    }
}

fn responder_lacks_nocheck(ctx: &OcspCtx<'_>, out: &mut OcspOut<'_>) {
    if let Some(r) = delegated(ctx)
        && r.extension(oids::OCSP_NO_CHECK).is_none()
    {
        out.emit(
            "signer.extensions.ocspNoCheck",
            format!(
                "the delegated responder certificate \"{}\" lacks id-pkix-ocsp-nocheck",
                r.subject
            ),
        );
    }
}

fn responder_not_included(ctx: &OcspCtx<'_>, out: &mut OcspOut<'_>) {
    let Some(b) = ctx.basic else { return };
    if let Some(s) = ctx.signer
        && s.delegated
        && s.source == SignerSource::Supplied
        && !b.certs().contains(&s.cert.der)
    {
        out.emit(
            "certs",
            format!(
                "the response is signed by a delegated responder (\"{}\") whose certificate is not in certs",
                s.cert.subject
            ),
        );
    }
}

// ---------------------------------------------------------------- CertID

fn cert_id_hash(ctx: &OcspCtx<'_>, out: &mut OcspOut<'_>) {
    for s in ctx.singles() {
        let alg = s.cert_id.hash_algorithm.oid;
        if alg != oids::SHA1 && alg != oids::SHA256 {
            out.emit(
                format!("{}.certID.hashAlgorithm", single_loc(s)),
                format!("CertID hashAlgorithm is {alg}, not SHA-1 or SHA-256"),
            );
        }
    }
}

fn cert_id_hash_length(ctx: &OcspCtx<'_>, out: &mut OcspOut<'_>) {
    for s in ctx.singles() {
        let want = match s.cert_id.hash_algorithm.oid {
            oids::SHA1 => 20,
            oids::SHA256 => 32,
            oids::SHA384 => 48,
            oids::SHA512 => 64,
            _ => continue,
        };
        for (field, v) in [
            ("issuerNameHash", s.cert_id.issuer_name_hash),
            ("issuerKeyHash", s.cert_id.issuer_key_hash),
        ] {
            if v.len() != want {
                out.emit(
                    format!("{}.certID.{field}", single_loc(s)),
                    format!("{field} is {} octets long; the hash is {want}", v.len()),
                );
            }
        }
    }
}

fn cert_id_issuer_mismatch(ctx: &OcspCtx<'_>, out: &mut OcspOut<'_>) {
    let Some(issuer) = ctx.issuer else { return };
    for s in ctx.singles() {
        if let CertIdMatch::Mismatch { name, key } = s.cert_id.match_issuer(issuer) {
            let what = match (name, key) {
                (true, true) => "issuerNameHash and issuerKeyHash do",
                (true, false) => "issuerNameHash does",
                _ => "issuerKeyHash does",
            };
            out.emit(
                format!("{}.certID", single_loc(s)),
                format!(
                    "{what} not match the issuer certificate \"{}\" (serial {})",
                    issuer.subject,
                    s.cert_id.serial_hex()
                ),
            );
        }
    }
}

fn cert_id_duplicate(ctx: &OcspCtx<'_>, out: &mut OcspOut<'_>) {
    let singles = ctx.singles();
    for (i, s) in singles.iter().enumerate() {
        if let Some(first) = singles[..i].iter().find(|p| p.cert_id.raw == s.cert_id.raw) {
            out.emit(
                format!("{}.certID", single_loc(s)),
                format!(
                    "CertID for serial {} repeats responses[{}]",
                    s.cert_id.serial_hex(),
                    first.index
                ),
            );
        }
    }
}

fn serial_out_of_range(ctx: &OcspCtx<'_>, out: &mut OcspOut<'_>) {
    for s in ctx.singles() {
        let v = s.cert_id.serial;
        let negative = v.first().is_some_and(|b| b & 0x80 != 0);
        let zero = v.iter().all(|&b| b == 0);
        if negative || zero || v.len() > 20 {
            out.emit(
                format!("{}.certID.serialNumber", single_loc(s)),
                format!(
                    "serial number {} is {}",
                    hex(v),
                    if negative {
                        "negative".to_string()
                    } else if zero {
                        "zero".to_string()
                    } else {
                        format!("{} octets long", v.len())
                    }
                ),
            );
        }
    }
}

// ---------------------------------------------------------------- status and reasons

fn revoked<'c>(
    ctx: &OcspCtx<'c>,
) -> impl Iterator<Item = (&'c SingleResponse<'c>, Option<Reason>)> {
    ctx.singles().iter().filter_map(|s| match &s.status {
        CertStatus::Revoked { reason, .. } => Some((s, *reason)),
        _ => None,
    })
}

fn reason_loc(s: &SingleResponse<'_>) -> String {
    format!("{}.certStatus.revoked.revocationReason", single_loc(s))
}

fn reason_undefined(ctx: &OcspCtx<'_>, out: &mut OcspOut<'_>) {
    for (s, r) in revoked(ctx) {
        if let Some(Reason::Other(v)) = r {
            out.emit(
                reason_loc(s),
                format!("revocationReason has value {v}, which CRLReason does not define"),
            );
        }
    }
}

fn tls_reason_prohibited(ctx: &OcspCtx<'_>, out: &mut OcspOut<'_>) {
    for (s, r) in revoked(ctx) {
        let Some(r) = r else { continue };
        if !matches!(
            r,
            Reason::KeyCompromise
                | Reason::AffiliationChanged
                | Reason::Superseded
                | Reason::CessationOfOperation
                | Reason::PrivilegeWithdrawn
        ) {
            out.emit(
                reason_loc(s),
                format!(
                    "revocationReason {} is not a CRLReason TLS BR 7.2.2 permits",
                    r.describe()
                ),
            );
        }
    }
}

fn smime_reason_prohibited(ctx: &OcspCtx<'_>, out: &mut OcspOut<'_>) {
    for (s, r) in revoked(ctx) {
        let bad = match r {
            Some(Reason::Unspecified) => "unspecified (0) is expressed by omitting the reason",
            Some(Reason::CertificateHold) if ctx.kind.is_ca() => {
                "certificateHold (6) must not be used for CA certificates"
            }
            _ => continue,
        };
        out.emit(
            reason_loc(s),
            format!("revocationReason is not permitted for CRLs by S/MIME BR 7.2.2: {bad}"),
        );
    }
}

fn reason_missing_for_ca(ctx: &OcspCtx<'_>, out: &mut OcspOut<'_>) {
    for (s, r) in revoked(ctx) {
        if r.is_none() {
            out.emit(
                reason_loc(s),
                format!(
                    "serial {} of a CA certificate is revoked without a revocationReason",
                    s.cert_id.serial_hex()
                ),
            );
        }
    }
}

fn single_reason_code(ctx: &OcspCtx<'_>, out: &mut OcspOut<'_>) {
    for s in ctx.singles() {
        if s.extension(ccrl::REASON_CODE).is_some() {
            out.emit(
                format!("{}.singleExtensions.reasonCode", single_loc(s)),
                "singleExtensions contains the reasonCode CRL entry extension",
            );
        }
    }
}

// ---------------------------------------------------------------- extensions

fn extensions_empty(ctx: &OcspCtx<'_>, out: &mut OcspOut<'_>) {
    for (loc, exts, _) in all_extensions(ctx) {
        if exts.is_empty() {
            out.emit(
                loc.clone(),
                format!("{loc} is an empty SEQUENCE (Extensions is SIZE (1..MAX))"),
            );
        }
    }
}

fn extension_duplicate(ctx: &OcspCtx<'_>, out: &mut OcspOut<'_>) {
    for (loc, exts, _) in all_extensions(ctx) {
        for (i, e) in exts.iter().enumerate() {
            if exts[..i].iter().any(|p| p.oid == e.oid)
                && !exts[i + 1..].iter().any(|n| n.oid == e.oid)
            {
                out.emit(
                    format!("{loc}.{}", ocsp::ext_name(e.oid)),
                    format!("{} appears more than once", ocsp::ext_name(e.oid)),
                );
            }
        }
    }
}

fn nonce_invalid(ctx: &OcspCtx<'_>, out: &mut OcspOut<'_>) {
    for (loc, exts, _) in all_extensions(ctx) {
        for e in exts.iter().filter(|e| e.oid == ocsp::NONCE) {
            let why = match ocsp::nonce(e) {
                Ok(_) => continue,
                Err(NonceError::NotOctetString) => {
                    "extnValue does not hold a single OCTET STRING".to_string()
                }
                Err(NonceError::Length(n)) => format!("the nonce is {n} octets long, not 1 to 32"),
            };
            out.emit(format!("{loc}.nonce"), format!("nonce: {why}"));
        }
    }
}

/// Extensions RFC 6960 4.4 (and RFC 6962 3.3, RFC 5280 5.3) define for responses.
fn known_response_ext(oid: cert::Oid<'_>, single: bool) -> bool {
    if single {
        matches!(
            oid,
            ocsp::CRL_ID
                | ocsp::ARCHIVE_CUTOFF
                | ccrl::REASON_CODE
                | ccrl::INVALIDITY_DATE
                | ccrl::CERTIFICATE_ISSUER
                | oids::CT_SCT_LIST
        )
    } else {
        matches!(oid, ocsp::NONCE | ocsp::EXTENDED_REVOKE)
    }
}

fn extension_critical(ctx: &OcspCtx<'_>, out: &mut OcspOut<'_>) {
    for (loc, exts, single) in all_extensions(ctx) {
        for e in exts
            .iter()
            .filter(|e| e.critical && known_response_ext(e.oid, single))
        {
            out.emit(
                format!("{loc}.{}", ocsp::ext_name(e.oid)),
                format!("{} is marked critical", ocsp::ext_name(e.oid)),
            );
        }
    }
}

fn unknown_critical(ctx: &OcspCtx<'_>, out: &mut OcspOut<'_>) {
    for (loc, exts, single) in all_extensions(ctx) {
        for e in exts
            .iter()
            .filter(|e| e.critical && !known_response_ext(e.oid, single))
        {
            out.emit(
                format!("{loc}.{}", ocsp::ext_name(e.oid)),
                format!(
                    "critical extension {} ({}) is not one RFC 6960 defines for {}; clients must reject the response",
                    ocsp::ext_name(e.oid),
                    e.oid,
                    if single { "singleExtensions" } else { "responseExtensions" }
                ),
            );
        }
    }
}

// ---------------------------------------------------------------- the table

/// Every OCSP rule.
pub static OCSP_RULES: &[OcspRule] = &[
    OcspRule {
        code: UNDECODABLE,
        severity: Severity::Fatal,
        citation: "RFC 6960 4.2.1",
        summary: "The input must decode as an OCSPResponse (and its BasicOCSPResponse).",
        pkilint: Some("itu.invalid_asn1_syntax"),
        ..OcspRule::NEW
    },
    OcspRule {
        code: "ocsp.der.not_der",
        citation: "RFC 6960 4.2.1",
        summary: "The response must be DER: minimal lengths and INTEGERs, canonical BOOLEANs, no encoded DEFAULT values (version v1, critical FALSE).",
        check: not_der,
        ..OcspRule::NEW
    },
    OcspRule {
        code: "ocsp.der.trailing_data",
        citation: "RFC 6960 4.2.1",
        summary: "No bytes may follow the OCSPResponse.",
        check: trailing,
        ..OcspRule::NEW
    },
    OcspRule {
        code: "rfc6960.ocsp.status_undefined",
        citation: "RFC 6960 4.2.1",
        summary: "responseStatus must be an OCSPResponseStatus value (0-3, 5, 6; 4 is not used).",
        pkilint: Some("pkix.ocsp_response_status_code_4"),
        check: status_undefined,
        ..OcspRule::NEW
    },
    OcspRule {
        code: "rfc6960.ocsp.error_status_with_response_bytes",
        citation: "RFC 6960 4.2.1",
        summary: "When responseStatus is an error, responseBytes is not set.",
        pkilint: Some("pkix.ocsp_error_response_has_response_body"),
        check: error_with_bytes,
        ..OcspRule::NEW
    },
    OcspRule {
        code: "rfc6960.ocsp.response_bytes_missing",
        citation: "RFC 6960 4.2.1",
        summary: "A successful response must carry responseBytes.",
        check: successful_without_bytes,
        ..OcspRule::NEW
    },
    OcspRule {
        code: "ocsp.not_successful",
        severity: Severity::Notice,
        citation: "RFC 6960 4.2.1",
        summary: "The response is an unsigned error response (responseStatus not successful); only its envelope was checked.",
        check: not_successful,
        ..OcspRule::NEW
    },
    OcspRule {
        code: "rfc6960.ocsp.response_type_not_basic",
        citation: "RFC 6960 4.2.1",
        summary: "responseType must be id-pkix-ocsp-basic (RFC 5019 2.2.1: responders MUST generate a BasicOCSPResponse).",
        pkilint: Some("pkix.ocsp_response_is_not_basic"),
        check: not_basic,
        ..OcspRule::NEW
    },
    OcspRule {
        code: "rfc6960.ocsp.version_not_v1",
        citation: "RFC 6960 4.2.1",
        summary: "ResponseData.version must be v1 (0), the only version defined.",
        check: version_not_v1,
        ..OcspRule::NEW
    },
    OcspRule {
        code: "rfc6960.ocsp.responses_empty",
        citation: "RFC 6960 4.2.2.3",
        summary: "responses must contain a SingleResponse for each certificate asked about; an empty list answers nothing.",
        check: responses_empty,
        ..OcspRule::NEW
    },
    OcspRule {
        code: "rfc6960.ocsp.certs_empty",
        severity: Severity::Warning,
        citation: "RFC 6960 4.2.1",
        summary: "certs should be omitted rather than an empty SEQUENCE.",
        pkilint: Some("pkix.ocsp_certs_sequence_is_empty"),
        check: certs_empty,
        ..OcspRule::NEW
    },
    OcspRule {
        code: "rfc6960.ocsp.cert_undecodable",
        citation: "RFC 6960 4.2.1",
        summary: "Every certificate in certs must decode as an X.509 certificate.",
        check: cert_undecodable,
        ..OcspRule::NEW
    },
    OcspRule {
        code: "rfc6960.ocsp.responder_key_hash_not_sha1",
        citation: "RFC 6960 4.2.1",
        summary: "responderID byKey is the SHA-1 hash of the responder's public key: 20 octets.",
        pkilint: Some("pkix.ocsp_responderid_keyhash_is_not_sha1"),
        check: key_hash_not_sha1,
        ..OcspRule::NEW
    },
    OcspRule {
        code: "rfc6960.ocsp.responder_id_mismatch",
        citation: "RFC 6960 4.2.2.3",
        summary: "responderID must identify the signer: byName its subject byte for byte, byKey the SHA-1 of its subjectPublicKey (checked against the supplied responder, or the issuer and certs).",
        check: responder_id_mismatch,
        ..OcspRule::NEW
    },
    OcspRule {
        code: "rfc6960.ocsp.time_undecodable",
        citation: "RFC 6960 4.2.1",
        summary: "producedAt, thisUpdate, nextUpdate and revocationTime must be valid GeneralizedTime values.",
        pkilint: Some("pkix.invalid_time_syntax"),
        check: time_undecodable,
        ..OcspRule::NEW
    },
    OcspRule {
        code: "rfc6960.ocsp.time_not_generalized",
        citation: "RFC 6960 4.2.1",
        summary: "producedAt, thisUpdate, nextUpdate and revocationTime are GeneralizedTime, never UTCTime.",
        check: time_not_generalized,
        ..OcspRule::NEW
    },
    OcspRule {
        code: "rfc6960.ocsp.generalized_time_format",
        citation: "RFC 5280 4.1.2.5.2",
        summary: "GeneralizedTime values must be YYYYMMDDHHMMSSZ: UTC with Z, seconds present, no fractional seconds (the profile RFC 6960 responses follow; RFC 5019 2.2.4).",
        pkilint: Some("pkix.generalizedtime_incorect_syntax"),
        check: generalized_format,
        ..OcspRule::NEW
    },
    OcspRule {
        code: "rfc5019.ocsp.next_update_missing",
        severity: Severity::Warning,
        citation: "RFC 5019 2.2.4",
        summary: "Responders must always include nextUpdate to aid caching (Baseline Requirements kinds: mozilla.ocsp.next_update_missing).",
        applies: scope::rfc_only,
        check: next_update_missing,
        ..OcspRule::NEW
    },
    OcspRule {
        code: "mozilla.ocsp.next_update_missing",
        citation: "MRSP 6",
        summary: "Responses must have a defined nextUpdate (also RFC 5019 2.2.4; the BR validity interval needs it).",
        applies: scope::br,
        pkilint: Some("pkix.validity_period_end_value_missing"),
        check: next_update_missing,
        ..OcspRule::NEW
    },
    OcspRule {
        code: "rfc6960.ocsp.next_update_before_this_update",
        citation: "RFC 6960 4.2.2.1",
        summary: "nextUpdate must not be before thisUpdate.",
        pkilint: Some("pkix.ocsp_negative_validity_period"),
        check: next_before_this,
        ..OcspRule::NEW
    },
    OcspRule {
        code: "rfc6960.ocsp.this_update_after_produced_at",
        citation: "RFC 6960 2.4",
        summary: "thisUpdate (when the status was known correct) must not be after producedAt (when the response was signed).",
        zlint: Some("e_this_update_not_after_produced_at"),
        check: this_after_produced,
        ..OcspRule::NEW
    },
    OcspRule {
        code: "rfc6960.ocsp.revocation_time_after_this_update",
        severity: Severity::Warning,
        citation: "RFC 6960 2.2",
        summary: "revocationTime, when the revocation occurred, should not be after thisUpdate.",
        check: revocation_after_this,
        ..OcspRule::NEW
    },
    OcspRule {
        code: "rfc6960.ocsp.produced_at_in_future",
        citation: "RFC 6960 2.4",
        summary: "With a current time: producedAt must not be in the future.",
        check: produced_in_future,
        ..OcspRule::NEW
    },
    OcspRule {
        code: "rfc6960.ocsp.this_update_in_future",
        citation: "RFC 6960 3.2",
        summary: "With a current time: thisUpdate must not be in the future (clients reject such responses).",
        check: this_update_in_future,
        ..OcspRule::NEW
    },
    OcspRule {
        code: "rfc6960.ocsp.expired",
        citation: "RFC 6960 3.2",
        summary: "With a current time: nextUpdate, when present, must be later than it (clients reject stale responses).",
        check: expired,
        ..OcspRule::NEW
    },
    OcspRule {
        code: "tls.ocsp_response.validity_interval_too_short",
        citation: "TLS BR 4.9.9",
        summary: "Responses about Subscriber Certificates: validity interval (nextUpdate - thisUpdate, inclusive) at least eight hours.",
        applies: scope::tls_subscriber,
        check: interval_too_short,
        ..OcspRule::NEW
    },
    OcspRule {
        code: "tls.ocsp_response.validity_interval_too_long",
        citation: "TLS BR 4.9.9",
        summary: "Responses about Subscriber Certificates: validity interval (inclusive) at most ten days (also MRSP 6).",
        applies: scope::tls_subscriber,
        check: interval_too_long,
        ..OcspRule::NEW
    },
    OcspRule {
        code: "smime.ocsp_response.validity_interval_too_short",
        citation: "SMIME BR 4.9.10",
        summary: "Responses about Subscriber Certificates: validity interval (inclusive) at least eight hours.",
        applies: scope::smime_subscriber,
        check: interval_too_short,
        ..OcspRule::NEW
    },
    OcspRule {
        code: "smime.ocsp_response.validity_interval_too_long",
        citation: "SMIME BR 4.9.10",
        summary: "Responses about Subscriber Certificates: validity interval (inclusive) at most ten days (also MRSP 6).",
        applies: scope::smime_subscriber,
        check: interval_too_long,
        ..OcspRule::NEW
    },
    OcspRule {
        code: "mozilla.ocsp.next_update_after_not_after",
        citation: "MRSP 6",
        summary: "End-entity responses: nextUpdate at or before the notAfter of every certificate in certs or, when certs is omitted, of the issuing CA certificate.",
        applies: scope::br_subscriber,
        check: next_update_after_not_after,
        ..OcspRule::NEW
    },
    OcspRule {
        code: "tls.ocsp_response.not_refreshed",
        citation: "TLS BR 4.9.9",
        summary: "With a current time, responses about Subscriber Certificates: replaced before half the interval remains (interval under 16 hours), else at least 8 hours before nextUpdate and within 4 days of thisUpdate.",
        applies: scope::tls_subscriber,
        check: not_refreshed_subscriber,
        ..OcspRule::NEW
    },
    OcspRule {
        code: "smime.ocsp_response.not_refreshed",
        citation: "SMIME BR 4.9.10",
        summary: "With a current time, responses about Subscriber Certificates: replaced before half the interval remains (interval under 16 hours), else at least 8 hours before nextUpdate and within 4 days of thisUpdate.",
        applies: scope::smime_subscriber,
        check: not_refreshed_subscriber,
        ..OcspRule::NEW
    },
    OcspRule {
        code: "tls.ocsp_response.ca_not_refreshed",
        citation: "TLS BR 4.9.9",
        summary: "With a current time, responses about Subordinate CA Certificates: updated at least every twelve months.",
        applies: scope::tls_ca,
        check: not_refreshed_ca,
        ..OcspRule::NEW
    },
    OcspRule {
        code: "smime.ocsp_response.ca_not_refreshed",
        citation: "SMIME BR 4.9.10",
        summary: "With a current time, responses about Subordinate CA Certificates: updated at least every twelve months.",
        applies: scope::smime_ca,
        check: not_refreshed_ca,
        ..OcspRule::NEW
    },
    OcspRule {
        code: "tls.ocsp_response.signature_algorithm_not_permitted",
        citation: "TLS BR 7.1.3.2",
        summary: "BasicOCSPResponse.signatureAlgorithm is byte-for-byte one of the listed RSA or ECDSA encodings; SHA-1 RSA only when producedAt is before 2022-06-01 (7.1.3.2.1).",
        applies: scope::tls,
        check: tls_sig_alg,
        ..OcspRule::NEW
    },
    OcspRule {
        code: "tls.ocsp_response.signature_algorithm_key_mismatch",
        citation: "TLS BR 7.1.3.2.2",
        summary: "With a known signer: an ECDSA signature uses the hash its curve requires (P-256/SHA-256, P-384/SHA-384, P-521/SHA-512).",
        applies: scope::tls,
        check: sig_alg_for_key,
        ..OcspRule::NEW
    },
    OcspRule {
        code: "smime.ocsp_response.signature_algorithm_not_permitted",
        citation: "SMIME BR 7.1.3.2",
        summary: "BasicOCSPResponse.signatureAlgorithm is byte-for-byte one of the listed RSA, ECDSA or EdDSA encodings.",
        applies: scope::smime,
        check: smime_sig_alg,
        ..OcspRule::NEW
    },
    OcspRule {
        code: "smime.ocsp_response.signature_algorithm_key_mismatch",
        citation: "SMIME BR 7.1.3.2.2",
        summary: "With a known signer: an ECDSA signature uses the hash its curve requires.",
        applies: scope::smime,
        check: sig_alg_for_key,
        ..OcspRule::NEW
    },
    OcspRule {
        code: "mozilla.ocsp.sha1_signature",
        citation: "MRSP 5.1.3",
        summary: "CAs must not sign SHA-1 hashes over OCSP responses produced on or after 2023-07-01.",
        applies: scope::br,
        check: sha1_signature,
        ..OcspRule::NEW
    },
    OcspRule {
        code: "rfc6960.ocsp.signature_invalid",
        citation: "RFC 6960 3.2",
        summary: "With a known signer (supplied responder, certificate in certs named by responderID, or the issuer): the signature must verify with its key.",
        check: signature_invalid,
        ..OcspRule::NEW
    },
    OcspRule {
        code: "rfc6960.ocsp.signer_lacks_digital_signature",
        citation: "RFC 5280 4.2.1.3",
        summary: "The signing certificate's keyUsage, when present, must assert digitalSignature.",
        check: signer_lacks_digital_signature,
        ..OcspRule::NEW
    },
    OcspRule {
        code: "rfc6960.ocsp.signer_not_valid_at_produced_at",
        citation: "RFC 6960 3.2",
        summary: "producedAt must fall within the signing certificate's validity period.",
        check: signer_not_valid_at_produced_at,
        ..OcspRule::NEW
    },
    OcspRule {
        code: "rfc6960.ocsp.responder_not_issued_by_issuer",
        citation: "RFC 6960 4.2.2.2",
        summary: "With an issuer: a delegated responder certificate must be issued directly by the CA whose certificates it answers for (also TLS BR 7.1.2.8, SMIME BR 4.9.9).",
        check: responder_not_issued_by_issuer,
        ..OcspRule::NEW
    },
    OcspRule {
        code: "rfc6960.ocsp.responder_lacks_ocsp_signing",
        citation: "RFC 6960 4.2.2.2",
        summary: "A delegated responder certificate must assert id-kp-OCSPSigning in extKeyUsage (also TLS BR 7.1.2.8.5, SMIME BR 4.9.9).",
        check: responder_lacks_eku,
        ..OcspRule::NEW
    },
    OcspRule {
        code: "tls.ocsp_response.responder_nocheck_missing",
        citation: "TLS BR 7.1.2.8.6",
        summary: "A delegated responder certificate must include id-pkix-ocsp-nocheck (MRSP 5.2).",
        applies: scope::tls,
        check: responder_lacks_nocheck,
        ..OcspRule::NEW
    },
    OcspRule {
        code: "smime.ocsp_response.responder_nocheck_missing",
        citation: "SMIME BR 4.9.9",
        summary: "A delegated responder certificate must include id-pkix-ocsp-nocheck (MRSP 5.2).",
        applies: scope::smime,
        check: responder_lacks_nocheck,
        ..OcspRule::NEW
    },
    OcspRule {
        code: "rfc5019.ocsp.responder_nocheck_missing",
        severity: Severity::Warning,
        citation: "RFC 5019 2.2.2",
        summary: "A delegated responder certificate should include id-pkix-ocsp-nocheck.",
        applies: scope::rfc_only,
        check: responder_lacks_nocheck,
        ..OcspRule::NEW
    },
    OcspRule {
        code: "rfc5019.ocsp.responder_cert_not_included",
        severity: Severity::Warning,
        citation: "RFC 5019 2.2.2",
        summary: "A response signed by a delegated responder must reference the responder certificate in certs, or clients cannot validate it.",
        check: responder_not_included,
        ..OcspRule::NEW
    },
    OcspRule {
        code: "rfc6960.ocsp.cert_id_hash_algorithm",
        severity: Severity::Warning,
        citation: "RFC 9919 2.1.1",
        summary: "CertID hashAlgorithm should be SHA-1 or SHA-256, the hashes clients use and responders must support (RFC 5019 as updated).",
        check: cert_id_hash,
        ..OcspRule::NEW
    },
    OcspRule {
        code: "rfc6960.ocsp.cert_id_hash_length",
        citation: "RFC 6960 4.1.1",
        summary: "issuerNameHash and issuerKeyHash must be hashes of hashAlgorithm's length.",
        check: cert_id_hash_length,
        ..OcspRule::NEW
    },
    OcspRule {
        code: "rfc6960.ocsp.cert_id_issuer_mismatch",
        citation: "RFC 6960 4.1.1",
        summary: "With an issuer: issuerNameHash and issuerKeyHash must be the hashes of its subject and subjectPublicKey.",
        check: cert_id_issuer_mismatch,
        ..OcspRule::NEW
    },
    OcspRule {
        code: "rfc6960.ocsp.cert_id_duplicate",
        severity: Severity::Warning,
        citation: "RFC 6960 4.2.2.3",
        summary: "Each certificate should be answered once.",
        check: cert_id_duplicate,
        ..OcspRule::NEW
    },
    OcspRule {
        code: "rfc6960.ocsp.serial_out_of_range",
        severity: Severity::Warning,
        citation: "RFC 5280 4.1.2.2",
        summary: "CertID serialNumber names a certificate serial: positive, at most 20 octets.",
        check: serial_out_of_range,
        ..OcspRule::NEW
    },
    OcspRule {
        code: "rfc6960.ocsp.reason_undefined",
        citation: "RFC 5280 5.3.1",
        summary: "revocationReason must be a CRLReason value (0-6, 8-10).",
        check: reason_undefined,
        ..OcspRule::NEW
    },
    OcspRule {
        code: "tls.ocsp_response.reason_code_prohibited",
        citation: "TLS BR 7.3",
        summary: "revocationReason must be a value TLS BR 7.2.2 permits for CRLs: keyCompromise, affiliationChanged, superseded, cessationOfOperation or privilegeWithdrawn.",
        applies: scope::tls,
        check: tls_reason_prohibited,
        ..OcspRule::NEW
    },
    OcspRule {
        code: "smime.ocsp_response.reason_code_prohibited",
        citation: "SMIME BR 7.3",
        summary: "revocationReason must be a value S/MIME BR 7.2.2 permits for CRLs: not unspecified (0); not certificateHold (6) for CA certificates.",
        applies: scope::smime,
        check: smime_reason_prohibited,
        ..OcspRule::NEW
    },
    OcspRule {
        code: "tls.ocsp_response.reason_missing_for_ca",
        citation: "TLS BR 7.3",
        summary: "Responses about CA certificates: a revoked status must carry revocationReason.",
        applies: scope::tls_ca,
        check: reason_missing_for_ca,
        ..OcspRule::NEW
    },
    OcspRule {
        code: "smime.ocsp_response.reason_missing_for_ca",
        citation: "SMIME BR 7.3",
        summary: "Responses about CA certificates: a revoked status must carry revocationReason.",
        applies: scope::smime_ca,
        check: reason_missing_for_ca,
        ..OcspRule::NEW
    },
    OcspRule {
        code: "tls.ocsp_response.single_extension_reason_code",
        citation: "TLS BR 7.3.2",
        summary: "singleExtensions must not contain the reasonCode CRL entry extension.",
        applies: scope::tls,
        check: single_reason_code,
        ..OcspRule::NEW
    },
    OcspRule {
        code: "smime.ocsp_response.single_extension_reason_code",
        citation: "SMIME BR 7.3.2",
        summary: "singleExtensions must not contain the reasonCode CRL entry extension.",
        applies: scope::smime,
        check: single_reason_code,
        ..OcspRule::NEW
    },
    OcspRule {
        code: "rfc6960.ocsp.extensions_empty",
        citation: "RFC 6960 4.2.1",
        summary: "responseExtensions and singleExtensions must be absent rather than an empty SEQUENCE (Extensions is SIZE (1..MAX)).",
        check: extensions_empty,
        ..OcspRule::NEW
    },
    OcspRule {
        code: "rfc6960.ocsp.extension_duplicate",
        citation: "RFC 5280 4.2",
        summary: "An extension may appear at most once in responseExtensions and in each singleExtensions.",
        check: extension_duplicate,
        ..OcspRule::NEW
    },
    OcspRule {
        code: "rfc6960.ocsp.nonce_invalid",
        citation: "RFC 8954 2.1",
        summary: "The nonce extension's value is an OCTET STRING of 1 to 32 octets.",
        check: nonce_invalid,
        ..OcspRule::NEW
    },
    OcspRule {
        code: "rfc6960.ocsp.extension_critical",
        severity: Severity::Warning,
        citation: "RFC 6960 4.4",
        summary: "The critical flag should not be set on the extensions RFC 6960 defines.",
        check: extension_critical,
        ..OcspRule::NEW
    },
    OcspRule {
        code: "rfc6960.ocsp.unknown_critical_extension",
        citation: "RFC 6960 4.4",
        summary: "Critical extensions not defined for OCSP responses make the response unusable: clients must reject unrecognised critical extensions (RFC 5280 4.2).",
        check: unknown_critical,
        ..OcspRule::NEW
    },
];

/// Every OCSP rule, for `--list-rules`.
pub fn ocsp_catalogue() -> Vec<&'static OcspRule> {
    OCSP_RULES.iter().collect()
}

// ---------------------------------------------------------------- the engine

/// Options for linting one OCSP response.
#[derive(Clone, Copy, Default)]
pub struct OcspOptions<'c> {
    /// Which requirements; `Auto` is resolved by [`detect`].
    pub kind: OcspKind,
    /// The CA whose certificates' status the response gives.
    pub issuer: Option<&'c Certificate<'c>>,
    /// The delegated responder certificate that signed it, when known.
    pub responder: Option<&'c Certificate<'c>>,
    /// The current time (seconds since the epoch), enabling the freshness rules.
    pub now: Option<i64>,
}

/// Lints DER bytes as an OCSP response, the kind detected from `issuer`.
pub fn lint_ocsp_der(
    der: &[u8],
    issuer: Option<&Certificate<'_>>,
    responder: Option<&Certificate<'_>>,
    now: Option<i64>,
) -> Report {
    lint_ocsp_der_with(
        der,
        &OcspOptions {
            kind: OcspKind::Auto,
            issuer,
            responder,
            now,
        },
    )
}

/// Lints DER bytes as an OCSP response with explicit options.
pub fn lint_ocsp_der_with(der: &[u8], opts: &OcspOptions<'_>) -> Report {
    match OcspResponse::parse(der) {
        Ok(r) => lint_ocsp(&r, opts),
        Err(e) => {
            let kind = resolve(opts);
            Report {
                sha256: cert::hex_upper(&cert::digest::sha256(der)),
                subject: String::new(),
                profile: kind.name().into(),
                findings: vec![finding(
                    &OCSP_RULES[0],
                    format!("byte {}", e.offset()),
                    format!("not a decodable OCSP response: {e}"),
                )],
            }
        }
    }
}

fn resolve(opts: &OcspOptions<'_>) -> OcspKind {
    if opts.kind == OcspKind::Auto {
        detect(opts.issuer)
    } else {
        opts.kind
    }
}

fn same_cert(a: &Certificate<'_>, b: &Certificate<'_>) -> bool {
    a.der == b.der
}

fn find_signer<'c>(
    basic: Option<&BasicResponse<'_>>,
    opts: &OcspOptions<'c>,
    certs: &'c [Result<Certificate<'c>, DecodeError>],
) -> Option<SignerInfo<'c>> {
    let basic = basic?;
    let issuer = opts.issuer;
    let is_delegated = |c: &Certificate<'_>| match issuer {
        Some(i) => !same_cert(c, i) && c.spki.raw != i.spki.raw,
        // Without the issuer, a CA certificate is taken to sign for itself.
        None => !c.is_ca(),
    };
    if let Some(r) = opts.responder {
        return Some(SignerInfo {
            cert: r,
            source: SignerSource::Supplied,
            delegated: is_delegated(r),
        });
    }
    for (i, c) in certs.iter().enumerate() {
        if let Ok(c) = c
            && basic.responder_id.matches(c)
        {
            return Some(SignerInfo {
                cert: c,
                source: SignerSource::Embedded(i),
                delegated: is_delegated(c),
            });
        }
    }
    let i = issuer?;
    Some(SignerInfo {
        cert: i,
        source: if basic.responder_id.matches(i) {
            SignerSource::Issuer
        } else {
            SignerSource::IssuerUnmatched
        },
        delegated: false,
    })
}

/// Lints a decoded OCSP response.
pub fn lint_ocsp(resp: &OcspResponse<'_>, opts: &OcspOptions<'_>) -> Report {
    let kind = resolve(opts);
    let basic = resp.basic();
    let certs: Vec<Result<Certificate<'_>, DecodeError>> = basic
        .map(|b| b.certs().iter().map(|c| Certificate::parse(c)).collect())
        .unwrap_or_default();
    let signer = find_signer(basic, opts, &certs);
    let ctx = OcspCtx {
        resp,
        basic,
        kind,
        issuer: opts.issuer,
        signer,
        certs: &certs,
        now: opts.now,
    };
    let mut findings = Vec::new();
    for rule in OCSP_RULES.iter().filter(|r| (r.applies)(kind)) {
        let mut out = OcspOut {
            rule,
            findings: &mut findings,
            count: 0,
        };
        (rule.check)(&ctx, &mut out);
        let count = out.count;
        if count > MAX_FINDINGS_PER_RULE {
            findings.push(finding(
                rule,
                "tbsResponseData".into(),
                format!(
                    "{} more findings of this rule not shown",
                    count - MAX_FINDINGS_PER_RULE
                ),
            ));
        }
    }
    findings.sort_by_key(|f| std::cmp::Reverse(f.severity));
    Report {
        sha256: cert::hex_upper(&resp.sha256()),
        subject: basic
            .map(|b| b.responder_id.to_string())
            .unwrap_or_default(),
        profile: kind.name().into(),
        findings,
    }
}

// ---------------------------------------------------------------- sniffing

/// Whether DER bytes look like an OCSPResponse rather than a certificate or CRL.
///
/// Decided by structure: the outer SEQUENCE's first element is an ENUMERATED
/// (responseStatus), which neither a Certificate nor a CertificateList (both
/// start with a SEQUENCE) can have. Works on truncated input.
pub fn looks_like_ocsp_response(der: &[u8]) -> bool {
    let sniff = || -> Option<bool> {
        let (t, outer, _) = cert::der::peek_header(der, 0)?;
        if t != 0x30 {
            return None;
        }
        let (t, _, len) = cert::der::peek_header(der, outer)?;
        Some(t == 0x0a && len == 1)
    };
    sniff().unwrap_or(false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn catalogue_codes_unique() {
        let mut codes: Vec<_> = OCSP_RULES.iter().map(|r| r.code).collect();
        codes.sort_unstable();
        let n = codes.len();
        codes.dedup();
        assert_eq!(n, codes.len());
        assert_eq!(OCSP_RULES[0].code, UNDECODABLE);
    }

    #[test]
    fn dates() {
        assert_eq!(
            cert::time::parse_iso("2022-06-01"),
            Some(TLS_SHA1_OCSP_UNTIL)
        );
        assert_eq!(cert::time::parse_iso("2023-07-01"), Some(MRSP_SHA1_FROM));
    }

    #[test]
    fn sniffing() {
        assert!(looks_like_ocsp_response(&[0x30, 0x03, 0x0a, 0x01, 0x01]));
        assert!(!looks_like_ocsp_response(&[0x30, 0x03, 0x30, 0x01, 0x01]));
        assert!(!looks_like_ocsp_response(&[]));
    }
}
