//! T003 绩效指标没有指标值或计量单位.

use jixiao_core::Finding;
use jixiao_core::record::Direction;

use super::{blank, indicator_name, project_indicators};
use crate::support::labelled;
use crate::{Context, Rule, RuleInfo, declare_rule, finding};

declare_rule! {
    /// ## 检查内容
    ///
    /// 项目支出绩效自评表的每个三级指标是否可以衡量:定量指标(≥、≤、=)须有年度指标值和
    /// 计量单位,定性指标须写明要达到的状态(指标值描述)。每个指标一条提示。
    ///
    /// ## 为什么
    ///
    /// 绩效指标要“细化、量化、可衡量”。没有指标值,实际完成情况无从比较,得分也就没有依据;
    /// 没有单位,“≥ 12”是 12 公里还是 12 个月说不清。此项为警告。
    ///
    /// ## 示例
    ///
    /// 产出指标“新建机耕路”方向为 ≥,指标值 12,单位空着。
    ///
    /// ## 如何修改
    ///
    /// 补上指标值和单位(公里、人次、%、万元……);确实无法量化的,方向改为“定性”,
    /// 并在“指标值描述”中写明要达到的具体状态。
    pub struct IndicatorNotMeasurable {
        code: "T003",
        name: "indicator_not_measurable",
        title: "绩效指标没有指标值或计量单位",
        severity: Warning,
    }
}

impl Rule for IndicatorNotMeasurable {
    fn info(&self) -> &'static RuleInfo {
        &Self::INFO
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        for (i, x) in project_indicators(cx.record).iter().enumerate() {
            let (key, label, what, help) = match x.direction {
                Direction::Qualitative => {
                    if x.target.is_some() || !blank(x.target_text.as_ref()) {
                        continue;
                    }
                    (
                        "target_text",
                        "指标值描述",
                        "是定性指标,但没有写明要达到的状态",
                        "在“指标值描述(定性)”中写明年度要达到的具体状态",
                    )
                }
                _ if x.target.is_none() => (
                    "target",
                    "年度指标值",
                    "是定量指标,但没有年度指标值",
                    "填写年度指标值;确实无法量化的,方向改为“定性”并写明要达到的状态",
                ),
                _ if blank(x.unit.as_ref()) => {
                    ("unit", "单位", "有指标值但没有计量单位", "填写计量单位,如 公里、人次、%、万元")
                }
                _ => continue,
            };
            let mut f = finding(
                &Self::INFO,
                format!("指标{}{what}", indicator_name(x)),
                labelled(format!("indicators[{i}].{key}"), label),
            );
            f.help = Some(help.into());
            out.push(f);
        }
    }
}
