//! Search and views: `show` and `tree`.

use serde::Serialize;

use crate::link::normalize_hex;
use crate::model::{Audit, CertRecord, Document, HistoryEntry, TrustBits};
use crate::store::{self, Val};
use crate::{Registry, Result};

/// One certificate with what surrounds it.
#[derive(Clone, Debug, Serialize)]
pub struct CertView {
    /// The record.
    pub certificate: CertRecord,
    /// Derived trust bits at the date of the view.
    pub trust_bits: TrustBits,
    /// Parents: (SHA-256, label, verified by signature).
    pub parents: Vec<(String, String, bool)>,
    /// Children: (SHA-256, label, verified by signature); the first
    /// [`Registry::view_limited`]'s limit of them, by fingerprint.
    pub children: Vec<(String, String, bool)>,
    /// How many children there are in all.
    pub children_total: usize,
    /// Audits whose scope lists it.
    pub audits: Vec<Audit>,
    /// Documents that cover it.
    pub documents: Vec<Document>,
    /// Its history.
    pub history: Vec<HistoryEntry>,
    /// Its DER, when held (not in the JSON: the API serves it separately).
    #[serde(skip)]
    pub der: Option<Vec<u8>>,
}

/// A node of the tree under a certificate.
#[derive(Clone, Debug, Serialize)]
pub struct TreeNode {
    /// SHA-256.
    pub sha256: String,
    /// Subject.
    pub subject: Option<String>,
    /// CCADB name.
    pub name: Option<String>,
    /// Owner.
    pub owner: Option<String>,
    /// Sub-CA operator.
    pub subca_owner: Option<String>,
    /// notBefore, `YYYY-MM-DDTHH:MM:SSZ`.
    pub not_before: Option<String>,
    /// notAfter, same.
    pub not_after: Option<String>,
    /// Derived trust bits (without expiry and revocation).
    pub trust_bits: TrustBits,
    /// The link to the parent is verified by signature (true for the root).
    pub verified: bool,
    /// Already shown higher up (a cycle through cross-certificates); children omitted.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub repeated: bool,
    /// Children.
    pub children: Vec<TreeNode>,
}

impl Registry {
    /// Certificates matching `query`: a SHA-256 or SHA-1 fingerprint, an SKI
    /// or a serial number (hex, any case, with or without colons), or text
    /// found (case-insensitively) in the subject, issuer, CCADB name, owner
    /// or sub-CA operator.
    pub async fn search(&self, query: &str) -> Result<Vec<CertRecord>> {
        let mut conn = self.pool.acquire().await?;
        let mut out = Vec::new();
        if let Some(h) = normalize_hex(query) {
            out = store::certs_where(
                &mut conn,
                "WHERE sha256 = $1 OR sha1 = $1 OR ski = $1 OR serial = $1 ORDER BY not_before, sha256",
                &[Val::text(h.clone())],
            )
            .await?;
            if out.is_empty() && h.len() >= 8 && h.len() < 64 {
                // A fingerprint prefix.
                out = store::certs_where(
                    &mut conn,
                    "WHERE sha256 LIKE $1 ORDER BY not_before, sha256",
                    &[Val::text(format!("{h}%"))],
                )
                .await?;
            }
        }
        if out.is_empty() {
            let pat = format!("%{}%", query.trim().to_lowercase());
            out = store::certs_where(
                &mut conn,
                "WHERE lower(subject) LIKE $1 OR lower(issuer) LIKE $1 OR lower(name) LIKE $1 \
                 OR lower(owner) LIKE $1 OR lower(subca_owner) LIKE $1 ORDER BY subject, not_before, sha256",
                &[Val::text(pat)],
            )
            .await?;
        }
        Ok(out)
    }

    /// The self-issued CA certificates (the roots a request can name).
    pub async fn roots(&self) -> Result<Vec<CertRecord>> {
        let mut conn = self.pool.acquire().await?;
        store::certs_where(
            &mut conn,
            "WHERE is_ca = 1 AND self_issued = 1 ORDER BY subject, sha256",
            &[],
        )
        .await
    }

    /// One certificate by SHA-256, with parents, children, audits, documents and history.
    pub async fn view(&self, sha256: &str, as_of: i64) -> Result<CertView> {
        self.view_limited(sha256, as_of, usize::MAX).await
    }

    /// [`Registry::view`] with at most `max_children` children listed (a root
    /// can have hundreds; pages show the first ones and the total).
    pub async fn view_limited(
        &self,
        sha256: &str,
        as_of: i64,
        max_children: usize,
    ) -> Result<CertView> {
        let mut conn = self.pool.acquire().await?;
        let mut found =
            store::certs_where(&mut conn, "WHERE sha256 = $1", &[Val::text(sha256)]).await?;
        let certificate = found
            .pop()
            .ok_or_else(|| crate::Error::NotFound(format!("certificate {sha256}")))?;
        // Only the links, audits and documents that concern this certificate
        // (the page is read often; the registry holds tens of thousands).
        let (parents, children, children_total) =
            store::neighbours(&mut conn, self.backend, sha256, max_children).await?;
        // The DER and whether any audit or document lists the certificate,
        // in one statement (a page view is a handful of statements, each a
        // round trip to the database thread).
        let (der, in_audits, in_documents) = store::der_and_scopes(&mut conn, sha256).await?;
        let audits = if in_audits {
            store::audits(&mut conn, Some(sha256)).await?
        } else {
            Vec::new()
        };
        let documents = if in_documents {
            store::documents(&mut conn, Some(sha256)).await?
        } else {
            Vec::new()
        };
        let history = store::history_of(&mut conn, "certificate", sha256).await?;
        Ok(CertView {
            der,
            trust_bits: certificate.trust_bits_at(as_of),
            certificate,
            parents,
            children,
            children_total,
            audits,
            documents,
            history,
        })
    }

    /// The tree of certificates under `root` (by SHA-256), following links
    /// from parent to child; a certificate reached again on the same path
    /// (a cycle through cross-certificates) is shown once, marked `repeated`.
    pub async fn tree(&self, root: &str, verified_only: bool) -> Result<TreeNode> {
        let snap = self.snapshot().await?;
        let by_sha: std::collections::HashMap<&str, &CertRecord> =
            snap.certs.iter().map(|c| (c.sha256.as_str(), c)).collect();
        let mut children: std::collections::HashMap<&str, Vec<(&str, bool)>> = Default::default();
        for (c, p, v) in &snap.links {
            if c != p && (*v || !verified_only) {
                children
                    .entry(p.as_str())
                    .or_default()
                    .push((c.as_str(), *v));
            }
        }
        for v in children.values_mut() {
            v.sort_by_key(|(c, _)| {
                by_sha
                    .get(c)
                    .map(|r| (r.subject.clone(), r.not_before, r.sha256.clone()))
            });
        }
        if !by_sha.contains_key(root) {
            return Err(crate::Error::NotFound(format!("certificate {root}")));
        }
        fn build(
            sha: &str,
            verified: bool,
            by_sha: &std::collections::HashMap<&str, &CertRecord>,
            children: &std::collections::HashMap<&str, Vec<(&str, bool)>>,
            path: &mut Vec<String>,
        ) -> TreeNode {
            let c = by_sha.get(sha);
            let repeated = path.iter().any(|p| p == sha);
            let mut node = TreeNode {
                sha256: sha.to_owned(),
                subject: c.and_then(|c| c.subject.clone()),
                name: c.and_then(|c| c.name.clone()),
                owner: c.and_then(|c| c.owner.clone()),
                subca_owner: c.and_then(|c| c.subca_owner.clone()),
                not_before: c.and_then(|c| c.not_before).map(cert::time::format_unix),
                not_after: c.and_then(|c| c.not_after).map(cert::time::format_unix),
                trust_bits: c
                    .map(|c| TrustBits {
                        email: c.trust_email,
                        server: c.trust_server,
                    })
                    .unwrap_or_default(),
                verified,
                repeated,
                children: Vec::new(),
            };
            if repeated || path.len() > 16 {
                return node;
            }
            path.push(sha.to_owned());
            for (child, v) in children.get(sha).into_iter().flatten() {
                node.children.push(build(child, *v, by_sha, children, path));
            }
            path.pop();
            node
        }
        Ok(build(root, true, &by_sha, &children, &mut Vec::new()))
    }

    /// Every audit statement, by owner, kind and period.
    pub async fn audits(&self) -> Result<Vec<Audit>> {
        let mut conn = self.pool.acquire().await?;
        store::audits(&mut conn, None).await
    }

    /// Every incident, by owner and id.
    pub async fn incidents(&self) -> Result<Vec<crate::model::Incident>> {
        let mut conn = self.pool.acquire().await?;
        store::incidents(&mut conn).await
    }

    /// The history of one record (`owner`, `certificate`, `document`, `audit`, `incident`).
    pub async fn history(&self, entity: &str, key: &str) -> Result<Vec<HistoryEntry>> {
        let mut conn = self.pool.acquire().await?;
        store::history_of(&mut conn, entity, key).await
    }

    /// Counts of records: (certificates, verified links, owners, audits, documents, incidents).
    pub async fn counts(&self) -> Result<Counts> {
        use sqlx::Row as _;
        let mut conn = self.pool.acquire().await?;
        let mut get = async |sql: &'static str| -> Result<i64> {
            Ok(sqlx::query(sql).fetch_one(&mut *conn).await?.try_get(0)?)
        };
        Ok(Counts {
            certificates: get("SELECT COUNT(*) FROM certificates").await?,
            links: get("SELECT COUNT(*) FROM cert_links WHERE verified = 1").await?,
            owners: get("SELECT COUNT(*) FROM owners").await?,
            audits: get("SELECT COUNT(*) FROM audits").await?,
            documents: get("SELECT COUNT(*) FROM documents").await?,
            incidents: get("SELECT COUNT(*) FROM incidents").await?,
            history: get("SELECT COUNT(*) FROM history").await?,
        })
    }
}

/// Numbers of records.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    /// Certificates.
    pub certificates: i64,
    /// Verified parent links.
    pub links: i64,
    /// Owners.
    pub owners: i64,
    /// Audits.
    pub audits: i64,
    /// Documents.
    pub documents: i64,
    /// Incidents.
    pub incidents: i64,
    /// History entries.
    pub history: i64,
}

impl Registry {
    /// The DER of a certificate, when the registry holds it (CCADB records
    /// without a certificate do not).
    pub async fn certificate_der(&self, sha256: &str) -> Result<Option<Vec<u8>>> {
        let Some(key) = normalize_hex(sha256) else {
            return Ok(None);
        };
        let mut conn = self.pool().acquire().await?;
        crate::link::der_of(&mut conn, &key).await
    }
}
