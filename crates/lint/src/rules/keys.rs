//! Keys and algorithms, for every profile.
//!
//! - Which keyUsage bits a key type allows (RFC 3279 2.3.1, RFC 8813 3,
//!   RFC 8410 5, RFC 9881 5, the LAMPS ML-KEM certificate profile) and
//!   encipherOnly/decipherOnly without keyAgreement (RFC 5280 4.2.1.3; the
//!   other RFC 5280 keyUsage rules are in `rfc5280`).
//! - SubjectPublicKeyInfo parameters (RFC 3279 2.3.1, RFC 5480 2.1.1) and the
//!   agreement of the two signature AlgorithmIdentifiers (RFC 5280 4.1.1.2).
//! - Mozilla Root Store Policy 5.1: key types and sizes, byte-exact encodings
//!   and SHA-1. MRSP binds certificates that chain to a root in Mozilla's
//!   store; a single certificate does not say whether it does, so these rules
//!   apply to every profile and a user linting a private hierarchy can ignore
//!   the `mozilla.*` codes.
//!
//! The encoding tables are shared with the S/MIME rules in `smime_keys`.

use cert::der::{IssueSink, tag};
use cert::{AlgorithmIdentifier, Certificate, Curve, KeyUsageBit as Ku, Oid, PublicKey, oids};

use crate::finding::Severity;
use crate::rule::{Ctx, Out, Rule, scope};

/// Location of the keyUsage extension in findings.
pub(crate) const KU_LOC: &str = "extensions.keyUsage";
/// Location of the SubjectPublicKeyInfo AlgorithmIdentifier in findings.
pub(crate) const SPKI_ALG_LOC: &str = "subjectPublicKeyInfo.algorithm";

// ----- AlgorithmIdentifier encodings (hex), as the policies list them -----

/// rsaEncryption with NULL parameters (MRSP 5.1.1; SMIME BR 7.1.3.1.1).
pub(crate) const SPKI_RSA: &str = "300d06092a864886f70d0101010500";
/// id-ecPublicKey on secp256r1 (MRSP 5.1.2; SMIME BR 7.1.3.1.2).
pub(crate) const SPKI_P256: &str = "301306072a8648ce3d020106082a8648ce3d030107";
/// id-ecPublicKey on secp384r1.
pub(crate) const SPKI_P384: &str = "301006072a8648ce3d020106052b81040022";
/// id-ecPublicKey on secp521r1.
pub(crate) const SPKI_P521: &str = "301006072a8648ce3d020106052b81040023";
/// id-Ed25519, parameters absent (RFC 8410 3; SMIME BR 7.1.3.1.3, 7.1.3.2.3).
pub(crate) const ALG_ED25519: &str = "300506032b6570";
/// id-Ed448, parameters absent.
pub(crate) const ALG_ED448: &str = "300506032b6571";
/// id-ml-dsa-44/65/87, parameters absent (RFC 9881 2; SMIME BR 1.0.11 7.1.3).
pub(crate) const ALG_ML_DSA: [&str; 3] = [
    "300b0609608648016503040311",
    "300b0609608648016503040312",
    "300b0609608648016503040313",
];
/// id-alg-ml-kem-512/768/1024, parameters absent (SMIME BR 1.0.11 7.1.3.1).
pub(crate) const SPKI_ML_KEM: [&str; 3] = [
    "300b0609608648016503040401",
    "300b0609608648016503040402",
    "300b0609608648016503040403",
];
/// sha1WithRSAEncryption with NULL (MRSP 5.1.1 lists it for RSA signers, restricted by 5.1.3).
pub(crate) const SIG_RSA_SHA1: &str = "300d06092a864886f70d0101050500";
/// RSASSA-PKCS1-v1_5 with SHA-256/384/512, and RSASSA-PSS with SHA-256/384/512,
/// MGF1 with the same hash and salt 32/48/64 (MRSP 5.1.1; SMIME BR 7.1.3.2.1).
pub(crate) const SIG_RSA: [&str; 6] = [
    "300d06092a864886f70d01010b0500",
    "300d06092a864886f70d01010c0500",
    "300d06092a864886f70d01010d0500",
    "304106092a864886f70d01010a3034a00f300d06096086480165030402010500a11c301a06092a864886f70d010108300d06096086480165030402010500a203020120",
    "304106092a864886f70d01010a3034a00f300d06096086480165030402020500a11c301a06092a864886f70d010108300d06096086480165030402020500a203020130",
    "304106092a864886f70d01010a3034a00f300d06096086480165030402030500a11c301a06092a864886f70d010108300d06096086480165030402030500a203020140",
];
/// ecdsa-with-SHA256, parameters absent (for P-256 signers).
pub(crate) const SIG_ECDSA_P256: &str = "300a06082a8648ce3d040302";
/// ecdsa-with-SHA384 (for P-384 signers).
pub(crate) const SIG_ECDSA_P384: &str = "300a06082a8648ce3d040303";
/// ecdsa-with-SHA512 (for P-521 signers).
pub(crate) const SIG_ECDSA_P521: &str = "300a06082a8648ce3d040304";

/// `dsa-with-sha1` (1.2.840.10040.4.3)
const DSA_WITH_SHA1: Oid<'static> = Oid::new(&[0x2a, 0x86, 0x48, 0xce, 0x38, 0x04, 0x03]);
/// OIW `sha1WithRSASignature` (1.3.14.3.2.29)
const OIW_SHA1_WITH_RSA: Oid<'static> = Oid::new(&[0x2b, 0x0e, 0x03, 0x02, 0x1d]);

/// Whether `raw` is the encoding written as lowercase hex in `hex`.
pub(crate) fn eq_hex(raw: &[u8], hex: &str) -> bool {
    let h = hex.as_bytes();
    h.len() == raw.len() * 2
        && raw.iter().zip(h.chunks(2)).all(|(&b, pair)| {
            let nib = |c: u8| match c {
                b'0'..=b'9' => c - b'0',
                b'a'..=b'f' => c - b'a' + 10,
                _ => 0xff,
            };
            nib(pair[0]) == b >> 4 && nib(pair[1]) == b & 0x0f
        })
}

/// Lowercase hex of an encoding, for messages.
pub(crate) fn hex(raw: &[u8]) -> String {
    cert::hex_upper(raw).to_ascii_lowercase()
}

/// The signature AlgorithmIdentifier encodings a signer's key may use under
/// MRSP 5.1.1/5.1.2 (EdDSA, which MRSP permits for S/MIME keys without listing
/// encodings, by RFC 8410 3). `None` when the key type is not one MRSP allows.
fn mrsp_signature_encodings(signer: &PublicKey) -> Option<Vec<&'static str>> {
    Some(match signer {
        PublicKey::Rsa { .. } | PublicKey::RsaMalformed => {
            let mut v = vec![SIG_RSA_SHA1];
            v.extend(SIG_RSA);
            v
        }
        PublicKey::Ec {
            curve: Some(Curve::P256),
        } => vec![SIG_ECDSA_P256],
        PublicKey::Ec {
            curve: Some(Curve::P384),
        } => vec![SIG_ECDSA_P384],
        PublicKey::Ec {
            curve: Some(Curve::P521),
        } => vec![SIG_ECDSA_P521],
        PublicKey::Ed25519 => vec![ALG_ED25519],
        PublicKey::Ed448 => vec![ALG_ED448],
        _ => return None,
    })
}

/// The two signature AlgorithmIdentifiers with their locations.
pub(crate) fn signature_fields<'c>(
    cert: &'c Certificate<'c>,
) -> [(&'static str, &'c AlgorithmIdentifier<'c>); 2] {
    [
        ("tbsCertificate.signature", &cert.tbs_signature),
        ("signatureAlgorithm", &cert.signature_algorithm),
    ]
}

/// Whether an AlgorithmIdentifier denotes a signature computed over a SHA-1 hash.
fn is_sha1_signature(alg: &AlgorithmIdentifier<'_>) -> bool {
    match alg.oid {
        oids::SHA1_WITH_RSA | oids::ECDSA_WITH_SHA1 | DSA_WITH_SHA1 | OIW_SHA1_WITH_RSA => true,
        // RSASSA-PSS-params: hashAlgorithm [0] defaults to SHA-1 (RFC 4055 3.1).
        oids::RSASSA_PSS => {
            let Some(params) = alg.params.filter(|p| p.tag == tag::SEQUENCE) else {
                return false;
            };
            let sink = IssueSink::default();
            let mut r = params.reader(&sink);
            match r.read_optional(tag::context_constructed(0)) {
                Ok(None) => true,
                Ok(Some(h)) => {
                    let mut hr = h.reader(&sink);
                    let Ok(seq) = hr.read_tag(tag::SEQUENCE) else {
                        return false;
                    };
                    let mut sr = seq.reader(&sink);
                    sr.read_tag(tag::OID)
                        .is_ok_and(|o| Oid::new(o.value) == oids::SHA1)
                }
                Err(_) => false,
            }
        }
        _ => false,
    }
}

// ----- keyUsage bits per key type -----

/// Reports each asserted keyUsage bit outside `allowed`.
fn ku_outside(ctx: &Ctx<'_>, out: &mut Out<'_>, allowed: &[Ku], key: &str, cite: &str) {
    let Some(ku) = ctx.cert.key_usage() else {
        return;
    };
    for bit in ku.set_bits().filter(|b| !allowed.contains(b)) {
        out.emit(
            KU_LOC,
            format!(
                "keyUsage asserts {}, which {cite} does not allow for {key}",
                bit.name()
            ),
        );
    }
}

fn ku_rsa(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    if matches!(ctx.key, PublicKey::Rsa { .. } | PublicKey::RsaMalformed) {
        // RFC 3279 2.3.1 lists every bit an RSA key may carry; keyAgreement,
        // encipherOnly and decipherOnly are not among them.
        let allowed = [
            Ku::DigitalSignature,
            Ku::NonRepudiation,
            Ku::KeyEncipherment,
            Ku::DataEncipherment,
            Ku::KeyCertSign,
            Ku::CrlSign,
        ];
        ku_outside(ctx, out, &allowed, "an RSA key", "RFC 3279 2.3.1");
    }
}

fn ku_ec(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    if matches!(ctx.key, PublicKey::Ec { .. }) {
        let Some(ku) = ctx.cert.key_usage() else {
            return;
        };
        for bit in [Ku::KeyEncipherment, Ku::DataEncipherment]
            .into_iter()
            .filter(|b| ku.has(*b))
        {
            out.emit(
                KU_LOC,
                format!(
                    "keyUsage asserts {}, which RFC 8813 3 prohibits for an id-ecPublicKey key",
                    bit.name()
                ),
            );
        }
    }
}

fn ku_eddsa(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    if matches!(ctx.key, PublicKey::Ed25519 | PublicKey::Ed448) {
        let allowed = [
            Ku::DigitalSignature,
            Ku::NonRepudiation,
            Ku::KeyCertSign,
            Ku::CrlSign,
        ];
        ku_outside(
            ctx,
            out,
            &allowed,
            &format!("an {} key", ctx.key.describe()),
            "RFC 8410 5",
        );
    }
}

fn ku_xdh(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    if matches!(ctx.key, PublicKey::Xdh) {
        let allowed = [Ku::KeyAgreement, Ku::EncipherOnly, Ku::DecipherOnly];
        ku_outside(ctx, out, &allowed, "an X25519/X448 key", "RFC 8410 5");
    }
}

fn ku_xdh_key_agreement(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    if matches!(ctx.key, PublicKey::Xdh)
        && ctx
            .cert
            .key_usage()
            .is_some_and(|ku| !ku.has(Ku::KeyAgreement))
    {
        out.emit(
            KU_LOC,
            "keyUsage lacks keyAgreement, which RFC 8410 5 requires for an X25519/X448 key",
        );
    }
}

fn ku_mldsa(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    if matches!(ctx.key, PublicKey::MlDsa(_)) {
        let allowed = [
            Ku::DigitalSignature,
            Ku::NonRepudiation,
            Ku::KeyCertSign,
            Ku::CrlSign,
        ];
        ku_outside(
            ctx,
            out,
            &allowed,
            &format!("an {} key", ctx.key.describe()),
            "RFC 9881 5",
        );
    }
}

/// Octets of an ML-DSA public key by parameter set (FIPS 204 Table 2; the
/// ML-DSA-44/65/87-PublicKey sizes of RFC 9881 4).
fn ml_dsa_key_octets(set: u16) -> Option<usize> {
    match set {
        44 => Some(1312),
        65 => Some(1952),
        87 => Some(2592),
        _ => None,
    }
}

fn mldsa_key_length(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    let PublicKey::MlDsa(set) = ctx.key else {
        return;
    };
    let got = ctx.cert.spki.public_key.bytes.len();
    if let Some(want) = ml_dsa_key_octets(set)
        && got != want
    {
        out.emit(
            "subjectPublicKeyInfo.subjectPublicKey",
            format!(
                "the ML-DSA-{set} public key is {got} octets; its encoding (FIPS 204 7.2 pkEncode) is {want}"
            ),
        );
    }
}

fn hash_mldsa_in_ca(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    if !matches!(ctx.key, PublicKey::HashMlDsa(_)) {
        return;
    }
    let c = ctx.cert;
    let signs_certificates_or_crls = c.is_ca()
        || c.key_usage()
            .is_some_and(|ku| ku.has(Ku::KeyCertSign) || ku.has(Ku::CrlSign));
    let signs_ocsp = c
        .ext_key_usage()
        .is_some_and(|e| e.contains(&oids::KP_OCSP_SIGNING));
    if signs_certificates_or_crls || signs_ocsp {
        out.emit(
            SPKI_ALG_LOC,
            format!(
                "a {} key (pre-hashed ML-DSA) in a certificate for issuing certificates, CRLs or OCSP responses",
                ctx.key.describe()
            ),
        );
    }
}

fn ku_mlkem(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    if matches!(ctx.key, PublicKey::MlKem(_)) {
        let allowed = [Ku::KeyEncipherment];
        ku_outside(
            ctx,
            out,
            &allowed,
            &format!("an {} key", ctx.key.describe()),
            "the LAMPS ML-KEM certificate profile",
        );
    }
}

fn ku_only_without_agreement(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    let Some(ku) = ctx.cert.key_usage() else {
        return;
    };
    if ku.has(Ku::KeyAgreement) {
        return;
    }
    for bit in [Ku::EncipherOnly, Ku::DecipherOnly]
        .into_iter()
        .filter(|b| ku.has(*b))
    {
        out.emit(
            KU_LOC,
            format!("keyUsage asserts {} without keyAgreement, where RFC 5280 4.2.1.3 leaves its meaning undefined", bit.name()),
        );
    }
}

// ----- SubjectPublicKeyInfo and signature fields -----

fn rsa_params_null(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    let alg = &ctx.cert.spki.algorithm;
    if alg.oid != oids::RSA_ENCRYPTION {
        return;
    }
    match alg.params {
        None => out.emit(
            SPKI_ALG_LOC,
            "rsaEncryption parameters are absent; RFC 3279 2.3.1 requires NULL",
        ),
        Some(p) if p.tag != tag::NULL || !p.value.is_empty() => out.emit(
            SPKI_ALG_LOC,
            format!(
                "rsaEncryption parameters are {}, not NULL as RFC 3279 2.3.1 requires",
                hex(p.raw)
            ),
        ),
        Some(_) => {}
    }
}

fn rsa_key_decodes(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    if ctx.key == PublicKey::RsaMalformed {
        out.emit(
            "subjectPublicKeyInfo.subjectPublicKey",
            "the subjectPublicKey of an RSA key is not a decodable RSAPublicKey (RFC 3279 2.3.1)",
        );
    }
}

fn ec_named_curve(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    let alg = &ctx.cert.spki.algorithm;
    if alg.oid != oids::EC_PUBLIC_KEY {
        return;
    }
    match alg.params {
        Some(p) if p.tag == tag::OID => {}
        None => out.emit(
            SPKI_ALG_LOC,
            "id-ecPublicKey parameters are absent; RFC 5480 2.1.1 requires a namedCurve",
        ),
        Some(p) => out.emit(
            SPKI_ALG_LOC,
            format!(
                "id-ecPublicKey parameters are a {}, not a namedCurve as RFC 5480 2.1.1 requires",
                tag::name(p.tag)
            ),
        ),
    }
}

/// Key algorithms whose AlgorithmIdentifier has no parameters.
const SPKI_NO_PARAMS: [Oid<'static>; 10] = [
    oids::ED25519,
    oids::ED448,
    oids::X25519,
    oids::X448,
    oids::ML_DSA_44,
    oids::ML_DSA_65,
    oids::ML_DSA_87,
    oids::ML_KEM_512,
    oids::ML_KEM_768,
    oids::ML_KEM_1024,
];

fn spki_params_absent(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    let alg = &ctx.cert.spki.algorithm;
    if let Some(p) = alg.params
        && SPKI_NO_PARAMS.contains(&alg.oid)
    {
        let name = alg.oid.name().unwrap_or("the key algorithm");
        out.emit(
            SPKI_ALG_LOC,
            format!(
                "{name} AlgorithmIdentifier carries parameters ({}); they must be absent",
                hex(p.raw)
            ),
        );
    }
}

/// Signature algorithms whose parameters are absent (RFC 5758 3.2, RFC 8410 6, RFC 9881 3).
const SIG_NO_PARAMS: [Oid<'static>; 9] = [
    oids::ECDSA_WITH_SHA1,
    oids::ECDSA_WITH_SHA256,
    oids::ECDSA_WITH_SHA384,
    oids::ECDSA_WITH_SHA512,
    oids::ED25519,
    oids::ED448,
    oids::ML_DSA_44,
    oids::ML_DSA_65,
    oids::ML_DSA_87,
];

/// RSASSA-PKCS1-v1_5 signature algorithms, whose parameters are NULL (RFC 3279 2.2.1, RFC 4055 5).
const SIG_NULL_PARAMS: [Oid<'static>; 5] = [
    oids::MD5_WITH_RSA,
    oids::SHA1_WITH_RSA,
    oids::SHA256_WITH_RSA,
    oids::SHA384_WITH_RSA,
    oids::SHA512_WITH_RSA,
];

fn signature_params(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    for (loc, alg) in signature_fields(ctx.cert) {
        let name = alg.oid.name().unwrap_or("the signature algorithm");
        if SIG_NO_PARAMS.contains(&alg.oid)
            && let Some(p) = alg.params
        {
            out.emit(
                loc,
                format!(
                    "{loc}: {name} carries parameters ({}); they must be absent",
                    hex(p.raw)
                ),
            );
        }
        if SIG_NULL_PARAMS.contains(&alg.oid)
            && !alg
                .params
                .is_some_and(|p| p.tag == tag::NULL && p.value.is_empty())
        {
            out.emit(loc, format!("{loc}: {name} parameters are not NULL"));
        }
    }
}

fn signature_mismatch(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    let (tbs, outer) = (ctx.cert.tbs_signature.raw, ctx.cert.signature_algorithm.raw);
    if tbs != outer {
        out.emit(
            "signatureAlgorithm",
            format!(
                "signatureAlgorithm {} differs from tbsCertificate.signature {}",
                hex(outer),
                hex(tbs)
            ),
        );
    }
}

// ----- MRSP 5.1 -----

fn mrsp_rsa_size(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    if let PublicKey::Rsa { modulus_bits, .. } = ctx.key
        && modulus_bits < 2048
    {
        out.emit(
            "subjectPublicKeyInfo",
            format!("RSA modulus of {modulus_bits} bits is below the 2048 MRSP 5.1 requires"),
        );
    }
}

fn mrsp_rsa_multiple_of_8(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    if let PublicKey::Rsa { modulus_bits, .. } = ctx.key
        && modulus_bits % 8 != 0
    {
        out.emit(
            "subjectPublicKeyInfo",
            format!("RSA modulus of {modulus_bits} bits is not divisible by 8 (MRSP 5.1)"),
        );
    }
}

fn mrsp_ec_curve(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    if ctx.key == (PublicKey::Ec { curve: None }) {
        out.emit(
            SPKI_ALG_LOC,
            "ECDSA key is not on P-256, P-384 or P-521 (MRSP 5.1)",
        );
    }
}

fn has_email_protection(cert: &Certificate<'_>) -> bool {
    cert.ext_key_usage()
        .is_some_and(|e| e.contains(&oids::KP_EMAIL_PROTECTION))
}

fn mrsp_eddsa(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    if matches!(ctx.key, PublicKey::Ed25519 | PublicKey::Ed448) && !has_email_protection(ctx.cert) {
        out.emit(
            SPKI_ALG_LOC,
            format!(
                "{} key in a certificate whose EKU lacks id-kp-emailProtection (MRSP 5.1)",
                ctx.key.describe()
            ),
        );
    }
}

fn mrsp_algorithm(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    // XDH keys are on Curve25519/Curve448, which MRSP 5.1 calls "not
    // prohibited"; RSA, ECDSA and EdDSA have their own rules.
    match ctx.key {
        PublicKey::Rsa { .. }
        | PublicKey::RsaMalformed
        | PublicKey::Ec { .. }
        | PublicKey::Ed25519
        | PublicKey::Ed448
        | PublicKey::Xdh => {}
        _ => out.emit(
            SPKI_ALG_LOC,
            format!(
                "{} key ({}) is not among the RSA and ECDSA keys MRSP 5.1 allows",
                ctx.key.describe(),
                ctx.cert.spki.algorithm.oid
            ),
        ),
    }
}

fn mrsp_spki_rsa(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    let alg = &ctx.cert.spki.algorithm;
    if matches!(ctx.key, PublicKey::Rsa { .. } | PublicKey::RsaMalformed)
        && !eq_hex(alg.raw, SPKI_RSA)
    {
        out.emit(
            SPKI_ALG_LOC,
            format!(
                "RSA key AlgorithmIdentifier {} is not {SPKI_RSA} (MRSP 5.1.1)",
                hex(alg.raw)
            ),
        );
    }
}

fn mrsp_spki_ec(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    let alg = &ctx.cert.spki.algorithm;
    if alg.oid == oids::EC_PUBLIC_KEY
        && ![SPKI_P256, SPKI_P384, SPKI_P521]
            .iter()
            .any(|h| eq_hex(alg.raw, h))
    {
        out.emit(
            SPKI_ALG_LOC,
            format!(
                "ECDSA key AlgorithmIdentifier {} is not one of the encodings MRSP 5.1.2 lists",
                hex(alg.raw)
            ),
        );
    }
}

fn mrsp_signature(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    // The allowed encodings depend on the signing key, known only with the
    // issuer; without it any encoding MRSP lists for some key is accepted.
    let allowed: Vec<&str> = match ctx.issuer.map(|i| i.spki.key()) {
        Some(k) => match mrsp_signature_encodings(&k) {
            Some(v) => v,
            // An issuer key MRSP does not allow is reported on the issuer.
            None => return,
        },
        None => {
            let mut v = vec![SIG_RSA_SHA1];
            v.extend(SIG_RSA);
            v.extend([
                SIG_ECDSA_P256,
                SIG_ECDSA_P384,
                SIG_ECDSA_P521,
                ALG_ED25519,
                ALG_ED448,
            ]);
            v
        }
    };
    for (loc, alg) in signature_fields(ctx.cert) {
        if !allowed.iter().any(|h| eq_hex(alg.raw, h)) {
            let by = match ctx.issuer {
                Some(i) => format!(" for a {} signing key", i.spki.key().describe()),
                None => String::new(),
            };
            out.emit(
                loc,
                format!(
                    "{loc} {} is not an encoding MRSP 5.1.1/5.1.2 allows{by}",
                    hex(alg.raw)
                ),
            );
        }
    }
}

fn sha1_signed(ctx: &Ctx<'_>) -> bool {
    signature_fields(ctx.cert)
        .iter()
        .any(|(_, a)| is_sha1_signature(a))
}

fn mrsp_sha1_email(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    if sha1_signed(ctx) && !ctx.cert.is_ca() && has_email_protection(ctx.cert) {
        out.emit("signatureAlgorithm", "SHA-1 signature over an end-entity certificate with id-kp-emailProtection (MRSP 5.1.3)");
    }
}

fn mrsp_sha1_ocsp(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    if sha1_signed(ctx)
        && ctx
            .cert
            .ext_key_usage()
            .is_some_and(|e| e.contains(&oids::KP_OCSP_SIGNING))
    {
        out.emit(
            "signatureAlgorithm",
            "SHA-1 signature over a certificate with id-kp-OCSPSigning (MRSP 5.1.3)",
        );
    }
}

fn mrsp_sha1_intermediate(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    if sha1_signed(ctx) {
        out.emit(
            "signatureAlgorithm",
            "SHA-1 signature over an intermediate CA certificate (MRSP 5.1.3)",
        );
    }
}

/// The rules of this file.
pub static RULES: &[Rule] = &[
    Rule {
        code: "pkix.key_usage.prohibited_for_rsa",
        citation: "RFC 3279 2.3.1",
        summary: "keyUsage of an RSA key asserts none of keyAgreement, encipherOnly, decipherOnly",
        pkilint: Some("pkix.key_usage_value_prohibited_for_rsa"),
        check: ku_rsa,
        ..Rule::NEW
    },
    Rule {
        code: "pkix.key_usage.prohibited_for_ec",
        citation: "RFC 8813 3; RFC 5480 3",
        summary: "keyUsage of an id-ecPublicKey key asserts neither keyEncipherment nor dataEncipherment",
        pkilint: Some("pkix.key_usage_value_prohibited_for_ec"),
        zlint: Some("e_ecdsa_allowed_ku"),
        check: ku_ec,
        ..Rule::NEW
    },
    Rule {
        code: "pkix.key_usage.prohibited_for_eddsa",
        citation: "RFC 8410 5",
        summary: "keyUsage of an Ed25519/Ed448 key asserts only digitalSignature, nonRepudiation, keyCertSign, cRLSign",
        pkilint: Some("pkix.key_usage_value_prohibited_for_edwards_curve"),
        check: ku_eddsa,
        ..Rule::NEW
    },
    Rule {
        code: "pkix.key_usage.prohibited_for_xdh",
        citation: "RFC 8410 5",
        summary: "keyUsage of an X25519/X448 key asserts only keyAgreement, encipherOnly, decipherOnly",
        pkilint: Some("pkix.key_usage_value_prohibited_for_edwards_curve"),
        check: ku_xdh,
        ..Rule::NEW
    },
    Rule {
        code: "pkix.key_usage.xdh_key_agreement_missing",
        citation: "RFC 8410 5",
        summary: "keyUsage of an X25519/X448 key asserts keyAgreement",
        pkilint: Some("pkix.key_usage_value_required_but_missing_for_edwards_curve"),
        check: ku_xdh_key_agreement,
        ..Rule::NEW
    },
    Rule {
        code: "pkix.key_usage.prohibited_for_mldsa",
        citation: "RFC 9881 5",
        summary: "keyUsage of an ML-DSA key asserts only digitalSignature, nonRepudiation, keyCertSign, cRLSign",
        pkilint: Some("pkix.key_usage_value_prohibited_for_mldsa"),
        check: ku_mldsa,
        ..Rule::NEW
    },
    Rule {
        code: "pkix.spki.ml_dsa_key_length",
        // Section numbers of RFC 9881 as in draft-ietf-lamps-dilithium-certificates-13.
        citation: "RFC 9881 4; FIPS 204 7.2",
        summary: "An ML-DSA subjectPublicKey is the raw public key: 1312, 1952 or 2592 octets for ML-DSA-44, -65, -87",
        // pkilint reports a wrong size as a decoding failure of the key.
        pkilint: Some("itu.invalid_asn1_syntax"),
        check: mldsa_key_length,
        ..Rule::NEW
    },
    Rule {
        code: "pkix.spki.hash_ml_dsa_in_ca",
        citation: "RFC 9881 8.3",
        summary: "HashML-DSA keys are not in certificates used for certificate issuance, CRLs or OCSP (CA and OCSP responder certificates)",
        pkilint: Some("pkix.hash_mldsa_ca_key_prohibited"),
        check: hash_mldsa_in_ca,
        ..Rule::NEW
    },
    Rule {
        code: "pkix.key_usage.prohibited_for_mlkem",
        citation: "draft-ietf-lamps-kyber-certificates 5",
        summary: "keyUsage of an ML-KEM key asserts only keyEncipherment",
        pkilint: Some("pkix.key_usage_value_prohibited_for_mlkem"),
        check: ku_mlkem,
        ..Rule::NEW
    },
    Rule {
        code: "rfc5280.key_usage.encipher_decipher_only_without_key_agreement",
        severity: Severity::Warning,
        citation: "RFC 5280 4.2.1.3",
        summary: "encipherOnly and decipherOnly are asserted only together with keyAgreement",
        check: ku_only_without_agreement,
        ..Rule::NEW
    },
    Rule {
        code: "pkix.spki.rsa_parameters_not_null",
        citation: "RFC 3279 2.3.1",
        summary: "rsaEncryption in subjectPublicKeyInfo has NULL parameters",
        // pkilint reports the missing NULL as an ASN.1 decoding failure of the parameters.
        pkilint: Some("itu.invalid_asn1_syntax"),
        zlint: Some("e_spki_rsa_encryption_parameter_not_null"),
        check: rsa_params_null,
        ..Rule::NEW
    },
    Rule {
        code: "pkix.spki.rsa_public_key_undecodable",
        citation: "RFC 3279 2.3.1",
        summary: "The subjectPublicKey of an RSA key is a DER RSAPublicKey",
        pkilint: Some("itu.invalid_asn1_syntax"),
        check: rsa_key_decodes,
        ..Rule::NEW
    },
    Rule {
        code: "pkix.spki.ec_parameters_not_named_curve",
        citation: "RFC 5480 2.1.1",
        summary: "id-ecPublicKey parameters are a namedCurve OID",
        check: ec_named_curve,
        ..Rule::NEW
    },
    Rule {
        code: "pkix.spki.parameters_present",
        citation: "RFC 8410 3; RFC 9881 2; draft-ietf-lamps-kyber-certificates 3",
        summary: "EdDSA, X25519/X448, ML-DSA and ML-KEM subjectPublicKeyInfo AlgorithmIdentifiers have no parameters",
        // pkilint reports present parameters as an ASN.1 decoding failure.
        pkilint: Some("itu.invalid_asn1_syntax"),
        check: spki_params_absent,
        ..Rule::NEW
    },
    Rule {
        code: "pkix.signature_algorithm.parameters",
        citation: "RFC 3279 2.2.1; RFC 4055 5; RFC 5758 3.2; RFC 8410 6; RFC 9881 3",
        summary: "Signature AlgorithmIdentifiers carry NULL parameters for RSASSA-PKCS1-v1_5 and none for ECDSA, EdDSA and ML-DSA",
        pkilint: Some("itu.invalid_asn1_syntax"),
        check: signature_params,
        ..Rule::NEW
    },
    Rule {
        code: "rfc5280.signature_algorithm.mismatch",
        citation: "RFC 5280 4.1.1.2",
        summary: "signatureAlgorithm is byte-for-byte the AlgorithmIdentifier in tbsCertificate.signature",
        pkilint: Some("pkix.certificate_signature_algorithm_mismatch"),
        zlint: Some("e_cert_sig_alg_not_match_tbs_sig_alg"),
        check: signature_mismatch,
        ..Rule::NEW
    },
    Rule {
        code: "mozilla.key.rsa_modulus_too_small",
        citation: "MRSP 5.1",
        summary: "RSA moduli are at least 2048 bits (certificates chaining to Mozilla roots)",
        zlint: Some("e_mp_modulus_must_be_2048_bits_or_more"),
        check: mrsp_rsa_size,
        ..Rule::NEW
    },
    Rule {
        code: "mozilla.key.rsa_modulus_not_multiple_of_8",
        citation: "MRSP 5.1",
        summary: "RSA modulus sizes are divisible by 8 (certificates chaining to Mozilla roots)",
        zlint: Some("e_mp_modulus_must_be_divisible_by_8"),
        check: mrsp_rsa_multiple_of_8,
        ..Rule::NEW
    },
    Rule {
        code: "mozilla.key.ec_curve_not_permitted",
        citation: "MRSP 5.1",
        summary: "ECDSA keys are on P-256, P-384 or P-521 (certificates chaining to Mozilla roots)",
        check: mrsp_ec_curve,
        ..Rule::NEW
    },
    Rule {
        code: "mozilla.key.eddsa_without_email_protection",
        citation: "MRSP 5.1",
        summary: "EdDSA keys appear only in certificates whose EKU contains id-kp-emailProtection",
        check: mrsp_eddsa,
        ..Rule::NEW
    },
    Rule {
        code: "mozilla.key.algorithm_not_permitted",
        citation: "MRSP 5.1",
        summary: "Keys are RSA, ECDSA or (for S/MIME) EdDSA (certificates chaining to Mozilla roots)",
        check: mrsp_algorithm,
        ..Rule::NEW
    },
    Rule {
        code: "mozilla.spki.rsa_encoding",
        citation: "MRSP 5.1.1",
        summary: "An RSA key's AlgorithmIdentifier is exactly rsaEncryption with NULL (300d06092a864886f70d0101010500)",
        check: mrsp_spki_rsa,
        ..Rule::NEW
    },
    Rule {
        code: "mozilla.spki.ec_encoding",
        citation: "MRSP 5.1.2",
        summary: "An ECDSA key's AlgorithmIdentifier is exactly one of the three namedCurve encodings listed",
        zlint: Some("e_mp_ecdsa_pub_key_encoding_correct"),
        check: mrsp_spki_ec,
        ..Rule::NEW
    },
    Rule {
        code: "mozilla.signature_algorithm.encoding",
        citation: "MRSP 5.1.1; MRSP 5.1.2",
        summary: "Both signature AlgorithmIdentifiers are byte-for-byte an encoding listed for the signing key's type",
        check: mrsp_signature,
        ..Rule::NEW
    },
    Rule {
        code: "mozilla.sha1.email_protection",
        citation: "MRSP 5.1.3",
        summary: "End-entity certificates with id-kp-emailProtection are not signed over SHA-1 (from 2022-07-01)",
        applies: scope::end_entity,
        effective_from: Some("2022-07-01"),
        check: mrsp_sha1_email,
        ..Rule::NEW
    },
    Rule {
        code: "mozilla.sha1.ocsp_signing",
        citation: "MRSP 5.1.3",
        summary: "Certificates with id-kp-OCSPSigning are not signed over SHA-1 (from 2023-07-01)",
        effective_from: Some("2023-07-01"),
        check: mrsp_sha1_ocsp,
        ..Rule::NEW
    },
    Rule {
        code: "mozilla.sha1.intermediate",
        citation: "MRSP 5.1.3",
        summary: "Intermediate CA certificates are not signed over SHA-1 (from 2023-07-01)",
        applies: scope::subca,
        effective_from: Some("2023-07-01"),
        check: mrsp_sha1_intermediate,
        ..Rule::NEW
    },
];
