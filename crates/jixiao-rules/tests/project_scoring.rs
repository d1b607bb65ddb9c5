//! Scoring a project record by the rules of the national form (财预〔2020〕10号), each kind of
//! indicator against a score computed by hand: 执行率 × 10 capped at 10; ≥, ≤ and = targets by
//! the proportional rule with over-completion capped at full marks; the three qualitative
//! tiers; satisfaction indicators; the total and grade; self-scores above what the data
//! supports flagged.

#![allow(clippy::unwrap_used)] // a test that cannot unwrap has failed

use jixiao_core::load::Format;
use jixiao_core::num::format_fixed;
use jixiao_core::scoring::{ScoreFlag, ScoreRow, ScoreSheet};
use jixiao_core::system::builtin;
use jixiao_core::{Decimal, load_record};

fn d(s: &str) -> Decimal {
    Decimal::from_str_exact(s).unwrap()
}

fn sheet(text: &str) -> ScoreSheet {
    let rec = load_record(text, Format::Toml).map_err(|e| e[0].display("t", text)).unwrap().record;
    let sys = builtin("mof-2020-project").unwrap().unwrap().system;
    jixiao_rules::score(&rec, &sys)
}

fn row<'a>(s: &'a ScoreSheet, code: &str) -> &'a ScoreRow {
    s.rows.iter().find(|r| r.code == code).unwrap_or_else(|| panic!("no row {code}"))
}

fn supported(s: &ScoreSheet, code: &str) -> String {
    format_fixed(row(s, code).supported.unwrap_or_else(|| panic!("{code}: no supported score")), 4)
}

fn above(s: &ScoreSheet, code: &str) -> bool {
    row(s, code).flags.iter().any(|f| matches!(f, ScoreFlag::AboveSupported { .. }))
}

const HEAD: &str = r#"
kind = "project_evaluation"
indicator_system = "mof-2020-project"

[header]
project = "示例职业技能培训项目"
department = "示例县人力资源和社会保障局"
year = 2024
"#;

fn funds(budget: &str, actual: &str, self_score: &str) -> String {
    format!(
        "[funds.total]\nlabel = \"年度资金总额\"\nbudget_full_year = \"{budget}\"\nactual = \"{actual}\"\nmax_points = \"10\"\nself_score = \"{self_score}\"\n"
    )
}

fn ind(level1: &str, level2: &str, name: &str, rest: &str) -> String {
    format!("\n[[indicators]]\nlevel1 = \"{level1}\"\nlevel2 = \"{level2}\"\nname = \"{name}\"\n{rest}\n")
}

fn every_kind() -> String {
    let mut s = String::from(HEAD);
    s += &funds("200.00", "190.00", "10");
    // ≥ missed: 800 of 1000 人次, 20 points → 20 × 800.5 ÷ 1000 = 16.01.
    s += &ind(
        "产出指标",
        "数量指标",
        "培训人次",
        "direction = \">=\"\ntarget = \"1000\"\nunit = \"人次\"\nactual = \"800\"\nmax_points = \"20\"\nself_score = \"20\"",
    );
    // ≥ over-completed: 14 of 10 个 → full marks, never more.
    s += &ind(
        "产出指标",
        "数量指标",
        "新建培训站点",
        "direction = \">=\"\ntarget = \"10\"\nunit = \"个\"\nactual = \"14\"\nmax_points = \"10\"\nself_score = \"10\"",
    );
    // ≤ missed: 500 ÷ 625 元 (no less than 624.5) × 10 = 8.0064.
    s += &ind(
        "产出指标",
        "成本指标",
        "人均培训成本",
        "direction = \"<=\"\ntarget = \"500\"\nunit = \"元\"\nactual = \"625\"\nmax_points = \"10\"\nself_score = \"9\"",
    );
    // = met.
    s += &ind(
        "产出指标",
        "时效指标",
        "培训周期",
        "direction = \"=\"\ntarget = \"12\"\nunit = \"月\"\nactual = \"12\"\nmax_points = \"10\"\nself_score = \"10\"",
    );
    // = overshot: 20 ÷ 25 期 (no less than 24.5) × 10 = 8.1633.
    s += &ind(
        "效益指标",
        "社会效益指标",
        "开班期数",
        "direction = \"=\"\ntarget = \"20\"\nunit = \"期\"\nactual = \"25\"\nmax_points = \"10\"\nself_score = \"8\"",
    );
    // Qualitative, the official wordings: 达成 → up to 100%, 部分达成 → up to 80%.
    s += &ind(
        "效益指标",
        "可持续影响指标",
        "培训档案管理",
        "direction = \"定性\"\ntarget_text = \"建立培训档案\"\nactual_text = \"已建立\"\ntier = \"达成年度指标\"\nmax_points = \"10\"\nself_score = \"10\"",
    );
    s += &ind(
        "效益指标",
        "社会效益指标",
        "就业技能提升",
        "direction = \"定性\"\ntarget_text = \"明显提升\"\nactual_text = \"有所提升\"\ntier = \"部分达成年度指标并具有一定效果\"\nmax_points = \"10\"\nself_score = \"9\"",
    );
    // Satisfaction 85% of ≥ 90%: 10 × 85.5 ÷ 90 = 9.5.
    s += &ind(
        "满意度指标",
        "服务对象满意度指标",
        "参训人员满意度",
        "direction = \">=\"\ntarget = \"90\"\nunit = \"%\"\nactual = \"85\"\nmax_points = \"10\"\nself_score = \"10\"",
    );
    s += "\n[scoring]\nstated_total = \"96\"\nstated_grade = \"优\"\n";
    s
}

#[test]
fn execution_rate_scores_rate_times_ten() {
    let s = sheet(&every_kind());
    // 190.00 ÷ 200.00 = 95%: at most 190.005 ÷ 199.995 × 10 = 9.5005.
    assert_eq!(supported(&s, "P0"), "9.5005");
    assert!(above(&s, "P0"), "10 claimed for 95%");
    // Spent more than the budget: capped at 10.
    let over = sheet(&format!("{HEAD}{}", funds("100.00", "104.00", "10")));
    assert_eq!(supported(&over, "P0"), "10.0000");
    assert!(!above(&over, "P0"));
}

#[test]
fn quantitative_indicators_by_direction() {
    let s = sheet(&every_kind());
    assert_eq!(supported(&s, "P1.1"), "16.0100");
    assert!(above(&s, "P1.1"));
    assert_eq!(supported(&s, "P1.2"), "10.0000");
    assert!(!above(&s, "P1.2"));
    assert_eq!(supported(&s, "P1.3"), "8.0064");
    assert!(above(&s, "P1.3"));
    assert_eq!(supported(&s, "P1.4"), "10.0000");
    assert_eq!(supported(&s, "P2.1"), "8.1633");
    assert!(!above(&s, "P2.1"), "8 ≤ 8.1633");
    assert!(row(&s, "P1.3").basis.as_deref().unwrap().contains("反向指标"), "{:?}", row(&s, "P1.3").basis);
}

#[test]
fn qualitative_indicators_by_tier() {
    let s = sheet(&every_kind());
    assert_eq!(supported(&s, "P2.2"), "10.0000");
    assert_eq!(supported(&s, "P2.3"), "8.0000");
    assert!(above(&s, "P2.3"), "9 claimed where 部分达成 allows 8");
    let short = ind(
        "效益指标",
        "社会效益指标",
        "群众知晓度",
        "direction = \"定性\"\ntarget_text = \"普遍知晓\"\ntier = \"未达成\"\nmax_points = \"30\"\nself_score = \"20\"",
    );
    let s = sheet(&format!("{HEAD}{}{short}", funds("10.00", "10.00", "10")));
    // 未达成 allows up to 60%: 18 of 30.
    assert_eq!(supported(&s, "P2.1"), "18.0000");
    assert!(above(&s, "P2.1"));
}

#[test]
fn satisfaction_indicators() {
    let s = sheet(&every_kind());
    assert_eq!(supported(&s, "P3.1"), "9.5000");
    assert!(above(&s, "P3.1"));
    // A satisfaction rate above 100% supports no score.
    let bad = ind(
        "满意度指标",
        "服务对象满意度指标",
        "群众满意度",
        "direction = \">=\"\ntarget = \"90\"\nunit = \"%\"\nactual = \"105\"\nmax_points = \"10\"\nself_score = \"10\"",
    );
    let s = sheet(&format!("{HEAD}{}{bad}", funds("10.00", "10.00", "10")));
    assert_eq!(row(&s, "P3.1").supported, None);
    assert!(row(&s, "P3.1").basis.as_deref().unwrap().contains("超过 100%"));
}

#[test]
fn without_satisfaction_indicators_their_points_go_to_benefits() {
    let mut s = String::from(HEAD);
    s += &funds("10.00", "10.00", "10");
    s += &ind(
        "产出指标",
        "数量指标",
        "培训人次",
        "direction = \">=\"\ntarget = \"100\"\nunit = \"人次\"\nactual = \"100\"\nmax_points = \"50\"\nself_score = \"50\"",
    );
    s += &ind(
        "效益指标",
        "社会效益指标",
        "就业人数",
        "direction = \">=\"\ntarget = \"40\"\nunit = \"人\"\nactual = \"40\"\nmax_points = \"40\"\nself_score = \"40\"",
    );
    let s = sheet(&s);
    assert_eq!(row(&s, "P2").max_points, Some(d("40")));
    assert_eq!(row(&s, "P3").max_points, Some(d("0")));
    assert!(row(&s, "P2").flags.is_empty(), "40 points of benefit indicators are right: {:?}", row(&s, "P2").flags);
    assert_eq!(s.total, d("100"));
}

#[test]
fn total_and_grade() {
    let s = sheet(&every_kind());
    // 10 + (20 + 10 + 9 + 10) + (8 + 10 + 9) + 10 = 96.
    assert_eq!(s.total, d("96"));
    assert_eq!(s.max_total, Some(d("100")));
    assert_eq!(s.grade.as_deref(), Some("优"));
    assert!(!s.stated_total_mismatch);
    assert!(!s.grade_mismatch());
    // The points the data supports: 9.5005 + 16.01 + 10 + 8.0064 + 10 + 8.1633 + 10 + 8 + 9.5.
    let supported_total: Decimal = s.rows.iter().filter(|r| r.level == 2).filter_map(|r| r.supported).sum::<Decimal>()
        + row(&s, "P0").supported.unwrap();
    assert_eq!(format_fixed(supported_total, 2), "89.18");
}
