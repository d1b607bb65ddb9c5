//! P005 自评得分对应的指标在指标体系中不存在或重复.

use jixiao_core::Finding;
use jixiao_core::scoring::ScoreFlag;

use crate::support::labelled;
use crate::{Context, Rule, RuleInfo, declare_rule, finding};

declare_rule! {
    /// ## 检查内容
    ///
    /// 记录中每个自评得分所注明的指标代码(或项目支出表中的一级指标名称)是否存在于所用的
    /// 指标体系中,同一指标是否被打了两次分。
    ///
    /// ## 为什么
    ///
    /// 代码不存在的得分不会计入任何一级指标,总分和等级会因此算错;
    /// 常见原因是套用了其他年度或其他地区的指标体系。多数得分(至少 3 项)的指标都不存在时,
    /// 说明所用的指标体系不适用于这份记录:只报一条,列出体系和代码,不给总分和等级。
    ///
    /// ## 示例
    ///
    /// 指标体系中没有代码“B6”,记录却给 B6 打了 3 分。
    ///
    /// ## 如何修改
    ///
    /// 用 `jixiao score --system` 指定正确的指标体系,或改正代码;删除重复的得分。
    pub struct UnknownIndicator {
        code: "P005",
        name: "unknown_indicator",
        title: "得分对应的指标不存在或重复",
        severity: Error,
    }
}

impl Rule for UnknownIndicator {
    fn info(&self) -> &'static RuleInfo {
        &Self::INFO
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        let Some(sheet) = &cx.sheet else { return };
        if let Some(why) = sheet.system_misfit() {
            // Most codes unknown: the system is the wrong one, said once with its codes.
            let at = sheet.unknown_codes.first().map(|u| u.1.clone()).unwrap_or_default();
            let mut f = finding(&Self::INFO, why, labelled(at, "指标"));
            f.help = Some(
                "用 --system 指定记录实际采用的指标体系(jixiao systems 列出内置的体系),或在记录中改正 indicator_system"
                    .into(),
            );
            out.push(f);
            return;
        }
        for (code, path) in &sheet.unknown_codes {
            let mut f = finding(
                &Self::INFO,
                format!("指标体系“{}”中没有指标“{code}”,此项得分未计入总分", sheet.system_name),
                labelled(path.clone(), "指标"),
            );
            f.help = Some("改正指标代码,或用 --system 指定记录实际采用的指标体系".into());
            out.push(f);
        }
        for row in &sheet.rows {
            if row.flags.contains(&ScoreFlag::Duplicate) {
                let mut f = finding(
                    &Self::INFO,
                    format!("指标“{}”({})被打了两次分,只计第一次", row.name, row.code),
                    labelled(row.path.clone().unwrap_or_default(), "得分"),
                );
                f.help = Some("删除重复的得分".into());
                out.push(f);
            }
        }
    }
}
