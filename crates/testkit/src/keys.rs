//! Key pairs generated with aws-lc-rs, cached once per process.

use std::fmt;
use std::sync::OnceLock;

use aws_lc_rs::digest;
use aws_lc_rs::rand::SystemRandom;
use aws_lc_rs::rsa::{self, KeySize};
use aws_lc_rs::signature::{
    self, ECDSA_P256_SHA256_ASN1_SIGNING, ECDSA_P384_SHA384_ASN1_SIGNING, EcdsaKeyPair,
    Ed25519KeyPair, KeyPair as _,
};

use crate::der;

/// The kinds of key the testkit can generate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum KeyType {
    /// RSA with a 2048-bit modulus (e = 65537).
    Rsa2048,
    /// RSA with a 3072-bit modulus (e = 65537).
    Rsa3072,
    /// ECDSA on NIST P-256.
    P256,
    /// ECDSA on NIST P-384.
    P384,
    /// Ed25519.
    Ed25519,
}

impl KeyType {
    /// All key types.
    pub const ALL: [KeyType; 5] = [
        KeyType::Rsa2048,
        KeyType::Rsa3072,
        KeyType::P256,
        KeyType::P384,
        KeyType::Ed25519,
    ];

    /// Whether this is an RSA key type.
    pub fn is_rsa(self) -> bool {
        matches!(self, KeyType::Rsa2048 | KeyType::Rsa3072)
    }

    /// The default signature algorithm for this key type.
    pub fn default_sig_alg(self) -> SigAlg {
        match self {
            KeyType::Rsa2048 | KeyType::Rsa3072 => SigAlg::RsaPkcs1Sha256,
            KeyType::P256 => SigAlg::EcdsaSha256,
            KeyType::P384 => SigAlg::EcdsaSha384,
            KeyType::Ed25519 => SigAlg::Ed25519,
        }
    }

    /// The SubjectPublicKeyInfo AlgorithmIdentifier DER, byte-for-byte as
    /// required by the Baseline Requirements.
    pub fn spki_alg_der(self) -> Vec<u8> {
        match self {
            KeyType::Rsa2048 | KeyType::Rsa3072 => der::from_hex(alg::RSA_ENCRYPTION),
            KeyType::P256 => der::from_hex(alg::EC_P256),
            KeyType::P384 => der::from_hex(alg::EC_P384),
            KeyType::Ed25519 => der::from_hex(alg::ED25519),
        }
    }
}

/// Hex encodings of the AlgorithmIdentifiers used by the testkit.
pub mod alg {
    /// rsaEncryption with NULL parameters (SPKI).
    pub const RSA_ENCRYPTION: &str = "300d06092a864886f70d0101010500";
    /// id-ecPublicKey with namedCurve secp256r1 (SPKI).
    pub const EC_P256: &str = "301306072a8648ce3d020106082a8648ce3d030107";
    /// id-ecPublicKey with namedCurve secp384r1 (SPKI).
    pub const EC_P384: &str = "301006072a8648ce3d020106052b81040022";
    /// id-Ed25519 without parameters (SPKI and signature).
    pub const ED25519: &str = "300506032b6570";
    /// sha256WithRSAEncryption with NULL parameters.
    pub const SHA256_WITH_RSA: &str = "300d06092a864886f70d01010b0500";
    /// sha384WithRSAEncryption with NULL parameters.
    pub const SHA384_WITH_RSA: &str = "300d06092a864886f70d01010c0500";
    /// sha512WithRSAEncryption with NULL parameters.
    pub const SHA512_WITH_RSA: &str = "300d06092a864886f70d01010d0500";
    /// RSASSA-PSS with SHA-256, MGF1-SHA-256, salt 32.
    pub const RSA_PSS_SHA256: &str = "304106092a864886f70d01010a3034a00f300d06096086480165030402010500a11c301a06092a864886f70d010108300d06096086480165030402010500a203020120";
    /// RSASSA-PSS with SHA-384, MGF1-SHA-384, salt 48.
    pub const RSA_PSS_SHA384: &str = "304106092a864886f70d01010a3034a00f300d06096086480165030402020500a11c301a06092a864886f70d010108300d06096086480165030402020500a203020130";
    /// RSASSA-PSS with SHA-512, MGF1-SHA-512, salt 64.
    pub const RSA_PSS_SHA512: &str = "304106092a864886f70d01010a3034a00f300d06096086480165030402030500a11c301a06092a864886f70d010108300d06096086480165030402030500a203020140";
    /// ecdsa-with-SHA256 without parameters.
    pub const ECDSA_SHA256: &str = "300a06082a8648ce3d040302";
    /// ecdsa-with-SHA384 without parameters.
    pub const ECDSA_SHA384: &str = "300a06082a8648ce3d040303";
}

/// Signature algorithms the testkit can sign with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SigAlg {
    /// RSASSA-PKCS1-v1_5 with SHA-256.
    RsaPkcs1Sha256,
    /// RSASSA-PKCS1-v1_5 with SHA-384.
    RsaPkcs1Sha384,
    /// RSASSA-PKCS1-v1_5 with SHA-512.
    RsaPkcs1Sha512,
    /// RSASSA-PSS with SHA-256 (MGF1-SHA-256, 32-byte salt).
    RsaPssSha256,
    /// RSASSA-PSS with SHA-384 (MGF1-SHA-384, 48-byte salt).
    RsaPssSha384,
    /// RSASSA-PSS with SHA-512 (MGF1-SHA-512, 64-byte salt).
    RsaPssSha512,
    /// ECDSA with SHA-256 (P-256 keys only).
    EcdsaSha256,
    /// ECDSA with SHA-384 (P-384 keys only).
    EcdsaSha384,
    /// Ed25519.
    Ed25519,
}

impl SigAlg {
    /// The AlgorithmIdentifier DER, byte-for-byte as required by the Baseline Requirements.
    pub fn alg_id_der(self) -> Vec<u8> {
        der::from_hex(match self {
            SigAlg::RsaPkcs1Sha256 => alg::SHA256_WITH_RSA,
            SigAlg::RsaPkcs1Sha384 => alg::SHA384_WITH_RSA,
            SigAlg::RsaPkcs1Sha512 => alg::SHA512_WITH_RSA,
            SigAlg::RsaPssSha256 => alg::RSA_PSS_SHA256,
            SigAlg::RsaPssSha384 => alg::RSA_PSS_SHA384,
            SigAlg::RsaPssSha512 => alg::RSA_PSS_SHA512,
            SigAlg::EcdsaSha256 => alg::ECDSA_SHA256,
            SigAlg::EcdsaSha384 => alg::ECDSA_SHA384,
            SigAlg::Ed25519 => alg::ED25519,
        })
    }
}

enum Inner {
    Rsa(rsa::KeyPair),
    Ec(EcdsaKeyPair),
    Ed(Ed25519KeyPair),
}

/// A private key with helpers to build certificates around it.
pub struct Key {
    kind: KeyType,
    inner: Inner,
}

impl fmt::Debug for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Key")
            .field("kind", &self.kind)
            .field("key_id", &der::to_hex(&self.key_id()))
            .finish()
    }
}

static CACHE: [OnceLock<Key>; 5] = [const { OnceLock::new() }; 5];

fn cache_index(kind: KeyType) -> usize {
    match kind {
        KeyType::Rsa2048 => 0,
        KeyType::Rsa3072 => 1,
        KeyType::P256 => 2,
        KeyType::P384 => 3,
        KeyType::Ed25519 => 4,
    }
}

impl Key {
    /// Generates a fresh key (RSA generation takes a noticeable time; prefer [`Key::cached`]).
    pub fn generate(kind: KeyType) -> Key {
        let inner = match kind {
            KeyType::Rsa2048 => Inner::Rsa(
                rsa::KeyPair::generate(KeySize::Rsa2048).expect("RSA-2048 key generation failed"),
            ),
            KeyType::Rsa3072 => Inner::Rsa(
                rsa::KeyPair::generate(KeySize::Rsa3072).expect("RSA-3072 key generation failed"),
            ),
            KeyType::P256 => Inner::Ec(
                EcdsaKeyPair::generate(&ECDSA_P256_SHA256_ASN1_SIGNING)
                    .expect("P-256 key generation failed"),
            ),
            KeyType::P384 => Inner::Ec(
                EcdsaKeyPair::generate(&ECDSA_P384_SHA384_ASN1_SIGNING)
                    .expect("P-384 key generation failed"),
            ),
            KeyType::Ed25519 => {
                Inner::Ed(Ed25519KeyPair::generate().expect("Ed25519 key generation failed"))
            }
        };
        Key { kind, inner }
    }

    /// The process-wide key of this type, generated on first use.
    pub fn cached(kind: KeyType) -> &'static Key {
        CACHE[cache_index(kind)].get_or_init(|| Key::generate(kind))
    }

    /// The cached RSA-2048 key.
    pub fn rsa2048() -> &'static Key {
        Key::cached(KeyType::Rsa2048)
    }

    /// The cached RSA-3072 key.
    pub fn rsa3072() -> &'static Key {
        Key::cached(KeyType::Rsa3072)
    }

    /// The cached P-256 key.
    pub fn p256() -> &'static Key {
        Key::cached(KeyType::P256)
    }

    /// The cached P-384 key.
    pub fn p384() -> &'static Key {
        Key::cached(KeyType::P384)
    }

    /// The cached Ed25519 key.
    pub fn ed25519() -> &'static Key {
        Key::cached(KeyType::Ed25519)
    }

    /// The key type.
    pub fn key_type(&self) -> KeyType {
        self.kind
    }

    /// The contents of the subjectPublicKey BIT STRING (without the unused-bits
    /// byte): RSAPublicKey DER, an uncompressed EC point, or 32 Ed25519 bytes.
    pub fn public_key_bytes(&self) -> Vec<u8> {
        match &self.inner {
            Inner::Rsa(k) => k.public_key().as_ref().to_vec(),
            Inner::Ec(k) => k.public_key().as_ref().to_vec(),
            Inner::Ed(k) => k.public_key().as_ref().to_vec(),
        }
    }

    /// The SPKI AlgorithmIdentifier DER.
    pub fn spki_alg_der(&self) -> Vec<u8> {
        self.kind.spki_alg_der()
    }

    /// The full SubjectPublicKeyInfo DER.
    pub fn spki_der(&self) -> Vec<u8> {
        der::seq(&[
            &self.spki_alg_der(),
            &der::bit_string(0, &self.public_key_bytes()),
        ])
    }

    /// The default signature algorithm of this key.
    pub fn default_sig_alg(&self) -> SigAlg {
        self.kind.default_sig_alg()
    }

    /// The AlgorithmIdentifier DER of the default signature algorithm.
    pub fn sig_alg_der(&self) -> Vec<u8> {
        self.default_sig_alg().alg_id_der()
    }

    /// Signs `tbs` with the default algorithm (RSA PKCS#1 v1.5 SHA-256, ECDSA
    /// with the curve's hash as an ASN.1 DER signature, or Ed25519).
    pub fn sign(&self, tbs: &[u8]) -> Vec<u8> {
        self.sign_with(self.default_sig_alg(), tbs)
    }

    /// Signs `tbs` with a specific algorithm. Panics if the algorithm does not
    /// fit the key (e.g. PSS with an EC key, or ECDSA-SHA384 with P-256).
    pub fn sign_with(&self, alg: SigAlg, tbs: &[u8]) -> Vec<u8> {
        let rng = SystemRandom::new();
        match (&self.inner, alg) {
            (Inner::Rsa(k), _) => {
                let encoding: &'static dyn signature::RsaEncoding = match alg {
                    SigAlg::RsaPkcs1Sha256 => &signature::RSA_PKCS1_SHA256,
                    SigAlg::RsaPkcs1Sha384 => &signature::RSA_PKCS1_SHA384,
                    SigAlg::RsaPkcs1Sha512 => &signature::RSA_PKCS1_SHA512,
                    SigAlg::RsaPssSha256 => &signature::RSA_PSS_SHA256,
                    SigAlg::RsaPssSha384 => &signature::RSA_PSS_SHA384,
                    SigAlg::RsaPssSha512 => &signature::RSA_PSS_SHA512,
                    other => panic!("cannot sign with {other:?} using an RSA key"),
                };
                let mut sig = vec![0u8; k.public_modulus_len()];
                k.sign(encoding, &rng, tbs, &mut sig)
                    .expect("RSA signing failed");
                sig
            }
            (Inner::Ec(k), SigAlg::EcdsaSha256) if self.kind == KeyType::P256 => k
                .sign(&rng, tbs)
                .expect("ECDSA P-256 signing failed")
                .as_ref()
                .to_vec(),
            (Inner::Ec(k), SigAlg::EcdsaSha384) if self.kind == KeyType::P384 => k
                .sign(&rng, tbs)
                .expect("ECDSA P-384 signing failed")
                .as_ref()
                .to_vec(),
            (Inner::Ed(k), SigAlg::Ed25519) => k.sign(tbs).as_ref().to_vec(),
            (_, other) => panic!("cannot sign with {other:?} using a {:?} key", self.kind),
        }
    }

    /// RFC 5280 4.2.1.2 method 1 key identifier: SHA-1 of the subjectPublicKey
    /// BIT STRING contents (excluding tag, length and unused-bits byte).
    pub fn key_id(&self) -> Vec<u8> {
        digest::digest(&digest::SHA1_FOR_LEGACY_USE_ONLY, &self.public_key_bytes())
            .as_ref()
            .to_vec()
    }
}
