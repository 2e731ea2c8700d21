//! `rootward ocsp serve`: an RFC 6960 responder over HTTP (RFC 6960 A.1).
//!
//! GET `{path}/{url-encoded base64 of the DER request}`, under any path (the
//! AIA's responder URL may have one), and POST with
//! `Content-Type: application/ocsp-request`. A fixed pool of worker threads,
//! each with its own read connection to the issuance log (SQLite WAL allows
//! concurrent readers, so a revocation is visible at the next request).
//! Requests are bounded in size and time; malformed HTTP gets 400.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::PathBuf;
use std::sync::{Arc, Mutex, mpsc};
use std::time::Duration;

use anyhow::{Context, Result, anyhow};
use ca::log::IssuanceLog;
use ca::ocsp::Responder;
use clap::Args;

/// `rootward ocsp serve`
#[derive(Debug, Args)]
pub struct ServeArgs {
    /// The CA certificate whose certificates are answered for.
    #[arg(long)]
    issuer_cert: PathBuf,
    /// The signing key file: the CA's, or the delegated responder's with
    /// --responder-cert; or --pkcs11-module for a key in a token.
    #[arg(
        long,
        required_unless_present = "pkcs11_module",
        conflicts_with = "pkcs11_module"
    )]
    key: Option<PathBuf>,
    /// Environment variable holding the key passphrase.
    #[arg(long, default_value = crate::ca_cmd::PASSPHRASE_ENV)]
    passphrase_env: String,
    #[command(flatten)]
    token: crate::ca_cmd::TokenKeyArgs,
    /// Delegated responder certificate (issued by the CA with the ocsp-responder profile).
    #[arg(long)]
    responder_cert: Option<PathBuf>,
    /// The CA's issuance log.
    #[arg(long)]
    log: PathBuf,
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1:8081")]
    listen: String,
    /// Hours between thisUpdate and nextUpdate (TLS BR 4.9.9 allows 8 to 240).
    #[arg(long, default_value_t = 96)]
    validity_hours: u32,
    /// Worker threads.
    #[arg(long, default_value_t = 4)]
    workers: usize,
}

const MAX_HEADER: usize = 16 * 1024;
const MAX_BODY: usize = 64 * 1024;

/// Runs the responder until killed.
pub fn run(a: ServeArgs) -> Result<u8> {
    if !(8..=240).contains(&a.validity_hours) {
        anyhow::bail!("--validity-hours must be between 8 and 240 (TLS BR 4.9.9)");
    }
    let issuer_der = crate::ca_cmd::read_der(&a.issuer_cert)?;
    let key: Arc<dyn ca::Signer> = Arc::from(crate::ca_cmd::signing_key(
        a.key.as_deref(),
        &a.passphrase_env,
        &a.token,
    )?);
    let responder_cert = a
        .responder_cert
        .as_deref()
        .map(crate::ca_cmd::read_der)
        .transpose()?;
    // A CA signing its own responses needs digitalSignature in its keyUsage
    // (SMIME BR 7.1.2.2(e); TLS BR 7.1.2.10.7); otherwise use a delegated responder.
    if responder_cert.is_none() {
        let issuer = cert::Certificate::parse(&issuer_der)
            .map_err(|e| anyhow!("{}: {e}", a.issuer_cert.display()))?;
        if issuer
            .key_usage()
            .is_some_and(|k| !k.has(cert::KeyUsageBit::DigitalSignature))
        {
            anyhow::bail!(
                "{}: the CA's keyUsage lacks digitalSignature, so its key may not sign OCSP responses \
                 (SMIME BR 7.1.2.2(e), TLS BR 7.1.2.10.7); issue a delegated responder certificate \
                 (profile ocsp-responder) and pass --responder-cert",
                a.issuer_cert.display()
            );
        }
    }
    // Opening once checks the log exists and has the schema before serving,
    // and links the issuer certificate to its CA's others in the log.
    let mut log =
        IssuanceLog::open_existing(&a.log).map_err(|e| anyhow!("{}: {e}", a.log.display()))?;
    if let Err(e) = log.register_issuer(&issuer_der) {
        // A read-only copy of the log still answers, for the certificates
        // issued under this issuer certificate and the ones linked before.
        eprintln!(
            "rootward ocsp: {}: the issuer certificate could not be linked to its CA's others: {e}",
            a.log.display()
        );
    }
    drop(log);
    let listener =
        TcpListener::bind(&a.listen).with_context(|| format!("cannot listen on {}", a.listen))?;
    eprintln!(
        "rootward ocsp: answering for {} on http://{}",
        a.issuer_cert.display(),
        listener.local_addr()?
    );
    let (tx, rx) = mpsc::sync_channel::<TcpStream>(64);
    let rx = Arc::new(Mutex::new(rx));
    for _ in 0..a.workers.max(1) {
        let rx = Arc::clone(&rx);
        let key = Arc::clone(&key);
        let issuer_der = issuer_der.clone();
        let responder_cert = responder_cert.clone();
        let log_path = a.log.clone();
        let validity = a.validity_hours as i64 * 3600;
        std::thread::spawn(move || {
            let log = match IssuanceLog::open_existing(&log_path) {
                Ok(l) => l,
                Err(e) => {
                    eprintln!("rootward ocsp: {}: {e}", log_path.display());
                    return;
                }
            };
            let responder = Responder {
                issuer_der,
                signer: key.as_ref(),
                responder_cert_der: responder_cert,
                validity_seconds: validity,
            };
            loop {
                let stream = match rx.lock() {
                    Ok(guard) => match guard.recv() {
                        Ok(s) => s,
                        Err(_) => return,
                    },
                    Err(_) => return,
                };
                if let Err(e) = handle(stream, &responder, &log) {
                    eprintln!("rootward ocsp: {e:#}");
                }
            }
        });
    }
    for stream in listener.incoming() {
        match stream {
            Ok(s) => {
                if tx.send(s).is_err() {
                    break;
                }
            }
            Err(e) => eprintln!("rootward ocsp: accept: {e}"),
        }
    }
    Ok(0)
}

fn respond(stream: &mut TcpStream, status: &str, content_type: &str, body: &[u8]) -> Result<()> {
    write!(
        stream,
        "HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\nConnection: close\r\n",
        body.len()
    )?;
    if status.starts_with("200") {
        write!(
            stream,
            "Cache-Control: max-age=3600, public, no-transform, must-revalidate\r\n"
        )?;
    }
    stream.write_all(b"\r\n")?;
    stream.write_all(body)?;
    stream.flush()?;
    Ok(())
}

fn handle(mut stream: TcpStream, responder: &Responder<'_>, log: &IssuanceLog) -> Result<()> {
    stream.set_read_timeout(Some(Duration::from_secs(10)))?;
    stream.set_write_timeout(Some(Duration::from_secs(10)))?;
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut head = Vec::new();
    let mut line = String::new();
    let mut head_bytes = 0usize;
    let mut content_length = 0usize;
    loop {
        line.clear();
        let n = reader
            .by_ref()
            .take(MAX_HEADER as u64)
            .read_line(&mut line)?;
        // Counted over all lines, so the request line (and the GET path) is bounded too.
        head_bytes += n;
        if n == 0 || head_bytes > MAX_HEADER {
            return respond(
                &mut stream,
                "400 Bad Request",
                "text/plain",
                b"bad request\n",
            );
        }
        if line == "\r\n" || line == "\n" {
            break;
        }
        if let Some((k, v)) = line.split_once(':')
            && k.eq_ignore_ascii_case("content-length")
        {
            content_length = v.trim().parse().unwrap_or(usize::MAX);
        }
        head.push(line.clone());
    }
    let request_line = head.first().cloned().unwrap_or_default();
    let mut parts = request_line.split_whitespace();
    let (method, path) = (parts.next().unwrap_or(""), parts.next().unwrap_or(""));
    let der = match method {
        "GET" => match ca::ocsp::request_from_get_path(path) {
            Ok(der) => der,
            Err(e) => {
                return respond(
                    &mut stream,
                    "400 Bad Request",
                    "text/plain",
                    format!("{e}\n").as_bytes(),
                );
            }
        },
        "POST" => {
            if content_length > MAX_BODY {
                return respond(
                    &mut stream,
                    "413 Payload Too Large",
                    "text/plain",
                    b"request too large\n",
                );
            }
            let mut body = vec![0u8; content_length];
            reader.read_exact(&mut body)?;
            body
        }
        _ => {
            return respond(
                &mut stream,
                "405 Method Not Allowed",
                "text/plain",
                b"GET or POST\n",
            );
        }
    };
    let response = responder.respond(&der, log, crate::ca_cmd::now());
    respond(
        &mut stream,
        "200 OK",
        "application/ocsp-response",
        &response,
    )
}
