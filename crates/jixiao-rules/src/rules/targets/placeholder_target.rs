//! T004 绩效指标值是占位的.

use jixiao_core::record::Direction;
use jixiao_core::{Decimal, Finding};

use super::{indicator_name, project_indicators};
use crate::support::labelled;
use crate::{Context, Rule, RuleInfo, declare_rule, finding};

declare_rule! {
    /// ## 检查内容
    ///
    /// 项目支出绩效自评表的指标值是否只是占位:
    ///
    /// - 定量指标“≥ 0”(什么都不要求);
    /// - “≥ 1”而单位是 % 或没有单位,或实际完成值是指标值的 10 倍以上(指标值定得形同虚设);
    /// - 定性指标的指标值只写了“好”“高”“较好”“提高”“明显”“有效”“满意”之类的词,没有说要达到什么;
    /// - 三个以上的定量指标,指标值全都是 100%。
    ///
    /// ## 为什么
    ///
    /// 《项目支出绩效评价管理办法》要求绩效指标“细化、量化”,指标值“可衡量、可考核”。
    /// 占位的指标值怎么都能完成,自评得分也就说明不了什么;复核时这类指标会被要求重设。
    /// 此项为警告。
    ///
    /// ## 示例
    ///
    /// 效益指标“带动农户增收”方向 ≥,指标值 0 万元;定性指标“社会效益”指标值写“好”。
    ///
    /// ## 如何修改
    ///
    /// 按项目实际设定可以考核的指标值:数量按计划任务,质量按验收标准,定性指标写明具体状态。
    pub struct PlaceholderTarget {
        code: "T004",
        name: "placeholder_target",
        title: "绩效指标值是占位的",
        severity: Warning,
    }
}

/// Words that say nothing about what is to be reached.
const VAGUE: &[&str] = &[
    "好",
    "高",
    "较好",
    "良好",
    "很好",
    "较高",
    "提高",
    "提升",
    "明显",
    "显著",
    "有效",
    "满意",
    "较满意",
    "有所提高",
    "有所提升",
    "明显提高",
    "明显提升",
    "不断提高",
    "逐步提高",
    "稳步提升",
    "有效提升",
    "效果好",
    "效果明显",
    "达标",
    "是",
];

/// The target text without spaces and punctuation.
fn bare(s: &str) -> String {
    s.chars().filter(|c| c.is_alphanumeric()).collect()
}

impl Rule for PlaceholderTarget {
    fn info(&self) -> &'static RuleInfo {
        &Self::INFO
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        let inds = project_indicators(cx.record);
        let ten = Decimal::TEN;
        for (i, x) in inds.iter().enumerate() {
            let unit = x.unit.as_deref().unwrap_or("").trim();
            let why = match (x.direction, x.target) {
                (Direction::AtLeast, Some(t)) if t.0.is_zero() => Some(format!("指标值为 ≥ 0{unit},什么都没有要求")),
                (Direction::AtLeast, Some(t)) if t.0 == Decimal::ONE => {
                    let big = x.actual.is_some_and(|a| a.0 >= ten);
                    (unit.is_empty() || unit == "%" || big).then(|| {
                        if big {
                            format!(
                                "指标值为 ≥ 1{unit},实际完成 {}{unit},指标值形同虚设",
                                x.actual.map(|a| a.0).unwrap_or_default()
                            )
                        } else {
                            format!("指标值为 ≥ 1{unit},不足以考核")
                        }
                    })
                }
                (Direction::Qualitative, None) => x
                    .target_text
                    .as_deref()
                    .filter(|t| VAGUE.contains(&bare(t).as_str()))
                    .map(|t| format!("指标值只写了“{}”,没有说明要达到什么", t.trim())),
                _ => None,
            };
            let Some(why) = why else { continue };
            let key = if x.direction == Direction::Qualitative { "target_text" } else { "target" };
            let mut f = finding(
                &Self::INFO,
                format!("指标{}的{why}", indicator_name(x)),
                labelled(format!("indicators[{i}].{key}"), "指标值"),
            );
            f.help = Some("按项目实际设定可以考核的指标值;定性指标写明要达到的具体状态".into());
            out.push(f);
        }
        // 100% on every quantitative indicator.
        let quantitative: Vec<usize> =
            inds.iter().enumerate().filter(|(_, x)| x.direction != Direction::Qualitative).map(|(i, _)| i).collect();
        let all_hundred = quantitative.iter().all(|&i| {
            let x = &inds[i];
            x.target.is_some_and(|t| t.0 == Decimal::ONE_HUNDRED) && x.unit.as_deref().is_some_and(|u| u.trim() == "%")
        });
        if quantitative.len() >= 3 && all_hundred {
            let mut f = finding(
                &Self::INFO,
                format!("{} 个定量指标的指标值全都是 100%,看不出各项任务的具体要求", quantitative.len()),
                labelled(format!("indicators[{}].target", quantitative[0]), "100%"),
            );
            f.related = quantitative[1..].iter().map(|i| labelled(format!("indicators[{i}].target"), "100%")).collect();
            f.help = Some("数量指标按计划任务量(公里、人次、个)设定,只有合格率、到位率这类指标才以 100% 为值".into());
            out.push(f);
        }
    }
}
