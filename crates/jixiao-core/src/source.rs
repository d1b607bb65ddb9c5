//! Where a figure came from: field paths, byte spans and line:column.
//!
//! Rules name figures by their *field path* in the record (`budget_table.rows[5].actual`).
//! Each front door (a TOML or JSON record, a workbook, a report's text) provides a
//! [`SourceMap`] from field paths to places in its own source, so one rule engine serves all
//! of them and every finding can point at the exact figure the user wrote.

use rustc_hash::FxHashMap;

/// A byte range in a source text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Span {
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
}

impl Span {
    /// A span from a byte range.
    pub fn new(start: usize, end: usize) -> Span {
        Span { start, end: end.max(start) }
    }
}

impl From<std::ops::Range<usize>> for Span {
    fn from(r: std::ops::Range<usize>) -> Span {
        Span::new(r.start, r.end)
    }
}

/// A place in a source, as shown to a user.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Place {
    /// A byte span in a text file.
    Text(Span),
    /// A cell of a workbook: sheet name and A1 reference.
    Cell {
        /// Sheet name.
        sheet: SheetName,
        /// A1-style reference.
        cell: CellRef,
    },
}

/// A sheet's name, shared by every place on the sheet (a place costs no copy of it). It reads
/// as the name: shown, compared and serialized as the text.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct SheetName(std::sync::Arc<str>);

impl SheetName {
    /// The name.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl From<&str> for SheetName {
    fn from(s: &str) -> SheetName {
        SheetName(s.into())
    }
}

impl From<String> for SheetName {
    fn from(s: String) -> SheetName {
        SheetName(s.into())
    }
}

impl std::ops::Deref for SheetName {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for SheetName {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl PartialEq<str> for SheetName {
    fn eq(&self, other: &str) -> bool {
        &*self.0 == other
    }
}

impl PartialEq<&str> for SheetName {
    fn eq(&self, other: &&str) -> bool {
        &*self.0 == *other
    }
}

impl serde::Serialize for SheetName {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}

/// A cell's row and column (from 0), kept as numbers and written as its A1 reference (`B5`)
/// only when shown: shown and serialized as that text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct CellRef {
    /// Row, from 0.
    pub row: u32,
    /// Column, from 0.
    pub col: u32,
}

impl CellRef {
    /// The cell at `row` and `col` (from 0).
    pub fn new(row: u32, col: u32) -> CellRef {
        CellRef { row, col }
    }

    /// The A1 reference into a buffer on the stack: the column's letters, then the row
    /// number (`(4, 1)` → `B5`); returns the bytes used.
    fn write_a1(self, buf: &mut [u8; 24]) -> &str {
        // Letters and digits are written backwards from the end.
        let mut i = buf.len();
        let mut n = u64::from(self.row) + 1;
        while n > 0 {
            i -= 1;
            buf[i] = b'0' + (n % 10) as u8;
            n /= 10;
        }
        let mut n = u64::from(self.col) + 1;
        while n > 0 {
            i -= 1;
            buf[i] = b'A' + ((n - 1) % 26) as u8;
            n = (n - 1) / 26;
        }
        // Only ASCII letters and digits were written.
        std::str::from_utf8(&buf[i..]).unwrap_or_default()
    }
}

impl std::fmt::Display for CellRef {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.pad(self.write_a1(&mut [0; 24]))
    }
}

impl serde::Serialize for CellRef {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.write_a1(&mut [0; 24]))
    }
}

/// Field path → place in the source.
#[derive(Debug, Clone, Default)]
pub struct SourceMap {
    /// Field paths are made by the program, never by input, so a fast hash is safe here.
    entries: FxHashMap<String, Place>,
}

impl SourceMap {
    /// Records where `path` is.
    pub fn insert(&mut self, path: impl Into<String>, place: Place) {
        self.entries.insert(path.into(), place);
    }

    /// Room for `additional` more entries, made at once rather than by growing.
    pub fn reserve(&mut self, additional: usize) {
        self.entries.reserve(additional);
    }

    /// Records a text span for `path`.
    pub fn insert_span(&mut self, path: impl Into<String>, span: Span) {
        self.insert(path, Place::Text(span));
    }

    /// Where exactly `path` is, if known.
    pub fn get(&self, path: &str) -> Option<&Place> {
        self.entries.get(path)
    }

    /// Where `path` is, or failing that its nearest enclosing field that is known.
    pub fn resolve(&self, path: &str) -> Option<(&str, &Place)> {
        let mut p = path;
        loop {
            if let Some((k, v)) = self.entries.get_key_value(p) {
                return Some((k.as_str(), v));
            }
            p = parent_path(p)?;
        }
    }

    /// Every entry, borrowed, in no particular order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &Place)> {
        self.entries.iter().map(|(k, v)| (k.as_str(), v))
    }

    /// Every entry, in no particular order.
    pub fn into_entries(self) -> impl Iterator<Item = (String, Place)> {
        self.entries.into_iter()
    }

    /// Number of entries.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

/// `a.b[3].c` → `a.b[3]` → `a.b` → `a` → `""`; `None` above the root.
pub fn parent_path(path: &str) -> Option<&str> {
    if path.is_empty() {
        return None;
    }
    if path.ends_with(']')
        && let Some(i) = path.rfind('[')
    {
        return Some(&path[..i]);
    }
    Some(match path.rfind('.') {
        Some(i) => &path[..i],
        None => "",
    })
}

/// Joins a field name onto a path.
pub fn join(path: &str, key: &str) -> String {
    if path.is_empty() { key.to_string() } else { format!("{path}.{key}") }
}

/// Joins an index onto a path.
pub fn index(path: &str, i: usize) -> String {
    format!("{path}[{i}]")
}

/// `[i]` pushed onto a path, the digits written by hand: what [`index`] joins, without the
/// formatting machinery.
pub fn push_index(out: &mut String, i: usize) {
    let mut digits = [0u8; 20];
    let mut n = i;
    let mut at = digits.len();
    loop {
        at -= 1;
        digits[at] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    out.push('[');
    out.extend(digits[at..].iter().map(|&d| char::from(d)));
    out.push(']');
}

/// 1-based line and 1-based column counted in characters, for a byte offset into `text`.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let offset = floor_char_boundary(text, offset.min(text.len()));
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let col = text[line_start..offset].chars().count() + 1;
    (line, col)
}

/// Where each line of a text starts, made once per text, so that the line and column of
/// any offset is a binary search and a count along one line — not a count from the start of
/// the text for every figure shown.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LineIndex {
    /// Byte offset of each line's first byte; the first is 0.
    starts: Vec<usize>,
}

impl LineIndex {
    /// The line starts of `text`.
    pub fn new(text: &str) -> LineIndex {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        LineIndex { starts }
    }

    /// The 0-based line holding byte `offset`.
    pub fn line_of(&self, offset: usize) -> usize {
        self.starts.partition_point(|&s| s <= offset).saturating_sub(1)
    }

    /// The byte where 0-based `line` starts (the text's end past the last line).
    pub fn line_start(&self, line: usize, text: &str) -> usize {
        self.starts.get(line).copied().unwrap_or(text.len())
    }

    /// The byte just past 0-based `line`, its line break included.
    pub fn line_end(&self, line: usize, text: &str) -> usize {
        self.starts.get(line + 1).copied().unwrap_or(text.len())
    }

    /// 1-based line and 1-based column counted in characters, for a byte offset into `text`
    /// (the text this index was made from): the same as [`line_col`].
    pub fn line_col(&self, text: &str, offset: usize) -> (usize, usize) {
        let offset = floor_char_boundary(text, offset.min(text.len()));
        let line = self.line_of(offset);
        let start = self.line_start(line, text).min(offset);
        (line + 1, text[start..offset].chars().count() + 1)
    }
}

/// The largest char boundary ≤ `i`.
pub fn floor_char_boundary(text: &str, mut i: usize) -> usize {
    while i > 0 && !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_show_their_a1_reference() {
        assert_eq!(CellRef::new(0, 0).to_string(), "A1");
        assert_eq!(CellRef::new(4, 1).to_string(), "B5");
        assert_eq!(CellRef::new(99, 25).to_string(), "Z100");
        assert_eq!(CellRef::new(0, 26).to_string(), "AA1");
        assert_eq!(CellRef::new(0, 701).to_string(), "ZZ1");
        assert_eq!(CellRef::new(0, 702).to_string(), "AAA1");
        assert_eq!(CellRef::new(u32::MAX, u32::MAX).to_string(), "MWLQKWV4294967296");
        assert_eq!(serde_json::to_value(CellRef::new(20, 3)).unwrap(), serde_json::json!("D21"));
        let sheet = SheetName::from("收支预决算");
        assert_eq!(format!("'{sheet}'!{}", CellRef::new(20, 3)), "'收支预决算'!D21");
        assert_eq!(serde_json::to_value(&sheet).unwrap(), serde_json::json!("收支预决算"));
        assert_eq!(format!("{:>4}", CellRef::new(0, 1)), "  B1");
    }

    #[test]
    fn indices_are_pushed_as_index_joins_them() {
        for i in [0, 1, 9, 10, 99, 100, 10_492, 1_000_000, usize::MAX] {
            let mut p = String::from("targets");
            push_index(&mut p, i);
            assert_eq!(p, index("targets", i));
        }
    }

    #[test]
    fn parents_walk_up_to_the_root() {
        assert_eq!(parent_path("a.b[3].c"), Some("a.b[3]"));
        assert_eq!(parent_path("a.b[3]"), Some("a.b"));
        assert_eq!(parent_path("a"), Some(""));
        assert_eq!(parent_path(""), None);
    }

    #[test]
    fn resolve_falls_back_to_the_enclosing_field() {
        let mut m = SourceMap::default();
        m.insert_span("budget_table", Span::new(10, 20));
        let (k, _) = m.resolve("budget_table.rows[2].actual").unwrap();
        assert_eq!(k, "budget_table");
        assert!(m.resolve("header.year").is_none());
    }

    #[test]
    fn the_line_index_agrees_with_counting_from_the_start() {
        for t in ["", "\n", "a", "年度 = 1\n部门 = \"人社局\"\n", "a\r\nb\n\n人c", "\n\n末"] {
            let idx = LineIndex::new(t);
            for off in 0..=t.len() + 2 {
                assert_eq!(idx.line_col(t, off), line_col(t, off), "{t:?} at {off}");
            }
        }
        let t = "ab\ncd\n";
        let idx = LineIndex::new(t);
        assert_eq!((idx.line_start(1, t), idx.line_end(1, t)), (3, 6));
        assert_eq!((idx.line_start(2, t), idx.line_end(2, t)), (6, 6));
    }

    #[test]
    fn columns_count_characters_not_bytes() {
        let t = "年度 = 1\n部门 = \"人社局\"";
        let off = t.find("\"人").unwrap();
        assert_eq!(line_col(t, off), (2, 6));
        assert_eq!(line_col(t, 0), (1, 1));
        assert_eq!(line_col(t, 1), (1, 1)); // inside a character: its start
    }
}
