//! Checking what was read from a report: the rule registry on its department record with its
//! generic figures, and on its project funds block; findings shown errors first, then in the
//! order of the text.

use jixiao_core::finding::sort_findings;
use jixiao_core::scoring::ScoreSheet;
use jixiao_core::source::Place;
use jixiao_core::system::IndicatorSystem;
use jixiao_core::{Finding, Severity};

use crate::Read;

/// The findings and score sheet of a report, against `system` if given, else the system its
/// self-scores were matched to.
pub(crate) fn check_report(read: &Read, system: Option<&IndicatorSystem>) -> (Vec<Finding>, Option<ScoreSheet>) {
    let reading = &read.reading;
    let system = system.or(reading.system);
    let generic = &reading.generic;
    let has_generic = !generic.is_empty();
    let mut findings = Vec::new();
    if reading.recognised || has_generic {
        let mut fs = jixiao_rules::check_with_facts(&read.record, system, Some(generic));
        sort_findings(&mut fs);
        findings = fs;
    }
    if let Some(project) = &reading.project {
        // Indicators read from the form's table are scored by the national form's rules.
        let has_indicators = matches!(project, jixiao_core::Record::Project(p) if !p.indicators.is_empty());
        let national = has_indicators
            .then(|| jixiao_core::system::builtins().iter().find(|s| s.system.system.id == "mof-2020-project"))
            .flatten();
        let mut project_findings = jixiao_rules::check(project, national.map(|s| &s.system));
        // Of the national form's scoring, a report's text is held to what each row says (P001
        // a score above its points, P002 full marks on a missed target) and, when the whole
        // table was read, to its total (P003) and grade (P004): sums need every row, which a
        // table split over pages or cells merged in print do not promise. The form's level-1
        // points (产出 50, 效益 30, 满意度 10) are a norm (原则上), not what every report uses, so
        // level sums (P006, P007), codes (P005) and required 二级指标 (T008) are not held
        // against a report; its own stated level points are the generic weight sums' work.
        if national.is_some() {
            let whole = reading.project_indicators_whole;
            project_findings.retain(|f| match f.code.as_str() {
                "P003" | "P004" => whole,
                "P005" | "P006" | "P007" | "T008" => false,
                _ => true,
            });
        }
        // The project funds table is also read as a table of figures; a generic rule's finding
        // on a figure a project rule already points at says the same thing twice. Of the two
        // the more severe is said (the project rule's when they are alike): a score off 分值 ×
        // 执行率 is an error of arithmetic (G012) where the project form's P002 only warns.
        let primary = |f: &Finding| match read.map.get(&f.primary.path) {
            Some(Place::Text(s)) => Some((s.start, s.end)),
            _ => None,
        };
        let generic_at = |f: &Finding| f.code.starts_with('G').then(|| primary(f)).flatten();
        let project_at: Vec<((usize, usize), Severity)> =
            project_findings.iter().filter_map(|f| Some((primary(f)?, f.severity))).collect();
        let generic: Vec<((usize, usize), Severity)> =
            findings.iter().filter_map(|f| Some((generic_at(f)?, f.severity))).collect();
        findings.retain(|f| generic_at(f).is_none_or(|p| !project_at.iter().any(|(q, s)| *q == p && *s <= f.severity)));
        project_findings
            .retain(|f| primary(f).is_none_or(|p| !generic.iter().any(|(q, s)| *q == p && *s < f.severity)));
        findings.extend(project_findings);
    }
    // What reading noticed (W004: only part of the document could be read) is said whatever
    // was recognised in the part read.
    findings.extend(reading.findings.iter().cloned());
    // Errors first, then by where each finding's first figure is (unplaced ones first); a
    // stable sort, so findings at one place keep the rules' order.
    let first_place = |f: &Finding| {
        std::iter::once(&f.primary).chain(&f.related).find_map(|p| match read.map.get(&p.path) {
            Some(Place::Text(s)) => Some(s.start),
            _ => None,
        })
    };
    let mut keyed: Vec<(Option<usize>, Finding)> = findings.into_iter().map(|f| (first_place(&f), f)).collect();
    keyed.sort_by(|a, b| a.1.severity.cmp(&b.1.severity).then_with(|| a.0.cmp(&b.0)));
    let findings = keyed.into_iter().map(|(_, f)| f).collect();
    let score = system.filter(|_| reading.recognised).map(|s| crate::score(&read.record, s));
    (findings, score)
}
