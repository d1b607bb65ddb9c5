//! The figures indicator rules read when scoring ("measures"), each as an ordered list of
//! sources: a derived figure computed from the record, a figure the record states, or a
//! count. The first source the record holds is the measure's value.
//!
//! An indicator system names a measure by its id (`measure = "execution_rate"`);
//! `docs/indicator-system-format.md` lists them (a test keeps the list current).

/// Where a measure's value comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    /// A derived figure computed from the record (by its id in the derived table), its
    /// inputs all stated.
    Computed(&'static str),
    /// A derived figure computed from the record, where an input the record leaves blank is
    /// itself computed from its own formula (the 三公经费 total from its three kinds).
    ComputedFilling(&'static str),
    /// The first figure the record states at this path pattern.
    Stated(&'static str),
    /// Of the quantitative targets, the share met (达成的定量目标数 ÷ 定量目标数).
    TargetsMet,
    /// The number of items of the list at this path.
    Count(&'static str),
}

/// One measure.
#[derive(Debug, Clone, Copy)]
pub struct Measure {
    /// Its id, as indicator systems name it.
    pub id: &'static str,
    /// Its Chinese name.
    pub name: &'static str,
    /// Its unit (`%`, `项`).
    pub unit: &'static str,
    /// Its sources, the preferred first.
    pub sources: &'static [Source],
    /// The heading the report gives its figures when no scored indicator discusses them, or
    /// `None` when the report does not discuss it apart.
    pub report_heading: Option<&'static str>,
}

use Source::*;

const fn m(
    id: &'static str,
    name: &'static str,
    unit: &'static str,
    sources: &'static [Source],
    report_heading: Option<&'static str>,
) -> Measure {
    Measure { id, name, unit, sources, report_heading }
}

/// The measures of a department record, in the order the report discusses them.
pub static DEPT: &[Measure] = &[
    m(
        "target_coverage",
        "绩效目标覆盖率",
        "%",
        &[Computed("projects.coverage"), Stated("projects.coverage_stated")],
        Some("绩效目标覆盖率"),
    ),
    m(
        "execution_rate",
        "预算执行率",
        "%",
        &[Computed("budget_table.total.execution_rate"), Computed("finance.execution_rate")],
        None,
    ),
    m(
        "spending_rate",
        "部门预算资金支出率",
        "%",
        &[
            Computed("spending_rates.rate"),
            Stated("spending_rates[].rate_stated"),
            Stated("carryover.spending_rate_stated"),
        ],
        Some("预算资金支出率"),
    ),
    m(
        "carryover_rate",
        "结转结余率",
        "%",
        &[Computed("carryover.rate"), Stated("carryover.rate_stated"), Computed("carryover.rate_from_spending")],
        Some("结转结余情况"),
    ),
    m(
        "idle_funds",
        "国库集中支付结转结余存量资金",
        "万元",
        &[Stated("treasury.idle_funds")],
        Some("国库集中支付结转结余存量资金"),
    ),
    m(
        "procurement_rate",
        "政府采购执行率",
        "%",
        &[Computed("procurement.rate"), Stated("procurement.rate_stated")],
        Some("政府采购执行率"),
    ),
    m(
        "asset_utilization",
        "固定资产利用率",
        "%",
        &[Computed("assets.utilization"), Stated("assets.utilization_stated")],
        Some("固定资产利用率"),
    ),
    m(
        "staffing_rate",
        "在编率 / 在职人员控制率",
        "%",
        &[Computed("staffing.rate"), Stated("staffing.staffing_rate.stated")],
        Some("在编率"),
    ),
    m(
        "operating_expense_control_rate",
        "公用经费控制率",
        "%",
        &[Computed("operating_expenses.rate"), Stated("operating_expenses.rate_stated")],
        Some("公用经费和“三公”经费控制情况"),
    ),
    m(
        "three_public_control_rate",
        "三公经费控制率",
        "%",
        &[ComputedFilling("three_public_expenses.control_rate"), Stated("three_public_expenses.control_rate_stated")],
        None,
    ),
    m("three_public_change_rate", "三公经费变动率", "%", &[Computed("three_public_expenses.change_rate")], None),
    m(
        "targets_met_share",
        "绩效目标完成率:达成的定量目标数 ÷ 定量目标数",
        "%",
        &[TargetsMet],
        Some("绩效目标完成情况"),
    ),
    m("key_work_completion", "重点工作完成率", "%", &[Computed("key_work.rate"), Stated("key_work.rate_stated")], None),
    m(
        "budget_adjustment_rate",
        "预算调整率",
        "%",
        &[Computed("budget_adjustment.rate"), Stated("budget_adjustment.rate_stated")],
        None,
    ),
    m("key_spending_share", "重点支出安排率", "%", &[Computed("projects.key_spending_share")], None),
    m("adjustment_items", "加减分项数", "项", &[Count("scoring.adjustments")], None),
];

/// The measures of a project record.
pub static PROJECT: &[Measure] =
    &[m("execution_rate", "预算执行率", "%", &[Computed("funds.total.execution_rate")], None)];

impl Measure {
    /// The name with its unit, as listed for authors of indicator systems (`预算执行率(%)`).
    pub fn name_with_unit(&self) -> String {
        format!("{}({})", self.name, self.unit)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_source_names_a_derived_figure_or_field_of_the_schema() {
        let schema = &super::super::DEPT;
        for m in DEPT {
            for s in m.sources {
                match s {
                    Computed(id) | ComputedFilling(id) => assert!(schema.derived(id).is_some(), "{}: {id}", m.id),
                    Stated(p) => assert!(schema.field(p).is_some(), "{}: {p}", m.id),
                    Count(p) => assert!(schema.label(p) != *p, "{}: {p}", m.id),
                    TargetsMet => {}
                }
            }
        }
    }
}
