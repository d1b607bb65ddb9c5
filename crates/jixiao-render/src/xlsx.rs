//! A form (the 项目支出绩效自评表, [`Layout::Form`]) as an Excel workbook: one sheet laid out
//! as the printed form, its cells merged as the form merges them, set up to print on one A4
//! landscape page wide (草稿 in the page header of a draft). The texts are the form's as
//! printed (figures rounded as the other formats print them), not formulas: the workbook is
//! the form to hand in or to paste into the platform, not a record to fill in (that is
//! `jixiao export`).
//!
//! Only forms are written: a report (GB/T 9704, [`Layout::Report`]) is a document, not a
//! sheet, and is refused.

#![allow(clippy::float_arithmetic)] // column widths and row heights, not money

use jixiao_core::width::cells_wide;
use rust_xlsxwriter::{Color, Format, FormatAlign, FormatBorder, Workbook, Worksheet, XlsxError};

use crate::RenderError;
use crate::model::{Align, Block, DRAFT_MARK, Layout, Report, Span, Table};

/// Column-width units across an A4 landscape page within the margins below.
const PAGE_WIDTH: f64 = 140.0;

/// Writes the form as a workbook.
pub fn render(report: &Report) -> Result<Vec<u8>, RenderError> {
    if report.meta.layout != Layout::Form {
        return Err(RenderError::Xlsx(
            "只有表格式的自评表(如项目支出绩效自评表)能写成 .xlsx;报告请用 .docx、.pdf、.html 或 .md".into(),
        ));
    }
    write(report).map_err(|e| RenderError::Xlsx(e.to_string()))
}

fn font(f: Format) -> Format {
    f.set_font_name("宋体").set_font_size(10)
}

fn write(report: &Report) -> Result<Vec<u8>, XlsxError> {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("自评表")?;
    // The widest table sets the columns; the rest of the sheet spans them.
    let cols = report
        .blocks
        .iter()
        .filter_map(|b| if let Block::Table(t) = b { Some(t.header.len().max(width(t))) } else { None })
        .max()
        .unwrap_or(1)
        .max(1);
    let last = u16::try_from(cols - 1).unwrap_or(u16::MAX);
    let mut widths = Vec::new();
    if let Some(Block::Table(t)) = report.blocks.iter().find(|b| matches!(b, Block::Table(_))) {
        let total: u32 = t.widths.iter().sum::<u32>().max(1);
        for (c, w) in t.widths.iter().enumerate() {
            let width = PAGE_WIDTH * f64::from(*w) / f64::from(total);
            ws.set_column_width(col(c), width)?;
            widths.push(width);
        }
    }
    let title = font(Format::new()).set_bold().set_font_size(16).set_align(FormatAlign::Center);
    let text = font(Format::new()).set_text_wrap().set_align(FormatAlign::VerticalCenter);
    let heading = text.clone().set_bold().set_font_size(12);
    let mut row: u32 = 0;
    let lines = if report.title_lines.is_empty() { vec![report.title.clone()] } else { report.title_lines.clone() };
    for line in &lines {
        span_row(ws, row, last, line, &title)?;
        row += 1;
    }
    for block in &report.blocks {
        match block {
            Block::Heading { text: t, .. } => {
                row += 1;
                span_row(ws, row, last, t, &heading)?;
                row += 1;
            }
            Block::Para { text: t } | Block::Note { text: t } => {
                span_row(ws, row, last, t, &text)?;
                // A long paragraph wraps: rows as tall as its lines across the page.
                ws.set_row_height(row, LINE * lines_in(t, PAGE_WIDTH) + 2.0)?;
                row += 1;
            }
            Block::Table(t) => row = table(ws, row, last, t, &widths)?,
            Block::Chart(_) | Block::PageBreak => {}
        }
    }
    ws.set_landscape().set_paper_size(9).set_print_fit_to_pages(1, 0).set_margins(0.4, 0.4, 0.6, 0.6, 0.3, 0.3);
    if report.meta.draft {
        ws.set_header(format!("&R{DRAFT_MARK}"));
    }
    wb.save_to_buffer()
}

/// A text across the sheet's columns on one row.
fn span_row(ws: &mut Worksheet, row: u32, last: u16, text: &str, format: &Format) -> Result<(), XlsxError> {
    if last == 0 {
        ws.write_string_with_format(row, 0, text, format)?;
    } else {
        ws.merge_range(row, 0, row, last, text, format)?;
    }
    Ok(())
}

/// The columns of a table's body.
fn width(t: &Table) -> usize {
    t.rows.iter().map(Vec::len).max().unwrap_or(0)
}

/// Points of height a line of text takes in 10 pt.
const LINE: f64 = 13.5;

/// How many lines `text` takes wrapped in a cell `width` column units wide (a column unit
/// holds about one character cell in 10 pt: `jixiao_core::width`).
fn lines_in(text: &str, width: f64) -> f64 {
    text.split('\n').map(|line| (f64::from(cells_wide(line)) / (width - 1.0).max(1.0)).ceil().max(1.0)).sum()
}

/// Writes a table from `row` on (caption, unit line, header, body with its merges); the row
/// after it. Excel does not grow a row for the text of a merged cell: each row is made as
/// tall as its longest cell needs (a cell merged down several rows shares its lines among
/// them).
fn table(ws: &mut Worksheet, mut row: u32, last: u16, t: &Table, widths: &[f64]) -> Result<u32, XlsxError> {
    let span_width = |c: usize, cols: usize| -> f64 {
        let w: f64 = widths.iter().skip(c).take(cols).sum();
        if w > 0.0 { w } else { 10.0 * cols as f64 }
    };
    let mut heights = vec![1.0_f64; t.rows.len()];
    for (r, cells) in t.rows.iter().enumerate() {
        for (c, text) in cells.iter().enumerate() {
            if let Span::Anchor(rows, cols) = t.span(r, c) {
                let per_row = (lines_in(text, span_width(c, cols)) / rows as f64).ceil();
                heights[r] = heights[r].max(per_row);
            }
        }
    }
    let cell =
        font(Format::new()).set_border(FormatBorder::Thin).set_text_wrap().set_align(FormatAlign::VerticalCenter);
    let label = cell.clone().set_bold().set_align(FormatAlign::Center).set_background_color(Color::RGB(0xF2F2F2));
    if let Some(c) = &t.caption {
        span_row(ws, row, last, c, &font(Format::new()).set_bold().set_align(FormatAlign::Center))?;
        row += 1;
    }
    if let Some(u) = &t.unit {
        span_row(ws, row, last, u, &font(Format::new()).set_align(FormatAlign::Right))?;
        row += 1;
    }
    if !t.header.is_empty() {
        for (c, h) in t.header.iter().enumerate() {
            ws.write_string_with_format(row, col(c), h, &label)?;
        }
        row += 1;
    }
    for (r, cells) in t.rows.iter().enumerate() {
        let at = row + u32::try_from(r).unwrap_or(u32::MAX);
        ws.set_row_height(at, LINE * heights[r] + 2.0)?;
        for (c, text) in cells.iter().enumerate() {
            let format = if t.is_label(r, c) {
                label.clone()
            } else {
                match t.align(r, c) {
                    Align::Left => cell.clone(),
                    Align::Center => cell.clone().set_align(FormatAlign::Center),
                    Align::Right => cell.clone().set_align(FormatAlign::Right),
                }
            };
            match t.span(r, c) {
                Span::Anchor(1, 1) => {
                    ws.write_string_with_format(at, col(c), text, &format)?;
                }
                Span::Anchor(rows, cols) => {
                    let (last_row, last_col) = (at + u32::try_from(rows - 1).unwrap_or(0), col(c + cols - 1));
                    ws.merge_range(at, col(c), last_row, last_col, text, &format)?;
                }
                Span::Covered(..) => {}
            }
        }
    }
    Ok(row + u32::try_from(t.rows.len()).unwrap_or(u32::MAX) + 1)
}

fn col(c: usize) -> u16 {
    u16::try_from(c).unwrap_or(u16::MAX)
}
