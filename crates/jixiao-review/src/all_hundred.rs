//! R006: every completion rate stated is exactly 100%.

use jixiao_pipeline::Decimal;

use crate::row::ReportRow;
use crate::signals::{ReviewRules, Signal};

/// Raises R006 when at least `min_rates` completion rates are stated and all are 100%.
pub(crate) fn check(r: &mut ReportRow, rules: &ReviewRules) {
    let rates: Vec<Decimal> = r.targets.iter().filter_map(|t| t.completion_rate_stated.map(|p| p.0)).collect();
    // The rates are compared as written: `100%` and `100.00%` are both exactly 100 as stated.
    if rates.len() >= rules.min_rates.max(1) && rates.iter().all(|p| *p == Decimal::ONE_HUNDRED) {
        r.signals.push(Signal {
            code: "R006", message: format!("报告所述的 {} 项目标完成率均恰为 100%", rates.len())
        });
    }
}
