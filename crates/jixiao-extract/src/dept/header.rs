//! The cover of a department report (部门名称, 填报人, 联系电话, 单位负责人, 填报日期), read
//! from the `标签:值` lines at its top, and the year it evaluates.
//!
//! Only `header`; the units and offices are in [`super::organization`].

use crate::numbers::parse_chinese_date;

use super::DeptBuilder;

pub(super) fn header(b: &mut DeptBuilder<'_, '_>) {
    let text = &b.r.doc.text;
    let field = |keys: &[&str]| -> Option<String> {
        text.lines().take(80).find_map(|l| {
            let l = l.trim();
            let k = keys.iter().find(|k| l.starts_with(**k))?;
            let rest = l[k.len()..].trim_start_matches([' ', ':', '\u{ff1a}', '\t']).trim();
            (!rest.is_empty()).then(|| rest.to_string())
        })
    };
    b.rec.header.department = field(&["部门名称", "单位名称", "预算部门", "部门(单位)名称"]).unwrap_or_default();
    b.rec.header.filer = field(&["填报人"]);
    b.rec.header.phone = field(&["联系电话"]);
    b.rec.header.head = field(&["单位负责人"]);
    b.rec.header.filed_on = field(&["填报日期"]).and_then(|d| parse_chinese_date(&d));
    // The year evaluated: the four digits before the first `年度` (none if they are not a year).
    let flow = &b.r.doc.flow;
    let year = flow.find("年度").and_then(|i| {
        let head: String = flow[..i].chars().rev().take(4).collect::<Vec<_>>().into_iter().rev().collect();
        head.parse::<u16>().ok().filter(|y| (1990..=2100).contains(y))
    });
    b.rec.header.year = year.unwrap_or(0);
}
