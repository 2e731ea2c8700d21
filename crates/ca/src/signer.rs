//! One signer trait for software keys and HSM keys.
//!
//! The CA engine builds a TBS structure, asks a [`Signer`] for a signature
//! over it and never touches private key material itself. Each key type has
//! exactly one signature algorithm, encoded byte for byte as SMIME BR
//! 7.1.3.2, TLS BR 7.1.3.2 and MRSP 5.1 require.

use crate::CaError;

/// Key algorithms a CA key can have (SMIME BR 6.1.5, TLS BR 6.1.5, MRSP 5.1).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum KeyAlgorithm {
    /// RSA 2048.
    Rsa2048,
    /// RSA 3072.
    Rsa3072,
    /// RSA 4096.
    Rsa4096,
    /// ECDSA on NIST P-256.
    EcP256,
    /// ECDSA on NIST P-384.
    EcP384,
    /// Ed25519 (S/MIME only, MRSP 5.1).
    Ed25519,
}

impl KeyAlgorithm {
    /// Every algorithm.
    pub const ALL: [KeyAlgorithm; 6] = [
        KeyAlgorithm::Rsa2048,
        KeyAlgorithm::Rsa3072,
        KeyAlgorithm::Rsa4096,
        KeyAlgorithm::EcP256,
        KeyAlgorithm::EcP384,
        KeyAlgorithm::Ed25519,
    ];

    /// Name used in files and on the command line.
    pub fn name(self) -> &'static str {
        match self {
            KeyAlgorithm::Rsa2048 => "rsa2048",
            KeyAlgorithm::Rsa3072 => "rsa3072",
            KeyAlgorithm::Rsa4096 => "rsa4096",
            KeyAlgorithm::EcP256 => "p256",
            KeyAlgorithm::EcP384 => "p384",
            KeyAlgorithm::Ed25519 => "ed25519",
        }
    }

    /// Parses a name.
    pub fn from_name(s: &str) -> Option<KeyAlgorithm> {
        KeyAlgorithm::ALL.into_iter().find(|a| a.name() == s)
    }

    /// Whether this is an RSA key.
    pub fn is_rsa(self) -> bool {
        matches!(
            self,
            KeyAlgorithm::Rsa2048 | KeyAlgorithm::Rsa3072 | KeyAlgorithm::Rsa4096
        )
    }

    /// The SubjectPublicKeyInfo AlgorithmIdentifier (SMIME BR 7.1.3.1, MRSP 5.1.1/5.1.2).
    pub fn spki_algorithm_der(self) -> &'static [u8] {
        match self {
            KeyAlgorithm::Rsa2048 | KeyAlgorithm::Rsa3072 | KeyAlgorithm::Rsa4096 => &[
                0x30, 0x0d, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01, 0x05,
                0x00,
            ],
            KeyAlgorithm::EcP256 => &[
                0x30, 0x13, 0x06, 0x07, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01, 0x06, 0x08, 0x2a,
                0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07,
            ],
            KeyAlgorithm::EcP384 => &[
                0x30, 0x10, 0x06, 0x07, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01, 0x06, 0x05, 0x2b,
                0x81, 0x04, 0x00, 0x22,
            ],
            KeyAlgorithm::Ed25519 => &[0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70],
        }
    }

    /// The signature AlgorithmIdentifier this key signs with (SMIME BR
    /// 7.1.3.2; MRSP 5.1.1: RSA with SHA-256 PKCS#1 v1.5 for 2048 and 3072,
    /// SHA-384 for 4096; P-256 with SHA-256, P-384 with SHA-384).
    pub fn signature_algorithm_der(self) -> &'static [u8] {
        match self {
            KeyAlgorithm::Rsa2048 | KeyAlgorithm::Rsa3072 => &[
                0x30, 0x0d, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0b, 0x05,
                0x00,
            ],
            KeyAlgorithm::Rsa4096 => &[
                0x30, 0x0d, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0c, 0x05,
                0x00,
            ],
            KeyAlgorithm::EcP256 => &[
                0x30, 0x0a, 0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x04, 0x03, 0x02,
            ],
            KeyAlgorithm::EcP384 => &[
                0x30, 0x0a, 0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x04, 0x03, 0x03,
            ],
            KeyAlgorithm::Ed25519 => &[0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70],
        }
    }
}

/// Something that holds a private key and signs with it.
///
/// Implementations never expose the private key; `Debug` output of a signer
/// must not contain it either.
pub trait Signer: Send + Sync {
    /// The key's algorithm.
    fn algorithm(&self) -> KeyAlgorithm;
    /// The public key as a DER SubjectPublicKeyInfo.
    fn spki_der(&self) -> &[u8];
    /// Signs `message` with the key's one signature algorithm
    /// ([`KeyAlgorithm::signature_algorithm_der`]); ECDSA signatures are DER
    /// `Ecdsa-Sig-Value` (RFC 3279 2.2.3).
    fn sign(&self, message: &[u8]) -> Result<Vec<u8>, CaError>;
    /// Where the key lives, for records: "software key file.p8", "PKCS#11 token X, label Y".
    fn describe(&self) -> String;
}

/// SHA-256 of a signer's SubjectPublicKeyInfo, as key ceremony reports show it.
pub fn spki_sha256_hex(s: &dyn Signer) -> String {
    cert::hex_upper(&cert::digest::sha256(s.spki_der()))
}

/// The RFC 5280 4.2.1.2 method 1 key identifier: SHA-1 of the subjectPublicKey bits.
pub fn key_identifier(spki_der: &[u8]) -> Option<[u8; 20]> {
    cert::verify::with_spki(spki_der, |spki| cert::digest::sha1(spki.public_key.bytes))
}
