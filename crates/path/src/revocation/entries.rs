//! Looking a certificate up among a CRL's entries (RFC 5280 5.3 and
//! 6.3.3 (i)-(k)).
//!
//! In an indirect CRL (issuingDistributionPoint indirectCRL, 5.2.5) each
//! entry belongs to the issuer named by the certificateIssuer extension
//! of that entry or, failing one, of the nearest entry before it with one;
//! entries before the first certificateIssuer belong to the CRL issuer
//! (5.3.3). In any other CRL every entry belongs to the CRL issuer.
//! Entries are decoded one at a time, in one pass.

use std::collections::HashSet;

use cert::crl::{CERTIFICATE_ISSUER, Crl, CrlExtValue, Reason};

use crate::error::Error;
use crate::names::GeneralNameKey;

/// What a CRL says about a certificate.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Listed {
    /// Nothing.
    No,
    /// Revoked (or on hold), with the entry's revocationDate and reasonCode.
    Revoked {
        /// revocationDate, ISO 8601.
        date: String,
        /// reasonCode, if any.
        reason: Option<Reason>,
    },
    /// Listed with removeFromCRL: a delta CRL releasing a hold (5.3.1,
    /// 6.3.3 (k)).
    Removed,
}

/// The certificate sought.
pub(crate) struct Sought<'a> {
    /// Its serial number's content octets.
    pub(crate) serial: &'a [u8],
    /// The names its issuer goes by (issuer field and issuerAltName).
    pub(crate) issuer_names: &'a HashSet<GeneralNameKey>,
    /// Whether its issuer is the CRL's issuer (whose entries come first).
    pub(crate) issued_by_crl_issuer: bool,
}

/// A serial number's INTEGER content in minimal two's-complement form,
/// so that a non-minimal encoding compares equal to the minimal one while
/// 00FF (255) and FF (-1) stay different.
pub(crate) fn magnitude(serial: &[u8]) -> &[u8] {
    let mut s = serial;
    while s.len() > 1 && ((s[0] == 0x00 && s[1] & 0x80 == 0) || (s[0] == 0xff && s[1] & 0x80 != 0))
    {
        s = &s[1..];
    }
    s
}

fn unknown(crl: &Crl<'_>, what: String) -> Error {
    Error::RevocationUnknown {
        detail: format!("the CRL of \"{}\" {what}", crl.issuer),
    }
}

/// Looks `sought` up in `crl`. On a complete CRL removeFromCRL entries
/// are ignored (5.3.1 allows them only in delta CRLs); on a delta CRL
/// (`delta`) a revoking entry wins over a removeFromCRL one. An entry that
/// does not decode, an unrecognized critical entry extension, or in an
/// indirect CRL a certificateIssuer that does not decode, makes the CRL
/// unusable (an error: the certificate's status cannot be told).
pub(crate) fn lookup(crl: &Crl<'_>, sought: &Sought<'_>, delta: bool) -> Result<Listed, Error> {
    let indirect = crl
        .issuing_distribution_point()
        .is_some_and(|i| i.indirect_crl);
    let serial = magnitude(sought.serial);
    let mut ours = sought.issued_by_crl_issuer;
    let mut removed = false;
    for entry in crl.entries() {
        let entry =
            entry.map_err(|e| unknown(crl, format!("has an entry that does not decode: {e}")))?;
        for ext in entry.extensions() {
            let processed = match &ext.value {
                Ok(CrlExtValue::ReasonCode(_) | CrlExtValue::InvalidityDate(_)) => true,
                Ok(CrlExtValue::CertificateIssuer(_)) => indirect,
                _ => false,
            };
            if ext.ext.critical && !processed {
                return Err(unknown(
                    crl,
                    format!(
                        "has an entry with an unrecognized critical extension {}",
                        ext.ext.oid
                    ),
                ));
            }
        }
        if indirect && entry.extension(CERTIFICATE_ISSUER).is_some() {
            let Some(names) = entry.certificate_issuer() else {
                return Err(unknown(
                    crl,
                    "has an entry whose certificateIssuer does not decode".into(),
                ));
            };
            ours = names
                .iter()
                .filter_map(GeneralNameKey::of)
                .any(|k| sought.issuer_names.contains(&k));
        }
        if !ours || magnitude(entry.serial) != serial {
            continue;
        }
        let reason = entry.reason();
        if reason == Some(Reason::RemoveFromCrl) {
            removed |= delta;
            continue;
        }
        return Ok(Listed::Revoked {
            date: entry
                .revocation_date
                .unix()
                .map_or_else(|| "(undecodable date)".into(), cert::time::format_unix),
            reason,
        });
    }
    Ok(if removed { Listed::Removed } else { Listed::No })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serials_compare_in_minimal_form() {
        assert_eq!(magnitude(&[0x00, 0x7f]), &[0x7f]);
        assert_eq!(magnitude(&[0x00, 0xff]), &[0x00, 0xff]);
        assert_eq!(magnitude(&[0xff, 0xff]), &[0xff]);
        assert_eq!(magnitude(&[0x00]), &[0x00]);
        assert_eq!(magnitude(&[]), &[] as &[u8]);
    }
}
