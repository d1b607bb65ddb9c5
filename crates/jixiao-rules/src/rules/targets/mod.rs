//! Claims about targets against the targets' actual values.

pub mod completion_claim_contradicted;
pub mod missed_target_unexplained;

use jixiao_core::calc::{self, Better};
use jixiao_core::figure::Figure;
use jixiao_core::num::format_fixed;
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
