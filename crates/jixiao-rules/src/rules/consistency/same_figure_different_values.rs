//! C001 同一数字前后不一.

use jixiao_core::num::MoneyUnit;
use jixiao_core::{Decimal, Finding, Record, compare};

use crate::support::labelled;
use crate::{Context, Rule, RuleInfo, declare_rule, finding};

declare_rule! {
    /// ## 检查内容
    ///
    /// 同一个数字在报告不同位置出现时是否一致:收入支出结构段落中各类支出与预决算差异表
    /// 同一科目的决算数,结构段落的总支出与差异表的决算合计(两个合计之差恰为已列出的各科目之差的和时,
    /// 不再重复列出);同一名称的其他数字前后两次出现的值。比较考虑四舍五入。
    ///
    /// ## 为什么
    ///
    /// 报告由多人、多次从不同表格抄录,同一数字前后不一说明至少一处抄错,
    /// 审核人无法判断哪一个是真实数字。
    ///
    /// ## 示例
    ///
    /// 住房保障支出在预决算差异表中为 96.78 万元,在收入支出结构分析中为 95.50 万元,
    /// 相差 1.28 万元。
    ///
    /// ## 如何修改
    ///
    /// 以决算报表为准,统一全文的数字。
    pub struct SameFigureDifferentValues {
        code: "C001",
        name: "same_figure_different_values",
        title: "同一数字前后不一",
        severity: Error,
    }
}

impl Rule for SameFigureDifferentValues {
    fn info(&self) -> &'static RuleInfo {
        &Self::INFO
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        let Record::Dept(r) = cx.record else { return };
        let w = MoneyUnit::WanYuan;
        if let (Some(s), Some(t)) = (&r.expenditure_structure, &r.budget_table) {
            let mut by_code: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
            for (j, row) in t.rows.iter().enumerate() {
                by_code.entry(row.code.trim()).or_insert(j);
            }
            // What the rows' differences add up to: a difference of the totals that is just
            // their sum is theirs, already reported, not a second one.
            let mut explained: Option<(Decimal, Decimal)> = Some((Decimal::ZERO, Decimal::ZERO));
            for (i, item) in s.items.iter().enumerate() {
                let Some((j, row)) = by_code.get(item.code.trim()).map(|&j| (j, &t.rows[j])) else {
                    continue;
                };
                let c = compare(&item.amount.figure_in(w), &row.actual.figure_in(w));
                if !c.consistent {
                    explained =
                        explained.and_then(|(gap, tol)| Some((gap.checked_add(c.gap)?, tol.checked_add(c.tolerance)?)));
                    let mut f = finding(
                        &Self::INFO,
                        format!(
                            "{}({})决算数在预决算差异表中为 {},在收入支出结构分析中为 {}({})",
                            row.name,
                            row.code,
                            row.actual.value,
                            item.amount.value,
                            c.describe(item.amount.value.scale())
                        ),
                        labelled(format!("expenditure_structure.items[{i}].amount"), "结构分析"),
                    );
                    f.related = vec![labelled(format!("budget_table.rows[{j}].actual"), "差异表")];
                    f.stated = Some(item.amount.value.to_string());
                    f.computed = Some(row.actual.value.to_string());
                    f.tolerance = Some(format!(
                        "±{}",
                        jixiao_core::figure::format_tolerance(c.tolerance, item.amount.value.scale())
                    ));
                    f.help = Some("以决算报表为准,统一两处的数字".into());
                    out.push(f);
                }
            }
            if let (Some(st), Some(tt)) = (s.total, t.total.as_ref().and_then(|t| t.actual)) {
                let c = compare(&st.figure_in(w), &tt.figure_in(w));
                let by_rows = explained.is_some_and(|(gap, tol)| {
                    !gap.is_zero()
                        && c.gap.checked_sub(gap).zip(c.tolerance.checked_add(tol)).is_some_and(|(d, t)| d.abs() <= t)
                });
                if !c.consistent && !by_rows {
                    let mut f = finding(
                        &Self::INFO,
                        format!(
                            "总支出在收入支出结构分析中为 {},在预决算差异表合计行为 {}({})",
                            st.value,
                            tt.value,
                            c.describe(st.value.scale())
                        ),
                        labelled("expenditure_structure.total", "结构分析"),
                    );
                    f.related = vec![labelled("budget_table.total.actual", "差异表合计")];
                    f.stated = Some(st.value.to_string());
                    f.computed = Some(tt.value.to_string());
                    f.help = Some("以决算报表为准,统一两处的数字".into());
                    out.push(f);
                }
            }
        }
        // The same label stated twice among the other figures: each later statement against
        // the first (one finding per statement that differs, however many there are).
        let mut first: std::collections::HashMap<(&str, Option<&str>), usize> = std::collections::HashMap::new();
        for (j, b) in r.facts.iter().enumerate() {
            let i = *first.entry((b.label.trim(), b.unit.as_deref())).or_insert(j);
            let a = &r.facts[i];
            if i != j && !compare(&a.value.figure(), &b.value.figure()).consistent {
                let mut f = finding(
                    &Self::INFO,
                    format!("“{}”先写作 {},后写作 {}", a.label, a.value, b.value),
                    labelled(format!("facts[{j}].value"), "后"),
                );
                f.related = vec![labelled(format!("facts[{i}].value"), "先")];
                f.stated = Some(b.value.to_string());
                f.computed = Some(a.value.to_string());
                f.help = Some("核对原始数据,统一两处的数字".into());
                out.push(f);
            }
        }
    }
}
