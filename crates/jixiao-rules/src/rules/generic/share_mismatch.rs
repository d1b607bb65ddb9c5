//! G006 所述占比与分项、总数不相符.

use jixiao_core::Finding;
use jixiao_core::figure::{Figure, compare};
use jixiao_core::num::format_fixed;

use crate::support::labelled;
use crate::{Context, Rule, RuleInfo, declare_rule, finding};

declare_rule! {
    /// ## 检查内容
    ///
    /// 写明“某项……占某总数(的)比例 P%”时,P 是否等于该项数字除以前文以同一名称写出的总数。
    /// 该项取“占”之前同一分句中与总数单位相同的数字;前文以该名称写出几个数字、或“占”之前有几个
    /// 同单位数字时,任一组合成立即不报告。比较考虑四舍五入。找不到以该名称写出的总数时不核对。
    ///
    /// ## 为什么
    ///
    /// 总数改过而占比没有跟着改,或占比由另一口径算得,读者无法判断哪个数字是对的。
    ///
    /// ## 示例
    ///
    /// “本年实施课题 14 个,课题经费合计 420.50 万元”,后文“9 个课题评为优秀,经费 300.00 万元,
    /// 占课题经费合计的比例 71.34%”:300.00 ÷ 420.50 = 71.34%,正确;若写“占课题总数比例 80%”,
    /// 9 ÷ 14 = 64.29%,则报告。
    ///
    /// ## 如何修改
    ///
    /// 核对该项数字和总数,占比 = 该项 ÷ 总数 × 100%,重新计算并改正。
    pub struct ShareMismatch {
        code: "G006",
        name: "share_mismatch",
        title: "所述占比与分项、总数不相符",
        severity: Error,
    }
}

impl Rule for ShareMismatch {
    fn info(&self) -> &'static RuleInfo {
        &Self::INFO
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        let Some(facts) = cx.facts else { return };
        let hundred = Figure::exact(jixiao_core::Decimal::ONE_HUNDRED);
        for (i, s) in facts.shares.iter().enumerate() {
            let share = s.share.figure();
            let mut first = None;
            let mut holds = false;
            for part in &s.parts {
                for base in &s.bases {
                    let Ok(c) = part.figure().over(base.figure()).and_then(|x| x.times(hundred)) else { continue };
                    holds |= compare(&share, &c).consistent;
                    first.get_or_insert((part.value, base.value, c));
                }
            }
            let Some((part, base, computed)) = first else { continue };
            if holds {
                continue;
            }
            let computed = format_fixed(computed.face, 2);
            let mut f = finding(
                &Self::INFO,
                format!(
                    "占“{}”的比例写为 {}%,但 {} ÷ {} = {}%(前文所写的{}与该项数字均不能得出此比例)",
                    s.base_label, s.share.value, part, base, computed, s.base_label
                ),
                labelled(format!("facts.shares[{i}].share"), "占比"),
            );
            f.related = (0..s.parts.len())
                .map(|j| labelled(format!("facts.shares[{i}].parts[{j}]"), "该项"))
                .chain((0..s.bases.len()).map(|j| labelled(format!("facts.shares[{i}].bases[{j}]"), "总数")))
                .collect();
            f.stated = Some(format!("{}%", s.share.value));
            f.computed = Some(format!("{computed}%"));
            f.help = Some("核对该项数字和总数,占比 = 该项 ÷ 总数 × 100%,重新计算并改正".into());
            out.push(f);
        }
    }
}
