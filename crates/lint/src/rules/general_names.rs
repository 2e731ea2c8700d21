//! Syntax of names wherever they appear: GeneralNames in subjectAltName,
//! issuerAltName, cRLDistributionPoints, freshestCRL, authority and subject
//! information access, nameConstraints, the Adobe timestamp extension, and the
//! subject's emailAddress attribute (RFC 5280 4.2.1.6, RFC 5321, RFC 3986,
//! RFC 9598), plus the CA/Browser Forum ban on internal domain names.
//!
//! The parsers here are small hand-written checks of the ABNF in those RFCs;
//! they never panic and never allocate more than the value they inspect.

use std::borrow::Cow;

use cert::der::{IssueSink, Reader, tag};
use cert::ext::ExtValue;
use cert::{Certificate, GeneralName, Oid, oids};

use crate::finding::Severity;
use crate::rule::{Ctx, Out, Rule, scope};

/// The public top-level domains (shared: other rule files may use it through this path).
#[path = "data/tlds.rs"]
pub(crate) mod tlds;

/// Where a GeneralName was found; decides which syntax applies to it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Source {
    /// subjectAltName.
    San,
    /// issuerAltName.
    Ian,
    /// A cRLDistributionPoints or freshestCRL fullName or cRLIssuer.
    Crldp,
    /// An authorityInfoAccess or subjectInfoAccess accessLocation.
    InfoAccess,
    /// A nameConstraints subtree base (constraint syntax, not name syntax).
    Constraint,
}

/// Where a GeneralName sits, rendered only when a finding needs it (most
/// names have none, and formatting every location was most of the cost).
#[derive(Clone, Copy)]
enum Loc {
    /// `extensions.{ext}[{i}]`
    Entry { ext: Oid<'static>, i: usize },
    /// `extensions.{ext}[{i}].{field}[{j}]`
    Nested {
        ext: Oid<'static>,
        i: usize,
        field: &'static str,
        j: usize,
    },
    /// `extensions.{ext}.{field}[{i}]`
    Subtree {
        ext: Oid<'static>,
        field: &'static str,
        i: usize,
    },
}

impl From<Loc> for String {
    fn from(l: Loc) -> String {
        let name = |o: Oid<'static>| o.name().unwrap_or("extension");
        match l {
            Loc::Entry { ext, i } => format!("extensions.{}[{i}]", name(ext)),
            Loc::Nested { ext, i, field, j } => {
                format!("extensions.{}[{i}].{field}[{j}]", name(ext))
            }
            Loc::Subtree { ext, field, i } => format!("extensions.{}.{field}[{i}]", name(ext)),
        }
    }
}

/// The `'static` constant equal to a certificate's extension OID, for those
/// that carry GeneralNames.
fn known_oid(o: Oid<'_>) -> Option<Oid<'static>> {
    [
        oids::SUBJECT_ALT_NAME,
        oids::ISSUER_ALT_NAME,
        oids::CRL_DISTRIBUTION_POINTS,
        oids::FRESHEST_CRL,
        oids::AUTHORITY_INFO_ACCESS,
        oids::SUBJECT_INFO_ACCESS,
        oids::NAME_CONSTRAINTS,
    ]
    .into_iter()
    .find(|k| *k == o)
}

/// One GeneralName with its location.
struct Located<'c, 'a> {
    location: Loc,
    source: Source,
    name: &'c GeneralName<'a>,
}

/// Every GeneralName in the certificate's extensions, in encoded order.
fn all_names<'c, 'a>(cert: &'c Certificate<'a>) -> Vec<Located<'c, 'a>> {
    let mut out = Vec::new();
    for e in cert.extensions() {
        let Ok(v) = &e.parsed else { continue };
        // Only known extensions have GeneralNames, so the OID is one of ours.
        let Some(ext_name) = known_oid(e.oid) else {
            continue;
        };
        match v {
            ExtValue::SubjectAltName(ns) | ExtValue::IssuerAltName(ns) => {
                let source = if matches!(v, ExtValue::SubjectAltName(_)) {
                    Source::San
                } else {
                    Source::Ian
                };
                for (i, n) in ns.iter().enumerate() {
                    out.push(Located {
                        location: Loc::Entry { ext: ext_name, i },
                        source,
                        name: n,
                    });
                }
            }
            ExtValue::CrlDistributionPoints(dps) => {
                for (i, dp) in dps.iter().enumerate() {
                    for (j, n) in dp.full_name.iter().flatten().enumerate() {
                        out.push(Located {
                            location: Loc::Nested {
                                ext: ext_name,
                                i,
                                field: "fullName",
                                j,
                            },
                            source: Source::Crldp,
                            name: n,
                        });
                    }
                    for (j, n) in dp.crl_issuer.iter().flatten().enumerate() {
                        out.push(Located {
                            location: Loc::Nested {
                                ext: ext_name,
                                i,
                                field: "cRLIssuer",
                                j,
                            },
                            source: Source::Crldp,
                            name: n,
                        });
                    }
                }
            }
            ExtValue::InfoAccess(ads) => {
                for (i, ad) in ads.iter().enumerate() {
                    out.push(Located {
                        location: Loc::Entry { ext: ext_name, i },
                        source: Source::InfoAccess,
                        name: &ad.location,
                    });
                }
            }
            ExtValue::NameConstraints(nc) => {
                for (field, subtrees) in [
                    ("permittedSubtrees", &nc.permitted),
                    ("excludedSubtrees", &nc.excluded),
                ] {
                    for (i, st) in subtrees.iter().flatten().enumerate() {
                        out.push(Located {
                            location: Loc::Subtree {
                                ext: ext_name,
                                field,
                                i,
                            },
                            source: Source::Constraint,
                            name: &st.base,
                        });
                    }
                }
            }
            _ => {}
        }
    }
    out
}

use crate::rules::show;

// ---------------------------------------------------------------------------
// RFC 5321 / RFC 6531 Mailbox syntax
// ---------------------------------------------------------------------------

/// atext (RFC 5322 3.2.3), ASCII part.
fn is_atext(c: char) -> bool {
    c.is_ascii_alphanumeric() || "!#$%&'*+-/=?^_`{|}~".contains(c)
}

/// A domain label in preferred name syntax (RFC 1034 3.5, RFC 5321
/// sub-domain); with `utf8`, a label holding non-ASCII characters is taken as
/// a U-label (RFC 6531 3.3) and only its hyphen placement is checked.
fn label_ok(l: &str, utf8: bool) -> bool {
    if l.is_empty() || l.len() > 63 {
        return false;
    }
    let ascii_ok = |c: char| c.is_ascii_alphanumeric() || c == '-';
    if !l
        .chars()
        .all(|c| ascii_ok(c) || (utf8 && !c.is_ascii() && !c.is_control() && !c.is_whitespace()))
    {
        return false;
    }
    !l.starts_with('-') && !l.ends_with('-')
}

/// Domain (RFC 5321 4.1.2): dot-separated labels.
fn domain_ok(d: &str, utf8: bool) -> bool {
    !d.is_empty() && d.split('.').all(|l| label_ok(l, utf8))
}

/// address-literal (RFC 5321 4.1.3), without the brackets.
fn address_literal_ok(inner: &str) -> bool {
    if inner.parse::<std::net::Ipv4Addr>().is_ok() {
        return true;
    }
    if let Some(v6) = inner.strip_prefix("IPv6:") {
        return v6.parse::<std::net::Ipv6Addr>().is_ok();
    }
    // General-address-literal = Standardized-tag ":" 1*dcontent
    match inner.split_once(':') {
        Some((tag, content)) => {
            domain_ok(tag, false)
                && !content.is_empty()
                && content
                    .bytes()
                    .all(|b| (33..=90).contains(&b) || (94..=126).contains(&b))
        }
        None => false,
    }
}

/// Why a Mailbox does not parse.
#[derive(Debug, PartialEq, Eq)]
enum MailboxError {
    NoAt,
    LocalPart,
    Domain,
}

impl MailboxError {
    fn describe(&self) -> &'static str {
        match self {
            MailboxError::NoAt => "has no \"@\" separating a local part from a domain",
            MailboxError::LocalPart => {
                "has a local part that is neither a dot-string nor a quoted string"
            }
            MailboxError::Domain => {
                "has a domain that is neither a domain name nor an address literal"
            }
        }
    }
}

/// A parsed Mailbox: the local part and the domain (or bracketed literal).
#[derive(Debug)]
struct Mailbox<'s> {
    local: &'s str,
    domain: &'s str,
}

impl Mailbox<'_> {
    fn is_literal(&self) -> bool {
        self.domain.starts_with('[')
    }
}

/// Parses `Mailbox = Local-part "@" ( Domain / address-literal )` (RFC 5321
/// 4.1.2); with `utf8`, the RFC 6531 3.3 extensions (non-ASCII in atext,
/// qtext and U-label domains).
fn parse_mailbox(s: &str, utf8: bool) -> Result<Mailbox<'_>, MailboxError> {
    let non_ascii_ok = |c: char| utf8 && !c.is_ascii() && !c.is_control() && !c.is_whitespace();
    // Split after the local part: a quoted string may itself contain '@'.
    let at = if s.starts_with('"') {
        let mut escaped = false;
        let mut end = None;
        for (i, c) in s.char_indices().skip(1) {
            if escaped {
                if !(' '..='~').contains(&c) {
                    return Err(MailboxError::LocalPart);
                }
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == '"' {
                end = Some(i);
                break;
            } else if !((' '..='~').contains(&c) || non_ascii_ok(c)) {
                return Err(MailboxError::LocalPart);
            }
        }
        let end = end.ok_or(MailboxError::LocalPart)?;
        if s[end + 1..].starts_with('@') {
            end + 1
        } else if s[end + 1..].contains('@') {
            return Err(MailboxError::LocalPart);
        } else {
            return Err(MailboxError::NoAt);
        }
    } else {
        s.find('@').ok_or(MailboxError::NoAt)?
    };
    let (local, domain) = (&s[..at], &s[at + 1..]);
    if !local.starts_with('"') {
        let atom_ok = |a: &str| !a.is_empty() && a.chars().all(|c| is_atext(c) || non_ascii_ok(c));
        if !local.split('.').all(atom_ok) {
            return Err(MailboxError::LocalPart);
        }
    }
    let domain_valid = match domain.strip_prefix('[').and_then(|d| d.strip_suffix(']')) {
        Some(inner) => address_literal_ok(inner),
        None => domain_ok(domain, utf8),
    };
    if !domain_valid {
        return Err(MailboxError::Domain);
    }
    Ok(Mailbox { local, domain })
}

/// The domain of an address for length and internal-name checks: the text
/// after the last '@' (empty when there is none).
fn domain_of(s: &str) -> &str {
    s.rsplit_once('@').map(|(_, d)| d).unwrap_or("")
}

/// RFC 5321 4.5.3.1.2: a domain name is at most 255 octets.
const MAX_DOMAIN_OCTETS: usize = 255;

// ---------------------------------------------------------------------------
// RFC 3986 URI syntax
// ---------------------------------------------------------------------------

/// The host of a URI's authority, when it has one.
#[derive(Debug, PartialEq, Eq)]
enum UriHost<'s> {
    /// No authority component.
    None,
    /// An authority whose host is empty.
    Empty,
    /// An IP-literal or IPv4address.
    Ip,
    /// A reg-name.
    Name(&'s str),
}

/// A URI split into the parts the rules look at.
#[derive(Debug)]
pub(crate) struct Uri<'s> {
    /// The scheme, as written.
    pub(crate) scheme: &'s str,
    host: UriHost<'s>,
}

fn is_unreserved(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"-._~".contains(&b)
}
fn is_sub_delim(b: u8) -> bool {
    b"!$&'()*+,;=".contains(&b)
}

/// Checks that `s` consists of pchar-like characters plus `extra`, with
/// well-formed percent-encodings.
fn chars_ok(s: &str, extra: &[u8]) -> bool {
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        if c == b'%' {
            if !(b.get(i + 1).is_some_and(u8::is_ascii_hexdigit)
                && b.get(i + 2).is_some_and(u8::is_ascii_hexdigit))
            {
                return false;
            }
            i += 3;
            continue;
        }
        if !(is_unreserved(c) || is_sub_delim(c) || extra.contains(&c)) {
            return false;
        }
        i += 1;
    }
    true
}

/// Parses an absolute URI (RFC 3986 3: `scheme ":" hier-part [ "?" query ]
/// [ "#" fragment ]`). Returns why it is not one.
pub(crate) fn parse_uri(s: &str) -> Result<Uri<'_>, &'static str> {
    if !s.is_ascii() {
        return Err("contains non-ASCII characters");
    }
    let Some((scheme, rest)) = s.split_once(':') else {
        return Err("has no scheme");
    };
    let mut sc = scheme.bytes();
    if !sc.next().is_some_and(|b| b.is_ascii_alphabetic())
        || !sc.all(|b| b.is_ascii_alphanumeric() || b"+-.".contains(&b))
    {
        return Err("has no valid scheme");
    }
    let (before_frag, fragment) = match rest.split_once('#') {
        Some((a, f)) => (a, Some(f)),
        None => (rest, None),
    };
    if fragment.is_some_and(|f| !chars_ok(f, b":@/?")) {
        return Err("has invalid characters in the fragment");
    }
    let (hier, query) = match before_frag.split_once('?') {
        Some((h, q)) => (h, Some(q)),
        None => (before_frag, None),
    };
    if query.is_some_and(|q| !chars_ok(q, b":@/?")) {
        return Err("has invalid characters in the query");
    }
    let mut host = UriHost::None;
    let path = if let Some(after) = hier.strip_prefix("//") {
        let end = after.find('/').unwrap_or(after.len());
        let (authority, path) = after.split_at(end);
        let hostport = match authority.rsplit_once('@') {
            Some((userinfo, hp)) => {
                if !chars_ok(userinfo, b":") {
                    return Err("has invalid characters in the userinfo");
                }
                hp
            }
            None => authority,
        };
        let (h, port) = if hostport.starts_with('[') {
            let close = hostport.find(']').ok_or("has an unterminated IP literal")?;
            let inner = &hostport[1..close];
            let v6 = inner.parse::<std::net::Ipv6Addr>().is_ok();
            // IPvFuture = "v" 1*HEXDIG "." 1*( unreserved / sub-delims / ":" )
            let future = inner.len() > 3
                && inner.starts_with(['v', 'V'])
                && inner[1..].split_once('.').is_some_and(|(hex, rest)| {
                    !hex.is_empty()
                        && hex.bytes().all(|b| b.is_ascii_hexdigit())
                        && !rest.is_empty()
                        && chars_ok(rest, b":")
                });
            if !v6 && !future {
                return Err("has an invalid IP literal");
            }
            host = UriHost::Ip;
            let after_lit = &hostport[close + 1..];
            (
                None,
                if after_lit.is_empty() {
                    None
                } else {
                    Some(
                        after_lit
                            .strip_prefix(':')
                            .ok_or("has characters after the IP literal")?,
                    )
                },
            )
        } else {
            match hostport.rsplit_once(':') {
                Some((h, p)) => (Some(h), Some(p)),
                None => (Some(hostport), None),
            }
        };
        if port.is_some_and(|p| !p.bytes().all(|b| b.is_ascii_digit())) {
            return Err("has a non-numeric port");
        }
        if let Some(h) = h {
            if !chars_ok(h, b"") {
                return Err("has invalid characters in the host");
            }
            host = if h.is_empty() {
                UriHost::Empty
            } else if h.parse::<std::net::Ipv4Addr>().is_ok() {
                UriHost::Ip
            } else {
                UriHost::Name(h)
            };
        }
        path
    } else {
        hier
    };
    if !chars_ok(path, b":@/") {
        return Err("has invalid characters in the path");
    }
    Ok(Uri { scheme, host })
}

// ---------------------------------------------------------------------------
// dNSName syntax
// ---------------------------------------------------------------------------

/// Why a dNSName is not in preferred name syntax (RFC 5280 4.2.1.6, RFC 1034 3.5).
fn dns_name_problem(s: &[u8], source: Source) -> Option<Cow<'static, str>> {
    let Ok(s) = std::str::from_utf8(s) else {
        return Some(Cow::Borrowed("is not ASCII"));
    };
    if !s.is_ascii() {
        return Some(Cow::Borrowed("is not ASCII"));
    }
    let mut s = s;
    if source == Source::Constraint {
        // A constraint may be empty (every name) or start with '.' (subdomains only).
        if s.is_empty() {
            return None;
        }
        s = s.strip_prefix('.').unwrap_or(s);
    } else if let Some(rest) = s.strip_prefix("*.") {
        // Wildcard left-most label (RFC 6125 6.4.3), widely used though not in RFC 5280.
        s = rest;
    }
    if s.is_empty() {
        return Some(Cow::Borrowed("is empty"));
    }
    // The whole name's length is rfc1034.dns_name.too_long's (and for URI
    // hosts rfc1034.uri_host.too_long's) finding, not a syntax error.
    cert::dns::first_bad_label(s.as_bytes())
        .map(|(_, problem)| Cow::Owned(format!("has {problem}")))
}

// ---------------------------------------------------------------------------
// Public TLDs
// ---------------------------------------------------------------------------

/// Whether the last label of `domain` is a top-level domain delegated in the
/// root zone (per the Public Suffix List's ICANN section), so the name is not
/// an Internal Name (TLS BR 1.6.1). A trailing dot leaves no top-level label:
/// callers that accept absolute names strip it first.
pub(crate) fn has_public_tld(domain: &str) -> bool {
    let Some(tld) = domain.rsplit('.').next().filter(|t| !t.is_empty()) else {
        return false;
    };
    let lower = tld.to_lowercase();
    // A non-ASCII label that folds to ASCII (the Kelvin sign to "k") is not
    // the ASCII top-level domain it resembles.
    if !tld.is_ascii() && lower.is_ascii() {
        return false;
    }
    let tld = lower;
    tlds::TLDS
        .binary_search_by(|t| t.as_bytes().cmp(tld.as_bytes()))
        .is_ok()
}

// ---------------------------------------------------------------------------
// Checks
// ---------------------------------------------------------------------------

fn ia5_text(b: &[u8]) -> Option<&str> {
    std::str::from_utf8(b).ok().filter(|s| s.is_ascii())
}

/// rfc822Name syntax in a name (a Mailbox) or a constraint (a Mailbox, a host or `.domain`).
fn rfc822_problem(b: &[u8], source: Source) -> Option<Cow<'static, str>> {
    let Some(s) = ia5_text(b) else {
        return Some("contains non-ASCII octets, which IA5String does not allow".into());
    };
    // An empty constraint matches every address (commonly used in excludedSubtrees).
    if source == Source::Constraint && s.is_empty() {
        return None;
    }
    if source == Source::Constraint && !s.contains('@') {
        let d = s.strip_prefix('.').unwrap_or(s);
        return if domain_ok(d, false) {
            None
        } else {
            Some("is neither a mailbox, a host nor a domain".into())
        };
    }
    parse_mailbox(s, false).err().map(|e| e.describe().into())
}

fn ia5_names(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    for n in all_names(ctx.cert) {
        let (what, b) = match n.name {
            GeneralName::Rfc822(b) => ("rfc822Name", b),
            GeneralName::Dns(b) => ("dNSName", b),
            GeneralName::Uri(b) => ("uniformResourceIdentifier", b),
            _ => continue,
        };
        if !b.is_ascii() {
            out.emit(
                n.location,
                format!(
                    "{what} \"{}\" contains non-ASCII octets, which IA5String does not allow",
                    show(b)
                ),
            );
        }
    }
}

fn rfc822_syntax(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    for n in all_names(ctx.cert) {
        if let GeneralName::Rfc822(b) = n.name
            // Octets outside IA5 are rfc5280.general_name.not_ia5's finding.
            && b.is_ascii()
            && let Some(why) = rfc822_problem(b, n.source)
        {
            out.emit(
                n.location,
                format!(
                    "rfc822Name \"{}\" {why}, so it is not an RFC 5321 Mailbox",
                    show(b)
                ),
            );
        }
    }
}

fn email_attribute_syntax(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    for a in ctx.cert.subject.find(oids::EMAIL_ADDRESS) {
        // Non-IA5 encodings are the attribute-encoding rules' concern.
        let Some(t) = a.text() else { continue };
        if let Err(e) = parse_mailbox(&t, false) {
            out.emit(
                "subject.emailAddress",
                format!(
                    "emailAddress \"{}\" {}, so it is not an RFC 5321 Mailbox",
                    show(t.as_bytes()),
                    e.describe()
                ),
            );
        }
    }
}

fn rfc822_domain_length(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    for n in all_names(ctx.cert) {
        if let (GeneralName::Rfc822(b), Source::San | Source::Ian) = (n.name, n.source) {
            let d = domain_of(ia5_text(b).unwrap_or(""));
            if d.len() > MAX_DOMAIN_OCTETS {
                out.emit(
                    n.location,
                    format!("the domain of rfc822Name \"{}\" is {} octets long, over the 255-octet limit", show(b), d.len()),
                );
            }
        }
    }
}

/// An otherName of a given type, with its location and value TLV.
fn other_names<'c, 'a>(
    cert: &'c Certificate<'a>,
    want: Oid<'static>,
) -> impl Iterator<Item = (Loc, cert::der::Tlv<'a>)> + 'c {
    all_names(cert)
        .into_iter()
        .filter_map(move |n| match n.name {
            GeneralName::OtherName { type_id, value }
                if *type_id == want && n.source != Source::Constraint =>
            {
                Some((n.location, *value))
            }
            _ => None,
        })
}

fn smtp_utf8_syntax(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    for (loc, v) in other_names(ctx.cert, oids::ON_SMTP_UTF8_MAILBOX) {
        let why: Cow<'static, str> = if v.tag != tag::UTF8_STRING {
            format!("is a {} rather than a UTF8String", tag::name(v.tag)).into()
        } else {
            match std::str::from_utf8(v.value) {
                Err(_) => "is not valid UTF-8".into(),
                Ok(s) if s.contains('\u{feff}') => "contains a byte-order mark".into(),
                Ok(s) => match parse_mailbox(s, true) {
                    Ok(_) => continue,
                    Err(e) => e.describe().into(),
                },
            }
        };
        out.emit(
            loc,
            format!(
                "SmtpUTF8Mailbox \"{}\" {why}, so it is not an RFC 9598 SmtpUTF8Mailbox",
                show(v.value)
            ),
        );
    }
}

fn smtp_utf8_ascii_local(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    for (loc, v) in other_names(ctx.cert, oids::ON_SMTP_UTF8_MAILBOX) {
        let Ok(s) = std::str::from_utf8(v.value) else {
            continue;
        };
        let Ok(m) = parse_mailbox(s, true) else {
            continue;
        };
        if m.local.is_ascii() {
            out.emit(
                loc,
                format!(
                    "SmtpUTF8Mailbox \"{}\" has an all-ASCII local part; such an address belongs in an rfc822Name",
                    show(v.value)
                ),
            );
        }
    }
}

fn smtp_utf8_domain_length(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    for (loc, v) in other_names(ctx.cert, oids::ON_SMTP_UTF8_MAILBOX) {
        let d = domain_of(std::str::from_utf8(v.value).unwrap_or(""));
        if d.len() > MAX_DOMAIN_OCTETS {
            out.emit(
                loc,
                format!("the domain of SmtpUTF8Mailbox \"{}\" is {} octets long, over the 255-octet limit", show(v.value), d.len()),
            );
        }
    }
}

/// Why the domain part of an SmtpUTF8Mailbox is not as RFC 9598 3 encodes
/// it: non-ASCII labels as A-labels, ASCII labels NR-LDH, all lowercase.
fn smtp_utf8_domain_problem(domain: &str) -> Option<String> {
    if domain.starts_with('[') {
        // An address literal (RFC 5321 4.1.3) has no labels.
        return None;
    }
    for label in domain.split('.') {
        if !label.is_ascii() {
            return Some(format!(
                "has the U-label \"{label}\" where RFC 9598 3 requires its A-label"
            ));
        }
        if let Some(p) = cert::dns::label_problem(label.as_bytes()) {
            return Some(format!("has {p} (\"{}\")", label.escape_debug()));
        }
        // "--" in the third and fourth positions marks a tagged (reserved)
        // label; of those only A-labels ("xn--") may appear.
        let tagged = label.get(2..4) == Some("--");
        if tagged && !label.to_ascii_lowercase().starts_with("xn--") {
            return Some(format!(
                "has the reserved label \"{label}\", which is neither NR-LDH nor an A-label"
            ));
        }
        if label.bytes().any(|b| b.is_ascii_uppercase()) {
            return Some(format!(
                "has uppercase letters in \"{label}\" where RFC 9598 3 requires lowercase"
            ));
        }
    }
    None
}

fn smtp_utf8_domain_labels(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    for (loc, v) in other_names(ctx.cert, oids::ON_SMTP_UTF8_MAILBOX) {
        let Ok(s) = std::str::from_utf8(v.value) else {
            continue;
        };
        // A value that is no Mailbox at all is the syntax rule's finding.
        if parse_mailbox(s, true).is_err() {
            continue;
        }
        if let Some(why) = smtp_utf8_domain_problem(domain_of(s)) {
            out.emit(
                loc,
                format!(
                    "the domain part of SmtpUTF8Mailbox \"{}\" {why}",
                    show(v.value)
                ),
            );
        }
    }
}

fn upn_syntax(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    for (loc, v) in other_names(ctx.cert, oids::MS_UPN) {
        let why = if v.tag != tag::UTF8_STRING {
            Some(format!(
                "is a {} rather than a UTF8String",
                tag::name(v.tag)
            ))
        } else {
            match std::str::from_utf8(v.value) {
                Err(_) => Some("is not valid UTF-8".to_string()),
                Ok(s) => match s.rsplit_once('@') {
                    None => Some(
                        "has no \"@\" separating the user name from the UPN suffix".to_string(),
                    ),
                    Some(("", _)) => Some("has an empty user name".to_string()),
                    Some((user, _))
                        if user.chars().any(|c| c.is_control() || c.is_whitespace()) =>
                    {
                        Some("has a user name with whitespace or control characters".to_string())
                    }
                    Some((_, suffix)) if !domain_ok(suffix, true) => {
                        Some("has a suffix that is not a domain name".to_string())
                    }
                    Some(_) => None,
                },
            }
        };
        if let Some(why) = why {
            out.emit(
                loc,
                format!("userPrincipalName \"{}\" {why}", show(v.value)),
            );
        }
    }
}

fn uri_syntax(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    // The location is formatted only for a finding (most URIs are fine).
    let mut check = |location: &dyn Fn() -> String, b: &[u8], source: Source| {
        let what = match std::str::from_utf8(b) {
            Err(_) => Some("contains non-ASCII octets".to_string()),
            Ok(s) => match parse_uri(s) {
                Err(why) => Some(why.to_string()),
                // RFC 5280 4.2.1.6 (and 4.2.1.7): an authority must name an FQDN or IP address.
                Ok(u) if matches!(source, Source::San | Source::Ian) => match u.host {
                    UriHost::Empty => Some("has an authority with an empty host".to_string()),
                    UriHost::Name(h) if dns_name_problem(h.as_bytes(), Source::San).is_some() => {
                        Some("has a host that is not a fully qualified domain name".to_string())
                    }
                    _ => None,
                },
                Ok(_) => None,
            },
        };
        if let Some(why) = what {
            out.emit(
                location(),
                format!(
                    "URI \"{}\" {why}, so it is not an RFC 3986 absolute URI",
                    show(b)
                ),
            );
        }
    };
    for n in all_names(ctx.cert) {
        // URI constraints are host specifications, not URIs (RFC 5280 4.2.1.10).
        if let (GeneralName::Uri(b), false) = (n.name, n.source == Source::Constraint)
            && b.is_ascii()
        {
            check(&|| n.location.into(), b, n.source);
        }
    }
    if let Some(GeneralName::Uri(b)) = adobe_timestamp_location(ctx.cert).and_then(|r| r.ok()) {
        check(
            &|| "extensions.adobeTimestamp.location".into(),
            b,
            Source::InfoAccess,
        );
    }
}

/// A domain name in text form has at most 253 characters: 255 octets on the
/// wire (RFC 1034 3.1) less the first length octet and the root label.
const MAX_DOMAIN: usize = 253;

fn dns_too_long(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    for n in all_names(ctx.cert) {
        if let GeneralName::Dns(b) = n.name {
            let name = match n.source {
                Source::Constraint => b.strip_prefix(b".").unwrap_or(b),
                _ => b,
            };
            if name.len() > MAX_DOMAIN {
                out.emit(
                    n.location,
                    format!(
                        "dNSName \"{}\" is {} characters long, over the {MAX_DOMAIN} a domain name can have",
                        show(b),
                        name.len()
                    ),
                );
            }
        }
    }
}

fn uri_host_too_long(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    for n in all_names(ctx.cert) {
        let (GeneralName::Uri(b), false) = (n.name, n.source == Source::Constraint) else {
            continue;
        };
        let Some(Ok(UriHost::Name(h))) = ia5_text(b).map(|s| parse_uri(s).map(|u| u.host)) else {
            continue;
        };
        if h.len() > MAX_DOMAIN {
            out.emit(
                n.location,
                format!(
                    "the host of URI \"{}\" is {} characters long, over the {MAX_DOMAIN} a domain name can have",
                    show(b),
                    h.len()
                ),
            );
        }
    }
}

fn dns_syntax(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    for n in all_names(ctx.cert) {
        if let GeneralName::Dns(b) = n.name
            && b.is_ascii()
            && let Some(why) = dns_name_problem(b, n.source)
        {
            out.emit(
                n.location,
                format!(
                    "dNSName \"{}\" {why}, so it is not in preferred name syntax",
                    show(b)
                ),
            );
        }
    }
}

fn ip_length(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    for n in all_names(ctx.cert) {
        if let (GeneralName::Ip(b), false) = (n.name, n.source == Source::Constraint)
            && b.len() != 4
            && b.len() != 16
        {
            out.emit(
                n.location,
                format!(
                    "iPAddress has {} octets; an address has 4 (IPv4) or 16 (IPv6)",
                    b.len()
                ),
            );
        }
    }
}

fn ip_constraint_length(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    for n in all_names(ctx.cert) {
        if let (GeneralName::Ip(b), Source::Constraint) = (n.name, n.source)
            && b.len() != 8
            && b.len() != 32
        {
            out.emit(
                    n.location,
                    format!("iPAddress constraint has {} octets; a constraint has 8 (IPv4) or 32 (IPv6): address and mask", b.len()),
                );
        }
    }
}

/// The domain an internal-name check looks at: Some("") when the value
/// should name a domain but names none.
fn checked_domain<'s>(n: &Located<'_, 's>) -> Option<(&'static str, Cow<'s, str>)> {
    /// The domain of a mailbox: None for address literals and for values
    /// that have a domain part but do not parse (the syntax rules report
    /// those); "" when there is no "@" at all.
    fn mailbox_domain(s: &str, utf8: bool) -> Option<&str> {
        match parse_mailbox(s, utf8) {
            Ok(m) if m.is_literal() => None,
            Ok(m) => Some(m.domain),
            Err(MailboxError::NoAt) => Some(""),
            Err(_) => None,
        }
    }
    match (n.name, n.source) {
        (_, Source::Constraint | Source::Ian) => None,
        (GeneralName::Rfc822(b), Source::San) => {
            let d = mailbox_domain(std::str::from_utf8(b).ok()?, false)?;
            Some(("rfc822Name", Cow::Borrowed(d)))
        }
        (GeneralName::OtherName { type_id, value }, Source::San)
            if *type_id == oids::ON_SMTP_UTF8_MAILBOX =>
        {
            let d = mailbox_domain(std::str::from_utf8(value.value).ok()?, true)?;
            Some(("SmtpUTF8Mailbox", Cow::Borrowed(d)))
        }
        (GeneralName::Dns(b), Source::San) => {
            let s = std::str::from_utf8(b).ok()?;
            Some(("dNSName", Cow::Borrowed(s.strip_prefix("*.").unwrap_or(s))))
        }
        (GeneralName::Uri(b), source) => {
            let s = std::str::from_utf8(b).ok()?;
            let host = parse_uri(s).map(|u| u.host).unwrap_or(UriHost::None);
            match host {
                UriHost::Name(h) => Some(("URI", Cow::Borrowed(h))),
                UriHost::Ip => None,
                // A CRL or issuer URI must be retrievable, so it must name a host.
                UriHost::None | UriHost::Empty if source != Source::San => {
                    Some(("URI", Cow::Borrowed("")))
                }
                _ => None,
            }
        }
        _ => None,
    }
}

fn internal_domain(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    for n in all_names(ctx.cert) {
        let Some((what, domain)) = checked_domain(&n) else {
            continue;
        };
        if domain.is_empty() {
            out.emit(
                n.location,
                format!("{what} names no domain, so it names no domain under a publicly delegated top-level domain"),
            );
        } else if !has_public_tld(domain.strip_suffix('.').unwrap_or(&domain)) {
            out.emit(
                n.location,
                format!("{what} names \"{}\", whose top-level domain is not delegated in the public DNS", show(domain.as_bytes())),
            );
        }
    }
}

/// The location GeneralName of the Adobe timestamp extension:
///
/// ```asn1
/// AdobeTimestamp ::= SEQUENCE {
///     version      INTEGER { v1(1) },
///     location     GeneralName,  -- in v1 only uniformResourceIdentifier
///     requiresAuth BOOLEAN DEFAULT FALSE }
/// ```
///
/// None when the extension is absent; Err when its value does not decode.
fn adobe_timestamp_location<'a>(cert: &Certificate<'a>) -> Option<Result<GeneralName<'a>, ()>> {
    let e = cert.extension(oids::ADOBE_TIMESTAMP)?;
    let sink = IssueSink::default();
    let parsed = (|| {
        let mut r = Reader::new(e.value, 0, &sink);
        let seq = r.read_tag(tag::SEQUENCE).ok()?;
        let mut sr = seq.reader(&sink);
        sr.read_tag(tag::INTEGER).ok()?;
        cert::general_name::parse(sr.read().ok()?, &sink).ok()
    })();
    Some(parsed.ok_or(()))
}

fn adobe_location(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    if let Some(Ok(n)) = adobe_timestamp_location(ctx.cert)
        && !matches!(n, GeneralName::Uri(_))
    {
        out.emit(
                "extensions.adobeTimestamp.location",
                format!("the Adobe timestamp location is a {}, where version 1 allows only a uniformResourceIdentifier", n.kind()),
            );
    }
}

/// The rules of this file.
pub static RULES: &[Rule] = &[
    Rule {
        code: "rfc5280.general_name.not_ia5",
        severity: Severity::Error,
        citation: "RFC 5280 4.2.1.6; X.680 41.4",
        summary: "rfc822Name, dNSName and uniformResourceIdentifier values are IA5Strings: ASCII only",
        // pkilint's decoder refuses such a value.
        pkilint: Some("itu.invalid_asn1_syntax"),
        check: ia5_names,
        ..Rule::NEW
    },
    Rule {
        code: "rfc5280.rfc822_name.invalid_syntax",
        severity: Severity::Error,
        citation: "RFC 5280 4.2.1.6; RFC 5321 4.1.2",
        summary: "Every rfc822Name is an RFC 5321 Mailbox (in nameConstraints: a mailbox, host or .domain)",
        pkilint: Some("pkix.invalid_email_address_syntax"),
        check: rfc822_syntax,
        ..Rule::NEW
    },
    Rule {
        code: "rfc5280.email_address_attribute.invalid_syntax",
        severity: Severity::Error,
        citation: "RFC 5280 4.1.2.6; RFC 5321 4.1.2",
        summary: "Every subject emailAddress attribute is an RFC 5321 Mailbox",
        pkilint: Some("pkix.invalid_email_address_syntax"),
        check: email_attribute_syntax,
        ..Rule::NEW
    },
    Rule {
        code: "rfc5321.rfc822_name.domain_too_long",
        severity: Severity::Error,
        citation: "RFC 5321 4.5.3.1.2",
        summary: "The domain of every rfc822Name in subjectAltName or issuerAltName is at most 255 octets",
        pkilint: Some("pkix.rfc822name_domain_part_too_long"),
        check: rfc822_domain_length,
        ..Rule::NEW
    },
    Rule {
        code: "rfc9598.smtp_utf8_mailbox.invalid_syntax",
        severity: Severity::Error,
        citation: "RFC 9598 3; RFC 6531 3.3",
        summary: "Every SmtpUTF8Mailbox is a UTF8String holding an RFC 6531 Mailbox without a byte-order mark",
        pkilint: Some("pkix.smtp_utf8_mailbox_invalid_syntax"),
        check: smtp_utf8_syntax,
        ..Rule::NEW
    },
    Rule {
        code: "rfc9598.smtp_utf8_mailbox.ascii_local_part",
        severity: Severity::Error,
        citation: "RFC 9598 3",
        summary: "SmtpUTF8Mailbox is used only for addresses whose local part contains non-ASCII characters",
        pkilint: Some("pkix.smtp_utf8_mailbox_is_ascii_only"),
        check: smtp_utf8_ascii_local,
        ..Rule::NEW
    },
    Rule {
        code: "rfc9598.smtp_utf8_mailbox.domain_not_ldh",
        severity: Severity::Error,
        citation: "RFC 9598 3",
        summary: "The domain part of every SmtpUTF8Mailbox is lowercase LDH labels: A-labels for internationalized labels (no U-labels), NR-LDH labels otherwise",
        pkilint: Some("pkix.smtp_utf8_mailbox_domain_part_invalid_syntax"),
        check: smtp_utf8_domain_labels,
        ..Rule::NEW
    },
    Rule {
        code: "rfc5321.smtp_utf8_mailbox.domain_too_long",
        severity: Severity::Error,
        citation: "RFC 5321 4.5.3.1.2; RFC 9598 3",
        summary: "The domain of every SmtpUTF8Mailbox is at most 255 octets",
        pkilint: Some("pkix.smtputf8mailbox_domain_part_too_long"),
        check: smtp_utf8_domain_length,
        ..Rule::NEW
    },
    Rule {
        code: "msft.user_principal_name.invalid_syntax",
        severity: Severity::Error,
        citation: "Microsoft UPN (1.3.6.1.4.1.311.20.2.3): UTF8String user@suffix",
        summary: "Every userPrincipalName otherName is a UTF8String of the form user@domain",
        pkilint: Some("msft.invalid_user_principal_name_syntax"),
        check: upn_syntax,
        ..Rule::NEW
    },
    Rule {
        code: "rfc5280.uri.invalid_syntax",
        severity: Severity::Error,
        citation: "RFC 5280 4.2.1.6; RFC 3986 3",
        summary: "Every uniformResourceIdentifier is an absolute RFC 3986 URI (with an FQDN or IP host when it has an authority, in alternative names)",
        pkilint: Some("pkix.invalid_uri_syntax"),
        check: uri_syntax,
        ..Rule::NEW
    },
    Rule {
        code: "rfc1034.dns_name.too_long",
        severity: Severity::Error,
        citation: "RFC 1034 3.1; RFC 5280 4.2.1.6",
        summary: "Every dNSName has at most 253 characters (a domain name is at most 255 octets on the wire)",
        pkilint: Some("pkix.dnsname_domain_name_too_long"),
        zlint: Some("e_ext_san_dns_name_too_long"),
        check: dns_too_long,
        ..Rule::NEW
    },
    Rule {
        code: "rfc1034.uri_host.too_long",
        severity: Severity::Error,
        citation: "RFC 1034 3.1; RFC 3986 3.2.2",
        summary: "The host of every URI, when a registered name, has at most 253 characters",
        pkilint: Some("pkix.uri_domain_name_too_long"),
        check: uri_host_too_long,
        ..Rule::NEW
    },
    Rule {
        code: "rfc5280.dns_name.invalid_syntax",
        severity: Severity::Error,
        citation: "RFC 5280 4.2.1.6; RFC 1034 3.5",
        summary: "Every dNSName is in preferred name syntax (LDH labels of 1 to 63 characters)",
        check: dns_syntax,
        ..Rule::NEW
    },
    Rule {
        code: "rfc5280.ip_address.invalid_length",
        severity: Severity::Error,
        citation: "RFC 5280 4.2.1.6",
        summary: "Every iPAddress name has 4 or 16 octets",
        pkilint: Some("pkix.ip_address_wrong_length"),
        check: ip_length,
        ..Rule::NEW
    },
    Rule {
        code: "rfc5280.name_constraints.ip_address_invalid_length",
        severity: Severity::Error,
        citation: "RFC 5280 4.2.1.10",
        summary: "Every iPAddress name constraint has 8 or 32 octets (address and mask)",
        pkilint: Some("pkix.ip_address_name_constraint_wrong_length"),
        check: ip_constraint_length,
        ..Rule::NEW
    },
    Rule {
        code: "smime.domain.internal_name",
        severity: Severity::Error,
        citation: "SMIME BR 3.2.2; SMIME BR 7.1.2.3(b),(c); SMIME BR 7.1.2.4",
        summary: "Mailbox domains, dNSNames and CRL and AIA URI hosts name domains under a publicly delegated TLD",
        applies: scope::smime_any,
        pkilint: Some("cabf.internal_domain_name"),
        check: internal_domain,
        ..Rule::NEW
    },
    Rule {
        code: "adobe.timestamp.location_not_uri",
        severity: Severity::Error,
        citation: "Adobe DigSig OIDs: 1.2.840.113583.1.1.9.1 (version 1 location is a uniformResourceIdentifier)",
        summary: "The Adobe timestamp extension's location is a uniformResourceIdentifier",
        pkilint: Some("adbe.invalid_timestamp_location_type"),
        check: adobe_location,
        ..Rule::NEW
    },
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tlds_sorted_and_known() {
        assert!(
            tlds::TLDS
                .windows(2)
                .all(|w| w[0].as_bytes() < w[1].as_bytes())
        );
        for d in ["example.com", "mail.example.DE", "bücher.xn--p1ai", "x.рф"] {
            assert!(has_public_tld(d), "{d}");
        }
        // The Kelvin sign folds to "k": "\u{212a}R" is not "kr".
        for d in ["corp.local", "localhost", "", "a.internal", "x.\u{212a}R"] {
            assert!(!has_public_tld(d), "{d}");
        }
    }

    #[test]
    fn mailboxes() {
        for ok in [
            "a@example.com",
            "a.b+c@x.y",
            "\"a b\"@example.com",
            "\"a@b\"@example.com",
            "a@[192.0.2.1]",
            "a@[IPv6:2001:db8::1]",
        ] {
            assert!(parse_mailbox(ok, false).is_ok(), "{ok}");
        }
        for bad in [
            "a",
            "@example.com",
            "a@",
            "a..b@x.com",
            "a@-x.com",
            "<a@x.com>",
            "a@x..com",
            "a b@x.com",
            "山田@example.com",
            "a@[1.2.3]",
        ] {
            assert!(parse_mailbox(bad, false).is_err(), "{bad}");
        }
        assert!(parse_mailbox("山田@example.com", true).is_ok());
        assert!(parse_mailbox("山田@例え.jp", true).is_ok());
        assert!(parse_mailbox("山田花子", true).is_err());
    }

    #[test]
    fn uris() {
        for ok in [
            "http://example.com/a.crl",
            "ldap:///CN=x,O=y?certificateRevocationList",
            "urn:oid:1.2.3",
            "http://[2001:db8::1]:80/",
            "http://u:p@h.example:8080/p?q#f",
        ] {
            assert!(parse_uri(ok).is_ok(), "{ok}");
        }
        for bad in [
            "crl.example.com/a.crl",
            "1http://x",
            "http://exa mple.com",
            "http://x/%zz",
            "http://[::1",
            "http://h:8o/",
            "://x",
        ] {
            assert!(parse_uri(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn dns_names() {
        assert!(dns_name_problem(b"www.example.com", Source::San).is_none());
        assert!(dns_name_problem(b"*.example.com", Source::San).is_none());
        assert!(dns_name_problem(b".example.com", Source::Constraint).is_none());
        for bad in [
            &b"a..b"[..],
            b"-a.com",
            b"a_b.com",
            b" ",
            b"",
            b"example.com.",
        ] {
            assert!(dns_name_problem(bad, Source::San).is_some(), "{bad:?}");
        }
    }
}
