//! PKCS#11 keys (cryptoki): generated inside a token as non-extractable,
//! found again by label, used to sign.
//!
//! ```text
//! Pkcs11Token::open(module, token label, PIN)   C_Initialize, C_GetSlotList, C_Login
//!   .info()                                     manufacturer, model, serial (Key Generation Report)
//!   .generate_key(alg, key label)               C_GenerateKeyPair inside the token
//!   .find_key(key label)                        C_FindObjects
//! Pkcs11Key: Signer                             C_Sign
//! ```
//!
//! Private keys are created with `CKA_TOKEN`, `CKA_PRIVATE`, `CKA_SENSITIVE`
//! true, `CKA_EXTRACTABLE` false and `CKA_SIGN` true; the pair shares the
//! label and a random `CKA_ID`. After generation the private key's
//! `CKA_SENSITIVE` and `CKA_EXTRACTABLE` are read back, and a pair that is
//! not protected is destroyed and refused; a key found by label that is
//! extractable or not sensitive is refused too.
//!
//! Signatures use each [`KeyAlgorithm`]'s one signature algorithm:
//! `CKM_SHA256_RSA_PKCS` (RSA 2048, 3072), `CKM_SHA384_RSA_PKCS` (RSA 4096),
//! `CKM_ECDSA` over a SHA-256 (P-256) or SHA-384 (P-384) digest computed
//! here, whose raw `r || s` (PKCS#11 2.3.1) becomes a DER `Ecdsa-Sig-Value`
//! (RFC 3279 2.2.3), and `CKM_EDDSA` (pure Ed25519) where the token offers
//! `CKM_EC_EDWARDS_KEY_PAIR_GEN`.
//!
//! The PIN is passed in by the caller (from an environment variable or a
//! prompt), used for `C_Login` and dropped (zeroized); it is never stored,
//! logged, put in an error or shown by `Debug`. Errors name the PKCS#11
//! function and return code (`C_Login returned CKR_PIN_INCORRECT`).
//!
//! A module is initialized once per process and path, and finalized when
//! the last token and key opened through it are dropped.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard, Weak};

use aws_lc_rs::digest;
use aws_lc_rs::rand::{SecureRandom, SystemRandom};
use cert::encode;
use cryptoki::context::{CInitializeArgs, CInitializeFlags, Pkcs11};
use cryptoki::error::{Error as P11Error, RvError};
use cryptoki::mechanism::eddsa::{EddsaParams, EddsaSignatureScheme};
use cryptoki::mechanism::{Mechanism, MechanismType};
use cryptoki::object::{Attribute, AttributeType, KeyType, ObjectClass, ObjectHandle};
use cryptoki::session::{Session, UserType};
use cryptoki::slot::Slot;
use cryptoki::types::AuthPin;

use crate::CaError;
use crate::signer::{KeyAlgorithm, Signer};

/// DER `OBJECT IDENTIFIER` of prime256v1 / secp256r1 (RFC 5480 2.1.1.1), the `CKA_EC_PARAMS` of P-256.
const P256_PARAMS: &[u8] = &[0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07];
/// DER `OBJECT IDENTIFIER` of secp384r1 (RFC 5480 2.1.1.1), the `CKA_EC_PARAMS` of P-384.
const P384_PARAMS: &[u8] = &[0x06, 0x05, 0x2b, 0x81, 0x04, 0x00, 0x22];
/// DER `OBJECT IDENTIFIER` id-Ed25519 (RFC 8410 3), the `CKA_EC_PARAMS` of Ed25519 (PKCS#11 3.0 2.3.5).
const ED25519_PARAMS: &[u8] = &[0x06, 0x03, 0x2b, 0x65, 0x70];
/// DER `PrintableString "edwards25519"`, the older `CKA_EC_PARAMS` form of Ed25519.
const ED25519_PARAMS_NAME: &[u8] = b"\x13\x0cedwards25519";
/// RSA public exponent 65537 (TLS BR 6.1.6).
const F4: &[u8] = &[0x01, 0x00, 0x01];

/// Token information for Key Generation Reports (`CK_TOKEN_INFO` and `CK_INFO`).
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct TokenInfo {
    /// `manufacturerID` of the token.
    pub manufacturer: String,
    /// `model` of the token.
    pub model: String,
    /// `serialNumber` of the token.
    pub serial: String,
    /// `label` of the token.
    pub label: String,
    /// `hardwareVersion` of the token, "major.minor".
    pub hardware_version: String,
    /// `firmwareVersion` of the token, "major.minor".
    pub firmware_version: String,
    /// The module: library description and version, its manufacturer and the Cryptoki version.
    pub library: String,
}

/// How a private key is protected, read back from the token.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct KeyProtection {
    /// `CKA_SENSITIVE`.
    pub sensitive: bool,
    /// `CKA_EXTRACTABLE`.
    pub extractable: bool,
    /// `CKA_ALWAYS_SENSITIVE`, if the token reports it.
    pub always_sensitive: Option<bool>,
    /// `CKA_NEVER_EXTRACTABLE`, if the token reports it.
    pub never_extractable: Option<bool>,
    /// `CKA_LOCAL` (generated on the token), if the token reports it.
    pub local: Option<bool>,
}

impl KeyProtection {
    /// Sensitive and not extractable: the key cannot leave the token in the clear.
    pub fn is_protected(&self) -> bool {
        self.sensitive && !self.extractable
    }
}

/// An initialized module, shared by the tokens and keys opened through it.
struct Module {
    ctx: Pkcs11,
    path: PathBuf,
}

/// Modules initialized in this process, by path.
static MODULES: Mutex<Vec<(PathBuf, Weak<Module>)>> = Mutex::new(Vec::new());

impl Drop for Module {
    fn drop(&mut self) {
        // Under the registry lock; the dead entry stays until C_Finalize is
        // done, so a concurrent open of the same path waits for it.
        let mut reg = lock(&MODULES);
        let _ = self.ctx.clone().finalize();
        reg.retain(|(_, w)| w.strong_count() > 0);
    }
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

fn module(path: &Path) -> Result<Arc<Module>, CaError> {
    let path = path
        .canonicalize()
        .map_err(|e| CaError::Pkcs11(format!("PKCS#11 module {}: {e}", path.display())))?;
    let mut reg = lock(&MODULES);
    loop {
        match reg
            .iter()
            .find(|(p, _)| *p == path)
            .map(|(_, w)| w.upgrade())
        {
            Some(Some(m)) => return Ok(m),
            // The last user dropped it and its C_Finalize is pending (the
            // entry goes when that is done): wait, then initialize anew.
            Some(None) => {
                drop(reg);
                std::thread::sleep(std::time::Duration::from_millis(1));
                reg = lock(&MODULES);
            }
            None => break,
        }
    }
    let what = format!("PKCS#11 module {}", path.display());
    let ctx = Pkcs11::new(&path).map_err(|e| p11(&what, e))?;
    ctx.initialize(CInitializeArgs::new(CInitializeFlags::OS_LOCKING_OK))
        .map_err(|e| p11(&what, e))?;
    let m = Arc::new(Module {
        ctx,
        path: path.clone(),
    });
    reg.push((path, Arc::downgrade(&m)));
    Ok(m)
}

/// The `CKR_` name of a PKCS#11 return code.
fn rv_name(rv: RvError) -> String {
    match rv {
        RvError::VendorDefined(v) => format!("vendor-defined return code 0x{v:08X}"),
        RvError::UnknownErrorCode(v) => format!("unknown return code 0x{v:08X}"),
        other => {
            // The variants are the CKR_ names in CamelCase.
            let camel = format!("{other:?}");
            let mut name = String::from("CKR");
            for c in camel.chars() {
                if c.is_ascii_uppercase() {
                    name.push('_');
                }
                name.push(c.to_ascii_uppercase());
            }
            name
        }
    }
}

/// Maps a cryptoki error to [`CaError::Pkcs11`], naming the function and return code.
fn p11(context: &str, e: P11Error) -> CaError {
    CaError::Pkcs11(match e {
        P11Error::Pkcs11(rv, f) => format!("{context}: C_{f:?} returned {}", rv_name(rv)),
        P11Error::LibraryLoading(e) => format!("{context}: cannot load the module: {e}"),
        other => format!("{context}: {other}"),
    })
}

fn token_info(ctx: &Pkcs11, slot: Slot) -> Result<TokenInfo, CaError> {
    let t = ctx
        .get_token_info(slot)
        .map_err(|e| p11("token information", e))?;
    let l = ctx
        .get_library_info()
        .map_err(|e| p11("library information", e))?;
    Ok(TokenInfo {
        manufacturer: t.manufacturer_id().trim().to_string(),
        model: t.model().trim().to_string(),
        serial: t.serial_number().trim().to_string(),
        label: t.label().trim().to_string(),
        hardware_version: t.hardware_version().to_string(),
        firmware_version: t.firmware_version().to_string(),
        library: format!(
            "{} {} ({}, Cryptoki {})",
            l.library_description().trim(),
            l.library_version(),
            l.manufacturer_id().trim(),
            l.cryptoki_version()
        ),
    })
}

/// The token information of every token present in a module's slots, without logging in.
pub fn list_tokens(module_path: &Path) -> Result<Vec<TokenInfo>, CaError> {
    let m = module(module_path)?;
    let slots = m
        .ctx
        .get_slots_with_initialized_token()
        .map_err(|e| p11("listing slots", e))?;
    slots.into_iter().map(|s| token_info(&m.ctx, s)).collect()
}

/// A token, logged in as the user.
pub struct Pkcs11Token {
    /// Keeps the application logged in (PKCS#11 logs out when the last session closes).
    _login: Mutex<Session>,
    slot: Slot,
    info: TokenInfo,
    // Dropped last: finalizes the module when nothing else uses it.
    module: Arc<Module>,
}

impl std::fmt::Debug for Pkcs11Token {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "Pkcs11Token({} ({} {} {}), module {})",
            self.info.label,
            self.info.manufacturer,
            self.info.model,
            self.info.serial,
            self.module.path.display()
        )
    }
}

impl Pkcs11Token {
    /// Loads the module at `module_path` (initializing it once per
    /// process), finds the one token labelled `token_label` and logs in as
    /// the user with `pin`.
    ///
    /// The PIN comes from the caller (an environment variable or a prompt,
    /// never a ceremony file); it is not kept. A token can be open once per
    /// process: opening it again while it (or a key from it) is still open
    /// is refused, since the PIN could not be checked.
    pub fn open(module_path: &Path, token_label: &str, pin: &str) -> Result<Pkcs11Token, CaError> {
        let module = module(module_path)?;
        let slots = module
            .ctx
            .get_slots_with_initialized_token()
            .map_err(|e| p11("listing slots", e))?;
        let mut found = Vec::new();
        let mut labels = Vec::new();
        for slot in slots {
            let info = token_info(&module.ctx, slot)?;
            if info.label == token_label.trim() {
                found.push((slot, info));
            } else {
                labels.push(info.label);
            }
        }
        let (slot, info) = match found.len() {
            1 => found.remove(0),
            0 => {
                return Err(CaError::Pkcs11(format!(
                    "no token labelled {token_label:?} in {} (tokens present: {labels:?})",
                    module.path.display()
                )));
            }
            n => {
                return Err(CaError::Pkcs11(format!(
                    "{n} tokens labelled {token_label:?} in {}; labels must be unique",
                    module.path.display()
                )));
            }
        };
        let what = format!("token {}", info.label);
        let session = module
            .ctx
            .open_rw_session(slot)
            .map_err(|e| p11(&what, e))?;
        let secret = AuthPin::from(pin);
        match session.login(UserType::User, Some(&secret)) {
            Ok(()) => {}
            Err(P11Error::Pkcs11(RvError::UserAlreadyLoggedIn, _)) => {
                return Err(CaError::Pkcs11(format!(
                    "{what}: already open in this process (C_Login returned \
                     CKR_USER_ALREADY_LOGGED_IN); use the open Pkcs11Token"
                )));
            }
            Err(e) => return Err(p11(&format!("{what}: user login"), e)),
        }
        drop(secret);
        Ok(Pkcs11Token {
            _login: Mutex::new(session),
            slot,
            info,
            module,
        })
    }

    /// The token information for Key Generation Reports.
    pub fn info(&self) -> &TokenInfo {
        &self.info
    }

    /// A new read-write session on the token, logged in (login state is per
    /// application), for operations this module does not offer.
    pub fn open_session(&self) -> Result<Session, CaError> {
        self.module
            .ctx
            .open_rw_session(self.slot)
            .map_err(|e| p11(&format!("token {}: opening a session", self.info.label), e))
    }

    fn mechanisms(&self) -> Result<Vec<MechanismType>, CaError> {
        self.module
            .ctx
            .get_mechanism_list(self.slot)
            .map_err(|e| p11(&format!("token {}: mechanism list", self.info.label), e))
    }

    /// Whether the token offers the mechanisms to generate and sign with `alg`.
    pub fn supports(&self, alg: KeyAlgorithm) -> Result<bool, CaError> {
        let (generate, sign) = mechanisms_of(alg);
        let list = self.mechanisms()?;
        Ok(list.contains(&generate) && list.contains(&sign))
    }

    /// Generates a key pair of `alg` inside the token, labelled `key_label`,
    /// with a non-extractable, sensitive private key. Refuses a label that
    /// is already used on the token.
    pub fn generate_key(&self, alg: KeyAlgorithm, key_label: &str) -> Result<Pkcs11Key, CaError> {
        if key_label.is_empty() {
            return Err(CaError::Pkcs11("an empty key label".into()));
        }
        let what = format!("token {}, key {key_label}", self.info.label);
        let (generate_mech, sign_mech) = mechanisms_of(alg);
        let list = self.mechanisms()?;
        for m in [generate_mech, sign_mech] {
            if !list.contains(&m) {
                return Err(CaError::Pkcs11(format!(
                    "{what}: the token does not offer {m}, needed for {} keys",
                    alg.name()
                )));
            }
        }
        let session = self.open_session()?;
        let label = key_label.as_bytes().to_vec();
        for class in [ObjectClass::PRIVATE_KEY, ObjectClass::PUBLIC_KEY] {
            let existing = session
                .find_objects(&[Attribute::Class(class), Attribute::Label(label.clone())])
                .map_err(|e| p11(&what, e))?;
            if !existing.is_empty() {
                return Err(CaError::Pkcs11(format!(
                    "{what}: the label is already used on the token; nothing generated"
                )));
            }
        }
        let mut id = vec![0u8; 16];
        SystemRandom::new()
            .fill(&mut id)
            .map_err(|_| CaError::Crypto("random CKA_ID"))?;
        let mut public = vec![
            Attribute::Token(true),
            Attribute::Private(false),
            Attribute::Verify(true),
            Attribute::Label(label.clone()),
            Attribute::Id(id.clone()),
        ];
        let private = vec![
            Attribute::Token(true),
            Attribute::Private(true),
            Attribute::Sensitive(true),
            Attribute::Extractable(false),
            Attribute::Sign(true),
            Attribute::Label(label),
            Attribute::Id(id.clone()),
        ];
        let mechanism = match alg {
            KeyAlgorithm::Rsa2048 | KeyAlgorithm::Rsa3072 | KeyAlgorithm::Rsa4096 => {
                let bits: u64 = match alg {
                    KeyAlgorithm::Rsa2048 => 2048,
                    KeyAlgorithm::Rsa3072 => 3072,
                    _ => 4096,
                };
                public.push(Attribute::ModulusBits(bits.into()));
                public.push(Attribute::PublicExponent(F4.to_vec()));
                Mechanism::RsaPkcsKeyPairGen
            }
            KeyAlgorithm::EcP256 => {
                public.push(Attribute::EcParams(P256_PARAMS.to_vec()));
                Mechanism::EccKeyPairGen
            }
            KeyAlgorithm::EcP384 => {
                public.push(Attribute::EcParams(P384_PARAMS.to_vec()));
                Mechanism::EccKeyPairGen
            }
            KeyAlgorithm::Ed25519 => {
                public.push(Attribute::EcParams(ED25519_PARAMS.to_vec()));
                Mechanism::EccEdwardsKeyPairGen
            }
        };
        let (pub_h, priv_h) = session
            .generate_key_pair(&mechanism, &public, &private)
            .map_err(|e| p11(&format!("{what}: generating a {} key pair", alg.name()), e))?;
        // From here on, a failure destroys the pair: nothing half-made stays on the token.
        let checked = (|| {
            let protection = read_protection(&session, priv_h, &what)?;
            if !protection.is_protected() {
                return Err(CaError::Pkcs11(format!(
                    "{what}: the generated private key reads back as CKA_SENSITIVE={} \
                     CKA_EXTRACTABLE={}; destroyed",
                    protection.sensitive, protection.extractable
                )));
            }
            let (found_alg, spki) = public_key_info(&session, pub_h, &what)?;
            if found_alg != alg {
                return Err(CaError::Pkcs11(format!(
                    "{what}: asked for a {} key, the token made a {} key; destroyed",
                    alg.name(),
                    found_alg.name()
                )));
            }
            Ok(spki)
        })();
        let spki = match checked {
            Ok(spki) => spki,
            Err(e) => {
                let _ = session.destroy_object(priv_h);
                let _ = session.destroy_object(pub_h);
                return Err(e);
            }
        };
        Ok(Pkcs11Key {
            session: Mutex::new(session),
            private: priv_h,
            alg,
            spki,
            label: key_label.to_string(),
            id,
            token: self.info.clone(),
            module: self.module.clone(),
        })
    }

    /// Finds the key pair labelled `key_label`: exactly one private key with
    /// that label, and its public key (same `CKA_ID`). Refuses a private key
    /// that is extractable, not sensitive, or cannot sign.
    pub fn find_key(&self, key_label: &str) -> Result<Pkcs11Key, CaError> {
        let what = format!("token {}, key {key_label}", self.info.label);
        let session = self.open_session()?;
        let label = key_label.as_bytes().to_vec();
        let privs = session
            .find_objects(&[
                Attribute::Class(ObjectClass::PRIVATE_KEY),
                Attribute::Label(label.clone()),
            ])
            .map_err(|e| p11(&what, e))?;
        let priv_h = match privs.as_slice() {
            [h] => *h,
            [] => {
                return Err(CaError::Pkcs11(format!(
                    "{what}: no private key with this label"
                )));
            }
            more => {
                return Err(CaError::Pkcs11(format!(
                    "{what}: {} private keys with this label",
                    more.len()
                )));
            }
        };
        let id = session
            .get_attributes(priv_h, &[AttributeType::Id])
            .map_err(|e| p11(&what, e))?
            .into_iter()
            .find_map(|a| match a {
                Attribute::Id(v) => Some(v),
                _ => None,
            })
            .unwrap_or_default();
        let mut template = vec![Attribute::Class(ObjectClass::PUBLIC_KEY)];
        if id.is_empty() {
            template.push(Attribute::Label(label));
        } else {
            template.push(Attribute::Id(id.clone()));
        }
        let pubs = session.find_objects(&template).map_err(|e| p11(&what, e))?;
        let pub_h = match pubs.as_slice() {
            [h] => *h,
            [] => {
                return Err(CaError::Pkcs11(format!(
                    "{what}: no public key object with the private key's CKA_ID"
                )));
            }
            more => {
                return Err(CaError::Pkcs11(format!(
                    "{what}: {} public keys with the private key's CKA_ID",
                    more.len()
                )));
            }
        };
        let protection = read_protection(&session, priv_h, &what)?;
        if !protection.is_protected() {
            return Err(CaError::Pkcs11(format!(
                "{what}: the private key is CKA_SENSITIVE={} CKA_EXTRACTABLE={}; \
                 a CA key must be sensitive and not extractable",
                protection.sensitive, protection.extractable
            )));
        }
        let can_sign = session
            .get_attributes(priv_h, &[AttributeType::Sign])
            .map_err(|e| p11(&what, e))?
            .into_iter()
            .any(|a| matches!(a, Attribute::Sign(true)));
        if !can_sign {
            return Err(CaError::Pkcs11(format!(
                "{what}: the private key does not have CKA_SIGN"
            )));
        }
        let (alg, spki) = public_key_info(&session, pub_h, &what)?;
        Ok(Pkcs11Key {
            session: Mutex::new(session),
            private: priv_h,
            alg,
            spki,
            label: key_label.to_string(),
            id,
            token: self.info.clone(),
            module: self.module.clone(),
        })
    }
}

/// The key-pair generation and signature mechanisms of an algorithm.
fn mechanisms_of(alg: KeyAlgorithm) -> (MechanismType, MechanismType) {
    match alg {
        KeyAlgorithm::Rsa2048 | KeyAlgorithm::Rsa3072 => (
            MechanismType::RSA_PKCS_KEY_PAIR_GEN,
            MechanismType::SHA256_RSA_PKCS,
        ),
        KeyAlgorithm::Rsa4096 => (
            MechanismType::RSA_PKCS_KEY_PAIR_GEN,
            MechanismType::SHA384_RSA_PKCS,
        ),
        KeyAlgorithm::EcP256 | KeyAlgorithm::EcP384 => {
            (MechanismType::ECC_KEY_PAIR_GEN, MechanismType::ECDSA)
        }
        KeyAlgorithm::Ed25519 => (
            MechanismType::ECC_EDWARDS_KEY_PAIR_GEN,
            MechanismType::EDDSA,
        ),
    }
}

fn read_protection(
    session: &Session,
    private: ObjectHandle,
    what: &str,
) -> Result<KeyProtection, CaError> {
    let attrs = session
        .get_attributes(
            private,
            &[
                AttributeType::Sensitive,
                AttributeType::Extractable,
                AttributeType::AlwaysSensitive,
                AttributeType::NeverExtractable,
                AttributeType::Local,
            ],
        )
        .map_err(|e| p11(&format!("{what}: reading the private key's attributes"), e))?;
    let (mut sensitive, mut extractable) = (None, None);
    let mut p = KeyProtection {
        sensitive: false,
        extractable: true,
        always_sensitive: None,
        never_extractable: None,
        local: None,
    };
    for a in attrs {
        match a {
            Attribute::Sensitive(v) => sensitive = Some(v),
            Attribute::Extractable(v) => extractable = Some(v),
            Attribute::AlwaysSensitive(v) => p.always_sensitive = Some(v),
            Attribute::NeverExtractable(v) => p.never_extractable = Some(v),
            Attribute::Local(v) => p.local = Some(v),
            _ => {}
        }
    }
    match (sensitive, extractable) {
        (Some(s), Some(e)) => {
            p.sensitive = s;
            p.extractable = e;
            Ok(p)
        }
        _ => Err(CaError::Pkcs11(format!(
            "{what}: the token does not report CKA_SENSITIVE and CKA_EXTRACTABLE of the private key"
        ))),
    }
}

/// Reads a public key object and builds its DER SubjectPublicKeyInfo.
fn public_key_info(
    session: &Session,
    public: ObjectHandle,
    what: &str,
) -> Result<(KeyAlgorithm, Vec<u8>), CaError> {
    let attrs = session
        .get_attributes(
            public,
            &[
                AttributeType::KeyType,
                AttributeType::Modulus,
                AttributeType::PublicExponent,
                AttributeType::EcParams,
                AttributeType::EcPoint,
            ],
        )
        .map_err(|e| p11(&format!("{what}: reading the public key"), e))?;
    let (mut key_type, mut modulus, mut exponent, mut params, mut point) =
        (None, None, None, None, None);
    for a in attrs {
        match a {
            Attribute::KeyType(t) => key_type = Some(t),
            Attribute::Modulus(v) => modulus = Some(v),
            Attribute::PublicExponent(v) => exponent = Some(v),
            Attribute::EcParams(v) => params = Some(v),
            Attribute::EcPoint(v) => point = Some(v),
            _ => {}
        }
    }
    let missing = |a: &str| CaError::Pkcs11(format!("{what}: the public key has no {a}"));
    let key_type = key_type.ok_or_else(|| missing("CKA_KEY_TYPE"))?;
    if key_type == KeyType::RSA {
        let n = modulus.ok_or_else(|| missing("CKA_MODULUS"))?;
        let e = exponent.ok_or_else(|| missing("CKA_PUBLIC_EXPONENT"))?;
        let alg = match bit_length(&n) {
            2048 => KeyAlgorithm::Rsa2048,
            3072 => KeyAlgorithm::Rsa3072,
            4096 => KeyAlgorithm::Rsa4096,
            bits => {
                return Err(CaError::Pkcs11(format!(
                    "{what}: an RSA key of {bits} bits (2048, 3072 or 4096 allowed)"
                )));
            }
        };
        Ok((alg, rsa_spki(alg, &n, &e)))
    } else if key_type == KeyType::EC || key_type == KeyType::EC_EDWARDS {
        let params = params.ok_or_else(|| missing("CKA_EC_PARAMS"))?;
        let point = point.ok_or_else(|| missing("CKA_EC_POINT"))?;
        let alg = if key_type == KeyType::EC && params == P256_PARAMS {
            KeyAlgorithm::EcP256
        } else if key_type == KeyType::EC && params == P384_PARAMS {
            KeyAlgorithm::EcP384
        } else if key_type == KeyType::EC_EDWARDS
            && (params == ED25519_PARAMS || params == ED25519_PARAMS_NAME)
        {
            KeyAlgorithm::Ed25519
        } else {
            return Err(CaError::Pkcs11(format!(
                "{what}: an elliptic-curve key with unsupported CKA_EC_PARAMS {}",
                cert::hex_upper(&params)
            )));
        };
        let raw = ec_point(alg, &point)
            .ok_or_else(|| CaError::Pkcs11(format!("{what}: a malformed CKA_EC_POINT")))?;
        Ok((
            alg,
            encode::seq(&[alg.spki_algorithm_der(), &encode::bit_string(raw)]),
        ))
    } else {
        Err(CaError::Pkcs11(format!(
            "{what}: unsupported key type {key_type}"
        )))
    }
}

/// Bit length of a big-endian unsigned magnitude.
fn bit_length(magnitude: &[u8]) -> usize {
    match magnitude.iter().position(|&b| b != 0) {
        Some(i) => (magnitude.len() - i) * 8 - magnitude[i].leading_zeros() as usize,
        None => 0,
    }
}

/// SubjectPublicKeyInfo of an RSA key: `RSAPublicKey ::= SEQUENCE { modulus
/// INTEGER, publicExponent INTEGER }` (RFC 8017 A.1.1) in a BIT STRING.
fn rsa_spki(alg: KeyAlgorithm, n: &[u8], e: &[u8]) -> Vec<u8> {
    let rsa_public = encode::seq(&[&encode::uint(n), &encode::uint(e)]);
    encode::seq(&[alg.spki_algorithm_der(), &encode::bit_string(&rsa_public)])
}

/// The public point from `CKA_EC_POINT`: a DER OCTET STRING around the
/// point (PKCS#11 2.3.3, what SoftHSM returns) or, from some tokens, the
/// bare point. P-256/P-384 points must be uncompressed (`04 || X || Y`),
/// Ed25519 points 32 bytes.
fn ec_point(alg: KeyAlgorithm, value: &[u8]) -> Option<&[u8]> {
    let len = match alg {
        KeyAlgorithm::EcP256 => 65,
        KeyAlgorithm::EcP384 => 97,
        KeyAlgorithm::Ed25519 => 32,
        _ => return None,
    };
    let point = if value.len() == len {
        value
    } else {
        // OCTET STRING with a short-form length (every length here is < 128).
        match value {
            [0x04, l, rest @ ..] if *l as usize == len && rest.len() == len => rest,
            _ => return None,
        }
    };
    if alg != KeyAlgorithm::Ed25519 && point[0] != 0x04 {
        return None;
    }
    Some(point)
}

/// Converts a PKCS#11 ECDSA signature (`r || s`, each `half` bytes) to a DER
/// `Ecdsa-Sig-Value ::= SEQUENCE { r INTEGER, s INTEGER }` (RFC 3279 2.2.3)
/// with minimal INTEGERs.
pub fn ecdsa_raw_to_der(raw: &[u8], half: usize) -> Result<Vec<u8>, CaError> {
    if half == 0 || raw.len() != 2 * half {
        return Err(CaError::Crypto(
            "ECDSA signature of the wrong length from the token",
        ));
    }
    let (r, s) = raw.split_at(half);
    if r.iter().all(|&b| b == 0) || s.iter().all(|&b| b == 0) {
        return Err(CaError::Crypto(
            "ECDSA signature with r or s zero from the token",
        ));
    }
    Ok(encode::seq(&[&encode::uint(r), &encode::uint(s)]))
}

/// A key pair on a token, used through its own session.
pub struct Pkcs11Key {
    // Declared first so it closes before the module can be finalized.
    session: Mutex<Session>,
    private: ObjectHandle,
    alg: KeyAlgorithm,
    spki: Vec<u8>,
    label: String,
    id: Vec<u8>,
    token: TokenInfo,
    module: Arc<Module>,
}

impl std::fmt::Debug for Pkcs11Key {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "Pkcs11Key({}, token {}, key {}, module {})",
            self.alg.name(),
            self.token.label,
            self.label,
            self.module.path.display()
        )
    }
}

impl Pkcs11Key {
    /// The key's `CKA_LABEL`.
    pub fn label(&self) -> &str {
        &self.label
    }

    /// The key pair's `CKA_ID`.
    pub fn id(&self) -> &[u8] {
        &self.id
    }

    /// The token the key lives on.
    pub fn token(&self) -> &TokenInfo {
        &self.token
    }

    /// Reads the private key's protection attributes from the token now.
    pub fn protection(&self) -> Result<KeyProtection, CaError> {
        let what = format!("token {}, key {}", self.token.label, self.label);
        read_protection(&lock(&self.session), self.private, &what)
    }

    fn sign_err(&self, e: P11Error) -> CaError {
        p11(
            &format!(
                "token {}, key {}: signing with {}",
                self.token.label,
                self.label,
                self.alg.name()
            ),
            e,
        )
    }
}

impl Signer for Pkcs11Key {
    fn algorithm(&self) -> KeyAlgorithm {
        self.alg
    }

    fn spki_der(&self) -> &[u8] {
        &self.spki
    }

    fn sign(&self, message: &[u8]) -> Result<Vec<u8>, CaError> {
        let session = lock(&self.session);
        let sign = |m: &Mechanism<'_>, data: &[u8]| {
            session
                .sign(m, self.private, data)
                .map_err(|e| self.sign_err(e))
        };
        match self.alg {
            KeyAlgorithm::Rsa2048 | KeyAlgorithm::Rsa3072 => {
                sign(&Mechanism::Sha256RsaPkcs, message)
            }
            KeyAlgorithm::Rsa4096 => sign(&Mechanism::Sha384RsaPkcs, message),
            KeyAlgorithm::EcP256 => {
                let d = digest::digest(&digest::SHA256, message);
                ecdsa_raw_to_der(&sign(&Mechanism::Ecdsa, d.as_ref())?, 32)
            }
            KeyAlgorithm::EcP384 => {
                let d = digest::digest(&digest::SHA384, message);
                ecdsa_raw_to_der(&sign(&Mechanism::Ecdsa, d.as_ref())?, 48)
            }
            KeyAlgorithm::Ed25519 => sign(
                &Mechanism::Eddsa(EddsaParams::new(EddsaSignatureScheme::Pure)),
                message,
            ),
        }
    }

    fn describe(&self) -> String {
        format!(
            "PKCS#11 token {} ({} {} {}), key {}",
            self.token.label,
            self.token.manufacturer,
            self.token.model,
            self.token.serial,
            self.label
        )
    }
}

/// A key found in a token, with the token it was found in: a CA's key that
/// lives in an HSM, for commands that sign with an existing key (issuance,
/// CRLs, OCSP). The token stays logged in while the key is in use.
pub struct TokenKey {
    // Declared first so the key's session closes before the token logs out.
    key: Pkcs11Key,
    _token: Pkcs11Token,
}

impl std::fmt::Debug for TokenKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.key.fmt(f)
    }
}

impl TokenKey {
    /// Opens the token labelled `token_label` in the module at
    /// `module_path`, logs in with `pin` and finds the key labelled
    /// `key_label` (refused when extractable or not sensitive, as
    /// [`Pkcs11Token::find_key`] does).
    pub fn open(
        module_path: &Path,
        token_label: &str,
        key_label: &str,
        pin: &str,
    ) -> Result<TokenKey, CaError> {
        let token = Pkcs11Token::open(module_path, token_label, pin)?;
        let key = token.find_key(key_label)?;
        Ok(TokenKey { key, _token: token })
    }
}

impl Signer for TokenKey {
    fn algorithm(&self) -> KeyAlgorithm {
        self.key.algorithm()
    }
    fn spki_der(&self) -> &[u8] {
        self.key.spki_der()
    }
    fn sign(&self, message: &[u8]) -> Result<Vec<u8>, CaError> {
        self.key.sign(message)
    }
    fn describe(&self) -> String {
        self.key.describe()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn return_code_names() {
        assert_eq!(rv_name(RvError::PinIncorrect), "CKR_PIN_INCORRECT");
        assert_eq!(
            rv_name(RvError::AttributeSensitive),
            "CKR_ATTRIBUTE_SENSITIVE"
        );
        assert_eq!(rv_name(RvError::Cancel), "CKR_CANCEL");
        assert_eq!(
            rv_name(RvError::UserAlreadyLoggedIn),
            "CKR_USER_ALREADY_LOGGED_IN"
        );
    }

    #[test]
    fn ecdsa_signature_to_der_is_minimal() {
        let mut raw = vec![0u8; 64];
        raw[0] = 0x00;
        raw[1] = 0x7f; // r: leading zero dropped
        raw[31] = 1;
        raw[32] = 0x80; // s: high bit, 0x00 prepended
        raw[63] = 2;
        let der = ecdsa_raw_to_der(&raw, 32).expect("converts");
        assert_eq!(&der[..4], &[0x30, 0x44, 0x02, 0x1f]);
        assert_eq!(der[4], 0x7f);
        assert_eq!(&der[35..38], &[0x02, 0x21, 0x00]);
        assert_eq!(der[38], 0x80);
        assert_eq!(der.len(), 2 + 2 + 31 + 2 + 33);
        assert!(ecdsa_raw_to_der(&raw[..63], 32).is_err());
        assert!(ecdsa_raw_to_der(&[0u8; 64], 32).is_err());
    }

    #[test]
    fn ec_point_forms() {
        let mut bare = vec![0x04];
        bare.extend_from_slice(&[7u8; 64]);
        let mut wrapped = vec![0x04, 65];
        wrapped.extend_from_slice(&bare);
        assert_eq!(ec_point(KeyAlgorithm::EcP256, &bare), Some(&bare[..]));
        assert_eq!(ec_point(KeyAlgorithm::EcP256, &wrapped), Some(&bare[..]));
        assert_eq!(ec_point(KeyAlgorithm::EcP384, &wrapped), None);
        let mut compressed = bare.clone();
        compressed[0] = 0x02;
        assert_eq!(ec_point(KeyAlgorithm::EcP256, &compressed), None);
        let ed = [9u8; 32];
        let mut ed_wrapped = vec![0x04, 32];
        ed_wrapped.extend_from_slice(&ed);
        assert_eq!(ec_point(KeyAlgorithm::Ed25519, &ed_wrapped), Some(&ed[..]));
        assert_eq!(ec_point(KeyAlgorithm::Ed25519, &ed), Some(&ed[..]));
    }

    #[test]
    fn bit_lengths() {
        assert_eq!(bit_length(&[0, 0x80, 0]), 16);
        assert_eq!(bit_length(&[0x01]), 1);
        assert_eq!(bit_length(&[0, 0]), 0);
    }
}
