//! Signing in and out, sessions and CSRF.
//!
//! - Passwords are argon2id hashes (PHC strings), computed off the async threads.
//! - A session is a random token in an `HttpOnly`, `SameSite=Lax` cookie; the database keeps
//!   only the token's SHA-256, with the account and a CSRF token tied to the session, so any
//!   server process on the same database knows it.
//! - Every form carries the session's CSRF token (`_csrf`); the sign-in form, made before
//!   there is a session, carries a token also set in a cookie (double submit). A request to
//!   the API that changes something must come with a JSON or file body (which a page on
//!   another site cannot send without the browser asking first) or with the session's token
//!   in `X-CSRF-Token`.
//! - Wrong passwords are counted per user name in the database; at the limit (10) the name
//!   is locked for a while (30 minutes) with a Chinese message.
//!
//! It is not the authorization: who may see what is [`crate::policy`]'s.

use argon2::Argon2;
use argon2::password_hash::{PasswordHasher, PasswordVerifier};
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, Method, header};
use jixiao_store::{User, random_token, token_hash};
use subtle::ConstantTimeEq;

use crate::failure::Failure;
use crate::{AppState, Config};

/// The session cookie.
pub const SESSION_COOKIE: &str = "jixiao_session";
/// The sign-in form's double-submit cookie.
pub const LOGIN_COOKIE: &str = "jixiao_login";
/// The header that carries the CSRF token for API calls.
pub const CSRF_HEADER: &str = "x-csrf-token";
/// The form field that carries the CSRF token.
pub const CSRF_FIELD: &str = "_csrf";

/// Hashes a password (argon2id, random salt), off the async threads.
pub async fn hash_password(password: String) -> Result<String, String> {
    tokio::task::spawn_blocking(move || {
        Argon2::default().hash_password(password.as_bytes()).map(|h| h.to_string()).map_err(|e| e.to_string())
    })
    .await
    .map_err(|e| e.to_string())?
}

/// Whether `password` matches the PHC string `hash`, off the async threads.
pub async fn verify_password(password: String, hash: String) -> bool {
    tokio::task::spawn_blocking(move || Argon2::default().verify_password(password.as_bytes(), hash.as_str()).is_ok())
        .await
        .unwrap_or(false)
}

/// A hash to check against when the user name has no account, so that the answer takes as
/// long either way.
async fn dummy_hash() -> String {
    static HASH: tokio::sync::OnceCell<String> = tokio::sync::OnceCell::const_new();
    HASH.get_or_init(|| async { hash_password(random_token()).await.unwrap_or_default() }).await.clone()
}

/// Checks a new account's user name and password; the Chinese reason if unfit.
pub fn check_new_account(username: &str, password: &str) -> Result<(), String> {
    let n = username.chars().count();
    if !(2..=32).contains(&n)
        || !username.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.') || !c.is_ascii())
        || username.chars().any(char::is_whitespace)
    {
        return Err("用户名应为 2–32 个字符(字母、数字、汉字、_、-、.),不含空格".into());
    }
    if password.chars().count() < 8 {
        return Err("密码至少 8 个字符".into());
    }
    Ok(())
}

/// The value of a cookie.
pub fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers.get_all(header::COOKIE).iter().filter_map(|v| v.to_str().ok()).flat_map(|v| v.split(';')).find_map(|kv| {
        let (k, v) = kv.trim().split_once('=')?;
        (k == name).then(|| v.to_string())
    })
}

/// The `Set-Cookie` value of a session.
pub fn session_cookie(config: &Config, token: &str) -> HeaderValue {
    let secure = if config.secure_cookies { "; Secure" } else { "" };
    HeaderValue::from_str(&format!(
        "{SESSION_COOKIE}={token}; Path=/; HttpOnly; SameSite=Lax; Max-Age={}{secure}",
        config.session_seconds
    ))
    .unwrap_or_else(|_| HeaderValue::from_static(""))
}

/// The `Set-Cookie` value that removes the session cookie.
pub fn clear_session_cookie() -> HeaderValue {
    HeaderValue::from_static("jixiao_session=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0")
}

/// The `Set-Cookie` value of the sign-in form's token.
pub fn login_cookie(token: &str) -> HeaderValue {
    HeaderValue::from_str(&format!("{LOGIN_COOKIE}={token}; Path=/login; HttpOnly; SameSite=Strict; Max-Age=3600"))
        .unwrap_or_else(|_| HeaderValue::from_static(""))
}

/// Equal tokens, compared in constant time.
pub fn same_token(a: &str, b: &str) -> bool {
    !a.is_empty() && a.len() == b.len() && bool::from(a.as_bytes().ct_eq(b.as_bytes()))
}

/// The signed-in account of a request.
#[derive(Debug, Clone)]
pub struct Viewer {
    /// The account.
    pub user: User,
    /// The session's CSRF token.
    pub csrf: String,
    /// The hash of the session's token (to end it).
    pub token_hash: String,
}

impl Viewer {
    /// Refuses a form whose CSRF token is not this session's.
    pub fn check_csrf(&self, token: Option<&str>) -> Result<(), Failure> {
        match token {
            Some(t) if same_token(t, &self.csrf) => Ok(()),
            _ => Err(Failure::stale_form(&self.csrf)),
        }
    }

    /// Checks the CSRF token among a form's fields.
    pub fn check_form(&self, fields: &[(String, String)]) -> Result<(), Failure> {
        self.check_csrf(fields.iter().find(|(k, _)| k == CSRF_FIELD).map(|(_, v)| v.as_str()))
    }
}

/// Content types a page on another site can send without the browser asking first.
fn simple_content_type(headers: &HeaderMap) -> bool {
    let ct = headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or("").to_ascii_lowercase();
    let ct = ct.split(';').next().unwrap_or("").trim();
    ct.is_empty() || ct == "application/x-www-form-urlencoded" || ct == "multipart/form-data" || ct == "text/plain"
}

impl FromRequestParts<AppState> for Viewer {
    type Rejection = Failure;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Viewer, Failure> {
        if let Some(v) = parts.extensions.get::<Viewer>() {
            return Ok(v.clone());
        }
        let token = cookie(&parts.headers, SESSION_COOKIE).ok_or_else(Failure::unauthorized)?;
        let hash = token_hash(&token);
        let session = state.store().session(&hash, state.now()).await?.ok_or_else(Failure::unauthorized)?;
        let viewer = Viewer { user: session.user, csrf: session.csrf, token_hash: hash };
        let changes = !matches!(parts.method, Method::GET | Method::HEAD | Method::OPTIONS);
        if changes && parts.uri.path().starts_with("/api/") && simple_content_type(&parts.headers) {
            let header = parts.headers.get(CSRF_HEADER).and_then(|v| v.to_str().ok());
            viewer.check_csrf(header)?;
        }
        crate::policy::authorize(&viewer.user, &crate::policy::Target::SignedIn)?;
        parts.extensions.insert(viewer.clone());
        Ok(viewer)
    }
}

/// A new session for a user who typed `username` and `password`: the cookie's token and the
/// account; or the Chinese reason (wrong password, locked).
pub async fn sign_in(state: &AppState, username: &str, password: &str) -> Result<(String, User), Failure> {
    let store = state.store();
    let config = state.config();
    let username = username.trim();
    let now = state.now();
    let lock_minutes = config.lock_seconds / 60;
    let failures = store.login_failures(username).await?;
    if failures.locked_at(now) {
        return Err(locked(failures.locked_until.unwrap_or(now), now, config.lock_after));
    }
    let credentials = store.credentials(username).await?;
    let hash = match &credentials {
        Some(c) => c.password_hash.clone(),
        None => dummy_hash().await,
    };
    let ok = verify_password(password.to_string(), hash).await && credentials.is_some();
    let Some(c) = credentials.filter(|_| ok) else {
        let f = store.record_login_failure(username, now, config.lock_after, config.lock_seconds).await?;
        if f.locked_at(now) {
            return Err(locked(f.locked_until.unwrap_or(now), now, config.lock_after));
        }
        let left = config.lock_after - f.failures;
        return Err(Failure::unauthorized_message(format!(
            "用户名或密码错误。再错 {left} 次,该账号将被锁定 {lock_minutes} 分钟。"
        )));
    };
    store.clear_login_failures(username).await?;
    let token = random_token();
    store.create_session(&token_hash(&token), c.user.id, &random_token(), now, now + config.session_seconds).await?;
    Ok((token, c.user))
}

fn locked(until: i64, now: i64, after: i64) -> Failure {
    let minutes = ((until - now) + 59) / 60;
    Failure::new(
        axum::http::StatusCode::LOCKED,
        format!("密码连续输错 {after} 次,该账号已被锁定,请 {minutes} 分钟后再试,或请管理员解锁。"),
    )
}

impl Failure {
    /// 401 with a message of its own (a wrong password), shown on the sign-in page.
    pub fn unauthorized_message(message: String) -> Failure {
        Failure::new(axum::http::StatusCode::UNAUTHORIZED, message)
    }
}
