//! `rootward lint --list-rules` and `--list-profiles`.
//!
//! Both are generated from the rule and profile tables of the `lint` crate,
//! so they cannot drift from what the linter does.

use lint::{Generation, Profile, Rule, Validation};
use serde::Serialize;

use crate::output::{Format, csv_record};

/// A rule as listed.
#[derive(Serialize)]
struct RuleEntry {
    code: &'static str,
    severity: &'static str,
    citation: &'static str,
    summary: &'static str,
    /// Names of the profiles the rule applies to.
    profiles: Vec<String>,
    effective_from: Option<&'static str>,
    effective_until: Option<&'static str>,
    equivalents: lint::Equivalents,
}

fn entry(rule: &Rule) -> RuleEntry {
    RuleEntry {
        code: rule.code,
        severity: rule.severity.as_str(),
        citation: rule.citation,
        summary: rule.summary,
        profiles: Profile::all()
            .into_iter()
            .filter(|p| (rule.applies)(*p))
            .map(Profile::name)
            .collect(),
        effective_from: rule.effective_from,
        effective_until: rule.effective_until,
        equivalents: lint::Equivalents {
            pkilint: rule.pkilint,
            zlint: rule.zlint,
        },
    }
}

fn crl_entry(rule: &lint::crl::CrlRule) -> RuleEntry {
    RuleEntry {
        code: rule.code,
        severity: rule.severity.as_str(),
        citation: rule.citation,
        summary: rule.summary,
        profiles: lint::crl::CrlKind::ALL
            .into_iter()
            .filter(|k| (rule.applies)(*k))
            .map(|k| k.name().to_string())
            .collect(),
        effective_from: None,
        effective_until: None,
        equivalents: lint::Equivalents {
            pkilint: rule.pkilint,
            zlint: rule.zlint,
        },
    }
}

fn ocsp_entry(rule: &lint::ocsp::OcspRule) -> RuleEntry {
    RuleEntry {
        code: rule.code,
        severity: rule.severity.as_str(),
        citation: rule.citation,
        summary: rule.summary,
        profiles: lint::ocsp::OcspKind::ALL
            .into_iter()
            .filter(|k| (rule.applies)(*k))
            .map(|k| k.name().to_string())
            .collect(),
        effective_from: None,
        effective_until: None,
        equivalents: lint::Equivalents {
            pkilint: rule.pkilint,
            zlint: rule.zlint,
        },
    }
}

/// OCSP response profiles and what they cover.
const OCSP_PROFILES: &[(&str, &str)] = &[
    (
        "ocsp",
        "any OCSP response: RFC 6960 only (auto-detected when the issuer is unknown)",
    ),
    (
        "ocsp-tls-subscriber",
        "OCSP response for TLS subscriber certificates (RFC 6960; TLS BR 4.9.9, 4.9.10, 7.3)",
    ),
    (
        "ocsp-tls-ca",
        "OCSP response for TLS CA certificates (RFC 6960; TLS BR 4.9.9, 4.9.10, 7.3)",
    ),
    (
        "ocsp-smime-subscriber",
        "OCSP response for S/MIME subscriber certificates (RFC 6960; SMIME BR 4.9.9, 4.9.10, 7.3)",
    ),
    (
        "ocsp-smime-ca",
        "OCSP response for S/MIME CA certificates (RFC 6960; SMIME BR 4.9.9, 4.9.10, 7.3)",
    ),
];

/// CRL profiles and what they cover.
const CRL_PROFILES: &[(&str, &str)] = &[
    (
        "crl",
        "any CRL: RFC 5280 section 5 only (auto-detected CRLs whose program and scope are unknown)",
    ),
    (
        "crl-tls-subscriber",
        "TLS CRL for subscriber certificates (RFC 5280 5; TLS BR 4.9.7, 7.2)",
    ),
    (
        "crl-tls-ca",
        "TLS CRL for CA certificates, an ARL (RFC 5280 5; TLS BR 4.9.7, 7.2)",
    ),
    (
        "crl-smime-subscriber",
        "S/MIME CRL for subscriber certificates (RFC 5280 5; SMIME BR 4.9.7, 7.2)",
    ),
    (
        "crl-smime-ca",
        "S/MIME CRL for CA certificates (RFC 5280 5; SMIME BR 4.9.7, 7.2)",
    ),
];

/// Profile names compactly, for the text table: `all`; or groups and names,
/// where `PREFIX-*` stands for every profile whose name starts with
/// `PREFIX-`, `NAME*` for `NAME` and every `NAME-…`, `smime-*-*` for every
/// S/MIME subscriber profile and `smime-*-GEN` for the four validation types
/// of a generation. Groups are only used
/// when every profile they stand for applies.
fn compact_profiles(applies: &[bool]) -> String {
    let all = Profile::all();
    let names: Vec<String> = all.iter().map(|p| p.name()).collect();
    if applies.iter().all(|a| *a) {
        return "all".into();
    }
    // Candidate groups: (label, member indexes).
    let mut groups: Vec<(String, Vec<usize>)> = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for name in &names {
        for (i, _) in name.match_indices('-') {
            let key = &name[..i];
            if !seen.insert(key.to_owned()) {
                continue;
            }
            let members: Vec<usize> = (0..names.len())
                .filter(|&j| names[j] == key || names[j].starts_with(&format!("{key}-")))
                .collect();
            let is_name = names.iter().any(|n| n == key);
            groups.push((
                if is_name {
                    format!("{key}*")
                } else {
                    format!("{key}-*")
                },
                members,
            ));
        }
    }
    let subscribers = (0..all.len())
        .filter(|&j| all[j].smime().is_some())
        .collect();
    groups.push(("smime-*-*".to_owned(), subscribers));
    for g in Generation::ALL {
        let members = Validation::ALL
            .iter()
            .filter_map(|v| all.iter().position(|p| *p == Profile::Smime(*v, g)))
            .collect();
        groups.push((format!("smime-*-{}", g.as_str()), members));
    }
    // Largest groups first; a group is used when all its members apply and
    // it covers at least two names not covered yet.
    groups.sort_by_key(|(_, m)| std::cmp::Reverse(m.len()));
    let mut covered = vec![false; names.len()];
    let mut parts: Vec<(usize, String)> = Vec::new();
    for (label, members) in groups {
        let fresh = members.iter().filter(|&&j| !covered[j]).count();
        if members.len() >= 2 && fresh >= 2 && members.iter().all(|&j| applies[j]) {
            parts.push((members[0], label));
            for j in members {
                covered[j] = true;
            }
        }
    }
    for (j, name) in names.iter().enumerate() {
        if applies[j] && !covered[j] {
            parts.push((j, name.clone()));
        }
    }
    parts.sort();
    if parts.is_empty() {
        "none".into()
    } else {
        parts
            .into_iter()
            .map(|(_, l)| l)
            .collect::<Vec<_>>()
            .join(",")
    }
}

/// Lays out rows as a table with two spaces between columns. Each column is
/// as wide as its widest cell, but at most `caps[i]` (a longer cell pushes
/// the rest of its own row only); the last column is not padded.
fn table(rows: &[Vec<String>], caps: &[usize]) -> String {
    let cols = rows.iter().map(Vec::len).max().unwrap_or(0);
    let mut widths = vec![0; cols];
    for row in rows {
        for (i, cell) in row.iter().enumerate() {
            let cap = caps.get(i).copied().unwrap_or(usize::MAX);
            widths[i] = widths[i].max(cell.chars().count().min(cap));
        }
    }
    let mut out = String::new();
    for row in rows {
        let mut line = String::new();
        for (i, cell) in row.iter().enumerate() {
            line.push_str(cell);
            if i + 1 < row.len() {
                let pad = widths[i].saturating_sub(cell.chars().count());
                line.push_str(&" ".repeat(pad + 2));
            }
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

fn json_lines<T: Serialize>(items: &[T], format: Format) -> String {
    let objects: Vec<String> = items
        .iter()
        .map(|e| serde_json::to_string(e).unwrap_or_default())
        .collect();
    if format == Format::Jsonl {
        objects.into_iter().map(|o| o + "\n").collect()
    } else if objects.is_empty() {
        "[]\n".into()
    } else {
        format!("[\n{}\n]\n", objects.join(",\n"))
    }
}

/// The rule catalogue in `format`.
pub fn rules(format: Format) -> String {
    let rules = lint::catalogue();
    match format {
        Format::Json | Format::Jsonl => {
            let entries: Vec<RuleEntry> = rules
                .iter()
                .map(|r| entry(r))
                .chain(lint::crl::crl_catalogue().into_iter().map(crl_entry))
                .chain(lint::ocsp::ocsp_catalogue().into_iter().map(ocsp_entry))
                .collect();
            json_lines(&entries, format)
        }
        Format::Csv => {
            let mut s = String::new();
            csv_record(
                &mut s,
                [
                    "code",
                    "severity",
                    "citation",
                    "profiles",
                    "effective_from",
                    "effective_until",
                    "pkilint",
                    "zlint",
                    "summary",
                ],
            );
            let all: Vec<RuleEntry> = rules
                .iter()
                .map(|r| entry(r))
                .chain(lint::crl::crl_catalogue().into_iter().map(crl_entry))
                .chain(lint::ocsp::ocsp_catalogue().into_iter().map(ocsp_entry))
                .collect();
            for e in &all {
                let profiles = e.profiles.join(" ");
                csv_record(
                    &mut s,
                    [
                        e.code,
                        e.severity,
                        e.citation,
                        &profiles,
                        e.effective_from.unwrap_or(""),
                        e.effective_until.unwrap_or(""),
                        e.equivalents.pkilint.unwrap_or(""),
                        e.equivalents.zlint.unwrap_or(""),
                        e.summary,
                    ],
                );
            }
            s
        }
        Format::Text => {
            let mut rows = vec![
                [
                    "CODE", "SEVERITY", "CITATION", "FROM", "UNTIL", "PKILINT", "ZLINT",
                    "PROFILES", "SUMMARY",
                ]
                .map(String::from)
                .to_vec(),
            ];
            let all = Profile::all();
            for r in &rules {
                let opt = |o: Option<&str>| o.unwrap_or("-").to_owned();
                let applies: Vec<bool> = all.iter().map(|p| (r.applies)(*p)).collect();
                rows.push(vec![
                    r.code.to_owned(),
                    r.severity.as_str().to_owned(),
                    r.citation.to_owned(),
                    opt(r.effective_from),
                    opt(r.effective_until),
                    opt(r.pkilint),
                    opt(r.zlint),
                    compact_profiles(&applies),
                    r.summary.to_owned(),
                ]);
            }
            let crl_rules = lint::crl::crl_catalogue();
            let ocsp_rules = lint::ocsp::ocsp_catalogue();
            let extra: Vec<RuleEntry> = crl_rules
                .iter()
                .map(|r| crl_entry(r))
                .chain(ocsp_rules.iter().map(|r| ocsp_entry(r)))
                .collect();
            for e in extra {
                let opt = |o: Option<&str>| o.unwrap_or("-").to_owned();
                let kinds = e.profiles.join(" ");
                rows.push(vec![
                    e.code.to_owned(),
                    e.severity.to_owned(),
                    e.citation.to_owned(),
                    "-".into(),
                    "-".into(),
                    opt(e.equivalents.pkilint),
                    opt(e.equivalents.zlint),
                    kinds,
                    e.summary.to_owned(),
                ]);
            }
            let mut s = table(&rows, &[48, 8, 32, 10, 10, 48, 48, 40]);
            s.push_str(&format!(
                "{} certificate rules, {} CRL rules, {} OCSP response rules\n",
                rules.len(),
                crl_rules.len(),
                ocsp_rules.len()
            ));
            s
        }
    }
}

#[derive(Serialize)]
struct ProfileEntry {
    name: String,
    description: String,
}

/// The profile catalogue in `format`.
pub fn profiles(format: Format) -> String {
    let profiles: Vec<ProfileEntry> = lint::profile::catalogue()
        .into_iter()
        .map(|p| ProfileEntry {
            name: p.name,
            description: p.description,
        })
        .chain(
            CRL_PROFILES
                .iter()
                .chain(OCSP_PROFILES)
                .map(|(n, d)| ProfileEntry {
                    name: n.to_string(),
                    description: d.to_string(),
                }),
        )
        .collect();
    match format {
        Format::Json | Format::Jsonl => json_lines(&profiles, format),
        Format::Csv => {
            let mut s = String::new();
            csv_record(&mut s, ["name", "description"]);
            for p in &profiles {
                csv_record(&mut s, [p.name.as_str(), p.description.as_str()]);
            }
            s
        }
        Format::Text => {
            let mut rows = vec![vec![
                "auto".to_owned(),
                "detect the profile from the certificate (default)".to_owned(),
            ]];
            rows.extend(profiles.into_iter().map(|p| vec![p.name, p.description]));
            table(&rows, &[])
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn compact(f: impl Fn(Profile) -> bool) -> String {
        let applies: Vec<bool> = Profile::all().into_iter().map(f).collect();
        compact_profiles(&applies)
    }

    #[test]
    fn profile_groups() {
        assert_eq!(compact(|_| true), "all");
        assert_eq!(compact(|_| false), "none");
        assert_eq!(compact(|p| p == Profile::SmimeSubCa), "smime-subca");
        assert_eq!(compact(|p| p.smime().is_some()), "smime-*-*");
        assert_eq!(
            compact(|p| matches!(p.smime(), Some((_, Generation::Strict)))),
            "smime-*-strict"
        );
        assert_eq!(
            compact(|p| matches!(p.smime(), Some((Validation::Mailbox, _)))),
            "smime-mailbox-*"
        );
        assert_eq!(
            compact(|p| p.smime().is_some() || p == Profile::SmimeSubCa || p == Profile::SmimeRoot),
            "smime-*"
        );
        // Whatever the rule, the groups expand back to exactly its profiles.
        for rule in lint::catalogue() {
            let applies: Vec<bool> = Profile::all()
                .into_iter()
                .map(|p| (rule.applies)(p))
                .collect();
            let text = compact_profiles(&applies);
            let names: Vec<String> = Profile::all().into_iter().map(Profile::name).collect();
            let expanded: Vec<bool> = names
                .iter()
                .map(|n| {
                    text == "all"
                        || text.split(',').any(|part| {
                            if let Some(gen_) = part.strip_prefix("smime-*-") {
                                gen_ == "*" && Profile::from_name(n).unwrap().smime().is_some()
                                    || n.starts_with("smime-")
                                        && n.ends_with(&format!("-{gen_}"))
                                        && Profile::from_name(n).unwrap().smime().is_some()
                            } else if let Some(prefix) = part.strip_suffix("-*") {
                                n.starts_with(&format!("{prefix}-"))
                            } else if let Some(name) = part.strip_suffix('*') {
                                n == name || n.starts_with(&format!("{name}-"))
                            } else {
                                n == part
                            }
                        })
                })
                .collect();
            assert_eq!(expanded, applies, "{}: {text}", rule.code);
        }
    }
}
