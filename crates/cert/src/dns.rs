//! Host name syntax: the preferred name syntax of RFC 1034 3.5 as relaxed by
//! RFC 1123 2.1 (a label may start with a digit), which RFC 5280 4.2.1.6
//! requires of a dNSName and the TLS Baseline Requirements (1.6.1, "LDH
//! Label") of every domain name.
//!
//! One definition for the linter's rules and the path validator's checks, so
//! a name the linter accepts is never refused as malformed by the validator.

use std::fmt;

/// Longest label: 63 octets (RFC 1034 3.1).
pub const MAX_LABEL: usize = 63;

/// Why one label is not an LDH label.
#[non_exhaustive]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LabelProblem {
    /// Zero octets (two dots in a row, or a leading or trailing dot).
    Empty,
    /// More than [`MAX_LABEL`] octets.
    TooLong,
    /// A character other than an ASCII letter, digit or hyphen.
    NotLdh,
    /// Starts or ends with a hyphen.
    Hyphen,
}

impl fmt::Display for LabelProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            LabelProblem::Empty => "an empty label",
            LabelProblem::TooLong => "a label longer than 63 characters",
            LabelProblem::NotLdh => {
                "a label with characters other than letters, digits and hyphens"
            }
            LabelProblem::Hyphen => "a label that starts or ends with a hyphen",
        })
    }
}

/// Why `label` is not an LDH label (RFC 1034 3.5, RFC 1123 2.1), if it is not.
pub fn label_problem(label: &[u8]) -> Option<LabelProblem> {
    if label.is_empty() {
        Some(LabelProblem::Empty)
    } else if label.len() > MAX_LABEL {
        Some(LabelProblem::TooLong)
    } else if !label
        .iter()
        .all(|b| b.is_ascii_alphanumeric() || *b == b'-')
    {
        Some(LabelProblem::NotLdh)
    } else if label[0] == b'-' || label[label.len() - 1] == b'-' {
        Some(LabelProblem::Hyphen)
    } else {
        None
    }
}

/// The first label of `name` (split at dots) that is not an LDH label, with
/// why; `None` when every label is one. The length of the whole name is not
/// judged here: callers that bound it (253 octets, RFC 1034 3.1) say so.
pub fn first_bad_label(name: &[u8]) -> Option<(&[u8], LabelProblem)> {
    name.split(|&b| b == b'.')
        .find_map(|l| label_problem(l).map(|p| (l, p)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels() {
        assert_eq!(label_problem(b"example"), None);
        assert_eq!(
            label_problem(b"3com"),
            None,
            "RFC 1123 2.1: a digit may lead"
        );
        assert_eq!(label_problem(b"a-b"), None);
        assert_eq!(label_problem(&[b'a'; 63]), None);
        assert_eq!(label_problem(b""), Some(LabelProblem::Empty));
        assert_eq!(label_problem(&[b'a'; 64]), Some(LabelProblem::TooLong));
        assert_eq!(label_problem(b"a_b"), Some(LabelProblem::NotLdh));
        assert_eq!(label_problem(b"*"), Some(LabelProblem::NotLdh));
        assert_eq!(label_problem("é".as_bytes()), Some(LabelProblem::NotLdh));
        assert_eq!(label_problem(b"-a"), Some(LabelProblem::Hyphen));
        assert_eq!(label_problem(b"a-"), Some(LabelProblem::Hyphen));
    }

    #[test]
    fn names() {
        assert_eq!(first_bad_label(b"www.example.com"), None);
        assert_eq!(
            first_bad_label(b"www..com"),
            Some((&b""[..], LabelProblem::Empty))
        );
        assert_eq!(
            first_bad_label(b"a_b.example.com"),
            Some((&b"a_b"[..], LabelProblem::NotLdh))
        );
        assert_eq!(
            first_bad_label(b"example.com."),
            Some((&b""[..], LabelProblem::Empty))
        );
    }
}
