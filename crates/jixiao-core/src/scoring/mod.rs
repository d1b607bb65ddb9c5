//! Scoring a record against an indicator system.
//!
//! For every indicator: the self-score the record gives, the maximum (if the system knows
//! it), and — where the rule is quantitative and the record holds the figure it reads — the
//! highest score the data supports, with the basis in words. Flags mark self-scores above
//! their maximum or above what the data supports, stated subtotals that differ from the sum
//! of their parts, a stated total or grade that differs from the computed ones.
//!
//! Scores are exact decimals. The data-supported score is evaluated over the whole rounding
//! interval of the figure it reads, and the *highest* score in that interval is the one
//! compared: a rounded figure never causes a flag on its own.

use rust_decimal::Decimal;

use crate::calc;
use crate::figure::Figure;
use crate::input::Record;
use crate::num::format_fixed;
use crate::record::{DeptRecord, Direction};
use crate::schema::Formula;
use crate::schema::measures::Source;
use crate::schema::view::{Blanks, RecordView};
use crate::system::{BandDirection, Better, DeductWhen, Indicator, IndicatorSystem, ScoringRule};

mod project;

use project::score_project;
pub use project::{Completion, completion, same_level1, tier_index};

/// The value of a measure and how it was obtained.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MeasureValue {
    /// The value (percent for rates) with its rounding interval.
    pub figure: Figure,
    /// How it was obtained, in Chinese (`3104.33 ÷ 3296.95`, `报告所述`).
    pub basis: String,
}

impl MeasureValue {
    /// `94.16%(3104.33万元 ÷ 3296.95万元)` for the measure `id`.
    pub fn describe(&self, id: &str) -> String {
        let unit = crate::schema::DEPT.measure(id).or_else(|| crate::schema::PROJECT.measure(id)).map(|m| m.unit);
        let value = match unit {
            Some("%") => format!("{}%", format_fixed(self.figure.face, 2)),
            // An amount says its unit (`0万元`); a count's basis says what was counted.
            Some(u @ ("万元" | "元")) => format!("{}{u}", self.figure.face),
            _ => self.figure.face.to_string(),
        };
        format!("{value}({})", self.basis)
    }
}

/// The value of a measure (see [`crate::schema::measures`]): its first source the record
/// holds, with how it was obtained.
pub fn measure_value(view: &RecordView, id: &str) -> Option<MeasureValue> {
    let m = view.schema().measure(id)?;
    m.sources.iter().find_map(|s| source_value(view, *s))
}

fn source_value(view: &RecordView, source: Source) -> Option<MeasureValue> {
    let schema = view.schema();
    match source {
        Source::Computed(id) | Source::ComputedFilling(id) => {
            let blanks = if matches!(source, Source::ComputedFilling(_)) { Blanks::Fill } else { Blanks::Refuse };
            let d = schema.derived(id)?;
            view.instances(d).iter().find_map(|inst| {
                let figure = view.evaluate_with(inst, blanks).ok()?.ok()?;
                let basis = if d.formula == Formula::StaffingRate {
                    staffing_basis(view)?
                } else {
                    let texts: Vec<String> = view.inputs(inst, blanks).ok()?.into_iter().map(|(_, t)| t).collect();
                    d.formula.basis(&texts)
                };
                Some(MeasureValue { figure, basis })
            })
        }
        Source::Stated(pattern) => view
            .expand(pattern)
            .iter()
            .find_map(|p| view.figure(p))
            .map(|figure| MeasureValue { figure, basis: "报告所述".into() }),
        Source::TargetsMet => {
            let n = view.expand_items("targets[]").len();
            let judged: Vec<bool> = (0..n)
                .filter_map(|i| {
                    let direction = match view.text(&format!("targets[{i}].direction"))?.as_str() {
                        "<=" | "≤" => Direction::AtMost,
                        "=" => Direction::Exactly,
                        "定性" | "qualitative" => Direction::Qualitative,
                        _ => Direction::AtLeast,
                    };
                    target_met(
                        direction,
                        view.figure(&format!("targets[{i}].target")),
                        view.figure(&format!("targets[{i}].actual")),
                    )
                })
                .collect();
            let met = judged.iter().filter(|m| **m).count() as u64;
            let figure = calc::coverage_rate(Figure::count(met), Figure::count(judged.len() as u64)).ok()?;
            Some(MeasureValue { figure, basis: format!("达成 {met} 项 ÷ 定量目标 {} 项", judged.len()) })
        }
        Source::Count(path) => {
            let n = view.expand_items(&format!("{path}[]")).len() as u64;
            Some(MeasureValue { figure: Figure::count(n), basis: format!("{n} 项") })
        }
    }
}

/// `在编 80 人 ÷ 核定编制 109 名(含工勤)`, under the scope the record states (含工勤 when
/// it states none).
fn staffing_basis(view: &RecordView) -> Option<String> {
    let with_service =
        view.get("staffing.staffing_rate").is_none() || view.is_true("staffing.staffing_rate.includes_service_staff");
    let on_post = |base: &str| view.on_post(base, with_service);
    Some(format!(
        "在编 {} 人 ÷ 核定编制 {} 名{}",
        on_post("staffing.actual")?,
        on_post("staffing.authorized")?,
        if with_service { "(含工勤)" } else { "" }
    ))
}

/// Whether a quantitative target was met. A target value is a set figure (pass it exact); the
/// actual is a measurement that may be rounded, so a target is missed only if no value in the
/// actual's rounding interval meets it. `None` for qualitative targets and targets without an
/// actual value.
pub fn target_met(direction: Direction, target: Option<Figure>, actual: Option<Figure>) -> Option<bool> {
    let (t, a) = (target?, actual?);
    Some(match direction {
        Direction::AtLeast => a.may_be_ge(&t),
        Direction::AtMost => a.may_be_le(&t),
        Direction::Exactly => a.overlaps(&t),
        Direction::Qualitative => return None,
    })
}

/// Something about a score that a reviewer must look at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ScoreFlag {
    /// The self-score is above the indicator's maximum.
    AboveMax {
        /// The maximum.
        max: Decimal,
    },
    /// The self-score is above the highest score the data supports.
    AboveSupported {
        /// The highest supported score.
        supported: Decimal,
    },
    /// A stated score on a parent differs from the sum of its children's.
    SubtotalMismatch {
        /// Sum of the children.
        children_sum: Decimal,
    },
    /// The record scores an indicator the system does not have.
    UnknownCode,
    /// The record scores the same indicator twice.
    Duplicate,
    /// The maxima of the children (as the record sets them) do not add up to this node's.
    PointsMismatch {
        /// Sum of the children's maxima.
        children_max: Decimal,
    },
}

/// One indicator on the score sheet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScoreRow {
    /// Code.
    pub code: String,
    /// Name.
    pub name: String,
    /// Level 1–3.
    pub level: u8,
    /// 分值, if known.
    pub max_points: Option<Decimal>,
    /// 自评得分: as stated for a leaf; for a parent, as stated or the sum of its children.
    pub self_score: Option<Decimal>,
    /// Whether `self_score` was stated in the record (rather than summed).
    pub self_score_stated: bool,
    /// Where the self-score is in the record.
    pub path: Option<String>,
    /// The highest score the data supports, if the rule is quantitative and the data is there.
    pub supported: Option<Decimal>,
    /// The figure and the rule behind `supported`, or the data shown for information.
    pub basis: Option<String>,
    /// The scoring rule's Chinese name.
    pub rule: &'static str,
    /// Is it the 加减分 node.
    pub adjustment: bool,
    /// For a node with children whose self-score is stated: the sum of the children's.
    pub children_sum: Option<Decimal>,
    /// For a node whose children the record lists with their maxima: the sum of those maxima.
    pub children_max: Option<Decimal>,
    /// The record scores this indicator more than once.
    pub duplicate: bool,
    /// What a reviewer must look at: empty here; the rules judge the sheet and fill it
    /// (`jixiao_rules::score`).
    pub flags: Vec<ScoreFlag>,
}

/// A record scored against a system.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScoreSheet {
    /// System id.
    pub system_id: String,
    /// System name.
    pub system_name: String,
    /// Rows in tree order.
    pub rows: Vec<ScoreRow>,
    /// Sum of level-1 self-scores without adjustments.
    pub base_total: Decimal,
    /// 加减分.
    pub adjustment: Option<Decimal>,
    /// Base plus adjustments.
    pub total: Decimal,
    /// Full marks of the base, if known.
    pub max_total: Option<Decimal>,
    /// Grade of `total`.
    pub grade: Option<String>,
    /// Total as stated in the record, and where.
    pub stated_total: Option<(Decimal, String)>,
    /// Whether any indicator has a self-score (else the total is not computed from scores).
    pub scored: bool,
    /// The stated total is not the sum of the scores: set by the rules when they judge the
    /// sheet (`jixiao_rules::score`).
    pub stated_total_mismatch: bool,
    /// Grade as stated in the record, and where.
    pub stated_grade: Option<(String, String)>,
    /// Self-scores whose code the system does not have: (code, path).
    pub unknown_codes: Vec<(String, String)>,
}

impl ScoreSheet {
    /// Whether any row or total carries a flag.
    pub fn has_flags(&self) -> bool {
        self.stated_total_mismatch
            || !self.unknown_codes.is_empty()
            || self.rows.iter().any(|r| !r.flags.is_empty())
            || self.grade_mismatch()
    }

    /// Whether the system does not fit the record, and why, in Chinese: most of its self-scores
    /// (at least three) name indicators the system does not have, as when another province's or
    /// year's system is used. Such a sheet's totals and grade mean nothing and are not shown.
    pub fn system_misfit(&self) -> Option<String> {
        const SHOWN: usize = 8;
        let unknown = self.unknown_codes.len();
        let known = self.rows.iter().filter(|r| r.self_score_stated).count();
        if unknown < 3 || unknown <= known {
            return None;
        }
        let codes: Vec<&str> = self.unknown_codes.iter().take(SHOWN).map(|(c, _)| c.as_str()).collect();
        let more = if unknown > SHOWN { " 等" } else { "" };
        let how_many = if known == 0 {
            format!("{unknown} 项自评得分的指标在该体系中都不存在")
        } else {
            format!("{} 项自评得分中有 {unknown} 项的指标在该体系中不存在", known + unknown)
        };
        Some(format!(
            "指标体系“{}”({})不适用于这份记录:{how_many}({}{more}),未评分,总分和等级无从计算",
            self.system_name,
            self.system_id,
            codes.join("、")
        ))
    }

    /// The stated grade differs from the grade of the computed total ([`same_grade`]: `优秀`
    /// is the band `优`).
    pub fn grade_mismatch(&self) -> bool {
        match (&self.stated_grade, &self.grade) {
            (Some((s, _)), Some(g)) => !same_grade(s, g),
            _ => false,
        }
    }
}

/// The band a grade word names, as the four bands of the default grading (`优`, `良`, `中`,
/// `差`): `优秀` is `优`, `良好` is `良`, `中等` and `合格` are `中`, `较差` and `不合格` are
/// `差`. `None` for any other word.
pub fn grade_class(word: &str) -> Option<&'static str> {
    let w: String = word.chars().filter(|c| !c.is_whitespace()).collect();
    let w = w.trim_end_matches(['级', '等', '次']);
    Some(match w {
        "优" | "优秀" | "优等" => "优",
        "良" | "良好" => "良",
        "中" | "中等" | "合格" => "中",
        "差" | "较差" | "不合格" => "差",
        _ => return None,
    })
}

/// Whether a stated grade word names the band `band` (a band of the indicator system):
/// the same word, or words of the same band by [`grade_class`] (`优秀` and `优`). Words
/// neither knows are compared as written.
pub fn same_grade(stated: &str, band: &str) -> bool {
    let (s, b) = (stated.trim(), band.trim());
    if s == b {
        return true;
    }
    match (grade_class(s), grade_class(b)) {
        (Some(x), Some(y)) => x == y,
        _ => false,
    }
}

struct LeafInput {
    self_score: Option<Decimal>,
    path: Option<String>,
    /// The highest score the data supports (`None` where it cannot be computed) and its basis.
    supported: Option<(Option<Decimal>, String)>,
    basis: Option<String>,
    duplicate: bool,
}

/// Scores a record against a system.
pub fn score(record: &Record, system: &IndicatorSystem) -> ScoreSheet {
    score_in(&RecordView::new(record), record, system)
}

/// [`score`], reading the record's figures through `view`, the view of `record` a caller
/// already made (the rules' own), so that the record is not written out again.
pub fn score_in(view: &RecordView, record: &Record, system: &IndicatorSystem) -> ScoreSheet {
    match record {
        Record::Dept(r) => score_dept(view, r, system),
        Record::Project(r) => score_project(view, r, system),
    }
}

/// [`score_in`] for a department record, without wrapping it in a [`Record`] (which would
/// take a copy of it).
pub fn score_dept(view: &RecordView, r: &DeptRecord, sys: &IndicatorSystem) -> ScoreSheet {
    let mut unknown = Vec::new();
    for (i, s) in r.scoring.scores.iter().enumerate() {
        if sys.get(&s.code).is_none() {
            unknown.push((s.code.clone(), format!("scoring.scores[{i}].self_score")));
        }
    }
    let mut by_code: std::collections::HashMap<&str, Vec<(usize, &crate::record::SelfScore)>> =
        std::collections::HashMap::new();
    for (i, s) in r.scoring.scores.iter().enumerate() {
        by_code.entry(s.code.as_str()).or_default().push((i, s));
    }
    let leaf = |ind: &Indicator| -> LeafInput {
        let found: &[(usize, &crate::record::SelfScore)] = by_code.get(ind.code.as_str()).map_or(&[], Vec::as_slice);
        let first = found.first();
        let mut self_score = first.map(|(_, s)| s.self_score.0);
        let mut path = first.map(|(i, _)| format!("scoring.scores[{i}].self_score"));
        if ind.adjustment && self_score.is_none() {
            self_score = r.scoring.adjustment.map(|a| a.0);
            path = r.scoring.adjustment.map(|_| "scoring.adjustment".to_string());
        }
        let measure = ind.measure.as_deref().and_then(|m| measure_value(view, m));
        let s = first.map(|(_, s)| *s);
        let supported = supported_score(ind, measure.as_ref(), s);
        let basis = measure.map(|m| m.describe(ind.measure.as_deref().unwrap_or("")));
        LeafInput { self_score, path, supported, basis, duplicate: found.len() > 1 }
    };
    let mut sheet = build(sys, &leaf, &|_| Vec::new());
    sheet.unknown_codes = unknown;
    sheet.stated_total = r.scoring.stated_total.map(|t| (t.0, "scoring.stated_total".into()));
    sheet.stated_grade = r.scoring.stated_grade.clone().map(|g| (g, "scoring.stated_grade".into()));
    finish(&mut sheet, sys);
    sheet
}

/// `share`% of `max` points; `None` beyond what an exact decimal holds.
pub(crate) fn percent_of_points(max: Decimal, share: Decimal) -> Option<Decimal> {
    max.checked_mul(share)?.checked_div(Decimal::ONE_HUNDRED)
}

/// The highest score the rule gives over the measure's rounding interval, with its basis.
fn supported_score(
    ind: &Indicator,
    measure: Option<&MeasureValue>,
    s: Option<&crate::record::SelfScore>,
) -> Option<(Option<Decimal>, String)> {
    let max = ind.max_points?.0;
    match &ind.rule {
        ScoringRule::Judged => None,
        ScoringRule::Checklist { items } => {
            let s = s?;
            if s.items_met.is_empty() {
                return None;
            }
            let got: Decimal =
                items.iter().filter(|i| s.items_met.iter().any(|m| m.trim() == i.name)).map(|i| i.points.0).sum();
            Some((Some(got), format!("满足 {} 项", s.items_met.len())))
        }
        ScoringRule::PerViolation { points } => {
            let n = s?.violations?;
            let deducted = points.0.checked_mul(Decimal::from(n)).and_then(|d| max.checked_sub(d));
            Some((Some(deducted.unwrap_or(Decimal::ZERO).max(Decimal::ZERO)), format!("发现 {n} 例")))
        }
        ScoringRule::QualitativeTiers { tiers } => {
            let claimed = s?.tier.as_deref()?;
            let t = tiers.iter().find(|t| t.name == claimed.trim())?;
            Some((percent_of_points(max, t.max.0), format!("定性:{}", t.name)))
        }
        rule => {
            let m = measure?;
            let f = m.figure;
            let scores: Option<Vec<Decimal>> =
                [f.lo, f.face, f.hi].into_iter().map(|v| quantitative(rule, max, v)).collect();
            let id = ind.measure.as_deref().unwrap_or("");
            let Some(best) = scores.and_then(|s| s.into_iter().max()) else {
                return Some((
                    None,
                    format!("{}:{}(数值超出可计算范围,无法按规则计分)", rule.name_zh(), m.describe(id)),
                ));
            };
            let id = ind.measure.as_deref().unwrap_or("");
            // Six decimals drop the 10⁻²⁰ slack of interval division; far finer than any score.
            let best = crate::num::round_half_up(best.max(Decimal::ZERO).min(max), 6).normalize();
            Some((Some(best), format!("{}:{}", rule.name_zh(), m.describe(id))))
        }
    }
}

/// A quantitative rule applied to one value; `None` when the result is beyond what an exact
/// decimal can hold (a deduction step of 10⁻²⁰, a rate of 10¹⁴%): no score can be computed.
pub fn quantitative(rule: &ScoringRule, max: Decimal, v: Decimal) -> Option<Decimal> {
    let clamp = |x: Decimal| x.max(Decimal::ZERO).min(max);
    Some(match rule {
        ScoringRule::Proportional { target, better } => {
            let (num, den) = match better {
                Better::Higher => (v, target.0),
                Better::Lower => (target.0, v),
            };
            if den.is_zero() {
                // A zero actual on a lower-is-better target is perfect; a zero target is met.
                return Some(max);
            }
            clamp(max.checked_mul(num.checked_div(den)?.min(Decimal::ONE))?)
        }
        ScoringRule::Capped { per_unit } => clamp(v.checked_mul(per_unit.0)?),
        ScoringRule::Bands { direction, bands, otherwise } => {
            let hit = bands.iter().find(|[t, _]| match direction {
                BandDirection::AtLeast => v >= t.0,
                BandDirection::AtMost => v <= t.0,
            });
            clamp(hit.map_or(otherwise.0, |[_, p]| p.0))
        }
        ScoringRule::Deduction { threshold, direction, step, points_per_step } => {
            let excess = match direction {
                DeductWhen::Over => v.checked_sub(threshold.0)?,
                DeductWhen::Under => threshold.0.checked_sub(v)?,
            };
            if excess <= Decimal::ZERO {
                max
            } else {
                let steps = excess.checked_div(step.0)?;
                clamp(max.checked_sub(points_per_step.0.checked_mul(steps)?)?)
            }
        }
        _ => max,
    })
}

fn build(
    sys: &IndicatorSystem,
    leaf: &dyn Fn(&Indicator) -> LeafInput,
    from_record: &dyn Fn(&Indicator) -> Vec<ScoreRow>,
) -> ScoreSheet {
    let mut rows = Vec::new();
    for top in sys.indicators.iter().filter(|i| i.level == 1) {
        walk(sys, top, leaf, from_record, &mut rows);
    }
    ScoreSheet {
        system_id: sys.system.id.clone(),
        system_name: sys.system.name.clone(),
        rows,
        base_total: Decimal::ZERO,
        adjustment: None,
        total: Decimal::ZERO,
        max_total: sys.system.total_points.map(|t| t.0),
        grade: None,
        stated_total: None,
        scored: false,
        stated_total_mismatch: false,
        stated_grade: None,
        unknown_codes: Vec::new(),
    }
}

/// Adds `ind` and its subtree to `rows`; returns the subtree's self-score.
fn walk(
    sys: &IndicatorSystem,
    ind: &Indicator,
    leaf: &dyn Fn(&Indicator) -> LeafInput,
    from_record: &dyn Fn(&Indicator) -> Vec<ScoreRow>,
    rows: &mut Vec<ScoreRow>,
) -> Option<Decimal> {
    let at = rows.len();
    let input = leaf(ind);
    rows.push(ScoreRow {
        code: ind.code.clone(),
        name: ind.name.clone(),
        level: ind.level,
        max_points: ind.max_points.map(|m| m.0),
        self_score: input.self_score,
        self_score_stated: input.self_score.is_some(),
        path: input.path,
        supported: input.supported.as_ref().and_then(|s| s.0),
        basis: input.supported.map(|s| s.1).or(input.basis),
        rule: ind.rule.name_zh(),
        adjustment: ind.adjustment,
        children_sum: None,
        children_max: None,
        duplicate: input.duplicate,
        flags: Vec::new(),
    });
    let mut kids: Vec<Option<Decimal>> = Vec::new();
    if ind.children_from_record {
        let extra = from_record(ind);
        kids.extend(extra.iter().map(|r| r.self_score));
        let maxima: Option<Vec<Decimal>> = extra.iter().map(|r| r.max_points).collect();
        if let Some(maxima) = maxima
            && !extra.is_empty()
        {
            rows[at].children_max = Some(maxima.iter().copied().sum());
        }
        rows.extend(extra);
    }
    for child in sys.children(&ind.code) {
        kids.push(walk(sys, child, leaf, from_record, rows));
    }
    let children_sum =
        if kids.iter().any(Option::is_some) { Some(kids.iter().flatten().copied().sum::<Decimal>()) } else { None };
    let row = &mut rows[at];
    match (row.self_score, children_sum) {
        (Some(_), Some(sum)) => row.children_sum = Some(sum),
        (None, Some(sum)) => row.self_score = Some(sum),
        _ => {}
    }
    row.self_score
}

fn finish(sheet: &mut ScoreSheet, sys: &IndicatorSystem) {
    let mut base = Decimal::ZERO;
    let mut adj = None;
    for row in sheet.rows.iter().filter(|r| r.level == 1) {
        if row.adjustment {
            adj = row.self_score;
        } else {
            base += row.self_score.unwrap_or(Decimal::ZERO);
        }
    }
    sheet.base_total = base;
    sheet.adjustment = adj;
    sheet.total = base + adj.unwrap_or(Decimal::ZERO);
    let any_score = sheet.rows.iter().any(|r| r.self_score.is_some());
    let graded = if any_score { Some(sheet.total) } else { sheet.stated_total.as_ref().map(|t| t.0) };
    sheet.grade = graded.and_then(|t| sys.grade(t)).map(|g| g.name.clone());
    sheet.scored = any_score;
    if sheet.system_misfit().is_some() {
        // The wrong system: no total or grade is a result (not even the stated total's grade).
        sheet.scored = false;
        sheet.grade = None;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::system::{Better, ScoringRule};
    use crate::value::Num;

    fn d(s: &str) -> Decimal {
        Decimal::from_str_exact(s).unwrap()
    }

    #[test]
    fn grade_words_match_their_band() {
        for (stated, band) in
            [("优秀", "优"), ("优", "优"), ("良好", "良"), ("中等", "中"), ("合格", "中"), ("较差", "差")]
        {
            assert!(same_grade(stated, band), "{stated} is {band}");
        }
        assert!(same_grade("不合格", "差"));
        assert!(same_grade("优", "优秀"), "a system naming its bands 优秀 matches 优");
        for (stated, band) in [("优秀", "良"), ("良好", "优"), ("合格", "良"), ("不合格", "中"), ("中等", "差")]
        {
            assert!(!same_grade(stated, band), "{stated} is not {band}");
        }
        assert!(!same_grade("甲等", "优"), "an unknown word is compared as written");
        assert_eq!(grade_class("优秀等级"), Some("优"));
        assert_eq!(grade_class("中央"), None);
    }

    #[test]
    fn a_stated_grade_of_the_same_band_is_no_mismatch() {
        let mut sheet = ScoreSheet {
            system_id: String::new(),
            system_name: String::new(),
            rows: vec![],
            base_total: Decimal::ZERO,
            adjustment: None,
            total: d("95"),
            max_total: None,
            grade: Some("优".into()),
            stated_total: None,
            scored: true,
            stated_total_mismatch: false,
            stated_grade: Some(("优秀".into(), "scoring.stated_grade".into())),
            unknown_codes: vec![],
        };
        assert!(!sheet.grade_mismatch());
        sheet.stated_grade = Some(("良好".into(), "scoring.stated_grade".into()));
        assert!(sheet.grade_mismatch());
    }

    #[test]
    fn deduction_is_pro_rata_and_floored() {
        let rule = ScoringRule::Deduction {
            threshold: Num(d("100")),
            direction: DeductWhen::Over,
            step: Num(d("1")),
            points_per_step: Num(d("0.5")),
        };
        assert_eq!(quantitative(&rule, d("5"), d("100")), Some(d("5")));
        assert_eq!(quantitative(&rule, d("5"), d("102")), Some(d("4")));
        assert_eq!(quantitative(&rule, d("5"), d("130")), Some(d("0")));
    }

    #[test]
    fn a_result_beyond_exact_decimals_is_no_score_not_a_panic() {
        let tiny_step = ScoringRule::Deduction {
            threshold: Num(d("0")),
            direction: DeductWhen::Over,
            step: Num(d("0.0000000000000000000000000001")),
            points_per_step: Num(d("999999999999999")),
        };
        assert_eq!(quantitative(&tiny_step, d("5"), d("999999999999999")), None);
        let capped = ScoringRule::Capped { per_unit: Num(d("999999999999999")) };
        assert_eq!(quantitative(&capped, d("5"), d("-999999999999999")), None);
        let proportional =
            ScoringRule::Proportional { target: Num(d("0.0000000000000000000000000001")), better: Better::Higher };
        assert_eq!(quantitative(&proportional, d("5"), d("-999999999999999")), None);
        assert_eq!(percent_of_points(d("999999999999999"), d("999999999999999")), None);
    }

    #[test]
    fn proportional_caps_at_full_points() {
        let rule = ScoringRule::Proportional { target: Num(d("100")), better: Better::Higher };
        assert_eq!(quantitative(&rule, d("10"), d("86")), Some(d("8.6")));
        assert_eq!(quantitative(&rule, d("10"), d("102.59")), Some(d("10")));
    }

    #[test]
    fn bands_take_the_first_band_reached() {
        let rule = ScoringRule::Bands {
            direction: BandDirection::AtMost,
            bands: vec![[Num(d("0")), Num(d("3"))], [Num(d("10")), Num(d("2"))]],
            otherwise: Num(d("0")),
        };
        assert_eq!(quantitative(&rule, d("3"), d("0")), Some(d("3")));
        assert_eq!(quantitative(&rule, d("3"), d("9.5")), Some(d("2")));
        assert_eq!(quantitative(&rule, d("3"), d("12")), Some(d("0")));
    }

    #[test]
    fn targets_are_missed_only_beyond_rounding() {
        let f = |s: &str| Some(Figure::stated(d(s)));
        let t = |s: &str| Some(Figure::exact(d(s)));
        assert_eq!(target_met(Direction::AtLeast, t("38800"), f("37419")), Some(false));
        assert_eq!(target_met(Direction::AtLeast, t("98"), f("97.96")), Some(false));
        assert_eq!(target_met(Direction::AtLeast, t("100"), f("100")), Some(true));
        assert_eq!(target_met(Direction::AtLeast, t("100"), f("99.999")), Some(false));
        assert_eq!(target_met(Direction::AtLeast, t("100"), f("100.0")), Some(true));
        assert_eq!(target_met(Direction::AtMost, t("4"), f("4")), Some(true));
        assert_eq!(target_met(Direction::Qualitative, None, None), None);
    }
}
