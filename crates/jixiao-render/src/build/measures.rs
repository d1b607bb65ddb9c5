//! The figures behind each indicator measure (`target_coverage`, `spending_rate`, …), as the
//! report's sentences, with every rate computed from the record; and the order and headings
//! of the measures the report discusses.
//!
//! Which indicator a measure belongs to is the indicator system's business
//! ([`super::analysis`] walks it); scoring is `jixiao_core::scoring`.

use crate::sentences::TemplateError;
use jixiao_core::calc;
use jixiao_core::figure::Figure;
use jixiao_core::num::{MoneyUnit, format_fixed};
use jixiao_core::scoring::target_met;

use super::ReportBuilder;
use super::format::{WAN, money, money_dec, rate};

/// The measures the report discusses apart (those the record schema gives a report heading),
/// in the schema's order, with that heading.
pub(super) fn reported_measures() -> impl Iterator<Item = (&'static str, &'static str)> {
    jixiao_core::schema::DEPT.measures.iter().filter_map(|m| Some((m.id, m.report_heading?)))
}

/// The figures behind a measure, as sentences.
pub(super) fn measure_sentences(b: &ReportBuilder<'_>, measure: &str) -> Result<Vec<String>, TemplateError> {
    let r = b.r;
    let y = || ("year", b.year.clone());
    let mut out = Vec::new();
    match measure {
        "target_coverage" => {
            if let Some(p) = &r.projects
                && let (Some(t), Some(w)) = (p.total, p.with_targets)
            {
                let rt = rate(calc::coverage_rate(Figure::count(w.into()), Figure::count(t.into())))
                    .unwrap_or_else(|| "—".into());
                out.push(b.fill(
                    "coverage",
                    &[y(), ("total", t.to_string()), ("with_targets", w.to_string()), ("rate", rt)],
                )?);
            }
        }
        "spending_rate" => {
            for s in &r.spending_rates {
                if let (Some(bu), Some(a)) = (s.budget, s.actual) {
                    out.push(
                        b.fill(
                            "spending",
                            &[
                                ("label", s.label.clone()),
                                ("budget", money(&bu)),
                                ("actual", money(&a)),
                                (
                                    "rate",
                                    rate(calc::spending_rate(a.figure_in(WAN), bu.figure_in(WAN)))
                                        .unwrap_or_else(|| "—".into()),
                                ),
                                ("scope", s.scope.as_ref().map_or(String::new(), |sc| format!("(口径:{sc})"))),
                            ],
                        )?,
                    );
                }
            }
        }
        "carryover_rate" => {
            if let Some(c) = &r.carryover
                && let Some(sp) = c.spending_rate_stated
            {
                let cr = rate(calc::carryover_rate_from_spending(sp.figure())).unwrap_or_default();
                out.push(b.fill(
                    "carryover",
                    &[
                        y(),
                        ("spending", format_fixed(sp.0, 2)),
                        ("rate", cr),
                        ("scope", c.scope.as_ref().map_or(String::new(), |sc| format!("(口径:{sc})"))),
                    ],
                )?);
            }
        }
        "idle_funds" => {
            if let Some(t) = &r.treasury
                && let Some(f) = t.idle_funds
            {
                out.push(b.fill("idle_funds", &[y(), ("amount", money(&f))])?);
            }
        }
        "procurement_rate" => {
            if let Some(p) = &r.procurement
                && let (Some(pl), Some(a)) = (p.planned, p.actual)
            {
                let rt =
                    rate(calc::procurement_rate(a.figure_in(WAN), pl.figure_in(WAN))).unwrap_or_else(|| "—".into());
                out.push(b.fill("procurement", &[y(), ("planned", money(&pl)), ("actual", money(&a)), ("rate", rt)])?);
            }
        }
        "asset_utilization" => {
            if let Some(a) = &r.assets {
                let rt = match (a.in_use, a.total) {
                    (Some(u), Some(t)) => rate(calc::structure_share(u.figure_in(WAN), t.figure_in(WAN))),
                    _ => a.utilization_stated.map(|p| format_fixed(p.0, 2)),
                };
                if let Some(rt) = rt {
                    out.push(b.fill("assets", &[y(), ("rate", rt)])?);
                }
            }
        }
        "staffing_rate" => {
            let s = &r.staffing;
            if s.actual.any() && s.authorized.any() {
                let with = s.staffing_rate.as_ref().is_none_or(|sr| sr.includes_service_staff);
                let (on, auth) = (s.actual.on_post(with), s.authorized.on_post(with));
                let rt =
                    rate(calc::staffing_rate(Figure::count(on), Figure::count(auth))).unwrap_or_else(|| "—".into());
                let scope = if with { "含工勤人员" } else { "不含工勤人员" };
                out.push(b.fill(
                    "staffing_rate",
                    &[
                        y(),
                        ("scope", scope.into()),
                        ("on_post", on.to_string()),
                        ("authorized", auth.to_string()),
                        ("rate", rt),
                    ],
                )?);
            }
        }
        "operating_expense_control_rate" => {
            if let Some(o) = &r.operating_expenses
                && let (Some(bu), Some(a)) = (o.budget, o.actual)
            {
                let rt = rate(calc::control_rate(a.figure_in(WAN), bu.figure_in(WAN))).unwrap_or_else(|| "—".into());
                out.push(b.fill("operating", &[y(), ("budget", money(&bu)), ("actual", money(&a)), ("rate", rt)])?);
            }
            if let Some(t) = &r.three_public_expenses
                && let (Some(bu), Some(ab), Some(v), Some(re)) = (t.budget, t.travel_abroad, t.vehicles, t.reception)
            {
                // The stated total is the accounts' own figure, more exact than the sum of
                // its rounded parts; the rules have checked that the two agree.
                let sum = ab.figure_in(WAN).face + v.figure_in(WAN).face + re.figure_in(WAN).face;
                let actual = t.actual_stated.map_or_else(|| money_dec(sum), |a| money(&a));
                out.push(b.fill(
                    "three_public",
                    &[
                        y(),
                        ("budget", money(&bu)),
                        ("actual", actual),
                        ("abroad", money(&ab)),
                        ("vehicles", money(&v)),
                        ("reception", money(&re)),
                    ],
                )?);
                if let (Some(bt), Some(vi)) = (t.reception_batches, t.reception_visits)
                    && vi > 0
                {
                    let per = match t.reception_per_visit_stated {
                        Some(p) => format_fixed(p.figure_in(MoneyUnit::Yuan).face, 2),
                        None => calc::per_capita(re.figure_in(MoneyUnit::Yuan), Figure::count(vi.into()))
                            .map(|f| format_fixed(f.face, 2))
                            .unwrap_or_default(),
                    };
                    // In the same paragraph as the 三公 totals, which it details.
                    let reception = b.fill(
                        "reception",
                        &[y(), ("batches", bt.to_string()), ("visits", vi.to_string()), ("per_visit", per)],
                    )?;
                    if let Some(last) = out.last_mut() {
                        last.push_str(&reception);
                    }
                }
            }
        }
        "targets_met_share" => {
            let judged: Vec<(&jixiao_core::record::Target, bool)> = r
                .targets
                .iter()
                .filter_map(|t| {
                    target_met(t.direction, t.target.map(|v| Figure::exact(v.0)), t.actual.map(|v| v.figure()))
                        .map(|m| (t, m))
                })
                .collect();
            if !judged.is_empty() {
                let met = judged.iter().filter(|(_, m)| *m).count();
                let rt = rate(calc::coverage_rate(Figure::count(met as u64), Figure::count(judged.len() as u64)))
                    .unwrap_or_default();
                out.push(b.fill(
                    "targets_met",
                    &[y(), ("total", judged.len().to_string()), ("met", met.to_string()), ("rate", rt)],
                )?);
                let missed: Vec<String> = judged.iter().filter(|(_, m)| !*m).map(|(t, _)| t.name.clone()).collect();
                if !missed.is_empty() {
                    out.push(b.fill("targets_missed", &[("list", missed.join("、"))])?);
                }
            }
        }
        _ => {}
    }
    Ok(out)
}
