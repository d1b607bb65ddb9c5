//! Sentences stating by how much one functional class's spending fell below (or went above)
//! its budget — `卫生健康支出决算数比预算数减少 23.65 万元`, `四是卫生健康支出,减少 23.65 万元` —
//! read with that class's 预算数 and 决算数 as the report's own table states them (the
//! record's 预决算差异表, or a generic table with 预算 and 决算 columns), for rule G008.
//!
//! Read only where the words leave no doubt what the amount is: the change word (减少, 节约,
//! 结余, 增加, 超支, …) stands right before the amount, and what comes before the change word
//! is the class's name followed only by words such as 决算数, 比, 预算数, 相比 and stops. A
//! cause inside the class (`主要是医疗费减少 5 万元`) names no class there and is not read; a
//! sentence comparing with another year (上年, 同比, 去年) is not read at all.

use jixiao_core::classes;
use jixiao_core::figure::Figure;
use jixiao_core::generic::{ColumnRole, VarianceClaim};
use jixiao_core::num::MoneyUnit;

use super::{DeptBuilder, amount, has};

/// Change words saying the spending was below the budget.
const BELOW: &[&str] = &["少支出", "减少", "节约", "结余", "节余", "少支"];
/// Change words saying it was above.
const ABOVE: &[&str] = &["多支出", "增加", "超支", "多支"];
/// A sentence with one of these compares with another year, not with the budget.
const OTHER_YEAR: &[&str] = &["上年", "同比", "去年", "上一年", "较20", "比20", "环比"];
/// Words that may stand between the class's name and the change word.
const FILLERS: &[&str] = &[
    "决算数",
    "决算",
    "执行数",
    "实际支出",
    "年初预算数",
    "年初预算",
    "调整后预算数",
    "调整后预算",
    "全年预算数",
    "全年预算",
    "预算数",
    "预算",
    "相比",
    "比",
    "较",
    "与",
    "了",
    ",",
    "\u{ff0c}",
    ":",
    "\u{ff1a}",
    "数",
];
/// Words that may stand between the change word and the amount.
const LEADERS: &[&str] = &["了", "额", "为", "约", "共计", "计", "达", ":", "\u{ff1a}"];

/// A class's figures in a table of the report.
struct ClassFigures {
    names: Vec<&'static str>,
    budget: Figure,
    actual: Figure,
    budget_path: String,
    actual_path: String,
}

/// Every class with a 预算数 and a 决算数 in the report's tables (the record's table first;
/// a class already found is not taken again).
fn class_rows(b: &DeptBuilder<'_, '_>) -> Vec<ClassFigures> {
    let wan = MoneyUnit::WanYuan;
    let mut out: Vec<(&'static str, ClassFigures)> = Vec::new();
    let names = |c: &'static classes::FunctionClass| std::iter::once(c.name).chain(c.aliases.iter().copied()).collect();
    if let Some(t) = &b.rec.budget_table {
        for (i, row) in t.rows.iter().enumerate() {
            let Some(c) = classes::by_code(&row.code) else { continue };
            out.push((
                c.code,
                ClassFigures {
                    names: names(c),
                    budget: row.budget.figure_in(wan),
                    actual: row.actual.figure_in(wan),
                    budget_path: format!("budget_table.rows[{i}].budget"),
                    actual_path: format!("budget_table.rows[{i}].actual"),
                },
            ));
        }
    }
    for (ti, t) in b.generic.tables.iter().enumerate() {
        let column = |role: ColumnRole| t.columns.iter().position(|(_, r)| *r == role);
        let (Some(bc), Some(ac)) = (column(ColumnRole::Budget), column(ColumnRole::Actual)) else { continue };
        for (ri, row) in t.rows.iter().enumerate() {
            let Some(c) = classes::by_name(&row.label).filter(|_| !row.total && !row.part) else { continue };
            let (Some(Some(bv)), Some(Some(av))) = (row.cells.get(bc), row.cells.get(ac)) else { continue };
            if bv.percent || av.percent || out.iter().any(|(code, _)| *code == c.code) {
                continue;
            }
            let cell = |ci: usize| format!("facts.tables[{ti}].rows[{ri}].cells[{ci}]");
            out.push((
                c.code,
                ClassFigures {
                    names: names(c),
                    budget: bv.figure(),
                    actual: av.figure(),
                    budget_path: cell(bc),
                    actual_path: cell(ac),
                },
            ));
        }
    }
    out.into_iter().map(|(_, f)| f).collect()
}

/// `s` without the last of `words` it ends with, if it ends with one.
fn strip_any<'s>(s: &'s str, words: &[&str]) -> Option<(&'s str, usize)> {
    words.iter().enumerate().find_map(|(i, w)| s.strip_suffix(w).map(|rest| (rest, i)))
}

/// Reads what is before an amount: whether it ends with a change word (below the budget or
/// above) that has only a class's name and filler words before it; which class.
fn claim_before(before: &str, rows: &[ClassFigures]) -> Option<(usize, bool)> {
    let mut rest = before;
    while let Some((r, _)) = strip_any(rest, LEADERS) {
        rest = r;
    }
    let below = if let Some((r, _)) = strip_any(rest, BELOW) {
        rest = r;
        true
    } else {
        rest = strip_any(rest, ABOVE)?.0;
        false
    };
    loop {
        if let Some((row, name)) =
            rows.iter().enumerate().find_map(|(i, f)| f.names.iter().find(|n| rest.ends_with(*n)).map(|n| (i, *n)))
        {
            // `一般公共服务支出、卫生健康支出减少 …`: the amount is not one class's.
            let before = &rest[..rest.len() - name.len()];
            return (!["、", "和", "及", "与"].iter().any(|w| before.ends_with(w))).then_some((row, below));
        }
        rest = strip_any(rest, FILLERS)?.0;
    }
}

/// Reads every such sentence outside the target section into the generic figures.
pub(super) fn variance_claims(b: &mut DeptBuilder<'_, '_>) {
    let rows = class_rows(b);
    if rows.is_empty() {
        return;
    }
    let r = b.r;
    for s in r.sentences() {
        if b.target_range.as_ref().is_some_and(|t| t.contains(&s.start)) {
            continue;
        }
        let said = r.said(s);
        if !(has(&said, BELOW) || has(&said, ABOVE)) || has(&said, OTHER_YEAR) {
            continue;
        }
        let mut from = s.start;
        for t in r.tokens_in(s) {
            let floor = from;
            from = t.unit_end.max(from);
            if t.money().is_none() || t.percent || t.cmp.is_some() {
                continue;
            }
            // What stands between the figure before (or the sentence's start) and this one
            // (nothing when a figure's unit runs into the next figure).
            let between = r.text(&(floor.min(t.start)..t.start));
            let before: String = between.chars().filter(|c| !c.is_whitespace()).collect();
            let Some((row, below)) = claim_before(&before, &rows) else { continue };
            let f = &rows[row];
            let i = b.generic.variance_claims.len();
            b.put(&format!("facts.variance_claims[{i}].change"), t);
            b.generic.variance_claims.push(VarianceClaim {
                class: f.names[0].to_string(),
                change: amount(t).figure_in(MoneyUnit::WanYuan),
                change_as_written: Figure::stated(t.value),
                below,
                budget: f.budget,
                actual: f.actual,
                budget_path: f.budget_path.clone(),
                actual_path: f.actual_path.clone(),
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows() -> Vec<ClassFigures> {
        let f = Figure::stated(jixiao_core::Decimal::ONE);
        let row = |names: Vec<&'static str>| ClassFigures {
            names,
            budget: f,
            actual: f,
            budget_path: String::new(),
            actual_path: String::new(),
        };
        vec![row(vec!["卫生健康支出"]), row(vec!["一般公共服务支出"])]
    }

    #[test]
    fn the_class_must_be_what_changed() {
        let rows = rows();
        assert_eq!(claim_before("卫生健康支出决算数比预算数减少", &rows), Some((0, true)));
        assert_eq!(claim_before("四是卫生健康支出\u{ff0c}减少了", &rows), Some((0, true)));
        assert_eq!(claim_before("一般公共服务支出超支", &rows), Some((1, false)));
        assert_eq!(claim_before("卫生健康支出较年初预算增加额为", &rows), Some((0, false)));
        // A cause inside the class, another subject, no change word: not read.
        assert_eq!(claim_before("卫生健康支出减少\u{ff0c}主要是医疗费减少", &rows), None);
        assert_eq!(claim_before("人员经费减少", &rows), None);
        assert_eq!(claim_before("一般公共服务支出、卫生健康支出减少", &rows), None);
        assert_eq!(claim_before("卫生健康支出", &rows), None);
        // A filler that ends like a class's name does not eat it.
        assert_eq!(claim_before("卫生健康支出数减少", &rows), Some((0, true)));
    }
}
