//! Certificate serial numbers (SMIME BR 7.1, TLS BR 7.1, MRSP 5.2): positive,
//! non-sequential, at least 64 bits from a CSPRNG, at most 20 octets
//! (RFC 5280 4.1.2.2).

use aws_lc_rs::rand::{SecureRandom, SystemRandom};

use crate::CaError;

/// Octets of CSPRNG output in each serial: 128 bits, twice the minimum.
pub const RANDOM_OCTETS: usize = 16;

/// A new serial: 16 random octets with the top bit cleared, so the INTEGER is
/// positive and needs no padding octet; never zero.
pub fn random_serial() -> Result<[u8; RANDOM_OCTETS], CaError> {
    let rng = SystemRandom::new();
    loop {
        let mut s = [0u8; RANDOM_OCTETS];
        rng.fill(&mut s)
            .map_err(|_| CaError::Crypto("random serial"))?;
        s[0] &= 0x7f;
        // A leading zero octet would shorten the INTEGER below 64 random bits' worth of octets.
        if s[0] != 0 {
            return Ok(s);
        }
    }
}
