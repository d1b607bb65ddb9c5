//! Every derived figure of a record, once: the stated field it checks, its formula, its
//! inputs, its name and unit, and the rule that checks it.
//!
//! A [`Formula`] names one function of [`crate::calc`]; [`Formula::eval`] is the only place
//! that maps one to the other, so the rules, scoring, the report and the workbook's
//! recomputation all compute a derived figure the same way.
//!
//! Inputs are path patterns. A `[]` the input shares with the stated field stands for the same
//! item (`budget_table.rows[].actual` beside `budget_table.rows[].execution_rate_stated` is the
//! same row's 决算数); any other `[]` stands for every item (`budget_table.rows[].budget` as the
//! input of the 合计 is the whole column).
//!
//! Where one stated field has two formulas (结转结余率 from 结转结余额 and 预算数, or else from
//! the 支出率 stated beside it), both are listed, the preferred first: the first whose inputs
//! are all present is the one used, and the first a workbook can compute is the formula its
//! cell holds (the 合计 row's 差异 as 预算数 − 决算数 rather than the sum of the column; the
//! rules check both).

use crate::calc::{self, Better};
use crate::figure::{Derived, Figure};

/// The formula of a derived figure: one named function of [`crate::calc`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Formula {
    /// 预决算差异 = 预算数 − 决算数. Inputs: budget, actual.
    Variance,
    /// 预算执行率 = 决算数 ÷ 预算数. Inputs: actual, budget.
    ExecutionRate,
    /// 增减额 = 本年 − 上年. Inputs: this year, last year.
    ChangeAmount,
    /// 增减率 = (本年 − 上年) ÷ 上年. Inputs: this year, last year.
    ChangeRate,
    /// 完成率 = 实际 ÷ 目标 (反向指标: 目标 ÷ 实际). Inputs: actual, target, direction.
    Completion,
    /// 支出率 = 支出数 ÷ 预算数. Inputs: spent, available.
    SpendingRate,
    /// 结转结余率 = 结转结余额 ÷ 预算数. Inputs: carryover, budget.
    CarryoverRate,
    /// 结转结余率 = 100% − 同口径支出率. Input: the spending rate.
    CarryoverFromSpending,
    /// 在编率 = 在编人数 ÷ 核定编制数. Inputs: the actual and authorized headcounts (objects)
    /// and whether 工勤人员 count.
    StaffingRate,
    /// 人均(元) = 总额(万元) × 10000 ÷ 人次. Inputs: total, people.
    PerVisitYuan,
    /// 占比 = 分项 ÷ 合计. Inputs: part, total.
    StructureShare,
    /// 控制率 = 实际支出 ÷ 预算安排. Inputs: actual, budget.
    ControlRate,
    /// 政府采购执行率 = 实际采购 ÷ 采购计划. Inputs: actual, planned.
    ProcurementRate,
    /// 覆盖率 / 完成率 of counts = 覆盖 ÷ 全部. Inputs: covered, all.
    CoverageRate,
    /// 结案率 = 已结 ÷ (受理 + 上期未结). Inputs: closed, accepted, carried over.
    ClosureRate,
    /// 调解成功率 = (调解结案 + 案外调解) ÷ (已结 + 案外调解). Inputs: by mediation,
    /// outside, closed.
    MediationRate,
    /// 合计 = Σ 分项. Inputs: parts or columns of parts.
    Sum,
}

impl Formula {
    /// Whether the result is a percentage.
    pub fn is_rate(self) -> bool {
        !matches!(self, Formula::Variance | Formula::ChangeAmount | Formula::PerVisitYuan | Formula::Sum)
    }

    /// Computes the figure from its inputs (figures in the order the formula lists them;
    /// for [`Formula::Sum`] every part). `better` is the direction of a completion rate.
    pub fn eval(self, inputs: &[Figure], better: Better) -> Derived {
        use crate::figure::NotApplicable;
        let arg = |i: usize| inputs.get(i).copied().ok_or(NotApplicable::ZeroDenominator);
        match self {
            Formula::Variance => calc::variance(arg(0)?, arg(1)?),
            Formula::ExecutionRate => calc::execution_rate(arg(0)?, arg(1)?),
            Formula::ChangeAmount => calc::change_amount(arg(0)?, arg(1)?),
            Formula::ChangeRate => calc::change_rate(arg(0)?, arg(1)?),
            Formula::Completion => calc::completion_rate(arg(0)?, arg(1)?, better),
            Formula::SpendingRate => calc::spending_rate(arg(0)?, arg(1)?),
            Formula::CarryoverRate => calc::carryover_rate(arg(0)?, arg(1)?),
            Formula::CarryoverFromSpending => calc::carryover_rate_from_spending(arg(0)?),
            Formula::StaffingRate => calc::staffing_rate(arg(0)?, arg(1)?),
            Formula::PerVisitYuan => calc::per_capita(arg(0)?.scale_by(crate::Decimal::from(10_000))?, arg(1)?),
            Formula::StructureShare => calc::structure_share(arg(0)?, arg(1)?),
            Formula::ControlRate => calc::control_rate(arg(0)?, arg(1)?),
            Formula::ProcurementRate => calc::procurement_rate(arg(0)?, arg(1)?),
            Formula::CoverageRate => calc::coverage_rate(arg(0)?, arg(1)?),
            Formula::ClosureRate => calc::closure_rate(arg(0)?, arg(1)?, arg(2)?),
            Formula::MediationRate => calc::mediation_rate(arg(0)?, arg(1)?, arg(2)?),
            Formula::Sum => calc::total(inputs),
        }
    }

    /// How the figure was obtained, in words, from its inputs as printed (`3104.33 ÷ 3296.95`).
    pub fn basis(self, inputs: &[String]) -> String {
        let a = |i: usize| inputs.get(i).map_or("", String::as_str);
        match self {
            Formula::Variance | Formula::ChangeAmount => format!("{} − {}", a(0), a(1)),
            Formula::ChangeRate => format!("({} − {}) ÷ {}", a(0), a(1), a(1)),
            Formula::CarryoverFromSpending => format!("100% − 支出率 {}", a(0)),
            Formula::PerVisitYuan => format!("{} × 10000 ÷ {}", a(0), a(1)),
            Formula::ClosureRate => format!("{} ÷ ({} + {})", a(0), a(1), a(2)),
            Formula::MediationRate => format!("({} + {}) ÷ ({} + {})", a(0), a(1), a(2), a(1)),
            Formula::Sum => inputs.join(" + "),
            _ => format!("{} ÷ {}", a(0), a(1)),
        }
    }
}

/// One derived figure.
#[derive(Debug, Clone, Copy)]
pub struct DerivedFigure {
    /// A unique name (`budget_table.row.execution_rate`).
    pub id: &'static str,
    /// Its Chinese name (`预算执行率`).
    pub name: &'static str,
    /// How a finding about it begins; `{key}` is the text of the field `key` of the stated
    /// field's item (`预决算差异表 {code} {name} 行的执行率`).
    pub what: &'static str,
    /// The path pattern of the field that states it, if the record has one.
    pub stated: Option<&'static str>,
    /// Its formula.
    pub formula: Formula,
    /// Its inputs, path patterns in the formula's order.
    pub inputs: &'static [&'static str],
    /// The path of a 是/否 field of the stated item that must be 是 for the figure to apply
    /// (a 分项 list that is complete), if any.
    pub when: Option<&'static str>,
    /// Its unit (`%`, `万元`, `元`, `人`…).
    pub unit: &'static str,
    /// The code of the rule that compares the stated figure with the computed one.
    pub rule: &'static str,
}

// One argument per column of the table below.
#[allow(clippy::too_many_arguments)]
const fn d(
    id: &'static str,
    name: &'static str,
    what: &'static str,
    stated: &'static str,
    formula: Formula,
    inputs: &'static [&'static str],
    unit: &'static str,
    rule: &'static str,
) -> DerivedFigure {
    DerivedFigure { id, name, what, stated: Some(stated), formula, inputs, when: None, unit, rule }
}

/// A derived figure the record does not state (scoring reads it).
const fn computed(
    id: &'static str,
    name: &'static str,
    formula: Formula,
    inputs: &'static [&'static str],
    unit: &'static str,
) -> DerivedFigure {
    DerivedFigure { id, name, what: name, stated: None, formula, inputs, when: None, unit, rule: "" }
}

use Formula::*;

/// The derived figures of a department record.
pub static DEPT: &[DerivedFigure] = &[
    // 预决算差异表
    d(
        "budget_table.row.variance",
        "预决算差异",
        "预决算差异表 {code} {name} 行的差异",
        "budget_table.rows[].variance_stated",
        Variance,
        &["budget_table.rows[].budget", "budget_table.rows[].actual"],
        "万元",
        "A002",
    ),
    d(
        "budget_table.row.execution_rate",
        "预算执行率",
        "预决算差异表 {code} {name} 行的执行率",
        "budget_table.rows[].execution_rate_stated",
        ExecutionRate,
        &["budget_table.rows[].actual", "budget_table.rows[].budget"],
        "%",
        "A003",
    ),
    d(
        "budget_table.total.budget",
        "预算数合计",
        "预决算差异表“预算数”列",
        "budget_table.total.budget",
        Sum,
        &["budget_table.rows[].budget"],
        "万元",
        "A001",
    ),
    d(
        "budget_table.total.actual",
        "决算数合计",
        "预决算差异表“决算数”列",
        "budget_table.total.actual",
        Sum,
        &["budget_table.rows[].actual"],
        "万元",
        "A001",
    ),
    d(
        "budget_table.total.variance",
        "预决算差异",
        "预决算差异表合计行的差异",
        "budget_table.total.variance",
        Variance,
        &["budget_table.total.budget", "budget_table.total.actual"],
        "万元",
        "A002",
    ),
    d(
        "budget_table.total.variance_sum",
        "预决算差异合计",
        "预决算差异表“差异”列",
        "budget_table.total.variance",
        Sum,
        &["budget_table.rows[].variance_stated"],
        "万元",
        "A001",
    ),
    d(
        "budget_table.total.execution_rate",
        "预算执行率",
        "预决算差异表合计行的执行率",
        "budget_table.total.execution_rate",
        ExecutionRate,
        &["budget_table.total.actual", "budget_table.total.budget"],
        "%",
        "A003",
    ),
    // 部门收支
    computed("finance.execution_rate", "预算执行率", ExecutionRate, &["finance.actual", "finance.budget_initial"], "%"),
    d(
        "finance.budget_change",
        "预算增减额",
        "年初预算与上年预算相比的增减额",
        "finance.budget_change_stated",
        ChangeAmount,
        &["finance.budget_initial", "finance.budget_last_year"],
        "万元",
        "A002",
    ),
    d(
        "finance.budget_change_rate",
        "预算增减率",
        "年初预算较上年预算的增减率",
        "finance.budget_change_rate_stated",
        ChangeRate,
        &["finance.budget_initial", "finance.budget_last_year"],
        "%",
        "A003",
    ),
    d(
        "finance.actual_change",
        "执行数增减额",
        "本年执行数与上年执行数相比的增减额",
        "finance.actual_change_stated",
        ChangeAmount,
        &["finance.actual", "finance.actual_last_year"],
        "万元",
        "A002",
    ),
    d(
        "finance.actual_change_rate",
        "执行数增减率",
        "本年执行数较上年的增减率",
        "finance.actual_change_rate_stated",
        ChangeRate,
        &["finance.actual", "finance.actual_last_year"],
        "%",
        "A003",
    ),
    // 收入支出结构
    d(
        "expenditure_structure.total",
        "支出合计",
        "收入支出结构",
        "expenditure_structure.total",
        Sum,
        &["expenditure_structure.items[].amount"],
        "万元",
        "A001",
    ),
    d(
        "expenditure_structure.share",
        "占比",
        "{name}占总支出的比重",
        "expenditure_structure.items[].share_stated",
        StructureShare,
        &["expenditure_structure.items[].amount", "expenditure_structure.total"],
        "%",
        "A003",
    ),
    // 人员
    d(
        "staffing.authorized.total",
        "核定编制合计",
        "核定编制",
        "staffing.authorized.stated_total",
        Sum,
        &[
            "staffing.authorized.administrative",
            "staffing.authorized.law_enforcement",
            "staffing.authorized.civil_service_managed",
            "staffing.authorized.public_institution",
            "staffing.authorized.service_staff",
            "staffing.authorized.contracted",
        ],
        "人",
        "N002",
    ),
    d(
        "staffing.actual.total",
        "实有人数合计",
        "实有人数",
        "staffing.actual.stated_total",
        Sum,
        &[
            "staffing.actual.administrative",
            "staffing.actual.law_enforcement",
            "staffing.actual.civil_service_managed",
            "staffing.actual.public_institution",
            "staffing.actual.service_staff",
            "staffing.actual.contracted",
        ],
        "人",
        "N002",
    ),
    d(
        "staffing.rate",
        "在编率",
        "在编率",
        "staffing.staffing_rate.stated",
        StaffingRate,
        &["staffing.actual", "staffing.authorized", "staffing.staffing_rate.includes_service_staff"],
        "%",
        "A003",
    ),
    // 绩效目标
    d(
        "targets.completion_rate",
        "完成率",
        "“{name}”的完成率",
        "targets[].completion_rate_stated",
        Completion,
        &["targets[].actual", "targets[].target", "targets[].direction"],
        "%",
        "A003",
    ),
    // 支出率、结转结余
    d(
        "spending_rates.rate",
        "支出率",
        "{label}",
        "spending_rates[].rate_stated",
        SpendingRate,
        &["spending_rates[].actual", "spending_rates[].budget"],
        "%",
        "A003",
    ),
    d(
        "carryover.rate",
        "结转结余率",
        "结转结余率",
        "carryover.rate_stated",
        CarryoverRate,
        &["carryover.amount", "carryover.budget"],
        "%",
        "A003",
    ),
    d(
        "carryover.rate_from_spending",
        "结转结余率",
        "结转结余率(= 100% − 同口径支出率)",
        "carryover.rate_stated",
        CarryoverFromSpending,
        &["carryover.spending_rate_stated"],
        "%",
        "A003",
    ),
    // 政府采购与资产
    d(
        "procurement.rate",
        "政府采购执行率",
        "政府采购执行率",
        "procurement.rate_stated",
        ProcurementRate,
        &["procurement.actual", "procurement.planned"],
        "%",
        "A003",
    ),
    d(
        "assets.utilization",
        "固定资产利用率",
        "固定资产利用率",
        "assets.utilization_stated",
        StructureShare,
        &["assets.in_use", "assets.total"],
        "%",
        "A003",
    ),
    // 公用经费、三公经费
    d(
        "operating_expenses.rate",
        "公用经费支出率",
        "公用经费支出率",
        "operating_expenses.rate_stated",
        ControlRate,
        &["operating_expenses.actual", "operating_expenses.budget"],
        "%",
        "A003",
    ),
    d(
        "three_public_expenses.actual",
        "“三公”经费决算合计",
        "“三公”经费决算",
        "three_public_expenses.actual_stated",
        Sum,
        &["three_public_expenses.travel_abroad", "three_public_expenses.vehicles", "three_public_expenses.reception"],
        "万元",
        "A001",
    ),
    d(
        "three_public_expenses.budget",
        "“三公”经费预算合计",
        "“三公”经费预算",
        "three_public_expenses.budget",
        Sum,
        &[
            "three_public_expenses.travel_abroad_budget",
            "three_public_expenses.vehicles_budget",
            "three_public_expenses.reception_budget",
        ],
        "万元",
        "A001",
    ),
    d(
        "three_public_expenses.control_rate",
        "“三公”经费控制率",
        "“三公”经费控制率",
        "three_public_expenses.control_rate_stated",
        ControlRate,
        &["three_public_expenses.actual_stated", "three_public_expenses.budget"],
        "%",
        "A003",
    ),
    d(
        "three_public_expenses.per_visit",
        "人均接待费",
        "人均公务接待费(接待费 ÷ 接待人次)",
        "three_public_expenses.reception_per_visit_stated",
        PerVisitYuan,
        &["three_public_expenses.reception", "three_public_expenses.reception_visits"],
        "元",
        "A003",
    ),
    computed(
        "three_public_expenses.change_rate",
        "“三公”经费变动率",
        ChangeRate,
        &["three_public_expenses.budget", "three_public_expenses.budget_last_year"],
        "%",
    ),
    // 项目、重点工作、预算调整
    d(
        "projects.coverage",
        "绩效目标覆盖率",
        "绩效目标覆盖率",
        "projects.coverage_stated",
        CoverageRate,
        &["projects.with_targets", "projects.total"],
        "%",
        "A003",
    ),
    computed(
        "projects.key_spending_share",
        "重点支出安排率",
        StructureShare,
        &["projects.key_spending", "projects.project_spending"],
        "%",
    ),
    d(
        "key_work.rate",
        "重点工作完成率",
        "重点工作完成率",
        "key_work.rate_stated",
        CoverageRate,
        &["key_work.completed", "key_work.planned"],
        "%",
        "A003",
    ),
    d(
        "budget_adjustment.rate",
        "预算调整率",
        "预算调整率",
        "budget_adjustment.rate_stated",
        StructureShare,
        &["budget_adjustment.amount", "finance.budget_initial"],
        "%",
        "A003",
    ),
    // 劳动人事争议仲裁
    d(
        "arbitration.applications",
        "仲裁申请数",
        "仲裁申请(受理 + 不予受理)",
        "arbitration.applications",
        Sum,
        &["arbitration.accepted", "arbitration.refused"],
        "宗",
        "A001",
    ),
    d(
        "arbitration.closed",
        "已办结案件数",
        "已办结案件(裁决 + 调解)",
        "arbitration.closed",
        Sum,
        &["arbitration.closed_by_award", "arbitration.closed_by_mediation"],
        "宗",
        "A001",
    ),
    d(
        "arbitration.closure_rate",
        "累计结案率",
        "仲裁结案率(已结 ÷(受理 + 上期未结))",
        "arbitration.closure_rate_stated",
        ClosureRate,
        &["arbitration.closed", "arbitration.accepted", "arbitration.carried_over"],
        "%",
        "A003",
    ),
    d(
        "arbitration.mediation_rate",
        "调解成功率",
        "调解成功率((调解结案 + 案外调解)÷(已结 + 案外调解))",
        "arbitration.mediation_rate_stated",
        MediationRate,
        &["arbitration.closed_by_mediation", "arbitration.mediated_outside", "arbitration.closed"],
        "%",
        "A003",
    ),
    // 分项数据
    DerivedFigure {
        id: "breakdowns.total",
        name: "合计",
        what: "“{label}”",
        stated: Some("breakdowns[].total"),
        formula: Sum,
        inputs: &["breakdowns[].parts[].value"],
        when: Some("complete"),
        unit: "",
        rule: "A001",
    },
];

/// The derived figures of a project record.
pub static PROJECT: &[DerivedFigure] = &[
    d(
        "funds.total.execution_rate",
        "执行率",
        "“{label}”的执行率",
        "funds.total.execution_rate_stated",
        ExecutionRate,
        &["funds.total.actual", "funds.total.budget_full_year"],
        "%",
        "A003",
    ),
    d(
        "funds.part.execution_rate",
        "执行率",
        "“{label}”的执行率",
        "funds.parts[].execution_rate_stated",
        ExecutionRate,
        &["funds.parts[].actual", "funds.parts[].budget_full_year"],
        "%",
        "A003",
    ),
    d(
        "funds.total.budget_initial",
        "年初预算数合计",
        "项目资金“年初预算数”",
        "funds.total.budget_initial",
        Sum,
        &["funds.parts[].budget_initial"],
        "万元",
        "A001",
    ),
    d(
        "funds.total.budget_full_year",
        "全年预算数合计",
        "项目资金“全年预算数”",
        "funds.total.budget_full_year",
        Sum,
        &["funds.parts[].budget_full_year"],
        "万元",
        "A001",
    ),
    d(
        "funds.total.actual",
        "全年执行数合计",
        "项目资金“全年执行数”",
        "funds.total.actual",
        Sum,
        &["funds.parts[].actual"],
        "万元",
        "A001",
    ),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_unique_and_inputs_named() {
        for table in [DEPT, PROJECT] {
            let mut ids = std::collections::HashSet::new();
            for f in table {
                assert!(ids.insert(f.id), "{} twice", f.id);
                assert!(!f.inputs.is_empty(), "{}", f.id);
                assert!(f.stated.is_some() || f.rule.is_empty(), "{}: a rule needs a stated field", f.id);
            }
        }
    }
}
