//! Accounts: users with a role (and, for owner members, their CA owner),
//! argon2id password hashes, sessions and API tokens. Tokens are 32 random
//! bytes shown once to their holder and stored only as SHA-256, so a copy of
//! the database does not let anyone sign in.

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use sqlx::Row;

use crate::workflow::{Actor, Role};
use crate::{Clock, Error, Registry, Result};

/// How long a session lasts after sign-in.
pub const SESSION_LIFETIME: i64 = 12 * 3600;

/// Shortest password accepted.
pub const MIN_PASSWORD_LEN: usize = 12;

/// A signed-in session: who, and the CSRF token its forms must carry.
#[derive(Clone, Debug)]
pub struct Session {
    /// The account.
    pub actor: Actor,
    /// The CSRF token of this session.
    pub csrf: String,
}

/// The snake_case role name, as stored.
pub fn role_name(r: Role) -> &'static str {
    match r {
        Role::ProgramManager => "program_manager",
        Role::OwnerMember => "owner_member",
        Role::Auditor => "auditor",
        Role::Public => "public",
    }
}

/// Parses [`role_name`].
pub fn role_from_name(s: &str) -> Option<Role> {
    [
        Role::ProgramManager,
        Role::OwnerMember,
        Role::Auditor,
        Role::Public,
    ]
    .into_iter()
    .find(|r| role_name(*r) == s)
}

fn random_token() -> Result<String> {
    let mut b = [0u8; 32];
    aws_lc_rs::rand::fill(&mut b).map_err(|_| Error::Corrupt {
        what: "random number generator".into(),
        reason: "aws-lc could not produce random bytes".into(),
    })?;
    Ok(cert::hex_upper(&b).to_ascii_lowercase())
}

fn token_key(token: &str) -> String {
    cert::hex_upper(&cert::digest::sha256(token.trim().as_bytes()))
}

fn hash_password(password: &str) -> Result<String> {
    let mut salt = [0u8; 16];
    aws_lc_rs::rand::fill(&mut salt).map_err(|_| Error::Corrupt {
        what: "random number generator".into(),
        reason: "aws-lc could not produce random bytes".into(),
    })?;
    let salt = SaltString::encode_b64(&salt).map_err(|e| Error::Corrupt {
        what: "password salt".into(),
        reason: e.to_string(),
    })?;
    argon2::Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| Error::Corrupt {
            what: "password hash".into(),
            reason: e.to_string(),
        })
}

/// A fixed hash verified against when the user does not exist, so that
/// sign-in takes as long for unknown names as for wrong passwords.
const DUMMY_HASH: &str = "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$kq0Kx7QKdG3m7VxqJ2nq4yJQ0v8oQYl3m6b2tN7sU1c";

fn actor_of(row: &sqlx::any::AnyRow, name_col: usize) -> Result<Actor> {
    let name: String = row.try_get(name_col)?;
    let role: String = row.try_get(name_col + 1)?;
    let owner: Option<String> = row.try_get(name_col + 2)?;
    let role = role_from_name(&role).ok_or_else(|| Error::Corrupt {
        what: format!("user {name}"),
        reason: format!("unknown role {role:?}"),
    })?;
    Ok(Actor { name, role, owner })
}

impl Registry {
    /// Creates an account. Owner members name their CA owner; other roles
    /// have none. Names are 1 to 100 printable characters.
    pub async fn add_user(
        &self,
        name: &str,
        password: &str,
        role: Role,
        owner: Option<&str>,
        clock: &dyn Clock,
    ) -> Result<Actor> {
        let bad = |reason: String| Error::BadInput {
            what: format!("user {name:?}"),
            reason,
        };
        if name.is_empty() || name.chars().count() > 100 || name.chars().any(char::is_control) {
            return Err(bad("names are 1 to 100 printable characters".into()));
        }
        if password.chars().count() < MIN_PASSWORD_LEN {
            return Err(bad(format!(
                "passwords are at least {MIN_PASSWORD_LEN} characters"
            )));
        }
        match (role, owner) {
            (Role::OwnerMember, None) => {
                return Err(bad("an owner member names its CA owner".into()));
            }
            (Role::OwnerMember, Some(_)) | (_, None) => {}
            (_, Some(_)) => return Err(bad("only owner members belong to a CA owner".into())),
        }
        let exists: i64 = sqlx::query("SELECT COUNT(*) FROM users WHERE name = $1")
            .bind(name.to_owned())
            .fetch_one(&self.pool)
            .await?
            .try_get(0)?;
        if exists > 0 {
            return Err(bad("an account with this name exists".into()));
        }
        let hash = hash_password(password)?;
        sqlx::query(
            "INSERT INTO users (name, password_hash, role, owner, created_at) VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(name.to_owned())
        .bind(hash)
        .bind(role_name(role))
        .bind(owner.map(str::to_owned))
        .bind(clock.now())
        .execute(&self.pool)
        .await?;
        Ok(Actor {
            name: name.to_owned(),
            role,
            owner: owner.map(str::to_owned),
        })
    }

    /// The account of that name.
    pub async fn user(&self, name: &str) -> Result<Option<Actor>> {
        let row = sqlx::query("SELECT name, role, owner FROM users WHERE name = $1")
            .bind(name.to_owned())
            .fetch_optional(&self.pool)
            .await?;
        row.map(|r| actor_of(&r, 0)).transpose()
    }

    /// Checks a password; `None` for an unknown name or a wrong password
    /// (the same answer, in about the same time).
    pub async fn verify_password(&self, name: &str, password: &str) -> Result<Option<Actor>> {
        let row = sqlx::query("SELECT password_hash, name, role, owner FROM users WHERE name = $1")
            .bind(name.to_owned())
            .fetch_optional(&self.pool)
            .await?;
        let stored: String = match &row {
            Some(r) => r.try_get(0)?,
            None => DUMMY_HASH.to_owned(),
        };
        let parsed = PasswordHash::new(&stored).map_err(|e| Error::Corrupt {
            what: format!("password hash of user {name}"),
            reason: e.to_string(),
        })?;
        let ok = argon2::Argon2::default()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok();
        match row {
            Some(r) if ok => Ok(Some(actor_of(&r, 1)?)),
            _ => Ok(None),
        }
    }

    /// Opens a session for `actor`: returns the session token (for the
    /// cookie) and the session with its CSRF token.
    pub async fn create_session(
        &self,
        actor: &Actor,
        clock: &dyn Clock,
    ) -> Result<(String, Session)> {
        let token = random_token()?;
        let csrf = random_token()?;
        let now = clock.now();
        sqlx::query(
            "INSERT INTO sessions (token_sha256, user_name, csrf, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(token_key(&token))
        .bind(actor.name.clone())
        .bind(csrf.clone())
        .bind(now)
        .bind(now + SESSION_LIFETIME)
        .execute(&self.pool)
        .await?;
        Ok((
            token,
            Session {
                actor: actor.clone(),
                csrf,
            },
        ))
    }

    /// The session of a token, unless unknown or expired.
    pub async fn session(&self, token: &str, clock: &dyn Clock) -> Result<Option<Session>> {
        let row = sqlx::query(
            "SELECT s.csrf, u.name, u.role, u.owner FROM sessions s JOIN users u ON u.name = s.user_name \
             WHERE s.token_sha256 = $1 AND s.expires_at > $2",
        )
        .bind(token_key(token))
        .bind(clock.now())
        .fetch_optional(&self.pool)
        .await?;
        row.map(|r| {
            Ok(Session {
                csrf: r.try_get(0)?,
                actor: actor_of(&r, 1)?,
            })
        })
        .transpose()
    }

    /// Ends a session.
    pub async fn end_session(&self, token: &str) -> Result<()> {
        sqlx::query("DELETE FROM sessions WHERE token_sha256 = $1")
            .bind(token_key(token))
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// Creates an API token for `user` (shown once; stored hashed).
    pub async fn create_api_token(
        &self,
        user: &str,
        label: &str,
        clock: &dyn Clock,
    ) -> Result<String> {
        let exists: i64 = sqlx::query("SELECT COUNT(*) FROM users WHERE name = $1")
            .bind(user.to_owned())
            .fetch_one(&self.pool)
            .await?
            .try_get(0)?;
        if exists == 0 {
            return Err(Error::NotFound(format!("user {user}")));
        }
        let token = random_token()?;
        sqlx::query("INSERT INTO api_tokens (token_sha256, user_name, label, created_at) VALUES ($1, $2, $3, $4)")
            .bind(token_key(&token))
            .bind(user.to_owned())
            .bind(label.to_owned())
            .bind(clock.now())
            .execute(&self.pool)
            .await?;
        Ok(token)
    }

    /// The account an API token belongs to.
    pub async fn token_actor(&self, token: &str) -> Result<Option<Actor>> {
        let row = sqlx::query(
            "SELECT u.name, u.role, u.owner FROM api_tokens t JOIN users u ON u.name = t.user_name \
             WHERE t.token_sha256 = $1",
        )
        .bind(token_key(token))
        .fetch_optional(&self.pool)
        .await?;
        row.map(|r| actor_of(&r, 0)).transpose()
    }
}
