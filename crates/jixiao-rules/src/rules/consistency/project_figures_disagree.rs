//! C005 部门所述项目数字与项目自评记录不符.

use std::collections::HashMap;

use jixiao_core::figure::Figure;
use jixiao_core::num::{MoneyUnit, format_fixed};
use jixiao_core::project_summary::{self, SummaryRow};
use jixiao_core::record::DeptRecord;
use jixiao_core::{Finding, Pointer, Record};

use crate::support::{labelled, mismatch, mismatch_finding};
use crate::{Context, Rule, RuleInfo, declare_rule, finding};

declare_rule! {
    /// ## 检查内容
    ///
    /// 部门记录列出了本部门各项目的项目支出绩效自评记录(`[projects]` 的 `files` 或
    /// `[[projects.inline]]`)时,部门自己写明的项目数字是否与这些项目记录相符:
    ///
    /// - 所称项目总数(`projects.total`)不能少于列出的项目个数;
    /// - 所称项目支出(`projects.project_spending`)不能小于所列项目全年执行数之和;
    ///   列出的项目个数等于所称项目总数(即列全了)时,两者应当相等。
    ///
    /// 写明的数字代表其舍入区间(如 1545.5 代表 1545.45–1545.55),各项目的全年执行数也按
    /// 舍入区间相加,只有区间不相交时才报告,不会因四舍五入误报。
    ///
    /// ## 为什么
    ///
    /// 部门报告中的项目支出绩效自评结果汇总表由各项目的自评表汇总而来。部门正文所称的
    /// 项目个数和项目支出若与各项目自评表对不上,说明漏列或多列了项目,或者某个项目的
    /// 执行数填错了,读者无法判断哪一个数字可信。
    ///
    /// ## 示例
    ///
    /// 部门记录称“项目总数 2 项,项目支出 1545.50 万元”,却列出了 3 个项目的自评记录;
    /// 3 个项目的全年执行数为 608.00、905.50 和 32.00 万元,合计 1545.50 万元。
    /// 项目总数应为 3 项。
    ///
    /// ## 如何修改
    ///
    /// 逐个核对所列项目自评表的“全年执行数”和部门决算中的项目支出,使项目总数与列出的
    /// 项目一致、项目支出等于各项目执行数之和;发现中点名的项目是需要核对的对象。
    pub struct ProjectFiguresDisagree {
        code: "C005",
        name: "project_figures_disagree",
        title: "部门所述项目数字与项目自评记录不符",
        severity: Error,
    }
}

impl Rule for ProjectFiguresDisagree {
    fn info(&self) -> &'static RuleInfo {
        &Self::INFO
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        let Record::Dept(r) = cx.record else { return };
        let Some(p) = &r.projects else { return };
        let places = project_summary::places(r);
        if places.is_empty() {
            return;
        }
        let own;
        let rows: &[SummaryRow] = match cx.projects {
            Some(rows) => rows,
            None => {
                own = inline_rows(r);
                &own
            }
        };
        let listed = places.len();
        if let Some(total) = p.total
            && (total as usize) < listed
        {
            let by_place: HashMap<&str, &SummaryRow> = rows.iter().map(|r| (r.place.as_str(), r)).collect();
            let name = |pl: &String| by_place.get(pl.as_str()).map_or_else(|| pl.clone(), |r| format!("“{}”", r.name));
            let names = places.iter().map(name).collect::<Vec<_>>().join("、");
            let mut f = finding(
                &ProjectFiguresDisagree::INFO,
                format!("项目总数称 {total} 项,但列出了 {listed} 个项目的自评记录({names})"),
                labelled("projects.total", "项目总数"),
            );
            f.related = places.iter().map(|pl| labelled(pl.clone(), format!("列出的项目{}", name(pl)))).collect();
            f.stated = Some(format!("{total} 项"));
            f.computed = Some(format!("{listed} 项"));
            f.help = Some("核对本部门的项目清单,使项目总数与列出的项目自评记录一致".into());
            out.push(f);
        }
        if let Some(spending) = &p.project_spending {
            spending_check(spending.figure_in(MoneyUnit::WanYuan), rows, listed, p.total, out);
        }
    }
}

/// 项目支出 against the projects' 全年执行数: equal when every project is listed and known,
/// else not below the sum of those known.
fn spending_check(stated: Figure, rows: &[SummaryRow], listed: usize, total: Option<u32>, out: &mut Vec<Finding>) {
    let known: Vec<(&SummaryRow, Figure)> = rows.iter().filter_map(|r| Some((r, r.actual_figure?))).collect();
    if known.is_empty() {
        return;
    }
    let Ok(sum) = Figure::sum(known.iter().map(|(_, f)| *f)) else { return };
    let dp = stated.face.scale().max(2);
    let parts =
        known.iter().map(|(r, f)| format!("“{}”{}", r.name, format_fixed(f.face, dp))).collect::<Vec<_>>().join("、");
    let related: Vec<Pointer> = known.iter().map(|(r, _)| labelled(actual_path(r), r.name.clone())).collect();
    let complete = known.len() == listed && total == Some(listed as u32);
    let primary = labelled("projects.project_spending", "项目支出");
    if complete {
        let Some(m) = mismatch(stated, Ok(sum)) else { return };
        let head = format!("项目支出应等于所列全部 {listed} 个项目的全年执行数之和({parts})");
        out.push(mismatch_finding(
            &ProjectFiguresDisagree::INFO,
            &m,
            stated.face,
            "万元",
            head,
            primary,
            related,
            "核对各项目自评表的全年执行数和部门决算中的项目支出,使两者一致",
        ));
    } else if !sum.may_be_le(&stated) {
        let n = known.len();
        let mut f = finding(
            &ProjectFiguresDisagree::INFO,
            format!(
                "项目支出称 {} 万元,少于所列 {n} 个项目的全年执行数之和 {} 万元({parts})",
                stated.face,
                format_fixed(sum.face, dp)
            ),
            primary,
        );
        f.related = related;
        f.stated = Some(format!("{}万元", stated.face));
        f.computed = Some(format!("不少于 {}万元", format_fixed(sum.face, dp)));
        f.help = Some("部门的项目支出包含所列各项目的执行数,不能比它们的和还少:核对各项目的全年执行数".into());
        out.push(f);
    }
}

/// Where a project's 全年执行数 is: inside the department record for an inline project, else
/// the listed file.
fn actual_path(r: &SummaryRow) -> String {
    if r.place.starts_with("projects.inline[") { format!("{}.funds.total.actual", r.place) } else { r.place.clone() }
}

/// The rows of the department's inline projects (numbered after its files), when the caller
/// gave none.
fn inline_rows(r: &DeptRecord) -> Vec<SummaryRow> {
    let Some(p) = &r.projects else { return Vec::new() };
    p.inline
        .iter()
        .enumerate()
        .map(|(i, rec)| project_summary::row(p.files.len() + i + 1, format!("projects.inline[{i}]"), rec, None))
        .collect()
}
