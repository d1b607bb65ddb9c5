//! C003 比率只在另一口径下成立.

use jixiao_core::calc;
use jixiao_core::figure::{Figure, compare};
use jixiao_core::num::format_fixed;
use jixiao_core::{Finding, Record};

use crate::support::labelled;
use crate::{Context, Rule, RuleInfo, declare_rule, finding};

declare_rule! {
    /// ## 检查内容
    ///
    /// 写明的比率按报告所述的定义算不出来,换一种常见口径却正好成立。
    /// 目前检查在编率:报告说“含工勤人员”,比率却只有不含工勤时才对(或反之)。
    ///
    /// ## 为什么
    ///
    /// 数字本身可能没有抄错,但定义与算法不符,读者按定义复核会得出另一个数。
    /// 此项为警告:请统一定义与算法。
    ///
    /// ## 示例
    ///
    /// 报告称在编人数(含工勤)与核定编制数(含工勤)之比为 71.43%;含工勤时为
    /// 77 ÷ 109 = 70.64%,而 71.43% = 75 ÷ 105 只在不含工勤时成立。
    ///
    /// ## 如何修改
    ///
    /// 按所述定义重新计算比率,或把定义改为实际采用的口径。
    pub struct RateMatchesOtherScope {
        code: "C003",
        name: "rate_matches_other_scope",
        title: "比率只在另一口径下成立",
        severity: Warning,
    }
}

impl Rule for RateMatchesOtherScope {
    fn info(&self) -> &'static RuleInfo {
        &Self::INFO
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        let Record::Dept(r) = cx.record else { return };
        let s = &r.staffing;
        let Some(sr) = &s.staffing_rate else { return };
        if !s.actual.any() || !s.authorized.any() {
            return;
        }
        let with = sr.includes_service_staff;
        let parts = |w: bool| (s.actual.on_post(w), s.authorized.on_post(w));
        let rate = |w: bool| {
            let (a, b) = parts(w);
            calc::staffing_rate(Figure::count(a), Figure::count(b))
        };
        let (Ok(stated_scope), Ok(other_scope)) = (rate(with), rate(!with)) else { return };
        let fig = sr.stated.figure();
        if compare(&fig, &stated_scope).consistent || !compare(&fig, &other_scope).consistent {
            return;
        }
        let name = |w: bool| if w { "含工勤" } else { "不含工勤" };
        let ((a1, b1), (a2, b2)) = (parts(with), parts(!with));
        let mut f = finding(
            &Self::INFO,
            format!(
                "在编率 {}:按所述口径({})为 {a1} ÷ {b1} = {}%,不符;仅在{}时成立({a2} ÷ {b2} = {}%)",
                sr.stated,
                name(with),
                format_fixed(stated_scope.face, 2),
                name(!with),
                format_fixed(other_scope.face, 2)
            ),
            labelled("staffing.staffing_rate.stated", "在编率"),
        );
        f.related = vec![
            labelled("staffing.staffing_rate.includes_service_staff", "所述口径"),
            labelled("staffing.actual", "实有人数"),
            labelled("staffing.authorized", "核定编制"),
        ];
        f.stated = Some(sr.stated.to_string());
        f.computed = Some(format!("{}%", format_fixed(stated_scope.face, 2)));
        f.help = Some("按所述口径重新计算,或把口径改为实际采用的口径".into());
        out.push(f);
    }
}
