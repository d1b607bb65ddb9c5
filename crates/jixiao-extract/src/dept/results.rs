//! Figures of the year's work outside the targets: the 劳动人事争议仲裁 case figures (人社
//! departments) and any other stated total with its `其中` parts.
//!
//! Not the targets' actual values ([`super::targets`]).

use crate::numbers::{Token, same_unit};
use crate::text::Includes;
use jixiao_core::record::{Arbitration, Breakdown, Part};
use jixiao_core::value::{Num, Percent};

use super::{DeptBuilder, amount, count_of, has};

pub(super) fn arbitration(b: &mut DeptBuilder<'_, '_>) {
    let r = b.r;
    for p in r.paragraphs() {
        let p = p.clone();
        let text = b.r.text(&p);
        if !(text.includes("仲裁") && text.contains('宗')) {
            continue;
        }
        let mut a = Arbitration::default();
        let toks: Vec<Token> = b.r.tokens_in(&p).to_vec();
        for t in &toks {
            let l = b.r.label_before(t, p.start);
            let path_count: Option<(&mut Option<u32>, &str)> = if t.unit == Some("宗") {
                if l.includes("不予受理") {
                    Some((&mut a.refused, "refused"))
                } else if l.includes("受理") {
                    Some((&mut a.accepted, "accepted"))
                } else if l.includes("申请") {
                    Some((&mut a.applications, "applications"))
                } else if l.includes("未结") {
                    Some((&mut a.carried_over, "carried_over"))
                } else if l.includes("裁决") {
                    Some((&mut a.closed_by_award, "closed_by_award"))
                } else if l.includes("案外") {
                    Some((&mut a.mediated_outside, "mediated_outside"))
                } else if l.includes("调解") {
                    Some((&mut a.closed_by_mediation, "closed_by_mediation"))
                } else if has(&l, &["办结", "已结", "结案"]) {
                    Some((&mut a.closed, "closed"))
                } else {
                    None
                }
            } else if t.unit == Some("人") && l.includes("劳动者") {
                Some((&mut a.workers, "workers"))
            } else {
                None
            };
            if let Some((slot, field)) = path_count {
                if slot.is_none() {
                    *slot = count_of(t);
                    b.map.insert_span(format!("arbitration.{field}"), b.r.span(t));
                }
                continue;
            }
            if t.percent {
                let (slot, field) = if l.includes("结案率") && !l.includes("投诉") {
                    (&mut a.closure_rate_stated, "closure_rate_stated")
                } else if l.includes("调解成功率") {
                    (&mut a.mediation_rate_stated, "mediation_rate_stated")
                } else {
                    continue;
                };
                if slot.is_none() {
                    *slot = Some(Percent(t.value));
                    b.map.insert_span(format!("arbitration.{field}"), b.r.span(t));
                }
            } else if t.money().is_some() && l.includes("涉案金额") && a.amount.is_none() {
                a.amount = Some(amount(t));
                b.map.insert_span("arbitration.amount", b.r.span(t));
            }
        }
        if a.applications.is_some() || a.closed.is_some() {
            b.placed += 1;
            b.rec.arbitration = Some(a);
            for s in b.r.sentences_in(&p).to_vec() {
                b.mark_used(s.start);
            }
            return;
        }
    }
}

pub(super) fn breakdowns(b: &mut DeptBuilder<'_, '_>) {
    let r = b.r;
    for s in r.sentences() {
        let s = s.clone();
        if b.is_used(s.start) || !b.has_figures(&s) {
            continue;
        }
        let text = b.r.said(&s);
        let Some(qi) = text.find("其中") else { continue };
        let qpos = s.start + qi;
        let toks = b.r.tokens_in(&s);
        let Some(total) = toks.iter().rev().find(|t| t.start < qpos && (t.unit.is_some() || t.money().is_some()))
        else {
            continue;
        };
        // Parts: the figures right after 其中 with the total's unit, up to the next clause without one.
        let parts: Vec<&Token> = toks
            .iter()
            .filter(|t| t.start > qpos && same_unit(t.unit, total.unit) && !t.percent)
            .take_while(|t| !b.r.doc.flow[qpos..t.start].contains('。'))
            .collect();
        if parts.is_empty() || parts.len() > 12 {
            continue;
        }
        let i = b.rec.breakdowns.len();
        b.put(&format!("breakdowns[{i}].total"), total);
        let mut bd = Breakdown {
            label: b.r.label_before(total, s.start),
            unit: total.unit.map(str::to_string),
            total: Num(total.value),
            parts: vec![],
            complete: false,
        };
        for (j, p) in parts.iter().enumerate() {
            b.map.insert_span(format!("breakdowns[{i}].parts[{j}].value"), b.r.span(p));
            bd.parts.push(Part { label: b.r.label_before(p, qpos), value: Num(p.value) });
        }
        b.rec.breakdowns.push(bd);
    }
}
