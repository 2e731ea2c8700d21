//! Unsigned big integers, just enough to verify DSA signatures (FIPS 186-4
//! 4.7): the crypto backend has no DSA and no public bignum.
//!
//! Numbers are little-endian vectors of 64-bit limbs ([`Limb`]), so that a
//! limb product with carries fits in a `u128` ([`Wide`]). Only public
//! values are handled (signature verification), so nothing here tries to
//! be constant-time. The callers bound the sizes (see `dsa`): a product
//! costs its operands' limbs multiplied, [`Uint::rem`] the dividend's bits
//! times the modulus's limbs, and [`OddModulus::pow`] and
//! [`OddModulus::pow2`] two Montgomery products per exponent bit at most.

use std::cmp::Ordering;

/// One digit of a [`Uint`].
type Limb = u64;
/// Twice a [`Limb`]: a limb product plus two limbs fits.
type Wide = u128;
/// Bits per limb.
const LIMB_BITS: usize = 64;

/// A non-negative integer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Uint {
    /// Little-endian limbs, with no zero limb at the top (zero is empty).
    limbs: Vec<Limb>,
}

impl Uint {
    /// Wraps limbs, dropping zero limbs at the top.
    fn from_limbs(mut limbs: Vec<Limb>) -> Uint {
        while limbs.last() == Some(&0) {
            limbs.pop();
        }
        Uint { limbs }
    }

    /// A small value.
    pub(crate) fn from_u64(v: u64) -> Uint {
        Uint::from_limbs(vec![v])
    }

    /// The unsigned big-endian value of `bytes` (an INTEGER's content
    /// octets once its sign is known to be positive).
    pub(crate) fn from_be_bytes(bytes: &[u8]) -> Uint {
        let limbs = bytes
            .rchunks(LIMB_BITS / 8)
            .map(|chunk| chunk.iter().fold(0, |acc, &b| (acc << 8) | Limb::from(b)))
            .collect();
        Uint::from_limbs(limbs)
    }

    /// Minimal big-endian bytes (none for zero).
    #[cfg(test)]
    pub(crate) fn to_be_bytes(&self) -> Vec<u8> {
        let bytes: Vec<u8> = self
            .limbs
            .iter()
            .rev()
            .flat_map(|l| l.to_be_bytes())
            .collect();
        let first = bytes.iter().position(|&b| b != 0).unwrap_or(bytes.len());
        bytes[first..].to_vec()
    }

    /// Whether the value is zero.
    pub(crate) fn is_zero(&self) -> bool {
        self.limbs.is_empty()
    }

    /// Whether the value is odd.
    pub(crate) fn is_odd(&self) -> bool {
        self.limbs.first().is_some_and(|l| l & 1 == 1)
    }

    /// The number of significant bits (0 for zero).
    pub(crate) fn bits(&self) -> usize {
        match self.limbs.last() {
            Some(top) => LIMB_BITS * self.limbs.len() - top.leading_zeros() as usize,
            None => 0,
        }
    }

    /// Bit `i` (0 = least significant).
    fn bit(&self, i: usize) -> bool {
        self.limbs
            .get(i / LIMB_BITS)
            .is_some_and(|l| (l >> (i % LIMB_BITS)) & 1 == 1)
    }

    /// `self - other`, or `None` when that would be negative.
    pub(crate) fn checked_sub(&self, other: &Uint) -> Option<Uint> {
        if *self < *other {
            return None;
        }
        let mut limbs = self.limbs.clone();
        sub_assign(&mut limbs, &other.limbs);
        Some(Uint::from_limbs(limbs))
    }

    /// `self * other` (schoolbook).
    pub(crate) fn mul(&self, other: &Uint) -> Uint {
        let mut out = vec![0; self.limbs.len() + other.limbs.len()];
        for (i, &a) in self.limbs.iter().enumerate() {
            let mut carry: Wide = 0;
            for (j, &b) in other.limbs.iter().enumerate() {
                let t = Wide::from(out[i + j]) + Wide::from(a) * Wide::from(b) + carry;
                out[i + j] = t as Limb;
                carry = t >> LIMB_BITS;
            }
            out[i + other.limbs.len()] = carry as Limb;
        }
        Uint::from_limbs(out)
    }

    /// `self >> n`.
    pub(crate) fn shr(&self, n: usize) -> Uint {
        let (whole, part) = (n / LIMB_BITS, n % LIMB_BITS);
        let src = self.limbs.get(whole..).unwrap_or(&[]);
        let limbs = (0..src.len())
            .map(|i| {
                let low = src[i] >> part;
                let high = match (part, src.get(i + 1)) {
                    (0, _) | (_, None) => 0,
                    (_, Some(&next)) => next << (LIMB_BITS - part),
                };
                low | high
            })
            .collect();
        Uint::from_limbs(limbs)
    }

    /// `self mod m`, by shift-and-subtract one bit at a time (cost: this
    /// number's bits times `m`'s limbs); `None` when `m` is zero.
    pub(crate) fn rem(&self, m: &Uint) -> Option<Uint> {
        if m.is_zero() {
            return None;
        }
        if *self < *m {
            return Some(self.clone());
        }
        // r < m throughout, so 2r + 1 < 2m fits in one more limb than m.
        let mut r = vec![0; m.limbs.len() + 1];
        for i in (0..self.bits()).rev() {
            shl1(&mut r, self.bit(i));
            if cmp_limbs(&r, &m.limbs) != Ordering::Less {
                sub_assign(&mut r, &m.limbs);
            }
        }
        Some(Uint::from_limbs(r))
    }

    /// `self^e mod m` for an odd `m` (the only moduli DSA needs: p and q
    /// are odd primes); `None` for an even or zero `m`.
    pub(crate) fn mod_pow(&self, e: &Uint, m: &Uint) -> Option<Uint> {
        Some(OddModulus::new(m)?.pow(self, e))
    }

    /// The inverse of `self` modulo the prime `p`, as `self^(p-2) mod p`
    /// (Fermat's little theorem); `None` when `p` is even or below 3, or
    /// `self` is a multiple of `p`. The result is only an inverse when `p`
    /// is prime: callers that cannot trust that check it.
    pub(crate) fn mod_inverse_prime(&self, p: &Uint) -> Option<Uint> {
        let p_minus_2 = p.checked_sub(&Uint::from_u64(2))?;
        if p_minus_2.is_zero() || self.rem(p)?.is_zero() {
            return None;
        }
        self.mod_pow(&p_minus_2, p)
    }
}

impl Ord for Uint {
    fn cmp(&self, other: &Self) -> Ordering {
        cmp_limbs(&self.limbs, &other.limbs)
    }
}

impl PartialOrd for Uint {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// Compares two little-endian limb slices of any lengths (missing limbs
/// count as zero).
fn cmp_limbs(a: &[Limb], b: &[Limb]) -> Ordering {
    let n = a.len().max(b.len());
    for i in (0..n).rev() {
        let x = a.get(i).copied().unwrap_or(0);
        let y = b.get(i).copied().unwrap_or(0);
        match x.cmp(&y) {
            Ordering::Equal => {}
            other => return other,
        }
    }
    Ordering::Equal
}

/// `a -= b`, for `a >= b` (`b` may have fewer limbs).
fn sub_assign(a: &mut [Limb], b: &[Limb]) {
    let mut borrow = false;
    for (i, limb) in a.iter_mut().enumerate() {
        let (d1, b1) = limb.overflowing_sub(b.get(i).copied().unwrap_or(0));
        let (d2, b2) = d1.overflowing_sub(Limb::from(borrow));
        *limb = d2;
        borrow = b1 || b2;
    }
}

/// `a = 2a + bit`, dropping any carry out of the top limb (callers leave
/// room for it).
fn shl1(a: &mut [Limb], bit: bool) {
    let mut carry = Limb::from(bit);
    for limb in a.iter_mut() {
        let next = *limb >> (LIMB_BITS - 1);
        *limb = (*limb << 1) | carry;
        carry = next;
    }
}

/// An odd modulus prepared for Montgomery multiplication: with `n` limbs
/// and `R = 2^(64n)`, `mont_mul(a, b) = a * b * R^-1 mod m`, computed
/// without division (word-by-word reduction, the "CIOS" arrangement).
pub(crate) struct OddModulus {
    /// The modulus, `n` limbs, the top one non-zero.
    m: Uint,
    /// `-m^-1 mod 2^64`.
    m_neg_inv: Limb,
    /// `R^2 mod m`, `n` limbs: multiplying by it enters Montgomery form.
    r2: Vec<Limb>,
}

impl OddModulus {
    /// Prepares `m`; `None` unless `m` is odd.
    pub(crate) fn new(m: &Uint) -> Option<OddModulus> {
        if !m.is_odd() {
            return None;
        }
        let n = m.limbs.len();
        let m0 = m.limbs[0];
        // Newton's iteration for m0^-1 mod 2^64: m0 is its own inverse
        // mod 8 (3 bits), and each step doubles the correct bits.
        let mut inv = m0;
        for _ in 0..5 {
            inv = inv.wrapping_mul((2 as Limb).wrapping_sub(m0.wrapping_mul(inv)));
        }
        let mut r_squared = vec![0; 2 * n + 1];
        r_squared[2 * n] = 1;
        let r2 = Uint::from_limbs(r_squared).rem(m)?;
        Some(OddModulus {
            m: m.clone(),
            m_neg_inv: inv.wrapping_neg(),
            r2: padded(&r2, n),
        })
    }

    fn n(&self) -> usize {
        self.m.limbs.len()
    }

    /// `a * b * R^-1 mod m` for `a, b < m` given as `n` limbs.
    fn mont_mul(&self, a: &[Limb], b: &[Limb]) -> Vec<Limb> {
        let n = self.n();
        let m = &self.m.limbs;
        // t < 2m at the top of each round, held in n + 2 limbs.
        let mut t: Vec<Limb> = vec![0; n + 2];
        for &ai in a {
            // t += ai * b
            let mut carry: Wide = 0;
            for j in 0..n {
                let s = Wide::from(t[j]) + Wide::from(ai) * Wide::from(b[j]) + carry;
                t[j] = s as Limb;
                carry = s >> LIMB_BITS;
            }
            let s = Wide::from(t[n]) + carry;
            t[n] = s as Limb;
            t[n + 1] = (s >> LIMB_BITS) as Limb;
            // t = (t + u * m) / 2^64, with u chosen so the low limb is 0.
            let u = t[0].wrapping_mul(self.m_neg_inv);
            let s = Wide::from(t[0]) + Wide::from(u) * Wide::from(m[0]);
            let mut carry = s >> LIMB_BITS;
            for j in 1..n {
                let s = Wide::from(t[j]) + Wide::from(u) * Wide::from(m[j]) + carry;
                t[j - 1] = s as Limb;
                carry = s >> LIMB_BITS;
            }
            let s = Wide::from(t[n]) + carry;
            t[n - 1] = s as Limb;
            t[n] = t[n + 1] + (s >> LIMB_BITS) as Limb;
            t[n + 1] = 0;
        }
        if cmp_limbs(&t, &self.m.limbs) != Ordering::Less {
            sub_assign(&mut t, &self.m.limbs);
        }
        t.truncate(n);
        t
    }

    /// `a` reduced and in Montgomery form (`a * R mod m`).
    fn enter(&self, a: &Uint) -> Vec<Limb> {
        // m is odd, so not zero: rem cannot fail.
        let reduced = a.rem(&self.m).unwrap_or_else(|| Uint::from_u64(0));
        self.mont_mul(&padded(&reduced, self.n()), &self.r2)
    }

    /// `x * R^-1 mod m`: back from Montgomery form.
    fn leave(&self, x: &[Limb]) -> Uint {
        let one = padded(&Uint::from_u64(1), self.n());
        Uint::from_limbs(self.mont_mul(x, &one))
    }

    /// `base^e mod m`, left-to-right square and multiply.
    pub(crate) fn pow(&self, base: &Uint, e: &Uint) -> Uint {
        let x = self.enter(base);
        let mut acc = self.enter(&Uint::from_u64(1));
        for i in (0..e.bits()).rev() {
            acc = self.mont_mul(&acc, &acc);
            if e.bit(i) {
                acc = self.mont_mul(&acc, &x);
            }
        }
        self.leave(&acc)
    }

    /// `a^e * b^f mod m` in one pass over the exponents' bits ("Shamir's
    /// trick": one squaring per bit, and one multiplication by `a`, `b` or
    /// `ab` where either exponent has a 1).
    pub(crate) fn pow2(&self, a: &Uint, e: &Uint, b: &Uint, f: &Uint) -> Uint {
        let (xa, xb) = (self.enter(a), self.enter(b));
        let xab = self.mont_mul(&xa, &xb);
        let mut acc = self.enter(&Uint::from_u64(1));
        for i in (0..e.bits().max(f.bits())).rev() {
            acc = self.mont_mul(&acc, &acc);
            match (e.bit(i), f.bit(i)) {
                (true, true) => acc = self.mont_mul(&acc, &xab),
                (true, false) => acc = self.mont_mul(&acc, &xa),
                (false, true) => acc = self.mont_mul(&acc, &xb),
                (false, false) => {}
            }
        }
        self.leave(&acc)
    }

    /// `a * b mod m`.
    #[cfg(test)]
    pub(crate) fn mul(&self, a: &Uint, b: &Uint) -> Uint {
        let product = self.mont_mul(&self.enter(a), &self.enter(b));
        self.leave(&product)
    }
}

/// `a`'s limbs padded with zeros to `n` (`a` has at most `n`).
fn padded(a: &Uint, n: usize) -> Vec<Limb> {
    let mut limbs = a.limbs.clone();
    limbs.resize(n, 0);
    limbs
}

#[cfg(test)]
mod tests {
    use super::*;

    fn u(v: u64) -> Uint {
        Uint::from_u64(v)
    }

    fn hex(s: &str) -> Uint {
        let bytes: Vec<u8> = (0..s.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(&s[i..i + 2], 16).expect("hex"))
            .collect();
        Uint::from_be_bytes(&bytes)
    }

    /// xorshift64*, a fixed-seed source of test values.
    struct Rng(u64);
    impl Rng {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 >> 12;
            self.0 ^= self.0 << 25;
            self.0 ^= self.0 >> 27;
            self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
        }
        fn uint(&mut self, limbs: usize) -> Uint {
            Uint::from_limbs((0..limbs).map(|_| self.next()).collect())
        }
    }

    /// `b^e mod m` by `e` multiplications, reducing each time.
    fn pow_by_repeated_mul(b: &Uint, e: u32, m: &Uint) -> Uint {
        let mut acc = u(1).rem(m).expect("m > 0");
        for _ in 0..e {
            acc = acc.mul(b).rem(m).expect("m > 0");
        }
        acc
    }

    #[test]
    fn bytes_round_trip() {
        assert_eq!(Uint::from_be_bytes(&[]), u(0));
        assert_eq!(Uint::from_be_bytes(&[0, 0, 0, 0, 0, 1]), u(1));
        assert_eq!(u(0x0102_0304_0506).to_be_bytes(), [1, 2, 3, 4, 5, 6]);
        let x = hex("0123456789abcdeffedcba98765432100f");
        assert_eq!(
            x.to_be_bytes(),
            [
                0x01, 0x23, 0x45, 0x67, 0x89, 0xab, 0xcd, 0xef, 0xfe, 0xdc, 0xba, 0x98, 0x76, 0x54,
                0x32, 0x10, 0x0f
            ]
        );
        assert_eq!(x.bits(), 129);
        assert_eq!(u(0).bits(), 0);
        assert_eq!(u(1).bits(), 1);
    }

    #[test]
    fn arithmetic_on_small_values_matches_u128() {
        let mut rng = Rng(0x1234_5678_9abc_def1);
        for _ in 0..500 {
            let a = rng.next();
            let b = rng.next() >> (rng.next() % 64);
            let (ua, ub) = (u(a), u(b));
            let product = u128::from(a) * u128::from(b);
            let expected = Uint::from_be_bytes(&product.to_be_bytes());
            assert_eq!(ua.mul(&ub), expected);
            assert_eq!(ua.cmp(&ub), a.cmp(&b));
            assert_eq!(ua.checked_sub(&ub), a.checked_sub(b).map(u));
            if b != 0 {
                assert_eq!(ua.rem(&ub), Some(u(a % b)));
                assert_eq!(expected.rem(&ub), Some(u((product % u128::from(b)) as u64)));
            }
            let k = (rng.next() % 70) as usize;
            assert_eq!(ua.shr(k), u(a.checked_shr(k as u32).unwrap_or(0)));
            let k = (rng.next() % 130) as u32;
            assert_eq!(
                expected.shr(k as usize),
                Uint::from_be_bytes(&product.checked_shr(k).unwrap_or(0).to_be_bytes())
            );
        }
        assert_eq!(u(5).rem(&u(0)), None);
    }

    #[test]
    fn mod_pow_known_values() {
        // 4^13 mod 497 = 445 (the textbook example).
        assert_eq!(u(4).mod_pow(&u(13), &u(497)), Some(u(445)));
        assert_eq!(u(2).mod_pow(&u(0), &u(7)), Some(u(1)));
        assert_eq!(u(0).mod_pow(&u(5), &u(7)), Some(u(0)));
        assert_eq!(u(3).mod_pow(&u(5), &u(1)), Some(u(0)));
        assert_eq!(u(3).mod_pow(&u(5), &u(8)), None, "even modulus");
        // Fermat: a^(p-1) = 1 mod p for the Mersenne prime 2^127 - 1.
        let p = hex("7fffffffffffffffffffffffffffffff");
        let p1 = p.checked_sub(&u(1)).expect("p > 1");
        assert_eq!(u(3).mod_pow(&p1, &p), Some(u(1)));
        // 2^127 = 1 mod 2^127 - 1, and 2^128 = 2.
        assert_eq!(u(2).mod_pow(&u(127), &p), Some(u(1)));
        assert_eq!(u(2).mod_pow(&u(128), &p), Some(u(2)));
        // A base larger than the modulus is reduced first.
        assert_eq!(u(500).mod_pow(&u(3), &u(497)), Some(u(27)));
    }

    #[test]
    fn mod_pow_matches_repeated_multiplication() {
        let mut rng = Rng(0x0bad_cafe_dead_beef);
        for round in 0..60 {
            let limbs = 1 + round % 9;
            let mut m_limbs: Vec<Limb> = (0..limbs).map(|_| rng.next()).collect();
            m_limbs[0] |= 1;
            let m = Uint::from_limbs(m_limbs);
            let b = rng.uint(limbs + 1);
            let e = (rng.next() % 40) as u32;
            let expected = pow_by_repeated_mul(&b, e, &m);
            assert_eq!(b.mod_pow(&u(u64::from(e)), &m), Some(expected.clone()));
            let modulus = OddModulus::new(&m).expect("odd");
            let c = rng.uint(limbs);
            assert_eq!(
                modulus.mul(&b, &c),
                b.mul(&c).rem(&m).expect("m > 0"),
                "mul mod m"
            );
        }
    }

    #[test]
    fn pow2_is_the_product_of_two_powers() {
        // For a 1024-bit odd modulus: a^e * b^f, and b^(e1 + e2) = b^e1 * b^e2.
        let mut rng = Rng(42);
        let m = {
            let mut limbs: Vec<Limb> = (0..16).map(|_| rng.next()).collect();
            limbs[0] |= 1;
            limbs[15] |= 1 << 63;
            Uint::from_limbs(limbs)
        };
        let modulus = OddModulus::new(&m).expect("odd");
        for round in 0..4 {
            let (a, b) = (rng.uint(16), rng.uint(17));
            let e = rng.uint(1 + round);
            let f = rng.uint(4 - round);
            let two_powers = modulus.mul(&modulus.pow(&a, &e), &modulus.pow(&b, &f));
            assert_eq!(modulus.pow2(&a, &e, &b, &f), two_powers);
            let sum = {
                let mut limbs = e.limbs.clone();
                limbs.resize(5, 0);
                let mut carry: Wide = 0;
                for (i, l) in limbs.iter_mut().enumerate() {
                    let s =
                        Wide::from(*l) + Wide::from(f.limbs.get(i).copied().unwrap_or(0)) + carry;
                    *l = s as Limb;
                    carry = s >> LIMB_BITS;
                }
                Uint::from_limbs(limbs)
            };
            assert_eq!(modulus.pow2(&b, &e, &b, &f), modulus.pow(&b, &sum));
        }
        assert_eq!(modulus.pow2(&u(5), &u(0), &u(7), &u(0)), u(1));
    }

    /// A `u128` as a [`Uint`].
    fn w(v: u128) -> Uint {
        Uint::from_be_bytes(&v.to_be_bytes())
    }

    proptest::proptest! {
        /// Every operation on random values of up to 128 bits agrees with
        /// `u128` arithmetic, including zero, one and leading-zero bytes.
        #[test]
        fn arithmetic_matches_u128(
            a in proptest::num::u128::ANY,
            b in proptest::num::u128::ANY,
            a_bits in 0u32..=128,
            b_bits in 0u32..=64,
            e in 0u32..=200,
            k in 0usize..=140,
            zeros in 0usize..=20,
        ) {
            let a = a.checked_shr(128 - a_bits).unwrap_or(0);
            let b = b.checked_shr(128 - b_bits).unwrap_or(0) & u128::from(u64::MAX);
            let (ua, ub) = (w(a), w(b));
            // Leading zero octets do not change the value.
            let mut padded = vec![0u8; zeros];
            padded.extend_from_slice(&a.to_be_bytes());
            proptest::prop_assert_eq!(Uint::from_be_bytes(&padded), ua.clone());
            proptest::prop_assert_eq!(ua.bits(), (128 - a.leading_zeros()) as usize);
            proptest::prop_assert_eq!(ua.is_zero(), a == 0);
            proptest::prop_assert_eq!(ua.is_odd(), a & 1 == 1);
            proptest::prop_assert_eq!(ua.cmp(&ub), a.cmp(&b));
            proptest::prop_assert_eq!(ua.checked_sub(&ub), a.checked_sub(b).map(w));
            proptest::prop_assert_eq!(ua.shr(k), w(a.checked_shr(k as u32).unwrap_or(0)));
            // b has at most 64 bits, so a's low half times b fits in 128.
            let low = a & u128::from(u64::MAX);
            proptest::prop_assert_eq!(w(low).mul(&ub), w(low * b));
            if b == 0 {
                proptest::prop_assert_eq!(ua.rem(&ub), None);
            } else {
                proptest::prop_assert_eq!(ua.rem(&ub), Some(w(a % b)));
            }
            // Modular powers for odd moduli, checked by repeated
            // multiplication in u128 (a 64-bit modulus keeps products in range).
            let m = b | 1;
            let mut expected = 1 % m;
            let base = a % m;
            for _ in 0..e {
                expected = expected * base % m;
            }
            proptest::prop_assert_eq!(ua.mod_pow(&u(u64::from(e)), &w(m)), Some(w(expected)));
            if b > 0 && b % 2 == 0 {
                proptest::prop_assert_eq!(ua.mod_pow(&u(u64::from(e)), &ub), None);
            }
            let modulus = OddModulus::new(&w(m)).expect("odd");
            proptest::prop_assert_eq!(modulus.mul(&ua, &ua), w((a % m) * (a % m) % m));
        }
    }

    #[test]
    fn inverse_modulo_a_prime() {
        // 3 * 4 = 12 = 1 mod 11.
        assert_eq!(u(3).mod_inverse_prime(&u(11)), Some(u(4)));
        assert_eq!(u(22).mod_inverse_prime(&u(11)), None, "a multiple of p");
        assert_eq!(u(1).mod_inverse_prime(&u(2)), None, "p below 3");
        let p = hex("7fffffffffffffffffffffffffffffff");
        let mut rng = Rng(7);
        for _ in 0..10 {
            let a = rng.uint(4).rem(&p).expect("p > 0");
            if a.is_zero() {
                continue;
            }
            let inv = a.mod_inverse_prime(&p).expect("invertible");
            assert_eq!(a.mul(&inv).rem(&p), Some(u(1)));
        }
    }
}
