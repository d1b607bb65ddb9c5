//! C004 某一口径的预算数大于全部预算.

use jixiao_core::figure::Figure;
use jixiao_core::num::{MoneyUnit, format_fixed};
use jixiao_core::{Finding, Record};

use crate::support::labelled;
use crate::{Context, Rule, RuleInfo, declare_rule, finding};

declare_rule! {
    /// ## 检查内容
    ///
    /// 支出率所用的预算数(如“部门预算资金支出率”的预算数、财政拨款口径的预算数)是否大于
    /// 报告中部门全部预算的最大一个数(年初预算总数、调整后的全年预算数、预决算差异表的合计)。
    /// 按四舍五入区间比较;写明含上年结转的口径不在此列(结转可使预算数大于当年预算)。
    ///
    /// ## 为什么
    ///
    /// 某一口径的预算是全部预算的一部分,不会比全部预算还大。大于时,多半是把另一年度、
    /// 另一单位或另一口径的数字抄了进来,或单位(万元与元)混用,相应的支出率也就不可信。
    /// 此项为警告。
    ///
    /// ## 示例
    ///
    /// 预决算差异表合计预算数 3325.83 万元,“部门预算资金支出率”却以 3925.83 万元为预算数。
    ///
    /// ## 如何修改
    ///
    /// 核对该口径的预算数与部门预算总数,改正抄错的数字;口径确实含上年结转等其他资金的,
    /// 在口径中写明。
    pub struct ScopedBudgetExceedsWhole {
        code: "C004",
        name: "scoped_budget_exceeds_whole",
        title: "某一口径的预算数大于全部预算",
        severity: Warning,
    }
}

impl Rule for ScopedBudgetExceedsWhole {
    fn info(&self) -> &'static RuleInfo {
        &Self::INFO
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        let Record::Dept(r) = cx.record else { return };
        let wan = MoneyUnit::WanYuan;
        // The whole budget as the report states it, its largest statement.
        let wholes: Vec<(Figure, &str, &str)> = [
            (r.finance.budget_initial, "finance.budget_initial", "年初预算总数"),
            (r.finance.budget_adjusted, "finance.budget_adjusted", "全年预算数"),
            (
                r.budget_table.as_ref().and_then(|t| t.total.as_ref()).and_then(|t| t.budget),
                "budget_table.total.budget",
                "预决算差异表合计预算数",
            ),
        ]
        .into_iter()
        .filter_map(|(a, path, label)| a.map(|a| (a.figure_in(wan), path, label)))
        .collect();
        let Some(&(whole, whole_path, whole_label)) = wholes.iter().max_by(|a, b| a.0.hi.cmp(&b.0.hi)) else {
            return;
        };
        for (i, s) in r.spending_rates.iter().enumerate() {
            let Some(budget) = s.budget else { continue };
            if s.scope.as_deref().is_some_and(|sc| sc.contains("结转")) {
                continue;
            }
            let scoped = budget.figure_in(wan);
            if scoped.lo <= whole.hi {
                continue;
            }
            let mut f = finding(
                &Self::INFO,
                format!(
                    "“{}”所用的预算数 {} 万元大于部门全部预算({whole_label} {} 万元):某一口径的预算不应超过全部预算",
                    s.label,
                    format_fixed(scoped.face, 2),
                    format_fixed(whole.face, 2)
                ),
                labelled(format!("spending_rates[{i}].budget"), "该口径的预算数"),
            );
            f.related = vec![labelled(whole_path.to_string(), whole_label)];
            f.help =
                Some("核对该口径的预算数与部门预算总数,改正抄错的数字;口径含上年结转等其他资金的,请写明口径".into());
            out.push(f);
        }
    }
}
