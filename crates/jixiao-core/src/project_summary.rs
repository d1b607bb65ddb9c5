//! The 项目支出绩效自评结果汇总表 of a department: one row per project (序号, 项目名称, 实施单位,
//! 预算数, 执行数, 结余数, 自评得分) computed from the project's own record and score sheet, and
//! the 合计 row. Its columns' labels are the schema's
//! ([`PROJECT_SUMMARY`](crate::schema::dept::PROJECT_SUMMARY)).
//!
//! The pipeline makes the rows of every project a department lists (by file or inline), the
//! department report prints them, and the rules check the department's stated figures about
//! its projects against them. Nothing here reads a file or judges.

use rust_decimal::Decimal;

use crate::figure::Figure;
use crate::num::MoneyUnit;
use crate::project::ProjectRecord;
use crate::record::DeptRecord;
use crate::scoring::ScoreSheet;

/// One row of the summary table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SummaryRow {
    /// 序号, from 1.
    pub number: usize,
    /// Where the department record names the project: `projects.files[i]` or
    /// `projects.inline[i]` (a finding about the project points there).
    pub place: String,
    /// 项目名称.
    pub name: String,
    /// 实施单位.
    pub implementer: Option<String>,
    /// 预算数: the 年度资金总额 row's 全年预算数 (万元), as stated.
    pub budget: Option<Decimal>,
    /// 执行数: its 全年执行数 (万元), as stated.
    pub actual: Option<Decimal>,
    /// 执行数 with its rounding interval (万元), for comparing with stated figures.
    pub actual_figure: Option<Figure>,
    /// 结余数 = 预算数 − 执行数 (万元), computed exactly.
    pub balance: Option<Decimal>,
    /// 自评得分: the total of the project's self-scores on its score sheet.
    pub self_score: Option<Decimal>,
    /// 评价等级 of that total.
    pub grade: Option<String>,
}

/// The row of project `number` (from 1) found at `place`, from its record and, when it was
/// scored, its score sheet.
pub fn row(number: usize, place: String, record: &ProjectRecord, sheet: Option<&ScoreSheet>) -> SummaryRow {
    let total = &record.funds.total;
    let budget = total.budget_full_year.map(|a| a.figure_in(MoneyUnit::WanYuan).face);
    let actual_figure = total.actual.map(|a| a.figure_in(MoneyUnit::WanYuan));
    let actual = actual_figure.map(|f| f.face);
    let sheet = sheet.filter(|s| s.scored);
    SummaryRow {
        number,
        place,
        name: record.header.project.trim().to_string(),
        implementer: record.header.implementer.clone().filter(|s| !s.trim().is_empty()),
        budget,
        actual,
        actual_figure,
        balance: budget.zip(actual).map(|(b, a)| b - a),
        self_score: sheet.map(|s| s.total),
        grade: sheet.and_then(|s| s.grade.clone()),
    }
}

/// Where the department record lists its projects, in the order they are numbered: the files
/// first (`projects.files[i]`), then the projects written inline (`projects.inline[i]`).
pub fn places(dept: &DeptRecord) -> Vec<String> {
    let Some(p) = &dept.projects else { return Vec::new() };
    let files = (0..p.files.len()).map(|i| format!("projects.files[{i}]"));
    files.chain((0..p.inline.len()).map(|i| format!("projects.inline[{i}]"))).collect()
}

/// The 合计 row: each column summed over the rows, `None` where a row lacks the figure (a
/// partial sum would be a wrong 合计).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Totals {
    /// Σ 预算数.
    pub budget: Option<Decimal>,
    /// Σ 执行数.
    pub actual: Option<Decimal>,
    /// Σ 结余数.
    pub balance: Option<Decimal>,
}

/// The 合计 of `rows` (all `None` for no rows).
pub fn totals(rows: &[SummaryRow]) -> Totals {
    if rows.is_empty() {
        return Totals::default();
    }
    let sum =
        |f: fn(&SummaryRow) -> Option<Decimal>| rows.iter().try_fold(Decimal::ZERO, |acc, r| acc.checked_add(f(r)?));
    Totals { budget: sum(|r| r.budget), actual: sum(|r| r.actual), balance: sum(|r| r.balance) }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn project(budget: &str, actual: &str) -> ProjectRecord {
        let text = format!(
            "kind = \"project_evaluation\"\n[header]\nproject = \" 甲 \"\ndepartment = \"乙\"\nimplementer = \"丙\"\nyear = 2024\n\
             [funds.total]\nlabel = \"年度资金总额\"\nbudget_full_year = \"{budget}\"\nactual = \"{actual}\"\n"
        );
        match crate::load_record(&text, crate::Format::Toml).expect("loads").record {
            crate::Record::Project(p) => *p,
            crate::Record::Dept(_) => unreachable!(),
        }
    }

    fn d(s: &str) -> Decimal {
        Decimal::from_str_exact(s).expect("decimal")
    }

    #[test]
    fn a_row_and_the_totals_are_computed_exactly() {
        let a = row(1, "projects.inline[0]".into(), &project("100.10", "99.95"), None);
        assert_eq!((a.name.as_str(), a.implementer.as_deref()), ("甲", Some("丙")));
        assert_eq!((a.budget, a.actual, a.balance), (Some(d("100.10")), Some(d("99.95")), Some(d("0.15"))));
        let f = a.actual_figure.expect("figure");
        assert_eq!((f.lo, f.hi), (d("99.945"), d("99.955")));
        // 元 are turned into 万元 exactly.
        let b = row(2, "projects.inline[1]".into(), &project("12345元", "12000元"), None);
        assert_eq!((b.budget, b.actual, b.balance), (Some(d("1.2345")), Some(d("1.2")), Some(d("0.0345"))));
        let t = totals(&[a.clone(), b]);
        assert_eq!((t.budget, t.actual, t.balance), (Some(d("101.3345")), Some(d("101.15")), Some(d("0.1845"))));
        let mut c = a;
        c.actual = None;
        c.balance = None;
        assert_eq!(totals(&[c]).actual, None);
        assert_eq!(totals(&[]), Totals::default());
    }
}
