//! Tables read from text: rows whose cells are separated by tabs, `|` or runs of blanks, a
//! header row naming the columns, and a 合计 row; also those of [`crate::spaced`] (single
//! blanks), [`crate::stacked`] (one cell per line) and [`crate::glued`] (budget execution
//! blocks whose cells a copy glued together).

use crate::text::Includes;
use std::ops::Range;

use crate::numbers::{Token, is_empty_cell};
use crate::reader::Reader;
use crate::text::cell_ranges;

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
        // A heading may name a year (`2024年预算数`) or, in brackets, its points or the
        // period (`预算执行情况(10分)`, `执行数(至2023年底)`).
        self.cells.iter().all(|c| c.token.is_none() || is_year_heading(&c.text) || !crate::spaced::has_figure(&c.text))
    }
}

/// A column heading that starts with a year (`2024年预算数`, `2023 年决算数`): its only figure
/// is the year.
fn is_year_heading(text: &str) -> bool {
    heading_year(text).is_some()
}

/// `text` without its whitespace: borrowed when it has none (most cells).
fn without_blanks(text: &str) -> std::borrow::Cow<'_, str> {
    if text.chars().any(char::is_whitespace) {
        let mut t = String::with_capacity(text.len());
        t.extend(text.chars().filter(|c| !c.is_whitespace()));
        std::borrow::Cow::Owned(t)
    } else {
        std::borrow::Cow::Borrowed(text)
    }
}

/// The year a column heading starts with (`2024年预算数` → 2024).
fn heading_year(text: &str) -> Option<u32> {
    let t = without_blanks(text);
    let digits = t.chars().take_while(char::is_ascii_digit).count();
    let rest = t.get(digits..)?.strip_prefix('年')?;
    let ok = digits == 4
        && (t.starts_with("19") || t.starts_with("20"))
        && !rest.is_empty()
        && rest.chars().all(|c| !c.is_ascii_digit() && c != '.' && c != '%');
    if ok { t[..4].parse().ok() } else { None }
}

/// All tables of a document, from its table lines.
pub fn tables(r: &Reader<'_>) -> Vec<Table> {
    let mut out: Vec<Table> = Vec::new();
    let mut current: Vec<Row> = Vec::new();
    // A page's mark (`第 2 页`, `— 3 —`) seen since the table's last row.
    let mut after_mark = false;
    for (line, &table) in r.lines.iter().zip(&r.table_lines) {
        let text = &r.doc.flow[line.clone()];
        if text.trim().is_empty() || is_rule_line(text) {
            continue;
        }
        if !table {
            // A page's mark between two rows keeps the table open.
            if !current.is_empty() && crate::stacked::is_page_mark(text.trim()) {
                after_mark = true;
                continue;
            }
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
        let row = Row { range: line.clone(), cells };
        // After a page's mark a row without figures (a header repeated or another table's)
        // starts a table of its own.
        if std::mem::take(&mut after_mark) && row.is_header() && !current.is_empty() {
            out.push(Table { rows: std::mem::take(&mut current) });
        }
        current.push(row);
    }
    if !current.is_empty() {
        out.push(Table { rows: current });
    }
    for table in &mut out {
        mend_short_rows(table, r);
    }
    let spaced = crate::spaced::spaced_tables(r, &out);
    out.extend(spaced);
    out.extend(crate::stacked::stacked_tables(r));
    out.extend(crate::glued::glued_tables(r));
    out
}

/// A line that only draws a table's rules: Markdown's `|---|:--:|` under the header, text
/// grids' `+----+----+` (it neither holds a row nor ends the table).
fn is_rule_line(line: &str) -> bool {
    let t = line.trim();
    t.contains("--") && t.chars().all(|c| matches!(c, '|' | '-' | ':' | '+' | '=' | ' ' | '\t' | '\u{ff5c}'))
}

/// Words that start a column's header.
const HEADER_WORDS: &[&str] =
    &["预算数", "决算数", "执行数", "支出数", "预决算差异", "差异", "差额", "执行率", "完成率", "支出率", "预算执行"];

/// A header cell naming several columns (`预算数决算数预决算差异金额`: a PDF lost the gaps) is
/// split before each column word after the first.
fn split_header_cells(header: &mut Row, flow: &str) {
    let mut i = 0;
    while i < header.cells.len() {
        let range = header.cells[i].range.clone();
        let text = &flow[range.clone()];
        let mut cuts: Vec<usize> = Vec::new();
        let mut seen_word = false;
        // Column words in brackets explain the column (`差异(决算数-预算数)`): no columns.
        let mut depth = 0usize;
        let mut p = 0;
        while p < text.len() {
            if text[p..].starts_with(['(', '\u{ff08}']) {
                depth += 1;
            } else if text[p..].starts_with([')', '\u{ff09}']) {
                depth = depth.saturating_sub(1);
            }
            if depth > 0 {
                p += text[p..].chars().next().map_or(1, char::len_utf8);
                continue;
            }
            if let Some(w) = HEADER_WORDS.iter().find(|w| text[p..].starts_with(**w)) {
                if seen_word {
                    cuts.push(p);
                }
                seen_word = true;
                p += w.len();
            } else {
                p += text[p..].chars().next().map_or(1, char::len_utf8);
            }
        }
        if cuts.is_empty() {
            i += 1;
            continue;
        }
        let bounds: Vec<usize> = std::iter::once(0).chain(cuts).chain(std::iter::once(text.len())).collect();
        let parts: Vec<Cell> = bounds
            .windows(2)
            .map(|w| {
                let range = range.start + w[0]..range.start + w[1];
                Cell { text: flow[range.clone()].trim().to_string(), range, token: None }
            })
            .collect();
        let n = parts.len();
        header.cells.splice(i..=i, parts);
        i += n;
    }
}

/// A header cell that only captions the budget columns after it (`年度预算数(万元) | 年初预算 |
/// 调整后预算数`: merged over them in the form, its own column in the text) is dropped, so that
/// the columns under it line up with the rows' figures. A budget heading is a caption when it
/// names the money unit and the budget heading right after it does not.
fn drop_caption_cells(header: &mut Row) {
    let names_unit = |t: &str| t.includes("万元") || t.includes("(元)") || t.includes("\u{ff08}元");
    let caption = header.cells.windows(2).position(|w| {
        role(&w[0].text) == Role::Budget
            && role(&w[1].text) == Role::Budget
            && names_unit(&w[0].text)
            && !names_unit(&w[1].text)
    });
    if let Some(i) = caption {
        header.cells.remove(i);
    }
}

/// A header written over two lines (`年初  全年  差异` above `预算数  决算数`): the second line's
/// cells complete, in order, the first line's cells that name no column by themselves, when
/// they are as many and the table has no figures before them. The second line is dropped.
fn merge_header_lines(table: &mut Table) {
    let Some(i) = table.rows.iter().position(|r| !r.cells.iter().all(|c| c.is_empty())) else { return };
    let (Some(first), Some(second)) = (table.rows.get(i), table.rows.get(i + 1)) else { return };
    if !first.is_header() || !second.is_header() {
        return;
    }
    let mut open: Vec<usize> = first
        .cells
        .iter()
        .enumerate()
        .filter(|(_, c)| !c.is_empty() && role(&c.text) == Role::Other)
        .map(|(k, _)| k)
        .collect();
    let rest: Vec<&Cell> = second.cells.iter().filter(|c| !c.is_empty()).collect();
    // The first column (the rows' names, `类别`) is completed only when the second line has a
    // cell for it too.
    let names = first.cells.iter().position(|c| !c.is_empty());
    if open.len() == rest.len() + 1 && open.first() == names.as_ref() {
        open.remove(0);
    }
    if open.is_empty() || open.len() != rest.len() {
        return;
    }
    let merged: Vec<String> =
        open.iter().zip(&rest).map(|(&k, c)| format!("{}{}", first.cells[k].text, c.text)).collect();
    let known = |texts: &mut dyn Iterator<Item = &str>| texts.filter(|t| is_figure_role(role(t))).count();
    // The second line must name the columns the first left open.
    if known(&mut merged.iter().map(String::as_str)) <= known(&mut open.iter().map(|&k| first.cells[k].text.as_str())) {
        return;
    }
    for (&k, text) in open.iter().zip(merged) {
        table.rows[i].cells[k].text = text;
    }
    table.rows.remove(i + 1);
}

/// Placeholders for an empty cell that a PDF may glue to the figure before them.
const PLACEHOLDERS: &[&str] = &["_", "-", "—", "–", "/", "\u{ff0f}"];

/// Rows with fewer cells than the header, where a PDF lost the gap between two cells: a
/// name glued to the figure after it (`一般公共服务支出:2.00`), or a figure glued to the
/// placeholder of an empty cell after it (`-0.53_`). Such cells are split in two, left to
/// right, until the row is as wide as the header.
fn mend_short_rows(table: &mut Table, r: &Reader<'_>) {
    merge_header_lines(table);
    if let Some((h, _)) = table.header() {
        split_header_cells(&mut table.rows[h], &r.doc.flow);
        drop_caption_cells(&mut table.rows[h]);
    }
    let Some((h, roles)) = table.header() else { return };
    let width = roles.len();
    let flow = &r.doc.flow;
    for row in &mut table.rows[h + 1..] {
        let mut i = 0;
        while row.cells.len() < width && i < row.cells.len() {
            let cell = &row.cells[i];
            let Some(t) = cell.token.clone() else {
                i += 1;
                continue;
            };
            let before = flow[cell.range.start..t.start].trim();
            let after = flow[t.unit_end.min(cell.range.end)..cell.range.end].trim();
            let glued_name = !before.is_empty() && before.chars().any(crate::text::is_cjk) && after.is_empty();
            let glued_placeholder = before.is_empty() && PLACEHOLDERS.contains(&after);
            if !(glued_name || glued_placeholder) {
                i += 1;
                continue;
            }
            let split = if glued_name { t.start } else { t.unit_end.min(cell.range.end) };
            let (left, right) = (cell.range.start..split, split..cell.range.end);
            let left_token = if glued_name { None } else { Some(t.clone()) };
            let right_token = if glued_name { Some(t) } else { None };
            let make = |range: Range<usize>, token| Cell { text: flow[range.clone()].trim().to_string(), range, token };
            let (a, b) = (make(left, left_token), make(right, right_token));
            row.cells.splice(i..=i, [a, b]);
            i += 1;
        }
    }
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
    /// 差异 / 结余
    Variance,
    /// 执行率
    Rate,
    /// 分值 / 权重 (`执行率权重`): the points a row can score.
    Weight,
    /// 得分 (`执行率得分`): the points it scored.
    Score,
    /// Anything else.
    Other,
}

/// A score sheet's header: a rate, the points (分值, 权重) and the score (得分) of each row
/// (`指标 | 权重 | 完成率 | 得分`), whose score is checked against points × rate.
fn is_score_header(r: &Row) -> bool {
    let has = |want: Role| r.cells.iter().any(|c| role(&c.text) == want);
    has(Role::Rate) && has(Role::Weight) && has(Role::Score)
}

/// Whether a role is one of the money and rate columns a table is recognised by (budget,
/// actual, variance, rate); points columns (分值, 得分) alone make no table of figures.
pub fn is_figure_role(role: Role) -> bool {
    matches!(role, Role::Budget | Role::Actual | Role::Variance | Role::Rate)
}

/// The role of a column from its header text.
pub fn role(header: &str) -> Role {
    let h = without_blanks(header);
    if h.includes("编码") || h.includes("代码") {
        Role::Code
    } else if h.includes("差异") || h.includes("差额") || h.includes("结余") {
        Role::Variance
    } else if h.includes("得分") {
        Role::Score
    } else if h.includes("分值") || h.includes("权重") {
        Role::Weight
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
            r.is_header()
                && (r.cells.iter().filter(|c| is_figure_role(role(&c.text))).count() >= 2 || is_score_header(r))
        })?;
        let cells = &self.rows[h].cells;
        let years: Vec<Option<u32>> = cells.iter().map(|c| heading_year(&c.text)).collect();
        let latest = years.iter().flatten().max().copied();
        // Columns of an earlier year than the table's latest (`2023年决算数` beside
        // `2024年预算数`, `2024年决算数`) hold last year's figures: no budget or actual of the year.
        let width = cells.len();
        // The first column holds the rows' names when no row has a figure in it, whatever its
        // heading says (`预算执行情况(10分)` over `总额`, `财政拨款`).
        let names_first = !self.rows[h + 1..].iter().any(|r| r.cell(0, width).is_some_and(|c| c.token.is_some()));
        let roles = cells
            .iter()
            .zip(&years)
            .enumerate()
            .map(|(ci, (c, y))| match (role(&c.text), y) {
                (Role::Budget | Role::Actual | Role::Variance | Role::Rate, Some(y)) if Some(*y) < latest => {
                    Role::Other
                }
                (r, _) if ci == 0 && names_first && is_figure_role(r) => Role::Name,
                (r, _) => r,
            })
            .collect();
        Some((h, roles))
    }
}

#[cfg(test)]
mod tests {
    use super::tables;
    use crate::reader::Reader;
    use crate::text::Doc;

    #[test]
    fn a_header_naming_its_years_is_a_header() {
        assert!(super::is_year_heading("2024年预算数"));
        assert!(super::is_year_heading("2023 年决算数"));
        assert!(!super::is_year_heading("2024年"));
        assert!(!super::is_year_heading("2024年12.5"));
        assert!(!super::is_year_heading("320人"));
        let text = "项目\t2023年决算数\t2024年预算数\t2024年决算数\n基本支出\t820.50\t860.00\t845.30\n";
        let doc = Doc::new(text.to_string());
        let reader = Reader::new(&doc);
        let t = tables(&reader);
        let (h, roles) = t[0].header().expect("header");
        assert_eq!(h, 0);
        // last year's actuals are no actual of the year
        assert_eq!(roles, vec![super::Role::Name, super::Role::Other, super::Role::Budget, super::Role::Actual]);
    }

    #[test]
    fn a_markdown_rule_line_under_the_header_keeps_the_table_whole() {
        assert!(super::is_rule_line("|---|:--:|---:|"));
        assert!(super::is_rule_line("+------+------+"));
        assert!(!super::is_rule_line("| - | - |"));
        assert!(!super::is_rule_line("-- 完 --"));
        let text =
            "| 项目 | 预算数 | 决算数 |\n|---|---|---|\n| 基本支出 | 10.00 | 9.00 |\n| 项目支出 | 5.00 | 4.00 |\n";
        let doc = Doc::new(text.to_string());
        let t = tables(&Reader::new(&doc));
        assert_eq!(t.len(), 1);
        assert_eq!(t[0].rows.len(), 3);
        assert_eq!(t[0].header().map(|h| h.0), Some(0));
    }

    #[test]
    fn a_caption_over_the_budget_columns_is_no_column_of_its_own() {
        use super::Role;
        let text = "预算执行情况(10分) | 年度预算数(万元) | 年初预算 | 调整后预算数 | 预算执行数 | 预算执行率 | 权重 | 得分\n总额 | 0.00 | 3.36 | 3.36 | 100.00% | 10 | 10\n";
        let doc = Doc::new(text.to_string());
        let t = tables(&Reader::new(&doc));
        let (h, roles) = t[0].header().expect("header");
        assert_eq!(t[0].rows[h].cells.len(), 7);
        assert_eq!(
            roles,
            vec![Role::Name, Role::Budget, Role::Budget, Role::Actual, Role::Rate, Role::Weight, Role::Score]
        );
        // two budget columns that each name the unit are two columns
        let text = "项目 | 年初预算数(万元) | 全年预算数(万元) | 全年执行数(万元)\n总额 | 1.00 | 2.00 | 2.00\n";
        let doc = Doc::new(text.to_string());
        let t = tables(&Reader::new(&doc));
        assert_eq!(t[0].header().expect("header").1.len(), 4);
    }

    #[test]
    fn points_columns_have_their_roles_but_make_no_table_alone() {
        use super::{Role, role};
        assert_eq!(role("执行率权重"), Role::Weight);
        assert_eq!(role("分值"), Role::Weight);
        assert_eq!(role("执行率得分(分)"), Role::Score);
        assert_eq!(role("执行率(%)"), Role::Rate);
        let text = "指标\t分值\t得分\n产出指标\t50\t48\n";
        let doc = Doc::new(text.to_string());
        assert_eq!(tables(&Reader::new(&doc))[0].header(), None);
    }

    #[test]
    fn cells_a_pdf_glued_together_are_split_by_the_header() {
        let text = "编码\t项目\t预算数决算数差异\t执行率\n201\t一、一般公共服务支出2.00\t0.20\t1.80\t10.00%\n229\t其他支出\t0.00\t0.53\t-0.53_\n";
        let doc = Doc::new(text.to_string());
        let reader = Reader::new(&doc);
        let t = tables(&reader);
        let cells = |r: usize| t[0].rows[r].cells.iter().map(|c| c.text.clone()).collect::<Vec<_>>();
        assert_eq!(cells(0), vec!["编码", "项目", "预算数", "决算数", "差异", "执行率"]);
        assert_eq!(cells(1), vec!["201", "一、一般公共服务支出", "2.00", "0.20", "1.80", "10.00%"]);
        assert_eq!(cells(2), vec!["229", "其他支出", "0.00", "0.53", "-0.53", "_"]);
    }
}
