//! Incident reports filed, updated and closed in the registry, with the
//! sections of the CCADB Full Incident Report template as separate fields,
//! a timeline of updates, and links to sub-CA requests.
//!
//! Source: CCADB Incident Reporting Guidelines, version 3.2 (effective
//! 2026-03-20; `../shared/spec/ccadb/incident-report.md`): "Report
//! Templates" (the Preliminary, Full Incident and Closure Report templates
//! and their sections), "Report field definitions and expectations" (what
//! each section holds), "When are reports updated?" and "How are reports
//! closed?".
//!
//! The rules, decided here for the command line and the web alike:
//!
//! - Incidents are public to read (CCADB reports are public Bugzilla bugs).
//!   The program's managers and the members of the incident's owner file,
//!   update and close them; nobody else ([`may_change`]).
//! - Filing needs a title and the Summary section (a Preliminary Incident
//!   Report is a Summary alone); the other sections may follow in updates.
//! - An update has text, records who and when, may revise sections and
//!   link requests, and sets the next-update date: the date given (not in
//!   the past), or 7 days on ("open incident reports MUST be updated ...
//!   within 7 days, if a 'Next update' date is not recorded", "When are
//!   reports updated?"). An open incident past that date is overdue
//!   ([`crate::model::Incident::update_overdue`], the compliance check
//!   `registry.incident.update_overdue`).
//! - Closing needs a non-empty closing summary ("Report Closure Summary")
//!   and every section written, "N/A" where one does not apply ("Fields
//!   that are not applicable MUST still be included and marked 'N/A'",
//!   "Report Templates"). A closed incident takes no more updates.
//! - An incident names its owner and may link sub-CA requests. A link is
//!   made only by someone who may change the incident and may see the
//!   request ([`workflow::may_see`]); readers are shown only links to
//!   requests they may see ([`IncidentReport::visible_to`]), so a link
//!   never reveals a draft.
//!
//! Every change writes the incident row through the registry's versioned
//! store (old and new values of each changed field in `history`) and
//! appends to the incident's timeline, in one transaction that holds the
//! incident's row, so concurrent updates queue instead of losing one.

use serde::{Deserialize, Serialize};
use sqlx::Row as _;

use crate::accounts::{role_from_name, role_name};
use crate::model::{Incident, derive_id};
use crate::store::{self, Val, f};
use crate::workflow::{self, Actor, Role, State};
use crate::{Clock, DAY, Error, Registry, Result, format_date, format_day, parse_date};

/// Longest section, update text or closing summary accepted, in characters
/// (large certificate listings belong in an attachment the Appendix cites).
pub const MAX_TEXT: usize = 100_000;

/// Longest title, owner name or link, in characters.
pub const MAX_LINE: usize = 300;

/// Most requests linked in one change.
pub const MAX_LINKS: usize = 50;

/// Days until the next update when none is given (guidelines, "When are
/// reports updated?": within 7 days when no "Next update" date is recorded).
pub const DEFAULT_UPDATE_DAYS: i64 = 7;

/// The sections of the Full Incident Report template, in template order:
/// (field and column name, heading). Lessons Learned has four fields of its
/// own in the template, kept apart here.
pub const SECTIONS: [(&str, &str); 11] = [
    ("summary", "Summary"),
    ("impact", "Impact"),
    ("timeline", "Timeline"),
    ("related_incidents", "Related Incidents"),
    ("root_cause_analysis", "Root Cause Analysis"),
    ("lessons_went_well", "Lessons Learned: What went well"),
    ("lessons_went_badly", "Lessons Learned: What didn't go well"),
    ("lessons_got_lucky", "Lessons Learned: Where we got lucky"),
    ("lessons_additional", "Lessons Learned: Additional"),
    ("action_items", "Action Items"),
    ("appendix", "Appendix"),
];

/// The sections of an incident report (CCADB Incident Reporting Guidelines
/// 3.2, "Report Templates", Full Incident Report; their content as
/// "Report field definitions and expectations" describes it). Each is
/// Markdown text, as the guidelines ask; `None` is not written yet.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Sections {
    /// "Summary": CA Owner CCADB unique ID, incident description, timeline
    /// summary (non-compliance start, identified and end dates), relevant
    /// policies, source of incident disclosure.
    #[serde(default)]
    pub summary: Option<String>,
    /// "Impact": total and "remaining valid" certificates, affected
    /// certificate types, incident heuristic, whether issuance was stopped,
    /// analysis, additional considerations.
    #[serde(default)]
    pub impact: Option<String>,
    /// "Timeline": every event before, during and after the incident, in UTC.
    #[serde(default)]
    pub timeline: Option<String>,
    /// "Related Incidents": related Bugzilla incidents of the last two
    /// years (bug, date, how it is related), of any CA owner.
    #[serde(default)]
    pub related_incidents: Option<String>,
    /// "Root Cause Analysis": each contributing factor with description,
    /// timeline, detection, interaction with other factors and method.
    #[serde(default)]
    pub root_cause_analysis: Option<String>,
    /// "Lessons Learned", "What went well".
    #[serde(default)]
    pub lessons_went_well: Option<String>,
    /// "Lessons Learned", "What didn't go well" (each needs an action item).
    #[serde(default)]
    pub lessons_went_badly: Option<String>,
    /// "Lessons Learned", "Where we got lucky".
    #[serde(default)]
    pub lessons_got_lucky: Option<String>,
    /// "Lessons Learned", "Additional" (the field definitions call it "Other").
    #[serde(default)]
    pub lessons_additional: Option<String>,
    /// "Action Items": action, kind (prevent, mitigate, detect),
    /// corresponding root causes, evaluation criteria, due date, status.
    #[serde(default)]
    pub action_items: Option<String>,
    /// "Appendix": supporting data, and the details of the affected
    /// certificates (CSV fields as the guidelines list them).
    #[serde(default)]
    pub appendix: Option<String>,
}

impl Sections {
    /// The sections in template order, as in [`SECTIONS`].
    pub fn values(&self) -> [&Option<String>; 11] {
        [
            &self.summary,
            &self.impact,
            &self.timeline,
            &self.related_incidents,
            &self.root_cause_analysis,
            &self.lessons_went_well,
            &self.lessons_went_badly,
            &self.lessons_got_lucky,
            &self.lessons_additional,
            &self.action_items,
            &self.appendix,
        ]
    }

    /// Sets the section named `name` ([`SECTIONS`]); `false` when no
    /// section has that name.
    pub fn set(&mut self, name: &str, text: Option<String>) -> bool {
        match SECTIONS.iter().position(|(n, _)| *n == name) {
            Some(i) => {
                if let Some(slot) = self.values_mut().into_iter().nth(i) {
                    *slot = text;
                }
                true
            }
            None => false,
        }
    }

    fn values_mut(&mut self) -> [&mut Option<String>; 11] {
        [
            &mut self.summary,
            &mut self.impact,
            &mut self.timeline,
            &mut self.related_incidents,
            &mut self.root_cause_analysis,
            &mut self.lessons_went_well,
            &mut self.lessons_went_badly,
            &mut self.lessons_got_lucky,
            &mut self.lessons_additional,
            &mut self.action_items,
            &mut self.appendix,
        ]
    }

    /// (name, heading, text) of each section, in template order.
    pub fn iter(&self) -> impl Iterator<Item = (&'static str, &'static str, Option<&str>)> + '_ {
        SECTIONS
            .iter()
            .zip(self.values())
            .map(|((name, heading), v)| (*name, *heading, v.as_deref()))
    }

    /// The headings of the sections not written yet.
    pub fn missing(&self) -> Vec<&'static str> {
        self.iter()
            .filter(|(_, _, v)| v.is_none_or(|t| t.trim().is_empty()))
            .map(|(_, heading, _)| heading)
            .collect()
    }

    /// Replaces the sections `revised` gives (an empty text clears one);
    /// returns the names of those that changed. Texts are checked and
    /// normalized first (see [`clean_text`]).
    fn revise(&mut self, revised: &Sections) -> Result<Vec<&'static str>> {
        let mut changed = Vec::new();
        for ((name, heading), (cur, new)) in SECTIONS
            .iter()
            .zip(self.values_mut().into_iter().zip(revised.values()))
        {
            let Some(text) = new else { continue };
            let text = clean_text(heading, text)?;
            if *cur != text {
                *cur = text;
                changed.push(*name);
            }
        }
        Ok(changed)
    }

    /// The sections as the template's Markdown (headings `### …`, Lessons
    /// Learned as its four bullet fields), for pasting into Bugzilla.
    pub fn to_markdown(&self) -> String {
        let mut s = String::from("## Full Incident Report\n");
        let section = |s: &mut String, heading: &str, v: &Option<String>| {
            s.push_str("\n### ");
            s.push_str(heading);
            s.push_str("\n\n");
            if let Some(t) = v {
                s.push_str(t);
                s.push('\n');
            }
        };
        section(&mut s, "Summary", &self.summary);
        section(&mut s, "Impact", &self.impact);
        section(&mut s, "Timeline", &self.timeline);
        section(&mut s, "Related Incidents", &self.related_incidents);
        section(&mut s, "Root Cause Analysis", &self.root_cause_analysis);
        s.push_str("\n### Lessons Learned\n\n");
        for ((marker, _), v) in LESSONS.iter().zip([
            &self.lessons_went_well,
            &self.lessons_went_badly,
            &self.lessons_got_lucky,
            &self.lessons_additional,
        ]) {
            let text = v.as_deref().unwrap_or("");
            if text.contains('\n') {
                s.push_str("- **");
                s.push_str(marker);
                s.push_str(":**\n");
                for line in text.lines() {
                    if !line.is_empty() {
                        s.push_str("  ");
                    }
                    s.push_str(line);
                    s.push('\n');
                }
            } else {
                s.push_str("- **");
                s.push_str(marker);
                s.push_str(":** ");
                s.push_str(text);
                s.push('\n');
            }
        }
        section(&mut s, "Action Items", &self.action_items);
        section(&mut s, "Appendix", &self.appendix);
        s
    }

    /// Reads a report written in the template's Markdown (the inverse of
    /// [`Sections::to_markdown`]): text under each `### ` heading the
    /// template names (case-insensitive; headings inside code fences are
    /// text), Lessons Learned split at its four bold field markers. A
    /// heading the template does not name stays text of its section; text
    /// before the first section is refused (other than `#`/`##` titles).
    pub fn from_markdown(md: &str) -> Result<Sections> {
        let bad = |reason: String| Error::BadInput {
            what: "incident report Markdown".into(),
            reason,
        };
        let md = md.replace("\r\n", "\n");
        let mut out = Sections::default();
        let mut current: Option<usize> = None; // index into TEMPLATE_HEADINGS
        let mut buf: Vec<&str> = Vec::new();
        let mut fenced = false;
        let flush = |idx: Option<usize>, buf: &mut Vec<&str>, out: &mut Sections| {
            let text = buf.join("\n");
            buf.clear();
            let Some(i) = idx else { return Ok(()) };
            if TEMPLATE_HEADINGS[i] == "Lessons Learned" {
                let parts = split_lessons(&text);
                for (slot, v) in [
                    &mut out.lessons_went_well,
                    &mut out.lessons_went_badly,
                    &mut out.lessons_got_lucky,
                    &mut out.lessons_additional,
                ]
                .into_iter()
                .zip(parts)
                {
                    *slot = clean_text("Lessons Learned", &v)?;
                }
            } else {
                let slot = match i {
                    0 => &mut out.summary,
                    1 => &mut out.impact,
                    2 => &mut out.timeline,
                    3 => &mut out.related_incidents,
                    4 => &mut out.root_cause_analysis,
                    6 => &mut out.action_items,
                    _ => &mut out.appendix,
                };
                *slot = clean_text(TEMPLATE_HEADINGS[i], &text)?;
            }
            Ok::<(), Error>(())
        };
        for line in md.lines() {
            if line.trim_start().starts_with("```") {
                fenced = !fenced;
            }
            let heading = (!fenced)
                .then(|| line.strip_prefix("### "))
                .flatten()
                .and_then(|h| {
                    TEMPLATE_HEADINGS
                        .iter()
                        .position(|t| t.eq_ignore_ascii_case(h.trim()))
                });
            if let Some(i) = heading {
                flush(current, &mut buf, &mut out)?;
                current = Some(i);
                continue;
            }
            if current.is_none() {
                let t = line.trim();
                if t.is_empty() || t.starts_with("# ") || t.starts_with("## ") {
                    continue;
                }
                return Err(bad(format!(
                    "text before the first section heading (### Summary, ### Impact, …): {t:?}"
                )));
            }
            buf.push(line);
        }
        if fenced {
            return Err(bad("a code fence (```) is not closed".into()));
        }
        flush(current, &mut buf, &mut out)?;
        Ok(out)
    }
}

/// The `###` headings of the Full Incident Report template, in order.
const TEMPLATE_HEADINGS: [&str; 8] = [
    "Summary",
    "Impact",
    "Timeline",
    "Related Incidents",
    "Root Cause Analysis",
    "Lessons Learned",
    "Action Items",
    "Appendix",
];

/// The bold field markers of Lessons Learned in the template, and the
/// other spellings accepted when reading (straight apostrophe; "Other" as
/// the field definitions name the last).
const LESSONS: [(&str, &[&str]); 4] = [
    ("What went well", &["what went well"]),
    (
        "What didn\u{2019}t go well",
        &["what didn\u{2019}t go well", "what didn't go well"],
    ),
    ("Where we got lucky", &["where we got lucky"]),
    ("Additional", &["additional", "other"]),
];

/// Splits the Lessons Learned text at its field markers (`- **What went
/// well:** …`); continuation lines lose up to two spaces of indentation.
fn split_lessons(text: &str) -> [String; 4] {
    let mut parts: [Vec<String>; 4] = Default::default();
    let mut current: Option<usize> = None;
    for line in text.lines() {
        let t = line.trim_start();
        let t = t.strip_prefix("- ").unwrap_or(t);
        let marker = t.strip_prefix("**").and_then(|rest| {
            let (name, after) = rest.split_once("**")?;
            let name = name.trim().trim_end_matches(':').trim();
            let after = after.strip_prefix(':').unwrap_or(after);
            let lower = name.to_lowercase();
            let i = LESSONS
                .iter()
                .position(|(_, names)| names.contains(&lower.as_str()))?;
            Some((i, after.trim()))
        });
        if let Some((i, rest)) = marker {
            current = Some(i);
            if !rest.is_empty() {
                parts[i].push(rest.to_owned());
            }
            continue;
        }
        if let Some(i) = current {
            let l = line.strip_prefix("  ").unwrap_or(line);
            parts[i].push(l.to_owned());
        }
    }
    parts.map(|p| p.join("\n"))
}

/// Checks and normalizes one text: line breaks to `\n`, surrounding
/// whitespace trimmed, at most [`MAX_TEXT`] characters; blank is `None`.
/// The text is otherwise kept exactly as given (escaping is the pages' job).
pub fn clean_text(what: &str, text: &str) -> Result<Option<String>> {
    let t = text.replace("\r\n", "\n").replace('\r', "\n");
    let t = t.trim();
    if t.chars().count() > MAX_TEXT {
        return Err(Error::BadInput {
            what: what.to_owned(),
            reason: format!("at most {MAX_TEXT} characters (attach large listings and cite them)"),
        });
    }
    if t.chars().any(|c| c.is_control() && c != '\n' && c != '\t') {
        return Err(Error::BadInput {
            what: what.to_owned(),
            reason: "control characters other than line breaks and tabs are not accepted".into(),
        });
    }
    Ok((!t.is_empty()).then(|| t.to_owned()))
}

/// One line of text (title, owner): 1 to [`MAX_LINE`] characters, no control characters.
pub(crate) fn clean_line(what: &str, text: &str) -> Result<String> {
    let t = text.trim();
    if t.is_empty() || t.chars().count() > MAX_LINE || t.chars().any(char::is_control) {
        return Err(Error::BadInput {
            what: what.to_owned(),
            reason: format!("1 to {MAX_LINE} characters on one line"),
        });
    }
    Ok(t.to_owned())
}

/// What a timeline entry records.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EntryKind {
    /// The report was filed.
    Filed,
    /// An update was posted.
    Update,
    /// The report was closed (the text is the closing summary).
    Closed,
}

impl EntryKind {
    /// The snake_case name, as stored.
    pub fn as_str(self) -> &'static str {
        match self {
            EntryKind::Filed => "filed",
            EntryKind::Update => "update",
            EntryKind::Closed => "closed",
        }
    }

    fn from_name(s: &str) -> Option<EntryKind> {
        [EntryKind::Filed, EntryKind::Update, EntryKind::Closed]
            .into_iter()
            .find(|k| k.as_str() == s)
    }
}

/// One entry of an incident's timeline.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct UpdateEntry {
    /// Position, from 0 (the filing).
    pub seq: i64,
    /// When, seconds since the epoch.
    pub at: i64,
    /// Account name.
    pub author: String,
    /// The author's role then.
    pub role: Role,
    /// Filing, update or closing.
    pub kind: EntryKind,
    /// The update's text (the closing summary for a closing; empty for a filing).
    pub text: String,
    /// The next-update date this entry set, `YYYY-MM-DD`.
    pub next_update: Option<String>,
    /// The sections this entry wrote or revised, by name ([`SECTIONS`]).
    pub revised: Vec<String>,
}

/// A sub-CA request an incident is linked to.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct LinkedRequest {
    /// The request's id.
    pub request_id: String,
    /// The request's owner.
    pub owner: String,
    /// The request's state now.
    pub state: State,
    /// When the link was made.
    pub linked_at: i64,
    /// Who made it.
    pub linked_by: String,
}

/// An incident with its report: the listed fields, the sections, who filed
/// and closed it, the closing summary, the timeline and linked requests.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct IncidentReport {
    /// The incident as listed (id, owner, title, link, opened, closed, status, next update).
    #[serde(flatten)]
    pub incident: Incident,
    /// The report's sections.
    pub sections: Sections,
    /// When it was filed here (`None` for incidents imported from Bugzilla).
    pub filed_at: Option<i64>,
    /// Who filed it.
    pub filed_by: Option<String>,
    /// When it was closed.
    pub closed_at: Option<i64>,
    /// Who closed it.
    pub closed_by: Option<String>,
    /// The closing summary ("Report Closure Summary": incident, root
    /// causes, remediation, commitments).
    pub closing_summary: Option<String>,
    /// Record version (changes carry it to detect lost updates).
    pub version: i64,
    /// Filing, updates and closing, oldest first.
    pub updates: Vec<UpdateEntry>,
    /// Linked sub-CA requests (all of them: see [`IncidentReport::visible_to`]).
    pub requests: Vec<LinkedRequest>,
}

impl IncidentReport {
    /// The report as `actor` may see it: links only to the requests the
    /// actor may see ([`workflow::may_see`]; never a draft of another owner).
    pub fn visible_to(mut self, actor: Option<&Actor>) -> IncidentReport {
        self.requests
            .retain(|l| workflow::may_see(actor, &l.owner, l.state));
        self
    }

    /// The whole report as the template's Markdown, with the closing
    /// summary when closed.
    pub fn to_markdown(&self) -> String {
        let i = &self.incident;
        let mut s = format!("# {}: {}\n\n", i.owner, i.title);
        s.push_str(&format!(
            "Incident {}, {}{}{}\n\n",
            i.id,
            i.status,
            i.opened
                .as_deref()
                .map(|d| format!(", opened {d}"))
                .unwrap_or_default(),
            match (i.is_open(), &i.next_update) {
                (true, Some(d)) => format!(", next update {d}"),
                _ => String::new(),
            }
        ));
        s.push_str(&self.sections.to_markdown());
        if let Some(c) = &self.closing_summary {
            s.push_str("\n### Report Closure Summary\n\n");
            s.push_str(c);
            s.push('\n');
        }
        s
    }
}

/// What filing an incident takes.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewIncident {
    /// An id of the caller's choosing (e.g. the Bugzilla bug number): 1 to
    /// 64 letters, digits, `.`, `_` or `-`; generated when absent.
    #[serde(default)]
    pub id: Option<String>,
    /// The CA owner; an owner member's own when absent.
    #[serde(default)]
    pub owner: Option<String>,
    /// Title (Bugzilla's summary line, after "CA Owner:").
    pub title: String,
    /// The Bugzilla bug, when there is one (`https://` only).
    #[serde(default)]
    pub link: Option<String>,
    /// Next update due, `YYYY-MM-DD`; 7 days on when absent.
    #[serde(default)]
    pub next_update: Option<String>,
    /// The report's sections; Summary is required.
    #[serde(default)]
    pub sections: Sections,
    /// Ids of sub-CA requests the incident concerns.
    #[serde(default)]
    pub requests: Vec<String>,
}

/// An update to an incident.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewUpdate {
    /// What happened since the last update (required).
    pub text: String,
    /// Next update due, `YYYY-MM-DD`; 7 days on when absent.
    #[serde(default)]
    pub next_update: Option<String>,
    /// Sections to replace (absent ones stay; an empty text clears one).
    #[serde(default)]
    pub sections: Sections,
    /// More sub-CA requests to link.
    #[serde(default)]
    pub requests: Vec<String>,
    /// The version the update was written against; refused when the
    /// incident changed since (`None`: no check).
    #[serde(default)]
    pub version: Option<i64>,
}

/// Closing an incident.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Closing {
    /// The closing summary (required): the incident, its root causes, the
    /// remediation and any ongoing commitments ("Report Closure Summary").
    pub summary: String,
    /// As [`NewUpdate::version`].
    #[serde(default)]
    pub version: Option<i64>,
}

/// Why an incident change was refused.
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum IncidentError {
    /// The actor may not change this owner's incidents.
    #[error(
        "{actor} may not {action} incidents of {owner}: only the root program and the owner's members do"
    )]
    Forbidden {
        /// The actor.
        actor: String,
        /// What was tried.
        action: &'static str,
        /// The incident's owner.
        owner: String,
    },
    /// The incident is closed.
    #[error("incident {0} is closed and takes no more changes")]
    Closed(String),
    /// The id is taken.
    #[error("an incident with id {0} exists")]
    Exists(String),
    /// Closing needs every section.
    #[error(
        "cannot close: sections not written yet: {}; write \"N/A\" where one does not apply",
        .0.join(", ")
    )]
    Incomplete(Vec<&'static str>),
}

/// Whether `actor` may file, update or close incidents of `owner`: the
/// program's managers and the owner's members.
pub fn may_change(actor: &Actor, owner: &str) -> bool {
    actor.role == Role::ProgramManager || workflow::is_member_of(actor, owner)
}

fn forbid(actor: &Actor, action: &'static str, owner: &str) -> Error {
    IncidentError::Forbidden {
        actor: actor.name.clone(),
        action,
        owner: owner.to_owned(),
    }
    .into()
}

fn corrupt(id: &str, reason: impl std::fmt::Display) -> Error {
    Error::Corrupt {
        what: format!("incident {id}"),
        reason: reason.to_string(),
    }
}

/// The next-update date: `given` (a `YYYY-MM-DD` date not before `today`,
/// a day number) or [`DEFAULT_UPDATE_DAYS`] on.
fn next_update_date(given: Option<&str>, today: i64) -> Result<String> {
    let Some(d) = given.map(str::trim).filter(|d| !d.is_empty()) else {
        return Ok(format_day(today + DEFAULT_UPDATE_DAYS));
    };
    let bad = |reason: String| Error::BadInput {
        what: "next update".into(),
        reason,
    };
    let day = parse_date(d)
        .filter(|_| d.len() == 10)
        .ok_or_else(|| bad(format!("{d:?} is not a date (YYYY-MM-DD)")))?;
    if day < today {
        return Err(bad(format!(
            "{d} is in the past (today is {})",
            format_day(today)
        )));
    }
    Ok(format_day(day))
}

fn valid_id(id: &str) -> Result<String> {
    let id = id.trim();
    let ok = !id.is_empty()
        && id.len() <= 64
        && id != "new"
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-'));
    if ok {
        Ok(id.to_owned())
    } else {
        Err(Error::BadInput {
            what: format!("incident id {id:?}"),
            reason: "1 to 64 letters, digits, '.', '_' or '-' (and not \"new\")".into(),
        })
    }
}

fn valid_link(link: Option<&str>) -> Result<Option<String>> {
    let Some(l) = link.map(str::trim).filter(|l| !l.is_empty()) else {
        return Ok(None);
    };
    if !l.starts_with("https://")
        || l.chars().count() > 2000
        || l.chars().any(|c| c.is_whitespace() || c.is_control())
    {
        return Err(Error::BadInput {
            what: "link".into(),
            reason: "an https:// URL without spaces, at most 2000 characters".into(),
        });
    }
    Ok(Some(l.to_owned()))
}

const REPORT_COLS: &str = "id, owner, title, link, opened, closed, status, next_update, \
    summary, impact, timeline, related_incidents, root_cause_analysis, lessons_went_well, \
    lessons_went_badly, lessons_got_lucky, lessons_additional, action_items, appendix, \
    filed_at, filed_by, closed_at, closed_by, closing_summary, version";

/// The incident row, with its sections (no timeline, no links).
async fn load_row(conn: &mut sqlx::AnyConnection, id: &str) -> Result<IncidentReport> {
    let sql = format!("SELECT {REPORT_COLS} FROM incidents WHERE id = $1");
    let r = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(id.to_owned())
        .fetch_optional(&mut *conn)
        .await?
        .ok_or_else(|| Error::NotFound(format!("incident {id}")))?;
    let mut sections = Sections::default();
    for (i, slot) in sections.values_mut().into_iter().enumerate() {
        *slot = r.try_get(8 + i)?;
    }
    Ok(IncidentReport {
        // REPORT_COLS starts with the incident's eight columns.
        incident: store::incident_of(&r)?,
        sections,
        filed_at: r.try_get(19)?,
        filed_by: r.try_get(20)?,
        closed_at: r.try_get(21)?,
        closed_by: r.try_get(22)?,
        closing_summary: r.try_get(23)?,
        version: r.try_get(24)?,
        updates: Vec::new(),
        requests: Vec::new(),
    })
}

async fn load_report(conn: &mut sqlx::AnyConnection, id: &str) -> Result<IncidentReport> {
    let mut rep = load_row(conn, id).await?;
    let rows = sqlx::query(
        "SELECT seq, at, author, role, kind, body, next_update, revised FROM incident_updates \
         WHERE incident_id = $1 ORDER BY seq",
    )
    .bind(id.to_owned())
    .fetch_all(&mut *conn)
    .await?;
    rep.updates = rows
        .iter()
        .map(|r| {
            let role: String = r.try_get(3)?;
            let kind: String = r.try_get(4)?;
            let revised: String = r.try_get(7)?;
            Ok(UpdateEntry {
                seq: r.try_get(0)?,
                at: r.try_get(1)?,
                author: r.try_get(2)?,
                role: role_from_name(&role)
                    .ok_or_else(|| corrupt(id, format!("unknown role {role:?}")))?,
                kind: EntryKind::from_name(&kind)
                    .ok_or_else(|| corrupt(id, format!("unknown entry kind {kind:?}")))?,
                text: r.try_get(5)?,
                next_update: r.try_get(6)?,
                revised: serde_json::from_str(&revised).map_err(|e| corrupt(id, e))?,
            })
        })
        .collect::<Result<_>>()?;
    let rows = sqlx::query(
        "SELECT l.request_id, r.owner, r.state, l.linked_at, l.linked_by \
         FROM incident_requests l JOIN requests r ON r.id = l.request_id \
         WHERE l.incident_id = $1 ORDER BY l.linked_at, l.request_id",
    )
    .bind(id.to_owned())
    .fetch_all(&mut *conn)
    .await?;
    rep.requests = rows
        .iter()
        .map(|r| {
            let state: String = r.try_get(2)?;
            Ok(LinkedRequest {
                request_id: r.try_get(0)?,
                owner: r.try_get(1)?,
                state: State::from_name(&state)
                    .ok_or_else(|| corrupt(id, format!("unknown request state {state:?}")))?,
                linked_at: r.try_get(3)?,
                linked_by: r.try_get(4)?,
            })
        })
        .collect::<Result<_>>()?;
    Ok(rep)
}

/// Links `requests` to the incident, each one the actor may see (others
/// are answered as absent, so a draft's existence does not leak).
async fn link_requests(
    conn: &mut sqlx::AnyConnection,
    id: &str,
    actor: &Actor,
    requests: &[String],
    now: i64,
) -> Result<()> {
    let mut ids: Vec<&str> = requests
        .iter()
        .map(|r| r.trim())
        .filter(|r| !r.is_empty())
        .collect();
    ids.sort_unstable();
    ids.dedup();
    if ids.len() > MAX_LINKS {
        return Err(Error::BadInput {
            what: "requests".into(),
            reason: format!("at most {MAX_LINKS} links at once"),
        });
    }
    for rid in ids {
        let row = sqlx::query("SELECT owner, state FROM requests WHERE id = $1")
            .bind(rid.to_owned())
            .fetch_optional(&mut *conn)
            .await?;
        let visible = match &row {
            Some(r) => {
                let owner: String = r.try_get(0)?;
                let state: String = r.try_get(1)?;
                State::from_name(&state).is_some_and(|s| workflow::may_see(Some(actor), &owner, s))
            }
            None => false,
        };
        if !visible {
            return Err(Error::NotFound(format!("request {rid}")));
        }
        sqlx::query(
            "INSERT INTO incident_requests (incident_id, request_id, linked_at, linked_by) \
             VALUES ($1, $2, $3, $4) ON CONFLICT (incident_id, request_id) DO NOTHING",
        )
        .bind(id.to_owned())
        .bind(rid.to_owned())
        .bind(now)
        .bind(actor.name.clone())
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

#[allow(clippy::too_many_arguments)]
async fn append_entry(
    conn: &mut sqlx::AnyConnection,
    id: &str,
    actor: &Actor,
    kind: EntryKind,
    text: &str,
    next_update: Option<&str>,
    revised: &[&str],
    now: i64,
) -> Result<()> {
    let seq: i64 = sqlx::query("SELECT COUNT(*) FROM incident_updates WHERE incident_id = $1")
        .bind(id.to_owned())
        .fetch_one(&mut *conn)
        .await?
        .try_get(0)?;
    let revised = serde_json::to_string(revised).map_err(|e| corrupt(id, e))?;
    sqlx::query(
        "INSERT INTO incident_updates (incident_id, seq, at, author, role, kind, body, next_update, revised) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(id.to_owned())
    .bind(seq)
    .bind(now)
    .bind(actor.name.clone())
    .bind(role_name(actor.role))
    .bind(kind.as_str())
    .bind(text.to_owned())
    .bind(next_update.map(str::to_owned))
    .bind(revised)
    .execute(conn)
    .await?;
    Ok(())
}

/// The store fields of the sections.
fn section_fields(s: &Sections) -> Vec<store::Field> {
    SECTIONS
        .iter()
        .zip(s.values())
        .map(|((name, _), v)| f(name, Val::opt(v.clone())))
        .collect()
}

impl Registry {
    /// Files an incident report for `actor` (see the module documentation
    /// for who may and what it needs); returns it as stored.
    pub async fn file_incident(
        &self,
        actor: &Actor,
        new: &NewIncident,
        clock: &dyn Clock,
    ) -> Result<IncidentReport> {
        let owner = match (&new.owner, actor.role, &actor.owner) {
            (Some(o), _, _) => clean_line("owner", o)?,
            (None, Role::OwnerMember, Some(o)) => o.clone(),
            (None, _, _) => {
                return Err(Error::BadInput {
                    what: "owner".into(),
                    reason: "name the CA owner the incident concerns".into(),
                });
            }
        };
        if !may_change(actor, &owner) {
            return Err(forbid(actor, "file", &owner));
        }
        let title = clean_line("title", &new.title)?;
        let link = valid_link(new.link.as_deref())?;
        let now = clock.now();
        let today = now.div_euclid(DAY);
        let next_update = next_update_date(new.next_update.as_deref(), today)?;
        let mut sections = Sections::default();
        let written = sections.revise(&new.sections)?;
        if sections.summary.is_none() {
            return Err(Error::BadInput {
                what: "Summary".into(),
                reason: "a report starts with its Summary (the Preliminary Incident Report)".into(),
            });
        }
        let mut tx = self.pool.begin().await?;
        let id = match &new.id {
            Some(id) => valid_id(id)?,
            None => {
                let n: i64 = sqlx::query("SELECT COUNT(*) FROM incidents")
                    .fetch_one(&mut *tx)
                    .await?
                    .try_get(0)?;
                format!(
                    "I{}-{}",
                    n + 1,
                    &derive_id(&[&owner, &actor.name, &now.to_string(), &title])[..8]
                )
            }
        };
        let exists: i64 = sqlx::query("SELECT COUNT(*) FROM incidents WHERE id = $1")
            .bind(id.clone())
            .fetch_one(&mut *tx)
            .await?
            .try_get(0)?;
        if exists > 0 {
            return Err(IncidentError::Exists(id).into());
        }
        let mut fields = vec![
            f("owner", Val::text(&owner)),
            f("title", Val::text(&title)),
            f("link", Val::opt(link)),
            f("opened", Val::text(format_date(now))),
            f("closed", Val::Text(None)),
            f("status", Val::text("open")),
            f("next_update", Val::text(&next_update)),
        ];
        fields.extend(section_fields(&sections));
        fields.extend([
            f("filed_at", Val::int(now)),
            f("filed_by", Val::text(&actor.name)),
            f("closed_at", Val::Int(None)),
            f("closed_by", Val::Text(None)),
            f("closing_summary", Val::Text(None)),
        ]);
        store::put(
            &mut tx,
            &store::INCIDENT,
            &id,
            &fields,
            &format!("incident filed by {}", actor.name),
            now,
        )
        .await?;
        append_entry(
            &mut tx,
            &id,
            actor,
            EntryKind::Filed,
            "",
            Some(&next_update),
            &written,
            now,
        )
        .await?;
        link_requests(&mut tx, &id, actor, &new.requests, now).await?;
        tx.commit().await?;
        self.incident_report(&id).await
    }

    /// One incident with its sections, timeline and every linked request
    /// (filter with [`IncidentReport::visible_to`] before showing it).
    pub async fn incident_report(&self, id: &str) -> Result<IncidentReport> {
        let mut conn = self.pool.acquire().await?;
        load_report(&mut conn, id).await
    }

    /// Opens a transaction holding the incident's row (other changes to it
    /// wait until this one commits) and loads the incident, for a change
    /// (`verb`) that `actor` may make, to an open incident, at `version`
    /// when the caller names the version it saw.
    async fn lock_incident(
        &self,
        id: &str,
        actor: &Actor,
        verb: &'static str,
        version: Option<i64>,
    ) -> Result<(sqlx::Transaction<'static, sqlx::Any>, IncidentReport)> {
        let mut tx = self.pool.begin().await?;
        let locked = sqlx::query("UPDATE incidents SET version = version WHERE id = $1")
            .bind(id.to_owned())
            .execute(&mut *tx)
            .await?;
        if locked.rows_affected() == 0 {
            return Err(Error::NotFound(format!("incident {id}")));
        }
        let rep = load_row(&mut tx, id).await?;
        let i = &rep.incident;
        if !may_change(actor, &i.owner) {
            return Err(forbid(actor, verb, &i.owner));
        }
        if !i.is_open() {
            return Err(IncidentError::Closed(i.id.clone()).into());
        }
        if version.is_some_and(|v| v != rep.version) {
            return Err(Error::Conflict(format!("incident {id}")));
        }
        Ok((tx, rep))
    }

    /// Posts an update to an open incident: records the text, who and
    /// when, revises the sections given, links the requests given and sets
    /// the next-update date.
    pub async fn update_incident(
        &self,
        id: &str,
        actor: &Actor,
        upd: &NewUpdate,
        clock: &dyn Clock,
    ) -> Result<IncidentReport> {
        let (mut tx, cur) = self.lock_incident(id, actor, "update", upd.version).await?;
        let text = clean_text("update", &upd.text)?.ok_or_else(|| Error::BadInput {
            what: "update".into(),
            reason: "an update says what happened since the last one".into(),
        })?;
        let now = clock.now();
        let next_update = next_update_date(upd.next_update.as_deref(), now.div_euclid(DAY))?;
        let mut sections = cur.sections.clone();
        let revised = sections.revise(&upd.sections)?;
        let mut fields = vec![f("next_update", Val::text(&next_update))];
        fields.extend(section_fields(&sections));
        store::put(
            &mut tx,
            &store::INCIDENT,
            id,
            &fields,
            &format!("incident update by {}", actor.name),
            now,
        )
        .await?;
        append_entry(
            &mut tx,
            id,
            actor,
            EntryKind::Update,
            &text,
            Some(&next_update),
            &revised,
            now,
        )
        .await?;
        link_requests(&mut tx, id, actor, &upd.requests, now).await?;
        tx.commit().await?;
        self.incident_report(id).await
    }

    /// Closes an open incident with its closing summary, once every
    /// section is written; records who and when.
    pub async fn close_incident(
        &self,
        id: &str,
        actor: &Actor,
        closing: &Closing,
        clock: &dyn Clock,
    ) -> Result<IncidentReport> {
        let (mut tx, cur) = self
            .lock_incident(id, actor, "close", closing.version)
            .await?;
        let summary =
            clean_text("closing summary", &closing.summary)?.ok_or_else(|| Error::BadInput {
                what: "closing summary".into(),
                reason: "closing needs a summary of the incident, its root causes, the remediation and any commitments".into(),
            })?;
        let missing = cur.sections.missing();
        if !missing.is_empty() {
            return Err(IncidentError::Incomplete(missing).into());
        }
        let now = clock.now();
        store::put(
            &mut tx,
            &store::INCIDENT,
            id,
            &[
                f("status", Val::text("closed")),
                f("closed", Val::text(format_date(now))),
                f("closed_at", Val::int(now)),
                f("closed_by", Val::text(&actor.name)),
                f("closing_summary", Val::text(&summary)),
            ],
            &format!("incident closed by {}", actor.name),
            now,
        )
        .await?;
        append_entry(
            &mut tx,
            id,
            actor,
            EntryKind::Closed,
            &summary,
            None,
            &[],
            now,
        )
        .await?;
        tx.commit().await?;
        self.incident_report(id).await
    }

    /// The incidents linked to a sub-CA request, by id. (Incidents are
    /// public; whether the request may be shown is the caller's check.)
    pub async fn incidents_of_request(&self, request_id: &str) -> Result<Vec<Incident>> {
        let rows = sqlx::query(
            "SELECT i.id, i.owner, i.title, i.link, i.opened, i.closed, i.status, i.next_update \
             FROM incident_requests l JOIN incidents i ON i.id = l.incident_id \
             WHERE l.request_id = $1 ORDER BY i.id",
        )
        .bind(request_id.to_owned())
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(store::incident_of).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn full() -> Sections {
        Sections {
            summary: Some("- **Incident description:** CPS not updated <b>".into()),
            impact: Some("N/A".into()),
            timeline: Some("2025-01-01 00:00 UTC: found".into()),
            related_incidents: Some("| Bug | Date | Description |\n|---|---|---|".into()),
            root_cause_analysis: Some(
                "**Contributing Factor 1: calendar**\n- **Description:** x".into(),
            ),
            lessons_went_well: Some("Detected by our own check".into()),
            lessons_went_badly: Some("- no reminder\n- one owner".into()),
            lessons_got_lucky: Some("N/A".into()),
            lessons_additional: Some("N/A".into()),
            action_items: Some("| Action Item | Kind |\n|---|---|\n| reminders | Prevent |".into()),
            appendix: Some("```\n### not a heading\n```".into()),
        }
    }

    #[test]
    fn markdown_round_trips_through_the_template() {
        let s = full();
        let md = s.to_markdown();
        assert!(md.contains("\n### Root Cause Analysis\n"), "{md}");
        assert!(
            md.contains("- **What went well:** Detected by our own check\n"),
            "{md}"
        );
        assert!(
            md.contains("- **What didn\u{2019}t go well:**\n  - no reminder\n  - one owner\n"),
            "{md}"
        );
        assert_eq!(Sections::from_markdown(&md).unwrap(), s);
    }

    #[test]
    fn markdown_reading_accepts_other_spellings_and_refuses_stray_text() {
        let md = "## Full Incident Report\r\n\r\n### summary\r\nS\r\n### Lessons Learned\n- **What didn't go well:** late\n- **Other:** more\n### Unknown\nkept\n";
        let s = Sections::from_markdown(md).unwrap();
        assert_eq!(s.summary.as_deref(), Some("S"));
        assert_eq!(s.lessons_went_badly.as_deref(), Some("late"));
        assert_eq!(
            s.lessons_additional.as_deref(),
            Some("more\n### Unknown\nkept")
        );
        assert!(Sections::from_markdown("hello\n### Summary\nx").is_err());
        assert!(Sections::from_markdown("### Appendix\n```\nopen").is_err());
    }

    #[test]
    fn missing_names_the_headings_and_revise_reports_changes() {
        let mut s = Sections::default();
        assert_eq!(s.missing().len(), 11);
        let changed = s
            .revise(&Sections {
                summary: Some(" a\r\nb ".into()),
                ..Sections::default()
            })
            .unwrap();
        assert_eq!(changed, vec!["summary"]);
        assert_eq!(s.summary.as_deref(), Some("a\nb"));
        let again = s
            .revise(&Sections {
                summary: Some("a\nb".into()),
                impact: Some("  ".into()),
                ..Sections::default()
            })
            .unwrap();
        assert!(again.is_empty(), "{again:?}");
        assert!(!s.missing().contains(&"Summary"));
        assert!(s.missing().contains(&"Lessons Learned: Where we got lucky"));
    }

    #[test]
    fn next_update_defaults_to_seven_days_and_refuses_the_past() {
        let today = parse_date("2025-01-10").unwrap();
        assert_eq!(next_update_date(None, today).unwrap(), "2025-01-17");
        assert_eq!(
            next_update_date(Some("2025-01-10"), today).unwrap(),
            "2025-01-10"
        );
        assert!(next_update_date(Some("2025-01-09"), today).is_err());
        assert!(next_update_date(Some("soon"), today).is_err());
        assert!(next_update_date(Some("2025-01-10T00:00:00Z"), today).is_err());
    }

    #[test]
    fn ids_and_links_are_checked() {
        assert_eq!(valid_id(" 1934567 ").unwrap(), "1934567");
        assert!(valid_id("new").is_err());
        assert!(valid_id("a/b").is_err());
        assert!(valid_id("").is_err());
        assert!(valid_link(Some("javascript:alert(1)")).is_err());
        assert!(valid_link(Some("https://x y")).is_err());
        assert_eq!(valid_link(Some("  ")).unwrap(), None);
    }
}
