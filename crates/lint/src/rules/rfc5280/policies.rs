//! certificatePolicies (RFC 5280 4.2.1.4, RFC 6818 3) and policyMappings
//! (RFC 5280 4.2.1.5).

use std::collections::HashSet;

use cert::der::{Tlv, tag};
use cert::ext::{ExtValue, PolicyQualifier};
use cert::name::decode_string;
use cert::oids;

use super::util::{ca_state, ext_loc};
use crate::rule::{Ctx, Out};

fn loc(i: usize) -> String {
    format!("extensions.certificatePolicies[{i}]")
}

pub(super) fn duplicate_policy(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    let Some(ps) = ctx.cert.policies() else {
        return;
    };
    let mut seen = HashSet::new();
    let mut reported = HashSet::new();
    for (i, p) in ps.iter().enumerate() {
        if !seen.insert(p.oid) && reported.insert(p.oid) {
            out.emit(loc(i), format!("policy {} appears more than once", p.oid));
        }
    }
}

pub(super) fn any_policy_qualifier(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    let Some(ps) = ctx.cert.policies() else {
        return;
    };
    for (i, p) in ps
        .iter()
        .enumerate()
        .filter(|(_, p)| p.oid == oids::ANY_POLICY)
    {
        for q in &p.qualifiers {
            if let PolicyQualifier::Other { oid, .. } = q {
                out.emit(loc(i), format!("anyPolicy carries qualifier {oid}, which is neither id-qt-cps nor id-qt-unotice"));
            }
        }
    }
}

pub(super) fn has_qualifier(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    let Some(ps) = ctx.cert.policies() else {
        return;
    };
    for (i, p) in ps
        .iter()
        .enumerate()
        .filter(|(_, p)| !p.qualifiers.is_empty())
    {
        out.emit(
            loc(i),
            format!(
                "policy {} carries {} policy qualifier(s) rather than only an OID",
                p.oid,
                p.qualifiers.len()
            ),
        );
    }
}

/// Every explicitText in the certificate's user notices, with its location.
/// The qualifier values `pick` selects (a value and the field after
/// `policyQualifiers[j]`), with their locations.
fn qualifier_values<'a>(
    ctx: &Ctx<'a>,
    pick: fn(&PolicyQualifier<'a>) -> Option<(Tlv<'a>, &'static str)>,
) -> Vec<(String, Tlv<'a>)> {
    let mut v = Vec::new();
    for (i, p) in ctx.cert.policies().into_iter().flatten().enumerate() {
        for (j, q) in p.qualifiers.iter().enumerate() {
            if let Some((t, field)) = pick(q) {
                v.push((format!("{}.policyQualifiers[{j}]{field}", loc(i)), t));
            }
        }
    }
    v
}

fn explicit_texts<'a>(ctx: &Ctx<'a>) -> Vec<(String, Tlv<'a>)> {
    qualifier_values(ctx, |q| match q {
        PolicyQualifier::UserNotice {
            explicit_text: Some(t),
            ..
        } => Some((*t, ".explicitText")),
        _ => None,
    })
}

/// Every CPS pointer with its location.
fn cps_pointers<'a>(ctx: &Ctx<'a>) -> Vec<(String, Tlv<'a>)> {
    qualifier_values(ctx, |q| match q {
        PolicyQualifier::Cps(t) => Some((*t, "")),
        _ => None,
    })
}

pub(super) fn cps_not_ia5(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    for (l, t) in cps_pointers(ctx) {
        if t.tag != tag::IA5_STRING {
            out.emit(
                l,
                format!("CPS pointer is a {}, not an IA5String", tag::name(t.tag)),
            );
        }
    }
}

pub(super) fn cps_uri_syntax(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    for (l, t) in cps_pointers(ctx) {
        // Other encodings are rfc5280.certificate_policies.cps_not_ia5's finding.
        if t.tag != tag::IA5_STRING {
            continue;
        }
        let why = match std::str::from_utf8(t.value) {
            Ok(s) => match crate::rules::general_names::parse_uri(s) {
                Ok(_) => continue,
                Err(why) => why,
            },
            Err(_) => "contains non-ASCII octets",
        };
        out.emit(
            l,
            format!(
                "CPS pointer \"{}\" {why}, so it is not an RFC 3986 URI",
                crate::rules::show(t.value)
            ),
        );
    }
}

fn type_name(t: u8) -> &'static str {
    match t {
        tag::UTF8_STRING => "UTF8String",
        tag::IA5_STRING => "IA5String",
        tag::VISIBLE_STRING => "VisibleString",
        tag::BMP_STRING => "BMPString",
        _ => "a type that is not a DisplayText choice",
    }
}

pub(super) fn explicit_text_encoding(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    for (l, t) in explicit_texts(ctx) {
        if t.tag != tag::UTF8_STRING && t.tag != tag::IA5_STRING {
            out.emit(
                l,
                format!(
                    "explicitText is encoded as {}; RFC 5280 allows UTF8String (or IA5String)",
                    type_name(t.tag)
                ),
            );
        }
    }
}

pub(super) fn explicit_text_ia5(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    for (l, t) in explicit_texts(ctx) {
        if t.tag == tag::IA5_STRING {
            out.emit(l, "explicitText is encoded as IA5String; RFC 6818 requires UTF8String (preferred), VisibleString or BMPString");
        }
    }
}

pub(super) fn explicit_text_length(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    for (l, t) in explicit_texts(ctx) {
        let Ok(s) = decode_string(&t) else { continue };
        let n = s.chars().count();
        if n == 0 || n > 200 {
            out.emit(
                l,
                format!("explicitText is {n} characters long; DisplayText allows 1 to 200"),
            );
        }
    }
}

pub(super) fn explicit_text_control(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    for (l, t) in explicit_texts(ctx) {
        let Ok(s) = decode_string(&t) else { continue };
        if let Some(c) = s
            .chars()
            .find(|&c| matches!(c as u32, 0..=0x1f | 0x7f..=0x9f))
        {
            out.emit(
                l,
                format!("explicitText contains control character U+{:04X}", c as u32),
            );
        }
    }
}

pub(super) fn notice_ref(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    for (i, p) in ctx.cert.policies().into_iter().flatten().enumerate() {
        for (j, q) in p.qualifiers.iter().enumerate() {
            if let PolicyQualifier::UserNotice {
                notice_ref: Some(_),
                ..
            } = q
            {
                out.emit(
                    format!("{}.policyQualifiers[{j}]", loc(i)),
                    "the user notice contains a noticeRef",
                );
            }
        }
    }
}

pub(super) fn mapping_any_policy(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    let Some(ExtValue::PolicyMappings(m)) = ctx.cert.ext_value(oids::POLICY_MAPPINGS) else {
        return;
    };
    for (i, (a, b)) in m.iter().enumerate() {
        if *a == oids::ANY_POLICY || *b == oids::ANY_POLICY {
            out.emit(
                format!("extensions.policyMappings[{i}]"),
                format!("policy mapping {a} -> {b} involves anyPolicy"),
            );
        }
    }
}

pub(super) fn mapping_in_ee(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    if ca_state(ctx.cert) == Some(false) && ctx.cert.extension(oids::POLICY_MAPPINGS).is_some() {
        out.emit(
            ext_loc(oids::POLICY_MAPPINGS),
            "policyMappings appears in a certificate that is not a CA certificate",
        );
    }
}
