//! T002 未完成的目标没有说明偏差原因.

use jixiao_core::{Finding, Record};

use super::{describe, missed};
use crate::support::labelled;
use crate::{Context, Rule, RuleInfo, declare_rule, finding};

declare_rule! {
    /// ## 检查内容
    ///
    /// 实际完成值未达到目标值的定量目标,是否填写了偏差原因(`deviation_reason`)。
    /// 未完成的目标合并为一条提示。
    ///
    /// ## 为什么
    ///
    /// 《项目支出绩效评价管理办法》要求对未完成或偏离较大的目标分析原因并提出改进措施;
    /// 审核人会逐项追问。此项为警告。
    ///
    /// ## 示例
    ///
    /// 工伤保险参保人数目标 38758 人,实际 35820 人,报告未说明原因。
    ///
    /// ## 如何修改
    ///
    /// 在该目标下填写偏差原因和改进措施。
    pub struct MissedTargetUnexplained {
        code: "T002",
        name: "missed_target_unexplained",
        title: "未完成的目标没有说明偏差原因",
        severity: Warning,
    }
}

impl Rule for MissedTargetUnexplained {
    fn info(&self) -> &'static RuleInfo {
        &Self::INFO
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        let Record::Dept(r) = cx.record else { return };
        let unexplained: Vec<_> = missed(&r.targets)
            .into_iter()
            .filter(|m| m.target.deviation_reason.as_ref().is_none_or(|s| s.trim().is_empty()))
            .collect();
        let Some(first) = unexplained.first() else { return };
        let mut f = finding(
            &Self::INFO,
            format!(
                "{} 项目标未完成且未说明偏差原因:{}",
                unexplained.len(),
                unexplained.iter().map(describe).collect::<Vec<_>>().join(";")
            ),
            labelled(format!("targets[{}].actual", first.index), "未完成"),
        );
        f.related =
            unexplained[1..].iter().map(|m| labelled(format!("targets[{}].actual", m.index), "未完成")).collect();
        f.help = Some("为每个未完成的目标写明偏差原因和改进措施(报告中紧随该目标;填报工作簿或网页“绩效目标”表的“未完成(偏差)原因”栏;记录文件的 deviation_reason)".into());
        out.push(f);
    }
}
