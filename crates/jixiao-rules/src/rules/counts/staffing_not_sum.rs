//! N002 人员分类之和与总数不符.

use jixiao_core::record::StaffCounts;
use jixiao_core::{Finding, Record};

use crate::support::labelled;
use crate::{Context, Rule, RuleInfo, declare_rule, finding};

declare_rule! {
    /// ## 检查内容
    ///
    /// 编制数和实有人数的总数(如“实有在职人员 80 人”)是否等于各类人员
    /// (行政、行政执法专项、参公、事业、工勤、购买服务)之和;
    /// 本级编制数(如“30 名,其中行政编制 22 名、行政执法专项编制 8 名”)是否等于其中所列之和。
    ///
    /// ## 为什么
    ///
    /// 人员数是人员经费、在编率等指标的依据,分类与总数不符会使这些指标无法复核。
    ///
    /// ## 示例
    ///
    /// “实有在职人员 80 人(其中行政编制 27 人,参公 6 人,事业编 42 人,工勤人员 2 人,
    /// 购买服务人员 3 名)”:27 + 6 + 42 + 2 + 3 = 80,相符。若写成 81 人则报告。
    ///
    /// ## 如何修改
    ///
    /// 按人事部门的花名册核对各类人数和总数。
    pub struct StaffingNotSum {
        code: "N002",
        name: "staffing_not_sum",
        title: "人员分类之和与总数不符",
        severity: Error,
    }
}

impl Rule for StaffingNotSum {
    fn info(&self) -> &'static RuleInfo {
        &Self::INFO
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        let Record::Dept(r) = cx.record else { return };
        counts(&r.staffing.authorized, "staffing.authorized", "核定编制", out);
        counts(&r.staffing.actual, "staffing.actual", "实有人数", out);
    }
}

fn counts(c: &StaffCounts, path: &str, what: &str, out: &mut Vec<Finding>) {
    let detail = |cats: &[(&str, &str, Option<u32>)]| {
        cats.iter().filter_map(|(n, _, v)| v.map(|v| format!("{n} {v}"))).collect::<Vec<_>>().join(" + ")
    };
    if let Some(total) = c.stated_total
        && c.any()
        && u64::from(total) != c.sum()
    {
        let cats = c.categories();
        let mut f = finding(
            &StaffingNotSum::INFO,
            format!("{what}总数写 {total},而各类之和为 {} = {}", detail(&cats), c.sum()),
            labelled(format!("{path}.stated_total"), "总数"),
        );
        f.related = cats
            .iter()
            .filter(|x| x.2.is_some())
            .map(|(n, field, _)| labelled(format!("{path}.{field}"), *n))
            .collect();
        f.stated = Some(total.to_string());
        f.computed = Some(c.sum().to_string());
        f.help = Some("按花名册核对各类人数与总数".into());
        out.push(f);
    }
    if let Some(own) = c.own_level_stated
        && (c.administrative.is_some() || c.law_enforcement.is_some())
    {
        let sum = u64::from(c.administrative.unwrap_or(0)) + u64::from(c.law_enforcement.unwrap_or(0));
        if u64::from(own) != sum {
            let mut f = finding(
                &StaffingNotSum::INFO,
                format!("本级{what}写 {own},而其中行政编制与行政执法专项编制之和为 {sum}"),
                labelled(format!("{path}.own_level_stated"), "本级"),
            );
            f.related = vec![
                labelled(format!("{path}.administrative"), "行政"),
                labelled(format!("{path}.law_enforcement"), "行政执法专项"),
            ];
            f.stated = Some(own.to_string());
            f.computed = Some(sum.to_string());
            f.help = Some("核对本级编制数及其构成".into());
            out.push(f);
        }
    }
}
