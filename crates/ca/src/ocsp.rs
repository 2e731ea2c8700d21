//! OCSP (RFC 6960): request decoding and signed responses from the issuance log.
//!
//! ```asn1
//! OCSPRequest ::= SEQUENCE { tbsRequest TBSRequest, optionalSignature [0] EXPLICIT Signature OPTIONAL }
//! TBSRequest ::= SEQUENCE { version [0] EXPLICIT Version DEFAULT v1,
//!     requestorName [1] EXPLICIT GeneralName OPTIONAL,
//!     requestList SEQUENCE OF Request, requestExtensions [2] EXPLICIT Extensions OPTIONAL }
//! Request ::= SEQUENCE { reqCert CertID, singleRequestExtensions [0] EXPLICIT Extensions OPTIONAL }
//! CertID ::= SEQUENCE { hashAlgorithm AlgorithmIdentifier, issuerNameHash OCTET STRING,
//!     issuerKeyHash OCTET STRING, serialNumber CertificateSerialNumber }
//! OCSPResponse ::= SEQUENCE { responseStatus OCSPResponseStatus, responseBytes [0] EXPLICIT ResponseBytes OPTIONAL }
//! BasicOCSPResponse ::= SEQUENCE { tbsResponseData ResponseData, signatureAlgorithm AlgorithmIdentifier,
//!     signature BIT STRING, certs [0] EXPLICIT SEQUENCE OF Certificate OPTIONAL }
//! ResponseData ::= SEQUENCE { version [0] EXPLICIT Version DEFAULT v1, responderID ResponderID,
//!     producedAt GeneralizedTime, responses SEQUENCE OF SingleResponse,
//!     responseExtensions [1] EXPLICIT Extensions OPTIONAL }
//! SingleResponse ::= SEQUENCE { certID CertID, certStatus CertStatus, thisUpdate GeneralizedTime,
//!     nextUpdate [0] EXPLICIT GeneralizedTime OPTIONAL, singleExtensions [1] EXPLICIT Extensions OPTIONAL }
//! CertStatus ::= CHOICE { good [0] IMPLICIT NULL, revoked [1] IMPLICIT RevokedInfo, unknown [2] IMPLICIT NULL }
//! ```
//!
//! Written on our DER reader and writer (the x509-ocsp crate lags x509-cert).
//! Serials the CA never issued are answered `unknown`, never `good`
//! (TLS BR 4.9.9). The nonce extension (RFC 8954) is echoed when present.

use aws_lc_rs::digest;
use base64::Engine;
use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};
use cert::der::{IssueSink, Reader, tag};
use cert::encode::{self, explicit, implicit, octet_string, oid, seq, seq_of, tlv};

use crate::log::IssuanceLog;
use crate::signer::Signer;

/// id-pkix-ocsp-nonce.
const NONCE: &str = "1.3.6.1.5.5.7.48.1.2";
const SHA1: &[u8] = &[0x2b, 0x0e, 0x03, 0x02, 0x1a];
const SHA256: &[u8] = &[0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01];

/// OCSPResponseStatus values (RFC 6960 4.2.1).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ResponseStatus {
    /// successful (0)
    Successful = 0,
    /// malformedRequest (1)
    MalformedRequest = 1,
    /// internalError (2)
    InternalError = 2,
    /// unauthorized (6): the responder is not authoritative for the certificate's issuer.
    Unauthorized = 6,
}

/// One CertID from a request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CertId {
    /// The whole encoding, echoed in the response.
    pub raw: Vec<u8>,
    /// Hash algorithm OID content octets.
    pub hash_oid: Vec<u8>,
    /// issuerNameHash
    pub issuer_name_hash: Vec<u8>,
    /// issuerKeyHash
    pub issuer_key_hash: Vec<u8>,
    /// serialNumber content octets.
    pub serial: Vec<u8>,
}

/// A decoded OCSP request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Request {
    /// The certificates asked about.
    pub cert_ids: Vec<CertId>,
    /// The nonce extension value, if any.
    pub nonce: Option<Vec<u8>>,
}

/// Decodes an OCSPRequest (signatures on requests are ignored: RFC 6960 4.1.2 makes them optional).
pub fn parse_request(der: &[u8]) -> Result<Request, String> {
    let sink = IssueSink::default();
    let e = |x: cert::der::DerError| x.to_string();
    let mut r = Reader::new(der, 0, &sink);
    let req = r.read_tag(tag::SEQUENCE).map_err(e)?;
    r.finish().map_err(e)?;
    let mut rr = req.reader(&sink);
    let tbs = rr.read_tag(tag::SEQUENCE).map_err(e)?;
    let mut tr = tbs.reader(&sink);
    tr.read_optional(0xa0).map_err(e)?;
    tr.read_optional(0xa1).map_err(e)?;
    let list = tr.read_tag(tag::SEQUENCE).map_err(e)?;
    let mut cert_ids = Vec::new();
    let mut lr = list.reader(&sink);
    while !lr.is_empty() {
        if cert_ids.len() >= 32 {
            return Err("more than 32 certificates in one request".into());
        }
        let one = lr.read_tag(tag::SEQUENCE).map_err(e)?;
        let mut orr = one.reader(&sink);
        let id = orr.read_tag(tag::SEQUENCE).map_err(e)?;
        let mut ir = id.reader(&sink);
        let alg = ir.read_tag(tag::SEQUENCE).map_err(e)?;
        let hash_oid = alg
            .reader(&sink)
            .read_tag(tag::OID)
            .map_err(e)?
            .value
            .to_vec();
        let issuer_name_hash = ir.read_tag(tag::OCTET_STRING).map_err(e)?.value.to_vec();
        let issuer_key_hash = ir.read_tag(tag::OCTET_STRING).map_err(e)?.value.to_vec();
        let serial = ir.read_tag(tag::INTEGER).map_err(e)?.value.to_vec();
        ir.finish().map_err(e)?;
        cert_ids.push(CertId {
            raw: id.raw.to_vec(),
            hash_oid,
            issuer_name_hash,
            issuer_key_hash,
            serial,
        });
    }
    if cert_ids.is_empty() {
        return Err("the request lists no certificate".into());
    }
    let mut nonce = None;
    if let Some(exts) = tr.read_optional(0xa2).map_err(e)? {
        let seq_t = exts.reader(&sink).read_tag(tag::SEQUENCE).map_err(e)?;
        let mut xr = seq_t.reader(&sink);
        while !xr.is_empty() {
            let x = cert::ext::parse_extension(xr.read_tag(tag::SEQUENCE).map_err(e)?, &sink)
                .map_err(e)?;
            if x.oid.to_string() == NONCE {
                // RFC 8954 2.1: the nonce is an OCTET STRING of 1 to 32 octets.
                let inner = Reader::new(x.value, 0, &sink)
                    .read_tag(tag::OCTET_STRING)
                    .map_err(e)?;
                if inner.value.is_empty() || inner.value.len() > 32 {
                    return Err("nonce must be 1 to 32 octets (RFC 8954)".into());
                }
                nonce = Some(x.value.to_vec());
            }
        }
    }
    Ok(Request { cert_ids, nonce })
}

/// Longest GET path decoded: room for the base64 of a request with the 32
/// CertIDs [`parse_request`] allows, even with every character percent-encoded.
pub const MAX_GET_PATH: usize = 16 * 1024;

/// Path segments tried as the start of the base64 in a GET path, so a hostile
/// path of many '/' costs at most this many decodings.
const MAX_GET_CANDIDATES: usize = 32;

/// Standard base64; clients that drop the '=' padding are still understood.
const GET_BASE64: GeneralPurpose = GeneralPurpose::new(
    &base64::alphabet::STANDARD,
    GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent),
);

/// The DER OCSPRequest carried by an RFC 6960 A.1 GET request, whose path is
/// `{url}/{url-encoding of base64 of the DER}`. The responder URL from the
/// AIA may have a path of its own (`/smime-ca`), and base64 itself may hold
/// '/', raw or as `%2F`; so the part after each '/' is tried, longest first,
/// and the first that percent-decodes, base64-decodes and parses is taken.
pub fn request_from_get_path(path: &str) -> Result<Vec<u8>, String> {
    if path.len() > MAX_GET_PATH {
        return Err(format!(
            "the GET path is {} bytes long, more than {MAX_GET_PATH}",
            path.len()
        ));
    }
    // A DER OCSPRequest starts with 0x30, base64 'M', so a leading '/' is never part of it.
    let rest = path.trim_start_matches('/');
    let starts = std::iter::once(0).chain(rest.match_indices('/').map(|(i, _)| i + 1));
    // The longest candidate that was base64 says most about a request that fails to parse.
    let mut first_der_error = None;
    for start in starts.take(MAX_GET_CANDIDATES) {
        let Some(candidate) = rest.get(start..).filter(|c| !c.is_empty()) else {
            continue;
        };
        let Some(der) = percent_decode(candidate).and_then(|b| GET_BASE64.decode(b).ok()) else {
            continue;
        };
        match parse_request(&der) {
            Ok(_) => return Ok(der),
            Err(e) => {
                first_der_error.get_or_insert(e);
            }
        }
    }
    Err(match first_der_error {
        Some(e) => format!("the GET path holds base64, but not of an OCSPRequest: {e}"),
        None => "the GET path does not end in the URL-encoded base64 of an OCSPRequest \
                 (RFC 6960 A.1)"
            .into(),
    })
}

/// `%XX` escapes decoded; None for a malformed escape.
fn percent_decode(s: &str) -> Option<Vec<u8>> {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while let Some(&c) = b.get(i) {
        if c == b'%' {
            let hex = std::str::from_utf8(b.get(i + 1..i + 3)?).ok()?;
            if !hex.bytes().all(|h| h.is_ascii_hexdigit()) {
                return None;
            }
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(c);
            i += 1;
        }
    }
    Some(out)
}

/// The certificate whose status is served, and how responses are signed.
pub struct Responder<'k> {
    /// The issuing CA certificate.
    pub issuer_der: Vec<u8>,
    /// The key signing responses: the CA's own, or a delegated responder's.
    pub signer: &'k dyn Signer,
    /// The delegated responder certificate, included in responses (None when the CA signs).
    pub responder_cert_der: Option<Vec<u8>>,
    /// Seconds between thisUpdate and nextUpdate (the BRs allow 8 hours to 10 days).
    pub validity_seconds: i64,
}

fn response_status(status: ResponseStatus) -> Vec<u8> {
    seq(&[&tlv(0x0a, &[status as u8])])
}

impl Responder<'_> {
    /// Answers a DER OCSPRequest at time `now` from the log. Always returns
    /// a DER OCSPResponse (errors become the matching responseStatus).
    pub fn respond(&self, request_der: &[u8], log: &IssuanceLog, now: i64) -> Vec<u8> {
        let req = match parse_request(request_der) {
            Ok(r) => r,
            Err(_) => return response_status(ResponseStatus::MalformedRequest),
        };
        match self.build(&req, log, now) {
            Ok(Some(r)) => r,
            Ok(None) => response_status(ResponseStatus::Unauthorized),
            Err(_) => response_status(ResponseStatus::InternalError),
        }
    }

    fn build(&self, req: &Request, log: &IssuanceLog, now: i64) -> Result<Option<Vec<u8>>, String> {
        let issuer = cert::Certificate::parse(&self.issuer_der).map_err(|e| e.to_string())?;
        let issuer_sha = cert::hex_upper(&issuer.sha256());
        let key_bits = issuer.spki.public_key.bytes;
        let mut singles = Vec::new();
        for id in &req.cert_ids {
            let alg = match id.hash_oid.as_slice() {
                SHA1 => &digest::SHA1_FOR_LEGACY_USE_ONLY,
                SHA256 => &digest::SHA256,
                _ => return Ok(None),
            };
            if digest::digest(alg, issuer.subject.raw).as_ref() != id.issuer_name_hash.as_slice()
                || digest::digest(alg, key_bits).as_ref() != id.issuer_key_hash.as_slice()
            {
                return Ok(None);
            }
            let serial_hex = cert::hex_upper(
                id.serial
                    .strip_prefix(&[0u8][..])
                    .filter(|s| !s.is_empty())
                    .unwrap_or(&id.serial),
            );
            let status = match log
                .status(&issuer_sha, &serial_hex)
                .map_err(|e| e.to_string())?
            {
                None => implicit(2, false, &[]),
                Some(None) => implicit(0, false, &[]),
                Some(Some(r)) => {
                    let mut info = encode::generalized_time(r.revoked_at);
                    if r.reason != 0 {
                        info.extend(explicit(0, &tlv(0x0a, &[r.reason])));
                    }
                    implicit(1, true, &info)
                }
            };
            singles.push(seq(&[
                &id.raw,
                &status,
                &encode::generalized_time(now),
                // The validity interval counts both ends (TLS BR 4.9.9, as RFC 5280
                // counts certificate validity), so nextUpdate is one second short.
                &explicit(
                    0,
                    &encode::generalized_time(now + self.validity_seconds - 1),
                ),
            ]));
        }
        let responder_key_bits =
            cert::verify::with_spki(self.signer.spki_der(), |s| s.public_key.bytes.to_vec())
                .ok_or("responder key unreadable")?;
        let key_hash = digest::digest(&digest::SHA1_FOR_LEGACY_USE_ONLY, &responder_key_bits);
        let mut data = vec![
            implicit(2, true, &octet_string(key_hash.as_ref())),
            encode::generalized_time(now),
            seq_of(&singles),
        ];
        if let Some(n) = &req.nonce {
            let ext = seq(&[&oid(NONCE).map_err(|e| e.to_string())?, &octet_string(n)]);
            data.push(explicit(1, &seq(&[&ext])));
        }
        let tbs = seq_of(&data);
        let sig_alg = self.signer.algorithm().signature_algorithm_der();
        let sig = self.signer.sign(&tbs).map_err(|e| e.to_string())?;
        let mut basic = vec![tbs, sig_alg.to_vec(), encode::bit_string(&sig)];
        if let Some(c) = &self.responder_cert_der {
            basic.push(explicit(0, &seq(&[c])));
        }
        let basic = seq_of(&basic);
        let bytes = seq(&[
            &oid("1.3.6.1.5.5.7.48.1.1").map_err(|e| e.to_string())?,
            &octet_string(&basic),
        ]);
        Ok(Some(seq(&[&tlv(0x0a, &[0]), &explicit(0, &bytes)])))
    }
}
