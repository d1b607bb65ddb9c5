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
/// `suffix` is printed after both numbers (`%`, `元`, or empty); rates get at least two decimals.
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
    let dp = dp_for(stated, if suffix == "%" { 2 } else { 0 });
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
