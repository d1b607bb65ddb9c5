//! A quantity the report plans in prose and later says it completed, as one target:
//! `计划投资 2179 万元，实现新建道路 32.63 公里` … `已完成建设工程 30 公里`.
//!
//! Project and transfer-payment reports often state their output only this way, with no
//! indicator table. A figure is planned when its sentence says so before it (`计划`, `预计`,
//! `拟`); it is done when the words right before it say so (`已完成`, `实际完成`, `实际举办`,
//! `共完成`) and name no plan, in a later sentence or later in the plan's own; a 完成率 right
//! after the result is its stated completion rate.
//! The two are paired by their unit only when the report has exactly one planned and one
//! done figure of that unit outside the target section, the planned one first: with more,
//! which done figure answers which plan cannot be told from the words. Money, percentages
//! and points are left out (budgets and rates have their own readers).
//!
//! It judges nothing: whether a claim that everything was completed stands against the
//! pair is rule T001's.

use crate::numbers::Token;
use crate::reader::clean_label;
use crate::text::Includes;
use jixiao_core::record::{Direction, Target};
use jixiao_core::value::Num;

use super::{DeptBuilder, has};

/// Words before a figure, in its sentence, that make it a plan.
const PLAN_WORDS: &[&str] = &["计划", "预计", "拟"];

/// Words right before a figure that make it a result (`实际举办 46 期` as well as `实际完成`).
const DONE_WORDS: &[&str] = &["已完成", "实际", "共完成", "累计完成", "完成了"];

/// Words right before a figure that make it neither (a target restated, a remainder).
const NOT_A_RESULT: &[&str] = &["目标", "指标值", "剩余", "尚未", "未完成"];

struct Seen {
    unit: &'static str,
    token: Token,
    label: String,
    /// A 完成率 stated right after a result (`实际举办 46 期,完成率 115%`).
    rate: Option<Token>,
}

/// Reads the pairs into `targets`.
pub(super) fn planned_and_done(b: &mut DeptBuilder<'_, '_>) {
    let r = b.r;
    let mut planned: Vec<Seen> = Vec::new();
    let mut done: Vec<Seen> = Vec::new();
    for s in r.sentences() {
        if b.target_range.as_ref().is_some_and(|t| t.contains(&s.start)) {
            continue;
        }
        // Where the first plan word and the first done word of the sentence end: a word is
        // before a figure when it ends there or earlier (one search per sentence, not one per
        // figure over all the words before it).
        let text = r.text(s);
        crate::work::add(text.len() + r.tokens_in(s).len());
        // Only counts and quantities with a unit can be a plan or its result: a sentence
        // without one is not searched at all.
        let counted =
            |t: &&Token| t.unit.is_some_and(|u| u != "分") && !t.percent && t.cmp.is_none() && t.money().is_none();
        if !r.tokens_in(s).iter().any(|t| counted(&t)) {
            continue;
        }
        // The sentence's signature rules out most words without a search.
        let said = r.said(s);
        let first_end = |words: &[&str]| {
            words.iter().filter(|w| said.includes(w)).filter_map(|w| text.find(w).map(|i| s.start + i + w.len())).min()
        };
        let (plan_end, done_end) = (first_end(PLAN_WORDS), first_end(DONE_WORDS));
        let before = |end: Option<usize>, t: &Token| end.is_some_and(|e| e <= t.start);
        let toks = r.tokens_in(s);
        for (k, t) in toks.iter().enumerate().filter(|(_, t)| counted(t)) {
            let Some(unit) = t.unit else { continue };
            let label = r.label_str(t, s.start);
            let rate = || toks.get(k + 1).filter(|n| n.percent && r.label_str(n, s.start).includes("完成率")).cloned();
            let seen = |rate: Option<Token>| Seen { unit, token: t.clone(), label: clean_label(label), rate };
            // A result: the words right before it say so, and no plan word among them (the
            // plan may come earlier in the sentence: `计划 40 期,实际举办 46 期`).
            if has(label, DONE_WORDS) && !has(label, PLAN_WORDS) && !has(label, NOT_A_RESULT) {
                done.push(seen(rate()));
            } else if before(plan_end, t) && !before(done_end, t) {
                planned.push(seen(None));
            }
        }
    }
    for p in &planned {
        let one = |list: &[Seen]| list.iter().filter(|x| x.unit == p.unit).count() == 1;
        if !one(&planned) || !one(&done) {
            continue;
        }
        let Some(d) = done.iter().find(|d| d.unit == p.unit) else { continue };
        if d.token.start <= p.token.start {
            continue;
        }
        let name = p.label.trim_start_matches("实现").trim_start_matches("完成").to_string();
        if name.chars().count() < 2 {
            continue;
        }
        let i = b.rec.targets.len();
        b.put(&format!("targets[{i}].target"), &p.token);
        b.put(&format!("targets[{i}].actual"), &d.token);
        if let Some(rt) = &d.rate {
            b.put(&format!("targets[{i}].completion_rate_stated"), rt);
        }
        b.rec.targets.push(Target {
            group: String::new(),
            name,
            direction: Direction::AtLeast,
            target: Some(Num(p.token.value)),
            unit: Some(p.unit.to_string()),
            target_text: None,
            actual: Some(Num(d.token.value)),
            actual_at_least: d.token.at_least,
            actual_text: None,
            actual_source: r.heading_before(d.token.start, 2).map(|h| h.title.clone()),
            completion_rate_stated: d.rate.as_ref().map(|t| jixiao_core::value::Percent(t.value)),
            deviation_reason: None,
        });
    }
}

#[cfg(test)]
mod tests {
    use crate::reader::Reader;
    use crate::text::Doc;

    fn pairs(text: &str) -> Vec<(String, String, String)> {
        let doc = Doc::new(text.to_string());
        let reader = Reader::new(&doc);
        let tables = crate::tables::tables(&reader);
        let v = |n: &Option<jixiao_core::value::Num>| n.as_ref().map(ToString::to_string).unwrap_or_default();
        super::super::extract(&reader, &tables)
            .record
            .targets
            .iter()
            .map(|t| (t.name.clone(), v(&t.target), v(&t.actual)))
            .collect()
    }

    #[test]
    fn a_planned_quantity_and_the_one_done_later_are_a_target() {
        let got = pairs(
            "本项目计划投资500万元,实现改造供水管网12.5公里。\n项目于年底验收。\n已完成管网改造10.2公里,质量合格。",
        );
        assert_eq!(got, vec![("改造供水管网".into(), "12.5".into(), "10.2".into())]);
    }

    #[test]
    fn a_plan_and_its_actual_result_in_one_sentence_are_a_target() {
        let got = pairs("全年计划开展巡河120次,实际开展132次,完成率110.00%。");
        assert_eq!(got.len(), 1, "{got:?}");
        assert_eq!((got[0].1.as_str(), got[0].2.as_str()), ("120", "132"));
    }

    #[test]
    fn no_pair_when_which_result_answers_which_plan_is_unclear() {
        // two done figures of the unit
        assert!(pairs("计划新建道路8公里。已完成主路5公里,已完成支路3公里。").is_empty());
        // the result comes first, or is money, or is what remains
        assert!(pairs("已完成道路5公里。计划明年新建道路8公里。").is_empty());
        assert!(pairs("计划投资500万元。已完成投资480万元。").is_empty());
        assert!(pairs("计划新建道路8公里。剩余未完成3公里。").is_empty());
    }

    /// A sentence with thousands of figures (a table copied one cell per line is one sentence):
    /// the plan and done words are looked for once per sentence.
    #[test]
    fn a_sentence_of_many_figures_costs_what_it_is_long() {
        let work = |n: usize| {
            let mut t = String::from("计划新建道路32.63公里。已完成建设工程30.1公里。\n");
            for i in 0..n {
                t.push_str(&format!("路段{i} |\n{i}公里 |\n"));
            }
            let (rec, visited) = super::super::extract_counting(t);
            assert!(rec.targets.iter().any(|t| t.name.contains("新建道路")), "{:?}", rec.targets);
            visited
        };
        let (small, large) = (work(300), work(3_000));
        assert!(small > 300, "the work is counted: {small}");
        assert!(large <= small * 12, "300: {small} visited, 3000: {large} visited");
    }
}
