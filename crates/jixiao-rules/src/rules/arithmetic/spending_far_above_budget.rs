//! A006 项目全年执行数超过全年预算数的两倍.

use jixiao_core::num::MoneyUnit;
use jixiao_core::project::FundRow;
use jixiao_core::{Decimal, Finding, Record};

use crate::support::labelled;
use crate::{Context, Rule, RuleInfo, declare_rule, finding};

declare_rule! {
    /// ## 检查内容
    ///
    /// 项目资金表中,年度资金总额行和其中各行的“全年执行数”是否超过同一行“全年预算数”
    /// 的两倍(执行率超过 200%),包括全年预算数为 0 而执行数不为 0 的行。比较考虑四舍
    /// 五入:只有执行数的最小可能值仍大于预算数最大可能值的两倍时才报告。
    ///
    /// ## 为什么
    ///
    /// 国库集中支付按预算指标支付,没有指标的支出付不出去。执行数略高于全年预算数时,
    /// 多半是全年预算数漏计了结转或追加的资金(见 A005,警告);执行数超过预算数一倍以上,
    /// 就不是超支能解释的了,而是某个数字填错了:少写或多写一位、填进了别的栏、预算数
    /// 填成了别的行的数。执行率和执行率得分也随之不可信。
    ///
    /// ## 示例
    ///
    /// “其中:本年财政拨款”年初预算数 90,全年预算数 19.974,全年执行数 89.974
    /// (执行率 450%)。
    ///
    /// ## 如何修改
    ///
    /// 对照预算指标文件改正全年预算数,对照支付数据改正全年执行数。
    pub struct SpendingFarAboveBudget {
        code: "A006",
        name: "spending_far_above_budget",
        title: "项目全年执行数超过全年预算数的两倍",
        severity: Error,
    }
}

impl Rule for SpendingFarAboveBudget {
    fn info(&self) -> &'static RuleInfo {
        &Self::INFO
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        let Record::Project(r) = cx.record else { return };
        for (path, row) in super::fund_rows(&r.funds) {
            if far_above(row) {
                out.push(far_above_finding(&path, row));
            }
        }
    }
}

/// Whether the row's 全年执行数 is surely more than twice its 全年预算数 (over both rounding
/// intervals). A005 leaves such rows to this rule.
pub(crate) fn far_above(row: &FundRow) -> bool {
    let (Some(budget), Some(actual)) = (&row.budget_full_year, &row.actual) else { return false };
    let w = MoneyUnit::WanYuan;
    let (budget, actual) = (budget.figure_in(w), actual.figure_in(w));
    // A budget too large to double is no budget a spending exceeds twice.
    budget.hi.checked_mul(Decimal::TWO).is_some_and(|twice| actual.lo > twice)
}

fn far_above_finding(path: &str, row: &FundRow) -> Finding {
    let (budget, actual) = match (&row.budget_full_year, &row.actual) {
        (Some(b), Some(a)) => (b.value.to_string(), a.value.to_string()),
        _ => (String::new(), String::new()),
    };
    let mut f = finding(
        &SpendingFarAboveBudget::INFO,
        format!("项目资金“{}”:全年执行数 {actual} 超过全年预算数 {budget} 的两倍,必有数字填错", row.label),
        labelled(format!("{path}.budget_full_year"), "全年预算数"),
    );
    f.related = vec![labelled(format!("{path}.actual"), "全年执行数")];
    f.stated = Some(actual);
    f.computed = Some(format!("≤ {budget}"));
    f.help = Some("对照预算指标文件改正全年预算数,对照支付数据改正全年执行数".into());
    f
}

#[cfg(test)]
mod tests {
    use super::*;
    use jixiao_core::value::Amount;

    fn row(budget: Decimal, actual: Decimal) -> FundRow {
        let wan = |value| Some(Amount { value, unit: MoneyUnit::WanYuan });
        FundRow { budget_full_year: wan(budget), actual: wan(actual), ..FundRow::default() }
    }

    #[test]
    fn twice_the_budget_over_the_rounding_intervals_and_no_overflow() {
        assert!(far_above(&row(Decimal::new(19974, 3), Decimal::new(89974, 3))));
        // 2 × 45.00 = 90.00: 90.004 may be 90.0035, not surely above
        assert!(!far_above(&row(Decimal::new(4500, 2), Decimal::new(90004, 3))));
        assert!(far_above(&row(Decimal::ZERO, Decimal::ONE)));
        let huge = Decimal::MAX / Decimal::TWO + Decimal::ONE;
        assert!(!far_above(&row(huge, huge)));
    }
}
