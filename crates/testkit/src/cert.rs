//! The certificate builder.

use crate::der;
use crate::ext::{self, Extension};
use crate::keys::{Key, SigAlg};
use crate::name::Name;
use crate::time::{self, DAY, ToUnixTime};

/// The TBSCertificate version field.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Version {
    /// v1: the field is omitted (DEFAULT v1).
    V1,
    /// v2: `[0] INTEGER 1`.
    V2,
    /// v3: `[0] INTEGER 2`.
    V3,
    /// `[0] INTEGER n` for any n; `Explicit(0)` is an explicitly encoded v1
    /// (a DER violation).
    Explicit(i64),
}

/// The default serial number: 16 fixed, random-looking bytes with the high bit clear.
pub const DEFAULT_SERIAL: [u8; 16] = [
    0x4f, 0x3a, 0x91, 0x2c, 0xd7, 0x05, 0x6e, 0xb8, 0x13, 0xa4, 0x7c, 0xe2, 0x59, 0x0d, 0xc6, 0x8b,
];

/// Builder for a Certificate. Every TBSCertificate field can be set, including
/// to values that violate RFC 5280 or DER.
///
/// Defaults: v3, [`DEFAULT_SERIAL`], signature algorithm from the signing key,
/// subject `CN=Testkit Subject`, issuer equal to the subject, validity
/// 2025-03-01T00:00:00Z for 365 days, the cached P-256 key as subject key,
/// no unique IDs and no extensions field.
#[derive(Debug, Clone)]
pub struct CertBuilder {
    version: Version,
    serial: Vec<u8>,
    sig_alg: Option<SigAlg>,
    tbs_sig_alg_raw: Option<Vec<u8>>,
    outer_sig_alg_raw: Option<Vec<u8>>,
    issuer: Option<Vec<u8>>,
    validity_raw: Option<Vec<u8>>,
    not_before: Vec<u8>,
    not_after: Vec<u8>,
    subject: Vec<u8>,
    spki: Option<Vec<u8>>,
    issuer_unique_id: Option<Vec<u8>>,
    subject_unique_id: Option<Vec<u8>>,
    extensions: Option<Vec<Extension>>,
    signature_override: Option<Vec<u8>>,
    corrupt_signature: bool,
    signer: Option<&'static Key>,
}

impl Default for CertBuilder {
    fn default() -> Self {
        CertBuilder::new()
    }
}

impl CertBuilder {
    /// A builder with the documented defaults.
    pub fn new() -> CertBuilder {
        let start = time::parse_iso("2025-03-01T00:00:00Z");
        CertBuilder {
            version: Version::V3,
            serial: der::int_bytes(&DEFAULT_SERIAL),
            sig_alg: None,
            tbs_sig_alg_raw: None,
            outer_sig_alg_raw: None,
            issuer: None,
            validity_raw: None,
            not_before: time::der_time(start),
            not_after: time::der_time(start + 365 * DAY - 1),
            subject: Name::new().cn("Testkit Subject").to_der(),
            spki: None,
            issuer_unique_id: None,
            subject_unique_id: None,
            extensions: None,
            signature_override: None,
            corrupt_signature: false,
            signer: None,
        }
    }

    // ----- version and serial -----

    /// Sets the version field.
    pub fn version(mut self, v: Version) -> Self {
        self.version = v;
        self
    }

    /// Serial number from a big-endian magnitude (valid DER INTEGER).
    pub fn serial(mut self, magnitude: &[u8]) -> Self {
        self.serial = der::int_bytes(magnitude);
        self
    }

    /// Serial number from a `u64`.
    pub fn serial_u64(mut self, v: u64) -> Self {
        self.serial = der::int_u64(v);
        self
    }

    /// Serial number from a signed value (e.g. negative serials).
    pub fn serial_i64(mut self, v: i64) -> Self {
        self.serial = der::int_i64(v);
        self
    }

    /// Serial number INTEGER with exactly these content octets (may be empty,
    /// non-minimal or negative).
    pub fn serial_raw_content(mut self, content: &[u8]) -> Self {
        self.serial = der::int_raw(content);
        self
    }

    /// Serial number field as a complete TLV written as-is (any tag).
    pub fn serial_raw_tlv(mut self, tlv: Vec<u8>) -> Self {
        self.serial = tlv;
        self
    }

    // ----- algorithms -----

    /// Signs with this algorithm and uses its AlgorithmIdentifier for both
    /// signature fields (unless overridden with the `_raw` setters).
    pub fn sig_alg(mut self, alg: SigAlg) -> Self {
        self.sig_alg = Some(alg);
        self
    }

    /// Overrides the TBSCertificate `signature` AlgorithmIdentifier DER.
    pub fn tbs_sig_alg_raw(mut self, alg_id: Vec<u8>) -> Self {
        self.tbs_sig_alg_raw = Some(alg_id);
        self
    }

    /// Overrides the outer Certificate `signatureAlgorithm` DER.
    pub fn outer_sig_alg_raw(mut self, alg_id: Vec<u8>) -> Self {
        self.outer_sig_alg_raw = Some(alg_id);
        self
    }

    /// Overrides both signature AlgorithmIdentifiers with the same DER.
    pub fn sig_alg_raw(self, alg_id: Vec<u8>) -> Self {
        self.tbs_sig_alg_raw(alg_id.clone())
            .outer_sig_alg_raw(alg_id)
    }

    // ----- names -----

    /// Sets the issuer Name.
    pub fn issuer(mut self, name: &Name) -> Self {
        self.issuer = Some(name.to_der());
        self
    }

    /// Sets the issuer field to arbitrary DER.
    pub fn issuer_raw(mut self, der: Vec<u8>) -> Self {
        self.issuer = Some(der);
        self
    }

    /// Sets the subject Name.
    pub fn subject(mut self, name: &Name) -> Self {
        self.subject = name.to_der();
        self
    }

    /// Sets the subject field to arbitrary DER.
    pub fn subject_raw(mut self, der: Vec<u8>) -> Self {
        self.subject = der;
        self
    }

    // ----- validity -----

    /// notBefore as UTCTime with the given literal content (`YYMMDDHHMMSSZ`).
    pub fn not_before_utc(mut self, s: &str) -> Self {
        self.not_before = der::utc_time(s);
        self
    }

    /// notBefore as GeneralizedTime with the given literal content (`YYYYMMDDHHMMSSZ`).
    pub fn not_before_generalized(mut self, s: &str) -> Self {
        self.not_before = der::generalized_time(s);
        self
    }

    /// notBefore at a point in time, UTCTime before 2050 else GeneralizedTime.
    pub fn not_before_at(mut self, t: impl ToUnixTime) -> Self {
        self.not_before = time::der_time(t.to_unix());
        self
    }

    /// notBefore as a complete TLV written as-is.
    pub fn not_before_raw(mut self, tlv: Vec<u8>) -> Self {
        self.not_before = tlv;
        self
    }

    /// notAfter as UTCTime with the given literal content (`YYMMDDHHMMSSZ`).
    pub fn not_after_utc(mut self, s: &str) -> Self {
        self.not_after = der::utc_time(s);
        self
    }

    /// notAfter as GeneralizedTime with the given literal content (`YYYYMMDDHHMMSSZ`).
    pub fn not_after_generalized(mut self, s: &str) -> Self {
        self.not_after = der::generalized_time(s);
        self
    }

    /// notAfter at a point in time, UTCTime before 2050 else GeneralizedTime.
    pub fn not_after_at(mut self, t: impl ToUnixTime) -> Self {
        self.not_after = time::der_time(t.to_unix());
        self
    }

    /// notAfter as a complete TLV written as-is.
    pub fn not_after_raw(mut self, tlv: Vec<u8>) -> Self {
        self.not_after = tlv;
        self
    }

    /// Validity starting at `start` (`"2025-03-01"`, `"2025-03-01T12:00:00Z"`
    /// or `(2025, 3, 1)`) and lasting `days` days: notAfter = notBefore +
    /// days * 86400 - 1 seconds. Each time is UTCTime before 2050, else
    /// GeneralizedTime.
    pub fn validity_days(self, start: impl ToUnixTime, days: i64) -> Self {
        self.validity_seconds(start, days * DAY)
    }

    /// Validity starting at `start` covering exactly `seconds` seconds
    /// (notAfter = notBefore + seconds - 1, since notAfter is inclusive).
    pub fn validity_seconds(mut self, start: impl ToUnixTime, seconds: i64) -> Self {
        let t = start.to_unix();
        self.validity_raw = None;
        self.not_before = time::der_time(t);
        self.not_after = time::der_time(t + seconds - 1);
        self
    }

    /// Replaces the whole Validity SEQUENCE with arbitrary DER.
    pub fn validity_raw(mut self, der: Vec<u8>) -> Self {
        self.validity_raw = Some(der);
        self
    }

    // ----- keys -----

    /// Uses the SubjectPublicKeyInfo of `key`.
    pub fn subject_key(mut self, key: &Key) -> Self {
        self.spki = Some(key.spki_der());
        self
    }

    /// Sets the subjectPublicKeyInfo field to arbitrary DER.
    pub fn spki_raw(mut self, der: Vec<u8>) -> Self {
        self.spki = Some(der);
        self
    }

    /// Sets a default signer, used by [`CertBuilder::build_signed`] and for the
    /// algorithm identifiers in [`CertBuilder::build_tbs`].
    pub fn signer(mut self, key: &'static Key) -> Self {
        self.signer = Some(key);
        self
    }

    /// The default signer, if set.
    pub fn get_signer(&self) -> Option<&'static Key> {
        self.signer
    }

    // ----- unique IDs -----

    /// issuerUniqueID `[1] IMPLICIT BIT STRING` (0 unused bits).
    pub fn issuer_unique_id(mut self, bytes: &[u8]) -> Self {
        self.issuer_unique_id = Some(bytes.to_vec());
        self
    }

    /// subjectUniqueID `[2] IMPLICIT BIT STRING` (0 unused bits).
    pub fn subject_unique_id(mut self, bytes: &[u8]) -> Self {
        self.subject_unique_id = Some(bytes.to_vec());
        self
    }

    // ----- extensions -----

    /// Appends an extension (duplicates are allowed).
    pub fn extension(mut self, e: Extension) -> Self {
        self.extensions.get_or_insert_with(Vec::new).push(e);
        self
    }

    /// Appends several extensions in order.
    pub fn extensions(mut self, es: impl IntoIterator<Item = Extension>) -> Self {
        self.extensions.get_or_insert_with(Vec::new).extend(es);
        self
    }

    /// Replaces the first extension with the same OID in place (and removes
    /// any later duplicates), or appends it if absent.
    pub fn replace_extension(mut self, e: Extension) -> Self {
        let list = self.extensions.get_or_insert_with(Vec::new);
        match list.iter().position(|x| x.oid == e.oid) {
            Some(i) => {
                let oid = e.oid.clone();
                list[i] = e;
                let mut idx = 0;
                list.retain(|x| {
                    let keep = idx <= i || x.oid != oid;
                    idx += 1;
                    keep
                });
            }
            None => list.push(e),
        }
        self
    }

    /// Removes every extension with this OID (the extensions field stays
    /// present even if it becomes empty).
    pub fn remove_extension(mut self, oid: &str) -> Self {
        if let Some(list) = &mut self.extensions {
            list.retain(|x| x.oid != oid);
        }
        self
    }

    /// Applies `f` to every extension with this OID.
    pub fn modify_extension(mut self, oid: &str, f: impl Fn(&mut Extension)) -> Self {
        if let Some(list) = &mut self.extensions {
            list.iter_mut().filter(|x| x.oid == oid).for_each(f);
        }
        self
    }

    /// The first extension with this OID.
    pub fn get_extension(&self, oid: &str) -> Option<&Extension> {
        self.extensions.as_ref()?.iter().find(|x| x.oid == oid)
    }

    /// Mutable access to the extension list (creating an empty, present field).
    pub fn extensions_mut(&mut self) -> &mut Vec<Extension> {
        self.extensions.get_or_insert_with(Vec::new)
    }

    /// Makes the `[3] extensions` field present but empty (`a3 02 30 00`),
    /// dropping any extensions.
    pub fn empty_extensions(mut self) -> Self {
        self.extensions = Some(Vec::new());
        self
    }

    /// Omits the `[3] extensions` field entirely.
    pub fn no_extensions(mut self) -> Self {
        self.extensions = None;
        self
    }

    // ----- signature -----

    /// Uses these bytes as the signatureValue BIT STRING contents instead of a
    /// real signature.
    pub fn signature_value(mut self, bytes: Vec<u8>) -> Self {
        self.signature_override = Some(bytes);
        self
    }

    /// Flips a bit in the real signature so that it no longer verifies.
    pub fn corrupt_signature(mut self) -> Self {
        self.corrupt_signature = true;
        self
    }

    // ----- output -----

    fn effective_sig_alg(&self, key: Option<&Key>) -> SigAlg {
        self.sig_alg
            .or_else(|| key.map(Key::default_sig_alg))
            .unwrap_or(SigAlg::EcdsaSha256)
    }

    /// The TBSCertificate DER using the algorithm of [`CertBuilder::sig_alg`],
    /// else of the default signer, else ecdsa-with-SHA256.
    pub fn build_tbs(&self) -> Vec<u8> {
        self.build_tbs_for(self.signer)
    }

    fn build_tbs_for(&self, key: Option<&Key>) -> Vec<u8> {
        let alg = self.effective_sig_alg(key);
        let mut parts: Vec<Vec<u8>> = Vec::new();
        match self.version {
            Version::V1 => {}
            Version::V2 => parts.push(der::explicit(0, &der::int_u64(1))),
            Version::V3 => parts.push(der::explicit(0, &der::int_u64(2))),
            Version::Explicit(n) => parts.push(der::explicit(0, &der::int_i64(n))),
        }
        parts.push(self.serial.clone());
        parts.push(
            self.tbs_sig_alg_raw
                .clone()
                .unwrap_or_else(|| alg.alg_id_der()),
        );
        parts.push(self.issuer.clone().unwrap_or_else(|| self.subject.clone()));
        parts.push(
            self.validity_raw
                .clone()
                .unwrap_or_else(|| der::seq(&[&self.not_before, &self.not_after])),
        );
        parts.push(self.subject.clone());
        parts.push(self.spki.clone().unwrap_or_else(|| Key::p256().spki_der()));
        if let Some(id) = &self.issuer_unique_id {
            parts.push(der::implicit(1, false, &[&[0u8][..], id].concat()));
        }
        if let Some(id) = &self.subject_unique_id {
            parts.push(der::implicit(2, false, &[&[0u8][..], id].concat()));
        }
        if let Some(exts) = &self.extensions {
            let list = der::seq_vec(exts.iter().map(Extension::to_der).collect());
            parts.push(der::explicit(3, &list));
        }
        der::seq_vec(parts)
    }

    /// The Certificate DER: the TBSCertificate signed by `issuer_key`
    /// (signatureValue BIT STRING with 0 unused bits).
    pub fn build(&self, issuer_key: &Key) -> Vec<u8> {
        let alg = self.effective_sig_alg(Some(issuer_key));
        let tbs = self.build_tbs_for(Some(issuer_key));
        let mut sig = match &self.signature_override {
            Some(bytes) => bytes.clone(),
            None => issuer_key.sign_with(alg, &tbs),
        };
        if self.corrupt_signature {
            let last = sig.len().checked_sub(1).expect("signature is empty");
            sig[last] ^= 0x01;
        }
        let outer = self
            .outer_sig_alg_raw
            .clone()
            .unwrap_or_else(|| alg.alg_id_der());
        der::seq(&[&tbs, &outer, &der::bit_string(0, &sig)])
    }

    /// [`CertBuilder::build`] with the default signer. Panics if none was set.
    pub fn build_signed(&self) -> Vec<u8> {
        let key = self
            .signer
            .expect("build_signed: no signer set; call .signer(key) or use build(key)");
        self.build(key)
    }

    /// Adds an authorityKeyIdentifier for `issuer_key` (convenience).
    pub fn aki_from(self, issuer_key: &Key) -> Self {
        self.extension(ext::authority_key_identifier(&issuer_key.key_id()))
    }

    /// Adds a subjectKeyIdentifier for `subject_key` (convenience).
    pub fn ski_from(self, subject_key: &Key) -> Self {
        self.extension(ext::subject_key_identifier(&subject_key.key_id()))
    }
}
