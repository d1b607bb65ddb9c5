//! The pages (Chinese, server-rendered): 登录, 我的单位, a unit's year (forms by sheet, the
//! findings beside the fields and in a list, the score sheet), history and revisions,
//! import, downloads, a rule's explanation, the audit of a report, one's own password, and
//! administration.
//!
//! Every handler reaches data through the extractors of [`crate::policy`]; every form carries
//! the session's CSRF token; every call into the rest of jixiao goes through
//! [`crate::engine`], off the async threads.
//!
//! One module per part: a unit's year and its history (`year`), downloads and import
//! (`files`), the audit of a report (`audit`), one's password and an administrator's reset
//! (`account`), administration (`admin`); sign-in, 我的单位 and
//! a rule's page here.

mod account;
mod admin;
mod audit;
mod files;
mod year;

use account::*;
use admin::*;
use audit::*;
use files::*;
pub use files::{attachment, read_upload, year_file};
use year::*;

use std::collections::HashMap;

use axum::Router;
use axum::extract::{Form, Multipart, Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use jixiao_store::{NewUnit, NewUser, Revision, Role, Save, Unit};
use serde::Serialize;
use serde_json::{Value, json};

use crate::AppState;
use crate::auth::{self, CSRF_FIELD, LOGIN_COOKIE, Viewer};
use crate::engine::schema::Schema;
use crate::engine::{self, Checked, Finding, LoadProblem, ReportFormat, ReportRefusal, Severity};
use crate::failure::Failure;
use crate::form::{self, Marks, Op};
use crate::policy::{AdminAccess, UnitAccess, YearAccess, visible_units};
use crate::views::{self, page, page_with_status};

/// The page routes.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/", get(home))
        .route("/login", get(login_page).post(login_submit))
        .route("/logout", post(logout))
        .route("/units", get(units_page))
        .route("/units/{unit}/years", post(create_year))
        .route("/units/{unit}/years/{year}", get(year_page))
        .route("/units/{unit}/years/{year}/sheets/{sheet}", post(sheet_submit))
        .route("/units/{unit}/years/{year}/history", get(history_page))
        .route("/units/{unit}/years/{year}/revisions/{rev}", get(revision_page))
        .route("/units/{unit}/years/{year}/revisions/{rev}/restore", post(restore))
        .route("/units/{unit}/years/{year}/import", get(import_page).post(import_preview))
        .route("/units/{unit}/years/{year}/import/confirm", post(import_confirm))
        .route("/units/{unit}/years/{year}/download/{file}", get(download))
        .route("/rules/{code}", get(rule_page))
        .route("/audit", get(audit_page).post(audit_submit))
        .route("/audit/batch", post(audit_batch))
        .route("/admin", get(admin_page))
        .route("/admin/units", post(admin_create_unit))
        .route("/admin/users", post(admin_create_user))
        .route("/admin/years", post(admin_create_year))
        .route("/admin/unlock", post(admin_unlock))
        .route("/admin/password", post(admin_set_password))
        .route("/account", get(account_page))
        .route("/account/password", post(account_password))
        .route("/static/{file}", get(static_file))
}

/// What every signed-in page shows in its header.
fn me(v: &Viewer) -> Value {
    json!({"username": v.user.username, "role": v.user.role.name_zh(), "is_admin": v.user.role == Role::Admin})
}

fn field<'a>(fields: &'a [(String, String)], name: &str) -> Option<&'a str> {
    fields.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
}

async fn home(viewer: Result<Viewer, Failure>) -> Redirect {
    match viewer {
        Ok(_) => Redirect::to("/units"),
        Err(_) => Redirect::to("/login"),
    }
}

async fn static_file(Path(name): Path<String>) -> Result<Response, Failure> {
    let (bytes, mime) = views::static_file(&name).ok_or_else(|| Failure::not_found("没有这个文件"))?;
    let mut r = bytes.into_response();
    r.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static(mime));
    r.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("public, max-age=3600"));
    Ok(r)
}

// ---------------------------------------------------------------- sign in

fn login_form(next: &str, username: &str, message: Option<&str>, status: StatusCode) -> Response {
    let token = jixiao_store::random_token();
    let mut r = page_with_status(
        status,
        "login.html",
        json!({"csrf": token, "next": next, "username": username, "message": message}),
    );
    r.headers_mut().append(header::SET_COOKIE, auth::login_cookie(&token));
    r
}

fn safe_next(next: Option<&str>) -> String {
    match next {
        Some(n) if n.starts_with('/') && !n.starts_with("//") && !n.contains('\\') => n.to_string(),
        _ => "/units".to_string(),
    }
}

async fn login_page(Query(q): Query<HashMap<String, String>>) -> Response {
    login_form(&safe_next(q.get("next").map(String::as_str)), "", None, StatusCode::OK)
}

async fn login_submit(
    State(state): State<AppState>,
    headers: HeaderMap,
    Form(fields): Form<Vec<(String, String)>>,
) -> Response {
    let next = safe_next(field(&fields, "next"));
    let username = field(&fields, "username").unwrap_or("").trim().to_string();
    let password = field(&fields, "password").unwrap_or("");
    let cookie = auth::cookie(&headers, LOGIN_COOKIE).unwrap_or_default();
    if !auth::same_token(field(&fields, CSRF_FIELD).unwrap_or(""), &cookie) {
        return login_form(
            &next,
            &username,
            Some("登录页面已过期或来源不明,请重新输入后登录。"),
            StatusCode::FORBIDDEN,
        );
    }
    match auth::sign_in(&state, &username, password).await {
        Ok((token, _)) => {
            let _ = state.store().delete_expired_sessions(state.now()).await;
            let mut r = Redirect::to(&next).into_response();
            r.headers_mut().append(header::SET_COOKIE, auth::session_cookie(state.config(), &token));
            r
        }
        Err(f) if f.status.is_server_error() => f.into_response(),
        Err(f) => login_form(&next, &username, Some(&f.message), f.status),
    }
}

async fn logout(
    State(state): State<AppState>,
    viewer: Viewer,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response, Failure> {
    viewer.check_form(&fields)?;
    state.store().delete_session(&viewer.token_hash).await?;
    let mut r = Redirect::to("/login").into_response();
    r.headers_mut().append(header::SET_COOKIE, auth::clear_session_cookie());
    Ok(r)
}

// ---------------------------------------------------------------- my units

#[derive(Serialize)]
struct UnitRow {
    code: String,
    name: String,
    depth: usize,
    can_write: bool,
    years: Vec<Value>,
}

fn depth(units: &[Unit], u: &Unit) -> usize {
    let mut d = 0;
    let mut p = u.parent;
    while let Some(id) = p {
        d += 1;
        p = units.iter().find(|x| x.id == id).and_then(|x| x.parent);
        if d > 32 {
            break;
        }
    }
    d
}

async fn units_page(
    State(state): State<AppState>,
    viewer: Viewer,
    Query(q): Query<HashMap<String, String>>,
) -> Result<Response, Failure> {
    let units = state.store().units().await?;
    let years = state.store().all_years().await?;
    let rows: Vec<UnitRow> = visible_units(&viewer.user, &units)
        .into_iter()
        .map(|u| UnitRow {
            code: u.code.clone(),
            name: u.name.clone(),
            depth: depth(&units, u),
            can_write: crate::policy::allows(
                &viewer.user,
                &crate::policy::Target::Unit { unit: u, units: &units, access: crate::policy::Access::Write },
            ),
            years: years
                .iter()
                .filter(|y| y.unit == u.id)
                .map(|y| json!({"year": y.year, "revision": y.revision, "state": y.state.name_zh(), "updated_at": y.updated_at}))
                .collect(),
        })
        .collect();
    Ok(page("units.html", json!({"me": me(&viewer), "csrf": viewer.csrf, "units": rows, "notice": q.get("done")})))
}

async fn create_year(
    State(state): State<AppState>,
    access: UnitAccess,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response, Failure> {
    access.viewer.check_form(&fields)?;
    let year = parse_year(field(&fields, "year"), state.now())?;
    state.store().create_year(access.unit.id, year, state.now()).await?;
    Ok(Redirect::to(&format!("/units/{}/years/{year}", access.unit.code)).into_response())
}

/// A year typed into a form: four digits (full-width ones, as Chinese input methods give them,
/// count too), from 2000 to next year (北京时间 `now`): a self-evaluation is of a year that
/// has ended or is under way, and a slip of the keyboard (1999, 2204) would leave a stray year
/// in every list.
fn parse_year(s: Option<&str>, now: i64) -> Result<i64, Failure> {
    let this_year: i64 =
        crate::workflow::date_text(crate::workflow::today(now)).get(..4).and_then(|y| y.parse().ok()).unwrap_or(2100);
    let last = this_year + 1;
    let digits: Option<String> = s.map(|y| {
        y.trim()
            .chars()
            .map(|c| match c {
                '０'..='９' => char::from_digit(c as u32 - '０' as u32, 10).unwrap_or(c),
                c => c,
            })
            .collect()
    });
    digits
        .and_then(|y| y.parse::<i64>().ok())
        .filter(|y| (2000..=last).contains(y))
        .ok_or_else(|| Failure::bad_request(format!("年度应为 2000–{last} 之间的四位数字,如 {this_year}")))
}

// ---------------------------------------------------------------- rules

async fn rule_page(viewer: Viewer, Path(code): Path<String>) -> Result<Response, Failure> {
    let doc = engine::explain(&code).ok_or_else(|| Failure::not_found(format!("没有代码为“{code}”的规则")))?;
    Ok(page(
        "rule.html",
        json!({"me": me(&viewer), "csrf": viewer.csrf, "rule": doc, "html": views::markdown(&doc.text)}),
    ))
}
