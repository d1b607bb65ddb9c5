//! T001 称目标均已完成,但有目标未完成.

use jixiao_core::record::ClaimKind;
use jixiao_core::{Finding, Record};

use super::{describe, missed};
use crate::support::labelled;
use crate::{Context, Rule, RuleInfo, declare_rule, finding};

declare_rule! {
    /// ## 检查内容
    ///
    /// 报告中“绩效目标均已完成”“完成率≥100%”一类的概括性表述,是否与绩效目标表中各项
    /// 定量目标的实际完成值相符。只要有一项定量目标的实际值(考虑四舍五入)未达到目标值,
    /// 即报告,并列出所有未完成的目标。
    ///
    /// ## 为什么
    ///
    /// 概括性表述常直接决定“绩效目标完成率”等指标的自评得分。
    /// 与数据相矛盾的表述属于自评结果失实,财政部门明确要求“严禁刻意抬高分数”。
    ///
    /// ## 示例
    ///
    /// 报告称“均按要求按期完成,完成率≥100%”,而企业职工基本养老保险参保 37419 人
    /// (目标 38800 人)、工伤保险参保 35820 人(目标 38758 人)、失业保险参保 26943 人
    /// (目标 27300 人)均未达到目标。
    ///
    /// ## 如何修改
    ///
    /// 如实表述完成情况(如“19 项定量目标中 16 项完成,3 项未完成”),
    /// 逐项说明未完成的原因和改进措施,并相应调整有关指标的自评得分。
    pub struct CompletionClaimContradicted {
        code: "T001",
        name: "completion_claim_contradicted",
        title: "称目标均已完成,但有目标未完成",
        severity: Error,
    }
}

impl Rule for CompletionClaimContradicted {
    fn info(&self) -> &'static RuleInfo {
        &Self::INFO
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        let Record::Dept(r) = cx.record else { return };
        let missed = missed(&r.targets);
        if missed.is_empty() {
            return;
        }
        for (i, c) in r.claims.iter().enumerate().filter(|(_, c)| c.kind == ClaimKind::AllTargetsMet) {
            let list: Vec<String> = missed.iter().map(describe).collect();
            let mut f = finding(
                &Self::INFO,
                format!("称“{}”,但有 {} 项定量目标未完成:{}", c.text.trim(), missed.len(), list.join(";")),
                labelled(format!("claims[{i}].text"), "称均已完成"),
            );
            for m in &missed {
                f.related.push(labelled(format!("targets[{}].actual", m.index), format!("{} 未达目标", m.target.name)));
                f.related.push(labelled(format!("targets[{}].target", m.index), "目标值"));
            }
            f.stated = Some("完成率≥100%".into());
            f.computed = Some(format!("{} 项未完成", missed.len()));
            f.help = Some("如实表述完成情况,逐项说明未完成原因,并相应调整自评得分".into());
            out.push(f);
        }
    }
}
