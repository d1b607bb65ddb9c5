//! A005 项目全年执行数大于全年预算数.

use jixiao_core::num::MoneyUnit;
use jixiao_core::project::FundRow;
use jixiao_core::{Finding, Record};

use crate::support::labelled;
use crate::{Context, Rule, RuleInfo, declare_rule, finding};

declare_rule! {
    /// ## 检查内容
    ///
    /// 项目资金表中,年度资金总额行和其中各行的“全年执行数”是否超过同一行的
    /// “全年预算数”。比较考虑四舍五入:只有执行数的区间整个高于预算数的区间时才报告。
    ///
    /// ## 为什么
    ///
    /// 全年预算数是调整后(含上年结转)可以使用的全部资金,支出一般不应超出预算。执行数
    /// 大于全年预算数,要么某个数字填错或填在了别的栏,要么全年预算数漏填了追加或结转
    /// 的资金;执行率随之超过 100%,得分也无从核实。实际报告中也有确实超支的(执行率
    /// 102.59%),所以作为警告:请核对,并在报告中说明原因。执行数超过预算数两倍的行由
    /// A006 作为错误报告,这里不再重复。
    ///
    /// ## 示例
    ///
    /// “其中:本年财政拨款”年初预算数 120,全年预算数 120,全年执行数 126.40(执行率 105.33%)。
    ///
    /// ## 如何修改
    ///
    /// 核对预算指标文件和支付数据,改正填错的全年预算数或全年执行数;有追加或结转的,
    /// 把它们计入全年预算数。
    pub struct SpendingAboveBudget {
        code: "A005",
        name: "spending_above_budget",
        title: "项目全年执行数大于全年预算数",
        severity: Warning,
    }
}

impl Rule for SpendingAboveBudget {
    fn info(&self) -> &'static RuleInfo {
        &Self::INFO
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        let Record::Project(r) = cx.record else { return };
        for (path, row) in super::fund_rows(&r.funds) {
            check_row(&path, row, out);
        }
    }
}

fn check_row(path: &str, row: &FundRow, out: &mut Vec<Finding>) {
    let (Some(budget), Some(actual)) = (&row.budget_full_year, &row.actual) else { return };
    let w = MoneyUnit::WanYuan;
    if actual.figure_in(w).may_be_le(&budget.figure_in(w)) || super::spending_far_above_budget::far_above(row) {
        return;
    }
    let mut f = finding(
        &SpendingAboveBudget::INFO,
        format!("项目资金“{}”:全年执行数 {} 大于全年预算数 {}", row.label, actual.value, budget.value),
        labelled(format!("{path}.budget_full_year"), "全年预算数"),
    );
    f.related = vec![labelled(format!("{path}.actual"), "全年执行数")];
    f.stated = Some(actual.value.to_string());
    f.computed = Some(format!("≤ {}", budget.value));
    f.help = Some(
        "核对预算指标文件和支付数据,改正填错的数字;有追加或结转的,计入全年预算数;确实超支的,在报告中说明原因".into(),
    );
    out.push(f);
}
