//! Figures of the year's work outside the targets: the 劳动人事争议仲裁 case figures (人社
//! departments). Totals stated with their parts are [`super::breakdowns`].
//!
//! Not the targets' actual values ([`super::targets`]).

use crate::numbers::Token;
use crate::text::Includes;
use jixiao_core::record::Arbitration;
use jixiao_core::value::Percent;

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
