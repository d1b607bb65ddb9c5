//! A table row's figure stated again elsewhere under the row's own name
//! (`项目支出:1025.20` in another table or a sentence, beside the row `项目支出 | 874.20 | 308.17 |
//! 1025.20` of a table with 预算数 and 决算数 columns).
//!
//! Such a row holds every figure the report has for that name (last year's and this year's
//! budget and actual), so the figure stated elsewhere must be one of them. Read only for
//! rows of generic tables that have both a budget and an actual column, whose name is
//! specific (four Chinese characters or more, not a 合计 or 其中 row) and is the name of one
//! row only; the figure must be a plain amount (no percentage, comparator or unit other than
//! 万元). One statement per name: the first that fits none of the row's figures.
//!
//! Its source-map paths are `facts.restated[…].stated`; the row's figures are the tables'
//! own paths.

use std::collections::HashMap;

use jixiao_core::Span;
use jixiao_core::generic::{ColumnRole, RestatedRow, Stated};
use jixiao_core::num::MoneyUnit;
use jixiao_core::source::Place;

use super::DeptBuilder;

/// A name as rows and statements write it: no blanks, list markers or closing colon.
fn norm(label: &str) -> String {
    norm_cow(label).into_owned()
}

/// [`norm`], borrowed from `label` when it has no blanks (most labels).
fn norm_cow(label: &str) -> std::borrow::Cow<'_, str> {
    fn trimmed(t: &str) -> &str {
        let t = super::strip_marker(t);
        let t = t.trim_start_matches(|c: char| "()()一二三四五六七八九十、.".contains(c));
        t.trim_end_matches([':', '\u{ff1a}'])
    }
    if label.chars().any(char::is_whitespace) {
        let t: String = label.chars().filter(|c| !c.is_whitespace()).collect();
        std::borrow::Cow::Owned(trimmed(&t).to_string())
    } else {
        std::borrow::Cow::Borrowed(trimmed(label))
    }
}

fn specific(name: &str) -> bool {
    const GENERIC: &[&str] = &["合计", "总计", "小计", "其中", "合 计"];
    name.chars().filter(|c| crate::text::is_cjk(*c)).count() >= 4 && !GENERIC.iter().any(|g| name.contains(g))
}

pub(super) fn restated_rows(b: &mut DeptBuilder<'_, '_>) {
    let r = b.r;
    // name → (table, row, the row's figures with their paths and spans); None when two rows
    // with different figures carry the name.
    type RowFigures = (usize, usize, Vec<(String, Stated, Span)>);
    let mut rows: HashMap<String, Option<RowFigures>> = HashMap::new();
    for (fi, t) in b.generic.tables.iter().enumerate() {
        let role = |k: ColumnRole| t.columns.iter().any(|(_, r)| *r == k);
        if !(role(ColumnRole::Budget) && role(ColumnRole::Actual)) {
            continue;
        }
        for (ri, row) in t.rows.iter().enumerate() {
            let name = norm(&row.label);
            if row.total || row.part || !specific(&name) {
                continue;
            }
            let figures: Vec<(String, Stated, Span)> = row
                .cells
                .iter()
                .enumerate()
                .filter_map(|(k, c)| {
                    let c = c.filter(|c| !c.percent)?;
                    let path = format!("facts.tables[{fi}].rows[{ri}].cells[{k}]");
                    let Some(Place::Text(span)) = b.map.get(&path) else { return None };
                    Some((path, c, *span))
                })
                .collect();
            if figures.len() < 2 {
                continue;
            }
            let values = |f: &[(String, Stated, Span)]| f.iter().map(|x| x.1).collect::<Vec<_>>();
            match rows.get(&name) {
                // A subtotal group repeats its rows as a table of its own: the same figures.
                Some(Some(seen)) if values(&seen.2) == values(&figures) => {}
                Some(_) => {
                    rows.insert(name, None);
                }
                None => {
                    rows.insert(name, Some((fi, ri, figures)));
                }
            }
        }
    }
    if rows.values().all(Option::is_none) {
        return;
    }
    let mut done: Vec<String> = Vec::new();
    let all = r.tokens_in(&(0..r.doc.flow.len()));
    for t in all {
        if t.percent || t.cmp.is_some() || t.unit.is_some_and(|u| MoneyUnit::from_name(u) != Some(MoneyUnit::WanYuan)) {
            continue;
        }
        let name = norm_cow(r.label_str(t, 0));
        let Some(Some((_, _, figures))) = rows.get(name.as_ref()) else { continue };
        let span = r.span(t);
        if figures.iter().any(|f| f.2 == span) || done.iter().any(|d| *d == name) {
            continue;
        }
        let stated = Stated { value: t.value, percent: false };
        if figures.iter().any(|f| f.1.figure().overlaps(&stated.figure())) {
            continue;
        }
        let i = b.generic.restated.len();
        b.put(&format!("facts.restated[{i}].stated"), t);
        b.generic.restated.push(RestatedRow {
            label: name.to_string(),
            stated,
            row: figures.iter().map(|f| (f.0.clone(), f.1)).collect(),
        });
        done.push(name.into_owned());
    }
}

#[cfg(test)]
mod tests {
    use crate::reader::Reader;
    use crate::text::Doc;

    fn restated(text: &str) -> Vec<(String, String)> {
        let doc = Doc::new(text.to_string());
        let reader = Reader::new(&doc);
        let tables = crate::tables::tables(&reader);
        super::super::extract(&reader, &tables)
            .generic
            .restated
            .iter()
            .map(|r| (r.label.clone(), r.stated.value.to_string()))
            .collect()
    }

    const TABLE: &str = "单位:万元\n项目\t2023年决算数\t2024年预算数\t2024年决算数\n\
                         基本支出\t820.50\t860.00\t845.30\n项目支出合计\t300.00\t280.00\t310.20\n\
                         专项业务经费\t120.00\t100.00\t98.60\n\n";

    #[test]
    fn a_row_figure_stated_elsewhere_must_be_one_of_the_row() {
        let ok = format!("{TABLE}二、支出情况\n2024年基本支出845.30万元。\n");
        assert!(restated(&ok).is_empty());
        let last_year = format!("{TABLE}二、支出情况\n上年基本支出820.5万元。\n");
        assert!(restated(&last_year).is_empty());
        let bad = format!("{TABLE}二、支出情况\n2024年基本支出854.30万元,专项业务经费98.60万元。\n");
        assert_eq!(restated(&bad), vec![("基本支出".to_string(), "854.30".to_string())]);
    }

    #[test]
    fn a_name_of_two_rows_or_a_percentage_is_not_read() {
        let two = format!("{TABLE}表二\n项目\t预算数\t决算数\n基本支出\t10.00\t9.00\n\n基本支出 500.00 万元。\n");
        assert!(restated(&two).is_empty());
        let rate = format!("{TABLE}基本支出 98.29%。\n");
        assert!(restated(&rate).is_empty());
    }
}
