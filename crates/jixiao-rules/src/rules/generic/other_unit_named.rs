//! G005 报告中出现其他单位的名称.

use jixiao_core::Finding;

use crate::support::labelled;
use crate::{Context, Rule, RuleInfo, declare_rule, finding};

declare_rule! {
    /// ## 检查内容
    ///
    /// 报告中是否出现与本单位同类的另一单位(如另一个镇人民政府、乡人民政府、街道办事处)的名称,
    /// 且该句写的数字与写本单位名称的句子相同。本单位名称取报告中出现次数最多的一个。
    ///
    /// ## 为什么
    ///
    /// 各单位的报告常从同类单位的报告改写而来,个别处未改名称,读者会以为数字属于另一单位,
    /// 审核人也无法确认这段文字说的是哪个单位。此项为警告:也可能确实在说另一单位(如联合实施的项目),
    /// 请核对并说明。
    ///
    /// ## 示例
    ///
    /// 麻埠镇人民政府的报告写“麻埠镇人民政府 2023 年度下达上级资金转移支付 755.19 万元”,
    /// 后文又写“白塔畈镇人民政府 2023 年度下达上级资金转移支付 755.19 万元”。
    ///
    /// ## 如何修改
    ///
    /// 把另一单位的名称改为本单位名称;若确指另一单位,写明二者的关系。
    pub struct OtherUnitNamed {
        code: "G005",
        name: "other_unit_named",
        title: "报告中出现其他单位的名称",
        severity: Warning,
    }
}

impl Rule for OtherUnitNamed {
    fn info(&self) -> &'static RuleInfo {
        &Self::INFO
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        let Some(facts) = cx.facts else { return };
        for (i, n) in facts.foreign_names.iter().enumerate() {
            let mut f = finding(
                &Self::INFO,
                format!(
                    "报告单位为“{}”,但写 {} 的一句称“{}”:可能是套用其他单位报告时未改的名称",
                    n.own, n.figure, n.other
                ),
                labelled(format!("facts.foreign_names[{i}].other"), "其他单位"),
            );
            f.related = vec![labelled(format!("facts.foreign_names[{i}].own"), "本单位")];
            f.stated = Some(n.other.clone());
            f.computed = Some(n.own.clone());
            f.help = Some("把另一单位的名称改为本单位名称;若确指另一单位,写明二者的关系".into());
            out.push(f);
        }
    }
}
