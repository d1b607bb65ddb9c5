//! T005 指标名称与指标值的性质不符.

use jixiao_core::Finding;
use jixiao_core::record::Direction;

use super::{indicator_name, project_indicators};
use crate::support::labelled;
use crate::{Context, Rule, RuleInfo, declare_rule, finding};

declare_rule! {
    /// ## 检查内容
    ///
    /// 三级指标的名称说的是什么,与它的单位是否相符:
    ///
    /// - 名称说的是时间(时间、时限、日期、期限、周期、工期、时长、天数),不是一个“率”,
    ///   单位却不是天、月、年等时间单位(如“项目完成时间 100%”);
    /// - 名称说的是比率(……率、比例、占比、覆盖面),单位却不是 %(如“验收合格率 ≥ 5 个”);
    /// - 成本指标以 % 为单位,名称却不是一个“率”(如“亩均建设成本 ≤ 100%”)。
    ///
    /// 每个指标一条提示。
    ///
    /// ## 为什么
    ///
    /// 名称和数值说的不是同一件事,指标就无法考核:“完成时间 100%”既说不出期限,也没法和
    /// 实际完成日期比较。这常是套用模板、漏改单位留下的。此项为警告。
    ///
    /// ## 示例
    ///
    /// 时效指标“项目完工时间”方向 ≤,指标值 100,单位 %。
    ///
    /// ## 如何修改
    ///
    /// 让单位与名称一致:时间写成月、天(如 ≤ 10 月),比率写成 %;或改指标名称
    /// (如“按期完工率 100%”)。
    pub struct IndicatorKindMismatch {
        code: "T005",
        name: "indicator_kind_mismatch",
        title: "指标名称与指标值的性质不符",
        severity: Warning,
    }
}

const TIME_WORDS: &[&str] = &["时间", "时限", "日期", "期限", "周期", "工期", "时长", "天数"];
const TIME_UNITS: &[&str] = &["天", "日", "月", "年", "小时", "周", "工作日", "分钟", "季度", "个月", "个工作日", "h"];
const RATE_WORDS: &[&str] = &["率", "比例", "占比", "覆盖面"];
/// Names with 率 that are not rates.
const NOT_RATES: &[&str] = &["频率", "效率", "功率", "利率"];

fn is_rate_name(name: &str) -> bool {
    let mut n = name.to_string();
    for w in NOT_RATES {
        n = n.replace(w, "");
    }
    RATE_WORDS.iter().any(|w| n.contains(w))
}

fn is_time_unit(unit: &str) -> bool {
    let u = unit.trim_start_matches(['个', '<', '>', '=', '≤', '≥']);
    TIME_UNITS.contains(&unit) || TIME_UNITS.contains(&u) || unit.ends_with('前') || unit.ends_with('内')
}

impl Rule for IndicatorKindMismatch {
    fn info(&self) -> &'static RuleInfo {
        &Self::INFO
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        for (i, x) in project_indicators(cx.record).iter().enumerate() {
            if x.direction == Direction::Qualitative {
                continue;
            }
            let Some(unit) = x.unit.as_deref().map(str::trim).filter(|u| !u.is_empty()) else { continue };
            let name = x.name.trim();
            let percent = unit == "%" || unit == "‰";
            let rate = is_rate_name(name);
            let why = if !rate && TIME_WORDS.iter().any(|w| name.contains(w)) && !is_time_unit(unit) {
                Some(format!("名称说的是时间,单位却是“{unit}”"))
            } else if rate && !percent && !unit.contains('%') {
                Some(format!("名称说的是比率,单位却是“{unit}”"))
            } else if !rate && percent && x.level2.contains("成本") {
                Some("是成本指标,却以 % 为单位(成本应以金额计)".to_string())
            } else {
                None
            };
            let Some(why) = why else { continue };
            let mut f = finding(
                &Self::INFO,
                format!("指标{}{why}", indicator_name(x)),
                labelled(format!("indicators[{i}].unit"), "单位"),
            );
            f.help = Some("让单位与指标名称一致(时间用月、天,比率用 %,成本用元、万元),或改指标名称".into());
            out.push(f);
        }
    }
}
