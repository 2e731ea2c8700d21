//! `rootward lint`: argument handling and the parallel, streaming pipeline.
//!
//! A reader thread ([`crate::input`]) walks the inputs and sends items over a
//! bounded channel; this thread takes them in batches, lints and renders each
//! batch in parallel with rayon (order preserved), then writes the results in
//! input order. Memory stays flat whatever the input size, and output appears
//! as soon as a batch is done (a batch is whatever is waiting, at most
//! [`BATCH`] items, so a slow producer on stdin gets prompt output, one
//! item behind: see [`crate::input`] on `#n`).

use std::io::{self, BufWriter, IsTerminal, Write};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, TryRecvError, sync_channel};
use std::time::Duration;

use anyhow::{Context, Result, anyhow, bail};
use cert::Certificate;
use cert::source::ItemReader;
use clap::{Args, ValueEnum};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use lint::{Linter, Options, Profile, ProfileChoice, Severity};
use rayon::prelude::*;

use crate::input::{Event, ItemKind, panic_message, sanitize, spawn_reader};
use crate::output::{Format, Writer, render};
use crate::{EXIT_USAGE, catalogue};

/// Most items linted in one parallel batch.
const BATCH: usize = 256;

/// Smaller batches are linted on the receiving thread alone.
const PARALLEL_MIN: usize = 8;

/// Items the channel holds (about four batches).
const CHANNEL_CAPACITY: usize = 4 * BATCH;

/// The progress bar appears (on a terminal only) once this many certificates
/// have been linted.
const PROGRESS_THRESHOLD: u64 = 1_000;

/// The lowest severity that makes the exit status 1.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum FailOn {
    /// Error or fatal findings.
    Error,
    /// Warning, error or fatal findings.
    Warning,
    /// Notice, warning, error or fatal findings.
    Notice,
}

impl FailOn {
    fn severity(self) -> Severity {
        match self {
            FailOn::Error => Severity::Error,
            FailOn::Warning => Severity::Warning,
            FailOn::Notice => Severity::Notice,
        }
    }
}

/// Arguments of `rootward lint`.
#[derive(Debug, Args)]
#[command(after_help = "\
Inputs: PEM (one or many blocks, with or without surrounding text), DER or base64 \
files, directories (walked recursively, entries sorted by name) and `-` for stdin. \
PEM blocks that are not certificates are skipped with a note on stderr.

Each result's source is the path as given or walked (`-` for stdin), followed by `#n` \
(the item's position in the file, every PEM block counted) when the file holds more \
than one item.

Exit status: 0 when no finding is at or above --fail-on, 1 when some is (fatal counts \
above everything), 2 when an input cannot be read or the arguments are wrong; 2 wins \
over 1. An explicitly named file holding nothing is an error; files found in \
directories that hold no certificate (or are not certificate files at all) are \
skipped with a note.")]
pub struct LintArgs {
    /// Profile to lint against: `auto` (detect from the certificate) or a name
    /// from --list-profiles.
    #[arg(long, default_value = "auto", value_name = "auto|NAME")]
    profile: String,

    /// Issuer certificate (first certificate of FILE, any format), enabling the chain rules.
    #[arg(long, value_name = "FILE")]
    issuer: Option<PathBuf>,

    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,

    /// Lowest finding severity that makes the exit status 1.
    #[arg(long, value_enum, default_value_t = FailOn::Error)]
    fail_on: FailOn,

    /// Lint threads (default: one per core).
    #[arg(long, short = 'j', value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
    jobs: Option<u16>,

    /// The delegated OCSP responder certificate that signed OCSP responses in the input.
    #[arg(long, value_name = "FILE")]
    responder: Option<PathBuf>,

    /// The time OCSP responses are judged at (YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ; default now).
    #[arg(long, value_name = "TIME")]
    at: Option<String>,

    /// Print the rule catalogue (in --format) and exit.
    #[arg(long, conflicts_with_all = ["paths", "list_profiles"])]
    list_rules: bool,

    /// Print the profiles (in --format) and exit.
    #[arg(long, conflicts_with = "paths")]
    list_profiles: bool,

    /// Files, directories, or `-` for stdin.
    #[arg(value_name = "PATH", required_unless_present_any = ["list_rules", "list_profiles"])]
    paths: Vec<PathBuf>,
}

/// Runs `rootward lint`; returns the exit status.
pub fn run(args: LintArgs) -> Result<u8> {
    if args.list_rules || args.list_profiles {
        let text = if args.list_rules {
            catalogue::rules(args.format)
        } else {
            catalogue::profiles(args.format)
        };
        let mut out = io::stdout().lock();
        return match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
            Ok(()) => Ok(0),
            Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(0),
            Err(e) => Err(e).context("cannot write to standard output"),
        };
    }

    // A CRL profile name applies to the CRLs in the input; certificates are then auto-detected.
    let crl_kind = lint::crl::CrlKind::from_name(&args.profile).unwrap_or(lint::crl::CrlKind::Auto);
    let ocsp_kind =
        lint::ocsp::OcspKind::from_name(&args.profile).unwrap_or(lint::ocsp::OcspKind::Auto);
    let profile = match args.profile.as_str() {
        "auto" => ProfileChoice::Auto,
        // An OCSP response profile likewise applies to OCSP responses (ocsp-responder is a certificate profile).
        name if name != "ocsp-responder" && lint::ocsp::OcspKind::from_name(name).is_some() => {
            ProfileChoice::Auto
        }
        name if name.starts_with("crl") && lint::crl::CrlKind::from_name(name).is_some() => {
            ProfileChoice::Auto
        }
        name => ProfileChoice::Fixed(Profile::from_name(name).ok_or_else(|| {
            anyhow!(
                "unknown profile \"{}\" (see `rootward lint --list-profiles`)",
                sanitize(name)
            )
        })?),
    };
    let issuer_der = match &args.issuer {
        Some(path) => Some(read_issuer(path)?),
        None => None,
    };
    let issuer = match (&issuer_der, &args.issuer) {
        (Some(der), Some(path)) => Some(Certificate::parse(der).map_err(|e| {
            anyhow!(
                "--issuer {}: not a decodable X.509 certificate: {e}",
                sanitize(&path.display().to_string())
            )
        })?),
        _ => None,
    };
    let options = Options {
        profile,
        issuer: issuer.as_ref(),
    };

    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(args.jobs.map_or(0, usize::from))
        .thread_name(|i| format!("rootward-lint-{i}"))
        .build()
        .context("cannot start the lint threads")?;

    let (tx, rx) = sync_channel(CHANNEL_CAPACITY);
    let reader = spawn_reader(args.paths, tx).context("cannot start the reader thread")?;
    let linter = Linter::new();
    let responder_der = match &args.responder {
        Some(path) => Some(read_issuer(path)?),
        None => None,
    };
    let responder = match (&responder_der, &args.responder) {
        (Some(der), Some(path)) => Some(Certificate::parse(der).map_err(|e| {
            anyhow!(
                "--responder {}: not a decodable X.509 certificate: {e}",
                sanitize(&path.display().to_string())
            )
        })?),
        _ => None,
    };
    let now = match &args.at {
        Some(t) => cert::time::parse_iso(t).ok_or_else(|| {
            anyhow!(
                "--at {}: expected YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ",
                sanitize(t)
            )
        })?,
        None => crate::ca_cmd::now(),
    };
    let run = Run {
        linter: &linter,
        options: &options,
        crl_kind,
        ocsp_kind,
        responder: responder.as_ref(),
        now,
        format: args.format,
        fail_on: args.fail_on.severity(),
    };
    // The pipeline owns the receiver. When it has received everything, the
    // reader is done. When it stops early (stdout closed, write error), the
    // reader is not waited for: it may be blocked reading a slow stdin, and
    // ends with the process (or at its next send, the receiver being gone).
    let stats = pool.install(move || run.pipeline(rx))?;
    if !stats.stdout_closed {
        let _ = reader.join();
    }

    // The summary: at the end of the text output; on stderr for the other
    // formats, so that stdout stays parseable; none if the reader of stdout
    // went away (e.g. `| head`), as it would describe a partial run.
    if !stats.stdout_closed {
        let summary = stats.summary(args.fail_on);
        if args.format == Format::Text {
            let mut out = io::stdout().lock();
            let _ = writeln!(out, "{summary}").and_then(|()| out.flush());
        } else {
            eprintln!("{summary}");
        }
    }
    Ok(if stats.unreadable > 0 {
        EXIT_USAGE
    } else if stats.failing > 0 {
        1
    } else {
        0
    })
}

/// Reads the first certificate item of `path`, in any format.
fn read_issuer(path: &Path) -> Result<Vec<u8>> {
    let name = sanitize(&path.display().to_string());
    let file =
        std::fs::File::open(path).with_context(|| format!("--issuer {name}: cannot open"))?;
    for item in ItemReader::new(io::BufReader::new(file)) {
        let item = item.with_context(|| format!("--issuer {name}: read error"))?;
        if item.is_certificate() {
            return item
                .data
                .map_err(|e| anyhow!("--issuer {name}: cannot decode the certificate: {e}"));
        }
    }
    bail!("--issuer {name}: no certificate found")
}

struct Run<'a> {
    linter: &'a Linter,
    options: &'a Options<'a>,
    /// The CRL profile, for CRLs in the input.
    crl_kind: lint::crl::CrlKind,
    /// The OCSP profile, responder certificate and clock, for OCSP responses in the input.
    ocsp_kind: lint::ocsp::OcspKind,
    responder: Option<&'a Certificate<'a>>,
    now: i64,
    format: Format,
    fail_on: Severity,
}

/// One processed event, ready to write.
enum Done {
    Result {
        rendered: String,
        counts: [u64; 5],
        failing: bool,
    },
    Note(String),
    Error(String),
}

#[derive(Default)]
struct Stats {
    certificates: u64,
    /// Findings by severity, indexed by `Severity as usize`.
    counts: [u64; 5],
    /// Certificates with a finding at or above --fail-on.
    failing: u64,
    /// Inputs that could not be read.
    unreadable: u64,
    stdout_closed: bool,
}

impl Stats {
    fn summary(&self, fail_on: FailOn) -> String {
        let c = &self.counts;
        let plural = |n: u64, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
        let mut s = format!(
            "{} linted, {} at or above --fail-on {}; findings: {} fatal, {} error, {} warning, {} notice, {} info",
            plural(self.certificates, "certificate"),
            self.failing,
            fail_on
                .to_possible_value()
                .map(|v| v.get_name().to_owned())
                .unwrap_or_default(),
            c[Severity::Fatal as usize],
            c[Severity::Error as usize],
            c[Severity::Warning as usize],
            c[Severity::Notice as usize],
            c[Severity::Info as usize],
        );
        if self.unreadable > 0 {
            s.push_str(&format!(
                "; {} could not be read",
                plural(self.unreadable, "input")
            ));
        }
        s
    }
}

impl Run<'_> {
    fn process(&self, event: Event) -> Done {
        match event {
            Event::Note(n) => Done::Note(n),
            Event::Error(e) => Done::Error(e),
            Event::Cert { source, data, kind } => {
                // A rule that panics on some input is a bug, but must not stop a
                // run over a million certificates: report it and go on.
                let report = catch_unwind(AssertUnwindSafe(|| match &data {
                    Ok(der) if kind == ItemKind::Crl => {
                        lint::crl::lint_crl_der(der, self.options.issuer, self.crl_kind)
                    }
                    Ok(der) if kind == ItemKind::OcspResponse => lint::ocsp::lint_ocsp_der_with(
                        der,
                        &lint::ocsp::OcspOptions {
                            kind: self.ocsp_kind,
                            issuer: self.options.issuer,
                            responder: self.responder,
                            now: Some(self.now),
                        },
                    ),
                    Ok(der) => self.linter.lint_der(der, self.options),
                    Err(e) => {
                        lint::undecodable(e.to_string(), "input".into(), self.options.profile)
                    }
                }));
                match report {
                    Ok(report) => {
                        let mut counts = [0; 5];
                        for f in &report.findings {
                            if let Some(n) = counts.get_mut(f.severity as usize) {
                                *n += 1;
                            }
                        }
                        let failing = report.worst().is_some_and(|w| w >= self.fail_on);
                        Done::Result {
                            rendered: render(self.format, &source, &report),
                            counts,
                            failing,
                        }
                    }
                    Err(payload) => Done::Error(format!(
                        "{}: internal error while linting (a rootward bug, please report it): {}",
                        sanitize(&source),
                        panic_message(payload.as_ref())
                    )),
                }
            }
        }
    }

    /// Receives, lints and writes until the reader is done; returns the counts.
    fn pipeline(&self, rx: Receiver<Event>) -> Result<Stats> {
        let mut stats = Stats::default();
        let stdout = io::stdout();
        let mut out = match Writer::new(
            BufWriter::with_capacity(64 * 1024, stdout.lock()),
            self.format,
        ) {
            Ok(w) => w,
            Err(e) if e.kind() == io::ErrorKind::BrokenPipe => {
                stats.stdout_closed = true;
                return Ok(stats);
            }
            Err(e) => return Err(e).context("cannot write to standard output"),
        };
        let progress = Progress::new();
        let stdout_is_terminal = io::stdout().is_terminal();
        let mut batch = Vec::with_capacity(BATCH);
        while let Ok(first) = rx.recv() {
            batch.push(first);
            while batch.len() < BATCH {
                match rx.try_recv() {
                    Ok(e) => batch.push(e),
                    Err(TryRecvError::Empty | TryRecvError::Disconnected) => break,
                }
            }
            // A small batch means the reader is the bottleneck: lint it here,
            // rather than pay for waking the other threads.
            let done: Vec<Done> = if batch.len() < PARALLEL_MIN {
                batch.drain(..).map(|e| self.process(e)).collect()
            } else {
                batch.par_drain(..).map(|e| self.process(e)).collect()
            };
            // Clear the progress line only when this batch prints on the terminal.
            let on_terminal =
                stdout_is_terminal || done.iter().any(|d| !matches!(d, Done::Result { .. }));
            let written = progress.suspend_if(on_terminal, || -> io::Result<()> {
                for d in done {
                    match d {
                        Done::Result {
                            rendered,
                            counts,
                            failing,
                        } => {
                            stats.certificates += 1;
                            stats.failing += u64::from(failing);
                            for (total, n) in stats.counts.iter_mut().zip(counts) {
                                *total += n;
                            }
                            out.item(&rendered)?;
                        }
                        Done::Note(n) => {
                            out.flush()?;
                            eprintln!("rootward: note: {n}");
                        }
                        Done::Error(e) => {
                            out.flush()?;
                            stats.unreadable += 1;
                            eprintln!("rootward: error: {e}");
                        }
                    }
                }
                out.flush()
            });
            match written {
                Ok(()) => {}
                Err(e) if e.kind() == io::ErrorKind::BrokenPipe => {
                    // The consumer (e.g. `head`) has seen enough.
                    stats.stdout_closed = true;
                    progress.finish();
                    return Ok(stats);
                }
                Err(e) => return Err(e).context("cannot write to standard output"),
            }
            progress.update(stats.certificates);
        }
        progress.finish();
        match out.finish() {
            Ok(()) => {}
            Err(e) if e.kind() == io::ErrorKind::BrokenPipe => stats.stdout_closed = true,
            Err(e) => return Err(e).context("cannot write to standard output"),
        }
        Ok(stats)
    }
}

/// Progress on stderr: only when stderr is a terminal, and only once more
/// than [`PROGRESS_THRESHOLD`] certificates have been linted (never in pipes
/// or CI logs, and not for small runs). The total is not known in advance
/// (inputs are streamed), so it shows a count and a rate.
struct Progress {
    bar: Option<ProgressBar>,
}

impl Progress {
    fn new() -> Self {
        if !io::stderr().is_terminal() {
            return Progress { bar: None };
        }
        let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::hidden());
        if let Ok(style) = ProgressStyle::with_template(
            "{spinner} {human_pos} certificates linted ({msg}, {elapsed})",
        ) {
            bar.set_style(style);
        }
        Progress { bar: Some(bar) }
    }

    fn update(&self, certificates: u64) {
        if let Some(bar) = &self.bar {
            bar.set_position(certificates);
            let secs = bar.elapsed().as_secs_f64();
            if secs > 0.0 {
                bar.set_message(format!("{:.0}/s", certificates as f64 / secs));
            }
            if certificates > PROGRESS_THRESHOLD && bar.is_hidden() {
                bar.set_draw_target(ProgressDrawTarget::stderr());
                bar.enable_steady_tick(Duration::from_millis(200));
            }
        }
    }

    /// Runs `f`, with the progress line cleared if `cond`.
    fn suspend_if<R>(&self, cond: bool, f: impl FnOnce() -> R) -> R {
        match &self.bar {
            Some(bar) if cond && !bar.is_hidden() => bar.suspend(f),
            _ => f(),
        }
    }

    fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}
