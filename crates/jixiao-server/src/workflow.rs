//! The yearly self-evaluation as a workflow, shared by the pages and the API: a year's
//! 自评任务 for the units under a node, the gate at 送审, the moves 退回 / 通过 / 重新打开, comments
//! on fields, the reviewer's table of a task's units, the next year started from this one and
//! two years compared.
//!
//! Who may make a move is decided by [`crate::policy`] (送审 needs write access to the unit; the
//! other moves review access); whether the year is in the state the move starts from is checked
//! here first, for a clear message, and again by the store's compare-and-swap, so that of two
//! reviewers acting at once one wins and the other is told.

use std::collections::{BTreeMap, HashMap};

use jixiao_store::units::subtree;
use jixiao_store::workflow::{Action, Move, MoveYear, Task};
use jixiao_store::{Save, Unit, Year, YearState};
use serde::Serialize;
use serde_json::{Value, json};

use crate::AppState;
use crate::engine::{self, Checked, Decimal, Finding, LoadedSystem, RecordView, ScoreSheet, Severity};
use crate::failure::Failure;
use crate::form;
use crate::policy::YearAccess;

/// The key of a finding's explanation: `<code>@<field path>`.
pub fn finding_key(f: &Finding) -> String {
    format!("{}@{}", f.code, f.primary.path)
}

/// Days since 1970-01-01 of a civil date.
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// A `YYYY-MM-DD` date as days since 1970-01-01.
pub fn parse_date(s: &str) -> Option<i64> {
    let mut it = s.trim().splitn(3, '-');
    let y: i64 = it.next()?.parse().ok()?;
    let m: i64 = it.next()?.parse().ok()?;
    let d: i64 = it.next()?.parse().ok()?;
    ((1990..=2100).contains(&y) && (1..=12).contains(&m) && (1..=31).contains(&d)).then(|| days_from_civil(y, m, d))
}

/// Days since 1970-01-01 as `YYYY-MM-DD`.
pub fn date_text(days: i64) -> String {
    let z = days + 719_468;
    let era = if z >= 0 { z } else { z - 146_096 } / 146_097;
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}")
}

/// Why a record cannot be saved as this year's: its 年度 (`header.year`) names another year
/// (typed over in the form, or a workbook of another year imported). `None` when it agrees or
/// is not given.
pub fn other_year(record: &serde_json::Value, year: i64) -> Option<String> {
    let stated = record.pointer("/header/year")?;
    let stated = stated.as_i64().or_else(|| stated.as_str().and_then(|s| s.trim().parse().ok()))?;
    (stated != year).then(|| {
        format!(
            "记录的年度是 {stated},而这里是 {year} 年度:未保存。请把“年度”改为 {year};{stated} 年度的记录请在“我的单位”中该年度下填写或导入"
        )
    })
}

/// Today (北京时间) as days since 1970-01-01.
pub fn today(now: i64) -> i64 {
    (now + 8 * 3600).div_euclid(86_400)
}

#[cfg(test)]
mod tests {
    #[test]
    fn dates_go_both_ways() {
        for d in ["1990-01-01", "2024-02-29", "2025-03-31", "2026-12-31", "2100-01-01"] {
            assert_eq!(super::date_text(super::parse_date(d).unwrap_or(0)), d);
        }
        assert_eq!(super::parse_date("2026-01-01"), Some(super::today(1_767_225_600)));
        assert_eq!(super::parse_date("2025-13-01"), None);
    }
}

/// The current record's JSON text of a year (the blank record while nothing is saved).
pub async fn current_text(state: &AppState, unit: &Unit, year: &Year) -> Result<String, Failure> {
    if year.revision == 0 {
        return serde_json::to_string_pretty(&engine::blank_record(&unit.name, year.year)).map_err(Failure::internal);
    }
    let rev = state
        .store()
        .revision(unit.id, year.year, year.revision)
        .await?
        .ok_or_else(|| Failure::internal("current revision missing"))?;
    Ok(rev.record)
}

/// Loads and checks a stored record's text.
pub async fn checked(text: String) -> Result<Checked, Failure> {
    engine::blocking(move || engine::check(text))
        .await?
        .map_err(|p| Failure::unprocessable(format!("记录中有 {} 处无法读取,请先改正", p.len())))
}

// ---------------------------------------------------------------- the gate at 送审

/// What stands in the way of 送审.
#[derive(Debug, Default)]
pub struct Gate {
    /// Error-level findings.
    pub errors: Vec<Finding>,
    /// What a final report needs that the record leaves blank: (path, label).
    pub missing: Vec<(String, String)>,
    /// Warnings with no explanation.
    pub unexplained: Vec<Finding>,
    /// Warnings with their explanation (given now or kept from before): (finding, text).
    pub explained: Vec<(Finding, String)>,
}

impl Gate {
    /// Whether 送审 may go ahead.
    pub fn passes(&self) -> bool {
        self.errors.is_empty() && self.missing.is_empty() && self.unexplained.is_empty()
    }

    /// Why not, in one sentence.
    pub fn message(&self) -> String {
        let mut parts = Vec::new();
        if !self.errors.is_empty() {
            parts.push(format!("记录中有 {} 个错误,须先改正", self.errors.len()));
        }
        if !self.missing.is_empty() {
            parts.push(format!("最终报告需要的 {} 项还没有填写", self.missing.len()));
        }
        if !self.unexplained.is_empty() {
            parts.push(format!("{} 个警告还没有出错说明", self.unexplained.len()));
        }
        format!("送审未成功:{}。记录没有送审,仍可修改。", parts.join(";"))
    }

    /// The details for the API: the findings, the missing items, the warnings to explain.
    pub fn details(&self, schema: &engine::schema::Schema) -> Value {
        let f = |f: &Finding| {
            json!({
                "key": finding_key(f), "code": f.code, "severity": f.severity.name_zh(), "message": f.message,
                "path": f.primary.path, "label": form::label_of(schema, &f.primary.path),
            })
        };
        json!({
            "errors": self.errors.iter().map(f).collect::<Vec<_>>(),
            "missing": self.missing.iter().map(|(p, l)| json!({"path": p, "label": l})).collect::<Vec<_>>(),
            "unexplained": self.unexplained.iter().map(f).collect::<Vec<_>>(),
        })
    }
}

/// The gate of a checked record, with the explanations given (empty texts do not count).
pub fn gate(checked: &Checked, explanations: &HashMap<String, String>) -> Gate {
    let record: Value = serde_json::from_str(&checked.text).unwrap_or(Value::Null);
    let schema = form::schema_of(&record);
    let mut g = Gate { missing: form::missing_for_final(schema, &record), ..Gate::default() };
    for f in &checked.findings {
        if f.severity == Severity::Error {
            g.errors.push(f.clone());
            continue;
        }
        match explanations.get(&finding_key(f)).map(|t| t.trim()).filter(|t| !t.is_empty()) {
            Some(t) => g.explained.push((f.clone(), t.to_string())),
            None => g.unexplained.push(f.clone()),
        }
    }
    g
}

/// The explanations kept with the year's current revision (given at an earlier 送审 of it).
pub async fn kept_explanations(state: &AppState, a: &YearAccess) -> Result<HashMap<String, String>, Failure> {
    Ok(state.store().explanations(a.unit.id, a.year.year, a.year.revision).await?.into_iter().collect())
}

fn wrong_state(a: &YearAccess, action: Action) -> Failure {
    Failure::conflict(format!(
        "“{}” {} 年度现在是“{}”,不能{}",
        a.unit.name,
        a.year.year,
        a.year.state.name_zh(),
        action.name_zh()
    ))
    .with_details(json!({"state": a.year.state, "state_zh": a.year.state.name_zh()}))
}

/// 送审: refused (409) while the gate does not pass, with the lists; else the year moves to
/// 待审核 with the explanations kept with its revision.
pub async fn submit(state: &AppState, a: &YearAccess, given: HashMap<String, String>) -> Result<Move, Failure> {
    if a.year.state != YearState::Filling {
        return Err(wrong_state(a, Action::Submit));
    }
    let text = current_text(state, &a.unit, &a.year).await?;
    let checked = checked(text).await?;
    let mut explanations = kept_explanations(state, a).await?;
    explanations.extend(given);
    let g = gate(&checked, &explanations);
    if !g.passes() {
        let record: Value = serde_json::from_str(&checked.text).unwrap_or(Value::Null);
        let details = g.details(form::schema_of(&record));
        let items = g
            .errors
            .iter()
            .map(|f| format!("错误[{}]:{}", f.code, f.message))
            .chain(g.missing.iter().map(|(_, l)| format!("未填写:{l}")))
            .chain(g.unexplained.iter().map(|f| format!("警告[{}] 须写出错说明:{}", f.code, f.message)))
            .collect();
        return Err(Failure::conflict(g.message()).with_details(details).with_items(items));
    }
    let kept: Vec<(String, String)> = g.explained.iter().map(|(f, t)| (finding_key(f), t.clone())).collect();
    Ok(state
        .store()
        .move_year(MoveYear {
            unit: a.unit.id,
            year: a.year.year,
            action: Action::Submit,
            revision: a.year.revision,
            actor: a.viewer.user.id,
            comment: "",
            explanations: &kept,
            now: state.now(),
        })
        .await
        .map(|m| jixiao_store::workflow::Move { actor_name: Some(a.viewer.user.username.clone()), ..m })?)
}

/// 退回 (with a comment, or comments on fields of the revision), 通过, or 重新打开 (with a
/// reason). The viewer's review access has been checked by the extractor.
pub async fn review(state: &AppState, a: &YearAccess, action: Action, comment: &str) -> Result<Move, Failure> {
    if action == Action::Submit {
        return Err(Failure::forbidden("送审由本单位的填报人进行"));
    }
    if a.year.state != action.from() {
        return Err(wrong_state(a, action));
    }
    let comment = comment.trim();
    match action {
        Action::Return if comment.is_empty() => {
            let on_fields = state.store().comments(a.unit.id, a.year.year, a.year.revision).await?;
            if on_fields.is_empty() {
                return Err(Failure::bad_request("退回时请写明原因(或先在栏目上写意见)"));
            }
        }
        Action::Reopen if comment.is_empty() => {
            return Err(Failure::bad_request("重新打开已通过的年度须写明原因"));
        }
        _ => {}
    }
    Ok(state
        .store()
        .move_year(MoveYear {
            unit: a.unit.id,
            year: a.year.year,
            action,
            revision: a.year.revision,
            actor: a.viewer.user.id,
            comment,
            explanations: &[],
            now: state.now(),
        })
        .await
        .map(|m| jixiao_store::workflow::Move { actor_name: Some(a.viewer.user.username.clone()), ..m })?)
}

/// A reviewer's comment on a field of the revision under review (待审核 only).
pub async fn comment(state: &AppState, a: &YearAccess, path: &str, text: &str) -> Result<i64, Failure> {
    if a.year.state != YearState::Submitted {
        return Err(Failure::conflict(format!("只能对待审核的年度写意见(现在是“{}”)", a.year.state.name_zh())));
    }
    let text = text.trim();
    if text.is_empty() {
        return Err(Failure::bad_request("意见不能为空"));
    }
    if text.chars().count() > 2000 || path.len() > 300 {
        return Err(Failure::bad_request("意见太长(至多 2000 字)"));
    }
    Ok(state
        .store()
        .add_comment(a.unit.id, a.year.year, a.year.revision, path.trim(), text, a.viewer.user.id, state.now())
        .await?)
}

/// The comments of the last 退回 (shown to the filer at the fields they are about): the
/// comments on the revision that was returned, and the return's own comment (path `""`).
pub async fn return_comments(
    state: &AppState,
    unit: &Unit,
    year: &Year,
) -> Result<Vec<jixiao_store::workflow::Comment>, Failure> {
    Ok(return_state(state, unit, year).await?.0)
}

/// [`return_comments`], and whether the year is being filled again after a 退回 (its last
/// move was one): said as 已退回, as the reviewer's table says it.
pub async fn return_state(
    state: &AppState,
    unit: &Unit,
    year: &Year,
) -> Result<(Vec<jixiao_store::workflow::Comment>, bool), Failure> {
    let moves = state.store().moves(unit.id, year.year).await?;
    let returned = year.state == YearState::Filling && moves.last().is_some_and(|m| m.action == Action::Return);
    let Some(last) = moves.iter().rev().find(|m| m.action == Action::Return) else { return Ok((Vec::new(), false)) };
    let mut out = state.store().comments(unit.id, year.year, last.revision).await?;
    if !last.comment.is_empty() {
        out.push(jixiao_store::workflow::Comment {
            id: 0,
            revision: last.revision,
            path: String::new(),
            text: last.comment.clone(),
            author_name: last.actor_name.clone(),
            created_at: last.created_at,
        });
    }
    Ok((out, returned))
}

/// The revision of the last 退回, if the year was ever returned.
pub async fn last_returned(state: &AppState, unit: &Unit, year: i64) -> Result<Option<i64>, Failure> {
    let moves = state.store().moves(unit.id, year).await?;
    Ok(moves.iter().rev().find(|m| m.action == Action::Return).map(|m| m.revision))
}

/// A move as the API and the history show it.
pub fn move_json(m: &Move) -> Value {
    json!({
        "action": m.action, "action_zh": m.action.name_zh(),
        "from": m.from, "from_zh": m.from.name_zh(), "to": m.to, "to_zh": m.to.name_zh(),
        "revision": m.revision, "by": m.actor_name, "comment": m.comment, "at": m.created_at,
    })
}

// ---------------------------------------------------------------- tasks

/// The system a task scores with: its uploaded file, or the built-in one of its id.
pub fn task_system(task: &Task) -> Option<LoadedSystem> {
    match &task.system_toml {
        Some(t) => engine::load_task_system(t).ok(),
        None => engine::builtin_system(&task.system_id).cloned(),
    }
}

/// What a task is opened with.
pub struct NewTask {
    /// The node's code.
    pub node: String,
    /// The year.
    pub year: i64,
    /// A built-in system's id (when no file is uploaded).
    pub system: String,
    /// An uploaded system file (TOML).
    pub system_toml: Option<String>,
    /// `YYYY-MM-DD`.
    pub deadline: String,
}

/// Opens a year's task for the units under a node the viewer may review; every unit below
/// (the node itself only when it has none) gets its year in 填报中, a blank year starting with
/// the task's indicator system.
pub async fn open_task(state: &AppState, viewer: &crate::auth::Viewer, t: NewTask) -> Result<Task, Failure> {
    let units = state.store().units().await?;
    let node = units.iter().find(|u| u.code == t.node).ok_or_else(crate::policy::hidden_unit)?;
    crate::policy::authorize(
        &viewer.user,
        &crate::policy::Target::Unit { unit: node, units: &units, access: crate::policy::Access::Review },
    )?;
    if !(1990..=2100).contains(&t.year) {
        return Err(Failure::bad_request("年度应为 1990–2100 之间的四位数字,如 2024"));
    }
    let deadline =
        parse_date(&t.deadline).ok_or_else(|| Failure::bad_request("截止日期应为 YYYY-MM-DD,如 2025-03-31"))?;
    // A deadline already passed is a slip of the keyboard: every unit would start overdue.
    let today = self::today(state.now());
    if deadline < today {
        return Err(Failure::bad_request(format!(
            "截止日期 {} 已经过了(今天是 {}):未下达任务,请改为今天以后的日期",
            t.deadline.trim(),
            date_text(today)
        )));
    }
    let (system_id, toml) = match t.system_toml.filter(|s| !s.trim().is_empty()) {
        Some(text) => {
            let text2 = text.clone();
            let loaded = engine::blocking(move || engine::load_task_system(&text2)).await?.map_err(|errors| {
                Failure::unprocessable(format!("上传的指标体系有 {} 处错误,未打开任务", errors.len()))
                    .with_details(json!({"errors": errors}))
                    .with_items(errors)
            })?;
            (engine::system_name(&loaded).0, Some(text))
        }
        None => {
            let s = engine::builtin_system(&t.system)
                .ok_or_else(|| Failure::bad_request(format!("没有名为“{}”的内置指标体系", t.system)))?;
            (engine::system_name(s).0, None)
        }
    };
    let task = Task {
        year: t.year,
        node: node.id,
        system_id: system_id.clone(),
        system_toml: toml,
        deadline: t.deadline.trim().to_string(),
        created_by: Some(viewer.user.id),
        created_at: state.now(),
    };
    // The units under the node; the node itself only when it has none (a unit's own task).
    let mut ids = subtree(&units, node.id);
    if ids.len() > 1 {
        ids.retain(|id| *id != node.id);
    }
    state.store().open_task(&task, &ids).await?;
    // A blank year starts with the task's indicator system (a built-in one the record can name).
    if task.system_toml.is_none() {
        for id in &ids {
            let Some(y) = state.store().year(*id, t.year).await? else { continue };
            let Some(unit) = units.iter().find(|u| u.id == *id) else { continue };
            if y.revision == 0 {
                let mut blank = engine::blank_record(&unit.name, t.year);
                blank["indicator_system"] = json!(system_id);
                let text = serde_json::to_string_pretty(&blank).map_err(Failure::internal)?;
                let note = format!("自评任务:指标体系 {system_id}");
                let save = Save {
                    unit: *id,
                    year: t.year,
                    base: 0,
                    record: &text,
                    author: viewer.user.id,
                    note: &note,
                    now: state.now(),
                };
                // Another save first is fine: the unit has started.
                let _ = state.store().save(save).await;
            }
        }
    }
    Ok(task)
}

/// A row of the reviewer's table.
#[derive(Debug, Clone, Serialize)]
pub struct TaskRow {
    /// Unit code.
    pub code: String,
    /// Unit name.
    pub name: String,
    /// Depth below the task's node.
    pub depth: usize,
    /// State (stored name).
    pub state: YearState,
    /// 填报中 / 已退回 / 待审核 / 已通过.
    pub state_zh: &'static str,
    /// Whether the last move was a 退回.
    pub returned: bool,
    /// Days to the deadline (negative: overdue); none once passed.
    pub days_left: Option<i64>,
    /// Current revision.
    pub revision: i64,
    /// 自评总分.
    pub self_score: Option<String>,
    /// The score the data supports (Σ over the leaf indicators of the data-supported score,
    /// or the self-score where the data says nothing).
    pub supported: Option<String>,
    /// Grade.
    pub grade: Option<String>,
    /// Errors.
    pub errors: usize,
    /// Warnings.
    pub warnings: usize,
    /// Explanations kept with the current revision.
    pub explanations: i64,
    /// The record could not be read.
    pub unreadable: bool,
}

/// The data-supported total; none when the data supports no indicator's score at all (an
/// indicator system without points, or figures that bear on no indicator): the sum of the
/// self-scores alone would be shown as if the data had confirmed it.
fn supported_total(s: &ScoreSheet) -> Option<Decimal> {
    let mut total = Decimal::ZERO;
    let mut any = false;
    for (i, r) in s.rows.iter().enumerate() {
        let leaf = s.rows.get(i + 1).is_none_or(|n| n.level <= r.level);
        if !leaf || r.adjustment {
            continue;
        }
        any |= r.supported.is_some();
        if let Some(v) = r.supported.or(r.self_score) {
            total += v;
        }
    }
    any.then_some(total)
}

/// The units of a task with their figures, in tree order.
pub async fn task_rows(state: &AppState, task: &Task, units: &[Unit]) -> Result<Vec<TaskRow>, Failure> {
    let ids = subtree(units, task.node);
    let records = state.store().records_of_year(task.year).await?;
    let last = state.store().last_moves(task.year).await?;
    let explained: HashMap<i64, i64> = state.store().explanation_counts(task.year).await?.into_iter().collect();
    let deadline = parse_date(&task.deadline);
    let today = today(state.now());
    let system = task_system(task).map(std::sync::Arc::new);
    let mut inputs = Vec::new();
    for id in &ids {
        let Some((y, rec)) = records.iter().find(|(y, _)| y.unit == *id) else { continue };
        let Some(u) = units.iter().find(|u| u.id == *id) else { continue };
        let text = match rec {
            Some(t) => t.clone(),
            None => serde_json::to_string(&engine::blank_record(&u.name, task.year)).map_err(Failure::internal)?,
        };
        inputs.push((u.clone(), y.clone(), text));
    }
    let sys = system.clone();
    let scored = engine::blocking(move || {
        use rayon::prelude::*;
        // Each unit's record checked and scored on its own, as many at once as there are cores.
        inputs
            .into_par_iter()
            .map(|(u, y, text)| {
                let c = engine::check(text).ok();
                let sheet = c.as_ref().and_then(|c| match &sys {
                    Some(s) => engine::score_with(c, s),
                    None => c.score.clone(),
                });
                let counts = c.as_ref().map(|c| c.counts());
                (u, y, sheet, counts)
            })
            .collect::<Vec<_>>()
    })
    .await?;
    let node_depth = |u: &Unit| {
        let mut d = 0;
        let mut p = u.parent;
        while let Some(id) = p {
            if id == task.node || d > 32 {
                return d + usize::from(id == task.node);
            }
            d += 1;
            p = units.iter().find(|x| x.id == id).and_then(|x| x.parent);
        }
        0
    };
    Ok(scored
        .into_iter()
        .map(|(u, y, sheet, counts)| {
            let returned =
                y.state == YearState::Filling && last.iter().any(|(id, a, _)| *id == u.id && *a == Action::Return);
            TaskRow {
                depth: if u.id == task.node { 0 } else { node_depth(&u) },
                code: u.code.clone(),
                name: u.name.clone(),
                state: y.state,
                state_zh: if returned { "已退回" } else { y.state.name_zh() },
                returned,
                days_left: if y.state == YearState::Approved { None } else { deadline.map(|d| d - today) },
                revision: y.revision,
                self_score: sheet.as_ref().filter(|s| s.scored).map(|s| engine::score_number(Some(s.total))),
                supported: sheet.as_ref().and_then(supported_total).map(|v| engine::score_number(Some(v))),
                grade: sheet.as_ref().filter(|s| s.scored).and_then(|s| s.grade.clone()),
                errors: counts.map_or(0, |c| c.0),
                warnings: counts.map_or(0, |c| c.1),
                explanations: explained.get(&u.id).copied().unwrap_or(0),
                unreadable: counts.is_none(),
            }
        })
        .collect())
}

// ---------------------------------------------------------------- year over year

/// Next year's record started from this year's (the same as `jixiao rollover`'s; the web's
/// next year leaves out the budget table's rows, see `pages_workflow::start_next_year`).
pub use jixiao_pipeline::workbook::rollover::carry_over;

/// One line of two years compared.
#[derive(Debug, Clone, Serialize)]
pub struct CompareRow {
    /// Section › block › field.
    pub label: String,
    /// Field path.
    pub path: String,
    /// Unit.
    pub unit: &'static str,
    /// The earlier year's figure.
    pub a: Option<String>,
    /// The later year's.
    pub b: Option<String>,
    /// b − a.
    pub change: Option<String>,
    /// (b − a) ÷ a, in percent to two decimals.
    pub rate: Option<String>,
}

/// The figures (money, counts, numbers) of the forms of two records side by side, and the
/// budget table by 功能科目编码, with changes and rates computed exactly.
pub fn compare(a: &Value, b: &Value) -> Vec<CompareRow> {
    use engine::schema::{Block, Kind, join};
    let schema = form::schema_of(b);
    let (va, vb) = (engine::record_view(schema, a), engine::record_view(schema, b));
    let fig = |v: &RecordView, p: &str| v.figure(p).map(|f| f.face);
    let row = |label: String, path: String, unit: &'static str, x: Option<Decimal>, y: Option<Decimal>| {
        let change = match (x, y) {
            (Some(x), Some(y)) => Some(y - x),
            _ => None,
        };
        let rate = match (x, change) {
            (Some(x), Some(c)) if !x.is_zero() => {
                c.checked_div(x).map(|r| format!("{}%", crate::engine::percent_text(r)))
            }
            _ => None,
        };
        CompareRow {
            label,
            path,
            unit,
            // As written (4469.60 stays 4469.60); the change with the decimals of its figures.
            a: x.map(|d| d.to_string()),
            b: y.map(|d| d.to_string()),
            change: change.map(|d| d.to_string()),
            rate,
        }
    };
    let mut out = Vec::new();
    for section in schema.sections {
        for block in section.blocks {
            if let Block::Form { columns, fields, .. } = block {
                for (base, _) in *columns {
                    for f in fields.iter().filter(|f| matches!(f.kind, Kind::Money | Kind::Count | Kind::Number)) {
                        let p = join(base, f.key);
                        let (x, y) = (fig(&va, &p), fig(&vb, &p));
                        if x.is_none() && y.is_none() {
                            continue;
                        }
                        let label = form::label_of(schema, &p).unwrap_or_else(|| p.clone());
                        let unit = if f.unit.is_empty() && f.kind == Kind::Money { "万元" } else { f.unit };
                        out.push(row(label, p, unit, x, y));
                    }
                }
            }
        }
    }
    // The budget table by 功能科目编码.
    let by_code = |v: &RecordView, rec: &Value| -> BTreeMap<String, (String, Option<Decimal>, Option<Decimal>)> {
        let n = form::path::get(rec, "budget_table.rows").and_then(Value::as_array).map_or(0, Vec::len);
        (0..n)
            .filter_map(|i| {
                let code = v.text(&format!("budget_table.rows[{i}].code"))?;
                let name = v.text(&format!("budget_table.rows[{i}].name")).unwrap_or_default();
                Some((
                    code,
                    (
                        name,
                        fig(v, &format!("budget_table.rows[{i}].budget")),
                        fig(v, &format!("budget_table.rows[{i}].actual")),
                    ),
                ))
            })
            .collect()
    };
    let (ca, cb) = (by_code(&va, a), by_code(&vb, b));
    let codes: std::collections::BTreeSet<&String> = ca.keys().chain(cb.keys()).collect();
    for code in codes {
        let (x, y) = (ca.get(code), cb.get(code));
        let name = y.or(x).map_or("", |r| r.0.as_str());
        out.push(row(
            format!("预决算差异表 › {code} {name} › 预算数"),
            format!("budget_table[{code}].budget"),
            "万元",
            x.and_then(|r| r.1),
            y.and_then(|r| r.1),
        ));
        out.push(row(
            format!("预决算差异表 › {code} {name} › 决算数"),
            format!("budget_table[{code}].actual"),
            "万元",
            x.and_then(|r| r.2),
            y.and_then(|r| r.2),
        ));
    }
    out
}

// ---------------------------------------------------------------- 汇总 and tasks seen

/// The task of `year` that covers `node` (opened for it or for a unit above it), if the
/// viewer may review the node; 404 when there is none or the node may not be seen.
pub async fn task_covering(
    state: &AppState,
    viewer: &crate::auth::Viewer,
    year: i64,
    node_code: &str,
) -> Result<(Task, Unit, Vec<Unit>), Failure> {
    let units = state.store().units().await?;
    let node = units.iter().find(|u| u.code == node_code).cloned().ok_or_else(crate::policy::hidden_unit)?;
    crate::policy::authorize(
        &viewer.user,
        &crate::policy::Target::Unit { unit: &node, units: &units, access: crate::policy::Access::Review },
    )?;
    let tasks = state.store().tasks().await?;
    let task = tasks
        .into_iter()
        .filter(|t| t.year == year && subtree(&units, t.node).contains(&node.id))
        // The nearest: the task opened for the smallest subtree.
        .min_by_key(|t| subtree(&units, t.node).len())
        .ok_or_else(|| Failure::not_found(format!("“{}”没有 {year} 年度的自评任务", node.name)))?;
    Ok((task, node, units))
}

/// The roll-up of a node for a year, over the units below it.
pub async fn rollup_of(
    state: &AppState,
    year: i64,
    node: &Unit,
    units: &[Unit],
    approved_only: bool,
) -> Result<crate::rollup::Rollup, Failure> {
    let ids = subtree(units, node.id);
    let records = state.store().records_of_year(year).await?;
    let inputs: Vec<crate::rollup::Input> = ids
        .iter()
        .filter_map(|id| {
            let (y, rec) = records.iter().find(|(y, _)| y.unit == *id)?;
            if approved_only && y.state != jixiao_store::YearState::Approved {
                return None;
            }
            let u = units.iter().find(|u| u.id == *id)?;
            Some((u.code.clone(), u.name.clone(), y.state.name_zh(), rec.clone()))
        })
        .collect();
    let (code, name) = (node.code.clone(), node.name.clone());
    engine::blocking(move || crate::rollup::rollup(year, (&code, &name), inputs)).await
}

/// The tasks the viewer may see: a reviewer's or 管理员's over units they may review, a
/// filer's over their unit. With the node's code and name.
pub async fn visible_tasks(state: &AppState, viewer: &crate::auth::Viewer) -> Result<Vec<(Task, Unit, bool)>, Failure> {
    let units = state.store().units().await?;
    let mut out = Vec::new();
    for t in state.store().tasks().await? {
        let Some(node) = units.iter().find(|u| u.id == t.node).cloned() else { continue };
        let reviews = crate::policy::can_review(&viewer.user, &node, &units);
        let covers_mine = viewer.user.unit.is_some_and(|u| subtree(&units, t.node).contains(&u));
        if reviews || covers_mine {
            out.push((t, node, reviews));
        }
    }
    Ok(out)
}

/// A task as the API gives it.
pub fn task_json(t: &Task, node: &Unit) -> Value {
    json!({
        "year": t.year, "node": node.code, "node_name": node.name,
        "system": t.system_id, "uploaded_system": t.system_toml.is_some(),
        "deadline": t.deadline, "created_at": t.created_at,
    })
}
