//! The batch written out: a summary workbook (汇总, 问题清单, 重复段落, 未复核, 说明) and JSON.

use rust_xlsxwriter::{Color, Format, FormatBorder, Workbook, XlsxError};
use serde_json::{Value, json};

use crate::Batch;
use crate::row::{ReportRow, Status};
use crate::signals::SIGNALS;

/// A report's review priority: errors weigh most, then signals, then what could not be checked.
pub fn priority(r: &ReportRow) -> usize {
    let unread = match r.status {
        Status::Checked => 0,
        Status::NothingChecked | Status::Unreadable(_) => 5,
    };
    r.errors * 10 + r.signals.len() * 3 + r.warnings + unread
}

/// The reports, highest review priority first (then by file).
pub fn by_priority(batch: &Batch) -> Vec<&ReportRow> {
    let mut rows: Vec<&ReportRow> = batch.reports.iter().collect();
    rows.sort_by(|a, b| priority(b).cmp(&priority(a)).then(a.file.cmp(&b.file)));
    rows
}

fn opt<T: ToString>(v: &Option<T>) -> String {
    v.as_ref().map(ToString::to_string).unwrap_or_default()
}

const COLUMNS: &[(&str, &str)] = &[
    ("复核优先级", "错误数 × 10 + 信号数 × 3 + 警告数,未能检查或无法读取的另加 5;表按此从高到低排列"),
    ("文件", "报告文件的路径"),
    (
        "页数",
        "PDF:文件的页数;Word(.docx):Word 保存文件时记在文件中的页数(docProps/app.xml,jixiao 未重新排版,没有记载则留空);文本文件:仅在有分页符时按分页符计;其余留空,不估算",
    ),
    ("状态", "已检查;未能检查(未识别出可检查的内容,不表示没有问题);无法读取(及原因)"),
    ("类型", "部门整体、项目支出或转移支付(按报告开头的文字)"),
    ("单位", "报告中读到的单位名称"),
    ("年度", "报告中读到的年度"),
    ("自评总分", "报告所述的自评总分"),
    ("等级", "报告所述的评价等级"),
    ("执行率(%)", "报告所述的预算执行率,或由所述预算数与决算数算出"),
    (
        "数据支持的得分",
        "读到指标得分表且至少一项指标能按数据评分时:每项取自评得分与数据支持的得分中较低者,无法按数据评分的按自评得分,加上加减分",
    ),
    ("错误", "错误级问题的数目(数字之间不可能同时成立等)"),
    ("警告", "警告级问题的数目(须核对或说明)"),
    ("信号", "自评偏高与套用的信号(R 开头的代码,见下)"),
];

/// The summary workbook.
pub fn write_xlsx(batch: &Batch) -> Result<Vec<u8>, String> {
    build(batch).map_err(|e| format!("无法生成复核汇总工作簿:{e}"))
}

fn build(batch: &Batch) -> Result<Vec<u8>, XlsxError> {
    let mut wb = Workbook::new();
    let head = Format::new().set_bold().set_background_color(Color::RGB(0xDDEBF7)).set_border(FormatBorder::Thin);
    let red = Format::new().set_background_color(Color::RGB(0xF8CBAD));
    let yellow = Format::new().set_background_color(Color::RGB(0xFFF2CC));
    let grey = Format::new().set_background_color(Color::RGB(0xE7E6E6));
    let rows = by_priority(batch);
    {
        let ws = wb.add_worksheet().set_name("汇总")?;
        for (c, (name, _)) in COLUMNS.iter().enumerate() {
            ws.write_with_format(0, c as u16, *name, &head)?;
        }
        ws.insert_note(0, 0, &rust_xlsxwriter::Note::new(COLUMNS[0].1))?;
        for (i, r) in rows.iter().enumerate() {
            let row = (i + 1) as u32;
            let fill = if r.errors > 0 {
                Some(&red)
            } else if !r.signals.is_empty() {
                Some(&yellow)
            } else if r.status != Status::Checked {
                Some(&grey)
            } else {
                None
            };
            let signals = r.signals.iter().map(|s| format!("{} {}", s.code, s.message)).collect::<Vec<_>>().join(";");
            let cells: [String; 14] = [
                priority(r).to_string(),
                r.file.clone(),
                r.pages.map(|p| p.count().to_string()).unwrap_or_default(),
                r.status.zh(),
                r.kind.to_string(),
                opt(&r.unit),
                opt(&r.year),
                opt(&r.stated_total),
                opt(&r.stated_grade),
                r.execution_rate.map(|x| x.round_dp(2).to_string()).unwrap_or_default(),
                opt(&r.supported_total),
                r.errors.to_string(),
                r.warnings.to_string(),
                signals,
            ];
            for (c, v) in cells.iter().enumerate() {
                let numeric = matches!(c, 0 | 6 | 11 | 12) || (matches!(c, 2 | 7 | 9 | 10) && !v.is_empty());
                match (numeric, v.parse::<f64>(), fill) {
                    (true, Ok(n), Some(f)) => ws.write_number_with_format(row, c as u16, n, f)?,
                    (true, Ok(n), None) => ws.write_number(row, c as u16, n)?,
                    (_, _, Some(f)) => ws.write_string_with_format(row, c as u16, v, f)?,
                    (_, _, None) => ws.write_string(row, c as u16, v)?,
                };
            }
        }
        ws.set_freeze_panes(1, 0)?;
        ws.autofilter(0, 0, rows.len() as u32, (COLUMNS.len() - 1) as u16)?;
        for (c, w) in [10, 40, 6, 24, 10, 28, 8, 10, 8, 10, 12, 8, 8, 60].iter().enumerate() {
            ws.set_column_width(c as u16, *w)?;
        }
    }
    {
        let ws = wb.add_worksheet().set_name("问题清单")?;
        for (c, name) in ["文件", "单位", "页", "行", "代码", "级别", "内容", "所涉数字"].iter().enumerate()
        {
            ws.write_with_format(0, c as u16, *name, &head)?;
        }
        let mut row = 1u32;
        for r in &rows {
            for f in &r.findings {
                ws.write_string(row, 0, &r.file)?;
                ws.write_string(row, 1, opt(&r.unit))?;
                if let Some(p) = f.page {
                    ws.write_number(row, 2, p as f64)?;
                }
                if let Some(l) = f.line {
                    ws.write_number(row, 3, l as f64)?;
                }
                ws.write_string(row, 4, &f.code)?;
                ws.write_string(row, 5, f.severity.name_zh())?;
                ws.write_string(row, 6, &f.message)?;
                ws.write_string(row, 7, f.figure.clone().unwrap_or_default())?;
                row += 1;
            }
            for s in &r.signals {
                ws.write_string(row, 0, &r.file)?;
                ws.write_string(row, 1, opt(&r.unit))?;
                ws.write_string(row, 4, s.code)?;
                ws.write_string(row, 5, "信号")?;
                ws.write_string(row, 6, &s.message)?;
                row += 1;
            }
        }
        ws.set_freeze_panes(1, 0)?;
        ws.autofilter(0, 0, row.saturating_sub(1).max(1), 7)?;
        for (c, w) in [40, 28, 6, 6, 6, 6, 90, 14].iter().enumerate() {
            ws.set_column_width(c as u16, *w)?;
        }
    }
    {
        let ws = wb.add_worksheet().set_name("重复段落")?;
        let names = ["相似度(%)", "单位甲", "文件甲", "行", "段落甲", "单位乙", "文件乙", "行", "段落乙"];
        for (c, name) in names.iter().enumerate() {
            ws.write_with_format(0, c as u16, *name, &head)?;
        }
        for (i, d) in batch.duplicates.iter().enumerate() {
            let row = (i + 1) as u32;
            ws.write_number(row, 0, f64::from(d.similarity))?;
            for (c, p) in [(1u16, &d.a), (5u16, &d.b)] {
                let r = &batch.reports[p.report];
                ws.write_string(row, c, opt(&r.unit))?;
                ws.write_string(row, c + 1, &r.file)?;
                ws.write_number(row, c + 2, p.line as f64)?;
                ws.write_string(row, c + 3, &p.excerpt)?;
            }
        }
        ws.set_freeze_panes(1, 0)?;
        ws.autofilter(0, 0, batch.duplicates.len().max(1) as u32, 8)?;
        for (c, w) in [10, 24, 30, 6, 50, 24, 30, 6, 50].iter().enumerate() {
            ws.set_column_width(c as u16, *w)?;
        }
    }
    {
        let ws = wb.add_worksheet().set_name("未复核")?;
        ws.write_with_format(0, 0, "文件或路径", &head)?;
        ws.write_with_format(0, 1, "原因", &head)?;
        let mut row = 1u32;
        for (path, why) in &batch.skipped {
            ws.write_string(row, 0, path)?;
            ws.write_string(row, 1, why)?;
            row += 1;
        }
        for r in batch.reports.iter().filter(|r| matches!(r.status, Status::Unreadable(_))) {
            ws.write_string(row, 0, &r.file)?;
            ws.write_string(row, 1, r.status.zh())?;
            row += 1;
        }
        ws.set_column_width(0, 50)?;
        ws.set_column_width(1, 70)?;
    }
    {
        let ws = wb.add_worksheet().set_name("说明")?;
        ws.write_with_format(0, 0, "栏目或代码", &head)?;
        ws.write_with_format(0, 1, "含义", &head)?;
        let mut row = 1u32;
        for (name, what) in COLUMNS {
            ws.write_string(row, 0, *name)?;
            ws.write_string(row, 1, *what)?;
            row += 1;
        }
        for s in SIGNALS {
            ws.write_string(row, 0, format!("{} {}", s.code, s.title))?;
            ws.write_string(row, 1, s.explanation)?;
            row += 1;
        }
        ws.write_string(row, 0, "其他代码")?;
        ws.write_string(
            row,
            1,
            "A、C、G、N、P、T 开头的代码是 jixiao audit 的检查规则,用 jixiao explain 代码 查看说明",
        )?;
        ws.set_column_width(0, 30)?;
        ws.set_column_width(1, 100)?;
    }
    wb.save_to_buffer()
}

/// The batch as JSON for programs.
pub fn to_json(batch: &Batch) -> Value {
    let reports: Vec<Value> = by_priority(batch)
        .into_iter()
        .map(|r| {
            let (status, reason) = match &r.status {
                Status::Checked => ("checked", None),
                Status::NothingChecked => ("nothing_checked", None),
                Status::Unreadable(why) => ("unreadable", Some(why.clone())),
            };
            json!({
                "file": r.file,
                "status": status,
                "reason": reason,
                "kind": r.kind,
                "unit": r.unit,
                "year": r.year,
                "pages": r.pages.map(|p| p.count()),
                "pages_source": r.pages.map(|p| p.source()),
                "stated_total": r.stated_total.map(|d| d.to_string()),
                "stated_grade": r.stated_grade,
                "execution_rate": r.execution_rate.map(|d| d.round_dp(2).to_string()),
                "supported_total": r.supported_total.map(|d| d.to_string()),
                "errors": r.errors,
                "warnings": r.warnings,
                "priority": priority(r),
                "findings": r.findings.iter().map(|f| json!({
                    "code": f.code, "severity": f.severity, "message": f.message, "page": f.page, "line": f.line, "text": f.figure,
                })).collect::<Vec<_>>(),
                "signals": r.signals.iter().map(|s| json!({"code": s.code, "message": s.message})).collect::<Vec<_>>(),
            })
        })
        .collect();
    let skipped: Vec<Value> = batch.skipped.iter().map(|(p, why)| json!({"path": p, "reason": why})).collect();
    let place = |p: &crate::Place| {
        let r = &batch.reports[p.report];
        json!({"file": r.file, "unit": r.unit, "line": p.line, "text": p.excerpt})
    };
    let duplicates: Vec<Value> = batch
        .duplicates
        .iter()
        .map(|d| json!({"similarity": d.similarity, "a": place(&d.a), "b": place(&d.b)}))
        .collect();
    json!({"reports": reports, "skipped": skipped, "duplicates": duplicates})
}
