//! Revocation by CRL (RFC 5280 6.1.3 (a)(3) and 6.3).
//!
//! The CRL processing of RFC 5280 6.3.3, over the CRLs given (the local
//! CRL cache): for each of the certificate's distribution points, and then
//! for the point 6.3.3 assumes for CRLs no distribution point names, every
//! complete CRL in scope (module `scope`: issuer or cRLIssuer,
//! issuingDistributionPoint names, kinds of certificate) is used when it
//! is signed by a certificate of the path with the CRL issuer's name
//! (the issuer itself, another key of the same CA across a key rollover,
//! or, for a cRLIssuer that is the certificate itself, the certificate),
//! or by a certificate [`CrlSigners`] finds with a valid path of its own
//! (6.3.3 (f): a separate CRL-signing key, an indirect CRL's issuer);
//! whose keyUsage, if present, allows cRLSign; that is current at the
//! validation time, or brought up to date by a current delta CRL (module
//! `delta`, 6.3.3 (a)(1)(i)); that has no critical extension rootward does
//! not process; and that passes the linter's RFC 5280 CRL checks with no
//! error other than in other certificates' entries (module `checks`).
//!
//! The certificate is looked up on the newest usable delta CRL and then on
//! the complete CRL (module `entries`, 6.3.3 (i)-(k), with an indirect
//! CRL's certificateIssuer entries, 5.3.3). Each usable CRL adds the reasons it
//! covers for its point to `reasons_mask` (6.3.3 (d), (l)); the status is
//! known when a usable CRL lists the certificate (revoked), or when the
//! usable CRLs together cover all reasons (not revoked). Unlike the
//! algorithm's early exit once all reasons are covered, every usable CRL in
//! scope is looked at, so that of two CRLs the one that lists the
//! certificate counts whatever the order they were given in.
//!
//! Work is bounded: each CRL's scope is compared with at most
//! `scope::MAX_POINTS` + 1 points, each CRL is checked, searched for a
//! signer and looked through at most once per certificate, and delta CRLs
//! are indexed by issuer and scope.

mod checks;
mod delta;
mod entries;
mod reasons;
mod scope;

use std::collections::HashMap;

use cert::Certificate;
use cert::crl::{Crl, DELTA_CRL_INDICATOR};
use cert::oids;

use self::checks::{Currency, SignerSearch};
use self::entries::{Listed, Sought};
use self::reasons::Reasons;
use self::scope::CrlNames;
use crate::error::Error;
use crate::names::NameKey;

/// How revocation is checked.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Mode {
    /// Not checked.
    Off,
    /// Checked where a CRL in scope for the certificate (from its issuer,
    /// or from a cRLIssuer its distribution points name) is given; a
    /// certificate without one passes.
    #[default]
    IfAvailable,
    /// Every certificate below the trust anchor needs usable CRLs that
    /// cover all revocation reasons.
    Require,
}

/// CRL extensions (5.2) rootward processes, so they may be critical.
const PROCESSED_CRL: [cert::Oid<'static>; 4] = [
    cert::crl::CRL_NUMBER,
    cert::crl::ISSUING_DISTRIBUTION_POINT,
    oids::AUTHORITY_KEY_IDENTIFIER,
    DELTA_CRL_INDICATOR,
];

/// Finds, outside the path, a certificate that signed a CRL and has a
/// valid certification path itself (RFC 5280 6.3.3 (f)).
pub trait CrlSigners {
    /// A certificate with the CRL issuer's name whose key verifies `crl`
    /// and whose own path is valid, if there is one.
    fn find<'s>(&'s self, crl: &Crl<'_>) -> Option<&'s Certificate<'s>>;
}

/// Checks the revocation status of `c` at `at`; `above` are the
/// certificates above it in the path, its issuer first; `others` finds CRL
/// signers outside the path.
pub fn check(
    c: &Certificate<'_>,
    above: &[&Certificate<'_>],
    crls: &[Crl<'_>],
    at: i64,
    mode: Mode,
    others: &dyn CrlSigners,
) -> Result<(), Error> {
    if mode == Mode::Off {
        return Ok(());
    }
    Checker::new(c, above, crls, at, others).run(mode)
}

/// A complete CRL found usable, with the delta CRL applied to it.
#[derive(Clone, Copy)]
struct Usable {
    delta: Option<usize>,
}

/// The state of one certificate's check (6.3.3), with what is learnt
/// about each CRL kept so that no CRL is checked twice.
struct Checker<'r> {
    c: &'r Certificate<'r>,
    crls: &'r [Crl<'r>],
    at: i64,
    signers: SignerSearch<'r>,
    names: Vec<CrlNames>,
    deltas: delta::Deltas<'r>,
    /// Per CRL: not yet checked, or whether (and how) it is usable;
    /// `Ok(None)` when no signer is found (as if out of scope).
    usable: Vec<Option<Result<Option<Usable>, String>>>,
    /// Per (delta CRL, signer key): whether the delta is usable with a
    /// complete CRL of that signer.
    delta_checks: HashMap<(usize, &'r [u8]), Result<(), String>>,
    /// Per delta CRL: what it says of the certificate (a delta may update
    /// several complete CRLs; it is looked through once).
    delta_listed: HashMap<usize, Listed>,
    /// Why CRLs in scope were not used.
    rejected: Vec<String>,
}

impl<'r> Checker<'r> {
    fn new(
        c: &'r Certificate<'r>,
        above: &'r [&'r Certificate<'r>],
        crls: &'r [Crl<'r>],
        at: i64,
        others: &'r dyn CrlSigners,
    ) -> Checker<'r> {
        let names: Vec<CrlNames> = crls.iter().map(CrlNames::of).collect();
        let issuers: Vec<NameKey> = names.iter().map(|n| n.issuer.clone()).collect();
        Checker {
            c,
            crls,
            at,
            signers: SignerSearch {
                cert: c,
                above,
                cert_itself: false,
                others,
            },
            deltas: delta::Deltas::new(crls, &issuers),
            names,
            usable: vec![None; crls.len()],
            delta_checks: HashMap::new(),
            delta_listed: HashMap::new(),
            rejected: Vec::new(),
        }
    }

    fn run(mut self, mode: Mode) -> Result<(), Error> {
        let c = self.c;
        let points = scope::points(c);
        let cert_issuer = NameKey::of(&c.issuer);
        let issuer_names = scope::issuer_names(c);
        let subject = NameKey::of(&c.subject);
        self.signers.cert_itself = points.iter().any(|p| p.names_crl_issuer(&subject));
        let mut reasons_mask = Reasons::NONE;
        let mut in_scope = false;
        let mut looked_up = vec![false; self.crls.len()];
        for point in &points {
            for (i, crl) in self.crls.iter().enumerate() {
                if crl.is_delta() || !point.covers(crl, &self.names[i], &cert_issuer, c.is_ca()) {
                    continue;
                }
                // (d). (e) skips a CRL that adds no reason to those
                // already covered; rootward looks at every usable CRL (see
                // above) and only skips one that covers no reason at all.
                let interim = point.interim_reasons(crl.issuing_distribution_point());
                if interim.is_empty() {
                    continue;
                }
                let Some(usable) = self.usable(i) else {
                    continue;
                };
                in_scope = true;
                if !looked_up[i] {
                    looked_up[i] = true;
                    let sought = Sought {
                        serial: c.serial,
                        issuer_names: &issuer_names,
                        issued_by_crl_issuer: self.names[i].issuer == cert_issuer,
                    };
                    self.status(i, usable, &sought)?;
                }
                // (l)
                reasons_mask = reasons_mask.union(interim);
            }
        }
        if reasons_mask.is_all() {
            return Ok(());
        }
        let rejected = !self.rejected.is_empty();
        if mode == Mode::IfAvailable && !in_scope && !rejected {
            return Ok(());
        }
        let mut why = Vec::new();
        if in_scope {
            why.push(format!(
                "the usable CRLs cover only the reasons {}, not {} (RFC 5280 6.3.3 (d))",
                reasons_mask.describe(),
                reasons_mask.complement().describe()
            ));
        } else if !rejected {
            why.push(self.nothing_in_scope(&points));
        }
        why.append(&mut self.rejected);
        Err(Error::RevocationUnknown {
            detail: why.join("; "),
        })
    }

    /// Why no CRL was found for the certificate.
    fn nothing_in_scope(&self, points: &[scope::Point]) -> String {
        let c = self.c;
        let issuer = NameKey::of(&c.issuer);
        let mut sources = format!("\"{}\"", c.issuer);
        for name in points.iter().flat_map(|p| &p.crl_issuer_text) {
            sources.push_str(&format!(
                " or its distribution point's cRLIssuer \"{name}\""
            ));
        }
        let from_source = |n: &CrlNames| {
            n.issuer == issuer || points.iter().any(|p| p.names_crl_issuer(&n.issuer))
        };
        let complete = self
            .names
            .iter()
            .zip(self.crls)
            .any(|(n, l)| !l.is_delta() && from_source(n));
        let delta = self
            .names
            .iter()
            .zip(self.crls)
            .any(|(n, l)| l.is_delta() && from_source(n));
        if complete {
            format!(
                "no CRL of {sources} that was given is in scope for it (RFC 5280 6.3.3 (b): issuer or cRLIssuer with indirectCRL, issuingDistributionPoint names and kinds of certificate)"
            )
        } else if delta {
            format!(
                "only delta CRLs of {sources} were given, and no complete CRL they apply to (RFC 5280 5.2.4)"
            )
        } else {
            format!("no CRL issued by {sources} was given")
        }
    }

    /// Whether complete CRL `i` can be used (6.3.3 (a), (f), (g), (h)),
    /// checked once; a rejection is recorded the first time.
    fn usable(&mut self, i: usize) -> Option<Usable> {
        if self.usable[i].is_none() {
            let result = self.check_complete(i);
            if let Err(why) = &result {
                self.rejected.push(why.clone());
            }
            self.usable[i] = Some(result);
        }
        match &self.usable[i] {
            Some(Ok(u)) => *u,
            _ => None,
        }
    }

    fn check_complete(&mut self, i: usize) -> Result<Option<Usable>, String> {
        let crls = self.crls;
        let crl = &crls[i];
        let Some(signer) = self.signers.find(crl, &self.names[i].issuer)? else {
            return Ok(None);
        };
        checks::sound(crl, signer)?;
        let currency = checks::currency(crl, self.at)?;
        let delta = self.best_delta(i, signer);
        match currency {
            Currency::Current => Ok(Some(Usable { delta })),
            // 6.3.3 (a)(1)(i): a stale complete CRL is brought up to date
            // by a current delta CRL, when deltas are announced.
            Currency::Stale(_) if delta.is_some() && checks::announces_deltas(self.c, crl) => {
                Ok(Some(Usable { delta }))
            }
            Currency::Stale(why) => Err(why),
        }
    }

    /// The delta CRL with the highest cRLNumber that may update complete
    /// CRL `i` (5.2.4, 6.3.3 (c)) and is usable with its `signer` (6.3.3
    /// (h): same key; current; sound).
    fn best_delta(&mut self, i: usize, signer: &'r Certificate<'r>) -> Option<usize> {
        let crls = self.crls;
        let candidates: Vec<usize> = self.deltas.for_base(&crls[i], &self.names[i].issuer);
        for d in candidates {
            let key = (d, signer.spki.raw);
            if !self.delta_checks.contains_key(&key) {
                let result = check_delta(&crls[d], signer, self.at);
                if let Err(why) = &result {
                    self.rejected.push(why.clone());
                }
                self.delta_checks.insert(key, result);
            }
            if matches!(self.delta_checks.get(&key), Some(Ok(()))) {
                return Some(d);
            }
        }
        None
    }

    /// 6.3.3 (i)-(k): the status from the delta CRL, else from complete
    /// CRL `i`; an error when revoked.
    fn status(&mut self, i: usize, usable: Usable, sought: &Sought<'_>) -> Result<(), Error> {
        let mut listed = Listed::No;
        let mut by = &self.crls[i];
        if let Some(d) = usable.delta {
            listed = match self.delta_listed.get(&d) {
                Some(l) => l.clone(),
                None => {
                    let l = entries::lookup(&self.crls[d], sought, true)?;
                    self.delta_listed.insert(d, l.clone());
                    l
                }
            };
            by = &self.crls[d];
        }
        if listed == Listed::No {
            listed = entries::lookup(&self.crls[i], sought, false)?;
            by = &self.crls[i];
        }
        match listed {
            Listed::Revoked { date, reason } => Err(Error::Revoked {
                date,
                reason: reason.map_or_else(|| "unspecified".into(), |r| r.describe()),
                crl_issuer: by.issuer.to_string(),
            }),
            // (k): removeFromCRL on the delta: not revoked.
            Listed::Removed | Listed::No => Ok(()),
        }
    }
}

/// Whether `delta` is usable with a complete CRL signed by `signer`.
fn check_delta(delta: &Crl<'_>, signer: &Certificate<'_>, at: i64) -> Result<(), String> {
    if let Err(e) = delta.verify(&signer.spki) {
        return Err(format!(
            "{}: signature (with the complete CRL's key): {e}",
            checks::who(delta)
        ));
    }
    checks::sound(delta, signer)?;
    match checks::currency(delta, at)? {
        Currency::Current => Ok(()),
        Currency::Stale(why) => Err(why),
    }
}
