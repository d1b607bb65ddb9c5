//! P004 所称等级与总分不符.

use jixiao_core::Finding;

use crate::support::labelled;
use crate::{Context, Rule, RuleInfo, declare_rule, finding};

declare_rule! {
    /// ## 检查内容
    ///
    /// 写明的评价等级(优、良、中、差)是否与总分按指标体系等级划分所得的等级一致。
    /// 默认划分:90 分(含)以上为优,80(含)至 90 分为良,60(含)至 80 分为中,60 分以下为差。
    /// 等级的常见写法视为同一等级:“优秀”即“优”,“良好”即“良”,“中等”“合格”即“中”,
    /// “较差”“不合格”即“差”;写“优秀”而总分为 95 分不报。
    ///
    /// ## 为什么
    ///
    /// 等级直接用于结果应用(如与预算安排挂钩),等级与分数不符会导致错误的结果应用。
    ///
    /// ## 示例
    ///
    /// 总分 89.5 分,写“优”:应为“良”。
    ///
    /// ## 如何修改
    ///
    /// 按所用指标体系的等级划分改正等级,或核对总分。
    pub struct GradeMismatch {
        code: "P004",
        name: "grade_mismatch",
        title: "所称等级与总分不符",
        severity: Error,
    }
}

impl Rule for GradeMismatch {
    fn info(&self) -> &'static RuleInfo {
        &Self::INFO
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        let Some(sheet) = &cx.sheet else { return };
        if !sheet.grade_mismatch() {
            return;
        }
        let (Some((stated, path)), Some(grade)) = (&sheet.stated_grade, &sheet.grade) else { return };
        let mut f = finding(
            &Self::INFO,
            format!("等级写“{}”,而总分 {} 分对应的等级为“{grade}”", stated.trim(), sheet.total),
            labelled(path.clone(), "等级"),
        );
        f.stated = Some(stated.clone());
        f.computed = Some(grade.clone());
        f.help = Some("按等级划分改正等级,或核对总分".into());
        out.push(f);
    }
}
