//! Indicator tables: the 绩效指标 table of a 项目支出绩效自评表 (财预〔2020〕10号) or of a
//! department's self-evaluation — 一级指标 | 二级指标 | 三级指标 | 年度指标值 | 实际完成值 | 分值 |
//! 得分 | 偏差原因 — in any layout [`crate::tables`] reads (`|` rows, tabs, runs of blanks).
//!
//! A header row names a target column (年度指标值, 指标值, 目标值, …) and an actual column
//! (实际完成值, 完成值, 实际值, …), perhaps 分值 / 权重, 得分 and 偏差原因. The rows below it are
//! read from the right, where the form's cells always are: the reason (text, if the header has
//! the column), the score, the weight, the actual and the target; then the indicator's name and,
//! where the row still has them, its 二级 and 一级 names (merged cells in the form leave them
//! out of all rows but the first of their group, so a row without them keeps the last ones).
//! A 总分 / 合计 row gives the table's stated total.
//!
//! It judges nothing: the department reader makes targets of the rows, the project reader
//! indicators, and the rules compare.

use crate::numbers::{Cmp, Token};
use crate::tables::{Cell, Table};
use crate::text::Includes;
use jixiao_core::record::Direction;

/// One row of an indicator table. Tokens are in flow coordinates.
#[derive(Debug, Clone, Default)]
pub struct IndicatorRow {
    /// 一级指标 (the last one stated above, for rows under a merged cell).
    pub level1: String,
    /// 二级指标 (likewise).
    pub level2: String,
    /// 三级指标.
    pub name: String,
    /// ≥, ≤, = (from the target's comparator or, when it has none, from the name), or 定性.
    pub direction: Option<Direction>,
    /// 年度指标值, when it is a figure.
    pub target: Option<Token>,
    /// 年度指标值 in words (定性).
    pub target_text: Option<String>,
    /// 实际完成值, when it is a figure.
    pub actual: Option<Token>,
    /// 实际完成值 in words.
    pub actual_text: Option<String>,
    /// 分值.
    pub weight: Option<Token>,
    /// 得分.
    pub score: Option<Token>,
    /// 偏差原因 as written.
    pub reason: Option<String>,
    /// The unit from a 度量单位 column, where the form gives the unit a column of its own.
    pub unit: Option<String>,
}

/// An indicator table read from a report.
#[derive(Debug, Clone, Default)]
pub struct IndicatorTable {
    /// Its rows.
    pub rows: Vec<IndicatorRow>,
    /// The 总分 / 合计 row's score (its last figure).
    pub total: Option<Token>,
    /// The 总分 / 合计 row's points (the figure before its score), where it has both.
    pub total_points: Option<Token>,
    /// Rows below the header that could not be read as indicators (a reader that missed
    /// rows must not sum the ones it read).
    pub unread: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Col {
    Level1,
    Level2,
    Name,
    /// 指标性质 where it holds the comparator (`≥`, `=`), or words (`定量指标`) then unused.
    Cmp,
    Target,
    /// 度量单位 / 计量单位.
    Unit,
    Actual,
    Weight,
    Score,
    Reason,
}

/// The most characters of a column's name (`偏差原因分析及改进措施(万元)` has 15).
const MAX_HEADER_CHARS: usize = 24;

/// What a header cell's words make of it, in order: the first rule with a word in the cell
/// decides (`得分系数` is no 得分 column, `偏差原因` is a reason even with `完成值` in it).
const COL_RULES: &[(&[&str], Option<Col>)] = &[
    (&["偏差", "原因"], Some(Col::Reason)),
    (&["得分系数", "是否"], None),
    (&["得分"], Some(Col::Score)),
    (&["分值", "权重"], Some(Col::Weight)),
    (&["实际完成值", "完成值", "实际值", "实际完成"], Some(Col::Actual)),
    (&["指标值", "目标值", "计划值", "预期值"], Some(Col::Target)),
    (&["单位"], Some(Col::Unit)),
    (&["性质"], Some(Col::Cmp)),
    (&["一级指标"], Some(Col::Level1)),
    (&["二级指标"], Some(Col::Level2)),
    (&["三级指标", "指标名称"], Some(Col::Name)),
];

/// One automaton over the words of [`COL_RULES`], each word's pattern id mapped to its rule.
fn col_words() -> Option<&'static (aho_corasick::AhoCorasick, Vec<u8>)> {
    static WORDS: std::sync::LazyLock<Option<(aho_corasick::AhoCorasick, Vec<u8>)>> = std::sync::LazyLock::new(|| {
        let (words, rules): (Vec<&str>, Vec<u8>) = COL_RULES
            .iter()
            .enumerate()
            .flat_map(|(i, (ws, _))| ws.iter().map(move |w| (*w, u8::try_from(i).unwrap_or(u8::MAX))))
            .unzip();
        aho_corasick::AhoCorasick::new(words).ok().map(|ac| (ac, rules))
    });
    WORDS.as_ref()
}

fn col_of(header: &str) -> Option<Col> {
    // A column's name is a few words; a longer cell (a sentence of prose, most lines of a
    // report read as one-cell lines) is none, and is not searched for every name.
    let (mut chars, mut blanks) = (0, false);
    for c in header.chars() {
        if c.is_whitespace() {
            blanks = true;
        } else {
            chars += 1;
            if chars > MAX_HEADER_CHARS {
                return None;
            }
        }
    }
    let h: std::borrow::Cow<'_, str> =
        if blanks { header.chars().filter(|c| !c.is_whitespace()).collect::<String>().into() } else { header.into() };
    // Every rule with a word in the cell, found in one pass; the first such rule decides.
    let (words, rules) = col_words()?;
    let hit =
        words.find_overlapping_iter(h.as_ref()).filter_map(|m| rules.get(m.pattern().as_usize()).copied()).min()?;
    COL_RULES.get(usize::from(hit)).and_then(|(_, col)| *col)
}

/// A header row: the column of each role it names (the first of each), if it names a target
/// and an actual column and holds no figure.
struct Header {
    width: usize,
    at: Vec<(Col, usize)>,
}

impl Header {
    fn of(cells: &[Cell]) -> Option<Header> {
        if cells.iter().any(|c| c.token.is_some() && crate::spaced::has_figure(&c.text)) {
            return None;
        }
        let mut at: Vec<(Col, usize)> = Vec::new();
        for (i, c) in cells.iter().enumerate() {
            if let Some(col) = col_of(&c.text)
                && !at.iter().any(|(k, _)| *k == col)
            {
                at.push((col, i));
            }
        }
        let h = Header { width: cells.len(), at };
        let (t, a) = (h.col(Col::Target)?, h.col(Col::Actual)?);
        if t >= a {
            return None;
        }
        // Without a 三级指标 heading the name is the column before the comparator or target.
        if h.col(Col::Name).is_none() {
            let first = h.col(Col::Cmp).filter(|c| *c < t).unwrap_or(t);
            let mut h = h;
            h.at.push((Col::Name, first.checked_sub(1)?));
            return Some(h);
        }
        Some(h)
    }

    fn col(&self, col: Col) -> Option<usize> {
        self.at.iter().find(|(k, _)| *k == col).map(|(_, i)| *i)
    }
}

/// The most leading cells a row may leave to the rows above it (merged 一级, 二级 cells and a
/// caption column).
const MAX_MERGED: usize = 6;

/// The most text between two tables of lines that are still one indicator table (bytes): a
/// few lines of merged cells' words.
const MAX_GAP: usize = 240;

/// Names of indicators whose target, written without a comparator, is a ceiling.
const AT_MOST_WORDS: &[&str] =
    &["控制率", "成本", "调整率", "结转结余率", "投诉", "事故", "发生率", "差错率", "超支", "上访", "不良"];

/// A row's direction: its comparator's, else at most for the names of ceilings.
pub(crate) fn direction(cmp: Option<Cmp>, name: &str) -> Direction {
    match cmp {
        Some(Cmp::AtMost | Cmp::Below) => Direction::AtMost,
        Some(Cmp::Equal) => Direction::Exactly,
        Some(Cmp::AtLeast | Cmp::Above) => Direction::AtLeast,
        None if AT_MOST_WORDS.iter().any(|w| name.includes(w)) => Direction::AtMost,
        None => Direction::AtLeast,
    }
}

/// A cell holding only a comparator.
fn comparator(text: &str) -> Option<Cmp> {
    match text.trim() {
        "≥" | ">=" | "\u{ff1e}=" => Some(Cmp::AtLeast),
        "≤" | "<=" | "\u{ff1c}=" => Some(Cmp::AtMost),
        ">" | "\u{ff1e}" => Some(Cmp::Above),
        "<" | "\u{ff1c}" => Some(Cmp::Below),
        "=" | "\u{ff1d}" => Some(Cmp::Equal),
        _ => None,
    }
}

/// Words that may stand before a figure in a figure's cell (`≥95%`, `不低于 95%`).
const BEFORE_FIGURE: &[&str] = &[
    "≥",
    "≤",
    ">",
    "<",
    "=",
    "＞",
    "＜",
    "＝",
    "不低于",
    "不少于",
    "不超过",
    "不高于",
    "不大于",
    "不小于",
    "大于",
    "小于",
    "高于",
    "低于",
    "达到",
    "约",
    "≧",
    "≦",
];

/// A cell that is only a figure (its unit and comparator included): it starts with its figure
/// (after a comparator) and has few words (`5个`, `≥95%`, `≤1.2万元`; not `指标3号`,
/// `PM2.5浓度`).
fn figure_only(c: &Cell) -> Option<&Token> {
    let t = c.token.as_ref()?;
    let text = c.text.trim();
    let digit = text.find(|ch: char| ch.is_ascii_digit() || ('０'..='９').contains(&ch) || ch == '-')?;
    let mut before = text[..digit].trim();
    while let Some(w) = BEFORE_FIGURE.iter().find(|w| before.starts_with(**w)) {
        before = before[w.len()..].trim_start();
    }
    let letters = text.chars().filter(|ch| crate::text::is_cjk(*ch)).count();
    (before.is_empty() && letters <= 4).then_some(t)
}

/// A cell that names something: words, not a figure.
fn is_name(c: &Cell) -> bool {
    figure_only(c).is_none() && c.text.chars().any(crate::text::is_cjk)
}

/// A plain number (a weight or a score), or nothing.
fn points(c: &Cell) -> Option<&Token> {
    figure_only(c).filter(|t| !t.percent && t.unit.is_none_or(|u| u == "分"))
}

fn is_total_row(cells: &[Cell]) -> bool {
    cells.iter().find(|c| !c.is_empty()).is_some_and(|c| {
        let t: String = c.text.chars().filter(|ch| !ch.is_whitespace()).collect();
        t == "合计" || t == "总计" || t.starts_with("总分") || t == "自评总分"
    })
}

/// The cells of a row with a cell holding only a comparator (`≥`, which a PDF may set apart
/// from its figure) joined to the figure after it, where the header has no column for it;
/// trailing blank cells left out.
fn row_cells(cells: &[Cell], cmp_column: bool) -> Vec<Cell> {
    let mut out: Vec<Cell> = Vec::with_capacity(cells.len());
    let mut pending: Option<Cmp> = None;
    for c in cells {
        let cmp = comparator(&c.text).filter(|_| !cmp_column && c.token.is_none());
        if cmp.is_some() {
            pending = cmp;
            continue;
        }
        let mut c = c.clone();
        if let (Some(cmp), Some(t)) = (pending.take(), c.token.as_mut())
            && t.cmp.is_none()
        {
            t.cmp = Some(cmp);
        }
        out.push(c);
    }
    while out.last().is_some_and(|c| c.is_empty() && c.text.trim() != "0") {
        out.pop();
    }
    out
}

/// Every indicator table of a document's tables.
pub fn indicator_tables(tables: &[Table]) -> Vec<IndicatorTable> {
    let mut out = Vec::new();
    // The table being read, and where its last row ended: a PDF of a form with merged cells
    // puts a merged cell's words (`产出指标`) on lines of their own between the rows, which
    // ends a table of lines; rows after such a short gap still belong to the header above.
    let mut current: Option<(Header, IndicatorTable)> = None;
    let mut last_end = 0;
    let mut loose_reason: Option<String> = None;
    for table in tables {
        let first = table.rows.first().map_or(0, |r| r.range.start);
        if first.saturating_sub(last_end) > MAX_GAP
            && let Some((_, t)) = current.take()
            && !t.rows.is_empty()
        {
            out.push(t);
        }
        for row in &table.rows {
            last_end = row.range.end;
            if let Some(h) = Header::of(&row.cells) {
                if let Some((_, t)) = current.take()
                    && !t.rows.is_empty()
                {
                    out.push(t);
                }
                current = Some((h, IndicatorTable::default()));
                continue;
            }
            // Another table's header (three or more cells, no figure) ends this one.
            if row.cells.iter().filter(|c| !c.is_empty()).count() >= 3 && row.cells.iter().all(|c| c.token.is_none()) {
                if let Some((_, t)) = current.take()
                    && !t.rows.is_empty()
                {
                    out.push(t);
                }
                continue;
            }
            let Some((h, t)) = current.as_mut() else { continue };
            let cells = row_cells(&row.cells, h.col(Col::Cmp).is_some());
            if cells.iter().all(Cell::is_empty) {
                continue;
            }
            if is_total_row(&cells) {
                let pts: Vec<&Token> = cells.iter().filter_map(points).collect();
                t.total = pts.last().map(|t| (*t).clone());
                t.total_points = pts.len().checked_sub(2).and_then(|i| pts.get(i)).map(|t| (*t).clone());
                continue;
            }
            match read_row(h, &cells, t.rows.last()) {
                Some(mut r) => {
                    if r.reason.is_none() {
                        r.reason = loose_reason.take();
                    }
                    loose_reason = None;
                    t.rows.push(r);
                }
                None => {
                    t.unread += 1;
                    // Words of a reason cell set apart from their row (a PDF centres a tall
                    // cell's lines around the row's own line): the row after them has them.
                    loose_reason = loose_words(&cells).filter(|_| h.col(Col::Reason).is_some());
                }
            }
        }
    }
    if let Some((_, t)) = current
        && !t.rows.is_empty()
    {
        out.push(t);
    }
    out
}

/// The words of a row that holds no figure and ends in a cell of some length (a piece of a
/// reason cell), if it is one.
fn loose_words(cells: &[Cell]) -> Option<String> {
    let last = cells.iter().rev().find(|c| !c.is_empty())?;
    (cells.iter().all(|c| c.token.is_none()) && last.text.trim().chars().count() >= 6)
        .then(|| last.text.trim().to_string())
}

/// One row, its cells lined up with the header's columns: a row whose leading cells were
/// merged into the rows above starts further right. The first alignment where the name is
/// text, the target and actual are filled and the points are numbers is taken; `None` when
/// there is none.
fn read_row(h: &Header, cells: &[Cell], above: Option<&IndicatorRow>) -> Option<IndicatorRow> {
    // A row starts at most at its name's column, and at most a few merged cells late: the
    // tries per row are bounded whatever the header's width.
    // An alignment that finds figures wins over one that reads words for the target and the
    // actual (a name cell taken for a target makes any two cells look like a 定性 pair).
    let last = h.col(Col::Name).unwrap_or(0).min(MAX_MERGED);
    let tries = || (0..=last).filter_map(|off| read_aligned(h, cells, off, above));
    tries().find(|r| r.direction != Some(Direction::Qualitative)).or_else(|| tries().next())
}

fn read_aligned(h: &Header, cells: &[Cell], off: usize, above: Option<&IndicatorRow>) -> Option<IndicatorRow> {
    // The row's cell under header column `col`.
    let at = |col: Col| -> Option<&Cell> {
        let i = h.col(col)?.checked_sub(off)?;
        cells.get(i)
    };
    let filled = |col: Col| at(col).filter(|c| !c.is_empty());
    if cells.len() + off > h.width {
        return None;
    }
    let name = filled(Col::Name)?;
    if !is_name(name) {
        return None;
    }
    let (target, actual) = (filled(Col::Target)?, filled(Col::Actual)?);
    let weight = match at(Col::Weight) {
        Some(c) if !c.is_empty() => Some(points(c)?.clone()),
        _ => None,
    };
    let score = match at(Col::Score) {
        Some(c) if !c.is_empty() => Some(points(c)?.clone()),
        _ => None,
    };
    let mut r = IndicatorRow { weight, score, ..IndicatorRow::default() };
    r.name = name.text.split_whitespace().collect();
    // A name of a level (`时效指标`, `社会效益指标`) is no 三级指标.
    if r.name.chars().count() < 2 || r.name.ends_with("指标") {
        return None;
    }
    let stated_cmp = filled(Col::Cmp).and_then(|c| comparator(&c.text));
    let unit = filled(Col::Unit).map(|c| c.text.trim().to_string());
    match (figure_only(target), figure_only(actual)) {
        (Some(t), v) => {
            let mut t = t.clone();
            if t.cmp.is_none() {
                t.cmp = stated_cmp;
            }
            r.direction = Some(direction(t.cmp, &r.name));
            r.target = Some(t);
            match v {
                Some(v) => r.actual = Some(v.clone()),
                // A figure target achieved in words (`按期完成`): no actual figure to compare.
                None => r.actual_text = Some(actual.text.trim().to_string()),
            }
        }
        (None, None) => {
            r.direction = Some(Direction::Qualitative);
            r.target_text = Some(target.text.trim().to_string());
            r.actual_text = Some(actual.text.trim().to_string());
        }
        (None, Some(_)) => return None,
    }
    // A unit the number reader does not know (`11月`, `3个工作日`): the words after the figure.
    r.unit = unit.or_else(|| {
        r.target.as_ref().filter(|t| t.unit.is_none() && !t.percent)?;
        let after = target.text.get(target.text.find(|c: char| c.is_ascii_digit())?..)?;
        let words = after.trim_start_matches(|c: char| c.is_ascii_digit() || c == '.').trim();
        (!words.is_empty() && words.chars().count() <= 4 && !words.chars().any(|c| c.is_ascii_digit()))
            .then(|| words.to_string())
    });
    r.reason = filled(Col::Reason).map(|c| c.text.trim().to_string());
    let level = |col: Col| filled(col).map(|c| c.text.split_whitespace().collect::<String>());
    r.level2 = level(Col::Level2).or_else(|| above.map(|a| a.level2.clone())).unwrap_or_default();
    r.level1 = level(Col::Level1).or_else(|| above.map(|a| a.level1.clone())).unwrap_or_default();
    Some(r)
}

/// The most cells a header written one cell per line may have.
const MAX_HEADER_CELLS: usize = 16;

/// Cells in a row that fit no indicator before a table written one cell per line ends.
const MAX_STRAY_CELLS: usize = 12;

/// Indicator tables written one cell per line (text copied cell by cell from a document or a
/// web page, `pdftotext` without layout): a header of column names, one per line, then the
/// rows' cells. Rows are found by the pattern of the header's columns from the indicator's
/// name to its score (name, target, actual, points, score; the comparator and unit columns
/// where the header has them), since merged cells and empty cells written as nothing leave
/// rows of different lengths; the cells before a name that name levels (`…指标`) are its
/// 二级 and 一级 指标, and a cell of words after the score is its reason.
///
/// Lines that end with their cell's `|` are joined into one line of the text (one row of
/// `tables`): such a row's cells are read the same way.
pub fn stacked_indicator_tables(r: &crate::reader::Reader<'_>, tables: &[Table]) -> Vec<IndicatorTable> {
    let flow = &r.doc.flow;
    // Runs of lines that each hold one cell (a table line ends a run).
    let mut runs: Vec<Vec<Cell>> = vec![Vec::new()];
    for (line, &table) in r.lines.iter().zip(&r.table_lines) {
        let raw = &flow[line.clone()];
        if table {
            runs.push(Vec::new());
            continue;
        }
        let trimmed = raw.trim();
        if trimmed.is_empty() {
            continue;
        }
        let text = trimmed.trim_matches(['|', '\u{ff5c}']).trim();
        let lead = raw.len() - raw.trim_start().len();
        let range = line.start + lead..line.start + lead + trimmed.len();
        let token = r.tokens_in(&range).first().cloned();
        if let Some(run) = runs.last_mut() {
            run.push(Cell { range, text: text.to_string(), token });
        }
    }
    let rows = tables.iter().flat_map(|t| &t.rows).map(|row| row.cells.as_slice());
    runs.iter().map(Vec::as_slice).chain(rows).flat_map(stacked_in).collect()
}

/// The indicator tables in one run of one-cell lines.
fn stacked_in(cells: &[Cell]) -> Vec<IndicatorTable> {
    let mut out = Vec::new();
    // Whether each cell names a column, decided once per cell.
    let named: Vec<bool> = cells.iter().map(|c| col_of(&c.text).is_some()).collect();
    let mut i = 0;
    while i < cells.len() {
        // A header: a run of column names (after one caption cell, `绩效指标(90分)`, at most)
        // that names a target and an actual column.
        let caption = usize::from(!named[i]);
        let names = named[(i + caption).min(cells.len())..].iter().take(MAX_HEADER_CELLS).take_while(|n| **n).count();
        let len = caption + names;
        let Some(h) = (names >= 4).then(|| Header::of(&cells[i..i + len])).flatten() else {
            i += 1;
            continue;
        };
        let (t, next) = stacked_rows(&h, &cells[i + len..]);
        if !t.rows.is_empty() {
            out.push(t);
        }
        i += len + next.max(1);
    }
    out
}

/// The rows after a header, and how many cells they took.
fn stacked_rows(h: &Header, cells: &[Cell]) -> (IndicatorTable, usize) {
    // The columns of a row from its name to its score, in the header's order.
    let mut pattern: Vec<(usize, Col)> =
        h.at.iter()
            .filter(|(c, _)| {
                matches!(c, Col::Name | Col::Cmp | Col::Target | Col::Unit | Col::Actual | Col::Weight | Col::Score)
            })
            .map(|(c, i)| (*i, *c))
            .collect();
    pattern.sort_unstable_by_key(|(i, _)| *i);
    let name_at = pattern.iter().position(|(_, c)| *c == Col::Name).unwrap_or(0);
    let pattern: Vec<Col> = pattern[name_at..].iter().map(|(_, c)| *c).collect();
    let mut t = IndicatorTable::default();
    let (mut i, mut stray, mut levels) = (0, 0, Vec::<String>::new());
    while i < cells.len() && stray <= MAX_STRAY_CELLS {
        let c = &cells[i];
        if is_total_row(std::slice::from_ref(c)) {
            let pts: Vec<&Token> = cells[i + 1..].iter().take(2).map_while(points).collect();
            t.total = pts.get(1).map(|t| (*t).clone());
            t.total_points = pts.get(1).and(pts.first()).map(|t| (*t).clone());
            i += 1 + pts.len();
            break;
        }
        let mut row = IndicatorRow::default();
        let fits = cells.get(i..i + pattern.len()).is_some_and(|take| fill(&mut row, &pattern, take));
        if !fits {
            if c.token.is_none() && c.text.ends_with("指标") {
                levels.push(c.text.split_whitespace().collect());
            } else {
                stray += 1;
            }
            i += 1;
            continue;
        }
        stray = 0;
        i += pattern.len();
        let above = t.rows.last();
        row.level2 = levels.pop().or_else(|| above.map(|a| a.level2.clone())).unwrap_or_default();
        row.level1 = levels.pop().or_else(|| above.map(|a| a.level1.clone())).unwrap_or_default();
        levels.clear();
        // Words after the score are the reason, where the header has the column and the
        // next cells do not start another row.
        if h.col(Col::Reason).is_some()
            && let Some(next) = cells.get(i)
            && next.token.is_none()
            && next.text.chars().count() >= 6
            && !next.text.ends_with("指标")
            && !cells.get(i..i + pattern.len()).is_some_and(|w| fill(&mut IndicatorRow::default(), &pattern, w))
        {
            row.reason = Some(next.text.clone());
            i += 1;
        }
        t.rows.push(row);
    }
    (t, i)
}

/// Fills `row` from `cells` taken as the columns `pattern`; whether they fit: a name of words,
/// a target and an actual (figures, or words for both), points and a score as numbers.
fn fill(row: &mut IndicatorRow, pattern: &[Col], cells: &[Cell]) -> bool {
    let mut target = None;
    let mut actual = None;
    let mut cmp = None;
    for (col, c) in pattern.iter().zip(cells) {
        match col {
            Col::Name => {
                let name: String = c.text.split_whitespace().collect();
                if !is_name(c)
                    || name.chars().count() < 2
                    || name.ends_with("指标")
                    || is_total_row(std::slice::from_ref(c))
                {
                    return false;
                }
                row.name = name;
            }
            Col::Cmp => cmp = comparator(&c.text),
            Col::Unit => row.unit = (!c.is_empty()).then(|| c.text.clone()),
            Col::Target => target = Some(c),
            Col::Actual => actual = Some(c),
            Col::Weight | Col::Score => {
                let Some(p) = points(c) else { return false };
                if *col == Col::Weight {
                    row.weight = Some(p.clone());
                } else {
                    row.score = Some(p.clone());
                }
            }
            _ => {}
        }
    }
    let (Some(target), Some(actual)) = (target, actual) else { return false };
    if target.is_empty() || actual.is_empty() {
        return false;
    }
    match (figure_only(target), figure_only(actual)) {
        (Some(t), Some(v)) => {
            let mut t = t.clone();
            if t.cmp.is_none() {
                t.cmp = cmp;
            }
            row.direction = Some(direction(t.cmp, &row.name));
            row.target = Some(t);
            row.actual = Some(v.clone());
        }
        (None, None) => {
            row.direction = Some(Direction::Qualitative);
            row.target_text = Some(target.text.clone());
            row.actual_text = Some(actual.text.clone());
        }
        _ => return false,
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::reader::Reader;
    use crate::text::Doc;

    #[test]
    fn a_header_cell_is_named_by_the_first_rule_its_words_meet() {
        let cases = [
            ("偏差原因分析", Some(Col::Reason)),
            ("未完成原因及实际完成值", Some(Col::Reason)),
            ("得分系数(%)", None),
            ("是否核心指标", None),
            ("得分", Some(Col::Score)),
            ("指标得分(分)", Some(Col::Score)),
            ("分值", Some(Col::Weight)),
            ("指标权重(分)", Some(Col::Weight)),
            ("实际完成值", Some(Col::Actual)),
            ("全年 实际 完成值", Some(Col::Actual)),
            ("年度指标值", Some(Col::Target)),
            ("年 度 目 标 值", Some(Col::Target)),
            ("计量单位", Some(Col::Unit)),
            ("指标性质", Some(Col::Cmp)),
            ("一级指标", Some(Col::Level1)),
            ("二级指标", Some(Col::Level2)),
            ("三级指标", Some(Col::Name)),
            ("指标名称", Some(Col::Name)),
            ("项目名称", None),
            ("本单位全年实际完成值与年度指标值的差异较大的原因在于资金下达较晚等", None),
        ];
        for (cell, col) in cases {
            assert_eq!(col_of(cell), col, "{cell}");
        }
    }

    fn read(text: &str) -> Vec<IndicatorTable> {
        let doc = Doc::new(text.to_string());
        let r = Reader::new(&doc);
        indicator_tables(&crate::tables::tables(&r))
    }

    #[test]
    fn rows_under_merged_level_cells_keep_their_levels() {
        let t = read(
            "一级指标 | 二级指标 | 三级指标 | 年度指标值 | 实际完成值 | 分值 | 得分 | 偏差原因分析及改进措施\n\
             产出指标 | 数量指标 | 养护道路里程 | ≥120公里 | 126公里 | 20 | 20 |\n\
             质量指标 | 验收合格率 | ≥95% | 96% | 15 | 15 |\n\
             时效指标 | 按期完工率 | 100% | 92% | 15 | 13 | 雨季停工两个月\n\
             成本指标 | 每公里养护成本 | ≤1.2万元 | 1.1万元 | 10 | 10 |\n\
             满意度指标 | 服务对象满意度指标 | 沿线群众满意度 | 高 | 较高 | 10 | 9 |\n\
             效益指标 | 社会效益指标 | 出行满意度 | ≥ | 90% | 93% | 5 | 5 |\n\
             产出指标 | 时效指标 | 完工时间 | ≤11月 | 11月 | 5 | 5 |\n\
             效益指标 | 生态效益指标 | PM2.5年均浓度 | ≤35微克 | 31微克 | 5 | 5 |\n\
             总分 | 100 | 97.2 |\n",
        );
        assert_eq!(t.len(), 1);
        let rows = &t[0].rows;
        assert_eq!(rows.len(), 8, "{rows:#?}");
        assert_eq!(rows[5].direction, Some(Direction::AtLeast));
        assert_eq!(rows[6].unit.as_deref(), Some("月"));
        assert_eq!(rows[7].name, "PM2.5年均浓度");
        assert_eq!(rows[7].direction, Some(Direction::AtMost));
        assert_eq!(rows[5].target.as_ref().unwrap().value.to_string(), "90");
        assert_eq!(t[0].unread, 0);
        assert_eq!((rows[1].level1.as_str(), rows[1].level2.as_str()), ("产出指标", "质量指标"));
        assert_eq!(rows[2].name, "按期完工率");
        assert_eq!(rows[2].direction, Some(Direction::AtLeast));
        assert_eq!(rows[2].actual.as_ref().unwrap().value.to_string(), "92");
        assert_eq!(rows[2].reason.as_deref(), Some("雨季停工两个月"));
        assert_eq!(rows[3].direction, Some(Direction::AtMost));
        assert_eq!(rows[4].direction, Some(Direction::Qualitative));
        assert_eq!(rows[4].level1, "满意度指标");
        assert_eq!(rows[4].score.as_ref().unwrap().value.to_string(), "9");
        assert_eq!(t[0].total.as_ref().unwrap().value.to_string(), "97.2");
    }

    #[test]
    fn comparator_and_unit_in_columns_of_their_own() {
        let t = read(
            "绩效指标(90分) | 一级指标 | 二级指标 | 三级指标 | 指标性质 | 指标值 | 度量单位 | 完成值 | 权重 | 得分 | 未完成原因分析 |\n\
             产出指标 | 数量指标 | 培训人次 | ≥ | 500 | 人次 | 460 | 30 | 28 | 报名人数不足 |\n\
             | | 时效指标 | 按时完成率 | = | 100 | % | 100 | 30 | 30 | |\n\
             效益指标 | 社会效益指标 | 群众满意度 | ≥ | 90 | % | 95 | 30 | 30 | |\n",
        );
        let rows = &t[0].rows;
        assert_eq!(rows.len(), 3, "{rows:#?}");
        assert_eq!(rows[0].direction, Some(Direction::AtLeast));
        assert_eq!(rows[0].unit.as_deref(), Some("人次"));
        assert_eq!(rows[0].reason.as_deref(), Some("报名人数不足"));
        assert_eq!((rows[1].level1.as_str(), rows[1].level2.as_str()), ("产出指标", "时效指标"));
        assert_eq!(rows[1].direction, Some(Direction::Exactly));
        assert_eq!(rows[2].level1, "效益指标");
    }

    #[test]
    fn a_merged_cells_words_on_a_line_of_their_own_do_not_end_the_table() {
        let t = read(
            "一级指标\t二级指标\t三级指标\t年度指标值\t实际完成值\t分值\t得分\t偏差原因\n\
             路面改造里程\t≥42公里\t43.6公里\t15\t15\n\
             数量指标\t两处路段征地未完成,护栏顺延\n\
             安防护栏长度\t≥18公里\t16.2公里\t10\t9\n\
             产出指标\n\
             质量指标\t交工验收合格率\t100%\t100%\t10\t10\n\
             总分\t100\t97.6\n\
             项目\t预算数\t决算数\t差异\n基本支出\t10.00\t9.00\t1.00\n\n\
             本项目由县交通运输局组织实施,各乡镇配合完成征地拆迁和沿线群众工作,工程于当年十一月完工并通过交工验收,\
             各项资金按进度拨付,未发现截留挪用情况,资金使用规范,财务核算清楚,档案资料齐全完整,经复核无误。\n\
             项目\t预算数\t决算数\n基本支出\t10.00\t9.00\n",
        );
        assert_eq!(t.len(), 1);
        assert_eq!(t[0].rows.len(), 3, "{:#?}", t[0].rows);
        assert_eq!(t[0].rows[1].reason.as_deref(), Some("两处路段征地未完成,护栏顺延"));
        assert_eq!(t[0].rows[0].reason, None);
        assert_eq!(t[0].rows[2].name, "交工验收合格率");
        assert_eq!(t[0].total.as_ref().map(|t| t.value.to_string()).as_deref(), Some("97.6"));
        assert_eq!(t[0].unread, 1);
    }

    #[test]
    fn a_table_without_actuals_is_no_indicator_table() {
        assert!(read("项目 | 预算数 | 决算数\n基本支出 | 10.00 | 9.00\n").is_empty());
        assert!(read("指标 | 分值 | 得分\n产出指标 | 50 | 48\n").is_empty());
    }

    #[test]
    fn a_table_written_one_cell_per_line() {
        let doc = Doc::new(
            "绩效指标(90分) |\n一级指标 |\n二级指标 |\n三级指标 |\n指标性质 |\n指标值 |\n度量单位 |\n完成值 |\n权重 |\n得分 |\n未完成原因分析 |\n\
             产出指标 |\n数量指标 |\n培训人次 |\n≥ |\n500 |\n人次 |\n460 |\n50 |\n46 |\n报名人数少于预期 |\n\
             效益指标 |\n社会效益指标 |\n就业率 |\n≥ |\n80 |\n% |\n85 |\n40 |\n40 |\n|\n\
             合计 |\n90 |\n86 |\n|\n"
                .to_string(),
        );
        let r = Reader::new(&doc);
        let t = stacked_indicator_tables(&r, &crate::tables::tables(&r));
        assert_eq!(t.len(), 1);
        let rows = &t[0].rows;
        assert_eq!(rows.len(), 2, "{rows:#?}");
        assert_eq!(
            (rows[0].level1.as_str(), rows[0].level2.as_str(), rows[0].name.as_str()),
            ("产出指标", "数量指标", "培训人次")
        );
        assert_eq!(rows[0].direction, Some(Direction::AtLeast));
        assert_eq!(rows[0].unit.as_deref(), Some("人次"));
        assert_eq!(rows[0].reason.as_deref(), Some("报名人数少于预期"));
        assert_eq!(rows[1].level1, "效益指标");
        assert_eq!(rows[1].actual.as_ref().unwrap().value.to_string(), "85");
        assert_eq!(t[0].total.as_ref().map(|t| t.value.to_string()).as_deref(), Some("86"));
        // a blank form (no 完成值, no 得分) has no rows to read
        let blank = Doc::new(
            "一级指标 |\n二级指标 |\n三级指标 |\n指标值 |\n完成值 |\n权重 |\n得分 |\n产出指标 |\n数量指标 |\n覆盖率 |\n100% |\n|\n60 |\n|\n".to_string(),
        );
        let r = Reader::new(&blank);
        assert!(stacked_indicator_tables(&r, &crate::tables::tables(&r)).is_empty());
    }
}
