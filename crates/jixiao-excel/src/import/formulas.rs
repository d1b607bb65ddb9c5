//! The workbook's formulas: each derived cell's stored result compared, once the record is
//! built, with jixiao's recomputation ([`crate::formula::result`]). A result that differs is a
//! warning (W001) saying why where it can tell: no result stored, an error value, or an input
//! cell holding a number typed as text (which a spreadsheet does not compute with, so pressing
//! F9 does not help); many plainly stale results, or many formulas saved without results, are
//! one warning naming the cells.
//!
//! A formula that export put where the record stated the same figure (marked by its note,
//! `报告所称…`) gives that stated figure back: the recomputation, at the precision the cell shows.
//!
//! Not the formulas themselves (they are [`crate::layout`]'s).

use jixiao_core::Decimal;
use jixiao_core::finding::Severity;
use jixiao_core::schema::DerivedFigure;
use jixiao_core::schema::view::RecordView;
use jixiao_core::source::Place;
use serde_json::Value;

use crate::cells::{Shown, at_shown_precision};
use crate::eval::set;
use crate::formula;
use crate::layout::Kind;

use super::{Importer, STALE, TEXT_NUMBER, Warning};

/// What a formula cell has stored as its result.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Cached {
    /// A number.
    Number(f64),
    /// An empty result (`""`).
    Blank,
    /// No result stored at all (written by a program that does not compute formulas).
    Missing,
    /// An error value (`#VALUE!`).
    Error(String),
    /// Text or a boolean.
    Other(String),
}

/// A formula cell to compare with the recomputation once the record is built.
pub(super) struct FormulaCell {
    pub(super) sheet: usize,
    pub(super) row: u32,
    pub(super) col: u32,
    /// The derived figure whose formula the cell holds.
    pub(super) figure: &'static DerivedFigure,
    /// Path the cell stands for.
    pub(super) path: String,
    pub(super) cached: Cached,
    /// Export put this formula where the record stated the figure: the record gets it back.
    pub(super) stated: bool,
    /// How the cell shows numbers.
    pub(super) shown: Shown,
    /// The kind of the field.
    pub(super) kind: Kind,
}

impl Importer<'_> {
    /// Compares each formula's stored result with the recomputation from the record.
    pub(super) fn check_formulas(&mut self) {
        let formulas = std::mem::take(&mut self.formulas);
        if formulas.is_empty() {
            return;
        }
        // The record's figures as read, once for every formula: the record's JSON is lent to
        // the view (not copied) and given back after; the stated figures the formulas give
        // back are set in it then, in order (the view reads the figures as read, not those).
        let view = RecordView::of_value(self.schema, std::mem::take(&mut self.json));
        let mut stated_back: Vec<(String, Value)> = Vec::new();
        let text_numbers: std::collections::HashSet<String> =
            self.warnings.iter().filter(|w| w.2 == TEXT_NUMBER).map(|w| w.0.clone()).collect();
        // Formulas saved without their results: one cause (a program that does not compute),
        // so many of them are one warning, as plainly stale results are.
        let mut missing = Vec::new();
        for fc in formulas {
            let computed = formula::result(&view, fc.figure, &fc.path);
            let expected_f = computed.map(|d| formula::stored(fc.figure, d));
            if fc.stated
                && let Some(v) = computed
            {
                stated_back.push((fc.path.clone(), stated_value(fc.kind, v, fc.shown)));
            }
            let show = |d: Option<Decimal>| {
                d.map_or("空".to_string(), |d| {
                    if fc.figure.formula.is_rate() {
                        format!("{}%", (d * Decimal::ONE_HUNDRED).round_dp(2))
                    } else {
                        d.round_dp(4).normalize().to_string()
                    }
                })
            };
            let differs = match (&fc.cached, expected_f) {
                (Cached::Number(c), Some(e)) => {
                    let c = Decimal::from_f64_retain(*c).unwrap_or_default();
                    let tol = Decimal::new(1, 6) * e.abs().max(Decimal::ONE);
                    (e - c).abs() > tol
                }
                // An empty result is stored by some writers as 0.
                (Cached::Number(c), None) => *c != 0.0,
                (Cached::Blank, Some(e)) => !e.is_zero(),
                (Cached::Blank, None) => false,
                (Cached::Missing, e) => e.is_some(),
                (Cached::Error(_) | Cached::Other(_), _) => true,
            };
            if !differs {
                continue;
            }
            let at = self.grids[fc.sheet].at(fc.row, fc.col);
            // The inputs typed as text, which a spreadsheet does not compute with.
            let inst = view.instance_at(fc.figure, &fc.path);
            let text_inputs: Vec<String> = inst
                .input_paths()
                .filter(|p| text_numbers.contains(*p))
                .map(|p| match self.map.get(p) {
                    Some(Place::Cell { sheet, cell }) => format!("'{sheet}'!{cell}"),
                    _ => p.clone(),
                })
                .collect();
            let cached = match &fc.cached {
                Cached::Number(c) => show(Decimal::from_f64_retain(*c)),
                Cached::Blank => "空".to_string(),
                Cached::Missing => String::new(),
                Cached::Error(e) => format!("错误值 {e}"),
                Cached::Other(t) => format!("“{t}”"),
            };
            let expected = show(expected_f);
            let message = if !text_inputs.is_empty() {
                format!(
                    "{at} 的公式结果为 {cached},按单元格中的数字计算应为 {expected}:公式所用的 {} 是以文字形式填写的数字,电子表格计算时不把它当作数字(重新计算也不会改变);请把这些单元格改为数字。jixiao 按计算结果检查",
                    text_inputs.join("、")
                )
            } else if fc.cached == Cached::Missing {
                let m = format!(
                    "{at} 的公式没有保存计算结果(文件可能由不计算公式的程序生成),按单元格中的数字计算应为 {expected};请在 Excel/WPS 中打开、重新计算后保存。jixiao 按计算结果检查"
                );
                missing.push((fc.path.clone(), at, m));
                continue;
            } else if let Cached::Error(_) = fc.cached {
                format!(
                    "{at} 的公式结果为{cached},按单元格中的数字计算应为 {expected}:请检查公式所用的单元格(是否填了文字、公式是否被改动)。jixiao 按计算结果检查"
                )
            } else {
                let m = format!(
                    "{at} 的公式结果为 {cached},按单元格中的数字重新计算应为 {expected}:公式未重新计算(或被改动)。请在 Excel/WPS 中重新计算(按 F9)后保存;jixiao 按重新计算的结果检查"
                );
                self.stale.push((fc.path.clone(), at, m));
                continue;
            };
            self.warnings.push((fc.path.clone(), Severity::Warning, STALE, message));
        }
        self.json = view.into_value();
        for (path, value) in stated_back {
            set(&mut self.json, &path, value);
        }
        self.warnings.extend(group(missing, |n, cells| {
            format!(
                "{n} 个公式没有保存计算结果(文件可能由不计算公式的程序生成):{cells}。请在 Excel/WPS 中打开、重新计算后保存;jixiao 按单元格中的数字计算的结果检查"
            )
        }));
    }
}

/// The stated figure a formula cell gives: the recomputation (money in 万元, 元 per visit, a
/// rate in percent units) at the precision the cell shows, written as the record writes it.
fn stated_value(kind: Kind, v: Decimal, shown: Shown) -> Value {
    let d = at_shown_precision(v, Shown { percent: false, ..shown });
    let mut text = jixiao_core::num::decimal_text(d);
    match kind {
        Kind::Rate => text.push('%'),
        Kind::MoneyYuan => text.push('元'),
        Kind::Count => {
            if let Ok(n) = jixiao_core::num::decimal_text(d.normalize()).parse::<u64>() {
                return Value::Number(n.into());
            }
        }
        _ => {}
    }
    Value::String(text)
}

/// Stale formula results as warnings: each one, or more than three as one naming the cells.
pub(super) fn group_stale(stale: Vec<(String, String, String)>) -> Vec<Warning> {
    group(stale, |n, cells| {
        format!(
            "{n} 个公式的结果与按单元格中的数字重新计算的结果不符(公式未重新计算或被改动):{cells}。请在 Excel/WPS 中重新计算(按 F9)后保存;jixiao 按重新计算的结果检查"
        )
    })
}

/// Warnings of one cause, (path, cell, message) each: each one when three or fewer, else one
/// at the first, said by `many(count, "the first cells 等")`.
fn group(found: Vec<(String, String, String)>, many: impl Fn(usize, &str) -> String) -> Vec<Warning> {
    const SHOWN: usize = 5;
    if found.len() <= 3 {
        return found.into_iter().map(|(path, _, m)| (path, Severity::Warning, STALE, m)).collect();
    }
    let cells: Vec<&str> = found.iter().take(SHOWN).map(|s| s.1.as_str()).collect();
    let more = if found.len() > SHOWN { " 等" } else { "" };
    let message = many(found.len(), &format!("{}{more}", cells.join("、")));
    vec![(found[0].0.clone(), Severity::Warning, STALE, message)]
}
