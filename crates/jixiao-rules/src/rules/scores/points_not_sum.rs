//! P006 下级指标分值之和与上级分值不符.

use jixiao_core::Finding;
use jixiao_core::scoring::ScoreFlag;

use crate::support::labelled;
use crate::{Context, Rule, RuleInfo, declare_rule, finding};

declare_rule! {
    /// ## 检查内容
    ///
    /// 项目支出绩效自评表中,单位自行设定的三级指标分值之和是否等于所属一级指标的分值
    /// (产出指标 50 分、效益指标 30 分、满意度指标 10 分,以所用指标体系为准)。
    ///
    /// ## 为什么
    ///
    /// 三级指标分值由单位自定,分值之和不等于一级指标分值时,总分的满分就不是 100 分,
    /// 得分和等级都失去可比性。分值合计本身就不等于应有的总数(如不是 90 分)时,
    /// 由 [P007](P007-points_not_total.md) 提示一次,此项不再逐个一级指标重复。
    ///
    /// ## 示例
    ///
    /// 产出指标下四个三级指标分值为 20、10、10、8,合计 48 分,而产出指标应为 50 分;
    /// 效益指标下的分值合计 32 分,而效益指标应为 30 分。
    ///
    /// ## 如何修改
    ///
    /// 调整三级指标的分值,使其合计等于一级指标的分值。
    pub struct PointsNotSum {
        code: "P006",
        name: "points_not_sum",
        title: "下级指标分值之和与上级分值不符",
        severity: Error,
    }
}

impl Rule for PointsNotSum {
    fn info(&self) -> &'static RuleInfo {
        &Self::INFO
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        let Some(sheet) = &cx.sheet else { return };
        // The whole table's points are off: P007 says so once.
        if super::record_points(cx).is_some_and(|(sum, expected)| sum != expected) {
            return;
        }
        for (i, row) in sheet.rows.iter().enumerate() {
            for flag in &row.flags {
                let ScoreFlag::PointsMismatch { children_max } = flag else { continue };
                let max = row.max_points.unwrap_or_default();
                // Point at the first child's points: the figures the filer set.
                let child_path = sheet.rows[i + 1..]
                    .iter()
                    .take_while(|r| r.level > row.level)
                    .filter_map(|r| r.path.as_ref())
                    .next()
                    .map(|p| p.replace(".self_score", ".max_points"))
                    .unwrap_or_default();
                let mut f = finding(
                    &Self::INFO,
                    format!("“{}”分值为 {max} 分,其下各指标分值合计为 {children_max} 分", row.name),
                    labelled(child_path, "分值"),
                );
                f.stated = Some(children_max.to_string());
                f.computed = Some(max.to_string());
                f.help = Some("调整各三级指标的分值,使合计等于一级指标分值".into());
                out.push(f);
            }
        }
    }
}
