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

/// The profiles a rule applies to, compactly, for the text table: `all`, or
/// names where `smime-*-GEN` stands for the four validation types of a
/// generation and `smime-*-*` for every S/MIME subscriber profile.
fn compact_profiles(rule: &Rule) -> String {
    let all = Profile::all();
    if all.iter().all(|p| (rule.applies)(*p)) {
        return "all".into();
    }
    let mut parts = Vec::new();
    let smime_all = Validation::ALL.iter().all(|v| {
        Generation::ALL
            .iter()
            .all(|g| (rule.applies)(Profile::Smime(*v, *g)))
    });
    if smime_all {
        parts.push("smime-*-*".to_owned());
    } else {
        for g in Generation::ALL {
            if Validation::ALL
                .iter()
                .all(|v| (rule.applies)(Profile::Smime(*v, g)))
            {
                parts.push(format!("smime-*-{}", g.as_str()));
            } else {
                for v in Validation::ALL {
                    if (rule.applies)(Profile::Smime(v, g)) {
                        parts.push(Profile::Smime(v, g).name());
                    }
                }
            }
        }
    }
    for p in all
        .into_iter()
        .filter(|p| p.smime().is_none() && (rule.applies)(*p))
    {
        parts.push(p.name());
    }
    if parts.is_empty() {
        "none".into()
    } else {
        parts.join(",")
    }
}

/// Lays out rows as a table with two spaces between columns; the last column
/// is not padded.
fn table(rows: &[Vec<String>]) -> String {
    let cols = rows.iter().map(Vec::len).max().unwrap_or(0);
    let mut widths = vec![0; cols];
    for row in rows {
        for (i, cell) in row.iter().enumerate() {
            widths[i] = widths[i].max(cell.chars().count());
        }
    }
    let mut out = String::new();
    for row in rows {
        let mut line = String::new();
        for (i, cell) in row.iter().enumerate() {
            if i + 1 == row.len() {
                line.push_str(cell);
            } else {
                line.push_str(cell);
                line.push_str(&" ".repeat(widths[i] - cell.chars().count() + 2));
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
            let entries: Vec<RuleEntry> = rules.iter().map(|r| entry(r)).collect();
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
            for r in &rules {
                let e = entry(r);
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
            for r in &rules {
                let opt = |o: Option<&str>| o.unwrap_or("-").to_owned();
                rows.push(vec![
                    r.code.to_owned(),
                    r.severity.as_str().to_owned(),
                    r.citation.to_owned(),
                    opt(r.effective_from),
                    opt(r.effective_until),
                    opt(r.pkilint),
                    opt(r.zlint),
                    compact_profiles(r),
                    r.summary.to_owned(),
                ]);
            }
            let mut s = table(&rows);
            s.push_str(&format!("{} rules\n", rules.len()));
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
            table(&rows)
        }
    }
}
