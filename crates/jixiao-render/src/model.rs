//! The report as a format-neutral tree of blocks. [`crate::build()`] makes it from a record;
//! each writer (Markdown, HTML, Word, PDF) lays the same tree out in its own format, so the
//! figures are the same in every format by construction.

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
}

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

impl Report {
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
            }
        }
        out
    }
}
