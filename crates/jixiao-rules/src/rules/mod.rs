//! All rules, grouped by what they look at:
//!
//! - `arithmetic`: totals, differences and rates against the figures they follow from;
//! - `consistency`: the same figure stated differently, figures whose scope is unstated;
//! - `counts`: stated counts against the items listed, headcounts against their categories;
//! - `targets`: claims about targets against the targets' actual values;
//! - `scores`: self-scores against maxima, the data, and the stated totals and grade;
//! - `generic`: a report's other tables, sentences and repeated labels (audit only).

use crate::Rule;

pub mod arithmetic;
pub mod consistency;
pub mod counts;
pub mod generic;
pub mod scores;
pub mod targets;

/// Every rule, in code order.
pub static ALL: &[&dyn Rule] = &[
    &arithmetic::total_not_sum_of_rows::TotalNotSumOfRows,
    &arithmetic::difference_mismatch::DifferenceMismatch,
    &arithmetic::rate_mismatch::RateMismatch,
    &arithmetic::part_exceeds_total::PartExceedsTotal,
    &arithmetic::spending_above_budget::SpendingAboveBudget,
    &arithmetic::spending_far_above_budget::SpendingFarAboveBudget,
    &consistency::same_figure_different_values::SameFigureDifferentValues,
    &consistency::unscoped_conflicting_figures::UnscopedConflictingFigures,
    &consistency::rate_matches_other_scope::RateMatchesOtherScope,
    &consistency::scoped_budget_exceeds_whole::ScopedBudgetExceedsWhole,
    &consistency::project_figures_disagree::ProjectFiguresDisagree,
    &counts::count_not_items_listed::CountNotItemsListed,
    &counts::staffing_not_sum::StaffingNotSum,
    &targets::completion_claim_contradicted::CompletionClaimContradicted,
    &targets::missed_target_unexplained::MissedTargetUnexplained,
    &targets::indicator_not_measurable::IndicatorNotMeasurable,
    &targets::placeholder_target::PlaceholderTarget,
    &targets::indicator_kind_mismatch::IndicatorKindMismatch,
    &targets::actuals_copy_targets::ActualsCopyTargets,
    &targets::missed_indicator_unexplained::MissedIndicatorUnexplained,
    &targets::required_indicator_missing::RequiredIndicatorMissing,
    &targets::implausible_completion::ImplausibleCompletion,
    &scores::score_above_max::ScoreAboveMax,
    &scores::score_above_supported::ScoreAboveSupported,
    &scores::score_total_mismatch::ScoreTotalMismatch,
    &scores::grade_mismatch::GradeMismatch,
    &scores::unknown_indicator::UnknownIndicator,
    &scores::points_not_sum::PointsNotSum,
    &scores::points_not_total::PointsNotTotal,
    &generic::table_total_not_sum::TableTotalNotSum,
    &generic::table_row_mismatch::TableRowMismatch,
    &generic::change_rate_mismatch::ChangeRateMismatch,
    &generic::label_values_differ::LabelValuesDiffer,
    &generic::other_unit_named::OtherUnitNamed,
    &generic::share_mismatch::ShareMismatch,
    &generic::level_count_mismatch::LevelCountMismatch,
    &generic::variance_claim_mismatch::VarianceClaimMismatch,
    &generic::spending_mismatch::SpendingMismatch,
    &generic::part_restated_differently::PartRestatedDifferently,
    &generic::row_restated_differently::RowRestatedDifferently,
    &generic::row_score_mismatch::RowScoreMismatch,
    &generic::score_above_points::ScoreAbovePoints,
    &generic::rate_indicator_mismatch::RateIndicatorMismatch,
];
