//! G013 指标表中的得分超过分值.

use jixiao_core::Finding;

use crate::support::labelled;
use crate::{Context, Rule, RuleInfo, declare_rule, finding};

declare_rule! {
    /// ## 检查内容
    ///
    /// 部门报告的绩效指标表(三级指标 | 年度指标值 | 实际完成值 | 分值 | 得分)中,每一行的
    /// 得分是否超过该行的分值。分值按所写的数计;得分考虑四舍五入,只有怎么取都高于分值时
    /// 才报告。(项目支出绩效自评表的同一检查是 P001。)
    ///
    /// ## 为什么
    ///
    /// 一项指标最多得到它的分值。得分高于分值,多是分值、得分两栏填反,或照抄时多写了一位,
    /// 总分随之不可信。
    ///
    /// ## 示例
    ///
    /// “困难群众救助人次”分值 20,得分 25。
    ///
    /// ## 如何修改
    ///
    /// 核对评分表,按评分标准改正得分(或分值)。
    pub struct ScoreAbovePoints {
        code: "G013",
        name: "score_above_points",
        title: "指标表中的得分超过分值",
        severity: Error,
    }
}

impl Rule for ScoreAbovePoints {
    fn info(&self) -> &'static RuleInfo {
        &Self::INFO
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        let Some(facts) = cx.facts else { return };
        for (i, row) in facts.indicator_scores.iter().enumerate() {
            if row.points.percent || row.score.percent || row.score.figure().lo <= row.points.value {
                continue;
            }
            let mut f = finding(
                &Self::INFO,
                format!("指标“{}”得分 {} 超过其分值 {}", row.name, row.score.value, row.points.value),
                labelled(format!("facts.indicator_scores[{i}].score"), "得分"),
            );
            f.related = vec![labelled(format!("facts.indicator_scores[{i}].points"), "分值")];
            f.stated = Some(row.score.value.to_string());
            f.computed = Some(format!("≤ {}", row.points.value));
            f.help = Some("核对评分表,按评分标准改正得分(或分值)".into());
            out.push(f);
        }
    }
}
