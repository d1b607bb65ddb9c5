//! T007 未完成的绩效指标没有偏差原因分析.

use jixiao_core::Finding;
use jixiao_core::figure::Figure;
use jixiao_core::project::ProjectIndicator;
use jixiao_core::record::Direction;
use jixiao_core::scoring::{target_met, tier_index};

use super::{blank, project_indicators};
use crate::support::labelled;
use crate::{Context, Rule, RuleInfo, declare_rule, finding};

declare_rule! {
    /// ## 检查内容
    ///
    /// 项目支出绩效自评表中未完成的三级指标是否填写了“偏差原因分析及改进措施”
    /// (`deviation_reason`):定量指标的实际完成值怎么舍入都达不到指标值的,定性指标
    /// 自评为“部分达成”或“未达成”的。未完成的指标合并为一条提示。
    ///
    /// ## 为什么
    ///
    /// 自评表要求对未完成的指标逐项分析偏差原因、提出改进措施,这是自评结果应用的依据;
    /// 空着这一栏,复核时会被退回。此项为警告。
    ///
    /// ## 示例
    ///
    /// “配套灌溉渠道长度”指标值 ≥ 12 公里,实际完成 10.5 公里,偏差原因一栏空白。
    ///
    /// ## 如何修改
    ///
    /// 在该指标的“偏差原因分析及改进措施”一栏写明未完成的原因和下一步措施。
    pub struct MissedIndicatorUnexplained {
        code: "T007",
        name: "missed_indicator_unexplained",
        title: "未完成的绩效指标没有偏差原因分析",
        severity: Warning,
    }
}

/// How an indicator fell short, or `None` if it did not (or cannot be told).
fn shortfall(x: &ProjectIndicator) -> Option<String> {
    let unit = x.unit.as_deref().unwrap_or("");
    if x.direction == Direction::Qualitative {
        let tier = x.tier.as_deref()?;
        return (tier_index(tier)? > 0).then(|| format!("{}(自评为“{}”)", x.name.trim(), tier.trim()));
    }
    let (t, a) = (x.target?, x.actual?);
    let met = target_met(x.direction, Some(Figure::exact(t.0)), Some(a.figure()))?;
    (!met).then(|| format!("{} 实际 {a}{unit},指标值 {}{t}{unit}", x.name.trim(), x.direction.sign()))
}

impl Rule for MissedIndicatorUnexplained {
    fn info(&self) -> &'static RuleInfo {
        &Self::INFO
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        let inds = project_indicators(cx.record);
        let missed: Vec<(usize, String)> = inds
            .iter()
            .enumerate()
            .filter(|(_, x)| blank(x.deviation_reason.as_ref()))
            .filter_map(|(i, x)| shortfall(x).map(|s| (i, s)))
            .collect();
        let Some((first, _)) = missed.first() else { return };
        let path = |i: usize| {
            let key = if inds[i].direction == Direction::Qualitative { "tier" } else { "actual" };
            format!("indicators[{i}].{key}")
        };
        let mut f = finding(
            &Self::INFO,
            format!(
                "{} 个指标未完成且未分析偏差原因:{}",
                missed.len(),
                missed.iter().map(|(_, s)| s.as_str()).collect::<Vec<_>>().join(";")
            ),
            labelled(path(*first), "未完成"),
        );
        f.related = missed[1..].iter().map(|(i, _)| labelled(path(*i), "未完成")).collect();
        f.help =
            Some("在每个未完成指标的“偏差原因分析及改进措施”一栏(记录文件的 deviation_reason)写明原因和措施".into());
        out.push(f);
    }
}
