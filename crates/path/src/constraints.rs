//! Name constraints (RFC 5280 4.2.1.10), as path validation carries them
//! (6.1.2 (b)-(c), 6.1.3 (b)-(c), 6.1.4 (g)).
//!
//! The permitted_subtrees "intersection" of 6.1.4 (g)(1) is kept exactly
//! by remembering each CA's permitted set: a name must fall within some
//! subtree of every set that constrains its type. The excluded subtrees are
//! a union, one list.

use cert::GeneralName;
use cert::ext::{GeneralSubtree, NameConstraints};
use cert::name::Name;
use cert::oids;

use crate::error::Error;
use crate::names::{
    NameKey, dns_within, email_within, ip_text, ip_within, is_valid_dns_name,
    is_valid_ip_constraint, uri_host,
};

/// Name checks beyond this many (names x subtrees) for one certificate make
/// the path fail: a hostile CA could otherwise make validation quadratic
/// (the OpenSSL "many names / many constraints" cases).
pub const MAX_COMPARISONS: usize = 250_000;

/// The name types rootward evaluates constraints for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Dns,
    Email,
    Ip,
    Dir,
    Uri,
    /// otherName, x400Address, ediPartyName, registeredID: constraints of
    /// these types cannot be evaluated, so a name of a constrained
    /// unsupported type fails (RFC 5280 4.2.1.10: "If a name constraints
    /// extension that is marked as critical imposes constraints on a
    /// particular name form, and an instance of that name form appears ...
    /// the application MUST either process the constraint or reject").
    Other(u8),
}

fn kind(n: &GeneralName<'_>) -> Kind {
    match n {
        GeneralName::Dns(_) => Kind::Dns,
        GeneralName::Rfc822(_) => Kind::Email,
        GeneralName::Ip(_) => Kind::Ip,
        GeneralName::DirectoryName(_) => Kind::Dir,
        GeneralName::Uri(_) => Kind::Uri,
        GeneralName::OtherName { .. } => Kind::Other(0),
        GeneralName::X400(_) => Kind::Other(3),
        GeneralName::EdiParty(_) => Kind::Other(5),
        GeneralName::RegisteredId(_) => Kind::Other(8),
    }
}

/// One subtree, prepared for matching.
#[derive(Clone, Debug)]
struct Subtree<'a> {
    kind: Kind,
    base: GeneralName<'a>,
    dir: Option<NameKey>,
}

/// A name of the certificate being checked, prepared.
enum Subject<'a> {
    Dns(&'a [u8]),
    Email(&'a [u8]),
    Ip(&'a [u8]),
    Dir(NameKey, String),
    Uri(&'a [u8]),
    Other(u8, &'static str),
}

impl Subject<'_> {
    fn kind(&self) -> Kind {
        match self {
            Subject::Dns(_) => Kind::Dns,
            Subject::Email(_) => Kind::Email,
            Subject::Ip(_) => Kind::Ip,
            Subject::Dir(..) => Kind::Dir,
            Subject::Uri(_) => Kind::Uri,
            Subject::Other(t, _) => Kind::Other(*t),
        }
    }

    fn describe(&self) -> String {
        let text = |b: &[u8]| String::from_utf8_lossy(b).into_owned();
        match self {
            Subject::Dns(d) => format!("dNSName \"{}\"", text(d)),
            Subject::Email(e) => format!("rfc822Name \"{}\"", text(e)),
            Subject::Ip(a) => format!("iPAddress {}", ip_text(a)),
            Subject::Dir(_, s) => format!("directoryName \"{s}\""),
            Subject::Uri(u) => format!("URI \"{}\"", text(u)),
            Subject::Other(_, k) => (*k).to_string(),
        }
    }
}

/// Whether `name` lies within `tree` (same type assumed).
fn within(name: &Subject<'_>, tree: &Subtree<'_>) -> bool {
    match (name, &tree.base) {
        (Subject::Dns(d), GeneralName::Dns(b)) => {
            if let Some(rest) = d.strip_prefix(b"*.") {
                // RFC 9525 wildcards: every name the pattern stands for
                // must lie within, i.e. its parent domain must.
                dns_within(rest, b)
            } else {
                dns_within(d, b)
            }
        }
        (Subject::Email(e), GeneralName::Rfc822(b)) => email_within(e, b),
        (Subject::Ip(a), GeneralName::Ip(b)) => ip_within(a, b),
        (Subject::Dir(k, _), GeneralName::DirectoryName(_)) => {
            tree.dir.as_ref().is_some_and(|t| k.starts_with(t))
        }
        (Subject::Uri(u), GeneralName::Uri(b)) => uri_host(u).is_some_and(|h| {
            // RFC 5280 4.2.1.10: a URI constraint names a host, or with a
            // leading period a domain's hosts.
            if b.starts_with(b".") {
                dns_within(h, b)
            } else {
                h.eq_ignore_ascii_case(b)
            }
        }),
        _ => false,
    }
}

/// Whether an excluded subtree might cover a name: as [`within`], but a
/// wildcard is excluded when any name it stands for could be (CVE-2025-61727:
/// `*.example.com` against an excluded `bar.example.com`).
fn maybe_within(name: &Subject<'_>, tree: &Subtree<'_>) -> bool {
    if let (Subject::Dns(d), GeneralName::Dns(b)) = (name, &tree.base)
        && let Some(rest) = d.strip_prefix(b"*.")
    {
        return dns_within(rest, b) || dns_within(b, rest);
    }
    within(name, tree)
}

/// Whether a name is well formed for its type, as name constraints need it
/// to be: a malformed name cannot be shown to lie within a permitted subtree.
fn well_formed(name: &Subject<'_>) -> bool {
    match name {
        Subject::Dns(d) => is_valid_dns_name(d, true),
        Subject::Email(e) => {
            e.iter().filter(|&&b| b == b'@').count() == 1
                && !e.starts_with(b"@")
                && !e.ends_with(b"@")
        }
        Subject::Ip(a) => a.len() == 4 || a.len() == 16,
        _ => true,
    }
}

/// The constraint state of a path being validated.
#[derive(Clone, Debug, Default)]
pub struct State<'a> {
    /// Each constraining CA's permitted subtrees, with the CA's subject.
    permitted: Vec<(String, Vec<Subtree<'a>>)>,
    /// Every excluded subtree so far, with its CA's subject.
    excluded: Vec<(String, Subtree<'a>)>,
}

impl<'a> State<'a> {
    /// 6.1.4 (g): adds a CA's nameConstraints. Malformed constraint values
    /// (a dNSName that is not a host name, an iPAddress not in CIDR form, an
    /// rfc822Name with two '@') make the path fail.
    pub fn add(&mut self, ca: &str, nc: &NameConstraints<'a>) -> Result<(), Error> {
        if nc.permitted.is_none() && nc.excluded.is_none() {
            return Err(Error::Malformed {
                what: "nameConstraints".into(),
                detail: "neither permittedSubtrees nor excludedSubtrees is present (RFC 5280 4.2.1.10: MUST NOT be empty)".into(),
            });
        }
        let prepare = |list: &[GeneralSubtree<'a>]| -> Result<Vec<Subtree<'a>>, Error> {
            if list.is_empty() {
                return Err(Error::Malformed {
                    what: "nameConstraints".into(),
                    detail: "an empty GeneralSubtrees (SIZE (1..MAX))".into(),
                });
            }
            list.iter()
                .map(|s| {
                    if s.minimum.unwrap_or(0) != 0 || s.maximum.is_some() {
                        return Err(Error::Malformed {
                            what: "nameConstraints".into(),
                            detail: "minimum/maximum other than the defaults (RFC 5280 4.2.1.10: MUST be 0 and absent)".into(),
                        });
                    }
                    check_base(&s.base)?;
                    Ok(Subtree {
                        kind: kind(&s.base),
                        dir: match &s.base {
                            GeneralName::DirectoryName(n) => Some(NameKey::of(n)),
                            _ => None,
                        },
                        base: s.base.clone(),
                    })
                })
                .collect()
        };
        if let Some(p) = &nc.permitted {
            self.permitted.push((ca.to_string(), prepare(p)?));
        }
        if let Some(e) = &nc.excluded {
            for t in prepare(e)? {
                self.excluded.push((ca.to_string(), t));
            }
        }
        Ok(())
    }

    /// Whether any constraint is in force.
    pub fn is_empty(&self) -> bool {
        self.permitted.is_empty() && self.excluded.is_empty()
    }

    /// 6.1.3 (b)-(c): checks a certificate's subject (when `check_subject`)
    /// and subjectAltName names.
    pub fn check(
        &self,
        subject: &Name<'_>,
        sans: &[GeneralName<'_>],
        check_subject: bool,
    ) -> Result<(), Error> {
        if self.is_empty() {
            return Ok(());
        }
        let mut names: Vec<Subject<'_>> = Vec::new();
        if check_subject && !subject.is_empty() {
            names.push(Subject::Dir(NameKey::of(subject), subject.to_string()));
            // RFC 5280 4.2.1.10: emailAddress attributes in the subject are
            // checked against rfc822Name constraints.
            for a in subject.find(oids::EMAIL_ADDRESS) {
                names.push(Subject::Email(a.value.value));
            }
        }
        for n in sans {
            names.push(match n {
                GeneralName::Dns(d) => Subject::Dns(d),
                GeneralName::Rfc822(e) => Subject::Email(e),
                GeneralName::Ip(a) => Subject::Ip(a),
                GeneralName::DirectoryName(d) => Subject::Dir(NameKey::of(d), d.to_string()),
                GeneralName::Uri(u) => Subject::Uri(u),
                other => {
                    let Kind::Other(t) = kind(other) else {
                        continue;
                    };
                    Subject::Other(t, other.kind())
                }
            });
        }
        let subtrees: usize =
            self.permitted.iter().map(|(_, p)| p.len()).sum::<usize>() + self.excluded.len();
        if names.len().saturating_mul(subtrees) > MAX_COMPARISONS {
            return Err(Error::Profile {
                message: format!(
                    "{} names against {} name-constraint subtrees: more than rootward checks ({} comparisons)",
                    names.len(),
                    subtrees,
                    MAX_COMPARISONS
                ),
                section: "RFC 5280 6.1.3 (b)-(c) (bounded work)",
            });
        }
        for name in &names {
            let k = name.kind();
            for (ca, set) in &self.permitted {
                if !set.iter().any(|t| t.kind == k) {
                    continue;
                }
                if matches!(k, Kind::Other(_))
                    || !well_formed(name)
                    || !set.iter().any(|t| t.kind == k && within(name, t))
                {
                    return Err(Error::NameNotPermitted {
                        name: name.describe(),
                        ca: ca.clone(),
                    });
                }
            }
            for (ca, t) in &self.excluded {
                if t.kind == k && (matches!(k, Kind::Other(_)) || maybe_within(name, t)) {
                    return Err(Error::NameExcluded {
                        name: name.describe(),
                        ca: ca.clone(),
                    });
                }
            }
        }
        Ok(())
    }
}

/// Checks that a constraint's base is well formed for its type.
fn check_base(base: &GeneralName<'_>) -> Result<(), Error> {
    let bad = |detail: String| Error::Malformed {
        what: "nameConstraints".into(),
        detail,
    };
    match base {
        // RFC 5280 4.2.1.10: a dNSName constraint is a host name with zero
        // or more labels; no leading period (that form is for URIs and
        // rfc822Names), no wildcard.
        GeneralName::Dns(d) if !d.is_empty() && !is_valid_dns_name(d, false) => Err(bad(format!(
            "dNSName constraint \"{}\" is not a host name",
            String::from_utf8_lossy(d)
        ))),
        GeneralName::Ip(b) if !is_valid_ip_constraint(b) => Err(bad(format!(
            "iPAddress constraint of {} octets is not an address and CIDR mask",
            b.len()
        ))),
        GeneralName::Rfc822(e) if e.iter().filter(|&&b| b == b'@').count() > 1 => {
            Err(bad(format!(
                "rfc822Name constraint \"{}\" has more than one '@'",
                String::from_utf8_lossy(e)
            )))
        }
        _ => Ok(()),
    }
}
