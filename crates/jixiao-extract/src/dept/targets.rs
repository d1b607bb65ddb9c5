//! 绩效目标: the target section read as items with their target values, the actual value of
//! each found after it (by label similarity, unit and section), the reasons given for a
//! missed target, and the blanket claims that all targets were met (`均已完成`). Outside that
//! section, a sentence stating a target with its actual (`…年初指标值为不低于 180 人,全年实际完成值
//! 164 人`) is one target too.
//!
//! Not the indicators' self-scores ([`super::scores`]) nor the figures the indicators rest on
//! ([`super::indicators`]).

use std::collections::HashSet;
use std::ops::Range;

use crate::numbers::{Cmp, Token, same_unit};
use crate::reader::{bigram_similarity, bigrams, clean_label, strip_date};
use crate::text::Includes;
use jixiao_core::Decimal;
use jixiao_core::record::{Claim, ClaimKind, Direction, Target};
use jixiao_core::value::{Num, Percent};

use super::{DeptBuilder, has, strip_marker};

/// Words that say nothing about which target a figure is.
fn norm_label(s: &str) -> String {
    const PREFIXES: &[&str] = &[
        "截至",
        "我市",
        "全市",
        "我局",
        "本部门",
        "组织开展",
        "开展",
        "组织",
        "实现",
        "完成",
        "累计",
        "参加",
        "年度",
        "全年",
    ];
    let mut t = s.trim_matches(|c: char| matches!(c, '"' | '“' | '”' | '\'' | ' '));
    loop {
        let before = t;
        t = strip_date(t);
        for p in PREFIXES {
            while let Some(r) = t.strip_prefix(p) {
                t = r;
            }
        }
        if t == before {
            break;
        }
    }
    t.chars().filter(|c| !matches!(c, '"' | '“' | '”' | '\'' | ' ')).collect()
}

/// One item of the target section, joined from the cells it was wrapped over.
struct TargetItem {
    group: String,
    text: String,
    /// (offset in `text`, flow range) of each piece the item was joined from.
    pieces: Vec<(usize, Range<usize>)>,
}

/// The target section read as items: each `N.` starts an item; a line without a marker
/// continues the item before it while that item is unfinished (no `。` yet), so items
/// wrapped inside a table cell are whole again. Lines that are neither (cells such as
/// `绩效`, `标`) are dropped; `指标N:xx指` cells set the group.
fn target_items(b: &DeptBuilder<'_, '_>, range: &Range<usize>) -> Vec<TargetItem> {
    let flow = &b.r.doc.flow;
    let mut items: Vec<TargetItem> = Vec::new();
    let mut group = String::new();
    let mut open = false;
    for line in b.r.lines.iter().filter(|l| l.start >= range.start && l.end <= range.end) {
        let text = &flow[line.clone()];
        for c in crate::text::cell_ranges(text) {
            let cell = line.start + c.start..line.start + c.end;
            let ctext = flow[cell.clone()].trim();
            if ctext.is_empty() {
                continue;
            }
            if let Some(i) = ctext.find("指标") {
                let rest = ctext[i + "指标".len()..]
                    .trim_start()
                    .trim_start_matches(|c: char| c.is_ascii_digit())
                    .trim_start();
                if let Some(g) = rest.strip_prefix(':') {
                    group = g.trim().trim_end_matches("指标").trim_end_matches('指').to_string();
                    continue;
                }
            }
            let body = strip_marker(ctext);
            let lead = cell.start + (flow[cell.clone()].len() - flow[cell.clone()].trim_start().len());
            if body.len() < ctext.len() {
                let at = lead + (ctext.len() - body.len());
                items.push(TargetItem {
                    group: group.clone(),
                    text: body.to_string(),
                    pieces: vec![(0, at..cell.end)],
                });
                open = !body.trim_end().ends_with('。');
            } else if open && let Some(item) = items.last_mut() {
                item.pieces.push((item.text.len(), lead..cell.end));
                item.text.push_str(ctext);
                open = !ctext.ends_with('。');
            }
        }
    }
    items
}

pub(super) fn targets(b: &mut DeptBuilder<'_, '_>) {
    let Some(range) = b.r.section(2, &["目标及任务", "绩效目标及", "年度绩效目标"]) else { return };
    b.target_range = Some(range.clone());
    for item in target_items(b, &range) {
        let (group, text) = (item.group.as_str(), item.text.as_str());
        let to_flow = |off: usize| -> usize {
            let (base, r) = item.pieces.iter().rev().find(|(o, _)| *o <= off).cloned().unwrap_or((0, 0..0));
            r.start + (off - base)
        };
        let toks: Vec<Token> =
            crate::numbers::scan(text).into_iter().filter(|t| t.unit.is_some() || t.percent).collect();
        if toks.is_empty() {
            let name = text.trim_end_matches(['。', ',']).trim();
            if name.chars().count() >= 4 {
                b.rec.targets.push(Target {
                    group: group.to_string(),
                    name: name.to_string(),
                    direction: Direction::Qualitative,
                    target: None,
                    unit: None,
                    target_text: Some(name.to_string()),
                    actual: None,
                    actual_at_least: false,
                    actual_text: None,
                    actual_source: None,
                    completion_rate_stated: None,
                    deviation_reason: None,
                });
            }
            continue;
        }
        let all = crate::numbers::scan(text);
        for t in toks {
            let name = crate::reader::label_before_in(text, &all, &t, 0);
            if name.is_empty() {
                continue;
            }
            let direction = direction_of(t.cmp);
            let i = b.rec.targets.len();
            let (fs, fe) = (to_flow(t.start), to_flow(t.end.saturating_sub(1)) + 1);
            b.put_range(&format!("targets[{i}].target"), fs..fe.max(fs));
            b.placed += 1;
            b.rec.targets.push(Target {
                group: group.to_string(),
                name,
                direction,
                target: Some(Num(t.value)),
                unit: Some(if t.percent { "%".to_string() } else { t.unit.unwrap_or("").to_string() }),
                target_text: None,
                actual: None,
                actual_at_least: false,
                actual_text: None,
                actual_source: None,
                completion_rate_stated: None,
                deviation_reason: None,
            });
        }
    }
    // Actual values are stated after the target section, up to the next report's target
    // section if the document holds several reports.
    let title =
        b.r.headings.iter().find(|h| h.at.end == range.start || h.at.end + 1 == range.start).map(|h| h.title.clone());
    let end = title
        .and_then(|t| b.r.headings.iter().find(|h| h.at.start >= range.end && h.title == t).map(|h| h.at.start))
        .unwrap_or(b.r.doc.flow.len());
    match_actuals(b, range.end..end);
    deviation_reasons(b, range.end..end);
}

/// The reason a target was missed: a sentence after the target section that names the
/// target and, after the name, gives a 原因 (`工伤保险参保人数未达到目标,原因:…`).
fn deviation_reasons(b: &mut DeptBuilder<'_, '_>, region: Range<usize>) {
    let squeeze = |s: &str| s.chars().filter(|c| !c.is_whitespace()).collect::<String>();
    // Only sentences that give a 原因 can hold one; squeezed once.
    let sentences: Vec<(Range<usize>, String)> =
        b.r.sentences_in(&region)
            .iter()
            .filter(|s| b.r.text(s).includes("原因"))
            .map(|s| (s.clone(), squeeze(b.r.text(s))))
            .collect();
    if sentences.is_empty() {
        return;
    }
    for ti in 0..b.rec.targets.len() {
        let t = &b.rec.targets[ti];
        if t.actual.is_none() || t.deviation_reason.is_some() {
            continue;
        }
        let name = squeeze(&t.name);
        if name.chars().count() < 4 {
            continue;
        }
        for (s, text) in &sentences {
            if let Some(at) = text.find(&name)
                && text[at + name.len()..].includes("原因")
            {
                b.rec.targets[ti].deviation_reason = Some(b.r.text(s).trim().to_string());
                b.put_range(&format!("targets[{ti}].deviation_reason"), s.clone());
                break;
            }
        }
    }
}

struct Candidate {
    label: String,
    token: Token,
    rate: Option<Token>,
}

/// Figures stated after the target section that may be targets' actual values.
fn candidates(b: &DeptBuilder<'_, '_>, region: Range<usize>, units: &[Option<&str>]) -> Vec<Candidate> {
    let mut out = Vec::new();
    for s in b.r.sentences_in(&region) {
        let toks = b.r.tokens_in(s);
        for (k, t) in toks.iter().enumerate() {
            if t.cmp.is_some() || !(t.unit.is_some() || t.percent) || t.money().is_some() {
                continue;
            }
            let unit = if t.percent { Some("%") } else { t.unit };
            if !units.iter().any(|u| same_unit(*u, unit)) {
                continue;
            }
            let label = b.r.label_before(t, s.start);
            if label.includes("完成率") || label.is_empty() {
                continue;
            }
            let rate = toks.get(k + 1).filter(|n| n.percent && b.r.label_str(n, s.start).includes("完成率")).cloned();
            // `A、B均为 V` states V for each of A and B.
            let raw = &b.r.doc.flow[s.start..t.start];
            let mut labels = vec![label.clone()];
            if raw.trim_end().ends_with("均为") || raw.trim_end().ends_with("均达到") {
                let clause_start = raw.rfind([',', ':', ';']).map_or(0, |i| i + 1);
                labels = raw[clause_start..]
                    .trim_end_matches("均为")
                    .trim_end_matches("均达到")
                    .split('、')
                    .map(clean_label)
                    .collect();
            }
            for l in labels {
                out.push(Candidate { label: l, token: t.clone(), rate: rate.clone() });
            }
        }
    }
    out
}

fn match_actuals(b: &mut DeptBuilder<'_, '_>, region: Range<usize>) {
    let units: Vec<Option<&str>> =
        b.rec.targets.iter().filter(|t| t.direction != Direction::Qualitative).map(|t| t.unit.as_deref()).collect();
    let cands: Vec<Candidate> = candidates(b, region, &units);
    let cand_norm: Vec<String> = cands.iter().map(|c| norm_label(&c.label)).collect();
    let cand_grams: Vec<Vec<(char, char)>> = cand_norm.iter().map(|l| bigrams(l)).collect();
    let mut pairs: Vec<(f32, usize, usize)> = Vec::new();
    for (ti, t) in b.rec.targets.iter().enumerate() {
        if t.direction == Direction::Qualitative {
            continue;
        }
        let tg = bigrams(&norm_label(&t.name));
        let unit = t.unit.as_deref();
        for (ci, c) in cands.iter().enumerate() {
            let cu = if c.token.percent { Some("%") } else { c.token.unit };
            if !same_unit(unit, cu) {
                continue;
            }
            let score = bigram_similarity(&tg, &cand_grams[ci]);
            if score >= 0.45 {
                pairs.push((score, ti, ci));
            }
        }
    }
    pairs.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
    let mut done_t = HashSet::new();
    let mut used_c: HashSet<(&str, Decimal)> = HashSet::new();
    for (_, ti, ci) in pairs {
        let c = &cands[ci];
        let key = (cand_norm[ci].as_str(), c.token.value);
        if done_t.contains(&ti) || used_c.contains(&key) {
            continue;
        }
        done_t.insert(ti);
        used_c.insert(key);
        let section = b.r.heading_before(c.token.start, 2).map(|h| h.title.clone());
        let tgt = &mut b.rec.targets[ti];
        tgt.actual = Some(Num(c.token.value));
        tgt.actual_at_least = c.token.at_least;
        tgt.actual_source = section;
        tgt.completion_rate_stated = c.rate.as_ref().map(|r| Percent(r.value));
        let tok = c.token.clone();
        b.put(&format!("targets[{ti}].actual"), &tok);
        if let Some(r) = c.rate.clone() {
            b.put(&format!("targets[{ti}].completion_rate_stated"), &r);
        }
    }
}

const COMPLETION_PHRASES: &[&str] = &[
    "完成率≥100%",
    "完成率>=100%",
    "均按要求按期完成",
    "均已完成",
    "均按期完成",
    "全部完成",
    "均完成",
    "均已达到",
    "全部达到",
    "按照计划完成目标",
    "按计划完成目标",
    "全面完成",
    "按时按量完成",
];

/// The direction a target's comparator gives (none: at least).
fn direction_of(cmp: Option<Cmp>) -> Direction {
    match cmp {
        Some(Cmp::AtMost | Cmp::Below) => Direction::AtMost,
        Some(Cmp::Equal) => Direction::Exactly,
        _ => Direction::AtLeast,
    }
}

/// Words labelling a target value in a sentence (`年初指标值为`).
const TARGET_WORDS: &[&str] = &["指标值", "目标值", "计划值", "预期值", "预期目标"];

/// Words labelling the actual value after it (`全年实际完成值`).
const ACTUAL_WORDS: &[&str] = &["实际完成", "完成值", "实际值", "实际达到", "实际为"];

/// Sentences outside the target section that state a target and its actual, each one target:
/// the target's figure labelled with a target word, then the next figure, of the same unit,
/// labelled with an actual word.
pub(super) fn stated_pairs(b: &mut DeptBuilder<'_, '_>) {
    let r = b.r;
    for s in r.sentences() {
        let s = s.clone();
        if b.is_used(s.start) || b.target_range.as_ref().is_some_and(|t| t.contains(&s.start)) {
            continue;
        }
        let toks = r.tokens_in(&s);
        let mut found = false;
        for (k, t) in toks.iter().enumerate() {
            if !(t.unit.is_some() || t.percent) {
                continue;
            }
            let label = r.label_str(t, s.start);
            let Some(at) = TARGET_WORDS.iter().filter(|w| label.includes(w)).filter_map(|w| label.find(w)).min() else {
                continue;
            };
            let Some(a) = toks.get(k + 1) else { continue };
            let unit_of = |x: &Token| if x.percent { Some("%") } else { x.unit };
            if !same_unit(unit_of(a), unit_of(t)) || a.cmp.is_some() {
                continue;
            }
            if !has(r.label_str(a, t.unit_end), ACTUAL_WORDS) {
                continue;
            }
            let name = clean_label(label[..at].trim_end_matches(['的', ' ']));
            let name = ["年初", "全年", "年度", "本年"].iter().fold(name, |n, w| n.trim_end_matches(w).to_string());
            if name.chars().count() < 2 {
                continue;
            }
            let direction = direction_of(t.cmp);
            let i = b.rec.targets.len();
            b.put(&format!("targets[{i}].target"), t);
            b.put(&format!("targets[{i}].actual"), a);
            b.rec.targets.push(Target {
                group: String::new(),
                name,
                direction,
                target: Some(Num(t.value)),
                unit: unit_of(t).map(str::to_string),
                target_text: None,
                actual: Some(Num(a.value)),
                actual_at_least: a.at_least,
                actual_text: None,
                actual_source: r.heading_before(s.start, 2).map(|h| h.title.clone()),
                completion_rate_stated: None,
                deviation_reason: None,
            });
            found = true;
        }
        if found {
            b.mark_used(s.start);
        }
    }
}

pub(super) fn claims(b: &mut DeptBuilder<'_, '_>) {
    let r = b.r;
    for s in r.sentences() {
        let s = s.clone();
        let text = b.r.said(&s);
        if !has(&text, &["目标", "指标"]) {
            continue;
        }
        let hits: Vec<(usize, usize)> = COMPLETION_PHRASES
            .iter()
            .filter(|p| text.includes(p))
            .flat_map(|p| text.match_indices(p).map(|(i, m)| (i, i + m.len())).collect::<Vec<_>>())
            .collect();
        let (Some(lo), Some(hi)) = (hits.iter().map(|h| h.0).min(), hits.iter().map(|h| h.1).max()) else { continue };
        let kind = if text.includes("项目") && !text.includes("完成目标") && !text.includes("指标") {
            ClaimKind::AllProjectsOnTime
        } else {
            ClaimKind::AllTargetsMet
        };
        let i = b.rec.claims.len();
        b.put_range(&format!("claims[{i}].text"), s.start + lo..s.start + hi);
        let source = b.r.heading_before(s.start, 4).map(|h| h.title.clone());
        b.rec.claims.push(Claim { kind, text: text.trim().to_string(), source });
    }
}

#[cfg(test)]
mod tests {
    use crate::reader::Reader;
    use crate::text::Doc;
    use jixiao_core::record::{Direction, Target};

    fn targets(text: &str) -> Vec<Target> {
        let doc = Doc::new(text.to_string());
        let reader = Reader::new(&doc);
        let tables = crate::tables::tables(&reader);
        super::super::extract(&reader, &tables).record.targets
    }

    #[test]
    fn a_sentence_stating_a_target_and_its_actual_is_a_target() {
        let t =
            targets("第一,培训人数年初指标值为不低于180人,全年实际完成值164人。第二,满意度目标值≥90%,实际完成值95%。");
        let got: Vec<(String, Direction, String, String)> = t
            .iter()
            .map(|t| {
                let v = |n: &Option<jixiao_core::value::Num>| n.as_ref().map(ToString::to_string).unwrap_or_default();
                (t.name.clone(), t.direction, v(&t.target), v(&t.actual))
            })
            .collect();
        assert_eq!(
            got,
            vec![
                ("培训人数".into(), Direction::AtLeast, "180".into(), "164".into()),
                ("满意度".into(), Direction::AtLeast, "90".into(), "95".into()),
            ]
        );
    }

    #[test]
    fn figures_of_other_units_or_without_an_actual_word_are_no_pair() {
        assert!(targets("培训人数年初指标值为180人,投入资金20万元。").is_empty());
        assert!(targets("培训人数年初指标值为180人,其中线上164人。").is_empty());
    }
}
