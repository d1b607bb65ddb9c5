//! Stated counts against the items listed, and headcounts against their categories.

pub mod count_not_items_listed;
pub mod staffing_not_sum;
