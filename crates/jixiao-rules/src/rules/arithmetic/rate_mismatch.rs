//! A003 比率计算有误.

use jixiao_core::calc::{self, Better};
use jixiao_core::figure::{Derived, Figure};
use jixiao_core::num::MoneyUnit;
use jixiao_core::record::Direction;
use jixiao_core::value::Percent;
use jixiao_core::{Finding, Record};

use crate::support::{at, labelled, mismatch, mismatch_finding};
use crate::{Context, Rule, RuleInfo, declare_rule};

declare_rule! {
    /// ## 检查内容
    ///
    /// 写明的比率、人均数是否等于由其依据数字算出的值:预算执行率(决算 ÷ 预算)、
    /// 增减率((本年 − 上年) ÷ 上年)、目标完成率(实际 ÷ 目标;反向指标为 目标 ÷ 实际)、
    /// 支出率、结转结余率、政府采购执行率、固定资产利用率、公用经费和“三公”经费控制率、
    /// 人均接待费(接待费 ÷ 人次)、绩效目标覆盖率、重点工作完成率、预算调整率、
    /// 仲裁结案率(已结 ÷(受理 + 上期未结))与调解成功率、支出结构占比、在编率、项目执行率。
    ///
    /// 比较考虑四舍五入:依据数字和写明的比率都按各自小数位数取区间。
    /// 分母为零的比率(如预算为 0 的科目)不计算、不报告。
    ///
    /// ## 为什么
    ///
    /// 比率多由手工计算后录入,小数点、分子分母写反、用错口径都会出错;
    /// 评分往往直接取这些比率,错一个比率就可能错一项得分。
    ///
    /// ## 示例
    ///
    /// 决算 34.25、预算 57.90,执行率 59.15% 正确(34.25 ÷ 57.90 = 59.154%)。
    /// 若写成 59.51% 则报告:应为 59.15%,相差 0.36 个百分点。
    ///
    /// ## 如何修改
    ///
    /// 按公式用报告中的依据数字重新计算,保留两位小数(四舍五入);
    /// 若比率采用了不同口径,请在文中写明口径。
    pub struct RateMismatch {
        code: "A003",
        name: "rate_mismatch",
        title: "比率计算有误",
        severity: Error,
    }
}

const HELP: &str = "按公式用依据数字重新计算(保留两位小数,四舍五入);若采用其他口径,请写明口径";

struct Out<'a> {
    out: &'a mut Vec<Finding>,
}

impl Out<'_> {
    /// Compares a stated rate with the computed one; `what` gives the computed rate, the
    /// finding's head, the stated rate's path and the paths it is computed from, and is only
    /// called when a rate is stated.
    fn rate(&mut self, stated: Option<Percent>, what: impl FnOnce() -> (Derived, String, String, Vec<String>)) {
        let Some(s) = stated else { return };
        let (computed, head, path, related) = what();
        if let Some(m) = mismatch(s.figure(), computed) {
            self.out.push(mismatch_finding(
                &RateMismatch::INFO,
                &m,
                s.0,
                "%",
                head,
                labelled(path, "比率"),
                related.iter().map(|p| at(p.clone())).collect(),
                HELP,
            ));
        }
    }
}

impl Rule for RateMismatch {
    fn info(&self) -> &'static RuleInfo {
        &Self::INFO
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        let mut o = Out { out };
        match cx.record {
            Record::Dept(r) => dept(r, &mut o),
            Record::Project(r) => project(r, &mut o),
        }
    }
}

fn dept(r: &jixiao_core::record::DeptRecord, o: &mut Out<'_>) {
    let w = MoneyUnit::WanYuan;
    let count = |n: u32| Figure::count(n.into());
    if let Some(t) = &r.budget_table {
        for (i, row) in t.rows.iter().enumerate() {
            o.rate(row.execution_rate_stated, || {
                (
                    calc::execution_rate(row.actual.figure_in(w), row.budget.figure_in(w)),
                    format!("预决算差异表 {} {} 行的执行率", row.code, row.name),
                    format!("budget_table.rows[{i}].execution_rate_stated"),
                    vec![format!("budget_table.rows[{i}].actual"), format!("budget_table.rows[{i}].budget")],
                )
            });
        }
        if let Some(tot) = &t.total
            && let (Some(a), Some(b)) = (tot.actual, tot.budget)
        {
            o.rate(tot.execution_rate, || {
                (
                    calc::execution_rate(a.figure_in(w), b.figure_in(w)),
                    "预决算差异表合计行的执行率".into(),
                    "budget_table.total.execution_rate".into(),
                    vec!["budget_table.total.actual".into(), "budget_table.total.budget".into()],
                )
            });
        }
    }
    let f = &r.finance;
    if let (Some(this), Some(last)) = (f.budget_initial, f.budget_last_year) {
        o.rate(f.budget_change_rate_stated, || {
            (
                calc::change_rate(this.figure_in(w), last.figure_in(w)),
                "年初预算较上年预算的增减率".into(),
                "finance.budget_change_rate_stated".into(),
                vec!["finance.budget_initial".into(), "finance.budget_last_year".into()],
            )
        });
    }
    if let (Some(this), Some(last)) = (f.actual, f.actual_last_year) {
        o.rate(f.actual_change_rate_stated, || {
            (
                calc::change_rate(this.figure_in(w), last.figure_in(w)),
                "本年执行数较上年的增减率".into(),
                "finance.actual_change_rate_stated".into(),
                vec!["finance.actual".into(), "finance.actual_last_year".into()],
            )
        });
    }
    for (i, t) in r.targets.iter().enumerate() {
        let (Some(target), Some(actual)) = (t.target, t.actual) else { continue };
        let better = match t.direction {
            Direction::AtMost => Better::Lower,
            _ => Better::Higher,
        };
        o.rate(t.completion_rate_stated, || {
            (
                calc::completion_rate(actual.figure(), Figure::exact(target.0), better),
                format!("“{}”的完成率", t.name),
                format!("targets[{i}].completion_rate_stated"),
                vec![format!("targets[{i}].actual"), format!("targets[{i}].target")],
            )
        });
    }
    for (i, s) in r.spending_rates.iter().enumerate() {
        if let (Some(a), Some(b)) = (s.actual, s.budget) {
            o.rate(s.rate_stated, || {
                (
                    calc::spending_rate(a.figure_in(w), b.figure_in(w)),
                    s.label.clone(),
                    format!("spending_rates[{i}].rate_stated"),
                    vec![format!("spending_rates[{i}].actual"), format!("spending_rates[{i}].budget")],
                )
            });
        }
    }
    if let Some(c) = &r.carryover {
        if let (Some(a), Some(b)) = (c.amount, c.budget) {
            o.rate(c.rate_stated, || {
                (
                    calc::carryover_rate(a.figure_in(w), b.figure_in(w)),
                    "结转结余率".into(),
                    "carryover.rate_stated".into(),
                    vec!["carryover.amount".into(), "carryover.budget".into()],
                )
            });
        } else if let Some(s) = c.spending_rate_stated {
            o.rate(c.rate_stated, || {
                (
                    calc::carryover_rate_from_spending(s.figure()),
                    "结转结余率(= 100% − 同口径支出率)".into(),
                    "carryover.rate_stated".into(),
                    vec!["carryover.spending_rate_stated".into()],
                )
            });
        }
    }
    if let Some(p) = &r.procurement
        && let (Some(a), Some(b)) = (p.actual, p.planned)
    {
        o.rate(p.rate_stated, || {
            (
                calc::procurement_rate(a.figure_in(w), b.figure_in(w)),
                "政府采购执行率".into(),
                "procurement.rate_stated".into(),
                vec!["procurement.actual".into(), "procurement.planned".into()],
            )
        });
    }
    if let Some(a) = &r.assets
        && let (Some(u), Some(t)) = (a.in_use, a.total)
    {
        o.rate(a.utilization_stated, || {
            (
                calc::structure_share(u.figure_in(w), t.figure_in(w)),
                "固定资产利用率".into(),
                "assets.utilization_stated".into(),
                vec!["assets.in_use".into(), "assets.total".into()],
            )
        });
    }
    if let Some(e) = &r.operating_expenses
        && let (Some(a), Some(b)) = (e.actual, e.budget)
    {
        o.rate(e.rate_stated, || {
            (
                calc::control_rate(a.figure_in(w), b.figure_in(w)),
                "公用经费支出率".into(),
                "operating_expenses.rate_stated".into(),
                vec!["operating_expenses.actual".into(), "operating_expenses.budget".into()],
            )
        });
    }
    if let Some(t) = &r.three_public_expenses {
        if let (Some(a), Some(b)) = (t.actual_stated, t.budget) {
            o.rate(t.control_rate_stated, || {
                (
                    calc::control_rate(a.figure_in(w), b.figure_in(w)),
                    "“三公”经费控制率".into(),
                    "three_public_expenses.control_rate_stated".into(),
                    vec!["three_public_expenses.actual_stated".into(), "three_public_expenses.budget".into()],
                )
            });
        }
        if let (Some(per), Some(rec), Some(visits)) = (t.reception_per_visit_stated, t.reception, t.reception_visits) {
            let computed = calc::per_capita(rec.figure_in(per.unit), count(visits));
            if let Some(m) = mismatch(per.figure(), computed) {
                o.out.push(mismatch_finding(
                    &RateMismatch::INFO,
                    &m,
                    per.value,
                    per.unit.name(),
                    "人均公务接待费(接待费 ÷ 接待人次)".into(),
                    labelled("three_public_expenses.reception_per_visit_stated", "人均"),
                    vec![at("three_public_expenses.reception"), at("three_public_expenses.reception_visits")],
                    HELP,
                ));
            }
        }
    }
    if let Some(p) = &r.projects
        && let (Some(c), Some(t)) = (p.with_targets, p.total)
    {
        o.rate(p.coverage_stated, || {
            (
                calc::coverage_rate(count(c), count(t)),
                "绩效目标覆盖率".into(),
                "projects.coverage_stated".into(),
                vec!["projects.with_targets".into(), "projects.total".into()],
            )
        });
    }
    if let Some(k) = &r.key_work
        && let (Some(c), Some(p)) = (k.completed, k.planned)
    {
        o.rate(k.rate_stated, || {
            (
                calc::coverage_rate(count(c), count(p)),
                "重点工作完成率".into(),
                "key_work.rate_stated".into(),
                vec!["key_work.completed".into(), "key_work.planned".into()],
            )
        });
    }
    if let Some(b) = &r.budget_adjustment
        && let (Some(a), Some(i)) = (b.amount, f.budget_initial)
    {
        o.rate(b.rate_stated, || {
            (
                calc::structure_share(a.figure_in(w), i.figure_in(w)),
                "预算调整率".into(),
                "budget_adjustment.rate_stated".into(),
                vec!["budget_adjustment.amount".into(), "finance.budget_initial".into()],
            )
        });
    }
    if let Some(a) = &r.arbitration {
        if let (Some(closed), Some(acc), Some(carried)) = (a.closed, a.accepted, a.carried_over) {
            o.rate(a.closure_rate_stated, || {
                (
                    calc::closure_rate(count(closed), count(acc), count(carried)),
                    "仲裁结案率(已结 ÷(受理 + 上期未结))".into(),
                    "arbitration.closure_rate_stated".into(),
                    vec!["arbitration.closed".into(), "arbitration.accepted".into(), "arbitration.carried_over".into()],
                )
            });
        }
        if let (Some(med), Some(outside), Some(closed)) = (a.closed_by_mediation, a.mediated_outside, a.closed) {
            o.rate(a.mediation_rate_stated, || {
                (
                    calc::mediation_rate(count(med), count(outside), count(closed)),
                    "调解成功率((调解结案 + 案外调解)÷(已结 + 案外调解))".into(),
                    "arbitration.mediation_rate_stated".into(),
                    vec![
                        "arbitration.closed_by_mediation".into(),
                        "arbitration.mediated_outside".into(),
                        "arbitration.closed".into(),
                    ],
                )
            });
        }
    }
    if let Some(s) = &r.expenditure_structure
        && let Some(total) = s.total
    {
        for (i, it) in s.items.iter().enumerate() {
            o.rate(it.share_stated, || {
                (
                    calc::structure_share(it.amount.figure_in(w), total.figure_in(w)),
                    format!("{}占总支出的比重", it.name),
                    format!("expenditure_structure.items[{i}].share_stated"),
                    vec![format!("expenditure_structure.items[{i}].amount"), "expenditure_structure.total".into()],
                )
            });
        }
    }
    staffing(r, o);
}

/// 在编率 under its stated definition; a rate that fits only the other definition is left to
/// `rate_matches_other_scope` (a warning).
fn staffing(r: &jixiao_core::record::DeptRecord, o: &mut Out<'_>) {
    let s = &r.staffing;
    let Some(sr) = &s.staffing_rate else { return };
    if !s.actual.any() || !s.authorized.any() {
        return;
    }
    let rate = |with: bool| {
        calc::staffing_rate(Figure::count(s.actual.on_post(with)), Figure::count(s.authorized.on_post(with)))
    };
    let other = rate(!sr.includes_service_staff);
    if mismatch(sr.stated.figure(), other).is_none() {
        return;
    }
    o.rate(Some(sr.stated), || {
        (
            rate(sr.includes_service_staff),
            format!("在编率({}工勤人员)", if sr.includes_service_staff { "含" } else { "不含" }),
            "staffing.staffing_rate.stated".into(),
            vec!["staffing.actual".into(), "staffing.authorized".into()],
        )
    });
}

fn project(r: &jixiao_core::project::ProjectRecord, o: &mut Out<'_>) {
    let w = MoneyUnit::WanYuan;
    let rows = std::iter::once((&r.funds.total, "funds.total".to_string()))
        .chain(r.funds.parts.iter().enumerate().map(|(i, p)| (p, format!("funds.parts[{i}]"))));
    for (row, p) in rows {
        if let (Some(a), Some(b)) = (row.actual, row.budget_full_year) {
            o.rate(row.execution_rate_stated, || {
                (
                    calc::execution_rate(a.figure_in(w), b.figure_in(w)),
                    format!("“{}”的执行率", row.label),
                    format!("{p}.execution_rate_stated"),
                    vec![format!("{p}.actual"), format!("{p}.budget_full_year")],
                )
            });
        }
    }
}
