//! DSA signature verification (FIPS 186-4 4.7), with the encodings of RFC
//! 3279: domain parameters `Dss-Parms ::= SEQUENCE { p, q, g INTEGER }` in
//! the key's AlgorithmIdentifier (2.3.2), the public key `y` as a DER
//! INTEGER inside the subjectPublicKey BIT STRING (2.3.2), and the
//! signature `Dss-Sig-Value ::= SEQUENCE { r, s INTEGER }` (2.2.2).
//!
//! Work is bounded by refusing p above [`MAX_P_BITS`] and q above
//! [`MAX_Q_BITS`] (FIPS 186-4 4.2's largest sizes, L = 3072 and N = 256)
//! before any arithmetic. Encodings are read strictly: every INTEGER
//! positive and minimal, nothing after the structure.

use aws_lc_rs::digest;

use crate::bigint::{OddModulus, Uint};
use crate::der::{self, IssueSink, Reader, Tlv, tag};
use crate::verify::VerifyError;

/// The largest prime modulus p verified, in bits (FIPS 186-4 4.2, L).
pub const MAX_P_BITS: usize = 3072;
/// The largest prime divisor q verified, in bits (FIPS 186-4 4.2, N).
pub const MAX_Q_BITS: usize = 256;

/// `n` positive INTEGERs, strictly DER-encoded, from the content of `t`
/// (which must hold nothing else).
fn integers<const N: usize>(t: &Tlv<'_>) -> Option<[Uint; N]> {
    let sink = IssueSink::default();
    let mut r = t.reader(&sink);
    let mut out = Vec::with_capacity(N);
    for _ in 0..N {
        out.push(positive(&r.read_tag(tag::INTEGER).ok()?, &sink)?);
    }
    r.finish().ok()?;
    if !sink.into_vec().is_empty() {
        return None;
    }
    out.try_into().ok()
}

/// A positive INTEGER's value (`None` when zero-length, negative or not
/// minimally encoded; non-minimal encodings are recorded in `sink`).
fn positive(t: &Tlv<'_>, sink: &IssueSink) -> Option<Uint> {
    let v = der::integer(t, sink);
    if v.first().is_none_or(|b| b & 0x80 != 0) {
        return None;
    }
    Some(Uint::from_be_bytes(v))
}

/// One TLV with tag `expected` making up all of `bytes`, strictly encoded.
fn whole(bytes: &[u8], expected: u8) -> Option<Tlv<'_>> {
    let sink = IssueSink::default();
    let mut r = Reader::new(bytes, 0, &sink);
    let t = r.read_tag(expected).ok()?;
    r.finish().ok()?;
    sink.into_vec().is_empty().then_some(t)
}

/// Verifies the DSA signature `sig` (a Dss-Sig-Value) over `msg`, hashed
/// with `hash`, with the public key `public_key` (the subjectPublicKey
/// BIT STRING's octets) and the domain parameters `params` (a Dss-Parms
/// TLV, the key's own or inherited from its issuer's, RFC 5280 6.1.4 (e)).
pub(crate) fn verify(
    hash: &'static digest::Algorithm,
    params: &Tlv<'_>,
    public_key: &[u8],
    msg: &[u8],
    sig: &[u8],
) -> Result<(), VerifyError> {
    let malformed = |what: &str| VerifyError::MalformedKey(format!("DSA {what}"));
    if params.tag != tag::SEQUENCE {
        return Err(malformed("parameters are not a Dss-Parms SEQUENCE"));
    }
    let [p, q, g] = integers::<3>(params).ok_or_else(|| {
        malformed("parameters are not a Dss-Parms SEQUENCE of three positive INTEGERs")
    })?;
    if p.bits() > MAX_P_BITS || q.bits() > MAX_Q_BITS {
        return Err(VerifyError::UnsupportedAlgorithm(format!(
            "DSA with a {}-bit p and a {}-bit q (rootward verifies p up to {MAX_P_BITS} bits and q up to {MAX_Q_BITS})",
            p.bits(),
            q.bits()
        )));
    }
    let y = whole(public_key, tag::INTEGER)
        .and_then(|t| {
            let sink = IssueSink::default();
            let y = positive(&t, &sink)?;
            sink.into_vec().is_empty().then_some(y)
        })
        .ok_or_else(|| malformed("public key is not a positive, minimally encoded DER INTEGER"))?;
    // p and q are odd primes, q < p; g and y lie in [2, p - 1] (FIPS 186-4
    // 4.1, 4.3; primality itself is not tested, see w below).
    let one = Uint::from_u64(1);
    if !p.is_odd() || !q.is_odd() || q <= one || q >= p {
        return Err(malformed(
            "parameters: p and q must be odd primes with q < p",
        ));
    }
    if g <= one || g >= p {
        return Err(malformed("parameters: g must lie between 1 and p"));
    }
    if y <= one || y >= p {
        return Err(malformed("public key: y must lie between 1 and p"));
    }
    let modulus_p = OddModulus::new(&p).ok_or_else(|| malformed("parameters: p is even"))?;

    // The signature (RFC 3279 2.2.2). A malformed one does not verify.
    let [r, s] = whole(sig, tag::SEQUENCE)
        .and_then(|t| integers::<2>(&t))
        .ok_or(VerifyError::BadSignature)?;

    // FIPS 186-4 4.7, step 1: 0 < r < q and 0 < s < q.
    if r.is_zero() || r >= q || s.is_zero() || s >= q {
        return Err(VerifyError::BadSignature);
    }
    // Step 2: w = s^-1 mod q, by Fermat since q is prime; checked, so a
    // composite q makes the signature fail rather than verify wrongly.
    let w = s
        .mod_inverse_prime(&q)
        .filter(|w| s.mul(w).rem(&q) == Some(one.clone()))
        .ok_or(VerifyError::BadSignature)?;
    // Step 3: z = the leftmost min(N, outlen) bits of Hash(M).
    let digest = digest::digest(hash, msg);
    let outlen = 8 * digest.as_ref().len();
    let mut z = Uint::from_be_bytes(digest.as_ref());
    if outlen > q.bits() {
        z = z.shr(outlen - q.bits());
    }
    // Steps 4 and 5: u1 = zw mod q, u2 = rw mod q.
    let reduce = |x: Uint| x.rem(&q).ok_or(VerifyError::BadSignature);
    let u1 = reduce(z.mul(&w))?;
    let u2 = reduce(r.mul(&w))?;
    // Step 6: v = ((g^u1 y^u2) mod p) mod q.
    let v = reduce(modulus_p.pow2(&g, &u1, &y, &u2))?;
    // Step 7.
    if v == r {
        Ok(())
    } else {
        Err(VerifyError::BadSignature)
    }
}
