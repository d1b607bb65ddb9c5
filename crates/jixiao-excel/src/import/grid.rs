//! A sheet as the importer sees it: what a cell holds and shows (a cell inside a merged range
//! shows the range's top-left value), whether it holds a formula or a note, and which rows hold
//! anything — so reading a block costs its filled rows, however far apart they are.
//!
//! What a cell means is read elsewhere (blocks in [`mod@super::blocks`], values in
//! [`super::cell_value`]); reading the file is [`crate::read`]'s.

use jixiao_core::source::{CellRef, Place, SheetName};

use crate::cells::{Shown, a1, general};
use crate::read::{Book, Cell, Sheet, Value};

/// What a cell holds, its text borrowed from the book.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum Data<'b> {
    /// Nothing.
    Empty,
    /// A number.
    Number(f64),
    /// Text.
    Text(&'b str),
    /// TRUE / FALSE.
    Bool(bool),
    /// An error value (`#DIV/0!`).
    Error(&'b str),
    /// A date written as ISO text.
    DateIso(&'b str),
}

/// One sheet of a book.
pub(super) struct Grid<'b> {
    pub(super) book: &'b Book,
    pub(super) sheet: &'b Sheet,
    /// The sheet's name, shared by the places of its cells.
    pub(super) name: SheetName,
}

impl<'b> Grid<'b> {
    pub(super) fn is_1904(&self) -> bool {
        self.book.is_1904
    }

    pub(super) fn merged_origin(&self, row: u32, col: u32) -> (u32, u32) {
        self.sheet.merged_origin(row, col)
    }

    pub(super) fn data_of(&self, cell: Option<&Cell>) -> Data<'b> {
        let strings = &self.book.strings;
        match cell.map(|c| c.value) {
            None | Some(Value::Empty) => Data::Empty,
            Some(Value::Number(f)) => Data::Number(f),
            Some(Value::Text(i)) => Data::Text(strings.get(i)),
            Some(Value::Bool(b)) => Data::Bool(b),
            Some(Value::Error(i)) => Data::Error(strings.get(i)),
            Some(Value::DateIso(i)) => Data::DateIso(strings.get(i)),
        }
    }

    /// The value shown in a cell (the top-left value for a cell inside a merged range).
    pub(super) fn value(&self, row: u32, col: u32) -> Data<'b> {
        let (r, c) = self.merged_origin(row, col);
        self.data_of(self.sheet.cell(r, c))
    }

    /// Whether the cell itself holds a formula.
    pub(super) fn formula(&self, row: u32, col: u32) -> bool {
        self.sheet.cell(row, col).is_some_and(|c| c.formula)
    }

    /// The note on the cell, if any (empty text in an `.xls`, whose notes' text is not read).
    pub(super) fn note(&self, row: u32, col: u32) -> Option<&'b str> {
        self.sheet.note(row, col)
    }

    pub(super) fn shown(&self, row: u32, col: u32) -> Shown {
        let (r, c) = self.merged_origin(row, col);
        self.sheet.cell(r, c).map(|cell| self.book.shown(cell)).unwrap_or_default()
    }

    /// Whether the cell itself holds something (a cell covered by a merged range does not).
    pub(super) fn has_own_value(&self, row: u32, col: u32) -> bool {
        self.merged_origin(row, col) == (row, col)
            && match self.data_of(self.sheet.cell(row, col)) {
                Data::Empty => self.formula(row, col),
                Data::Text(s) => !s.trim().is_empty(),
                _ => true,
            }
    }

    pub(super) fn text(&self, row: u32, col: u32) -> String {
        text_of(self.value(row, col))
    }

    /// The rows in `from..to` that hold a cell, in order.
    pub(super) fn rows_in(&self, from: u32, to: u32) -> impl Iterator<Item = u32> + 'b {
        self.sheet.rows_in(from, to)
    }

    /// The columns of a row that hold a cell.
    pub(super) fn cols_of(&self, row: u32) -> impl Iterator<Item = u32> + 'b {
        self.sheet.row_cells(row).iter().map(|c| c.col)
    }

    /// The last row holding a cell, plus one.
    pub(super) fn end_row(&self) -> u32 {
        self.sheet.end_row()
    }

    pub(super) fn place(&self, row: u32, col: u32) -> Place {
        Place::Cell { sheet: self.name.clone(), cell: CellRef::new(row, col) }
    }

    pub(super) fn at(&self, row: u32, col: u32) -> String {
        format!("'{}'!{}", self.sheet.name, a1(row, col))
    }
}

/// What a cell shows as text: text trimmed, a number as Excel's General format shows it.
pub(super) fn text_of(d: Data<'_>) -> String {
    match d {
        Data::Text(s) => s.trim().to_string(),
        Data::Empty => String::new(),
        Data::Number(f) => general(f),
        Data::Bool(b) => if b { "TRUE" } else { "FALSE" }.to_string(),
        Data::Error(e) => e.to_string(),
        Data::DateIso(s) => s.chars().take(10).collect(),
    }
}

/// Labels and headers compared without blanks and line breaks.
pub(super) fn norm(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}
