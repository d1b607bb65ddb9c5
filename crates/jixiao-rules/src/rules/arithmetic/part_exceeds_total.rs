//! A004 分项大于合计.

use jixiao_core::figure::Figure;
use jixiao_core::num::MoneyUnit;
use jixiao_core::{Finding, Record};

use crate::support::labelled;
use crate::{Context, Rule, RuleInfo, declare_rule, finding};

declare_rule! {
    /// ## 检查内容
    ///
    /// “其中”所列的分项(或分项之和)不能大于它所属的合计:项目资金表“年度资金总额”
    /// 与其下“当年财政拨款”“上年结转资金”等行;只列出部分分项的合计
    /// (如“新增取得证书 1068 人次,其中高级工 265 人次”);设置绩效目标的项目数与项目总数。
    /// 比较考虑四舍五入。
    ///
    /// ## 为什么
    ///
    /// 分项大于合计说明合计行漏填、填成 0,或分项填错了行。
    /// 执行率和得分通常取自合计行,合计为 0 会让整张表的执行率和得分都错。
    ///
    /// ## 示例
    ///
    /// 年度资金总额的年初预算数写 0,其下“本年财政拨款”写 90:总额不可能小于其中一项。
    ///
    /// ## 如何修改
    ///
    /// 补填或改正合计行;核对分项是否填在了正确的行。
    pub struct PartExceedsTotal {
        code: "A004",
        name: "part_exceeds_total",
        title: "分项大于合计",
        severity: Error,
    }
}

impl Rule for PartExceedsTotal {
    fn info(&self) -> &'static RuleInfo {
        &Self::INFO
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        match cx.record {
            Record::Dept(r) => {
                for (i, b) in r.breakdowns.iter().enumerate() {
                    if b.parts.is_empty() {
                        continue;
                    }
                    let Ok(sum) = Figure::sum(b.parts.iter().map(|p| p.value.figure())) else { continue };
                    if !sum.may_be_le(&b.total.figure()) {
                        let mut f = finding(
                            &Self::INFO,
                            format!("“{}”:其中所列分项之和 {} 大于合计 {}", b.label, sum.face, b.total),
                            labelled(format!("breakdowns[{i}].total"), "合计"),
                        );
                        f.related = (0..b.parts.len())
                            .map(|j| labelled(format!("breakdowns[{i}].parts[{j}].value"), "分项"))
                            .collect();
                        f.stated = Some(b.total.to_string());
                        f.computed = Some(sum.face.to_string());
                        f.help = Some("核对合计与各分项,改正录错的一方".into());
                        out.push(f);
                    }
                }
                if let Some(p) = &r.projects
                    && let (Some(with), Some(total)) = (p.with_targets, p.total)
                    && with > total
                {
                    let mut f = finding(
                        &Self::INFO,
                        format!("设置绩效目标的项目数 {with} 大于项目总数 {total}"),
                        labelled("projects.with_targets", "设置目标的项目数"),
                    );
                    f.related = vec![labelled("projects.total", "项目总数")];
                    f.stated = Some(with.to_string());
                    f.computed = Some(format!("≤ {total}"));
                    f.help = Some("核对项目总数与设置绩效目标的项目数".into());
                    out.push(f);
                }
            }
            Record::Project(r) => {
                let w = MoneyUnit::WanYuan;
                for (label, field, get) in jixiao_core::project::FUND_COLUMNS {
                    let total = get(&r.funds.total)
                        .map(|a| a.figure_in(w))
                        .unwrap_or(Figure::exact(jixiao_core::Decimal::ZERO));
                    for (i, part) in r.funds.parts.iter().enumerate() {
                        let Some(p) = get(part) else { continue };
                        if !p.figure_in(w).may_be_le(&total) {
                            let mut f = finding(
                                &Self::INFO,
                                format!(
                                    "项目资金“{label}”:“{}”为 {},大于年度资金总额 {}",
                                    part.label,
                                    p.value,
                                    get(&r.funds.total).map_or("(未填)".to_string(), |a| a.value.to_string())
                                ),
                                labelled(format!("funds.total.{field}"), "年度资金总额"),
                            );
                            f.related = vec![labelled(format!("funds.parts[{i}].{field}"), "其中")];
                            f.stated = Some(total.face.to_string());
                            f.computed = Some(format!("≥ {}", p.value));
                            f.help = Some("补填或改正年度资金总额行,使其不小于其中各项".into());
                            out.push(f);
                        }
                    }
                }
            }
        }
    }
}
