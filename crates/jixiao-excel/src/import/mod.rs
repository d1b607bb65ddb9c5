//! Reading a filled workbook into a record, every figure with its cell.
//!
//! Blocks are found by their 【】 titles anywhere in the workbook; form rows by their labels;
//! table columns by their headers. Numbers become exact decimals at the precision the cell
//! shows; numbers typed as text are read with a warning; a formula's cached result is
//! compared with jixiao's recomputation. Problems that stop the import are all collected
//! and returned together, each with its `'sheet'!cell`.
//!
//! [`import()`] runs the steps, one module each: `grid` (the sheets' cells), `blocks` (where
//! each field is), `cell_value` (what a cell holds, as the field's kind), `formulas`
//! (derived cells against the recomputation). This module holds the importer they share,
//! the import's finding codes, and the messages naming fields by their workbook labels.

use jixiao_core::finding::{Finding, Pointer, Severity};
use jixiao_core::input::LoadedRecord;
use jixiao_core::load::Document;
use jixiao_core::source::{Place, SourceMap};
use serde_json::{Map, Value};

use crate::eval::{get, set};
use jixiao_core::schema::Schema;

use crate::layout::{Block, SCHEMAS, blocks_of, first_title};
use crate::{Issue, Limits, ReadError};

use formulas::FormulaCell;
use grid::Grid;

mod blocks;
mod cell_value;
mod formulas;
mod grid;

/// A workbook read into a record.
#[derive(Debug)]
pub struct Imported {
    /// The record and where each field is (`'sheet'!cell`).
    pub loaded: LoadedRecord,
    /// What the import noticed (numbers typed as text, stale formulas, …), as findings that
    /// point at cells through `loaded.map`.
    pub findings: Vec<Finding>,
    /// Notes that are not about one figure (blocks not found, an old `.xls`).
    pub notes: Vec<String>,
    /// What reading it cost.
    pub work: Work,
}

/// What reading a workbook cost, counted: tests bound it to show that the work grows with
/// what the workbook holds, not with where its cells are.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Work {
    /// Cells the reader stored (holding a value or a formula).
    pub cells: u64,
    /// Rows the importer visited in its blocks.
    pub rows: u64,
    /// Cells it read as the value of a field.
    pub fields: u64,
}

/// The workbook being read into the record's value tree, with what was found so far.
struct Importer<'a> {
    /// The record the workbook holds: the department's or a project's.
    schema: &'static Schema,
    grids: &'a [Grid<'a>],
    json: Value,
    map: SourceMap,
    errors: Vec<Issue>,
    warnings: Vec<Warning>,
    /// Plainly stale formula results: (path, cell, message), grouped when many.
    stale: Vec<(String, String, String)>,
    formulas: Vec<FormulaCell>,
    /// The 单位 column of the form being read, for messages about a unit written there.
    unit_col: Option<u32>,
    work: Work,
}

/// A number or a date typed as text (read with a warning).
const TEXT_NUMBER: &str = "W002";
/// A date where text was expected (Excel turned the text into a date).
const DATE_AS_TEXT: &str = "W003";
/// A formula whose cached result is not the recomputation.
const STALE: &str = "W001";

/// A finding of the import: (field path, severity, code, message); no code makes it a note.
type Warning = (String, Severity, &'static str, String);

impl Importer<'_> {
    /// An error at a cell: the import will not succeed.
    fn error(&mut self, g: &Grid, row: u32, col: u32, message: String) {
        self.errors.push(Issue { place: g.at(row, col), message });
    }

    /// A warning about the field at `path`, with its finding code.
    fn warn(&mut self, path: &str, code: &'static str, message: String) {
        self.warnings.push((path.to_string(), Severity::Warning, code, message));
    }

    /// A note about the workbook that is not about one field.
    fn notes_unknown(&mut self, note: String) {
        self.warnings.push((String::new(), Severity::Warning, "", note));
    }
}

/// Reads a workbook (`.xlsx`, or an old `.xls`) into a record: a department record, or a
/// project record (项目支出绩效自评表) when it has the project's blocks.
///
/// Never panics: a panic inside the reader (a bug, in jixiao or a library) becomes
/// [`ReadError::Internal`] naming the file and the sheet being read.
pub fn import(name: &str, bytes: &[u8], limits: &Limits) -> Result<Imported, ReadError> {
    guarded(name, || import_unguarded(name, bytes, limits))
}

/// Runs `read`, turning a panic inside it into [`ReadError::Internal`].
fn guarded<T>(name: &str, read: impl FnOnce() -> Result<T, ReadError>) -> Result<T, ReadError> {
    crate::read::reading(None);
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(read));
    let sheet = crate::read::reading(None);
    result.unwrap_or_else(|panic| {
        let detail = panic
            .downcast_ref::<&str>()
            .map(|s| (*s).to_string())
            .or_else(|| panic.downcast_ref::<String>().cloned())
            .unwrap_or_default();
        let file = std::path::Path::new(name).file_name().map_or(name.into(), |f| f.to_string_lossy().into_owned());
        Err(ReadError::Internal { file, sheet, detail: detail.chars().take(200).collect() })
    })
}

fn import_unguarded(name: &str, bytes: &[u8], limits: &Limits) -> Result<Imported, ReadError> {
    let (book, mut notes) = crate::read::open(name, bytes, limits)?;
    let grids: Vec<Grid<'_>> =
        book.sheets.iter().map(|sheet| Grid { book: &book, sheet, name: sheet.name.as_str().into() }).collect();
    let found = blocks::find_blocks(&grids);
    // A project's workbook has 【项目基本信息】, a department's 【基本信息】.
    let Some(schema) = SCHEMAS.iter().rev().copied().find(|s| found.contains_key(first_title(s))) else {
        return Err(ReadError::NotTemplate(
            "找不到【基本信息】部分(部门名称、年度)或【项目基本信息】部分(项目名称、年度):这不像是 jixiao 的填报工作簿。请用 jixiao template(项目支出用 jixiao template --kind project)生成模板后填写"
                .into(),
        ));
    };
    let project = schema.kind == jixiao_core::record::RecordKind::ProjectEvaluation;
    let mut im = Importer {
        schema,
        grids: &grids,
        json: Value::Object(Map::new()),
        map: SourceMap::default(),
        errors: Vec::new(),
        warnings: Vec::new(),
        stale: Vec::new(),
        formulas: Vec::new(),
        unit_col: None,
        work: Work { cells: book.sheets.iter().map(|s| s.len() as u64).sum(), ..Work::default() },
    };
    if book.xls {
        notes.push(
            "这是旧版 .xls 文件:已读取其中的数字、格式和公式结果,但批注的文字读不出。建议在 Excel/WPS 中另存为 .xlsx 后继续填写。"
                .to_string(),
        );
    }
    let mut missing = Vec::new();
    for (sheet, b) in blocks_of(schema) {
        let Some(f) = found.get(b.title()).copied() else {
            missing.push(format!("{}(原在“{sheet}”表)", b.title()));
            continue;
        };
        match b {
            Block::Form { columns, fields, .. } => im.form(f, columns, fields),
            Block::Table { path, columns, child, total, .. } => im.table(f, path, columns, *child, total.as_ref()),
        }
    }
    if !missing.is_empty() {
        notes.push(format!("找不到以下部分,视为未填:{}", missing.join("、")));
    }
    im.check_formulas();
    // Every problem in one round: the cells that cannot be read, the two fields every record
    // needs (named by their labels), and what the record's own checks find, one per cell.
    let required: &[(&str, &str)] = if project {
        &[
            ("header.project", "项目名称"),
            ("header.department", "主管部门"),
            ("header.year", "年度"),
            ("funds.total.label", "行名"),
        ]
    } else {
        &[("header.department", "部门名称"), ("header.year", "年度")]
    };
    for &(path, label) in required {
        let place = cell_of(&im.map, path);
        if get(&im.json, path).is_none() && !im.errors.iter().any(|e| e.place == place) {
            im.errors.push(Issue { place, message: format!("必填项“{label}”未填写") });
        }
    }
    if im.json.get("header").is_none() {
        // Named above by its fields, not again as a whole.
        set(&mut im.json, "header", Value::Object(Map::new()));
    }
    if project && im.json.get("funds").and_then(|f| f.get("total")).is_none() {
        // Named above by its 行名, not again as a whole.
        set(&mut im.json, "funds.total", Value::Object(Map::new()));
    }
    let kind = if project { "project_evaluation" } else { "dept_evaluation" };
    set(&mut im.json, "kind", Value::String(kind.into()));
    if let Some(Value::Object(o)) = im.json.get_mut("organization").and_then(|o| o.get_mut("internal_offices"))
        && !o.contains_key("label")
    {
        o.insert("label".into(), Value::String("内设机构".into()));
    }
    let work = im.work;
    let doc = Document { value: std::mem::take(&mut im.json), map: std::mem::take(&mut im.map) };
    let loaded = match jixiao_core::input::record_from_document_or_back(doc) {
        Ok(loaded) if im.errors.is_empty() => loaded,
        Ok(_) => return Err(ReadError::Cells(im.errors)),
        Err(back) => {
            let (errs, doc) = *back;
            let map = doc.map;
            let mut issues = im.errors;
            for e in &errs {
                let place = cell_of(&map, &e.path);
                // A cell already named (a value that could not be read is also missing).
                if issues.iter().any(|i| i.place == place) {
                    continue;
                }
                issues.push(Issue { place, message: with_labels(schema, &e.path, &e.message) });
            }
            return Err(ReadError::Cells(issues));
        }
    };
    let mut findings = Vec::new();
    let warnings = im.warnings.into_iter().chain(formulas::group_stale(im.stale));
    for (path, severity, code, message) in warnings {
        if code.is_empty() {
            notes.push(message);
            continue;
        }
        findings.push(Finding {
            code: code.to_string(),
            rule: match code {
                STALE => "stale_formula",
                TEXT_NUMBER => "number_typed_as_text",
                _ => "date_in_text_cell",
            }
            .to_string(),
            severity,
            message,
            help: None,
            primary: Pointer { path, label: None },
            related: Vec::new(),
            stated: None,
            computed: None,
            tolerance: None,
        });
    }
    Ok(Imported { loaded, findings, notes, work })
}

/// A loader message with the record's field names replaced by the workbook's labels
/// (`缺少必填字段“budget”` → `缺少必填项“预算数(万元)”`).
fn with_labels(schema: &'static Schema, path: &str, message: &str) -> String {
    let Some(rest) = message.strip_prefix("缺少必填字段“") else { return message.to_string() };
    let key = rest.split('”').next().unwrap_or("");
    let bare: String = {
        // `budget_table.rows[2]` → `budget_table.rows`
        let mut out = String::new();
        let mut depth = 0;
        for c in path.chars() {
            match c {
                '[' => depth += 1,
                ']' => depth -= 1,
                c if depth == 0 => out.push(c),
                _ => {}
            }
        }
        // The path names the missing field itself (`budget_table.rows[2].code`).
        match out.strip_suffix(key).and_then(|o| o.strip_suffix('.')) {
            Some(parent) => parent.to_string(),
            None => out,
        }
    };
    let label = blocks_of(schema).find_map(|(_, b)| match b {
        Block::Table { path: p, columns, .. } if *p == bare => columns.iter().find(|c| c.key == key).map(|c| c.label),
        Block::Form { columns, fields, .. } => columns
            .iter()
            .any(|(base, _)| *base == bare || bare.ends_with(base))
            .then(|| fields.iter().find(|f| f.key == key || f.key.ends_with(&format!(".{key}"))).map(|f| f.label))
            .flatten(),
        _ => None,
    });
    match label {
        Some(l) => format!("必填项“{l}”未填写"),
        None => message.to_string(),
    }
}

/// `'sheet'!B5` of a field path (or of its nearest enclosing field), or the path itself.
fn cell_of(map: &SourceMap, path: &str) -> String {
    match map.resolve(path) {
        Some((_, Place::Cell { sheet, cell })) => format!("'{sheet}'!{cell}"),
        _ => format!("字段 {path}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_inside_the_reader_names_the_file_and_sheet() {
        let m = guarded::<()>("/tmp/报表/自评.xlsx", || {
            crate::read::reading(Some("收支预决算"));
            panic!("index out of bounds: the len is 3 but the index is 9");
        })
        .expect_err("a panic is an error")
        .to_string();
        assert!(m.starts_with("无法读取工作簿“自评.xlsx”的工作表“收支预决算”:"), "{m}");
        assert!(m.contains("index out of bounds"), "{m}");
        // The next read starts with no sheet named.
        let m = guarded::<()>("a.xlsx", || panic!("boom")).expect_err("error").to_string();
        assert!(m.starts_with("无法读取工作簿“a.xlsx”:"), "{m}");
    }
}
