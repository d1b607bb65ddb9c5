//! Helpers for tests that run the same suite on SQLite and PostgreSQL.
//!
//! Not for production use: it creates databases with random names and never drops them
//! (the PostgreSQL cluster the tests use is thrown away after the run).

use crate::{Result, Store};

/// The environment variable naming the PostgreSQL server for tests (`postgres://…`).
pub const POSTGRES_ENV: &str = "JIXIAO_TEST_POSTGRES";

/// A new, empty store on a fresh SQLite file inside `dir`.
pub async fn sqlite_in(dir: &std::path::Path) -> Result<Store> {
    Store::open(&sqlite_url_in(dir)).await
}

/// The URL of a new SQLite file inside `dir`.
pub fn sqlite_url_in(dir: &std::path::Path) -> String {
    format!("sqlite://{}/jixiao-{}.db", dir.display(), &crate::random_token()[..12])
}

/// The URL of a new, empty database on the PostgreSQL server named by
/// [`POSTGRES_ENV`], or `None` when the variable is not set.
pub async fn fresh_postgres_url() -> Result<Option<String>> {
    let Ok(base) = std::env::var(POSTGRES_ENV) else { return Ok(None) };
    if base.trim().is_empty() {
        return Ok(None);
    }
    sqlx::any::install_default_drivers();
    use sqlx::Connection;
    let name = format!("jixiao_test_{}", &crate::random_token()[..16]);
    let mut conn = sqlx::AnyConnection::connect(&base).await?;
    sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}"))).execute(&mut conn).await?;
    conn.close().await?;
    Ok(Some(with_database(&base, &name)))
}

/// `postgres://u@h:p/old?x=y` with its database replaced by `name`.
pub fn with_database(url: &str, name: &str) -> String {
    let (base, query) = match url.split_once('?') {
        Some((b, q)) => (b, Some(q)),
        None => (url, None),
    };
    let after_scheme = base.find("://").map_or(0, |i| i + 3);
    let host_end = base[after_scheme..].find('/').map_or(base.len(), |i| after_scheme + i);
    let mut out = format!("{}/{name}", &base[..host_end]);
    if let Some(q) = query {
        out.push('?');
        out.push_str(q);
    }
    out
}

/// The stores every shared test runs against: a fresh SQLite file in `dir`, and a fresh
/// PostgreSQL database when [`POSTGRES_ENV`] is set.
pub async fn backends(dir: &std::path::Path) -> Result<Vec<Store>> {
    let mut out = vec![sqlite_in(dir).await?];
    if let Some(url) = fresh_postgres_url().await? {
        out.push(Store::open(&url).await?);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    #[test]
    fn database_names_are_replaced() {
        use super::with_database;
        assert_eq!(with_database("postgres://u@h:5/a?host=/tmp", "b"), "postgres://u@h:5/b?host=/tmp");
        assert_eq!(with_database("postgres://u@h", "b"), "postgres://u@h/b");
        assert_eq!(with_database("postgres:///a?host=/s&port=1", "b"), "postgres:///b?host=/s&port=1");
    }
}
