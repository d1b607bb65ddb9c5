//! Scoring records against the built-in systems, and judging the sheets: the seed's
//! structure-only system, the national project form, and a department system with points and
//! quantitative rules.

#![allow(clippy::unwrap_used)] // a test that cannot unwrap has failed

use jixiao_core::load::Format;
use jixiao_core::scoring::{ScoreFlag, ScoreSheet};
use jixiao_core::system::builtin;
use jixiao_core::{Decimal, load_record};
use jixiao_rules::score;

fn d(s: &str) -> Decimal {
    Decimal::from_str_exact(s).unwrap()
}

fn sheet_for(text: &str, system: &str) -> ScoreSheet {
    let rec = load_record(text, Format::Toml).map_err(|e| e[0].display("t", text)).unwrap().record;
    let sys = builtin(system).unwrap().unwrap().system;
    score(&rec, &sys)
}

fn row<'a>(s: &'a ScoreSheet, code: &str) -> &'a jixiao_core::scoring::ScoreRow {
    s.rows.iter().find(|r| r.code == code).unwrap_or_else(|| panic!("no row {code}"))
}

#[test]
fn the_seed_scores_96_5_excellent_on_its_own_structure() {
    let s = sheet_for(include_str!("../../../examples/lechang-hrss-2024.toml"), "gd-dept-2024");
    assert_eq!(s.base_total, d("93"));
    assert_eq!(s.adjustment, Some(d("3.5")));
    assert_eq!(s.total, d("96.5"));
    assert_eq!(s.grade.as_deref(), Some("优"));
    assert!(!s.stated_total_mismatch);
    assert_eq!(row(&s, "A").self_score, Some(d("25")));
    assert_eq!(row(&s, "B").self_score, Some(d("40")));
    assert_eq!(row(&s, "C").self_score, Some(d("28")));
    // Maxima unknown: nothing can be flagged against them.
    assert!(s.rows.iter().all(|r| r.flags.is_empty()));
}

#[test]
fn the_national_project_form_scores_proportionally() {
    let s = sheet_for(include_str!("../../../examples/project-farmland-2024.toml"), "mof-2020-project");
    assert_eq!(s.max_total, Some(d("100")));
    assert_eq!(s.total, d("98.5"));
    assert_eq!(s.grade.as_deref(), Some("优"));
    // 执行率 608 / 640 = 95% → 9.5 of 10 (upper end of the rounding interval).
    let p0 = row(&s, "P0");
    assert_eq!(jixiao_core::num::format_fixed(p0.supported.unwrap(), 2), "9.50");
    // 渠道 10.5 of 12 公里 with 10 points: at most 10 × 10.55 / 12 = 8.79.
    let canal = row(&s, "P1.2");
    assert_eq!(jixiao_core::num::format_fixed(canal.supported.unwrap(), 2), "8.79");
    assert!(matches!(canal.flags[..], [ScoreFlag::AboveSupported { .. }]));
    // A ≤ target met (1930 ≤ 2000) earns full points.
    assert_eq!(row(&s, "P1.4").supported, Some(d("10")));
    // A qualitative row allows up to its tier's upper end.
    assert_eq!(row(&s, "P2.2").supported, Some(d("15")));
    assert!(row(&s, "P1").flags.is_empty(), "20 + 10 + 10 + 10 = 50");
}

const YUEYANG: &str = r#"
kind = "dept_evaluation"
indicator_system = "hn-dept-yueyang"

[header]
department = "示例市某局"
year = 2024

[finance]
budget_initial = "1000.00"

[staffing.authorized]
administrative = 40

[staffing.actual]
administrative = 42

[three_public_expenses]
budget = "20.00"
budget_last_year = "21.00"
actual_stated = "20.40"

[budget_adjustment]
amount = "150.00"

[[scoring.scores]]
code = "1.1.1"
self_score = "5"

[[scoring.scores]]
code = "1.1.2"
self_score = "5"

[[scoring.scores]]
code = "2.1.1"
self_score = "1"

[[scoring.scores]]
code = "2.1.2"
self_score = "3"
violations = 1

[[scoring.scores]]
code = "2.1.4"
self_score = "4"

[[scoring.scores]]
code = "2.2.1"
self_score = "3"
items_met = ["已制定管理制度", "制度得到有效执行"]
"#;

#[test]
fn a_department_system_with_rules_computes_what_the_data_supports() {
    let s = sheet_for(YUEYANG, "hn-dept-yueyang");
    // 在职 42 / 编制 40 = 105%: 5 points over, 0.5 off each → 2.5.
    let staff = row(&s, "1.1.1");
    assert_eq!(staff.supported, Some(d("2.5")));
    assert!(staff.flags.contains(&ScoreFlag::AboveSupported { supported: d("2.5") }));
    // 三公经费预算 20 vs 21 last year: a fall, full 5 points.
    assert_eq!(row(&s, "1.1.2").supported, Some(d("5")));
    // 预算调整率 150 / 1000 = 15%: band (10%, 20%] → 1 point.
    assert_eq!(row(&s, "2.1.1").supported, Some(d("1")));
    assert!(row(&s, "2.1.1").flags.is_empty());
    // One late fund at 0.5 each → 2.5.
    assert_eq!(row(&s, "2.1.2").supported, Some(d("2.5")));
    // 三公经费 20.40 / 20.00 = 102% → 6 − 2 = 4 at face value; the rounding of both figures
    // allows 20.395 / 20.005 = 101.95% → 4.05, the most favourable, which is what is compared.
    let three = row(&s, "2.1.4");
    assert_eq!(three.supported, Some(d("4.050487")));
    assert!(three.flags.is_empty());
    // Two of three checklist items met → 2 points; 3 claimed.
    assert_eq!(row(&s, "2.2.1").supported, Some(d("2")));
    // Subtotals are summed from the leaves.
    assert_eq!(row(&s, "1.1").self_score, Some(d("10")));
    assert_eq!(s.total, d("21"));
    assert_eq!(s.grade.as_deref(), Some("差"));
}
