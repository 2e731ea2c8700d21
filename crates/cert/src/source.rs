//! Turning input files into raw certificate items, streaming.
//!
//! `rootward lint` accepts PEM (one or many blocks, with or without surrounding
//! text, including CSV exports such as CCADB's where the markers sit inside a
//! quoted cell), DER (one or several concatenated objects) or base64 files,
//! directories (walked recursively, see [`walk`]) and `-` for stdin.
//!
//! [`ItemReader`] detects the format from the first [`DETECTION_WINDOW`] bytes
//! of its input and then yields one [`Item`] per PEM block / DER object /
//! base64 file. It reads its input incrementally and never holds more than one
//! item (plus one line of text) in memory, whatever the size of the input.
//!
//! Detection, in order:
//!
//! 1. the window contains `-----BEGIN`: PEM;
//! 2. the first non-whitespace byte is `0x30` (a DER SEQUENCE tag): DER;
//! 3. the window holds only the base64 alphabet, `=` and whitespace: base64;
//! 4. the window looks like text (no control characters other than
//!    whitespace): scanned as PEM anyway, so that a BEGIN marker after a long
//!    preamble is still found; if no block is found the reader yields one
//!    [`ItemError::NotDer`] item;
//! 5. anything else (binary data): one [`ItemError::NotDer`] item.
//!
//! An empty (or whitespace-only) input yields no item at all.

use std::collections::{HashSet, VecDeque};
use std::fs;
use std::io::{self, BufRead, Chain, Cursor, Read};
use std::path::PathBuf;

use base64::Engine as _;
use base64::alphabet;
use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};

/// Largest item accepted, in decoded bytes (16 MiB).
///
/// A PEM block whose body decodes to more, a DER object declaring a longer
/// length or a base64 file holding more yields [`ItemError::TooLarge`].
pub const MAX_ITEM_SIZE: usize = 16 * 1024 * 1024;

/// Number of bytes at the start of an input inspected to detect its format (64 KiB).
pub const DETECTION_WINDOW: usize = 64 * 1024;

/// Largest base64 text (whitespace excluded) kept for one item.
const MAX_BASE64_TEXT: usize = MAX_ITEM_SIZE.div_ceil(3) * 4;

/// Longest line kept in memory; the excess of a longer line is discarded.
const MAX_LINE: usize = MAX_BASE64_TEXT + 64 * 1024;

/// After a line longer than this, the line buffer is shrunk back.
const LINE_BUF_KEEP: usize = 64 * 1024;

/// Longest PEM label kept (labels are short words in practice).
const MAX_LABEL: usize = 256;

const BEGIN_MARKER: &[u8] = b"-----BEGIN ";
const END_MARKER: &[u8] = b"-----END ";
const DASHES: &[u8] = b"-----";

/// Standard alphabet; padding optional (but must be correct if present).
const BASE64: GeneralPurpose = GeneralPurpose::new(
    &alphabet::STANDARD,
    GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent),
);

/// Whether a PEM label introduces a certificate.
///
/// Accepts `CERTIFICATE` (RFC 7468), `X509 CERTIFICATE` (legacy) and
/// `TRUSTED CERTIFICATE` (OpenSSL's trusted format). Note that the DER of a
/// `TRUSTED CERTIFICATE` block is a Certificate *followed by* OpenSSL auxiliary
/// trust data (an `X509_CERT_AUX` SEQUENCE): a parser must read the first
/// outer SEQUENCE and not reject the trailing bytes.
pub fn is_certificate_label(label: &str) -> bool {
    matches!(
        label,
        "CERTIFICATE" | "X509 CERTIFICATE" | "TRUSTED CERTIFICATE"
    )
}

/// One raw item read from a source: a PEM block, a DER object or a base64 file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    /// 1-based position of this item within its source.
    pub index: usize,
    /// 1-based line of the BEGIN marker, for PEM; `None` for DER and base64.
    pub line: Option<usize>,
    /// PEM label, e.g. `"CERTIFICATE"` or `"X509 CRL"`; `None` for DER and base64.
    pub label: Option<String>,
    /// The decoded DER bytes, or why this item could not be decoded.
    pub data: Result<Vec<u8>, ItemError>,
}

impl Item {
    /// Whether this item is presumably a certificate: a PEM block with a
    /// certificate label (see [`is_certificate_label`]), or any DER / base64
    /// item (those carry no label).
    pub fn is_certificate(&self) -> bool {
        self.label.as_deref().is_none_or(is_certificate_label)
    }
}

/// Why an item could not be decoded into DER bytes.
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ItemError {
    /// Base64 text (a PEM body or a base64 file) that does not decode.
    #[error("{}invalid base64 on line {line}: {detail}", block_prefix(*.block_line))]
    InvalidBase64 {
        /// Line of the BEGIN marker of the PEM block, `None` for a base64 file.
        block_line: Option<usize>,
        /// 1-based line holding the offending text.
        line: usize,
        /// What is wrong.
        detail: String,
    },
    /// A BEGIN marker without END marker before the end of input or the next BEGIN marker.
    #[error(
        "PEM block \"{label}\" starting at line {line} is not terminated: no \"-----END {label}-----\" before {}",
        next_begin.map_or_else(|| "the end of input".to_owned(), |l| format!("the next BEGIN marker on line {l}"))
    )]
    UnterminatedPem {
        /// Label of the BEGIN marker.
        label: String,
        /// Line of the BEGIN marker.
        line: usize,
        /// Line of the BEGIN marker that interrupted this block, if any.
        next_begin: Option<usize>,
    },
    /// The END marker's label differs from the BEGIN marker's.
    #[error(
        "PEM block starting at line {line}: BEGIN label \"{begin}\" does not match END label \"{end}\" on line {end_line}"
    )]
    MismatchedPemLabel {
        /// Label of the BEGIN marker.
        begin: String,
        /// Label of the END marker.
        end: String,
        /// Line of the BEGIN marker.
        line: usize,
        /// Line of the END marker.
        end_line: usize,
    },
    /// A PEM block with nothing between its markers.
    #[error("PEM block \"{label}\" starting at line {line} has an empty body")]
    EmptyPem {
        /// Label of the BEGIN marker.
        label: String,
        /// Line of the BEGIN marker.
        line: usize,
    },
    /// A PEM block with an RFC 1421 `Proc-Type: 4,ENCRYPTED` header.
    #[error(
        "PEM block \"{label}\" starting at line {line} is encrypted (Proc-Type: 4,ENCRYPTED) and cannot be read"
    )]
    EncryptedPem {
        /// Label of the BEGIN marker.
        label: String,
        /// Line of the BEGIN marker.
        line: usize,
    },
    /// The item is larger than [`MAX_ITEM_SIZE`].
    #[error("{}item is larger than the size limit of {}", block_prefix(*.block_line), human_size(*.limit))]
    TooLarge {
        /// The limit, in bytes.
        limit: usize,
        /// Line of the BEGIN marker of the PEM block, `None` for DER and base64.
        block_line: Option<usize>,
    },
    /// Input that is neither PEM nor base64, and whose byte at `offset` is not
    /// a DER SEQUENCE tag (`0x30`). Also yielded for a text file without any PEM block.
    #[error(
        "not a certificate file (expected PEM, base64 or DER): byte 0x{found:02X} at offset {offset} is not a DER SEQUENCE tag (0x30)"
    )]
    NotDer {
        /// Offset of the offending byte in the input.
        offset: u64,
        /// The offending byte.
        found: u8,
    },
    /// A base64 file whose decoded content does not start with a DER SEQUENCE tag.
    #[error(
        "base64 content does not decode to DER: first decoded byte 0x{found:02X} is not a SEQUENCE tag (0x30)"
    )]
    Base64NotDer {
        /// The first decoded byte.
        found: u8,
    },
    /// A DER object extending past the end of the input.
    #[error(
        "DER object at offset {offset} is truncated: it needs {needed} bytes but only {available} are present"
    )]
    TruncatedDer {
        /// Offset of the object's tag in the input.
        offset: u64,
        /// Bytes needed (header and content, as far as known).
        needed: u64,
        /// Bytes present.
        available: u64,
    },
    /// A DER object using the BER indefinite length form (`0x80`).
    #[error(
        "DER object at offset {offset} uses BER indefinite length (length byte 0x80), which is not allowed in DER"
    )]
    IndefiniteLength {
        /// Offset of the object's tag in the input.
        offset: u64,
    },
    /// A DER object whose length takes more than 4 bytes, or uses the reserved `0xFF` form.
    #[error(
        "DER object at offset {offset} has an unsupported length encoding (first length byte 0x{first:02X}): at most 4 length bytes are supported"
    )]
    UnsupportedDerLength {
        /// Offset of the object's tag in the input.
        offset: u64,
        /// The first length byte.
        first: u8,
    },
}

fn block_prefix(block_line: Option<usize>) -> String {
    block_line.map_or_else(String::new, |l| format!("PEM block starting at line {l}: "))
}

fn human_size(bytes: usize) -> String {
    const MIB: usize = 1024 * 1024;
    if bytes >= MIB && bytes & (MIB - 1) == 0 {
        format!("{} MiB", bytes / MIB)
    } else {
        format!("{bytes} bytes")
    }
}

/// The format an [`ItemReader`] detected.
#[non_exhaustive]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputFormat {
    /// PEM blocks (possibly within other text).
    Pem,
    /// Text without a PEM marker in the detection window, scanned for PEM blocks.
    Text,
    /// One or several concatenated DER objects.
    Der,
    /// A single base64-encoded DER object.
    Base64,
    /// Binary data that is not DER.
    Binary,
    /// Empty input.
    Empty,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    Detect,
    Pem,
    Der,
    Base64,
    Done,
}

/// Streaming reader of raw [`Item`]s from PEM, DER or base64 input.
///
/// An [`Iterator`] of `io::Result<Item>`: I/O errors are the only `Err` (after
/// one, the iteration ends); decoding problems are reported in [`Item::data`].
/// See the [module documentation](self) for the detection rules.
#[derive(Debug)]
pub struct ItemReader<R: BufRead> {
    inner: Chain<Cursor<Vec<u8>>, R>,
    mode: Mode,
    format: Option<InputFormat>,
    /// Index of the next item.
    next_index: usize,
    /// Offset of the next byte to be read (DER mode).
    offset: u64,
    /// First non-whitespace byte and its offset, for the "no PEM block in text" case.
    first_significant: Option<(u64, u8)>,
    line_buf: Vec<u8>,
    lineno: usize,
    block: Option<PemBlock>,
    pending: VecDeque<Item>,
}

impl<R: BufRead> ItemReader<R> {
    /// Creates a reader over `reader`; nothing is read until the first call to `next`.
    pub fn new(reader: R) -> Self {
        Self {
            inner: Cursor::new(Vec::new()).chain(reader),
            mode: Mode::Detect,
            format: None,
            next_index: 1,
            offset: 0,
            first_significant: None,
            line_buf: Vec::new(),
            lineno: 0,
            block: None,
            pending: VecDeque::new(),
        }
    }

    /// The detected input format; `None` until the first call to `next`
    /// (or if reading the detection window failed).
    pub fn format(&self) -> Option<InputFormat> {
        self.format
    }

    fn take_index(&mut self) -> usize {
        let index = self.next_index;
        self.next_index += 1;
        index
    }

    /// Reads the detection window, chooses the mode and puts the window back
    /// in front of the rest of the input.
    fn detect(&mut self) -> io::Result<Option<Item>> {
        let mut window = Vec::new();
        let (_, rest) = self.inner.get_mut();
        rest.by_ref()
            .take(DETECTION_WINDOW as u64)
            .read_to_end(&mut window)?;
        let first = window
            .iter()
            .position(|b| !b.is_ascii_whitespace())
            .map(|i| (i as u64, window[i]));
        self.first_significant = first;
        let mut item = None;
        let (mode, format) = if window.is_empty() {
            (Mode::Done, InputFormat::Empty)
        } else if find(&window, b"-----BEGIN").is_some() {
            (Mode::Pem, InputFormat::Pem)
        } else if first.is_some_and(|(_, b)| b == 0x30) {
            (Mode::Der, InputFormat::Der)
        } else if window
            .iter()
            .all(|&b| is_base64_symbol(b) || b == b'=' || b.is_ascii_whitespace())
        {
            (Mode::Base64, InputFormat::Base64)
        } else if looks_like_text(&window) {
            (Mode::Pem, InputFormat::Text)
        } else {
            let (offset, found) = first.unwrap_or((0, window[0]));
            item = Some(Item {
                index: self.take_index(),
                line: None,
                label: None,
                data: Err(ItemError::NotDer { offset, found }),
            });
            (Mode::Done, InputFormat::Binary)
        };
        *self.inner.get_mut().0 = Cursor::new(window);
        self.mode = mode;
        self.format = Some(format);
        Ok(item)
    }

    /// Reads one line (including its `\n`) into `line_buf`, keeping at most
    /// [`MAX_LINE`] bytes. Returns `None` at end of input, otherwise whether
    /// the line was cut.
    fn read_line(&mut self) -> io::Result<Option<bool>> {
        self.line_buf.clear();
        if self.line_buf.capacity() > LINE_BUF_KEEP {
            self.line_buf.shrink_to(LINE_BUF_KEEP);
        }
        let mut any = false;
        let mut cut = false;
        loop {
            let available = match self.inner.fill_buf() {
                Ok(b) => b,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e),
            };
            if available.is_empty() {
                return Ok(any.then_some(cut));
            }
            any = true;
            let (len, complete) = match available.iter().position(|&b| b == b'\n') {
                Some(i) => (i + 1, true),
                None => (available.len(), false),
            };
            let room = MAX_LINE.saturating_sub(self.line_buf.len());
            let keep = len.min(room);
            cut |= keep < len;
            self.line_buf.extend_from_slice(&available[..keep]);
            self.inner.consume(len);
            self.offset += len as u64;
            if complete {
                return Ok(Some(cut));
            }
        }
    }

    fn read_byte(&mut self) -> io::Result<Option<u8>> {
        loop {
            match self.inner.fill_buf() {
                Ok([]) => return Ok(None),
                Ok(b) => {
                    let byte = b[0];
                    self.inner.consume(1);
                    self.offset += 1;
                    return Ok(Some(byte));
                }
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
        }
    }

    /// Appends up to `n` bytes to `out`; returns how many were read.
    fn read_up_to(&mut self, n: u64, out: &mut Vec<u8>) -> io::Result<u64> {
        let got = self.inner.by_ref().take(n).read_to_end(out)? as u64;
        self.offset += got;
        Ok(got)
    }

    // ----- PEM -----

    fn next_pem(&mut self) -> io::Result<Option<Item>> {
        loop {
            if let Some(item) = self.pending.pop_front() {
                return Ok(Some(item));
            }
            match self.read_line()? {
                Some(cut) => {
                    self.lineno += 1;
                    let line = std::mem::take(&mut self.line_buf);
                    self.process_line(&line, self.lineno, cut);
                    self.line_buf = line;
                }
                None => {
                    self.mode = Mode::Done;
                    if let Some(block) = self.block.take() {
                        let index = self.take_index();
                        return Ok(Some(block.finish(index, Ending::Eof)));
                    }
                    if let (1, Some(InputFormat::Text), Some((offset, found))) =
                        (self.next_index, self.format, self.first_significant)
                    {
                        return Ok(Some(Item {
                            index: self.take_index(),
                            line: None,
                            label: None,
                            data: Err(ItemError::NotDer { offset, found }),
                        }));
                    }
                    return Ok(None);
                }
            }
        }
    }

    fn emit(&mut self, block: PemBlock, ending: Ending) {
        let index = self.take_index();
        self.pending.push_back(block.finish(index, ending));
    }

    /// Processes one line of PEM input: markers may appear anywhere in the
    /// line (with text before and after), several times.
    fn process_line(&mut self, line: &[u8], lineno: usize, cut: bool) {
        let mut pos = 0;
        let mut starts_line = true;
        loop {
            let rest = &line[pos..];
            match self.block.as_mut() {
                None => {
                    let Some(b) = find(rest, BEGIN_MARKER) else {
                        return;
                    };
                    let label_start = pos + b + BEGIN_MARKER.len();
                    let (label, used) = parse_label(&line[label_start..]);
                    let mut block = PemBlock::new(label, lineno);
                    pos = label_start + used;
                    starts_line = false;
                    let tail = &line[pos..];
                    if find(tail, END_MARKER).is_none() && find(tail, BEGIN_MARKER).is_none() {
                        // Text after the BEGIN marker: body only if it looks like base64.
                        let t = tail.trim_ascii();
                        if !t.is_empty() && t.iter().all(|&b| is_base64_symbol(b) || b == b'=') {
                            block.push_segment(tail, lineno, pos, false);
                        }
                        if cut {
                            block.acc.set_too_large();
                        }
                        self.block = Some(block);
                        return;
                    }
                    self.block = Some(block);
                }
                Some(block) => {
                    let end_at = find(rest, END_MARKER);
                    let begin_at = find(rest, BEGIN_MARKER);
                    let next = match (begin_at, end_at) {
                        (Some(b), Some(e)) if e < b => Marker::End(e),
                        (Some(b), _) => Marker::Begin(b),
                        (None, Some(e)) => Marker::End(e),
                        (None, None) => Marker::None,
                    };
                    match next {
                        Marker::Begin(b) => {
                            block.push_segment(&rest[..b], lineno, pos, starts_line);
                            if let Some(block) = self.block.take() {
                                self.emit(block, Ending::NextBegin(lineno));
                            }
                            pos += b;
                            starts_line = false;
                        }
                        Marker::End(e) => {
                            block.push_segment(&rest[..e], lineno, pos, starts_line);
                            let label_start = pos + e + END_MARKER.len();
                            let (label, used) = parse_label(&line[label_start..]);
                            if let Some(block) = self.block.take() {
                                self.emit(block, Ending::End(label, lineno));
                            }
                            pos = label_start + used;
                            starts_line = false;
                        }
                        Marker::None => {
                            block.push_segment(rest, lineno, pos, starts_line);
                            if cut {
                                block.acc.set_too_large();
                            }
                            return;
                        }
                    }
                }
            }
        }
    }

    // ----- DER -----

    fn next_der(&mut self) -> io::Result<Option<Item>> {
        // Whitespace before, between and after objects is tolerated.
        let tag = loop {
            match self.read_byte()? {
                None => {
                    self.mode = Mode::Done;
                    return Ok(None);
                }
                Some(b) if b.is_ascii_whitespace() => {}
                Some(b) => break b,
            }
        };
        let start = self.offset - 1;
        let result = self.read_der_object(start, tag)?;
        if result.is_err() {
            self.mode = Mode::Done;
        }
        Ok(Some(Item {
            index: self.take_index(),
            line: None,
            label: None,
            data: result,
        }))
    }

    fn read_der_object(&mut self, start: u64, tag: u8) -> io::Result<Result<Vec<u8>, ItemError>> {
        if tag != 0x30 {
            return Ok(Err(ItemError::NotDer {
                offset: start,
                found: tag,
            }));
        }
        let mut data = vec![tag];
        let Some(first) = self.read_byte()? else {
            return Ok(Err(ItemError::TruncatedDer {
                offset: start,
                needed: 2,
                available: 1,
            }));
        };
        data.push(first);
        let len = match first {
            0..=0x7F => u64::from(first),
            0x80 => return Ok(Err(ItemError::IndefiniteLength { offset: start })),
            0x81..=0x84 => {
                let n = u64::from(first & 0x7F);
                let got = self.read_up_to(n, &mut data)?;
                if got < n {
                    return Ok(Err(ItemError::TruncatedDer {
                        offset: start,
                        needed: 2 + n,
                        available: 2 + got,
                    }));
                }
                data[2..]
                    .iter()
                    .fold(0u64, |acc, &b| (acc << 8) | u64::from(b))
            }
            _ => {
                return Ok(Err(ItemError::UnsupportedDerLength {
                    offset: start,
                    first,
                }));
            }
        };
        let header = data.len() as u64;
        let total = header + len;
        if total > MAX_ITEM_SIZE as u64 {
            return Ok(Err(ItemError::TooLarge {
                limit: MAX_ITEM_SIZE,
                block_line: None,
            }));
        }
        // Do not trust the declared length for the allocation: grow as data arrives.
        data.reserve(usize::try_from(len.min(1 << 20)).unwrap_or(0));
        let got = self.read_up_to(len, &mut data)?;
        if got < len {
            return Ok(Err(ItemError::TruncatedDer {
                offset: start,
                needed: total,
                available: header + got,
            }));
        }
        Ok(Ok(data))
    }

    // ----- base64 -----

    fn next_base64(&mut self) -> io::Result<Option<Item>> {
        let mut acc = Base64Acc::new(None);
        while acc.error.is_none() {
            let Some(cut) = self.read_line()? else {
                break;
            };
            self.lineno += 1;
            acc.push(&self.line_buf, self.lineno, 0);
            if cut {
                acc.set_too_large();
            }
        }
        self.mode = Mode::Done;
        if acc.error.is_none() && acc.text.is_empty() {
            return Ok(None);
        }
        let data = acc.finish().and_then(|der| match der.first() {
            Some(0x30) => Ok(der),
            Some(&found) => Err(ItemError::Base64NotDer { found }),
            None => Err(ItemError::Base64NotDer { found: 0 }),
        });
        Ok(Some(Item {
            index: self.take_index(),
            line: None,
            label: None,
            data,
        }))
    }
}

impl<R: BufRead> Iterator for ItemReader<R> {
    type Item = io::Result<Item>;

    fn next(&mut self) -> Option<Self::Item> {
        let result = match self.mode {
            Mode::Detect => match self.detect() {
                Ok(Some(item)) => Ok(Some(item)),
                Ok(None) => return self.next(),
                Err(e) => Err(e),
            },
            Mode::Pem => self.next_pem(),
            Mode::Der => self.next_der(),
            Mode::Base64 => self.next_base64(),
            Mode::Done => Ok(None),
        };
        match result {
            Ok(item) => item.map(Ok),
            Err(e) => {
                self.mode = Mode::Done;
                self.block = None;
                self.pending.clear();
                Some(Err(e))
            }
        }
    }
}

/// The first marker in the rest of a line, inside a block.
enum Marker {
    Begin(usize),
    End(usize),
    None,
}

/// How a PEM block ended.
enum Ending {
    /// An END marker with this label, on this line.
    End(String, usize),
    /// A new BEGIN marker on this line.
    NextBegin(usize),
    /// End of input.
    Eof,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Phase {
    /// Nothing seen after the BEGIN marker yet.
    Start,
    /// Inside RFC 1421 headers (`Name: value` lines, ended by a blank line).
    Headers,
    /// In the base64 body.
    Body,
}

#[derive(Debug)]
struct PemBlock {
    label: String,
    line: usize,
    phase: Phase,
    encrypted: bool,
    acc: Base64Acc,
}

impl PemBlock {
    fn new(label: String, line: usize) -> Self {
        Self {
            label,
            line,
            phase: Phase::Start,
            encrypted: false,
            acc: Base64Acc::new(Some(line)),
        }
    }

    /// Adds a piece of a line (`col` is its offset within the line);
    /// `starts_line` is true when the piece is the start of the line.
    fn push_segment(&mut self, segment: &[u8], lineno: usize, col: usize, starts_line: bool) {
        let trimmed = segment.trim_ascii();
        if trimmed.is_empty() {
            if self.phase == Phase::Headers {
                self.phase = Phase::Body;
            }
            return;
        }
        if starts_line {
            let is_header = match self.phase {
                Phase::Start => trimmed.contains(&b':'),
                Phase::Headers => {
                    trimmed.contains(&b':')
                        || segment.first().is_some_and(|&b| b == b' ' || b == b'\t')
                }
                Phase::Body => false,
            };
            if is_header {
                self.phase = Phase::Headers;
                if trimmed.starts_with(b"Proc-Type:") && find(trimmed, b"ENCRYPTED").is_some() {
                    self.encrypted = true;
                }
                return;
            }
        }
        self.phase = Phase::Body;
        self.acc.push(segment, lineno, col);
    }

    fn finish(self, index: usize, ending: Ending) -> Item {
        let Self {
            label,
            line,
            encrypted,
            acc,
            ..
        } = self;
        let data = match ending {
            Ending::Eof => Err(ItemError::UnterminatedPem {
                label: label.clone(),
                line,
                next_begin: None,
            }),
            Ending::NextBegin(next) => Err(ItemError::UnterminatedPem {
                label: label.clone(),
                line,
                next_begin: Some(next),
            }),
            Ending::End(end, end_line) if end != label => Err(ItemError::MismatchedPemLabel {
                begin: label.clone(),
                end,
                line,
                end_line,
            }),
            Ending::End(..) if encrypted => Err(ItemError::EncryptedPem {
                label: label.clone(),
                line,
            }),
            Ending::End(..) if acc.error.is_none() && acc.text.is_empty() => {
                Err(ItemError::EmptyPem {
                    label: label.clone(),
                    line,
                })
            }
            Ending::End(..) => acc.finish(),
        };
        Item {
            index,
            line: Some(line),
            label: Some(label),
            data,
        }
    }
}

/// Accumulates and validates base64 text, line by line.
#[derive(Debug)]
struct Base64Acc {
    text: Vec<u8>,
    block_line: Option<usize>,
    padding_line: Option<usize>,
    last_line: Option<usize>,
    error: Option<ItemError>,
}

impl Base64Acc {
    fn new(block_line: Option<usize>) -> Self {
        Self {
            text: Vec::new(),
            block_line,
            padding_line: None,
            last_line: None,
            error: None,
        }
    }

    fn invalid(&mut self, line: usize, detail: String) {
        self.error = Some(ItemError::InvalidBase64 {
            block_line: self.block_line,
            line,
            detail,
        });
        self.text = Vec::new();
    }

    fn set_too_large(&mut self) {
        if self.error.is_none() {
            self.error = Some(ItemError::TooLarge {
                limit: MAX_ITEM_SIZE,
                block_line: self.block_line,
            });
        }
        self.text = Vec::new();
    }

    /// Adds the base64 symbols of `segment`, found at byte offset `col` of line `lineno`.
    fn push(&mut self, segment: &[u8], lineno: usize, col: usize) {
        if self.error.is_some() {
            return;
        }
        let mut any = false;
        for (i, &b) in segment.iter().enumerate() {
            if b.is_ascii_whitespace() {
                continue;
            }
            let column = col + i + 1;
            if b == b'=' {
                self.padding_line.get_or_insert(lineno);
            } else if !is_base64_symbol(b) {
                self.invalid(
                    lineno,
                    format!("unexpected {} at column {column}", describe_byte(b)),
                );
                return;
            } else if let Some(padding_line) = self.padding_line {
                let where_ = if padding_line == lineno {
                    String::new()
                } else {
                    format!(" on line {padding_line}")
                };
                self.invalid(
                    lineno,
                    format!(
                        "unexpected {} at column {column} after the '=' padding{where_}",
                        describe_byte(b)
                    ),
                );
                return;
            }
            if self.text.len() >= MAX_BASE64_TEXT {
                self.set_too_large();
                return;
            }
            self.text.push(b);
            any = true;
        }
        if any {
            self.last_line = Some(lineno);
        }
    }

    fn finish(self) -> Result<Vec<u8>, ItemError> {
        if let Some(error) = self.error {
            return Err(error);
        }
        let line = self.last_line.or(self.block_line).unwrap_or(1);
        let invalid = |detail: String| ItemError::InvalidBase64 {
            block_line: self.block_line,
            line,
            detail,
        };
        match BASE64.decode(&self.text) {
            Ok(data) if data.len() > MAX_ITEM_SIZE => Err(ItemError::TooLarge {
                limit: MAX_ITEM_SIZE,
                block_line: self.block_line,
            }),
            Ok(data) => Ok(data),
            Err(base64::DecodeError::InvalidLength(n)) => Err(invalid(format!(
                "the base64 text ends with an incomplete group ({n} symbols is not a valid base64 length; truncated?)"
            ))),
            Err(base64::DecodeError::InvalidLastSymbol(_, b)) => Err(invalid(format!(
                "the last base64 symbol '{}' has non-zero unused bits (truncated or corrupted?)",
                char::from(b)
            ))),
            Err(base64::DecodeError::InvalidPadding) => Err(invalid(
                "incorrect '=' padding at the end of the base64 text".to_owned(),
            )),
            Err(base64::DecodeError::InvalidByte(_, b)) => {
                Err(invalid(format!("unexpected {}", describe_byte(b))))
            }
        }
    }
}

fn describe_byte(b: u8) -> String {
    if b.is_ascii_graphic() {
        format!("character '{}'", char::from(b))
    } else {
        format!("byte 0x{b:02X}")
    }
}

fn is_base64_symbol(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'+' || b == b'/'
}

/// Text: no control characters other than whitespace (and ESC, for colored logs).
fn looks_like_text(bytes: &[u8]) -> bool {
    !bytes
        .iter()
        .any(|&b| matches!(b, 0x00..=0x08 | 0x0E..=0x1A | 0x1C..=0x1F | 0x7F))
}

/// Position of the first occurrence of `needle` (non-empty) in `haystack`.
fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    let (&first, tail) = needle.split_first()?;
    let mut start = 0;
    while start + needle.len() <= haystack.len() {
        let i = start + haystack[start..].iter().position(|&b| b == first)?;
        if haystack.get(i + 1..i + needle.len()) == Some(tail) {
            return Some(i);
        }
        start = i + 1;
    }
    None
}

/// Parses the label following `-----BEGIN ` / `-----END `: up to the closing
/// dashes (leniently, up to the end of the line if there are none). Returns
/// the label and the number of bytes used, closing dashes included.
fn parse_label(after: &[u8]) -> (String, usize) {
    let (raw, used) = match find(after, DASHES) {
        Some(d) => {
            let extra = after[d..].iter().take_while(|&&b| b == b'-').count();
            (&after[..d], d + extra)
        }
        None => {
            let trimmed = after.trim_ascii();
            let trimmed = trimmed.strip_suffix(b"\"").unwrap_or(trimmed);
            let end = trimmed.len() - trimmed.iter().rev().take_while(|&&b| b == b'-').count();
            (&trimmed[..end], after.len())
        }
    };
    let raw = raw.trim_ascii();
    let raw = &raw[..raw.len().min(MAX_LABEL)];
    (String::from_utf8_lossy(raw).into_owned(), used)
}

/// Why a path given to [`walk`] could not be listed.
#[non_exhaustive]
#[derive(Debug, thiserror::Error)]
pub enum WalkError {
    /// The path does not exist.
    #[error("{}: no such file or directory", .path.display())]
    NotFound {
        /// The missing path.
        path: PathBuf,
    },
    /// A symbolic link (found inside a directory) whose target does not exist.
    #[error("{}: broken symbolic link", .path.display())]
    BrokenSymlink {
        /// The link.
        path: PathBuf,
    },
    /// Another I/O error while inspecting or listing the path.
    #[error("{}: {error}", .path.display())]
    Io {
        /// The path being inspected or listed.
        path: PathBuf,
        /// The underlying error.
        error: io::Error,
    },
}

impl WalkError {
    fn from_io(path: PathBuf, error: io::Error) -> Self {
        if error.kind() == io::ErrorKind::NotFound {
            Self::NotFound { path }
        } else {
            Self::Io { path, error }
        }
    }

    /// The path concerned.
    pub fn path(&self) -> &std::path::Path {
        match self {
            Self::NotFound { path } | Self::BrokenSymlink { path } | Self::Io { path, .. } => path,
        }
    }
}

/// Expands `paths` into the files to read, see [`walk`].
#[derive(Debug)]
pub struct Walk {
    roots: std::vec::IntoIter<PathBuf>,
    stack: Vec<DirFrame>,
    visited: HashSet<PathBuf>,
}

#[derive(Debug)]
struct DirFrame {
    errors: std::vec::IntoIter<WalkError>,
    entries: std::vec::IntoIter<PathBuf>,
}

/// Expands `paths` into the files to read, lazily.
///
/// - `-` is passed through as is (the caller reads stdin);
/// - a path that is not a directory (a regular file, but also a named pipe
///   such as `/dev/stdin` or `<(cmd)`) is passed through as is;
/// - a directory is walked recursively, depth first, each directory's entries
///   sorted by name, yielding its regular files (and symbolic links to regular
///   files); other special files inside directories are skipped;
/// - symbolic links to directories are followed, but each directory (by
///   canonical path) is walked at most once, so symlink loops terminate;
/// - problems (missing path, broken symbolic link, unreadable directory) are
///   yielded as [`WalkError`]s and the walk continues.
///
/// Directories are read one at a time, when the walk reaches them.
pub fn walk(paths: &[PathBuf]) -> Walk {
    Walk {
        roots: Vec::from(paths).into_iter(),
        stack: Vec::new(),
        visited: HashSet::new(),
    }
}

impl Walk {
    fn visit_root(&mut self, path: PathBuf) -> Option<Result<PathBuf, WalkError>> {
        if path.as_os_str() == "-" {
            return Some(Ok(path));
        }
        match fs::metadata(&path) {
            Err(e) => Some(Err(WalkError::from_io(path, e))),
            Ok(m) if m.is_dir() => self.enter_dir(path),
            Ok(_) => Some(Ok(path)),
        }
    }

    fn visit_entry(&mut self, path: PathBuf) -> Option<Result<PathBuf, WalkError>> {
        let meta = match fs::symlink_metadata(&path) {
            Ok(m) => m,
            Err(e) => return Some(Err(WalkError::from_io(path, e))),
        };
        let meta = if meta.file_type().is_symlink() {
            match fs::metadata(&path) {
                Ok(m) => m,
                Err(e) if e.kind() == io::ErrorKind::NotFound => {
                    return Some(Err(WalkError::BrokenSymlink { path }));
                }
                Err(e) => return Some(Err(WalkError::Io { path, error: e })),
            }
        } else {
            meta
        };
        if meta.is_dir() {
            self.enter_dir(path)
        } else if meta.is_file() {
            Some(Ok(path))
        } else {
            None
        }
    }

    /// Pushes the sorted listing of a directory not visited yet.
    fn enter_dir(&mut self, path: PathBuf) -> Option<Result<PathBuf, WalkError>> {
        let canonical = match fs::canonicalize(&path) {
            Ok(c) => c,
            Err(e) => return Some(Err(WalkError::from_io(path, e))),
        };
        if !self.visited.insert(canonical) {
            return None;
        }
        let listing = match fs::read_dir(&path) {
            Ok(l) => l,
            Err(e) => return Some(Err(WalkError::from_io(path, e))),
        };
        let mut entries = Vec::new();
        let mut errors = Vec::new();
        for entry in listing {
            match entry {
                Ok(entry) => entries.push(entry.path()),
                Err(e) => errors.push(WalkError::Io {
                    path: path.clone(),
                    error: e,
                }),
            }
        }
        entries.sort();
        self.stack.push(DirFrame {
            errors: errors.into_iter(),
            entries: entries.into_iter(),
        });
        None
    }
}

impl Iterator for Walk {
    type Item = Result<PathBuf, WalkError>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if let Some(frame) = self.stack.last_mut() {
                if let Some(error) = frame.errors.next() {
                    return Some(Err(error));
                }
                match frame.entries.next() {
                    Some(path) => {
                        if let Some(result) = self.visit_entry(path) {
                            return Some(result);
                        }
                    }
                    None => {
                        self.stack.pop();
                    }
                }
                continue;
            }
            let root = self.roots.next()?;
            if let Some(result) = self.visit_root(root) {
                return Some(result);
            }
        }
    }
}
