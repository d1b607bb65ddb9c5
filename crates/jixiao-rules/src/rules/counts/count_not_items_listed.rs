//! N001 所称数量与列出的项目数不符.

use jixiao_core::record::{BudgetScope, CountedList};
use jixiao_core::{Finding, Record};

use crate::support::labelled;
use crate::{Context, Rule, RuleInfo, declare_rule, finding};

declare_rule! {
    /// ## 检查内容
    ///
    /// 文中写明的个数(“设 8 个内设机构”“下属两个参公单位”“纳入预算编制范围的单位共 5 个,
    /// 包括局本级和下属 5 个”)是否与随后列出的名称个数一致;“共 N 个”是否等于本级加下属单位数。
    /// 以“等”结尾的列表只要求列出的不多于所称个数。
    ///
    /// ## 为什么
    ///
    /// 单位个数决定决算编报范围和汇总口径。个数前后不一,说明漏列了单位,
    /// 或沿用了往年的文字而单位已经调整。
    ///
    /// ## 示例
    ///
    /// “单位共 5 个,包括局本级和下属 5 个预算单位”:本级加下属应为 6 个,而随后只列出 4 个
    /// 下属单位。“共 5 个”与“本级 + 列出的 4 个”相符,错的是“下属 5 个”。
    ///
    /// ## 如何修改
    ///
    /// 核对决算编报范围内的单位名单,使所称个数、“本级 + 下属”的个数和列出的名称三者一致。
    pub struct CountNotItemsListed {
        code: "N001",
        name: "count_not_items_listed",
        title: "所称数量与列出的项目数不符",
        severity: Error,
    }
}

impl Rule for CountNotItemsListed {
    fn info(&self) -> &'static RuleInfo {
        &Self::INFO
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        let Record::Dept(r) = cx.record else { return };
        let o = &r.organization;
        if let Some(l) = &o.internal_offices {
            list(l, "organization.internal_offices", out);
        }
        for (i, l) in o.unit_lists.iter().enumerate() {
            list(l, &format!("organization.unit_lists[{i}]"), out);
        }
        if let Some(s) = &o.budget_scope {
            scope(s, out);
        }
    }
}

fn list(l: &CountedList, path: &str, out: &mut Vec<Finding>) {
    let Some(n) = l.stated_count else { return };
    let listed = l.items.len();
    let bad = if l.open_ended { listed > n as usize } else { listed != n as usize };
    if bad {
        let mut f = finding(
            &CountNotItemsListed::INFO,
            format!("{}:称 {n} 个,但列出 {listed} 个({})", l.label, l.items.join("、")),
            labelled(format!("{path}.stated_count"), "所称个数"),
        );
        f.related = vec![labelled(format!("{path}.items"), "列出的名称")];
        f.stated = Some(n.to_string());
        f.computed = Some(listed.to_string());
        f.help = Some("核对名单,使所称个数与列出的名称一致".into());
        out.push(f);
    }
}

fn scope(s: &BudgetScope, out: &mut Vec<Finding>) {
    let own = u32::from(s.includes_own_level);
    let listed = s.listed.len() as u32;
    let mut problems = Vec::new();
    let mut primary = None;
    if let (Some(total), Some(sub)) = (s.stated_total, s.stated_subordinate)
        && total != own + sub
    {
        problems.push(format!(
            "称“共 {total} 个”,又称“{}下属 {sub} 个”(合计应为 {} 个)",
            if own == 1 { "包括本级和" } else { "" },
            own + sub
        ));
    }
    if let Some(sub) = s.stated_subordinate {
        let bad = if s.open_ended { listed > sub } else { listed != sub };
        if bad {
            problems.push(format!("称下属 {sub} 个,但只列出 {listed} 个"));
            primary = Some("organization.budget_scope.stated_subordinate");
        }
    }
    if let Some(total) = s.stated_total
        && !s.open_ended
        && s.stated_subordinate.is_none()
        && total != own + listed
    {
        problems.push(format!("称“共 {total} 个”,但本级加列出的下属单位为 {} 个", own + listed));
        primary = Some("organization.budget_scope.stated_total");
    }
    if problems.is_empty() {
        return;
    }
    let primary = primary.unwrap_or(if s.stated_subordinate.is_some() {
        "organization.budget_scope.stated_subordinate"
    } else {
        "organization.budget_scope.stated_total"
    });
    let mut f = finding(
        &CountNotItemsListed::INFO,
        format!("纳入预算编制范围的单位数前后不一:{}", problems.join(";")),
        labelled(primary, "个数"),
    );
    f.related = [
        ("organization.budget_scope.stated_total", "共"),
        ("organization.budget_scope.stated_subordinate", "下属"),
        ("organization.budget_scope.listed", "列出的单位"),
    ]
    .into_iter()
    .filter(|(p, _)| *p != primary)
    .map(|(p, l)| labelled(p, l))
    .collect();
    f.stated = s
        .stated_total
        .map(|t| format!("共 {t} 个;下属 {} 个", s.stated_subordinate.map_or("?".into(), |v| v.to_string())));
    f.computed = Some(format!("{}列出下属 {listed} 个", if own == 1 { "本级 1 个 + " } else { "" }));
    f.help = Some("核对决算编报范围内的单位名单,使总数、“本级 + 下属”个数与列出的名称一致".into());
    out.push(f);
}
