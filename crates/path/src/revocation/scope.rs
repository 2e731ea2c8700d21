//! Which complete CRLs speak for a certificate, and for which reasons
//! (RFC 5280 6.3.3 (b) and (d)).
//!
//! The certificate's distribution points (cRLDistributionPoints, 4.2.1.13)
//! are taken one by one, followed by the point RFC 5280 6.3.3 assumes for
//! CRLs no distribution point names: the certificate issuer's name (and its
//! issuerAltName) as the distribution point name, with neither reasons nor
//! cRLIssuer. A CRL is in scope for a point when its issuer is the point's
//! cRLIssuer (and the CRL says it is indirect) or else the certificate's
//! issuer, and its issuingDistributionPoint (5.2.5), if any, names the
//! point and covers the kind of certificate.

use std::collections::HashSet;

use cert::crl::{Crl, IssuingDistributionPoint};
use cert::ext::{DistributionPoint, ExtValue};
use cert::{Certificate, GeneralName, oids};

use super::reasons::Reasons;
use crate::names::{GeneralNameKey, NameKey};

/// At most this many of a certificate's distribution points are
/// considered (the rest are ignored: CRLs only they would bring into scope
/// are not used, so the status can only become unknown, never wrongly
/// good).
pub(crate) const MAX_POINTS: usize = 32;

/// One distribution point, its names expanded for comparison.
#[derive(Debug)]
pub(crate) struct Point {
    /// The distributionPoint names: fullName, or nameRelativeToCRLIssuer
    /// appended to the cRLIssuer's (or else the certificate issuer's)
    /// name (4.2.1.13). `None` when the field is absent.
    names: Option<HashSet<GeneralNameKey>>,
    /// The cRLIssuer's directory names; `None` when cRLIssuer is absent.
    /// A set: every CRL given is compared with it, so a point naming
    /// thousands of issuers must not cost thousands of comparisons per CRL.
    crl_issuers: Option<HashSet<NameKey>>,
    /// All cRLIssuer names, compared with the IDP's names when the point
    /// has no distributionPoint (6.3.3 (b)(2)(i)).
    crl_issuer_names: HashSet<GeneralNameKey>,
    /// The cRLIssuer's directory names as text, for messages.
    pub(crate) crl_issuer_text: Vec<String>,
    /// reasons; `None` when absent (all reasons).
    reasons: Option<Reasons>,
}

/// A CRL's issuer and issuingDistributionPoint names, in comparable form.
#[derive(Debug)]
pub(crate) struct CrlNames {
    /// The CRL's issuer.
    pub(crate) issuer: NameKey,
    /// The IDP's distributionPoint names (fullName, or
    /// nameRelativeToCRLIssuer appended to the CRL issuer's name, 5.2.5);
    /// `None` when the IDP or its distributionPoint is absent. Empty when
    /// the relative name does not decode (nothing matches it).
    idp_names: Option<Vec<GeneralNameKey>>,
}

impl CrlNames {
    /// The comparable names of `crl`.
    pub(crate) fn of(crl: &Crl<'_>) -> CrlNames {
        let issuer = NameKey::of(&crl.issuer);
        let idp_names = crl.issuing_distribution_point().and_then(|idp| {
            if let Some(full) = &idp.full_name {
                Some(full.iter().filter_map(GeneralNameKey::of).collect())
            } else {
                idp.relative_name.map(|rdn| {
                    issuer
                        .child(rdn)
                        .map(GeneralNameKey::Directory)
                        .into_iter()
                        .collect()
                })
            }
        });
        CrlNames { issuer, idp_names }
    }
}

fn keys(names: &[GeneralName<'_>]) -> HashSet<GeneralNameKey> {
    names.iter().filter_map(GeneralNameKey::of).collect()
}

/// The names a certificate's issuer goes by: its issuer field and its
/// issuerAltName (what certificateIssuer entries name, 5.3.3, and the
/// assumed distribution point of 6.3.3).
pub(crate) fn issuer_names(c: &Certificate<'_>) -> HashSet<GeneralNameKey> {
    let mut names = HashSet::new();
    names.insert(GeneralNameKey::Directory(NameKey::of(&c.issuer)));
    if let Some(ExtValue::IssuerAltName(alt)) = c.ext_value(oids::ISSUER_ALT_NAME) {
        names.extend(keys(alt));
    }
    names
}

/// The distribution points to process for `c`, in order: its
/// cRLDistributionPoints (at most [`MAX_POINTS`]), then the assumed point
/// of 6.3.3 for CRLs that no distribution point names.
pub(crate) fn points(c: &Certificate<'_>) -> Vec<Point> {
    let issuer = NameKey::of(&c.issuer);
    let mut out: Vec<Point> = match c.ext_value(oids::CRL_DISTRIBUTION_POINTS) {
        Some(ExtValue::CrlDistributionPoints(dps)) => dps
            .iter()
            .take(MAX_POINTS)
            .map(|dp| Point::of(dp, &issuer))
            .collect(),
        _ => Vec::new(),
    };
    out.push(Point {
        names: Some(issuer_names(c)),
        crl_issuers: None,
        crl_issuer_names: HashSet::new(),
        crl_issuer_text: Vec::new(),
        reasons: None,
    });
    out
}

impl Point {
    fn of(dp: &DistributionPoint<'_>, cert_issuer: &NameKey) -> Point {
        let directory = |names: &[GeneralName<'_>]| -> Vec<(NameKey, String)> {
            names
                .iter()
                .filter_map(|n| match n {
                    GeneralName::DirectoryName(d) => Some((NameKey::of(d), d.to_string())),
                    _ => None,
                })
                .collect()
        };
        let named = dp.crl_issuer.as_deref().map(directory);
        let crl_issuer_text = named
            .iter()
            .flatten()
            .map(|(_, text)| text.clone())
            .collect();
        let crl_issuers: Option<HashSet<NameKey>> =
            named.map(|list| list.into_iter().map(|(key, _)| key).collect());
        let names = if let Some(full) = &dp.full_name {
            Some(keys(full))
        } else {
            dp.relative_name.map(|rdn| {
                // 4.2.1.13: appended to the cRLIssuer's name when present,
                // else to the certificate issuer's.
                let bases: Vec<&NameKey> = match &crl_issuers {
                    Some(list) => list.iter().collect(),
                    None => vec![cert_issuer],
                };
                bases
                    .into_iter()
                    .filter_map(|b| b.child(rdn))
                    .map(GeneralNameKey::Directory)
                    .collect()
            })
        };
        Point {
            names,
            crl_issuers,
            crl_issuer_names: dp.crl_issuer.as_deref().map(keys).unwrap_or_default(),
            crl_issuer_text,
            reasons: dp.reasons.as_ref().map(Reasons::from_flags),
        }
    }

    /// Whether the point names `issuer` as its cRLIssuer.
    pub(crate) fn names_crl_issuer(&self, issuer: &NameKey) -> bool {
        self.crl_issuers
            .as_ref()
            .is_some_and(|list| list.contains(issuer))
    }

    /// RFC 5280 6.3.3 (b): whether the complete CRL `crl` (with `names`)
    /// is in scope for this point of a certificate issued by `cert_issuer`
    /// that is (`is_ca`) or is not a CA certificate.
    pub(crate) fn covers(
        &self,
        crl: &Crl<'_>,
        names: &CrlNames,
        cert_issuer: &NameKey,
        is_ca: bool,
    ) -> bool {
        let idp = crl.issuing_distribution_point();
        // (b)(1): the cRLIssuer's indirect CRL, or the issuer's own CRL.
        match &self.crl_issuers {
            Some(list) => {
                if !list.contains(&names.issuer) || !idp.is_some_and(|i| i.indirect_crl) {
                    return false;
                }
            }
            None => {
                if names.issuer != *cert_issuer {
                    return false;
                }
            }
        }
        let Some(idp) = idp else {
            return true;
        };
        // (b)(2)(i): one of the IDP's names is one of the point's, or, for
        // a point without a distributionPoint, of its cRLIssuer's.
        if let Some(idp_names) = &names.idp_names {
            let ours = self.names.as_ref().unwrap_or(&self.crl_issuer_names);
            if !idp_names.iter().any(|n| ours.contains(n)) {
                return false;
            }
        }
        // (b)(2)(ii)-(iv): the kinds of certificate the CRL covers.
        !((idp.only_user_certs && is_ca)
            || (idp.only_ca_certs && !is_ca)
            || idp.only_attribute_certs)
    }

    /// RFC 5280 6.3.3 (d): the reasons a CRL with `idp` covers for this
    /// point (interim_reasons_mask).
    pub(crate) fn interim_reasons(&self, idp: Option<&IssuingDistributionPoint<'_>>) -> Reasons {
        let only_some = idp
            .and_then(|i| i.only_some_reasons.as_ref())
            .map(Reasons::from_flags);
        match (only_some, self.reasons) {
            (Some(a), Some(b)) => a.intersection(b),
            (Some(a), None) => a,
            (None, Some(b)) => b,
            (None, None) => Reasons::ALL,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use cert::der::BitString;

    fn point(reasons: Option<&'static [u8]>) -> Point {
        Point {
            names: None,
            crl_issuers: None,
            crl_issuer_names: HashSet::new(),
            crl_issuer_text: Vec::new(),
            reasons: reasons.map(|b| {
                Reasons::from_flags(&BitString {
                    unused: 0,
                    bytes: b,
                })
            }),
        }
    }

    #[test]
    fn interim_reasons_follow_6_3_3_d() {
        let compromise: &[u8] = &[0x60]; // keyCompromise, cACompromise
        let key_only: &[u8] = &[0x40];
        let idp = |bytes: Option<&'static [u8]>| IssuingDistributionPoint {
            only_some_reasons: bytes.map(|b| BitString {
                unused: 0,
                bytes: b,
            }),
            ..Default::default()
        };
        // (d)(4): neither says: all reasons.
        assert!(point(None).interim_reasons(None).is_all());
        assert!(point(None).interim_reasons(Some(&idp(None))).is_all());
        // (d)(3): the point's reasons.
        assert_eq!(
            point(Some(key_only)).interim_reasons(None).describe(),
            "keyCompromise"
        );
        // (d)(2): the IDP's onlySomeReasons.
        assert_eq!(
            point(None)
                .interim_reasons(Some(&idp(Some(compromise))))
                .describe(),
            "keyCompromise, cACompromise"
        );
        // (d)(1): both: their intersection.
        assert_eq!(
            point(Some(key_only))
                .interim_reasons(Some(&idp(Some(compromise))))
                .describe(),
            "keyCompromise"
        );
    }
}
