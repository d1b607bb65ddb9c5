//! 汇总: the sum, over the units below a node, of their stored records for a year — the
//! budget and final-account figures by functional class (预决算差异表), 部门收支, 三公经费,
//! 公用经费, staffing, and the count and share of targets met — computed exactly (decimal
//! arithmetic on the figures as typed), with the rule engine run on the summed record and each
//! of its findings naming the units whose own records break the same rule.
//!
//! Downloads: an xlsx workbook of the summed tables, and an Open Fiscal Data Package (a zip of
//! `datapackage.json` and `data/budget.csv`, FDP 0.3: the 预算数 column is the measure of phase
//! `approved`, the 决算数 column the measure of phase `executed`).
//!
//! Which fields are summed comes from the record schema (money and counts of the named
//! blocks), so a field added there is summed here.

use std::collections::BTreeMap;

use serde::Serialize;
use serde_json::{Value, json};

use crate::engine::schema::{self, Block, Kind, join};
use crate::engine::{self, Decimal, RecordView, Severity};
use crate::form;

/// The blocks of the department schema whose money and counts are summed, with the name of
/// the table they make in the roll-up.
const SUMMED_BLOCKS: &[(&str, &str)] = &[
    ("【部门收支】", "finance"),
    ("【公用经费】", "operating_expenses"),
    ("【“三公”经费】", "three_public"),
    ("【人员编制】", "staffing"),
    ("【车辆、退休人员与在编率】", "staffing"),
];

/// A unit that is summed (or not: a year with nothing saved, or a record that cannot be read).
#[derive(Debug, Clone, Serialize)]
pub struct UnitLine {
    /// Code.
    pub code: String,
    /// Name.
    pub name: String,
    /// 填报中 / 待审核 / 已通过.
    pub state: &'static str,
    /// Its record is in the sums.
    pub included: bool,
    /// Why not.
    pub note: Option<String>,
}

/// A summed field.
#[derive(Debug, Clone, Serialize)]
pub struct Line {
    /// The field's path (the same in every record).
    pub path: String,
    /// Its label.
    pub label: String,
    /// Its unit.
    pub unit: &'static str,
    /// The exact sum.
    pub value: String,
    /// How many units filled it in.
    pub units: usize,
}

/// A functional class of the 预决算差异表, summed.
#[derive(Debug, Clone, Serialize)]
pub struct ClassLine {
    /// 功能科目编码.
    pub code: String,
    /// 科目名称 (the first unit's).
    pub name: String,
    /// Σ 预算数 (万元).
    pub budget: String,
    /// Σ 决算数 (万元).
    pub actual: String,
    /// Σ 预算数 − Σ 决算数.
    pub variance: String,
    /// Σ 决算数 ÷ Σ 预算数, percent to two decimals.
    pub execution_rate: Option<String>,
    /// How many units have the class.
    pub units: usize,
}

/// A finding on the summed record, with the units that break the same rule.
#[derive(Debug, Clone, Serialize)]
pub struct SumFinding {
    /// Rule code.
    pub code: String,
    /// 错误 / 警告.
    pub severity: &'static str,
    /// Message.
    pub message: String,
    /// The units whose own records have a finding of the same rule at the same field.
    pub units: Vec<String>,
    /// No unit breaks the rule: every unit's figures are within their rounding tolerance and
    /// the difference on the sum is their roundings added up (the rules' tolerance is that of
    /// one record's figures).
    pub rounding: bool,
}

/// A unit's row of its 预算决算差异表: (unit code, unit name, class code, class name, 预算数,
/// 决算数).
pub type BudgetRow = (String, String, String, String, Option<Decimal>, Option<Decimal>);

/// The roll-up of a node for a year.
#[derive(Debug, Clone, Serialize)]
pub struct Rollup {
    /// The year.
    pub year: i64,
    /// The node's code.
    pub node: String,
    /// The node's name.
    pub node_name: String,
    /// The units below the node (itself included).
    pub units: Vec<UnitLine>,
    /// How many records are summed.
    pub summed: usize,
    /// 预决算差异表 by functional class, by code.
    pub budget: Vec<ClassLine>,
    /// Its 合计 row.
    pub budget_total: ClassLine,
    /// Tables of summed fields: finance, operating_expenses, three_public, staffing.
    pub tables: BTreeMap<&'static str, Vec<Line>>,
    /// Targets with a computable completion rate.
    pub targets: usize,
    /// Of which met (完成率 ≥ 100%).
    pub targets_met: usize,
    /// Their share, percent to two decimals.
    pub targets_met_share: Option<String>,
    /// Findings of the rules on the summed record.
    pub findings: Vec<SumFinding>,
    /// The per-unit, per-class rows of the budget table: (unit code, unit name, class code,
    /// class name, 预算数, 决算数), for the Fiscal Data Package.
    #[serde(skip)]
    pub budget_rows: Vec<BudgetRow>,
}

fn text(d: Decimal) -> String {
    d.to_string()
}

fn rate(num: Decimal, den: Decimal) -> Option<String> {
    if den.is_zero() { None } else { num.checked_div(den).map(|r| format!("{}%", engine::percent_text(r))) }
}

/// The units and their records to sum: (code, name, state, record JSON text if any).
pub type Input = (String, String, &'static str, Option<String>);

/// Sums the records of the units below a node. Pure: reads only what it is given.
pub fn rollup(year: i64, node: (&str, &str), inputs: Vec<Input>) -> Rollup {
    let dept = &schema::DEPT;
    // The fields summed, from the schema.
    let mut fields: Vec<(&'static str, String, &'static str)> = Vec::new();
    for section in dept.sections {
        for block in section.blocks {
            let Block::Form { title, columns, fields: fs } = block else { continue };
            let Some((_, table)) = SUMMED_BLOCKS.iter().find(|(t, _)| t == title) else { continue };
            for (base, _) in *columns {
                for f in fs.iter().filter(|f| matches!(f.kind, Kind::Money | Kind::Count)) {
                    let unit = if f.unit.is_empty() && f.kind == Kind::Money { "万元" } else { f.unit };
                    fields.push((table, join(base, f.key), unit));
                }
            }
        }
    }
    let mut units = Vec::new();
    let mut views: Vec<(String, String, Value, RecordView)> = Vec::new();
    for (code, name, state, rec) in inputs {
        let parsed = rec.as_deref().map(serde_json::from_str::<Value>);
        match parsed {
            Some(Ok(v)) if v.get("kind").and_then(Value::as_str) != Some("project_evaluation") => {
                let view = engine::record_view(dept, &v);
                units.push(UnitLine { code: code.clone(), name: name.clone(), state, included: true, note: None });
                views.push((code, name, v, view));
            }
            Some(Ok(_)) => {
                units.push(UnitLine {
                    code, name, state, included: false, note: Some("项目支出记录,不计入".into())
                })
            }
            Some(Err(_)) => {
                units.push(UnitLine { code, name, state, included: false, note: Some("记录无法读取".into()) })
            }
            None => units.push(UnitLine { code, name, state, included: false, note: Some("尚未填写".into()) }),
        }
    }
    // Summed fields.
    let mut tables: BTreeMap<&'static str, Vec<Line>> = BTreeMap::new();
    let mut summed_record = json!({"kind": "dept_evaluation", "header": {"department": node.1, "year": year}});
    for (table, path, unit) in &fields {
        let parts: Vec<Decimal> = views.iter().filter_map(|(_, _, _, v)| v.figure(path).map(|f| f.face)).collect();
        if parts.is_empty() {
            continue;
        }
        let sum: Decimal = parts.iter().copied().sum();
        let kind = dept.field(path).map(|f| f.kind);
        let value = if kind == Some(Kind::Count) {
            sum.to_string().parse::<u64>().map_or_else(|_| json!(text(sum)), |n| json!(n))
        } else {
            json!(text(sum))
        };
        form::path::set(&mut summed_record, path, Some(value));
        tables.entry(table).or_default().push(Line {
            label: form::label_of(dept, path).unwrap_or_else(|| path.clone()),
            path: path.clone(),
            unit,
            value: text(sum),
            units: parts.len(),
        });
    }
    // The budget table by functional class.
    let mut classes: BTreeMap<String, (String, Decimal, Decimal, usize)> = BTreeMap::new();
    let mut budget_rows = Vec::new();
    let (mut stated_budget, mut stated_actual, mut any_stated) = (Decimal::ZERO, Decimal::ZERO, false);
    for (code, name, record, view) in &views {
        let n = form::path::get(record, "budget_table.rows").and_then(Value::as_array).map_or(0, Vec::len);
        for i in 0..n {
            let Some(class) = view.text(&format!("budget_table.rows[{i}].code")) else { continue };
            let class_name = view.text(&format!("budget_table.rows[{i}].name")).unwrap_or_default();
            let b = view.figure(&format!("budget_table.rows[{i}].budget")).map(|f| f.face);
            let a = view.figure(&format!("budget_table.rows[{i}].actual")).map(|f| f.face);
            let e = classes
                .entry(class.trim().to_string())
                .or_insert_with(|| (class_name.clone(), Decimal::ZERO, Decimal::ZERO, 0));
            e.1 += b.unwrap_or_default();
            e.2 += a.unwrap_or_default();
            e.3 += 1;
            budget_rows.push((code.clone(), name.clone(), class.trim().to_string(), class_name, b, a));
        }
        for (path, acc) in
            [("budget_table.total.budget", &mut stated_budget), ("budget_table.total.actual", &mut stated_actual)]
        {
            if let Some(f) = view.figure(path) {
                *acc += f.face;
                any_stated = true;
            }
        }
    }
    let class_line = |code: String, name: String, b: Decimal, a: Decimal, units: usize| ClassLine {
        code,
        name,
        budget: text(b),
        actual: text(a),
        variance: text(b - a),
        execution_rate: rate(a, b),
        units,
    };
    let budget: Vec<ClassLine> =
        classes.iter().map(|(c, (n, b, a, k))| class_line(c.clone(), n.clone(), *b, *a, *k)).collect();
    let (tb, ta) = classes.values().fold((Decimal::ZERO, Decimal::ZERO), |(b, a), x| (b + x.1, a + x.2));
    let budget_total = class_line("合计".into(), String::new(), tb, ta, views.len());
    if !classes.is_empty() {
        let rows: Vec<Value> = classes
            .iter()
            .map(|(c, (n, b, a, _))| json!({"code": c, "name": n, "budget": text(*b), "actual": text(*a)}))
            .collect();
        summed_record["budget_table"] = json!({"rows": rows});
        if any_stated {
            // The totals the units state, summed: the rules compare them with the rows' sum.
            summed_record["budget_table"]["total"] =
                json!({"budget": text(stated_budget), "actual": text(stated_actual)});
        }
    }
    // Targets met.
    let (mut targets, mut met) = (0, 0);
    for (_, _, record, view) in &views {
        let n = record.get("targets").and_then(Value::as_array).map_or(0, Vec::len);
        for i in 0..n {
            let p = format!("targets[{i}].completion_rate_stated");
            let Some(r) = view.computed_at(&p).map(|f| f.face).or_else(|| view.figure(&p).map(|f| f.face)) else {
                continue;
            };
            targets += 1;
            if r >= Decimal::from(100) {
                met += 1;
            }
        }
    }
    let targets_met_share = rate(Decimal::from(met), Decimal::from(targets));
    // The rules on the sum; each finding names the units that break the same rule there.
    let summed_areas = ["finance.", "staffing.", "operating_expenses.", "three_public_expenses.", "budget_table."];
    let findings = match engine::check(serde_json::to_string_pretty(&summed_record).unwrap_or_default()) {
        Ok(c) => {
            let on_sum: Vec<_> =
                c.findings.into_iter().filter(|f| summed_areas.iter().any(|a| f.primary.path.starts_with(a))).collect();
            // Only when the sum breaks a rule are the units checked one by one.
            let per_unit: Vec<(String, Vec<(String, String)>)> = if on_sum.is_empty() {
                Vec::new()
            } else {
                use rayon::prelude::*;
                // Only the rules the sum breaks are run on each unit.
                let mut codes: Vec<&str> = on_sum.iter().map(|f| f.code.as_str()).collect();
                codes.sort_unstable();
                codes.dedup();
                views
                    .par_iter()
                    .map(|(_, name, record, _)| {
                        let found = engine::check_only(record.to_string(), &codes)
                            .map(|findings| {
                                findings.iter().map(|f| (f.code.clone(), schema::pattern_of(&f.primary.path))).collect()
                            })
                            .unwrap_or_default();
                        (name.clone(), found)
                    })
                    .collect()
            };
            on_sum
                .iter()
                .map(|f| {
                    let pattern = schema::pattern_of(&f.primary.path);
                    let same_field = |(code, p): &(String, String)| {
                        *code == f.code && (*p == pattern || f.primary.path.starts_with("budget_table"))
                    };
                    let units: Vec<String> =
                        per_unit.iter().filter(|(_, fs)| fs.iter().any(same_field)).map(|(n, _)| n.clone()).collect();
                    SumFinding {
                        code: f.code.clone(),
                        severity: if units.is_empty() {
                            "提示"
                        } else if f.severity == Severity::Error {
                            "错误"
                        } else {
                            "警告"
                        },
                        message: f.message.clone(),
                        rounding: units.is_empty(),
                        units,
                    }
                })
                .collect()
        }
        Err(_) => Vec::new(),
    };
    Rollup {
        year,
        node: node.0.to_string(),
        node_name: node.1.to_string(),
        summed: views.len(),
        units,
        budget,
        budget_total,
        tables,
        targets,
        targets_met: met,
        targets_met_share,
        findings,
        budget_rows,
    }
}

/// The titles of the summed tables.
pub fn table_title(name: &str) -> &'static str {
    match name {
        "finance" => "部门收支",
        "operating_expenses" => "公用经费",
        "three_public" => "“三公”经费",
        "staffing" => "人员编制、车辆与退休人员",
        _ => "其他",
    }
}

fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) { format!("\"{}\"", s.replace('"', "\"\"")) } else { s.to_string() }
}

/// The Fiscal Data Package's descriptor (FDP 0.3): one resource, `data/budget.csv`, with the
/// 预算数 as the measure of phase `approved` and the 决算数 as the measure of phase `executed`
/// (万元, so a factor of 10000 to 元), the unit as the administrative classification and the
/// 功能科目 as the functional classification.
pub fn datapackage(r: &Rollup) -> Value {
    let name: String = format!("jixiao-rollup-{}-{}", r.node, r.year)
        .to_ascii_lowercase()
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() || c == '-' || c == '_' || c == '.' { c } else { '-' })
        .collect();
    json!({
        "name": name,
        "title": format!("{} {} 年度预决算汇总", r.node_name, r.year),
        "description": format!("{} 及其下属单位 {} 年度部门整体支出绩效自评记录中预决算差异表的预算数与决算数(按功能分类科目,由 jixiao 汇总)。", r.node_name, r.year),
        "profile": "fiscal-data-package",
        "profiles": {"fiscal": "*", "tabular": "*"},
        "countryCode": "CN",
        "granularity": "aggregated",
        "fiscalPeriod": {"start": format!("{}-01-01", r.year), "end": format!("{}-12-31", r.year)},
        "resources": [{
            "name": "budget",
            "path": "data/budget.csv",
            "format": "csv",
            "mediatype": "text/csv",
            "encoding": "utf-8",
            "schema": {"fields": [
                {"name": "unit_code", "title": "单位代码", "type": "string"},
                {"name": "unit_name", "title": "单位名称", "type": "string"},
                {"name": "functional_code", "title": "功能分类科目编码", "type": "string"},
                {"name": "functional_name", "title": "功能分类科目名称", "type": "string"},
                {"name": "fiscal_year", "title": "年度", "type": "year"},
                {"name": "approved", "title": "预算数(万元)", "type": "number", "decimalChar": "."},
                {"name": "executed", "title": "决算数(万元)", "type": "number", "decimalChar": "."},
            ]},
        }],
        "model": {
            "measures": {
                "approved": {"source": "approved", "resource": "budget", "currency": "CNY", "factor": 10000, "direction": "expenditure", "phase": "approved", "title": "预算数"},
                "executed": {"source": "executed", "resource": "budget", "currency": "CNY", "factor": 10000, "direction": "expenditure", "phase": "executed", "title": "决算数"},
            },
            "dimensions": {
                "administrative-classification": {
                    "dimensionType": "classification",
                    "classificationType": "administrative",
                    "attributes": {
                        "code": {"source": "unit_code", "resource": "budget"},
                        "label": {"source": "unit_name", "resource": "budget", "labelfor": "code"},
                    },
                    "primaryKey": ["code"],
                },
                "functional-classification": {
                    "dimensionType": "classification",
                    "classificationType": "functional",
                    "attributes": {
                        "code": {"source": "functional_code", "resource": "budget"},
                        "label": {"source": "functional_name", "resource": "budget", "labelfor": "code"},
                    },
                    "primaryKey": ["code"],
                },
                "date": {
                    "dimensionType": "datetime",
                    "attributes": {"year": {"source": "fiscal_year", "resource": "budget"}},
                    "primaryKey": ["year"],
                },
            },
        },
    })
}

/// `data/budget.csv`: one row per unit and functional class, figures exactly as summed.
pub fn budget_csv(r: &Rollup) -> String {
    let mut out = String::from("unit_code,unit_name,functional_code,functional_name,fiscal_year,approved,executed\r\n");
    for (uc, un, cc, cn, b, a) in &r.budget_rows {
        let d = |x: &Option<Decimal>| x.map(text).unwrap_or_default();
        out.push_str(&format!(
            "{},{},{},{},{},{},{}\r\n",
            csv_field(uc),
            csv_field(un),
            csv_field(cc),
            csv_field(cn),
            r.year,
            d(b),
            d(a)
        ));
    }
    out
}

/// The Fiscal Data Package as a zip: `datapackage.json` and `data/budget.csv`.
pub fn fiscal_data_package(r: &Rollup) -> Result<Vec<u8>, String> {
    use std::io::Write;
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    let descriptor = serde_json::to_string_pretty(&datapackage(r)).map_err(|e| e.to_string())?;
    zip.start_file("datapackage.json", opts).map_err(|e| e.to_string())?;
    zip.write_all(descriptor.as_bytes()).map_err(|e| e.to_string())?;
    zip.start_file("data/budget.csv", opts).map_err(|e| e.to_string())?;
    zip.write_all(budget_csv(r).as_bytes()).map_err(|e| e.to_string())?;
    Ok(zip.finish().map_err(|e| e.to_string())?.into_inner())
}

/// The roll-up as an xlsx workbook: 预决算差异表, the summed tables, targets, units, findings.
/// Figures are numbers where a double holds them exactly as summed, else text.
pub fn workbook(r: &Rollup) -> Result<Vec<u8>, String> {
    use rust_xlsxwriter::{Format, Formula, Workbook, Worksheet};
    let e = |e: rust_xlsxwriter::XlsxError| e.to_string();
    let bold = Format::new().set_bold();
    let percent = Format::new().set_num_format("0.00%");
    let mut wb = Workbook::new();
    // Money in 万元 shown with its two decimals (8.00, not 8).
    let money = Format::new().set_num_format("0.00");
    let put_as = |ws: &mut Worksheet, row: u32, col: u16, v: &str, format: Option<&Format>| -> Result<(), String> {
        match v.parse::<f64>() {
            Ok(f)
                if f.is_finite()
                    && Decimal::try_from(f).ok().map(|d| d.normalize().to_string())
                        == v.parse::<Decimal>().ok().map(|d| d.normalize().to_string()) =>
            {
                match format {
                    Some(fmt) => ws.write_number_with_format(row, col, f, fmt).map(|_| ()).map_err(e),
                    None => ws.write_number(row, col, f).map(|_| ()).map_err(e),
                }
            }
            _ => ws.write_string(row, col, v).map(|_| ()).map_err(e),
        }
    };
    {
        let ws = wb.add_worksheet().set_name("预决算差异表").map_err(e)?;
        ws.write_string_with_format(0, 0, format!("{} {} 年度预决算差异表(汇总,万元)", r.node_name, r.year), &bold)
            .map_err(e)?;
        for (c, h) in
            ["功能科目编码", "科目名称", "预算数", "决算数", "预决算差异", "预算执行率", "单位数"].iter().enumerate()
        {
            ws.write_string_with_format(1, c as u16, *h, &bold).map_err(e)?;
        }
        for (i, l) in r.budget.iter().chain(std::iter::once(&r.budget_total)).enumerate() {
            let row = 2 + i as u32;
            ws.write_string(row, 0, &l.code).map_err(e)?;
            ws.write_string(row, 1, &l.name).map_err(e)?;
            put_as(ws, row, 2, &l.budget, Some(&money))?;
            put_as(ws, row, 3, &l.actual, Some(&money))?;
            put_as(ws, row, 4, &l.variance, Some(&money))?;
            // 执行率 as a formula on the row's own cells, shown as a percentage: a reviewer who
            // corrects a figure in the workbook sees the rate follow. The cached value is the
            // exact quotient, so a reader that does not recalculate shows the same.
            let n = row + 1;
            match (l.budget.parse::<Decimal>(), l.actual.parse::<Decimal>()) {
                (Ok(b), Ok(a)) if !b.is_zero() => {
                    let cached = a.checked_div(b).map(|q| q.round_dp(12).normalize().to_string()).unwrap_or_default();
                    let formula = Formula::new(format!("=IF(C{n}=0,\"\",D{n}/C{n})")).set_result(cached);
                    ws.write_formula_with_format(row, 5, formula, &percent).map_err(e)?;
                }
                _ => {
                    ws.write_string(row, 5, "").map_err(e)?;
                }
            }
            ws.write_number(row, 6, l.units as f64).map_err(e)?;
        }
        ws.set_column_width(1, 24).map_err(e)?;
    }
    for (name, lines) in &r.tables {
        let ws = wb.add_worksheet().set_name(table_title(name)).map_err(e)?;
        for (c, h) in ["项目", "单位", "合计", "填写单位数"].iter().enumerate() {
            ws.write_string_with_format(0, c as u16, *h, &bold).map_err(e)?;
        }
        for (i, l) in lines.iter().enumerate() {
            let row = 1 + i as u32;
            ws.write_string(row, 0, &l.label).map_err(e)?;
            ws.write_string(row, 1, l.unit).map_err(e)?;
            put_as(ws, row, 2, &l.value, (l.unit == "万元").then_some(&money))?;
            ws.write_number(row, 3, l.units as f64).map_err(e)?;
        }
        ws.set_column_width(0, 48).map_err(e)?;
    }
    {
        let ws = wb.add_worksheet().set_name("绩效目标").map_err(e)?;
        ws.write_string_with_format(0, 0, "可计算完成率的目标数", &bold).map_err(e)?;
        ws.write_number(0, 1, r.targets as f64).map_err(e)?;
        ws.write_string_with_format(1, 0, "已完成(完成率≥100%)", &bold).map_err(e)?;
        ws.write_number(1, 1, r.targets_met as f64).map_err(e)?;
        ws.write_string_with_format(2, 0, "完成比例", &bold).map_err(e)?;
        ws.write_string(2, 1, r.targets_met_share.as_deref().unwrap_or("—")).map_err(e)?;
        ws.set_column_width(0, 28).map_err(e)?;
    }
    {
        let ws = wb.add_worksheet().set_name("单位").map_err(e)?;
        for (c, h) in ["单位代码", "单位名称", "状态", "计入汇总", "说明"].iter().enumerate() {
            ws.write_string_with_format(0, c as u16, *h, &bold).map_err(e)?;
        }
        for (i, u) in r.units.iter().enumerate() {
            let row = 1 + i as u32;
            ws.write_string(row, 0, &u.code).map_err(e)?;
            ws.write_string(row, 1, &u.name).map_err(e)?;
            ws.write_string(row, 2, u.state).map_err(e)?;
            ws.write_string(row, 3, if u.included { "是" } else { "否" }).map_err(e)?;
            ws.write_string(row, 4, u.note.as_deref().unwrap_or("")).map_err(e)?;
        }
        ws.set_column_width(1, 30).map_err(e)?;
    }
    {
        let ws = wb.add_worksheet().set_name("规则检查").map_err(e)?;
        for (c, h) in ["规则", "级别", "问题", "相关单位"].iter().enumerate() {
            ws.write_string_with_format(0, c as u16, *h, &bold).map_err(e)?;
        }
        for (i, f) in r.findings.iter().enumerate() {
            let row = 1 + i as u32;
            ws.write_string(row, 0, &f.code).map_err(e)?;
            ws.write_string(row, 1, f.severity).map_err(e)?;
            ws.write_string(row, 2, &f.message).map_err(e)?;
            ws.write_string(row, 3, f.units.join("、")).map_err(e)?;
        }
        ws.set_column_width(2, 80).map_err(e)?;
    }
    wb.save_to_buffer().map_err(e)
}
