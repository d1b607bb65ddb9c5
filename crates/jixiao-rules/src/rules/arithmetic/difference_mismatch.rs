//! A002 差异或增减额计算有误.

use jixiao_core::Finding;

use crate::support::check_derived;
use crate::{Context, Rule, RuleInfo, declare_rule};

declare_rule! {
    /// ## 检查内容
    ///
    /// 写明的差额是否等于两数相减:预决算差异表每行及合计行的“预决算差异”
    /// (= 预算数 − 决算数);收支情况中与上年相比的增减额(= 本年数 − 上年数,减少记为负数)。
    /// 比较考虑四舍五入。
    ///
    /// ## 为什么
    ///
    /// 差额通常是手工用计算器算出再录入的,最容易出现抄错、算错、正负号写反。
    ///
    /// ## 示例
    ///
    /// 预算数 3127.20、决算数 2827.71,差异应为 299.49;若写成 299.94 则报告。
    /// 年初预算 3325.83 万元、上年 2718.66 万元,“增加 607.17 万元”正确。
    ///
    /// ## 如何修改
    ///
    /// 用两数重新相减;减少的写为负数(或在文字中写“减少”)。
    pub struct DifferenceMismatch {
        code: "A002",
        name: "difference_mismatch",
        title: "差异或增减额计算有误",
        severity: Error,
    }
}

const HELP: &str = "按 预算数 − 决算数(或 本年数 − 上年数)重新计算并改正";

impl Rule for DifferenceMismatch {
    fn info(&self) -> &'static RuleInfo {
        &Self::INFO
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        check_derived(cx, &Self::INFO, "差额", HELP, out);
    }
}
