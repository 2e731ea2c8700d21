//! The reader thread: expands the PATH arguments, reads items and sends them,
//! in input order, over a bounded channel.
//!
//! Rules (documented in `rootward lint --help` too):
//!
//! - Each PATH is expanded with [`cert::source::walk`] (directories
//!   recursively, entries sorted by name; `-` is stdin).
//! - `source` is the path as given or walked (`-` for stdin), followed by
//!   `#n` (n = the item's 1-based position in the file, counting every PEM
//!   block, including skipped non-certificate ones) when the file yields more
//!   than one item. To know this while streaming, the reader holds one item
//!   back until it has read the next one (or the end of the file).
//! - PEM blocks whose label is not a certificate label are skipped with a note
//!   naming the file and the line of the BEGIN marker.
//! - An explicitly named file (or `-`) that yields no item at all is an error
//!   (`FILE: no certificate found`); a walked file that yields no item, or
//!   whose only item says it is not a certificate file at all (binary data
//!   that is not DER, text without any PEM block, base64 that does not decode
//!   to DER), is skipped with a note: directories hold READMEs and manifests.
//!   Given explicitly, such a file is a fatal finding instead.
//! - Unreadable inputs (missing, permission denied, I/O error) are sent as
//!   errors; reading continues with the next input.

use std::fs::File;
use std::io::{self, BufReader, Read};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::sync::mpsc::SyncSender;
use std::thread::JoinHandle;

use cert::source::{Item, ItemError, ItemReader, walk};

/// Read buffer size per input.
const READ_BUFFER: usize = 128 * 1024;

pub use lint::ItemKind;

/// What the reader thread sends, in input order.
#[derive(Debug)]
pub enum Event {
    /// A certificate item to lint.
    Cert {
        /// `path[#n]`, or `-[#n]` for stdin.
        source: String,
        /// The DER bytes, or why the item could not be decoded.
        data: Result<Vec<u8>, ItemError>,
        /// What the item is.
        kind: ItemKind,
    },
    /// Something skipped; printed on stderr, does not change the exit status.
    Note(String),
    /// An input that cannot be read; printed on stderr, exit status 2.
    Error(String),
}

/// The receiver hung up (e.g. stdout was closed): stop reading.
struct Stopped;

type Sent = Result<(), Stopped>;

/// Starts the reader thread.
pub fn spawn_reader(paths: Vec<PathBuf>, tx: SyncSender<Event>) -> io::Result<JoinHandle<()>> {
    std::thread::Builder::new()
        .name("rootward-reader".into())
        .spawn(move || {
            let mut r = Reader { tx };
            let _ = r.run(&paths);
        })
}

struct Reader {
    tx: SyncSender<Event>,
}

/// Replaces control characters so that names and labels taken from the
/// input cannot drive the terminal.
pub fn sanitize(s: &str) -> String {
    if !s.chars().any(char::is_control) {
        return s.to_owned();
    }
    s.chars()
        .map(|c| {
            if c.is_control() {
                format!("\\u{{{:x}}}", c as u32)
            } else {
                c.to_string()
            }
        })
        .collect()
}

/// The message of a caught panic.
pub fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    payload
        .downcast_ref::<&str>()
        .map(|s| (*s).to_owned())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown panic".into())
}

/// A file's name: as is (lossily made UTF-8) for results, whose formats
/// escape what they need, and sanitized for messages on stderr.
struct Src {
    raw: String,
    shown: String,
}

impl Src {
    fn new(path: &Path) -> Self {
        let raw = path.display().to_string();
        Src {
            shown: sanitize(&raw),
            raw,
        }
    }
}

impl Reader {
    fn send(&mut self, event: Event) -> Sent {
        self.tx.send(event).map_err(|_| Stopped)
    }

    fn run(&mut self, paths: &[PathBuf]) -> Sent {
        for root in paths {
            // One walk per argument, so that we know which files were named
            // explicitly (the walk yields a non-directory argument unchanged).
            for entry in walk(std::slice::from_ref(root)) {
                match entry {
                    Err(e) => self.send(Event::Error(sanitize(&e.to_string())))?,
                    Ok(path) => {
                        let explicit = &path == root;
                        // A panic while reading one file is a bug; report it
                        // (exit status 2) and go on with the next file.
                        match catch_unwind(AssertUnwindSafe(|| self.read_file(&path, explicit))) {
                            Ok(sent) => sent?,
                            Err(payload) => self.send(Event::Error(format!(
                                "{}: internal error while reading (a rootward bug, please report it): {}",
                                Src::new(&path).shown,
                                panic_message(payload.as_ref())
                            )))?,
                        }
                    }
                }
            }
        }
        Ok(())
    }

    fn read_file(&mut self, path: &Path, explicit: bool) -> Sent {
        let src = Src::new(path);
        if path.as_os_str() == "-" {
            return self.read_items(
                &src,
                BufReader::with_capacity(READ_BUFFER, io::stdin()),
                explicit,
            );
        }
        match File::open(path) {
            Ok(f) => self.read_items(&src, BufReader::with_capacity(READ_BUFFER, f), explicit),
            Err(e) => self.send(Event::Error(format!("{}: cannot open: {e}", src.shown))),
        }
    }

    fn read_items<R: Read>(&mut self, src: &Src, reader: BufReader<R>, explicit: bool) -> Sent {
        let mut held: Option<Item> = None;
        let mut count = 0usize;
        for result in ItemReader::new(reader) {
            match result {
                Ok(item) => {
                    count += 1;
                    if let Some(prev) = held.replace(item) {
                        self.emit(src, prev, true, explicit)?;
                    }
                }
                Err(e) => {
                    if let Some(prev) = held.take() {
                        self.emit(src, prev, count > 1, explicit)?;
                    }
                    return self.send(Event::Error(format!("{}: read error: {e}", src.shown)));
                }
            }
        }
        if let Some(prev) = held.take() {
            self.emit(src, prev, count > 1, explicit)?;
        }
        if count == 0 {
            let event = if explicit {
                Event::Error(format!("{}: no certificate found", src.shown))
            } else {
                Event::Note(format!("{}: no certificate found, skipped", src.shown))
            };
            self.send(event)?;
        }
        Ok(())
    }

    fn emit(&mut self, src: &Src, item: Item, multi: bool, explicit: bool) -> Sent {
        let name = &src.shown;
        let Some(kind) = ItemKind::of(item.label.as_deref(), item.data.as_deref().ok()) else {
            let label = sanitize(item.label.as_deref().unwrap_or_default());
            let at = item.line.map(|l| format!("line {l}: ")).unwrap_or_default();
            return self.send(Event::Note(format!(
                "{name}: {at}skipping PEM block \"{label}\" (not a certificate)"
            )));
        };
        match &item.data {
            Err(e @ (ItemError::NotDer { .. } | ItemError::Base64NotDer { .. }))
                if !explicit && !multi =>
            {
                return self.send(Event::Note(format!("{name}: skipped: {e}")));
            }
            _ => {}
        }
        let source = if multi {
            format!("{}#{}", src.raw, item.index)
        } else {
            src.raw.clone()
        };
        let mut data = item.data;
        if item.label.as_deref() == Some("TRUSTED CERTIFICATE") {
            // OpenSSL's trusted format appends trust settings after the
            // Certificate; lint the Certificate alone.
            if let Ok(d) = &mut data {
                d.truncate(first_tlv_len(d));
            }
        }
        self.send(Event::Cert { source, data, kind })
    }
}

/// Length of the first DER TLV in `d` (all of `d` when it cannot be read).
fn first_tlv_len(d: &[u8]) -> usize {
    let sink = cert::der::IssueSink::default();
    cert::der::Reader::new(d, 0, &sink)
        .read()
        .map_or(d.len(), |t| t.raw.len())
}
