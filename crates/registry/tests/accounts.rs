//! Accounts on every backend: argon2 hashes, sessions with CSRF tokens and
//! expiry, API tokens stored hashed, bad input refused.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use registry::workflow::Role;
use registry::{Error, FixedClock};

#[tokio::test]
async fn users_sessions_and_tokens() {
    for (backend, reg) in common::backends("accounts").await {
        let c = FixedClock(1_734_480_000);
        let pm = reg
            .add_user(
                "manager",
                "correct horse battery",
                Role::ProgramManager,
                None,
                &c,
            )
            .await
            .unwrap();
        reg.add_user(
            "member@secom",
            "another long secret",
            Role::OwnerMember,
            Some("SECOM"),
            &c,
        )
        .await
        .unwrap();

        // Bad input, each refused with a reason.
        for (name, pw, role, owner, needle) in [
            ("", "long enough pass", Role::Public, None, "1 to 100"),
            (
                "x\u{7}",
                "long enough pass",
                Role::Public,
                None,
                "printable",
            ),
            ("short", "short", Role::Public, None, "at least 12"),
            (
                "m2",
                "long enough pass",
                Role::OwnerMember,
                None,
                "names its CA owner",
            ),
            (
                "p2",
                "long enough pass",
                Role::ProgramManager,
                Some("SECOM"),
                "only owner members",
            ),
            ("manager", "long enough pass", Role::Public, None, "exists"),
        ] {
            let e = reg.add_user(name, pw, role, owner, &c).await.unwrap_err();
            assert!(
                matches!(e, Error::BadInput { .. }) && e.to_string().contains(needle),
                "{backend}: {e}"
            );
        }

        // Passwords: right one, wrong one, unknown user (same answer).
        assert_eq!(
            reg.verify_password("manager", "correct horse battery")
                .await
                .unwrap(),
            Some(pm.clone())
        );
        assert_eq!(
            reg.verify_password("manager", "wrong horse battery")
                .await
                .unwrap(),
            None
        );
        assert_eq!(
            reg.verify_password("nobody", "correct horse battery")
                .await
                .unwrap(),
            None
        );
        let stored: String =
            sqlx::query_scalar("SELECT password_hash FROM users WHERE name = 'manager'")
                .fetch_one(reg.pool())
                .await
                .unwrap();
        assert!(stored.starts_with("$argon2id$"), "{stored}");
        assert!(!stored.contains("correct horse"));

        // Sessions: known until they expire or end; the CSRF token differs from the session token.
        let (token, s) = reg.create_session(&pm, &c).await.unwrap();
        assert_ne!(token, s.csrf);
        assert_eq!(token.len(), 64);
        let got = reg.session(&token, &c).await.unwrap().unwrap();
        assert_eq!((got.actor, got.csrf), (pm.clone(), s.csrf.clone()));
        let later = FixedClock(c.0 + registry::accounts::SESSION_LIFETIME);
        assert!(
            reg.session(&token, &later).await.unwrap().is_none(),
            "expired"
        );
        assert!(reg.session("guess", &c).await.unwrap().is_none());
        reg.end_session(&token).await.unwrap();
        assert!(reg.session(&token, &c).await.unwrap().is_none(), "ended");

        // API tokens: stored as SHA-256 only.
        let t = reg
            .create_api_token("member@secom", "ci", &c)
            .await
            .unwrap();
        let who = reg.token_actor(&t).await.unwrap().unwrap();
        assert_eq!(who.owner.as_deref(), Some("SECOM"));
        assert!(reg.token_actor("0000").await.unwrap().is_none());
        let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM api_tokens WHERE token_sha256 = $1")
            .bind(t.clone())
            .fetch_one(reg.pool())
            .await
            .unwrap();
        assert_eq!(n, 0, "the token itself is not stored");
        assert!(matches!(
            reg.create_api_token("nobody", "x", &c).await,
            Err(Error::NotFound(_))
        ));
        reg.close().await;
    }
}

/// Attachments: stored once, content checked against its SHA-256 on read.
#[tokio::test]
async fn attachments_detect_tampering() {
    for (backend, reg) in common::backends("attachments").await {
        let c = FixedClock(0);
        let a = reg
            .put_attachment("r.txt", "text/plain", b"report", "alice", &c)
            .await
            .unwrap();
        let (meta, body) = reg.attachment_content(&a.sha256).await.unwrap().unwrap();
        assert_eq!((meta, body.as_slice()), (a.clone(), b"report".as_slice()));
        let e = reg
            .put_attachment("nul.txt", "text/plain", b"a\0b", "alice", &c)
            .await
            .unwrap_err();
        assert!(matches!(e, Error::BadInput { .. }), "{backend}: {e}");
        sqlx::query("UPDATE attachments SET content = $1")
            .bind(b"forged".to_vec())
            .execute(reg.pool())
            .await
            .unwrap();
        let e = reg.attachment_content(&a.sha256).await.unwrap_err();
        assert!(matches!(e, Error::Corrupt { .. }), "{backend}: {e}");
        assert!(
            reg.attachment_content(&"0".repeat(64))
                .await
                .unwrap()
                .is_none()
        );
        reg.close().await;
    }
}
