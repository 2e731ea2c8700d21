//! Whether a CRL can be relied on: who signed it (RFC 5280 6.3.3 (f)-(h)),
//! whether it is current (6.3.3 (a)), and whether it is sound (critical
//! extensions, 5.2 and 5.3; the linter's RFC 5280 CRL checks).

use cert::crl::Crl;
use cert::{Certificate, KeyUsageBit, oids};
use lint::Severity;
use lint::crl::{CrlKind, lint_crl};

use super::{CrlSigners, PROCESSED_CRL};
use crate::names::NameKey;

/// `the CRL of "issuer"` (or `the delta CRL of ...`), for messages.
pub(crate) fn who(crl: &Crl<'_>) -> String {
    if crl.is_delta() {
        format!("the delta CRL of \"{}\"", crl.issuer)
    } else {
        format!("the CRL of \"{}\"", crl.issuer)
    }
}

/// Where to look for the certificate that signed a CRL.
pub(crate) struct SignerSearch<'r> {
    /// The certificate whose status is checked.
    pub(crate) cert: &'r Certificate<'r>,
    /// The certificates above it in its path, its issuer first.
    pub(crate) above: &'r [&'r Certificate<'r>],
    /// Whether `cert` may sign CRLs about itself: one of its distribution
    /// points names its own subject as cRLIssuer. Its path is then the CRL
    /// issuer's path (6.3.3 (f)), validated as part of this one.
    pub(crate) cert_itself: bool,
    /// Signers outside the path.
    pub(crate) others: &'r dyn CrlSigners,
}

impl<'r> SignerSearch<'r> {
    /// 6.3.3 (f)-(g): the certificate whose key verifies `crl`, with the
    /// CRL issuer's name (and a subjectKeyIdentifier matching the CRL's
    /// authorityKeyIdentifier, when both are present): one above in the
    /// path, else the certificate itself when allowed, else one
    /// [`CrlSigners`] finds with a valid path of its own. `Ok(None)` when
    /// no certificate with that name is in the path and none is found
    /// (the CRL is then not used, as for any CRL out of scope); an error
    /// when the path's certificates of that name do not verify it.
    pub(crate) fn find(
        &self,
        crl: &Crl<'_>,
        issuer: &NameKey,
    ) -> Result<Option<&'r Certificate<'r>>, String> {
        let aki = crl.authority_key_id().and_then(|a| a.key_id);
        let key_matches = |s: &Certificate<'_>| match (aki, s.subject_key_id()) {
            (Some(a), Some(k)) => a == k,
            _ => true,
        };
        let named: Vec<&'r Certificate<'r>> = self
            .above
            .iter()
            .copied()
            .filter(|s| NameKey::of(&s.subject) == *issuer && key_matches(s))
            .collect();
        if let Some(s) = named.iter().copied().find(|s| crl.verify(&s.spki).is_ok()) {
            return Ok(Some(s));
        }
        let c = self.cert;
        if self.cert_itself
            && NameKey::of(&c.subject) == *issuer
            && key_matches(c)
            && crl.verify(&c.spki).is_ok()
        {
            return Ok(Some(c));
        }
        if let Some(s) = self.others.find(crl) {
            return Ok(Some(s));
        }
        match named.first() {
            None => Ok(None),
            Some(s) => Err(format!(
                "{}: signature: {}",
                who(crl),
                crl.verify(&s.spki)
                    .err()
                    .map_or_else(String::new, |e| e.to_string())
            )),
        }
    }
}

/// Whether a CRL is current at the validation time.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Currency {
    /// thisUpdate is not after it, and nextUpdate (if any) not before it.
    Current,
    /// nextUpdate is before it; the message says so.
    Stale(String),
}

/// 6.3.3 (a): `crl`'s thisUpdate and nextUpdate against `at`. A CRL
/// issued after the validation time is an error.
pub(crate) fn currency(crl: &Crl<'_>, at: i64) -> Result<Currency, String> {
    let who = who(crl);
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
            return Ok(Currency::Stale(format!(
                "{who}: nextUpdate {} is before the validation time (stale)",
                cert::time::format_unix(next)
            )));
        }
    }
    Ok(Currency::Current)
}

/// The checks on a CRL that do not depend on the certificate: the
/// signer's keyUsage allows cRLSign (6.3.3 (f)); no critical CRL
/// extension rootward does not process, and none it processes fails to
/// decode; no error from the linter's RFC 5280 CRL checks (`rootward
/// lint`'s `crl` profile) other than in other certificates' entries (a
/// CRL listing a malformed serial still speaks for the certificates it
/// lists well).
pub(crate) fn sound(crl: &Crl<'_>, signer: &Certificate<'_>) -> Result<(), String> {
    let who = who(crl);
    if let Some(ku) = signer.key_usage()
        && !ku.has(KeyUsageBit::CrlSign)
    {
        return Err(format!("{who}: the issuer's keyUsage lacks cRLSign"));
    }
    for e in crl.extensions() {
        let processed = PROCESSED_CRL.contains(&e.ext.oid);
        if e.ext.critical && !processed {
            return Err(format!(
                "{who}: unrecognized critical CRL extension {}",
                e.ext.oid
            ));
        }
        if processed && let Some(err) = e.decode_error() {
            return Err(format!(
                "{who}: {} does not decode: {err}",
                cert::crl::ext_name(e.ext.oid)
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
    Ok(())
}

/// Whether the certificate or the CRL has a freshestCRL extension (6.3.3
/// (a)(1)(i): then a delta CRL may bring a stale complete CRL up to date).
pub(crate) fn announces_deltas(c: &Certificate<'_>, crl: &Crl<'_>) -> bool {
    c.extensions().iter().any(|e| e.oid == oids::FRESHEST_CRL)
        || crl.extension(oids::FRESHEST_CRL).is_some()
}
