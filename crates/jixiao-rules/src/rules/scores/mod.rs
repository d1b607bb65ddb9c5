//! Self-scores against their maxima, what the data supports, and the stated totals and grade.
//! These rules read the score sheet computed once for the context.

pub mod grade_mismatch;
pub mod points_not_sum;
pub mod points_not_total;
pub mod score_above_max;
pub mod score_above_supported;
pub mod score_total_mismatch;
pub mod unknown_indicator;

use jixiao_core::system::IndicatorSystem;
use jixiao_core::{Decimal, Record};

use crate::Context;

/// The 分值 of a project's own indicators (the record's indicator table) against the points
/// the system gives them (90 on the national form: the nodes whose children come from the
/// record, or the system's total less its other level-1 points): `(sum, expected)`, when the
/// record lists indicators and the system knows the points.
pub(crate) fn record_points(cx: &Context<'_>) -> Option<(Decimal, Decimal)> {
    let Record::Project(p) = cx.record else { return None };
    let sys = cx.system?;
    if p.indicators.is_empty() {
        return None;
    }
    let sum = p.indicators.iter().map(|x| x.max_points.0).sum();
    Some((sum, expected_points(sys)?))
}

fn expected_points(sys: &IndicatorSystem) -> Option<Decimal> {
    let level1 = || sys.indicators.iter().filter(|i| i.level == 1 && !i.adjustment);
    if !level1().any(|i| i.children_from_record) {
        return None;
    }
    let of_record: Option<Decimal> =
        level1().filter(|i| i.children_from_record).map(|i| i.max_points.map(|m| m.0)).sum();
    of_record.or_else(|| {
        let others: Option<Decimal> =
            level1().filter(|i| !i.children_from_record).map(|i| i.max_points.map(|m| m.0)).sum();
        Some(sys.system.total_points?.0 - others?)
    })
}
