//! Software keys (aws-lc-rs), stored as encrypted PKCS#8.
//!
//! ```asn1
//! EncryptedPrivateKeyInfo ::= SEQUENCE {                    -- RFC 5958 3
//!     encryptionAlgorithm  AlgorithmIdentifier {PBES2},    -- RFC 8018 A.4
//!     encryptedData        OCTET STRING }
//! PBES2-params ::= SEQUENCE { keyDerivationFunc AlgorithmIdentifier {PBKDF2},
//!                             encryptionScheme  AlgorithmIdentifier {aes256-CBC} }
//! PBKDF2-params ::= SEQUENCE { salt OCTET STRING, iterationCount INTEGER,
//!                              keyLength INTEGER OPTIONAL, prf AlgorithmIdentifier }
//! ```
//!
//! PBKDF2-HMAC-SHA256 with 600,000 iterations and AES-256-CBC, which
//! `openssl pkcs8` reads. The passphrase comes from the caller (an
//! environment variable or a prompt), never from a ceremony file.

use std::num::NonZeroU32;

use aws_lc_rs::cipher::{
    AES_256, PaddedBlockDecryptingKey, PaddedBlockEncryptingKey, UnboundCipherKey,
};
use aws_lc_rs::encoding::AsDer;
use aws_lc_rs::rand::{SecureRandom, SystemRandom};
use aws_lc_rs::signature::{self, EcdsaKeyPair, Ed25519KeyPair, KeyPair};
use aws_lc_rs::{pbkdf2, rsa};
use cert::der::{IssueSink, Reader, tag};
use cert::encode;

use crate::CaError;
use crate::signer::{KeyAlgorithm, Signer};

const PBES2: &str = "1.2.840.113549.1.5.13";
const PBKDF2: &str = "1.2.840.113549.1.5.12";
const HMAC_SHA256: &str = "1.2.840.113549.2.9";
const AES256_CBC: &str = "2.16.840.1.101.3.4.1.42";
/// PBKDF2 iterations for new files (OWASP 2023 guidance for PBKDF2-HMAC-SHA256).
pub const ITERATIONS: u32 = 600_000;
/// The most iterations accepted when reading, so a hostile file cannot stall us.
const MAX_ITERATIONS: u64 = 10_000_000;

enum Inner {
    Rsa(rsa::KeyPair),
    Ec(EcdsaKeyPair),
    Ed(Ed25519KeyPair),
}

/// A private key held in memory.
pub struct SoftKey {
    alg: KeyAlgorithm,
    inner: Inner,
    spki: Vec<u8>,
    label: String,
}

impl std::fmt::Debug for SoftKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "SoftKey({}, {})", self.alg.name(), self.label)
    }
}

fn crypto(what: &'static str) -> CaError {
    CaError::Crypto(what)
}

impl SoftKey {
    /// Generates a new key.
    pub fn generate(alg: KeyAlgorithm) -> Result<SoftKey, CaError> {
        let inner = match alg {
            KeyAlgorithm::Rsa2048 => Inner::Rsa(
                rsa::KeyPair::generate(rsa::KeySize::Rsa2048)
                    .map_err(|_| crypto("RSA key generation"))?,
            ),
            KeyAlgorithm::Rsa3072 => Inner::Rsa(
                rsa::KeyPair::generate(rsa::KeySize::Rsa3072)
                    .map_err(|_| crypto("RSA key generation"))?,
            ),
            KeyAlgorithm::Rsa4096 => Inner::Rsa(
                rsa::KeyPair::generate(rsa::KeySize::Rsa4096)
                    .map_err(|_| crypto("RSA key generation"))?,
            ),
            KeyAlgorithm::EcP256 => Inner::Ec(
                EcdsaKeyPair::generate(&signature::ECDSA_P256_SHA256_ASN1_SIGNING)
                    .map_err(|_| crypto("ECDSA key generation"))?,
            ),
            KeyAlgorithm::EcP384 => Inner::Ec(
                EcdsaKeyPair::generate(&signature::ECDSA_P384_SHA384_ASN1_SIGNING)
                    .map_err(|_| crypto("ECDSA key generation"))?,
            ),
            KeyAlgorithm::Ed25519 => {
                Inner::Ed(Ed25519KeyPair::generate().map_err(|_| crypto("Ed25519 key generation"))?)
            }
        };
        Ok(SoftKey::wrap(alg, inner, "new software key".into()))
    }

    fn wrap(alg: KeyAlgorithm, inner: Inner, label: String) -> SoftKey {
        let public: Vec<u8> = match &inner {
            Inner::Rsa(k) => k.public_key().as_ref().to_vec(),
            Inner::Ec(k) => k.public_key().as_ref().to_vec(),
            Inner::Ed(k) => k.public_key().as_ref().to_vec(),
        };
        let spki = encode::seq(&[alg.spki_algorithm_der(), &encode::bit_string(&public)]);
        SoftKey {
            alg,
            inner,
            spki,
            label,
        }
    }

    /// Sets the description used in records (e.g. the key file's name).
    pub fn with_label(mut self, label: impl Into<String>) -> SoftKey {
        self.label = label.into();
        self
    }

    /// The unencrypted PKCS#8 (kept private to this module's callers' lifetimes).
    fn pkcs8(&self) -> Result<Vec<u8>, CaError> {
        Ok(match &self.inner {
            Inner::Rsa(k) => AsDer::<aws_lc_rs::encoding::Pkcs8V1Der>::as_der(k)
                .map_err(|_| crypto("PKCS#8 encoding"))?
                .as_ref()
                .to_vec(),
            Inner::Ec(k) => k
                .to_pkcs8v1()
                .map_err(|_| crypto("PKCS#8 encoding"))?
                .as_ref()
                .to_vec(),
            Inner::Ed(k) => k
                .to_pkcs8v1()
                .map_err(|_| crypto("PKCS#8 encoding"))?
                .as_ref()
                .to_vec(),
        })
    }

    /// Encrypts the key as a PEM `ENCRYPTED PRIVATE KEY`.
    pub fn to_encrypted_pem(&self, passphrase: &[u8]) -> Result<String, CaError> {
        self.to_encrypted_pem_with(passphrase, ITERATIONS)
    }

    /// As [`SoftKey::to_encrypted_pem`] with a chosen iteration count (tests use fewer).
    pub fn to_encrypted_pem_with(
        &self,
        passphrase: &[u8],
        iterations: u32,
    ) -> Result<String, CaError> {
        if passphrase.is_empty() {
            return Err(CaError::EmptyPassphrase);
        }
        let iterations =
            NonZeroU32::new(iterations).ok_or(CaError::Crypto("zero PBKDF2 iterations"))?;
        let rng = SystemRandom::new();
        let mut salt = [0u8; 16];
        rng.fill(&mut salt).map_err(|_| crypto("random salt"))?;
        let mut kek = [0u8; 32];
        pbkdf2::derive(
            pbkdf2::PBKDF2_HMAC_SHA256,
            iterations,
            &salt,
            passphrase,
            &mut kek,
        );
        let key = PaddedBlockEncryptingKey::cbc_pkcs7(
            UnboundCipherKey::new(&AES_256, &kek).map_err(|_| crypto("AES key"))?,
        )
        .map_err(|_| crypto("AES-CBC"))?;
        kek.fill(0);
        let mut data = self.pkcs8()?;
        let ctx = key
            .encrypt(&mut data)
            .map_err(|_| crypto("AES-CBC encryption"))?;
        let iv: &[u8] = (&ctx).try_into().map_err(|_| crypto("AES-CBC IV"))?;
        let oid = |s| encode::oid(s).map_err(|_| crypto("OID"));
        let kdf = encode::seq(&[
            &oid(PBKDF2)?,
            &encode::seq(&[
                &encode::octet_string(&salt),
                &encode::uint_u64(iterations.get() as u64),
                &encode::seq(&[&oid(HMAC_SHA256)?, &encode::null()]),
            ]),
        ]);
        let scheme = encode::seq(&[&oid(AES256_CBC)?, &encode::octet_string(iv)]);
        let alg = encode::seq(&[&oid(PBES2)?, &encode::seq(&[&kdf, &scheme])]);
        let der = encode::seq(&[&alg, &encode::octet_string(&data)]);
        Ok(pem("ENCRYPTED PRIVATE KEY", &der))
    }

    /// Decrypts a PEM or DER `EncryptedPrivateKeyInfo` written by [`SoftKey::to_encrypted_pem`]
    /// (or by `openssl pkcs8 -topk8 -v2 aes-256-cbc -v2prf hmacWithSHA256`).
    pub fn from_encrypted(
        input: &[u8],
        passphrase: &[u8],
        label: impl Into<String>,
    ) -> Result<SoftKey, CaError> {
        let der = if input.starts_with(b"-----") || input.iter().take(64).any(|b| *b == b'-') {
            let mut items = cert::source::ItemReader::new(std::io::BufReader::new(input));
            let item = items
                .next()
                .ok_or(CaError::KeyFile("no PEM block".into()))?
                .map_err(|e| CaError::KeyFile(e.to_string()))?;
            if item.label.as_deref() != Some("ENCRYPTED PRIVATE KEY") {
                return Err(CaError::KeyFile(format!(
                    "expected an ENCRYPTED PRIVATE KEY block, found {:?}",
                    item.label
                )));
            }
            item.data.map_err(|e| CaError::KeyFile(e.to_string()))?
        } else {
            input.to_vec()
        };
        let (salt, iterations, iv, data) = parse_pbes2(&der)?;
        let iterations =
            NonZeroU32::new(iterations as u32).ok_or(CaError::KeyFile("zero iterations".into()))?;
        let mut kek = [0u8; 32];
        pbkdf2::derive(
            pbkdf2::PBKDF2_HMAC_SHA256,
            iterations,
            &salt,
            passphrase,
            &mut kek,
        );
        let key = PaddedBlockDecryptingKey::cbc_pkcs7(
            UnboundCipherKey::new(&AES_256, &kek).map_err(|_| crypto("AES key"))?,
        )
        .map_err(|_| crypto("AES-CBC"))?;
        kek.fill(0);
        let iv: [u8; 16] = iv
            .as_slice()
            .try_into()
            .map_err(|_| CaError::KeyFile("IV is not 16 bytes".into()))?;
        let mut buf = data;
        let plain = key
            .decrypt(
                &mut buf,
                aws_lc_rs::cipher::DecryptionContext::Iv128(iv.into()),
            )
            .map_err(|_| CaError::WrongPassphrase)?;
        let key = SoftKey::from_pkcs8(plain, label.into());
        buf.fill(0);
        key
    }

    fn from_pkcs8(pkcs8: &[u8], label: String) -> Result<SoftKey, CaError> {
        // The algorithm OID in PrivateKeyInfo decides how to load it.
        let bad = |_| CaError::WrongPassphrase;
        if let Ok(k) = rsa::KeyPair::from_pkcs8(pkcs8) {
            let alg = match k.public_modulus_len() * 8 {
                2048 => KeyAlgorithm::Rsa2048,
                3072 => KeyAlgorithm::Rsa3072,
                4096 => KeyAlgorithm::Rsa4096,
                n => {
                    return Err(CaError::KeyFile(format!(
                        "RSA key of {n} bits is not supported"
                    )));
                }
            };
            return Ok(SoftKey::wrap(alg, Inner::Rsa(k), label));
        }
        if let Ok(k) = EcdsaKeyPair::from_pkcs8(&signature::ECDSA_P256_SHA256_ASN1_SIGNING, pkcs8) {
            return Ok(SoftKey::wrap(KeyAlgorithm::EcP256, Inner::Ec(k), label));
        }
        if let Ok(k) = EcdsaKeyPair::from_pkcs8(&signature::ECDSA_P384_SHA384_ASN1_SIGNING, pkcs8) {
            return Ok(SoftKey::wrap(KeyAlgorithm::EcP384, Inner::Ec(k), label));
        }
        Ed25519KeyPair::from_pkcs8(pkcs8)
            .map(|k| SoftKey::wrap(KeyAlgorithm::Ed25519, Inner::Ed(k), label))
            .map_err(bad)
    }
}

fn read<'a>(r: &mut Reader<'a, '_>, t: u8) -> Result<cert::der::Tlv<'a>, CaError> {
    r.read_tag(t)
        .map_err(|e| CaError::KeyFile(format!("not a PBES2 EncryptedPrivateKeyInfo: {e}")))
}

/// Salt, iteration count, IV and ciphertext of a PBES2 EncryptedPrivateKeyInfo.
type Pbes2Parts = (Vec<u8>, u64, Vec<u8>, Vec<u8>);

fn parse_pbes2(der: &[u8]) -> Result<Pbes2Parts, CaError> {
    let bad = |what: &str| CaError::KeyFile(format!("not a PBES2 EncryptedPrivateKeyInfo: {what}"));
    let sink = IssueSink::default();
    let mut r = Reader::new(der, 0, &sink);
    let top = r.read_tag(tag::SEQUENCE).map_err(|e| bad(&e.to_string()))?;
    let mut tr = top.reader(&sink);
    let alg = tr
        .read_tag(tag::SEQUENCE)
        .map_err(|e| bad(&e.to_string()))?;
    let data = tr
        .read_tag(tag::OCTET_STRING)
        .map_err(|e| bad(&e.to_string()))?;
    let mut ar = alg.reader(&sink);
    let oid = |t: cert::der::Tlv<'_>| cert::Oid::new(t.value).to_string();
    if oid(read(&mut ar, tag::OID)?) != PBES2 {
        return Err(bad("encryption algorithm is not PBES2"));
    }
    let params = read(&mut ar, tag::SEQUENCE)?;
    let mut pr = params.reader(&sink);
    let kdf = read(&mut pr, tag::SEQUENCE)?;
    let scheme = read(&mut pr, tag::SEQUENCE)?;
    let mut kr = kdf.reader(&sink);
    if oid(read(&mut kr, tag::OID)?) != PBKDF2 {
        return Err(bad("key derivation is not PBKDF2"));
    }
    let kp = read(&mut kr, tag::SEQUENCE)?;
    let mut kpr = kp.reader(&sink);
    let salt = read(&mut kpr, tag::OCTET_STRING)?.value.to_vec();
    let iterations = cert::der::small_uint(&read(&mut kpr, tag::INTEGER)?, &sink)
        .map_err(|e| bad(&e.to_string()))?;
    if iterations == 0 || iterations > MAX_ITERATIONS {
        return Err(bad("iteration count out of range"));
    }
    let _key_len = kpr
        .read_optional(tag::INTEGER)
        .map_err(|e| bad(&e.to_string()))?;
    let prf = read(&mut kpr, tag::SEQUENCE)?;
    if oid(prf
        .reader(&sink)
        .read_tag(tag::OID)
        .map_err(|e| bad(&e.to_string()))?)
        != HMAC_SHA256
    {
        return Err(bad("PBKDF2 PRF is not hmacWithSHA256"));
    }
    let mut sr = scheme.reader(&sink);
    if oid(read(&mut sr, tag::OID)?) != AES256_CBC {
        return Err(bad("encryption scheme is not aes256-CBC"));
    }
    let iv = read(&mut sr, tag::OCTET_STRING)?.value.to_vec();
    Ok((salt, iterations, iv, data.value.to_vec()))
}

/// PEM with 64-column lines (RFC 7468).
pub fn pem(label: &str, der: &[u8]) -> String {
    use base64::Engine;
    let b64 = base64::engine::general_purpose::STANDARD.encode(der);
    let mut out = format!("-----BEGIN {label}-----\n");
    for chunk in b64.as_bytes().chunks(64) {
        out.push_str(std::str::from_utf8(chunk).unwrap_or_default());
        out.push('\n');
    }
    out.push_str(&format!("-----END {label}-----\n"));
    out
}

impl Signer for SoftKey {
    fn algorithm(&self) -> KeyAlgorithm {
        self.alg
    }

    fn spki_der(&self) -> &[u8] {
        &self.spki
    }

    fn sign(&self, message: &[u8]) -> Result<Vec<u8>, CaError> {
        let rng = SystemRandom::new();
        match &self.inner {
            Inner::Rsa(k) => {
                let enc = if self.alg == KeyAlgorithm::Rsa4096 {
                    &signature::RSA_PKCS1_SHA384
                } else {
                    &signature::RSA_PKCS1_SHA256
                };
                let mut sig = vec![0u8; k.public_modulus_len()];
                k.sign(enc, &rng, message, &mut sig)
                    .map_err(|_| crypto("RSA signing"))?;
                Ok(sig)
            }
            Inner::Ec(k) => Ok(k
                .sign(&rng, message)
                .map_err(|_| crypto("ECDSA signing"))?
                .as_ref()
                .to_vec()),
            Inner::Ed(k) => Ok(k.sign(message).as_ref().to_vec()),
        }
    }

    fn describe(&self) -> String {
        format!("software {} key ({})", self.alg.name(), self.label)
    }
}
