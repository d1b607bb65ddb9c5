//! A001 合计与分项之和不符.

use jixiao_core::figure::Figure;
use jixiao_core::num::MoneyUnit;
use jixiao_core::{Finding, Record};

use crate::support::{at, labelled, mismatch, mismatch_finding};
use crate::{Context, Rule, RuleInfo, declare_rule};

declare_rule! {
    /// ## 检查内容
    ///
    /// 表格或段落中写明的合计数(合计、总额、共计),是否等于其各分项之和。检查范围包括:
    /// 预决算差异表的预算数、决算数、差异各列;收入支出结构段落的总额与各类支出;
    /// “三公”经费总额与因公出国(境)、公务用车、公务接待三项;仲裁案件的受理与不予受理、
    /// 裁决结案与调解结案;以及记录中列出全部分项的其他合计(如“共 1069.8 万元,其中……”)。
    ///
    /// 比较时考虑四舍五入:每个数按其小数位数代表一个区间(2.75 代表 2.745~2.755),
    /// 只有在所有区间内都不可能相等时才报告。
    ///
    /// ## 为什么
    ///
    /// 合计与分项不符说明至少有一个数字录错。审核人员首先核对的就是表内合计;
    /// 一处不符会让整张表的数字都不可信。
    ///
    /// ## 示例
    ///
    /// 预决算差异表各行决算数为 0.20、15.88、2827.71、34.25、139.11、96.78、0.53,
    /// 之和为 3114.46,而合计行写 3113.18,相差 1.28,超出舍入容差 ±0.04。
    ///
    /// 而“三公”经费 8.09 万元与 0 + 5.35 + 2.75 = 8.10 万元相差 0.01,
    /// 在舍入容差 ±0.015 以内,不报告。
    ///
    /// ## 如何修改
    ///
    /// 逐行核对分项数字与原始决算报表;找出录错的行并改正,使合计等于各分项之和。
    /// 若合计本身有误,改正合计。
    pub struct TotalNotSumOfRows {
        code: "A001",
        name: "total_not_sum_of_rows",
        title: "合计与分项之和不符",
        severity: Error,
    }
}

const HELP: &str = "逐项核对分项与原始报表,改正录错的数字,使合计等于各分项之和";

impl Rule for TotalNotSumOfRows {
    fn info(&self) -> &'static RuleInfo {
        &Self::INFO
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        match cx.record {
            Record::Dept(r) => dept(r, out),
            Record::Project(r) => project(r, out),
        }
    }
}

/// One column or list: the stated total, and every part with its path.
fn column(out: &mut Vec<Finding>, what: &str, total: (Figure, jixiao_core::Decimal, &str), parts: &[(Figure, String)]) {
    let (stated_fig, stated, total_path) = total;
    let sum = Figure::sum(parts.iter().map(|p| p.0));
    if let Some(m) = mismatch(stated_fig, sum) {
        let related = parts.iter().map(|p| at(p.1.clone())).collect();
        let mut f = mismatch_finding(
            &TotalNotSumOfRows::INFO,
            &m,
            stated,
            "",
            format!("{what}:合计与各分项之和不符"),
            labelled(total_path, "合计"),
            related,
            HELP,
        );
        f.message = format!(
            "{what}:各分项之和为 {},与合计 {stated} 不符({})",
            f.computed.clone().unwrap_or_default(),
            m.cmp.describe(crate::support::dp_for(stated, 0))
        );
        out.push(f);
    }
}

fn dept(r: &jixiao_core::record::DeptRecord, out: &mut Vec<Finding>) {
    let w = MoneyUnit::WanYuan;
    if let Some(t) = &r.budget_table
        && let Some(total) = &t.total
        && !t.rows.is_empty()
    {
        if let Some(b) = total.budget {
            let parts: Vec<_> = t
                .rows
                .iter()
                .enumerate()
                .map(|(i, row)| (row.budget.figure_in(w), format!("budget_table.rows[{i}].budget")))
                .collect();
            column(out, "预决算差异表“预算数”列", (b.figure_in(w), b.value, "budget_table.total.budget"), &parts);
        }
        if let Some(a) = total.actual {
            let parts: Vec<_> = t
                .rows
                .iter()
                .enumerate()
                .map(|(i, row)| (row.actual.figure_in(w), format!("budget_table.rows[{i}].actual")))
                .collect();
            column(out, "预决算差异表“决算数”列", (a.figure_in(w), a.value, "budget_table.total.actual"), &parts);
        }
        if let Some(v) = total.variance
            && t.rows.iter().all(|row| row.variance_stated.is_some())
        {
            let parts: Vec<_> = t
                .rows
                .iter()
                .enumerate()
                .filter_map(|(i, row)| {
                    Some((row.variance_stated?.figure_in(w), format!("budget_table.rows[{i}].variance_stated")))
                })
                .collect();
            column(out, "预决算差异表“差异”列", (v.figure_in(w), v.value, "budget_table.total.variance"), &parts);
        }
    }
    if let Some(s) = &r.expenditure_structure
        && let Some(t) = s.total
        && !s.items.is_empty()
    {
        let parts: Vec<_> = s
            .items
            .iter()
            .enumerate()
            .map(|(i, it)| (it.amount.figure_in(w), format!("expenditure_structure.items[{i}].amount")))
            .collect();
        column(out, "收入支出结构", (t.figure_in(w), t.value, "expenditure_structure.total"), &parts);
    }
    if let Some(t) = &r.three_public_expenses
        && let (Some(total), Some(a), Some(b), Some(c)) = (t.actual_stated, t.travel_abroad, t.vehicles, t.reception)
    {
        let parts = [
            (a.figure_in(w), "three_public_expenses.travel_abroad".to_string()),
            (b.figure_in(w), "three_public_expenses.vehicles".to_string()),
            (c.figure_in(w), "three_public_expenses.reception".to_string()),
        ];
        column(out, "“三公”经费决算", (total.figure_in(w), total.value, "three_public_expenses.actual_stated"), &parts);
    }
    if let Some(t) = &r.three_public_expenses
        && let (Some(total), Some(a), Some(b), Some(c)) =
            (t.budget, t.travel_abroad_budget, t.vehicles_budget, t.reception_budget)
    {
        let parts = [
            (a.figure_in(w), "three_public_expenses.travel_abroad_budget".to_string()),
            (b.figure_in(w), "three_public_expenses.vehicles_budget".to_string()),
            (c.figure_in(w), "three_public_expenses.reception_budget".to_string()),
        ];
        column(out, "“三公”经费预算", (total.figure_in(w), total.value, "three_public_expenses.budget"), &parts);
    }
    if let Some(a) = &r.arbitration {
        let count = |v: u32| Figure::count(v.into());
        if let (Some(app), Some(acc), Some(refd)) = (a.applications, a.accepted, a.refused) {
            let parts = [(count(acc), "arbitration.accepted".into()), (count(refd), "arbitration.refused".into())];
            column(out, "仲裁申请(受理 + 不予受理)", (count(app), app.into(), "arbitration.applications"), &parts);
        }
        if let (Some(closed), Some(aw), Some(med)) = (a.closed, a.closed_by_award, a.closed_by_mediation) {
            let parts = [
                (count(aw), "arbitration.closed_by_award".into()),
                (count(med), "arbitration.closed_by_mediation".into()),
            ];
            column(out, "已办结案件(裁决 + 调解)", (count(closed), closed.into(), "arbitration.closed"), &parts);
        }
    }
    for (i, b) in r.breakdowns.iter().enumerate().filter(|(_, b)| b.complete && !b.parts.is_empty()) {
        let parts: Vec<_> = b
            .parts
            .iter()
            .enumerate()
            .map(|(j, p)| (p.value.figure(), format!("breakdowns[{i}].parts[{j}].value")))
            .collect();
        let tp = format!("breakdowns[{i}].total");
        column(out, &format!("“{}”", b.label), (b.total.figure(), b.total.0, &tp), &parts);
    }
}

fn project(r: &jixiao_core::project::ProjectRecord, out: &mut Vec<Finding>) {
    let w = MoneyUnit::WanYuan;
    let t = &r.funds.total;
    for (label, field, get) in jixiao_core::project::FUND_COLUMNS {
        let Some(total) = get(t) else { continue };
        if r.funds.parts.is_empty() || r.funds.parts.iter().any(|p| get(p).is_none()) {
            continue;
        }
        let parts: Vec<_> = r
            .funds
            .parts
            .iter()
            .enumerate()
            .filter_map(|(i, p)| Some((get(p)?.figure_in(w), format!("funds.parts[{i}].{field}"))))
            .collect();
        let tp = format!("funds.total.{field}");
        column(out, &format!("项目资金“{label}”"), (total.figure_in(w), total.value, &tp), &parts);
    }
}
