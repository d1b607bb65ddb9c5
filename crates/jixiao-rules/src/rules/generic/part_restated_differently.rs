//! G010 合计下所列分项在别处重述时数字不同.

use jixiao_core::Finding;

use crate::{Context, Rule, RuleInfo, declare_rule};

declare_rule! {
    /// ## 检查内容
    ///
    /// 报告在一个合计之下列出分项(“下达资金 755.19 万元。其中:中央级资金 124.23 万元,
    /// 省级资金 370.83 万元,市级资金 260.3 万元”),又在报告的另一部分用同一名称重述其中
    /// 某个分项时,两处的数字是否一致。只比较名称完全相同、在各自部分内只有一个数值的
    /// 数字;比较考虑四舍五入。
    ///
    /// ## 为什么
    ///
    /// 分项是合计的组成部分,后文逐项说明时应沿用同一个数字。两处不一致,说明分项或
    /// 后文至少有一处抄错,合计与分项的关系也随之不可信;资金按级次错位(把中央级的数字
    /// 写在省级名下)也常这样表现出来。与 G004 不同,这里一处数字已在合计的分项中出现,
    /// 不是口径不同的两个数字,所以作为错误报告。
    ///
    /// ## 示例
    ///
    /// “其中:……省级资金转移支付 370.83 万元”,后文写“省级资金转移支付 124.23 万元,为……”。
    ///
    /// ## 如何修改
    ///
    /// 核对资金文件,统一分项与后文的数字;若级次写错,改正名称。
    pub struct PartRestatedDifferently {
        code: "G010",
        name: "part_restated_differently",
        title: "合计下所列分项在别处重述时数字不同",
        severity: Error,
    }
}

impl Rule for PartRestatedDifferently {
    fn info(&self) -> &'static RuleInfo {
        &Self::INFO
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        let Some(facts) = cx.facts else { return };
        for (i, r) in facts.repeats.iter().enumerate().filter(|(_, r)| r.restates_part) {
            out.push(super::repeat_finding(
                &Self::INFO,
                i,
                r,
                "分项",
                "核对资金文件,统一分项与后文的数字;若级次写错,改正名称",
            ));
        }
    }
}
