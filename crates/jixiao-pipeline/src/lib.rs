//! # jixiao-pipeline
//!
//! One way from any input to what jixiao has to say about it. [`read`] takes a record file's
//! text (TOML, JSON), a 填报工作簿's bytes (.xlsx, .xls) or a report's bytes (.txt, .pdf,
//! .docx, .html, .md) and returns a [`Read`]: the record, the [`SourceMap`] from its field
//! paths to places in the input (a byte span of the text, a workbook cell), and [`Reading`],
//! what was read besides (notes, a report's generic figures, the [`Coverage`]). [`check`]
//! runs the rule registry on it, scores and judges the score sheet when an indicator system
//! is known or given, and returns the [`Outcome`]. Every finding names figures by field path
//! and is shown through the one source map, by one renderer
//! ([`diagnostics`](jixiao_diagnostics)), whatever the input was.
//!
//! The front doors — the `jixiao` command and the web workspace — call this crate and nothing
//! below it: for reading, checking, scoring and auditing through [`read`] and [`check`]; for
//! writing through the entry points re-exported here ([`report`]: the 自评报告;
//! [`workbook`]: the 填报工作簿); for showing through [`diagnostics`]; and for the model the
//! outcome is made of through the re-exports of `jixiao-core` below.
//!
//! It reads no files, no clock and no environment: the front doors hand it text or bytes, and
//! the indicator system when one is named outside the record. It words no message for a
//! person either: failures are typed ([`ReadError`]) and the front door says them.
//!
//! Invariants: an [`Outcome`]'s findings are in the order they are shown (errors first); every
//! text place in its source map is a byte range of [`Read::text`].

mod audit;
mod coverage;
pub mod projects;
mod read;

use jixiao_core::finding::sort_findings;
use jixiao_core::generic::GenericFigures;
use jixiao_core::schema::view::RecordView;
use jixiao_core::source::Span;

pub use jixiao_core::coverage::Coverage;
pub use read::{Input, Kind, ReadError, read};

pub use jixiao_core::input::LoadedRecord;
pub use jixiao_core::system::{IndicatorSystem, LoadedSystem};
pub use jixiao_core::{Decimal, Finding, Format, LoadError, Pointer, Record, Severity, SourceMap};
/// The model an outcome is made of (from `jixiao-core`): findings, figures, the record's
/// parts and its schema (labels, kinds, derived figures), score sheets, places, the built-in
/// indicator systems, and the limits on what is read.
pub use jixiao_core::{finding, limits, num, project, record, schema, scoring, source, system};
/// Showing findings, load errors, score sheets and coverage to people (terminal text) and
/// programs (JSON).
pub use jixiao_diagnostics as diagnostics;
/// Why a workbook could not be read (its own Chinese message; cells to correct in `Cells`).
pub use jixiao_excel::{Issue as CellIssue, ReadError as WorkbookError};
/// The largest report read (50 MiB).
pub use jixiao_extract::formats::MAX_BYTES as MAX_REPORT_BYTES;
/// Why a report could not be read (its own Chinese message).
pub use jixiao_extract::formats::ReadError as ReportError;
/// A PDF page's characters and words as the audit reads them (the reviewer's annotated copies
/// place their highlights through the same words).
#[cfg(feature = "pdf")]
pub use jixiao_extract::formats::{PageChar, PageFrame, PlacedWord, pdf_page_frames};
/// A DOCX body's text with where each stretch of it stands in `word/document.xml` (to put a
/// comment at a figure of an audited report).
pub use jixiao_extract::formats::{TextPiece, document_xml_pieces};
/// A report file's page count and where it comes from.
pub use jixiao_extract::pages::Pages;
pub use jixiao_extract::report::NoteItems as ForcedNote;
/// The fonts a written report uses: jixiao's own (bundled, OFL) and, for a PDF, the official
/// faces where the machine has them (the front door names the folders; this crate reads none).
pub use jixiao_fonts as fonts;
/// Writing the 自评报告 from a department record, and the 项目支出绩效自评表 from a project
/// record (DOCX, PDF, HTML, Markdown).
pub use jixiao_render as report;

/// The rules' descriptions, for `explain` and the list of rules.
pub mod rules {
    pub use jixiao_rules::{RuleInfo, all_infos, find_info};
}

/// The 填报工作簿: writing the template and a record into it, its layout (sheets, blocks,
/// fields) and its formulas' recomputation. Reading one is [`read`](crate::read)'s.
pub mod workbook {
    pub use jixiao_excel::{
        ExcelError, Limits, eval, export, export_project, layout, rollover, template, template_project,
    };
}

/// What was read from an input, before any rule ran.
pub struct Read {
    /// The input's name as the user gave it (diagnostics name the file by it; a workbook's
    /// and a report's type is told by it).
    pub name: String,
    /// What kind of input it was.
    pub kind: Kind,
    /// The text places index into: a record file's text, a report's decoded text (what
    /// `jixiao extract` prints); empty for a workbook, whose places are cells.
    pub text: String,
    /// The record. From a report: the department record, as much of it as was found (see
    /// [`Reading::recognised`]).
    pub record: Record,
    /// Field path → place in the input, for the record and for what [`Reading`] holds.
    pub map: SourceMap,
    /// What was read besides the record.
    pub reading: Reading,
}

/// What was read besides the record.
#[derive(Default)]
pub struct Reading {
    /// Whether the input was recognised as what its record is: always for a record file and a
    /// workbook; for a report, whether any figure of a department self-evaluation was found.
    pub recognised: bool,
    /// What reading noticed about single figures (a workbook's numbers typed as text, stale
    /// formulas: W001–W003), as findings that point through the source map.
    pub findings: Vec<Finding>,
    /// Notes about the input as a whole (a workbook's parts not found, an old `.xls`; the
    /// closing note of a report jixiao wrote with `--force`).
    pub notes: Vec<String>,
    /// The closing note `附注:检查发现的问题` of a report jixiao wrote with `--force`: how many
    /// errors and warnings of its record it lists (the note is not read as part of the report).
    pub forced_note: Option<ForcedNote>,
    /// What a report states that fits no slot of the record (tables, stated changes, labels
    /// stated twice); the generic rules (G…) check them. Their paths are `generic.…`.
    pub generic: GenericFigures,
    /// A report's project funds block (年度资金总额 and its 其中 rows), as a project record
    /// beside the department record; its paths (`funds.…`) share the source map.
    pub project: Option<Record>,
    /// Whether a report's project form had its indicator table read whole (every row, and the
    /// 总分 row), so that its score total can be checked.
    pub project_indicators_whole: bool,
    /// The built-in indicator system a report's self-scores were matched to.
    pub system: Option<&'static IndicatorSystem>,
    /// How much was read and checked (the relations counted by [`check`]).
    pub coverage: Coverage,
    /// A report file's page count, where the file tells it (a PDF's pages, the count Word
    /// stored in a DOCX, a text's form feeds); `None` otherwise, never guessed.
    pub pages: Option<Pages>,
    /// Where each page of a PDF report starts in [`Read::text`] (byte offsets, the first 0);
    /// empty for other inputs (a text's pages are its form feeds).
    pub page_starts: Vec<usize>,
}

/// What jixiao has to say about an input: what was read, the findings and the score sheet.
pub struct Outcome {
    /// What was read.
    pub read: Read,
    /// The findings of reading and of the rules, in the order shown: errors first.
    pub findings: Vec<Finding>,
    /// The score sheet, judged, when an indicator system was given or is known.
    pub score: Option<scoring::ScoreSheet>,
}

/// Runs the rules on what was read and scores it: against `system` if given, else (for a
/// report) the system its self-scores were matched to.
///
/// A record file's or workbook's findings are ordered errors first, then by code and field
/// path; a report's errors first, then by where they are in the text.
pub fn check(read: Read, system: Option<&IndicatorSystem>) -> Outcome {
    check_with_projects(read, system, None, true)
}

/// Only the rules with these codes, on a record read from a file or a workbook (nothing
/// scored, nothing counted for the coverage line): see `jixiao_rules::check_only`.
pub fn check_only(read: &Read, codes: &[&str]) -> Vec<Finding> {
    jixiao_rules::check_only(&read.record, codes)
}

/// [`check`] (or, when `projects` are given, as [`projects::check_department`]) without counting
/// what was read and checked into [`Reading::coverage`], which stays as reading left it: for a
/// front door that never shows a record's coverage (the web workspace's saves), where
/// counting would compute every derived figure of the record a second time. The findings and
/// the score sheet are those [`check`] and [`projects::check_department`] give.
pub fn check_uncounted(read: Read, system: Option<&IndicatorSystem>, projects: &[projects::ProjectOutcome]) -> Outcome {
    let rows = (!projects.is_empty()).then(|| projects::summary(projects));
    check_with_projects(read, system, rows.as_deref(), false)
}

/// [`check`], with a department's projects summed up when the caller checked them
/// ([`projects::check_department`]); what was checked is counted into the coverage if `count`.
fn check_with_projects(
    mut read: Read,
    system: Option<&IndicatorSystem>,
    projects: Option<&[projects::ProjectSummaryRow]>,
    count: bool,
) -> Outcome {
    // One view of the record for counting what it holds and for the rules (and scoring).
    let view = RecordView::new(&read.record);
    if count {
        let coverage = &mut read.reading.coverage;
        coverage::add_record(coverage, &read.record, &view);
        if let Some(project) = &read.reading.project {
            coverage::add_record(coverage, project, &RecordView::new(project));
        }
        coverage.relations += coverage::generic_relations(&read.reading.generic);
    }
    let (findings, score) = match read.kind {
        Kind::Report => audit::check_report(&read, system),
        Kind::Record(_) | Kind::Workbook => {
            // The sheet the rules judged is the one shown: the record is scored once.
            let (mut findings, sheet) = jixiao_rules::check_and_score_in(&read.record, view, system, projects);
            findings.extend(read.reading.findings.iter().cloned());
            sort_findings(&mut findings);
            (findings, sheet)
        }
    };
    Outcome { read, findings, score }
}

/// Scores a record against an indicator system and judges the sheet (a self-score above its
/// maximum or above what the data supports, sums that do not add up), as [`check`] does.
pub fn score(record: &Record, system: &IndicatorSystem) -> scoring::ScoreSheet {
    jixiao_rules::score(record, system)
}

/// Audits a report's text (already decoded): [`read`] and [`check`] in one, against the
/// indicator system its self-scores name.
pub fn audit_text(name: &str, text: String) -> Outcome {
    check(read::read_report_text(name, text), None)
}

impl Outcome {
    /// How many findings are errors.
    pub fn errors(&self) -> usize {
        self.findings.iter().filter(|f| f.severity == Severity::Error).count()
    }

    /// The input as the renderers see it: its name, text and source map.
    pub fn view(&self) -> diagnostics::SourceView<'_> {
        diagnostics::SourceView { name: &self.read.name, text: &self.read.text, map: &self.read.map }
    }

    /// Where a finding's figures are in the text (a record file's, a report's): the byte spans
    /// of its pointers that have a text place (primary first), each once, with their labels.
    /// Empty for a workbook.
    pub fn spans(&self, f: &Finding) -> Vec<(Span, Option<String>)> {
        diagnostics::text_spans(f, &self.view())
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn seed() -> Read {
        let text = include_str!("../../../examples/lechang-hrss-2024.toml").to_string();
        read("seed.toml", Input::Record { text, format: Format::Toml }).unwrap()
    }

    /// Not counting what was checked changes nothing checking says: the same findings and
    /// score sheet, and the coverage left as reading left it.
    #[test]
    fn an_uncounted_check_finds_what_a_counted_one_finds() {
        let system =
            system::builtins().iter().find(|s| Some(s.system.system.id.as_str()) == seed().record.indicator_system());
        let system = system.map(|s| &s.system);
        assert!(system.is_some(), "the seed names a built-in system");
        let counted = check(seed(), system);
        let uncounted = check_uncounted(seed(), system, &[]);
        assert!(counted.errors() > 0);
        let json = |o: &Outcome| diagnostics::findings_json(&o.findings, &o.view());
        assert_eq!(json(&uncounted), json(&counted));
        assert_eq!(
            uncounted.score.as_ref().map(diagnostics::score_json),
            counted.score.as_ref().map(diagnostics::score_json)
        );
        assert!(counted.read.reading.coverage.relations > 0);
        assert_eq!(uncounted.read.reading.coverage.relations, 0);
        // `check` and `report` of a record check it this way, with its projects.
        let department = projects::check_department(seed(), system, &[]);
        assert_eq!(json(&department), json(&counted));
        assert_eq!(department.read.reading.coverage.relations, 0);
    }
}
