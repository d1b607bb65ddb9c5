//! The 填报工作簿 end to end: records written and read back unchanged (the seed, the corrected
//! seed, generated records), the same findings as from the TOML located by cell, and every
//! kind of awkward or bad input.

mod support;

use std::io::{Read, Write};

use jixiao_core::Record;
use jixiao_core::finding::Finding;
use jixiao_core::input::load_record;
use jixiao_core::load::Format;
use jixiao_core::record::DeptRecord;
use jixiao_core::source::Place;
use jixiao_excel::{Imported, Limits, ReadError, export, import, template};
use proptest::prelude::*;
use rust_xlsxwriter::{Format as XFormat, Workbook};
use support::{basic, patch, patch_part};

const SEED: &str = include_str!("../../../examples/lechang-hrss-2024.toml");
const CORRECTED: &str = include_str!("../../../examples/lechang-hrss-2024-corrected.toml");

fn dept(text: &str) -> DeptRecord {
    match load_record(text, Format::Toml).expect("record loads").record {
        Record::Dept(d) => *d,
        Record::Project(_) => panic!("department record"),
    }
}

fn read(bytes: &[u8]) -> Imported {
    match import("t.xlsx", bytes, &Limits::default()) {
        Ok(i) => i,
        Err(ReadError::Cells(issues)) => panic!("{issues:#?}"),
        Err(e) => panic!("{e}"),
    }
}

fn read_dept(bytes: &[u8]) -> (DeptRecord, Imported) {
    let im = read(bytes);
    match &im.loaded.record {
        Record::Dept(d) => ((**d).clone(), im),
        Record::Project(_) => panic!("department record"),
    }
}

/// Empty text is "not filled" in a workbook: compare records with it removed.
fn without_empty_text(r: &DeptRecord) -> DeptRecord {
    let mut v = serde_json::to_value(r).expect("serialises");
    fn strip(v: &mut serde_json::Value) {
        match v {
            serde_json::Value::Object(m) => {
                m.retain(|_, x| !matches!(x, serde_json::Value::String(s) if s.is_empty()));
                m.values_mut().for_each(strip);
            }
            serde_json::Value::Array(a) => a.iter_mut().for_each(strip),
            _ => {}
        }
    }
    strip(&mut v);
    serde_json::from_value(v).expect("deserialises")
}

fn essence(f: &[Finding]) -> Vec<(String, String, Option<String>, Option<String>)> {
    let mut v: Vec<_> =
        f.iter().map(|f| (f.code.clone(), format!("{:?}", f.severity), f.stated.clone(), f.computed.clone())).collect();
    v.sort();
    v
}

fn cell_of(im: &Imported, path: &str) -> String {
    match im.loaded.map.resolve(path) {
        Some((_, Place::Cell { sheet, cell })) => format!("'{sheet}'!{cell}"),
        other => panic!("{path}: {other:?}"),
    }
}

#[test]
fn the_seed_round_trips_and_gives_the_same_findings_located_by_cell() {
    let record = dept(SEED);
    let (back, im) = read_dept(&export(&record, None).expect("exports"));
    assert_eq!(without_empty_text(&back), without_empty_text(&record));
    assert!(im.findings.is_empty(), "{:#?}", im.findings);
    let system = jixiao_core::system::builtin("gd-dept-2024").and_then(Result::ok).map(|s| s.system);
    let from_toml = jixiao_rules::check(&Record::Dept(Box::new(record)), system.as_ref());
    let from_xlsx = jixiao_rules::check(&im.loaded.record, system.as_ref());
    assert_eq!(essence(&from_xlsx), essence(&from_toml));
    // The 合计 the seed states, and the figure stated twice, are at their cells.
    assert_eq!(cell_of(&im, "budget_table.total.actual"), "'收支预决算'!D21");
    assert_eq!(cell_of(&im, "budget_table.rows[5].actual"), "'收支预决算'!D10");
    assert_eq!(cell_of(&im, "expenditure_structure.items[5].amount"), "'收支预决算'!C34");
    assert_eq!(cell_of(&im, "header.department"), "'基本情况'!B5");
}

#[test]
fn the_corrected_seed_round_trips_with_no_finding() {
    let record = dept(CORRECTED);
    let (back, im) = read_dept(&export(&record, None).expect("exports"));
    assert_eq!(without_empty_text(&back), without_empty_text(&record));
    let findings = jixiao_rules::check(&im.loaded.record, None);
    assert!(findings.is_empty() && im.findings.is_empty(), "{findings:#?} {:#?}", im.findings);
}

#[test]
fn the_checked_in_example_workbook_is_the_export_of_the_seed() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../examples/lechang-hrss-2024.xlsx");
    let bytes = std::fs::read(path).expect("examples/lechang-hrss-2024.xlsx is checked in");
    let (back, _) = read_dept(&bytes);
    assert_eq!(
        without_empty_text(&back),
        without_empty_text(&dept(SEED)),
        "regenerate: jixiao export examples/lechang-hrss-2024.toml -o examples/lechang-hrss-2024.xlsx"
    );
}

#[test]
fn the_template_lists_the_system_and_asks_for_what_is_required() {
    let system = jixiao_core::system::builtin("gd-dept-2024").and_then(Result::ok).map(|s| s.system).expect("system");
    let bytes = template(Some(&system)).expect("template");
    match import("模板.xlsx", &bytes, &Limits::default()) {
        Err(ReadError::Cells(issues)) => {
            let msgs: Vec<String> = issues.iter().map(|i| format!("{} {}", i.place, i.message)).collect();
            assert_eq!(msgs, ["'基本情况'!B5 必填项“部门名称”未填写", "'基本情况'!B6 必填项“年度”未填写"]);
        }
        other => panic!("{other:?}"),
    }
    // Its sheets, in order, and the system's indicators prefilled.
    let mut wb: calamine::Xlsx<_> = calamine::Reader::new(std::io::Cursor::new(bytes)).expect("opens");
    use calamine::Reader as _;
    assert_eq!(
        wb.sheet_names(),
        [
            "说明",
            "基本情况",
            "单位与人员",
            "收支预决算",
            "绩效目标",
            "三公经费与公用经费",
            "其他指标数据",
            "指标自评得分",
            "问题与建议"
        ]
    );
    let scores = wb.worksheet_range("指标自评得分").expect("sheet");
    let codes: Vec<String> = scores
        .rows()
        .filter_map(|r| r.first().map(|c| c.to_string()))
        .filter(|c| c.starts_with('A') || c.starts_with('B'))
        .collect();
    assert!(codes.len() >= 20 && codes.contains(&"B1.4".to_string()), "{codes:?}");
    assert!(scores.rows().any(|r| r.first().is_some_and(|c| *c == calamine::Data::String("指标代码".into()))));
}

// ------------------------------------------------------------------ generated records

fn text() -> impl Strategy<Value = String> {
    proptest::sample::select(vec![
        "按实际需要安排",
        "人员经费支出减少",
        "厉行节约,压减公用经费",
        "含上年结转",
        "见附件",
    ])
    .prop_map(String::from)
}

fn money() -> impl Strategy<Value = String> {
    (0i64..=99_999_999, 0u32..=2).prop_map(|(c, scale)| rust_decimal::Decimal::new(c, 2).round_dp(scale).to_string())
}

fn pct() -> impl Strategy<Value = String> {
    (0i64..=20_000, 0u32..=2).prop_map(|(c, scale)| format!("{}%", rust_decimal::Decimal::new(c, 2).round_dp(scale)))
}

prop_compose! {
    fn budget_row()(code in proptest::sample::select(vec!["201", "205", "206", "208", "210", "212", "213", "221", "229"]),
                    budget in money(), actual in money(), variance in proptest::option::of(money()),
                    rate in proptest::option::of(pct()), reason in proptest::option::of(text())) -> serde_json::Value {
        let name = jixiao_core::classes::by_code(code).map_or("", |c| c.name);
        let mut v = serde_json::json!({"code": code, "name": name, "budget": budget, "actual": actual});
        if let Some(x) = variance { v["variance_stated"] = x.into(); }
        if let Some(x) = rate { v["execution_rate_stated"] = x.into(); }
        if let Some(x) = reason { v["reason"] = x.into(); }
        v
    }
}

prop_compose! {
    fn target()(i in 0usize..6, dir in proptest::sample::select(vec![">=", "<=", "=", "定性"]), t in 1u32..5000, a in proptest::option::of(0u32..6000),
                at_least in any::<bool>(), rate in proptest::option::of(pct()), reason in proptest::option::of(text())) -> serde_json::Value {
        let names = ["城镇新增就业人数", "职业技能培训人次", "监察案件结案率", "农村公路养护里程", "义务教育巩固率", "群众满意度"];
        let mut v = serde_json::json!({"group": "业务", "name": names[i], "direction": dir});
        if dir == "定性" {
            v["target_text"] = format!("{}达到要求", names[i]).into();
        } else {
            v["target"] = t.to_string().into();
            v["unit"] = "人".into();
            if let Some(a) = a { v["actual"] = a.to_string().into(); }
            if at_least { v["actual_at_least"] = true.into(); }
            if let Some(r) = rate { v["completion_rate_stated"] = r.into(); }
        }
        if let Some(r) = reason { v["deviation_reason"] = r.into(); }
        v
    }
}

prop_compose! {
    fn record()(year in 2019u16..=2026, rows in proptest::collection::vec(budget_row(), 0..8).prop_map(|rows| {
                    let mut seen = std::collections::HashSet::new();
                    rows.into_iter().filter(|r| seen.insert(r["code"].as_str().unwrap_or("").to_string())).collect::<Vec<_>>()
                }),
                total in proptest::option::of((money(), money())), targets in proptest::collection::vec(target(), 0..6),
                budget in proptest::option::of(money()), last in proptest::option::of(money()), change in proptest::option::of(money()),
                staff in (proptest::option::of(0u32..50), proptest::option::of(0u32..50), proptest::option::of(0u32..10)),
                per_visit in proptest::option::of(money()), visits in proptest::option::of(1u32..500),
                parts in proptest::collection::vec((text(), money()), 0..3), complete in any::<bool>(),
                scores in proptest::collection::vec((proptest::sample::select(vec!["A1.1", "B1.4", "C1"]), 0u32..10, proptest::option::of(text())), 0..4),
                duties in proptest::collection::vec(text(), 0..3), listed in proptest::collection::vec(text(), 0..3),
                unit_kind in proptest::sample::select(vec!["行政", "参公", "事业", "其他"]), filed in proptest::option::of(1u32..28)) -> DeptRecord {
        let mut v = serde_json::json!({
            "kind": "dept_evaluation",
            "header": {"department": "某县农业农村局", "year": year, "filer": "李四", "phone": "0751-5550890"},
        });
        if let Some(d) = filed { v["header"]["filed_on"] = format!("{}-03-{d:02}", year + 1).into(); }
        if !duties.is_empty() { v["duties"] = duties.into(); }
        let mut fin = serde_json::Map::new();
        if let Some(b) = budget { fin.insert("budget_initial".into(), b.into()); }
        if let Some(l) = last { fin.insert("budget_last_year".into(), l.into()); }
        if let Some(c) = change { fin.insert("budget_change_stated".into(), c.into()); }
        v["finance"] = fin.into();
        if !rows.is_empty() || total.is_some() {
            let mut bt = serde_json::json!({"rows": rows});
            if let Some((b, a)) = total { bt["total"] = serde_json::json!({"budget": b, "actual": a}); }
            v["budget_table"] = bt;
        }
        if !targets.is_empty() { v["targets"] = targets.into(); }
        let (adm, inst, svc) = staff;
        let mut counts = serde_json::Map::new();
        if let Some(x) = adm { counts.insert("administrative".into(), x.into()); }
        if let Some(x) = inst { counts.insert("public_institution".into(), x.into()); }
        if let Some(x) = svc { counts.insert("service_staff".into(), x.into()); }
        v["staffing"] = serde_json::json!({"authorized": counts.clone(), "actual": counts});
        v["organization"] = serde_json::json!({"units": [{"name": "某某中心", "kind": unit_kind}]});
        if !listed.is_empty() {
            v["organization"]["budget_scope"] = serde_json::json!({"stated_total": listed.len() + 1, "includes_own_level": true, "listed": listed});
        }
        let mut tp = serde_json::json!({"budget": "15.90", "reception": "2.75"});
        if let Some(p) = per_visit { tp["reception_per_visit_stated"] = format!("{p}元").into(); }
        if let Some(n) = visits { tp["reception_visits"] = n.into(); }
        v["three_public_expenses"] = tp;
        if !parts.is_empty() {
            let ps: Vec<serde_json::Value> = parts.iter().map(|(l, x)| serde_json::json!({"label": l, "value": x})).collect();
            v["breakdowns"] = serde_json::json!([{"label": "发放补贴", "unit": "万元", "total": "100", "complete": complete, "parts": ps}]);
        }
        if !scores.is_empty() {
            let ss: Vec<serde_json::Value> = scores.iter().map(|(c, s, e)| {
                let mut x = serde_json::json!({"code": c, "self_score": s.to_string()});
                if let Some(e) = e { x["evidence"] = e.clone().into(); }
                x
            }).collect();
            v["scoring"] = serde_json::json!({"scores": ss});
        }
        serde_json::from_value(v).expect("generated record is valid")
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn generated_records_round_trip_unchanged(r in record()) {
        let (back, im) = read_dept(&export(&r, None).expect("exports"));
        prop_assert_eq!(&back, &r);
        prop_assert!(im.findings.is_empty(), "{:#?}", im.findings);
    }
}

// ------------------------------------------------------------------ awkward and bad input

/// A small workbook written cell by cell, its blocks where a filer might put them.
/// The cells a workbook that cannot be imported names, each as `'sheet'!cell message`.
fn cell_issues(bytes: &[u8]) -> Vec<String> {
    match import("t.xlsx", bytes, &Limits::default()) {
        Err(ReadError::Cells(issues)) => issues.iter().map(|i| format!("{} {}", i.place, i.message)).collect(),
        other => panic!("{other:?}"),
    }
}

fn workbook(build: impl FnOnce(&mut Workbook)) -> Vec<u8> {
    let mut wb = Workbook::new();
    build(&mut wb);
    wb.save_to_buffer().expect("workbook")
}

#[test]
fn numbers_typed_as_text_are_read_with_a_warning_at_their_cell() {
    let bytes = workbook(|wb| {
        let ws = wb.add_worksheet();
        ws.set_name("随便起的名字").expect("name");
        basic(ws, 0);
        ws.write_string(6, 0, "【部门收支】").expect("w");
        ws.write_string(7, 0, "项目").expect("w");
        ws.write_string(7, 1, "金额(万元)/比率").expect("w");
        ws.write_string(7, 2, "单位").expect("w");
        for (i, (label, value)) in [
            ("年初预算数", "1,234.50"),
            ("上年预算数", "１０００ "),
            ("预算增减率", "23.45%"),
            ("全年执行数(决算数)", "1234.5万元"),
        ]
        .iter()
        .enumerate()
        {
            ws.write_string(8 + i as u32, 0, *label).expect("w");
            ws.write_string(8 + i as u32, 1, *value).expect("w");
        }
    });
    let (r, im) = read_dept(&bytes);
    let f = &r.finance;
    assert_eq!(f.budget_initial.map(|a| a.value.to_string()).as_deref(), Some("1234.50"));
    assert_eq!(f.budget_last_year.map(|a| a.value.to_string()).as_deref(), Some("1000"));
    assert_eq!(f.budget_change_rate_stated.map(|p| p.0.to_string()).as_deref(), Some("23.45"));
    assert_eq!(f.actual.map(|a| a.value.to_string()).as_deref(), Some("1234.5"));
    let w: Vec<&str> = im.findings.iter().map(|f| f.message.as_str()).collect();
    assert_eq!(im.findings.len(), 4, "{w:#?}");
    assert!(
        w[0].starts_with("'随便起的名字'!B9“年初预算数”以文字形式填写了数字“1,234.50”,已按 1234.50 读取"),
        "{w:#?}"
    );
    assert!(im.findings.iter().all(|f| f.code == "W002"));
    // Blocks not in this workbook are named.
    assert!(im.notes.iter().any(|n| n.contains("找不到以下部分") && n.contains("【预决算差异表】")), "{:?}", im.notes);
}

#[test]
fn text_where_a_number_is_needed_stops_the_import_naming_every_cell() {
    let bytes = workbook(|wb| {
        let ws = wb.add_worksheet();
        basic(ws, 0);
        ws.write_string(6, 0, "【预决算差异表】").expect("w");
        for (c, h) in ["功能科目编码", "科目名称", "预算数(万元)", "决算数(万元)"].iter().enumerate()
        {
            ws.write_string(7, c as u16, *h).expect("w");
        }
        ws.write_string(8, 0, "208").expect("w");
        ws.write_string(8, 2, "约3000").expect("w");
        ws.write_number(8, 3, 2900.5).expect("w");
        ws.write_string(9, 0, "210").expect("w");
        ws.write_number(9, 2, 57.9).expect("w");
        ws.write_boolean(9, 3, true).expect("w");
    });
    assert_eq!(
        cell_issues(&bytes),
        [
            "'Sheet1'!C9 “预算数(万元)”应为金额(数字),实为“约3000”",
            "'Sheet1'!D10 “决算数(万元)”应为金额(数字),实为“TRUE”"
        ]
    );
}

#[test]
fn a_fraction_in_a_whole_number_cell_and_an_unknown_unit_are_named_at_their_cells() {
    let bytes = workbook(|wb| {
        let ws = wb.add_worksheet();
        basic(ws, 0);
        // 10.5 in a whole-number cell shown with no decimals (Excel shows 11).
        let whole = XFormat::new().set_num_format("0");
        ws.write_string(6, 0, "【车辆、退休人员与在编率】").expect("w");
        ws.write_string(7, 0, "项目").expect("w");
        ws.write_string(7, 1, "内容").expect("w");
        ws.write_string(8, 0, "退休人员(人)").expect("w");
        ws.write_number_with_format(8, 1, 10.5, &whole).expect("w");
        // A unit the 单位 column cannot name.
        ws.write_string(10, 0, "【部门收支】").expect("w");
        ws.write_string(11, 0, "项目").expect("w");
        ws.write_string(11, 1, "金额(万元)/比率").expect("w");
        ws.write_string(11, 2, "单位").expect("w");
        ws.write_string(12, 0, "年初预算数").expect("w");
        ws.write_number(12, 1, 100).expect("w");
        ws.write_string(12, 2, "万").expect("w");
    });
    assert_eq!(
        cell_issues(&bytes),
        [
            "'Sheet1'!C13 “年初预算数”的单位“万”无法识别,应为 万元、元 或 亿元",
            "'Sheet1'!B9 “退休人员(人)”应为不小于 0 的整数,实为 10.5",
        ]
    );
}

#[test]
fn every_missing_required_column_is_named_at_once() {
    let bytes = workbook(|wb| {
        let ws = wb.add_worksheet();
        basic(ws, 0);
        ws.write_string(6, 0, "【绩效目标】").expect("w");
        for (c, h) in ["指标类别", "指标名称", "方向", "目标值"].iter().enumerate() {
            ws.write_string(7, c as u16, *h).expect("w");
        }
        ws.write_string(8, 1, "城镇新增就业人数").expect("w");
        ws.write_number(8, 3, 2200).expect("w");
        ws.write_string(9, 0, "社保").expect("w");
        ws.write_string(9, 1, "参保人数").expect("w");
        ws.write_number(9, 3, 100).expect("w");
    });
    assert_eq!(
        cell_issues(&bytes),
        ["'Sheet1'!A9 必填项“指标类别”未填写", "'Sheet1'!C9 必填项“方向”未填写", "'Sheet1'!C10 必填项“方向”未填写",]
    );
}

#[test]
fn merged_group_cells_and_blank_rows_inside_a_table() {
    let bytes = workbook(|wb| {
        let ws = wb.add_worksheet();
        basic(ws, 0);
        ws.write_string(6, 0, "【绩效目标】").expect("w");
        for (c, h) in ["指标类别", "指标名称", "方向", "目标值", "单位", "实际完成值"].iter().enumerate()
        {
            ws.write_string(7, c as u16, *h).expect("w");
        }
        ws.merge_range(8, 0, 11, 0, "就业", &XFormat::new()).expect("merge");
        for (r, (name, t, a)) in [
            (8, ("城镇新增就业人数", 2200, 2558)),
            (9, ("再就业人数", 1500, 1744)),
            (11, ("困难人员就业人数", 330, 394)),
        ] {
            ws.write_string(r, 1, name).expect("w");
            ws.write_string(r, 2, "≥").expect("w");
            ws.write_number(r, 3, f64::from(t)).expect("w");
            ws.write_string(r, 4, "人").expect("w");
            ws.write_number(r, 5, f64::from(a)).expect("w");
        }
        // Row 11 (index 10) is blank.
    });
    let (r, _) = read_dept(&bytes);
    let got: Vec<(&str, &str, String)> = r
        .targets
        .iter()
        .map(|t| (t.group.as_str(), t.name.as_str(), t.actual.map(|a| a.0.to_string()).unwrap_or_default()))
        .collect();
    assert_eq!(
        got,
        [
            ("就业", "城镇新增就业人数", "2558".to_string()),
            ("就业", "再就业人数", "1744".into()),
            ("就业", "困难人员就业人数", "394".into())
        ]
    );
}

#[test]
fn a_date_in_a_text_cell_is_read_as_text_with_a_warning() {
    let bytes = workbook(|wb| {
        let ws = wb.add_worksheet();
        basic(ws, 0);
        ws.write_string(4, 0, "联系电话").expect("w");
        let d = rust_xlsxwriter::ExcelDateTime::from_ymd(2024, 5, 1).expect("date");
        ws.write_datetime_with_format(4, 1, &d, &XFormat::new().set_num_format("yyyy-mm-dd")).expect("w");
    });
    let (r, im) = read_dept(&bytes);
    assert_eq!(r.header.phone.as_deref(), Some("2024-05-01"));
    assert_eq!(im.findings.len(), 1);
    assert_eq!(im.findings[0].code, "W003");
    assert!(
        im.findings[0].message.starts_with("'Sheet1'!B5“联系电话”应为文字,单元格却是日期 2024-05-01"),
        "{}",
        im.findings[0].message
    );
}

/// The corrected seed without the figures the report states for derived cells: every such
/// cell of its workbook is a formula.
fn plain() -> DeptRecord {
    let mut r = dept(CORRECTED);
    if let Some(t) = r.budget_table.as_mut() {
        t.total = None;
        for row in &mut t.rows {
            row.variance_stated = None;
            row.execution_rate_stated = None;
        }
    }
    r
}

/// The export of the corrected seed with the cached result of the 合计 row's 差异 formula
/// changed, as if the sheet had been edited by a program that does not recalculate.
pub fn stale_workbook() -> Vec<u8> {
    let bytes = export(&plain(), None).expect("exports");
    let f = "<f>IF(OR(C21=\"\",D21=\"\"),\"\",C21-D21)</f>";
    patch(&bytes, "xl/worksheets/sheet4.xml", &format!("{f}<v>212.65</v>"), &format!("{f}<v>999</v>"))
}

#[test]
fn a_stale_formula_is_a_finding_at_its_cell() {
    let (_, im) = read_dept(&stale_workbook());
    assert_eq!(im.findings.len(), 1, "{:#?}", im.findings);
    let f = &im.findings[0];
    assert_eq!((f.code.as_str(), f.primary.path.as_str()), ("W001", "budget_table.total.variance"));
    assert!(
        f.message.starts_with("'收支预决算'!E21 的公式结果为 999,按单元格中的数字重新计算应为 212.65"),
        "{}",
        f.message
    );
}

#[test]
fn many_stale_formulas_are_one_finding_naming_the_cells() {
    // Every cached formula result of the budget sheet set to 999, as a program that writes
    // cells without recalculating would leave them.
    let bytes = export(&plain(), None).expect("exports");
    let stale = patch_part(&bytes, "xl/worksheets/sheet4.xml", |s| {
        let mut out = String::new();
        let mut rest = s;
        while let Some(i) = rest.find("</f><v>") {
            let j = i + "</f><v>".len();
            out.push_str(&rest[..j]);
            out.push_str("999");
            rest = &rest[j..];
            rest = &rest[rest.find("</v>").expect("value end")..];
        }
        out.push_str(rest);
        out
    });
    let (_, im) = read_dept(&stale);
    let w001: Vec<_> = im.findings.iter().filter(|f| f.code == "W001").collect();
    assert_eq!(w001.len(), 1, "{:#?}", im.findings);
    let m = &w001[0].message;
    assert!(m.contains("个公式的结果与按单元格中的数字重新计算的结果不符"), "{m}");
    assert!(m.contains("'收支预决算'!"), "{m}");
    assert!(m.contains(" 等。请在 Excel/WPS 中重新计算(按 F9)后保存"), "{m}");
}

#[test]
fn many_formulas_saved_without_results_are_one_finding_naming_the_cells() {
    // Every formula of the budget sheet without its cached result, as a program that writes
    // formulas without computing them (a script, some converters) leaves them.
    let bytes = export(&plain(), None).expect("exports");
    let strip = |s: &str, keep: usize| {
        let mut out = String::new();
        let mut rest = s;
        let mut seen = 0;
        while let Some(i) = rest.find("</f><v>") {
            seen += 1;
            let cut = seen > keep;
            let j = i + "</f>".len();
            out.push_str(&rest[..j]);
            rest = &rest[j..];
            if cut {
                rest = &rest[rest.find("</v>").expect("value end") + "</v>".len()..];
            }
        }
        out.push_str(rest);
        out
    };
    let (_, im) = read_dept(&patch_part(&bytes, "xl/worksheets/sheet4.xml", |s| strip(s, 0)));
    let w001: Vec<_> = im.findings.iter().filter(|f| f.code == "W001").collect();
    assert_eq!(w001.len(), 1, "{:#?}", im.findings);
    let m = &w001[0].message;
    assert!(m.contains("个公式没有保存计算结果(文件可能由不计算公式的程序生成):'收支预决算'!"), "{m}");
    assert!(m.contains(" 等。请在 Excel/WPS 中打开、重新计算后保存"), "{m}");
    // One formula without its result is said at its cell.
    let one = patch_part(&bytes, "xl/worksheets/sheet4.xml", |s| {
        let n = s.matches("</f><v>").count();
        strip(s, n - 1)
    });
    let (_, im) = read_dept(&one);
    let w001: Vec<_> = im.findings.iter().filter(|f| f.code == "W001").collect();
    assert_eq!(w001.len(), 1, "{:#?}", im.findings);
    assert!(
        w001[0].message.contains(" 的公式没有保存计算结果(文件可能由不计算公式的程序生成),按单元格中的数字计算应为 "),
        "{}",
        w001[0].message
    );
}

#[test]
fn renamed_and_reordered_sheets_are_found_by_their_titles() {
    let record = dept(CORRECTED);
    let bytes = export(&record, None).expect("exports");
    let renamed = patch(&bytes, "xl/workbook.xml", "name=\"收支预决算\"", "name=\"预决算(改名)\"");
    let (back, _) = read_dept(&renamed);
    assert_eq!(without_empty_text(&back), without_empty_text(&record));
}

#[test]
fn unreadable_workbooks_are_refused_with_the_reason() {
    let limits = Limits::default();
    let msg = |r: Result<Imported, ReadError>| match r {
        Err(e) => e.to_string(),
        Ok(_) => panic!("should be refused"),
    };
    // Not a workbook, or a broken one.
    assert!(msg(import("a.xlsx", b"hello", &limits)).contains("不是 Excel 工作簿"));
    let good = export(&dept(CORRECTED), None).expect("exports");
    assert!(msg(import("a.xlsx", &good[..good.len() / 2], &limits)).contains("损坏"));
    // Too large, and a zip that expands past the limit.
    let small = Limits { max_bytes: 1000, ..limits };
    assert!(msg(import("a.xlsx", &good, &small)).contains("超过文件大小上限(1000 字节)"));
    let bomb = {
        let mut z = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        let opts = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
        z.start_file("xl/worksheets/sheet1.xml", opts).expect("start");
        z.write_all(&vec![b' '; 3 * 1024 * 1024]).expect("write");
        z.finish().expect("finish").into_inner()
    };
    let tight = Limits { max_unzipped: 1024 * 1024, ..limits };
    assert!(
        msg(import("a.xlsx", &bomb, &tight)).contains("超过解压后大小上限(1 MiB)"),
        "{}",
        msg(import("a.xlsx", &bomb, &tight))
    );
    // A workbook that is not a 填报工作簿.
    let other = workbook(|wb| {
        wb.add_worksheet().write_string(0, 0, "别的表格").expect("w");
    });
    assert!(msg(import("a.xlsx", &other, &limits)).contains("找不到【基本信息】"));
}

#[test]
fn formulas_are_stored_with_their_results() {
    // The template's formulas hold jixiao's results, so readers that do not recalculate
    // (LibreOffice headless, calamine) see them.
    let bytes = export(&plain(), None).expect("exports");
    let mut wb: calamine::Xlsx<_> = calamine::Reader::new(std::io::Cursor::new(bytes)).expect("opens");
    use calamine::Reader as _;
    let sheet = wb.worksheet_range("收支预决算").expect("sheet");
    let formulas = wb.worksheet_formula("收支预决算").expect("formulas");
    assert_eq!(formulas.get_value((20, 4)).map(String::as_str), Some("IF(OR(C21=\"\",D21=\"\"),\"\",C21-D21)"));
    assert_eq!(sheet.get_value((20, 4)), Some(&calamine::Data::Float(212.65)));
}

// ------------------------------------------------------------------ as LibreOffice shows it

fn soffice_pdf(xlsx: &[u8], name: &str) -> Option<String> {
    let dir = jixiao_testkit::scratch(env!("CARGO_TARGET_TMPDIR"), &format!("excel-soffice/{name}"));
    let file = dir.join(format!("{name}.xlsx"));
    std::fs::write(&file, xlsx).expect("write");
    let pdf = jixiao_testkit::convert_with_soffice_recalculating(&file, "pdf", &dir);
    Some(jixiao_testkit::run(jixiao_testkit::program("pdftotext").arg(&pdf).arg("-")))
}

#[test]
fn libreoffice_shows_the_sheets_headers_and_computes_the_formulas() {
    let Some(text) = soffice_pdf(&template(None).expect("template"), "template") else { return };
    for want in [
        "填报工作簿",
        "【基本信息】",
        "【预决算差异表】",
        "功能科目编码",
        "预算执行率",
        "【绩效目标】",
        "【指标自评得分】",
        "【存在问题】",
    ] {
        assert!(text.contains(want), "{want}");
    }
    // The 差异 of the 合计 row is stored as 999; LibreOffice computes 212.65 from the cells.
    let Some(text) = soffice_pdf(&stale_workbook(), "stale") else { return };
    assert!(text.contains("212.65") && !text.contains("999"), "formulas were not recomputed");
    assert!(text.contains("93.61%") && text.contains("3,325.83"));
}

// ------------------------------------------------------------------ formulas as a spreadsheet computes them

/// A record with every figure the schema computes removed, so that each of those cells of its
/// workbook is a formula.
fn formulas_only(r: &DeptRecord) -> DeptRecord {
    let mut v = serde_json::to_value(r).expect("serialises");
    let view = jixiao_core::schema::view::RecordView::of_value(&jixiao_core::schema::DEPT, v.clone());
    for (pattern, field) in jixiao_core::schema::DEPT.fields() {
        if !field.computed {
            continue;
        }
        for path in view.expand(&pattern) {
            let (parent, key) = path.rsplit_once('.').unwrap_or(("", &path));
            let parent = if parent.is_empty() { Some(&mut v) } else { jixiao_pointer(&mut v, parent) };
            if let Some(serde_json::Value::Object(m)) = parent {
                m.remove(key);
            }
        }
    }
    serde_json::from_value(v).expect("still a record")
}

/// The JSON value at a concrete path (`budget_table.rows[2]`), mutable.
fn jixiao_pointer<'v>(v: &'v mut serde_json::Value, path: &str) -> Option<&'v mut serde_json::Value> {
    let mut pointer = String::new();
    for seg in path.split('.') {
        let (key, rest) = seg.split_once('[').map_or((seg, ""), |(k, r)| (k, r));
        pointer.push('/');
        pointer.push_str(key);
        for idx in rest.split('[').filter(|s| !s.is_empty()) {
            pointer.push('/');
            pointer.push_str(idx.trim_end_matches(']'));
        }
    }
    v.pointer_mut(&pointer)
}

/// Every formula of the workbook, recalculated by LibreOffice, gives what jixiao computes: the
/// workbook's formula text and the core's computation are one. A workbook recalculated and
/// saved by LibreOffice is read back with no stale-formula warning (W001), which import gives
/// for any formula whose result differs from jixiao's recomputation.
#[test]
fn libreoffice_computes_every_formula_as_jixiao_does() {
    let mut records = vec![formulas_only(&dept(CORRECTED)), formulas_only(&dept(SEED))];
    let mut runner = proptest::test_runner::TestRunner::deterministic();
    for _ in 0..3 {
        let r = proptest::strategy::ValueTree::current(&record().new_tree(&mut runner).expect("a generated record"));
        records.push(formulas_only(&r));
    }
    for (i, r) in records.iter().enumerate() {
        let dir = jixiao_testkit::scratch(env!("CARGO_TARGET_TMPDIR"), &format!("excel-recalc/{i}"));
        let file = dir.join("r.xlsx");
        std::fs::write(&file, export(r, None).expect("exports")).expect("write");
        let out = dir.join("out");
        std::fs::create_dir_all(&out).expect("mkdir");
        let recalculated = jixiao_testkit::convert_with_soffice_recalculating(&file, "xlsx", &out);
        let bytes = std::fs::read(recalculated).expect("recalculated workbook");
        let im = read(&bytes);
        let stale: Vec<&Finding> = im.findings.iter().filter(|f| f.code == "W001").collect();
        assert!(stale.is_empty(), "record {i}: {stale:#?}");
        let (back, _) = read_dept(&bytes);
        let (a, b) = (serde_json::to_value(&back).expect("json"), serde_json::to_value(r).expect("json"));
        assert_eq!(differences(&a, &b, ""), Vec::<String>::new(), "record {i} after LibreOffice saved it");
    }
}

/// The paths where two JSON values differ, with both values; a blank (absent, empty text, an
/// object with nothing filled) is a blank however written, as a workbook cannot tell them apart.
fn differences(a: &serde_json::Value, b: &serde_json::Value, at: &str) -> Vec<String> {
    use serde_json::Value;
    let blank = |v: &Value| match v {
        Value::Null => true,
        Value::String(s) => s.is_empty(),
        Value::Object(m) => m.is_empty(),
        _ => false,
    };
    match (a, b) {
        _ if blank(a) && blank(b) => Vec::new(),
        (Value::Object(x), Value::Object(y)) => {
            let keys: std::collections::BTreeSet<&String> = x.keys().chain(y.keys()).collect();
            keys.into_iter()
                .flat_map(|k| {
                    let n = Value::Null;
                    differences(x.get(k).unwrap_or(&n), y.get(k).unwrap_or(&n), &format!("{at}.{k}"))
                })
                .collect()
        }
        (Value::Array(x), Value::Array(y)) if x.len() == y.len() => {
            x.iter().zip(y).enumerate().flat_map(|(i, (p, q))| differences(p, q, &format!("{at}[{i}]"))).collect()
        }
        _ if a == b => Vec::new(),
        _ => vec![format!("{at}: {a} ≠ {b}")],
    }
}

/// The workbook shows every field of the record schema by its label: the template is made from
/// the schema, never from a second list.
#[test]
fn every_schema_label_appears_in_the_template() {
    use calamine::Reader as _;
    let bytes = template(None).expect("template");
    let mut wb: calamine::Xlsx<_> = calamine::Reader::new(std::io::Cursor::new(bytes)).expect("opens");
    let mut shown = std::collections::HashSet::new();
    for name in wb.sheet_names() {
        let range = wb.worksheet_range(&name).expect("sheet");
        for cell in range.used_cells() {
            if let calamine::Data::String(s) = cell.2 {
                shown.insert(s.clone());
            }
        }
    }
    // Hidden fields (no section shows them: a department's project files) are not in it.
    let hidden: Vec<String> =
        jixiao_core::schema::DEPT.hidden.iter().map(|(base, f)| jixiao_core::schema::join(base, f.key)).collect();
    for (path, field) in jixiao_core::schema::DEPT.fields().filter(|(p, _)| !hidden.contains(p)) {
        assert!(shown.contains(field.label), "{path}: “{}” is not in the template", field.label);
    }
    for section in jixiao_core::schema::DEPT.sections {
        assert!(wb.sheet_names().iter().any(|n| n == section.name), "no sheet {}", section.name);
        for block in section.blocks {
            assert!(shown.contains(block.title()), "no block {}", block.title());
        }
    }
}

#[test]
fn an_exported_workbook_is_well_formed_xml_whatever_the_record_text() {
    // Record files with control characters are refused at load; a record made in code is
    // written safely all the same.
    let mut d = dept(CORRECTED);
    d.header.department = "乐昌市\u{7}人社局<script>".into();
    d.header.filer = Some("心心\u{1}炎&\u{1f}".into());
    d.problems[0].title = "问题\u{b}一]]>".into();
    let system = jixiao_core::system::builtin("gd-dept-2024").and_then(Result::ok).map(|s| s.system);
    let bytes = export(&d, system.as_ref()).expect("exports");
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a zip");
    let names: Vec<String> = zip.file_names().flatten().map(String::from).collect();
    for n in names.iter().filter(|n| n.ends_with(".xml") || n.ends_with(".rels")) {
        let opts = roxmltree::ParsingOptions { allow_dtd: true, ..Default::default() };
        let mut xml = String::new();
        zip.by_name(n).expect("part").read_to_string(&mut xml).expect("utf-8");
        if let Err(e) = roxmltree::Document::parse_with_options(&xml, opts) {
            panic!("{n} is not well-formed XML: {e}");
        }
        assert!(!xml.chars().any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t')), "{n}");
    }
}

// ------------------------------------------------------------------ the workbook keeps working

/// The formula text of a cell of an exported sheet, if it holds one.
fn formula_at(bytes: &[u8], sheet: &str, row: u32, col: u32) -> Option<String> {
    use calamine::Reader as _;
    let mut wb: calamine::Xlsx<_> = calamine::Reader::new(std::io::Cursor::new(bytes.to_vec())).expect("opens");
    let f = wb.worksheet_formula(sheet).expect("formulas");
    f.get_value((row, col)).filter(|s| !s.is_empty()).cloned()
}

/// The text of every note of a sheet (`sheet4.xml`), by cell.
fn notes_of(bytes: &[u8], sheet: &str) -> std::collections::HashMap<String, String> {
    let mut zin = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("zip");
    let mut rels = String::new();
    zin.by_name(&format!("xl/worksheets/_rels/{sheet}.rels")).expect("rels").read_to_string(&mut rels).expect("read");
    let target = rels
        .split("<Relationship ")
        .find(|r| r.contains("/comments\""))
        .and_then(|r| r.split("Target=\"").nth(1))
        .and_then(|t| t.split('"').next())
        .expect("comments")
        .trim_start_matches("../");
    let mut xml = String::new();
    zin.by_name(&format!("xl/{target}")).expect("comments").read_to_string(&mut xml).expect("read");
    let mut out = std::collections::HashMap::new();
    for c in xml.split("<comment ref=\"").skip(1) {
        let cell = c.split('"').next().unwrap_or("").to_string();
        // The runs' text elements (`<t>` or `<t xml:space=…>`), not `<text>`.
        let text: String = c
            .split("<t")
            .skip(1)
            .filter(|t| t.starts_with('>') || t.starts_with(' '))
            .filter_map(|t| t.split_once('>'))
            .map(|(_, t)| t.split("</t>").next().unwrap_or(""))
            .collect();
        out.insert(cell, text);
    }
    out
}

#[test]
fn a_stated_figure_stays_a_formula_where_it_agrees_and_is_fixed_with_a_note_where_not() {
    let record = dept(SEED);
    let bytes = export(&record, None).expect("exports");
    let view = jixiao_core::schema::view::RecordView::dept(&record);
    // Every budget row's stated 差异 and 执行率, and the 合计 row's stated figures: a formula
    // when the formula shows the stated figure, else the figure (and a note either way).
    let notes = notes_of(&bytes, "sheet4.xml");
    let n = record.budget_table.as_ref().expect("table").rows.len() as u32;
    let mut cells: Vec<(String, u32, u32)> = Vec::new();
    for i in 0..n {
        cells.push((format!("budget_table.rows[{i}].variance_stated"), 4 + i, 4));
        cells.push((format!("budget_table.rows[{i}].execution_rate_stated"), 4 + i, 5));
    }
    let rows = sheet_rows(&bytes, "收支预决算");
    let total = rows.iter().position(|r| r.get(1).is_some_and(|c| c == "合计")).expect("合计 row") as u32;
    assert!(total >= 4 + n, "合计 at row {total}");
    for (key, col) in [("actual", 3), ("variance", 4), ("execution_rate", 5)] {
        cells.push((format!("budget_table.total.{key}"), total, col));
    }
    let (mut formulas, mut fixed) = (0, 0);
    for (path, row, col) in &cells {
        let Some(w) = view.written(path) else { continue };
        let cell = jixiao_excel::cells::a1(*row, *col);
        let computed = view.computed_as(path, jixiao_core::schema::view::Blanks::Spreadsheet).map(|c| c.0.face);
        let agrees = computed.is_some_and(|c| {
            c.round_dp_with_strategy(w.value.scale(), rust_decimal::RoundingStrategy::MidpointAwayFromZero) == w.value
        });
        let note = notes.get(&cell).unwrap_or_else(|| panic!("{cell}: no note"));
        assert!(note.starts_with(&format!("报告所称 {}", w.display())), "{cell}: {note}");
        let formula = formula_at(&bytes, "收支预决算", *row, *col);
        if agrees {
            formulas += 1;
            assert!(formula.is_some(), "{cell} should be a formula");
            assert!(note.contains("一致"), "{cell}: {note}");
        } else {
            fixed += 1;
            assert!(formula.is_none(), "{cell} should be fixed");
            assert!(note.contains("按本表数字计算为"), "{cell}: {note}");
        }
    }
    assert!(formulas > 5 && fixed >= 1, "{formulas} formulas, {fixed} fixed");
    // Read back, the record states what it stated.
    let (back, _) = read_dept(&bytes);
    assert_eq!(without_empty_text(&back), without_empty_text(&record));
}

/// A workbook recalculated by LibreOffice and read back.
fn recalculated(bytes: &[u8], name: &str) -> Vec<u8> {
    let dir = jixiao_testkit::scratch(env!("CARGO_TARGET_TMPDIR"), &format!("excel-recalc-{name}"));
    let file = dir.join("r.xlsx");
    std::fs::write(&file, bytes).expect("write");
    let out = dir.join("out");
    std::fs::create_dir_all(&out).expect("mkdir");
    std::fs::read(jixiao_testkit::convert_with_soffice_recalculating(&file, "xlsx", &out)).expect("recalculated")
}

#[test]
fn a_filled_workbook_recalculated_by_libreoffice_checks_clean() {
    let record = dept(CORRECTED);
    let bytes = recalculated(&export(&record, None).expect("exports"), "corrected");
    let (back, im) = read_dept(&bytes);
    assert!(im.findings.is_empty(), "{:#?}", im.findings);
    let findings = jixiao_rules::check(&im.loaded.record, None);
    assert!(findings.is_empty(), "{findings:#?}");
    assert_eq!(without_empty_text(&back), without_empty_text(&record));
}

#[test]
fn changing_one_figure_of_last_years_workbook_gives_one_finding_not_four() {
    // Last year's workbook (the corrected record, its totals, differences and rates stated and
    // all agreeing), one 决算数 changed and the workbook recalculated: the 合计, 差异 and 执行率
    // follow; only a figure stated elsewhere that the table no longer agrees with is a finding.
    let record = dept(CORRECTED);
    let bytes = export(&record, None).expect("exports");
    let changed = patch_part(&bytes, "xl/worksheets/sheet4.xml", |s| {
        let at = s.find("<c r=\"D7\"").expect("D7");
        let v = at + s[at..].find("<v>").expect("value") + 3;
        let end = v + s[v..].find("</v>").expect("end");
        format!("{}1000{}", &s[..v], &s[end..])
    });
    for (name, bytes) in [("as saved", changed.clone()), ("recalculated", recalculated(&changed, "changed"))] {
        let im = read(&bytes);
        let findings = jixiao_rules::check(&im.loaded.record, None);
        let arithmetic: Vec<&Finding> = findings.iter().filter(|f| f.code.starts_with('A')).collect();
        assert!(arithmetic.is_empty(), "{name}: {arithmetic:#?}");
        let errors = findings.iter().filter(|f| f.severity == jixiao_core::finding::Severity::Error).count();
        assert!(errors <= 1, "{name}: {findings:#?}");
    }
}

#[test]
fn a_number_typed_as_text_under_a_formula_is_named_not_press_f9() {
    let bytes = workbook(|wb| {
        let ws = wb.add_worksheet();
        basic(ws, 0);
        ws.write_string(6, 0, "【部门收支】").expect("w");
        ws.write_string(7, 0, "项目").expect("w");
        ws.write_string(7, 1, "金额(万元)/比率").expect("w");
        ws.write_string(8, 0, "年初预算数").expect("w");
        ws.write_string(8, 1, "1,234.50").expect("w");
        ws.write_string(9, 0, "上年预算数").expect("w");
        ws.write_number(9, 1, 1000).expect("w");
        ws.write_string(10, 0, "预算增减额").expect("w");
        ws.write_formula(10, 1, rust_xlsxwriter::Formula::new("=B9-B10").set_result("#VALUE!")).expect("w");
    });
    let (_, im) = read_dept(&bytes);
    let w001: Vec<&Finding> = im.findings.iter().filter(|f| f.code == "W001").collect();
    assert_eq!(w001.len(), 1, "{:#?}", im.findings);
    let m = &w001[0].message;
    assert!(m.contains("'Sheet1'!B9") && m.contains("以文字形式填写的数字") && !m.contains("F9"), "{m}");
}

#[test]
fn an_export_too_long_for_a_cell_names_the_field_and_writes_nothing() {
    let mut record = dept(CORRECTED);
    record.duties = vec!["职".repeat(40_000)];
    match export(&record, None) {
        Err(e) => {
            let m = e.to_string();
            assert!(m.contains("“职责”(duties[0],40000 个字符)") && m.contains("32767"), "{m}");
        }
        Ok(_) => panic!("a 40000-character cell was written"),
    }
}

/// The text of a sheet's cells, row by row.
fn sheet_rows(bytes: &[u8], sheet: &str) -> Vec<Vec<String>> {
    use calamine::Reader as _;
    let mut wb: calamine::Xlsx<_> = calamine::Reader::new(std::io::Cursor::new(bytes.to_vec())).expect("opens");
    let range = wb.worksheet_range(sheet).expect("sheet");
    range.rows().map(|r| r.iter().map(ToString::to_string).collect()).collect()
}

#[test]
fn the_self_score_sheet_shows_points_when_the_system_has_them() {
    let header_of = |bytes: &[u8]| -> Vec<String> {
        let rows = sheet_rows(bytes, "指标自评得分");
        let at = rows.iter().position(|r| r.first().is_some_and(|c| c == "【指标自评得分】")).expect("block");
        rows[at + 1].iter().filter(|c| !c.is_empty()).cloned().collect()
    };
    let system = jixiao_core::system::builtin("hn-dept-2018").and_then(Result::ok).map(|s| s.system).expect("system");
    let bytes = template(Some(&system)).expect("template");
    let header = header_of(&bytes);
    assert_eq!(&header[..4], ["指标代码", "指标名称", "分值", "自评得分"], "{header:?}");
    let rows = sheet_rows(&bytes, "指标自评得分");
    let with_points = system.indicators.iter().find(|i| i.max_points.is_some() && !i.adjustment).expect("points");
    let row = rows.iter().find(|r| r.first() == Some(&with_points.code)).expect("indicator row");
    assert_eq!(row[2], with_points.max_points.expect("points").to_string());
    // Read back, the column is not a field: the template asks only for the two required fields.
    assert!(matches!(import("t.xlsx", &bytes, &Limits::default()), Err(ReadError::Cells(i)) if i.len() == 2));
    // A system without points, or none: no column.
    let gd = jixiao_core::system::builtin("gd-dept-2024").and_then(Result::ok).map(|s| s.system).expect("system");
    assert!(!header_of(&template(Some(&gd)).expect("template")).contains(&"分值".to_string()));
    assert!(!header_of(&template(None).expect("template")).contains(&"分值".to_string()));
}

#[test]
fn each_sheet_names_its_own_unit_and_a_rate_shows_its_unit_once() {
    let bytes = template(None).expect("template");
    let title = |sheet: &str| sheet_rows(&bytes, sheet)[0][0].clone();
    assert_eq!(title("基本情况"), "基本情况(金额单位:万元)");
    assert_eq!(title("单位与人员"), "单位与人员");
    assert_eq!(title("绩效目标"), "绩效目标");
    assert_eq!(title("三公经费与公用经费"), "三公经费与公用经费(金额单位:万元;人均接待费单位:元)");
    assert_eq!(title("指标自评得分"), "指标自评得分(分值单位:分)");
    // 预算增减率 shows 71.43% in its cell: its unit column is empty; 年初预算数 says 万元.
    let rows = sheet_rows(&bytes, "基本情况");
    let unit_of = |label: &str| rows.iter().find(|r| r.first().is_some_and(|c| c == label)).map(|r| r[2].clone());
    assert_eq!(unit_of("预算增减率").as_deref(), Some(""));
    assert_eq!(unit_of("年初预算数").as_deref(), Some("万元"));
}

/// Every page of a PDF: (width, height) in points, and the smallest height of a word of
/// Chinese text on it (the CJK face's box is its size: 11 pt text gives a box 11.04 high; a
/// Latin face's box is smaller than its size, so those words are not measured).
#[allow(clippy::float_arithmetic)] // page geometry
fn pages_of(pdf: &std::path::Path) -> Vec<(f64, f64, f64)> {
    let html = jixiao_testkit::run(jixiao_testkit::program("pdftotext").arg("-bbox").arg(pdf).arg("-"));
    let num = |s: &str, key: &str| -> f64 {
        s.split(&format!("{key}=\""))
            .nth(1)
            .and_then(|v| v.split('"').next())
            .and_then(|v| v.parse().ok())
            .unwrap_or(0.0)
    };
    html.split("<page ")
        .skip(1)
        .map(|p| {
            let (w, h) = (num(p, "width"), num(p, "height"));
            let smallest = p
                .split("<word ")
                .skip(1)
                .filter(|wd| {
                    let text = wd.split_once('>').map_or("", |(_, t)| t.split("</word>").next().unwrap_or(""));
                    text.chars().any(|c| ('\u{4E00}'..='\u{9FFF}').contains(&c))
                })
                .map(|wd| num(wd, "yMax") - num(wd, "yMin"))
                .fold(f64::INFINITY, f64::min);
            (w, h, smallest)
        })
        .collect()
}

#[test]
#[allow(clippy::float_arithmetic)] // page geometry
fn every_sheet_prints_on_a4_one_page_wide_at_9_pt_or_more() {
    let system = jixiao_core::system::builtin("hn-dept-2018").and_then(Result::ok).map(|s| s.system).expect("system");
    let bytes = export(&dept(CORRECTED), Some(&system)).expect("exports");
    let dir = jixiao_testkit::scratch(env!("CARGO_TARGET_TMPDIR"), "excel-print");
    let file = dir.join("print.xlsx");
    std::fs::write(&file, &bytes).expect("write");
    let pdf = jixiao_testkit::convert_with_soffice(&file, "pdf", &dir);
    let pages = pages_of(&pdf);
    assert!(pages.len() >= 9, "{} pages", pages.len());
    for (i, (w, h, smallest)) in pages.iter().enumerate() {
        let a4 = ((w - 595.0).abs() < 2.0 && (h - 842.0).abs() < 2.0)
            || ((w - 842.0).abs() < 2.0 && (h - 595.0).abs() < 2.0);
        assert!(a4, "page {}: {w}×{h}", i + 1);
        assert!(*smallest >= 9.0, "page {}: text {smallest:.1} pt high", i + 1);
    }
    // The 说明 sheet prints whole on the first page: the second begins the next sheet.
    let page =
        |n: &str| jixiao_testkit::run(jixiao_testkit::program("pdftotext").args(["-f", n, "-l", n]).arg(&pdf).arg("-"));
    assert!(page("1").contains("填报工作簿"), "{}", page("1"));
    assert!(page("2").trim_start().starts_with("基本情况"), "{}", page("2"));
}
