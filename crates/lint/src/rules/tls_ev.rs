//! EV TLS subscriber certificates: the subject fields of the EV Guidelines
//! (EVG 7.1.4.2, version 2.0.2; sections 9.2.x in EVG 1.x), the
//! organizationIdentifier attribute and its `cabfOrganizationIdentifier`
//! extension (EVG 7.1.4.2.8, 7.1.2.2, Appendix H), the subjectAltName
//! (EVG 7.1.2.1) and, for certificates issued before EVG 2.0.1 took effect,
//! the CPS qualifier (EVG 1.x 9.7).
//!
//! The TLS BR rules shared with the other subscriber types (locality or
//! state present, commonName from subjectAltName, reserved policy OID) are
//! in `tls_subscriber`.

use cert::der::{IssueSink, Reader, tag};
use cert::ext::PolicyQualifier;
use cert::name::Attribute;
use cert::{Certificate, GeneralName, oids};

use crate::finding::Severity;
use crate::rule::{Ctx, Out, Rule};
use crate::rules::tls_subscriber::{
    CABF_ORGANIZATION_IDENTIFIER, attr_label, country_ok, ev, iso3166_assigned, onion_problem, show,
};

// ---------------------------------------------------------------------------
// Subject fields (EVG 7.1.4.2)
// ---------------------------------------------------------------------------

fn attrs<'c, 'a>(c: &'c Certificate<'a>) -> impl Iterator<Item = (usize, &'c Attribute<'a>)> {
    c.subject
        .rdns
        .iter()
        .enumerate()
        .flat_map(|(i, r)| r.attrs.iter().map(move |a| (i, a)))
}

fn loc(i: usize, a: &Attribute<'_>) -> String {
    format!("subject[{i}].{}", attr_label(a.oid))
}

fn require(ctx: &Ctx<'_>, out: &mut Out<'_>, oid: cert::Oid<'_>, section: &str) {
    if !ctx.cert.subject.has(oid) {
        out.emit(
            "subject",
            format!(
                "subject has no {}, which EVG {section} requires",
                attr_label(oid)
            ),
        );
    }
}

fn organization(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    require(ctx, out, oids::ORGANIZATION_NAME, "7.1.4.2.1");
}
fn business_category(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    require(ctx, out, oids::BUSINESS_CATEGORY, "7.1.4.2.3");
}
fn jurisdiction_country(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    require(ctx, out, oids::JURISDICTION_COUNTRY, "7.1.4.2.4");
}
fn serial_number(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    require(ctx, out, oids::SERIAL_NUMBER, "7.1.4.2.5");
}
fn country(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    require(ctx, out, oids::COUNTRY_NAME, "7.1.4.2.6");
}

/// The four values EVG 7.1.4.2.3 allows.
const BUSINESS_CATEGORIES: [&str; 4] = [
    "Private Organization",
    "Government Entity",
    "Business Entity",
    "Non-Commercial Entity",
];

fn business_category_value(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    for (i, a) in attrs(ctx.cert).filter(|(_, a)| a.oid == oids::BUSINESS_CATEGORY) {
        let t = a.text().unwrap_or_default();
        if !BUSINESS_CATEGORIES.contains(&t.as_ref()) {
            out.emit(
                loc(i, a),
                format!(
                    "businessCategory \"{}\" is not one of \"Private Organization\", \"Government Entity\", \"Business Entity\", \"Non-Commercial Entity\"",
                    show(&t)
                ),
            );
        }
    }
}

fn jurisdiction_country_value(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    for (i, a) in attrs(ctx.cert).filter(|(_, a)| a.oid == oids::JURISDICTION_COUNTRY) {
        let t = a.text().unwrap_or_default();
        if !iso3166_assigned(&t) {
            out.emit(
                loc(i, a),
                format!(
                    "jurisdictionCountryName \"{}\" is not an ISO 3166-1 alpha-2 country code",
                    show(&t)
                ),
            );
        }
    }
}

fn jurisdiction_locality_state(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    let s = &ctx.cert.subject;
    if s.has(oids::JURISDICTION_LOCALITY) && !s.has(oids::JURISDICTION_STATE) {
        out.emit("subject", "subject has jurisdictionLocalityName without jurisdictionStateOrProvinceName; a locality-level jurisdiction includes its state or province");
    }
}

/// The attributes EVG 7.1.4.2 specifies; 7.1.4.2.9 prohibits all others.
const EV_ATTRIBUTES: [cert::Oid<'static>; 12] = [
    oids::ORGANIZATION_NAME,
    oids::COMMON_NAME,
    oids::BUSINESS_CATEGORY,
    oids::JURISDICTION_LOCALITY,
    oids::JURISDICTION_STATE,
    oids::JURISDICTION_COUNTRY,
    oids::SERIAL_NUMBER,
    oids::STREET_ADDRESS,
    oids::LOCALITY_NAME,
    oids::STATE_OR_PROVINCE_NAME,
    oids::COUNTRY_NAME,
    oids::POSTAL_CODE,
];

fn other_attribute(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    for (i, a) in attrs(ctx.cert) {
        if !EV_ATTRIBUTES.contains(&a.oid) && a.oid != oids::ORGANIZATION_IDENTIFIER {
            let why = if a.oid == oids::ORGANIZATIONAL_UNIT_NAME {
                "EVG 7.1.4.2.7 prohibits"
            } else {
                "EVG 7.1.4.2.9 prohibits (not an EVG 7.1.4.2 field)"
            };
            out.emit(
                loc(i, a),
                format!("subject contains {}, which {why}", attr_label(a.oid)),
            );
        }
    }
}

fn common_name(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    for (i, a) in attrs(ctx.cert).filter(|(_, a)| a.oid == oids::COMMON_NAME) {
        out.emit(
            loc(i, a),
            "subject contains commonName, which EVG 7.1.4.2.2 deprecates (discouraged)",
        );
    }
}

/// Whether a value is a calendar date written other than in the ISO 8601
/// complete date form: three numbers with one kind of separator, a year
/// from 1800 to 2100 first or last, and a plausible month and day. Registration
/// numbers that merely contain separators (e.g. `0100-05-006504`) do not match.
fn bad_date_form(s: &str) -> bool {
    let Some(sep) = s.chars().find(|c| matches!(c, '-' | '/' | '.')) else {
        return false;
    };
    let parts: Vec<&str> = s.split(sep).collect();
    let digits = |p: &&str| !p.is_empty() && p.len() <= 4 && p.bytes().all(|b| b.is_ascii_digit());
    if parts.len() != 3 || !parts.iter().all(digits) {
        return false;
    }
    let n: Vec<u32> = parts.iter().map(|p| p.parse().unwrap_or(0)).collect();
    let lens: Vec<usize> = parts.iter().map(|p| p.len()).collect();
    let year = |i: usize| lens[i] == 4 && (1800..=2100).contains(&n[i]);
    let md = |m: u32, d: u32| (1..=12).contains(&m) && (1..=31).contains(&d);
    let short = |i: usize| lens[i] <= 2;
    let year_first = year(0) && short(1) && short(2) && md(n[1], n[2]);
    let year_last = year(2) && short(0) && short(1) && (md(n[0], n[1]) || md(n[1], n[0]));
    if !year_first && !year_last {
        return false;
    }
    let iso = year_first && sep == '-' && lens == [4, 2, 2];
    !iso
}

fn registration_date_format(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    for (i, a) in attrs(ctx.cert).filter(|(_, a)| a.oid == oids::SERIAL_NUMBER) {
        let Some(t) = a.text() else { continue };
        if bad_date_form(&t) {
            out.emit(loc(i, a), format!("serialNumber \"{}\" is a date not written in the ISO 8601 complete date form YYYY-MM-DD", show(&t)));
        }
    }
}

// ---------------------------------------------------------------------------
// organizationIdentifier (EVG 7.1.4.2.8, 7.1.2.2, Appendix H)
// ---------------------------------------------------------------------------

/// A Registration Scheme reference, from the attribute or the extension.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OrgId {
    /// Registration Scheme identifier (3 characters).
    pub scheme: String,
    /// Country (2 characters).
    pub country: String,
    /// State or province (ISO 3166-2 subdivision), if any.
    pub state: Option<String>,
    /// Registration Reference.
    pub reference: String,
}

/// Parses an organizationIdentifier attribute value (EVG 7.1.4.2.8): scheme,
/// country, optional `+` subdivision, `-`, reference. None when it does not
/// have that structure.
pub fn parse_org_id(s: &str) -> Option<OrgId> {
    let (head, reference) = s.split_once('-')?;
    if reference.is_empty() || !head.is_ascii() || head.len() < 5 {
        return None;
    }
    let (scheme, rest) = head.split_at(3);
    let (country, state) = match rest.split_once('+') {
        Some((c, st)) => (c, Some(st)),
        None => (rest, None),
    };
    let upper = |x: &str| x.bytes().all(|b| b.is_ascii_uppercase());
    if !upper(scheme) || country.len() != 2 || !upper(country) || state.is_some_and(str::is_empty) {
        return None;
    }
    Some(OrgId {
        scheme: scheme.into(),
        country: country.into(),
        state: state.map(str::to_owned),
        reference: reference.into(),
    })
}

/// Decodes the cabfOrganizationIdentifier extension (EVG 7.1.2.2). None when
/// absent; Some(None) when it does not decode.
pub fn cabf_org_id_ext(c: &Certificate<'_>) -> Option<Option<OrgId>> {
    let e = c.extension(CABF_ORGANIZATION_IDENTIFIER)?;
    let sink = IssueSink::default();
    let parsed = (|| {
        let mut r = Reader::new(e.value, 0, &sink);
        let seq = r.read_tag(tag::SEQUENCE).ok()?;
        r.finish().ok()?;
        let mut sr = seq.reader(&sink);
        let text = |t: cert::der::Tlv<'_>| std::str::from_utf8(t.value).ok().map(str::to_owned);
        let scheme = text(sr.read_tag(tag::PRINTABLE_STRING).ok()?)?;
        let country = text(sr.read_tag(tag::PRINTABLE_STRING).ok()?)?;
        let state = match sr
            .read_optional(cert::der::tag::context_primitive(0))
            .ok()?
        {
            Some(t) => Some(text(t)?),
            None => None,
        };
        let reference = text(sr.read_tag(tag::UTF8_STRING).ok()?)?;
        sr.finish().ok()?;
        Some(OrgId {
            scheme,
            country,
            state,
            reference,
        })
    })();
    Some(parsed)
}

/// Every organization identifier of the certificate with its location:
/// subject attributes that parse, and the extension when it decodes.
fn all_org_ids(c: &Certificate<'_>) -> Vec<(String, OrgId)> {
    let mut v: Vec<(String, OrgId)> = attrs(c)
        .filter(|(_, a)| a.oid == oids::ORGANIZATION_IDENTIFIER)
        .filter_map(|(i, a)| Some((loc(i, a), parse_org_id(&a.text()?)?)))
        .collect();
    if let Some(Some(o)) = cabf_org_id_ext(c) {
        v.push(("extensions.cabfOrganizationIdentifier".into(), o));
    }
    v
}

const SCHEMES: [&str; 3] = ["NTR", "VAT", "PSD"];

/// EU VAT country prefixes that are not ISO 3166-1 codes (Directive
/// 2006/112/EC article 215): Greece and Northern Ireland.
const VAT_PREFIXES: [&str; 2] = ["EL", "XI"];

fn org_id_syntax(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    for (i, a) in attrs(ctx.cert).filter(|(_, a)| a.oid == oids::ORGANIZATION_IDENTIFIER) {
        // A value that does not decode as its string type has no structure either.
        let t = a
            .text()
            .unwrap_or_else(|| String::from_utf8_lossy(a.value.value));
        if parse_org_id(&t).is_none() {
            out.emit(loc(i, a), format!("organizationIdentifier \"{}\" is not scheme (3 letters), country (2 letters), optional +subdivision, '-', reference", show(&t)));
        }
    }
}

fn org_id_encoding(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    for (i, a) in attrs(ctx.cert).filter(|(_, a)| a.oid == oids::ORGANIZATION_IDENTIFIER) {
        if a.value.tag != tag::PRINTABLE_STRING && a.value.tag != tag::UTF8_STRING {
            out.emit(
                loc(i, a),
                "organizationIdentifier is neither a PrintableString nor a UTF8String",
            );
        }
    }
}

fn org_id_scheme(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    for (l, o) in all_org_ids(ctx.cert) {
        if !SCHEMES.contains(&o.scheme.as_str()) {
            out.emit(l, format!("Registration Scheme \"{}\" is not one EVG Appendix H recognizes (NTR, VAT, PSD)", show(&o.scheme)));
        }
    }
}

fn org_id_country(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    for (l, o) in all_org_ids(ctx.cert) {
        let c = o.country.as_str();
        let ok =
            c == "XG" || iso3166_assigned(c) || (o.scheme == "VAT" && VAT_PREFIXES.contains(&c));
        if !ok {
            out.emit(
                l,
                format!(
                    "country \"{}\" of Registration Scheme {} is not an ISO 3166-1 code (nor XG{})",
                    show(c),
                    show(&o.scheme),
                    if o.scheme == "VAT" {
                        ", nor an EU VAT prefix"
                    } else {
                        ""
                    }
                ),
            );
        }
    }
}

fn org_id_state_for_scheme(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    for (l, o) in all_org_ids(ctx.cert) {
        if let Some(st) = &o.state
            && o.scheme != "NTR"
        {
            out.emit(l, format!("Registration Scheme {} carries subdivision \"{}\"; only NTR registrations may name one", show(&o.scheme), show(st)));
        }
    }
}

fn org_id_state_format(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    for (l, o) in all_org_ids(ctx.cert) {
        if let Some(st) = &o.state
            && (st.is_empty()
                || st.len() > 3
                || !st
                    .bytes()
                    .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit()))
        {
            out.emit(l, format!("subdivision \"{}\" is not an ISO 3166-2 identifier of up to three letters or digits", show(st)));
        }
    }
}

fn org_id_ext_missing(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    if ctx.cert.subject.has(oids::ORGANIZATION_IDENTIFIER)
        && ctx.cert.extension(CABF_ORGANIZATION_IDENTIFIER).is_none()
    {
        out.emit("extensions", "subject has organizationIdentifier but the cabfOrganizationIdentifier extension (2.23.140.3.1) is absent");
    }
}

fn org_id_ext_undecodable(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    if let Some(None) = cabf_org_id_ext(ctx.cert) {
        out.emit("extensions.cabfOrganizationIdentifier", "the cabfOrganizationIdentifier extension does not decode as CABFOrganizationIdentifier (EVG 7.1.2.2)");
    }
}

fn org_id_mismatch(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    let Some(Some(e)) = cabf_org_id_ext(ctx.cert) else {
        return;
    };
    for (i, a) in attrs(ctx.cert).filter(|(_, a)| a.oid == oids::ORGANIZATION_IDENTIFIER) {
        let Some(s) = a.text().and_then(|t| parse_org_id(&t)) else {
            continue;
        };
        let mut diffs = Vec::new();
        if s.scheme != e.scheme {
            diffs.push(format!("scheme {} vs {}", show(&s.scheme), show(&e.scheme)));
        }
        if s.country != e.country {
            diffs.push(format!(
                "country {} vs {}",
                show(&s.country),
                show(&e.country)
            ));
        }
        if s.state != e.state {
            diffs.push(format!(
                "subdivision {} vs {}",
                show(s.state.as_deref().unwrap_or("(none)")),
                show(e.state.as_deref().unwrap_or("(none)"))
            ));
        }
        if s.reference != e.reference {
            diffs.push(format!(
                "reference {} vs {}",
                show(&s.reference),
                show(&e.reference)
            ));
        }
        if !diffs.is_empty() {
            out.emit(loc(i, a), format!("organizationIdentifier and the cabfOrganizationIdentifier extension differ: {}", diffs.join("; ")));
        }
    }
}

fn ntr_jurisdiction(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    let Some(jc) = ctx.cert.subject.first_text(oids::JURISDICTION_COUNTRY) else {
        return;
    };
    for (l, o) in all_org_ids(ctx.cert) {
        if o.scheme == "NTR" && o.country != jc && country_ok(&o.country) {
            out.emit(
                l,
                format!(
                    "NTR registration country {} differs from jurisdictionCountryName {}",
                    show(&o.country),
                    show(&jc)
                ),
            );
        }
    }
}

// ---------------------------------------------------------------------------
// subjectAltName (EVG 7.1.2.1) and policies (EVG 1.x 9.7)
// ---------------------------------------------------------------------------

fn san_type(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    for (i, n) in ctx
        .cert
        .subject_alt_names()
        .unwrap_or(&[])
        .iter()
        .enumerate()
    {
        if !matches!(n, GeneralName::Dns(_)) {
            out.emit(format!("extensions.subjectAltName[{i}]"), format!("subjectAltName contains a {}; EVG 7.1.2.1 allows only dNSName host Domain Names", n.kind()));
        }
    }
}

fn san_wildcard(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    for (i, n) in ctx
        .cert
        .subject_alt_names()
        .unwrap_or(&[])
        .iter()
        .enumerate()
    {
        let GeneralName::Dns(b) = n else { continue };
        let d = String::from_utf8_lossy(b);
        let Some(fqdn) = d.strip_prefix("*.") else {
            continue;
        };
        let onion = fqdn.to_ascii_lowercase().ends_with(".onion") && onion_problem(fqdn).is_none();
        if !onion {
            out.emit(format!("extensions.subjectAltName[{i}]"), format!("dNSName \"{}\" is a Wildcard Domain Name, which EVG 7.1.2.1 allows only for Onion Domain Names", show(&d)));
        }
    }
}

fn cps_qualifier(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    let Some(ps) = ctx.cert.policies() else {
        return;
    };
    if !ps.iter().any(|p| {
        p.qualifiers
            .iter()
            .any(|q| matches!(q, PolicyQualifier::Cps(_)))
    }) {
        out.emit("extensions.certificatePolicies", "certificatePolicies has no id-qt-cps qualifier; EV certificates issued before 2024-05-06 required the CPS URI (EVG 1.x 9.7)");
    }
}

// ---------------------------------------------------------------------------
// The table
// ---------------------------------------------------------------------------

/// An EV rule: code, severity, citation, summary, pkilint equivalent, check
/// and, optionally, zlint equivalent.
macro_rules! rule {
    ($code:literal, $sev:ident, $cite:literal, $summary:literal, $pk:expr, $check:ident) => {
        rule!($code, $sev, $cite, $summary, $pk, $check, None)
    };
    ($code:literal, $sev:ident, $cite:literal, $summary:literal, $pk:expr, $check:ident, $zl:expr) => {
        Rule {
            code: $code,
            severity: Severity::$sev,
            citation: $cite,
            summary: $summary,
            applies: ev,
            pkilint: $pk,
            zlint: $zl,
            check: $check,
            ..Rule::NEW
        }
    };
}

/// The rules of this file.
pub static RULES: &[Rule] = &[
    rule!(
        "ev.subject.organization_missing",
        Error,
        "EVG 7.1.4.2.1",
        "EV subjects contain organizationName",
        Some("cabf.ev_guidelines.organization_name_attribute_absent"),
        organization,
        Some("e_ev_organization_name_missing")
    ),
    rule!(
        "ev.subject.common_name_present",
        Warning,
        "EVG 7.1.4.2.2",
        "EV subjects should not contain commonName (deprecated)",
        Some("cabf.ev_guidelines.common_name_attribute_present"),
        common_name,
        Some("w_subject_common_name_included")
    ),
    rule!(
        "ev.subject.business_category_missing",
        Error,
        "EVG 7.1.4.2.3",
        "EV subjects contain businessCategory",
        Some("cabf.ev_guidelines.business_category_attribute_absent"),
        business_category,
        Some("e_ev_business_category_missing")
    ),
    rule!(
        "ev.subject.business_category_invalid",
        Error,
        "EVG 7.1.4.2.3",
        "businessCategory is Private Organization, Government Entity, Business Entity or Non-Commercial Entity",
        Some("cabf.ev_guidelines.invalid_business_category"),
        business_category_value,
        Some("e_ev_invalid_business_category")
    ),
    rule!(
        "ev.subject.jurisdiction_country_missing",
        Error,
        "EVG 7.1.4.2.4",
        "EV subjects contain jurisdictionCountryName",
        Some("cabf.ev_guidelines.jurisdiction_country_attribute_absent"),
        jurisdiction_country
    ),
    rule!(
        "ev.subject.jurisdiction_country_invalid",
        Error,
        "EVG 7.1.4.2.4",
        "jurisdictionCountryName is an ISO 3166-1 alpha-2 code",
        Some("cabf.serverauth.invalid_jurisdiction_country_code"),
        jurisdiction_country_value
    ),
    rule!(
        "ev.subject.jurisdiction_locality_without_state",
        Error,
        "EVG 7.1.4.2.4",
        "jurisdictionLocalityName comes with jurisdictionStateOrProvinceName",
        Some("cabf.ev_guidelines.jurisdiction_locality_present_stateprovince_missing"),
        jurisdiction_locality_state
    ),
    rule!(
        "ev.subject.serial_number_missing",
        Error,
        "EVG 7.1.4.2.5",
        "EV subjects contain serialNumber (the Registration Number)",
        Some("cabf.ev_guidelines.serial_number_attribute_absent"),
        serial_number,
        Some("e_ev_serial_number_missing")
    ),
    rule!(
        "ev.subject.registration_date_format",
        Error,
        "EVG 7.1.4.2.5",
        "A registration date in serialNumber uses the ISO 8601 complete date form YYYY-MM-DD",
        None,
        registration_date_format
    ),
    rule!(
        "ev.subject.country_missing",
        Error,
        "EVG 7.1.4.2.6",
        "EV subjects contain countryName",
        Some("cabf.ev_guidelines.country_attribute_absent"),
        country,
        Some("e_ev_country_name_missing")
    ),
    rule!(
        "ev.subject.attribute_prohibited",
        Error,
        "EVG 7.1.4.2.7; EVG 7.1.4.2.9",
        "EV subjects contain only the EVG 7.1.4.2 fields (no organizationalUnitName)",
        Some("cabf.ev_guidelines.unknown_attribute_present"),
        other_attribute,
        Some("e_ev_extra_subject_attribs")
    ),
    rule!(
        "ev.organization_identifier.invalid_syntax",
        Error,
        "EVG 7.1.4.2.8",
        "organizationIdentifier is scheme, country, optional +subdivision, '-', reference",
        Some("cabf.invalid_subject_organization_identifier_format"),
        org_id_syntax
    ),
    rule!(
        "ev.organization_identifier.invalid_encoding",
        Error,
        "EVG 7.1.4.2.8",
        "organizationIdentifier is a PrintableString or UTF8String",
        Some("cabf.invalid_subject_organization_identifier_encoding"),
        org_id_encoding
    ),
    rule!(
        "ev.organization_identifier.unknown_scheme",
        Error,
        "EVG 7.1.4.2.8; EVG 7.1.2.2; EVG Appendix H",
        "Registration Schemes (attribute and extension) are NTR, VAT or PSD",
        Some("cabf.invalid_organization_identifier_registration_scheme"),
        org_id_scheme,
        Some("e_ev_invalid_orgid_reg_scheme")
    ),
    rule!(
        "ev.organization_identifier.invalid_country",
        Error,
        "EVG 7.1.4.2.8; EVG 7.1.2.2; EVG Appendix H",
        "Registration Scheme countries are ISO 3166-1 codes or XG (or EU VAT prefixes for VAT)",
        Some("cabf.invalid_organization_identifier_country"),
        org_id_country
    ),
    rule!(
        "ev.organization_identifier.state_not_allowed",
        Error,
        "EVG 7.1.4.2.8; EVG 7.1.2.2",
        "Only NTR registrations name a subdivision",
        Some("cabf.invalid_subject_organization_identifier_state_province_for_scheme"),
        org_id_state_for_scheme,
        Some("e_cabf_org_identifier_psd_vat_has_state")
    ),
    rule!(
        "ev.organization_identifier.invalid_state",
        Error,
        "EVG 7.1.4.2.8; EVG 7.1.2.2",
        "A subdivision is an ISO 3166-2 identifier of up to three letters or digits",
        Some("cabf.invalid_organization_identifier_state_province_format"),
        org_id_state_format
    ),
    rule!(
        "ev.organization_identifier.extension_missing",
        Error,
        "EVG 7.1.2.2",
        "The cabfOrganizationIdentifier extension is present when the subject has organizationIdentifier",
        Some("cabf.serverauth.organization_identifier_extension_absent"),
        org_id_ext_missing,
        Some("e_ev_organization_id_missing")
    ),
    rule!(
        "ev.organization_identifier.extension_undecodable",
        Error,
        "EVG 7.1.2.2",
        "The cabfOrganizationIdentifier extension decodes as CABFOrganizationIdentifier",
        None,
        org_id_ext_undecodable
    ),
    rule!(
        "ev.organization_identifier.mismatch",
        Error,
        "EVG 7.1.2.2; EVG 7.1.4.2.8",
        "organizationIdentifier and the cabfOrganizationIdentifier extension carry the same scheme, country, subdivision and reference",
        Some("cabf.serverauth.organization_identifier_mismatched_value"),
        org_id_mismatch,
        Some("e_ev_orgid_inconsistent_subj_and_ext")
    ),
    rule!(
        "ev.organization_identifier.ntr_jurisdiction_mismatch",
        Error,
        "EVG Appendix H",
        "An NTR registration's country is the jurisdictionCountryName",
        None,
        ntr_jurisdiction
    ),
    rule!(
        "ev.san.prohibited_type",
        Error,
        "EVG 7.1.2.1",
        "subjectAltName contains only dNSNames",
        Some("cabf.ev_guidelines.prohibited_san_type"),
        san_type,
        Some("e_ev_san_ip_address_present")
    ),
    rule!(
        "ev.san.wildcard",
        Error,
        "EVG 7.1.2.1",
        "subjectAltName has no Wildcard Domain Name unless its FQDN is an Onion Domain Name",
        Some("cabf.ev_guidelines.ev_wildcard_san_present"),
        san_wildcard,
        Some("e_ev_not_wildcard")
    ),
    Rule {
        effective_until: Some("2024-05-06"),
        ..rule!(
            "ev.policy.cps_qualifier_missing",
            Error,
            "EVG 1.x 9.7 (removed by ballot SC72, EVG 2.0.1, effective 2024-05-06)",
            "EV certificates issued before 2024-05-06 carry a CPS URI policy qualifier",
            Some("cabf.ev_guidelines.cps_uri_policy_qualifier_missing"),
            cps_qualifier
        )
    },
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn org_id_parsing() {
        let o = parse_org_id("NTRUS+CA-12345678");
        assert_eq!(o.as_ref().map(|o| o.state.as_deref()), Some(Some("CA")));
        assert_eq!(
            parse_org_id("PSDBE-NBB-1234.567.890").map(|o| o.reference),
            Some("NBB-1234.567.890".into())
        );
        assert!(parse_org_id("NTR@NL-27380834").is_none());
        assert!(parse_org_id("VATDE-").is_none());
    }

    #[test]
    fn dates() {
        assert!(!bad_date_form("2025-01-23"));
        assert!(bad_date_form("23/01/2025"));
        assert!(bad_date_form("2025/01/23"));
        assert!(bad_date_form("2025-1-23"));
        assert!(!bad_date_form("2025-13-01"));
        assert!(!bad_date_form("12-34-5678"));
        assert!(!bad_date_form("123-45-67890"));
        assert!(!bad_date_form("0100-05-006504"));
        assert!(!bad_date_form("892379-5"));
    }
}
