//! End-to-end tests of the CA commands through the `rootward` binary:
//! `key generate`, `issue` (self-signed root, sub-CA from an OpenSSL CSR,
//! leaf from a public key), mis-issuance refused and overrides recorded,
//! `revoke`, `crl`, `ocsp serve` against `openssl ocsp`, `ceremony run` and
//! `ceremony verify`, `profiles`, and the error contract (exit 2 with a
//! clear message).
//!
//! Each test works in its own directory under `CARGO_TARGET_TMPDIR`.
//! OpenSSL is required by the tests that use it; without it they print a
//! message and pass.
#![allow(clippy::expect_used, clippy::unwrap_used, missing_docs)]

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

const BIN: &str = env!("CARGO_BIN_EXE_rootward");
const PASS_ENV: &str = "ROOTWARD_KEY_PASSPHRASE";
const PASS: &str = "correct horse battery staple 0417";

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

impl Run {
    fn all(&self) -> String {
        format!("exit {}\n{}{}", self.code, self.stdout, self.stderr)
    }
}

/// A test's working directory, the cwd of every command it runs.
struct Dir {
    path: PathBuf,
}

impl Dir {
    fn new(name: &str) -> Dir {
        let path = Path::new(env!("CARGO_TARGET_TMPDIR"))
            .join(format!("ca_cli-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&path);
        std::fs::create_dir_all(&path).unwrap();
        Dir { path }
    }

    fn p(&self, name: &str) -> PathBuf {
        self.path.join(name)
    }

    fn read(&self, name: &str) -> Vec<u8> {
        std::fs::read(self.p(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
    }

    fn cmd(&self, program: &str, args: &[&str], envs: &[(&str, &str)]) -> Run {
        let mut c = Command::new(program);
        c.current_dir(&self.path)
            .args(args)
            .stdin(Stdio::null())
            .env_remove(PASS_ENV);
        // `openssl ocsp -url` would send requests for 127.0.0.1 to a proxy from the environment.
        for proxy in ["http_proxy", "HTTP_PROXY", "all_proxy", "ALL_PROXY"] {
            c.env_remove(proxy);
        }
        for (k, v) in envs {
            c.env(k, v);
        }
        let o = c
            .output()
            .unwrap_or_else(|e| panic!("{program} {args:?}: {e}"));
        Run {
            code: o.status.code().expect("exited normally, not by a signal"),
            stdout: String::from_utf8_lossy(&o.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&o.stderr).into_owned(),
        }
    }

    /// `rootward ARGS` with the key passphrase in the environment.
    fn rw(&self, args: &[&str]) -> Run {
        self.cmd(BIN, args, &[(PASS_ENV, PASS)])
    }

    /// `rootward ARGS` that must succeed.
    fn rw_ok(&self, args: &[&str]) -> Run {
        let r = self.rw(args);
        assert_eq!(r.code, 0, "rootward {args:?}: {}", r.all());
        r
    }

    /// `openssl ARGS` (passphrase in the environment) that must succeed.
    fn openssl_ok(&self, args: &[&str]) -> Run {
        let r = self.cmd("openssl", args, &[(PASS_ENV, PASS)]);
        assert_eq!(r.code, 0, "openssl {args:?}: {}", r.all());
        r
    }

    /// Certificates recorded in an issuance log.
    fn log_count(&self, log: &str) -> u64 {
        ca::log::IssuanceLog::open(&self.p(log))
            .expect("log opens")
            .count()
            .expect("count")
    }

    /// The serial of a certificate as `openssl x509 -serial` prints it (uppercase hex).
    fn serial(&self, cert: &str) -> String {
        let r = self.openssl_ok(&["x509", "-in", cert, "-noout", "-serial"]);
        r.stdout
            .trim()
            .strip_prefix("serial=")
            .expect("serial=")
            .to_string()
    }
}

impl Drop for Dir {
    fn drop(&mut self) {
        if !std::thread::panicking() {
            let _ = std::fs::remove_dir_all(&self.path);
        }
    }
}

fn have_openssl() -> bool {
    Command::new("openssl")
        .arg("version")
        .output()
        .is_ok_and(|o| o.status.success())
}

macro_rules! require_openssl {
    () => {
        if !have_openssl() {
            println!("skipping: openssl is not installed");
            return;
        }
    };
}

/// Root (P-384, self-signed), S/MIME sub-CA (P-256, from an OpenSSL CSR)
/// and an S/MIME mailbox strict leaf (P-256, from its public key), all in
/// the issuance log `ca.db`. Files: root.pem, sub.pem, leaf.pem and the keys.
fn hierarchy(d: &Dir) {
    for (alg, name) in [("p384", "root"), ("p256", "sub"), ("p256", "leaf")] {
        let r = d.rw_ok(&[
            "key",
            "generate",
            "--algorithm",
            alg,
            "--out",
            &format!("{name}.p8"),
            "--public-out",
            &format!("{name}.pub.pem"),
        ]);
        assert!(r.stdout.contains("SHA-256 of SubjectPublicKeyInfo"));
        assert!(
            d.read(&format!("{name}.p8"))
                .starts_with(b"-----BEGIN ENCRYPTED PRIVATE KEY-----"),
            "{name} key is encrypted"
        );
    }
    d.rw_ok(&[
        "issue",
        "--self-signed",
        "--profile",
        "root-ca",
        "--issuer-key",
        "root.p8",
        "--attr",
        "C=JP",
        "--attr",
        "O=Example Trust",
        "--attr",
        "CN=Example Root",
        "--log",
        "ca.db",
        "--out",
        "root.pem",
    ]);
    // The sub-CA operator's CSR, made with OpenSSL from our encrypted key.
    d.openssl_ok(&[
        "pkey",
        "-in",
        "sub.p8",
        "-passin",
        &format!("env:{PASS_ENV}"),
        "-out",
        "sub-plain.pem",
    ]);
    d.openssl_ok(&[
        "req",
        "-new",
        "-key",
        "sub-plain.pem",
        "-subj",
        "/C=JP/O=Example Japan Co., Ltd./CN=Example SureMail CA G5",
        "-out",
        "sub.csr",
    ]);
    d.rw_ok(&[
        "issue",
        "--profile",
        "smime-subca",
        "--issuer-cert",
        "root.pem",
        "--issuer-key",
        "root.p8",
        "--csr",
        "sub.csr",
        "--log",
        "ca.db",
        "--out",
        "sub.pem",
    ]);
    issue_leaf(d, "leaf.pub.pem", "alice@example.com", "ca.db", "leaf.pem");
}

/// `rootward issue` of an S/MIME mailbox strict leaf by the sub-CA.
fn issue_leaf(d: &Dir, public_key: &str, mailbox: &str, log: &str, out: &str) -> Run {
    d.rw_ok(&strs(&leaf_args(public_key, mailbox, mailbox, log, out)))
}

fn leaf_args(public_key: &str, cn: &str, mailbox: &str, log: &str, out: &str) -> Vec<String> {
    [
        "issue",
        "--profile",
        "smime-mailbox-strict",
        "--issuer-cert",
        "sub.pem",
        "--issuer-key",
        "sub.p8",
        "--public-key",
        public_key,
        "--attr",
        &format!("CN={cn}"),
        "--san",
        &format!("email:{mailbox}"),
        "--log",
        log,
        "--out",
        out,
    ]
    .iter()
    .map(|s| s.to_string())
    .collect()
}

fn strs(v: &[String]) -> Vec<&str> {
    v.iter().map(String::as_str).collect()
}

#[test]
fn hierarchy_issues_verifies_and_lints_clean() {
    require_openssl!();
    let d = Dir::new("hierarchy");
    hierarchy(&d);
    assert_eq!(d.log_count("ca.db"), 3, "root, sub-CA and leaf are logged");
    d.openssl_ok(&[
        "verify",
        "-x509_strict",
        "-purpose",
        "smimesign",
        "-CAfile",
        "root.pem",
        "-untrusted",
        "sub.pem",
        "leaf.pem",
    ]);
    for cert in ["root.pem", "sub.pem", "leaf.pem"] {
        let r = d.rw(&["lint", cert]);
        assert_eq!(r.code, 0, "rootward lint {cert}: {}", r.all());
    }
    // The sub-CA kept the CSR's subject.
    let subject = d.openssl_ok(&["x509", "-in", "sub.pem", "-noout", "-subject"]);
    assert!(
        subject.stdout.contains("Example SureMail CA G5"),
        "{}",
        subject.stdout
    );
}

#[test]
fn misissuance_is_refused_and_overrides_are_recorded() {
    require_openssl!();
    let d = Dir::new("misissue");
    hierarchy(&d);
    let before = d.log_count("ca.db");

    // A SAN type the profile does not allow: refused before linting, exit 2.
    let mut args = leaf_args("leaf.pub.pem", "www.example.com", "x", "ca.db", "bad1.pem");
    let san = args.iter().position(|a| a == "--san").unwrap() + 1;
    args[san] = "dns:www.example.com".into();
    let r = d.rw(&strs(&args));
    assert_eq!(r.code, 2, "{}", r.all());
    assert!(
        r.stderr.contains("dns") && r.stderr.contains("not allowed"),
        "the refusal says why: {}",
        r.stderr
    );
    assert!(!d.p("bad1.pem").exists(), "nothing written");
    assert_eq!(d.log_count("ca.db"), before, "nothing logged");

    // A commonName that is not the SAN mailbox (SMIME BR 7.1.4.2.2(a)): exit 1 naming the finding.
    let args = leaf_args(
        "leaf.pub.pem",
        "mallory@example.org",
        "alice@example.com",
        "ca.db",
        "bad2.pem",
    );
    let r = d.rw(&strs(&args));
    assert_eq!(r.code, 1, "{}", r.all());
    assert!(r.stderr.contains("refused"), "{}", r.stderr);
    // Lines "  error CODE: message [citation] (location)".
    let codes: Vec<String> = r
        .stderr
        .lines()
        .filter_map(|l| {
            let l = l.trim_start();
            l.strip_prefix("error ")
                .or_else(|| l.strip_prefix("fatal "))
                .and_then(|rest| rest.split(':').next())
                .map(str::to_string)
        })
        .collect();
    assert!(
        !codes.is_empty(),
        "the finding codes are listed: {}",
        r.stderr
    );
    assert!(
        codes.iter().all(|c| c.contains('.') && !c.contains(' ')),
        "finding codes look like codes: {codes:?}"
    );
    assert!(!d.p("bad2.pem").exists(), "nothing written");
    assert_eq!(d.log_count("ca.db"), before, "nothing logged");

    // The same with --override CODE for each code: issued, and the override recorded.
    let mut args = args;
    args.last_mut().unwrap().replace_range(.., "overridden.pem");
    for c in &codes {
        args.push("--override".into());
        args.push(c.clone());
    }
    let r = d.rw(&strs(&args));
    assert_eq!(r.code, 0, "{}", r.all());
    for c in &codes {
        assert!(
            r.stdout.contains(&format!("override recorded: {c}")),
            "{}",
            r.stdout
        );
    }
    assert!(d.p("overridden.pem").exists());
    assert_eq!(d.log_count("ca.db"), before + 1);
    let log = ca::log::IssuanceLog::open(&d.p("ca.db")).unwrap();
    let sub_der = cert::source::ItemReader::new(BufReader::new(&d.read("sub.pem")[..]))
        .next()
        .unwrap()
        .unwrap()
        .data
        .unwrap();
    let entries = log
        .issued_by(&cert::hex_upper(&cert::digest::sha256(&sub_der)))
        .unwrap();
    let last = entries.last().expect("an entry");
    for c in &codes {
        assert!(last.overrides.contains(c.as_str()), "{:?}", last.overrides);
    }
}

/// Kills the OCSP server however the test ends.
struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn ocsp_status(d: &Dir, url: &str, cert: &str) -> String {
    let (req, resp) = (format!("{cert}.req.der"), format!("{cert}.resp.der"));
    let r = d.cmd(
        "openssl",
        &[
            "ocsp", "-issuer", "sub.pem", "-cert", cert, "-url", url, "-CAfile", "root.pem",
            "-reqout", &req, "-respout", &resp,
        ],
        &[],
    );
    assert_eq!(r.code, 0, "openssl ocsp {cert}: {}", r.all());
    assert!(
        r.stderr.contains("Response verify OK") || r.stdout.contains("Response verify OK"),
        "{}",
        r.all()
    );
    // openssl only warns, exit 0, when the response lacks the nonce.
    assert!(
        !r.all().contains("no nonce in response") && !r.all().contains("Nonce Verify error"),
        "{}",
        r.all()
    );
    let sent = ca::ocsp::parse_request(&d.read(&req))
        .expect("openssl's request decodes")
        .nonce;
    assert!(sent.is_some(), "openssl sends a nonce by default");
    assert_eq!(response_nonce(&d.read(&resp)), sent, "{cert}: nonce echoed");
    r.stdout
        .lines()
        .find_map(|l| l.strip_prefix(&format!("{cert}: ")))
        .unwrap_or_else(|| panic!("no status for {cert}: {}", r.all()))
        .trim()
        .to_string()
}

/// The nonce extension's extnValue in a DER OCSP response (None when absent),
/// read with the project's own parser; more than one is a failure.
fn response_nonce(resp: &[u8]) -> Option<Vec<u8>> {
    let r = cert::ocsp::OcspResponse::parse(resp).expect("response decodes");
    let basic = r.basic().expect("a BasicOCSPResponse");
    let nonces: Vec<_> = basic
        .extensions()
        .iter()
        .filter(|e| e.oid == cert::ocsp::NONCE)
        .map(|e| e.value.to_vec())
        .collect();
    assert!(nonces.len() <= 1, "at most one nonce extension");
    nonces.into_iter().next()
}

/// `GET path` over HTTP/1.1: the status line and the body.
fn http_get(addr: &str, path: &str) -> (String, Vec<u8>) {
    use std::io::{Read, Write};
    let mut s = std::net::TcpStream::connect(addr).expect("connect");
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )
    .expect("send");
    let mut all = Vec::new();
    s.read_to_end(&mut all).expect("read");
    let at = all
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("a header end");
    let head = String::from_utf8_lossy(&all[..at]).into_owned();
    let status = head.lines().next().unwrap_or_default().to_string();
    (status, all[at + 4..].to_vec())
}

/// An OCSPRequest for the CertID in `template` (an openssl request), with
/// this nonce (none when None).
fn request_with_nonce(template: &[u8], nonce: Option<&[u8]>) -> Vec<u8> {
    use cert::encode::{explicit, octet_string, oid, seq, seq_of};
    let parsed = ca::ocsp::parse_request(template).expect("template decodes");
    let mut tbs = vec![seq(&[&seq(&[&parsed.cert_ids[0].raw])])];
    if let Some(n) = nonce {
        let ext = seq(&[
            &oid("1.3.6.1.5.5.7.48.1.2").unwrap(),
            &octet_string(&octet_string(n)),
        ]);
        tbs.push(explicit(2, &seq(&[&ext])));
    }
    seq(&[&seq_of(&tbs)])
}

/// GET requests for `cert` under `/` and `/smime-ca/`, with '/' (and '+',
/// '=') in the base64 sent raw and percent-encoded, are answered `want`
/// with exactly the request's nonce; without a nonce, none comes back.
fn ocsp_get_checks(d: &Dir, addr: &str, cert: &str, want: &str) {
    use base64::Engine;
    let b64 = base64::engine::general_purpose::STANDARD;
    d.openssl_ok(&[
        "ocsp",
        "-issuer",
        "sub.pem",
        "-cert",
        cert,
        "-reqout",
        "get.req.der",
    ]);
    let template = d.read("get.req.der");
    // 0xFF octets give "////" in base64; the nonce length moves the padding.
    let (req, encoded) = (8..=32)
        .map(|len| request_with_nonce(&template, Some(&vec![0xff; len])))
        .map(|der| {
            let e = b64.encode(&der);
            (der, e)
        })
        .find(|(_, e)| e.contains('/') && e.ends_with('='))
        .expect("a nonce whose base64 holds '/' and '='");
    let escaped = encoded
        .replace('/', "%2F")
        .replace('+', "%2B")
        .replace('=', "%3D");
    let plain = request_with_nonce(&template, None);
    for (path, sent) in [
        (format!("/{encoded}"), &req),
        (format!("/{escaped}"), &req),
        (format!("/smime-ca/{encoded}"), &req),
        (format!("/smime-ca/{escaped}"), &req),
        (format!("/smime-ca/{}", b64.encode(&plain)), &plain),
    ] {
        let (status, body) = http_get(addr, &path);
        assert!(status.contains(" 200 "), "GET {path}: {status}");
        std::fs::write(d.p("get.resp.der"), &body).unwrap();
        let r = d.openssl_ok(&[
            "ocsp",
            "-no_nonce",
            "-respin",
            "get.resp.der",
            "-issuer",
            "sub.pem",
            "-cert",
            cert,
            "-CAfile",
            "root.pem",
        ]);
        assert!(
            r.all().contains("Response verify OK") && r.stdout.contains(&format!("{cert}: {want}")),
            "GET {path}: {}",
            r.all()
        );
        let asked = ca::ocsp::parse_request(sent).unwrap().nonce;
        assert_eq!(response_nonce(&body), asked, "GET {path}: nonce");
    }
}

#[test]
fn revoke_crl_and_ocsp_answer_good_revoked_and_unknown() {
    require_openssl!();
    let d = Dir::new("revoke");
    hierarchy(&d);
    // A second leaf, revoked below, and one the log does not know (issued into another log).
    for n in ["bob", "carol"] {
        d.rw_ok(&[
            "key",
            "generate",
            "--algorithm",
            "p256",
            "--out",
            &format!("{n}.p8"),
            "--public-out",
            &format!("{n}.pub.pem"),
        ]);
    }
    issue_leaf(&d, "bob.pub.pem", "bob@example.com", "ca.db", "revoked.pem");
    issue_leaf(
        &d,
        "carol.pub.pem",
        "carol@example.com",
        "other.db",
        "unknown.pem",
    );

    let serial = d.serial("revoked.pem");
    let r = d.rw_ok(&[
        "revoke",
        "--issuer-cert",
        "sub.pem",
        "--log",
        "ca.db",
        "--serial",
        &serial,
        "--reason",
        "keyCompromise",
    ]);
    assert!(r.stdout.contains("revoked"), "{}", r.stdout);
    // Revoking it again, or a serial never issued, is refused.
    let again = d.rw(&[
        "revoke",
        "--issuer-cert",
        "sub.pem",
        "--log",
        "ca.db",
        "--serial",
        &serial,
    ]);
    assert_ne!(again.code, 0, "{}", again.all());
    let never = d.rw(&[
        "revoke",
        "--issuer-cert",
        "sub.pem",
        "--log",
        "ca.db",
        "--serial",
        &d.serial("unknown.pem"),
    ]);
    assert_ne!(never.code, 0, "{}", never.all());
    // A reason the BRs do not allow for this certificate is refused, naming
    // the section, and nothing is recorded (the leaf stays good below).
    let hold = d.rw(&[
        "revoke",
        "--issuer-cert",
        "sub.pem",
        "--log",
        "ca.db",
        "--serial",
        &d.serial("leaf.pem"),
        "--reason",
        "certificateHold",
    ]);
    assert_ne!(hold.code, 0, "{}", hold.all());
    assert!(hold.all().contains("SMIME BR 7.2.2"), "{}", hold.all());

    // A CRL that breaks the BRs is not written: subscriber CRLs are valid
    // for at most ten days (SMIME BR 4.9.7). An override publishes it.
    let long = d.rw(&[
        "crl",
        "--issuer-cert",
        "sub.pem",
        "--issuer-key",
        "sub.p8",
        "--log",
        "ca.db",
        "--next-update-days",
        "30",
        "--out",
        "long.pem",
    ]);
    assert_eq!(long.code, 1, "{}", long.all());
    assert!(
        long.all()
            .contains("smime.crl.subscriber_next_update_too_late"),
        "{}",
        long.all()
    );
    assert!(!d.p("long.pem").exists(), "nothing written");
    d.rw_ok(&[
        "crl",
        "--issuer-cert",
        "sub.pem",
        "--issuer-key",
        "sub.p8",
        "--log",
        "ca.db",
        "--next-update-days",
        "30",
        "--override",
        "smime.crl.subscriber_next_update_too_late",
        "--out",
        "long.pem",
    ]);
    assert!(d.p("long.pem").exists(), "written with the override");

    // A mistyped log path is an error, not a new empty log whose CRL would
    // say nothing was ever revoked.
    let typo = d.rw(&[
        "crl",
        "--issuer-cert",
        "sub.pem",
        "--issuer-key",
        "sub.p8",
        "--log",
        "ca-typo.db",
        "--out",
        "typo.pem",
    ]);
    assert_eq!(typo.code, 2, "{}", typo.all());
    assert!(
        typo.all().contains("no issuance log there"),
        "{}",
        typo.all()
    );
    assert!(!d.p("ca-typo.db").exists() && !d.p("typo.pem").exists());

    // The log lists what was issued with its status, and writes one out.
    let listed = d.rw_ok(&["issued", "--log", "ca.db", "--issuer-cert", "sub.pem"]);
    let line_of = |s: &str| {
        listed
            .stdout
            .lines()
            .find(|l| l.starts_with(s))
            .unwrap_or_else(|| panic!("{s} listed: {}", listed.stdout))
            .to_string()
    };
    assert!(line_of(&serial).contains("revoked (keyCompromise)"));
    assert!(line_of(&d.serial("leaf.pem")).contains("good"));
    d.rw_ok(&[
        "issued",
        "--log",
        "ca.db",
        "--serial",
        &serial,
        "--out",
        "again.pem",
    ]);
    assert_eq!(d.read("again.pem"), d.read("revoked.pem"), "the same PEM");
    let none = d.rw(&["issued", "--log", "ca.db", "--serial", "0102"]);
    assert_eq!(none.code, 1, "{}", none.all());

    d.rw_ok(&[
        "crl",
        "--issuer-cert",
        "sub.pem",
        "--issuer-key",
        "sub.p8",
        "--log",
        "ca.db",
        "--out",
        "crl.pem",
    ]);
    let crl = d.openssl_ok(&[
        "crl", "-in", "crl.pem", "-CAfile", "sub.pem", "-noout", "-text",
    ]);
    assert!(crl.stderr.contains("verify OK"), "{}", crl.all());
    assert!(
        crl.stdout.contains(&format!("Serial Number: {serial}")),
        "the CRL lists {serial}: {}",
        crl.stdout
    );
    assert!(crl.stdout.contains("Key Compromise"), "{}", crl.stdout);
    assert!(
        !crl.stdout.contains(&d.serial("leaf.pem")),
        "the good leaf is not listed"
    );

    // Our CRL checks on the CRL file.
    let lint = d.rw(&["lint", "crl.pem"]);
    assert_eq!(lint.code, 0, "rootward lint crl.pem: {}", lint.all());
    assert!(
        lint.stdout.contains(" crl "),
        "linted as a CRL: {}",
        lint.all()
    );

    // OCSP over HTTP, through a delegated responder: the sub-CA's keyUsage has
    // no digitalSignature, so its own key may not sign OCSP responses.
    let refused = d.rw(&[
        "ocsp",
        "serve",
        "--issuer-cert",
        "sub.pem",
        "--key",
        "sub.p8",
        "--log",
        "ca.db",
        "--listen",
        "127.0.0.1:0",
    ]);
    assert_eq!(refused.code, 2, "{}", refused.all());
    assert!(
        refused.stderr.contains("digitalSignature"),
        "{}",
        refused.all()
    );
    d.rw_ok(&[
        "key",
        "generate",
        "--algorithm",
        "p256",
        "--out",
        "ocsp.p8",
        "--public-out",
        "ocsp.pub.pem",
    ]);
    d.rw_ok(&[
        "issue",
        "--profile",
        "ocsp-responder",
        "--issuer-cert",
        "sub.pem",
        "--issuer-key",
        "sub.p8",
        "--public-key",
        "ocsp.pub.pem",
        "--attr",
        "C=JP",
        "--attr",
        "O=Example Japan",
        "--attr",
        "CN=Example OCSP Responder",
        "--log",
        "ca.db",
        "--out",
        "ocsp.pem",
    ]);
    let mut child = Command::new(BIN)
        .current_dir(&d.path)
        .args([
            "ocsp",
            "serve",
            "--issuer-cert",
            "sub.pem",
            "--key",
            "ocsp.p8",
            "--responder-cert",
            "ocsp.pem",
            "--log",
            "ca.db",
            "--listen",
            "127.0.0.1:0",
        ])
        .env(PASS_ENV, PASS)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("server starts");
    let stderr = child.stderr.take().expect("stderr");
    let server = Server(child);
    let mut lines = BufReader::new(stderr).lines();
    let mut seen = String::new();
    let addr = loop {
        let line = lines
            .next()
            .unwrap_or_else(|| panic!("the server exited before listening: {seen}"))
            .expect("stderr line");
        seen.push_str(&line);
        seen.push('\n');
        if let Some((_, a)) = line.split_once("on http://") {
            break a.trim().to_string();
        }
    };
    // Keep draining the server's stderr so it can never block on a full pipe.
    std::thread::spawn(move || for _ in lines {});
    let url = format!("http://{addr}");
    assert_eq!(ocsp_status(&d, &url, "leaf.pem"), "good");
    assert_eq!(ocsp_status(&d, &url, "revoked.pem"), "revoked");
    assert_eq!(ocsp_status(&d, &url, "unknown.pem"), "unknown");
    // GET (RFC 6960 A.1), at the root and under the AIA's path.
    for (cert, want) in [
        ("leaf.pem", "good"),
        ("revoked.pem", "revoked"),
        ("unknown.pem", "unknown"),
    ] {
        ocsp_get_checks(&d, &addr, cert, want);
    }
    for bad in [
        "/",
        "/smime-ca/",
        "/smime-ca/not-a-request",
        "/smime-ca/%zz",
    ] {
        let (status, body) = http_get(&addr, bad);
        assert!(status.contains(" 400 "), "GET {bad}: {status}");
        let body = String::from_utf8_lossy(&body);
        assert!(body.contains("OCSPRequest"), "GET {bad}: {body}");
    }
    drop(server);
}

#[test]
fn ceremony_runs_and_its_record_verifies_until_a_byte_changes() {
    let d = Dir::new("ceremony");
    let example =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/ceremony/hierarchy.toml");
    std::fs::copy(&example, d.p("hierarchy.toml")).expect("copy the example");
    let envs = [
        ("ROOT_PASSPHRASE", "root passphrase 7b1e"),
        ("SUBCA_PASSPHRASE", "sub-CA passphrase 93c0"),
    ];
    let r = d.cmd(BIN, &["ceremony", "run", "hierarchy.toml"], &envs);
    assert_eq!(r.code, 0, "ceremony run: {}", r.all());
    assert!(r.stdout.contains("script SHA-256"), "{}", r.stdout);
    for f in [
        "root.pem",
        "subca.pem",
        "subca.csr",
        "root.crl",
        "ceremony-record.json",
        "key-generation-report.md",
    ] {
        assert!(d.p("out").join(f).exists(), "out/{f} written");
    }
    let verify = d.cmd(
        BIN,
        &["ceremony", "verify", "out/ceremony-record.json"],
        &[],
    );
    assert_eq!(verify.code, 0, "ceremony verify: {}", verify.all());
    if have_openssl() {
        d.openssl_ok(&[
            "verify",
            "-x509_strict",
            "-CAfile",
            "out/root.pem",
            "out/subca.pem",
        ]);
    }

    // One byte flipped anywhere: the record no longer verifies.
    let record = d.p("out/ceremony-record.json");
    let original = std::fs::read(&record).unwrap();
    for at in [original.len() / 3, original.len() / 2, original.len() - 5] {
        let mut bytes = original.clone();
        bytes[at] ^= 0x01;
        std::fs::write(&record, &bytes).unwrap();
        let r = d.cmd(
            BIN,
            &["ceremony", "verify", "out/ceremony-record.json"],
            &[],
        );
        assert_eq!(r.code, 1, "byte {at} flipped: {}", r.all());
    }
    std::fs::write(&record, &original).unwrap();

    // Running the same ceremony again never overwrites its artefacts.
    let root_before = d.read("out/root.pem");
    let again = d.cmd(BIN, &["ceremony", "run", "hierarchy.toml"], &envs);
    assert_ne!(again.code, 0, "{}", again.all());
    assert_eq!(d.read("out/root.pem"), root_before, "root.pem unchanged");
}

#[test]
fn profiles_lists_every_shipped_profile() {
    let d = Dir::new("profiles");
    let r = d.rw_ok(&["profiles"]);
    assert!(!r.stdout.contains("REFUSED"), "{}", r.stdout);
    for (name, _) in ca::profile::SHIPPED {
        assert!(
            r.stdout
                .lines()
                .any(|l| l.split_whitespace().next() == Some(name)),
            "{name} listed: {}",
            r.stdout
        );
    }
}

#[test]
fn errors_are_exit_2_with_a_clear_message() {
    require_openssl!();
    let d = Dir::new("errors");
    hierarchy(&d);
    let before = d.log_count("ca.db");

    // Wrong passphrase: exit 2, says so, never shows the passphrase.
    let wrong = "Tr0ub4dor&3 is not it";
    let args = leaf_args(
        "leaf.pub.pem",
        "alice@example.com",
        "alice@example.com",
        "ca.db",
        "wrong.pem",
    );
    let r = d.cmd(BIN, &strs(&args), &[(PASS_ENV, wrong)]);
    assert_eq!(r.code, 2, "{}", r.all());
    assert!(
        r.stderr.to_lowercase().contains("passphrase"),
        "says the passphrase is wrong: {}",
        r.stderr
    );
    assert!(
        !r.all().contains(wrong) && !r.all().contains(PASS),
        "no passphrase shown: {}",
        r.all()
    );
    assert!(!d.p("wrong.pem").exists());

    // No passphrase and no terminal: exit 2 naming the variable.
    let r = d.cmd(BIN, &strs(&args), &[]);
    assert_eq!(r.code, 2, "{}", r.all());
    assert!(r.stderr.contains(PASS_ENV), "{}", r.stderr);

    // A missing file: exit 2 naming it.
    let args = leaf_args(
        "missing.pub.pem",
        "alice@example.com",
        "alice@example.com",
        "ca.db",
        "missing.pem",
    );
    let r = d.rw(&strs(&args));
    assert_eq!(r.code, 2, "{}", r.all());
    assert!(r.stderr.contains("missing.pub.pem"), "{}", r.stderr);
    let r = d.rw(&["lint", "nonexistent-cert.pem"]);
    assert_eq!(r.code, 2, "{}", r.all());
    assert!(r.stderr.contains("nonexistent-cert.pem"), "{}", r.stderr);

    assert_eq!(
        d.log_count("ca.db"),
        before,
        "nothing logged by the failures"
    );

    // An existing --out file: exit 2, the file unchanged.
    std::fs::write(d.p("taken.pem"), b"precious\n").unwrap();
    let args = leaf_args(
        "leaf.pub.pem",
        "alice@example.com",
        "alice@example.com",
        "ca.db",
        "taken.pem",
    );
    let r = d.rw(&strs(&args));
    assert_eq!(r.code, 2, "{}", r.all());
    assert!(r.stderr.contains("taken.pem"), "{}", r.stderr);
    assert_eq!(d.read("taken.pem"), b"precious\n", "never overwritten");
    // --out is created before anything is signed, so nothing was logged.
    assert_eq!(
        d.log_count("ca.db"),
        before,
        "no certificate recorded that was not handed out"
    );
    let r = d.rw(&[
        "key",
        "generate",
        "--algorithm",
        "p256",
        "--out",
        "taken.pem",
    ]);
    assert_eq!(r.code, 2, "{}", r.all());
    assert_eq!(d.read("taken.pem"), b"precious\n", "never overwritten");
}
