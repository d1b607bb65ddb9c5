//! A derived figure's formula written for a spreadsheet: the schema's [`Formula`] with cell
//! references, guarded so that a blank input gives a blank cell (never a made-up 0 or a
//! division by zero), as `jixiao_core`'s computation gives no figure then.
//!
//! What the formula computes is not decided here: the cached result written with each formula
//! and the recomputation on import are `jixiao_core::schema::view`'s, with
//! `Blanks::Spreadsheet`.

use jixiao_core::Decimal;
use jixiao_core::schema::view::{Blanks, RecordView};
use jixiao_core::schema::{DerivedFigure, Formula};

/// A reference a formula reads: a cell (`C21`, `$C$21`) or a range (`C5:C20`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Ref {
    /// One cell.
    Cell(String),
    /// A range of cells (a column of a table).
    Range(String),
}

impl Ref {
    fn text(&self) -> &str {
        match self {
            Ref::Cell(c) | Ref::Range(c) => c,
        }
    }
}

/// `=IF(OR(A="",B="",B=0),"",expr)`: blank unless every cell is filled (and the divisor is
/// not zero).
fn guarded(cells: &[&str], divisor: Option<&str>, expr: &str) -> String {
    let mut conds: Vec<String> = cells.iter().map(|c| format!("{c}=\"\"")).collect();
    if let Some(d) = divisor {
        conds.push(format!("{d}=0"));
    }
    format!("=IF(OR({}),\"\",{expr})", conds.join(","))
}

/// The formula text for `formula` over `refs` (its inputs in the formula's order; for a
/// completion rate the third is the 方向 cell). `None` for a formula a spreadsheet does not
/// compute (the 在编率, which depends on its stated scope) or a wrong number of references.
pub fn text(formula: Formula, refs: &[Ref]) -> Option<String> {
    let cell = |i: usize| refs.get(i).map(Ref::text);
    let two = || Some((cell(0)?, cell(1)?));
    Some(match formula {
        Formula::Variance | Formula::ChangeAmount => {
            let (a, b) = two()?;
            guarded(&[a, b], None, &format!("{a}-{b}"))
        }
        Formula::ExecutionRate
        | Formula::SpendingRate
        | Formula::CarryoverRate
        | Formula::StructureShare
        | Formula::ControlRate
        | Formula::ProcurementRate
        | Formula::CoverageRate => {
            let (a, b) = two()?;
            guarded(&[a, b], Some(b), &format!("{a}/{b}"))
        }
        Formula::ChangeRate => {
            let (a, b) = two()?;
            guarded(&[a, b], Some(b), &format!("({a}-{b})/{b}"))
        }
        Formula::CarryoverFromSpending => {
            let s = cell(0)?;
            guarded(&[s], None, &format!("1-{s}"))
        }
        Formula::PerVisitYuan => {
            let (a, b) = two()?;
            guarded(&[a, b], Some(b), &format!("{a}*10000/{b}"))
        }
        Formula::ClosureRate => {
            let (a, b, c) = (cell(0)?, cell(1)?, cell(2)?);
            guarded(&[a, b, c], Some(&format!("({b}+{c})")), &format!("{a}/({b}+{c})"))
        }
        Formula::MediationRate => {
            let (a, b, c) = (cell(0)?, cell(1)?, cell(2)?);
            guarded(&[a, b, c], Some(&format!("({c}+{b})")), &format!("({a}+{b})/({c}+{b})"))
        }
        Formula::Completion => {
            let (a, t, d) = (cell(0)?, cell(1)?, cell(2)?);
            format!(
                "=IF(OR({t}=\"\",{a}=\"\",{d}=\"定性\"),\"\",IF({d}=\"≤\",IF({a}=0,\"\",{t}/{a}),IF({t}=0,\"\",{a}/{t})))"
            )
        }
        Formula::Sum => {
            if refs.is_empty() {
                return None;
            }
            let list = refs.iter().map(Ref::text).collect::<Vec<_>>().join(",");
            format!("=IF(COUNT({list})=0,\"\",SUM({list}))")
        }
        Formula::StaffingRate => return None,
    })
}

/// What the formula of `figure` in the cell standing for the concrete path `stated` computes
/// from the record `view` holds, as a spreadsheet would (blank parts of a 合计 left out, a
/// blank 合计 read as the sum of its column): money in 万元 (元 per visit), percentages in
/// percent units; `None` where the cell shows blank.
pub fn result(view: &RecordView, figure: &'static DerivedFigure, stated: &str) -> Option<Decimal> {
    let inst = view.instance_at(figure, stated);
    view.evaluate_with(&inst, Blanks::Spreadsheet).ok()?.ok().map(|f| f.face)
}

/// A percentage is stored as a fraction (93.61% as 0.9361).
pub fn stored(figure: &DerivedFigure, value: Decimal) -> Decimal {
    if figure.formula.is_rate() { value / Decimal::ONE_HUNDRED } else { value }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn c(s: &str) -> Ref {
        Ref::Cell(s.into())
    }

    #[test]
    fn formulas_are_guarded_against_blanks_and_zero_divisors() {
        assert_eq!(
            text(Formula::Variance, &[c("C21"), c("D21")]).as_deref(),
            Some("=IF(OR(C21=\"\",D21=\"\"),\"\",C21-D21)")
        );
        assert_eq!(
            text(Formula::ExecutionRate, &[c("D5"), c("C5")]).as_deref(),
            Some("=IF(OR(D5=\"\",C5=\"\",C5=0),\"\",D5/C5)")
        );
        assert_eq!(
            text(Formula::Sum, &[Ref::Range("C5:C20".into())]).as_deref(),
            Some("=IF(COUNT(C5:C20)=0,\"\",SUM(C5:C20))")
        );
        assert_eq!(text(Formula::StaffingRate, &[c("A1"), c("A2")]), None);
        assert_eq!(text(Formula::Variance, &[c("A1")]), None);
    }
}
