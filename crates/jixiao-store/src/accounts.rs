//! Accounts, sign-in failures and sessions.

use sqlx::Row;
use sqlx::any::AnyRow;

use crate::{Credentials, LoginFailures, NewUser, Result, Role, Session, Store, StoreError, Timestamp, User, UserId};

fn user(r: &AnyRow) -> Result<User> {
    let role: String = r.try_get("role")?;
    Ok(User {
        id: r.try_get("id")?,
        username: r.try_get("username")?,
        role: Role::parse(&role).unwrap_or(Role::Filer),
        unit: r.try_get("unit_id")?,
    })
}

impl Store {
    /// Creates an account; its user name must be new.
    pub async fn create_user(&self, new: NewUser<'_>, now: Timestamp) -> Result<UserId> {
        sqlx::query_scalar(
            "INSERT INTO users (username, password_hash, role, unit_id, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id",
        )
        .bind(new.username)
        .bind(new.password_hash)
        .bind(new.role.as_str())
        .bind(new.unit)
        .bind(now)
        .fetch_one(&self.pool)
        .await
        .map_err(|e| StoreError::conflict_or(e, || format!("用户名“{}”已被使用", new.username)))
    }

    /// Replaces an account's password hash.
    pub async fn set_password_hash(&self, user: UserId, hash: &str) -> Result<()> {
        let r = sqlx::query("UPDATE users SET password_hash = $1 WHERE id = $2")
            .bind(hash)
            .bind(user)
            .execute(&self.pool)
            .await?;
        if r.rows_affected() == 0 {
            return Err(StoreError::NotFound("账号"));
        }
        Ok(())
    }

    /// Every account, by name.
    pub async fn users(&self) -> Result<Vec<User>> {
        let rows = sqlx::query("SELECT id, username, role, unit_id FROM users ORDER BY username")
            .fetch_all(&self.pool)
            .await?;
        rows.iter().map(user).collect()
    }

    /// An account and its password hash, by user name.
    pub async fn credentials(&self, username: &str) -> Result<Option<Credentials>> {
        let row = sqlx::query("SELECT id, username, role, unit_id, password_hash FROM users WHERE username = $1")
            .bind(username)
            .fetch_optional(&self.pool)
            .await?;
        row.map(|r| Ok(Credentials { user: user(&r)?, password_hash: r.try_get("password_hash")? })).transpose()
    }

    /// The wrong passwords counted for a user name.
    pub async fn login_failures(&self, username: &str) -> Result<LoginFailures> {
        let row = sqlx::query("SELECT failures, locked_until FROM login_failures WHERE username = $1")
            .bind(username)
            .fetch_optional(&self.pool)
            .await?;
        Ok(match row {
            Some(r) => LoginFailures { failures: r.try_get("failures")?, locked_until: r.try_get("locked_until")? },
            None => LoginFailures::default(),
        })
    }

    /// Counts a wrong password for `username`; at `limit` in a row the name is locked until
    /// `now + lock_seconds`. A lock that has run out starts the count again.
    pub async fn record_login_failure(
        &self,
        username: &str,
        now: Timestamp,
        limit: i64,
        lock_seconds: i64,
    ) -> Result<LoginFailures> {
        let mut tx = self.pool.begin().await?;
        let row = sqlx::query(
            "INSERT INTO login_failures (username, failures, last_failure, locked_until) VALUES ($1, 1, $2, NULL) \
             ON CONFLICT (username) DO UPDATE SET \
               failures = CASE WHEN login_failures.locked_until IS NOT NULL AND login_failures.locked_until <= $2 \
                               THEN 1 ELSE login_failures.failures + 1 END, \
               locked_until = CASE WHEN login_failures.locked_until IS NOT NULL AND login_failures.locked_until <= $2 \
                               THEN NULL ELSE login_failures.locked_until END, \
               last_failure = $2 \
             RETURNING failures, locked_until",
        )
        .bind(username)
        .bind(now)
        .fetch_one(&mut *tx)
        .await?;
        let mut state =
            LoginFailures { failures: row.try_get("failures")?, locked_until: row.try_get("locked_until")? };
        if state.failures >= limit && state.locked_until.is_none() {
            let until = now + lock_seconds;
            sqlx::query("UPDATE login_failures SET locked_until = $1 WHERE username = $2")
                .bind(until)
                .bind(username)
                .execute(&mut *tx)
                .await?;
            state.locked_until = Some(until);
        }
        tx.commit().await?;
        Ok(state)
    }

    /// Forgets the wrong passwords of a user name (after a good one, or an administrator's unlock).
    pub async fn clear_login_failures(&self, username: &str) -> Result<()> {
        sqlx::query("DELETE FROM login_failures WHERE username = $1").bind(username).execute(&self.pool).await?;
        Ok(())
    }

    /// Starts a session, keyed by the hash of its token.
    pub async fn create_session(
        &self,
        token_hash: &str,
        user: UserId,
        csrf: &str,
        now: Timestamp,
        expires_at: Timestamp,
    ) -> Result<()> {
        sqlx::query(
            "INSERT INTO sessions (token_hash, user_id, csrf, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(token_hash)
        .bind(user)
        .bind(csrf)
        .bind(now)
        .bind(expires_at)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// The live session with this token hash, with its account.
    pub async fn session(&self, token_hash: &str, now: Timestamp) -> Result<Option<Session>> {
        let row = sqlx::query(
            "SELECT s.csrf, s.expires_at, u.id, u.username, u.role, u.unit_id \
             FROM sessions s JOIN users u ON u.id = s.user_id \
             WHERE s.token_hash = $1 AND s.expires_at > $2",
        )
        .bind(token_hash)
        .bind(now)
        .fetch_optional(&self.pool)
        .await?;
        row.map(|r| Ok(Session { user: user(&r)?, csrf: r.try_get("csrf")?, expires_at: r.try_get("expires_at")? }))
            .transpose()
    }

    /// Ends a session.
    pub async fn delete_session(&self, token_hash: &str) -> Result<()> {
        sqlx::query("DELETE FROM sessions WHERE token_hash = $1").bind(token_hash).execute(&self.pool).await?;
        Ok(())
    }

    /// Ends every session of an account except the one whose token hash is `keep` (the session
    /// that changed its own password); returns how many ended.
    pub async fn delete_sessions_of(&self, user: UserId, keep: Option<&str>) -> Result<u64> {
        let r = sqlx::query("DELETE FROM sessions WHERE user_id = $1 AND token_hash <> $2")
            .bind(user)
            .bind(keep.unwrap_or(""))
            .execute(&self.pool)
            .await?;
        Ok(r.rows_affected())
    }

    /// Removes sessions that ended before `now`; returns how many.
    pub async fn delete_expired_sessions(&self, now: Timestamp) -> Result<u64> {
        let r = sqlx::query("DELETE FROM sessions WHERE expires_at <= $1").bind(now).execute(&self.pool).await?;
        Ok(r.rows_affected())
    }
}
