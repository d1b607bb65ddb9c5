//! Tables read from text: rows whose cells are separated by tabs, `|` or runs of blanks, a
//! header row naming the columns, and a 合计 row.

use crate::text::Includes;
use std::ops::Range;

use crate::numbers::{Token, is_empty_cell};
use crate::reader::Reader;
use crate::text::{cell_ranges, is_table_line};

/// One cell: its flow range and the figure in it, if any.
#[derive(Debug, Clone)]
pub struct Cell {
    /// Flow range of the cell's text.
    pub range: Range<usize>,
    /// The cell's text, trimmed.
    pub text: String,
    /// The figure in the cell (the only one, or the first).
    pub token: Option<Token>,
}

impl Cell {
    /// Blank or a dash.
    pub fn is_empty(&self) -> bool {
        is_empty_cell(&self.text)
    }
}

/// One row of cells.
#[derive(Debug, Clone)]
pub struct Row {
    /// Flow range of the row's line.
    pub range: Range<usize>,
    /// The cells, in order.
    pub cells: Vec<Cell>,
}

/// A table: consecutive table rows.
#[derive(Debug, Clone)]
pub struct Table {
    /// Rows in order, header rows included.
    pub rows: Vec<Row>,
}

impl Row {
    /// The cell in column `i` of a table whose header has `width` columns. A row with fewer
    /// cells than the header (its leading cells left blank, as a 合计 row often is) is
    /// aligned to the right, where the figures are.
    pub fn cell(&self, i: usize, width: usize) -> Option<&Cell> {
        let shift = width.saturating_sub(self.cells.len());
        if i < shift { None } else { self.cells.get(i - shift) }
    }

    /// Whether no cell holds a figure.
    pub fn is_header(&self) -> bool {
        self.cells.iter().all(|c| c.token.is_none())
    }
}

/// All tables of a document, from its table lines.
pub fn tables(r: &Reader<'_>) -> Vec<Table> {
    let mut out: Vec<Table> = Vec::new();
    let mut current: Vec<Row> = Vec::new();
    for line in &r.lines {
        let text = &r.doc.flow[line.clone()];
        if text.trim().is_empty() {
            continue;
        }
        if !is_table_line(text) {
            if !current.is_empty() {
                out.push(Table { rows: std::mem::take(&mut current) });
            }
            continue;
        }
        let cells = cell_ranges(text)
            .into_iter()
            .map(|c| {
                let range = line.start + c.start..line.start + c.end;
                let token = r.tokens_in(&range).first().cloned();
                Cell { text: text[c].trim().to_string(), range, token }
            })
            .collect();
        current.push(Row { range: line.clone(), cells });
    }
    if !current.is_empty() {
        out.push(Table { rows: current });
    }
    out
}

/// What a column holds, read from its header.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// 功能科目编码
    Code,
    /// 项目 / 科目名称
    Name,
    /// 预算数
    Budget,
    /// 决算数 / 执行数
    Actual,
    /// 差异
    Variance,
    /// 执行率
    Rate,
    /// Anything else.
    Other,
}

/// The role of a column from its header text.
pub fn role(header: &str) -> Role {
    let h: String = header.chars().filter(|c| !c.is_whitespace()).collect();
    if h.includes("编码") || h.includes("代码") {
        Role::Code
    } else if h.includes("差异") || h.includes("差额") {
        Role::Variance
    } else if h.contains('率') || h.includes("执行情况") {
        Role::Rate
    } else if h.includes("决算") || h.includes("执行数") || h.includes("支出数") || h.includes("实际") {
        Role::Actual
    } else if h.includes("预算") {
        Role::Budget
    } else if h.includes("项目") || h.includes("科目") || h.includes("名称") {
        Role::Name
    } else {
        Role::Other
    }
}

impl Table {
    /// The header row (the first row without figures that names at least two columns
    /// jixiao knows) and the roles of its columns.
    pub fn header(&self) -> Option<(usize, Vec<Role>)> {
        let h = self.rows.iter().position(|r| {
            r.is_header() && r.cells.iter().filter(|c| !matches!(role(&c.text), Role::Other | Role::Name)).count() >= 2
        })?;
        Some((h, self.rows[h].cells.iter().map(|c| role(&c.text)).collect()))
    }
}
