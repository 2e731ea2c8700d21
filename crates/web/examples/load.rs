//! Load generator for `POST /api/v1/lint` on loopback (BENCHMARKS.md).
//!
//! Starts the server in-process on a free port, then keeps `CONNECTIONS`
//! keep-alive HTTP/1.1 connections busy for `SECONDS`, each posting the
//! given certificate and reading the whole answer. Prints requests/s,
//! latency percentiles and the count of non-200 answers.
//!
//! ```text
//! cargo run --release -p rootward-web --example load -- CERT.pem [SECONDS] [CONNECTIONS]
//! ```
//!
//! With `ROOTWARD_LOAD_DB=FILE` the server opens that registry, and with
//! `ROOTWARD_LOAD_GET=PATH` the connections send `GET PATH` instead (e.g. a
//! certificate page); CERT is then ignored.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::sync::Arc;
use std::time::{Duration, Instant};

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let cert = std::fs::read(
        args.get(1)
            .expect("usage: load CERT [SECONDS] [CONNECTIONS]"),
    )
    .unwrap();
    let seconds: u64 = args.get(2).map_or(10, |s| s.parse().unwrap());
    let conns: usize = args.get(3).map_or(8, |s| s.parse().unwrap());

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
    let addr = rx.recv().unwrap();
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
                    line.clear();
                    r.read_line(&mut line).unwrap();
                    if !line.starts_with("HTTP/1.1 200") {
                        bad += 1;
                    }
                    let mut len = 0usize;
                    loop {
                        line.clear();
                        r.read_line(&mut line).unwrap();
                        if line == "\r\n" {
                            break;
                        }
                        if let Some(v) = line.to_ascii_lowercase().strip_prefix("content-length:") {
                            len = v.trim().parse().unwrap();
                        }
                    }
                    body.resize(len, 0);
                    r.read_exact(&mut body).unwrap();
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
