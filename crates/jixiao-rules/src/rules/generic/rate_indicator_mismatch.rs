//! G014 指标表中的预算执行率与预算执行情况不符.

use jixiao_core::{Decimal, Figure, Finding};

use crate::support::labelled;
use crate::{Context, Rule, RuleInfo, declare_rule, finding};

declare_rule! {
    /// ## 检查内容
    ///
    /// 同一张自评表(部门整体支出绩效自评表、项目支出绩效自评表)既在“预算执行情况”栏写明
    /// 执行率(及其权重、得分),又在绩效指标表中设有名为“预算执行率”或“预算完成率”的指标时,
    /// 该指标的实际完成值是否等于预算执行情况栏的执行率。两个数都按四舍五入的区间比较,
    /// 执行率超过 100% 而指标按 100% 填写的也算相符;只有区间不相交时才报告。
    ///
    /// 只在全文只有一处预算执行情况栏、只有一个这样的指标,且指标在执行情况栏之后不远处
    /// (同一张表内)时核对,不把不同表格的执行率相比。
    ///
    /// ## 为什么
    ///
    /// 两处说的是同一个数:同一年度、同一口径的预算执行率。指标表多是另行填写或从上年
    /// 表格沿用,执行率改过而指标未改、或抄错一位,都会在这里显出来。
    ///
    /// ## 示例
    ///
    /// 预算执行情况栏执行率 76%,指标表“预算完成率”实际完成值 16%。
    ///
    /// ## 如何修改
    ///
    /// 以决算数据重新计算执行率,把指标的实际完成值改为同一个数;指标的口径确实不同的
    /// (如只算某一类资金),在指标名称中写明。
    pub struct RateIndicatorMismatch {
        code: "G014",
        name: "rate_indicator_mismatch",
        title: "指标表中的预算执行率与预算执行情况不符",
        severity: Error,
    }
}

impl Rule for RateIndicatorMismatch {
    fn info(&self) -> &'static RuleInfo {
        &Self::INFO
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        let Some(facts) = cx.facts else { return };
        for (i, fr) in facts.form_rates.iter().enumerate() {
            if !(fr.rate.percent && fr.indicator.percent) {
                continue;
            }
            let (rate, stated) = (fr.rate.figure(), fr.indicator.figure());
            if agrees(&rate, &stated) {
                continue;
            }
            let mut f = finding(
                &Self::INFO,
                format!(
                    "指标“{}”的实际完成值 {}% 与预算执行情况栏的执行率 {}% 不符",
                    fr.name, fr.indicator.value, fr.rate.value
                ),
                labelled(format!("facts.form_rates[{i}].indicator"), "指标"),
            );
            f.related = vec![labelled(format!("facts.form_rates[{i}].rate"), "执行率")];
            f.stated = Some(format!("{}%", fr.indicator.value));
            f.computed = Some(format!("{}%", fr.rate.value));
            f.help = Some("以决算数据核对执行率,统一两处的数字".into());
            out.push(f);
        }
    }
}

/// Whether the indicator's figure may be the rate, or the rate capped at 100% (an indicator
/// written as 100% for a rate above it).
fn agrees(rate: &Figure, indicator: &Figure) -> bool {
    let hundred = Decimal::ONE_HUNDRED;
    let capped = Figure { face: rate.face.min(hundred), lo: rate.lo.min(hundred), hi: rate.hi.min(hundred) };
    indicator.overlaps(rate) || indicator.overlaps(&capped)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pct(v: &str) -> Figure {
        Figure::rounded(v.parse().unwrap())
    }

    #[test]
    fn the_indicator_agrees_within_rounding_or_capped_at_full() {
        assert!(agrees(&pct("76"), &pct("76")));
        assert!(agrees(&pct("76.45"), &pct("76")));
        assert!(!agrees(&pct("76"), &pct("16")));
        assert!(agrees(&pct("76"), &pct("77")), "76.5 rounds to either");
        assert!(!agrees(&pct("76"), &pct("78")));
        // 102.5% written as 100% in the indicator table
        assert!(agrees(&pct("102.5"), &pct("100")));
        assert!(!agrees(&pct("98"), &pct("100")));
    }
}
