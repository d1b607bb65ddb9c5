//! P007 三级指标分值合计不是应有的总数.

use jixiao_core::Finding;

use super::record_points;
use crate::support::labelled;
use crate::{Context, Rule, RuleInfo, declare_rule, finding};

declare_rule! {
    /// ## 检查内容
    ///
    /// 项目支出绩效自评表中,单位自行设定的全部三级指标的分值之和是否等于指标体系给它们的
    /// 总分:国家项目支出绩效自评表为 90 分(总分 100 分减去预算执行率 10 分);其他指标体系
    /// 以其中取自记录的一级指标分值之和(或总分减去其余一级指标的分值)为准。
    ///
    /// ## 为什么
    ///
    /// 分值合计不是 90 分,总分的满分就不是 100 分,得分和等级都失去可比性;这常是增删指标后
    /// 忘了调整分值。此项为错误。合计正确、只是各一级指标之间分配不对的,由
    /// [P006](P006-points_not_sum.md) 提示。
    ///
    /// ## 示例
    ///
    /// 产出指标分值 20、10、10、10,效益指标 15、15,满意度指标 5:合计 85 分,应为 90 分。
    ///
    /// ## 如何修改
    ///
    /// 调整三级指标的分值,使合计为 90 分(产出 50、效益 30、满意度 10;未设满意度指标的,
    /// 效益 40)。
    pub struct PointsNotTotal {
        code: "P007",
        name: "points_not_total",
        title: "三级指标分值合计不是应有的总数",
        severity: Error,
    }
}

impl Rule for PointsNotTotal {
    fn info(&self) -> &'static RuleInfo {
        &Self::INFO
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        let Some((sum, expected)) = record_points(cx) else { return };
        if sum == expected {
            return;
        }
        let mut f = finding(
            &Self::INFO,
            format!("各三级指标的分值合计 {sum} 分,应为 {expected} 分"),
            labelled("indicators[0].max_points", "分值"),
        );
        f.stated = Some(sum.to_string());
        f.computed = Some(expected.to_string());
        f.help = Some(format!("调整各三级指标的分值,使合计为 {expected} 分"));
        out.push(f);
    }
}
