//! The funds block of a project form (项目资金 / 预算执行情况), read into a project record:
//! the 年度资金总额 row and its 其中 rows, under a header naming the columns (年初预算数,
//! 全年预算数, 全年执行数, 分值, 执行率, 得分) in whatever order and words the form uses.
//!
//! Works on the document text itself, for tables whose cells are separated by `|`, tabs,
//! one cell per line, or single blanks on one line.

use crate::text::Includes;
use jixiao_core::num::MoneyUnit;
use jixiao_core::project::{FundRow, ProjectFunds, ProjectHeader, ProjectRecord, ProjectScoring};
use jixiao_core::record::RecordKind;
use jixiao_core::source::SourceMap;
use jixiao_core::value::{Amount, Num, Percent};

use crate::Extracted;
use crate::numbers::{Token, is_empty_cell, scan};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Col {
    Initial,
    FullYear,
    Actual,
    Max,
    Rate,
    Score,
}

const COLUMNS: &[(Col, &[&str])] = &[
    (Col::Initial, &["年初预算数", "年初预算"]),
    (Col::FullYear, &["全年预算数", "调整后预算数", "全年(调整)预算数", "全年预算"]),
    (Col::Actual, &["全年执行数", "预算执行数", "执行数"]),
    (Col::Max, &["分值", "权重"]),
    (Col::Rate, &["执行率"]),
    (Col::Score, &["得分"]),
];

fn is_row_label(s: &str) -> bool {
    let t: String = s.chars().filter(|c| !c.is_whitespace()).collect();
    let t = t.trim_end_matches([':', '\u{ff1a}']);
    t.ends_with("资金总额")
        || t == "总额"
        || (t.starts_with("其中") && (t.includes("资金") || t.includes("拨款")))
        || (t.ends_with("资金") && t.chars().count() <= 10)
}

/// The form's own words beside the rows: the block's label (`项目资金(万元)`), which a PDF
/// of a form with the label merged down the rows puts between them, whole or in pieces.
fn is_block_label(s: &str) -> bool {
    let t: String = s.chars().filter(|c| !c.is_whitespace()).collect();
    let unit = |u: &str| {
        let u = u.trim_start_matches(['(', '\u{ff08}']).trim_end_matches([')', '\u{ff09}']);
        u == "万元" || u == "元"
    };
    let rest = t.strip_prefix("项目资金").unwrap_or(&t);
    rest.is_empty() || unit(rest)
}

enum Item {
    Label(String),
    Value(Token),
    Empty,
}

/// Reads the funds block, if the document has one.
pub fn extract(text: &str) -> Option<Extracted<ProjectRecord>> {
    let at = text.find("资金总额").or_else(|| text.find("总额 |"))?;
    let label_start = text[..at].rfind(['\n', '|', '\t', ' ']).map_or(0, |i| i + 1);
    // The header: the column names before the first row.
    let head_from = text[..label_start].char_indices().rev().nth(400).map_or(0, |(i, _)| i);
    let head = &text[head_from..label_start];
    let mut cols: Vec<(usize, Col)> = Vec::new();
    for (col, names) in COLUMNS {
        if let Some(pos) = names.iter().filter_map(|n| head.rfind(n)).min()
            && !cols.iter().any(|(p, _)| *p == pos)
        {
            cols.push((pos, *col));
        }
    }
    cols.sort_by_key(|c| c.0);
    let cols: Vec<Col> = cols.into_iter().map(|c| c.1).collect();
    if !cols.contains(&Col::Actual) {
        return None;
    }
    // Items: labels, values and empty cells, in reading order.
    let end = ["年度总体目标", "绩效指标", "年度目标"]
        .iter()
        .filter_map(|w| text[label_start..].find(w))
        .min()
        .map_or(text.len(), |i| label_start + i);
    let end = end.min(label_start + 4000).min(text.len());
    let end = jixiao_core::source::floor_char_boundary(text, end);
    let block = &text[label_start..end];
    let mut items: Vec<Item> = Vec::new();
    let mut offset = label_start;
    for line in block.split_inclusive('\n') {
        let base = offset;
        offset += line.len();
        let body = line.trim_end_matches(['\n', '\r']);
        let separated = body.contains(['|', '\t', '\u{ff5c}']);
        let cells: Vec<(usize, &str)> = if separated {
            let mut v = Vec::new();
            let mut s = 0;
            for (i, c) in body.char_indices() {
                if matches!(c, '|' | '\t' | '\u{ff5c}') {
                    v.push((s, &body[s..i]));
                    s = i + c.len_utf8();
                }
            }
            v.push((s, &body[s..]));
            // a trailing separator ends the row, it does not open a cell
            if v.last().is_some_and(|c| c.1.trim().is_empty())
                && body.trim_end().ends_with(['|', '\u{ff5c}'])
                && v.len() > 1
            {
                v.pop();
            }
            v
        } else {
            let mut v = Vec::new();
            let mut s = None;
            for (i, c) in body.char_indices() {
                if c.is_whitespace() {
                    if let Some(st) = s.take() {
                        v.push((st, &body[st..i]));
                    }
                } else if s.is_none() {
                    s = Some(i);
                }
            }
            if let Some(st) = s {
                v.push((st, &body[st..]));
            }
            if v.is_empty() && body.contains(['|', '\u{ff5c}']) {
                v.push((0, ""));
            }
            v
        };
        for (off, cell) in cells {
            let trimmed = cell.trim();
            let toks = scan(cell);
            if is_empty_cell(trimmed) {
                items.push(Item::Empty);
            } else if toks.len() == 1
                && toks[0].start <= cell.len() - cell.trim_start().len() + 1
                && cell[toks[0].unit_end..].trim().is_empty()
            {
                let mut t = toks[0].clone();
                t.start += base + off;
                t.end += base + off;
                t.unit_end += base + off;
                items.push(Item::Value(t));
            } else {
                // A label, possibly with its values on the same cell (`年度资金总额: 0 0 0`).
                items.push(Item::Label(trimmed.to_string()));
            }
        }
    }
    // Rows.
    let mut rows: Vec<(String, Vec<Option<Token>>)> = Vec::new();
    for item in items {
        match item {
            Item::Label(l) => {
                if is_block_label(&l) {
                    // the form's label, merged down beside the rows
                } else if is_row_label(&l) {
                    rows.push((l, Vec::new()));
                } else if !rows.is_empty() && l.chars().count() <= 30 {
                    // A long cell beside the rows is the form's note (`1.预算执行率=…`), not
                    // the end of the block.
                    break;
                }
            }
            Item::Value(t) => {
                if let Some(r) = rows.last_mut()
                    && r.1.len() < cols.len()
                {
                    r.1.push(Some(t));
                }
            }
            Item::Empty => {
                if let Some(r) = rows.last_mut()
                    && r.1.len() < cols.len()
                    && !r.1.is_empty()
                {
                    r.1.push(None);
                }
            }
        }
    }
    if rows.is_empty() || rows[0].1.iter().all(Option::is_none) {
        return None;
    }
    let mut map = SourceMap::default();
    let mut placed = 0;
    let mut fund_rows = Vec::new();
    for (i, (label, values)) in rows.iter().enumerate() {
        let path = if i == 0 { "funds.total".to_string() } else { format!("funds.parts[{}]", i - 1) };
        let mut row =
            FundRow { label: label.trim_end_matches([':', '\u{ff1a}']).trim().to_string(), ..Default::default() };
        for (col, v) in cols.iter().zip(values) {
            let Some(t) = v else { continue };
            let amount = Amount { value: t.value, unit: MoneyUnit::WanYuan };
            let field = match col {
                Col::Initial => {
                    row.budget_initial = Some(amount);
                    "budget_initial"
                }
                Col::FullYear => {
                    row.budget_full_year = Some(amount);
                    "budget_full_year"
                }
                Col::Actual => {
                    row.actual = Some(amount);
                    "actual"
                }
                Col::Rate => {
                    row.execution_rate_stated = Some(Percent(t.value));
                    "execution_rate_stated"
                }
                Col::Max => {
                    row.max_points = Some(Num(t.value));
                    "max_points"
                }
                Col::Score => {
                    row.self_score = Some(Num(t.value));
                    "self_score"
                }
            };
            map.insert_span(format!("{path}.{field}"), jixiao_core::Span::new(t.start, t.end));
            placed += 1;
        }
        fund_rows.push(row);
    }
    let mut fund_rows = fund_rows.into_iter();
    let total = fund_rows.next().unwrap_or_default();
    let record = ProjectRecord {
        kind: RecordKind::ProjectEvaluation,
        indicator_system: None,
        header: ProjectHeader { project: String::new(), department: String::new(), year: 0, ..Default::default() },
        funds: ProjectFunds { total, parts: fund_rows.collect() },
        goals: None,
        indicators: vec![],
        scoring: ProjectScoring::default(),
        problems: vec![],
        recommendations: vec![],
    };
    Some(Extracted { record, map, placed, generic: jixiao_core::generic::GenericFigures::default() })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn funds(text: &str) -> ProjectFunds {
        extract(text).expect("funds block").record.funds
    }

    #[test]
    fn inline_rows_separated_by_single_blanks() {
        let f = funds(
            "项目资金 (万元) 年初预算数 全年预算数 全年执行数 分值 执行率 得分 年度资金总额: 0 0 0 10 0 0 其中:本年财政拨款 90 89.974 89.974 上年结转资金 其他资金 年度总体目标",
        );
        assert_eq!(f.total.budget_initial.unwrap().value.to_string(), "0");
        assert_eq!(f.total.max_points.unwrap().0.to_string(), "10");
        assert_eq!(f.parts[0].budget_full_year.unwrap().value.to_string(), "89.974");
        assert!(f.parts[1].actual.is_none());
    }

    #[test]
    fn pipe_rows_with_dashes() {
        let f = funds(
            "年初预算数 | 全年预算数 | 全年执行数 | 分值 | 执行率 | 得分 |\n年度资金总额 | 329.77 | 329.77 | 338.31 | 10 | 102.59% | |\n其中:当年财政拨款 | 329.77 | 329.77 | 338.31 | — | 102.59% | — |\n上年结转资金 | — | — |\n",
        );
        assert_eq!(f.total.execution_rate_stated.unwrap().0.to_string(), "102.59");
        assert!(f.parts[0].max_points.is_none());
        assert_eq!(f.parts[0].execution_rate_stated.unwrap().0.to_string(), "102.59");
    }

    #[test]
    fn the_block_label_between_the_rows_is_passed_over() {
        let f = funds(
            "年初预算数\t全年预算数\t全年执行数\t分值\t执行率\t得分\n年度资金总额\t100.00\t120.00\t96.00\t10\t80.00%\t8\n项目资金\n其中：当年财政拨款\t100.00\t100.00\t90.00\t—\t90.00%\t—\n（万元）\n其他资金\t0.00\t20.00\t6.00\t—\t30.00%\t—\n年度总体目标\n",
        );
        assert_eq!(f.parts.len(), 2);
        assert_eq!(f.parts[1].actual.unwrap().value.to_string(), "6.00");
        assert!(is_block_label("项目资金（万元）") && is_block_label("(万元)") && !is_block_label("绩效指标"));
    }

    #[test]
    fn one_cell_per_line() {
        let f = funds(
            "年初预算 |\n调整后预算数 |\n预算执行数 |\n预算执行率 |\n权重 |\n得分 |\n总额 |\n238.93 |\n251.89 |\n251.89 |\n100.00% |\n10 |\n|\n1.预算执行率=…\n",
        );
        assert_eq!(f.total.budget_full_year.unwrap().value.to_string(), "251.89");
        assert_eq!(f.total.execution_rate_stated.unwrap().0.to_string(), "100.00");
    }
}
