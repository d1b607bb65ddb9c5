//! T009 完成率超出常见范围.

use jixiao_core::calc::{self, Better};
use jixiao_core::figure::Figure;
use jixiao_core::num::format_fixed;
use jixiao_core::record::Direction;
use jixiao_core::{Decimal, Finding, Record};

use crate::support::labelled;
use crate::{Context, Rule, RuleInfo, declare_rule, finding};

declare_rule! {
    /// ## 检查内容
    ///
    /// 定量目标的完成率(正向指标为实际完成值 ÷ 目标值,反向指标为目标值 ÷ 实际完成值)是否
    /// 高于 300% 或低于 10%。按四舍五入区间计算:只有区间内所有可能的值都超出这个范围才提示。
    /// 实际完成值为 0 的不在此列(那是未完成,由 T001、T002 处理);已填写偏差原因的不再提示。
    /// 所有这样的目标合并为一条提示。
    ///
    /// ## 为什么
    ///
    /// 这样的完成率可能发生,但更常见的是填错:人均指标与总量相比、单位混用(小时与人次、
    /// 万元与元)、目标值少写或多写了位数。完成率直接影响自评得分,审核人会首先追问。
    /// 此项为警告:确属实情的,在偏差原因中说明即可。
    ///
    /// ## 示例
    ///
    /// 党员志愿者服务时长目标 ≥ 100 小时,实际完成 6630 小时,完成率 6630.00%:很可能是
    /// 把全体党员的总时长与人均目标相比。
    ///
    /// ## 如何修改
    ///
    /// 核对目标值与实际完成值的口径和计量单位,改正填错的数字;确属实情的,在偏差原因中说明
    /// 为什么远超或远低于目标。
    pub struct ImplausibleCompletion {
        code: "T009",
        name: "implausible_completion",
        title: "完成率超出常见范围",
        severity: Warning,
    }
}

/// Above this completion rate (percent), a figure is more likely wrong than achieved.
const HIGH: Decimal = Decimal::from_parts(300, 0, 0, false, 0);
/// Below this completion rate (percent), likewise.
const LOW: Decimal = Decimal::from_parts(10, 0, 0, false, 0);

impl Rule for ImplausibleCompletion {
    fn info(&self) -> &'static RuleInfo {
        &Self::INFO
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        let Record::Dept(r) = cx.record else { return };
        let mut found: Vec<(usize, String)> = Vec::new();
        for (i, t) in r.targets.iter().enumerate() {
            let (Some(target), Some(actual)) = (t.target, t.actual) else { continue };
            // Explained beside the target: the filer has said why (a different 口径, a one-off).
            if t.deviation_reason.as_ref().is_some_and(|s| !s.trim().is_empty()) {
                continue;
            }
            let better = match t.direction {
                Direction::AtMost => Better::Lower,
                Direction::Exactly => continue,
                _ => Better::Higher,
            };
            let actual = actual.figure();
            if actual.may_be_zero() || target.0 <= Decimal::ZERO {
                continue;
            }
            let Ok(rate) = calc::completion_rate(actual, Figure::exact(target.0), better) else { continue };
            // Every value the rounded figures allow must be out of range.
            let side = if rate.lo > HIGH {
                "远高于"
            } else if rate.hi < LOW {
                "远低于"
            } else {
                continue;
            };
            let unit = t.unit.as_deref().unwrap_or("");
            let op = if better == Better::Lower { "≤" } else { "≥" };
            found.push((
                i,
                format!(
                    "{} 目标 {op}{target}{unit},实际 {}{unit},完成率 {}%,{side}常见范围",
                    t.name,
                    t.actual.map_or(String::new(), |v| v.to_string()),
                    format_fixed(rate.face, 2)
                ),
            ));
        }
        let Some((first, _)) = found.first() else { return };
        let mut f = finding(
            &Self::INFO,
            format!(
                "{} 项目标的完成率超出常见范围(10%–300%),可能是指标值与实际完成值的口径或单位不一致:{}",
                found.len(),
                found.iter().map(|(_, s)| s.as_str()).collect::<Vec<_>>().join(";")
            ),
            labelled(format!("targets[{first}].actual"), "完成率超出常见范围"),
        );
        f.related =
            found[1..].iter().map(|(i, _)| labelled(format!("targets[{i}].actual"), "完成率超出常见范围")).collect();
        f.help =
            Some("核对目标值与实际完成值的口径和计量单位(如人均与总量、小时与人次);确属实情的,在偏差原因中说明".into());
        out.push(f);
    }
}
