//! A002 差异或增减额计算有误.

use jixiao_core::calc;
use jixiao_core::figure::Derived;
use jixiao_core::num::MoneyUnit;
use jixiao_core::value::Amount;
use jixiao_core::{Finding, Record};

use crate::support::{at, labelled, mismatch, mismatch_finding};
use crate::{Context, Rule, RuleInfo, declare_rule};

declare_rule! {
    /// ## 检查内容
    ///
    /// 写明的差额是否等于两数相减:预决算差异表每行及合计行的“预决算差异”
    /// (= 预算数 − 决算数);收支情况中与上年相比的增减额(= 本年数 − 上年数,减少记为负数)。
    /// 比较考虑四舍五入。
    ///
    /// ## 为什么
    ///
    /// 差额通常是手工用计算器算出再录入的,最容易出现抄错、算错、正负号写反。
    ///
    /// ## 示例
    ///
    /// 预算数 3127.20、决算数 2827.71,差异应为 299.49;若写成 299.94 则报告。
    /// 年初预算 3325.83 万元、上年 2718.66 万元,“增加 607.17 万元”正确。
    ///
    /// ## 如何修改
    ///
    /// 用两数重新相减;减少的写为负数(或在文字中写“减少”)。
    pub struct DifferenceMismatch {
        code: "A002",
        name: "difference_mismatch",
        title: "差异或增减额计算有误",
        severity: Error,
    }
}

const HELP: &str = "按 预算数 − 决算数(或 本年数 − 上年数)重新计算并改正";

impl Rule for DifferenceMismatch {
    fn info(&self) -> &'static RuleInfo {
        &Self::INFO
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        let Record::Dept(r) = cx.record else { return };
        let w = MoneyUnit::WanYuan;
        let mut check = |stated: Amount, computed: Derived, head: String, path: String, pa: String, pb: String| {
            if let Some(m) = mismatch(stated.figure_in(w), computed) {
                out.push(mismatch_finding(
                    &Self::INFO,
                    &m,
                    stated.value,
                    "",
                    head,
                    labelled(path, "差额"),
                    vec![at(pa), at(pb)],
                    HELP,
                ));
            }
        };
        if let Some(t) = &r.budget_table {
            for (i, row) in t.rows.iter().enumerate() {
                if let Some(v) = row.variance_stated {
                    check(
                        v,
                        calc::variance(row.budget.figure_in(w), row.actual.figure_in(w)),
                        format!("预决算差异表 {} {} 行的差异", row.code, row.name),
                        format!("budget_table.rows[{i}].variance_stated"),
                        format!("budget_table.rows[{i}].budget"),
                        format!("budget_table.rows[{i}].actual"),
                    );
                }
            }
            if let Some(tot) = &t.total
                && let (Some(v), Some(b), Some(a)) = (tot.variance, tot.budget, tot.actual)
            {
                check(
                    v,
                    calc::variance(b.figure_in(w), a.figure_in(w)),
                    "预决算差异表合计行的差异".into(),
                    "budget_table.total.variance".into(),
                    "budget_table.total.budget".into(),
                    "budget_table.total.actual".into(),
                );
            }
        }
        let f = &r.finance;
        if let (Some(c), Some(this), Some(last)) = (f.budget_change_stated, f.budget_initial, f.budget_last_year) {
            check(
                c,
                calc::change_amount(this.figure_in(w), last.figure_in(w)),
                "年初预算与上年预算相比的增减额".into(),
                "finance.budget_change_stated".into(),
                "finance.budget_initial".into(),
                "finance.budget_last_year".into(),
            );
        }
        if let (Some(c), Some(this), Some(last)) = (f.actual_change_stated, f.actual, f.actual_last_year) {
            check(
                c,
                calc::change_amount(this.figure_in(w), last.figure_in(w)),
                "本年执行数与上年执行数相比的增减额".into(),
                "finance.actual_change_stated".into(),
                "finance.actual".into(),
                "finance.actual_last_year".into(),
            );
        }
    }
}
