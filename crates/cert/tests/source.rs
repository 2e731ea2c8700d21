//! Tests of `cert::source`: format detection, PEM/DER/base64 reading, streaming
//! limits and directory walking.
#![allow(clippy::expect_used, clippy::unwrap_used)] // test code: failing loudly is the point

use std::fs;
use std::io::{self, BufReader, Cursor, Read};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use cert::source::{
    DETECTION_WINDOW, InputFormat, Item, ItemError, ItemReader, MAX_ITEM_SIZE, WalkError,
    is_certificate_label, walk,
};
use proptest::prelude::*;

/// ../shared/corpus beside the project.
const CORPUS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/corpus");
const SUREMAIL: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../../shared/corpus/secom/Cybertrust_Japan_SureMail_CA_G5.pem"
);
const CCADB_2024: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../../shared/corpus/ccadb/crtsh_ccadb_data/AllCertificatePEMsCSVFormat_NotBeforeYear_2024"
);

// ---------------------------------------------------------------- helpers

/// Reads a corpus file, or returns `None` (printing why) when the corpus is
/// absent, unless `ROOTWARD_REQUIRE_CORPUS=1`.
fn corpus(path: &str) -> Option<Vec<u8>> {
    match fs::read(path) {
        Ok(bytes) => Some(bytes),
        Err(e) => {
            if std::env::var("ROOTWARD_REQUIRE_CORPUS").as_deref() == Ok("1") {
                panic!("corpus file {path} is required (ROOTWARD_REQUIRE_CORPUS=1): {e}");
            }
            eprintln!("skipping: corpus file {path} not available ({e}; corpus root {CORPUS})");
            None
        }
    }
}

fn items(input: &[u8]) -> Vec<Item> {
    ItemReader::new(input)
        .collect::<io::Result<Vec<_>>>()
        .expect("no I/O error from a slice")
}

fn ok_data(item: &Item) -> &[u8] {
    match &item.data {
        Ok(d) => d,
        Err(e) => panic!("item {} failed: {e}", item.index),
    }
}

fn err(item: &Item) -> &ItemError {
    match &item.data {
        Ok(_) => panic!("item {} unexpectedly decoded", item.index),
        Err(e) => e,
    }
}

/// A DER-shaped object (outer SEQUENCE, long-form length) with `content_len`
/// content bytes derived from `seed`.
fn fake_der(content_len: usize, seed: u8) -> Vec<u8> {
    let mut der = vec![0x30];
    if content_len < 0x80 {
        der.push(content_len as u8);
    } else if content_len < 0x100 {
        der.extend([0x81, content_len as u8]);
    } else {
        der.extend([0x82, (content_len >> 8) as u8, content_len as u8]);
    }
    der.extend((0..content_len).map(|i| (i as u8).wrapping_mul(31).wrapping_add(seed)));
    der
}

fn pem(label: &str, der: &[u8]) -> String {
    let b64 = STANDARD.encode(der);
    let mut out = format!("-----BEGIN {label}-----\n");
    for chunk in b64.as_bytes().chunks(64) {
        out.push_str(std::str::from_utf8(chunk).expect("ascii"));
        out.push('\n');
    }
    out.push_str(&format!("-----END {label}-----\n"));
    out
}

/// DER of the real SureMail CA certificate, decoded independently of the reader.
fn suremail() -> Option<(Vec<u8>, Vec<u8>)> {
    let pem_bytes = corpus(SUREMAIL)?;
    let text = String::from_utf8(pem_bytes.clone()).expect("utf-8 PEM");
    let body: String = text
        .lines()
        .filter(|l| !l.starts_with("-----"))
        .collect::<Vec<_>>()
        .concat();
    let der = STANDARD
        .decode(body.trim())
        .expect("valid base64 in corpus");
    Some((pem_bytes, der))
}

/// Generates `len` pseudo-random bytes (xorshift), counting what was read.
struct RandomReader {
    remaining: u64,
    state: u64,
    read: Arc<AtomicU64>,
}

impl Read for RandomReader {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = buf
            .len()
            .min(usize::try_from(self.remaining).unwrap_or(usize::MAX));
        for b in &mut buf[..n] {
            self.state ^= self.state << 13;
            self.state ^= self.state >> 7;
            self.state ^= self.state << 17;
            *b = (self.state >> 24) as u8;
        }
        self.remaining -= n as u64;
        self.read.fetch_add(n as u64, Ordering::Relaxed);
        Ok(n)
    }
}

/// Repeats `pattern` until `len` bytes were produced.
struct RepeatReader {
    pattern: Vec<u8>,
    pos: usize,
    remaining: u64,
}

impl Read for RepeatReader {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let mut n = 0;
        while n < buf.len() && self.remaining > 0 {
            let chunk = (self.pattern.len() - self.pos)
                .min(buf.len() - n)
                .min(usize::try_from(self.remaining).unwrap_or(usize::MAX));
            buf[n..n + chunk].copy_from_slice(&self.pattern[self.pos..self.pos + chunk]);
            n += chunk;
            self.pos = (self.pos + chunk) % self.pattern.len();
            self.remaining -= chunk as u64;
        }
        Ok(n)
    }
}

// ---------------------------------------------------------------- PEM

#[test]
fn real_certificate_pem() {
    let Some((pem_bytes, der)) = suremail() else {
        return;
    };
    let got = items(&pem_bytes);
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].index, 1);
    assert_eq!(got[0].line, Some(1));
    assert_eq!(got[0].label.as_deref(), Some("CERTIFICATE"));
    assert!(got[0].is_certificate());
    assert_eq!(ok_data(&got[0]), der.as_slice());
    assert_eq!(der[0], 0x30);

    let mut reader = ItemReader::new(&pem_bytes[..]);
    assert_eq!(reader.format(), None);
    assert!(reader.next().is_some());
    assert_eq!(reader.format(), Some(InputFormat::Pem));
}

#[test]
fn real_certificate_tiny_buffer() {
    // A 1-byte BufReader exercises every chunk boundary.
    let Some((pem_bytes, der)) = suremail() else {
        return;
    };
    let got: Vec<Item> = ItemReader::new(BufReader::with_capacity(1, &pem_bytes[..]))
        .collect::<io::Result<_>>()
        .expect("no I/O error");
    assert_eq!(got.len(), 1);
    assert_eq!(ok_data(&got[0]), der.as_slice());
}

#[test]
fn real_certificate_crlf_der_and_base64() {
    let Some((pem_bytes, der)) = suremail() else {
        return;
    };
    let text = String::from_utf8(pem_bytes).expect("utf-8");
    let crlf = text.replace('\n', "\r\n");
    let got = items(crlf.as_bytes());
    assert_eq!(got.len(), 1);
    assert_eq!(ok_data(&got[0]), der.as_slice());

    let got = items(&der);
    assert_eq!(got.len(), 1);
    assert_eq!((got[0].line, got[0].label.as_deref()), (None, None));
    assert_eq!(ok_data(&got[0]), der.as_slice());

    let b64 = STANDARD.encode(&der);
    let got = items(b64.as_bytes());
    assert_eq!(got.len(), 1);
    assert_eq!(ok_data(&got[0]), der.as_slice());
}

#[test]
fn crlf_pem() {
    let der = fake_der(300, 1);
    let input = pem("CERTIFICATE", &der).replace('\n', "\r\n");
    let got = items(input.as_bytes());
    assert_eq!(got.len(), 1);
    assert_eq!(ok_data(&got[0]), der.as_slice());
}

#[test]
fn several_blocks_with_text_and_whitespace() {
    let a = fake_der(200, 1);
    let b = fake_der(50, 2);
    let c = fake_der(1000, 3);
    let indented: String = pem("X509 CRL", &b)
        .lines()
        .map(|l| format!("   {l}  \t\n"))
        .collect();
    let input = format!(
        "Some preamble\nsubject=CN=foo\n{}\nbetween: text -----\n\n{indented}trailing words\n{}the end\n",
        pem("CERTIFICATE", &a),
        pem("TRUSTED CERTIFICATE", &c),
    );
    let got = items(input.as_bytes());
    assert_eq!(got.len(), 3);
    let lines: Vec<_> = input.lines().collect();
    for (i, (item, (label, der))) in got
        .iter()
        .zip([
            ("CERTIFICATE", &a),
            ("X509 CRL", &b),
            ("TRUSTED CERTIFICATE", &c),
        ])
        .enumerate()
    {
        assert_eq!(item.index, i + 1);
        assert_eq!(item.label.as_deref(), Some(label));
        assert_eq!(ok_data(item), der.as_slice());
        let line = item.line.expect("PEM items have a line");
        assert!(lines[line - 1].contains(&format!("-----BEGIN {label}-----")));
    }
    assert!(got[0].is_certificate());
    assert!(!got[1].is_certificate());
    assert!(got[2].is_certificate());
}

#[test]
fn broken_base64_names_the_line_and_scanning_continues() {
    let der = fake_der(200, 1);
    let mut block: Vec<String> = pem("CERTIFICATE", &der).lines().map(String::from).collect();
    block[2].replace_range(10..11, "*"); // line 4 of the input below
    let input = format!("text\n{}\n{}", block.join("\n"), pem("CERTIFICATE", &der));
    let got = items(input.as_bytes());
    assert_eq!(got.len(), 2);
    match err(&got[0]) {
        ItemError::InvalidBase64 {
            block_line,
            line,
            detail,
        } => {
            assert_eq!(*block_line, Some(2));
            assert_eq!(*line, 4);
            assert!(
                detail.contains("'*'") && detail.contains("column 11"),
                "{detail}"
            );
        }
        e => panic!("unexpected error {e:?}"),
    }
    let msg = err(&got[0]).to_string();
    assert!(
        msg.starts_with("PEM block starting at line 2: invalid base64 on line 4: "),
        "{msg}"
    );
    assert_eq!(ok_data(&got[1]), der.as_slice());
}

#[test]
fn truncated_base64_body() {
    // A body whose length is not a valid base64 length.
    let input = "-----BEGIN CERTIFICATE-----\nMIIBCgKCAQEA\nMIIBC\n-----END CERTIFICATE-----\n";
    let got = items(input.as_bytes());
    assert_eq!(got.len(), 1);
    assert!(
        matches!(err(&got[0]), ItemError::InvalidBase64 { line: 3, .. }),
        "{:?}",
        got[0]
    );
    // Data after padding.
    let input = "-----BEGIN CERTIFICATE-----\nMIIB\nMA==\nMIIB\n-----END CERTIFICATE-----\n";
    let got = items(input.as_bytes());
    match err(&got[0]) {
        ItemError::InvalidBase64 {
            line: 4, detail, ..
        } => {
            assert!(detail.contains("padding on line 3"), "{detail}")
        }
        e => panic!("unexpected error {e:?}"),
    }
    // Unpadded body is accepted.
    let input = "-----BEGIN CERTIFICATE-----\nMAMCAQU\n-----END CERTIFICATE-----\n";
    assert_eq!(ok_data(&items(input.as_bytes())[0]), [0x30, 3, 2, 1, 5]);
}

#[test]
fn unterminated_block() {
    let der = fake_der(100, 1);
    let full = pem("CERTIFICATE", &der);
    let cut = full.rsplit_once("-----END").expect("marker").0;

    let got = items(cut.as_bytes());
    assert_eq!(got.len(), 1);
    assert_eq!(
        err(&got[0]),
        &ItemError::UnterminatedPem {
            label: "CERTIFICATE".into(),
            line: 1,
            next_begin: None
        }
    );
    assert!(err(&got[0]).to_string().contains("before the end of input"));

    // Interrupted by the next BEGIN: that next block is still read.
    let input = format!("{cut}{full}");
    let got = items(input.as_bytes());
    assert_eq!(got.len(), 2);
    let next_line = got[1].line.expect("line");
    assert_eq!(
        err(&got[0]),
        &ItemError::UnterminatedPem {
            label: "CERTIFICATE".into(),
            line: 1,
            next_begin: Some(next_line)
        }
    );
    assert_eq!(ok_data(&got[1]), der.as_slice());
}

#[test]
fn mismatched_labels() {
    let der = fake_der(100, 1);
    let input = pem("CERTIFICATE", &der).replace("END CERTIFICATE", "END X509 CRL");
    let got = items(input.as_bytes());
    assert_eq!(got.len(), 1);
    let e = err(&got[0]);
    assert!(matches!(
        e,
        ItemError::MismatchedPemLabel { begin, end, line: 1, end_line: 5 }
            if begin == "CERTIFICATE" && end == "X509 CRL"
    ));
    assert!(
        e.to_string()
            .contains("does not match END label \"X509 CRL\" on line 5")
    );
}

#[test]
fn empty_and_encrypted_blocks_and_headers() {
    let got = items(b"-----BEGIN CERTIFICATE-----\n-----END CERTIFICATE-----\n");
    assert!(matches!(err(&got[0]), ItemError::EmptyPem { line: 1, .. }));

    let input = "-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: DES-EDE3-CBC,0011223344556677\n\nMAMCAQU=\n-----END RSA PRIVATE KEY-----\n";
    let got = items(input.as_bytes());
    assert!(matches!(
        err(&got[0]),
        ItemError::EncryptedPem { line: 1, .. }
    ));

    // Non-encrypting headers (with a continuation line) are skipped.
    let input = "-----BEGIN CERTIFICATE-----\nComment: hello\n  continued\n\nMAMCAQU=\n-----END CERTIFICATE-----\n";
    let got = items(input.as_bytes());
    assert_eq!(ok_data(&got[0]), [0x30, 3, 2, 1, 5]);
}

#[test]
fn markers_inside_lines() {
    // CSV cells, a one-line block, and two blocks on one line.
    let der = fake_der(150, 4);
    let b64 = STANDARD.encode(&der);
    let csv_block = pem("CERTIFICATE", &der).trim_end().to_owned();
    let input = format!(
        "SHA-256 Fingerprint,X.509 Certificate (PEM)\nAB12,\"{csv_block}\"\nCD34,\"{csv_block}\"\n\
         json: \"-----BEGIN CERTIFICATE-----{b64}-----END CERTIFICATE-----\", x: -----BEGIN CERTIFICATE----- MAMCAQU= -----END CERTIFICATE-----,\n"
    );
    let got = items(input.as_bytes());
    assert_eq!(got.len(), 4, "{got:?}");
    assert_eq!(
        got.iter().map(|i| i.line).collect::<Vec<_>>(),
        [
            Some(2),
            Some(2 + csv_block.lines().count()),
            Some(2 + 2 * csv_block.lines().count()),
            Some(2 + 2 * csv_block.lines().count()),
        ]
    );
    for item in &got[..3] {
        assert_eq!(ok_data(item), der.as_slice());
    }
    assert_eq!(ok_data(&got[3]), [0x30, 3, 2, 1, 5]);
}

#[test]
fn ccadb_csv_corpus() {
    let Some(csv) = corpus(CCADB_2024) else {
        return;
    };
    let begins = csv.windows(11).filter(|w| w == b"-----BEGIN ").count();
    assert!(begins > 100);
    let got: Vec<Item> = ItemReader::new(BufReader::new(&csv[..]))
        .collect::<io::Result<_>>()
        .expect("no I/O error");
    assert_eq!(got.len(), begins);
    for (i, item) in got.iter().enumerate() {
        assert_eq!(item.index, i + 1);
        assert_eq!(item.label.as_deref(), Some("CERTIFICATE"));
        let der = ok_data(item);
        assert_eq!(der[0], 0x30, "item {}", item.index);
        // The outer length matches the decoded size.
        let again = items(der);
        assert_eq!(again.len(), 1);
        assert_eq!(ok_data(&again[0]), der);
    }
}

#[test]
fn pem_after_long_text_preamble() {
    let der = fake_der(100, 5);
    let mut input = "Lorem ipsum, dolor sit amet.\n".repeat(DETECTION_WINDOW / 20);
    input.push_str(&pem("CERTIFICATE", &der));
    let mut reader = ItemReader::new(input.as_bytes());
    let first = reader.next().expect("an item").expect("no I/O error");
    assert_eq!(reader.format(), Some(InputFormat::Text));
    assert_eq!(ok_data(&first), der.as_slice());
    assert!(reader.next().is_none());
}

#[test]
fn text_without_block_is_not_der() {
    let got = items(b"  hello, world\nnothing to see here\n");
    assert_eq!(got.len(), 1);
    assert_eq!(
        err(&got[0]),
        &ItemError::NotDer {
            offset: 2,
            found: b'h'
        }
    );
}

#[test]
fn oversized_pem_block_is_too_large_and_scanning_continues() {
    let line = "A".repeat(64) + "\n";
    let body_lines = MAX_ITEM_SIZE / 48 + 10; // > 16 MiB decoded
    let small = fake_der(100, 6);
    let input = format!(
        "-----BEGIN CERTIFICATE-----\n{}-----END CERTIFICATE-----\n{}",
        line.repeat(body_lines),
        pem("CERTIFICATE", &small)
    );
    let got = items(input.as_bytes());
    assert_eq!(got.len(), 2);
    assert_eq!(
        err(&got[0]),
        &ItemError::TooLarge {
            limit: MAX_ITEM_SIZE,
            block_line: Some(1)
        }
    );
    assert!(err(&got[0]).to_string().contains("16 MiB"));
    assert_eq!(got[1].line, Some(body_lines + 3));
    assert_eq!(ok_data(&got[1]), small.as_slice());
}

// ---------------------------------------------------------------- DER

#[test]
fn der_single_and_concatenated() {
    let a = fake_der(1000, 1);
    let b = fake_der(100, 2);
    let c = fake_der(5, 3);
    let got = items(&a);
    assert_eq!(got.len(), 1);
    assert_eq!(ok_data(&got[0]), a.as_slice());

    let mut all = [a.clone(), b.clone(), c.clone()].concat();
    all.extend(b"\r\n"); // trailing whitespace is tolerated
    let got = items(&all);
    assert_eq!(got.len(), 3);
    for (i, (item, der)) in got.iter().zip([&a, &b, &c]).enumerate() {
        assert_eq!(item.index, i + 1);
        assert_eq!((item.line, &item.label), (None, &None));
        assert_eq!(ok_data(item), der.as_slice());
    }
}

#[test]
fn der_errors() {
    let a = fake_der(1000, 1);
    // Truncated content.
    let got = items(&a[..500]);
    assert_eq!(got.len(), 1);
    assert_eq!(
        err(&got[0]),
        &ItemError::TruncatedDer {
            offset: 0,
            needed: 1004,
            available: 500
        }
    );
    // Truncated second object, after a good one.
    let both = [a.clone(), a[..2].to_vec()].concat();
    let got = items(&both);
    assert_eq!(got.len(), 2);
    assert_eq!(ok_data(&got[0]), a.as_slice());
    assert_eq!(
        err(&got[1]),
        &ItemError::TruncatedDer {
            offset: 1004,
            needed: 4,
            available: 2
        }
    );
    // Truncated header.
    assert!(matches!(
        err(&items(&[0x30])[0]),
        ItemError::TruncatedDer {
            needed: 2,
            available: 1,
            ..
        }
    ));
    // Indefinite length.
    let got = items(&[0x30, 0x80, 0x02, 0x01, 0x05, 0, 0]);
    assert_eq!(got.len(), 1);
    assert_eq!(err(&got[0]), &ItemError::IndefiniteLength { offset: 0 });
    assert!(err(&got[0]).to_string().contains("indefinite length"));
    // Five length bytes.
    let got = items(&[0x30, 0x85, 0, 0, 0, 0, 1, 0]);
    assert_eq!(
        err(&got[0]),
        &ItemError::UnsupportedDerLength {
            offset: 0,
            first: 0x85
        }
    );
    // Declared length over the limit: reported without reading it.
    let got = items(&[0x30, 0x84, 0x7F, 0xFF, 0xFF, 0xFF, 1, 2, 3]);
    assert_eq!(
        err(&got[0]),
        &ItemError::TooLarge {
            limit: MAX_ITEM_SIZE,
            block_line: None
        }
    );
    // Garbage after a good object: one NotDer item, then the end.
    let mut garbage = a.clone();
    garbage.extend(b"\nGARBAGE");
    let got = items(&garbage);
    assert_eq!(got.len(), 2);
    assert_eq!(
        err(&got[1]),
        &ItemError::NotDer {
            offset: 1005,
            found: b'G'
        }
    );
}

#[test]
fn binary_input_is_not_der() {
    let got = items(&[0x00, 0x01, 0x30, 0x82]);
    assert_eq!(got.len(), 1);
    assert_eq!(
        err(&got[0]),
        &ItemError::NotDer {
            offset: 0,
            found: 0
        }
    );
    assert!(err(&got[0]).to_string().contains("byte 0x00 at offset 0"));
}

#[test]
fn hundred_megabytes_of_random_bytes_read_lazily() {
    let read = Arc::new(AtomicU64::new(0));
    let source = RandomReader {
        remaining: 100 * 1024 * 1024,
        state: 0x9E37_79B9_7F4A_7C15,
        read: Arc::clone(&read),
    };
    let mut reader = ItemReader::new(BufReader::new(source));
    let item = reader.next().expect("one item").expect("no I/O error");
    assert!(matches!(err(&item), ItemError::NotDer { .. }), "{item:?}");
    assert!(reader.next().is_none());
    assert_eq!(reader.format(), Some(InputFormat::Binary));
    assert!(read.load(Ordering::Relaxed) < 1024 * 1024);
}

// ---------------------------------------------------------------- base64, empty, I/O

#[test]
fn base64_file() {
    let der = fake_der(500, 7);
    let b64 = STANDARD.encode(&der);
    let wrapped: String = b64
        .as_bytes()
        .chunks(76)
        .map(|c| format!("{}\r\n", std::str::from_utf8(c).expect("ascii")))
        .collect();
    for input in [b64.clone(), wrapped.clone(), format!("\n\n  {b64}  \n")] {
        let got = items(input.as_bytes());
        assert_eq!(got.len(), 1);
        assert_eq!((got[0].index, got[0].line, &got[0].label), (1, None, &None));
        assert_eq!(ok_data(&got[0]), der.as_slice());
    }
    // Not DER once decoded.
    let got = items(STANDARD.encode(b"hello world").as_bytes());
    assert_eq!(err(&got[0]), &ItemError::Base64NotDer { found: b'h' });
    // A bad character after the detection window.
    let mut long = "QUJD\n".repeat(DETECTION_WINDOW / 5 + 10);
    long.push_str("QU*D\n");
    let got = items(long.as_bytes());
    assert!(
        matches!(err(&got[0]), ItemError::InvalidBase64 { block_line: None, line, .. } if *line == DETECTION_WINDOW / 5 + 11)
    );
    assert!(
        err(&got[0])
            .to_string()
            .starts_with("invalid base64 on line ")
    );
}

#[test]
fn empty_input_yields_nothing() {
    assert!(items(b"").is_empty());
    assert!(items(b"  \n\r\n\t ").is_empty());
    let mut reader = ItemReader::new(&b""[..]);
    assert!(reader.next().is_none());
    assert!(reader.next().is_none());
    assert_eq!(reader.format(), Some(InputFormat::Empty));
}

#[test]
fn io_error_is_reported_once_then_iteration_ends() {
    struct Failing(usize);
    impl Read for Failing {
        fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
            if self.0 == 0 {
                return Err(io::Error::other("disk on fire"));
            }
            let text = b"-----BEGIN CERTIFICATE-----\nMAMCAQU=\n-----END CERTIFICATE-----\n";
            let n = text.len().min(buf.len());
            buf[..n].copy_from_slice(&text[..n]);
            self.0 -= 1;
            Ok(n)
        }
    }
    let mut reader = ItemReader::new(BufReader::new(Failing(0)));
    assert!(reader.next().expect("an error").is_err());
    assert!(reader.next().is_none());

    let mut reader = ItemReader::new(BufReader::new(Failing(1)));
    assert!(reader.next().expect("an error").is_err());
    assert!(reader.next().is_none());
}

#[test]
fn certificate_labels() {
    assert!(is_certificate_label("CERTIFICATE"));
    assert!(is_certificate_label("X509 CERTIFICATE"));
    assert!(is_certificate_label("TRUSTED CERTIFICATE"));
    assert!(!is_certificate_label("X509 CRL"));
    assert!(!is_certificate_label("CERTIFICATE REQUEST"));
    assert!(!is_certificate_label("certificate"));
}

// ---------------------------------------------------------------- big streams

/// 200 MB of PEM blocks, streamed: counts items with bounded memory.
#[test]
#[cfg_attr(debug_assertions, ignore = "slow in debug builds; run with --release")]
fn two_hundred_megabytes_of_pem() {
    let block = pem("CERTIFICATE", &fake_der(1200, 9)).into_bytes();
    let total: u64 = 200 * 1000 * 1000;
    let blocks = total / block.len() as u64;
    let source = RepeatReader {
        remaining: blocks * block.len() as u64,
        pattern: block,
        pos: 0,
    };
    let started = std::time::Instant::now();
    let mut count = 0u64;
    for item in ItemReader::new(BufReader::new(source)) {
        let item = item.expect("no I/O error");
        assert!(item.data.is_ok(), "{item:?}");
        count += 1;
    }
    assert_eq!(count, blocks);
    eprintln!("{count} PEM blocks in {:?}", started.elapsed());
}

// ---------------------------------------------------------------- properties

fn marker_text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("-----BEGIN CERTIFICATE-----".to_owned()),
        Just("-----END CERTIFICATE-----".to_owned()),
        Just("-----BEGIN X509 CRL-----".to_owned()),
        Just("-----END ".to_owned()),
        Just("-----BEGIN ".to_owned()),
        Just("-----".to_owned()),
        Just("\n".to_owned()),
        Just("\r\n".to_owned()),
        Just("\"".to_owned()),
        Just("Proc-Type: 4,ENCRYPTED\n".to_owned()),
        Just("MAMCAQU=".to_owned()),
        Just("MIIB".to_owned()),
        Just("=".to_owned()),
        proptest::collection::vec(
            proptest::sample::select(
                b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/= \t:,-*"
                    .to_vec()
            ),
            0..80
        )
        .prop_map(|v| String::from_utf8(v).expect("ascii")),
    ];
    proptest::collection::vec(piece, 0..60).prop_map(|v| v.concat())
}

/// Runs the reader to completion (bounded), checking the indices.
fn exhaust(input: &[u8], buf: usize) -> (usize, Option<InputFormat>) {
    let mut n = 0;
    let mut reader = ItemReader::new(BufReader::with_capacity(buf, input));
    for item in reader.by_ref().take(100_000) {
        let item = item.expect("no I/O error from a slice");
        n += 1;
        assert_eq!(item.index, n);
        if let Ok(data) = &item.data {
            assert!(data.len() <= MAX_ITEM_SIZE);
        }
    }
    assert!(n < 100_000, "iterator did not terminate");
    (n, reader.format())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..2048), buf in 1usize..64) {
        exhaust(&bytes, buf);
    }

    #[test]
    fn arbitrary_der_like_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..512)) {
        let mut input = vec![0x30];
        input.extend(bytes);
        exhaust(&input, 8192);
    }

    #[test]
    fn arbitrary_pem_like_text_never_panics(text in marker_text(), buf in 1usize..64) {
        let (n, format) = exhaust(text.as_bytes(), buf);
        // Same items whatever the buffer size.
        prop_assert_eq!((n, format), exhaust(text.as_bytes(), 8192));
        if matches!(format, Some(InputFormat::Pem | InputFormat::Text)) {
            // At most one item per BEGIN marker (or the single NotDer item).
            let begins = text.matches("-----BEGIN ").count();
            prop_assert!(n <= begins.max(1));
        }
    }
}

// ---------------------------------------------------------------- walk

struct TempDir(PathBuf);

impl TempDir {
    fn new(name: &str) -> Self {
        static COUNTER: AtomicUsize = AtomicUsize::new(0);
        let path = std::env::temp_dir().join(format!(
            "rootward-source-{name}-{}-{}",
            std::process::id(),
            COUNTER.fetch_add(1, Ordering::Relaxed)
        ));
        let _ = fs::remove_dir_all(&path);
        fs::create_dir_all(&path).expect("create temp dir");
        Self(path)
    }
    fn file(&self, rel: &str) -> PathBuf {
        let path = self.0.join(rel);
        fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        fs::write(&path, b"x").expect("write");
        path
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.0);
    }
}

fn walked(paths: &[PathBuf]) -> Vec<Result<PathBuf, String>> {
    walk(paths).map(|r| r.map_err(|e| e.to_string())).collect()
}

#[test]
fn walk_sorted_recursive() {
    let dir = TempDir::new("sorted");
    let c = dir.file("c.pem");
    let a = dir.file("a.pem");
    let b1 = dir.file("b/z.der");
    let b2 = dir.file("b/a/deep.crt");
    fs::create_dir_all(dir.0.join("empty")).expect("mkdir");
    let other = TempDir::new("single");
    let single = other.file("single.pem");
    let got = walked(&[dir.0.clone(), PathBuf::from("-"), single.clone()]);
    assert_eq!(
        got,
        [a, b2, b1, c, PathBuf::from("-"), single]
            .into_iter()
            .map(Ok)
            .collect::<Vec<_>>()
    );
}

#[test]
fn walk_reports_missing_paths_and_continues() {
    let dir = TempDir::new("missing");
    let f = dir.file("f.pem");
    let missing = dir.0.join("nope.pem");
    let got: Vec<_> = walk(&[missing.clone(), f.clone()]).collect();
    assert_eq!(got.len(), 2);
    match &got[0] {
        Err(e @ WalkError::NotFound { path }) => {
            assert_eq!(path, &missing);
            assert_eq!(e.path(), missing.as_path());
            assert!(
                e.to_string()
                    .ends_with("nope.pem: no such file or directory")
            );
        }
        other => panic!("unexpected {other:?}"),
    }
    assert_eq!(got[1].as_ref().ok(), Some(&f));
}

#[cfg(unix)]
#[test]
fn walk_symlinks() {
    use std::os::unix::fs::symlink;
    let dir = TempDir::new("links");
    let f = dir.file("d/f.pem");
    symlink(&dir.0, dir.0.join("d/loop")).expect("symlink"); // a loop back to the root
    symlink(dir.0.join("gone"), dir.0.join("d/broken")).expect("symlink");
    symlink(&f, dir.0.join("d/g.pem")).expect("symlink");
    let got: Vec<_> = walk(std::slice::from_ref(&dir.0)).collect();
    assert_eq!(got.len(), 3, "{got:?}");
    assert!(
        matches!(&got[0], Err(WalkError::BrokenSymlink { path }) if path.ends_with("d/broken"))
    );
    assert_eq!(got[1].as_ref().ok(), Some(&f));
    assert_eq!(got[2].as_ref().ok(), Some(&dir.0.join("d/g.pem")));
}

#[test]
fn walk_corpus_terminates() {
    if corpus(SUREMAIL).is_none() {
        return;
    }
    let dir = Path::new(CORPUS).join("secom");
    let files: Vec<_> = walk(&[dir])
        .collect::<Result<_, _>>()
        .expect("readable corpus");
    assert!(
        files
            .iter()
            .any(|p| p.ends_with("Cybertrust_Japan_SureMail_CA_G5.pem"))
    );
    let mut sorted = files.clone();
    sorted.sort();
    assert_eq!(files, sorted);
}

#[test]
fn read_cursor_source() {
    // Works with any BufRead, e.g. an io::Cursor.
    let der = fake_der(10, 1);
    let got: Vec<_> = ItemReader::new(Cursor::new(der.clone()))
        .collect::<io::Result<_>>()
        .expect("no I/O error");
    assert_eq!(ok_data(&got[0]), der.as_slice());
}
