//! The generic figures of a report ([`jixiao_core::generic`]): what fits no slot of the
//! record — every table other than the budget table, sentences stating an amount with its
//! change and rate of change, and labels stated with different values in different sections.
//! Read after every slot of the record, so that only what no slot took is left.
//!
//! Their source-map paths are `facts.tables[…]`, `facts.changes[…]` and `facts.repeats[…]`,
//! as the generic rules (`G…`) name them.

use crate::numbers::Token;
use crate::tables::{Role, Table};
use crate::text::Includes;
use jixiao_core::generic::{ChangeSentence, ColumnRole, FigureRow, FigureTable, RepeatedLabel, Stated};

use super::{DeptBuilder, has};

fn stated(t: &Token) -> Stated {
    Stated { value: t.value, percent: t.percent }
}

pub(super) fn generic_tables(b: &mut DeptBuilder<'_, '_>, tables: &[Table]) {
    for (ti, table) in tables.iter().enumerate() {
        if Some(ti) == b.table_used {
            continue;
        }
        let Some((h, roles)) = table.header() else { continue };
        let width = roles.len();
        let columns: Vec<(String, ColumnRole)> = table.rows[h]
            .cells
            .iter()
            .zip(&roles)
            .map(|(c, r)| {
                let role = match r {
                    Role::Budget => ColumnRole::Budget,
                    Role::Actual => ColumnRole::Actual,
                    Role::Variance => ColumnRole::Variance,
                    Role::Rate => ColumnRole::Rate,
                    Role::Code | Role::Name => ColumnRole::Label,
                    Role::Other => ColumnRole::Other,
                };
                (c.text.replace(' ', ""), role)
            })
            .collect();
        let fi = b.generic.tables.len();
        let mut ft = FigureTable { columns, rows: Vec::new() };
        let mut spans = Vec::new();
        for row in &table.rows[h + 1..] {
            let label = row
                .cells
                .iter()
                .find(|c| c.token.is_none() && !c.is_empty())
                .map(|c| c.text.clone())
                .unwrap_or_default();
            let compact: String = label.chars().filter(|c| !c.is_whitespace()).collect();
            let ri = ft.rows.len();
            let mut cells = Vec::with_capacity(width);
            for ci in 0..width {
                let t = row.cell(ci, width).and_then(|c| c.token.clone()).filter(|_| ft_col_is_figure(&roles, ci));
                if let Some(t) = &t {
                    spans.push((format!("facts.tables[{fi}].rows[{ri}].cells[{ci}]"), t.start..t.end));
                }
                cells.push(t.as_ref().map(stated));
            }
            ft.rows.push(FigureRow {
                total: compact.includes("合计") || compact.includes("总计"),
                part: compact.starts_with("其中"),
                label,
                cells,
            });
        }
        if ft.rows.iter().any(|r| r.cells.iter().any(Option::is_some)) {
            for (p, r) in spans {
                b.put_range(&p, r);
            }
            b.generic.tables.push(ft);
        }
    }
}

fn ft_col_is_figure(roles: &[Role], ci: usize) -> bool {
    !matches!(roles.get(ci), Some(Role::Code))
}

const CHANGE_WORDS: &[&str] = &["增加", "减少", "增长", "下降", "增幅", "减幅", "降幅"];

/// `A …, 增加/减少 C …, 增长/下降 D%` in one sentence not read into the record.
pub(super) fn changes(b: &mut DeptBuilder<'_, '_>) {
    let r = b.r;
    for s in r.sentences() {
        let s = s.clone();
        if b.is_used(s.start) || !has(&b.r.said(&s), CHANGE_WORDS) {
            continue;
        }
        let toks = b.r.tokens_in(&s);
        let labelled: Vec<(&str, &Token)> = toks.iter().map(|t| (b.r.label_str(t, s.start), t)).collect();
        let Some(ci) = labelled.iter().position(|(l, t)| t.money().is_some() && has(l, CHANGE_WORDS)) else { continue };
        let amounts: Vec<&(&str, &Token)> =
            labelled[..ci].iter().filter(|(l, t)| t.money().is_some() && !has(l, CHANGE_WORDS)).collect();
        let [(label, amount)] = amounts.as_slice() else { continue };
        let Some((rl, rate)) = labelled[ci + 1..].iter().find(|(_, t)| t.percent) else { continue };
        if !has(rl, CHANGE_WORDS) {
            continue;
        }
        let (cl, change) = &labelled[ci];
        let down = |l: &str| has(l, &["减少", "下降", "减幅", "降幅"]);
        let signed = |t: &Token, neg: bool| Stated { value: if neg { -t.value } else { t.value }, percent: t.percent };
        let i = b.generic.changes.len();
        b.put(&format!("facts.changes[{i}].amount"), amount);
        b.put(&format!("facts.changes[{i}].change"), change);
        b.put(&format!("facts.changes[{i}].rate"), rate);
        b.generic.changes.push(ChangeSentence {
            label: (*label).to_string(),
            amount: stated(amount),
            change: signed(change, down(cl)),
            rate: Some(signed(rate, down(rl) || down(cl))),
        });
    }
}

/// Labels with one value in each outline section, differing between sections.
pub(super) fn repeats(b: &mut DeptBuilder<'_, '_>) {
    use std::collections::HashMap;
    const GENERIC: &[&str] = &["完成率", "预算数", "决算数", "执行数", "合计", "总计", "其中", "支出率", "执行率"];
    // label → section → (distinct values, first token)
    /// The figures stated with one label, grouped by the part of the report they are in.
    type BySection = Vec<(usize, Vec<Token>)>;
    let mut seen: HashMap<(&str, &'static str), BySection> = HashMap::new();
    let mut order: Vec<(&str, &'static str)> = Vec::new();
    let r = b.r;
    for s in r.sentences() {
        let s = s.clone();
        if b.target_range.as_ref().is_some_and(|r| r.contains(&s.start)) {
            continue;
        }
        let section = r.part_start(s.start);
        for t in r.tokens_in(&s) {
            if !(t.unit.is_some() || t.percent) || t.cmp.is_some() {
                continue;
            }
            let label = r.label_str(t, s.start);
            if label.chars().filter(|c| crate::text::is_cjk(*c)).count() < 4
                || GENERIC.iter().any(|g| label.ends_with(g))
            {
                continue;
            }
            let key = (label, if t.percent { "%" } else { t.unit.unwrap_or("") });
            if !seen.contains_key(&key) {
                order.push(key);
            }
            let per = seen.entry(key).or_default();
            match per.iter_mut().find(|(sec, _)| *sec == section) {
                Some((_, vals)) => vals.push(t.clone()),
                None => per.push((section, vec![t.clone()])),
            }
        }
    }
    for key in order {
        let sections = &seen[&key];
        if sections.len() < 2 {
            continue;
        }
        // A label with two values inside one section names more than one thing.
        let single =
            sections.iter().all(|(_, v)| v.iter().all(|t| stated(t).figure().overlaps(&stated(&v[0]).figure())));
        if !single {
            continue;
        }
        let firsts: Vec<&Token> = sections.iter().map(|(_, v)| &v[0]).collect();
        let Some(other) = firsts.iter().skip(1).find(|t| !stated(t).figure().overlaps(&stated(firsts[0]).figure()))
        else {
            continue;
        };
        let i = b.generic.repeats.len();
        b.put(&format!("facts.repeats[{i}].values[0]"), firsts[0]);
        b.put(&format!("facts.repeats[{i}].values[1]"), other);
        b.generic
            .repeats
            .push(RepeatedLabel { label: key.0.to_string(), values: vec![stated(firsts[0]), stated(other)] });
    }
}
