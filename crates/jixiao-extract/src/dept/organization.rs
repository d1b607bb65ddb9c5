//! The department's organisation: the units in its budget scope (`纳入…编制范围的单位共 N 个,
//! 分别是 …`) and the counted lists of offices and units (`设8个内设机构:A、B`).
//!
//! Not the staffing counts ([`super::staffing`]) nor the cover ([`super::header`]).

use crate::numbers::{Token, chinese_number};
use crate::reader::clean_label;
use crate::text::Includes;
use jixiao_core::record::{BudgetScope, CountedList};

use super::{DeptBuilder, has};

fn list_items(s: &str) -> Vec<String> {
    let s = s.trim().trim_end_matches(['。', '.', ';']);
    let mut items = Vec::new();
    for part in s.split(['、', ',']) {
        for p in part.split('和') {
            // drop parenthetical notes such as (非独立核算单位)
            let mut name = String::new();
            let mut depth = 0;
            for c in p.chars() {
                match c {
                    '(' => depth += 1,
                    ')' => depth = (depth - 1).max(0),
                    c if depth == 0 => name.push(c),
                    _ => {}
                }
            }
            let name = name.trim().to_string();
            if !name.is_empty() {
                items.push(name);
            }
        }
    }
    items
}

pub(super) fn budget_scope(b: &mut DeptBuilder<'_, '_>) {
    let r = b.r;
    for s in r.sentences() {
        let s = s.clone();
        if !b.has_figures(&s) {
            continue;
        }
        let text = b.r.said(&s);
        if !(text.includes("纳入") && has(&text, &["编制范围", "编报范围", "预算范围"]) && text.contains('共'))
        {
            continue;
        }
        let toks: Vec<Token> = b.r.tokens_in(&s).iter().filter(|t| t.unit == Some("个")).cloned().collect();
        let Some(total) = toks.iter().find(|t| b.r.doc.flow[s.start..t.start].ends_with('共')) else { continue };
        let mut scope = BudgetScope { stated_total: u32::try_from(total.value.mantissa()).ok(), ..Default::default() };
        b.put("organization.budget_scope.stated_total", total);
        scope.includes_own_level = text.includes("本级");
        if let Some(sub) = toks.iter().find(|t| b.r.label_str(t, s.start).includes("下属")) {
            scope.stated_subordinate = u32::try_from(sub.value.mantissa()).ok();
            b.put("organization.budget_scope.stated_subordinate", sub);
        }
        for key in ["分别是", "分别为", "包括:"] {
            if let Some(i) = text.find(key) {
                let list = &text[i + key.len()..];
                let list = list.trim_start_matches(':');
                scope.listed = list_items(list);
                let at = s.start + text.len() - list.len();
                b.put_range("organization.budget_scope.listed", at..s.end);
                scope.open_ended = list.trim_end_matches('。').ends_with('等');
                break;
            }
        }
        b.rec.organization.budget_scope = Some(scope);
        b.mark_used(s.start);
        return;
    }
}

/// `设8个内设机构:A、B` / `下属两个参公单位分别是A和B`.
pub(super) fn counted_lists(b: &mut DeptBuilder<'_, '_>) {
    let r = b.r;
    for s in r.sentences() {
        let s = s.clone();
        if b.is_used(s.start) {
            continue;
        }
        let text = b.r.said(&s);
        for (i, _) in text.match_indices('个') {
            // the numeral before 个
            let before = &text[..i];
            let num: String = before
                .chars()
                .rev()
                .take_while(|c| c.is_ascii_digit() || "零一二两三四五六七八九十".contains(*c))
                .collect::<Vec<_>>()
                .into_iter()
                .rev()
                .collect();
            let Some(n) = chinese_number(&num) else { continue };
            let after = &text[i + '个'.len_utf8()..];
            // The label is at most 12 characters: the keyword is looked for in the characters
            // right after 个, not in the rest of the sentence (a sentence may be a whole table).
            let head = &after[..after.char_indices().nth(16).map_or(after.len(), |(j, _)| j)];
            crate::work::add(head.len());
            let Some((label, list)) = ["分别是", "分别为", ":"].iter().find_map(|k| {
                let j = head.find(k)?;
                let label = &after[..j];
                (label.chars().count() <= 12 && !label.contains([',', '、', '。']))
                    .then(|| (label, &after[j + k.len()..]))
            }) else {
                continue;
            };
            let list_end = list.find(['。', ';']).unwrap_or(list.len());
            let items = list_items(&list[..list_end]);
            if items.is_empty() || label.is_empty() {
                continue;
            }
            let idx = b.rec.organization.unit_lists.len();
            let num_at = s.start + i - num.len();
            let is_offices = label.includes("内设机构");
            let path = if is_offices {
                "organization.internal_offices".to_string()
            } else {
                format!("organization.unit_lists[{idx}]")
            };
            b.put_range(&format!("{path}.stated_count"), num_at..s.start + i);
            let list_at = s.start + (text.len() - list.len());
            b.put_range(&format!("{path}.items"), list_at..list_at + list_end);
            b.placed += 1;
            let l = CountedList {
                label: clean_label(label).trim_start_matches("下属").to_string(),
                stated_count: Some(n),
                items,
                open_ended: list[..list_end].ends_with('等'),
            };
            if is_offices {
                b.rec.organization.internal_offices = Some(l);
            } else {
                b.rec.organization.unit_lists.push(l);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn list_items_drop_notes() {
        assert_eq!(list_items("A(非独立核算单位)、B(独立核算)和C。"), vec!["A", "B", "C"]);
    }

    /// A table copied one cell per line with `|` after each cell is one sentence of the text;
    /// each `个` in it looks only at the words right after it for the list's keyword.
    #[test]
    fn counts_in_a_long_sentence_cost_what_the_sentence_is_long() {
        let work = |n: usize| {
            let mut t = String::from("本局设3个下属单位:甲中心、乙站、丙所。\n");
            for i in 0..n {
                t.push_str(&format!("指标{i}号 |\n≥{i}个 |\n{i}个 |\n"));
            }
            let (rec, visited) = super::super::extract_counting(t);
            assert_eq!(rec.organization.unit_lists.len(), 1, "the list before the table is read");
            visited
        };
        let (small, large) = (work(300), work(3_000));
        assert!(small > 300, "the work is counted: {small}");
        assert!(large <= small * 12, "300: {small} visited, 3000: {large} visited");
    }
}
