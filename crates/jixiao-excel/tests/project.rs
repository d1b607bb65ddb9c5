//! The project workbook (项目支出绩效自评表): a project record written and read back
//! unchanged, its findings the same as from the TOML and placed by cell, the template's
//! funding sources and required fields, and LibreOffice computing its formulas as jixiao does.

use jixiao_core::Record;
use jixiao_core::finding::Finding;
use jixiao_core::input::load_record;
use jixiao_core::load::Format;
use jixiao_core::project::ProjectRecord;
use jixiao_core::source::Place;
use jixiao_excel::{Imported, Limits, ReadError, export_project, import, template_project};

const FARMLAND: &str = include_str!("../../../examples/project-farmland-2024.toml");

fn project(text: &str) -> ProjectRecord {
    match load_record(text, Format::Toml).expect("record loads").record {
        Record::Project(p) => *p,
        Record::Dept(_) => panic!("project record"),
    }
}

fn read(bytes: &[u8]) -> Imported {
    match import("p.xlsx", bytes, &Limits::default()) {
        Ok(i) => i,
        Err(ReadError::Cells(issues)) => panic!("{issues:#?}"),
        Err(e) => panic!("{e}"),
    }
}

fn read_project(bytes: &[u8]) -> (ProjectRecord, Imported) {
    let im = read(bytes);
    match &im.loaded.record {
        Record::Project(p) => ((**p).clone(), im),
        Record::Dept(_) => panic!("the project workbook was read as a department's"),
    }
}

fn cell_of(im: &Imported, path: &str) -> String {
    match im.loaded.map.resolve(path) {
        Some((_, Place::Cell { sheet, cell })) => format!("'{sheet}'!{cell}"),
        other => panic!("{path}: {other:?}"),
    }
}

fn system() -> jixiao_core::system::IndicatorSystem {
    jixiao_core::system::builtin("mof-2020-project").expect("built in").expect("valid").system
}

fn essence(f: &[Finding]) -> Vec<(String, String, String)> {
    let mut v: Vec<_> = f.iter().map(|f| (f.code.clone(), f.message.clone(), f.primary.path.clone())).collect();
    v.sort();
    v
}

#[test]
fn a_project_round_trips_with_the_same_findings_placed_by_cell() {
    let record = project(FARMLAND);
    let sys = system();
    let (back, im) = read_project(&export_project(&record, Some(&sys)).expect("exports"));
    assert_eq!(back, record);
    assert!(im.findings.is_empty(), "{:#?}", im.findings);
    let from_toml = jixiao_rules::check(&Record::Project(Box::new(record)), Some(&sys));
    let from_xlsx = jixiao_rules::check(&im.loaded.record, Some(&sys));
    assert!(!from_toml.is_empty(), "the example has a missed indicator without its reason");
    assert_eq!(essence(&from_xlsx), essence(&from_toml));
    assert_eq!(cell_of(&im, "header.project"), "'项目基本信息'!B5");
    assert_eq!(cell_of(&im, "funds.total.actual"), "'项目资金'!B8");
    assert_eq!(cell_of(&im, "funds.parts[1].actual"), "'项目资金'!D16");
    assert_eq!(cell_of(&im, "indicators[1].actual"), "'绩效指标'!H6");
    assert_eq!(cell_of(&im, "indicators[1].deviation_reason"), "'绩效指标'!M6");
}

#[test]
fn the_template_offers_the_forms_funding_sources_and_asks_for_what_is_required() {
    let bytes = template_project(Some(&system())).expect("template");
    let Err(ReadError::Cells(issues)) = import("t.xlsx", &bytes, &Limits::default()) else {
        panic!("an empty template is not a record")
    };
    let said: Vec<String> = issues.iter().map(|i| format!("{} {}", i.place, i.message)).collect();
    for want in ["必填项“项目名称”未填写", "必填项“主管部门”未填写", "必填项“年度”未填写"]
    {
        assert!(said.iter().any(|s| s.contains(want)), "{want}: {said:#?}");
    }
    assert!(said.iter().all(|s| s.starts_with("'项目基本信息'!")), "{said:#?}");
    // Filled in: the funding sources are the form's, and the 10 points of 预算执行率.
    let mut filled = project(FARMLAND);
    filled.funds.parts.clear();
    let mut v = serde_json::to_value(&filled).expect("json");
    v["funds"]["parts"] = serde_json::json!([
        {"label": "财政拨款", "budget_initial": "600.00", "budget_full_year": "640.00", "actual": "608.00"},
        {"label": "其他资金"}
    ]);
    let filled: ProjectRecord = serde_json::from_value(v).expect("record");
    let (back, _) = read_project(&export_project(&filled, None).expect("exports"));
    let labels: Vec<&str> = back.funds.parts.iter().map(|p| p.label.as_str()).collect();
    assert_eq!(labels, ["财政拨款", "其他资金"]);
    assert_eq!(back.funds.total.max_points.map(|m| m.0.to_string()).as_deref(), Some("10"));
}

#[test]
fn a_stated_rate_that_disagrees_stays_as_stated_and_is_found() {
    let mut record = project(FARMLAND);
    // 608 ÷ 640 = 95.00%, stated 96.00%.
    record.funds.total.execution_rate_stated = Some(jixiao_core::value::Percent("96.00".parse().expect("decimal")));
    let (back, im) = read_project(&export_project(&record, None).expect("exports"));
    assert_eq!(back.funds.total.execution_rate_stated, record.funds.total.execution_rate_stated);
    let findings = jixiao_rules::check(&im.loaded.record, None);
    let a003: Vec<&Finding> = findings.iter().filter(|f| f.code == "A003").collect();
    assert_eq!(a003.len(), 1, "{findings:#?}");
    assert_eq!(cell_of(&im, &a003[0].primary.path), "'项目资金'!B9");
}

/// The execution rates are formulas; LibreOffice recalculates them to what jixiao computes, and
/// the workbook it saves reads back unchanged with no stale formula (W001).
#[test]
fn libreoffice_computes_the_project_workbooks_formulas_as_jixiao_does() {
    let mut record = project(FARMLAND);
    record.funds.total.execution_rate_stated = None;
    for p in &mut record.funds.parts {
        p.execution_rate_stated = None;
    }
    let dir = jixiao_testkit::scratch(env!("CARGO_TARGET_TMPDIR"), "excel-project-recalc");
    let file = dir.join("p.xlsx");
    std::fs::write(&file, export_project(&record, None).expect("exports")).expect("write");
    let out = dir.join("out");
    std::fs::create_dir_all(&out).expect("mkdir");
    let recalculated = jixiao_testkit::convert_with_soffice_recalculating(&file, "xlsx", &out);
    let bytes = std::fs::read(recalculated).expect("recalculated workbook");
    let (back, im) = read_project(&bytes);
    let stale: Vec<&Finding> = im.findings.iter().filter(|f| f.code == "W001").collect();
    assert!(stale.is_empty(), "{stale:#?}");
    assert_eq!(back, record);
    // The recalculated cells hold LibreOffice's results: 95.00%, 96.67%, 70.00%.
    use calamine::Reader as _;
    let mut wb = calamine::open_workbook_auto_from_rs(std::io::Cursor::new(bytes)).expect("opens");
    let range = wb.worksheet_range("项目资金").expect("sheet");
    let at = |r: u32, c: u32| range.get_value((r, c)).map(|v| format!("{v}")).unwrap_or_default();
    let rate = |s: String| format!("{:.4}", s.parse::<f64>().expect("a number"));
    assert_eq!(rate(at(8, 1)), "0.9500");
    assert_eq!(rate(at(14, 4)), "0.9667");
    assert_eq!(rate(at(15, 4)), "0.7000");
}
