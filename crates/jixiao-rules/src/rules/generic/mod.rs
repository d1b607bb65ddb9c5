//! Rules on the generic facts of a report (tables, sentences, labels) that have no slot in
//! the record. They run only in an audit, where the facts come from the report's text.

pub mod change_rate_mismatch;
pub mod label_values_differ;
pub mod level_count_mismatch;
pub mod other_unit_named;
pub mod part_restated_differently;
pub mod rate_indicator_mismatch;
pub mod row_restated_differently;
pub mod row_score_mismatch;
pub mod score_above_points;
pub mod share_mismatch;
pub mod spending_mismatch;
pub mod table_row_mismatch;
pub mod table_total_not_sum;
pub mod variance_claim_mismatch;

/// The finding on a label stated with two values (`facts.repeats[i]`): the later value as
/// the place, the earlier as related. Shared by G004 and G010, which differ in words only.
pub(crate) fn repeat_finding(
    info: &'static crate::RuleInfo,
    i: usize,
    r: &jixiao_core::generic::RepeatedLabel,
    what: &str,
    help: &str,
) -> jixiao_core::Finding {
    use crate::support::labelled;
    let values: Vec<String> =
        r.values.iter().map(|v| if v.percent { format!("{}%", v.value) } else { v.value.to_string() }).collect();
    let mut f = crate::finding(
        info,
        format!("{what}“{}”在报告不同部分分别写作 {}", r.label, values.join("、")),
        labelled(format!("facts.repeats[{i}].values[1]"), "后"),
    );
    f.related = vec![labelled(format!("facts.repeats[{i}].values[0]"), "先")];
    f.stated = values.get(1).cloned();
    f.computed = values.first().cloned();
    f.help = Some(help.into());
    f
}
