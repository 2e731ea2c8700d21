//! Browser tests: the real application served on 127.0.0.1 (ephemeral port)
//! and driven by headless Chromium over the DevTools protocol on a pipe
//! (`--remote-debugging-pipe`: NUL-separated JSON, commands on Chromium's
//! fd 3, replies and events on its fd 4).
//!
//! SECOM's member signs in through `/signin`, is refused when the
//! new-request form is submitted without its CSRF token, files the request
//! for Cybertrust Japan SureMail CA G5 through the form and sees its
//! automatic review (fingerprint, lint report, chain to Security
//! Communication RootCA2); the program manager signs in in a separate
//! browser context and opens the compliance dashboard. Screenshots of the
//! request page and the dashboard are written to
//! `target/browser-artefacts/` (under `CARGO_TARGET_DIR` when set).
//!
//! The pages work without JavaScript: the test evaluates script only to type
//! into fields, click links and buttons, and read what the page shows, as a
//! user would.
//!
//! Skips with a message when `chromium` is not on `PATH`, unless
//! `ROOTWARD_REQUIRE_BROWSER=1`; the filing and the review need the corpus
//! (skipped without it unless `ROOTWARD_REQUIRE_CORPUS=1`).
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::collections::VecDeque;
use std::fs::File;
use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::Arc;
use std::sync::mpsc::{Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

use base64::Engine;
use common::{PASSWORD, day};
use registry::workflow::Role;
use registry::{FixedClock, Registry};
use serde_json::{Value, json};

/// The longest any single wait (a reply, a page load) may take.
const WAIT: Duration = Duration::from_secs(20);
/// Chromium's first reply: a cold start on a busy machine is slower.
const START_WAIT: Duration = Duration::from_secs(60);
/// The viewport of every page (and so the width of the screenshots).
const WIDTH: u64 = 1280;
const HEIGHT: u64 = 900;

const G5: &str = "995C3C64F32348142BF1EBEAF7370781A1C30682DE02AD85FB2700CE1395F737";
const ROOT_CA2: &str = "513B2CECB810D4CDE5DD85391ADFC6C2DD60D87BB736D2B521484AA47A0EBEF6";
const SECOM: &str = "SECOM Trust Systems CO., LTD.";

// ---------------------------------------------------------------------------
// Chromium over the DevTools protocol

/// `chromium` on `PATH`, or `None` (with a message) when it is absent and
/// not required.
fn chromium() -> Option<PathBuf> {
    let found = std::env::var_os("PATH").and_then(|path| {
        std::env::split_paths(&path)
            .map(|d| d.join("chromium"))
            .find(|p| p.is_file())
    });
    if found.is_none() {
        if std::env::var("ROOTWARD_REQUIRE_BROWSER").as_deref() == Ok("1") {
            panic!(
                "chromium is not on PATH but ROOTWARD_REQUIRE_BROWSER=1 (install the Debian package `chromium`)"
            );
        }
        eprintln!("skipping: chromium is not on PATH (install the Debian package `chromium`)");
    }
    found
}

/// A fresh temporary path (not created).
fn temp_path(tag: &str) -> PathBuf {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .expect("the clock is after 1970")
        .as_nanos();
    std::env::temp_dir().join(format!(
        "rootward-browser-{tag}-{}-{nanos}",
        std::process::id()
    ))
}

/// A running headless Chromium and our end of its DevTools pipe. Dropping
/// it closes the browser (killing it if it does not exit within seconds)
/// and removes its profile.
struct Browser {
    child: Child,
    commands: Option<ChildStdin>,
    messages: Receiver<Value>,
    /// Events received while waiting for something else, oldest first.
    pending: VecDeque<Value>,
    next_id: u64,
    profile: PathBuf,
    log: PathBuf,
}

impl Browser {
    fn launch(exe: &Path) -> Browser {
        let profile = temp_path("profile");
        std::fs::create_dir_all(&profile).expect("create the Chromium profile directory");
        let log = profile.with_extension("log");
        let stderr = File::create(&log).expect("create the Chromium log file");
        // No `unsafe` here, so no dup2 in the child: the shell moves our
        // stdin pipe to fd 3 and our stdout pipe to fd 4, then becomes
        // Chromium.
        let mut child = Command::new("sh")
            .arg("-c")
            .arg(r#"exec "$0" "$@" 3<&0 4>&1 </dev/null >/dev/null"#)
            .arg(exe)
            .args([
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--remote-debugging-pipe",
                "--no-first-run",
                "--no-default-browser-check",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-extensions",
                "--mute-audio",
                "--hide-scrollbars",
                "--password-store=basic",
                &format!("--window-size={WIDTH},{HEIGHT}"),
            ])
            .arg(format!("--user-data-dir={}", profile.display()))
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(stderr)
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {}: {e}", exe.display()));
        let commands = child.stdin.take().expect("Chromium's command pipe");
        let replies = child.stdout.take().expect("Chromium's reply pipe");
        let (tx, messages) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let mut r = BufReader::new(replies);
            loop {
                let mut buf = Vec::new();
                match r.read_until(0, &mut buf) {
                    Ok(0) | Err(_) => break,
                    Ok(_) => {}
                }
                if buf.last() == Some(&0) {
                    buf.pop();
                }
                let msg = serde_json::from_slice(&buf).unwrap_or_else(
                    |e| json!({"unparsable": e.to_string(), "text": String::from_utf8_lossy(&buf)}),
                );
                if tx.send(msg).is_err() {
                    break;
                }
            }
        });
        let mut b = Browser {
            child,
            commands: Some(commands),
            messages,
            pending: VecDeque::new(),
            next_id: 0,
            profile,
            log,
        };
        let v = b.call_within(None, "Browser.getVersion", json!({}), START_WAIT);
        eprintln!(
            "browser: {} (protocol {})",
            v["product"].as_str().unwrap_or("?"),
            v["protocolVersion"].as_str().unwrap_or("?")
        );
        b
    }

    /// The end of Chromium's log, for failure messages.
    fn log_tail(&self) -> String {
        let mut s = String::new();
        if let Ok(mut f) = File::open(&self.log) {
            let _ = f.read_to_string(&mut s);
        }
        // D-Bus complaints (there is no bus in CI) say nothing about a failure.
        let lines: Vec<&str> = s.lines().filter(|l| !l.contains("/dbus/")).collect();
        let tail = lines[lines.len().saturating_sub(15)..].join("\n");
        format!("\nChromium's log ({}) ends:\n{tail}", self.log.display())
    }

    fn next_message(&mut self, deadline: Instant, what: &str, waited: Duration) -> Value {
        let left = deadline.saturating_duration_since(Instant::now());
        match self.messages.recv_timeout(left) {
            Ok(m) => m,
            Err(RecvTimeoutError::Timeout) => {
                panic!(
                    "timed out after {waited:?} waiting for {what}{}",
                    self.log_tail()
                )
            }
            Err(RecvTimeoutError::Disconnected) => panic!(
                "Chromium closed its DevTools pipe while we waited for {what} (exit status {:?}){}",
                self.child.try_wait(),
                self.log_tail()
            ),
        }
    }

    fn send(&mut self, session: Option<&str>, method: &str, params: Value) -> u64 {
        self.next_id += 1;
        let id = self.next_id;
        let mut msg = json!({"id": id, "method": method, "params": params});
        if let Some(s) = session {
            msg["sessionId"] = json!(s);
        }
        let mut bytes = serde_json::to_vec(&msg).expect("a command serializes");
        bytes.push(0);
        let pipe = self.commands.as_mut().expect("the command pipe is open");
        if let Err(e) = pipe.write_all(&bytes).and_then(|()| pipe.flush()) {
            panic!("cannot send {method} to Chromium: {e}{}", self.log_tail());
        }
        id
    }

    /// Sends a command and waits for its result (panics on a protocol error).
    fn call_within(
        &mut self,
        session: Option<&str>,
        method: &str,
        params: Value,
        wait: Duration,
    ) -> Value {
        let id = self.send(session, method, params);
        let deadline = Instant::now() + wait;
        let what = format!("Chromium's reply to {method}");
        loop {
            let m = self.next_message(deadline, &what, wait);
            if m["id"].as_u64() == Some(id) {
                if let Some(e) = m.get("error") {
                    panic!("{method} failed: {e}");
                }
                return m.get("result").cloned().unwrap_or(Value::Null);
            }
            if m.get("method").is_some() {
                self.pending.push_back(m);
            }
        }
    }

    fn call(&mut self, session: Option<&str>, method: &str, params: Value) -> Value {
        self.call_within(session, method, params, WAIT)
    }

    /// Drops the events buffered for `session` (before an action whose own
    /// events are awaited next).
    fn forget_events(&mut self, session: &str) {
        self.pending.retain(|m| m["sessionId"] != session);
    }

    /// Waits for the event `method` on `session`.
    fn event(&mut self, session: &str, method: &str, what: &str) -> Value {
        let matches = |m: &Value| m["method"] == method && m["sessionId"] == session;
        if let Some(i) = self.pending.iter().position(matches) {
            return self.pending.remove(i).unwrap_or_default();
        }
        let deadline = Instant::now() + WAIT;
        loop {
            let m = self.next_message(deadline, what, WAIT);
            if matches(&m) {
                return m;
            }
            if m.get("method").is_some() {
                self.pending.push_back(m);
            }
        }
    }

    /// A tab in a new browser context (its own cookies: a fresh browser for
    /// a different user), at `about:blank`.
    fn open(&mut self, base: &str) -> Tab<'_> {
        let context = self.call(None, "Target.createBrowserContext", json!({}))["browserContextId"]
            .as_str()
            .expect("Target.createBrowserContext answers a browserContextId")
            .to_owned();
        let target = self.call(
            None,
            "Target.createTarget",
            json!({"url": "about:blank", "browserContextId": context}),
        )["targetId"]
            .as_str()
            .expect("Target.createTarget answers a targetId")
            .to_owned();
        let session = self.call(
            None,
            "Target.attachToTarget",
            json!({"targetId": target, "flatten": true}),
        )["sessionId"]
            .as_str()
            .expect("Target.attachToTarget answers a sessionId")
            .to_owned();
        let mut tab = Tab {
            browser: self,
            base: base.to_owned(),
            session,
            target,
            context,
        };
        tab.call("Page.enable", json!({}));
        tab.call(
            "Emulation.setDeviceMetricsOverride",
            json!({"width": WIDTH, "height": HEIGHT, "deviceScaleFactor": 1, "mobile": false}),
        );
        tab
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        if let Some(mut pipe) = self.commands.take() {
            self.next_id += 1;
            let close = format!("{{\"id\":{},\"method\":\"Browser.close\"}}\0", self.next_id);
            let _ = pipe.write_all(close.as_bytes()).and_then(|()| pipe.flush());
            // Dropping the pipe closes it: Chromium exits on that too.
        }
        let deadline = Instant::now() + Duration::from_secs(5);
        loop {
            match self.child.try_wait() {
                Ok(Some(_)) => break,
                Ok(None) if Instant::now() < deadline => {
                    std::thread::sleep(Duration::from_millis(50));
                }
                _ => {
                    let _ = self.child.kill();
                    let _ = self.child.wait();
                    break;
                }
            }
        }
        let _ = std::fs::remove_dir_all(&self.profile);
        if std::thread::panicking() {
            eprintln!("Chromium's log is kept at {}", self.log.display());
        } else {
            let _ = std::fs::remove_file(&self.log);
        }
    }
}

/// One page target, attached with a flat session.
struct Tab<'a> {
    browser: &'a mut Browser,
    base: String,
    session: String,
    target: String,
    context: String,
}

impl Tab<'_> {
    fn call(&mut self, method: &str, params: Value) -> Value {
        self.browser.call(Some(&self.session), method, params)
    }

    /// Evaluates `js` in the page and returns its value (panics, with the
    /// exception, when it throws).
    fn eval(&mut self, js: &str) -> Value {
        let r = self.call(
            "Runtime.evaluate",
            json!({"expression": js, "returnByValue": true}),
        );
        if let Some(e) = r.get("exceptionDetails") {
            panic!(
                "script failed in {}: {}\n{js}",
                self.path(),
                e["exception"]["description"]
                    .as_str()
                    .or(e["text"].as_str())
                    .unwrap_or("?")
            );
        }
        r["result"]["value"].clone()
    }

    /// Does `act` and waits for the page it leads to to load.
    fn and_wait_for_load(&mut self, what: &str, act: impl FnOnce(&mut Self)) {
        self.browser.forget_events(&self.session);
        act(self);
        let session = self.session.clone();
        self.browser.event(
            &session,
            "Page.loadEventFired",
            &format!("the page to load after {what}"),
        );
    }

    /// Goes to `path` (like typing it into the address bar).
    fn goto(&mut self, path: &str) {
        let url = format!("{}{path}", self.base);
        self.and_wait_for_load(&format!("navigating to {path}"), |t| {
            let r = t.call("Page.navigate", json!({"url": url}));
            if let Some(e) = r["errorText"].as_str().filter(|e| !e.is_empty()) {
                panic!("navigating to {url} failed: {e}");
            }
        });
    }

    /// Clicks the element `selector` matches (a link or a submit button)
    /// and waits for the page it leads to.
    fn click(&mut self, selector: &str) {
        let js = format!(
            "(() => {{ const s = {sel}; const e = document.querySelector(s); \
             if (!e) throw new Error('nothing matches ' + s); e.click(); return true; }})()",
            sel = json!(selector)
        );
        self.and_wait_for_load(&format!("clicking {selector}"), |t| {
            t.eval(&js);
        });
    }

    /// Types `value` into each named field of the form `form` (a checkbox
    /// is ticked by a non-empty value); each field must exist and take the
    /// value (a select only takes one of its options).
    fn fill(&mut self, form: &str, fields: &[(&str, &str)]) {
        let js = format!(
            "(() => {{ const form = document.querySelector({form}); \
             if (!form) throw new Error('no form ' + {form}); \
             for (const [name, value] of {fields}) {{ \
               const e = form.elements.namedItem(name); \
               if (!e) throw new Error('the form has no field ' + name); \
               if (e.type === 'checkbox') {{ e.checked = value !== ''; continue; }} \
               e.value = value; \
               if (e.value !== value) throw new Error('field ' + name + ' does not take ' + value); \
             }} return true; }})()",
            form = json!(form),
            fields = json!(fields)
        );
        self.eval(&js);
    }

    /// What the page shows, as text.
    fn text(&mut self) -> String {
        self.eval("document.body.innerText")
            .as_str()
            .unwrap_or_default()
            .to_owned()
    }

    /// The path (and query) of the page shown.
    fn path(&mut self) -> String {
        let v = self
            .browser
            .call(
                Some(&self.session),
                "Runtime.evaluate",
                json!({"expression": "location.pathname + location.search", "returnByValue": true}),
            )
            .pointer("/result/value")
            .cloned();
        v.and_then(|v| v.as_str().map(str::to_owned))
            .unwrap_or_default()
    }

    /// The HTTP status of the document shown.
    fn status(&mut self) -> u64 {
        self.eval("performance.getEntriesByType('navigation')[0].responseStatus")
            .as_u64()
            .expect("the navigation timing has a response status")
    }

    /// Panics, showing the page, unless it shows every one of `needles`.
    fn assert_shows(&mut self, needles: &[&str]) {
        let text = self.text();
        for n in needles {
            assert!(
                text.contains(n),
                "{} does not show {n:?}; it shows:\n{text}",
                self.path()
            );
        }
    }

    /// A screenshot of the whole page as PNG, written to `file`.
    fn screenshot(&mut self, file: &Path) -> Vec<u8> {
        self.call("Page.bringToFront", json!({}));
        let m = self.call("Page.getLayoutMetrics", json!({}));
        let height = m["cssContentSize"]["height"]
            .as_f64()
            .unwrap_or(HEIGHT as f64)
            .clamp(HEIGHT as f64, 12_000.0)
            .ceil();
        let shot = self.call(
            "Page.captureScreenshot",
            json!({
                "format": "png",
                "captureBeyondViewport": true,
                "clip": {"x": 0, "y": 0, "width": WIDTH, "height": height, "scale": 1}
            }),
        );
        let png = base64::engine::general_purpose::STANDARD
            .decode(shot["data"].as_str().expect("the screenshot's data"))
            .expect("the screenshot is base64");
        std::fs::write(file, &png)
            .unwrap_or_else(|e| panic!("cannot write {}: {e}", file.display()));
        png
    }

    /// Closes the tab and its browser context.
    fn close(self) {
        let target = self.target.clone();
        let context = self.context.clone();
        self.browser
            .call(None, "Target.closeTarget", json!({"targetId": target}));
        self.browser.call(
            None,
            "Target.disposeBrowserContext",
            json!({"browserContextId": context}),
        );
    }
}

/// Checks a screenshot: PNG signature, the viewport's width, a sane height
/// and size; returns (width, height).
fn check_png(png: &[u8], file: &Path) -> (u32, u32) {
    assert!(
        png.starts_with(b"\x89PNG\r\n\x1a\n") && png.get(12..16) == Some(b"IHDR"),
        "{} is not a PNG",
        file.display()
    );
    let be = |r: std::ops::Range<usize>| u32::from_be_bytes(png[r].try_into().expect("4 bytes"));
    let (w, h) = (be(16..20), be(20..24));
    assert_eq!(u64::from(w), WIDTH, "{}: width", file.display());
    assert!(
        (HEIGHT as u32..=12_000).contains(&h),
        "{}: height {h}",
        file.display()
    );
    assert!(
        (5_000..20_000_000).contains(&png.len()),
        "{}: {} bytes is not a plausible screenshot of a page",
        file.display(),
        png.len()
    );
    (w, h)
}

// ---------------------------------------------------------------------------
// The application

/// Where screenshots go: `browser-artefacts/` in the target directory.
fn artefacts() -> PathBuf {
    let workspace = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let target = match std::env::var_os("CARGO_TARGET_DIR") {
        Some(d) => workspace.join(d),
        None => workspace.join("target"),
    };
    let dir = target.join("browser-artefacts");
    std::fs::create_dir_all(&dir)
        .unwrap_or_else(|e| panic!("cannot create {}: {e}", dir.display()));
    dir.canonicalize().unwrap_or(dir)
}

/// The application on 127.0.0.1 (ephemeral port) over a fresh SQLite
/// registry with the manager and SECOM's member, and RootCA2 and SureMail
/// CA G5 imported when the corpus is there; the clock stands at the filing
/// date, 2024-11-20. Serves until the runtime is dropped.
fn serve(corpus: Option<&Path>) -> (tokio::runtime::Runtime, String) {
    let rt = tokio::runtime::Runtime::new().expect("a tokio runtime");
    let reg = rt.block_on(async {
        let reg = Registry::open(&common::temp_db("browser"))
            .await
            .expect("open the registry");
        let c = FixedClock(day("2024-11-01"));
        if let Some(dir) = corpus {
            for f in [
                "Security_Communication_RootCA2.pem",
                "Cybertrust_Japan_SureMail_CA_G5.pem",
            ] {
                reg.import_pem(&dir.join(f), &c, Default::default())
                    .await
                    .unwrap_or_else(|e| panic!("import {f}: {e}"));
            }
        }
        reg.add_user("manager", PASSWORD, Role::ProgramManager, None, &c)
            .await
            .expect("add the manager");
        reg.add_user("member@secom", PASSWORD, Role::OwnerMember, Some(SECOM), &c)
            .await
            .expect("add SECOM's member");
        reg
    });
    let state = web::AppState::new(Some(reg), Arc::new(FixedClock(day("2024-11-20"))));
    let (tx, rx) = std::sync::mpsc::channel();
    rt.spawn(async move {
        let any = std::net::SocketAddr::from(([127, 0, 0, 1], 0));
        if let Err(e) = web::serve(any, state, move |a| {
            let _ = tx.send(a);
        })
        .await
        {
            eprintln!("the server stopped: {e}");
        }
    });
    let addr = rx
        .recv_timeout(WAIT)
        .expect("the server did not bind 127.0.0.1 in time");
    (rt, format!("http://{addr}"))
}

/// Signs in through the form and lands on the requests list.
fn sign_in(tab: &mut Tab<'_>, name: &str, role: &str) {
    tab.goto("/signin");
    tab.fill(
        "form[action=\"/signin\"]",
        &[("name", name), ("password", "not the password")],
    );
    tab.click("form[action=\"/signin\"] button[type=submit]");
    assert_eq!(tab.status(), 401, "a wrong password is refused");
    tab.assert_shows(&["wrong account name or password"]);
    tab.fill(
        "form[action=\"/signin\"]",
        &[("name", name), ("password", PASSWORD)],
    );
    tab.click("form[action=\"/signin\"] button[type=submit]");
    assert_eq!(tab.path(), "/requests", "signing in leads to the requests");
    tab.assert_shows(&[&format!("Signed in as {name} ({role})")]);
}

const NEW: &str = "form[action=\"/requests/new\"]";

/// Files the request through a fresh form with its CSRF token, checks the
/// automatic review its page shows, screenshots the page to `png_file`;
/// returns the request's id.
fn file_the_request(tab: &mut Tab<'_>, fields: &[(&str, &str)], png_file: &Path) -> String {
    // Filed with the token: the draft's page shows the automatic review.
    tab.click("a[href=\"/requests/new\"]");
    tab.fill(NEW, fields);
    let root = tab.eval(&format!(
        "document.querySelector({}).selectedOptions[0].textContent",
        json!(format!("{NEW} select[name=root_sha256]"))
    ));
    assert!(
        root.as_str()
            .is_some_and(|r| r.contains("Security Communication RootCA2")),
        "the root picked is RootCA2: {root}"
    );
    tab.click(&format!("{NEW} button[type=submit]"));
    assert_eq!(tab.status(), 200);
    let page = tab.path();
    let id = page
        .strip_prefix("/requests/")
        .filter(|id| !id.is_empty() && *id != "new")
        .unwrap_or_else(|| panic!("filing leads to the request's page, not {page}"))
        .to_owned();
    tab.assert_shows(&[
        &format!("Request {id}"),
        "Signed in as member@secom (owner member)",
        "draft",
        "Cybertrust Japan SureMail CA G5",
        ROOT_CA2,
        "Automatic review",
        "All items present.",
        &format!("Certificate SHA-256 {G5} (in the registry)."),
        "Chains to the named root through signature-verified links: a valid certification path (RFC 5280 section 6, purpose smime)",
        "MRSP 8.4 applies",
        "Lint report (profile smime-subca)",
        "rfc5280.certificate_policies.has_qualifier",
        "mozilla.intermediate.technically_constrained",
        // Markup typed into a field is shown as text, not interpreted.
        "S/MIME <for> Japanese enterprises",
    ]);
    assert_eq!(
        tab.eval("document.querySelectorAll('for').length"),
        json!(0),
        "typed markup stays text"
    );
    assert_eq!(
        tab.eval("document.querySelectorAll('table.findings tbody tr').length"),
        json!(2),
        "the lint report lists the notice and the info"
    );
    let png = tab.screenshot(png_file);
    let (w, h) = check_png(&png, png_file);
    eprintln!(
        "screenshot: {} ({w}x{h}, {} bytes)",
        png_file.display(),
        png.len()
    );
    id
}

#[test]
fn sign_in_file_a_request_and_see_its_review_in_chromium() {
    let Some(exe) = chromium() else { return };
    let corpus = common::corpus("secom");
    let started = Instant::now();
    let dir = artefacts();
    let request_png = dir.join("request-page.png");
    let dashboard_png = dir.join("dashboard.png");
    for f in [&request_png, &dashboard_png] {
        let _ = std::fs::remove_file(f);
    }
    let (server, base) = serve(corpus.as_deref());
    let mut browser = Browser::launch(&exe);

    // SECOM's member signs in and opens the new-request form.
    let mut tab = browser.open(&base);
    sign_in(&mut tab, "member@secom", "owner member");
    tab.assert_shows(&["No requests you may see."]);
    tab.click("a[href=\"/requests/new\"]");
    tab.assert_shows(&["New sub-CA request", "9. Value justification"]);
    let mut fields = vec![
        ("operator_legal_name", "Cybertrust Japan Co., Ltd."),
        ("operator_website", "https://www.cybertrust.co.jp/"),
        ("new_subca_name", "Cybertrust Japan SureMail CA G5"),
        ("certificate_sha256", G5),
        ("cps_url", "https://www.cybertrust.co.jp/ssl/repository/"),
        ("cps_version", "1.0"),
        ("cps_date", "2024-11-01"),
        ("audits", "WebTrust for CAs 2024\nWebTrust S/MIME 2024"),
        (
            "sa_file_sha256",
            "ABABABABABABABABABABABABABABABABABABABABABABABABABABABABABABABAB",
        ),
        ("sa_date", "2024-10-15"),
        ("sa_template_version", "2024"),
        ("value_justification", "S/MIME <for> Japanese enterprises"),
        ("no_incidents", "1"),
    ];
    if corpus.is_some() {
        // The root is picked from the registry's roots.
        fields.push(("root_sha256", ROOT_CA2));
    }

    // Submitted without its CSRF token (the hidden field removed), the form
    // is refused and files nothing.
    tab.fill(NEW, &fields);
    tab.eval(&format!(
        "document.querySelector({}).remove()",
        json!(format!("{NEW} input[name=csrf]"))
    ));
    tab.click(&format!("{NEW} button[type=submit]"));
    assert_eq!(
        tab.status(),
        403,
        "a form without the CSRF token is refused"
    );
    tab.assert_shows(&["missing or wrong CSRF token"]);
    tab.click("a[href=\"/requests\"]");
    tab.assert_shows(&["No requests you may see."]);

    let filed = if corpus.is_some() {
        Some(file_the_request(&mut tab, &fields, &request_png))
    } else {
        eprintln!("skipping the filing and its review: the corpus is missing");
        None
    };
    tab.close();

    // The program manager, in a fresh browser context (no shared cookies),
    // sees the draft in the list and the compliance findings.
    let mut tab = browser.open(&base);
    sign_in(&mut tab, "manager", "program manager");
    match &filed {
        Some(id) => tab.assert_shows(&[id, SECOM, "draft"]),
        None => tab.assert_shows(&["No requests you may see."]),
    }
    tab.click("header a[href=\"/dashboard\"]");
    assert_eq!(tab.path(), "/dashboard");
    tab.assert_shows(&["Compliance", "As of"]);
    tab.fill("form[action=\"/dashboard\"]", &[("as_of", "2026-03-01")]);
    tab.click("form[action=\"/dashboard\"] button[type=submit]");
    assert_eq!(tab.path(), "/dashboard?as_of=2026-03-01");
    if corpus.is_some() {
        // RootCA2's serial number is zero (an error under RFC 5280 4.1.2.2);
        // G5's notice and info; the owner is not in this registry.
        tab.assert_shows(&[
            "Owner\tFatal\tError\tWarning\tNotice\tInfo",
            "(owner unknown)\t0\t1\t0\t1\t1",
            "rfc5280.serial.not_positive",
            "rfc5280.certificate_policies.has_qualifier",
        ]);
        assert_eq!(
            tab.eval("document.querySelectorAll('table.findings tbody tr').length"),
            json!(3),
            "three findings as of 2026-03-01: {}",
            tab.text()
        );
    } else {
        tab.assert_shows(&["No findings."]);
    }
    let png = tab.screenshot(&dashboard_png);
    let (w, h) = check_png(&png, &dashboard_png);
    eprintln!(
        "screenshot: {} ({w}x{h}, {} bytes)",
        dashboard_png.display(),
        png.len()
    );
    tab.close();

    drop(browser);
    drop(server);
    eprintln!("browser test done in {:?}", started.elapsed());
}
