//! Counting how much of an input was read and checked ([`Coverage`]), so that "no problem
//! found" is never said of a document nothing could be checked in.
//!
//! The relations counted are those the rules compare: every derived figure of the record's
//! schema that is stated with all its inputs filled, and a report's generic figures (each
//! table column against its 合计 row, each row's 差异 and 执行率 against its 预算 and 决算, each
//! stated change with its rate, each label stated twice). Relations the consistency rules
//! draw between sections are not counted: the count errs low, never high.

use jixiao_core::Record;
use jixiao_core::coverage::Coverage;
use jixiao_core::generic::{ColumnRole, FigureTable, GenericFigures};
use jixiao_core::schema::view::RecordView;

/// What the record holds: its targets and scored indicators, and the relations of its derived
/// figures that could be checked, added to `coverage`; `view` is the record's.
pub(crate) fn add_record(coverage: &mut Coverage, record: &Record, view: &RecordView) {
    let (targets, indicators) = match record {
        Record::Dept(d) => (d.targets.len(), d.scoring.scores.len()),
        Record::Project(p) => (p.indicators.len(), p.indicators.len()),
    };
    coverage.targets += targets;
    coverage.indicators += indicators;
    coverage.relations += record_relations(view) + target_relations(record);
}

/// Each target stated with its actual (the actual against the target), and each project
/// indicator's score against its points.
fn target_relations(record: &Record) -> usize {
    match record {
        Record::Dept(d) => d.targets.iter().filter(|t| t.target.is_some() && t.actual.is_some()).count(),
        Record::Project(p) => {
            p.indicators.iter().map(|i| 1 + usize::from(i.target.is_some() && i.actual.is_some())).sum()
        }
    }
}

/// The derived figures of a record that are stated and can be computed.
fn record_relations(view: &RecordView) -> usize {
    view.schema()
        .derived
        .iter()
        .filter(|d| d.stated.is_some())
        .flat_map(|d| view.instances(d))
        .filter(|i| i.stated.as_deref().is_some_and(|p| view.figure(p).is_some()))
        .filter(|i| matches!(view.evaluate(i), Ok(Ok(_))))
        .count()
}

/// The relations a report's generic figures state.
pub(crate) fn generic_relations(g: &GenericFigures) -> usize {
    let tables: usize = g.tables.iter().map(table_relations).sum();
    tables
        + g.changes.iter().filter(|c| c.rate.is_some()).count()
        + g.repeats.len()
        + g.shares.len()
        + g.level_counts.len()
        + g.variance_claims.len()
        + g.spending.len()
        + g.indicator_scores.len()
        + g.form_rates.len()
}

fn table_relations(t: &FigureTable) -> usize {
    let column = |role: ColumnRole| t.columns.iter().position(|(_, r)| *r == role);
    let mut n = 0;
    // Each figure column against its 合计 row.
    for (c, (_, role)) in t.columns.iter().enumerate() {
        if *role == ColumnRole::Label {
            continue;
        }
        let has = |total: bool| {
            t.rows.iter().any(|r| r.total == total && (total || !r.part) && r.cells.get(c).is_some_and(Option::is_some))
        };
        if has(true) && has(false) {
            n += 1;
        }
    }
    // Each row's 差异 and 执行率 against its 预算 and 决算.
    let (budget, actual) = (column(ColumnRole::Budget), column(ColumnRole::Actual));
    for row in &t.rows {
        let filled = |c: Option<usize>| c.is_some_and(|c| row.cells.get(c).is_some_and(Option::is_some));
        if filled(budget) && filled(actual) {
            n += usize::from(filled(column(ColumnRole::Variance)));
            n += usize::from(filled(column(ColumnRole::Rate)));
        }
        // 得分 against 分值 × 执行率.
        let scored = [ColumnRole::Rate, ColumnRole::Weight, ColumnRole::Score];
        n += usize::from(scored.iter().all(|r| filled(column(*r))));
    }
    n
}

#[cfg(test)]
mod tests {
    use jixiao_core::Decimal;
    use jixiao_core::generic::{FigureRow, Stated};

    use super::*;

    fn cell(v: i64) -> Option<Stated> {
        Some(Stated { value: Decimal::from(v), percent: false })
    }

    #[test]
    fn a_table_states_its_column_sums_and_row_differences() {
        let t = FigureTable {
            columns: vec![
                ("项目".into(), ColumnRole::Label),
                ("预算数".into(), ColumnRole::Budget),
                ("决算数".into(), ColumnRole::Actual),
                ("差异".into(), ColumnRole::Variance),
            ],
            rows: vec![
                FigureRow {
                    label: "甲".into(), cells: vec![None, cell(10), cell(8), cell(2)], ..FigureRow::default()
                },
                FigureRow { label: "乙".into(), cells: vec![None, cell(5), cell(5), None], ..FigureRow::default() },
                FigureRow {
                    label: "合计".into(),
                    total: true,
                    cells: vec![None, cell(15), cell(13), cell(2)],
                    ..FigureRow::default()
                },
            ],
        };
        // Three columns against 合计; 差异 on 甲 and on 合计.
        assert_eq!(table_relations(&t), 5);
        let g = GenericFigures { tables: vec![t], ..GenericFigures::default() };
        assert_eq!(generic_relations(&g), 5);
        assert_eq!(generic_relations(&GenericFigures::default()), 0);
    }
}
