//! S/MIME keys, algorithms and validity.
//!
//! - keyUsage of subscriber certificates (SMIME BR 7.1.2.3(e)): presence,
//!   criticality and the table of bit combinations per key type and
//!   generation.
//! - Byte-exact AlgorithmIdentifiers (SMIME BR 7.1.3.1, 7.1.3.2), key types
//!   and sizes (6.1.5) and RSA public exponents (6.1.6), for every S/MIME
//!   certificate (subscriber, subordinate CA, root).
//! - Subscriber validity periods (SMIME BR 6.3.2).
//!
//! Post-quantum keys: rootward cites S/MIME BR 1.0.10, which permits only
//! RSA, ECDSA and EdDSA. Version 1.0.11 (ballot SMC013, effective 2025-08-22)
//! adds ML-DSA (signing) and ML-KEM (key management) keys and the ML-DSA
//! signature encodings, and leaves section 7 otherwise unchanged. A
//! certificate is judged by the version in force at its notBefore, so ML-DSA
//! and ML-KEM are accepted from 2025-08-22 and reported before; this agrees
//! with pkilint's test certificates, which use them from 2025-08-23.

use cert::{KeyUsageBit as Ku, PublicKey, oids};

use crate::finding::Severity;
use crate::profile::Generation;
use crate::rule::{Ctx, Out, Rule, scope};
use crate::rules::keys::{
    ALG_ED448, ALG_ED25519, ALG_ML_DSA, KU_LOC, SIG_ECDSA_P256, SIG_ECDSA_P384, SIG_ECDSA_P521,
    SIG_RSA, SPKI_ALG_LOC, SPKI_ML_KEM, SPKI_P256, SPKI_P384, SPKI_P521, SPKI_RSA, eq_hex, hex,
    signature_fields,
};

/// Effective date of S/MIME BR 1.0.11, which added ML-DSA and ML-KEM.
const PQC_FROM: &str = "2025-08-22";

/// Whether the certificate's notBefore falls under S/MIME BR 1.0.11 or later.
/// An undecodable notBefore is given the benefit of the doubt.
fn pqc_permitted(ctx: &Ctx<'_>) -> bool {
    match (ctx.cert.not_before.unix(), cert::time::parse_iso(PQC_FROM)) {
        (Some(nb), Some(from)) => nb >= from,
        _ => true,
    }
}

// ----- keyUsage (7.1.2.3(e)) -----

fn ku_present(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    if ctx.cert.extension(oids::KEY_USAGE).is_none() {
        out.emit(
            "extensions",
            "the keyUsage extension is absent; SMIME BR 7.1.2.3(e) requires it",
        );
    }
}

fn ku_critical(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    if ctx
        .cert
        .extension(oids::KEY_USAGE)
        .is_some_and(|e| !e.critical)
    {
        out.emit(
            KU_LOC,
            "keyUsage is not marked critical; SMIME BR 7.1.2.3(e) says it SHOULD be",
        );
    }
}

/// The bits a usage requires and the bits it may add.
type Bits = (&'static [Ku], &'static [Ku]);

/// The usages the table of 7.1.2.3(e) defines for one key type and generation:
/// the bits each usage requires and those it may add.
struct Usages {
    /// Bits that make a signing certificate, if the key type can sign.
    sign: Option<Bits>,
    /// Bits that make a key management certificate, if the key type can do that.
    manage: Option<Bits>,
    /// Key type, for messages.
    name: &'static str,
}

const SIGN: Bits = (&[Ku::DigitalSignature], &[Ku::NonRepudiation]);

fn usages(ctx: &Ctx<'_>, generation: Generation) -> Option<Usages> {
    Some(match ctx.key {
        PublicKey::Rsa { .. } | PublicKey::RsaMalformed => Usages {
            sign: Some(SIGN),
            manage: Some(match generation {
                Generation::Strict => (&[Ku::KeyEncipherment], &[]),
                Generation::Multipurpose | Generation::Legacy => {
                    (&[Ku::KeyEncipherment], &[Ku::DataEncipherment])
                }
            }),
            name: "rsaEncryption",
        },
        PublicKey::Ec { .. } => Usages {
            sign: Some(SIGN),
            manage: Some((&[Ku::KeyAgreement], &[Ku::EncipherOnly, Ku::DecipherOnly])),
            name: "id-ecPublicKey",
        },
        PublicKey::Ed25519 | PublicKey::Ed448 => Usages {
            sign: Some(SIGN),
            manage: None,
            name: "id-Ed25519/id-Ed448",
        },
        // S/MIME BR 1.0.11: ML-DSA keys sign, ML-KEM keys only manage keys.
        PublicKey::MlDsa(_) if pqc_permitted(ctx) => Usages {
            sign: Some(SIGN),
            manage: None,
            name: "ML-DSA",
        },
        PublicKey::MlKem(_) if pqc_permitted(ctx) => Usages {
            sign: None,
            manage: Some((&[Ku::KeyEncipherment], &[])),
            name: "ML-KEM",
        },
        // Other key types are reported by smime.key.algorithm_not_permitted.
        _ => return None,
    })
}

/// How the asserted bits read against the table.
enum Reading {
    /// They select a usage, which allows these bits.
    Usage {
        usage: &'static str,
        allowed: Vec<Ku>,
        key: &'static str,
    },
    /// They select none of signing, key management and dual use.
    Unknown { key: &'static str },
}

/// Reads keyUsage against the table, or None when the table does not apply
/// (no keyUsage, not a subscriber profile, a key type the table lacks).
fn classify(ctx: &Ctx<'_>) -> Option<Reading> {
    let (_, generation) = ctx.smime()?;
    let ku = ctx.cert.key_usage()?;
    let u = usages(ctx, generation)?;
    let all = |bits: &[Ku]| bits.iter().all(|b| ku.has(*b));
    let sign = u.sign.filter(|(req, _)| all(req));
    let manage = u.manage.filter(|(req, _)| all(req));
    let (usage, parts): (&str, Vec<Bits>) = match (sign, manage) {
        (Some(s), Some(m)) => ("dual use", vec![s, m]),
        (Some(s), None) => ("signing only", vec![s]),
        (None, Some(m)) => ("key management only", vec![m]),
        (None, None) => return Some(Reading::Unknown { key: u.name }),
    };
    let allowed = parts
        .iter()
        .flat_map(|(req, opt)| req.iter().chain(opt.iter()))
        .copied()
        .collect();
    Some(Reading::Usage {
        usage,
        allowed,
        key: u.name,
    })
}

fn ku_prohibited_bits(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    let Some(Reading::Usage {
        usage,
        allowed,
        key: name,
    }) = classify(ctx)
    else {
        return;
    };
    let Some(ku) = ctx.cert.key_usage() else {
        return;
    };
    for bit in ku.set_bits().filter(|b| !allowed.contains(b)) {
        out.emit(
            KU_LOC,
            format!(
                "keyUsage asserts {}, which SMIME BR 7.1.2.3(e) does not allow in a {usage} {name} certificate",
                bit.name()
            ),
        );
    }
    if ku.has_undefined_bits() {
        out.emit(
            KU_LOC,
            "keyUsage asserts a bit beyond decipherOnly, which SMIME BR 7.1.2.3(e) does not allow",
        );
    }
}

fn ku_usage_type(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    let Some(Reading::Unknown { key: name }) = classify(ctx) else {
        return;
    };
    let Some(ku) = ctx.cert.key_usage() else {
        return;
    };
    let bits: Vec<&str> = ku.set_bits().map(Ku::name).collect();
    let bits = if bits.is_empty() {
        "no bits".to_string()
    } else {
        bits.join(", ")
    };
    out.emit(
        KU_LOC,
        format!(
            "keyUsage ({bits}) lacks the bits every signing or key management usage of an {name} key requires (SMIME BR 7.1.2.3(e))"
        ),
    );
}

// ----- Algorithm encodings (7.1.3) -----

fn spki_encoding(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    let raw = ctx.cert.spki.algorithm.raw;
    let mut allowed = vec![
        SPKI_RSA,
        SPKI_P256,
        SPKI_P384,
        SPKI_P521,
        ALG_ED25519,
        ALG_ED448,
    ];
    if pqc_permitted(ctx) {
        allowed.extend(ALG_ML_DSA);
        allowed.extend(SPKI_ML_KEM);
    }
    if !allowed.iter().any(|h| eq_hex(raw, h)) {
        out.emit(
            SPKI_ALG_LOC,
            format!(
                "subjectPublicKeyInfo AlgorithmIdentifier {} is not one SMIME BR 7.1.3.1 lists",
                hex(raw)
            ),
        );
    }
}

/// The encodings 7.1.3.2 allows for a signing key, or None for a key type it does not cover.
fn signature_encodings(ctx: &Ctx<'_>, signer: &PublicKey) -> Option<Vec<&'static str>> {
    Some(match signer {
        PublicKey::Rsa { .. } | PublicKey::RsaMalformed => SIG_RSA.to_vec(),
        PublicKey::Ec {
            curve: Some(cert::Curve::P256),
        } => vec![SIG_ECDSA_P256],
        PublicKey::Ec {
            curve: Some(cert::Curve::P384),
        } => vec![SIG_ECDSA_P384],
        PublicKey::Ec {
            curve: Some(cert::Curve::P521),
        } => vec![SIG_ECDSA_P521],
        PublicKey::Ed25519 => vec![ALG_ED25519],
        PublicKey::Ed448 => vec![ALG_ED448],
        PublicKey::MlDsa(44) if pqc_permitted(ctx) => vec![ALG_ML_DSA[0]],
        PublicKey::MlDsa(65) if pqc_permitted(ctx) => vec![ALG_ML_DSA[1]],
        PublicKey::MlDsa(87) if pqc_permitted(ctx) => vec![ALG_ML_DSA[2]],
        _ => return None,
    })
}

fn signature_encoding(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    // Which encoding is right depends on the signing key; without the issuer
    // every encoding 7.1.3.2 lists for some key is accepted.
    let allowed = match ctx.issuer.map(|i| i.spki.key()) {
        Some(k) => match signature_encodings(ctx, &k) {
            Some(v) => v,
            // The issuer's own key type is reported when the issuer is linted.
            None => return,
        },
        None => {
            let mut v = SIG_RSA.to_vec();
            v.extend([
                SIG_ECDSA_P256,
                SIG_ECDSA_P384,
                SIG_ECDSA_P521,
                ALG_ED25519,
                ALG_ED448,
            ]);
            if pqc_permitted(ctx) {
                v.extend(ALG_ML_DSA);
            }
            v
        }
    };
    for (loc, alg) in signature_fields(ctx.cert) {
        if !allowed.iter().any(|h| eq_hex(alg.raw, h)) {
            out.emit(
                loc,
                format!(
                    "{loc} {} is not an encoding SMIME BR 7.1.3.2 allows",
                    hex(alg.raw)
                ),
            );
        }
    }
}

// ----- Key types and sizes (6.1.5, 6.1.6) -----

fn key_algorithm(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    let ok = match ctx.key {
        PublicKey::Rsa { .. }
        | PublicKey::RsaMalformed
        | PublicKey::Ec { .. }
        | PublicKey::Ed25519
        | PublicKey::Ed448 => true,
        PublicKey::MlDsa(_) | PublicKey::MlKem(_) => pqc_permitted(ctx),
        _ => false,
    };
    if !ok {
        out.emit(
            SPKI_ALG_LOC,
            format!(
                "{} key ({}) is not an RSA, ECDSA or EdDSA key as SMIME BR 6.1.5 requires",
                ctx.key.describe(),
                ctx.cert.spki.algorithm.oid
            ),
        );
    }
}

fn ec_curve(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    if ctx.key == (PublicKey::Ec { curve: None }) {
        out.emit(
            SPKI_ALG_LOC,
            "ECDSA key is not on NIST P-256, P-384 or P-521 (SMIME BR 6.1.5)",
        );
    }
}

fn rsa_modulus(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    if let PublicKey::Rsa { modulus_bits, .. } = ctx.key
        && (modulus_bits < 2048 || modulus_bits % 8 != 0)
    {
        out.emit(
            "subjectPublicKeyInfo",
            format!("RSA modulus of {modulus_bits} bits; SMIME BR 6.1.5 requires at least 2048 and a multiple of 8"),
        );
    }
}

/// The RSA public exponent as minimal big-endian octets (empty for zero).
fn rsa_exponent<'a>(ctx: &Ctx<'a>) -> Option<&'a [u8]> {
    use cert::der::{IssueSink, Reader, tag};
    if !matches!(ctx.key, PublicKey::Rsa { .. }) {
        return None;
    }
    let sink = IssueSink::default();
    let mut r = Reader::new(ctx.cert.spki.public_key.bytes, 0, &sink);
    let seq = r.read_tag(tag::SEQUENCE).ok()?;
    let mut sr = seq.reader(&sink);
    sr.read_tag(tag::INTEGER).ok()?;
    let e = sr.read_tag(tag::INTEGER).ok()?.value;
    // A negative exponent (high bit set in the first octet) is not odd-and->=3 either;
    // report it through the magnitude check by keeping the octets as they are.
    let start = e.iter().position(|&b| b != 0).unwrap_or(e.len());
    Some(&e[start..])
}

fn exponent_negative(ctx: &Ctx<'_>) -> bool {
    use cert::der::{IssueSink, Reader, tag};
    let sink = IssueSink::default();
    let mut r = Reader::new(ctx.cert.spki.public_key.bytes, 0, &sink);
    let Ok(seq) = r.read_tag(tag::SEQUENCE) else {
        return false;
    };
    let mut sr = seq.reader(&sink);
    if sr.read_tag(tag::INTEGER).is_err() {
        return false;
    }
    sr.read_tag(tag::INTEGER)
        .ok()
        .and_then(|t| t.value.first().copied())
        .is_some_and(|b| b & 0x80 != 0)
}

fn describe_exponent(e: &[u8]) -> String {
    if e.len() <= 8 {
        e.iter()
            .fold(0u64, |a, &b| (a << 8) | u64::from(b))
            .to_string()
    } else {
        format!("0x{}", hex(e))
    }
}

fn rsa_exponent_value(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    let Some(e) = rsa_exponent(ctx) else { return };
    let negative = exponent_negative(ctx);
    let odd = e.last().is_some_and(|b| b & 1 == 1);
    let at_least_3 = e.len() > 1 || e.first().is_some_and(|&b| b >= 3);
    if negative || !odd || !at_least_3 {
        let sign = if negative { "negative " } else { "" };
        out.emit(
            "subjectPublicKeyInfo",
            format!(
                "RSA public exponent {sign}{} is not an odd number of at least 3 (SMIME BR 6.1.6)",
                describe_exponent(e)
            ),
        );
    }
}

fn rsa_exponent_range(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    let Some(e) = rsa_exponent(ctx) else { return };
    if exponent_negative(ctx) {
        return;
    }
    // 2^16 + 1 <= e <= 2^256 - 1: at most 32 octets, and above 65536.
    let small = e.len() < 3 || (e.len() == 3 && e[0] == 1 && e[1] == 0 && e[2] == 0);
    if small || e.len() > 32 {
        out.emit(
            "subjectPublicKeyInfo",
            format!(
                "RSA public exponent {} is outside 2^16+1 .. 2^256-1 (SMIME BR 6.1.6)",
                describe_exponent(e)
            ),
        );
    }
}

// ----- Validity (6.3.2) -----

/// The validity period in days as 6.3.2 counts them: 86,400 seconds each,
/// any excess making a further day. None when a time does not decode or the
/// period is not positive.
fn validity_days(ctx: &Ctx<'_>) -> Option<i64> {
    let secs = ctx.cert.validity_seconds()?;
    (secs > 0).then(|| (secs + 86_399) / 86_400)
}

fn max_days(ctx: &Ctx<'_>) -> Option<i64> {
    Some(match ctx.smime()?.1 {
        Generation::Strict | Generation::Multipurpose => 825,
        Generation::Legacy => 1185,
    })
}

fn validity_exceeds(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    let (Some(days), Some(max)) = (validity_days(ctx), max_days(ctx)) else {
        return;
    };
    if days > max {
        out.emit(
            "validity",
            format!(
                "validity period counts {days} days, more than the {max} SMIME BR 6.3.2 allows"
            ),
        );
    }
}

fn validity_at_maximum(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    let (Some(days), Some(max)) = (validity_days(ctx), max_days(ctx)) else {
        return;
    };
    if days == max {
        out.emit(
            "validity",
            format!("validity period counts {days} days, the maximum; SMIME BR 6.3.2 says not to issue for the maximum"),
        );
    }
}

/// The rules of this file.
pub static RULES: &[Rule] = &[
    Rule {
        code: "smime.key_usage.missing",
        citation: "SMIME BR 7.1.2.3(e)",
        summary: "Subscriber certificates contain the keyUsage extension",
        applies: scope::smime,
        pkilint: Some("cabf.smime.key_usage_extension_missing"),
        zlint: Some("e_key_usage_presence"),
        check: ku_present,
        ..Rule::NEW
    },
    Rule {
        code: "smime.key_usage.not_critical",
        severity: Severity::Warning,
        citation: "SMIME BR 7.1.2.3(e)",
        summary: "The keyUsage extension of subscriber certificates is critical",
        applies: scope::smime,
        pkilint: Some("cabf.smime.ku_extension_not_critical"),
        zlint: Some("w_key_usage_criticality"),
        check: ku_critical,
        ..Rule::NEW
    },
    Rule {
        code: "smime.key_usage.prohibited_bit",
        citation: "SMIME BR 7.1.2.3(e)",
        summary: "keyUsage asserts only the bits the table allows for the key type, generation and the usage the \
                  asserted bits select (signing only, key management only or dual use)",
        applies: scope::smime,
        pkilint: Some("cabf.smime.prohibited_ku_present"),
        check: ku_prohibited_bits,
        ..Rule::NEW
    },
    Rule {
        code: "smime.key_usage.unknown_usage",
        citation: "SMIME BR 7.1.2.3(e)",
        summary: "keyUsage asserts the bits one of the usages of the table requires for the key type \
                  (digitalSignature for signing; keyEncipherment or keyAgreement for key management)",
        applies: scope::smime,
        pkilint: Some("cabf.smime.unknown_certificate_key_usage_type"),
        check: ku_usage_type,
        ..Rule::NEW
    },
    Rule {
        code: "smime.spki.algorithm_encoding",
        citation: "SMIME BR 7.1.3.1",
        summary: "The subjectPublicKeyInfo AlgorithmIdentifier is byte-for-byte one of the listed encodings \
                  (ML-DSA and ML-KEM from 2025-08-22, S/MIME BR 1.0.11)",
        applies: scope::smime_any,
        pkilint: Some("cabf.smime.prohibited_spki_algorithm_encoding"),
        zlint: Some("e_invalid_spki_algoid"),
        check: spki_encoding,
        ..Rule::NEW
    },
    Rule {
        code: "smime.signature_algorithm.encoding",
        citation: "SMIME BR 7.1.3.2",
        summary: "Certificate.signatureAlgorithm and TBSCertificate.signature are byte-for-byte an encoding \
                  listed for the signing key (ML-DSA from 2025-08-22, S/MIME BR 1.0.11)",
        applies: scope::smime_any,
        pkilint: Some("cabf.smime.prohibited_signature_algorithm_encoding"),
        check: signature_encoding,
        ..Rule::NEW
    },
    Rule {
        code: "smime.key.algorithm_not_permitted",
        citation: "SMIME BR 6.1.5",
        summary: "The subject key is RSA, ECDSA or EdDSA (or ML-DSA/ML-KEM from 2025-08-22, S/MIME BR 1.0.11)",
        applies: scope::smime_any,
        pkilint: Some("cabf.smime.unsupported_public_key_type"),
        check: key_algorithm,
        ..Rule::NEW
    },
    Rule {
        code: "smime.key.ec_curve_not_permitted",
        citation: "SMIME BR 6.1.5",
        summary: "ECDSA keys are on NIST P-256, P-384 or P-521",
        applies: scope::smime_any,
        check: ec_curve,
        ..Rule::NEW
    },
    Rule {
        code: "smime.key.rsa_modulus_size",
        citation: "SMIME BR 6.1.5",
        summary: "RSA moduli are at least 2048 bits and a multiple of 8 bits",
        applies: scope::smime_any,
        pkilint: Some("cabf.rsa_modulus_invalid_length"),
        check: rsa_modulus,
        ..Rule::NEW
    },
    Rule {
        code: "smime.key.rsa_exponent_prohibited",
        citation: "SMIME BR 6.1.6",
        summary: "The RSA public exponent is odd and at least 3",
        applies: scope::smime_any,
        pkilint: Some("cabf.rsa_exponent_prohibited_value"),
        check: rsa_exponent_value,
        ..Rule::NEW
    },
    Rule {
        code: "smime.key.rsa_exponent_outside_range",
        severity: Severity::Warning,
        citation: "SMIME BR 6.1.6",
        summary: "The RSA public exponent is between 2^16+1 and 2^256-1",
        applies: scope::smime_any,
        pkilint: Some("cabf.rsa_exponent_not_in_recommended_range"),
        zlint: Some("w_rsa_public_exponent_not_in_range"),
        check: rsa_exponent_range,
        ..Rule::NEW
    },
    Rule {
        code: "smime.validity.exceeds_825_days",
        citation: "SMIME BR 6.3.2",
        summary: "Strict and multipurpose subscriber certificates are valid for at most 825 days \
                  (notAfter - notBefore + 1 s, each started 86,400 s a day)",
        applies: scope::smime_mp_strict,
        pkilint: Some("cabf.smime.certificate_validity_period_exceeds_825_days"),
        check: validity_exceeds,
        ..Rule::NEW
    },
    Rule {
        code: "smime.validity.exceeds_1185_days",
        citation: "SMIME BR 6.3.2",
        summary: "Legacy subscriber certificates are valid for at most 1185 days \
                  (notAfter - notBefore + 1 s, each started 86,400 s a day)",
        applies: scope::smime_legacy,
        pkilint: Some("cabf.smime.certificate_validity_period_exceeds_1185_days"),
        check: validity_exceeds,
        ..Rule::NEW
    },
    Rule {
        code: "smime.validity.at_maximum",
        severity: Severity::Warning,
        citation: "SMIME BR 6.3.2",
        summary: "Subscriber certificates are not issued for the maximum validity period of their generation",
        applies: scope::smime,
        pkilint: Some("cabf.smime.certificate_validity_period_at_maximum"),
        check: validity_at_maximum,
        ..Rule::NEW
    },
];
