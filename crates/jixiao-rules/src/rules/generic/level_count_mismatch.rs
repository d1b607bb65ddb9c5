//! G007 指标总数与各级指标个数不相符.

use jixiao_core::Finding;
use jixiao_core::figure::{Figure, compare};

use crate::support::labelled;
use crate::{Context, Rule, RuleInfo, declare_rule, finding};

declare_rule! {
    /// ## 检查内容
    ///
    /// 写明“共 N 个(绩效)指标,其中一级指标 a 个,二级指标 b 个,三级指标 c 个”时,N 是否等于
    /// 最末一级的指标个数(只数最末一级的写法),或等于各级个数之和(各级都数的写法)。两种读法
    /// 任一成立即不报告。
    ///
    /// ## 为什么
    ///
    /// 指标总数是评价覆盖面的依据;与各级个数都对不上,说明指标表或这段文字有一处没有改对。
    ///
    /// ## 示例
    ///
    /// “共设置绩效指标 15 个,其中一级指标 3 个,二级指标 5 个,三级指标 15 个”:15 即三级指标个数,
    /// 正确;若写“共设置绩效指标 20 个”,既不是 15 也不是 3 + 5 + 15 = 23,则报告。
    ///
    /// ## 如何修改
    ///
    /// 按指标表重新数出各级指标的个数,改正总数或各级个数。
    pub struct LevelCountMismatch {
        code: "G007",
        name: "level_count_mismatch",
        title: "指标总数与各级指标个数不相符",
        severity: Error,
    }
}

impl Rule for LevelCountMismatch {
    fn info(&self) -> &'static RuleInfo {
        &Self::INFO
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        let Some(facts) = cx.facts else { return };
        for (i, c) in facts.level_counts.iter().enumerate() {
            let Some(last) = c.levels.last() else { continue };
            let total = Figure::exact(c.total.value);
            let leaves = Figure::exact(last.value);
            let Ok(all) = Figure::sum(c.levels.iter().map(|l| Figure::exact(l.value))) else { continue };
            if compare(&total, &leaves).consistent || compare(&total, &all).consistent {
                continue;
            }
            let mut f = finding(
                &Self::INFO,
                format!(
                    "指标总数写为 {} 个,但最末一级指标为 {} 个,各级合计 {} 个,均不相符",
                    c.total.value, last.value, all.face
                ),
                labelled(format!("facts.level_counts[{i}].total"), "指标总数"),
            );
            f.related = (0..c.levels.len())
                .map(|j| labelled(format!("facts.level_counts[{i}].levels[{j}]"), format!("第{}级", j + 1)))
                .collect();
            f.stated = Some(c.total.value.to_string());
            f.computed = Some(last.value.to_string());
            f.help = Some("按指标表重新数出各级指标的个数,改正总数或各级个数".into());
            out.push(f);
        }
    }
}
