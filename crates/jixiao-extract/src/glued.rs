//! Tables whose cells a copy glued together: a web page or an OCR of a form that lost every
//! separator, so that a header reads `年初预算数全年预算数全年执行数执行率(%)执行率权重执行率得分(分)`
//! and the row under it `95%109.5`.
//!
//! A glued header is a run of three or more known column names with nothing between them
//! (a name may carry words before it, `全年`, `年初`, and a bracket after it, `(%)`, `(分)`); its
//! words give each column its role. The values after it are cut into cells where the text
//! itself marks the end of a cell: a `%` sign or a unit (`次`, `篇`, `万元`) closes a figure,
//! and a figure ends where words begin. Two columns of points with no unit (权重 then 得分) glue
//! into one run of digits (`107.6`): it is split only where exactly one split is valid (no
//! leading zero, the points a whole number of at most 100, the score not above them, and the
//! run not also a whole number of points alone, a score left blank); otherwise the row's
//! points are not read. Nothing is guessed: a row that does not fit its header's pattern is
//! not read.
//!
//! Two kinds of form are read:
//!
//! - the budget execution block (`…预算数 | …执行数 | 执行率 | 权重 | 得分`, the last three in this
//!   order): each row's rate and points, as a [`Table`] the generic readers and rules take
//!   like any other (G012: 得分 = 分值 × 执行率);
//! - the indicator table (`指标名称 | 计量单位 | 指标性质 | 指标值 | 完成值 | 得分系数 | 权重 | 得分 |
//!   是否核心指标`, the unit, kind, coefficient and yes/no columns where the header has them): each
//!   row with a figure target and actual, as an [`IndicatorTable`].
//!
//! A header word an OCR wrote with its characters out of order (`年成值全完值` for `全年完成值`)
//! is that column when the stray words between two column names hold every character of one
//! known name and at most two more.
//!
//! Rows are read on the header's line and on the lines after it while each line before ended
//! with a whole row. Every step moves forward through the text: the cost is linear in it.

use std::ops::Range;

use jixiao_core::Decimal;

use crate::indicator_table::{IndicatorRow, IndicatorTable, direction};
use crate::numbers::Token;
use crate::reader::Reader;
use crate::tables::{Cell, Row, Table};

/// What a column of a glued header holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Name,
    Unit,
    Nature,
    Target,
    Actual,
    Coef,
    Weight,
    Score,
    YesNo,
    Reason,
    Budget,
    Spent,
    Rate,
}

/// Column names, each with its role. The longest name that matches is taken.
const COLUMNS: &[(&str, Kind)] = &[
    ("指标名称", Kind::Name),
    ("三级指标", Kind::Name),
    ("计量单位", Kind::Unit),
    ("度量单位", Kind::Unit),
    ("指标性质", Kind::Nature),
    ("年初指标值", Kind::Target),
    ("调整指标值", Kind::Target),
    ("年度指标值", Kind::Target),
    ("全年指标值", Kind::Target),
    ("年度目标值", Kind::Target),
    ("指标值", Kind::Target),
    ("目标值", Kind::Target),
    ("计划值", Kind::Target),
    ("全年实际完成值", Kind::Actual),
    ("实际完成值", Kind::Actual),
    ("全年完成值", Kind::Actual),
    ("年度完成值", Kind::Actual),
    ("完成值", Kind::Actual),
    ("实际值", Kind::Actual),
    ("得分系数", Kind::Coef),
    ("执行率权重", Kind::Weight),
    ("指标权重", Kind::Weight),
    ("权重", Kind::Weight),
    ("分值", Kind::Weight),
    ("执行率得分", Kind::Score),
    ("指标得分", Kind::Score),
    ("自评得分", Kind::Score),
    ("得分", Kind::Score),
    ("是否核心指标", Kind::YesNo),
    ("偏差原因", Kind::Reason),
    ("未完成原因", Kind::Reason),
    ("年初预算数", Kind::Budget),
    ("全年预算数", Kind::Budget),
    ("调整后预算数", Kind::Budget),
    ("预算数", Kind::Budget),
    ("全年执行数", Kind::Spent),
    ("执行数", Kind::Spent),
    ("决算数", Kind::Spent),
    ("预算执行率", Kind::Rate),
    ("执行率", Kind::Rate),
];

/// Words that stand before a column's name (`全年` of `全年(调整)预算数`).
const QUALIFIERS: &[&str] = &["年初", "全年", "年度", "调整后", "本年", "当年"];

/// The most characters of words before a column's name.
const MAX_PREFIX: usize = 12;

/// The most characters inside a bracket after (or before) a column's name.
const MAX_BRACKET: usize = 8;

/// The most characters of words before a row's first figure (name, unit and kind).
const MAX_LEAD: usize = 40;

/// The highest execution rate read (percent): a figure glued to the rate before it makes a
/// larger one.
const MAX_RATE: u32 = 200;

/// The most a row of the budget execution block may have before its rate (a row's name).
const MAX_EXEC_LEAD: usize = 12;

/// Words of an indicator's kind column.
const NATURES: &[&str] = &["定量指标", "定性指标", "定量", "定性"];

/// One column of a glued header.
#[derive(Debug, Clone)]
struct Column {
    range: Range<usize>,
    kind: Kind,
}

/// The longest column name at the start of `rest`.
fn column_at(rest: &str) -> Option<(usize, Kind)> {
    COLUMNS.iter().filter(|(w, _)| rest.starts_with(w)).max_by_key(|(w, _)| w.len()).map(|(w, k)| (w.len(), *k))
}

fn qualifier_at(rest: &str) -> Option<usize> {
    QUALIFIERS.iter().find(|w| rest.starts_with(**w)).map(|w| w.len())
}

/// A bracket of a few characters at the start of `rest` (`(%)`, `(分)`), its length in bytes.
fn bracket_at(rest: &str) -> Option<usize> {
    let inner = rest.strip_prefix('(')?;
    for (n, (i, c)) in inner.char_indices().enumerate() {
        if c == ')' {
            return (n > 0).then_some(1 + i + 1);
        }
        if n >= MAX_BRACKET || matches!(c, '(' | '\n' | '。' | ',' | ';') {
            return None;
        }
    }
    None
}

/// A Chinese character a header may hold between known words (not punctuation).
fn is_word_char(c: char) -> bool {
    matches!(c as u32, 0x3400..=0x4dbf | 0x4e00..=0x9fff)
}

/// The column whose name's characters the stray words `s` hold, in any order, with at most
/// two more: an OCR that set a name's characters out of order (`年成值全完值`). Only when all
/// such names have one role.
fn scrambled(s: &str) -> Option<Kind> {
    let chars: Vec<char> = s.chars().collect();
    if !chars.iter().all(|c| is_word_char(*c)) {
        return None;
    }
    let mut kind = None;
    for (w, k) in COLUMNS {
        let n = w.chars().count();
        if n < 3 || chars.len() > n + 2 || chars.len() < n {
            continue;
        }
        let mut left = chars.clone();
        let holds = w.chars().all(|c| match left.iter().position(|x| *x == c) {
            Some(i) => {
                left.swap_remove(i);
                true
            }
            None => false,
        });
        if holds {
            match kind {
                None => kind = Some(*k),
                Some(prev) if prev == *k => {}
                Some(_) => return None,
            }
        }
    }
    kind
}

/// The glued header starting at `at` in `line` (flow offsets), if a run of column names starts
/// there; and where the run stopped (so the next try starts after it when it named three
/// columns or more).
fn header_at(flow: &str, at: usize, end: usize) -> (Vec<Column>, usize) {
    let mut cols: Vec<Column> = Vec::new();
    // Words waiting for the column name they stand before: (start, characters, only stray words).
    let mut prefix: Option<(usize, usize, bool)> = None;
    let mut p = at;
    while p < end {
        crate::work::add(1);
        let rest = &flow[p..end];
        if let Some((len, kind)) = column_at(rest) {
            let mut start = p;
            if let Some((s, _, stray)) = prefix.take() {
                match scrambled(&flow[s..p]).filter(|_| stray && !cols.is_empty()) {
                    Some(k) => cols.push(Column { range: s..p, kind: k }),
                    None => start = s,
                }
            }
            let mut e = p + len;
            if let Some(b) = bracket_at(&flow[e..end]) {
                e += b;
            }
            cols.push(Column { range: start..e, kind });
            p = e;
            continue;
        }
        let (len, stray) = if let Some(len) = qualifier_at(rest) {
            (len, false)
        } else if let Some(len) = bracket_at(rest).filter(|_| prefix.is_some() || !cols.is_empty()) {
            (len, false)
        } else if let Some(c) = rest.chars().next().filter(|c| is_word_char(*c) && !cols.is_empty()) {
            (c.len_utf8(), true)
        } else {
            break;
        };
        let (s, n, only_stray) = prefix.unwrap_or((p, 0, true));
        let n = n + flow[p..p + len].chars().count();
        if n > MAX_PREFIX {
            break;
        }
        prefix = Some((s, n, only_stray && stray));
        p += len;
    }
    let stop = prefix.map_or(p, |(s, _, _)| s);
    (cols, stop)
}

/// A piece of a row's text: words, or a figure with what closes it.
#[derive(Debug, Clone)]
struct Atom {
    /// Flow range (a figure's `%` or unit included).
    range: Range<usize>,
    /// A figure's digits.
    digits: Range<usize>,
    kind: AtomKind,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum AtomKind {
    Text,
    /// A figure closed by `%`.
    Percent,
    /// A figure closed by a unit.
    Unit(&'static str),
    /// Digits that nothing closes (points glued together, or a figure before words).
    Bare,
}

/// The pieces of `flow[range]`.
fn atoms(flow: &str, range: Range<usize>) -> Vec<Atom> {
    let mut out: Vec<Atom> = Vec::new();
    let bytes = flow.as_bytes();
    let mut p = range.start;
    let mut text_start: Option<usize> = None;
    while p < range.end {
        crate::work::add(1);
        if !bytes[p].is_ascii_digit() {
            text_start.get_or_insert(p);
            p += flow[p..].chars().next().map_or(1, char::len_utf8);
            continue;
        }
        if let Some(s) = text_start.take() {
            out.push(Atom { range: s..p, digits: p..p, kind: AtomKind::Text });
        }
        let s = p;
        let mut dot = false;
        while p < range.end {
            let b = bytes[p];
            if b.is_ascii_digit() {
                p += 1;
            } else if b == b'.' && !dot && bytes.get(p + 1).is_some_and(u8::is_ascii_digit) && p + 1 < range.end {
                dot = true;
                p += 1;
            } else {
                break;
            }
        }
        let digits = s..p;
        let rest = &flow[p..range.end];
        let (kind, len) = if rest.starts_with('%') {
            (AtomKind::Percent, 1)
        } else if let Some(u) = crate::numbers::unit_at(rest) {
            (AtomKind::Unit(u), u.len())
        } else {
            (AtomKind::Bare, 0)
        };
        p += len;
        out.push(Atom { range: s..p, digits, kind });
    }
    if let Some(s) = text_start {
        out.push(Atom { range: s..range.end, digits: range.end..range.end, kind: AtomKind::Text });
    }
    out
}

/// A number as written in a cell: digits with at most one decimal point inside, no leading
/// zero (`0` and `0.5` are numbers, `07` is not).
fn number(s: &str) -> Option<Decimal> {
    let (int, frac) = s.split_once('.').unwrap_or((s, ""));
    let ok = !int.is_empty()
        && int.bytes().all(|b| b.is_ascii_digit())
        && frac.bytes().all(|b| b.is_ascii_digit())
        && !(int.len() > 1 && int.starts_with('0'))
        && !(s.contains('.') && frac.is_empty());
    if ok { s.parse().ok() } else { None }
}

/// The most points a row may have.
const MAX_POINTS: u32 = 100;

/// The longest run of digits read as points and score (`100100.00`).
const MAX_POINTS_RUN: usize = 12;

/// A run of digits holding a row's points and score (`107.6` → 10 | 7.6): the byte at which to
/// cut it, when exactly one reading is valid and it is a split.
fn split_points(s: &str) -> Option<(usize, Decimal, Decimal)> {
    if s.len() > MAX_POINTS_RUN {
        return None;
    }
    let max = Decimal::from(MAX_POINTS);
    let whole = |t: &str| number(t).filter(|v| !t.contains('.') && *v >= Decimal::ONE && *v <= max);
    let mut readings = usize::from(whole(s).is_some());
    let mut found = None;
    for cut in 1..s.len() {
        let (w, sc) = (&s[..cut], &s[cut..]);
        if let (Some(w), Some(sc)) = (whole(w), number(sc))
            && sc <= w
        {
            readings += 1;
            found = Some((cut, w, sc));
        }
    }
    if readings == 1 { found } else { None }
}

fn token(range: Range<usize>, unit_end: usize, value: Decimal, percent: bool, unit: Option<&'static str>) -> Token {
    Token { start: range.start, end: range.end, unit_end, value, percent, unit, cmp: None, at_least: false }
}

/// An atom's figure as a token: a valid number, or nothing.
fn figure(flow: &str, a: &Atom) -> Option<Token> {
    let value = number(&flow[a.digits.clone()])?;
    match a.kind {
        AtomKind::Percent => Some(token(a.digits.start..a.range.end, a.range.end, value, true, None)),
        AtomKind::Unit(u) => Some(token(a.digits.clone(), a.range.end, value, false, Some(u))),
        AtomKind::Bare => Some(token(a.digits.clone(), a.digits.end, value, false, None)),
        AtomKind::Text => None,
    }
}

/// The points of a row from its run of digits: (points, score), or nothing when the run does
/// not split in one way only.
fn points(flow: &str, a: &Atom) -> Option<(Token, Token)> {
    if a.kind != AtomKind::Bare {
        return None;
    }
    let (cut, w, s) = split_points(&flow[a.digits.clone()])?;
    let at = a.digits.start + cut;
    let weight = token(a.digits.start..at, at, w, false, None);
    let score = token(at..a.digits.end, a.digits.end, s, false, None);
    Some((weight, score))
}

/// The layout a header's columns make, if it is one this reader reads.
#[derive(Debug)]
enum Layout {
    /// Money columns, then 执行率, 权重, 得分.
    Execution,
    /// 指标名称, unit and kind columns, one or two target columns, the actual, perhaps 得分系数,
    /// 权重, 得分, perhaps 是否核心指标.
    Indicators { coef: bool, yes_no: bool },
}

fn layout(cols: &[Column]) -> Option<Layout> {
    let kinds: Vec<Kind> = cols.iter().map(|c| c.kind).collect();
    if let [money @ .., Kind::Rate, Kind::Weight, Kind::Score] = kinds.as_slice() {
        return (!money.is_empty() && money.iter().all(|k| matches!(k, Kind::Budget | Kind::Spent)))
            .then_some(Layout::Execution);
    }
    let (yes_no, kinds) = match kinds.split_last() {
        Some((Kind::YesNo, rest)) => (true, rest),
        _ => (false, kinds.as_slice()),
    };
    let [Kind::Name, middle @ .., Kind::Weight, Kind::Score] = kinds else { return None };
    let (coef, middle) = match middle.split_last() {
        Some((Kind::Coef, rest)) => (true, rest),
        _ => (false, middle),
    };
    let [before @ .., Kind::Actual] = middle else { return None };
    let targets = before.iter().rev().take_while(|k| **k == Kind::Target).count();
    let labels = &before[..before.len() - targets];
    let ok = (1..=2).contains(&targets)
        && labels.iter().all(|k| matches!(k, Kind::Unit | Kind::Nature))
        && labels.iter().filter(|k| **k == Kind::Unit).count() <= 1
        && labels.iter().filter(|k| **k == Kind::Nature).count() <= 1;
    ok.then_some(Layout::Indicators { coef, yes_no })
}

/// A glued header found in the text: its columns, their layout, the line it is on and where
/// its values start.
pub(crate) struct Found {
    cols: Vec<Column>,
    layout: Layout,
    line: usize,
    values: usize,
    /// Where the next glued header starts (its values end there): each part of the text is
    /// read as one header's values at most.
    limit: usize,
}

/// The automaton finding where any column name or qualifier starts (`None` only if it could
/// not be built, which these few short words never cause).
fn header_words() -> Option<&'static aho_corasick::AhoCorasick> {
    static WORDS: std::sync::LazyLock<Option<aho_corasick::AhoCorasick>> = std::sync::LazyLock::new(|| {
        // Leftmost: the match found is the one that starts first.
        aho_corasick::AhoCorasick::builder()
            .match_kind(aho_corasick::MatchKind::LeftmostFirst)
            .build(COLUMNS.iter().map(|(w, _)| *w).chain(QUALIFIERS.iter().copied()))
            .ok()
    });
    WORDS.as_ref()
}

/// Every glued header of the text, found once per reader (both kinds of table start from them).
fn headers<'r>(r: &'r Reader<'_>) -> &'r [Found] {
    r.glued_headers.get_or_init(|| find_headers(r))
}

/// Every glued header of the text.
fn find_headers(r: &Reader<'_>) -> Vec<Found> {
    let flow = r.doc.flow.as_str();
    let mut out: Vec<Found> = Vec::new();
    let Some(words) = header_words() else { return out };
    for (li, line) in r.lines.iter().enumerate() {
        if r.table_lines.get(li).copied().unwrap_or(false) {
            continue;
        }
        let mut p = line.start;
        while p < line.end {
            crate::work::add(1);
            // The next place a column name or a qualifier starts: one pass of an automaton
            // over the line, not every name tried at every character.
            let input = aho_corasick::Input::new(flow).range(p..line.end);
            let Some(m) = words.find(input) else { break };
            p = m.start();
            let Some(c) = flow[p..line.end].chars().next() else { break };
            let (cols, stop) = header_at(flow, p, line.end);
            if cols.len() < 3 {
                p += c.len_utf8();
                continue;
            }
            let end = cols.last().map_or(stop, |c| c.range.end);
            p = end.max(p + c.len_utf8());
            let start = cols.first().map_or(end, |c| c.range.start);
            if let Some(prev) = out.last_mut() {
                prev.limit = prev.limit.min(start);
            }
            if let Some(layout) = layout(&cols) {
                out.push(Found { cols, layout, line: li, values: end, limit: flow.len() });
            }
        }
    }
    out
}

/// The text a header's rows may be on: the rest of its line, then the lines after it up to a
/// line of a table with separators (the reader stops earlier, at a line that did not end with
/// a whole row).
fn value_lines<'r>(r: &'r Reader<'_>, f: &Found) -> impl Iterator<Item = Range<usize>> + 'r {
    let limit = f.limit;
    let first = r.lines.get(f.line).map(|l| f.values..l.end.min(limit));
    let after = r.lines.get(f.line + 1..).unwrap_or(&[]).iter().zip(r.table_lines.get(f.line + 1..).unwrap_or(&[]));
    let after = after.take_while(move |(l, table)| l.end <= limit && !**table).map(|(l, _)| l.clone());
    first.into_iter().chain(after)
}

/// The rows of one line's text: each row's atoms, up to the run of points that ends it (and
/// the 是/否 after it, where the header ends with that column), and whether the line ended
/// with a whole row.
fn rows_of(flow: &str, range: Range<usize>, yes_no: bool) -> (Vec<Vec<Atom>>, bool) {
    let mut all = atoms(flow, range);
    let mut rows = Vec::new();
    let mut row: Vec<Atom> = Vec::new();
    let mut i = 0;
    while i < all.len() {
        let a = all[i].clone();
        i += 1;
        let bare = a.kind == AtomKind::Bare;
        row.push(a);
        if !bare {
            continue;
        }
        let next = all.get(i).filter(|n| n.kind == AtomKind::Text);
        if !yes_no {
            if next.is_some() || i == all.len() {
                rows.push(std::mem::take(&mut row));
            }
            continue;
        }
        // The 是/否 of the yes/no column ends the row; the words after it start the next one.
        let Some(n) = next else { continue };
        let Some(c) = flow[n.range.clone()].chars().next().filter(|c| matches!(c, '是' | '否')) else { continue };
        let cut = n.range.start + c.len_utf8();
        row.push(Atom { range: n.range.start..cut, digits: cut..cut, kind: AtomKind::Text });
        rows.push(std::mem::take(&mut row));
        if cut < n.range.end {
            if let Some(n) = all.get_mut(i) {
                n.range.start = cut;
            }
        } else {
            i += 1;
        }
    }
    (rows, row.is_empty())
}

/// The budget execution blocks of a text as tables: a header row of the glued columns and one
/// row per glued row, its rate, points and score in their columns.
pub fn glued_tables(r: &Reader<'_>) -> Vec<Table> {
    let flow = r.doc.flow.as_str();
    let mut out = Vec::new();
    for found in headers(r) {
        if !matches!(found.layout, Layout::Execution) {
            continue;
        }
        let width = found.cols.len();
        let (Some(first), Some(last)) = (found.cols.first(), found.cols.last()) else { continue };
        let header = Row {
            range: first.range.start..last.range.end,
            cells: found
                .cols
                .iter()
                .map(|c| Cell { range: c.range.clone(), text: flow[c.range.clone()].to_string(), token: None })
                .collect(),
        };
        let mut rows = vec![header];
        'lines: for line in value_lines(r, found) {
            let (found_rows, whole) = rows_of(flow, line, false);
            for atoms in found_rows {
                let Some(row) = execution_row(flow, &atoms, width) else { break 'lines };
                rows.push(row);
            }
            if !whole {
                break;
            }
        }
        if rows.len() > 1 {
            out.push(Table { rows });
        }
    }
    out
}

/// A row of the budget execution block: words or figures closed by a unit (a row's name, its
/// amounts), the rate, and the run of points and score; the rate and points in the last three
/// of `width` columns.
fn execution_row(flow: &str, atoms: &[Atom], width: usize) -> Option<Row> {
    let [lead @ .., rate, pts] = atoms else { return None };
    let lead_chars: usize =
        lead.iter().filter(|a| a.kind == AtomKind::Text).map(|a| flow[a.range.clone()].chars().count()).sum();
    let lead_ok = lead_chars <= MAX_EXEC_LEAD
        && lead.iter().all(|a| match a.kind {
            AtomKind::Text => !flow[a.range.clone()].contains('\n'),
            AtomKind::Unit(u) => jixiao_core::num::MoneyUnit::from_name(u).is_some(),
            _ => false,
        });
    if !lead_ok || rate.kind != AtomKind::Percent {
        return None;
    }
    let rate = figure(flow, rate).filter(|t| t.value.scale() <= 2 && t.value <= Decimal::from(MAX_RATE))?;
    let (weight, score) = points(flow, pts)?;
    let start = atoms.first().map_or(rate.start, |a| a.range.start);
    let end = atoms.last().map_or(rate.end, |a| a.range.end);
    let cell =
        |t: Token| Cell { range: t.start..t.unit_end, text: flow[t.start..t.unit_end].to_string(), token: Some(t) };
    // The amounts, where the row has one for each money column; else none are read.
    let money: Vec<Token> = lead.iter().filter(|a| a.kind != AtomKind::Text).filter_map(|a| figure(flow, a)).collect();
    let figures = lead.iter().filter(|a| a.kind != AtomKind::Text).count();
    let mut cells: Vec<Cell> = if figures == width.saturating_sub(3) && money.len() == figures {
        money.into_iter().map(cell).collect()
    } else {
        (0..width.saturating_sub(3)).map(|_| Cell { range: start..start, text: String::new(), token: None }).collect()
    };
    cells.extend([rate, weight, score].map(cell));
    Some(Row { range: start..end, cells })
}

/// The indicator tables of a text written with glued cells.
pub fn glued_indicator_tables(r: &Reader<'_>) -> Vec<IndicatorTable> {
    let flow = r.doc.flow.as_str();
    let mut out = Vec::new();
    for found in headers(r) {
        let Layout::Indicators { coef, yes_no } = found.layout else { continue };
        // The order of the unit and kind columns between the name and the targets.
        let labels: Vec<Kind> =
            found.cols.iter().map(|c| c.kind).filter(|k| matches!(k, Kind::Unit | Kind::Nature)).collect();
        let mut t = IndicatorTable::default();
        for line in value_lines(r, found) {
            let (found_rows, whole) = rows_of(flow, line, yes_no);
            for atoms in &found_rows {
                let atoms = if yes_no { &atoms[..atoms.len().saturating_sub(1)] } else { &atoms[..] };
                match indicator_row(flow, atoms, &labels, coef) {
                    Some(row) => t.rows.push(row),
                    None => t.unread += 1,
                }
            }
            if !whole || found_rows.is_empty() {
                break;
            }
        }
        if !t.rows.is_empty() {
            out.push(t);
        }
    }
    out
}

/// One row of a glued indicator table: the words before the first figure (name, then the
/// unit and kind columns in the header's order), the target and the actual (figures closed
/// alike: both `%`, or both the same unit), the coefficient (a percentage of at most 100)
/// where the header has it, and the run of points.
fn indicator_row(flow: &str, atoms: &[Atom], labels: &[Kind], coef: bool) -> Option<IndicatorRow> {
    let [lead, figs @ .., pts] = atoms else { return None };
    if lead.kind != AtomKind::Text || pts.kind != AtomKind::Bare {
        return None;
    }
    let figs = if coef {
        let (c, rest) = figs.split_last()?;
        figure(flow, c).filter(|t| t.percent && t.value <= Decimal::ONE_HUNDRED)?;
        rest
    } else {
        figs
    };
    let [target, actual] = figs else { return None };
    let (target, actual) = (figure(flow, target)?, figure(flow, actual)?);
    let marked = |t: &Token| t.percent || t.unit.is_some();
    if !(marked(&target) && target.percent == actual.percent && target.unit == actual.unit) {
        return None;
    }
    let mut words = flow[lead.range.clone()].trim();
    if words.chars().count() > MAX_LEAD || words.contains('\n') {
        return None;
    }
    let mut unit = None;
    for k in labels.iter().rev() {
        match k {
            Kind::Nature => {
                if let Some(n) = NATURES.iter().find(|n| words.ends_with(**n)) {
                    words = &words[..words.len() - n.len()];
                }
            }
            Kind::Unit => {
                let u = if target.percent { "%" } else { target.unit? };
                words = words.strip_suffix(u)?;
                unit = Some(u.to_string());
            }
            _ => {}
        }
    }
    let name = words.trim_matches(|c: char| c == '"' || c.is_whitespace());
    let name_ok = name.chars().count() >= 2
        && name.chars().all(|c| is_word_char(c) || "()、/·-".contains(c))
        && !name.ends_with("指标");
    if !name_ok {
        return None;
    }
    let (weight, score) = points(flow, pts).map_or((None, None), |(w, s)| (Some(w), Some(s)));
    Some(IndicatorRow {
        name: name.to_string(),
        direction: Some(direction(target.cmp, name)),
        target: Some(target),
        actual: Some(actual),
        weight,
        score,
        unit,
        ..IndicatorRow::default()
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::Doc;
    use jixiao_core::record::Direction;

    fn exec(text: &str) -> Vec<Table> {
        let doc = Doc::new(text.to_string());
        glued_tables(&Reader::new(&doc))
    }

    fn indicators(text: &str) -> Vec<IndicatorTable> {
        let doc = Doc::new(text.to_string());
        glued_indicator_tables(&Reader::new(&doc))
    }

    fn values(row: &Row) -> Vec<Option<String>> {
        row.cells.iter().map(|c| c.token.as_ref().map(|t| t.value.to_string())).collect()
    }

    const EXEC: &str = "一、预算执行情况年初预算数全年(调整)预算数全年执行数执行率(%)执行率权重执行率得分(分)—92%109.2二、年度总体目标完成情况良好。\n";

    #[test]
    fn a_glued_budget_execution_block_is_a_table_of_rate_points_and_score() {
        let t = exec(EXEC);
        assert_eq!(t.len(), 1, "{t:#?}");
        let header: Vec<&str> = t[0].rows[0].cells.iter().map(|c| c.text.as_str()).collect();
        assert_eq!(
            header,
            ["年初预算数", "全年(调整)预算数", "全年执行数", "执行率(%)", "执行率权重", "执行率得分(分)"]
        );
        assert_eq!(t[0].rows.len(), 2);
        let row = &t[0].rows[1];
        assert_eq!(values(row), [None, None, None, Some("92".into()), Some("10".into()), Some("9.2".into())]);
        assert!(row.cells[3].token.as_ref().is_some_and(|t| t.percent));
        // the score's place is its own digits, not the whole run
        let doc = Doc::new(EXEC.to_string());
        let score = row.cells[5].token.as_ref().map(|t| &doc.flow[t.start..t.end]);
        assert_eq!(score, Some("9.2"));
        let (_, roles) = t[0].header().expect("a header the generic readers know");
        use crate::tables::Role;
        assert_eq!(&roles[3..], [Role::Rate, Role::Weight, Role::Score]);
    }

    #[test]
    fn amounts_closed_by_their_unit_fill_the_money_columns() {
        let t = exec("年初预算数全年预算数全年执行数执行率执行率权重执行率得分总额80万元90万元81万元90%109\n");
        let row = &t[0].rows[1];
        let v: Vec<Option<String>> = values(row);
        assert_eq!(
            v,
            [
                Some("80".into()),
                Some("90".into()),
                Some("81".into()),
                Some("90".into()),
                Some("10".into()),
                Some("9".into())
            ]
        );
    }

    #[test]
    fn a_run_of_points_that_splits_in_more_than_one_way_is_not_read() {
        assert_eq!(split_points("107.6").map(|(c, _, _)| c), Some(2));
        assert_eq!(split_points("1010").map(|(c, _, _)| c), Some(2));
        assert_eq!(split_points("2019").map(|(c, _, _)| c), Some(2));
        // 5 | 5 or 55 points with the score left blank; 1 | 0 or 10 points
        assert_eq!(split_points("55"), None);
        assert_eq!(split_points("10"), None);
        assert_eq!(split_points("100"), None);
        // no valid split: a leading zero, a score above the points, points above 100
        assert_eq!(split_points("1012"), None);
        assert_eq!(split_points("907.5").map(|(c, _, _)| c), Some(2));
        assert_eq!(split_points("0"), None);
        // the block with such a run has no row read
        assert!(exec(&EXEC.replace("109.2", "55")).is_empty());
        assert!(exec(&EXEC.replace("109.2", "10")).is_empty());
    }

    #[test]
    fn a_rate_with_a_figure_glued_before_it_is_not_read() {
        // 81.5 (no unit) glued to 90%: 81.590% is no rate of two decimals
        assert!(exec("年初预算数全年预算数全年执行数执行率执行率权重执行率得分81.590%109\n").is_empty());
        // 1 glued to 95%: 195% may be a rate, but the row's money columns have a bare figure
        assert!(exec("年初预算数全年预算数全年执行数执行率执行率权重执行率得分2.5万元1295%109.5\n").is_empty());
        // a separated header is another reader's
        assert!(exec("年初预算数\t全年预算数\t全年执行数\t执行率\t执行率权重\t执行率得分\n").is_empty());
    }

    const INDICATORS: &str = "三、绩效指标完成情况指标名称计量单位指标性质年度指标值实际完成值得分系数(%)指标权重(分)指标得分(分)是否核心指标\
        培训覆盖人次人次定量指标500人次530人次100%1515是\
        \"群众满意度%定量指标90%93%100%88否\
        档案管理规范性定性指标规范规范100%55否\
        项目调整率%定量指标5%0100%55否\
        维修设备数量台定量指标40台38台95%2019否\
        巡查记录份数份定量指标第O份12份100%55否\n";

    #[test]
    fn a_glued_indicator_table_is_read_row_by_row() {
        let t = indicators(INDICATORS);
        assert_eq!(t.len(), 1, "{t:#?}");
        let rows = &t[0].rows;
        let names: Vec<&str> = rows.iter().map(|r| r.name.as_str()).collect();
        assert_eq!(names, ["培训覆盖人次", "群众满意度", "维修设备数量"]);
        // the qualitative row, the row with `0100%` (0 glued to 100%) and the OCR'd target
        assert_eq!(t[0].unread, 3);
        let fig = |t: &Option<Token>| t.as_ref().map(|t| (t.value.to_string(), t.percent, t.unit));
        assert_eq!(fig(&rows[0].target), Some(("500".into(), false, Some("人次"))));
        assert_eq!(fig(&rows[0].actual), Some(("530".into(), false, Some("人次"))));
        assert_eq!(rows[0].unit.as_deref(), Some("人次"));
        assert_eq!(
            (fig(&rows[0].weight).map(|w| w.0), fig(&rows[0].score).map(|s| s.0)),
            (Some("15".into()), Some("15".into()))
        );
        assert_eq!(fig(&rows[1].actual), Some(("93".into(), true, None)));
        assert_eq!(rows[1].direction, Some(Direction::AtLeast));
        // 8 | 8 or 88 points: the row is read, its points are not
        assert!(rows[1].weight.is_none() && rows[1].score.is_none());
        assert_eq!(fig(&rows[2].score).map(|s| s.0), Some("19".into()));
    }

    #[test]
    fn a_header_word_with_its_characters_out_of_order_names_its_column() {
        assert_eq!(scrambled("值际完实成"), Some(Kind::Actual));
        assert_eq!(scrambled("年成值全完值"), Some(Kind::Actual));
        assert_eq!(scrambled("完成"), None);
        assert_eq!(scrambled("收支情况说明"), None);
        let t = indicators(&INDICATORS.replace("实际完成值", "值际完实成"));
        assert_eq!(t.first().map(|t| t.rows.len()), Some(3));
        // stray words that hold no column name are words before the next one
        assert!(indicators(&INDICATORS.replace("实际完成值", "情况说明")).is_empty());
    }

    #[test]
    fn a_row_whose_words_do_not_end_with_its_unit_is_not_read() {
        let text =
            "指标名称计量单位年度指标值实际完成值指标权重指标得分检查次数xx次12次14次1010验收合格率%98%99%2020\n";
        let t = indicators(text);
        let names: Vec<&str> = t.iter().flat_map(|t| &t.rows).map(|r| r.name.as_str()).collect();
        assert_eq!(names, ["验收合格率"]);
        // target and actual closed differently (次 and %) are no pair
        assert!(indicators("指标名称计量单位年度指标值实际完成值指标权重指标得分检查次数次12次95%1010\n").is_empty());
    }

    #[test]
    fn rows_go_on_to_the_next_line_only_after_a_whole_row() {
        let text = "指标名称计量单位年度指标值实际完成值指标权重指标得分\n验收合格率%98%99%2020\n检查次数次12次14次1010\n以上为抽查数据。\n宣传场次场5场6场1010\n";
        let names: Vec<String> = indicators(text).iter().flat_map(|t| &t.rows).map(|r| r.name.clone()).collect();
        assert_eq!(names, ["验收合格率", "检查次数"]);
    }

    #[test]
    fn reading_glued_rows_is_linear() {
        fn text(n: usize) -> String {
            let mut t = String::from("指标名称计量单位年度指标值实际完成值指标权重指标得分");
            for i in 0..n {
                t.push_str(&format!(
                    "第{}项检查次数次{}次{}次1010",
                    "一二三四五六七八九".chars().nth(i % 9).unwrap_or('一'),
                    i % 50 + 10,
                    i % 40 + 12
                ));
            }
            t.push('\n');
            for _ in 0..n {
                t.push_str("全年预算数执行数和执行率年初预算数全年执行数情况执行率权重得分说明。\n");
            }
            // headers one after another on one line, each with its row
            for i in 0..n {
                t.push_str(&format!(
                    "指标名称计量单位年度指标值实际完成值指标权重指标得分验收合格率%9{}%9{}%1010",
                    i % 10,
                    i % 7
                ));
            }
            t.push('\n');
            t
        }
        let work = |n: usize| {
            let t = text(n);
            crate::work::take();
            let rows = indicators(&t).iter().map(|t| t.rows.len()).sum::<usize>();
            assert_eq!(rows, 2 * n);
            crate::work::take()
        };
        let (small, large) = (work(300), work(3_000));
        assert!(small > 300, "the reader's work is counted: {small}");
        assert!(large <= small * 12, "300: {small} visited, 3000: {large} visited");
    }
}
