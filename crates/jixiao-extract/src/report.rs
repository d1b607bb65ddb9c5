//! Reading a report's text whole: the department record with the generic figures, the
//! project funds block, and the built-in indicator system the self-scores name — everything
//! an audit checks, with the place of every figure.
//!
//! It judges nothing: running the rules on what was read, and showing their findings at
//! these places, is `jixiao-pipeline`'s.

use jixiao_core::generic::{FormRate, IndicatorScore, Stated};
use jixiao_core::project::{ProjectIndicator, ProjectRecord};
use jixiao_core::record::{DeptRecord, Direction, Target};
use jixiao_core::source::SourceMap;
use jixiao_core::system::{IndicatorSystem, builtins};
use jixiao_core::value::Num;

use crate::indicator_table::{IndicatorRow, IndicatorTable};
use crate::numbers::Token;
use crate::reader::{Reader, bigram_similarity, bigrams};
use crate::tables::{Role, Table};
use crate::text::Doc;
use crate::{Extracted, dept};

/// What was read from one report.
pub struct Report {
    /// The document text every span indexes into (with the closing note of a report jixiao
    /// wrote in spite of errors, which is not read).
    pub text: String,
    /// The department record and the generic figures, whether or not any figure of the
    /// record was found (`placed` says how many were).
    pub dept: Extracted<DeptRecord>,
    /// The project funds block, if the text has one with figures.
    pub project: Option<Extracted<ProjectRecord>>,
    /// The built-in indicator system the report's self-scores were matched to (the record's
    /// `indicator_system` and its scores' codes are set from it).
    pub system: Option<&'static IndicatorSystem>,
    /// Whether the project form's indicator table was read whole: one table, every row below
    /// its header read with its points and score, and its 总分 row; only then do sums over
    /// its rows mean anything.
    pub project_indicators_whole: bool,
    /// How many tables were found in the text.
    pub tables: usize,
    /// How many rows those tables have (header rows included).
    pub table_rows: usize,
    /// The closing note `附注:检查发现的问题` of a report jixiao wrote in spite of errors
    /// (`report --force`): how many errors and warnings it lists. The note is not read as part
    /// of the report (it quotes the report's figures), but a reviewer is told it is there.
    pub own_note: Option<NoteItems>,
}

/// What the closing note of a report written with `--force` lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NoteItems {
    /// Items marked `[错误…]`.
    pub errors: usize,
    /// Items marked `[警告…]`.
    pub warnings: usize,
}

impl NoteItems {
    /// Counts the items of a note's text (`1. [错误A001] …`; Markdown writes `\[错误A001\]`).
    fn of(note: &str) -> NoteItems {
        NoteItems { errors: note.matches("[错误").count(), warnings: note.matches("[警告").count() }
    }
}

impl Report {
    /// Whether a department self-evaluation was recognised: some figure of its record found.
    pub fn recognised(&self) -> bool {
        self.dept.placed > 0
    }
}

/// The built-in system whose indicator names match every self-score label, with the code
/// for each label.
fn match_system(names: &[String]) -> Option<(&'static IndicatorSystem, Vec<String>)> {
    if names.len() < 5 {
        return None;
    }
    let norm = |s: &str| s.replace([',', '、', ' ', '/', '(', ')'], "");
    let grams: Vec<Vec<(char, char)>> = names.iter().map(|n| bigrams(&norm(n))).collect();
    for sys in builtins() {
        if sys.system.system.kind != jixiao_core::record::RecordKind::DeptEvaluation {
            continue;
        }
        let leaves: Vec<(&str, Vec<(char, char)>)> = sys
            .system
            .indicators
            .iter()
            .filter(|i| sys.system.is_leaf(&i.code) && !i.adjustment)
            .map(|i| (i.code.as_str(), bigrams(&norm(&i.name))))
            .collect();
        let mut codes: Vec<String> = Vec::new();
        for g in &grams {
            let best =
                leaves.iter().map(|(code, lg)| (bigram_similarity(g, lg), *code)).max_by(|a, b| a.0.total_cmp(&b.0));
            match best {
                Some((s, code)) if s >= 0.6 && !codes.iter().any(|c| c == code) => codes.push(code.to_string()),
                _ => break,
            }
        }
        if codes.len() == names.len() {
            return Some((&sys.system, codes));
        }
    }
    None
}

/// Reads a document's text.
pub fn read(mut text: String) -> Report {
    // A report jixiao wrote in spite of errors lists them in a closing note; the note quotes the
    // report's figures and is not read as part of it.
    let note = own_note_start(&text).map(|at| text.split_off(at));
    let doc = Doc::new(text);
    let reader = Reader::new(&doc);
    let tables = crate::tables::tables(&reader);
    let mut dept = dept::extract(&reader, &tables);
    let names: Vec<String> = dept.record.scoring.scores.iter().filter_map(|s| s.name.clone()).collect();
    let system = match_system(&names);
    if let Some((sys, codes)) = &system {
        for (s, c) in dept.record.scoring.scores.iter_mut().zip(codes) {
            s.code = c.clone();
        }
        dept.record.indicator_system = Some(sys.system.id.clone());
    }
    let mut project = crate::project::extract(&doc.text).filter(|p| p.placed > 0);
    let mut indicator_tables = crate::indicator_table::indicator_tables(&tables);
    indicator_tables.extend(crate::indicator_table::stacked_indicator_tables(&reader, &tables));
    indicator_tables.extend(crate::glued::glued_indicator_tables(&reader));
    match &mut project {
        Some(p) => {
            crate::spending::read(&reader, p, &mut dept);
            project_indicators(&doc, &indicator_tables, p, &dept.map);
        }
        None => dept_targets(&doc, &indicator_tables, &mut dept),
    }
    form_rate(&doc, &tables, &indicator_tables, &mut dept);
    let project_indicators_whole = project.is_some()
        && matches!(indicator_tables.as_slice(), [t] if t.unread == 0
            && t.total.is_some()
            && t.rows.iter().all(|r| r.weight.is_some() && r.score.is_some() && !r.level1.is_empty()));
    let table_rows = tables.iter().map(|t| t.rows.len()).sum();
    let tables = tables.len();
    let mut text = doc.text;
    text.push_str(note.as_deref().unwrap_or(""));
    let own_note = note.as_deref().map(NoteItems::of);
    Report { text, dept, project, system: system.map(|s| s.0), project_indicators_whole, tables, table_rows, own_note }
}

/// The rows of a project form's indicator tables as its indicators (those with a weight and a
/// score), and the table's 总分 as the stated total.
fn project_indicators(doc: &Doc, tables: &[IndicatorTable], p: &mut Extracted<ProjectRecord>, dept: &SourceMap) {
    for table in tables {
        for row in &table.rows {
            let (Some(weight), Some(score)) = (&row.weight, &row.score) else { continue };
            let i = p.record.indicators.len();
            let mut put = |key: &str, t: &Token| {
                p.map.insert_span(format!("indicators[{i}].{key}"), doc.span(t.start..t.end));
                p.placed += 1;
            };
            put("max_points", weight);
            put("self_score", score);
            if let Some(t) = &row.target {
                put("target", t);
            }
            if let Some(t) = &row.actual {
                put("actual", t);
            }
            let (direction, target, unit, actual) = figures(row);
            p.record.indicators.push(ProjectIndicator {
                level1: row.level1.clone(),
                level2: row.level2.clone(),
                name: row.name.clone(),
                direction,
                target,
                unit,
                target_text: row.target_text.clone(),
                actual,
                actual_text: row.actual_text.clone(),
                max_points: Num(weight.value),
                self_score: Num(score.value),
                tier: None,
                deviation_reason: row.reason.clone(),
            });
        }
        // The department reader may have read the same 总分 into the same path: the two
        // records share one source map, where the first place stays. A 合计 whose points
        // are the rows' alone (90 beside the funds' 10) totals the indicators, not the form.
        if let Some(t) = &table.total
            && p.record.scoring.stated_total.is_none()
            && !totals_the_indicators_alone(table, p.record.funds.total.max_points.map(|n| n.0))
        {
            if dept.get("scoring.stated_total").is_none() {
                p.map.insert_span("scoring.stated_total", doc.span(t.start..t.end));
            }
            p.record.scoring.stated_total = Some(Num(t.value));
        }
    }
}

/// Whether a table's 合计 row states the points of its rows alone, to which the funds' points
/// (`funds`, the 10 of 预算执行率) add up to 100: its score is the indicators' part of the
/// self-score, not the whole.
fn totals_the_indicators_alone(table: &IndicatorTable, funds: Option<jixiao_core::Decimal>) -> bool {
    let (Some(points), Some(funds)) = (&table.total_points, funds) else { return false };
    let rows = table
        .rows
        .iter()
        .try_fold(jixiao_core::Decimal::ZERO, |sum, r| r.weight.as_ref().and_then(|w| sum.checked_add(w.value)));
    funds > jixiao_core::Decimal::ZERO
        && rows == Some(points.value)
        && points.value.checked_add(funds) == Some(jixiao_core::Decimal::ONE_HUNDRED)
}

/// The rows of a department report's indicator tables as targets, where the report's target
/// section did not already name them.
fn dept_targets(doc: &Doc, tables: &[IndicatorTable], dept: &mut Extracted<DeptRecord>) {
    // The names already read (from the target section), as the rows write names: one look-up
    // per row, however many targets there are.
    let mut named: std::collections::HashSet<String> =
        dept.record.targets.iter().map(|t| t.name.replace(' ', "")).collect();
    for row in tables.iter().flat_map(|t| &t.rows) {
        if !named.insert(row.name.clone()) {
            continue;
        }
        if let (Some(points), Some(score)) = (&row.weight, &row.score) {
            let k = dept.generic.indicator_scores.len();
            let stated = |t: &Token| Stated { value: t.value, percent: t.percent };
            dept.map.insert_span(format!("facts.indicator_scores[{k}].points"), doc.span(points.start..points.end));
            dept.map.insert_span(format!("facts.indicator_scores[{k}].score"), doc.span(score.start..score.end));
            dept.generic.indicator_scores.push(IndicatorScore {
                name: row.name.clone(),
                points: stated(points),
                score: stated(score),
            });
        }
        let i = dept.record.targets.len();
        for (key, t) in [("target", &row.target), ("actual", &row.actual)] {
            if let Some(t) = t {
                dept.map.insert_span(format!("targets[{i}].{key}"), doc.span(t.start..t.end));
                dept.placed += 1;
            }
        }
        let (direction, target, unit, actual) = figures(row);
        dept.record.targets.push(Target {
            group: row.level2.clone(),
            name: row.name.clone(),
            direction,
            target,
            unit,
            target_text: row.target_text.clone(),
            actual,
            actual_at_least: row.actual.as_ref().is_some_and(|t| t.at_least),
            actual_text: row.actual_text.clone(),
            actual_source: None,
            completion_rate_stated: None,
            deviation_reason: row.reason.clone(),
        });
    }
}

/// The most flow bytes from a form's budget execution block to the indicator of its table
/// that restates the rate: the form's targets and the indicator rows before it.
const MAX_FORM_SPAN: usize = 6000;

/// Names of the indicator that restates a form's budget execution rate.
const RATE_INDICATORS: &[&str] = &["预算执行率", "预算完成率"];

/// A form's budget execution rate and its indicator named 预算执行率 / 预算完成率 (in percent),
/// when both are of one form: the text has one budget execution block (a table row with a
/// rate, points and a score) and one such indicator, the indicator after the block and close
/// to it.
fn form_rate(doc: &Doc, tables: &[Table], indicators: &[IndicatorTable], dept: &mut Extracted<DeptRecord>) {
    let mut rates: Vec<&Token> = Vec::new();
    for t in tables {
        let Some((h, roles)) = t.header() else { continue };
        let col = |role: Role| roles.iter().position(|r| *r == role);
        let (Some(cr), Some(cw), Some(cs)) = (col(Role::Rate), col(Role::Weight), col(Role::Score)) else { continue };
        let width = roles.len();
        for row in &t.rows[h + 1..] {
            let tok = |c: usize| row.cell(c, width).and_then(|c| c.token.as_ref());
            if let (Some(rate), Some(_), Some(_)) = (tok(cr).filter(|t| t.percent), tok(cw), tok(cs))
                && !rates.iter().any(|r| r.start == rate.start)
            {
                rates.push(rate);
            }
        }
    }
    let mut named: Vec<(&str, &Token)> = Vec::new();
    for row in indicators.iter().flat_map(|t| &t.rows) {
        let name: String = row.name.chars().filter(|c| crate::text::is_cjk(*c) && c.is_alphabetic()).collect();
        if let Some(actual) = row.actual.as_ref().filter(|a| a.percent)
            && RATE_INDICATORS.contains(&name.as_str())
            && !named.iter().any(|(_, a)| a.start == actual.start)
        {
            named.push((&row.name, actual));
        }
    }
    let ([rate], [(name, actual)]) = (rates.as_slice(), named.as_slice()) else { return };
    if rate.end > actual.start || actual.start - rate.end > MAX_FORM_SPAN {
        return;
    }
    let i = dept.generic.form_rates.len();
    let stated = |t: &Token| Stated { value: t.value, percent: t.percent };
    dept.map.insert_span(format!("facts.form_rates[{i}].rate"), doc.span(rate.start..rate.end));
    dept.map.insert_span(format!("facts.form_rates[{i}].indicator"), doc.span(actual.start..actual.end));
    dept.generic.form_rates.push(FormRate { name: (*name).to_string(), rate: stated(rate), indicator: stated(actual) });
}

/// A row's direction, target, unit (its unit column's, else the target's; `%` for a
/// percentage) and actual, as a record holds them.
fn figures(row: &IndicatorRow) -> (Direction, Option<Num>, Option<String>, Option<Num>) {
    let unit_of = |t: &Token| if t.percent { "%".to_string() } else { t.unit.unwrap_or("").to_string() };
    (
        row.direction.unwrap_or(Direction::Qualitative),
        row.target.as_ref().map(|t| Num(t.value)),
        row.unit.clone().or_else(|| row.target.as_ref().map(unit_of)),
        row.actual.as_ref().map(|t| Num(t.value)),
    )
}

/// Where the note `附注:检查发现的问题` that `jixiao report --force` adds starts: a line of its
/// own (a Markdown heading too), with an ASCII or full-width colon.
fn own_note_start(text: &str) -> Option<usize> {
    // Only a line holding 附注 can be the note's.
    for (at, line) in crate::text::lines_with(text, "附注") {
        let t = line.trim_start_matches(['#', ' ', '\u{3000}']).trim_end();
        if let Some(rest) = t.strip_prefix("附注")
            && matches!(rest.strip_prefix([':', '\u{ff1a}']), Some("检查发现的问题"))
        {
            return Some(at);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::own_note_start;

    #[test]
    fn the_note_of_a_forced_report_is_found_only_as_its_own_line() {
        let md = "正文\n## 附注\u{ff1a}检查发现的问题\n1. [错误A001] …\n";
        assert_eq!(own_note_start(md), Some("正文\n".len()));
        assert_eq!(own_note_start("正文\n附注:检查发现的问题\n"), Some("正文\n".len()));
        assert_eq!(own_note_start("见附注:检查发现的问题\n"), None);
        assert_eq!(own_note_start("附注:说明\n"), None);
    }

    #[test]
    fn the_note_of_a_forced_report_is_counted_by_its_items() {
        let md =
            "正文\n## 附注:检查发现的问题\n1\\. \\[错误A001\\] 甲\n2\\. \\[警告C002\\] 乙\n3\\. \\[错误N001\\] 丙\n";
        let r = super::read(md.to_string());
        assert_eq!(r.own_note, Some(super::NoteItems { errors: 2, warnings: 1 }));
        assert_eq!(super::read("正文\n1. [错误A001] 不在附注里\n".to_string()).own_note, None);
    }
}
