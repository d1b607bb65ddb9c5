//! A003 比率计算有误.

use jixiao_core::{Finding, Record};

use crate::support::{at, check_derived, labelled, mismatch, mismatch_finding};
use crate::{Context, Rule, RuleInfo, declare_rule};

declare_rule! {
    /// ## 检查内容
    ///
    /// 写明的比率、人均数是否等于由其依据数字算出的值:预算执行率(决算 ÷ 预算)、
    /// 增减率((本年 − 上年) ÷ 上年)、目标完成率(实际 ÷ 目标;反向指标为 目标 ÷ 实际)、
    /// 支出率、结转结余率、政府采购执行率、固定资产利用率、公用经费和“三公”经费控制率、
    /// 人均接待费(接待费 ÷ 人次)、绩效目标覆盖率、重点工作完成率、预算调整率、
    /// 仲裁结案率(已结 ÷(受理 + 上期未结))与调解成功率、支出结构占比、在编率、项目执行率。
    ///
    /// 比较考虑四舍五入:依据数字和写明的比率都按各自小数位数取区间。
    /// 分母为零的比率(如预算为 0 的科目)不计算、不报告。
    ///
    /// ## 为什么
    ///
    /// 比率多由手工计算后录入,小数点、分子分母写反、用错口径都会出错;
    /// 评分往往直接取这些比率,错一个比率就可能错一项得分。
    ///
    /// ## 示例
    ///
    /// 决算 34.25、预算 57.90,执行率 59.15% 正确(34.25 ÷ 57.90 = 59.154%)。
    /// 若写成 59.51% 则报告:应为 59.15%,相差 0.36 个百分点。
    ///
    /// ## 如何修改
    ///
    /// 按公式用报告中的依据数字重新计算,保留两位小数(四舍五入);
    /// 若比率采用了不同口径,请在文中写明口径。
    pub struct RateMismatch {
        code: "A003",
        name: "rate_mismatch",
        title: "比率计算有误",
        severity: Error,
    }
}

const HELP: &str = "按公式用依据数字重新计算(保留两位小数,四舍五入);若采用其他口径,请写明口径";

impl Rule for RateMismatch {
    fn info(&self) -> &'static RuleInfo {
        &Self::INFO
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        check_derived(cx, &Self::INFO, "比率", HELP, out);
        if let Record::Dept(r) = cx.record {
            staffing(r, cx, out);
        }
    }
}

/// 在编率 under its stated definition; a rate that fits only the other definition is left to
/// `rate_matches_other_scope` (a warning).
fn staffing(r: &jixiao_core::record::DeptRecord, cx: &Context<'_>, out: &mut Vec<Finding>) {
    let Some(sr) = &r.staffing.staffing_rate else { return };
    let view = &cx.view;
    let (Some(Ok(this)), Some(other)) =
        (view.staffing_rate(sr.includes_service_staff), view.staffing_rate(!sr.includes_service_staff))
    else {
        return;
    };
    if mismatch(sr.stated.figure(), other).is_none() {
        return;
    }
    if let Some(m) = mismatch(sr.stated.figure(), Ok(this)) {
        out.push(mismatch_finding(
            &RateMismatch::INFO,
            &m,
            sr.stated.0,
            "%",
            format!("在编率({}工勤人员)", if sr.includes_service_staff { "含" } else { "不含" }),
            labelled("staffing.staffing_rate.stated", "比率"),
            vec![at("staffing.actual"), at("staffing.authorized")],
            HELP,
        ));
    }
}
