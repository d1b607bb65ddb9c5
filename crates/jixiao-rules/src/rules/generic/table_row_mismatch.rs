//! G002 表格行内的差异或执行率有误.

use jixiao_core::Finding;
use jixiao_core::calc;
use jixiao_core::generic::ColumnRole;

use crate::support::{at, labelled, mismatch, mismatch_finding};
use crate::{Context, Rule, RuleInfo, declare_rule};

declare_rule! {
    /// ## 检查内容
    ///
    /// 报告中带有“预算数”“决算数(执行数)”列的表格(记录中已有专门位置的除外),
    /// 每一行的“差异”是否等于预算数 − 决算数,“执行率”是否等于决算数 ÷ 预算数。
    /// 比较考虑四舍五入;预算数为 0 的行不计算执行率。
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
            let (Some(cb), Some(ca)) = (col(ColumnRole::Budget), col(ColumnRole::Actual)) else { continue };
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
                    && let Some(m) = mismatch(v.figure(), calc::variance(b.figure(), a.figure()))
                {
                    out.push(mismatch_finding(
                        &Self::INFO,
                        &m,
                        v.value,
                        "",
                        format!("表格“{}”行的差异", r.label),
                        labelled(path(cv), "差异"),
                        related.clone(),
                        "按 预算数 − 决算数 重新计算并改正",
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
