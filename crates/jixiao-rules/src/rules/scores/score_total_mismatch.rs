//! P003 分项得分之和与所称总分不符.

use jixiao_core::scoring::ScoreFlag;
use jixiao_core::{Decimal, Finding, Record};

use crate::support::labelled;
use crate::{Context, Rule, RuleInfo, declare_rule, finding};

declare_rule! {
    /// ## 检查内容
    ///
    /// 自评总分是否等于各指标自评得分之和加上加减分;某一级(二级)指标写明的得分是否等于其
    /// 下级指标得分之和;加减分合计是否等于各加减分项分数之和(各项都写了分数时)。
    /// 总分若写成整数或一位小数,按其舍入区间比较。
    ///
    /// ## 为什么
    ///
    /// 总分决定评价等级,并常与下年度预算安排挂钩;分项与总分不符是自评表最常见的错误之一。
    ///
    /// ## 示例
    ///
    /// 预算编制 25 分、预算执行 40 分、预算使用效益 28 分,加分 3.5 分,合计 96.5 分,
    /// 与所称总分 96.5 分相符。若称 97.5 分则报告。
    ///
    /// ## 如何修改
    ///
    /// 重新加总各指标得分;改正录错的分项或总分。
    pub struct ScoreTotalMismatch {
        code: "P003",
        name: "score_total_mismatch",
        title: "分项得分之和与所称总分不符",
        severity: Error,
    }
}

impl Rule for ScoreTotalMismatch {
    fn info(&self) -> &'static RuleInfo {
        &Self::INFO
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        if let Some(sheet) = &cx.sheet {
            for row in &sheet.rows {
                for flag in &row.flags {
                    if let ScoreFlag::SubtotalMismatch { children_sum } = flag {
                        let s = row.self_score.unwrap_or_default();
                        let mut f = finding(
                            &Self::INFO,
                            format!("“{}”({})写 {s} 分,其下级指标得分之和为 {children_sum} 分", row.name, row.code),
                            labelled(row.path.clone().unwrap_or_default(), "得分"),
                        );
                        f.stated = Some(s.to_string());
                        f.computed = Some(children_sum.to_string());
                        f.help = Some("重新加总下级指标得分".into());
                        out.push(f);
                    }
                }
            }
            if sheet.stated_total_mismatch
                && let Some((t, path)) = &sheet.stated_total
            {
                let sum = match sheet.adjustment {
                    Some(a) => format!("{} + 加减分 {a} = {}", sheet.base_total, sheet.total),
                    None => sheet.total.to_string(),
                };
                let mut f = finding(
                    &Self::INFO,
                    format!("自评总分写 {t} 分,而各指标得分之和为 {sum} 分"),
                    labelled(path.clone(), "总分"),
                );
                f.stated = Some(t.to_string());
                f.computed = Some(sheet.total.to_string());
                f.help = Some("重新加总各指标得分和加减分".into());
                out.push(f);
            }
        }
        if let Record::Dept(r) = cx.record
            && let Some(adj) = r.scoring.adjustment
            && !r.scoring.adjustments.is_empty()
            && r.scoring.adjustments.iter().all(|a| a.points.is_some())
        {
            let sum: Decimal = r.scoring.adjustments.iter().filter_map(|a| a.points).map(|p| p.0).sum();
            if sum != adj.0 {
                let mut f = finding(
                    &Self::INFO,
                    format!("加减分写 {adj} 分,而各加减分项分数之和为 {sum} 分"),
                    labelled("scoring.adjustment", "加减分"),
                );
                f.related = (0..r.scoring.adjustments.len())
                    .map(|i| labelled(format!("scoring.adjustments[{i}].points"), "分项"))
                    .collect();
                f.stated = Some(adj.to_string());
                f.computed = Some(sum.to_string());
                f.help = Some("核对各加减分项的分数".into());
                out.push(f);
            }
        }
    }
}
