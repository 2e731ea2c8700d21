//! End-to-end tests of `rootward lint`: the command line is a contract
//! (DESIGN.md "Contracts other tools rely on").
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

use std::collections::BTreeSet;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::OnceLock;

use serde_json::Value;
use testkit::presets::{Generation, Validation};

const BIN: &str = env!("CARGO_BIN_EXE_rootward");

/// A fresh, empty directory for one test.
/// ../shared/corpus beside the project, or None (with a message) when absent;
/// with ROOTWARD_REQUIRE_CORPUS=1 an absent corpus fails the test.
fn corpus_dir() -> Option<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus");
    if dir.is_dir() {
        return Some(dir);
    }
    assert!(
        std::env::var("ROOTWARD_REQUIRE_CORPUS").as_deref() != Ok("1"),
        "corpus missing at {} and ROOTWARD_REQUIRE_CORPUS=1",
        dir.display()
    );
    eprintln!("skipping: corpus not found at {}", dir.display());
    None
}

fn tmpdir(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("lint_cli-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn write(dir: &Path, name: &str, data: impl AsRef<[u8]>) -> PathBuf {
    let p = dir.join(name);
    if let Some(parent) = p.parent() {
        std::fs::create_dir_all(parent).unwrap();
    }
    std::fs::write(&p, data).unwrap();
    p
}

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn run_with_stdin(args: &[&str], stdin: Option<&[u8]>) -> Run {
    let mut cmd = Command::new(BIN);
    cmd.args(args).stdout(Stdio::piped()).stderr(Stdio::piped());
    cmd.stdin(if stdin.is_some() {
        Stdio::piped()
    } else {
        Stdio::null()
    });
    let mut child = cmd.spawn().expect("run rootward");
    if let Some(data) = stdin {
        let mut input = child.stdin.take().unwrap();
        let data = data.to_vec();
        // Write from a thread so a large input cannot deadlock with the output.
        std::thread::spawn(move || {
            let _ = input.write_all(&data);
        });
    }
    let Output {
        status,
        stdout,
        stderr,
    } = child.wait_with_output().unwrap();
    Run {
        code: status.code().expect("exited normally, not by a signal"),
        stdout: String::from_utf8(stdout).expect("stdout is UTF-8"),
        stderr: String::from_utf8(stderr).expect("stderr is UTF-8"),
    }
}

fn run(args: &[&str]) -> Run {
    run_with_stdin(args, None)
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// A compliant S/MIME mailbox strict leaf.
fn good_der() -> &'static [u8] {
    static DER: OnceLock<Vec<u8>> = OnceLock::new();
    DER.get_or_init(|| {
        testkit::presets::smime_leaf(Validation::Mailbox, Generation::Strict).build_signed()
    })
}

fn good_pem() -> String {
    testkit::pem::certificate(good_der())
}

/// A certificate with an error finding: two bytes after the Certificate
/// SEQUENCE (`der.trailing_data`, severity error).
fn bad_pem() -> String {
    let mut der = good_der().to_vec();
    der.extend_from_slice(&[0, 0]);
    testkit::pem::certificate(&der)
}

fn json(stdout: &str) -> Vec<Value> {
    let v: Value =
        serde_json::from_str(stdout).unwrap_or_else(|e| panic!("not JSON ({e}): {stdout}"));
    v.as_array().expect("a JSON array").clone()
}

fn jsonl(stdout: &str) -> Vec<Value> {
    stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not JSON ({e}): {l}")))
        .collect()
}

fn keys(v: &Value) -> BTreeSet<&str> {
    v.as_object()
        .expect("an object")
        .keys()
        .map(String::as_str)
        .collect()
}

fn codes(result: &Value) -> Vec<&str> {
    result["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["code"].as_str().unwrap())
        .collect()
}

const SEVERITIES: [&str; 5] = ["info", "notice", "warning", "error", "fatal"];

fn rank(sev: &str) -> usize {
    SEVERITIES
        .iter()
        .position(|s| *s == sev)
        .unwrap_or_else(|| panic!("unknown severity {sev}"))
}

/// Checks the shape of one result object, exactly as the contract says.
fn check_result_shape(r: &Value) {
    assert_eq!(
        keys(r),
        BTreeSet::from(["source", "sha256", "subject", "profile", "findings"]),
        "{r}"
    );
    for k in ["source", "sha256", "subject", "profile"] {
        assert!(r[k].is_string(), "{k} in {r}");
    }
    for f in r["findings"].as_array().unwrap() {
        let k = keys(f);
        for required in ["code", "severity", "message", "citation", "location"] {
            assert!(k.contains(required), "{required} missing in {f}");
            assert!(f[required].is_string());
        }
        assert!(k.is_subset(&BTreeSet::from([
            "code",
            "severity",
            "message",
            "citation",
            "location",
            "equivalents"
        ])));
        rank(f["severity"].as_str().unwrap());
        if let Some(eq) = f.get("equivalents") {
            assert!(
                !keys(eq).is_empty() && keys(eq).is_subset(&BTreeSet::from(["pkilint", "zlint"])),
                "{f}"
            );
        }
    }
}

/// A minimal RFC 4180 parser, to check our quoting.
fn parse_csv(text: &str) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut field = String::new();
    let mut chars = text.chars().peekable();
    let mut quoted = false;
    while let Some(c) = chars.next() {
        if quoted {
            match c {
                '"' if chars.peek() == Some(&'"') => {
                    chars.next();
                    field.push('"');
                }
                '"' => quoted = false,
                c => field.push(c),
            }
        } else {
            match c {
                '"' => {
                    assert!(field.is_empty(), "quote inside an unquoted field");
                    quoted = true;
                }
                ',' => row.push(std::mem::take(&mut field)),
                '\n' => {
                    row.push(std::mem::take(&mut field));
                    rows.push(std::mem::take(&mut row));
                }
                c => field.push(c),
            }
        }
    }
    assert!(
        !quoted && field.is_empty() && row.is_empty(),
        "CSV does not end with a complete record"
    );
    rows
}

#[test]
fn json_output_shape() {
    let dir = tmpdir("json");
    let good = write(&dir, "good.pem", good_pem());
    let bad = write(&dir, "bad.pem", bad_pem());
    let r = run(&["lint", "--format", "json", s(&good), s(&bad)]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    let results = json(&r.stdout);
    assert_eq!(results.len(), 2);
    for res in &results {
        check_result_shape(res);
        let sha = res["sha256"].as_str().unwrap();
        assert_eq!(sha.len(), 64);
        assert!(
            sha.chars()
                .all(|c| c.is_ascii_digit() || ('A'..='F').contains(&c)),
            "{sha}"
        );
        assert_eq!(res["profile"], "smime-mailbox-strict");
        assert!(!res["subject"].as_str().unwrap().is_empty());
    }
    // Single-item files: the path as given, without `#n`.
    assert_eq!(results[0]["source"], s(&good));
    assert_eq!(results[1]["source"], s(&bad));
    assert!(
        codes(&results[1]).contains(&"der.trailing_data"),
        "{}",
        results[1]
    );
    let f = results[1]["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["code"] == "der.trailing_data")
        .unwrap();
    assert_eq!(f["severity"], "error");
    // The summary goes to stderr, so stdout stays parseable.
    assert!(r.stderr.contains("2 certificates"), "{}", r.stderr);

    // No input certificate at all still gives a valid (empty) array.
    let empty_dir = dir.join("nothing");
    std::fs::create_dir_all(&empty_dir).unwrap();
    let r = run(&["lint", "--format", "json", s(&empty_dir)]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(json(&r.stdout).is_empty());
}

#[test]
fn jsonl_output_shape_and_order() {
    let dir = tmpdir("jsonl");
    let bundle = write(
        &dir,
        "bundle.pem",
        format!("{}{}{}", good_pem(), bad_pem(), good_pem()),
    );
    let r = run(&["lint", "--format", "jsonl", s(&bundle)]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    let results = jsonl(&r.stdout);
    assert_eq!(results.len(), 3);
    for (i, res) in results.iter().enumerate() {
        check_result_shape(res);
        assert_eq!(res["source"], format!("{}#{}", s(&bundle), i + 1));
    }
    assert!(codes(&results[1]).contains(&"der.trailing_data"));
    assert!(!codes(&results[0]).contains(&"der.trailing_data"));
}

#[test]
fn many_items_keep_input_order() {
    // More than one batch, so the parallel path and the channel are exercised.
    let dir = tmpdir("many");
    let n = 700;
    let mut text = String::new();
    for i in 0..n {
        text.push_str(&if i % 7 == 3 { bad_pem() } else { good_pem() });
    }
    let bundle = write(&dir, "many.pem", &text);
    for jobs in [None, Some("1"), Some("3")] {
        let mut args = vec!["lint", "--format", "jsonl"];
        if let Some(j) = jobs {
            args.extend(["--jobs", j]);
        }
        args.push(s(&bundle));
        let r = run(&args);
        assert_eq!(r.code, 1, "{}", r.stderr);
        let results = jsonl(&r.stdout);
        assert_eq!(results.len(), n);
        for (i, res) in results.iter().enumerate() {
            assert_eq!(res["source"], format!("{}#{}", s(&bundle), i + 1));
            assert_eq!(
                codes(res).contains(&"der.trailing_data"),
                i % 7 == 3,
                "item {}",
                i + 1
            );
        }
    }
}

#[test]
fn csv_header_rows_and_quoting() {
    let dir = tmpdir("csv");
    // File names with a comma and a double quote force quoting of `source`.
    let good = write(&dir, "a,b.pem", good_pem());
    let bad = write(&dir, "q\"x.pem", bad_pem());
    let r = run(&["lint", "--format", "csv", s(&good), s(&bad)]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stdout.starts_with(
        "source,sha256,subject,profile,code,severity,message,citation,location,pkilint,zlint\n"
    ));
    assert!(
        r.stdout.contains(&format!("\"{}\"", s(&good))),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout
            .contains(&format!("\"{}\"", s(&bad).replace('"', "\"\""))),
        "{}",
        r.stdout
    );
    let rows = parse_csv(&r.stdout);
    assert!(rows.iter().all(|row| row.len() == 11), "{rows:?}");
    let body = &rows[1..];
    let good_rows: Vec<_> = body.iter().filter(|row| row[0] == s(&good)).collect();
    let bad_rows: Vec<_> = body.iter().filter(|row| row[0] == s(&bad)).collect();
    assert_eq!(good_rows.len() + bad_rows.len(), body.len());
    assert!(!good_rows.is_empty());
    if good_rows.len() == 1 && good_rows[0][4].is_empty() {
        // A certificate without findings: one row, finding columns empty.
        assert!(good_rows[0][4..].iter().all(String::is_empty));
    }
    let trailing = bad_rows
        .iter()
        .find(|row| row[4] == "der.trailing_data")
        .expect("a der.trailing_data row");
    assert_eq!(trailing[5], "error");
    assert_eq!(trailing[3], "smime-mailbox-strict");
    assert_eq!(trailing[1].len(), 64);
    // Every row of a certificate repeats its columns.
    assert!(
        bad_rows
            .iter()
            .all(|row| row[1] == trailing[1] && row[2] == trailing[2])
    );
}

#[test]
fn text_output() {
    let dir = tmpdir("text");
    let bad = write(&dir, "bad.pem", bad_pem());
    let r = run(&["lint", s(&bad)]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    let mut lines = r.stdout.lines();
    let header = lines.next().unwrap();
    assert!(
        header.starts_with(&format!("{}  smime-mailbox-strict  ", s(&bad))),
        "{header}"
    );
    let finding = r
        .stdout
        .lines()
        .find(|l| l.contains("der.trailing_data"))
        .expect("the finding line");
    assert!(finding.starts_with("  error"), "{finding}");
    assert!(
        finding.contains("[X.690 10.1; MRSP 5.2]") && finding.ends_with("(certificate)"),
        "{finding}"
    );
    // The summary ends the text output.
    assert!(
        r.stdout
            .lines()
            .last()
            .unwrap()
            .starts_with("1 certificate linted"),
        "{}",
        r.stdout
    );
}

#[test]
fn exit_status_follows_fail_on() {
    let dir = tmpdir("failon");
    let good = write(&dir, "good.pem", good_pem());
    let bad = write(&dir, "bad.pem", bad_pem());

    // The error finding fails at every threshold.
    for level in ["error", "warning", "notice"] {
        assert_eq!(
            run(&["lint", "--fail-on", level, s(&bad)]).code,
            1,
            "--fail-on {level}"
        );
    }
    assert_eq!(run(&["lint", s(&good)]).code, 0);

    // For the compliant certificate, the status must match its findings,
    // whatever lower-severity rules exist.
    let worst = json(&run(&["lint", "--format", "json", s(&good)]).stdout)[0]["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| rank(f["severity"].as_str().unwrap()))
        .max();
    for level in ["error", "warning", "notice"] {
        let expected = i32::from(worst.is_some_and(|w| w >= rank(level)));
        assert_eq!(
            run(&["lint", "--fail-on", level, s(&good)]).code,
            expected,
            "--fail-on {level}"
        );
    }
    assert!(
        worst.is_none_or(|w| w < rank("error")),
        "the compliant certificate has an error finding"
    );

    // Unknown --fail-on value: argument error.
    assert_eq!(run(&["lint", "--fail-on", "sometimes", s(&good)]).code, 2);
}

#[test]
fn stdin_dash() {
    let two = format!("{}{}", good_pem(), bad_pem());
    let r = run_with_stdin(&["lint", "--format", "jsonl", "-"], Some(two.as_bytes()));
    assert_eq!(r.code, 1, "{}", r.stderr);
    let results = jsonl(&r.stdout);
    assert_eq!(results.len(), 2);
    assert_eq!(results[0]["source"], "-#1");
    assert_eq!(results[1]["source"], "-#2");

    let r = run_with_stdin(&["lint", "--format", "jsonl", "-"], Some(good_der()));
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(jsonl(&r.stdout)[0]["source"], "-");

    let r = run_with_stdin(&["lint", "-"], Some(b""));
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("-: no certificate found"), "{}", r.stderr);
}

#[test]
fn directories_are_walked_in_order() {
    let dir = tmpdir("walk");
    let root = dir.join("tree");
    write(&root, "b.pem", good_pem());
    write(&root, "a/z.pem", good_pem());
    write(&root, "a/y.der", good_der());
    write(&root, "a/x.b64", testkit::pem::base64(good_der()));
    write(
        &root,
        "c/README.md",
        "This directory holds test certificates.\n",
    );
    write(&root, "c/empty.pem", "");
    write(&root, "d.pem", format!("{}{}", good_pem(), good_pem()));
    let r = run(&["lint", "--format", "jsonl", s(&root)]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let sources: Vec<String> = jsonl(&r.stdout)
        .iter()
        .map(|v| v["source"].as_str().unwrap().to_owned())
        .collect();
    let root_s = s(&root);
    assert_eq!(
        sources,
        [
            format!("{root_s}/a/x.b64"),
            format!("{root_s}/a/y.der"),
            format!("{root_s}/a/z.pem"),
            format!("{root_s}/b.pem"),
            format!("{root_s}/d.pem#1"),
            format!("{root_s}/d.pem#2"),
        ]
    );
    // Walked files without a certificate are skipped with a note.
    assert!(
        r.stderr.contains("c/README.md") && r.stderr.contains("c/empty.pem"),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("note:"), "{}", r.stderr);
}

#[test]
fn missing_file_is_exit_2_and_processing_continues() {
    let dir = tmpdir("missing");
    let good = write(&dir, "good.pem", good_pem());
    let bad = write(&dir, "bad.pem", bad_pem());
    let missing = dir.join("does-not-exist.pem");
    let r = run(&["lint", "--format", "jsonl", s(&missing), s(&good), s(&bad)]);
    assert_eq!(r.code, 2, "exit 2 wins over 1");
    assert!(r.stderr.contains(s(&missing)), "{}", r.stderr);
    assert!(r.stderr.contains("no such file"), "{}", r.stderr);
    assert_eq!(
        jsonl(&r.stdout).len(),
        2,
        "the readable inputs are still linted"
    );
    // The JSON array stays well-formed around an unreadable input.
    let r = run(&["lint", "--format", "json", s(&good), s(&missing), s(&bad)]);
    assert_eq!(r.code, 2);
    assert_eq!(json(&r.stdout).len(), 2);
    assert!(
        r.stderr.contains("1 input could not be read"),
        "{}",
        r.stderr
    );
}

#[cfg(unix)]
#[test]
fn unreadable_file_is_exit_2() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tmpdir("perm");
    let p = write(&dir, "locked.pem", good_pem());
    std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o000)).unwrap();
    if std::fs::read(&p).is_ok() {
        eprintln!("skipped: running as a user that ignores file permissions");
        return;
    }
    let r = run(&["lint", s(&p)]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains(s(&p)) && r.stderr.contains("ermission denied"),
        "{}",
        r.stderr
    );
}

#[test]
fn empty_file_is_exit_2() {
    let dir = tmpdir("empty");
    let empty = write(&dir, "empty.pem", "");
    let r = run(&["lint", s(&empty)]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr
            .contains(&format!("{}: no certificate found", s(&empty))),
        "{}",
        r.stderr
    );
}

fn single_fatal(r: &Run) -> Value {
    let results = json(&r.stdout);
    assert_eq!(results.len(), 1, "{}", r.stdout);
    check_result_shape(&results[0]);
    let findings = results[0]["findings"].as_array().unwrap().clone();
    assert_eq!(findings.len(), 1, "{findings:?}");
    let f = findings[0].clone();
    assert_eq!(f["code"], "der.certificate_undecodable");
    assert_eq!(f["severity"], "fatal");
    assert_eq!(f["citation"], "RFC 5280 4.1");
    assert_eq!(f["equivalents"]["pkilint"], "itu.invalid_asn1_syntax");
    f
}

#[test]
fn broken_base64_is_a_fatal_finding() {
    let dir = tmpdir("b64");
    let pem = good_pem();
    // Corrupt one character in the middle of the body.
    let mut lines: Vec<String> = pem.lines().map(str::to_owned).collect();
    lines[3].replace_range(10..11, "!");
    let p = write(&dir, "broken.pem", lines.join("\n") + "\n");
    let r = run(&["lint", "--format", "json", s(&p)]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    let f = single_fatal(&r);
    assert_eq!(f["location"], "input");
    assert!(f["message"].as_str().unwrap().contains("base64"), "{f}");
    // Even --fail-on error counts fatal.
    let r = run(&["lint", "--fail-on", "error", s(&p)]);
    assert_eq!(r.code, 1);
}

#[test]
fn random_bytes_are_a_fatal_finding() {
    let dir = tmpdir("random");
    // Deterministic pseudo-random bytes, not starting with 0x30.
    let mut x: u32 = 0x1234_5678;
    let bytes: Vec<u8> = std::iter::once(0x01)
        .chain((0..4096).map(|_| {
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            (x >> 24) as u8
        }))
        .collect();
    let p = write(&dir, "random.bin", &bytes);
    let r = run(&["lint", "--format", "json", s(&p)]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    single_fatal(&r);

    // A DER SEQUENCE that is not a certificate: fatal from the linter itself.
    let p = write(&dir, "seq.der", [0x30, 0x03, 0x02, 0x01, 0x05]);
    let r = run(&["lint", "--format", "json", s(&p)]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    single_fatal(&r);
}

#[test]
fn non_certificate_pem_blocks_are_skipped() {
    let dir = tmpdir("labels");
    let secret = "U0VDUkVUS0VZTUFURVJJQUw=";
    let text = format!(
        "-----BEGIN PRIVATE KEY-----\n{secret}\n-----END PRIVATE KEY-----\n{}-----BEGIN CERTIFICATE REQUEST-----\nAAAA\n-----END CERTIFICATE REQUEST-----\n",
        good_pem()
    );
    let p = write(&dir, "mixed.pem", text);
    let r = run(&["lint", "--format", "jsonl", s(&p)]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let results = jsonl(&r.stdout);
    assert_eq!(results.len(), 1);
    assert_eq!(results[0]["source"], format!("{}#2", s(&p)));
    assert!(
        r.stderr.contains(&format!("{}: line 1: ", s(&p))) && r.stderr.contains("PRIVATE KEY"),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("CERTIFICATE REQUEST"), "{}", r.stderr);
    assert!(
        !r.stderr.contains(secret) && !r.stdout.contains(secret),
        "key material printed"
    );

    // A file holding only a key is not an error (a note says it was skipped).
    let key = write(
        &dir,
        "key.pem",
        format!("-----BEGIN PRIVATE KEY-----\n{secret}\n-----END PRIVATE KEY-----\n"),
    );
    let r = run(&["lint", s(&key)]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stderr.contains("PRIVATE KEY") && !r.stderr.contains(secret));
}

#[test]
fn issuer_option() {
    let dir = tmpdir("issuer");
    let chain = testkit::presets::smime_chain(Validation::Mailbox, Generation::Strict);
    let subca = write(&dir, "subca.pem", testkit::pem::certificate(&chain.subca));
    let subca_der = write(&dir, "subca.der", &chain.subca);
    let leaf = write(&dir, "leaf.pem", testkit::pem::certificate(&chain.leaf));
    for issuer in [&subca, &subca_der] {
        let r = run(&["lint", "--format", "json", "--issuer", s(issuer), s(&leaf)]);
        assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
        let results = json(&r.stdout);
        assert_eq!(results[0]["profile"], "smime-mailbox-strict");
    }
    // The issuer is really used: with the wrong one (the root), the chain
    // rules report it; without --issuer they cannot run.
    let root = write(&dir, "root.pem", testkit::pem::certificate(&chain.root));
    let all_codes = |r: &Run| -> Vec<String> {
        json(&r.stdout)[0]["findings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["code"].as_str().unwrap().to_owned())
            .collect()
    };
    let wrong = run(&["lint", "--format", "json", "--issuer", s(&root), s(&leaf)]);
    assert_eq!(wrong.code, 1, "{}{}", wrong.stdout, wrong.stderr);
    let wrong_codes = all_codes(&wrong);
    assert!(
        wrong_codes.iter().any(|c| c.starts_with("chain.")),
        "{wrong_codes:?}"
    );
    let alone = run(&["lint", "--format", "json", s(&leaf)]);
    assert!(!all_codes(&alone).iter().any(|c| c.starts_with("chain.")));

    // The issuer file may hold other blocks: its first certificate is used.
    let with_key = write(
        &dir,
        "with-key.pem",
        format!(
            "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n{}",
            testkit::pem::certificate(&chain.subca)
        ),
    );
    assert_eq!(run(&["lint", "--issuer", s(&with_key), s(&leaf)]).code, 0);

    let missing = dir.join("nope.pem");
    let r = run(&["lint", "--issuer", s(&missing), s(&leaf)]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains(s(&missing)), "{}", r.stderr);
    assert!(r.stdout.is_empty());

    let garbage = write(&dir, "garbage.der", [0x30, 0x03, 0x02, 0x01, 0x05]);
    let r = run(&["lint", "--issuer", s(&garbage), s(&leaf)]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains(s(&garbage)), "{}", r.stderr);

    let empty = write(&dir, "empty.pem", "");
    let r = run(&["lint", "--issuer", s(&empty), s(&leaf)]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("no certificate found"), "{}", r.stderr);
}

#[test]
fn fixed_profile_and_unknown_profile() {
    let dir = tmpdir("profile");
    let good = write(&dir, "good.pem", good_pem());
    let r = run(&[
        "lint",
        "--format",
        "json",
        "--profile",
        "smime-organization-strict",
        s(&good),
    ]);
    assert!(r.code == 0 || r.code == 1, "{}", r.stderr);
    assert_eq!(json(&r.stdout)[0]["profile"], "smime-organization-strict");

    let r = run(&["lint", "--profile", "no-such-profile", s(&good)]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("no-such-profile"), "{}", r.stderr);
    assert!(r.stdout.is_empty());

    assert_eq!(run(&["lint", "--format", "xml", s(&good)]).code, 2);
    assert_eq!(run(&["lint"]).code, 2, "PATH is required");
    assert_eq!(run(&["lint", "--jobs", "0", s(&good)]).code, 2);
}

#[test]
fn list_rules() {
    let r = run(&["lint", "--list-rules"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.contains("der.non_minimal_length"));
    assert!(r.stdout.lines().count() > 5);

    let r = run(&["lint", "--list-rules", "--format", "json"]);
    assert_eq!(r.code, 0);
    let rules = json(&r.stdout);
    let rule = rules
        .iter()
        .find(|r| r["code"] == "der.non_minimal_length")
        .expect("der.non_minimal_length listed");
    assert_eq!(rule["severity"], "error");
    assert!(rule["citation"].as_str().unwrap().contains("X.690"));
    assert!(
        rule["profiles"]
            .as_array()
            .unwrap()
            .iter()
            .any(|p| p == "smime-subca")
    );
    for r in &rules {
        for k in ["code", "severity", "citation", "summary", "profiles"] {
            assert!(r.get(k).is_some(), "{k} missing in {r}");
        }
    }
    let undecodable = rules
        .iter()
        .find(|r| r["code"] == "der.certificate_undecodable")
        .unwrap();
    assert_eq!(
        undecodable["equivalents"]["pkilint"],
        "itu.invalid_asn1_syntax"
    );

    let r = run(&["lint", "--list-rules", "--format", "csv"]);
    assert_eq!(r.code, 0);
    let rows = parse_csv(&r.stdout);
    assert_eq!(rows[0][0], "code");
    assert!(rows.iter().all(|row| row.len() == rows[0].len()));
    assert!(rows.iter().any(|row| row[0] == "der.non_minimal_length"));
    assert_eq!(rows.len(), rules.len() + 1);
}

#[test]
fn list_profiles() {
    let r = run(&["lint", "--list-profiles"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout.lines().any(|l| l.starts_with("smime-subca ")),
        "{}",
        r.stdout
    );
    assert!(r.stdout.contains("smime-mailbox-strict"));

    let r = run(&["lint", "--list-profiles", "--format", "json"]);
    assert_eq!(r.code, 0);
    let profiles = json(&r.stdout);
    let p = profiles
        .iter()
        .find(|p| p["name"] == "smime-subca")
        .expect("smime-subca listed");
    assert!(!p["description"].as_str().unwrap().is_empty());

    // Every listed profile is accepted by --profile.
    let dir = tmpdir("profiles");
    let good = write(&dir, "good.pem", good_pem());
    for p in &profiles {
        let name = p["name"].as_str().unwrap();
        let r = run(&["lint", "--format", "json", "--profile", name, s(&good)]);
        assert!(r.code == 0 || r.code == 1, "--profile {name}: {}", r.stderr);
        // A CRL or OCSP response profile applies to those; the certificate's profile is detected.
        if !name.starts_with("crl") && (name == "ocsp-responder" || !name.starts_with("ocsp")) {
            assert_eq!(json(&r.stdout)[0]["profile"], name);
        }
    }
}

#[test]
fn real_subca_certificate_is_detected_as_smime_subca() {
    let Some(corpus) = corpus_dir() else { return };
    let path_buf = corpus.join("secom/Cybertrust_Japan_SureMail_CA_G5.pem");
    let path = path_buf.as_path();
    let r = run(&["lint", "--profile", "auto", "--format", "json", s(path)]);
    assert!(r.code == 0 || r.code == 1, "{}", r.stderr);
    let results = json(&r.stdout);
    assert_eq!(results.len(), 1);
    assert_eq!(results[0]["profile"], "smime-subca");
    assert_eq!(
        results[0]["sha256"],
        "995C3C64F32348142BF1EBEAF7370781A1C30682DE02AD85FB2700CE1395F737"
    );
    assert_eq!(results[0]["source"], s(path));
}

#[test]
fn rule_violations_give_exit_1() {
    let dir = tmpdir("violations");
    // No extKeyUsage: required for S/MIME subscriber certificates.
    let no_eku = testkit::presets::smime_leaf(Validation::Mailbox, Generation::Strict)
        .remove_extension("2.5.29.37")
        .build_signed();
    let p = write(&dir, "no-eku.pem", testkit::pem::certificate(&no_eku));
    let r = run(&[
        "lint",
        "--format",
        "json",
        "--profile",
        "smime-mailbox-strict",
        s(&p),
    ]);
    assert_eq!(r.code, 1, "{}{}", r.stdout, r.stderr);
    let results = json(&r.stdout);
    let errors: Vec<&Value> = results[0]["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["severity"] == "error")
        .collect();
    assert!(
        errors
            .iter()
            .any(|f| f["message"].as_str().unwrap().contains("extKeyUsage")),
        "{errors:?}"
    );

    // A mailbox-validated certificate linted as organization-validated.
    let good = write(&dir, "good.pem", good_pem());
    let r = run(&[
        "lint",
        "--format",
        "json",
        "--profile",
        "smime-organization-strict",
        s(&good),
    ]);
    assert_eq!(r.code, 1, "{}{}", r.stdout, r.stderr);
}

#[test]
fn concatenated_der_and_odd_file_names() {
    let dir = tmpdir("der");
    let mut two = good_der().to_vec();
    two.extend_from_slice(good_der());
    let p = write(&dir, "two.der", &two);
    let r = run(&["lint", "--format", "jsonl", s(&p)]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let sources: Vec<String> = jsonl(&r.stdout)
        .iter()
        .map(|v| v["source"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(sources, [format!("{}#1", s(&p)), format!("{}#2", s(&p))]);

    // A control character in a file name: exact in JSON, escaped in text.
    #[cfg(unix)]
    {
        let odd = write(&dir, "new\nline.pem", good_pem());
        let r = run(&["lint", "--format", "json", s(&odd)]);
        assert_eq!(json(&r.stdout)[0]["source"], s(&odd));
        let r = run(&["lint", s(&odd)]);
        assert!(
            r.stdout
                .starts_with(&format!("{}/new\\u{{a}}line.pem  ", s(&dir))),
            "{}",
            r.stdout
        );
    }
}

#[test]
fn fail_on_warning_and_notice() {
    let dir = tmpdir("thresholds");
    let leaf = || testkit::presets::smime_leaf(Validation::Mailbox, Generation::Strict);
    // No subjectKeyIdentifier: a SHOULD of RFC 5280 4.2.1.2 (warning).
    let warning = leaf().remove_extension("2.5.29.14").build_signed();
    // An extension the S/MIME BRs do not list: a notice.
    let notice = leaf()
        .extension(testkit::ext::raw("1.2.3.4.5", None, vec![0x05, 0x00]))
        .build_signed();
    for (name, der, worst, expected) in [
        ("warning.pem", warning, "warning", [0, 1, 1]),
        ("notice.pem", notice, "notice", [0, 0, 1]),
    ] {
        let p = write(&dir, name, testkit::pem::certificate(&der));
        let r = run(&["lint", "--format", "json", s(&p)]);
        let findings = json(&r.stdout)[0]["findings"].as_array().unwrap().clone();
        let max = findings
            .iter()
            .map(|f| f["severity"].as_str().unwrap())
            .max_by_key(|s| rank(s));
        assert_eq!(max, Some(worst), "{name}: {findings:?}");
        for (level, code) in ["error", "warning", "notice"].into_iter().zip(expected) {
            assert_eq!(
                run(&["lint", "--fail-on", level, s(&p)]).code,
                code,
                "{name} --fail-on {level}"
            );
        }
    }
}

#[test]
fn crls_are_detected_and_linted() {
    let Some(corpus) = corpus_dir() else { return };
    let crl =
        corpus.join("pkilint/tests/integration_crl/pkix/crl/negative_validity_period.crltest");
    let r = run(&["lint", "--format", "json", s(&crl)]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    let out = json(&r.stdout);
    assert_eq!(out[0]["profile"], "crl");
    let codes: Vec<&str> = out[0]["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["code"].as_str().unwrap())
        .collect();
    assert!(
        codes.contains(&"rfc5280.crl.next_update_before_this_update"),
        "{codes:?}"
    );
    // A CRL profile name selects the CRL rules.
    let arl = corpus.join("pkilint/tests/integration_crl/cabf/arl/unspecified_reason_code.crltest");
    let r = run(&[
        "lint",
        "--format",
        "json",
        "--profile",
        "crl-tls-ca",
        s(&arl),
    ]);
    let out = json(&r.stdout);
    assert_eq!(out[0]["profile"], "crl-tls-ca");
    assert!(
        out[0]["findings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["equivalents"]["pkilint"] == "cabf.crl_prohibited_reason_code")
    );
    // A broken CRL block is a fatal finding, not a skip.
    let dir = tmpdir("crlblock");
    let p = write(
        &dir,
        "bad.pem",
        "-----BEGIN X509 CRL-----\nAAAA\n-----END X509 CRL-----\n",
    );
    let r = run(&["lint", "--format", "json", s(&p)]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    let out = json(&r.stdout);
    assert_eq!(out[0]["findings"][0]["severity"], "fatal");
    assert_eq!(out[0]["findings"][0]["code"], "crl.undecodable");
}

/// The text report on the case's sub-CA, as users see it (README shows it too).
#[test]
fn text_report_snapshot() {
    let Some(corpus) = corpus_dir() else { return };
    let path = corpus.join("secom/Cybertrust_Japan_SureMail_CA_G5.pem");
    let issuer = corpus.join("secom/Security_Communication_RootCA2.pem");
    let r = run(&["lint", "--issuer", s(&issuer), s(&path)]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let shown = r
        .stdout
        .replace(s(&path), "Cybertrust_Japan_SureMail_CA_G5.pem");
    insta::assert_snapshot!("suremail_g5_text", shown);
    let r = run(&["lint", "--format", "csv", s(&path)]);
    insta::assert_snapshot!(
        "suremail_g5_csv",
        r.stdout
            .replace(s(&path), "Cybertrust_Japan_SureMail_CA_G5.pem")
    );
}

/// OCSP responses are detected and linted, judged at `--at`.
#[test]
fn ocsp_responses_are_detected_and_linted() {
    use ca::Signer;
    let linter = lint::Linter::new();
    let mut log = ca::log::IssuanceLog::in_memory().unwrap();
    let key = ca::SoftKey::generate(ca::KeyAlgorithm::EcP256).unwrap();
    let (_, text) = ca::profile::SHIPPED
        .iter()
        .find(|(n, _)| *n == "root-ca")
        .unwrap();
    let profile = ca::profile::CertProfile::from_toml("root-ca", text).unwrap();
    // The CA signs its own OCSP responses, so its keyUsage has digitalSignature (TLS BR 7.1.2.10.7).
    let profile = ca::profile::CertProfile {
        key_types: vec!["p256".into()],
        key_usage: vec![
            "digitalSignature".into(),
            "keyCertSign".into(),
            "cRLSign".into(),
        ],
        ..profile
    };
    let req = ca::tbs::Request {
        subject: vec![
            ("C".into(), "JP".into()),
            ("O".into(), "Example".into()),
            ("CN".into(), "Example Root".into()),
        ],
        sans: vec![],
        spki_der: key.spki_der().to_vec(),
    };
    let t = cert::time::parse_iso("2026-01-15").unwrap();
    let opts = ca::issue::IssueOptions {
        not_before: t,
        ..Default::default()
    };
    let root = ca::issue::issue(
        &linter,
        &profile,
        &req,
        &ca::issue::Issuer {
            cert_der: None,
            signer: &key,
        },
        &mut log,
        &opts,
    )
    .unwrap();
    let responder = ca::ocsp::Responder {
        issuer_der: root.der.clone(),
        signer: &key,
        responder_cert_der: None,
        validity_seconds: 86_400,
    };
    // A request for the root's own serial, by SHA-1 CertID.
    let c = cert::Certificate::parse(&root.der).unwrap();
    let sha1 = |b: &[u8]| cert::digest::sha1(b).to_vec();
    let cert_id = cert::encode::seq(&[
        &cert::encode::seq(&[
            &cert::encode::oid("1.3.14.3.2.26").unwrap(),
            &cert::encode::null(),
        ]),
        &cert::encode::octet_string(&sha1(c.subject.raw)),
        &cert::encode::octet_string(&sha1(c.spki.public_key.bytes)),
        &cert::encode::uint(c.serial),
    ]);
    let request = cert::encode::seq(&[&cert::encode::seq(&[&cert::encode::seq(&[
        &cert::encode::seq(&[&cert_id]),
    ])])]);
    let der = responder.respond(&request, &log, t);
    let dir = tmpdir("ocsp");
    let resp = write(&dir, "resp.der", &der);
    let issuer = write(
        &dir,
        "root.pem",
        ca::soft_key::pem("CERTIFICATE", &root.der),
    );
    let r = run(&[
        "lint",
        "--format",
        "json",
        "--issuer",
        s(&issuer),
        "--at",
        "2026-01-15T01:00:00Z",
        s(&resp),
    ]);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    let out = json(&r.stdout);
    assert!(
        out[0]["profile"].as_str().unwrap().starts_with("ocsp"),
        "{out:?}"
    );
    // Judged ten days later, it has expired.
    let r = run(&[
        "lint",
        "--format",
        "json",
        "--issuer",
        s(&issuer),
        "--at",
        "2026-01-25",
        s(&resp),
    ]);
    assert_eq!(r.code, 1, "{}{}", r.stdout, r.stderr);
    let list = run(&["lint", "--list-rules"]);
    assert!(
        list.stdout.contains("OCSP response rules"),
        "{}",
        list.stdout.lines().last().unwrap_or("")
    );
}
