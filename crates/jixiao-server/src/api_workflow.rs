//! The workflow's JSON API (documented in `docs/api.md`): 送审 with explanations, 退回 with a
//! comment, 通过, 重新打开, comments on fields, a year's moves, the next year, two years
//! compared, 自评任务 (open, list, the reviewer's table) and 汇总 (JSON, xlsx, Fiscal Data
//! Package).
//!
//! Moves not allowed for the role answer 403 (or 404 for a unit the user may not see); moves
//! not allowed from the year's state answer 409 — always with a Chinese message, and nothing
//! changes.

use std::collections::HashMap;

use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use jixiao_store::workflow::Action;
use serde::Deserialize;
use serde_json::json;

use crate::AppState;
use crate::auth::Viewer;
use crate::failure::Failure;
use crate::policy::{ReviewAccess, UnitAccess, YearAccess};
use crate::workflow::{self, NewTask};

/// The routes.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/units/{unit}/years/{year}/submit", post(submit))
        .route("/api/units/{unit}/years/{year}/return", post(return_))
        .route("/api/units/{unit}/years/{year}/approve", post(approve))
        .route("/api/units/{unit}/years/{year}/reopen", post(reopen))
        .route("/api/units/{unit}/years/{year}/comments", post(comment))
        .route("/api/units/{unit}/years/{year}/history", get(history))
        .route("/api/units/{unit}/years/{year}/next", post(next_year))
        .route("/api/units/{unit}/compare", get(compare))
        .route("/api/tasks", get(tasks).post(open_task))
        .route("/api/tasks/{year}", get(task))
        .route("/api/tasks/{year}/rollup", get(rollup))
        .route("/api/tasks/{year}/rollup.xlsx", get(rollup_xlsx))
        .route("/api/tasks/{year}/rollup.zip", get(rollup_fdp))
}

/// A JSON body, or the default for an empty one.
fn body<T: for<'de> Deserialize<'de> + Default>(b: &Bytes) -> Result<T, Failure> {
    if b.iter().all(u8::is_ascii_whitespace) {
        return Ok(T::default());
    }
    serde_json::from_slice(b).map_err(|e| Failure::bad_request(format!("请求体不是有效的 JSON:{e}")))
}

fn moved(m: &jixiao_store::workflow::Move) -> Response {
    axum::Json(json!({"state": m.to, "state_zh": m.to.name_zh(), "move": workflow::move_json(m)})).into_response()
}

#[derive(Deserialize, Default)]
struct SubmitBody {
    #[serde(default)]
    explanations: HashMap<String, String>,
}

async fn submit(State(state): State<AppState>, a: YearAccess, b: Bytes) -> Result<Response, Failure> {
    let body: SubmitBody = body(&b)?;
    Ok(moved(&workflow::submit(&state, &a, body.explanations).await?))
}

#[derive(Deserialize, Default)]
struct CommentBody {
    #[serde(default)]
    comment: String,
    #[serde(default)]
    reason: String,
    #[serde(default)]
    comments: Vec<FieldComment>,
}

#[derive(Deserialize, Default)]
struct FieldComment {
    #[serde(default)]
    path: String,
    #[serde(default)]
    text: String,
}

async fn return_(State(state): State<AppState>, ReviewAccess(a): ReviewAccess, b: Bytes) -> Result<Response, Failure> {
    let body: CommentBody = body(&b)?;
    if a.year.state == jixiao_store::YearState::Submitted {
        for c in &body.comments {
            workflow::comment(&state, &a, &c.path, &c.text).await?;
        }
    }
    Ok(moved(&workflow::review(&state, &a, Action::Return, &body.comment).await?))
}

async fn approve(State(state): State<AppState>, ReviewAccess(a): ReviewAccess, b: Bytes) -> Result<Response, Failure> {
    let body: CommentBody = body(&b)?;
    Ok(moved(&workflow::review(&state, &a, Action::Approve, &body.comment).await?))
}

async fn reopen(State(state): State<AppState>, ReviewAccess(a): ReviewAccess, b: Bytes) -> Result<Response, Failure> {
    let body: CommentBody = body(&b)?;
    let reason = if body.reason.is_empty() { body.comment } else { body.reason };
    Ok(moved(&workflow::review(&state, &a, Action::Reopen, &reason).await?))
}

async fn comment(State(state): State<AppState>, ReviewAccess(a): ReviewAccess, b: Bytes) -> Result<Response, Failure> {
    let c: FieldComment = body(&b)?;
    let id = workflow::comment(&state, &a, &c.path, &c.text).await?;
    Ok((axum::http::StatusCode::CREATED, axum::Json(json!({"id": id, "revision": a.year.revision}))).into_response())
}

async fn history(State(state): State<AppState>, a: YearAccess) -> Result<Response, Failure> {
    let moves = state.store().moves(a.unit.id, a.year.year).await?;
    let comments = workflow::return_comments(&state, &a.unit, &a.year).await?;
    let explanations = workflow::kept_explanations(&state, &a).await?;
    Ok(axum::Json(json!({
        "state": a.year.state, "state_zh": a.year.state.name_zh(), "revision": a.year.revision,
        "moves": moves.iter().map(workflow::move_json).collect::<Vec<_>>(),
        "return_comments": comments,
        "explanations": explanations,
    }))
    .into_response())
}

async fn next_year(State(state): State<AppState>, a: YearAccess) -> Result<Response, Failure> {
    let n = crate::pages_workflow::start_next_year(&state, &a).await?;
    Ok((axum::http::StatusCode::CREATED, axum::Json(json!({"year": a.year.year + 1, "revision": n}))).into_response())
}

async fn compare(
    State(state): State<AppState>,
    u: UnitAccess,
    Query(q): Query<HashMap<String, String>>,
) -> Result<Response, Failure> {
    let (rows, ya, yb) = crate::pages_workflow::compare_years(&state, &u, &q).await?;
    Ok(axum::Json(json!({"unit": u.unit.code, "a": ya, "b": yb, "rows": rows})).into_response())
}

#[derive(Deserialize, Default)]
struct TaskBody {
    year: i64,
    node: String,
    #[serde(default)]
    system: String,
    #[serde(default)]
    system_toml: Option<String>,
    deadline: String,
}

async fn open_task(State(state): State<AppState>, viewer: Viewer, b: Bytes) -> Result<Response, Failure> {
    let t: TaskBody = serde_json::from_slice(&b).map_err(|e| Failure::bad_request(format!("请求体有误:{e}")))?;
    let node = t.node.clone();
    let task = workflow::open_task(
        &state,
        &viewer,
        NewTask { node: t.node, year: t.year, system: t.system, system_toml: t.system_toml, deadline: t.deadline },
    )
    .await?;
    let unit = state.store().unit_by_code(&node).await?.ok_or_else(crate::policy::hidden_unit)?;
    Ok((axum::http::StatusCode::CREATED, axum::Json(workflow::task_json(&task, &unit))).into_response())
}

async fn tasks(State(state): State<AppState>, viewer: Viewer) -> Result<Response, Failure> {
    let list = workflow::visible_tasks(&state, &viewer).await?;
    Ok(axum::Json(list.iter().map(|(t, u, _)| workflow::task_json(t, u)).collect::<Vec<_>>()).into_response())
}

fn year_of(p: &HashMap<String, String>) -> Result<i64, Failure> {
    p.get("year").and_then(|y| y.parse().ok()).ok_or_else(|| Failure::not_found("年度有误"))
}

fn node_of(q: &HashMap<String, String>) -> Result<&str, Failure> {
    q.get("node").map(String::as_str).ok_or_else(|| Failure::bad_request("请用 ?node=单位代码 指定汇总的单位"))
}

async fn task(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(p): Path<HashMap<String, String>>,
    Query(q): Query<HashMap<String, String>>,
) -> Result<Response, Failure> {
    let (t, node, units) = workflow::task_covering(&state, &viewer, year_of(&p)?, node_of(&q)?).await?;
    let task_node = units.iter().find(|u| u.id == t.node).cloned().unwrap_or(node);
    let rows = workflow::task_rows(&state, &t, &units).await?;
    Ok(axum::Json(json!({"task": workflow::task_json(&t, &task_node), "units": rows})).into_response())
}

async fn rollup(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(p): Path<HashMap<String, String>>,
    Query(q): Query<HashMap<String, String>>,
) -> Result<Response, Failure> {
    let year = year_of(&p)?;
    let (_, node, units) = workflow::task_covering(&state, &viewer, year, node_of(&q)?).await?;
    let r = workflow::rollup_of(&state, year, &node, &units, approved_only(&q)).await?;
    Ok(axum::Json(r).into_response())
}

/// `?only=approved`: a roll-up of the units whose year has passed review (通过) only; by
/// default every unit's current record is summed, whatever its state (each unit's state is
/// listed beside it).
pub fn approved_only(q: &HashMap<String, String>) -> bool {
    q.get("only").is_some_and(|v| v == "approved")
}

fn download(bytes: Vec<u8>, mime: &'static str, name: &str) -> Response {
    let mut r = bytes.into_response();
    r.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static(mime));
    r.headers_mut().insert(header::CONTENT_DISPOSITION, crate::pages::attachment(name));
    r
}

/// The xlsx of a roll-up.
pub async fn rollup_file(
    state: &AppState,
    viewer: &Viewer,
    year: i64,
    node: &str,
    fdp: bool,
    approved_only: bool,
) -> Result<Response, Failure> {
    let (_, node, units) = workflow::task_covering(state, viewer, year, node).await?;
    let r = workflow::rollup_of(state, year, &node, &units, approved_only).await?;
    let scope = if approved_only { "(已通过的单位)" } else { "" };
    let stem = format!("{}-{}年度汇总{scope}", node.name, year);
    if fdp {
        let bytes = crate::engine::blocking(move || crate::rollup::fiscal_data_package(&r))
            .await?
            .map_err(Failure::internal)?;
        Ok(download(bytes, "application/zip", &format!("{stem}-财政数据包.zip")))
    } else {
        let bytes = crate::engine::blocking(move || crate::rollup::workbook(&r)).await?.map_err(Failure::internal)?;
        Ok(download(
            bytes,
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            &format!("{stem}.xlsx"),
        ))
    }
}

async fn rollup_xlsx(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(p): Path<HashMap<String, String>>,
    Query(q): Query<HashMap<String, String>>,
) -> Result<Response, Failure> {
    rollup_file(&state, &viewer, year_of(&p)?, node_of(&q)?, false, approved_only(&q)).await
}

async fn rollup_fdp(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(p): Path<HashMap<String, String>>,
    Query(q): Query<HashMap<String, String>>,
) -> Result<Response, Failure> {
    rollup_file(&state, &viewer, year_of(&p)?, node_of(&q)?, true, approved_only(&q)).await
}
