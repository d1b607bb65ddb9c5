//! The figures the indicators rest on, each from the sentence or paragraph that states it:
//! 公用经费, 政府采购, 结转结余率, 支出率 / 执行率 with their bases, 固定资产利用率, projects with
//! performance targets, 存量资金, and the 三公经费 paragraph.
//!
//! Not the indicators' self-scores ([`super::scores`]) nor the year's budget and actual
//! ([`super::finance`]).

use crate::numbers::Token;
use crate::reader::clean_label;
use crate::text::Includes;
use jixiao_core::record::{
    Assets, Carryover, OperatingExpenses, Procurement, Projects, SpendingRate, ThreePublicExpenses, Treasury,
};
use jixiao_core::value::{Amount, Percent};

use super::{DeptBuilder, amount, count_of, has, heading_name};

pub(super) fn indicator_figures(b: &mut DeptBuilder<'_, '_>) {
    let r = b.r;
    for s in r.sentences() {
        let s = s.clone();
        if b.is_used(s.start) || !b.has_figures(&s) {
            continue;
        }
        let text = b.r.said(&s);
        let money = |t: &Token| t.money().is_some();
        let pct = |t: &Token| t.percent;
        // A 公用经费 sentence states that part of the budget: its rate is never the
        // department's spending rate.
        if text.includes("公用经费") {
            if b.rec.operating_expenses.is_some() {
                continue;
            }
            let budget = b.find(&s, |l| l.includes("预算"), money);
            let actual = b.find(&s, |l| has(l, &["决算", "支出数", "执行数"]), money);
            let rate = b.find(&s, |l| l.contains('率'), pct);
            if budget.is_some() || actual.is_some() {
                let mut o = OperatingExpenses::default();
                if let Some(t) = &budget {
                    o.budget = Some(amount(t));
                    b.put("operating_expenses.budget", t);
                }
                if let Some(t) = &actual {
                    o.actual = Some(amount(t));
                    b.put("operating_expenses.actual", t);
                }
                if let Some(t) = &rate {
                    o.rate_stated = Some(Percent(t.value));
                    b.put("operating_expenses.rate_stated", t);
                }
                b.rec.operating_expenses = Some(o);
                b.mark_used(s.start);
            }
            continue;
        }
        if text.includes("三公") {
            continue;
        }
        if text.includes("政府采购") && b.rec.procurement.is_none() {
            let planned = b.find(&s, |l| has(l, &["计划", "预算"]), money);
            let actual = b.find(&s, |l| l.includes("实际"), money);
            let rate = b.find(&s, |l| l.includes("执行率"), pct);
            if planned.is_some() || rate.is_some() {
                let mut p = Procurement::default();
                if let Some(t) = &planned {
                    p.planned = Some(amount(t));
                    b.put("procurement.planned", t);
                }
                if let Some(t) = &actual {
                    p.actual = Some(amount(t));
                    b.put("procurement.actual", t);
                }
                if let Some(t) = &rate {
                    p.rate_stated = Some(Percent(t.value));
                    b.put("procurement.rate_stated", t);
                }
                b.rec.procurement = Some(p);
                b.mark_used(s.start);
            }
            continue;
        }
        if text.includes("结转结余率") && b.rec.carryover.is_none() {
            let rate = b.find(&s, |l| l.includes("结转结余率"), pct);
            let spend = b.find(&s, |l| l.includes("支出率"), pct);
            if rate.is_some() {
                let mut c = Carryover::default();
                if let Some(t) = &rate {
                    c.rate_stated = Some(Percent(t.value));
                    b.put("carryover.rate_stated", t);
                }
                if let Some(t) = &spend {
                    c.spending_rate_stated = Some(Percent(t.value));
                    b.put("carryover.spending_rate_stated", t);
                }
                c.scope = scope_words(&text);
                b.rec.carryover = Some(c);
                b.mark_used(s.start);
            }
            continue;
        }
        if has(&text, &["支出率", "执行率"]) {
            let budget = b.find(&s, |l| l.includes("预算"), money);
            // `执行 X 万元`, `实际 X 万元` name the spending as well as `执行数`, `支出`.
            let actual =
                b.find(&s, |l| has(l, &["决算", "支出数", "执行", "支出", "实际"]) && !l.includes("预算"), money);
            let rate = b.find(&s, |l| has(l, &["支出率", "执行率"]), pct);
            if let (Some(bt), Some(at), Some(rt)) = (budget, actual, rate) {
                let i = b.rec.spending_rates.len();
                let label =
                    b.r.heading_before(s.start, 4)
                        .map(|h| heading_name(&h.title))
                        .filter(|h| h.contains('率'))
                        .unwrap_or_else(|| clean_label(&b.r.label_before(&rt, s.start)));
                b.put(&format!("spending_rates[{i}].budget"), &bt);
                b.put(&format!("spending_rates[{i}].actual"), &at);
                b.put(&format!("spending_rates[{i}].rate_stated"), &rt);
                b.rec.spending_rates.push(SpendingRate {
                    label,
                    budget: Some(amount(&bt)),
                    actual: Some(amount(&at)),
                    rate_stated: Some(Percent(rt.value)),
                    scope: scope_words(&text),
                });
                b.mark_used(s.start);
            }
            continue;
        }
        if text.includes("固定资产利用率") && b.rec.assets.is_none() {
            if let Some(t) = b.find(&s, |l| l.includes("利用率"), pct) {
                b.rec.assets = Some(Assets { utilization_stated: Some(Percent(t.value)), ..Default::default() });
                b.put("assets.utilization_stated", &t);
            }
            continue;
        }
        if text.includes("绩效目标") && text.includes("项目") && b.rec.projects.is_none() {
            let items = |t: &Token| t.unit == Some("项");
            let total = b.find(&s, |l| !l.includes("目标"), items);
            let with = b.find(&s, |l| l.includes("目标"), items);
            let rate = b.find(&s, |l| l.contains('率') || l.includes("比"), pct);
            if let (Some(tt), Some(wt)) = (total, with) {
                b.put("projects.total", &tt);
                b.put("projects.with_targets", &wt);
                let mut p = Projects { total: count_of(&tt), with_targets: count_of(&wt), ..Default::default() };
                if let Some(r) = rate {
                    p.coverage_stated = Some(Percent(r.value));
                    b.put("projects.coverage_stated", &r);
                }
                b.rec.projects = Some(p);
                b.mark_used(s.start);
            }
            continue;
        }
        if text.includes("存量资金")
            && b.rec.treasury.is_none()
            && let Some(t) = b.r.tokens_in(&s).iter().find(|t| !t.percent && t.value.is_zero() || t.money().is_some())
        {
            let t = t.clone();
            b.rec.treasury = Some(Treasury { idle_funds: Some(amount(&t)), idle_funds_last_year: None });
            b.put("treasury.idle_funds", &t);
        }
    }
}

fn scope_words(text: &str) -> Option<String> {
    ["含上年结转", "不含上年结转", "财政拨款口径", "口径", "调整后预算", "调整预算"]
        .iter()
        .find(|w| text.contains(**w))
        .map(|w| (*w).to_string())
}

pub(super) fn three_public(b: &mut DeptBuilder<'_, '_>) {
    let r = b.r;
    for p in r.paragraphs() {
        let p = p.clone();
        let text = b.r.text(&p);
        if !text.includes("三公") {
            continue;
        }
        let toks: Vec<Token> = b.r.tokens_in(&p).to_vec();
        let mut t3 = ThreePublicExpenses::default();
        let mut any = false;
        for t in &toks {
            let label = b.r.label_before(t, p.start);
            let money = t.money().is_some();
            let mut set = |slot: &mut Option<Amount>, path: &str, t: &Token| {
                if slot.is_none() {
                    *slot = Some(amount(t));
                    b.map.insert_span(path, b.r.span(t));
                    any = true;
                }
            };
            if t.unit == Some("元/人次") || (money && label.includes("人均")) {
                set(&mut t3.reception_per_visit_stated, "three_public_expenses.reception_per_visit_stated", t);
            } else if t.unit == Some("批次") {
                t3.reception_batches = count_of(t);
                b.map.insert_span("three_public_expenses.reception_batches", b.r.span(t));
            } else if t.unit == Some("人次") {
                t3.reception_visits = count_of(t);
                b.map.insert_span("three_public_expenses.reception_visits", b.r.span(t));
            } else if !money {
                continue;
            } else if label.includes("出国") {
                set(&mut t3.travel_abroad, "three_public_expenses.travel_abroad", t);
            } else if label.includes("公务用车") {
                set(&mut t3.vehicles, "three_public_expenses.vehicles", t);
            } else if label.includes("公务接待") {
                set(&mut t3.reception, "three_public_expenses.reception", t);
            } else if label.includes("预算") {
                set(&mut t3.budget, "three_public_expenses.budget", t);
            } else if has(&label, &["决算", "支出数", "执行数"]) {
                set(&mut t3.actual_stated, "three_public_expenses.actual_stated", t);
            }
        }
        if any {
            b.placed += 1;
            b.rec.three_public_expenses = Some(t3);
            for s in b.r.sentences_in(&p).to_vec() {
                b.mark_used(s.start);
            }
            return;
        }
    }
}
