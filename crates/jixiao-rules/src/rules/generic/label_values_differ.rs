//! G004 同一项目在不同部分写成不同数字.

use jixiao_core::Finding;

use crate::{Context, Rule, RuleInfo, declare_rule};

declare_rule! {
    /// ## 检查内容
    ///
    /// 同一个名称(如“工伤保险参保人数”)在报告不同部分(如“绩效分析”与“主要绩效”)
    /// 给出的数字是否一致。只比较在同一部分内只有一个数值的名称;比较考虑四舍五入。
    /// 其中一处是某个合计之下所列分项的,由 G010 检查。
    ///
    /// ## 为什么
    ///
    /// 报告各部分常由不同人员从不同底稿抄写,同一数字前后不一说明至少一处抄错。
    /// 此项为警告:名称相同也可能指口径不同的两个数字,请核对并说明。
    ///
    /// ## 示例
    ///
    /// “绩效分析”写工伤保险参保人数 35820 人,“主要绩效”写 35280 人。
    ///
    /// ## 如何修改
    ///
    /// 核对底稿,统一全文的数字;若确为不同口径,在文中写明。
    pub struct LabelValuesDiffer {
        code: "G004",
        name: "label_values_differ",
        title: "同一项目在不同部分写成不同数字",
        severity: Warning,
    }
}

impl Rule for LabelValuesDiffer {
    fn info(&self) -> &'static RuleInfo {
        &Self::INFO
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        let Some(facts) = cx.facts else { return };
        for (i, r) in facts.repeats.iter().enumerate().filter(|(_, r)| !r.restates_part) {
            out.push(super::repeat_finding(&Self::INFO, i, r, "", "核对底稿,统一全文的数字;若口径不同,在文中写明"));
        }
    }
}
