//! Rules on the generic facts of a report (tables, sentences, labels) that have no slot in
//! the record. They run only in an audit, where the facts come from the report's text.

pub mod change_rate_mismatch;
pub mod label_values_differ;
pub mod level_count_mismatch;
pub mod other_unit_named;
pub mod part_restated_differently;
pub mod row_restated_differently;
pub mod share_mismatch;
pub mod spending_mismatch;
pub mod table_row_mismatch;
pub mod table_total_not_sum;
pub mod variance_claim_mismatch;
