//! The JSON API (documented in `docs/api.md`): sign in, the units the user may see, a
//! year's record (read, and write with the revision it is based on), its findings in the
//! shape of `jixiao check --format json`, its report, and a workbook import.
//!
//! The same extractors as the pages decide who may reach what ([`crate::policy`]); failures
//! are JSON `{"error": "…中文…", …}` with the HTTP status.

use std::collections::HashMap;

use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use jixiao_store::Save;
use serde::Deserialize;
use serde_json::{Value, json};

use crate::AppState;
use crate::auth::{self, Viewer};
use crate::engine::{self, Checked};
use crate::failure::Failure;
use crate::form;
use crate::policy::{UnitAccess, YearAccess, visible_units};

/// The API routes.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/healthz", get(healthz))
        .route("/api/session", post(sign_in).delete(sign_out))
        .route("/api/units", get(units))
        .route("/api/units/{unit}/years", get(years))
        .route("/api/units/{unit}/years/{year}/record", get(get_record).put(put_record))
        .route("/api/units/{unit}/years/{year}/findings", get(findings))
        .route("/api/units/{unit}/years/{year}/workbook", post(post_workbook))
        .route("/api/units/{unit}/years/{year}/{file}", get(file))
}

async fn healthz(State(state): State<AppState>) -> Result<Response, Failure> {
    state.store().is_empty().await?;
    Ok(axum::Json(json!({"status": "ok"})).into_response())
}

#[derive(Deserialize)]
struct SignIn {
    username: String,
    password: String,
}

async fn sign_in(State(state): State<AppState>, axum::Json(body): axum::Json<SignIn>) -> Result<Response, Failure> {
    let (token, user) = auth::sign_in(&state, &body.username, &body.password).await?;
    let session = state.store().session(&jixiao_store::token_hash(&token), state.now()).await?;
    let units = state.store().units().await?;
    let unit = user.unit.and_then(|id| units.iter().find(|u| u.id == id)).map(|u| u.code.clone());
    let mut r = axum::Json(json!({
        "username": user.username,
        "role": user.role,
        "role_zh": user.role.name_zh(),
        "unit": unit,
        "csrf": session.map(|s| s.csrf),
    }))
    .into_response();
    r.headers_mut().append(header::SET_COOKIE, auth::session_cookie(state.config(), &token));
    Ok(r)
}

async fn sign_out(State(state): State<AppState>, viewer: Viewer) -> Result<Response, Failure> {
    state.store().delete_session(&viewer.token_hash).await?;
    let mut r = StatusCode::NO_CONTENT.into_response();
    r.headers_mut().append(header::SET_COOKIE, auth::clear_session_cookie());
    Ok(r)
}

async fn units(State(state): State<AppState>, viewer: Viewer) -> Result<Response, Failure> {
    let all = state.store().units().await?;
    let code = |id: Option<i64>| id.and_then(|i| all.iter().find(|u| u.id == i)).map(|u| u.code.clone());
    let list: Vec<Value> = visible_units(&viewer.user, &all)
        .into_iter()
        .map(|u| json!({"id": u.code, "name": u.name, "parent": code(u.parent)}))
        .collect();
    Ok(axum::Json(list).into_response())
}

async fn years(State(state): State<AppState>, a: UnitAccess) -> Result<Response, Failure> {
    let list: Vec<Value> = state
        .store()
        .all_years()
        .await?
        .into_iter()
        .filter(|y| y.unit == a.unit.id)
        .map(|y| json!({"year": y.year, "revision": y.revision, "state": y.state, "state_zh": y.state.name_zh(), "updated_at": y.updated_at}))
        .collect();
    Ok(axum::Json(list).into_response())
}

/// The current record's JSON text (the blank record while nothing is saved).
async fn current_text(state: &AppState, a: &YearAccess) -> Result<String, Failure> {
    if a.year.revision == 0 {
        return serde_json::to_string_pretty(&engine::blank_record(&a.unit.name, a.year.year))
            .map_err(Failure::internal);
    }
    let rev = state
        .store()
        .revision(a.unit.id, a.year.year, a.year.revision)
        .await?
        .ok_or_else(|| Failure::internal("current revision missing"))?;
    Ok(rev.record)
}

async fn current_checked(state: &AppState, a: &YearAccess) -> Result<Checked, Failure> {
    let text = current_text(state, a).await?;
    engine::blocking(move || engine::check(text))
        .await?
        .map_err(|p| Failure::internal(format!("a stored record does not load: {p:?}")))
}

fn etag(revision: i64) -> HeaderValue {
    HeaderValue::from_str(&format!("\"{revision}\"")).unwrap_or_else(|_| HeaderValue::from_static("\"0\""))
}

async fn get_record(State(state): State<AppState>, a: YearAccess) -> Result<Response, Failure> {
    let text = current_text(&state, &a).await?;
    let mut r = text.into_response();
    r.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json; charset=utf-8"));
    r.headers_mut().insert(header::ETAG, etag(a.year.revision));
    r.headers_mut().insert("x-jixiao-revision", HeaderValue::from(a.year.revision));
    Ok(r)
}

/// The revision a write is based on: `If-Match: "3"` or `?base=3`.
fn base_revision(headers: &HeaderMap, q: &HashMap<String, String>) -> Result<i64, Failure> {
    let from_header = headers
        .get(header::IF_MATCH)
        .and_then(|v| v.to_str().ok())
        .map(|v| v.trim().trim_start_matches("W/").trim_matches('"').to_string());
    from_header
        .or_else(|| q.get("base").cloned())
        .map(|s| s.trim().parse::<i64>().map_err(|_| Failure::bad_request(format!("版本号“{s}”有误,应为整数"))))
        .unwrap_or_else(|| {
            Err(Failure::new(
                StatusCode::PRECONDITION_REQUIRED,
                "请用 If-Match 头(如 If-Match: \"3\")或 ?base=3 给出所依据的版本号(读取记录时 ETag 给出),以免覆盖他人的修改",
            ))
        })
}

fn problems_failure(schema: &engine::schema::Schema, problems: &[engine::LoadProblem]) -> Failure {
    Failure::unprocessable(format!("记录中有 {} 处无法读取,未保存", problems.len())).with_details(json!({
        "problems": problems.iter().map(|p| json!({
            "path": p.path,
            "label": form::label_of(schema, &p.path),
            "message": p.message,
        })).collect::<Vec<_>>(),
    }))
}

/// Whether the JSON has a number with a fraction or exponent (which `serde_json` would turn
/// into a float): such a record is stored as the loader read it, figures as strings.
fn has_inexact_number(v: &Value) -> bool {
    match v {
        Value::Number(n) => !(n.is_i64() || n.is_u64()),
        Value::Array(a) => a.iter().any(has_inexact_number),
        Value::Object(m) => m.values().any(has_inexact_number),
        _ => false,
    }
}

/// Saves the checked record's `text`; `value` is that text parsed, when the caller has it.
async fn save_checked(
    state: &AppState,
    a: &YearAccess,
    base: i64,
    text: &str,
    value: Option<&Value>,
    note: &str,
) -> Result<i64, Failure> {
    let parsed;
    let record = match value {
        Some(v) => v,
        None => {
            parsed = serde_json::from_str::<Value>(text).map_err(Failure::internal)?;
            &parsed
        }
    };
    if let Some(message) = crate::workflow::other_year(record, a.year.year) {
        return Err(Failure::unprocessable(message));
    }
    let save = Save {
        unit: a.unit.id,
        year: a.year.year,
        base,
        record: text,
        author: a.viewer.user.id,
        note,
        now: state.now(),
    };
    Ok(match value {
        Some(v) => state.store().save_parsed(save, v).await?,
        None => state.store().save(save).await?,
    })
}

fn saved(revision: i64, checked: &Checked, findings: Value) -> Response {
    let (errors, warnings) = checked.counts();
    let mut r = axum::Json(json!({
        "revision": revision,
        "summary": engine::summary(&checked.findings),
        "errors": errors,
        "warnings": warnings,
        "findings": findings,
    }))
    .into_response();
    r.headers_mut().insert(header::ETAG, etag(revision));
    r
}

async fn put_record(
    State(state): State<AppState>,
    a: YearAccess,
    headers: HeaderMap,
    Query(q): Query<HashMap<String, String>>,
    body: Bytes,
) -> Result<Response, Failure> {
    let base = base_revision(&headers, &q)?;
    let text = String::from_utf8(body.to_vec()).map_err(|_| Failure::bad_request("记录须为 UTF-8 编码的 JSON"))?;
    let value: Value = serde_json::from_str(&text).map_err(|e| {
        Failure::bad_request(format!("记录不是有效的 JSON(第 {} 行第 {} 列):{e}", e.line(), e.column()))
    })?;
    // Checked once, in the form stored (so that the findings' lines and columns point into what
    // `GET …/record` gives back).
    let inexact = has_inexact_number(&value);
    let schema = form::schema_of(&value);
    let (stored, parsed) = engine::blocking(move || {
        if !inexact {
            // The value is what the stored text reads as (it is written from it): the store
            // takes the revision's changes from a copy instead of parsing the text again.
            let kept = value.clone();
            return engine::check_value(value).map(|c| (c, Some(kept)));
        }
        // A fraction written as a JSON number is kept as the decimal the loader read, never as
        // the float `serde_json` would make of it.
        let loaded = engine::load(&text)?;
        let canonical =
            loaded.record.to_json().map_err(|e| vec![engine::LoadProblem { path: String::new(), message: e }])?;
        engine::check(canonical).map(|c| (c, None))
    })
    .await?
    .map_err(|p| problems_failure(schema, &p))?;
    let n = save_checked(&state, &a, base, &stored.text, parsed.as_ref(), "").await?;
    let findings = engine::findings_json(&stored, "record.json");
    Ok(saved(n, &stored, findings))
}

async fn findings(State(state): State<AppState>, a: YearAccess) -> Result<Response, Failure> {
    let checked = current_checked(&state, &a).await?;
    let (errors, warnings) = checked.counts();
    Ok(axum::Json(json!({
        "revision": a.year.revision,
        "summary": engine::summary(&checked.findings),
        "errors": errors,
        "warnings": warnings,
        "findings": engine::findings_json(&checked, "record.json"),
        "score": checked.score.as_ref().map(engine::score_json),
        "score_note": checked.score_note,
    }))
    .into_response())
}

async fn file(
    State(state): State<AppState>,
    a: YearAccess,
    Path(params): Path<HashMap<String, String>>,
) -> Result<Response, Failure> {
    let name = params.get("file").cloned().unwrap_or_default();
    if !matches!(
        name.as_str(),
        "report.docx"
            | "report.pdf"
            | "report.html"
            | "report.md"
            | "final.docx"
            | "final.pdf"
            | "final.html"
            | "final.md"
            | "record.toml"
            | "workbook.xlsx"
    ) {
        return Err(Failure::not_found("没有这个地址"));
    }
    let checked = current_checked(&state, &a).await?;
    let stem = format!("{}-{}年度", a.unit.name, a.year.year);
    crate::pages::year_file(checked, &name, &stem).await
}

async fn post_workbook(
    State(state): State<AppState>,
    a: YearAccess,
    headers: HeaderMap,
    Query(q): Query<HashMap<String, String>>,
    body: Bytes,
) -> Result<Response, Failure> {
    let base = base_revision(&headers, &q)?;
    if body.is_empty() {
        return Err(Failure::bad_request("请求体应为填报工作簿(.xlsx)的内容"));
    }
    let name = q.get("name").cloned().unwrap_or_else(|| "workbook.xlsx".into());
    let n2 = name.clone();
    let preview = engine::blocking(move || engine::import_workbook(&n2, &body)).await?.map_err(|e| match e {
        engine::ImportFailure::Cells(cells) => {
            Failure::unprocessable(format!("工作簿中有 {} 处需要改正,未能读取;未做任何修改", cells.len())).with_details(
                json!({"cells": cells.iter().map(|(c, m)| json!({"cell": c, "message": m})).collect::<Vec<_>>()}),
            )
        }
        engine::ImportFailure::File(m) => Failure::unprocessable(format!("无法读取工作簿:{m};未做任何修改")),
    })?;
    let (errors, _) = preview.checked.counts();
    let force = q.get("force").is_some_and(|f| f == "true" || f == "1");
    if errors > 0 && !force {
        return Err(Failure::unprocessable(format!(
            "工作簿中的记录有 {errors} 个错误:未导入,未做任何修改。确认仍要导入请加 ?force=true"
        ))
        .with_details(
            json!({"findings": preview.findings_json, "summary": engine::summary(&preview.checked.findings)}),
        ));
    }
    let note = format!("导入工作簿 {name}");
    let n = save_checked(&state, &a, base, &preview.checked.text, None, &note).await?;
    Ok(saved(n, &preview.checked, preview.findings_json))
}
