//! Checking an indicator system once it has parsed: unique codes, a proper tree, points that
//! add up, sound rule parameters, known measures and ordered grade bands. Every problem is
//! returned, each with its place in the file.
//!
//! The system's types are in [`super`]; scoring a record against a valid system is
//! [`crate::scoring`].

use std::collections::{HashMap, HashSet};

use rust_decimal::Decimal;

use crate::load::LoadError;
use crate::source::{SourceMap, Span};
use crate::value::Num;

use super::{BandDirection, Indicator, IndicatorSystem, ScoringRule};
use crate::schema;

/// The problems found so far, each placed in the system's file.
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
        if !ind.requires.is_empty() && !ind.children_from_record {
            e.push(
                format!("{p}.requires"),
                "requires(要求设置的二级指标)只用于下级指标取自记录的指标(children_from_record = true)".into(),
            );
        }
        validate_rule(ind, &p, schema::of(sys.system.kind).measures, &mut e);
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

fn validate_rule(ind: &Indicator, p: &str, measures: &'static [schema::Measure], e: &mut Errors<'_>) {
    let rp = format!("{p}.rule");
    let max = ind.max_points.map(|m| m.0);
    if ind.rule.needs_measure() {
        match &ind.measure {
            None => e.push(format!("{p}.measure"), format!("{}须指定所依据的数据 measure", ind.rule.name_zh())),
            Some(m) if !measures.iter().any(|x| x.id == m) => e.push(
                format!("{p}.measure"),
                format!("未知的数据项“{m}”,可选:{}", measures.iter().map(|m| m.id).collect::<Vec<_>>().join("、")),
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

#[cfg(test)]
mod tests {
    use crate::load::Format;
    use crate::system::load_system;

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
}
