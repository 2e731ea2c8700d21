//! Versioned writes and typed reads over the schema.

use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row as _};

use crate::model::{Audit, CertRecord, Document, HistoryEntry, Incident, Owner};
use crate::{Error, Result};

/// A column value.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Val {
    Text(Option<String>),
    Int(Option<i64>),
    Blob(Option<Vec<u8>>),
}

impl Val {
    pub(crate) fn text(s: impl Into<String>) -> Val {
        Val::Text(Some(s.into()))
    }
    pub(crate) fn opt(s: Option<impl Into<String>>) -> Val {
        Val::Text(s.map(Into::into))
    }
    pub(crate) fn int(i: i64) -> Val {
        Val::Int(Some(i))
    }
    pub(crate) fn bool(b: bool) -> Val {
        Val::Int(Some(b as i64))
    }
    fn json(&self) -> serde_json::Value {
        match self {
            Val::Text(Some(s)) => serde_json::Value::String(s.clone()),
            Val::Int(Some(i)) => serde_json::Value::from(*i),
            Val::Blob(Some(b)) => serde_json::Value::String(format!("<{} bytes>", b.len())),
            _ => serde_json::Value::Null,
        }
    }
    fn read(&self, row: &AnyRow, i: usize) -> Result<Val> {
        Ok(match self {
            Val::Text(_) => Val::Text(row.try_get(i)?),
            Val::Int(_) => Val::Int(row.try_get(i)?),
            Val::Blob(_) => Val::Blob(row.try_get(i)?),
        })
    }
}

type AnyQuery<'q> = sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments>;

fn bind<'q>(q: AnyQuery<'q>, v: &Val) -> AnyQuery<'q> {
    match v {
        Val::Text(s) => q.bind(s.clone()),
        Val::Int(i) => q.bind(*i),
        Val::Blob(b) => q.bind(b.clone()),
    }
}

/// When a field is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Mode {
    /// On insert and on update.
    Always,
    /// On insert only (first-seen facts).
    InsertOnly,
    /// On insert and on update, but never replacing a value with NULL
    /// (a source that does not know a field leaves it alone).
    KeepIfNull,
}

pub(crate) struct Field {
    pub name: &'static str,
    pub val: Val,
    pub mode: Mode,
}

pub(crate) fn f(name: &'static str, val: Val) -> Field {
    Field {
        name,
        val,
        mode: Mode::Always,
    }
}
pub(crate) fn keep(name: &'static str, val: Val) -> Field {
    Field {
        name,
        val,
        mode: Mode::KeepIfNull,
    }
}
pub(crate) fn first(name: &'static str, val: Val) -> Field {
    Field {
        name,
        val,
        mode: Mode::InsertOnly,
    }
}

/// What a write did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Outcome {
    Created,
    Updated,
    Unchanged,
}

/// Where a write is.
pub(crate) struct Target {
    pub entity: &'static str,
    pub table: &'static str,
    pub key_col: &'static str,
}

pub(crate) const OWNER: Target = Target {
    entity: "owner",
    table: "owners",
    key_col: "name",
};
pub(crate) const CERT: Target = Target {
    entity: "certificate",
    table: "certificates",
    key_col: "sha256",
};
pub(crate) const DOCUMENT: Target = Target {
    entity: "document",
    table: "documents",
    key_col: "id",
};
pub(crate) const AUDIT: Target = Target {
    entity: "audit",
    table: "audits",
    key_col: "id",
};
pub(crate) const INCIDENT: Target = Target {
    entity: "incident",
    table: "incidents",
    key_col: "id",
};

/// Inserts or updates one record, bumping its version and recording the
/// change in `history` when anything differs.
pub(crate) async fn put(
    conn: &mut AnyConnection,
    t: &Target,
    key: &str,
    fields: &[Field],
    source: &str,
    now: i64,
) -> Result<Outcome> {
    let cols: Vec<&str> = fields.iter().map(|f| f.name).collect();
    let select = format!(
        "SELECT version{}{} FROM {} WHERE {} = $1",
        if cols.is_empty() { "" } else { ", " },
        cols.join(", "),
        t.table,
        t.key_col
    );
    let existing = sqlx::query(sqlx::AssertSqlSafe(select.clone()))
        .bind(key.to_owned())
        .fetch_optional(&mut *conn)
        .await?;
    let mut changes = serde_json::Map::new();
    let Some(row) = existing else {
        let mut names = vec![t.key_col];
        names.extend(&cols);
        names.push("version");
        names.push("updated_at");
        let placeholders: Vec<String> = (1..=names.len()).map(|i| format!("${i}")).collect();
        let insert = format!(
            "INSERT INTO {} ({}) VALUES ({})",
            t.table,
            names.join(", "),
            placeholders.join(", ")
        );
        let mut q = sqlx::query(sqlx::AssertSqlSafe(insert.clone())).bind(key.to_owned());
        for fl in fields {
            q = bind(q, &fl.val);
            if !matches!(fl.val, Val::Text(None) | Val::Int(None) | Val::Blob(_)) {
                changes.insert(fl.name.to_owned(), serde_json::json!([null, fl.val.json()]));
            }
        }
        q.bind(1i64).bind(now).execute(&mut *conn).await?;
        history(conn, t.entity, key, 1, now, source, changes).await?;
        return Ok(Outcome::Created);
    };
    let version: i64 = row.try_get(0)?;
    let mut set = Vec::new();
    for (i, fl) in fields.iter().enumerate() {
        if fl.mode == Mode::InsertOnly {
            continue;
        }
        let old = fl.val.read(&row, i + 1)?;
        let new_is_null = matches!(fl.val, Val::Text(None) | Val::Int(None) | Val::Blob(None));
        if fl.mode == Mode::KeepIfNull && new_is_null {
            continue;
        }
        if old != fl.val {
            changes.insert(
                fl.name.to_owned(),
                serde_json::json!([old.json(), fl.val.json()]),
            );
            set.push(fl);
        }
    }
    if set.is_empty() {
        return Ok(Outcome::Unchanged);
    }
    let mut assignments: Vec<String> = set
        .iter()
        .enumerate()
        .map(|(i, fl)| format!("{} = ${}", fl.name, i + 1))
        .collect();
    let n = set.len();
    assignments.push(format!("version = ${}", n + 1));
    assignments.push(format!("updated_at = ${}", n + 2));
    let update = format!(
        "UPDATE {} SET {} WHERE {} = ${}",
        t.table,
        assignments.join(", "),
        t.key_col,
        n + 3
    );
    let mut q = sqlx::query(sqlx::AssertSqlSafe(update.clone()));
    for fl in &set {
        q = bind(q, &fl.val);
    }
    q.bind(version + 1)
        .bind(now)
        .bind(key.to_owned())
        .execute(&mut *conn)
        .await?;
    history(conn, t.entity, key, version + 1, now, source, changes).await?;
    Ok(Outcome::Updated)
}

/// Appends a history entry.
pub(crate) async fn history(
    conn: &mut AnyConnection,
    entity: &str,
    key: &str,
    version: i64,
    at: i64,
    source: &str,
    changes: serde_json::Map<String, serde_json::Value>,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO history (entity, entity_key, version, at, source, changes) VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(entity.to_owned())
    .bind(key.to_owned())
    .bind(version)
    .bind(at)
    .bind(source.to_owned())
    .bind(serde_json::Value::Object(changes).to_string())
    .execute(conn)
    .await?;
    Ok(())
}

/// Replaces the set of `table` rows (`scope_col` = id) pointing at `sha256`
/// from one certificate record, e.g. the documents a certificate is covered by.
pub(crate) async fn set_scope(
    conn: &mut AnyConnection,
    table: &'static str,
    id_col: &'static str,
    id: &str,
    sha256: &str,
) -> Result<()> {
    let sql = format!(
        "INSERT INTO {table} ({id_col}, sha256) VALUES ($1, $2) ON CONFLICT ({id_col}, sha256) DO NOTHING"
    );
    sqlx::query(sqlx::AssertSqlSafe(sql.clone()))
        .bind(id.to_owned())
        .bind(sha256.to_owned())
        .execute(conn)
        .await?;
    Ok(())
}

pub(crate) const CERT_COLS: &str = "sha256, sha1, subject, issuer, ski, aki, spki_sha256, serial, \
    not_before, not_after, is_ca, self_issued, eku, technically_constrained, trust_email, \
    trust_server, revocation, owner, subca_owner, record_id, name, parent_sha256, \
    audits_same_as_parent, docs_same_as_parent, root_trust_bits, ccadb_trust_bits, \
    disclosed_at, first_seen, source, version";

pub(crate) fn cert_from_row(row: &AnyRow) -> Result<CertRecord> {
    let b = |i: usize| -> Result<bool> { Ok(row.try_get::<Option<i64>, _>(i)?.unwrap_or(0) != 0) };
    let eku: Option<String> = row.try_get(12)?;
    Ok(CertRecord {
        sha256: row.try_get(0)?,
        sha1: row.try_get(1)?,
        subject: row.try_get(2)?,
        issuer: row.try_get(3)?,
        ski: row.try_get(4)?,
        aki: row.try_get(5)?,
        spki_sha256: row.try_get(6)?,
        serial: row.try_get(7)?,
        not_before: row.try_get(8)?,
        not_after: row.try_get(9)?,
        is_ca: b(10)?,
        self_issued: b(11)?,
        eku: eku.map(|s| s.split_whitespace().map(str::to_owned).collect()),
        technically_constrained: b(13)?,
        trust_email: b(14)?,
        trust_server: b(15)?,
        revocation: row.try_get(16)?,
        owner: row.try_get(17)?,
        subca_owner: row.try_get(18)?,
        record_id: row.try_get(19)?,
        name: row.try_get(20)?,
        parent_sha256: row.try_get(21)?,
        audits_same_as_parent: b(22)?,
        docs_same_as_parent: b(23)?,
        root_trust_bits: row.try_get(24)?,
        ccadb_trust_bits: row.try_get(25)?,
        disclosed_at: row.try_get(26)?,
        first_seen: row.try_get(27)?,
        source: row.try_get(28)?,
        version: row.try_get(29)?,
    })
}

pub(crate) async fn certs_where(
    conn: &mut AnyConnection,
    clause: &str,
    args: &[Val],
) -> Result<Vec<CertRecord>> {
    let sql = format!("SELECT {CERT_COLS} FROM certificates {clause}");
    let mut q = sqlx::query(sqlx::AssertSqlSafe(sql.clone()));
    for a in args {
        q = bind(q, a);
    }
    q.fetch_all(conn).await?.iter().map(cert_from_row).collect()
}

pub(crate) async fn owners(conn: &mut AnyConnection) -> Result<Vec<Owner>> {
    let rows = sqlx::query("SELECT name, website, country, contacts FROM owners ORDER BY name")
        .fetch_all(conn)
        .await?;
    rows.iter()
        .map(|r| {
            let contacts: Option<String> = r.try_get(3)?;
            Ok(Owner {
                name: r.try_get(0)?,
                website: r.try_get(1)?,
                country: r.try_get(2)?,
                contacts: split_list(contacts.as_deref()),
            })
        })
        .collect()
}

/// Splits a `"; "`-separated list.
pub(crate) fn split_list(s: Option<&str>) -> Vec<String> {
    s.map(|s| {
        s.split(';')
            .map(str::trim)
            .filter(|x| !x.is_empty())
            .map(str::to_owned)
            .collect()
    })
    .unwrap_or_default()
}

async fn scope_map(
    conn: &mut AnyConnection,
    table: &str,
    id_col: &str,
    covering: Option<&str>,
) -> Result<std::collections::HashMap<String, Vec<String>>> {
    // With `covering`, only the scopes of the entries that list that
    // certificate (a root's page needs its few audits, not all of them).
    let filter = match covering {
        Some(_) => format!("WHERE {id_col} IN (SELECT {id_col} FROM {table} WHERE sha256 = $1) "),
        None => String::new(),
    };
    let sql = format!("SELECT {id_col}, sha256 FROM {table} {filter}ORDER BY sha256");
    let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
    if let Some(c) = covering {
        q = q.bind(c.to_owned());
    }
    let mut m: std::collections::HashMap<String, Vec<String>> = Default::default();
    for r in q.fetch_all(conn).await? {
        m.entry(r.try_get(0)?).or_default().push(r.try_get(1)?);
    }
    Ok(m)
}

/// The rows of `table` (its columns `cols`, `id` first, ordered by
/// `order`): all of them, or with `covering` those whose scope lists that
/// certificate; with the scope of each (`scope_table` keyed by `id_col`),
/// read only when there is a row to attach it to (most certificates are in
/// no audit's or document's scope).
async fn scoped_rows(
    conn: &mut AnyConnection,
    table: &str,
    cols: &str,
    order: &str,
    scope_table: &str,
    id_col: &str,
    covering: Option<&str>,
) -> Result<(
    Vec<sqlx::any::AnyRow>,
    std::collections::HashMap<String, Vec<String>>,
)> {
    let filter = match covering {
        Some(_) => format!("WHERE id IN (SELECT {id_col} FROM {scope_table} WHERE sha256 = $1) "),
        None => String::new(),
    };
    let sql = format!("SELECT {cols} FROM {table} {filter}ORDER BY {order}");
    let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
    if let Some(c) = covering {
        q = q.bind(c.to_owned());
    }
    let rows = q.fetch_all(&mut *conn).await?;
    let scope = if rows.is_empty() {
        Default::default()
    } else {
        scope_map(conn, scope_table, id_col, covering).await?
    };
    Ok((rows, scope))
}

/// Every document, or with `covering` those whose scope lists that certificate.
pub(crate) async fn documents(
    conn: &mut AnyConnection,
    covering: Option<&str>,
) -> Result<Vec<Document>> {
    let (rows, mut scope) = scoped_rows(
        conn,
        "documents",
        "id, owner, kind, url, doc_version, effective_date, language",
        "owner, kind, url",
        "document_scope",
        "document_id",
        covering,
    )
    .await?;
    rows.iter()
        .map(|r| {
            let id: String = r.try_get(0)?;
            Ok(Document {
                certificates: scope.remove(&id).unwrap_or_default(),
                id,
                owner: r.try_get(1)?,
                kind: r.try_get(2)?,
                url: r.try_get(3)?,
                doc_version: r.try_get(4)?,
                effective_date: r.try_get(5)?,
                language: r.try_get(6)?,
            })
        })
        .collect()
}

/// Every audit, or with `covering` those whose scope lists that certificate.
pub(crate) async fn audits(conn: &mut AnyConnection, covering: Option<&str>) -> Result<Vec<Audit>> {
    let (rows, mut scope) = scoped_rows(
        conn,
        "audits",
        "id, owner, kind, criteria, auditor, auditor_location, statement_date, period_start, \
         period_end, url, file_sha256",
        "owner, kind, period_start",
        "audit_scope",
        "audit_id",
        covering,
    )
    .await?;
    rows.iter()
        .map(|r| {
            let id: String = r.try_get(0)?;
            Ok(Audit {
                certificates: scope.remove(&id).unwrap_or_default(),
                id,
                owner: r.try_get(1)?,
                kind: r.try_get(2)?,
                criteria: r.try_get(3)?,
                auditor: r.try_get(4)?,
                auditor_location: r.try_get(5)?,
                statement_date: r.try_get(6)?,
                period_start: r.try_get(7)?,
                period_end: r.try_get(8)?,
                url: r.try_get(9)?,
                file_sha256: r.try_get(10)?,
            })
        })
        .collect()
}

/// An incident from a row of (id, owner, title, link, opened, closed,
/// status, next_update).
pub(crate) fn incident_of(r: &sqlx::any::AnyRow) -> Result<Incident> {
    Ok(Incident {
        id: r.try_get(0)?,
        owner: r.try_get(1)?,
        title: r.try_get(2)?,
        link: r.try_get(3)?,
        opened: r.try_get(4)?,
        closed: r.try_get(5)?,
        status: r.try_get(6)?,
        next_update: r.try_get(7)?,
    })
}

pub(crate) async fn incidents(conn: &mut AnyConnection) -> Result<Vec<Incident>> {
    let rows = sqlx::query(
        "SELECT id, owner, title, link, opened, closed, status, next_update FROM incidents ORDER BY owner, id",
    )
    .fetch_all(conn)
    .await?;
    rows.iter().map(incident_of).collect()
}

/// Every link as (child, parent, verified).
pub(crate) async fn links(conn: &mut AnyConnection) -> Result<Vec<(String, String, bool)>> {
    let rows = sqlx::query("SELECT child, parent, verified FROM cert_links ORDER BY child, parent")
        .fetch_all(conn)
        .await?;
    rows.iter()
        .map(|r| Ok((r.try_get(0)?, r.try_get(1)?, r.try_get::<i64, _>(2)? != 0)))
        .collect()
}

/// A certificate's neighbours in the hierarchy: (parents, children, total
/// number of children), each as (SHA-256, label, verified), children the
/// first `max_children` by fingerprint. One statement (two when there are
/// more children than listed) aggregating the rows into one JSON array, as
/// both SQLite and PostgreSQL can: with sqlx's SQLite driver every result
/// row is a hand-off between threads, and a root's page listed 100
/// children and their labels row by row.
pub(crate) async fn neighbours(
    conn: &mut AnyConnection,
    backend: crate::Backend,
    sha256: &str,
    max_children: usize,
) -> Result<(Vec<Neighbour>, Vec<Neighbour>, usize)> {
    let limit = i64::try_from(max_children.saturating_add(1)).unwrap_or(i64::MAX);
    // SQLite's subquery column loses its JSON subtype, so it is re-read
    // with json() before aggregating (else each element is a string).
    let (agg, array) = match backend {
        crate::Backend::Sqlite => ("json_group_array(json(x))", "json_array"),
        crate::Backend::Postgres => ("json_agg(x)", "json_build_array"),
    };
    // Each element: [0 parent | 1 child, sha256, verified, label]; the
    // children are limited before their labels are joined (joining first
    // labelled every child of a large root).
    let sql = format!(
        "SELECT CAST({agg} AS TEXT) FROM ( \
         SELECT {array}(0, l.parent, l.verified, COALESCE(c.name, c.subject, l.parent)) AS x \
           FROM cert_links l LEFT JOIN certificates c ON c.sha256 = l.parent \
           WHERE l.child = $1 AND l.parent <> $1 \
         UNION ALL \
         SELECT {array}(1, k.child, k.verified, COALESCE(c.name, c.subject, k.child)) AS x \
           FROM (SELECT child, verified FROM cert_links WHERE parent = $1 AND child <> $1 \
                 ORDER BY child LIMIT $2) AS k \
           LEFT JOIN certificates c ON c.sha256 = k.child \
         ) AS n"
    );
    let text: Option<String> = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(sha256.to_owned())
        .bind(limit)
        .fetch_one(&mut *conn)
        .await?
        .try_get(0)?;
    let corrupt = |reason: String| Error::Corrupt {
        what: format!("links of {sha256}"),
        reason,
    };
    let rows: Vec<(i64, String, i64, String)> = match text {
        Some(t) => serde_json::from_str(&t).map_err(|e| corrupt(e.to_string()))?,
        None => Vec::new(), // no rows: SQLite's aggregate gives "[]", PostgreSQL's NULL
    };
    let (mut parents, mut children) = (Vec::new(), Vec::new());
    for (side, sha, verified, label) in rows {
        let n = (sha, label, verified != 0);
        if side == 0 {
            parents.push(n);
        } else {
            children.push(n);
        }
    }
    // JSON aggregation keeps no order guarantee: order as the pages list.
    parents.sort();
    children.sort();
    let total = if children.len() > max_children {
        children.truncate(max_children);
        let n: i64 =
            sqlx::query("SELECT COUNT(*) FROM cert_links WHERE parent = $1 AND child <> $1")
                .bind(sha256.to_owned())
                .fetch_one(&mut *conn)
                .await?
                .try_get(0)?;
        usize::try_from(n).unwrap_or(0)
    } else {
        children.len()
    };
    Ok((parents, children, total))
}

/// (SHA-256, label, verified by signature).
pub(crate) type Neighbour = (String, String, bool);

/// A certificate's DER (when held) and whether any audit and any document
/// lists it in its scope, in one statement.
pub(crate) async fn der_and_scopes(
    conn: &mut AnyConnection,
    sha256: &str,
) -> Result<(Option<Vec<u8>>, bool, bool)> {
    let row = sqlx::query(
        "SELECT (SELECT der FROM certificates WHERE sha256 = $1), \
         (SELECT COUNT(*) FROM audit_scope WHERE sha256 = $1), \
         (SELECT COUNT(*) FROM document_scope WHERE sha256 = $1)",
    )
    .bind(sha256.to_owned())
    .fetch_one(conn)
    .await?;
    let audits: i64 = row.try_get(1)?;
    let documents: i64 = row.try_get(2)?;
    Ok((row.try_get(0)?, audits > 0, documents > 0))
}

pub(crate) async fn history_of(
    conn: &mut AnyConnection,
    entity: &str,
    key: &str,
) -> Result<Vec<HistoryEntry>> {
    let rows = sqlx::query(
        "SELECT entity, entity_key, version, at, source, changes FROM history \
         WHERE entity = $1 AND entity_key = $2 ORDER BY version",
    )
    .bind(entity.to_owned())
    .bind(key.to_owned())
    .fetch_all(conn)
    .await?;
    rows.iter()
        .map(|r| {
            let changes: String = r.try_get(5)?;
            Ok(HistoryEntry {
                entity: r.try_get(0)?,
                key: r.try_get(1)?,
                version: r.try_get(2)?,
                at: r.try_get(3)?,
                source: r.try_get(4)?,
                changes: serde_json::from_str(&changes).map_err(|e| Error::Corrupt {
                    what: format!("history {entity} {key}"),
                    reason: e.to_string(),
                })?,
            })
        })
        .collect()
}

/// Most bind parameters in one statement. SQLite allows 32766 and
/// PostgreSQL 65535, but sqlx's SQLite driver looks each parameter up by
/// name among all of the statement's (quadratic in their number), so
/// statements stay small.
pub(crate) const MAX_PARAMS: usize = 200;

/// One record for [`put_many`].
pub(crate) struct PutItem {
    pub key: String,
    pub fields: Vec<Field>,
    pub source: String,
}

/// [`put`] over many records of one table in a few statements: one SELECT
/// per chunk of keys, multi-row INSERTs for the new records and their
/// history, one UPDATE per changed record. The outcome of each item is the
/// one [`put`] would give when called on the items in order (a key given
/// twice is created once, then compared with what the first wrote). Every
/// item must have the same field names in the same order.
pub(crate) async fn put_many(
    conn: &mut AnyConnection,
    t: &Target,
    items: &[PutItem],
    now: i64,
) -> Result<Vec<Outcome>> {
    let Some(first_item) = items.first() else {
        return Ok(Vec::new());
    };
    let cols: Vec<&'static str> = first_item.fields.iter().map(|f| f.name).collect();
    for it in items {
        if it.fields.len() != cols.len() || it.fields.iter().zip(&cols).any(|(f, c)| f.name != *c) {
            return Err(Error::Corrupt {
                what: format!("batch write to {}", t.table),
                reason: "records with different fields".into(),
            });
        }
    }
    struct State {
        version: i64,
        vals: Vec<Val>,
        /// `None`: created in this batch; `Some(dirty)`: stored before, with
        /// the fields changed since.
        stored: Option<Vec<bool>>,
    }
    let mut state: std::collections::HashMap<String, State> = std::collections::HashMap::new();
    // Existing records.
    let mut keys: Vec<&str> = items.iter().map(|i| i.key.as_str()).collect();
    keys.sort_unstable();
    keys.dedup();
    for chunk in keys.chunks(MAX_PARAMS) {
        let placeholders: Vec<String> = (1..=chunk.len()).map(|i| format!("${i}")).collect();
        let select = format!(
            "SELECT {}, version{}{} FROM {} WHERE {} IN ({})",
            t.key_col,
            if cols.is_empty() { "" } else { ", " },
            cols.join(", "),
            t.table,
            t.key_col,
            placeholders.join(", ")
        );
        let mut q = sqlx::query(sqlx::AssertSqlSafe(select));
        for k in chunk {
            q = q.bind((*k).to_owned());
        }
        for row in q.fetch_all(&mut *conn).await? {
            let key: String = row.try_get(0)?;
            let version: i64 = row.try_get(1)?;
            let vals = first_item
                .fields
                .iter()
                .enumerate()
                .map(|(i, fl)| fl.val.read(&row, i + 2))
                .collect::<Result<Vec<_>>>()?;
            state.insert(
                key,
                State {
                    version,
                    vals,
                    stored: Some(vec![false; cols.len()]),
                },
            );
        }
    }
    let mut outcomes = Vec::with_capacity(items.len());
    let mut created: Vec<&str> = Vec::new();
    // (key, version, source, changes)
    let mut hist: Vec<(&str, i64, &str, String)> = Vec::new();
    for it in items {
        let mut changes = serde_json::Map::new();
        let Some(st) = state.get_mut(&it.key) else {
            for fl in &it.fields {
                if !matches!(fl.val, Val::Text(None) | Val::Int(None) | Val::Blob(_)) {
                    changes.insert(fl.name.to_owned(), serde_json::json!([null, fl.val.json()]));
                }
            }
            state.insert(
                it.key.clone(),
                State {
                    version: 1,
                    vals: it.fields.iter().map(|f| f.val.clone()).collect(),
                    stored: None,
                },
            );
            created.push(&it.key);
            hist.push((
                &it.key,
                1,
                &it.source,
                serde_json::Value::Object(changes).to_string(),
            ));
            outcomes.push(Outcome::Created);
            continue;
        };
        let mut any = false;
        for (i, fl) in it.fields.iter().enumerate() {
            if fl.mode == Mode::InsertOnly {
                continue;
            }
            let new_is_null = matches!(fl.val, Val::Text(None) | Val::Int(None) | Val::Blob(None));
            if fl.mode == Mode::KeepIfNull && new_is_null {
                continue;
            }
            if st.vals[i] != fl.val {
                changes.insert(
                    fl.name.to_owned(),
                    serde_json::json!([st.vals[i].json(), fl.val.json()]),
                );
                st.vals[i] = fl.val.clone();
                if let Some(dirty) = &mut st.stored {
                    dirty[i] = true;
                }
                any = true;
            }
        }
        if !any {
            outcomes.push(Outcome::Unchanged);
            continue;
        }
        st.version += 1;
        hist.push((
            &it.key,
            st.version,
            &it.source,
            serde_json::Value::Object(changes).to_string(),
        ));
        outcomes.push(Outcome::Updated);
    }
    // New records.
    let mut names = vec![t.key_col];
    names.extend(&cols);
    names.push("version");
    names.push("updated_at");
    let per_row = names.len();
    for chunk in created.chunks((MAX_PARAMS / per_row).max(1)) {
        let rows: Vec<String> = (0..chunk.len())
            .map(|r| {
                let p: Vec<String> = (1..=per_row)
                    .map(|c| format!("${}", r * per_row + c))
                    .collect();
                format!("({})", p.join(", "))
            })
            .collect();
        let insert = format!(
            "INSERT INTO {} ({}) VALUES {}",
            t.table,
            names.join(", "),
            rows.join(", ")
        );
        let mut q = sqlx::query(sqlx::AssertSqlSafe(insert));
        for key in chunk {
            let st = &state[*key];
            q = q.bind((*key).to_owned());
            for v in &st.vals {
                q = bind(q, v);
            }
            q = q.bind(st.version).bind(now);
        }
        q.execute(&mut *conn).await?;
    }
    // Changed records (each key once, with its final values).
    let mut updated: Vec<&String> = state
        .iter()
        .filter(|(_, st)| st.stored.as_ref().is_some_and(|d| d.iter().any(|&x| x)))
        .map(|(k, _)| k)
        .collect();
    updated.sort_unstable();
    for key in updated {
        let st = &state[key];
        let dirty = st.stored.as_deref().unwrap_or_default();
        let set: Vec<usize> = (0..cols.len()).filter(|&i| dirty[i]).collect();
        let mut assignments: Vec<String> = set
            .iter()
            .enumerate()
            .map(|(n, &i)| format!("{} = ${}", cols[i], n + 1))
            .collect();
        let n = set.len();
        assignments.push(format!("version = ${}", n + 1));
        assignments.push(format!("updated_at = ${}", n + 2));
        let update = format!(
            "UPDATE {} SET {} WHERE {} = ${}",
            t.table,
            assignments.join(", "),
            t.key_col,
            n + 3
        );
        let mut q = sqlx::query(sqlx::AssertSqlSafe(update));
        for &i in &set {
            q = bind(q, &st.vals[i]);
        }
        q.bind(st.version)
            .bind(now)
            .bind(key.clone())
            .execute(&mut *conn)
            .await?;
    }
    // History.
    for chunk in hist.chunks(MAX_PARAMS / 6) {
        let rows: Vec<String> = (0..chunk.len())
            .map(|r| {
                let b = r * 6;
                format!(
                    "(${}, ${}, ${}, ${}, ${}, ${})",
                    b + 1,
                    b + 2,
                    b + 3,
                    b + 4,
                    b + 5,
                    b + 6
                )
            })
            .collect();
        let insert = format!(
            "INSERT INTO history (entity, entity_key, version, at, source, changes) VALUES {}",
            rows.join(", ")
        );
        let mut q = sqlx::query(sqlx::AssertSqlSafe(insert));
        for (key, version, source, changes) in chunk {
            q = q
                .bind(t.entity.to_owned())
                .bind((*key).to_owned())
                .bind(*version)
                .bind(now)
                .bind((*source).to_owned())
                .bind(changes.clone());
        }
        q.execute(&mut *conn).await?;
    }
    Ok(outcomes)
}
