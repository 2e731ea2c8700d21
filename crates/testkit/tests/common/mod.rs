//! Helpers for running the openssl binary in tests.
#![allow(dead_code, clippy::expect_used, missing_docs)]

use std::path::PathBuf;
use std::process::{Command, Output};
use std::sync::atomic::{AtomicUsize, Ordering};

static COUNTER: AtomicUsize = AtomicUsize::new(0);

/// Whether the openssl binary can be run; prints a skip message if not.
pub fn have_openssl() -> bool {
    let ok = Command::new("openssl")
        .arg("version")
        .output()
        .map(|o| o.status.success())
        .unwrap_or(false);
    if !ok {
        eprintln!("openssl binary not found: skipping openssl checks");
    }
    ok
}

/// A temporary file that is removed on drop.
pub struct TempFile(pub PathBuf);

impl TempFile {
    pub fn new(tag: &str, contents: &[u8]) -> TempFile {
        let n = COUNTER.fetch_add(1, Ordering::SeqCst);
        let path =
            std::env::temp_dir().join(format!("rootward-testkit-{}-{n}-{tag}", std::process::id()));
        std::fs::write(&path, contents).expect("writing a temp file");
        TempFile(path)
    }

    pub fn path(&self) -> &str {
        self.0.to_str().expect("temp path is UTF-8")
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

pub fn run(args: &[&str]) -> Output {
    Command::new("openssl")
        .args(args)
        .output()
        .expect("running openssl")
}

/// `openssl x509 -inform DER -noout -text`; panics with openssl's stderr on failure.
pub fn x509_text(der: &[u8]) -> String {
    let f = TempFile::new("cert.der", der);
    let out = run(&["x509", "-inform", "DER", "-noout", "-text", "-in", f.path()]);
    assert!(
        out.status.success(),
        "openssl x509 failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}
