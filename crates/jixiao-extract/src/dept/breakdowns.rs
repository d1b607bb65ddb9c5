//! Totals stated with their parts in prose: `支出 799.12 万元。其中:人员经费 434.89 万元,…`,
//! `资金 124.23 万元,为 A 25 万元,B 0.71 万元…`, `3608 万元(中央 2855 万元、省级 753 万元)`,
//! `共 100 万元,分别为 60 万元、40 万元`. Each becomes a [`Breakdown`] of the record.
//!
//! A list is *complete* (its parts must add up to the total) only where the text says so: a
//! bracket right after the total that is not a `其中`/`含` bracket, or `分别为`, or two parts that
//! are by their names the two halves of the whole (基本支出 and 项目支出 of a 支出, 人员经费 and
//! 公用经费 of a 基本支出, 在编 and 编外 staff). Any other `其中` or `为`
//! list may name only some parts, so only parts exceeding the total are an error (the rules
//! decide; this module only reads). A list ends at the end of the sentence (`。`), at a figure
//! of another unit or a rate (not a part's share right after it, `占 69.06%`), at a figure whose label starts a new clause (`调减`, `实际`, `结余`,
//! …, unless the total's own label has that word), at a `;` followed by a new total with its own
//! list, and before `等`. Figures inside a bracket after a part (a part's own details) are not
//! parts. Scores (`分`) are never summed.
//!
//! Not the staffing or arbitration figures (read into their own slots first), nor tables.

use std::ops::Range;

use crate::numbers::{Token, same_unit};
use crate::text::Includes;
use jixiao_core::record::{Breakdown, Part};
use jixiao_core::value::Num;

use super::{DeptBuilder, has};

/// Units whose parts add up to their total.
const COUNT_UNITS: &[&str] =
    &["人", "名", "个", "宗", "件", "项", "次", "人次", "户", "家", "辆", "台", "套", "所", "处", "座", "场", "批"];

/// Words that start a new clause: a figure labelled with one of them (when the total's label
/// is not) is no part of the list.
const CLAUSE_WORDS: &[&str] = &[
    "调减",
    "调增",
    "追加",
    "实际",
    "执行",
    "结余",
    "结转",
    "剩余",
    "累计",
    "增加",
    "减少",
    "增长",
    "下降",
    "同比",
    "较上年",
    "比上年",
    "上年",
    "占",
    "完成",
    "支付",
    "到位",
    "下达",
    "拨付",
];

/// How a list is introduced.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Anchor {
    /// `其中` (some parts).
    Among,
    /// `,为` (some parts, often all).
    Being,
    /// `分别为` (all parts).
    Respectively,
    /// A bracket right after the total (all parts unless it says `其中`/`含`).
    Bracket { complete: bool },
}

/// The list introduced right after `total`: its kind and the flow range its parts are in.
fn anchor_after(flow: &str, total: &Token, next_start: usize, para_end: usize) -> Option<(Anchor, Range<usize>)> {
    let from = total.unit_end;
    let window_end = next_start.min(para_end).min(flow.len());
    let gap = flow.get(from..window_end)?;
    let rest = gap.trim_start();
    let at = from + (gap.len() - rest.len());
    // The end of the sentence the list is in: the first `。` after `start`.
    let sentence_end = |start: usize| flow[start..para_end].find('。').map_or(para_end, |i| start + i);
    if let Some(inner) = rest.strip_prefix('(').or_else(|| rest.strip_prefix('\u{ff08}')) {
        let open = at + (rest.len() - inner.len());
        let close = flow[open..para_end].find([')', '\u{ff09}']).map(|i| open + i)?;
        let head = flow[open..close].trim_start();
        let complete = !(head.starts_with("其中") || head.starts_with('含') || head.starts_with("包括"));
        return Some((Anchor::Bracket { complete }, open..close));
    }
    let punct = |c: char| matches!(c, ',' | '\u{ff0c}' | '。' | ':' | '\u{ff1a}' | ';' | '\u{ff1b}' | '、');
    let after_punct = rest.trim_start_matches(punct).trim_start();
    let lead = rest.len() - after_punct.len();
    if lead > 3 * 3 {
        return None;
    }
    let start = at + lead;
    // `分别为` / `具体为` later in the clause, after words but before any figure
    // (`资金 346.87 万元,统一计入收入,具体为 A 11.60 万元、B 335.27 万元`).
    if let Some(i) = ["分别为", "分别是", "具体为", "具体是"]
        .iter()
        .filter(|w| gap.includes(w))
        .filter_map(|w| gap.find(w).map(|i| i + w.len()))
        .min()
        && !gap[..i].contains(['。', '(', '\u{ff08}'])
    {
        let list = from + i;
        return Some((Anchor::Respectively, list..sentence_end(list)));
    }
    for (word, anchor, needs_punct) in [
        ("其中", Anchor::Among, false),
        ("分别为", Anchor::Respectively, false),
        ("分别是", Anchor::Respectively, false),
        ("为", Anchor::Being, true),
    ] {
        if after_punct.starts_with(word) && (!needs_punct || (lead > 0 && rest.starts_with([',', '\u{ff0c}']))) {
            let list = start + word.len();
            // `为` followed by a rate or a ratio (`为上年的 95%`) is no list.
            if anchor == Anchor::Being && flow[list..].trim_start().starts_with(['上', '预', '年', '全']) {
                return None;
            }
            return Some((anchor, list..sentence_end(list)));
        }
    }
    None
}

/// Whether `t` can be the total of a list: an amount or a count, stated plainly.
fn can_total(t: &Token) -> bool {
    !t.percent && t.cmp.is_none() && (t.money().is_some() || t.unit.is_some_and(|u| COUNT_UNITS.contains(&u)))
}

/// Whether brackets opened after `from` are still open at `to`.
fn inside_bracket(flow: &str, from: usize, to: usize) -> bool {
    let mut depth = 0i32;
    for c in flow[from..to].chars() {
        match c {
            '(' | '\u{ff08}' => depth += 1,
            ')' | '\u{ff09}' => depth = (depth - 1).max(0),
            _ => {}
        }
    }
    depth > 0
}

pub(super) fn breakdowns(b: &mut DeptBuilder<'_, '_>) {
    let r = b.r;
    let flow = r.doc.flow.as_str();
    for p in r.paragraphs() {
        let toks = r.tokens_in(p);
        for (k, total) in toks.iter().enumerate() {
            if !can_total(total) {
                continue;
            }
            let next_start = toks.get(k + 1).map_or(p.end, |n| n.start);
            let Some((anchor, list)) = anchor_after(flow, total, next_start, p.end) else { continue };
            let total_label = r.label_str(total, p.start);
            let mut parts: Vec<&Token> = Vec::new();
            let mut cut = false;
            let mut floor = list.start;
            for t in &toks[k + 1..] {
                if t.start < list.start {
                    continue;
                }
                if t.start >= list.end {
                    break;
                }
                if !matches!(anchor, Anchor::Bracket { .. }) && inside_bracket(flow, list.start, t.start) {
                    continue;
                }
                // Years, dates, document numbers (`〔2022〕1115 号`) are no figures of the list.
                if crate::reader::is_date_part(flow, t) || (t.unit.is_none() && !t.percent) {
                    continue;
                }
                // A part's share right after it (`基本支出 A 万元,占 69.06%`) is no part, and
                // does not end the list.
                if t.percent
                    && !parts.is_empty()
                    && flow[floor..t.start].trim_start_matches([',', '，', ' ']).starts_with('占')
                {
                    floor = t.end;
                    continue;
                }
                if t.percent || t.cmp.is_some() || !same_unit(t.unit, total.unit) {
                    cut = true;
                    break;
                }
                let between = &flow[floor..t.start];
                if between.contains([';', '\u{ff1b}']) && !parts.is_empty() {
                    let next = toks.iter().position(|n| n.start > t.start).map_or(p.end, |i| toks[i].start);
                    if anchor_after(flow, t, next, p.end).is_some() {
                        break;
                    }
                }
                let label = r.label_str(t, floor);
                if CLAUSE_WORDS.iter().any(|w| label.includes(w) && !total_label.includes(w)) {
                    cut = true;
                    break;
                }
                parts.push(t);
                floor = t.unit_end;
                if flow[t.unit_end..].trim_start().starts_with('等') {
                    cut = true;
                    break;
                }
            }
            let Some(first) = parts.first() else { continue };
            // `一级指标 3 个,二级指标 9 个,三级指标 12 个` counts levels of one tree, not parts.
            let levels = parts.iter().filter(|t| is_level(r.label_str(t, list.start))).count();
            if levels >= 2 {
                continue;
            }
            // Figures read into a slot of their own (staffing, arbitration) are checked there.
            let used = |pos: usize| b.is_used(sentence_start(b, pos));
            if parts.len() > 12 || (used(total.start) && used(first.start)) {
                continue;
            }
            let complete = (complete_kind(anchor) || {
                let labels: Vec<&str> = parts.iter().map(|t| r.label_str(t, list.start)).collect();
                a_whole_in_two(total_label, &labels)
            }) && !cut
                && parts.len() >= 2;
            let i = b.rec.breakdowns.len();
            b.put(&format!("breakdowns[{i}].total"), total);
            let mut bd = Breakdown {
                label: last_chars(&r.label_before(total, p.start), 24),
                unit: total.unit.map(str::to_string),
                total: Num(total.value),
                parts: vec![],
                complete,
            };
            let mut floor = list.start;
            for (j, t) in parts.iter().enumerate() {
                b.map.insert_span(format!("breakdowns[{i}].parts[{j}].value"), r.span(t));
                bd.parts.push(Part { label: r.label_before(t, floor), value: Num(t.value) });
                floor = t.unit_end;
            }
            b.rec.breakdowns.push(bd);
        }
    }
    comparisons(b);
    by_nature(b);
}

/// `B 万元,比 A 的名称 增加 C 万元` with `A` stated before in the sentence: `B = A + C` (or
/// `A = B + C` for `减少`), read as a complete breakdown of the larger figure.
fn comparisons(b: &mut DeptBuilder<'_, '_>) {
    let r = b.r;
    for s in r.sentences() {
        let toks: Vec<&Token> = r.tokens_in(s).iter().filter(|t| can_total(t) && t.money().is_some()).collect();
        for (k, change) in toks.iter().enumerate().skip(2) {
            let label = r.label_str(change, s.start);
            let Some(rest) = label.split('比').nth(1) else { continue };
            let Some((reference, down)) = [("增加", false), ("增长", false), ("减少", true), ("下降", true)]
                .iter()
                .find_map(|(w, down)| rest.strip_suffix(w).map(|r| (r.trim(), *down)))
            else {
                continue;
            };
            if reference.chars().count() < 2
                || (has(reference, &["上年", "同期", "去年"]) && !reference.includes("预算"))
            {
                continue;
            }
            let now = toks[k - 1];
            let bases: Vec<&&Token> =
                toks[..k - 1].iter().filter(|t| r.label_str(t, s.start).includes(reference)).collect();
            let [base] = bases.as_slice() else { continue };
            if r.label_str(now, s.start).includes(reference) || !same_unit(now.unit, change.unit) {
                continue;
            }
            let (total, part) = if down { (**base, now) } else { (now, **base) };
            let i = b.rec.breakdowns.len();
            b.put(&format!("breakdowns[{i}].total"), total);
            b.map.insert_span(format!("breakdowns[{i}].parts[0].value"), r.span(part));
            b.map.insert_span(format!("breakdowns[{i}].parts[1].value"), r.span(change));
            b.rec.breakdowns.push(Breakdown {
                label: last_chars(r.label_str(total, s.start), 24),
                unit: total.unit.map(str::to_string),
                total: Num(total.value),
                parts: vec![
                    Part { label: r.label_before(part, s.start), value: Num(part.value) },
                    Part { label: label.to_string(), value: Num(change.value) },
                ],
                complete: true,
            });
        }
    }
}

/// The funds of a 部门整体支出绩效自评表 given twice, `按收入性质分: T1` and `按支出性质分: T2`,
/// each followed by its kinds as `名称: 金额` cells (in any order, the two columns often
/// interleaved): kinds of spending (`…支出`) add up to T2, the others to T1. A kind left
/// blank is not a figure; the list ends at the first figure not written as `名称: 金额`.
fn by_nature(b: &mut DeptBuilder<'_, '_>) {
    let r = b.r;
    let flow = r.doc.flow.as_str();
    let toks = r.tokens_in(&(0..flow.len()));
    // The label of a `名称: 金额` cell, if the figure at `idx` is written so.
    let cell_label = |idx: usize| -> Option<&str> {
        let t = &toks[idx];
        let from = if idx == 0 { 0 } else { toks[idx - 1].unit_end };
        flow[from..t.start].trim_end().ends_with(':').then(|| r.label_str(t, from))
    };
    let Some(income) = (0..toks.len()).find(|i| cell_label(*i).is_some_and(|l| l.ends_with("按收入性质分")))
    else {
        return;
    };
    let Some(spending) = (income.saturating_sub(2)..toks.len().min(income + 3))
        .find(|i| cell_label(*i).is_some_and(|l| l.ends_with("按支出性质分")))
    else {
        return;
    };
    let mut parts: [Vec<usize>; 2] = [Vec::new(), Vec::new()];
    let first = income.max(spending) + 1;
    for (k, t) in toks.iter().enumerate().take(income + 40).skip(first) {
        let Some(label) = cell_label(k) else { break };
        if t.percent || t.cmp.is_some() {
            break;
        }
        parts[usize::from(label.includes("支出"))].push(k);
    }
    for (total, parts) in [(income, &parts[0]), (spending, &parts[1])] {
        if parts.len() < 2 {
            continue;
        }
        let i = b.rec.breakdowns.len();
        b.put(&format!("breakdowns[{i}].total"), &toks[total]);
        for (j, k) in parts.iter().enumerate() {
            b.map.insert_span(format!("breakdowns[{i}].parts[{j}].value"), r.span(&toks[*k]));
        }
        b.rec.breakdowns.push(Breakdown {
            label: cell_label(total).unwrap_or_default().to_string(),
            unit: toks[total].unit.map(str::to_string),
            total: Num(toks[total].value),
            parts: parts
                .iter()
                .map(|k| Part { label: cell_label(*k).unwrap_or_default().to_string(), value: Num(toks[*k].value) })
                .collect(),
            complete: true,
        });
    }
}

/// Whether a label names a level of a tree (`二级指标`).
fn is_level(label: &str) -> bool {
    ["一级", "二级", "三级", "四级"].iter().any(|w| label.includes(w))
}

/// The last `n` characters of `s` (a label run on from flattened text is cut at its start).
fn last_chars(s: &str, n: usize) -> String {
    let count = s.chars().count();
    s.chars().skip(count.saturating_sub(n)).collect()
}

/// Whether a list of this kind says it holds every part.
/// Pairs of parts that make up their whole whatever the list says (`其中`): spending is basic
/// and project spending, basic spending is staff and running costs, staff are those on the
/// establishment and those off it.
const WHOLES_IN_TWO: &[(&str, &str, &str)] =
    &[("支出", "基本支出", "项目支出"), ("基本支出", "人员经费", "公用经费"), ("人", "在编", "编外")];

/// Whether two parts, by their labels, are the two halves of the total's whole (in either
/// order): `总支出 X,其中基本支出 A、项目支出 B`.
fn a_whole_in_two(total_label: &str, labels: &[&str]) -> bool {
    let [a, b] = labels else { return false };
    WHOLES_IN_TWO.iter().any(|(whole, x, y)| {
        let names = |l: &str, n: &str| l.includes(n) && !(l.includes(x) && l.includes(y));
        total_label.includes(whole)
            && !total_label.includes(x)
            && !total_label.includes(y)
            && ((names(a, x) && names(b, y)) || (names(a, y) && names(b, x)))
    })
}

fn complete_kind(anchor: Anchor) -> bool {
    matches!(anchor, Anchor::Respectively | Anchor::Bracket { complete: true })
}

/// The start of the sentence holding flow position `pos`.
fn sentence_start(b: &DeptBuilder<'_, '_>, pos: usize) -> usize {
    let s = b.r.sentences();
    let i = s.partition_point(|x| x.start <= pos);
    if i == 0 { 0 } else { s[i - 1].start }
}

#[cfg(test)]
mod tests {
    use crate::reader::Reader;
    use crate::text::Doc;
    use jixiao_core::record::Breakdown;

    fn read(text: &str) -> Vec<Breakdown> {
        let doc = Doc::new(text.to_string());
        let reader = Reader::new(&doc);
        let tables = crate::tables::tables(&reader);
        super::super::extract(&reader, &tables).record.breakdowns
    }

    fn sums(text: &str) -> Vec<(String, Vec<String>, bool)> {
        read(text)
            .into_iter()
            .map(|b| (b.total.to_string(), b.parts.iter().map(|p| p.value.to_string()).collect(), b.complete))
            .collect()
    }

    fn parts(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| (*s).to_string()).collect()
    }

    #[test]
    fn a_list_after_qizhong_in_the_next_sentence_is_read_and_is_not_complete() {
        assert_eq!(
            sums("二、支出:500.5万元。其中:工资福利200万元,商品和服务100.5万元,资本性支出200万元。"),
            vec![("500.5".into(), parts(&["200", "100.5", "200"]), false)]
        );
    }

    #[test]
    fn basic_and_project_spending_make_up_spending_even_after_qizhong() {
        assert_eq!(
            sums("本年支出总计520.00万元,其中基本支出390.00万元、项目支出130.00万元。"),
            vec![("520.00".into(), parts(&["390.00", "130.00"]), true)]
        );
        assert_eq!(
            sums("基本支出80万元,其中人员经费60万元,公用经费20万元。"),
            vec![("80".into(), parts(&["60", "20"]), true)]
        );
        assert_eq!(
            sums("年末实有人员25人,其中在编人员20人、编外人员5人。"),
            vec![("25".into(), parts(&["20", "5"]), true)]
        );
        // Any other two parts after 其中 may be some of the whole.
        assert_eq!(
            sums("本年收入600万元,其中财政拨款收入500万元,其他收入100万元。"),
            vec![("600".into(), parts(&["500", "100"]), false)]
        );
    }

    #[test]
    fn a_parts_share_after_it_neither_is_a_part_nor_ends_the_list() {
        assert_eq!(
            sums("支出合计300万元。其中:基本支出200万元,占66.67%;项目支出100万元,占33.33%。"),
            vec![("300".into(), parts(&["200", "100"]), true)]
        );
    }

    #[test]
    fn a_bracket_right_after_the_total_is_complete_unless_it_says_qizhong() {
        assert_eq!(
            sums("下达资金1200万元(中央补助900万元、省级补助300万元),已全部拨付。"),
            vec![("1200".into(), parts(&["900", "300"]), true)]
        );
        assert_eq!(
            sums("全年培训800人次(其中线上500人次、线下300人次)。"),
            vec![("800".into(), parts(&["500", "300"]), false)]
        );
    }

    #[test]
    fn fenbiewei_lists_are_complete_and_wei_lists_are_not() {
        assert_eq!(sums("两项合计80万元,分别为50万元、30万元。"), vec![("80".into(), parts(&["50", "30"]), true)]);
        assert_eq!(
            sums("奖补资金60万元,为道路修缮40万元,路灯安装15万元。"),
            vec![("60".into(), parts(&["40", "15"]), false)]
        );
    }

    #[test]
    fn a_list_ends_at_a_new_clause_a_rate_another_unit_or_deng() {
        // 调减 starts a new clause; the rate and the count end the list; 等 closes it.
        assert_eq!(sums("预算300万元,其中:设备100万元,调减50万元。"), vec![("300".into(), parts(&["100"]), false)]);
        assert_eq!(
            sums("预算300万元,其中:设备100万元,执行率95%,材料20万元。"),
            vec![("300".into(), parts(&["100"]), false)]
        );
        assert_eq!(
            sums("资金90万元,为奖励10万元,补偿70万元等,涉及3个村。"),
            vec![("90".into(), parts(&["10", "70"]), false)]
        );
    }

    #[test]
    fn semicolons_continue_a_list_until_a_new_total_with_its_own_list() {
        assert_eq!(
            sums("共申请资金90万元。其中:30万元用于编制;30万元用于审计;30万元用于设计。"),
            vec![("90".into(), parts(&["30", "30", "30"]), false)]
        );
        let two = sums("省级资金100万元,为A项60万元,B项40万元;市级资金50万元,为C项50万元。");
        assert_eq!(two, vec![("100".into(), parts(&["60", "40"]), false), ("50".into(), parts(&["50"]), false)]);
    }

    #[test]
    fn years_document_numbers_and_details_in_brackets_are_not_parts() {
        assert_eq!(
            sums("资金50万元,为改厕项目(皖财〔2022〕115号)20万元,2023年度修缮项目30万元(含设计费3万元)。"),
            // The bracket after a part is a list of its own (`含`: some of it).
            vec![("50".into(), parts(&["20", "30"]), false), ("30".into(), parts(&["3"]), false)]
        );
    }

    #[test]
    fn fenbiewei_later_in_the_clause_makes_a_complete_list() {
        assert_eq!(
            sums("另安排储备金 50 万元,统一用于两个站点,具体为东站 20 万元、西站 30 万元。"),
            vec![("50".into(), parts(&["20", "30"]), true)]
        );
        // After the sentence ends, no list.
        assert!(sums("储备金 50 万元。两个站点具体为东站 20 万元、西站 30 万元。").is_empty());
    }

    #[test]
    fn an_increase_over_a_figure_stated_before_is_a_complete_sum() {
        assert_eq!(
            sums("本年计划投资 400 万元,追加后投资 460 万元,比计划投资增加 60 万元,已完成。"),
            vec![("460".into(), parts(&["400", "60"]), true)]
        );
        assert_eq!(
            sums("原定经费 90 万元,压减后经费 70 万元,比原定经费减少 20 万元。"),
            vec![("90".into(), parts(&["70", "20"]), true)]
        );
        // The base is not stated in the sentence: nothing to check.
        assert!(sums("今年经费 70 万元,比去年减少 20 万元。").is_empty());
    }

    #[test]
    fn funds_by_source_and_by_use_in_interleaved_cells_are_two_complete_sums() {
        let text = "资金总额\n按收入性质分:500\n按支出性质分:480\n其中:财政拨款:300\n其中:人员支出:200\n\
                    单位自有资金:\n公用支出:280\n其他收入:200\n年度目标\n完成全年任务,投入12人。\n";
        assert_eq!(
            sums(text),
            vec![("500".into(), parts(&["300", "200"]), true), ("480".into(), parts(&["200", "280"]), true)]
        );
    }

    #[test]
    fn levels_of_a_tree_scores_and_plain_statements_are_no_lists() {
        assert!(sums("共设置12个指标,其中一级指标3个,二级指标9个。").is_empty());
        assert!(sums("项目得分10分(其中产出指标5分、效益指标3分)。").is_empty());
        assert!(sums("收入100万元,为上年的120%。").is_empty());
        assert!(sums("支出100万元,人员经费60万元。").is_empty());
    }
}
