//! The pages (Chinese, server-rendered): 登录, 我的单位, a unit's year (forms by sheet, the
//! findings beside the fields and in a list, the score sheet), history and revisions,
//! import, downloads, a rule's explanation, the audit of a report, and administration.
//!
//! Every handler reaches data through the extractors of [`crate::policy`]; every form carries
//! the session's CSRF token; every call into the rest of jixiao goes through
//! [`crate::engine`], off the async threads.

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
        .route("/admin", get(admin_page))
        .route("/admin/units", post(admin_create_unit))
        .route("/admin/users", post(admin_create_user))
        .route("/admin/years", post(admin_create_year))
        .route("/admin/unlock", post(admin_unlock))
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

async fn units_page(State(state): State<AppState>, viewer: Viewer) -> Result<Response, Failure> {
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
    Ok(page("units.html", json!({"me": me(&viewer), "csrf": viewer.csrf, "units": rows})))
}

async fn create_year(
    State(state): State<AppState>,
    access: UnitAccess,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response, Failure> {
    access.viewer.check_form(&fields)?;
    let year = parse_year(field(&fields, "year"))?;
    state.store().create_year(access.unit.id, year, state.now()).await?;
    Ok(Redirect::to(&format!("/units/{}/years/{year}", access.unit.code)).into_response())
}

fn parse_year(s: Option<&str>) -> Result<i64, Failure> {
    s.and_then(|y| y.trim().parse::<i64>().ok())
        .filter(|y| (1990..=2100).contains(y))
        .ok_or_else(|| Failure::bad_request("年度应为 1990–2100 之间的四位数字,如 2024"))
}

// ---------------------------------------------------------------- a unit's year

/// The record of a revision (or the blank record of a year never saved).
fn record_value(unit: &Unit, year: i64, rev: Option<&Revision>) -> Result<Value, Failure> {
    match rev {
        Some(r) => serde_json::from_str(&r.record).map_err(Failure::internal),
        None => Ok(engine::blank_record(&unit.name, year)),
    }
}

async fn revision_or_current(state: &AppState, a: &YearAccess, rev: Option<i64>) -> Result<Option<Revision>, Failure> {
    let n = rev.unwrap_or(a.year.revision);
    if n == 0 {
        return Ok(None);
    }
    match state.store().revision(a.unit.id, a.year.year, n).await? {
        Some(r) => Ok(Some(r)),
        None => Err(Failure::not_found(format!("没有第 {n} 版"))),
    }
}

async fn check_value(record: &Value) -> Result<Result<Checked, Vec<LoadProblem>>, Failure> {
    let text = serde_json::to_string_pretty(record).map_err(Failure::internal)?;
    engine::blocking(move || engine::check(text)).await
}

#[derive(Serialize)]
struct FindingView {
    index: usize,
    severity: &'static str,
    severity_zh: &'static str,
    code: String,
    message: String,
    help: Option<String>,
    label: Option<String>,
    link: Option<String>,
    cell: Option<String>,
    comparison: Option<String>,
}

fn finding_views(
    schema: &Schema,
    findings: &[Finding],
    base: &str,
    cells: Option<&engine::ImportPreview>,
) -> Vec<FindingView> {
    findings
        .iter()
        .enumerate()
        .map(|(i, f)| FindingView {
            index: i,
            severity: if f.severity == Severity::Error { "error" } else { "warning" },
            severity_zh: f.severity.name_zh(),
            code: f.code.clone(),
            message: f.message.clone(),
            help: f.help.clone(),
            label: form::label_of(schema, &f.primary.path),
            link: form::sheet_of(schema, &f.primary.path)
                .map(|s| format!("{base}?sheet={s}#{}", form::anchor(&f.primary.path))),
            cell: cells.and_then(|c| c.cell_of(&f.primary.path)),
            comparison: match (&f.stated, &f.computed) {
                (Some(s), Some(c)) => Some(match &f.tolerance {
                    Some(t) => format!("所述 {s};计算 {c};舍入容差 {t}"),
                    None => format!("所述 {s};计算 {c}"),
                }),
                _ => None,
            },
        })
        .collect()
}

fn score_view(schema: &Schema, checked: &Checked) -> Value {
    let Some(s) = &checked.score else {
        return json!({"note": checked.score_note});
    };
    json!({
        "system": s.system_name,
        "system_id": s.system_id,
        "rows": s.rows.iter().map(|r| json!({
            "code": r.code,
            "name": r.name,
            "level": r.level,
            "max": engine::score_number(r.max_points),
            "self_score": engine::score_number(r.self_score),
            "supported": engine::score_number(r.supported),
            "basis": r.basis,
            "flags": engine::score_flags(&r.flags),
            "link": r.path.as_deref().and_then(|p| form::sheet_of(schema, p).map(|sh| format!("?sheet={sh}#{}", form::anchor(p)))),
        })).collect::<Vec<_>>(),
        "base_total": s.base_total.normalize().to_string(),
        "adjustment": s.adjustment.map(|a| a.normalize().to_string()),
        "total": s.total.normalize().to_string(),
        "max_total": s.max_total.map(|m| m.normalize().to_string()),
        "grade": s.grade,
        "stated_total": s.stated_total.as_ref().map(|t| t.0.normalize().to_string()),
        "stated_total_mismatch": s.stated_total_mismatch,
        "stated_grade": s.stated_grade.as_ref().map(|g| g.0.clone()),
        "grade_mismatch": s.grade_mismatch(),
    })
}

/// What the year page shows besides the record.
struct YearPage<'a> {
    /// The sheet shown: an index into the layout, or `None` for the score sheet.
    sheet: Option<usize>,
    /// A message at the top: (kind, text).
    notice: Option<(&'static str, String)>,
    /// The record shown is a draft (not saved).
    draft: bool,
    /// The revision the form is based on.
    base: i64,
    /// Viewing an old revision (read-only).
    old: Option<&'a Revision>,
    problems: &'a [LoadProblem],
    /// The comments of the last 退回, shown at their fields.
    comments: &'a [jixiao_store::workflow::Comment],
    /// The viewer may review the year.
    can_review: bool,
}

fn year_page_response(
    status: StatusCode,
    a: &YearAccess,
    record: &Value,
    checked: Option<&Checked>,
    p: YearPage<'_>,
) -> Response {
    let base_url = format!("/units/{}/years/{}", a.unit.code, a.year.year);
    let findings: &[Finding] = checked.map_or(&[], |c| &c.findings);
    let mut marks =
        if p.draft && checked.is_none() { Marks::new(&[], p.problems) } else { Marks::new(findings, p.problems) };
    let schema = form::schema_of(record);
    let sheets = schema.sections;
    let tabs: Vec<Value> = sheets
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let (mut e, mut w) = (0, 0);
            for f in findings.iter().filter(|f| form::sheet_of(schema, &f.primary.path) == Some(i)) {
                if f.severity == Severity::Error { e += 1 } else { w += 1 }
            }
            let problems = p.problems.iter().filter(|x| form::sheet_of(schema, &x.path) == Some(i)).count();
            json!({"index": i, "name": s.name, "errors": e + problems, "warnings": w, "active": p.sheet == Some(i)})
        })
        .collect();
    for (i, c) in p.comments.iter().enumerate() {
        let mark = form::Mark {
            severity: "comment",
            code: String::new(),
            message: format!("审核意见:{}", c.text),
            primary: true,
            index: COMMENT_BASE + i,
        };
        marks.add(&c.path, mark);
    }
    let sheet_view = p.sheet.map(|i| form::sheet_view(schema, i, record, &mut marks));
    let comments: Vec<Value> = p
        .comments
        .iter()
        .enumerate()
        .map(|(i, c)| {
            json!({
                "index": COMMENT_BASE + i,
                "label": if c.path.is_empty() { "整体".to_string() } else { form::label_of(schema, &c.path).unwrap_or_else(|| c.path.clone()) },
                "link": form::sheet_of(schema, &c.path).map(|s| format!("{base_url}?sheet={s}#{}", form::anchor(&c.path))),
                "text": c.text, "by": c.author_name,
            })
        })
        .collect();
    let (errors, warnings) = engine::counts(findings);
    let problems: Vec<Value> = p
        .problems
        .iter()
        .enumerate()
        .map(|(i, x)| {
            json!({
                "index": findings.len() + i,
                "label": form::label_of(schema, &x.path).unwrap_or_else(|| x.path.clone()),
                "message": x.message,
                "link": form::sheet_of(schema, &x.path).map(|s| format!("{base_url}?sheet={s}#{}", form::anchor(&x.path))),
            })
        })
        .collect();
    let can_edit = a.can_write && p.old.is_none() && a.year.state == jixiao_store::YearState::Filling;
    let ctx = json!({
        "me": me(&a.viewer),
        "csrf": a.viewer.csrf,
        "unit": {"code": a.unit.code, "name": a.unit.name},
        "year": a.year.year,
        "revision": a.year.revision,
        "state": a.year.state.name_zh(),
        "state_name": a.year.state.as_str(),
        "can_review": p.can_review,
        "comments": comments,
        "updated_at": a.year.updated_at,
        "base": p.base,
        "base_url": base_url,
        "can_write": a.can_write,
        "can_edit": can_edit,
        "draft": p.draft,
        "old": p.old.map(|r| json!({"number": r.number, "author": r.author_name, "created_at": r.created_at, "note": r.note})),
        "notice": p.notice.map(|(kind, text)| json!({"kind": kind, "text": text})),
        "tabs": tabs,
        "sheet": sheet_view,
        "score_tab": p.sheet.is_none(),
        "score": checked.map(|c| score_view(schema, c)),
        "findings": finding_views(schema, findings, &base_url, None),
        "checked": checked.is_some(),
        "summary": checked.map(|c| engine::summary(&c.findings)),
        "errors": errors,
        "warnings": warnings,
        "problems": problems,
        "department": record.get("header").and_then(|h| h.get("department")).and_then(Value::as_str),
    });
    page_with_status(status, "year.html", ctx)
}

/// The index of the first comment in a page's list of marks (after every finding).
const COMMENT_BASE: usize = 100_000;

fn sheet_param(q: &HashMap<String, String>, schema: &Schema) -> Option<usize> {
    match q.get("sheet").map(String::as_str) {
        Some("score") => None,
        Some(s) => Some(s.parse::<usize>().ok().filter(|i| *i < schema.sections.len()).unwrap_or(0)),
        None => Some(0),
    }
}

async fn year_page(
    State(state): State<AppState>,
    a: YearAccess,
    Query(q): Query<HashMap<String, String>>,
) -> Result<Response, Failure> {
    let rev_param = q.get("rev").and_then(|r| r.parse::<i64>().ok()).filter(|r| *r != a.year.revision);
    let rev = revision_or_current(&state, &a, rev_param).await?;
    let record = record_value(&a.unit, a.year.year, rev.as_ref())?;
    let checked = check_value(&record).await?;
    let (checked, problems) = match checked {
        Ok(c) => (Some(c), Vec::new()),
        Err(p) => (None, p),
    };
    let notice = q.get("saved").and_then(|n| n.parse::<i64>().ok()).map(|n| {
        let summary = checked.as_ref().map(|c| engine::summary(&c.findings)).unwrap_or_default();
        ("ok", format!("已保存为第 {n} 版。{summary}"))
    });
    let notice = notice.or_else(|| {
        q.get("moved")
            .and_then(|m| jixiao_store::workflow::Action::parse(m))
            .map(|m| ("ok", format!("已{}:该年度现在是“{}”。", m.name_zh(), a.year.state.name_zh())))
    });
    let comments = if a.year.state == jixiao_store::YearState::Filling && rev_param.is_none() {
        crate::workflow::return_comments(&state, &a.unit, &a.year).await?
    } else {
        Vec::new()
    };
    let units = state.store().units().await?;
    let can_review = crate::policy::can_review(&a.viewer.user, &a.unit, &units);
    let old = rev_param.and(rev.as_ref());
    Ok(year_page_response(
        StatusCode::OK,
        &a,
        &record,
        checked.as_ref(),
        YearPage {
            sheet: sheet_param(&q, form::schema_of(&record)),
            notice,
            draft: false,
            base: a.year.revision,
            old,
            problems: &problems,
            comments: &comments,
            can_review,
        },
    ))
}

async fn sheet_submit(
    State(state): State<AppState>,
    a: YearAccess,
    Path(params): Path<HashMap<String, String>>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response, Failure> {
    a.viewer.check_form(&fields)?;
    let base = field(&fields, "base").and_then(|b| b.parse::<i64>().ok()).unwrap_or(a.year.revision);
    let base_rev = if base == 0 {
        None
    } else {
        Some(
            state
                .store()
                .revision(a.unit.id, a.year.year, base)
                .await?
                .ok_or_else(|| Failure::not_found(format!("没有第 {base} 版")))?,
        )
    };
    let mut record = record_value(&a.unit, a.year.year, base_rev.as_ref())?;
    let schema = form::schema_of(&record);
    let sheet = params
        .get("sheet")
        .and_then(|s| s.parse::<usize>().ok())
        .filter(|i| *i < schema.sections.len())
        .ok_or_else(|| Failure::not_found("没有这张表"))?;
    let op = Op::parse(field(&fields, "op"));
    form::apply(schema, sheet, &mut record, &fields, &op);
    let draft_page = |status, notice: (&'static str, String), problems: &[LoadProblem]| {
        year_page_response(
            status,
            &a,
            &record,
            None,
            YearPage {
                sheet: Some(sheet),
                notice: Some(notice),
                draft: true,
                base,
                old: None,
                problems,
                comments: &[],
                can_review: false,
            },
        )
    };
    if op != Op::Save {
        let what = if matches!(op, Op::Add(_)) { "已添加一行" } else { "已删除一行" };
        return Ok(draft_page(StatusCode::OK, ("info", format!("{what},尚未保存:填好后请点“保存”。")), &[]));
    }
    let checked = match check_value(&record).await? {
        Ok(c) => c,
        Err(problems) => {
            let text =
                format!("未保存:记录中有 {} 处无法读取,请按提示改正后再保存(您填写的内容仍在下面)。", problems.len());
            return Ok(draft_page(StatusCode::UNPROCESSABLE_ENTITY, ("error", text), &problems));
        }
    };
    let save = Save {
        unit: a.unit.id,
        year: a.year.year,
        base,
        record: &checked.text,
        author: a.viewer.user.id,
        note: "",
        now: state.now(),
    };
    match state.store().save(save).await {
        Ok(n) => Ok(Redirect::to(&format!("/units/{}/years/{}?sheet={sheet}&saved={n}", a.unit.code, a.year.year))
            .into_response()),
        Err(jixiao_store::StoreError::Stale { current, .. }) => {
            let text = format!(
                "未保存:在您打开之后,记录已被他人保存为第 {current} 版(您打开的是第 {base} 版)。为免覆盖他人的修改,这次没有保存;您填写的内容仍在下面。请记下您的修改,打开最新版本后重新填写。"
            );
            Ok(draft_page(StatusCode::CONFLICT, ("error", text), &[]))
        }
        Err(e) => Err(e.into()),
    }
}

// ---------------------------------------------------------------- history

async fn history_page(State(state): State<AppState>, a: YearAccess) -> Result<Response, Failure> {
    let list = state.store().revisions(a.unit.id, a.year.year).await?;
    let moves = state.store().moves(a.unit.id, a.year.year).await?;
    Ok(page(
        "history.html",
        json!({
            "me": me(&a.viewer), "csrf": a.viewer.csrf,
            "unit": {"code": a.unit.code, "name": a.unit.name}, "year": a.year.year,
            "revision": a.year.revision, "can_write": a.can_write,
            "base_url": format!("/units/{}/years/{}", a.unit.code, a.year.year),
            "revisions": list,
            "moves": moves.iter().map(crate::workflow::move_json).collect::<Vec<_>>(),
        }),
    ))
}

fn change_rows(schema: &Schema, changes: &[jixiao_store::Change]) -> Vec<Value> {
    let show = |v: &Option<String>| -> String {
        match v.as_deref().map(serde_json::from_str::<Value>) {
            None => String::new(),
            Some(Ok(v)) => form::shown(Some(&v)),
            Some(Err(_)) => v.clone().unwrap_or_default(),
        }
    };
    changes
        .iter()
        .map(|c| {
            json!({
                "path": c.path,
                "label": form::label_of(schema, &c.path),
                "old": show(&c.old),
                "new": show(&c.new),
                "added": c.old.is_none(),
                "removed": c.new.is_none(),
            })
        })
        .collect()
}

async fn revision_page(
    State(state): State<AppState>,
    a: YearAccess,
    Path(params): Path<HashMap<String, String>>,
    Query(q): Query<HashMap<String, String>>,
) -> Result<Response, Failure> {
    let n = params.get("rev").and_then(|r| r.parse::<i64>().ok()).ok_or_else(|| Failure::not_found("版本号有误"))?;
    let rev = state
        .store()
        .revision(a.unit.id, a.year.year, n)
        .await?
        .ok_or_else(|| Failure::not_found(format!("没有第 {n} 版")))?;
    let against = q.get("against").and_then(|r| r.parse::<i64>().ok()).unwrap_or(n - 1);
    let other = if against <= 0 {
        None
    } else {
        Some(
            state
                .store()
                .revision(a.unit.id, a.year.year, against)
                .await?
                .ok_or_else(|| Failure::not_found(format!("没有第 {against} 版")))?,
        )
    };
    let new_v: Value = serde_json::from_str(&rev.record).map_err(Failure::internal)?;
    let old_v = match &other {
        Some(o) => serde_json::from_str(&o.record).map_err(Failure::internal)?,
        None => Value::Null,
    };
    let changes = jixiao_store::changes(&old_v, &new_v);
    Ok(page(
        "revision.html",
        json!({
            "me": me(&a.viewer), "csrf": a.viewer.csrf,
            "unit": {"code": a.unit.code, "name": a.unit.name}, "year": a.year.year,
            "current": a.year.revision, "can_write": a.can_write,
            "base_url": format!("/units/{}/years/{}", a.unit.code, a.year.year),
            "rev": rev, "against": against.max(0),
            "changes": change_rows(form::schema_of(&new_v), &changes),
        }),
    ))
}

async fn restore(
    State(state): State<AppState>,
    a: YearAccess,
    Path(params): Path<HashMap<String, String>>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response, Failure> {
    a.viewer.check_form(&fields)?;
    let n = params.get("rev").and_then(|r| r.parse::<i64>().ok()).ok_or_else(|| Failure::not_found("版本号有误"))?;
    let rev = state
        .store()
        .revision(a.unit.id, a.year.year, n)
        .await?
        .ok_or_else(|| Failure::not_found(format!("没有第 {n} 版")))?;
    let base = field(&fields, "base").and_then(|b| b.parse::<i64>().ok()).unwrap_or(a.year.revision);
    let note = format!("恢复为第 {n} 版");
    let saved = state
        .store()
        .save(Save {
            unit: a.unit.id,
            year: a.year.year,
            base,
            record: &rev.record,
            author: a.viewer.user.id,
            note: &note,
            now: state.now(),
        })
        .await?;
    Ok(Redirect::to(&format!("/units/{}/years/{}?saved={saved}", a.unit.code, a.year.year)).into_response())
}

// ---------------------------------------------------------------- downloads

/// A download's `Content-Disposition` with a Chinese file name.
pub fn attachment(name: &str) -> HeaderValue {
    let ascii: String =
        name.chars().map(|c| if c.is_ascii_alphanumeric() || c == '.' || c == '-' { c } else { '_' }).collect();
    HeaderValue::from_str(&format!("attachment; filename=\"{ascii}\"; filename*=UTF-8''{}", views::url_encode(name)))
        .unwrap_or_else(|_| HeaderValue::from_static("attachment"))
}

/// A file of a unit's year: the record (JSON, TOML), the workbook, or the report; the report
/// is refused while the record has errors.
pub async fn year_file(checked: Checked, file: &str, stem: &str) -> Result<Response, Failure> {
    let (bytes, mime, name): (Vec<u8>, &str, String) = match file {
        "record.json" => (checked.text.clone().into_bytes(), "application/json; charset=utf-8", format!("{stem}.json")),
        "record.toml" => {
            let t = engine::record_toml(&checked).map_err(Failure::internal)?;
            (t.into_bytes(), "application/toml; charset=utf-8", format!("{stem}.toml"))
        }
        "workbook.xlsx" => {
            let b = engine::blocking(move || engine::workbook(&checked)).await?.map_err(Failure::unprocessable)?;
            (b, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", format!("{stem}-填报工作簿.xlsx"))
        }
        f => {
            let ext = f.strip_prefix("report.").ok_or_else(|| Failure::not_found("没有这种文件"))?;
            let format = ReportFormat::from_ext(ext).ok_or_else(|| Failure::not_found("没有这种报告格式"))?;
            let errors: Vec<String> = checked
                .findings
                .iter()
                .filter(|f| f.severity == Severity::Error)
                .map(|f| format!("错误[{}]:{}", f.code, f.message))
                .collect();
            let findings = engine::findings_json(&checked, "record.json");
            let result = engine::blocking(move || engine::report(&checked, format)).await?;
            let bytes = match result {
                Ok(b) => b,
                Err(ReportRefusal::Errors(n)) => {
                    let errs: Vec<Value> = findings
                        .as_array()
                        .into_iter()
                        .flatten()
                        .filter(|f| f["severity"] == "error")
                        .cloned()
                        .collect();
                    return Err(Failure::conflict(format!(
                        "报告未生成:记录中有 {n} 个错误。请先改正记录(与命令行 jixiao report 相同)。"
                    ))
                    .with_items(errors)
                    .with_details(json!({"findings": errs})));
                }
                Err(ReportRefusal::Project) => {
                    return Err(Failure::unprocessable("目前只能为部门整体支出绩效自评生成报告"));
                }
                Err(ReportRefusal::Failed(e)) => {
                    // The writers say what failed in Chinese (a missing CJK font, the typesetter).
                    tracing::error!(error = %e, "report failed");
                    return Err(Failure::new(StatusCode::INTERNAL_SERVER_ERROR, format!("报告生成失败:{e}")));
                }
            };
            (bytes, format.mime(), format!("{stem}-自评报告.{}", format.ext()))
        }
    };
    let mut r = bytes.into_response();
    r.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_str(mime).unwrap_or(HeaderValue::from_static("application/octet-stream")),
    );
    r.headers_mut().insert(header::CONTENT_DISPOSITION, attachment(&name));
    Ok(r)
}

async fn download(
    State(state): State<AppState>,
    a: YearAccess,
    Path(params): Path<HashMap<String, String>>,
    Query(q): Query<HashMap<String, String>>,
) -> Result<Response, Failure> {
    let file = params.get("file").cloned().unwrap_or_default();
    let rev = revision_or_current(&state, &a, q.get("rev").and_then(|r| r.parse().ok())).await?;
    let record = record_value(&a.unit, a.year.year, rev.as_ref())?;
    let checked = check_value(&record).await?.map_err(|p| {
        Failure::unprocessable("记录无法读取").with_items(p.iter().map(|x| x.message.clone()).collect())
    })?;
    let stem = format!("{}-{}年度", a.unit.name, a.year.year);
    year_file(checked, &file, &stem).await
}

// ---------------------------------------------------------------- rules

async fn rule_page(viewer: Viewer, Path(code): Path<String>) -> Result<Response, Failure> {
    let doc = engine::explain(&code).ok_or_else(|| Failure::not_found(format!("没有代码为“{code}”的规则")))?;
    Ok(page(
        "rule.html",
        json!({"me": me(&viewer), "csrf": viewer.csrf, "rule": doc, "html": views::markdown(&doc.text)}),
    ))
}

// ---------------------------------------------------------------- import

async fn import_page(a: YearAccess) -> Result<Response, Failure> {
    Ok(page(
        "import.html",
        json!({
            "me": me(&a.viewer), "csrf": a.viewer.csrf,
            "unit": {"code": a.unit.code, "name": a.unit.name}, "year": a.year.year,
            "base_url": format!("/units/{}/years/{}", a.unit.code, a.year.year),
            "stage": "upload", "can_write": a.can_write,
        }),
    ))
}

/// The fields and the one file of a multipart upload.
pub async fn read_upload(
    mut mp: Multipart,
    limit: usize,
) -> Result<(Vec<(String, String)>, Option<(String, Vec<u8>)>), Failure> {
    let mut fields = Vec::new();
    let mut file = None;
    let too_large = |_| crate::failure::too_large(limit, None);
    while let Some(f) = mp.next_field().await.map_err(|e| {
        if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
            too_large(())
        } else {
            Failure::bad_request(format!("上传的内容无法读取:{e}"))
        }
    })? {
        let name = f.name().unwrap_or("").to_string();
        match f.file_name().map(str::to_string) {
            Some(file_name) => {
                let bytes = f.bytes().await.map_err(|e| {
                    if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
                        too_large(())
                    } else {
                        Failure::bad_request(format!("上传的文件无法读取:{e}"))
                    }
                })?;
                if !bytes.is_empty() {
                    file = Some((file_name, bytes.to_vec()));
                }
            }
            None => {
                let text = f.text().await.map_err(|e| Failure::bad_request(format!("上传的内容无法读取:{e}")))?;
                fields.push((name, text));
            }
        }
    }
    Ok((fields, file))
}

async fn import_preview(State(state): State<AppState>, a: YearAccess, mp: Multipart) -> Result<Response, Failure> {
    let (fields, file) = read_upload(mp, state.config().max_body_bytes).await?;
    a.viewer.check_form(&fields)?;
    let (name, bytes) = file.ok_or_else(|| Failure::bad_request("请选择要导入的填报工作簿(.xlsx)"))?;
    let base_url = format!("/units/{}/years/{}", a.unit.code, a.year.year);
    let common = json!({
        "me": me(&a.viewer), "csrf": a.viewer.csrf,
        "unit": {"code": a.unit.code, "name": a.unit.name}, "year": a.year.year,
        "base_url": base_url, "file_name": name, "can_write": a.can_write,
    });
    let n2 = name.clone();
    let preview = engine::blocking(move || engine::import_workbook(&n2, &bytes)).await?;
    let preview = match preview {
        Ok(p) => p,
        Err(engine::ImportFailure::Cells(cells)) => {
            let mut ctx = common;
            ctx["stage"] = json!("refused");
            ctx["message"] = json!(format!("工作簿中有 {} 处需要改正,未能读取;未做任何修改。", cells.len()));
            ctx["cells"] = json!(cells.iter().map(|(c, m)| json!({"cell": c, "message": m})).collect::<Vec<_>>());
            return Ok(page_with_status(StatusCode::UNPROCESSABLE_ENTITY, "import.html", ctx));
        }
        Err(engine::ImportFailure::File(m)) => {
            let mut ctx = common;
            ctx["stage"] = json!("refused");
            ctx["message"] = json!(format!("无法读取 {name}:{m}。未做任何修改。"));
            return Ok(page_with_status(StatusCode::UNPROCESSABLE_ENTITY, "import.html", ctx));
        }
    };
    let current = revision_or_current(&state, &a, None).await?;
    let current_v = record_value(&a.unit, a.year.year, current.as_ref())?;
    let new_v: Value = serde_json::from_str(&preview.record_json).map_err(Failure::internal)?;
    let changes = jixiao_store::changes(&current_v, &new_v);
    let (errors, warnings) = preview.checked.counts();
    let mut ctx = common;
    ctx["stage"] = json!("preview");
    ctx["summary"] = json!(engine::summary(&preview.checked.findings));
    ctx["errors"] = json!(errors);
    ctx["warnings"] = json!(warnings);
    ctx["findings"] = json!(finding_views(
        form::schema_of(&new_v),
        &preview.checked.findings,
        &format!("/units/{}/years/{}", a.unit.code, a.year.year),
        Some(&preview)
    ));
    ctx["notes"] = json!(preview.notes);
    ctx["changes"] = json!(change_rows(form::schema_of(&new_v), &changes));
    ctx["record_json"] = json!(preview.record_json);
    ctx["base"] = json!(a.year.revision);
    Ok(page("import.html", ctx))
}

async fn import_confirm(
    State(state): State<AppState>,
    a: YearAccess,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response, Failure> {
    a.viewer.check_form(&fields)?;
    let text = field(&fields, "record").unwrap_or("").to_string();
    let base = field(&fields, "base").and_then(|b| b.parse::<i64>().ok()).unwrap_or(a.year.revision);
    let file = field(&fields, "file_name").unwrap_or("").to_string();
    let checked = engine::blocking(move || engine::check(text)).await?.map_err(|p| {
        Failure::unprocessable("导入的记录无法读取,未做任何修改")
            .with_items(p.iter().map(|x| x.message.clone()).collect())
    })?;
    let (errors, _) = checked.counts();
    if errors > 0 && field(&fields, "accept_errors") != Some("yes") {
        return Err(Failure::unprocessable(format!(
            "工作簿中的记录有 {errors} 个错误:未导入。若仍要导入,请勾选“仍要导入”后确认。"
        )));
    }
    let note = if file.is_empty() { "导入工作簿".to_string() } else { format!("导入工作簿 {file}") };
    let n = state
        .store()
        .save(Save {
            unit: a.unit.id,
            year: a.year.year,
            base,
            record: &checked.text,
            author: a.viewer.user.id,
            note: &note,
            now: state.now(),
        })
        .await?;
    Ok(Redirect::to(&format!("/units/{}/years/{}?saved={n}", a.unit.code, a.year.year)).into_response())
}

// ---------------------------------------------------------------- audit

async fn audit_page(viewer: Viewer) -> Response {
    page("audit.html", json!({"me": me(&viewer), "csrf": viewer.csrf}))
}

/// The report's text with the flagged figures marked: escaped text and `<mark>`s.
fn highlighted(text: &str, findings: &[engine::Marked]) -> String {
    let mut spans: Vec<(usize, usize, usize, bool, &'static str, String)> = Vec::new();
    for (i, (f, ss)) in findings.iter().enumerate() {
        let sev = if f.severity == Severity::Error { "error" } else { "warning" };
        for (j, (s, e, label)) in ss.iter().enumerate() {
            let title = match label {
                Some(l) => format!("{}[{}] {l}", f.severity.name_zh(), f.code),
                None => format!("{}[{}]", f.severity.name_zh(), f.code),
            };
            spans.push((*s, *e, i, j == 0, sev, title));
        }
    }
    spans.sort_by_key(|s| (s.0, std::cmp::Reverse(s.1)));
    let esc = |s: &str| s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;");
    let mut out = String::new();
    let mut at = 0;
    for (s, e, i, primary, sev, title) in spans {
        if s < at || e <= s || e > text.len() || !text.is_char_boundary(s) || !text.is_char_boundary(e) {
            continue;
        }
        out.push_str(&esc(&text[at..s]));
        let id = if primary { format!(" id=\"mark-{i}\"") } else { String::new() };
        out.push_str(&format!(
            "<a href=\"#finding-{i}\" class=\"mark {sev}{}\"{id} title=\"{}\">{}</a>",
            if primary { " primary" } else { "" },
            esc(&title),
            esc(&text[s..e])
        ));
        at = e;
    }
    out.push_str(&esc(&text[at..]));
    out
}

async fn audit_submit(State(state): State<AppState>, viewer: Viewer, mp: Multipart) -> Result<Response, Failure> {
    let (fields, file) = read_upload(mp, state.config().max_body_bytes).await?;
    viewer.check_form(&fields)?;
    let (name, bytes) =
        file.ok_or_else(|| Failure::bad_request("请选择要审核的报告文件(.pdf、.docx、.txt、.html、.md)"))?;
    let n2 = name.clone();
    let audited = engine::blocking(move || engine::audit(&n2, &bytes)).await?;
    let audited = match audited {
        Ok(a) => a,
        Err(m) => {
            return Ok(page_with_status(
                StatusCode::UNPROCESSABLE_ENTITY,
                "audit.html",
                json!({"me": me(&viewer), "csrf": viewer.csrf, "file_name": name, "error": format!("无法读取 {name}:{m}")}),
            ));
        }
    };
    let findings: Vec<Value> = audited
        .findings
        .iter()
        .enumerate()
        .map(|(i, (f, spans))| {
            json!({
                "index": i,
                "severity": if f.severity == Severity::Error { "error" } else { "warning" },
                "severity_zh": f.severity.name_zh(),
                "code": f.code, "message": f.message, "help": f.help,
                "has_mark": !spans.is_empty(),
            })
        })
        .collect();
    Ok(page(
        "audit.html",
        json!({
            "me": me(&viewer), "csrf": viewer.csrf, "file_name": name,
            "summary": audited.summary, "coverage": audited.coverage, "findings": findings,
            "recognised": audited.recognised,
            "text_html": highlighted(&audited.text, &audited.findings),
        }),
    ))
}

// ---------------------------------------------------------------- administration

async fn admin_page(
    State(state): State<AppState>,
    AdminAccess(viewer): AdminAccess,
    Query(q): Query<HashMap<String, String>>,
) -> Result<Response, Failure> {
    let units = state.store().units().await?;
    let users = state.store().users().await?;
    let mut locked = Vec::new();
    for u in &users {
        let f = state.store().login_failures(&u.username).await?;
        locked.push(json!({"failures": f.failures, "locked": f.locked_at(state.now())}));
    }
    let name_of = |id: Option<i64>| id.and_then(|i| units.iter().find(|u| u.id == i)).map(|u| u.name.clone());
    Ok(page(
        "admin.html",
        json!({
            "me": me(&viewer), "csrf": viewer.csrf,
            "notice": q.get("done"),
            "units": visible_units(&viewer.user, &units).into_iter().map(|u| json!({
                "id": u.id, "code": u.code, "name": u.name, "parent": name_of(u.parent), "depth": depth(&units, u),
            })).collect::<Vec<_>>(),
            "users": users.iter().zip(locked).map(|(u, l)| json!({
                "username": u.username, "role": u.role.name_zh(), "unit": name_of(u.unit),
                "failures": l["failures"], "locked": l["locked"],
            })).collect::<Vec<_>>(),
        }),
    ))
}

fn unit_code_ok(code: &str) -> bool {
    !code.is_empty() && code.len() <= 64 && code.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

async fn admin_create_unit(
    State(state): State<AppState>,
    AdminAccess(viewer): AdminAccess,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response, Failure> {
    viewer.check_form(&fields)?;
    let name = field(&fields, "name").unwrap_or("").trim();
    let code = field(&fields, "code").unwrap_or("").trim();
    if name.is_empty() {
        return Err(Failure::bad_request("请填写单位名称"));
    }
    if !unit_code_ok(code) {
        return Err(Failure::bad_request("单位代码只能由字母、数字、- 和 _ 组成(用在网址中),如 lcrsj"));
    }
    let parent = field(&fields, "parent").and_then(|p| p.parse::<i64>().ok());
    if let Some(p) = parent
        && state.store().unit(p).await?.is_none()
    {
        return Err(Failure::bad_request("上级单位不存在"));
    }
    state.store().create_unit(NewUnit { code, name, parent }, state.now()).await?;
    Ok(Redirect::to(&format!("/admin?done={}", views::url_encode(&format!("已创建单位“{name}”")))).into_response())
}

async fn admin_create_user(
    State(state): State<AppState>,
    AdminAccess(viewer): AdminAccess,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response, Failure> {
    viewer.check_form(&fields)?;
    let username = field(&fields, "username").unwrap_or("").trim();
    let password = field(&fields, "password").unwrap_or("");
    auth::check_new_account(username, password).map_err(Failure::bad_request)?;
    let role = field(&fields, "role").and_then(Role::parse).ok_or_else(|| Failure::bad_request("请选择角色"))?;
    let unit = field(&fields, "unit").and_then(|p| p.parse::<i64>().ok());
    if role != Role::Admin && unit.is_none() {
        return Err(Failure::bad_request("填报人和审核人须选择所属单位"));
    }
    let hash = auth::hash_password(password.to_string()).await.map_err(Failure::internal)?;
    state.store().create_user(NewUser { username, password_hash: &hash, role, unit }, state.now()).await?;
    Ok(Redirect::to(&format!("/admin?done={}", views::url_encode(&format!("已创建账号“{username}”")))).into_response())
}

async fn admin_create_year(
    State(state): State<AppState>,
    AdminAccess(viewer): AdminAccess,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response, Failure> {
    viewer.check_form(&fields)?;
    let unit =
        field(&fields, "unit").and_then(|p| p.parse::<i64>().ok()).ok_or_else(|| Failure::bad_request("请选择单位"))?;
    let year = parse_year(field(&fields, "year"))?;
    state.store().create_year(unit, year, state.now()).await?;
    Ok(Redirect::to(&format!("/admin?done={}", views::url_encode(&format!("已新建 {year} 年度")))).into_response())
}

async fn admin_unlock(
    State(state): State<AppState>,
    AdminAccess(viewer): AdminAccess,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response, Failure> {
    viewer.check_form(&fields)?;
    let username = field(&fields, "username").unwrap_or("");
    state.store().clear_login_failures(username).await?;
    Ok(Redirect::to(&format!("/admin?done={}", views::url_encode(&format!("已解锁“{username}”")))).into_response())
}
