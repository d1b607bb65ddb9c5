//! T006 实际完成值与指标值全部相同.

use jixiao_core::Finding;
use jixiao_core::record::Direction;

use super::project_indicators;
use crate::support::labelled;
use crate::{Context, Rule, RuleInfo, declare_rule, finding};

declare_rule! {
    /// ## 检查内容
    ///
    /// 项目支出绩效自评表中,填了实际完成值的指标有三个以上,而每一个的实际完成值都与
    /// 年度指标值一字不差(定量指标数值相同,定性指标完成情况与指标值描述相同)。
    ///
    /// ## 为什么
    ///
    /// 实际完成值应来自统计、验收和台账,恰好全部等于年初定下的指标值的情形很少见;
    /// 更常见的是把指标值抄进了实际完成值一栏。此项为警告:请核实,确系如此的可以说明。
    ///
    /// ## 示例
    ///
    /// 五个指标的指标值为 3000 亩、12 公里、100%、2000 元/亩、90%,实际完成值也是这五个数。
    ///
    /// ## 如何修改
    ///
    /// 按统计、验收结果或台账填写实际完成值;确实恰好完成的,在偏差原因分析一栏写明依据。
    pub struct ActualsCopyTargets {
        code: "T006",
        name: "actuals_copy_targets",
        title: "实际完成值与指标值全部相同",
        severity: Warning,
    }
}

impl Rule for ActualsCopyTargets {
    fn info(&self) -> &'static RuleInfo {
        &Self::INFO
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        let inds = project_indicators(cx.record);
        // (index, the actual equals the target). A copy is the same number, not one within
        // rounding: this compares the values as written, not their rounding intervals.
        let compared: Vec<(usize, bool)> = inds
            .iter()
            .enumerate()
            .filter_map(|(i, x)| match x.direction {
                Direction::Qualitative => {
                    let (t, a) = (x.target_text.as_deref()?.trim(), x.actual_text.as_deref()?.trim());
                    (!t.is_empty() && !a.is_empty()).then_some((i, t == a))
                }
                _ => Some((i, x.target?.0 == x.actual?.0)),
            })
            .collect();
        if compared.len() < 3 || !compared.iter().all(|(_, same)| *same) {
            return;
        }
        let path = |i: usize| {
            let key = if inds[i].direction == Direction::Qualitative { "actual_text" } else { "actual" };
            format!("indicators[{i}].{key}")
        };
        let mut f = finding(
            &Self::INFO,
            format!("{} 个指标的实际完成值与年度指标值全部相同,请核实是否照抄了指标值", compared.len()),
            labelled(path(compared[0].0), "与指标值相同"),
        );
        f.related = compared[1..].iter().map(|(i, _)| labelled(path(*i), "与指标值相同")).collect();
        f.help = Some("按统计、验收结果或台账填写实际完成值;确实恰好完成的,在偏差原因分析一栏写明依据".into());
        out.push(f);
    }
}
