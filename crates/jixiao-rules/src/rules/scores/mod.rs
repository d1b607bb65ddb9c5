//! Self-scores against their maxima, what the data supports, and the stated totals and grade.
//! These rules read the score sheet computed once for the context.

pub mod grade_mismatch;
pub mod points_not_sum;
pub mod score_above_max;
pub mod score_above_supported;
pub mod score_total_mismatch;
pub mod unknown_indicator;
