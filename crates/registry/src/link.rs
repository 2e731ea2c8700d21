//! Certificates into the registry, parent links, derived trust bits.
//!
//! A parent link (child, parent) is recorded as verified when the parent's
//! subject matches the child's issuer (RFC 5280 7.1 style: compared after
//! case folding and whitespace folding), the key identifiers do not
//! contradict each other (when the child has an authorityKeyIdentifier and the
//! parent a subjectKeyIdentifier they must be equal), and the child's
//! signature verifies with the parent's public key. Every certificate with the
//! parent's subject and key is a parent: a cross-certificate and a self-signed
//! root with the same key are both parents of what that key signed, and each
//! reissuance of a CA (same key, several certificates) is a separate node with
//! the same children. A self-signed certificate (self-issued, signed by its
//! own key) is a root: it gets no parent, not even a cross-certificate that
//! shares its subject and key.

use std::collections::HashMap;

use cert::Certificate;
use sqlx::{AnyConnection, Row as _};

use crate::Result;
use crate::model::{TrustBits, eku_trust_bits, technically_constrained};
use crate::store::{self, Field, Val, f, first};

/// The comparison key of a distinguished name: its RFC 4514 text, case
/// folded, with runs of whitespace folded to one space.
pub fn name_key(name: &cert::Name<'_>) -> String {
    let s = name.to_string().to_lowercase();
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Uppercase hex without separators of a fingerprint or identifier typed by a
/// user (any case, with or without `:`, spaces or `-`); `None` if not hex.
pub fn normalize_hex(s: &str) -> Option<String> {
    let h: String = s
        .chars()
        .filter(|c| !matches!(c, ':' | ' ' | '-'))
        .collect();
    (!h.is_empty() && h.len().is_multiple_of(2) && h.chars().all(|c| c.is_ascii_hexdigit()))
        .then(|| h.to_ascii_uppercase())
}

/// The registry's view of a decoded certificate.
pub(crate) struct Facts {
    pub sha256: String,
    pub fields: Vec<Field>,
}

/// The DER-derived fields of a certificate.
pub(crate) fn facts(c: &Certificate<'_>) -> Facts {
    let sha256 = cert::hex_upper(&c.sha256());
    let eku = c.ext_key_usage().map(|v| {
        v.iter()
            .map(|o| o.to_string())
            .collect::<Vec<_>>()
            .join(" ")
    });
    let fields = vec![
        f("sha1", Val::text(cert::hex_upper(&c.sha1()))),
        f("der", Val::Blob(Some(c.der.to_vec()))),
        f("subject", Val::text(c.subject.to_string())),
        f("issuer", Val::text(c.issuer.to_string())),
        f("subject_key", Val::text(name_key(&c.subject))),
        f("issuer_key", Val::text(name_key(&c.issuer))),
        f("ski", Val::opt(c.subject_key_id().map(cert::hex_upper))),
        f(
            "aki",
            Val::opt(
                c.authority_key_id()
                    .and_then(|a| a.key_id)
                    .map(cert::hex_upper),
            ),
        ),
        f(
            "spki_sha256",
            Val::text(cert::hex_upper(&cert::digest::sha256(c.spki.raw))),
        ),
        f("serial", Val::text(c.serial_hex())),
        f("not_before", Val::Int(c.not_before.unix())),
        f("not_after", Val::Int(c.not_after.unix())),
        f("is_ca", Val::bool(c.is_ca())),
        f("self_issued", Val::bool(c.is_self_issued())),
        f("eku", Val::Text(eku)),
        f(
            "technically_constrained",
            Val::bool(technically_constrained(c)),
        ),
    ];
    Facts { sha256, fields }
}

/// The write of a decoded certificate (new, or filling in the DER of a record
/// known only from a CCADB record), for [`store::put_many`].
pub(crate) fn certificate_item(
    c: &Certificate<'_>,
    source: &str,
    now: i64,
    disclosed_at: Option<i64>,
) -> store::PutItem {
    let Facts { sha256, mut fields } = facts(c);
    fields.push(first("first_seen", Val::int(now)));
    fields.push(first("source", Val::text(source)));
    fields.push(first("disclosed_at", Val::Int(disclosed_at)));
    store::PutItem {
        key: sha256,
        fields,
        source: source.to_owned(),
    }
}

/// What linking needs of a certificate with its DER.
struct LinkNode {
    der: Vec<u8>,
    ski: Option<String>,
    aki: Option<String>,
    subject_key: String,
    issuer_key: String,
}

/// Whether `child` is signed by `parent` as a parent link requires (see the
/// module documentation); false when either does not decode.
fn is_parent(child_sha: &str, child: &LinkNode, parent_sha: &str, parent: &LinkNode) -> bool {
    if child_sha == parent_sha || child.issuer_key != parent.subject_key {
        return false;
    }
    if let (Some(a), Some(s)) = (&child.aki, &parent.ski)
        && a != s
    {
        return false;
    }
    let (Ok(c), Ok(p)) = (
        Certificate::parse(&child.der),
        Certificate::parse(&parent.der),
    ) else {
        return false;
    };
    !(c.is_self_issued() && p.spki.raw == c.spki.raw)
        && cert::verify::verify_certificate(&c, &p.spki).is_ok()
}

/// Reads the certificates with DER whose `col` is one of `keys` into `nodes`.
async fn load_nodes(
    conn: &mut AnyConnection,
    col: &str,
    keys: &[String],
    nodes: &mut HashMap<String, LinkNode>,
) -> Result<()> {
    for chunk in keys.chunks(store::MAX_PARAMS) {
        let placeholders: Vec<String> = (1..=chunk.len()).map(|i| format!("${i}")).collect();
        let sql = format!(
            "SELECT sha256, der, ski, aki, subject_key, issuer_key FROM certificates \
             WHERE {col} IN ({}) AND der IS NOT NULL",
            placeholders.join(", ")
        );
        let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
        for k in chunk {
            q = q.bind(k.clone());
        }
        for r in q.fetch_all(&mut *conn).await? {
            let sha: String = r.try_get(0)?;
            if nodes.contains_key(&sha) {
                continue;
            }
            let subject_key: Option<String> = r.try_get(4)?;
            let issuer_key: Option<String> = r.try_get(5)?;
            nodes.insert(
                sha,
                LinkNode {
                    der: r.try_get(1)?,
                    ski: r.try_get(2)?,
                    aki: r.try_get(3)?,
                    subject_key: subject_key.unwrap_or_default(),
                    issuer_key: issuer_key.unwrap_or_default(),
                },
            );
        }
    }
    Ok(())
}

/// Finds and verifies the parents and children of the stored certificates
/// `touched` (SHA-256 fingerprints) and records the verified links. Returns
/// how many links were added or newly verified.
///
/// The candidates are read in a few statements (by subject and issuer name
/// keys), each pair is verified once, and the links are written with
/// multi-row upserts.
pub(crate) async fn link_certificates(
    conn: &mut AnyConnection,
    touched: &[String],
) -> Result<usize> {
    if touched.is_empty() {
        return Ok(0);
    }
    let mut nodes: HashMap<String, LinkNode> = HashMap::new();
    // The touched certificates themselves.
    load_nodes(conn, "sha256", touched, &mut nodes).await?;
    let mut issuer_keys: Vec<String> = Vec::new();
    let mut subject_keys: Vec<String> = Vec::new();
    for sha in touched {
        if let Some(n) = nodes.get(sha) {
            issuer_keys.push(n.issuer_key.clone());
            subject_keys.push(n.subject_key.clone());
        }
    }
    issuer_keys.sort_unstable();
    issuer_keys.dedup();
    subject_keys.sort_unstable();
    subject_keys.dedup();
    // Candidate parents (subject = a touched issuer) and children (issuer = a
    // touched subject).
    load_nodes(conn, "subject_key", &issuer_keys, &mut nodes).await?;
    load_nodes(conn, "issuer_key", &subject_keys, &mut nodes).await?;
    let mut by_subject: HashMap<&str, Vec<&str>> = HashMap::new();
    let mut by_issuer: HashMap<&str, Vec<&str>> = HashMap::new();
    let mut shas: Vec<&String> = nodes.keys().collect();
    shas.sort_unstable();
    for sha in shas {
        let n = &nodes[sha];
        by_subject.entry(&n.subject_key).or_default().push(sha);
        by_issuer.entry(&n.issuer_key).or_default().push(sha);
    }
    let mut checked: std::collections::HashSet<(&str, &str)> = std::collections::HashSet::new();
    let mut pairs: Vec<(&str, &str)> = Vec::new();
    for sha in touched {
        let Some((sha, n)) = nodes.get_key_value(sha) else {
            continue;
        };
        let sha = sha.as_str();
        let parents = by_subject.get(n.issuer_key.as_str()).into_iter().flatten();
        let children = by_issuer.get(n.subject_key.as_str()).into_iter().flatten();
        for pair in parents
            .map(|&p| (sha, p))
            .chain(children.map(|&c| (c, sha)))
        {
            if checked.insert(pair) {
                pairs.push(pair);
            }
        }
    }
    // Signature verification is most of the work: spread it over the cores.
    let verify = |part: &[(&str, &str)]| -> Vec<bool> {
        part.iter()
            .map(|&(c, p)| is_parent(c, &nodes[c], p, &nodes[p]))
            .collect()
    };
    let threads = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1)
        .min(pairs.len() / 64)
        .max(1);
    let verdicts: Vec<bool> = if threads == 1 {
        verify(&pairs)
    } else {
        let per = pairs.len().div_ceil(threads);
        std::thread::scope(|s| {
            let handles: Vec<_> = pairs
                .chunks(per)
                .map(|part| s.spawn(|| verify(part)))
                .collect();
            handles
                .into_iter()
                .flat_map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
                .collect()
        })
    };
    let links: Vec<(&str, &str)> = pairs
        .iter()
        .zip(verdicts)
        .filter_map(|(&pair, ok)| ok.then_some(pair))
        .collect();
    let mut added = 0;
    for chunk in links.chunks(store::MAX_PARAMS / 2) {
        let rows: Vec<String> = (0..chunk.len())
            .map(|r| format!("(${}, ${}, 1)", 2 * r + 1, 2 * r + 2))
            .collect();
        let sql = format!(
            "INSERT INTO cert_links (child, parent, verified) VALUES {} \
             ON CONFLICT (child, parent) DO UPDATE SET verified = 1 WHERE cert_links.verified = 0",
            rows.join(", ")
        );
        let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
        for (c, p) in chunk {
            q = q.bind((*c).to_owned()).bind((*p).to_owned());
        }
        added += q.execute(&mut *conn).await?.rows_affected() as usize;
    }
    Ok(added)
}

/// The DER of the certificate `sha256`, when it is stored.
pub(crate) async fn der_of(conn: &mut AnyConnection, sha256: &str) -> Result<Option<Vec<u8>>> {
    let row = sqlx::query("SELECT der FROM certificates WHERE sha256 = $1")
        .bind(sha256.to_owned())
        .fetch_optional(conn)
        .await?;
    Ok(match row {
        Some(r) => r.try_get::<Option<Vec<u8>>, _>(0)?,
        None => None,
    })
}

/// Records a link; a verified link upgrades a declared one. Returns 1 when
/// the link is new or newly verified.
pub(crate) async fn add_link(
    conn: &mut AnyConnection,
    child: &str,
    parent: &str,
    verified: bool,
) -> Result<usize> {
    let existing = sqlx::query("SELECT verified FROM cert_links WHERE child = $1 AND parent = $2")
        .bind(child.to_owned())
        .bind(parent.to_owned())
        .fetch_optional(&mut *conn)
        .await?;
    match existing {
        None => {
            sqlx::query("INSERT INTO cert_links (child, parent, verified) VALUES ($1, $2, $3)")
                .bind(child.to_owned())
                .bind(parent.to_owned())
                .bind(verified as i64)
                .execute(&mut *conn)
                .await?;
            Ok(1)
        }
        Some(r) if verified && r.try_get::<i64, _>(0)? == 0 => {
            sqlx::query("UPDATE cert_links SET verified = 1 WHERE child = $1 AND parent = $2")
                .bind(child.to_owned())
                .bind(parent.to_owned())
                .execute(&mut *conn)
                .await?;
            Ok(1)
        }
        Some(_) => Ok(0),
    }
}

/// Trust bits of a root from CCADB's "Trust Bits for Root Cert" (e.g.
/// "Email; Websites"); a root without that information is taken as trusted
/// for both.
fn root_bits(s: Option<&str>) -> TrustBits {
    match s.map(str::to_ascii_lowercase) {
        Some(s) if !s.trim().is_empty() => TrustBits {
            email: s.contains("email") || s.contains("e-mail"),
            server: s.contains("website") || s.contains("server"),
        },
        _ => TrustBits {
            email: true,
            server: true,
        },
    }
}

/// Recomputes the derived trust bits of every certificate (CCADB fields,
/// "Derived Trust Bits", without the expiry and revocation conditions, which
/// depend on the date and are applied by [`crate::CertRecord::trust_bits_at`]):
/// the EKU's purposes when it has one, else the union of the parents'; for a
/// certificate with parents, only what some parent has. A certificate
/// without parents is a root, trusted as its CCADB record says (both bits
/// when unknown). Returns how many certificates changed.
pub(crate) async fn recompute_trust_bits(conn: &mut AnyConnection) -> Result<usize> {
    struct Node {
        base: Option<TrustBits>,
        root: Option<TrustBits>,
        bits: TrustBits,
        old: TrustBits,
        parents: Vec<usize>,
    }
    let rows = sqlx::query(
        "SELECT sha256, eku, root_trust_bits, trust_email, trust_server, sha1, ccadb_trust_bits FROM certificates",
    )
    .fetch_all(&mut *conn)
    .await?;
    let mut index = HashMap::new();
    let mut nodes = Vec::with_capacity(rows.len());
    let mut shas = Vec::with_capacity(rows.len());
    for r in &rows {
        let sha: String = r.try_get(0)?;
        let eku: Option<String> = r.try_get(1)?;
        let eku: Option<Vec<String>> =
            eku.map(|s| s.split_whitespace().map(str::to_owned).collect());
        let rtb: Option<String> = r.try_get(2)?;
        let old = TrustBits {
            email: r.try_get::<i64, _>(3)? != 0,
            server: r.try_get::<i64, _>(4)? != 0,
        };
        let sha1: Option<String> = r.try_get(5)?;
        // Without the certificate, its EKU is unknown: CCADB's own derived
        // trust bits stand in for it.
        let base = if sha1.is_some() {
            eku_trust_bits(eku.as_deref())
        } else {
            let ccadb: Option<String> = r.try_get(6)?;
            let s = ccadb.unwrap_or_default().to_ascii_lowercase();
            Some(TrustBits {
                email: s.contains("email"),
                server: s.contains("server"),
            })
        };
        index.insert(sha.clone(), nodes.len());
        shas.push(sha);
        nodes.push(Node {
            base,
            root: rtb.as_deref().map(|s| root_bits(Some(s))),
            bits: TrustBits::default(),
            old,
            parents: Vec::new(),
        });
    }
    for (child, parent, _) in store::links(conn).await? {
        if let (Some(&c), Some(&p)) = (index.get(&child), index.get(&parent))
            && c != p
        {
            nodes[c].parents.push(p);
        }
    }
    for n in nodes.iter_mut() {
        if n.parents.is_empty() {
            let r = n.root.unwrap_or_else(|| root_bits(None));
            n.bits = match n.base {
                Some(b) => TrustBits {
                    email: b.email && r.email,
                    server: b.server && r.server,
                },
                None => r,
            };
        } else {
            n.bits = n.base.unwrap_or_default();
        }
    }
    // Fixed point over the (possibly cyclic, through cross-certificates) graph.
    for _ in 0..64 {
        let mut changed = false;
        for i in 0..nodes.len() {
            if nodes[i].parents.is_empty() {
                continue;
            }
            let mut up = TrustBits::default();
            for &p in &nodes[i].parents {
                up.email |= nodes[p].bits.email;
                up.server |= nodes[p].bits.server;
            }
            let own = nodes[i].base.unwrap_or(up);
            let new = TrustBits {
                email: own.email && up.email,
                server: own.server && up.server,
            };
            if new != nodes[i].bits {
                nodes[i].bits = new;
                changed = true;
            }
        }
        if !changed {
            break;
        }
    }
    // One UPDATE per combination of bits (and chunk of fingerprints).
    let mut n_changed = 0;
    let mut groups: [Vec<&str>; 4] = Default::default();
    for (i, n) in nodes.iter().enumerate() {
        if n.bits != n.old {
            groups[n.bits.email as usize * 2 + n.bits.server as usize].push(&shas[i]);
            n_changed += 1;
        }
    }
    for (g, group) in groups.iter().enumerate() {
        for chunk in group.chunks(store::MAX_PARAMS - 2) {
            let placeholders: Vec<String> = (3..chunk.len() + 3).map(|i| format!("${i}")).collect();
            let sql = format!(
                "UPDATE certificates SET trust_email = $1, trust_server = $2 WHERE sha256 IN ({})",
                placeholders.join(", ")
            );
            let mut q = sqlx::query(sqlx::AssertSqlSafe(sql))
                .bind((g / 2) as i64)
                .bind((g % 2) as i64);
            for sha in chunk {
                q = q.bind((*sha).to_owned());
            }
            q.execute(&mut *conn).await?;
        }
    }
    Ok(n_changed)
}
