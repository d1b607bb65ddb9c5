//! How a sheet prints: the unit line of its title, and its page: A4, one page wide, portrait
//! or landscape, columns narrowed (their text wrapped) so that nothing prints below 9 pt, rows
//! as high as their wrapped text.

use rust_xlsxwriter::Worksheet;

use crate::layout::{Block, Field, Kind, Section};

use jixiao_core::width::cells_wide;

use super::{WriteResult, x};

/// The unit line of a sheet's title: the unit of its money (and of the figures given in 元), or
/// of its points; nothing for a sheet without either.
pub(super) fn unit_line(sheet: &Section) -> String {
    let fields: Vec<&Field> = sheet
        .blocks
        .iter()
        .flat_map(|b| match b {
            Block::Form { fields, .. } => fields.iter().collect::<Vec<_>>(),
            Block::Table { columns, child, .. } => {
                columns.iter().chain(child.iter().flat_map(|(_, c)| c.iter())).collect()
            }
        })
        .collect();
    let yuan: Vec<&str> = fields.iter().filter(|f| f.kind == Kind::MoneyYuan).map(|f| f.name()).collect();
    if fields.iter().any(|f| f.kind == Kind::Money) {
        if yuan.is_empty() {
            "(金额单位:万元)".to_string()
        } else {
            format!("(金额单位:万元;{}单位:元)", yuan.join("、"))
        }
    } else if fields.iter().any(|f| f.unit == "分") {
        "(分值单位:分)".to_string()
    } else {
        String::new()
    }
}

/// Column-width units that fit across A4 within the margins below, portrait and landscape, as
/// LibreOffice prints them (about 5.6 pt a unit, padding included, measured on its PDF of the example).
const A4_PORTRAIT: f64 = 96.0;
const A4_LANDSCAPE: f64 = 140.0;
/// The widest a sheet may be, in width units, for its 11 pt text to print at 9 pt or more when
/// fitted to one landscape page wide.
const WIDEST: f64 = A4_LANDSCAPE * 11.0 / 9.0 - 2.0;
/// What Excel adds to each column's width (the cell's padding), in width units.
const PADDING: f64 = 0.71;
/// No column is narrowed below this.
const NARROWEST: f64 = 10.0;

/// A4, one page wide: portrait when the sheet fits, landscape otherwise; the widest columns
/// narrowed (their text wrapped) until the print is no smaller than 9 pt; rows as high as
/// their wrapped text needs.
#[allow(clippy::float_arithmetic)] // column widths, not money
pub(super) fn layout(ws: &mut Worksheet, mut widths: Vec<f64>, wraps: Vec<(u32, u16, String)>) -> WriteResult<()> {
    for wd in &mut widths {
        *wd = wd.min(60.0);
    }
    // A column is as wide as its width and Excel's padding.
    let printed = |widths: &[f64]| widths.iter().map(|w| w + PADDING).sum::<f64>();
    // Narrow the wide columns by one factor until the sheet is at most WIDEST wide (again when
    // rounding down and the narrowest width leave it wider).
    for _ in 0..8 {
        if printed(&widths) <= WIDEST {
            break;
        }
        let narrow = printed(&widths.iter().copied().filter(|w| *w <= NARROWEST).collect::<Vec<_>>());
        let wide: Vec<f64> = widths.iter().copied().filter(|w| *w > NARROWEST).collect();
        let room = WIDEST - narrow - PADDING * wide.len() as f64;
        let wide: f64 = wide.iter().sum();
        if wide <= 0.0 {
            break;
        }
        let factor = (room / wide).clamp(0.1, 1.0);
        for wd in &mut widths {
            if *wd > NARROWEST {
                *wd = (*wd * factor).max(NARROWEST).floor();
            }
        }
    }
    if printed(&widths) > A4_PORTRAIT {
        ws.set_landscape();
    } else {
        ws.set_portrait();
    }
    ws.set_paper_size(9).set_print_fit_to_pages(1, 0).set_margins(0.4, 0.4, 0.6, 0.6, 0.3, 0.3);
    for (c, wd) in widths.iter().enumerate() {
        ws.set_column_width(c as u16, *wd).map_err(x)?;
    }
    // Row heights from the wrapped text at the final widths.
    let mut lines: std::collections::HashMap<u32, u32> = std::collections::HashMap::new();
    for (row, col, text) in wraps {
        let per_line = widths.get(usize::from(col)).copied().unwrap_or(8.0).max(4.0).floor() as u32;
        let n: u32 = text.split('\n').map(|l| cells_wide(l).div_ceil(per_line).max(1)).sum();
        let e = lines.entry(row).or_insert(1);
        *e = (*e).max(n.min(15));
    }
    for (row, n) in lines {
        if n > 1 {
            // 15 points a line.
            ws.set_row_height(row, f64::from(n * 15)).map_err(x)?;
        }
    }
    Ok(())
}
