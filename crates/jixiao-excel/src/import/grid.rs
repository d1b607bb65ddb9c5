//! Reading a workbook's sheets into grids of cells: values, formulas, number formats and
//! merged ranges, from an `.xlsx` (size and zip limits checked first) or an old `.xls`.
//!
//! A grid answers what a cell holds and shows; what a cell means is read elsewhere (blocks
//! in [`mod@super::blocks`], values in [`super::cell_value`]).

use std::io::Cursor;

use calamine::{Data, Dimensions, Range, Reader, StyleRange};
use jixiao_core::source::Place;

use crate::cells::{Shown, a1, builtin_format, shown};
use crate::{Limits, ReadError};

/// One sheet's cells.
pub(super) struct Grid {
    pub(super) name: String,
    pub(super) values: Range<Data>,
    pub(super) formulas: Range<String>,
    pub(super) styles: StyleRange,
    pub(super) merged: Vec<Dimensions>,
    pub(super) is_1904: bool,
}

impl Grid {
    pub(super) fn merged_origin(&self, row: u32, col: u32) -> (u32, u32) {
        self.merged
            .iter()
            .find(|d| d.start.0 <= row && row <= d.end.0 && d.start.1 <= col && col <= d.end.1)
            .map_or((row, col), |d| d.start)
    }

    /// The value shown in a cell (the top-left value for a cell inside a merged range).
    pub(super) fn value(&self, row: u32, col: u32) -> &Data {
        let (r, c) = self.merged_origin(row, col);
        self.values.get_value((r, c)).unwrap_or(&Data::Empty)
    }

    pub(super) fn formula(&self, row: u32, col: u32) -> Option<&str> {
        self.formulas.get_value((row, col)).map(String::as_str).filter(|f| !f.trim().is_empty())
    }

    pub(super) fn shown(&self, row: u32, col: u32) -> Shown {
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
    pub(super) fn has_own_value(&self, row: u32, col: u32) -> bool {
        self.merged_origin(row, col) == (row, col)
            && match self.values.get_value((row, col)) {
                None | Some(Data::Empty) => false,
                Some(Data::String(s)) => !s.trim().is_empty(),
                Some(_) => true,
            }
    }

    pub(super) fn text(&self, row: u32, col: u32) -> String {
        match self.value(row, col) {
            Data::String(s) => s.trim().to_string(),
            Data::Empty => String::new(),
            Data::Float(f) => format!("{f}"),
            Data::Int(i) => i.to_string(),
            other => other.to_string(),
        }
    }

    pub(super) fn end(&self) -> (u32, u32) {
        self.values.end().unwrap_or((0, 0))
    }

    pub(super) fn place(&self, row: u32, col: u32) -> Place {
        Place::Cell { sheet: self.name.clone(), cell: a1(row, col) }
    }

    pub(super) fn at(&self, row: u32, col: u32) -> String {
        format!("'{}'!{}", self.name, a1(row, col))
    }
}

/// Labels and headers compared without blanks and line breaks.
pub(super) fn norm(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

pub(super) fn open_grids(name: &str, bytes: &[u8], limits: &Limits) -> Result<(Vec<Grid>, bool), ReadError> {
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
