//! Output formats of `rootward lint`: text, json, jsonl and csv.
//!
//! Each result is rendered to a string on a worker thread ([`render`]); the
//! main thread writes them in input order, with [`Writer`] adding what goes
//! between and around them (the JSON array's brackets and commas, the CSV
//! header).

use std::io::{self, Write};

use clap::ValueEnum;
use lint::{Finding, Report};
use serde::Serialize;

use crate::input::sanitize;

/// Output format.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Human-readable text.
    Text,
    /// One JSON array.
    Json,
    /// One JSON object per line.
    Jsonl,
    /// CSV (RFC 4180 quoting), one row per finding.
    Csv,
}

/// Header of the `--format csv` output.
pub const CSV_HEADER: &str =
    "source,sha256,subject,profile,code,severity,message,citation,location,pkilint,zlint";

/// One result as printed by `json` and `jsonl`: exactly these keys.
#[derive(Serialize)]
struct JsonResult<'a> {
    source: &'a str,
    sha256: &'a str,
    subject: &'a str,
    profile: &'a str,
    findings: &'a [Finding],
}

/// Quotes a CSV field when needed (RFC 4180: fields holding a comma, a
/// double quote, CR or LF are enclosed in double quotes, and double quotes
/// inside are doubled).
pub fn csv_field(s: &str) -> std::borrow::Cow<'_, str> {
    if s.contains([',', '"', '\r', '\n']) {
        format!("\"{}\"", s.replace('"', "\"\"")).into()
    } else {
        s.into()
    }
}

/// Writes one CSV record (fields quoted as needed, `\n` terminated).
pub fn csv_record<'a>(out: &mut String, fields: impl IntoIterator<Item = &'a str>) {
    for (i, f) in fields.into_iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str(&csv_field(f));
    }
    out.push('\n');
}

/// Renders one result in `format` (for `json`, the bare object: [`Writer`]
/// adds the separators).
pub fn render(format: Format, source: &str, report: &Report) -> String {
    match format {
        Format::Json | Format::Jsonl => {
            let r = JsonResult {
                source,
                sha256: &report.sha256,
                subject: &report.subject,
                profile: &report.profile,
                findings: &report.findings,
            };
            // Serializing strings, numbers and maps of them cannot fail.
            let mut s = serde_json::to_string(&r).unwrap_or_default();
            if format == Format::Jsonl {
                s.push('\n');
            }
            s
        }
        Format::Csv => {
            let mut s = String::new();
            let head = [
                source,
                report.sha256.as_str(),
                report.subject.as_str(),
                report.profile.as_str(),
            ];
            if report.findings.is_empty() {
                csv_record(&mut s, head.into_iter().chain(["", "", "", "", "", "", ""]));
            }
            for f in &report.findings {
                let tail = [
                    f.code,
                    f.severity.as_str(),
                    f.message.as_str(),
                    f.citation,
                    f.location.as_str(),
                    f.equivalents.pkilint.unwrap_or(""),
                    f.equivalents.zlint.unwrap_or(""),
                ];
                csv_record(&mut s, head.into_iter().chain(tail));
            }
            s
        }
        Format::Text => {
            let sha = report.sha256.get(..16).unwrap_or(&report.sha256);
            let dash = |s: &str| {
                if s.is_empty() {
                    "-".to_owned()
                } else {
                    sanitize(s)
                }
            };
            let mut s = format!(
                "{}  {}  {}  {}\n",
                sanitize(source),
                dash(&report.profile),
                dash(sha),
                dash(&report.subject)
            );
            for f in &report.findings {
                s.push_str(&format!(
                    "  {:<7}  {}  {}  [{}]  ({})\n",
                    f.severity.as_str(),
                    f.code,
                    sanitize(&f.message),
                    f.citation,
                    sanitize(&f.location)
                ));
            }
            s
        }
    }
}

/// Writes rendered results in order, with the framing of the format.
pub struct Writer<W: Write> {
    out: W,
    format: Format,
    written: usize,
}

impl<W: Write> Writer<W> {
    /// Starts the output (JSON `[`, CSV header).
    pub fn new(mut out: W, format: Format) -> io::Result<Self> {
        match format {
            Format::Json => out.write_all(b"[")?,
            Format::Csv => writeln!(out, "{CSV_HEADER}")?,
            Format::Text | Format::Jsonl => {}
        }
        Ok(Writer {
            out,
            format,
            written: 0,
        })
    }

    /// Writes one rendered result.
    pub fn item(&mut self, rendered: &str) -> io::Result<()> {
        if self.format == Format::Json {
            self.out
                .write_all(if self.written == 0 { b"\n" } else { b",\n" })?;
        }
        self.written += 1;
        self.out.write_all(rendered.as_bytes())
    }

    /// Flushes what was written so far.
    pub fn flush(&mut self) -> io::Result<()> {
        self.out.flush()
    }

    /// Ends the output (JSON `]`) and flushes.
    pub fn finish(mut self) -> io::Result<()> {
        if self.format == Format::Json {
            self.out
                .write_all(if self.written == 0 { b"]\n" } else { b"\n]\n" })?;
        }
        self.out.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_quoting() {
        assert_eq!(csv_field("plain"), "plain");
        assert_eq!(csv_field(""), "");
        assert_eq!(csv_field("a,b"), "\"a,b\"");
        assert_eq!(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(csv_field("two\nlines"), "\"two\nlines\"");
        assert_eq!(csv_field("cr\r"), "\"cr\r\"");
    }

    #[test]
    fn json_framing() {
        let mut buf = Vec::new();
        let mut w = Writer::new(&mut buf, Format::Json).unwrap();
        w.item("{}").unwrap();
        w.item("{}").unwrap();
        w.finish().unwrap();
        assert_eq!(String::from_utf8(buf).unwrap(), "[\n{},\n{}\n]\n");
        let mut buf = Vec::new();
        Writer::new(&mut buf, Format::Json)
            .unwrap()
            .finish()
            .unwrap();
        assert_eq!(String::from_utf8(buf).unwrap(), "[]\n");
    }
}
