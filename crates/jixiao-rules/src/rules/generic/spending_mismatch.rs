//! G009 文中所述项目支出总额与项目资金表的执行数不符.

use jixiao_core::Finding;
use jixiao_core::figure::compare;
use jixiao_core::num::format_fixed;

use crate::support::labelled;
use crate::{Context, Rule, RuleInfo, declare_rule, finding};

declare_rule! {
    /// ## 检查内容
    ///
    /// 项目支出绩效自评报告在文字中写明项目共支出(完成、执行、使用)了多少资金时,
    /// 这个数字是否等于同一报告项目资金表的“全年执行数”——年度资金总额行或其中某一行
    /// (如“其中:本年财政拨款”)。只读写明是全部支出的句子(“本项目共完成预算资金”
    /// “全年累计支出”),不读计划、申请、下达、其中和用途;比较考虑四舍五入
    /// (89.97 万元与表中 89.974 万元相符),表中未写单位时也按元比较。
    ///
    /// ## 为什么
    ///
    /// 项目资金表和文字说明常由不同的人分别填写。文字所说的支出总额与表中执行数不一致,
    /// 读者无法判断项目到底花了多少钱,执行率和得分也就无从核实。
    ///
    /// ## 示例
    ///
    /// 项目资金表全年执行数 89.974 万元,文中写“本项目共完成预算资金 19.97 万元”。
    ///
    /// ## 如何修改
    ///
    /// 以核实过的支付数据为准,改正文字或表中抄错的数字,使两者一致。
    pub struct SpendingMismatch {
        code: "G009",
        name: "spending_mismatch",
        title: "文中所述项目支出总额与项目资金表的执行数不符",
        severity: Error,
    }
}

impl Rule for SpendingMismatch {
    fn info(&self) -> &'static RuleInfo {
        &Self::INFO
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        let Some(facts) = cx.facts else { return };
        for (i, s) in facts.spending.iter().enumerate() {
            let agrees = s
                .form
                .iter()
                .any(|(_, fig, _)| compare(&s.stated, fig).consistent || compare(&s.as_written, fig).consistent);
            if agrees || s.form.is_empty() {
                continue;
            }
            let table: Vec<String> =
                s.form.iter().map(|(row, fig, _)| format!("{row} {} 万元", format_fixed(fig.face, 2))).collect();
            let mut f = finding(
                &Self::INFO,
                format!(
                    "文中“{}”为 {} 万元,但项目资金表的全年执行数为:{},没有一项与之相符",
                    s.label,
                    format_fixed(s.stated.face, 2),
                    table.join("、")
                ),
                labelled(format!("facts.spending[{i}].stated"), "文中的支出总额"),
            );
            f.related =
                (0..s.form.len()).map(|j| labelled(format!("facts.spending[{i}].form[{j}]"), "表中执行数")).collect();
            f.stated = Some(format_fixed(s.stated.face, 2));
            f.computed = s.form.first().map(|(_, fig, _)| format_fixed(fig.face, 2));
            f.help = Some("以核实过的支付数据为准,改正文字或项目资金表中的数字,使两者一致".into());
            out.push(f);
        }
    }
}
