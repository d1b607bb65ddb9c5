//! The generic figures of a report ([`jixiao_core::generic`]): what fits no slot of the
//! record — every table other than the budget table, sentences stating an amount with its
//! change and rate of change, and labels stated with different values in different sections.
//! Read after every slot of the record, so that only what no slot took is left.
//!
//! Also the names of other townships' governments left in the text beside the report's own
//! figures (text carried over from another unit's report).
//!
//! A table's subtotal groups (`三公经费:` over rows `1、…`, `2、…`, with `其中` rows under them)
//! are added as tables of their own, the group's head row as their 合计, so that the generic
//! rules check each group's sum like a table's.
//!
//! Their source-map paths are `facts.tables[…]`, `facts.changes[…]`, `facts.repeats[…]` and
//! `facts.foreign_names[…]`, as the generic rules (`G…`) name them.

use crate::numbers::Token;
use crate::tables::{Role, Table};
use crate::text::Includes;
use jixiao_core::generic::{ChangeSentence, ColumnRole, FigureRow, FigureTable, ForeignName, RepeatedLabel, Stated};

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
                    Role::Weight => ColumnRole::Weight,
                    Role::Score => ColumnRole::Score,
                    Role::Code | Role::Name => ColumnRole::Label,
                    Role::Other => ColumnRole::Other,
                };
                (c.text.replace(' ', ""), role)
            })
            .collect();
        let fi = b.generic.tables.len();
        let mut ft = FigureTable { columns, rows: Vec::new() };
        let mut spans: Vec<(String, std::ops::Range<usize>)> = Vec::new();
        // The figures' ranges of each row, by column.
        let mut row_spans: Vec<Vec<(usize, std::ops::Range<usize>)>> = Vec::new();
        for row in &table.rows[h + 1..] {
            let label = row
                .cells
                .iter()
                .find(|c| c.token.is_none() && !c.is_empty() && !c.text.chars().all(|d| d.is_ascii_digit()))
                .map(|c| c.text.clone())
                .unwrap_or_default();
            let compact: String = label.chars().filter(|c| !c.is_whitespace()).collect();
            let ri = ft.rows.len();
            let mut cells = Vec::with_capacity(width);
            let mut here = Vec::new();
            for ci in 0..width {
                let t = row.cell(ci, width).and_then(|c| c.token.clone()).filter(|_| ft_col_is_figure(&roles, ci));
                if let Some(t) = &t {
                    spans.push((format!("facts.tables[{fi}].rows[{ri}].cells[{ci}]"), t.start..t.end));
                    here.push((ci, t.start..t.end));
                }
                cells.push(t.as_ref().map(stated));
            }
            row_spans.push(here);
            ft.rows.push(FigureRow {
                total: compact.includes("合计") || compact.includes("总计"),
                part: compact.starts_with("其中"),
                label,
                cells,
            });
        }
        if ft.rows.iter().any(|r| r.cells.iter().any(Option::is_some)) {
            let groups = subtotal_groups(&ft);
            for (p, r) in &spans {
                b.put_range(p, r.clone());
            }
            b.generic.tables.push(ft);
            // Each subtotal group as a table of its own, its head row last as the 合计.
            for (head, members) in groups {
                let gi = b.generic.tables.len();
                let mut g = FigureTable { columns: b.generic.tables[fi].columns.clone(), rows: Vec::new() };
                for (new_ri, &(ri, part)) in members.iter().chain(std::iter::once(&(head, false))).enumerate() {
                    let mut row = b.generic.tables[fi].rows[ri].clone();
                    row.total = ri == head;
                    row.part = part;
                    g.rows.push(row);
                    for (ci, r) in &row_spans[ri] {
                        b.put_range(&format!("facts.tables[{gi}].rows[{new_ri}].cells[{ci}]"), r.clone());
                    }
                }
                b.generic.tables.push(g);
            }
        }
    }
}

/// The number of a numbered row (`1、…`, `2.…`, `(3)…`).
fn row_number(label: &str) -> Option<u32> {
    if let Some(rest) = label.strip_prefix('(') {
        let digits = rest.chars().take_while(char::is_ascii_digit).count();
        return (digits > 0 && digits <= 2 && rest[digits..].starts_with(')'))
            .then(|| rest[..digits].parse().ok())
            .flatten();
    }
    let digits = label.chars().take_while(char::is_ascii_digit).count();
    if digits == 0 || digits > 2 {
        return None;
    }
    let rest = &label[digits..];
    (rest.starts_with('、') || rest.starts_with('.')).then(|| label[..digits].parse().ok()).flatten()
}

/// Subtotal groups of a table: a row whose label ends with a colon (`三公经费:`) followed by
/// rows numbered from 1 (`1、…`, `2、…`), each perhaps with `其中` rows under it. Each group: the
/// head row and its members (row, whether it is a `其中` part), two numbered rows at least.
fn subtotal_groups(t: &FigureTable) -> Vec<(usize, Vec<(usize, bool)>)> {
    let mut out = Vec::new();
    // Rows already in a group are not read again (one pass over the rows).
    let mut covered = 0;
    for (head, row) in t.rows.iter().enumerate() {
        let label: String = row.label.chars().filter(|c| !c.is_whitespace()).collect();
        if head < covered || !label.ends_with(':') || row.cells.iter().all(Option::is_none) || row.total {
            continue;
        }
        let mut members = Vec::new();
        let mut next = 1;
        let mut under = false;
        for (ri, r) in t.rows.iter().enumerate().skip(head + 1) {
            let l: String = r.label.chars().filter(|c| !c.is_whitespace()).collect();
            if row_number(&l) == Some(next) {
                members.push((ri, false));
                next += 1;
                under = false;
            } else if l.starts_with("其中") || (under && row_number(&l).is_none() && !l.ends_with(':') && !r.total) {
                if next == 1 {
                    break;
                }
                members.push((ri, true));
                under = true;
            } else {
                break;
            }
        }
        covered = head + 1 + members.len();
        if next > 2 {
            out.push((head, members));
        }
    }
    out
}

fn ft_col_is_figure(roles: &[Role], ci: usize) -> bool {
    !matches!(roles.get(ci), Some(Role::Code))
}

const CHANGE_WORDS: &[&str] = &["增加", "减少", "增长", "下降", "增幅", "减幅", "降幅"];

/// Words saying a figure is last year's.
const LAST_YEAR_WORDS: &[&str] = &["上年", "去年", "同期", "上一年"];

/// `A …, 增加/减少 C …, 增长/下降 D%` in one sentence not read into the record: A and C an
/// amount of money or a count in one unit (人, 个, 批次 …). Before the change there may be
/// last year's figure too (`A,较上年的 P 增加 C`): A is then the other one.
///
/// A sentence the record's 收支情况 took is read too unless the record has the figures its
/// changes are checked against (this year's and last year's budget or spending).
pub(super) fn changes(b: &mut DeptBuilder<'_, '_>) {
    let r = b.r;
    let f = &b.rec.finance;
    let record_checks = (f.budget_initial.is_some() && f.budget_last_year.is_some())
        || (f.actual.is_some() && f.actual_last_year.is_some());
    for s in r.sentences() {
        let s = s.clone();
        if (record_checks && b.is_used(s.start)) || !has(&b.r.said(&s), CHANGE_WORDS) {
            continue;
        }
        let toks = b.r.tokens_in(&s);
        let labelled: Vec<(&str, &Token)> = toks.iter().map(|t| (b.r.label_str(t, s.start), t)).collect();
        let quantity = |t: &Token| !t.percent && (t.money().is_some() || t.unit.is_some_and(|u| u != "年"));
        let Some(ci) = labelled.iter().position(|(l, t)| quantity(t) && has(l, CHANGE_WORDS)) else { continue };
        let unit = labelled[ci].1.unit;
        let same = |t: &Token| quantity(t) && t.unit == unit;
        let amounts: Vec<&(&str, &Token)> =
            labelled[..ci].iter().filter(|(l, t)| same(t) && !has(l, CHANGE_WORDS)).collect();
        let this_year: Vec<&(&str, &Token)> = match amounts.as_slice() {
            [one] => vec![*one],
            [x, y] => [x, y].into_iter().filter(|(l, _)| !has(l, LAST_YEAR_WORDS)).copied().collect(),
            _ => continue,
        };
        let [(label, amount)] = this_year.as_slice() else { continue };
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
            // Sentences come in order, so a label's part is its last one or a new one (looking
            // through all its parts would cost the square of the parts for a label in each).
            let per = seen.entry(key).or_default();
            match per.last_mut() {
                Some((sec, vals)) if *sec == section => vals.push(t.clone()),
                _ => per.push((section, vec![t.clone()])),
            }
        }
    }
    // Where the parts of the breakdowns read so far are.
    let parts: std::collections::HashSet<jixiao_core::Span> = b
        .rec
        .breakdowns
        .iter()
        .enumerate()
        .flat_map(|(i, bd)| (0..bd.parts.len()).map(move |j| format!("breakdowns[{i}].parts[{j}].value")))
        .filter_map(|path| match b.map.get(&path) {
            Some(jixiao_core::source::Place::Text(span)) => Some(*span),
            _ => None,
        })
        .collect();
    for key in order {
        let sections = &seen[&key];
        if sections.len() < 2 {
            continue;
        }
        // A label with two values inside one section names more than one thing.
        let single = sections.iter().all(|(_, v)| {
            let first = stated(&v[0]).figure();
            v.iter().all(|t| stated(t).figure().overlaps(&first))
        });
        if !single {
            continue;
        }
        let firsts: Vec<&Token> = sections.iter().map(|(_, v)| &v[0]).collect();
        let Some(other) = firsts.iter().skip(1).find(|t| !stated(t).figure().overlaps(&stated(firsts[0]).figure()))
        else {
            continue;
        };
        let restates_part = parts.contains(&r.span(firsts[0])) || parts.contains(&r.span(other));
        let i = b.generic.repeats.len();
        b.put(&format!("facts.repeats[{i}].values[0]"), firsts[0]);
        b.put(&format!("facts.repeats[{i}].values[1]"), other);
        b.generic.repeats.push(RepeatedLabel {
            label: key.0.to_string(),
            values: vec![stated(firsts[0]), stated(other)],
            restates_part,
        });
    }
}

/// Words that end the name of a township's or a subdistrict's government, and the kind each
/// names (`镇人民政府` and `镇政府` are one kind).
const UNIT_SUFFIXES: &[(&str, &str)] =
    &[("镇人民政府", "镇"), ("乡人民政府", "乡"), ("街道办事处", "街道"), ("镇政府", "镇"), ("乡政府", "乡")];

/// Words before a suffix that are no name (`全镇`, `本乡`, `各街道`).
const NOT_A_NAME: &[char] = &['全', '本', '各', '该', '我', '其', '两', '县', '区', '市', '州', '省'];

/// The name before a suffix at `at`: up to four Chinese characters, after the county, district
/// or city that may precede it (`金寨县麻埠` → `麻埠`).
fn name_before(flow: &str, at: usize) -> Option<(usize, String)> {
    let before: Vec<(usize, char)> = flow[..at].char_indices().rev().take(4).collect();
    let mut start = at;
    let mut name = Vec::new();
    for (i, c) in before {
        if !crate::text::is_cjk(c) || "县区市州省".contains(c) || "。,;:、(".contains(c) {
            break;
        }
        name.push(c);
        start = i;
    }
    name.reverse();
    let name: String = name.into_iter().collect();
    (name.chars().count() >= 2 && !name.starts_with(NOT_A_NAME)).then_some((start, name))
}

/// Another township's name in a sentence that states a figure the report also states in a
/// sentence with its own name.
pub(super) fn foreign_names(b: &mut DeptBuilder<'_, '_>) {
    use std::collections::HashMap;
    let r = b.r;
    let flow = r.doc.flow.as_str();
    // Every named unit: (kind, name) → places (start, end of the whole name).
    let mut places: HashMap<(&str, String), Vec<std::ops::Range<usize>>> = HashMap::new();
    let mut order = Vec::new();
    for (suffix, kind) in UNIT_SUFFIXES {
        for (at, _) in flow.match_indices(suffix) {
            // `镇政府` inside `镇人民政府` is not a second match; `…镇政府` is.
            let Some((start, name)) = name_before(flow, at) else { continue };
            let key = (*kind, name);
            if !places.contains_key(&key) {
                order.push(key.clone());
            }
            places.entry(key).or_default().push(start..at + suffix.len());
        }
    }
    // The report's own unit: the name written most often (the first written on a tie).
    let first_at = |k: &(&str, String)| places[k].iter().map(|p| p.start).min().unwrap_or(usize::MAX);
    let Some(own) = order
        .iter()
        .max_by(|a, c| places[*a].len().cmp(&places[*c].len()).then(first_at(c).cmp(&first_at(a))))
        .cloned()
    else {
        return;
    };
    let sentence_of = |pos: usize| {
        let s = r.sentences();
        let i = s.partition_point(|x| x.start <= pos);
        if i == 0 { None } else { s.get(i - 1).cloned() }
    };
    // The money figures of the sentences naming the report's own unit.
    let mut own_figures: HashMap<(jixiao_core::Decimal, Option<&str>), usize> = HashMap::new();
    for p in &places[&own] {
        let Some(s) = sentence_of(p.start) else { continue };
        for t in r.tokens_in(&s).iter().filter(|t| t.money().is_some()) {
            own_figures.entry((t.value, t.unit)).or_insert(t.start);
        }
    }
    for key in &order {
        if *key == own || key.0 != own.0 {
            continue;
        }
        let hit = places[key].iter().find_map(|p| {
            let s = sentence_of(p.start)?;
            r.tokens_in(&s)
                .iter()
                .find(|t| own_figures.contains_key(&(t.value, t.unit)))
                .map(|t| (p.clone(), t.clone()))
        });
        let Some((place, token)) = hit else { continue };
        let own_place = places[&own][0].clone();
        let i = b.generic.foreign_names.len();
        b.put_range(&format!("facts.foreign_names[{i}].other"), place.clone());
        b.put_range(&format!("facts.foreign_names[{i}].own"), own_place.clone());
        b.generic.foreign_names.push(ForeignName {
            own: flow[own_place].to_string(),
            other: flow[place].to_string(),
            figure: flow[token.start..token.unit_end].to_string(),
        });
    }
}

#[cfg(test)]
mod tests {
    use crate::reader::Reader;
    use crate::text::Doc;

    fn foreign(text: &str) -> Vec<(String, String, String)> {
        let doc = Doc::new(text.to_string());
        let reader = Reader::new(&doc);
        let tables = crate::tables::tables(&reader);
        super::super::extract(&reader, &tables)
            .generic
            .foreign_names
            .into_iter()
            .map(|n| (n.own, n.other, n.figure))
            .collect()
    }

    fn tables(text: &str) -> Vec<jixiao_core::generic::FigureTable> {
        let doc = Doc::new(text.to_string());
        let reader = Reader::new(&doc);
        let tables = crate::tables::tables(&reader);
        super::super::extract(&reader, &tables).generic.tables
    }

    /// A table written one cell per line: a group head over numbered rows, one with 其中 rows.
    const GROUPED: &str = "经费情况(万元)\n\n上年决算数\n\n本年预算数\n\n本年决算数\n\n会议培训费:\n\n9.00\n\n10.00\n\n8.50\n\n1、会议费\n\n4.00\n\n6.00\n\n5.00\n\n其中:视频会议\n\n1.00\n\n1.00\n\n1.20\n\n现场会议\n\n3.00\n\n5.00\n\n3.80\n\n2、培训费\n\n5.00\n\n4.00\n\n3.50\n\n印刷费\n\n2.00\n\n2.00\n\n1.90\n";

    #[test]
    fn a_subtotal_group_becomes_a_table_with_its_head_as_the_total() {
        let t = tables(GROUPED);
        assert_eq!(t.len(), 2, "{t:#?}");
        let group = &t[1];
        let rows: Vec<(&str, bool, bool)> = group.rows.iter().map(|r| (r.label.as_str(), r.part, r.total)).collect();
        assert_eq!(
            rows,
            [
                ("1、会议费", false, false),
                ("其中:视频会议", true, false),
                ("现场会议", true, false),
                ("2、培训费", false, false),
                ("会议培训费:", false, true),
            ]
        );
        assert_eq!(group.rows[4].cells[3].map(|s| s.value.to_string()), Some("8.50".into()));
    }

    #[test]
    fn rows_without_a_colon_head_or_numbering_make_no_group() {
        let plain = GROUPED.replace("会议培训费:", "会议培训费");
        assert_eq!(tables(&plain).len(), 1);
        let unnumbered = GROUPED.replace("1、会议费", "会议费");
        assert_eq!(tables(&unnumbered).len(), 1);
    }

    #[test]
    fn rows_numbered_in_brackets_make_a_group() {
        let bracketed = GROUPED.replace("1、会议费", "(1)会议费").replace("2、培训费", "(2)培训费");
        assert_eq!(tables(&bracketed).len(), 2);
    }

    #[test]
    fn another_townships_name_beside_the_reports_own_figure_is_found() {
        let text = "一、东湖镇人民政府2023年度收到补助资金300万元。\n二、东湖镇政府完成项目5个。\n三、西山镇人民政府2023年度收到补助资金300万元。\n";
        assert_eq!(foreign(text), vec![("东湖镇人民政府".into(), "西山镇人民政府".into(), "300万元".into())]);
    }

    #[test]
    fn another_unit_named_with_other_figures_or_of_another_kind_is_not() {
        // Named, but with figures of its own: a neighbour, not a left-over.
        assert!(
            foreign("东湖镇人民政府收到资金300万元。东湖镇人民政府支出280万元。与西山镇人民政府共建项目投入50万元。")
                .is_empty()
        );
        // A subdistrict is not a township; 全镇 is no name.
        assert!(foreign("东湖镇人民政府收到资金300万元。东湖镇人民政府支出300万元。青年街道办事处支出300万元,全镇人民政府工作人员。").is_empty());
    }
}
