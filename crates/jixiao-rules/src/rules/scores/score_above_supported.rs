//! P002 自评得分高于数据支持的得分.

use jixiao_core::Finding;
use jixiao_core::scoring::ScoreFlag;

use crate::support::labelled;
use crate::{Context, Rule, RuleInfo, declare_rule, finding};

declare_rule! {
    /// ## 检查内容
    ///
    /// 对有定量评分标准的指标(比例计分、分档计分、超限扣分等),按记录中的数据和指标体系的
    /// 评分标准算出数据所能支持的最高得分,自评得分高于它时提示。计算时取依据数字舍入区间内
    /// 最有利的值,只有怎么取都达不到自评得分时才提示。对项目支出的三级指标,
    /// 定量指标按完成率比例计分,定性指标按所称档次的上限。
    ///
    /// ## 为什么
    ///
    /// 财政部门要求“数据准确、分值合理”“严禁刻意抬高分数”。
    /// 目标未完成却给满分,是复核中最常被调减的情形。此项为警告:请调整得分或说明依据。
    ///
    /// ## 示例
    ///
    /// 政府采购执行率目标 100%,实际 72.74%,分值 2 分,自评 2 分:按比例计分最多 1.45 分。
    ///
    /// ## 如何修改
    ///
    /// 按评分标准重新计算得分;若有扣分标准以外的理由,在自评依据中写明。
    pub struct ScoreAboveSupported {
        code: "P002",
        name: "score_above_supported",
        title: "自评得分高于数据支持的得分",
        severity: Warning,
    }
}

impl Rule for ScoreAboveSupported {
    fn info(&self) -> &'static RuleInfo {
        &Self::INFO
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        let Some(sheet) = &cx.sheet else { return };
        for row in &sheet.rows {
            for flag in &row.flags {
                if let ScoreFlag::AboveSupported { supported } = flag
                    && row.self_score_stated
                {
                    let s = row.self_score.unwrap_or_default();
                    let sup = jixiao_core::num::format_fixed(*supported, 2);
                    let mut f = finding(
                        &Self::INFO,
                        format!(
                            "“{}”({})自评 {s} 分,数据只支持 {sup} 分({})",
                            row.name,
                            row.code,
                            row.basis.clone().unwrap_or_default()
                        ),
                        labelled(row.path.clone().unwrap_or_default(), "自评得分"),
                    );
                    f.stated = Some(s.to_string());
                    f.computed = Some(sup);
                    f.help = Some(
                        "按评分标准重新计算得分,或在自评依据中说明理由。数据支持的得分按所填数字(如实际值、目标值)舍入区间内最有利的值计算,不因四舍五入冤枉自评,所以可能比按所列比率直接相乘略高"
                            .into(),
                    );
                    out.push(f);
                }
            }
        }
    }
}
