//! Totals, differences and rates against the figures they follow from.

pub mod difference_mismatch;
pub mod part_exceeds_total;
pub mod rate_mismatch;
pub mod spending_above_budget;
pub mod total_not_sum_of_rows;
