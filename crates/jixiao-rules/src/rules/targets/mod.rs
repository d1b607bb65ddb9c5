//! Claims about targets against the targets' actual values.

pub mod actuals_copy_targets;
pub mod completion_claim_contradicted;
pub mod implausible_completion;
pub mod indicator_kind_mismatch;
pub mod indicator_not_measurable;
pub mod missed_indicator_unexplained;
pub mod missed_target_unexplained;
pub mod placeholder_target;
pub mod required_indicator_missing;

use jixiao_core::Record;
use jixiao_core::calc::{self, Better};
use jixiao_core::figure::Figure;
use jixiao_core::num::format_fixed;
use jixiao_core::project::ProjectIndicator;
use jixiao_core::record::{Direction, Target};
use jixiao_core::scoring::target_met;

/// A quantitative target that was missed, with its index and completion rate.
pub(crate) struct Missed<'a> {
    pub index: usize,
    pub target: &'a Target,
    pub rate: Option<String>,
}

/// The targets missed beyond rounding.
pub(crate) fn missed(targets: &[Target]) -> Vec<Missed<'_>> {
    targets
        .iter()
        .enumerate()
        .filter(|(_, t)| {
            target_met(t.direction, t.target.map(|v| Figure::exact(v.0)), t.actual.map(|v| v.figure())) == Some(false)
        })
        .map(|(index, t)| {
            let better = if t.direction == Direction::AtMost { Better::Lower } else { Better::Higher };
            let rate = match (t.target, t.actual) {
                (Some(tv), Some(av)) => calc::completion_rate(av.figure(), Figure::exact(tv.0), better)
                    .ok()
                    .map(|r| format!("{}%", format_fixed(r.face, 2))),
                _ => None,
            };
            Missed { index, target: t, rate }
        })
        .collect()
}

/// `参加企业职工基本养老保险人数 37419 < 38800(完成率 96.44%)`
pub(crate) fn describe(m: &Missed<'_>) -> String {
    let t = m.target;
    let unit = t.unit.as_deref().unwrap_or("");
    let op = match t.direction {
        Direction::AtMost => ">",
        Direction::Exactly => "≠",
        _ => "<",
    };
    format!(
        "{} {}{unit} {op} 目标 {}{unit}{}",
        t.name,
        t.actual.map_or(String::new(), |v| v.to_string()),
        t.target.map_or(String::new(), |v| v.to_string()),
        m.rate.as_ref().map_or(String::new(), |r| format!("(完成率 {r})"))
    )
}

/// A project record's indicator table (empty for a department record): the indicator-quality
/// rules (T003–T008) read it.
pub(crate) fn project_indicators(record: &Record) -> &[ProjectIndicator] {
    match record {
        Record::Project(p) => &p.indicators,
        Record::Dept(_) => &[],
    }
}

/// Whether an optional text is missing or blank.
pub(crate) fn blank(s: Option<&String>) -> bool {
    s.is_none_or(|t| t.trim().is_empty())
}

/// `产出指标/数量指标/新建高标准农田面积`: where an indicator sits, for messages.
pub(crate) fn indicator_name(x: &ProjectIndicator) -> String {
    format!("“{}”({}/{})", x.name.trim(), x.level1.trim(), x.level2.trim())
}
