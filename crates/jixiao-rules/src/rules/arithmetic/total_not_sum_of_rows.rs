//! A001 合计与分项之和不符.

use jixiao_core::Finding;
use jixiao_core::figure::Figure;

use crate::support::{at, labelled, mismatch, mismatch_finding};
use crate::{Context, Rule, RuleInfo, declare_rule};

declare_rule! {
    /// ## 检查内容
    ///
    /// 表格或段落中写明的合计数(合计、总额、共计),是否等于其各分项之和。检查范围包括:
    /// 预决算差异表的预算数、决算数、差异各列;收入支出结构段落的总额与各类支出;
    /// “三公”经费总额与因公出国(境)、公务用车、公务接待三项;仲裁案件的受理与不予受理、
    /// 裁决结案与调解结案;以及记录中列出全部分项的其他合计(如“共 1069.8 万元,其中……”)。
    ///
    /// 比较时考虑四舍五入:每个数按其小数位数代表一个区间(2.75 代表 2.745~2.755),
    /// 只有在所有区间内都不可能相等时才报告。
    ///
    /// ## 为什么
    ///
    /// 合计与分项不符说明至少有一个数字录错。审核人员首先核对的就是表内合计;
    /// 一处不符会让整张表的数字都不可信。
    ///
    /// ## 示例
    ///
    /// 预决算差异表各行决算数为 0.20、15.88、2827.71、34.25、139.11、96.78、0.53,
    /// 之和为 3114.46,而合计行写 3113.18,相差 1.28,超出舍入容差 ±0.04。
    ///
    /// 而“三公”经费 8.09 万元与 0 + 5.35 + 2.75 = 8.10 万元相差 0.01,
    /// 在舍入容差 ±0.015 以内,不报告。
    ///
    /// ## 如何修改
    ///
    /// 逐行核对分项数字与原始决算报表;找出录错的行并改正,使合计等于各分项之和。
    /// 若合计本身有误,改正合计。
    pub struct TotalNotSumOfRows {
        code: "A001",
        name: "total_not_sum_of_rows",
        title: "合计与分项之和不符",
        severity: Error,
    }
}

const HELP: &str = "逐项核对分项与原始报表,改正录错的数字,使合计等于各分项之和";

impl Rule for TotalNotSumOfRows {
    fn info(&self) -> &'static RuleInfo {
        &Self::INFO
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        let view = &cx.view;
        for figure in view.schema().derived.iter().filter(|d| d.rule == Self::INFO.code) {
            for inst in view.instances(figure) {
                let Some(total_path) = inst.stated.clone() else { continue };
                let (Some((stated_fig, written)), Ok(parts)) =
                    (view.figure_written(&total_path), view.input_figures(&inst))
                else {
                    continue;
                };
                let Some(m) = mismatch(stated_fig, Figure::sum(parts)) else { continue };
                let what = view.what(&inst);
                let stated = written.value;
                let mut f = mismatch_finding(
                    &Self::INFO,
                    &m,
                    stated,
                    "",
                    format!("{what}:合计与各分项之和不符"),
                    labelled(total_path, "合计"),
                    inst.input_paths().map(at).collect(),
                    HELP,
                );
                f.message = format!(
                    "{what}:各分项之和为 {},与合计 {stated} 不符({})",
                    f.computed.clone().unwrap_or_default(),
                    m.cmp.describe(crate::support::dp_for(stated, 0))
                );
                out.push(f);
            }
        }
    }
}
