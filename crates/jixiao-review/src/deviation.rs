//! R005 指标偏离: an actual at or above `deviation_percent` of its target, unexplained.

use jixiao_pipeline::Decimal;
use jixiao_pipeline::record::Direction;

use crate::row::ReportRow;
use crate::signals::{ReviewRules, Signal};

/// Raises R005 on a report: one signal naming every deviating target.
pub(crate) fn check(r: &mut ReportRow, rules: &ReviewRules) {
    let ratio = rules.deviation_percent / Decimal::ONE_HUNDRED;
    let mut found = Vec::new();
    for t in &r.targets {
        if !matches!(t.direction, Direction::AtLeast | Direction::Exactly) {
            continue;
        }
        if t.deviation_reason.as_ref().is_some_and(|s| !s.trim().is_empty()) {
            continue;
        }
        let (Some(target), Some(actual)) = (t.target, t.actual) else { continue };
        if target.0 <= Decimal::ZERO {
            continue;
        }
        // The target is the goal as set (exact); the actual may be anything its rounding
        // allows: judged at the low end so that rounding never raises the signal.
        let Some(bar) = target.0.checked_mul(ratio) else { continue };
        if actual.figure().lo >= bar {
            let unit = t.unit.as_deref().unwrap_or("");
            let pct = actual.0.checked_mul(Decimal::ONE_HUNDRED).and_then(|x| x.checked_div(target.0));
            let pct = pct.map(|p| format!("(约 {}%)", p.round_dp(0))).unwrap_or_default();
            found.push(format!("{} 目标 {}{unit},实际 {}{unit}{pct}", t.name, target.0, actual.0));
        }
    }
    if !found.is_empty() {
        r.signals.push(Signal {
            code: "R005",
            message: format!(
                "{} 项目标的实际完成值达到目标值的 {}% 以上且未说明原因:{}",
                found.len(),
                rules.deviation_percent,
                found.join(";")
            ),
        });
    }
}
