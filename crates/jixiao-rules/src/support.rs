//! Small helpers the rules share: comparing a stated figure with a computed one and
//! wording the numbers of a finding.

use jixiao_core::figure::{Comparison, Derived, Figure, compare, format_tolerance};
use jixiao_core::num::format_fixed;
use jixiao_core::{Decimal, Finding, Pointer};

use crate::{RuleInfo, finding};

/// A stated figure that disagrees with what it should equal, beyond rounding.
pub struct Mismatch {
    /// The comparison (gap and tolerance).
    pub cmp: Comparison,
    /// The computed figure.
    pub computed: Figure,
}

/// Compares; `None` when consistent or when the computation does not apply (zero base).
pub fn mismatch(stated: Figure, computed: Derived) -> Option<Mismatch> {
    let computed = computed.ok()?;
    let cmp = compare(&stated, &computed);
    (!cmp.consistent).then_some(Mismatch { cmp, computed })
}

/// Decimals to print a computed figure next to a stated one with `stated_scale` decimals.
pub fn dp_for(stated: Decimal, min: u32) -> u32 {
    stated.scale().max(min)
}

/// A finding for a stated figure that is not what it should be: `head:应为 X,实为 Y(相差 …)`.
/// `suffix` is printed after both numbers (`%`, `元`, `分` or empty); rates and scores get at
/// least two decimals (a score of 分值 × 执行率 is 9.46, not 9).
#[allow(clippy::too_many_arguments)]
pub fn mismatch_finding(
    info: &RuleInfo,
    m: &Mismatch,
    stated: Decimal,
    suffix: &str,
    head: String,
    primary: Pointer,
    related: Vec<Pointer>,
    help: &str,
) -> Finding {
    let dp = dp_for(stated, if suffix == "%" || suffix == "分" { 2 } else { 0 });
    let computed = format_fixed(m.computed.face, dp);
    let gap = if suffix == "%" { m.cmp.describe_points(dp) } else { m.cmp.describe(dp) };
    let mut f = finding(info, format!("{head}:应为 {computed}{suffix},实为 {stated}{suffix}({gap})"), primary);
    f.related = related;
    f.stated = Some(format!("{stated}{suffix}"));
    f.computed = Some(format!("{computed}{suffix}"));
    f.tolerance = Some(format!("±{}{suffix}", format_tolerance(m.cmp.tolerance, dp)));
    f.help = Some(help.to_string());
    f
}

/// A pointer without a label.
pub fn at(path: impl Into<String>) -> Pointer {
    Pointer { path: path.into(), label: None }
}

/// A pointer with a label.
pub fn labelled(path: impl Into<String>, label: impl Into<String>) -> Pointer {
    Pointer::new(path, label)
}

/// Checks every derived figure of the schema that rule `info` is named for: each stated
/// figure against the one computed from its inputs. `label` names the stated figure's role
/// (`比率`, `差额`); `help` says how to fix it.
pub fn check_derived(cx: &crate::Context<'_>, info: &RuleInfo, label: &str, help: &str, out: &mut Vec<Finding>) {
    use jixiao_core::schema::Formula;
    let view = &cx.view;
    let mut done: std::collections::HashSet<String> = std::collections::HashSet::new();
    // 在编率 depends on its stated scope; `rate_mismatch` checks it itself.
    let figures = view.schema().derived.iter().filter(|d| d.rule == info.code && d.formula != Formula::StaffingRate);
    for figure in figures {
        for inst in view.instances(figure) {
            let Some(stated_path) = inst.stated.clone() else { continue };
            // A stated field with two formulas is checked by the first that applies.
            if done.contains(&stated_path) {
                continue;
            }
            let Ok(computed) = view.evaluate(&inst) else { continue };
            done.insert(stated_path.clone());
            let Some((stated, written)) = view.figure_written(&stated_path) else {
                continue;
            };
            let Some(m) = mismatch(stated, computed) else { continue };
            let (suffix, role) = if figure.formula.is_rate() {
                ("%", label)
            } else if figure.formula == Formula::PerVisitYuan {
                (written.unit, "人均")
            } else {
                ("", label)
            };
            let related = inst
                .inputs
                .iter()
                .zip(figure.inputs)
                .filter(|(_, pattern)| view.schema().field(pattern).is_some_and(|f| f.kind.is_numeric()))
                .flat_map(|(paths, _)| paths.iter().map(at))
                .collect();
            out.push(mismatch_finding(
                info,
                &m,
                written.value,
                suffix,
                view.what(&inst),
                labelled(stated_path, role),
                related,
                help,
            ));
        }
    }
}
