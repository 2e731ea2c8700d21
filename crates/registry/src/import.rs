//! Imports: PEM bundles and CCADB reports.
//!
//! Each file is imported in one transaction. A row (or PEM block) that
//! cannot be read is reported with its file and line and skipped as a whole;
//! the valid rows import. A file that cannot be imported at all (unreadable,
//! unknown header) changes nothing. Importing the same file again changes
//! nothing; a changed record becomes a new version with its history.
//!
//! CCADB reports are recognised by their header:
//! - the PEM report `SHA-256 Fingerprint,X.509 Certificate (PEM)`;
//! - the Mozilla intermediate report (`Subject, Issuer, SHA256, …, PEM`);
//! - the `AllCertificateRecordsCSVFormatV5` records report (`CA Owner, …`,
//!   89 columns), with owners, sub-CA operators, audits, CP/CPS documents,
//!   trust bits and revocation status.

use std::collections::HashMap;
use std::fmt;
use std::io::BufReader;
use std::path::{Path, PathBuf};

use cert::Certificate;
use cert::source::ItemReader;
use serde::Serialize;
use sqlx::{AnyConnection, Row as _};

use crate::link::{self, normalize_hex};
use crate::model::{AUDIT_KINDS, Audit, Document, Incident, Owner, derive_id};
use crate::store::{self, Outcome, Val, f, first, keep};
use crate::{Clock, Error, Registry, Result};

/// One row or block that was not imported.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RowError {
    /// The file.
    pub file: PathBuf,
    /// 1-based line where the row or block starts.
    pub line: u64,
    /// The column, when one is to blame.
    pub field: Option<String>,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for RowError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: ", self.file.display(), self.line)?;
        if let Some(field) = &self.field {
            write!(f, "column \"{field}\": ")?;
        }
        f.write_str(&self.message)
    }
}

/// What one file's import did.
#[derive(Clone, Debug, Default, Serialize)]
pub struct ImportReport {
    /// The file.
    pub file: PathBuf,
    /// What it was read as.
    pub format: &'static str,
    /// Rows or blocks read (headers excluded).
    pub rows: usize,
    /// Records created.
    pub created: usize,
    /// Records changed (a new version each).
    pub updated: usize,
    /// Rows that changed nothing.
    pub unchanged: usize,
    /// Parent links added (or confirmed) by signature verification.
    pub links_added: usize,
    /// Rows not imported.
    pub errors: Vec<RowError>,
}

impl ImportReport {
    fn count(&mut self, o: Outcome) {
        match o {
            Outcome::Created => self.created += 1,
            Outcome::Updated => self.updated += 1,
            Outcome::Unchanged => self.unchanged += 1,
        }
    }
    fn err(&mut self, line: u64, field: Option<&str>, message: impl Into<String>) {
        self.errors.push(RowError {
            file: self.file.clone(),
            line,
            field: field.map(str::to_owned),
            message: message.into(),
        });
    }
}

/// Import options.
#[derive(Clone, Copy, Debug, Default)]
pub struct ImportOptions {
    /// Disclosure date to record for certificates new to the registry
    /// (seconds since the epoch). When `None`: the import time for PEM
    /// imports (registering a certificate here is disclosing it); unknown
    /// for CCADB reports (the certificates are disclosed in the CCADB, at a
    /// date the reports do not give), which the disclosure check accepts.
    pub disclosed_at: Option<i64>,
}

enum CsvKind {
    PemReport { fp: usize, pem: usize },
    Mozilla { fp: usize, pem: usize },
    V5(HashMap<String, usize>),
}

impl Registry {
    /// Imports every certificate of a PEM (or DER, or base64) file.
    pub async fn import_pem(
        &self,
        path: &Path,
        clock: &dyn Clock,
        opts: ImportOptions,
    ) -> Result<ImportReport> {
        let file = std::fs::File::open(path).map_err(|source| Error::Io {
            path: path.to_owned(),
            source,
        })?;
        let now = clock.now();
        let mut report = ImportReport {
            file: path.to_owned(),
            format: "pem",
            ..Default::default()
        };
        let mut tx = self.pool.begin().await?;
        let mut items = Vec::new();
        for item in ItemReader::new(BufReader::new(file)) {
            let item = item.map_err(|source| Error::Io {
                path: path.to_owned(),
                source,
            })?;
            if !item.is_certificate() {
                continue;
            }
            report.rows += 1;
            let line = item.line.unwrap_or(item.index) as u64;
            let der = match item.data {
                Ok(d) => d,
                Err(e) => {
                    report.err(line, None, e.to_string());
                    continue;
                }
            };
            let c = match Certificate::parse(&der) {
                Ok(c) => c,
                Err(e) => {
                    report.err(line, None, format!("not a decodable certificate: {e}"));
                    continue;
                }
            };
            let source = format!("pem {}:{line}", path.display());
            items.push(link::certificate_item(
                &c,
                &source,
                now,
                opts.disclosed_at.or(Some(now)),
            ));
        }
        let touched = put_certificates(&mut tx, &items, now, &mut report).await?;
        finish(&mut tx, &touched, &mut report).await?;
        tx.commit().await?;
        Ok(report)
    }

    /// Imports a CCADB CSV report (PEM report, Mozilla intermediate report or V5 records report).
    pub async fn import_ccadb(
        &self,
        path: &Path,
        clock: &dyn Clock,
        opts: ImportOptions,
    ) -> Result<ImportReport> {
        let bad = |reason: String| Error::BadFile {
            path: path.to_owned(),
            reason,
        };
        let file = std::fs::File::open(path).map_err(|source| Error::Io {
            path: path.to_owned(),
            source,
        })?;
        let mut rdr = csv::ReaderBuilder::new()
            .has_headers(true)
            .flexible(false)
            .from_reader(BufReader::new(file));
        let header = rdr
            .headers()
            .map_err(|e| bad(format!("cannot read the CSV header: {e}")))?
            .clone();
        let cols: HashMap<String, usize> = header
            .iter()
            .enumerate()
            .map(|(i, h)| (h.trim_start_matches('\u{feff}').trim().to_owned(), i))
            .collect();
        let kind = if let (Some(&fp), Some(&pem)) = (
            cols.get("SHA-256 Fingerprint"),
            cols.get("X.509 Certificate (PEM)"),
        ) {
            CsvKind::PemReport { fp, pem }
        } else if let (Some(&fp), Some(&pem)) = (cols.get("SHA256"), cols.get("PEM")) {
            CsvKind::Mozilla { fp, pem }
        } else if cols.contains_key("CA Owner") && cols.contains_key("SHA-256 Fingerprint") {
            CsvKind::V5(cols)
        } else {
            return Err(bad(format!(
                "unrecognized CCADB report header {:?}: expected \"SHA-256 Fingerprint,X.509 Certificate (PEM)\", \
                 the Mozilla intermediate report (SHA256, PEM) or the V5 records report (CA Owner, SHA-256 Fingerprint, …)",
                header.iter().take(6).collect::<Vec<_>>().join(",")
            )));
        };
        let now = clock.now();
        let mut report = ImportReport {
            file: path.to_owned(),
            format: match kind {
                CsvKind::PemReport { .. } => "ccadb-pem",
                CsvKind::Mozilla { .. } => "ccadb-mozilla-intermediates",
                CsvKind::V5(_) => "ccadb-v5",
            },
            ..Default::default()
        };
        let mut tx = self.pool.begin().await?;
        let mut items = Vec::new();
        let mut seen: HashMap<String, (u64, String)> = HashMap::new();
        let mut record = csv::StringRecord::new();
        loop {
            let line_before = rdr.position().line();
            match rdr.read_record(&mut record) {
                Ok(false) => break,
                Ok(true) => {}
                Err(e) => {
                    report.rows += 1;
                    let line = e.position().map(|p| p.line()).unwrap_or(line_before);
                    report.err(line, None, format!("malformed CSV row: {}", csv_error(&e)));
                    if matches!(e.kind(), csv::ErrorKind::Io(_)) {
                        break;
                    }
                    continue;
                }
            }
            report.rows += 1;
            let line = record.position().map(|p| p.line()).unwrap_or(line_before);
            let source = format!("ccadb {}:{line}", path.display());
            match &kind {
                CsvKind::PemReport { fp, pem } | CsvKind::Mozilla { fp, pem } => {
                    let fp_name = header.get(*fp).unwrap_or("SHA-256 Fingerprint");
                    let pem_name = header.get(*pem).unwrap_or("PEM");
                    let claimed = record.get(*fp).unwrap_or("");
                    let der = match pem_cell(record.get(*pem).unwrap_or("")) {
                        Ok(d) => d,
                        Err(m) => {
                            report.err(line, Some(pem_name), m);
                            continue;
                        }
                    };
                    let c = match Certificate::parse(&der) {
                        Ok(c) => c,
                        Err(e) => {
                            report.err(
                                line,
                                Some(pem_name),
                                format!("not a decodable certificate: {e}"),
                            );
                            continue;
                        }
                    };
                    let actual = cert::hex_upper(&c.sha256());
                    let Some(claimed) = normalize_hex(claimed).filter(|h| h.len() == 64) else {
                        report.err(
                            line,
                            Some(fp_name),
                            format!("{claimed:?} is not a SHA-256 fingerprint (64 hex digits)"),
                        );
                        continue;
                    };
                    if let Some((first_line, first_actual)) = seen.get(&claimed)
                        && *first_actual != actual
                    {
                        report.err(
                            line,
                            Some(fp_name),
                            format!(
                                "duplicate fingerprint {claimed} (first on line {first_line}) with a different certificate"
                            ),
                        );
                        continue;
                    }
                    if claimed != actual {
                        report.err(
                            line,
                            Some(fp_name),
                            format!(
                                "the row's fingerprint {claimed} differs from the SHA-256 of its PEM, {actual}"
                            ),
                        );
                        continue;
                    }
                    seen.entry(claimed).or_insert((line, actual));
                    items.push(link::certificate_item(&c, &source, now, opts.disclosed_at));
                }
                CsvKind::V5(cols) => {
                    let row = match V5Row::parse(cols, &record) {
                        Ok(r) => r,
                        Err((field, m)) => {
                            report.err(line, Some(field), m);
                            continue;
                        }
                    };
                    let o = row.write(&mut tx, &source, now, opts.disclosed_at).await?;
                    report.count(o);
                }
            }
        }
        let touched = put_certificates(&mut tx, &items, now, &mut report).await?;
        finish(&mut tx, &touched, &mut report).await?;
        tx.commit().await?;
        Ok(report)
    }

    /// Creates or updates an owner (with history). Fields left empty
    /// (`None`, no contacts) keep their recorded values.
    pub async fn put_owner(&self, o: &Owner, source: &str, clock: &dyn Clock) -> Result<()> {
        let mut tx = self.pool.begin().await?;
        store::put(
            &mut tx,
            &store::OWNER,
            &o.name,
            &[
                keep("website", Val::opt(o.website.clone())),
                keep("country", Val::opt(o.country.clone())),
                keep(
                    "contacts",
                    Val::opt((!o.contacts.is_empty()).then(|| o.contacts.join("; "))),
                ),
            ],
            source,
            clock.now(),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Creates or updates a document and its scope (with history).
    pub async fn put_document(
        &self,
        d: &Document,
        source: &str,
        clock: &dyn Clock,
    ) -> Result<String> {
        let id = if d.id.is_empty() {
            derive_id(&[&d.owner, &d.kind, &d.url])
        } else {
            d.id.clone()
        };
        let mut tx = self.pool.begin().await?;
        store::put(
            &mut tx,
            &store::DOCUMENT,
            &id,
            &[
                f("owner", Val::text(&d.owner)),
                f("kind", Val::text(&d.kind)),
                f("url", Val::text(&d.url)),
                f("doc_version", Val::opt(d.doc_version.clone())),
                f("effective_date", Val::opt(d.effective_date.clone())),
                f("language", Val::opt(d.language.clone())),
            ],
            source,
            clock.now(),
        )
        .await?;
        for c in &d.certificates {
            store::set_scope(&mut tx, "document_scope", "document_id", &id, c).await?;
        }
        tx.commit().await?;
        Ok(id)
    }

    /// Creates or updates an audit and its scope (with history).
    pub async fn put_audit(&self, a: &Audit, source: &str, clock: &dyn Clock) -> Result<String> {
        let id = if a.id.is_empty() {
            audit_id(
                &a.owner,
                &a.kind,
                a.url.as_deref(),
                a.period_start.as_deref(),
                a.period_end.as_deref(),
            )
        } else {
            a.id.clone()
        };
        let mut tx = self.pool.begin().await?;
        write_audit(&mut tx, &id, a, source, clock.now()).await?;
        for c in &a.certificates {
            store::set_scope(&mut tx, "audit_scope", "audit_id", &id, c).await?;
        }
        tx.commit().await?;
        Ok(id)
    }

    /// Creates or updates an incident (with history).
    pub async fn put_incident(&self, i: &Incident, source: &str, clock: &dyn Clock) -> Result<()> {
        let mut tx = self.pool.begin().await?;
        store::put(
            &mut tx,
            &store::INCIDENT,
            &i.id,
            &[
                f("owner", Val::text(&i.owner)),
                f("title", Val::text(&i.title)),
                f("link", Val::opt(i.link.clone())),
                f("opened", Val::opt(i.opened.clone())),
                f("closed", Val::opt(i.closed.clone())),
                f("status", Val::text(&i.status)),
                f("next_update", Val::opt(i.next_update.clone())),
            ],
            source,
            clock.now(),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }
}

fn csv_error(e: &csv::Error) -> String {
    match e.kind() {
        csv::ErrorKind::UnequalLengths {
            expected_len, len, ..
        } => format!("{len} fields where the header has {expected_len}"),
        csv::ErrorKind::Utf8 { err, .. } => format!("invalid UTF-8 in field {}", err.field() + 1),
        _ => e.to_string(),
    }
}

fn audit_id(
    owner: &str,
    kind: &str,
    url: Option<&str>,
    start: Option<&str>,
    end: Option<&str>,
) -> String {
    derive_id(&[
        owner,
        kind,
        url.unwrap_or(""),
        start.unwrap_or(""),
        end.unwrap_or(""),
    ])
}

async fn write_audit(
    conn: &mut AnyConnection,
    id: &str,
    a: &Audit,
    source: &str,
    now: i64,
) -> Result<Outcome> {
    store::put(
        conn,
        &store::AUDIT,
        id,
        &[
            f("owner", Val::text(&a.owner)),
            f("kind", Val::text(&a.kind)),
            f("criteria", Val::opt(a.criteria.clone())),
            f("auditor", Val::opt(a.auditor.clone())),
            f("auditor_location", Val::opt(a.auditor_location.clone())),
            f("statement_date", Val::opt(a.statement_date.clone())),
            f("period_start", Val::opt(a.period_start.clone())),
            f("period_end", Val::opt(a.period_end.clone())),
            f("url", Val::opt(a.url.clone())),
            keep("file_sha256", Val::opt(a.file_sha256.clone())),
        ],
        source,
        now,
    )
    .await
}

/// Writes the certificates of a file (in order, as one write each would),
/// counts the outcomes and returns the fingerprints of those created or
/// changed.
async fn put_certificates(
    conn: &mut AnyConnection,
    items: &[store::PutItem],
    now: i64,
    report: &mut ImportReport,
) -> Result<Vec<String>> {
    let outcomes = store::put_many(conn, &store::CERT, items, now).await?;
    let mut touched = Vec::new();
    for (it, o) in items.iter().zip(outcomes) {
        report.count(o);
        if o != Outcome::Unchanged {
            touched.push(it.key.clone());
        }
    }
    Ok(touched)
}

/// Links every touched certificate and recomputes the derived trust bits.
async fn finish(
    conn: &mut AnyConnection,
    touched: &[String],
    report: &mut ImportReport,
) -> Result<()> {
    report.links_added += link::link_certificates(conn, touched).await?;
    if !touched.is_empty() || report.format == "ccadb-v5" {
        link::recompute_trust_bits(conn).await?;
    }
    Ok(())
}

/// The DER of the one certificate in a PEM cell.
fn pem_cell(cell: &str) -> std::result::Result<Vec<u8>, String> {
    if cell.trim().is_empty() {
        return Err("empty cell: no PEM certificate".into());
    }
    let mut items = ItemReader::new(cell.as_bytes());
    let mut found = None;
    for item in items.by_ref() {
        let item = item.map_err(|e| e.to_string())?;
        if !item.is_certificate() {
            continue;
        }
        if found.is_some() {
            return Err("more than one certificate in the cell".into());
        }
        found = Some(item.data.map_err(|e| e.to_string())?);
    }
    found.ok_or_else(|| "no PEM certificate in the cell".into())
}

/// One V5 row, validated.
struct V5Row {
    owner: String,
    subca_owner: Option<String>,
    country: Option<String>,
    sha256: String,
    parent: Option<String>,
    record_id: Option<String>,
    name: Option<String>,
    revocation: Option<String>,
    not_before: Option<i64>,
    not_after: Option<i64>,
    ski: Option<String>,
    aki: Option<String>,
    root_trust_bits: Option<String>,
    derived_trust_bits: Option<String>,
    audits_same: bool,
    docs_same: bool,
    technically_constrained: bool,
    audits: Vec<Audit>,
    documents: Vec<(&'static str, String, Option<String>)>,
}

type FieldError = (&'static str, String);

impl V5Row {
    fn parse(
        cols: &HashMap<String, usize>,
        rec: &csv::StringRecord,
    ) -> std::result::Result<V5Row, FieldError> {
        let get = |name: &str| -> Option<String> {
            cols.get(name)
                .and_then(|&i| rec.get(i))
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_owned)
        };
        let date = |name: &'static str| -> std::result::Result<Option<String>, FieldError> {
            match get(name) {
                None => Ok(None),
                Some(s) => {
                    let norm = s.replace('.', "-");
                    match crate::parse_date(&norm) {
                        Some(d) => Ok(Some(crate::format_day(d))),
                        None => Err((name, format!("{s:?} is not a date (YYYY-MM-DD)"))),
                    }
                }
            }
        };
        let flag = |name: &str| {
            get(name)
                .is_some_and(|s| matches!(s.to_ascii_lowercase().as_str(), "true" | "yes" | "1"))
        };
        let hex = |name: &'static str,
                   len: Option<usize>|
         -> std::result::Result<Option<String>, FieldError> {
            match get(name) {
                None => Ok(None),
                Some(s) => match normalize_hex(&s) {
                    Some(h) if len.is_none_or(|l| h.len() == l) => Ok(Some(h)),
                    _ => Err((
                        name,
                        format!(
                            "{s:?} is not {}",
                            if len == Some(64) {
                                "a SHA-256 fingerprint (64 hex digits)"
                            } else {
                                "hexadecimal"
                            }
                        ),
                    )),
                },
            }
        };
        let owner = get("CA Owner").ok_or((
            "CA Owner",
            "empty: every record needs its CA owner".to_owned(),
        ))?;
        let sha256 = hex("SHA-256 Fingerprint", Some(64))?
            .ok_or(("SHA-256 Fingerprint", "empty".to_owned()))?;
        let to_unix = |d: Option<String>| d.and_then(|d| cert::time::parse_iso(&d));
        let not_before = to_unix(date("Valid From (GMT)")?);
        let not_after = to_unix(date("Valid To (GMT)")?).map(|t| t + crate::DAY - 1);
        let subca_owner = get("Subordinate CA Owner");
        let audit_owner = subca_owner.clone().unwrap_or_else(|| owner.clone());
        let mut audits = Vec::new();
        for kind in AUDIT_KINDS {
            let col = |what: &str| format!("{kind} Audit {what}");
            let url = get(&col("URL"));
            let criteria = get(&col("Type"));
            let statement = date(leak(col("Statement Date")))?;
            let start = date(leak(col("Period Start Date")))?;
            let end = date(leak(col("Period End Date")))?;
            if url.is_none() && statement.is_none() && start.is_none() && end.is_none() {
                continue;
            }
            if let (Some(s), Some(e)) = (&start, &end)
                && e < s
            {
                return Err((
                    leak(col("Period End Date")),
                    format!("period ends ({e}) before it starts ({s})"),
                ));
            }
            audits.push(Audit {
                id: audit_id(
                    &audit_owner,
                    kind,
                    url.as_deref(),
                    start.as_deref(),
                    end.as_deref(),
                ),
                owner: audit_owner.clone(),
                kind: kind.to_owned(),
                criteria,
                auditor: get("Audit Firm"),
                auditor_location: get("Audit Firm Location"),
                statement_date: statement,
                period_start: start,
                period_end: end,
                url,
                file_sha256: None,
                certificates: vec![sha256.clone()],
            });
        }
        let mut documents = Vec::new();
        for (kind, url_col, date_col) in [
            ("CP", "Certificate Policy (CP) URL", "CP Effective Date"),
            (
                "CPS",
                "Certificate Practice Statement (CPS) URL",
                "CPS Effective Date",
            ),
            (
                "CP/CPS",
                "Certificate Practice & Policy Statement",
                "CP/CPS Effective Date",
            ),
            (
                "MD CP/CPS",
                "MD/AsciiDoc CP/CPS URL",
                "MD/AsciiDoc CP/CPS Effective Date",
            ),
        ] {
            let effective = date(date_col)?;
            if let Some(urls) = get(url_col) {
                for url in urls.split("; ").map(str::trim).filter(|u| !u.is_empty()) {
                    documents.push((kind, url.to_owned(), effective.clone()));
                }
            }
        }
        Ok(V5Row {
            country: get("Country"),
            parent: hex("Parent SHA-256 Fingerprint", Some(64))?,
            record_id: get("Salesforce Record ID"),
            name: get("Certificate Name"),
            revocation: get("Revocation Status"),
            not_before,
            not_after,
            ski: hex("Subject Key Identifier", None)?,
            aki: hex("Authority Key Identifier", None)?,
            root_trust_bits: get("Trust Bits for Root Cert"),
            derived_trust_bits: get("Derived Trust Bits"),
            audits_same: flag("Audits Same as Parent"),
            technically_constrained: flag("Technically Constrained"),
            docs_same: flag("CP Same as Parent")
                || flag("CPS Same as Parent")
                || flag("CP/CPS Same as Parent")
                || flag("MD/AsciiDoc CP/CPS Same as Parent"),
            owner,
            subca_owner,
            sha256,
            audits,
            documents,
        })
    }

    async fn write(
        &self,
        conn: &mut AnyConnection,
        source: &str,
        now: i64,
        disclosed_at: Option<i64>,
    ) -> Result<Outcome> {
        let mut outcome = Outcome::Unchanged;
        let mut note = |o: Outcome| {
            if o == Outcome::Created || (o == Outcome::Updated && outcome == Outcome::Unchanged) {
                outcome = o;
            }
        };
        note(
            store::put(
                conn,
                &store::OWNER,
                &self.owner,
                &[keep("country", Val::opt(self.country.clone()))],
                source,
                now,
            )
            .await?,
        );
        if let Some(sub) = &self.subca_owner {
            note(store::put(conn, &store::OWNER, sub, &[], source, now).await?);
        }
        let has_der: i64 = sqlx::query("SELECT COUNT(der) FROM certificates WHERE sha256 = $1")
            .bind(self.sha256.clone())
            .fetch_one(&mut *conn)
            .await?
            .try_get(0)?;
        let has_der = has_der > 0;
        let doc_owner = self.subca_owner.as_deref().unwrap_or(&self.owner);
        let mut doc_ids: Vec<String> = self
            .documents
            .iter()
            .map(|(kind, url, _)| derive_id(&[doc_owner, kind, url]))
            .collect();
        doc_ids.sort();
        doc_ids.dedup();
        let mut fields = vec![
            f("documents", Val::text(doc_ids.join(" "))),
            f("owner", Val::text(&self.owner)),
            f("subca_owner", Val::opt(self.subca_owner.clone())),
            f("record_id", Val::opt(self.record_id.clone())),
            f("name", Val::opt(self.name.clone())),
            f("parent_sha256", Val::opt(self.parent.clone())),
            f("revocation", Val::opt(self.revocation.clone())),
            f("root_trust_bits", Val::opt(self.root_trust_bits.clone())),
            f(
                "ccadb_trust_bits",
                Val::opt(self.derived_trust_bits.clone()),
            ),
            f("audits_same_as_parent", Val::bool(self.audits_same)),
            f("docs_same_as_parent", Val::bool(self.docs_same)),
            first("first_seen", Val::int(now)),
            first("source", Val::text(source)),
            first("disclosed_at", Val::Int(disclosed_at)),
        ];
        if !has_der {
            fields.push(keep("not_before", Val::Int(self.not_before)));
            fields.push(keep("not_after", Val::Int(self.not_after)));
            fields.push(keep("ski", Val::opt(self.ski.clone())));
            fields.push(keep("aki", Val::opt(self.aki.clone())));
            fields.push(f("is_ca", Val::bool(true)));
            fields.push(f(
                "technically_constrained",
                Val::bool(self.technically_constrained),
            ));
        }
        note(store::put(conn, &store::CERT, &self.sha256, &fields, source, now).await?);
        if let Some(p) = &self.parent
            && *p != self.sha256
        {
            link::add_link(conn, &self.sha256, p, false).await?;
        }
        for a in &self.audits {
            note(write_audit(conn, &a.id, a, source, now).await?);
            store::set_scope(conn, "audit_scope", "audit_id", &a.id, &self.sha256).await?;
        }
        // The record lists the documents that cover this certificate now (the
        // `documents` field above keeps the history of that list).
        sqlx::query("DELETE FROM document_scope WHERE sha256 = $1")
            .bind(self.sha256.clone())
            .execute(&mut *conn)
            .await?;
        for (kind, url, effective) in &self.documents {
            let id = derive_id(&[doc_owner, kind, url]);
            note(
                store::put(
                    conn,
                    &store::DOCUMENT,
                    &id,
                    &[
                        f("owner", Val::text(doc_owner)),
                        f("kind", Val::text(*kind)),
                        f("url", Val::text(url)),
                        keep("effective_date", Val::opt(effective.clone())),
                    ],
                    source,
                    now,
                )
                .await?,
            );
            store::set_scope(conn, "document_scope", "document_id", &id, &self.sha256).await?;
        }
        Ok(outcome)
    }
}

/// Column names built at run time, kept for error reports.
fn leak(s: String) -> &'static str {
    // A handful of distinct names (7 kinds x 3 columns): interned once.
    use std::sync::{Mutex, OnceLock};
    static NAMES: OnceLock<Mutex<Vec<&'static str>>> = OnceLock::new();
    let m = NAMES.get_or_init(|| Mutex::new(Vec::new()));
    let mut v = match m.lock() {
        Ok(v) => v,
        Err(p) => p.into_inner(),
    };
    if let Some(n) = v.iter().find(|n| **n == s) {
        return n;
    }
    let n: &'static str = Box::leak(s.into_boxed_str());
    v.push(n);
    n
}
