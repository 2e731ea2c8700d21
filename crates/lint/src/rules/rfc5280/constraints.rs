//! nameConstraints (RFC 5280 4.2.1.10; the iPAddress length is checked with
//! the other GeneralName rules), cRLDistributionPoints (4.2.1.13)
//! and the Certificate Transparency extensions (RFC 6962 3.1, 3.3).

use cert::ext::{ExtValue, GeneralSubtree};
use cert::{GeneralName, oids};

use super::util::ext_loc;
use crate::rule::{Ctx, Out};

fn subtrees<'c, 'a>(ctx: &'c Ctx<'a>) -> Vec<(String, &'c GeneralSubtree<'a>)> {
    let Some(ExtValue::NameConstraints(nc)) = ctx.cert.ext_value(oids::NAME_CONSTRAINTS) else {
        return Vec::new();
    };
    let mut v = Vec::new();
    for (field, list) in [
        ("permittedSubtrees", &nc.permitted),
        ("excludedSubtrees", &nc.excluded),
    ] {
        for (i, s) in list.iter().flatten().enumerate() {
            v.push((format!("extensions.nameConstraints.{field}[{i}]"), s));
        }
    }
    v
}

pub(super) fn no_subtrees(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    if let Some(ExtValue::NameConstraints(nc)) = ctx.cert.ext_value(oids::NAME_CONSTRAINTS) {
        let none = |l: &Option<Vec<GeneralSubtree<'_>>>| l.as_ref().is_none_or(Vec::is_empty);
        if none(&nc.permitted) && none(&nc.excluded) {
            out.emit(
                ext_loc(oids::NAME_CONSTRAINTS),
                "nameConstraints has neither permitted nor excluded subtrees",
            );
        }
    }
}

pub(super) fn minimum(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    for (l, s) in subtrees(ctx) {
        if let Some(m) = s.minimum.filter(|&m| m != 0) {
            out.emit(l, format!("minimum is {m}; it must be 0"));
        }
    }
}

pub(super) fn maximum(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    for (l, s) in subtrees(ctx) {
        if let Some(m) = s.maximum {
            out.emit(l, format!("maximum {m} is present; it must be absent"));
        }
    }
}

/// Whether a mask is a run of one bits followed only by zero bits.
fn is_prefix_mask(mask: &[u8]) -> bool {
    let mut zero_seen = false;
    for &b in mask {
        for bit in (0..8).rev() {
            let one = b & (1 << bit) != 0;
            if one && zero_seen {
                return false;
            }
            zero_seen |= !one;
        }
    }
    true
}

pub(super) fn ip_cidr(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    for (l, s) in subtrees(ctx) {
        if let GeneralName::Ip(b) = s.base
            && (b.len() == 8 || b.len() == 32)
        {
            let (addr, mask) = b.split_at(b.len() / 2);
            if !is_prefix_mask(mask) {
                out.emit(
                    l,
                    format!(
                        "iPAddress constraint mask {} is not a CIDR prefix mask",
                        cert::hex_upper(mask)
                    ),
                );
            } else if addr.iter().zip(mask).any(|(a, m)| a & !m != 0) {
                out.emit(
                    l,
                    format!(
                        "iPAddress constraint address {} has bits set outside its mask {}; a CIDR range names its network prefix",
                        cert::hex_upper(addr),
                        cert::hex_upper(mask)
                    ),
                );
            }
        }
    }
}

pub(super) fn dp_without_name_or_issuer(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    for oid in [oids::CRL_DISTRIBUTION_POINTS, oids::FRESHEST_CRL] {
        if let Some(ExtValue::CrlDistributionPoints(dps)) = ctx.cert.ext_value(oid) {
            for (i, dp) in dps.iter().enumerate() {
                if dp.full_name.is_none() && dp.relative_name.is_none() && dp.crl_issuer.is_none() {
                    out.emit(
                        format!("{}[{i}]", ext_loc(oid)),
                        "the DistributionPoint has neither distributionPoint nor cRLIssuer",
                    );
                }
            }
        }
    }
}

pub(super) fn poison_not_critical(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    if ctx
        .cert
        .extension(oids::CT_PRECERT_POISON)
        .is_some_and(|e| !e.critical)
    {
        out.emit(
            ext_loc(oids::CT_PRECERT_POISON),
            "the CT precertificate poison extension is not marked critical",
        );
    }
}

pub(super) fn poison_with_scts(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    let c = ctx.cert;
    if c.extension(oids::CT_PRECERT_POISON).is_some() && c.extension(oids::CT_SCT_LIST).is_some() {
        out.emit(
            "extensions",
            "the certificate has both the CT precertificate poison and an SCT list",
        );
    }
}

pub(super) fn sct_list_empty(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    if let Some(ExtValue::SctList(list)) = ctx.cert.ext_value(oids::CT_SCT_LIST) {
        // SignedCertificateTimestampList: a two-octet length, then the SCTs.
        let declared = match list {
            [a, b, ..] => Some(u16::from_be_bytes([*a, *b])),
            _ => None,
        };
        if declared == Some(0) || list.len() == 2 {
            out.emit(
                ext_loc(oids::CT_SCT_LIST),
                "the SignedCertificateTimestampList contains no SCT",
            );
        }
    }
}
