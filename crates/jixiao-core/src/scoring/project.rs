//! Scoring a project record by the rules of the national form (项目支出绩效自评表,
//! 财预〔2020〕10号):
//!
//! - 预算执行率: 执行率 × 分值, capped at the 分值 (the system's `P0` node, a proportional rule
//!   on the `execution_rate` measure);
//! - a quantitative 三级指标: 完成指标值的记全部分值; 未完成的按完成值与指标值的比例记分. For a
//!   ≥ target the share is 实际 ÷ 指标值, for a ≤ target 指标值 ÷ 实际, for an = target the
//!   smaller of the two; over-completion is capped at full marks;
//! - a qualitative 三级指标: the tier claimed (达成年度指标 / 部分达成年度指标并具有一定效果 /
//!   未达成年度指标且效果较差, or 达成 / 基本达成 / 未达成) allows up to 100%, 80% or 60% of its
//!   分值;
//! - a 满意度 indicator is scored like the others, but a satisfaction rate above 100% supports
//!   no score;
//! - 如未设置满意度指标,其权重相应调增至效益指标: when the record has indicators but none under
//!   满意度指标, that node's points move to 效益指标.
//!
//! The supported score is the highest over the rounding interval of the actual value (a target
//! is a set value, exact), so rounding never causes a flag on its own.

use rust_decimal::Decimal;

use super::{LeafInput, ScoreRow, ScoreSheet, build, finish, measure_value, percent_of_points, supported_score};
use crate::figure::Figure;
use crate::num::format_fixed;
use crate::project::{ProjectIndicator, ProjectRecord};
use crate::record::Direction;
use crate::schema::view::RecordView;
use crate::system::{Indicator, IndicatorSystem, default_tiers};

pub(super) fn score_project(view: &RecordView, r: &ProjectRecord, sys: &IndicatorSystem) -> ScoreSheet {
    let leaf = |ind: &Indicator| -> LeafInput {
        let measure = ind.measure.as_deref().and_then(|m| measure_value(view, m));
        let supported = supported_score(ind, measure.as_ref(), None);
        let basis = measure.map(|m| m.describe(ind.measure.as_deref().unwrap_or("")));
        // The execution-rate node takes its self-score from the funds block.
        let (self_score, path) = if ind.measure.as_deref() == Some("execution_rate") {
            (r.funds.total.self_score.map(|s| s.0), r.funds.total.self_score.map(|_| "funds.total.self_score".into()))
        } else {
            (None, None)
        };
        LeafInput { self_score, path, supported, basis, duplicate: false }
    };
    let from_record = |ind: &Indicator| -> Vec<ScoreRow> {
        r.indicators
            .iter()
            .enumerate()
            .filter(|(_, x)| same_level1(&x.level1, &ind.name))
            .enumerate()
            .map(|(n, (i, x))| {
                let rule = if x.direction == Direction::Qualitative { "定性分档" } else { "比例计分" };
                let (supported, basis) = indicator_supported(x);
                ScoreRow {
                    code: format!("{}.{}", ind.code, n + 1),
                    name: format!("{}/{}", x.level2, x.name),
                    level: ind.level + 1,
                    max_points: Some(x.max_points.0),
                    self_score: Some(x.self_score.0),
                    self_score_stated: true,
                    path: Some(format!("indicators[{i}].self_score")),
                    supported,
                    basis,
                    rule,
                    adjustment: false,
                    children_sum: None,
                    children_max: None,
                    duplicate: false,
                    flags: Vec::new(),
                }
            })
            .collect()
    };
    let mut sheet = build(sys, &leaf, &from_record);
    if !r.indicators.is_empty() {
        move_satisfaction_points(&mut sheet, sys);
    }
    sheet.stated_total = r.scoring.stated_total.map(|t| (t.0, "scoring.stated_total".into()));
    sheet.stated_grade = r.scoring.stated_grade.clone().map(|g| (g, "scoring.stated_grade".into()));
    // Record indicators whose level-1 name fits no node of the system.
    let nodes: Vec<&str> =
        sys.indicators.iter().filter(|ind| ind.children_from_record).map(|ind| ind.name.as_str()).collect();
    for (i, x) in r.indicators.iter().enumerate() {
        let placed = nodes.iter().any(|name| same_level1(&x.level1, name));
        if !placed {
            sheet.unknown_codes.push((x.level1.clone(), format!("indicators[{i}].level1")));
        }
    }
    finish(&mut sheet, sys);
    sheet
}

/// Whether a record's 一级指标 name is the system node's (`产出` and `产出指标` alike).
pub fn same_level1(record_name: &str, system_name: &str) -> bool {
    let strip = |s: &str| -> String {
        s.chars().filter(|c| !c.is_whitespace()).collect::<String>().trim_end_matches("指标").to_string()
    };
    let (a, b) = (strip(record_name), strip(system_name));
    !a.is_empty() && (a == b || a.starts_with(&b) || b.starts_with(&a))
}

/// 如未设置满意度指标,则其权重相应调增至效益指标中: the level-1 rows filled from the record,
/// one named 满意度 without children and one named 效益.
fn move_satisfaction_points(sheet: &mut ScoreSheet, sys: &IndicatorSystem) {
    let from_record =
        |name: &str| sys.indicators.iter().find(|i| i.level == 1 && i.children_from_record && i.name.contains(name));
    let (Some(sat), Some(benefit)) = (from_record("满意度"), from_record("效益")) else { return };
    let pos = |code: &str| sheet.rows.iter().position(|r| r.code == code);
    let (Some(s), Some(b)) = (pos(&sat.code), pos(&benefit.code)) else { return };
    let has_children = sheet.rows.get(s + 1).is_some_and(|r| r.level > sheet.rows[s].level);
    let Some(points) = sheet.rows[s].max_points.filter(|p| !p.is_zero()) else { return };
    if has_children {
        return;
    }
    sheet.rows[s].max_points = Some(Decimal::ZERO);
    sheet.rows[s].basis = Some(format!("未设置满意度指标,其 {points} 分并入“{}”", benefit.name));
    if let Some(m) = sheet.rows[b].max_points.as_mut() {
        *m += points;
    }
}

/// How far an actual value meets its target, by the form's rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Completion {
    /// The share of the points the figures allow, percent (0–100): the highest over the
    /// actual's rounding interval.
    pub best: Decimal,
    /// The completion rate at the figures as written, percent, uncapped (`None` when it has
    /// no meaning, as over a zero target).
    pub face: Option<Decimal>,
}

/// The share of an indicator's points its figures allow: `target` is set (exact), `actual`
/// measured (its rounding interval). `None` for a qualitative direction, or figures beyond
/// what an exact decimal holds.
pub fn completion(direction: Direction, target: Decimal, actual: Figure) -> Option<Completion> {
    let hundred = Decimal::ONE_HUNDRED;
    let clamp = |x: Decimal| x.max(Decimal::ZERO).min(hundred);
    // `n ÷ d` in percent; a zero or negative base means nothing.
    let pct = |n: Decimal, d: Decimal| -> Option<Decimal> {
        if d <= Decimal::ZERO { None } else { n.checked_mul(hundred)?.checked_div(d) }
    };
    let t = target;
    let may_be_zero = actual.lo <= Decimal::ZERO && actual.hi >= Decimal::ZERO;
    let exact_t = Figure::exact(t);
    Some(match direction {
        Direction::Qualitative => return None,
        Direction::AtLeast => {
            if t <= Decimal::ZERO {
                // A target of nothing is met by anything.
                Completion { best: hundred, face: None }
            } else {
                Completion { best: clamp(pct(actual.hi, t)?), face: pct(actual.face, t) }
            }
        }
        Direction::AtMost => {
            if actual.may_be_le(&exact_t) {
                Completion { best: hundred, face: pct(t, actual.face) }
            } else if t <= Decimal::ZERO {
                // 事故 ≤ 0 起, and some happened: nothing of the points.
                Completion { best: Decimal::ZERO, face: None }
            } else {
                Completion { best: clamp(pct(t, actual.lo)?), face: pct(t, actual.face) }
            }
        }
        Direction::Exactly => {
            if actual.overlaps(&exact_t) {
                Completion { best: hundred, face: pct(actual.face, t) }
            } else if t <= Decimal::ZERO || may_be_zero {
                Completion { best: Decimal::ZERO, face: None }
            } else if actual.hi < t {
                Completion { best: clamp(pct(actual.hi, t)?), face: pct(actual.face, t) }
            } else {
                Completion { best: clamp(pct(t, actual.lo)?), face: pct(actual.face, t) }
            }
        }
    })
}

/// The tier a wording claims, as an index into 财预〔2020〕10号's three tiers: 0 达成年度指标,
/// 1 部分(基本)达成, 2 未达成. `None` when it names none.
pub fn tier_index(claim: &str) -> Option<usize> {
    let s: String = claim.chars().filter(|c| !c.is_whitespace()).collect();
    if s.contains("未达成") || s.contains("未完成") || s.contains("效果较差") {
        Some(2)
    } else if s.contains("部分") || s.contains("基本") {
        Some(1)
    } else if s.contains("达成") || s.contains("完成") {
        Some(0)
    } else {
        None
    }
}

/// The supported score of a row of the indicator table, with its basis in words.
fn indicator_supported(x: &ProjectIndicator) -> (Option<Decimal>, Option<String>) {
    let max = x.max_points.0;
    if x.direction == Direction::Qualitative {
        let tiers = default_tiers();
        return match x.tier.as_deref().and_then(tier_index).and_then(|i| tiers.get(i)) {
            Some(t) => {
                (percent_of_points(max, t.max.0), Some(format!("定性:{},最高得该指标分值的 {}%", t.name, t.max.0)))
            }
            None => (None, x.actual_text.clone()),
        };
    }
    let (Some(t), Some(a)) = (x.target, x.actual) else { return (None, None) };
    let unit = x.unit.as_deref().unwrap_or("");
    let actual = a.figure();
    if same_level1(&x.level1, "满意度指标") && unit.contains('%') && actual.lo > Decimal::ONE_HUNDRED {
        return (None, Some(format!("满意度 {a}% 超过 100%,无法计分")));
    }
    let Some(c) = completion(x.direction, t.0, actual) else { return (None, None) };
    let rate = c.face.map_or_else(String::new, |f| format!(",完成率 {}%", format_fixed(f, 2)));
    let how = match x.direction {
        Direction::AtMost => format!("反向指标:指标值 {t}{unit} ÷ 实际 {a}{unit}{rate}"),
        Direction::Exactly => format!("等值指标:实际 {a}{unit},指标值 {t}{unit}{rate}"),
        _ => format!("正向指标:实际 {a}{unit} ÷ 指标值 {t}{unit}{rate}"),
    };
    let tail =
        if c.best >= Decimal::ONE_HUNDRED { ",完成指标值记全部分值" } else { ",按完成比例计分" };
    let supported = percent_of_points(max, c.best).map(|s| crate::num::round_half_up(s, 6).normalize());
    (supported, Some(format!("{how}{tail}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        Decimal::from_str_exact(s).expect("decimal")
    }

    fn best(direction: Direction, t: &str, a: &str) -> Decimal {
        completion(direction, d(t), Figure::stated(d(a))).expect("completion").best
    }

    #[test]
    fn tiers_are_read_from_the_official_and_the_short_wordings() {
        assert_eq!(tier_index("达成年度指标"), Some(0));
        assert_eq!(tier_index("达成"), Some(0));
        assert_eq!(tier_index("部分达成年度指标并具有一定效果"), Some(1));
        assert_eq!(tier_index("基本达成"), Some(1));
        assert_eq!(tier_index("未达成年度指标且效果较差"), Some(2));
        assert_eq!(tier_index("未达成"), Some(2));
        assert_eq!(tier_index("良好"), None);
    }

    #[test]
    fn completion_by_direction() {
        // ≥: 10.5 of 12 → at most 10.55 / 12 = 87.916…%.
        assert_eq!(best(Direction::AtLeast, "12", "10.5").round_dp(4), d("87.9167"));
        assert_eq!(best(Direction::AtLeast, "3000", "3150"), d("100"));
        // ≤: 2000 / 2500 (the actual no lower than 2499.5) = 80.016…%.
        assert_eq!(best(Direction::AtMost, "2000", "2500").round_dp(3), d("80.016"));
        assert_eq!(best(Direction::AtMost, "2000", "1930"), d("100"));
        assert_eq!(best(Direction::AtMost, "0", "2"), d("0"));
        assert_eq!(best(Direction::AtMost, "0", "0"), d("100"));
        // =: short of it, or over it, both proportional.
        assert_eq!(best(Direction::Exactly, "12", "12"), d("100"));
        assert_eq!(best(Direction::Exactly, "12", "9").round_dp(4), d("79.1667"));
        assert_eq!(best(Direction::Exactly, "12", "15").round_dp(4), d("82.7586"));
    }
}
