//! The report as a format-neutral tree of blocks. [`crate::build()`] makes it from a record;
//! each writer (Markdown, HTML, Word, PDF) lays the same tree out in its own format, so the
//! figures are the same in every format by construction.

use std::borrow::Cow;

use serde::{Deserialize, Serialize};

/// A whole report.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Report {
    /// Title.
    pub title: String,
    /// The title as it is set on the cover: broken after the department's name when it starts
    /// with it, so that a long title does not wrap in the middle of a phrase.
    #[serde(default)]
    pub title_lines: Vec<String>,
    /// Cover block: (label, value) pairs.
    pub cover: Vec<(String, String)>,
    /// Body, in order.
    pub blocks: Vec<Block>,
    /// Document properties and status.
    #[serde(default)]
    pub meta: Meta,
}

/// What a report says about itself: its document properties, and whether it is a draft.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Meta {
    /// The author: the unit that writes the report (部门名称).
    pub author: String,
    /// When it was made: the record's 填报日期 (`2025-08-14`), or the time of writing the
    /// caller gave (RFC 3339, `2025-08-14T09:30:00+08:00`); `None` when neither is known.
    pub created: Option<String>,
    /// A draft (not checked as complete for a final document): every page says 草稿.
    pub draft: bool,
    /// How the pages are laid out.
    #[serde(default)]
    pub layout: Layout,
}

impl Default for Meta {
    fn default() -> Meta {
        Meta { author: String::new(), created: None, draft: true, layout: Layout::Report }
    }
}

/// How a document's pages are laid out.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Layout {
    /// A report after GB/T 9704: A4 portrait, the title and cover block on a page of their
    /// own.
    #[default]
    Report,
    /// A form (the 项目支出绩效自评表): A4 landscape with narrow margins, the title above
    /// the form on the same page, tables in 小五.
    Form,
}

/// The mark a draft carries on every page.
pub const DRAFT_MARK: &str = "草稿";

/// One block of the body.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Block {
    /// A heading: level 1 (`一、`), 2 (`(一)`), 3 (`1.`) or 4 (`(1)`), the marker included.
    Heading {
        /// 1–4.
        level: u8,
        /// The heading text.
        text: String,
    },
    /// A paragraph.
    Para {
        /// Its text.
        text: String,
    },
    /// A table.
    Table(Table),
    /// A chart.
    Chart(Chart),
    /// A note set apart (未填报, 附注).
    Note {
        /// Its text.
        text: String,
    },
    /// What follows starts on a new page (where a format has pages).
    PageBreak,
}

/// A table with a header row.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Table {
    /// Caption above the table.
    pub caption: Option<String>,
    /// Unit line (`单位:万元`).
    pub unit: Option<String>,
    /// Header cells.
    pub header: Vec<String>,
    /// Which columns hold numbers (right-aligned).
    pub numeric: Vec<bool>,
    /// Body rows.
    pub rows: Vec<Vec<String>>,
    /// Relative column widths.
    pub widths: Vec<u32>,
    /// Cells merged across columns or down rows, as a printed form has them (body rows;
    /// the cells a merge covers hold empty text).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub merges: Vec<Merge>,
    /// Body cells that are labels of the form (`[row, col]`): set like header cells.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub labels: Vec<[usize; 2]>,
    /// Body cells centred (`[row, col]`), besides the labels.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub centered: Vec<[usize; 2]>,
}

/// A merged cell: the cell at `row`, `col` (of the body) spans `rows` rows and `cols` columns.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Merge {
    /// First body row.
    pub row: usize,
    /// First column.
    pub col: usize,
    /// Rows spanned (at least 1).
    pub rows: usize,
    /// Columns spanned (at least 1).
    pub cols: usize,
}

/// A body cell as laid out with its merges ([`Table::grid`]).
#[derive(Debug, Clone, Serialize)]
pub struct GridCell<'a> {
    /// Its text.
    pub text: &'a str,
    /// Rows spanned.
    pub rows: usize,
    /// Columns spanned.
    pub cols: usize,
    /// A label of the form.
    pub label: bool,
    /// `left`, `center` or `right`.
    pub align: &'static str,
}

/// How a cell's text is aligned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    /// Text.
    Left,
    /// Labels and the form's short cells.
    Center,
    /// Numbers.
    Right,
}

/// Where a body cell stands in its table's merges.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Span {
    /// A cell of its own, or the first cell of a merge: (rows, cols) spanned.
    Anchor(usize, usize),
    /// Covered by the merge whose first cell is at (row, col), below or right of it.
    Covered(usize, usize),
}

impl Table {
    /// Where the body cell at `row`, `col` stands in the merges.
    pub fn span(&self, row: usize, col: usize) -> Span {
        for m in &self.merges {
            let inside = (m.row..m.row + m.rows.max(1)).contains(&row) && (m.col..m.col + m.cols.max(1)).contains(&col);
            if inside {
                return if row == m.row && col == m.col {
                    Span::Anchor(m.rows.max(1), m.cols.max(1))
                } else {
                    Span::Covered(m.row, m.col)
                };
            }
        }
        Span::Anchor(1, 1)
    }

    /// Whether the body cell at `row`, `col` is a label of the form.
    pub fn is_label(&self, row: usize, col: usize) -> bool {
        self.labels.contains(&[row, col])
    }

    /// How the body cell at `row`, `col` is aligned: labels and the cells marked centred in
    /// the middle, numeric columns right, text left.
    pub fn align(&self, row: usize, col: usize) -> Align {
        if self.is_label(row, col) || self.centered.contains(&[row, col]) {
            Align::Center
        } else if self.numeric.get(col).copied().unwrap_or(false) {
            Align::Right
        } else {
            Align::Left
        }
    }

    /// The body as the writers that merge cells lay it out: each row's cells left to right,
    /// the cells a merge covers left out.
    pub fn grid(&self) -> Vec<Vec<GridCell<'_>>> {
        let cols = self.columns();
        self.rows
            .iter()
            .enumerate()
            .map(|(r, row)| {
                (0..cols)
                    .filter_map(|c| match self.span(r, c) {
                        Span::Covered(..) => None,
                        Span::Anchor(rows, span) => Some(GridCell {
                            text: row.get(c).map_or("", String::as_str),
                            rows,
                            cols: span,
                            label: self.is_label(r, c),
                            align: match self.align(r, c) {
                                Align::Left => "left",
                                Align::Center => "center",
                                Align::Right => "right",
                            },
                        }),
                    })
                    .collect()
            })
            .collect()
    }

    /// The number of columns: the header's, or the widest row's when there is no header.
    pub fn columns(&self) -> usize {
        if self.header.is_empty() { self.rows.iter().map(Vec::len).max().unwrap_or(0) } else { self.header.len() }
    }
}

/// A chart, rendered once for every format.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Chart {
    /// Title.
    pub title: String,
    /// SVG source (for HTML and PDF).
    pub svg: String,
    /// PNG bytes (for Word), drawn at twice `width` × `height`, if a CJK font was found to
    /// draw the labels.
    #[serde(skip)]
    pub png: Option<Vec<u8>>,
    /// Display size in CSS pixels (the SVG's size).
    pub width: u32,
    /// Height in pixels.
    pub height: u32,
}

/// Whether a character may stand in an XML 1.0 document (and so in a DOCX part, an HTML
/// page read as XHTML, an SVG or the PDF's text): not the control characters other than
/// tab, line feed and carriage return, nor U+FFFE and U+FFFF.
pub fn xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}

/// `s` without the characters XML cannot hold ([`xml_char`]); borrowed when it has none.
pub fn xml_text(s: &str) -> Cow<'_, str> {
    if s.chars().all(xml_char) { Cow::Borrowed(s) } else { Cow::Owned(s.chars().filter(|c| xml_char(*c)).collect()) }
}

/// `s` escaped for XML and HTML text and attribute values (`& < > " '`), without the
/// characters XML cannot hold: the one escaper of the DOCX parts, the SVG charts, the review
/// dashboard and the web pages' hand-made fragments.
pub fn escape_xml(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars().filter(|c| xml_char(*c)) {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

impl Report {
    /// Every text of the report (title, cover, blocks, properties).
    fn texts_mut(&mut self) -> Vec<&mut String> {
        let mut v: Vec<&mut String> = vec![&mut self.title, &mut self.meta.author];
        v.extend(self.meta.created.iter_mut());
        v.extend(self.title_lines.iter_mut());
        for (k, val) in &mut self.cover {
            v.push(k);
            v.push(val);
        }
        for b in &mut self.blocks {
            match b {
                Block::Heading { text, .. } | Block::Para { text } | Block::Note { text } => v.push(text),
                Block::Table(t) => {
                    v.extend(t.caption.iter_mut());
                    v.extend(t.unit.iter_mut());
                    v.extend(t.header.iter_mut());
                    v.extend(t.rows.iter_mut().flatten());
                }
                Block::Chart(c) => {
                    v.push(&mut c.title);
                    v.push(&mut c.svg);
                }
                Block::PageBreak => {}
            }
        }
        v
    }

    /// Whether every text of the report may stand in XML.
    fn is_xml_safe(&self) -> bool {
        let ok = |s: &String| s.chars().all(xml_char);
        let mut all =
            [&self.title, &self.meta.author].into_iter().chain(self.meta.created.iter()).chain(&self.title_lines);
        if !all.all(ok) || !self.cover.iter().all(|(k, v)| ok(k) && ok(v)) {
            return false;
        }
        self.blocks.iter().all(|b| match b {
            Block::Heading { text, .. } | Block::Para { text } | Block::Note { text } => ok(text),
            Block::Table(t) => t.caption.iter().chain(&t.unit).chain(&t.header).chain(t.rows.iter().flatten()).all(ok),
            Block::Chart(c) => ok(&c.title) && ok(&c.svg),
            Block::PageBreak => true,
        })
    }

    /// The report with every character XML cannot hold dropped ([`xml_char`]): what the
    /// writers write. Borrowed when there is none (the usual case).
    pub fn xml_safe(&self) -> Cow<'_, Report> {
        if self.is_xml_safe() {
            return Cow::Borrowed(self);
        }
        let mut clean = self.clone();
        for t in clean.texts_mut() {
            if let Cow::Owned(c) = xml_text(t) {
                *t = c;
            }
        }
        Cow::Owned(clean)
    }

    /// Appends a heading.
    pub fn heading(&mut self, level: u8, text: impl Into<String>) {
        self.blocks.push(Block::Heading { level, text: text.into() });
    }

    /// Appends a paragraph (empty text is skipped).
    pub fn para(&mut self, text: impl Into<String>) {
        let text = text.into();
        if !text.trim().is_empty() {
            self.blocks.push(Block::Para { text });
        }
    }

    /// Appends a note.
    pub fn note(&mut self, text: impl Into<String>) {
        self.blocks.push(Block::Note { text: text.into() });
    }

    /// All the text of the report, one block per line (for tests and plain-text output).
    pub fn plain_text(&self) -> String {
        let mut out = format!("{}\n", self.title);
        for (k, v) in &self.cover {
            out.push_str(&format!("{k}:{v}\n"));
        }
        for b in &self.blocks {
            match b {
                Block::Heading { text, .. } | Block::Para { text } | Block::Note { text } => {
                    out.push_str(text);
                    out.push('\n');
                }
                Block::Table(t) => {
                    if let Some(u) = &t.unit {
                        out.push_str(u);
                        out.push('\n');
                    }
                    out.push_str(&t.header.join("\t"));
                    out.push('\n');
                    for r in &t.rows {
                        out.push_str(&r.join("\t"));
                        out.push('\n');
                    }
                }
                Block::Chart(c) => {
                    out.push_str(&format!("[图:{}]\n", c.title));
                }
                Block::PageBreak => {}
            }
        }
        out
    }
}
