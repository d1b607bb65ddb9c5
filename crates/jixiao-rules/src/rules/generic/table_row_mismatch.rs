//! G002 表格行内的差异或执行率有误.

use jixiao_core::Finding;
use jixiao_core::calc;
use jixiao_core::generic::{ColumnRole, FigureTable};

use crate::support::{at, labelled, mismatch, mismatch_finding};
use crate::{Context, Rule, RuleInfo, declare_rule};

declare_rule! {
    /// ## 检查内容
    ///
    /// 报告中带有“预算数”“决算数(执行数)”列的表格(记录中已有专门位置的除外),
    /// 每一行的“差异”是否等于预算数 − 决算数,“执行率”是否等于决算数 ÷ 预算数。
    /// 差异列的列名写明“决算数-预算数”时,或表中多数行的差异都是决算数 − 预算数时,
    /// 按决算数 − 预算数核对。
    /// 表格同时列有年初预算数和全年(调整后)预算数时(如项目支出绩效自评表),
    /// 按全年(调整后)预算数计算。比较考虑四舍五入;预算数为 0 的行不计算执行率。
    ///
    /// ## 为什么
    ///
    /// 行内的差额和比率多为手工计算后录入,最容易算错或抄错。
    ///
    /// ## 示例
    ///
    /// 预算 57.90、决算 34.25,差异写 23.56:应为 23.65。
    ///
    /// ## 如何修改
    ///
    /// 按公式重新计算并改正。
    pub struct TableRowMismatch {
        code: "G002",
        name: "table_row_mismatch",
        title: "表格行内的差异或执行率有误",
        severity: Error,
    }
}

impl Rule for TableRowMismatch {
    fn info(&self) -> &'static RuleInfo {
        &Self::INFO
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        let Some(facts) = cx.facts else { return };
        for (ti, t) in facts.tables.iter().enumerate() {
            let col = |role: ColumnRole| t.columns.iter().position(|c| c.1 == role);
            let (Some(cb), Some(ca)) = (budget_column(&t.columns), col(ColumnRole::Actual)) else { continue };
            let reversed = col(ColumnRole::Variance).is_some_and(|cv| actual_minus_budget(t, cb, ca, cv));
            for (ri, r) in t.rows.iter().enumerate() {
                let get = |c: Option<usize>| c.and_then(|c| r.cells.get(c).copied().flatten());
                let (Some(b), Some(a)) = (get(Some(cb)), get(Some(ca))) else { continue };
                if b.percent || a.percent {
                    continue;
                }
                let path = |c: usize| format!("facts.tables[{ti}].rows[{ri}].cells[{c}]");
                let related = vec![at(path(cb)), at(path(ca))];
                if let Some(cv) = col(ColumnRole::Variance)
                    && let Some(v) = get(Some(cv)).filter(|v| !v.percent)
                    && let Some(m) = mismatch(
                        v.figure(),
                        if reversed {
                            calc::variance(a.figure(), b.figure())
                        } else {
                            calc::variance(b.figure(), a.figure())
                        },
                    )
                {
                    out.push(mismatch_finding(
                        &Self::INFO,
                        &m,
                        v.value,
                        "",
                        format!("表格“{}”行的差异", r.label),
                        labelled(path(cv), "差异"),
                        related.clone(),
                        if reversed {
                            "按 决算数 − 预算数 重新计算并改正"
                        } else {
                            "按 预算数 − 决算数 重新计算并改正"
                        },
                    ));
                }
                if let Some(cr) = col(ColumnRole::Rate)
                    && let Some(rate) = get(Some(cr)).filter(|v| v.percent)
                    && let Some(m) = mismatch(rate.figure(), calc::execution_rate(a.figure(), b.figure()))
                {
                    out.push(mismatch_finding(
                        &Self::INFO,
                        &m,
                        rate.value,
                        "%",
                        format!("表格“{}”行的执行率", r.label),
                        labelled(path(cr), "执行率"),
                        related,
                        "按 决算数 ÷ 预算数 重新计算(保留两位小数)并改正",
                    ));
                }
            }
        }
    }
}

/// Whether a table's 差异 column is 决算数 − 预算数 rather than 预算数 − 决算数: as its heading
/// says (`差异(决算数-预算数)`), else as more of its rows have it (a table states its
/// differences one way; a changed figure fits neither).
fn actual_minus_budget(t: &FigureTable, cb: usize, ca: usize, cv: usize) -> bool {
    if let Some(said) = t.columns.get(cv).and_then(|c| heading_order(&c.0)) {
        return said;
    }
    let (mut ab, mut ba) = (0usize, 0usize);
    for r in &t.rows {
        let get = |c: usize| r.cells.get(c).copied().flatten().filter(|v| !v.percent);
        let (Some(b), Some(a), Some(v)) = (get(cb), get(ca), get(cv)) else { continue };
        let fits_ab = mismatch(v.figure(), calc::variance(a.figure(), b.figure())).is_none();
        let fits_ba = mismatch(v.figure(), calc::variance(b.figure(), a.figure())).is_none();
        match (fits_ab, fits_ba) {
            (true, false) => ab += 1,
            (false, true) => ba += 1,
            _ => {}
        }
    }
    ab > ba
}

/// The order a 差异 heading writes its difference in: `决算数-预算数` (`Some(true)`),
/// `预算数-决算数` (`Some(false)`), or none.
fn heading_order(heading: &str) -> Option<bool> {
    let h: String = heading.chars().filter(|c| !c.is_whitespace()).collect();
    let minus = h.find(['-', '\u{2212}', '\u{2014}', '\u{2013}', '减']).filter(|&i| i > 0)?;
    let (left, right) = h.split_at(minus);
    let actual = |s: &str| ["决算", "执行数", "实际", "支出数"].iter().any(|w| s.contains(w));
    let budget = |s: &str| s.contains("预算");
    // The words nearest the minus sign: the heading may name 预算 before it (`预决算差异`).
    let last_left = left
        .rfind("预算")
        .map(|i| (i, false))
        .into_iter()
        .chain(["决算", "执行数", "实际", "支出数"].iter().filter_map(|w| left.rfind(w).map(|i| (i, true))));
    let before = last_left.max_by_key(|(i, _)| *i)?.1;
    let after_actual = actual(right);
    let after_budget = budget(right);
    match (before, after_actual, after_budget) {
        (true, _, true) => Some(true),
        (false, true, _) => Some(false),
        _ => None,
    }
}

/// The budget column rates and differences are computed against: of several, the full-year
/// (adjusted) one (全年预算数, 调整后预算数), as the project form computes 执行率 against it;
/// else the first.
fn budget_column(columns: &[(String, ColumnRole)]) -> Option<usize> {
    let budgets = || columns.iter().enumerate().filter(|(_, c)| c.1 == ColumnRole::Budget);
    let adjusted = |name: &str| name.contains("全年") || name.contains("调整");
    budgets().find(|(_, c)| adjusted(&c.0)).or_else(|| budgets().next()).map(|(i, _)| i)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cols(names: &[(&str, ColumnRole)]) -> Vec<(String, ColumnRole)> {
        names.iter().map(|(n, r)| (n.to_string(), *r)).collect()
    }

    #[test]
    fn a_heading_may_say_which_way_its_difference_is_taken() {
        assert_eq!(heading_order("差异(决算数-预算数)"), Some(true));
        assert_eq!(heading_order("差额(执行数 − 预算数)"), Some(true));
        assert_eq!(heading_order("差异(预算数-决算数)"), Some(false));
        assert_eq!(heading_order("预决算差异"), None);
        assert_eq!(heading_order("差异"), None);
    }

    #[test]
    fn the_full_year_budget_is_the_base_when_there_are_two() {
        let form = cols(&[
            ("", ColumnRole::Label),
            ("年初预算数", ColumnRole::Budget),
            ("全年预算数", ColumnRole::Budget),
            ("全年执行数", ColumnRole::Actual),
        ]);
        assert_eq!(budget_column(&form), Some(2));
        let adjusted = cols(&[("调整后预算数", ColumnRole::Budget), ("年初预算数", ColumnRole::Budget)]);
        assert_eq!(budget_column(&adjusted), Some(0));
        let one = cols(&[("项目", ColumnRole::Label), ("预算数", ColumnRole::Budget), ("决算数", ColumnRole::Actual)]);
        assert_eq!(budget_column(&one), Some(1));
        assert_eq!(budget_column(&cols(&[("决算数", ColumnRole::Actual)])), None);
    }
}
