//! Judging a score sheet: the scores the core computed, compared as a reviewer would.
//!
//! `jixiao_core::scoring` computes every figure of a score sheet (self-scores, their sums,
//! what the data supports, the total and grade) and judges nothing. This module marks what a
//! reviewer must look at: a self-score above its maximum or above what the data supports, a
//! stated subtotal that is not the sum of its children, children's maxima that do not add up
//! to their parent's, an indicator scored twice, a stated total that is not the total. The
//! score rules (P001–P006) report these marks as findings; `jixiao score` shows them beside
//! each row.

use jixiao_core::Record;
use jixiao_core::figure::{Figure, compare};
use jixiao_core::schema::view::RecordView;
use jixiao_core::scoring::{ScoreFlag, ScoreRow, ScoreSheet};
use jixiao_core::system::IndicatorSystem;

/// Scores a record against a system and judges the sheet.
pub fn score(record: &Record, system: &IndicatorSystem) -> ScoreSheet {
    score_in(&RecordView::new(record), record, system)
}

/// [`score`], reading the figures through `view`, the view of `record` a caller already made.
pub fn score_in(view: &RecordView, record: &Record, system: &IndicatorSystem) -> ScoreSheet {
    let mut sheet = jixiao_core::scoring::score_in(view, record, system);
    judge(&mut sheet);
    sheet
}

/// Marks what a reviewer must look at on a computed sheet.
pub fn judge(sheet: &mut ScoreSheet) {
    for row in &mut sheet.rows {
        row.flags = flags(row);
    }
    sheet.stated_total_mismatch = match &sheet.stated_total {
        Some((t, _)) if sheet.scored => !compare(&Figure::stated(*t), &Figure::exact(sheet.total)).consistent,
        _ => false,
    };
}

fn flags(row: &ScoreRow) -> Vec<ScoreFlag> {
    let mut out = Vec::new();
    if row.duplicate {
        out.push(ScoreFlag::Duplicate);
    }
    if let (Some(children_max), Some(max)) = (row.children_max, row.max_points)
        && children_max != max
    {
        out.push(ScoreFlag::PointsMismatch { children_max });
    }
    if let (Some(children_sum), Some(stated)) = (row.children_sum, row.self_score)
        && children_sum != stated
    {
        out.push(ScoreFlag::SubtotalMismatch { children_sum });
    }
    if let Some(s) = row.self_score {
        if let Some(max) = row.max_points
            && s > max
            && !row.adjustment
        {
            out.push(ScoreFlag::AboveMax { max });
        }
        if let Some(supported) = row.supported
            && s > supported
        {
            out.push(ScoreFlag::AboveSupported { supported });
        }
    }
    out
}
