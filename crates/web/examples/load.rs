//! Load generator on loopback (BENCHMARKS.md).
//!
//! **Throughput** (the default): starts the server in-process on a free
//! port, then keeps `CONNECTIONS` keep-alive HTTP/1.1 connections busy for
//! `SECONDS`, each posting the given certificate to `POST /api/v1/lint` and
//! reading the whole answer. Prints requests/s, latency percentiles and the
//! count of non-200 answers.
//!
//! ```text
//! cargo run --release -p rootward-web --example load -- CERT.pem [SECONDS] [CONNECTIONS]
//! ```
//!
//! With `ROOTWARD_LOAD_DB=FILE` the server opens that registry, and with
//! `ROOTWARD_LOAD_GET=PATH` the connections send `GET PATH` instead (e.g. a
//! certificate page); CERT is then ignored.
//!
//! **Soak** (`--soak`): mixed load for `ROOTWARD_LOAD_SECONDS` (default 10)
//! over `CONNECTIONS` (default 8) keep-alive connections, each cycling
//! through the certificate page of CERT, `POST /api/v1/lint` of CERT, the
//! page of a request and comments on it, and filing a new request (with
//! CERT's fingerprint) after every 25 comments so that pages stay the size
//! of a real discussion. Every answer must be 200 (201 for comments and
//! filings); any other status and any connection error counts as an error.
//! Prints, per endpoint, requests, errors, requests/s and latency p50, p99
//! and maximum, then requests/s and p99 per minute; exits 1 if there was
//! any error.
//!
//! ```text
//! ROOTWARD_LOAD_DB=r.db ROOTWARD_LOAD_SECONDS=600 load --soak CERT.pem [CONNECTIONS]
//! ROOTWARD_LOAD_ADDR=127.0.0.1:8080 ROOTWARD_LOAD_TOKEN=… load --soak CERT.pem [CONNECTIONS]
//! ```
//!
//! The soak serves in-process over `ROOTWARD_LOAD_DB` (the registry must
//! hold CERT; an owner member `soak-…` and its API token are added to it),
//! or, with `ROOTWARD_LOAD_ADDR`, loads a running `rootward serve` using
//! `ROOTWARD_LOAD_TOKEN`, the API token of an owner member.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

use registry::Clock as _;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.get(1).map(String::as_str) == Some("--soak") {
        soak(&args[2..]);
    } else {
        throughput(&args[1..]);
    }
}

/// Starts the server in a thread of its own over `ROOTWARD_LOAD_DB` (if
/// set) and returns the bound address.
fn start_server() -> SocketAddr {
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let rt = tokio::runtime::Builder::new_multi_thread()
            .enable_all()
            .build()
            .unwrap();
        rt.block_on(async {
            let reg = match std::env::var("ROOTWARD_LOAD_DB") {
                Ok(db) => Some(registry::Registry::open(&db).await.unwrap()),
                Err(_) => None,
            };
            let state = web::AppState::new(reg, Arc::new(registry::SystemClock));
            web::serve("127.0.0.1:0".parse().unwrap(), state, |a| {
                tx.send(a).unwrap()
            })
            .await
            .unwrap();
        });
    });
    rx.recv().unwrap()
}

fn throughput(args: &[String]) {
    let cert = std::fs::read(
        args.first()
            .expect("usage: load CERT [SECONDS] [CONNECTIONS]"),
    )
    .unwrap();
    let seconds: u64 = args.get(1).map_or(10, |s| s.parse().unwrap());
    let conns: usize = args.get(2).map_or(8, |s| s.parse().unwrap());

    let addr = start_server();
    let cert = Arc::new(cert);
    let end = Instant::now() + Duration::from_secs(seconds);
    let workers: Vec<_> = (0..conns)
        .map(|_| {
            let cert = cert.clone();
            std::thread::spawn(move || {
                let mut lat = Vec::new();
                let mut bad = 0u64;
                let s = TcpStream::connect(addr).unwrap();
                s.set_nodelay(true).unwrap();
                let mut w = s.try_clone().unwrap();
                let mut r = BufReader::new(s);
                let req: Vec<u8> = match std::env::var("ROOTWARD_LOAD_GET") {
                    Ok(path) => format!("GET {path} HTTP/1.1\r\nHost: {addr}\r\n\r\n").into_bytes(),
                    Err(_) => {
                        let mut r = format!(
                            "POST /api/v1/lint HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/x-pem-file\r\nContent-Length: {}\r\n\r\n",
                            cert.len()
                        )
                        .into_bytes();
                        r.extend_from_slice(&cert);
                        r
                    }
                };
                let mut line = String::new();
                let mut body = Vec::new();
                while Instant::now() < end {
                    let t = Instant::now();
                    w.write_all(&req).unwrap();
                    if read_answer(&mut r, &mut line, &mut body).unwrap() != 200 {
                        bad += 1;
                    }
                    lat.push(t.elapsed());
                }
                (lat, bad)
            })
        })
        .collect();
    let mut lat = Vec::new();
    let mut bad = 0;
    for w in workers {
        let (l, b) = w.join().unwrap();
        lat.extend(l);
        bad += b;
    }
    lat.sort();
    let pct = |p: f64| lat[((lat.len() as f64 * p) as usize).min(lat.len() - 1)];
    println!(
        "{}: {} requests in {seconds} s over {conns} connections = {:.0} requests/s; \
         latency p50 {:?}, p99 {:?}, max {:?}; non-200 answers: {bad}",
        std::env::var("ROOTWARD_LOAD_GET")
            .map_or("POST /api/v1/lint".to_owned(), |p| format!("GET {p}")),
        lat.len(),
        lat.len() as f64 / seconds as f64,
        pct(0.50),
        pct(0.99),
        lat[lat.len() - 1],
    );
}

/// Reads one HTTP/1.1 answer into `body` (a `Content-Length` or chunked
/// body) and returns its status.
fn read_answer(
    r: &mut BufReader<TcpStream>,
    line: &mut String,
    body: &mut Vec<u8>,
) -> std::io::Result<u16> {
    let bad = |what: String| std::io::Error::new(std::io::ErrorKind::InvalidData, what);
    line.clear();
    if r.read_line(line)? == 0 {
        return Err(std::io::ErrorKind::UnexpectedEof.into());
    }
    let status = line
        .strip_prefix("HTTP/1.1 ")
        .and_then(|s| s.get(..3))
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| bad(format!("status line {line:?}")))?;
    let (mut len, mut chunked) = (0usize, false);
    loop {
        line.clear();
        if r.read_line(line)? == 0 {
            return Err(std::io::ErrorKind::UnexpectedEof.into());
        }
        if line == "\r\n" {
            break;
        }
        let lower = line.to_ascii_lowercase();
        if let Some(v) = lower.strip_prefix("content-length:") {
            len = v
                .trim()
                .parse()
                .map_err(|_| bad(format!("header {line:?}")))?;
        } else if lower.starts_with("transfer-encoding:") && lower.contains("chunked") {
            chunked = true;
        }
    }
    body.clear();
    if !chunked {
        body.resize(len, 0);
        r.read_exact(body)?;
        return Ok(status);
    }
    loop {
        line.clear();
        r.read_line(line)?;
        let size = usize::from_str_radix(line.trim().split(';').next().unwrap_or(""), 16)
            .map_err(|_| bad(format!("chunk size {line:?}")))?;
        let start = body.len();
        body.resize(start + size, 0);
        r.read_exact(&mut body[start..])?;
        line.clear();
        r.read_line(line)?;
        if size == 0 {
            return Ok(status);
        }
    }
}

/// The endpoints of the soak's mix.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Op {
    CertificatePage,
    Lint,
    RequestPage,
    Comment,
    File,
    /// A new connection (after a connection error) that failed.
    Connect,
}

const OPS: [Op; 6] = [
    Op::CertificatePage,
    Op::Lint,
    Op::RequestPage,
    Op::Comment,
    Op::File,
    Op::Connect,
];

impl Op {
    fn name(self) -> &'static str {
        match self {
            Op::CertificatePage => "GET /certificates/{sha256}",
            Op::Lint => "POST /api/v1/lint",
            Op::RequestPage => "GET /requests/{id}",
            Op::Comment => "POST /api/v1/requests/{id}/comments",
            Op::File => "POST /api/v1/requests",
            Op::Connect => "(connect)",
        }
    }
    fn expected(self) -> u16 {
        match self {
            Op::Comment | Op::File => 201,
            _ => 200,
        }
    }
}

/// What each connection does, in turn: three certificate pages and three
/// lints for every two request pages and two comments.
const MIX: [Op; 10] = [
    Op::CertificatePage,
    Op::Lint,
    Op::RequestPage,
    Op::CertificatePage,
    Op::Comment,
    Op::Lint,
    Op::CertificatePage,
    Op::RequestPage,
    Op::Lint,
    Op::Comment,
];

/// Comments on a request before the connection files the next one.
const COMMENTS_PER_REQUEST: u32 = 25;

/// One answered (or failed) request: its endpoint, when it started
/// (milliseconds into the run), its latency in microseconds, and whether it
/// was an error.
struct Sample {
    op: Op,
    at_ms: u32,
    micros: u32,
    error: bool,
}

/// What the soak's connections share.
struct Soak {
    addr: SocketAddr,
    token: String,
    cert: Vec<u8>,
    sha256: String,
    start: Instant,
    end: Instant,
    requests: AtomicU64,
    errors: AtomicU64,
    /// The first error messages, for the report.
    samples: std::sync::Mutex<Vec<String>>,
    stop: AtomicBool,
}

impl Soak {
    fn error(&self, msg: String) {
        self.errors.fetch_add(1, Ordering::Relaxed);
        let mut s = self.samples.lock().unwrap();
        if s.len() < 20 {
            s.push(msg);
        }
    }
}

/// The SHA-256 (upper-case hex) of the first PEM certificate in `pem`, or
/// of `pem` itself when it is DER.
fn fingerprint(pem: &[u8]) -> String {
    use base64::Engine as _;
    let text = String::from_utf8_lossy(pem);
    let der = match text.split_once("-----BEGIN CERTIFICATE-----") {
        Some((_, rest)) => {
            let b64: String = rest
                .split("-----END")
                .next()
                .unwrap_or("")
                .chars()
                .filter(|c| !c.is_whitespace())
                .collect();
            base64::engine::general_purpose::STANDARD
                .decode(b64)
                .expect("CERT: bad PEM base64")
        }
        None => pem.to_vec(),
    };
    cert::hex_upper(&cert::digest::sha256(&der))
}

fn soak(args: &[String]) {
    let cert_path = args.first().expect("usage: load --soak CERT [CONNECTIONS]");
    let cert = std::fs::read(cert_path).unwrap();
    let conns: usize = args.get(1).map_or(8, |s| s.parse().unwrap());
    let seconds: u64 = std::env::var("ROOTWARD_LOAD_SECONDS").map_or(10, |s| s.parse().unwrap());
    let sha256 = fingerprint(&cert);

    let (addr, token, target) = match std::env::var("ROOTWARD_LOAD_ADDR") {
        Ok(a) => {
            let token = std::env::var("ROOTWARD_LOAD_TOKEN")
                .expect("ROOTWARD_LOAD_TOKEN: an owner member's API token for ROOTWARD_LOAD_ADDR");
            (a.parse().unwrap(), token, format!("rootward serve at {a}"))
        }
        Err(_) => {
            let db = std::env::var("ROOTWARD_LOAD_DB")
                .expect("ROOTWARD_LOAD_DB (or ROOTWARD_LOAD_ADDR) for --soak");
            // An owner member of its own for this run, then the server.
            let token = registry::block_on(async {
                let reg = registry::Registry::open(&db).await.unwrap();
                let clock = registry::SystemClock;
                let name = format!("soak-{}-{}", std::process::id(), clock.now());
                reg.add_user(
                    &name,
                    "soak test password",
                    registry::workflow::Role::OwnerMember,
                    Some("Soak Test CA"),
                    &clock,
                )
                .await
                .unwrap();
                let token = reg.create_api_token(&name, "soak", &clock).await.unwrap();
                reg.close().await;
                token
            })
            .unwrap();
            let addr = start_server();
            (addr, token, format!("in-process server over {db}"))
        }
    };

    let start = Instant::now();
    let soak = Arc::new(Soak {
        addr,
        token,
        cert,
        sha256,
        start,
        end: start + Duration::from_secs(seconds),
        requests: AtomicU64::new(0),
        errors: AtomicU64::new(0),
        samples: std::sync::Mutex::new(Vec::new()),
        stop: AtomicBool::new(false),
    });
    eprintln!(
        "soak: {seconds} s, {conns} connections, {target}, certificate {}",
        soak.sha256
    );
    let workers: Vec<_> = (0..conns)
        .map(|n| {
            let soak = soak.clone();
            std::thread::spawn(move || soak_connection(n, &soak))
        })
        .collect();
    // A line a minute, to see a drift while it runs.
    let mut last = (0u64, Instant::now());
    while Instant::now() < soak.end {
        std::thread::sleep(
            soak.end
                .saturating_duration_since(Instant::now())
                .min(Duration::from_secs(60)),
        );
        let n = soak.requests.load(Ordering::Relaxed);
        eprintln!(
            "soak: {:>4} s: {n} requests ({:.0}/s in the last interval), {} errors",
            start.elapsed().as_secs(),
            (n - last.0) as f64 / last.1.elapsed().as_secs_f64(),
            soak.errors.load(Ordering::Relaxed)
        );
        last = (n, Instant::now());
    }
    soak.stop.store(true, Ordering::Relaxed);
    let mut samples: Vec<Sample> = workers
        .into_iter()
        .flat_map(|w| w.join().unwrap())
        .collect();
    let elapsed = start.elapsed().as_secs_f64();

    println!(
        "soak: {seconds} s, {conns} connections, {target}\n\
         {:<38} {:>9} {:>6} {:>8} {:>9} {:>9} {:>9}",
        "endpoint", "requests", "errors", "req/s", "p50 ms", "p99 ms", "max ms"
    );
    let row = |name: &str, s: &mut Vec<&Sample>| {
        s.sort_by_key(|s| s.micros);
        let pct = |p: f64| {
            s.get(((s.len() as f64 * p) as usize).min(s.len().saturating_sub(1)))
                .map_or(0.0, |s| f64::from(s.micros) / 1000.0)
        };
        println!(
            "{name:<38} {:>9} {:>6} {:>8.1} {:>9.2} {:>9.2} {:>9.2}",
            s.len(),
            s.iter().filter(|s| s.error).count(),
            s.len() as f64 / elapsed,
            pct(0.50),
            pct(0.99),
            s.last().map_or(0.0, |s| f64::from(s.micros) / 1000.0),
        );
    };
    for op in OPS {
        row(
            op.name(),
            &mut samples.iter().filter(|s| s.op == op).collect(),
        );
    }
    row("all", &mut samples.iter().collect());
    samples.sort_by_key(|s| s.at_ms);
    let minutes = samples.last().map_or(0, |s| s.at_ms / 60_000) + 1;
    if minutes > 1 {
        println!("per minute (all endpoints): requests/s, p99 ms, errors");
        for m in 0..minutes {
            let mut s: Vec<u32> = samples
                .iter()
                .filter(|s| s.at_ms / 60_000 == m)
                .map(|s| s.micros)
                .collect();
            let errors = samples
                .iter()
                .filter(|s| s.at_ms / 60_000 == m && s.error)
                .count();
            s.sort_unstable();
            let p99 = s
                .get(((s.len() as f64 * 0.99) as usize).min(s.len().saturating_sub(1)))
                .map_or(0.0, |v| f64::from(*v) / 1000.0);
            let span = (elapsed - f64::from(m) * 60.0).clamp(0.001, 60.0);
            println!(
                "  minute {:>2}: {:>8.1} {:>8.2} {errors}",
                m + 1,
                s.len() as f64 / span,
                p99
            );
        }
    }
    let errors = soak.errors.load(Ordering::Relaxed);
    println!("errors: {errors}");
    for e in soak.samples.lock().unwrap().iter() {
        println!("  {e}");
    }
    if errors > 0 {
        std::process::exit(1);
    }
}

/// One connection of the soak: the mix until the end, reconnecting after a
/// connection error (which counts as an error).
fn soak_connection(n: usize, soak: &Soak) -> Vec<Sample> {
    let addr = soak.addr;
    let mut out = Vec::new();
    let mut conn: Option<(TcpStream, BufReader<TcpStream>)> = None;
    let (mut line, mut body) = (String::new(), Vec::new());
    let mut request: Option<String> = None;
    let mut comments = 0u32;
    let mut filed = 0u32;
    let mut i = 0usize;
    while Instant::now() < soak.end && !soak.stop.load(Ordering::Relaxed) {
        let (w, r) = match conn.as_mut() {
            Some(c) => c,
            None => {
                let t = Instant::now();
                match TcpStream::connect_timeout(&addr, Duration::from_secs(5)).and_then(|s| {
                    s.set_nodelay(true)?;
                    s.set_read_timeout(Some(Duration::from_secs(30)))?;
                    Ok((s.try_clone()?, BufReader::new(s)))
                }) {
                    Ok(c) => conn.insert(c),
                    Err(e) => {
                        soak.error(format!("connection {n}: connect: {e}"));
                        out.push(Sample {
                            op: Op::Connect,
                            at_ms: t.duration_since(soak.start).as_millis() as u32,
                            micros: t.elapsed().as_micros() as u32,
                            error: true,
                        });
                        std::thread::sleep(Duration::from_millis(100));
                        continue;
                    }
                }
            }
        };
        // The next step of the mix; a connection without a request, or
        // done commenting on it, files one first.
        let mut op = MIX[i % MIX.len()];
        if matches!(op, Op::Comment | Op::RequestPage)
            && (request.is_none() || comments >= COMMENTS_PER_REQUEST)
        {
            op = Op::File;
        } else {
            i += 1;
        }
        let id = request.clone().unwrap_or_default();
        let (method, path, ctype, payload): (&str, String, &str, Vec<u8>) = match op {
            Op::CertificatePage => ("GET", format!("/certificates/{}", soak.sha256), "", Vec::new()),
            Op::Lint => (
                "POST",
                "/api/v1/lint".into(),
                "application/x-pem-file",
                soak.cert.clone(),
            ),
            Op::RequestPage => ("GET", format!("/requests/{id}"), "", Vec::new()),
            Op::Connect => unreachable!("not in the mix"),
            Op::Comment => (
                "POST",
                format!("/api/v1/requests/{id}/comments"),
                "application/json",
                format!(
                    "{{\"body\":\"Soak comment {} on {id} from connection {n}: the audit statement covers the period.\"}}",
                    comments + 1
                )
                .into_bytes(),
            ),
            Op::File => (
                "POST",
                "/api/v1/requests".into(),
                "application/json",
                format!(
                    "{{\"new_subca_name\":\"Soak CA {n}.{}\",\"certificate_sha256\":\"{}\",\"incidents\":[]}}",
                    filed + 1,
                    soak.sha256
                )
                .into_bytes(),
            ),
        };
        let mut req = format!(
            "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nAuthorization: Bearer {}\r\n",
            soak.token
        );
        if method == "POST" {
            req.push_str(&format!(
                "Content-Type: {ctype}\r\nContent-Length: {}\r\n",
                payload.len()
            ));
        }
        req.push_str("\r\n");
        let mut bytes = req.into_bytes();
        bytes.extend_from_slice(&payload);

        let t = Instant::now();
        let answer = w
            .write_all(&bytes)
            .and_then(|()| read_answer(r, &mut line, &mut body));
        let micros = t.elapsed().as_micros() as u32;
        let at_ms = t.duration_since(soak.start).as_millis() as u32;
        soak.requests.fetch_add(1, Ordering::Relaxed);
        let error = match answer {
            Ok(status) if status == op.expected() => {
                match op {
                    Op::File => {
                        let v: serde_json::Value =
                            serde_json::from_slice(&body).unwrap_or(serde_json::Value::Null);
                        match v["request"]["id"].as_str() {
                            Some(id) => {
                                request = Some(id.to_owned());
                                comments = 0;
                                filed += 1;
                            }
                            None => soak.error(format!("{}: 201 without an id", op.name())),
                        }
                    }
                    Op::Comment => comments += 1,
                    _ => {}
                }
                false
            }
            Ok(status) => {
                soak.error(format!(
                    "{} {path}: {status} {}",
                    op.name(),
                    String::from_utf8_lossy(&body[..body.len().min(200)])
                ));
                true
            }
            Err(e) => {
                soak.error(format!("{} {path}: connection {n}: {e}", op.name()));
                conn = None;
                true
            }
        };
        out.push(Sample {
            op,
            at_ms,
            micros,
            error,
        });
    }
    out
}
