//! An old `.xls` (Excel 97–2003, BIFF8): the `Workbook` stream of its compound file read
//! record by record — the shared strings, number formats and sheet list once, then each
//! sheet's cells (numbers, text, booleans, errors, formulas with their stored results), merged
//! ranges and notes.
//!
//! Only cells that hold something are stored, whatever the sheet's declared dimensions; every
//! count the file declares is ignored.

use std::collections::HashMap;

use super::cfb::Compound;
use super::{Book, Budget, Cell, Merge, RawCell, Value, build_sheet, corrupt, shown_of};
use crate::{Limits, ReadError};

/// One record: its type and data, and the data of the CONTINUE records after it.
struct Record<'s> {
    typ: u16,
    data: &'s [u8],
    more: Vec<&'s [u8]>,
}

/// The records of a stream from `at`; a record cut short ends it with an error.
struct Records<'s> {
    stream: &'s [u8],
    at: usize,
}

const CONTINUE: u16 = 0x003C;

impl<'s> Iterator for Records<'s> {
    type Item = Result<Record<'s>, ReadError>;

    fn next(&mut self) -> Option<Self::Item> {
        let head = |at: usize| -> Option<(u16, usize)> {
            let h = self.stream.get(at..at + 4)?;
            Some((u16::from_le_bytes([h[0], h[1]]), usize::from(u16::from_le_bytes([h[2], h[3]]))))
        };
        if self.at >= self.stream.len() {
            return None;
        }
        let Some((typ, len)) = head(self.at) else {
            self.at = self.stream.len();
            return Some(Err(corrupt("旧版 .xls 的记录在文件末尾中断")));
        };
        let Some(data) = self.stream.get(self.at + 4..self.at + 4 + len) else {
            self.at = self.stream.len();
            return Some(Err(corrupt("旧版 .xls 的记录长度超出文件")));
        };
        self.at += 4 + len;
        let mut more = Vec::new();
        while let Some((CONTINUE, len)) = head(self.at) {
            let Some(d) = self.stream.get(self.at + 4..self.at + 4 + len) else { break };
            more.push(d);
            self.at += 4 + len;
        }
        Some(Ok(Record { typ, data, more }))
    }
}

fn u16_at(b: &[u8], i: usize) -> Option<u16> {
    b.get(i..i + 2).map(|s| u16::from_le_bytes([s[0], s[1]]))
}

fn u32_at(b: &[u8], i: usize) -> Option<u32> {
    b.get(i..i + 4).map(|s| u32::from_le_bytes([s[0], s[1], s[2], s[3]]))
}

fn f64_at(b: &[u8], i: usize) -> Option<f64> {
    let s = b.get(i..i + 8)?;
    Some(f64::from_le_bytes([s[0], s[1], s[2], s[3], s[4], s[5], s[6], s[7]]))
}

/// Reads across a record and its CONTINUE records; at each boundary inside a string's
/// characters a new option byte says whether they are one byte or two.
struct Cursor<'s> {
    segs: Vec<&'s [u8]>,
    seg: usize,
    pos: usize,
}

impl<'s> Cursor<'s> {
    fn new(r: &Record<'s>, skip: usize) -> Cursor<'s> {
        let mut segs = vec![r.data];
        segs.extend(r.more.iter().copied());
        Cursor { segs, seg: 0, pos: skip }
    }

    fn at_end(&mut self) -> bool {
        while self.seg < self.segs.len() && self.pos >= self.segs[self.seg].len() {
            self.seg += 1;
            self.pos = 0;
        }
        self.seg >= self.segs.len()
    }

    fn byte(&mut self) -> Option<u8> {
        if self.at_end() {
            return None;
        }
        let b = self.segs[self.seg][self.pos];
        self.pos += 1;
        Some(b)
    }

    fn u16(&mut self) -> Option<u16> {
        Some(u16::from_le_bytes([self.byte()?, self.byte()?]))
    }

    fn u32(&mut self) -> Option<u32> {
        Some(u32::from_le_bytes([self.byte()?, self.byte()?, self.byte()?, self.byte()?]))
    }

    fn skip(&mut self, mut n: usize) -> Option<()> {
        while n > 0 {
            if self.at_end() {
                return None;
            }
            let left = self.segs[self.seg].len() - self.pos;
            let k = left.min(n);
            self.pos += k;
            n -= k;
        }
        Some(())
    }

    /// `cch` characters, one or two bytes each as `high` says, into `out`.
    fn chars(&mut self, mut cch: usize, mut high: bool, out: &mut String) -> Option<()> {
        let mut units: Vec<u16> = Vec::new();
        while cch > 0 {
            if self.pos >= self.segs.get(self.seg)?.len() {
                // A string continued in the next record starts it with its option byte.
                self.seg += 1;
                self.pos = 0;
                high = self.segs.get(self.seg)?.first()? & 1 != 0;
                self.pos = 1;
                continue;
            }
            let s = self.segs[self.seg];
            if high {
                let n = ((s.len() - self.pos) / 2).min(cch);
                if n == 0 {
                    // An odd byte left over: the record is malformed.
                    return None;
                }
                units.extend((0..n).map(|i| u16::from_le_bytes([s[self.pos + 2 * i], s[self.pos + 2 * i + 1]])));
                self.pos += 2 * n;
                cch -= n;
            } else {
                let n = (s.len() - self.pos).min(cch);
                units.extend(s[self.pos..self.pos + n].iter().map(|b| u16::from(*b)));
                self.pos += n;
                cch -= n;
            }
        }
        out.extend(char::decode_utf16(units).map(|c| c.unwrap_or('\u{FFFD}')));
        Some(())
    }

    /// An `XLUnicodeRichExtendedString` (a shared string).
    fn rich_string(&mut self, out: &mut String) -> Option<()> {
        let cch = usize::from(self.u16()?);
        let flags = self.byte()?;
        let runs = if flags & 0x8 != 0 { usize::from(self.u16()?) } else { 0 };
        let ext = if flags & 0x4 != 0 { self.u32()? as usize } else { 0 };
        self.chars(cch, flags & 1 != 0, out)?;
        self.skip(runs * 4)?;
        self.skip(ext)
    }

    /// An `XLUnicodeString` (cch as two bytes) or `ShortXLUnicodeString` (one byte).
    fn string(&mut self, short: bool, out: &mut String) -> Option<()> {
        let cch = if short { usize::from(self.byte()?) } else { usize::from(self.u16()?) };
        let flags = self.byte()?;
        self.chars(cch, flags & 1 != 0, out)
    }
}

/// An RK number (a compressed `f64` or integer, maybe divided by 100).
#[allow(clippy::float_arithmetic)] // decoding the file's number format, not money
fn rk(v: u32) -> f64 {
    let n = if v & 2 != 0 { f64::from((v as i32) >> 2) } else { f64::from_bits(u64::from(v & 0xFFFF_FFFC) << 32) };
    if v & 1 != 0 { n / 100.0 } else { n }
}

fn error_text(code: u8) -> &'static str {
    match code {
        0x00 => "#NULL!",
        0x07 => "#DIV/0!",
        0x0F => "#VALUE!",
        0x17 => "#REF!",
        0x1D => "#NAME?",
        0x24 => "#NUM!",
        0x2A => "#N/A",
        _ => "#ERROR!",
    }
}

fn password() -> ReadError {
    ReadError::Password
}

/// Reads an `.xls` (or says what else the compound file is).
pub(super) fn read(bytes: &[u8], limits: &Limits) -> Result<Book, ReadError> {
    let cfb = Compound::open(bytes)?;
    if cfb.has("EncryptedPackage") || cfb.has("EncryptionInfo") {
        // An encrypted .xlsx (whatever its name).
        return Err(password());
    }
    let stream = match cfb.stream("Workbook")? {
        Some(s) => s,
        None if cfb.has("Book") => {
            return Err(ReadError::NotWorkbookBut(
                "这是 Excel 95 或更早版本的 .xls;请在 Excel/WPS 中另存为 .xlsx".into(),
            ));
        }
        None if cfb.has("WordDocument") => {
            return Err(ReadError::NotWorkbookBut("这是 Word 文档(.doc),不是工作簿".into()));
        }
        None if cfb.has("PowerPoint Document") => {
            return Err(ReadError::NotWorkbookBut("这是 PowerPoint 演示文稿(.ppt),不是工作簿".into()));
        }
        None => {
            return Err(ReadError::NotWorkbookBut("这是 Office 97–2003 格式的文件,但其中没有工作簿".into()));
        }
    };
    read_stream(&stream, limits)
}

fn old_version() -> ReadError {
    ReadError::NotWorkbookBut("这是 Excel 95 或更早版本的 .xls;请在 Excel/WPS 中另存为 .xlsx".into())
}

fn short_record(what: &str) -> ReadError {
    corrupt(format!("旧版 .xls 的 {what} 记录不完整"))
}

/// The workbook stream: globals, then each worksheet.
fn read_stream(stream: &[u8], limits: &Limits) -> Result<Book, ReadError> {
    let mut budget = Budget::new(limits);
    let mut book = Book { xls: true, ..Book::default() };
    let mut custom: HashMap<u32, String> = HashMap::new();
    let mut xfs: Vec<u32> = Vec::new();
    let mut sheets: Vec<(usize, String)> = Vec::new();
    let mut first = true;
    for r in (Records { stream, at: 0 }) {
        let r = r?;
        if first {
            first = false;
            if r.typ != 0x0809 || u16_at(r.data, 0) != Some(0x0600) {
                return Err(old_version());
            }
            continue;
        }
        match r.typ {
            0x002F => return Err(password()),
            0x0022 => book.is_1904 = u16_at(r.data, 0) == Some(1),
            0x041E => {
                let id = u16_at(r.data, 0).ok_or_else(|| short_record("FORMAT"))?;
                let mut code = String::new();
                Cursor::new(&r, 2).string(false, &mut code).ok_or_else(|| short_record("FORMAT"))?;
                custom.insert(u32::from(id), code);
            }
            0x00E0 => xfs.push(u32::from(u16_at(r.data, 2).ok_or_else(|| short_record("XF"))?)),
            0x00FC => {
                let mut c = Cursor::new(&r, 8);
                let mut s = String::new();
                while !c.at_end() {
                    s.clear();
                    c.rich_string(&mut s).ok_or_else(|| short_record("SST"))?;
                    book.strings.push(&s)?;
                    budget.string(book.strings.len())?;
                }
            }
            0x0085 => {
                let pos = u32_at(r.data, 0).ok_or_else(|| short_record("BOUNDSHEET"))? as usize;
                let kind = *r.data.get(5).ok_or_else(|| short_record("BOUNDSHEET"))?;
                let mut name = String::new();
                Cursor::new(&r, 6).string(true, &mut name).ok_or_else(|| short_record("BOUNDSHEET"))?;
                if kind == 0 {
                    if pos >= stream.len() {
                        return Err(corrupt(format!("旧版 .xls 的工作表“{name}”位置超出文件")));
                    }
                    sheets.push((pos, name));
                    budget.sheet(sheets.len())?;
                }
            }
            0x000A => break,
            _ => {}
        }
    }
    book.formats = xfs.iter().map(|id| shown_of(*id, &custom)).collect();
    let shared = book.strings.len() as u32;
    for (pos, name) in sheets {
        super::reading(Some(&name));
        let (raw, merges, notes) = sheet(stream, pos, &name, shared, &mut book, &mut budget)?;
        let s = build_sheet(name, raw, merges, notes, &mut budget)?;
        book.sheets.push(s);
    }
    super::reading(None);
    Ok(book)
}

type SheetParts = (Vec<RawCell>, Vec<Merge>, Vec<(u32, u32, String)>);

/// One worksheet's substream from `pos`.
fn sheet(
    stream: &[u8],
    pos: usize,
    name: &str,
    shared: u32,
    book: &mut Book,
    budget: &mut Budget<'_>,
) -> Result<SheetParts, ReadError> {
    let mut cells: Vec<RawCell> = Vec::new();
    let mut merges: Vec<Merge> = Vec::new();
    let mut notes: Vec<(u32, u32, String)> = Vec::new();
    // A formula whose text result is in the STRING record that follows it.
    let mut awaiting: Option<usize> = None;
    let mut depth = 0usize;
    let mut started = false;
    let mut rows_seen = 0u32;
    let mut top_row: Option<u32> = None;
    let mut push = |cells: &mut Vec<RawCell>,
                    budget: &mut Budget<'_>,
                    row: u32,
                    col: u32,
                    style: u32,
                    value: Value,
                    formula: bool|
     -> Result<(), ReadError> {
        if col > super::MAX_COL {
            return Err(corrupt(format!("旧版 .xls 工作表“{name}”中的列号 {col} 超出范围")));
        }
        budget.cell(name)?;
        if top_row.is_none_or(|t| row > t) {
            top_row = Some(row);
            rows_seen += 1;
            if rows_seen > budget.limits.max_rows {
                return Err(ReadError::TooManyRows { sheet: name.to_string(), limit: budget.limits.max_rows });
            }
        }
        cells.push(RawCell { row, cell: Cell { col, style, value, formula } });
        Ok(())
    };
    for r in (Records { stream, at: pos }) {
        let r = r?;
        if r.typ == 0x0809 {
            if started {
                depth += 1;
            }
            started = true;
            continue;
        }
        if r.typ == 0x000A {
            if depth == 0 {
                break;
            }
            depth -= 1;
            continue;
        }
        if depth > 0 {
            continue;
        }
        let d = r.data;
        let head = || -> Option<(u32, u32, u32)> {
            Some((u32::from(u16_at(d, 0)?), u32::from(u16_at(d, 2)?), u32::from(u16_at(d, 4)?)))
        };
        match r.typ {
            // NUMBER
            0x0203 => {
                let ((row, col, xf), v) = (head().ok_or_else(|| short_record("NUMBER"))?, f64_at(d, 6));
                let v = v.ok_or_else(|| short_record("NUMBER"))?;
                if v.is_finite() {
                    push(&mut cells, budget, row, col, xf, Value::Number(v), false)?;
                }
            }
            // RK
            0x027E => {
                let (row, col, xf) = head().ok_or_else(|| short_record("RK"))?;
                let v = u32_at(d, 6).ok_or_else(|| short_record("RK"))?;
                push(&mut cells, budget, row, col, xf, Value::Number(rk(v)), false)?;
            }
            // MULRK
            0x00BD => {
                let row = u32::from(u16_at(d, 0).ok_or_else(|| short_record("MULRK"))?);
                let first = u32::from(u16_at(d, 2).ok_or_else(|| short_record("MULRK"))?);
                let n = d.len().saturating_sub(6) / 6;
                for i in 0..n {
                    let at = 4 + 6 * i;
                    let (Some(xf), Some(v)) = (u16_at(d, at), u32_at(d, at + 2)) else { break };
                    push(&mut cells, budget, row, first + i as u32, u32::from(xf), Value::Number(rk(v)), false)?;
                }
            }
            // LABELSST
            0x00FD => {
                let (row, col, xf) = head().ok_or_else(|| short_record("LABELSST"))?;
                let i = u32_at(d, 6).ok_or_else(|| short_record("LABELSST"))?;
                if i >= shared {
                    return Err(corrupt(format!(
                        "旧版 .xls 工作表“{name}”的单元格引用了不存在的共享字符串(第 {i} 个,共 {shared} 个)"
                    )));
                }
                push(&mut cells, budget, row, col, xf, Value::Text(i), false)?;
            }
            // LABEL, RSTRING
            0x0204 | 0x00D6 => {
                let (row, col, xf) = head().ok_or_else(|| short_record("LABEL"))?;
                let mut s = String::new();
                Cursor::new(&r, 6).string(false, &mut s).ok_or_else(|| short_record("LABEL"))?;
                let id = book.strings.push(&s)?;
                push(&mut cells, budget, row, col, xf, Value::Text(id), false)?;
            }
            // BOOLERR
            0x0205 => {
                let (row, col, xf) = head().ok_or_else(|| short_record("BOOLERR"))?;
                let (v, is_err) = (*d.get(6).ok_or_else(|| short_record("BOOLERR"))?, d.get(7) == Some(&1));
                let value = if is_err { Value::Error(book.strings.push(error_text(v))?) } else { Value::Bool(v != 0) };
                push(&mut cells, budget, row, col, xf, value, false)?;
            }
            // FORMULA
            0x0006 => {
                let (row, col, xf) = head().ok_or_else(|| short_record("FORMULA"))?;
                let val = d.get(6..14).ok_or_else(|| short_record("FORMULA"))?;
                let value = if val[6] == 0xFF && val[7] == 0xFF {
                    match val[0] {
                        1 => Value::Bool(val[2] != 0),
                        2 => Value::Error(book.strings.push(error_text(val[2]))?),
                        3 => Value::Text(book.strings.push("")?),
                        // 0: the text is in the STRING record that follows.
                        _ => Value::Empty,
                    }
                } else {
                    match f64_at(d, 6) {
                        Some(v) if v.is_finite() => Value::Number(v),
                        _ => Value::Empty,
                    }
                };
                push(&mut cells, budget, row, col, xf, value, true)?;
                awaiting = (val[6] == 0xFF && val[7] == 0xFF && val[0] == 0).then(|| cells.len() - 1);
            }
            // STRING: the text result of the formula before it.
            0x0207 => {
                if let Some(i) = awaiting.take() {
                    let mut s = String::new();
                    Cursor::new(&r, 0).string(false, &mut s).ok_or_else(|| short_record("STRING"))?;
                    let id = book.strings.push(&s)?;
                    cells[i].cell.value = Value::Text(id);
                }
            }
            // MERGEDCELLS
            0x00E5 => {
                let n = usize::from(u16_at(d, 0).unwrap_or(0));
                for k in 0..n {
                    let at = 2 + 8 * k;
                    let (Some(r0), Some(r1), Some(c0), Some(c1)) =
                        (u16_at(d, at), u16_at(d, at + 2), u16_at(d, at + 4), u16_at(d, at + 6))
                    else {
                        break;
                    };
                    let m =
                        (u32::from(r0.min(r1)), u32::from(c0.min(c1)), u32::from(r0.max(r1)), u32::from(c0.max(c1)));
                    if m.0 != m.2 || m.1 != m.3 {
                        merges.push(m);
                        if merges.len() as u64 > budget.limits.max_merged {
                            return Err(ReadError::Limit(format!(
                                "工作表“{name}”的合并单元格区域超过 {} 个(合并区域数上限)",
                                budget.limits.max_merged
                            )));
                        }
                    }
                }
            }
            // NOTE: a note on a cell (its text is in drawing records, not read).
            0x001C => {
                if let (Some(row), Some(col)) = (u16_at(d, 0), u16_at(d, 2)) {
                    budget.cell(name)?;
                    notes.push((u32::from(row), u32::from(col), String::new()));
                }
            }
            _ => {}
        }
    }
    notes.sort_by_key(|n| (n.0, n.1));
    Ok((cells, merges, notes))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rk_numbers() {
        assert_eq!(rk(0x0000_0002 | (5 << 2)), 5.0);
        assert_eq!(rk(0x0000_0003 | (1234 << 2)), 12.34);
        let bits = 1.5f64.to_bits();
        assert_eq!(rk((bits >> 32) as u32), 1.5);
    }
}
