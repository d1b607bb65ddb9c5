//! Reading a workbook file into sheets of cells, within [`Limits`]: `.xlsx` read in one
//! streaming pass per part ([`xlsx`]), an old `.xls` from its compound file ([`cfb`]) and BIFF8
//! records ([`xls`]). What the file is comes from its bytes, not its name.
//!
//! A sheet is sparse: only cells that hold something are stored, so a cell far from the others
//! costs what a near one does. Every count the file declares (strings, dimensions, sizes) is
//! ignored; what is actually read is counted against the limits as it is read, before it is
//! stored. What a cell means is not decided here (see `import`).

use crate::cells::{Shown, a1, builtin_format, shown};
use crate::{Limits, ReadError};

mod cfb;
mod scan;
mod xls;
mod xlsx;

/// The largest row and column numbers a workbook can address (1 048 576 rows, 16 384 columns
/// in an `.xlsx`; fewer in an `.xls`).
pub const MAX_ROW: u32 = 1_048_575;
/// The last column (`XFD`), from 0.
pub const MAX_COL: u32 = 16_383;

/// What a cell holds.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Value {
    /// Nothing (a formula without a stored result, or a blank).
    Empty,
    /// A number (dates are numbers with a date format).
    Number(f64),
    /// Text: an index into the book's strings.
    Text(u32),
    /// TRUE / FALSE.
    Bool(bool),
    /// An error value (`#DIV/0!`): an index into the book's strings.
    Error(u32),
    /// A date written as ISO text (`t="d"`): an index into the book's strings.
    DateIso(u32),
}

/// One stored cell.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Cell {
    /// Column, from 0.
    pub col: u32,
    /// Index into the book's number formats.
    pub style: u32,
    /// The value (a formula's stored result).
    pub value: Value,
    /// The cell holds a formula.
    pub formula: bool,
}

/// All text of a workbook, in one buffer.
#[derive(Debug, Default)]
pub struct Strings {
    text: String,
    ends: Vec<u32>,
}

impl Strings {
    /// Adds a string; its index.
    pub fn push(&mut self, s: &str) -> Result<u32, ReadError> {
        self.text.push_str(s);
        let end = u32::try_from(self.text.len()).map_err(|_| corrupt("文字总量超过 4 GB"))?;
        self.ends.push(end);
        u32::try_from(self.ends.len() - 1).map_err(|_| corrupt("字符串过多"))
    }

    /// The string at an index (empty if there is none).
    pub fn get(&self, i: u32) -> &str {
        let i = i as usize;
        let Some(&end) = self.ends.get(i) else { return "" };
        let start = if i == 0 { 0 } else { self.ends[i - 1] };
        self.text.get(start as usize..end as usize).unwrap_or("")
    }

    /// How many strings.
    pub fn len(&self) -> usize {
        self.ends.len()
    }
}

/// A merged range: (first row, first column, last row, last column).
pub type Merge = (u32, u32, u32, u32);

/// One sheet's cells, sorted by row and column.
#[derive(Debug, Default)]
pub struct Sheet {
    /// The sheet's name.
    pub name: String,
    /// Row numbers holding cells, with the index of the row's first cell in `cells`.
    rows: Vec<(u32, u32)>,
    cells: Vec<Cell>,
    /// Per stored row (as `rows`), the merged ranges covering it: (first column, last column,
    /// first row), sorted.
    row_merges: Vec<Vec<(u32, u32, u32)>>,
    /// Cells with a note (comment): (row, column, its text; empty if unread).
    notes: Vec<(u32, u32, String)>,
    /// The index in `rows` of the row last asked for: readers go down a sheet row by row and
    /// ask for several cells of each, so most lookups are this row or the next.
    last_row: std::sync::atomic::AtomicUsize,
}

impl Sheet {
    /// The index in `rows` of `row`, if it holds cells.
    fn row_index(&self, row: u32) -> Option<usize> {
        use std::sync::atomic::Ordering::Relaxed;
        let hint = self.last_row.load(Relaxed);
        for i in [hint, hint + 1] {
            if self.rows.get(i).is_some_and(|r| r.0 == row) {
                self.last_row.store(i, Relaxed);
                return Some(i);
            }
        }
        let i = self.rows.binary_search_by_key(&row, |r| r.0).ok()?;
        self.last_row.store(i, Relaxed);
        Some(i)
    }

    /// The cell at (row, col), if stored.
    pub fn cell(&self, row: u32, col: u32) -> Option<&Cell> {
        let i = self.row_index(row)?;
        let cells = self.row_cells_at(i);
        cells.binary_search_by_key(&col, |c| c.col).ok().map(|j| &cells[j])
    }

    fn row_cells_at(&self, i: usize) -> &[Cell] {
        let start = self.rows[i].1 as usize;
        let end = self.rows.get(i + 1).map_or(self.cells.len(), |r| r.1 as usize);
        &self.cells[start..end]
    }

    /// The stored cells of a row.
    pub fn row_cells(&self, row: u32) -> &[Cell] {
        match self.row_index(row) {
            Some(i) => self.row_cells_at(i),
            None => &[],
        }
    }

    /// The rows holding cells in `from..to`, in order.
    pub fn rows_in(&self, from: u32, to: u32) -> impl Iterator<Item = u32> + '_ {
        let start = self.rows.partition_point(|r| r.0 < from);
        self.rows[start..].iter().map(|r| r.0).take_while(move |r| *r < to)
    }

    /// Every stored cell with its row.
    pub fn cells(&self) -> impl Iterator<Item = (u32, &Cell)> + '_ {
        (0..self.rows.len()).flat_map(move |i| self.row_cells_at(i).iter().map(move |c| (self.rows[i].0, c)))
    }

    /// The last row holding a cell, plus one (0 for an empty sheet).
    pub fn end_row(&self) -> u32 {
        self.rows.last().map_or(0, |r| r.0 + 1)
    }

    /// The top-left cell of the merged range covering (row, col), or (row, col).
    pub fn merged_origin(&self, row: u32, col: u32) -> (u32, u32) {
        let Some(i) = self.row_index(row) else { return (row, col) };
        let Some(merges) = self.row_merges.get(i) else { return (row, col) };
        let k = merges.partition_point(|m| m.0 <= col);
        match k.checked_sub(1).map(|k| merges[k]) {
            Some((c0, c1, r0)) if col <= c1 => (r0, c0),
            _ => (row, col),
        }
    }

    /// The note on a cell, if it has one (empty text where the format's notes are not read).
    pub fn note(&self, row: u32, col: u32) -> Option<&str> {
        let i = self.notes.binary_search_by_key(&(row, col), |n| (n.0, n.1)).ok()?;
        Some(self.notes[i].2.as_str())
    }

    /// Number of stored cells.
    pub fn len(&self) -> usize {
        self.cells.len()
    }
}

/// A workbook read.
#[derive(Debug, Default)]
pub struct Book {
    /// Its worksheets, in order.
    pub sheets: Vec<Sheet>,
    /// All text of its cells.
    pub strings: Strings,
    /// How each style index shows numbers.
    pub formats: Vec<Shown>,
    /// Dates count from 1904.
    pub is_1904: bool,
    /// An old `.xls`.
    pub xls: bool,
}

impl Book {
    /// How a cell shows numbers.
    pub fn shown(&self, cell: &Cell) -> Shown {
        self.formats.get(cell.style as usize).copied().unwrap_or_default()
    }
}

/// A cell as read from the file, before its sheet is sorted.
pub(crate) struct RawCell {
    pub row: u32,
    pub cell: Cell,
}

/// Counts what is read against the limits, for the whole workbook.
pub(crate) struct Budget<'l> {
    pub limits: &'l Limits,
    cells: u64,
    merge_work: u64,
}

impl<'l> Budget<'l> {
    pub fn new(limits: &'l Limits) -> Budget<'l> {
        Budget { limits, cells: 0, merge_work: 0 }
    }

    /// One more stored cell in `sheet`.
    pub fn cell(&mut self, sheet: &str) -> Result<(), ReadError> {
        self.cells += 1;
        if self.cells > self.limits.max_cells {
            return Err(ReadError::TooManyCells {
                sheet: sheet.to_string(),
                limit: self.limits.message(jixiao_core::limits::Limit::Cells),
            });
        }
        Ok(())
    }

    /// One more sheet (`count` so far, this one included).
    pub fn sheet(&self, count: usize) -> Result<(), ReadError> {
        if count > self.limits.max_sheets {
            return Err(ReadError::Limit(format!("工作表超过 {} 张(工作表数上限)", self.limits.max_sheets)));
        }
        Ok(())
    }

    /// One more string in the shared string table (`count` so far).
    pub fn string(&self, count: usize) -> Result<(), ReadError> {
        if count as u64 > self.limits.max_strings {
            return Err(ReadError::Limit(format!("共享字符串超过 {} 个(字符串数上限)", self.limits.max_strings)));
        }
        Ok(())
    }
}

thread_local! {
    /// The sheet being read on this thread, for a message if the reader panics.
    static READING: std::cell::RefCell<Option<String>> = const { std::cell::RefCell::new(None) };
}

/// Records the sheet now being read (`None`: between sheets); the one recorded before.
pub(crate) fn reading(sheet: Option<&str>) -> Option<String> {
    READING.with(|r| r.replace(sheet.map(str::to_string)))
}

/// A corrupt-file error.
pub(crate) fn corrupt(what: impl Into<String>) -> ReadError {
    ReadError::Corrupt(what.into())
}

/// Puts a sheet's cells in order (the last of two cells at one place wins), indexes its rows
/// and merged ranges, and checks its rows against the limit.
pub(crate) fn build_sheet(
    name: String,
    mut raw: Vec<RawCell>,
    merges: Vec<Merge>,
    notes: Vec<(u32, u32, String)>,
    budget: &mut Budget<'_>,
) -> Result<Sheet, ReadError> {
    let sorted = raw.windows(2).all(|w| (w[0].row, w[0].cell.col) < (w[1].row, w[1].cell.col));
    if !sorted {
        // Stable: of two cells at one place, the later stays last and is kept below.
        raw.sort_by_key(|c| (c.row, c.cell.col));
    }
    let mut rows: Vec<(u32, u32)> = Vec::new();
    let mut cells: Vec<Cell> = Vec::with_capacity(raw.len());
    for rc in raw {
        if rows.last().is_some_and(|r| r.0 == rc.row) {
            if cells.last().is_some_and(|c| c.col == rc.cell.col) {
                cells.pop();
            }
        } else {
            if rows.len() as u64 >= u64::from(budget.limits.max_rows) {
                return Err(ReadError::TooManyRows { sheet: name, limit: budget.limits.max_rows });
            }
            rows.push((rc.row, cells.len() as u32));
        }
        cells.push(rc.cell);
    }
    let mut row_merges: Vec<Vec<(u32, u32, u32)>> = Vec::new();
    if !merges.is_empty() {
        if merges.len() as u64 > budget.limits.max_merged {
            return Err(ReadError::Limit(format!(
                "工作表“{name}”的合并单元格区域超过 {} 个(合并区域数上限)",
                budget.limits.max_merged
            )));
        }
        row_merges.resize(rows.len(), Vec::new());
        for (r0, c0, r1, c1) in merges {
            let start = rows.partition_point(|r| r.0 < r0);
            for (i, r) in rows.iter().enumerate().skip(start) {
                if r.0 > r1 {
                    break;
                }
                // Each (range, stored row) pair is work: bounded like the cells.
                budget.merge_work += 1;
                if budget.merge_work > budget.limits.max_cells {
                    return Err(ReadError::Limit(format!(
                        "合并单元格覆盖的有内容的行共{}",
                        budget.limits.message(jixiao_core::limits::Limit::Cells)
                    )));
                }
                row_merges[i].push((c0, c1, r0));
            }
        }
        for m in &mut row_merges {
            m.sort_unstable();
        }
    }
    Ok(Sheet { name, rows, cells, row_merges, notes, last_row: Default::default() })
}

/// `B5` → (4, 1), within Excel's grid; `None` for anything else.
pub(crate) fn parse_ref(r: &str) -> Option<(u32, u32)> {
    // One pass: up to 3 letters, then 1 to 7 digits (a row of 7 digits cannot overflow).
    let b = r.as_bytes();
    let mut col: u32 = 0;
    let mut i = 0;
    while let Some(&c) = b.get(i).filter(|c| c.is_ascii_alphabetic()) {
        if i == 3 {
            return None;
        }
        col = col * 26 + u32::from(c.to_ascii_uppercase() - b'A' + 1);
        i += 1;
    }
    let digits = b.len() - i;
    if i == 0 || digits == 0 || digits > 7 {
        return None;
    }
    let mut row: u32 = 0;
    for &c in &b[i..] {
        if !c.is_ascii_digit() {
            return None;
        }
        row = row * 10 + u32::from(c - b'0');
    }
    if row == 0 || row - 1 > MAX_ROW || col - 1 > MAX_COL {
        return None;
    }
    Some((row - 1, col - 1))
}

/// `A1:C3` → a merged range; a single cell or anything else → `None`.
pub(crate) fn parse_range(r: &str) -> Option<Merge> {
    let (a, b) = r.split_once(':')?;
    let ((r0, c0), (r1, c1)) = (parse_ref(a)?, parse_ref(b)?);
    let m = (r0.min(r1), c0.min(c1), r0.max(r1), c0.max(c1));
    (m.0 != m.2 || m.1 != m.3).then_some(m)
}

/// How each format id shows numbers, given the file's custom formats.
pub(crate) fn shown_of(id: u32, custom: &std::collections::HashMap<u32, String>) -> Shown {
    match custom.get(&id) {
        Some(code) => shown(code),
        None => builtin_format(id).map(shown).unwrap_or_default(),
    }
}

/// A reference for messages: `'sheet'!B5`.
pub(crate) fn at(sheet: &str, row: u32, col: u32) -> String {
    format!("'{sheet}'!{}", a1(row, col))
}

/// What a file is, from its first bytes.
enum Kind {
    Zip,
    Compound,
    Other,
}

fn kind_of(bytes: &[u8]) -> Kind {
    if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06") {
        Kind::Zip
    } else if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
        Kind::Compound
    } else {
        Kind::Other
    }
}

/// Reads a workbook within the limits. `name` is used only for what it says about the file
/// (a `.xls` named `.xlsx` is read as what it is, with a note).
pub fn open(name: &str, bytes: &[u8], limits: &Limits) -> Result<(Book, Vec<String>), ReadError> {
    if bytes.len() as u64 > limits.max_bytes {
        return Err(ReadError::TooLarge {
            size: bytes.len() as u64,
            limit: limits.message(jixiao_core::limits::Limit::FileBytes),
        });
    }
    let lower = name.to_ascii_lowercase();
    let mut notes = Vec::new();
    let book = match kind_of(bytes) {
        Kind::Zip => xlsx::read(bytes, limits)?,
        Kind::Compound => {
            let book = xls::read(bytes, limits)?;
            if lower.ends_with(".xlsx") || lower.ends_with(".xlsm") {
                notes.push(format!(
                    "文件名是 {},内容却是旧版 .xls 工作簿(可能被改过扩展名),已按 .xls 读取",
                    extension(&lower)
                ));
            }
            book
        }
        Kind::Other => {
            let what = sniff_other(bytes);
            return Err(match what {
                Some(w) => ReadError::NotWorkbookBut(w.to_string()),
                None => ReadError::NotWorkbook,
            });
        }
    };
    Ok((book, notes))
}

fn extension(lower: &str) -> &str {
    lower.rfind('.').map_or("", |i| &lower[i..])
}

/// What some other kind of file probably is, for the message.
fn sniff_other(bytes: &[u8]) -> Option<&'static str> {
    let head = &bytes[..bytes.len().min(512)];
    let text = String::from_utf8_lossy(head).to_ascii_lowercase();
    if bytes.starts_with(b"%PDF") {
        Some("这是 PDF 文件")
    } else if bytes.starts_with(b"{\\rtf") {
        Some("这是 RTF 文档")
    } else if text.contains("<html") || text.contains("<!doctype html") {
        Some("这是网页(HTML)文件,可能是另存为“网页”的表格;请在 Excel/WPS 中另存为 .xlsx")
    } else if text.contains("<?xml") && text.contains("urn:schemas-microsoft-com:office:spreadsheet") {
        Some("这是“XML 电子表格 2003”文件;请在 Excel/WPS 中另存为 .xlsx")
    } else if bytes.iter().take(4096).all(|b| *b != 0) && (text.contains(',') || text.contains('\t')) {
        Some("这像是文本(CSV)文件;请在 Excel/WPS 中打开后另存为 .xlsx")
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `parse_ref` as it was written first: letters counted, the digits parsed by `str::parse`.
    fn parse_ref_direct(r: &str) -> Option<(u32, u32)> {
        let b = r.as_bytes();
        let letters = b.iter().take_while(|c| c.is_ascii_alphabetic()).count();
        if letters == 0 || letters > 3 || letters == b.len() {
            return None;
        }
        let mut col: u32 = 0;
        for c in &b[..letters] {
            col = col * 26 + u32::from(c.to_ascii_uppercase() - b'A' + 1);
        }
        let digits = &r[letters..];
        if digits.len() > 7 || !digits.bytes().all(|c| c.is_ascii_digit()) {
            return None;
        }
        let row: u32 = digits.parse().ok()?;
        if row == 0 || row - 1 > MAX_ROW || col - 1 > MAX_COL {
            return None;
        }
        Some((row - 1, col - 1))
    }

    proptest::proptest! {
        #[test]
        fn references_are_read_in_one_pass_as_parsed_directly(r in "[A-Za-z+ 中]{0,4}[0-9+ -]{0,9}") {
            proptest::prop_assert_eq!(parse_ref(&r), parse_ref_direct(&r));
        }
    }

    #[test]
    fn references_within_the_grid() {
        for r in ["A01", "XFD1048576", "xfd1048577", "AAAA1", "A+1", "A0000001", "A00000001", "ZZZ9"] {
            assert_eq!(parse_ref(r), parse_ref_direct(r), "{r}");
        }
        assert_eq!(parse_ref("A1"), Some((0, 0)));
        assert_eq!(parse_ref("b5"), Some((4, 1)));
        assert_eq!(parse_ref("XFD1048576"), Some((1_048_575, 16_383)));
        assert_eq!(parse_ref("XFE1"), None);
        assert_eq!(parse_ref("A1048577"), None);
        assert_eq!(parse_ref("A0"), None);
        assert_eq!(parse_ref("ZZZZ1"), None);
        assert_eq!(parse_ref("A99999999999"), None);
        assert_eq!(parse_ref("5"), None);
        assert_eq!(parse_ref("A"), None);
        assert_eq!(parse_range("A1:B3"), Some((0, 0, 2, 1)));
        assert_eq!(parse_range("B3:A1"), Some((0, 0, 2, 1)));
        assert_eq!(parse_range("A1:A1"), None);
        assert_eq!(parse_range("A1"), None);
    }

    #[test]
    fn a_sheet_is_sparse_and_sorted() {
        let limits = Limits::default();
        let mut budget = Budget::new(&limits);
        let c = |row, col, v| RawCell { row, cell: Cell { col, style: 0, value: Value::Number(v), formula: false } };
        let raw = vec![c(1_000_000, 16_000, 1.0), c(0, 0, 2.0), c(0, 0, 3.0), c(5, 2, 4.0)];
        let s = build_sheet("s".into(), raw, vec![(5, 0, 9, 1)], Vec::new(), &mut budget).expect("sheet");
        assert_eq!(s.len(), 3);
        assert_eq!(s.cell(0, 0).map(|c| c.value), Some(Value::Number(3.0)), "the later of two cells wins");
        assert_eq!(s.cell(1_000_000, 16_000).map(|c| c.value), Some(Value::Number(1.0)));
        assert_eq!(s.rows_in(1, 2_000_000).collect::<Vec<_>>(), [5, 1_000_000]);
        assert_eq!(s.merged_origin(5, 1), (5, 0));
        assert_eq!(s.merged_origin(5, 2), (5, 2));
        assert_eq!(s.end_row(), 1_000_001);
    }

    #[test]
    fn strings_share_one_buffer() {
        let mut s = Strings::default();
        let a = s.push("甲").expect("push");
        let b = s.push("").expect("push");
        let c = s.push("丙丁").expect("push");
        assert_eq!((s.get(a), s.get(b), s.get(c), s.get(9)), ("甲", "", "丙丁", ""));
    }
}
