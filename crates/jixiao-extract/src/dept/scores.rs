//! 自评得分: the stated total (`总分`), each indicator's `(自评 N 分)` after its heading, and
//! the 加减分 self-score.
//!
//! The indicator system is matched to these names later, in [`crate::audit`]; this module
//! does not score anything.

use crate::numbers::Token;
use crate::text::Includes;
use jixiao_core::record::SelfScore;
use jixiao_core::value::Num;

use super::{DeptBuilder, heading_name};

pub(super) fn scores(b: &mut DeptBuilder<'_, '_>) {
    let flow = &b.r.doc.flow;
    let r = b.r;
    for s in r.sentences() {
        let s = s.clone();
        let text = &flow[s.clone()];
        if (text.includes("总分") || text.includes("总得分"))
            && b.rec.scoring.stated_total.is_none()
            && let Some(t) = b.r.tokens_in(&s).iter().rev().find(|t| t.unit == Some("分"))
        {
            let t = t.clone();
            b.rec.scoring.stated_total = Some(Num(t.value));
            b.put("scoring.stated_total", &t);
        }
    }
    let mut found: Vec<(String, Token)> = Vec::new();
    for (i, _) in flow.match_indices("(自评") {
        let close = flow[i..].find(')').map_or(flow.len(), |j| i + j);
        let inner = i..close;
        let Some(t) = b.r.tokens_in(&inner).iter().find(|t| t.unit == Some("分")).cloned() else { continue };
        let line_start = flow[..i].rfind('\n').map_or(0, |k| k + 1);
        let name = heading_name(&flow[line_start..i]);
        if !name.is_empty() {
            found.push((name, t));
        }
    }
    for (name, t) in found {
        if name.includes("加减分") || name.includes("加分") {
            b.rec.scoring.adjustment = Some(Num(t.value));
            b.put("scoring.adjustment", &t);
            continue;
        }
        let i = b.rec.scoring.scores.len();
        b.put(&format!("scoring.scores[{i}].self_score"), &t);
        b.rec.scoring.scores.push(SelfScore {
            code: String::new(),
            name: Some(name),
            self_score: Num(t.value),
            items_met: vec![],
            tier: None,
            violations: None,
            evidence: None,
        });
    }
}
