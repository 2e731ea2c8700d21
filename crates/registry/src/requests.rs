//! Storage of sub-CA requests ([`crate::workflow`]): create, read, list,
//! edit the items, apply a transition. Each change runs in one transaction
//! and checks the version it read, so two concurrent changes cannot both
//! land on the same version.

use sqlx::Row;

use crate::accounts::{role_from_name as role_from, role_name};
use crate::workflow::{self, Action, Actor, Event, Items, Request, Role, State};
use crate::{Clock, Error, Registry, Result};

/// A request row as listed: no items, no timeline.
#[derive(Clone, Debug, serde::Serialize)]
pub struct RequestSummary {
    /// Identifier.
    pub id: String,
    /// Filing owner.
    pub owner: String,
    /// Current state.
    pub state: State,
    /// Last change, seconds since the epoch.
    pub updated_at: i64,
}

/// A comment on a request.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Comment {
    /// When, seconds since the epoch.
    pub at: i64,
    /// Account name.
    pub author: String,
    /// The author's role then.
    pub role: Role,
    /// The text, as written.
    pub body: String,
}

/// Numbers tried for a new request's id, or places for a new comment,
/// before giving up.
const MAX_ID_ATTEMPTS: i64 = 1000;

/// Longest comment accepted, in characters.
pub const MAX_COMMENT: usize = 20_000;

fn corrupt(id: &str, reason: impl std::fmt::Display) -> Error {
    Error::Corrupt {
        what: format!("request {id}"),
        reason: reason.to_string(),
    }
}

impl Registry {
    /// Files a new draft request for `actor`'s owner. Only owner members file.
    pub async fn create_request(
        &self,
        actor: &Actor,
        items: Items,
        clock: &dyn Clock,
    ) -> Result<Request> {
        let owner = match (&actor.role, &actor.owner) {
            (Role::OwnerMember, Some(o)) => o.clone(),
            _ => {
                return Err(workflow::TransitionError::Forbidden {
                    actor: actor.name.clone(),
                    action: "file",
                    why: "only members of a CA owner file requests",
                }
                .into());
            }
        };
        let now = clock.now();
        let suffix = crate::model::derive_id(&[&owner, &actor.name, &now.to_string()]);
        let suffix = suffix.get(..8).unwrap_or(&suffix).to_owned();
        // Numbered in one transaction, so that (on SQLite, where writers
        // queue) two filings never take the same number; an id already
        // taken (the same filer twice in one second, or on PostgreSQL a
        // concurrent filing that counted the same rows) moves on to the
        // next number instead of failing on the primary key.
        let mut tx = self.pool.begin().await?;
        let count: i64 = sqlx::query("SELECT COUNT(*) FROM requests")
            .fetch_one(&mut *tx)
            .await?
            .try_get(0)?;
        let mut req = Request {
            id: String::new(),
            owner: owner.clone(),
            filer: actor.name.clone(),
            state: State::Draft,
            items,
            discussion_start: None,
            discussion_end: None,
            decision_section: None,
            registered_sha256: None,
            key_generation_report_sha256: None,
            timeline: Vec::new(),
        };
        for n in count + 1..count + 1 + MAX_ID_ATTEMPTS {
            req.id = format!("R{n}-{suffix}");
            let body = serde_json::to_string(&req).map_err(|e| corrupt(&req.id, e))?;
            let inserted = sqlx::query(
                "INSERT INTO requests (id, owner, filer, state, body, version, created_at, updated_at) \
                 VALUES ($1, $2, $3, $4, $5, 1, $6, $6) ON CONFLICT (id) DO NOTHING",
            )
            .bind(req.id.clone())
            .bind(owner.clone())
            .bind(actor.name.clone())
            .bind(State::Draft.as_str())
            .bind(body)
            .bind(now)
            .execute(&mut *tx)
            .await?;
            if inserted.rows_affected() == 1 {
                tx.commit().await?;
                return Ok(req);
            }
        }
        Err(Error::Conflict(format!(
            "a new request's id (numbers {} to {})",
            count + 1,
            count + MAX_ID_ATTEMPTS
        )))
    }

    /// One request with its timeline, and the version it was read at.
    pub async fn request(&self, id: &str) -> Result<(Request, i64)> {
        let mut conn = self.pool.acquire().await?;
        load(&mut conn, id).await
    }

    /// All requests, newest change first.
    pub async fn requests(&self) -> Result<Vec<RequestSummary>> {
        let rows = sqlx::query(
            "SELECT id, owner, state, updated_at FROM requests ORDER BY updated_at DESC, id",
        )
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                let id: String = r.try_get(0)?;
                let state: String = r.try_get(2)?;
                Ok(RequestSummary {
                    state: State::from_name(&state)
                        .ok_or_else(|| corrupt(&id, format!("unknown state {state:?}")))?,
                    owner: r.try_get(1)?,
                    updated_at: r.try_get(3)?,
                    id,
                })
            })
            .collect()
    }

    /// Replaces the items of a request that is still with its owner (draft,
    /// submitted or under the root operator's review), by one of the owner's
    /// members; recorded in the timeline as `edit_items`.
    pub async fn update_request_items(
        &self,
        id: &str,
        actor: &Actor,
        items: Items,
        reason: &str,
        expected_version: i64,
        clock: &dyn Clock,
    ) -> Result<Request> {
        self.change(id, expected_version, clock, |req, now| {
            if !matches!(
                req.state,
                State::Draft | State::Submitted | State::RootOperatorReview
            ) {
                return Err(workflow::TransitionError::WrongState {
                    action: "edit the items of",
                    state: req.state.as_str(),
                });
            }
            if !workflow::is_member_of(actor, &req.owner) {
                return Err(workflow::TransitionError::Forbidden {
                    actor: actor.name.clone(),
                    action: "edit_items",
                    why: "only the filing owner's members edit its request",
                });
            }
            if reason.trim().is_empty() {
                return Err(workflow::TransitionError::Invalid(
                    "every change needs a reason".into(),
                ));
            }
            let mut next = req.clone();
            next.items = items;
            next.timeline.push(Event {
                at: now,
                actor: actor.name.clone(),
                role: actor.role,
                action: "edit_items".into(),
                from: req.state,
                to: req.state,
                reason: reason.trim().to_owned(),
            });
            Ok(next)
        })
        .await
    }

    /// Applies a workflow action (see [`workflow::apply`]) and stores the result.
    pub async fn apply_request_action(
        &self,
        id: &str,
        actor: &Actor,
        action: &Action,
        reason: &str,
        expected_version: i64,
        clock: &dyn Clock,
    ) -> Result<Request> {
        // The report must be stored before it can be cited.
        if let Action::AttachKeyGenerationReport { sha256 } = action
            && self.attachment(sha256).await?.is_none()
        {
            return Err(Error::BadInput {
                what: "key generation report".into(),
                reason: format!("no attachment with SHA-256 {sha256}: upload the report first"),
            });
        }
        self.change(id, expected_version, clock, |req, now| {
            workflow::apply(req, actor, action, reason, now)
        })
        .await
    }

    /// Adds a comment, if `actor` may comment now (see [`workflow::may_comment`]).
    pub async fn add_comment(
        &self,
        id: &str,
        actor: &Actor,
        body: &str,
        clock: &dyn Clock,
    ) -> Result<Comment> {
        let (req, _) = self.request(id).await?;
        if !workflow::may_read(Some(actor), &req) {
            return Err(Error::NotFound(format!("request {id}")));
        }
        if !workflow::may_comment(actor, &req) {
            return Err(workflow::TransitionError::Forbidden {
                actor: actor.name.clone(),
                action: "comment on",
                why: "the public comments only during the public discussion",
            }
            .into());
        }
        let text = body.trim();
        if text.is_empty() || text.chars().count() > MAX_COMMENT {
            return Err(Error::BadInput {
                what: "comment".into(),
                reason: format!("a comment has 1 to {MAX_COMMENT} characters"),
            });
        }
        let mut tx = self.pool.begin().await?;
        let count: i64 = sqlx::query("SELECT COUNT(*) FROM request_comments WHERE request_id = $1")
            .bind(id.to_owned())
            .fetch_one(&mut *tx)
            .await?
            .try_get(0)?;
        let c = Comment {
            at: clock.now(),
            author: actor.name.clone(),
            role: actor.role,
            body: text.to_owned(),
        };
        // A place taken meanwhile (on PostgreSQL, a concurrent comment that
        // counted the same rows) moves this one to the next place rather
        // than failing on the primary key.
        for seq in count..count + MAX_ID_ATTEMPTS {
            let inserted = sqlx::query(
                "INSERT INTO request_comments (request_id, seq, at, author, role, body) \
                 VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (request_id, seq) DO NOTHING",
            )
            .bind(id.to_owned())
            .bind(seq)
            .bind(c.at)
            .bind(c.author.clone())
            .bind(role_name(c.role))
            .bind(c.body.clone())
            .execute(&mut *tx)
            .await?;
            if inserted.rows_affected() == 1 {
                tx.commit().await?;
                return Ok(c);
            }
        }
        Err(Error::Conflict(format!("the comments on request {id}")))
    }

    /// The comments on a request, oldest first.
    pub async fn comments(&self, id: &str) -> Result<Vec<Comment>> {
        let rows = sqlx::query("SELECT at, author, role, body FROM request_comments WHERE request_id = $1 ORDER BY seq")
            .bind(id.to_owned())
            .fetch_all(&self.pool)
            .await?;
        rows.iter()
            .map(|r| {
                let role: String = r.try_get(2)?;
                Ok(Comment {
                    at: r.try_get(0)?,
                    author: r.try_get(1)?,
                    role: role_from(&role)
                        .ok_or_else(|| corrupt(id, format!("unknown role {role:?}")))?,
                    body: r.try_get(3)?,
                })
            })
            .collect()
    }

    async fn change(
        &self,
        id: &str,
        expected_version: i64,
        clock: &dyn Clock,
        f: impl FnOnce(&Request, i64) -> std::result::Result<Request, workflow::TransitionError>,
    ) -> Result<Request> {
        let now = clock.now();
        let mut tx = self.pool.begin().await?;
        let (req, version) = load(&mut tx, id).await?;
        if version != expected_version {
            return Err(Error::Conflict(format!("request {id}")));
        }
        let next = f(&req, now)?;
        // The timeline lives in request_events; the body holds the rest.
        let new_events = next
            .timeline
            .get(req.timeline.len()..)
            .unwrap_or_default()
            .to_vec();
        let mut stored = next.clone();
        stored.timeline.clear();
        let body = serde_json::to_string(&stored).map_err(|e| corrupt(id, e))?;
        let updated = sqlx::query(
            "UPDATE requests SET state = $1, body = $2, version = version + 1, updated_at = $3 \
             WHERE id = $4 AND version = $5",
        )
        .bind(next.state.as_str())
        .bind(body)
        .bind(now)
        .bind(id.to_owned())
        .bind(version)
        .execute(&mut *tx)
        .await?;
        if updated.rows_affected() != 1 {
            return Err(Error::Conflict(format!("request {id}")));
        }
        for (i, e) in new_events.iter().enumerate() {
            sqlx::query(
                "INSERT INTO request_events (request_id, seq, at, actor, role, action, from_state, to_state, reason) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
            )
            .bind(id.to_owned())
            .bind((req.timeline.len() + i) as i64)
            .bind(e.at)
            .bind(e.actor.clone())
            .bind(role_name(e.role))
            .bind(e.action.clone())
            .bind(e.from.as_str())
            .bind(e.to.as_str())
            .bind(e.reason.clone())
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(next)
    }
}

async fn load(conn: &mut sqlx::AnyConnection, id: &str) -> Result<(Request, i64)> {
    let row = sqlx::query("SELECT body, version FROM requests WHERE id = $1")
        .bind(id.to_owned())
        .fetch_optional(&mut *conn)
        .await?
        .ok_or_else(|| Error::NotFound(format!("request {id}")))?;
    let body: String = row.try_get(0)?;
    let version: i64 = row.try_get(1)?;
    let mut req: Request = serde_json::from_str(&body).map_err(|e| corrupt(id, e))?;
    let rows = sqlx::query(
        "SELECT at, actor, role, action, from_state, to_state, reason FROM request_events \
         WHERE request_id = $1 ORDER BY seq",
    )
    .bind(id.to_owned())
    .fetch_all(&mut *conn)
    .await?;
    req.timeline = rows
        .iter()
        .map(|r| {
            let state = |i: usize| -> Result<State> {
                let s: String = r.try_get(i)?;
                State::from_name(&s).ok_or_else(|| corrupt(id, format!("unknown state {s:?}")))
            };
            let role: String = r.try_get(2)?;
            Ok(Event {
                at: r.try_get(0)?,
                actor: r.try_get(1)?,
                role: role_from(&role)
                    .ok_or_else(|| corrupt(id, format!("unknown role {role:?}")))?,
                action: r.try_get(3)?,
                from: state(4)?,
                to: state(5)?,
                reason: r.try_get(6)?,
            })
        })
        .collect::<Result<_>>()?;
    Ok((req, version))
}
