//! A restart under load loses no committed write (issue 6).
//!
//! `rootward serve` runs on a fixed loopback port over a fresh SQLite
//! registry. Writer threads post comments on a request and file new
//! requests as fast as the server answers, each write carrying a unique
//! marker, and remember what the server acknowledged (a 2xx answer whose
//! body repeats the marker). Meanwhile the server is killed with SIGKILL
//! four times and started again on the same database and port; the writers
//! reconnect and go on. At the end every acknowledged write is read back
//! exactly once, writes whose answer was lost in the kill are there at most
//! once and intact, nothing else is there, no answer was other than 2xx,
//! and connections failed only between a kill and the restart.
//!
//! The client is a few lines of HTTP/1.1 over `TcpStream` (keep-alive,
//! `Content-Length` or chunked bodies).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use serde_json::{Value, json};

const BIN: &str = env!("CARGO_BIN_EXE_rootward");
const OWNER: &str = "Restart Test CA";
const WRITERS: usize = 6;
const KILLS: usize = 4;
/// Acknowledged writes to wait for before each kill and before the end.
const ACKS_BETWEEN: usize = 60;

// ---------------------------------------------------------------- HTTP client

/// One answer.
struct Answer {
    status: u16,
    body: String,
}

/// Why a request got no answer.
#[derive(Debug)]
enum Failure {
    /// Connecting, sending or reading failed (the server went away).
    Io(std::io::Error),
    /// Something came back that is not HTTP/1.1: always a test failure.
    Malformed(String),
}

impl From<std::io::Error> for Failure {
    fn from(e: std::io::Error) -> Self {
        Failure::Io(e)
    }
}

/// A keep-alive HTTP/1.1 connection.
struct Conn {
    r: BufReader<TcpStream>,
    w: TcpStream,
    addr: SocketAddr,
}

impl Conn {
    fn open(addr: SocketAddr) -> std::io::Result<Conn> {
        let s = TcpStream::connect_timeout(&addr, Duration::from_secs(2))?;
        s.set_nodelay(true)?;
        // A server that stops answering shows up as an error, not a hang.
        s.set_read_timeout(Some(Duration::from_secs(20)))?;
        s.set_write_timeout(Some(Duration::from_secs(20)))?;
        Ok(Conn {
            w: s.try_clone()?,
            r: BufReader::new(s),
            addr,
        })
    }

    /// Sends one request and reads the whole answer.
    fn send(
        &mut self,
        method: &str,
        path: &str,
        token: &str,
        body: Option<&Value>,
    ) -> Result<Answer, Failure> {
        let body = body.map(Value::to_string).unwrap_or_default();
        let head = format!(
            "{method} {path} HTTP/1.1\r\nHost: {}\r\nAuthorization: Bearer {token}\r\n\
             Content-Type: application/json\r\nContent-Length: {}\r\n\r\n",
            self.addr,
            body.len()
        );
        let mut req = head.into_bytes();
        req.extend_from_slice(body.as_bytes());
        self.w.write_all(&req)?;

        let mut line = String::new();
        if self.r.read_line(&mut line)? == 0 {
            return Err(Failure::Io(std::io::ErrorKind::UnexpectedEof.into()));
        }
        let status = line
            .strip_prefix("HTTP/1.1 ")
            .and_then(|s| s.get(..3))
            .and_then(|s| s.parse::<u16>().ok())
            .ok_or_else(|| Failure::Malformed(format!("status line {line:?}")))?;
        let (mut len, mut chunked) = (None, false);
        loop {
            line.clear();
            if self.r.read_line(&mut line)? == 0 {
                return Err(Failure::Io(std::io::ErrorKind::UnexpectedEof.into()));
            }
            if line == "\r\n" {
                break;
            }
            let lower = line.to_ascii_lowercase();
            if let Some(v) = lower.strip_prefix("content-length:") {
                len = Some(
                    v.trim()
                        .parse::<usize>()
                        .map_err(|_| Failure::Malformed(format!("content-length {line:?}")))?,
                );
            } else if lower.starts_with("transfer-encoding:") && lower.contains("chunked") {
                chunked = true;
            }
        }
        let mut bytes = Vec::new();
        if chunked {
            loop {
                line.clear();
                self.r.read_line(&mut line)?;
                let size = usize::from_str_radix(line.trim().split(';').next().unwrap_or(""), 16)
                    .map_err(|_| Failure::Malformed(format!("chunk size {line:?}")))?;
                let start = bytes.len();
                bytes.resize(start + size, 0);
                self.r.read_exact(&mut bytes[start..])?;
                line.clear();
                self.r.read_line(&mut line)?;
                if size == 0 {
                    break;
                }
            }
        } else {
            let len = len.ok_or_else(|| Failure::Malformed("no body length".into()))?;
            bytes.resize(len, 0);
            self.r.read_exact(&mut bytes)?;
        }
        let body = String::from_utf8(bytes)
            .map_err(|_| Failure::Malformed(format!("{status} answer not UTF-8")))?;
        Ok(Answer { status, body })
    }
}

/// One request on a new connection, for setup and checks.
fn call(addr: SocketAddr, method: &str, path: &str, token: &str, body: Option<&Value>) -> Answer {
    let mut c = Conn::open(addr).unwrap_or_else(|e| panic!("connect {addr}: {e}"));
    match c.send(method, path, token, body) {
        Ok(a) => a,
        Err(e) => panic!("{method} {path}: {e:?}"),
    }
}

// ------------------------------------------------------------------- server

/// The running server; killed when dropped, however the test ends.
struct Server {
    child: Child,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Starts `rootward serve` on `addr` over `db` and waits for its "serving
/// on" line. The port may still be held for a moment after a kill, so a
/// refused bind is retried for a few seconds. Later stderr lines go to
/// `log`.
fn start(db: &Path, addr: SocketAddr, log: &Arc<Mutex<Vec<String>>>) -> Server {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let mut child = Command::new(BIN)
            .args(["serve", "--listen", &addr.to_string(), "--db"])
            .arg(db)
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn rootward serve");
        let mut r = BufReader::new(child.stderr.take().expect("stderr is piped"));
        let mut line = String::new();
        r.read_line(&mut line).expect("read the server's stderr");
        if line.starts_with("rootward: serving on") {
            let log = log.clone();
            thread::spawn(move || {
                for l in r.lines().map_while(Result::ok) {
                    log.lock().unwrap().push(l);
                }
            });
            return Server { child };
        }
        let mut rest = String::new();
        let _ = r.read_to_string(&mut rest);
        let status = child.wait().expect("wait for rootward serve");
        assert!(
            line.contains("cannot listen") && Instant::now() < deadline,
            "rootward serve did not start ({status}): {line}{rest}"
        );
        thread::sleep(Duration::from_millis(100));
    }
}

/// A free loopback address whose port lies below the kernel's ephemeral
/// range: while the server is down, the writers' reconnection attempts take
/// ephemeral source ports, and one equal to the server's port would connect
/// to itself (TCP simultaneous open) and keep the port from being bound.
fn free_addr() -> SocketAddr {
    let low = std::fs::read_to_string("/proc/sys/net/ipv4/ip_local_port_range")
        .ok()
        .and_then(|s| s.split_whitespace().next()?.parse::<u16>().ok())
        .unwrap_or(32768);
    let span = low.saturating_sub(10_000).max(1);
    let first = 10_000 + (std::process::id() % u32::from(span)) as u16;
    for i in 0..2000u16 {
        let port = 10_000 + (first - 10_000 + i) % span;
        if let Ok(l) = TcpListener::bind(("127.0.0.1", port)) {
            return l.local_addr().expect("bound address");
        }
    }
    panic!("no free port below {low}")
}

/// Runs `rootward user …` on `db`, returning stdout.
fn user(db: &Path, args: &[&str]) -> String {
    let out = Command::new(BIN)
        .arg("user")
        .args(args)
        .arg("--db")
        .arg(db)
        .env("ROOTWARD_PASSWORD", "a long enough password")
        .output()
        .expect("run rootward user");
    assert!(
        out.status.success(),
        "rootward user {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).trim().to_owned()
}

// ------------------------------------------------------------------ writers

#[derive(Clone, Copy, Debug, PartialEq)]
enum Kind {
    Comment,
    Request,
}

/// What became of one write.
#[derive(Debug)]
enum Outcome {
    /// 2xx with the marker in the body; the new request's id for requests.
    Acked(Option<String>),
    /// Sent, but the connection failed before the whole answer came.
    Unanswered,
    /// Answered with something other than 2xx, or a 2xx without the marker.
    Wrong(u16, String),
}

#[derive(Debug)]
struct Attempt {
    kind: Kind,
    marker: String,
    author: &'static str,
    started: Instant,
    outcome: Outcome,
}

struct Shared {
    addr: SocketAddr,
    seed: String,
    member: String,
    manager: String,
    stop: AtomicBool,
    acked: AtomicUsize,
    /// Connection failures (connect, send or read) and when they happened.
    conn_errors: Mutex<Vec<(Instant, String)>>,
}

fn writer(n: usize, sh: Arc<Shared>) -> Vec<Attempt> {
    let mut done = Vec::new();
    let mut conn: Option<Conn> = None;
    let mut i = 0usize;
    while !sh.stop.load(Ordering::SeqCst) {
        let c = match conn.as_mut() {
            Some(c) => c,
            None => match Conn::open(sh.addr) {
                Ok(c) => conn.insert(c),
                Err(e) => {
                    sh.conn_errors
                        .lock()
                        .unwrap()
                        .push((Instant::now(), format!("writer {n} connect: {e}")));
                    thread::sleep(Duration::from_millis(25));
                    continue;
                }
            },
        };
        i += 1;
        let marker = format!("restart-test w{n} #{i}");
        // Every fourth write files a request (as the owner's member); the
        // others comment on the seed request, as the member or the manager.
        let (kind, author, token, path, body) = if i.is_multiple_of(4) {
            (
                Kind::Request,
                "member",
                &sh.member,
                "/api/v1/requests".to_owned(),
                json!({"new_subca_name": marker, "incidents": []}),
            )
        } else {
            let (author, token) = if n.is_multiple_of(2) {
                ("member", &sh.member)
            } else {
                ("manager", &sh.manager)
            };
            (
                Kind::Comment,
                author,
                token,
                format!("/api/v1/requests/{}/comments", sh.seed),
                json!({ "body": marker }),
            )
        };
        let started = Instant::now();
        let outcome = match c.send("POST", &path, token, Some(&body)) {
            Ok(a) if (200..300).contains(&a.status) => {
                let v: Value = serde_json::from_str(&a.body).unwrap_or(Value::Null);
                let (echo, id) = match kind {
                    Kind::Comment => (&v["body"], None),
                    Kind::Request => (
                        &v["request"]["items"]["new_subca_name"],
                        v["request"]["id"].as_str().map(str::to_owned),
                    ),
                };
                if echo.as_str() == Some(marker.as_str()) && (kind == Kind::Comment || id.is_some())
                {
                    sh.acked.fetch_add(1, Ordering::SeqCst);
                    Outcome::Acked(id)
                } else {
                    Outcome::Wrong(a.status, a.body)
                }
            }
            Ok(a) => Outcome::Wrong(a.status, a.body),
            Err(Failure::Io(e)) => {
                conn = None;
                sh.conn_errors
                    .lock()
                    .unwrap()
                    .push((Instant::now(), format!("writer {n} {path}: {e}")));
                Outcome::Unanswered
            }
            Err(Failure::Malformed(m)) => {
                conn = None;
                Outcome::Wrong(0, m)
            }
        };
        done.push(Attempt {
            kind,
            marker,
            author,
            started,
            outcome,
        });
    }
    done
}

/// Waits until `n` more writes than `from` were acknowledged.
fn wait_for_acks(sh: &Shared, from: usize, n: usize, what: &str) {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let now = sh.acked.load(Ordering::SeqCst);
        if now >= from + n {
            return;
        }
        assert!(
            Instant::now() < deadline,
            "only {} writes acknowledged {what} in 20 s; connection errors: {:?}",
            now - from,
            sh.conn_errors.lock().unwrap().last()
        );
        thread::sleep(Duration::from_millis(20));
    }
}

/// Waits until a TCP connection to `addr` succeeds.
fn wait_until_connectable(addr: SocketAddr) -> Instant {
    let deadline = Instant::now() + Duration::from_secs(15);
    loop {
        if TcpStream::connect_timeout(&addr, Duration::from_millis(500)).is_ok() {
            return Instant::now();
        }
        assert!(
            Instant::now() < deadline,
            "the server did not come back on {addr} within 15 s"
        );
        thread::sleep(Duration::from_millis(20));
    }
}

fn temp_dir() -> PathBuf {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos();
    let d = std::env::temp_dir().join(format!("rootward-restart-{}-{nanos}", std::process::id()));
    std::fs::create_dir_all(&d).unwrap();
    d
}

#[test]
fn a_restart_under_load_loses_no_acknowledged_write() {
    let t0 = Instant::now();
    let dir = temp_dir();
    let db = dir.join("registry.db");
    user(&db, &["add", "manager", "--role", "program-manager"]);
    user(
        &db,
        &["add", "member", "--role", "owner-member", "--owner", OWNER],
    );
    let manager = user(&db, &["token", "manager", "--label", "restart"]);
    let member = user(&db, &["token", "member", "--label", "restart"]);

    let addr = free_addr();
    let log = Arc::new(Mutex::new(Vec::new()));
    let mut server = start(&db, addr, &log);

    let a = call(
        addr,
        "POST",
        "/api/v1/requests",
        &member,
        Some(&json!({"new_subca_name": "seed", "incidents": []})),
    );
    assert_eq!(a.status, 201, "{}", a.body);
    let seed: Value = serde_json::from_str(&a.body).unwrap();
    let seed = seed["request"]["id"].as_str().unwrap().to_owned();

    let sh = Arc::new(Shared {
        addr,
        seed: seed.clone(),
        member,
        manager,
        stop: AtomicBool::new(false),
        acked: AtomicUsize::new(0),
        conn_errors: Mutex::new(Vec::new()),
    });
    let writers: Vec<_> = (0..WRITERS)
        .map(|n| {
            let sh = sh.clone();
            thread::spawn(move || writer(n, sh))
        })
        .collect();

    // Kill and restart while the writers write; each window runs from just
    // before the kill to the moment the new server accepts connections.
    let mut windows = Vec::new();
    let mut acked = 0;
    for k in 0..KILLS {
        wait_for_acks(&sh, acked, ACKS_BETWEEN, &format!("before kill {}", k + 1));
        // Then a little longer, by a varying amount, so that the kills fall
        // at different points of the writes.
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .subsec_nanos();
        thread::sleep(Duration::from_millis(200 + u64::from(nanos % 600)));
        let killed_at = Instant::now();
        server.child.kill().expect("SIGKILL the server");
        let status = server.child.wait().expect("wait for the killed server");
        assert!(!status.success(), "the server was killed: {status}");
        server = start(&db, addr, &log);
        let back = wait_until_connectable(addr);
        windows.push((killed_at, back));
        acked = sh.acked.load(Ordering::SeqCst);
    }
    wait_for_acks(&sh, acked, ACKS_BETWEEN, "after the last restart");
    sh.stop.store(true, Ordering::SeqCst);
    let writes: Vec<Attempt> = writers
        .into_iter()
        .flat_map(|w| w.join().expect("writer thread"))
        .collect();

    // No answer other than 2xx with the marker.
    let wrong: Vec<_> = writes
        .iter()
        .filter_map(|w| match &w.outcome {
            Outcome::Wrong(status, body) => Some(format!("{}: {status} {body}", w.marker)),
            _ => None,
        })
        .collect();
    assert!(
        wrong.is_empty(),
        "answers other than 2xx: {wrong:#?}\nserver log: {:#?}",
        log.lock().unwrap()
    );
    // Connections failed only in the kill windows (a little slack after the
    // server is back, for a writer that noticed its dead connection late).
    let slack = Duration::from_secs(2);
    let conn_errors = sh.conn_errors.lock().unwrap();
    let outside: Vec<_> = conn_errors
        .iter()
        .filter(|(t, _)| !windows.iter().any(|(a, b)| a <= t && *t <= *b + slack))
        .collect();
    assert!(
        outside.is_empty(),
        "connection errors outside the kill windows: {outside:?}"
    );
    let server_errors: Vec<_> = log
        .lock()
        .unwrap()
        .iter()
        .filter(|l| l.contains("error"))
        .cloned()
        .collect();
    assert!(
        server_errors.is_empty(),
        "the server reported errors: {server_errors:?}"
    );

    // Read everything back from the restarted server.
    let a = call(
        addr,
        "GET",
        &format!("/api/v1/requests/{seed}"),
        &sh.manager,
        None,
    );
    assert_eq!(a.status, 200, "{}", a.body);
    let v: Value = serde_json::from_str(&a.body).unwrap();
    let mut comments: HashMap<String, Vec<String>> = HashMap::new();
    for c in v["comments"].as_array().expect("comments") {
        let body = c["body"].as_str().expect("comment body").to_owned();
        let author = c["author"].as_str().expect("comment author").to_owned();
        comments.entry(body).or_default().push(author);
    }
    let a = call(addr, "GET", "/api/v1/requests", &sh.manager, None);
    assert_eq!(a.status, 200, "{}", a.body);
    let list: Value = serde_json::from_str(&a.body).unwrap();
    let mut requests: HashMap<String, Vec<String>> = HashMap::new();
    let mut conn = Conn::open(addr).unwrap();
    for s in list.as_array().expect("request list") {
        let id = s["id"].as_str().expect("request id");
        if id == seed {
            continue;
        }
        let a = conn
            .send("GET", &format!("/api/v1/requests/{id}"), &sh.manager, None)
            .unwrap_or_else(|e| panic!("GET request {id}: {e:?}"));
        assert_eq!(a.status, 200, "request {id} reads back: {}", a.body);
        let r: Value = serde_json::from_str(&a.body).unwrap();
        assert_eq!(r["request"]["state"], "draft", "{id}");
        assert_eq!(r["request"]["filer"], "member", "{id}");
        assert_eq!(r["request"]["owner"], OWNER, "{id}");
        let name = r["request"]["items"]["new_subca_name"]
            .as_str()
            .unwrap_or_else(|| panic!("request {id} has its name"))
            .to_owned();
        requests.entry(name).or_default().push(id.to_owned());
    }

    let mut sent = std::collections::HashSet::new();
    let (mut acked_n, mut unanswered_n, mut unanswered_found) = (0, 0, 0);
    let mut after_restart = [0usize; KILLS];
    for w in &writes {
        sent.insert(w.marker.clone());
        let found = match w.kind {
            Kind::Comment => {
                let authors = comments.get(&w.marker).cloned().unwrap_or_default();
                assert!(
                    authors.iter().all(|a| a == w.author),
                    "{}: written by {} but stored as {authors:?}",
                    w.marker,
                    w.author
                );
                authors.len()
            }
            Kind::Request => requests.get(&w.marker).map_or(0, Vec::len),
        };
        match &w.outcome {
            Outcome::Acked(id) => {
                acked_n += 1;
                assert_eq!(
                    found, 1,
                    "acknowledged {:?} {} found {found} times after the restarts",
                    w.kind, w.marker
                );
                if let Some(id) = id {
                    assert_eq!(&requests[&w.marker][0], id, "{}", w.marker);
                }
                // Between restart k and the next kill (or the end).
                for (k, (_, back)) in windows.iter().enumerate() {
                    let next = windows.get(k + 1).map(|w| w.0);
                    if w.started > *back && next.is_none_or(|n| w.started < n) {
                        after_restart[k] += 1;
                    }
                }
            }
            Outcome::Unanswered => {
                unanswered_n += 1;
                unanswered_found += found;
                assert!(found <= 1, "unanswered {} stored {found} times", w.marker);
            }
            Outcome::Wrong(..) => unreachable!("checked above"),
        }
    }
    let phantoms: Vec<_> = comments
        .keys()
        .chain(requests.keys())
        .filter(|m| !sent.contains(*m))
        .collect();
    assert!(phantoms.is_empty(), "writes nobody sent: {phantoms:?}");
    for (k, n) in after_restart.iter().enumerate() {
        assert!(
            *n >= ACKS_BETWEEN / 2,
            "only {n} writes acknowledged after restart {}",
            k + 1
        );
    }
    drop(server);
    eprintln!(
        "restart under load: {} writes sent by {WRITERS} writers, {acked_n} acknowledged and all \
         found once after {KILLS} SIGKILLs and restarts; {unanswered_n} unanswered (connection \
         lost in the kill), {unanswered_found} of them stored; {} connection errors, all within \
         the kill windows ({}); {:.1} s in all",
        writes.len(),
        conn_errors.len(),
        windows
            .iter()
            .map(|(a, b)| format!("{} ms", b.duration_since(*a).as_millis()))
            .collect::<Vec<_>>()
            .join(", "),
        t0.elapsed().as_secs_f64()
    );
    let _ = std::fs::remove_dir_all(&dir);
}
