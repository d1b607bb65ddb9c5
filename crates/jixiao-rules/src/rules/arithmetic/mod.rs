//! Totals, differences and rates against the figures they follow from.

pub mod difference_mismatch;
pub mod part_exceeds_total;
pub mod rate_mismatch;
pub mod spending_above_budget;
pub mod spending_far_above_budget;
pub mod total_not_sum_of_rows;

use jixiao_core::project::{FundRow, ProjectFunds};

/// The rows of a project's funds table with their record paths: 年度资金总额, then each 其中 row.
pub(crate) fn fund_rows(funds: &ProjectFunds) -> impl Iterator<Item = (String, &FundRow)> {
    std::iter::once(("funds.total".to_string(), &funds.total))
        .chain(funds.parts.iter().enumerate().map(|(i, p)| (format!("funds.parts[{i}]"), p)))
}
