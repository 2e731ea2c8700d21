//! Revocation by CRL (RFC 5280 6.1.3 (a)(3) and 6.3), for complete CRLs
//! issued by the certificate's issuer with the issuer's own key.
//!
//! A CRL is used only when it is in scope (issuer name; the
//! issuingDistributionPoint's certificate kinds and distribution point),
//! current at the validation time (thisUpdate, nextUpdate), signed by a
//! certificate of the path with the issuer's name (the issuer itself, or,
//! across a key rollover, another key of the same CA; RFC 5280 6.3.3 (f))
//! whose keyUsage, if present, allows cRLSign, has no critical extension
//! rootward does not process, and passes the linter's RFC 5280 CRL checks
//! (`rootward lint`'s `crl` profile) with no error, other than errors in
//! other certificates' entries (a CRL listing a malformed serial still
//! speaks for the certificates it lists well). A CRL signed by a key that is
//! not in the path is used when [`CrlSigners`] finds a certificate for that
//! key with the issuer's name and a valid path of its own (6.3.3 (f): a
//! separate CRL-signing key, or the other side of a key rollover). Delta
//! CRLs and indirect CRLs are not used.

use cert::crl::{Crl, CrlExtValue, DELTA_CRL_INDICATOR, Reason};
use cert::ext::ExtValue;
use cert::{Certificate, GeneralName, KeyUsageBit, oids};
use lint::Severity;
use lint::crl::{CrlKind, lint_crl};

use crate::error::Error;
use crate::names::NameKey;

/// How revocation is checked.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Mode {
    /// Not checked.
    Off,
    /// Checked where a CRL from the certificate's issuer is given; a
    /// certificate without one passes.
    #[default]
    IfAvailable,
    /// Every certificate below the trust anchor needs a usable CRL.
    Require,
}

/// CRL extensions (5.2) and entry extensions (5.3) rootward processes, so
/// they may be critical.
const PROCESSED_CRL: [cert::Oid<'static>; 4] = [
    cert::crl::CRL_NUMBER,
    cert::crl::ISSUING_DISTRIBUTION_POINT,
    oids::AUTHORITY_KEY_IDENTIFIER,
    DELTA_CRL_INDICATOR,
];

/// Finds, outside the path, a certificate that signed a CRL and has a
/// valid certification path itself (RFC 5280 6.3.3 (f)).
pub trait CrlSigners {
    /// A certificate with the CRL issuer's name whose key verifies `crl`
    /// and whose own path is valid, if there is one.
    fn find<'s>(&'s self, crl: &Crl<'_>) -> Option<&'s Certificate<'s>>;
}

/// Only certificates of the path sign CRLs.
pub struct PathOnly;

impl CrlSigners for PathOnly {
    fn find<'s>(&'s self, _: &Crl<'_>) -> Option<&'s Certificate<'s>> {
        None
    }
}

/// Checks the revocation status of `c` at `at`; `above` are the
/// certificates above it in the path, its issuer first; `others` finds CRL
/// signers outside the path.
pub fn check(
    c: &Certificate<'_>,
    above: &[&Certificate<'_>],
    crls: &[Crl<'_>],
    at: i64,
    mode: Mode,
    others: &dyn CrlSigners,
) -> Result<(), Error> {
    if mode == Mode::Off {
        return Ok(());
    }
    let issuer_name = NameKey::of(&c.issuer);
    let mut rejected: Vec<String> = Vec::new();
    let mut usable = false;
    for crl in crls
        .iter()
        .filter(|l| NameKey::of(&l.issuer) == issuer_name)
    {
        match usable_for(crl, c, above, at, others) {
            Err(why) => rejected.push(why),
            Ok(false) => {}
            Ok(true) => {
                usable = true;
                if let Some(e) = revoked_entry(crl, c)? {
                    return Err(e);
                }
            }
        }
    }
    if usable || (mode == Mode::IfAvailable && rejected.is_empty()) {
        return Ok(());
    }
    Err(Error::RevocationUnknown {
        detail: if rejected.is_empty() {
            format!("no CRL issued by \"{}\" was given", c.issuer)
        } else {
            rejected.join("; ")
        },
    })
}

/// Ok(true): use it; Ok(false): out of scope for this certificate (not an
/// error); Err: in scope but unusable, with why.
fn usable_for(
    crl: &Crl<'_>,
    c: &Certificate<'_>,
    above: &[&Certificate<'_>],
    at: i64,
    others: &dyn CrlSigners,
) -> Result<bool, String> {
    let who = format!("the CRL of \"{}\"", crl.issuer);
    if crl.is_delta() {
        return Ok(false);
    }
    if let Some(idp) = crl.issuing_distribution_point() {
        if idp.indirect_crl || idp.only_attribute_certs || idp.only_some_reasons.is_some() {
            return Ok(false);
        }
        if (idp.only_user_certs && c.is_ca()) || (idp.only_ca_certs && !c.is_ca()) {
            return Ok(false);
        }
        if let Some(idp_names) = &idp.full_name {
            // 6.3.3 (b)(2)(i): the IDP's name must be one of the
            // certificate's distribution points.
            let cert_names: Vec<&GeneralName<'_>> = match c.ext_value(oids::CRL_DISTRIBUTION_POINTS)
            {
                Some(ExtValue::CrlDistributionPoints(dps)) => dps
                    .iter()
                    .filter_map(|d| d.full_name.as_ref())
                    .flatten()
                    .collect(),
                _ => Vec::new(),
            };
            if !idp_names
                .iter()
                .any(|n| cert_names.iter().any(|m| same_general_name(n, m)))
            {
                return Ok(false);
            }
        }
    }
    // The signer: a certificate of the path with the CRL issuer's name,
    // its key identifier matching the CRL's authorityKeyIdentifier.
    let name = NameKey::of(&crl.issuer);
    let aki = crl.authority_key_id().and_then(|a| a.key_id);
    let signers: Vec<&Certificate<'_>> = above
        .iter()
        .copied()
        .filter(|s| NameKey::of(&s.subject) == name)
        .filter(|s| match (aki, s.subject_key_id()) {
            (Some(a), Some(k)) => a == k,
            _ => true,
        })
        .collect();
    let in_path = signers
        .iter()
        .copied()
        .find(|s| crl.verify(&s.spki).is_ok());
    let Some(signer) = in_path.or_else(|| others.find(crl)) else {
        return match signers.first() {
            // Signed by a key that is not in the path: out of scope here.
            None => Ok(false),
            Some(s) => Err(format!(
                "{who}: signature: {}",
                crl.verify(&s.spki)
                    .err()
                    .map_or_else(String::new, |e| e.to_string())
            )),
        };
    };
    if let Some(ku) = signer.key_usage()
        && !ku.has(KeyUsageBit::CrlSign)
    {
        return Err(format!("{who}: the issuer's keyUsage lacks cRLSign"));
    }
    let this_update = crl
        .this_update
        .unix()
        .ok_or_else(|| format!("{who}: thisUpdate does not decode"))?;
    if this_update > at {
        return Err(format!(
            "{who}: thisUpdate {} is after the validation time",
            cert::time::format_unix(this_update)
        ));
    }
    if let Some(next) = &crl.next_update {
        let next = next
            .unix()
            .ok_or_else(|| format!("{who}: nextUpdate does not decode"))?;
        if next < at {
            return Err(format!(
                "{who}: nextUpdate {} is before the validation time (stale)",
                cert::time::format_unix(next)
            ));
        }
    }
    for e in crl.extensions() {
        if e.ext.critical && !PROCESSED_CRL.contains(&e.ext.oid) {
            return Err(format!(
                "{who}: unrecognized critical CRL extension {}",
                e.ext.oid
            ));
        }
    }
    let report = lint_crl(crl, Some(signer), CrlKind::Rfc5280);
    if let Some(f) = report
        .findings
        .iter()
        .find(|f| f.severity >= Severity::Error && !f.location.starts_with("revokedCertificates["))
    {
        return Err(format!("{who}: {} ({}, {})", f.message, f.code, f.citation));
    }
    Ok(true)
}

fn same_general_name(a: &GeneralName<'_>, b: &GeneralName<'_>) -> bool {
    match (a, b) {
        (GeneralName::Uri(x), GeneralName::Uri(y)) => x == y,
        (GeneralName::DirectoryName(x), GeneralName::DirectoryName(y)) => {
            NameKey::of(x) == NameKey::of(y)
        }
        (GeneralName::Dns(x), GeneralName::Dns(y)) => x.eq_ignore_ascii_case(y),
        _ => false,
    }
}

/// A serial number's INTEGER content in minimal two's-complement form,
/// so that a non-minimal encoding compares equal to the minimal one while
/// 00FF (255) and FF (-1) stay different.
fn magnitude(serial: &[u8]) -> &[u8] {
    let mut s = serial;
    while s.len() > 1 && ((s[0] == 0x00 && s[1] & 0x80 == 0) || (s[0] == 0xff && s[1] & 0x80 != 0))
    {
        s = &s[1..];
    }
    s
}

/// Looks `c` up in the CRL's entries.
fn revoked_entry(crl: &Crl<'_>, c: &Certificate<'_>) -> Result<Option<Error>, Error> {
    let serial = magnitude(c.serial);
    for entry in crl.entries() {
        let entry = entry.map_err(|e| Error::RevocationUnknown {
            detail: format!(
                "the CRL of \"{}\" has an entry that does not decode: {e}",
                crl.issuer
            ),
        })?;
        for ext in entry.extensions() {
            let processed = matches!(
                ext.value,
                Ok(CrlExtValue::ReasonCode(_)) | Ok(CrlExtValue::InvalidityDate(_))
            );
            if ext.ext.critical && !processed {
                return Err(Error::RevocationUnknown {
                    detail: format!(
                        "the CRL of \"{}\" has an entry with an unrecognized critical extension {}",
                        crl.issuer, ext.ext.oid
                    ),
                });
            }
        }
        if magnitude(entry.serial) == serial {
            let reason = entry.reason();
            if reason == Some(Reason::RemoveFromCrl) {
                continue;
            }
            return Ok(Some(Error::Revoked {
                date: entry
                    .revocation_date
                    .unix()
                    .map_or_else(|| "(undecodable date)".into(), cert::time::format_unix),
                reason: reason.map_or_else(|| "unspecified".into(), |r| r.describe()),
                crl_issuer: crl.issuer.to_string(),
            }));
        }
    }
    Ok(None)
}
