//! What follows the six parts: 附表, the indicator system's score sheet as a table, and
//! 附注, the findings listed when the report is written in spite of errors.

use jixiao_core::Decimal;
use jixiao_core::finding::{Finding, Severity};
use jixiao_core::scoring::ScoreSheet;

use crate::model::Table;

use super::ReportBuilder;
use super::format::fmt_score;

pub(super) fn score_table(sheet: &ScoreSheet) -> Table {
    let num = |d: Option<Decimal>| d.map_or("—".into(), fmt_score);
    let mut t = Table {
        caption: Some(format!("指标体系:{}", sheet.system_name)),
        unit: None,
        header: ["一级指标", "二级指标", "三级指标", "分值", "自评得分", "数据支持得分"].map(String::from).to_vec(),
        numeric: vec![false, false, false, true, true, true],
        rows: Vec::new(),
        widths: vec![16, 16, 30, 10, 12, 14],
        ..Default::default()
    };
    for row in &sheet.rows {
        let mut cells = vec![String::new(), String::new(), String::new()];
        cells[usize::from(row.level.clamp(1, 3)) - 1] = row.name.clone();
        cells.push(num(row.max_points));
        cells.push(num(row.self_score));
        cells.push(num(row.supported));
        t.rows.push(cells);
    }
    t.rows.push(vec![
        "总分".into(),
        String::new(),
        String::new(),
        num(sheet.max_total),
        fmt_score(sheet.total),
        String::new(),
    ]);
    // A column the system gives nothing for (分值 of a system whose points are not known,
    // 数据支持得分 where no rule is quantitative) is left out rather than printed as dashes.
    let drop: Vec<usize> =
        [(3, sheet.rows.iter().any(|r| r.max_points.is_some())), (5, sheet.rows.iter().any(|r| r.supported.is_some()))]
            .iter()
            .filter(|(_, any)| !any)
            .map(|(c, _)| *c)
            .collect();
    for c in drop.iter().rev() {
        t.header.remove(*c);
        t.numeric.remove(*c);
        t.widths.remove(*c);
        for row in &mut t.rows {
            row.remove(*c);
        }
    }
    if drop.contains(&3) {
        // The system's name may already say its points are unknown.
        t.caption = t.caption.map(|c| {
            if c.contains("分值未知") {
                format!("{c}(不列分值)")
            } else {
                format!("{c}(该指标体系各项分值未知,不列分值)")
            }
        });
    }
    t
}

/// 附注: the findings a report written in spite of errors lists at its end.
pub(super) fn notes(b: &mut ReportBuilder<'_>, notes: &[Finding]) {
    if notes.is_empty() {
        return;
    }
    b.out.heading(1, "附注:检查发现的问题");
    b.out.para(
        "本报告所依据的记录经检查存在以下问题;报告中的数字按记录填写的照录,其中的合计、差异、比率和个数未作更正:",
    );
    for (i, f) in notes.iter().enumerate() {
        let sev = if f.severity == Severity::Error { "错误" } else { "警告" };
        b.out.para(format!("{}. [{}{}] {}", i + 1, sev, f.code, f.message));
    }
}
