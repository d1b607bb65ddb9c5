//! The 项目支出绩效自评表 as one table on a grid of ten columns, laid out as the national form
//! prints it:
//!
//! ```text
//! 项目名称 | (C:J)
//! 主管部门 | (C:E) | 实施单位 | (H:J)
//! 项目资金 |  (B:D)             | 年初预算数 | 全年预算数 | 全年执行数 | 分值 | 执行率 | 得分
//! (万元)   | 年度资金总额        | …
//!          | 其中:当年财政拨款  | …          (上年结转资金, 其他资金, then other sources)
//! 年度总体 | 预期目标 (B:F)                    | 实际完成情况 (G:J)
//! 目标     | …                                 | …
//! 绩效指标 | 一级指标 | 二级指标 | 三级指标 | 年度指标值 | 实际完成值 | 分值 | 得分 | 偏差原因分析及改进措施 (I:J)
//!          | 产出指标 | 数量指标 | …   (一级 and 二级 merged down their runs)
//! 总分 (A:F)                                              | 100  | 97.6 | 评价等级 | 优
//! ```
//!
//! 执行率 is computed (全年执行数 ÷ 全年预算数) and printed to two decimals; amounts in 万元 to
//! two decimals; indicator values and self-scores as the record states them; the 总分 is the
//! score sheet's sum of the self-scores and the grade its grade.

use jixiao_core::calc;
use jixiao_core::project::{FundRow, ProjectIndicator, ProjectRecord};
use jixiao_core::record::Direction;
use jixiao_core::scoring::{ScoreRow, ScoreSheet};

use crate::build::format::{fmt_score, money, rate};
use crate::model::{Merge, Table};

/// Columns of the grid.
const COLS: usize = 10;

/// The table being laid out.
struct Grid {
    t: Table,
}

impl Grid {
    /// Starts a row; returns its index.
    fn row(&mut self) -> usize {
        self.t.rows.push(vec![String::new(); COLS]);
        self.t.rows.len() - 1
    }

    /// Puts `text` at `row`, `col`, spanning `cols` columns.
    fn put(&mut self, row: usize, col: usize, cols: usize, text: impl Into<String>) {
        self.t.rows[row][col] = text.into();
        if cols > 1 {
            self.t.merges.push(Merge { row, col, rows: 1, cols });
        }
    }

    /// A label of the form.
    fn label(&mut self, row: usize, col: usize, cols: usize, text: &str) {
        self.put(row, col, cols, text);
        self.t.labels.push([row, col]);
    }

    /// A short value, centred.
    fn short(&mut self, row: usize, col: usize, text: impl Into<String>) {
        self.put(row, col, 1, text);
        self.t.centered.push([row, col]);
    }

    /// Merges the cell at `row`, `col` down `rows` rows (a single-column cell).
    fn down(&mut self, row: usize, col: usize, rows: usize) {
        if rows > 1 {
            self.t.merges.push(Merge { row, col, rows, cols: 1 });
        }
    }
}

/// The form's three 其中 rows: their label, and the words a record's row label is matched by.
const SOURCES: [(&str, &[&str]); 3] =
    [("其中:当年财政拨款", &["拨款"]), ("上年结转资金", &["结转"]), ("其他资金", &["其他"])];

/// The record's fund-source rows in the form's order: its three rows (each with the record's
/// row that matches it, if any), then the record's other rows under their own labels.
fn sources(r: &ProjectRecord) -> Vec<(String, Option<&FundRow>)> {
    let mut used = vec![false; r.funds.parts.len()];
    let mut out = Vec::new();
    for (label, words) in SOURCES {
        let found =
            r.funds.parts.iter().enumerate().find(|(i, p)| !used[*i] && words.iter().any(|w| p.label.contains(w)));
        if let Some((i, _)) = found {
            used[i] = true;
        }
        out.push((label.to_string(), found.map(|(_, p)| p)));
    }
    for (i, p) in r.funds.parts.iter().enumerate() {
        if !used[i] {
            out.push((p.label.clone(), Some(p)));
        }
    }
    out
}

/// 执行率 of a fund row, computed, with `%`; blank when it has no meaning.
fn execution_rate(f: &FundRow) -> String {
    match (f.actual, f.budget_full_year) {
        (Some(a), Some(b)) => {
            rate(calc::execution_rate(a.figure_in(crate::build::format::WAN), b.figure_in(crate::build::format::WAN)))
                .map_or_else(String::new, |x| format!("{x}%"))
        }
        _ => String::new(),
    }
}

/// 年度指标值 as printed: `≥42公里`, `≤11月`, `100%`; the wording of a qualitative target.
fn target(x: &ProjectIndicator) -> String {
    let unit = x.unit.as_deref().unwrap_or("");
    match (x.direction, x.target) {
        (Direction::Qualitative, _) | (_, None) => x.target_text.clone().unwrap_or_default(),
        (Direction::Exactly, Some(t)) => format!("{t}{unit}"),
        (d, Some(t)) => format!("{}{t}{unit}", d.sign()),
    }
}

/// 实际完成值 as printed: the figure with its unit, or the wording.
fn actual(x: &ProjectIndicator) -> String {
    match x.actual {
        Some(a) if x.direction != Direction::Qualitative => format!("{a}{}", x.unit.as_deref().unwrap_or("")),
        _ => x.actual_text.clone().or_else(|| x.actual.map(|a| a.to_string())).unwrap_or_default(),
    }
}

/// The whole form.
pub(super) fn form(r: &ProjectRecord, sheet: Option<&ScoreSheet>, p0: Option<&ScoreRow>) -> Table {
    let mut g = Grid {
        t: Table { widths: vec![7, 8, 10, 17, 11, 11, 9, 8, 9, 16], numeric: vec![false; COLS], ..Default::default() },
    };
    // 项目名称, 主管部门, 实施单位.
    let row = g.row();
    g.label(row, 0, 2, "项目名称");
    g.put(row, 2, 8, r.header.project.clone());
    let row = g.row();
    g.label(row, 0, 2, "主管部门");
    g.put(row, 2, 3, r.header.department.clone());
    g.label(row, 5, 2, "实施单位");
    g.put(row, 7, 3, r.header.implementer.clone().unwrap_or_default());

    // 项目资金.
    let head = g.row();
    g.label(head, 0, 1, "项目资金(万元)");
    g.label(head, 1, 3, "");
    for (i, name) in ["年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"].iter().enumerate()
    {
        g.label(head, 4 + i, 1, name);
    }
    let fund_row = |g: &mut Grid, label: &str, f: Option<&FundRow>, total: bool| {
        let row = g.row();
        g.put(row, 1, 3, label);
        g.t.centered.push([row, 1]);
        let Some(f) = f else {
            for c in 4..COLS {
                g.short(row, c, if !total && (c == 7 || c == 9) { "—" } else { "" });
            }
            return;
        };
        for (c, v) in [f.budget_initial, f.budget_full_year, f.actual].iter().enumerate() {
            g.short(row, 4 + c, v.as_ref().map(money).unwrap_or_default());
        }
        g.short(row, 8, execution_rate(f));
        if total {
            let max = f.max_points.map(|m| m.0).or_else(|| p0.and_then(|p| p.max_points));
            g.short(row, 7, max.map(fmt_score).unwrap_or_default());
            let score = f.self_score.map(|s| s.0).or_else(|| p0.and_then(|p| p.self_score));
            g.short(row, 9, score.map(fmt_score).unwrap_or_default());
        } else {
            g.short(row, 7, "—");
            g.short(row, 9, "—");
        }
    };
    fund_row(&mut g, "年度资金总额", Some(&r.funds.total), true);
    for (label, f) in sources(r) {
        fund_row(&mut g, &label, f, false);
    }
    g.down(head, 0, g.t.rows.len() - head);

    // 年度总体目标.
    let head = g.row();
    g.label(head, 0, 1, "年度总体目标");
    g.label(head, 1, 5, "预期目标");
    g.label(head, 6, 4, "实际完成情况");
    let row = g.row();
    let goals = r.goals.clone().unwrap_or_default();
    g.put(row, 1, 5, goals.expected.unwrap_or_default());
    g.put(row, 6, 4, goals.achieved.unwrap_or_default());
    g.down(head, 0, 2);

    // 绩效指标.
    let head = g.row();
    g.label(head, 0, 1, "绩效指标");
    for (i, name) in ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分"].iter().enumerate()
    {
        g.label(head, 1 + i, 1, name);
    }
    g.label(head, 8, 2, "偏差原因分析及改进措施");
    let first = head + 1;
    for x in &r.indicators {
        let row = g.row();
        g.short(row, 1, x.level1.clone());
        g.short(row, 2, x.level2.clone());
        g.put(row, 3, 1, x.name.clone());
        g.short(row, 4, target(x));
        g.short(row, 5, actual(x));
        g.short(row, 6, x.max_points.to_string());
        g.short(row, 7, x.self_score.to_string());
        g.put(row, 8, 2, x.deviation_reason.clone().unwrap_or_default());
    }
    // 一级 and 二级 merged down their runs (a 二级 run never crosses a 一级 one).
    let end = g.t.rows.len();
    let mut start = first;
    while start < end {
        let l1 = g.t.rows[start][1].clone();
        let mut stop = start + 1;
        while stop < end && g.t.rows[stop][1] == l1 {
            stop += 1;
        }
        let mut s2 = start;
        while s2 < stop {
            let l2 = g.t.rows[s2][2].clone();
            let mut e2 = s2 + 1;
            while e2 < stop && g.t.rows[e2][2] == l2 {
                g.t.rows[e2][2].clear();
                e2 += 1;
            }
            g.down(s2, 2, e2 - s2);
            s2 = e2;
        }
        for row in start + 1..stop {
            g.t.rows[row][1].clear();
        }
        g.down(start, 1, stop - start);
        start = stop;
    }
    g.down(head, 0, end - head);

    // 总分 and grade.
    let row = g.row();
    g.label(row, 0, 6, "总分");
    if let Some(s) = sheet {
        g.short(row, 6, s.max_total.map(fmt_score).unwrap_or_default());
        g.short(row, 7, if s.scored { fmt_score(s.total) } else { String::new() });
        g.label(row, 8, 1, "评价等级");
        g.short(row, 9, s.grade.clone().unwrap_or_default());
    }
    g.t
}
