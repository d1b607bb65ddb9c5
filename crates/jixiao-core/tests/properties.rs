//! Properties that must hold for every input, checked on generated ones:
//!
//! - no false alarm from rounding: figures rounded honestly (四舍五入) never break a sum or
//!   a rate relation under the rounding-aware comparison;
//! - a stated figure that is really wrong (off by more than rounding allows) is caught;
//! - record → TOML/JSON → record keeps every figure and its written precision;
//! - loading arbitrary text never panics.

#![allow(clippy::unwrap_used)] // a test that cannot unwrap has failed

use jixiao_core::calc;
use jixiao_core::figure::{Figure, compare};
use jixiao_core::input::Record;
use jixiao_core::load::Format;
use jixiao_core::num::round_half_up;
use jixiao_core::record::*;
use jixiao_core::value::{Amount, Num, Percent};
use jixiao_core::{Decimal, load_record};
use proptest::prelude::*;

/// An exact amount with up to 4 decimals, never so small that it rounds to an explicit zero.
fn exact_amount() -> impl Strategy<Value = Decimal> {
    (100i64..100_000_000, 0u32..=4).prop_map(|(m, s)| Decimal::new(m, s))
}

fn stated(v: Decimal, k: u32) -> Figure {
    let mut r = round_half_up(v, k);
    r.rescale(k);
    Figure::stated(r)
}

fn stated_rate(v: Decimal) -> Figure {
    let mut r = round_half_up(v, 2);
    r.rescale(2);
    Percent(r).figure()
}

proptest! {
    #[test]
    fn honest_rounding_never_breaks_a_sum(parts in prop::collection::vec(exact_amount(), 1..12), k in 0u32..=2) {
        let total: Decimal = parts.iter().copied().sum();
        let rounded_parts: Vec<Figure> = parts.iter().map(|p| stated(*p, k)).collect();
        let sum = Figure::sum(rounded_parts).unwrap();
        prop_assert!(compare(&stated(total, k), &sum).consistent);
    }

    #[test]
    fn honest_rounding_never_breaks_a_rate(a in exact_amount(), b in exact_amount(), k in 1u32..=2) {
        let rate = a / b * Decimal::ONE_HUNDRED;
        let computed = calc::execution_rate(stated(a, k), stated(b, k)).unwrap();
        prop_assert!(compare(&stated_rate(rate), &computed).consistent);
    }

    #[test]
    fn a_total_off_by_more_than_rounding_is_caught(parts in prop::collection::vec(exact_amount(), 1..8), k in 0u32..=2, off in 1i64..1000) {
        let total: Decimal = parts.iter().copied().sum();
        let rounded_parts: Vec<Figure> = parts.iter().map(|p| stated(*p, k)).collect();
        let sum = Figure::sum(rounded_parts.clone()).unwrap();
        // Move the stated total by more than the widest rounding of all the figures.
        let unit = Decimal::new(1, k);
        let wrong = round_half_up(total, k) + unit * Decimal::from(parts.len() as i64 + 1 + off);
        let c = compare(&stated(wrong, k), &sum);
        prop_assert!(!c.consistent);
        prop_assert!(c.gap.abs() > c.tolerance);
    }

    #[test]
    fn loading_arbitrary_text_never_panics(text in ".{0,400}") {
        let _ = load_record(&text, Format::Toml);
        let _ = load_record(&text, Format::Json);
    }

    #[test]
    fn loading_mangled_records_never_panics(cut in 0usize..4000, junk in "[\\[\\]{}=\",.0-9a-z\\n -]{0,20}") {
        let text = include_str!("../../../examples/lechang-hrss-2024.toml");
        let at = text.char_indices().map(|(i, _)| i).nth(cut.min(text.chars().count() - 1)).unwrap_or(0);
        let mangled = format!("{}{junk}{}", &text[..at], &text[at..]);
        let _ = load_record(&mangled, Format::Toml);
    }
}

fn amount() -> impl Strategy<Value = Amount> {
    (-10_000_000i64..10_000_000, 0u32..=4).prop_map(|(m, s)| Amount::wan(Decimal::new(m, s)))
}

/// A stated rate within the ±1000% that validation accepts.
fn percent() -> impl Strategy<Value = Percent> {
    (0u32..=2).prop_flat_map(|s| {
        let lim = 999 * 10i64.pow(s);
        (-lim..=lim).prop_map(move |m| Percent(Decimal::new(m, s)))
    })
}

fn text() -> impl Strategy<Value = String> {
    "\\p{Han}[\\p{Han}a-z0-9“”()、,。 ]{0,19}"
}

fn class_row() -> impl Strategy<Value = ClassRow> {
    (
        prop::sample::select(vec!["201", "206", "208", "210", "212", "221", "229"]),
        amount(),
        amount(),
        prop::option::of(amount()),
        prop::option::of(percent()),
        prop::option::of(text()),
    )
        .prop_map(|(code, budget, actual, variance_stated, execution_rate_stated, reason)| ClassRow {
            code: code.into(),
            name: jixiao_core::classes::by_code(code).map(|c| c.name.to_string()).unwrap_or_default(),
            budget,
            actual,
            variance_stated,
            execution_rate_stated,
            reason,
        })
}

fn target() -> impl Strategy<Value = Target> {
    (
        text(),
        text(),
        prop::sample::select(vec![Direction::AtLeast, Direction::AtMost, Direction::Exactly]),
        (0i64..1_000_000, 0u32..=2),
        prop::option::of((0i64..1_000_000, 0u32..=2)),
        prop::option::of(percent()),
        any::<bool>(),
    )
        .prop_map(|(group, name, direction, (t, ts), actual, rate, at_least)| Target {
            group,
            name,
            direction,
            target: Some(Num(Decimal::new(t, ts))),
            unit: Some("人".into()),
            target_text: None,
            actual: actual.map(|(a, s)| Num(Decimal::new(a, s))),
            actual_at_least: at_least,
            actual_text: None,
            actual_source: None,
            completion_rate_stated: rate,
            deviation_reason: None,
        })
}

fn record() -> impl Strategy<Value = DeptRecord> {
    (
        text(),
        1990u16..=2100,
        prop::collection::vec(class_row(), 0..6),
        prop::collection::vec(target(), 0..6),
        (prop::option::of(amount()), prop::option::of(amount()), prop::option::of(percent())),
        (prop::option::of(0u32..500), prop::option::of(0u32..500), prop::option::of(0u32..50)),
        prop::collection::vec((text(), (0i64..1000, 0u32..=1)), 0..5),
    )
        .prop_map(|(department, year, rows, targets, (b, a, r), (adm, inst, svc), scores)| DeptRecord {
            kind: RecordKind::DeptEvaluation,
            indicator_system: Some("gd-dept-2024".into()),
            header: Header { department, year, filed_on: Some("2025-08-14".into()), ..Default::default() },
            duties: vec![],
            organization: Organization::default(),
            staffing: Staffing {
                actual: StaffCounts {
                    administrative: adm,
                    public_institution: inst,
                    service_staff: svc,
                    ..Default::default()
                },
                ..Default::default()
            },
            finance: Finance { budget_initial: b, actual: a, budget_change_rate_stated: r, ..Default::default() },
            budget_table: if rows.is_empty() {
                None
            } else {
                Some(BudgetTable { rows: dedup_codes(rows), total: None, scope: None })
            },
            expenditure_structure: None,
            targets,
            claims: vec![],
            projects: None,
            spending_rates: vec![],
            carryover: None,
            treasury: None,
            procurement: None,
            assets: None,
            operating_expenses: None,
            three_public_expenses: None,
            key_work: None,
            budget_adjustment: None,
            arbitration: None,
            breakdowns: vec![],
            facts: vec![],
            scoring: Scoring {
                scores: scores
                    .into_iter()
                    .map(|(code, (m, s))| SelfScore {
                        code,
                        name: None,
                        self_score: Num(Decimal::new(m, s)),
                        items_met: vec![],
                        tier: None,
                        violations: None,
                        evidence: None,
                    })
                    .collect(),
                ..Default::default()
            },
            problems: vec![],
            recommendations: vec![],
            result_use: None,
            other_matters: None,
        })
}

fn dedup_codes(rows: Vec<ClassRow>) -> Vec<ClassRow> {
    let mut seen = std::collections::HashSet::new();
    rows.into_iter().filter(|r| seen.insert(r.code.clone())).collect()
}

proptest! {
    #[test]
    fn record_round_trips_through_toml_and_json(r in record()) {
        let rec = Record::Dept(Box::new(r));
        let toml1 = rec.to_toml().unwrap();
        let back = load_record(&toml1, Format::Toml).map_err(|e| e[0].display("gen.toml", &toml1)).unwrap();
        prop_assert_eq!(&back.record, &rec);
        // Equal text means equal scales too (95.50 stays 95.50).
        prop_assert_eq!(back.record.to_toml().unwrap(), toml1);
        let json = rec.to_json().unwrap();
        let back = load_record(&json, Format::Json).map_err(|e| e[0].display("gen.json", &json)).unwrap();
        prop_assert_eq!(back.record.to_json().unwrap(), json);
    }
}

#[test]
fn the_seed_record_round_trips() {
    let text = include_str!("../../../examples/lechang-hrss-2024.toml");
    let rec = load_record(text, Format::Toml).unwrap().record;
    let again = load_record(&rec.to_toml().unwrap(), Format::Toml).unwrap().record;
    assert_eq!(rec, again);
    assert_eq!(rec.to_toml().unwrap(), again.to_toml().unwrap());
    let Record::Dept(d) = &again else { panic!("dept") };
    let housing = d.expenditure_structure.as_ref().unwrap().items[5].amount;
    assert_eq!(housing.value.to_string(), "95.50");
    assert_eq!(d.three_public_expenses.as_ref().unwrap().reception_per_visit_stated.unwrap().to_string(), "95.72元");
}
