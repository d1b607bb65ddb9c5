//! Two relations reports state in words rather than in tables:
//!
//! - a part given as a share of a total named by its label (`A,占 B 的比例 P%`, `占 B 比重为
//!   P%`), checked against the figures stated earlier under that label
//!   ([`jixiao_core::generic::ShareOfTotal`], paths `facts.shares[…]`); a share naming no total
//!   right after a listed part (`支出 X 万元。其中:基本支出 A 万元,占 P%`) is of that list's total;
//! - a count of indicators with its counts by level (`共 N 个指标,其中一级指标 a 个,二级指标
//!   b 个,三级指标 c 个`, [`jixiao_core::generic::LevelCount`], paths `facts.level_counts[…]`).
//!
//! Each keeps every reading the words allow (every figure of the part's unit before `占` in
//! its clause, every figure stated under the total's label), so that a rule can flag a share
//! only when no reading holds. The search for a total looks back a bounded stretch of text,
//! so the cost stays linear in the text.

use crate::numbers::{Token, same_unit};
use crate::text::is_cjk;
use jixiao_core::generic::{LevelCount, ShareOfTotal, Stated};
use jixiao_core::source::Place;

use super::{DeptBuilder, count_of};

/// How far back (in bytes of the flow) a total's figure is looked for.
const BASE_WINDOW: usize = 3000;
/// How many figures of the part's unit before `占` are kept as readings of the part.
const MAX_PARTS: usize = 6;
/// How many figures under the total's label are kept.
const MAX_BASES: usize = 6;

fn stated(t: &Token) -> Stated {
    Stated { value: t.value, percent: t.percent }
}

/// Words between the total's label and the share that are not part of the label.
const SHARE_TAIL: &[&str] = &["的比例", "的比重", "比例", "比重", "的", "比", "为", "达到", "达", "约", "约为"];

/// The total's label in the text between `占` and the share: `项目支出总额比例` → `项目支出总额`.
fn base_label(between: &str) -> Option<String> {
    let mut l: String = between.chars().filter(|c| !c.is_whitespace()).collect();
    loop {
        let before = l.len();
        for w in SHARE_TAIL {
            if let Some(rest) = l.strip_suffix(w) {
                l.truncate(rest.len());
            }
        }
        if l.len() == before {
            break;
        }
    }
    (l.chars().count() >= 2 && l.chars().all(is_cjk)).then_some(l)
}

/// The label without a closing word for "total" (`项目总数` → `项目`), if it has one.
fn without_total_word(label: &str) -> Option<&str> {
    ["总数", "总额", "总量", "总计", "合计"]
        .iter()
        .find_map(|w| label.strip_suffix(w))
        .filter(|rest| rest.chars().count() >= 2)
}

/// `A,占 B 的比例 P%`: every share whose total is stated earlier under its label.
pub(super) fn shares(b: &mut DeptBuilder<'_, '_>) {
    let r = b.r;
    let flow = r.doc.flow.as_str();
    if !flow.contains('占') {
        return;
    }
    // Where each part of a breakdown starts → its breakdown, made when first asked.
    let mut listed: Option<std::collections::HashMap<usize, usize>> = None;
    for s in r.sentences() {
        let text = r.text(s);
        if !text.contains('占') {
            continue;
        }
        let toks = r.tokens_in(s);
        crate::work::add(toks.len());
        for (pi, p) in toks.iter().enumerate() {
            if !p.percent || p.cmp.is_some() {
                continue;
            }
            let prev_end = if pi == 0 { s.start } else { toks[pi - 1].unit_end.max(s.start) };
            let Some(between) = flow.get(prev_end..p.start) else { continue };
            let Some(k) = between.rfind('占') else { continue };
            let after = &between[k + '占'.len_utf8()..];
            if after.contains([',', ';', ':', '。']) {
                continue;
            }
            let Some(label) = base_label(after) else {
                // `其中:基本支出 A 万元,占 P%`: no total named, the share is of the total whose
                // listed part is the figure right before it.
                if after.trim().is_empty()
                    && let Some(part) = pi.checked_sub(1).and_then(|j| toks.get(j)).filter(|t| !t.percent)
                {
                    let listed = listed.get_or_insert_with(|| listed_parts(b));
                    share_of_listed_total(b, listed, part, p);
                }
                continue;
            };
            let occupy = prev_end + k;
            let bases = bases_of(b, &label, occupy);
            if bases.is_empty() {
                continue;
            }
            // The part: the figures of the total's unit before `占` in this sentence.
            let parts: Vec<&Token> = toks[..pi]
                .iter()
                .rev()
                .filter(|t| !t.percent && t.cmp.is_none() && t.start < occupy && same_unit(t.unit, bases[0].unit))
                .take(MAX_PARTS)
                .collect();
            if parts.is_empty() {
                continue;
            }
            let i = b.generic.shares.len();
            b.put(&format!("facts.shares[{i}].share"), p);
            for (j, t) in parts.iter().enumerate() {
                b.put(&format!("facts.shares[{i}].parts[{j}]"), t);
            }
            for (j, t) in bases.iter().enumerate() {
                b.put(&format!("facts.shares[{i}].bases[{j}]"), t);
            }
            b.generic.shares.push(ShareOfTotal {
                base_label: label,
                parts: parts.iter().map(|t| stated(t)).collect(),
                bases: bases.iter().map(stated).collect(),
                share: stated(p),
            });
        }
    }
}

/// Where each breakdown part starts in the text → the (latest) breakdown listing it.
fn listed_parts(b: &DeptBuilder<'_, '_>) -> std::collections::HashMap<usize, usize> {
    let mut out = std::collections::HashMap::new();
    for (i, bd) in b.rec.breakdowns.iter().enumerate() {
        for j in 0..bd.parts.len() {
            if let Some(Place::Text(s)) = b.map.get(&format!("breakdowns[{i}].parts[{j}].value")) {
                out.insert(s.start, i);
            }
        }
    }
    out
}

/// `share` of the breakdown total (`X 万元,其中 …`) that lists `part` among its parts, if one
/// does (`listed`: [`listed_parts`]).
fn share_of_listed_total(
    b: &mut DeptBuilder<'_, '_>,
    listed: &std::collections::HashMap<usize, usize>,
    part: &Token,
    share: &Token,
) {
    let Some(&i) = listed.get(&b.r.span(part).start) else { return };
    let Some(Place::Text(total_span)) = b.map.get(&format!("breakdowns[{i}].total")).cloned() else { return };
    let Some(bd) = b.rec.breakdowns.get(i) else { return };
    let (label, total) = (bd.label.clone(), bd.total.0);
    let k = b.generic.shares.len();
    b.put(&format!("facts.shares[{k}].share"), share);
    b.put(&format!("facts.shares[{k}].parts[0]"), part);
    b.map.insert_span(format!("facts.shares[{k}].bases[0]"), total_span);
    b.generic.shares.push(ShareOfTotal {
        base_label: label,
        parts: vec![stated(part)],
        bases: vec![Stated { value: total, percent: false }],
        share: stated(share),
    });
}

/// The figures (not zero, not rates, with a unit) stated before `before` under `label`, in a
/// bounded stretch of text; failing that, under the label without its word for "total". All of
/// one unit: the first one's.
fn bases_of(b: &DeptBuilder<'_, '_>, label: &str, before: usize) -> Vec<Token> {
    let r = b.r;
    let flow = r.doc.flow.as_str();
    let mut lo = before.saturating_sub(BASE_WINDOW);
    while !flow.is_char_boundary(lo) {
        lo += 1;
    }
    let toks = r.tokens_in(&(lo..before));
    crate::work::add(toks.len());
    let under = |want: &str| -> Vec<Token> {
        let found: Vec<&Token> = toks
            .iter()
            .filter(|t| !t.percent && t.cmp.is_none() && t.unit.is_some() && !t.value.is_zero())
            .filter(|t| {
                let l = r.label_str(t, lo);
                // `上年项目支出总额` is another year's total, not the one the share is of.
                l.strip_suffix(want).is_some_and(|before| !OTHER_PERIOD.iter().any(|w| before.contains(w)))
            })
            .collect();
        let Some(first) = found.first() else { return Vec::new() };
        found.iter().filter(|t| same_unit(t.unit, first.unit)).take(MAX_BASES).map(|t| (*t).clone()).collect()
    };
    let exact = under(label);
    if !exact.is_empty() {
        return exact;
    }
    without_total_word(label).map(under).unwrap_or_default()
}

/// Words before a total's label that make it another period's total.
const OTHER_PERIOD: &[&str] = &["上年", "去年", "上一年", "同期", "上期", "前年"];

/// The levels of an indicator system, in order.
const LEVELS: [&str; 3] = ["一级指标", "二级指标", "三级指标"];

/// `共 N 个指标,其中一级指标 a 个,二级指标 b 个(,三级指标 c 个)`, also `a 个一级指标`.
pub(super) fn level_counts(b: &mut DeptBuilder<'_, '_>) {
    let r = b.r;
    for s in r.sentences() {
        let text = r.text(s);
        if !(text.contains(LEVELS[0]) && text.contains(LEVELS[1])) {
            continue;
        }
        let toks = r.tokens_in(s);
        // Each count with the level its label (before or right after it) names.
        let level_of = |t: &Token| -> Option<usize> {
            count_of(t)?;
            let before = r.label_str(t, s.start);
            let after = r.text(&(t.unit_end..s.end));
            LEVELS.iter().position(|l| before.ends_with(l) || after.starts_with(l))
        };
        let Some(first) = toks.iter().position(|t| level_of(t) == Some(0)) else { continue };
        let mut levels: Vec<&Token> = Vec::new();
        for t in &toks[first..] {
            match level_of(t) {
                Some(l) if l == levels.len() => levels.push(t),
                _ => break,
            }
        }
        if levels.len() < 2 {
            continue;
        }
        // The total: the last count before the levels that names indicators.
        let total = toks[..first].iter().rev().find(|t| {
            count_of(t).is_some()
                && (r.label_str(t, s.start).contains("指标")
                    || r.text(&(t.unit_end..levels[0].start))
                        .split([',', ':'])
                        .next()
                        .is_some_and(|w| w.contains("指标")))
        });
        // Or after them: `…,三级指标 12 个,共计 12 个指标`.
        let last_end = levels[levels.len() - 1].unit_end;
        let total = total.or_else(|| {
            toks.iter().filter(|t| t.start >= last_end).find(|t| {
                // The words since the last level (a label would drop `共计` as filler).
                let before = r.text(&(last_end..t.start));
                count_of(t).is_some()
                    && before.chars().count() <= 12
                    && ["共", "合计", "总计"].iter().any(|w| before.contains(w))
                    && (before.contains("指标") || r.text(&(t.unit_end..s.end)).starts_with("指标"))
            })
        });
        let Some(total) = total else { continue };
        let i = b.generic.level_counts.len();
        b.put(&format!("facts.level_counts[{i}].total"), total);
        for (j, t) in levels.iter().enumerate() {
            b.put(&format!("facts.level_counts[{i}].levels[{j}]"), t);
        }
        b.generic
            .level_counts
            .push(LevelCount { total: stated(total), levels: levels.iter().map(|t| stated(t)).collect() });
    }
}

#[cfg(test)]
mod tests {
    use crate::reader::Reader;
    use crate::text::Doc;
    use jixiao_core::generic::GenericFigures;

    fn read(text: &str) -> GenericFigures {
        let doc = Doc::new(text.to_string());
        let reader = Reader::new(&doc);
        let tables = crate::tables::tables(&reader);
        super::super::extract(&reader, &tables).generic
    }

    fn values(v: &[jixiao_core::generic::Stated]) -> Vec<String> {
        v.iter().map(|s| s.value.to_string()).collect()
    }

    #[test]
    fn a_share_is_read_with_its_part_and_the_total_stated_before() {
        let g = read(
            "本年共实施课题14个,课题经费合计420.50万元。\n评审结果:9个课题为优秀,经费300.00万元,占课题经费合计的比例71.34%,占课题总数比例64.29%。\n",
        );
        assert_eq!(g.shares.len(), 2, "{g:#?}");
        let money = &g.shares[0];
        assert_eq!(money.base_label, "课题经费合计");
        assert_eq!(values(&money.bases), ["420.50"]);
        assert_eq!(values(&money.parts), ["300.00"]);
        assert_eq!(money.share.value.to_string(), "71.34");
        // 课题总数 is stated as 课题14个: the label without its word for "total".
        let count = &g.shares[1];
        assert_eq!(values(&count.bases), ["14"]);
        assert_eq!(values(&count.parts), ["9"]);
    }

    #[test]
    fn another_periods_total_is_not_taken_as_the_total() {
        let g = read("上年总支出450.00万元。本年项目支出200.00万元,占总支出的40%。\n");
        assert!(g.shares.is_empty(), "{g:#?}");
        let g = read("本年总支出500.00万元。本年项目支出200.00万元,占总支出的40%。\n");
        assert_eq!(values(&g.shares[0].bases), ["500.00"], "{g:#?}");
    }

    #[test]
    fn a_share_of_a_total_never_stated_or_without_a_label_is_not_read() {
        let g = read("教育支出100万元,占全省同类支出的比例3.5%。住房支出20万元,占比10%。\n");
        assert!(g.shares.is_empty(), "{g:#?}");
    }

    /// A text of `n` share sentences and an `n`-row table written one cell per line, with
    /// subtotal groups: the elements the readers visit grow in proportion to `n` (a quadratic
    /// reading would visit about 100 times as many for 10 times the text).
    #[test]
    fn reading_shares_and_stacked_tables_is_linear() {
        fn text(n: usize) -> String {
            let mut t = String::from("课题经费合计420.50万元。\n");
            for i in 0..n {
                t.push_str(&format!("第{i}组课题经费{}.00万元,占课题经费合计的比例10.00%。\n", i % 90 + 1));
            }
            t.push_str("\n上年决算数\n\n本年预算数\n\n本年决算数\n\n");
            for i in 0..n {
                let label = if i % 3 == 0 { format!("第{i}类费用:") } else { format!("{}、分项", i % 3) };
                t.push_str(&format!("{label}\n\n2.00\n\n1.00\n\n1.00\n\n"));
            }
            t
        }
        let work = |n: usize| {
            let t = text(n);
            crate::work::take();
            let g = read(&t);
            assert!(
                g.shares.len() >= n && g.tables.len() > n / 3,
                "{} shares, {} tables",
                g.shares.len(),
                g.tables.len()
            );
            crate::work::take()
        };
        let (small, large) = (work(300), work(3_000));
        assert!(small > 300, "the readers' work is counted: {small}");
        assert!(large <= small * 12, "300: {small} visited, 3000: {large} visited");
    }

    #[test]
    fn indicator_counts_by_level_are_read_with_their_total() {
        let g = read("本项目共设置绩效指标15个,其中一级指标3个,二级指标5个,三级指标15个。\n");
        assert_eq!(g.level_counts.len(), 1, "{g:#?}");
        assert_eq!(g.level_counts[0].total.value.to_string(), "15");
        assert_eq!(values(&g.level_counts[0].levels), ["3", "5", "15"]);
        let g = read("共编制8个绩效指标,包括2个一级指标、3个二级指标、8个三级指标。\n");
        assert_eq!(values(&g.level_counts[0].levels), ["2", "3", "8"], "{g:#?}");
        assert_eq!(g.level_counts[0].total.value.to_string(), "8");
    }

    #[test]
    fn a_total_written_after_the_levels_is_read() {
        let g = read("设置一级指标3个、二级指标6个、三级指标11个,共计11个指标。\n");
        assert_eq!(g.level_counts.len(), 1, "{g:#?}");
        assert_eq!(g.level_counts[0].total.value.to_string(), "11");
        assert_eq!(values(&g.level_counts[0].levels), ["3", "6", "11"]);
    }

    #[test]
    fn level_counts_without_a_total_are_not_read() {
        let g = read("指标体系分为一级指标3个,二级指标6个。\n");
        assert!(g.level_counts.is_empty(), "{g:#?}");
    }
}
