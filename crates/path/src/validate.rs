//! Basic path validation, RFC 5280 6.1, over one complete candidate path.
//!
//! The trust anchor is a certificate: besides its name and key (6.1.1 (d))
//! rootward applies its validity, basicConstraints, keyUsage, critical
//! extensions and name constraints, as RFC 5937 allows and relying parties
//! expect (an expired or constrained root constrains what it anchors).

use cert::crl::Crl;
use cert::der::tag;
use cert::ext::ExtValue;
use cert::{Certificate, KeyUsageBit, Version, oids};

use crate::build::failure;
use crate::constraints;
use crate::error::{Error, Failure};
use crate::names::NameKey;
use crate::policy::{PolicyOid, PolicyTree};
use crate::{Options, purpose, revocation};

/// Extensions path validation processes, so they may be critical (6.1.4 (o),
/// 6.1.5 (f)). authorityInfoAccess and the like are not among them: a
/// critical one fails the path.
const PROCESSED: [cert::Oid<'static>; 12] = [
    oids::BASIC_CONSTRAINTS,
    oids::KEY_USAGE,
    oids::EXT_KEY_USAGE,
    oids::CERTIFICATE_POLICIES,
    oids::POLICY_MAPPINGS,
    oids::SUBJECT_ALT_NAME,
    oids::NAME_CONSTRAINTS,
    oids::POLICY_CONSTRAINTS,
    oids::INHIBIT_ANY_POLICY,
    oids::AUTHORITY_KEY_IDENTIFIER,
    oids::SUBJECT_KEY_IDENTIFIER,
    oids::CRL_DISTRIBUTION_POINTS,
];

/// Whether a certificate is self-issued (RFC 5280 6.1: issuer and subject
/// names equal).
pub fn is_self_issued(c: &Certificate<'_>) -> bool {
    c.issuer.raw == c.subject.raw || NameKey::of(&c.issuer) == NameKey::of(&c.subject)
}

/// Validates `path` (end entity first, trust anchor last; signatures
/// already verified while building, except those made with a DSA key that
/// inherits its parameters, verified here). Returns the
/// authorities-constrained policies (dotted) of a valid path.
pub fn validate_path(
    path: &[&Certificate<'_>],
    opts: &Options,
    crls: &[Crl<'_>],
    crl_signers: &dyn revocation::CrlSigners,
) -> Result<Vec<String>, Box<Failure>> {
    let n = path.len() - 1; // certificates below the anchor
    let anchor = path[n];
    let fail_at = |pos: usize, e: Error| Box::new(failure(pos, path[pos], e));

    // Each certificate on its own: encoding, validity, the purpose's
    // profile rules.
    for (pos, c) in path.iter().enumerate() {
        well_formed(c).map_err(|e| fail_at(pos, e))?;
        validity(c, opts.time).map_err(|e| fail_at(pos, e))?;
        purpose::check_certificate(c, purpose::Place::of(path, pos), opts)
            .map_err(|e| fail_at(pos, e))?;
    }
    if let Some(max) = opts.max_intermediates {
        let logical = path[1..n].iter().filter(|c| !is_self_issued(c)).count();
        if logical > max {
            return Err(fail_at(n - 1, Error::TooDeep { max }));
        }
    }

    // The anchor as a CA (RFC 5937 constraints it carries). A version 1
    // root has no extensions to say so and is trusted as given (RFC 5280
    // 6.1.1 (d): the anchor is its name and key).
    if anchor.version == Version::V3 {
        ca_checks(anchor).map_err(|e| fail_at(n, e))?;
    }
    critical_extensions(anchor).map_err(|e| fail_at(n, e))?;
    let anchor_name = anchor.subject.to_string();
    let mut names = constraints::State::default();
    if let Some(ExtValue::NameConstraints(nc)) = anchor.ext_value(oids::NAME_CONSTRAINTS) {
        names.add(&anchor_name, nc).map_err(|e| fail_at(n, e))?;
    }

    // 6.1.1 (d), 6.1.4 (d)-(f): the working public keys that carry DSA
    // parameters inherited down the path. They verify the signatures the
    // builder could only accept provisionally, and sign CRLs.
    let inherited = inherited_parameters(path);
    let signing: Vec<&Certificate<'_>> = path
        .iter()
        .zip(&inherited)
        .map(|(c, working)| working.as_ref().unwrap_or(c))
        .collect();

    // 6.1.2 initialization.
    let mut tree = PolicyTree::new();
    let mut explicit_policy = if opts.initial_explicit_policy {
        0
    } else {
        n as u64 + 1
    };
    let mut inhibit_any = if opts.initial_any_policy_inhibit {
        0
    } else {
        n as u64 + 1
    };
    let mut policy_mapping = if opts.initial_policy_mapping_inhibit {
        0
    } else {
        n as u64 + 1
    };
    let mut max_path_length = n as u64;
    if let Some(len) = anchor.basic_constraints().and_then(|b| b.path_len) {
        max_path_length = max_path_length.min(len);
    }

    // 6.1.3 and 6.1.4 for certificates i = 1..n (path[n - i]).
    for i in 1..=n {
        let pos = n - i;
        let c = path[pos];
        let last = i == n;
        let at = |e: Error| fail_at(pos, e);

        // (a)(1) the signature, when the builder could not verify it: the
        // issuer's DSA key inherits its parameters.
        let issuer = path[pos + 1];
        if issuer.spki.inherits_parameters() {
            cert::verify::verify_certificate(c, &signing[pos + 1].spki).map_err(|e| {
                at(Error::BadSignature {
                    issuer: issuer.subject.to_string(),
                    detail: e.to_string(),
                })
            })?;
        }

        // (a)(3) revocation, CRLs verified with the working keys.
        revocation::check(
            signing[pos],
            &signing[pos + 1..],
            crls,
            opts.time,
            opts.revocation,
            crl_signers,
        )
        .map_err(at)?;

        // (b), (c) name constraints: not for self-issued intermediates.
        let sans = c.subject_alt_names().unwrap_or(&[]);
        if last || !is_self_issued(c) {
            names.check(&c.subject, sans, true).map_err(at)?;
        }

        // (d)-(e) certificate policies.
        match c.ext_value(oids::CERTIFICATE_POLICIES) {
            Some(ExtValue::CertificatePolicies(list)) => {
                let policies: Vec<PolicyOid> =
                    list.iter().map(|p| p.oid.as_bytes().to_vec()).collect();
                let any_allowed = inhibit_any > 0 || (!last && is_self_issued(c));
                tree.add_certificate(&policies, any_allowed).map_err(|_| {
                    at(Error::NoValidPolicy {
                        detail: format!(
                            "the policy tree would exceed {} nodes",
                            crate::policy::MAX_NODES
                        ),
                    })
                })?;
            }
            _ => tree.clear(),
        }
        // (f)
        if explicit_policy == 0 && tree.is_null() {
            return Err(at(Error::NoValidPolicy {
                detail: "an explicit policy is required and no policy is valid for the path so far"
                    .into(),
            }));
        }

        if last {
            break;
        }

        // 6.1.4 preparation for certificate i + 1.
        // (a)-(b) policy mappings.
        if let Some(ExtValue::PolicyMappings(maps)) = c.ext_value(oids::POLICY_MAPPINGS) {
            if maps
                .iter()
                .any(|(a, b)| *a == oids::ANY_POLICY || *b == oids::ANY_POLICY)
            {
                return Err(at(Error::Malformed {
                    what: "policyMappings".into(),
                    detail: "maps to or from anyPolicy (RFC 5280 6.1.4 (a))".into(),
                }));
            }
            let maps: Vec<(PolicyOid, PolicyOid)> = maps
                .iter()
                .map(|(a, b)| (a.as_bytes().to_vec(), b.as_bytes().to_vec()))
                .collect();
            tree.apply_mappings(&maps, policy_mapping > 0)
                .map_err(|_| {
                    at(Error::NoValidPolicy {
                        detail: "the policy tree would grow too large".into(),
                    })
                })?;
        }
        // (g) name constraints.
        if let Some(ExtValue::NameConstraints(nc)) = c.ext_value(oids::NAME_CONSTRAINTS) {
            names.add(&c.subject.to_string(), nc).map_err(at)?;
        }
        // (h) counters, for certificates that are not self-issued.
        if !is_self_issued(c) {
            explicit_policy = explicit_policy.saturating_sub(1);
            policy_mapping = policy_mapping.saturating_sub(1);
            inhibit_any = inhibit_any.saturating_sub(1);
        }
        // (i) policyConstraints.
        if let Some(ExtValue::PolicyConstraints {
            require_explicit_policy,
            inhibit_policy_mapping,
        }) = c.ext_value(oids::POLICY_CONSTRAINTS)
        {
            if let Some(r) = require_explicit_policy {
                explicit_policy = explicit_policy.min(*r);
            }
            if let Some(q) = inhibit_policy_mapping {
                policy_mapping = policy_mapping.min(*q);
            }
        }
        // (j) inhibitAnyPolicy.
        if let Some(ExtValue::InhibitAnyPolicy(skip)) = c.ext_value(oids::INHIBIT_ANY_POLICY) {
            inhibit_any = inhibit_any.min(*skip);
        }
        // (k), (n) a CA with keyCertSign.
        ca_checks(c).map_err(at)?;
        // (l) path length.
        if !is_self_issued(c) {
            if max_path_length == 0 {
                return Err(at(Error::PathLenExceeded {
                    detail: "a CA above limits the number of intermediate CAs beneath it, and this one is one too many".into(),
                }));
            }
            max_path_length -= 1;
        }
        // (m)
        if let Some(len) = c.basic_constraints().and_then(|b| b.path_len) {
            max_path_length = max_path_length.min(len);
        }
        // (o)
        critical_extensions(c).map_err(at)?;
    }

    // 6.1.5 wrap-up on the end-entity certificate.
    let leaf = path[0];
    let at = |e: Error| fail_at(0, e);
    // (a)-(b)
    explicit_policy = explicit_policy.saturating_sub(1);
    if let Some(ExtValue::PolicyConstraints {
        require_explicit_policy: Some(0),
        ..
    }) = leaf.ext_value(oids::POLICY_CONSTRAINTS)
    {
        explicit_policy = 0;
    }
    // (f)
    critical_extensions(leaf).map_err(at)?;
    // (g)
    tree.intersect(opts.initial_policy_set.as_deref());
    if explicit_policy == 0 && tree.is_null() {
        return Err(at(Error::NoValidPolicy {
            detail: match &opts.initial_policy_set {
                Some(set) => format!(
                    "none of the acceptable policies ({}) is valid for the path",
                    set.iter().map(|p| dotted(p)).collect::<Vec<_>>().join(", ")
                ),
                None => "an explicit policy is required and no policy is valid for the path".into(),
            },
        }));
    }

    // The purpose: extended key usage along the path and the peer name.
    purpose::check_path(path, opts).map_err(|(pos, e)| fail_at(pos, e))?;

    Ok(tree.leaf_policies().iter().map(|p| dotted(p)).collect())
}

/// For each certificate of `path` whose DSA key has no parameters of its
/// own (RFC 3279 2.3.2), a copy whose key carries the
/// working_public_key_parameters inherited down the path from the trust
/// anchor (RFC 5280 6.1.1 (d)), when there are any: (e) a key with
/// parameters sets them; (f) a key without takes them over when its
/// algorithm is the working one, and clears them otherwise. `None` for
/// every other certificate, and for an inheriting key with nothing to
/// inherit (its signatures then fail with
/// [`cert::verify::VerifyError::MissingParameters`]).
fn inherited_parameters<'a>(path: &[&Certificate<'a>]) -> Vec<Option<Certificate<'a>>> {
    let own = |c: &Certificate<'a>| c.spki.algorithm.params.filter(|p| p.tag != tag::NULL);
    let mut out = vec![None; path.len()];
    let Some((anchor, below)) = path.split_last() else {
        return out;
    };
    let mut algorithm = anchor.spki.algorithm.oid;
    let mut params = own(anchor);
    for (pos, c) in below.iter().enumerate().rev() {
        match own(c) {
            Some(p) => params = Some(p),
            None if c.spki.algorithm.oid != algorithm => params = None,
            None => {}
        }
        algorithm = c.spki.algorithm.oid;
        if c.spki.inherits_parameters()
            && let Some(p) = params
        {
            let mut working = (*c).clone();
            working.spki = c.spki.with_parameters(p);
            out[pos] = Some(working);
        }
    }
    out
}

fn dotted(oid: &[u8]) -> String {
    cert::Oid::new(oid).to_string()
}

/// RFC 5280 4.1 and 4.2 requirements that make a certificate unusable:
/// undecodable extensions, an extension twice, different signature
/// algorithms inside and outside the TBS (4.1.1.2).
fn well_formed(c: &Certificate<'_>) -> Result<(), Error> {
    for (i, e) in c.extensions().iter().enumerate() {
        if let Err(err) = &e.parsed {
            return Err(Error::Malformed {
                what: format!("extension {}", ext_name(e.oid)),
                detail: err.to_string(),
            });
        }
        if c.extensions()[..i].iter().any(|p| p.oid == e.oid) {
            return Err(Error::Malformed {
                what: format!("extension {}", ext_name(e.oid)),
                detail: "appears twice (RFC 5280 4.2: MUST NOT)".into(),
            });
        }
    }
    if c.tbs_signature.raw != c.signature_algorithm.raw {
        return Err(Error::Malformed {
            what: "signatureAlgorithm".into(),
            detail: "differs from the TBSCertificate's signature field (RFC 5280 4.1.1.2)".into(),
        });
    }
    Ok(())
}

fn ext_name(oid: cert::Oid<'_>) -> String {
    oid.name().map_or_else(|| oid.to_string(), str::to_string)
}

/// 6.1.3 (a)(2).
fn validity(c: &Certificate<'_>, at: i64) -> Result<(), Error> {
    let (Some(nb), Some(na)) = (c.not_before.unix(), c.not_after.unix()) else {
        return Err(Error::Malformed {
            what: "validity".into(),
            detail: "notBefore or notAfter does not decode".into(),
        });
    };
    let iso = cert::time::format_unix;
    if at < nb {
        return Err(Error::NotYetValid {
            not_before: iso(nb),
            at: iso(at),
        });
    }
    if at > na {
        return Err(Error::Expired {
            not_after: iso(na),
            at: iso(at),
        });
    }
    Ok(())
}

/// 6.1.4 (k) and (n): an issuing certificate is a CA whose keyUsage, if
/// present, allows keyCertSign. Version 1 and 2 issuers have no
/// basicConstraints to say so and are refused.
fn ca_checks(c: &Certificate<'_>) -> Result<(), Error> {
    if c.version != Version::V3 {
        return Err(Error::NotCa {
            detail: "a version 1 or 2 certificate cannot show that it is a CA".into(),
        });
    }
    match c.basic_constraints() {
        Some(b) if b.ca => {}
        Some(_) => {
            return Err(Error::NotCa {
                detail: "basicConstraints cA is FALSE".into(),
            });
        }
        None => {
            return Err(Error::NotCa {
                detail: "basicConstraints is absent".into(),
            });
        }
    }
    if let Some(ku) = c.key_usage()
        && !ku.has(KeyUsageBit::KeyCertSign)
    {
        return Err(Error::NoKeyCertSign);
    }
    Ok(())
}

/// 6.1.4 (o), 6.1.5 (f).
fn critical_extensions(c: &Certificate<'_>) -> Result<(), Error> {
    for e in c.extensions() {
        if e.critical && !PROCESSED.contains(&e.oid) {
            return Err(Error::UnknownCriticalExtension {
                oid: match e.oid.name() {
                    Some(name) => format!("{} ({name})", e.oid),
                    None => e.oid.to_string(),
                },
            });
        }
    }
    Ok(())
}
