//! 人员编制构成: authorized and actual headcounts by category (行政, 行政执法, 参公, 事业,
//! 工勤, 购买服务), stated totals with their `(其中 …)` parts, retirees, official vehicles,
//! and the stated 在编率.
//!
//! Only the `staffing` part of the record; the offices and units are in
//! [`super::organization`].

use crate::numbers::Token;
use crate::text::Includes;
use jixiao_core::record::{StaffCounts, StaffingRate};
use jixiao_core::value::Percent;

use super::{DeptBuilder, count_of, has};

/// The headcount categories of [`StaffCounts`].
#[derive(Clone, Copy)]
enum StaffCategory {
    Administrative,
    LawEnforcement,
    CivilServiceManaged,
    PublicInstitution,
    ServiceStaff,
    Contracted,
}

fn category(label: &str) -> Option<StaffCategory> {
    Some(if label.includes("行政执法") {
        StaffCategory::LawEnforcement
    } else if label.includes("参公") {
        StaffCategory::CivilServiceManaged
    } else if label.includes("事业") {
        StaffCategory::PublicInstitution
    } else if has(label, &["工勤", "后勤"]) {
        StaffCategory::ServiceStaff
    } else if label.includes("购买服务") {
        StaffCategory::Contracted
    } else if label.includes("行政") {
        StaffCategory::Administrative
    } else {
        return None;
    })
}

fn set_cat(c: &mut StaffCounts, cat: StaffCategory, n: u32) -> (&'static str, bool) {
    let slot = match cat {
        StaffCategory::Administrative => (&mut c.administrative, "administrative"),
        StaffCategory::LawEnforcement => (&mut c.law_enforcement, "law_enforcement"),
        StaffCategory::CivilServiceManaged => (&mut c.civil_service_managed, "civil_service_managed"),
        StaffCategory::PublicInstitution => (&mut c.public_institution, "public_institution"),
        StaffCategory::ServiceStaff => (&mut c.service_staff, "service_staff"),
        StaffCategory::Contracted => (&mut c.contracted, "contracted"),
    };
    let fresh = slot.0.is_none();
    if fresh {
        *slot.0 = Some(n);
    }
    (slot.1, fresh)
}

pub(super) fn staffing(b: &mut DeptBuilder<'_, '_>) {
    let r = b.r;
    for s in r.sentences() {
        if !b.has_figures(s) {
            continue;
        }
        let text = b.r.said(s);
        let people = |t: &Token| matches!(t.unit, Some("名" | "人" | "个"));
        if text.includes("比率") && text.includes("在编") {
            if b.rec.staffing.staffing_rate.is_none()
                && let Some(t) = b.r.tokens_in(s).iter().find(|t| t.percent)
            {
                b.rec.staffing.staffing_rate = Some(StaffingRate {
                    stated: Percent(t.value),
                    includes_service_staff: text.includes("含工勤") && !text.includes("不含工勤"),
                    definition: Some(text.trim().to_string()),
                });
                let t = t.clone();
                b.put("staffing.staffing_rate.stated", &t);
            }
            continue;
        }
        if !(text.includes("编制") || text.includes("在职")) {
            continue;
        }
        let actual = has(&text, &["实有", "在职"]);
        let group = if actual { "staffing.actual" } else { "staffing.authorized" };
        let toks: Vec<Token> = b.r.tokens_in(s).to_vec();
        let mut k = 0;
        while k < toks.len() {
            let t = &toks[k];
            k += 1;
            let label = {
                let l = b.r.label_before(t, s.start);
                if l.is_empty() && people(t) { b.r.label_after(t) } else { l }
            };
            if t.unit == Some("台") {
                let (field, val) = if actual {
                    ("vehicles_actual", &mut b.rec.staffing.vehicles_actual)
                } else {
                    ("vehicles_authorized", &mut b.rec.staffing.vehicles_authorized)
                };
                if val.is_none() {
                    *val = count_of(t);
                    b.put(&format!("staffing.{field}"), t);
                }
                continue;
            }
            if !people(t) {
                continue;
            }
            let Some(n) = count_of(t) else { continue };
            if label.includes("退休") {
                if b.rec.staffing.retirees.is_none() {
                    b.rec.staffing.retirees = Some(n);
                    b.put("staffing.retirees", t);
                }
                continue;
            }
            // A figure followed by (其中 …) is a total of the figures inside.
            let after = &b.r.doc.flow[t.unit_end..s.end];
            if after.starts_with("(其中") {
                let close = after.find(')').map_or(s.end, |i| t.unit_end + i);
                let parts: Vec<StaffCategory> = toks
                    .iter()
                    .filter(|p| p.start > t.start && p.start < close)
                    .filter_map(|p| category(b.r.label_str(p, s.start)))
                    .collect();
                let own_level = !parts.is_empty()
                    && parts.iter().all(|c| matches!(c, StaffCategory::Administrative | StaffCategory::LawEnforcement));
                let counts = if actual { &mut b.rec.staffing.actual } else { &mut b.rec.staffing.authorized };
                let (slot, field) = if own_level {
                    (&mut counts.own_level_stated, "own_level_stated")
                } else {
                    (&mut counts.stated_total, "stated_total")
                };
                if slot.is_none() {
                    *slot = Some(n);
                    b.put(&format!("{group}.{field}"), t);
                }
                continue;
            }
            if let Some(cat) = category(&label) {
                let counts = if actual { &mut b.rec.staffing.actual } else { &mut b.rec.staffing.authorized };
                let (field, fresh) = set_cat(counts, cat, n);
                if fresh {
                    b.put(&format!("{group}.{field}"), t);
                }
            }
        }
        b.mark_used(s.start);
    }
}
