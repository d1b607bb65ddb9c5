//! G012 表格行内的得分与分值×执行率不符.

use jixiao_core::generic::{ColumnRole, Stated};
use jixiao_core::{Decimal, Figure, Finding};

use crate::support::{at, labelled, mismatch, mismatch_finding};
use crate::{Context, Rule, RuleInfo, declare_rule};

declare_rule! {
    /// ## 检查内容
    ///
    /// 报告中同一行列有执行率(或其他比率)、分值(权重)和得分的表格,如项目支出绩效自评表
    /// 和部门整体支出绩效自评表的“年度预算执行情况”一行(年初预算数、全年预算数、全年
    /// 执行数、执行率、分值、得分):得分是否等于 分值 × 执行率,执行率超过 100% 的按
    /// 100% 计(得满分)。分值按所写的整数计;执行率和得分考虑四舍五入。
    ///
    /// ## 为什么
    ///
    /// 财预〔2020〕10 号的自评表按 分值 × 执行率 计算预算执行率的得分,各地的部门整体
    /// 自评表也是如此。得分多为手工计算后填写,执行率改过而得分未改、或把别的数字填进
    /// 得分栏,都会在这里显出来。
    ///
    /// ## 示例
    ///
    /// 执行率 76%,分值 10,得分写 1.6:应为 7.6。
    ///
    /// ## 如何修改
    ///
    /// 按 分值 × 执行率 重新计算得分(执行率超过 100% 的得满分);本地评分办法另有规定的,
    /// 在报告中写明所用的办法。
    pub struct RowScoreMismatch {
        code: "G012",
        name: "row_score_mismatch",
        title: "表格行内的得分与分值×执行率不符",
        severity: Error,
    }
}

impl Rule for RowScoreMismatch {
    fn info(&self) -> &'static RuleInfo {
        &Self::INFO
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        let Some(facts) = cx.facts else { return };
        for (ti, t) in facts.tables.iter().enumerate() {
            let col = |role: ColumnRole| t.columns.iter().position(|c| c.1 == role);
            let (Some(cr), Some(cw), Some(cs)) =
                (col(ColumnRole::Rate), col(ColumnRole::Weight), col(ColumnRole::Score))
            else {
                continue;
            };
            for (ri, r) in t.rows.iter().enumerate() {
                let get = |c: usize| r.cells.get(c).copied().flatten();
                let (Some(rate), Some(weight), Some(score)) = (get(cr), get(cw), get(cs)) else { continue };
                if !rate.percent || weight.percent || score.percent {
                    continue;
                }
                let Some(expected) = expected_score(rate, weight) else { continue };
                let Some(m) = mismatch(score.figure(), Ok(expected)) else { continue };
                let path = |c: usize| format!("facts.tables[{ti}].rows[{ri}].cells[{c}]");
                out.push(mismatch_finding(
                    &Self::INFO,
                    &m,
                    score.value,
                    "分",
                    match r.label.trim() {
                        "" => format!("预算执行情况的得分(分值 {} × 执行率 {}%)", weight.value, rate.value),
                        label => format!("表格“{label}”行的得分(分值 {} × 执行率 {}%)", weight.value, rate.value),
                    },
                    labelled(path(cs), "得分"),
                    vec![at(path(cr)), at(path(cw))],
                    "按 分值 × 执行率 重新计算得分(执行率超过 100% 的得满分)",
                ));
            }
        }
    }
}

/// 分值 × 执行率, the rate capped at 100% (over its rounding interval), the points exact.
fn expected_score(rate: Stated, weight: Stated) -> Option<Figure> {
    let hundred = Decimal::ONE_HUNDRED;
    let r = rate.figure();
    let capped = Figure { face: r.face.min(hundred), lo: r.lo.min(hundred), hi: r.hi.min(hundred) };
    capped.times(Figure::exact(weight.value)).ok()?.scale_by(Decimal::new(1, 2)).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pct(v: &str) -> Stated {
        Stated { value: v.parse().unwrap(), percent: true }
    }
    fn pts(v: &str) -> Stated {
        Stated { value: v.parse().unwrap(), percent: false }
    }

    #[test]
    fn the_score_is_the_weight_times_the_rate_capped_at_full_marks() {
        let e = expected_score(pct("76"), pts("10")).unwrap();
        assert!(e.lo <= Decimal::new(76, 1) && Decimal::new(76, 1) <= e.hi);
        assert!(e.lo > Decimal::new(74, 1) && e.hi < Decimal::new(78, 1));
        // 102.59% scores full marks, not 10.259
        let full = expected_score(pct("102.59"), pts("10")).unwrap();
        assert_eq!((full.lo, full.hi), (Decimal::TEN, Decimal::TEN));
        // 99.996% may be 100%: full marks are within reach
        let near = expected_score(pct("100.00"), pts("10")).unwrap();
        assert!(near.lo < Decimal::TEN && near.hi == Decimal::TEN);
    }
}
