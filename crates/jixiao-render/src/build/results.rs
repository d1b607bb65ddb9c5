//! 四、主要绩效: what was achieved against each target group (actual, target, completion
//! rate, and the reasons given for a deviation), then the year's other figures (仲裁 cases,
//! totals with their parts).

use crate::sentences::TemplateError;
use jixiao_core::figure::Figure;
use jixiao_core::record::Direction;
use jixiao_core::scoring::target_met;
use jixiao_core::{Decimal, calc};

use super::ReportBuilder;
use super::format::{cn_numeral, money, rate};
use super::targets::{group_title, groups, sign};

pub(super) fn results(b: &mut ReportBuilder<'_>) -> Result<(), TemplateError> {
    let r = b.r;
    if r.targets.is_empty() && r.arbitration.is_none() && r.breakdowns.is_empty() {
        return b.missing("主要绩效", &["targets"]);
    }
    for (gi, g) in groups(r).iter().enumerate() {
        let mut parts: Vec<String> = Vec::new();
        let mut reasons: Vec<String> = Vec::new();
        for t in r.targets.iter().filter(|t| &t.group == g) {
            match (t.target, t.actual) {
                (Some(tv), Some(av)) if t.direction != Direction::Qualitative => {
                    let better =
                        if t.direction == Direction::AtMost { calc::Better::Lower } else { calc::Better::Higher };
                    let completion = calc::completion_rate(av.figure(), Figure::exact(tv.0), better);
                    let exceeded = completion.as_ref().is_ok_and(|f| f.face > Decimal::ONE_HUNDRED);
                    let rt = rate(completion).unwrap_or_else(|| "—".into());
                    parts.push(b.fill(
                        "target_result",
                        &[
                            ("name", t.name.clone()),
                            ("actual", av.0.to_string()),
                            ("unit", t.unit.clone().unwrap_or_default()),
                            ("sign", sign(t.direction).into()),
                            ("target", tv.0.to_string()),
                            ("rate", rt),
                        ],
                    )?);
                    if let Some(reason) = &t.deviation_reason {
                        // A met target's reason explains its surplus, not a shortfall.
                        let met = target_met(t.direction, Some(Figure::exact(tv.0)), Some(av.figure())).unwrap_or(true);
                        let name = match (met, exceeded) {
                            (false, _) => "target_missed_reason",
                            (true, true) => "target_exceeded_reason",
                            (true, false) => "target_deviation_reason",
                        };
                        reasons.push(b.fill(
                            name,
                            &[("name", t.name.clone()), ("reason", reason.trim_end_matches('\u{3002}').to_string())],
                        )?);
                    }
                }
                _ => {
                    if let Some(a) = &t.actual_text {
                        parts.push(a.clone());
                    }
                }
            }
        }
        if parts.is_empty() {
            continue;
        }
        let mut text = format!("({}){}工作绩效指标:{}。", cn_numeral(gi + 1), group_title(g), parts.join(";"));
        for reason in reasons {
            text.push_str(&reason);
        }
        b.out.para(text);
    }
    // Figures of the year's work outside the targets, numbered after the target groups.
    if r.arbitration.is_some() || !r.breakdowns.is_empty() {
        b.out.para(format!("({})其他工作成效:", cn_numeral(groups(r).len() + 1)));
    }
    if let Some(a) = &r.arbitration {
        let n = |v: Option<u32>| v.map_or("—".to_string(), |v| v.to_string());
        let count = |v: Option<u32>| Figure::count(v.unwrap_or(0).into());
        let closure = rate(calc::closure_rate(count(a.closed), count(a.accepted), count(a.carried_over)))
            .unwrap_or_else(|| "—".into());
        let mediation =
            rate(calc::mediation_rate(count(a.closed_by_mediation), count(a.mediated_outside), count(a.closed)))
                .unwrap_or_else(|| "—".into());
        let cases = match (a.workers, a.amount) {
            (Some(w), Some(m)) => b.fill("arbitration_cases", &[("workers", w.to_string()), ("amount", money(&m))])?,
            _ => String::new(),
        };
        b.out.para(b.fill(
            "arbitration",
            &[
                ("year", b.year.clone()),
                ("applications", n(a.applications)),
                ("accepted", n(a.accepted)),
                ("refused", n(a.refused)),
                ("carried_over", n(a.carried_over)),
                ("closed", n(a.closed)),
                ("by_award", n(a.closed_by_award)),
                ("by_mediation", n(a.closed_by_mediation)),
                ("outside", n(a.mediated_outside)),
                ("closure_rate", closure),
                ("mediation_rate", mediation),
                ("cases", cases),
            ],
        )?);
    }
    for bd in &r.breakdowns {
        let unit = bd.unit.clone().unwrap_or_default();
        let total = if bd.complete { bd.parts.iter().map(|p| p.value.0).sum::<Decimal>() } else { bd.total.0 };
        let parts = bd.parts.iter().map(|p| format!("{}{}{unit}", p.label, p.value.0)).collect::<Vec<_>>().join("、");
        b.out.para(b.fill(
            "breakdown",
            &[("label", bd.label.clone()), ("total", total.to_string()), ("unit", unit.clone()), ("parts", parts)],
        )?);
    }
    Ok(())
}
