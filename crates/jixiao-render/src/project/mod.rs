//! The 项目支出绩效自评表 made from a project record, in the national form's own layout
//! (财预〔2020〕10号 附件): one table whose section labels are merged down their rows, on an
//! A4 landscape page ([`Layout::Form`]); with [`ProjectInputs::full`], the project
//! self-evaluation report's sections (项目概况, 绩效目标, 自评结果, 偏差原因, 问题和改进措施)
//! follow the form, made from the record's texts.
//!
//! Figures come from the record and its score sheet (`jixiao_core::scoring`), computed exactly
//! and rounded only when printed (`build::format`). Like the department report, a build is a
//! draft unless it is final ([`Mode::Final`]), and a final build is refused while the record
//! lacks what the form needs or findings of error level are given to list.

use jixiao_core::finding::{Finding, Severity};
use jixiao_core::project::ProjectRecord;
use jixiao_core::schema::PROJECT;
use jixiao_core::schema::view::RecordView;
use jixiao_core::scoring::ScoreSheet;
use jixiao_core::system::IndicatorSystem;

use crate::build::gaps::collect_in;
use crate::build::{BuildError, Built, Gap, Mode, Options, typeset};
use crate::model::{Layout, Meta, Report};

mod form;
mod sections;

/// The indicator system a project record is scored by when it names none.
pub const DEFAULT_SYSTEM: &str = "mof-2020-project";

/// What the builder needs besides the options.
pub struct ProjectInputs<'a> {
    /// The record.
    pub record: &'a ProjectRecord,
    /// Its indicator system; `None`: the one the record names, else the national form's.
    pub system: Option<&'a IndicatorSystem>,
    /// Findings to list in a 附注 (when the form is written in spite of errors).
    pub notes: &'a [Finding],
    /// Add the self-evaluation report's sections after the form.
    pub full: bool,
}

/// The score sheet of `r` by `sys`, or by the system the record names (the national form's
/// when it names none or one not built in), and the code of its 预算执行率 node.
fn score(r: &ProjectRecord, sys: Option<&IndicatorSystem>) -> Option<(ScoreSheet, Option<String>)> {
    let record = jixiao_core::Record::Project(Box::new(r.clone()));
    let sys = match sys {
        Some(s) => s,
        None => {
            let builtins = jixiao_core::system::builtins();
            let named = r.indicator_system.as_deref().and_then(|id| builtins.iter().find(|s| s.system.system.id == id));
            &named.or_else(|| builtins.iter().find(|s| s.system.system.id == DEFAULT_SYSTEM))?.system
        }
    };
    let rate = sys.indicators.iter().find(|i| i.measure.as_deref() == Some("execution_rate")).map(|i| i.code.clone());
    Some((jixiao_core::scoring::score(&record, sys), rate))
}

/// Builds the project's 自评表 (and, when asked, its report) as `opts` asks.
pub fn build_project(inp: &ProjectInputs<'_>, opts: &Options) -> Result<Built, BuildError> {
    let r = inp.record;
    if opts.mode == Mode::Final {
        let errors = inp.notes.iter().filter(|f| f.severity == Severity::Error).count();
        if errors > 0 {
            return Err(BuildError::Errors(errors));
        }
    }
    let scored = score(r, inp.system);
    let sheet = scored.as_ref().map(|s| &s.0);
    let rate_row = scored.as_ref().and_then(|(s, code)| s.rows.iter().find(|row| Some(&row.code) == code.as_ref()));
    let mut out = Report {
        title: format!("项目支出绩效自评表({}年度)", r.header.year),
        title_lines: vec!["项目支出绩效自评表".into(), format!("\u{ff08}{}年度\u{ff09}", r.header.year)],
        ..Default::default()
    };
    let mut warnings = Vec::new();
    let mut found = Vec::new();
    out.blocks.push(crate::model::Block::Table(form::form(r, sheet, rate_row)));
    if r.goals.as_ref().and_then(|g| g.expected.as_deref()).is_none_or(|t| t.trim().is_empty()) {
        warnings.push("“年度总体目标”的预期目标未填报(goals.expected)".to_string());
    }
    if r.indicators.is_empty() {
        warnings.push("“绩效指标”未填报:记录中没有指标(indicators)".to_string());
        found.push(Gap::named("indicators", "绩效指标"));
    }
    if inp.full {
        sections::sections(&mut out, r, sheet, &mut found);
    }
    notes(&mut out, inp.notes);
    let mut gaps = collect_in(&PROJECT, &RecordView::project(r), found);
    if !inp.full {
        // The form has no place for problems and measures: only the report needs them.
        gaps.retain(|g| !g.path.starts_with("problems") && !g.path.starts_with("recommendations"));
    }
    if opts.mode == Mode::Final && !gaps.is_empty() {
        return Err(BuildError::Incomplete(gaps));
    }
    out.meta = Meta {
        author: r.header.implementer.clone().filter(|s| !s.trim().is_empty()).unwrap_or(r.header.department.clone()),
        created: r.header.filed_on.clone().filter(|d| !d.trim().is_empty()).or_else(|| opts.written_at.clone()),
        draft: opts.mode == Mode::Draft,
        layout: Layout::Form,
    };
    typeset(&mut out);
    Ok(Built { report: out, warnings, gaps })
}

/// 附注: the findings a form written in spite of errors lists below it.
fn notes(out: &mut Report, notes: &[Finding]) {
    if notes.is_empty() {
        return;
    }
    out.heading(1, "附注:检查发现的问题");
    out.para("本表所依据的记录经检查存在以下问题,表中的执行率、得分合计按记录中的数字重新计算:");
    for (i, f) in notes.iter().enumerate() {
        let sev = if f.severity == Severity::Error { "错误" } else { "警告" };
        out.para(format!("{}. [{}{}] {}", i + 1, sev, f.code, f.message));
    }
}
