//! Tables whose cells are separated by single blanks, as web pages and spreadsheets give them
//! when copied as text: a header line of column words (`序号 项目名称 预算数 执行数 结余数`), an
//! optional second header line splitting one column into sub-columns (`中央 省级 市级 区级`),
//! and rows where an empty cell leaves only its blanks (`…局       28 28 0   100`).
//!
//! A row's cells are found by counting: a run of blanks between two words holds as many empty
//! cells as the way the text was written implies — either each empty cell is nothing between
//! two separators (a run of *n* blanks holds *n* − 1 empty cells) or each is a blank itself
//! (*n* blanks hold (*n* − 1) / 2). A row is read only when one of these ways gives exactly as
//! many cells as the header has columns; a row that fits neither (a name with a blank inside)
//! is left unread rather than guessed.
//!
//! Sub-columns of the budget (its funding levels) are folded back into the budget column when
//! a row fills one of them; a row filling several is left without a budget (their sum is not
//! stated). Rows are found by the document text, their figures are the reader's tokens.

use std::ops::Range;

use crate::numbers::Token;
use crate::reader::Reader;
use crate::tables::{Cell, Role, Row, Table, role};
use crate::text::is_table_line;

/// Blanks that separate cells.
fn is_blank(c: char) -> bool {
    c == ' ' || c == '\u{3000}' || c == '\t'
}

/// The blank characters of `line` ([`is_blank`]), counted from its bytes: a space, a tab, or
/// the lead byte of an ideographic space followed by its two other bytes.
fn blank_bytes(line: &str) -> usize {
    let b = line.as_bytes();
    memchr::memchr3_iter(b' ', b'\t', 0xE3, b)
        .filter(|&i| b[i] != 0xE3 || b.get(i + 1..i + 3) == Some(&[0x80, 0x80][..]))
        .count()
}

/// The words of a line with their byte ranges (relative to the line).
fn words(line: &str) -> Vec<Range<usize>> {
    // On bytes: a blank is ` `, a tab or U+3000 (E3 80 80), and no byte of another character
    // is a space, a tab or E3 unless it starts that character; the words are between blanks.
    let b = line.as_bytes();
    let mut out = Vec::new();
    let mut start = 0;
    for i in memchr::memchr3_iter(b' ', b'\t', 0xE3, b) {
        let blank = match b[i] {
            b' ' | b'\t' => 1,
            _ if b.get(i + 1..i + 3) == Some(&[0x80, 0x80][..]) => 3,
            _ => continue,
        };
        if i > start {
            out.push(start..i);
        }
        start = i + blank;
    }
    if start < b.len() {
        out.push(start..b.len());
    }
    out
}

/// The number of blank characters in `s`.
fn blanks(s: &str) -> usize {
    s.chars().filter(|c| is_blank(*c)).count()
}

/// How empty cells are written: nothing between two separators (a run of *n* blanks holds
/// *n* − 1 empty cells), or a blank of their own (it holds (*n* − 1) / 2).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Empty {
    Nothing,
    Blank,
}

impl Empty {
    /// Empty cells in a run of `n` blanks between two words.
    fn inside(self, n: usize) -> Option<usize> {
        match self {
            Empty::Nothing => Some(n - 1),
            Empty::Blank => (n % 2 == 1).then_some((n - 1) / 2),
        }
    }

    /// Empty cells in a run of `n` blanks at the start or the end of a line.
    fn edge(self, n: usize) -> usize {
        match self {
            Empty::Nothing => n,
            Empty::Blank => n.div_ceil(2),
        }
    }
}

/// The cells of a row (ranges relative to the line; an empty cell is an empty range at its
/// place), if empty cells written the `empty` way give exactly `width` of them.
pub(crate) fn row_cells(line: &str, width: usize, empty: Empty) -> Option<Vec<Range<usize>>> {
    let ws = words(line);
    let (first, last) = (ws.first()?, ws.last()?);
    let lead = empty.edge(blanks(&line[..first.start]));
    let trail = empty.edge(blanks(&line[last.end..]));
    let inside =
        ws.windows(2).map(|w| empty.inside(blanks(&line[w[0].end..w[1].start]))).collect::<Option<Vec<usize>>>()?;
    let counted = ws.len() + inside.iter().sum::<usize>() + lead;
    // Blanks at the end of a line are often trimmed: they may stand for fewer empty cells.
    if counted > width || counted + trail < width {
        return None;
    }
    let mut out = Vec::with_capacity(width);
    out.extend(std::iter::repeat_n(first.start..first.start, lead));
    for (k, w) in ws.iter().enumerate() {
        out.push(w.clone());
        if let Some(n) = inside.get(k) {
            out.extend(std::iter::repeat_n(w.end..w.end, *n));
        }
    }
    while out.len() < width {
        out.push(last.end..last.end);
    }
    Some(out)
}

/// Whether a word names a column whose figures jixiao relates (budget, actual, variance, rate).
fn is_figure_role(word: &str) -> bool {
    crate::tables::is_figure_role(role(word))
}

/// Whether a word holds a figure (a digit outside brackets: `执行数(至2023年底)` holds none).
pub(crate) fn has_figure(word: &str) -> bool {
    let mut depth = 0i32;
    for c in word.chars() {
        match c {
            '(' | '\u{ff08}' => depth += 1,
            ')' | '\u{ff09}' => depth -= 1,
            c if depth <= 0 && crate::text::half_width(c).is_ascii_digit() => return true,
            _ => {}
        }
    }
    false
}

/// A column of the header: its words, and the sub-columns it is split into (empty if none).
struct Column {
    text: String,
    subs: usize,
}

/// Tables written with single blanks between cells, other than the lines `known` tables already
/// read with a header.
pub fn spaced_tables(r: &Reader<'_>, known: &[Table]) -> Vec<Table> {
    let text = r.doc.text.as_str();
    let lines = crate::text::line_ranges(text);
    let line_text = |l: &Range<usize>| text[l.clone()].trim_end_matches('\r');
    // Flow ranges of rows already read into a table with a header, in order.
    let mut taken: Vec<Range<usize>> = known
        .iter()
        .filter_map(|t| t.header().map(|(h, _)| t.rows[h..].iter().map(|r| r.range.clone()).collect::<Vec<_>>()))
        .flatten()
        .collect();
    taken.sort_by_key(|t| t.start);
    let all = r.tokens_in(&(0..r.doc.flow.len()));
    let mut out = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let line = line_text(&lines[i]);
        // Four words need three blanks between them: most lines of prose have fewer, and are
        // not split into words at all.
        if blank_bytes(line) < 3 {
            i += 1;
            continue;
        }
        let ws: Vec<&str> = words(line).into_iter().map(|w| &line[w]).collect();
        // The cheap tests first: most lines with blanks are rows with figures.
        let is_header = ws.len() >= 4
            && !ws.iter().any(|w| has_figure(w))
            && ws.iter().filter(|w| is_figure_role(w)).count() >= 2
            && ws.iter().any(|w| role(w) == Role::Budget)
            && !is_table_line(line);
        if !is_header {
            i += 1;
            continue;
        }
        let mut columns: Vec<Column> = ws.iter().map(|w| Column { text: (*w).to_string(), subs: 0 }).collect();
        let mut j = i + 1;
        while j < lines.len() && line_text(&lines[j]).trim().is_empty() {
            j += 1;
        }
        // A second header line of short words without figures splits the budget column.
        if let Some(next) = lines.get(j).map(line_text) {
            let subs: Vec<&str> = words(next).into_iter().map(|w| &next[w]).collect();
            let short = subs.len() >= 2
                && subs.iter().all(|w| w.chars().count() <= 4 && !has_figure(w) && role(w) == Role::Other);
            if short {
                let Some(c) = columns.iter_mut().find(|c| role(&c.text) == Role::Budget) else { break };
                c.subs = subs.len();
                j += 1;
            }
        }
        let width: usize = columns.iter().map(|c| c.subs.max(1)).sum();
        let header = Row {
            range: 0..0,
            cells: columns.iter().map(|c| Cell { range: 0..0, text: c.text.clone(), token: None }).collect(),
        };
        // The rows: lines with figures up to a blank line or a sentence.
        let mut body: Vec<Range<usize>> = Vec::new();
        while let Some(l) = lines.get(j) {
            let t = line_text(l).trim();
            if t.is_empty()
                || t.ends_with('\u{3002}')
                || !t.chars().any(|c| crate::text::half_width(c).is_ascii_digit())
            {
                break;
            }
            body.push(l.clone());
            j += 1;
        }
        // One way of writing empty cells for the whole table: the one more rows fit.
        let fits = |e: Empty| body.iter().filter(|l| row_cells(line_text(l), width, e).is_some()).count();
        let (nothing, blank) = (fits(Empty::Nothing), fits(Empty::Blank));
        let empty = if blank > nothing { Empty::Blank } else { Empty::Nothing };
        let mut rows = vec![header];
        for l in &body {
            let line = line_text(l);
            let Some(cells) = row_cells(line, width, empty) else { continue };
            let lo = all.partition_point(|t| r.span(t).start < l.start);
            let toks: Vec<&Token> = all[lo..].iter().take_while(|t| r.span(t).start < l.end).collect();
            let Some(row) = read_row(r, l.start, line, &cells, &columns, &toks) else { continue };
            let before = taken.partition_point(|t| t.start <= row.range.start);
            if before > 0 && row.range.start < taken[before - 1].end.max(taken[before - 1].start + 1) {
                continue;
            }
            rows.push(row);
        }
        if rows.len() >= 2 {
            out.push(Table { rows });
        }
        i = j.max(i + 1);
    }
    out
}

/// A row's cells, the sub-columns folded into their column.
fn read_row(
    r: &Reader<'_>,
    at: usize,
    line: &str,
    cells: &[Range<usize>],
    columns: &[Column],
    toks: &[&Token],
) -> Option<Row> {
    // The token of a cell: the one figure whose text span is the cell's word.
    let token = |c: &Range<usize>| -> Option<Token> {
        if c.is_empty() {
            return None;
        }
        let mut inside = toks.iter().filter(|t| {
            let sp = r.span(t);
            sp.start >= at + c.start && sp.end <= at + c.end
        });
        let t = inside.next()?;
        if inside.next().is_some() {
            return None;
        }
        Some((*t).clone())
    };
    let mut out = Vec::with_capacity(columns.len());
    let mut k = 0;
    for col in columns {
        let n = col.subs.max(1);
        let group = cells.get(k..k + n)?;
        k += n;
        let filled: Vec<(&Range<usize>, Option<Token>)> =
            group.iter().filter(|c| !c.is_empty()).map(|c| (c, token(c))).collect();
        let counts = !matches!(role(&col.text), Role::Code) && !col.text.contains("序号");
        let (text, tok) = match filled.as_slice() {
            [] => (String::new(), None),
            [(c, t)] => (line[(*c).clone()].to_string(), t.clone().filter(|_| counts)),
            // Several funding levels filled: the column's own figure is not stated.
            _ => (String::new(), None),
        };
        let range = tok.as_ref().map_or(0..0, |t| t.start..t.end);
        out.push(Cell { range, text, token: tok });
    }
    let first = out.iter().filter_map(|c| c.token.as_ref()).map(|t| t.start).min()?;
    let last = out.iter().filter_map(|c| c.token.as_ref()).map(|t| t.end).max()?;
    Some(Row { range: first..last, cells: out })
}

#[cfg(test)]
mod tests {
    use super::{Empty, blank_bytes, blanks, row_cells};

    proptest::proptest! {
        /// The words found on bytes are those found character by character.
        #[test]
        fn words_on_bytes_are_the_words_between_blank_characters(line in "[预算 \t\u{3000}\u{3001}\u{3002}a1]{0,24}") {
            let mut by_chars = Vec::new();
            let mut start = None;
            for (i, c) in line.char_indices() {
                match (super::is_blank(c), start) {
                    (true, Some(s)) => {
                        by_chars.push(s..i);
                        start = None;
                    }
                    (false, None) => start = Some(i),
                    _ => {}
                }
            }
            if let Some(s) = start {
                by_chars.push(s..line.len());
            }
            proptest::prop_assert_eq!(super::words(&line), by_chars);
        }
    }

    #[test]
    fn blanks_counted_from_bytes_are_the_blank_characters() {
        for s in
            ["", "预算数 决算数\t差异\u{3000}执行率", "、。:\u{3000}\u{3000} a", "无空白", "   ", "\u{3001}\u{3000}"]
        {
            assert_eq!(blank_bytes(s), blanks(s), "{s:?}");
        }
    }
    use crate::reader::Reader;
    use crate::text::Doc;

    fn cells(line: &str, width: usize, e: Empty) -> Option<Vec<&str>> {
        row_cells(line, width, e).map(|v| v.into_iter().map(|r| &line[r]).collect())
    }

    #[test]
    fn empty_cells_are_counted_from_the_blanks_the_way_they_are_written() {
        // Each empty cell a blank of its own: three blanks hold one empty cell.
        assert_eq!(cells("甲 5   7", 4, Empty::Blank), Some(vec!["甲", "5", "", "7"]));
        // Each empty cell nothing between separators: two blanks hold one.
        assert_eq!(cells("甲 5  7", 4, Empty::Nothing), Some(vec!["甲", "5", "", "7"]));
        assert_eq!(cells("甲 5  7", 4, Empty::Blank), None);
        // Blanks at the end hold the last empty cells, or fewer when some were trimmed.
        assert_eq!(cells("甲 5 7   ", 4, Empty::Nothing), Some(vec!["甲", "5", "7", ""]));
        assert_eq!(cells("甲 5 7", 4, Empty::Nothing), None);
        // No way gives the width: not read.
        assert_eq!(cells("甲 乙 丙 丁 戊 己", 3, Empty::Nothing), None);
    }

    fn read(text: &str) -> Vec<Vec<String>> {
        let doc = Doc::new(text.to_string());
        let reader = Reader::new(&doc);
        // Every table with a header (the spaced ones are among them).
        let t = crate::tables::tables(&reader);
        t.iter()
            .filter(|t| t.header().is_some())
            .flat_map(|t| t.rows.iter())
            .map(|r| {
                r.cells
                    .iter()
                    .map(|c| c.token.as_ref().map_or(format!("[{}]", c.text), |t| t.value.to_string()))
                    .collect()
            })
            .collect()
    }

    #[test]
    fn a_table_with_single_blanks_and_budget_sub_columns_is_read() {
        let text = "单位:万元\n序号 工程名称 承办单位 预算金额 支出数 结余 备注\n省 市 县\n\
                    1 河道清淤 水务站     40 36 4  \n2 村道硬化 交通站 12.5     12.5 0  \n3 路灯 电力所 1 2   3 0  \n";
        let rows = read(text);
        assert_eq!(rows[0], vec!["[序号]", "[工程名称]", "[承办单位]", "[预算金额]", "[支出数]", "[结余]", "[备注]"]);
        // The budget is the one funding level filled; the sequence number is no figure.
        assert_eq!(rows[1], vec!["[1]", "[河道清淤]", "[水务站]", "40", "36", "4", "[]"]);
        assert_eq!(rows[2], vec!["[2]", "[村道硬化]", "[交通站]", "12.5", "12.5", "0", "[]"]);
        // Two levels filled: the budget is not stated as one figure.
        assert_eq!(rows[3], vec!["[3]", "[路灯]", "[电力所]", "[]", "3", "0", "[]"]);
        assert_eq!(rows.len(), 4);
    }

    #[test]
    fn prose_and_tables_read_elsewhere_are_not_tables_here() {
        assert!(read("预算数 执行数 差异 说明文字\n本年度预算执行情况良好。\n").is_empty());
        // A `|` table is read once, by the table reader.
        assert_eq!(read("科目 | 预算数 | 决算数 | 差异\n合计 | 10 | 8 | 2\n").len(), 2);
    }
}
