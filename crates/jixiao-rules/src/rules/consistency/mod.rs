//! The same figure stated differently, and figures whose scope is left unstated.

pub mod project_figures_disagree;
pub mod rate_matches_other_scope;
pub mod same_figure_different_values;
pub mod scoped_budget_exceeds_whole;
pub mod unscoped_conflicting_figures;
