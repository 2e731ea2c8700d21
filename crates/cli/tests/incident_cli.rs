//! `rootward incident file`, `update`, `close` and `show`: a report filed
//! from the CCADB template's Markdown as an account of the registry,
//! completed, closed with a summary, printed back as Markdown; refusals
//! (unknown account, another owner's member, closing with sections
//! missing or without a summary) exit 2 with the reason.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::path::{Path, PathBuf};

use common::{PASSWORD, Run};

const SECOM: &str = "SECOM Trust Systems CO., LTD.";

fn run(dir: &Path, args: &[&str]) -> Run {
    let mut all = args.to_vec();
    all.extend_from_slice(&["--db", "r.db"]);
    common::rootward(dir, &all, &[("ROOTWARD_PASSWORD", PASSWORD)])
}

fn workdir(name: &str) -> PathBuf {
    common::workdir(&format!("incident-cli-{name}"))
}

const PRELIMINARY: &str = "## Preliminary Incident Report\n\n### Summary\n- **Incident description:** CPS not re-versioned within 365 days <b>\n- **Relevant policies:** MRSP 3.3\n- **Source of incident disclosure:** Self Reported\n";

const FULL: &str = "## Full Incident Report

### Impact

- **Total number of certificates:** 0

### Timeline

- 2025-01-02 09:00 UTC: the yearly review was missed

### Related Incidents

N/A

### Root Cause Analysis

**Contributing Factor 1: no reminder**
- **Description:** the review date lived in one calendar

### Lessons Learned

- **What went well:** found by our own compliance check
- **What didn\u{2019}t go well:**
  - no reminder
  - one person owned the date
- **Where we got lucky:** N/A
- **Additional:** N/A

### Action Items

| Action Item | Kind | Corresponding Root Cause(s) | Evaluation Criteria | Due Date | Status |
|---|---|---|---|---|---|
| Reminders in the registry | Prevent | Root Cause # 1 | rootward check clean | 2025-02-01 | Complete |

### Appendix

N/A
";

#[test]
fn file_update_close_and_show() {
    let dir = workdir("life");
    for args in [
        vec!["user", "add", "manager", "--role", "program-manager"],
        vec![
            "user",
            "add",
            "member@secom",
            "--role",
            "owner-member",
            "--owner",
            SECOM,
        ],
        vec![
            "user",
            "add",
            "member@other",
            "--role",
            "owner-member",
            "--owner",
            "Other CA",
        ],
    ] {
        let r = run(&dir, &args);
        assert_eq!(r.code, 0, "{}", r.stderr);
    }
    std::fs::write(dir.join("prelim.md"), PRELIMINARY).unwrap();
    std::fs::write(dir.join("full.md"), FULL).unwrap();
    std::fs::write(dir.join("stray.md"), "hello\n### Summary\nx\n").unwrap();
    let file = |who: &str, extra: &[&str]| {
        let mut a = vec![
            "incident",
            "file",
            "--report",
            "prelim.md",
            "--title",
            "Missed annual CPS update",
            "--as",
            who,
        ];
        a.extend(extra);
        run(&dir, &a)
    };
    // Refusals: unknown account, another owner's member, stray Markdown.
    let r = file("nobody", &[]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("no such account"), "{}", r.stderr);
    let r = file("member@other", &["--owner", SECOM]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("may not file"), "{}", r.stderr);
    let r = run(
        &dir,
        &[
            "incident", "file", "--report", "stray.md", "--title", "t", "--as", "manager",
            "--owner", SECOM,
        ],
    );
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("before the first section"),
        "{}",
        r.stderr
    );

    // Filed by SECOM's member under the Bugzilla id.
    let r = file("member@secom", &["--id", "1934567"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout
            .starts_with(&format!("incident 1934567 filed for {SECOM}; next update ")),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout
            .contains("sections still to write: Impact, Timeline"),
        "{}",
        r.stdout
    );
    // Closing with sections missing is refused and says which.
    let r = run(
        &dir,
        &[
            "incident",
            "close",
            "1934567",
            "--summary",
            "done",
            "--as",
            "member@secom",
        ],
    );
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("sections not written yet: Impact"),
        "{}",
        r.stderr
    );
    // The rest of the report in an update.
    let r = run(
        &dir,
        &[
            "incident",
            "update",
            "1934567",
            "--text",
            "Full report",
            "--report",
            "full.md",
            "--as",
            "member@secom",
        ],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.contains("update 1 posted"), "{}", r.stdout);
    assert!(
        r.stdout.contains("revised impact, timeline"),
        "{}",
        r.stdout
    );
    // No summary, then a summary: closed by the program.
    let close = |summary: &str| {
        run(
            &dir,
            &[
                "incident",
                "close",
                "1934567",
                "--summary",
                summary,
                "--as",
                "manager",
            ],
        )
    };
    let r = close("  ");
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("closing summary"), "{}", r.stderr);
    let r = close("All action items complete; reminders run from the registry.");
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.contains("closed"), "{}", r.stdout);
    assert!(r.stdout.ends_with("by manager\n"), "{}", r.stdout);
    // Printed back as the template's Markdown, text as written.
    let r = run(&dir, &["incident", "show", "1934567"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let md = &r.stdout;
    assert!(
        md.starts_with(&format!("# {SECOM}: Missed annual CPS update\n")),
        "{md}"
    );
    assert!(
        md.contains(
            "### Summary\n\n- **Incident description:** CPS not re-versioned within 365 days <b>\n"
        ),
        "{md}"
    );
    assert!(
        md.contains(
            "- **What didn\u{2019}t go well:**\n  - no reminder\n  - one person owned the date\n"
        ),
        "{md}"
    );
    assert!(
        md.contains("### Report Closure Summary\n\nAll action items complete"),
        "{md}"
    );
    let r = run(&dir, &["incident", "show", "404"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("not found"), "{}", r.stderr);
}
