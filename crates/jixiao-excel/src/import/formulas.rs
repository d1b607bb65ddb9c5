//! The workbook's formulas: each derived cell's cached result compared, once the record is
//! built, with jixiao's recomputation ([`crate::formula::result`]); a stale one is a warning (W001),
//! and many stale ones are one warning naming the cells. In an old `.xls`, whose formulas
//! cannot always be read, a value that differs from the recomputation is kept as stated.
//!
//! Not the formulas themselves (they are [`crate::layout`]'s).

use jixiao_core::Decimal;
use jixiao_core::finding::Severity;
use jixiao_core::schema::DerivedFigure;
use jixiao_core::schema::view::RecordView;
use serde_json::Value;

use crate::eval::set;
use crate::formula;

use super::{Importer, STALE, Warning};

/// A formula cell to compare with the recomputation once the record is built.
pub(super) struct FormulaCell {
    pub(super) sheet: usize,
    pub(super) row: u32,
    pub(super) col: u32,
    /// The derived figure whose formula the cell holds.
    pub(super) figure: &'static DerivedFigure,
    /// Path the cell stands for.
    pub(super) path: String,
    pub(super) cached: Option<f64>,
    /// For a workbook whose formulas cannot be read (an old .xls): the value typed there,
    /// kept as stated only if it differs from the recomputation.
    pub(super) fallback: Option<Value>,
}

impl Importer<'_> {
    /// Compares each formula's cached result with the recomputation from the record.
    pub(super) fn check_formulas(&mut self) {
        let formulas = std::mem::take(&mut self.formulas);
        // The record's figures as read, once for every formula.
        let view = RecordView::of_value(&jixiao_core::schema::DEPT, self.json.clone());
        for fc in formulas {
            let expected_f = formula::result(&view, fc.figure, &fc.path).map(|d| formula::stored(fc.figure, d));
            let grids = self.grids;
            let at = grids[fc.sheet].at(fc.row, fc.col);
            let stale = match (expected_f, fc.cached) {
                (None, None) => false,
                (Some(e), Some(c)) => {
                    let c = Decimal::from_f64_retain(c).unwrap_or_default();
                    let tol = Decimal::new(1, 6) * e.abs().max(Decimal::ONE);
                    (e - c).abs() > tol
                }
                (Some(e), None) => !e.is_zero(),
                // An empty result is stored by some writers as 0.
                (None, Some(c)) => c != 0.0,
            };
            if let Some(v) = fc.fallback {
                // No formula to trust: a value that is not the recomputation is stated.
                if stale {
                    set(&mut self.json, &fc.path, v);
                }
                continue;
            }
            if stale {
                let show = |d: Option<Decimal>| {
                    d.map_or("空".to_string(), |d| {
                        if fc.figure.formula.is_rate() {
                            format!("{}%", (d * Decimal::ONE_HUNDRED).round_dp(2))
                        } else {
                            d.round_dp(4).normalize().to_string()
                        }
                    })
                };
                let cached = fc.cached.and_then(Decimal::from_f64_retain);
                self.warnings.push((
                    fc.path.clone(),
                    Severity::Warning,
                    STALE,
                    format!(
                        "{at} 的公式结果为 {},按单元格中的数字重新计算应为 {}:公式未重新计算(或被改动)。请在 Excel/WPS 中重新计算(按 F9)后保存;jixiao 按重新计算的结果检查",
                        show(cached),
                        show(expected_f)
                    ),
                ));
            }
        }
    }
}

/// More than three stale formulas (a file saved by a program that does not recalculate) are
/// one finding naming the cells, not a screenful.
pub(super) fn group_stale(mut warnings: Vec<Warning>) -> Vec<Warning> {
    const SHOWN: usize = 5;
    let stale: Vec<usize> = warnings.iter().enumerate().filter(|(_, w)| w.2 == STALE).map(|(i, _)| i).collect();
    if stale.len() <= 3 {
        return warnings;
    }
    let cells: Vec<&str> =
        stale.iter().take(SHOWN).map(|&i| warnings[i].3.split(" 的公式结果为").next().unwrap_or("")).collect();
    let more = if stale.len() > SHOWN { " 等" } else { "" };
    let message = format!(
        "{} 个公式的结果与按单元格中的数字重新计算的结果不符(公式未重新计算或被改动):{}{more}。请在 Excel/WPS 中重新计算(按 F9)后保存;jixiao 按重新计算的结果检查",
        stale.len(),
        cells.join("、")
    );
    let first = warnings[stale[0]].0.clone();
    let mut i = 0;
    warnings.retain(|_| {
        i += 1;
        !stale.contains(&(i - 1))
    });
    warnings.insert(0, (first, Severity::Warning, STALE, message));
    warnings
}
