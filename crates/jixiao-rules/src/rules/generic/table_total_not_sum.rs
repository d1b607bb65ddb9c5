//! G001 表格合计行与各行之和不符.

use jixiao_core::Finding;
use jixiao_core::figure::Figure;
use jixiao_core::generic::ColumnRole;

use crate::support::{at, labelled, mismatch, mismatch_finding};
use crate::{Context, Rule, RuleInfo, declare_rule};

declare_rule! {
    /// ## 检查内容
    ///
    /// 报告中任何一张表格(记录中已有专门位置的表格除外,如预决算差异表)的“合计”“总计”行,
    /// 其每一列金额是否等于上方各行之和。“其中”行是上一行的组成部分,不计入合计;
    /// 比率列不加总;某列有空格时不检查该列。比较考虑四舍五入。
    /// 以冒号结尾的小计行(如“三公经费:”)之下列出编号为 1、2、3……的各行时,小计行的每一列
    /// 也应等于这些编号行之和(编号行之下的“其中”行不计入)。表格可以是竖线、制表符或空格分隔,
    /// 也可以是一格一行(单元格之间有无空行均可)。
    ///
    /// ## 为什么
    ///
    /// 表格合计与各行不符,说明至少一个数字录错,整张表都无法采信。
    ///
    /// ## 示例
    ///
    /// 三行预算数 10.00、20.00、30.00,合计行写 61.00:各行之和为 60.00,相差 1.00。
    ///
    /// ## 如何修改
    ///
    /// 核对各行与合计,改正录错的数字。
    pub struct TableTotalNotSum {
        code: "G001",
        name: "table_total_not_sum",
        title: "表格合计行与各行之和不符",
        severity: Error,
    }
}

impl Rule for TableTotalNotSum {
    fn info(&self) -> &'static RuleInfo {
        &Self::INFO
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        let Some(facts) = cx.facts else { return };
        for (ti, t) in facts.tables.iter().enumerate() {
            let Some(total_i) = t.rows.iter().position(|r| r.total) else { continue };
            let rows: Vec<(usize, &jixiao_core::generic::FigureRow)> =
                t.rows[..total_i].iter().enumerate().filter(|(_, r)| !r.part && !r.total).collect();
            if rows.len() < 2 {
                continue;
            }
            for (ci, (name, role)) in t.columns.iter().enumerate() {
                if matches!(role, ColumnRole::Rate | ColumnRole::Label) {
                    continue;
                }
                let Some(Some(total)) = t.rows[total_i].cells.get(ci) else { continue };
                if total.percent {
                    continue;
                }
                let parts: Option<Vec<Figure>> = rows
                    .iter()
                    .map(|(_, r)| r.cells.get(ci).copied().flatten().filter(|s| !s.percent).map(|s| s.figure()))
                    .collect();
                let Some(parts) = parts else { continue };
                if let Some(m) = mismatch(total.figure(), Figure::sum(parts)) {
                    let mut f = mismatch_finding(
                        &Self::INFO,
                        &m,
                        total.value,
                        "",
                        format!("表格“{name}”列的合计"),
                        labelled(format!("facts.tables[{ti}].rows[{total_i}].cells[{ci}]"), "合计"),
                        rows.iter().map(|(ri, _)| at(format!("facts.tables[{ti}].rows[{ri}].cells[{ci}]"))).collect(),
                        "核对各行与合计行,改正录错的数字",
                    );
                    // A subtotal group's head (`三公经费:`) is named; a 合计 row is the 合计.
                    let head = &t.rows[total_i].label;
                    let what = if head.contains("合计") || head.contains("总计") || head.trim().is_empty() {
                        "合计".to_string()
                    } else {
                        format!("“{}”", head.trim().trim_end_matches(':'))
                    };
                    f.message = format!(
                        "表格“{name}”列:各行之和为 {},与{what} {} 不符({})",
                        f.computed.clone().unwrap_or_default(),
                        total.value,
                        m.cmp.describe(total.value.scale())
                    );
                    out.push(f);
                }
            }
        }
    }
}
