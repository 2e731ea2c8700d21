//! Subject names of S/MIME subscriber certificates (SMIME BR 7.1.4.2 to
//! 7.1.4.2.6), and the RFC 5280 rules on subject attributes that apply to
//! every profile (the emailAddress attribute and the Appendix A upper bounds).
//!
//! SMIME BR 7.1.4.2.1 requires the `directoryName` entries of subjectAltName
//! to comply with 7.1.4.2.2 through 7.1.4.2.6 as well, so the rules of those
//! sections look at the subject and at every such entry; the 7.1.4.2 rules
//! (insignificant values, HTML entities) look at the subject only.
//!
//! Mailbox Address comparisons (SMIME BR 1.6.1 "Mailbox Address" is an
//! RFC 5321 Mailbox as amended by RFC 6532): the local part is compared
//! exactly, because RFC 5321 2.4 lets the receiving host treat it as
//! case-sensitive and the CA verified that exact mailbox; the domain is
//! compared case-insensitively (RFC 5321 2.4, RFC 4343). A-label and U-label
//! forms of the same domain are not treated as equal.

use std::borrow::Cow;

use cert::der::tag;
use cert::name::{Attribute, Name};
use cert::{Certificate, ExtValue, GeneralName, Oid, oids};

use crate::finding::Severity;
use crate::profile::{Generation, Profile, Validation};
use crate::rule::{Ctx, Out, Rule, scope};

/// ISO 3166-1 alpha-2 codes (shared: the TLS rules use it through this path).
#[path = "data/iso3166.rs"]
pub(crate) mod iso3166;

/// `description` (2.5.4.13), named in messages about "Other" attributes.
const DESCRIPTION: Oid<'static> = Oid::new(&[0x55, 0x04, 0x0d]);

// ---------------------------------------------------------------------------
// Helpers: names in scope, attribute labels, subjectAltName mailboxes.

/// A Name the 7.1.4.2.2-7.1.4.2.6 rules apply to, with its location prefix.
struct Scoped<'c> {
    loc: String,
    name: &'c Name<'c>,
}

/// The subject and every subjectAltName directoryName (SMIME BR 7.1.4.2.1).
fn names<'c>(cert: &'c Certificate<'c>) -> Vec<Scoped<'c>> {
    let mut v = vec![Scoped {
        loc: "subject".into(),
        name: &cert.subject,
    }];
    if let San::Names(gns) = san(cert) {
        for (i, gn) in gns.iter().enumerate() {
            if let GeneralName::DirectoryName(n) = gn {
                v.push(Scoped {
                    loc: format!("extensions.subjectAltName[{i}].directoryName"),
                    name: n,
                });
            }
        }
    }
    v
}

/// The attribute type's name, or its dotted form.
fn label(oid: Oid<'_>) -> String {
    match oid {
        DESCRIPTION => "description".into(),
        _ => oid
            .name()
            .map(str::to_owned)
            .unwrap_or_else(|| oid.to_string()),
    }
}

/// The location of an attribute inside a scoped Name.
fn at(s: &Scoped<'_>, oid: Oid<'_>) -> String {
    format!("{}.{}", s.loc, label(oid))
}

/// The state of the subjectAltName extension.
enum San<'c> {
    Absent,
    Undecodable,
    Names(&'c [GeneralName<'c>]),
}

fn san<'c>(cert: &'c Certificate<'c>) -> San<'c> {
    match cert.extension(oids::SUBJECT_ALT_NAME) {
        None => San::Absent,
        Some(e) => match &e.parsed {
            Ok(ExtValue::SubjectAltName(v)) => San::Names(v),
            _ => San::Undecodable,
        },
    }
}

/// The rfc822Name values of subjectAltName (as text; invalid UTF-8 skipped).
fn san_rfc822<'c>(gns: &'c [GeneralName<'c>]) -> Vec<&'c str> {
    gns.iter()
        .filter_map(|g| match g {
            GeneralName::Rfc822(b) => std::str::from_utf8(b).ok(),
            _ => None,
        })
        .collect()
}

/// The rfc822Name and id-on-SmtpUTF8Mailbox values of subjectAltName.
fn san_mailboxes<'c>(gns: &'c [GeneralName<'c>]) -> Vec<Cow<'c, str>> {
    gns.iter()
        .filter_map(|g| match g {
            GeneralName::Rfc822(b) => std::str::from_utf8(b).ok().map(Cow::Borrowed),
            GeneralName::OtherName { type_id, value } if *type_id == oids::ON_SMTP_UTF8_MAILBOX => {
                cert::name::decode_string(value).ok()
            }
            _ => None,
        })
        .collect()
}

// ---------------------------------------------------------------------------
// Mailbox syntax (RFC 5321 4.1.2 as amended by RFC 6531/6532).

/// `atext` (RFC 5322 3.2.3) plus the non-ASCII characters RFC 6532 3.2 adds.
fn is_atext(c: char) -> bool {
    c.is_ascii_alphanumeric()
        || "!#$%&'*+-/=?^_`{|}~".contains(c)
        || (!c.is_ascii() && !c.is_control() && !c.is_whitespace())
}

fn local_part_ok(l: &str) -> bool {
    if l.len() >= 2 && l.starts_with('"') && l.ends_with('"') {
        // Quoted-string: qtextSMTP or quoted-pairSMTP (RFC 5321 4.1.2).
        let mut chars = l[1..l.len() - 1].chars();
        while let Some(c) = chars.next() {
            let ok = match c {
                '\\' => chars.next().is_some_and(|n| (' '..='~').contains(&n)),
                '"' => false,
                c if c.is_ascii() => (' '..='~').contains(&c),
                c => !c.is_control(),
            };
            if !ok {
                return false;
            }
        }
        true
    } else {
        // Dot-string.
        l.split('.')
            .all(|atom| !atom.is_empty() && atom.chars().all(is_atext))
    }
}

fn domain_ok(d: &str) -> bool {
    if let Some(inner) = d.strip_prefix('[').and_then(|x| x.strip_suffix(']')) {
        // address-literal: not parsed further here.
        return !inner.is_empty()
            && inner
                .chars()
                .all(|c| c.is_ascii_graphic() && !"[]\\".contains(c));
    }
    d.split('.').all(|label| {
        !label.is_empty()
            && !label.starts_with('-')
            && !label.ends_with('-')
            && label.chars().all(|c| {
                c.is_ascii_alphanumeric()
                    || c == '-'
                    || (!c.is_ascii() && !c.is_control() && !c.is_whitespace())
            })
    })
}

/// Splits a Mailbox into local part and domain, or `None` when the whole
/// value is not one Mailbox.
fn split_mailbox(s: &str) -> Option<(&str, &str)> {
    let (local, domain) = s.rsplit_once('@')?;
    (local_part_ok(local) && domain_ok(domain)).then_some((local, domain))
}

/// Whether the whole value is one Mailbox Address.
fn is_mailbox(s: &str) -> bool {
    split_mailbox(s).is_some()
}

/// Mailbox equality: local part exact, domain case-insensitive.
fn same_mailbox(a: &str, b: &str) -> bool {
    match (split_mailbox(a), split_mailbox(b)) {
        (Some((la, da)), Some((lb, db))) => la == lb && da.to_lowercase() == db.to_lowercase(),
        _ => a == b,
    }
}

// ---------------------------------------------------------------------------
// 7.1.4.2: insignificant values and HTML entities (subject only).

/// Values that say the information is absent or not applicable. Not applied
/// to givenName/surname, where some of these words are real names.
const ABSENT_WORDS: &[&str] = &[
    "n/a",
    "n.a.",
    "n/a.",
    "not applicable",
    "not available",
    "none",
    "null",
    "unknown",
    "tbd",
];

fn insignificant(oid: Oid<'_>, text: &str) -> bool {
    let t = text.trim();
    if t.chars()
        .all(|c| c.is_whitespace() || c.is_ascii_punctuation())
    {
        return true;
    }
    let words_apply = !matches!(oid, oids::GIVEN_NAME | oids::SURNAME | oids::COUNTRY_NAME);
    words_apply && ABSENT_WORDS.iter().any(|w| t.eq_ignore_ascii_case(w))
}

fn insignificant_value(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    for a in ctx.cert.subject.attributes() {
        if let Some(t) = a.text()
            && insignificant(a.oid, &t)
        {
            out.emit(
                format!("subject.{}", label(a.oid)),
                format!(
                    "{} value {t:?} contains only metadata indicating an absent value, which SMIME BR 7.1.4.2 prohibits",
                    label(a.oid)
                ),
            );
        }
    }
}

/// Whether the text contains a character reference or named entity
/// (`&#38;`, `&#x26;`, `&amp;`), as left by HTML-escaping a value.
fn has_html_entity(s: &str) -> bool {
    let b = s.as_bytes();
    for (i, _) in s.match_indices('&') {
        let rest = &b[i + 1..];
        let body_len = rest.iter().position(|&c| c == b';');
        let Some(n) = body_len else { continue };
        let body = &rest[..n];
        let ok = if let Some(num) = body
            .strip_prefix(b"#x")
            .or_else(|| body.strip_prefix(b"#X"))
        {
            !num.is_empty() && num.iter().all(u8::is_ascii_hexdigit)
        } else if let Some(num) = body.strip_prefix(b"#") {
            !num.is_empty() && num.iter().all(u8::is_ascii_digit)
        } else {
            (2..=31).contains(&body.len())
                && body[0].is_ascii_alphabetic()
                && body.iter().all(u8::is_ascii_alphanumeric)
        };
        if ok {
            return true;
        }
    }
    false
}

fn html_entity(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    for a in ctx.cert.subject.attributes() {
        if let Some(t) = a.text()
            && has_html_entity(&t)
        {
            out.emit(
                format!("subject.{}", label(a.oid)),
                format!(
                    "{} value {t:?} contains an HTML entity, so it is not the verified subject information",
                    label(a.oid)
                ),
            );
        }
    }
}

// ---------------------------------------------------------------------------
// 7.1.4.2.1: Mailbox Addresses in the subject and directoryNames are in SAN.

fn mailbox_not_in_san(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    // Without subjectAltName the missing extension is the finding
    // (SMIME BR 7.1.2.3(h)), reported by the extension rules.
    let San::Names(g) = san(ctx.cert) else { return };
    let sans = san_mailboxes(g);
    for s in names(ctx.cert) {
        for a in s.name.attributes() {
            let Some(t) = a.text() else { continue };
            if is_mailbox(&t) && !sans.iter().any(|m| same_mailbox(m, &t)) {
                out.emit(
                    at(&s, a.oid),
                    format!(
                        "{} contains the Mailbox Address {t:?}, which is not repeated as an rfc822Name or id-on-SmtpUTF8Mailbox in subjectAltName",
                        label(a.oid)
                    ),
                );
            }
        }
    }
}

// ---------------------------------------------------------------------------
// 7.1.4.2.2(a): commonName contents per certificate type.

fn common_names<'c>(s: &Scoped<'c>) -> Vec<Cow<'c, str>> {
    s.name
        .find(oids::COMMON_NAME)
        .filter_map(|a| a.text())
        .collect()
}

fn cn_mailbox(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    for s in names(ctx.cert) {
        for cn in common_names(&s) {
            if !is_mailbox(&cn) {
                out.emit(
                    at(&s, oids::COMMON_NAME),
                    format!("commonName {cn:?} is not a Mailbox Address, the only content SMIME BR 7.1.4.2.2(a) allows for Mailbox-validated certificates"),
                );
            }
        }
    }
}

fn cn_organization(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    for s in names(ctx.cert) {
        let orgs: Vec<Cow<'_, str>> = s
            .name
            .find(oids::ORGANIZATION_NAME)
            .filter_map(|a| a.text())
            .collect();
        for cn in common_names(&s) {
            // Exact: the BR asks for the organizationName value itself.
            if !is_mailbox(&cn) && !orgs.contains(&cn) {
                out.emit(
                    at(&s, oids::COMMON_NAME),
                    format!(
                        "commonName {cn:?} is neither the organizationName ({}) nor a Mailbox Address",
                        if orgs.is_empty() { "absent".to_string() } else { format!("{orgs:?}") }
                    ),
                );
            }
        }
    }
}

fn cn_pseudonym(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    for s in names(ctx.cert) {
        let pseudonyms: Vec<Cow<'_, str>> = s
            .name
            .find(oids::PSEUDONYM)
            .filter_map(|a| a.text())
            .collect();
        // A commonName beside a pseudonym cannot be a Personal Name (that
        // requires the pseudonym to be absent), so it is the Pseudonym or a
        // Mailbox Address. Without a pseudonym the commonName may be a
        // Personal Name in any presentation format, which a linter cannot
        // verify. With givenName or surname beside the pseudonym the mix is
        // reported once, by smime.subject.pseudonym_with_personal_name.
        if pseudonyms.is_empty() || s.name.has(oids::GIVEN_NAME) || s.name.has(oids::SURNAME) {
            continue;
        }
        for cn in common_names(&s) {
            if !is_mailbox(&cn) && !pseudonyms.iter().any(|p| cn.contains(p.as_ref())) {
                out.emit(
                    at(&s, oids::COMMON_NAME),
                    format!("commonName {cn:?} does not contain the pseudonym {pseudonyms:?} and is not a Mailbox Address"),
                );
            }
        }
    }
}

// ---------------------------------------------------------------------------
// 7.1.4.2.2(e), (f), (h), (j)-(n).

fn pseudonym_with_personal_name(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    for s in names(ctx.cert) {
        let n = &s.name;
        if n.has(oids::PSEUDONYM) && (n.has(oids::GIVEN_NAME) || n.has(oids::SURNAME)) {
            out.emit(
                s.loc.clone(),
                "pseudonym is present together with givenName and/or surname, which SMIME BR 7.1.4.2.2(e) and (f) prohibit",
            );
        }
    }
}

fn email_address_single(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    for s in names(ctx.cert) {
        for a in s.name.find(oids::EMAIL_ADDRESS) {
            let Some(t) = a.text() else { continue };
            if !is_mailbox(&t) {
                out.emit(
                    at(&s, oids::EMAIL_ADDRESS),
                    format!("emailAddress {t:?} is not a single Mailbox Address"),
                );
            }
        }
    }
}

fn dependent_attribute_missing(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    for s in names(ctx.cert) {
        let n = &s.name;
        if n.has(oids::STREET_ADDRESS)
            && !n.has(oids::LOCALITY_NAME)
            && !n.has(oids::STATE_OR_PROVINCE_NAME)
        {
            out.emit(
                at(&s, oids::STREET_ADDRESS),
                "streetAddress is present without localityName or stateOrProvinceName (SMIME BR 7.1.4.2.2(j))",
            );
        }
        for (oid, item) in [
            (oids::LOCALITY_NAME, "k"),
            (oids::STATE_OR_PROVINCE_NAME, "l"),
            (oids::POSTAL_CODE, "m"),
        ] {
            if n.has(oid) && !n.has(oids::COUNTRY_NAME) {
                out.emit(
                    at(&s, oid),
                    format!(
                        "{} is present without countryName (SMIME BR 7.1.4.2.2({item}))",
                        label(oid)
                    ),
                );
            }
        }
    }
}

fn country_code(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    for s in names(ctx.cert) {
        for a in s.name.find(oids::COUNTRY_NAME) {
            let Some(t) = a.text() else { continue };
            if t != "XX" && !iso3166::is_assigned(&t) {
                out.emit(
                    at(&s, oids::COUNTRY_NAME),
                    format!(
                        "countryName {t:?} is neither an assigned ISO 3166-1 alpha-2 code nor XX"
                    ),
                );
            }
        }
    }
}

// ---------------------------------------------------------------------------
// 7.1.4.2.3-7.1.4.2.6: the attribute tables.

#[derive(Clone, Copy, PartialEq, Eq)]
enum Req {
    May,
    Shall,
    ShallNot,
}

/// The table entry for an attribute type (SMIME BR 7.1.4.2.3-7.1.4.2.6).
fn requirement(v: Validation, g: Generation, oid: Oid<'_>) -> Req {
    use Req::*;
    use Validation::*;
    let strict = g == Generation::Strict;
    match (oid, v) {
        (oids::COMMON_NAME | oids::SERIAL_NUMBER | oids::EMAIL_ADDRESS, _) => May,
        (_, Mailbox) => ShallNot,
        (oids::ORGANIZATION_NAME | oids::ORGANIZATION_IDENTIFIER, Organization | Sponsored) => {
            Shall
        }
        (
            oids::ORGANIZATION_NAME
            | oids::ORGANIZATION_IDENTIFIER
            | oids::ORGANIZATIONAL_UNIT_NAME,
            Individual,
        ) => ShallNot,
        (oids::ORGANIZATIONAL_UNIT_NAME, _) => May,
        (oids::GIVEN_NAME | oids::SURNAME | oids::PSEUDONYM | oids::TITLE, Organization) => {
            ShallNot
        }
        (oids::GIVEN_NAME | oids::SURNAME | oids::PSEUDONYM | oids::TITLE, _) => May,
        (oids::STREET_ADDRESS | oids::POSTAL_CODE, _) => {
            if strict {
                ShallNot
            } else {
                May
            }
        }
        (oids::LOCALITY_NAME | oids::STATE_OR_PROVINCE_NAME | oids::COUNTRY_NAME, _) => May,
        // "Other"
        _ => {
            if g == Generation::Legacy {
                May
            } else {
                ShallNot
            }
        }
    }
}

fn prohibited(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    let Some((v, g)) = ctx.smime() else { return };
    let section = match v {
        Validation::Mailbox => "7.1.4.2.3",
        Validation::Organization => "7.1.4.2.4",
        Validation::Sponsored => "7.1.4.2.5",
        Validation::Individual => "7.1.4.2.6",
    };
    for s in names(ctx.cert) {
        let mut seen: Vec<Oid<'_>> = Vec::new();
        for a in s.name.attributes() {
            if seen.contains(&a.oid) || requirement(v, g, a.oid) != Req::ShallNot {
                continue;
            }
            seen.push(a.oid);
            out.emit(
                at(&s, a.oid),
                format!(
                    "{} is not allowed in the subject of {} {} certificates (SMIME BR {section})",
                    label(a.oid),
                    v.as_str(),
                    g.as_str()
                ),
            );
        }
    }
}

fn organization_attribute_missing(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    let Some((v, g)) = ctx.smime() else { return };
    for s in names(ctx.cert) {
        for oid in [oids::ORGANIZATION_NAME, oids::ORGANIZATION_IDENTIFIER] {
            if requirement(v, g, oid) == Req::Shall && !s.name.has(oid) {
                out.emit(
                    s.loc.clone(),
                    format!(
                        "{} is required in {} certificates but absent",
                        label(oid),
                        v.as_str()
                    ),
                );
            }
        }
    }
}

fn personal_name_attribute_missing(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    for s in names(ctx.cert) {
        let n = &s.name;
        if !n.has(oids::GIVEN_NAME) && !n.has(oids::SURNAME) && !n.has(oids::PSEUDONYM) {
            out.emit(
                s.loc.clone(),
                "none of givenName, surname and pseudonym is present",
            );
        }
    }
}

// ---------------------------------------------------------------------------
// 7.1.4.2.2(d) and Appendix A: organizationIdentifier.

/// A Registration Scheme of SMIME BR Appendix A.1 or 7.1.4.2.2(d) Note 2.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Scheme {
    Ntr,
    Vat,
    Psd,
    Lei,
    Gov,
    Int,
}

impl Scheme {
    fn parse(s: &str) -> Option<Scheme> {
        Some(match s {
            "NTR" => Scheme::Ntr,
            "VAT" => Scheme::Vat,
            "PSD" => Scheme::Psd,
            "LEI" => Scheme::Lei,
            "GOV" => Scheme::Gov,
            "INT" => Scheme::Int,
            _ => return None,
        })
    }
}

/// An organizationIdentifier split per 7.1.4.2.2(d).
struct OrgId {
    scheme: String,
    country: String,
    subdivision: Option<String>,
    /// Text after the first hyphen (possibly empty).
    reference: Option<String>,
}

impl OrgId {
    /// `SSSCC[+SP][-reference]`: 3-letter scheme, 2-letter country, up to 3
    /// alphanumeric subdivision characters, then the reference after the
    /// leftmost hyphen. `None` when the value does not have this structure.
    fn parse(s: &str) -> Option<OrgId> {
        let b = s.as_bytes();
        if b.len() < 5 || !b[..5].iter().all(u8::is_ascii_uppercase) {
            return None;
        }
        let mut rest = &s[5..];
        let mut subdivision = None;
        if let Some(r) = rest.strip_prefix('+') {
            let end = r.find('-').unwrap_or(r.len());
            let sd = &r[..end];
            if sd.is_empty()
                || sd.len() > 3
                || !sd
                    .bytes()
                    .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
            {
                return None;
            }
            subdivision = Some(sd.to_owned());
            rest = &r[end..];
        }
        let reference = match rest {
            "" => None,
            r => Some(r.strip_prefix('-')?.to_owned()),
        };
        Some(OrgId {
            scheme: s[..3].to_owned(),
            country: s[3..5].to_owned(),
            subdivision,
            reference,
        })
    }

    fn scheme(&self) -> Option<Scheme> {
        Scheme::parse(&self.scheme)
    }

    /// The reference, when present and non-empty.
    fn reference(&self) -> Option<&str> {
        self.reference.as_deref().filter(|r| !r.is_empty())
    }
}

/// One organizationIdentifier value in a scoped Name.
struct OrgIdValue<'c> {
    loc: String,
    name: &'c Name<'c>,
    attr: Attribute<'c>,
    text: Option<Cow<'c, str>>,
}

fn org_ids<'c>(cert: &'c Certificate<'c>) -> Vec<OrgIdValue<'c>> {
    let mut v = Vec::new();
    for s in names(cert) {
        for a in s.name.find(oids::ORGANIZATION_IDENTIFIER) {
            v.push(OrgIdValue {
                loc: at(&s, oids::ORGANIZATION_IDENTIFIER),
                name: s.name,
                attr: *a,
                text: a.text(),
            });
        }
    }
    v
}

/// Each organizationIdentifier that parses, with its text.
fn parsed_org_ids<'c>(cert: &'c Certificate<'c>) -> Vec<(OrgIdValue<'c>, OrgId)> {
    org_ids(cert)
        .into_iter()
        .filter_map(|v| {
            let p = OrgId::parse(v.text.as_deref()?)?;
            Some((v, p))
        })
        .collect()
}

fn org_id_encoding(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    for v in org_ids(ctx.cert) {
        let t = v.attr.value.tag;
        if t != tag::PRINTABLE_STRING && t != tag::UTF8_STRING {
            out.emit(
                v.loc,
                format!(
                    "organizationIdentifier is encoded as {}, not PrintableString or UTF8String",
                    cert::der::tag::name(t)
                ),
            );
        }
    }
}

fn org_id_format(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    for v in org_ids(ctx.cert) {
        let Some(t) = &v.text else { continue };
        if OrgId::parse(t).is_none() {
            out.emit(
                v.loc.clone(),
                format!(
                    "organizationIdentifier {t:?} does not have the structure 3-letter scheme, 2-letter country code, optional \"+\" and subdivision of up to 3 characters, then \"-\" and the reference"
                ),
            );
        }
    }
}

fn org_id_scheme(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    for (v, p) in parsed_org_ids(ctx.cert) {
        if p.scheme().is_none() {
            out.emit(
                v.loc,
                format!(
                    "organizationIdentifier uses the Registration Scheme {:?}, which is not NTR, VAT, PSD, LEI, GOV or INT",
                    p.scheme
                ),
            );
        }
    }
}

/// VAT country prefixes of EU Council Directive 2006/112/EC Article 215
/// that differ from ISO 3166-1, with the ISO code they stand for.
const VAT_PREFIXES: &[(&str, &str)] = &[("EL", "GR"), ("XI", "GB")];

fn org_id_country(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    for (v, p) in parsed_org_ids(ctx.cert) {
        let Some(scheme) = p.scheme() else { continue };
        let cc = p.country.as_str();
        let (ok, want) = match scheme {
            Scheme::Lei | Scheme::Int => (cc == "XG", "XG"),
            Scheme::Vat => (
                iso3166::is_assigned(cc) || VAT_PREFIXES.iter().any(|(pfx, _)| *pfx == cc),
                "an ISO 3166-1 country code or an Article 215 VAT prefix",
            ),
            Scheme::Ntr | Scheme::Psd | Scheme::Gov => {
                (iso3166::is_assigned(cc), "an ISO 3166-1 country code")
            }
        };
        if !ok {
            out.emit(
                v.loc,
                format!(
                    "organizationIdentifier {} scheme has country code {cc:?}; it must be {want}",
                    p.scheme
                ),
            );
        }
    }
}

fn org_id_subdivision(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    for (v, p) in parsed_org_ids(ctx.cert) {
        let Some(scheme) = p.scheme() else { continue };
        if let Some(sd) = &p.subdivision
            && !matches!(scheme, Scheme::Ntr | Scheme::Gov)
        {
            out.emit(
                v.loc,
                format!(
                    "organizationIdentifier has the subdivision {sd:?}, but the {} scheme is not assigned at the state or province level",
                    p.scheme
                ),
            );
        }
    }
}

fn org_id_reference_missing(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    for (v, p) in parsed_org_ids(ctx.cert) {
        let Some(scheme) = p.scheme() else { continue };
        if matches!(
            scheme,
            Scheme::Ntr | Scheme::Vat | Scheme::Psd | Scheme::Lei
        ) && p.reference().is_none()
        {
            out.emit(
                v.loc,
                format!(
                    "organizationIdentifier {:?} has no Registration Reference after the scheme",
                    v.text.as_deref().unwrap_or("")
                ),
            );
        }
    }
}

fn org_id_reference_present(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    for (v, p) in parsed_org_ids(ctx.cert) {
        let Some(scheme) = p.scheme() else { continue };
        if matches!(scheme, Scheme::Gov | Scheme::Int) && p.reference.is_some() {
            out.emit(
                v.loc,
                format!(
                    "organizationIdentifier {:?}: the {} identifier is the scheme and country code only, without a Registration Reference",
                    v.text.as_deref().unwrap_or(""),
                    p.scheme
                ),
            );
        }
    }
}

fn org_id_country_mismatch(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    for (v, p) in parsed_org_ids(ctx.cert) {
        let Some(scheme) = p.scheme() else { continue };
        if matches!(scheme, Scheme::Lei | Scheme::Int) {
            continue;
        }
        let mut want = p.country.as_str();
        if scheme == Scheme::Vat
            && let Some((_, iso)) = VAT_PREFIXES.iter().find(|(pfx, _)| *pfx == want)
        {
            want = iso;
        }
        for c in v.name.find(oids::COUNTRY_NAME) {
            let Some(ct) = c.text() else { continue };
            if ct != want {
                out.emit(
                    v.loc.clone(),
                    format!(
                        "organizationIdentifier {:?} names country {want:?} but countryName is {ct:?}",
                        v.text.as_deref().unwrap_or("")
                    ),
                );
            }
        }
    }
}

/// Whether `s` has the form of an ISO 17442 LEI: 18 alphanumeric characters
/// (digits and uppercase letters) followed by 2 check digits.
pub fn lei_format_valid(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 20
        && b[..18]
            .iter()
            .all(|c| c.is_ascii_digit() || c.is_ascii_uppercase())
        && b[18..].iter().all(u8::is_ascii_digit)
}

/// Whether `s` is an ISO 17442 LEI whose check digits are right (ISO 7064
/// MOD 97-10: letters count as 10-35, and the whole number mod 97 is 1).
/// False when `s` does not have the LEI form ([`lei_format_valid`]).
pub fn lei_checksum_valid(s: &str) -> bool {
    if !lei_format_valid(s) {
        return false;
    }
    let mut rem: u32 = 0;
    for c in s.bytes() {
        let d = if c.is_ascii_digit() {
            u32::from(c - b'0')
        } else {
            u32::from(c - b'A') + 10
        };
        rem = if d >= 10 {
            (rem * 100 + d) % 97
        } else {
            (rem * 10 + d) % 97
        };
    }
    rem == 1
}

fn org_id_lei_format(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    for (v, p) in parsed_org_ids(ctx.cert) {
        if p.scheme() != Some(Scheme::Lei) {
            continue;
        }
        if let Some(r) = p.reference()
            && !lei_format_valid(r)
        {
            out.emit(
                v.loc,
                format!("LEI {r:?} is not 18 alphanumeric characters followed by 2 check digits"),
            );
        }
    }
}

fn org_id_lei_checksum(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    for (v, p) in parsed_org_ids(ctx.cert) {
        if p.scheme() != Some(Scheme::Lei) {
            continue;
        }
        if let Some(r) = p.reference()
            && lei_format_valid(r)
            && !lei_checksum_valid(r)
        {
            out.emit(
                v.loc,
                format!("LEI {r:?} has wrong check digits (ISO 17442, ISO 7064 MOD 97-10)"),
            );
        }
    }
}

/// The PSD reference "NCA-authorization": ETSI TS 119 495 clause 5.2.1 puts
/// a 2 to 8 letter NCA identifier (A-Z) and a hyphen before the PSP identifier.
fn psd_reference_ok(r: &str) -> bool {
    match r.split_once('-') {
        Some((nca, id)) => {
            (2..=8).contains(&nca.len())
                && nca.bytes().all(|c| c.is_ascii_uppercase())
                && !id.is_empty()
        }
        None => false,
    }
}

fn org_id_psd_format(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    for (v, p) in parsed_org_ids(ctx.cert) {
        if p.scheme() != Some(Scheme::Psd) {
            continue;
        }
        if let Some(r) = p.reference()
            && !psd_reference_ok(r)
        {
            out.emit(
                v.loc,
                format!("PSD reference {r:?} is not a 2-8 letter NCA identifier, \"-\" and the authorization number"),
            );
        }
    }
}

/// EUID structure (7.1.4.2.2(d) Note 3): country code, register identifier,
/// ".", and the domestic Registration Reference.
fn euid_ok(r: &str, country: &str) -> bool {
    let Some(rest) = r.strip_prefix(country) else {
        return false;
    };
    match rest.split_once('.') {
        Some((register, local)) => {
            !register.is_empty()
                && register.bytes().all(|c| c.is_ascii_alphanumeric())
                && !local.is_empty()
        }
        None => false,
    }
}

fn org_id_german_euid(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    for (v, p) in parsed_org_ids(ctx.cert) {
        if p.scheme() != Some(Scheme::Ntr) || p.country != "DE" {
            continue;
        }
        if let Some(sd) = &p.subdivision {
            // An EUID is unique across the EU, so it is never a reference
            // qualified by a subdivision.
            out.emit(
                v.loc,
                format!("German NTR organizationIdentifier uses the subdivision {sd:?} instead of an EUID Registration Reference"),
            );
        } else if let Some(r) = p.reference()
            && !euid_ok(r, "DE")
        {
            out.emit(
                v.loc,
                format!("German NTR Registration Reference {r:?} is not an EUID (\"DE\", register identifier, \".\", reference)"),
            );
        }
    }
}

// ---------------------------------------------------------------------------
// RFC 5280: emailAddress in subjectAltName; Appendix A upper bounds.

fn email_address_not_in_san(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    let sans = match san(ctx.cert) {
        San::Undecodable => return,
        San::Absent => Vec::new(),
        San::Names(g) => san_rfc822(g),
    };
    for a in ctx.cert.subject.find(oids::EMAIL_ADDRESS) {
        let Some(t) = a.text() else { continue };
        if !sans.iter().any(|m| same_mailbox(m, &t)) {
            out.emit(
                "subject.emailAddress",
                format!("subject emailAddress {t:?} is not an rfc822Name of subjectAltName"),
            );
        }
    }
}

/// Reports subject attributes of type `oid` longer than `max` characters.
fn too_long(ctx: &Ctx<'_>, out: &mut Out<'_>, oid: Oid<'_>, bound: &str, max: usize) {
    for a in ctx.cert.subject.find(oid) {
        let Some(t) = a.text() else { continue };
        let n = t.chars().count();
        if n > max {
            out.emit(
                format!("subject.{}", label(oid)),
                format!(
                    "{} has {n} characters, more than {bound} ({max})",
                    label(oid)
                ),
            );
        }
    }
}

macro_rules! upper_bound {
    ($($f:ident: $oid:expr, $bound:literal, $max:literal;)*) => {
        $(fn $f(ctx: &Ctx<'_>, out: &mut Out<'_>) {
            too_long(ctx, out, $oid, $bound, $max)
        })*
    };
}

upper_bound! {
    cn_too_long: oids::COMMON_NAME, "ub-common-name", 64;
    o_too_long: oids::ORGANIZATION_NAME, "ub-organization-name", 64;
    ou_too_long: oids::ORGANIZATIONAL_UNIT_NAME, "ub-organizational-unit-name", 64;
    l_too_long: oids::LOCALITY_NAME, "ub-locality-name", 128;
    st_too_long: oids::STATE_OR_PROVINCE_NAME, "ub-state-name", 128;
    title_too_long: oids::TITLE, "ub-title", 64;
    serial_too_long: oids::SERIAL_NUMBER, "ub-serial-number", 64;
    pseudonym_too_long: oids::PSEUDONYM, "ub-pseudonym", 128;
    email_too_long: oids::EMAIL_ADDRESS, "ub-emailaddress-length", 255;
    given_name_too_long: oids::GIVEN_NAME, "ub-name", 32768;
    surname_too_long: oids::SURNAME, "ub-name", 32768;
}

// ---------------------------------------------------------------------------
// Scopes.

fn mailbox(p: Profile) -> bool {
    scope::smime_validation(p, Validation::Mailbox)
}
fn organization(p: Profile) -> bool {
    scope::smime_validation(p, Validation::Organization)
}
fn sponsored_or_individual(p: Profile) -> bool {
    scope::smime_validation(p, Validation::Sponsored)
        || scope::smime_validation(p, Validation::Individual)
}
fn not_mailbox(p: Profile) -> bool {
    scope::smime(p) && !mailbox(p)
}
/// The CA/Browser Forum profiles (S/MIME and TLS), whose subject
/// information the CA verified (SMIME BR 7.1.4.2, 7.1.4.3; TLS BR 7.1.4.2).
fn cabf_profile(p: Profile) -> bool {
    scope::smime_any(p)
        || matches!(
            p,
            Profile::TlsRoot | Profile::TlsSubCa { .. } | Profile::TlsSubscriber(_)
        )
}
fn sponsored_or_individual_mp_strict(p: Profile) -> bool {
    sponsored_or_individual(p) && scope::smime_mp_strict(p)
}

/// The rules of this file.
pub static RULES: &[Rule] = &[
    Rule {
        code: "smime.subject.insignificant_value",
        citation: "SMIME BR 7.1.4.2",
        summary: "Subject attribute values are not only metadata such as '.', '-', ' ' or 'N/A'",
        applies: scope::smime,
        pkilint: Some("cabf.insignificant_attribute_value_present"),
        check: insignificant_value,
        ..Rule::NEW
    },
    Rule {
        code: "cabf.subject.html_entity",
        citation: "SMIME BR 7.1.4.2; SMIME BR 7.1.4.3; TLS BR 7.1.4.2",
        summary: "Subject attribute values contain no HTML entities such as '&amp;' (the verified information, not an escaped form)",
        applies: cabf_profile,
        pkilint: Some("cabf.name.attribute_value_contains_html_entity"),
        zlint: Some("e_subj_contains_html_entities"),
        check: html_entity,
        ..Rule::NEW
    },
    Rule {
        code: "smime.subject.mailbox_not_in_san",
        citation: "SMIME BR 7.1.4.2.1",
        summary: "Every Mailbox Address in the subject (emailAddress included) or in a subjectAltName directoryName is repeated as an rfc822Name or id-on-SmtpUTF8Mailbox in subjectAltName",
        applies: scope::smime,
        pkilint: Some("cabf.smime.email_address_in_attribute_not_in_san"),
        zlint: Some("e_mailbox_address_shall_contain_an_rfc822_name"),
        check: mailbox_not_in_san,
        ..Rule::NEW
    },
    Rule {
        code: "smime.subject.common_name_not_mailbox",
        citation: "SMIME BR 7.1.4.2.2(a)",
        summary: "In Mailbox-validated certificates the commonName, if present, is a Mailbox Address",
        applies: mailbox,
        pkilint: Some("cabf.smime.common_name_value_unknown_source"),
        zlint: Some("e_commonname_mailbox_validated"),
        check: cn_mailbox,
        ..Rule::NEW
    },
    Rule {
        code: "smime.subject.common_name_not_organization_or_mailbox",
        citation: "SMIME BR 7.1.4.2.2(a)",
        summary: "In Organization-validated certificates the commonName, if present, is the organizationName or a Mailbox Address",
        applies: organization,
        pkilint: Some("cabf.smime.common_name_value_unknown_source"),
        zlint: Some("e_org_validated_invalid_cn"),
        check: cn_organization,
        ..Rule::NEW
    },
    Rule {
        code: "smime.subject.common_name_not_pseudonym",
        citation: "SMIME BR 7.1.4.2.2(a)",
        summary: "In Sponsor- and Individual-validated certificates with a pseudonym (and no givenName or surname), the commonName contains the pseudonym or is a Mailbox Address",
        applies: sponsored_or_individual,
        pkilint: Some("cabf.smime.common_name_value_unknown_source"),
        check: cn_pseudonym,
        ..Rule::NEW
    },
    Rule {
        code: "smime.subject.pseudonym_with_personal_name",
        citation: "SMIME BR 7.1.4.2.2(e)",
        summary: "pseudonym is not present together with givenName or surname",
        applies: scope::smime,
        pkilint: Some("cabf.smime.mixed_name_and_pseudonym_attributes"),
        check: pseudonym_with_personal_name,
        ..Rule::NEW
    },
    Rule {
        code: "smime.subject.email_address_not_single_mailbox",
        citation: "SMIME BR 7.1.4.2.2(h)",
        summary: "Each emailAddress attribute contains a single Mailbox Address",
        applies: scope::smime,
        zlint: Some("e_single_email_subject_if_present"),
        check: email_address_single,
        ..Rule::NEW
    },
    Rule {
        code: "smime.subject.dependent_attribute_missing",
        citation: "SMIME BR 7.1.4.2.2(j)-(m)",
        summary: "streetAddress only with localityName or stateOrProvinceName; localityName, stateOrProvinceName and postalCode only with countryName",
        applies: scope::smime,
        pkilint: Some("cabf.smime.required_attribute_missing_for_dependent_attribute"),
        check: dependent_attribute_missing,
        ..Rule::NEW
    },
    Rule {
        code: "smime.subject.country_code_invalid",
        citation: "SMIME BR 7.1.4.2.2(n)",
        summary: "countryName is an assigned ISO 3166-1 alpha-2 code (uppercase) or XX",
        applies: scope::smime,
        pkilint: Some("cabf.invalid_country_code"),
        zlint: Some("e_subject_country_name"),
        check: country_code,
        ..Rule::NEW
    },
    Rule {
        code: "smime.subject.mailbox_prohibited_attribute",
        citation: "SMIME BR 7.1.4.2.3",
        summary: "The subject of Mailbox-validated certificates has only commonName, serialNumber and emailAddress attributes",
        applies: mailbox,
        pkilint: Some("cabf.smime.prohibited_attribute"),
        zlint: Some("e_mailbox_validated_enforce_subject_field_restrictions"),
        check: prohibited,
        ..Rule::NEW
    },
    Rule {
        code: "smime.subject.prohibited_attribute",
        citation: "SMIME BR 7.1.4.2.4-7.1.4.2.6",
        summary: "The subject has no attribute that the table for the certificate type and generation marks SHALL NOT (including Other attributes in Multipurpose and Strict)",
        applies: not_mailbox,
        pkilint: Some("cabf.smime.prohibited_attribute"),
        check: prohibited,
        ..Rule::NEW
    },
    Rule {
        code: "smime.subject.organization_attribute_missing",
        citation: "SMIME BR 7.1.4.2.4, 7.1.4.2.5",
        summary: "Organization- and Sponsor-validated subjects include organizationName and organizationIdentifier",
        applies: scope::smime,
        pkilint: Some("cabf.smime.missing_required_attribute"),
        check: organization_attribute_missing,
        ..Rule::NEW
    },
    Rule {
        code: "smime.subject.personal_name_attribute_missing",
        citation: "SMIME BR 7.1.4.2.5 Note 2, 7.1.4.2.6 Note 2",
        summary: "Multipurpose and Strict Sponsor- and Individual-validated subjects include givenName and/or surname, or pseudonym",
        applies: sponsored_or_individual_mp_strict,
        pkilint: Some("cabf.smime.missing_required_attribute"),
        zlint: Some("e_invalid_individual_identity"),
        check: personal_name_attribute_missing,
        ..Rule::NEW
    },
    Rule {
        code: "smime.org_identifier.encoding",
        citation: "SMIME BR 7.1.4.2.2(d)",
        summary: "organizationIdentifier is a PrintableString or UTF8String",
        applies: scope::smime,
        pkilint: Some("cabf.invalid_subject_organization_identifier_encoding"),
        check: org_id_encoding,
        ..Rule::NEW
    },
    Rule {
        code: "smime.org_identifier.format",
        citation: "SMIME BR 7.1.4.2.2(d)",
        summary: "organizationIdentifier has the structure scheme (3 letters), country (2 letters), optional '+' subdivision (up to 3 characters), '-' reference",
        applies: scope::smime,
        pkilint: Some("cabf.invalid_subject_organization_identifier_format"),
        check: org_id_format,
        ..Rule::NEW
    },
    Rule {
        code: "smime.org_identifier.unknown_scheme",
        citation: "SMIME BR 7.1.4.2.2(d); SMIME BR Appendix A.1",
        summary: "organizationIdentifier uses a recognized Registration Scheme: NTR, VAT, PSD, LEI, GOV or INT",
        applies: scope::smime,
        pkilint: Some("cabf.invalid_organization_identifier_registration_scheme"),
        check: org_id_scheme,
        ..Rule::NEW
    },
    Rule {
        code: "smime.org_identifier.invalid_country",
        citation: "SMIME BR 7.1.4.2.2(d) Notes 1 and 2; SMIME BR Appendix A.1",
        summary: "organizationIdentifier country code is XG for LEI and INT, an ISO 3166-1 code (or the Article 215 prefix EL/XI for VAT) otherwise",
        applies: scope::smime,
        pkilint: Some("cabf.invalid_organization_identifier_country"),
        check: org_id_country,
        ..Rule::NEW
    },
    Rule {
        code: "smime.org_identifier.subdivision_not_allowed",
        citation: "SMIME BR 7.1.4.2.2(d)",
        summary: "Only NTR and GOV organizationIdentifiers carry a '+' subdivision",
        applies: scope::smime,
        pkilint: Some("cabf.invalid_subject_organization_identifier_state_province_for_scheme"),
        check: org_id_subdivision,
        ..Rule::NEW
    },
    Rule {
        code: "smime.org_identifier.reference_missing",
        citation: "SMIME BR 7.1.4.2.2(d)",
        summary: "NTR, VAT, PSD and LEI organizationIdentifiers include a Registration Reference",
        applies: scope::smime,
        pkilint: Some("cabf.organization_identifier_reference_missing_for_scheme"),
        check: org_id_reference_missing,
        ..Rule::NEW
    },
    Rule {
        code: "smime.org_identifier.reference_not_allowed",
        citation: "SMIME BR 7.1.4.2.2(d) Note 2",
        summary: "GOV and INT organizationIdentifiers are the scheme and country (and for GOV a subdivision) only, without a reference",
        applies: scope::smime,
        pkilint: Some("cabf.smime.prohibited_organization_identifier_reference_present_for_scheme"),
        check: org_id_reference_present,
        ..Rule::NEW
    },
    Rule {
        code: "smime.org_identifier.country_mismatch",
        citation: "SMIME BR 7.1.4.2.2(d) Note 1",
        summary: "Except for LEI and INT, the organizationIdentifier country code matches countryName (EL means GR, XI means GB for VAT)",
        applies: scope::smime,
        pkilint: Some("cabf.smime.org_identifier_and_country_name_attribute_inconsistent"),
        zlint: Some("e_registration_scheme_id_matches_subject_country"),
        check: org_id_country_mismatch,
        ..Rule::NEW
    },
    Rule {
        code: "smime.org_identifier.lei_format",
        citation: "SMIME BR Appendix A.1; ISO 17442",
        summary: "An LEI organizationIdentifier reference is 18 alphanumeric characters and 2 check digits",
        applies: scope::smime,
        pkilint: Some("cabf.smime.invalid_lei_scheme_format"),
        check: org_id_lei_format,
        ..Rule::NEW
    },
    Rule {
        code: "smime.org_identifier.lei_checksum",
        citation: "SMIME BR Appendix A.1; ISO 17442",
        summary: "An LEI organizationIdentifier reference has correct ISO 7064 MOD 97-10 check digits",
        applies: scope::smime,
        pkilint: Some("iso.lei.invalid_lei_checksum"),
        check: org_id_lei_checksum,
        ..Rule::NEW
    },
    Rule {
        code: "smime.org_identifier.psd_format",
        citation: "SMIME BR Appendix A.1; ETSI TS 119 495 5.2.1",
        summary: "A PSD organizationIdentifier reference is the NCA identifier (2-8 letters), '-', and the authorization number",
        applies: scope::smime,
        check: org_id_psd_format,
        ..Rule::NEW
    },
    Rule {
        code: "smime.org_identifier.german_ntr_not_euid",
        severity: Severity::Warning,
        citation: "SMIME BR 7.1.4.2.2(d) Note 3",
        summary: "A German NTR organizationIdentifier should use the EUID (DE, register identifier, '.', reference) as its reference",
        applies: scope::smime,
        pkilint: Some("cabf.smime.german_ntr_registration_reference_not_euid"),
        check: org_id_german_euid,
        ..Rule::NEW
    },
    Rule {
        code: "rfc5280.subject.email_address_not_in_san",
        citation: "RFC 5280 4.1.2.6",
        summary: "Each subject emailAddress is also an rfc822Name in subjectAltName",
        pkilint: Some("pkix.subject_email_address_not_in_san"),
        check: email_address_not_in_san,
        ..Rule::NEW
    },
    Rule {
        code: "rfc5280.subject.common_name_too_long",
        citation: "RFC 5280 Appendix A.1",
        summary: "subject commonName has at most 64 characters (ub-common-name)",
        zlint: Some("e_subject_common_name_max_length"),
        check: cn_too_long,
        ..Rule::NEW
    },
    Rule {
        code: "rfc5280.subject.organization_name_too_long",
        citation: "RFC 5280 Appendix A.1",
        summary: "subject organizationName has at most 64 characters (ub-organization-name)",
        zlint: Some("e_subject_organization_name_max_length"),
        check: o_too_long,
        ..Rule::NEW
    },
    Rule {
        code: "rfc5280.subject.organizational_unit_name_too_long",
        citation: "RFC 5280 Appendix A.1",
        summary: "subject organizationalUnitName has at most 64 characters (ub-organizational-unit-name)",
        zlint: Some("e_subject_organizational_unit_name_max_length"),
        check: ou_too_long,
        ..Rule::NEW
    },
    Rule {
        code: "rfc5280.subject.locality_name_too_long",
        citation: "RFC 5280 Appendix A.1",
        summary: "subject localityName has at most 128 characters (ub-locality-name)",
        zlint: Some("e_subject_locality_name_max_length"),
        check: l_too_long,
        ..Rule::NEW
    },
    Rule {
        code: "rfc5280.subject.state_name_too_long",
        citation: "RFC 5280 Appendix A.1",
        summary: "subject stateOrProvinceName has at most 128 characters (ub-state-name)",
        zlint: Some("e_subject_state_name_max_length"),
        check: st_too_long,
        ..Rule::NEW
    },
    Rule {
        code: "rfc5280.subject.title_too_long",
        citation: "RFC 5280 Appendix A.1",
        summary: "subject title has at most 64 characters (ub-title)",
        check: title_too_long,
        ..Rule::NEW
    },
    Rule {
        code: "rfc5280.subject.serial_number_too_long",
        citation: "RFC 5280 Appendix A.1",
        summary: "subject serialNumber has at most 64 characters (ub-serial-number)",
        zlint: Some("e_subject_dn_serial_number_max_length"),
        check: serial_too_long,
        ..Rule::NEW
    },
    Rule {
        code: "rfc5280.subject.pseudonym_too_long",
        citation: "RFC 5280 Appendix A.1",
        summary: "subject pseudonym has at most 128 characters (ub-pseudonym)",
        check: pseudonym_too_long,
        ..Rule::NEW
    },
    Rule {
        code: "rfc5280.subject.email_address_too_long",
        citation: "RFC 5280 Appendix A.1",
        summary: "subject emailAddress has at most 255 characters (ub-emailaddress-length)",
        zlint: Some("e_subject_email_max_length"),
        check: email_too_long,
        ..Rule::NEW
    },
    Rule {
        code: "rfc5280.subject.given_name_too_long",
        citation: "RFC 5280 Appendix A.1",
        summary: "subject givenName has at most 32768 characters (ub-name)",
        zlint: Some("e_subject_given_name_max_length"),
        check: given_name_too_long,
        ..Rule::NEW
    },
    Rule {
        code: "rfc5280.subject.surname_too_long",
        citation: "RFC 5280 Appendix A.1",
        summary: "subject surname has at most 32768 characters (ub-name)",
        zlint: Some("e_subject_surname_max_length"),
        check: surname_too_long,
        ..Rule::NEW
    },
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lei_check_digits() {
        assert!(lei_checksum_valid("AEYE00EKXESVZUUEBP67"));
        assert!(!lei_checksum_valid("AEYE00EKXESVZUUEBP63"));
        assert!(!lei_checksum_valid("AEYE00EKXESVZUUEBP6"));
        assert!(!lei_checksum_valid("aeye00ekxesvzuuebp67"));
    }

    #[test]
    fn mailbox_syntax() {
        assert!(is_mailbox("hanako.yamada+alt@example.com"));
        assert!(is_mailbox("山田花子@example.com"));
        assert!(is_mailbox("\"a b\"@example.com"));
        assert!(!is_mailbox("YAMADA Hanako"));
        assert!(!is_mailbox("a@example.com b@example.com"));
        assert!(!is_mailbox("@example.com"));
        assert!(!is_mailbox("a@-x.com"));
        assert!(same_mailbox("a@Example.COM", "a@example.com"));
        assert!(!same_mailbox("A@example.com", "a@example.com"));
    }

    #[test]
    fn org_id_structure() {
        let p = OrgId::parse("NTRUS+CA-12345678").expect("parses");
        assert_eq!((p.scheme.as_str(), p.country.as_str()), ("NTR", "US"));
        assert_eq!(p.subdivision.as_deref(), Some("CA"));
        assert_eq!(p.reference(), Some("12345678"));
        let p = OrgId::parse("PSDBE-NBB-1234.567.890").expect("parses");
        assert_eq!(p.reference(), Some("NBB-1234.567.890"));
        assert!(OrgId::parse("GOVUS").is_some_and(|p| p.reference.is_none()));
        assert!(OrgId::parse("GOV").is_none());
        assert!(OrgId::parse("NTRFR+PARI-1").is_none());
        assert!(OrgId::parse("NGB-12345678").is_none());
        assert!(euid_ok("DER3306.HRB12345", "DE"));
        assert!(!euid_ok("DER3306HRB12345", "DE"));
        assert!(psd_reference_ok("NBB-1234.567.890"));
        assert!(!psd_reference_ok("1234"));
    }

    #[test]
    fn entities() {
        assert!(has_html_entity("Steinway &amp; Sons"));
        assert!(has_html_entity("La Roque-d&#x27;Anth&#xE9;ron"));
        assert!(has_html_entity("Braine-l&#039;Alleud"));
        assert!(!has_html_entity("Mustermann R&D GmbH"));
        assert!(!has_html_entity("AT&T;"));
    }
}
