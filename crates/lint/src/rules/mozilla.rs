//! Mozilla Root Store Policy rules that can be judged from one certificate:
//! EKU for end-entity certificates (MRSP 5.2), serial number entropy (5.2),
//! EKU for intermediates (5.3) and technically constrained status (5.3.1).
//!
//! Not implemented:
//! - the cross-certificate exception of MRSP 5.3 (a cross-certificate that
//!   shares a private key with a root needs no EKU): it needs the root;
//! - MRSP 7.5 (dedicated hierarchies for roots added after 2025-03-15): it
//!   depends on the root's inclusion date and trust bits, which live in the
//!   registry, not in the certificate.

use cert::ext::{ExtValue, GeneralSubtree};
use cert::{Certificate, GeneralName, oids};

use crate::finding::Severity;
use crate::profile::Profile;
use crate::rule::{Ctx, Out, Rule, scope};
use crate::rules::rfc5280::util::{ext_loc, is_fqdn};

/// End-entity profiles: neither a CA profile nor a subordinate or root CA one.
fn end_entity(p: Profile) -> bool {
    !(p.is_ca() || p.is_subca() || p == Profile::TlsRoot)
}

fn eku_missing(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    if ctx.cert.extension(oids::EXT_KEY_USAGE).is_none() {
        out.emit("extensions", "there is no extKeyUsage extension");
    }
}

fn intermediate_eku_missing(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    if ctx.cert.extension(oids::EXT_KEY_USAGE).is_none() {
        out.emit(
            "extensions",
            "there is no extKeyUsage extension (exempt only if this is a cross-certificate sharing its key with a root, which the certificate alone cannot show)",
        );
    }
}

fn eku_any(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    if ctx
        .cert
        .ext_key_usage()
        .is_some_and(|e| e.contains(&oids::ANY_EXTENDED_KEY_USAGE))
    {
        out.emit(
            ext_loc(oids::EXT_KEY_USAGE),
            "extKeyUsage contains anyExtendedKeyUsage",
        );
    }
}

fn server_and_email(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    let Some(eku) = ctx.cert.ext_key_usage() else {
        return;
    };
    if eku.contains(&oids::KP_SERVER_AUTH) && eku.contains(&oids::KP_EMAIL_PROTECTION) {
        out.emit(
            ext_loc(oids::EXT_KEY_USAGE),
            "extKeyUsage contains both id-kp-serverAuth and id-kp-emailProtection",
        );
    }
}

fn serial_entropy(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    // 64 random bits encode in at least 8 octets unless the top octet happens
    // to be zero (1 chance in 256), so shorter serials are a strong hint.
    let s = ctx.cert.serial;
    let significant = s.iter().skip_while(|&&b| b == 0).count();
    if significant < 8 {
        out.emit(
            "serialNumber",
            format!(
                "serial number {} has {} significant octet(s), fewer than the 8 that 64 bits of CSPRNG output normally need",
                ctx.cert.serial_hex(),
                significant
            ),
        );
    }
}

/// The permitted and excluded subtrees of nameConstraints, when present.
fn constraints<'c, 'a>(
    cert: &'c Certificate<'a>,
) -> Option<(&'c [GeneralSubtree<'a>], &'c [GeneralSubtree<'a>])> {
    match cert.ext_value(oids::NAME_CONSTRAINTS) {
        Some(ExtValue::NameConstraints(nc)) => Some((
            nc.permitted.as_deref().unwrap_or(&[]),
            nc.excluded.as_deref().unwrap_or(&[]),
        )),
        _ => None,
    }
}

/// Why a serverAuth intermediate is not name-constrained as TLS BR 7.1.2.5.2 requires.
fn tls_constraint_gaps(cert: &Certificate<'_>) -> Vec<String> {
    let Some((permitted, excluded)) = constraints(cert) else {
        return vec!["id-kp-serverAuth without a nameConstraints extension".into()];
    };
    let has = |list: &[GeneralSubtree<'_>], f: &dyn Fn(&GeneralName<'_>) -> bool| {
        list.iter().any(|s| f(&s.base))
    };
    let mut gaps = Vec::new();
    if !has(permitted, &|n| matches!(n, GeneralName::Dns(_)))
        && !has(
            excluded,
            &|n| matches!(n, GeneralName::Dns(d) if d.is_empty()),
        )
    {
        gaps.push("no dNSName permitted subtree and no zero-length dNSName exclusion".into());
    }
    for (len, what) in [(8usize, "IPv4"), (32, "IPv6")] {
        if !has(
            permitted,
            &|n| matches!(n, GeneralName::Ip(b) if b.len() == len),
        ) && !has(
            excluded,
            &|n| matches!(n, GeneralName::Ip(b) if b.len() == len && b.iter().all(|&x| x == 0)),
        ) {
            gaps.push(format!(
                "no {what} iPAddress permitted subtree and no exclusion of the whole {what} range"
            ));
        }
    }
    if !has(permitted, &|n| matches!(n, GeneralName::DirectoryName(_))) {
        gaps.push("no directoryName permitted subtree".into());
    }
    gaps
}

/// Why an emailProtection intermediate is not constrained as MRSP 5.3.1 requires.
fn email_constraint_gaps(cert: &Certificate<'_>) -> Vec<String> {
    let Some((permitted, _)) = constraints(cert) else {
        return vec!["id-kp-emailProtection without a nameConstraints extension".into()];
    };
    let rfc822: Vec<&[u8]> = permitted
        .iter()
        .filter_map(|s| match s.base {
            GeneralName::Rfc822(v) => Some(v),
            _ => None,
        })
        .collect();
    let mut gaps = Vec::new();
    if rfc822.is_empty() {
        gaps.push("no rfc822Name in permittedSubtrees".into());
    }
    for v in &rfc822 {
        let text = String::from_utf8_lossy(v);
        if !is_fqdn(text.strip_prefix('.').unwrap_or(&text)) && !v.contains(&b'@') {
            gaps.push(format!(
                "rfc822Name \"{text}\" is not a FQDN or \".\" followed by a FQDN (SMIME BR 7.1.5)"
            ));
        }
    }
    for v in rfc822.iter().filter(|v| v.contains(&b'@')) {
        gaps.push(format!(
            "rfc822Name \"{}\" is an email address (SMIME BR 7.1.5 requires a domain)",
            String::from_utf8_lossy(v)
        ));
    }
    gaps
}

fn technically_constrained(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    let c = ctx.cert;
    let Some(eku) = c.ext_key_usage() else {
        if c.extension(oids::EXT_KEY_USAGE).is_none() {
            out.emit(
                "extensions",
                "not technically constrained (MRSP 5.3.1): there is no extKeyUsage extension",
            );
        }
        return;
    };
    let mut gaps = Vec::new();
    if eku.contains(&oids::ANY_EXTENDED_KEY_USAGE) {
        gaps.push("extKeyUsage contains anyExtendedKeyUsage".to_owned());
    }
    let server = eku.contains(&oids::KP_SERVER_AUTH);
    let email = eku.contains(&oids::KP_EMAIL_PROTECTION);
    if server {
        gaps.extend(tls_constraint_gaps(c));
    }
    if email {
        if server {
            gaps.push("id-kp-emailProtection together with id-kp-serverAuth".into());
        }
        gaps.extend(email_constraint_gaps(c));
    }
    let msg = if !gaps.is_empty() {
        format!(
            "not technically constrained (MRSP 5.3.1): {}",
            gaps.join("; ")
        )
    } else if server || email {
        let what = if server { "TLS server" } else { "S/MIME" };
        format!(
            "technically constrained (MRSP 5.3.1) for {what} certificates by its extKeyUsage and nameConstraints; the permitted names must have been validated"
        )
    } else {
        "technically constrained (MRSP 5.3.1): its extKeyUsage allows neither id-kp-serverAuth nor id-kp-emailProtection".to_owned()
    };
    out.emit(ext_loc(oids::EXT_KEY_USAGE), msg);
}

/// The rules of this file.
pub static RULES: &[Rule] = &[
    Rule {
        code: "mozilla.end_entity.eku_missing",
        severity: Severity::Error,
        citation: "MRSP 5.2",
        summary: "End-entity certificates have an extKeyUsage extension",
        applies: end_entity,
        check: eku_missing,
        ..Rule::NEW
    },
    Rule {
        code: "mozilla.end_entity.any_eku",
        severity: Severity::Error,
        citation: "MRSP 5.2",
        summary: "End-entity extKeyUsage does not contain anyExtendedKeyUsage",
        applies: end_entity,
        check: eku_any,
        ..Rule::NEW
    },
    Rule {
        code: "mozilla.serial.low_entropy",
        severity: Severity::Warning,
        citation: "MRSP 5.2; SMIME BR 7.1",
        summary: "The serial number has at least 8 significant octets, as 64 bits of CSPRNG output normally give (heuristic)",
        // CA/Browser Forum Ballot 164 (TLS BR 1.3.7, see the TLS BR revision table)
        // made 64 bits of entropy mandatory from this date.
        effective_from: Some("2016-09-30"),
        check: serial_entropy,
        ..Rule::NEW
    },
    Rule {
        code: "mozilla.intermediate.eku_missing",
        severity: Severity::Error,
        citation: "MRSP 5.3",
        summary: "Intermediate certificates created after 2019-01-01 have an extKeyUsage extension",
        applies: scope::subca,
        effective_from: Some("2019-01-01"),
        check: intermediate_eku_missing,
        ..Rule::NEW
    },
    Rule {
        code: "mozilla.intermediate.any_eku",
        severity: Severity::Error,
        citation: "MRSP 5.3",
        summary: "Intermediate certificates created after 2019-01-01 do not contain anyExtendedKeyUsage",
        applies: scope::subca,
        effective_from: Some("2019-01-01"),
        check: eku_any,
        ..Rule::NEW
    },
    Rule {
        code: "mozilla.intermediate.server_auth_and_email_protection",
        severity: Severity::Error,
        citation: "MRSP 5.3",
        summary: "Intermediate certificates created after 2019-01-01 do not contain both id-kp-serverAuth and id-kp-emailProtection",
        applies: scope::subca,
        effective_from: Some("2019-01-01"),
        check: server_and_email,
        ..Rule::NEW
    },
    Rule {
        code: "mozilla.intermediate.technically_constrained",
        severity: Severity::Info,
        citation: "MRSP 5.3.1",
        summary: "Reports whether the intermediate is technically constrained, and if not, why",
        applies: scope::subca,
        check: technically_constrained,
        ..Rule::NEW
    },
];
