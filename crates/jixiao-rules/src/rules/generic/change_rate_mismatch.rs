//! G003 增减额与增减率不相符.

use jixiao_core::Finding;
use jixiao_core::figure::{Figure, compare};
use jixiao_core::num::format_fixed;

use crate::support::labelled;
use crate::{Context, Rule, RuleInfo, declare_rule, finding};

declare_rule! {
    /// ## 检查内容
    ///
    /// 一句话中写明某金额、比上年“增加(减少)C”“增长(下降)D%”时(记录中已有专门位置的除外),
    /// 增减率 D 是否等于增减额 C 除以上年数。句中的金额可能是本年数,也可能是上年数,
    /// 两种读法任一成立即不报告。比较考虑四舍五入。
    ///
    /// ## 为什么
    ///
    /// 增减率常用错分母(用本年数而不是上年数),或由计算器算错。
    ///
    /// ## 示例
    ///
    /// “收入 792.22 万元,同比增加 189.25 万元,增长 31.39%”:上年为 792.22 − 189.25 = 602.97,
    /// 189.25 ÷ 602.97 = 31.39%,正确;即便把 792.22 当作上年数,也应为 23.89%。若写“增长 25.00%”,
    /// 两种读法都不成立,则报告。
    ///
    /// ## 如何修改
    ///
    /// 增减率 = 增减额 ÷ 上年数 × 100%,重新计算并改正。
    pub struct ChangeRateMismatch {
        code: "G003",
        name: "change_rate_mismatch",
        title: "增减额与增减率不相符",
        severity: Error,
    }
}

impl Rule for ChangeRateMismatch {
    fn info(&self) -> &'static RuleInfo {
        &Self::INFO
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        let Some(facts) = cx.facts else { return };
        for (i, c) in facts.changes.iter().enumerate() {
            let Some(rate) = c.rate else { continue };
            let (a, d) = (c.amount.figure(), c.change.figure());
            let hundred = Figure::exact(jixiao_core::Decimal::ONE_HUNDRED);
            // The amount may be this year's (base = A − C) or last year's (base = A).
            let bases = [a.minus(d), Ok(a)];
            let mut computed = Vec::new();
            let mut ok = false;
            for base in bases.into_iter().flatten() {
                if let Ok(r) = d.over(base).and_then(|x| x.times(hundred)) {
                    ok |= compare(&rate.figure(), &r).consistent;
                    computed.push(format_fixed(r.face, 2));
                }
            }
            if ok || computed.is_empty() {
                continue;
            }
            let mut f = finding(
                &Self::INFO,
                format!(
                    "“{}”{}:增减额 {} 与增减率 {}% 不相符(以 {} 为本年数应为 {}%{})",
                    c.label,
                    c.amount.value,
                    c.change.value,
                    rate.value,
                    c.amount.value,
                    computed.first().cloned().unwrap_or_default(),
                    computed.get(1).map_or(String::new(), |o| format!(",为上年数应为 {o}%"))
                ),
                labelled(format!("facts.changes[{i}].rate"), "增减率"),
            );
            f.related = vec![
                labelled(format!("facts.changes[{i}].amount"), "金额"),
                labelled(format!("facts.changes[{i}].change"), "增减额"),
            ];
            f.stated = Some(format!("{}%", rate.value));
            f.computed = computed.first().map(|c| format!("{c}%"));
            f.help = Some("增减率 = 增减额 ÷ 上年数 × 100%,重新计算并改正".into());
            out.push(f);
        }
    }
}
