//! R009 照搬上年: a unit's indicator values copied unchanged from last year's report
//! (`jixiao review --previous`).
//!
//! Last year's reports are reviewed like this year's; a report is matched to last year's by the
//! unit named in it (the same name, an earlier year). Its performance targets are matched by
//! name; a target whose 年度指标值 and 实际完成值 are both written exactly as last year's (the
//! same digits and decimals) is unchanged. Enough unchanged targets, making up most of those
//! comparable, raise the signal.

use std::collections::HashMap;

use jixiao_pipeline::Decimal;
use jixiao_pipeline::record::Target;

use crate::row::{ReportRow, Status};
use crate::signals::{ReviewRules, Signal};

/// The same figure as written: value and decimals (`90` and `90.0` differ).
fn same(a: Decimal, b: Decimal) -> bool {
    a == b && a.scale() == b.scale()
}

/// Targets comparable across the two years (both with a target value and an actual), and those
/// of them unchanged.
fn compare<'a>(now: &'a [Target], before: &[Target]) -> (usize, Vec<&'a Target>) {
    let last: HashMap<&str, &Target> = before.iter().map(|t| (t.name.trim(), t)).collect();
    let mut comparable = 0;
    let mut unchanged = Vec::new();
    for t in now {
        let Some(p) = last.get(t.name.trim()) else { continue };
        let value = |n: &Target, actual: bool| if actual { n.actual.map(|x| x.0) } else { n.target.map(|x| x.0) };
        let (Some(target), Some(actual), Some(p_target), Some(p_actual)) =
            (value(t, false), value(t, true), value(p, false), value(p, true))
        else {
            continue;
        };
        comparable += 1;
        if same(target, p_target) && same(actual, p_actual) {
            unchanged.push(t);
        }
    }
    (comparable, unchanged)
}

/// Raises R009 on the reports of `batch` whose unit's report of an earlier year in `previous`
/// has the same targets and actuals.
pub(crate) fn check(reports: &mut [ReportRow], previous: &[ReportRow], rules: &ReviewRules) {
    for r in reports.iter_mut().filter(|r| r.status == Status::Checked) {
        let (Some(unit), Some(year)) = (r.unit.clone(), r.year) else { continue };
        let earlier = previous
            .iter()
            .filter(|p| p.status == Status::Checked && p.unit.as_deref() == Some(unit.as_str()))
            .filter(|p| p.year.is_some_and(|y| y < year))
            .max_by_key(|p| p.year);
        let Some(p) = earlier else { continue };
        let (comparable, unchanged) = compare(&r.targets, &p.targets);
        let enough = unchanged.len() >= rules.previous_min_same.max(1)
            && unchanged.len() * 100 >= comparable * rules.previous_same_percent as usize;
        if !enough {
            continue;
        }
        let listed: Vec<String> = unchanged
            .iter()
            .take(10)
            .map(|t| {
                let unit = t.unit.as_deref().unwrap_or("");
                let target = t.target.map(|n| n.0.to_string()).unwrap_or_default();
                let actual = t.actual.map(|n| n.0.to_string()).unwrap_or_default();
                format!("{}(指标值 {target}{unit},实际 {actual}{unit})", t.name)
            })
            .collect();
        let more = if unchanged.len() > 10 { format!("等 {} 项", unchanged.len()) } else { String::new() };
        r.signals.push(Signal {
            code: "R009",
            message: format!(
                "可比的 {comparable} 项指标中有 {} 项的年度指标值和实际完成值与 {} 年度报告({})一字不差:{}{more}",
                unchanged.len(),
                p.year.unwrap_or_default(),
                p.file,
                listed.join(";")
            ),
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn target(name: &str, target: &str, actual: &str) -> Target {
        let v = serde_json::json!({"group": "", "name": name, "direction": ">=", "target": target, "unit": "人", "actual": actual});
        serde_json::from_value(v).expect("a target")
    }

    fn row(year: u16, targets: Vec<Target>) -> ReportRow {
        let mut r = ReportRow::new(format!("{year}.txt"), Status::Checked);
        r.unit = Some("东山县农业农村局".into());
        r.year = Some(year);
        r.targets = targets;
        r
    }

    fn three(a: &str) -> Vec<Target> {
        vec![target("培训人次", "300", a), target("新增就业", "500", "520"), target("覆盖乡镇", "12", "12")]
    }

    #[test]
    fn targets_and_actuals_unchanged_from_last_year_are_a_signal() {
        let rules = ReviewRules::default();
        let mut now = vec![row(2024, three("310"))];
        check(&mut now, &[row(2023, three("310"))], &rules);
        assert_eq!(now[0].signals.len(), 1);
        assert!(now[0].signals[0].message.contains("3 项"), "{}", now[0].signals[0].message);
        // One actual changed: 2 of 3 unchanged, below 80%.
        let mut now = vec![row(2024, three("310"))];
        check(&mut now, &[row(2023, three("305"))], &rules);
        assert!(now[0].signals.is_empty());
        // The same figure written with another precision is not the same writing.
        let mut now = vec![row(2024, three("310"))];
        check(&mut now, &[row(2023, three("310.0"))], &rules);
        assert!(now[0].signals.is_empty());
        // The same year given twice (the same report) is not last year.
        let mut now = vec![row(2024, three("310"))];
        check(&mut now, &[row(2024, three("310"))], &rules);
        assert!(now[0].signals.is_empty());
        // Another unit's report is not this unit's last year.
        let mut other = row(2023, three("310"));
        other.unit = Some("西岭县农业农村局".into());
        let mut now = vec![row(2024, three("310"))];
        check(&mut now, &[other], &rules);
        assert!(now[0].signals.is_empty());
    }
}
