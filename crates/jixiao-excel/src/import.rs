//! Reading a filled workbook into a record, every figure with its cell.
//!
//! Blocks are found by their 【】 titles anywhere in the workbook; form rows by their labels;
//! table columns by their headers. Numbers become exact decimals at the precision the cell
//! shows; numbers typed as text are read with a warning; a formula's cached result is
//! compared with jixiao's recomputation. Problems that stop the import are all collected
//! and returned together, each with its `'sheet'!cell`.

use std::collections::HashMap;
use std::io::Cursor;

use calamine::{Data, Dimensions, Range, Reader, StyleRange};
use jixiao_core::Decimal;
use jixiao_core::finding::{Finding, Pointer, Severity};
use jixiao_core::input::LoadedRecord;
use jixiao_core::load::Document;
use jixiao_core::source::{Place, SourceMap};
use serde_json::{Map, Value};

use crate::cells::{Shown, a1, builtin_format, date_of_serial, number_in_text, shown, shown_decimal};
use crate::eval::{Ctx, eval, get, is_percent, number, set};
use crate::layout::{Block, Calc, Field, SHEETS, Total, Ty, blocks, join};
use crate::{Issue, Limits, ReadError};

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

/// One sheet's cells.
struct Grid {
    name: String,
    values: Range<Data>,
    formulas: Range<String>,
    styles: StyleRange,
    merged: Vec<Dimensions>,
    is_1904: bool,
}

impl Grid {
    fn merged_origin(&self, row: u32, col: u32) -> (u32, u32) {
        self.merged
            .iter()
            .find(|d| d.start.0 <= row && row <= d.end.0 && d.start.1 <= col && col <= d.end.1)
            .map_or((row, col), |d| d.start)
    }

    /// The value shown in a cell (the top-left value for a cell inside a merged range).
    fn value(&self, row: u32, col: u32) -> &Data {
        let (r, c) = self.merged_origin(row, col);
        self.values.get_value((r, c)).unwrap_or(&Data::Empty)
    }

    fn formula(&self, row: u32, col: u32) -> Option<&str> {
        self.formulas.get_value((row, col)).map(String::as_str).filter(|f| !f.trim().is_empty())
    }

    fn shown(&self, row: u32, col: u32) -> Shown {
        let (r, c) = self.merged_origin(row, col);
        self.styles
            .get((r, c))
            .and_then(|s| s.number_format.as_ref())
            .map(|n| {
                let code = if n.format_code.is_empty() {
                    n.format_id.and_then(builtin_format).unwrap_or("General")
                } else {
                    &n.format_code
                };
                shown(code)
            })
            .unwrap_or_default()
    }

    /// Whether the cell itself holds something (a cell covered by a merged range does not).
    fn has_own_value(&self, row: u32, col: u32) -> bool {
        self.merged_origin(row, col) == (row, col)
            && match self.values.get_value((row, col)) {
                None | Some(Data::Empty) => false,
                Some(Data::String(s)) => !s.trim().is_empty(),
                Some(_) => true,
            }
    }

    fn text(&self, row: u32, col: u32) -> String {
        match self.value(row, col) {
            Data::String(s) => s.trim().to_string(),
            Data::Empty => String::new(),
            Data::Float(f) => format!("{f}"),
            Data::Int(i) => i.to_string(),
            other => other.to_string(),
        }
    }

    fn end(&self) -> (u32, u32) {
        self.values.end().unwrap_or((0, 0))
    }

    fn place(&self, row: u32, col: u32) -> Place {
        Place::Cell { sheet: self.name.clone(), cell: a1(row, col) }
    }

    fn at(&self, row: u32, col: u32) -> String {
        format!("'{}'!{}", self.name, a1(row, col))
    }
}

/// Labels and headers compared without blanks and line breaks.
fn norm(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// Where a field's value goes: `set` in `self.json` (a path in the record, or a key of the
/// table item being built), the record `path` it stands for, the `object` its formula reads,
/// and the `array` whose columns a total sums.
struct At<'p> {
    set: &'p str,
    path: &'p str,
    object: &'p str,
    array: Option<&'p str>,
}

/// A formula cell to compare with the recomputation once the record is built.
struct FormulaCell {
    sheet: usize,
    row: u32,
    col: u32,
    calc: Calc,
    /// Path of the object the formula reads (form column object or table row).
    object: String,
    /// Path of the array for column sums (tables).
    array: Option<String>,
    /// Path the cell stands for.
    path: String,
    cached: Option<f64>,
    /// For a workbook whose formulas cannot be read (an old .xls): the value typed there,
    /// kept as stated only if it differs from the recomputation.
    fallback: Option<Value>,
}

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

const TEXT_NUMBER: &str = "W002";
const DATE_AS_TEXT: &str = "W003";
const STALE: &str = "W001";

/// A finding of the import: (field path, severity, code, message); no code makes it a note.
type Warning = (String, Severity, &'static str, String);

impl Importer<'_> {
    fn error(&mut self, g: &Grid, row: u32, col: u32, message: String) {
        self.errors.push(Issue { place: g.at(row, col), message });
    }

    fn warn(&mut self, path: &str, code: &'static str, message: String) {
        self.warnings.push((path.to_string(), Severity::Warning, code, message));
    }

    /// A cell as the JSON value of a field of kind `ty`; `unit` is the unit column's text.
    fn cell(&mut self, gi: usize, row: u32, col: u32, fld: &Field, unit: &str, path: &str) -> Option<Value> {
        let grids = self.grids;
        let g = &grids[gi];
        let data = g.value(row, col).clone();
        let shown_as = g.shown(row, col);
        let label = fld.label;
        let is_1904 = g.is_1904;
        let text_number = |me: &mut Self, d: Decimal, typed: &str| {
            me.warn(
                path,
                TEXT_NUMBER,
                format!("{}“{label}”以文字形式填写了数字“{typed}”,已按 {d} 读取;请把单元格改为数字", g.at(row, col)),
            );
        };
        match (fld.ty, &data) {
            (_, Data::Empty) => None,
            (_, Data::String(s)) if s.trim().is_empty() => None,
            (_, Data::Error(e)) => {
                self.error(g, row, col, format!("“{label}”是错误值 {e}"));
                None
            }
            (Ty::Text | Ty::Long, Data::String(s)) => {
                Some(Value::String(if fld.ty == Ty::Long { s.trim_end().to_string() } else { s.trim().to_string() }))
            }
            (Ty::Text | Ty::Long, Data::DateTime(dt)) => {
                let d = date_of_serial(dt.as_f64(), is_1904).unwrap_or_default();
                self.warn(path, DATE_AS_TEXT, format!("{}“{label}”应为文字,单元格却是日期 {d}(可能被 Excel 自动转换);已按“{d}”读取,如有误请把单元格设为文本格式后重新填写", g.at(row, col)));
                Some(Value::String(d))
            }
            (Ty::Text | Ty::Long, Data::Float(f)) => Some(Value::String(format!("{f}"))),
            (Ty::Text | Ty::Long, other) => Some(Value::String(other.to_string())),
            (Ty::Names, _) => {
                let t = g.text(row, col);
                let names: Vec<Value> = t
                    .split(['、', ';', '\u{ff1b}', '\n'])
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
                    .map(|s| Value::String(s.into()))
                    .collect();
                Some(Value::Array(names))
            }
            (Ty::Bool, _) => match norm(&g.text(row, col)).to_ascii_lowercase().as_str() {
                "是" | "true" | "y" | "yes" | "1" => Some(Value::Bool(true)),
                "否" | "false" | "n" | "no" | "0" => Some(Value::Bool(false)),
                t => {
                    let t = t.to_string();
                    self.error(g, row, col, format!("“{label}”应填“是”或“否”,实为“{t}”"));
                    None
                }
            },
            (Ty::Choice(options), _) => {
                let t = norm(&g.text(row, col));
                match options
                    .iter()
                    .find(|o| o.1 == t || o.0 == t || (o.0 == ">=" && t == ">=") || (o.0 == "<=" && t == "<="))
                {
                    Some(o) => Some(Value::String(o.0.to_string())),
                    None => {
                        let list: Vec<&str> = options.iter().map(|o| o.1).collect();
                        self.error(g, row, col, format!("“{label}”应为 {} 之一,实为“{t}”", list.join("、")));
                        None
                    }
                }
            }
            (Ty::Date, Data::DateTime(dt)) => date_of_serial(dt.as_f64(), is_1904).map(Value::String),
            (Ty::Date, Data::DateTimeIso(s)) => Some(Value::String(s.chars().take(10).collect())),
            (Ty::Date, Data::Float(f)) if shown_as.date || (*f > 30000.0 && *f < 80000.0 && f.fract() == 0.0) => {
                date_of_serial(*f, is_1904).map(Value::String)
            }
            (Ty::Date, Data::String(s)) => match date_in_text(s) {
                Some(d) => {
                    if d != s.trim() {
                        self.warn(
                            path,
                            TEXT_NUMBER,
                            format!("{}“{label}”以文字形式填写了日期“{}”,已按 {d} 读取", g.at(row, col), s.trim()),
                        );
                    }
                    Some(Value::String(d))
                }
                None => {
                    self.error(g, row, col, format!("“{label}”应为日期(如 2025-03-31),实为“{}”", s.trim()));
                    None
                }
            },
            (Ty::Date, other) => {
                let t = other.to_string();
                self.error(g, row, col, format!("“{label}”应为日期(如 2025-03-31),实为“{t}”"));
                None
            }
            (ty, data) => {
                // A number: Int, Money, MoneyYuan, Pct, Num.
                let (value, unit_written, typed) = match data {
                    Data::Float(f) => {
                        // An old .xls gives no formats: its percentages are stored as fractions
                        // (a cell formatted as a percentage), its numbers at full precision.
                        // In a .xlsx, a rate typed as 93.61 into a cell not formatted as a
                        // percentage is read as 93.61%.
                        // A whole-number field is read exactly: 10.5 shown as 11 is not 11.
                        let s = if self.xls || ty == Ty::Int {
                            Shown { decimals: None, optional: 0, percent: ty == Ty::Pct, date: false }
                        } else {
                            shown_as
                        };
                        let dec = shown_decimal(*f, s);
                        (dec, "", None)
                    }
                    Data::Int(i) => (Some(Decimal::from(*i)), "", None),
                    Data::Bool(_) | Data::DateTime(_) | Data::DateTimeIso(_) | Data::DurationIso(_) => (None, "", None),
                    Data::String(s) => match number_in_text(s) {
                        Some((d, u)) => (Some(d), u, Some(s.trim().to_string())),
                        None => (None, "", Some(s.trim().to_string())),
                    },
                    Data::Empty | Data::Error(_) => (None, "", None),
                };
                let Some(value) = value else {
                    let what = typed.unwrap_or_else(|| data.to_string());
                    self.error(g, row, col, format!("“{label}”应为{},实为“{what}”", kind_zh(ty)));
                    return None;
                };
                if let Some(t) = &typed {
                    text_number(self, value, t);
                }
                let unit = if unit_written.is_empty() { unit.trim() } else { unit_written };
                match ty {
                    Ty::Int => {
                        if value.fract().is_zero() && value >= Decimal::ZERO && value <= Decimal::from(u32::MAX) {
                            Some(Value::Number(serde_json::Number::from(
                                value.trunc().mantissa() as u64 / 10u64.pow(value.trunc().scale()),
                            )))
                        } else {
                            self.error(g, row, col, format!("“{label}”应为不小于 0 的整数,实为 {value}"));
                            None
                        }
                    }
                    Ty::Pct => Some(Value::String(format!("{value}%"))),
                    Ty::Num => Some(Value::String(value.to_string())),
                    Ty::Money | Ty::MoneyYuan => {
                        let default = if ty == Ty::Money { "万元" } else { "元" };
                        let unit = if unit.is_empty() || unit == "%" { default } else { unit };
                        match (ty, unit) {
                            (Ty::Money, "万元") => Some(Value::String(value.to_string())),
                            (_, "万元" | "元" | "亿元") => Some(Value::String(format!("{value}{unit}"))),
                            (_, other) => {
                                // Point at the cell the unit was written in.
                                let at = if unit_written.is_empty() { self.unit_col.unwrap_or(col) } else { col };
                                self.error(
                                    g,
                                    row,
                                    at,
                                    format!("“{label}”的单位“{other}”无法识别,应为 万元、元 或 亿元"),
                                );
                                None
                            }
                        }
                    }
                    _ => None,
                }
            }
        }
    }
}

fn kind_zh(ty: Ty) -> &'static str {
    match ty {
        Ty::Int => "整数",
        Ty::Pct => "百分比",
        Ty::Money | Ty::MoneyYuan => "金额(数字)",
        _ => "数字",
    }
}

/// A date written as text: `2025-08-14`, `2025/8/14`, `2025.8.14`, `2025年8月14日`.
fn date_in_text(s: &str) -> Option<String> {
    let t = s.trim().replace(['年', '月', '/', '.'], "-").replace('日', "");
    let parts: Vec<&str> = t.split('-').collect();
    let [y, m, d] = parts.as_slice() else { return None };
    let (y, m, d) = (y.trim().parse::<u32>().ok()?, m.trim().parse::<u32>().ok()?, d.trim().parse::<u32>().ok()?);
    let out = format!("{y:04}-{m:02}-{d:02}");
    jixiao_core::input::valid_date(&out).then_some(out)
}

/// Where a block is: sheet, title row and column, and the row its next block starts.
#[derive(Debug, Clone, Copy)]
struct Found {
    sheet: usize,
    row: u32,
    col: u32,
    end: u32,
}

fn find_blocks(grids: &[Grid]) -> HashMap<&'static str, Found> {
    let titles: HashMap<String, &'static str> = blocks().map(|(_, b)| (norm(b.title()), b.title())).collect();
    let mut found: HashMap<&'static str, Found> = HashMap::new();
    for (gi, g) in grids.iter().enumerate() {
        let mut here: Vec<(u32, u32, &'static str)> = Vec::new();
        for (r, c, v) in g.values.used_cells() {
            if let Data::String(s) = v
                && let Some(t) = titles.get(&norm(s))
            {
                let (row, col) =
                    (g.values.start().map_or(0, |s| s.0) + r as u32, g.values.start().map_or(0, |s| s.1) + c as u32);
                here.push((row, col, t));
            }
        }
        here.sort();
        for (i, (row, col, t)) in here.iter().enumerate() {
            let end = here.get(i + 1).map_or(g.end().0 + 1, |n| n.0);
            found.entry(t).or_insert(Found { sheet: gi, row: *row, col: *col, end });
        }
    }
    found
}

/// The row after a block's title that carries its headers, and the column of each header.
fn header_row(g: &Grid, f: Found, labels: &[&str]) -> Option<(u32, HashMap<String, u32>)> {
    let wanted: Vec<String> = labels.iter().map(|l| norm(l)).collect();
    for row in f.row + 1..f.end.min(f.row + 4) {
        let mut cols = HashMap::new();
        for col in 0..=g.end().1 {
            let t = norm(&g.text(row, col));
            if wanted.contains(&t) && !cols.contains_key(&t) {
                cols.insert(t, col);
            }
        }
        if !cols.is_empty() {
            return Some((row, cols));
        }
    }
    None
}

impl Importer<'_> {
    fn form(&mut self, f: Found, columns: &[(&str, &str)], fields: &[Field]) {
        let grids = self.grids;
        let g = &grids[f.sheet];
        let headers: Vec<&str> = columns.iter().map(|c| c.1).chain(["单位"]).collect();
        let (header, cols) = header_row(g, f, &headers).unwrap_or((f.row, HashMap::new()));
        let value_cols: Vec<(String, u32)> = columns
            .iter()
            .enumerate()
            .map(|(i, (base, h))| (base.to_string(), cols.get(&norm(h)).copied().unwrap_or(f.col + 1 + i as u32)))
            .collect();
        let unit_col = cols.get("单位").copied();
        self.unit_col = unit_col;
        let by_label: HashMap<String, &Field> = fields.iter().map(|fl| (norm(fl.label), fl)).collect();
        // A column's own field (`staffing.authorized`) is at its header; with no header row found,
        // at the block's title.
        for (base, col) in &value_cols {
            if !base.is_empty() {
                let at = if header > f.row { g.place(header, *col) } else { g.place(f.row, f.col) };
                self.map.insert(base.clone(), at);
            }
        }
        for row in header + 1..f.end {
            let label = norm(&g.text(row, f.col));
            if label.is_empty() {
                continue;
            }
            let Some(fld) = by_label.get(&label).copied() else {
                let at = g.at(row, f.col);
                self.notes_unknown(format!("{at}“{label}”不是{}中的项目,已忽略", fields_title(fields)));
                continue;
            };
            let unit = unit_col.map(|c| g.text(row, c)).unwrap_or_default();
            for (base, col) in &value_cols {
                let path = join(base, fld.key);
                self.map.insert(path.clone(), g.place(row, *col));
                self.field_cell(
                    f.sheet,
                    row,
                    *col,
                    fld,
                    &unit,
                    &At { set: &path, path: &path, object: base, array: None },
                );
            }
        }
    }

    fn notes_unknown(&mut self, note: String) {
        self.warnings.push((String::new(), Severity::Warning, "", note));
    }

    /// One field's cell: a typed value goes into `self.json` at `at.set` (the record, or the
    /// table item being built); a formula is remembered for the recomputation.
    fn field_cell(&mut self, gi: usize, row: u32, col: u32, fld: &Field, unit: &str, at: &At<'_>) {
        let g = &self.grids[gi];
        let cached = match g.value(row, col) {
            Data::Float(v) => Some(*v),
            Data::Int(i) => Some(*i as f64),
            _ => None,
        };
        let has_formula = g.formula(row, col).is_some();
        let remember = |me: &mut Self, calc: Calc, fallback: Option<Value>| {
            me.formulas.push(FormulaCell {
                sheet: gi,
                row,
                col,
                calc,
                object: at.object.to_string(),
                array: at.array.map(String::from),
                path: at.path.to_string(),
                cached,
                fallback,
            });
        };
        if let (Some(calc), true) = (fld.calc, has_formula) {
            remember(self, calc, None);
            return;
        }
        let value = self.cell(gi, row, col, fld, unit, at.path);
        match (fld.calc, value) {
            (Some(calc), Some(v)) if self.xls => remember(self, calc, Some(v)),
            (_, Some(v)) => set(&mut self.json, at.set, v),
            (_, None) => {}
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn table(
        &mut self,
        f: Found,
        path: &str,
        columns: &[Field],
        child: Option<(&str, &[Field])>,
        total: Option<&Total>,
    ) {
        let grids = self.grids;
        let g = &grids[f.sheet];
        let all: Vec<&Field> = columns.iter().chain(child.iter().flat_map(|(_, c)| c.iter())).collect();
        let labels: Vec<&str> = all.iter().map(|c| c.label).collect();
        let Some((header, cols)) = header_row(g, f, &labels) else {
            let at = g.at(f.row, f.col);
            self.notes_unknown(format!("{at}之后找不到{}的列标题,该部分未读取", f_title(path)));
            return;
        };
        let missing: Vec<&str> = all.iter().filter(|c| !cols.contains_key(&norm(c.label))).map(|c| c.label).collect();
        if !missing.is_empty() {
            let at = g.at(header, f.col);
            self.notes_unknown(format!("{at} 这一行缺少列:{}(这些栏目视为未填)", missing.join("、")));
        }
        let col_of = |fld: &Field| cols.get(&norm(fld.label)).copied();
        let total_label = total.map(|t| norm(t.label));
        self.map.insert(path.to_string(), g.place(f.row, f.col));
        let mut items: Vec<Value> = Vec::new();
        let mut total_row = None;
        for row in header + 1..f.end {
            let texts: Vec<String> = columns.iter().filter_map(&col_of).map(|c| norm(&g.text(row, c))).collect();
            if let Some(tl) = &total_label
                && texts.iter().any(|t| t == tl)
            {
                total_row = Some(row);
                break;
            }
            // A row is empty when no input cell has anything (formula cells do not count;
            // neither do prefilled code and name of a self-score row).
            let is_prefill = |c: &Field| path == "scoring.scores" && matches!(c.key, "code" | "name");
            let filled = |fields: &[&Field]| {
                fields.iter().any(|c| {
                    c.calc.is_none() && !is_prefill(c) && col_of(c).is_some_and(|col| g.has_own_value(row, col))
                })
            };
            let parent_fields: Vec<&Field> = columns.iter().collect();
            let child_fields: Vec<&Field> = child.map(|(_, c)| c.iter().collect()).unwrap_or_default();
            // Parent cells inside a merged range (a group label spanning rows) do not start a
            // new item.
            let parent_merged = parent_fields
                .iter()
                .filter_map(|c| col_of(c))
                .all(|col| g.merged_origin(row, col) != (row, col) || g.text(row, col).is_empty());
            let parent_here = filled(&parent_fields) && !(child.is_some() && parent_merged);
            let child_here = filled(&child_fields);
            if !parent_here && !child_here {
                continue;
            }
            if parent_here || child.is_none() || items.is_empty() {
                let i = items.len();
                let item_path = format!("{path}[{i}]");
                self.map.insert(item_path.clone(), g.place(row, f.col));
                let mut item = Value::Object(Map::new());
                let saved = std::mem::replace(&mut self.json, item);
                for fld in columns {
                    let Some(col) = col_of(fld) else { continue };
                    let fp = if fld.key.is_empty() { String::new() } else { fld.key.to_string() };
                    let full = if fld.key.is_empty() { item_path.clone() } else { format!("{item_path}.{}", fld.key) };
                    self.map.insert(full.clone(), g.place(row, col));
                    if fld.key.is_empty() {
                        // An array of plain values.
                        if let Some(v) = self.cell(f.sheet, row, col, fld, "", &full) {
                            self.json = v;
                        }
                    } else {
                        self.field_cell(
                            f.sheet,
                            row,
                            col,
                            fld,
                            "",
                            &At { set: &fp, path: &full, object: &item_path, array: Some(path) },
                        );
                    }
                }
                item = std::mem::replace(&mut self.json, saved);
                if path == "budget_table.rows" {
                    fill_class_name(&mut item);
                }
                items.push(item);
            }
            if let Some((key, fields)) = child
                && child_here
                && let Some(parent) = items.last_mut()
            {
                let i = parent.get(key).and_then(Value::as_array).map_or(0, Vec::len);
                let part_path = format!("{path}[{}].{key}[{i}]", items.len() - 1);
                let saved = std::mem::replace(&mut self.json, Value::Object(Map::new()));
                for fld in fields {
                    let Some(col) = col_of(fld) else { continue };
                    let full = format!("{part_path}.{}", fld.key);
                    self.map.insert(full.clone(), g.place(row, col));
                    if let Some(v) = self.cell(f.sheet, row, col, fld, "", &full) {
                        set(&mut self.json, fld.key, v);
                    }
                }
                let part = std::mem::replace(&mut self.json, saved);
                let parent = items.last_mut().unwrap_or_else(|| unreachable!());
                if !parent.get(key).is_some_and(Value::is_array) {
                    set(parent, key, Value::Array(Vec::new()));
                }
                if let Some(Value::Array(a)) = parent.get_mut(key) {
                    a.push(part);
                }
            }
        }
        if !items.is_empty() {
            set(&mut self.json, path, Value::Array(items));
        }
        if let (Some(t), Some(row)) = (total, total_row) {
            for (key, total_path, calc) in t.cells {
                let Some(fld) = columns.iter().find(|c| c.key == *key) else { continue };
                let Some(col) = col_of(fld) else { continue };
                self.map.insert((*total_path).to_string(), g.place(row, col));
                let parent = jixiao_core::source::parent_path(total_path).unwrap_or("").to_string();
                let tf = Field { calc: Some(*calc), ..*fld };
                let object = format!("@total:{path}:{parent}");
                self.field_cell(
                    f.sheet,
                    row,
                    col,
                    &tf,
                    "",
                    &At { set: total_path, path: total_path, object: &object, array: Some(path) },
                );
            }
        }
    }

    /// Compares each formula's cached result with the recomputation from the record.
    fn check_formulas(&mut self) {
        let formulas = std::mem::take(&mut self.formulas);
        for fc in formulas {
            let column_sum = |col: &str| -> Option<Decimal> {
                let arr = fc.array.as_deref().and_then(|a| get(&self.json, a)).and_then(Value::as_array)?;
                let parts: Vec<Decimal> = arr.iter().filter_map(|it| get(it, col)).filter_map(number).collect();
                if parts.is_empty() { None } else { Some(parts.into_iter().sum()) }
            };
            let object = if let Some(rest) = fc.object.strip_prefix("@total:") {
                // A total row's derived cells read the column sums, or the totals typed there.
                let (_, parent) = rest.split_once(':').unwrap_or(("", ""));
                let mut o = Map::new();
                if let Some(Value::Object(stated)) = get(&self.json, parent) {
                    o.extend(stated.clone());
                }
                let fields = SHEETS
                    .iter()
                    .flat_map(|s| s.blocks.iter())
                    .filter_map(|b| match b {
                        Block::Table { path, total: Some(t), .. } if Some(*path) == fc.array.as_deref() => {
                            Some(t.cells)
                        }
                        _ => None,
                    })
                    .next()
                    .unwrap_or(&[]);
                for (key, tp, _) in fields {
                    let local = tp.rsplit('.').next().unwrap_or("");
                    let v = o.get(local).cloned().or_else(|| column_sum(key).map(|s| Value::String(s.to_string())));
                    if let Some(v) = v {
                        o.insert((*key).to_string(), v);
                    }
                }
                Value::Object(o)
            } else {
                get(&self.json, &fc.object).cloned().unwrap_or(Value::Null)
            };
            let expected = eval(fc.calc, &Ctx { object: &object, column_sum: &column_sum });
            let expected_f = expected.map(|d| if is_percent(fc.calc) { d / Decimal::ONE_HUNDRED } else { d });
            let grids = self.grids;
            let at = grids[fc.sheet].at(fc.row, fc.col);
            let stale = match (expected_f, fc.cached) {
                (None, None) => false,
                (Some(e), Some(c)) => {
                    let c = Decimal::from_f64_retain(c).unwrap_or_default();
                    let tol = Decimal::new(1, 6) * e.abs().max(Decimal::ONE);
                    (e - c).abs() > tol
                }
                (Some(e), None) => !e.is_zero(),
                // An empty result is stored by some writers as 0.
                (None, Some(c)) => c != 0.0,
            };
            if let Some(v) = fc.fallback {
                // No formula to trust: a value that is not the recomputation is stated.
                if stale {
                    set(&mut self.json, &fc.path, v);
                }
                continue;
            }
            if stale {
                let show = |d: Option<Decimal>| {
                    d.map_or("空".to_string(), |d| {
                        if is_percent(fc.calc) {
                            format!("{}%", (d * Decimal::ONE_HUNDRED).round_dp(2))
                        } else {
                            d.round_dp(4).normalize().to_string()
                        }
                    })
                };
                let cached = fc.cached.and_then(Decimal::from_f64_retain);
                self.warnings.push((
                    fc.path.clone(),
                    Severity::Warning,
                    STALE,
                    format!(
                        "{at} 的公式结果为 {},按单元格中的数字重新计算应为 {}:公式未重新计算(或被改动)。请在 Excel/WPS 中重新计算(按 F9)后保存;jixiao 按重新计算的结果检查",
                        show(cached),
                        show(expected_f)
                    ),
                ));
            }
        }
    }
}

/// More than three stale formulas (a file saved by a program that does not recalculate) are
/// one finding naming the cells, not a screenful.
fn group_stale(mut warnings: Vec<Warning>) -> Vec<Warning> {
    const SHOWN: usize = 5;
    let stale: Vec<usize> = warnings.iter().enumerate().filter(|(_, w)| w.2 == STALE).map(|(i, _)| i).collect();
    if stale.len() <= 3 {
        return warnings;
    }
    let cells: Vec<&str> =
        stale.iter().take(SHOWN).map(|&i| warnings[i].3.split(" 的公式结果为").next().unwrap_or("")).collect();
    let more = if stale.len() > SHOWN { " 等" } else { "" };
    let message = format!(
        "{} 个公式的结果与按单元格中的数字重新计算的结果不符(公式未重新计算或被改动):{}{more}。请在 Excel/WPS 中重新计算(按 F9)后保存;jixiao 按重新计算的结果检查",
        stale.len(),
        cells.join("、")
    );
    let first = warnings[stale[0]].0.clone();
    let mut i = 0;
    warnings.retain(|_| {
        i += 1;
        !stale.contains(&(i - 1))
    });
    warnings.insert(0, (first, Severity::Warning, STALE, message));
    warnings
}

fn fields_title(fields: &[Field]) -> String {
    blocks()
        .find(|(_, b)| matches!(b, Block::Form { fields: fs, .. } if std::ptr::eq(fs.as_ptr(), fields.as_ptr())))
        .map_or_else(String::new, |(_, b)| b.title().to_string())
}

fn f_title(path: &str) -> String {
    blocks()
        .find(|(_, b)| matches!(b, Block::Table { path: p, .. } if *p == path))
        .map_or_else(String::new, |(_, b)| b.title().to_string())
}

/// A budget row with a code but no name takes the class's name.
fn fill_class_name(item: &mut Value) {
    let code = item.get("code").and_then(Value::as_str).map(str::to_string);
    if item.get("name").is_none()
        && let Some(c) = code.as_deref().and_then(jixiao_core::classes::by_code)
    {
        set(item, "name", Value::String(c.name.to_string()));
    }
}

fn open_grids(name: &str, bytes: &[u8], limits: &Limits) -> Result<(Vec<Grid>, bool), ReadError> {
    if bytes.len() as u64 > limits.max_bytes {
        return Err(ReadError::TooLarge { size: bytes.len() as u64, limit: limits.max_bytes });
    }
    let lower = name.to_ascii_lowercase();
    let ole = bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]);
    if ole && !lower.ends_with(".xls") {
        // An encrypted .xlsx is an OLE container, not a zip.
        return Err(ReadError::Password);
    }
    if ole {
        let mut wb = calamine::Xls::new(Cursor::new(bytes.to_vec())).map_err(|e| match e {
            calamine::XlsError::Password => ReadError::Password,
            other => ReadError::Corrupt(other.to_string()),
        })?;
        let mut grids = Vec::new();
        for sheet in wb.sheet_names() {
            let values = wb.worksheet_range(&sheet).map_err(|e| ReadError::Corrupt(e.to_string()))?;
            let formulas = wb.worksheet_formula(&sheet).unwrap_or_default();
            grids.push(Grid {
                name: sheet,
                values,
                formulas,
                styles: StyleRange::empty(),
                merged: Vec::new(),
                is_1904: false,
            });
        }
        return Ok((grids, true));
    }
    if !bytes.starts_with(b"PK") {
        return Err(ReadError::NotWorkbook);
    }
    crate::limits::check_zip(bytes, limits)?;
    let mut wb = calamine::Xlsx::new(Cursor::new(bytes.to_vec())).map_err(|e| match e {
        calamine::XlsxError::Password => ReadError::Password,
        other => ReadError::Corrupt(other.to_string()),
    })?;
    let is_1904 = wb.has_1904_epoch();
    let mut grids = Vec::new();
    for sheet in wb.sheet_names() {
        let values = wb.worksheet_range(&sheet).map_err(|e| ReadError::Corrupt(format!("工作表“{sheet}”:{e}")))?;
        if let (Some(s), Some(e)) = (values.start(), values.end())
            && u64::from(e.0 - s.0 + 1) * u64::from(e.1 - s.1 + 1) > limits.max_cells
        {
            return Err(ReadError::TooManyCells { sheet, limit: limits.max_cells });
        }
        let formulas = wb.worksheet_formula(&sheet).unwrap_or_default();
        let styles = wb.worksheet_style(&sheet).unwrap_or_default();
        let merged = wb.merge_cells_by_sheet_name(&sheet).unwrap_or_default();
        grids.push(Grid { name: sheet, values, formulas, styles, merged, is_1904 });
    }
    Ok((grids, false))
}

/// Reads a workbook (`.xlsx`, or an old `.xls`) into a department record.
pub fn import(name: &str, bytes: &[u8], limits: &Limits) -> Result<Imported, ReadError> {
    let (grids, xls) = open_grids(name, bytes, limits)?;
    let found = find_blocks(&grids);
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
    for (path, severity, code, message) in group_stale(im.warnings) {
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
