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
        sheet: String,
        /// A1-style reference.
        cell: String,
    },
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
