//! Sets of revocation reasons: the `reasons_mask` and
//! `interim_reasons_mask` state of RFC 5280 6.3.2 (a) and 6.3.3 (d), read
//! from the ReasonFlags of a distribution point (4.2.1.13) or an
//! issuingDistributionPoint's onlySomeReasons (5.2.5).
//!
//! ```asn1
//! ReasonFlags ::= BIT STRING {
//!      unused                  (0),
//!      keyCompromise           (1),
//!      cACompromise            (2),
//!      affiliationChanged      (3),
//!      superseded              (4),
//!      cessationOfOperation    (5),
//!      certificateHold         (6),
//!      privilegeWithdrawn      (7),
//!      aACompromise            (8) }
//! ```
//!
//! Bit 0 (`unused`) names no reason and is ignored; `all-reasons` is bits
//! 1 to 8.

use cert::der::BitString;

/// The named reasons, in bit order (bit 1 first).
const NAMES: [&str; 8] = [
    "keyCompromise",
    "cACompromise",
    "affiliationChanged",
    "superseded",
    "cessationOfOperation",
    "certificateHold",
    "privilegeWithdrawn",
    "aACompromise",
];

/// A set of ReasonFlags reasons (bit n of the BIT STRING is bit n - 1 here).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct Reasons(u8);

impl Reasons {
    /// No reason (the initial `reasons_mask`, RFC 5280 6.3.2 (a)).
    pub(crate) const NONE: Reasons = Reasons(0);
    /// The special value `all-reasons`.
    pub(crate) const ALL: Reasons = Reasons(0xff);

    /// The reasons a ReasonFlags BIT STRING asserts (bit 0 ignored).
    pub(crate) fn from_flags(flags: &BitString<'_>) -> Reasons {
        let mut set = 0u8;
        for (i, _) in NAMES.iter().enumerate() {
            if flags.bit(i + 1) {
                set |= 1 << i;
            }
        }
        Reasons(set)
    }

    /// Both sets' reasons.
    pub(crate) fn union(self, other: Reasons) -> Reasons {
        Reasons(self.0 | other.0)
    }

    /// The reasons in both sets.
    pub(crate) fn intersection(self, other: Reasons) -> Reasons {
        Reasons(self.0 & other.0)
    }

    /// Whether the set is `all-reasons`.
    pub(crate) fn is_all(self) -> bool {
        self == Reasons::ALL
    }

    /// Whether the set is empty.
    pub(crate) fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// The reasons not in the set.
    pub(crate) fn complement(self) -> Reasons {
        Reasons(!self.0)
    }

    /// The reasons' ASN.1 names, comma separated ("none" when empty).
    pub(crate) fn describe(self) -> String {
        if self.is_empty() {
            return "none".into();
        }
        NAMES
            .iter()
            .enumerate()
            .filter(|(i, _)| self.0 & (1 << i) != 0)
            .map(|(_, n)| *n)
            .collect::<Vec<_>>()
            .join(", ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn flags(bytes: &[u8], unused: u8) -> Reasons {
        Reasons::from_flags(&BitString { unused, bytes })
    }

    #[test]
    fn reason_flags_map_bits_one_to_eight() {
        // keyCompromise (1) and cACompromise (2): 0110 0000, 5 unused bits.
        let compromise = flags(&[0x60], 5);
        assert_eq!(compromise.describe(), "keyCompromise, cACompromise");
        // unused (0) and affiliationChanged (3) .. aACompromise (8), as the
        // PKITS "other reasons" CRLs encode them: 1001 1111 1000 0000.
        let other = flags(&[0x9f, 0x80], 7);
        assert!(other.intersection(compromise).is_empty());
        assert!(compromise.union(other).is_all());
        assert!(!other.is_all());
        assert_eq!(other.complement().describe(), "keyCompromise, cACompromise");
    }

    #[test]
    fn bit_zero_alone_is_no_reason() {
        assert!(flags(&[0x80], 7).is_empty());
        assert_eq!(Reasons::NONE.describe(), "none");
    }
}
