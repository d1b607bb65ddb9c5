//! Finding the workbook's blocks by their 【】 titles anywhere in the workbook, and reading
//! them: a form's rows by their labels, a table's columns by their headers (with its child
//! rows and its 合计 row). Each field's cell is placed in the record and the source map;
//! a derived cell's formula is kept for [`super::formulas`].
//!
//! How one cell's value is read is [`super::cell_value`]; the layout itself is
//! [`crate::layout`].

use std::collections::HashMap;

use serde_json::{Map, Value};

use jixiao_core::schema::DerivedFigure;

use crate::eval::set;
use crate::layout::{Block, Field, Place, SCHEMAS, Total, blocks_of, formula_for, join};

use super::Importer;
use super::formulas::{Cached, FormulaCell};
use super::grid::{Data, Grid, norm, text_of};

/// Where a field's value goes: `set` in `self.json` (a path in the record, or a key of the
/// table item being built), the record `path` it stands for, and the derived figure whose
/// formula its cell holds, if it is a computed cell.
struct Destination<'p> {
    set: &'p str,
    path: &'p str,
    figure: Option<&'static DerivedFigure>,
}

/// Where a block is: sheet, title row and column, and the row its next block starts.
#[derive(Debug, Clone, Copy)]
pub(super) struct FoundBlock {
    sheet: usize,
    row: u32,
    col: u32,
    end: u32,
}

pub(super) fn find_blocks(grids: &[Grid<'_>]) -> HashMap<&'static str, FoundBlock> {
    // Every workbook's titles (a title two kinds share is found once, at the same place).
    let titles: HashMap<String, &'static str> =
        SCHEMAS.iter().flat_map(|s| blocks_of(s)).map(|(_, b)| (norm(b.title()), b.title())).collect();
    // A cell can be a title only if its first character (blanks aside) begins one: most cells
    // are ruled out without normalizing their text.
    let mut firsts: Vec<char> = titles.keys().filter_map(|t| t.chars().next()).collect();
    firsts.sort_unstable();
    firsts.dedup();
    let mut found: HashMap<&'static str, FoundBlock> = HashMap::new();
    for (gi, g) in grids.iter().enumerate() {
        let mut here: Vec<(u32, u32, &'static str)> = Vec::new();
        for (row, cell) in g.sheet.cells() {
            // A title is short: longer text is not looked up.
            if let Data::Text(s) = g.data_of(Some(cell))
                && s.len() < 200
                && s.trim_start().chars().next().is_some_and(|c| firsts.binary_search(&c).is_ok())
                && let Some(t) = titles.get(&norm(s))
            {
                here.push((row, cell.col, t));
            }
        }
        here.sort();
        for (i, (row, col, t)) in here.iter().enumerate() {
            let end = here.get(i + 1).map_or(g.end_row(), |n| n.0);
            found.entry(t).or_insert(FoundBlock { sheet: gi, row: *row, col: *col, end });
        }
    }
    found
}

/// The row after a block's title that carries its headers, and the column of each header.
fn header_row(g: &Grid<'_>, f: FoundBlock, labels: &[&str]) -> Option<(u32, HashMap<String, u32>)> {
    let wanted: Vec<String> = labels.iter().map(|l| norm(l)).collect();
    for row in f.row + 1..f.end.min(f.row + 4) {
        let mut cols = HashMap::new();
        for col in g.cols_of(row) {
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
    pub(super) fn form(&mut self, f: FoundBlock, columns: &[(&str, &str)], fields: &[Field]) {
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
        for row in g.rows_in(header + 1, f.end) {
            self.work.rows += 1;
            let label = norm(&g.text(row, f.col));
            if label.is_empty() {
                continue;
            }
            let Some(fld) = by_label.get(&label).copied() else {
                let at = g.at(row, f.col);
                self.notes_unknown(format!("{at}“{label}”不是{}中的项目,已忽略", fields_title(self.schema, fields)));
                continue;
            };
            let unit = unit_col.map(|c| g.text(row, c)).unwrap_or_default();
            for (base, col) in &value_cols {
                let path = join(base, fld.key);
                self.map.insert(path.clone(), g.place(row, *col));
                let place = Place::Form { base, fields };
                let figure = if fld.computed { formula_for(&place, &path, false) } else { None };
                self.field_cell(f.sheet, row, *col, fld, &unit, &Destination { set: &path, path: &path, figure });
            }
        }
    }

    /// One field's cell: a typed value goes into `self.json` at `at.set` (the record, or the
    /// table item being built); a derived cell's formula is remembered for the recomputation.
    fn field_cell(&mut self, gi: usize, row: u32, col: u32, fld: &Field, unit: &str, at: &Destination<'_>) {
        let g = &self.grids[gi];
        if let (Some(figure), true) = (at.figure, g.formula(row, col)) {
            let cached = match g.value(row, col) {
                Data::Number(v) => Cached::Number(v),
                Data::Empty => Cached::Missing,
                Data::Text(s) if s.trim().is_empty() => Cached::Blank,
                Data::Error(e) => Cached::Error(e.to_string()),
                other => Cached::Other(super::grid::text_of(other)),
            };
            // A note beginning 报告所称 (any note in an .xls, whose notes' text is not read)
            // marks a formula put where the record stated the same figure.
            let stated = g.note(row, col).is_some_and(|n| n.is_empty() || n.starts_with("报告所称"));
            self.formulas.push(FormulaCell {
                sheet: gi,
                row,
                col,
                figure,
                path: at.path.to_string(),
                cached,
                stated,
                shown: g.shown(row, col),
                kind: fld.kind,
            });
            return;
        }
        if let Some(v) = self.cell(gi, row, col, fld, unit, at.path) {
            set(&mut self.json, at.set, v);
        }
    }

    #[allow(clippy::too_many_arguments)]
    pub(super) fn table(
        &mut self,
        f: FoundBlock,
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
            self.notes_unknown(format!("{at}之后找不到{}的列标题,该部分未读取", table_title(self.schema, path)));
            return;
        };
        let missing: Vec<&str> = all.iter().filter(|c| !cols.contains_key(&norm(c.label))).map(|c| c.label).collect();
        if !missing.is_empty() {
            let at = g.at(header, f.col);
            self.notes_unknown(format!("{at} 这一行缺少列:{}(这些栏目视为未填)", missing.join("、")));
        }
        // Each column's cell and, for a derived column, its formula: looked up once for the
        // table, not once per row.
        let col_of = |fld: &Field| cols.get(&norm(fld.label)).copied();
        let place = Place::Row { path, columns, total };
        let parent_cols: Vec<(&Field, Option<u32>, Option<&'static DerivedFigure>)> = columns
            .iter()
            .map(|fld| {
                let figure = if fld.computed && !fld.key.is_empty() {
                    formula_for(&place, &format!("{path}[].{}", fld.key), false)
                } else {
                    None
                };
                (fld, col_of(fld), figure)
            })
            .collect();
        let child_cols: Vec<(&Field, Option<u32>)> =
            child.map(|(_, c)| c.iter().map(|fld| (fld, col_of(fld))).collect()).unwrap_or_default();
        let total_label = total.map(|t| norm(t.label));
        self.map.insert(path.to_string(), g.place(f.row, f.col));
        // Room in the map for each row's item and cells, made once for the table.
        let rows = g.rows_in(header + 1, f.end).count();
        self.map.reserve(rows.saturating_mul(1 + parent_cols.len() + child_cols.len()));
        let mut items: Vec<Value> = Vec::new();
        let mut total_row = None;
        let mut full = String::new();
        for row in g.rows_in(header + 1, f.end) {
            self.work.rows += 1;
            if let Some(tl) = &total_label
                && parent_cols.iter().filter_map(|c| c.1).any(|c| shows_label(g.value(row, c), tl))
            {
                total_row = Some(row);
                break;
            }
            // A row is empty when no input cell has anything (formula cells do not count;
            // neither do prefilled code and name of a self-score row).
            let is_prefill = |c: &Field| path == "scoring.scores" && matches!(c.key, "code" | "name");
            let filled = |c: &Field, col: Option<u32>| {
                !c.computed && !is_prefill(c) && col.is_some_and(|col| g.has_own_value(row, col))
            };
            let parent_filled = parent_cols.iter().any(|&(c, col, _)| filled(c, col));
            // Parent cells inside a merged range (a group label spanning rows) do not start a
            // new item.
            let parent_merged = parent_cols
                .iter()
                .filter_map(|c| c.1)
                .all(|col| g.merged_origin(row, col) != (row, col) || g.text(row, col).is_empty());
            let parent_here = parent_filled && !(child.is_some() && parent_merged);
            let child_here = child_cols.iter().any(|&(c, col)| filled(c, col));
            if !parent_here && !child_here {
                continue;
            }
            if parent_here || child.is_none() || items.is_empty() {
                let i = items.len();
                let item_path = format!("{path}[{i}]");
                self.map.insert(item_path.clone(), g.place(row, f.col));
                // Sized for its fields: the map is not grown field by field.
                let mut item = Value::Object(Map::with_capacity(parent_cols.len()));
                let saved = std::mem::replace(&mut self.json, item);
                for &(fld, col, figure) in &parent_cols {
                    let Some(col) = col else { continue };
                    full.clear();
                    full.push_str(&item_path);
                    if !fld.key.is_empty() {
                        full.push('.');
                        full.push_str(fld.key);
                    }
                    if fld.key.is_empty() {
                        // An array of plain values.
                        if let Some(v) = self.cell(f.sheet, row, col, fld, "", &full) {
                            self.json = v;
                        }
                    } else {
                        self.field_cell(f.sheet, row, col, fld, "", &Destination { set: fld.key, path: &full, figure });
                    }
                    self.map.insert(full.as_str(), g.place(row, col));
                }
                item = std::mem::replace(&mut self.json, saved);
                if path == "budget_table.rows" {
                    fill_class_name(&mut item);
                }
                items.push(item);
            }
            if let Some((key, _)) = child
                && child_here
                && let Some(parent) = items.last_mut()
            {
                let i = parent.get(key).and_then(Value::as_array).map_or(0, Vec::len);
                let part_path = format!("{path}[{}].{key}[{i}]", items.len() - 1);
                let saved = std::mem::replace(&mut self.json, Value::Object(Map::new()));
                for &(fld, col) in &child_cols {
                    let Some(col) = col else { continue };
                    full.clear();
                    full.push_str(&part_path);
                    full.push('.');
                    full.push_str(fld.key);
                    if let Some(v) = self.cell(f.sheet, row, col, fld, "", &full) {
                        set(&mut self.json, fld.key, v);
                    }
                    self.map.insert(full.as_str(), g.place(row, col));
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
            for (key, total_path) in t.cells {
                let Some(fld) = columns.iter().find(|c| c.key == *key) else { continue };
                let Some(col) = col_of(fld) else { continue };
                self.map.insert((*total_path).to_string(), g.place(row, col));
                let figure = formula_for(&Place::Row { path, columns, total }, total_path, true);
                self.field_cell(f.sheet, row, col, fld, "", &Destination { set: total_path, path: total_path, figure });
            }
        }
    }
}

fn fields_title(schema: &'static jixiao_core::schema::Schema, fields: &[Field]) -> String {
    blocks_of(schema)
        .find(|(_, b)| matches!(b, Block::Form { fields: fs, .. } if std::ptr::eq(fs.as_ptr(), fields.as_ptr())))
        .map_or_else(String::new, |(_, b)| b.title().to_string())
}

fn table_title(schema: &'static jixiao_core::schema::Schema, path: &str) -> String {
    blocks_of(schema)
        .find(|(_, b)| matches!(b, Block::Table { path: p, .. } if *p == path))
        .map_or_else(String::new, |(_, b)| b.title().to_string())
}

/// Whether a cell shows `label` (already without blanks), blanks aside: `norm(text) == label`,
/// told without making the text for the usual text cell.
fn shows_label(d: Data<'_>, label: &str) -> bool {
    match d {
        Data::Text(s) => s.chars().filter(|c| !c.is_whitespace()).eq(label.chars()),
        other => norm(&text_of(other)) == label,
    }
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
