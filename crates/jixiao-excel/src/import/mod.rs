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
use crate::layout::{Block, blocks};
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
}

/// The workbook being read into the record's value tree, with what was found so far.
struct Importer<'a> {
    grids: &'a [Grid],
    json: Value,
    map: SourceMap,
    errors: Vec<Issue>,
    warnings: Vec<Warning>,
    formulas: Vec<FormulaCell>,
    /// An old .xls: its formulas cannot always be read (shared formulas), so a derived cell
    /// without one is stated only where its value differs from the recomputation.
    xls: bool,
    /// The 单位 column of the form being read, for messages about a unit written there.
    unit_col: Option<u32>,
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

/// Reads a workbook (`.xlsx`, or an old `.xls`) into a department record.
pub fn import(name: &str, bytes: &[u8], limits: &Limits) -> Result<Imported, ReadError> {
    let (grids, xls) = grid::open_grids(name, bytes, limits)?;
    let found = blocks::find_blocks(&grids);
    let mut im = Importer {
        grids: &grids,
        json: Value::Object(Map::new()),
        map: SourceMap::default(),
        errors: Vec::new(),
        warnings: Vec::new(),
        formulas: Vec::new(),
        xls,
        unit_col: None,
    };
    let mut notes = Vec::new();
    if xls {
        notes.push(
            "这是旧版 .xls 文件:单元格的显示格式和部分公式无法读取,数字按其实际值读取,与重新计算一致的合计、差异和比率按公式处理。建议在 Excel/WPS 中另存为 .xlsx 后再检查。"
                .to_string(),
        );
    }
    let mut missing = Vec::new();
    for (sheet, b) in blocks() {
        let Some(f) = found.get(b.title()).copied() else {
            missing.push(format!("{}(原在“{sheet}”表)", b.title()));
            continue;
        };
        match b {
            Block::Form { columns, fields, .. } => im.form(f, columns, fields),
            Block::Table { path, columns, child, total, .. } => im.table(f, path, columns, *child, total.as_ref()),
        }
    }
    if !found.contains_key("【基本信息】") {
        return Err(ReadError::NotTemplate(
            "找不到【基本信息】部分(部门名称、年度):这不像是 jixiao 的填报工作簿。请用 jixiao template 生成模板后填写"
                .into(),
        ));
    }
    if !missing.is_empty() {
        notes.push(format!("找不到以下部分,视为未填:{}", missing.join("、")));
    }
    im.check_formulas();
    if !im.errors.is_empty() {
        return Err(ReadError::Cells(std::mem::take(&mut im.errors)));
    }
    // The two fields every record needs, named by their labels.
    for (path, label) in [("header.department", "部门名称"), ("header.year", "年度")] {
        if get(&im.json, path).is_none() {
            let place = cell_of(&im.map, path);
            im.errors.push(Issue { place, message: format!("必填项“{label}”未填写") });
        }
    }
    if !im.errors.is_empty() {
        return Err(ReadError::Cells(std::mem::take(&mut im.errors)));
    }
    set(&mut im.json, "kind", Value::String("dept_evaluation".into()));
    if let Some(Value::Object(o)) = im.json.get_mut("organization").and_then(|o| o.get_mut("internal_offices"))
        && !o.contains_key("label")
    {
        o.insert("label".into(), Value::String("内设机构".into()));
    }
    let map = im.map.clone();
    let doc = Document { value: im.json, map: im.map };
    let loaded = jixiao_core::input::record_from_document(doc).map_err(|errs| {
        ReadError::Cells(
            errs.iter()
                .map(|e| Issue { place: cell_of(&map, &e.path), message: with_labels(&e.path, &e.message) })
                .collect(),
        )
    })?;
    let mut findings = Vec::new();
    for (path, severity, code, message) in formulas::group_stale(im.warnings) {
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
    Ok(Imported { loaded, findings, notes })
}

/// A loader message with the record's field names replaced by the workbook's labels
/// (`缺少必填字段“budget”` → `缺少必填项“预算数(万元)”`).
fn with_labels(path: &str, message: &str) -> String {
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
    let label = blocks().find_map(|(_, b)| match b {
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
