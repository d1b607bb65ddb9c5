//! 一、(一) 部门整体概况: the department's duties, the units in its budget scope, its offices
//! and unit lists, and its staffing.
//!
//! Not its finances ([`super::finance`]) nor its targets ([`super::targets`]).

use crate::sentences::TemplateError;
use jixiao_core::record::StaffCounts;

use super::ReportBuilder;

pub(super) fn overview(b: &mut ReportBuilder<'_>) -> Result<(), TemplateError> {
    let r = b.r;
    b.out.heading(2, "(一)部门整体概况");
    b.out.heading(3, "1.部门主要职责。");
    if r.duties.is_empty() {
        b.missing("部门主要职责", &["duties"])?;
    }
    for (i, d) in r.duties.iter().enumerate() {
        b.out.para(format!("({}){d}", i + 1));
    }
    b.out.heading(3, "2.纳入预算编制范围的单位。");
    match &r.organization.budget_scope {
        Some(s) if !s.listed.is_empty() => {
            let own = r.organization.own_level.clone().unwrap_or_else(|| "本级".into());
            let own_short = if s.includes_own_level {
                own.rsplit('(').next().map(|x| x.trim_end_matches(')')).unwrap_or("本级").to_string()
            } else {
                String::new()
            };
            // As filed, the counts the record states (which may not match the list).
            let filed = |n: Option<u32>| n.filter(|_| b.as_filed).and_then(|n| usize::try_from(n).ok());
            let sub = filed(s.stated_subordinate).unwrap_or(s.listed.len());
            let total = filed(s.stated_total).unwrap_or(sub + usize::from(s.includes_own_level));
            let text = b.fill(
                "budget_scope",
                &[
                    ("year", b.year.clone()),
                    ("total", total.to_string()),
                    ("own_level", if own_short.is_empty() { "本级".into() } else { own_short }),
                    ("subordinate", sub.to_string()),
                    ("list", s.listed.join("、")),
                ],
            )?;
            b.out.para(text);
        }
        _ => b.missing("纳入预算编制范围的单位", &["organization.budget_scope.listed"])?,
    }
    b.out.heading(3, "3.部门人员编制构成。");
    let dept = r.header.department.clone();
    if let Some(o) = &r.organization.internal_offices
        && !o.items.is_empty()
    {
        let t = b.fill(
            "internal_offices",
            &[("department", dept.clone()), ("count", o.items.len().to_string()), ("list", o.items.join("、"))],
        )?;
        b.out.para(format!("(1)内设机构设置:{t}"));
    }
    for l in &r.organization.unit_lists {
        if l.items.is_empty() {
            continue;
        }
        let t = b.fill(
            "unit_list",
            &[("count", l.items.len().to_string()), ("label", l.label.clone()), ("list", l.items.join("、"))],
        )?;
        b.out.para(t);
    }
    let s = &r.staffing;
    if s.authorized.any() || s.actual.any() {
        let mut text = String::from("(2)人员构成:");
        if s.authorized.any() {
            text.push_str(&b.fill(
                "staffing_authorized",
                &[
                    ("department", dept.clone()),
                    ("total", s.authorized.sum().to_string()),
                    ("parts", staff_parts(&s.authorized, "名")),
                    ("vehicles", s.vehicles_authorized.map_or("0".into(), |v| v.to_string())),
                ],
            )?);
        }
        if s.actual.any() {
            text.push_str(&b.fill(
                "staffing_actual",
                &[
                    ("year", b.year.clone()),
                    ("total", s.actual.sum().to_string()),
                    ("parts", staff_parts(&s.actual, "人")),
                    ("vehicles", s.vehicles_actual.map_or("0".into(), |v| v.to_string())),
                    ("retirees", s.retirees.map_or("0".into(), |v| v.to_string())),
                ],
            )?);
        }
        b.out.para(text);
    } else {
        b.missing("人员编制构成", &["staffing.authorized", "staffing.actual"])?;
    }
    Ok(())
}

fn staff_parts(c: &StaffCounts, unit: &str) -> String {
    c.categories()
        .iter()
        .filter_map(|(name, _, v)| v.map(|v| format!("{name}{v}{unit}")))
        .collect::<Vec<_>>()
        .join("、")
}
