//! Delta CRLs (RFC 5280 5.2.4, 6.3.3 (c), (h), (i)).
//!
//! A delta CRL updates a complete CRL when (5.2.4) both have the same
//! issuer and the same scope (6.3.3 (c): equal issuingDistributionPoint
//! extensions, or neither has one), the same authorityKeyIdentifier
//! (6.3.3 (c)(3)), and the complete CRL's cRLNumber is at least the
//! delta's BaseCRLNumber (deltaCRLIndicator) and below the delta's own
//! cRLNumber. It must be signed by the key that signed the complete CRL
//! (6.3.3 (h)) and be current. Of the deltas that qualify, the one with
//! the highest cRLNumber is used.
//!
//! Deltas are grouped by issuer, scope and key once per check and sorted
//! by cRLNumber, so pairing a complete CRL with its deltas costs a hash
//! lookup and a walk over the deltas of its group newer than it.

use std::collections::HashMap;

use cert::crl::{Crl, CrlExtValue, DELTA_CRL_INDICATOR, ISSUING_DISTRIBUTION_POINT};
use cert::oids;

use crate::names::NameKey;

/// What a complete CRL and its deltas must share: issuer, the IDP
/// extension's value, the AKI extension's value.
type Key = (NameKey, Option<Vec<u8>>, Option<Vec<u8>>);

fn ext_bytes(crl: &Crl<'_>, oid: cert::Oid<'_>) -> Option<Vec<u8>> {
    crl.extension(oid).map(|e| e.ext.value.to_vec())
}

fn key(crl: &Crl<'_>, issuer: &NameKey) -> Key {
    (
        issuer.clone(),
        ext_bytes(crl, ISSUING_DISTRIBUTION_POINT),
        ext_bytes(crl, oids::AUTHORITY_KEY_IDENTIFIER),
    )
}

/// A delta CRL's BaseCRLNumber (deltaCRLIndicator), when it decodes.
pub(crate) fn base_number<'a>(crl: &Crl<'a>) -> Option<&'a [u8]> {
    match crl.extension(DELTA_CRL_INDICATOR).map(|e| &e.value) {
        Some(Ok(CrlExtValue::DeltaCrlIndicator(n))) => Some(n),
        _ => None,
    }
}

/// A CRLNumber INTEGER content (5.2.3: non-negative, up to 20 octets) as
/// a key that orders as the integer: (length, octets) without leading
/// zero octets. `None` when empty or negative.
fn rank(n: &[u8]) -> Option<(usize, &[u8])> {
    if n.first().is_none_or(|b| b & 0x80 != 0) {
        return None;
    }
    let start = n.iter().position(|&b| b != 0).unwrap_or(n.len());
    let n = &n[start..];
    Some((n.len(), n))
}

/// A delta CRL as grouped: its index and its numbers.
#[derive(Debug)]
struct Entry<'a> {
    index: usize,
    /// cRLNumber, ranked.
    number: (usize, &'a [u8]),
    /// BaseCRLNumber (deltaCRLIndicator), ranked.
    base: (usize, &'a [u8]),
}

/// The delta CRLs among the CRLs given, grouped by what they must share
/// with a complete CRL; each group by cRLNumber, highest first.
#[derive(Debug, Default)]
pub(crate) struct Deltas<'a> {
    groups: HashMap<Key, Vec<Entry<'a>>>,
}

impl<'a> Deltas<'a> {
    /// Groups the deltas of `crls` (`issuers[i]` is `crls[i]`'s issuer).
    /// Deltas without a decodable, non-negative cRLNumber and
    /// BaseCRLNumber are left out (5.2.4 cannot be checked for them).
    pub(crate) fn new(crls: &[Crl<'a>], issuers: &[NameKey]) -> Deltas<'a> {
        let mut groups: HashMap<Key, Vec<Entry<'a>>> = HashMap::new();
        for (index, (crl, issuer)) in crls.iter().zip(issuers).enumerate() {
            if !crl.is_delta() {
                continue;
            }
            let number = crl.crl_number().and_then(rank);
            let base = base_number(crl).and_then(rank);
            if let (Some(number), Some(base)) = (number, base) {
                groups.entry(key(crl, issuer)).or_default().push(Entry {
                    index,
                    number,
                    base,
                });
            }
        }
        for list in groups.values_mut() {
            list.sort_by(|x, y| y.number.cmp(&x.number));
        }
        Deltas { groups }
    }

    /// The deltas that may update the complete CRL `base` (5.2.4: its
    /// cRLNumber at least their BaseCRLNumber and below their cRLNumber),
    /// highest cRLNumber first; none when `base` has no usable cRLNumber.
    pub(crate) fn for_base(&self, base: &Crl<'_>, issuer: &NameKey) -> Vec<usize> {
        let Some(n) = base.crl_number().and_then(rank) else {
            return Vec::new();
        };
        let Some(group) = self.groups.get(&key(base, issuer)) else {
            return Vec::new();
        };
        group
            .iter()
            .take_while(|d| d.number > n)
            .filter(|d| d.base <= n)
            .map(|d| d.index)
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crl_numbers_compare_as_integers() {
        assert!(rank(&[1]) < rank(&[5]));
        assert!(rank(&[0x00, 0x80]) > rank(&[0x7f]));
        assert_eq!(rank(&[0x00, 0x05]), rank(&[0x05]));
        assert!(rank(&[0x01, 0x00]) > rank(&[0x00, 0xff]));
        assert_eq!(rank(&[0]), rank(&[0, 0]));
        assert_eq!(rank(&[0x80]), None);
        assert_eq!(rank(&[]), None);
    }
}
