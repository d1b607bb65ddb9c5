//! R007: full marks on an indicator whose target was missed.

use jixiao_pipeline::Decimal;
use jixiao_pipeline::record::{Direction, Target};

use crate::row::ReportRow;
use crate::signals::Signal;

/// Whether a target was missed beyond rounding (the actual may be anything its rounding
/// allows; the target is exact).
pub(crate) fn missed(t: &Target) -> bool {
    let (Some(target), Some(actual)) = (t.target, t.actual) else { return false };
    let a = actual.figure();
    match t.direction {
        Direction::AtLeast => !t.actual_at_least && a.hi < target.0,
        Direction::AtMost => a.lo > target.0,
        Direction::Exactly => !t.actual_at_least && (a.hi < target.0 || a.lo > target.0),
        Direction::Qualitative => false,
    }
}

/// Indicator and target names match when equal or one contains the other (at least 4
/// characters, so that `数量` alone matches nothing).
fn same_indicator(a: &str, b: &str) -> bool {
    let (a, b) = (a.trim(), b.trim());
    let short = a.chars().count().min(b.chars().count());
    short >= 4 && (a.contains(b) || b.contains(a))
}

/// Raises R007 on a report.
pub(crate) fn check(r: &mut ReportRow) {
    let mut found = Vec::new();
    for t in r.targets.iter().filter(|t| missed(t)) {
        if let Some(name) = r.full_mark_names.iter().find(|n| same_indicator(n, &t.name)) {
            let unit = t.unit.as_deref().unwrap_or("");
            let (target, actual) = (t.target.map_or(Decimal::ZERO, |v| v.0), t.actual.map_or(Decimal::ZERO, |v| v.0));
            found.push(format!("“{name}”满分,但目标 {target}{unit}、实际 {actual}{unit},未完成"));
        }
    }
    if !found.is_empty() {
        r.signals.push(Signal {
            code: "R007", message: format!("目标未完成的指标仍得满分:{}", found.join(";"))
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_match_by_containment_of_four_characters_or_more() {
        assert!(same_indicator("城镇新增就业人数", "城镇新增就业人数完成率"));
        assert!(!same_indicator("数量", "城镇新增就业人数"));
        assert!(!same_indicator("培训人次", "参保人数"));
    }
}
