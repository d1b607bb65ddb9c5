//! # jixiao-store
//!
//! Persistence for the web workspace (`jixiao serve`): the unit tree (财政局 → 主管部门 →
//! 下属单位), accounts and their roles, sign-in failures, sessions, each unit's years and
//! every saved revision of a year's record with what it changed.
//!
//! One concrete [`Store`] over `sqlx::AnyPool`: SQLite (the default, a file created and
//! migrated on first start) and PostgreSQL (for many users and several server processes) go
//! through the same code and the same SQL; only the migrations differ in their id columns
//! (`migrations/sqlite`, `migrations/postgres`, run at start). The shared test suite
//! (`tests/store.rs`) runs against SQLite always and against PostgreSQL when
//! `JIXIAO_TEST_POSTGRES` is set.
//!
//! Invariants:
//! - A record is stored as JSON text exactly as the user typed it: money and rates are
//!   decimal strings inside the JSON, never floating-point columns.
//! - A save names the revision it was based on; a stale save is refused
//!   ([`StoreError::Stale`]) by a compare-and-swap inside one transaction, never merged.
//!   A save is one transaction: a crash leaves the last whole revision.
//! - Sessions, sign-in failures and revisions live in the database, not in a process, so
//!   several servers on one PostgreSQL behave as one.
//!
//! It is not: a checker (it never looks inside a record beyond diffing its JSON), an
//! authorization layer (the server decides who may call what), nor a password hasher (it
//! stores the hash it is given). It reads no clock: every call that records a time takes
//! `now`.

mod accounts;
pub mod diff;
mod model;
pub mod testing;
pub mod units;
pub mod workflow;
mod years;

use std::borrow::Cow;

use sqlx::AnyPool;
use sqlx::any::AnyPoolOptions;
use sqlx::migrate::{Migration, MigrationType, Migrator};

pub use diff::{Change, changes};
pub use model::*;

/// Why a store operation failed.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The database refused or could not be reached.
    #[error("数据库错误:{0}")]
    Database(#[from] sqlx::Error),
    /// A migration failed.
    #[error("数据库升级(迁移)失败:{0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    /// The URL names no backend jixiao supports.
    #[error("不支持的数据库地址“{0}”:应为 sqlite:文件路径 或 postgres://…")]
    Url(String),
    /// The save was based on an older revision than the current one.
    #[error("记录在您打开之后已被修改(当前为第 {current} 版,您的修改基于第 {base} 版)")]
    Stale {
        /// The revision the save was based on.
        base: i64,
        /// The current revision.
        current: i64,
    },
    /// A thing that was named does not exist.
    #[error("{0}不存在")]
    NotFound(&'static str),
    /// A unique name or code is already taken.
    #[error("{0}")]
    Conflict(String),
    /// The year is not in a state that allows this (a save of a year under review or
    /// passed; a move from the wrong state, or one another reviewer made first).
    #[error("{message}")]
    State {
        /// The state the year is in now.
        state: YearState,
        /// Why, in Chinese.
        message: String,
    },
    /// A stored record is not JSON (a bug or a hand-edited database).
    #[error("记录不是有效的 JSON:{0}")]
    Json(#[from] serde_json::Error),
}

impl StoreError {
    fn conflict_or(e: sqlx::Error, message: impl FnOnce() -> String) -> StoreError {
        match &e {
            sqlx::Error::Database(d) if d.is_unique_violation() => StoreError::Conflict(message()),
            _ => StoreError::Database(e),
        }
    }
}

/// The store's result.
pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// Which database a store is on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    /// SQLite: one file.
    Sqlite,
    /// PostgreSQL.
    Postgres,
}

/// The migrations, embedded at build time (kept in the repository).
fn migrator(backend: Backend) -> Migrator {
    let list: &[(i64, &str, &'static str)] = match backend {
        Backend::Sqlite => &[
            (1, "init", include_str!("../migrations/sqlite/0001_init.sql")),
            (2, "workflow", include_str!("../migrations/sqlite/0002_workflow.sql")),
        ],
        Backend::Postgres => &[
            (1, "init", include_str!("../migrations/postgres/0001_init.sql")),
            (2, "workflow", include_str!("../migrations/postgres/0002_workflow.sql")),
        ],
    };
    Migrator::with_migrations(
        list.iter()
            .map(|(v, d, sql)| {
                use sqlx::SqlSafeStr;
                Migration::new(*v, Cow::Borrowed(*d), MigrationType::Simple, sql.into_sql_str(), false)
            })
            .collect(),
    )
}

/// The persistence of the web workspace. Cheap to clone (a pool handle).
#[derive(Debug, Clone)]
pub struct Store {
    pool: AnyPool,
    backend: Backend,
}

/// `sqlite:PATH` with `mode=rwc` (create the file if missing) unless a mode is given.
fn sqlite_url(url: &str) -> String {
    if url.contains("mode=") || url.contains(":memory:") {
        url.to_string()
    } else if url.contains('?') {
        format!("{url}&mode=rwc")
    } else {
        format!("{url}?mode=rwc")
    }
}

impl Store {
    /// Connects to `url` (`sqlite:jixiao.db`, `sqlite:///abs/path.db`, `postgres://…`),
    /// creating a SQLite file if it is missing, and runs the migrations.
    pub async fn open(url: &str) -> Result<Store> {
        sqlx::any::install_default_drivers();
        let (backend, url) = if url.starts_with("sqlite:") {
            (Backend::Sqlite, sqlite_url(url))
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            (Backend::Postgres, url.to_string())
        } else {
            return Err(StoreError::Url(url.to_string()));
        };
        let options = AnyPoolOptions::new().max_connections(match backend {
            Backend::Sqlite => 8,
            Backend::Postgres => 16,
        });
        let options = match backend {
            Backend::Sqlite => options.after_connect(|conn, _| {
                Box::pin(async move {
                    // Readers do not wait for the writer; saves wait their turn (5 s).
                    sqlx::query("PRAGMA journal_mode = WAL").execute(&mut *conn).await?;
                    sqlx::query("PRAGMA foreign_keys = ON").execute(&mut *conn).await?;
                    sqlx::query("PRAGMA busy_timeout = 5000").execute(&mut *conn).await?;
                    sqlx::query("PRAGMA synchronous = NORMAL").execute(&mut *conn).await?;
                    Ok(())
                })
            }),
            Backend::Postgres => options,
        };
        let pool = options.connect(&url).await?;
        migrator(backend).run(&pool).await?;
        Ok(Store { pool, backend })
    }

    /// Which database this is.
    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// Closes the pool (waits for connections to be returned).
    pub async fn close(&self) {
        self.pool.close().await;
    }

    /// Whether the store has no account yet (a fresh database).
    pub async fn is_empty(&self) -> Result<bool> {
        let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM users").fetch_one(&self.pool).await?;
        Ok(n == 0)
    }
}

/// A fresh random token: 32 bytes as 64 hex digits.
pub fn random_token() -> String {
    let mut bytes = [0u8; 32];
    // The operating system's generator does not fail on the systems jixiao runs on; if it
    // ever did, a panic is better than a predictable token.
    #[allow(clippy::expect_used)]
    getrandom::fill(&mut bytes).expect("the operating system's random generator failed");
    hex(&bytes)
}

/// The SHA-256 of a token, as hex: what the sessions table keeps.
pub fn token_hash(token: &str) -> String {
    use sha2::Digest;
    hex(&sha2::Sha256::digest(token.as_bytes()))
}

fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write;
    bytes.iter().fold(String::with_capacity(bytes.len() * 2), |mut s, b| {
        let _ = write!(s, "{b:02x}");
        s
    })
}
