//! 附表:项目支出绩效自评结果汇总表, one row per project the department lists (computed from the
//! projects' own records by the caller: `jixiao_core::project_summary`) and the 合计 row; its
//! columns and their labels are the schema's (`schema::dept::PROJECT_SUMMARY`).

use jixiao_core::Decimal;
use jixiao_core::project_summary::{SummaryRow, totals};
use jixiao_core::schema::Kind;
use jixiao_core::schema::dept::{PROJECT_SUMMARY, PROJECT_SUMMARY_TITLE};

use crate::model::Table;

use super::format::{fmt_score, money_dec};

/// The heading of the appendix that holds the table.
pub(super) fn heading() -> String {
    format!("附表:{PROJECT_SUMMARY_TITLE}")
}

/// The summary table of `rows` (none for no rows).
pub(super) fn summary_table(rows: &[SummaryRow]) -> Option<Table> {
    if rows.is_empty() {
        return None;
    }
    let money = |d: Option<Decimal>| d.map_or_else(|| "—".to_string(), money_dec);
    let cell = |r: &SummaryRow, key: &str| -> String {
        match key {
            "number" => r.number.to_string(),
            "name" => r.name.clone(),
            "implementer" => r.implementer.clone().unwrap_or_else(|| "—".into()),
            "budget" => money(r.budget),
            "actual" => money(r.actual),
            "balance" => money(r.balance),
            "self_score" => r.self_score.map_or_else(|| "—".into(), fmt_score),
            _ => String::new(),
        }
    };
    let mut t = Table {
        caption: None,
        unit: Some("单位:万元".into()),
        header: PROJECT_SUMMARY.iter().map(|f| f.name().to_string()).collect(),
        // The 序号 is centred as a label would be; the figures are right-aligned.
        numeric: PROJECT_SUMMARY.iter().map(|f| f.kind.is_numeric() && f.kind != Kind::Count).collect(),
        widths: PROJECT_SUMMARY.iter().map(|f| u32::from(f.width)).collect(),
        ..Default::default()
    };
    for r in rows {
        t.rows.push(PROJECT_SUMMARY.iter().map(|f| cell(r, f.key)).collect());
    }
    let sum = totals(rows);
    let total_row = PROJECT_SUMMARY
        .iter()
        .map(|f| match f.key {
            "number" => "合计".to_string(),
            "budget" => money(sum.budget),
            "actual" => money(sum.actual),
            "balance" => money(sum.balance),
            _ => String::new(),
        })
        .collect();
    t.rows.push(total_row);
    let last = t.rows.len() - 1;
    t.centered = (0..last).map(|i| [i, 0]).collect();
    // 合计 spans the text columns before the first figure, as a printed 汇总表 has it.
    let text_cols = PROJECT_SUMMARY.iter().take_while(|f| !matches!(f.kind, Kind::Money)).count();
    t.merges = vec![crate::model::Merge { row: last, col: 0, rows: 1, cols: text_cols }];
    t.labels = vec![[last, 0]];
    Some(t)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(number: usize, budget: Option<&str>, actual: Option<&str>) -> SummaryRow {
        let d = |s: Option<&str>| s.map(|s| Decimal::from_str_exact(s).expect("decimal"));
        SummaryRow {
            number,
            place: format!("projects.inline[{}]", number - 1),
            name: format!("项目{number}"),
            implementer: None,
            budget: d(budget),
            actual: d(actual),
            actual_figure: None,
            balance: d(budget).zip(d(actual)).map(|(b, a)| b - a),
            self_score: None,
            grade: None,
        }
    }

    #[test]
    fn no_projects_no_table() {
        assert!(summary_table(&[]).is_none());
    }

    #[test]
    fn a_missing_figure_leaves_its_total_blank_rather_than_wrong() {
        let t = summary_table(&[row(1, Some("10.005"), Some("9")), row(2, Some("5"), None)]).expect("a table");
        assert_eq!(t.header, ["序号", "项目名称", "实施单位", "预算数", "执行数", "结余数", "自评得分"]);
        assert_eq!(t.rows[0], ["1", "项目1", "—", "10.01", "9.00", "1.01", "—"]);
        assert_eq!(t.rows[1][4], "—");
        // 10.005 + 5 = 15.005 → 15.01; no 合计 of 执行数 or 结余数 while one is missing.
        assert_eq!(t.rows[2], ["合计", "", "", "15.01", "—", "—", ""]);
        assert_eq!(t.merges, [crate::model::Merge { row: 2, col: 0, rows: 1, cols: 3 }]);
    }
}
