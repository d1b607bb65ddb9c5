//! A department and its projects: the project records a department record lists
//! (`projects.files`), each checked and scored as its own input, its findings naming the
//! project they belong to, and the figures of the 项目支出绩效自评结果汇总表 computed from them.
//!
//! The front door reads the files (this crate reads none): it resolves each path of
//! [`listed_files`] against the department record's own place, reads it with [`crate::read`],
//! and hands it to [`check_project`].

use jixiao_core::Decimal;
use jixiao_core::system::IndicatorSystem;

use crate::{Outcome, Read, Record};

/// The project record files a department record lists, as written (relative to its file).
pub fn listed_files(record: &Record) -> Vec<String> {
    record.as_dept().and_then(|d| d.projects.as_ref()).map(|p| p.files.clone()).unwrap_or_default()
}

/// One project of a department, checked.
pub struct ProjectOutcome {
    /// Its place in the department's list (from 0).
    pub index: usize,
    /// The file as the department record names it.
    pub file: String,
    /// 项目名称.
    pub name: String,
    /// What checking it gave: its findings (each message begun with `项目“名称”:`) and its
    /// score sheet, against its own indicator system (the national form by default).
    pub outcome: Outcome,
}

/// Why a listed file is not a project.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NotAProject {
    /// The file as listed.
    pub file: String,
}

/// Checks the project read from the `index`-th listed file against `system` (else the system
/// its record names, else the national project form). Its findings begin with the project's
/// name, so that shown beside the department's they say which project they belong to.
pub fn check_project(
    index: usize,
    file: &str,
    read: Read,
    system: Option<&IndicatorSystem>,
) -> Result<ProjectOutcome, NotAProject> {
    let Record::Project(p) = &read.record else { return Err(NotAProject { file: file.to_string() }) };
    let name = p.header.project.trim().to_string();
    let own = p.indicator_system.clone().unwrap_or_else(|| "mof-2020-project".to_string());
    let builtin = jixiao_core::system::builtins().iter().find(|s| s.system.system.id == own).map(|s| &s.system);
    let mut outcome = crate::check(read, system.or(builtin));
    for f in &mut outcome.findings {
        f.message = format!("项目“{name}”:{}", f.message);
    }
    Ok(ProjectOutcome { index, file: file.to_string(), name, outcome })
}

/// One row of the 项目支出绩效自评结果汇总表 (序号, 项目名称, 实施单位, 预算数, 执行数, 结余数,
/// 自评得分), computed from the project's own record and score sheet. The department report's
/// summary table (the render crate's) should be made from these rows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProjectSummaryRow {
    /// 序号, from 1.
    pub number: usize,
    /// 项目名称.
    pub name: String,
    /// 实施单位.
    pub implementer: Option<String>,
    /// 预算数: the 年度资金总额 row's 全年预算数 (万元), as stated.
    pub budget: Option<Decimal>,
    /// 执行数: its 全年执行数 (万元), as stated.
    pub actual: Option<Decimal>,
    /// 结余数 = 预算数 − 执行数 (万元), computed exactly.
    pub balance: Option<Decimal>,
    /// 自评得分: the total of the project's self-scores on its score sheet.
    pub self_score: Option<Decimal>,
    /// 评价等级 of that total.
    pub grade: Option<String>,
}

/// The summary table's rows, one per project, in the department's order.
pub fn summary(projects: &[ProjectOutcome]) -> Vec<ProjectSummaryRow> {
    projects
        .iter()
        .filter_map(|p| {
            let Record::Project(r) = &p.outcome.read.record else { return None };
            let total = &r.funds.total;
            let money = |a: Option<jixiao_core::value::Amount>| {
                a.map(|a| a.figure_in(jixiao_core::num::MoneyUnit::WanYuan).face)
            };
            let (budget, actual) = (money(total.budget_full_year), money(total.actual));
            let sheet = p.outcome.score.as_ref().filter(|s| s.scored);
            Some(ProjectSummaryRow {
                number: p.index + 1,
                name: p.name.clone(),
                implementer: r.header.implementer.clone(),
                budget,
                actual,
                balance: budget.zip(actual).map(|(b, a)| b - a),
                self_score: sheet.map(|s| s.total),
                grade: sheet.and_then(|s| s.grade.clone()),
            })
        })
        .collect()
}
