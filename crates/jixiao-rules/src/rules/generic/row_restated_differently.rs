//! G011 表中某行的数字在别处写成了该行没有的数.

use jixiao_core::Finding;

use crate::support::labelled;
use crate::{Context, Rule, RuleInfo, declare_rule, finding};

declare_rule! {
    /// ## 检查内容
    ///
    /// 报告中一张同时有预算数和决算数的表里有一行(如“项目支出 | 874.20 | 308.17 |
    /// 1025.20”,即上年决算、本年预算、本年决算),报告别处(另一张表或正文)又用这一行的
    /// 名称写出一个数(“项目支出:1025.20”)时,这个数是否是该行的某一个数字。只读名称
    /// 具体(四个汉字以上,不是合计、其中)、在报告的表中只对应一行的名称;比较考虑四舍五入。
    ///
    /// ## 为什么
    ///
    /// 这样的一行汇集了报告对该项目的全部数字,别处再写同一项目,应当是其中之一。
    /// 对不上,说明表中或别处至少有一处抄错,读者不知道该信哪一个。
    ///
    /// ## 示例
    ///
    /// 基础数据表“项目支出”一行为 874.20、308.17、4025.20,自评表写“项目支出:1025.20”。
    ///
    /// ## 如何修改
    ///
    /// 核对决算报表,改正表中或别处抄错的数字,使两处一致。
    pub struct RowRestatedDifferently {
        code: "G011",
        name: "row_restated_differently",
        title: "表中某行的数字在别处写成了该行没有的数",
        severity: Error,
    }
}

impl Rule for RowRestatedDifferently {
    fn info(&self) -> &'static RuleInfo {
        &Self::INFO
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        let Some(facts) = cx.facts else { return };
        for (i, r) in facts.restated.iter().enumerate() {
            let row: Vec<String> = r.row.iter().map(|(_, v)| v.value.to_string()).collect();
            let mut f = finding(
                &Self::INFO,
                format!(
                    "“{}”写作 {},但表中这一行的数字是 {},没有一个与之相符",
                    r.label,
                    r.stated.value,
                    row.join("、")
                ),
                labelled(format!("facts.restated[{i}].stated"), "别处的数字"),
            );
            f.related = r.row.iter().map(|(path, _)| labelled(path.clone(), "表中这一行")).collect();
            f.stated = Some(r.stated.value.to_string());
            f.computed = Some(row.join("、"));
            f.help = Some("核对决算报表,改正表中或别处抄错的数字,使两处一致".into());
            out.push(f);
        }
    }
}
