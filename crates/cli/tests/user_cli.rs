//! `rootward user add` and `rootward user token`.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::process::Command;

const BIN: &str = env!("CARGO_BIN_EXE_rootward");

fn run(db: &str, args: &[&str], password: Option<&str>) -> std::process::Output {
    let mut c = Command::new(BIN);
    c.args(args).args(["--db", db]);
    match password {
        Some(p) => c.env("ROOTWARD_PASSWORD", p),
        None => c.env_remove("ROOTWARD_PASSWORD"),
    };
    c.output().unwrap()
}

#[test]
fn first_program_manager_and_a_token() {
    let dir = std::env::temp_dir().join(format!("rootward-user-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let db = dir.join("r.db");
    let db = db.to_str().unwrap();
    let out = run(
        db,
        &["user", "add", "manager", "--role", "program-manager"],
        Some("a long enough password"),
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "created account manager (program_manager)\n"
    );

    // The same name again, a short password, a member without owner, no password: clear errors, exit 2.
    for (args, pw, needle) in [
        (
            vec!["user", "add", "manager", "--role", "public"],
            Some("a long enough password"),
            "exists",
        ),
        (
            vec!["user", "add", "m2", "--role", "public"],
            Some("short"),
            "at least 12",
        ),
        (
            vec!["user", "add", "m3", "--role", "owner-member"],
            Some("a long enough password"),
            "names its CA owner",
        ),
        (
            vec!["user", "add", "m4", "--role", "public"],
            None,
            "ROOTWARD_PASSWORD",
        ),
    ] {
        let out = run(db, &args, pw);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(needle), "{args:?}: {err}");
    }

    let out = run(db, &["user", "token", "manager", "--label", "ci"], None);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let token = String::from_utf8_lossy(&out.stdout).trim().to_owned();
    assert_eq!(token.len(), 64);
    assert!(token.bytes().all(|b| b.is_ascii_hexdigit()));
    let out = run(db, &["user", "token", "nobody"], None);
    assert_eq!(out.status.code(), Some(2));
}
