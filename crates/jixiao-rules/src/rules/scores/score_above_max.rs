//! P001 自评得分超过分值.

use jixiao_core::Finding;
use jixiao_core::scoring::ScoreFlag;

use crate::support::labelled;
use crate::{Context, Rule, RuleInfo, declare_rule, finding};

declare_rule! {
    /// ## 检查内容
    ///
    /// 每个指标的自评得分不得超过指标体系规定的分值(满分)。
    /// 指标体系未给出分值的指标不检查。
    ///
    /// ## 为什么
    ///
    /// 得分超过满分必然是录入错误或套用了其他地区、其他年度的指标体系。
    ///
    /// ## 示例
    ///
    /// 项目支出自评表中“预算执行率”分值 10 分,自评 12 分。
    ///
    /// ## 如何修改
    ///
    /// 核对所用指标体系的分值,按评分标准重新打分。
    pub struct ScoreAboveMax {
        code: "P001",
        name: "score_above_max",
        title: "自评得分超过分值",
        severity: Error,
    }
}

impl Rule for ScoreAboveMax {
    fn info(&self) -> &'static RuleInfo {
        &Self::INFO
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        let Some(sheet) = &cx.sheet else { return };
        for row in &sheet.rows {
            for flag in &row.flags {
                if let ScoreFlag::AboveMax { max } = flag
                    && row.self_score_stated
                {
                    let s = row.self_score.unwrap_or_default();
                    let mut f = finding(
                        &Self::INFO,
                        format!("“{}”({})自评 {s} 分,超过分值 {max} 分", row.name, row.code),
                        labelled(row.path.clone().unwrap_or_default(), "自评得分"),
                    );
                    f.stated = Some(s.to_string());
                    f.computed = Some(format!("≤ {max}"));
                    f.help = Some("按所用指标体系的分值和评分标准重新打分".into());
                    out.push(f);
                }
            }
        }
    }
}
