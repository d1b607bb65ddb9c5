//! Indicator systems as data: the tree of indicators, their points, their scoring rules and
//! the grade bands, read from TOML files (see `docs/indicator-system-format.md`).
//!
//! Provinces differ and change their systems yearly, so nothing here is hard-coded: the
//! built-in systems are TOML files shipped with the program, and a user's own file is loaded
//! and validated the same way. A system may be known only by its structure (no maxima);
//! everything that depends on points then simply says it is unknown.
//!
//! This module validates a system; scoring a record against it is in [`crate::scoring`].

use std::collections::{HashMap, HashSet};

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::load::{Document, Format, LoadError, deserialize, parse_document};
use crate::record::RecordKind;
use crate::source::{SourceMap, Span};
use crate::value::Num;

/// A whole indicator system.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IndicatorSystem {
    /// About the system.
    pub system: SystemInfo,
    /// Grade bands, highest first (default: 优 ≥ 90, 良 ≥ 80, 中 ≥ 60, 差).
    #[serde(default = "default_grades")]
    pub grades: Vec<GradeBand>,
    /// The indicators, parents before children.
    pub indicators: Vec<Indicator>,
}

/// About a system.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SystemInfo {
    /// Identifier, e.g. `gd-dept-2024`.
    pub id: String,
    /// Chinese name.
    pub name: String,
    /// Which records it scores.
    pub kind: RecordKind,
    /// Full marks of the base (without adjustments), if known; level-1 maxima must add up to it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub total_points: Option<Num>,
    /// How sure we are of it: V verified, P partly verified, R recalled, D derived.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub confidence: Option<String>,
    /// Where it comes from.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<String>,
    /// Anything a user should know before relying on it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
}

/// One grade band: a total at or above `min` (and below the next band's `min`) gets `name`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GradeBand {
    /// 优, 良, 中, 差.
    pub name: String,
    /// Lowest total in the band (inclusive).
    pub min: Num,
}

fn default_grades() -> Vec<GradeBand> {
    [("优", 90), ("良", 80), ("中", 60), ("差", 0)]
        .into_iter()
        .map(|(n, m)| GradeBand { name: n.into(), min: Num::from_u64(m) })
        .collect()
}

/// One indicator (a node of the tree).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Indicator {
    /// Unique code, e.g. `B1.3`.
    pub code: String,
    /// 1, 2 or 3.
    pub level: u8,
    /// Code of the parent (none for level 1).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent: Option<String>,
    /// Chinese name.
    pub name: String,
    /// 分值, if known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_points: Option<Num>,
    /// 指标解释.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub definition: Option<String>,
    /// 计算公式, as words.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub formula: Option<String>,
    /// The figure of the record a quantitative rule reads (see [`MEASURES`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub measure: Option<String>,
    /// 评分标准.
    #[serde(default = "judged")]
    pub rule: ScoringRule,
    /// This node holds 加减分 (added to the total, outside the base points).
    #[serde(default, skip_serializing_if = "is_false")]
    pub adjustment: bool,
    /// Its children are the record's own indicators with this level-1 name (project forms).
    #[serde(default, skip_serializing_if = "is_false")]
    pub children_from_record: bool,
    /// How sure we are of this indicator.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub confidence: Option<String>,
}

fn judged() -> ScoringRule {
    ScoringRule::Judged
}

fn is_false(b: &bool) -> bool {
    !*b
}

/// How an indicator's score follows from the data.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type")]
pub enum ScoringRule {
    /// 比例计分: score = 分值 × min(实际 ÷ 目标, 1) (for `better = "lower"`: 目标 ÷ 实际).
    #[serde(rename = "proportional")]
    Proportional {
        /// The value that earns full points (default 100, i.e. 100%).
        #[serde(default = "hundred")]
        target: Num,
        /// `higher` (default) or `lower`.
        #[serde(default)]
        better: Better,
    },
    /// 按数计分、封顶: score = min(分值, 数量 × 每项分值).
    #[serde(rename = "capped")]
    Capped {
        /// Points per unit of the measure.
        per_unit: Num,
    },
    /// 分档计分: the first band the value reaches wins.
    #[serde(rename = "bands")]
    Bands {
        /// `at_least`: a band applies when value ≥ threshold (thresholds high to low);
        /// `at_most`: when value ≤ threshold (thresholds low to high).
        direction: BandDirection,
        /// `[threshold, points]` pairs.
        bands: Vec<[Num; 2]>,
        /// Points when no band applies.
        #[serde(default = "zero")]
        otherwise: Num,
    },
    /// 超出(不足)扣分: full points within the threshold; beyond it, `points_per_step` off for
    /// every started `step`; never below zero.
    #[serde(rename = "deduction")]
    Deduction {
        /// The threshold.
        threshold: Num,
        /// `over`: deduct when the value is above the threshold; `under`: below.
        direction: DeductWhen,
        /// Size of one step of excess or shortfall (in the measure's unit, percent points for rates).
        step: Num,
        /// Points off per step.
        points_per_step: Num,
    },
    /// 每发现一例扣分: 分值 − violations × points, never below zero.
    #[serde(rename = "per_violation")]
    PerViolation {
        /// Points off per violation.
        points: Num,
    },
    /// 逐项计分: each item met earns its points.
    #[serde(rename = "checklist")]
    Checklist {
        /// The items.
        items: Vec<ChecklistItem>,
    },
    /// 定性分档: a tier claimed allows a share of the points.
    #[serde(rename = "qualitative_tiers")]
    QualitativeTiers {
        /// Tiers, best first (default: 财预〔2020〕10号's three tiers).
        #[serde(default = "default_tiers")]
        tiers: Vec<Tier>,
    },
    /// 综合评判: no quantitative rule; the score is a judgement (also: rule unknown).
    #[serde(rename = "judged")]
    Judged,
}

fn hundred() -> Num {
    Num(Decimal::ONE_HUNDRED)
}
fn zero() -> Num {
    Num(Decimal::ZERO)
}

/// Direction of a proportional rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum Better {
    /// 正向: more is better.
    #[default]
    #[serde(rename = "higher")]
    Higher,
    /// 反向: less is better.
    #[serde(rename = "lower")]
    Lower,
}

/// Direction of a bands rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum BandDirection {
    /// value ≥ threshold.
    #[serde(rename = "at_least")]
    AtLeast,
    /// value ≤ threshold.
    #[serde(rename = "at_most")]
    AtMost,
}

/// Direction of a deduction rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum DeductWhen {
    /// Deduct for values above the threshold.
    #[serde(rename = "over")]
    Over,
    /// Deduct for values below the threshold.
    #[serde(rename = "under")]
    Under,
}

/// One checklist item.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChecklistItem {
    /// What must hold.
    pub name: String,
    /// Points for it.
    pub points: Num,
}

/// One qualitative tier: the share of points (percent) it allows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Tier {
    /// The tier's wording.
    pub name: String,
    /// Lowest share of the points, percent (exclusive unless 0).
    pub min: Num,
    /// Highest share, percent (inclusive).
    pub max: Num,
}

fn default_tiers() -> Vec<Tier> {
    [("达成年度指标", 80, 100), ("部分达成并有一定效果", 60, 80), ("未达成且效果较差", 0, 60)]
        .into_iter()
        .map(|(n, lo, hi)| Tier { name: n.into(), min: Num::from_u64(lo), max: Num::from_u64(hi) })
        .collect()
}

impl ScoringRule {
    /// Whether the rule computes a score from a figure of the record.
    pub fn needs_measure(&self) -> bool {
        matches!(
            self,
            ScoringRule::Proportional { .. }
                | ScoringRule::Capped { .. }
                | ScoringRule::Bands { .. }
                | ScoringRule::Deduction { .. }
        )
    }

    /// The rule's Chinese name.
    pub fn name_zh(&self) -> &'static str {
        match self {
            ScoringRule::Proportional { .. } => "比例计分",
            ScoringRule::Capped { .. } => "按数计分(封顶)",
            ScoringRule::Bands { .. } => "分档计分",
            ScoringRule::Deduction { .. } => "超限扣分",
            ScoringRule::PerViolation { .. } => "按例扣分",
            ScoringRule::Checklist { .. } => "逐项计分",
            ScoringRule::QualitativeTiers { .. } => "定性分档",
            ScoringRule::Judged => "综合评判",
        }
    }
}

/// The record figures a rule may read, with their Chinese names and units.
pub const MEASURES: &[(&str, &str)] = &[
    ("execution_rate", "预算执行率(%)"),
    ("spending_rate", "部门预算资金支出率(%)"),
    ("carryover_rate", "结转结余率(%)"),
    ("procurement_rate", "政府采购执行率(%)"),
    ("asset_utilization", "固定资产利用率(%)"),
    ("staffing_rate", "在编率 / 在职人员控制率(%)"),
    ("operating_expense_control_rate", "公用经费控制率(%)"),
    ("three_public_control_rate", "三公经费控制率(%)"),
    ("three_public_change_rate", "三公经费变动率(%)"),
    ("target_coverage", "绩效目标覆盖率(%)"),
    ("targets_met_share", "绩效目标完成率:达成的定量目标数 ÷ 定量目标数(%)"),
    ("key_work_completion", "重点工作完成率(%)"),
    ("budget_adjustment_rate", "预算调整率(%)"),
    ("key_spending_share", "重点支出安排率(%)"),
    ("adjustment_items", "加减分项数(项)"),
];

/// The Chinese name of a measure.
pub fn measure_name(id: &str) -> Option<&'static str> {
    MEASURES.iter().find(|m| m.0 == id).map(|m| m.1)
}

/// A system with the places of its fields in its file.
#[derive(Debug, Clone)]
pub struct LoadedSystem {
    /// The system.
    pub system: IndicatorSystem,
    /// Field path → span in its file.
    pub map: SourceMap,
    /// The file's text.
    pub text: String,
    /// A name for the file (path, or `内置:<id>`).
    pub origin: String,
}

/// The systems that ship with jixiao: (id, file name, TOML text).
pub const BUILTIN: &[(&str, &str, &str)] = &[
    ("gd-dept-2024", "gd-dept-2024.toml", include_str!("../../../systems/gd-dept-2024.toml")),
    ("mof-2020-project", "mof-2020-project.toml", include_str!("../../../systems/mof-2020-project.toml")),
    ("hn-dept-yueyang", "hn-dept-yueyang.toml", include_str!("../../../systems/hn-dept-yueyang.toml")),
    ("hn-dept-2018", "hn-dept-2018.toml", include_str!("../../../systems/hn-dept-2018.toml")),
    ("sc-dept-dazhou", "sc-dept-dazhou.toml", include_str!("../../../systems/sc-dept-dazhou.toml")),
];

/// The built-in systems, parsed once per process (they are part of the program, so a
/// parse error is a bug, caught by this module's tests).
pub fn builtins() -> &'static [LoadedSystem] {
    static ALL: std::sync::OnceLock<Vec<LoadedSystem>> = std::sync::OnceLock::new();
    ALL.get_or_init(|| BUILTIN.iter().filter_map(|b| builtin(b.0)).filter_map(Result::ok).collect())
}

/// Loads a built-in system by id.
pub fn builtin(id: &str) -> Option<Result<LoadedSystem, Vec<LoadError>>> {
    BUILTIN.iter().find(|b| b.0 == id).map(|b| load_system(b.2, Format::Toml, &format!("内置:{}", b.1)))
}

/// Parses and validates a system file. All problems found are returned together.
pub fn load_system(text: &str, format: Format, origin: &str) -> Result<LoadedSystem, Vec<LoadError>> {
    let doc: Document = parse_document(text, format).map_err(|e| vec![e])?;
    let system: IndicatorSystem = deserialize(&doc).map_err(|e| vec![e])?;
    let errors = validate(&system, &doc.map);
    if errors.is_empty() {
        Ok(LoadedSystem { system, map: doc.map, text: text.to_string(), origin: origin.to_string() })
    } else {
        Err(errors)
    }
}

struct Errors<'a> {
    map: &'a SourceMap,
    list: Vec<LoadError>,
}

impl Errors<'_> {
    fn push(&mut self, path: String, message: String) {
        let span = self.map.resolve(&path).and_then(|(_, p)| match p {
            crate::source::Place::Text(s) => Some(*s),
            crate::source::Place::Cell { .. } => None,
        });
        self.list.push(LoadError { path, span: span.or(Some(Span::new(0, 0))), message });
    }
}

/// Checks a system: unique codes, a proper tree, points that add up, sound rule parameters,
/// known measures and ordered grade bands.
pub fn validate(sys: &IndicatorSystem, map: &SourceMap) -> Vec<LoadError> {
    let mut e = Errors { map, list: Vec::new() };
    let mut by_code: HashMap<&str, (usize, &Indicator)> = HashMap::new();
    for (i, ind) in sys.indicators.iter().enumerate() {
        let p = format!("indicators[{i}]");
        if ind.code.trim().is_empty() {
            e.push(format!("{p}.code"), "指标代码不能为空".into());
        }
        if by_code.insert(ind.code.as_str(), (i, ind)).is_some() {
            e.push(format!("{p}.code"), format!("指标代码“{}”重复", ind.code));
        }
        if !(1..=3).contains(&ind.level) {
            e.push(format!("{p}.level"), format!("指标级次应为 1、2 或 3,实为 {}", ind.level));
        }
        match (&ind.parent, ind.level) {
            (Some(_), 1) => e.push(format!("{p}.parent"), "一级指标不应有上级指标".into()),
            (None, 2 | 3) => e.push(format!("{p}.parent"), format!("{}级指标须注明上级指标 parent", ind.level)),
            (Some(parent), level) => match by_code.get(parent.as_str()) {
                None => e.push(format!("{p}.parent"), format!("上级指标“{parent}”不存在(须先于本指标列出)")),
                Some((_, par)) if par.level + 1 != level => e.push(
                    format!("{p}.level"),
                    format!("级次应为上级指标“{parent}”的级次加 1({}),实为 {level}", par.level + 1),
                ),
                _ => {}
            },
            _ => {}
        }
        if let Some(m) = ind.max_points
            && m.0 < Decimal::ZERO
            && !ind.adjustment
        {
            e.push(format!("{p}.max_points"), "分值不能为负数".into());
        }
        validate_rule(ind, &p, &mut e);
    }

    // Points add up: children's maxima against their parent's.
    let mut children: HashMap<&str, Vec<&Indicator>> = HashMap::new();
    for ind in &sys.indicators {
        if let Some(p) = &ind.parent {
            children.entry(p.as_str()).or_default().push(ind);
        }
    }
    for (i, ind) in sys.indicators.iter().enumerate() {
        let Some(kids) = children.get(ind.code.as_str()) else { continue };
        if ind.children_from_record {
            e.push(format!("indicators[{i}].children_from_record"), "下级指标取自记录的指标不应再列出下级指标".into());
        }
        if let Some(max) = ind.max_points
            && kids.iter().all(|k| k.max_points.is_some())
        {
            let sum: Decimal = kids.iter().filter_map(|k| k.max_points).map(|m| m.0).sum();
            if sum != max.0 {
                e.push(
                    format!("indicators[{i}].max_points"),
                    format!("“{}”分值为 {},但其下级指标分值合计为 {}", ind.name, max.0, sum),
                );
            }
        }
    }
    let level1: Vec<&Indicator> = sys.indicators.iter().filter(|i| i.level == 1 && !i.adjustment).collect();
    if let Some(total) = sys.system.total_points
        && level1.iter().all(|i| i.max_points.is_some())
    {
        let sum: Decimal = level1.iter().filter_map(|i| i.max_points).map(|m| m.0).sum();
        if sum != total.0 {
            e.push(
                "system.total_points".into(),
                format!("总分值为 {},但一级指标(不含加减分项)分值合计为 {sum}", total.0),
            );
        }
    }
    if sys.indicators.is_empty() {
        e.push("indicators".into(), "指标体系没有任何指标".into());
    }

    // Grade bands: names unique, minima strictly decreasing.
    if sys.grades.is_empty() {
        e.push("grades".into(), "至少需要一个等级".into());
    }
    let mut names = HashSet::new();
    for (i, g) in sys.grades.iter().enumerate() {
        if !names.insert(g.name.as_str()) {
            e.push(format!("grades[{i}].name"), format!("等级“{}”重复", g.name));
        }
        if i > 0 && g.min.0 >= sys.grades[i - 1].min.0 {
            e.push(
                format!("grades[{i}].min"),
                format!(
                    "等级须按下限从高到低排列:“{}”的下限 {} 不低于上一等级的 {}",
                    g.name,
                    g.min.0,
                    sys.grades[i - 1].min.0
                ),
            );
        }
    }
    e.list
}

fn validate_rule(ind: &Indicator, p: &str, e: &mut Errors<'_>) {
    let rp = format!("{p}.rule");
    let max = ind.max_points.map(|m| m.0);
    if ind.rule.needs_measure() {
        match &ind.measure {
            None => e.push(format!("{p}.measure"), format!("{}须指定所依据的数据 measure", ind.rule.name_zh())),
            Some(m) if measure_name(m).is_none() => e.push(
                format!("{p}.measure"),
                format!("未知的数据项“{m}”,可选:{}", MEASURES.iter().map(|m| m.0).collect::<Vec<_>>().join("、")),
            ),
            _ => {}
        }
        if max.is_none() {
            e.push(format!("{p}.max_points"), format!("{}须有分值 max_points", ind.rule.name_zh()));
        }
    }
    let positive = |v: &Num| v.0 > Decimal::ZERO;
    match &ind.rule {
        ScoringRule::Proportional { target, .. } => {
            if !positive(target) {
                e.push(format!("{rp}.target"), "目标值须大于 0".into());
            }
        }
        ScoringRule::Capped { per_unit } => {
            if !positive(per_unit) {
                e.push(format!("{rp}.per_unit"), "每项分值须大于 0".into());
            }
        }
        ScoringRule::Bands { direction, bands, otherwise } => {
            if bands.is_empty() {
                e.push(format!("{rp}.bands"), "分档不能为空".into());
            }
            for (i, [t, pts]) in bands.iter().enumerate() {
                if pts.0 < Decimal::ZERO || max.is_some_and(|m| pts.0 > m) {
                    e.push(format!("{rp}.bands[{i}]"), format!("档位得分 {} 应在 0 与分值之间", pts.0));
                }
                if i > 0 {
                    let prev = bands[i - 1][0].0;
                    let ordered = match direction {
                        BandDirection::AtLeast => t.0 < prev,
                        BandDirection::AtMost => t.0 > prev,
                    };
                    if !ordered {
                        e.push(
                            format!("{rp}.bands[{i}]"),
                            match direction {
                                BandDirection::AtLeast => "at_least 分档的门槛须从高到低排列".to_string(),
                                BandDirection::AtMost => "at_most 分档的门槛须从低到高排列".to_string(),
                            },
                        );
                    }
                }
            }
            if otherwise.0 < Decimal::ZERO || max.is_some_and(|m| otherwise.0 > m) {
                e.push(format!("{rp}.otherwise"), "其余情况得分应在 0 与分值之间".into());
            }
        }
        ScoringRule::Deduction { step, points_per_step, .. } => {
            if !positive(step) {
                e.push(format!("{rp}.step"), "扣分步长须大于 0".into());
            }
            if !positive(points_per_step) {
                e.push(format!("{rp}.points_per_step"), "每步扣分须大于 0".into());
            }
        }
        ScoringRule::PerViolation { points } => {
            if !positive(points) {
                e.push(format!("{rp}.points"), "每例扣分须大于 0".into());
            }
            if max.is_none() {
                e.push(format!("{p}.max_points"), "按例扣分须有分值 max_points".into());
            }
        }
        ScoringRule::Checklist { items } => {
            if items.is_empty() {
                e.push(format!("{rp}.items"), "检查项不能为空".into());
            }
            let sum: Decimal = items.iter().map(|i| i.points.0).sum();
            if let Some(m) = max
                && sum != m
            {
                e.push(format!("{rp}.items"), format!("检查项分值合计 {sum} 不等于指标分值 {m}"));
            }
            if items.iter().any(|i| i.points.0 <= Decimal::ZERO) {
                e.push(format!("{rp}.items"), "每个检查项分值须大于 0".into());
            }
        }
        ScoringRule::QualitativeTiers { tiers } => {
            if tiers.is_empty() {
                e.push(format!("{rp}.tiers"), "定性档次不能为空".into());
            }
            for (i, t) in tiers.iter().enumerate() {
                let ok = t.min.0 >= Decimal::ZERO && t.max.0 <= Decimal::ONE_HUNDRED && t.min.0 <= t.max.0;
                if !ok {
                    e.push(format!("{rp}.tiers[{i}]"), "档次比例须满足 0 ≤ min ≤ max ≤ 100".into());
                }
                if i > 0 && t.max.0 > tiers[i - 1].min.0 {
                    e.push(format!("{rp}.tiers[{i}]"), "定性档次须从高到低排列且互不重叠".into());
                }
            }
        }
        ScoringRule::Judged => {}
    }
}

impl IndicatorSystem {
    /// The indicator with this code.
    pub fn get(&self, code: &str) -> Option<&Indicator> {
        self.indicators.iter().find(|i| i.code == code)
    }

    /// The children of `code`, in file order.
    pub fn children<'a>(&'a self, code: &'a str) -> impl Iterator<Item = &'a Indicator> + 'a {
        self.indicators.iter().filter(move |i| i.parent.as_deref() == Some(code))
    }

    /// Whether `code` has children in the system.
    pub fn is_leaf(&self, code: &str) -> bool {
        self.children(code).next().is_none()
    }

    /// The grade of a total.
    pub fn grade(&self, total: Decimal) -> Option<&GradeBand> {
        self.grades.iter().find(|g| total >= g.min.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_builtin_system_loads_and_validates() {
        for (id, file, _) in BUILTIN {
            let loaded = builtin(id).unwrap();
            assert!(loaded.is_ok(), "{file}: {:?}", loaded.err());
            assert_eq!(loaded.unwrap().system.system.id, *id);
        }
    }

    fn errors_of(toml: &str) -> Vec<String> {
        match load_system(toml, Format::Toml, "t.toml") {
            Ok(_) => vec![],
            Err(es) => es.into_iter().map(|e| format!("{}: {}", e.path, e.message)).collect(),
        }
    }

    const HEAD: &str = "[system]\nid = \"t\"\nname = \"测试\"\nkind = \"dept_evaluation\"\n";

    #[test]
    fn points_that_do_not_add_up_are_named() {
        let t = format!(
            "{HEAD}total_points = 100\n[[indicators]]\ncode = \"A\"\nlevel = 1\nname = \"甲\"\nmax_points = 60\n\
             [[indicators]]\ncode = \"A1\"\nlevel = 2\nparent = \"A\"\nname = \"甲一\"\nmax_points = 50\n"
        );
        let errs = errors_of(&t);
        assert!(errs.iter().any(|e| e.contains("分值为 60,但其下级指标分值合计为 50")), "{errs:?}");
        assert!(errs.iter().any(|e| e.starts_with("system.total_points")), "{errs:?}");
    }

    #[test]
    fn duplicate_codes_and_orphans_are_named() {
        let t = format!(
            "{HEAD}[[indicators]]\ncode = \"A\"\nlevel = 1\nname = \"甲\"\n\
             [[indicators]]\ncode = \"A\"\nlevel = 1\nname = \"乙\"\n\
             [[indicators]]\ncode = \"C1\"\nlevel = 2\nparent = \"C\"\nname = \"丙\"\n"
        );
        let errs = errors_of(&t);
        assert!(errs.iter().any(|e| e.contains("代码“A”重复")), "{errs:?}");
        assert!(errs.iter().any(|e| e.contains("上级指标“C”不存在")), "{errs:?}");
    }

    #[test]
    fn rule_parameters_are_checked() {
        let t = format!(
            "{HEAD}[[indicators]]\ncode = \"A\"\nlevel = 1\nname = \"甲\"\nmax_points = 5\nmeasure = \"staffing_rate\"\n\
             rule = {{ type = \"bands\", direction = \"at_least\", bands = [[80, 3], [90, 5]] }}\n\
             [[indicators]]\ncode = \"B\"\nlevel = 1\nname = \"乙\"\nmax_points = 3\nmeasure = \"no_such\"\n\
             rule = {{ type = \"deduction\", threshold = 100, direction = \"over\", step = 0, points_per_step = 1 }}\n\
             [[indicators]]\ncode = \"C\"\nlevel = 1\nname = \"丙\"\nmax_points = 3\n\
             rule = {{ type = \"checklist\", items = [{{ name = \"一\", points = 1 }}] }}\n"
        );
        let errs = errors_of(&t);
        assert!(errs.iter().any(|e| e.contains("从高到低")), "{errs:?}");
        assert!(errs.iter().any(|e| e.contains("未知的数据项“no_such”")), "{errs:?}");
        assert!(errs.iter().any(|e| e.contains("步长须大于 0")), "{errs:?}");
        assert!(errs.iter().any(|e| e.contains("检查项分值合计 1 不等于指标分值 3")), "{errs:?}");
    }

    #[test]
    fn errors_carry_a_place() {
        let t = format!("{HEAD}[[indicators]]\ncode = \"A\"\nlevel = 4\nname = \"甲\"\n");
        let errs = load_system(&t, Format::Toml, "t.toml").unwrap_err();
        let (line, _) = errs[0].line_col(&t).unwrap();
        assert_eq!(line, 7); // the `level = 4` line
    }

    #[test]
    fn grades_are_half_open_bands() {
        let sys = builtin("gd-dept-2024").unwrap().unwrap().system;
        let g = |v: &str| sys.grade(Decimal::from_str_exact(v).unwrap()).unwrap().name.clone();
        assert_eq!(g("96.5"), "优");
        assert_eq!(g("90"), "优");
        assert_eq!(g("89.99"), "良");
        assert_eq!(g("80"), "良");
        assert_eq!(g("79.5"), "中");
        assert_eq!(g("59.9"), "差");
    }
}
