//! The workflow's pages: 自评任务 (list, open, the reviewer's table with filter and sort), 送审
//! (the gate with a 出错说明 for each warning), the reviewer's view of a year (read-only
//! record with findings and explanations, the diff since it was last returned, comments on
//! fields, 退回 / 通过 / 重新打开), 汇总 (with xlsx and Fiscal Data Package downloads), the next
//! year started from this one, and two years compared.

use std::collections::HashMap;

use axum::Router;
use axum::extract::{Form, Multipart, Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use jixiao_store::workflow::Action;
use jixiao_store::{Save, YearState};
use serde_json::{Value, json};

use crate::AppState;
use crate::auth::Viewer;
use crate::engine::{self, Severity};
use crate::failure::Failure;
use crate::form;
use crate::policy::{ReviewAccess, UnitAccess, YearAccess, can_review};
use crate::views::{page, page_with_status};
use crate::workflow::{self, NewTask, finding_key};

/// The routes.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/tasks", get(tasks_page).post(open_task))
        .route("/tasks/{year}/{node}", get(task_page))
        .route("/tasks/{year}/{node}/rollup", get(rollup_page))
        .route("/tasks/{year}/{node}/rollup.xlsx", get(rollup_xlsx))
        .route("/tasks/{year}/{node}/rollup.zip", get(rollup_zip))
        .route("/units/{unit}/years/{year}/submit", get(submit_page).post(submit_form))
        .route("/units/{unit}/years/{year}/review", get(review_page))
        .route("/units/{unit}/years/{year}/review/comment", post(comment_form))
        .route("/units/{unit}/years/{year}/review/{action}", post(review_form))
        .route("/units/{unit}/years/{year}/next", post(next_form))
        .route("/units/{unit}/years/{year}/delete", post(delete_year_form))
        .route("/units/{unit}/compare", get(compare_page))
}

fn me(v: &Viewer) -> Value {
    json!({"username": v.user.username, "role": v.user.role.name_zh(), "is_admin": v.user.role == jixiao_store::Role::Admin})
}

fn field<'a>(fields: &'a [(String, String)], name: &str) -> Option<&'a str> {
    fields.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
}

fn year_param(p: &HashMap<String, String>) -> Result<i64, Failure> {
    p.get("year").and_then(|y| y.parse().ok()).ok_or_else(|| Failure::not_found("年度有误"))
}

// ---------------------------------------------------------------- tasks

async fn tasks_page(
    State(state): State<AppState>,
    viewer: Viewer,
    Query(q): Query<HashMap<String, String>>,
) -> Result<Response, Failure> {
    let list = workflow::visible_tasks(&state, &viewer).await?;
    let units = state.store().units().await?;
    let nodes: Vec<Value> = crate::policy::visible_units(&viewer.user, &units)
        .into_iter()
        .filter(|u| can_review(&viewer.user, u, &units))
        .map(|u| json!({"code": u.code, "name": u.name}))
        .collect();
    let mine = viewer.user.unit.and_then(|id| units.iter().find(|u| u.id == id)).map(|u| u.code.clone());
    Ok(page(
        "tasks.html",
        json!({
            "me": me(&viewer), "csrf": viewer.csrf, "notice": q.get("done"),
            "tasks": list.iter().map(|(t, n, reviews)| json!({
                "year": t.year, "node": n.code, "node_name": n.name, "system": t.system_id,
                "uploaded": t.system_toml.is_some(), "deadline": t.deadline, "reviews": reviews,
            })).collect::<Vec<_>>(),
            "nodes": nodes,
            "systems": engine::dept_systems(),
            "mine": mine,
        }),
    ))
}

async fn open_task(State(state): State<AppState>, viewer: Viewer, mp: Multipart) -> Result<Response, Failure> {
    let (fields, file) = crate::pages::read_upload(mp, state.config().max_body_bytes).await?;
    viewer.check_form(&fields)?;
    let toml = match file {
        Some((_, bytes)) => {
            Some(String::from_utf8(bytes).map_err(|_| Failure::bad_request("指标体系文件须为 UTF-8 编码的 TOML"))?)
        }
        None => None,
    };
    let t = NewTask {
        node: field(&fields, "node").unwrap_or("").to_string(),
        year: field(&fields, "year").and_then(|y| y.trim().parse().ok()).unwrap_or(0),
        system: field(&fields, "system").unwrap_or("").to_string(),
        system_toml: toml,
        deadline: field(&fields, "deadline").unwrap_or("").to_string(),
    };
    let task = workflow::open_task(&state, &viewer, t).await?;
    let node = state.store().unit(task.node).await?.ok_or_else(crate::policy::hidden_unit)?;
    Ok(Redirect::to(&format!("/tasks/{}/{}", task.year, node.code)).into_response())
}

const SORTS: &[&str] = &["name", "state", "days", "score", "supported", "errors", "warnings", "explanations"];

async fn task_page(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(p): Path<HashMap<String, String>>,
    Query(q): Query<HashMap<String, String>>,
) -> Result<Response, Failure> {
    let year = year_param(&p)?;
    let node = p.get("node").cloned().unwrap_or_default();
    let (task, _, units) = workflow::task_covering(&state, &viewer, year, &node).await?;
    let task_node = units.iter().find(|u| u.id == task.node).cloned().ok_or_else(crate::policy::hidden_unit)?;
    let mut rows = workflow::task_rows(&state, &task, &units).await?;
    let filter = q.get("state").cloned().unwrap_or_default();
    rows.retain(|r| match filter.as_str() {
        "filling" => r.state == YearState::Filling && !r.returned,
        "returned" => r.returned,
        "submitted" => r.state == YearState::Submitted,
        "approved" => r.state == YearState::Approved,
        "errors" => r.errors > 0,
        _ => true,
    });
    let sort = q.get("sort").cloned().unwrap_or_default();
    let (key, desc) = match sort.strip_prefix('-') {
        Some(k) => (k.to_string(), true),
        None => (sort.clone(), false),
    };
    let num = |s: &Option<String>| s.as_deref().and_then(|v| v.parse::<engine::Decimal>().ok());
    match key.as_str() {
        "name" => rows.sort_by(|a, b| a.name.cmp(&b.name)),
        "state" => rows.sort_by_key(|r| (r.state.as_str(), r.returned)),
        "days" => rows.sort_by_key(|r| r.days_left.unwrap_or(i64::MAX)),
        "score" => rows.sort_by_key(|r| num(&r.self_score)),
        "supported" => rows.sort_by_key(|r| num(&r.supported)),
        "errors" => rows.sort_by_key(|r| r.errors),
        "warnings" => rows.sort_by_key(|r| r.warnings),
        "explanations" => rows.sort_by_key(|r| r.explanations),
        _ => {}
    }
    if desc {
        rows.reverse();
    }
    // As the rows show them: a returned year (填报中 again) is counted as 已退回, not as 填报中.
    let count = |s: YearState| rows.iter().filter(|r| r.state == s && !r.returned).count();
    let returned = rows.iter().filter(|r| r.returned).count();
    let counts = json!({
        "filling": count(YearState::Filling), "returned": returned,
        "submitted": count(YearState::Submitted), "approved": count(YearState::Approved),
    });
    Ok(page(
        "task.html",
        json!({
            "me": me(&viewer), "csrf": viewer.csrf,
            "task": workflow::task_json(&task, &task_node),
            "rows": rows, "filter": filter, "sort": sort, "sorts": SORTS, "counts": counts,
            "today": state.now(),
        }),
    ))
}

async fn rollup_page(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(p): Path<HashMap<String, String>>,
    Query(q): Query<HashMap<String, String>>,
) -> Result<Response, Failure> {
    let year = year_param(&p)?;
    let task_node_code = p.get("node").cloned().unwrap_or_default();
    let at = q.get("node").cloned().unwrap_or_else(|| task_node_code.clone());
    let (task, node, units) = workflow::task_covering(&state, &viewer, year, &at).await?;
    let only = crate::api_workflow::approved_only(&q);
    let r = workflow::rollup_of(&state, year, &node, &units, only).await?;
    // The nodes of the task's tree the viewer may sum up.
    let nodes: Vec<Value> = jixiao_store::units::subtree(&units, task.node)
        .into_iter()
        .filter_map(|id| units.iter().find(|u| u.id == id))
        .filter(|u| units.iter().any(|c| c.parent == Some(u.id)) || u.id == task.node)
        .filter(|u| can_review(&viewer.user, u, &units))
        .map(|u| json!({"code": u.code, "name": u.name, "selected": u.code == node.code}))
        .collect();
    let tables: Vec<Value> =
        r.tables.iter().map(|(k, lines)| json!({"title": crate::rollup::table_title(k), "lines": lines})).collect();
    Ok(page(
        "rollup.html",
        json!({
            "me": me(&viewer), "csrf": viewer.csrf, "r": r, "tables": tables, "nodes": nodes,
            "task_node": task_node_code,
            "dl": format!("/tasks/{year}/{task_node_code}/rollup"),
            "approved_only": only,
        }),
    ))
}

async fn rollup_xlsx(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(p): Path<HashMap<String, String>>,
    Query(q): Query<HashMap<String, String>>,
) -> Result<Response, Failure> {
    let at = q.get("node").or(p.get("node")).cloned().unwrap_or_default();
    let only = crate::api_workflow::approved_only(&q);
    crate::api_workflow::rollup_file(&state, &viewer, year_param(&p)?, &at, false, only).await
}

async fn rollup_zip(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(p): Path<HashMap<String, String>>,
    Query(q): Query<HashMap<String, String>>,
) -> Result<Response, Failure> {
    let at = q.get("node").or(p.get("node")).cloned().unwrap_or_default();
    let only = crate::api_workflow::approved_only(&q);
    crate::api_workflow::rollup_file(&state, &viewer, year_param(&p)?, &at, true, only).await
}

// ---------------------------------------------------------------- 送审

fn base_url(a: &YearAccess) -> String {
    format!("/units/{}/years/{}", a.unit.code, a.year.year)
}

fn year_ctx(a: &YearAccess) -> Value {
    json!({
        "me": me(&a.viewer), "csrf": a.viewer.csrf,
        "unit": {"code": a.unit.code, "name": a.unit.name}, "year": a.year.year,
        "revision": a.year.revision, "state": a.year.state.name_zh(), "base_url": base_url(a),
    })
}

async fn submit_view(
    state: &AppState,
    a: &YearAccess,
    given: HashMap<String, String>,
    status: StatusCode,
    notice: Option<String>,
) -> Result<Response, Failure> {
    let text = workflow::current_text(state, &a.unit, &a.year).await?;
    let checked = workflow::checked(text).await?;
    let mut explanations = workflow::kept_explanations(state, a).await?;
    explanations.extend(given);
    let g = workflow::gate(&checked, &explanations);
    // What was written for the same warning at an earlier 送审 is offered again.
    let earlier: HashMap<String, String> =
        state.store().latest_explanations(a.unit.id, a.year.year).await?.into_iter().collect();
    let record: Value = serde_json::from_str(&checked.text).unwrap_or(Value::Null);
    let schema = form::schema_of(&record);
    let link = |p: &str| form::sheet_of(schema, p).map(|s| format!("{}?sheet={s}#{}", base_url(a), form::anchor(p)));
    let finding = |f: &engine::Finding, text: Option<&String>| {
        json!({
            "key": finding_key(f), "code": f.code, "message": f.message,
            "label": form::label_of(schema, &f.primary.path), "link": link(&f.primary.path),
            "text": text.cloned().unwrap_or_default(),
        })
    };
    let warnings: Vec<Value> = checked
        .findings
        .iter()
        .filter(|f| f.severity != Severity::Error)
        .map(|f| {
            let key = finding_key(f);
            let mut v = finding(f, explanations.get(&key).or(earlier.get(&key)));
            v["earlier"] = json!(!explanations.contains_key(&key) && earlier.contains_key(&key));
            v
        })
        .collect();
    let mut ctx = year_ctx(a);
    ctx["errors"] = json!(g.errors.iter().map(|f| finding(f, None)).collect::<Vec<_>>());
    ctx["missing"] = json!(g.missing.iter().map(|(p, l)| json!({"label": l, "link": link(p)})).collect::<Vec<_>>());
    ctx["warnings"] = json!(warnings);
    ctx["unexplained"] = json!(g.unexplained.len());
    ctx["can_submit"] = json!(a.year.state == YearState::Filling && a.can_write);
    ctx["notice"] = json!(notice);
    Ok(page_with_status(status, "submit.html", ctx))
}

async fn submit_page(State(state): State<AppState>, a: YearAccess) -> Result<Response, Failure> {
    submit_view(&state, &a, HashMap::new(), StatusCode::OK, None).await
}

async fn submit_form(
    State(state): State<AppState>,
    a: YearAccess,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response, Failure> {
    a.viewer.check_form(&fields)?;
    let given: HashMap<String, String> =
        fields.iter().filter_map(|(k, v)| k.strip_prefix("ex:").map(|k| (k.to_string(), v.clone()))).collect();
    match workflow::submit(&state, &a, given.clone()).await {
        Ok(_) => Ok(Redirect::to(&format!("{}?moved=submit", base_url(&a))).into_response()),
        Err(f) if f.status == StatusCode::CONFLICT && f.details.as_ref().is_some_and(|d| d.get("errors").is_some()) => {
            submit_view(&state, &a, given, StatusCode::CONFLICT, Some(f.message.clone())).await
        }
        Err(f) => Err(f),
    }
}

// ---------------------------------------------------------------- the reviewer's view

async fn review_page(
    State(state): State<AppState>,
    ReviewAccess(a): ReviewAccess,
    Query(q): Query<HashMap<String, String>>,
) -> Result<Response, Failure> {
    let text = workflow::current_text(&state, &a.unit, &a.year).await?;
    let checked = workflow::checked(text).await?;
    let record: Value = serde_json::from_str(&checked.text).unwrap_or(Value::Null);
    let schema = form::schema_of(&record);
    let explanations = workflow::kept_explanations(&state, &a).await?;
    let link = |p: &str| form::sheet_of(schema, p).map(|s| format!("{}?sheet={s}#{}", base_url(&a), form::anchor(p)));
    let findings: Vec<Value> = checked
        .findings
        .iter()
        .map(|f| {
            json!({
                "severity": if f.severity == Severity::Error { "error" } else { "warning" },
                "severity_zh": f.severity.name_zh(), "code": f.code, "message": f.message,
                "path": f.primary.path, "label": form::label_of(schema, &f.primary.path), "link": link(&f.primary.path),
                "explanation": explanations.get(&finding_key(f)),
            })
        })
        .collect();
    let comments = state.store().comments(a.unit.id, a.year.year, a.year.revision).await?;
    let moves = state.store().moves(a.unit.id, a.year.year).await?;
    // The diff since the last 退回.
    let returned = workflow::last_returned(&state, &a.unit, a.year.year).await?;
    // The comments the version returned last carried, to see whether each was dealt with.
    let earlier = match returned {
        Some(r) if r != a.year.revision && r > 0 => state.store().comments(a.unit.id, a.year.year, r).await?,
        _ => Vec::new(),
    };
    let diff = match returned {
        Some(r) if r != a.year.revision && r > 0 => {
            let old = state.store().revision(a.unit.id, a.year.year, r).await?;
            let old_v: Value = old.and_then(|o| serde_json::from_str(&o.record).ok()).unwrap_or(Value::Null);
            Some(
                jixiao_store::changes(&old_v, &record)
                    .iter()
                    .map(|c| {
                        let show = |v: &Option<String>| {
                            v.as_deref().and_then(|s| serde_json::from_str::<Value>(s).ok()).map(|v| form::shown(Some(&v))).unwrap_or_default()
                        };
                        json!({"label": form::label_of(schema, &c.path).unwrap_or_else(|| c.path.clone()), "old": show(&c.old), "new": show(&c.new)})
                    })
                    .collect::<Vec<_>>(),
            )
        }
        _ => None,
    };
    // The fields a comment may be about: those of the findings, then every field of the forms.
    let mut paths: Vec<(String, String)> = checked
        .findings
        .iter()
        .map(|f| {
            (f.primary.path.clone(), form::label_of(schema, &f.primary.path).unwrap_or_else(|| f.primary.path.clone()))
        })
        .collect();
    for (p, _) in schema.fields().filter(|(p, _)| !p.contains("[]")) {
        if !paths.iter().any(|(x, _)| *x == p) {
            let label = form::label_of(schema, &p).unwrap_or_else(|| p.clone());
            paths.push((p, label));
        }
    }
    // Each row of the record's tables (预决算差异表第 3 行, 绩效目标第 5 行 …), named by its
    // name (or first) cell, for a comment on a row as a whole.
    for block in schema.sections.iter().flat_map(|s| s.blocks.iter()) {
        let crate::engine::schema::Block::Table { path: tp, columns, .. } = block else { continue };
        let rows = form::path::get(&record, tp).and_then(Value::as_array).map_or(0, Vec::len);
        for i in 0..rows {
            let p = format!("{tp}[{i}]");
            if paths.iter().any(|(x, _)| *x == p) {
                continue;
            }
            let cell = |key: &str| {
                form::path::get(&record, &format!("{p}.{key}")).and_then(Value::as_str).filter(|s| !s.trim().is_empty())
            };
            let first = cell("name").or_else(|| columns.iter().find_map(|c| cell(c.key)));
            let label = form::label_of(schema, &p).unwrap_or_else(|| p.clone());
            let label = match first {
                Some(f) => format!("{label}({})", f.chars().take(20).collect::<String>()),
                None => label,
            };
            paths.push((p, label));
        }
    }
    let (errors, warnings) = checked.counts();
    let mut ctx = year_ctx(&a);
    ctx["state_name"] = json!(a.year.state.as_str());
    ctx["findings"] = json!(findings);
    ctx["summary"] = json!(engine::summary(&checked.findings));
    ctx["errors"] = json!(errors);
    ctx["warnings"] = json!(warnings);
    let shown = |list: &[jixiao_store::workflow::Comment]| -> Vec<Value> {
        list.iter().map(|c| json!({
            "label": if c.path.is_empty() { "整体".to_string() } else { form::label_of(schema, &c.path).unwrap_or_else(|| c.path.clone()) },
            "text": c.text, "by": c.author_name, "at": c.created_at,
        })).collect()
    };
    ctx["comments"] = json!(shown(&comments));
    ctx["earlier_comments"] = json!(shown(&earlier));
    ctx["moves"] = json!(moves.iter().map(workflow::move_json).collect::<Vec<_>>());
    ctx["diff"] = json!(diff);
    ctx["returned_revision"] = json!(returned);
    ctx["paths"] = json!(paths);
    ctx["can_comment"] = json!(a.year.state == YearState::Submitted);
    ctx["notice"] = json!(q.get("moved").and_then(|m| Action::parse(m)).map(|m| {
        let done = if m == Action::Return { "已退回".to_string() } else { format!("已{}", m.name_zh()) };
        format!("{done}:该年度现在是“{}”。", a.year.state.name_zh())
    }));
    Ok(page("review.html", ctx))
}

async fn comment_form(
    State(state): State<AppState>,
    ReviewAccess(a): ReviewAccess,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response, Failure> {
    a.viewer.check_form(&fields)?;
    workflow::comment(&state, &a, field(&fields, "path").unwrap_or(""), field(&fields, "text").unwrap_or("")).await?;
    Ok(Redirect::to(&format!("{}/review#comments", base_url(&a))).into_response())
}

async fn review_form(
    State(state): State<AppState>,
    ReviewAccess(a): ReviewAccess,
    Path(p): Path<HashMap<String, String>>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response, Failure> {
    a.viewer.check_form(&fields)?;
    let action = p
        .get("action")
        .and_then(|s| Action::parse(s))
        .filter(|a| *a != Action::Submit)
        .ok_or_else(|| Failure::not_found("没有这个操作"))?;
    workflow::review(&state, &a, action, field(&fields, "comment").unwrap_or("")).await?;
    let to = if action == Action::Approve || action == Action::Return {
        format!("{}/review?moved={}", base_url(&a), action.as_str())
    } else {
        format!("{}?moved={}", base_url(&a), action.as_str())
    };
    Ok(Redirect::to(&to).into_response())
}

// ---------------------------------------------------------------- year over year

/// Starts the next year of a unit from this year's record (a new year at revision 1); refused
/// if the unit already has the next year with something saved in it.
pub async fn start_next_year(state: &AppState, a: &YearAccess) -> Result<i64, Failure> {
    let next = a.year.year + 1;
    let text = workflow::current_text(state, &a.unit, &a.year).await?;
    let this: Value = serde_json::from_str(&text).map_err(Failure::internal)?;
    let mut record = workflow::carry_over(&this, next);
    // The budget table's rows come over with their 科目 and no figures: a workbook shows them
    // as blank cells to fill, but a record whose rows lack 预算数 and 决算数 does not load, and
    // every save of the web form (of any sheet) would be refused until all were filled. The
    // filer adds the year's rows on that sheet, as for a new year.
    if let Some(o) = record.as_object_mut() {
        o.remove("budget_table");
    }
    let base = match state.store().year(a.unit.id, next).await? {
        Some(y) if y.revision > 0 => {
            return Err(Failure::conflict(format!(
                "“{}”的 {next} 年度已经填写过(第 {} 版),未覆盖",
                a.unit.name, y.revision
            )));
        }
        Some(_) => 0,
        None => {
            state.store().create_year(a.unit.id, next, state.now()).await?;
            0
        }
    };
    let text = serde_json::to_string_pretty(&record).map_err(Failure::internal)?;
    let note = format!("由 {} 年度结转", a.year.year);
    Ok(state
        .store()
        .save(Save {
            unit: a.unit.id,
            year: next,
            base,
            record: &text,
            author: a.viewer.user.id,
            note: &note,
            now: state.now(),
        })
        .await?)
}

/// An administrator deletes a year created by mistake (a slip in the year, a next year started
/// too early): only one never sent for review and not part of a 自评任务, asked once more in
/// the page; everything of it goes, in one transaction.
async fn delete_year_form(
    State(state): State<AppState>,
    a: YearAccess,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response, Failure> {
    a.viewer.check_form(&fields)?;
    if a.viewer.user.role != jixiao_store::Role::Admin {
        return Err(Failure::forbidden("只有管理员可以删除年度"));
    }
    let units = state.store().units().await?;
    if let Some(t) = state
        .store()
        .tasks()
        .await?
        .into_iter()
        .find(|t| t.year == a.year.year && jixiao_store::units::subtree(&units, t.node).contains(&a.unit.id))
    {
        let node = units.iter().find(|u| u.id == t.node).map_or("", |u| u.name.as_str());
        return Err(Failure::conflict(format!("{} 年度属于“{node}”下达的自评任务,不能删除", a.year.year)));
    }
    state.store().delete_year(a.unit.id, a.year.year).await?;
    let done = format!("已删除“{}”的 {} 年度", a.unit.name, a.year.year);
    Ok(Redirect::to(&format!("/units?done={}", crate::views::url_encode(&done))).into_response())
}

async fn next_form(
    State(state): State<AppState>,
    a: YearAccess,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response, Failure> {
    a.viewer.check_form(&fields)?;
    let n = start_next_year(&state, &a).await?;
    Ok(Redirect::to(&format!("/units/{}/years/{}?saved={n}", a.unit.code, a.year.year + 1)).into_response())
}

/// Two years of a unit compared (`?a=2023&b=2024`; by default the two latest).
pub async fn compare_years(
    state: &AppState,
    u: &UnitAccess,
    q: &HashMap<String, String>,
) -> Result<(Vec<workflow::CompareRow>, i64, i64), Failure> {
    let mut years: Vec<i64> =
        state.store().all_years().await?.iter().filter(|y| y.unit == u.unit.id).map(|y| y.year).collect();
    years.sort_unstable();
    let pick = |k: &str, default: Option<i64>| -> Result<i64, Failure> {
        match q.get(k) {
            Some(s) => s.parse().map_err(|_| Failure::bad_request("年度有误")),
            None => default.ok_or_else(|| Failure::bad_request("该单位不足两个年度,无法比较")),
        }
    };
    let b = pick("b", years.last().copied())?;
    let a = pick("a", years.iter().rev().find(|y| **y < b).copied())?;
    let load = async |y: i64| -> Result<Value, Failure> {
        let year = state
            .store()
            .year(u.unit.id, y)
            .await?
            .ok_or_else(|| Failure::not_found(format!("“{}”没有 {y} 年度", u.unit.name)))?;
        let text = workflow::current_text(state, &u.unit, &year).await?;
        serde_json::from_str(&text).map_err(Failure::internal)
    };
    let (va, vb) = (load(a).await?, load(b).await?);
    Ok((workflow::compare(&va, &vb), a, b))
}

async fn compare_page(
    State(state): State<AppState>,
    u: UnitAccess,
    Query(q): Query<HashMap<String, String>>,
) -> Result<Response, Failure> {
    let (rows, a, b) = compare_years(&state, &u, &q).await?;
    let years: Vec<i64> =
        state.store().all_years().await?.iter().filter(|y| y.unit == u.unit.id).map(|y| y.year).collect();
    Ok(page(
        "compare.html",
        json!({
            "me": me(&u.viewer), "csrf": u.viewer.csrf, "unit": {"code": u.unit.code, "name": u.unit.name},
            "a": a, "b": b, "rows": rows, "years": years,
        }),
    ))
}
