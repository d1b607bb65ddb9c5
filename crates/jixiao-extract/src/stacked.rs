//! Tables written one cell per line, with or without blank lines between the cells (the text
//! of a web page or of a document copied cell by cell): a run of header lines naming the
//! columns, then rows, each a label line followed by one line per figure column. A figure
//! cell left empty is a dash (`-`, `—`, `/`). When the header names a code column first
//! (`科目编码`, `项目`, `预算数` …), each row may start with its code (`201`), a whole number
//! on its own line before the label; a row without one (`合计`) is read as well.
//!
//! The number of figure columns `k` comes from the first row (a label line followed by `k`
//! lines holding one figure each); its header is the `k` lines before that label, of which two
//! at least must name a column jixiao knows (预算数, 决算数, 执行率 …). Further rows are a label
//! followed by exactly `k` figure lines; a label with no figures (a row left blank) is kept
//! while at most [`MAX_BLANK_ROWS`] follow one another. Anything else ends the table. One pass
//! over the lines: the cost is linear in the text.

use std::ops::Range;

use crate::numbers::{Token, is_empty_cell};
use crate::reader::Reader;
use crate::tables::{Cell, Role, Row, Table, role};
use crate::text::{half_width, line_ranges, may_have_full_width};

/// Label rows without figures allowed in a row inside a table.
const MAX_BLANK_ROWS: usize = 6;
/// The widest table read (figure columns).
const MAX_COLUMNS: usize = 12;

/// What one non-blank line is.
enum Line<'t> {
    /// A line holding one figure and nothing else.
    Figure(&'t Token),
    /// A figure cell left empty (`-`, `—`, `/`).
    Dash,
    /// Any other line of text (a label or a header): its text, punctuation in half-width forms
    /// (borrowed when it has none in full-width forms, as most lines).
    Text(std::borrow::Cow<'t, str>),
}

/// The tables of `r` written one cell per line.
///
/// The flow joins such lines into running text, so the lines are those of the document text;
/// each figure is found on its line through its span (tokens and lines are both in text
/// order, so one merge pass pairs them). A text cell's flow range is empty, at the next figure.
pub fn stacked_tables(r: &Reader<'_>) -> Vec<Table> {
    let doc = r.doc;
    let text = doc.text.as_str();
    let toks = &r.toks;
    let at = |i: usize| toks.get(i).map_or(doc.flow.len(), |t| t.start);
    let mut lines: Vec<(Range<usize>, Option<Line<'_>>)> = Vec::new();
    // Where each figure starts in the text, found once per figure (the lines ask twice).
    let mut spans = doc.spans();
    let starts: Vec<usize> = toks.iter().map(|t| spans.span(t.start..t.end).start).collect();
    let mut spans = doc.spans();
    let (mut ti, mut tk) = (0, 0);
    for line in line_ranges(text) {
        crate::work::add(1);
        let raw = text[line.clone()].trim_end_matches('\r');
        // A cell copied with its rule (`75.60 |`): the bar is no part of it.
        let trimmed = without_bars(raw);
        if trimmed.is_empty() {
            continue;
        }
        let lead = trimmed.as_ptr() as usize - raw.as_ptr() as usize;
        let range = line.start + lead..line.start + lead + trimmed.len();
        while starts.get(ti).is_some_and(|s| *s < range.start) {
            ti += 1;
        }
        let mut tj = ti;
        while starts.get(tj).is_some_and(|s| *s < range.end) {
            tj += 1;
        }
        // The document decided which of its lines are table rows when it made the flow.
        while doc.table_lines.get(tk).is_some_and(|t| t.start < line.start) {
            tk += 1;
        }
        // A page's mark (`— 3 —`, `第 3 页`) between two rows of a table is no cell of it.
        if is_page_mark(trimmed) {
            ti = tj;
            continue;
        }
        // A heading's unit on a line of its own (`预算数` then `(万元)`) belongs to the heading.
        if tj == ti
            && is_bracketed_note(trimmed)
            && let Some((_, Some(Line::Text(prev)))) = lines.last_mut()
        {
            prev.to_mut().push_str(trimmed);
            continue;
        }
        let kind = if doc.table_lines.get(tk).is_some_and(|t| t.start == line.start) {
            None
        } else if tj == ti && is_empty_cell(trimmed) {
            Some(Line::Dash)
        } else if tj == ti + 1 && {
            // The flow joins the lines, so a unit may have been read from the next line
            // (`0` then `项目支出:`): the number alone, or with its unit, fills the line.
            let t = &toks[ti];
            let (bare, unit) = (spans.span(t.start..t.end), spans.span(t.start..t.unit_end));
            bare.start == range.start && (bare.end == range.end || unit.end == range.end)
        } {
            Some(Line::Figure(&toks[ti]))
        } else {
            Some(Line::Text(if !may_have_full_width(trimmed) || trimmed.chars().all(|c| half_width(c) == c) {
                std::borrow::Cow::Borrowed(trimmed)
            } else {
                std::borrow::Cow::Owned(trimmed.chars().map(half_width).collect())
            }))
        };
        // A text cell's flow place: empty, where the next figure starts.
        lines.push((at(ti)..at(ti), kind));
        ti = tj;
    }
    let is_fig = |i: usize| matches!(lines.get(i), Some((_, Some(Line::Figure(_) | Line::Dash))));
    let is_text = |i: usize| matches!(lines.get(i), Some((_, Some(Line::Text(_)))));
    // A row's code (`201`, `2080501`): a whole number of three to nine digits alone on a line.
    let is_code = |i: usize| match lines.get(i) {
        Some((_, Some(Line::Figure(t)))) => {
            let s = &doc.flow[t.start..t.end];
            t.unit.is_none() && !t.percent && (3..=9).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit())
        }
        _ => false,
    };
    // The figures after the label at `i`: how many figure lines follow it.
    let run = |i: usize| {
        let n = (i + 1..lines.len()).take_while(|&j| is_fig(j)).count();
        crate::work::add(n + 1);
        n
    };
    let mut out = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        // The next row's code closes a row's run of figure lines: it is not one of its cells.
        let cells_after = |n: usize| {
            let f = run(n);
            if f > 0 && is_code(n + f) && is_text(n + f + 1) { f - 1 } else { f }
        };
        let k = if is_text(i) { run(i) } else { 0 };
        let kc = if is_text(i) { cells_after(i) } else { 0 };
        let label_of = |n: usize| match &lines[n].1 {
            Some(Line::Text(t)) => t.as_ref(),
            _ => "",
        };
        // With a code column the first row's code stands before its label, and the header
        // names the code and the label columns too.
        let coded = i > kc + 2
            && is_code(i - 1)
            && (i - 3 - kc..i - 1).all(is_text)
            && role(label_of(i - 3 - kc)) == Role::Code;
        let k = if coded { kc } else { k };
        let header = if coded { i - 3 - k..i - 1 } else { i.saturating_sub(k)..i };
        if !(2..=MAX_COLUMNS).contains(&k) || i < k || !header.clone().all(is_text) {
            i += 1;
            continue;
        }
        let known = header.clone().filter(|&h| crate::tables::is_figure_role(role(label_of(h)))).count();
        if known < 2 {
            i += 1;
            continue;
        }
        // The cell of line `n`: its text, or its figure with the figure's flow range.
        let cell = |n: usize| match &lines[n].1 {
            Some(Line::Figure(t)) => {
                Cell { range: t.start..t.end, text: doc.flow[t.start..t.end].to_string(), token: Some((*t).clone()) }
            }
            Some(Line::Dash) => Cell { range: lines[n].0.clone(), text: "-".into(), token: None },
            _ => Cell { range: lines[n].0.clone(), text: label_of(n).to_string(), token: None },
        };
        // A code line as a text cell (the number is a code, not a figure).
        let code_cell = |n: usize| match &lines[n].1 {
            Some(Line::Figure(t)) => {
                Cell { range: t.start..t.start, text: doc.flow[t.start..t.end].to_string(), token: None }
            }
            _ => cell(n),
        };
        let start = lines[header.start].0.start;
        let head_cells: Vec<Cell> = if coded {
            header.clone().map(cell).collect()
        } else {
            std::iter::once(Cell { range: start..start, text: "项目".into(), token: None })
                .chain(header.clone().map(cell))
                .collect()
        };
        let mut rows = vec![Row { range: start..lines[i - 1].0.end, cells: head_cells }];
        // Rows: (a code,) a label and k figures, or a label alone (a blank row).
        let mut j = if coded { i - 1 } else { i };
        let mut blank: Vec<usize> = Vec::new();
        while is_text(j) || (coded && is_code(j) && is_text(j + 1)) {
            // The row's code line, if it has one, then its label at `l`.
            let code = coded && is_code(j);
            let l = j + usize::from(code);
            let n = if coded { cells_after(l) } else { run(l) };
            if n == 0 && !code {
                blank.push(j);
                if blank.len() > MAX_BLANK_ROWS {
                    break;
                }
                j += 1;
                continue;
            }
            if n != k {
                break;
            }
            for b in blank.drain(..) {
                rows.push(Row { range: lines[b].0.clone(), cells: vec![cell(b)] });
            }
            let end = cell(l + k).range.end;
            let cells = code.then(|| code_cell(j)).into_iter().chain((l..=l + k).map(cell)).collect();
            rows.push(Row { range: lines[j].0.start..end, cells });
            j = l + k + 1;
        }
        out.push(Table { rows });
        i = j.max(i + 1);
    }
    out
}

/// `line` without its blanks and a table rule's bar at either end (`75.60 |`, `| 项目`).
fn without_bars(line: &str) -> &str {
    let t = line.trim();
    let t = t.strip_suffix(['|', '\u{ff5c}']).map_or(t, str::trim_end);
    t.strip_prefix(['|', '\u{ff5c}']).map_or(t, str::trim_start)
}

/// A page's mark printed between a table's rows: a page number set off by dashes on both
/// sides (`— 3 —`, `- 12 -`) or written with 页 (`第 3 页`, `3/20页`). A bare number is a cell,
/// and so is a negative one (`-5`).
pub(crate) fn is_page_mark(line: &str) -> bool {
    let dash = |c: char| matches!(c, '-' | '\u{2014}' | '\u{2013}' | '_');
    crate::formats::page_number(line) && (line.contains('页') || (line.starts_with(dash) && line.ends_with(dash)))
}

/// A line that is one short bracketed note and nothing else (`(万元)`, `(%)`, `(调整后)`).
fn is_bracketed_note(line: &str) -> bool {
    let inner = line.strip_prefix(['(', '\u{ff08}']).and_then(|t| t.strip_suffix([')', '\u{ff09}']));
    inner.is_some_and(|t| {
        let n = t.chars().count();
        let numeral = t.chars().all(|c| "一二三四五六七八九十".contains(c));
        (1..=10).contains(&n)
            && !numeral
            && !t.chars().any(|c| c.is_ascii_digit() || matches!(c, '(' | ')' | '\u{ff08}' | '\u{ff09}'))
    })
}

#[cfg(test)]
mod tests {
    use super::stacked_tables;
    use crate::reader::Reader;
    use crate::text::Doc;

    fn read(text: &str) -> Vec<Vec<Vec<String>>> {
        let doc = Doc::new(text.to_string());
        let reader = Reader::new(&doc);
        stacked_tables(&reader)
            .into_iter()
            .map(|t| t.rows.into_iter().map(|r| r.cells.into_iter().map(|c| c.text).collect()).collect())
            .collect()
    }

    #[test]
    fn one_cell_per_line_with_blank_lines_is_read_as_rows() {
        let text = "支出情况(万元)\n\n上年决算数\n\n本年预算数\n\n本年决算数\n\n办公费合计:\n\n12.50\n\n14.00\n\n13.10\n\n1、纸张\n\n\n\n2、印刷费\n\n6.00\n\n7.00\n\n6.60\n\n说明:以上为示例。\n";
        let t = read(text);
        assert_eq!(t.len(), 1, "{t:#?}");
        assert_eq!(t[0][0], ["项目", "上年决算数", "本年预算数", "本年决算数"]);
        assert_eq!(t[0][1], ["办公费合计:", "12.50", "14.00", "13.10"]);
        // A row left blank is kept (before a row with figures), the note after the table is not.
        assert_eq!(t[0][2], ["1、纸张"]);
        assert_eq!(t[0][3], ["2、印刷费", "6.00", "7.00", "6.60"]);
        assert_eq!(t[0].len(), 4);
    }

    #[test]
    fn a_figure_whose_next_line_starts_with_a_unit_word_is_still_a_cell() {
        // The flow reads `0` and the next line's `项目` as `0 项`: the line holds the number alone.
        let t = read("预算数\n\n决算数\n\n会议费\n\n0\n\n0\n\n项目支出:\n\n5.00\n\n4.00\n");
        assert_eq!(t[0].len(), 3, "{t:#?}");
        assert_eq!(t[0][1], ["会议费", "0", "0"]);
        assert_eq!(t[0][2], ["项目支出:", "5.00", "4.00"]);
    }

    #[test]
    fn a_code_column_and_dashes_are_read() {
        let text = "单位:万元\n\n科目编码\n\n项目\n\n预算数\n\n决算数\n\n差异\n\n执行率\n\n                    201\n\n一般公共服务支出\n\n2.00\n\n0.20\n\n1.80\n\n10.00%\n\n                    212\n\n城乡社区支出\n\n0.00\n\n139.11\n\n-139.11\n\n-\n\n                    合计\n\n2.00\n\n139.31\n\n-137.31\n\n6965.50%\n\n说明:以上为示例。\n";
        let t = read(text);
        assert_eq!(t.len(), 1, "{t:#?}");
        assert_eq!(t[0][0], ["科目编码", "项目", "预算数", "决算数", "差异", "执行率"]);
        assert_eq!(t[0][1], ["201", "一般公共服务支出", "2.00", "0.20", "1.80", "10.00%"]);
        assert_eq!(t[0][2], ["212", "城乡社区支出", "0.00", "139.11", "-139.11", "-"]);
        assert_eq!(t[0][3], ["合计", "2.00", "139.31", "-137.31", "6965.50%"]);
        assert_eq!(t[0].len(), 4);
    }

    #[test]
    fn whole_numbers_are_no_codes_without_a_code_column() {
        let t = read("项目\n\n预算数\n\n决算数\n\n人数\n\n120\n\n130\n\n车辆\n\n4\n\n5\n");
        assert_eq!(t[0].len(), 3, "{t:#?}");
        assert_eq!(t[0][1], ["人数", "120", "130"]);
    }

    #[test]
    fn lines_that_name_no_known_columns_or_ragged_rows_make_no_table() {
        // Three figures after a label, but the lines before name no budget or actual column.
        assert!(read("甲\n乙\n丙\n人数\n3\n4\n5\n").is_empty());
        // A second row with fewer figures ends the table after its first row.
        let t = read("预算数\n决算数\n办公费\n10.00\n9.00\n差旅费\n3.00\n正文继续。\n");
        assert_eq!(t.len(), 1);
        assert_eq!(t[0].len(), 2);
    }
}
