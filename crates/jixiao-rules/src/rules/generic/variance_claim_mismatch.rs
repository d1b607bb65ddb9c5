//! G008 文中所说的预决算差异额与表中不符.

use jixiao_core::figure::compare;
use jixiao_core::num::format_fixed;
use jixiao_core::{Decimal, Finding};

use crate::support::labelled;
use crate::{Context, Rule, RuleInfo, declare_rule, finding};

declare_rule! {
    /// ## 检查内容
    ///
    /// 报告文字中说某一功能分类科目的支出比预算“减少(节约、结余)X 万元”或“增加(超支)
    /// X 万元”时,X 是否等于同一报告的预决算差异表(或其他列有预算数和决算数的表)中该科目的
    /// 预算数与决算数之差,方向是否相同。只读紧接在科目名称(及“决算数比预算数”一类的词)
    /// 之后的差异额;与上年、同期相比的句子不在此列。比较考虑四舍五入。
    ///
    /// ## 为什么
    ///
    /// 差异原因常常另行撰写,表中数字改过之后,文字中的差异额没有跟着改;或者把另一科目、
    /// 另一年度的差异额抄了进来。读者看到两个不同的差异额,不知哪一个可信。
    ///
    /// ## 示例
    ///
    /// 预决算差异表中卫生健康支出预算数 57.90 万元、决算数 43.25 万元,相差 14.65 万元;
    /// 差异原因一段却写“卫生健康支出减少 23.65 万元”。
    ///
    /// ## 如何修改
    ///
    /// 以表中核实过的预算数和决算数为准,改正文字中的差异额(或改正表中抄错的数字)。
    pub struct VarianceClaimMismatch {
        code: "G008",
        name: "variance_claim_mismatch",
        title: "文中的预决算差异额与表中不符",
        severity: Error,
    }
}

impl Rule for VarianceClaimMismatch {
    fn info(&self) -> &'static RuleInfo {
        &Self::INFO
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        let Some(facts) = cx.facts else { return };
        for (i, c) in facts.variance_claims.iter().enumerate() {
            let said = if c.below { c.budget.minus(c.actual) } else { c.actual.minus(c.budget) };
            let Ok(said_diff) = said else { continue };
            // A table whose unit is not stated may be in 元, as the sentence's amount may be.
            if compare(&c.change, &said_diff).consistent || compare(&c.change_as_written, &said_diff).consistent {
                continue;
            }
            let (b, a) = (format_fixed(c.budget.face, 2), format_fixed(c.actual.face, 2));
            let gap = c.actual.face - c.budget.face;
            let truth = if gap < Decimal::ZERO {
                format!("决算比预算少 {} 万元", format_fixed(-gap, 2))
            } else if gap > Decimal::ZERO {
                format!("决算比预算多 {} 万元", format_fixed(gap, 2))
            } else {
                "决算与预算相等".to_string()
            };
            let word = if c.below { "少" } else { "多" };
            let mut f = finding(
                &Self::INFO,
                format!(
                    "“{}”:文中说决算比预算{word} {} 万元,但表中预算数 {b}、决算数 {a},{truth}",
                    c.class,
                    format_fixed(c.change.face, 2)
                ),
                labelled(format!("facts.variance_claims[{i}].change"), "文中的差异额"),
            );
            f.related =
                vec![labelled(c.budget_path.clone(), "表中预算数"), labelled(c.actual_path.clone(), "表中决算数")];
            f.stated = Some(format_fixed(c.change.face, 2));
            f.computed = Some(format_fixed(said_diff.face, 2));
            f.help = Some("以表中核实过的预算数和决算数为准,改正文字中的差异额(或改正表中抄错的数字)".into());
            out.push(f);
        }
    }
}
