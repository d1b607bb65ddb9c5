//! Indicator systems as data: the tree of indicators, their points, their scoring rules and
//! the grade bands, read from TOML files (see `docs/indicator-system-format.md`).
//!
//! Provinces differ and change their systems yearly, so nothing here is hard-coded: the
//! built-in systems are TOML files shipped with the program, and a user's own file is loaded
//! and validated the same way. A system may be known only by its structure (no maxima);
//! everything that depends on points then simply says it is unknown.
//!
//! This module holds the types, the built-in systems and loading; checking a system is in
//! `validate` ([`validate()`]); scoring a record against it is in [`crate::scoring`].

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::load::{Document, Format, LoadError, deserialize, parse_document};
use crate::record::RecordKind;
use crate::source::SourceMap;
use crate::value::Num;

mod validate;

pub use validate::validate;

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
    /// Indicators by code and children by parent, built once on first use (looking one up
    /// must not scan the whole system: systems may have thousands of indicators).
    #[serde(skip)]
    index: std::sync::OnceLock<SystemIndex>,
}

/// Where each indicator is.
#[derive(Debug, Clone, Default, PartialEq)]
struct SystemIndex {
    /// Position of the first indicator with a code.
    by_code: std::collections::HashMap<String, usize>,
    /// Positions of each code's children, in file order.
    children: std::collections::HashMap<String, Vec<usize>>,
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
    /// The figure of the record a quantitative rule reads: a measure of the record schema
    /// (`jixiao_core::schema::measures`).
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
    /// For a node whose children come from the record: the 二级指标 the record must set under
    /// it (`成本指标`), each at least once.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub requires: Vec<String>,
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

/// 财预〔2020〕10号's three qualitative tiers, best first.
pub fn default_tiers() -> Vec<Tier> {
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
    ("gd-dept-2024", "gd-dept-2024.toml", include_str!("../../../../systems/gd-dept-2024.toml")),
    ("mof-2020-project", "mof-2020-project.toml", include_str!("../../../../systems/mof-2020-project.toml")),
    ("hn-dept-yueyang", "hn-dept-yueyang.toml", include_str!("../../../../systems/hn-dept-yueyang.toml")),
    ("hn-dept-2018", "hn-dept-2018.toml", include_str!("../../../../systems/hn-dept-2018.toml")),
    ("sc-dept-dazhou", "sc-dept-dazhou.toml", include_str!("../../../../systems/sc-dept-dazhou.toml")),
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
    // Counted before the indicators are built, so an oversized system costs no more than its text.
    let limits = crate::limits::Limits::DEFAULT;
    if let Some(list) = doc.value.get("indicators").and_then(|v| v.as_array())
        && list.len() > limits.max_indicators
    {
        let span = match doc.map.get("indicators") {
            Some(crate::source::Place::Text(span)) => Some(*span),
            _ => None,
        };
        return Err(vec![LoadError {
            path: "indicators".into(),
            span,
            message: format!("有 {} 项指标,{}", list.len(), crate::limits::Limit::Indicators.message(&limits)),
        }]);
    }
    let system: IndicatorSystem = deserialize(&doc).map_err(|e| vec![e])?;
    let errors = validate(&system, &doc.map);
    if errors.is_empty() {
        Ok(LoadedSystem { system, map: doc.map, text: text.to_string(), origin: origin.to_string() })
    } else {
        Err(errors)
    }
}

impl IndicatorSystem {
    /// A system of these parts.
    pub fn new(system: SystemInfo, grades: Vec<GradeBand>, indicators: Vec<Indicator>) -> IndicatorSystem {
        IndicatorSystem { system, grades, indicators, index: std::sync::OnceLock::new() }
    }

    fn index(&self) -> &SystemIndex {
        self.index.get_or_init(|| {
            let mut idx = SystemIndex::default();
            for (i, ind) in self.indicators.iter().enumerate() {
                idx.by_code.entry(ind.code.clone()).or_insert(i);
                if let Some(p) = &ind.parent {
                    idx.children.entry(p.clone()).or_default().push(i);
                }
            }
            idx
        })
    }

    /// The indicator with this code.
    pub fn get(&self, code: &str) -> Option<&Indicator> {
        self.index().by_code.get(code).map(|&i| &self.indicators[i])
    }

    /// The children of `code`, in file order.
    pub fn children<'a>(&'a self, code: &'a str) -> impl Iterator<Item = &'a Indicator> + 'a {
        self.index().children.get(code).into_iter().flatten().map(|&i| &self.indicators[i])
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

    #[test]
    fn a_system_beyond_the_indicator_limit_is_refused_naming_it() {
        let max = crate::limits::Limits::DEFAULT.max_indicators;
        let system = |n: usize| {
            let mut t = String::from(
                "[system]\nid = \"wide\"\nname = \"宽\"\nkind = \"dept_evaluation\"\nconfidence = \"P\"\nsources = []\n",
            );
            t.push_str("[[indicators]]\ncode = \"A\"\nlevel = 1\nname = \"一\"\n");
            for i in 1..n {
                t.push_str(&format!("[[indicators]]\ncode = \"A{i}\"\nlevel = 2\nname = \"二\"\nparent = \"A\"\n"));
            }
            t
        };
        let Err(errors) = load_system(&system(max + 1), Format::Toml, "test") else { panic!("not refused") };
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].path, "indicators");
        assert_eq!(errors[0].message, format!("有 {} 项指标,超过指标数上限({max} 项)", max + 1));
        assert!(load_system(&system(max), Format::Toml, "test").is_ok());
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
