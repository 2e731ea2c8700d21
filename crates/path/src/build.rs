//! Path building (RFC 4158): from the end-entity certificate upward, every
//! candidate issuer whose subject equals the certificate's issuer name (RFC
//! 5280 7.1 comparison) and whose key verifies its signature, depth first,
//! trust anchors tried first.
//!
//! Bounded for hostile input: each candidate examined and each signature
//! verified costs one step of [`Options::budget`]; a path may not contain
//! two certificates of one logical CA (same subject and key), nor any
//! certificate twice; paths are at most [`MAX_DEPTH`] certificates long; and
//! signature results are remembered per (certificate, issuer) pair.
//!
//! DSA signatures are verified by rootward's own arithmetic rather than the
//! crypto backend, tens of times slower than RSA or ECDSA at the largest
//! sizes, so each costs [`DSA_STEPS`] steps. One cannot be verified while
//! building: one made with a DSA key that inherits its domain parameters
//! from its own issuer (RFC 3279 2.3.2), not yet known. Such a candidate is
//! accepted provisionally and [`crate::validate::validate_path`] verifies
//! the signature once the path is complete.

use std::collections::HashMap;

use cert::Certificate;
use cert::crl::Crl;
use cert::verify::VerifyError;

use crate::error::{Error, Failure};
use crate::names::NameKey;
use crate::{Options, PathCert, PathReport, hex};

/// The most certificates in one path, trust anchor included.
pub const MAX_DEPTH: usize = 32;

/// Budget steps for one signature by a DSA key (one for any other), so
/// that a bundle of DSA keys exhausts the budget in about the time one of
/// large RSA keys does.
pub const DSA_STEPS: usize = 8;

/// A certificate available for building.
#[derive(Debug)]
pub struct Entry<'a> {
    /// The certificate.
    pub cert: Certificate<'a>,
    /// Whether it is a trust anchor.
    pub anchor: bool,
    subject: NameKey,
}

/// The intermediates and trust anchors, indexed by subject.
#[derive(Debug, Default)]
pub struct Pool<'a> {
    entries: Vec<Entry<'a>>,
    by_subject: HashMap<NameKey, Vec<usize>>,
}

impl<'a> Pool<'a> {
    /// Adds a certificate; a certificate given both as an anchor and as an
    /// intermediate (same DER) is kept once, as an anchor.
    pub fn push(&mut self, cert: Certificate<'a>, anchor: bool) {
        if let Some(e) = self.entries.iter_mut().find(|e| e.cert.der == cert.der) {
            e.anchor |= anchor;
            return;
        }
        let subject = NameKey::of(&cert.subject);
        self.by_subject
            .entry(subject.clone())
            .or_default()
            .push(self.entries.len());
        self.entries.push(Entry {
            cert,
            anchor,
            subject,
        });
    }

    /// Whether the pool is empty.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The entry at `i`.
    pub fn get(&self, i: usize) -> &Entry<'a> {
        &self.entries[i]
    }
}

/// What [`Builder::run`] found.
#[derive(Debug)]
pub struct Outcome {
    /// The reported paths.
    pub paths: Vec<PathReport>,
    /// Whether the budget ran out.
    pub exhausted: bool,
}

/// One path-building run.
pub struct Builder<'p, 'a> {
    pool: &'p Pool<'a>,
    leaf: &'p Certificate<'a>,
    opts: &'p Options,
    steps: usize,
    exhausted: bool,
    /// Signature results: (child, issuer's subjectPublicKeyInfo) ->
    /// verified (or, for an issuer key inheriting its DSA parameters,
    /// accepted provisionally: see the module documentation). Keyed by the
    /// key, not the issuer certificate, so that many certificates for one
    /// key (reissues, or a hostile bundle) cost one verification. The leaf
    /// is child `usize::MAX`.
    sigs: HashMap<(usize, &'p [u8]), Result<(), String>>,
    complete: Vec<PathReport>,
    dead_ends: Vec<PathReport>,
    /// How deep in CRL-signer validation this run is (0: the caller's).
    depth: u8,
}

/// CRL-signer paths are validated at most this deep (a CRL signer's own
/// CRL signed by yet another key, and so on, is refused beyond it).
const MAX_SIGNER_DEPTH: u8 = 2;

const LEAF: usize = usize::MAX;

impl<'p, 'a> Builder<'p, 'a> {
    /// Prepares a run.
    pub fn new(pool: &'p Pool<'a>, leaf: &'p Certificate<'a>, opts: &'p Options) -> Self {
        Builder {
            pool,
            leaf,
            opts,
            steps: 0,
            exhausted: false,
            sigs: HashMap::new(),
            complete: Vec::new(),
            dead_ends: Vec::new(),
            depth: 0,
        }
    }

    fn cert(&self, i: usize) -> &'p Certificate<'a> {
        if i == LEAF {
            self.leaf
        } else {
            &self.pool.entries[i].cert
        }
    }

    fn step(&mut self) -> bool {
        self.steps += 1;
        if self.steps > self.opts.budget {
            self.exhausted = true;
        }
        !self.exhausted
    }

    fn enough(&self) -> bool {
        self.exhausted
            || self.complete.iter().filter(|p| p.valid).count() >= self.opts.max_paths
            || self.complete.len() >= self.opts.max_paths * 4
    }

    /// Builds and validates; `crls` are used when revocation is checked.
    pub fn run(mut self, crls: &[Crl<'_>]) -> Outcome {
        let mut chain = vec![LEAF];
        self.extend(&mut chain, crls);
        let mut paths = std::mem::take(&mut self.complete);
        paths.sort_by_key(|p| !p.valid);
        if paths.is_empty() {
            if self.exhausted {
                paths.push(PathReport {
                    certificates: vec![describe(self.leaf, "end-entity")],
                    valid: false,
                    failure: Some(failure(
                        0,
                        self.leaf,
                        Error::BudgetExhausted { steps: self.steps },
                    )),
                    policies: Vec::new(),
                });
            }
            paths.extend(std::mem::take(&mut self.dead_ends));
        }
        paths.truncate(self.opts.max_paths.max(1));
        Outcome {
            paths,
            exhausted: self.exhausted,
        }
    }

    /// Candidate issuers of `child`, anchors first, then those whose key
    /// identifier matches the child's authorityKeyIdentifier.
    fn candidates(&self, child: usize) -> Vec<usize> {
        let c = self.cert(child);
        let Some(list) = self.pool.by_subject.get(&NameKey::of(&c.issuer)) else {
            return Vec::new();
        };
        let aki = c.authority_key_id().and_then(|a| a.key_id);
        let mut out: Vec<usize> = list.iter().copied().filter(|&i| i != child).collect();
        out.sort_by_key(|&i| {
            let e = &self.pool.entries[i];
            let ski_match = match (aki, e.cert.subject_key_id()) {
                (Some(a), Some(s)) => a == s,
                _ => true,
            };
            (!e.anchor, !ski_match)
        });
        out
    }

    fn verified(&mut self, child: usize, issuer: usize) -> Option<Result<(), String>> {
        let key = self.cert(issuer).spki.raw;
        if let Some(r) = self.sigs.get(&(child, key)) {
            return Some(r.clone());
        }
        if !self.step() {
            return None;
        }
        if self.cert(issuer).spki.algorithm.oid == cert::oids::DSA {
            self.steps += DSA_STEPS - 1;
        }
        let r = match cert::verify::verify_certificate(self.cert(child), &self.cert(issuer).spki) {
            // PROVISIONAL, not a verified signature: the candidate's DSA key
            // has no parameters of its own and inherits those of its own
            // issuer (RFC 3279 2.3.2, RFC 5280 6.1.4 (f)), which building
            // upward does not know yet. The candidate is kept, and
            // validate::validate_path verifies this signature with the
            // parameters carried down the complete path, failing the path
            // when it does not verify or none were inherited.
            Err(VerifyError::MissingParameters) => Ok(()),
            r => r.map_err(|e| e.to_string()),
        };
        self.sigs.insert((child, key), r.clone());
        Some(r)
    }

    fn extend(&mut self, chain: &mut Vec<usize>, crls: &[Crl<'_>]) {
        let Some(&child) = chain.last() else {
            return;
        };
        let candidates = self.candidates(child);
        let mut bad_signature: Option<(usize, String)> = None;
        let mut any_issuer = false;
        for cand in candidates {
            if self.enough() || !self.step() {
                return;
            }
            let e = &self.pool.entries[cand];
            // Loop detection (RFC 4158 5.2): one logical CA (subject and
            // key) at most once per path.
            let same_ca = chain.iter().any(|&c| {
                c == cand
                    || (c != LEAF
                        && self.pool.entries[c].subject == e.subject
                        && self.pool.entries[c].cert.spki.raw == e.cert.spki.raw)
            });
            if same_ca {
                continue;
            }
            match self.verified(child, cand) {
                None => return,
                Some(Err(why)) => {
                    bad_signature.get_or_insert((cand, why));
                    continue;
                }
                Some(Ok(())) => {}
            }
            any_issuer = true;
            chain.push(cand);
            if self.pool.entries[cand].anchor {
                let report = self.check(chain, crls);
                self.complete.push(report);
            } else if chain.len() < MAX_DEPTH {
                self.extend(chain, crls);
            } else {
                self.dead_end(
                    chain,
                    chain.len() - 1,
                    Error::Profile {
                        message: format!("no trust anchor within {MAX_DEPTH} certificates"),
                        section: "RFC 4158 (bounded path building)",
                    },
                );
            }
            chain.pop();
        }
        if !any_issuer && self.dead_ends.len() < self.opts.max_paths {
            let c = self.cert(child);
            let error = match bad_signature {
                Some((cand, detail)) => Error::BadSignature {
                    issuer: self.pool.entries[cand].cert.subject.to_string(),
                    detail,
                },
                None => Error::NoIssuer {
                    issuer: c.issuer.to_string(),
                },
            };
            self.dead_end(chain, chain.len() - 1, error);
        }
    }

    fn dead_end(&mut self, chain: &[usize], position: usize, error: Error) {
        let certificates = self.describe_chain(chain);
        let c = self.cert(chain[position]);
        self.dead_ends.push(PathReport {
            certificates,
            valid: false,
            failure: Some(failure(position, c, error)),
            policies: Vec::new(),
        });
    }

    fn describe_chain(&self, chain: &[usize]) -> Vec<PathCert> {
        chain
            .iter()
            .enumerate()
            .map(|(n, &i)| {
                let role = if i == LEAF || n == 0 {
                    "end-entity"
                } else if self.pool.entries[i].anchor {
                    "trust-anchor"
                } else {
                    "intermediate"
                };
                describe(self.cert(i), role)
            })
            .collect()
    }

    /// Validates a complete path `chain` (leaf first, anchor last).
    fn check(&self, chain: &[usize], crls: &[Crl<'_>]) -> PathReport {
        let certs: Vec<&Certificate<'_>> = chain.iter().map(|&i| self.cert(i)).collect();
        let signers = PoolSigners {
            pool: self.pool,
            opts: self.opts,
            crls,
            depth: self.depth,
        };
        let result = crate::validate::validate_path(&certs, self.opts, crls, &signers);
        PathReport {
            certificates: self.describe_chain(chain),
            valid: result.is_ok(),
            policies: result.clone().unwrap_or_default(),
            failure: result.err().map(|b| *b),
        }
    }
}

/// CRL signers from the pool (RFC 5280 6.3.3 (f)): a certificate with the
/// CRL issuer's name (the certificate's issuer with another key, or an
/// indirect CRL's issuer) and a key that verifies the CRL, whose own path
/// (RFC 5280 purpose, keyUsage cRLSign, revocation as the caller asked) is
/// valid. A trust anchor qualifies as it is.
struct PoolSigners<'p, 'a, 'c> {
    pool: &'p Pool<'a>,
    opts: &'p Options,
    crls: &'p [Crl<'c>],
    depth: u8,
}

impl crate::revocation::CrlSigners for PoolSigners<'_, '_, '_> {
    fn find<'s>(&'s self, crl: &Crl<'_>) -> Option<&'s Certificate<'s>> {
        if self.depth >= MAX_SIGNER_DEPTH {
            return None;
        }
        let aki = crl.authority_key_id().and_then(|a| a.key_id);
        let list = self.pool.by_subject.get(&NameKey::of(&crl.issuer))?;
        for &i in list {
            let e = &self.pool.entries[i];
            if aki.is_some_and(|a| e.cert.subject_key_id().is_some_and(|k| k != a)) {
                continue;
            }
            if crl.verify(&e.cert.spki).is_err() {
                continue;
            }
            if e.anchor {
                return Some(&e.cert);
            }
            let mut opts = self.opts.clone();
            opts.purpose = crate::Purpose::Any;
            opts.name = None;
            opts.required_ekus.clear();
            opts.required_key_usage = vec![cert::KeyUsageBit::CrlSign];
            opts.max_intermediates = None;
            opts.max_paths = 1;
            let mut nested = Builder::new(self.pool, &e.cert, &opts);
            nested.depth = self.depth + 1;
            if nested.run(self.crls).paths.iter().any(|p| p.valid) {
                return Some(&e.cert);
            }
        }
        None
    }
}

fn describe(c: &Certificate<'_>, role: &'static str) -> PathCert {
    PathCert {
        subject: c.subject.to_string(),
        sha256: hex(&c.sha256()),
        role,
    }
}

/// A [`Failure`] for the certificate at `position` (0 = end entity).
pub(crate) fn failure(position: usize, c: &Certificate<'_>, error: Error) -> Failure {
    Failure {
        position,
        subject: c.subject.to_string(),
        sha256: hex(&c.sha256()),
        section: error.section(),
        error,
    }
}
