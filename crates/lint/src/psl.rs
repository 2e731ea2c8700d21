//! Public suffixes (the Public Suffix List, https://publicsuffix.org/):
//! names under which anyone may register, such as `com` or `co.uk`. A
//! wildcard directly above one (`*.co.uk`) would cover names of many
//! unrelated registrants (TLS BR 3.2.2.6).
//!
//! The rules are generated into `psl_rules.rs` by `data/gen_psl.py` from the
//! list's ICANN section only: TLS BR 3.2.2.6 says a CA SHOULD consult that
//! section and not the PRIVATE one, whose entries (`github.io`,
//! `appspot.com`) are namespaces their single registrant may hold a
//! wildcard for.

#[path = "psl_rules.rs"]
mod rules;

/// The kind of a list rule.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Kind {
    /// `!name`: not a public suffix although a wildcard rule covers it.
    Exception,
    /// `name`: a public suffix.
    Plain,
    /// `*.name`: every label directly under `name` is a public suffix.
    Wildcard,
}

fn kinds(name: &str) -> impl Iterator<Item = Kind> {
    let rules = rules::RULES;
    let start = rules.partition_point(|(n, _)| *n < name);
    rules[start..]
        .iter()
        .take_while(move |(n, _)| *n == name)
        .map(|(_, k)| *k)
}

/// Whether `domain` (A-labels, any case, no trailing dot) is a public
/// suffix: listed as one, directly under a wildcard rule and not excepted,
/// or a single label (the list's implicit `*` rule covers every top-level
/// domain, listed or not).
pub fn is_public_suffix(domain: &str) -> bool {
    let domain = domain.trim_end_matches('.').to_ascii_lowercase();
    if domain.is_empty() {
        return false;
    }
    if !domain.contains('.') {
        return true;
    }
    if kinds(&domain).any(|k| k == Kind::Plain) {
        return true;
    }
    let Some((_, parent)) = domain.split_once('.') else {
        return false;
    };
    kinds(parent).any(|k| k == Kind::Wildcard) && !kinds(&domain).any(|k| k == Kind::Exception)
}

#[cfg(test)]
mod tests {
    use super::is_public_suffix;

    #[test]
    fn suffixes_of_the_icann_section() {
        for s in [
            "com",
            "co.uk",
            "COM.",
            "xn--p1ai",
            "unlisted-tld",
            "anything.ck",
        ] {
            assert!(is_public_suffix(s), "{s}");
        }
        for s in [
            "example.com",
            "bbc.co.uk",
            "rootward.github.io",
            // PRIVATE section entries (TLS BR 3.2.2.6: consult ICANN only).
            "github.io",
            "appspot.com",
            "www.ck",
            "",
        ] {
            assert!(!is_public_suffix(s), "{s}");
        }
    }

    #[test]
    fn the_table_is_sorted_for_binary_search() {
        assert!(super::rules::RULES.windows(2).all(|w| w[0] <= w[1]));
    }
}
