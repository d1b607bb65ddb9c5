//! Every call from the server into the rest of jixiao, all through the one pipeline crate
//! (`jixiao-pipeline`): loading a record, checking it, scoring it, writing the report,
//! importing and exporting the workbook, auditing a report, explaining a rule, and the record
//! layout the forms are made from. Nothing else in the server names a `jixiao_*` crate.
//!
//! Everything here is synchronous and may be slow (a PDF takes a second): callers run it
//! with [`blocking`], off the async threads, where a panic becomes a logged failure.

/// Escaping text for the fragments of HTML the pages write by hand.
pub use jixiao_pipeline::report::model::escape_xml;
use std::collections::HashMap;

use jixiao_pipeline::source::Place;
use jixiao_pipeline::{Format, Input, LoadedRecord, Read, ReadError, Record, WorkbookError};
use serde_json::Value;

pub use jixiao_pipeline::Decimal;
pub use jixiao_pipeline::finding::{Finding, Pointer, Severity};
/// The one description of the record: sections → blocks → fields (label, kind, unit, need,
/// help) and the derived figures, as jixiao-core has it.
pub use jixiao_pipeline::schema;
/// A record's JSON with its schema, for computing derived figures.
pub use jixiao_pipeline::schema::view::RecordView;
pub use jixiao_pipeline::scoring::{ScoreFlag, ScoreSheet};
/// An indicator system (a task scores with one).
pub use jixiao_pipeline::system::LoadedSystem;

use crate::failure::Failure;

/// Runs slow engine work off the async threads; a panic in it is logged and answered with
/// a Chinese message.
pub async fn blocking<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> Result<T, Failure> {
    tokio::task::spawn_blocking(f).await.map_err(|e| {
        if e.is_panic() { Failure::internal(format!("engine panicked: {e}")) } else { Failure::internal(e) }
    })
}

/// Why a record could not be loaded: one problem at a field.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct LoadProblem {
    /// Field path (empty for the whole record).
    pub path: String,
    /// What is wrong, in Chinese.
    pub message: String,
}

/// A record loaded from its JSON text and checked.
pub struct Checked {
    /// The JSON text (the findings' line and column refer to it).
    pub text: String,
    /// The record and the places of its fields.
    pub loaded: LoadedRecord,
    /// The rules' findings (and the workbook import's, for an import), errors first.
    pub findings: Vec<Finding>,
    /// The score sheet, when the record names an indicator system.
    pub score: Option<ScoreSheet>,
    /// Why there is no score sheet, when there is none.
    pub score_note: Option<String>,
    /// The rows of the 项目支出绩效自评结果汇总表: one per project the department record
    /// carries inline (`projects.inline`), checked with it (their findings are among
    /// `findings`, each begun with the project's name).
    pub projects: Vec<jixiao_pipeline::projects::ProjectSummaryRow>,
}

impl Checked {
    /// How many errors and warnings.
    pub fn counts(&self) -> (usize, usize) {
        counts(&self.findings)
    }
}

/// How many errors and warnings.
pub fn counts(findings: &[Finding]) -> (usize, usize) {
    let e = findings.iter().filter(|f| f.severity == Severity::Error).count();
    (e, findings.len() - e)
}

/// `发现 5 个错误、5 个警告`, as the CLI says it.
pub fn summary(findings: &[Finding]) -> String {
    jixiao_pipeline::diagnostics::summary(findings)
}

/// Reads a record's JSON text (the JSON record format).
fn read_json(text: String) -> Result<Read, Vec<LoadProblem>> {
    jixiao_pipeline::read("record.json", Input::Record { text, format: Format::Json }).map_err(load_problems)
}

/// Why a record file could not be read, field by field.
fn load_problems(e: ReadError) -> Vec<LoadProblem> {
    match e {
        ReadError::Record { errors, .. } => {
            errors.into_iter().map(|e| LoadProblem { path: e.path, message: e.message }).collect()
        }
        _ => vec![LoadProblem { path: String::new(), message: "记录是空的".into() }],
    }
}

/// Loads a record from its JSON text (the JSON record format).
pub fn load(text: &str) -> Result<LoadedRecord, Vec<LoadProblem>> {
    read_json(text.to_string()).map(|r| LoadedRecord { record: r.record, map: r.map })
}

fn system_of(record: &Record) -> (Option<&'static LoadedSystem>, Option<String>) {
    let Some(id) = record.indicator_system() else {
        return (None, Some("记录没有指定指标体系(基本情况 →【基本信息】→ 指标体系),未评分".into()));
    };
    match jixiao_pipeline::system::builtins().iter().find(|s| s.system.system.id == id) {
        Some(s) if s.system.system.kind == record.kind() => (Some(s), None),
        Some(s) => (None, Some(format!("指标体系“{}”不适用于这种记录,未评分", s.system.system.name))),
        None => {
            let ids: Vec<&str> = jixiao_pipeline::system::BUILTIN.iter().map(|b| b.0).collect();
            (None, Some(format!("没有名为“{id}”的内置指标体系(可选:{}),未评分", ids.join("、"))))
        }
    }
}

/// Checks and scores what was read, against the built-in system the record names; a
/// department record's inline projects are checked with it (as `jixiao check` checks them)
/// and what it states about them cross-checked. Project files a record lists cannot be read
/// here (the server reads no files): such a record is checked without its projects.
fn check_read(read: Read) -> Checked {
    use jixiao_pipeline::projects;
    let (system, score_note) = system_of(&read.record);
    let system = system.map(|s| &s.system);
    let inline = if projects::listed_files(&read.record).is_empty() {
        projects::check_all_inline(&read, None)
    } else {
        Vec::new()
    };
    // The server shows no record's coverage (only an audited report's): what was checked is
    // not counted, which would compute every derived figure a second time.
    let outcome = jixiao_pipeline::check_uncounted(read, system, &inline);
    let summary = projects::summary(&inline);
    let mut findings = outcome.findings;
    findings.extend(inline.into_iter().flat_map(|p| p.outcome.findings));
    jixiao_pipeline::finding::sort_findings(&mut findings);
    let read = outcome.read;
    let loaded = LoadedRecord { record: read.record, map: read.map };
    Checked { text: read.text, loaded, findings, score: outcome.score, score_note, projects: summary }
}

/// Loads and checks a record's JSON text.
pub fn check(text: String) -> Result<Checked, Vec<LoadProblem>> {
    Ok(check_read(read_json(text)?))
}

/// Loads and checks a record's JSON value (a request's body, parsed once): its text, which the
/// findings' lines and columns refer to, is the value written as pretty JSON, as
/// [`check`]`(serde_json::to_string_pretty(&value))` would have it, without parsing that text.
pub fn check_value(value: Value) -> Result<Checked, Vec<LoadProblem>> {
    let read = jixiao_pipeline::read("record.json", Input::RecordValue(value)).map_err(load_problems)?;
    Ok(check_read(read))
}

/// Loads a record's JSON text and runs only the rules with these codes on it (no score):
/// the 汇总 asking which units break the rule their sum breaks.
pub fn check_only(text: String, codes: &[&str]) -> Result<Vec<Finding>, Vec<LoadProblem>> {
    Ok(jixiao_pipeline::check_only(&read_json(text)?, codes))
}

/// The findings as `jixiao check --format json` lists them (`name` stands for the file).
pub fn findings_json(checked: &Checked, name: &str) -> Value {
    let view = jixiao_pipeline::diagnostics::SourceView { name, text: &checked.text, map: &checked.loaded.map };
    let mut all = jixiao_pipeline::diagnostics::findings_json(&checked.findings, &view);
    all.get_mut("findings").map(Value::take).unwrap_or(Value::Array(Vec::new()))
}

/// The score sheet as `jixiao score --format json` gives it.
pub fn score_json(sheet: &ScoreSheet) -> Value {
    jixiao_pipeline::diagnostics::score_json(sheet)
}

/// A score for display: at most two decimals (四舍五入), no trailing zeros.
pub fn score_number(d: Option<Decimal>) -> String {
    d.map_or_else(|| "—".to_string(), |v| jixiao_pipeline::num::round_half_up(v, 2).normalize().to_string())
}

/// The Chinese words for a score row's flags.
pub fn score_flags(flags: &[ScoreFlag]) -> Vec<String> {
    flags
        .iter()
        .map(|f| match f {
            ScoreFlag::AboveMax { max } => format!("超过分值 {}", max.normalize()),
            ScoreFlag::AboveSupported { supported } => format!("高于数据支持的 {} 分", score_number(Some(*supported))),
            ScoreFlag::SubtotalMismatch { children_sum } => format!("与下级之和 {} 不符", children_sum.normalize()),
            ScoreFlag::UnknownCode => "指标不存在".into(),
            ScoreFlag::Duplicate => "重复打分".into(),
            ScoreFlag::PointsMismatch { children_max } => format!("下级分值合计 {}", children_max.normalize()),
        })
        .collect()
}

/// The report formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReportFormat {
    /// Word.
    Docx,
    /// PDF.
    Pdf,
    /// HTML.
    Html,
    /// Markdown.
    Md,
}

impl ReportFormat {
    /// By extension.
    pub fn from_ext(ext: &str) -> Option<ReportFormat> {
        Some(match ext {
            "docx" => ReportFormat::Docx,
            "pdf" => ReportFormat::Pdf,
            "html" => ReportFormat::Html,
            "md" => ReportFormat::Md,
            _ => return None,
        })
    }

    /// The extension.
    pub fn ext(self) -> &'static str {
        match self {
            ReportFormat::Docx => "docx",
            ReportFormat::Pdf => "pdf",
            ReportFormat::Html => "html",
            ReportFormat::Md => "md",
        }
    }

    /// The media type.
    pub fn mime(self) -> &'static str {
        match self {
            ReportFormat::Docx => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            ReportFormat::Pdf => "application/pdf",
            ReportFormat::Html => "text/html; charset=utf-8",
            ReportFormat::Md => "text/markdown; charset=utf-8",
        }
    }
}

/// Why no report was written.
#[derive(Debug)]
pub enum ReportRefusal {
    /// The record has errors (the CLI refuses too, without `--force`).
    Errors(usize),
    /// A project record: reports are written for department records only.
    Project,
    /// The writer failed.
    Failed(String),
    /// A final report (定稿), and the record lacks what the document needs: each gap named by
    /// the form's label (单位负责人, 存在问题第1项的原因 …), once.
    Incomplete(Vec<String>),
}

/// The self-evaluation report, refused while the record has errors: a draft (草稿 on every
/// page, what is missing written as 未填报) or, when `final_doc`, the 定稿 that the unit hands
/// in (as `jixiao report --final`), refused while anything it needs is missing.
pub fn report(checked: &Checked, format: ReportFormat, final_doc: bool) -> Result<Vec<u8>, ReportRefusal> {
    let (errors, _) = checked.counts();
    if errors > 0 {
        return Err(ReportRefusal::Errors(errors));
    }
    use jixiao_pipeline::report as render;
    let Record::Dept(record) = &checked.loaded.record else { return Err(ReportRefusal::Project) };
    let (system, _) = system_of(&checked.loaded.record);
    let sentences = render::Sentences::default_set();
    let inputs = render::Inputs {
        record,
        system: system.map(|s| &s.system),
        notes: &[],
        sentences: &sentences,
        charts: Some(fonts()),
        projects: &checked.projects,
    };
    let mode = if final_doc { render::Mode::Final } else { render::Mode::Draft };
    let built = render::build_with(&inputs, &render::Options { mode, written_at: None }).map_err(|e| match e {
        render::BuildError::Incomplete(gaps) => ReportRefusal::Incomplete(gaps.into_iter().map(|g| g.label).collect()),
        render::BuildError::Errors(n) => ReportRefusal::Errors(n),
        render::BuildError::Template(e) => ReportRefusal::Failed(e.to_string()),
    })?;
    let f = match format {
        ReportFormat::Docx => render::Format::Docx,
        ReportFormat::Pdf => render::Format::Pdf,
        ReportFormat::Html => render::Format::Html,
        ReportFormat::Md => render::Format::Markdown,
    };
    render::render(&built.report, f, fonts()).map_err(|e| ReportRefusal::Failed(e.to_string()))
}

/// The fonts of reports: jixiao's own, the same whatever machine the server runs on; loaded
/// once.
fn fonts() -> &'static jixiao_pipeline::report::fonts::Fonts {
    static FONTS: std::sync::OnceLock<jixiao_pipeline::report::fonts::Fonts> = std::sync::OnceLock::new();
    FONTS.get_or_init(|| jixiao_pipeline::report::fonts::Fonts::new(jixiao_pipeline::fonts::bundled()))
}

/// The record written into the 填报工作簿.
pub fn workbook(checked: &Checked) -> Result<Vec<u8>, String> {
    let Record::Dept(record) = &checked.loaded.record else {
        return Err("项目支出绩效自评记录没有填报工作簿".into());
    };
    let (system, _) = system_of(&checked.loaded.record);
    jixiao_pipeline::workbook::export(record, system.map(|s| &s.system)).map_err(|e| e.to_string())
}

/// The record as TOML.
pub fn record_toml(checked: &Checked) -> Result<String, String> {
    checked.loaded.record.to_toml()
}

/// A workbook read into a record, before anything is saved.
pub struct ImportPreview {
    /// The record as JSON text.
    pub record_json: String,
    /// The record checked (the import's own findings included).
    pub checked: Checked,
    /// Field path → `'sheet'!cell`.
    pub cells: HashMap<String, String>,
    /// Notes about the workbook as a whole.
    pub notes: Vec<String>,
    /// The findings as `jixiao check 文件.xlsx --format json` lists them (places are cells).
    pub findings_json: Value,
}

impl ImportPreview {
    /// The cell a field path is in (or its nearest enclosing field's).
    pub fn cell_of(&self, path: &str) -> Option<String> {
        let mut p = path;
        loop {
            if let Some(c) = self.cells.get(p) {
                return Some(c.clone());
            }
            p = jixiao_pipeline::source::parent_path(p)?;
        }
    }
}

/// Why a workbook could not be read.
#[derive(Debug)]
pub enum ImportFailure {
    /// Cells to correct: (`'sheet'!cell`, message).
    Cells(Vec<(String, String)>),
    /// The file as a whole (not a workbook, encrypted, a zip bomb …).
    File(String),
}

/// Reads an uploaded 填报工作簿 and checks the record it holds.
pub fn import_workbook(name: &str, bytes: &[u8]) -> Result<ImportPreview, ImportFailure> {
    let read = jixiao_pipeline::read(name, Input::Workbook(bytes)).map_err(|e| match e {
        ReadError::Workbook(WorkbookError::Cells(issues)) => {
            ImportFailure::Cells(issues.into_iter().map(|i| (i.place, i.message)).collect())
        }
        other => ImportFailure::File(read_error(other)),
    })?;
    let record_json = read.record.to_json().map_err(ImportFailure::File)?;
    let notes = read.reading.notes.clone();
    let mut cells = HashMap::new();
    let map = read.map.clone();
    // The cells the findings name (the map is keyed by field path).
    let checked = Checked { text: record_json.clone(), ..check_read(read) };
    let findings_json = {
        let view = jixiao_pipeline::diagnostics::SourceView { name, text: "", map: &map };
        let mut all = jixiao_pipeline::diagnostics::findings_json(&checked.findings, &view);
        all.get_mut("findings").map(Value::take).unwrap_or(Value::Array(Vec::new()))
    };
    for f in &checked.findings {
        for p in std::iter::once(&f.primary).chain(&f.related) {
            if let Some((_, Place::Cell { sheet, cell })) = map.resolve(&p.path) {
                cells.insert(p.path.clone(), format!("'{sheet}'!{cell}"));
            }
        }
    }
    // The record's own places are in the JSON text from here on.
    let checked = match load(&record_json) {
        Ok(loaded) => Checked { loaded, ..checked },
        Err(_) => checked,
    };
    Ok(ImportPreview { record_json, checked, cells, notes, findings_json })
}

/// A reading failure's own message.
fn read_error(e: ReadError) -> String {
    match e {
        ReadError::Workbook(e) => e.to_string(),
        ReadError::Report(e) => e.to_string(),
        ReadError::EmptyRecord => "记录是空的".into(),
        ReadError::Record { errors, .. } => errors.into_iter().map(|e| e.message).collect::<Vec<_>>().join(";"),
    }
}

/// A finding of an audit with the byte ranges (start, end, label) of its figures, primary first.
pub type Marked = (Finding, Vec<(usize, usize, Option<String>)>);

/// A report audited: its text, and each finding with the byte ranges of its figures.
pub struct Audited {
    /// The extracted text.
    pub text: String,
    /// Findings with (start, end, label) of their figures, primary first.
    pub findings: Vec<Marked>,
    /// Whether a department self-evaluation was recognised in it.
    pub recognised: bool,
    /// `报告.pdf:发现 5 个错误`, or that nothing could be checked (never 未发现问题 then).
    pub summary: String,
    /// What was read and how many relations were checked.
    pub coverage: String,
}

/// Audits an uploaded report (.pdf, .docx, .txt, .html, .md).
pub fn audit(name: &str, bytes: &[u8]) -> Result<Audited, String> {
    if is_workbook(name, bytes) {
        return Err("这是 Excel 工作簿,不是报告。“审核报告”读的是已写成的自评报告(.pdf、.docx、.txt、.html、.md);\
                    填好的填报工作簿请在单位年度页的“导入工作簿”中检查和导入。"
            .into());
    }
    let read = jixiao_pipeline::read(name, Input::Report(bytes)).map_err(|e| {
        let m = read_error(e);
        m.strip_prefix("无法读取:").map(str::to_string).unwrap_or(m)
    })?;
    let a = jixiao_pipeline::check(read, None);
    let findings = a
        .findings
        .iter()
        .map(|f| (f.clone(), a.spans(f).into_iter().map(|(s, label)| (s.start, s.end, label)).collect()))
        .collect();
    let coverage = &a.read.reading.coverage;
    let summary = jixiao_pipeline::diagnostics::audit_summary(name, &a.findings, coverage);
    let coverage = jixiao_pipeline::diagnostics::render_coverage(coverage);
    Ok(Audited { recognised: a.read.reading.recognised, findings, text: a.read.text, summary, coverage })
}

/// A reviewer's batch of uploaded reports (`jixiao review`): each written to a temporary
/// folder by the name it was uploaded with (a repeated name gets its number in front),
/// reviewed with the default rules, and given back as the dashboard (.html) or, when `xlsx`,
/// the summary workbook: (bytes, content type, file name). The names in the summary are the
/// uploaded ones; the folder is removed when done.
pub fn review_batch(files: &[(String, Vec<u8>)], xlsx: bool) -> Result<(Vec<u8>, &'static str, &'static str), String> {
    let dir = tempfile::tempdir().map_err(|e| e.to_string())?;
    let mut paths = Vec::new();
    let mut used = std::collections::HashSet::new();
    for (i, (name, bytes)) in files.iter().enumerate() {
        // The name as uploaded, without any folder part; one no file system takes (a NUL, too
        // long) becomes 报告N with its extension.
        let base = name
            .rsplit(['/', '\\'])
            .next()
            .filter(|b| !b.is_empty() && *b != "." && *b != ".." && !b.contains('\0') && b.len() <= 200);
        let ext = name
            .rsplit_once('.')
            .map(|(_, e)| e)
            .filter(|e| e.len() <= 5 && e.chars().all(|c| c.is_ascii_alphanumeric()));
        let mut file = base.map_or_else(|| format!("报告{}.{}", i + 1, ext.unwrap_or("txt")), str::to_string);
        if !used.insert(file.clone()) {
            file = format!("{}-{file}", i + 1);
            used.insert(file.clone());
        }
        let path = dir.path().join(&file);
        std::fs::write(&path, bytes).map_err(|e| e.to_string())?;
        paths.push(path);
    }
    let rules = jixiao_review::ReviewRules::default();
    let mut batch = jixiao_review::review(&paths, Vec::new(), &rules, rayon::current_num_threads(), &|_| {});
    // The names as uploaded, not the temporary folder's: each row's file, and the findings and
    // signals that cite another report (R008).
    let prefix = format!("{}{}", dir.path().display(), std::path::MAIN_SEPARATOR);
    for r in &mut batch.reports {
        r.file = r.file.replace(&prefix, "");
        for f in &mut r.findings {
            f.message = f.message.replace(&prefix, "");
        }
        for sig in &mut r.signals {
            sig.message = sig.message.replace(&prefix, "");
        }
        if let jixiao_review::Status::Unreadable(why) = &mut r.status {
            *why = why.replace(&prefix, "");
        }
    }
    Ok(if xlsx {
        (
            jixiao_review::write_xlsx(&batch)?,
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "复核汇总.xlsx",
        )
    } else {
        (jixiao_review::to_html(&batch, &rules).into_bytes(), "text/html; charset=utf-8", "复核汇总.html")
    })
}

/// Whether an upload is an Excel workbook: named so, or a zip package holding a workbook part
/// (`xl/workbook.xml`) under another name.
fn is_workbook(name: &str, bytes: &[u8]) -> bool {
    let lower = name.to_lowercase();
    [".xlsx", ".xlsm", ".xls", ".et"].iter().any(|e| lower.ends_with(e))
        || (bytes.starts_with(b"PK\x03\x04") && bytes.windows(15).any(|w| w == b"xl/workbook.xml"))
}

/// A rule's description.
#[derive(Debug, Clone, serde::Serialize)]
pub struct RuleDoc {
    /// Code (A001).
    pub code: &'static str,
    /// Title.
    pub title: &'static str,
    /// 错误 / 警告.
    pub severity: &'static str,
    /// The explanation (Markdown).
    pub text: String,
}

/// The description of a rule (or a reading finding, W001…), as `jixiao explain` prints it.
pub fn explain(code: &str) -> Option<RuleDoc> {
    jixiao_pipeline::rules::find_info(code).map(|i| RuleDoc {
        code: i.code,
        title: i.title,
        severity: i.severity.name_zh(),
        text: i.explanation(),
    })
}

/// The record of a year nothing has been saved in yet.
pub fn blank_record(department: &str, year: i64) -> Value {
    serde_json::json!({"kind": "dept_evaluation", "header": {"department": department, "year": year}})
}

/// A record file's text (TOML) as the JSON text the store keeps.
pub fn toml_to_json(text: &str) -> Result<String, String> {
    let read = jixiao_pipeline::read("record.toml", Input::Record { text: text.to_string(), format: Format::Toml })
        .map_err(read_error)?;
    read.record.to_json()
}

/// A figure of the record's JSON as an exact decimal (money in 万元, rates in percent).
pub fn number(v: &Value) -> Option<Decimal> {
    jixiao_pipeline::workbook::eval::number(v)
}

/// The view of a record's JSON under `schema`, for [`computed_at`].
pub fn record_view(schema: &'static schema::Schema, record: &Value) -> RecordView {
    RecordView::of_value(schema, record.clone())
}

/// What the derived figure stated at `path` comes to from the figures it is computed from,
/// for showing beside the figure the filer states: rates as `80.43%`, others to two decimals
/// (四舍五入), whole numbers without decimals. `None` when the field is not a derived figure
/// or its inputs are not filled.
pub fn computed_at(view: &RecordView, path: &str) -> Option<String> {
    let figure = view.schema().derived_for(path)?;
    let v = view.computed_at(path)?.face;
    Some(if figure.formula.is_rate() {
        format!("{}%", jixiao_pipeline::num::format_fixed(v, 2))
    } else if v.fract().is_zero() {
        v.normalize().to_string()
    } else {
        jixiao_pipeline::num::format_fixed(v, 2)
    })
}

/// The built-in indicator systems for department records: (id, name).
pub fn dept_systems() -> Vec<(String, String)> {
    jixiao_pipeline::system::builtins()
        .iter()
        .filter(|s| s.system.system.kind == jixiao_pipeline::record::RecordKind::DeptEvaluation)
        .map(|s| (s.system.system.id.clone(), s.system.system.name.clone()))
        .collect()
}

/// Parses and validates an indicator system file (TOML) uploaded for a task: the system, or
/// every problem found, in Chinese, each with the field it is about.
pub fn load_task_system(text: &str) -> Result<LoadedSystem, Vec<String>> {
    jixiao_pipeline::system::load_system(text, Format::Toml, "上传的指标体系").map_err(|errors| {
        errors
            .into_iter()
            .map(|e| if e.path.is_empty() { e.message } else { format!("{}:{}", e.path, e.message) })
            .collect()
    })
}

/// A built-in indicator system by id.
pub fn builtin_system(id: &str) -> Option<&'static LoadedSystem> {
    jixiao_pipeline::system::builtins().iter().find(|s| s.system.system.id == id)
}

/// The id and name of a system.
pub fn system_name(s: &LoadedSystem) -> (String, String) {
    (s.system.system.id.clone(), s.system.system.name.clone())
}

/// The score sheet of a checked record under `system` (a task's), when the system is for
/// records of its kind.
pub fn score_with(checked: &Checked, system: &LoadedSystem) -> Option<ScoreSheet> {
    (system.system.system.kind == checked.loaded.record.kind())
        .then(|| jixiao_pipeline::score(&checked.loaded.record, &system.system))
}

/// A ratio (0.1234) as a percentage to two decimals (`12.34`), 四舍五入.
pub fn percent_text(ratio: Decimal) -> String {
    jixiao_pipeline::num::format_fixed(ratio * Decimal::from(100), 2)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    /// A request's body parsed once and checked as a value gives what writing it out and
    /// checking the text gave: the same stored text, findings (with their lines and columns)
    /// and score; and the same Chinese problems, naming the field, for a record that does
    /// not load.
    #[test]
    fn checking_a_value_is_checking_its_pretty_text() {
        let seed = toml_to_json(include_str!("../../../examples/lechang-hrss-2024.toml")).unwrap();
        let value: Value = serde_json::from_str(&seed).unwrap();
        let text = serde_json::to_string_pretty(&value).unwrap();
        let by_text = check(text.clone()).unwrap();
        let by_value = check_value(value).unwrap();
        assert_eq!(by_value.text, text);
        assert!(by_value.counts().0 > 0, "the seed has errors to place");
        assert_eq!(findings_json(&by_value, "r.json"), findings_json(&by_text, "r.json"));
        assert_eq!(
            by_value.score.as_ref().map(score_json),
            by_text.score.as_ref().map(score_json),
            "the same score sheet"
        );

        let bad = serde_json::json!({
            "kind": "dept_evaluation",
            "header": {"department": "某局", "year": 2024},
            "finance": {"budget_initial": "三千万", "actual": "95.50"},
        });
        let by_text = check(serde_json::to_string_pretty(&bad).unwrap()).err().unwrap();
        let by_value = check_value(bad).err().unwrap();
        assert_eq!(by_value, by_text);
        assert_eq!(by_value[0].path, "finance.budget_initial");
        assert!(by_value[0].message.contains("应为金额"), "{}", by_value[0].message);
    }

    /// A figure typed as text keeps its written decimals through the value.
    #[test]
    fn a_value_keeps_its_written_decimals() {
        let v = serde_json::json!({
            "kind": "dept_evaluation",
            "header": {"department": "某局", "year": 2024},
            "finance": {"budget_initial": "95.50"},
        });
        let checked = check_value(v).unwrap();
        assert!(checked.text.contains("\"budget_initial\": \"95.50\""), "{}", checked.text);
        let Record::Dept(r) = &checked.loaded.record else { panic!("a department record") };
        assert_eq!(r.finance.budget_initial.as_ref().map(|a| a.value.to_string()).as_deref(), Some("95.50"));
    }
}
