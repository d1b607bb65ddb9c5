//! T008 缺少指标体系要求的二级指标.

use jixiao_core::Finding;
use jixiao_core::scoring::same_level1;

use super::project_indicators;
use crate::support::labelled;
use crate::{Context, Rule, RuleInfo, declare_rule, finding};

declare_rule! {
    /// ## 检查内容
    ///
    /// 指标体系要求在某个一级指标下必须设置的二级指标(指标体系文件中的 `requires`),
    /// 项目的绩效指标表是否设置了。内置的项目支出绩效自评表(`mof-2020-project`)要求
    /// 产出指标下设置成本指标。绩效指标表为空时不检查。
    ///
    /// ## 为什么
    ///
    /// 财政部门要求项目绩效目标原则上设置成本指标,反映“花了多少钱、办了多少事”;
    /// 没有成本指标,资金使用的经济性无从评价。此项为警告。
    ///
    /// ## 示例
    ///
    /// 一个道路硬化项目的产出指标只有数量、质量、时效指标,没有“每公里建设成本”之类的成本指标。
    ///
    /// ## 如何修改
    ///
    /// 在该一级指标下增加所要求的二级指标,如成本指标“每公里建设成本 ≤ 80 万元”;
    /// 并从其他三级指标中调出相应分值,使分值合计不变。
    pub struct RequiredIndicatorMissing {
        code: "T008",
        name: "required_indicator_missing",
        title: "缺少指标体系要求的二级指标",
        severity: Warning,
    }
}

impl Rule for RequiredIndicatorMissing {
    fn info(&self) -> &'static RuleInfo {
        &Self::INFO
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        let (Some(sys), inds) = (cx.system, project_indicators(cx.record)) else { return };
        if inds.is_empty() {
            return;
        }
        for node in sys.indicators.iter().filter(|n| n.children_from_record) {
            let under: Vec<usize> =
                inds.iter().enumerate().filter(|(_, x)| same_level1(&x.level1, &node.name)).map(|(i, _)| i).collect();
            for required in &node.requires {
                let want = required.trim().trim_end_matches("指标");
                if under.iter().any(|&i| inds[i].level2.contains(want)) {
                    continue;
                }
                let at = under.first().map_or_else(|| "indicators".to_string(), |i| format!("indicators[{i}].level2"));
                let mut f = finding(
                    &Self::INFO,
                    format!("“{}”下没有设置{required}:指标体系“{}”要求设置", node.name, sys.system.name),
                    labelled(at, node.name.clone()),
                );
                f.help = Some(format!("在“{}”下增加{required},并调整各三级指标的分值使合计不变", node.name));
                out.push(f);
            }
        }
    }
}
