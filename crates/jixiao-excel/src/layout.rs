//! The workbook's layout: the sections of the record schema (`jixiao_core::schema`), one sheet
//! each, and which formula each computed cell holds.
//!
//! The workbook writes no label, kind or formula of its own: its sheets are the schema's
//! sections, its headers the schema's labels, and a computed cell holds the formula of the
//! schema's derived figure for that field, written with cell references ([`crate::formula`]).
//! Blocks are found on import by their title (`【预决算差异表】`), not by sheet name or
//! position, so a filer may rename, reorder or move sheets; rows of a form block are found by
//! their label, and columns of a table block by their header.

use jixiao_core::schema::{self, DerivedFigure, Formula, Schema};

pub use jixiao_core::schema::dept::DIRECTIONS;
pub use jixiao_core::schema::{Block, Field, Kind, Section, Total, join};

/// The department workbook's sheets: the sections of the department record.
pub const SHEETS: &[Section] = schema::dept::SECTIONS;

/// The schemas that have a workbook: the department's and the project's (项目支出绩效自评表).
/// A workbook is told by its first block's title: `【基本信息】` or `【项目基本信息】`.
pub static SCHEMAS: [&Schema; 2] = [&schema::DEPT, &schema::PROJECT];

/// Every block of the department workbook with its sheet's name.
pub fn blocks() -> impl Iterator<Item = (&'static str, &'static Block)> {
    blocks_of(&schema::DEPT)
}

/// Every block of the workbook of `schema` with its sheet's name.
pub fn blocks_of(schema: &'static Schema) -> impl Iterator<Item = (&'static str, &'static Block)> {
    schema.sections.iter().flat_map(|s| s.blocks.iter().map(move |b| (s.name, b)))
}

/// The title of the block that tells a workbook's kind (its first block).
pub fn first_title(schema: &Schema) -> &'static str {
    schema.sections.first().and_then(|s| s.blocks.first()).map_or("", |b| b.title())
}

/// Where the cells a formula reads are, seen from the cell that holds it.
#[derive(Debug, Clone, Copy)]
pub enum Place<'a> {
    /// A value column of a form block over the object at `base`.
    Form {
        /// The object the column stands for (`finance`, `staffing.actual`, or `""`).
        base: &'a str,
        /// The block's rows.
        fields: &'a [Field],
    },
    /// A row of a table block over the list at `path`, or its 合计 row.
    Row {
        /// The list.
        path: &'a str,
        /// The columns.
        columns: &'a [Field],
        /// The 合计 row, if the block has one.
        total: Option<&'a Total>,
    },
}

/// A cell a formula reads, relative to the cell that holds it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Local {
    /// The field `key` of the same form column or the same table row.
    Here(String),
    /// Every row of the column `key` (a 合计).
    Column(String),
    /// The column `key`'s cell in the 合计 row.
    Total(String),
}

impl Place<'_> {
    /// Where the input at path pattern `input` is, if it is in this block.
    pub fn resolve(&self, input: &str) -> Option<Local> {
        match *self {
            Place::Form { base, fields } => {
                let key = if base.is_empty() { Some(input) } else { input.strip_prefix(base)?.strip_prefix('.') }?;
                fields.iter().any(|f| f.key == key).then(|| Local::Here(key.to_string()))
            }
            Place::Row { path, columns, total } => {
                if let Some(t) = total
                    && let Some((key, _)) = t.cells.iter().find(|(_, p)| *p == input)
                {
                    return Some(Local::Total((*key).to_string()));
                }
                let key = input.strip_prefix(path)?.strip_prefix("[].")?;
                columns.iter().any(|f| f.key == key).then(|| Local::Here(key.to_string()))
            }
        }
    }
}

/// The derived figure whose formula the computed cell for the field at `stated` (a path
/// pattern) holds: the first of the field's derived figures that a spreadsheet can compute
/// and whose inputs are all in the block. In a 合计 row, a column's own cells are the whole
/// column (`total_row`).
pub fn formula_for(place: &Place<'_>, stated: &str, total_row: bool) -> Option<&'static DerivedFigure> {
    // The two schemas' stated paths never meet (a project's are under `funds`).
    let derived = schema::DEPT.derived.iter().chain(schema::PROJECT.derived.iter());
    derived.filter(|d| d.stated == Some(stated)).find(|d| {
        d.formula != Formula::StaffingRate && d.inputs.iter().all(|i| resolve_input(place, i, total_row).is_some())
    })
}

/// Where an input is; in a 合计 row, a column of the table is read whole.
pub fn resolve_input(place: &Place<'_>, input: &str, total_row: bool) -> Option<Local> {
    match place.resolve(input)? {
        Local::Here(key) if total_row => Some(Local::Column(key)),
        other => Some(other),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_computed_field_has_a_formula_in_its_block() {
        for (_, b) in SCHEMAS.iter().flat_map(|s| blocks_of(s)) {
            match b {
                Block::Form { columns, fields, .. } => {
                    for (base, _) in *columns {
                        let place = Place::Form { base, fields };
                        for f in fields.iter().filter(|f| f.computed) {
                            let path = join(base, f.key);
                            assert!(formula_for(&place, &path, false).is_some(), "{}: {path}", b.title());
                        }
                    }
                }
                Block::Table { path, columns, total, .. } => {
                    let place = Place::Row { path, columns, total: total.as_ref() };
                    for f in columns.iter().filter(|f| f.computed) {
                        let p = format!("{path}[].{}", f.key);
                        assert!(formula_for(&place, &p, false).is_some(), "{}: {p}", b.title());
                    }
                    for (_, p) in total.iter().flat_map(|t| t.cells.iter()) {
                        assert!(formula_for(&place, p, true).is_some(), "{}: {p}", b.title());
                    }
                }
            }
        }
    }
}
