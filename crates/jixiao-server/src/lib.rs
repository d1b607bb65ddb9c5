//! # jixiao-server
//!
//! The web workspace (`jixiao serve`): finance staff sign in, fill in a unit's year in forms
//! that follow the 填报工作簿's sheets, see the rule engine's findings beside the fields after
//! each save, import and download workbooks, records and reports, browse and restore
//! revisions, and audit an existing report. A JSON API (documented in `docs/api.md`) serves
//! scripts and the 一体化 platform.
//!
//! - [`app`] builds the axum router from a [`Config`] and a [`Store`], so tests start it on
//!   port 0 with a temporary database; [`serve`] runs it (what `jixiao serve` calls);
//!   [`demo::load_demo`] fills an empty store with the demo units and accounts;
//!   [`init_admin`] creates the first 管理员.
//! - [`policy`] is the one place that decides who may see or change what (role × unit);
//!   every route goes through its extractors.
//! - [`engine`] is the one module that calls the rest of jixiao (load, check, score, render,
//!   import, export, audit).
//! - [`form`] turns the workbook layout into forms and applies what a form sends back to the
//!   record's JSON, by field path, keeping every number exactly as typed.
//!
//! It is not a place for domain logic: figures are checked, scored and written only by the
//! library crates behind [`engine`]; persistence is `jixiao-store`'s.

pub mod api;
pub mod api_workflow;
pub mod auth;
pub mod demo;
pub mod engine;
pub mod failure;
pub mod form;
pub mod pages;
pub mod pages_workflow;
pub mod policy;
pub mod rollup;
pub mod views;
pub mod workflow;

use std::net::SocketAddr;
use std::sync::Arc;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use jixiao_store::Store;

pub use demo::{DEMO_ACCOUNTS, DEMO_PASSWORD, load_demo};
pub use failure::Failure;

/// A clock: Unix seconds. The server reads time only through it (tests move it).
pub type Clock = Arc<dyn Fn() -> i64 + Send + Sync>;

/// The system clock.
pub fn system_clock() -> Clock {
    Arc::new(|| std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs() as i64))
}

/// How the server runs.
#[derive(Clone)]
pub struct Config {
    /// Where to listen (127.0.0.1:8080).
    pub addr: SocketAddr,
    /// The database: `sqlite:jixiao.db` (created on first start) or `postgres://…`.
    pub database: String,
    /// Load the demo units and accounts into an empty database.
    pub demo: bool,
    /// How long a session lasts, in seconds (12 hours).
    pub session_seconds: i64,
    /// The largest request body (uploads), in bytes (20 MiB).
    pub max_body_bytes: usize,
    /// Wrong passwords in a row that lock a user name (10).
    pub lock_after: i64,
    /// How long a lock lasts, in seconds (30 minutes).
    pub lock_seconds: i64,
    /// Mark the session cookie `Secure` (behind HTTPS).
    pub secure_cookies: bool,
    /// The clock.
    pub clock: Clock,
}

impl Default for Config {
    fn default() -> Config {
        Config {
            addr: SocketAddr::from(([127, 0, 0, 1], 8080)),
            database: "sqlite:jixiao.db".into(),
            demo: false,
            session_seconds: 12 * 3600,
            max_body_bytes: 20 * 1024 * 1024,
            lock_after: 10,
            lock_seconds: 30 * 60,
            secure_cookies: false,
            clock: system_clock(),
        }
    }
}

impl std::fmt::Debug for Config {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Config")
            .field("addr", &self.addr)
            .field("database", &self.database)
            .field("demo", &self.demo)
            .field("max_body_bytes", &self.max_body_bytes)
            .finish_non_exhaustive()
    }
}

/// What every handler shares.
#[derive(Clone)]
pub struct AppState {
    inner: Arc<Inner>,
}

struct Inner {
    config: Config,
    store: Store,
}

impl AppState {
    /// The store.
    pub fn store(&self) -> &Store {
        &self.inner.store
    }

    /// The configuration.
    pub fn config(&self) -> &Config {
        &self.inner.config
    }

    /// Now, by the configured clock.
    pub fn now(&self) -> i64 {
        (self.inner.config.clock)()
    }
}

/// The whole application: pages, API, static files, with the body limit, the failure
/// renderer and the panic catcher around it.
pub fn app(config: Config, store: Store) -> Router {
    let limit = config.max_body_bytes;
    let state = AppState { inner: Arc::new(Inner { config, store }) };
    Router::new()
        .merge(pages::routes())
        .merge(api::routes())
        .merge(pages_workflow::routes())
        .merge(api_workflow::routes())
        .fallback(failure::not_found)
        .layer(DefaultBodyLimit::max(limit))
        .layer(axum::middleware::from_fn_with_state(state.clone(), failure::render_failures))
        .layer(axum::middleware::map_response(security_headers))
        .layer(tower_http::catch_panic::CatchPanicLayer::custom(failure::panic_response))
        .with_state(state)
}

/// Headers every answer carries: no sniffing of content types, no framing by other sites, no
/// script from anywhere but this server (htmx is served from `/static`).
async fn security_headers(mut r: axum::response::Response) -> axum::response::Response {
    use axum::http::HeaderValue;
    let h = r.headers_mut();
    h.insert("x-content-type-options", HeaderValue::from_static("nosniff"));
    h.insert("x-frame-options", HeaderValue::from_static("DENY"));
    h.insert("referrer-policy", HeaderValue::from_static("same-origin"));
    // A unit's record is not kept by the browser: on a shared office computer the next person
    // pressing Back after 退出 sees the sign-in page, not the record. Only the style sheet and
    // script (`/static/`) say that they may be kept.
    h.entry("cache-control").or_insert(HeaderValue::from_static("no-store"));
    h.entry("content-security-policy").or_insert(HeaderValue::from_static(
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; frame-ancestors 'none'; form-action 'self'",
    ));
    r
}

/// Why the server could not start or stopped.
#[derive(Debug, thiserror::Error)]
pub enum ServerError {
    /// The store.
    #[error(transparent)]
    Store(#[from] jixiao_store::StoreError),
    /// The network or the runtime.
    #[error("无法启动网页服务:{0}")]
    Io(#[from] std::io::Error),
    /// A request that makes no sense (an empty user name, a short password).
    #[error("{0}")]
    Invalid(String),
}

/// Runs the web workspace until Ctrl-C: opens (creates, migrates) the database, loads the
/// demo into an empty one when asked, listens on `config.addr` and prints the address in
/// Chinese. Blocks; starts its own runtime.
pub fn serve(config: Config) -> Result<(), ServerError> {
    init_logging();
    let rt = tokio::runtime::Builder::new_multi_thread().enable_all().build()?;
    rt.block_on(async move {
        let store = Store::open(&config.database).await?;
        if config.demo {
            if store.is_empty().await? {
                load_demo(&store, (config.clock)()).await?;
                println!("已载入演示数据。");
            }
            if store.credentials(DEMO_ACCOUNTS[2].0).await?.is_some() {
                println!("演示账号(密码均为 {DEMO_PASSWORD}):");
                for (name, what) in DEMO_ACCOUNTS {
                    println!("  {name:<10} {what}");
                }
            } else {
                println!("数据库 {} 中已有其他数据,未载入演示数据;请换一个空的数据库。", config.database);
            }
        } else if store.is_empty().await? {
            println!(
                "数据库中还没有账号:请先运行 jixiao serve --init-admin 用户名 创建管理员,或用 --demo 载入演示数据。"
            );
        }
        let listener = tokio::net::TcpListener::bind(config.addr).await?;
        let addr = listener.local_addr()?;
        println!("jixiao 网页工作台已启动:http://{addr}/  (数据库:{};按 Ctrl-C 停止)", config.database);
        tracing::info!(%addr, "listening");
        axum::serve(listener, app(config, store))
            .with_graceful_shutdown(async {
                let _ = tokio::signal::ctrl_c().await;
            })
            .await?;
        Ok(())
    })
}

/// Logs to standard error (`RUST_LOG` filters; `info` by default), unless the program has
/// set up logging itself.
pub fn init_logging() {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info,sqlx=warn"));
    let ansi = std::io::IsTerminal::is_terminal(&std::io::stderr());
    // Another subscriber set up by the program stays (an error here says only that).
    let _ = tracing_subscriber::fmt().with_env_filter(filter).with_ansi(ansi).with_writer(std::io::stderr).try_init();
}

/// Creates a 管理员 account in the database at `database` (creating and migrating it if
/// needed). Blocks; starts its own runtime. The CLI asks for the password.
pub fn init_admin(database: &str, username: &str, password: &str) -> Result<(), ServerError> {
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build()?;
    rt.block_on(async {
        let store = Store::open(database).await?;
        let now = (system_clock())();
        create_admin(&store, username, password, now).await
    })
}

/// Creates a 管理员 account in `store`.
pub async fn create_admin(store: &Store, username: &str, password: &str, now: i64) -> Result<(), ServerError> {
    auth::check_new_account(username, password).map_err(ServerError::Invalid)?;
    let hash = auth::hash_password(password.to_string()).await.map_err(ServerError::Invalid)?;
    store
        .create_user(
            jixiao_store::NewUser { username, password_hash: &hash, role: jixiao_store::Role::Admin, unit: None },
            now,
        )
        .await?;
    Ok(())
}
