//! The request workflow for a new externally operated subordinate CA
//! (Mozilla Root Store Policy 8.4 and the program's process for
//! non-technically-constrained subordinate CAs), as pure logic: a request's
//! state, the guarded transitions between states, and the timeline they
//! leave. Storage is elsewhere; time is passed in.
//!
//! ```text
//! Draft -> Submitted -> RootOperatorReview -> ProgramReview -> PublicDiscussion
//!       -> Approved -> Registered -> KeyGenerationReportReceived -> Complete
//!                                  \-> Denied (from ProgramReview or PublicDiscussion)
//! any state before a final one -> Withdrawn (by the filing owner)
//! ```

use serde::{Deserialize, Serialize};

use crate::DAY;
use crate::link::normalize_hex;

/// Default length of a public discussion: three weeks (the case's ran
/// 2024-12-18 to 2025-01-10).
pub const DEFAULT_DISCUSSION: i64 = 21 * DAY;

/// Where a request is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum State {
    /// Being written by the root operator; visible to its members only.
    Draft,
    /// Filed; the root operator's review comes next.
    Submitted,
    /// The root operator reviews the sub-CA operator's policies and audits.
    RootOperatorReview,
    /// The root program reviews the request.
    ProgramReview,
    /// Open for public comment until its planned end.
    PublicDiscussion,
    /// Approved by the program, citing a policy section.
    Approved,
    /// Denied by the program, citing a policy section (final).
    Denied,
    /// The sub-CA certificate is registered with its fingerprint.
    Registered,
    /// The auditor's key generation report for the sub-CA key is attached.
    KeyGenerationReportReceived,
    /// Done (final).
    Complete,
    /// Withdrawn by the filer (final).
    Withdrawn,
}

impl State {
    /// The snake_case name, as stored.
    pub fn as_str(self) -> &'static str {
        match self {
            State::Draft => "draft",
            State::Submitted => "submitted",
            State::RootOperatorReview => "root_operator_review",
            State::ProgramReview => "program_review",
            State::PublicDiscussion => "public_discussion",
            State::Approved => "approved",
            State::Denied => "denied",
            State::Registered => "registered",
            State::KeyGenerationReportReceived => "key_generation_report_received",
            State::Complete => "complete",
            State::Withdrawn => "withdrawn",
        }
    }

    /// Parses [`State::as_str`].
    pub fn from_name(s: &str) -> Option<State> {
        ALL_STATES.into_iter().find(|st| st.as_str() == s)
    }

    /// No transition leaves this state.
    pub fn is_final(self) -> bool {
        matches!(self, State::Denied | State::Complete | State::Withdrawn)
    }
}

/// Every state, in workflow order.
pub const ALL_STATES: [State; 11] = [
    State::Draft,
    State::Submitted,
    State::RootOperatorReview,
    State::ProgramReview,
    State::PublicDiscussion,
    State::Approved,
    State::Denied,
    State::Registered,
    State::KeyGenerationReportReceived,
    State::Complete,
    State::Withdrawn,
];

/// What an actor is, for this request.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// The root program's manager: may do everything the program does.
    ProgramManager,
    /// A member of a CA owner (may act on that owner's requests only).
    OwnerMember,
    /// An auditor.
    Auditor,
    /// Anyone else.
    Public,
}

/// Who acts.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Actor {
    /// Account name.
    pub name: String,
    /// Role.
    pub role: Role,
    /// The CA owner the actor belongs to (for owner members).
    pub owner: Option<String>,
}

/// The nine items of a request (DESIGN.md, "The case"), each optional while
/// the request is a draft; [`Items::missing`] says which are still needed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Items {
    /// 1. The sub-CA operator's full legal name.
    pub operator_legal_name: Option<String>,
    /// 2. The sub-CA operator's website.
    pub operator_website: Option<String>,
    /// 3. Hierarchy: the root's SHA-256.
    pub root_sha256: Option<String>,
    /// 3. Hierarchy: existing sub-CAs' SHA-256 (may be empty).
    #[serde(default)]
    pub existing_subca_sha256: Vec<String>,
    /// 3. Hierarchy: the new sub-CA's name.
    pub new_subca_name: Option<String>,
    /// 4. Certificate profile: SHA-256 of the uploaded sub-CA certificate.
    pub certificate_sha256: Option<String>,
    /// 5. CP/CPS: URL, version and effective date.
    pub cp_cps: Option<DocumentRef>,
    /// 6. Audit statements (URLs or registry audit ids).
    #[serde(default)]
    pub audits: Vec<String>,
    /// 7. The sub-CA operator's self-assessment: file SHA-256, date, template version.
    pub self_assessment: Option<SelfAssessment>,
    /// 8. The root operator's review of the sub-CA operator's policies and audits.
    pub root_operator_review: Option<String>,
    /// 9. Why the sub-CA is needed.
    pub value_justification: Option<String>,
    /// Related incidents (Bugzilla or registry ids); `Some(vec![])` states there are none.
    pub incidents: Option<Vec<String>>,
}

/// A policy document reference.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DocumentRef {
    /// Where it is published.
    pub url: String,
    /// Its version.
    pub version: String,
    /// Effective date, `YYYY-MM-DD`.
    pub date: String,
}

/// A compliance self-assessment.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SelfAssessment {
    /// SHA-256 of the stored file.
    pub file_sha256: String,
    /// Date, `YYYY-MM-DD`.
    pub date: String,
    /// Version of the program's template it follows.
    pub template_version: String,
}

fn blank(s: &Option<String>) -> bool {
    s.as_deref().is_none_or(|s| s.trim().is_empty())
}

impl Items {
    /// The items still missing, by name, in order. Submission needs all but
    /// the root operator's review, which is its own step.
    pub fn missing(&self) -> Vec<&'static str> {
        let mut m = Vec::new();
        if blank(&self.operator_legal_name) {
            m.push("operator legal name");
        }
        if blank(&self.operator_website) {
            m.push("operator website");
        }
        if blank(&self.root_sha256) || blank(&self.new_subca_name) {
            m.push("hierarchy (root and new sub-CA name)");
        }
        if blank(&self.certificate_sha256) {
            m.push("certificate profile (the sub-CA certificate)");
        }
        if self.cp_cps.is_none() {
            m.push("CP/CPS");
        }
        if self.audits.is_empty() {
            m.push("audit statements");
        }
        if self.self_assessment.is_none() {
            m.push("self-assessment");
        }
        if blank(&self.value_justification) {
            m.push("value justification");
        }
        if self.incidents.is_none() {
            m.push("related incidents (an empty list if there are none)");
        }
        m
    }
}

/// One step of the timeline.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Event {
    /// When, seconds since the epoch.
    pub at: i64,
    /// Who.
    pub actor: String,
    /// In which role.
    pub role: Role,
    /// What was done ([`Action::name`]).
    pub action: String,
    /// State before.
    pub from: State,
    /// State after.
    pub to: State,
    /// Why, in the actor's words.
    pub reason: String,
}

/// A request for a new externally operated subordinate CA.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Request {
    /// Identifier.
    pub id: String,
    /// The filing CA owner (the root operator).
    pub owner: String,
    /// The account that filed it.
    pub filer: String,
    /// Current state.
    pub state: State,
    /// The nine items.
    pub items: Items,
    /// Public discussion start, seconds since the epoch.
    pub discussion_start: Option<i64>,
    /// Public discussion planned end; the discussion cannot close before it.
    pub discussion_end: Option<i64>,
    /// The policy section cited by the approval or denial.
    pub decision_section: Option<String>,
    /// The fingerprint entered at registration (equal to the certificate's).
    pub registered_sha256: Option<String>,
    /// SHA-256 of the attached key generation report.
    pub key_generation_report_sha256: Option<String>,
    /// Every transition, oldest first.
    pub timeline: Vec<Event>,
}

/// What an actor asks to do.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "action", rename_all = "snake_case", deny_unknown_fields)]
pub enum Action {
    /// Draft -> Submitted (owner member; every item but the root operator's review present).
    Submit,
    /// Submitted -> RootOperatorReview (owner member).
    BeginRootOperatorReview,
    /// RootOperatorReview -> ProgramReview (owner member; review results present).
    ForwardToProgram,
    /// ProgramReview -> PublicDiscussion (program manager); `planned_end`
    /// defaults to three weeks from now.
    OpenDiscussion {
        /// Planned end, seconds since the epoch.
        #[serde(default)]
        planned_end: Option<i64>,
    },
    /// PublicDiscussion -> Approved (program manager; not before the planned end).
    Approve {
        /// The policy section the approval rests on, e.g. "MRSP 8.4".
        section: String,
    },
    /// ProgramReview or PublicDiscussion -> Denied (program manager; a
    /// discussion cannot be cut short, so not before its planned end).
    Deny {
        /// The policy section the denial rests on.
        section: String,
    },
    /// Approved -> Registered (owner member; the fingerprint must equal the certificate's).
    Register {
        /// The SHA-256 fingerprint entered.
        sha256: String,
    },
    /// Registered -> KeyGenerationReportReceived (owner member or program manager).
    AttachKeyGenerationReport {
        /// SHA-256 of the stored report.
        sha256: String,
    },
    /// KeyGenerationReportReceived -> Complete (program manager).
    Complete,
    /// Any non-final state -> Withdrawn (a member of the filing owner).
    Withdraw,
}

impl Action {
    /// The action's snake_case name, as recorded in the timeline.
    pub fn name(&self) -> &'static str {
        match self {
            Action::Submit => "submit",
            Action::BeginRootOperatorReview => "begin_root_operator_review",
            Action::ForwardToProgram => "forward_to_program",
            Action::OpenDiscussion { .. } => "open_discussion",
            Action::Approve { .. } => "approve",
            Action::Deny { .. } => "deny",
            Action::Register { .. } => "register",
            Action::AttachKeyGenerationReport { .. } => "attach_key_generation_report",
            Action::Complete => "complete",
            Action::Withdraw => "withdraw",
        }
    }
}

/// Why a transition was refused.
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TransitionError {
    /// The action does not apply in this state.
    #[error("cannot {action} a request in state {state}")]
    WrongState {
        /// The action.
        action: &'static str,
        /// The request's state.
        state: &'static str,
    },
    /// The actor may not do this.
    #[error("{actor} may not {action} this request: {why}")]
    Forbidden {
        /// The actor.
        actor: String,
        /// The action.
        action: &'static str,
        /// Which rule refuses it.
        why: &'static str,
    },
    /// A required item is missing.
    #[error("cannot submit: missing {}", .0.join(", "))]
    Incomplete(Vec<&'static str>),
    /// The public discussion has not reached its planned end.
    #[error("the public discussion runs until {until}; it cannot close early")]
    DiscussionOpen {
        /// Planned end, `YYYY-MM-DD`.
        until: String,
    },
    /// A value given with the action is not acceptable.
    #[error("{0}")]
    Invalid(String),
}

/// Whether `actor` is a member of the request's owner.
fn member(actor: &Actor, req: &Request) -> bool {
    is_member_of(actor, &req.owner)
}

/// Whether `actor` is a member of the CA owner `owner`.
pub fn is_member_of(actor: &Actor, owner: &str) -> bool {
    actor.role == Role::OwnerMember && actor.owner.as_deref() == Some(owner)
}

/// Whether the actor may read this request: program managers always;
/// the filing owner's members always; others once it has left the draft
/// state (public data), never a draft.
pub fn may_read(actor: Option<&Actor>, req: &Request) -> bool {
    may_see(actor, &req.owner, req.state)
}

/// [`may_read`] for a request known only by its owner and state (a listing).
pub fn may_see(actor: Option<&Actor>, owner: &str, state: State) -> bool {
    match actor {
        Some(a) if a.role == Role::ProgramManager || is_member_of(a, owner) => true,
        _ => state != State::Draft,
    }
}

/// Whether the actor may comment: program managers and the owner's members
/// while the request is open; anyone signed in during public discussion.
pub fn may_comment(actor: &Actor, req: &Request) -> bool {
    if req.state.is_final() || req.state == State::Draft && !member(actor, req) {
        return actor.role == Role::ProgramManager;
    }
    actor.role == Role::ProgramManager || member(actor, req) || req.state == State::PublicDiscussion
}

/// Applies `action` by `actor` at `now` with `reason`, returning the updated
/// request (the input is untouched when refused).
pub fn apply(
    req: &Request,
    actor: &Actor,
    action: &Action,
    reason: &str,
    now: i64,
) -> Result<Request, TransitionError> {
    use State::*;
    let name = action.name();
    let wrong = || TransitionError::WrongState {
        action: name,
        state: req.state.as_str(),
    };
    let forbid = |why: &'static str| TransitionError::Forbidden {
        actor: actor.name.clone(),
        action: name,
        why,
    };
    let pm = actor.role == Role::ProgramManager;
    let is_member = member(actor, req);
    if reason.trim().is_empty() {
        return Err(TransitionError::Invalid(
            "every transition needs a reason (who, when and why are recorded)".into(),
        ));
    }
    let mut next = req.clone();
    let to = match action {
        Action::Submit => {
            if req.state != Draft {
                return Err(wrong());
            }
            if !is_member {
                return Err(forbid(
                    "only the filing owner's members submit its requests",
                ));
            }
            let missing = req.items.missing();
            if !missing.is_empty() {
                return Err(TransitionError::Incomplete(missing));
            }
            Submitted
        }
        Action::BeginRootOperatorReview => {
            if req.state != Submitted {
                return Err(wrong());
            }
            if !is_member {
                return Err(forbid("the root operator reviews its own request"));
            }
            RootOperatorReview
        }
        Action::ForwardToProgram => {
            if req.state != RootOperatorReview {
                return Err(wrong());
            }
            if !is_member {
                return Err(forbid("the root operator forwards its own request"));
            }
            if blank(&req.items.root_operator_review) {
                return Err(TransitionError::Incomplete(vec![
                    "root operator's review results",
                ]));
            }
            ProgramReview
        }
        Action::OpenDiscussion { planned_end } => {
            if req.state != ProgramReview {
                return Err(wrong());
            }
            if !pm {
                return Err(forbid("only the root program opens a public discussion"));
            }
            let end = planned_end.unwrap_or(now + DEFAULT_DISCUSSION);
            if end <= now {
                return Err(TransitionError::Invalid(format!(
                    "the planned end {} is not after the start {}",
                    crate::format_date(end),
                    crate::format_date(now)
                )));
            }
            next.discussion_start = Some(now);
            next.discussion_end = Some(end);
            PublicDiscussion
        }
        Action::Approve { section } | Action::Deny { section } => {
            let approve = matches!(action, Action::Approve { .. });
            let allowed = if approve {
                req.state == PublicDiscussion
            } else {
                matches!(req.state, ProgramReview | PublicDiscussion)
            };
            if !allowed {
                return Err(wrong());
            }
            if !pm {
                return Err(forbid("only the root program decides"));
            }
            if req.state == PublicDiscussion {
                let end = req.discussion_end.unwrap_or(i64::MAX);
                if now < end {
                    return Err(TransitionError::DiscussionOpen {
                        until: crate::format_date(end),
                    });
                }
            }
            if section.trim().is_empty() {
                return Err(TransitionError::Invalid(
                    "a decision cites the policy section it rests on (e.g. \"MRSP 8.4\")".into(),
                ));
            }
            next.decision_section = Some(section.trim().to_owned());
            if approve { Approved } else { Denied }
        }
        Action::Register { sha256 } => {
            if req.state != Approved {
                return Err(wrong());
            }
            if !is_member {
                return Err(forbid("the root operator registers its sub-CA"));
            }
            let entered = normalize_hex(sha256)
                .filter(|h| h.len() == 64)
                .ok_or_else(|| {
                    TransitionError::Invalid(format!(
                        "\"{sha256}\" is not a SHA-256 fingerprint (64 hex digits)"
                    ))
                })?;
            let expected = req
                .items
                .certificate_sha256
                .as_deref()
                .and_then(normalize_hex)
                .unwrap_or_default();
            if entered != expected {
                return Err(TransitionError::Invalid(format!(
                    "the fingerprint entered, {entered}, is not the sub-CA certificate's, {expected}"
                )));
            }
            next.registered_sha256 = Some(entered);
            Registered
        }
        Action::AttachKeyGenerationReport { sha256 } => {
            if req.state != Registered {
                return Err(wrong());
            }
            if !(is_member || pm) {
                return Err(forbid(
                    "the root operator or the program attaches the report",
                ));
            }
            let h = normalize_hex(sha256)
                .filter(|h| h.len() == 64)
                .ok_or_else(|| {
                    TransitionError::Invalid(format!(
                        "\"{sha256}\" is not the SHA-256 of a stored file"
                    ))
                })?;
            next.key_generation_report_sha256 = Some(h);
            KeyGenerationReportReceived
        }
        Action::Complete => {
            if req.state != KeyGenerationReportReceived {
                return Err(wrong());
            }
            if !pm {
                return Err(forbid("only the root program completes a request"));
            }
            Complete
        }
        Action::Withdraw => {
            if req.state.is_final() {
                return Err(wrong());
            }
            if !is_member {
                return Err(forbid("only the filing owner withdraws its request"));
            }
            Withdrawn
        }
    };
    next.state = to;
    next.timeline.push(Event {
        at: now,
        actor: actor.name.clone(),
        role: actor.role,
        action: name.to_owned(),
        from: req.state,
        to,
        reason: reason.trim().to_owned(),
    });
    Ok(next)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn member_of(owner: &str) -> Actor {
        Actor {
            name: format!("alice@{owner}"),
            role: Role::OwnerMember,
            owner: Some(owner.into()),
        }
    }

    fn pm() -> Actor {
        Actor {
            name: "ben".into(),
            role: Role::ProgramManager,
            owner: None,
        }
    }

    fn draft() -> Request {
        Request {
            id: "r1".into(),
            owner: "SECOM".into(),
            filer: "alice@SECOM".into(),
            state: State::Draft,
            items: Items::default(),
            discussion_start: None,
            discussion_end: None,
            decision_section: None,
            registered_sha256: None,
            key_generation_report_sha256: None,
            timeline: Vec::new(),
        }
    }

    #[test]
    fn state_names_round_trip() {
        for s in ALL_STATES {
            assert_eq!(State::from_name(s.as_str()), Some(s));
        }
        assert_eq!(State::from_name("nope"), None);
    }

    #[test]
    fn incomplete_draft_is_not_submitted_and_names_what_is_missing() {
        let e = apply(&draft(), &member_of("SECOM"), &Action::Submit, "ready", 0).unwrap_err();
        let TransitionError::Incomplete(m) = e else {
            panic!("{e:?}")
        };
        assert_eq!(m.len(), 9, "{m:?}");
        assert!(m.contains(&"value justification"));
    }

    #[test]
    fn no_reason_no_transition() {
        let e = apply(&draft(), &member_of("SECOM"), &Action::Withdraw, "  ", 0).unwrap_err();
        assert!(matches!(e, TransitionError::Invalid(_)));
    }

    #[test]
    fn withdraw_only_by_the_filing_owner_and_not_after_the_end() {
        let other = member_of("Other CA");
        let e = apply(&draft(), &other, &Action::Withdraw, "x", 0).unwrap_err();
        assert!(matches!(e, TransitionError::Forbidden { .. }), "{e:?}");
        let e = apply(&draft(), &pm(), &Action::Withdraw, "x", 0).unwrap_err();
        assert!(matches!(e, TransitionError::Forbidden { .. }), "{e:?}");
        let w = apply(
            &draft(),
            &member_of("SECOM"),
            &Action::Withdraw,
            "not needed",
            5,
        )
        .unwrap();
        assert_eq!(w.state, State::Withdrawn);
        assert_eq!(w.timeline.len(), 1);
        let e = apply(&w, &member_of("SECOM"), &Action::Withdraw, "again", 6).unwrap_err();
        assert!(matches!(e, TransitionError::WrongState { .. }));
    }

    #[test]
    fn drafts_are_private() {
        let d = draft();
        assert!(!may_read(None, &d));
        assert!(!may_read(Some(&member_of("Other CA")), &d));
        assert!(may_read(Some(&member_of("SECOM")), &d));
        assert!(may_read(Some(&pm()), &d));
        let mut s = d.clone();
        s.state = State::PublicDiscussion;
        assert!(may_read(None, &s));
        let public = Actor {
            name: "p".into(),
            role: Role::Public,
            owner: None,
        };
        assert!(may_comment(&public, &s));
        s.state = State::ProgramReview;
        assert!(!may_comment(&public, &s));
        assert!(!may_comment(&member_of("Other CA"), &s));
    }
}
