//! Every derived figure of a self-evaluation, one named function each.
//!
//! All functions work on [`Figure`]s, so each result carries both the exact value computed
//! from the figures as written and the interval that rounding of the inputs allows. Rates are
//! in percent (93.61 means 93.61%). A rate over a zero (or possibly zero) base is
//! [`NotApplicable`], never a made-up 0%.
//!
//! This module does no rounding for display; see [`crate::num::format_fixed`].

use rust_decimal::Decimal;

use crate::figure::{Derived, Figure, NotApplicable};

const HUNDRED: Decimal = Decimal::ONE_HUNDRED;

fn percent_of(part: Figure, whole: Figure) -> Derived {
    part.over(whole)?.scale_by(HUNDRED)
}

/// 预决算差异 (variance) = 预算数 − 决算数.
pub fn variance(budget: Figure, actual: Figure) -> Derived {
    budget.minus(actual)
}

/// 预算执行率 (execution rate) = 决算数 ÷ 预算数 × 100%.
pub fn execution_rate(actual: Figure, budget: Figure) -> Derived {
    percent_of(actual, budget)
}

/// 增减额 (change) = 本年数 − 上年数; positive is 增加, negative 减少.
pub fn change_amount(this_year: Figure, last_year: Figure) -> Derived {
    this_year.minus(last_year)
}

/// 增减率 (change rate) = (本年数 − 上年数) ÷ 上年数 × 100%.
pub fn change_rate(this_year: Figure, last_year: Figure) -> Derived {
    percent_of(this_year.minus(last_year)?, last_year)
}

/// Which way a target counts: more is better (≥), less is better (≤), or exactly (=).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Better {
    /// 正向指标: 完成率 = 实际 ÷ 目标.
    Higher,
    /// 反向指标: 完成率 = 目标 ÷ 实际.
    Lower,
}

/// 完成率 (completion rate): for a ≥ target 实际完成值 ÷ 目标值 × 100%; for a ≤ target
/// 目标值 ÷ 实际完成值 × 100%.
pub fn completion_rate(actual: Figure, target: Figure, better: Better) -> Derived {
    match better {
        Better::Higher => percent_of(actual, target),
        Better::Lower => percent_of(target, actual),
    }
}

/// 支出率 (spending rate) = 支出数 ÷ 可支配资金 × 100%. The scope of the base (年初预算,
/// 调整预算, with or without 上年结转) must be stated beside the figure.
pub fn spending_rate(spent: Figure, available: Figure) -> Derived {
    percent_of(spent, available)
}

/// 结转结余率 (carryover rate) = 结转结余总额 ÷ 支出预算数 × 100%.
pub fn carryover_rate(carryover: Figure, budget: Figure) -> Derived {
    percent_of(carryover, budget)
}

/// 结转结余率 from a spending rate on the same base = 100% − 支出率.
pub fn carryover_rate_from_spending(spending_rate: Figure) -> Derived {
    Figure::exact(HUNDRED).minus(spending_rate)
}

/// 在编率 (staffing rate) = 在编人数 ÷ 核定编制数 × 100%.
pub fn staffing_rate(on_post: Figure, authorized: Figure) -> Derived {
    percent_of(on_post, authorized)
}

/// 人均 (per capita, or per visit) = 总额 ÷ 人数 (or 人次).
pub fn per_capita(total: Figure, people: Figure) -> Derived {
    total.over(people)
}

/// 结构占比 (structure share) = 分项 ÷ 合计 × 100%.
pub fn structure_share(part: Figure, total: Figure) -> Derived {
    percent_of(part, total)
}

/// 控制率 (control rate) = 实际支出 ÷ 预算安排 × 100%, e.g. 公用经费控制率, 三公经费控制率.
pub fn control_rate(actual: Figure, budget: Figure) -> Derived {
    percent_of(actual, budget)
}

/// 政府采购执行率 = 实际采购金额 ÷ 采购计划(预算)金额 × 100%.
pub fn procurement_rate(actual: Figure, planned: Figure) -> Derived {
    percent_of(actual, planned)
}

/// 覆盖率 (coverage), e.g. 绩效目标覆盖率 = 设置绩效目标的项目数 ÷ 全部项目数 × 100%.
pub fn coverage_rate(covered: Figure, all: Figure) -> Derived {
    percent_of(covered, all)
}

/// 结案率 (closure rate) of arbitration = 已结案件数 ÷ (本期受理数 + 上期未结数) × 100%.
pub fn closure_rate(closed: Figure, accepted: Figure, carried_over: Figure) -> Derived {
    percent_of(closed, accepted.plus(carried_over)?)
}

/// 调解成功率 (mediation rate) = (仲裁调解结案数 + 案外调解成功数) ÷ (已结案件数 + 案外调解成功数) × 100%.
pub fn mediation_rate(closed_by_mediation: Figure, mediated_outside: Figure, closed: Figure) -> Derived {
    percent_of(closed_by_mediation.plus(mediated_outside)?, closed.plus(mediated_outside)?)
}

/// 合计 (total) = Σ 分项.
pub fn total(parts: &[Figure]) -> Derived {
    Figure::sum(parts.iter().copied())
}

/// Whether a computation failed only because its base is zero.
pub fn is_zero_base(r: &Derived) -> bool {
    matches!(r, Err(NotApplicable::ZeroDenominator))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::figure::compare;
    use crate::num::format_fixed;

    fn st(s: &str) -> Figure {
        Figure::stated(Decimal::from_str_exact(s).unwrap())
    }
    fn n(v: u64) -> Figure {
        Figure::count(v)
    }
    fn pct(r: Derived) -> String {
        format_fixed(r.unwrap().face, 2)
    }
    fn agrees(stated: &str, r: Derived) -> bool {
        compare(&st(stated), &r.unwrap()).consistent
    }

    #[test]
    fn variance_of_a_class_row() {
        assert_eq!(variance(st("3127.20"), st("2827.71")).unwrap().face.to_string(), "299.49");
        assert!(agrees("-139.11", variance(st("0.00"), st("139.11"))));
    }

    #[test]
    fn execution_rate_of_the_total_row() {
        assert_eq!(pct(execution_rate(st("3113.18"), st("3325.83"))), "93.61");
        assert!(agrees("59.15", execution_rate(st("34.25"), st("57.90"))));
        assert!(is_zero_base(&execution_rate(st("139.11"), st("0.00"))));
    }

    #[test]
    fn change_amount_and_rate() {
        assert_eq!(change_amount(st("3325.83"), st("2718.66")).unwrap().face.to_string(), "607.17");
        assert_eq!(pct(change_rate(st("3325.83"), st("2718.66"))), "22.33");
        assert_eq!(pct(change_rate(st("3113.18"), st("4469.60"))), "-30.35");
        assert!(is_zero_base(&change_rate(st("1"), st("0"))));
    }

    #[test]
    fn completion_rate_both_directions() {
        assert_eq!(pct(completion_rate(n(2558), n(2200), Better::Higher)), "116.27");
        assert_eq!(pct(completion_rate(n(37419), n(38800), Better::Higher)), "96.44");
        assert_eq!(pct(completion_rate(n(5), n(4), Better::Lower)), "80.00");
        assert!(is_zero_base(&completion_rate(n(0), n(4), Better::Lower)));
    }

    #[test]
    fn spending_and_carryover() {
        assert_eq!(pct(spending_rate(st("3104.33"), st("3296.95"))), "94.16");
        assert!(agrees("13.51", carryover_rate_from_spending(st("86.49"))));
        assert_eq!(pct(carryover_rate(st("10"), st("200"))), "5.00");
    }

    #[test]
    fn staffing_rate_under_both_scopes() {
        assert_eq!(pct(staffing_rate(n(77), n(109))), "70.64");
        assert_eq!(pct(staffing_rate(n(75), n(105))), "71.43");
    }

    #[test]
    fn per_capita_and_shares() {
        let yuan = st("2.75").scale_by(Decimal::from(10_000)).unwrap();
        assert!(agrees("95.72", per_capita(yuan, n(287))));
        assert_eq!(pct(structure_share(st("2827.71"), st("3113.18"))), "90.83");
        assert!(is_zero_base(&per_capita(st("1"), n(0))));
    }

    #[test]
    fn control_procurement_coverage() {
        assert_eq!(pct(control_rate(st("70.23"), st("94.50"))), "74.32");
        assert_eq!(pct(procurement_rate(st("19.16"), st("19.16"))), "100.00");
        assert_eq!(pct(coverage_rate(n(36), n(36))), "100.00");
    }

    #[test]
    fn arbitration_rates() {
        assert_eq!(pct(closure_rate(n(145), n(143), n(3))), "99.32");
        assert_eq!(pct(mediation_rate(n(56), n(324), n(145))), "81.02");
    }

    #[test]
    fn total_of_parts() {
        assert_eq!(total(&[st("1053.2"), st("16.6")]).unwrap().face.to_string(), "1069.8");
        assert_eq!(total(&[]).unwrap().face, Decimal::ZERO);
    }
}
